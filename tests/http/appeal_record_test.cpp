// Appeals to the administrative court and their outcome (workflow/appeals.hpp, migration 0018):
// recorded against the case's decision or revocation, the outcome written once, an annulment
// taking effect in the case (an annulled decision is decided again; an annulled revocation
// makes the case decided again and DV-5 stops counting it), closing and retention waiting for
// a pending appeal, the events on the timeline, the roles, and the case page's forms.
// (tests/http/appeal_test.cpp is the other appeal feature: the posting of the minutes and the
// last day to appeal.)
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/browser.hpp"
#include "common/fixed_clock.hpp"
#include "common/test_server.hpp"
#include "workflow/follow_up.hpp"
#include "workflow/records_service.hpp"

using granska::testing::Browser;
using granska::testing::FixedClock;
using granska::testing::HttpResult;
using granska::testing::OrgNumberFor;
using granska::testing::Parse;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;
using Poco::JSON::Object;

namespace {

constexpr const char* kPassword = "rätt-hemligt-lösenord";

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// An appeal lodged today by the applicant with the administrative court in Göteborg.
std::string AppealBody(const std::string& lodged_on = Today(), const std::string& appellant = R"({"kind":"applicant"})",
                       const std::string& extra = "") {
  return R"({"lodged_on":")" + lodged_on + R"(","appellant":)" + appellant +
         R"(,"court":"Förvaltningsrätten i Göteborg")" + extra + "}";
}

std::string OutcomeBody(const std::string& outcome, const std::string& on = Today(), const std::string& extra = "") {
  return R"({"outcome":")" + outcome + R"(","outcome_on":")" + on + "\"" + extra + "}";
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake", "E-tjänsten");
  std::string officer = Staff("case_officer", "Karin Holm");
  std::string auditor = server.Token("auditor", "Mats Lund");
  std::string admin = server.Token("admin", "Systemförvaltare");
  granska::app::SystemClock clock;
  int next_org = 700;

