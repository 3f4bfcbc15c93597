#include "http/public_export.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <vector>

#include "domain/json_text.hpp"
#include "http/json_fields.hpp"
#include "http/svg_chart.hpp"
#include "workflow/ports.hpp"

namespace granska::http {
namespace {

struct Omission {
  std::string part, part_label, ground, ground_label, note;
};

struct Field {
  std::string label;
  std::optional<std::string> value;    // nullopt when omitted
  std::optional<Omission> omitted;
};

struct Section {
  std::string id;
  std::string title;
  std::vector<Field> fields;
};

struct Model {
  std::string record_type;  // case | incident
  std::int64_t record_id = 0;
  std::optional<std::string> case_number;
  std::string lang;
  std::string title;
  std::string produced_on;
  std::string notice;
  std::vector<Omission> omissions;
  std::vector<Section> sections;
};

// Builds the sections of one export, consulting the active marks for every part.
class Builder {
 public:
  Builder(const std::vector<domain::SecrecyMark>& marks, const std::vector<workflow::SecrecyPart>& parts,
          const workflow::RecordsPlan& plan, const std::string& lang)
      : marks_(marks), parts_(parts), plan_(plan), sv_(lang != "en") {}

  std::string L(const std::string& sv, const std::string& en) const { return sv_ ? sv : en; }

  // The omission for `part` when it is marked.
  std::optional<Omission> Marked(const std::string& part) const {
    for (const auto& m : marks_) {
      if (m.part != part || m.removed_at) continue;
      Omission o;
      o.part = part;
      const auto* p = workflow::FindPart(parts_, part);
      o.part_label = p ? std::string(sv_ ? p->sv : p->en) : part;
      o.ground = m.ground;
      const auto* g = plan_.Ground(m.ground);
      o.ground_label = g ? (sv_ ? g->sv : g->en) : std::string();
      o.note = (sv_ ? "Utelämnat enligt " : "Left out under ") + m.ground +
               (o.ground_label.empty() ? "" : " (" + o.ground_label + ")") + (sv_ ? ": " : ": ") + o.part_label + ".";
      return o;
    }
    return std::nullopt;
  }

  void Start(const std::string& id, const std::string& title) { sections_.push_back({id, title, {}}); }
  // A field that is public unless `part` is marked.
  void Add(const std::string& label, const std::string& value, const std::string& part = "") {
    if (!part.empty()) {
      if (auto o = Marked(part)) {
        sections_.back().fields.push_back({label, std::nullopt, o});
        return;
      }
    }
    sections_.back().fields.push_back({label, value, std::nullopt});
  }
  // A field left out because it quotes an incident part under a secrecy mark.
  void AddQuoting(const std::string& label, const workflow::IncidentRepository::MarkedText& t) {
    Omission o;
    o.part = "incident." + t.part;
    const auto* p = workflow::FindPart(workflow::IncidentSecrecyParts(), t.part);
    o.part_label = L("uppgift ur händelseregistret (händelse ", "information from the incident register (incident ") +
                   std::to_string(t.incident_id) + ", " + (p ? std::string(sv_ ? p->sv : p->en) : t.part) + ")";
    o.ground = t.ground;
    const auto* g = plan_.Ground(t.ground);
    o.ground_label = g ? (sv_ ? g->sv : g->en) : std::string();
    o.note = L("Utelämnat enligt ", "Left out under ") + t.ground +
             (o.ground_label.empty() ? "" : " (" + o.ground_label + ")") + ": " + o.part_label + ".";
    sections_.back().fields.push_back({label, std::nullopt, o});
    bool listed = false;
    for (const auto& x : quoting_) listed = listed || (x.part == o.part && x.part_label == o.part_label);
    if (!listed) quoting_.push_back(o);
  }
  std::vector<Section> Take() { return std::move(sections_); }
  std::vector<Omission> Omissions() const {
    std::vector<Omission> out;
    for (const auto& m : marks_)
      if (!m.removed_at)
        if (auto o = Marked(m.part)) out.push_back(*o);
    out.insert(out.end(), quoting_.begin(), quoting_.end());
    return out;
  }

