// Revocation with repayment: kommunicering first, then the decision and its letter; the
// organisation's other open cases show it and DV-5 flags its next application.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <ctime>

#include "common/test_server.hpp"

using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Today;

namespace {

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");

  std::string Granted(const std::string& org) {
    auto s = server.Post("/api/v1/applications", intake, SampleGrant(org));
    const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
    BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                    R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})").status,
                        200);
    return id;
  }
  // A grant approved with two conditions: `first_kind` with `first_description` due in 60
  // days, and a financial report due in 90.
  std::string GrantedWithConditions(const std::string& first_kind, const std::string& first_description) {
    auto s = server.Post("/api/v1/applications", intake, SampleGrant("802456-7896"));
    const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
    BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                   R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.","conditions":[{"kind":")" +
                                       first_kind + R"(","due":")" + Today(60) + R"(","description":")" + first_description +
                                       R"("},{"kind":"financial_report","due":")" + Today(90) +
                                       R"(","description":"Ekonomisk redovisning."}]})")
                           .status == 200);
    return id;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Revocation, Fixture)

BOOST_AUTO_TEST_CASE(ARevocationIsCommunicatedDecidedWithARepaymentClaimAndLettered) {
  const auto id = Granted("802456-7896");
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  // Revoking before kommunicering is refused.
  BOOST_TEST(server.Post(base, officer, R"({"reasons":"x"})").status == 409);
  auto bad = server.Post(base + "/communication", officer, R"({"breach":"","reply_by":"2000-01-01","repayment_sek":99999999})");
  BOOST_TEST_REQUIRE(bad.status == 422, bad.body);
  auto c = server.Post(base + "/communication", officer,
                       R"({"breach":"Föreningens ordförande dömdes för olaga hot vid föreningens möte.","democracy_reason":true,"repayment_sek":45000,"reply_by":")" +
                           Today(10) + "\"}");
  BOOST_TEST_REQUIRE(c.status == 200, c.body);
  auto letter = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST(letter.Header("X-Letter-Type") == "kommunicering");
  BOOST_TEST(letter.body.find("olaga hot") != std::string::npos);
  BOOST_TEST(server.Post(base, officer, R"({"reasons":"x"})").status == 409);  // the reply deadline runs
  BOOST_TEST(server.Post(base + "/reply", intake, R"({"text":"Ordföranden har lämnat sitt uppdrag."})").status == 200);
  auto r = server.Post(base, officer,
                       R"({"reasons":"Föreningen har brutit mot demokrativillkoret; avståndstagandet kom först efter beslutet.","repayment_sek":45000,"repayment_due":")" +
                           Today(30) + "\"}");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Parse(r.body)->getValue<std::string>("status") == "revoked");
  auto detail = Parse(server.Get("/api/v1/cases/" + id, officer).body);
  BOOST_TEST(detail->getValue<std::string>("status") == "revoked");
  auto revocation_letter = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST(revocation_letter.Header("X-Letter-Type") == "revocation");
  BOOST_TEST(revocation_letter.body.find("45") != std::string::npos);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'revocation'") == 2);
}

