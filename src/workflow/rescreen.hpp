#pragma once
// Re-screening (issue 7): every open case and every granted support still under follow-up,
// against the current rule set. Streams the cases from one database snapshot, holds the
// registers in compact in-memory indexes, screens on every core with the engine's fast
// path, stores a compact result per case and, for a case whose screening changed (its
// recommendation, its democracy flag or its rules' outcomes), a full screening and an event.
// It never changes a case's status: a change is for a case officer to assess (the rules engine never takes an adverse decision by itself).
//
//   reader thread --(case batches)--> N workers --(result batches)--> caller's thread (writes)
//
// Both queues are bounded, so memory does not grow with the number of cases.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/bulk_screener.hpp"
#include "workflow/rescreen_ports.hpp"
#include "workflow/rule_screener.hpp"

namespace granska::workflow {

// Parses a stored application (the verbatim JSON) for applications written before facts
// snapshots existed; nullopt when it does not parse. Supplied by app/ (the parser is http's).
using ApplicationDecoder = std::function<std::optional<domain::Application>(const std::string& json)>;

struct RescreenOptions {
  int workers = 0;              // screening threads; 0: one per core
  std::size_t batch_rows = 4000;  // cases per batch (and per write transaction)
  std::size_t queue_batches = 3;  // batches waiting between the stages
  // Progress, called from the calling thread after each written batch.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
  // Every screened case, called from the worker threads (tests compare it with the
  // per-case path). With full_screenings every case's screening is rendered (slow).
  std::function<void(const RescreenCaseOutcome&)> observer;
  bool full_screenings = false;
};

struct RescreenReport {
  RescreenRun run;
  std::map<std::string, std::int64_t> previous_rule_sets;  // version ("" never screened) -> cases
  // The first few changed cases of each kind, for the summary (all are in the results).
  std::vector<RescreenChangeView> examples;
  std::int64_t total = 0;  // cases covered when the run started
  std::size_t incidents = 0, conditions = 0, bookings = 0;
  std::size_t index_bytes = 0;
  double registers_seconds = 0;  // reading the registers into the index
  std::int64_t snapshots_written = 0;  // facts snapshots written for older applications
};

class Rescreen {
 public:
  Rescreen(RescreenStore& store, const RuleScreener& screener, ApplicationDecoder decoder = {});

  // Conflict when another re-screening is running.
  domain::Result<RescreenReport> Run(const domain::Actor& actor, const RescreenOptions& options = {}) const;

  domain::Result<RescreenRun> Get(std::int64_t run_id) const;
  Page<RescreenRun> List(int limit, std::optional<std::int64_t> before) const;
  domain::Result<Page<RescreenChangeView>> Changes(std::int64_t run_id, int limit,
                                                   std::optional<std::int64_t> after) const;

  const RuleScreener& Screener() const { return screener_; }

 private:
  std::int64_t Backfill(RescreenWriter& writer) const;

  RescreenStore& store_;
  const RuleScreener& screener_;
  ApplicationDecoder decoder_;
};

// "Rule set sha256:ab12… (980 cases), never screened (2) -> sha256:cd34…"-style text of a
// version for people: the first 12 hex digits.
std::string ShortVersion(const std::string& version);

}  // namespace granska::workflow
