#include "workflow/supplement_application.hpp"

#include "domain/json_text.hpp"
#include "workflow/case_workflow.hpp"
#include "workflow/submit_application.hpp"
#include "workflow/transitions.hpp"

namespace granska::workflow {

using domain::CaseStatus;
using domain::Error;

domain::Result<domain::CaseSummary> SupplementApplication::Run(const domain::Actor& actor, std::int64_t case_id,
                                                               std::int64_t expected_version,
                                                               const domain::Application& app,
                                                               const std::string& merged_json,
                                                               std::vector<domain::FieldError> errors) {
  auto uow = db_.Begin();
  auto& cases = uow->Cases();
  // 404, then the role, the status and the version, with the case's current state in a 409.
  auto locked = LockForCommand(*uow, Command::kSupplement, actor, case_id, expected_version);
  if (!locked) return locked.Err();
  auto current = cases.FindDetail(case_id);
  const auto& summary = current->summary;
  if (app.kind != summary.kind) errors.push_back({"kind", "cannot change from '" + std::string(domain::ToString(summary.kind)) + "'"});
  if (app.organisation.org_number && app.organisation.org_number->Text() != summary.org_number)
    errors.push_back({"organisation.org_number", "cannot change; submit a new application for another organisation"});
  domain::CheckApplication(app, errors);
  CheckApplicationNow(*uow, app, clock_.Today(), errors);
  if (!errors.empty()) return Error::Validation(std::move(errors));

  const std::int64_t revision = current->application_revision + 1;
  cases.InsertApplication(case_id, revision, merged_json, app, actor.user_id);
  if (app.booking) cases.UpdateBooking(case_id, *app.booking);
  domain::JsonWriter d;
  d.BeginObject().Field("revision", revision).EndObject();
  uow->Events().Append(case_id, actor, "supplemented", d.Text());

  CaseStatus routed = CaseStatus::kInReview;
  std::optional<std::string> recommendation;
  if (screener_) {
    // Windows count from the original submission day, as the rules say.
    auto submitted = domain::Date::Parse(summary.submitted_on).value_or(clock_.Today());
    ScreeningOutcome outcome = screener_->Screen(*uow, app, submitted, case_id);
    cases.InsertScreening(case_id, revision, outcome, "supplement");
    routed = RouteFor(outcome.recommendation);
    recommendation = outcome.recommendation;
    domain::JsonWriter s;
    s.BeginObject()
        .Field("rule_set", outcome.rule_set_version)
        .Field("recommendation", outcome.recommendation)
        .Field("status", domain::ToString(routed))
        .EndObject();
    uow->Events().Append(case_id, actor, "screened", s.Text());
  }
  if (!cases.UpdateStatus(case_id, expected_version, routed, recommendation))
    return Error::Conflict("Case " + summary.case_number + " was changed by someone else meanwhile; read it again.");
  if (routed == CaseStatus::kReferred)
    OpenReferral(*uow, case_id, actor, true, kAutomaticReferralQuestion, clock_.Today(), referral_deadline_days_);
  auto result = cases.FindSummary(case_id);
  uow->Commit();
  return *result;
}

}  // namespace granska::workflow
