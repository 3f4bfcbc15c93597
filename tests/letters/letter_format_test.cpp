#include "letters/letter_format.hpp"

#include <boost/test/unit_test.hpp>

namespace granska::letters {
namespace {

const std::string kNbsp = "\u00a0";

BOOST_AUTO_TEST_SUITE(letter_format)

BOOST_AUTO_TEST_CASE(DatesAreWrittenOutInEachLanguage) {
  const auto d = *domain::Date::Parse("2026-11-22");
  BOOST_TEST(LetterFormat(Language::kSv).Date(d) == "22 november 2026");
  BOOST_TEST(LetterFormat(Language::kEn).Date(d) == "22 November 2026");
  BOOST_TEST(LetterFormat(Language::kSv).Date(*domain::Date::Parse("2027-01-01")) == "1 januari 2027");
}

BOOST_AUTO_TEST_CASE(AmountsUseSwedishSpacesOrEnglishCommas) {
  const LetterFormat sv(Language::kSv);
  const LetterFormat en(Language::kEn);
  BOOST_TEST(sv.Amount(45000) == "45" + kNbsp + "000" + kNbsp + "kr");
  BOOST_TEST(en.Amount(45000) == "SEK" + kNbsp + "45,000");
  BOOST_TEST(sv.Amount(0) == "0" + kNbsp + "kr");
  BOOST_TEST(sv.Amount(999) == "999" + kNbsp + "kr");
  BOOST_TEST(sv.Amount(1234567) == "1" + kNbsp + "234" + kNbsp + "567" + kNbsp + "kr");
  BOOST_TEST(en.Amount(100000) == "SEK" + kNbsp + "100,000");
}

BOOST_AUTO_TEST_CASE(PeriodsUseTheInstantsOwnOffset) {
  const auto a = *domain::Instant::Parse("2027-02-14T18:00:00+01:00");
  const auto b = *domain::Instant::Parse("2027-02-14T22:30:00+01:00");
  const auto c = *domain::Instant::Parse("2027-02-15T01:00:00+01:00");
  BOOST_TEST(LetterFormat(Language::kSv).Period(a, b) == "14 februari 2027 kl. 18.00–22.30");
  BOOST_TEST(LetterFormat(Language::kEn).Period(a, b) == "14 February 2027, 18:00–22:30");
  BOOST_TEST(LetterFormat(Language::kSv).Period(a, c) == "14 februari 2027 kl. 18.00 – 15 februari 2027 kl. 01.00");
}

BOOST_AUTO_TEST_CASE(FreeTextBecomesParagraphsPerLine) {
  const auto p = LetterFormat::Paragraphs("  First.\n\n Second line. \r\nThird");
  BOOST_TEST(p == (std::vector<std::string>{"First.", "Second line.", "Third"}), boost::test_tools::per_element());
  BOOST_TEST(LetterFormat::Paragraphs(" \n ").empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
