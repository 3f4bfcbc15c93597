#pragma once
// Screens streamed cases one after the other with the rules engine's allocation-free fast
// path: facts from the case's snapshot plus the in-memory registers, verdicts only; the
// full screening (titles, explanations) is rendered only for a case whose screening changed
// (its recommendation, its democracy flag, or which rules give which outcome). One per worker
// thread; the rule set and the index are shared and read-only.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/facts.hpp"
#include "rules/rule_set.hpp"
#include "workflow/facts_snapshot.hpp"
#include "workflow/register_index.hpp"
#include "workflow/rescreen_ports.hpp"
#include "workflow/rule_screener.hpp"

namespace granska::workflow {

// One character per rule, in rule-set order: P pass, N note, I needs_info, E ineligible,
// F flag, - not applicable.
char VerdictChar(rules::Verdict v);

// What a re-screening concluded about one case (for tests and tools watching a run).
struct RescreenCaseOutcome {
  std::int64_t case_id = 0;
  domain::Recommendation recommendation = domain::Recommendation::kCleared;
  std::string verdicts;
  bool democracy_flag = false;
  std::optional<ScreeningOutcome> screening;  // when asked for every case, or when it changed
};

RescreenChange ClassifyChange(std::optional<domain::Recommendation> previous, domain::Recommendation now);

class BulkScreener {
 public:
  BulkScreener(const RuleScreener& screener, const RegisterIndex& index);

  // Appends the case's result to `out` (and its full screening when it changed, or always
  // with `full`). false when its facts snapshot cannot be read.
  bool Screen(const RescreenCaseRow& row, RescreenResultBatch& out, bool full, RescreenCaseOutcome* outcome);

 private:
  const RuleScreener& screener_;
  const RegisterIndex& index_;
  std::vector<bool> democracy_;  // by rule index: a democracy rule (its flag marks the screening)
  std::vector<std::size_t> by_id_;  // rule indexes in the order of their ids (OutcomeSignature's)
  rules::Facts facts_;
  SnapshotKeys keys_;
  GatherScratch scratch_;
  std::vector<rules::Verdict> verdicts_;
  std::string outcomes_;  // the case's domain::OutcomeSignature, built from verdicts_
};

}  // namespace granska::workflow
