// Sign-in throttling (security review L1): the arithmetic on its own clock, then the
// SessionService against a real PostgreSQL with a counting password hasher: concurrent
// attempts from many threads and two connection pools (as two server processes) check at most
// the limit of passwords, a throttled account lets the right password in after the wait it
// names, addresses in one IPv6 /64 share a counter, and failures elsewhere do not hold a user
// back at an address they signed in from lately.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "app/password_hasher.hpp"
#include "app/runtime.hpp"
#include "common/test_server.hpp"
#include "store/pg_database.hpp"
#include "workflow/session_service.hpp"
#include "workflow/sign_in_throttle.hpp"

namespace wf = granska::workflow;
using granska::testing::TestServer;

namespace {

// ---- The arithmetic ---------------------------------------------------------------------

const wf::ThrottleRule kRule{5, 15 * 60, 60};

// Tries at `now`; a failure when allowed (the attacker never knows the password).
bool TryAndFail(wf::ThrottleState& s, double now, const wf::ThrottleRule& rule = kRule, int* retry = nullptr) {
  const auto d = wf::DecideAttempt(s, now, rule);
  if (retry) *retry = d.retry_after_seconds;
  if (!d.allowed) return false;
  s = wf::SettleFailure(d.next, now, rule);
  return true;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ThrottleArithmetic)

BOOST_AUTO_TEST_CASE(FiveFailuresAreFreeThenEachAttemptWaitsDoublingUpToTheWindow) {
  wf::ThrottleState s;
  double now = 1'000'000;
  for (int i = 0; i < 5; ++i) BOOST_TEST(TryAndFail(s, now));
  int retry = 0;
  // 1, 2, 4, 8 minutes, then never more than the window (15 minutes).
  for (int expected : {60, 120, 240, 480, 900, 900, 900}) {
    BOOST_TEST(!TryAndFail(s, now, kRule, &retry));
    BOOST_TEST(retry == expected);
    now += expected - 1;
    BOOST_TEST(!TryAndFail(s, now, kRule, &retry), "one second early");
    BOOST_TEST(retry == 1);
    now += 1;
    BOOST_TEST(TryAndFail(s, now));
  }
  BOOST_TEST(wf::DelaySteps(kRule) == 4);
}

BOOST_AUTO_TEST_CASE(ARefusedAttemptChangesNothingSoTryingEarlyDoesNotLengthenTheWait) {
  wf::ThrottleState s;
  for (int i = 0; i < 5; ++i) TryAndFail(s, 100);
  const auto before = s;
  for (double t = 100; t < 160; t += 7) BOOST_TEST(!wf::DecideAttempt(s, t, kRule).allowed);
  BOOST_TEST(s.failures == before.failures);
  BOOST_TEST(wf::DecideAttempt(s, 160, kRule).allowed);
}

BOOST_AUTO_TEST_CASE(OneFailureIsForgottenPerWindowWithoutFailures) {
  wf::ThrottleState s;
  for (int i = 0; i < 5; ++i) TryAndFail(s, 0);
  BOOST_TEST(wf::CountedFailures(s, 899, kRule) == 5);
  BOOST_TEST(wf::CountedFailures(s, 900, kRule) == 4);
  BOOST_TEST(wf::CountedFailures(s, 5 * 900, kRule) == 0);
  BOOST_TEST(wf::Forgotten(s, 5 * 900, kRule));
  // After a quiet window the free attempt needs no wait.
  BOOST_TEST(wf::DecideAttempt(s, 900, kRule).allowed);
}

BOOST_AUTO_TEST_CASE(AGreedyAttackerGetsAtMostTheDocumentedGuessesADay) {
  // Tries again the moment the answer allows it, for a day: the bound in
  // sign_in_throttle.hpp (5 + 4 + 96 = 105) holds, and it is nearly reached.
  wf::ThrottleState s;
  double now = 0;
  long long guesses = 0;
  while (now < 86400) {
    int retry = 0;
    if (TryAndFail(s, now, kRule, &retry)) {
      ++guesses;
    } else {
      now += retry;
    }
  }
  BOOST_TEST(wf::MaxAttempts(kRule, 86400) == 105);
  BOOST_TEST(guesses <= 105);
  BOOST_TEST(guesses >= 100, guesses);
  // The same for an attacker at random moments, over several days.
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> gap(0, 1200);
  wf::ThrottleState r;
  std::vector<double> at;
  for (double t = 0; t < 5 * 86400; t += gap(rng))
    if (TryAndFail(r, t)) at.push_back(t);
  for (std::size_t i = 0; i < at.size(); ++i) {
    std::size_t j = i;
    while (j < at.size() && at[j] < at[i] + 86400) ++j;
    BOOST_TEST(j - i <= 105u);
  }
}

BOOST_AUTO_TEST_CASE(PendingAttemptsCountUntilTheyAreSettledOrAMinuteOld) {
  wf::ThrottleState s;
  // Five concurrent attempts are allowed, the sixth is not: the five count while pending.
  for (int i = 0; i < 5; ++i) {
    auto d = wf::DecideAttempt(s, 10, kRule);
    BOOST_TEST_REQUIRE(d.allowed);
    s = d.next;
  }
  BOOST_TEST(s.pending == 5);
  BOOST_TEST(!wf::DecideAttempt(s, 10, kRule).allowed);
  // A success settles without counting.
  s = wf::SettleSuccess(s);
  BOOST_TEST(s.pending == 4);
  BOOST_TEST(s.failures == 0);
  BOOST_TEST(wf::DecideAttempt(s, 10, kRule).allowed);
  // Reservations whose requests never finished (a process that died) stop counting.
  BOOST_TEST(wf::DecideAttempt(s, 10 + wf::kPendingLifetimeSeconds, kRule).allowed);
  BOOST_TEST(wf::DecideAttempt(s, 10 + wf::kPendingLifetimeSeconds, kRule).next.pending == 1);
}

BOOST_AUTO_TEST_CASE(AnAddressKeyIsTheIpv6Slash64AndTheWholeIpv4Address) {
  BOOST_TEST(wf::AddressKey("203.0.113.7") == "203.0.113.7");
  BOOST_TEST(wf::AddressKey("2001:db8:1:2:a:b:c:d") == "2001:db8:1:2::/64");
  BOOST_TEST(wf::AddressKey("2001:0db8:0001:0002::1") == "2001:db8:1:2::/64");
  BOOST_TEST(wf::AddressKey("2001:db8:1:3::1") == "2001:db8:1:3::/64");
  BOOST_TEST(wf::AddressKey("::1") == "::/64");
  BOOST_TEST(wf::AddressKey("::ffff:203.0.113.7") == "203.0.113.7");
  BOOST_TEST(wf::AddressKey("not an address") == "not an address");
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Against PostgreSQL -------------------------------------------------------------------

namespace {

constexpr const char* kRight = "rätt-och-långt-lösenord";

// A password "hash" that is the password, and a count of every check. Checking takes a while,
// as argon2id does, so that concurrent attempts overlap.
class CountingHasher final : public wf::PasswordHasher {
 public:
  std::string Hash(const std::string& password) const override { return "$argon2id$fake$" + password; }
  bool Verify(const std::string& hash, const std::string& password) const override {
    ++verifications;
    std::this_thread::sleep_for(delay);
    return hash == "$argon2id$fake$" + password;
  }
  mutable std::atomic<int> verifications{0};
  std::chrono::milliseconds delay{0};
};

struct Fixture {
  TestServer server;
  granska::app::SodiumSessionTokens tokens;
  CountingHasher hasher;
  // Two connection pools on the same database: two server processes, as far as PostgreSQL sees.
  granska::store::PgDatabase db1{server.Db().AppConnection(), 16};
  granska::store::PgDatabase db2{server.Db().AppConnection(), 16};
  wf::SessionPolicy policy;
  wf::SessionService process1{db1, hasher, tokens, policy};
  wf::SessionService process2{db2, hasher, tokens, policy};

  Fixture() {
    for (const char* name : {"Karin Holm", "Johan Berg"}) {
      server.Token("case_officer", name);
      BOOST_TEST_REQUIRE(process1.SetPasswordByName(granska::domain::Actor{}, name, kRight).Ok());
    }
  }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  long long Events(const std::string& event) { return Count("SELECT count(*) FROM events WHERE event = '" + event + "'"); }
  long long Failures(const std::string& scope, const std::string& key) {
    return Count("SELECT coalesce((SELECT failures FROM sign_in_throttle WHERE scope = '" + scope + "' AND key = '" + key +
                 "'), 0)");
  }
  // Lets `seconds` pass for the throttle: its stored times move back.
  void Pass(int seconds) {
    server.Db().Exec("UPDATE sign_in_throttle SET last_failure_at = last_failure_at - make_interval(secs => " +
                     std::to_string(seconds) + "), last_attempt_at = last_attempt_at - make_interval(secs => " +
                     std::to_string(seconds) + "), pending_at = pending_at - make_interval(secs => " +
                     std::to_string(seconds) + ")");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(SignInThrottle, Fixture)

BOOST_AUTO_TEST_CASE(ConcurrentWrongPasswordsFromManyThreadsAndTwoProcessesCheckAtMostTheLimit) {
  hasher.delay = std::chrono::milliseconds(150);
  constexpr int kThreads = 32;
  std::mutex m;
  std::condition_variable cv;
  bool go = false;
  std::atomic<int> rejected{0}, throttled{0}, signed_in{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return go; });
      }
      // Every attempt from its own address: only the account's limit applies.
      auto& service = i % 2 == 0 ? process1 : process2;
      const auto r = service.SignIn("Karin Holm", "fel-lösenord-" + std::to_string(i), "198.51.100." + std::to_string(i));
      if (r.status == wf::SignInStatus::kRejected) ++rejected;
      if (r.status == wf::SignInStatus::kThrottled) ++throttled;
      if (r.status == wf::SignInStatus::kSignedIn) ++signed_in;
    });
  {
    std::lock_guard lock(m);
    go = true;
  }
  cv.notify_all();
  for (auto& t : threads) t.join();
  BOOST_TEST(hasher.verifications.load() == policy.account_failures);
  BOOST_TEST(rejected.load() == policy.account_failures);
  BOOST_TEST(throttled.load() == kThreads - policy.account_failures);
  BOOST_TEST(signed_in.load() == 0);
  // Each outcome committed with its event; the five reservations all became failures.
  BOOST_TEST(Events("sign_in_failed") == policy.account_failures);
  BOOST_TEST(Events("sign_in_throttled") == kThreads - policy.account_failures);
  BOOST_TEST(Failures("account", "karin holm") == policy.account_failures);
  BOOST_TEST(Count("SELECT pending FROM sign_in_throttle WHERE scope = 'account' AND key = 'karin holm'") == 0);
}

BOOST_AUTO_TEST_CASE(ConcurrentAttemptsFromOneAddressCheckAtMostTheAddressLimit) {
  hasher.delay = std::chrono::milliseconds(100);
  constexpr int kThreads = 40;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      auto& service = i % 2 == 0 ? process1 : process2;
      service.SignIn("Namn " + std::to_string(i), "fel-lösenord", "203.0.113.9");
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(hasher.verifications.load() == policy.address_failures);
  BOOST_TEST(Failures("address", "203.0.113.9") == policy.address_failures);
}

BOOST_AUTO_TEST_CASE(AThrottledAccountLetsTheRightPasswordInAfterTheWaitItNames) {
  for (int i = 0; i < 5; ++i)
    BOOST_TEST((process1.SignIn("Karin Holm", "fel", "198.51.100.1").status == wf::SignInStatus::kRejected));
  // The right password does not help yet, and the answer says how long to wait.
  auto r = process2.SignIn("Karin Holm", kRight, "198.51.100.2");
  BOOST_TEST((r.status == wf::SignInStatus::kThrottled));
  BOOST_TEST(r.retry_after_seconds == 60);
  BOOST_TEST(hasher.verifications.load() == 5, "a throttled attempt checks no password");
  // An attacker who keeps failing only makes each wait longer, up to the window.
  for (int wait : {60, 120, 240, 480, 900, 900}) {
    auto early = process1.SignIn("Karin Holm", "fel", "198.51.100.1");
    BOOST_TEST((early.status == wf::SignInStatus::kThrottled));
    BOOST_TEST(early.retry_after_seconds == wait);
    Pass(wait);
    BOOST_TEST((process1.SignIn("Karin Holm", "fel", "198.51.100.1").status == wf::SignInStatus::kRejected));
  }
  // The officer waits what the answer says and gets in with the right password.
  r = process2.SignIn("Karin Holm", kRight, "198.51.100.2");
  BOOST_TEST((r.status == wf::SignInStatus::kThrottled));
  BOOST_TEST(r.retry_after_seconds == 900);
  Pass(r.retry_after_seconds);
  r = process2.SignIn("Karin Holm", kRight, "198.51.100.2");
  BOOST_TEST_REQUIRE((r.status == wf::SignInStatus::kSignedIn));
  BOOST_TEST(r.user.name == "Karin Holm");
  // A success starts the account afresh; the addresses keep what they counted.
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_throttle WHERE scope = 'account'") == 0);
  // (11 failures from there, of which two were forgotten in the two quarters without one.)
  BOOST_TEST(Failures("address", "198.51.100.1") == 9);
  BOOST_TEST(Events("sign_in_throttled") == 8);
  BOOST_TEST(Events("sign_in_failed") == 11);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'sign_in_throttled' AND detail->>'limit' = 'account' "
                   "AND (detail->>'retry_after_seconds')::int BETWEEN 60 AND 900") == 8);
}

