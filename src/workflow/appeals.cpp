#include "workflow/appeals.hpp"

#include <stdexcept>

#include "domain/json_text.hpp"
#include "domain/person_name.hpp"
#include "domain/text.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/authorization.hpp"
#include "workflow/case_workflow.hpp"
#include "workflow/follow_up.hpp"
#include "workflow/letter_service.hpp"
#include "workflow/transitions.hpp"

namespace granska::workflow {

using domain::AppealOutcome;
using domain::CaseStatus;
using domain::Error;
using domain::FieldError;

namespace {

constexpr std::size_t kNameMax = 200, kCourtMax = 200, kCaseNumberMax = 100, kNoteMax = 4000;

// An optional text: not blank when given, and not too long.
void CheckOptionalText(const std::string& text, const std::string& field, std::size_t max,
                       std::vector<FieldError>& errors) {
  if (domain::HasFieldError(errors, field)) return;
  if (!text.empty() && domain::IsBlank(text))
    errors.push_back({field, "must not be blank; leave it out instead"});
  else if (text.size() > max)
    errors.push_back({field, "must be at most " + std::to_string(max) + " characters"});
}

std::string Describe(const domain::AppealRecord& a) {
  return a.court + (a.court_case_number.empty() ? std::string() : ", mål " + a.court_case_number);
}

}  // namespace

bool ShowsAppealDetails(domain::Role role) { return Allowed(role, Action::kOpenCaseFile); }

domain::Result<domain::AppealRecord> AppealService::Record(const domain::Actor& actor, std::int64_t case_id,
                                                           std::optional<std::int64_t> expected_version,
                                                           const AppealInput& in, std::vector<FieldError> errors) {
  const domain::Date today = clock_.Today();
  auto uow = db_.Begin();
  auto c = LockForCommand(*uow, Command::kRecordAppeal, actor, case_id, expected_version);
  if (!c) return c.Err();

  if (!in.lodged_on) {
    if (!domain::HasFieldError(errors, "lodged_on")) errors.push_back({"lodged_on", "is required"});
  } else if (today < *in.lodged_on) {
    errors.push_back({"lodged_on", "must not be in the future: record the appeal once it has been lodged"});
  }
  if (!in.appellant_kind) {
    if (!domain::HasFieldError(errors, "appellant.kind"))
      errors.push_back({"appellant.kind", "is required: applicant, municipal_member or other"});
  } else if (*in.appellant_kind != domain::AppellantKind::kApplicant && in.appellant_name.empty() &&
             !domain::HasFieldError(errors, "appellant.name")) {
    errors.push_back({"appellant.name", "is required for an appellant other than the applicant"});
  }
  CheckOptionalText(in.appellant_name, "appellant.name", kNameMax, errors);
  if (domain::IsBlank(in.court)) {
    if (!domain::HasFieldError(errors, "court"))
      errors.push_back(
          {"court", "is required: the court the appeal is lodged with, e.g. Förvaltningsrätten i Göteborg"});
  } else {
    CheckOptionalText(in.court, "court", kCourtMax, errors);
  }
  CheckOptionalText(in.court_case_number, "court_case_number", kCaseNumberMax, errors);

  auto& reviews = uow->Reviews();
  // What can be appealed now: a completed revocation supersedes the decision it revoked.
  const auto appealable = AppealableDecision(reviews.LatestRevocation(case_id), reviews.FindDecision(case_id));
  if (!appealable) return Error::Conflict("Case " + c->case_number + " has no decision that can be appealed.");
  if (in.lodged_on && *in.lodged_on < appealable->decided_on)
    errors.push_back({"lodged_on", "must not be before the " + appealable->decision_kind + " it appeals (" +
                                       appealable->decided_on.ToString() + ")"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  // The same appellant's pending appeal of the same decision is already on record: recording it
  // again would count one appeal twice (and need two outcomes). Names compare normalised.
  for (const auto& other : reviews.AppealsFor(case_id)) {
    if (other.outcome || other.appealed_kind != appealable->decision_kind ||
        other.appealed_id != appealable->decision_ref || other.appellant_kind != *in.appellant_kind)
      continue;
    if (*in.appellant_kind != domain::AppellantKind::kApplicant &&
        domain::NormalisePersonName(other.appellant_name) != domain::NormalisePersonName(in.appellant_name))
      continue;
    return Error::Conflict("Case " + c->case_number + ": this appellant's appeal of the " + appealable->decision_kind +
                           " is already recorded and pending (appeal " + std::to_string(other.id) +
                           "); record its outcome instead of recording it again.");
  }

  domain::AppealRecord a;
  a.case_id = case_id;
  a.appealed_kind = appealable->decision_kind;
  a.appealed_id = appealable->decision_ref;
  a.lodged_on = *in.lodged_on;
  a.appellant_kind = *in.appellant_kind;
  a.appellant_name = in.appellant_name;
  a.court = in.court;
  a.court_case_number = in.court_case_number;
  a.recorded_by = actor.user_id;
  const std::int64_t id = reviews.InsertAppeal(a);

  // A closed case is under way again while the appeal is pending: back to the status the job
  // closed it from (decided); the job does not close it again until the outcome is recorded.
  const bool reopens = c->status == CaseStatus::kClosed;
  const CaseStatus to = reopens ? TransitionFor(Command::kClose).from.front() : c->status;
  if (!uow->Cases().UpdateStatus(case_id, c->version, to, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  // Codes and dates only: the appellant may be a private person, and events outlive the case.
  domain::JsonWriter e;
  e.BeginObject()
      .Field("appeal_id", id)
      .Field("appealed_kind", a.appealed_kind)
      .Field("appealed_id", a.appealed_id)
      .Field("lodged_on", a.lodged_on.ToString())
      .Field("appellant_kind", domain::ToString(a.appellant_kind));
  if (reopens) e.Field("reopened", true).Field("from", domain::ToString(c->status));
  e.EndObject();
  uow->Events().Append(case_id, actor, std::string(TransitionFor(Command::kRecordAppeal).event), e.Text());
  auto stored = reviews.FindAppeal(id);
  uow->Commit();
  return *stored;
}

domain::Result<domain::AppealRecord> AppealService::RecordOutcome(const domain::Actor& actor, std::int64_t appeal_id,
                                                                  std::optional<std::int64_t> expected_version,
                                                                  const AppealOutcomeInput& in,
                                                                  std::vector<FieldError> errors) {
  const domain::Date today = clock_.Today();
  auto uow = db_.Begin();
  auto& reviews = uow->Reviews();
  const auto not_found = Error::NotFound("There is no appeal " + std::to_string(appeal_id) + ".");
  // The case row first, the order every command on a case takes its locks in.
  const auto case_id = reviews.AppealCase(appeal_id);
  if (!case_id) return not_found;
  auto c = uow->Cases().Lock(*case_id);
  if (!c) return not_found;  // culled: its appeals went with it
  if (auto e = CheckTransitionOn(Command::kRecordAppealOutcome, *c, actor.role)) return *e;
  if (auto e = CheckVersion(*c, expected_version)) return *e;
  auto a = reviews.LockAppeal(appeal_id);
  if (!a) return not_found;
  if (a->outcome)
    return Error::Conflict("The outcome of appeal " + std::to_string(appeal_id) + " in case " + c->case_number +
                           " is already recorded (" + std::string(domain::ToString(*a->outcome)) + " on " +
                           a->outcome_on->ToString() + "); an appeal's outcome is recorded once.");

  if (!in.outcome && !domain::HasFieldError(errors, "outcome"))
    errors.push_back({"outcome", "is required: rejected, dismissed, withdrawn or annulled"});
  if (!in.outcome_on) {
    if (!domain::HasFieldError(errors, "outcome_on")) errors.push_back({"outcome_on", "is required"});
  } else if (today < *in.outcome_on) {
    errors.push_back({"outcome_on", "must not be in the future"});
  } else if (*in.outcome_on < a->lodged_on) {
    errors.push_back({"outcome_on", "must not be before the appeal was lodged (" + a->lodged_on.ToString() + ")"});
  }
  CheckOptionalText(in.outcome_note, "outcome_note", kNoteMax, errors);
  CheckOptionalText(in.court_case_number, "court_case_number", kCaseNumberMax, errors);
  if (!in.court_case_number.empty() && !a->court_case_number.empty() && in.court_case_number != a->court_case_number &&
      !domain::HasFieldError(errors, "court_case_number"))
    errors.push_back({"court_case_number", "is already recorded as " + a->court_case_number + "; leave it out"});
  if (!errors.empty()) return Error::Validation(std::move(errors));

  if (!reviews.RecordAppealOutcome(appeal_id, *in.outcome, *in.outcome_on, in.outcome_note, in.court_case_number,
                                   actor.user_id))
    throw std::logic_error("appeal row changed under its lock");
  if (a->court_case_number.empty()) a->court_case_number = in.court_case_number;

  // What the annulment changes; the events are appended in this order after the outcome's.
  CaseStatus to = c->status;
  bool already_annulled = false;
  bool revocation_annulled = false;      // the besked goes out once the changes are made
  std::optional<domain::Decision> annulled_decision;  // likewise, for an annulled decision
  std::vector<domain::Condition> lapsed;              // its open conditions, waived with it
  std::optional<bool> booking_restored;  // an annulled revocation of a booking: time taken again?
  std::vector<std::pair<std::string, std::string>> effects;  // event, detail
  // The organisation's other open cases were told of a completed revocation
  // (organisation_support_revoked); they are told it fell, whichever appeal made it fall.
  const auto tell_revocation_fell = [&] {
    for (auto other : reviews.OpenCasesOf(c->org_number, *case_id)) {
      domain::JsonWriter n;
      n.BeginObject().Field("annulled_revocation_case", c->case_number).Field("appeal_id", appeal_id).EndObject();
      uow->Events().Append(other, actor, "organisation_revocation_annulled", n.Text());
    }
  };
  if (*in.outcome == AppealOutcome::kAnnulled && a->appealed_kind == "decision") {
    const auto d = reviews.FindDecisionById(a->appealed_id);
    if (!d || d->annulled_by_appeal) {
      already_annulled = true;  // another appeal of the same decision got there first
    } else {
      reviews.AnnulDecision(d->id, appeal_id);
      annulled_decision = *d;
      to = CaseStatus::kInReview;  // the officer decides the application again
      // A revocation of the decision falls with it, whether under way or completed.
      int revocations = 0;
      for (const auto& r : reviews.StandingRevocationsOf(d->id)) {
        reviews.AnnulRevocation(r.id, appeal_id);
        ++revocations;
        if (r.status == "revoked") tell_revocation_fell();
        domain::JsonWriter w;
        w.BeginObject()
            .Field("revocation_id", r.id)
            .Field("appeal_id", appeal_id)
            .Field("status_before", r.status)
            .Field("with_decision", d->id)
            .EndObject();
        effects.emplace_back("revocation_annulled", w.Text());
      }
      // Its open conditions lapse with it, each closed as waived with the appeal as the reason.
      const std::string reason =
          "Beslutet upphävdes efter överklagande (" + Describe(*a) + ") den " + in.outcome_on->ToString() + ".";
      for (auto& w : WaiveOpenConditions(*uow, *case_id, actor, reason, "appeal_id", appeal_id)) {
        effects.emplace_back("condition_waived", std::move(w.event_detail));
        lapsed.push_back(std::move(w.condition));
      }
      const auto waived = static_cast<std::int64_t>(lapsed.size());
      // A booking is an application again: its time is neither approved nor released.
      const bool booking = c->kind == domain::ApplicationKind::kBooking;
      if (booking) uow->Cases().SetBookingStatus(*case_id, "pending");
      domain::JsonWriter w;
      w.BeginObject()
          .Field("decision_id", d->id)
          .Field("appeal_id", appeal_id)
          .Field("outcome", domain::ToString(d->outcome))
          .Field("decided_on", d->decided_on.ToString())
          .Field("conditions_waived", waived)
          .Field("revocations_annulled", static_cast<std::int64_t>(revocations));
      if (booking) w.Field("booking", "pending");
      w.EndObject();
      effects.insert(effects.begin(), std::make_pair(std::string("decision_annulled"), w.Text()));
    }
  } else if (*in.outcome == AppealOutcome::kAnnulled) {
    const auto r = reviews.FindRevocation(a->appealed_id);
    if (!r || r->status != "revoked") {
      already_annulled = true;
    } else {
      reviews.AnnulRevocation(r->id, appeal_id);
      revocation_annulled = true;
      if (c->status == CaseStatus::kRevoked) to = CaseStatus::kDecided;  // the decision stands again
      domain::JsonWriter w;
      w.BeginObject().Field("revocation_id", r->id).Field("appeal_id", appeal_id).Field("status_before", r->status);
      // An approved booking takes its time again, unless another booking was approved for it
      // meanwhile; a booking whose case is not decided again does not.
      if (c->kind == domain::ApplicationKind::kBooking) booking_restored = false;
      if (c->kind == domain::ApplicationKind::kBooking && to == CaseStatus::kDecided) {
        const auto d = reviews.FindDecision(*case_id);
        if (d && d->outcome != domain::DecisionOutcome::kRejected) {
          if (auto other = uow->Cases().ApprovedOverlap(*case_id)) {
            w.Field("booking", "cancelled").Field("booking_overlaps", *other);
          } else {
            uow->Cases().SetBookingStatus(*case_id, "approved");
            w.Field("booking", "approved");
            booking_restored = true;
          }
        }
      }
      w.EndObject();
      effects.emplace_back("revocation_annulled", w.Text());
      // The decision stands again with its conditions: those the revocation waived are followed
      // up again (overdue at once when their due date has passed).
      if (to == CaseStatus::kDecided)
        for (const auto& k : uow->FollowUp().ReinstateWaivedBy(*case_id, r->id, clock_.Today())) {
          domain::JsonWriter x;
          x.BeginObject()
              .Field("condition_id", k.id)
              .Field("kind", domain::ToString(k.kind))
              .Field("status", k.status)
              .Field("revocation_id", r->id)
              .Field("appeal_id", appeal_id)
              .EndObject();
          effects.emplace_back("condition_reinstated", x.Text());
        }
      tell_revocation_fell();
    }
  }

  if (!uow->Cases().UpdateStatus(*case_id, c->version, to, std::nullopt))
    throw std::logic_error("case row changed under its lock");
  domain::JsonWriter e;
  e.BeginObject()
      .Field("appeal_id", appeal_id)
      .Field("outcome", domain::ToString(*in.outcome))
      .Field("outcome_on", in.outcome_on->ToString())
      .Field("appealed_kind", a->appealed_kind)
      .Field("appealed_id", a->appealed_id);
  if (already_annulled) e.Field("already_annulled", true);
  if (to != c->status) e.Field("status", domain::ToString(to));
  e.EndObject();
  uow->Events().Append(*case_id, actor, std::string(TransitionFor(Command::kRecordAppealOutcome).event), e.Text());
  for (const auto& [event, detail] : effects) uow->Events().Append(*case_id, actor, event, detail);
  auto stored = reviews.FindAppeal(appeal_id);
  // The organisation learns what the judgment means for it: the decision applies again, a
  // repayment claim falls, the conditions are followed up again (with its letter_issued event).
  if (revocation_annulled && letters_) letters_->IssueRevocationAnnulledLetters(*uow, *case_id, *stored, booking_restored);
  if (annulled_decision && letters_)
    letters_->IssueDecisionAnnulledLetters(*uow, *case_id, *stored, *annulled_decision, lapsed);
  uow->Commit();
  return *stored;
}

std::optional<std::int64_t> AppealService::CaseOf(std::int64_t appeal_id) {
  return ReadOnce(db_, [&](UnitOfWork& uow) { return uow.Reviews().AppealCase(appeal_id); });
}

domain::Result<AppealView> AppealService::Get(const domain::Actor& actor, std::int64_t appeal_id) {
  Error denied;
  if (!Authorize(actor.role, Action::kReadCases, denied)) return denied;
  auto uow = db_.Begin();
  auto a = uow->Reviews().FindAppeal(appeal_id);
  if (!a) return Error::NotFound("There is no appeal " + std::to_string(appeal_id) + ".");
  auto summary = uow->Cases().FindSummary(a->case_id);
  if (!summary) return Error::NotFound("There is no appeal " + std::to_string(appeal_id) + ".");
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadCases, Relation(*uow, actor, a->case_id), summary->case_number))
    return *e;
  AppealView view{std::move(*a), summary->case_number, ShowsAppealDetails(actor.role)};
  if (!view.details_shown) {
    view.appeal.appellant_name.clear();
    view.appeal.outcome_note.clear();
  }
  domain::JsonWriter d;
  d.BeginObject()
      .Field("via", "api")
      .Field("appeal_id", appeal_id)
      .Field("details_shown", view.details_shown)
      .EndObject();
  uow->Events().Append(view.appeal.case_id, actor, "appeal_viewed", d.Text());
  uow->Commit();
  return view;
}

}  // namespace granska::workflow
