#pragma once
// Prometheus text-format metrics: request counts and a latency histogram by route and
// status. Per process; Prometheus scrapes each server process.
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

namespace granska::http {

// A label value in the Prometheus text format: backslash, double quote and newline escaped.
std::string EscapeLabelValue(const std::string& value);

class Metrics {
 public:
  void Observe(const std::string& method, const std::string& route, int status, double seconds);
  std::string Render() const;
  // A request carried X-Forwarded-For from a peer that is not in http.trusted_proxies (so the
  // header was ignored). Counted; true only the first time in this process, to log it once.
  bool NoteUntrustedForwardedFor();

  static constexpr std::array<double, 12> kBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                   0.1,   0.25,   0.5,   1.0,  2.5,   5.0};

 private:
  struct Series {
    unsigned long long count = 0;
    double sum = 0;
    std::array<unsigned long long, kBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::string, Series> series_;  // key: method \t route \t status
  std::atomic<unsigned long long> untrusted_forwarded_for_{0};
};

}  // namespace granska::http
