// The PostgreSQL store: migrations, diarienummer, and all-or-nothing use cases.
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <set>
#include <thread>

#include "common/fixed_clock.hpp"
#include "common/test_db.hpp"
#include "domain/application.hpp"
#include "store/migrations.hpp"
#include "store/pg_database.hpp"
#include "store/prepared.hpp"
#include "store/row_reader.hpp"
#include "workflow/case_numbering.hpp"
#include "workflow/case_queries.hpp"
#include "workflow/registers.hpp"
#include "workflow/submit_application.hpp"

using namespace granska;

using granska::testing::FixedClock;

namespace {


// A booking of `premises` on an evening in February 2027.
domain::Application Booking(const std::string& premises, const std::string& name) {
  domain::Application app;
  app.kind = domain::ApplicationKind::kBooking;
  app.organisation.org_number = domain::OrgNumber::Parse("802456-7896");
  app.organisation.name = name;
  domain::BookingRequest b;
  b.premises_id = premises;
  b.start = domain::Instant::Parse("2027-02-10T18:00:00+01:00");
  b.end = domain::Instant::Parse("2027-02-10T21:00:00+01:00");
  app.booking = b;
  return app;
}

domain::Application Grant(const std::string& org) {
  domain::Application app;
  app.kind = domain::ApplicationKind::kGrant;
  app.organisation.org_number = domain::OrgNumber::Parse(org);
  app.organisation.name = "Föreningen Test";
  domain::GrantRequest g;
  g.amount_sek = 1000;
  app.grant = g;
  return app;
}

// Counts the units of work a component asks for.
class CountingDatabase final : public workflow::Database {
 public:
  explicit CountingDatabase(workflow::Database& inner) : inner_(inner) {}
  std::unique_ptr<workflow::UnitOfWork> Begin() override {
    ++begun;
    return inner_.Begin();
  }
  std::unique_ptr<workflow::UnitOfWork> Read() override {
    ++begun;
    return inner_.Read();
  }
  bool Ping() override { return inner_.Ping(); }
  int begun = 0;

 private:
  workflow::Database& inner_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(Store)

BOOST_AUTO_TEST_CASE(MigrationsAreIdempotent) {
  testing::TestDatabase db;
  soci::session sql("postgresql", db.Connection());
  auto again = store::Migrate(sql);
  BOOST_TEST(again.applied.empty());
  BOOST_TEST(again.current_version == store::AllMigrations().back().version);
  BOOST_TEST(db.Count("SELECT count(*) FROM schema_migrations") ==
             static_cast<long long>(store::AllMigrations().size()));
}

BOOST_AUTO_TEST_CASE(CaseNumbersAreGapFreePerYearUnderConcurrentSubmissions) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 8);
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  constexpr int kThreads = 8, kEach = 10;
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::string> numbers;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = submit.Run(domain::Actor{}, Grant("802456-7896"), "{}", {});
        std::lock_guard lock(mutex);
        if (r) numbers.insert(r->summary.case_number);
      }
    });
  }
  for (auto& th : threads) th.join();
  BOOST_TEST(numbers.size() == static_cast<std::size_t>(kThreads * kEach));
  for (int i = 1; i <= kThreads * kEach; ++i) {
    char expected[16];
    std::snprintf(expected, sizeof expected, "2026-%05d", i);
    BOOST_TEST(numbers.count(expected) == 1u, "missing " << expected);
  }
}

