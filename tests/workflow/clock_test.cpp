// The municipality's calendar date of a stored instant (workflow::LocalDateOf). The store
// writes instants in UTC; a kommunicering sent at 00:30 in Stockholm is dated that day, not
// the day before (a letter dated before the application's submission day was refused, 500).
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <string>

#include "app/runtime.hpp"
#include "workflow/ports.hpp"

namespace {

std::string DateOf(const std::string& iso) { return granska::workflow::LocalDateOf(iso).ToString(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(MunicipalCalendar)

BOOST_AUTO_TEST_CASE(AStoredInstantIsDatedInTheConfiguredZone) {
  granska::app::ApplyTimeZone("Europe/Stockholm");
  BOOST_TEST(DateOf("2026-12-05T22:59:59Z") == "2026-12-05");  // 23:59:59 CET
  BOOST_TEST(DateOf("2026-12-05T23:00:00Z") == "2026-12-06");  // midnight CET
  BOOST_TEST(DateOf("2026-12-05T23:30:00Z") == "2026-12-06");
  BOOST_TEST(DateOf("2026-06-30T21:59:00Z") == "2026-06-30");  // 23:59 CEST
  BOOST_TEST(DateOf("2026-06-30T22:00:00Z") == "2026-07-01");  // summer time: two hours ahead
  BOOST_TEST(DateOf("2026-12-06T00:30:00+01:00") == "2026-12-06");
  // What libpq will send as the session's TimeZone, so SQL dates agree with the server's.
  BOOST_TEST(std::string(std::getenv("PGTZ")) == "Europe/Stockholm");
}

BOOST_AUTO_TEST_CASE(AnotherZoneGivesItsOwnDate) {
  granska::app::ApplyTimeZone("America/New_York");
  BOOST_TEST(DateOf("2026-12-06T03:00:00Z") == "2026-12-05");  // 22:00 the evening before
  granska::app::ApplyTimeZone("Europe/Stockholm");
}

BOOST_AUTO_TEST_CASE(AnUnparseableInstantFallsBackToItsWrittenDate) {
  BOOST_TEST(DateOf("2026-12-05") == "2026-12-05");
}

BOOST_AUTO_TEST_SUITE_END()