 private:
  const std::vector<domain::SecrecyMark>& marks_;
  const std::vector<workflow::SecrecyPart>& parts_;
  const workflow::RecordsPlan& plan_;
  bool sv_;
  std::vector<Section> sections_;
  std::vector<Omission> quoting_;
};

std::string Str(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || o->get(key).isEmpty()) return {};
  try {
    return o->get(key).convert<std::string>();
  } catch (const std::exception&) {
    return {};
  }
}

Poco::JSON::Object::Ptr Obj(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || !o->isObject(key)) return nullptr;
  return o->getObject(key);
}

Poco::JSON::Array::Ptr Arr(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key) || !o->isArray(key)) return nullptr;
  return o->getArray(key);
}

std::string Notice(bool sv, bool any_omitted) {
  if (sv)
    return any_omitted
               ? "Handlingarna lämnas ut med de utelämnanden som räknas upp nedan. Varje utelämnad uppgift är markerad "
                 "där den skulle ha stått, med den bestämmelse i offentlighets- och sekretesslagen (OSL) som "
                 "utelämnandet grundar sig på. Ni kan begära ett skriftligt beslut om utelämnandena; det beslutet kan "
                 "överklagas."
               : "Handlingarna lämnas ut i sin helhet; inga uppgifter har utelämnats.";
  return any_omitted
             ? "The documents are released with the omissions listed below. Each omitted item is marked where it "
               "would have been, with the provision of the Public Access to Information and Secrecy Act (OSL) it "
               "rests on. You may ask for a written decision on the omissions; that decision can be appealed."
             : "The documents are released in full; nothing has been left out.";
}

