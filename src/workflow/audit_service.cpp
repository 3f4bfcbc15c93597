#include "workflow/audit_service.hpp"

#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "workflow/authorization.hpp"

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

}  // namespace

std::vector<domain::ChecklistItem> AuditService::BuildChecklist(const ChecklistFacts& f) {
  std::vector<domain::ChecklistItem> out;
  // Documents: the screening's own judgement of statutes (GE-2) and annual report and
  // financial statement (GE-9) at the time of the decision.
  if (f.kind == "grant") {
    const bool needs_reports = f.grant_type == "activity" || f.grant_type == "premises";
    std::string status = "ok", detail = "Stadgar finns";
    if (!f.ge2 || *f.ge2 != "pass") status = "missing", detail = "Stadgar eller antagandedatum saknades (GE-2)";
    if (needs_reports) {
      if (!f.ge9 || *f.ge9 != "pass") status = "missing", detail += "; verksamhetsberättelse eller ekonomisk redovisning saknades (GE-9)";
      else detail += ", verksamhetsberättelse och ekonomisk redovisning finns";
    }
    out.push_back({"documents_present", status, detail});
  } else {
    out.push_back({"documents_present", "not_applicable", "Lokalbokning: inga handlingar krävs"});
  }
  if (f.conditions_overdue + f.conditions_breached > 0)
    out.push_back({"conditions_met", "missing",
                   std::to_string(f.conditions_overdue) + " försenade, " + std::to_string(f.conditions_breached) +
                       " brutna villkor"});
  else if (f.conditions_pending > 0)
    out.push_back({"conditions_met", "pending", std::to_string(f.conditions_pending) + " villkor ännu inte förfallna"});
  else if (f.conditions_fulfilled + f.conditions_waived > 0)
    out.push_back({"conditions_met", "ok",
                   std::to_string(f.conditions_fulfilled) + " uppfyllda, " + std::to_string(f.conditions_waived) +
                       " eftergivna"});
  else
    out.push_back({"conditions_met", "not_applicable", "Beslutet har inga villkor"});
  // Granska records decisions, not payments: the auditor compares with the ledger.
  out.push_back({"amounts_paid_match", "manual",
                 f.amount_sek ? "Beviljat " + std::to_string(*f.amount_sek) +
                                    " kr; utbetalningar finns i ekonomisystemet och stäms av manuellt"
                              : "Inget belopp (lokalbokning)"});
  std::string reasons_status = f.reasons.empty() ? "missing" : "ok";
  std::string reasons_detail = f.reasons.empty() ? "Skäl saknas" : "Skäl skrevs vid beslutet";
  if (f.democracy_flag && f.outcome != "rejected" && f.special_reasons.empty())
    reasons_status = "missing", reasons_detail += "; särskilda skäl saknas trots demokratiflagga";
  out.push_back({"reasons_recorded", reasons_status, reasons_detail});
  const bool adverse = f.outcome == "rejected" ||
                       (f.amount_sek && f.applied_sek && *f.amount_sek < *f.applied_sek);
  if (!adverse)
    out.push_back({"kommunicering_done", "not_applicable", "Beslutet gick inte sökanden emot"});
  else
    out.push_back({"kommunicering_done", f.communicated ? "ok" : "missing",
                   f.communicated ? "Kommunicering gjordes före beslutet" : "Kommunicering saknas"});
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
