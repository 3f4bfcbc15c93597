#include <boost/test/unit_test.hpp>

#include "domain/application.hpp"
#include "domain/json_text.hpp"

using namespace granska::domain;

namespace {
bool HasError(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors)
    if (e.field == field) return true;
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(ApplicationInvariants)

BOOST_AUTO_TEST_CASE(RefusesABookingThatEndsBeforeItStarts) {
  Application app;
  app.kind = ApplicationKind::kBooking;
  BookingRequest b;
  b.start = Instant::Parse("2027-02-10T21:00:00+01:00");
  b.end = Instant::Parse("2027-02-10T18:00:00+01:00");
  app.booking = b;
  std::vector<FieldError> errors;
  CheckApplication(app, errors);
  BOOST_TEST(HasError(errors, "booking.end"));
}

BOOST_AUTO_TEST_CASE(RefusesNegativeAmountsAndReversedPeriods) {
  Application app;
  GrantRequest g;
  g.amount_sek = -1;
  g.period_from = Date::Parse("2027-12-31");
  g.period_to = Date::Parse("2027-01-01");
  app.grant = g;
  std::vector<FieldError> errors;
  CheckApplication(app, errors);
  BOOST_TEST(HasError(errors, "grant.amount_sek"));
  BOOST_TEST(HasError(errors, "grant.period.to"));
}

BOOST_AUTO_TEST_CASE(RefusesMoreResidentMembersThanMembers) {
  Application app;
  app.organisation.member_count = 10;
  app.organisation.members_resident = 11;
  std::vector<FieldError> errors;
  CheckApplication(app, errors);
  BOOST_TEST(HasError(errors, "organisation.members_resident"));
}

BOOST_AUTO_TEST_CASE(AcceptsAConsistentApplication) {
  Application app;
  app.organisation.member_count = 10;
  app.organisation.members_resident = 10;
  GrantRequest g;
  g.amount_sek = 0;
  app.grant = g;
  std::vector<FieldError> errors;
  CheckApplication(app, errors);
  BOOST_TEST(errors.empty());
}

BOOST_AUTO_TEST_CASE(ListsContactBoardAndSpeakersAsRepresentatives) {
  Application app;
  app.organisation.contact = Person{"Anna", "", "a@example.org"};
  app.organisation.board = {Person{"Omar", "chair", ""}};
  BookingRequest b;
  b.speakers = {Person{"Speaker", "", ""}};
  app.booking = b;
  BOOST_TEST(app.Representatives().size() == 3u);
}

BOOST_AUTO_TEST_CASE(WritesEscapedJson) {
  JsonWriter w;
  w.BeginObject().Field("a", "x\"y\n").Field("n", 3).Key("l").BeginArray().Bool(true).Null().EndArray().EndObject();
  BOOST_TEST(w.Text() == R"({"a":"x\"y\n","n":3,"l":[true,null]})");
}

BOOST_AUTO_TEST_SUITE_END()