Model BuildCase(const workflow::CaseExport& e, const workflow::RecordsPlan& plan, const std::string& lang) {
  const auto& d = e.detail;
  const auto& s = d.summary;
  Builder b(e.marks, workflow::CaseSecrecyParts(), plan, lang);
  const bool sv = lang != "en";
  std::string error;
  auto app = ParseObject(d.application_json, error);
  auto org = Obj(app, "organisation");
  const bool grant = s.kind == domain::ApplicationKind::kGrant;

  b.Start("application", b.L("Ansökan", "Application"));
  b.Add(b.L("Diarienummer", "Case number"), s.case_number);
  b.Add(b.L("Ärendeslag", "Kind of case"), grant ? b.L("Föreningsbidrag", "Grant") : b.L("Lokalbokning", "Booking"));
  b.Add(b.L("Inkom", "Submitted"), s.submitted_on);
  b.Add(b.L("Förening", "Organisation"), s.organisation_name);
  b.Add(b.L("Organisationsnummer", "Organisation number"), s.org_number);
  if (!Str(org, "municipality").empty()) b.Add(b.L("Kommun", "Municipality"), Str(org, "municipality"));
  if (org && org->has("description")) b.Add(b.L("Beskrivning", "Description"), Str(org, "description"), "application.description");
  if (auto contact = Obj(org, "contact")) {
    std::string v = Str(contact, "name");
    if (!Str(contact, "email").empty()) v += " <" + Str(contact, "email") + ">";
    b.Add(b.L("Kontaktperson", "Contact person"), v, "application.contact");
  }
  if (auto board = Arr(org, "board")) {
    std::string v;
    for (std::size_t i = 0; i < board->size(); ++i) {
      auto m = board->getObject(static_cast<unsigned>(i));
      v += (v.empty() ? "" : "; ") + Str(m, "name") + (Str(m, "role").empty() ? "" : " (" + Str(m, "role") + ")");
    }
    b.Add(b.L("Styrelse", "Board"), v, "application.board");
  }
  for (const char* key : {"member_count", "board_size"})
    if (org && org->has(key))
      b.Add(std::string(key) == "member_count" ? b.L("Antal medlemmar", "Members") : b.L("Antal styrelseledamöter", "Board size"),
            Str(org, key));
  if (auto g = Obj(app, "grant")) {
    b.Add(b.L("Bidragsform", "Type of grant"), Str(g, "type"));
    b.Add(b.L("Sökt belopp (kr)", "Amount applied for (SEK)"), Str(g, "amount_sek"));
    if (auto p = Obj(g, "period")) b.Add(b.L("Period", "Period"), Str(p, "from") + " – " + Str(p, "to"));
    b.Add(b.L("Ändamål", "Purpose"), Str(g, "purpose"), "application.purpose");
    if (g->has("expected_participants")) b.Add(b.L("Förväntat antal deltagare", "Expected participants"), Str(g, "expected_participants"));
  }
  if (auto k = Obj(app, "booking")) {
    b.Add(b.L("Lokal", "Premises"), Str(k, "premises_id"));
    b.Add(b.L("Tid", "Time"), Str(k, "start") + " – " + Str(k, "end"));
    b.Add(b.L("Ändamål", "Purpose"), Str(k, "purpose"), "application.purpose");
    b.Add(b.L("Typ av arrangemang", "Type of event"), Str(k, "event_type"));
    b.Add(b.L("Öppet för allmänheten", "Open to the public"), Str(k, "public") == "true" ? b.L("ja", "yes") : b.L("nej", "no"));
    b.Add(b.L("Förväntat antal besökare", "Expected attendees"), Str(k, "expected_attendees"));
    if (auto speakers = Arr(k, "speakers")) {
      std::string v;
      for (std::size_t i = 0; i < speakers->size(); ++i)
        v += (v.empty() ? "" : "; ") + Str(speakers->getObject(static_cast<unsigned>(i)), "name");
      b.Add(b.L("Talare", "Speakers"), v, "application.speakers");
    }
  }
  if (auto attachments = Arr(app, "attachments")) {
    std::string v;
    for (std::size_t i = 0; i < attachments->size(); ++i)
      v += (v.empty() ? "" : ", ") + Str(attachments->getObject(static_cast<unsigned>(i)), "kind");
    b.Add(b.L("Bilagor", "Attachments"), v, "application.attachments");
  }

  if (s.screening_json) {
    auto screening = ParseObject(*s.screening_json, error);
    b.Start("screening", b.L("Granskning", "Screening"));
    // A marked section is left out whole: its labels (rule ids, names) would tell too much.
    if (b.Marked("screening")) {
      b.Add(b.L("Granskningens resultat", "Screening results"), "", "screening");
    } else if (auto results = Arr(screening, "results")) {
      b.Add(b.L("Rekommendation", "Recommendation"), Str(screening, "recommendation"));
      for (std::size_t i = 0; i < results->size(); ++i) {
        auto r = results->getObject(static_cast<unsigned>(i));
        if (Str(r, "outcome") == "pass") continue;
        auto en = Obj(r, "en");
        const std::string title = sv || !en ? Str(r, "title") : Str(en, "title");
        const std::string text = sv || !en ? Str(r, "explanation") : Str(en, "explanation");
        const std::string label = Str(r, "rule") + " (" + Str(r, "outcome") + ")";
        const workflow::IncidentRepository::MarkedText* quoted = nullptr;
        for (const auto& t : e.quoted_incident_marks)
          if (!quoted && (text.find(t.text) != std::string::npos || title.find(t.text) != std::string::npos))
            quoted = &t;
        if (quoted) b.AddQuoting(label, *quoted);
        else b.Add(label, title + ": " + text);
      }
    }
  }
  if (!d.advice.empty()) {
    b.Start("advice", b.L("Arbetsgruppens råd", "The advisory group's advice"));
    if (b.Marked("advice")) b.Add(b.L("Råd", "Advice"), "", "advice");
    else for (const auto& a : d.advice) {
      const std::string who = a.member_name + (a.member_sector.empty() ? "" : " (" + a.member_sector + ")");
      const std::string what = a.recusal ? b.L("jäv: ", "recusal: ") + a.reasoning
                                         : std::string(a.recommendation ? domain::ToString(*a.recommendation) : "") +
                                               ": " + a.reasoning;
      b.Add(who, what);
    }
  }
  if (d.communication) {
    const auto& c = *d.communication;
    b.Start("communication", b.L("Kommunicering", "Communication before decision"));
    b.Add(b.L("Avsett beslut", "Intended decision"), std::string(domain::ToString(c.intended_outcome)));
    b.Add(b.L("Skäl", "Reasons"), c.reasons, "communication");
    b.Add(b.L("Svar senast", "Reply by"), c.reply_by.ToString());
    if (c.reply_text) b.Add(b.L("Sökandens svar", "The applicant's reply"), *c.reply_text, "communication.reply");
  }
  if (d.decision) {
    const auto& x = *d.decision;
    b.Start("decision", b.L("Beslut", "Decision"));
    b.Add(b.L("Beslut", "Outcome"), std::string(domain::ToString(x.outcome)));
    if (x.amount_sek) b.Add(b.L("Belopp (kr)", "Amount (SEK)"), std::to_string(*x.amount_sek));
    b.Add(b.L("Beslutsdatum", "Decided on"), x.decided_on.ToString());
    b.Add(b.L("Beslutsfattare", "Decided by"), x.decided_by_name);
    b.Add(b.L("Delegation", "Delegation"), x.delegation_ref);
    b.Add(b.L("Motivering", "Reasons"), x.reasons, "decision.reasons");
    if (!x.special_reasons.empty()) b.Add(b.L("Särskilda skäl", "Special reasons"), x.special_reasons, "decision.special_reasons");
    if (!x.revocation_clause.empty()) b.Add(b.L("Återkallelseförbehåll", "Revocation clause"), x.revocation_clause);
  }
  if (!d.conditions.empty()) {
    b.Start("conditions", b.L("Villkor", "Conditions"));
    if (b.Marked("conditions"))
      b.Add(b.L("Villkor", "Conditions"), "", "conditions");
    else
      for (const auto& c : d.conditions)
        b.Add(std::string(domain::ToString(c.kind)) + ", " + c.due.ToString() + " (" + c.status + ")", c.description);
  }
  // Revocations (återkallelse) whatever became of them: communicated, revoked, dropped or annulled.
  for (std::size_t i = 0; i < e.revocations.size(); ++i) {
    const auto& v = e.revocations[i];
    const std::string n = e.revocations.size() > 1 ? " " + std::to_string(i + 1) : "";
    b.Start("revocation", b.L("Återkallelse", "Revocation") + n);
    const std::string status = v.status == "revoked"   ? b.L("beslutet återkallat", "decision revoked")
                               : v.status == "dropped" ? b.L("avslutad utan återkallelse", "closed without revoking")
                               : v.status == "annulled" ? b.L("upphävd efter överklagande", "annulled on appeal")
                                                        : b.L("kommunicerad, inte beslutad", "communicated, not decided");
    b.Add(b.L("Läge", "Status"), status);
    b.Add(b.L("Kommunicerad", "Communicated"), workflow::LocalDateOf(v.communicated_at).ToString());
    b.Add(b.L("Grund för återkallelsen", "Grounds for revocation"), v.breach, "revocation");
    b.Add(b.L("Brott mot demokrativillkoret", "Breach of the democracy condition"),
          v.democracy_reason ? b.L("ja", "yes") : b.L("nej", "no"));
    if (v.repayment_sek > 0) b.Add(b.L("Återkrav (kr)", "Repayment claim (SEK)"), std::to_string(v.repayment_sek));
    if (v.repayment_due) b.Add(b.L("Återkravet betalas senast", "Repayment due by"), v.repayment_due->ToString());
    b.Add(b.L("Svar senast", "Reply by"), v.reply_by.ToString());
    if (v.reply_text) b.Add(b.L("Föreningens svar", "The organisation's reply"), *v.reply_text, "revocation.reply");
    if (v.revoked_on) b.Add(b.L("Återkallat den", "Revoked on"), v.revoked_on->ToString());
    if (v.dropped_on) b.Add(b.L("Avslutad den", "Closed on"), v.dropped_on->ToString());
    if (!v.reasons.empty())
      b.Add(v.dropped_on ? b.L("Skäl för att inte återkalla", "Reasons for not revoking")
                         : b.L("Motivering", "Reasons"),
            v.reasons, "revocation");
  }
  // Appeals (överklaganden) to the administrative court and the court's outcome.
  if (!d.appeals.empty()) {
    b.Start("appeals", b.L("Överklaganden", "Appeals"));
    for (const auto& a : d.appeals) {
      const std::string what = a.appealed_kind == "revocation" ? b.L("återkallelsen", "the revocation")
                                                               : b.L("beslutet", "the decision");
      b.Add(b.L("Överklagande av ", "Appeal against ") + what + ", " + a.lodged_on.ToString(), a.court);
      b.Add(b.L("Klagande", "Appellant"), std::string(domain::ToString(a.appellant_kind)));
      if (!a.appellant_name.empty()) b.Add(b.L("Klagandens namn", "Appellant's name"), a.appellant_name, "appeals.appellant");
      if (!a.court_case_number.empty()) b.Add(b.L("Målnummer", "Court case number"), a.court_case_number);
      b.Add(b.L("Domstolens avgörande", "The court's outcome"),
            a.outcome ? std::string(domain::ToString(*a.outcome)) + (a.outcome_on ? ", " + a.outcome_on->ToString() : "")
                      : b.L("inte avgjort", "pending"));
    }
  }

  Model m;
  m.record_type = "case";
  m.record_id = s.case_id;
  m.case_number = s.case_number;
  m.lang = sv ? "sv" : "en";
  m.title = b.L("Utlämnande av allmän handling – ärende ", "Release of public documents – case ") + s.case_number;
  m.produced_on = e.produced_on;
  m.omissions = b.Omissions();
  m.notice = Notice(sv, !m.omissions.empty());
  m.sections = b.Take();
  return m;
}

