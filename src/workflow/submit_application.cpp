#include "workflow/submit_application.hpp"

#include <cstdio>
#include <optional>

#include "domain/json_text.hpp"
#include "workflow/case_workflow.hpp"

namespace granska::workflow {

using domain::Error;
using domain::FieldError;

domain::Result<domain::CaseSummary> SubmitApplication::Run(const domain::Actor& actor, const domain::Application& app,
                                                           const std::string& raw_json,
                                                           std::vector<FieldError> errors) {
  domain::CheckApplication(app, errors);
  auto uow = db_.Begin();
  if (app.booking && !app.booking->premises_id.empty()) {
    if (!uow->Premises().Find(app.booking->premises_id))
      errors.push_back({"booking.premises_id", "unknown premises '" + app.booking->premises_id + "'"});
  }
  if (app.reopens_case_id) {
    auto old = uow->Cases().FindSummary(*app.reopens_case_id);
    if (!old)
      errors.push_back({"reopens_case_id", "there is no case " + std::to_string(*app.reopens_case_id)});
    else if (app.organisation.org_number && old->org_number != app.organisation.org_number->Text())
      errors.push_back({"reopens_case_id", "case " + old->case_number + " belongs to another organisation"});
    else if (old->status != domain::CaseStatus::kWithdrawn && old->status != domain::CaseStatus::kDecided &&
             old->status != domain::CaseStatus::kClosed)
      errors.push_back({"reopens_case_id", "case " + old->case_number + " is still open"});
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));

  const domain::Date today = clock_.Today();
  auto& cases = uow->Cases();
  // The year's counter row is locked from NextSequence until this transaction has
  // committed, so every submission in every process waits for it: do all the reading
  // (the screening's facts) and the organisation upsert before taking it. Screening before
  // the case row exists gives the same facts: the case has no booking and no conditions yet
  // for case_id to exclude. (bench/http: the counter wait was ~99 % of database time.)
  std::optional<ScreeningOutcome> outcome;
  if (screener_) outcome = screener_->Screen(*uow, app, today, std::nullopt);
  NewCase row;
  row.kind = app.kind;
  row.year = today.Year();
  row.organisation_id = cases.UpsertOrganisation(app.organisation);
  row.sequence = cases.NextSequence(row.year);
  char number[32];
  std::snprintf(number, sizeof number, "%04d-%05d", row.year, row.sequence);
  row.case_number = number;
  row.submitted_on = today;
  row.status = domain::CaseStatus::kInReview;
  const std::int64_t case_id = cases.Insert(row);
  cases.InsertApplication(case_id, 1, raw_json, app, actor.user_id);
  if (app.reopens_case_id) cases.Link(case_id, *app.reopens_case_id);
  if (app.booking) cases.InsertBooking(case_id, *app.booking);

  domain::JsonWriter detail;
  detail.BeginObject().Field("case_number", row.case_number).Field("kind", domain::ToString(app.kind));
  if (app.reopens_case_id) detail.Field("reopens_case_id", *app.reopens_case_id);
  detail.EndObject();
  uow->Events().Append(case_id, actor, "submitted", detail.Text());

  if (outcome) {
    cases.InsertScreening(case_id, 1, *outcome, "submission");
    const domain::CaseStatus routed = RouteFor(outcome->recommendation);
    cases.UpdateStatus(case_id, 1, routed, outcome->recommendation);
    domain::JsonWriter d;
    d.BeginObject()
        .Field("rule_set", outcome->rule_set_version)
        .Field("recommendation", outcome->recommendation)
        .Field("status", domain::ToString(routed))
        .EndObject();
    uow->Events().Append(case_id, actor, "screened", d.Text());
    if (routed == domain::CaseStatus::kReferred)
      OpenReferral(*uow, case_id, actor, true, kAutomaticReferralQuestion, today, referral_deadline_days_);
  }
  auto summary = cases.FindSummary(case_id);
  uow->Commit();
  return *summary;
}

}  // namespace granska::workflow
