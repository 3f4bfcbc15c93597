// `granska audit seal` and `granska audit verify` as an operator runs them.
#include <sys/wait.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>

#include "common/test_db.hpp"

namespace {

using granska::testing::Exec;
using granska::testing::Run;

std::string Granska(const std::string& connection, const std::string& args) {
  return "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB='" + connection + "' " GRANSKA_BINARY " " + args;
}

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(CommandLineAudit)

BOOST_AUTO_TEST_CASE(VerifyExitsZeroOnAnIntactTrailAndOneNamingTheEditedEvent) {
  granska::testing::TestDatabase db;
  // Events written by the CLI as the server's role, and one straight into the table.
  auto u = Exec(Granska(db.AppConnection(), "user add --name 'Karin Holm' --role case_officer"));
  BOOST_TEST_REQUIRE(u.code == 0, u.out);
  db.Exec(
      "INSERT INTO events (actor_name, actor_role, event, detail) VALUES ('system', 'system', 'probe', '{\"n\": 1}')");
  const long long events = db.Count("SELECT count(*) FROM events");
  BOOST_TEST_REQUIRE(events >= 2);

  auto empty = Exec(Granska(db.AppConnection(), "audit verify"));
  BOOST_TEST(empty.code == 0, empty.out);
  BOOST_TEST(Contains(empty.out, "0 link(s) checked"), empty.out);

  // Sealing waits for every transaction in the cluster that could still commit before
  // these events; run it until everything is sealed (normally the first run).
  long long sealed = 0;
  for (int i = 0; i < 100 && sealed < events; ++i) {
    auto s = Exec(Granska(db.AppConnection(), "audit seal"));
    BOOST_TEST_REQUIRE(s.code == 0, s.out);
    BOOST_TEST_REQUIRE(Contains(s.out, "sealed "), s.out);
    sealed += std::stoll(s.out.substr(s.out.find("sealed ") + 7));
  }
  BOOST_TEST_REQUIRE(sealed == events);

  auto ok = Exec(Granska(db.AppConnection(), "audit verify"));
  BOOST_TEST(ok.code == 0, ok.out);
  BOOST_TEST(Contains(ok.out, std::to_string(events) + " link(s) checked"), ok.out);

  const long long target = db.Count("SELECT min(id) FROM events");
  db.Exec("UPDATE events SET detail = '{\"edited\": true}' WHERE id = " + std::to_string(target));
  auto broken = Exec(Granska(db.AppConnection(), "audit verify"));
  BOOST_TEST(broken.code == 1, broken.out);
  BOOST_TEST(Contains(broken.out, "BROKEN at event " + std::to_string(target) + ":"), broken.out);
  BOOST_TEST(Contains(broken.out, "detail differs"), broken.out);

  auto usage = Exec(Granska(db.AppConnection(), "audit"));
  BOOST_TEST(usage.code == 2, usage.out);
}

BOOST_AUTO_TEST_CASE(VerifyNamesTheCaseOfADeletedLinksSuccessor) {
  granska::testing::TestDatabase db;
  db.Exec("INSERT INTO organisations (org_number, name) VALUES ('802456-7896', 'Föreningen Exempel')");
  db.Exec(
      "INSERT INTO cases (case_number, year, sequence, kind, status, organisation_id, organisation_name, submitted_on) "
      "VALUES ('2026-00042', 2026, 42, 'grant', 'in_review', 1, 'Föreningen Exempel', '2026-11-22')");
  for (int i = 0; i < 3; ++i)
    db.Exec("INSERT INTO events (case_id, actor_name, actor_role, event) VALUES (1, 'system', 'system', 'e" +
            std::to_string(i) + "')");
  long long sealed = 0;
  for (int i = 0; i < 100 && sealed < 3; ++i) {
    auto s = Exec(Granska(db.AppConnection(), "audit seal"));
    BOOST_TEST_REQUIRE(s.code == 0, s.out);
    sealed += std::stoll(s.out.substr(s.out.find("sealed ") + 7));
  }
  BOOST_TEST_REQUIRE(sealed == 3);
  const long long second = db.Count("SELECT event_id FROM event_chain WHERE position = 2");
  const long long third = db.Count("SELECT event_id FROM event_chain WHERE position = 3");
  db.Exec("DELETE FROM event_chain WHERE position = 2");
  db.Exec("DELETE FROM events WHERE id = " + std::to_string(second));
  auto broken = Exec(Granska(db.Connection(), "audit verify"));
  BOOST_TEST(broken.code == 1, broken.out);
  BOOST_TEST(Contains(broken.out, "BROKEN at event " + std::to_string(third) + " (case 2026-00042"), broken.out);
  BOOST_TEST(Contains(broken.out, "missing"), broken.out);
  BOOST_TEST(Contains(broken.out, "1 link(s) before it are intact"), broken.out);
}

BOOST_AUTO_TEST_SUITE_END()
