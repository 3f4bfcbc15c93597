#pragma once
// Calendar dates and instants, without any library: a Date is a count of days since
// 1970-01-01 (proleptic Gregorian), an Instant is seconds since the epoch in UTC plus
// the offset it was written with, so it can be shown again as the applicant wrote it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace granska::domain {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(std::int32_t days) { return Date(days); }
  static std::optional<Date> FromCivil(int year, unsigned month, unsigned day);
  // Parses exactly YYYY-MM-DD; nullopt for anything else, including 2026-02-30.
  static std::optional<Date> Parse(std::string_view text);

  constexpr std::int32_t Days() const { return days_; }
  int Year() const;
  unsigned Month() const;
  unsigned Day() const;
  std::string ToString() const;  // YYYY-MM-DD

  Date AddDays(std::int32_t n) const { return Date(days_ + n); }
  // Same day n months later/earlier; clamps to the month's last day (2024-01-31 +1 = 2024-02-29).
  Date AddMonths(int n) const;
  Date AddYears(int n) const { return AddMonths(12 * n); }

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

class Instant {
 public:
  Instant() = default;
  static Instant FromEpochSeconds(std::int64_t seconds, int offset_minutes = 0) {
    Instant i;
    i.seconds_ = seconds;
    i.offset_minutes_ = offset_minutes;
    return i;
  }
  // ISO 8601 with offset: 2027-02-10T18:00:00+01:00, ...Z, optional fractional seconds.
  // An instant without an offset is refused: its meaning would be ambiguous.
  static std::optional<Instant> Parse(std::string_view text);
  // Whether `text` (as Parse takes it) has a fraction of a second other than zero, which an
  // Instant (whole seconds) would drop: callers refuse it rather than change the time.
  static bool HasFraction(std::string_view text);

  std::int64_t EpochSeconds() const { return seconds_; }
  int OffsetMinutes() const { return offset_minutes_; }
  // The calendar date at the written offset.
  Date LocalDate() const;
  std::string ToString() const;  // with the original offset

  friend auto operator<=>(const Instant& a, const Instant& b) { return a.seconds_ <=> b.seconds_; }
  friend bool operator==(const Instant& a, const Instant& b) { return a.seconds_ == b.seconds_; }

 private:
  std::int64_t seconds_ = 0;
  int offset_minutes_ = 0;
};

}  // namespace granska::domain
