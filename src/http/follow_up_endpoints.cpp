// Follow-up: conditions, the premises calendar, inspections.
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

namespace {

using domain::FieldError;

void WriteConditionView(domain::JsonWriter& w, const workflow::ConditionView& v) {
  const auto& c = v.condition;
  w.BeginObject()
      .Field("id", c.id)
      .Field("case_id", c.case_id)
      .Field("case_number", v.case_number)
      .Key("organisation")
      .BeginObject()
      .Field("org_number", v.org_number)
      .Field("name", v.organisation_name)
      .EndObject()
      .Field("kind", domain::ToString(c.kind))
      .Field("due", c.due.ToString())
      .Field("description", c.description)
      .Field("status", c.status);
  w.Key("evidence");
  if (v.evidence.empty())
    w.Null();
  else
    w.String(v.evidence);
  w.Key("closed_at");
  if (v.closed_at)
    w.String(*v.closed_at);
  else
    w.Null();
  w.EndObject();
}

Response ListConditions(Exchange& ex) {
  if (auto denied = Deny(ex, workflow::Action::kReadCases)) return *denied;
  std::vector<FieldError> errors;
  workflow::ConditionFilter filter;
  filter.limit = LimitParam(ex, errors);
  filter.after = AfterParam(ex, "condition", errors);
  if (auto it = ex.query.find("status"); it != ex.query.end()) {
    const auto& s = it->second;
    if (s == "pending" || s == "fulfilled" || s == "overdue" || s == "breached" || s == "waived")
      filter.status = s;
    else
      errors.push_back({"status", "must be one of pending, fulfilled, overdue, breached, waived"});
  }
  if (auto it = ex.query.find("due_before"); it != ex.query.end()) {
    filter.due_before = domain::Date::Parse(it->second);
    if (!filter.due_before) errors.push_back({"due_before", NotADateMessage(it->second)});
  }
  filter.org_number = OrgNumberParam(ex, errors);
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  // The advisory group gets the conditions of the cases it reads only (ConditionService::List).
  return Json(200, PageJson(ex.services.conditions.List(ex.Actor(), filter), "condition", WriteConditionView));
}

Response CloseCondition(Exchange& ex, const std::string& status, const std::string& field) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no condition '" + ex.params["id"] + "'."), ex.instance);
  std::optional<std::int64_t> expected;  // the condition's case, as its reader saw it
  if (auto bad = ReadIfMatch(ex, expected)) return *bad;
  // The body is optional here: without one the use case names the missing field (422).
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  if (!ex.body.empty())
    if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string text = f.String(body, "", field, false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto r = ex.services.conditions.Close(ex.Actor(), *id, status, text, expected);
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteConditionView(w, *r);
  return Json(200, w.Take());
}

Response Fulfil(Exchange& ex) { return CloseCondition(ex, "fulfilled", "evidence"); }
Response Breach(Exchange& ex) { return CloseCondition(ex, "breached", "reason"); }
Response Waive(Exchange& ex) { return CloseCondition(ex, "waived", "reason"); }

Response Calendar(Exchange& ex) {
  if (auto denied = Deny(ex, workflow::Action::kReadPremises)) return *denied;
  std::vector<FieldError> errors;
  auto instant = [&](const char* key) -> std::optional<domain::Instant> {
    auto it = ex.query.find(key);
    if (it == ex.query.end()) {
      errors.push_back({key, "is required"});
      return std::nullopt;
    }
    if (auto d = domain::Date::Parse(it->second)) {
      if (auto outside = OutsideCalendarYears(*d)) {  // 0001-01-01: no query the database refuses
        errors.push_back({key, *outside});
        return std::nullopt;
      }
      return StartOfLocalDay(*d);
    }
    auto t = domain::Instant::Parse(it->second);
    if (!t)  // 2026-02-30: say it is no calendar date
      errors.push_back(
          {key, NoSuchDayMessage(it->second).value_or("must be a date (YYYY-MM-DD) or a time with offset")});
    else if (auto outside = OutsideCalendarYears(*t)) {
      errors.push_back({key, *outside});
      return std::nullopt;
    } else if (domain::Instant::HasFraction(it->second)) {
      errors.push_back({key, "must be in whole seconds (times are kept to the second)"});
      return std::nullopt;
    }
    return t;
  };
  auto from = instant("from");
  auto to = instant("to");
  if (from && to && !(*from < *to)) errors.push_back({"to", "must be after from"});
  constexpr std::int64_t kMaxSeconds = std::int64_t{workflow::kMaxCalendarDays} * 86400;
  if (from && to && to->EpochSeconds() - from->EpochSeconds() > kMaxSeconds)
    errors.push_back({"to", "must be at most " + std::to_string(workflow::kMaxCalendarDays) + " days after from"});
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto premises = ex.services.premises.Get(ex.params["id"]);
  if (!premises) return Problem(premises.Err(), ex.instance);
  auto slots = ex.services.premises.Calendar(ex.params["id"], *from, *to);
  domain::JsonWriter w;
  w.BeginObject().Key("premises");
  WritePremises(w, *premises);
  w.Key("items").BeginArray();
  for (const auto& s : slots)
    w.BeginObject()
        .Field("case_id", s.case_id)
        .Field("case_number", s.case_number)
        .Field("organisation", s.organisation_name)
        .Field("status", s.status)
        .Field("start", s.starts_at)
        .Field("end", s.ends_at)
        .EndObject();
  // The list shape of every list (shared/api.md); a calendar is bounded by from/to, never paged.
  w.EndArray().Key("next").Null().EndObject();
  return Json(200, w.Take());
}

void WriteInspection(domain::JsonWriter& w, const workflow::Inspection& i) {
  w.BeginObject()
      .Field("id", i.id)
      .Field("case_id", i.case_id)
      .Field("premises_id", i.premises_id)
      .Field("planned_on", i.planned_on.ToString())
      .Field("reason", i.reason);
  w.Key("performed_on");
  if (i.performed_on)
    w.String(i.performed_on->ToString());
  else
    w.Null();
  w.Key("findings");
  if (i.findings.empty())
    w.Null();
  else
    w.String(i.findings);
  w.Key("outcome");
  if (i.outcome.empty())
    w.Null();
  else
    w.String(i.outcome);
  w.Key("condition_id");
  if (i.condition_id)
    w.Int(*i.condition_id);
  else
    w.Null();
  w.Key("incident_id");
  if (i.incident_id)
    w.Int(*i.incident_id);
  else
    w.Null();
  w.EndObject();
}

Response RequestInspection(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  std::optional<std::int64_t> expected;
  if (auto bad = ReadIfMatch(ex, expected)) return *bad;
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  auto planned = f.Date(body, "", "planned_on", false);
  const std::string reason = f.String(body, "", "reason", false).value_or("");
  auto r = ex.services.inspections.Request(ex.Actor(), *id, expected, planned, reason, std::move(errors));
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteInspection(w, *r);
  Response resp = Json(201, w.Take());
  resp.headers.emplace_back("Location", "/api/v1/inspections/" + std::to_string(r->id));
  return resp;
}

Response GetInspection(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no inspection '" + ex.params["id"] + "'."), ex.instance);
  auto r = ex.services.inspections.Get(ex.Actor(), *id);
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteInspection(w, *r);
  return Json(200, w.Take());
}

Response RecordFindings(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no inspection '" + ex.params["id"] + "'."), ex.instance);
  std::optional<std::int64_t> expected;  // the inspection's case
  if (auto bad = ReadIfMatch(ex, expected)) return *bad;
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::FindingsInput in;
  in.performed_on = f.Date(body, "", "performed_on", false);
  in.findings = f.String(body, "", "findings", false).value_or("");
  in.outcome = f.String(body, "", "outcome", false).value_or("");
  in.condition_id = f.Int(body, "", "condition_id", false);
  if (auto inc = f.Object(body, "", "incident", false)) {
    if (auto k = f.String(inc, "incident", "kind", true)) {
      in.incident_kind = domain::ParseIncidentKind(*k);
      if (!in.incident_kind) f.Error("incident.kind", "unknown incident kind '" + *k + "'");
    }
    in.incident_verified = f.Bool(inc, "incident", "verified", false).value_or(true);
  }
  auto r = ex.services.inspections.RecordFindings(ex.Actor(), *id, expected, in, std::move(errors));
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteInspection(w, *r);
  return Json(200, w.Take());
}

}  // namespace

void AddFollowUpRoutes(Router& router) {
  router.Add({"GET", "/api/v1/conditions", Access::kAuthenticated, false, ListConditions,
              {"status", "due_before", "org_number", "limit", "after"}});
  router.Add({"POST", "/api/v1/conditions/{id}/fulfil", Access::kAuthenticated, true, Fulfil});
  router.Add({"POST", "/api/v1/conditions/{id}/breach", Access::kAuthenticated, true, Breach});
  router.Add({"POST", "/api/v1/conditions/{id}/waive", Access::kAuthenticated, true, Waive});
  router.Add({"GET", "/api/v1/premises/{id}/calendar", Access::kAuthenticated, false, Calendar, {"from", "to"}});
  router.Add({"POST", "/api/v1/cases/{id}/inspections", Access::kAuthenticated, true, RequestInspection});
  router.Add({"GET", "/api/v1/inspections/{id}", Access::kAuthenticated, false, GetInspection});
  router.Add({"POST", "/api/v1/inspections/{id}/findings", Access::kAuthenticated, true, RecordFindings});
}

}  // namespace granska::http
