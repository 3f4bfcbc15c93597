#include "workflow/case_closing.hpp"

#include <stdexcept>

#include "domain/json_text.hpp"
#include "workflow/transitions.hpp"

namespace granska::workflow {

namespace {

constexpr int kPage = 500;

// What the case_closed event records: the rule that closed the case and the facts it rested
// on (codes and dates only: events outlive the case, docs/records.md).
std::string ClosedDetail(const FollowUpOver& f) {
  domain::JsonWriter d;
  d.BeginObject();
  if (f.outcome == domain::DecisionOutcome::kRejected) {
    d.Field("rule", "appeal_time_over").Field("outcome", domain::ToString(f.outcome));
  } else {
    std::optional<domain::Date> ended = f.support_ended_on;
    if (f.booking_ended_at) ended = LocalDate(static_cast<std::time_t>(*f.booking_ended_at));
    d.Field("rule", "support_ended")
        .Field("outcome", domain::ToString(f.outcome))
        .Field("support_end", f.support_end);
    if (ended) d.Field("support_ended_on", ended->ToString());
    d.Key("conditions")
        .BeginObject()
        .Field("fulfilled", static_cast<std::int64_t>(f.conditions_fulfilled))
        .Field("waived", static_cast<std::int64_t>(f.conditions_waived))
        .Field("breached", static_cast<std::int64_t>(f.conditions_breached))
        .EndObject();
  }
  if (f.last_day_to_appeal) d.Field("last_day_to_appeal", f.last_day_to_appeal->ToString());
  d.EndObject();
  return d.Text();
}

}  // namespace

int CaseClosing::RunOnce() {
  const domain::Date today = clock_.Today();
  const std::int64_t starts = static_cast<std::int64_t>(LocalDayStart(today));
  int closed = 0;
  std::int64_t after = 0;
  for (;;) {
    std::vector<std::int64_t> page;
    {
      auto uow = db_.Begin();
      page = uow->FollowUp().CasesWithFollowUpOver(today, starts, after, kPage);
    }
    for (std::int64_t id : page) {
      after = id;
      if (CloseOne(id, today, starts)) ++closed;
    }
    if (page.size() < static_cast<std::size_t>(kPage)) break;
  }
  return closed;
}

bool CaseClosing::CloseOne(std::int64_t case_id, domain::Date today, std::int64_t today_starts) {
  auto uow = db_.Begin();
  // The row lock first, the order every command on a case uses; the test is then read again by
  // its own statement, so it sees whatever another process or an officer committed before the
  // lock was granted (a case closed meanwhile, a revocation communicated, a condition reopened
  // by nothing: conditions only close).
  auto c = uow->Cases().Lock(case_id);
  if (!c || !AllowedFrom(Command::kClose, c->status)) return false;
  auto over = uow->FollowUp().CheckFollowUpOver(case_id, today, today_starts);
  if (!over) return false;
  if (!uow->Cases().UpdateStatus(case_id, c->version, TransitionFor(Command::kClose).to.value(), std::nullopt))
    throw std::logic_error("case row changed under its lock");
  uow->Events().Append(case_id, domain::Actor{}, std::string(TransitionFor(Command::kClose).event), ClosedDetail(*over));
  uow->Commit();
  return true;
}

}  // namespace granska::workflow