// A submission commits its case first and is numbered after (workflow/case_numbering.hpp).
// A case whose process died in between waits, unseen, for the next batch of its year or
// for the sweep; a numbering that rolls back hands its numbers back.
BOOST_AUTO_TEST_CASE(ACaseLeftUnnumberedIsNumberedByTheNextBatchOrTheSweep) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  workflow::CaseNumbering numbering(pg);
  auto orphan = [&](int year) {  // what a process that died after its commit leaves
    auto uow = pg.Begin();
    workflow::NewCase row;
    row.year = year;
    row.submitted_on = *domain::Date::Parse(std::to_string(year) + "-11-22");
    const auto id = uow->Cases().Insert(row, Grant("802456-7896"), "{}").case_id;
    uow->Commit();
    return id;
  };
  auto number_of = [&](std::int64_t id) {
    auto uow = pg.Begin();
    auto numbers = uow->Cases().CaseNumbers({id});
    return numbers.count(id) ? numbers[id] : std::string("(none)");
  };
  const auto first = orphan(2026);
  {
    auto uow = pg.Begin();
    BOOST_TEST(!uow->Cases().FindSummary(first), "an unnumbered case is not yet a case anyone sees");
    // A numbering that rolls back gives nothing away.
    BOOST_TEST(uow->Cases().LockNumberCounter(2026) == 0);
    const auto given = uow->Cases().NumberWaiting(2026);
    BOOST_TEST(given.size() == 1u);
    BOOST_TEST(given.at(first) == "2026-00001");
    BOOST_TEST(uow->Cases().CaseNumbers({first})[first] == "2026-00001");
    BOOST_TEST(uow->Cases().NumberWaiting(2026).empty(), "nothing is numbered twice");
  }
  BOOST_TEST(number_of(first) == "(none)");

  const auto intake = db.Count("INSERT INTO users (name, role) VALUES ('E-tjänsten', 'intake') RETURNING id");
  auto r = submit.Run(domain::Actor{intake, "E-tjänsten", domain::Role::kIntake}, Grant("802456-7896"), "{}", {});
  BOOST_TEST_REQUIRE(r.Ok());
  BOOST_TEST(r->summary.case_number == "2026-00002");
  BOOST_TEST(number_of(first) == "2026-00001", "the waiting case is numbered in the same batch, in id order");

  const auto second = orphan(2026), earlier_year = orphan(2025);
  BOOST_TEST(numbering.NumberPending() == 2);
  BOOST_TEST(number_of(second) == "2026-00003");
  BOOST_TEST(number_of(earlier_year) == "2025-00001");
  BOOST_TEST(numbering.NumberPending() == 0);
  BOOST_TEST(db.Count("SELECT last_value FROM case_number_counters WHERE year = 2026") == 3);
  // Each number has its event, in the system's name (whoever's request ran the batch).
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'numbered' AND actor_role = 'system' "
                      "AND actor_id IS NULL AND detail->>'case_number' = (SELECT case_number FROM cases "
                      "WHERE id = events.case_id)") == 4);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'submitted' AND actor_name = 'E-tjänsten'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM cases WHERE case_number IS NULL") == 0);

  // A request whose case another batch (another process, or the sweep) numbered first
  // gets that number: nothing is numbered again and the counter stays.
  const auto third = orphan(2026);
  BOOST_TEST(numbering.NumberPending() == 1);
  BOOST_TEST(numbering.AwaitNumber(third, 2026) == "2026-00004");
  BOOST_TEST(db.Count("SELECT last_value FROM case_number_counters WHERE year = 2026") == 4);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'numbered' AND case_id = " + std::to_string(third)) == 1);
}

// A batch numbers every committed case of its year, also those whose requests had not yet
// asked: such a request then takes the number the batch gave, without a batch of its own.
BOOST_AUTO_TEST_CASE(ARequestWhoseCaseAnEarlierBatchNumberedNeedsNoBatch) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  CountingDatabase counted(pg);
  workflow::CaseNumbering numbering(counted);
  auto committed = [&] {  // a submission that has committed and not yet asked for its number
    auto uow = pg.Begin();
    workflow::NewCase row;
    row.year = 2026;
    row.submitted_on = *domain::Date::Parse("2026-11-22");
    const auto id = uow->Cases().Insert(row, Grant("802456-7896"), "{}").case_id;
    uow->Commit();
    return id;
  };
  const auto first = committed(), second = committed();
  BOOST_TEST(numbering.AwaitNumber(first, 2026) == "2026-00001");
  const int after_first = counted.begun;
  BOOST_TEST(after_first >= 1);
  BOOST_TEST(numbering.AwaitNumber(second, 2026) == "2026-00002");
  BOOST_TEST(counted.begun == after_first, "the second request ran no numbering of its own");
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'numbered'") == 2);
  // Taken once: a third case still gets a batch (and its own number).
  const auto third = committed();
  BOOST_TEST(numbering.AwaitNumber(third, 2026) == "2026-00003");
  BOOST_TEST(counted.begun > after_first);
}

