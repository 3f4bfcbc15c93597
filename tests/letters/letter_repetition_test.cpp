// Letters say each thing once. The letter service builds a kommunicering from what the officer
// recorded (its reasons, which are also its material; an intended revocation's breach, which is
// also its reasons and its material) and the advice summary from the group's recorded advice;
// these tests render such models and count what the letter prints.
#include <boost/test/unit_test.hpp>
#include <string>

#include "letters/letter_model.hpp"
#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

std::size_t Count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

bool Contains(const std::string& haystack, const std::string& needle) { return Count(haystack, needle) > 0; }

// The element opened by `open` up to the first `close` after it.
std::string Part(const std::string& html, const std::string& open, const std::string& close = "</section>") {
  const auto from = html.find(open);
  if (from == std::string::npos) return "";
  return html.substr(from, html.find(close, from) - from);
}

// The kommunicering sample of the intended outcome, as the letter service builds it from a
// recorded communication: its reasons are the officer's reasons and its only material.
LetterModel RecordedKommunicering(Language lang, IntendedOutcome outcome, const std::string& reasons) {
  for (LetterModel m : SampleLetters(LetterType::kKommunicering, lang)) {
    if (m.intended_outcome != outcome || m.subject.kind != domain::ApplicationKind::kGrant) continue;
    m.reasons.officer_reasons = reasons;
    m.communication->material = {reasons};
    return m;
  }
  BOOST_FAIL("no kommunicering sample of that outcome");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(KommuniceringSaysItsReasonsOnce)

// The reasons were printed under "Bedömning" and again as the list under "Material".
BOOST_AUTO_TEST_CASE(TheOfficersReasonsStandOnceUnderTheReasonsTheDecisionMayRestOn) {
  const std::string reasons_sv = "Ordföranden har hotat en tjänsteman inom föreningens verksamhet.";
  const std::string sv = testing::RenderOrFail(RecordedKommunicering(Language::kSv, IntendedOutcome::kRejection, reasons_sv));
  BOOST_TEST(Count(sv, reasons_sv) == 1u, sv);
  BOOST_TEST(Contains(Part(sv, "<section class=\"reasons\">"), "<h3>Bedömning</h3>\n<p>" + reasons_sv + "</p>"));
  const std::string material = Part(sv, "<section class=\"material\">");
  BOOST_TEST(Contains(material, "<p>Det material som har betydelse för beslutet är det som redovisas ovan.</p>"), material);
  BOOST_TEST(!Contains(material, "<ul>"), material);

  const std::string reasons_en = "The chair threatened an official at a meeting of the association.";
  const std::string en = testing::RenderOrFail(RecordedKommunicering(Language::kEn, IntendedOutcome::kRejection, reasons_en));
  BOOST_TEST(Count(en, reasons_en) == 1u, en);
  BOOST_TEST(Contains(Part(en, "<section class=\"reasons\">"), "<h3>Assessment</h3>\n<p>" + reasons_en + "</p>"));
  BOOST_TEST(Contains(Part(en, "<section class=\"material\">"),
                      "<p>The material of importance for the decision is what is set out above.</p>"));
}

BOOST_AUTO_TEST_CASE(OtherMaterialIsStillListedAfterWhatIsSetOutAbove) {
  const std::string reasons = "Ordföranden har hotat en tjänsteman.";
  LetterModel m = RecordedKommunicering(Language::kSv, IntendedOutcome::kRejection, reasons);
  m.communication->material.push_back("Polisanmälan den 3 mars 2025");
  const std::string html = testing::RenderOrFail(m);
  BOOST_TEST(Count(html, reasons) == 1u);
  const std::string material = Part(html, "<section class=\"material\">");
  BOOST_TEST(Contains(material, "<p>Det material som har betydelse för beslutet är det som redovisas ovan och följande:</p>"),
             material);
  BOOST_TEST(Contains(material, "<ul>\n<li>Polisanmälan den 3 mars 2025</li>\n</ul>"), material);
}

// Material that is not the reasons is listed as before (the samples: a judgment, the advice, a note).
BOOST_AUTO_TEST_CASE(DistinctMaterialIsListedAsBefore) {
  const std::string html = testing::RenderOrFail(SampleLetters(LetterType::kKommunicering, Language::kSv).front());
  const std::string material = Part(html, "<section class=\"material\">");
  BOOST_TEST(Contains(material, "<p>Det material som har betydelse för beslutet är:</p>\n<ul>\n<li>Sammanfattning av"),
             material);
  BOOST_TEST(Contains(Part(html, "<section class=\"reasons\">"), "<h3>Bedömning</h3>"));
}

// An intended revocation: the service records the breach as the reasons and the material too, and
// the letter printed it under "Det som har inträffat", "Bedömning" and "Material".
BOOST_AUTO_TEST_CASE(AnIntendedRevocationsBreachStandsOnceUnderWhatHasHappened) {
  for (Language lang : {Language::kSv, Language::kEn}) {
    LetterModel m = SampleLetters(LetterType::kKommunicering, lang).at(2);
    BOOST_TEST_REQUIRE((m.intended_outcome == IntendedOutcome::kRevocation));
    const std::string breach = m.revocation->breach;
    m.reasons.officer_reasons = breach;
    m.communication->material = {breach};
    const std::string html = testing::RenderOrFail(m);
    BOOST_TEST(Count(html, breach) == 1u, html);
    BOOST_TEST(Contains(Part(html, "<section class=\"intended\">"), breach));
    const std::string reasons = Part(html, "<section class=\"reasons\">");
    BOOST_TEST(!Contains(reasons, lang == Language::kSv ? "<h3>Bedömning</h3>" : "<h3>Assessment</h3>"), reasons);
    BOOST_TEST(Contains(reasons, lang == Language::kSv ? "det som har inträffat (se ovan)" : "what has happened (see above)"));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(AdviceSaysEachThingOnce)

// The service's summary is the group's tally ("Den tvärsektoriella arbetsgruppen lämnade råd:
// 3 avslag."); the section announced it with a sentence of its own ("Arbetsgruppen lämnade den
// 28 oktober 2026 följande sammanfattade råd:"), so the letter said twice that the group gave advice.
BOOST_AUTO_TEST_CASE(TheGroupsAdviceIsAnnouncedOnceWithItsDate) {
  for (Language lang : {Language::kSv, Language::kEn}) {
    const bool en = lang == Language::kEn;
    LetterModel m = SampleLetters(LetterType::kRejection, lang).front();
    BOOST_TEST_REQUIRE(m.advice.has_value());
    m.advice->summary = en ? "The cross-sectoral advisory group gave its advice: 3 members advised rejection. 1 member declared a conflict of interest (jäv)."
                           : "Den tvärsektoriella arbetsgruppen lämnade råd: 3 ledamöter förordade avslag. 1 ledamot anmälde jäv.";
    const std::string html = testing::RenderOrFail(m);
    const std::string advice = Part(html, "<section class=\"advice\">");
    BOOST_TEST(Count(html, m.advice->summary) == 1u, html);
    // The summary says that the group advised; no sentence of the letter's announces it again.
    BOOST_TEST(!Contains(advice, ":</p>\n<blockquote>"), advice);
    if (!en) BOOST_TEST(Count(advice, "lämnade") == 1u, advice);
    BOOST_TEST(Count(advice, en ? "28 October 2026" : "28 oktober 2026") == 1u, advice);
    BOOST_TEST(Contains(advice, en ? "<h2>Advice of the advisory group, 28 October 2026</h2>"
                                   : "<h2>Arbetsgruppens råd den 28 oktober 2026</h2>"),
               advice);
    BOOST_TEST(Count(advice, en ? "not a decision" : "inte ett beslut") == 1u, advice);
  }
}

// A summary the group wrote in its own words reads as before, under the dated heading.
BOOST_AUTO_TEST_CASE(AWrittenSummaryFollowsTheReferralSentence) {
  const std::string html = testing::RenderOrFail(SampleLetters(LetterType::kRejection, Language::kSv).front());
  BOOST_TEST(Contains(Part(html, "<section class=\"advice\">"),
                      "avstämning om uthyrning, arrangemang och bidrag.</p>\n<blockquote>\n<p>Arbetsgruppen (fyra ledamöter;"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace granska::letters
