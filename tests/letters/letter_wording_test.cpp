// What the letters say in the cases the letters review found wrong: each test renders a sample
// (src/letters/sample_letters.cpp) or a model built from one and reads the sentence in question.
#include <boost/test/unit_test.hpp>
#include <string>

#include "letters/letter_model.hpp"
#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The text of the first element opened by `open` ("<h1>", "<section class=\"decision\">").
std::string Part(const std::string& html, const std::string& open, const std::string& close) {
  const auto from = html.find(open);
  if (from == std::string::npos) return "";
  return html.substr(from, html.find(close, from) - from);
}

const std::string kNbsp = "\u00a0";

// The sample of `type` whose notice_of (appeal notice) is of `of` and of `kind`.
LetterModel NoticeSample(Language lang, LetterType of, domain::ApplicationKind kind) {
  for (const auto& m : SampleLetters(LetterType::kAppealNotice, lang))
    if (m.notice_of && m.notice_of->decision_type == of && m.subject.kind == kind) return m;
  BOOST_FAIL("no appeal_notice sample of that decision and kind");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(AppealNoticeOfARevocation)

// It said "beslutet om bidrag till X återkallades och bidraget krävdes tillbaka" for every
// revocation, a booking's too, whatever was reclaimed, under a heading naming the original decision.
BOOST_AUTO_TEST_CASE(TheNoticeOfARevokedGrantNamesTheRevokedDecisionAndTheRepaymentClaimed) {
  const auto m = NoticeSample(Language::kSv, LetterType::kRevocation, domain::ApplicationKind::kGrant);
  const std::string html = testing::RenderOrFail(m);
  const std::string h1 = Part(html, "<h1>", "</h1>");
  BOOST_TEST(Contains(h1, "överklaga beslutet om återkallelse av verksamhetsbidrag och återkrav"), h1);
  const std::string decision = Part(html, "<section class=\"decision\">", "</section>");
  BOOST_TEST(Contains(decision, "Kultur- och fritidsnämnden fattade den 15 september 2027 beslut i ärende 2026-00042: "
                                "beslutet den 20 november 2026 om verksamhetsbidrag med 45" + kNbsp + "000" +
                                    kNbsp + "kr till Ungdomsföreningen Ängsbäcken återkallades och föreningen ska "
                                    "betala tillbaka 30" + kNbsp + "000" + kNbsp + "kr."),
             decision);
  BOOST_TEST(!Contains(decision, "bidraget krävdes tillbaka"));
  const std::string en = testing::RenderOrFail(
      NoticeSample(Language::kEn, LetterType::kRevocation, domain::ApplicationKind::kGrant));
  BOOST_TEST(Contains(Part(en, "<h1>", "</h1>"), "appeal the revocation of an activity grant and the repayment claim"));
  BOOST_TEST(Contains(en, "to revoke the decision of 20 November 2026 on an activity grant of SEK" + kNbsp +
                              "45,000 to Ungdomsföreningen Ängsbäcken and to claim repayment of SEK" + kNbsp + "30,000."),
             en);
}

BOOST_AUTO_TEST_CASE(TheNoticeOfARevokedBookingNamesTheBookingAndClaimsNothing) {
  for (Language lang : {Language::kSv, Language::kEn}) {
    const std::string html =
        testing::RenderOrFail(NoticeSample(lang, LetterType::kRevocation, domain::ApplicationKind::kBooking));
    const std::string decision = Part(html, "<section class=\"decision\">", "</section>");
    if (lang == Language::kSv) {
      BOOST_TEST(Contains(html, "<h1>Sista dag för att överklaga beslutet om återkallelse av lokalbokning</h1>"), html);
      BOOST_TEST(Contains(decision, ": beslutet den 22 februari 2027 om lokalbokning till "
                                    "Ungdomsföreningen Ängsbäcken återkallades."),
                 decision);
    } else {
      BOOST_TEST(Contains(html, "<h1>Last day to appeal the revocation of a premises booking</h1>"), html);
      BOOST_TEST(Contains(decision, "to revoke the decision of 22 February 2027 on a premises booking to "
                                    "Ungdomsföreningen Ängsbäcken."),
                 decision);
    }
    for (const char* absent : {"bidrag", "betala tillbaka", "återkrav", "grant", "repayment"})
      BOOST_TEST(!Contains(decision, absent), absent);
  }
}

// "On 7 December 2026 The Culture and Leisure Committee decided": the body's name is written
// for the start of a sentence, and now starts one.
BOOST_AUTO_TEST_CASE(TheEnglishNoticeStartsItsSentenceWithTheDecidingBody) {
  const std::string en = testing::RenderOrFail(SampleLetters(LetterType::kAppealNotice, Language::kEn).front());
  BOOST_TEST(Contains(en, "<p>The Culture and Leisure Committee decided on 20 November 2026 in case no. 2026-00042 to "
                          "grant the application from Ungdomsföreningen Ängsbäcken with conditions."),
             en);
  BOOST_TEST(!Contains(en, " The Culture and Leisure Committee decided"));
}

BOOST_AUTO_TEST_CASE(ANoticeOfARevocationWithoutTheRevocationIsRefused) {
  auto m = NoticeSample(Language::kSv, LetterType::kRevocation, domain::ApplicationKind::kGrant);
  m.revocation.reset();
  bool named = false;
  for (const auto& e : Validate(m)) named = named || e.field == "revocation";
  BOOST_TEST(named);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(KommuniceringOfARevocation)

LetterModel IntendedRevocation(Language lang) {
  for (const auto& m : SampleLetters(LetterType::kKommunicering, lang))
    if (m.intended_outcome == IntendedOutcome::kRevocation) return m;
  BOOST_FAIL("no kommunicering sample of a revocation");
  return {};
}

// It was headed "Underrättelse inför beslut om verksamhetsbidrag" and did not quote the clause the
// revocation would rest on.
BOOST_AUTO_TEST_CASE(ItIsHeadedAsARevocationWithItsRepaymentAndQuotesTheClause) {
  const std::string sv = testing::RenderOrFail(IntendedRevocation(Language::kSv));
  BOOST_TEST(Contains(sv, "<h1>Underrättelse inför beslut om återkallelse av verksamhetsbidrag och återkrav – möjlighet att yttra sig</h1>"));
  const std::string reasons = Part(sv, "<section class=\"reasons\">", "</section>");
  BOOST_TEST(Contains(reasons, "förutsättningar för återkallelse som anges i beslutets återkallelseförbehåll"), reasons);
  BOOST_TEST(Contains(reasons, "<blockquote>"), reasons);
  const std::string en = testing::RenderOrFail(IntendedRevocation(Language::kEn));
  BOOST_TEST(Contains(en, "<h1>Notice of intended decision on the revocation of an activity grant and a repayment claim: "
                          "opportunity to respond</h1>"));
  auto no_claim = IntendedRevocation(Language::kSv);
  no_claim.revocation->repayment_sek = 0;
  BOOST_TEST(Contains(testing::RenderOrFail(no_claim),
                      "<h1>Underrättelse inför beslut om återkallelse av verksamhetsbidrag – möjlighet att yttra sig</h1>"));
}

BOOST_AUTO_TEST_CASE(WithoutTheClauseItIsRefused) {
  auto m = IntendedRevocation(Language::kSv);
  m.revocation_clause.reset();
  bool named = false;
  for (const auto& e : Validate(m)) named = named || e.field == "revocation_clause";
  BOOST_TEST(named);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(RevocationAnnulledConditions)

// The besked listed only pending and overdue conditions; one recorded as breached, part of the
// decision that applies again, was missing.
BOOST_AUTO_TEST_CASE(ABreachedConditionIsListedAsApplyingAgain) {
  for (Language lang : {Language::kSv, Language::kEn}) {
    const auto samples = SampleLetters(LetterType::kRevocationAnnulled, lang);
    const LetterModel& m = samples.at(2);
    BOOST_TEST_REQUIRE(m.conditions.back().breached);
    const std::string html = testing::RenderOrFail(m);
    const std::string conditions = Part(html, "<section class=\"conditions\">", "</section>");
    BOOST_TEST(Contains(conditions, lang == Language::kSv ? "Villkoret har tidigare bedömts som inte uppfyllt. Det gäller igen"
                                                          : "This condition was earlier found not to have been met. It applies again"),
               conditions);
    // Marked once, as breached, not also as passed.
    const std::string last_row = conditions.substr(conditions.rfind("<tr>"));
    BOOST_TEST(!Contains(last_row, lang == Language::kSv ? "(har passerat)" : "(passed)"), last_row);
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(AppealGuidance)

// It said only "Den som är medlem i kommunen har rätt …": the usual addressee is an association,
// often not a member of the municipality. The guidance says who is (KL 1 kap. 8 §).
BOOST_AUTO_TEST_CASE(TheGuidanceSaysWhoMayRequestALegalityReviewAndWhenAnAssociationMay) {
  const std::string sv = testing::RenderOrFail(SampleLetters(LetterType::kRejection, Language::kSv).front());
  const std::string appeal = Part(sv, "<section class=\"appeal\">", "</section>");
  for (const char* expected : {"Rätt att begära laglighetsprövning har den som är medlem i kommunen (13 kap. 1 § kommunallagen)",
                               "folkbokförd i kommunen, äger fast egendom i kommunen eller ska betala kommunalskatt där "
                               "(1 kap. 8 § kommunallagen)",
                               "Även en förening kan vara medlem i kommunen"})
    BOOST_TEST(Contains(appeal, expected), expected);
  const std::string en = testing::RenderOrFail(SampleLetters(LetterType::kRejection, Language::kEn).front());
  BOOST_TEST(Contains(Part(en, "<section class=\"appeal\">", "</section>"),
                      "An association can also be a member of the municipality"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace granska::letters
