// The granska binary as a user runs it: migrate, user add, and refusing to start.
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>
#include <vector>
#include <unistd.h>

#include "common/test_db.hpp"

namespace {

using granska::testing::Exec;
using granska::testing::Run;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace

BOOST_AUTO_TEST_SUITE(CommandLine)

BOOST_AUTO_TEST_CASE(MigrateIsIdempotentAndUserAddPrintsATokenLast) {
  granska::testing::TestDatabase db;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.Connection()) + " ";
  auto m = Exec(env + GRANSKA_BINARY " migrate");
  BOOST_TEST(m.code == 0, m.out);
  BOOST_TEST(m.out.find("0 migration(s) applied now") != std::string::npos, m.out);
  auto u = Exec(env + GRANSKA_BINARY " user add --name 'Karin Holm' --role case_officer");
  BOOST_TEST_REQUIRE(u.code == 0, u.out);
  std::string last = u.out.substr(0, u.out.size() - 1);
  last = last.substr(last.rfind('\n') + 1);
  BOOST_TEST(last.rfind("gsk_", 0) == 0u, u.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM users WHERE name = 'Karin Holm' AND role = 'case_officer'") == 1);
  auto bad = Exec(env + GRANSKA_BINARY " user add --name X --role wizard");
  BOOST_TEST(bad.code != 0);
  BOOST_TEST(bad.out.find("ROLE is one of") != std::string::npos, bad.out);
}

BOOST_AUTO_TEST_CASE(AMistypedOptionOrAStrayArgumentIsRefusedBeforeAnythingRuns) {
  // API review: `user add ... --sectr culture` created a member without a sector and
  // `rescreen --bogus` ran a whole re-screening; both exited 0.
  granska::testing::TestDatabase db;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.Connection()) + " ";
  struct Refused {
    std::string args;
    int code;
    std::string said;
  };
  const std::vector<Refused> refused = {
      {"user add --name 'Rev Z' --role advisory_member --sectr culture", 2,
       "'user add' has no option '--sectr' (it takes --name, --role, --sector, --config)"},
      {"user add --name 'Rev Z' --role case_officer extra", 2, "'user add' does not take the argument 'extra'"},
      {"rescreen --bogus", 2, "'rescreen' has no option '--bogus'"},
      {"migrate --config", 2, "'migrate': --config needs a value"},
      {"rules check rules extra", 2, "'rules check' does not take the argument 'extra'"},
      {"user add --name 'Rev Z' --role advisory_member --sector nonsense", 1,
       "--sector: unknown sector 'nonsense'; it is one of social_resources, sport_and_associations, culture, "
       "housing_company, security, district"},
  };
  for (const auto& r : refused) {
    auto run = Exec(env + GRANSKA_BINARY " " + r.args);
    BOOST_TEST(run.code == r.code, r.args << ": " << run.out);
    BOOST_TEST(run.out.find(r.said) != std::string::npos, r.args << ": " << run.out);
  }
  // Nothing of theirs ran.
  BOOST_TEST(db.Count("SELECT count(*) FROM users WHERE name = 'Rev Z'") == 0);
  BOOST_TEST(db.Count("SELECT count(*) FROM rescreen_runs") == 0);
  // The forms that are right still run.
  auto ok = Exec(env + GRANSKA_BINARY " user add --name='Rev Z' --role advisory_member --sector culture");
  BOOST_TEST(ok.code == 0, ok.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM users WHERE name = 'Rev Z' AND sector = 'culture'") == 1);
  BOOST_TEST(Exec(env + GRANSKA_BINARY " rules check rules").code == 0);
}

BOOST_AUTO_TEST_CASE(ServeRefusesToStartWhenTheDatabaseIsUnreachable) {
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) +
                " && GRANSKA_DB='host=/nonexistent/socket dbname=x connect_timeout=2' GRANSKA_HTTP_PORT=0 timeout 20 " +
                GRANSKA_BINARY " serve");
  BOOST_TEST(r.code != 0);
  BOOST_TEST(r.out.find("refusing to start") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("cannot connect to PostgreSQL") != std::string::npos, r.out);
  // The password is never printed, in either of the forms libpq takes (API review: the URI
  // form's user information was printed whole).
  for (const std::string db : {"postgresql://x:s3cret@/y?host=/nonexistent/socket&connect_timeout=2",
                               "postgres://x:s3c%40ret@/y?host=/nonexistent/socket&connect_timeout=2",
                               "postgresql:///y?host=/nonexistent/socket&password=s3cret&connect_timeout=2",
                               "host=/nonexistent/socket dbname=x password=s3cret connect_timeout=2"}) {
    auto m = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db) + " timeout 20 " +
                  GRANSKA_BINARY " migrate");
    BOOST_TEST(m.code != 0);
    BOOST_TEST(m.out.find("cannot connect to PostgreSQL") != std::string::npos, m.out);
    BOOST_TEST(m.out.find("s3") == std::string::npos, m.out);
    BOOST_TEST(m.out.find("***") != std::string::npos, m.out);
  }
}