// The hot paths' prepared statements (store/prepared.hpp): SOCI-style placeholders become
// $n in order, casts and quoted text are left alone; a statement is prepared once per
// connection and reused; NULLs travel both ways; a refused statement throws with its
// SQLSTATE and aborts the transaction like any other failed statement.
BOOST_AUTO_TEST_CASE(PreparedStatementsArePreparedOncePerConnectionAndBindLikeSoci) {
  BOOST_TEST(store::NumberPlaceholders("SELECT :a::int, ':not' || :b2, x::text FROM t WHERE y = :a") ==
             "SELECT $1::int, ':not' || $2, x::text FROM t WHERE y = $3");
  testing::TestDatabase db;
  soci::session sql("postgresql", db.Connection());
  constexpr const char* kEcho = "SELECT :a::bigint, :b::text, (:c::text IS NULL)::int";
  for (int round = 0; round < 3; ++round) {
    auto rows = store::Prepared(sql, kEcho, {40LL + round, "två", std::nullopt});
    BOOST_TEST_REQUIRE(rows.Size() == 1);
    BOOST_TEST(store::BigInt(store::PgRow{rows, 0}, 0) == 40 + round);
    BOOST_TEST(store::Text(store::PgRow{rows, 0}, 1) == "två");
    BOOST_TEST(store::Bool(store::PgRow{rows, 0}, 2));
  }
  long long prepared = 0;
  sql << "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'SELECT $1::bigint%'", soci::into(prepared);
  BOOST_TEST(prepared == 1, "prepared once, executed three times");

  soci::transaction tr(sql);
  store::Prepared(sql, "CREATE TEMP TABLE t (id int PRIMARY KEY)");
  BOOST_TEST(store::Prepared(sql, "INSERT INTO t VALUES (:i), (:j)", {1, 2}).AffectedRows() == 2);
  try {
    store::Prepared(sql, "INSERT INTO t VALUES (:i)", {1});
    BOOST_ERROR("a duplicate key was accepted");
  } catch (const soci::postgresql_soci_error& e) {
    BOOST_TEST(e.sqlstate() == "23505");
    BOOST_TEST(std::string(e.what()).find("INSERT INTO t VALUES (:i)") != std::string::npos, e.what());
  }
  BOOST_CHECK_THROW(store::Prepared(sql, "SELECT 1"), soci::soci_error);  // the transaction is aborted
  tr.rollback();
}

BOOST_AUTO_TEST_CASE(ARefusedSubmissionStoresNothing) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  const domain::Application app = Booking("nowhere", "X");
  auto r = submit.Run(domain::Actor{}, app, "{}", {});
  BOOST_REQUIRE(!r);
  BOOST_TEST(r.Err().errors.at(0).field == "booking.premises_id");
  BOOST_TEST(db.Count("SELECT count(*) FROM cases") == 0);
  BOOST_TEST(db.Count("SELECT count(*) FROM organisations") == 0);
  BOOST_TEST(db.Count("SELECT count(*) FROM events") == 0);
  BOOST_TEST(db.Count("SELECT count(*) FROM case_number_counters") == 0);
}

BOOST_AUTO_TEST_CASE(ASubmissionStoresCaseApplicationAndEventTogether) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  const std::string raw = R"({"kind": "grant",  "note": "verbatim   spacing"})";
  auto r = submit.Run(domain::Actor{}, Grant("802456-7896"), raw, {});
  BOOST_REQUIRE(r.Ok());
  BOOST_TEST(r->summary.case_number == "2026-00001");
  BOOST_TEST(db.Count("SELECT count(*) FROM applications WHERE raw_json = '" + raw + "'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'submitted' AND case_id = " +
                      std::to_string(r->summary.case_id)) == 1);
}

