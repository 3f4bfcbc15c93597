#pragma once
// PostgreSQL behind workflow::RescreenStore: opens the snapshot and the writer on
// connections of the pool, and answers the queries about runs and their changes.
#include <soci/soci.h>

#include "workflow/rescreen_ports.hpp"

namespace granska::store {

class PgRescreenStore final : public workflow::RescreenStore {
 public:
  explicit PgRescreenStore(soci::connection_pool& pool) : pool_(pool) {}

  std::unique_ptr<workflow::RescreenWriter> OpenWriter() override;
  std::unique_ptr<workflow::RescreenSnapshot> OpenSnapshot() override;
  std::optional<workflow::RescreenRun> FindRun(std::int64_t id) override;
  workflow::Page<workflow::RescreenRun> ListRuns(int limit, std::optional<std::int64_t> before) override;
  workflow::Page<workflow::RescreenChangeView> ListChanges(std::int64_t run_id, int limit,
                                                            std::optional<std::int64_t> after) override;

 private:
  soci::connection_pool& pool_;
};

}  // namespace granska::store
