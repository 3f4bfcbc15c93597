#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgRuleSetRepository final : public workflow::RuleSetRepository {
 public:
  explicit PgRuleSetRepository(soci::session& sql) : sql_(sql) {}
  void Remember(const std::string& version, const std::string& files_json, int rule_count) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
