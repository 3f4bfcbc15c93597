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

std::vector<Holiday> SwedishCalendar::Holidays(int year) {
  const domain::Date easter = EasterSunday(year);
  std::vector<Holiday> h = {
      {Civil(year, 1, 1), "nyårsdagen", "New Year's Day"},
      {Civil(year, 1, 6), "trettondedag jul", "Epiphany"},
      {easter.AddDays(-2), "långfredagen", "Good Friday"},
      {easter, "påskdagen", "Easter Sunday"},
      {easter.AddDays(1), "annandag påsk", "Easter Monday"},
      {Civil(year, 5, 1), "första maj", "May Day"},
      {easter.AddDays(39), "Kristi himmelsfärdsdag", "Ascension Day"},
      {easter.AddDays(49), "pingstdagen", "Whit Sunday"},
      {Civil(year, 6, 6), "Sveriges nationaldag", "the National Day of Sweden"},
      // The Saturday between 20 and 26 June.
      {FirstWeekdayFrom(Civil(year, 6, 20), 6), "midsommardagen", "Midsummer Day"},
      // The Saturday between 31 October and 6 November.
      {FirstWeekdayFrom(Civil(year, 10, 31), 6), "alla helgons dag", "All Saints' Day"},
      {Civil(year, 12, 25), "juldagen", "Christmas Day"},
      {Civil(year, 12, 26), "annandag jul", "Boxing Day"},
  };
  std::sort(h.begin(), h.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  return h;
}

std::optional<Holiday> SwedishCalendar::HolidayOn(domain::Date d) {
  for (const Holiday& h : Holidays(d.Year()))
    if (h.date == d) return h;
  return std::nullopt;
}

std::string_view SwedishCalendar::WhyNotDeadlineDay(domain::Date d, bool english) {
  if (const auto h = HolidayOn(d)) return english ? h->en : h->sv;
  if (IsHolidayEve(d)) {
    if (d.Month() == 6) return english ? "Midsummer Eve" : "midsommarafton";
    if (d.Day() == 24) return english ? "Christmas Eve" : "julafton";
    return english ? "New Year's Eve" : "nyårsafton";
  }
  if (Weekday(d) == 6) return english ? "a Saturday" : "en lördag";
  if (Weekday(d) == 7) return english ? "a Sunday" : "en söndag";
  return {};
}

bool SwedishCalendar::IsPublicHoliday(domain::Date d) { return Weekday(d) == 7 || HolidayOn(d).has_value(); }

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