  std::string Staff(const std::string& role, const std::string& name) {
    return server.StaffToken(role, name, kPassword);
  }
  std::string Org() { return OrgNumberFor(next_org++); }
  std::string Submit(const std::string& json) {
    auto s = server.Post("/api/v1/applications", intake, json);
    BOOST_TEST_REQUIRE(s.status == 201, s.body);
    return std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  }
  std::string Decide(const std::string& id, const std::string& body) {
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer, body);
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
    return id;
  }
  std::string Approved(const std::string& org) {
    return Decide(Submit(SampleGrant(org)),
                  R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})");
  }
  std::string ApprovedWithConditions(const std::string& org) {
    return Decide(Submit(SampleGrant(org)),
                  R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.",
                      "conditions":[{"kind":"activity_report","due":")" +
                      Today(60) + R"(","description":"Verksamhetsberättelse"},{"kind":"financial_report","due":")" +
                      Today(90) + R"(","description":"Ekonomisk redovisning"}]})");
  }
  // Revoked for breach of the democracy conditions, after kommunicering answered by the applicant.
  std::string Revoked(const std::string& org) { return Revoke(Approved(org)); }
  std::string Revoke(const std::string& id) {
    const std::string base = "/api/v1/cases/" + id + "/revocation";
    auto c = server.Post(
        base + "/communication", officer,
        R"({"breach":"Våld vid föreningens arrangemang.","democracy_reason":true,"reply_by":")" + Today(10) + "\"}");
    BOOST_TEST_REQUIRE(c.status == 200, c.body);
    BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Vi bestrider uppgifterna."})").status == 200);
    auto r = server.Post(base, officer, R"({"reasons":"Demokrativillkoret är brutet."})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return id;
  }

  HttpResult Appeal(const std::string& id, const std::string& body = AppealBody(), const std::string& token = "") {
    return server.Post("/api/v1/cases/" + id + "/appeals", token.empty() ? officer : token, body);
  }
  // Records an appeal and returns its id.
  std::string Appealed(const std::string& id, const std::string& body = AppealBody()) {
    auto r = Appeal(id, body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return std::to_string(Parse(r.body)->getValue<long long>("id"));
  }
  HttpResult Outcome(const std::string& appeal, const std::string& body, const std::string& token = "") {
    return server.Post("/api/v1/appeals/" + appeal + "/outcome", token.empty() ? officer : token, body);
  }

  Object::Ptr Case(const std::string& id) {
    auto r = server.Get("/api/v1/cases/" + id, officer);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    return Parse(r.body);
  }
  std::string Status(const std::string& id) { return Case(id)->getValue<std::string>("status"); }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  // The case's events in order, reads of the case left out.
  std::vector<std::string> Events(const std::string& id) {
    std::vector<std::string> out;
    auto timeline = Case(id)->getArray("timeline");
    for (std::size_t i = 0; i < timeline->size(); ++i) {
      const auto e = timeline->getObject(i)->getValue<std::string>("event");
      if (e != "case_file_viewed" && e != "appeal_viewed") out.push_back(e);
    }
    return out;
  }
  long long EventCount(const std::string& id, const std::string& event, const std::string& where = "") {
    return Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event = '" + event + "'" + where);
  }
  granska::workflow::JobReport RunJob() {
    return granska::workflow::FollowUpJob(server.Runtime().Db(), clock, nullptr, {}).RunOnce();
  }
  std::string DV5(const std::string& org) {
    auto next = Parse(server.Post("/api/v1/applications", intake, SampleGrant(org)).body);
    auto results = next->getObject("screening")->getArray("results");
    for (std::size_t i = 0; i < results->size(); ++i)
      if (results->getObject(i)->getValue<std::string>("rule") == "DV-5")
        return results->getObject(i)->getValue<std::string>("outcome");
    return "";
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(AppealRecords, Fixture)

BOOST_AUTO_TEST_CASE(AnAppealOfADecidedCaseIsRecordedWithItsLocationAndEvent) {
  const std::string id = Approved(Org());
  const auto before = Case(id);
  const long long decision = before->getObject("decision")->getValue<long long>("id");
  auto r = Appeal(id, AppealBody(Today(), R"({"kind":"municipal_member","name":"Karl Svensson"})",
                                 R"(,"court_case_number":"1234-27")"));
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  auto a = Parse(r.body);
  const std::string appeal = std::to_string(a->getValue<long long>("id"));
  BOOST_TEST(r.Header("Location") == "/api/v1/appeals/" + appeal);
  BOOST_TEST(a->getObject("appealed")->getValue<std::string>("kind") == "decision");
  BOOST_TEST(a->getObject("appealed")->getValue<long long>("id") == decision);
  BOOST_TEST(a->getValue<std::string>("lodged_on") == Today());
  BOOST_TEST(a->getObject("appellant")->getValue<std::string>("name") == "Karl Svensson");
  BOOST_TEST(a->getValue<std::string>("court_case_number") == "1234-27");
  BOOST_TEST(a->getValue<bool>("pending"));
  BOOST_TEST(a->isNull("outcome"));
  BOOST_TEST(a->getObject("recorded_by")->getValue<std::string>("name") == "Karin Holm");

  auto after = Case(id);
  BOOST_TEST(after->getValue<std::string>("status") == "decided");
  BOOST_TEST(after->getValue<long long>("version") == before->getValue<long long>("version") + 1);
  BOOST_TEST_REQUIRE(after->getArray("appeals")->size() == 1u);
  BOOST_TEST(after->getArray("appeals")->getObject(0)->getValue<long long>("id") == a->getValue<long long>("id"));
  // The event names codes and dates, not the appellant (a private person).
  BOOST_TEST(EventCount(id, "appeal_recorded",
                        " AND detail->>'appellant_kind' = 'municipal_member' AND detail->>'lodged_on' = '" + Today() +
                            "' AND actor_name = 'Karin Holm'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE detail::text LIKE '%Karl Svensson%'") == 0);

  auto read = server.Get("/api/v1/appeals/" + appeal, auditor);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  BOOST_TEST(Parse(read.body)->getValue<std::string>("case_number") == after->getValue<std::string>("case_number"));
  BOOST_TEST(Parse(read.body)->getObject("appellant")->getValue<std::string>("name") == "Karl Svensson");
  BOOST_TEST(EventCount(id, "appeal_viewed", " AND actor_name = 'Mats Lund'") == 1);
  BOOST_TEST(server.Get("/api/v1/appeals/999999", officer).status == 404);
}

BOOST_AUTO_TEST_CASE(TheSameAppellantsPendingAppealIsNotRecordedTwice) {
  const std::string id = Approved(Org());
  const auto member = [](const std::string& name) {
    return AppealBody(Today(), R"({"kind":"municipal_member","name":")" + name + "\"}");
  };
  BOOST_TEST_REQUIRE(Appeal(id, member("Karl Svensson")).status == 201);
  const long long version = Case(id)->getValue<long long>("version");
  auto again = Appeal(id, member("  karl svensson "));
  BOOST_TEST(again.status == 409, again.body);
  BOOST_TEST(again.body.find("already recorded and pending") != std::string::npos, again.body);
  BOOST_TEST(Case(id)->getValue<long long>("version") == version, "a refused appeal changes nothing");
  // Several members of the municipality, and the applicant, may each appeal the same decision.
  BOOST_TEST(Appeal(id, member("Eva Ek")).status == 201);
  const std::string applicants = Appealed(id);
  BOOST_TEST(Appeal(id).status == 409);
  // Once the court has decided the applicant's appeal, a new one is recorded (a later appeal
  // of the same decision is the court's to dismiss, not the register's).
  BOOST_TEST_REQUIRE(Outcome(applicants, OutcomeBody("dismissed")).status == 200);
  BOOST_TEST(Appeal(id).status == 201);
  BOOST_TEST(Count("SELECT count(*) FROM appeals WHERE case_id = " + id) == 4);
  BOOST_TEST(EventCount(id, "appeal_recorded") == 4);
}

BOOST_AUTO_TEST_CASE(ARejectedAppealLeavesTheDecisionStanding) {
  const std::string id = ApprovedWithConditions(Org());
  const long long decision = Case(id)->getObject("decision")->getValue<long long>("id");
  const std::string appeal = Appealed(id);
  auto r = Outcome(appeal,
                   OutcomeBody("rejected", Today(), R"(,"outcome_note":"Förvaltningsrätten avslår överklagandet.")"));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto a = Parse(r.body);
  BOOST_TEST(a->getValue<std::string>("outcome") == "rejected");
  BOOST_TEST(a->getValue<std::string>("outcome_on") == Today());
  BOOST_TEST(!a->getValue<bool>("pending"));
  BOOST_TEST(a->getObject("outcome_recorded_by")->getValue<std::string>("name") == "Karin Holm");
  auto c = Case(id);
  BOOST_TEST(c->getValue<std::string>("status") == "decided");
  BOOST_TEST(c->getObject("decision")->getValue<long long>("id") == decision);
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status = 'pending'") == 2);
  BOOST_TEST(EventCount(id, "appeal_outcome_recorded", " AND detail->>'outcome' = 'rejected'") == 1);
  BOOST_TEST(EventCount(id, "decision_annulled") == 0);
}

BOOST_AUTO_TEST_CASE(AnAnnulledDecisionSendsTheCaseBackToReviewWaivesItsConditionsAndIsDecidedAgain) {
  const std::string id = ApprovedWithConditions(Org());
  const long long decision = Case(id)->getObject("decision")->getValue<long long>("id");
  const std::string appeal = Appealed(id);
  auto r = Outcome(appeal, OutcomeBody("annulled", Today(), R"(,"court_case_number":"4711-27")"));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Parse(r.body)->getValue<std::string>("court_case_number") == "4711-27");

  auto c = Case(id);
  BOOST_TEST(c->getValue<std::string>("status") == "in_review");
  BOOST_TEST(c->isNull("decision"), "an annulled decision no longer decides the case");
  BOOST_TEST(Count("SELECT count(*) FROM decisions WHERE id = " + std::to_string(decision) +
                   " AND annulled_by_appeal = " + appeal) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE case_id = " + id +
                   " AND status = 'waived' AND evidence LIKE "
                   "'Beslutet upphävdes efter överklagande (Förvaltningsrätten i Göteborg, mål 4711-27)%'") == 2);
  BOOST_TEST(EventCount(id, "condition_waived", " AND detail->>'appeal_id' = '" + appeal + "'") == 2);
  BOOST_TEST(EventCount(id, "decision_annulled",
                        " AND (detail->>'decision_id')::bigint = " + std::to_string(decision) +
                            " AND detail->>'conditions_waived' = '2'") == 1);
  // The audit trail in order: recorded, outcome, what the annulment changed, the besked.
  const auto events = Events(id);
  const std::vector<std::string> tail(events.end() - 6, events.end());
  const std::vector<std::string> expected = {"appeal_recorded",  "appeal_outcome_recorded", "decision_annulled",
                                             "condition_waived", "condition_waived",        "letter_issued"};
  BOOST_TEST(tail == expected, boost::test_tools::per_element());
  // The organisation is told: the decision no longer applies, the application is considered
  // again, the two conditions lapse. It is the case's latest letter now.
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'decision_annulled'") == 2);
  auto letter = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=html", officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.Header("X-Letter-Type") == "decision_annulled");
  for (const char* text : {"Förvaltningsrätten i Göteborg", "4711-27", "Verksamhetsberättelse", "Ekonomisk redovisning"})
    BOOST_TEST(letter.body.find(text) != std::string::npos, text);
  BOOST_TEST(server.Get("/api/v1/cases/" + id + "/letter?lang=en&format=html", officer).Header("X-Letter-Type") ==
             "decision_annulled");
  // The annulled decision's own letter stays readable by its type.
  BOOST_TEST(server.Get("/api/v1/cases/" + id + "/letter?type=approval_with_conditions", officer)
                 .Header("X-Letter-Type") == "approval_with_conditions");

  // The officer decides again; the new decision stands, the annulled one stays on record.
  Decide(id, R"({"outcome":"approved","amount_sek":45000,"reasons":"Prövat på nytt efter domen."})");
  auto again = Case(id);
  BOOST_TEST(again->getValue<std::string>("status") == "decided");
  BOOST_TEST(again->getObject("decision")->getValue<long long>("id") != decision);
  BOOST_TEST(Count("SELECT count(*) FROM decisions WHERE case_id = " + id) == 2);
  BOOST_TEST(Count("SELECT count(*) FROM decisions WHERE case_id = " + id + " AND annulled_by_appeal IS NULL") == 1);
  // The new decision can be appealed in its turn.
  auto second = Parse(Appeal(id).body);
  BOOST_TEST(second->getObject("appealed")->getValue<long long>("id") ==
             again->getObject("decision")->getValue<long long>("id"));
}

