// Idempotent submissions (review finding M5): POST /api/v1/applications with an
// Idempotency-Key over real HTTP against a real PostgreSQL. A retry replays the first
// request's case, another body with the same key is refused, keys belong to their user,
// concurrent duplicates open one case, a numbering failure after commit answers 202, and
// keys go with the background job and with a culled case.
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/SHA2Engine.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/fixed_clock.hpp"
#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/test_server.hpp"
#include "workflow/records_service.hpp"

using granska::testing::HttpResult;
using granska::testing::OrgNumberFor;
using granska::testing::ErrorFields;
using granska::testing::Parse;
using granska::testing::SampleGrant;
using granska::testing::TestServer;

using granska::testing::FixedClock;

namespace {

long long CaseId(const HttpResult& r) { return Parse(r.body)->getValue<long long>("case_id"); }

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake", "E-tjänsten");
  std::string officer = server.Token("case_officer");

  HttpResult Submit(const std::string& token, const std::string& body, const std::string& key) const {
    return server.Request("POST", "/api/v1/applications", token, body, "application/json", {{"Idempotency-Key", key}});
  }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  // Sessions of this test's database waiting for a lock.
  long long Waiting() {
    return Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(IdempotentSubmission, Fixture)

BOOST_AUTO_TEST_CASE(ARetryWithTheSameKeyAndBodyGetsTheFirstCaseAndOpensNoOther) {
  const std::string body = SampleGrant();
  auto first = Submit(intake, body, "\"8e03978e-40d5-43e8-bc93-6894a57f9324\"");
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  BOOST_TEST(first.Header("Idempotent-Replayed").empty(), "a first request is no replay");
  const auto original = Parse(first.body);
  const long long id = original->getValue<long long>("case_id");
  const std::string number = original->getValue<std::string>("case_number");

  // The bare form of the same key is the same key.
  for (const std::string key : {"\"8e03978e-40d5-43e8-bc93-6894a57f9324\"", "8e03978e-40d5-43e8-bc93-6894a57f9324"}) {
    auto again = Submit(intake, body, key);
    BOOST_TEST_REQUIRE(again.status == 201, again.body);
    BOOST_TEST(again.Header("Idempotent-Replayed") == "true");
    BOOST_TEST(again.Header("Location") == first.Header("Location"));
    BOOST_TEST(again.Header("ETag") == first.Header("ETag"));
    auto replayed = Parse(again.body);
    BOOST_TEST(replayed->getValue<long long>("case_id") == id);
    BOOST_TEST(replayed->getValue<std::string>("case_number") == number);
    BOOST_TEST(replayed->getValue<std::string>("kind") == "grant");
    BOOST_TEST(replayed->getValue<std::string>("status") == original->getValue<std::string>("status"));
    // The screening as stored, every result included, not a new one.
    auto screening = replayed->getObject("screening");
    BOOST_TEST_REQUIRE(screening);
    BOOST_TEST(screening->getValue<std::string>("rule_set") ==
               original->getObject("screening")->getValue<std::string>("rule_set"));
    BOOST_TEST(screening->getArray("results")->size() == original->getObject("screening")->getArray("results")->size());
    BOOST_TEST(screening->getArray("results")->size() > 0u);
  }
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM applications") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM screenings") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'submitted'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'numbered'") == 1);
  // Each replay is one recorded event in the intake user's name, nothing else.
  BOOST_TEST(Count("SELECT count(*) FROM events e JOIN users u ON u.id = e.actor_id WHERE e.event = "
                   "'submission_replayed' AND u.name = 'E-tjänsten' AND e.case_id = " + std::to_string(id)) == 2);
  // The key is stored once, unquoted, with the SHA-256 of the body's bytes.
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update(body);
  BOOST_TEST(Count("SELECT count(*) FROM idempotency_keys WHERE key = '8e03978e-40d5-43e8-bc93-6894a57f9324' "
                   "AND encode(request_sha256, 'hex') = '" + Poco::DigestEngine::digestToHex(sha.digest()) +
                   "' AND case_id = " + std::to_string(id)) == 1);
  // A request without a key is a new submission, as before.
  auto plain = server.Post("/api/v1/applications", intake, body);
  BOOST_TEST_REQUIRE(plain.status == 201, plain.body);
  BOOST_TEST(CaseId(plain) != id);
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 2);
}

