#include "domain/org_number.hpp"

namespace granska::domain {

bool LuhnValid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (*it < '0' || *it > '9') return false;
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::optional<OrgNumber> OrgNumber::Parse(std::string_view text) {
  std::string digits;
  if (text.size() == 11 && text[6] == '-') {
    digits = std::string(text.substr(0, 6)) + std::string(text.substr(7));
  } else if (text.size() == 10) {
    digits = std::string(text);
  } else {
    return std::nullopt;
  }
  for (char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  if (!LuhnValid(digits)) return std::nullopt;
  return OrgNumber(digits.substr(0, 6) + "-" + digits.substr(6));
}

}  // namespace granska::domain
