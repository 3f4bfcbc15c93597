// The periodic audit and the coordinator's statistics over real HTTP.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <set>
#include <sstream>

#include "common/test_server.hpp"
#include "workflow/audit_service.hpp"

using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Today;

namespace {

std::string WithAmount(std::string json, int amount) {
  const std::string from = "\"amount_sek\":45000";
  return json.replace(json.find(from), from.size(), "\"amount_sek\":" + std::to_string(amount));
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string auditor = server.Token("auditor");
  std::string coordinator = server.Token("coordinator");
  std::string admin = server.Token("admin");

  // Grants 14 applications (two large, two with conditions later overdue) and rejects one.
  Fixture() {
    for (int i = 0; i < 14; ++i) {
      const int amount = i < 2 ? 150000 : 45000;
      std::string json = WithAmount(SampleGrant(OrgNumberFor(500 + i)), amount);
      const std::string municipality = "\"municipality\":\"Göteborg\"";
      json.replace(json.find(municipality), municipality.size(), municipality + ",\"district\":\"Angered\"");
      auto s = server.Post("/api/v1/applications", intake, json);
      BOOST_REQUIRE_EQUAL(s.status, 201);
      const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
      std::string decision = R"({"outcome":"approved","amount_sek":)" + std::to_string(amount) + R"(,"reasons":"Uppfyller villkoren."})";
      if (i == 3 || i == 4)
        decision = R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.","conditions":[{"kind":"activity_report","due":")" +
                   Today(30) + R"(","description":"Verksamhetsberättelse"}]})";
      BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + id + "/decision", officer, decision).status, 200);
    }
    server.Db().Exec("UPDATE conditions SET status = 'overdue'");
    auto r = server.Post("/api/v1/applications", intake, SampleGrant(OrgNumberFor(600)));
    const auto id = std::to_string(Parse(r.body)->getValue<long long>("case_id"));
    BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + id + "/communication", officer,
                                    R"({"intended_outcome":"rejected","reasons":"Brister.","reply_by":")" + Today(1) + "\"}").status, 200);
    BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + id + "/reply", intake, R"({"text":"Vi har inget att tillägga."})").status, 200);
    BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + id + "/decision", officer, R"({"outcome":"rejected","reasons":"Brister kvarstår."})").status, 200);
  }
  std::string Request(int size, int seed) {
    return R"({"from":")" + Today(-30) + R"(","to":")" + Today() + R"(","sample_size":)" + std::to_string(size) +
           R"(,"seed":)" + std::to_string(seed) + "}";
  }
  // A verified incident of violence by the case's organisation (DV-1 flags) and an unverified
  // threat (DV-7 notes), recorded now, and a re-screening that writes them into the case.
  // The applicant appeals the decision of the case at `path` and the court annuls it today.
  void AnnulOnAppeal(const std::string& path) {
    auto appeal = server.Post(path + "/appeals", officer,
                              R"({"lodged_on":")" + Today() +
                                  R"(","appellant":{"kind":"applicant"},"court":"Förvaltningsrätten i Göteborg"})");
    BOOST_TEST_REQUIRE(appeal.status == 201, appeal.body);
    const auto appeal_id = std::to_string(Parse(appeal.body)->getValue<long long>("id"));
    BOOST_TEST_REQUIRE(server.Post("/api/v1/appeals/" + appeal_id + "/outcome", officer,
                                   R"({"outcome":"annulled","outcome_on":")" + Today() + "\"}").status == 200);
  }
  void IncidentsAndRescreen(const std::string& case_id) {
    const auto org = Parse(server.Get("/api/v1/cases/" + case_id, officer).body)
                         ->getObject("organisation")->getValue<std::string>("org_number");
    for (const char* incident : {R"("kind":"violence","source":"court_judgment","verified":true)",
                                 R"("kind":"threat","source":"media","verified":false)"}) {
      auto r = server.Post("/api/v1/incidents", coordinator,
                           R"({"subject":{"org_number":")" + org + R"("},)" + incident + R"(,"occurred_on":")" +
                               Today(-10) + R"(","reference":"B 1-26"})");
      BOOST_TEST_REQUIRE(r.status == 201, r.body);
    }
    auto r = server.Post("/api/v1/admin/rescreen", admin, "");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    BOOST_TEST_REQUIRE(server.Db().Count("SELECT democracy_flag::int FROM screenings WHERE case_id = " + case_id +
                                         " ORDER BY id DESC LIMIT 1") == 1);
  }
  // The sample's item of `case_id` in audit `audit`.
  Object::Ptr Item(const Object::Ptr& audit, const std::string& case_id) {
    auto sample = audit->getArray("sample");
    for (std::size_t i = 0; i < sample->size(); ++i)
      if (std::to_string(sample->getObject(i)->getValue<long long>("case_id")) == case_id) return sample->getObject(i);
    BOOST_FAIL("case " + case_id + " is not in the sample");
    return nullptr;
  }
  // The checklist entry `name` of a sample item.
  Object::Ptr Check(const Object::Ptr& item, const std::string& name) {
    auto checklist = item->getArray("checklist");
    for (std::size_t k = 0; k < checklist->size(); ++k)
      if (checklist->getObject(k)->getValue<std::string>("item") == name) return checklist->getObject(k);
    BOOST_FAIL("no checklist entry " + name);
    return nullptr;
  }
  std::vector<std::string> Sample(const Object::Ptr& audit) {
    std::vector<std::string> out;
    auto s = audit->getArray("sample");
    for (std::size_t i = 0; i < s->size(); ++i)
      out.push_back(std::to_string(s->getObject(i)->getValue<long long>("case_id")) + ":" +
                    s->getObject(i)->getValue<std::string>("why"));
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Audit, Fixture)

