#include "workflow/letter_service.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <string_view>
#include <stdexcept>

#include "domain/digest.hpp"
#include "domain/json_text.hpp"
#include "letters/rule_text.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/authorization.hpp"

namespace granska::workflow {

using domain::Sha256Hex;
using letters::Language;
using letters::LetterType;

namespace {

// "2 ledamöter förordade bifall och 1 ledamot förordade avslag": the group's tally in words, in
// the order of the vocabulary, with the members who declared jäv.
std::string AdviceSummary(const std::vector<domain::Advice>& advice, bool en) {
  std::map<domain::AdviceRecommendation, int> counts;
  int recusals = 0;
  for (const auto& a : advice) {
    if (a.recusal)
      ++recusals;
    else if (a.recommendation)
      ++counts[*a.recommendation];
  }
  auto members = [en](int n) {
    return std::to_string(n) + (en ? (n == 1 ? " member" : " members") : (n == 1 ? " ledamot" : " ledamöter"));
  };
  auto what = [en](domain::AdviceRecommendation r) -> std::string {
    switch (r) {
      case domain::AdviceRecommendation::kApprove: return en ? "advised approval" : "förordade bifall";
      case domain::AdviceRecommendation::kApproveWithConditions:
        return en ? "advised approval with conditions" : "förordade bifall med villkor";
      case domain::AdviceRecommendation::kReject: return en ? "advised rejection" : "förordade avslag";
      case domain::AdviceRecommendation::kInsufficientBasis:
        return en ? "found the material insufficient to advise on" : "ansåg att underlaget inte räckte för ett råd";
    }
    return "";
  };
  std::vector<std::string> parts;
  for (const auto& [r, n] : counts) parts.push_back(members(n) + " " + what(r));
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i)
    joined += (i == 0 ? "" : i + 1 == parts.size() ? (en ? " and " : " och ") : ", ") + parts[i];
  std::string s = parts.empty() ? (en ? "No member of the cross-sectoral advisory group advised on the merits."
                                      : "Ingen ledamot av den tvärsektoriella arbetsgruppen lämnade råd i sak.")
                                : (en ? "The cross-sectoral advisory group gave its advice: " + joined + "."
                                      : "Den tvärsektoriella arbetsgruppen lämnade råd: " + joined + ".");
  if (recusals)
    s += " " + members(recusals) + (en ? " declared a conflict of interest (jäv)." : " anmälde jäv.");
  return s;
}

// A stored instant (the store writes UTC) as the municipality's clock shows it: the same
// moment with the offset of the configured zone (config `time.zone`, applied to the process by
// app::ApplyTimeZone) at that moment, so summer time is +02:00 and winter time +01:00 in
// Stockholm. A booked 10:00–16:00 is printed "kl. 10.00–16.00", not the UTC hours.
std::optional<domain::Instant> InMunicipalityZone(const std::string& iso_instant) {
  const auto at = domain::Instant::Parse(iso_instant);
  if (!at) return std::nullopt;
  const auto moment = static_cast<std::time_t>(at->EpochSeconds());
  std::tm local{};
  localtime_r(&moment, &local);
  return domain::Instant::FromEpochSeconds(at->EpochSeconds(), static_cast<int>(local.tm_gmtoff / 60));
}

// The court's judgment an annulment besked reports (revoked_on and booking_restored are the
// revocation's to fill in).
letters::CourtOutcome JudgmentOf(const domain::AppealRecord& appeal, domain::Date today) {
  letters::CourtOutcome court;
  court.court = appeal.court;
  if (!appeal.court_case_number.empty()) court.court_case_number = appeal.court_case_number;
  court.decided_on = appeal.outcome_on.value_or(today);
  return court;
}

}  // namespace

const std::string& LetterService::EnglishClause(domain::ApplicationKind kind) const {
  const auto& c = renderer_.Config();
  return kind == domain::ApplicationKind::kGrant ? c.revocation_clause_grant.en : c.revocation_clause_booking.en;
}