// A submission's writes are one statement (workflow::NewCase): every row it has, events in
// order, the summary the API returns equal to the one read back; and a statement that fails
// at its last write leaves none of the others behind.
BOOST_AUTO_TEST_CASE(ANewCaseIsWrittenWholeInOneStatementOrNotAtAll) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  db.Exec("INSERT INTO premises (id, name, capacity) VALUES ('storsalen', 'Storsalen', 120)");
  const auto intake = db.Count("INSERT INTO users (name, role) VALUES ('E-tjänsten', 'intake') RETURNING id");
  const domain::Actor actor{intake, "E-tjänsten", domain::Role::kIntake};
  domain::Application app = Booking("storsalen", "Föreningen Lokal");
  app.organisation.municipality = "Göteborg";
  workflow::ScreeningOutcome screening{"sha256:test", "flag", R"({"rule_set":"sha256:test","recommendation":"flag","results":[]})", true, ""};
  workflow::NewCase row;
  row.status = domain::CaseStatus::kReferred;
  row.recommendation = "flag";
  row.version = 2;
  row.year = 2026;
  row.submitted_on = *domain::Date::Parse("2026-11-22");
  row.actor = actor;
  row.submitted_detail = R"({"kind":"booking"})";
  row.screening = &screening;
  row.screened_detail = R"({"recommendation":"flag"})";

  std::int64_t earlier = 0;
  {
    auto uow = pg.Begin();
    workflow::NewCase plain;
    plain.year = 2026;
    plain.submitted_on = row.submitted_on;
    const auto s = uow->Cases().Insert(plain, Grant("802456-7896"), "{}");
    BOOST_TEST(s.version == 1);
    BOOST_TEST(!s.recommendation);
    BOOST_TEST(!s.screening_json);
    earlier = s.case_id;
    uow->Commit();
  }
  row.linked_case_id = earlier;
  const std::string raw = R"({"kind":"booking"})";
  auto uow = pg.Begin();
  const auto made = uow->Cases().Insert(row, app, raw);
  uow->Commit();
  uow.reset();
  const std::string id = std::to_string(made.case_id);
  BOOST_TEST(db.Count("SELECT count(*) FROM organisations") == 1, "the organisation is upserted by number");
  BOOST_TEST(db.Count("SELECT count(*) FROM organisations WHERE name = 'Föreningen Lokal' AND municipality = 'Göteborg'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM cases WHERE id = " + id + " AND status = 'referred' AND recommendation = "
                      "'flag' AND version = 2 AND linked_case_id = " + std::to_string(earlier)) == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM applications WHERE case_id = " + id + " AND revision = 1 AND raw_json = '" +
                      raw + "' AND submitted_by = " + std::to_string(intake) + " AND facts IS NOT NULL") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM bookings WHERE case_id = " + id + " AND premises_id = 'storsalen' AND "
                      "status = 'pending' AND starts_at = '2027-02-10T17:00:00Z'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM screenings WHERE case_id = " + id + " AND application_revision = 1 AND "
                      "reason = 'submission' AND democracy_flag AND result_json::text = '" + screening.json + "'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM bookings") == 1, "a grant writes no booking");
  BOOST_TEST(db.Count("SELECT count(*) FROM screenings") == 1, "an unscreened case writes no screening");
  BOOST_TEST(db.Count("SELECT string_agg(event, ',' ORDER BY id) = 'submitted,screened' FROM events WHERE case_id = " +
                      id + " AND actor_id = " + std::to_string(intake) + " AND actor_role = 'intake'") == 1);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE case_id = " + std::to_string(earlier) +
                      " AND event = 'submitted' AND actor_name = 'system' AND actor_id IS NULL") == 1);

  // What the submission returns is what a reader sees once the case has its number.
  workflow::CaseNumbering numbering(pg);
  BOOST_TEST(numbering.AwaitNumber(made.case_id, 2026) == "2026-00002");
  auto read = pg.Begin();
  const auto seen = read->Cases().FindSummary(made.case_id);
  BOOST_TEST_REQUIRE(seen.has_value());
  BOOST_CHECK(seen->kind == made.kind);
  BOOST_CHECK(seen->status == made.status);
  BOOST_TEST(seen->version == made.version);
  BOOST_TEST(seen->org_number == made.org_number);
  BOOST_TEST(seen->organisation_name == made.organisation_name);
  BOOST_TEST(seen->submitted_at == made.submitted_at);
  BOOST_TEST(seen->updated_at == made.updated_at);
  BOOST_CHECK(seen->recommendation == made.recommendation);
  BOOST_CHECK(seen->screening_json == made.screening_json);
  BOOST_TEST(seen->submitted_on == made.submitted_on);
  read.reset();

  // A booking of a room that does not exist fails the statement's foreign key check at its
  // end: no organisation, case, application, screening or event of it remains.
  const auto before = db.Count("SELECT count(*) FROM cases") + db.Count("SELECT count(*) FROM events") +
                      db.Count("SELECT count(*) FROM applications") + db.Count("SELECT count(*) FROM screenings");
  app.booking->premises_id = "nowhere";
  app.organisation.org_number = domain::OrgNumber::Parse("802457-7895");
  {
    auto failing = pg.Begin();
    BOOST_CHECK_THROW(failing->Cases().Insert(row, app, raw), std::exception);
  }
  BOOST_TEST(db.Count("SELECT count(*) FROM cases") + db.Count("SELECT count(*) FROM events") +
                 db.Count("SELECT count(*) FROM applications") + db.Count("SELECT count(*) FROM screenings") ==
             before);
  BOOST_TEST(db.Count("SELECT count(*) FROM organisations") == 1);
}

