// Records (issue 9): legal holds, secrecy marks on cases and incidents, and the export for a
// public-access request. Handlers parse, call one use case in workflow/records_service, write.
#include "domain/json_text.hpp"
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/public_export.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

using workflow::Action;

namespace {

Response NoCase(const Exchange& ex) {
  return Problem(domain::Error::NotFound("There is no case '" + ex.params.at("id") + "'."), ex.instance);
}
Response NoIncident(const Exchange& ex) {
  return Problem(domain::Error::NotFound("There is no incident '" + ex.params.at("id") + "'."), ex.instance);
}

// Role first, then the body: a role that may never do this gets 403 whatever it sent.
std::optional<Response> ReadBody(Exchange& ex, Action action, Poco::JSON::Object::Ptr& body) {
  if (auto denied = Deny(ex, action)) return denied;
  return ReadJsonObject(ex, body);
}

Response HoldJson(int status, const domain::Result<domain::LegalHold>& r, const Exchange& ex) {
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteLegalHold(w, *r);
  return Json(status, w.Take());
}

Response MarkJson(int status, const domain::Result<domain::SecrecyMark>& r, const Exchange& ex) {
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteSecrecyMark(w, *r);
  return Json(status, w.Take());
}

Response MarksJson(const domain::Result<std::vector<domain::SecrecyMark>>& r, const Exchange& ex) {
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& m : *r) WriteSecrecyMark(w, m);
  w.EndArray().EndObject();
  return Json(200, w.Take());
}

std::optional<Response> Reason(Exchange& ex, Action action, std::string& reason) {
  Poco::JSON::Object::Ptr body;
  if (auto r = ReadBody(ex, action, body)) return r;
  std::vector<domain::FieldError> errors;
  JsonFields f(errors);
  reason = f.String(body, "", "reason", false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return std::nullopt;
}

std::optional<Response> Mark(Exchange& ex, workflow::MarkRequest& m) {
  Poco::JSON::Object::Ptr body;
  if (auto r = ReadBody(ex, Action::kMarkSecrecy, body)) return r;
  std::vector<domain::FieldError> errors;
  JsonFields f(errors);
  m.part = f.String(body, "", "part", false).value_or("");
  m.ground = f.String(body, "", "ground", false).value_or("");
  m.reason = f.String(body, "", "reason", false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return std::nullopt;
}

Response PlaceHold(Exchange& ex) {
  std::string reason;
  if (auto r = Reason(ex, Action::kHoldCases, reason)) return *r;
  auto id = IdParam(ex, "id");
  if (!id) return NoCase(ex);
  return HoldJson(201, ex.services.holds->Place(ex.Actor(), *id, reason), ex);
}

Response ReleaseHold(Exchange& ex) {
  std::string reason;
  if (auto r = Reason(ex, Action::kHoldCases, reason)) return *r;
  auto id = IdParam(ex, "id");
  if (!id) return NoCase(ex);
  return HoldJson(200, ex.services.holds->Release(ex.Actor(), *id, reason), ex);
}

Response MarkCase(Exchange& ex) {
  workflow::MarkRequest m;
  if (auto r = Mark(ex, m)) return *r;
  auto id = IdParam(ex, "id");
  if (!id) return NoCase(ex);
  return MarkJson(201, ex.services.secrecy->MarkCase(ex.Actor(), *id, m), ex);
}

Response UnmarkCase(Exchange& ex) {
  std::string reason;
  if (auto r = Reason(ex, Action::kMarkSecrecy, reason)) return *r;
  auto id = IdParam(ex, "id");
  if (!id) return NoCase(ex);
  auto mark = IdParam(ex, "mark_id");
  if (!mark) return Problem(domain::Error::NotFound("There is no secrecy mark '" + ex.params["mark_id"] + "'."), ex.instance);
  return MarkJson(200, ex.services.secrecy->UnmarkCase(ex.Actor(), *id, *mark, reason), ex);
}

Response CaseMarks(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadCases)) return *denied;
  auto id = IdParam(ex, "id");
  if (!id) return NoCase(ex);
  return MarksJson(ex.services.secrecy->CaseMarks(ex.Actor(), *id), ex);
}

Response MarkIncident(Exchange& ex) {
  workflow::MarkRequest m;
  if (auto r = Mark(ex, m)) return *r;
  auto id = IdParam(ex, "id");
  if (!id) return NoIncident(ex);
  return MarkJson(201, ex.services.secrecy->MarkIncident(ex.Actor(), *id, m), ex);
}

