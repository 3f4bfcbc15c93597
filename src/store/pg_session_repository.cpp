#include "store/pg_session_repository.hpp"

#include <soci/soci.h>

#include "store/prepared.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

// Names are compared the way LoginFor writes them: trimmed, ASCII letters lower-cased.
#define GRANSKA_LOGIN(col) "translate(btrim(" col "), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"

constexpr const char* kFindCredential =
    "SELECT u.id::bigint, u.name, u.role, coalesce(u.sector, ''), c.password_hash "
    "FROM user_credentials c JOIN users u ON u.id = c.user_id "
    "WHERE c.login = :l AND u.disabled_at IS NULL";

constexpr const char* kFindUsersByName =
    "SELECT id::bigint, name, role, coalesce(sector, '') FROM users "
    "WHERE " GRANSKA_LOGIN("name") " = " GRANSKA_LOGIN(":n") " AND disabled_at IS NULL ORDER BY id";

constexpr const char* kLoginTaken = "SELECT count(*) FROM user_credentials WHERE login = :l AND user_id <> :u";

constexpr const char* kSetPassword =
    "INSERT INTO user_credentials (user_id, login, password_hash) VALUES (:u, :l, :h) "
    "ON CONFLICT (user_id) DO UPDATE SET login = excluded.login, password_hash = excluded.password_hash, "
    "changed_at = now()";

constexpr const char* kListUsers =
    "SELECT u.id::bigint, u.name, u.role, coalesce(u.sector, ''), (c.user_id IS NOT NULL)::int, "
    "(u.disabled_at IS NOT NULL)::int, " GRANSKA_ISO(
        "u.created_at") " FROM users u LEFT JOIN user_credentials c ON c.user_id = u.id ORDER BY u.role, u.name, u.id";

// The row lock is the point: `DO UPDATE` locks the existing row (waiting for a concurrent
// sign-in's transaction to end) and returns its latest committed values; the clock is read
// in RETURNING, after the lock is held.
constexpr const char* kLockThrottle =
    "INSERT INTO sign_in_throttle AS t (scope, key) VALUES (:s, :k) "
    "ON CONFLICT (scope, key) DO UPDATE SET scope = t.scope "
    "RETURNING t.failures, coalesce(extract(epoch FROM t.last_failure_at), 0)::float8, "
    "coalesce(extract(epoch FROM t.last_attempt_at), 0)::float8, t.pending, "
    "coalesce(extract(epoch FROM t.pending_at), 0)::float8, extract(epoch FROM clock_timestamp())::float8";
constexpr const char* kSaveThrottle =
    "UPDATE sign_in_throttle SET failures = :f, last_failure_at = to_timestamp(nullif(:lf::float8, 0)), "
    "last_attempt_at = to_timestamp(nullif(:la::float8, 0)), pending = :p, "
    "pending_at = to_timestamp(nullif(:pa::float8, 0)) WHERE scope = :s AND key = :k";
constexpr const char* kDeleteThrottle = "DELETE FROM sign_in_throttle WHERE scope = :s AND key = :k";
// workflow::Forgotten in SQL: every failure forgotten (one per window since the last) and no
// reservation younger than workflow::kPendingLifetimeSeconds. Rows a sign-in holds are
// skipped, never waited for: a sign-in locks two rows, and waiting here could deadlock with it.
constexpr const char* kPruneThrottle =
    "DELETE FROM sign_in_throttle WHERE (scope, key) IN (SELECT scope, key FROM sign_in_throttle "
    "WHERE (failures = 0 OR last_failure_at IS NULL OR "
    "last_failure_at <= clock_timestamp() - make_interval(secs => failures::float8 * :w)) "
    "AND (pending = 0 OR pending_at IS NULL OR pending_at <= clock_timestamp() - make_interval(secs => :p)) "
    "FOR UPDATE SKIP LOCKED)";
constexpr const char* kSignedInFrom =
    "SELECT count(*) FROM (SELECT 1 FROM sessions WHERE user_id = :u AND address_key = :a "
    "AND created_at > now() - make_interval(days => :d) LIMIT 1) s";

constexpr const char* kFindDevice =
    "SELECT id::bigint, user_id::bigint FROM sign_in_devices "
    "WHERE digest = :g AND last_used_at > now() - make_interval(days => :d)";
