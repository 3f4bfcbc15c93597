#include "letters/view_builder.hpp"

#include <boost/test/unit_test.hpp>
#include <set>

#include "letters/sample_letters.hpp"
#include "letters_test_support.hpp"

namespace granska::letters {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A besked is not a decision: no appeal section, no signature under delegation, no payment
// instructions, and it is not headed as a decision.
void ExpectNoDecisionParts(const std::string& html) {
  const std::string body = html.substr(html.find("<body>"));
  BOOST_TEST(!Contains(body, "Hur man överklagar"));
  BOOST_TEST(!Contains(body, "laglighetsprövning"));
  BOOST_TEST(!Contains(body, "delegation"));
  BOOST_TEST(!Contains(body, "bankgiro"));
  BOOST_TEST(!Contains(html, "<td class=\"doc-kind\">Beslut"));
}

std::set<std::string> Keys(const ViewData& v) {
  std::set<std::string> keys;
  for (const auto& [k, value] : v.Fields()) keys.insert(k);
  return keys;
}

// The sample with every optional part removed.
LetterModel Minimal(LetterModel m) {
  m.addressee.contact_name.reset();
  m.addressee.email.reset();
  m.addressee.address_lines.clear();
  m.officer.email.reset();
  m.officer.phone.reset();
  m.delegation_reference.reset();
  m.rule_set_version.reset();
  m.subject.amount_applied_sek.reset();
  m.reasons.criteria.clear();
  m.reasons.special_reasons.reset();
  m.advice.reset();
  // A revocation and the kommunicering of one quote the original decision's clause: required.
  if (m.type != LetterType::kRevocation && m.intended_outcome != IntendedOutcome::kRevocation)
    m.revocation_clause.reset();
  if (m.type != LetterType::kAppealNotice) m.appeal.minutes_posted_on.reset();  // a notice needs it
  if (m.notice_of) m.notice_of->minutes_reference.reset();
  if (m.type == LetterType::kRevocationDropped) {  // the communication is required there; its parts are not
    m.communication->material.clear();
    m.communication->reply.reset();
    m.conditions.clear();
    m.subject.amount_granted_sek.reset();
    m.revocation->repayment_sek = 0;
  } else if (m.type == LetterType::kRevocation) {  // the revocation's kommunicering is required; a reply is not
    m.communication->reply.reset();
  } else if (m.type != LetterType::kKommunicering) {
    m.communication.reset();
  }
  if (m.type == LetterType::kRevocationAnnulled) {  // the court's outcome is required; its case number is not
    m.court_outcome->court_case_number.reset();
    m.conditions.clear();
    m.subject.amount_granted_sek.reset();
    m.revocation->repayment_sek = 0;
    m.revocation->repayment_due_on.reset();
  }
  if (m.type == LetterType::kDecisionAnnulled) {  // the annulled decision and the judgment are required
    m.court_outcome->court_case_number.reset();
    m.conditions.clear();
    m.subject.amount_granted_sek.reset();
  }
  return m;
}

BOOST_AUTO_TEST_SUITE(view_builder)

BOOST_AUTO_TEST_CASE(TheKeysOfALetterTypeDoNotDependOnOptionalParts) {
  const ViewBuilder builder(testing::ShippedConfig());
  for (const auto& [type, name] : AllLetterTypes()) {
    const LetterModel full = SampleLetters(type, Language::kSv).front();
    const LetterModel minimal = Minimal(full);
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST(Validate(minimal).empty());
      const auto a = Keys(builder.Build(full));
      const auto b = Keys(builder.Build(minimal));
      BOOST_TEST(std::vector<std::string>(a.begin(), a.end()) == std::vector<std::string>(b.begin(), b.end()),
                 boost::test_tools::per_element());
    }
  }
}

BOOST_AUTO_TEST_CASE(AMinimalLetterOfEveryTypeRendersWithoutHoles) {
  for (const auto& [type, name] : AllLetterTypes())
    for (const auto& [language, lang] : AllLanguages())
      for (const LetterModel& m : SampleLetters(type, language)) {
        const std::string rendered = testing::RenderOrFail(Minimal(m));
        const std::string html = rendered.substr(rendered.find("<body>"));
        BOOST_TEST(!Contains(html, "{{"), name << "_" << lang);
        BOOST_TEST(!Contains(html, "<p></p>"), name << "_" << lang);
        BOOST_TEST(!Contains(html, "()"), name << "_" << lang);
      }
}

