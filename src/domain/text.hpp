#pragma once
// Small predicates on free text that every layer checks the same way.
#include <cstddef>
#include <string>
#include <string_view>

namespace granska::domain {

// Empty, or nothing but spaces, tabs and line breaks: a required text that says nothing.
inline bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// What makes a text from a request unfit to store. A NUL is cut off by libpq (so "\u0000x"
// would be stored as "" past every "is required" check) and refused in jsonb; PostgreSQL
// refuses bytes that are not UTF-8; the other C0 control characters have no place in a
// letter or a register. TAB, LF and CR are ordinary text.
enum class TextFault {
  kNone,
  kNotUtf8,           // a byte sequence that is not well-formed UTF-8 (overlong, surrogate, > U+10FFFF, cut off)
  kControlCharacter,  // U+0000..U+001F other than TAB, LF and CR
};
TextFault CheckText(std::string_view s);
// The English field message for a fault: "is not valid UTF-8" or "must not contain control
// characters" (the pages translate it through their message table); "" for kNone.
const char* TextFaultMessage(TextFault fault);

// `s` with every byte that is not part of printable, well-formed UTF-8 (control characters
// U+0000..U+001F, U+007F..U+009F, and malformed sequences) written as \xNN: safe to echo
// back in a problem document or a log line.
std::string Printable(std::string_view s);

// Appends code point `cp` to `out` as UTF-8 (one to four bytes); the caller gives a valid one.
void AppendUtf8(std::string& out, char32_t cp);

// The number of characters (code points) in UTF-8 text: a limit "at most N characters" is not
// one of bytes ("å" is two).
inline std::size_t CharacterCount(std::string_view utf8) {
  std::size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace granska::domain
