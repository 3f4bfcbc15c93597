#pragma once
// How letters write dates, amounts and times in each language:
//   sv: "22 november 2026", "45 000 kr", "kl. 18.00"
//   en: "22 November 2026", "SEK 45,000", "18:00"
// The Swedish thousands separator and the space before "kr" are no-break spaces (U+00A0)
// so an amount never wraps across lines.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "letters/letter_model.hpp"

namespace granska::letters {

inline constexpr std::string_view kNoBreakSpace = "\u00a0";

class LetterFormat {
 public:
  explicit LetterFormat(Language language) : language_(language) {}

  std::string Date(domain::Date d) const;
  std::string Amount(std::int64_t sek) const;
  // Local time of day at the instant's own offset: "18.00" (sv) / "18:00" (en).
  std::string TimeOfDay(domain::Instant t) const;
  // "14 februari 2027 kl. 18.00–22.00", or with both dates when it spans midnight.
  std::string Period(domain::Instant start, domain::Instant end) const;

  // Splits free text into paragraphs: each non-blank line is one; surrounding space trimmed.
  static std::vector<std::string> Paragraphs(std::string_view text);
  // "802456-7896" stays; anything else is returned as given.
  static std::string OrgNumber(std::string_view text);

 private:
  Language language_;
};

}  // namespace granska::letters
