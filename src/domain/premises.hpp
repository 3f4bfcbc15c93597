#pragma once
#include <cstdint>
#include <string>

namespace granska::domain {

// A bookable room. The id is a stable slug chosen by the municipality ("storsalen").
struct Premises {
  std::string id;
  std::string name;
  std::int64_t capacity = 0;
};

// Ids: 1-64 characters of a-z, 0-9, '-' and '_'.
bool ValidPremisesId(const std::string& id);

}  // namespace granska::domain
