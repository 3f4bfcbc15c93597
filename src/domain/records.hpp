#pragma once
// Records values (issue 9, "Privacy and records"): legal holds and secrecy marks on cases
// and incidents. The retention rules themselves are in workflow/records_plan.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace granska::domain {

// A case under legal hold is never culled. Placed and released by admin or auditor.
struct LegalHold {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string reason;
  std::int64_t placed_by = 0;
  std::string placed_by_name;
  std::string placed_at;
  std::optional<std::string> released_at;
  std::optional<std::int64_t> released_by;
  std::string release_reason;
};

// A secrecy mark (sekretessmarkering) on one part of a case's documents or of an
// incident: the part, the ground in OSL, and why. Active until removed.
struct SecrecyMark {
  std::int64_t id = 0;
  std::optional<std::int64_t> case_id;
  std::optional<std::int64_t> incident_id;
  std::string part;
  std::string ground;
  std::string reason;
  std::int64_t marked_by = 0;
  std::string marked_by_name;
  std::string marked_at;
  std::optional<std::string> removed_at;
  std::string removal_reason;
  // The reasons are withheld (written as null) from readers who may not open the whole case
  // file: a reason can describe the secret itself ("the speaker has a protected address at ...").
  bool reasons_withheld = false;
};

inline void WithholdReasons(SecrecyMark& m) {
  m.reason.clear();
  m.removal_reason.clear();
  m.reasons_withheld = true;
}

inline void WithholdReasons(std::vector<SecrecyMark>& marks) {
  for (auto& m : marks) WithholdReasons(m);
}

}  // namespace granska::domain
