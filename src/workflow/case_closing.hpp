#pragma once
// Closing a case when its follow-up is over (domain review L1, L2): the background job moves a
// `decided` case to `closed`
//  - an approval (approved, approved with conditions) once its support has ended (the grant's
//    period, or without one the decision's budget year; the booking's end), every condition is
//    closed (fulfilled, waived or breached), no revocation is communicated and no recorded
//    appeal time still runs;
//  - never while an appeal of the case awaits the court's outcome (workflow/appeals.hpp);
//  - a rejection once the last day to appeal after the recorded posting of the minutes has
//    passed. Without a recorded posting a rejection stays decided: the appeal time has not
//    started as far as the case knows.
// Each case is closed in its own transaction: its row locked, the test read again under the
// lock, the status changed with the version bumped and one `case_closed` event naming the rule.
// Two processes running the job at once close each case once (the second finds it closed).
// Why: docs/architecture.md, "Closing a case".
#include <cstdint>

#include "workflow/ports.hpp"

namespace granska::workflow {

class CaseClosing {
 public:
  CaseClosing(Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Closes every decided case whose follow-up is over today; returns how many it closed.
  int RunOnce();

 private:
  bool CloseOne(std::int64_t case_id, domain::Date today, std::int64_t today_starts);

  Database& db_;
  const Clock& clock_;
};

}  // namespace granska::workflow