BOOST_AUTO_TEST_CASE(CaseDataIsHtmlEscaped) {
  LetterModel m = SampleLetters(LetterType::kRejection, Language::kSv).front();
  m.addressee.organisation_name = "Föreningen <script>alert('x')</script> & \"Co\"";
  m.reasons.officer_reasons = "<b>fet</b>";
  const std::string html = testing::RenderOrFail(m);
  BOOST_TEST(!Contains(html, "<script>"));
  BOOST_TEST(!Contains(html, "<b>fet</b>"));
  BOOST_TEST(Contains(html, "Föreningen &lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;Co&quot;"));
  BOOST_TEST(Contains(html, "&lt;b&gt;fet&lt;/b&gt;"));
}

BOOST_AUTO_TEST_CASE(ADraftCarriesAWatermarkABannerAndAPageHeader) {
  LetterModel m = SampleLetters(LetterType::kApproval, Language::kSv).front();
  const std::string issued = testing::RenderOrFail(m);
  BOOST_TEST(!Contains(issued, "UTKAST"));
  m.draft = true;
  const std::string draft = testing::RenderOrFail(m);
  BOOST_TEST(Contains(draft, "<div class=\"watermark\" aria-hidden=\"true\">UTKAST</div>"));
  BOOST_TEST(Contains(draft, "UTKAST – ej expedierat."));
  BOOST_TEST(Contains(draft, "@top-center { content: \"UTKAST – ej expedierat\""));
  m.language = Language::kEn;
  m = SampleLetters(LetterType::kApproval, Language::kEn).front();
  m.draft = true;
  BOOST_TEST(Contains(testing::RenderOrFail(m), "DRAFT – not issued"));
}

BOOST_AUTO_TEST_CASE(AnUnknownPostingDateExplainsHowTheDeadlineIsCounted) {
  LetterModel m = SampleLetters(LetterType::kRejection, Language::kSv).front();
  if (m.type != LetterType::kAppealNotice) m.appeal.minutes_posted_on.reset();  // a notice needs it
  if (m.notice_of) m.notice_of->minutes_reference.reset();
  const std::string html = testing::RenderOrFail(m);
  BOOST_TEST(Contains(html, "inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla"));
  BOOST_TEST(Contains(html, "www.exempelby.example/anslagstavla"));
  BOOST_TEST(!Contains(html, "senast den <strong>"));
}

BOOST_AUTO_TEST_CASE(AKnownPostingDateGivesTheLastDay) {
  LetterModel m = SampleLetters(LetterType::kRejection, Language::kEn).front();
  m.appeal.minutes_posted_on = *domain::Date::Parse("2026-05-29");  // +21 = midsommarafton
  const std::string html = testing::RenderOrFail(m);
  BOOST_TEST(Contains(html, "no later than <strong>22 June 2026</strong>"));
  BOOST_TEST(Contains(html, "Three weeks from that day is 19 June 2026, which is Midsummer Eve."));
}

BOOST_AUTO_TEST_CASE(APartialGrantSaysTheRestIsRejected) {
  const auto samples = SampleLetters(LetterType::kApproval, Language::kSv);
  const std::string full = testing::RenderOrFail(samples[0]);
  const std::string partly = testing::RenderOrFail(samples[1]);
  BOOST_TEST(!Contains(full, "avslås den"));
  BOOST_TEST(Contains(
      partly,
      "Föreningen ansökte om 60\u00a0000\u00a0kr. I den del ansökan avser mer än 45\u00a0000\u00a0kr avslås den."));
}

BOOST_AUTO_TEST_CASE(ABookingLetterNamesThePremisesAndTime) {
  const std::string html = testing::RenderOrFail(SampleLetters(LetterType::kApproval, Language::kSv).back());
  BOOST_TEST(Contains(
      html,
      "beviljar Ungdomsföreningen Ängsbäcken att hyra Ängby Folkets hus, sal A den 14 februari 2027 kl. 18.00–22.00"));
  BOOST_TEST(Contains(html, "Beslut om lokalbokning"));
  BOOST_TEST(Contains(html, "kommunens hyresvillkor"));  // the booking revocation clause
  BOOST_TEST(!Contains(html, "bidraget krävas tillbaka"));
}

