#include <boost/test/unit_test.hpp>

#include "domain/org_number.hpp"
#include "domain/person_name.hpp"

using granska::domain::OrgNumber;

BOOST_AUTO_TEST_SUITE(OrganisationNumbers)

BOOST_AUTO_TEST_CASE(AcceptsTenDigitsWithAValidCheckDigitWithOrWithoutHyphen) {
  auto a = OrgNumber::Parse("802456-7896");
  auto b = OrgNumber::Parse("8024567896");
  BOOST_REQUIRE(a);
  BOOST_REQUIRE(b);
  BOOST_TEST(a->Text() == "802456-7896");
  BOOST_TEST(b->Text() == "802456-7896");
  BOOST_TEST(OrgNumber::Parse("802512-3459").has_value());
}

BOOST_AUTO_TEST_CASE(RefusesAWrongCheckDigit) {
  BOOST_TEST(!OrgNumber::Parse("802456-7895"));
  BOOST_TEST(!OrgNumber::Parse("802456-7897"));
}

BOOST_AUTO_TEST_CASE(RefusesWrongLengthsAndCharacters) {
  BOOST_TEST(!OrgNumber::Parse("80245-67896"));
  BOOST_TEST(!OrgNumber::Parse("802456789"));
  BOOST_TEST(!OrgNumber::Parse("80245678961"));
  BOOST_TEST(!OrgNumber::Parse("802456+7896"));
  BOOST_TEST(!OrgNumber::Parse("80245a-7896"));
  BOOST_TEST(!OrgNumber::Parse(""));
}

BOOST_AUTO_TEST_CASE(NormalisesPersonNamesForMatching) {
  using granska::domain::NormalisePersonName;
  BOOST_TEST(NormalisePersonName("  Åsa   ÖSTLUND ") == "åsa östlund");
  BOOST_TEST(NormalisePersonName("Erik\tVidkun") == "erik vidkun");
  BOOST_TEST(NormalisePersonName("ÉMILE Ängel") == "émile ängel");
}

BOOST_AUTO_TEST_SUITE_END()
