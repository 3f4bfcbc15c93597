#include "letters/swedish_calendar.hpp"

#include <algorithm>
#include <stdexcept>

namespace granska::letters {
namespace {

domain::Date Civil(int y, unsigned m, unsigned d) {
  const auto date = domain::Date::FromCivil(y, m, d);
  if (!date) throw std::logic_error("invalid civil date in the holiday table");
  return *date;
}

// The first day in [from, from + 6] with the given ISO weekday.
domain::Date FirstWeekdayFrom(domain::Date from, int weekday) {
  const int delta = (weekday - SwedishCalendar::Weekday(from) + 7) % 7;
  return from.AddDays(delta);
}

}  // namespace

int SwedishCalendar::Weekday(domain::Date d) {
  // 1970-01-01 was a Thursday (ISO 4).
  const int r = static_cast<int>(((d.Days() % 7) + 7) % 7);  // 0 = Thursday
  return (r + 3) % 7 + 1;
}

domain::Date SwedishCalendar::EasterSunday(int year) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::vector<std::pair<domain::Date, std::string_view>> SwedishCalendar::Holidays(int year) {
  const domain::Date easter = EasterSunday(year);
  std::vector<std::pair<domain::Date, std::string_view>> h = {
      {Civil(year, 1, 1), "nyårsdagen"},
      {Civil(year, 1, 6), "trettondedag jul"},
      {easter.AddDays(-2), "långfredagen"},
      {easter, "påskdagen"},
      {easter.AddDays(1), "annandag påsk"},
      {Civil(year, 5, 1), "första maj"},
      {easter.AddDays(39), "Kristi himmelsfärdsdag"},
      {easter.AddDays(49), "pingstdagen"},
      {Civil(year, 6, 6), "Sveriges nationaldag"},
      // The Saturday between 20 and 26 June.
      {FirstWeekdayFrom(Civil(year, 6, 20), 6), "midsommardagen"},
      // The Saturday between 31 October and 6 November.
      {FirstWeekdayFrom(Civil(year, 10, 31), 6), "alla helgons dag"},
      {Civil(year, 12, 25), "juldagen"},
      {Civil(year, 12, 26), "annandag jul"},
  };
  std::sort(h.begin(), h.end());
  return h;
}

std::optional<std::string_view> SwedishCalendar::HolidayName(domain::Date d) {
  for (const auto& [date, name] : Holidays(d.Year()))
    if (date == d) return name;
  return std::nullopt;
}

bool SwedishCalendar::IsPublicHoliday(domain::Date d) { return Weekday(d) == 7 || HolidayName(d).has_value(); }

bool SwedishCalendar::IsHolidayEve(domain::Date d) {
  const unsigned m = d.Month();
  const unsigned day = d.Day();
  if (m == 12 && (day == 24 || day == 31)) return true;  // julafton, nyårsafton
  // Midsommarafton: the Friday between 19 and 25 June.
  return m == 6 && day >= 19 && day <= 25 && Weekday(d) == 5;
}

bool SwedishCalendar::IsDeadlineDay(domain::Date d) {
  return Weekday(d) != 6 && !IsPublicHoliday(d) && !IsHolidayEve(d);
}

domain::Date SwedishCalendar::NextDeadlineDay(domain::Date d) {
  while (!IsDeadlineDay(d)) d = d.AddDays(1);
  return d;
}

}  // namespace granska::letters
