// The advisory group's reading: agenda, pseudonymised packet, jäv, name requests, CVE export.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include "common/test_server.hpp"

using granska::testing::OrgNumberFor;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;
using Poco::JSON::Object;

using granska::testing::Parse;

namespace {

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator", "Sara Ek");
  std::string member = server.Token("advisory_member", "Johan Berg");
  std::string member2 = server.Token("advisory_member", "Leila Haddad");
  std::string auditor = server.Token("auditor");
  long long flagged = 0;

  Fixture() {
    auto i = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"person":"Omar Lind"},"kind":"threat","occurred_on":")" + Today(-584) + R"(",
                             "source":"court_judgment","verified":true,"reference":"Göteborgs tingsrätt B 1234-25",
                             "summary":"Hot mot en journalist."})");
    BOOST_REQUIRE_EQUAL(i.status, 201);
    auto r = server.Post("/api/v1/applications", intake, SampleGrant());
    BOOST_REQUIRE_EQUAL(r.status, 201);
    flagged = Parse(r.body)->getValue<long long>("case_id");
    BOOST_REQUIRE(Parse(r.body)->getValue<std::string>("status") == "referred");
  }
  std::string Path(const std::string& tail = "") { return "/api/v1/cases/" + std::to_string(flagged) + tail; }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(AdvisoryGroup, Fixture)

BOOST_AUTO_TEST_CASE(TheAgendaListsReferredCasesOldestFirstWithDeadlines) {
  auto second = server.Post("/api/v1/applications", intake, SampleGrant());
  BOOST_REQUIRE_EQUAL(second.status, 201);
  server.Db().Exec("UPDATE referrals SET deadline = current_date - 1 WHERE case_id = " + std::to_string(flagged));
  auto r = server.Get("/api/v1/advisory/agenda", member);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto items = Parse(r.body)->getArray("items");
  BOOST_TEST_REQUIRE(items->size() == 2u);
  BOOST_TEST(items->getObject(0)->getObject("case")->getValue<long long>("case_id") == flagged);
  BOOST_TEST(items->getObject(0)->getValue<bool>("overdue"));
  BOOST_TEST(!items->getObject(1)->getValue<bool>("overdue"));
  BOOST_TEST(server.Get("/api/v1/advisory/agenda", intake).status == 403);
}

BOOST_AUTO_TEST_CASE(ThePacketPseudonymisesPrivatePersonsAndShowsTheEvidence) {
  auto r = server.Get(Path("/referral"), member);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.body.find("Omar Lind") == std::string::npos, r.body);
  BOOST_TEST(r.body.find("Anna Andersson") == std::string::npos);
  BOOST_TEST(r.body.find("anna@example.org") == std::string::npos);
  auto packet = Parse(r.body);
  BOOST_TEST(packet->getValue<bool>("names_pseudonymised"));
  auto evidence = packet->getArray("evidence");
  BOOST_TEST_REQUIRE(evidence->size() == 1u);
  auto e = evidence->getObject(0);
  BOOST_TEST(e->getValue<std::string>("kind") == "threat");
  BOOST_TEST(e->getValue<std::string>("reference") == "Göteborgs tingsrätt B 1234-25");
  BOOST_TEST(e->getValue<std::string>("attribution") == "representative");
  // The same person has the same pseudonym in the application and in the evidence.
  const std::string pseudonym = e->getObject("subject")->getValue<std::string>("person");
  BOOST_TEST(pseudonym.rfind("Person ", 0) == 0u);
  auto board = packet->getObject("application")->getObject("organisation")->getArray("board");
  BOOST_TEST(board->getObject(1)->getValue<std::string>("name") == pseudonym);
  BOOST_TEST(!packet->getValue<std::string>("question").empty());
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'packet_viewed' AND case_id = " +
                               std::to_string(flagged)) == 1);
}

