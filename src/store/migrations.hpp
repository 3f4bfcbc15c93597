#pragma once
// Forward-only, numbered schema migrations (db/migrations/NNNN_name.sql), compiled in.
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

}  // namespace granska::store