BOOST_AUTO_TEST_CASE(AnAnnulledBookingDecisionMakesTheBookingPendingAgain) {
  BOOST_TEST_REQUIRE(
      server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status ==
      201);
  const std::string id = Decide(Submit(SampleBooking()), R"({"outcome":"approved","reasons":"Lokalen är ledig."})");
  BOOST_TEST(Count("SELECT count(*) FROM bookings WHERE case_id = " + id + " AND status = 'approved'") == 1);
  BOOST_TEST_REQUIRE(Outcome(Appealed(id), OutcomeBody("annulled")).status == 200);
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(Count("SELECT count(*) FROM bookings WHERE case_id = " + id + " AND status = 'pending'") == 1);
  auto letter = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=html", officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.Header("X-Letter-Type") == "decision_annulled");
  BOOST_TEST(letter.body.find("Storsalen") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(AnAnnulledRevocationMakesTheCaseDecidedAgainAndDV5StopsCountingIt) {
  const std::string org = Org();
  const std::string id = Revoked(org);
  BOOST_TEST_REQUIRE(Status(id) == "revoked");
  BOOST_TEST(DV5(org) == "flag");
  const long long revocation = Count("SELECT id FROM revocations WHERE case_id = " + id);
  auto r = Appeal(id);
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  BOOST_TEST(Parse(r.body)->getObject("appealed")->getValue<std::string>("kind") == "revocation");
  BOOST_TEST(Parse(r.body)->getObject("appealed")->getValue<long long>("id") == revocation);
  const std::string appeal = std::to_string(Parse(r.body)->getValue<long long>("id"));
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("annulled")).status == 200);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(Count("SELECT count(*) FROM revocations WHERE id = " + std::to_string(revocation) +
                   " AND status = 'annulled' AND annulled_by_appeal = " + appeal) == 1);
  BOOST_TEST(EventCount(id, "revocation_annulled") == 1);
  BOOST_TEST(Case(id)->getObject("decision")->getValue<std::string>("outcome") == "approved");
  // DV-5 counts revocations that stand: the next application is not flagged for this one.
  BOOST_TEST(DV5(org) == "pass");
}

