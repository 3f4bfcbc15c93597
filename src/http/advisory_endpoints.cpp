// The advisory group's reading: agenda, referral packet (pseudonymised), name requests,
// and the minimal export for an in-depth review by CVE.
#include <map>

#include "domain/person_name.hpp"
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/pseudonyms.hpp"
#include "http/request_parsers.hpp"
#include "http/router.hpp"
#include "http/services.hpp"

namespace granska::http {

namespace {

using Poco::JSON::Object;

struct LoadedApplication {
  domain::Application app;
  Object::Ptr json;
};

std::optional<Response> LoadApplication(Exchange& ex, std::int64_t case_id, LoadedApplication& out) {
  auto current = ex.services.cases.Get(case_id);
  if (!current) return Problem(current.Err(), ex.instance);
  std::string error;
  out.json = ParseObject(current->application_json, error);
  if (!out.json) out.json = new Object;
  std::vector<domain::FieldError> ignored;  // stored applications were valid when stored
  out.app = ParseApplication(out.json, ignored);
  return std::nullopt;
}

Response Agenda(Exchange& ex) {
  auto agenda = ex.services.advisory.Agenda(ex.Actor());
  if (!agenda) return Problem(agenda.Err(), ex.instance);
  domain::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& e : *agenda) {
    w.BeginObject().Key("case");
    WriteCaseSummary(w, e.summary);
    w.Key("referral");
    // The question with the persons the application names pseudonymised, as in the packet.
    domain::Referral referral = e.referral;
    if (e.names_pseudonymised)
      referral.question = Pseudonyms::OfStoredApplication(e.application_json).InText(referral.question);
    WriteReferral(w, referral);
    w.Field("advice_count", e.advice_count)
        .Field("recusal_count", e.recusal_count)
        .Field("deadline", e.referral.deadline.ToString())
        .Field("overdue", e.overdue)
        .EndObject();
  }
  // The list shape of every list (shared/api.md); the agenda is always whole.
  w.EndArray().Key("next").Null().EndObject();
  return Json(200, w.Take());
}

void WriteEvidence(domain::JsonWriter& w, const workflow::EvidenceItem& e, const Pseudonyms* names) {
  const auto& i = e.incident;
  w.BeginObject().Field("incident_id", i.id).Field("attribution", e.attribution);
  w.Key("subject").BeginObject();
  if (i.subject_org)
    w.Field("org_number", i.subject_org->Text());
  else
    w.Field("person", names ? names->For(i.subject_person) : i.subject_person);
  w.EndObject();
  w.Field("kind", domain::ToString(i.kind))
      .Field("occurred_on", i.occurred_on.ToString())
      .Field("source", domain::ToString(i.source))
      .Field("verified", i.verified)
      .Field("distanced", i.distanced)
      // The coordinator's free text: the persons the application names as their labels too.
      .Field("reference", names ? names->InText(i.reference) : i.reference)
      .EndObject();
}

Response Packet(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  if (auto denied = Deny(ex, workflow::Action::kReadReferralPacket)) return *denied;
  LoadedApplication loaded;
  if (auto r = LoadApplication(ex, *id, loaded)) return *r;
  auto packet = ex.services.advisory.Packet(ex.Actor(), *id, loaded.app);
  if (!packet) return Problem(packet.Err(), ex.instance);
  Pseudonyms names(loaded.app);
  const Pseudonyms* hide = packet->names_revealed ? nullptr : &names;
  if (hide) {
    hide->InCase(packet->detail);
    packet->referral->question = hide->InText(packet->referral->question);
  }
  domain::JsonWriter w;
  w.BeginObject().Key("case");
  WriteCaseSummary(w, packet->detail.summary);
  // The typed application, not the stored JSON: members the server does not read (a board
  // member's e-mail, a personnummer, a phone number) never reach the group (security M1).
  w.Key("application");
  WriteApplication(w, hide ? hide->Apply(loaded.app) : loaded.app);
  w.Field("names_pseudonymised", hide != nullptr);
  w.Key("referral");
  WriteReferral(w, *packet->referral);
  w.Field("question", packet->referral->question).Field("quorum", packet->quorum);
  w.Key("evidence").BeginArray();
  for (const auto& e : packet->evidence) WriteEvidence(w, e, hide);
  w.EndArray().Key("advice").BeginArray();
  for (const auto& a : packet->detail.advice)
    if (a.referral_id == packet->referral->id) WriteAdvice(w, a);
  w.EndArray().Key("earlier_decisions").BeginArray();
  // What the packet page shows of them: the case, the outcome and the day.
  for (const auto& d : packet->earlier_decisions)
    w.BeginObject()
        .Field("case_number", d.case_number)
        .Field("outcome", domain::ToString(d.outcome))
        .Field("decided_on", d.decided_on.ToString())
        .EndObject();
  w.EndArray().EndObject();
  return Json(200, w.Take());
}

Response RequestNames(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<domain::FieldError> errors;
  JsonFields f(errors);
  const std::string reason = f.String(body, "", "reason", false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(errors), ex.instance);
  // The names behind the pseudonyms, from the application read where the request was recorded.
  auto application_json = ex.services.advisory.RequestNames(ex.Actor(), *id, reason);
  if (!application_json) return Problem(application_json.Err(), ex.instance);
  LoadedApplication loaded;
  std::string parse_error;
  loaded.json = ParseObject(*application_json, parse_error);
  if (!loaded.json) loaded.json = new Object;
  std::vector<domain::FieldError> ignored;  // stored applications were valid when stored
  loaded.app = ParseApplication(loaded.json, ignored);
  Pseudonyms names(loaded.app);
  domain::JsonWriter w;
  w.BeginObject().Key("names").BeginArray();
  std::vector<const domain::Person*> people = loaded.app.Representatives();
  std::map<std::string, bool> seen;
  for (const auto* p : people) {
    const std::string label = names.For(p->name);
    if (seen[label]) continue;
    seen[label] = true;
    w.BeginObject().Field("pseudonym", label).Field("name", p->name).EndObject();
  }
  w.EndArray().EndObject();
  return Json(200, w.Take());
}

Response CveExport(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no case '" + ex.params["id"] + "'."), ex.instance);
  if (auto denied = Deny(ex, workflow::Action::kExportForCve)) return *denied;
  LoadedApplication loaded;
  if (auto r = LoadApplication(ex, *id, loaded)) return *r;
  auto packet = ex.services.advisory.CveExport(ex.Actor(), *id, loaded.app);
  if (!packet) return Problem(packet.Err(), ex.instance);
  // Only what an in-depth review needs: who applied for what, which criteria flagged, and
  // the recorded evidence with its sources. No private persons' names, no free text.
  Pseudonyms names(loaded.app);
  const auto& s = packet->detail.summary;
  domain::JsonWriter w;
  w.BeginObject()
      .Field("case_number", s.case_number)
      .Field("kind", domain::ToString(s.kind))
      .Field("submitted_on", s.submitted_on);
  w.Key("organisation").BeginObject().Field("org_number", s.org_number).Field("name", s.organisation_name).EndObject();
  if (loaded.app.grant)
    w.Key("grant").BeginObject().Field("type", domain::ToString(loaded.app.grant->type))
        .Field("amount_sek", loaded.app.grant->amount_sek).EndObject();
  if (loaded.app.booking)
    w.Key("booking").BeginObject().Field("premises_id", loaded.app.booking->premises_id)
        .Field("event_type", domain::ToString(loaded.app.booking->event_type)).EndObject();
  w.Key("screening");  // its explanations quote incident references: labels for the persons there too
  if (s.screening_json) w.Raw(names.InText(*s.screening_json)); else w.Null();
  w.Key("evidence").BeginArray();
  for (const auto& e : packet->evidence) WriteEvidence(w, e, &names);
  w.EndArray();
  w.Key("question");  // an officer's text: the persons it names as pseudonyms too
  if (packet->referral) w.String(names.InText(packet->referral->question)); else w.Null();
  w.EndObject();
  return Json(200, w.Take());
}

}  // namespace

void AddAdvisoryRoutes(Router& router) {
  router.Add({"GET", "/api/v1/advisory/agenda", Access::kAuthenticated, false, Agenda});
  router.Add({"GET", "/api/v1/cases/{id}/referral", Access::kAuthenticated, false, Packet});
  router.Add({"POST", "/api/v1/cases/{id}/referral/names", Access::kAuthenticated, true, RequestNames});
  router.Add({"GET", "/api/v1/cases/{id}/cve-export", Access::kAuthenticated, false, CveExport});
}

}  // namespace granska::http
