// Re-screening from the outside: the admin endpoint with its roles, the run and its changes
// over HTTP, the `granska rescreen` command's summary, and memory that stays flat as the
// number of cases grows.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <regex>
#include <string>
#include <soci/soci.h>
#include <sys/wait.h>

#include "common/browser.hpp"
#include "common/test_server.hpp"

using granska::testing::Browser;
using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::TestDatabase;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;

namespace {

std::string Day(int plus_days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(plus_days) * 86400;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

using granska::testing::Exec;
using granska::testing::Run;

// `granska rescreen` on `db`. A sanitizer build keeps freed memory in quarantine, which
// would grow with the work done; a small quarantine keeps the peak about live memory.
Run Rescreen(const TestDatabase& db, const std::string& args = "") {
  return Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB='" + db.Connection() +
              "' ASAN_OPTIONS=\"${ASAN_OPTIONS:-}:quarantine_size_mb=1:thread_local_quarantine_size_kb=64\" " + GRANSKA_BINARY +
              " rescreen " + args);
}

double PeakMib(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex("peak memory ([0-9.]+) MiB"))) return -1;
  return std::stod(m[1]);
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");
  std::string auditor = server.Token("auditor");
  std::string admin = server.Token("admin");

  long long Submit(const std::string& json) {
    auto r = server.Post("/api/v1/applications", intake, json);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("case_id");
  }
  void Violence(const std::string& org) {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"org_number":")" + org + R"("},"kind":"violence","occurred_on":")" + Day(-10) +
                             R"(","source":"court_judgment","verified":true,"reference":"B 1-26"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
};

// `n` grant cases written straight into the database (as the bench does, on a small scale),
// each already screened cleared with the same application, so a run changes nothing.
void InsertCases(const TestDatabase& db, int from, int n, const std::string& facts) {
  std::string escaped;
  for (char c : facts) escaped += c == '\'' ? std::string("''") : std::string(1, c);
  db.Exec("INSERT INTO cases (case_number, year, sequence, kind, status, recommendation, organisation_id, "
          "organisation_name, submitted_on) "
          "SELECT '1999-' || lpad(g::text, 6, '0'), 1999, g, 'grant', 'in_review', 'cleared', "
          "(SELECT min(id) FROM organisations), (SELECT name FROM organisations ORDER BY id LIMIT 1), current_date FROM generate_series(" + std::to_string(from) + ", " +
          std::to_string(from + n - 1) + ") g");
  db.Exec("INSERT INTO applications (case_id, revision, raw_json, facts) SELECT c.id, 1, "
          "(SELECT raw_json FROM applications ORDER BY case_id LIMIT 1), '" + escaped +
          "' FROM cases c WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.case_id = c.id)");
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(RescreenEndpoint, Fixture)

BOOST_AUTO_TEST_CASE(AnAdminRunsItAndGetsTheCountsAuditorsReadTheResultsOfficersMayNot) {
  Submit(SampleGrant(OrgNumberFor(11)));
  const long long flagged = Submit(SampleGrant(OrgNumberFor(12)));
  Violence(OrgNumberFor(12));

  BOOST_TEST(server.Post("/api/v1/admin/rescreen", officer, "").status == 403);
  BOOST_TEST(server.Post("/api/v1/admin/rescreen", auditor, "").status == 403);
  BOOST_TEST(server.Post("/api/v1/admin/rescreen", intake, "").status == 403);
  BOOST_TEST(server.Post("/api/v1/admin/rescreen", "", "").status == 401);
  BOOST_TEST(server.Get("/api/v1/admin/rescreen", officer).status == 403);
  BOOST_TEST(server.Get("/api/v1/admin/rescreen/1", coordinator).status == 403);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_runs") == 0);

  auto r = server.Post("/api/v1/admin/rescreen", admin, "");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  auto run = Parse(r.body);
  const auto id = run->getValue<long long>("id");
  BOOST_TEST(r.Header("Location") == "/api/v1/admin/rescreen/" + std::to_string(id));
  BOOST_TEST(run->getValue<std::string>("status") == "finished");
  auto counts = run->getObject("counts");
  BOOST_TEST(counts->getValue<long long>("screened") == 2);
  BOOST_TEST(counts->getValue<long long>("open") == 2);
  BOOST_TEST(counts->getValue<long long>("newly_flagged") == 1);
  BOOST_TEST(counts->getValue<long long>("unchanged") == 1);
  BOOST_TEST(run->getValue<long long>("status_changes") == 0);
  BOOST_TEST(run->getObject("rule_set")->getValue<std::string>("version") ==
             Parse(server.Get("/api/v1/rules", admin).body)->getValue<std::string>("version"));
  BOOST_TEST(run->getObject("rule_set")->getArray("rules")->size() > 20u);
  BOOST_TEST(run->getObject("started_by")->getValue<std::string>("name") == "admin user");

  for (const auto& token : {auditor, admin}) {
    auto got = server.Get("/api/v1/admin/rescreen/" + std::to_string(id), token);
    BOOST_TEST_REQUIRE(got.status == 200, got.body);
    BOOST_TEST(Parse(got.body)->getObject("counts")->getValue<long long>("newly_flagged") == 1);
    auto list = server.Get("/api/v1/admin/rescreen", token);
    BOOST_TEST_REQUIRE(list.status == 200, list.body);
    BOOST_TEST(Parse(list.body)->getArray("items")->size() == 1u);
    auto changes = server.Get("/api/v1/admin/rescreen/" + std::to_string(id) + "/changes", token);
    BOOST_TEST_REQUIRE(changes.status == 200, changes.body);
    auto items = Parse(changes.body)->getArray("items");
    BOOST_TEST_REQUIRE(items->size() == 1u);
    BOOST_TEST(items->getObject(0)->getValue<long long>("case_id") == flagged);
    BOOST_TEST(items->getObject(0)->getValue<std::string>("change") == "newly_flagged");
    BOOST_TEST(items->getObject(0)->getValue<std::string>("previous_recommendation") == "cleared");
    BOOST_TEST(items->getObject(0)->getValue<std::string>("recommendation") == "flag");
    BOOST_TEST(items->getObject(0)->getValue<std::string>("status") == "in_review");
  }
  BOOST_TEST(server.Get("/api/v1/admin/rescreen/" + std::to_string(id + 1), auditor).status == 404);
  BOOST_TEST(server.Get("/api/v1/admin/rescreen/x/changes", auditor).status == 404);
  BOOST_TEST(server.Get("/api/v1/admin/rescreen?limit=0", auditor).status == 422);

  // The case's history says what the re-screening changed, not only that it ran.
  server.StaffToken("case_officer", "Karin Holm", "rätt-hemligt-lösenord");
  Browser b(server.Port());
  BOOST_TEST_REQUIRE(b.SignIn("Karin Holm", "rätt-hemligt-lösenord").status == 303);
  auto page = b.Get("/cases/" + std::to_string(flagged));
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.body.find("Regelgranskad på nytt: en demokratiregel flaggar nu ärendet") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(TheCommandPrintsASummaryAndExitsZero) {
  Submit(SampleGrant(OrgNumberFor(21)));
  Submit(SampleGrant(OrgNumberFor(22)));
  Violence(OrgNumberFor(22));
  auto r = Rescreen(server.Db());
  BOOST_TEST_REQUIRE(r.code == 0, r.out);
  BOOST_TEST(r.out.find("2 cases (2 open, 0 under follow-up)") != std::string::npos, r.out);
  BOOST_TEST(std::regex_search(r.out, std::regex("newly flagged +1\n")), r.out);
  BOOST_TEST(std::regex_search(r.out, std::regex("unchanged +1\n")), r.out);
  BOOST_TEST(r.out.find("No case status was changed") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("cleared -> flag  (newly_flagged)") != std::string::npos, r.out);
  BOOST_TEST(std::regex_search(r.out, std::regex("rule set: sha256:[0-9a-f]{12} \\(2 cases\\) -> sha256:[0-9a-f]{12}")), r.out);
  BOOST_TEST(r.out.find("\r[") == std::string::npos, "no progress bar when stderr is not a terminal");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_runs WHERE status = 'finished' AND started_by IS NULL "
                               "AND started_by_name = 'granska rescreen' AND newly_flagged = 1") == 1);
  auto changes = Rescreen(server.Db(), "changes 1");
  BOOST_TEST(changes.code == 0, changes.out);
  BOOST_TEST(changes.out.find("\tin_review\tcleared\tflag\tnewly_flagged\n") != std::string::npos, changes.out);
}