BOOST_AUTO_TEST_CASE(AnAnnulledRevocationFollowsUpAgainTheConditionsItWaived) {
  const std::string id = ApprovedWithConditions(Org());
  // The activity report was fulfilled before the breach; a third condition an officer waived.
  server.Db().Exec("UPDATE conditions SET status = 'fulfilled', evidence = 'Inkom i tid.' WHERE case_id = " + id +
                   " AND kind = 'activity_report'");
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST_REQUIRE(server
                         .Post(base + "/communication", officer,
                               R"({"breach":"Våld vid föreningens arrangemang.","democracy_reason":true,"reply_by":")" +
                                   Today(10) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Vi bestrider uppgifterna."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base, officer, R"({"reasons":"Demokrativillkoret är brutet."})").status == 200);
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE case_id = " + id + " AND status = 'waived'") == 1);
  // A condition the revocation did not waive (an officer's own waiver) stays waived.
  server.Db().Exec(
      "INSERT INTO conditions (case_id, decision_id, kind, due, description, status, evidence) "
      "SELECT case_id, decision_id, 'custom', due, 'Egen', 'waived', 'Efterskänkt av handläggaren.' "
      "FROM conditions WHERE case_id = " +
      id + " AND kind = 'activity_report'");
  // While the appeal ran, the financial report's due date passed (the decision was taken before).
  server.Db().Exec("UPDATE conditions SET due = '" + Today(-5) + "' WHERE case_id = " + id +
                   " AND kind = 'financial_report'");
  server.Db().Exec("UPDATE decisions SET decided_on = '" + Today(-40) + "' WHERE case_id = " + id);
  const std::string appeal = Appealed(id);
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("annulled")).status == 200);
  BOOST_TEST(Status(id) == "decided");
  // The waived financial report is followed up again, overdue at once; the others are as they were.
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE case_id = " + id +
                   " AND kind = 'financial_report' AND "
                   "status = 'overdue' AND overdue_since = '" +
                   Today() + "' AND evidence IS NULL AND closed_at IS NULL") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE case_id = " + id +
                   " AND kind = 'activity_report' AND "
                   "status = 'fulfilled'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE case_id = " + id +
                   " AND kind = 'custom' AND "
                   "status = 'waived'") == 1);
  BOOST_TEST(EventCount(id, "condition_reinstated",
                        " AND detail->>'status' = 'overdue' AND detail->>'appeal_id' = '" + appeal + "'") == 1);
  // The organisation is told in a besked, the last event of the change: the reinstated condition
  // whose last day passed is listed with the others still to be met.
  const auto events = Events(id);
  BOOST_TEST_REQUIRE(events.size() >= 2u);
  BOOST_TEST(events[events.size() - 2] == "condition_reinstated");
  BOOST_TEST(events.back() == "letter_issued");
  auto letter = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=html", officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.Header("X-Letter-Type") == "revocation_annulled");
  BOOST_TEST(letter.body.find("Ekonomisk redovisning") != std::string::npos);
  BOOST_TEST(letter.body.find("Verksamhetsberättelse") == std::string::npos, "a fulfilled condition is not listed");
}

BOOST_AUTO_TEST_CASE(TheOrganisationIsToldTheRevocationWasAnnulledAndItsRepaymentClaimFalls) {
  const std::string id = Approved(Org());
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST_REQUIRE(server
                         .Post(base + "/communication", officer,
                               R"({"breach":"Våld vid föreningens arrangemang.","democracy_reason":true,)"
                               R"("repayment_sek":45000,"reply_by":")" + Today(10) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Vi bestrider uppgifterna."})").status == 200);
  BOOST_TEST_REQUIRE(server
                         .Post(base, officer,
                               R"({"reasons":"Demokrativillkoret är brutet.","repayment_sek":45000,"repayment_due":")" +
                                   Today(30) + "\"}")
                         .status == 200);
  // A rejected appeal changes nothing and issues no besked.
  const std::string rejected = Appealed(id);
  BOOST_TEST_REQUIRE(Outcome(rejected, OutcomeBody("rejected")).status == 200);
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'revocation_annulled'") == 0);
  // An annulment by the court, with its case number.
  const std::string appeal =
      Appealed(id, AppealBody(Today(), R"({"kind":"applicant"})", R"(,"court_case_number":"4711-27")"));
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("annulled")).status == 200);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id +
                   " AND type = 'revocation_annulled' AND format = 'html'") == 2);  // sv and en
  BOOST_TEST(EventCount(id, "letter_issued", " AND detail->>'type' = 'revocation_annulled'") == 1);
  // Without a type the route serves the latest letter: the besked, no longer the void revocation.
  auto sv = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=html", officer);
  BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
  BOOST_TEST(sv.Header("X-Letter-Type") == "revocation_annulled");
  for (const char* text : {"Förvaltningsrätten i Göteborg", "4711-27", "Våld vid föreningens arrangemang.",
                           "gäller därför igen", "gäller inte längre", "45\u00a0000\u00a0kr"})
    BOOST_TEST(sv.body.find(text) != std::string::npos, text);
  auto en = server.Get("/api/v1/cases/" + id + "/letter?lang=en&format=html", officer);
  BOOST_TEST(en.Header("X-Letter-Type") == "revocation_annulled");
  BOOST_TEST(en.body.find("annulled") != std::string::npos);
  // The revocation decision stays readable by its type; the PDF of the besked is named for it.
  BOOST_TEST(server.Get("/api/v1/cases/" + id + "/letter?type=revocation", officer).Header("X-Letter-Type") ==
             "revocation");
  auto pdf = server.Get("/api/v1/cases/" + id + "/letter?format=pdf", officer);
  BOOST_TEST(pdf.Header("Content-Disposition").find("besked-") != std::string::npos, pdf.Header("Content-Disposition"));
  // The case page links the besked and the revocation decision, each by its type.
  Browser b(server.Port());
  BOOST_TEST_REQUIRE(b.SignIn("Karin Holm", kPassword).status == 303);
  auto page = b.Get("/cases/" + id);
  BOOST_TEST(Has(page.body, "/letter?lang=sv&amp;format=pdf&amp;type=revocation_annulled\" hreflang=\"sv\">"
                            "Besked om att återkallelsen har upphävts på svenska (PDF)"));
  BOOST_TEST(Has(page.body, "/letter?lang=sv&amp;format=pdf&amp;type=revocation\" hreflang=\"sv\">"
                            "Beslut om återkallelse på svenska (PDF)"));
}

