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

struct Holiday {
  domain::Date date;
  std::string_view sv;  // "juldagen"
  std::string_view en;  // "Christmas Day"
};

class SwedishCalendar {
 public:
  // ISO weekday: 1 Monday … 7 Sunday.
  static int Weekday(domain::Date d);
  // Western (Gregorian) Easter Sunday of the year.
  static domain::Date EasterSunday(int year);
  // The named public holiday on d, if any (an ordinary Sunday is not named).
  static std::optional<Holiday> HolidayOn(domain::Date d);
  static bool IsPublicHoliday(domain::Date d);  // includes every Sunday
  // Midsommarafton, julafton, nyårsafton: not holidays, but no deadline ends on them.
  static bool IsHolidayEve(domain::Date d);
  // A day on which a statutory deadline can end (a "vardag" in lag 1930:173).
  static bool IsDeadlineDay(domain::Date d);
  // d itself when a deadline can end on it, otherwise the next day that can.
  static domain::Date NextDeadlineDay(domain::Date d);
  // Why no deadline can end on d, as a noun phrase for a letter: "juldagen", "en lördag",
  // "julafton" / "Christmas Day", "a Saturday", "Christmas Eve"; empty when one can.
  static std::string_view WhyNotDeadlineDay(domain::Date d, bool english);
  // Every named holiday of a year, in date order.
  static std::vector<Holiday> Holidays(int year);
};

}  // namespace granska::letters
