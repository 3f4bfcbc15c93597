#include "workflow/rescreen.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "domain/json_text.hpp"
#include "workflow/bounded_queue.hpp"
#include "workflow/facts_snapshot.hpp"

namespace granska::workflow {
namespace {

constexpr std::size_t kBackfillBatch = 500;
constexpr std::size_t kExamplesPerKind = 10;

std::string PreviousRuleSetsJson(const std::map<std::string, std::int64_t>& previous) {
  domain::JsonWriter w;
  w.BeginObject();
  for (const auto& [version, cases] : previous) w.Field(version, cases);
  w.EndObject();
  return w.Take();
}

void CountPrevious(std::vector<std::pair<std::string, std::int64_t>>& counts, std::string_view version) {
  for (auto& [v, n] : counts)
    if (v == version) {
      ++n;
      return;
    }
  counts.emplace_back(std::string(version), 1);
}

// The first error of any thread; it stops the others.
class Failure {
 public:
  void Set(std::exception_ptr e) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = e;
  }
  void RethrowIfSet() {
    std::lock_guard lock(mutex_);
    if (error_) std::rethrow_exception(error_);
  }

 private:
  std::mutex mutex_;
  std::exception_ptr error_;
};

}  // namespace

std::string ShortVersion(const std::string& version) {
  const auto colon = version.find(':');
  if (colon == std::string::npos) return version.substr(0, 12);
  return version.substr(0, colon + 1 + 12);
}

Rescreen::Rescreen(RescreenStore& store, const RuleScreener& screener, ApplicationDecoder decoder)
    : store_(store), screener_(screener), decoder_(std::move(decoder)) {}

std::int64_t Rescreen::Backfill(RescreenWriter& writer) const {
  if (!decoder_) return 0;
  std::int64_t after = 0, written = 0;
  for (;;) {
    auto missing = writer.MissingSnapshots(after, kBackfillBatch);
    if (missing.empty()) break;
    std::vector<std::pair<MissingSnapshot, std::string>> snapshots;
    for (auto& m : missing) {
      after = m.case_id;
      if (auto app = decoder_(m.raw_json)) {
        std::string facts = EncodeFactsSnapshot(*app);
        m.raw_json.clear();
        snapshots.emplace_back(std::move(m), std::move(facts));
      }
    }
    if (!snapshots.empty()) writer.StoreSnapshots(snapshots);
    written += static_cast<std::int64_t>(snapshots.size());
  }
  return written;
}

