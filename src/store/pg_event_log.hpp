#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgEventLog final : public workflow::EventLog {
 public:
  explicit PgEventLog(soci::session& sql) : sql_(sql) {}
  std::int64_t Append(std::optional<std::int64_t> case_id, const domain::Actor& actor, const std::string& event,
                      const std::string& detail_json) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
