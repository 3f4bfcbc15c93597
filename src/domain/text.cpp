#include "domain/text.hpp"

namespace granska::domain {

namespace {

// The length of the well-formed UTF-8 sequence at s[i] and its code point, or 0 when the
// bytes there are not one (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t Sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n = 0;
  char32_t min = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
    cp = b0 & 0x1f;
    min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    cp = b0 & 0x0f;
    min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    cp = b0 & 0x07;
    min = 0x10000;
  } else {
    return 0;  // a continuation byte first, C0/C1 (always overlong), or F5..FF
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

}  // namespace

TextFault CheckText(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = Sequence(s, i, cp);
    if (n == 0) return TextFault::kNotUtf8;
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') return TextFault::kControlCharacter;
    i += n;
  }
  return TextFault::kNone;
}

const char* TextFaultMessage(TextFault fault) {
  switch (fault) {
    case TextFault::kNotUtf8:
      return "is not valid UTF-8";
    case TextFault::kControlCharacter:
      return "must not contain control characters";
    case TextFault::kNone:
      break;
  }
  return "";
}

std::string Printable(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = Sequence(s, i, cp);
    if (n > 0 && !(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    }
    // One byte at a time: a malformed sequence may hide a good one right after its lead byte.
    const std::size_t bad = n == 0 ? 1 : n;
    for (std::size_t k = 0; k < bad; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
    i += bad;
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace granska::domain