BOOST_AUTO_TEST_CASE(TheSameRequestOnTheSameDataGivesTheSameSample) {
  auto a = server.Post("/api/v1/audits", auditor, Request(6, 42));
  BOOST_TEST_REQUIRE(a.status == 201, a.body);
  auto b = server.Post("/api/v1/audits", auditor, Request(6, 42));
  BOOST_TEST_REQUIRE(b.status == 201, b.body);
  BOOST_TEST(Sample(Parse(a.body)) == Sample(Parse(b.body)), boost::test_tools::per_element());
  BOOST_TEST(Parse(a.body)->getValue<int>("population") == 14);  // the rejection is not granted support
}

BOOST_AUTO_TEST_CASE(RiskCriteriaPickTheLargeAndTheOverdueFirst) {
  auto a = Parse(server.Post("/api/v1/audits", auditor, Request(8, 1)).body);
  auto sample = a->getArray("sample");
  int risk = 0;
  for (std::size_t i = 0; i < sample->size(); ++i) {
    auto item = sample->getObject(i);
    if (item->getValue<std::string>("why") != "risk") continue;
    ++risk;
    BOOST_TEST(item->getArray("risk_criteria")->size() >= 1u);
  }
  BOOST_TEST(risk == 4);  // two large amounts, two with overdue conditions; the quota is 4
  auto checklist = sample->getObject(0)->getArray("checklist");
  BOOST_TEST(checklist->size() == 5u);
}

BOOST_AUTO_TEST_CASE(FindingsAreRecordedUntilSignOff) {
  auto a = Parse(server.Post("/api/v1/audits", auditor, Request(4, 9)).body);
  const auto id = std::to_string(a->getValue<long long>("id"));
  const auto case_id = std::to_string(a->getArray("sample")->getObject(0)->getValue<long long>("case_id"));
  BOOST_TEST(server.Post("/api/v1/audits/" + id + "/items/" + case_id + "/findings", auditor,
                         R"({"severity":"huge","text":""})").status == 422);
  auto f = server.Post("/api/v1/audits/" + id + "/items/" + case_id + "/findings", auditor,
                       R"({"severity":"minor","text":"Verksamhetsberättelsen saknar underskrift."})");
  BOOST_TEST_REQUIRE(f.status == 200, f.body);
  BOOST_TEST(server.Post("/api/v1/audits/" + id + "/items/999999/findings", auditor, R"({"severity":"minor","text":"x"})").status == 404);
  BOOST_TEST(server.Post("/api/v1/audits/" + id + "/sign-off", auditor, R"({"note":"Granskat utan väsentliga brister."})").status == 200);
  BOOST_TEST(server.Post("/api/v1/audits/" + id + "/items/" + case_id + "/findings", auditor,
                         R"({"severity":"minor","text":"x"})").status == 409);
  BOOST_TEST(server.Post("/api/v1/audits", officer, Request(4, 9)).status == 403);
  BOOST_TEST(server.Get("/api/v1/audits/" + id, officer).status == 403);
}

