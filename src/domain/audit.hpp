#pragma once
// The periodic audit of granted support: a reproducible sample (seeded random draw plus
// documented risk criteria; never a protected characteristic or free text), a checklist
// per sampled case, findings with a severity, and a sign-off.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"

namespace granska::domain {

// What the sampler knows about one granted case. Only these facts can select a case.
struct AuditCandidate {
  std::int64_t case_id = 0;
  std::int64_t amount_sek = 0;
  std::optional<std::int64_t> member_count;
  std::optional<std::int64_t> previous_member_count;  // the organisation's previous application
  bool screening_notes = false;                      // the screening had at least one note
  bool conditions_unmet = false;                     // an overdue or breached condition
  bool referred = false;                             // the case went to the advisory group
};

struct RiskCriteria {
  std::int64_t large_amount_sek = 100000;
  int member_change_percent = 50;
};

struct AuditPick {
  std::int64_t case_id = 0;
  bool risk = false;
  std::vector<std::string> criteria;  // which risk criteria the case meets (also for random picks)
};

// Risk criteria a candidate meets: large_amount, member_change, screening_notes,
// conditions_unmet, referred.
std::vector<std::string> RiskCriteriaMet(const AuditCandidate& c, const RiskCriteria& r);

// Deterministic: the same candidates (in any order), size, seed and criteria give the same
// sample. Up to half the sample (rounded up) is taken by risk (most criteria first, then
// case id); the rest is a seeded random draw (SplitMix64 + Fisher–Yates, defined here so
// the draw does not depend on the standard library's distributions) from the remainder.
std::vector<AuditPick> DrawAuditSample(std::vector<AuditCandidate> candidates, int sample_size, std::uint64_t seed,
                                       const RiskCriteria& criteria);

struct ChecklistItem {
  std::string item;    // documents_present, conditions_met, amounts_paid_match, reasons_recorded, kommunicering_done
  std::string status;  // ok | missing | pending | manual | not_applicable
  std::string detail;
};

}  // namespace granska::domain
