// The last day to appeal: posting + 21 days, moved past Saturdays, Sundays, public holidays,
// midsommarafton, julafton and nyårsafton (lag 1930:173), with the Swedish holiday calendar.
#include "letters/appeal_deadline.hpp"

#include <boost/test/unit_test.hpp>

#include "letters/swedish_calendar.hpp"

namespace granska::letters {
namespace {

using domain::Date;

Date D(const char* iso) { return *Date::Parse(iso); }

std::string LastDay(const char* posted) { return AppealDeadline::From(D(posted)).last_day.ToString(); }

BOOST_AUTO_TEST_SUITE(appeal_deadline)

BOOST_AUTO_TEST_CASE(EasterSundayMatchesKnownYears) {
  const std::pair<int, const char*> known[] = {{1818, "1818-03-22"}, {1943, "1943-04-25"}, {2024, "2024-03-31"},
                                               {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"},
                                               {2028, "2028-04-16"}, {2038, "2038-04-25"}, {2285, "2285-03-22"}};
  for (const auto& [year, date] : known) BOOST_TEST(SwedishCalendar::EasterSunday(year).ToString() == date);
}

BOOST_AUTO_TEST_CASE(EasterIsASundayBetweenMarch22AndApril25) {
  for (int year = 1900; year <= 2300; ++year) {
    const Date e = SwedishCalendar::EasterSunday(year);
    BOOST_TEST_CONTEXT(year) {
      BOOST_TEST(SwedishCalendar::Weekday(e) == 7);
      BOOST_TEST((e >= *Date::FromCivil(year, 3, 22)));
      BOOST_TEST((e <= *Date::FromCivil(year, 4, 25)));
    }
  }
}

BOOST_AUTO_TEST_CASE(HolidaysOf2026AreTheThirteenOfTheHolidayAct) {
  std::vector<std::string> got;
  for (const Holiday& h : SwedishCalendar::Holidays(2026)) got.push_back(h.date.ToString() + " " + std::string(h.sv));
  const std::vector<std::string> expected = {"2026-01-01 nyårsdagen",
                                             "2026-01-06 trettondedag jul",
                                             "2026-04-03 långfredagen",
                                             "2026-04-05 påskdagen",
                                             "2026-04-06 annandag påsk",
                                             "2026-05-01 första maj",
                                             "2026-05-14 Kristi himmelsfärdsdag",
                                             "2026-05-24 pingstdagen",
                                             "2026-06-06 Sveriges nationaldag",
                                             "2026-06-20 midsommardagen",
                                             "2026-10-31 alla helgons dag",
                                             "2026-12-25 juldagen",
                                             "2026-12-26 annandag jul"};
  BOOST_TEST(got == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(MidsummerAndAllSaintsFallOnTheSaturdayOfTheirWeek) {
  BOOST_TEST(SwedishCalendar::HolidayOn(D("2027-06-26"))->sv == "midsommardagen");  // last day of the range
  BOOST_TEST(!SwedishCalendar::HolidayOn(D("2027-06-19")).has_value());
  BOOST_TEST(SwedishCalendar::HolidayOn(D("2027-11-06"))->sv == "alla helgons dag");  // last day of the range
  BOOST_TEST(SwedishCalendar::IsHolidayEve(D("2026-06-19")));                         // midsommarafton 2026
  BOOST_TEST(SwedishCalendar::IsHolidayEve(D("2027-06-25")));                         // midsommarafton 2027
  BOOST_TEST(!SwedishCalendar::IsHolidayEve(D("2027-06-18")));
  BOOST_TEST(SwedishCalendar::IsHolidayEve(D("2026-12-24")));
  BOOST_TEST(SwedishCalendar::IsHolidayEve(D("2026-12-31")));
}

BOOST_AUTO_TEST_CASE(AnOrdinaryWeekdayIsTheLastDay) {
  const AppealDeadline d = AppealDeadline::From(D("2026-11-02"));  // Monday
  BOOST_TEST(d.three_weeks.ToString() == "2026-11-23");
  BOOST_TEST(d.last_day.ToString() == "2026-11-23");
  BOOST_TEST(!d.Extended());
}

BOOST_AUTO_TEST_CASE(ASaturdayMovesToMonday) { BOOST_TEST(LastDay("2026-09-12") == "2026-10-05"); }

BOOST_AUTO_TEST_CASE(ASundayMovesToMonday) { BOOST_TEST(LastDay("2026-09-13") == "2026-10-05"); }

BOOST_AUTO_TEST_CASE(ChristmasDayMovesPastBoxingDayAndTheWeekend) {
  const AppealDeadline d = AppealDeadline::From(D("2026-12-04"));  // +21 = Friday 25 December
  BOOST_TEST(d.three_weeks.ToString() == "2026-12-25");
  BOOST_TEST(d.last_day.ToString() == "2026-12-28");
  BOOST_TEST(d.Extended());
  BOOST_TEST(SwedishCalendar::WhyNotDeadlineDay(d.three_weeks, false) == "juldagen");
  BOOST_TEST(SwedishCalendar::WhyNotDeadlineDay(d.three_weeks, true) == "Christmas Day");
}

BOOST_AUTO_TEST_CASE(ChristmasEveIsNotADeadlineDay) {
  BOOST_TEST(LastDay("2027-12-03") == "2027-12-27");  // Fri 24 → Sat, Sun → Mon 27
  BOOST_TEST(SwedishCalendar::WhyNotDeadlineDay(D("2027-12-24"), false) == "julafton");
}

BOOST_AUTO_TEST_CASE(NewYearsEveAndNewYearsDayMoveIntoTheNextYear) {
  BOOST_TEST(LastDay("2026-12-10") == "2027-01-04");  // Thu 31 Dec, Fri 1 Jan, weekend
  BOOST_TEST(SwedishCalendar::WhyNotDeadlineDay(D("2026-12-31"), true) == "New Year's Eve");
}

BOOST_AUTO_TEST_CASE(GoodFridayMovesPastEasterMonday) {
  BOOST_TEST(LastDay("2026-03-13") == "2026-04-07");  // Fri 3 Apr → Sat, Easter Sunday, Easter Monday → Tue
}

BOOST_AUTO_TEST_CASE(EasterMondayMovesToTuesday) {
  BOOST_TEST(LastDay("2027-03-08") == "2027-03-30");  // Easter 2027-03-28; Monday 29 is annandag påsk
}

BOOST_AUTO_TEST_CASE(MidsummerEveMovesToMonday) {
  BOOST_TEST(LastDay("2026-05-29") == "2026-06-22");  // Fri 19 June midsommarafton, Sat midsommardagen, Sun
}

BOOST_AUTO_TEST_CASE(AscensionDayMovesToTheFridayAfter) {
  BOOST_TEST(LastDay("2026-04-23") == "2026-05-15");  // Thu 14 May; the Friday after is a working day
}

BOOST_AUTO_TEST_CASE(NationalDayMovesButWhitMondayIsAWorkingDay) {
  // 2025: Fri 6 June national day, Sun 8 June Whit Sunday; Whit Monday has not been a holiday since 2005.
  BOOST_TEST(LastDay("2025-05-16") == "2025-06-09");
}

BOOST_AUTO_TEST_CASE(EpiphanyAndMayDayMove) {
  BOOST_TEST(LastDay("2026-12-16") == "2027-01-07");  // Wed 6 January
  BOOST_TEST(LastDay("2026-04-10") == "2026-05-04");  // Fri 1 May → Mon 4 May
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