BOOST_AUTO_TEST_CASE(TheReportsNumbersEqualADirectCount) {
  auto a = Parse(server.Post("/api/v1/audits", auditor, Request(5, 3)).body);
  const auto id = std::to_string(a->getValue<long long>("id"));
  auto r = server.Get("/api/v1/audits/" + id + "/report?format=json", auditor);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto report = Parse(r.body);
  const std::string month = Today().substr(0, 7);
  auto decisions = report->getObject("decisions");
  auto sql = [&](const std::string& where) { return server.Db().Count("SELECT count(*) FROM decisions d JOIN cases c ON c.id = d.case_id WHERE " + where); };
  BOOST_TEST(decisions->getObject("grant approved")->getValue<int>(month) == sql("d.outcome = 'approved' AND c.kind = 'grant'"));
  BOOST_TEST(decisions->getObject("grant approved_with_conditions")->getValue<int>(month) == sql("d.outcome = 'approved_with_conditions'"));
  BOOST_TEST(decisions->getObject("grant rejected")->getValue<int>(month) == sql("d.outcome = 'rejected'"));
  BOOST_TEST(report->getObject("conditions")->getValue<int>("overdue") ==
             server.Db().Count("SELECT count(*) FROM conditions WHERE status = 'overdue'"));
  BOOST_TEST(report->getObject("referral")->getObject(month)->getValue<int>("submitted") ==
             server.Db().Count("SELECT count(*) FROM cases"));
  auto csv = server.Get("/api/v1/audits/" + id + "/report?format=csv", auditor);
  BOOST_TEST(csv.Header("Content-Type").find("text/csv") == 0u);
  std::size_t lines = 0;
  for (char c : csv.body) lines += c == '\n';
  BOOST_TEST(lines == static_cast<std::size_t>(1 + server.Db().Count("SELECT count(*) FROM decisions")));
  auto html = server.Get("/api/v1/audits/" + id + "/report?format=html&lang=en", auditor);
  BOOST_TEST(html.body.find("<svg") != std::string::npos);
  BOOST_TEST(html.body.find("role=\"img\"") != std::string::npos);
  BOOST_TEST(html.body.find("Audit report") != std::string::npos);
  BOOST_TEST(server.Get("/api/v1/audits/" + id + "/report", auditor).body.find("Granskningsrapport") != std::string::npos);
  BOOST_TEST(server.Get("/api/v1/audits/" + id + "/report?format=pdf", auditor).status == 422);
}