BOOST_AUTO_TEST_CASE(AReplayShowsTheCaseAsItIsNow) {
  const std::string body = SampleGrant();
  auto first = Submit(intake, body, "withdrawn-later");
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  const long long id = CaseId(first);
  auto withdrawn = server.Post("/api/v1/cases/" + std::to_string(id) + "/withdraw", intake, "{}");
  BOOST_TEST_REQUIRE(withdrawn.status == 200, withdrawn.body);
  auto again = Submit(intake, body, "withdrawn-later");
  BOOST_TEST_REQUIRE(again.status == 201, again.body);
  BOOST_TEST(Parse(again.body)->getValue<std::string>("status") == "withdrawn");
  BOOST_TEST(again.Header("ETag") == withdrawn.Header("ETag"));
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 1);
}

BOOST_AUTO_TEST_CASE(TheSameKeyWithAnotherBodyIsRefusedAndStoresNothing) {
  auto first = Submit(intake, SampleGrant(), "order-4711");
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  const long long events = Count("SELECT count(*) FROM events");
  auto other = Submit(intake, SampleGrant(OrgNumberFor(3)), "order-4711");
  BOOST_TEST_REQUIRE(other.status == 422, other.body);
  BOOST_TEST(other.Header("Content-Type").find("application/problem+json") == 0);
  BOOST_TEST(ErrorFields(other) == std::set<std::string>{"Idempotency-Key"});
  BOOST_TEST(Parse(other.body)->getValue<std::string>("detail").find("used for a different request") != std::string::npos,
             other.body);
  BOOST_TEST(other.body.find(Parse(first.body)->getValue<std::string>("case_number")) == std::string::npos,
             "nothing about the first case");
  BOOST_TEST(!Parse(other.body)->has("case_id"));
  BOOST_TEST(other.Header("Location").empty());
  // Even a body that differs only in its spacing: the key remembers the bytes.
  std::string spaced = SampleGrant();
  spaced.insert(1, " ");
  BOOST_TEST(Submit(intake, spaced, "order-4711").status == 422);
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM organisations") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events") == events, "a refused request records nothing");
}

BOOST_AUTO_TEST_CASE(KeysBelongToTheUserWhoSentThem) {
  const std::string other_intake = server.Token("intake", "Bokningstjänsten");
  const std::string body = SampleGrant();
  auto mine = Submit(intake, body, "shared-key");
  auto theirs = Submit(other_intake, body, "shared-key");
  auto officers = Submit(officer, SampleGrant(OrgNumberFor(2)), "shared-key");
  for (const auto* r : {&mine, &theirs, &officers}) {
    BOOST_TEST_REQUIRE(r->status == 201, r->body);
    BOOST_TEST(r->Header("Idempotent-Replayed").empty());
  }
  BOOST_TEST(CaseId(mine) != CaseId(theirs));
  BOOST_TEST(CaseId(officers) != CaseId(theirs));
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 3);
  BOOST_TEST(Count("SELECT count(*) FROM idempotency_keys WHERE key = 'shared-key'") == 3);
  // Each user's retry gets that user's case.
  auto again = Submit(other_intake, body, "shared-key");
  BOOST_TEST_REQUIRE(again.status == 201, again.body);
  BOOST_TEST(CaseId(again) == CaseId(theirs));
}