letters::LetterModel LetterService::Model(UnitOfWork& uow, std::int64_t case_id, LetterType type, Language lang) const {
  const bool en = lang == Language::kEn;
  const LetterFacts f = uow.Letters().Facts(case_id);
  letters::LetterModel m;
  m.type = type;
  m.language = lang;
  m.case_number = f.case_number;
  m.decision_date = clock_.Today();
  m.addressee.organisation_name = f.organisation_name;
  m.addressee.org_number = f.org_number;
  if (!f.contact_name.empty()) m.addressee.contact_name = f.contact_name;
  if (!f.contact_email.empty()) m.addressee.email = f.contact_email;
  m.subject.kind = f.kind;
  m.subject.submitted_on = f.submitted_on;
  if (f.kind == domain::ApplicationKind::kGrant) {
    m.subject.grant_type = domain::ParseGrantType(f.grant_type);
    m.subject.amount_applied_sek = f.amount_applied;
  } else {
    letters::BookingDetails b;
    b.premises_name = f.premises_name;
    if (auto s = InMunicipalityZone(f.booking_start)) b.start = *s;
    if (auto e = InMunicipalityZone(f.booking_end)) b.end = *e;
    // The event as the application names it (its purpose); a generic word only when it gave none.
    b.event_title = !f.booking_purpose.empty() ? f.booking_purpose : en ? "Booking of premises" : "Lokalbokning";
    m.subject.booking = b;
  }
  m.rule_set_version = f.rule_set_version;
  for (const auto& r : f.results) {
    if (type == LetterType::kNeedsInfo) continue;
    // A note (an unverified report, a circumstance for the officer's judgment) flags nothing and
    // is no ground of the decision: it is shown to the officer only, never in a public letter.
    if (r.outcome == "note") continue;
    // How the screening routed the case (a flag's paragraph marked letters::kRoutingMark, or the
    // shipped rules' earlier unmarked sentence) was true at screening but is no fact the decision
    // rests on: the criterion's facts leave it out; the rule's wording itself is unchanged.
    m.reasons.criteria.push_back({r.rule, en ? r.title_en : r.title_sv, r.basis,
                                  letters::WithoutRouting(en ? r.explanation_en : r.explanation_sv)});
  }
  if (f.decision) {
    const auto& d = *f.decision;
    m.decision_date = d.decided_on;
    m.officer.name = d.decided_by_name;
    m.delegation_reference = d.delegation_ref;
    m.reasons.officer_reasons = d.reasons;
    if (!d.special_reasons.empty()) m.reasons.special_reasons = d.special_reasons;
    if (d.amount_sek && f.kind == domain::ApplicationKind::kGrant) m.subject.amount_granted_sek = d.amount_sek;
    // The Swedish letter quotes the clause recorded with the decision (the municipality's
    // clause for the kind, revocation_clause.<kind>.sv, when it was decided); the English one
    // prints that clause's configured translation (revocation_clause.<kind>.en).
    if (!d.revocation_clause.empty()) m.revocation_clause = en ? EnglishClause(f.kind) : d.revocation_clause;
  }
  m.officer.title = en ? "Case officer" : "Handläggare";
  // A kommunicering is signed by whoever sent it, a request for more information by the officer
  // the case is assigned to (the decision's officer is for the decision letters).
  if (type == LetterType::kKommunicering && !f.communication_officer.empty()) m.officer.name = f.communication_officer;
  if (type == LetterType::kNeedsInfo) m.officer.name = f.assigned_officer;
  for (const auto& c : f.conditions) m.conditions.push_back({c.kind, c.description, c.due});
  if (f.advised_on) {
    auto referral = uow.Reviews().CurrentReferral(case_id);
    std::vector<domain::Advice> advice;
    if (referral) advice = uow.Reviews().AdviceFor(referral->id);
    m.advice = letters::AdvisorySummary{LocalDateOf(*f.advised_on), AdviceSummary(advice, en)};
  }
  if (f.communication) {
    const auto& c = *f.communication;
    letters::Communication comm;
    comm.sent_on = LocalDateOf(c.sent_at);
    comm.material.push_back(c.reasons);
    comm.reply_by = c.reply_by;
    if (c.reply_text)
      comm.reply = letters::ApplicantReply{LocalDateOf(c.replied_at.value_or(c.sent_at)), *c.reply_text};
    m.communication = comm;
    if (type == LetterType::kKommunicering) {
      m.decision_date = comm.sent_on;
      m.reasons.officer_reasons = c.reasons;
      // An intended approval is adverse only as a grant of less than was applied for (Communicate
      // accepts nothing else); the conditions it may carry are described in the reasons, as
      // conditions are recorded only with the decision. Older communications without an amount
      // are announced as the rejection they were before.
      const bool partial = c.intended_outcome != domain::DecisionOutcome::kRejected &&
                           f.kind == domain::ApplicationKind::kGrant && c.intended_amount_sek && f.amount_applied &&
                           *c.intended_amount_sek < *f.amount_applied;
      m.intended_outcome = partial ? letters::IntendedOutcome::kPartialApproval : letters::IntendedOutcome::kRejection;
      if (partial) m.subject.amount_granted_sek = c.intended_amount_sek;
    }
  }
  if (auto v = uow.Reviews().LatestRevocation(case_id);
      v && (type == LetterType::kRevocation || (type == LetterType::kKommunicering && v->status == "communicated") ||
            (type == LetterType::kRevocationDropped && v->status == "dropped") ||
            (type == LetterType::kRevocationAnnulled && v->status == "annulled"))) {
    letters::Revocation rev;
    rev.original_decision_on = f.decision ? f.decision->decided_on : f.submitted_on;
    rev.breach = v->breach;
    rev.repayment_sek = v->repayment_sek;
    rev.repayment_due_on = v->repayment_due;  // none is invented: only the decision sets one
    m.revocation = rev;
    // Signed by the officer who communicated, revoked or dropped it.
    if (!f.revocation_officer.empty()) m.officer.name = f.revocation_officer;
    // A revocation is a decision of its own, under its own point of the delegation rules.
    if (type == LetterType::kRevocation && !f.revocation_delegation_ref.empty())
      m.delegation_reference = f.revocation_delegation_ref;
    // The letters about a revocation rest on the breach and the decision's revocation clause. The
    // original application's screening criteria, the group's advice on it and the special reasons
    // for granting it were grounds for the support, not for withdrawing it: none is shown.
    m.reasons.criteria.clear();
    m.reasons.special_reasons.reset();
    m.advice.reset();
    if (f.decision && !f.decision->revocation_clause.empty())
      m.revocation_clause = en ? EnglishClause(f.kind) : f.decision->revocation_clause;
    m.conditions.clear();
    // The kommunicering of the intended revocation, which its own letter and the besked that
    // it is dropped (with the reply, if one came) both recount.
    letters::Communication comm;
    comm.sent_on = LocalDateOf(v->communicated_at);
    comm.material.push_back(v->breach);
    comm.reply_by = v->reply_by;
    if (type == LetterType::kRevocationDropped || type == LetterType::kRevocationAnnulled) {
      // The decision stands (again): its conditions still to be met go on as before. After an
      // annulment that is every condition not fulfilled or waived: those the revocation waived,
      // which the annulment reinstated as pending or overdue, and one recorded as breached, which
      // keeps that status but is part of the decision that applies again.
      for (const auto& c : f.conditions) {
        if (c.status == "pending" || c.status == "overdue")
          m.conditions.push_back({c.kind, c.description, c.due});
        else if (c.status == "breached" && type == LetterType::kRevocationAnnulled)
          m.conditions.push_back({c.kind, c.description, c.due, true});
      }
    }
    if (type == LetterType::kRevocationAnnulled) {
      // The court's judgment is filled in by IssueRevocationAnnulledLetters; the letter is dated
      // the day the outcome is recorded; the decision that applies again keeps its amount.
      m.decision_date = clock_.Today();
      m.reasons.officer_reasons.clear();
      m.reasons.special_reasons.reset();
    } else if (type == LetterType::kRevocationDropped) {
      m.decision_date = v->dropped_on.value_or(clock_.Today());
      m.reasons.officer_reasons = v->reasons;
      m.reasons.special_reasons.reset();
      if (v->reply_text)
        comm.reply = letters::ApplicantReply{LocalDateOf(v->replied_at.value_or(v->communicated_at)), *v->reply_text};
      m.communication = comm;
    } else if (type == LetterType::kRevocation) {
      // The decision recounts the revocation's own kommunicering and the organisation's reply
      // (förvaltningslagen 25 and 32 §§), never the application's kommunicering that preceded
      // the original decision, and names the amount that decision granted.
      m.decision_date = v->revoked_on.value_or(clock_.Today());
      m.reasons.officer_reasons = v->reasons;
      m.reasons.special_reasons.reset();
      if (v->reply_text)
        comm.reply = letters::ApplicantReply{LocalDateOf(v->replied_at.value_or(v->communicated_at)), *v->reply_text};
      m.communication = comm;
    } else {
      m.decision_date = comm.sent_on;
      m.intended_outcome = letters::IntendedOutcome::kRevocation;
      m.reasons.officer_reasons = v->breach;
      m.communication = comm;
    }
  }
  if (m.officer.name.empty()) m.officer.name = f.assigned_officer;
  if (m.officer.name.empty()) m.officer.name = en ? "The case officer" : "Handläggaren";
  // A rejection of an application that still lacks what its screening asked for recounts the
  // request that preceded it (the guard in Decide: made, naming all of it, its time run out).
  if (type == LetterType::kRejection) {
    std::vector<letters::MissingItem> still;
    for (const auto& r : f.results)
      if (r.outcome == "needs_info") still.push_back({r.rule, en ? r.title_en : r.title_sv, ""});
    auto asked = uow.Reviews().LatestInformationRequest(case_id);
    // (A case rejected on another ground before the request's time ran out says nothing of it.)
    if (asked && !still.empty() && asked->reply_by < m.decision_date) {
      letters::EarlierInformationRequest e;
      e.requested_on = LocalDateOf(asked->requested_at);
      e.reply_by = asked->reply_by;
      if (asked->supplemented_at) e.supplemented_on = LocalDateOf(*asked->supplemented_at);
      e.still_missing = std::move(still);
      m.earlier_request = e;
    }
  }
  if (type == LetterType::kNeedsInfo) {
    letters::InformationRequest req;
    // An issued request (not yet answered by a supplement) names its own rules, reply date and
    // the officer's words; before one is made, the draft proposes the screening's.
    auto asked = uow.Reviews().LatestInformationRequest(case_id);
    if (asked && asked->supplemented_at) asked.reset();
    for (const auto& r : f.results)
      if (r.outcome == "needs_info" &&
          (!asked || std::find(asked->rules.begin(), asked->rules.end(), r.rule) != asked->rules.end()))
        req.missing.push_back({r.rule, en ? r.title_en : r.title_sv, en ? r.explanation_en : r.explanation_sv});
    // The draft: three weeks from when the case was sent back, not from whenever it is viewed.
    req.reply_by = asked ? asked->reply_by
                         : (f.screened_on_submission_at ? LocalDateOf(*f.screened_on_submission_at) : clock_.Today())
                               .AddDays(21);
    if (asked) {
      req.message = asked->message;
      if (!asked->requested_by_name.empty()) m.officer.name = asked->requested_by_name;
    }
    m.information_request = req;
  }
  return m;
}

