#pragma once
// Names of private persons are matched (incidents against representatives) on a
// normalised form: trimmed, inner whitespace (Unicode spaces too) collapsed to one space, a
// letter and its combining mark composed into one letter (NFC for the marks names carry here),
// lower case through Latin-1 and Latin Extended-A (å ä ö é ü ø, š ž č ł ő ...). Changing it
// needs a migration that recomputes the stored forms (0023).
#include <string>
#include <string_view>

namespace granska::domain {

std::string NormalisePersonName(std::string_view name);

}  // namespace granska::domain