BOOST_AUTO_TEST_CASE(AddressesInOneIpv6Slash64ShareACounter) {
  for (int i = 0; i < 20; ++i)
    process1.SignIn("Namn " + std::to_string(i), "fel", "2001:db8:1:2:" + std::to_string(i + 1) + "::" + std::to_string(i));
  BOOST_TEST(Failures("address", "2001:db8:1:2::/64") == 20);
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_throttle WHERE scope = 'address'") == 1);
  // Another host of the same network is throttled; one of the next network is not.
  auto same = process2.SignIn("Johan Berg", kRight, "2001:db8:1:2:ffff:ffff:ffff:fffe");
  BOOST_TEST((same.status == wf::SignInStatus::kThrottled));
  BOOST_TEST(same.retry_after_seconds == 60);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'sign_in_throttled' AND detail->>'limit' = 'address' "
                   "AND detail->>'address' = '2001:db8:1:2:ffff:ffff:ffff:fffe'") == 1);
  BOOST_TEST((process2.SignIn("Johan Berg", kRight, "2001:db8:1:3::1").status == wf::SignInStatus::kSignedIn));
  BOOST_TEST(Count("SELECT count(*) FROM sessions WHERE address_key = '2001:db8:1:3::/64' "
                   "AND client_address = '2001:db8:1:3::1'") == 1);
}

