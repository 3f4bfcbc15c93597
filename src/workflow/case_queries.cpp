#include "workflow/case_queries.hpp"

#include "workflow/case_workflow.hpp"

namespace granska::workflow {

Page<domain::CaseSummary> CaseQueries::List(const CaseFilter& filter) {
  auto uow = db_.Begin();
  return uow->Cases().List(filter);
}

Page<domain::CaseSummary> CaseQueries::Queue(const QueueFilter& filter) {
  auto uow = db_.Begin();
  return uow->Cases().Queue(filter);
}

std::optional<domain::CaseDetail> LoadCaseDetail(UnitOfWork& uow, std::int64_t case_id) {
  auto detail = uow.Cases().FindDetail(case_id);
  if (!detail) return std::nullopt;
  auto& reviews = uow.Reviews();
  detail->assigned_to = uow.Cases().AssignedTo(case_id);
  detail->linked_case_id = uow.Cases().LinkedCase(case_id);
  detail->referrals = reviews.Referrals(case_id);
  detail->advice = reviews.AllAdvice(case_id);
  detail->communication = reviews.LatestCommunication(case_id);
  detail->decision = reviews.FindDecision(case_id);
  detail->conditions = reviews.ConditionsFor(case_id);
  if (auto a = AppealableDecision(reviews, case_id)) {
    detail->appeal = a;
    if (auto posted = reviews.LatestMinutesPosting(case_id, a->decision_kind, a->decision_ref)) detail->appeal = posted;
  }
  return detail;
}

domain::Result<domain::CaseDetail> CaseQueries::Get(std::int64_t case_id) {
  auto uow = db_.Begin();
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return domain::Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  return *detail;
}

}  // namespace granska::workflow