// The revocation decision recounts the revocation's own kommunicering and the organisation's
// reply to it, not the kommunicering that came before the original decision, and names the
// amount that decision granted (FL 25 and 32 §§). It used to print the application's.
BOOST_AUTO_TEST_CASE(TheRevocationLetterRecountsItsOwnKommuniceringAndReply) {
  auto s = server.Post("/api/v1/applications", intake, SampleGrant("802456-7896"));
  const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  const std::string path = "/api/v1/cases/" + id;
  BOOST_TEST_REQUIRE(
      server
          .Post(path + "/communication", officer,
                R"({"intended_outcome":"approved","intended_amount_sek":30000,"reasons":"Budgeten för lokalhyra är för hög.","reply_by":")" +
                    Today(14) + "\"}")
          .status == 200);
  BOOST_TEST_REQUIRE(server.Post(path + "/reply", intake, R"({"text":"Vi klarar oss med trettiotusen."})").status == 200);
  auto d = server.Post(path + "/decision", officer,
                       R"({"outcome":"approved","amount_sek":30000,"reasons":"Beviljas med det belopp som kommunicerats."})");
  BOOST_TEST_REQUIRE(d.status == 200, d.body);
  BOOST_TEST_REQUIRE(server
                         .Post(path + "/revocation/communication", officer,
                               R"({"breach":"Föreningen har inte genomfört projektet.","repayment_sek":30000,"reply_by":")" +
                                   Today(7) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(
      server.Post(path + "/revocation/reply", intake, R"({"text":"Projektet är uppskjutet till våren."})").status == 200);
  // A due date without the claim (the amount mistyped or left out) is refused, not stored as a
  // final revocation claiming 0 kr.
  const long long before = server.Db().Count("SELECT version FROM cases WHERE id = " + path.substr(path.rfind('/') + 1));
  for (const std::string claim : {"", R"("repayment_sek":0,)", R"("repayment":30000,)"}) {
    auto no_claim = server.Post(path + "/revocation", officer,
                                R"({"reasons":"Projektet har inte genomförts.",)" + claim + R"("repayment_due":")" +
                                    Today(40) + "\"}");
    BOOST_TEST(no_claim.status == 422, no_claim.body);
    BOOST_TEST(no_claim.body.find("only with a repayment claim") != std::string::npos, no_claim.body);
  }
  BOOST_TEST(server.Db().Count("SELECT version FROM cases WHERE id = " + path.substr(path.rfind('/') + 1)) == before);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM revocations WHERE status = 'revoked'") == 0);
  auto r = server.Post(path + "/revocation", officer,
                       R"({"reasons":"Projektet har inte genomförts.","repayment_sek":30000,"repayment_due":")" +
                           Today(40) + "\"}");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  for (const std::string lang : {"sv", "en"}) {
    auto letter = server.Get(path + "/letter?format=html&lang=" + lang, officer);
    BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
    BOOST_TEST(letter.Header("X-Letter-Type") == "revocation");
    BOOST_TEST(letter.body.find("Projektet är uppskjutet till våren.") != std::string::npos, lang);
    BOOST_TEST(letter.body.find("Vi klarar oss med trettiotusen.") == std::string::npos, lang);
    BOOST_TEST(letter.body.find("Budgeten för lokalhyra är för hög.") == std::string::npos, lang);
    BOOST_TEST(letter.body.find("Föreningen har inte genomfört projektet.") != std::string::npos, lang);
  }
  auto sv = server.Get(path + "/letter?format=html&lang=sv", officer);
  // "återkallar beslutet den ... om projektbidrag med 30 000 kr till ..."
  const auto from = sv.body.find("återkallar beslutet den");
  BOOST_TEST_REQUIRE(from != std::string::npos, sv.body);
  const std::string sentence = sv.body.substr(from, sv.body.find("</p>", from) - from);
  BOOST_TEST(sentence.find(" med 30") != std::string::npos, sentence);
}

