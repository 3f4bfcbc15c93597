#pragma once
// Forward-only, numbered schema migrations (db/migrations/NNNN_name.sql), compiled in.
#include <optional>
#include <string>
#include <vector>

namespace soci {
class session;
}

namespace granska::store {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& AllMigrations();

struct MigrationReport {
  std::vector<std::string> applied;  // names applied by this run
  int current_version = 0;
};

// Applies every migration not yet recorded in schema_migrations, each in its own
// transaction, serialised across processes by an advisory lock. Idempotent.
MigrationReport Migrate(soci::session& sql);

// Where the database's schema stands against this build's migrations: `version` is the
// highest recorded migration (nullopt when none is, or schema_migrations does not exist),
// `needed` the highest built-in one, `missing` how many built-in ones are not recorded.
struct SchemaState {
  std::optional<int> version;
  int needed = 0;
  int missing = 0;
  bool UpToDate() const { return missing == 0; }
};
// Reads it without changing anything (the server's role may only read schema_migrations).
SchemaState ReadSchemaState(soci::session& sql);

}  // namespace granska::store
