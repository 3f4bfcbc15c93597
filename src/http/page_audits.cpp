// The auditor's pages: audit runs (a reproducible sample drawn with a recorded seed and
// documented risk criteria), the sample with its checklists and findings, sign-off, and the
// report for the board. Every form calls workflow::AuditService, as the API does.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <charconv>
#include <ctime>

#include "http/audit_report.hpp"
#include "http/json_fields.hpp"
#include "http/page_routes.hpp"
#include "http/page_views.hpp"

namespace granska::http {

using domain::Role;
using pages::View;

namespace {

// Who may open these pages: the matrix (workflow/authorization.cpp).
const std::vector<Role> kAuditor = workflow::RolesFor(workflow::Action::kRunAudits);

std::optional<std::int64_t> Number(const std::string& text) {
  std::string digits;
  for (char c : text)
    if (c != ' ') digits.push_back(c);
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> Param(PageRequest& req, const std::string& name) {
  auto v = Number(req.ex.params[name]);
  return v && *v > 0 ? v : std::nullopt;
}

// ---- Runs -----------------------------------------------------------------------------------

Response RunsPage(PageRequest& req, const std::vector<domain::FieldError>& problems, int status) {
  auto runs = req.ex.services.audits.List(req.Actor());
  if (!runs) return ErrorPage(req, runs.Err());
  View rows = View::List();
  for (const auto& r : *runs) {
    View v;
    v.Set("id", View::Number(r.id))
        .Set("href", "/audits/" + std::to_string(r.id))
        .Set("period", r.period_from.ToString() + " – " + r.period_to.ToString())
        .Set("sample_size", View::Number(r.sample_size))
        .Set("population", View::Number(r.population))
        .Set("seed", View::Number(r.seed))
        .Set("status", req.Label("audit_status_", r.status))
        .Set("status_class", "audit-" + r.status)
        .Set("created_at", LocalTime(r.created_at));
    rows.Push(std::move(v));
  }
  FieldErrors errors(req, "audit");
  errors.Labels({{"from", "audit_from"}, {"to", "audit_to"}, {"sample_size", "audit_sample_size"}, {"seed", "audit_seed"}});
  errors.Add(problems);
  const bool posted = !problems.empty();
  auto value = [&](const std::string& n, const std::string& fallback) { return posted ? req.form.Get(n) : fallback; };
  // Defaults: this year so far, a sample of 20, a seed the auditor replaces and records.
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char today[16], first[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", &local);
  std::strftime(first, sizeof first, "%Y-01-01", &local);
  View data;
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  data.Set("from", errors.Field("from", value("from", first)));
  data.Set("to", errors.Field("to", value("to", today)));
  data.Set("sample_size", errors.Field("sample_size", value("sample_size", "20")));
  data.Set("seed", errors.Field("seed", value("seed", "")));
  data.Set("errors", errors.Summary());
  data.Set("large_amount", Sek(req, req.ex.services.audits.Criteria().large_amount_sek));
  data.Set("member_change", View::Number(req.ex.services.audits.Criteria().member_change_percent));
  data.Set("notice", Notice(req));
  return RenderPage(req, status, "audits", req.T("audits_title"), "audits", std::move(data));
}

Response ShowRuns(PageRequest& req) { return RunsPage(req, {}, 200); }

Response CreateRun(PageRequest& req) {
  std::vector<domain::FieldError> errors;
  workflow::AuditRequest in;
  auto date = [&](const char* name) -> std::optional<domain::Date> {
    const std::string text = req.form.Get(name);
    if (text.empty()) return std::nullopt;  // the use case names what is required
    auto d = domain::Date::Parse(text);
    if (!d) errors.push_back({name, NotADateMessage(text)});
    return d;
  };
  auto number = [&](const char* name) -> std::optional<std::int64_t> {
    const std::string text = req.form.Get(name);
    if (text.empty()) return std::nullopt;
    auto n = Number(text);
    if (!n) errors.push_back({name, "must be a whole number"});
    return n;
  };
  in.from = date("from");
  in.to = date("to");
  in.sample_size = number("sample_size");
  in.seed = number("seed");
  auto r = req.ex.services.audits.Create(req.Actor(), in, std::move(errors));
  if (r) return SeeOther(req, "/audits/" + std::to_string(r->run.id) + "?done=audit_created");
  if (r.Err().code == domain::ErrorCode::kValidation) return RunsPage(req, r.Err().errors, 422);
  return ErrorPage(req, r.Err());
}

// ---- One run ----------------------------------------------------------------------------------

struct Posted {
  std::string form;        // finding | sign_off
  std::int64_t case_id = 0;
  std::vector<domain::FieldError> errors;
  std::string conflict;
};

Poco::JSON::Array::Ptr JsonArray(const std::string& text) {
  try {
    Poco::JSON::Parser p;
    return p.parse(text).extract<Poco::JSON::Array::Ptr>();
  } catch (const Poco::Exception&) {
    return new Poco::JSON::Array;
  }
}

View CriteriaView(const PageRequest& req, const std::string& json) {
  View list = View::List();
  auto arr = JsonArray(json);
  for (std::size_t i = 0; i < arr->size(); ++i) list.Push(View(req.Label("risk_", arr->getElement<std::string>(i))));
  return list;
}

Response RunPage(PageRequest& req, std::int64_t run_id, const Posted& posted, int status) {
  auto view = req.ex.services.audits.Get(req.Actor(), run_id);
  if (!view) return ErrorPage(req, view.Err());
  const auto& run = view->run;
  const bool open = run.status != "signed_off";
  View items = View::List();
  View summary;
  summary.Set("any", false).Set("items", View::List());
  int position = 0;
  for (const auto& item : view->items) {
    const bool here = posted.form == "finding" && posted.case_id == item.case_id;
    FieldErrors errors(req, "finding-" + std::to_string(item.case_id));
    errors.Labels({{"severity", "audit_severity"}, {"text", "audit_finding_text"}});
    if (here) errors.Add(posted.errors);
    View v;
    v.Set("number", View::Number(++position))
        .Set("case_id", View::Number(item.case_id))
        .Set("case_href", "/cases/" + std::to_string(item.case_id))
        .Set("case_number", item.case_number)
        .Set("organisation", item.organisation_name)
        .Set("why", req.Label("audit_why_", item.why))
        .Set("why_class", "why-" + item.why);
    View criteria = CriteriaView(req, item.risk_criteria_json);
    v.Set("has_criteria", criteria.Size() > 0);
    v.Set("criteria", std::move(criteria));
    View checklist = View::List();
    auto arr = JsonArray(item.checklist_json);
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto c = arr->getObject(i);
      if (!c) continue;
      const std::string state = c->optValue<std::string>("status", "");
      View row;
      row.Set("item", req.Label("check_", c->optValue<std::string>("item", "")))
          .Set("status", req.Label("check_status_", state))
          .Set("status_class", "check-" + state)
          .Set("detail", c->optValue<std::string>("detail", ""))
          .Set("detail_foreign", req.lang != "sv");
      checklist.Push(std::move(row));
    }
    // Every drawn item has a checklist; an empty one was culled with its case (docs/records.md).
    v.Set("culled", checklist.Size() == 0);
    v.Set("checklist", std::move(checklist));
    View findings = View::List();
    for (const auto& f : item.findings) {
      View fv;
      fv.Set("severity", req.Label("severity_", f.severity))
          .Set("severity_class", "severity-" + f.severity)
          .Set("text", f.text)
          .Set("by", f.recorded_by)
          .Set("at", LocalTime(f.recorded_at));
      findings.Push(std::move(fv));
    }
    v.Set("has_findings", findings.Size() > 0);
    v.Set("findings", std::move(findings));
    const std::string severity = here ? req.form.Get("severity") : "minor";
    v.Set("severities", Options(req, "severity_", {"info", "minor", "major", "critical"}, severity));
    v.Set("severity", errors.Field("severity", ""));
    v.Set("text", errors.Field("text", here ? req.form.Get("text") : ""));
    v.Set("can_record", open);
    if (here) summary = errors.Summary();
    items.Push(std::move(v));
  }
  FieldErrors sign_errors(req, "sign-off");
  sign_errors.Labels({{"note", "audit_sign_off_note"}});
  if (posted.form == "sign_off") sign_errors.Add(posted.errors);
  View criteria = View::List();
  try {
    Poco::JSON::Parser p;
    auto o = p.parse(run.criteria_json).extract<Poco::JSON::Object::Ptr>();
    if (o->has("large_amount_sek"))
      criteria.Push(View(req.T("risk_large_amount") + ": " + Sek(req, o->getValue<std::int64_t>("large_amount_sek"))));
    if (o->has("member_change_percent"))
      criteria.Push(View(req.T("risk_member_change") + ": " + std::to_string(o->getValue<int>("member_change_percent")) + " %"));
  } catch (const Poco::Exception&) {
  }
  View data;
  data.Set("id", View::Number(run.id));
  data.Set("period", run.period_from.ToString() + " – " + run.period_to.ToString());
  data.Set("population", View::Number(run.population));
  data.Set("sample_size", View::Number(static_cast<std::int64_t>(view->items.size())));
  data.Set("seed", View::Number(run.seed));
  data.Set("status", req.Label("audit_status_", run.status));
  data.Set("status_class", "audit-" + run.status);
  data.Set("created_at", LocalTime(run.created_at));
  data.Set("signed_off", !open);
  data.Set("signed_off_at", run.signed_off_at ? LocalTime(*run.signed_off_at) : "");
  data.Set("sign_off_note", run.sign_off_note);
  data.Set("criteria", std::move(criteria));
  data.Set("any", items.Size() > 0);
  data.Set("items", std::move(items));
  data.Set("note", sign_errors.Field("note", posted.form == "sign_off" ? req.form.Get("note") : ""));
  data.Set("can_sign_off", open);
  data.Set("errors", posted.form == "sign_off" ? sign_errors.Summary() : summary);
  data.Set("has_conflict", !posted.conflict.empty());
  const LocalText conflict = Detail(req, posted.conflict);
  data.Set("conflict", conflict.text);
  data.Set("conflict_foreign", conflict.foreign);
  data.Set("report_href", "/audits/" + std::to_string(run.id) + "/report?lang=" + req.lang);
  data.Set("csv_href", "/audits/" + std::to_string(run.id) + "/report?format=csv");
  data.Set("notice", Notice(req));
  return RenderPage(req, status, "audit", req.T("audit_title") + " " + std::to_string(run.id), "audits",
                    std::move(data));
}

Response ShowRun(PageRequest& req) {
  auto id = Param(req, "id");
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no audit '" + req.ex.params["id"] + "'."));
  return RunPage(req, *id, {}, 200);
}

Response After(PageRequest& req, std::int64_t id, Posted posted, const domain::Result<workflow::AuditRunView>& r,
               const std::string& done) {
  if (r) return SeeOther(req, "/audits/" + std::to_string(id) + "?done=" + done);
  if (r.Err().code == domain::ErrorCode::kValidation) {
    posted.errors = r.Err().errors;
    return RunPage(req, id, posted, 422);
  }
  if (r.Err().code == domain::ErrorCode::kConflict) {
    posted.conflict = r.Err().detail;
    return RunPage(req, id, posted, 409);
  }
  return ErrorPage(req, r.Err());
}

Response PostFinding(PageRequest& req) {
  auto id = Param(req, "id");
  auto case_id = Param(req, "case_id");
  if (!id || !case_id) return ErrorPage(req, domain::Error::NotFound("There is no such audit item."));
  auto r = req.ex.services.audits.AddFinding(req.Actor(), *id, *case_id, req.form.Get("severity"), req.form.Get("text"));
  return After(req, *id, Posted{"finding", *case_id, {}, {}}, r, "finding_recorded");
}

Response PostSignOff(PageRequest& req) {
  auto id = Param(req, "id");
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no such audit."));
  auto r = req.ex.services.audits.SignOff(req.Actor(), *id, req.form.Get("note"));
  return After(req, *id, Posted{"sign_off", 0, {}, {}}, r, "audit_signed_off");
}

// The report for the board: the same document the API serves (HTML with its charts, or CSV).
Response Report(PageRequest& req) {
  auto id = Param(req, "id");
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no such audit."));
  auto view = req.ex.services.audits.Get(req.Actor(), *id);
  if (!view) return ErrorPage(req, view.Err());
  auto report = req.ex.services.audits.Report(req.Actor(), *id);
  if (!report) return ErrorPage(req, report.Err());
  Response r;
  if (req.Query("format") == "csv") {
    r.content_type = "text/csv; charset=utf-8";
    r.body = AuditReportCsv(*report);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"granskning-" + std::to_string(*id) + ".csv\"");
  } else {
    r.content_type = "text/html; charset=utf-8";
    r.body = AuditReportHtml(*view, *report, req.lang == "en");
  }
  return r;
}

}  // namespace

void AddAuditPages(Router& router) {
  router.Add(PageRoute("GET", "/audits", kAuditor, ShowRuns));
  router.Add(PageRoute("POST", "/audits", kAuditor, CreateRun, "/audits"));
  router.Add(PageRoute("GET", "/audits/{id}", kAuditor, ShowRun));
  router.Add(PageRoute("POST", "/audits/{id}/items/{case_id}/findings", kAuditor, PostFinding, "/audits/{id}"));
  router.Add(PageRoute("POST", "/audits/{id}/sign-off", kAuditor, PostSignOff, "/audits/{id}"));
  router.Add(PageRoute("GET", "/audits/{id}/report", kAuditor, Report));
}

}  // namespace granska::http