BOOST_AUTO_TEST_CASE(TheCaseShowsItsRevocationsAndPseudonymisesThemWhereTheApplicationIs) {
  const auto id = Granted("802456-7896");
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST(Parse(server.Get("/api/v1/cases/" + id, officer).body)->getArray("revocations")->size() == 0u);
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Kassören Omar Lind hotade en journalist vid föreningens möte.","reply_by":")" +
                                     Today(10) + "\"}")
                         .status == 200);
  // An auditor (or an integration reading as one) sees the revocation under way and the day
  // the organisation may reply by, without opening the revocation's letter.
  auto seen = Parse(server.Get("/api/v1/cases/" + id, server.Token("auditor")).body);
  BOOST_TEST(seen->getValue<std::string>("status") == "decided");
  auto revocations = seen->getArray("revocations");
  BOOST_TEST_REQUIRE(revocations->size() == 1u);
  auto v = revocations->getObject(0);
  BOOST_TEST(v->getValue<std::string>("status") == "communicated");
  BOOST_TEST(v->getValue<std::string>("reply_by") == Today(10));
  BOOST_TEST(v->getValue<std::string>("breach").find("Omar Lind") != std::string::npos);
  BOOST_TEST(v->isNull("reply"));
  // The administrator reads the case as the referral packet shows it: the board member named
  // in the grounds is the same pseudonym as in the application.
  auto admin = Parse(server.Get("/api/v1/cases/" + id, server.Token("admin")).body);
  BOOST_TEST_REQUIRE(admin->getValue<bool>("names_pseudonymised"));
  const std::string breach = admin->getArray("revocations")->getObject(0)->getValue<std::string>("breach");
  BOOST_TEST(breach.find("Omar Lind") == std::string::npos, breach);
  const std::string pseudonym =
      admin->getObject("application")->getObject("organisation")->getArray("board")->getObject(1)->getValue<std::string>("name");
  BOOST_TEST(breach.find(pseudonym) != std::string::npos, breach + " / " + pseudonym);
}

BOOST_AUTO_TEST_CASE(AnApprovedBookingIsRevokedWithoutARepaymentClaimAndItsTimeIsFreed) {
  // This used to end in a 500: the letters allowed only a grant's revocation, with a claim.
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", server.Token("admin"),
                                    R"({"name":"Storsalen","capacity":120})").status == 201);
  auto s = server.Post("/api/v1/applications", intake, granska::testing::SampleBooking());
  BOOST_TEST_REQUIRE(s.status == 201, s.body);
  const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                 R"({"outcome":"approved","reasons":"Lokalen är ledig."})").status == 200);
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  auto claim = server.Post(base + "/communication", officer,
                           R"({"breach":"x","repayment_sek":500,"reply_by":")" + Today(10) + "\"}");
  BOOST_TEST(claim.status == 422, claim.body);
  BOOST_TEST(claim.body.find("a booking has nothing to repay") != std::string::npos, claim.body);
  auto c = server.Post(base + "/communication", officer,
                       R"({"breach":"Föreningen bjöd in en talare som uppmanade till våld.","democracy_reason":true,"reply_by":")" +
                           Today(10) + "\"}");
  BOOST_TEST_REQUIRE(c.status == 200, c.body);
  auto notice = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST(notice.Header("X-Letter-Type") == "kommunicering");
  BOOST_TEST(notice.body.find("överväger att återkalla") != std::string::npos, notice.body);
  BOOST_TEST(notice.body.find("betalar tillbaka") == std::string::npos);
  BOOST_TEST(server.Post(base + "/reply", intake, R"({"text":"Talaren är avbokad."})").status == 200);
  auto r = server.Post(base, officer, R"({"reasons":"Arrangemanget strider mot demokrativillkoret."})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto letter = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST(letter.Header("X-Letter-Type") == "revocation");
  BOOST_TEST(letter.body.find("återkallar beslutet") != std::string::npos, letter.body);
  for (const char* absent : {"återkrav", "betala tillbaka", "dröjsmålsränta", "bankgiro"})
    BOOST_TEST(letter.body.find(absent) == std::string::npos, absent);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM bookings WHERE case_id = " + id + " AND status = 'cancelled'") == 1);
  // The notice of the last day to appeal names the revocation of the booking, with nothing
  // reclaimed; it used to say that a grant was revoked and reclaimed.
  auto posted = server.Post("/api/v1/cases/" + id + "/minutes-posted", officer, R"({"posted_on":")" + Today(0) + "\"}");
  BOOST_TEST_REQUIRE(posted.status == 200, posted.body);
  auto notice_sv = server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice", officer);
  BOOST_TEST_REQUIRE(notice_sv.status == 200, notice_sv.body);
  BOOST_TEST(notice_sv.body.find("överklaga beslutet om återkallelse av lokalbokning</h1>") != std::string::npos,
             notice_sv.body);
  BOOST_TEST(notice_sv.body.find("om lokalbokning till Föreningen Exempel återkallades.") != std::string::npos, notice_sv.body);
  const auto from = notice_sv.body.find("<section class=\"decision\">");
  const std::string decision = notice_sv.body.substr(from, notice_sv.body.find("</section>", from) - from);
  for (const char* absent : {"bidrag", "krävdes tillbaka", "betala tillbaka"})
    BOOST_TEST(decision.find(absent) == std::string::npos, absent);
  auto notice_en = server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice&lang=en", officer);
  BOOST_TEST(notice_en.body.find("appeal the revocation of a premises booking</h1>") != std::string::npos, notice_en.body);
  BOOST_TEST(notice_en.body.find("revoke the decision of") != std::string::npos);
  BOOST_TEST(notice_en.body.find("reclaimed") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ARevokedDecisionsOpenConditionsLapseWithIt) {
  const auto id = GrantedWithConditions("activity_report", "Verksamhetsberättelse.");
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Bidraget användes till annat.","reply_by":")" + Today(10) + "\"}").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Vi beklagar."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base, officer, R"({"reasons":"Bidraget har inte använts till det som söktes."})").status == 200);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status = 'waived'") == 2);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status IN ('pending', 'overdue')") == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event = 'condition_waived'") == 2);
}

