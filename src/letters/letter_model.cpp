#include "letters/letter_model.hpp"

#include "domain/org_number.hpp"
#include "domain/text.hpp"

namespace granska::letters {
namespace {


class Checker {
 public:
  void Require(bool ok, std::string field, std::string message) {
    if (!ok) errors_.push_back({std::move(field), std::move(message)});
  }
  void RequireText(const std::string& value, std::string field) {
    Require(!domain::IsBlank(value), std::move(field), "must not be empty");
  }
  std::vector<domain::FieldError> Take() { return std::move(errors_); }

 private:
  std::vector<domain::FieldError> errors_;
};

void CheckCommon(const LetterModel& m, Checker& c) {
  c.RequireText(m.case_number, "case_number");
  c.RequireText(m.addressee.organisation_name, "addressee.organisation_name");
  c.Require(domain::OrgNumber::Parse(m.addressee.org_number).has_value(), "addressee.org_number",
            "must be a Swedish organisation number NNNNNN-NNNN with a valid check digit");
  if (m.addressee.contact_name) c.RequireText(*m.addressee.contact_name, "addressee.contact_name");
  c.RequireText(m.officer.name, "officer.name");
  c.RequireText(m.officer.title, "officer.title");
  if (m.delegation_reference) c.RequireText(*m.delegation_reference, "delegation_reference");

  const Subject& s = m.subject;
  c.Require(s.submitted_on <= m.decision_date, "subject.submitted_on", "must not be after the decision date");
  if (s.kind == domain::ApplicationKind::kGrant) {
    c.Require(s.grant_type.has_value(), "subject.grant_type", "a grant needs its type");
    c.Require(!s.booking.has_value(), "subject.booking", "a grant has no booking");
    if (s.amount_applied_sek)
      c.Require(*s.amount_applied_sek >= 0, "subject.amount_applied_sek", "must not be negative");
  } else {
    c.Require(s.booking.has_value(), "subject.booking", "a booking needs its premises and time");
    c.Require(!s.grant_type && !s.amount_applied_sek && !s.amount_granted_sek, "subject",
              "a booking has no grant type or amounts");
    if (s.booking) {
      c.RequireText(s.booking->premises_name, "subject.booking.premises_name");
      c.RequireText(s.booking->event_title, "subject.booking.event_title");
      c.Require(s.booking->start < s.booking->end, "subject.booking.end", "must be after the start");
    }
  }
}

void CheckReasons(const LetterModel& m, Checker& c) {
  c.RequireText(m.reasons.officer_reasons, "reasons.officer_reasons");
  for (std::size_t i = 0; i < m.reasons.criteria.size(); ++i) {
    const AppliedCriterion& a = m.reasons.criteria[i];
    const std::string at = "reasons.criteria[" + std::to_string(i) + "]";
    c.RequireText(a.criterion, at + ".criterion");
    c.RequireText(a.title, at + ".title");
    c.RequireText(a.basis, at + ".basis");
    c.RequireText(a.facts, at + ".facts");
  }
  if (m.reasons.special_reasons) c.RequireText(*m.reasons.special_reasons, "reasons.special_reasons");
  if (m.advice) {
    c.RequireText(m.advice->summary, "advice.summary");
    c.Require(m.advice->given_on <= m.decision_date, "advice.given_on", "must not be after the letter's date");
  }
}

void CheckConditions(const LetterModel& m, Checker& c) {
  for (std::size_t i = 0; i < m.conditions.size(); ++i) {
    const std::string at = "conditions[" + std::to_string(i) + "]";
    c.RequireText(m.conditions[i].description, at + ".description");
    c.Require(m.conditions[i].due_on >= m.decision_date, at + ".due_on", "must not be before the decision date");
  }
}

void CheckCommunication(const LetterModel& m, Checker& c, bool required, bool material_required = true) {
  if (!m.communication) {
    c.Require(!required, "communication",
              m.type == LetterType::kRevocationDropped || m.type == LetterType::kRevocation
                  ? "needs the day the intended revocation was communicated and the reply date"
                  : "a kommunicering letter needs the material and the reply date");
    return;
  }
  const Communication& k = *m.communication;
  if (material_required) c.Require(!k.material.empty(), "communication.material", "must list what was communicated");
  for (std::size_t i = 0; i < k.material.size(); ++i)
    c.RequireText(k.material[i], "communication.material[" + std::to_string(i) + "]");
  c.Require(k.reply_by > k.sent_on, "communication.reply_by", "must be after the day it was sent");
  c.Require(k.sent_on <= m.decision_date, "communication.sent_on", "must not be after the letter's date");
  if (k.reply) {
    c.RequireText(k.reply->summary, "communication.reply.summary");
    c.Require(k.reply->received_on >= k.sent_on, "communication.reply.received_on",
              "must not be before the material was sent");
  }
}

void CheckRevocation(const LetterModel& m, Checker& c) {
  c.Require(m.revocation.has_value(), "revocation",
            m.type == LetterType::kRevocationDropped
                ? "needs the decision that stands, the breach and the repayment that had been considered"
            : m.type == LetterType::kRevocationAnnulled
                ? "needs the decision that applies again, the breach the revocation rested on and the repayment "
                  "claim that falls"
                : "needs the breach, the repayment and its due date");
  if (!m.revocation) return;
  const Revocation& r = *m.revocation;
  c.RequireText(r.breach, "revocation.breach");
  c.Require(r.repayment_sek >= 0, "revocation.repayment_sek", "must not be negative");
  if (r.repayment_sek > 0) {
    c.Require(m.subject.kind == domain::ApplicationKind::kGrant, "revocation.repayment_sek",
              "a repayment claim concerns a grant; a booking has nothing to repay");
    if (m.type == LetterType::kRevocation)
      c.Require(r.repayment_due_on && *r.repayment_due_on > m.decision_date, "revocation.repayment_due_on",
                "a repayment claim needs a due date after the letter's date");
  }
  c.Require(r.original_decision_on <= m.decision_date, "revocation.original_decision_on",
            "must not be after the letter's date");
}

// The decision that stands (revocation_dropped) or applies again (revocation_annulled): its
// amount, the clause it carries and its conditions still to be met.
void CheckStandingDecision(const LetterModel& m, Checker& c) {
  if (m.subject.amount_granted_sek)
    c.Require(*m.subject.amount_granted_sek > 0, "subject.amount_granted_sek", "must be positive");
  if (m.revocation_clause) c.RequireText(*m.revocation_clause, "revocation_clause");
  // The conditions of the standing decision still open: set when it was decided, so they may
  // be overdue by now, but not due before that decision.
  for (std::size_t i = 0; i < m.conditions.size(); ++i) {
    const std::string at = "conditions[" + std::to_string(i) + "]";
    c.RequireText(m.conditions[i].description, at + ".description");
    if (m.revocation)
      c.Require(m.conditions[i].due_on >= m.revocation->original_decision_on, at + ".due_on",
                "must not be before the decision that stands");
  }
}

// revocation_dropped: the besked that a communicated revocation is not pursued. Only what the
// letter shows is checked: the screening's criteria, advice and special reasons of the
// original case are not part of it.
void CheckRevocationDropped(const LetterModel& m, Checker& c) {
  c.RequireText(m.reasons.officer_reasons, "reasons.officer_reasons");
  CheckRevocation(m, c);
  CheckCommunication(m, c, true, false);
  if (m.communication) {
    const Communication& k = *m.communication;
    if (m.revocation)
      c.Require(k.sent_on >= m.revocation->original_decision_on, "communication.sent_on",
                "must not be before the decision that stands");
    if (k.reply)
      c.Require(k.reply->received_on <= m.decision_date, "communication.reply.received_on",
                "must not be after the letter's date");
  }
  CheckStandingDecision(m, c);
}

// revocation_annulled: the besked that the court has annulled the revocation decision, so the
// decision it revoked applies again. The court's judgment and the revocation it annulled are
// what the letter is about; no reasons of the municipality's own are given, and the
// kommunicering of the revocation is not recounted (so neither is checked).
void CheckRevocationAnnulled(const LetterModel& m, Checker& c) {
  CheckRevocation(m, c);
  c.Require(m.court_outcome.has_value(), "court_outcome",
            "needs the court, the judgment's date and the revocation decision it annulled");
  if (m.court_outcome) {
    const CourtOutcome& o = *m.court_outcome;
    c.RequireText(o.court, "court_outcome.court");
    if (o.court_case_number) c.RequireText(*o.court_case_number, "court_outcome.court_case_number");
    if (m.revocation)
      c.Require(o.revoked_on >= m.revocation->original_decision_on, "court_outcome.revoked_on",
                "must not be before the decision it revoked");
    c.Require(o.decided_on >= o.revoked_on, "court_outcome.decided_on",
              "must not be before the revocation decision it annulled");
    c.Require(o.decided_on <= m.decision_date, "court_outcome.decided_on", "must not be after the letter's date");
    if (m.subject.kind == domain::ApplicationKind::kBooking)
      c.Require(o.booking_restored.has_value(), "court_outcome.booking_restored",
                "a booking needs to say whether the booked time applies again");
    else
      c.Require(!o.booking_restored.has_value(), "court_outcome.booking_restored", "a grant has no booking to restore");
  }
  CheckStandingDecision(m, c);
}

// decision_annulled: the besked that the court has annulled the municipality's decision on the
// application (named by notice_of), which is therefore considered again. The court's judgment
// gives the reasons and the new decision will give its own: the municipality's reasons, the
// kommunicering, a revocation, the clause and court_outcome.revoked_on are not part of this
// letter (so none is checked).
void CheckDecisionAnnulled(const LetterModel& m, Checker& c) {
  c.Require(m.notice_of.has_value(), "notice_of", "names the decision the court annulled: its type and date");
  const NoticeOf* n = m.notice_of ? &*m.notice_of : nullptr;
  if (n) {
    c.Require(IsApproval(n->decision_type) || n->decision_type == LetterType::kRejection, "notice_of.decision_type",
              "must be the decision on the application: approval, approval_with_conditions or rejection");
    c.Require(n->decided_on >= m.subject.submitted_on, "notice_of.decided_on",
              "must not be before the application was submitted");
    c.Require(n->decided_on <= m.decision_date, "notice_of.decided_on", "must not be after the letter's date");
  }
  c.Require(m.court_outcome.has_value(), "court_outcome", "needs the court and the judgment's date");
  if (m.court_outcome) {
    const CourtOutcome& o = *m.court_outcome;
    c.RequireText(o.court, "court_outcome.court");
    if (o.court_case_number) c.RequireText(*o.court_case_number, "court_outcome.court_case_number");
    if (n)
      c.Require(o.decided_on >= n->decided_on, "court_outcome.decided_on",
                "must not be before the decision it annulled");
    c.Require(o.decided_on <= m.decision_date, "court_outcome.decided_on", "must not be after the letter's date");
    c.Require(!o.booking_restored.has_value(), "court_outcome.booking_restored",
              "an annulled decision restores no booking: the time applied for is considered again with the "
              "application");
  }
  if (!n) return;
  // What the annulled decision granted, and the conditions that lapse with it.
  const Subject& s = m.subject;
  if (s.amount_granted_sek) {
    c.Require(IsApproval(n->decision_type), "subject.amount_granted_sek",
              "only an annulled approval had granted an amount; a rejection granted nothing");
    c.Require(*s.amount_granted_sek > 0, "subject.amount_granted_sek", "must be positive");
    if (s.amount_applied_sek)
      c.Require(*s.amount_granted_sek <= *s.amount_applied_sek, "subject.amount_granted_sek",
                "must not exceed the amount applied for");
  }
  if (!m.conditions.empty())
    c.Require(n->decision_type == LetterType::kApprovalWithConditions, "conditions",
              "only an annulled approval_with_conditions had conditions that lapse with it");
  for (std::size_t i = 0; i < m.conditions.size(); ++i) {
    const std::string at = "conditions[" + std::to_string(i) + "]";
    c.RequireText(m.conditions[i].description, at + ".description");
    c.Require(m.conditions[i].due_on >= n->decided_on, at + ".due_on", "must not be before the annulled decision");
  }
}

}  // namespace

std::vector<domain::FieldError> Validate(const LetterModel& m) {
  Checker c;
  CheckCommon(m, c);
  const bool grant = m.subject.kind == domain::ApplicationKind::kGrant;
  switch (m.type) {
    case LetterType::kApproval:
    case LetterType::kApprovalWithConditions:
      CheckReasons(m, c);
      if (grant) {
        c.Require(m.subject.amount_granted_sek.has_value(), "subject.amount_granted_sek",
                  "an approved grant needs its amount");
        if (m.subject.amount_granted_sek) {
          c.Require(*m.subject.amount_granted_sek > 0, "subject.amount_granted_sek", "must be positive");
          if (m.subject.amount_applied_sek)
            c.Require(*m.subject.amount_granted_sek <= *m.subject.amount_applied_sek, "subject.amount_granted_sek",
                      "must not exceed the amount applied for");
        }
      }
      if (m.type == LetterType::kApproval)
        c.Require(m.conditions.empty(), "conditions", "an approval with conditions is approval_with_conditions");
      else
        c.Require(!m.conditions.empty(), "conditions", "approval_with_conditions needs at least one condition");
      CheckConditions(m, c);
      if (m.revocation_clause) c.RequireText(*m.revocation_clause, "revocation_clause");
      CheckCommunication(m, c, false);
      break;
    case LetterType::kRejection:
      CheckReasons(m, c);
      if (m.earlier_request) {
        const EarlierInformationRequest& r = *m.earlier_request;
        c.Require(!r.still_missing.empty(), "earlier_request.still_missing",
                  "must list what the application still lacks (a rejection as it stands)");
        for (std::size_t i = 0; i < r.still_missing.size(); ++i)
          c.RequireText(r.still_missing[i].title, "earlier_request.still_missing[" + std::to_string(i) + "].title");
        c.Require(r.requested_on < r.reply_by, "earlier_request.reply_by", "must be after the day of the request");
        c.Require(r.reply_by < m.decision_date, "earlier_request.reply_by",
                  "must be before the decision: the application is decided as it stands once the time has run out");
        if (r.supplemented_on)
          c.Require(!(*r.supplemented_on < r.requested_on), "earlier_request.supplemented_on",
                    "must not be before the request");
      }
      c.Require(!m.subject.amount_granted_sek, "subject.amount_granted_sek", "a rejection grants nothing");
      c.Require(m.conditions.empty(), "conditions", "a rejection has no conditions");
      CheckCommunication(m, c, false);
      break;
    case LetterType::kRevocation:
      CheckReasons(m, c);
      CheckRevocation(m, c);
      c.Require(m.revocation_clause.has_value(), "revocation_clause",
                "a revocation quotes the revocation clause of the original decision");
      if (m.revocation_clause) c.RequireText(*m.revocation_clause, "revocation_clause");
      // No revocation without kommunicering of the intended revocation (förvaltningslagen 25 §).
      CheckCommunication(m, c, true);
      break;
    case LetterType::kNeedsInfo: {
      c.Require(m.information_request.has_value(), "information_request", "needs the missing items and a reply date");
      if (m.information_request) {
        const InformationRequest& r = *m.information_request;
        c.Require(!r.missing.empty(), "information_request.missing", "must list at least one missing item");
        for (std::size_t i = 0; i < r.missing.size(); ++i) {
          const std::string at = "information_request.missing[" + std::to_string(i) + "]";
          c.RequireText(r.missing[i].title, at + ".title");
          c.RequireText(r.missing[i].description, at + ".description");
        }
        c.Require(r.reply_by > m.decision_date, "information_request.reply_by", "must be after the letter's date");
      }
      break;
    }
    case LetterType::kKommunicering:
      CheckReasons(m, c);
      CheckCommunication(m, c, true);
      if (m.communication)
        c.Require(!m.communication->reply, "communication.reply", "a kommunicering letter awaits the reply");
      c.Require(m.intended_outcome.has_value(), "intended_outcome",
                "a kommunicering letter states the intended decision");
      if (m.intended_outcome == IntendedOutcome::kApprovalWithConditions) {
        c.Require(!m.conditions.empty(), "conditions", "the intended conditions must be listed");
        CheckConditions(m, c);
        if (grant)
          c.Require(m.subject.amount_granted_sek.has_value(), "subject.amount_granted_sek", "the intended amount");
      }
      if (m.intended_outcome == IntendedOutcome::kPartialApproval) {
        c.Require(grant, "subject.kind", "a partial approval concerns a grant");
        c.Require(m.subject.amount_granted_sek.has_value(), "subject.amount_granted_sek", "the intended amount");
        if (m.subject.amount_granted_sek) {
          c.Require(*m.subject.amount_granted_sek > 0, "subject.amount_granted_sek", "must be positive");
          c.Require(m.subject.amount_applied_sek && *m.subject.amount_granted_sek < *m.subject.amount_applied_sek,
                    "subject.amount_granted_sek", "a partial approval grants less than was applied for");
        }
      }
      if (m.intended_outcome == IntendedOutcome::kRevocation) {
        CheckRevocation(m, c);
        // The intended revocation rests on the clause of the decision it would revoke, which the
        // letter quotes (förvaltningslagen 37 §).
        c.Require(m.revocation_clause.has_value(), "revocation_clause",
                  "an intended revocation quotes the revocation clause of the original decision");
        if (m.revocation_clause) c.RequireText(*m.revocation_clause, "revocation_clause");
      }
      break;
    case LetterType::kRevocationDropped:
      CheckRevocationDropped(m, c);
      break;
    case LetterType::kRevocationAnnulled:
      CheckRevocationAnnulled(m, c);
      break;
    case LetterType::kDecisionAnnulled:
      CheckDecisionAnnulled(m, c);
      break;
    case LetterType::kAppealNotice:
      c.Require(m.notice_of.has_value(), "notice_of", "names the decision the notice is about");
      c.Require(m.appeal.minutes_posted_on.has_value(), "appeal.minutes_posted_on",
                "a notice of the appeal period needs the posting date of the minutes");
      if (m.notice_of) {
        c.Require(IsDecision(m.notice_of->decision_type), "notice_of.decision_type",
                  "must be a decision that can be appealed");
        c.Require(m.notice_of->decided_on <= m.decision_date, "notice_of.decided_on",
                  "must not be after the letter's date");
        if (m.appeal.minutes_posted_on)
          c.Require(*m.appeal.minutes_posted_on >= m.notice_of->decided_on, "appeal.minutes_posted_on",
                    "must not be before the decision");
        if (m.notice_of->minutes_reference) c.RequireText(*m.notice_of->minutes_reference, "notice_of.minutes_reference");
        // A notice about a revocation names what was revoked (the kind of decision, its date) and
        // the repayment claimed, if any: the revocation itself.
        if (m.notice_of->decision_type == LetterType::kRevocation) {
          c.Require(m.revocation.has_value(), "revocation",
                    "a notice about a revocation names the revoked decision and the repayment claimed");
          if (m.revocation) {
            c.Require(m.revocation->original_decision_on <= m.notice_of->decided_on, "revocation.original_decision_on",
                      "must not be after the revocation");
            c.Require(m.revocation->repayment_sek >= 0, "revocation.repayment_sek", "must not be negative");
            c.Require(grant || m.revocation->repayment_sek == 0, "revocation.repayment_sek",
                      "a booking has nothing to repay");
          }
        } else {
          c.Require(!m.revocation.has_value(), "revocation", "only a notice about a revocation names one");
        }
      }
      break;
  }
  return c.Take();
}

}  // namespace granska::letters
