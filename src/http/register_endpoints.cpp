// Premises and the incident register.
#include <algorithm>
#include <iterator>

#include "http/endpoint_support.hpp"
#include "http/json_views.hpp"
#include "http/request_parsers.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

using workflow::Action;

namespace {

// The premises list's cursor kind: the last id shown (not a position, as before, so an old
// position cursor is refused rather than read as an id).
constexpr const char* kPremisesCursor = "premises-id";

Response PutPremises(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kManagePremises)) return *denied;
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<domain::FieldError> errors;
  domain::Premises p = ParsePremises(body, errors);
  p.id = ex.params["id"];
  auto result = ex.services.premises.Put(ex.Actor(), p, std::move(errors));
  if (!result) return Problem(result.Err(), ex.instance);
  domain::JsonWriter w;
  WritePremises(w, result->premises);
  Response r = Json(result->created ? 201 : 200, w.Take());
  if (result->created) r.headers.emplace_back("Location", "/api/v1/premises/" + p.id);
  return r;
}

Response ListPremises(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadPremises)) return *denied;
  // Premises are few (tens), so the keyset is applied in memory: the items whose id sorts
  // (bytewise) after the cursor's id, in id order. A premises created between two pages
  // sorts either before the cursor (not shown) or after it (shown once), never twice.
  std::vector<domain::FieldError> errors;
  const int limit = LimitParam(ex, errors);
  std::optional<std::string> after;
  if (auto it = ex.query.find("after"); it != ex.query.end() && it->second.empty()) {
    errors.push_back({"after", "must not be empty: leave it out for the first page"});
  } else if (it != ex.query.end()) {
    after = DecodeTextCursor(kPremisesCursor, it->second);
    if (!after || !domain::ValidPremisesId(*after))
      errors.push_back({"after", "is not a cursor returned as 'next' by this list"});
  }
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto all = ex.services.premises.List();
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  auto it = after ? std::upper_bound(all.begin(), all.end(), *after,
                                     [](const std::string& key, const auto& p) { return key < p.id; })
                  : all.begin();
  domain::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  int taken = 0;
  for (; it != all.end() && taken < limit; ++it, ++taken) WritePremises(w, *it);
  w.EndArray().Key("next");
  if (it != all.end() && taken > 0)
    w.String(EncodeTextCursor(kPremisesCursor, std::prev(it)->id));
  else
    w.Null();
  w.EndObject();
  return Json(200, w.Take());
}

Response GetPremises(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadPremises)) return *denied;
  auto result = ex.services.premises.Get(ex.params["id"]);
  if (!result) return Problem(result.Err(), ex.instance);
  domain::JsonWriter w;
  WritePremises(w, *result);
  return Json(200, w.Take());
}

Response RecordIncident(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kRecordIncident)) return *denied;
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<domain::FieldError> errors;
  domain::Incident incident = ParseIncident(body, errors);
  auto result = ex.services.incidents.Record(ex.Actor(), incident, std::move(errors));
  if (!result) return Problem(result.Err(), ex.instance);
  domain::JsonWriter w;
  WriteIncident(w, *result);
  Response r = Json(201, w.Take());
  r.headers.emplace_back("Location", "/api/v1/incidents/" + std::to_string(result->id));
  return r;
}

Response ListIncidents(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadIncidents)) return *denied;
  std::vector<domain::FieldError> errors;
  workflow::IncidentFilter filter;
  filter.limit = LimitParam(ex, errors);
  filter.after = AfterParam(ex, "incident", errors);
  filter.org_number = OrgNumberParam(ex, errors);
  if (auto it = ex.query.find("kind"); it != ex.query.end()) {
    filter.kind = domain::ParseIncidentKind(it->second);
    if (!filter.kind) errors.push_back({"kind", "unknown incident kind '" + it->second + "'"});
  }
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto page = ex.services.reads->Incidents(ex.Actor(), filter);  // recorded: incident_register_viewed
  if (!page) return Problem(page.Err(), ex.instance);
  return Json(200, PageJson(*page, "incident", WriteIncident));
}

Response GetIncident(Exchange& ex) {
  // No Deny() first: a role that may not read the register gets the same 404 as an unknown id.
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no incident '" + ex.params["id"] + "'."), ex.instance);
  auto incident = ex.services.reads->Incident(ex.Actor(), *id);  // recorded: incident_viewed
  if (!incident) return Problem(incident.Err(), ex.instance);
  domain::JsonWriter w;
  WriteIncident(w, *incident);
  return Json(200, w.Take());
}

}  // namespace

void AddRegisterRoutes(Router& router) {
  router.Add({"PUT", "/api/v1/premises/{id}", Access::kAuthenticated, true, PutPremises});
  router.Add({"GET", "/api/v1/premises", Access::kAuthenticated, false, ListPremises, {"limit", "after"}});
  router.Add({"GET", "/api/v1/premises/{id}", Access::kAuthenticated, false, GetPremises});
  router.Add({"POST", "/api/v1/incidents", Access::kAuthenticated, true, RecordIncident});
  router.Add({"GET", "/api/v1/incidents", Access::kAuthenticated, false, ListIncidents, {"org_number", "kind", "limit", "after"}});
  router.Add({"GET", "/api/v1/incidents/{id}", Access::kAuthenticated, false, GetIncident});
}

}  // namespace granska::http
