#include "store/pg_rescreen_snapshot.hpp"

#include <functional>
#include <string>

#include "rules/facts.hpp"

namespace granska::store {
namespace {

constexpr const char* kBegin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
// The planner's cost for the covered-cases query reaches JIT's thresholds at a few thousand
// cases, and compiling it took 0.4 s of a 0.9 s query at 100 000; index lookups gain nothing.
constexpr const char* kNoJit = "SET LOCAL jit = off";
constexpr const char* kRollback = "ROLLBACK";

constexpr const char* kCountCases = "SELECT count(*) FROM cases c WHERE " GRANSKA_RESCREEN_COVERED;

// Columns in the order CaseBatch::Row reads them. The latest application revision and
// screening come from their (case_id, …) indexes; the case's own booking row is there to
// leave it out of its overlap count.
constexpr const char* kDeclareCases =
    "DECLARE rescreen_cases NO SCROLL CURSOR FOR "
    "SELECT c.id, c.version, c.case_number, c.submitted_on - date '1970-01-01', (c.status = 'decided')::int, "
    "a.revision, a.facts, c.recommendation, s.rule_set_version, coalesce(s.democracy_flag, false)::int, s.outcomes "
    "FROM cases c "
    "CROSS JOIN LATERAL (SELECT revision, facts FROM applications WHERE case_id = c.id "
    "ORDER BY revision DESC LIMIT 1) a "
    "LEFT JOIN LATERAL (SELECT rule_set_version, democracy_flag, outcomes FROM screenings WHERE case_id = c.id "
    "ORDER BY id DESC LIMIT 1) s "
    "ON true "
    "WHERE " GRANSKA_RESCREEN_COVERED " ORDER BY c.id";

// How much the registers will take, so the index is sized once: counts and text bytes
// (reference, subject as written, stored normalised name twice, case numbers).
constexpr const char* kRegisterSizes =
    "SELECT (SELECT count(*) FROM incidents), "
    "(SELECT coalesce(sum(octet_length(reference) + coalesce(octet_length(subject_org), 0) "
    "+ 2 * coalesce(octet_length(subject_person_norm), 0) + coalesce(octet_length(subject_person), 0)), 0) "
    "FROM incidents), (SELECT count(*) FROM conditions), "
    "(SELECT coalesce(sum(octet_length(c.case_number)), 0) FROM conditions k JOIN cases c ON c.id = k.case_id)";

constexpr const char* kIncidents =
    "SELECT id, subject_org, subject_person, subject_person_norm, kind, occurred_on - date '1970-01-01', source, "
    "verified::int, distanced::int, reference FROM incidents";
constexpr const char* kConditions =
    "SELECT k.id, o.org_number, k.case_id, c.case_number, k.status, k.due - date '1970-01-01' "
    "FROM conditions k JOIN cases c ON c.id = k.case_id JOIN organisations o ON o.id = c.organisation_id";
// As ReviewRepository::OrganisationRevocations: only revocations that stand.
constexpr const char* kRevocations =
    "SELECT v.id, o.org_number, v.revoked_on - date '1970-01-01', v.democracy_reason::int, c.case_number "
    "FROM revocations v JOIN cases c ON c.id = v.case_id JOIN organisations o ON o.id = c.organisation_id "
    "WHERE v.status = 'revoked' AND v.revoked_on IS NOT NULL";
constexpr const char* kPremises = "SELECT id, capacity FROM premises";
constexpr const char* kBookings =
    "SELECT premises_id, extract(epoch FROM starts_at)::bigint, extract(epoch FROM ends_at)::bigint, case_id, "
    "(status = 'approved')::int FROM bookings WHERE status IN ('pending', 'approved')";

constexpr int kRegisterFetch = 20000;

// Runs `query` through a cursor, `fetch` rows at a time, calling `row` for each.
void ForEachRow(PGconn* conn, const char* name, const char* query,
                const std::function<void(const PGresult*, int)>& row) {
  Exec(conn, (std::string("DECLARE ") + name + " NO SCROLL CURSOR FOR " + query).c_str());
  const std::string fetch = "FETCH FORWARD " + std::to_string(kRegisterFetch) + " FROM " + name;
  for (;;) {
    PgResult r = Exec(conn, fetch.c_str());
    const int n = PQntuples(r.get());
    for (int i = 0; i < n; ++i) row(r.get(), i);
    if (n < kRegisterFetch) break;
  }
  Exec(conn, (std::string("CLOSE ") + name).c_str());
}

class CaseBatch final : public workflow::RescreenCaseBatch {
 public:
  explicit CaseBatch(PgResult r) : r_(std::move(r)) {}
  std::size_t Size() const override { return static_cast<std::size_t>(PQntuples(r_.get())); }
  workflow::RescreenCaseRow Row(std::size_t index) const override {
    const PGresult* r = r_.get();
    const int i = static_cast<int>(index);
    workflow::RescreenCaseRow row;
    row.case_id = Int(r, i, 0);
    row.version = Int(r, i, 1);
    row.case_number = Value(r, i, 2);
    row.submitted_on = domain::Date::FromDays(static_cast<std::int32_t>(Int(r, i, 3)));
    row.follow_up = Int(r, i, 4) != 0;
    row.revision = static_cast<std::int32_t>(Int(r, i, 5));
    if (!IsNull(r, i, 6)) row.facts = Value(r, i, 6);
    if (!IsNull(r, i, 7)) row.previous = domain::ParseRecommendation(Value(r, i, 7));
    row.previous_rule_set = Value(r, i, 8);
    row.previous_democracy_flag = Int(r, i, 9) != 0;
    row.previous_outcomes = Value(r, i, 10);
    return row;
  }

