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
  std::optional<ScreeningOutcome> outcome;
  if (screener_) outcome = screener_->Screen(*uow, app, today, std::nullopt);
  NewCase row;
  row.year = today.Year();
  row.submitted_on = today;
  row.linked_case_id = app.reopens_case_id;
  row.actor = actor;
  domain::JsonWriter detail;
  detail.BeginObject().Field("kind", domain::ToString(app.kind));
  if (app.reopens_case_id) detail.Field("reopens_case_id", *app.reopens_case_id);
  detail.EndObject();
  row.submitted_detail = detail.Text();
  if (outcome) {
    // Written in one statement, the case is still "submitted" (version 1) and then
    // "screened" (version 2), as its two events say and as clients saw it before.
    row.status = RouteFor(outcome->recommendation);
    row.recommendation = outcome->recommendation;
    row.version = 2;
    row.screening = &*outcome;
    domain::JsonWriter d;
    d.BeginObject()
        .Field("rule_set", outcome->rule_set_version)
        .Field("recommendation", outcome->recommendation)
        .Field("status", domain::ToString(row.status))
        .EndObject();
    row.screened_detail = d.Text();
  }
  auto summary = uow->Cases().Insert(row, app, raw_json);
  if (row.status == domain::CaseStatus::kReferred)
    OpenReferral(*uow, summary.case_id, actor, true, kAutomaticReferralQuestion, today, referral_deadline_days_);
  uow->Commit();
  uow.reset();  // its connection goes back to the pool before the numbering takes one

  // The diarienummer is given after the commit, in a batch with every other submission
  // that committed meanwhile (workflow/case_numbering.hpp): holding the year's counter
  // row through this transaction's own commit serialised every submission of every
  // process at one WAL flush each (bench/RESULTS.md, "http").
  summary.case_number = numbering_.AwaitNumber(summary.case_id, row.year);
  return summary;
}

}  // namespace granska::workflow
