#pragma once
// What a re-screening needs from storage (store/pg_rescreen_store.cpp implements it):
// one consistent snapshot to stream the cases from and read the registers in, and a
// writer on another connection for the run, its compact results and the changed cases.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.hpp"
#include "domain/screening.hpp"
#include "domain/user.hpp"
#include "domain/vocabulary.hpp"
#include "workflow/ports.hpp"
#include "workflow/register_index.hpp"
#include "workflow/screener.hpp"

namespace granska::workflow {

// How a case's recommendation moved.
// kOutcomesChanged: the recommendation and the democracy flag stayed, but other rules give
// other outcomes (another item missing, another ground of ineligibility, a note).
enum class RescreenChange { kNone, kNewlyFlagged, kNoLongerFlagged, kChanged, kOutcomesChanged, kSkipped };
inline constexpr domain::NameTable<RescreenChange, 6> kRescreenChanges{
    {{RescreenChange::kNone, "none"},
     {RescreenChange::kNewlyFlagged, "newly_flagged"},
     {RescreenChange::kNoLongerFlagged, "no_longer_flagged"},
     {RescreenChange::kChanged, "changed"},
     {RescreenChange::kOutcomesChanged, "outcomes_changed"},
     {RescreenChange::kSkipped, "skipped"}}};
GRANSKA_VOCABULARY(RescreenChange, kRescreenChanges)

// One case to re-screen, as streamed; the views point into the batch that holds it.
struct RescreenCaseRow {
  std::int64_t case_id = 0;
  std::int64_t version = 0;
  std::string_view case_number;
  domain::Date submitted_on;
  std::int32_t revision = 0;                  // the latest application revision
  std::optional<std::string_view> facts;      // its snapshot; nullopt when not written yet
  std::optional<domain::Recommendation> previous;  // the case's recommendation now
  std::string_view previous_rule_set;         // of its latest screening; empty when none
  bool previous_democracy_flag = false;       // whether a democracy rule flagged in that screening
  std::string_view previous_outcomes;         // its domain::OutcomeSignature; empty when none
  bool follow_up = false;                     // decided and under follow-up (else open)
};

class RescreenCaseBatch {
 public:
  virtual ~RescreenCaseBatch() = default;
  virtual std::size_t Size() const = 0;
  virtual RescreenCaseRow Row(std::size_t i) const = 0;
};

// A read-only snapshot of the database (one REPEATABLE READ transaction): everything read
// through it is as of the same moment. Used by one thread at a time.
class RescreenSnapshot {
 public:
  virtual ~RescreenSnapshot() = default;
  // The cases a re-screening covers: open (needs_info, in_review, referred, advised,
  // communicated) and granted support under follow-up (decided with an approval, with or
  // without conditions, until the job closes it: store/follow_up_sql.hpp).
  virtual std::int64_t CountCases() = 0;
  virtual void LoadRegisters(RegisterIndex& index) = 0;
  // The next at most `max_rows` of those cases in id order; an empty batch at the end.
  virtual std::unique_ptr<RescreenCaseBatch> Next(std::size_t max_rows) = 0;
};

struct RescreenResultRow {
  std::int64_t case_id = 0;
  std::int32_t revision = 0;
  domain::Recommendation recommendation = domain::Recommendation::kCleared;
  std::optional<domain::Recommendation> previous;
  RescreenChange change = RescreenChange::kNone;
};

// A case whose screening changed: its full screening, written as a new screening
// with an event, if the case is still at the version that was read.
struct RescreenChangedCase {
  std::int64_t case_id = 0;
  std::int64_t version = 0;
  std::int32_t revision = 0;
  std::string case_number;
  std::optional<domain::Recommendation> previous;
  RescreenChange change = RescreenChange::kChanged;
  ScreeningOutcome outcome;
};

struct RescreenResultBatch {
  std::vector<RescreenResultRow> rows;
  std::string verdicts;  // rows.size() * rule count characters, row i at i * rule count
  std::vector<RescreenChangedCase> changed;
  std::int64_t unreadable = 0;  // cases without a readable facts snapshot (not screened)
  std::int64_t follow_up = 0;   // of rows, cases under follow-up (the others are open)
  std::vector<std::pair<std::string, std::int64_t>> previous_rule_sets;  // version -> cases
  std::int64_t sequence = 0;    // the case batch it came from
};

struct RescreenCounts {
  std::int64_t screened = 0;
  std::int64_t open = 0;
  std::int64_t follow_up = 0;
  std::int64_t unchanged = 0;
  std::int64_t newly_flagged = 0;
  std::int64_t no_longer_flagged = 0;
  std::int64_t other_changes = 0;
  std::int64_t outcomes_changed = 0;  // same recommendation and flag, other rules' outcomes
  std::int64_t skipped = 0;     // changed while the run read it: left for the next run
  std::int64_t unreadable = 0;  // no facts snapshot and the stored application did not parse
};

struct RescreenRun {
  std::int64_t id = 0;
  std::string status;  // running | finished | failed
  std::string started_at;
  std::optional<std::string> finished_at;
  std::string rule_set_version;
  std::string rule_ids;             // the rules in verdict order, comma-separated
  std::string previous_rule_sets;   // JSON {"<version>": cases, …}; "" for cases never screened
  std::optional<std::int64_t> started_by;
  std::string started_by_name;
  RescreenCounts counts;
  double seconds = 0;
  std::string error;
};

struct RescreenChangeView {
  std::int64_t case_id = 0;
  std::string case_number;
  std::string status;  // the case's status now
  std::optional<std::string> previous;
  std::string recommendation;
  std::string change;
  std::string verdicts;
};

// An application written before facts snapshots existed.
struct MissingSnapshot {
  std::int64_t case_id = 0;
  std::int32_t revision = 0;
  std::string raw_json;
};

// The writer's connection. Holding one means holding the re-screening lock: only one run
// at a time, across all server processes.
class RescreenWriter {
 public:
  virtual ~RescreenWriter() = default;
  // Latest revisions of covered cases that have no facts snapshot, by case id after `after`.
  virtual std::vector<MissingSnapshot> MissingSnapshots(std::int64_t after, std::size_t limit) = 0;
  virtual void StoreSnapshots(const std::vector<std::pair<MissingSnapshot, std::string>>& facts) = 0;
  // Records the run as running (committed at once) and returns its id.
  virtual std::int64_t BeginRun(const domain::Actor& actor, const std::string& rule_set_version,
                                const std::string& rule_ids) = 0;
  // One transaction: for every changed case still at the version read, a new screening
  // (reason 'rescreen'), its recommendation on the case and a 'rescreened' event; the
  // others become kSkipped. Then the batch's compact results.
  virtual void Write(std::int64_t run_id, const domain::Actor& actor, RescreenResultBatch& batch) = 0;
  virtual void FinishRun(std::int64_t run_id, const RescreenCounts& counts, const std::string& previous_rule_sets,
                         const std::string& error) = 0;
};

class RescreenStore {
 public:
  virtual ~RescreenStore() = default;
  // nullptr when another re-screening is running.
  virtual std::unique_ptr<RescreenWriter> OpenWriter() = 0;
  virtual std::unique_ptr<RescreenSnapshot> OpenSnapshot() = 0;
  virtual std::optional<RescreenRun> FindRun(std::int64_t id) = 0;
  virtual Page<RescreenRun> ListRuns(int limit, std::optional<std::int64_t> before) = 0;
  // The cases of a run whose screening changed (or that were skipped), by case id.
  virtual Page<RescreenChangeView> ListChanges(std::int64_t run_id, int limit, std::optional<std::int64_t> after) = 0;
};

}  // namespace granska::workflow