Model BuildIncident(const workflow::IncidentExport& e, const workflow::RecordsPlan& plan, const std::string& lang) {
  const auto& i = e.incident;
  Builder b(e.marks, workflow::IncidentSecrecyParts(), plan, lang);
  const bool sv = lang != "en";
  b.Start("incident", b.L("Händelse i incidentregistret", "Incident-register entry"));
  b.Add(b.L("Nummer", "Number"), std::to_string(i.id));
  b.Add(b.L("Avser", "Concerns"), i.subject_org ? i.subject_org->Text() : i.subject_person, "subject");
  b.Add(b.L("Slag", "Kind"), std::string(domain::ToString(i.kind)));
  b.Add(b.L("Inträffade", "Occurred on"), i.occurred_on.ToString());
  b.Add(b.L("Källa", "Source"), std::string(domain::ToString(i.source)));
  b.Add(b.L("Verifierad", "Verified"), i.verified ? b.L("ja", "yes") : b.L("nej", "no"));
  b.Add(b.L("Källhänvisning", "Reference"), i.reference, "reference");
  b.Add(b.L("Sammanfattning", "Summary"), i.summary, "summary");
  b.Add(b.L("Registrerad", "Recorded"), i.recorded_at);
  Model m;
  m.record_type = "incident";
  m.record_id = i.id;
  m.lang = sv ? "sv" : "en";
  m.title = b.L("Utlämnande av allmän handling – händelse ", "Release of public documents – incident ") +
            std::to_string(i.id);
  m.produced_on = e.produced_on;
  m.omissions = b.Omissions();
  m.notice = Notice(sv, !m.omissions.empty());
  m.sections = b.Take();
  return m;
}

