// The incident register (list and record form), the conditions board (due soon, overdue;
// fulfil, breach, waive) and the premises calendar.
#include <Poco/JSON/Object.h>

#include <charconv>
#include <ctime>

#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/page_routes.hpp"
#include "http/page_views.hpp"
#include "http/request_parsers.hpp"
#include "workflow/authorization.hpp"

namespace granska::http {

using domain::Role;
using pages::View;

namespace {

// Who may open these pages: the matrix (workflow/authorization.cpp).
const std::vector<Role> kIncidentReaders = workflow::RolesFor(workflow::Action::kReadIncidents);
const std::vector<Role> kIncidentWriters = workflow::RolesFor(workflow::Action::kRecordIncident);
const std::vector<Role> kConditionReaders = workflow::RolesFor(workflow::Action::kReadFollowUp);
const std::vector<Role> kConditionClosers = workflow::RolesFor(workflow::Action::kFollowUp);
const std::vector<Role> kCalendarReaders = workflow::RolesFor(workflow::Action::kReadCalendarPage);
constexpr int kDueSoonDays = 30;

std::vector<std::string> Names(const auto& table) {
  std::vector<std::string> out;
  for (const auto& [e, name] : table) out.emplace_back(name);
  return out;
}

domain::Date Today() { return LocalToday(); }

// ---- Incidents ----------------------------------------------------------------------------

Response IncidentsPage(PageRequest& req) {
  workflow::IncidentFilter filter;
  filter.limit = 25;
  FieldErrors errors(req, "filter");
  errors.Labels({{"org_number", "col_org_number"}});
  const std::string org = req.Query("org_number"), kind = req.Query("kind");
  if (!org.empty()) {
    if (auto n = domain::OrgNumber::Parse(org))
      filter.org_number = n->Text();
    else
      errors.Add("org_number", "must be ten digits with a valid check digit");
  }
  if (!kind.empty()) filter.kind = domain::ParseIncidentKind(kind);
  if (!req.Query("after").empty()) filter.after = DecodeCursor("incident", req.Query("after"));
  View data;
  auto page = req.ui.reads.Incidents(req.Actor(), filter);
  if (!page) return ErrorPage(req, page.Err());
  View rows = View::List();
  for (const auto& i : page->items)
    rows.Push(IncidentView(req, i, i.subject_org ? i.subject_org->Text() : i.subject_person));
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  data.Set("org_number", errors.Field("org_number", org));
  data.Set("kinds", Options(req, "incident_kind_", Names(domain::kIncidentKinds), filter.kind ? kind : "", true));
  data.Set("errors", errors.Summary());
  data.Set("can_record", workflow::Allowed(req.Role(), workflow::Action::kRecordIncident));
  data.Set("notice", Notice(req));
  std::string base = "/incidents?";
  if (filter.org_number) base += "org_number=" + UrlEncode(org) + "&";
  if (filter.kind) base += "kind=" + kind + "&";
  base.pop_back();
  data.Set("pager", Pager(base, page->next_after ? std::optional<std::string>(EncodeCursor("incident", *page->next_after))
                                                  : std::nullopt,
                          filter.after.has_value()));
  return RenderPage(req, 200, "incidents", req.T("incidents_title"), "incidents", std::move(data));
}

Response IncidentForm(PageRequest& req, int status, const std::vector<domain::FieldError>& problems) {
  FieldErrors errors(req, "incident");
  errors.Labels({{"subject", "incident_subject"}, {"subject.org_number", "incident_org_number"},
                 {"subject.person", "incident_person"}, {"kind", "col_incident_kind"}, {"occurred_on", "col_occurred_on"},
                 {"source", "col_source"}, {"verified", "incident_verified_label"}, {"distanced", "incident_distanced_label"},
                 {"reference", "col_reference"}, {"summary", "incident_summary"}});
  errors.Add(problems);
  const Form& f = req.form;
  const std::string subject_type = f.Get("subject_type");
  View data;
  data.Set("subject", errors.Field("subject", subject_type));
  data.Set("subject_is_org", subject_type == "org");
  data.Set("subject_is_person", subject_type == "person");
  data.Set("org_number", errors.Field("subject.org_number", f.Get("subject.org_number")));
  data.Set("person", errors.Field("subject.person", f.Get("subject.person")));
  data.Set("kind", errors.Field("kind", ""));
  data.Set("kinds", Options(req, "incident_kind_", Names(domain::kIncidentKinds), f.Get("kind"), true, "option_choose"));
  data.Set("occurred_on", errors.Field("occurred_on", f.Get("occurred_on")));
  data.Set("source", errors.Field("source", ""));
  data.Set("sources", Options(req, "source_", Names(domain::kIncidentSources), f.Get("source"), true, "option_choose"));
  data.Set("verified", errors.Field("verified", ""));
  data.Set("verified_checked", f.Get("verified") == "true");
  data.Set("distanced", errors.Field("distanced", ""));
  data.Set("distanced_checked", f.Get("distanced") == "true");
  data.Set("reference", errors.Field("reference", f.Get("reference")));
  data.Set("summary", errors.Field("summary", f.Get("summary")));
  data.Set("errors", errors.Summary());
  return RenderPage(req, status, "incident_new", req.T("incident_new_title"), "incidents", std::move(data));
}

Response NewIncident(PageRequest& req) { return IncidentForm(req, 200, {}); }

// The form becomes the API's JSON body, so the same parser (and its checks) applies.
Response RecordIncident(PageRequest& req) {
  const Form& f = req.form;
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  Poco::JSON::Object::Ptr subject = new Poco::JSON::Object;
  if (f.Get("subject_type") == "org") subject->set("org_number", f.Get("subject.org_number"));
  if (f.Get("subject_type") == "person") subject->set("person", f.Get("subject.person"));
  body->set("subject", subject);
  if (!f.Get("kind").empty()) body->set("kind", f.Get("kind"));
  if (!f.Get("occurred_on").empty()) body->set("occurred_on", f.Get("occurred_on"));
  if (!f.Get("source").empty()) body->set("source", f.Get("source"));
  body->set("verified", f.Get("verified") == "true");
  body->set("distanced", f.Get("distanced") == "true");
  if (!f.Get("reference").empty()) body->set("reference", f.Get("reference"));
  if (!f.Get("summary").empty()) body->set("summary", f.Get("summary"));
  std::vector<domain::FieldError> errors;
  domain::Incident incident = ParseIncident(body, errors);
  auto r = req.ex.services.incidents.Record(req.Actor(), incident, std::move(errors));
  if (r) return SeeOther(req, "/incidents?done=incident_recorded");
  if (r.Err().code == domain::ErrorCode::kValidation) return IncidentForm(req, 422, r.Err().errors);
  return ErrorPage(req, r.Err());
}

// ---- Conditions -------------------------------------------------------------------------

struct ClosePosted {
  std::int64_t condition_id = 0;
  std::vector<domain::FieldError> errors;
  std::string conflict;
};

// `view` is the tab: due_soon (default), overdue, pending, all.
Response ConditionsBoard(PageRequest& req, std::string view, const ClosePosted& posted, int status) {
  if (view != "overdue" && view != "pending" && view != "all") view = "due_soon";
  const domain::Date today = Today();
  workflow::ConditionFilter filter;
  filter.limit = 50;
  if (view == "due_soon") {
    filter.status = "pending";
    filter.due_before = today.AddDays(kDueSoonDays + 1);
  } else if (view == "overdue") {
    filter.status = "overdue";
  } else if (view == "pending") {
    filter.status = "pending";
  }
  if (!req.Query("after").empty()) filter.after = DecodeCursor("condition", req.Query("after"));
  auto page = req.ex.services.conditions.List(req.Actor(), filter);
  const bool officer = workflow::Allowed(req.Role(), workflow::Action::kFollowUp);  // the close forms
  View rows = View::List();
  View summary;
  summary.Set("any", false).Set("items", View::List());
  for (const auto& c : page.items) {
    const bool posted_here = posted.condition_id == c.condition.id;
    FieldErrors errors(req, "condition-" + std::to_string(c.condition.id));
    errors.Label("text", req.T("condition_close_text") + " (" + c.case_number + ")");
    if (posted_here)
      for (const auto& e : posted.errors) errors.Add(e.field == "evidence" || e.field == "reason" ? "text" : e.field, e.message);
    const bool open = c.condition.status == "pending" || c.condition.status == "overdue";
    View v;
    v.Set("id", View::Number(c.condition.id))
        .Set("case_href", "/cases/" + std::to_string(c.condition.case_id))
        .Set("case_number", c.case_number)
        .Set("organisation", c.organisation_name)
        .Set("kind", req.Label("condition_kind_", domain::ToString(c.condition.kind)))
        .Set("description", c.condition.description)
        .Set("due", c.condition.due.ToString())
        .Set("status", req.Label("condition_status_", c.condition.status))
        .Set("status_class", "condition-" + c.condition.status)
        .Set("late", open && c.condition.due < today)
        .Set("evidence", c.evidence)
        .Set("has_evidence", !c.evidence.empty())
        .Set("closed_at", c.closed_at ? LocalTime(*c.closed_at) : "")
        .Set("can_close", officer && open)
        .Set("text", errors.Field("text", posted_here ? req.form.Get("text") : ""))
        .Set("has_conflict", posted_here && !posted.conflict.empty())
        .Set("conflict", posted_here ? Detail(req, posted.conflict).text : "");
    if (posted_here) summary = errors.Summary();
    rows.Push(std::move(v));
  }
  View data;
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  data.Set("errors", summary);
  data.Set("conflict_foreign", Detail(req, posted.conflict).foreign);
  View tabs = View::List();
  for (const char* t : {"due_soon", "overdue", "pending", "all"}) {
    View tab;
    tab.Set("href", std::string("/conditions?view=") + t).Set("label", req.T(std::string("conditions_view_") + t));
    tab.Set("current", view == t);
    tabs.Push(std::move(tab));
  }
  data.Set("tabs", std::move(tabs));
  data.Set("view", view);
  data.Set("view_heading", req.T("conditions_view_" + view));
  data.Set("due_soon_days", View::Number(kDueSoonDays));
  data.Set("is_due_soon", view == "due_soon");
  data.Set("notice", Notice(req));
  data.Set("pager", Pager("/conditions?view=" + view,
                          page.next_after ? std::optional<std::string>(EncodeCursor("condition", *page.next_after))
                                          : std::nullopt,
                          filter.after.has_value()));
  return RenderPage(req, status, "conditions", req.T("conditions_title"), "conditions", std::move(data));
}

Response ConditionsPage(PageRequest& req) { return ConditionsBoard(req, req.Query("view"), {}, 200); }

Response CloseCondition(PageRequest& req) {
  const std::string& text = req.ex.params["id"];
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0)
    return ErrorPage(req, domain::Error::NotFound("There is no condition '" + text + "'."));
  const std::string action = req.form.Get("action");
  std::string status;
  if (action == "fulfil") status = "fulfilled";
  if (action == "breach") status = "breached";
  if (action == "waive") status = "waived";
  ClosePosted posted{id, {}, {}};
  if (status.empty()) {
    posted.errors.push_back({"text", "choose fulfilled, breached or waived"});
    return ConditionsBoard(req, req.form.Get("view"), posted, 422);
  }
  auto r = req.ex.services.conditions.Close(req.Actor(), id, status, req.form.Get("text"));
  const std::string back = "/conditions?view=" + (req.form.Get("view").empty() ? "due_soon" : UrlEncode(req.form.Get("view")));
  if (r) return SeeOther(req, back + "&done=condition_" + status);
  if (r.Err().code == domain::ErrorCode::kValidation) {
    posted.errors = r.Err().errors;
    return ConditionsBoard(req, req.form.Get("view"), posted, 422);
  }
  if (r.Err().code == domain::ErrorCode::kConflict) {
    posted.conflict = r.Err().detail;
    return ConditionsBoard(req, req.form.Get("view"), posted, 409);
  }
  return ErrorPage(req, r.Err());
}

// ---- Premises calendar ------------------------------------------------------------------

Response CalendarPage(PageRequest& req) {
  const auto premises = req.ex.services.premises.List();
  std::string selected = req.Query("premises");
  if (selected.empty() && !premises.empty()) selected = premises.front().id;
  FieldErrors errors(req, "calendar");
  errors.Labels({{"premises", "calendar_premises"}, {"from", "calendar_from"}, {"to", "calendar_to"}});
  const domain::Date today = Today();
  // A refused value stays in its field as typed, so the user can see and correct it; the
  // bookings are shown for the period the page falls back to.
  auto date = [&](const std::string& name, domain::Date fallback) {
    const std::string text = req.Query(name);
    if (text.empty()) return fallback;
    if (auto d = domain::Date::Parse(text)) {
      if (auto outside = OutsideCalendarYears(*d)) {
        errors.Add(name, *outside);
        return fallback;
      }
      return *d;
    }
    errors.Add(name, NotADateMessage(text));
    return fallback;
  };
  const domain::Date from = date("from", today);
  domain::Date to = date("to", from.AddDays(30));
  // Both ends are within the calendar's years now; every reset below keeps `to` a month
  // after `from`, so the period queried is always one the database takes.
  if (!(from < to)) {
    errors.Add("to", "must be after from");
    to = from.AddDays(30);
  } else if (to.Days() - from.Days() + 1 > workflow::kMaxCalendarDays) {  // `to` is the last day shown
    errors.Add("to", "must be at most " + std::to_string(workflow::kMaxCalendarDays) + " days after from");
    to = from.AddDays(30);
  }
  View options = View::List();
  std::string name;
  for (const auto& p : premises) {
    View o;
    o.Set("value", p.id).Set("label", p.name + " (" + std::to_string(p.capacity) + ")").Set("selected", p.id == selected);
    if (p.id == selected) name = p.name;
    options.Push(std::move(o));
  }
  if (name.empty() && !premises.empty()) errors.Add("premises", "unknown premises '" + selected + "'");
  View rows = View::List();
  const bool links = workflow::Allowed(req.Role(), workflow::Action::kOpenCaseFile);  // links to case pages
  if (!name.empty()) {
    const auto start = StartOfLocalDay(from);
    const auto end = StartOfLocalDay(to.AddDays(1));
    for (const auto& s : req.ex.services.premises.Calendar(selected, start, end)) {
      View v;
      v.Set("start", LocalTime(s.starts_at))
          .Set("end", LocalTime(s.ends_at))
          .Set("case_number", s.case_number)
          .Set("case_href", "/cases/" + std::to_string(s.case_id))
          .Set("link", links)
          .Set("organisation", s.organisation_name)
          .Set("status", req.Label("booking_status_", s.status))
          .Set("status_class", "booking-" + s.status);
      rows.Push(std::move(v));
    }
  }
  auto typed = [&](const std::string& field, domain::Date shown) {
    const std::string text = req.Query(field);
    return text.empty() ? shown.ToString() : text;
  };
  View data;
  data.Set("premises", std::move(options));
  data.Set("premises_field", errors.Field("premises", selected));
  data.Set("has_premises", !premises.empty());
  data.Set("has_name", !name.empty());
  data.Set("premises_name", name);
  data.Set("from", errors.Field("from", typed("from", from)));
  data.Set("to", errors.Field("to", typed("to", to)));
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  // A refused period or room is 422, like the API; the page still shows the month from `from`.
  const int status = errors.Empty() ? 200 : 422;
  data.Set("errors", errors.Summary());
  return RenderPage(req, status, "calendar", req.T("calendar_title"), "calendar", std::move(data));
}

}  // namespace

void AddFollowUpPages(Router& router) {
  router.Add(PageRoute("GET", "/incidents", kIncidentReaders, IncidentsPage));
  router.Add(PageRoute("GET", "/incidents/new", kIncidentWriters, NewIncident));
  router.Add(PageRoute("POST", "/incidents", kIncidentWriters, RecordIncident, "/incidents/new"));
  router.Add(PageRoute("GET", "/conditions", kConditionReaders, ConditionsPage));
  router.Add(PageRoute("POST", "/conditions/{id}/close", kConditionClosers, CloseCondition, "/conditions"));
  router.Add(PageRoute("GET", "/premises/calendar", kCalendarReaders, CalendarPage));
}

}  // namespace granska::http