BOOST_AUTO_TEST_CASE(TheReportListsTheRevocationsAndAppealsOfThePeriod) {
  // Two granted cases of the fixture: one revoked with a repayment claim on the democracy
  // condition, one whose intended revocation is dropped; a third only communicated.
  std::vector<std::string> granted;
  for (long long id : {1, 2, 3}) granted.push_back(std::to_string(server.Db().Count(
      "SELECT c.id FROM cases c JOIN decisions d ON d.case_id = c.id WHERE d.outcome = 'approved' ORDER BY c.id "
      "OFFSET " + std::to_string(id) + " LIMIT 1")));
  auto rv = [&](const std::string& id) { return "/api/v1/cases/" + id + "/revocation"; };
  for (const auto& id : granted)
    BOOST_TEST_REQUIRE(server
                           .Post(rv(id) + "/communication", officer,
                                 R"({"breach":"Villkoret bröts.","democracy_reason":)" +
                                     std::string(id == granted[0] ? "true,\"repayment_sek\":45000" : "false") +
                                     R"(,"reply_by":")" + Today(10) + "\"}")
                           .status == 200);
  for (const auto& id : {granted[0], granted[1]})
    BOOST_TEST_REQUIRE(server.Post(rv(id) + "/reply", intake, R"({"text":"Svar."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv(granted[0]), officer, R"({"reasons":"Brutet.","repayment_sek":45000,"repayment_due":")" +
                                                              Today(30) + "\"}").status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv(granted[1]) + "/drop", officer, R"({"reasons":"Inte brutet."})").status == 200);

  auto a = Parse(server.Post("/api/v1/audits", auditor, Request(3, 5)).body);
  const auto id = std::to_string(a->getValue<long long>("id"));
  auto json = Parse(server.Get("/api/v1/audits/" + id + "/report?format=json", auditor).body);
  auto r = json->getObject("revocations");
  BOOST_TEST(r->getValue<int>("revoked") == 1);
  BOOST_TEST(r->getValue<int>("dropped") == 1);
  BOOST_TEST(r->getValue<int>("communicated") == 1);
  BOOST_TEST(r->getValue<int>("annulled") == 0);
  BOOST_TEST(r->getValue<int>("democracy_reason") == 1);
  BOOST_TEST(r->getValue<long long>("repayment_claimed_sek") == 45000);

  auto html = server.Get("/api/v1/audits/" + id + "/report?format=html", auditor).body;
  BOOST_TEST(html.find("Återkallelser i perioden") != std::string::npos);
  for (const char* status : {"beslutet återkallat", "avslutad utan återkallelse", "kommunicerad, inte avgjord"})
    BOOST_TEST(html.find(status) != std::string::npos, status);
  BOOST_TEST(html.find("45000 (" + Today(30) + ")") != std::string::npos);
  for (const auto& c : granted) {
    const auto number = Parse(server.Get("/api/v1/cases/" + c, officer).body)->getValue<std::string>("case_number");
    BOOST_TEST(html.find(number) != std::string::npos, number);
  }

  // Appeals: the revocation appealed by a named member (the court has not decided), the third
  // case's decision appealed by the applicant and rejected by the court.
  const std::string court = R"(,"court":"Förvaltningsrätten i Göteborg"})";
  auto of_revocation = server.Post("/api/v1/cases/" + granted[0] + "/appeals", officer,
                                   R"({"lodged_on":")" + Today() +
                                       R"(","appellant":{"kind":"municipal_member","name":"Namn NAMNSSON"})" + court);
  BOOST_TEST_REQUIRE(of_revocation.status == 201, of_revocation.body);
  auto of_decision = server.Post("/api/v1/cases/" + granted[2] + "/appeals", officer,
                                 R"({"lodged_on":")" + Today() + R"(","appellant":{"kind":"applicant"})" + court);
  BOOST_TEST_REQUIRE(of_decision.status == 201, of_decision.body);
  const auto appeal_id = std::to_string(Parse(of_decision.body)->getValue<long long>("id"));
  BOOST_TEST_REQUIRE(server.Post("/api/v1/appeals/" + appeal_id + "/outcome", officer,
                                 R"({"outcome":"rejected","outcome_on":")" + Today() + "\"}").status == 200);
  auto with_appeals = Parse(server.Post("/api/v1/audits", auditor, Request(3, 6)).body);
  const auto appeals_id = std::to_string(with_appeals->getValue<long long>("id"));
  auto appeals = Parse(server.Get("/api/v1/audits/" + appeals_id + "/report?format=json", auditor).body)->getObject("appeals");
  BOOST_TEST(appeals->getValue<int>("pending") == 1);
  BOOST_TEST(appeals->getValue<int>("rejected") == 1);
  BOOST_TEST(appeals->getValue<int>("annulled") == 0);
  auto appeals_html = server.Get("/api/v1/audits/" + appeals_id + "/report?format=html", auditor).body;
  BOOST_TEST(appeals_html.find("Överklaganden i perioden") != std::string::npos);
  BOOST_TEST(appeals_html.find("<td>återkallelsen</td>") != std::string::npos);
  BOOST_TEST(appeals_html.find("<td>inte avgjort</td>") != std::string::npos);
  BOOST_TEST(appeals_html.find("<td>avslag " + Today() + "</td>") != std::string::npos);
  BOOST_TEST(appeals_html.find("<td>kommunmedlem</td>") != std::string::npos);
  BOOST_TEST(appeals_html.find("<td>sökanden</td>") != std::string::npos);
  auto appeals_en = server.Get("/api/v1/audits/" + appeals_id + "/report?format=html&lang=en", auditor).body;
  BOOST_TEST(appeals_en.find("<td>rejected " + Today() + "</td>") != std::string::npos);
  BOOST_TEST(appeals_en.find("<td>member of the municipality</td>") != std::string::npos);
  BOOST_TEST(appeals_en.find("<td>the applicant</td>") != std::string::npos);
  for (const char* code : {">municipal_member<", ">applicant<"}) {
    BOOST_TEST(appeals_html.find(code) == std::string::npos, code);
    BOOST_TEST(appeals_en.find(code) == std::string::npos, code);
  }
  BOOST_TEST(appeals_html.find("rejected") == std::string::npos);
  BOOST_TEST(appeals_html.find("NAMNSSON") == std::string::npos, "no appellant's name in the board report");

  // A period before any of it: none listed.
  auto before = Parse(server.Post("/api/v1/audits", auditor,
                                  R"({"from":")" + Today(-400) + R"(","to":")" + Today(-370) +
                                      R"(","sample_size":1,"seed":1})").body);
  const auto old_id = std::to_string(before->getValue<long long>("id"));
  auto none = Parse(server.Get("/api/v1/audits/" + old_id + "/report?format=json", auditor).body);
  BOOST_TEST(none->getObject("revocations")->getValue<int>("revoked") == 0);
  BOOST_TEST(none->getObject("revocations")->getValue<int>("dropped") == 0);
  BOOST_TEST(none->getObject("appeals")->getValue<int>("pending") == 0);
  auto en = server.Get("/api/v1/audits/" + old_id + "/report?format=html&lang=en", auditor).body;
  BOOST_TEST(en.find("Revocations in the period</h2><p>None</p>") != std::string::npos);
  BOOST_TEST(en.find("Appeals in the period</h2><p>None</p>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ADecisionAnnulledOnAppealIsReportedAsTakenAndItsCaseIsNotCountedTwice) {
  // One of the fixture's approvals with a condition is appealed and annulled by the court; the
  // officer refers the case to the advisory group, which advises, and decides it again.
  const auto id = std::to_string(server.Db().Count(
      "SELECT c.id FROM cases c JOIN decisions d ON d.case_id = c.id WHERE d.outcome = 'approved_with_conditions' "
      "ORDER BY c.id LIMIT 1"));
  const std::string path = "/api/v1/cases/" + id;
  AnnulOnAppeal(path);
  BOOST_TEST_REQUIRE(server.Post(path + "/referral", officer, R"({"question":"Finns skäl att bevilja på nytt?"})").status ==
                     200);
  for (const char* name : {"Johan Berg", "Leila Haddad", "Per Nilsson"})
    BOOST_TEST_REQUIRE(server.Post(path + "/advice", server.Token("advisory_member", name),
                                   R"({"recommendation":"approve_with_conditions","reasoning":"Med villkor."})")
                           .status == 200);
  BOOST_TEST_REQUIRE(server.Post(path + "/decision", officer,
                                 R"({"outcome":"approved","amount_sek":45000,"reasons":"Prövat på nytt."})")
                         .status == 200);

  auto a = Parse(server.Post("/api/v1/audits", auditor, Request(3, 11)).body);
  const auto audit = std::to_string(a->getValue<long long>("id"));
  auto report = Parse(server.Get("/api/v1/audits/" + audit + "/report?format=json", auditor).body);
  const std::string month = Today().substr(0, 7);
  // Both decisions were taken in the period: the annulled one (reported to the board when taken)
  // and the new one.
  BOOST_TEST(report->getObject("decisions")->getObject("grant approved_with_conditions")->getValue<int>(month) == 2);
  BOOST_TEST(report->getObject("decisions")->getObject("grant approved")->getValue<int>(month) ==
             server.Db().Count("SELECT count(*) FROM decisions WHERE outcome = 'approved'"));
  BOOST_TEST(report->getValue<int>("annulled_decisions") == 1);
  // Each condition counts once, under the decision that set it: the annulled decision's is
  // waived; the new decision has none.
  auto conditions = report->getObject("conditions");
  int listed = 0;
  for (const auto& [status, n] : *conditions) listed += n.convert<int>();
  BOOST_TEST(listed == server.Db().Count("SELECT count(*) FROM conditions"));
  BOOST_TEST(conditions->getValue<int>("waived") == 1);
  BOOST_TEST(conditions->getValue<int>("pending") == 0);
  // The advice counts towards the decision taken after it, once.
  BOOST_TEST(report->getObject("advice")->getValue<int>("approve_with_conditions") == 3);
  // In an audit sample, the case's checklist reads the conditions of the decision that stands.
  auto all = Parse(server.Post("/api/v1/audits", auditor, Request(20, 11)).body);
  const auto all_id = std::to_string(all->getValue<long long>("id"));
  auto item = Parse(server.Get("/api/v1/audits/" + all_id, auditor).body)->getArray("sample");
  std::string conditions_met;
  for (std::size_t i = 0; i < item->size(); ++i) {
    if (std::to_string(item->getObject(i)->getValue<long long>("case_id")) != id) continue;
    auto checklist = item->getObject(i)->getArray("checklist");
    for (std::size_t k = 0; k < checklist->size(); ++k)
      if (checklist->getObject(k)->getValue<std::string>("item") == "conditions_met")
        conditions_met = checklist->getObject(k)->getValue<std::string>("detail");
  }
  BOOST_TEST(conditions_met == "Beslutet har inga villkor");

  auto csv = server.Get("/api/v1/audits/" + audit + "/report?format=csv", auditor).body;
  BOOST_TEST(csv.find(",annulled_on_appeal\r\n") != std::string::npos);
  std::size_t annulled_rows = 0;
  for (std::size_t at = csv.find(",true\r\n"); at != std::string::npos; at = csv.find(",true\r\n", at + 1)) ++annulled_rows;
  BOOST_TEST(annulled_rows == 1u);
  auto html = server.Get("/api/v1/audits/" + audit + "/report", auditor).body;
  BOOST_TEST(html.find("Av dessa beslut har förvaltningsrätten efter överklagande upphävt: 1.") != std::string::npos);
}

// Review: the checklist judged a decision against screenings made after it. A case approved
// while its screening said cleared, then flagged by a re-screening after a verified incident
// (and noted for an unverified one) was recorded, was listed as approved without särskilda
// skäl despite a democracy flag, and was drawn by risk for the later screening's note.
BOOST_AUTO_TEST_CASE(TheChecklistJudgesADecisionByTheScreeningItWasTakenOn) {
  const auto id = std::to_string(server.Db().Count(
      "SELECT c.id FROM cases c JOIN decisions d ON d.case_id = c.id WHERE d.outcome = 'approved' "
      "AND d.amount_sek = 45000 ORDER BY c.id LIMIT 1"));
  IncidentsAndRescreen(id);
  BOOST_TEST_REQUIRE(server.Db().Count("SELECT (result_json::jsonb -> 'results') @> '[{\"outcome\":\"note\"}]' "
                                       "FROM screenings WHERE case_id = " + id + " ORDER BY id DESC LIMIT 1") == 1);

  auto audit = server.Post("/api/v1/audits", auditor, Request(20, 7));
  BOOST_TEST_REQUIRE(audit.status == 201, audit.body);
  auto item = Item(Parse(audit.body), id);
  BOOST_TEST(item->getValue<std::string>("why") == "random");
  BOOST_TEST(item->getArray("risk_criteria")->size() == 0u);
  auto reasons = Check(item, "reasons_recorded");
  BOOST_TEST(reasons->getValue<std::string>("status") == "ok");
  BOOST_TEST(reasons->getValue<std::string>("detail") == "Skäl skrevs vid beslutet");
  BOOST_TEST(Check(item, "documents_present")->getValue<std::string>("status") == "ok");
}

// Each decision against its own time: a decision annulled on appeal and taken again after a
// re-screening flagged the case is judged by the flag that stood when it was taken again. (Its
// särskilda skäl are blanked in the database, as in a decision recorded without them, so that
// the checklist has something to find.)
BOOST_AUTO_TEST_CASE(ADecisionTakenAgainIsJudgedByTheScreeningThatStoodThen) {
  const auto id = std::to_string(server.Db().Count(
      "SELECT c.id FROM cases c JOIN decisions d ON d.case_id = c.id WHERE d.outcome = 'approved' "
      "AND d.amount_sek = 45000 ORDER BY c.id LIMIT 1"));
  const std::string path = "/api/v1/cases/" + id;
  AnnulOnAppeal(path);
  IncidentsAndRescreen(id);
  BOOST_TEST_REQUIRE(server.Post(path + "/referral", officer, R"({"question":"Finns särskilda skäl?"})").status == 200);
  for (const char* name : {"Johan Berg", "Leila Haddad", "Per Nilsson"})
    BOOST_TEST_REQUIRE(server.Post(path + "/advice", server.Token("advisory_member", name),
                                   R"({"recommendation":"approve","reasoning":"Föreningen har tagit avstånd."})")
                           .status == 200);
  auto decided = server.Post(path + "/decision", officer,
                             R"({"outcome":"approved","amount_sek":45000,"reasons":"Prövat på nytt.",)"
                             R"("special_reasons":"Föreningen har tagit avstånd från händelsen."})");
  BOOST_TEST_REQUIRE(decided.status == 200, decided.body);
  server.Db().Exec("UPDATE decisions SET special_reasons = NULL WHERE annulled_by_appeal IS NULL AND case_id = " + id);

  auto audit = server.Post("/api/v1/audits", auditor, Request(20, 7));
  BOOST_TEST_REQUIRE(audit.status == 201, audit.body);
  auto reasons = Check(Item(Parse(audit.body), id), "reasons_recorded");
  BOOST_TEST(reasons->getValue<std::string>("status") == "missing");
  BOOST_TEST(reasons->getValue<std::string>("detail") ==
             "Skäl skrevs vid beslutet; särskilda skäl saknas trots demokratiflagga");
}

// Review: the HTML report showed raw JSON and codes (`random []`, `risk ["screening_notes"]`, the
// checklist as a JSON block, `Status open`, `grant approved_with_conditions`, `pending`). The
// JSON and CSV formats keep their codes: they are the machine-readable contract.
BOOST_AUTO_TEST_CASE(TheHtmlReportSaysSelectionChecklistAndCodesInItsLanguage) {
  auto a = Parse(server.Post("/api/v1/audits", auditor, Request(20, 3)).body);
  const auto id = std::to_string(a->getValue<long long>("id"));
  const auto large = std::to_string(server.Db().Count(
      "SELECT c.id FROM cases c JOIN decisions d ON d.case_id = c.id WHERE d.amount_sek = 150000 ORDER BY c.id LIMIT 1"));
  BOOST_TEST_REQUIRE(server.Post("/api/v1/audits/" + id + "/items/" + large + "/findings", auditor,
                                 R"({"severity":"major","text":"Utbetalningen saknar attest."})").status == 200);
  auto sv = server.Get("/api/v1/audits/" + id + "/report?format=html", auditor);
  auto en = server.Get("/api/v1/audits/" + id + "/report?format=html&lang=en", auditor);
  BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
  BOOST_TEST_REQUIRE(en.status == 200, en.body);
  for (const auto* html : {&sv.body, &en.body})
    for (const char* raw : {"[]", "[\"", "{\"", "&quot;", "<code>", "random [", "risk [", "approved_with_conditions",
                            "approve_with_conditions", "insufficient_basis", "documents_present", "not_applicable",
                            "large_amount", "grant approved", ">pending<", ">breached<"})
      BOOST_TEST(html->find(raw) == std::string::npos, raw << (html == &sv.body ? " (sv)" : " (en)"));
  BOOST_TEST(sv.body.find("<dd>open</dd>") == std::string::npos);
  for (const char* said :
       {"<dd>pågår</dd>", "riskurval: stort belopp", "slumpvis", "Föreningsbidrag, bifall med villkor",
        "Föreningsbidrag, bifall", "Föreningsbidrag, avslag", "Bevilja med villkor", "Försenat", "Brutet",
        "<li>Handlingar finns: OK – Stadgar finns, verksamhetsberättelse och ekonomisk redovisning finns</li>",
        "<li>Utbetalt belopp stämmer: kontrolleras manuellt – Beviljat 150000 kr; utbetalningar finns i "
        "ekonomisystemet och stäms av manuellt</li>",
        "<li>Villkor uppfyllda: saknas – 1 försenade, 0 brutna villkor</li>",
        "<li>Kommunicering gjord: ej tillämpligt – Beslutet gick inte sökanden emot</li>",
        "<p>Allvarlig: Utbetalningen saknar attest.</p>"})
    BOOST_TEST(sv.body.find(said) != std::string::npos, said);
  for (const char* said :
       {"<dd>open</dd>", "risk: large amount", "Association grant, approved with conditions",
        "Association grant, rejected", "Approve with conditions", "Overdue", "Breached",
        "<li>Documents present: OK – Statutes present, annual report and financial statement present</li>",
        "<li>Amount paid matches: check by hand – Granted SEK 150000; payments are in the finance system and are "
        "checked by hand</li>",
        "<li>Conditions met: missing – 1 overdue, 0 breached conditions</li>",
        "<li>Reasons recorded: OK – Reasons written when deciding</li>",
        "<p>Major: Utbetalningen saknar attest.</p>"})
    BOOST_TEST(en.body.find(said) != std::string::npos, said);
  BOOST_TEST(en.body.find("Stadgar") == std::string::npos);
  // The machine-readable formats keep their codes.
  auto json = Parse(server.Get("/api/v1/audits/" + id + "/report?format=json", auditor).body);
  BOOST_TEST(json->getObject("decisions")->has("grant approved_with_conditions"));
  BOOST_TEST(json->getObject("advice")->has("approve_with_conditions"));
  BOOST_TEST(server.Get("/api/v1/audits/" + id + "/report?format=csv", auditor).body.find(",approved_with_conditions,") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(StatisticsSuppressSmallCountsAndShowNoNames) {
  auto r = server.Get("/api/v1/statistics?from=" + Today(-30) + "&to=" + Today(), coordinator);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(r.body.find("Föreningen Exempel") == std::string::npos);
  auto items = Parse(r.body)->getArray("items");
  bool shown = false, suppressed = false;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto c = items->getObject(i);
    if (c->getValue<bool>("suppressed")) {
      suppressed = true;
      BOOST_TEST(c->isNull("count"));
    } else {
      shown = true;
      BOOST_TEST(c->getValue<int>("count") >= 5);
    }
  }
  BOOST_TEST(shown);       // 11 plain approvals in Angered
  BOOST_TEST(suppressed);  // 2 approvals with conditions, 1 rejection
  BOOST_TEST(server.Get("/api/v1/statistics?from=" + Today(-30) + "&to=" + Today(), officer).status == 403);
  BOOST_TEST(server.Get("/api/v1/statistics?from=x", coordinator).status == 422);
  // API review: a period that ends before it begins was answered with an empty 200, and a role
  // that may not read statistics got 422 for a missing query instead of 403.
  auto backwards = server.Get("/api/v1/statistics?from=2026-12-31&to=2026-01-01", coordinator);
  BOOST_TEST(backwards.status == 422, backwards.body);
  BOOST_TEST(backwards.body.find("\"field\":\"to\"") != std::string::npos, backwards.body);
  BOOST_TEST(server.Get("/api/v1/statistics", officer).status == 403);
}

// A case is counted in the district it was submitted with (migration 0025): a later
// application naming another district moves the register's organisation, not its earlier
// cases; a supplement corrects its own case.
BOOST_AUTO_TEST_CASE(StatisticsCountACaseInTheDistrictItWasSubmittedWith) {
  auto approved_in = [&](const std::string& district) {
    auto r = server.Get("/api/v1/statistics?from=" + Today(-30) + "&to=" + Today(), coordinator);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto items = Parse(r.body)->getArray("items");
    long long n = 0;
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto c = items->getObject(i);
      if (c->getValue<std::string>("outcome") == "approved" && !c->isNull("district") &&
          c->getValue<std::string>("district") == district && !c->getValue<bool>("suppressed"))
        n += c->getValue<long long>("count");
    }
    return n;
  };
  const long long before = approved_in("Angered");
  BOOST_TEST_REQUIRE(before >= 11);
  std::string moved_case;
  for (int i = 0; i < 3; ++i) {  // three approved organisations apply again from Backa
    std::string json = SampleGrant(OrgNumberFor(500 + i));
    const std::string municipality = "\"municipality\":\"Göteborg\"";
    json.replace(json.find(municipality), municipality.size(), municipality + ",\"district\":\"Backa\"");
    auto s = server.Post("/api/v1/applications", intake, json);
    BOOST_TEST_REQUIRE(s.status == 201, s.body);
    moved_case = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  }
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM organisations WHERE district = 'Backa'") == 3);
  BOOST_TEST(approved_in("Angered") == before, "the earlier cases stay in Angered");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE organisation_district = 'Backa'") == 3);
  // A supplement corrects its own case's district only.
  auto supplemented =
      server.Post("/api/v1/cases/" + moved_case + "/supplement", intake, R"({"organisation":{"district":"Kortedala"}})");
  BOOST_TEST_REQUIRE(supplemented.status == 200, supplemented.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE organisation_district = 'Kortedala' AND id = " +
                               moved_case) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE organisation_district = 'Backa'") == 2);
  BOOST_TEST(approved_in("Angered") == before);
}

// Security review M4: cells are per month, so a period that cut a month would let two
// overlapping requests be subtracted to single out one case. The period is widened to whole
// months, and the answer says which period it counts.
BOOST_AUTO_TEST_CASE(TwoOverlappingRangesInsideOneMonthGiveTheSameCellsForTheWholeMonth) {
  server.Db().Exec("UPDATE cases SET submitted_on = '2026-03-10'");
  server.Db().Exec(
      "UPDATE cases SET submitted_on = '2026-03-01' WHERE id = (SELECT min(c.id) FROM cases c "
      "JOIN decisions d ON d.case_id = c.id WHERE d.outcome = 'approved')");
  auto whole = server.Get("/api/v1/statistics?from=2026-03-01&to=2026-03-31", coordinator);
  auto part = server.Get("/api/v1/statistics?from=2026-03-02&to=2026-03-20", coordinator);
  BOOST_TEST_REQUIRE(whole.status == 200, whole.body);
  BOOST_TEST_REQUIRE(part.status == 200, part.body);
  BOOST_TEST(part.body == whole.body);
  auto body = Parse(part.body);
  BOOST_TEST(body->getValue<std::string>("from") == "2026-03-01");
  BOOST_TEST(body->getValue<std::string>("to") == "2026-03-31");
  // The case submitted on the 1st is counted in both: all 12 plain approvals in Angered.
  auto items = body->getArray("items");
  bool found = false;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto c = items->getObject(i);
    if (c->getValue<std::string>("outcome") != "approved" || c->isNull("district")) continue;
    found = true;
    BOOST_TEST(c->getValue<std::string>("month") == "2026-03");
    BOOST_TEST(c->getValue<int>("count") == 12);
  }
  BOOST_TEST(found);
  // A period ending in a leap-year February ends on its last day.
  auto feb = Parse(server.Get("/api/v1/statistics?from=2028-02-10&to=2028-02-11", coordinator).body);
  BOOST_TEST(feb->getValue<std::string>("from") == "2028-02-01");
  BOOST_TEST(feb->getValue<std::string>("to") == "2028-02-29");
}