// Security review M1: the packet is built from the members the server reads, not from the
// stored submission, so personal data the schema does not know never reaches the group.
BOOST_AUTO_TEST_CASE(ThePacketLeavesOutPersonalDataTheApplicationSchemaDoesNotKnow) {
  std::string body = SampleGrant(OrgNumberFor(77));
  auto replace = [&](const std::string& from, const std::string& to) {
    const auto at = body.find(from);
    BOOST_REQUIRE(at != std::string::npos);
    body.replace(at, from.size(), to);
  };
  replace(R"({"name":"Omar Lind","role":"treasurer"})",
          R"({"name":"Omar Lind","role":"treasurer","email":"omar@x.se","personnummer":"19800101-1234"})");
  replace(R"("email":"anna@example.org"})", R"("email":"anna@example.org","phone":"070-1234567"})");
  replace(R"("bankgiro":"5050-1055",)", R"("bankgiro":"5050-1055","address":"Storgatan 1, 411 01 Göteborg",)");
  replace(R"("kind":"grant",)", R"("kind":"grant","applicant_personnummer":"19750505-5555",)");
  auto r = server.Post("/api/v1/applications", intake, body);
  BOOST_REQUIRE_EQUAL(r.status, 201);
  const std::string path = "/api/v1/cases/" + std::to_string(Parse(r.body)->getValue<long long>("case_id"));
  BOOST_TEST_REQUIRE(Parse(r.body)->getValue<std::string>("status") == "referred");

  const char* extras[] = {"omar@x.se",     "19800101-1234", "070-1234567", "Storgatan",
                          "19750505-5555", "personnummer",  "phone",       "address"};
  auto packet = server.Get(path + "/referral", member);
  BOOST_TEST_REQUIRE(packet.status == 200, packet.body);
  for (const char* extra : extras)
    BOOST_TEST(packet.body.find(extra) == std::string::npos, extra << " in " << packet.body);
  // What the server reads is all there.
  auto app = Parse(packet.body)->getObject("application");
  BOOST_TEST(app->getObject("organisation")->getValue<std::string>("bankgiro") == "5050-1055");
  BOOST_TEST(app->getObject("grant")->getValue<int>("amount_sek") == 45000);
  BOOST_TEST(app->getObject("organisation")->getArray("board")->getObject(1)->getValue<std::string>("role") ==
             "treasurer");

  // Nor once the member has asked for the names: the names, not everything else.
  BOOST_TEST_REQUIRE(
      server.Post(path + "/referral/names", member, R"({"reason":"Samma person som i ett annat ärende?"})").status ==
      200);
  packet = server.Get(path + "/referral", member);
  BOOST_TEST_REQUIRE(packet.status == 200, packet.body);
  BOOST_TEST(packet.body.find("Omar Lind") != std::string::npos);
  for (const char* extra : extras)
    BOOST_TEST(packet.body.find(extra) == std::string::npos, extra << " in " << packet.body);
}

BOOST_AUTO_TEST_CASE(ANameRequestIsRecordedAndRevealsTheNamesToThatMemberOnly) {
  BOOST_TEST(server.Post(Path("/referral/names"), member, R"({"reason":" "})").status == 422);
  auto r = server.Post(Path("/referral/names"), member, R"({"reason":"Jag behöver veta om det är samma person som i ett annat ärende."})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.body.find("Omar Lind") != std::string::npos);
  BOOST_TEST(server.Get(Path("/referral"), member).body.find("Omar Lind") != std::string::npos);
  BOOST_TEST(server.Get(Path("/referral"), member2).body.find("Omar Lind") == std::string::npos);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'names_requested'") == 1);
  BOOST_TEST(server.Post(Path("/referral/names"), officer, R"({"reason":"x"})").status == 403);
}

BOOST_AUTO_TEST_CASE(ARecusedMemberCanNeitherAdviseNorSeeTheEvidence) {
  BOOST_TEST(server.Post(Path("/advice"), member, R"({"recusal":true})").status == 422);
  BOOST_TEST(server.Post(Path("/advice"), member, R"({"recusal":true,"reason":"Jag är medlem i föreningen."})").status == 200);
  BOOST_TEST(server.Get(Path("/referral"), member).status == 403);
  BOOST_TEST(server.Post(Path("/referral/names"), member, R"({"reason":"x"})").status == 403);
  BOOST_TEST(server.Post(Path("/advice"), member, R"({"recommendation":"approve","reasoning":"x"})").status == 409);
  BOOST_TEST(server.Get(Path("/referral"), member2).status == 200);
}

BOOST_AUTO_TEST_CASE(TheCveExportIsMinimalAndRecorded) {
  auto r = server.Get(Path("/cve-export"), coordinator);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  for (const char* absent : {"Omar Lind", "Anna Andersson", "anna@example.org", "free text", "Hot mot en journalist"})
    BOOST_TEST(r.body.find(absent) == std::string::npos, absent << " leaked into " << r.body);
  auto body = Parse(r.body);
  BOOST_TEST(body->getObject("organisation")->getValue<std::string>("org_number") == "802456-7896");
  BOOST_TEST(body->getArray("evidence")->size() == 1u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'cve_export'") == 1);
  BOOST_TEST(server.Get(Path("/cve-export"), member).status == 403);
  BOOST_TEST(server.Get(Path("/cve-export"), auditor).status == 403);
}

BOOST_AUTO_TEST_CASE(EarlierDecisionsForTheSameOrganisationAreInThePacket) {
  // An earlier, decided case of the same organisation.
  auto earlier = server.Post("/api/v1/applications", intake, SampleBooking("nowhere"));
  BOOST_TEST(earlier.status == 422);
  server.Db().Exec("INSERT INTO premises (id, name, capacity) VALUES ('storsalen', 'Storsalen', 120)");
  auto b = server.Post("/api/v1/applications", intake, SampleBooking());
  BOOST_REQUIRE_EQUAL(b.status, 201);
  const std::string id = std::to_string(Parse(b.body)->getValue<long long>("case_id"));
  // A booking whose speaker is not the flagged person is not flagged; Omar Lind is not in it.
  BOOST_TEST_REQUIRE(Parse(b.body)->getValue<std::string>("status") == "in_review");
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                 R"({"outcome":"approved","reasons":"Lokalen är ledig."})").status == 200);
  auto packet = Parse(server.Get(Path("/referral"), member).body);
  auto earlier_decisions = packet->getArray("earlier_decisions");
  BOOST_TEST_REQUIRE(earlier_decisions->size() == 1u);
  BOOST_TEST(earlier_decisions->getObject(0)->getValue<std::string>("outcome") == "approved");
}

BOOST_AUTO_TEST_SUITE_END()
