#include "letters/view_builder.hpp"

#include "letters/appeal_deadline.hpp"
#include "letters/letter_format.hpp"
#include "letters/rule_text.hpp"
#include "letters/swedish_calendar.hpp"

namespace granska::letters {
namespace {

ViewData Paragraphs(std::string_view text) {
  ViewData::List items;
  for (auto& p : LetterFormat::Paragraphs(text)) items.push_back(ViewData().Set("text", std::move(p)));
  return ViewData(std::move(items));
}

ViewData Lines(const std::vector<std::string>& lines, const char* key) {
  ViewData::List items;
  for (const auto& l : lines) items.push_back(ViewData().Set(key, l));
  return ViewData(std::move(items));
}

void AddSubject(const LetterModel& m, const LetterFormat& f, ViewData& v) {
  const Subject& s = m.subject;
  const bool grant = s.kind == domain::ApplicationKind::kGrant;
  v.Set("is_grant", grant);
  v.Set("is_booking", !grant);
  const auto type = s.grant_type;
  v.Set("grant_activity", type == domain::GrantType::kActivity);
  v.Set("grant_project", type == domain::GrantType::kProject);
  v.Set("grant_premises", type == domain::GrantType::kPremises);
  v.Set("grant_start", type == domain::GrantType::kStart);
  v.Set("grant_event", type == domain::GrantType::kEvent);
  ViewData booking;
  if (s.booking) {
    booking.Set("premises_name", s.booking->premises_name)
        .Set("event_title", s.booking->event_title)
        .Set("period", f.Period(s.booking->start, s.booking->end));
  }
  v.Set("booking", Optional(s.booking.has_value(), std::move(booking)));
  v.Set("submitted_on", f.Date(s.submitted_on));
  v.Set("amount_applied", Optional(s.amount_applied_sek.has_value(),
                                   ViewData().Set("amount", f.Amount(s.amount_applied_sek.value_or(0)))));
}

void AddReasons(const LetterModel& m, const LetterFormat& f, ViewData& v) {
  ViewData::List criteria;
  for (const AppliedCriterion& c : m.reasons.criteria) {
    // The basis and the facts come from the rule's text and the screening's rendering of it: a
    // value left empty there ("(källa: dom, )") leaves no separator behind in the letter.
    criteria.push_back(ViewData()
                           .Set("criterion", c.criterion)
                           .Set("title", c.title)
                           .Set("basis", WithoutEmptyParts(c.basis))
                           .Set("facts", Paragraphs(WithoutEmptyParts(c.facts))));
  }
  v.Set("has_criteria", !criteria.empty());
  v.Set("criteria", ViewData(std::move(criteria)));
  v.Set("officer_reasons", Paragraphs(m.reasons.officer_reasons));
  v.Set("has_officer_reasons", !LetterFormat::Paragraphs(m.reasons.officer_reasons).empty());
  v.Set("has_special_reasons", m.reasons.special_reasons.has_value());
  v.Set("special_reasons", Paragraphs(m.reasons.special_reasons.value_or("")));
  ViewData advice;
  if (m.advice) advice.Set("given_on", f.Date(m.advice->given_on)).Set("paragraphs", Paragraphs(m.advice->summary));
  v.Set("advice", Optional(m.advice.has_value(), std::move(advice)));
}

ViewData Material(const Communication& k) {
  ViewData::List items;
  for (const auto& item : k.material) items.push_back(ViewData().Set("item", item));
  return ViewData(std::move(items));
}

// Whether two free texts say the same, paragraph for paragraph.
bool SameText(std::string_view a, std::string_view b) {
  const auto paragraphs = LetterFormat::Paragraphs(a);
  return !paragraphs.empty() && paragraphs == LetterFormat::Paragraphs(b);
}

// A kommunicering says each thing once: the officer's reasons under the reasons the decision
// may rest on, an intended revocation's breach under what has happened. The material list does
// not repeat either (a kommunicering recorded with its reasons as its material printed them under
// "Bedömning" and again under "Material"), and the reasons do not repeat the breach; the letter
// then says that the material is what is set out above.
void AddKommuniceringMaterial(const LetterModel& m, ViewData& v) {
  const std::string breach = m.revocation ? m.revocation->breach : std::string();
  v.Set("has_officer_reasons", !LetterFormat::Paragraphs(m.reasons.officer_reasons).empty() &&
                                   !(m.intended_outcome == IntendedOutcome::kRevocation &&
                                     SameText(m.reasons.officer_reasons, breach)));
  ViewData::List items;
  bool above = false;
  if (m.communication) {
    for (const auto& item : m.communication->material) {
      if (SameText(item, m.reasons.officer_reasons) || SameText(item, breach))
        above = true;
      else
        items.push_back(ViewData().Set("item", item));
    }
  }
  v.Set("material_listed", !items.empty());
  v.Set("material_above", above);
  v.Set("material", ViewData(std::move(items)));
}

void AddCommunication(const LetterModel& m, const LetterFormat& f, ViewData& v) {
  ViewData c;
  if (m.communication) {
    const Communication& k = *m.communication;
    ViewData reply;
    if (k.reply) reply.Set("received_on", f.Date(k.reply->received_on)).Set("paragraphs", Paragraphs(k.reply->summary));
    c.Set("sent_on", f.Date(k.sent_on))
        .Set("reply_by", f.Date(k.reply_by))
        .Set("material", Material(k))
        .Set("reply", Optional(k.reply.has_value(), std::move(reply)))
        // Without a reply: the time to respond had run out, or (a revocation dropped early)
        // the matter was closed before it did, when no reply was owed.
        .Set("no_reply", !k.reply.has_value() && !(m.decision_date < k.reply_by))
        .Set("closed_before_reply_by", !k.reply.has_value() && m.decision_date < k.reply_by);
  }
  v.Set("communication", Optional(m.communication.has_value(), std::move(c)));
}

// A rejection of an application that still lacks what it was asked for: the request, its
// reply date, whether a supplement came, and what is still missing.
void AddEarlierRequest(const LetterModel& m, const LetterFormat& f, ViewData& v) {
  ViewData r;
  if (m.earlier_request) {
    const EarlierInformationRequest& e = *m.earlier_request;
    ViewData::List missing;
    for (const MissingItem& item : e.still_missing)
      missing.push_back(ViewData()
                            .Set("rule", Optional(!item.criterion.empty(), ViewData().Set("id", item.criterion)))
                            .Set("title", item.title));
    r.Set("requested_on", f.Date(e.requested_on))
        .Set("reply_by", f.Date(e.reply_by))
        .Set("supplemented", Optional(e.supplemented_on.has_value(),
                                      ViewData().Set("supplemented_on", f.Date(e.supplemented_on.value_or(e.reply_by)))))
        .Set("not_supplemented", !e.supplemented_on.has_value())
        .Set("still_missing", ViewData(std::move(missing)));
  }
  v.Set("earlier_request", Optional(m.earlier_request.has_value(), std::move(r)));
}

void AddAppeal(const LetterModel& m, const MunicipalityConfig& cfg, const LetterFormat& f, ViewData& v) {
  const Language lang = m.language;
  v.Set("appeal_court", In(cfg.appeal_court, lang));
  v.Set("appeal_court_address", Lines(cfg.appeal_court_address, "line"));
  v.Set("appeal_notice_board", cfg.appeal_notice_board);
  v.Set("appeal_text", Paragraphs(In(cfg.appeal_text, lang)));
  // The decision the appeal concerns: this letter's, or the one a notice is about.
  v.Set("appeal_decided_on", f.Date(m.notice_of ? m.notice_of->decided_on : m.decision_date));
  ViewData deadline;
  if (m.appeal.minutes_posted_on) {
    const AppealDeadline d = AppealDeadline::From(*m.appeal.minutes_posted_on);
    deadline.Set("posted_on", f.Date(d.posted_on))
        .Set("last_day", f.Date(d.last_day))
        .Set("extended", Optional(d.Extended(), ViewData()
                                                    .Set("three_weeks", f.Date(d.three_weeks))
                                                    .Set("reason", std::string(SwedishCalendar::WhyNotDeadlineDay(
                                                                       d.three_weeks, lang == Language::kEn)))));
  }
  v.Set("appeal_deadline", Optional(m.appeal.minutes_posted_on.has_value(), std::move(deadline)));
  v.Set("appeal_deadline_unknown", !m.appeal.minutes_posted_on.has_value());
}

void AddGrantedAmount(const LetterModel& m, const LetterFormat& f, ViewData& v) {
  const Subject& s = m.subject;
  v.Set("amount_granted", Optional(s.amount_granted_sek.has_value(),
                                   ViewData().Set("amount", f.Amount(s.amount_granted_sek.value_or(0)))));
  const bool partly = s.amount_granted_sek && s.amount_applied_sek && *s.amount_granted_sek < *s.amount_applied_sek;
  ViewData part;
  if (partly) part.Set("applied", f.Amount(*s.amount_applied_sek)).Set("granted", f.Amount(*s.amount_granted_sek));
  v.Set("partly_rejected", Optional(partly, std::move(part)));
}

// overdue_before: also mark each condition whose last day is before that date ("overdue"), or
// that was recorded as breached ("breached").
void AddConditions(const LetterModel& m, const LetterFormat& f, ViewData& v,
                   std::optional<domain::Date> overdue_before = std::nullopt) {
  ViewData::List items;
  int n = 0;
  for (const Condition& c : m.conditions) {
    ViewData item;
    item.Set("number", std::to_string(++n))
        .Set("kind_activity_report", c.kind == domain::ConditionKind::kActivityReport)
        .Set("kind_financial_report", c.kind == domain::ConditionKind::kFinancialReport)
        .Set("kind_open_to_public", c.kind == domain::ConditionKind::kOpenToPublic)
        .Set("kind_inspection_access", c.kind == domain::ConditionKind::kInspectionAccess)
        .Set("kind_attendance_cap", c.kind == domain::ConditionKind::kAttendanceCap)
        .Set("kind_custom", c.kind == domain::ConditionKind::kCustom)
        .Set("description", Paragraphs(c.description))
        .Set("due_on", f.Date(c.due_on));
    if (overdue_before) item.Set("overdue", c.due_on < *overdue_before && !c.breached).Set("breached", c.breached);
    items.push_back(std::move(item));
  }
  v.Set("conditions", ViewData(std::move(items)));
}

void AddRevocationClause(const LetterModel& m, const MunicipalityConfig& cfg, ViewData& v) {
  const auto& standard =
      m.subject.kind == domain::ApplicationKind::kGrant ? cfg.revocation_clause_grant : cfg.revocation_clause_booking;
  v.Set("revocation_clause", Paragraphs(m.revocation_clause.value_or(In(standard, m.language))));
}

void AddRevocation(const LetterModel& m, const MunicipalityConfig& cfg, const LetterFormat& f, ViewData& v) {
  ViewData r;
  if (m.revocation) {
    const Revocation& x = *m.revocation;
    r.Set("original_decision_on", f.Date(x.original_decision_on))
        .Set("original_amount", Optional(m.subject.amount_granted_sek.has_value(),
                                         ViewData().Set("amount", f.Amount(m.subject.amount_granted_sek.value_or(0)))))
        .Set("breach", Paragraphs(x.breach))
        .Set("repayment_claim",
             Optional(x.repayment_sek > 0, ViewData()
                                               .Set("repayment", f.Amount(x.repayment_sek))
                                               .Set("due", Optional(x.repayment_due_on.has_value(),
                                                                    ViewData().Set("repayment_due_on",
                                                                                   f.Date(x.repayment_due_on.value_or(
                                                                                       domain::Date{})))))
                                               .Set("bankgiro", cfg.payment_bankgiro)));
  }
  v.Set("revocation", Optional(m.revocation.has_value(), std::move(r)));
}

// The court's judgment (revocation_annulled, decision_annulled): always an object, its case
// number a list of zero or one.
ViewData CourtOutcomeView(const CourtOutcome& o, const LetterFormat& f) {
  ViewData v;
  v.Set("court", o.court)
      .Set("court_case_number",
           Optional(o.court_case_number.has_value(), ViewData().Set("number", o.court_case_number.value_or(""))))
      .Set("decided_on", f.Date(o.decided_on));
  return v;
}

}  // namespace

ViewData ViewBuilder::Build(const LetterModel& m) const {
  const Language lang = m.language;
  const LetterFormat f(lang);
  const MunicipalityConfig& cfg = config_;
  ViewData v;

  v.Set("lang", std::string(ToString(lang)));
  v.Set("draft", m.draft);
  v.Set("letter_type", std::string(ToString(m.type)));
  v.Set("is_decision", IsDecision(m.type));
  for (const auto& [type, name] : AllLetterTypes()) v.Set("type_" + std::string(name), m.type == type);

  // Sender.
  v.Set("municipality_name", In(cfg.name, lang));
  v.Set("administration", In(cfg.administration, lang));
  v.Set("deciding_body", In(cfg.deciding_body, lang));
  v.Set("municipality_address", Lines(cfg.address_lines, "line"));
  std::string postal;
  for (const auto& line : cfg.address_lines) postal += (postal.empty() ? "" : ", ") + line;
  v.Set("municipality_postal_address", postal);
  v.Set("municipality_org_number", cfg.org_number);
  v.Set("municipality_phone", cfg.phone);
  v.Set("municipality_email", cfg.email);
  v.Set("municipality_website", cfg.website);
  v.Set("logo", Optional(!cfg.logo_data_uri.empty(), ViewData().Set("src", cfg.logo_data_uri)));

  // The case and the addressee.
  v.Set("case_number", m.case_number);
  v.Set("letter_date", f.Date(m.decision_date));
  v.Set("organisation_name", m.addressee.organisation_name);
  v.Set("org_number", LetterFormat::OrgNumber(m.addressee.org_number));
  v.Set("contact_name",
        Optional(m.addressee.contact_name.has_value(), ViewData().Set("name", m.addressee.contact_name.value_or(""))));
  v.Set("address_lines", Lines(m.addressee.address_lines, "line"));
  v.Set("addressee_email",
        Optional(m.addressee.email.has_value(), ViewData().Set("email", m.addressee.email.value_or(""))));
  v.Set("rule_set_version",
        Optional(m.rule_set_version.has_value(), ViewData().Set("version", m.rule_set_version.value_or(""))));
  AddSubject(m, f, v);

  // Who decided or handles the case, and how to reach them.
  v.Set("officer_name", m.officer.name);
  v.Set("officer_title", m.officer.title);
  v.Set("officer_email", m.officer.email.value_or(cfg.contact_email));
  v.Set("officer_phone", m.officer.phone.value_or(cfg.contact_phone));
  v.Set("delegation_reference", m.delegation_reference.value_or(In(cfg.delegation_reference, lang)));
  v.Set("contact_unit", In(cfg.contact_unit, lang));
  v.Set("contact_phone", cfg.contact_phone);
  v.Set("contact_email", cfg.contact_email);
  v.Set("contact_hours", In(cfg.contact_hours, lang));
  v.Set("privacy", Paragraphs(In(cfg.privacy_notice, lang)));
  v.Set("signature_unit", In(cfg.signature_unit, lang));
  v.Set("signature_note", In(cfg.signature_note, lang));

  switch (m.type) {
    case LetterType::kApproval:
    case LetterType::kApprovalWithConditions:
      AddReasons(m, f, v);
      AddCommunication(m, f, v);
      AddAppeal(m, cfg, f, v);
      AddGrantedAmount(m, f, v);
      AddRevocationClause(m, cfg, v);
      if (m.type == LetterType::kApprovalWithConditions) AddConditions(m, f, v);
      break;
    case LetterType::kRejection:
      AddReasons(m, f, v);
      AddEarlierRequest(m, f, v);
      AddCommunication(m, f, v);
      AddAppeal(m, cfg, f, v);
      break;
    case LetterType::kRevocation:
      AddReasons(m, f, v);
      AddCommunication(m, f, v);
      AddAppeal(m, cfg, f, v);
      AddRevocation(m, cfg, f, v);
      AddRevocationClause(m, cfg, v);
      break;
    case LetterType::kNeedsInfo: {
      ViewData::List missing;
      InformationRequest request = m.information_request.value_or(InformationRequest{});
      for (const MissingItem& item : request.missing) {
        missing.push_back(ViewData()
                              .Set("rule", Optional(!item.criterion.empty(), ViewData().Set("id", item.criterion)))
                              .Set("title", item.title)
                              .Set("description", Paragraphs(item.description)));
      }
      v.Set("missing_items", ViewData(std::move(missing)));
      v.Set("officer_message", Optional(!LetterFormat::Paragraphs(request.message).empty(),
                                        ViewData().Set("paragraphs", Paragraphs(request.message))));
      v.Set("reply_by", f.Date(request.reply_by));
      v.Set("consequence_decided_as_is", request.consequence == NeedsInfoConsequence::kDecidedAsIs);
      v.Set("consequence_not_considered", request.consequence == NeedsInfoConsequence::kNotConsidered);
      break;
    }
    case LetterType::kKommunicering: {
      AddReasons(m, f, v);
      const Communication k = m.communication.value_or(Communication{});
      v.Set("sent_on", f.Date(k.sent_on));
      v.Set("reply_by", f.Date(k.reply_by));
      AddKommuniceringMaterial(m, v);
      v.Set("intended_rejection", m.intended_outcome == IntendedOutcome::kRejection);
      v.Set("intended_conditions", m.intended_outcome == IntendedOutcome::kApprovalWithConditions);
      v.Set("intended_partial_approval", m.intended_outcome == IntendedOutcome::kPartialApproval);
      v.Set("intended_revocation", m.intended_outcome == IntendedOutcome::kRevocation);
      AddGrantedAmount(m, f, v);
      AddConditions(m, f, v);
      AddRevocation(m, cfg, f, v);
      // An intended revocation rests on the clause of the decision it would revoke.
      AddRevocationClause(m, cfg, v);
      break;
    }
    case LetterType::kRevocationDropped:
      v.Set("officer_reasons", Paragraphs(m.reasons.officer_reasons));
      AddCommunication(m, f, v);
      AddRevocation(m, cfg, f, v);
      AddConditions(m, f, v);
      v.Set("has_conditions", !m.conditions.empty());
      // The clause the standing decision carries, quoted only when the model has it: no
      // standard clause is put into a decision that may have been made without one.
      v.Set("standing_clause", Optional(m.revocation_clause.has_value(),
                                        ViewData().Set("paragraphs", Paragraphs(m.revocation_clause.value_or("")))));
      break;
    case LetterType::kRevocationAnnulled: {
      AddRevocation(m, cfg, f, v);
      const CourtOutcome o = m.court_outcome.value_or(CourtOutcome{});
      v.Set("court_outcome", CourtOutcomeView(o, f).Set("revoked_on", f.Date(o.revoked_on)));
      v.Set("booking_restored", o.booking_restored.value_or(false));
      v.Set("booking_not_restored", o.booking_restored.has_value() && !*o.booking_restored);
      // The conditions of the decision that applies again still to be met; those whose last
      // day passed while the revocation stood are marked ("overdue").
      AddConditions(m, f, v, m.decision_date);
      v.Set("has_conditions", !m.conditions.empty());
      // As for revocation_dropped: the clause quoted only when the model has it.
      v.Set("standing_clause", Optional(m.revocation_clause.has_value(),
                                        ViewData().Set("paragraphs", Paragraphs(m.revocation_clause.value_or("")))));
      break;
    }
    case LetterType::kDecisionAnnulled: {
      // The decision the court annulled, by its date and what it said; the judgment without
      // revoked_on (not used by this type).
      const NoticeOf n = m.notice_of.value_or(NoticeOf{});
      const bool approved = IsApproval(n.decision_type);
      v.Set("annulled_on", f.Date(n.decided_on));
      v.Set("annulled_approval", n.decision_type == LetterType::kApproval);
      v.Set("annulled_approval_with_conditions", n.decision_type == LetterType::kApprovalWithConditions);
      v.Set("annulled_rejection", n.decision_type == LetterType::kRejection);
      v.Set("annulled_approved", approved);
      v.Set("amount_granted", Optional(approved && m.subject.amount_granted_sek.has_value(),
                                       ViewData().Set("amount", f.Amount(m.subject.amount_granted_sek.value_or(0)))));
      v.Set("court_outcome", CourtOutcomeView(m.court_outcome.value_or(CourtOutcome{}), f));
      // The conditions of the annulled decision, which lapse with it.
      AddConditions(m, f, v);
      v.Set("has_conditions", !m.conditions.empty());
      break;
    }
    case LetterType::kAppealNotice: {
      const NoticeOf n = m.notice_of.value_or(NoticeOf{});
      ViewData notice;
      notice.Set("decided_on", f.Date(n.decided_on))
          .Set("of_approval", n.decision_type == LetterType::kApproval)
          .Set("of_approval_with_conditions", n.decision_type == LetterType::kApprovalWithConditions)
          .Set("of_rejection", n.decision_type == LetterType::kRejection)
          .Set("of_revocation", n.decision_type == LetterType::kRevocation)
          .Set("minutes_reference", Optional(n.minutes_reference.has_value(),
                                             ViewData().Set("text", n.minutes_reference.value_or(""))));
      v.Set("notice", std::move(notice));
      AddAppeal(m, cfg, f, v);
      // A notice about a revocation says what was revoked and what is to be repaid, if anything.
      AddRevocation(m, cfg, f, v);
      break;
    }
  }
  return v;
}

}  // namespace granska::letters
