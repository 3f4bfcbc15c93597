#include "http/metrics.hpp"

#include <sstream>

namespace granska::http {

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out;
}

void Metrics::Observe(const std::string& method, const std::string& route, int status, double seconds) {
  const std::string key = method + "\t" + route + "\t" + std::to_string(status);
  std::lock_guard lock(mutex_);
  Series& s = series_[key];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

bool Metrics::NoteUntrustedForwardedFor() { return untrusted_forwarded_for_.fetch_add(1) == 0; }

std::string Metrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP granska_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE granska_http_requests_total counter\n";
  auto labels = [](const std::string& key) {
    const auto a = key.find('\t'), b = key.find('\t', a + 1);
    return "method=\"" + EscapeLabelValue(key.substr(0, a)) + "\",route=\"" +
           EscapeLabelValue(key.substr(a + 1, b - a - 1)) + "\",status=\"" + EscapeLabelValue(key.substr(b + 1)) + "\"";
  };
  for (const auto& [key, s] : series_) out << "granska_http_requests_total{" << labels(key) << "} " << s.count << "\n";
  out << "# HELP granska_http_request_duration_seconds Request latency by method, route and status.\n"
      << "# TYPE granska_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const std::string l = labels(key);
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "granska_http_request_duration_seconds_bucket{" << l << ",le=\"" << kBuckets[i] << "\"} " << s.buckets[i]
          << "\n";
    out << "granska_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << s.count << "\n";
    out << "granska_http_request_duration_seconds_sum{" << l << "} " << s.sum << "\n";
    out << "granska_http_request_duration_seconds_count{" << l << "} " << s.count << "\n";
  }
  out << "# HELP granska_untrusted_forwarded_for_total Requests whose X-Forwarded-For was ignored because the peer "
         "is not in http.trusted_proxies.\n"
      << "# TYPE granska_untrusted_forwarded_for_total counter\n"
      << "granska_untrusted_forwarded_for_total " << untrusted_forwarded_for_.load() << "\n";
  return out.str();
}

}  // namespace granska::http