BOOST_AUTO_TEST_CASE(TheModelsOwnDelegationAndClauseOverrideTheConfig) {
  const std::string html = testing::RenderOrFail(SampleLetters(LetterType::kApproval, Language::kSv)[1]);
  BOOST_TEST(Contains(html, "delegation: Delegationsordning för kultur- och fritidsnämnden, punkt 4.2. Beslutet"));
  BOOST_TEST(Contains(html, "om föreningen inte använder bidraget för det ändamål som det har beviljats för.</p>"));
}

BOOST_AUTO_TEST_CASE(ADroppedRevocationSaysTheDecisionStandsTheMatterIsClosedAndNothingIsRepaid) {
  const auto samples = SampleLetters(LetterType::kRevocationDropped, Language::kSv);
  const std::string html = testing::RenderOrFail(samples[0]);
  BOOST_TEST(Contains(html, "<td class=\"doc-kind\">Besked – beslutet återkallas inte</td>"));
  BOOST_TEST(Contains(html,
                      "Kultur- och fritidsnämnden återkallar inte beslutet den 20 november 2026 om "
                      "verksamhetsbidrag med 45\u00a0000\u00a0kr till Ungdomsföreningen Ängsbäcken "
                      "(802456-7896). Beslutet gäller som tidigare."));
  BOOST_TEST(Contains(html, "<p>Ärendet om återkallelse är avslutat.</p>"));
  BOOST_TEST(Contains(html,
                      "Det återkrav på 45\u00a0000\u00a0kr som övervägdes fullföljs inte heller. Föreningen "
                      "ska inte betala tillbaka något av bidraget."));
  BOOST_TEST(Contains(html,
                      "Den 16 augusti 2027 underrättades föreningen om att nämnden övervägde att återkalla "
                      "beslutet och att kräva att föreningen betalar tillbaka 45\u00a0000\u00a0kr."));
  BOOST_TEST(Contains(html, "senast den 30 augusti 2027 (25 § förvaltningslagen (2017:900))"));
  BOOST_TEST(Contains(html, "Föreningen yttrade sig den 27 augusti 2027:"));
  BOOST_TEST(Contains(html, "Det finns därför inte skäl att återkalla beslutet"));  // the officer's reasons
  // The open conditions of the standing decision continue to apply; the one that was met is not listed.
  BOOST_TEST(Contains(html, "<h2>Villkor som fortsätter att gälla</h2>"));
  BOOST_TEST(Contains(html, "31 december 2027"));
  BOOST_TEST(Contains(html, "31 mars 2028"));
  BOOST_TEST(!Contains(html, "30 juni 2027</td>"));
  BOOST_TEST(
      Contains(html, "Beslutet den 20 november 2026 är fortfarande förenat med följande återkallelseförbehåll:"));
  BOOST_TEST(Contains(html,
                      "Detta besked är inte ett nytt beslut och ändrar inte beslutet den 20 november 2026. "
                      "Det kan inte överklagas."));
  ExpectNoDecisionParts(html);
}

BOOST_AUTO_TEST_CASE(ADroppedRevocationWithoutRepaymentConditionsOrClauseSaysSo) {
  const auto samples = SampleLetters(LetterType::kRevocationDropped, Language::kSv);
  const std::string html = testing::RenderOrFail(samples[1]);
  BOOST_TEST(Contains(html, "<p>Föreningen ska inte betala tillbaka något av bidraget.</p>"));
  BOOST_TEST(!Contains(html, "återkrav"));
  // Dropped on 25 August, before the reply date of 30 August, without a reply: the association
  // had not failed to respond (letters review: it said "Föreningen har inte yttrat sig.").
  BOOST_TEST(Contains(html, "<p>Ärendet om återkallelse avslutas innan tiden för att yttra sig har gått ut. "
                            "Föreningen behöver inte yttra sig.</p>"));
  BOOST_TEST(!Contains(html, "har inte yttrat sig"));
  BOOST_TEST(!Contains(html, "Villkor som fortsätter att gälla"));
  BOOST_TEST(!Contains(html, "Återkallelseförbehållet"));  // none on record: no standard clause is put in
  BOOST_TEST(Contains(html, "<p>Ni behöver inte göra något med anledning av detta besked.</p>"));

  const std::string booking = testing::RenderOrFail(samples[2]);
  BOOST_TEST(Contains(booking,
                      "återkallar inte beslutet den 20 november 2026 om lokalbokning av Ängby Folkets hus, "
                      "sal A den 14 februari 2027 kl. 18.00–22.00 till Ungdomsföreningen Ängsbäcken"));
  BOOST_TEST(
      Contains(booking, "Föreningen ska inte betala något till kommunen med anledning av ärendet om återkallelse."));
  BOOST_TEST(!Contains(booking, "bidraget"));
  BOOST_TEST(Contains(booking, "Högsta antal deltagare"));
}

