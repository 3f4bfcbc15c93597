// POST /api/v1/applications, GET /api/v1/cases, GET /api/v1/cases/{id}
#include <sstream>

#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/pseudonyms.hpp"
#include "http/request_parsers.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

using workflow::Action;

namespace {

Response SubmitApplication(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kSubmitApplication)) return *denied;
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<domain::FieldError> errors;
  domain::Application app = ParseApplication(body, errors);
  JsonFields(errors).AllText(body, "");  // the body is stored as it came, unknown members included
  auto result = ex.services.submit.Run(ex.Actor(), app, ex.body, std::move(errors));
  if (!result) return Problem(result.Err(), ex.instance);
  Response r = Json(201, CaseSummaryJson(*result));
  r.headers.emplace_back("Location", "/api/v1/cases/" + std::to_string(result->case_id));
  r.headers.emplace_back("ETag", "\"" + std::to_string(result->version) + "\"");
  return r;
}

// Objects merge member by member; arrays and scalars replace; null removes the member.
void DeepMerge(Poco::JSON::Object::Ptr into, Poco::JSON::Object::Ptr from) {
  for (const auto& [key, value] : *from) {
    if (value.isEmpty()) {
      into->remove(key);
    } else if (from->isObject(key) && into->has(key) && into->isObject(key)) {
      DeepMerge(into->getObject(key), from->getObject(key));
    } else {
      into->set(key, value);
    }
  }
}

Response SupplementApplication(Exchange& ex) {
  // Like every workflow command: 404 for an unknown case first, then 403 for a role that may
  // never supplement (docs/openapi.yaml).
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  auto current = ex.services.cases.Get(*id);
  if (!current) return Problem(current.Err(), ex.instance);
  if (auto denied = Deny(ex, Action::kSupplementApplication)) return *denied;
  Poco::JSON::Object::Ptr additions;
  if (auto bad = ReadJsonObject(ex, additions)) return *bad;
  // Without If-Match (or with "*") the supplement applies to the version just read.
  bool bad_if_match = false;
  const std::int64_t expected = ExpectedVersion(ex, bad_if_match).value_or(current->summary.version);
  if (bad_if_match)
    return Problem(domain::Error{domain::ErrorCode::kBadRequest, "If-Match must be the case's ETag, e.g. \"3\".", {}, {}},
                   ex.instance);
  std::string error;
  auto merged = ParseObject(current->application_json, error);
  if (!merged) merged = new Poco::JSON::Object;
  DeepMerge(merged, additions);
  std::ostringstream text;
  merged->stringify(text);
  std::vector<domain::FieldError> errors;
  domain::Application app = ParseApplication(merged, errors);
  JsonFields(errors).AllText(additions, "");  // stored in the merged body, unknown members included
  auto result = ex.services.supplement.Run(ex.Actor(), *id, expected, app, text.str(), std::move(errors));
  if (!result) return Problem(result.Err(), ex.instance);
  Response r = Json(200, CaseSummaryJson(*result));
  r.headers.emplace_back("ETag", "\"" + std::to_string(result->version) + "\"");
  return r;
}

// `screening=full` (the default: every rule's result) or `brief` (rule set and
// recommendation only); CaseQueries records the full lists only.
workflow::ScreeningDetail ScreeningParam(const Exchange& ex, std::vector<domain::FieldError>& errors) {
  auto it = ex.query.find("screening");
  if (it == ex.query.end() || it->second == "full") return workflow::ScreeningDetail::kFull;
  if (it->second == "brief") return workflow::ScreeningDetail::kBrief;
  errors.push_back({"screening", "must be full or brief"});
  return workflow::ScreeningDetail::kFull;
}