void LetterService::Issue(UnitOfWork& uow, std::int64_t case_id, LetterType type, const std::string& source,
                          const std::function<void(letters::LetterModel&)>& complete) const {
  for (Language lang : {Language::kSv, Language::kEn}) {
    auto model = Model(uow, case_id, type, lang);
    if (complete) complete(model);
    auto html = renderer_.RenderHtml(model);
    if (!html) {
      std::string why;
      for (const auto& e : html.Err().errors) why += " " + e.field + ": " + e.message + ";";
      throw std::logic_error("the letter for case " + model.case_number + " cannot be written:" + why);
    }
    uow.Letters().Archive(case_id, std::string(letters::ToString(type)), source, std::string(letters::ToString(lang)),
                          "html", *html, Sha256Hex(*html));
  }
  domain::JsonWriter d;
  d.BeginObject().Field("type", letters::ToString(type)).Field("source", source).EndObject();
  uow.Events().Append(case_id, domain::Actor{}, "letter_issued", d.Text());
}

void LetterService::IssueDecisionLetters(UnitOfWork& uow, std::int64_t case_id) const {
  auto d = uow.Reviews().FindDecision(case_id);
  if (!d) throw std::logic_error("IssueDecisionLetters without a decision");
  Issue(uow, case_id, letters::DecisionLetterType(d->outcome), "decision:" + std::to_string(d->id));
}