// The organisation's other open cases were told of the completed revocation; when the court
// annuls the decision itself, the revocation falls with it and they are told so, as when the
// revocation alone is annulled (review of 2026-12-08).
BOOST_AUTO_TEST_CASE(TheOrganisationsOtherCasesAreToldWhenARevocationFallsWithItsDecision) {
  const std::string org = Org();
  const std::string id = Approved(org);
  const std::string appeal = Appealed(id);  // of the decision, lodged before the revocation
  const std::string other = Submit(SampleGrant(org));
  Revoke(id);
  BOOST_TEST_REQUIRE(EventCount(other, "organisation_support_revoked") == 1);
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("annulled")).status == 200);
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(Count("SELECT count(*) FROM revocations WHERE status = 'annulled' AND case_id = " + id) == 1);
  BOOST_TEST(EventCount(other, "organisation_revocation_annulled") == 1);
  BOOST_TEST(EventCount(other, "organisation_revocation_annulled", " AND detail->>'appeal_id' = '" + appeal + "'") == 1);
}

BOOST_AUTO_TEST_CASE(AnAnnulledBookingRevocationWhoseTimeWasTakenSaysSo) {
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})")
                         .status == 201);
  const std::string id =
      Decide(Submit(SampleBooking()), R"({"outcome":"approved","reasons":"Lokalen är ledig."})");
  const std::string base = "/api/v1/cases/" + id + "/revocation";
  BOOST_TEST_REQUIRE(server.Post(base + "/communication", officer,
                                 R"({"breach":"Lokalen hyrdes ut i andra hand.","reply_by":")" + Today(10) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post(base + "/reply", intake, R"({"text":"Det stämmer inte."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(base, officer, R"({"reasons":"Andrahandsuthyrning."})").status == 200);
  // The freed time is approved for another booking while the appeal runs.
  const std::string other = Decide(Submit(SampleBooking()), R"({"outcome":"approved","reasons":"Lokalen är ledig."})");
  const std::string appeal = Appealed(id);
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("annulled")).status == 200);
  BOOST_TEST(EventCount(id, "revocation_annulled", " AND detail->>'booking' = 'cancelled'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM bookings WHERE case_id = " + other + " AND status = 'approved'") == 1);
  auto letter = server.Get("/api/v1/cases/" + id + "/letter?lang=sv&format=html", officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.Header("X-Letter-Type") == "revocation_annulled");
  BOOST_TEST(letter.body.find("Storsalen") != std::string::npos);
  BOOST_TEST(letter.body.find("Föreningens bokning kan därför inte återställas.") != std::string::npos, letter.body);
  BOOST_TEST(letter.body.find("Föreningens bokning av") == std::string::npos, "the restored booking's sentence");
}

BOOST_AUTO_TEST_CASE(TheOutcomeIsRecordedOnceAndTheDatabaseRefusesAChange) {
  const std::string id = Approved(Org());
  const std::string appeal = Appealed(id);
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("withdrawn")).status == 200);
  const long long version = Case(id)->getValue<long long>("version");
  auto again = Outcome(appeal, OutcomeBody("annulled"));
  BOOST_TEST(again.status == 409, again.body);
  BOOST_TEST(Has(again.body, "already recorded"), again.body);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(Case(id)->getValue<long long>("version") == version);
  BOOST_CHECK_THROW(server.Db().Exec("UPDATE appeals SET outcome = 'annulled' WHERE id = " + appeal), std::exception);
  BOOST_CHECK_THROW(
      server.Db().Exec("UPDATE appeals SET outcome = NULL, outcome_on = NULL, outcome_recorded_by = NULL, "
                       "outcome_recorded_at = NULL WHERE id = " +
                       appeal),
      std::exception);
  BOOST_TEST(Count("SELECT count(*) FROM appeals WHERE id = " + appeal + " AND outcome = 'withdrawn'") == 1);
}