domain::Result<RescreenReport> Rescreen::Run(const domain::Actor& actor, const RescreenOptions& options) const {
  const auto started = std::chrono::steady_clock::now();
  auto writer = store_.OpenWriter();
  if (!writer)
    return domain::Error::Conflict(
        "Another re-screening is running; wait for it to finish (its progress is in GET /api/v1/admin/rescreen).");
  RescreenReport report;
  report.snapshots_written = Backfill(*writer);

  const auto& rules = screener_.Rules();
  std::string rule_ids;
  for (const auto& r : rules.Rules()) rule_ids += (rule_ids.empty() ? "" : ",") + r.id;
  const std::int64_t run_id = writer->BeginRun(actor, rules.Version(), rule_ids);

  RescreenCounts counts;
  std::map<std::string, std::int64_t> previous;
  std::map<RescreenChange, std::size_t> examples_per_kind;
  try {
    auto snapshot = store_.OpenSnapshot();
    report.total = snapshot->CountCases();
    RegisterIndex index;
    const auto registers_start = std::chrono::steady_clock::now();
    snapshot->LoadRegisters(index);
    index.Finish();
    report.registers_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - registers_start).count();
    report.incidents = index.IncidentCount();
    report.conditions = index.ConditionCount();
    report.bookings = index.BookingCount();
    report.index_bytes = index.MemoryBytes();

    const std::size_t queue = std::max<std::size_t>(1, options.queue_batches);
    BoundedQueue<std::unique_ptr<RescreenCaseBatch>> cases(queue);
    BoundedQueue<RescreenResultBatch> results(queue);
    Failure failure;
    auto fail = [&](std::exception_ptr e) {
      failure.Set(e);
      cases.Abort();
      results.Abort();
    };

    std::thread reader([&] {
      try {
        for (;;) {
          auto batch = snapshot->Next(options.batch_rows);
          if (batch->Size() == 0) break;
          if (!cases.Push(std::move(batch))) return;
        }
        cases.Close();
      } catch (...) {
        fail(std::current_exception());
      }
    });

    const int worker_count =
        options.workers > 0 ? options.workers : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    std::atomic<int> running{worker_count};
    std::vector<std::thread> workers;
    const std::size_t rule_count = rules.RuleCount();
    for (int w = 0; w < worker_count; ++w) {
      workers.emplace_back([&] {
        try {
          BulkScreener screener(screener_, index);
          RescreenCaseOutcome outcome;
          RescreenCaseOutcome* watch = options.observer ? &outcome : nullptr;
          while (auto batch = cases.Pop()) {
            RescreenResultBatch out;
            const std::size_t n = (*batch)->Size();
            out.rows.reserve(n);
            out.verdicts.reserve(n * rule_count);
            for (std::size_t i = 0; i < n; ++i) {
              const RescreenCaseRow row = (*batch)->Row(i);
              if (!screener.Screen(row, out, options.full_screenings, watch)) continue;
              CountPrevious(out.previous_rule_sets, row.previous_rule_set);
              if (watch) options.observer(outcome);
            }
            batch->reset();  // the rows' memory goes back before the results queue up
            if (!results.Push(std::move(out))) return;
          }
        } catch (...) {
          fail(std::current_exception());
          return;
        }
        if (--running == 0) results.Close();
      });
    }

    // This thread writes: each batch in its own transaction, in the order they finish.
    std::int64_t done = 0;
    try {
      while (auto batch = results.Pop()) {
        writer->Write(run_id, actor, *batch);
        const auto screened = static_cast<std::int64_t>(batch->rows.size());
        counts.screened += screened;
        counts.follow_up += batch->follow_up;
        counts.open += screened - batch->follow_up;
        counts.unreadable += batch->unreadable;
        for (const auto& row : batch->rows) {
          switch (row.change) {
            case RescreenChange::kNone: ++counts.unchanged; break;
            case RescreenChange::kNewlyFlagged: ++counts.newly_flagged; break;
            case RescreenChange::kNoLongerFlagged: ++counts.no_longer_flagged; break;
            case RescreenChange::kChanged: ++counts.other_changes; break;
            case RescreenChange::kOutcomesChanged: ++counts.outcomes_changed; break;
            case RescreenChange::kSkipped: ++counts.skipped; break;
          }
        }
        for (const auto& [version, n] : batch->previous_rule_sets) previous[version] += n;
        for (const auto& c : batch->changed) {
          if (examples_per_kind[c.change]++ >= kExamplesPerKind) continue;
          RescreenChangeView v;
          v.case_id = c.case_id;
          v.case_number = c.case_number;
          if (c.previous) v.previous = std::string(domain::ToString(*c.previous));
          v.recommendation = c.outcome.recommendation;
          v.change = std::string(ToString(c.change));
          report.examples.push_back(std::move(v));
        }
        done += screened + batch->unreadable;
        if (options.progress) options.progress(done, report.total);
      }
    } catch (...) {
      fail(std::current_exception());
    }
    reader.join();
    for (auto& t : workers) t.join();
    failure.RethrowIfSet();
  } catch (const std::exception& e) {
    try {
      writer->FinishRun(run_id, counts, PreviousRuleSetsJson(previous), e.what());
    } catch (...) {
    }
    throw;
  }
  writer->FinishRun(run_id, counts, PreviousRuleSetsJson(previous), "");
  writer.reset();  // releases the lock

  auto run = store_.FindRun(run_id);
  if (!run) throw std::runtime_error("re-screening run " + std::to_string(run_id) + " vanished");
  report.run = std::move(*run);
  report.run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  report.previous_rule_sets = std::move(previous);
  return report;
}

domain::Result<RescreenRun> Rescreen::Get(std::int64_t run_id) const {
  auto run = store_.FindRun(run_id);
  if (!run) return domain::Error::NotFound("There is no re-screening run " + std::to_string(run_id) + ".");
  return *run;
}

Page<RescreenRun> Rescreen::List(int limit, std::optional<std::int64_t> before) const {
  return store_.ListRuns(limit, before);
}

domain::Result<Page<RescreenChangeView>> Rescreen::Changes(std::int64_t run_id, int limit,
                                                           std::optional<std::int64_t> after) const {
  if (!store_.FindRun(run_id))
    return domain::Error::NotFound("There is no re-screening run " + std::to_string(run_id) + ".");
  return store_.ListChanges(run_id, limit, after);
}

}  // namespace granska::workflow
