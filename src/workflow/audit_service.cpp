#include "workflow/audit_service.hpp"

#include <initializer_list>

#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "workflow/authorization.hpp"
#include "workflow/records_service.hpp"

namespace granska::workflow {

using domain::Error;
using domain::Role;

namespace {

std::optional<Error> OnlyAuditors(const domain::Actor& actor) {
  Error denied;
  if (!Authorize(actor.role, Action::kRunAudits, denied)) return denied;
  return std::nullopt;
}

std::string CriteriaJson(const domain::RiskCriteria& c) {
  domain::JsonWriter w;
  w.BeginObject()
      .Field("large_amount_sek", c.large_amount_sek)
      .Field("member_change_percent", c.member_change_percent)
      .Key("criteria")
      .BeginArray()
      .String("large_amount: beviljat belopp minst large_amount_sek")
      .String("member_change: medlemsantalet ändrat mer än member_change_percent % sedan föregående ansökan")
      .String("screening_notes: granskningen gav minst en notering")
      .String("conditions_unmet: ett villkor är försenat eller brutet")
      .String("referred: ärendet remitterades till arbetsgruppen")
      .EndArray()
      .Field("selection", "Upp till halva urvalet väljs efter antal uppfyllda riskkriterier (flest först, sedan "
                          "ärendenummer); resten dras slumpmässigt med angivet frö. Skyddade uppgifter och fritext "
                          "används aldrig.")
      .EndObject();
  return w.Take();
}

// The checklist's notes are stored in Swedish, as recorded when the sample was drawn; each
// phrase has its English counterpart here, so that the English board report can say the same
// (ChecklistDetailInEnglish). `{}` stands for a whole number. A note is its phrases joined by
// "; " or ", ".
struct ChecklistPhrase {
  const char* sv;
  const char* en;
};
constexpr ChecklistPhrase kStatutesPresent{"Stadgar finns", "Statutes present"};
constexpr ChecklistPhrase kStatutesMissing{"Stadgar eller antagandedatum saknades (GE-2)",
                                           "Statutes or the date of their adoption missing (GE-2)"};
constexpr ChecklistPhrase kReportsMissing{"verksamhetsberättelse eller ekonomisk redovisning saknades (GE-9)",
                                          "annual report or financial statement missing (GE-9)"};
constexpr ChecklistPhrase kReportsPresent{"verksamhetsberättelse och ekonomisk redovisning finns",
                                          "annual report and financial statement present"};
constexpr ChecklistPhrase kBookingNoDocuments{"Lokalbokning: inga handlingar krävs",
                                              "Premises booking: no documents required"};
constexpr ChecklistPhrase kConditionsUnmet{"{} försenade, {} brutna villkor", "{} overdue, {} breached conditions"};
constexpr ChecklistPhrase kConditionsPending{"{} villkor ännu inte förfallna", "{} conditions not yet due"};
constexpr ChecklistPhrase kConditionsClosed{"{} uppfyllda, {} eftergivna", "{} fulfilled, {} waived"};
constexpr ChecklistPhrase kNoConditions{"Beslutet har inga villkor", "The decision has no conditions"};
constexpr ChecklistPhrase kAmountGranted{
    "Beviljat {} kr; utbetalningar finns i ekonomisystemet och stäms av manuellt",
    "Granted SEK {}; payments are in the finance system and are checked by hand"};
constexpr ChecklistPhrase kNoAmount{"Inget belopp (lokalbokning)", "No amount (premises booking)"};
constexpr ChecklistPhrase kReasonsMissing{"Skäl saknas", "Reasons missing"};
constexpr ChecklistPhrase kReasonsWritten{"Skäl skrevs vid beslutet", "Reasons written when deciding"};
constexpr ChecklistPhrase kSpecialReasonsMissing{"särskilda skäl saknas trots demokratiflagga",
                                                 "special reasons (särskilda skäl) missing despite a democracy flag"};
constexpr ChecklistPhrase kNotAdverse{"Beslutet gick inte sökanden emot", "The decision did not go against the applicant"};
constexpr ChecklistPhrase kCommunicated{"Kommunicering gjordes före beslutet",
                                        "The applicant was heard before the decision (kommunicering)"};
constexpr ChecklistPhrase kNotCommunicated{"Kommunicering saknas",
                                           "The applicant was not heard before the decision (kommunicering)"};
constexpr const ChecklistPhrase* kChecklistPhrases[] = {
    &kStatutesPresent, &kStatutesMissing, &kReportsMissing,  &kReportsPresent, &kBookingNoDocuments,
    &kConditionsUnmet, &kConditionsPending, &kConditionsClosed, &kNoConditions, &kAmountGranted,
    &kNoAmount,        &kReasonsMissing,  &kReasonsWritten,  &kSpecialReasonsMissing, &kNotAdverse,
    &kCommunicated,    &kNotCommunicated,
};

// `phrase` in Swedish with each {} replaced by the next number.
std::string Say(const ChecklistPhrase& phrase, std::initializer_list<std::int64_t> numbers = {}) {
  std::string out;
  auto next = numbers.begin();
  for (const char* p = phrase.sv; *p; ++p) {
    if (p[0] == '{' && p[1] == '}' && next != numbers.end()) {
      out += std::to_string(*next++);
      ++p;
    } else {
      out += *p;
    }
  }
  return out;
}

// Matches the Swedish template at `text[pos]`; on a match appends the English with the same
// numbers to `out` and returns the position after it.
std::optional<std::size_t> MatchPhrase(const ChecklistPhrase& phrase, const std::string& text, std::size_t pos,
                                       std::string& out) {
  std::vector<std::string> numbers;
  for (const char* p = phrase.sv; *p; ++p) {
    if (p[0] == '{' && p[1] == '}') {
      const std::size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return std::nullopt;
      numbers.push_back(text.substr(start, pos - start));
      ++p;
    } else {
      if (pos >= text.size() || text[pos] != *p) return std::nullopt;
      ++pos;
    }
  }
  std::size_t n = 0;
  for (const char* p = phrase.en; *p; ++p) {
    if (p[0] == '{' && p[1] == '}' && n < numbers.size()) {
      out += numbers[n++];
      ++p;
    } else {
      out += *p;
    }
  }
  return pos;
}

}  // namespace

std::optional<std::string> AuditService::ChecklistDetailInEnglish(const std::string& detail) {
  std::string out;
  std::size_t pos = 0;
  while (pos < detail.size()) {
    // The longest phrase that matches here, so that none is taken for the start of another.
    std::optional<std::size_t> best;
    std::string best_text;
    for (const ChecklistPhrase* phrase : kChecklistPhrases) {
      std::string text;
      auto next = MatchPhrase(*phrase, detail, pos, text);
      if (next && (!best || *next > *best)) best = next, best_text = std::move(text);
    }
    if (best) {
      out += best_text;
      pos = *best;
      continue;
    }
    if (detail.compare(pos, 2, "; ") == 0 || detail.compare(pos, 2, ", ") == 0) {
      out += detail.substr(pos, 2);
      pos += 2;
      continue;
    }
    return std::nullopt;
  }
  return out;
}

std::vector<domain::ChecklistItem> AuditService::BuildChecklist(const ChecklistFacts& f) {
  std::vector<domain::ChecklistItem> out;
  // Documents: the screening's own judgement of statutes (GE-2) and annual report and
  // financial statement (GE-9) at the time of the decision.
  if (f.kind == "grant") {
    const bool needs_reports = f.grant_type == "activity" || f.grant_type == "premises";
    std::string status = "ok", detail = Say(kStatutesPresent);
    if (!f.ge2 || *f.ge2 != "pass") status = "missing", detail = Say(kStatutesMissing);
    if (needs_reports) {
      if (!f.ge9 || *f.ge9 != "pass") status = "missing", detail += "; " + Say(kReportsMissing);
      else detail += ", " + Say(kReportsPresent);
    }
    out.push_back({"documents_present", status, detail});
  } else {
    out.push_back({"documents_present", "not_applicable", Say(kBookingNoDocuments)});
  }
  if (f.conditions_overdue + f.conditions_breached > 0)
    out.push_back({"conditions_met", "missing", Say(kConditionsUnmet, {f.conditions_overdue, f.conditions_breached})});
  else if (f.conditions_pending > 0)
    out.push_back({"conditions_met", "pending", Say(kConditionsPending, {f.conditions_pending})});
  else if (f.conditions_fulfilled + f.conditions_waived > 0)
    out.push_back({"conditions_met", "ok", Say(kConditionsClosed, {f.conditions_fulfilled, f.conditions_waived})});
  else
    out.push_back({"conditions_met", "not_applicable", Say(kNoConditions)});
  // Granska records decisions, not payments: the auditor compares with the ledger.
  out.push_back({"amounts_paid_match", "manual", f.amount_sek ? Say(kAmountGranted, {*f.amount_sek}) : Say(kNoAmount)});
  std::string reasons_status = f.reasons.empty() ? "missing" : "ok";
  std::string reasons_detail = f.reasons.empty() ? Say(kReasonsMissing) : Say(kReasonsWritten);
  if (f.democracy_flag && f.outcome != "rejected" && f.special_reasons.empty())
    reasons_status = "missing", reasons_detail += "; " + Say(kSpecialReasonsMissing);
  out.push_back({"reasons_recorded", reasons_status, reasons_detail});
  const bool adverse = f.outcome == "rejected" ||
                       (f.amount_sek && f.applied_sek && *f.amount_sek < *f.applied_sek);
  if (!adverse)
    out.push_back({"kommunicering_done", "not_applicable", Say(kNotAdverse)});
  else
    out.push_back({"kommunicering_done", f.communicated ? "ok" : "missing",
                   Say(f.communicated ? kCommunicated : kNotCommunicated)});
  return out;
}

domain::Result<AuditRunView> AuditService::Create(const domain::Actor& actor, const AuditRequest& req,
                                                  std::vector<domain::FieldError> errors) {
  if (auto e = OnlyAuditors(actor)) return *e;
  if (!req.from) errors.push_back({"from", "is required"});
  if (!req.to) errors.push_back({"to", "is required"});
  if (req.from && req.to && *req.to < *req.from) errors.push_back({"to", "must not be before from"});
  if (!req.sample_size) errors.push_back({"sample_size", "is required"});
  else if (*req.sample_size < 1 || *req.sample_size > 10000) errors.push_back({"sample_size", "must be from 1 to 10000"});
  if (!req.seed) errors.push_back({"seed", "is required: it makes the draw reproducible"});
  if (!errors.empty()) return Error::Validation(std::move(errors));
  auto uow = db_.Begin();
  auto& audits = uow->Audits();
  auto candidates = audits.Candidates(*req.from, *req.to);
  auto sample = domain::DrawAuditSample(candidates, static_cast<int>(*req.sample_size),
                                        static_cast<std::uint64_t>(*req.seed), criteria_);
  // The checklists copy the sampled cases' content: held against the retention cull until this
  // commits, so a case culled meanwhile leaves no checklist behind (docs/records.md). The draw
  // rests on the population as read; one that lost a case to the cull is drawn again by asking again.
  std::vector<std::int64_t> sampled;
  for (const auto& pick : sample) sampled.push_back(pick.case_id);
  if (uow->Cases().LockSharedUnculled(sampled).size() != sampled.size())
    return Error::Conflict("A case in the sample was culled under the records plan while the audit was drawn; "
                           "create the audit again.");
  AuditRun run;
  run.period_from = *req.from;
  run.period_to = *req.to;
  run.sample_size = static_cast<int>(*req.sample_size);
  run.seed = *req.seed;
  run.criteria_json = CriteriaJson(criteria_);
  run.population = static_cast<int>(candidates.size());
  run.created_by = actor.user_id;
  run.id = audits.InsertRun(run);
  int position = 0;
  for (const auto& pick : sample) {
    domain::JsonWriter c;
    c.BeginArray();
    for (const auto& k : pick.criteria) c.String(k);
    c.EndArray();
    domain::JsonWriter cl;
    cl.BeginArray();
    for (const auto& item : BuildChecklist(audits.Checklist(pick.case_id)))
      cl.BeginObject().Field("item", item.item).Field("status", item.status).Field("detail", item.detail).EndObject();
    cl.EndArray();
    audits.InsertItem(run.id, pick, ++position, c.Text(), cl.Text());
  }
  domain::JsonWriter d;
  d.BeginObject()
      .Field("audit_id", run.id)
      .Field("from", req.from->ToString())
      .Field("to", req.to->ToString())
      .Field("population", run.population)
      .Field("sample", static_cast<std::int64_t>(sample.size()))
      .Field("seed", *req.seed)
      .EndObject();
  uow->Events().Append(std::nullopt, actor, "audit_created", d.Text());
  AuditRunView view{*audits.FindRun(run.id, false), audits.Items(run.id)};
  uow->Commit();
  return view;
}

domain::Result<AuditRunView> AuditService::Get(const domain::Actor& actor, std::int64_t run_id) {
  if (auto e = OnlyAuditors(actor)) return *e;
  auto uow = db_.Begin();
  auto run = uow->Audits().FindRun(run_id, false);
  if (!run) return Error::NotFound("There is no audit " + std::to_string(run_id) + ".");
  return AuditRunView{*run, uow->Audits().Items(run_id)};
}

domain::Result<std::vector<AuditRun>> AuditService::List(const domain::Actor& actor) {
  if (auto e = OnlyAuditors(actor)) return *e;
  auto uow = db_.Begin();
  return uow->Audits().Runs();
}

domain::Result<AuditRunView> AuditService::AddFinding(const domain::Actor& actor, std::int64_t run_id,
                                                      std::int64_t case_id, const std::string& severity,
                                                      const std::string& text) {
  if (auto e = OnlyAuditors(actor)) return *e;
  std::vector<domain::FieldError> errors;
  if (severity != "info" && severity != "minor" && severity != "major" && severity != "critical")
    errors.push_back({"severity", "must be one of info, minor, major, critical"});
  if (domain::IsBlank(text)) errors.push_back({"text", "is required"});
  auto uow = db_.Begin();
  auto& audits = uow->Audits();
  auto run = audits.FindRun(run_id, true);
  if (!run) return Error::NotFound("There is no audit " + std::to_string(run_id) + ".");
  if (run->status == "signed_off") return Error::Conflict("Audit " + std::to_string(run_id) + " is signed off.");
  auto item = audits.ItemId(run_id, case_id);
  if (!item) return Error::NotFound("Case " + std::to_string(case_id) + " is not in the sample of audit " +
                                    std::to_string(run_id) + ".");
  // A culled case's item keeps no findings: what the audit recorded about it went with the case
  // (docs/records.md). The case is held against the cull until this commits; one culled after
  // takes this finding with it.
  if (uow->Cases().LockSharedUnculled({case_id}).empty()) return CaseNotFound(*uow, case_id);
  if (!errors.empty()) return Error::Validation(std::move(errors));
  const auto id = audits.InsertFinding(*item, severity, text, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject().Field("audit_id", run_id).Field("finding_id", id).Field("severity", severity).EndObject();
  uow->Events().Append(case_id, actor, "audit_finding", d.Text());
  AuditRunView view{*audits.FindRun(run_id, false), audits.Items(run_id)};
  uow->Commit();
  return view;
}

domain::Result<AuditRunView> AuditService::SignOff(const domain::Actor& actor, std::int64_t run_id,
                                                   const std::string& note) {
  if (auto e = OnlyAuditors(actor)) return *e;
  auto uow = db_.Begin();
  auto& audits = uow->Audits();
  auto run = audits.FindRun(run_id, true);
  if (!run) return Error::NotFound("There is no audit " + std::to_string(run_id) + ".");
  if (run->status == "signed_off") return Error::Conflict("Audit " + std::to_string(run_id) + " is already signed off.");
  audits.SignOff(run_id, actor.user_id, note);
  domain::JsonWriter d;
  d.BeginObject().Field("audit_id", run_id).Field("note", note).EndObject();
  uow->Events().Append(std::nullopt, actor, "audit_signed_off", d.Text());
  AuditRunView view{*audits.FindRun(run_id, false), audits.Items(run_id)};
  uow->Commit();
  return view;
}

domain::Result<AuditReport> AuditService::Report(const domain::Actor& actor, std::int64_t run_id) {
  if (auto e = OnlyAuditors(actor)) return *e;
  auto uow = db_.Begin();
  auto run = uow->Audits().FindRun(run_id, false);
  if (!run) return Error::NotFound("There is no audit " + std::to_string(run_id) + ".");
  AuditReport report{*run, uow->Audits().Decisions(run->period_from, run->period_to),
                     uow->Audits().Submissions(run->period_from, run->period_to), {},
                     uow->Audits().Appeals(run->period_from, run->period_to)};
  const auto inside = [&](domain::Date d) { return !(d < run->period_from) && !(run->period_to < d); };
  for (auto& v : uow->Audits().Revocations(run->period_from, run->period_to)) {
    v.communicated_on = LocalDateOf(v.communicated_at);
    if (inside(v.communicated_on) || (v.settled_on && inside(*v.settled_on))) report.revocations.push_back(std::move(v));
  }
  return report;
}

StatisticsReport WholeMonths(domain::Date from, domain::Date to) {
  StatisticsReport r;
  r.from = from.AddDays(1 - static_cast<std::int32_t>(from.Day()));
  r.to = to.AddDays(1 - static_cast<std::int32_t>(to.Day())).AddMonths(1).AddDays(-1);
  return r;
}

domain::Result<StatisticsReport> AuditService::Statistics(const domain::Actor& actor, domain::Date from,
                                                          domain::Date to) {
  Error denied;
  if (!Authorize(actor.role, Action::kReadStatistics, denied)) return denied;
  StatisticsReport report = WholeMonths(from, to);
  auto uow = db_.Begin();
  for (const auto& r : uow->Audits().Statistics(report.from, report.to)) {
    StatisticsCell c{r.month, r.kind, r.grant_type, r.district, r.outcome, std::nullopt};
    if (r.count >= kSuppressBelow) c.count = r.count;
    report.cells.push_back(std::move(c));
  }
  return report;
}

}  // namespace granska::workflow