void LetterService::IssueCommunicationLetters(UnitOfWork& uow, std::int64_t case_id) const {
  auto c = uow.Reviews().LatestCommunication(case_id);
  if (!c) throw std::logic_error("IssueCommunicationLetters without a communication");
  Issue(uow, case_id, LetterType::kKommunicering, "communication:" + std::to_string(c->id));
}

void LetterService::IssueInformationRequestLetters(UnitOfWork& uow, std::int64_t case_id) const {
  auto r = uow.Reviews().LatestInformationRequest(case_id);
  if (!r) throw std::logic_error("IssueInformationRequestLetters without a request");
  Issue(uow, case_id, LetterType::kNeedsInfo, "information_request:" + std::to_string(r->id));
}

void LetterService::IssueRevocationLetters(UnitOfWork& uow, std::int64_t case_id, bool decided) const {
  auto v = uow.Reviews().LatestRevocation(case_id);
  if (!v) throw std::logic_error("IssueRevocationLetters without a revocation");
  Issue(uow, case_id, decided ? LetterType::kRevocation : LetterType::kKommunicering,
        (decided ? "revocation:" : "revocation-communication:") + std::to_string(v->id));
}

void LetterService::IssueRevocationDroppedLetters(UnitOfWork& uow, std::int64_t case_id) const {
  auto v = uow.Reviews().LatestRevocation(case_id);
  if (!v || v->status != "dropped") throw std::logic_error("IssueRevocationDroppedLetters without a dropped revocation");
  Issue(uow, case_id, LetterType::kRevocationDropped, "revocation-dropped:" + std::to_string(v->id));
}

