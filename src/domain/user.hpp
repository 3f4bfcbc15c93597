#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "domain/vocabulary.hpp"

namespace granska::domain {

// Sectors of the cross-sectoral advisory group (Göteborg plan 2:4).
inline constexpr const char* kSectors[] = {"social_resources", "sport_and_associations", "culture",
                                           "housing_company",  "security",               "district"};
bool ValidSector(const std::string& sector);

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kCaseOfficer;
  std::string sector;  // empty when not in the advisory group
};

// Who is acting in a use case: every state change records it.
struct Actor {
  std::int64_t user_id = 0;
  std::string name;
  Role role = Role::kIntake;
};

}  // namespace granska::domain