BOOST_AUTO_TEST_CASE(TheUnrecordedListsReadTheSameRowsWithoutTheScreeningsResults) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  auto first = submit.Run(domain::Actor{}, Grant("802456-7896"), "{}", {});
  auto second = submit.Run(domain::Actor{}, Grant("556677-8899"), "{}", {});
  BOOST_REQUIRE(first.Ok());
  BOOST_REQUIRE(second.Ok());
  db.Exec("INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag, "
          "result_json, outcomes, reason) VALUES (" + std::to_string(second->summary.case_id) +
          ", 1, 'sha256:x', 'flag', true, '{\"rule_set\": \"sha256:x\", \"results\": []}', '', 'submission')");
  db.Exec("UPDATE cases SET recommendation = 'flag' WHERE id = " + std::to_string(second->summary.case_id));

  workflow::CaseFilter filter;
  filter.limit = 10;
  auto full = pg.Begin()->Cases().List(filter);
  BOOST_REQUIRE(full.items.size() == 2u);
  BOOST_TEST(full.items[0].case_id == second->summary.case_id);  // newest first
  BOOST_REQUIRE(full.items[0].screening_json.has_value());
  BOOST_TEST(full.items[0].screening_json->find("sha256:x") != std::string::npos);

  workflow::CaseQueries queries(pg);
  auto brief = queries.List(filter);  // what the pages ask for: not recorded, so no screening
  BOOST_REQUIRE(brief.items.size() == 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    BOOST_TEST(!brief.items[i].screening_json.has_value());
    BOOST_TEST(brief.items[i].case_id == full.items[i].case_id);
    BOOST_TEST(brief.items[i].case_number == full.items[i].case_number);
    BOOST_TEST(brief.items[i].org_number == full.items[i].org_number);
    BOOST_TEST(brief.items[i].organisation_name == full.items[i].organisation_name);
    BOOST_TEST(brief.items[i].recommendation.value_or("-") == full.items[i].recommendation.value_or("-"));
    BOOST_TEST(brief.items[i].submitted_on == full.items[i].submitted_on);
  }
  BOOST_TEST(brief.items[0].recommendation.value_or("") == "flag");

  workflow::QueueFilter queue;
  queue.limit = 1;
  auto queued = queries.Queue(queue);  // oldest first, one per page
  BOOST_REQUIRE(queued.items.size() == 1u);
  BOOST_TEST(queued.items[0].case_id == first->summary.case_id);
  BOOST_TEST(queued.next_after.has_value());
  BOOST_TEST(!queued.items[0].screening_json.has_value());

  // The API's `screening=brief`: the latest screening's rule set and recommendation from its
  // columns, never its results; nothing for a case not yet screened. Also unrecorded.
  db.Exec("INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag, "
          "result_json, outcomes, reason) VALUES (" + std::to_string(second->summary.case_id) +
          ", 1, 'sha256:y', 'cleared', false, '{\"rule_set\": \"sha256:y\", \"results\": []}', '', 'rescreen')");
  filter.screening = workflow::ScreeningDetail::kBrief;
  auto briefs = queries.List(filter);
  BOOST_REQUIRE(briefs.items.size() == 2u);
  BOOST_REQUIRE(briefs.items[0].screening_json.has_value());
  BOOST_TEST(*briefs.items[0].screening_json == R"({"rule_set" : "sha256:y", "recommendation" : "cleared"})");
  BOOST_TEST(!briefs.items[1].screening_json.has_value());  // the first case was never screened
  queue.screening = workflow::ScreeningDetail::kBrief;
  queue.limit = 2;
  auto queued_briefs = queries.Queue(queue);
  BOOST_REQUIRE(queued_briefs.items.size() == 2u);
  BOOST_TEST(queued_briefs.items[1].screening_json.value_or("") == *briefs.items[0].screening_json);
  // The recorded overloads (the API's) read a brief filter the same way, without recording it.
  auto asked = queries.List(domain::Actor{}, filter);
  BOOST_REQUIRE(asked.items.size() == 2u);
  BOOST_TEST(asked.items[0].screening_json.value_or("") == *briefs.items[0].screening_json);
  BOOST_TEST(queries.Queue(domain::Actor{}, queue).items.size() == 2u);
  BOOST_TEST(db.Count("SELECT count(*) FROM events WHERE event = 'cases_listed'") == 0);
}

