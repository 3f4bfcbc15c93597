#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/person_name.hpp"
#include "store/migrations.hpp"

namespace granska::store {
namespace {

constexpr const char* kCreateSchemaTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";
constexpr const char* kLock = "SELECT pg_advisory_xact_lock(7406221)";
constexpr const char* kIsApplied = "SELECT count(*) FROM schema_migrations WHERE version = :v";
constexpr const char* kRecord = "INSERT INTO schema_migrations (version, name) VALUES (:v, :n)";
constexpr const char* kCurrent = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kSchemaTableExists = "SELECT (to_regclass('schema_migrations') IS NOT NULL)::int";
constexpr const char* kRecordedVersions = "SELECT version FROM schema_migrations ORDER BY version";

// A migration file holds several statements; libpq runs them with PQexec (the simple
// protocol), inside the surrounding transaction.
void ExecScript(soci::session& sql, const char* script, const char* name) {
  auto* backend = static_cast<soci::postgresql_session_backend*>(sql.get_backend());
  PGresult* res = PQexec(backend->conn_, script);
  const ExecStatusType status = PQresultStatus(res);
  std::string message = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? "" : PQresultErrorMessage(res);
  PQclear(res);
  if (!message.empty()) throw std::runtime_error(std::string("migration ") + name + " failed: " + message);
}

// Migration 0023: the incidents' normalised person names, recomputed with this build's
// domain::NormalisePersonName (a C++ form SQL cannot reproduce), in the migration's transaction.
void RenormaliseIncidentPersons(soci::session& sql) {
  std::vector<std::pair<long long, std::string>> changed;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id::bigint, subject_person, coalesce(subject_person_norm, '') FROM incidents "
                      "WHERE subject_person IS NOT NULL");
  for (const auto& r : rows) {
    std::string norm = domain::NormalisePersonName(r.get<std::string>(1));
    if (norm != r.get<std::string>(2)) changed.emplace_back(r.get<long long>(0), std::move(norm));
  }
  for (auto& [id, norm] : changed) sql << "UPDATE incidents SET subject_person_norm = :n WHERE id = :id", soci::use(norm), soci::use(id);
}

// Data steps run right after a migration's SQL, in its transaction, by version.
using DataStep = void (*)(soci::session&);
DataStep DataStepFor(int version) { return version == 23 ? RenormaliseIncidentPersons : nullptr; }

}  // namespace

MigrationReport Migrate(soci::session& sql) {
  MigrationReport report;
  sql << "SET client_min_messages = warning";
  {
    soci::transaction tr(sql);
    sql << kLock;
    sql << kCreateSchemaTable;
    tr.commit();
  }
  for (const Migration& m : AllMigrations()) {
    soci::transaction tr(sql);
    sql << kLock;
    long long applied = 0;
    int version = m.version;
    sql << kIsApplied, soci::use(version), soci::into(applied);
    if (applied == 0) {
      ExecScript(sql, m.sql, m.name);
      if (DataStep step = DataStepFor(m.version)) step(sql);
      std::string name = m.name;
      sql << kRecord, soci::use(version), soci::use(name);
      report.applied.push_back(name);
    }
    tr.commit();
  }
  sql << kCurrent, soci::into(report.current_version);
  return report;
}

SchemaState ReadSchemaState(soci::session& sql) {
  SchemaState state;
  for (const Migration& m : AllMigrations()) state.needed = std::max(state.needed, m.version);
  int exists = 0;
  sql << kSchemaTableExists, soci::into(exists);
  std::set<int> recorded;
  if (exists) {
    soci::rowset<int> rows = (sql.prepare << kRecordedVersions);
    for (int v : rows) recorded.insert(v);
  }
  if (!recorded.empty()) state.version = *recorded.rbegin();
  for (const Migration& m : AllMigrations()) state.missing += recorded.count(m.version) ? 0 : 1;
  return state;
}

}  // namespace granska::store
