// bench_rules [--count N] [--seed S] [--jsonl FILE] [--jsonl-count N] [--rules DIR]
//
// Evaluates the default rule set over N synthetic applications (default 1 000 000) on
// one thread, with the engine's fast path (all verdicts), its recommendation-only path,
// the full screening with rendered explanations (on a subset), and the same rules
// hand-written in C++. Checks that engine and hand-written code agree on every verdict of
// every application, counts heap allocations in the fast path, and writes a subset as
// JSON lines (with the expected outcome) for bench.js.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "hand_written_rules.hpp"
#include "rules/rule_set.hpp"
#include "synthetic_applications.hpp"

// Counts every heap allocation, to show that evaluation does not allocate.
static std::atomic<std::uint64_t> g_allocations{0};
void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace granska;
using Clock = std::chrono::steady_clock;

struct Timing {
  double seconds = 0;
  std::uint64_t checksum = 0;
};

// Best of `runs` passes over the applications (the machine is shared; the best pass is the
// least disturbed one).
template <typename F>
Timing Measure(int runs, F pass) {
  Timing best;
  best.seconds = 1e99;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    const std::uint64_t sum = pass();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if (s < best.seconds) best = Timing{s, sum};
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t count = 1'000'000;
  std::uint64_t seed = 20260301;
  std::size_t jsonl_count = 100'000;
  std::string jsonl;
  std::string rules_dir = std::string(GRANSKA_SOURCE_DIR) + "/rules";
  int runs = 3;
  std::string profile;  // "engine" or "hand": only time that one, many passes (for perf)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--count") count = std::stoull(argv[i + 1]);
    else if (a == "--seed") seed = std::stoull(argv[i + 1]);
    else if (a == "--jsonl") jsonl = argv[i + 1];
    else if (a == "--jsonl-count") jsonl_count = std::stoull(argv[i + 1]);
    else if (a == "--rules") rules_dir = argv[i + 1];
    else if (a == "--runs") runs = std::stoi(argv[i + 1]);
    else if (a == "--profile") profile = argv[i + 1];
    else {
      std::cerr << "unknown option " << a << '\n';
      return 2;
    }
  }

  auto loaded = rules::RuleSet::LoadDirectory(rules_dir);
  if (!loaded) {
    for (const auto& p : loaded.problems) std::cerr << p << '\n';
    return 1;
  }
  const rules::RuleSet& rs = *loaded.rule_set;
  if (rs.RuleCount() != static_cast<std::size_t>(bench::kRuleCount)) {
    std::cerr << "expected the 23 default rules, got " << rs.RuleCount() << '\n';
    return 1;
  }

  const auto g0 = Clock::now();
  const auto apps = bench::SyntheticApplications(count, seed);
  std::size_t incidents = 0;
  for (const auto& a : apps) incidents += a.incidents.size();
  std::printf("rules: %zu rules, version %s\n", rs.RuleCount(), rs.Version().c_str());
  std::printf("data: %zu applications (seed %llu), %zu incidents, generated in %.2f s\n", apps.size(),
              static_cast<unsigned long long>(seed), incidents,
              std::chrono::duration<double>(Clock::now() - g0).count());

  if (!profile.empty()) {
    std::vector<rules::Verdict> v(rs.RuleCount());
    std::uint64_t sum = 0;
    const auto t0 = Clock::now();
    for (int r = 0; r < runs; ++r)
      for (const auto& a : apps)
        sum += static_cast<std::uint64_t>(profile == "hand" ? bench::HandWrittenVerdicts(a, v.data())
                                                            : rs.EvaluateVerdicts(a, v));
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    std::printf("%s: %.0f evals/s (checksum %llu)\n", profile.c_str(), runs * static_cast<double>(apps.size()) / s,
                static_cast<unsigned long long>(sum));
    return 0;
  }

  // Agreement: engine verdicts vs hand-written verdicts on every application.
  std::vector<rules::Verdict> ev(rs.RuleCount()), hv(rs.RuleCount());
  std::vector<std::uint8_t> recommendation(apps.size());
  std::size_t disagreements = 0;
  std::size_t by_rec[4] = {0, 0, 0, 0};
  std::vector<std::size_t> triggered(rs.RuleCount());
  for (std::size_t i = 0; i < apps.size(); ++i) {
    const auto er = rs.EvaluateVerdicts(apps[i], ev);
    const auto hr = bench::HandWrittenVerdicts(apps[i], hv.data());
    const auto rr = rs.Recommend(apps[i]);
    recommendation[i] = static_cast<std::uint8_t>(er);
    ++by_rec[static_cast<int>(er)];
    for (std::size_t k = 0; k < ev.size(); ++k)
      if (ev[k] != rules::Verdict::kPass && ev[k] != rules::Verdict::kNotApplicable) ++triggered[k];
    if (er != hr || rr != er || ev != hv) {
      if (disagreements < 5) {
        std::fprintf(stderr, "disagreement on application %zu:", i);
        for (std::size_t k = 0; k < ev.size(); ++k)
          if (ev[k] != hv[k])
            std::fprintf(stderr, " %s engine=%d hand=%d", rs.Rules()[k].id.c_str(), static_cast<int>(ev[k]),
                         static_cast<int>(hv[k]));
        std::fprintf(stderr, " rec engine=%d hand=%d recommend=%d\n", static_cast<int>(er), static_cast<int>(hr),
                     static_cast<int>(rr));
      }
      ++disagreements;
    }
  }
  std::printf("recommendations: cleared %zu, needs_info %zu, ineligible %zu, flag %zu\n", by_rec[0], by_rec[1],
              by_rec[2], by_rec[3]);
  std::printf("triggered per rule:");
  for (std::size_t k = 0; k < triggered.size(); ++k) std::printf(" %s=%zu", rs.Rules()[k].id.c_str(), triggered[k]);
  std::printf("\nagreement engine vs hand-written C++: %s (%zu of %zu applications differ)\n",
              disagreements == 0 ? "all verdicts agree" : "DISAGREE", disagreements, apps.size());

  // Timings, single thread.
  const std::uint64_t alloc_before = g_allocations.load();
  const auto engine = Measure(runs, [&] {
    std::uint64_t sum = 0;
    for (const auto& a : apps) sum += static_cast<std::uint64_t>(rs.EvaluateVerdicts(a, ev));
    return sum;
  });
  const std::uint64_t engine_allocs = g_allocations.load() - alloc_before;
  const auto recommend = Measure(runs, [&] {
    std::uint64_t sum = 0;
    for (const auto& a : apps) sum += static_cast<std::uint64_t>(rs.Recommend(a));
    return sum;
  });
  const auto hand = Measure(runs, [&] {
    std::uint64_t sum = 0;
    for (const auto& a : apps) sum += static_cast<std::uint64_t>(bench::HandWrittenVerdicts(a, hv.data()));
    return sum;
  });
  const std::size_t full_n = std::min<std::size_t>(apps.size(), 100'000);
  const auto full = Measure(1, [&] {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < full_n; ++i) sum += rs.Evaluate(apps[i]).results.size();
    return sum;
  });

  const double n = static_cast<double>(apps.size());
  const double engine_rate = n / engine.seconds;
  const double hand_rate = n / hand.seconds;
  std::printf("\nsingle thread, best of %d passes over %zu applications:\n", runs, apps.size());
  std::printf("  engine, all 23 verdicts (EvaluateVerdicts): %12.0f evals/s  (%.0f ns/eval)\n", engine_rate,
              1e9 / engine_rate);
  std::printf("  engine, recommendation only (Recommend):    %12.0f evals/s  (%.0f ns/eval)\n",
              n / recommend.seconds, 1e9 * recommend.seconds / n);
  std::printf("  hand-written C++, all 23 verdicts:          %12.0f evals/s  (%.0f ns/eval)\n", hand_rate,
              1e9 / hand_rate);
  std::printf("  engine, full screening with explanations:   %12.0f evals/s  (on %zu applications)\n",
              static_cast<double>(full_n) / full.seconds, full_n);
  std::printf("  engine / hand-written C++: %.2f\n", engine_rate / hand_rate);
  std::printf("  heap allocations in %d x %zu fast-path evaluations: %llu\n", runs, apps.size(),
              static_cast<unsigned long long>(engine_allocs));
  std::printf("RESULT cpp_engine_evals_per_s=%.0f cpp_recommend_evals_per_s=%.0f cpp_hand_evals_per_s=%.0f "
              "cpp_full_evals_per_s=%.0f agree=%d allocations=%llu\n",
              engine_rate, n / recommend.seconds, hand_rate, static_cast<double>(full_n) / full.seconds,
              disagreements == 0 ? 1 : 0, static_cast<unsigned long long>(engine_allocs));
  if (engine.checksum != hand.checksum) std::fprintf(stderr, "checksums differ\n");

  if (!jsonl.empty()) {
    std::ofstream out(jsonl);
    const std::size_t m = std::min(jsonl_count, apps.size());
    std::vector<const char*> trig;
    for (std::size_t i = 0; i < m; ++i) {
      const auto rec = rs.EvaluateVerdicts(apps[i], ev);
      trig.clear();
      for (std::size_t k = 0; k < ev.size(); ++k)
        if (ev[k] != rules::Verdict::kPass && ev[k] != rules::Verdict::kNotApplicable)
          trig.push_back(rs.Rules()[k].id.c_str());
      bench::WriteJsonLine(out, apps[i], std::string(domain::ToString(rec)).c_str(), trig);
    }
    std::printf("wrote %zu applications as JSON lines to %s\n", m, jsonl.c_str());
  }
  return disagreements == 0 ? 0 : 1;
}