BOOST_AUTO_TEST_CASE(WithoutARevocationClauseTheSystemSaysSo) {
  const auto id = Granted("802456-7896");
  server.Db().Exec("UPDATE decisions SET revocation_clause = NULL WHERE case_id = " + id);
  auto r = server.Post("/api/v1/cases/" + id + "/revocation/communication", officer,
                       R"({"breach":"x","reply_by":")" + Today(10) + "\"}");
  BOOST_TEST(r.status == 409);
  BOOST_TEST(r.body.find("revocation clause") != std::string::npos, r.body);
}

BOOST_AUTO_TEST_CASE(ARevocationShowsOnOpenCasesAndFlagsTheNextApplication) {
  const auto id = Granted("802456-7896");
  auto open = Parse(server.Post("/api/v1/applications", intake, SampleGrant("802456-7896")).body);
  const auto open_id = std::to_string(open->getValue<long long>("case_id"));
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Våld vid arrangemang.","democracy_reason":true,"reply_by":")" + Today(3) + "\"}").status == 200);
  // Four days later: the reply date has passed without a reply.
  server.Db().Exec("UPDATE revocations SET reply_by = current_date - 1, communicated_at = now() - interval '4 days'");
  BOOST_TEST_REQUIRE(server.Post(base, officer, R"({"reasons":"Inget svar kom; villkoret är brutet."})").status == 200);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'organisation_support_revoked' AND case_id = " + open_id) == 1);
  auto next = Parse(server.Post("/api/v1/applications", intake, SampleGrant("802456-7896")).body);
  auto results = next->getObject("screening")->getArray("results");
  std::string dv5;
  for (std::size_t i = 0; i < results->size(); ++i)
    if (results->getObject(i)->getValue<std::string>("rule") == "DV-5") dv5 = results->getObject(i)->getValue<std::string>("outcome");
  BOOST_TEST(dv5 == "flag");
  BOOST_TEST(next->getValue<std::string>("status") == "referred");
}

