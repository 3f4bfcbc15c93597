// The case officer's pages: my queue, all cases, and the case page with its forms
// (assign, refer, kommunicering, reply, decide, minutes posted, revocation, appeals, inspections,
// withdrawal). Forms post to handlers that call the same use cases as the JSON API and
// redirect on success; refusals re-render the page with the messages next to the fields.
#include <algorithm>
#include <charconv>

#include "domain/text.hpp"
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/page_routes.hpp"
#include "http/page_views.hpp"
#include "http/request_parsers.hpp"
#include "letters/letter_model.hpp"
#include "workflow/authorization.hpp"
#include "workflow/transitions.hpp"

namespace granska::http {

using domain::Role;
using pages::View;

namespace {

// Who may open these pages: the matrix (workflow/authorization.cpp).
const std::vector<Role> kCaseReaders = workflow::RolesFor(workflow::Action::kOpenCaseFile);
const std::vector<Role> kOfficer = workflow::RolesFor(workflow::Action::kWorkCaseQueue);
const std::vector<Role> kInspectors = workflow::RolesFor(workflow::Action::kFollowUp);

std::vector<std::string> Names(const auto& table) {
  std::vector<std::string> out;
  for (const auto& [e, name] : table) out.emplace_back(name);
  return out;
}

std::optional<std::int64_t> PathId(PageRequest& req, const std::string& param = "id") {
  const std::string& text = req.ex.params[param];
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

// An optional whole number from a form field; an error when present but not a number.
std::optional<std::int64_t> FormInt(const Form& form, const std::string& name,
                                    std::vector<domain::FieldError>& errors) {
  std::string text = form.Get(name);
  std::string digits;
  for (char c : text)
    if (c != ' ' && c != '\t') digits.push_back(c);
  if (digits.empty()) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || p != digits.data() + digits.size()) {
    errors.push_back({name, "must be a whole number"});
    return std::nullopt;
  }
  return v;
}

std::optional<domain::Date> FormDate(const Form& form, const std::string& name, bool required,
                                     std::vector<domain::FieldError>& errors) {
  const std::string text = form.Get(name);
  if (text.empty()) {
    if (required) errors.push_back({name, "is required"});
    return std::nullopt;
  }
  auto d = domain::Date::Parse(text);
  if (!d) errors.push_back({name, NotADateMessage(text)});
  return d;
}

domain::Application ParseStored(const std::string& json) {
  std::string error;
  auto o = ParseObject(json, error);
  if (!o) o = new Poco::JSON::Object;
  std::vector<domain::FieldError> ignored;  // stored applications were valid when stored
  return ParseApplication(o, ignored);
}

// ---- Lists ----------------------------------------------------------------------------

Response QueuePage(PageRequest& req) {
  const bool mine = req.Query("view") != "open";
  workflow::QueueFilter filter;
  filter.limit = 25;
  filter.screening = workflow::ScreeningDetail::kNone;  // the rows show the recommendation only
  if (mine) filter.assigned_to = req.session->user.id;
  const std::string after = req.Query("after");
  if (!after.empty()) filter.after = DecodeCursor("queue", after);
  auto page = req.ex.services.cases.Queue(filter);
  View data;
  View rows = View::List();
  for (const auto& c : page.items) rows.Push(CaseRow(req, c));
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  data.Set("mine", mine);
  data.Set("notice", Notice(req));
  const std::string base = std::string("/queue?view=") + (mine ? "mine" : "open");
  data.Set(
      "pager",
      Pager(base, page.next_after ? std::optional<std::string>(EncodeCursor("queue", *page.next_after)) : std::nullopt,
            filter.after.has_value()));
  return RenderPage(req, 200, "queue", req.T(mine ? "queue_title_mine" : "queue_title_open"), "queue", std::move(data));
}

Response CasesPage(PageRequest& req) {
  workflow::CaseFilter filter;
  filter.limit = 25;
  filter.screening = workflow::ScreeningDetail::kNone;  // the rows show the recommendation only
  const std::string status = req.Query("status"), kind = req.Query("kind"), rec = req.Query("recommendation");
  if (!status.empty()) filter.status = domain::ParseCaseStatus(status);
  if (!kind.empty()) filter.kind = domain::ParseApplicationKind(kind);
  if (rec == "cleared" || rec == "needs_info" || rec == "ineligible" || rec == "flag") filter.recommendation = rec;
  // Age: older than 7, 14, 30 or 60 days (submitted before today minus that).
  const std::string age = req.Query("older_than_days");
  const std::vector<std::string> ages = {"7", "14", "30", "60"};
  const bool known_age = std::find(ages.begin(), ages.end(), age) != ages.end();
  if (known_age) filter.submitted_before = LocalToday().AddDays(-std::stoi(age));
  const std::string after = req.Query("after");
  if (!after.empty()) filter.after = DecodeCursor("case", after);
  auto page = req.ex.services.cases.List(filter);
  View data;
  View rows = View::List();
  for (const auto& c : page.items) rows.Push(CaseRow(req, c));
  data.Set("any", rows.Size() > 0);
  data.Set("rows", std::move(rows));
  data.Set("statuses", Options(req, "status_", Names(domain::kCaseStatuses), filter.status ? status : "", true));
  data.Set("kinds", Options(req, "kind_", Names(domain::kApplicationKinds), filter.kind ? kind : "", true));
  data.Set("recommendations", Options(req, "rec_", {"cleared", "needs_info", "ineligible", "flag"},
                                      filter.recommendation.value_or(""), true));
  data.Set("ages", Options(req, "age_", ages, known_age ? age : "", true));
  std::string base = "/cases?";
  if (filter.status) base += "status=" + status + "&";
  if (filter.kind) base += "kind=" + kind + "&";
  if (filter.recommendation) base += "recommendation=" + rec + "&";
  if (known_age) base += "older_than_days=" + age + "&";
  base.pop_back();
  data.Set(
      "pager",
      Pager(base, page.next_after ? std::optional<std::string>(EncodeCursor("case", *page.next_after)) : std::nullopt,
            filter.after.has_value()));
  return RenderPage(req, 200, "cases", req.T("cases_title"), "cases", std::move(data));
}

// ---- The case page ----------------------------------------------------------------------

struct Posted {
  // assign | refer | communicate | reply | decide | minutes | revocation_notice | revocation_reply |
  // revoke | inspection | findings | withdraw | appeal | appeal_outcome, or empty for a plain GET
  std::string form;
  std::vector<domain::FieldError> errors;
  std::string conflict;         // a refusal's detail (409)
  std::int64_t inspection = 0;  // the inspection whose findings form was posted
  std::int64_t appeal = 0;      // the appeal whose outcome form was posted
};

View AdviceView(const PageRequest& req, const domain::Advice& a) {
  View v;
  v.Set("member", a.member_name)
      .Set("sector",
           a.member_sector.empty() ? req.T("member_sector_not_given") : req.Label("sector_", a.member_sector))
      .Set("recusal", a.recusal)
      .Set("recommendation", a.recommendation ? req.Label("advice_", domain::ToString(*a.recommendation)) : "")
      .Set("reasoning", a.reasoning)
      .Set("given_at", LocalTime(a.given_at));
  View proposed = View::List();
  for (const auto& p : a.proposed_conditions) proposed.Push(View(p));
  v.Set("has_proposed", proposed.Size() > 0);
  v.Set("proposed", std::move(proposed));
  return v;
}

View ReferralsView(const PageRequest& req, const domain::CaseDetail& d) {
  View list = View::List();
  for (const auto& r : d.referrals) {
    View v;
    v.Set("question", r.question)
        .Set("automatic", r.automatic)
        .Set("referred_at", LocalTime(r.referred_at))
        .Set("deadline", r.deadline.ToString())
        .Set("advised", r.advised_at.has_value())
        .Set("advised_at", r.advised_at ? LocalTime(*r.advised_at) : std::string());
    View advice = View::List();
    for (const auto& a : d.advice)
      if (a.referral_id == r.id) advice.Push(AdviceView(req, a));
    v.Set("has_advice", advice.Size() > 0);
    v.Set("advice", std::move(advice));
    list.Push(std::move(v));
  }
  return list;
}

View CommunicationView(const PageRequest& req, const std::optional<domain::Communication>& c) {
  View v;
  v.Set("any", c.has_value());
  v.Set("intended_outcome", c ? req.Label("decision_", domain::ToString(c->intended_outcome)) : "");
  v.Set("has_amount", c && c->intended_amount_sek.has_value());
  v.Set("amount", c && c->intended_amount_sek ? Sek(req, *c->intended_amount_sek) : "");
  v.Set("reasons", c ? c->reasons : "");
  v.Set("reply_by", c ? c->reply_by.ToString() : "");
  v.Set("sent_at", c ? LocalTime(c->sent_at) : "");
  v.Set("replied", c && c->reply_text.has_value());
  v.Set("reply_text", c && c->reply_text ? *c->reply_text : "");
  v.Set("replied_at", c && c->replied_at ? LocalTime(*c->replied_at) : "");
  return v;
}

View DecisionView(const PageRequest& req, const std::optional<domain::Decision>& d) {
  View v;
  v.Set("any", d.has_value());
  v.Set("outcome", d ? req.Label("decision_", domain::ToString(d->outcome)) : "");
  v.Set("outcome_class", d ? "decision-" + std::string(domain::ToString(d->outcome)) : "");
  v.Set("has_amount", d && d->amount_sek.has_value());
  v.Set("amount", d && d->amount_sek ? Sek(req, *d->amount_sek) : "");
  v.Set("reasons", d ? d->reasons : "");
  v.Set("has_special_reasons", d && !d->special_reasons.empty());
  v.Set("special_reasons", d ? d->special_reasons : "");
  v.Set("has_revocation_clause", d && !d->revocation_clause.empty());
  v.Set("revocation_clause", d ? d->revocation_clause : "");
  v.Set("delegation_ref", d ? d->delegation_ref : "");
  v.Set("decided_by", d ? d->decided_by_name : "");
  v.Set("decided_on", d ? d->decided_on.ToString() : "");
  return v;
}

// Every opening of the case file or its referral packet (and every replayed submission, which
// shows the e-service the case's screening) is recorded on the audit trail.
// Listed among the case's events they would bury its history and make the page longer with
// every visit, so the history shows what happened to the case, and the reads are counted
// beside it with the most recent ones (the audit trail keeps them all).
bool IsRead(const domain::CaseEvent& e) {
  return e.event == "case_file_viewed" || e.event == "packet_viewed" || e.event == "letter_viewed" ||
         e.event == "submission_replayed" || e.event == "appeal_viewed";
}
constexpr std::size_t kRecentReads = 10;

// Some events say more by one member of their detail: a closing which rule closed the case
// (workflow/case_closing.hpp: the support ended, or the time to appeal a rejection is over); a
// re-screening what changed (a new flag, no flag any more, another recommendation, the same
// recommendation for other reasons: workflow/rescreen_ports.hpp).
std::string EventLabel(const PageRequest& req, const domain::CaseEvent& e) {
  const char* member = e.event == "case_closed" ? "rule" : e.event == "rescreened" ? "change" : nullptr;
  if (member) {
    std::string error;
    if (auto detail = ParseObject(e.detail_json, error)) {
      const std::string key = "event_" + e.event + "_" + detail->optValue<std::string>(member, "");
      if (req.ui.renderer.HasText(key)) return req.T(key);
    }
  }
  return req.Label("event_", e.event);
}

View EventView(const PageRequest& req, const domain::CaseEvent& e) {
  View v;
  v.Set("at", LocalTime(e.at))
      .Set("event", EventLabel(req, e))
      .Set("actor", e.actor_name.empty() ? req.T("actor_system") : e.actor_name)
      .Set("role", req.Label("role_", e.actor_role));
  return v;
}

void SetTimeline(View& data, const PageRequest& req, const domain::CaseDetail& d) {
  View history = View::List(), reads = View::List();
  std::size_t read_count = 0;
  for (const auto& e : d.timeline) {
    if (IsRead(e))
      ++read_count;
    else
      history.Push(EventView(req, e));
  }
  for (auto it = d.timeline.rbegin(); it != d.timeline.rend() && reads.Size() < kRecentReads; ++it)
    if (IsRead(*it)) reads.Push(EventView(req, *it));
  data.Set("timeline", std::move(history));
  data.Set("has_reads", read_count > 0);
  data.Set("read_count", std::to_string(read_count));
  data.Set("recent_reads", std::move(reads));
}

// Links to the letters of the case: issued (and archived) once the case is decided or
// communicated; a draft request for information while the case needs information.
// Once a revocation is under way its letter is the latest one the letter route serves: it is
// linked from the revocation panel under its own name, and the decision letter is linked here
// by its type.
View LettersView(const PageRequest& req, const domain::CaseDetail& d, bool revocation) {
  View v;
  View items = View::List();
  // A decision the court annulled: the besked about it came after the case's other letters.
  bool annulled = false;
  for (const auto& a : d.appeals)
    annulled = annulled || (a.appealed_kind == "decision" && a.outcome == domain::AppealOutcome::kAnnulled);
  const bool current =
      d.decision.has_value() || d.communication.has_value() || d.summary.status == domain::CaseStatus::kNeedsInfo;
  // The request for what the application lacks, once made: linked by its type whatever came
  // after it (a kommunicering, a referral), for the officer to send it.
  const bool asked = d.information_request.has_value();
  const bool any = current || annulled || asked;
  v.Set("superseded", current && revocation);
  if (current && (!revocation || d.decision)) {
    const std::string base = "/cases/" + std::to_string(d.summary.case_id) + "/letter";
    std::string type;  // asked for by type when a later letter (a revocation's, a besked) is the latest
    if ((revocation || annulled) && d.decision)
      type = "&type=" + std::string(letters::ToString(letters::DecisionLetterType(d.decision->outcome)));
    else if (annulled && d.communication)
      type = "&type=kommunicering";
    // Named by what the link opens: the decision letter, else the kommunicering (Underrättelse
    // inför beslut), else the request for what the application lacks.
    const std::string kind = d.decision ? "decision" : d.communication ? "kommunicering" : "needs_info";
    for (const char* lang : {"sv", "en"})
      for (const char* format : {"pdf", "html"}) {
        View item;
        item.Set("href", base + "?lang=" + lang + "&format=" + format + type)
            .Set("hreflang", lang)
            .Set("label", req.T("letter_kind_" + kind) + " " + req.T(std::string("letter_in_") + lang) + " (" +
                              (std::string(format) == "pdf" ? "PDF" : "HTML") + ")");
        items.Push(std::move(item));
      }
  }
  // The link above already opens the request's letter (no decision, no kommunicering, no revocation).
  const bool main_is_request = current && !revocation && !d.decision && !d.communication;
  if (asked && !main_is_request)
    for (const char* lang : {"sv", "en"}) {
      View item;
      item.Set("href", "/cases/" + std::to_string(d.summary.case_id) + "/letter?type=needs_info&lang=" + lang +
                           "&format=pdf")
          .Set("hreflang", lang)
          .Set("label", req.T("letter_kind_needs_info") + " " + req.T(std::string("letter_in_") + lang) + " (PDF)");
      items.Push(std::move(item));
    }
  // The besked that the court annulled a decision and the application is considered again.
  if (annulled)
    for (const char* lang : {"sv", "en"}) {
      View item;
      item.Set("href", "/cases/" + std::to_string(d.summary.case_id) + "/letter?type=decision_annulled&lang=" + lang +
                           "&format=pdf")
          .Set("hreflang", lang)
          .Set("label", req.T(std::string("letter_annulled_pdf_") + lang));
      items.Push(std::move(item));
    }
  // The notice of the last day to appeal, once the posting of the minutes is recorded.
  if (d.appeal && d.appeal->id != 0) {
    const std::string base = "/cases/" + std::to_string(d.summary.case_id) + "/letter?type=appeal_notice";
    for (const char* lang : {"sv", "en"}) {
      View item;
      item.Set("href", base + "&lang=" + lang + "&format=pdf")
          .Set("hreflang", lang)
          .Set("label", req.T(std::string("letter_notice_pdf_") + lang));
      items.Push(std::move(item));
    }
  }
  v.Set("any", any);
  v.Set("draft", d.summary.status == domain::CaseStatus::kNeedsInfo && !d.decision && !d.communication &&
                    !d.information_request);
  v.Set("items", std::move(items));
  return v;
}

bool Allowed(workflow::Command command, const domain::CaseSummary& s, Role role) {
  return !workflow::CheckTransition(command, s.status, role, s.case_number).has_value();
}

Response RenderCase(PageRequest& req, std::int64_t case_id, const Posted& posted, int status) {
  auto file = req.ui.reads.OpenCase(req.Actor(), case_id, ParseStored);
  if (!file) return ErrorPage(req, file.Err());
  const auto& d = file->detail;
  const auto& s = d.summary;
  const domain::Application app = ParseStored(d.application_json);
  const Role role = req.Role();
  const bool officer = workflow::Allowed(role, workflow::Action::kWorkCaseQueue);  // the case page's forms
  const Form& values = req.form;
  const bool reposted = !posted.form.empty();
  auto value = [&](const std::string& form, const std::string& name, const std::string& fallback = "") {
    return reposted && posted.form == form ? values.Get(name) : fallback;
  };

  View data;
  data.Set("case", CaseRow(req, s));
  data.Set("version", View::Number(s.version));
  data.Set("has_assignee", file->assignee.has_value());
  data.Set("assignee", file->assignee ? file->assignee->name : "");
  data.Set("organisation", OrganisationView(req, app.organisation));
  data.Set("application", ApplicationView(req, app));
  std::map<std::string, RuleTitle> rule_titles;  // of the latest screening, for the request's rules
  data.Set("screening", ScreeningView(req, s.screening_json, &rule_titles));
  View evidence = EvidenceList(req, file->evidence, [](const std::string& n) { return n; }, true);
  data.Set("has_evidence", evidence.Size() > 0);
  data.Set("evidence", std::move(evidence));
  View referrals = ReferralsView(req, d);
  data.Set("has_referrals", referrals.Size() > 0);
  data.Set("referrals", std::move(referrals));
  data.Set("communication", CommunicationView(req, d.communication));
  data.Set("decision", DecisionView(req, d.decision));
  View conditions = View::List();
  for (const auto& c : d.conditions) {
    View v;
    v.Set("kind", req.Label("condition_kind_", domain::ToString(c.kind)))
        .Set("due", c.due.ToString())
        .Set("description", c.description)
        .Set("status", req.Label("condition_status_", c.status))
        .Set("status_class", "condition-" + c.status);
    conditions.Push(std::move(v));
  }
  data.Set("has_conditions", conditions.Size() > 0);
  data.Set("conditions", std::move(conditions));
  SetTimeline(data, req, d);
  data.Set("letters", LettersView(req, d, file->revocation.has_value()));
  data.Set("notice", Notice(req));

  // The forms an officer may use now, from the workflow's transition table.
  FieldErrors assign_errors(req, "assign"), refer_errors(req, "refer"), comm_errors(req, "communicate"),
      decide_errors(req, "decide");
  FieldErrors minutes_errors(req, "minutes"), reply_errors(req, "reply"),
      inforeq_errors(req, "information-request");
  FieldErrors notice_errors(req, "revocation-notice"), revocation_reply_errors(req, "revocation-reply"),
      revoke_errors(req, "revoke"), drop_errors(req, "revocation-drop"), inspection_errors(req, "inspection"),
      withdraw_errors(req, "withdraw");
  // One findings form per inspection still without findings; only the posted one has errors.
  FieldErrors findings_errors(req, "findings-" + std::to_string(posted.inspection));
  // The same for the outcome form of each pending appeal.
  FieldErrors appeal_errors(req, "appeal"), outcome_errors(req, "appeal-outcome-" + std::to_string(posted.appeal));
  FieldErrors* active = posted.form == "reply"               ? &reply_errors
                        : posted.form == "refer"             ? &refer_errors
                        : posted.form == "communicate"       ? &comm_errors
                        : posted.form == "information_request" ? &inforeq_errors
                        : posted.form == "decide"            ? &decide_errors
                        : posted.form == "minutes"           ? &minutes_errors
                        : posted.form == "revocation_notice" ? &notice_errors
                        : posted.form == "revocation_reply"  ? &revocation_reply_errors
                        : posted.form == "revoke"            ? &revoke_errors
                        : posted.form == "revocation_drop"   ? &drop_errors
                        : posted.form == "inspection"        ? &inspection_errors
                        : posted.form == "findings"          ? &findings_errors
                        : posted.form == "withdraw"          ? &withdraw_errors
                        : posted.form == "appeal"            ? &appeal_errors
                        : posted.form == "appeal_outcome"    ? &outcome_errors
                                                             : &assign_errors;
  notice_errors.Labels({{"breach", "revocation_breach"},
                        {"democracy_reason", "revocation_democracy_reason"},
                        {"repayment_sek", "revocation_notice_repayment"},
                        {"reply_by", "revocation_reply_by"}});
  revocation_reply_errors.Labels({{"text", "revocation_reply_text"}});
  revoke_errors.Labels({{"reasons", "revoke_reasons"},
                        {"repayment_sek", "revoke_repayment"},
                        {"repayment_due", "revoke_repayment_due"}});
  drop_errors.Labels({{"reasons", "revocation_drop_reasons"}});
  inspection_errors.Labels({{"planned_on", "inspection_planned_on"}, {"reason", "inspection_reason"}});
  findings_errors.Labels({{"performed_on", "inspection_performed_on"},
                          {"findings", "inspection_findings"},
                          {"outcome", "inspection_outcome"},
                          {"condition_id", "inspection_condition"},
                          {"incident.kind", "inspection_incident_kind"},
                          {"incident.verified", "inspection_incident_verified"}});
  withdraw_errors.Labels({{"reason", "withdraw_reason"}});
  appeal_errors.Labels({{"lodged_on", "appeal_lodged_on"},
                        {"appellant.kind", "appeal_appellant_kind"},
                        {"appellant.name", "appeal_appellant_name"},
                        {"court", "appeal_court"},
                        {"court_case_number", "appeal_court_case_number"}});
  outcome_errors.Labels({{"outcome", "appeal_outcome"},
                         {"outcome_on", "appeal_outcome_on"},
                         {"outcome_note", "appeal_outcome_note"},
                         {"court_case_number", "appeal_court_case_number"}});
  minutes_errors.Labels({{"posted_on", "minutes_posted_on"},
                         {"minutes_reference", "minutes_reference"},
                         {"correction_reason", "minutes_correction_reason"}});
  refer_errors.Labels({{"question", "refer_question"}});
  reply_errors.Labels({{"text", "reply_text"}});
  inforeq_errors.Labels({{"reply_by", "inforeq_reply_by"}, {"message", "inforeq_message"}});
  comm_errors.Labels({{"intended_outcome", "communicate_outcome"},
                      {"intended_amount_sek", "communicate_amount"},
                      {"reasons", "communicate_reasons"},
                      {"reply_by", "communicate_reply_by"}});
  decide_errors.Labels({{"outcome", "decide_outcome"},
                        {"amount_sek", "decide_amount"},
                        {"reasons", "decide_reasons"},
                        {"special_reasons", "decide_special_reasons"},
                        {"conditions", "decide_conditions"}});
  for (int i = 0; i < 3; ++i) {
    const std::string p = "conditions[" + std::to_string(i) + "]",
                      row = req.T("decide_condition") + " " + std::to_string(i + 1);
    decide_errors.Label(p + ".kind", row + ", " + req.T("condition_kind"))
        .Label(p + ".due", row + ", " + req.T("condition_due"))
        .Label(p + ".description", row + ", " + req.T("condition_description"));
  }
  active->Add(posted.errors);

  View assign;
  assign.Set("show", officer && Allowed(workflow::Command::kAssign, s, role) &&
                         (!d.assigned_to || *d.assigned_to != req.session->user.id));
  data.Set("assign", std::move(assign));

  View refer;
  refer.Set("show", officer && Allowed(workflow::Command::kRefer, s, role));
  refer.Set("question", refer_errors.Field("question", value("refer", "question")));
  data.Set("refer", std::move(refer));

  // Begäran om komplettering: the latest request, and the form to send one (or a new one).
  View inforeq;
  const auto& asked = d.information_request;
  // What the request names: the needs_info results, also under a flag (which outranks them in
  // the recommendation but completes nothing); an ineligible case is decided on that ground.
  bool lacks = s.recommendation == std::string("needs_info");
  if (s.recommendation == std::string("flag"))
    for (const auto& [rule, t] : rule_titles) lacks = lacks || t.outcome == "needs_info";
  inforeq.Set("show", officer && lacks && Allowed(workflow::Command::kRequestInformation, s, role));
  inforeq.Set("any", asked.has_value());
  inforeq.Set("requested_at", asked ? LocalTime(asked->requested_at) : "");
  inforeq.Set("requested_by", asked ? asked->requested_by_name : "");
  inforeq.Set("reply_by", asked ? asked->reply_by.ToString() : "");
  // Each rule by its title, as the letter names it; a rule the rule set no longer has, by id.
  View rules = View::List();
  if (asked)
    for (const auto& r : asked->rules) {
      const auto title = rule_titles.find(r);
      View v;
      const bool known = title != rule_titles.end() && !title->second.text.empty();
      v.Set("rule", r).Set("has_title", known).Set("title", known ? title->second.text : "");
      v.Set("title_sv", known && title->second.swedish);
      rules.Push(std::move(v));
    }
  inforeq.Set("rules", std::move(rules));
  inforeq.Set("message", asked ? asked->message : "");
  inforeq.Set("has_message", asked && !asked->message.empty());
  inforeq.Set("supplemented", asked && asked->supplemented_at.has_value());
  inforeq.Set("supplemented_at", asked && asked->supplemented_at ? LocalTime(*asked->supplemented_at) : "");
  inforeq.Set("replaces", asked && !asked->supplemented_at);
  // Three weeks, as the hint says, unless the officer changes it.
  inforeq.Set("reply_by_field", inforeq_errors.Field("reply_by", value("information_request", "reply_by",
                                                                       LocalToday().AddDays(21).ToString())));
  inforeq.Set("message_field", inforeq_errors.Field("message", value("information_request", "message")));
  inforeq.Set("panel", asked.has_value() || lacks);
  data.Set("information_request", std::move(inforeq));

  View comm;
  comm.Set("show", officer && Allowed(workflow::Command::kCommunicate, s, role));
  comm.Set("outcomes", Options(req, "decision_", Names(domain::kDecisionOutcomes),
                               value("communicate", "intended_outcome", "rejected")));
  comm.Set("intended_outcome", comm_errors.Field("intended_outcome", ""));
  comm.Set("intended_amount_sek",
           comm_errors.Field("intended_amount_sek", value("communicate", "intended_amount_sek")));
  comm.Set("reasons", comm_errors.Field("reasons", value("communicate", "reasons")));
  comm.Set("reply_by", comm_errors.Field("reply_by", value("communicate", "reply_by")));
  data.Set("communicate", std::move(comm));

  // A reply that came by e-mail or post, as the kommunicering letter invites, entered by the officer.
  View reply;
  reply.Set("show",
            officer && Allowed(workflow::Command::kReply, s, role) && d.communication && !d.communication->reply_text);
  reply.Set("text", reply_errors.Field("text", value("reply", "text")));
  data.Set("reply", std::move(reply));

  View decide;
  decide.Set("show", officer && Allowed(workflow::Command::kDecide, s, role));
  decide.Set("is_grant", s.kind == domain::ApplicationKind::kGrant);
  // What still lacks what its screening asked for can only be rejected as it stands (the
  // decision's guard says why); approving it waits for a supplement. A reposted form with an
  // error on a field of an approval (a hand-made request) shows the whole form, error included.
  const bool only_rejection = lacks && !decide_errors.Has("amount_sek") && !decide_errors.Has("special_reasons") &&
                              !decide_errors.Has("conditions");
  decide.Set("only_rejection", only_rejection);
  const std::string outcome = only_rejection ? std::string("rejected") : value("decide", "outcome");
  View outcomes = View::List();
  for (const auto& name : Names(domain::kDecisionOutcomes)) {
    if (only_rejection && name != "rejected") continue;
    View o;
    o.Set("value", name).Set("label", req.Label("decision_", name)).Set("checked", name == outcome);
    o.Set("id", decide_errors.Id("outcome") + "-" + name);
    outcomes.Push(std::move(o));
  }
  decide.Set("outcomes", std::move(outcomes));
  decide.Set("outcome", decide_errors.Field("outcome", outcome));
  const std::string applied = app.grant ? std::to_string(app.grant->amount_sek) : "";
  decide.Set("amount_sek", decide_errors.Field("amount_sek", value("decide", "amount_sek", applied)));
  decide.Set("reasons", decide_errors.Field("reasons", value("decide", "reasons")));
  decide.Set("special_reasons", decide_errors.Field("special_reasons", value("decide", "special_reasons")));
  decide.Set("conditions_field", decide_errors.Field("conditions", ""));
  View rows = View::List();
  for (int i = 0; i < 3; ++i) {
    const std::string p = "conditions[" + std::to_string(i) + "]";
    View row;
    row.Set("number", View::Number(i + 1));
    row.Set("kinds", Options(req, "condition_kind_", Names(domain::kConditionKinds),
                             value("decide", p + ".kind", "activity_report")));
    row.Set("kind", decide_errors.Field(p + ".kind", ""));
    row.Set("due", decide_errors.Field(p + ".due", value("decide", p + ".due")));
    row.Set("description", decide_errors.Field(p + ".description", value("decide", p + ".description")));
    rows.Push(std::move(row));
  }
  decide.Set("rows", std::move(rows));
  data.Set("decide", std::move(decide));

  // The appeal period: the posting of the minutes, the last day, and the form to record it.
  View appeal;
  const bool posted_known = d.appeal && d.appeal->id != 0;
  appeal.Set("any", d.appeal.has_value());
  appeal.Set("posted", posted_known);
  appeal.Set("decided_on", d.appeal ? d.appeal->decided_on.ToString() : "");
  appeal.Set("revocation", d.appeal && d.appeal->decision_kind == "revocation");
  appeal.Set("posted_on", posted_known ? d.appeal->posted_on.ToString() : "");
  appeal.Set("last_day", posted_known ? d.appeal->last_day.ToString() : "");
  appeal.Set("has_reference", posted_known && !d.appeal->minutes_reference.empty());
  appeal.Set("reference", posted_known ? d.appeal->minutes_reference : "");
  appeal.Set("show_form", officer && d.appeal && Allowed(workflow::Command::kRecordMinutesPosted, s, role));
  appeal.Set("posted_on_field", minutes_errors.Field("posted_on", value("minutes", "posted_on")));
  appeal.Set("reference_field", minutes_errors.Field("minutes_reference", value("minutes", "minutes_reference")));
  appeal.Set("correction_field", minutes_errors.Field("correction_reason", value("minutes", "correction_reason")));
  data.Set("appeal", std::move(appeal));

  // Revocation (återkallelse och återkrav) of a favourable decision: kommunicering, the reply
  // that came by post or e-mail, the decision; the process as it stands and its letters.
  const auto& rv = file->revocation;
  const bool is_grant = s.kind == domain::ApplicationKind::kGrant;
  const bool rv_open = rv && rv->status == "communicated";
  View revocation;
  revocation.Set("any", rv.has_value());
  revocation.Set("open", rv_open);
  // An annulled revocation (by an appeal, workflow/appeals.hpp) was decided before it fell.
  revocation.Set("revoked", rv && rv->revoked_on.has_value());
  revocation.Set("status", rv ? req.Label("revocation_status_", rv->status) : "");
  revocation.Set("status_class", rv ? "revocation-" + rv->status : "");
  revocation.Set("breach", rv ? rv->breach : "");
  revocation.Set("democracy_reason", rv ? YesNo(req, rv->democracy_reason) : "");
  revocation.Set("has_repayment", rv && rv->repayment_sek > 0);  // a claim only when money is reclaimed
  revocation.Set("repayment", rv && rv->repayment_sek > 0 ? Sek(req, rv->repayment_sek) : "");
  revocation.Set("has_repayment_due", rv && rv->repayment_sek > 0 && rv->repayment_due.has_value());
  revocation.Set("repayment_due", rv && rv->repayment_due ? rv->repayment_due->ToString() : "");
  revocation.Set("reply_by", rv ? rv->reply_by.ToString() : "");
  revocation.Set("communicated_at", rv ? LocalTime(rv->communicated_at) : "");
  revocation.Set("replied", rv && rv->reply_text.has_value());
  revocation.Set("reply_text", rv && rv->reply_text ? *rv->reply_text : "");
  revocation.Set("replied_at", rv && rv->replied_at ? LocalTime(*rv->replied_at) : "");
  revocation.Set("reasons", rv ? rv->reasons : "");
  revocation.Set("revoked_on", rv && rv->revoked_on ? rv->revoked_on->ToString() : "");
  revocation.Set("dropped", rv && rv->dropped_on.has_value());
  revocation.Set("dropped_on", rv && rv->dropped_on ? rv->dropped_on->ToString() : "");
  View revocation_letters = View::List();
  if (rv) {
    // The revocation's letters as it stands, each asked for by its type (label, letter type): the
    // kommunicering while communicated; the decision once revoked; the besked once dropped; once
    // annulled on appeal after it was decided, the besked of the annulment and the decision.
    std::vector<std::pair<const char*, const char*>> kinds;
    if (rv->status == "annulled" && rv->revoked_on) kinds.emplace_back("annulled", "revocation_annulled");
    if (rv->revoked_on) kinds.emplace_back("revoked", "revocation");
    else if (rv->dropped_on) kinds.emplace_back("dropped", "revocation_dropped");
    else kinds.emplace_back("communicated", "kommunicering");
    const std::string base = "/cases/" + std::to_string(s.case_id) + "/letter";
    for (const auto& [label, type] : kinds)
      for (const char* lang : {"sv", "en"})
        for (const char* format : {"pdf", "html"}) {
          View item;
          item.Set("href", base + "?lang=" + lang + "&format=" + format + "&type=" + type)
              .Set("hreflang", lang)
              .Set("label", req.T(std::string("revocation_letter_") + label) + " " +
                                req.T(std::string("letter_in_") + lang) + " (" +
                                (std::string(format) == "pdf" ? "PDF" : "HTML") + ")");
          revocation_letters.Push(std::move(item));
        }
  }
  revocation.Set("letters", std::move(revocation_letters));

  View notice;  // the kommunicering of an intended revocation
  notice.Set("show", officer && Allowed(workflow::Command::kCommunicateRevocation, s, role) && d.decision &&
                         d.decision->outcome != domain::DecisionOutcome::kRejected &&
                         !d.decision->revocation_clause.empty() && !rv_open);
  notice.Set("is_grant", is_grant);
  notice.Set("breach", notice_errors.Field("breach", value("revocation_notice", "breach")));
  notice.Set("democracy_reason", notice_errors.Field("democracy_reason", ""));
  notice.Set("democracy_checked", value("revocation_notice", "democracy_reason") == "true");
  notice.Set("repayment_sek", notice_errors.Field("repayment_sek", value("revocation_notice", "repayment_sek")));
  notice.Set("reply_by", notice_errors.Field("reply_by", value("revocation_notice", "reply_by")));
  revocation.Set("notice", std::move(notice));

  View rv_reply;  // the organisation's reply that came by post or e-mail
  rv_reply.Set("show", officer && Allowed(workflow::Command::kReplyRevocation, s, role) && rv_open && !rv->reply_text);
  rv_reply.Set("text", revocation_reply_errors.Field("text", value("revocation_reply", "text")));
  revocation.Set("reply", std::move(rv_reply));

  View revoke;  // the decision to revoke
  revoke.Set("show", officer && Allowed(workflow::Command::kRevoke, s, role) && rv_open);
  revoke.Set("is_grant", is_grant);
  revoke.Set("reasons", revoke_errors.Field("reasons", value("revoke", "reasons")));
  const std::string intended = rv && rv->repayment_sek > 0 ? std::to_string(rv->repayment_sek) : "";
  revoke.Set("repayment_sek", revoke_errors.Field("repayment_sek", value("revoke", "repayment_sek", intended)));
  revoke.Set("repayment_due", revoke_errors.Field("repayment_due", value("revoke", "repayment_due")));
  revocation.Set("decide", std::move(revoke));

  View drop;  // not revoking after all: the decision stands
  drop.Set("show", officer && Allowed(workflow::Command::kDropRevocation, s, role) && rv_open);
  drop.Set("reasons", drop_errors.Field("reasons", value("revocation_drop", "reasons")));
  revocation.Set("drop", std::move(drop));
  data.Set("revocation", std::move(revocation));
  data.Set("revocation_panel",
           rv.has_value() || (officer && Allowed(workflow::Command::kCommunicateRevocation, s, role) && d.decision &&
                              d.decision->outcome != domain::DecisionOutcome::kRejected));

  // Appeals (överklaganden) to the administrative court and their outcome (workflow/appeals.hpp):
  // the record of each, a form for the outcome of a pending one, and a form to record a new one
  // against the case's appealable decision.
  View appeals = View::List();
  for (const auto& a : d.appeals) {
    const bool pending = !a.outcome;
    const bool here = posted.form == "appeal_outcome" && posted.appeal == a.id;
    auto field = [&](const std::string& name, const std::string& fallback = "") {
      if (here) return outcome_errors.Field(name, values.Get(name));
      return FieldErrors(req, "appeal-outcome-" + std::to_string(a.id)).Field(name, fallback);
    };
    View v;
    const std::string kind(domain::ToString(a.appellant_kind));
    v.Set("id", View::Number(a.id))
        .Set("appealed", req.T(a.appealed_kind == "revocation" ? "appeal_of_revocation" : "appeal_of_decision"))
        .Set("lodged_on", a.lodged_on.ToString())
        .Set("appellant",
             req.Label("appellant_kind_", kind) + (a.appellant_name.empty() ? "" : ": " + a.appellant_name))
        .Set("court", a.court)
        .Set("has_case_number", !a.court_case_number.empty())
        .Set("court_case_number", a.court_case_number)
        .Set("recorded_by", a.recorded_by_name)
        .Set("recorded_at", LocalTime(a.recorded_at))
        .Set("pending", pending)
        .Set("outcome", pending ? req.T("appeal_pending") : req.Label("appeal_outcome_", domain::ToString(*a.outcome)))
        .Set("outcome_class", pending ? "appeal-pending" : "appeal-" + std::string(domain::ToString(*a.outcome)))
        .Set("outcome_on", a.outcome_on ? a.outcome_on->ToString() : "")
        .Set("has_note", !a.outcome_note.empty())
        .Set("outcome_note", a.outcome_note)
        .Set("outcome_recorded_by", a.outcome_recorded_by_name)
        .Set("outcome_recorded_at", a.outcome_recorded_at ? LocalTime(*a.outcome_recorded_at) : "");
    View form;
    const bool can_record = officer && pending && Allowed(workflow::Command::kRecordAppealOutcome, s, role);
    form.Set("show", can_record);
    if (can_record) {
      form.Set("outcome", field("outcome"));
      form.Set("outcomes", Options(req, "appeal_outcome_", Names(domain::kAppealOutcomes),
                                   here ? values.Get("outcome") : "", true, "option_choose"));
      form.Set("outcome_on", field("outcome_on"));
      form.Set("outcome_note", field("outcome_note"));
      form.Set("court_case_number", field("court_case_number"));
    }
    v.Set("form", std::move(form));
    appeals.Push(std::move(v));
  }
  const bool appeals_any = appeals.Size() > 0;
  data.Set("has_appeals", appeals_any);
  data.Set("appeals", std::move(appeals));
  View record_appeal;
  const bool can_appeal = officer && d.appeal && Allowed(workflow::Command::kRecordAppeal, s, role);
  record_appeal.Set("show", can_appeal);
  record_appeal.Set("revocation", d.appeal && d.appeal->decision_kind == "revocation");
  record_appeal.Set("decided_on", d.appeal ? d.appeal->decided_on.ToString() : "");
  record_appeal.Set("closed", s.status == domain::CaseStatus::kClosed);
  record_appeal.Set("lodged_on", appeal_errors.Field("lodged_on", value("appeal", "lodged_on")));
  record_appeal.Set("appellant_kind", appeal_errors.Field("appellant.kind", ""));
  record_appeal.Set("appellant_kinds", Options(req, "appellant_kind_", Names(domain::kAppellantKinds),
                                               value("appeal", "appellant.kind", "applicant")));
  record_appeal.Set("appellant_name", appeal_errors.Field("appellant.name", value("appeal", "appellant.name")));
  record_appeal.Set("court", appeal_errors.Field("court", value("appeal", "court")));
  record_appeal.Set("court_case_number",
                    appeal_errors.Field("court_case_number", value("appeal", "court_case_number")));
  data.Set("record_appeal", std::move(record_appeal));
  data.Set("appeals_panel", appeals_any || can_appeal);

  // Inspections of rented premises: requested for an approved booking (the use case checks the
  // booking's time is still the applicant's); the findings of one requested are recorded whatever
  // happened to the case since, as the API takes them.
  const bool follows_up = workflow::Allowed(role, workflow::Action::kFollowUp);
  const bool inspector = follows_up && s.kind == domain::ApplicationKind::kBooking &&
                         s.status == domain::CaseStatus::kDecided && d.decision &&
                         d.decision->outcome != domain::DecisionOutcome::kRejected;
  View inspections = View::List();
  for (const auto& i : file->inspections) {
    const bool pending = i.outcome.empty();
    const bool here = posted.form == "findings" && posted.inspection == i.id;
    auto field = [&](const std::string& name, const std::string& fallback = "") {
      if (here) return findings_errors.Field(name, values.Get(name));
      return FieldErrors(req, "findings-" + std::to_string(i.id)).Field(name, fallback);
    };
    View v;
    v.Set("id", View::Number(i.id))
        .Set("planned_on", i.planned_on.ToString())
        .Set("reason", i.reason)
        .Set("performed", i.performed_on.has_value())
        .Set("performed_on", i.performed_on ? i.performed_on->ToString() : "")
        .Set("findings", i.findings)
        .Set("outcome", pending ? req.T("inspection_pending") : req.Label("inspection_outcome_", i.outcome))
        .Set("outcome_class", pending ? "inspection-pending" : "inspection-" + i.outcome);
    View form;
    form.Set("show", follows_up && pending);
    if (follows_up && pending) {
      const std::string outcome = here ? values.Get("outcome") : "";
      // A breach names the condition broken: offered only when the case has one still open.
      bool open_conditions = false;
      for (const auto& c : d.conditions)
        open_conditions = open_conditions || c.status == "pending" || c.status == "overdue";
      View outcomes = View::List();
      for (const char* o : {"no_remarks", "remarks", "breach", "incident"}) {
        if (std::string(o) == "breach" && !open_conditions) continue;
        View r;
        r.Set("value", o).Set("label", req.Label("inspection_outcome_", o)).Set("checked", outcome == o);
        r.Set("id", FieldErrors(req, "findings-" + std::to_string(i.id)).Id("outcome") + "-" + o);
        outcomes.Push(std::move(r));
      }
      form.Set("performed_on", field("performed_on", LocalToday().ToString()));
      form.Set("findings", field("findings"));
      form.Set("outcome", field("outcome"));
      form.Set("outcomes", std::move(outcomes));
      form.Set("condition_id", field("condition_id"));
      const std::string chosen = here ? values.Get("condition_id") : "";
      View conditions = View::List();
      View blank;
      blank.Set("value", "").Set("label", req.T("option_choose")).Set("selected", chosen.empty());
      conditions.Push(std::move(blank));
      for (const auto& c : d.conditions) {
        if (c.status != "pending" && c.status != "overdue") continue;
        View o;
        o.Set("value", std::to_string(c.id))
            .Set("label", req.Label("condition_kind_", domain::ToString(c.kind)) + ": " + c.description + " (" +
                              c.due.ToString() + ")")
            .Set("selected", chosen == std::to_string(c.id));
        conditions.Push(std::move(o));
      }
      form.Set("has_conditions", conditions.Size() > 1);
      form.Set("conditions", std::move(conditions));
      form.Set("incident_kind", field("incident.kind"));
      form.Set("incident_kinds", Options(req, "incident_kind_", Names(domain::kIncidentKinds),
                                         here ? values.Get("incident.kind") : "", true, "option_choose"));
      form.Set("incident_verified", field("incident.verified"));
      form.Set("incident_verified_checked", here ? values.Get("incident.verified") == "true" : true);
    }
    v.Set("form", std::move(form));
    inspections.Push(std::move(v));
  }
  data.Set("has_inspections", inspections.Size() > 0);
  data.Set("inspections", std::move(inspections));
  View inspect;
  inspect.Set("show", inspector);
  inspect.Set("planned_on", inspection_errors.Field("planned_on", value("inspection", "planned_on")));
  inspect.Set("reason", inspection_errors.Field("reason", value("inspection", "reason")));
  data.Set("inspect", std::move(inspect));
  data.Set("inspections_panel", inspector || !file->inspections.empty());

  // Withdrawal by the officer when the applicant asks (by e-mail, letter or telephone).
  View withdraw;
  withdraw.Set("show", officer && Allowed(workflow::Command::kWithdraw, s, role));
  withdraw.Set("reason", withdraw_errors.Field("reason", value("withdraw", "reason")));
  data.Set("withdraw", std::move(withdraw));

  data.Set("errors", active->Summary());
  data.Set("has_conflict", !posted.conflict.empty());
  const LocalText conflict = Detail(req, posted.conflict);
  data.Set("conflict", conflict.text);
  data.Set("conflict_foreign", conflict.foreign);
  data.Set("can_act", officer);
  return RenderPage(req, status, "case", req.T("case_title") + " " + s.case_number, officer ? "cases" : "cases",
                    std::move(data));
}

Response CasePage(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case '" + req.ex.params["id"] + "'."));
  return RenderCase(req, *id, Posted{}, 200);
}

// A refusal: the page again with the messages next to the posted form's fields (422) or the
// conflict on top (409, a stale version among them); any other as an error page.
Response Refused(PageRequest& req, std::int64_t case_id, Posted posted, const domain::Error& e) {
  if (e.code == domain::ErrorCode::kValidation) {
    posted.errors = e.errors;
    return RenderCase(req, case_id, posted, 422);
  }
  if (e.code == domain::ErrorCode::kConflict) {
    posted.conflict = e.detail;
    return RenderCase(req, case_id, posted, 409);
  }
  return ErrorPage(req, e);
}

// After a use case: back to the case on success; the page with the refusal otherwise.
template <typename T>
Response After(PageRequest& req, std::int64_t case_id, Posted posted, const domain::Result<T>& result,
               const std::string& done) {
  if (result) return SeeOther(req, "/cases/" + std::to_string(case_id) + "?done=" + done);
  return Refused(req, case_id, std::move(posted), result.Err());
}

Response AfterCommand(PageRequest& req, std::int64_t case_id, const std::string& form,
                      const domain::Result<domain::CaseSummary>& result, const std::string& done) {
  return After(req, case_id, Posted{form, {}, {}, 0}, result, done);
}

std::optional<std::int64_t> ExpectedVersion(const PageRequest& req) {
  std::vector<domain::FieldError> ignored;
  return FormInt(req.form, "version", ignored);
}

Response PostAssign(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  return AfterCommand(req, *id, "assign", req.ex.services.workflow.Assign(req.Actor(), *id, req.session->user.id),
                      "assigned");
}

Response PostRefer(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  return AfterCommand(
      req, *id, "refer",
      req.ex.services.workflow.Refer(req.Actor(), *id, ExpectedVersion(req), req.form.Get("question"), {}), "referred");
}

Response PostReply(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  return AfterCommand(
      req, *id, "reply",
      req.ex.services.workflow.Reply(req.Actor(), *id, ExpectedVersion(req), req.form.Get("text"), {}),
      "reply_recorded");
}

Response PostRequestInformation(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::InformationRequestInput in;
  in.reply_by = FormDate(req.form, "reply_by", true, errors);
  in.message = req.form.Get("message");
  return AfterCommand(req, *id, "information_request",
                      req.ex.services.workflow.RequestInformation(req.Actor(), *id, ExpectedVersion(req), in,
                                                                  std::move(errors)),
                      "information_requested");
}

Response PostCommunicate(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::CommunicationInput in;
  const std::string outcome = req.form.Get("intended_outcome");
  const auto intended = domain::ParseDecisionOutcome(outcome);
  if (intended)
    in.intended_outcome = *intended;
  else
    errors.push_back({"intended_outcome", "is required"});
  // An intended rejection grants nothing: an amount left in the field is not sent (the API
  // still refuses one that is).
  if (!intended || *intended != domain::DecisionOutcome::kRejected)
    in.intended_amount_sek = FormInt(req.form, "intended_amount_sek", errors);
  in.reasons = req.form.Get("reasons");
  in.reply_by = FormDate(req.form, "reply_by", false, errors);
  return AfterCommand(
      req, *id, "communicate",
      req.ex.services.workflow.Communicate(req.Actor(), *id, ExpectedVersion(req), in, std::move(errors)),
      "communicated");
}

Response PostDecide(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::DecisionInput in;
  const auto outcome = domain::ParseDecisionOutcome(req.form.Get("outcome"));
  if (outcome)
    in.outcome = *outcome;
  else
    errors.push_back({"outcome", "is required: approved, approved with conditions or rejected"});
  // The form fills in the amount applied for; a rejection grants nothing, so the amount in the
  // field is not sent with one (the API still refuses a rejection that carries an amount).
  if (!outcome || *outcome != domain::DecisionOutcome::kRejected)
    in.amount_sek = FormInt(req.form, "amount_sek", errors);
  in.reasons = req.form.Get("reasons");
  in.special_reasons = req.form.Get("special_reasons");
  // Rows the officer left empty are not conditions; the use case numbers the rest, so its
  // messages are mapped back to the rows as shown.
  std::vector<int> shown_row;
  for (int i = 0; i < 3; ++i) {
    const std::string p = "conditions[" + std::to_string(i) + "]";
    const std::string due = req.form.Get(p + ".due"), description = req.form.Get(p + ".description");
    if (due.empty() && domain::IsBlank(description)) continue;
    // Parse errors use the use case's numbering too (the k-th condition), mapped back below.
    const std::string k = "conditions[" + std::to_string(in.conditions.size()) + "]";
    domain::ConditionSpec spec;
    if (auto kind = domain::ParseConditionKind(req.form.Get(p + ".kind")))
      spec.kind = *kind;
    else
      errors.push_back({k + ".kind", "is required"});
    std::vector<domain::FieldError> date_errors;
    if (auto d = FormDate(req.form, p + ".due", true, date_errors)) spec.due = *d;
    for (auto& fe : date_errors) errors.push_back({k + ".due", fe.message});
    spec.description = description;
    shown_row.push_back(i);
    in.conditions.push_back(std::move(spec));
  }
  auto result = req.ex.services.workflow.Decide(req.Actor(), *id, ExpectedVersion(req), in, std::move(errors));
  if (!result && result.Err().code == domain::ErrorCode::kValidation) {
    domain::Error e = result.Err();
    for (auto& fe : e.errors) {
      if (fe.field.rfind("conditions[", 0) != 0) continue;
      const auto close = fe.field.find(']');
      int k = -1;
      std::from_chars(fe.field.data() + 11, fe.field.data() + close, k);
      if (k >= 0 && k < static_cast<int>(shown_row.size()))
        fe.field = "conditions[" + std::to_string(shown_row[k]) + "]" + fe.field.substr(close + 1);
    }
    return AfterCommand(req, *id, "decide", e, "decided");
  }
  return AfterCommand(req, *id, "decide", result, "decided");
}

Response PostMinutes(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::MinutesPostedInput in;
  in.posted_on = FormDate(req.form, "posted_on", true, errors);
  in.minutes_reference = req.form.Get("minutes_reference");
  in.correction_reason = req.form.Get("correction_reason");
  return AfterCommand(
      req, *id, "minutes",
      req.ex.services.workflow.RecordMinutesPosted(req.Actor(), *id, ExpectedVersion(req), in, std::move(errors)),
      "minutes_recorded");
}

// ---- Revocation (återkallelse och återkrav), the same use cases as /api/v1/cases/{id}/revocation ----

Response PostRevocationNotice(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::RevocationNotice n;
  n.breach = req.form.Get("breach");
  n.democracy_reason = req.form.Get("democracy_reason") == "true";
  n.repayment_sek = FormInt(req.form, "repayment_sek", errors).value_or(0);
  n.reply_by = FormDate(req.form, "reply_by", false, errors);
  return After(req, *id, Posted{"revocation_notice", {}, {}, 0},
               req.ex.services.revocations.Communicate(req.Actor(), *id, ExpectedVersion(req), n, std::move(errors)),
               "revocation_communicated");
}

Response PostRevocationReply(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  return After(req, *id, Posted{"revocation_reply", {}, {}, 0},
               req.ex.services.revocations.Reply(req.Actor(), *id, ExpectedVersion(req), req.form.Get("text")),
               "revocation_reply_recorded");
}

Response PostRevoke(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::RevocationDecision in;
  in.reasons = req.form.Get("reasons");
  in.repayment_sek = FormInt(req.form, "repayment_sek", errors).value_or(0);
  in.repayment_due = FormDate(req.form, "repayment_due", false, errors);
  return After(req, *id, Posted{"revoke", {}, {}, 0},
               req.ex.services.revocations.Revoke(req.Actor(), *id, ExpectedVersion(req), in, std::move(errors)),
               "revoked");
}

Response PostDropRevocation(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  return After(req, *id, Posted{"revocation_drop", {}, {}, 0},
               req.ex.services.revocations.Drop(req.Actor(), *id, ExpectedVersion(req), req.form.Get("reasons")),
               "revocation_dropped");
}

// ---- Appeals (överklaganden), the same use cases as /api/v1/cases/{id}/appeals ----

Response PostAppeal(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  workflow::AppealInput in;
  in.lodged_on = FormDate(req.form, "lodged_on", false, errors);
  const std::string kind = req.form.Get("appellant.kind");
  if (!kind.empty()) {
    in.appellant_kind = domain::ParseAppellantKind(kind);
    if (!in.appellant_kind) errors.push_back({"appellant.kind", "unknown value '" + kind + "'"});
  }
  in.appellant_name = req.form.Get("appellant.name");
  in.court = req.form.Get("court");
  in.court_case_number = req.form.Get("court_case_number");
  return After(req, *id, Posted{"appeal", {}, {}, 0, 0},
               req.ex.services.appeals->Record(req.Actor(), *id, ExpectedVersion(req), in, std::move(errors)),
               "appeal_recorded");
}

Response PostAppealOutcome(PageRequest& req) {
  auto id = PathId(req);
  auto appeal_id = PathId(req, "appeal");
  if (!id || !appeal_id) return ErrorPage(req, domain::Error::NotFound("There is no such appeal."));
  // The form is on the case page: the appeal must be one of this case's.
  const auto appeal_case = req.ex.services.appeals->CaseOf(*appeal_id);
  if (!appeal_case || *appeal_case != *id)
    return ErrorPage(req, domain::Error::NotFound("There is no appeal " + std::to_string(*appeal_id) + " in case " +
                                                  std::to_string(*id) + "."));
  std::vector<domain::FieldError> errors;
  workflow::AppealOutcomeInput in;
  const std::string outcome = req.form.Get("outcome");
  if (!outcome.empty()) {
    in.outcome = domain::ParseAppealOutcome(outcome);
    if (!in.outcome) errors.push_back({"outcome", "unknown value '" + outcome + "'"});
  }
  in.outcome_on = FormDate(req.form, "outcome_on", false, errors);
  in.outcome_note = req.form.Get("outcome_note");
  in.court_case_number = req.form.Get("court_case_number");
  return After(
      req, *id, Posted{"appeal_outcome", {}, {}, 0, *appeal_id},
      req.ex.services.appeals->RecordOutcome(req.Actor(), *appeal_id, ExpectedVersion(req), in, std::move(errors)),
      "appeal_outcome_recorded");
}

// ---- Inspections of rented premises, the same use cases as the API's inspections ----

Response PostInspection(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  std::vector<domain::FieldError> errors;
  auto planned = FormDate(req.form, "planned_on", false, errors);
  auto result = req.ex.services.inspections.Request(req.Actor(), *id, ExpectedVersion(req), planned,
                                                    req.form.Get("reason"), std::move(errors));
  return After(req, *id, Posted{"inspection", {}, {}, 0}, result, "inspection_requested");
}

Response PostFindings(PageRequest& req) {
  auto id = PathId(req);
  auto inspection_id = PathId(req, "inspection");
  if (!id || !inspection_id) return ErrorPage(req, domain::Error::NotFound("There is no such inspection."));
  // The form is on the case page: the inspection must be one of this case's.
  auto inspection = req.ex.services.inspections.Get(req.Actor(), *inspection_id);
  if (!inspection) return ErrorPage(req, inspection.Err());
  if (inspection->case_id != *id)
    return ErrorPage(req, domain::Error::NotFound("There is no inspection " + std::to_string(*inspection_id) +
                                                  " in case " + std::to_string(*id) + "."));
  std::vector<domain::FieldError> errors;
  workflow::FindingsInput in;
  in.performed_on = FormDate(req.form, "performed_on", false, errors);
  in.findings = req.form.Get("findings");
  in.outcome = req.form.Get("outcome");
  if (in.outcome == "breach") in.condition_id = FormInt(req.form, "condition_id", errors);
  if (in.outcome == "incident") {
    const std::string kind = req.form.Get("incident.kind");
    if (!kind.empty()) {
      in.incident_kind = domain::ParseIncidentKind(kind);
      if (!in.incident_kind) errors.push_back({"incident.kind", "unknown incident kind '" + kind + "'"});
    }
    in.incident_verified = req.form.Get("incident.verified") == "true";
  }
  return After(req, *id, Posted{"findings", {}, {}, *inspection_id},
               req.ex.services.inspections.RecordFindings(req.Actor(), *inspection_id, ExpectedVersion(req), in,
                                                          std::move(errors)),
               "findings_recorded");
}

// ---- Withdrawal on the applicant's request ----

Response PostWithdraw(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  return AfterCommand(req, *id, "withdraw",
                      req.ex.services.workflow.Withdraw(req.Actor(), *id, ExpectedVersion(req), req.form.Get("reason")),
                      "withdrawn");
}

// The letter as issued (the archived bytes), through the same use case as the API. The HTML
// letter carries its own print styles; it is served sandboxed with only those allowed.
Response Letter(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case '" + req.ex.params["id"] + "'."));
  const std::string lang = req.Query("lang").empty() ? req.lang : req.Query("lang");
  const std::string format = req.Query("format").empty() ? "pdf" : req.Query("format");
  const std::string type = req.Query("type");
  auto doc = req.ex.services.letters.Get(req.Actor(), *id, lang, format, type);
  if (!doc) return ErrorPage(req, doc.Err());
  Response r = LetterResponse(*doc, *id, lang);
  if (format != "pdf")
    r.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'none'");
  return r;
}

}  // namespace

void AddCasePages(Router& router) {
  router.Add(PageRoute("GET", "/queue", kOfficer, QueuePage));
  router.Add(PageRoute("GET", "/cases", kCaseReaders, CasesPage));
  router.Add(PageRoute("GET", "/cases/{id}", kCaseReaders, CasePage));
  router.Add(PageRoute("POST", "/cases/{id}/assign", kOfficer, PostAssign, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/referral", kOfficer, PostRefer, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/information-request", kOfficer, PostRequestInformation, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/communication", kOfficer, PostCommunicate, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/reply", kOfficer, PostReply, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/decision", kOfficer, PostDecide, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/minutes-posted", kOfficer, PostMinutes, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/revocation/communication", kOfficer, PostRevocationNotice, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/revocation/reply", kOfficer, PostRevocationReply, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/revocation", kOfficer, PostRevoke, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/revocation/drop", kOfficer, PostDropRevocation, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/appeals", kOfficer, PostAppeal, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/appeals/{appeal}/outcome", kOfficer, PostAppealOutcome, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/inspections", kInspectors, PostInspection, "/cases/{id}"));
  router.Add(
      PageRoute("POST", "/cases/{id}/inspections/{inspection}/findings", kInspectors, PostFindings, "/cases/{id}"));
  router.Add(PageRoute("POST", "/cases/{id}/withdraw", kOfficer, PostWithdraw, "/cases/{id}"));
  router.Add(PageRoute("GET", "/cases/{id}/letter", kCaseReaders, Letter));
}

}  // namespace granska::http
