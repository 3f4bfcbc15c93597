#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgUserRepository final : public workflow::UserRepository {
 public:
  explicit PgUserRepository(soci::session& sql) : sql_(sql) {}
  std::optional<std::int64_t> Insert(const domain::User& user) override;
  void AddToken(std::int64_t user_id, const std::string& token_hash_hex) override;
  std::optional<domain::User> FindByTokenHash(const std::string& token_hash_hex) override;
  std::optional<domain::User> Find(std::int64_t id) override;
  int RevokeTokens(std::int64_t user_id) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
