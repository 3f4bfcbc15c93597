// Screening wired into intake and supplements, over real HTTP with the default rule set.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <sstream>

#include "common/test_server.hpp"

using granska::testing::BookingAt;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Replace;

namespace {

std::map<std::string, std::string> Outcomes(const Object::Ptr& summary) {
  std::map<std::string, std::string> out;
  auto results = summary->getObject("screening")->getArray("results");
  for (std::size_t i = 0; i < results->size(); ++i)
    out[results->getObject(i)->getValue<std::string>("rule")] = results->getObject(i)->getValue<std::string>("outcome");
  return out;
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");
  std::string admin = server.Token("admin");

  Object::Ptr Submit(const std::string& json) {
    auto r = server.Post("/api/v1/applications", intake, json);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body);
  }
  void Incident(const std::string& subject, const std::string& kind, const std::string& date, bool verified) {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":)" + subject + R"(,"kind":")" + kind + R"(","occurred_on":")" + date +
                             R"(","source":"court_judgment","verified":)" + (verified ? "true" : "false") +
                             R"(,"reference":"Göteborgs tingsrätt B 1234-25"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Screening, Fixture)

BOOST_AUTO_TEST_CASE(ACompleteGrantIsClearedAndGoesToACaseOfficer) {
  auto s = Submit(SampleGrant());
  BOOST_TEST(s->getValue<std::string>("status") == "in_review");
  auto screening = s->getObject("screening");
  BOOST_TEST(screening->getValue<std::string>("recommendation") == "cleared");
  BOOST_TEST(screening->getValue<std::string>("rule_set").rfind("sha256:", 0) == 0u);
  auto outcomes = Outcomes(s);
  for (const char* id : {"DV-1", "DV-2", "DV-3", "DV-4", "DV-5", "DV-6", "DV-7", "GE-1", "GE-2", "GE-3", "GE-4",
                         "GE-5", "GE-6", "GE-7", "GE-8", "GE-9", "GE-10", "GE-11", "GE-12"})
    BOOST_TEST(outcomes[id] == "pass", id << " was " << outcomes[id]);
  BOOST_TEST(outcomes.count("BK-1") == 0u);  // booking rules do not apply to a grant
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rule_set_versions WHERE version = '" +
                               screening->getValue<std::string>("rule_set") + "'") == 1);
}

BOOST_AUTO_TEST_CASE(AVerifiedThreatByTheOrganisationFlagsAndRefersTheCase) {
  Incident(R"({"org_number":"802456-7896"})", "threat", Today(-584), true);
  auto s = Submit(SampleGrant());
  BOOST_TEST(s->getValue<std::string>("status") == "referred");
  BOOST_TEST(s->getObject("screening")->getValue<std::string>("recommendation") == "flag");
  BOOST_TEST(Outcomes(s)["DV-1"] == "flag");
  auto detail = Parse(server.Get("/api/v1/cases/" + std::to_string(s->getValue<long long>("case_id")), officer).body);
  auto timeline = detail->getArray("timeline");
  std::vector<std::string> events;
  for (std::size_t i = 0; i < timeline->size(); ++i) events.push_back(timeline->getObject(i)->getValue<std::string>("event"));
  // The diarienummer follows the submission's commit in a numbering transaction of its own.
  BOOST_TEST((events == std::vector<std::string>{"submitted", "screened", "referred", "numbered"}));
}

BOOST_AUTO_TEST_CASE(ABoardMembersVerifiedIncidentCountsMatchedOnTheNormalisedName) {
  Incident(R"({"person":"  OMAR   lind "})", "violence", Today(-1061), true);
  auto s = Submit(SampleGrant());
  BOOST_TEST(Outcomes(s)["DV-1"] == "flag");
}

// The same name typed two ways (review of 2026-12-07): the incident's subject with
// precomposed letters and a no-break space, the board member with combining marks. Both the
// submission's screening and the re-screening's fast path (which reads the stored snapshot)
// match it.
BOOST_AUTO_TEST_CASE(ANameTypedWithCombiningMarksOrANoBreakSpaceIsTheSameName) {
  Incident(R"({"person":"Åsa\u00a0Östlund"})", "violence", Today(-1061), true);
  const std::string decomposed = "A\xCC\x8Asa O\xCC\x88stlund";
  auto s = Submit(Replace(SampleGrant(), R"({"name":"Omar Lind","role":"treasurer"})",
                          R"({"name":")" + decomposed + R"(","role":"treasurer"})"));
  BOOST_TEST(Outcomes(s)["DV-1"] == "flag");
  auto run = server.Post("/api/v1/admin/rescreen", server.Token("admin"), "");
  BOOST_TEST_REQUIRE(run.status == 201, run.body);
  BOOST_TEST(Parse(run.body)->getObject("counts")->getValue<long long>("unchanged") == 1);
}

BOOST_AUTO_TEST_CASE(ACooperationOrganisationsActsCountAsTheApplicants) {
  Incident(R"({"org_number":"802512-3459"})", "discrimination", Today(-1284), true);
  auto s = Submit(SampleGrant());
  BOOST_TEST(Outcomes(s)["DV-2"] == "flag");
}

BOOST_AUTO_TEST_CASE(AnUnverifiedReportIsOnlyANote) {
  Incident(R"({"org_number":"802456-7896"})", "threat", Today(-584), false);
  auto s = Submit(SampleGrant());
  BOOST_TEST(Outcomes(s)["DV-7"] == "note");
  BOOST_TEST(Outcomes(s)["DV-1"] == "pass");
  BOOST_TEST(s->getObject("screening")->getValue<std::string>("recommendation") == "cleared");
  BOOST_TEST(s->getValue<std::string>("status") == "in_review");
}

