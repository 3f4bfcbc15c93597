#include "domain/audit.hpp"

#include <algorithm>

namespace granska::domain {

std::vector<std::string> RiskCriteriaMet(const AuditCandidate& c, const RiskCriteria& r) {
  std::vector<std::string> out;
  if (c.amount_sek >= r.large_amount_sek) out.push_back("large_amount");
  if (c.member_count && c.previous_member_count && *c.previous_member_count > 0) {
    const std::int64_t diff = *c.member_count - *c.previous_member_count;
    if ((diff < 0 ? -diff : diff) * 100 > static_cast<std::int64_t>(r.member_change_percent) * *c.previous_member_count)
      out.push_back("member_change");
  }
  if (c.screening_notes) out.push_back("screening_notes");
  if (c.conditions_unmet) out.push_back("conditions_unmet");
  if (c.referred) out.push_back("referred");
  return out;
}

namespace {

struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t Next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) without modulo bias (rejection sampling).
  std::uint64_t Below(std::uint64_t n) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    std::uint64_t x;
    do x = Next();
    while (x >= limit);
    return x % n;
  }
};

}  // namespace

std::vector<AuditPick> DrawAuditSample(std::vector<AuditCandidate> candidates, int sample_size, std::uint64_t seed,
                                       const RiskCriteria& criteria) {
  std::sort(candidates.begin(), candidates.end(),
            [](const AuditCandidate& a, const AuditCandidate& b) { return a.case_id < b.case_id; });
  std::vector<AuditPick> all;
  all.reserve(candidates.size());
  for (const auto& c : candidates) all.push_back({c.case_id, false, RiskCriteriaMet(c, criteria)});
  std::vector<AuditPick> sample;
  if (sample_size <= 0) return sample;
  const std::size_t want = std::min<std::size_t>(static_cast<std::size_t>(sample_size), all.size());
  const std::size_t risk_quota = (want + 1) / 2;

  std::vector<std::size_t> risky;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (!all[i].criteria.empty()) risky.push_back(i);
  std::stable_sort(risky.begin(), risky.end(),
                   [&](std::size_t a, std::size_t b) { return all[a].criteria.size() > all[b].criteria.size(); });
  std::vector<bool> taken(all.size(), false);
  for (std::size_t k = 0; k < risky.size() && sample.size() < risk_quota; ++k) {
    taken[risky[k]] = true;
    sample.push_back(all[risky[k]]);
    sample.back().risk = true;
  }
  std::vector<std::size_t> rest;
  for (std::size_t i = 0; i < all.size(); ++i)
    if (!taken[i]) rest.push_back(i);
  SplitMix64 rng{seed};
  for (std::size_t k = 0; k < rest.size() && sample.size() < want; ++k) {
    const std::size_t j = k + static_cast<std::size_t>(rng.Below(rest.size() - k));
    std::swap(rest[k], rest[j]);
    sample.push_back(all[rest[k]]);
  }
  return sample;
}

}  // namespace granska::domain
