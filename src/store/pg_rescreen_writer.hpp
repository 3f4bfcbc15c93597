#pragma once
// The re-screening's write side, on its own connection: the run row, the facts snapshots
// of older applications, and per batch one transaction with the changed cases (new
// screening, recommendation, event; staged through COPY into a temporary table and
// applied with one statement) and the compact results (COPY). Holding a writer holds a
// session advisory lock: one re-screening at a time across every server process.
#include <soci/soci.h>

#include <memory>

#include "store/libpq_support.hpp"
#include "workflow/rescreen_ports.hpp"

namespace granska::store {

class PgRescreenWriter final : public workflow::RescreenWriter {
 public:
  // nullptr when another process or thread holds the re-screening lock.
  static std::unique_ptr<PgRescreenWriter> Open(soci::connection_pool& pool);
  ~PgRescreenWriter() override;

  std::vector<workflow::MissingSnapshot> MissingSnapshots(std::int64_t after, std::size_t limit) override;
  void StoreSnapshots(const std::vector<std::pair<workflow::MissingSnapshot, std::string>>& facts) override;
  std::int64_t BeginRun(const domain::Actor& actor, const std::string& rule_set_version,
                        const std::string& rule_ids) override;
  void Write(std::int64_t run_id, const domain::Actor& actor, workflow::RescreenResultBatch& batch) override;
  void FinishRun(std::int64_t run_id, const workflow::RescreenCounts& counts, const std::string& previous_rule_sets,
                 const std::string& error) override;

 private:
  explicit PgRescreenWriter(soci::connection_pool& pool);
  void Rollback();

  soci::session sql_;
  PGconn* conn_;
  bool locked_ = false;
  bool in_transaction_ = false;
  std::string rule_set_version_;
};

}  // namespace granska::store
