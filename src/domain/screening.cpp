#include "domain/screening.hpp"

#include <algorithm>
#include <utility>

namespace granska::domain {

Recommendation Recommend(const std::vector<Outcome>& outcomes) {
  Recommendation r = Recommendation::kCleared;
  for (Outcome o : outcomes) r = Stronger(r, RecommendationOf(o));
  return r;
}

std::vector<const RuleResult*> Screening::WithOutcome(Outcome o) const {
  std::vector<const RuleResult*> out;
  for (const auto& r : results)
    if (r.outcome == o) out.push_back(&r);
  return out;
}

void AppendOutcome(std::string& signature, std::string_view rule_id, Outcome outcome) {
  if (outcome == Outcome::kPass) return;
  if (!signature.empty()) signature += ',';
  signature += rule_id;
  signature += '=';
  signature += ToString(outcome);
}

std::string OutcomeSignature(std::vector<std::pair<std::string_view, Outcome>> outcomes) {
  std::sort(outcomes.begin(), outcomes.end());
  std::string out;
  for (const auto& [rule, outcome] : outcomes) AppendOutcome(out, rule, outcome);
  return out;
}

std::string OutcomeSignature(const Screening& s) {
  std::vector<std::pair<std::string_view, Outcome>> outcomes;
  for (const auto& r : s.results) outcomes.emplace_back(r.rule_id, r.outcome);
  return OutcomeSignature(std::move(outcomes));
}

}  // namespace granska::domain
