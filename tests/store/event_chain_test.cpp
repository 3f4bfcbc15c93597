// The tamper-evident audit trail: append-only events for the server's role, a hash chain
// sealed in commit order, and verify naming the first broken link.
#include "common/fixed_clock.hpp"
#include "store/event_chain.hpp"

#include <soci/soci.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "common/test_db.hpp"
#include "domain/application.hpp"
#include "store/pg_database.hpp"
#include "workflow/submit_application.hpp"

using namespace granska;

using granska::testing::FixedClock;

namespace {


domain::Application Grant() {
  domain::Application app;
  app.kind = domain::ApplicationKind::kGrant;
  app.organisation.org_number = domain::OrgNumber::Parse("802456-7896");
  app.organisation.name = "Föreningen Test";
  domain::GrantRequest g;
  g.amount_sek = 1000;
  app.grant = g;
  return app;
}

domain::Actor Officer() { return domain::Actor{0, "Karin Holm", domain::Role::kIntake}; }

// Submits `n` grant applications through the real use case, as the server's role, and
// returns how many succeeded (no Boost.Test assertions here: writers run in threads).
int SubmitSome(store::PgDatabase& pg, int n) {
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  int ok = 0;
  for (int i = 0; i < n; ++i) ok += submit.Run(Officer(), Grant(), "{}", {}).Ok() ? 1 : 0;
  return ok;
}
void Submit(store::PgDatabase& pg, int n) { BOOST_TEST_REQUIRE(SubmitSome(pg, n) == n); }

// Seals until `want` events are sealed. Any transaction with a txid anywhere in the cluster
// (autovacuum's ANALYZE, another test database) holds sealing back for its duration, so
// tests that expect everything sealed wait a little for such strangers to end.
long long SealUntil(soci::session& sql, long long want) {
  long long total = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    total += store::SealPendingEvents(sql);
    if (total >= want || std::chrono::steady_clock::now() > deadline) return total;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

long long Scalar(soci::session& sql, const std::string& query) {
  long long n = 0;
  sql << query, soci::into(n);
  return n;
}

bool PermissionDenied(const soci::soci_error& e) {
  return std::string(e.what()).find("permission denied") != std::string::npos;
}

// The chain as it must be: one link per event, positions 1..n without a gap.
void RequireCompleteChain(const testing::TestDatabase& db) {
  const long long events = db.Count("SELECT count(*) FROM events");
  BOOST_TEST(db.Count("SELECT count(*) FROM event_chain") == events);
  BOOST_TEST(db.Count("SELECT coalesce(max(position), 0) FROM event_chain") == events);
  BOOST_TEST(db.Count("SELECT count(*) FROM events e WHERE NOT EXISTS "
                      "(SELECT 1 FROM event_chain c WHERE c.event_id = e.id)") == 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(EventChain)

BOOST_AUTO_TEST_CASE(EventsWrittenByUseCasesAreSealedAndVerifyPasses) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 5);
  soci::session app("postgresql", db.AppConnection());
  const long long events = db.Count("SELECT count(*) FROM events");
  BOOST_TEST_REQUIRE(events >= 5);
  BOOST_TEST(SealUntil(app, events) == events);
  RequireCompleteChain(db);
  const auto v = store::VerifyChain(app);
  BOOST_TEST(v.ok, v.reason);
  BOOST_TEST(v.checked == events);
  BOOST_TEST(v.pending == 0);
  BOOST_TEST(!v.first_broken_event.has_value());
  BOOST_TEST(v.head_hash.size() == 64u);
  BOOST_TEST(v.head_hash != std::string(store::kGenesisHash));
}

BOOST_AUTO_TEST_CASE(SealingIsIdempotentAndAppendsOnlyNewEvents) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  soci::session app("postgresql", db.AppConnection());
  BOOST_TEST(store::SealPendingEvents(app) == 0);  // an empty trail
  BOOST_TEST(store::VerifyChain(app).ok);
  Submit(pg, 2);
  const long long first = SealUntil(app, db.Count("SELECT count(*) FROM events"));
  BOOST_TEST(first == db.Count("SELECT count(*) FROM events"));
  const std::string head = store::VerifyChain(app).head_hash;
  BOOST_TEST(store::SealPendingEvents(app) == 0);
  BOOST_TEST(store::VerifyChain(app).head_hash == head);
  Submit(pg, 3);
  BOOST_TEST(store::VerifyChain(app).pending == db.Count("SELECT count(*) FROM events") - first);
  BOOST_TEST(SealUntil(app, db.Count("SELECT count(*) FROM events") - first) ==
             db.Count("SELECT count(*) FROM events") - first);
  // The old links are untouched: the new ones continue from the old head.
  BOOST_TEST(db.Count("SELECT count(*) FROM event_chain WHERE position = " + std::to_string(first + 1) +
                      " AND prev_hash = '" + head + "'") == 1);
  RequireCompleteChain(db);
  BOOST_TEST(store::VerifyChain(app).ok);
}

BOOST_AUTO_TEST_CASE(EditingAnEventAsTheOwnerMakesVerifyNameThatEvent) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 3);
  soci::session app("postgresql", db.AppConnection());
  SealUntil(app, db.Count("SELECT count(*) FROM events"));
  const long long target = db.Count("SELECT id FROM events ORDER BY id OFFSET 1 LIMIT 1");
  const long long case_id = db.Count("SELECT case_id FROM events WHERE id = " + std::to_string(target));
  const long long before = db.Count("SELECT position - 1 FROM event_chain WHERE event_id = " + std::to_string(target));
  db.Exec("UPDATE events SET detail = detail || '{\"amount_sek\": 1}' WHERE id = " + std::to_string(target));
  const auto v = store::VerifyChain(app);
  BOOST_TEST(!v.ok);
  BOOST_TEST(v.first_broken_event.value_or(0) == target);
  BOOST_TEST(v.broken_case_id.value_or(0) == case_id);
  BOOST_TEST(v.broken_case_number.rfind("2026-", 0) == 0u, v.broken_case_number);
  BOOST_TEST(v.reason.find("detail differs") != std::string::npos, v.reason);
  BOOST_TEST(v.checked == before);
}

