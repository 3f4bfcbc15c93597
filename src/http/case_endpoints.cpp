// POST /api/v1/applications, GET /api/v1/cases, GET /api/v1/cases/{id}
#include <Poco/Logger.h>
#include <Poco/String.h>

#include <sstream>

#include "domain/idempotency_key.hpp"
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

constexpr const char* kIdempotencyKey = "Idempotency-Key";

// The Idempotency-Key header (draft-ietf-httpapi-idempotency-key-header): nullopt when
// absent. The draft's form is a Structured Field string, "…" with \" and \\ escapes; a bare
// value is taken as it is (many clients send one). Either way the key is what
// domain::IdempotencyKeyFault accepts. `bad` is the 400 for a header that is not one.
std::optional<std::string> IdempotencyKeyHeader(const Exchange& ex, std::optional<Response>& bad) {
  std::optional<std::string> value;
  int count = 0;
  for (const auto& [name, v] : ex.request) {
    if (Poco::icompare(name, kIdempotencyKey) != 0) continue;
    ++count;
    value = v;
  }
  if (!value) return std::nullopt;
  const auto refuse = [&](const std::string& message) {
    bad = Problem(domain::Error{domain::ErrorCode::kBadRequest, std::string(kIdempotencyKey) + " " + message + ".",
                                {{kIdempotencyKey, message}}, {}},
                  ex.instance);
    return std::nullopt;
  };
  if (count > 1) return refuse("must be sent once");
  std::string key = *value;
  if (!key.empty() && key.front() == '"') {
    key.clear();
    std::size_t i = 1;
    for (; i < value->size() && (*value)[i] != '"'; ++i) {
      char c = (*value)[i];
      if (c == '\\') {
        if (++i == value->size() || ((*value)[i] != '"' && (*value)[i] != '\\'))
          return refuse("is not a valid quoted string (only \\\" and \\\\ may be escaped)");
        c = (*value)[i];
      }
      key.push_back(c);
    }
    if (i + 1 != value->size()) return refuse("is not a valid quoted string (it must end with its closing quote)");
  }
  if (const std::string fault = domain::IdempotencyKeyFault(key); !fault.empty()) return refuse(fault);
  return key;
}

Response SubmitApplication(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kSubmitApplication)) return *denied;
  std::optional<Response> bad_key;
  const auto key = IdempotencyKeyHeader(ex, bad_key);
  if (bad_key) return *bad_key;
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<domain::FieldError> errors;
  domain::Application app = ParseApplication(body, errors);
  RefuseFractionalTimes(body, errors);
  RefuseNearMisses(body, errors);
  JsonFields(errors).AllText(body, "");  // the body is stored as it came, unknown members included
  auto result = ex.services.submit.Run(ex.Actor(), app, ex.body, std::move(errors), key);
  if (!result) return Problem(result.Err(), ex.instance);
  const domain::CaseSummary& summary = result->summary;
  Response r;
  if (result->numbered) {
    // A replay answers as its first request was answered: 201, the same Location, and the
    // case as it is now.
    r = Json(201, CaseSummaryJson(summary));
    r.headers.emplace_back("ETag", "\"" + std::to_string(summary.version) + "\"");
  } else {
    // Stored and committed, but not numbered yet (the background job will): not an error.
    Poco::Logger::get("granska.http")
        .warning("case %s was stored but not numbered: %s", std::to_string(summary.case_id), result->numbering_error);
    r = Json(202, SubmissionPendingJson(summary, key.has_value()));
  }
  r.headers.emplace_back("Location", "/api/v1/cases/" + std::to_string(summary.case_id));
  if (result->replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
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
  std::optional<std::int64_t> if_match;
  if (auto bad = ReadIfMatch(ex, if_match)) return *bad;
  const std::int64_t expected = if_match.value_or(current->summary.version);
  // An empty supplement adds nothing, yet it would store a revision and screen the case again
  // (which may route it elsewhere): refused as the schema says (minProperties: 1).
  if (additions->size() == 0)
    return Problem(domain::Error::Validation(
                       {{"(body)", "must name at least one member of the application to supplement"}}),
                   ex.instance);
  std::string error;
  auto merged = ParseObject(current->application_json, error);
  if (!merged) merged = new Poco::JSON::Object;
  DeepMerge(merged, additions);
  std::ostringstream text;
  merged->stringify(text);
  std::vector<domain::FieldError> errors;
  domain::Application app = ParseApplication(merged, errors);
  RefuseFractionalTimes(additions, errors);
  RefuseNearMisses(additions, errors);
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
  Response r = Json(200, CaseDetailJson(detail, pseudonymised, workflow::ShowsAppealDetails(ex.Actor().role)));
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
  router.Add({"GET", "/api/v1/queue", Access::kAuthenticated, false, Queue, {"status", "mine", "screening", "limit", "after"}});
  router.Add({"POST", "/api/v1/applications", Access::kAuthenticated, true, SubmitApplication});
  router.Add({"GET", "/api/v1/cases", Access::kAuthenticated, false, ListCases,
              {"status", "kind", "recommendation", "org_number", "submitted_before", "screening", "limit", "after"}});
  router.Add({"GET", "/api/v1/cases/{id}", Access::kAuthenticated, false, GetCase});
  router.Add({"POST", "/api/v1/cases/{id}/supplement", Access::kAuthenticated, true, SupplementApplication});
}

}  // namespace granska::http