BOOST_AUTO_TEST_CASE(AnAppealOnACaseInAWrongStateIsAConflict) {
  const std::string open = Submit(SampleGrant(Org()));
  auto r = Appeal(open);
  BOOST_TEST(r.status == 409, r.body);
  BOOST_TEST(r.Header("Content-Type").rfind("application/problem+json", 0) == 0u);
  auto problem = Parse(r.body);
  BOOST_TEST(
      Has(problem->getValue<std::string>("detail"), "to record an appeal it must be one of: decided, revoked, closed"));
  BOOST_TEST(problem->getObject("current")->getValue<std::string>("status") == "in_review");
  BOOST_TEST(server.Post("/api/v1/cases/999999/appeals", officer, AppealBody()).status == 404);
  BOOST_TEST(Count("SELECT count(*) FROM appeals") == 0);
}

BOOST_AUTO_TEST_CASE(BadInputIsRefusedNamingEachFieldAndChangesNothing) {
  const std::string id = Approved(Org());
  const long long version = Case(id)->getValue<long long>("version");
  const long long events =
      Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event <> 'case_file_viewed'");
  struct Bad {
    std::string body;
    int status;
    std::vector<std::string> fields;
  };
  const std::vector<Bad> bad = {
      {"{}", 422, {"lodged_on", "appellant.kind", "court"}},
      {AppealBody("den tolfte"), 422, {"lodged_on"}},
      {AppealBody(Today(1)), 422, {"lodged_on"}},   // not yet lodged
      {AppealBody(Today(-1)), 422, {"lodged_on"}},  // before the decision it appeals (decided today)
      {AppealBody(Today(), R"({"kind":"neighbour"})"), 422, {"appellant.kind"}},
      {AppealBody(Today(), R"({"kind":"municipal_member"})"), 422, {"appellant.name"}},
      {R"({"lodged_on":")" + Today() + R"(","appellant":{"kind":"applicant"},"court":"  "})", 422, {"court"}},
      {R"({"lodged_on":42,"appellant":{"kind":"applicant"},"court":"FR"})", 422, {"lodged_on"}},
      {"not json", 400, {}},
  };
  for (const auto& b : bad) {
    auto r = Appeal(id, b.body);
    BOOST_TEST(r.status == b.status, b.body << " -> " << r.status << " " << r.body);
    BOOST_TEST(r.Header("Content-Type").rfind("application/problem+json", 0) == 0u);
    for (const auto& field : b.fields)
      BOOST_TEST(Has(r.body, "\"field\":\"" + field + "\""), b.body << " -> " << r.body);
  }
  BOOST_TEST(Count("SELECT count(*) FROM appeals") == 0);

  const std::string appeal = Appealed(id);
  const std::vector<Bad> bad_outcomes = {
      {"{}", 422, {"outcome", "outcome_on"}},
      {OutcomeBody("overturned"), 422, {"outcome"}},
      {OutcomeBody("annulled", "igår"), 422, {"outcome_on"}},
      {OutcomeBody("annulled", Today(1)), 422, {"outcome_on"}},
      {OutcomeBody("annulled", Today(-1)), 422, {"outcome_on"}},  // before the appeal was lodged
      {OutcomeBody("annulled", Today(), R"(,"outcome_note":" ")"), 422, {"outcome_note"}},
  };
  for (const auto& b : bad_outcomes) {
    auto r = Outcome(appeal, b.body);
    BOOST_TEST(r.status == b.status, b.body << " -> " << r.status << " " << r.body);
    for (const auto& field : b.fields)
      BOOST_TEST(Has(r.body, "\"field\":\"" + field + "\""), b.body << " -> " << r.body);
  }
  BOOST_TEST(Outcome("999999", OutcomeBody("rejected")).status == 404);
  BOOST_TEST(Count("SELECT count(*) FROM appeals WHERE outcome IS NOT NULL") == 0);
  BOOST_TEST(Status(id) == "decided");
  // Only the one appeal recorded changed the case (its one event).
  BOOST_TEST(Case(id)->getValue<long long>("version") == version + 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event <> 'case_file_viewed'") ==
             events + 1);
}

BOOST_AUTO_TEST_CASE(AnAppealReopensAClosedCaseAndClosingWaitsForItsOutcome) {
  const std::string id = Approved(Org());
  server.Db().Exec("UPDATE applications SET period_to = '" + Today(-1) + "' WHERE case_id = " + id);
  RunJob();
  BOOST_TEST_REQUIRE(Status(id) == "closed");
  auto r = Appeal(id);
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(EventCount(id, "appeal_recorded", " AND detail->>'reopened' = 'true' AND detail->>'from' = 'closed'") ==
             1);
  // While the appeal is pending the job does not close the case again.
  RunJob();
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(EventCount(id, "case_closed") == 1);
  BOOST_TEST_REQUIRE(
      Outcome(std::to_string(Parse(r.body)->getValue<long long>("id")), OutcomeBody("dismissed")).status == 200);
  RunJob();
  BOOST_TEST(Status(id) == "closed");
  BOOST_TEST(EventCount(id, "case_closed") == 2);
}

