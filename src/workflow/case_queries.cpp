#include "workflow/case_queries.hpp"

#include "workflow/records_service.hpp"

namespace granska::workflow {

Page<domain::CaseSummary> CaseQueries::List(const CaseFilter& filter) {
  auto uow = db_.Begin();
  return uow->Cases().List(filter);
}

Page<domain::CaseSummary> CaseQueries::Queue(const QueueFilter& filter) {
  auto uow = db_.Begin();
  return uow->Cases().Queue(filter);
}

std::optional<domain::CaseDetail> ReadCaseDetail(UnitOfWork& uow, std::int64_t case_id) {
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
  detail->legal_hold = uow.Records().ActiveHold(case_id);
  detail->secrecy_marks = uow.Records().CaseMarks(case_id, false);
  return detail;
}

domain::Result<domain::CaseDetail> CaseQueries::Get(std::int64_t case_id) {
  auto uow = db_.Begin();
  auto detail = ReadCaseDetail(*uow, case_id);
  if (!detail) return CaseNotFound(*uow, case_id);
  return *detail;
}

}  // namespace granska::workflow
