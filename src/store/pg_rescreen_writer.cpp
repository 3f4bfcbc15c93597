#include "store/pg_rescreen_writer.hpp"

#include <unordered_set>

#include "store/pg_rescreen_snapshot.hpp"

namespace granska::store {
namespace {

// Distinct from the migrations' lock (7406221) and the event chain's sealer (7406222): sharing
// the sealer's key stalled every server's background job for a whole re-screening and made a
// re-screening started during a seal report "already running".
constexpr const char* kTryLock = "SELECT pg_try_advisory_lock(7406223)";
constexpr const char* kUnlock = "SELECT pg_advisory_unlock(7406223)";

constexpr const char* kCreateStage =
    "CREATE TEMP TABLE IF NOT EXISTS rescreen_stage (case_id bigint PRIMARY KEY, version bigint NOT NULL, "
    "revision integer NOT NULL, recommendation text NOT NULL, previous text, change text NOT NULL, "
    "democracy_flag boolean NOT NULL, result_json text NOT NULL, outcomes text NOT NULL) ON COMMIT DELETE ROWS";
constexpr const char* kCopyStage =
    "COPY rescreen_stage (case_id, version, revision, recommendation, previous, change, democracy_flag, result_json, "
    "outcomes) "
    "FROM STDIN";

// For every staged case still at the version that was read: its recommendation (the
// status stays as it is: people decide what a changed screening means), a new screening
// and an event, in this transaction. Returns the cases written.
constexpr const char* kApplyStage =
    "WITH updated AS ("
    " UPDATE cases c SET recommendation = s.recommendation, version = c.version + 1, updated_at = now()"
    " FROM rescreen_stage s WHERE c.id = s.case_id AND c.version = s.version RETURNING c.id, c.status),"
    " screened AS ("
    " INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag,"
    " result_json, outcomes, reason)"
    " SELECT s.case_id, s.revision, $1, s.recommendation, s.democracy_flag, s.result_json::json, s.outcomes, 'rescreen'"
    " FROM rescreen_stage s JOIN updated u ON u.id = s.case_id RETURNING case_id),"
    " logged AS ("
    " INSERT INTO events (case_id, actor_id, actor_name, actor_role, event, detail)"
    " SELECT s.case_id, $3::bigint, $4, $5, 'rescreened', jsonb_build_object('run', $2::bigint, 'rule_set', $1::text,"
    " 'previous', s.previous, 'recommendation', s.recommendation, 'change', s.change, 'status', u.status,"
    " 'status_changed', false)"
    " FROM rescreen_stage s JOIN updated u ON u.id = s.case_id RETURNING case_id)"
    " SELECT id FROM updated";

constexpr const char* kCopyResults =
    "COPY rescreen_results (run_id, case_id, application_revision, recommendation, previous_recommendation, change, "
    "verdicts) FROM STDIN";

constexpr const char* kBeginRun =
    "INSERT INTO rescreen_runs (rule_set_version, rule_ids, started_by, started_by_name) VALUES ($1, $2, $3, $4) "
    "RETURNING id";

constexpr const char* kFinishRun =
    "UPDATE rescreen_runs SET finished_at = clock_timestamp(), "
    "status = CASE WHEN $2 = '' THEN 'finished' ELSE 'failed' END, error = nullif($2, ''), "
    "previous_rule_sets = $3::jsonb, screened = $4, open_cases = $5, follow_up_cases = $6, unchanged = $7, "
    "newly_flagged = $8, no_longer_flagged = $9, other_changes = $10, outcomes_changed = $11, skipped = $12, "
    "unreadable = $13 WHERE id = $1";

constexpr const char* kMissingSnapshots =
    "SELECT a.case_id, a.revision, a.raw_json FROM applications a JOIN cases c ON c.id = a.case_id "
    "WHERE a.facts IS NULL AND a.case_id > $1 "
    "AND a.revision = (SELECT max(x.revision) FROM applications x WHERE x.case_id = a.case_id) "
    "AND " GRANSKA_RESCREEN_COVERED " ORDER BY a.case_id LIMIT $2";

std::optional<std::string> Str(std::int64_t v) { return std::to_string(v); }

}  // namespace

std::unique_ptr<PgRescreenWriter> PgRescreenWriter::Open(soci::connection_pool& pool) {
  std::unique_ptr<PgRescreenWriter> writer(new PgRescreenWriter(pool));
  PgResult r = Exec(writer->conn_, kTryLock);
  if (Value(r.get(), 0, 0) != "t") return nullptr;
  writer->locked_ = true;
  Exec(writer->conn_, "SET client_min_messages = warning");
  Exec(writer->conn_, kCreateStage);
  return writer;
}

PgRescreenWriter::PgRescreenWriter(soci::connection_pool& pool) : sql_(pool), conn_(NativeConnection(sql_)) {}

PgRescreenWriter::~PgRescreenWriter() {
  Rollback();
  if (locked_) PQclear(PQexec(conn_, kUnlock));
}

void PgRescreenWriter::Rollback() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

std::vector<workflow::MissingSnapshot> PgRescreenWriter::MissingSnapshots(std::int64_t after, std::size_t limit) {
  std::vector<workflow::MissingSnapshot> out;
  PgResult r = Exec(conn_, kMissingSnapshots, {Str(after), Str(static_cast<std::int64_t>(limit))});
  for (int i = 0; i < PQntuples(r.get()); ++i)
    out.push_back({Int(r.get(), i, 0), static_cast<std::int32_t>(Int(r.get(), i, 1)), std::string(Value(r.get(), i, 2))});
  return out;
}

void PgRescreenWriter::StoreSnapshots(const std::vector<std::pair<workflow::MissingSnapshot, std::string>>& facts) {
  if (facts.empty()) return;
  // One UPDATE … FROM (VALUES …) with three parameters per application.
  std::string sql = "UPDATE applications a SET facts = v.facts FROM (VALUES ";
  std::vector<std::optional<std::string>> params;
  params.reserve(facts.size() * 3);
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const std::size_t p = i * 3;
    sql += (i ? ", " : "") + std::string("($") + std::to_string(p + 1) + "::bigint, $" + std::to_string(p + 2) +
           "::integer, $" + std::to_string(p + 3) + "::text)";
    params.push_back(Str(facts[i].first.case_id));
    params.push_back(Str(facts[i].first.revision));
    params.push_back(facts[i].second);
  }
  sql += ") v(case_id, revision, facts) WHERE a.case_id = v.case_id AND a.revision = v.revision AND a.facts IS NULL";
  Exec(conn_, sql.c_str(), params);
}