BOOST_AUTO_TEST_CASE(AnIncidentOlderThanFiveYearsDoesNotFlag) {
  Incident(R"({"org_number":"802456-7896"})", "threat", "2019-01-01", true);
  auto s = Submit(SampleGrant());
  BOOST_TEST(Outcomes(s)["DV-1"] == "pass");
}

BOOST_AUTO_TEST_CASE(AMissingDeclarationNeedsInfoAndASupplementScreensAgain) {
  auto s = Submit(Replace(SampleGrant(), R"("democracy_conditions_accepted":true)", R"("democracy_conditions_accepted":false)"));
  BOOST_TEST(s->getValue<std::string>("status") == "needs_info");
  BOOST_TEST(Outcomes(s)["DV-6"] == "needs_info");
  const std::string id = std::to_string(s->getValue<long long>("case_id"));
  auto r = server.Post("/api/v1/cases/" + id + "/supplement", intake,
                       R"({"declarations":{"democracy_conditions_accepted":true}})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto after = Parse(r.body);
  BOOST_TEST(after->getValue<std::string>("status") == "in_review");
  BOOST_TEST(Outcomes(after)["DV-6"] == "pass");
  auto detail = Parse(server.Get("/api/v1/cases/" + id, officer).body);
  BOOST_TEST(detail->getValue<int>("application_revision") == 2);
  BOOST_TEST(detail->getObject("application")->getObject("organisation")->getValue<std::string>("name") ==
             "Föreningen Exempel");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + id) == 2);
}

BOOST_AUTO_TEST_CASE(AStaleOrMisdirectedSupplementGets409) {
  auto s = Submit(Replace(SampleGrant(), R"("democracy_conditions_accepted":true)", R"("democracy_conditions_accepted":false)"));
  const std::string id = std::to_string(s->getValue<long long>("case_id"));
  auto stale = server.Request("POST", "/api/v1/cases/" + id + "/supplement", intake, R"({"grant":{"amount_sek":1000}})",
                              "application/json", {{"If-Match", "\"1\""}});
  BOOST_TEST(stale.status == 409, stale.body);
  Incident(R"({"org_number":"802456-7896"})", "threat", Today(-584), true);
  auto flagged = Submit(SampleGrant());
  auto r = server.Post("/api/v1/cases/" + std::to_string(flagged->getValue<long long>("case_id")) + "/supplement",
                       intake, R"({"grant":{"amount_sek":1000}})");
  BOOST_TEST(r.status == 409, r.body);
  auto bad = server.Post("/api/v1/cases/" + id + "/supplement", intake, R"({"kind":"booking"})");
  BOOST_TEST(bad.status == 422, bad.body);
}

BOOST_AUTO_TEST_CASE(AnOverlappingBookingIsIneligibleAndASpeakersIncitementFlags) {
  BOOST_TEST_REQUIRE(
      server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status ==
      201);
  auto first = Submit(SampleBooking());
  BOOST_TEST(Outcomes(first)["BK-1"] == "pass");
  auto second = Submit(SampleBooking("storsalen", BookingAt("20:00"), BookingAt("22:00")));
  BOOST_TEST(Outcomes(second)["BK-1"] == "ineligible");
  BOOST_TEST(second->getObject("screening")->getValue<std::string>("recommendation") == "ineligible");
  Incident(R"({"person":"Name Surname"})", "incitement", Today(-815), true);
  auto third = Submit(SampleBooking("storsalen", BookingAt("18:00", 28), BookingAt("21:00", 28)));
  BOOST_TEST(Outcomes(third)["DV-3"] == "flag");
  BOOST_TEST(third->getValue<std::string>("status") == "referred");
}

BOOST_AUTO_TEST_CASE(NamesDescriptionsAndPurposesNeverChangeTheScreening) {
  auto plain = Submit(SampleGrant());
  std::string loaded = SampleGrant();
  loaded = Replace(loaded, R"("name":"Föreningen Exempel")", R"("name":"Islamiska kulturföreningen")");
  loaded = Replace(loaded, R"("description":"free text")", R"("description":"Kristen, kurdisk och socialistisk gemenskap")");
  loaded = Replace(loaded, R"("purpose":"free text")", R"("purpose":"Bön, politisk debatt och modersmålsundervisning på arabiska")");
  loaded = Replace(loaded, R"("name":"Omar Lind")", R"("name":"Mohammed al-Hassan")");
  auto other = Submit(loaded);
  std::ostringstream a, b;
  plain->getObject("screening")->stringify(a);
  other->getObject("screening")->stringify(b);
  BOOST_TEST(a.str() == b.str());
}

BOOST_AUTO_TEST_CASE(TheActiveRuleSetIsShownWithItsSources) {
  auto r = server.Get("/api/v1/rules", officer);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto body = Parse(r.body);
  BOOST_TEST(body->getValue<int>("rule_count") == 23);
  auto rules = body->getArray("rules");
  BOOST_TEST(rules->size() == 23u);
  BOOST_TEST(!rules->getObject(0)->getValue<std::string>("basis").empty());
  BOOST_TEST(server.Get("/api/v1/rules", intake).status == 403);
}

BOOST_AUTO_TEST_SUITE_END()
