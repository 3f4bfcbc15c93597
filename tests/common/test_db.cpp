#include "common/test_db.hpp"

#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "store/migrations.hpp"

namespace granska::testing {

namespace {
std::atomic<int> counter{0};

// Removes `key=value` from a libpq keyword/value connection string (values without spaces).
std::string WithoutParameter(std::string connection, const std::string& key) {
  for (auto pos = connection.find(key + "="); pos != std::string::npos; pos = connection.find(key + "=")) {
    if (pos > 0 && connection[pos - 1] != ' ') break;
    const auto end = connection.find(' ', pos);
    connection.erase(pos, end == std::string::npos ? std::string::npos : end - pos + 1);
  }
  while (!connection.empty() && connection.back() == ' ') connection.pop_back();
  return connection;
}
}  // namespace

TestDatabase::TestDatabase() {
  const char* admin = std::getenv("GRANSKA_TEST_DB");
  if (!admin || !*admin)
    throw std::runtime_error(
        "GRANSKA_TEST_DB is not set: run the suite with scripts/test.sh, which provisions PostgreSQL");
  admin_ = admin;
  name_ = "granska_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  {
    soci::session sql("postgresql", admin_);
    sql << "CREATE DATABASE " + name_;
  }
  // Replace (or add) dbname in the admin connection string.
  const std::string base = WithoutParameter(admin_, "dbname");
  connection_ = base + " dbname=" + name_;
  app_connection_ = WithoutParameter(base, "user") + " user=granska_app dbname=" + name_;
  soci::session sql("postgresql", connection_);
  store::Migrate(sql);
}

TestDatabase::~TestDatabase() {
  try {
    soci::session sql("postgresql", admin_);
    sql << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
  } catch (...) {
  }
}

void TestDatabase::Exec(const std::string& statement) const {
  soci::session sql("postgresql", connection_);
  sql << statement;
}

long long TestDatabase::Count(const std::string& query) const {
  soci::session sql("postgresql", connection_);
  long long n = 0;
  sql << query, soci::into(n);
  return n;
}

TestDatabase& SharedDatabase() {
  static std::unique_ptr<TestDatabase> db = std::make_unique<TestDatabase>();
  return *db;
}

Run Exec(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) throw std::runtime_error("cannot run: " + cmd);
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace granska::testing