void WriteOmission(domain::JsonWriter& w, const Omission& o) {
  w.BeginObject()
      .Field("part", o.part)
      .Field("part_label", o.part_label)
      .Field("ground", o.ground)
      .Field("ground_label", o.ground_label)
      .Field("note", o.note)
      .EndObject();
}

std::string ToJson(const Model& m) {
  domain::JsonWriter w;
  w.BeginObject().Field("record_type", m.record_type).Field("record_id", m.record_id);
  w.Key("case_number");
  if (m.case_number) w.String(*m.case_number); else w.Null();
  w.Field("lang", m.lang).Field("title", m.title).Field("produced_on", m.produced_on).Field("notice", m.notice);
  w.Key("omissions").BeginArray();
  for (const auto& o : m.omissions) WriteOmission(w, o);
  w.EndArray();
  w.Key("documents").BeginArray();
  for (const auto& s : m.sections) {
    w.BeginObject().Field("document", s.id).Field("title", s.title).Key("fields").BeginArray();
    for (const auto& f : s.fields) {
      w.BeginObject().Field("label", f.label);
      w.Key("value");
      if (f.value) w.String(*f.value); else w.Null();
      w.Key("omitted");
      if (f.omitted) WriteOmission(w, *f.omitted); else w.Null();
      w.EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

std::string ToHtml(const Model& m) {
  const bool sv = m.lang == "sv";
  std::string h = "<!doctype html>\n<html lang=\"" + m.lang + "\">\n<head><meta charset=\"utf-8\"><title>" +
                  HtmlEscape(m.title) +
                  "</title>\n<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.4}"
                  "dt{font-weight:bold}dd{margin:0 0 .6rem 1.2rem}.omitted{font-style:italic;border:1px dashed;"
                  "padding:0 .3rem}</style></head>\n<body>\n<h1>" +
                  HtmlEscape(m.title) + "</h1>\n<p>" + (sv ? "Utlämnad " : "Released ") + HtmlEscape(m.produced_on) +
                  "</p>\n<p>" + HtmlEscape(m.notice) + "</p>\n";
  if (!m.omissions.empty()) {
    h += "<section id=\"omissions\">\n<h2>" + std::string(sv ? "Utelämnade uppgifter" : "Omitted information") +
         "</h2>\n<ul>\n";
    for (const auto& o : m.omissions) h += "<li>" + HtmlEscape(o.note) + "</li>\n";
    h += "</ul>\n</section>\n";
  }
  for (const auto& s : m.sections) {
    h += "<section id=\"" + HtmlEscape(s.id) + "\">\n<h2>" + HtmlEscape(s.title) + "</h2>\n<dl>\n";
    for (const auto& f : s.fields) {
      h += "<dt>" + HtmlEscape(f.label) + "</dt><dd>";
      if (f.value)
        h += HtmlEscape(*f.value);
      else if (f.omitted)
        h += "<span class=\"omitted\">[" + HtmlEscape(f.omitted->note) + "]</span>";
      h += "</dd>\n";
    }
    h += "</dl>\n</section>\n";
  }
  return h + "</body>\n</html>\n";
}

}  // namespace

std::string PublicExportJson(const workflow::CaseExport& e, const workflow::RecordsPlan& plan, const std::string& lang) {
  return ToJson(BuildCase(e, plan, lang));
}
std::string PublicExportHtml(const workflow::CaseExport& e, const workflow::RecordsPlan& plan, const std::string& lang) {
  return ToHtml(BuildCase(e, plan, lang));
}
std::string IncidentExportJson(const workflow::IncidentExport& e, const workflow::RecordsPlan& plan,
                               const std::string& lang) {
  return ToJson(BuildIncident(e, plan, lang));
}
std::string IncidentExportHtml(const workflow::IncidentExport& e, const workflow::RecordsPlan& plan,
                               const std::string& lang) {
  return ToHtml(BuildIncident(e, plan, lang));
}

}  // namespace granska::http
