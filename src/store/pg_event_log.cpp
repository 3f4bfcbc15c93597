#include "store/pg_event_log.hpp"

#include <soci/soci.h>

#include "store/row_reader.hpp"

namespace granska::store {
namespace {

constexpr const char* kAppend =
    "INSERT INTO events (case_id, actor_id, actor_name, actor_role, event, detail) "
    "VALUES (:c, :a, :n, :r, :e, :d::jsonb) RETURNING id";

}  // namespace

EventActor EventActorOf(const domain::Actor& actor) {
  EventActor a;
  if (actor.user_id) a.id = actor.user_id;
  a.name = actor.name.empty() ? std::string("system") : actor.name;
  a.role = std::string(actor.user_id ? domain::ToString(actor.role) : std::string_view("system"));
  return a;
}

std::int64_t PgEventLog::Append(std::optional<std::int64_t> case_id, const domain::Actor& actor,
                                const std::string& event, const std::string& detail_json) {
  const EventActor a = EventActorOf(actor);
  // Every use case appends events: a prepared statement of the connection (store/prepared.hpp).
  const auto rows = Prepared(sql_, kAppend, {case_id, a.id, a.name, a.role, event,
                                             detail_json.empty() ? std::string("{}") : detail_json});
  return BigInt(PgRow{rows, 0}, 0);
}

}  // namespace granska::store
