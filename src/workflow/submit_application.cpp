#include "workflow/submit_application.hpp"

#include <optional>
#include <stdexcept>

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
  std::optional<ScreeningOutcome> outcome;
  if (screener_) outcome = screener_->Screen(*uow, app, today, std::nullopt);
  NewCase row;
  row.kind = app.kind;
  row.year = today.Year();
  row.organisation_id = cases.UpsertOrganisation(app.organisation);
  row.submitted_on = today;
  row.status = domain::CaseStatus::kInReview;
  const std::int64_t case_id = cases.Insert(row);
  cases.InsertApplication(case_id, 1, raw_json, app, actor.user_id);
  if (app.reopens_case_id) cases.Link(case_id, *app.reopens_case_id);
  if (app.booking) cases.InsertBooking(case_id, *app.booking);

  domain::JsonWriter detail;
  detail.BeginObject().Field("kind", domain::ToString(app.kind));
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
  // Read back now, in this transaction: the numbering changes nothing else of the summary.
  auto summary = cases.FindNewSummary(case_id);
  if (!summary) throw std::logic_error("case " + std::to_string(case_id) + " vanished inside its own submission");
  uow->Commit();
  uow.reset();  // its connection goes back to the pool before the numbering takes one

  // The diarienummer is given after the commit, in a batch with every other submission
  // that committed meanwhile (workflow/case_numbering.hpp): holding the year's counter
  // row through this transaction's own commit serialised every submission of every
  // process at one WAL flush each (bench/RESULTS.md, "http").
  summary->case_number = numbering_.AwaitNumber(case_id, row.year);
  return *summary;
}

}  // namespace granska::workflow