BOOST_AUTO_TEST_CASE(ClosingAndRetentionSkipACaseWithAPendingAppeal) {
  const std::string id = Approved(Org());
  const std::string appeal = Appealed(id);
  server.Db().Exec("UPDATE applications SET period_to = '" + Today(-1) + "' WHERE case_id = " + id);
  RunJob();
  BOOST_TEST(Status(id) == "decided", "closing is refused while the appeal is pending");
  BOOST_TEST(EventCount(id, "case_closed") == 0);
  // Retention: long after the records plan's ten years, still kept while the appeal is pending.
  const auto later = clock.Today().AddYears(11);
  auto cull = [&] {
    FixedClock frozen(later);
    return granska::workflow::RetentionJob(server.Runtime().Db(), frozen, server.Runtime().RecordsPlan(), 2).RunOnce();
  };
  BOOST_TEST(cull().cases_culled == 0);
  BOOST_TEST(Count("SELECT count(*) FROM appeals WHERE case_id = " + id) == 1);
  BOOST_TEST_REQUIRE(Outcome(appeal, OutcomeBody("rejected")).status == 200);
  BOOST_TEST(cull().cases_culled == 1);
  BOOST_TEST(Count("SELECT count(*) FROM appeals WHERE case_id = " + id) == 0);
}

BOOST_AUTO_TEST_CASE(ACaseWhoseDecisionWasAnnulledAndDecidedAgainIsCulledWhole) {
  // decisions and appeals refer to each other: both go in the one culling transaction.
  const std::string id = Approved(Org());
  BOOST_TEST_REQUIRE(Outcome(Appealed(id), OutcomeBody("annulled")).status == 200);
  Decide(id, R"({"outcome":"approved","amount_sek":45000,"reasons":"Prövat på nytt."})");
  FixedClock frozen(clock.Today().AddYears(11));
  auto report =
      granska::workflow::RetentionJob(server.Runtime().Db(), frozen, server.Runtime().RecordsPlan(), 2).RunOnce();
  BOOST_TEST(report.cases_culled == 1);
  for (const char* table : {"appeals", "decisions", "conditions", "revocations"})
    BOOST_TEST(Count(std::string("SELECT count(*) FROM ") + table + " WHERE case_id = " + id) == 0, table);
}

BOOST_AUTO_TEST_CASE(OnlyTheCaseOfficerRecordsAndReadersSeeWhatTheirRoleMay) {
  const std::string id = Approved(Org());
  for (const std::string role : {"auditor", "advisory_member", "coordinator", "intake", "admin"}) {
    const std::string token = server.Token(role, "Roll " + role);
    auto r = Appeal(id, AppealBody(), token);
    BOOST_TEST(r.status == 403, role << ": " << r.body);
  }
  const std::string appeal = Appealed(id, AppealBody(Today(), R"({"kind":"other","name":"Eva Ek"})"));
  BOOST_TEST(Outcome(appeal, OutcomeBody("annulled"), auditor).status == 403);
  BOOST_TEST(Outcome(appeal, OutcomeBody("annulled"), intake).status == 403);
  BOOST_TEST(Count("SELECT count(*) FROM appeals WHERE outcome IS NOT NULL") == 0);
  BOOST_TEST(Status(id) == "decided");
  // The auditor reads everything; the admin reads the appeal without the appellant's name.
  auto by_auditor = Parse(server.Get("/api/v1/appeals/" + appeal, auditor).body);
  BOOST_TEST(by_auditor->getValue<bool>("details_shown"));
  auto by_admin = server.Get("/api/v1/appeals/" + appeal, admin);
  BOOST_TEST_REQUIRE(by_admin.status == 200, by_admin.body);
  BOOST_TEST(!Has(by_admin.body, "Eva Ek"));
  BOOST_TEST(!Parse(by_admin.body)->getValue<bool>("details_shown"));
  BOOST_TEST(!Has(server.Get("/api/v1/cases/" + id, admin).body, "Eva Ek"));
  // The advisory group reads only cases referred to it, their appeals too.
  BOOST_TEST(server.Get("/api/v1/appeals/" + appeal, server.Token("advisory_member", "Ledamot Ett")).status == 403);
  BOOST_TEST(server.Get("/api/v1/appeals/" + appeal, intake).status == 403);
}

BOOST_AUTO_TEST_CASE(TheAdvisoryGroupReadsTheAppealOfACaseReferredToIt) {
  const std::string member = server.Token("advisory_member", "Ledamot Lind");
  const std::string id = Submit(SampleGrant(Org()));
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/referral", officer, R"({"question":"Råd?"})").status == 200);
  BOOST_TEST_REQUIRE(server
                         .Post("/api/v1/cases/" + id + "/advice", member,
                               R"({"recommendation":"approve","reasoning":"Inget att invända."})")
                         .status == 200);
  BOOST_TEST_REQUIRE(Status(id) == "advised");
  Decide(id, R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})");
  const std::string appeal = Appealed(id, AppealBody(Today(), R"({"kind":"municipal_member","name":"Karl Svensson"})"));
  auto r = server.Get("/api/v1/appeals/" + appeal, member);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(!Has(r.body, "Karl Svensson"));
  BOOST_TEST(Parse(r.body)->getObject("appellant")->getValue<std::string>("kind") == "municipal_member");
  BOOST_TEST(
      EventCount(id, "appeal_viewed", " AND actor_name = 'Ledamot Lind' AND detail->>'details_shown' = 'false'") == 1);
}