 private:
  PgResult r_;
};

}  // namespace

PgRescreenSnapshot::PgRescreenSnapshot(soci::connection_pool& pool) : sql_(pool), conn_(NativeConnection(sql_)) {
  Exec(conn_, kBegin);
  Exec(conn_, kNoJit);
}

PgRescreenSnapshot::~PgRescreenSnapshot() {
  // Read only: nothing to keep. A broken connection is the pool's to reopen.
  PGresult* r = PQexec(conn_, kRollback);
  PQclear(r);
}

std::int64_t PgRescreenSnapshot::CountCases() {
  PgResult r = Exec(conn_, kCountCases);
  return Int(r.get(), 0, 0);
}

void PgRescreenSnapshot::LoadRegisters(workflow::RegisterIndex& index) {
  {
    PgResult sizes = Exec(conn_, kRegisterSizes);
    const auto count = [&](int col) { return static_cast<std::size_t>(Int(sizes.get(), 0, col)); };
    index.Reserve(count(0), count(2), count(1) + count(3));
  }
  ForEachRow(conn_, "rescreen_incidents", kIncidents, [&](const PGresult* r, int i) {
    auto kind = domain::ParseIncidentKind(Value(r, i, 4));
    auto source = domain::ParseIncidentSource(Value(r, i, 6));
    index.AddIncident(
        Int(r, i, 0), Value(r, i, 1), Value(r, i, 2), Value(r, i, 3), kind.value_or(domain::IncidentKind::kViolence),
        domain::Date::FromDays(static_cast<std::int32_t>(Int(r, i, 5))),
        source.value_or(domain::IncidentSource::kOther), Int(r, i, 7) != 0, Int(r, i, 8) != 0, Value(r, i, 9));
  });
  ForEachRow(conn_, "rescreen_conditions", kConditions, [&](const PGresult* r, int i) {
    auto status = rules::ParseConditionStatus(Value(r, i, 4));
    if (!status) return;  // as GatherFacts: a status the rules do not know is left out
    index.AddCondition(Int(r, i, 0), Value(r, i, 1), Int(r, i, 2), Value(r, i, 3), *status,
                       domain::Date::FromDays(static_cast<std::int32_t>(Int(r, i, 5))));
  });
  ForEachRow(conn_, "rescreen_revocations", kRevocations, [&](const PGresult* r, int i) {
    index.AddRevocation(Int(r, i, 0), Value(r, i, 1), domain::Date::FromDays(static_cast<std::int32_t>(Int(r, i, 2))),
                        Int(r, i, 3) != 0, Value(r, i, 4));
  });
  ForEachRow(conn_, "rescreen_premises", kPremises,
             [&](const PGresult* r, int i) { index.AddPremises(Value(r, i, 0), Int(r, i, 1)); });
  ForEachRow(conn_, "rescreen_bookings", kBookings, [&](const PGresult* r, int i) {
    index.AddBooking(Value(r, i, 0), Int(r, i, 1), Int(r, i, 2), Int(r, i, 3), Int(r, i, 4) != 0);
  });
}

std::unique_ptr<workflow::RescreenCaseBatch> PgRescreenSnapshot::Next(std::size_t max_rows) {
  if (!cursor_open_) {
    Exec(conn_, kDeclareCases);
    cursor_open_ = true;
  }
  const std::string fetch = "FETCH FORWARD " + std::to_string(max_rows) + " FROM rescreen_cases";
  return std::make_unique<CaseBatch>(Exec(conn_, fetch.c_str()));
}

}  // namespace granska::store
