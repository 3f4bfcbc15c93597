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

}  // namespace granska::domain