BOOST_AUTO_TEST_CASE(TheEnglishDroppedRevocationIsATranslation) {
  const auto samples = SampleLetters(LetterType::kRevocationDropped, Language::kEn);
  const std::string html = testing::RenderOrFail(samples[0]);
  BOOST_TEST(Contains(html, "<html lang=\"en\">"));
  BOOST_TEST(Contains(html, "The Swedish version is the official document"));
  BOOST_TEST(Contains(html, "<td class=\"doc-kind\">Notice – the decision will not be revoked</td>"));
  BOOST_TEST(Contains(html,
                      "will not revoke the decision of 20 November 2026 granting Ungdomsföreningen Ängsbäcken "
                      "(802456-7896) an activity grant of SEK\u00a045,000. The decision stands as before."));
  BOOST_TEST(Contains(html, "<p>The revocation matter is closed.</p>"));
  BOOST_TEST(Contains(html, "Nor will the repayment claim of SEK\u00a045,000 that was considered be pursued."));
  BOOST_TEST(Contains(html, "It cannot be appealed."));
  BOOST_TEST(!Contains(html, "How to appeal"));
  const std::string plain = testing::RenderOrFail(samples[1]);
  BOOST_TEST(Contains(plain, "<p>The association does not have to repay any part of the grant.</p>"));
  BOOST_TEST(Contains(plain, "<p>The revocation matter is closed before the time to respond has run out. The "
                             "association need not respond.</p>"));
  BOOST_TEST(!Contains(plain, "has not responded"));
}

BOOST_AUTO_TEST_CASE(AnAnnulledRevocationSaysTheDecisionAppliesAgainAndTheClaimFalls) {
  const auto samples = SampleLetters(LetterType::kRevocationAnnulled, Language::kSv);
  const std::string html = testing::RenderOrFail(samples[0]);
  BOOST_TEST(Contains(html, "<td class=\"doc-kind\">Besked: beslutet om återkallelse har upphävts</td>"));
  BOOST_TEST(Contains(html, "<h1>Återkallelsen av beslutet om verksamhetsbidrag har upphävts</h1>"));
  BOOST_TEST(Contains(html,
                      "Förvaltningsrätten i Göteborg har genom dom den 8 mars 2028 (mål nr 8123-27) upphävt "
                      "kommunens beslut den 15 september 2027 att återkalla beslutet den 20 november 2026 om "
                      "verksamhetsbidrag med 45\u00a0000\u00a0kr till Ungdomsföreningen Ängsbäcken (802456-7896). "
                      "Beslutet den 20 november 2026 gäller därför igen."));
  BOOST_TEST(Contains(html,
                      "Kravet på att föreningen ska betala tillbaka 45\u00a0000\u00a0kr senast den 31 oktober 2027 "
                      "gäller inte längre. Om föreningen redan har betalat hela eller delar av beloppet betalar "
                      "kommunen tillbaka det som har betalats. Kontakta handläggaren"));
  BOOST_TEST(!Contains(html, "Inget ska betalas tillbaka."));
  BOOST_TEST(Contains(html, "<p>Återkallelsen grundades på:</p>"));
  BOOST_TEST(Contains(html, "trots påminnelse den 15 juli 2027.</p>"));  // the breach
  // The conditions apply again; the report whose last day has passed is marked as such.
  BOOST_TEST(Contains(html, "<h2>Villkor som gäller igen</h2>"));
  BOOST_TEST(Contains(html, "Villkoren i beslutet den 20 november 2026 gäller igen."));
  BOOST_TEST(Contains(html, "Ett villkor vars sista dag redan har passerat ska redovisas så snart som möjligt."));
  BOOST_TEST(Contains(html, "<td class=\"date\">30 juni 2027<br>(har passerat)</td>"));
  BOOST_TEST(Contains(html, "<td class=\"date\">31 mars 2028</td>"));
  BOOST_TEST(!Contains(html, "31 december 2027"));  // that condition is not among those still to be met
  BOOST_TEST(
      Contains(html, "Beslutet den 20 november 2026 är fortfarande förenat med följande återkallelseförbehåll:"));
  BOOST_TEST(Contains(html,
                      "<p>Detta besked är inget nytt beslut och kan inte överklagas. Domstolens dom kan överklagas "
                      "enligt den överklagandehänvisning som följer med domen.</p>"));
  ExpectNoDecisionParts(html);
}

