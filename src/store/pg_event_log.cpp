#include "store/pg_event_log.hpp"

#include <soci/soci.h>

#include "store/row_reader.hpp"

namespace granska::store {
namespace {

constexpr const char* kAppend =
    "INSERT INTO events (case_id, actor_id, actor_name, actor_role, event, detail) "
    "VALUES (:c, :a, :n, :r, :e, :d::jsonb) RETURNING id";

}  // namespace

std::int64_t PgEventLog::Append(std::optional<std::int64_t> case_id, const domain::Actor& actor,
                                const std::string& event, const std::string& detail_json) {
  Nullable<long long> c(case_id);
  Nullable<long long> a(actor.user_id ? std::optional<long long>(actor.user_id) : std::nullopt);
  std::string name = actor.name.empty() ? std::string("system") : actor.name;
  std::string role(actor.user_id ? domain::ToString(actor.role) : std::string_view("system"));
  std::string detail = detail_json.empty() ? std::string("{}") : detail_json;
  long long id = 0;
  sql_ << kAppend, soci::use(c.value, c.ind), soci::use(a.value, a.ind), soci::use(name), soci::use(role),
      soci::use(event), soci::use(detail), soci::into(id);
  return id;
}

}  // namespace granska::store