constexpr const char* kRememberDevice = "INSERT INTO sign_in_devices (digest, user_id) VALUES (:g, :u)";
constexpr const char* kTouchDevice = "UPDATE sign_in_devices SET last_used_at = now() WHERE id = :id";
constexpr const char* kForgetOldDevices =
    "DELETE FROM sign_in_devices WHERE user_id = :u AND id NOT IN (SELECT id FROM sign_in_devices "
    "WHERE user_id = :u2 ORDER BY last_used_at DESC, id DESC LIMIT :k)";
constexpr const char* kForgetDevices = "DELETE FROM sign_in_devices WHERE user_id = :u";
constexpr const char* kPruneDevices =
    "DELETE FROM sign_in_devices WHERE last_used_at <= now() - make_interval(days => :d)";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, csrf_token, client_address, address_key, expires_at) "
    "VALUES (:t, :u, :c, :a, :k, now() + make_interval(mins => :m)) RETURNING id";

constexpr const char* kFindLiveSession =
    "SELECT s.id::bigint, s.csrf_token, u.id::bigint, u.name, u.role, coalesce(u.sector, ''), "
    "(s.last_seen_at < now() - interval '60 seconds')::int "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = :t AND s.revoked_at IS NULL AND u.disabled_at IS NULL AND s.expires_at > now() "
    "AND s.last_seen_at > now() - make_interval(mins => :i)";

constexpr const char* kTouch = "UPDATE sessions SET last_seen_at = now() WHERE id = :id";
constexpr const char* kRevoke =
    "UPDATE sessions SET revoked_at = now() WHERE token_hash = :t AND revoked_at IS NULL RETURNING user_id::bigint";
constexpr const char* kRevokeAll = "UPDATE sessions SET revoked_at = now() WHERE user_id = :u AND revoked_at IS NULL";

template <typename Row>
domain::User ReadUser(const Row& r, std::size_t at) {
  domain::User u;
  u.id = BigInt(r, at);
  u.name = Text(r, at + 1);
  u.role = domain::ParseRole(Text(r, at + 2)).value_or(domain::Role::kIntake);
  u.sector = Text(r, at + 3);
  return u;
}

}  // namespace

std::optional<workflow::Credential> PgSessionRepository::FindCredential(const std::string& login) {
  soci::rowset<soci::row> rs = (sql_.prepare << kFindCredential, soci::use(login));
  for (const auto& r : rs) return workflow::Credential{ReadUser(r, 0), Text(r, 4)};
  return std::nullopt;
}

std::vector<domain::User> PgSessionRepository::FindUsersByName(const std::string& name) {
  std::vector<domain::User> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kFindUsersByName, soci::use(name));
  for (const auto& r : rs) out.push_back(ReadUser(r, 0));
  return out;
}

bool PgSessionRepository::SetPassword(std::int64_t user_id, const std::string& login,
                                      const std::string& password_hash) {
  long long u = user_id;
  long long taken = 0;
  sql_ << kLoginTaken, soci::use(login), soci::use(u), soci::into(taken);
  if (taken > 0) return false;
  sql_ << kSetPassword, soci::use(u), soci::use(login), soci::use(password_hash);
  return true;
}

std::vector<workflow::UserListing> PgSessionRepository::ListUsers() {
  std::vector<workflow::UserListing> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kListUsers);
  for (const auto& r : rs) out.push_back({ReadUser(r, 0), Bool(r, 4), Bool(r, 5), Text(r, 6)});
  return out;
}

workflow::SessionRepository::LockedThrottle PgSessionRepository::LockThrottle(const std::string& scope,
                                                                              const std::string& key) {
  LockedThrottle out;
  int failures = 0, pending = 0;
  sql_ << kLockThrottle, soci::use(scope), soci::use(key), soci::into(failures), soci::into(out.state.last_failure_at),
      soci::into(out.state.last_attempt_at), soci::into(pending), soci::into(out.state.pending_at), soci::into(out.now);
  out.state.failures = failures;
  out.state.pending = pending;
  return out;
}