BOOST_AUTO_TEST_CASE(AnAnnulledRevocationWithoutClaimConditionsOrCaseNumberSaysOnlyWhatApplies) {
  const auto samples = SampleLetters(LetterType::kRevocationAnnulled, Language::kSv);
  const std::string html = testing::RenderOrFail(samples[1]);
  BOOST_TEST(Contains(html,
                      "Förvaltningsrätten i Göteborg har genom dom den 24 januari 2028 upphävt kommunens beslut den "
                      "20 september 2027 att återkalla beslutet den 20 november 2026 om verksamhetsbidrag till "
                      "Ungdomsföreningen Ängsbäcken (802456-7896)."));
  BOOST_TEST(Contains(html, "<p>Inget ska betalas tillbaka.</p>"));
  BOOST_TEST(!Contains(html, "mål nr"));
  BOOST_TEST(!Contains(html, "Kravet på"));
  BOOST_TEST(!Contains(html, "återkrav"));
  BOOST_TEST(!Contains(html, "Villkor som gäller igen"));
  BOOST_TEST(!Contains(html, "Återkallelseförbehållet"));  // none on record: no standard clause is put in
  BOOST_TEST(Contains(html, "Detta besked är inget nytt beslut och kan inte överklagas."));
}

BOOST_AUTO_TEST_CASE(AnAnnulledRevocationOfABookingSaysWhetherTheTimeAppliesAgain) {
  LetterModel m = SampleLetters(LetterType::kRevocationAnnulled, Language::kSv).back();
  BOOST_REQUIRE(m.court_outcome->booking_restored == false);
  const std::string lost = testing::RenderOrFail(m);
  BOOST_TEST(Contains(lost,
                      "upphävt kommunens beslut den 20 januari 2027 att återkalla beslutet den 20 november 2026 om "
                      "lokalbokning av Ängby Folkets hus, sal A den 14 februari 2027 kl. 18.00–22.00 till "
                      "Ungdomsföreningen Ängsbäcken"));
  BOOST_TEST(Contains(lost,
                      "Medan återkallelsen gällde har Ängby Folkets hus, sal A bokats av någon annan den 14 februari "
                      "2027 kl. 18.00–22.00. Föreningens bokning kan därför inte återställas. Kontakta handläggaren om "
                      "föreningen vill boka en annan tid."));
  BOOST_TEST(!Contains(lost, "betala tillbaka"));  // nothing is said about repayment for a booking
  BOOST_TEST(!Contains(lost, "bidraget"));

  m.court_outcome->booking_restored = true;
  const std::string restored = testing::RenderOrFail(m);
  BOOST_TEST(Contains(restored,
                      "<p>Föreningens bokning av Ängby Folkets hus, sal A den 14 februari 2027 kl. 18.00–22.00 för "
                      "arrangemanget ”Årsfest för medlemmar och familjer” gäller igen.</p>"));
  BOOST_TEST(!Contains(restored, "inte återställas"));
}