BOOST_AUTO_TEST_CASE(ABadWorkerOrBatchCountIsRefusedByNameAndNoRunIsRecorded) {
  Submit(SampleGrant(OrgNumberFor(41)));
  // "--batch 0" used to record a finished run that screened nothing; "x" ended in "stoi".
  for (const auto& args : std::initializer_list<std::string>{"--workers x", "--workers 0", "--workers 99999",
                                                             "--batch 0", "--batch -1", "--batch=12abc"}) {
    auto r = Rescreen(server.Db(), args);
    BOOST_TEST(r.code == 2, args << ": " << r.out);
    const std::string name = args.substr(0, args.find_first_of(" ="));
    BOOST_TEST(r.out.find("granska rescreen: " + name + " must be a whole number from 1 to ") != std::string::npos,
               args << ": " << r.out);
  }
  // An option without its value is refused by the command line's own check (app/commands).
  auto valueless = Rescreen(server.Db(), "--batch");
  BOOST_TEST(valueless.code == 2, valueless.out);
  BOOST_TEST(valueless.out.find("'rescreen': --batch needs a value") != std::string::npos, valueless.out);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_runs") == 0);
  auto ok = Rescreen(server.Db(), "--workers 1 --batch=1");
  BOOST_TEST(ok.code == 0, ok.out);
  BOOST_TEST(ok.out.find("1 cases") != std::string::npos, ok.out);
}

BOOST_AUTO_TEST_CASE(MemoryDoesNotGrowWithTheNumberOfCases) {
  Submit(SampleGrant(OrgNumberFor(31)));
  soci::session sql("postgresql", server.Db().Connection());
  std::string facts;
  sql << "SELECT facts FROM applications LIMIT 1", soci::into(facts);
  InsertCases(server.Db(), 1, 20000, facts);
  // Batches of 1 000 cases: both runs fill the pipeline's bounded queues (what a run holds
  // at most), so what remains to compare is whatever would grow with the cases.
  auto small = Rescreen(server.Db(), "--batch 1000");
  BOOST_TEST_REQUIRE(small.code == 0, small.out);
  BOOST_TEST(small.out.find("20001 cases") != std::string::npos, small.out);
  InsertCases(server.Db(), 20001, 60000, facts);
  auto large = Rescreen(server.Db(), "--batch 1000");
  BOOST_TEST_REQUIRE(large.code == 0, large.out);
  BOOST_TEST(large.out.find("80001 cases") != std::string::npos, large.out);
  const double a = PeakMib(small.out), b = PeakMib(large.out);
  BOOST_TEST_MESSAGE("peak resident memory: " << a << " MiB at 20 001 cases, " << b << " MiB at 80 001");
  BOOST_TEST_REQUIRE(a > 0);
  BOOST_TEST(b < a * 1.05 + 2.0, "4x the cases: " << a << " MiB -> " << b << " MiB");
}

BOOST_AUTO_TEST_SUITE_END()
