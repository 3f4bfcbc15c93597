// The JSON writer and its inverse for stored string arrays (proposed conditions).
#include <boost/test/unit_test.hpp>

#include "domain/json_text.hpp"

namespace granska::domain {
namespace {

std::string ArrayOf(const std::vector<std::string>& items) {
  JsonWriter w;
  w.BeginArray();
  for (const auto& s : items) w.String(s);
  w.EndArray();
  return w.Take();
}

BOOST_AUTO_TEST_SUITE(json_text)

BOOST_AUTO_TEST_CASE(WhatTheWriterWritesReadsBackExactly) {
  const std::vector<std::string> items = {"", "Öppet för allmänheten", "rad ett\r\nrad två \"citat\" \\ /",
                                          std::string("kontroll\b\f\t\x01 slut"), "\xF0\x9F\x98\x80 é å"};
  auto back = ParseJsonStringArray(ArrayOf(items));
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(*back == items, boost::test_tools::per_element());
  BOOST_TEST(ParseJsonStringArray("[]")->empty());
}

BOOST_AUTO_TEST_CASE(EscapesAsPostgreSQLPrintsThemAreDecoded) {
  auto back = ParseJsonStringArray(R"([ "\u00e5\u00E4", "\ud83d\ude00", "a\/b" ])");
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST(back->at(0) == "åä");
  BOOST_TEST(back->at(1) == "\xF0\x9F\x98\x80");
  BOOST_TEST(back->at(2) == "a/b");
}

BOOST_AUTO_TEST_CASE(AnythingButAnArrayOfStringsIsRefused) {
  for (const char* bad : {"", "{}", "[1]", "[\"a\"", "[\"a\",]", "[\"a\"] x", "[\"\\x\"]", "[\"\\u12\"]", "\"a\""})
    BOOST_TEST(!ParseJsonStringArray(bad).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::domain
