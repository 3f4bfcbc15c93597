#include "store/pg_database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <stdexcept>

#include "store/pg_unit_of_work.hpp"

namespace granska::store {

PgDatabase::PgDatabase(const std::string& connection, std::size_t pool_size)
    : connection_(connection), pool_(std::make_unique<soci::connection_pool>(pool_size)) {
  for (std::size_t i = 0; i < pool_size; ++i) {
    try {
      pool_->at(i).open(*soci::factory_postgresql(), connection);
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("cannot connect to PostgreSQL: ") + e.what());
    }
  }
}

PgDatabase::~PgDatabase() = default;

std::unique_ptr<workflow::UnitOfWork> PgDatabase::Begin() { return std::make_unique<PgUnitOfWork>(*pool_); }

std::unique_ptr<workflow::UnitOfWork> PgDatabase::Read() { return std::make_unique<PgUnitOfWork>(*pool_, false); }

bool PgDatabase::Ping() {
  try {
    soci::session sql(*pool_);
    int one = 0;
    sql << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

PgUnitOfWork::PgUnitOfWork(soci::connection_pool& pool, bool transactional)
    : sql_(pool), cases_(sql_), events_(sql_), incidents_(sql_), premises_(sql_), users_(sql_), rule_sets_(sql_), reviews_(sql_), follow_up_(sql_), audits_(sql_), letters_(sql_) {
  if (!transactional) {
    // No BEGIN to find out: a connection that an earlier statement found broken is
    // reopened here.
    auto* backend = static_cast<soci::postgresql_session_backend*>(sql_.get_backend());
    if (PQstatus(backend->conn_) != CONNECTION_OK) sql_.reconnect();
    return;
  }
  // A connection broken by a database restart is reopened once before giving up.
  try {
    tr_.emplace(sql_);
  } catch (const soci::soci_error&) {
    sql_.reconnect();
    tr_.emplace(sql_);
  }
}

PgUnitOfWork::~PgUnitOfWork() {
  // soci::transaction rolls back in its destructor when not committed.
  try {
    tr_.reset();
  } catch (...) {
  }
}

void PgUnitOfWork::Commit() {
  if (!tr_) throw std::logic_error("Commit() on a read-only unit of work (Database::Read)");
  tr_->commit();
}

}  // namespace granska::store
