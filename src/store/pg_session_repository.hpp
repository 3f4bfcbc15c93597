#pragma once
#include "workflow/session_ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgSessionRepository final : public workflow::SessionRepository {
 public:
  explicit PgSessionRepository(soci::session& sql) : sql_(sql) {}
  std::optional<workflow::Credential> FindCredential(const std::string& login) override;
  std::vector<domain::User> FindUsersByName(const std::string& name) override;
  bool SetPassword(std::int64_t user_id, const std::string& login, const std::string& password_hash) override;
  std::vector<workflow::UserListing> ListUsers() override;
  LockedThrottle LockThrottle(const std::string& scope, const std::string& key) override;
  void SaveThrottle(const std::string& scope, const std::string& key, const workflow::ThrottleState& state) override;
  void DeleteThrottle(const std::string& scope, const std::string& key) override;
  std::int64_t PruneThrottle(int window_seconds) override;
  bool SignedInFrom(std::int64_t user_id, const std::string& address_key, int days) override;
  std::optional<Device> FindDevice(const std::string& digest, int days) override;
  void RememberDevice(std::int64_t user_id, const std::string& digest) override;
  void TouchDevice(std::int64_t device_id) override;
  int ForgetOldDevices(std::int64_t user_id, int keep) override;
  int ForgetDevices(std::int64_t user_id) override;
  std::int64_t PruneDevices(int days) override;
  std::int64_t InsertSession(std::int64_t user_id, const std::string& token_hash, const std::string& csrf_token,
                             const std::string& client_address, const std::string& address_key,
                             int max_minutes) override;
  std::optional<workflow::StoredSession> FindLiveSession(const std::string& token_hash, int idle_minutes) override;
  void Touch(std::int64_t session_id) override;
  std::optional<std::int64_t> Revoke(const std::string& token_hash) override;
  int RevokeAll(std::int64_t user_id) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
