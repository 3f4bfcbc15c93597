#pragma once
// The sign-in throttle's arithmetic (security review L1), pure so that it can be tested with
// any clock: a leaky bucket of failed sign-ins per key (an account, an account at an address
// its user has signed in from, a client address), with a growing wait instead of a lock-out.
//
// - A key may fail `free_failures` times at once. Each `window_seconds` without a new failure
//   forgets one of them (counted from the last failure).
// - Beyond that, an attempt is allowed only `Wait(n)` after the previous attempt on the key,
//   where n is how far the count is over the limit (1, 2, …): first_delay_seconds, doubling,
//   never more than window_seconds. So whoever waits the time the answer names can always try
//   again, and nobody tries more than about one attempt per window for long.
// - An attempt is counted before its password is checked (a reservation, `pending`), so
//   concurrent attempts in any number of threads and processes see each other: with the row
//   locked, exactly the allowed number get through. The check settles the reservation: a
//   failure becomes a counted failure, a success ends it.
//
// Bound, for one key over any period of T seconds: at most
//   free_failures + DelaySteps(rule) + floor(T / window_seconds)
// attempts (the count after an attempt never exceeds free_failures + DelaySteps, and it only
// goes down by one per window). With the defaults (5, 60 s, 15 min) that is 5 + 4 + 96 = 105
// a day per account, and 20 + 4 + 96 = 120 a day per address. A success resets an account's
// bucket (so the owner's own sign-in gives at most free_failures + DelaySteps more).
#include <string>

namespace granska::workflow {

struct ThrottleRule {
  int free_failures = 5;         // failures allowed at once
  int window_seconds = 15 * 60;  // one failure forgotten per window; the longest wait
  int first_delay_seconds = 60;  // the first wait beyond the limit; doubles per further attempt
};

// A key's stored state. Times are seconds since the epoch on the database's clock; 0 is never.
struct ThrottleState {
  int failures = 0;              // counted failures as of last_failure_at
  double last_failure_at = 0;
  double last_attempt_at = 0;    // the last attempt that was allowed (a reservation)
  int pending = 0;               // attempts allowed whose password check has not finished
  double pending_at = 0;         // the newest of them
};

// A reservation older than this belongs to a request that never finished (its process died):
// it no longer counts. Checking a password takes well under a second.
constexpr double kPendingLifetimeSeconds = 60;

struct ThrottleDecision {
  bool allowed = false;
  int retry_after_seconds = 0;  // when refused: how long until an attempt is allowed (at least 1)
  ThrottleState next;           // when allowed: the state with this attempt reserved
};

// Failures still counted at `now` (after one per window has been forgotten).
int CountedFailures(const ThrottleState& s, double now, const ThrottleRule& rule);
// The wait before an attempt when the count is `over` (1, 2, …) beyond the limit.
int Wait(int over, const ThrottleRule& rule);
// How many waits are shorter than the window (4 with the defaults: 1, 2, 4 and 8 minutes).
int DelaySteps(const ThrottleRule& rule);
// The most attempts one key can make in `seconds` (the bound above).
long long MaxAttempts(const ThrottleRule& rule, double seconds);

// May an attempt be made now? When it may, `next` reserves it.
ThrottleDecision DecideAttempt(const ThrottleState& s, double now, const ThrottleRule& rule);
// The password was wrong: the reservation made at `reserved_at` becomes a counted failure.
ThrottleState SettleFailure(const ThrottleState& s, double reserved_at, const ThrottleRule& rule);
// The password was right: the reservation ends without counting (an account's bucket is
// deleted instead; an address keeps its failures).
ThrottleState SettleSuccess(const ThrottleState& s);
// True when the state carries nothing any more (everything forgotten, nothing pending).
bool Forgotten(const ThrottleState& s, double now, const ThrottleRule& rule);

// The key an address is throttled under: an IPv4 address as itself, an IPv6 address as its
// /64 prefix (one subscriber's network: a host chooses freely among its 2^64 addresses),
// written "2001:db8:1:2::/64"; an IPv4-mapped IPv6 address as the IPv4 address. Anything
// that is not an address is returned unchanged.
std::string AddressKey(const std::string& address);

}  // namespace granska::workflow