BOOST_AUTO_TEST_CASE(ServeRefusesAConfigurationThatStillSetsTheOldRevocationClause) {
  // The clause recorded with approvals comes from the letter settings now (one source for the
  // Swedish and English letters); a configuration that still sets the old key would silently
  // lose its text, so the server says where it belongs instead.
  const std::string file = "/tmp/granska-old-clause-" + std::to_string(::getpid()) + ".properties";
  Exec("cp " + std::string(GRANSKA_SOURCE_DIR) + "/config/granska.properties " + file +
       " && echo 'decision.revocation_clause = Beslutet får återkallas.' >> " + file);
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_HTTP_PORT=0 timeout 20 " GRANSKA_BINARY
                " migrate --config " + file);
  BOOST_TEST(r.code != 0);
  BOOST_TEST(r.out.find("decision.revocation_clause is no longer read") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("revocation_clause.grant.sv") != std::string::npos, r.out);
  Exec("rm -f " + file);
}

BOOST_AUTO_TEST_CASE(DemoDataShowsEveryStageOfTheFlowThroughTheUseCases) {
  // `granska demo-data` (what scripts/demo.sh loads) takes some applications further than
  // submission, through the same use cases as the API: each step has its event and letters.
  granska::testing::TestDatabase db;
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.AppConnection()) + " " +
                GRANSKA_BINARY " demo-data");
  BOOST_TEST_REQUIRE(r.code == 0, r.out);
  BOOST_TEST(r.out.find("Hammarkullens Bollklubb  decided") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Kulturföreningen Vågen  communicated") != std::string::npos, r.out);
  auto status = [&](const char* org, const char* kind, const char* st) {
    return db.Count(std::string("SELECT count(*) FROM cases c JOIN organisations o ON o.id = c.organisation_id "
                                "WHERE o.name = '") + org + "' AND c.kind = '" + kind + "' AND c.status = '" + st + "'");
  };
  BOOST_TEST(status("Hammarkullens Bollklubb", "grant", "decided") == 1);
  BOOST_TEST(status("Kulturföreningen Vågen", "grant", "communicated") == 1);
  BOOST_TEST(status("Föreningen Gemenskap i Angered", "grant", "in_review") == 1);
  BOOST_TEST(status("Schackklubben Löparen", "grant", "needs_info") == 1);
  BOOST_TEST(status("Schackklubben Löparen", "booking", "decided") == 1);
  BOOST_TEST(status("Förbundet Ny Ordning", "grant", "referred") == 1);  // the browser test advises on it
  BOOST_TEST(status("Förbundet Ny Ordning", "booking", "referred") == 1);
  // The decided grant: approval with two conditions being followed up, the minutes posted and
  // both letters issued in Swedish and English; its decision event names the officer.
  BOOST_TEST(db.Count("SELECT count(*) FROM decisions d JOIN cases c ON c.id = d.case_id "
                      "WHERE d.outcome = 'approved_with_conditions' AND d.amount_sek = 45000") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM conditions WHERE status = 'pending' AND due > current_date") == 2);
  BOOST_TEST(db.Count("SELECT count(*) FROM minutes_postings") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM letters WHERE type IN ('approval_with_conditions', 'appeal_notice', "
                      "'kommunicering', 'approval')") == 8);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'decided' AND actor_name = 'Karin Holm'") == 2);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'communicated'") == 1);
  // The approved booking holds its time; the referred lecture has one member's advice.
  BOOST_TEST(db.Count("SELECT count(*) FROM bookings WHERE status = 'approved'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM advice a JOIN users u ON u.id = a.member_id "
                      "WHERE u.name = 'Johan Berg' AND a.recommendation = 'reject'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'advice_given'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(CommandLineRules)

BOOST_AUTO_TEST_CASE(ServeRefusesToStartOnARuleSetThatDoesNotCompile) {
  granska::testing::TestDatabase db;
  const std::string dir = "/tmp/granska-bad-rules-" + std::to_string(::getpid());
  Exec("mkdir -p " + dir + " && printf 'rules:\\n  - id: X-1\\n    title: {sv: a, en: a}\\n    category: democracy\\n"
       "    applies_to: [grant]\\n    basis: b\\n    when: {fact: organisation.religion, eq: x}\\n"
       "    outcome: ineligible\\n    explanation: {sv: a, en: a}\\n' > " + dir + "/bad.yaml");
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.Connection()) +
                " GRANSKA_RULES_DIR=" + dir + " GRANSKA_HTTP_PORT=0 timeout 20 " + GRANSKA_BINARY " serve");
  BOOST_TEST(r.code != 0);
  BOOST_TEST(r.out.find("does not compile") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("bad.yaml") != std::string::npos, r.out);
  auto check = Exec(GRANSKA_BINARY " rules check " + dir);
  BOOST_TEST(check.code == 1, check.out);
  Exec("rm -rf " + dir);
}

BOOST_AUTO_TEST_SUITE_END()
