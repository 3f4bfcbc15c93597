// The checks every request text passes before it is stored, and the printable form of a
// value echoed back in an error.
#include "domain/text.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

namespace granska::domain {
namespace {

BOOST_AUTO_TEST_SUITE(text)

BOOST_AUTO_TEST_CASE(OrdinaryTextWithSwedishLettersTabsAndLineBreaksIsAccepted) {
  BOOST_TEST((CheckText("") == TextFault::kNone));
  BOOST_TEST((CheckText("Föreningen Ängen\träknar\r\nmed 40 deltagare") == TextFault::kNone));
  BOOST_TEST((CheckText("\xF0\x9F\x98\x80 \xE2\x82\xAC \x7f") == TextFault::kNone));  // emoji, euro sign, DEL
}

BOOST_AUTO_TEST_CASE(NulAndOtherC0ControlCharactersAreRefused) {
  BOOST_TEST((CheckText(std::string("\0x", 2)) == TextFault::kControlCharacter));
  BOOST_TEST((CheckText(std::string("ångrar\0", 8)) == TextFault::kControlCharacter));
  for (int c : {0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f})
    BOOST_TEST((CheckText("a" + std::string(1, static_cast<char>(c)) + "b") == TextFault::kControlCharacter), c);
  BOOST_TEST(std::string(TextFaultMessage(TextFault::kControlCharacter)) == "must not contain control characters");
}

BOOST_AUTO_TEST_CASE(BytesThatAreNotWellFormedUtf8AreRefused) {
  for (const char* bad : {"\xFF", "a\x80", "\xC3", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80",
                          "\xF5\x80\x80\x80", "\xE2\x82"})
    BOOST_TEST((CheckText(bad) == TextFault::kNotUtf8), bad);
  BOOST_TEST(std::string(TextFaultMessage(TextFault::kNotUtf8)) == "is not valid UTF-8");
}

BOOST_AUTO_TEST_CASE(PrintableKeepsGoodTextAndWritesEveryOtherByteAsHex) {
  BOOST_TEST(Printable("Göteborg – 2027") == "Göteborg – 2027");
  BOOST_TEST(Printable(std::string("a\0b", 3)) == "a\\x00b");
  BOOST_TEST(Printable("\xFF"
                       "ok\xC3") == "\\xffok\\xc3");
  BOOST_TEST(Printable("rad\nrad\x7f") == "rad\\x0arad\\x7f");
  BOOST_TEST(Printable("\xC2\x85") == "\\xc2\\x85");       // U+0085, a C1 control
  BOOST_TEST(Printable("\xE2\x28\xA1") == "\\xe2(\\xa1");  // a good byte after a broken lead byte survives
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::domain