BOOST_AUTO_TEST_CASE(TheEnglishAnnulledRevocationIsATranslation) {
  const auto samples = SampleLetters(LetterType::kRevocationAnnulled, Language::kEn);
  const std::string html = testing::RenderOrFail(samples[0]);
  BOOST_TEST(Contains(html, "<html lang=\"en\">"));
  BOOST_TEST(Contains(html, "The Swedish version is the official document"));
  BOOST_TEST(Contains(html, "<td class=\"doc-kind\">Notice: the revocation decision has been annulled</td>"));
  BOOST_TEST(Contains(html,
                      "By its judgment of 8 March 2028 (court case no. 8123-27), Förvaltningsrätten i Göteborg has "
                      "annulled the municipality's decision of 15 September 2027 to revoke the decision of 20 November "
                      "2026 granting Ungdomsföreningen Ängsbäcken (802456-7896) an activity grant of "
                      "SEK\u00a045,000. The decision of 20 November 2026 therefore applies again."));
  BOOST_TEST(
      Contains(html, "The claim that the association repay SEK\u00a045,000 by 31 October 2027 no longer applies."));
  BOOST_TEST(Contains(html, "<td class=\"date\">30 June 2027<br>(passed)</td>"));
  BOOST_TEST(Contains(html, "This notice is not a new decision and cannot be appealed."));
  BOOST_TEST(!Contains(html, "How to appeal"));
  const std::string plain = testing::RenderOrFail(samples[1]);
  BOOST_TEST(Contains(plain, "<p>Nothing is to be repaid.</p>"));
  const std::string lost = testing::RenderOrFail(samples.back());  // the booking
  BOOST_TEST(Contains(lost, "The association's booking can therefore not be restored."));
}

BOOST_AUTO_TEST_CASE(TheKeysOfAnAnnulledDecisionDoNotDependOnWhatItDecided) {
  // An approval with conditions of a grant, a rejection, an approval of a booking: the same keys.
  const ViewBuilder builder(testing::ShippedConfig());
  const auto samples = SampleLetters(LetterType::kDecisionAnnulled, Language::kSv);
  BOOST_REQUIRE(samples.size() == 3u);
  const auto first = Keys(builder.Build(samples[0]));
  for (const LetterModel& m : samples) {
    const auto keys = Keys(builder.Build(m));
    BOOST_TEST(
        std::vector<std::string>(keys.begin(), keys.end()) == std::vector<std::string>(first.begin(), first.end()),
        boost::test_tools::per_element());
  }
  BOOST_TEST(first.count("annulled_on") == 1u);
  BOOST_TEST(first.count("court_outcome") == 1u);
  // Not a decision, and nothing of the municipality's own reasons, kommunicering, revocation or appeal.
  for (const char* absent : {"officer_reasons", "criteria", "communication", "revocation", "revocation_clause",
                             "standing_clause", "appeal_court", "appeal_deadline", "booking_restored", "notice"})
    BOOST_TEST(first.count(absent) == 0u, absent);
  const ViewData v = builder.Build(samples[0]);
  BOOST_TEST(v.FindPath("court_outcome.revoked_on") == nullptr);  // not used by this type
  BOOST_TEST(!v.Find("is_decision")->Flag());
}

