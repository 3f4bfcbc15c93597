#pragma once
// SHA-256 as lowercase hex: letter archives, the event chain, session tokens and
// idempotency keys all name content by it.
#include <string>

namespace granska::domain {

std::string Sha256Hex(const std::string& bytes);

}  // namespace granska::domain