void PgSessionRepository::SaveThrottle(const std::string& scope, const std::string& key,
                                       const workflow::ThrottleState& state) {
  int failures = state.failures, pending = state.pending;
  double last_failure = state.last_failure_at, last_attempt = state.last_attempt_at, pending_at = state.pending_at;
  sql_ << kSaveThrottle, soci::use(failures), soci::use(last_failure), soci::use(last_attempt), soci::use(pending),
      soci::use(pending_at), soci::use(scope), soci::use(key);
}

void PgSessionRepository::DeleteThrottle(const std::string& scope, const std::string& key) {
  sql_ << kDeleteThrottle, soci::use(scope), soci::use(key);
}

std::int64_t PgSessionRepository::PruneThrottle(int window_seconds) {
  double w = window_seconds, p = workflow::kPendingLifetimeSeconds;
  soci::statement st = (sql_.prepare << kPruneThrottle, soci::use(w), soci::use(p));
  st.execute(true);
  return static_cast<std::int64_t>(st.get_affected_rows());
}

bool PgSessionRepository::SignedInFrom(std::int64_t user_id, const std::string& address_key, int days) {
  long long u = user_id, n = 0;
  sql_ << kSignedInFrom, soci::use(u), soci::use(address_key), soci::use(days), soci::into(n);
  return n > 0;
}

std::optional<workflow::SessionRepository::Device> PgSessionRepository::FindDevice(const std::string& digest,
                                                                                   int days) {
  soci::rowset<soci::row> rs = (sql_.prepare << kFindDevice, soci::use(digest), soci::use(days));
  for (const auto& r : rs) return Device{BigInt(r, 0), BigInt(r, 1)};
  return std::nullopt;
}

void PgSessionRepository::RememberDevice(std::int64_t user_id, const std::string& digest) {
  long long u = user_id;
  sql_ << kRememberDevice, soci::use(digest), soci::use(u);
}

void PgSessionRepository::TouchDevice(std::int64_t device_id) {
  long long id = device_id;
  sql_ << kTouchDevice, soci::use(id);
}

int PgSessionRepository::ForgetOldDevices(std::int64_t user_id, int keep) {
  long long u = user_id;
  soci::statement st = (sql_.prepare << kForgetOldDevices, soci::use(u), soci::use(u), soci::use(keep));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

int PgSessionRepository::ForgetDevices(std::int64_t user_id) {
  long long u = user_id;
  soci::statement st = (sql_.prepare << kForgetDevices, soci::use(u));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

std::int64_t PgSessionRepository::PruneDevices(int days) {
  soci::statement st = (sql_.prepare << kPruneDevices, soci::use(days));
  st.execute(true);
  return static_cast<std::int64_t>(st.get_affected_rows());
}

std::int64_t PgSessionRepository::InsertSession(std::int64_t user_id, const std::string& token_hash,
                                                const std::string& csrf_token, const std::string& client_address,
                                                const std::string& address_key, int max_minutes) {
  long long u = user_id;
  long long id = 0;
  sql_ << kInsertSession, soci::use(token_hash), soci::use(u), soci::use(csrf_token), soci::use(client_address),
      soci::use(address_key), soci::use(max_minutes), soci::into(id);
  return id;
}

std::optional<workflow::StoredSession> PgSessionRepository::FindLiveSession(const std::string& token_hash,
                                                                            int idle_minutes) {
  // Every page request asks this: a prepared statement of the connection (store/prepared.hpp).
  const auto rows = Prepared(sql_, kFindLiveSession, {token_hash, idle_minutes});
  if (rows.Empty()) return std::nullopt;
  const PgRow r{rows, 0};
  workflow::StoredSession s;
  s.id = BigInt(r, 0);
  s.csrf_token = Text(r, 1);
  s.user = ReadUser(r, 2);
  s.stale = Bool(r, 6);
  return s;
}

void PgSessionRepository::Touch(std::int64_t session_id) {
  long long id = session_id;
  sql_ << kTouch, soci::use(id);
}

std::optional<std::int64_t> PgSessionRepository::Revoke(const std::string& token_hash) {
  soci::rowset<soci::row> rs = (sql_.prepare << kRevoke, soci::use(token_hash));
  for (const auto& r : rs) return BigInt(r, 0);
  return std::nullopt;
}

int PgSessionRepository::RevokeAll(std::int64_t user_id) {
  long long u = user_id;
  soci::statement st = (sql_.prepare << kRevokeAll, soci::use(u));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace granska::store
