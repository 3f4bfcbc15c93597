#pragma once
// What staff sign-in needs from the outside: a store for credentials, sessions and failed
// attempts (store/ implements it with PostgreSQL, inside the UnitOfWork), a password hasher
// and a source of random tokens (app/ implements both with libsodium; workflow never sees it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/user.hpp"
#include "workflow/sign_in_throttle.hpp"

namespace granska::workflow {

struct Credential {
  domain::User user;
  std::string password_hash;  // argon2id string as produced by PasswordHasher::Hash
};

struct StoredSession {
  std::int64_t id = 0;
  domain::User user;
  std::string csrf_token;
  bool stale = false;  // last seen long enough ago that it is worth recording this visit
};

struct UserListing {
  domain::User user;
  bool has_password = false;
  bool disabled = false;
  std::string created_at;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  // The enabled user whose login (trimmed, lower-cased name) this is, with its password.
  virtual std::optional<Credential> FindCredential(const std::string& login) = 0;
  // Enabled users with exactly this name, ignoring case and surrounding spaces.
  virtual std::vector<domain::User> FindUsersByName(const std::string& name) = 0;
  // Sets (or replaces) the user's password; false when another user already has `login`.
  virtual bool SetPassword(std::int64_t user_id, const std::string& login, const std::string& password_hash) = 0;
  virtual std::vector<UserListing> ListUsers() = 0;

  // The throttle row of scope 'account', 'account_at', 'account_device' or 'address' and `key`, locked until
  // the transaction ends (created empty when missing), with the database's clock read once
  // the lock is held: concurrent sign-ins in any process queue here, one at a time.
  struct LockedThrottle {
    ThrottleState state;
    double now = 0;  // seconds since the epoch
  };
  virtual LockedThrottle LockThrottle(const std::string& scope, const std::string& key) = 0;
  virtual void SaveThrottle(const std::string& scope, const std::string& key, const ThrottleState& state) = 0;
  virtual void DeleteThrottle(const std::string& scope, const std::string& key) = 0;
  // Deletes the rows that count nothing any more (every failure forgotten after one per
  // `window_seconds`, no live reservation); returns how many.
  virtual std::int64_t PruneThrottle(int window_seconds) = 0;
  // Whether the user started a session from this address key within the last `days`.
  virtual bool SignedInFrom(std::int64_t user_id, const std::string& address_key, int days) = 0;

  // Remembered devices (migration 0019): the device whose token has this digest, if it was
  // used within the last `days`.
  struct Device {
    std::int64_t id = 0;
    std::int64_t user_id = 0;
  };
  virtual std::optional<Device> FindDevice(const std::string& digest, int days) = 0;
  // Records a new device of the user by its token's digest (a known one is touched instead).
  virtual void RememberDevice(std::int64_t user_id, const std::string& digest) = 0;
  virtual void TouchDevice(std::int64_t device_id) = 0;
  // Forgets all but the user's `keep` most recently used devices; returns how many went.
  virtual int ForgetOldDevices(std::int64_t user_id, int keep) = 0;
  // Forgets every device of the user (after a password change); returns how many.
  virtual int ForgetDevices(std::int64_t user_id) = 0;
  // The background job: forgets devices unused for more than `days`; returns how many.
  virtual std::int64_t PruneDevices(int days) = 0;

  virtual std::int64_t InsertSession(std::int64_t user_id, const std::string& token_hash, const std::string& csrf_token,
                                     const std::string& client_address, const std::string& address_key,
                                     int max_minutes) = 0;
  // The session with this token hash if it is neither revoked, past its absolute expiry,
  // idle for longer than `idle_minutes`, nor its user disabled.
  virtual std::optional<StoredSession> FindLiveSession(const std::string& token_hash, int idle_minutes) = 0;
  virtual void Touch(std::int64_t session_id) = 0;
  // Revokes the session; returns its user id when it was open.
  virtual std::optional<std::int64_t> Revoke(const std::string& token_hash) = 0;
  // Revokes every open session of the user (after a password change); returns how many.
  virtual int RevokeAll(std::int64_t user_id) = 0;
};

// argon2id through libsodium's crypto_pwhash_str in app/.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  virtual std::string Hash(const std::string& password) const = 0;
  // Constant-time comparison; false also for a hash that is not an argon2id string.
  virtual bool Verify(const std::string& hash, const std::string& password) const = 0;
};

class SessionTokens {
 public:
  virtual ~SessionTokens() = default;
  // A fresh random token: 32 bytes, base64url without padding.
  virtual std::string NewToken() const = 0;
  // SHA-256 of the token in lower-case hex: what the database stores.
  virtual std::string Digest(const std::string& token) const = 0;
  // Compares two secrets in constant time (CSRF tokens).
  virtual bool Equal(const std::string& a, const std::string& b) const = 0;
};

}  // namespace granska::workflow
