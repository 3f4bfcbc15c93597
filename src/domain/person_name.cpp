#include "domain/person_name.hpp"

#include "domain/text.hpp"

#include <cstdint>

namespace granska::domain {
namespace {

// One UTF-8 sequence decoded; `len` 0 when the bytes are not a sequence this reads (they are
// then copied as they are, byte by byte).
struct Decoded {
  char32_t cp = 0;
  std::size_t len = 0;
};

Decoded Decode(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80) return {c, 1};
  const auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  if ((c & 0xE0) == 0xC0 && cont(1)) return {static_cast<char32_t>(((c & 0x1F) << 6) | (b(1) & 0x3F)), 2};
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2))
    return {static_cast<char32_t>(((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)), 3};
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3))
    return {static_cast<char32_t>(((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F)),
            4};
  return {0, 0};
}

// Spaces a name may be typed or pasted with: ASCII whitespace, no-break space, the
// typographic spaces U+2000..U+200A, narrow no-break, medium mathematical and ideographic.
bool IsSpace(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Lower case for the letters names are written with here: ASCII, Latin-1 and Latin
// Extended-A (å ä ö é ü ø æ, š ž č ł ő ...).
char32_t Lower(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp % 2 == 0 ? cp + 1 : cp;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return cp % 2 == 1 ? cp + 1 : cp;
  if (cp == 0x178) return 0xFF;  // Ÿ
  return cp;
}

// A letter followed by a combining mark, composed into its one precomposed letter (NFC for the
// marks names carry here); 0 when there is none. Base and result are lower case.
char32_t Compose(char32_t base, char32_t mark) {
  struct Pair {
    char32_t base, mark, composed;
  };
  static constexpr Pair kPairs[] = {
      // grave, acute, circumflex, tilde, diaeresis, ring above
      {'a', 0x300, 0xE0}, {'a', 0x301, 0xE1}, {'a', 0x302, 0xE2}, {'a', 0x303, 0xE3}, {'a', 0x308, 0xE4},
      {'a', 0x30A, 0xE5}, {'e', 0x300, 0xE8}, {'e', 0x301, 0xE9}, {'e', 0x302, 0xEA}, {'e', 0x308, 0xEB},
      {'i', 0x300, 0xEC}, {'i', 0x301, 0xED}, {'i', 0x302, 0xEE}, {'i', 0x308, 0xEF}, {'n', 0x303, 0xF1},
      {'o', 0x300, 0xF2}, {'o', 0x301, 0xF3}, {'o', 0x302, 0xF4}, {'o', 0x303, 0xF5}, {'o', 0x308, 0xF6},
      {'u', 0x300, 0xF9}, {'u', 0x301, 0xFA}, {'u', 0x302, 0xFB}, {'u', 0x308, 0xFC}, {'y', 0x301, 0xFD},
      {'y', 0x308, 0xFF},
      // cedilla
      {'c', 0x327, 0xE7}, {'s', 0x327, 0x15F},
      // Latin Extended-A: acute, caron, double acute, breve, ogonek, dot above
      {'c', 0x301, 0x107}, {'n', 0x301, 0x144}, {'s', 0x301, 0x15B}, {'z', 0x301, 0x17A}, {'c', 0x30C, 0x10D},
      {'d', 0x30C, 0x10F}, {'e', 0x30C, 0x11B}, {'n', 0x30C, 0x148}, {'r', 0x30C, 0x159}, {'s', 0x30C, 0x161},
      {'t', 0x30C, 0x165}, {'z', 0x30C, 0x17E}, {'o', 0x30B, 0x151}, {'u', 0x30B, 0x171}, {'u', 0x30A, 0x16F},
      {'a', 0x306, 0x103}, {'g', 0x306, 0x11F}, {'a', 0x328, 0x105}, {'e', 0x328, 0x119}, {'z', 0x307, 0x17C},
  };
  for (const auto& p : kPairs)
    if (p.base == base && p.mark == mark) return p.composed;
  return 0;
}

}  // namespace

std::string NormalisePersonName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool space = false;
  // The last letter written, lower case, and where its encoding starts in `out`: a combining
  // mark after it may replace it with the precomposed letter.
  char32_t last = 0;
  std::size_t last_at = 0;
  for (std::size_t i = 0; i < name.size();) {
    const Decoded d = Decode(name, i);
    if (d.len == 0) {  // not UTF-8 here: copied as it is
      if (space) out.push_back(' ');
      space = false;
      out.push_back(name[i++]);
      last = 0;
      continue;
    }
    i += d.len;
    if (IsSpace(d.cp)) {
      space = !out.empty();
      last = 0;
      continue;
    }
    if (d.cp >= 0x300 && d.cp <= 0x36F && last != 0 && !space) {
      if (const char32_t composed = Compose(last, d.cp)) {
        out.resize(last_at);
        AppendUtf8(out, composed);
        last = 0;  // one mark per letter is composed
        continue;
      }
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    const char32_t lower = Lower(d.cp);
    last = lower;
    last_at = out.size();
    AppendUtf8(out, lower);
  }
  return out;
}

}  // namespace granska::domain
