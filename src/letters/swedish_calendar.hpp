#pragma once
// Swedish public holidays and the days on which a statutory deadline cannot end.
//
// Allmänna helgdagar, lag (1989:253): nyårsdagen, trettondedag jul, långfredagen, påskdagen,
// annandag påsk, första maj, Kristi himmelsfärdsdag, pingstdagen, nationaldagen,
// midsommardagen, alla helgons dag, juldagen, annandag jul, and every Sunday.
// Lag (1930:173) om beräkning av lagstadgad tid: a deadline that ends on a Saturday, Sunday
// or other public holiday, midsommarafton, julafton or nyårsafton moves to the next weekday.
#include <optional>
#include <string_view>
#include <vector>

#include "domain/date.hpp"

namespace granska::letters {

class SwedishCalendar {
 public:
  // ISO weekday: 1 Monday … 7 Sunday.
  static int Weekday(domain::Date d);
  // Western (Gregorian) Easter Sunday of the year.
  static domain::Date EasterSunday(int year);
  // The holiday's Swedish name when d is a public holiday other than an ordinary Sunday.
  static std::optional<std::string_view> HolidayName(domain::Date d);
  static bool IsPublicHoliday(domain::Date d);  // includes every Sunday
  // Midsommarafton, julafton, nyårsafton: not holidays, but no deadline ends on them.
  static bool IsHolidayEve(domain::Date d);
  // A day on which a statutory deadline can end (a "vardag" in lag 1930:173).
  static bool IsDeadlineDay(domain::Date d);
  // d itself when a deadline can end on it, otherwise the next day that can.
  static domain::Date NextDeadlineDay(domain::Date d);
  // Every named holiday of a year, in date order (for docs and tests).
  static std::vector<std::pair<domain::Date, std::string_view>> Holidays(int year);
};

}  // namespace granska::letters
