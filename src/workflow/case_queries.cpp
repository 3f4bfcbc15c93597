#include "workflow/case_queries.hpp"

#include "domain/json_text.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/authorization.hpp"
#include "workflow/case_workflow.hpp"
#include "workflow/records_service.hpp"

namespace granska::workflow {

// Unrecorded, so without the screenings (which cite incidents): only what the rows show.
Page<domain::CaseSummary> CaseQueries::List(CaseFilter filter) {
  filter.with_screening = false;
  return ReadOnce(db_, [&](UnitOfWork& uow) { return uow.Cases().List(filter); });
}

Page<domain::CaseSummary> CaseQueries::Queue(QueueFilter filter) {
  filter.with_screening = false;
  return ReadOnce(db_, [&](UnitOfWork& uow) { return uow.Cases().Queue(filter); });
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
  if (auto a = AppealableDecision(reviews.LatestRevocation(case_id), detail->decision)) {
    detail->appeal = a;
    if (auto posted = reviews.LatestMinutesPosting(case_id, a->decision_kind, a->decision_ref)) detail->appeal = posted;
  }
  detail->legal_hold = uow.Records().ActiveHold(case_id);
  detail->secrecy_marks = uow.Records().CaseMarks(case_id, false);
  return detail;
}

// One statement that reads the page and writes its record (CaseRepository::ListRecorded), so
// no transaction around it. Not ReadOnce: a retry could record the read twice. A pooled
// connection the database has ended is reopened by Database::Read.
Page<domain::CaseSummary> CaseQueries::List(const domain::Actor& actor, const CaseFilter& filter) {
  auto uow = db_.Read();
  return uow->Cases().ListRecorded(filter, actor);
}

Page<domain::CaseSummary> CaseQueries::Queue(const domain::Actor& actor, const QueueFilter& filter) {
  auto uow = db_.Read();
  return uow->Cases().QueueRecorded(filter, actor);
}

domain::Result<domain::CaseDetail> CaseQueries::Open(const domain::Actor& actor, std::int64_t case_id) {
  domain::Error denied;
  if (!Authorize(actor.role, Action::kReadCases, denied)) return denied;
  auto uow = db_.Begin();
  auto summary = uow->Cases().FindSummary(case_id);
  if (!summary) return CaseNotFound(*uow, case_id);
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadCases, Relation(*uow, actor, case_id), summary->case_number))
    return *e;
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return CaseNotFound(*uow, case_id);
  domain::JsonWriter d;
  d.BeginObject().Field("via", "api").Field("names_shown", true).EndObject();
  uow->Events().Append(case_id, actor, "case_file_viewed", d.Text());
  uow->Commit();
  return *detail;
}

domain::Result<domain::CaseDetail> CaseQueries::Get(std::int64_t case_id) {
  auto uow = db_.Begin();
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return CaseNotFound(*uow, case_id);
  return *detail;
}

}  // namespace granska::workflow
