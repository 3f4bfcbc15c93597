#pragma once
// A fresh, migrated PostgreSQL database per test executable, created in the cluster that
// scripts/test.sh provisions (GRANSKA_TEST_DB). A missing database is a failure, never a skip.
#include <string>

namespace granska::testing {

class TestDatabase {
 public:
  TestDatabase();   // creates granska_test_<pid>_<n>, a copy of the process's migrated template
  ~TestDatabase();  // drops it
  // The owner's connection: migrations and direct SQL in tests.
  const std::string& Connection() const { return connection_; }
  // The same database as the server's role granska_app (created and granted by the
  // migrations): what the Runtime in tests connects as.
  const std::string& AppConnection() const { return app_connection_; }
  // Runs SQL directly (for arranging data and for checking what was stored).
  void Exec(const std::string& sql) const;
  long long Count(const std::string& sql) const;  // SELECT count(*) ...
  std::string Text(const std::string& sql) const;  // SELECT one text value (throws when none or null)

 private:
  std::string admin_;
  std::string name_;
  std::string connection_;
  std::string app_connection_;
};

// A shell command's exit code and its stdout and stderr together.
struct Run {
  int code;
  std::string out;
};
Run Exec(const std::string& cmd);

// The process-wide test database, created on first use.
TestDatabase& SharedDatabase();

}  // namespace granska::testing