Response ListCases(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadCases)) return *denied;
  std::vector<domain::FieldError> errors;
  workflow::CaseFilter filter;
  filter.limit = LimitParam(ex, errors);
  filter.after = AfterParam(ex, "case", errors);
  if (auto it = ex.query.find("status"); it != ex.query.end()) {
    filter.status = domain::ParseCaseStatus(it->second);
    if (!filter.status) errors.push_back({"status", "unknown status '" + it->second + "'"});
  }
  if (auto it = ex.query.find("kind"); it != ex.query.end()) {
    filter.kind = domain::ParseApplicationKind(it->second);
    if (!filter.kind) errors.push_back({"kind", "must be grant or booking"});
  }
  if (auto it = ex.query.find("recommendation"); it != ex.query.end()) {
    const auto& v = it->second;
    if (v == "cleared" || v == "needs_info" || v == "ineligible" || v == "flag")
      filter.recommendation = v;
    else
      errors.push_back({"recommendation", "must be one of cleared, needs_info, ineligible, flag"});
  }
  filter.org_number = OrgNumberParam(ex, errors);
  if (auto it = ex.query.find("submitted_before"); it != ex.query.end()) {
    filter.submitted_before = domain::Date::Parse(it->second);
    if (!filter.submitted_before) errors.push_back({"submitted_before", NotADateMessage(it->second)});
  }
  filter.screening = ScreeningParam(ex, errors);
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto page = ex.services.cases.List(ex.Actor(), filter);  // recorded unless brief: cases_listed
  return Json(200, PageJson(page, "case", WriteCaseSummary));
}

Response GetCase(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadCases)) return *denied;
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  auto result = ex.services.cases.Open(ex.Actor(), *id);  // recorded: case_file_viewed
  if (!result) return Problem(result.Err(), ex.instance);
  domain::CaseDetail& detail = result->detail;
  const bool pseudonymised = result->application == workflow::ApplicationAccess::kPseudonymised;
  if (result->application != workflow::ApplicationAccess::kAsSubmitted) {
    // The advisory group and admins get what the referral packet shows: the members the
    // server reads (never whatever else the submission carried), names pseudonymised unless
    // the member asked for them (security review H2, M1).
    std::string error;
    auto json = ParseObject(detail.application_json, error);
    if (!json) json = new Poco::JSON::Object;
    std::vector<domain::FieldError> ignored;  // stored applications were valid when stored
    const domain::Application app = ParseApplication(json, ignored);
    domain::JsonWriter w;
    const Pseudonyms names(app);
    WriteApplication(w, pseudonymised ? names.Apply(app) : app);
    detail.application_json = w.Take();
    // The free text officers and members wrote may name the same persons.
    if (pseudonymised) names.InCase(detail);
  }
  Response r = Json(200, CaseDetailJson(detail, pseudonymised));
  r.headers.emplace_back("ETag", "\"" + std::to_string(detail.summary.version) + "\"");
  return r;
}

// An officer's queue: open cases oldest first, optionally only those assigned to me.
Response Queue(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadCases)) return *denied;
  std::vector<domain::FieldError> errors;
  workflow::QueueFilter filter;
  filter.limit = LimitParam(ex, errors);
  filter.after = AfterParam(ex, "queue", errors);
  if (auto it = ex.query.find("status"); it != ex.query.end()) {
    filter.status = domain::ParseCaseStatus(it->second);
    if (!filter.status) errors.push_back({"status", "unknown status '" + it->second + "'"});
  }
  if (auto it = ex.query.find("mine"); it != ex.query.end()) {
    if (it->second == "true")
      filter.assigned_to = ex.user->id;
    else if (it->second != "false")
      errors.push_back({"mine", "must be true or false"});
  }
  filter.screening = ScreeningParam(ex, errors);
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto page = ex.services.cases.Queue(ex.Actor(), filter);  // recorded unless brief: cases_listed
  return Json(200, PageJson(page, "queue", WriteCaseSummary));
}

}  // namespace

void AddCaseRoutes(Router& router) {
  router.Add({"GET", "/api/v1/queue", Access::kAuthenticated, false, Queue});
  router.Add({"POST", "/api/v1/applications", Access::kAuthenticated, true, SubmitApplication});
  router.Add({"GET", "/api/v1/cases", Access::kAuthenticated, false, ListCases});
  router.Add({"GET", "/api/v1/cases/{id}", Access::kAuthenticated, false, GetCase});
  router.Add({"POST", "/api/v1/cases/{id}/supplement", Access::kAuthenticated, true, SupplementApplication});
}

}  // namespace granska::http
