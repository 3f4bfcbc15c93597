#include "workflow/sign_in_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace granska::workflow {

namespace {

int LivePending(const ThrottleState& s, double now) {
  return s.pending > 0 && now - s.pending_at < kPendingLifetimeSeconds ? s.pending : 0;
}

}  // namespace

int CountedFailures(const ThrottleState& s, double now, const ThrottleRule& rule) {
  if (s.failures <= 0) return 0;
  const double elapsed = std::max(0.0, now - s.last_failure_at);
  const double forgotten = std::floor(elapsed / std::max(1, rule.window_seconds));
  return forgotten >= s.failures ? 0 : s.failures - static_cast<int>(forgotten);
}

int Wait(int over, const ThrottleRule& rule) {
  long long wait = std::max(1, rule.first_delay_seconds);
  for (int i = 1; i < over && wait < rule.window_seconds; ++i) wait *= 2;
  return static_cast<int>(std::min<long long>(wait, rule.window_seconds));
}

int DelaySteps(const ThrottleRule& rule) {
  int n = 0;
  while (Wait(n + 1, rule) < rule.window_seconds) ++n;
  return n;
}

long long MaxAttempts(const ThrottleRule& rule, double seconds) {
  return rule.free_failures + DelaySteps(rule) +
         static_cast<long long>(std::floor(seconds / std::max(1, rule.window_seconds)));
}

ThrottleDecision DecideAttempt(const ThrottleState& s, double now, const ThrottleRule& rule) {
  ThrottleDecision d;
  const int pending = LivePending(s, now);
  const int count = CountedFailures(s, now, rule) + pending;
  if (count >= rule.free_failures) {
    const int wait = Wait(count - rule.free_failures + 1, rule);
    const double since = now - s.last_attempt_at;
    if (since < wait) {
      d.retry_after_seconds = std::max(1, static_cast<int>(std::ceil(wait - since)));
      return d;
    }
  }
  d.allowed = true;
  d.next = s;
  d.next.pending = pending + 1;  // reservations of requests that never finished are dropped
  d.next.pending_at = now;
  d.next.last_attempt_at = now;
  return d;
}

ThrottleState SettleFailure(const ThrottleState& s, double reserved_at, const ThrottleRule& rule) {
  // The failure counts from the moment its attempt was allowed: the wait before the next
  // attempt ran from then too, so a full window between attempts always forgets one.
  ThrottleState next = s;
  const double at = std::max(s.last_failure_at, reserved_at);
  next.failures = CountedFailures(s, at, rule) + 1;
  next.last_failure_at = at;
  next.pending = std::max(0, s.pending - 1);
  return next;
}

ThrottleState SettleSuccess(const ThrottleState& s) {
  ThrottleState next = s;
  next.pending = std::max(0, s.pending - 1);
  return next;
}

bool Forgotten(const ThrottleState& s, double now, const ThrottleRule& rule) {
  return CountedFailures(s, now, rule) == 0 && LivePending(s, now) == 0;
}

std::string AddressKey(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    char text[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, &v4, text, sizeof text) ? std::string(text) : address;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
  const unsigned char* b = v6.s6_addr;
  static const unsigned char kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMappedPrefix, sizeof kMappedPrefix) == 0) {
    std::memcpy(&v4, b + 12, 4);
    char text[INET_ADDRSTRLEN];
    return inet_ntop(AF_INET, &v4, text, sizeof text) ? std::string(text) : address;
  }
  std::memset(v6.s6_addr + 8, 0, 8);
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, &v6, text, sizeof text)) return address;
  return std::string(text) + "/64";
}

}  // namespace granska::workflow