BOOST_AUTO_TEST_CASE(EditingTheActorOrTheTimeIsNamedToo) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 2);
  soci::session app("postgresql", db.AppConnection());
  SealUntil(app, db.Count("SELECT count(*) FROM events"));
  const long long target = db.Count("SELECT max(id) FROM events");
  db.Exec("UPDATE events SET actor_name = 'Someone Else', at = at + interval '1 microsecond' WHERE id = " +
          std::to_string(target));
  const auto v = store::VerifyChain(app);
  BOOST_TEST(!v.ok);
  BOOST_TEST(v.first_broken_event.value_or(0) == target);
  BOOST_TEST(v.reason.find("at, actor_name differ") != std::string::npos, v.reason);
}

BOOST_AUTO_TEST_CASE(DeletingAnEventAsTheOwnerMakesVerifyNameThatEvent) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 3);
  soci::session app("postgresql", db.AppConnection());
  SealUntil(app, db.Count("SELECT count(*) FROM events"));
  const long long target = db.Count("SELECT id FROM events ORDER BY id OFFSET 1 LIMIT 1");
  db.Exec("DELETE FROM events WHERE id = " + std::to_string(target));
  const auto v = store::VerifyChain(app);
  BOOST_TEST(!v.ok);
  BOOST_TEST(v.first_broken_event.value_or(0) == target);
  BOOST_TEST(v.reason.find("deleted") != std::string::npos, v.reason);
}

BOOST_AUTO_TEST_CASE(DeletingAnEventTogetherWithItsLinkBreaksTheNextLink) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 3);
  soci::session app("postgresql", db.AppConnection());
  SealUntil(app, db.Count("SELECT count(*) FROM events"));
  const long long target = db.Count("SELECT event_id FROM event_chain WHERE position = 2");
  const long long next = db.Count("SELECT event_id FROM event_chain WHERE position = 3");
  db.Exec("DELETE FROM events WHERE id = " + std::to_string(target));
  db.Exec("DELETE FROM event_chain WHERE event_id = " + std::to_string(target));
  auto v = store::VerifyChain(app);
  BOOST_TEST(!v.ok);
  BOOST_TEST(v.first_broken_event.value_or(0) == next);
  BOOST_TEST(v.reason.find("missing") != std::string::npos, v.reason);
  // Renumbering the links to hide the gap does not help: the next link names another hash.
  db.Exec("UPDATE event_chain SET position = position - 1 WHERE position > 2");
  v = store::VerifyChain(app);
  BOOST_TEST(!v.ok);
  BOOST_TEST(v.first_broken_event.value_or(0) == next);
  BOOST_TEST(v.reason.find("does not follow") != std::string::npos, v.reason);
}