BOOST_AUTO_TEST_CASE(AReadWithoutATransactionSurvivesTheDatabaseDroppingItsConnection) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 1);  // one pooled connection: the read must reuse it
  auto read = [&] {
    return workflow::ReadOnce(pg, [](workflow::UnitOfWork& uow) { return uow.Users().FindByTokenHash("00"); });
  };
  BOOST_TEST(!read().has_value());  // prepares the lookup on this connection
  // The database ends the pool's connection (a restart, an administrator, a failover).
  db.Exec("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database() "
          "AND usename = 'granska_app'");
  BOOST_TEST(db.Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND usename = 'granska_app'") == 0);
  std::optional<domain::User> found;
  BOOST_REQUIRE_NO_THROW(found = read());  // retried once in a transaction, which reconnects
  BOOST_TEST(!found.has_value());
  BOOST_TEST(db.Count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND usename = 'granska_app'") == 1);
  BOOST_REQUIRE_NO_THROW(read());  // and the next read uses the new connection directly
}

BOOST_AUTO_TEST_CASE(ARecordedListNamesTheCasesItShowsAndNothingElse) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  std::vector<std::int64_t> ids;
  for (const char* org : {"802456-7896", "556677-8899", "802512-3459"}) {
    auto c = submit.Run(domain::Actor{}, Grant(org), "{}", {});
    BOOST_REQUIRE(c.Ok());
    ids.push_back(c->summary.case_id);
  }
  const auto listed = [&](const std::string& where) {
    return db.Count("SELECT count(*) FROM events WHERE event = 'cases_listed' AND actor_name = 'Lista Läsare' AND " +
                    where);
  };
  const domain::Actor reader{0, "Lista Läsare", domain::Role::kAuditor};
  workflow::CaseQueries queries(pg);

  workflow::CaseFilter filter;
  filter.limit = 2;  // three cases: a full page and a next one
  auto page = queries.List(reader, filter);
  BOOST_REQUIRE(page.items.size() == 2u);
  BOOST_TEST(page.items[0].case_id == ids[2]);  // newest first
  BOOST_TEST(page.items[1].case_id == ids[1]);
  BOOST_TEST(page.next_after.has_value());
  // The ids shown, in the order shown: not the extra row read to find the next page.
  BOOST_TEST(listed("detail = jsonb_build_object('via', 'api', 'list', 'cases', 'case_ids', jsonb_build_array(" +
                    std::to_string(ids[2]) + ", " + std::to_string(ids[1]) + "))") == 1);

  workflow::QueueFilter queue;
  queue.limit = 10;
  auto queued = queries.Queue(reader, queue);  // oldest first
  BOOST_REQUIRE(queued.items.size() == 3u);
  BOOST_TEST(queued.items[0].case_id == ids[0]);
  BOOST_TEST(!queued.next_after.has_value());
  BOOST_TEST(listed("detail->>'list' = 'queue' AND detail->'case_ids' = jsonb_build_array(" + std::to_string(ids[0]) +
                    ", " + std::to_string(ids[1]) + ", " + std::to_string(ids[2]) + ")") == 1);

  filter.org_number = "999999-9999";  // nothing shown, nothing recorded
  BOOST_TEST(queries.List(reader, filter).items.empty());
  BOOST_TEST(listed("true") == 2);
}

