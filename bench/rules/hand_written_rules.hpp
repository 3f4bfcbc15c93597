#pragma once
// The default rule set (rules/*.yaml) written by hand as one plain C++ function: the
// limit a data-driven engine can approach. Verdicts in the rule set's order:
// DV-1..DV-7, GE-1..GE-12, BK-1..BK-4.
#include "domain/screening.hpp"
#include "rules/facts.hpp"
#include "rules/rule_set.hpp"

namespace granska::bench {

inline constexpr int kRuleCount = 23;
domain::Recommendation HandWrittenVerdicts(const rules::Facts& f, rules::Verdict* out);

}  // namespace granska::bench