BOOST_AUTO_TEST_SUITE_END()

// The checklist's notes are stored in Swedish; every note BuildChecklist writes has an English
// rendering for the English report, with the same numbers.
BOOST_AUTO_TEST_SUITE(AuditChecklistText)

BOOST_AUTO_TEST_CASE(EveryNoteTheChecklistWritesSaysItselfInEnglish) {
  using granska::workflow::AuditService;
  using granska::workflow::ChecklistFacts;
  std::vector<ChecklistFacts> all;
  for (const char* kind : {"grant", "booking"})
    for (const char* type : {"activity", "project"})
      for (int ge = 0; ge < 4; ++ge)
        for (int conditions = 0; conditions < 4; ++conditions)
          for (int flag = 0; flag < 2; ++flag) {
            ChecklistFacts f;
            f.kind = kind;
            f.grant_type = std::string(kind) == "grant" ? type : "";
            if (ge & 1) f.ge2 = "pass";
            if (ge & 2) f.ge9 = "pass";
            f.outcome = flag ? "approved" : "rejected";
            if (std::string(kind) == "grant") f.amount_sek = 45000 + conditions, f.applied_sek = 45001;
            f.reasons = conditions == 2 ? "" : "Skäl.";
            f.democracy_flag = flag;
            f.communicated = ge == 1;
            f.conditions_pending = conditions == 1 ? 2 : 0;
            f.conditions_overdue = conditions == 3 ? 3 : 0;
            f.conditions_breached = conditions == 3 ? 1 : 0;
            f.conditions_fulfilled = conditions == 2 ? 4 : 0;
            f.conditions_waived = conditions == 2 ? 5 : 0;
            all.push_back(f);
          }
  std::set<std::string> notes;
  for (const auto& f : all)
    for (const auto& item : AuditService::BuildChecklist(f)) notes.insert(item.detail);
  BOOST_TEST(notes.size() >= 15u);
  for (const auto& note : notes) {
    auto en = AuditService::ChecklistDetailInEnglish(note);
    BOOST_TEST_REQUIRE(static_cast<bool>(en), note);
    BOOST_TEST(*en != note, note);
    for (const char* swedish : {"Stadgar", "Skäl", "saknas", "saknades", "finns", "Beslutet", "villkor",
                                "Kommunicering", "Beviljat", "Inget", "Lokalbokning", "verksamhetsberättelse"})
      BOOST_TEST(en->find(swedish) == std::string::npos, note << " -> " << *en);
    for (char c : note)
      if (c >= '0' && c <= '9') BOOST_TEST(en->find(c) != std::string::npos, note << " -> " << *en);
  }
  BOOST_TEST(*AuditService::ChecklistDetailInEnglish("3 försenade, 1 brutna villkor") == "3 overdue, 1 breached conditions");
  BOOST_TEST(!AuditService::ChecklistDetailInEnglish("Något annat"));
}

BOOST_AUTO_TEST_SUITE_END()
