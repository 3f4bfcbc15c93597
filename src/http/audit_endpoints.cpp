// Periodic audit (auditor) and the coordinator's de-identified statistics.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include "http/audit_report.hpp"
#include "http/endpoint_support.hpp"
#include "http/json_fields.hpp"
#include "http/json_views.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "http/svg_chart.hpp"
#include "workflow/audit_service.hpp"

namespace granska::http {

namespace {

using domain::FieldError;
using workflow::AuditReport;
using workflow::AuditRunView;

void WriteRun(domain::JsonWriter& w, const AuditRunView& v) {
  const auto& r = v.run;
  w.BeginObject()
      .Field("id", r.id)
      .Field("from", r.period_from.ToString())
      .Field("to", r.period_to.ToString())
      .Field("sample_size", r.sample_size)
      .Field("seed", r.seed)
      .Field("population", r.population)
      .Field("status", r.status)
      .Field("created_at", r.created_at);
  w.Key("criteria").Raw(r.criteria_json);
  w.Key("signed_off_at");
  if (r.signed_off_at) w.String(*r.signed_off_at); else w.Null();
  w.Key("sample").BeginArray();
  for (const auto& i : v.items) {
    w.BeginObject()
        .Field("case_id", i.case_id)
        .Field("case_number", i.case_number)
        .Field("organisation", i.organisation_name)
        .Field("why", i.why);
    w.Key("risk_criteria").Raw(i.risk_criteria_json);
    w.Key("checklist").Raw(i.checklist_json);
    w.Key("findings").BeginArray();
    for (const auto& f : i.findings)
      w.BeginObject().Field("id", f.id).Field("severity", f.severity).Field("text", f.text)
          .Field("recorded_by", f.recorded_by).Field("recorded_at", f.recorded_at).EndObject();
    w.EndArray().EndObject();
  }
  w.EndArray().EndObject();
}

Response RunResponse(const domain::Result<AuditRunView>& r, const Exchange& ex, int status = 200) {
  if (!r) return Problem(r.Err(), ex.instance);
  domain::JsonWriter w;
  WriteRun(w, *r);
  Response resp = Json(status, w.Take());
  if (status == 201) resp.headers.emplace_back("Location", "/api/v1/audits/" + std::to_string(r->run.id));
  return resp;
}

Response CreateAudit(Exchange& ex) {
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  workflow::AuditRequest req;
  req.from = f.Date(body, "", "from", false);
  req.to = f.Date(body, "", "to", false);
  req.sample_size = f.Int(body, "", "sample_size", false);
  req.seed = f.Int(body, "", "seed", false);
  return RunResponse(ex.services.audits.Create(ex.Actor(), req, std::move(errors)), ex, 201);
}

Response ListAudits(Exchange& ex) {
  auto runs = ex.services.audits.List(ex.Actor());
  if (!runs) return Problem(runs.Err(), ex.instance);
  domain::JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const auto& r : *runs)
    w.BeginObject().Field("id", r.id).Field("from", r.period_from.ToString()).Field("to", r.period_to.ToString())
        .Field("sample_size", r.sample_size).Field("population", r.population).Field("status", r.status)
        .Field("created_at", r.created_at).EndObject();
  w.EndArray().Key("next").Null().EndObject();
  return Json(200, w.Take());
}

Response GetAudit(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no audit '" + ex.params["id"] + "'."), ex.instance);
  return RunResponse(ex.services.audits.Get(ex.Actor(), *id), ex);
}

Response AddFinding(Exchange& ex) {
  auto id = IdParam(ex, "id");
  auto case_id = IdParam(ex, "case_id");
  if (!id || !case_id) return Problem(domain::Error::NotFound("No such audit item."), ex.instance);
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string severity = f.String(body, "", "severity", false).value_or("");
  const std::string text = f.String(body, "", "text", false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return RunResponse(ex.services.audits.AddFinding(ex.Actor(), *id, *case_id, severity, text), ex);
}

Response SignOff(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no audit '" + ex.params["id"] + "'."), ex.instance);
  Poco::JSON::Object::Ptr body;
  if (auto bad = ReadJsonObject(ex, body)) return *bad;
  std::vector<FieldError> errors;
  JsonFields f(errors);
  const std::string note = f.String(body, "", "note", false).value_or("");
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  return RunResponse(ex.services.audits.SignOff(ex.Actor(), *id, note), ex);
}

// ---- the report -------------------------------------------------------------

struct Figures {
  std::vector<std::string> months;
  std::map<std::string, std::map<std::string, int>> decisions;  // "grant approved" -> month -> n
  std::map<std::string, std::pair<int, int>> referral;           // month -> (submitted, referred)
  std::map<std::string, int> advice;                             // recommendation -> n
  std::map<std::string, std::vector<int>> days;                  // month -> days to decision
  std::map<std::string, int> conditions;                         // status -> n
  int annulled = 0;  // decisions of the period since annulled on appeal (counted above as taken)
};

Figures Compute(const AuditReport& r) {
  Figures f;
  std::set<std::string> months;
  for (const auto& d : r.decisions) {
    const std::string m = d.decided_on.ToString().substr(0, 7);
    months.insert(m);
    ++f.decisions[d.kind + " " + d.outcome][m];
    if (d.annulled) ++f.annulled;
    f.days[m].push_back(d.decided_on.Days() - d.submitted_on.Days());
    f.advice["approve"] += d.advice_approve;
    f.advice["approve_with_conditions"] += d.advice_conditions;
    f.advice["reject"] += d.advice_reject;
    f.advice["insufficient_basis"] += d.advice_insufficient;
    f.advice["recusal"] += d.recusals;
    f.conditions["pending"] += d.conditions_pending;
    f.conditions["fulfilled"] += d.conditions_fulfilled;
    f.conditions["overdue"] += d.conditions_overdue;
    f.conditions["breached"] += d.conditions_breached;
    f.conditions["waived"] += d.conditions_waived;
  }
  for (const auto& s : r.submissions) {
    months.insert(s.month);
    f.referral[s.month].first += s.submitted;
    f.referral[s.month].second += s.referred;
  }
  f.months.assign(months.begin(), months.end());
  return f;
}

// A table's opening and its column headings.
void TableHead(std::ostringstream& h, std::initializer_list<const char*> headings) {
  h << "<table><thead><tr>";
  for (const char* heading : headings) h << "<th scope=\"col\">" << heading << "</th>";
  h << "</tr></thead><tbody>";
}

double Median(std::vector<int> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

struct Texts {
  const char* title;
  const char* period;
  const char* population;
  const char* sample;
  const char* seed;
  const char* status;
  const char* decisions_chart;
  const char* referral_chart;
  const char* submitted;
  const char* referred;
  const char* advice_chart;
  const char* days_chart;
  const char* median_days;
  const char* conditions_chart;
  const char* count;
  const char* sample_heading;
  const char* case_number;
  const char* organisation;
  const char* why;
  const char* checklist;
  const char* findings;
  const char* none;
  const char* csv_note;
  const char* revocations_heading;
  const char* revocation_status;
  const char* communicated_on;
  const char* settled_on;
  const char* democracy_reason;
  const char* repayment;
  const char* yes;
  const char* no;
  const char* status_communicated;
  const char* status_revoked;
  const char* status_dropped;
  const char* status_annulled;
  const char* appeals_heading;
  const char* appealed;
  const char* lodged_on;
  const char* appellant;
  const char* court;
  const char* outcome;
  const char* of_decision;
  const char* of_revocation;
  const char* pending;
  const char* annulled_decisions;  // followed by the count
  const char* culled_item;         // an item whose case was culled under the records plan
};

// The report's words for the codes it shows (the same words as the web interface's strings,
// templates/pages/strings_*.properties, which the API does not load). A code with no word here
// is shown as it is.
using Words = std::map<std::string, std::string, std::less<>>;
struct Vocabulary {
  Words run_status, why, risk, check, verdict, severity, kind, outcome, advice, condition, appellant, court_outcome;
};

const Vocabulary kSvWords{
    {{"open", "pågår"}, {"signed_off", "avslutad"}},
    {{"random", "slumpvis"}, {"risk", "riskurval"}},
    {{"large_amount", "stort belopp"},
     {"member_change", "stor förändring i antal medlemmar"},
     {"screening_notes", "noteringar i regelgranskningen"},
     {"conditions_unmet", "villkor försenat eller brutet"},
     {"referred", "remitterat till arbetsgruppen"}},
    {{"documents_present", "Handlingar finns"},
     {"conditions_met", "Villkor uppfyllda"},
     {"amounts_paid_match", "Utbetalt belopp stämmer"},
     {"reasons_recorded", "Motivering finns"},
     {"kommunicering_done", "Kommunicering gjord"}},
    {{"ok", "OK"},
     {"missing", "saknas"},
     {"pending", "ej förfallet"},
     {"manual", "kontrolleras manuellt"},
     {"not_applicable", "ej tillämpligt"}},
    {{"info", "Information"}, {"minor", "Mindre"}, {"major", "Allvarlig"}, {"critical", "Kritisk"}},
    {{"grant", "Föreningsbidrag"}, {"booking", "Lokalbokning"}},
    {{"approved", "bifall"}, {"approved_with_conditions", "bifall med villkor"}, {"rejected", "avslag"}},
    {{"approve", "Bevilja"},
     {"approve_with_conditions", "Bevilja med villkor"},
     {"reject", "Avslå"},
     {"insufficient_basis", "Underlaget räcker inte"},
     {"recusal", "Jäv anmält"}},
    {{"pending", "Väntar"},
     {"fulfilled", "Uppfyllt"},
     {"overdue", "Försenat"},
     {"breached", "Brutet"},
     {"waived", "Eftergivet"}},
    {{"applicant", "sökanden"}, {"municipal_member", "kommunmedlem"}, {"other", "annan klagande"}},
    {{"rejected", "avslag"}, {"dismissed", "avvisat"}, {"withdrawn", "återkallat"}, {"annulled", "upphävt"}},
};
const Vocabulary kEnWords{
    {{"open", "open"}, {"signed_off", "signed off"}},
    {{"random", "random"}, {"risk", "risk"}},
    {{"large_amount", "large amount"},
     {"member_change", "large change in membership"},
     {"screening_notes", "notes in the screening"},
     {"conditions_unmet", "condition overdue or breached"},
     {"referred", "referred to the advisory group"}},
    {{"documents_present", "Documents present"},
     {"conditions_met", "Conditions met"},
     {"amounts_paid_match", "Amount paid matches"},
     {"reasons_recorded", "Reasons recorded"},
     {"kommunicering_done", "Communication before decision done"}},
    {{"ok", "OK"},
     {"missing", "missing"},
     {"pending", "not yet due"},
     {"manual", "check by hand"},
     {"not_applicable", "not applicable"}},
    {{"info", "Information"}, {"minor", "Minor"}, {"major", "Major"}, {"critical", "Critical"}},
    {{"grant", "Association grant"}, {"booking", "Premises booking"}},
    {{"approved", "approved"}, {"approved_with_conditions", "approved with conditions"}, {"rejected", "rejected"}},
    {{"approve", "Approve"},
     {"approve_with_conditions", "Approve with conditions"},
     {"reject", "Reject"},
     {"insufficient_basis", "Insufficient basis"},
     {"recusal", "Conflict of interest declared"}},
    {{"pending", "Pending"},
     {"fulfilled", "Fulfilled"},
     {"overdue", "Overdue"},
     {"breached", "Breached"},
     {"waived", "Waived"}},
    {{"applicant", "the applicant"}, {"municipal_member", "member of the municipality"}, {"other", "another appellant"}},
    {{"rejected", "rejected"}, {"dismissed", "dismissed"}, {"withdrawn", "withdrawn"}, {"annulled", "annulled"}},
};

// The word for `code`, or the code itself.
std::string Word(const Words& words, std::string_view code) {
  auto it = words.find(code);
  return it == words.end() ? std::string(code) : it->second;
}

// A stored JSON array (risk criteria, checklist) as parsed values; empty if it does not parse.
Poco::JSON::Array::Ptr ParseArray(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    auto parsed = parser.parse(text).extract<Poco::JSON::Array::Ptr>();
    if (parsed) return parsed;
  } catch (const Poco::Exception&) {
  }
  return new Poco::JSON::Array;
}

constexpr Texts kSv{"Granskningsrapport", "Period", "Beviljade stöd i perioden", "Urval", "Frö", "Status",
                    "Beslut per månad och utfall", "Remitteringsgrad per månad", "Inkomna", "Remitterade",
                    "Arbetsgruppens råd", "Tid från ansökan till beslut (median, dagar)", "Median dagar",
                    "Villkor per status", "Antal", "Urvalet", "Diarienummer", "Förening", "Urvalsgrund",
                    "Kontrollpunkter", "Iakttagelser", "Inga", "Alla rader bakom diagrammen finns som CSV.",
                    "Återkallelser i perioden", "Läge", "Kommunicerad", "Avgjord", "Demokrativillkoret",
                    "Återkrav (kr)", "ja", "nej", "kommunicerad, inte avgjord", "beslutet återkallat",
                    "avslutad utan återkallelse", "upphävd efter överklagande",
                    "Överklaganden i perioden", "Överklagat", "Inkom", "Klagande", "Domstol", "Domstolens avgörande",
                    "beslutet", "återkallelsen", "inte avgjort",
                    "Av dessa beslut har förvaltningsrätten efter överklagande upphävt",
                    "Ärendet har gallrats enligt dokumenthanteringsplanen; kontrollpunkter och iakttagelser "
                    "gallrades med det."};
constexpr Texts kEn{"Audit report", "Period", "Granted support in the period", "Sample", "Seed", "Status",
                    "Decisions per month by outcome", "Referral rate per month", "Submitted", "Referred",
                    "Advisory group advice", "Time from application to decision (median, days)", "Median days",
                    "Conditions by status", "Count", "The sample", "Case number", "Organisation", "Selected by",
                    "Checklist", "Findings", "None", "Every row behind the charts is available as CSV.",
                    "Revocations in the period", "Status", "Communicated", "Settled", "Democracy condition",
                    "Repayment claim (SEK)", "yes", "no", "communicated, not settled", "decision revoked",
                    "closed without revoking", "annulled on appeal",
                    "Appeals in the period", "Appealed", "Lodged", "Appellant", "Court", "The court's outcome",
                    "the decision", "the revocation", "pending",
                    "Of these decisions, the number the court has annulled on appeal since",
                    "The case has been culled under the records plan; its checklist and findings were culled with "
                    "it."};

// The sample's selection reasons, checklist and findings as text in the report's language. The
// checklist's notes were recorded in Swedish; the English report says them in English where
// every phrase is known, and otherwise shows the Swedish note marked as such.
void SampleRow(std::ostringstream& h, const workflow::AuditItem& i, const Texts& t, const Vocabulary& words, bool en) {
  h << "<tr><td>" << HtmlEscape(i.case_number) << "</td><td>" << HtmlEscape(i.organisation_name) << "</td><td>"
    << HtmlEscape(Word(words.why, i.why));
  auto criteria = ParseArray(i.risk_criteria_json);
  for (std::size_t k = 0; k < criteria->size(); ++k)
    h << (k == 0 ? ": " : ", ") << HtmlEscape(Word(words.risk, criteria->getElement<std::string>(k)));
  h << "</td><td>";
  auto checklist = ParseArray(i.checklist_json);
  std::ostringstream checks;
  for (std::size_t k = 0; k < checklist->size(); ++k) {
    auto c = checklist->getObject(k);
    if (!c) continue;
    const std::string detail = c->optValue<std::string>("detail", "");
    const std::optional<std::string> said =
        en ? workflow::AuditService::ChecklistDetailInEnglish(detail) : std::optional<std::string>(detail);
    checks << "<li>" << HtmlEscape(Word(words.check, c->optValue<std::string>("item", ""))) << ": "
           << HtmlEscape(Word(words.verdict, c->optValue<std::string>("status", "")));
    if (said && !said->empty()) checks << " – " << HtmlEscape(*said);
    else if (!detail.empty()) checks << " – <span lang=\"sv\">" << HtmlEscape(detail) << "</span>";
    checks << "</li>";
  }
  // Every drawn item has a checklist; an empty one was culled with its case (docs/records.md).
  if (checks.str().empty()) h << t.culled_item;
  else h << "<ul>" << checks.str() << "</ul>";
  h << "</td><td>";
  if (i.findings.empty()) h << t.none;
  for (const auto& fd : i.findings)
    h << "<p>" << HtmlEscape(Word(words.severity, fd.severity)) << ": " << HtmlEscape(fd.text) << "</p>";
  h << "</td></tr>";
}

// A chart of counts by code (advice, condition status) over the period: one bar per code, in
// `order`, named in the legend (words side by side under one group would overlap).
std::string CountsChart(const char* title, const std::string& period, const std::map<std::string, int>& counts,
                        const Words& words, std::initializer_list<const char*> order) {
  std::vector<ChartSeries> series;
  for (const char* code : order) {
    auto it = counts.find(code);
    series.push_back({Word(words, code), {static_cast<double>(it == counts.end() ? 0 : it->second)}});
  }
  return BarChartSvg(title, {period}, series);
}

std::string ReportHtml(const AuditRunView& view, const AuditReport& report, bool en) {
  const Texts& t = en ? kEn : kSv;
  const Vocabulary& words = en ? kEnWords : kSvWords;
  const Figures f = Compute(report);
  std::vector<ChartSeries> decisions;
  for (const auto& [series, by_month] : f.decisions) {
    // "<kind> <outcome>", as in the JSON report.
    const auto space = series.find(' ');
    const std::string name = space == std::string::npos
                                 ? Word(words.kind, series)
                                 : Word(words.kind, series.substr(0, space)) + ", " +
                                       Word(words.outcome, series.substr(space + 1));
    ChartSeries s{name, {}};
    for (const auto& m : f.months) s.values.push_back(by_month.count(m) ? by_month.at(m) : 0);
    decisions.push_back(std::move(s));
  }
  ChartSeries submitted{t.submitted, {}}, referred{t.referred, {}};
  for (const auto& m : f.months) {
    auto it = f.referral.find(m);
    submitted.values.push_back(it == f.referral.end() ? 0 : it->second.first);
    referred.values.push_back(it == f.referral.end() ? 0 : it->second.second);
  }
  ChartSeries days{t.median_days, {}};
  for (const auto& m : f.months) days.values.push_back(f.days.count(m) ? Median(f.days.at(m)) : 0);

  const auto& r = view.run;
  const std::string period = r.period_from.ToString() + " – " + r.period_to.ToString();
  std::ostringstream h;
  h << "<!DOCTYPE html><html lang=\"" << (en ? "en" : "sv") << "\"><head><meta charset=\"utf-8\"><title>" << t.title
    << " " << r.id << "</title></head><body><main><h1>" << t.title << " " << r.id << "</h1><dl><dt>" << t.period
    << "</dt><dd>" << period << "</dd><dt>" << t.population
    << "</dt><dd>" << r.population << "</dd><dt>" << t.sample << "</dt><dd>" << view.items.size() << "</dd><dt>"
    << t.seed << "</dt><dd>" << r.seed << "</dd><dt>" << t.status << "</dt><dd>"
    << HtmlEscape(Word(words.run_status, r.status)) << "</dd></dl>";
  h << "<h2>" << t.decisions_chart << "</h2>" << BarChartSvg(t.decisions_chart, f.months, decisions);
  if (f.annulled > 0) h << "<p>" << t.annulled_decisions << ": " << f.annulled << ".</p>";
  h << "<h2>" << t.referral_chart << "</h2>" << BarChartSvg(t.referral_chart, f.months, {submitted, referred});
  h << "<h2>" << t.advice_chart << "</h2>"
    << CountsChart(t.advice_chart, period, f.advice, words.advice,
                   {"approve", "approve_with_conditions", "reject", "insufficient_basis", "recusal"});
  h << "<h2>" << t.days_chart << "</h2>" << BarChartSvg(t.days_chart, f.months, {days});
  h << "<h2>" << t.conditions_chart << "</h2>"
    << CountsChart(t.conditions_chart, period, f.conditions, words.condition,
                   {"pending", "fulfilled", "overdue", "breached", "waived"});
  h << "<h2>" << t.sample_heading << "</h2>";
  TableHead(h, {t.case_number, t.organisation, t.why, t.checklist, t.findings});
  for (const auto& i : view.items) SampleRow(h, i, t, words, en);
  h << "</tbody></table>";
  // Revocations communicated, revoked or dropped in the period: the board sees what was taken
  // back, on which ground, and what is to be repaid.
  h << "<h2>" << t.revocations_heading << "</h2>";
  if (report.revocations.empty()) {
    h << "<p>" << t.none << "</p>";
  } else {
    TableHead(h, {t.case_number, t.organisation, t.revocation_status, t.communicated_on, t.settled_on,
                  t.democracy_reason, t.repayment});
    for (const auto& v : report.revocations) {
      const char* status = v.status == "revoked"    ? t.status_revoked
                           : v.status == "dropped"  ? t.status_dropped
                           : v.status == "annulled" ? t.status_annulled
                                                    : t.status_communicated;
      h << "<tr><td>" << HtmlEscape(v.case_number) << "</td><td>" << HtmlEscape(v.organisation_name) << "</td><td>"
        << status << "</td><td>" << v.communicated_on.ToString() << "</td><td>"
        << (v.settled_on ? v.settled_on->ToString() : "") << "</td><td>" << (v.democracy_reason ? t.yes : t.no)
        << "</td><td>" << (v.status == "revoked" && v.repayment_sek > 0 ? std::to_string(v.repayment_sek) : "")
        << (v.status == "revoked" && v.repayment_due ? " (" + v.repayment_due->ToString() + ")" : "") << "</td></tr>";
    }
    h << "</tbody></table>";
  }
  // Appeals lodged or decided in the period, without the appellant's name.
  h << "<h2>" << t.appeals_heading << "</h2>";
  if (report.appeals.empty()) {
    h << "<p>" << t.none << "</p>";
  } else {
    TableHead(h, {t.case_number, t.organisation, t.appealed, t.lodged_on, t.appellant, t.court, t.outcome});
    for (const auto& a : report.appeals) {
      h << "<tr><td>" << HtmlEscape(a.case_number) << "</td><td>" << HtmlEscape(a.organisation_name) << "</td><td>"
        << (a.appealed_kind == "revocation" ? t.of_revocation : t.of_decision) << "</td><td>" << a.lodged_on.ToString()
        << "</td><td>" << HtmlEscape(Word(words.appellant, a.appellant_kind)) << "</td><td>" << HtmlEscape(a.court)
        << "</td><td>"
        << (a.outcome.empty() ? std::string(t.pending)
                              : HtmlEscape(Word(words.court_outcome, a.outcome)) +
                                    (a.outcome_on ? " " + a.outcome_on->ToString() : ""))
        << "</td></tr>";
    }
    h << "</tbody></table>";
  }
  h << "<p>" << t.csv_note << "</p></main></body></html>";
  return h.str();
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string ReportCsv(const AuditReport& report) {
  std::ostringstream c;
  c << "case_number,kind,grant_type,outcome,amount_sek,submitted_on,decided_on,days_to_decision,referred,"
       "advice_approve,advice_approve_with_conditions,advice_reject,advice_insufficient_basis,recusals,"
       "conditions_pending,conditions_fulfilled,conditions_overdue,conditions_breached,conditions_waived,"
       "annulled_on_appeal\r\n";
  for (const auto& d : report.decisions) {
    c << CsvField(d.case_number) << ',' << d.kind << ',' << d.grant_type << ',' << d.outcome << ','
      << (d.amount_sek ? std::to_string(*d.amount_sek) : "") << ',' << d.submitted_on.ToString() << ','
      << d.decided_on.ToString() << ',' << (d.decided_on.Days() - d.submitted_on.Days()) << ','
      << (d.referred ? "true" : "false") << ',' << d.advice_approve << ',' << d.advice_conditions << ','
      << d.advice_reject << ',' << d.advice_insufficient << ',' << d.recusals << ',' << d.conditions_pending << ','
      << d.conditions_fulfilled << ',' << d.conditions_overdue << ',' << d.conditions_breached << ','
      << d.conditions_waived << ',' << (d.annulled ? "true" : "false") << "\r\n";
  }
  return c.str();
}

std::string ReportJson(const AuditReport& report) {
  const Figures f = Compute(report);
  domain::JsonWriter w;
  w.BeginObject().Key("decisions").BeginObject();
  for (const auto& [series, by_month] : f.decisions) {
    w.Key(series).BeginObject();
    for (const auto& [m, n] : by_month) w.Field(m, n);
    w.EndObject();
  }
  w.EndObject().Field("annulled_decisions", f.annulled).Key("referral").BeginObject();
  for (const auto& [m, p] : f.referral) w.Key(m).BeginObject().Field("submitted", p.first).Field("referred", p.second).EndObject();
  w.EndObject().Key("advice").BeginObject();
  for (const auto& [k, v] : f.advice) w.Field(k, v);
  w.EndObject().Key("median_days_to_decision").BeginObject();
  for (const auto& [m, v] : f.days) w.Key(m).Raw(std::to_string(Median(v)));
  w.EndObject().Key("conditions").BeginObject();
  for (const auto& [k, v] : f.conditions) w.Field(k, v);
  // Revocations in the period by their status now, with the repayment claimed by those revoked.
  std::map<std::string, int> by_status{{"communicated", 0}, {"revoked", 0}, {"dropped", 0}, {"annulled", 0}};
  int democracy = 0;
  std::int64_t claimed = 0;
  for (const auto& v : report.revocations) {
    ++by_status[v.status];
    democracy += v.democracy_reason ? 1 : 0;
    if (v.status == "revoked") claimed += v.repayment_sek;
  }
  w.EndObject().Key("revocations").BeginObject();
  for (const auto& [k, v] : by_status) w.Field(k, v);
  w.Field("democracy_reason", democracy).Field("repayment_claimed_sek", claimed);
  // Appeals in the period by the court's outcome so far (pending while none).
  std::map<std::string, int> by_outcome{{"pending", 0},  {"rejected", 0}, {"dismissed", 0},
                                        {"withdrawn", 0}, {"annulled", 0}};
  for (const auto& a : report.appeals) ++by_outcome[a.outcome.empty() ? "pending" : a.outcome];
  w.EndObject().Key("appeals").BeginObject();
  for (const auto& [k, v] : by_outcome) w.Field(k, v);
  w.EndObject().EndObject();
  return w.Take();
}

Response AuditReportEndpoint(Exchange& ex) {
  auto id = IdParam(ex, "id");
  if (!id) return Problem(domain::Error::NotFound("There is no audit '" + ex.params["id"] + "'."), ex.instance);
  const std::string format = ex.query.count("format") ? ex.query["format"] : "html";
  const std::string lang = ex.query.count("lang") ? ex.query["lang"] : "sv";
  std::vector<FieldError> errors;
  if (format != "html" && format != "csv" && format != "json") errors.push_back({"format", "must be html, csv or json"});
  if (lang != "sv" && lang != "en") errors.push_back({"lang", "must be sv or en"});
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  auto view = ex.services.audits.Get(ex.Actor(), *id);
  if (!view) return Problem(view.Err(), ex.instance);
  auto report = ex.services.audits.Report(ex.Actor(), *id);
  if (!report) return Problem(report.Err(), ex.instance);
  Response r;
  if (format == "csv") {
    r.content_type = "text/csv; charset=utf-8";
    r.body = ReportCsv(*report);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"granskning-" + std::to_string(*id) + ".csv\"");
  } else if (format == "json") {
    r.body = ReportJson(*report);
  } else {
    r.content_type = "text/html; charset=utf-8";
    r.body = ReportHtml(*view, *report, lang == "en");
  }
  return r;
}

Response StatisticsEndpoint(Exchange& ex) {
  // The role before the query: a role that may not read statistics learns nothing of its form.
  if (auto denied = Deny(ex, workflow::Action::kReadStatistics)) return *denied;
  std::vector<FieldError> errors;
  auto date = [&](const char* key) -> std::optional<domain::Date> {
    auto it = ex.query.find(key);
    if (it == ex.query.end()) {
      errors.push_back({key, "is required"});
      return std::nullopt;
    }
    auto d = domain::Date::Parse(it->second);
    if (!d) errors.push_back({key, NotADateMessage(it->second)});
    return d;
  };
  auto from = date("from");
  auto to = date("to");
  if (from && to && *to < *from) errors.push_back({"to", "must not be before from"});
  if (!errors.empty()) return Problem(domain::Error::Validation(std::move(errors)), ex.instance);
  // Widened to whole months (workflow::WholeMonths); the answer names the period counted.
  auto report = ex.services.audits.Statistics(ex.Actor(), *from, *to);
  if (!report) return Problem(report.Err(), ex.instance);
  domain::JsonWriter w;
  w.BeginObject()
      .Field("from", report->from.ToString())
      .Field("to", report->to.ToString())
      .Field("suppressed_below", workflow::kSuppressBelow)
      .Key("items")
      .BeginArray();
  for (const auto& c : report->cells) {
    w.BeginObject().Field("month", c.month).Field("kind", c.kind);
    w.Key("grant_type");
    if (c.grant_type.empty()) w.Null(); else w.String(c.grant_type);
    w.Key("district");
    if (c.district.empty()) w.Null(); else w.String(c.district);
    w.Field("outcome", c.outcome);
    w.Key("count");
    if (c.count) w.Int(*c.count); else w.Null();
    w.Field("suppressed", !c.count).EndObject();
  }
  w.EndArray().EndObject();
  return Json(200, w.Take());
}

}  // namespace

// The same report for the web interface (http/page_audits.cpp).
std::string AuditReportHtml(const workflow::AuditRunView& view, const workflow::AuditReport& report, bool en) {
  return ReportHtml(view, report, en);
}
std::string AuditReportCsv(const workflow::AuditReport& report) { return ReportCsv(report); }

void AddAuditRoutes(Router& router) {
  router.Add({"POST", "/api/v1/audits", Access::kAuthenticated, true, CreateAudit});
  router.Add({"GET", "/api/v1/audits", Access::kAuthenticated, false, ListAudits});
  router.Add({"GET", "/api/v1/audits/{id}", Access::kAuthenticated, false, GetAudit});
  router.Add({"POST", "/api/v1/audits/{id}/items/{case_id}/findings", Access::kAuthenticated, true, AddFinding});
  router.Add({"POST", "/api/v1/audits/{id}/sign-off", Access::kAuthenticated, true, SignOff});
  router.Add({"GET", "/api/v1/audits/{id}/report", Access::kAuthenticated, false, AuditReportEndpoint, {"format", "lang"}});
  router.Add({"GET", "/api/v1/statistics", Access::kAuthenticated, false, StatisticsEndpoint, {"from", "to"}});
}

}  // namespace granska::http