void LetterService::IssueRevocationAnnulledLetters(UnitOfWork& uow, std::int64_t case_id,
                                                   const domain::AppealRecord& appeal,
                                                   std::optional<bool> booking_restored) const {
  auto v = uow.Reviews().LatestRevocation(case_id);
  if (!v || v->status != "annulled" || !v->revoked_on || v->id != appeal.appealed_id)
    throw std::logic_error("IssueRevocationAnnulledLetters without the annulled revocation of the appeal");
  Issue(uow, case_id, LetterType::kRevocationAnnulled, "revocation-annulled:" + std::to_string(v->id),
        [&](letters::LetterModel& m) {
          letters::CourtOutcome court = JudgmentOf(appeal, clock_.Today());
          court.revoked_on = *v->revoked_on;
          court.booking_restored = booking_restored;
          m.court_outcome = court;
        });
}

void LetterService::IssueDecisionAnnulledLetters(UnitOfWork& uow, std::int64_t case_id,
                                                 const domain::AppealRecord& appeal, const domain::Decision& annulled,
                                                 const std::vector<domain::Condition>& lapsed) const {
  if (appeal.appealed_kind != "decision" || appeal.appealed_id != annulled.id)
    throw std::logic_error("IssueDecisionAnnulledLetters without the annulled decision of the appeal");
  Issue(uow, case_id, LetterType::kDecisionAnnulled, "decision-annulled:" + std::to_string(annulled.id),
        [&](letters::LetterModel& m) {
          // The case has no decision now (Model dated the letter today and left the decision's
          // parts empty): the letter names the one the court annulled. The screening's
          // criteria, advice and kommunicering Model read are not part of this letter.
          if (!annulled.decided_by_name.empty()) m.officer.name = annulled.decided_by_name;
          m.notice_of = letters::NoticeOf{letters::DecisionLetterType(annulled.outcome), annulled.decided_on, std::nullopt};
          if (m.subject.kind == domain::ApplicationKind::kGrant && annulled.outcome != domain::DecisionOutcome::kRejected)
            m.subject.amount_granted_sek = annulled.amount_sek;
          m.conditions.clear();  // the standing decision's, of which there are none
          if (annulled.outcome == domain::DecisionOutcome::kApprovedWithConditions)
            for (const auto& c : lapsed) m.conditions.push_back({c.kind, c.description, c.due});
          m.court_outcome = JudgmentOf(appeal, clock_.Today());
        });
}