BOOST_AUTO_TEST_CASE(AMalformedKeyGets400NamingTheHeaderAndNothingIsStored) {
  const std::vector<std::pair<std::string, std::string>> bad{
      {"", "must not be empty"},
      {"\"\"", "must not be empty"},
      {std::string(256, 'k'), "at most 255 bytes"},
      {"two words", "printable ASCII"},
      {"\"two words\"", "printable ASCII"},
      {"nyckel-\xc3\xa5", "printable ASCII"},
      {"\"unterminated", "closing quote"},
      {"\"a\"b", "closing quote"},
      {"\"bad\\escape\"", "quoted string"},
  };
  for (const auto& [key, message] : bad) {
    BOOST_TEST_CONTEXT("key '" << key << "'") {
      auto r = Submit(intake, SampleGrant(), key);
      BOOST_TEST_REQUIRE(r.status == 400, r.body);
      BOOST_TEST(ErrorFields(r) == std::set<std::string>{"Idempotency-Key"});
      BOOST_TEST(Parse(r.body)->getValue<std::string>("detail").find("Idempotency-Key") == 0u, r.body);
      BOOST_TEST(r.body.find(message) != std::string::npos, r.body);
    }
  }
  // The longest key and an escaped quote are fine.
  BOOST_TEST(Submit(intake, SampleGrant(), std::string(255, 'k')).status == 201);
  BOOST_TEST(Submit(intake, SampleGrant(OrgNumberFor(5)), "\"a\\\"b\"").status == 201);
  BOOST_TEST(Count("SELECT count(*) FROM idempotency_keys WHERE key = 'a\"b'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 2);
}

// Two requests with one key at the same moment: both read no key, screen, and reach the
// insert together (held at the door by a table lock the test takes). The second waits on
// the first's key until it commits, then is answered as its replay.
BOOST_AUTO_TEST_CASE(ConcurrentDuplicatesOpenOneCaseAndBothAnswersCarryIt) {
  const std::string body = SampleGrant();
  soci::session owner(soci::postgresql, server.Db().Connection());
  soci::transaction door(owner);
  owner << "LOCK TABLE idempotency_keys IN SHARE ROW EXCLUSIVE MODE";
  HttpResult a, b;
  std::thread ta([&] { a = Submit(intake, body, "at-once"); });
  std::thread tb([&] { b = Submit(intake, body, "at-once"); });
  for (int i = 0; i < 400 && Waiting() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  BOOST_TEST(Waiting() == 2, "both requests reach the insert before either commits");
  door.commit();
  ta.join();
  tb.join();
  BOOST_TEST_REQUIRE(a.status == 201, a.body);
  BOOST_TEST_REQUIRE(b.status == 201, b.body);
  BOOST_TEST(CaseId(a) == CaseId(b));
  BOOST_TEST(Parse(a.body)->getValue<std::string>("case_number") == Parse(b.body)->getValue<std::string>("case_number"));
  BOOST_TEST((a.Header("Idempotent-Replayed") == "true") != (b.Header("Idempotent-Replayed") == "true"),
             "exactly one of them is the replay");
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'submitted'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'submission_replayed'") == 1);
}

BOOST_AUTO_TEST_CASE(ConcurrentRequestsWithOneKeyAndTwoBodiesOpenOneCaseAndRefuseTheOther) {
  soci::session owner(soci::postgresql, server.Db().Connection());
  soci::transaction door(owner);
  owner << "LOCK TABLE idempotency_keys IN SHARE ROW EXCLUSIVE MODE";
  HttpResult a, b;
  std::thread ta([&] { a = Submit(intake, SampleGrant(OrgNumberFor(1)), "at-once"); });
  std::thread tb([&] { b = Submit(intake, SampleGrant(OrgNumberFor(2)), "at-once"); });
  for (int i = 0; i < 400 && Waiting() < 2; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  BOOST_TEST(Waiting() == 2);
  door.commit();
  ta.join();
  tb.join();
  BOOST_TEST((std::multiset<int>{a.status, b.status} == std::multiset<int>{201, 422}), a.body << "\n" << b.body);
  const auto& refused = a.status == 422 ? a : b;
  BOOST_TEST(ErrorFields(refused) == std::set<std::string>{"Idempotency-Key"});
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 1);
}

// The case is committed before its number is given (workflow/case_numbering.hpp). When the
// numbering fails (here: the server's role may no longer lock the counter), the answer is
// 202 with the case's id and Location, not 500; a replay gives the number once it can.
BOOST_AUTO_TEST_CASE(ANumberingFailureAfterCommitAnswers202AndAReplayLaterGetsTheNumber) {
  server.Db().Exec("REVOKE UPDATE ON case_number_counters FROM granska_app");
  auto keyed = Submit(intake, SampleGrant(), "numbering-fails");
  BOOST_TEST_REQUIRE(keyed.status == 202, keyed.body);
  auto pending = Parse(keyed.body);
  const long long id = pending->getValue<long long>("case_id");
  BOOST_TEST(keyed.Header("Location") == "/api/v1/cases/" + std::to_string(id));
  BOOST_TEST(!pending->has("case_number"));
  BOOST_TEST(pending->getValue<std::string>("kind") == "grant");
  BOOST_TEST(pending->getValue<std::string>("detail").find("same Idempotency-Key") != std::string::npos, keyed.body);
  BOOST_TEST(keyed.body.find("permission") == std::string::npos, "no internal detail for the client");
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE case_number IS NULL AND id = " + std::to_string(id)) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event IN ('submitted', 'screened') AND case_id = " +
                   std::to_string(id)) == 2);

  auto still = Submit(intake, SampleGrant(), "numbering-fails");
  BOOST_TEST_REQUIRE(still.status == 202, still.body);
  BOOST_TEST(still.Header("Idempotent-Replayed") == "true");
  BOOST_TEST(CaseId(still) == id);

  auto unkeyed = server.Post("/api/v1/applications", intake, SampleGrant(OrgNumberFor(8)));
  BOOST_TEST_REQUIRE(unkeyed.status == 202, unkeyed.body);
  BOOST_TEST(Parse(unkeyed.body)->getValue<std::string>("detail").find("Do not send the application again") !=
                 std::string::npos,
             unkeyed.body);

  server.Db().Exec("GRANT UPDATE ON case_number_counters TO granska_app");
  auto numbered = Submit(intake, SampleGrant(), "numbering-fails");
  BOOST_TEST_REQUIRE(numbered.status == 201, numbered.body);
  BOOST_TEST(numbered.Header("Idempotent-Replayed") == "true");
  BOOST_TEST(CaseId(numbered) == id);
  const std::string number = Parse(numbered.body)->getValue<std::string>("case_number");
  BOOST_TEST(number.size() == 10u);
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE case_number = '" + number + "' AND id = " + std::to_string(id)) == 1);
  // The replay's numbering numbered the other waiting case too, in id order; nothing is left.
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE case_number IS NULL") == 0);
  BOOST_TEST(Count("SELECT count(*) FROM cases") == 2);
}

BOOST_AUTO_TEST_CASE(TheBackgroundJobDeletesKeysOlderThanTheKeepPeriod) {
  auto old = Submit(intake, SampleGrant(OrgNumberFor(1)), "last-week");
  auto recent = Submit(intake, SampleGrant(OrgNumberFor(2)), "today");
  BOOST_TEST_REQUIRE(old.status == 201, old.body);
  BOOST_TEST_REQUIRE(recent.status == 201, recent.body);
  server.Db().Exec("UPDATE idempotency_keys SET created_at = now() - interval '7 days 1 minute' WHERE key = 'last-week'");
  const std::string summary = server.Runtime().RunBackgroundJobs();
  BOOST_TEST(summary.find("idempotency keys expired (older than 7 days): 1") != std::string::npos, summary);
  BOOST_TEST(Count("SELECT count(*) FROM idempotency_keys") == 1);
  // The expired key opens a new case; the kept one still replays.
  auto after = Submit(intake, SampleGrant(OrgNumberFor(1)), "last-week");
  BOOST_TEST_REQUIRE(after.status == 201, after.body);
  BOOST_TEST(after.Header("Idempotent-Replayed").empty());
  BOOST_TEST(CaseId(after) != CaseId(old));
  auto kept = Submit(intake, SampleGrant(OrgNumberFor(2)), "today");
  BOOST_TEST(kept.Header("Idempotent-Replayed") == "true");
  BOOST_TEST(CaseId(kept) == CaseId(recent));
}

BOOST_AUTO_TEST_CASE(CullingACaseDeletesItsKey) {
  auto first = Submit(intake, SampleGrant(), "culled-later");
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  const long long id = CaseId(first);
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + std::to_string(id) + "/withdraw", intake, "{}").status == 200);
  // Keep the key past the keep period on purpose: culling must take it all the same.
  const auto today = granska::app::SystemClock().Today();
  FixedClock clock(today.AddYears(10));
  granska::workflow::RetentionJob job(server.Runtime().Db(), clock, server.Runtime().RecordsPlan(), 10);
  BOOST_TEST_REQUIRE(job.RunOnce().cases_culled == 1);
  BOOST_TEST(Count("SELECT count(*) FROM idempotency_keys") == 0);
  auto again = Submit(intake, SampleGrant(), "culled-later");
  BOOST_TEST_REQUIRE(again.status == 201, again.body);
  BOOST_TEST(again.Header("Idempotent-Replayed").empty());
  BOOST_TEST(CaseId(again) != id);
}

BOOST_AUTO_TEST_SUITE_END()