BOOST_AUTO_TEST_CASE(FailuresElsewhereDoNotHoldAUserBackWhereTheySignedInLately) {
  const std::string office = "192.0.2.10";
  BOOST_TEST_REQUIRE((process1.SignIn("Karin Holm", kRight, office).status == wf::SignInStatus::kSignedIn));
  // Someone elsewhere fails until the account is throttled...
  for (int i = 0; i < 5; ++i) process1.SignIn("karin holm", "gissning-" + std::to_string(i), "203.0.113.50");
  BOOST_TEST((process1.SignIn("Karin Holm", kRight, "198.51.100.77").status == wf::SignInStatus::kThrottled));
  // ...and the officer still signs in at once from the office.
  BOOST_TEST((process2.SignIn("Karin Holm", kRight, office).status == wf::SignInStatus::kSignedIn));
  BOOST_TEST(Failures("account", "karin holm") == 5, "the office's success does not reset the account's counter");
  // At the office the account has a counter of its own, with the same limit.
  for (int i = 0; i < 5; ++i) process1.SignIn("Karin Holm", "fel", office);
  BOOST_TEST(Failures("account_at", office + " karin holm") == 5);
  BOOST_TEST((process1.SignIn("Karin Holm", kRight, office).status == wf::SignInStatus::kThrottled));
  // An address last signed in from more than 30 days ago is not one the user signs in from
  // lately: the account's counter applies there again.
  server.Db().Exec("DELETE FROM sign_in_throttle WHERE scope = 'account_at'");
  BOOST_TEST((process1.SignIn("Karin Holm", kRight, office).status == wf::SignInStatus::kSignedIn));
  server.Db().Exec("UPDATE sessions SET created_at = created_at - interval '31 days'");
  BOOST_TEST((process1.SignIn("Karin Holm", kRight, office).status == wf::SignInStatus::kThrottled));
}