void LetterService::IssueAppealNotice(UnitOfWork& uow, std::int64_t case_id, const domain::MinutesPosting& p) const {
  LetterType decision_type = LetterType::kRevocation;
  auto d = uow.Reviews().FindDecision(case_id);
  std::optional<domain::Revocation> revoked;
  if (p.decision_kind == "decision") {
    if (!d) throw std::logic_error("IssueAppealNotice without a decision");
    decision_type = letters::DecisionLetterType(d->outcome);
  } else {
    revoked = uow.Reviews().FindRevocation(p.decision_ref);
    if (!revoked || !revoked->revoked_on) throw std::logic_error("IssueAppealNotice without the revocation decided");
  }
  const domain::Date today = clock_.Today();
  Issue(uow, case_id, LetterType::kAppealNotice, "appeal-notice:" + std::to_string(p.id), [&](letters::LetterModel& m) {
    m.decision_date = today;
    m.notice_of =
        letters::NoticeOf{decision_type, p.decided_on,
                          p.minutes_reference.empty() ? std::nullopt : std::optional<std::string>(p.minutes_reference)};
    m.appeal.minutes_posted_on = p.posted_on;
    if (revoked) {
      // What was revoked (a grant or a booking, the decision's date) and the repayment the
      // revocation claimed, if any: the notice names the decision it gives the last day for.
      letters::Revocation rev;
      rev.original_decision_on = d ? d->decided_on : m.subject.submitted_on;
      rev.breach = revoked->breach;
      rev.repayment_sek = revoked->repayment_sek;
      rev.repayment_due_on = revoked->repayment_due;
      m.revocation = rev;
    }
  });
}