BOOST_AUTO_TEST_CASE(AnEventInsertedBehindTheSealedTailIsNamed) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 2);
  soci::session app("postgresql", db.AppConnection());
  SealUntil(app, db.Count("SELECT count(*) FROM events"));
  db.Exec("INSERT INTO events (txid, actor_name, actor_role, event) VALUES ('3', 'x', 'system', 'backdated')");
  const long long forged = db.Count("SELECT id FROM events WHERE event = 'backdated'");
  BOOST_TEST(store::SealPendingEvents(app) == 0);  // never sealed out of order
  const auto v = store::VerifyChain(app);
  BOOST_TEST(!v.ok);
  BOOST_TEST(v.first_broken_event.value_or(0) == forged);
  BOOST_TEST(v.reason.find("behind the sealed tail") != std::string::npos, v.reason);
}

BOOST_AUTO_TEST_CASE(TheServersRoleCannotChangeOrRemoveEvents) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 1);
  soci::session app("postgresql", db.AppConnection());
  SealUntil(app, db.Count("SELECT count(*) FROM events"));
  BOOST_TEST(Scalar(app, "SELECT (current_user = 'granska_app')::int") == 1);
  BOOST_CHECK_EXCEPTION(app << "UPDATE events SET detail = '{}'", soci::soci_error, PermissionDenied);
  BOOST_CHECK_EXCEPTION(app << "DELETE FROM events", soci::soci_error, PermissionDenied);
  BOOST_CHECK_EXCEPTION(app << "TRUNCATE events", soci::soci_error, PermissionDenied);
  BOOST_CHECK_EXCEPTION(app << "UPDATE event_chain SET hash = prev_hash", soci::soci_error, PermissionDenied);
  BOOST_CHECK_EXCEPTION(app << "DELETE FROM event_chain", soci::soci_error, PermissionDenied);
  BOOST_CHECK_EXCEPTION(app << "DELETE FROM schema_migrations", soci::soci_error, PermissionDenied);
  BOOST_CHECK_EXCEPTION(
      app << "ALTER TABLE events DISABLE TRIGGER ALL", soci::soci_error,
      [](const soci::soci_error& e) { return std::string(e.what()).find("owner") != std::string::npos; });
  // Reading and appending are what it needs.
  app << "INSERT INTO events (actor_name, actor_role, event) VALUES ('system', 'system', 'probe')";
  BOOST_TEST(Scalar(app, "SELECT count(*) FROM events") == db.Count("SELECT count(*) FROM events"));
  BOOST_TEST(store::VerifyChain(app).ok);
}

BOOST_AUTO_TEST_CASE(TablesAddedByLaterMigrationsAreGrantedToTheServersRole) {
  testing::TestDatabase db;
  db.Exec("CREATE TABLE later_table (id bigserial PRIMARY KEY, note text)");
  soci::session app("postgresql", db.AppConnection());
  app << "INSERT INTO later_table (note) VALUES ('a')";
  app << "UPDATE later_table SET note = 'b'";
  BOOST_TEST(Scalar(app, "SELECT count(*) FROM later_table WHERE note = 'b'") == 1);
  app << "DELETE FROM later_table";
}

BOOST_AUTO_TEST_CASE(ConcurrentWritersWhileSealingGiveACompleteChainWithoutGaps) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 8);
  constexpr int kWriters = 6, kEach = 15;
  std::atomic<bool> writing{true};
  std::atomic<long long> sealed_while_writing{0};
  std::thread sealer([&] {
    soci::session app("postgresql", db.AppConnection());
    while (writing) {
      sealed_while_writing += store::SealPendingEvents(app);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });
  std::vector<std::thread> writers;
  std::atomic<int> submitted{0};
  for (int t = 0; t < kWriters; ++t) writers.emplace_back([&] { submitted += SubmitSome(pg, kEach); });
  for (auto& w : writers) w.join();
  writing = false;
  sealer.join();
  BOOST_TEST(submitted.load() == kWriters * kEach);
  BOOST_TEST(sealed_while_writing.load() > 0);
  soci::session app("postgresql", db.AppConnection());
  const long long events = db.Count("SELECT count(*) FROM events");
  const long long rest = SealUntil(app, events - sealed_while_writing.load());
  BOOST_TEST(events >= kWriters * kEach);
  BOOST_TEST(sealed_while_writing.load() + rest == events);
  RequireCompleteChain(db);
  // The chain follows commit order: (txid, id) increases along it.
  BOOST_TEST(db.Count("SELECT count(*) FROM (SELECT event_txid, event_id, lag(event_txid) OVER w AS pt, "
                      "lag(event_id) OVER w AS pi FROM event_chain WINDOW w AS (ORDER BY position)) s "
                      "WHERE pt IS NOT NULL AND (event_txid, event_id) <= (pt, pi)") == 0);
  const auto v = store::VerifyChain(app);
  BOOST_TEST(v.ok, v.reason);
  BOOST_TEST(v.checked == events);
}

