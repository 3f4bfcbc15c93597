#include "store/pg_user_repository.hpp"

#include <soci/soci.h>

#include "store/prepared.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

// The conflict target is migration 0021's index: a live user of the same name, as at sign-in.
constexpr const char* kInsert =
    "INSERT INTO users (name, role, sector) VALUES (:n, :r, :s) "
    "ON CONFLICT ((translate(btrim(name), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))) "
    "WHERE disabled_at IS NULL DO NOTHING RETURNING id";
constexpr const char* kAddToken = "INSERT INTO api_tokens (user_id, token_hash) VALUES (:u, :h)";
constexpr const char* kFindByToken =
    "SELECT u.id::bigint, u.name, u.role, coalesce(u.sector, '') FROM api_tokens t JOIN users u ON u.id = t.user_id "
    "WHERE t.token_hash = :h AND t.revoked_at IS NULL AND u.disabled_at IS NULL";

constexpr const char* kRevokeTokens =
    "UPDATE api_tokens SET revoked_at = now() WHERE user_id = :u AND revoked_at IS NULL";

constexpr const char* kFind =
    "SELECT id::bigint, name, role, coalesce(sector, '') FROM users WHERE id = :id AND disabled_at IS NULL";

template <typename Row>
domain::User ReadUser(const Row& r) {
  domain::User u;
  u.id = BigInt(r, 0);
  u.name = Text(r, 1);
  u.role = domain::ParseRole(Text(r, 2)).value_or(domain::Role::kIntake);
  u.sector = Text(r, 3);
  return u;
}

}  // namespace

std::optional<domain::User> PgUserRepository::Find(std::int64_t id) {
  return FirstRowById(sql_, kFind, id, [](const soci::row& r) { return ReadUser(r); });
}

std::optional<std::int64_t> PgUserRepository::Insert(const domain::User& user) {
  std::string role(domain::ToString(user.role));
  Nullable<std::string> sector(user.sector.empty() ? std::nullopt : std::optional<std::string>(user.sector));
  long long id = 0;
  sql_ << kInsert, soci::use(user.name), soci::use(role), soci::use(sector.value, sector.ind), soci::into(id);
  if (!sql_.got_data()) return std::nullopt;
  return id;
}

void PgUserRepository::AddToken(std::int64_t user_id, const std::string& token_hash_hex) {
  long long u = user_id;
  sql_ << kAddToken, soci::use(u), soci::use(token_hash_hex);
}

std::optional<domain::User> PgUserRepository::FindByTokenHash(const std::string& token_hash_hex) {
  // Every API request asks this: a prepared statement of the connection (store/prepared.hpp).
  const auto rows = Prepared(sql_, kFindByToken, {token_hash_hex});
  if (rows.Empty()) return std::nullopt;
  return ReadUser(PgRow{rows, 0});
}

int PgUserRepository::RevokeTokens(std::int64_t user_id) {
  long long u = user_id;
  soci::statement st = (sql_.prepare << kRevokeTokens, soci::use(u));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

}  // namespace granska::store
