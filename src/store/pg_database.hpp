#pragma once
// PostgreSQL through a SOCI connection pool. Each UnitOfWork borrows one connection
// and holds one transaction on it.
#include <memory>
#include <string>

#include "workflow/ports.hpp"

namespace soci {
class connection_pool;
class session;
}  // namespace soci

namespace granska::store {

class PgDatabase final : public workflow::Database {
 public:
  // Opens `pool_size` connections; throws std::runtime_error naming the cause when the
  // database is unreachable (the server refuses to start on that).
  PgDatabase(const std::string& connection, std::size_t pool_size);
  ~PgDatabase() override;

  std::unique_ptr<workflow::UnitOfWork> Begin() override;
  std::unique_ptr<workflow::UnitOfWork> Read() override;
  bool Ping() override;
  // For migrations and tools: a session outside any unit of work.
  soci::connection_pool& Pool() { return *pool_; }

 private:
  std::string connection_;
  std::unique_ptr<soci::connection_pool> pool_;
};

}  // namespace granska::store
