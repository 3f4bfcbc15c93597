#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

// How an actor is written into an event row: a signed-in user by id, name and role; the
// system (no user) as "system".
struct EventActor {
  std::optional<std::int64_t> id;
  std::string name;
  std::string role;
};
EventActor EventActorOf(const domain::Actor& actor);

class PgEventLog final : public workflow::EventLog {
 public:
  explicit PgEventLog(soci::session& sql) : sql_(sql) {}
  std::int64_t Append(std::optional<std::int64_t> case_id, const domain::Actor& actor, const std::string& event,
                      const std::string& detail_json) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
