#pragma once
// The re-screening's read side: one REPEATABLE READ, READ ONLY transaction on its own
// connection, so that the registers and every streamed case are read as of one moment.
// Cases arrive through a server-side cursor, a batch per FETCH, kept as the libpq result
// and read in place.
#include <soci/soci.h>

#include <cstdint>
#include <memory>

#include "store/follow_up_sql.hpp"
#include "store/libpq_support.hpp"
#include "workflow/rescreen_ports.hpp"

namespace granska::store {

// The cases a re-screening covers (alias c for cases): open, or under follow-up (decided with
// an approval, until the job closes it; store/follow_up_sql.hpp).
#define GRANSKA_RESCREEN_COVERED \
  "(c.status IN ('needs_info','in_review','referred','advised','communicated') OR " GRANSKA_UNDER_FOLLOW_UP ")"

class PgRescreenSnapshot final : public workflow::RescreenSnapshot {
 public:
  explicit PgRescreenSnapshot(soci::connection_pool& pool);
  ~PgRescreenSnapshot() override;

  std::int64_t CountCases() override;
  void LoadRegisters(workflow::RegisterIndex& index) override;
  std::unique_ptr<workflow::RescreenCaseBatch> Next(std::size_t max_rows) override;

 private:
  soci::session sql_;
  PGconn* conn_;
  bool cursor_open_ = false;
};

}  // namespace granska::store