BOOST_AUTO_TEST_CASE(ASubmissionSurvivesTheDatabaseDroppingItsConnection) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.AppConnection(), 1);  // one pooled connection: the submission must reuse it
  FixedClock clock("2026-11-22");
  workflow::SubmitApplication submit(pg, clock, nullptr);
  const auto bare = Grant("802456-7896");  // no screener: BEGIN is the first statement to find the broken connection
  BOOST_REQUIRE(submit.Run(domain::Actor{}, bare, "{}", {}).Ok());
  db.Exec("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database() "
          "AND usename = 'granska_app'");
  domain::Result<workflow::Submission> again = domain::Error::Validation({});
  BOOST_REQUIRE_NO_THROW(again = submit.Run(domain::Actor{}, bare, "{}", {}));
  BOOST_REQUIRE(again.Ok());
  BOOST_TEST(!again->summary.case_number.empty());
  BOOST_TEST(db.Count("SELECT count(*) FROM cases WHERE case_number IS NOT NULL") == 2);
}

BOOST_AUTO_TEST_CASE(AnIncidentNeedsExactlyOneSubject) {
  testing::TestDatabase db;
  BOOST_CHECK_THROW(db.Exec("INSERT INTO incidents (kind, occurred_on, source, verified) "
                            "VALUES ('threat', '2025-01-01', 'media', false)"),
                    soci::soci_error);
}