BOOST_AUTO_TEST_CASE(AnIntendedRevocationCanBeDroppedAndTheDecisionStands) {
  auto s = server.Post("/api/v1/applications", intake, SampleGrant("802456-7896"));
  const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                 R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.","conditions":[{"kind":"activity_report","due":")" +
                                     Today(60) + R"(","description":"Verksamhetsberättelse."}]})").status == 200);
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  // Nothing communicated: nothing to drop.
  auto none = server.Post(base + "/drop", officer, R"({"reasons":"x"})");
  BOOST_TEST(none.status == 409);
  BOOST_TEST(none.body.find("nothing to drop") != std::string::npos, none.body);
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Ordföranden uttalade stöd för våld på föreningens möte.","democracy_reason":true,"repayment_sek":45000,"reply_by":")" +
                                     Today(10) + "\"}").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake,
                                 R"({"text":"Ordföranden har avgått och styrelsen har tagit avstånd från uttalandet."})").status == 200);
  const auto version_before = server.Db().Count("SELECT version FROM cases WHERE id = " + id);
  const auto events_before = server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id);

  // Only a case officer drops it; reasons are required; neither refusal changes anything.
  BOOST_TEST(server.Post(base + "/drop", intake, R"({"reasons":"x"})").status == 403);
  auto blank = server.Post(base + "/drop", officer, R"({"reasons":"  "})");
  BOOST_TEST_REQUIRE(blank.status == 422, blank.body);
  BOOST_TEST(blank.body.find("\"reasons\"") != std::string::npos, blank.body);
  BOOST_TEST(blank.body.find("why the decision is not revoked") != std::string::npos, blank.body);
  BOOST_TEST(server.Post(base + "/drop", officer, R"({"reasons":42})").status == 422);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM revocations WHERE status = 'communicated'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id) == events_before);

  // Before the reply deadline: dropping is in the organisation's favour, so it need not wait.
  const std::string reasons = "Styrelsen tog avstånd från uttalandet och ordföranden avgick; villkoret bedöms inte brutet.";
  auto dropped = server.Post(base + "/drop", officer, R"({"reasons":")" + reasons + "\"}");
  BOOST_TEST_REQUIRE(dropped.status == 200, dropped.body);
  auto body = Parse(dropped.body);
  BOOST_TEST(body->getValue<std::string>("status") == "dropped");
  BOOST_TEST(body->getValue<std::string>("dropped_on") == Today(0));
  BOOST_TEST(body->getValue<std::string>("reasons") == reasons);
  BOOST_TEST(body->isNull("revoked_on"));

  // The decision stands: decided, its condition still followed up, nothing to repay.
  auto detail = Parse(server.Get("/api/v1/cases/" + id, officer).body);
  BOOST_TEST(detail->getValue<std::string>("status") == "decided");
  BOOST_TEST(server.Db().Count("SELECT version FROM cases WHERE id = " + id) == version_before + 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status = 'pending'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id +
                               " AND event = 'revocation_dropped' AND detail->>'replied' = 'true'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id +
                               " AND event = 'letter_issued' AND detail->>'type' = 'revocation_dropped'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'revocation_dropped'") == 2);

  // The notice is now the case's latest letter, in Swedish and English, with the reasons.
  auto letter = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=html", officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.Header("X-Letter-Type") == "revocation_dropped");
  BOOST_TEST(letter.body.find(reasons) != std::string::npos, letter.body);
  BOOST_TEST(letter.body.find("Verksamhetsberättelse.") != std::string::npos, "the open condition goes on");
  auto en = server.Get("/api/v1/cases/" + id + "/letter?lang=en&format=html", officer);
  BOOST_TEST(en.Header("X-Letter-Type") == "revocation_dropped");
  BOOST_TEST(en.body.find("lang=\"en\"") != std::string::npos);
  auto pdf = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=pdf", officer);
  BOOST_TEST_REQUIRE(pdf.status == 200, pdf.body.substr(0, 500));
  BOOST_TEST(pdf.Header("Content-Disposition") == "inline; filename=\"besked-" + id + "-sv.pdf\"",
             "a notice, not a decision");

  // Every earlier letter stays readable by its type; an unknown type or one never issued is named.
  auto decision = server.Get("/api/v1/cases/" + id + "/letter?type=approval_with_conditions", officer);
  BOOST_TEST_REQUIRE(decision.status == 200, decision.body);
  BOOST_TEST(decision.Header("X-Letter-Type") == "approval_with_conditions");
  BOOST_TEST(decision.body.find("Verksamhetsberättelse.") != std::string::npos);
  auto notice = server.Get("/api/v1/cases/" + id + "/letter?type=kommunicering", officer);
  BOOST_TEST(notice.Header("X-Letter-Type") == "kommunicering");
  BOOST_TEST(notice.body.find("Ordföranden uttalade stöd för våld") != std::string::npos);
  auto never = server.Get("/api/v1/cases/" + id + "/letter?type=revocation", officer);
  BOOST_TEST(never.status == 404);
  BOOST_TEST(never.body.find("No revocation letter has been issued") != std::string::npos, never.body);
  auto unknown = server.Get("/api/v1/cases/" + id + "/letter?type=decision", officer);
  BOOST_TEST(unknown.status == 422);
  BOOST_TEST(unknown.body.find("must be one of approval,") != std::string::npos, unknown.body);

  // Once dropped: neither dropped again nor revoked on it.
  BOOST_TEST(server.Post(base + "/drop", officer, R"({"reasons":"x"})").status == 409);
  BOOST_TEST(server.Post(base, officer, R"({"reasons":"x"})").status == 409);
  BOOST_TEST(server.Post(base + "/reply", intake, R"({"text":"x"})").status == 409);

  // DV-5 does not count a dropped revocation when the organisation applies again.
  auto next = Parse(server.Post("/api/v1/applications", intake, SampleGrant("802456-7896")).body);
  auto results = next->getObject("screening")->getArray("results");
  for (std::size_t i = 0; i < results->size(); ++i)
    if (results->getObject(i)->getValue<std::string>("rule") == "DV-5")
      BOOST_TEST(results->getObject(i)->getValue<std::string>("outcome") == "pass");

  // A later breach can be communicated anew.
  auto again = server.Post(base + "/communication", officer,
                           R"({"breach":"Nytt brott mot villkoret.","reply_by":")" + Today(10) + "\"}");
  BOOST_TEST(again.status == 200, again.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM revocations WHERE case_id = " + id) == 2);
}