BOOST_AUTO_TEST_CASE(ARememberedDeviceIsCountedAloneSoOthersFailingWithTheNameDoNotDelayIt) {
  // The officer signs in at home; the browser is remembered.
  const auto home = process1.SignIn("Karin Holm", kRight, "192.0.2.20");
  BOOST_TEST_REQUIRE((home.status == wf::SignInStatus::kSignedIn));
  BOOST_TEST(!home.device_known);
  BOOST_TEST_REQUIRE(!home.device_token.empty());
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_devices") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_devices WHERE digest = '" + home.device_token + "'") == 0,
             "only the digest is stored");
  // Someone elsewhere keeps the name's count at its limit...
  for (int i = 0; i < 5; ++i) process1.SignIn("Karin Holm", "gissning-" + std::to_string(i), "203.0.113.60");
  // ...so from a new address (a train's Wi-Fi) a browser without the cookie waits...
  BOOST_TEST((process2.SignIn("Karin Holm", kRight, "198.51.100.70").status == wf::SignInStatus::kThrottled));
  // ...and the remembered browser does not: it is counted under its device alone.
  const auto away = process2.SignIn("Karin Holm", kRight, "198.51.100.71", home.device_token);
  BOOST_TEST_REQUIRE((away.status == wf::SignInStatus::kSignedIn));
  BOOST_TEST(away.device_known);
  BOOST_TEST(away.device_token == home.device_token, "the same device is remembered again, not a new one");
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_devices") == 1);
  BOOST_TEST(Failures("account", "karin holm") == 5, "the device's success does not reset the name's count");
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'signed_in' AND detail->>'device' = 'remembered'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'signed_in' AND detail->>'device' = 'new'") == 1);
  // Failures on the device count there, with the same limit.
  const std::string device_id = std::to_string(Count("SELECT id FROM sign_in_devices"));
  for (int i = 0; i < 5; ++i) process1.SignIn("Karin Holm", "fel", "198.51.100.72", home.device_token);
  BOOST_TEST(Failures("account_device", device_id + " karin holm") == 5);
  BOOST_TEST((process1.SignIn("Karin Holm", kRight, "198.51.100.72", home.device_token).status ==
              wf::SignInStatus::kThrottled));
}

