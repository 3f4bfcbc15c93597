#pragma once
// Names of private persons are matched (incidents against representatives) on a
// normalised form: trimmed, inner whitespace collapsed, lower case including å ä ö é.
#include <string>
#include <string_view>

namespace granska::domain {

std::string NormalisePersonName(std::string_view name);

}  // namespace granska::domain
