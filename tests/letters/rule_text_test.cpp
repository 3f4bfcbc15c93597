// Rule text in letters (src/letters/rule_text.*): what the screening rendered from a rule, and
// the rule's basis, as a letter prints them among the reasons.
#include "letters/rule_text.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The criteria list of a rendered letter.
std::string Criteria(const std::string& html) {
  const auto from = html.find("<ol class=\"criteria\">");
  if (from == std::string::npos) return "";
  return html.substr(from, html.find("</ol>", from) - from);
}

// The first rejection sample with one criterion: a flag whose explanation is `facts` and whose
// basis is `basis`, as a letter built from a screening gets them.
LetterModel RejectionWith(Language lang, const std::string& basis, const std::string& facts) {
  LetterModel m = SampleLetters(LetterType::kRejection, lang).front();
  m.reasons.criteria = {{"DV-1", lang == Language::kEn ? "Violence, coercion or threats" : "Våld, tvång eller hot",
                         basis, facts}};
  return m;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(EmptyPartsOfRuleText)

// An incident registered without a reference: the shipped rules' "(källa: {incident.source},
// {incident.reference})" rendered "(källa: dom, )", and the letter printed it so.
BOOST_AUTO_TEST_CASE(ASourceWithoutItsReferenceIsPrintedWithoutADanglingComma) {
  const std::string sv = testing::RenderOrFail(RejectionWith(
      Language::kSv, "Riktlinjer för föreningsbidrag, ",
      "En verifierad händelse av hot den 2025-01-10 är hänförlig till organisationen själv (källa: dom, ), "
      "inom fem år före ansökan eller senare."));
  const std::string criteria = Criteria(sv);
  BOOST_TEST(Contains(criteria, "organisationen själv (källa: dom), inom fem år före ansökan eller senare."), criteria);
  BOOST_TEST(Contains(criteria, "<p class=\"basis\">Grund: Riktlinjer för föreningsbidrag</p>"), criteria);
  BOOST_TEST(!Contains(criteria, ", )"), criteria);
  BOOST_TEST(!Contains(criteria, ", <"), criteria);

  const std::string en = testing::RenderOrFail(RejectionWith(
      Language::kEn, "Guidelines for association grants, ",
      "A verified incident of threat on 2025-01-10 is attributable to the organisation itself (source: court "
      "judgment, ), within the five years before the application or since."));
  const std::string en_criteria = Criteria(en);
  BOOST_TEST(Contains(en_criteria, "the organisation itself (source: court judgment), within the five years"),
             en_criteria);
  BOOST_TEST(Contains(en_criteria, "<p class=\"basis\">Basis: Guidelines for association grants</p>"), en_criteria);
  BOOST_TEST(!Contains(en_criteria, ", )"), en_criteria);
}

BOOST_AUTO_TEST_CASE(ASourceWithNothingInItIsLeftOutWithItsParenthesis) {
  const std::string sv = testing::RenderOrFail(RejectionWith(
      Language::kSv, "Prop. 2023/24:119; ; Rinkeby-Kista handlingsplan 2018",
      "Verifierat brott mot hyresvillkor den 2025-01-01, hänförligt till en företrädare (källa: , ), inom två år."));
  const std::string criteria = Criteria(sv);
  BOOST_TEST(Contains(criteria, "hänförligt till en företrädare, inom två år."), criteria);
  BOOST_TEST(Contains(criteria, "Grund: Prop. 2023/24:119; Rinkeby-Kista handlingsplan 2018</p>"), criteria);
  BOOST_TEST(!Contains(criteria, "källa"), criteria);
}

BOOST_AUTO_TEST_CASE(OnlyEmptyPartsAreTouched) {
  // A full source, amounts, times, clauses and section numbers stay as they are.
  for (const char* kept :
       {"(källa: dom, Göteborgs tingsrätt B 1234-21), inom fem år", "SEK 200,000 (activity grant)",
        "Prop. 2023/24:119, demokrativillkoret punkt 1 (våld, tvång eller hot); Göteborgs Stads plan, avsnitt 2:4",
        "Bifogade handlingar: stadgar, verksamhetsberättelse.", "kl. 10.00–16.00; (uppgift saknas)"})
    BOOST_TEST(WithoutEmptyParts(kept) == kept);
  BOOST_TEST(WithoutEmptyParts("(källa: , B 1-24)") == "(källa: B 1-24)");
  BOOST_TEST(WithoutEmptyParts("(, B 1-24)") == "(B 1-24)");
  BOOST_TEST(WithoutEmptyParts("a, , b,") == "a, b");
  BOOST_TEST(WithoutEmptyParts("avsnitt 2:4, .") == "avsnitt 2:4.");
  BOOST_TEST(WithoutEmptyParts("själv (källa: ) och ( )\nandra stycket (source: media, )") ==
             "själv och\nandra stycket (source: media)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(RoutingInRuleText)

// DV-1 as the shipped rules render it for a threat without a reference, with the routing
// paragraph a municipality has reworded: it keeps the mark, so the letter still leaves it out
// (it was removed by matching the shipped sentence word for word, and a reworded one was printed).
const char* const kRewordedSv =
    "En verifierad händelse av hot den 2025-01-10 är hänförlig till organisationen själv (källa: dom, ), inom fem "
    "år före ansökan eller senare.\n\u2192 Arbetsgruppen för rådgivning får ärendet; regeln beslutar ingenting.";
const char* const kRewordedEn =
    "A verified incident of threat on 2025-01-10 is attributable to the organisation itself (source: court "
    "judgment, ), within the five years before the application or since.\n\u2192 Sent to the working group for "
    "advice; the rule decides nothing.";

BOOST_AUTO_TEST_CASE(AMarkedRoutingParagraphIsLeftOutOfTheLetterHoweverItIsWorded) {
  const std::string sv = testing::RenderOrFail(RejectionWith(
      Language::kSv, "Prop. 2023/24:119, demokrativillkoret punkt 1 (våld, tvång eller hot)", WithoutRouting(kRewordedSv)));
  const std::string criteria = Criteria(sv);
  BOOST_TEST(Contains(criteria, "<p>En verifierad händelse av hot den 2025-01-10 är hänförlig till organisationen "
                                "själv (källa: dom), inom fem år före ansökan eller senare.</p>"),
             criteria);
  for (const char* absent : {"Arbetsgruppen för rådgivning får ärendet", "beslutar ingenting", "\u2192"})
    BOOST_TEST(!Contains(sv, absent), absent);

  const std::string en = testing::RenderOrFail(RejectionWith(
      Language::kEn, "Government Bill 2023/24:119, democracy condition 1", WithoutRouting(kRewordedEn)));
  BOOST_TEST(Contains(Criteria(en), "within the five years before the application or since.</p>"), Criteria(en));
  for (const char* absent : {"Sent to the working group", "decides nothing", "\u2192"})
    BOOST_TEST(!Contains(en, absent), absent);
}

BOOST_AUTO_TEST_CASE(TheMarkMayAlsoOpenASentenceInsideAParagraph) {
  BOOST_TEST(WithoutRouting("Fakta om händelsen. \u2192 Ärendet går till arbetsgruppen.\nAnnat stycke.") ==
             "Fakta om händelsen.\nAnnat stycke.");
  // An arrow that does not open a sentence is text like any other.
  BOOST_TEST(WithoutRouting("Sträckan A \u2192 B.") == "Sträckan A \u2192 B.");
}

// A screening stored before the shipped rules marked their routing keeps its text: its letter
// still leaves the unmarked shipped sentences out.
BOOST_AUTO_TEST_CASE(TheShippedRulesEarlierUnmarkedSentencesAreStillLeftOut) {
  BOOST_TEST(WithoutRouting("Händelse den 2025-01-10. Ärendet hänskjuts till den rådgivande arbetsgruppen; regeln "
                            "avgör inte ärendet.") == "Händelse den 2025-01-10.");
  BOOST_TEST(WithoutRouting("Revoked on 2024-02-01. The case is referred to the advisory group.") ==
             "Revoked on 2024-02-01.");
}

// The shipped rules mark every routing sentence they give, so no letter depends on the
// sentences' exact words.
BOOST_AUTO_TEST_CASE(TheShippedRulesMarkTheirRoutingSentences) {
  const std::string rules = testing::ReadText(testing::SourceDir() / "rules" / "10_democracy.yaml");
  const std::string mark = std::string(kRoutingMark) + " ";
  int marked = 0;
  for (std::size_t from = 0, to; from < rules.size(); from = to + 1) {
    to = rules.find('\n', from);
    if (to == std::string::npos) to = rules.size();
    const std::string line = rules.substr(from, to - from);
    if (line.find_first_not_of(' ') != std::string::npos && line[line.find_first_not_of(' ')] == '#') continue;
    for (const char* phrase : {"Ärendet hänskjuts", "The case is referred"}) {
      const auto at = line.find(phrase);
      if (at == std::string::npos) continue;
      BOOST_TEST((at >= mark.size() && line.compare(at - mark.size(), mark.size(), mark) == 0), line);
      ++marked;
    }
  }
  BOOST_TEST(marked == 10);  // DV-1..DV-5, sv and en
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace granska::letters
