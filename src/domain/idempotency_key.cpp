#include "domain/idempotency_key.hpp"

namespace granska::domain {

std::string IdempotencyKeyFault(std::string_view key) {
  if (key.empty()) return "must not be empty";
  if (key.size() > kMaxIdempotencyKeyBytes)
    return "must be at most " + std::to_string(kMaxIdempotencyKeyBytes) + " bytes (it has " +
           std::to_string(key.size()) + ")";
  for (const char c : key) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x21 || b > 0x7e) return "may contain only printable ASCII characters other than space (0x21-0x7E)";
  }
  return {};
}

}  // namespace granska::domain