BOOST_AUTO_TEST_CASE(TwoSealersAtOnceSealEachEventExactlyOnce) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 4);
  std::vector<std::thread> writers;
  std::atomic<int> submitted{0};
  for (int t = 0; t < 4; ++t) writers.emplace_back([&] { submitted += SubmitSome(pg, 10); });
  for (auto& w : writers) w.join();
  BOOST_TEST(submitted.load() == 40);
  const long long events = db.Count("SELECT count(*) FROM events");
  std::atomic<long long> sealed{0};
  std::vector<std::thread> sealers;
  for (int s = 0; s < 2; ++s)
    sealers.emplace_back([&] {
      soci::session app("postgresql", db.AppConnection());
      for (int i = 0; i < 3; ++i) sealed += store::SealPendingEvents(app);
    });
  for (auto& s : sealers) s.join();
  soci::session app("postgresql", db.AppConnection());
  BOOST_TEST(sealed.load() + SealUntil(app, events - sealed.load()) == events);
  RequireCompleteChain(db);
  BOOST_TEST(store::VerifyChain(app).ok);
}

BOOST_AUTO_TEST_CASE(AnEventCommittedLateIsChainedAfterwardsEvenWithALowerId) {
  testing::TestDatabase db;
  soci::session early("postgresql", db.AppConnection());
  soci::session late("postgresql", db.AppConnection());
  soci::session sealer("postgresql", db.AppConnection());
  const std::string insert =
      "INSERT INTO events (actor_name, actor_role, event) VALUES ('system', 'system', :e) RETURNING id";
  // `early` starts its transaction (and takes its txid) first; `late` takes the lower id.
  soci::transaction early_tr(early);
  Scalar(early, "SELECT pg_current_xact_id()::text::bigint");
  soci::transaction late_tr(late);
  Scalar(late, "SELECT pg_current_xact_id()::text::bigint");
  long long late_id = 0, early_id = 0;
  std::string e1 = "late", e2 = "early";
  late << insert, soci::use(e1), soci::into(late_id);
  early << insert, soci::use(e2), soci::into(early_id);
  BOOST_TEST(late_id < early_id);
  BOOST_TEST(store::SealPendingEvents(sealer) == 0);  // nothing has committed
  early_tr.commit();
  BOOST_TEST(SealUntil(sealer, 1) == 1);  // `late` is still in flight
  BOOST_TEST(store::VerifyChain(sealer).pending == 0);
  late_tr.commit();
  BOOST_TEST(SealUntil(sealer, 1) == 1);
  BOOST_TEST(db.Count("SELECT event_id FROM event_chain WHERE position = 1") == early_id);
  BOOST_TEST(db.Count("SELECT event_id FROM event_chain WHERE position = 2") == late_id);
  BOOST_TEST(store::VerifyChain(sealer).ok);
}

BOOST_AUTO_TEST_CASE(AnUnfinishedTransactionHoldsBackOnlyWhatCameAfterIt) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 2);
  Submit(pg, 2);
  const long long before = db.Count("SELECT count(*) FROM events");
  soci::session open_tx("postgresql", db.AppConnection());
  soci::transaction tr(open_tx);
  open_tx << "INSERT INTO events (actor_name, actor_role, event) VALUES ('system', 'system', 'slow')";
  Submit(pg, 2);
  soci::session app("postgresql", db.AppConnection());
  BOOST_TEST(SealUntil(app, before) == before);
  const auto v = store::VerifyChain(app);
  BOOST_TEST(v.ok);
  BOOST_TEST(v.pending == db.Count("SELECT count(*) FROM events") - before);  // committed, waiting
  tr.rollback();
  const long long after = db.Count("SELECT count(*) FROM events") - before;
  BOOST_TEST(SealUntil(app, after) == after);
  RequireCompleteChain(db);
  BOOST_TEST(store::VerifyChain(app).ok);
}

BOOST_AUTO_TEST_CASE(SealingRefusesWhenTheTransactionCounterIsBehindTheTail) {
  // As after a pg_dump restore into a new cluster: the sealed tail's txid lies ahead.
  testing::TestDatabase db;
  db.Exec(
      "INSERT INTO event_chain (position, event_id, event_txid, prev_hash, hash, field_digests) VALUES "
      "(1, 1, '99999999999', repeat('0', 64), repeat('1', 64), '')");
  soci::session app("postgresql", db.AppConnection());
  BOOST_CHECK_EXCEPTION(store::SealPendingEvents(app), std::runtime_error, [](const std::runtime_error& e) {
    return std::string(e.what()).find("behind the sealed tail") != std::string::npos;
  });
}

BOOST_AUTO_TEST_SUITE_END()