BOOST_AUTO_TEST_CASE(TheCasePageListsAppealsAndRecordsThemAndTheirOutcome) {
  const std::string id = ApprovedWithConditions(Org());
  const std::string page = "/cases/" + id;
  Browser b(server.Port());
  BOOST_TEST_REQUIRE(b.SignIn("Karin Holm", kPassword).status == 303);
  auto before = b.Get(page);
  BOOST_TEST_REQUIRE(before.status == 200);
  BOOST_TEST(Has(before.body, "Överklaganden"));
  BOOST_TEST(Has(before.body, "Inga överklaganden har registrerats."));
  BOOST_TEST(Has(before.body, "action=\"" + page + "/appeals\""));
  const std::string version = std::to_string(Count("SELECT version FROM cases WHERE id = " + id));

  // A missing name and a lodging day in the future, in Swedish next to their fields.
  auto bad = b.Submit(page, page + "/appeals",
                      {{"version", version},
                       {"lodged_on", Today(2)},
                       {"appellant.kind", "municipal_member"},
                       {"appellant.name", ""},
                       {"court", "Förvaltningsrätten i Göteborg"}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "id=\"appeal-lodged-on-error\""));
  BOOST_TEST(Has(bad.body, "får inte ligga i framtiden"));
  BOOST_TEST(Has(bad.body, "id=\"appeal-appellant-name-error\""));
  BOOST_TEST(Has(bad.body, "måste anges för en klagande som inte är sökanden"));
  BOOST_TEST(Count("SELECT count(*) FROM appeals") == 0);
  auto stale = b.Submit(page, page + "/appeals",
                        {{"version", std::to_string(std::stoll(version) - 1)},
                         {"lodged_on", Today()},
                         {"appellant.kind", "applicant"},
                         {"court", "Förvaltningsrätten i Göteborg"}});
  BOOST_TEST(stale.status == 409);

  auto recorded = b.Submit(page, page + "/appeals",
                           {{"version", version},
                            {"lodged_on", Today()},
                            {"appellant.kind", "municipal_member"},
                            {"appellant.name", "Karl Svensson"},
                            {"court", "Förvaltningsrätten i Göteborg"},
                            {"court_case_number", ""}});
  BOOST_TEST_REQUIRE(recorded.status == 303, recorded.body.substr(0, 2000));
  BOOST_TEST(recorded.Header("Location") == page + "?done=appeal_recorded");
  const std::string appeal = std::to_string(Count("SELECT id FROM appeals WHERE case_id = " + id));
  auto listed = b.Get(recorded.Header("Location"));
  BOOST_TEST(Has(listed.body, "Överklagandet är registrerat."));
  BOOST_TEST(Has(listed.body, "Kommunmedlem: Karl Svensson"));
  BOOST_TEST(Has(listed.body, "Väntar på domstolens avgörande"));
  BOOST_TEST(Has(listed.body, "badge appeal-pending"));
  BOOST_TEST(Has(listed.body, "Överklagande registrerat"), "the event has its Swedish label");
  BOOST_TEST(Has(listed.body, "action=\"" + page + "/appeals/" + appeal + "/outcome\""));

  const std::string now = std::to_string(Count("SELECT version FROM cases WHERE id = " + id));
  auto missing = b.Submit(page, page + "/appeals/" + appeal + "/outcome", {{"version", now}, {"outcome", ""}});
  BOOST_TEST(missing.status == 422);
  BOOST_TEST(Has(missing.body, "id=\"appeal-outcome-" + appeal + "-outcome-error\""));
  auto annulled = b.Submit(page, page + "/appeals/" + appeal + "/outcome",
                           {{"version", now},
                            {"outcome", "annulled"},
                            {"outcome_on", Today()},
                            {"court_case_number", "4711-27"},
                            {"outcome_note", "Beslutet saknade stöd i delegationen."}});
  BOOST_TEST_REQUIRE(annulled.status == 303, annulled.body.substr(0, 2000));
  BOOST_TEST(annulled.Header("Location") == page + "?done=appeal_outcome_recorded");
  BOOST_TEST(Status(id) == "in_review");
  auto after = b.Get(annulled.Header("Location"));
  BOOST_TEST(Has(after.body, "Domstolens avgörande är registrerat."));
  BOOST_TEST(Has(after.body, "badge appeal-annulled\">Upphävt"));
  BOOST_TEST(Has(after.body, "mål 4711-27"));
  BOOST_TEST(Has(after.body, "Beslutet upphävt av domstol"));
  BOOST_TEST(!Has(after.body, "action=\"" + page + "/appeals/" + appeal + "/outcome\""),
             "the outcome is recorded once");
  BOOST_TEST(!Has(after.body, "action=\"" + page + "/appeals\""), "in review: nothing to appeal");
  // The besked is linked under the letters; no decision letter is offered for a case without one.
  BOOST_TEST(Has(after.body, "/letter?type=decision_annulled&amp;lang=sv&amp;format=pdf\" hreflang=\"sv\">"
                             "Besked om att beslutet har upphävts på svenska (PDF)"));
  BOOST_TEST(!Has(after.body, "Beslutsbrev på svenska (PDF)"));
  // An appeal of another case through this case's form is refused.
  const std::string other = Approved(Org());
  const std::string foreign = Appealed(other);
  BOOST_TEST(b.Submit(page, page + "/appeals/" + foreign + "/outcome",
                      {{"version", now}, {"outcome", "rejected"}, {"outcome_on", Today()}})
                 .status == 404);
  // English through the language switch.
  auto en = b.Get(page + "?lang=en");
  BOOST_TEST(Has(en.body, "Appeals"));
  BOOST_TEST(Has(en.body, "Member of the municipality: Karl Svensson"));
  BOOST_TEST(Has(en.body, "Annulled"));
}

BOOST_AUTO_TEST_SUITE_END()