BOOST_AUTO_TEST_CASE(AnAnnulledApprovalWithConditionsNoLongerAppliesAndItsConditionsLapse) {
  const std::string html = testing::RenderOrFail(SampleLetters(LetterType::kDecisionAnnulled, Language::kSv)[0]);
  BOOST_TEST(Contains(html, "<td class=\"doc-kind\">Besked: beslutet har upphävts</td>"));
  BOOST_TEST(Contains(html, "<title>Besked: beslutet har upphävts 2026-00042</title>"));
  BOOST_TEST(Contains(html, "<h1>Beslutet om verksamhetsbidrag har upphävts</h1>"));
  BOOST_TEST(Contains(html,
                      "<p>Förvaltningsrätten i Göteborg har genom dom den 17 maj 2027 (mål nr 3456-27) upphävt "
                      "kommunens beslut den 20 november 2026 om föreningens ansökan om verksamhetsbidrag. Beslutet "
                      "innebar att ansökan beviljades med villkor och att bidraget bestämdes till 45\u00a0000\u00a0kr. "
                      "Beslutet gäller därför inte längre.</p>"));
  BOOST_TEST(Contains(html,
                      "<p>Har bidrag redan betalats ut enligt det upphävda beslutet kontaktar handläggaren föreningen "
                      "om hur det ska hanteras. Detta besked innebär inget krav på återbetalning.</p>"));
  BOOST_TEST(Contains(html,
                      "<p>Kommunen prövar ansökan på nytt och fattar ett nytt beslut, som föreningen får skriftligt "
                      "med en överklagandehänvisning.</p>"));
  BOOST_TEST(Contains(html,
                      "Föreningen kan komplettera ansökan eller lämna synpunkter innan det nya beslutet fattas. "
                      "Kontakta i så fall handläggaren."));
  BOOST_TEST(Contains(html, "ansökte den 2 oktober 2026 om verksamhetsbidrag med 60\u00a0000\u00a0kr.</p>"));
  BOOST_TEST(Contains(html,
                      "Kommunens beslut den 20 november 2026 överklagades till Förvaltningsrätten i Göteborg, "
                      "som har upphävt det."));
  // The lapsing conditions, listed.
  BOOST_TEST(Contains(html, "<h2>Villkor som inte längre gäller</h2>"));
  BOOST_TEST(Contains(html, "<p>Villkoren i det upphävda beslutet gäller inte längre:</p>"));
  BOOST_TEST(Contains(html, "<td class=\"kind\">Verksamhetsrapport</td>"));
  BOOST_TEST(Contains(html, "<td class=\"kind\">Ekonomisk redovisning</td>"));
  BOOST_TEST(Contains(html, "<td class=\"date\">31 mars 2028</td>"));
  BOOST_TEST(!Contains(html, "31 december 2027"));  // not among the lapsing conditions
  BOOST_TEST(!Contains(html, "(har passerat)"));
  BOOST_TEST(Contains(html,
                      "<p>Detta besked är inget nytt beslut och kan inte överklagas. Domstolens dom kan överklagas "
                      "enligt den överklagandehänvisning som följer med domen.</p>"));
  ExpectNoDecisionParts(html);
  // Nor a revocation clause or a booking.
  const std::string body = html.substr(html.find("<body>"));
  BOOST_TEST(!Contains(body, "Återkallelseförbehåll"));
  BOOST_TEST(!Contains(body, "Bokningen"));
}

BOOST_AUTO_TEST_CASE(AnAnnulledPlainApprovalSaysWhatItGranted) {
  LetterModel m = SampleLetters(LetterType::kDecisionAnnulled, Language::kSv)[0];
  m.notice_of->decision_type = LetterType::kApproval;
  m.conditions.clear();
  std::string html = testing::RenderOrFail(m);
  BOOST_TEST(Contains(html,
                      "Beslutet innebar att ansökan beviljades med 45\u00a0000\u00a0kr. Beslutet gäller därför "
                      "inte längre.</p>"));
  BOOST_TEST(!Contains(html, "Villkor som inte längre gäller"));
  BOOST_TEST(Contains(html, "Har bidrag redan betalats ut"));
  m.subject.amount_granted_sek.reset();
  html = testing::RenderOrFail(m);
  BOOST_TEST(Contains(html, "Beslutet innebar att ansökan beviljades. Beslutet gäller därför inte längre.</p>"));
  BOOST_TEST(Contains(html, "Har bidrag redan betalats ut"));
}

BOOST_AUTO_TEST_CASE(AnAnnulledRejectionSaysOnlyThatTheApplicationIsConsideredAgain) {
  const std::string html = testing::RenderOrFail(SampleLetters(LetterType::kDecisionAnnulled, Language::kSv)[1]);
  BOOST_TEST(Contains(html,
                      "<p>Förvaltningsrätten i Göteborg har genom dom den 29 mars 2027 upphävt kommunens beslut den "
                      "20 november 2026 om föreningens ansökan om verksamhetsbidrag. Beslutet innebar att ansökan "
                      "avslogs. Beslutet gäller därför inte längre.</p>"));
  BOOST_TEST(Contains(html, "Kommunen prövar ansökan på nytt och fattar ett nytt beslut"));
  BOOST_TEST(!Contains(html, "mål nr"));
  BOOST_TEST(!Contains(html, "beviljades"));
  BOOST_TEST(!Contains(html, "Har bidrag redan betalats ut"));
  BOOST_TEST(!Contains(html, "återbetalning"));
  BOOST_TEST(!Contains(html, "Villkor som inte längre gäller"));
  BOOST_TEST(Contains(html, "Detta besked är inget nytt beslut och kan inte överklagas."));
}