BOOST_AUTO_TEST_CASE(AnotherUsersDeviceAForgedOneOrAPasswordChangeCountsTheNameAgain) {
  const auto johan = process1.SignIn("Johan Berg", kRight, "192.0.2.30");
  BOOST_TEST_REQUIRE((johan.status == wf::SignInStatus::kSignedIn));
  const auto karin = process1.SignIn("Karin Holm", kRight, "192.0.2.31");
  BOOST_TEST_REQUIRE((karin.status == wf::SignInStatus::kSignedIn));
  for (int i = 0; i < 5; ++i) process1.SignIn("Karin Holm", "gissning", "203.0.113.61");
  // Johan's cookie, a made-up one or one longer than any token: the name's count applies.
  for (const std::string& cookie : {johan.device_token, std::string("påhittad"), std::string(300, 'x')})
    BOOST_TEST((process2.SignIn("Karin Holm", kRight, "198.51.100.80", cookie).status == wf::SignInStatus::kThrottled));
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_throttle WHERE scope = 'account_device'") == 0);
  // A new password forgets the user's devices (and ends the sessions).
  BOOST_TEST_REQUIRE(process1.SetPasswordByName(granska::domain::Actor{}, "Karin Holm", kRight).Ok());
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'password_set' AND detail->>'devices_forgotten' = '1'") ==
             1);
  BOOST_TEST((process2.SignIn("Karin Holm", kRight, "198.51.100.81", karin.device_token).status ==
              wf::SignInStatus::kThrottled));
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_devices WHERE user_id = (SELECT id FROM users WHERE name = 'Johan "
                   "Berg')") == 1);
}

