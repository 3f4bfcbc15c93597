#pragma once
// Staff sign-in for the web interface (issue 9, "Access"): passwords checked against
// argon2id hashes, throttling per account and per address (workflow/sign_in_throttle.hpp:
// counted before the password is checked, a growing wait instead of a lock-out), sessions
// that expire (idle and absolute) and are kept in the database, sign-out, and passwords set
// by an admin or from the command line. Every sign-in, refusal, sign-out and password change
// is an event.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"
#include "workflow/session_ports.hpp"
#include "workflow/sign_in_throttle.hpp"

namespace granska::workflow {

struct SessionPolicy {
  int idle_minutes = 30;      // session.idle_minutes
  int max_hours = 8;          // session.max_hours: absolute lifetime
  int account_failures = 5;   // session.account_failures: failures per account before waits begin
  int address_failures = 20;  // session.address_failures: failures per client address before waits begin
  int failure_window_minutes =
      15;                        // session.failure_window_minutes: one failure forgotten per window; the longest wait
  int first_delay_seconds = 60;  // session.first_delay_seconds: the first wait beyond a limit; doubles per attempt
  int min_password_length = 12;  // session.min_password_length
  int remembered_device_days = 90;  // session.remembered_device_days: a device unused this long is forgotten
  bool cookie_secure = false;       // session.cookie_secure: true behind TLS
};

enum class SignInStatus { kSignedIn, kRejected, kThrottled };

struct SignInResult {
  SignInStatus status = SignInStatus::kRejected;
  int retry_after_seconds = 0;  // kThrottled: when the next attempt is allowed
  std::string token;            // the cookie value, only when signed in
  std::string csrf_token;       // the session's form token
  domain::User user;
  // Only when signed in: the remembered-device cookie's value to (re)set; the one presented
  // when it was this user's device, otherwise a new one.
  std::string device_token;
  bool device_known = false;  // the attempt was counted under a remembered device of the user
};

struct Session {
  std::int64_t id = 0;
  domain::User user;
  std::string csrf_token;
  domain::Actor Actor() const { return {user.id, user.name, user.role}; }
};

// The login a name signs in with: trimmed and lower-cased (ASCII letters only; å, ä and ö
// are compared as written).
std::string LoginFor(const std::string& name);
// The longest login (after LoginFor) that is looked up. A longer one is an ordinary failed
// sign-in that is never stored as a throttling key (every failure stores its key), and no
// user may be given a longer name.
constexpr std::size_t kMaxLoginBytes = 256;
// An address a user has started a session from within this many days has its own account
// throttle for that user (scope 'account_at'): failures from elsewhere do not delay them there.
constexpr int kKnownAddressDays = 30;
// A browser that has signed in as a user has a remembered device (a random token in a
// cookie, its digest stored): its sign-ins as that user are counted under the device alone
// (scope 'account_device'), so failures of anyone without the cookie do not delay it. A user
// keeps at most this many (the most recently used); a password change forgets them all.
constexpr int kMaxDevicesPerUser = 10;

class SessionService {
 public:
  SessionService(Database& db, const PasswordHasher& hasher, const SessionTokens& tokens, SessionPolicy policy)
      : db_(db), hasher_(hasher), tokens_(tokens), policy_(policy) {}

  // One answer for an unknown name, a wrong password, a disabled user or the e-service's
  // account (which signs in with its API token): kRejected. An account or address over its
  // limit whose wait has not passed: kThrottled with the seconds until it has, without
  // looking at the password. The attempt is counted before the password is checked.
  // `device_token` is the remembered-device cookie's value, if the browser sent one.
  SignInResult SignIn(const std::string& login, const std::string& password, const std::string& client_address,
                      const std::string& device_token = {});
  // The background job: deletes throttle rows that count nothing any more; returns how many.
  std::int64_t PruneThrottle();
  // The background job: forgets devices unused for `remembered_device_days`; returns how many.
  std::int64_t PruneDevices();
  ThrottleRule AccountRule() const;
  ThrottleRule AddressRule() const;
  // The live session behind a cookie value; records that it was used.
  std::optional<Session> Resume(const std::string& token);
  void SignOut(const std::string& token);

  // An admin sets another user's password (and ends that user's sessions).
  domain::Result<domain::User> SetPassword(const domain::Actor& actor, std::int64_t user_id,
                                           const std::string& password);
  // `granska user passwd --name NAME`: the user with that name (exactly one).
  domain::Result<domain::User> SetPasswordByName(const domain::Actor& actor, const std::string& name,
                                                 const std::string& password);
  domain::Result<std::vector<UserListing>> ListUsers(const domain::Actor& actor);

  // A random value for forms that have no session yet (the sign-in form's CSRF cookie).
  std::string NewFormToken() const { return tokens_.NewToken(); }
  bool SameSecret(const std::string& a, const std::string& b) const { return tokens_.Equal(a, b); }
  const SessionPolicy& Policy() const { return policy_; }

 private:
  domain::Result<domain::User> Store(UnitOfWork& uow, const domain::Actor& actor, const domain::User& user,
                                     const std::string& password);
  Database& db_;
  const PasswordHasher& hasher_;
  const SessionTokens& tokens_;
  SessionPolicy policy_;
};

}  // namespace granska::workflow
