#include "domain/user.hpp"

namespace granska::domain {

bool ValidSector(const std::string& sector) {
  for (const char* s : kSectors)
    if (sector == s) return true;
  return false;
}

}  // namespace granska::domain
