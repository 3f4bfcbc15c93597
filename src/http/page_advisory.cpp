// The advisory group's pages: my referrals with deadlines, the meeting agenda, the
// pseudonymised referral packet with the advice and jäv forms, and the recorded request for
// names. Reading a packet is recorded by AdvisoryQueries::Packet.
#include <charconv>
#include <sstream>

#include "http/json_fields.hpp"
#include "http/page_routes.hpp"
#include "http/page_views.hpp"
#include "http/pseudonyms.hpp"
#include "http/request_parsers.hpp"

namespace granska::http {

using domain::Role;
using pages::View;

namespace {

// Who may open these pages: the matrix (workflow/authorization.cpp).
const std::vector<Role> kGroup = workflow::RolesFor(workflow::Action::kAdvisoryGroupPages);
const std::vector<Role> kMeeting = workflow::RolesFor(workflow::Action::kReadMeetingAgenda);

std::optional<std::int64_t> PathId(PageRequest& req) {
  const std::string& text = req.ex.params["id"];
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

View AgendaRows(PageRequest& req, const std::vector<workflow::AgendaEntry>& agenda, int quorum) {
  View rows = View::List();
  int n = 0;
  for (const auto& e : agenda) {
    View v = CaseRow(req, e.summary, "/advisory/cases/");
    // The question with the persons the application names pseudonymised, as in the packet.
    const std::string question = e.names_pseudonymised
                                     ? Pseudonyms::OfStoredApplication(e.application_json).InText(e.referral.question)
                                     : e.referral.question;
    v.Set("number", View::Number(++n))
        .Set("question", question)
        .Set("deadline", e.referral.deadline.ToString())
        .Set("overdue", e.overdue)
        .Set("automatic", e.referral.automatic)
        .Set("advice_count", View::Number(e.advice_count))
        .Set("recusal_count", View::Number(e.recusal_count))
        .Set("has_recusals", e.recusal_count > 0)
        .Set("quorum", View::Number(quorum));
    rows.Push(std::move(v));
  }
  return rows;
}

Response AgendaPage(PageRequest& req, const std::string& page, const std::string& title_key, const std::string& nav) {
  auto agenda = req.ex.services.advisory.Agenda(req.Actor());
  if (!agenda) return ErrorPage(req, agenda.Err());
  View data;
  View rows = AgendaRows(req, *agenda, req.ex.services.workflow.Rules().quorum);
  int overdue = 0;
  for (const auto& e : *agenda) overdue += e.overdue ? 1 : 0;
  data.Set("any", rows.Size() > 0);
  data.Set("count", View::Number(static_cast<std::int64_t>(rows.Size())));
  data.Set("overdue_count", View::Number(overdue));
  data.Set("has_overdue", overdue > 0);
  data.Set("rows", std::move(rows));
  data.Set("quorum", View::Number(req.ex.services.workflow.Rules().quorum));
  data.Set("notice", Notice(req));
  return RenderPage(req, 200, page, req.T(title_key), nav, std::move(data));
}

Response Referrals(PageRequest& req) { return AgendaPage(req, "agenda", "agenda_title", "agenda"); }
Response Meeting(PageRequest& req) { return AgendaPage(req, "meeting", "meeting_title", "meeting"); }

struct Posted {
  std::string form;  // advice | recusal | names
  std::vector<domain::FieldError> errors;
  std::string conflict;
};

Response RenderPacket(PageRequest& req, std::int64_t case_id, const Posted& posted, int status) {
  auto current = req.ex.services.cases.Get(case_id);
  if (!current) return ErrorPage(req, current.Err());
  std::string error;
  auto json = ParseObject(current->application_json, error);
  if (!json) json = new Poco::JSON::Object;
  std::vector<domain::FieldError> ignored;
  const domain::Application app = ParseApplication(json, ignored);
  auto packet = req.ex.services.advisory.Packet(req.Actor(), case_id, app);
  if (!packet) return ErrorPage(req, packet.Err());
  const Pseudonyms names(app);
  const bool hide = !packet->names_revealed;
  const domain::Application shown = hide ? names.Apply(app) : app;
  if (hide) {
    names.InCase(packet->detail);
    packet->referral->question = names.InText(packet->referral->question);
  }
  const auto& s = packet->detail.summary;
  const auto& referral = *packet->referral;

  View data;
  data.Set("case", CaseRow(req, s));
  data.Set("names_pseudonymised", hide);
  data.Set("question", referral.question);
  data.Set("deadline", referral.deadline.ToString());
  data.Set("quorum", View::Number(packet->quorum));
  data.Set("organisation", OrganisationView(req, shown.organisation));
  data.Set("application", ApplicationView(req, shown));
  data.Set("screening", ScreeningView(req, s.screening_json));
  // The incidents as the API's packet gives them: the subject pseudonymised, no summary (free
  // text that may name private persons the application does not, so InText cannot find them).
  View evidence = EvidenceList(
      req, packet->evidence, [&](const std::string& n) { return hide ? names.For(n) : n; }, false);
  data.Set("has_evidence", evidence.Size() > 0);
  data.Set("evidence", std::move(evidence));

  View advice = View::List();
  bool answered = false;
  int advising = 0;
  for (const auto& a : packet->detail.advice) {
    if (a.referral_id != referral.id) continue;
    answered = answered || a.member_id == req.session->user.id;
    advising += a.recusal ? 0 : 1;
    View v;
    v.Set("member", a.member_name)
        .Set("sector",
             a.member_sector.empty() ? req.T("member_sector_not_given") : req.Label("sector_", a.member_sector))
        .Set("recusal", a.recusal)
        .Set("recommendation", a.recommendation ? req.Label("advice_", domain::ToString(*a.recommendation)) : "")
        .Set("reasoning", a.reasoning)
        .Set("given_at", LocalTime(a.given_at));
    advice.Push(std::move(v));
  }
  data.Set("has_advice", advice.Size() > 0);
  data.Set("advice", std::move(advice));
  data.Set("advising", View::Number(advising));

  View earlier = View::List();
  for (const auto& d : packet->earlier_decisions) {
    View v;
    v.Set("case_number", d.case_number)
        .Set("outcome", req.Label("decision_", domain::ToString(d.outcome)))
        .Set("decided_on", d.decided_on.ToString());
    earlier.Push(std::move(v));
  }
  data.Set("has_earlier", earlier.Size() > 0);
  data.Set("earlier", std::move(earlier));

  const bool open = s.status == domain::CaseStatus::kReferred && !referral.advised_at && !answered;
  data.Set("can_answer", open);
  data.Set("answered", answered);
  data.Set("closed", !open && !answered);

  FieldErrors advice_errors(req, "advice"), recusal_errors(req, "recusal"), names_errors(req, "names");
  advice_errors.Labels({{"recommendation", "advice_recommendation"}, {"reasoning", "advice_reasoning"},
                       {"proposed_conditions", "advice_proposed_conditions"}});
  recusal_errors.Labels({{"reason", "recusal_reason"}});
  names_errors.Labels({{"reason", "names_reason"}});
  FieldErrors& active = posted.form == "recusal" ? recusal_errors : posted.form == "names" ? names_errors : advice_errors;
  active.Add(posted.errors);
  auto value = [&](const std::string& form, const std::string& name) {
    return posted.form == form ? req.form.Get(name) : std::string();
  };
  View form;
  const std::string chosen = value("advice", "recommendation");
  View choices = View::List();
  for (const auto& [e, name] : domain::kAdviceRecommendations) {
    View c;
    c.Set("value", std::string(name))
        .Set("label", req.Label("advice_", name))
        .Set("checked", chosen == name)
        .Set("id", advice_errors.Id("recommendation") + "-" + std::string(name));
    choices.Push(std::move(c));
  }
  form.Set("choices", std::move(choices));
  form.Set("recommendation", advice_errors.Field("recommendation", chosen));
  form.Set("reasoning", advice_errors.Field("reasoning", value("advice", "reasoning")));
  form.Set("proposed_conditions", advice_errors.Field("proposed_conditions", value("advice", "proposed_conditions")));
  data.Set("advice_form", std::move(form));
  View recusal;
  recusal.Set("reason", recusal_errors.Field("reason", value("recusal", "reason")));
  data.Set("recusal_form", std::move(recusal));
  View names_form;
  names_form.Set("reason", names_errors.Field("reason", value("names", "reason")));
  data.Set("names_form", std::move(names_form));
  data.Set("can_request_names", hide && s.status == domain::CaseStatus::kReferred);
  data.Set("errors", active.Summary());
  data.Set("has_conflict", !posted.conflict.empty());
  const LocalText conflict = Detail(req, posted.conflict);
  data.Set("conflict", conflict.text);
  data.Set("conflict_foreign", conflict.foreign);
  data.Set("notice", Notice(req));
  return RenderPage(req, status, "packet", req.T("packet_title") + " " + s.case_number, "agenda", std::move(data));
}

Response PacketPage(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case '" + req.ex.params["id"] + "'."));
  return RenderPacket(req, *id, Posted{}, 200);
}

Response After(PageRequest& req, std::int64_t id, const std::string& form, const domain::Error* error,
               const std::string& done_location) {
  if (!error) return SeeOther(req, done_location);
  Posted posted{form, {}, {}};
  if (error->code == domain::ErrorCode::kValidation) {
    posted.errors = error->errors;
    return RenderPacket(req, id, posted, 422);
  }
  if (error->code == domain::ErrorCode::kConflict) {
    posted.conflict = error->detail;
    return RenderPacket(req, id, posted, 409);
  }
  return ErrorPage(req, *error);
}

Response PostAdvice(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  workflow::AdviceInput in;
  std::vector<domain::FieldError> errors;
  const std::string rec = req.form.Get("recommendation");
  if (!rec.empty()) {
    in.recommendation = domain::ParseAdviceRecommendation(rec);
    if (!in.recommendation) errors.push_back({"recommendation", "unknown value '" + rec + "'"});
  }
  in.reasoning = req.form.Get("reasoning");
  std::istringstream lines(req.form.Get("proposed_conditions"));
  for (std::string line; std::getline(lines, line);)
    if (line.find_first_not_of(" \t") != std::string::npos) in.proposed_conditions.push_back(line);
  auto r = req.ex.services.workflow.Advise(req.Actor(), *id, in, std::move(errors));
  return After(req, *id, "advice", r ? nullptr : &r.Err(), "/advisory/cases/" + std::to_string(*id) + "?done=advised");
}

Response PostRecusal(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  workflow::AdviceInput in;
  in.recusal = true;
  in.reasoning = req.form.Get("reason");
  auto r = req.ex.services.workflow.Advise(req.Actor(), *id, in, {});
  // A recused member may no longer read the packet: back to the list of referrals.
  return After(req, *id, "recusal", r ? nullptr : &r.Err(), "/advisory?done=recused");
}

Response PostNames(PageRequest& req) {
  auto id = PathId(req);
  if (!id) return ErrorPage(req, domain::Error::NotFound("There is no case."));
  auto r = req.ex.services.advisory.RequestNames(req.Actor(), *id, req.form.Get("reason"));
  return After(req, *id, "names", r ? nullptr : &r.Err(),
               "/advisory/cases/" + std::to_string(*id) + "?done=names_requested");
}

}  // namespace

void AddAdvisoryPages(Router& router) {
  router.Add(PageRoute("GET", "/advisory", kGroup, Referrals));
  router.Add(PageRoute("GET", "/advisory/meeting", kMeeting, Meeting));
  router.Add(PageRoute("GET", "/advisory/cases/{id}", kGroup, PacketPage));
  router.Add(PageRoute("POST", "/advisory/cases/{id}/advice", kGroup, PostAdvice, "/advisory/cases/{id}"));
  router.Add(PageRoute("POST", "/advisory/cases/{id}/recusal", kGroup, PostRecusal, "/advisory/cases/{id}"));
  router.Add(PageRoute("POST", "/advisory/cases/{id}/names", kGroup, PostNames, "/advisory/cases/{id}"));
}

}  // namespace granska::http
