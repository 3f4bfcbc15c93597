#include "letters/letter_format.hpp"

#include <array>
#include <cstdio>

#include "domain/org_number.hpp"

namespace granska::letters {
namespace {

constexpr std::array<std::string_view, 12> kMonthsSv = {"januari",   "februari", "mars",     "april",
                                                        "maj",       "juni",     "juli",     "augusti",
                                                        "september", "oktober",  "november", "december"};
constexpr std::array<std::string_view, 12> kMonthsEn = {"January",   "February", "March",    "April",
                                                        "May",       "June",     "July",     "August",
                                                        "September", "October",  "November", "December"};

// Digits of |n| grouped by three with sep.
std::string Grouped(std::int64_t n, std::string_view sep) {
  const bool negative = n < 0;
  std::string digits =
      std::to_string(negative ? -static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n));
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) {
    out.append(sep);
    out.append(digits, i, 3);
  }
  return negative ? "-" + out : out;
}

struct LocalClock {
  domain::Date date;
  int hour;
  int minute;
};

LocalClock Local(domain::Instant t) {
  const std::int64_t local = t.EpochSeconds() + static_cast<std::int64_t>(t.OffsetMinutes()) * 60;
  std::int64_t days = local / 86400;
  std::int64_t secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  return {domain::Date::FromDays(static_cast<std::int32_t>(days)), static_cast<int>(secs / 3600),
          static_cast<int>(secs % 3600 / 60)};
}

}  // namespace

std::string LetterFormat::Date(domain::Date d) const {
  const auto& months = language_ == Language::kSv ? kMonthsSv : kMonthsEn;
  return std::to_string(d.Day()) + " " + std::string(months[d.Month() - 1]) + " " + std::to_string(d.Year());
}

std::string LetterFormat::Amount(std::int64_t sek) const {
  if (language_ == Language::kSv) return Grouped(sek, kNoBreakSpace) + std::string(kNoBreakSpace) + "kr";
  return "SEK" + std::string(kNoBreakSpace) + Grouped(sek, ",");
}

std::string LetterFormat::TimeOfDay(domain::Instant t) const {
  const LocalClock c = Local(t);
  char buf[8];
  std::snprintf(buf, sizeof buf, language_ == Language::kSv ? "%02d.%02d" : "%02d:%02d", c.hour, c.minute);
  return buf;
}

std::string LetterFormat::Period(domain::Instant start, domain::Instant end) const {
  const LocalClock a = Local(start);
  const LocalClock b = Local(end);
  const std::string at = language_ == Language::kSv ? " kl. " : ", ";
  if (a.date == b.date) return Date(a.date) + at + TimeOfDay(start) + "\u2013" + TimeOfDay(end);
  return Date(a.date) + at + TimeOfDay(start) + " \u2013 " + Date(b.date) + at + TimeOfDay(end);
}

std::vector<std::string> LetterFormat::Paragraphs(std::string_view text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    const auto b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos) {
      const auto e = line.find_last_not_of(" \t\r");
      out.emplace_back(line.substr(b, e - b + 1));
    }
    pos = nl + 1;
  }
  return out;
}

std::string LetterFormat::OrgNumber(std::string_view text) {
  const auto parsed = domain::OrgNumber::Parse(text);
  return parsed ? parsed->Text() : std::string(text);
}

}  // namespace granska::letters