BOOST_AUTO_TEST_CASE(TheDatabaseRefusesADroppedRevocationWithoutItsReasons) {
  const auto id = Granted("802456-7896");
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/revocation/communication", officer,
                                 R"({"breach":"Villkoret bröts.","reply_by":")" + Today(10) + "\"}").status == 200);
  BOOST_CHECK_THROW(server.Db().Exec("UPDATE revocations SET status = 'dropped', dropped_on = current_date, "
                                     "dropped_by = communicated_by, dropped_at = now()"),
                    std::exception);
  BOOST_CHECK_THROW(server.Db().Exec("UPDATE revocations SET status = 'dropped'"), std::exception);
  BOOST_CHECK_THROW(server.Db().Exec("UPDATE revocations SET dropped_on = current_date"), std::exception);
}

// The letters of a revocation rest on the breach and the decision's revocation clause, not on the
// original screening: no flag of the application, no advice of the group on it, no special
// reasons for granting it (they were grounds for support). The kommunicering is headed as one
// before a revocation with a repayment claim and quotes the clause.
BOOST_AUTO_TEST_CASE(ARevocationsLettersRestOnTheBreachAndTheClauseNotOnTheOriginalScreening) {
  auto incident = server.Post("/api/v1/incidents", server.Token("coordinator"),
                              R"({"subject":{"org_number":"802456-7896"},"kind":"threat","occurred_on":")" + Today(-400) +
                                  R"(","source":"court_judgment","verified":true,"reference":"Göteborgs tingsrätt B 1234-25"})");
  BOOST_TEST_REQUIRE(incident.status == 201, incident.body);
  auto s = Parse(server.Post("/api/v1/applications", intake, SampleGrant("802456-7896")).body);
  BOOST_TEST_REQUIRE(s->getValue<std::string>("status") == "referred");
  const auto id = std::to_string(s->getValue<long long>("case_id"));
  const std::string path = "/api/v1/cases/" + id;
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(server.Post(path + "/advice", server.Token("advisory_member", "Ledamot " + std::to_string(i)),
                                   R"({"recommendation":"approve","reasoning":"Föreningen har tagit avstånd."})").status == 200);
  const std::string special = "Föreningen har tagit avstånd från hotet och ordföranden har avgått.";
  auto d = server.Post(path + "/decision", officer,
                       R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren.","special_reasons":")" +
                           special + "\"}");
  BOOST_TEST_REQUIRE(d.status == 200, d.body);
  const std::string clause = Parse(server.Get(path, officer).body)->getObject("decision")->getValue<std::string>("revocation_clause");
  BOOST_TEST_REQUIRE(!clause.empty());
  BOOST_TEST_REQUIRE(server.Post(path + "/revocation/communication", officer,
                                 R"({"breach":"Bidraget användes till annat än det som söktes.","repayment_sek":30000,"reply_by":")" +
                                     Today(10) + "\"}").status == 200);
  auto notice = server.Get(path + "/letter", officer);
  BOOST_TEST_REQUIRE(notice.Header("X-Letter-Type") == "kommunicering");
  BOOST_TEST(notice.body.find("<h1>Underrättelse inför beslut om återkallelse av verksamhetsbidrag och återkrav") !=
                 std::string::npos, notice.body);
  BOOST_TEST(notice.body.find(clause.substr(0, 40)) != std::string::npos, "the clause is quoted");
  auto notice_en = server.Get(path + "/letter?lang=en", officer);
  BOOST_TEST(notice_en.body.find("<h1>Notice of intended decision on the revocation of an activity grant and a repayment claim") !=
                 std::string::npos, notice_en.body);
  BOOST_TEST_REQUIRE(server.Post(path + "/revocation/reply", intake, R"({"text":"Vi beklagar."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(path + "/revocation", officer,
                                 R"({"reasons":"Bidraget har inte använts till det som söktes.","repayment_sek":30000,"repayment_due":")" +
                                     Today(30) + "\"}").status == 200);
  auto revoked = server.Get(path + "/letter", officer);
  BOOST_TEST_REQUIRE(revoked.Header("X-Letter-Type") == "revocation");
  for (const auto* letter : {&notice, &notice_en, &revoked}) {
    for (const char* absent : {"DV-1", "Göteborgs tingsrätt", "Arbetsgruppens råd", "advisory group", "Särskilda skäl",
                               "Special reasons", "tagit avstånd från hotet"})
      BOOST_TEST(letter->body.find(absent) == std::string::npos, absent);
  }
  BOOST_TEST(revoked.body.find("Bidraget har inte använts till det som söktes.") != std::string::npos);
}

