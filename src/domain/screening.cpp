#include "domain/screening.hpp"

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

std::string OutcomeSignature(const Screening& s) {
  std::string out;
  for (const auto& r : s.results) AppendOutcome(out, r.rule_id, r.outcome);
  return out;
}

}  // namespace granska::domain
