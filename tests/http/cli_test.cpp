// The granska binary as a user runs it: migrate, user add, and refusing to start.
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>
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

BOOST_AUTO_TEST_CASE(ServeRefusesToStartWhenTheDatabaseIsUnreachable) {
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) +
                " && GRANSKA_DB='host=/nonexistent/socket dbname=x connect_timeout=2' GRANSKA_HTTP_PORT=0 timeout 20 " +
                GRANSKA_BINARY " serve");
  BOOST_TEST(r.code != 0);
  BOOST_TEST(r.out.find("refusing to start") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("cannot connect to PostgreSQL") != std::string::npos, r.out);
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
