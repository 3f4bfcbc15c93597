#pragma once
// Small predicates on free text that every layer checks the same way.
#include <string_view>

namespace granska::domain {

// Empty, or nothing but spaces, tabs and line breaks: a required text that says nothing.
inline bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace granska::domain