domain::Result<LetterDocument> LetterService::Get(const domain::Actor& actor, std::int64_t case_id,
                                                  const std::string& lang, const std::string& format,
                                                  const std::string& type) const {
  // A letter carries the contact person's name, the reasons and the applicant's reply: it is
  // part of the case file, read by those who open the case file (as on the pages), never by
  // a member who declared jäv, and every reading is recorded like the case file's.
  domain::Error denied;
  if (!Authorize(actor.role, Action::kOpenCaseFile, denied)) return denied;
  std::vector<domain::FieldError> errors;
  if (lang != "sv" && lang != "en") errors.push_back({"lang", "must be sv or en"});
  if (format != "html" && format != "pdf") errors.push_back({"format", "must be html or pdf"});
  // A type asks for the latest letter of that type (the decision letter after a revocation has
  // been communicated, say); none asks for the latest letter of any type but appeal_notice.
  const bool notice = type == "appeal_notice";
  if (!type.empty() && !letters::ParseLetterType(type)) {
    std::string names;
    for (const auto& [t, name] : letters::AllLetterTypes())
      names += (names.empty() ? "" : ", ") + std::string(name);
    errors.push_back({"type", "must be one of " + names + ", or left out for the latest letter"});
  }
  if (!errors.empty()) return domain::Error::Validation(std::move(errors));
  std::optional<ArchivedLetter> html;
  std::string draft_html;
  {
    auto uow = db_.Begin();
    auto c = uow->Cases().FindSummary(case_id);
    if (!c) return domain::Error::NotFound("There is no case " + std::to_string(case_id) + ".");
    if (auto e = AuthorizeOnCase(actor.role, Action::kOpenCaseFile, Relation(*uow, actor, case_id), c->case_number))
      return *e;
    html = uow->Letters().Latest(case_id, lang, type);
    if (!html && notice)
      return domain::Error::NotFound("No appeal notice has been issued in case " + c->case_number +
                                     ": it is issued when the posting of the minutes is recorded.");
    // A needs_info letter is a draft until the case is decided: asked for by type, it is the
    // draft as below.
    if (!html && !type.empty() && type != "needs_info")
      return domain::Error::NotFound("No " + type + " letter has been issued in case " + c->case_number + ".");
    domain::JsonWriter read;
    read.BeginObject()
        .Field("type", html ? html->type : std::string("needs_info"))
        .Field("draft", !html.has_value())
        .Field("lang", lang)
        .Field("format", format)
        .EndObject();
    uow->Events().Append(case_id, actor, "letter_viewed", read.Text());
    if (html && format == "pdf") {
      if (auto pdf = uow->Letters().Find(case_id, html->source, lang, "pdf")) {
        uow->Commit();
        return LetterDocument{pdf->content, "application/pdf", pdf->sha256, false, pdf->type, pdf->issued_at};
      }
    }
    if (!html) {
      if (c->status != domain::CaseStatus::kNeedsInfo)
        return domain::Error::NotFound("No letter has been issued in case " + c->case_number +
                                       " yet: letters are issued when the case is decided or communicated.");
      auto model = Model(*uow, case_id, LetterType::kNeedsInfo, lang == "en" ? Language::kEn : Language::kSv);
      model.draft = true;
      auto rendered = renderer_.RenderHtml(model);
      if (!rendered) return rendered.Err();
      draft_html = *rendered;
    }
    uow->Commit();
  }
  if (!html) {
    if (format == "html")
      return LetterDocument{draft_html, "text/html; charset=utf-8", Sha256Hex(draft_html), true, "needs_info", ""};
    auto pdf = pdf_.Render(draft_html);
    if (!pdf) return pdf.Err();
    return LetterDocument{*pdf, "application/pdf", Sha256Hex(*pdf), true, "needs_info", ""};
  }
  if (format == "html")
    return LetterDocument{html->content, "text/html; charset=utf-8", html->sha256, false, html->type, html->issued_at};
  // First request for the PDF of an issued letter: made from the archived HTML, outside
  // any transaction, then archived; a concurrent request keeps whichever came first.
  auto pdf = pdf_.Render(html->content);
  if (!pdf) return pdf.Err();
  auto uow = db_.Begin();
  const bool archived = uow->Letters().Archive(case_id, html->type, html->source, lang, "pdf", *pdf, Sha256Hex(*pdf));
  auto stored = uow->Letters().Find(case_id, html->source, lang, "pdf");
  if (archived) {  // this request archived it, not a concurrent one
    domain::JsonWriter d;
    d.BeginObject()
        .Field("type", html->type)
        .Field("source", html->source)
        .Field("lang", lang)
        .Field("format", "pdf")
        .Field("sha256", stored->sha256)
        .EndObject();
    uow->Events().Append(case_id, domain::Actor{}, "letter_archived", d.Text());
  }
  uow->Commit();
  return LetterDocument{stored->content, "application/pdf", stored->sha256, false, stored->type, stored->issued_at};
}

}  // namespace granska::workflow
