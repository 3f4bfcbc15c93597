#include "domain/date.hpp"

#include <charconv>
#include <cstdio>

namespace granska::domain {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
constexpr std::int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int y;
  unsigned m;
  unsigned d;
};

constexpr Civil CivilFromDays(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned LastDay(int y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

bool ParseDigits(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::optional<Date> Date::FromCivil(int year, unsigned month, unsigned day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > LastDay(year, month))
    return std::nullopt;
  return Date(DaysFromCivil(year, month, day));
}

std::optional<Date> Date::Parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!ParseDigits(t.substr(0, 4), y) || !ParseDigits(t.substr(5, 2), m) || !ParseDigits(t.substr(8, 2), d))
    return std::nullopt;
  return FromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

int Date::Year() const { return CivilFromDays(days_).y; }
unsigned Date::Month() const { return CivilFromDays(days_).m; }
unsigned Date::Day() const { return CivilFromDays(days_).d; }

std::string Date::ToString() const {
  const Civil c = CivilFromDays(days_);
  char buf[32];  // room for any int year the compiler can imagine (-Wformat-truncation)
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

Date Date::AddMonths(int n) const {
  const Civil c = CivilFromDays(days_);
  const int total = c.y * 12 + static_cast<int>(c.m - 1) + n;
  // Floor division: before year 0 the month count is negative (found by fuzzing the rule
  // compiler: `total % 12` was negative and indexed LastDay's table out of bounds).
  const int y = total >= 0 ? total / 12 : -((-total + 11) / 12);
  const unsigned m = static_cast<unsigned>(total - y * 12) + 1;
  unsigned d = c.d > LastDay(y, m) ? LastDay(y, m) : c.d;
  return Date(DaysFromCivil(y, m, d));
}

std::optional<Instant> Instant::Parse(std::string_view t) {
  // YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)
  if (t.size() < 20 || (t[10] != 'T' && t[10] != 't')) return std::nullopt;
  auto date = Date::Parse(t.substr(0, 10));
  if (!date) return std::nullopt;
  if (t[13] != ':' || t[16] != ':') return std::nullopt;
  int hh = 0, mm = 0, ss = 0;
  if (!ParseDigits(t.substr(11, 2), hh) || !ParseDigits(t.substr(14, 2), mm) || !ParseDigits(t.substr(17, 2), ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 59) return std::nullopt;
  std::size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    const std::size_t start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  if (pos >= t.size()) return std::nullopt;
  int offset = 0;
  std::string_view zone = t.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else {
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') return std::nullopt;
    int oh = 0, om = 0;
    // At most 15 hours, what PostgreSQL's timestamptz takes (real zones lie within -12..+14).
    if (!ParseDigits(zone.substr(1, 2), oh) || !ParseDigits(zone.substr(4, 2), om) || oh > 15 || om > 59)
      return std::nullopt;
    offset = (oh * 60 + om) * (zone[0] == '-' ? -1 : 1);
  }
  const std::int64_t local = static_cast<std::int64_t>(date->Days()) * 86400 + hh * 3600 + mm * 60 + ss;
  return Instant::FromEpochSeconds(local - offset * 60, offset);
}

bool Instant::HasFraction(std::string_view t) {
  if (t.size() <= 20 || t[19] != '.') return false;
  for (std::size_t i = 20; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i)
    if (t[i] != '0') return true;
  return false;
}

Date Instant::LocalDate() const {
  std::int64_t local = seconds_ + offset_minutes_ * 60;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  return Date::FromDays(static_cast<std::int32_t>(days));
}

std::string Instant::ToString() const {
  std::int64_t local = seconds_ + offset_minutes_ * 60;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  std::int64_t secs = local - days * 86400;
  const Date d = Date::FromDays(static_cast<std::int32_t>(days));
  char buf[48];
  const int off = offset_minutes_ < 0 ? -offset_minutes_ : offset_minutes_;
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d%c%02d:%02d", d.ToString().c_str(), static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60), offset_minutes_ < 0 ? '-' : '+', off / 60,
                off % 60);
  return buf;
}

}  // namespace granska::domain