BOOST_AUTO_TEST_CASE(AnAnnulledApprovalOfABookingSaysTheBookingIsNoLongerApproved) {
  LetterModel m = SampleLetters(LetterType::kDecisionAnnulled, Language::kSv)[2];
  const std::string html = testing::RenderOrFail(m);
  BOOST_TEST(Contains(html, "<h1>Beslutet om lokalbokning har upphävts</h1>"));
  BOOST_TEST(Contains(html,
                      "<p>Förvaltningsrätten i Göteborg har genom dom den 27 januari 2027 (mål nr 245-27) upphävt "
                      "kommunens beslut den 20 november 2026 om föreningens ansökan om bokning av Ängby Folkets hus, "
                      "sal A den 14 februari 2027 kl. 18.00–22.00. Beslutet innebar att ansökan beviljades. Beslutet "
                      "gäller därför inte längre.</p>"));
  BOOST_TEST(Contains(html,
                      "<p>Bokningen är inte längre beviljad. Den begärda tiden prövas på nytt tillsammans med "
                      "ansökan.</p>"));
  BOOST_TEST(Contains(html, "för arrangemanget ”Årsfest för medlemmar och familjer”"));
  // Nothing about grants or payments for a booking (the contact section below names the unit's e-mail).
  const std::string text =
      html.substr(html.find("<main>"), html.find("<section class=\"signature\">") - html.find("<main>"));
  BOOST_TEST(!Contains(text, "bidrag"), text);
  BOOST_TEST(!Contains(text, "återbetalning"));

  m.notice_of->decision_type = LetterType::kRejection;  // an annulled rejection of a booking
  const std::string rejected = testing::RenderOrFail(m);
  BOOST_TEST(Contains(rejected, "Beslutet innebar att ansökan avslogs."));
  BOOST_TEST(!Contains(rejected, "Bokningen är inte längre beviljad"));
  BOOST_TEST(Contains(rejected, "Kommunen prövar ansökan på nytt"));
}

BOOST_AUTO_TEST_CASE(TheEnglishAnnulledDecisionIsATranslation) {
  const auto samples = SampleLetters(LetterType::kDecisionAnnulled, Language::kEn);
  const std::string html = testing::RenderOrFail(samples[0]);
  BOOST_TEST(Contains(html, "<html lang=\"en\">"));
  BOOST_TEST(Contains(html, "The Swedish version is the official document"));
  BOOST_TEST(Contains(html, "<td class=\"doc-kind\">Notice: the decision has been annulled</td>"));
  BOOST_TEST(Contains(html, "<h1>The decision on an activity grant has been annulled</h1>"));
  BOOST_TEST(Contains(html,
                      "By its judgment of 17 May 2027 (court case no. 3456-27), Förvaltningsrätten i Göteborg has "
                      "annulled the municipality's decision of 20 November 2026 on the association's application "
                      "for an activity grant. That decision approved the application with conditions and set the "
                      "grant at SEK\u00a045,000. The decision therefore no longer applies."));
  BOOST_TEST(Contains(html,
                      "If a grant has already been paid out under the annulled decision, the case officer will "
                      "contact the association about how it is to be handled."));
  BOOST_TEST(Contains(html, "<p>The conditions of the annulled decision no longer apply:</p>"));
  BOOST_TEST(Contains(html, "The municipality will consider the application again and make a new decision"));
  BOOST_TEST(Contains(html, "This notice is not a new decision and cannot be appealed."));
  BOOST_TEST(!Contains(html, "How to appeal"));
  BOOST_TEST(Contains(testing::RenderOrFail(samples[1]), "That decision rejected the application."));
  const std::string booking = testing::RenderOrFail(samples[2]);
  BOOST_TEST(Contains(booking, "the booking of Ängby Folkets hus, hall A on "));
  BOOST_TEST(Contains(booking, "That decision approved the application. The decision therefore no longer applies."));
  BOOST_TEST(Contains(booking,
                      "<p>The booking is no longer approved. The requested time will be considered again "
                      "together with the application.</p>"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::letters
