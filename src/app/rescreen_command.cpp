// `granska rescreen`: every open case and every granted support under follow-up against
// the current rule set (workflow/rescreen.hpp), with a progress bar on a terminal and a
// summary at the end. `granska rescreen changes RUN` lists a run's changed cases.
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "domain/text.hpp"

namespace granska::app {
namespace {

// The process's peak resident size in KiB (VmHWM), 0 when unknown.
long PeakResidentKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

// "[#########-----------]  45%  450000/1000000  24100 cases/s  eta 23 s" on stderr.
class ProgressBar {
 public:
  void Update(std::int64_t done, std::int64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width + 0.5);
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '-');
    std::fprintf(stderr, "\r[%s] %3d%%  %lld/%lld  %.0f cases/s  eta %.0f s   ", bar.c_str(),
                 static_cast<int>(fraction * 100), static_cast<long long>(done), static_cast<long long>(total), rate,
                 rate > 0 ? static_cast<double>(total - done) / rate : 0.0);
    std::fflush(stderr);
    drawn_ = true;
  }
  void End() {
    if (drawn_) std::fputc('\n', stderr);
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

std::string Versions(const std::map<std::string, std::int64_t>& previous) {
  std::ostringstream out;
  bool first = true;
  for (const auto& [version, cases] : previous) {
    out << (first ? "" : ", ") << (version.empty() ? "never screened" : workflow::ShortVersion(version)) << " ("
        << cases << (cases == 1 ? " case)" : " cases)");
    first = false;
  }
  return first ? "no cases" : out.str();
}

constexpr long long kMaxWorkers = 1024;
constexpr long long kMaxBatch = 1000000;

// The value of `--name N` when given: nullopt when absent; -1 (after saying why on stderr)
// when it is not a whole number from 1 to `max`.
std::optional<long long> CountOption(const Args& args, const std::string& name, long long max) {
  bool given = false;
  for (const auto& a : args) given = given || a == name || a.rfind(name + "=", 0) == 0;
  if (!given) return std::nullopt;
  const std::string text = Option(args, name);
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v < 1 || v > max) {
    std::cerr << "granska rescreen: " << name << " must be a whole number from 1 to " << max << ", got '"
              << domain::Printable(text) << "'\n";
    return -1;
  }
  return v;
}

int Changes(Runtime& rt, const std::string& run_text) {
  std::int64_t run_id = 0;
  try {
    run_id = std::stoll(run_text);
  } catch (const std::exception&) {
    std::cerr << "granska rescreen changes: expected a run id, got '" << run_text << "'\n";
    return 2;
  }
  auto run = rt.Rescreen().Get(run_id);
  if (!run) {
    std::cerr << "granska rescreen changes: " << run.Err().detail << "\n";
    return 1;
  }
  std::cout << "case_number\tcase_id\tstatus\tprevious\trecommendation\tchange\n";
  std::optional<std::int64_t> after;
  do {
    auto page = rt.Rescreen().Changes(run_id, 200, after);
    for (const auto& c : page->items)
      std::cout << c.case_number << '\t' << c.case_id << '\t' << c.status << '\t' << c.previous.value_or("-") << '\t'
                << c.recommendation << '\t' << c.change << '\n';
    after = page->next_after;
  } while (after);
  return 0;
}

}  // namespace

int RunRescreen(const Args& args) {
  Config config = LoadConfig(Option(args, "--config"));
  ApplyTimeZone(config.time_zone);
  config.http_threads = 1;
  config.db_pool_size = 3;  // the snapshot, the writer and one for the rest
  if (!args.empty() && args[0] == "changes") {
    if (args.size() < 2) {
      std::cerr << "granska rescreen changes: expected a run id\n";
      return 2;
    }
    Runtime rt(config);
    return Changes(rt, args[1]);
  }
  workflow::RescreenOptions options;
  // A bad count is refused by name before anything runs: "--batch 0" would fetch no rows and
  // record a finished run that screened nothing, and stoul("-1") wrapped round.
  if (auto w = CountOption(args, "--workers", kMaxWorkers)) {
    if (*w < 0) return 2;
    options.workers = static_cast<int>(*w);
  }
  if (auto b = CountOption(args, "--batch", kMaxBatch)) {
    if (*b < 0) return 2;
    options.batch_rows = static_cast<std::size_t>(*b);
  }
  Runtime rt(config);
  ProgressBar bar;
  if (::isatty(STDERR_FILENO)) options.progress = [&](std::int64_t done, std::int64_t total) { bar.Update(done, total); };
  auto result = rt.Rescreen().Run(domain::Actor{0, "granska rescreen", domain::Role::kAdmin}, options);
  bar.End();
  if (!result) {
    std::cerr << "granska rescreen: " << result.Err().detail << "\n";
    return 1;
  }
  const auto& report = *result;
  const auto& run = report.run;
  const auto& c = run.counts;
  const double rate = run.seconds > 0 ? static_cast<double>(c.screened) / run.seconds : 0;
  std::printf("re-screening run %lld: %lld cases (%lld open, %lld under follow-up) in %.1f s, %.0f cases/s\n",
              static_cast<long long>(run.id), static_cast<long long>(c.screened), static_cast<long long>(c.open),
              static_cast<long long>(c.follow_up), run.seconds, rate);
  std::cout << "rule set: " << Versions(report.previous_rule_sets) << " -> " << workflow::ShortVersion(run.rule_set_version)
            << "\n";
  std::printf("  unchanged                          %10lld\n", static_cast<long long>(c.unchanged));
  std::printf("  newly flagged                      %10lld\n", static_cast<long long>(c.newly_flagged));
  std::printf("  no longer flagged                  %10lld\n", static_cast<long long>(c.no_longer_flagged));
  std::printf("  other recommendation changes       %10lld\n", static_cast<long long>(c.other_changes));
  std::printf("  other rules' outcomes changed      %10lld\n", static_cast<long long>(c.outcomes_changed));
  std::printf("  skipped (changed during the run)   %10lld\n", static_cast<long long>(c.skipped));
  if (c.unreadable) std::printf("  unreadable stored applications     %10lld\n", static_cast<long long>(c.unreadable));
  std::fflush(stdout);
  for (const auto& e : report.examples)
    std::cout << "  " << e.case_number << "  " << e.previous.value_or("unscreened") << " -> " << e.recommendation << "  ("
              << e.change << ")\n";
  const std::int64_t changed = c.newly_flagged + c.no_longer_flagged + c.other_changes + c.outcomes_changed;
  if (changed > static_cast<std::int64_t>(report.examples.size()))
    std::cout << "  … all " << changed << " with `granska rescreen changes " << run.id << "`\n";
  std::cout << "Each changed case has a new screening (reason 'rescreen') and a 'rescreened' event.\n"
               "No case status was changed: the changes are for case officers to assess; the rules engine never "
               "takes an adverse decision by itself.\n";
  if (report.snapshots_written)
    std::cout << "facts snapshots written for " << report.snapshots_written << " older applications\n";
  std::printf("registers: %zu incidents, %zu conditions, %zu bookings (index %.1f MiB, read in %.1f s); peak memory %.1f MiB\n",
              report.incidents, report.conditions, report.bookings, static_cast<double>(report.index_bytes) / 1048576.0,
              report.registers_seconds, static_cast<double>(PeakResidentKib()) / 1024.0);
  return 0;
}

}  // namespace granska::app
