// Premises and the incident register.
#include "http/endpoint_support.hpp"
#include "http/json_views.hpp"
#include "http/request_parsers.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

using workflow::Action;

namespace {

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
  // Premises are few (tens): page the ordered list in memory by position.
  std::vector<domain::FieldError> errors;
  const int limit = LimitParam(ex, errors);
  const auto after = AfterParam(ex, "premises", errors);
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  const auto all = ex.services.premises.List();
  workflow::Page<domain::Premises> page;
  std::size_t start = after ? static_cast<std::size_t>(*after) : 0;
  for (std::size_t i = start; i < all.size() && page.items.size() < static_cast<std::size_t>(limit); ++i)
    page.items.push_back(all[i]);
  if (start + page.items.size() < all.size()) page.next_after = static_cast<std::int64_t>(start + page.items.size());
  return Json(200, PageJson(page, "premises", WritePremises));
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
  router.Add({"GET", "/api/v1/premises", Access::kAuthenticated, false, ListPremises});
  router.Add({"GET", "/api/v1/premises/{id}", Access::kAuthenticated, false, GetPremises});
  router.Add({"POST", "/api/v1/incidents", Access::kAuthenticated, true, RecordIncident});
  router.Add({"GET", "/api/v1/incidents", Access::kAuthenticated, false, ListIncidents});
  router.Add({"GET", "/api/v1/incidents/{id}", Access::kAuthenticated, false, GetIncident});
}

}  // namespace granska::http