Response UnmarkIncident(Exchange& ex) {
  std::string reason;
  if (auto r = Reason(ex, Action::kMarkSecrecy, reason)) return *r;
  auto id = IdParam(ex, "id");
  if (!id) return NoIncident(ex);
  auto mark = IdParam(ex, "mark_id");
  if (!mark) return Problem(domain::Error::NotFound("There is no secrecy mark '" + ex.params["mark_id"] + "'."), ex.instance);
  return MarkJson(200, ex.services.secrecy->UnmarkIncident(ex.Actor(), *id, *mark, reason), ex);
}

Response IncidentMarks(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadIncidents)) return *denied;
  auto id = IdParam(ex, "id");
  if (!id) return NoIncident(ex);
  return MarksJson(ex.services.secrecy->IncidentMarks(ex.Actor(), *id), ex);
}

// ?lang=sv|en (default sv) and ?format=json|html (default json); 422 naming the parameter.
std::optional<Response> ExportParams(const Exchange& ex, std::string& lang, std::string& format) {
  std::vector<domain::FieldError> errors;
  lang = "sv";
  format = "json";
  if (auto it = ex.query.find("lang"); it != ex.query.end()) {
    lang = it->second;
    if (lang != "sv" && lang != "en") errors.push_back({"lang", "must be sv or en"});
  }
  if (auto it = ex.query.find("format"); it != ex.query.end()) {
    format = it->second;
    if (format != "json" && format != "html") errors.push_back({"format", "must be json or html"});
  }
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return std::nullopt;
}

Response Export(std::string body, const std::string& format) {
  Response r = Json(200, std::move(body));
  if (format == "html") r.content_type = "text/html; charset=utf-8";
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response CaseExport(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kExportCasePublic)) return *denied;
  std::string lang, format;
  if (auto bad = ExportParams(ex, lang, format)) return *bad;
  auto id = IdParam(ex, "id");
  if (!id) return NoCase(ex);
  auto e = ex.services.exports->ForCase(ex.Actor(), *id, lang, format);
  if (!e) return Problem(e.Err(), ex.instance);
  const auto& plan = ex.services.exports->Plan();
  return Export(format == "html" ? PublicExportHtml(*e, plan, lang) : PublicExportJson(*e, plan, lang), format);
}

Response IncidentExport(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kExportPublic)) return *denied;
  if (auto denied = Deny(ex, Action::kReadIncidents)) return *denied;
  std::string lang, format;
  if (auto bad = ExportParams(ex, lang, format)) return *bad;
  auto id = IdParam(ex, "id");
  if (!id) return NoIncident(ex);
  auto e = ex.services.exports->ForIncident(ex.Actor(), *id, lang, format);
  if (!e) return Problem(e.Err(), ex.instance);
  const auto& plan = ex.services.exports->Plan();
  return Export(format == "html" ? IncidentExportHtml(*e, plan, lang) : IncidentExportJson(*e, plan, lang), format);
}

}  // namespace

void AddRecordsRoutes(Router& router) {
  router.Add({"POST", "/api/v1/cases/{id}/legal-hold", Access::kAuthenticated, true, PlaceHold});
  router.Add({"POST", "/api/v1/cases/{id}/legal-hold/release", Access::kAuthenticated, true, ReleaseHold});
  router.Add({"GET", "/api/v1/cases/{id}/secrecy-marks", Access::kAuthenticated, false, CaseMarks});
  router.Add({"POST", "/api/v1/cases/{id}/secrecy-marks", Access::kAuthenticated, true, MarkCase});
  router.Add({"POST", "/api/v1/cases/{id}/secrecy-marks/{mark_id}/removal", Access::kAuthenticated, true, UnmarkCase});
  router.Add({"GET", "/api/v1/cases/{id}/public-export", Access::kAuthenticated, false, CaseExport, {"lang", "format"}});
  router.Add({"GET", "/api/v1/incidents/{id}/secrecy-marks", Access::kAuthenticated, false, IncidentMarks});
  router.Add({"POST", "/api/v1/incidents/{id}/secrecy-marks", Access::kAuthenticated, true, MarkIncident});
  router.Add({"POST", "/api/v1/incidents/{id}/secrecy-marks/{mark_id}/removal", Access::kAuthenticated, true,
              UnmarkIncident});
  router.Add({"GET", "/api/v1/incidents/{id}/public-export", Access::kAuthenticated, false, IncidentExport, {"lang", "format"}});
}

}  // namespace granska::http
