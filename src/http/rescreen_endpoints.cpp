// Re-screening (issue 7): an admin starts one; admins and auditors read the runs and the
// cases whose screening changed. POST runs the re-screening to its end before it
// answers (a million cases take about a minute); a second one meanwhile gets 409.
#include "http/endpoint_support.hpp"
#include "http/json_views.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "workflow/rescreen.hpp"

namespace granska::http {

using workflow::Action;

namespace {

constexpr const char* kNoStatusChanged =
    "No case status was changed: a changed screening is for a case officer to assess; the rules engine never "
    "takes an adverse decision by itself.";

void WriteRun(domain::JsonWriter& w, const workflow::RescreenRun& run) {
  w.BeginObject().Field("id", run.id).Field("status", run.status).Field("started_at", run.started_at);
  w.Key("finished_at");
  if (run.finished_at)
    w.String(*run.finished_at);
  else
    w.Null();
  w.Key("started_by").BeginObject().Key("id");
  if (run.started_by)
    w.Int(*run.started_by);
  else
    w.Null();
  w.Field("name", run.started_by_name).EndObject();
  w.Key("rule_set").BeginObject().Field("version", run.rule_set_version).Key("rules").BeginArray();
  for (std::size_t pos = 0; pos < run.rule_ids.size();) {
    auto end = run.rule_ids.find(',', pos);
    if (end == std::string::npos) end = run.rule_ids.size();
    w.String(std::string_view(run.rule_ids).substr(pos, end - pos));
    pos = end + 1;
  }
  w.EndArray().Key("previous").Raw(run.previous_rule_sets.empty() ? "{}" : run.previous_rule_sets).EndObject();
  const auto& c = run.counts;
  w.Key("counts")
      .BeginObject()
      .Field("screened", c.screened)
      .Field("open", c.open)
      .Field("follow_up", c.follow_up)
      .Field("unchanged", c.unchanged)
      .Field("newly_flagged", c.newly_flagged)
      .Field("no_longer_flagged", c.no_longer_flagged)
      .Field("other_changes", c.other_changes)
      .Field("outcomes_changed", c.outcomes_changed)
      .Field("skipped", c.skipped)
      .Field("unreadable", c.unreadable)
      .EndObject();
  w.Field("duration_ms", static_cast<std::int64_t>(run.seconds * 1000.0 + 0.5))
      .Field("status_changes", std::int64_t{0})
      .Field("note", kNoStatusChanged);
  w.Key("error");
  if (run.error.empty())
    w.Null();
  else
    w.String(run.error);
  w.EndObject();
}

void WriteChange(domain::JsonWriter& w, const workflow::RescreenChangeView& c) {
  w.BeginObject().Field("case_id", c.case_id).Field("case_number", c.case_number).Field("status", c.status);
  w.Key("previous_recommendation");
  if (c.previous)
    w.String(*c.previous);
  else
    w.Null();
  w.Field("recommendation", c.recommendation).Field("change", c.change).Field("verdicts", c.verdicts).EndObject();
}

std::optional<Response> Unavailable(const Exchange& ex) {
  if (ex.services.rescreen) return std::nullopt;
  return Problem(domain::Error{domain::ErrorCode::kUnavailable, "Re-screening is not available on this server.", {}, {}},
                 ex.instance);
}

Response StartRescreen(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kRunRescreen)) return *denied;
  if (auto unavailable = Unavailable(ex)) return *unavailable;
  auto report = ex.services.rescreen->Run(ex.Actor());
  if (!report) return Problem(report.Err(), ex.instance);
  domain::JsonWriter w;
  WriteRun(w, report->run);
  Response r = Json(201, w.Take());
  r.headers.emplace_back("Location", "/api/v1/admin/rescreen/" + std::to_string(report->run.id));
  return r;
}

Response ListRescreens(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadRescreens)) return *denied;
  if (auto unavailable = Unavailable(ex)) return *unavailable;
  std::vector<domain::FieldError> errors;
  const int limit = LimitParam(ex, errors);
  const auto before = AfterParam(ex, "rescreen", errors);
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return Json(200, PageJson(ex.services.rescreen->List(limit, before), "rescreen", WriteRun));
}

Response GetRescreen(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadRescreens)) return *denied;
  if (auto unavailable = Unavailable(ex)) return *unavailable;
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no re-screening run '" + ex.params["id"] + "'."), ex.instance);
  auto run = ex.services.rescreen->Get(*id);
  if (!run) return Problem(run.Err(), ex.instance);
  domain::JsonWriter w;
  WriteRun(w, *run);
  return Json(200, w.Take());
}

Response ListRescreenChanges(Exchange& ex) {
  if (auto denied = Deny(ex, Action::kReadRescreens)) return *denied;
  if (auto unavailable = Unavailable(ex)) return *unavailable;
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no re-screening run '" + ex.params["id"] + "'."), ex.instance);
  std::vector<domain::FieldError> errors;
  const int limit = LimitParam(ex, errors);
  const auto after = AfterParam(ex, "rescreen-change", errors);
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto page = ex.services.rescreen->Changes(*id, limit, after);
  if (!page) return Problem(page.Err(), ex.instance);
  return Json(200, PageJson(*page, "rescreen-change", WriteChange));
}

}  // namespace

void AddRescreenRoutes(Router& router) {
  router.Add({"POST", "/api/v1/admin/rescreen", Access::kAuthenticated, false, StartRescreen});
  router.Add({"GET", "/api/v1/admin/rescreen", Access::kAuthenticated, false, ListRescreens, {"limit", "after"}});
  router.Add({"GET", "/api/v1/admin/rescreen/{id}", Access::kAuthenticated, false, GetRescreen});
  router.Add({"GET", "/api/v1/admin/rescreen/{id}/changes", Access::kAuthenticated, false, ListRescreenChanges,
              {"limit", "after"}});
}

}  // namespace granska::http