BOOST_AUTO_TEST_CASE(AUserKeepsTheTenMostRecentDevicesAndUnusedOnesAreForgotten) {
  std::string first, last;
  for (int i = 0; i < wf::kMaxDevicesPerUser + 2; ++i) {
    const auto r = process1.SignIn("Johan Berg", kRight, "192.0.2.40");
    BOOST_TEST_REQUIRE((r.status == wf::SignInStatus::kSignedIn));
    (i == 0 ? first : last) = r.device_token;
  }
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_devices") == wf::kMaxDevicesPerUser);
  BOOST_TEST(process1.SignIn("Johan Berg", kRight, "192.0.2.40", last).device_known);
  BOOST_TEST(!process1.SignIn("Johan Berg", kRight, "192.0.2.40", first).device_known, "the oldest was forgotten");
  // The background job forgets devices unused for remembered_device_days (90).
  BOOST_TEST(process1.PruneDevices() == 0);
  server.Db().Exec("UPDATE sign_in_devices SET last_used_at = now() - interval '91 days' WHERE id IN "
                   "(SELECT id FROM sign_in_devices ORDER BY id LIMIT 4)");
  BOOST_TEST(process1.PruneDevices() == 4);
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_devices") == wf::kMaxDevicesPerUser - 4);
}

BOOST_AUTO_TEST_CASE(ANameLongerThan256BytesIsCountedByItsAddressOnly) {
  const auto r = process1.SignIn(std::string(300, 'k'), kRight, "198.51.100.3");
  BOOST_TEST((r.status == wf::SignInStatus::kRejected));
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_throttle WHERE scope <> 'address'") == 0);
  BOOST_TEST(Count("SELECT max(octet_length(key)) FROM sign_in_throttle") < 64);
  BOOST_TEST(Failures("address", "198.51.100.3") == 1);
}

BOOST_AUTO_TEST_CASE(TheBackgroundJobForgetsKeysThatCountNothingAnyMore) {
  for (int i = 0; i < 3; ++i) process1.SignIn("Ingen Alls " + std::to_string(i), "fel", "198.51.100.4");
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_throttle") == 4);
  BOOST_TEST(process1.PruneThrottle() == 0);
  Pass(900);  // each name's single failure is forgotten; the address still counts 2 of 3
  BOOST_TEST(process1.PruneThrottle() == 3);
  BOOST_TEST(Failures("address", "198.51.100.4") == 3);
  Pass(2 * 900);
  BOOST_TEST(process1.PruneThrottle() == 1);
  BOOST_TEST(Count("SELECT count(*) FROM sign_in_throttle") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
