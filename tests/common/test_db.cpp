#include "common/test_db.hpp"

#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
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

// The first database of a test process is migrated from empty (the path `granska migrate`
// takes on a new installation) into a template; every TestDatabase is then a copy of it,
// which is several times quicker than migrating each one. Dropped when the process ends.
class MigratedTemplate {
 public:
  MigratedTemplate(const std::string& admin, const std::string& base)
      : admin_(admin), name_("granska_test_" + std::to_string(::getpid()) + "_template") {
    {
      soci::session sql("postgresql", admin_);
      sql << "CREATE DATABASE " + name_;
    }
    soci::session sql("postgresql", base + " dbname=" + name_);
    store::Migrate(sql);
  }  // no session stays open on the template: PostgreSQL copies only an unused database
  ~MigratedTemplate() {
    try {
      soci::session sql("postgresql", admin_);
      sql << "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)";
    } catch (...) {
    }
  }
  const std::string& Name() const { return name_; }

 private:
  std::string admin_;
  std::string name_;
};

TestDatabase::TestDatabase() {
  const char* admin = std::getenv("GRANSKA_TEST_DB");
  if (!admin || !*admin)
    throw std::runtime_error(
        "GRANSKA_TEST_DB is not set: run the suite with scripts/test.sh, which provisions PostgreSQL");
  admin_ = admin;
  name_ = "granska_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  // Replace (or add) dbname in the admin connection string.
  const std::string base = WithoutParameter(admin_, "dbname");
  static std::mutex mutex;
  static std::unique_ptr<MigratedTemplate> migrated;
  {
    std::lock_guard lock(mutex);  // one copy at a time: the template must have no other user
    if (!migrated) migrated = std::make_unique<MigratedTemplate>(admin_, base);
    soci::session sql("postgresql", admin_);
    sql << "CREATE DATABASE " + name_ + " TEMPLATE " + migrated->Name();
  }
  connection_ = base + " dbname=" + name_;
  app_connection_ = WithoutParameter(base, "user") + " user=granska_app dbname=" + name_;
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

std::string TestDatabase::Text(const std::string& query) const {
  soci::session sql("postgresql", connection_);
  std::string text;
  soci::indicator ind = soci::i_ok;
  sql << query, soci::into(text, ind);
  if (!sql.got_data() || ind == soci::i_null) throw std::runtime_error("no text from: " + query);
  return text;
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
