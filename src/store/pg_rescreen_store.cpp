#include "store/pg_rescreen_store.hpp"

#include "store/pg_rescreen_snapshot.hpp"
#include "store/pg_rescreen_writer.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

#define GRANSKA_RUN_COLUMNS                                                                                      \
  "SELECT id::bigint, status, " GRANSKA_ISO("started_at") ", " GRANSKA_ISO("finished_at") ", rule_set_version, " \
  "rule_ids, previous_rule_sets::text, started_by::bigint, started_by_name, screened::bigint, "                   \
  "open_cases::bigint, follow_up_cases::bigint, unchanged::bigint, newly_flagged::bigint, "                       \
  "no_longer_flagged::bigint, other_changes::bigint, skipped::bigint, unreadable::bigint, coalesce(error, ''), "  \
  "outcomes_changed::bigint, "                                                                                  \
  "(extract(epoch FROM coalesce(finished_at, clock_timestamp()) - started_at) * 1000)::bigint FROM rescreen_runs "

constexpr const char* kFindRun = GRANSKA_RUN_COLUMNS "WHERE id = :id";
constexpr const char* kListRuns =
    GRANSKA_RUN_COLUMNS "WHERE id < coalesce(:before::bigint, 9223372036854775807) ORDER BY id DESC LIMIT :lim";
constexpr const char* kListChanges =
    "SELECT r.case_id::bigint, c.case_number, c.status, r.previous_recommendation, r.recommendation, r.change, "
    "r.verdicts FROM rescreen_results r JOIN cases c ON c.id = r.case_id "
    "WHERE r.run_id = :run AND r.change <> 'none' AND r.case_id > coalesce(:after::bigint, 0) "
    "ORDER BY r.case_id LIMIT :lim";

workflow::RescreenRun ReadRun(const soci::row& r) {
  workflow::RescreenRun run;
  run.id = BigInt(r, 0);
  run.status = Text(r, 1);
  run.started_at = Text(r, 2);
  run.finished_at = OptText(r, 3);
  run.rule_set_version = Text(r, 4);
  run.rule_ids = Text(r, 5);
  run.previous_rule_sets = Text(r, 6);
  run.started_by = OptBigInt(r, 7);
  run.started_by_name = Text(r, 8);
  auto& c = run.counts;
  c.screened = BigInt(r, 9);
  c.open = BigInt(r, 10);
  c.follow_up = BigInt(r, 11);
  c.unchanged = BigInt(r, 12);
  c.newly_flagged = BigInt(r, 13);
  c.no_longer_flagged = BigInt(r, 14);
  c.other_changes = BigInt(r, 15);
  c.skipped = BigInt(r, 16);
  c.unreadable = BigInt(r, 17);
  run.error = Text(r, 18);
  c.outcomes_changed = BigInt(r, 19);
  run.seconds = static_cast<double>(BigInt(r, 20)) / 1000.0;
  return run;
}

}  // namespace

std::unique_ptr<workflow::RescreenWriter> PgRescreenStore::OpenWriter() { return PgRescreenWriter::Open(pool_); }

std::unique_ptr<workflow::RescreenSnapshot> PgRescreenStore::OpenSnapshot() {
  return std::make_unique<PgRescreenSnapshot>(pool_);
}

std::optional<workflow::RescreenRun> PgRescreenStore::FindRun(std::int64_t id) {
  soci::session sql(pool_);
  long long v = id;
  soci::rowset<soci::row> rs = (sql.prepare << kFindRun, soci::use(v));
  for (const auto& r : rs) return ReadRun(r);
  return std::nullopt;
}

workflow::Page<workflow::RescreenRun> PgRescreenStore::ListRuns(int limit, std::optional<std::int64_t> before) {
  soci::session sql(pool_);
  Nullable<long long> b(before);
  int lim = limit + 1;
  soci::rowset<soci::row> rs = (sql.prepare << kListRuns, soci::use(b.value, b.ind), soci::use(lim));
  workflow::Page<workflow::RescreenRun> page;
  for (const auto& r : rs) page.items.push_back(ReadRun(r));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after = page.items.back().id;
  }
  return page;
}

workflow::Page<workflow::RescreenChangeView> PgRescreenStore::ListChanges(std::int64_t run_id, int limit,
                                                                           std::optional<std::int64_t> after) {
  soci::session sql(pool_);
  long long run = run_id;
  Nullable<long long> a(after);
  int lim = limit + 1;
  soci::rowset<soci::row> rs =
      (sql.prepare << kListChanges, soci::use(run), soci::use(a.value, a.ind), soci::use(lim));
  workflow::Page<workflow::RescreenChangeView> page;
  for (const auto& r : rs) {
    workflow::RescreenChangeView v;
    v.case_id = BigInt(r, 0);
    v.case_number = Text(r, 1);
    v.status = Text(r, 2);
    v.previous = OptText(r, 3);
    v.recommendation = Text(r, 4);
    v.change = Text(r, 5);
    v.verdicts = Text(r, 6);
    page.items.push_back(std::move(v));
  }
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.pop_back();
    page.next_after = page.items.back().case_id;
  }
  return page;
}

}  // namespace granska::store
