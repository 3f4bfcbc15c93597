#pragma once
// The Idempotency-Key a client may send with a submission (draft-ietf-httpapi-idempotency-
// key-header; workflow/submit_application.hpp). Granska accepts 1 to 255 bytes, each a
// printable ASCII character other than space (0x21-0x7E): a UUID, a ULID or the e-service's
// own request id fits, and a key can be quoted back in a problem document as it came.
#include <cstddef>
#include <string>
#include <string_view>

namespace granska::domain {

inline constexpr std::size_t kMaxIdempotencyKeyBytes = 255;

// "" when `key` is one Granska accepts; otherwise what is wrong with it (English, for the
// problem document's field message).
std::string IdempotencyKeyFault(std::string_view key);

}  // namespace granska::domain