// Migration 0018: what the appeals table and the annulment markers keep by themselves, whatever
// the code above them does (workflow/appeals.hpp relies on these as its last guard).
BOOST_AUTO_TEST_CASE(AnAppealNamesOneDecisionOfItsCaseAndItsOutcomeIsWrittenOnceAndWhole) {
  testing::TestDatabase db;
  store::PgDatabase pg(db.Connection(), 2);
  FixedClock clock(workflow::LocalDate(std::time(nullptr)));
  workflow::SubmitApplication submit(pg, clock, nullptr);
  auto first = submit.Run(domain::Actor{}, Grant("802456-7896"), "{}", {});
  auto second = submit.Run(domain::Actor{}, Grant("802512-3459"), "{}", {});
  BOOST_REQUIRE(first.Ok() && second.Ok());
  const std::string c = std::to_string(first->summary.case_id), other = std::to_string(second->summary.case_id);
  db.Exec("INSERT INTO users (name, role) VALUES ('Karin Holm', 'case_officer')");
  const std::string by = std::to_string(db.Count("SELECT id FROM users WHERE name = 'Karin Holm'"));
  const std::string decide =
      "INSERT INTO decisions (case_id, outcome, amount_sek, reasons, delegation_ref, "
      "decided_by, decided_on) VALUES (" +
      c + ", 'approved', 1000, 'Skäl.', 'D 4.2', " + by + ", current_date)";
  db.Exec(decide);
  const std::string d = std::to_string(db.Count("SELECT id FROM decisions WHERE case_id = " + c));
  const std::string insert =
      "INSERT INTO appeals (case_id, decision_id, revocation_id, lodged_on, appellant_kind, "
      "appellant_name, court, recorded_by) VALUES ";
  // Exactly one thing appealed, of the same case; a named appellant unless the applicant.
  BOOST_CHECK_THROW(db.Exec(insert + "(" + c + ", NULL, NULL, current_date, 'applicant', NULL, 'FR', " + by + ")"),
                    soci::soci_error);
  BOOST_CHECK_THROW(
      db.Exec(insert + "(" + other + ", " + d + ", NULL, current_date, 'applicant', NULL, 'FR', " + by + ")"),
      soci::soci_error);
  BOOST_CHECK_THROW(
      db.Exec(insert + "(" + c + ", " + d + ", NULL, current_date, 'municipal_member', NULL, 'FR', " + by + ")"),
      soci::soci_error);
  BOOST_CHECK_THROW(db.Exec(insert + "(" + c + ", " + d + ", NULL, current_date, 'neighbour', 'X', 'FR', " + by + ")"),
                    soci::soci_error);
  db.Exec(insert + "(" + c + ", " + d + ", NULL, current_date, 'applicant', NULL, 'FR', " + by + ")");
  const std::string a = std::to_string(db.Count("SELECT id FROM appeals WHERE case_id = " + c));
  // The outcome's fields come together, never before the lodging, in the vocabulary.
  BOOST_CHECK_THROW(db.Exec("UPDATE appeals SET outcome = 'annulled' WHERE id = " + a), soci::soci_error);
  const std::string outcome = "UPDATE appeals SET outcome = 'annulled', outcome_recorded_by = " + by +
                              ", outcome_recorded_at = now(), outcome_on = ";
  BOOST_CHECK_THROW(db.Exec(outcome + "current_date - 1 WHERE id = " + a), soci::soci_error);
  BOOST_CHECK_THROW(
      db.Exec("UPDATE appeals SET outcome = 'overturned', outcome_on = current_date, outcome_recorded_by = " + by +
              ", outcome_recorded_at = now() WHERE id = " + a),
      soci::soci_error);
  BOOST_CHECK_THROW(db.Exec("UPDATE appeals SET outcome_note = 'Anteckning.' WHERE id = " + a), soci::soci_error);
  // What was lodged never changes.
  BOOST_CHECK_THROW(db.Exec("UPDATE appeals SET lodged_on = current_date - 1 WHERE id = " + a), soci::soci_error);
  db.Exec(outcome + "current_date WHERE id = " + a);
  // Written once: no change, no removal; only an unknown court case number may be filled in, once.
  BOOST_CHECK_THROW(db.Exec("UPDATE appeals SET outcome = 'rejected' WHERE id = " + a), soci::soci_error);
  BOOST_CHECK_THROW(db.Exec("UPDATE appeals SET outcome = NULL, outcome_on = NULL, outcome_recorded_by = NULL, "
                            "outcome_recorded_at = NULL WHERE id = " +
                            a),
                    soci::soci_error);
  db.Exec("UPDATE appeals SET court_case_number = '1234-27' WHERE id = " + a);
  BOOST_CHECK_THROW(db.Exec("UPDATE appeals SET court_case_number = '9999-27' WHERE id = " + a), soci::soci_error);

  // One standing decision per case; an annulled one stays, marked by an appeal of it.
  BOOST_CHECK_THROW(db.Exec(decide), soci::soci_error);
  db.Exec(insert + "(" + c + ", " + d + ", NULL, current_date, 'other', 'Eva Ek', 'FR', " + by + ")");
  db.Exec("UPDATE decisions SET annulled_by_appeal = " + a + " WHERE id = " + d);
  db.Exec(decide);
  BOOST_TEST(db.Count("SELECT count(*) FROM decisions WHERE case_id = " + c) == 2);
  BOOST_TEST(db.Count("SELECT count(*) FROM decisions WHERE case_id = " + c + " AND annulled_by_appeal IS NULL") == 1);
  // The marking appeal must be an appeal of that decision.
  const std::string standing =
      std::to_string(db.Count("SELECT id FROM decisions WHERE case_id = " + c + " AND annulled_by_appeal IS NULL"));
  BOOST_CHECK_THROW(db.Exec("UPDATE decisions SET annulled_by_appeal = " + a + " WHERE id = " + standing),
                    soci::soci_error);
  // A revocation is annulled only with the appeal that annulled it.
  db.Exec(
      "INSERT INTO revocations (case_id, decision_id, breach, democracy_reason, reply_by, communicated_by) "
      "VALUES (" +
      c + ", " + standing + ", 'Brott.', true, current_date + 10, " + by + ")");
  const std::string r = std::to_string(db.Count("SELECT id FROM revocations WHERE case_id = " + c));
  BOOST_CHECK_THROW(db.Exec("UPDATE revocations SET status = 'annulled' WHERE id = " + r), soci::soci_error);
  db.Exec("UPDATE revocations SET status = 'annulled', annulled_by_appeal = " + a + " WHERE id = " + r);
  BOOST_CHECK_THROW(db.Exec("UPDATE revocations SET annulled_by_appeal = NULL WHERE id = " + r), soci::soci_error);
}

BOOST_AUTO_TEST_SUITE_END()
