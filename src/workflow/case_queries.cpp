#include "workflow/case_queries.hpp"

#include "domain/json_text.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/authorization.hpp"
#include "workflow/case_workflow.hpp"
#include "workflow/records_service.hpp"

namespace granska::workflow {

// Unrecorded, so never the screenings' results (which cite incidents): the rows alone, or
// each screening's rule set and recommendation when the caller asks for the brief.
Page<domain::CaseSummary> CaseQueries::List(CaseFilter filter) {
  if (filter.screening == ScreeningDetail::kFull) filter.screening = ScreeningDetail::kNone;
  return ReadOnce(db_, [&](UnitOfWork& uow) { return uow.Cases().List(filter); });
}

Page<domain::CaseSummary> CaseQueries::Queue(QueueFilter filter) {
  if (filter.screening == ScreeningDetail::kFull) filter.screening = ScreeningDetail::kNone;
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
  detail->information_request = reviews.LatestInformationRequest(case_id);
  detail->communication = reviews.LatestCommunication(case_id);
  detail->decision = reviews.FindDecision(case_id);
  detail->conditions = reviews.ConditionsFor(case_id);
  detail->revocations = reviews.RevocationsOf(case_id);
  std::optional<domain::Revocation> latest_revocation;
  if (!detail->revocations.empty()) latest_revocation = detail->revocations.back();
  if (auto a = AppealableDecision(latest_revocation, detail->decision)) {
    detail->appeal = a;
    if (auto posted = reviews.LatestMinutesPosting(case_id, a->decision_kind, a->decision_ref)) detail->appeal = posted;
  }
  detail->appeals = reviews.AppealsFor(case_id);
  detail->legal_hold = uow.Records().ActiveHold(case_id);
  detail->secrecy_marks = uow.Records().CaseMarks(case_id, false);
  return detail;
}

namespace {

void RecordListed(UnitOfWork& uow, const domain::Actor& actor, const char* list,
                  const Page<domain::CaseSummary>& page) {
  if (page.items.empty()) return;
  domain::JsonWriter d;
  d.BeginObject().Field("via", "api").Field("list", list).Key("case_ids").BeginArray();
  for (const auto& c : page.items) d.Int(c.case_id);
  d.EndArray().EndObject();
  uow.Events().Append(std::nullopt, actor, "cases_listed", d.Text());
}

}  // namespace

Page<domain::CaseSummary> CaseQueries::List(const domain::Actor& actor, CaseFilter filter) {
  if (InAdvisoryGroup(actor.role)) filter.group_member = actor.user_id;
  if (filter.screening != ScreeningDetail::kFull) return List(filter);  // cites nothing: not recorded
  auto uow = db_.Begin();
  auto page = uow->Cases().List(filter);
  RecordListed(*uow, actor, "cases", page);
  uow->Commit();
  return page;
}

Page<domain::CaseSummary> CaseQueries::Queue(const domain::Actor& actor, QueueFilter filter) {
  if (InAdvisoryGroup(actor.role)) filter.group_member = actor.user_id;
  if (filter.screening != ScreeningDetail::kFull) return Queue(filter);  // cites nothing: not recorded
  auto uow = db_.Begin();
  auto page = uow->Cases().Queue(filter);
  RecordListed(*uow, actor, "queue", page);
  uow->Commit();
  return page;
}

namespace {

// The pages' rule, for the API: officers and auditors open the whole case file; the advisory
// group reads the pseudonymised packet, with the names only after a recorded request; an
// admin runs the system and needs no applicant's names.
ApplicationAccess AccessFor(const domain::Actor& actor, const domain::CaseDetail& detail) {
  if (Allowed(actor.role, Action::kOpenCaseFile)) return ApplicationAccess::kAsSubmitted;
  if (Allowed(actor.role, Action::kRequestNames))
    for (const auto& e : detail.timeline)
      if (e.event == "names_requested" && e.actor_id && *e.actor_id == actor.user_id)
        return ApplicationAccess::kNamesShown;
  return ApplicationAccess::kPseudonymised;
}

}  // namespace

domain::Result<OpenedCase> CaseQueries::Open(const domain::Actor& actor, std::int64_t case_id) {
  domain::Error denied;
  if (!Authorize(actor.role, Action::kReadCases, denied)) return denied;
  auto uow = db_.Begin();
  auto summary = uow->Cases().FindSummary(case_id);
  if (!summary) return CaseNotFound(*uow, case_id);
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadCases, Relation(*uow, actor, case_id), summary->case_number))
    return *e;
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return CaseNotFound(*uow, case_id);
  OpenedCase opened{std::move(*detail), ApplicationAccess::kPseudonymised};
  opened.application = AccessFor(actor, opened.detail);
  if (opened.application != ApplicationAccess::kAsSubmitted) domain::WithholdReasons(opened.detail.secrecy_marks);
  const bool names_shown = opened.application != ApplicationAccess::kPseudonymised;
  domain::JsonWriter d;
  d.BeginObject()
      .Field("via", "api")
      .Field("names_shown", names_shown)
      .Field("application", opened.application == ApplicationAccess::kAsSubmitted ? "as_submitted" : "read_members")
      .EndObject();
  uow->Events().Append(case_id, actor, "case_file_viewed", d.Text());
  uow->Commit();
  return opened;
}

domain::Result<domain::CaseDetail> CaseQueries::Get(std::int64_t case_id) {
  auto uow = db_.Begin();
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return CaseNotFound(*uow, case_id);
  return *detail;
}

}  // namespace granska::workflow