// After the court annuls a revocation, the besked lists every condition of the decision that
// applies again: those the revocation waived (reinstated) and the one recorded as breached,
// which the letter used to leave out.
BOOST_AUTO_TEST_CASE(TheAnnulmentBeskedListsTheBreachedConditionThatAppliesAgain) {
  const auto id = GrantedWithConditions("open_to_public", "Verksamheten ska vara öppen för alla.");
  // An inspection found the first condition not met.
  server.Db().Exec("UPDATE conditions SET status = 'breached', evidence = 'Inspektion: verksamheten var stängd.' "
                   "WHERE kind = 'open_to_public' AND case_id = " + id);
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Verksamheten var inte öppen för alla.","reply_by":")" + Today(10) + "\"}").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Vi bestrider."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base, officer, R"({"reasons":"Villkoret är brutet."})").status == 200);
  auto appeal = server.Post("/api/v1/cases/" + id + "/appeals", officer,
                            R"({"lodged_on":")" + Today() + R"(","appellant":{"kind":"applicant"},"court":"Förvaltningsrätten i Göteborg"})");
  BOOST_TEST_REQUIRE(appeal.status == 201, appeal.body);
  const auto appeal_id = std::to_string(Parse(appeal.body)->getValue<long long>("id"));
  auto outcome = server.Post("/api/v1/appeals/" + appeal_id + "/outcome", officer,
                             R"({"outcome":"annulled","outcome_on":")" + Today() + "\"}");
  BOOST_TEST_REQUIRE(outcome.status == 200, outcome.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status = 'breached'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status = 'pending'") == 1);
  auto sv = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST_REQUIRE(sv.Header("X-Letter-Type") == "revocation_annulled");
  const std::string conditions = sv.body.substr(sv.body.find("<section class=\"conditions\">"));
  BOOST_TEST(conditions.find("Ekonomisk redovisning.") != std::string::npos, conditions);
  BOOST_TEST(conditions.find("Verksamheten ska vara öppen för alla.") != std::string::npos, conditions);
  BOOST_TEST(conditions.find("tidigare bedömts som inte uppfyllt") != std::string::npos, conditions);
  auto en = server.Get("/api/v1/cases/" + id + "/letter?lang=en", officer);
  BOOST_TEST(en.body.find("earlier found not to have been met") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// Letters review, item 8: every decision was recorded under the grants' point of the
// delegation rules, a booking's and a revocation's as well. Each kind now has its own
// (decision.delegation_ref.booking|revocation), falling back to decision.delegation_ref.
BOOST_AUTO_TEST_SUITE(DelegationPerKind)

BOOST_AUTO_TEST_CASE(ABookingAndARevocationAreRecordedAndLetteredUnderTheirOwnPoint) {
  TestServer server([](granska::app::Config& c) {
    c.policy.delegation_ref = "Delegationsordning punkt 4.2 (bidrag)";
    c.policy.delegation_ref_booking = "Delegationsordning punkt 4.5 (lokaler)";
    c.policy.delegation_ref_revocation = "Delegationsordning punkt 4.7 (återkallelse)";
  });
  const std::string intake = server.Token("intake"), officer = server.Token("case_officer"),
                    admin = server.Token("admin");
  BOOST_TEST_REQUIRE(
      server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status == 201);
  auto decide = [&](const std::string& application) {
    auto s = server.Post("/api/v1/applications", intake, application);
    BOOST_TEST_REQUIRE(s.status == 201, s.body);
    const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
    const std::string amount = application.find("\"grant\"") != std::string::npos ? R"("amount_sek":45000,)" : "";
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer,
                         R"({"outcome":"approved",)" + amount + R"("reasons":"Uppfyller villkoren."})");
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
    return id;
  };
  const auto grant = decide(SampleGrant("802512-3459"));
  const auto booking = decide(granska::testing::SampleBooking());
  auto recorded = [&](const std::string& table, const std::string& id) {
    return server.Db().Count("SELECT count(*) FROM " + table + " WHERE case_id = " + id +
                             " AND delegation_ref LIKE 'Delegationsordning punkt 4._ (%'");
  };
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions WHERE case_id = " + grant +
                               " AND delegation_ref = 'Delegationsordning punkt 4.2 (bidrag)'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions WHERE case_id = " + booking +
                               " AND delegation_ref = 'Delegationsordning punkt 4.5 (lokaler)'") == 1);
  BOOST_TEST(recorded("decisions", booking) == 1);
  auto booking_letter = server.Get("/api/v1/cases/" + booking + "/letter?lang=sv&format=html", officer);
  BOOST_TEST(booking_letter.body.find("punkt 4.5 (lokaler)") != std::string::npos);

  const std::string base = "/api/v1/cases/" + grant + "/revocation";
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Villkoret bröts.","reply_by":")" + Today(10) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Vi beklagar."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base, officer, R"({"reasons":"Villkoret är brutet."})").status == 200);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM revocations WHERE case_id = " + grant +
                               " AND delegation_ref = 'Delegationsordning punkt 4.7 (återkallelse)'") == 1);
  auto letter = server.Get("/api/v1/cases/" + grant + "/letter?lang=sv&format=html&type=revocation", officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.body.find("punkt 4.7 (återkallelse)") != std::string::npos, letter.body.substr(0, 2000));
  BOOST_TEST(letter.body.find("punkt 4.2 (bidrag)") == std::string::npos);
  // The decision's own letter still names the grants' point.
  auto decision_letter = server.Get("/api/v1/cases/" + grant + "/letter?lang=sv&format=html&type=approval", officer);
  BOOST_TEST(decision_letter.body.find("punkt 4.2 (bidrag)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