std::int64_t PgRescreenWriter::BeginRun(const domain::Actor& actor, const std::string& rule_set_version,
                                        const std::string& rule_ids) {
  rule_set_version_ = rule_set_version;
  std::optional<std::string> by = actor.user_id ? Str(actor.user_id) : std::nullopt;
  const std::string name = actor.name.empty() ? std::string("system") : actor.name;
  PgResult r = Exec(conn_, kBeginRun, {rule_set_version, rule_ids, by, name});
  return Int(r.get(), 0, 0);
}

void PgRescreenWriter::Write(std::int64_t run_id, const domain::Actor& actor, workflow::RescreenResultBatch& batch) {
  Exec(conn_, "BEGIN");
  in_transaction_ = true;
  if (!batch.changed.empty()) {
    {
      CopyIn stage(conn_, kCopyStage);
      for (const auto& c : batch.changed) {
        stage.Int(c.case_id).Int(c.version).Int(c.revision).Text(c.outcome.recommendation);
        if (c.previous)
          stage.Text(domain::ToString(*c.previous));
        else
          stage.Null();
        stage.Text(ToString(c.change)).Text(c.outcome.democracy_flag ? "t" : "f").Text(c.outcome.json);
        stage.Text(c.outcome.outcomes).EndRow();
      }
      stage.Finish();
    }
    std::optional<std::string> actor_id = actor.user_id ? Str(actor.user_id) : std::nullopt;
    const std::string name = actor.name.empty() ? std::string("system") : actor.name;
    const std::string role(actor.user_id ? domain::ToString(actor.role) : std::string_view("system"));
    PgResult applied = Exec(conn_, kApplyStage, {rule_set_version_, Str(run_id), actor_id, name, role});
    std::unordered_set<std::int64_t> written;
    for (int i = 0; i < PQntuples(applied.get()); ++i) written.insert(Int(applied.get(), i, 0));
    if (written.size() != batch.changed.size()) {
      // Changed by someone else since it was read: not written now, the next run sees it.
      std::unordered_set<std::int64_t> skipped;
      for (auto& c : batch.changed)
        if (!written.count(c.case_id)) {
          c.change = workflow::RescreenChange::kSkipped;
          skipped.insert(c.case_id);
        }
      for (auto& row : batch.rows)
        if (row.change != workflow::RescreenChange::kNone && skipped.count(row.case_id))
          row.change = workflow::RescreenChange::kSkipped;
    }
  }
  {
    CopyIn results(conn_, kCopyResults);
    const std::size_t rule_count = batch.rows.empty() ? 0 : batch.verdicts.size() / batch.rows.size();
    for (std::size_t i = 0; i < batch.rows.size(); ++i) {
      const auto& row = batch.rows[i];
      results.Int(run_id).Int(row.case_id).Int(row.revision).Text(domain::ToString(row.recommendation));
      if (row.previous)
        results.Text(domain::ToString(*row.previous));
      else
        results.Null();
      results.Text(ToString(row.change)).Text(std::string_view(batch.verdicts).substr(i * rule_count, rule_count));
      results.EndRow();
    }
    results.Finish();
  }
  Exec(conn_, "COMMIT");
  in_transaction_ = false;
}

void PgRescreenWriter::FinishRun(std::int64_t run_id, const workflow::RescreenCounts& counts,
                                 const std::string& previous_rule_sets, const std::string& error) {
  Rollback();
  Exec(conn_, kFinishRun,
       {Str(run_id), error, previous_rule_sets, Str(counts.screened), Str(counts.open), Str(counts.follow_up),
        Str(counts.unchanged), Str(counts.newly_flagged), Str(counts.no_longer_flagged), Str(counts.other_changes),
        Str(counts.outcomes_changed), Str(counts.skipped), Str(counts.unreadable)});
}

}  // namespace granska::store
