#include "workflow/follow_up.hpp"

#include <algorithm>
#include <stdexcept>

#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "letters/letter_format.hpp"
#include "workflow/authorization.hpp"
#include "workflow/case_closing.hpp"
#include "workflow/transitions.hpp"

namespace granska::workflow {

std::vector<WaivedCondition> WaiveOpenConditions(UnitOfWork& uow, std::int64_t case_id, const domain::Actor& actor,
                                                 const std::string& reason, const char* cause_field,
                                                 std::int64_t cause_id) {
  std::vector<WaivedCondition> waived;
  for (const auto& k : uow.Reviews().ConditionsFor(case_id)) {
    if (k.status != "pending" && k.status != "overdue") continue;
    uow.FollowUp().CloseCondition(k.id, "waived", reason, actor.user_id);
    domain::JsonWriter w;
    w.BeginObject()
        .Field("condition_id", k.id)
        .Field("kind", domain::ToString(k.kind))
        .Field("status", "waived")
        .Field("reason", reason)
        .Field(cause_field, cause_id)
        .EndObject();
    waived.push_back({k, w.Take()});
  }
  return waived;
}

using domain::Error;

namespace {

// What follow-up records on a case (a closed condition, an inspection) changes what an
// officer sees, so the case's version moves on: a page read before gets 409.
void BumpVersion(UnitOfWork& uow, const domain::CaseSummary& locked) {
  if (!uow.Cases().UpdateStatus(locked.case_id, locked.version, locked.status, std::nullopt))
    throw std::logic_error("case row changed under its lock");
}

}  // namespace

Page<ConditionView> ConditionService::List(const domain::Actor& actor, ConditionFilter filter) {
  if (InAdvisoryGroup(actor.role)) filter.group_member = actor.user_id;
  auto uow = db_.Begin();
  return uow->FollowUp().ListConditions(filter);
}

domain::Result<ConditionView> ConditionService::Close(const domain::Actor& actor, std::int64_t id,
                                                      const std::string& status, const std::string& text,
                                                      std::optional<std::int64_t> expected_version) {
  Error denied;
  if (!Authorize(actor.role, Action::kFollowUp, denied)) return denied;
  auto uow = db_.Begin();
  // The case first, then the condition: the order every command that touches both uses.
  auto case_id = uow->FollowUp().ConditionCase(id);
  if (!case_id) return Error::NotFound("There is no condition " + std::to_string(id) + ".");
  auto locked_case = uow->Cases().Lock(*case_id);
  auto c = uow->FollowUp().LockCondition(id);
  if (!c || !locked_case) return Error::NotFound("There is no condition " + std::to_string(id) + ".");
  if (auto stale = CheckVersion(*locked_case, expected_version)) return *stale;
  const char* field = status == "fulfilled" ? "evidence" : "reason";
  if (domain::IsBlank(text))
    return Error::Validation(
        {{field, status == "fulfilled" ? "is required: what shows that the condition is met?" : "is required"}});
  if (c->condition.status != "pending" && c->condition.status != "overdue")
    return Error::Conflict("Condition " + std::to_string(id) + " in case " + c->case_number + " is already " +
                           c->condition.status + ".");
  uow->FollowUp().CloseCondition(id, status, text, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("condition_id", id)
      .Field("kind", domain::ToString(c->condition.kind))
      .Field("status", status)
      .Field(field, text)
      .EndObject();
  uow->Events().Append(c->condition.case_id, actor, "condition_" + status, d.Text());
  BumpVersion(*uow, *locked_case);
  auto after = uow->FollowUp().LockCondition(id);
  uow->Commit();
  return *after;
}

namespace {

// A reminder's outbox dedupe key: the prefix and the condition id (one of each per condition).
const std::string kDueKey = "reminder-due:", kOverdueKey = "reminder-overdue:";

// The condition's kind as the letters name it (templates/partials/letter_condition_kind_*).
std::string KindLabel(domain::ConditionKind kind, bool sv) {
  switch (kind) {
    case domain::ConditionKind::kActivityReport: return sv ? "Verksamhetsrapport" : "Activity report";
    case domain::ConditionKind::kFinancialReport: return sv ? "Ekonomisk redovisning" : "Financial report";
    case domain::ConditionKind::kOpenToPublic: return sv ? "Öppet för allmänheten" : "Open to the public";
    case domain::ConditionKind::kInspectionAccess:
      return sv ? "Tillträde för besök och inspektion" : "Access for visits and inspection";
    case domain::ConditionKind::kAttendanceCap: return sv ? "Högsta antal deltagare" : "Maximum attendance";
    case domain::ConditionKind::kCustom: break;
  }
  return sv ? "Särskilt villkor" : "Special condition";
}

// One language's part of a reminder: what is due and when (as the letters write dates), the
// condition, how to report, and who to contact.
std::string ReminderPart(const ReminderTarget& t, bool overdue, const FollowUpSettings::Sender& from, bool sv) {
  const letters::LetterFormat format(sv ? letters::Language::kSv : letters::Language::kEn);
  const std::string due = format.Date(t.condition.due);
  std::string out;
  if (sv) {
    out += overdue ? "Villkoret nedan i beslutet i ert ärende " + t.case_number + " skulle ha varit uppfyllt senast " +
                         due + " och är nu försenat. Ett villkor som inte uppfylls kan leda till att beslutet "
                         "återkallas och att stödet krävs tillbaka. Kontakta handläggaren om ni behöver mer tid.\n"
                   : "Påminnelse: villkoret nedan i beslutet i ert ärende " + t.case_number +
                         " ska vara uppfyllt senast " + due + ".\n";
    out += "\nVillkor: " + KindLabel(t.condition.kind, true) + "\n" + t.condition.description + "\n";
    out += "\nRedovisa till handläggaren hur villkoret har uppfyllts (till exempel med rapporten eller "
           "redovisningen) och ange ärendenummer " + t.case_number + ".\n";
  } else {
    out += overdue ? "The condition below in the decision in your case " + t.case_number + " was to be met by " + due +
                         " and is overdue. An unmet condition can lead to the decision being revoked and the support "
                         "reclaimed. Contact the case officer if you need more time.\n"
                   : "Reminder: the condition below in the decision in your case " + t.case_number +
                         " is to be met by " + due + ".\n";
    out += "\nCondition: " + KindLabel(t.condition.kind, false) + "\n" + t.condition.description + "\n";
    out += "\nTell the case officer how the condition has been met (for example with the report or the accounts) "
           "and give case number " + t.case_number + ".\n";
  }
  std::string contact;
  if (!t.officer_name.empty()) contact += (sv ? "Handläggare: " : "Case officer: ") + t.officer_name + "\n";
  const std::string& unit = sv ? from.unit.sv : from.unit.en;
  if (!unit.empty()) contact += unit + "\n";
  if (!from.phone.empty()) contact += (sv ? "Telefon: " : "Telephone: ") + from.phone + "\n";
  if (!from.email.empty()) contact += (sv ? "E-post: " : "E-mail: ") + from.email + "\n";
  if (!contact.empty()) out += "\n" + contact;
  return out;
}

std::string ReminderBody(const ReminderTarget& t, bool overdue, const FollowUpSettings::Sender& from) {
  return "Till " + t.organisation_name + "\n\n" + ReminderPart(t, overdue, from, true) +
         "\n---\nIn English\n\nTo " + t.organisation_name + "\n\n" + ReminderPart(t, overdue, from, false);
}

// What the SMTP server or the mail library said, fit to store in outbox.last_error and an
// event: a server's reply may hold any bytes (PostgreSQL refuses text that is not UTF-8,
// and a refused UPDATE would abort the run) and be arbitrarily long.
constexpr std::size_t kMaxStoredError = 500;

std::string StoredError(const std::string& error) {
  std::string out = domain::Printable(error);
  if (out.size() <= kMaxStoredError) return out;
  std::size_t cut = kMaxStoredError;
  // Printable leaves only well-formed UTF-8: step back over continuation bytes so that no
  // character is cut in half.
  while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
  out.resize(cut);
  return out + "...";
}

}  // namespace

JobReport FollowUpJob::RunOnce() {
  JobReport report;
  const domain::Date today = clock_.Today();
  {
    auto uow = db_.Begin();
    for (const auto& c : uow->FollowUp().MarkOverdue(today)) {
      domain::JsonWriter d;
      d.BeginObject().Field("condition_id", c.id).Field("due", c.due.ToString()).EndObject();
      uow->Events().Append(c.case_id, domain::Actor{}, "condition_overdue", d.Text());
      ++report.overdue_marked;
    }
    uow->Commit();
  }
  // After overdue marking: a condition that just became overdue keeps its case open.
  report.cases_closed = CaseClosing(db_, clock_).RunOnce();
  {
    auto uow = db_.Begin();
    auto& f = uow->FollowUp();
    auto write = [&](const ReminderTarget& t, bool overdue) {
      if (t.email.empty()) {
        ++report.reminders_without_address;
        return;
      }
      const std::string key = (overdue ? kOverdueKey : kDueKey) + std::to_string(t.condition.id);
      const std::string subject = (overdue ? "Försenat villkor / Overdue condition – "
                                           : "Påminnelse om villkor / "
                                             "Condition reminder – ") +
                                  t.case_number;
      if (f.Enqueue(key, t.condition.case_id, t.email, subject, ReminderBody(t, overdue, settings_.sender))) {
        domain::JsonWriter d;
        d.BeginObject()
            .Field("condition_id", t.condition.id)
            .Field("reminder", overdue ? "overdue" : "due")
            .EndObject();
        uow->Events().Append(t.condition.case_id, domain::Actor{}, "reminder_queued", d.Text());
        ++report.reminders_written;
      }
    };
    for (const auto& t : f.DueSoon(today, settings_.remind_days_before, kDueKey)) write(t, false);
    for (const auto& t : f.Overdue(kOverdueKey)) write(t, true);
    uow->Commit();
  }
  if (!mailer_) return report;
  // One message per transaction (review M4): claim it, send it, mark it sent or failed and
  // record reminder_sent / reminder_failed on its case, commit; then the next. A later
  // failure (a throw, a lost connection, a refused commit) thus never sends again what an
  // earlier transaction already recorded as sent: if SMTP accepted a message but its own
  // commit fails, that one message is sent again on a later run (at-least-once; the
  // Message-ID is stable per row). The transaction holds its lock and XID through one SMTP
  // exchange only. Ids increase within a run, so each message is tried at most once per run.
  std::int64_t after = 0;
  for (;;) {
    auto uow = db_.Begin();
    auto m = uow->FollowUp().ClaimNextMail(after);
    if (!m) break;
    after = m->id;
    // A reminder for a condition fulfilled, waived or breached since it was queued (or one
    // that became overdue before its due-date reminder went out) is withdrawn, not sent.
    if (m->condition_status) {
      const bool overdue_reminder = m->dedupe_key.rfind(kOverdueKey, 0) == 0;
      if (*m->condition_status != (overdue_reminder ? "overdue" : "pending")) {
        uow->FollowUp().WithdrawMail(m->id);
        domain::JsonWriter w;
        w.BeginObject()
            .Field("outbox_id", m->id)
            .Field("dedupe_key", m->dedupe_key)
            .Field("condition_status", m->condition_status->empty() ? "gone" : *m->condition_status)
            .EndObject();
        uow->Events().Append(m->case_id, domain::Actor{}, "reminder_withdrawn", w.Text());
        ++report.mails_withdrawn;
        uow->Commit();
        continue;
      }
    }
    const std::string error =
        mailer_->Send(m->to, m->subject, m->body, "<outbox-" + std::to_string(m->id) + "@granska>");
    domain::JsonWriter d;
    d.BeginObject()
        .Field("outbox_id", m->id)
        .Field("dedupe_key", m->dedupe_key)
        .Field("subject", m->subject)
        .Field("to", m->to)
        .Field("attempt", m->attempts + 1);
    if (error.empty()) {
      uow->FollowUp().MarkSent(m->id);
      d.EndObject();
      uow->Events().Append(m->case_id, domain::Actor{}, "reminder_sent", d.Text());
      ++report.mails_sent;
    } else {
      const std::string stored = StoredError(error);
      const int backoff = std::min(settings_.max_retry_seconds, 60 << std::min(m->attempts, 10));
      uow->FollowUp().MarkFailed(m->id, stored, backoff);
      d.Field("error", stored).Field("retry_in_seconds", backoff).EndObject();
      uow->Events().Append(m->case_id, domain::Actor{}, "reminder_failed", d.Text());
      ++report.mails_failed;
    }
    uow->Commit();
  }
  return report;
}

}  // namespace granska::workflow

namespace granska::workflow {

domain::Result<Inspection> InspectionService::Request(const domain::Actor& actor, std::int64_t case_id,
                                                      std::optional<std::int64_t> expected_version,
                                                      std::optional<domain::Date> planned_on, const std::string& reason,
                                                      std::vector<domain::FieldError> errors) {
  Error denied;
  if (!Authorize(actor.role, Action::kFollowUp, denied)) return denied;
  if (!planned_on && !domain::HasFieldError(errors, "planned_on")) errors.push_back({"planned_on", "is required"});
  if (domain::IsBlank(reason)) errors.push_back({"reason", "is required"});
  auto uow = db_.Begin();
  auto c = uow->Cases().Lock(case_id);
  if (!c) return Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  // Rented premises: a decided booking whose time is still the applicant's. The booking's status
  // says both: `approved` only while its standing decision approves it (a rejection sets
  // `rejected`, an annulled decision `pending`, a revocation `cancelled`, and an annulled
  // revocation gives `approved` back only when no other booking took the time meanwhile).
  if (c->kind != domain::ApplicationKind::kBooking || c->status != domain::CaseStatus::kDecided ||
      uow->Cases().BookingStatus(case_id) != "approved")
    return Error::Conflict("Case " + c->case_number +
                           " is not an approved booking; only rented premises are inspected.");
  if (auto e = CheckVersion(*c, expected_version)) return *e;
  if (!errors.empty()) return Error::Validation(std::move(errors));
  Inspection i;
  i.case_id = case_id;
  i.planned_on = *planned_on;
  i.reason = reason;
  i.id = uow->FollowUp().InsertInspection(i, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject()
      .Field("inspection_id", i.id)
      .Field("planned_on", planned_on->ToString())
      .Field("reason", reason)
      .EndObject();
  uow->Events().Append(case_id, actor, "inspection_requested", d.Text());
  BumpVersion(*uow, *c);
  auto stored = uow->FollowUp().LockInspection(i.id);
  uow->Commit();
  return *stored;
}

domain::Result<Inspection> InspectionService::RecordFindings(const domain::Actor& actor, std::int64_t id,
                                                             std::optional<std::int64_t> expected_version,
                                                             const FindingsInput& in,
                                                             std::vector<domain::FieldError> errors) {
  Error denied;
  if (!Authorize(actor.role, Action::kFollowUp, denied)) return denied;
  const domain::Date today = clock_.Today();
  if (!in.performed_on) {
    if (!domain::HasFieldError(errors, "performed_on")) errors.push_back({"performed_on", "is required"});
  } else if (today < *in.performed_on)
    errors.push_back({"performed_on", "must not be in the future"});
  if (domain::IsBlank(in.findings)) errors.push_back({"findings", "is required"});
  if (in.outcome != "no_remarks" && in.outcome != "remarks" && in.outcome != "breach" && in.outcome != "incident")
    errors.push_back({"outcome", "must be one of no_remarks, remarks, breach, incident"});
  if (in.outcome == "breach" && !in.condition_id) errors.push_back({"condition_id", "is required for a breach"});
  if (in.outcome == "incident" && !in.incident_kind) errors.push_back({"incident.kind", "is required for an incident"});
  auto uow = db_.Begin();
  // The case first, then the inspection: the order every command that touches both uses
  // (the retention cull locks cases too), so two of them cannot wait for each other. An
  // inspection never moves to another case, so the unlocked read finds the right case.
  auto found = uow->FollowUp().FindInspection(id);
  if (!found) return Error::NotFound("There is no inspection " + std::to_string(id) + ".");
  auto c = uow->Cases().Lock(found->case_id);
  auto insp = uow->FollowUp().LockInspection(id);
  if (!insp || !c) return Error::NotFound("There is no inspection " + std::to_string(id) + ".");
  if (!insp->outcome.empty()) return Error::Conflict("Inspection " + std::to_string(id) + " already has its findings.");
  if (auto e = CheckVersion(*c, expected_version)) return *e;
  std::optional<ConditionView> condition;
  if (in.outcome == "breach" && in.condition_id) {
    condition = uow->FollowUp().LockCondition(*in.condition_id);
    if (!condition || condition->condition.case_id != insp->case_id)
      errors.push_back({"condition_id", "is not a condition of this case"});
    else if (condition->condition.status != "pending" && condition->condition.status != "overdue")
      return Error::Conflict("Condition " + std::to_string(*in.condition_id) + " is already " +
                             condition->condition.status + ".");
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));

  Inspection updated = *insp;
  updated.performed_on = in.performed_on;
  updated.findings = in.findings;
  updated.outcome = in.outcome;
  if (condition) {
    updated.condition_id = condition->condition.id;
    uow->FollowUp().CloseCondition(condition->condition.id, "breached",
                                   "Inspektion " + in.performed_on->ToString() + ": " + in.findings, actor.user_id);
    domain::JsonWriter d;
    d.BeginObject()
        .Field("condition_id", condition->condition.id)
        .Field("status", "breached")
        .Field("inspection_id", id)
        .EndObject();
    uow->Events().Append(insp->case_id, actor, "condition_breached", d.Text());
  }
  if (in.outcome == "incident") {
    domain::Incident incident;
    incident.subject_org = domain::OrgNumber::Parse(c->org_number);
    incident.kind = *in.incident_kind;
    incident.occurred_on = *in.performed_on;
    incident.source = domain::IncidentSource::kOwnObservation;
    incident.verified = in.incident_verified;
    incident.reference = "Inspektion " + std::to_string(id) + " i ärende " + c->case_number;
    incident.summary = in.findings;
    incident.recorded_by = actor.user_id;
    updated.incident_id = uow->Incidents().Insert(incident);
    domain::JsonWriter d;
    d.BeginObject()
        .Field("incident_id", *updated.incident_id)
        .Field("kind", domain::ToString(incident.kind))
        .Field("verified", incident.verified)
        .EndObject();
    uow->Events().Append(std::nullopt, actor, "incident_recorded", d.Text());
  }
  uow->FollowUp().RecordFindings(updated, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject().Field("inspection_id", id).Field("outcome", in.outcome).EndObject();
  uow->Events().Append(insp->case_id, actor, "inspection_recorded", d.Text());
  BumpVersion(*uow, *c);
  auto stored = uow->FollowUp().LockInspection(id);
  uow->Commit();
  return *stored;
}

std::vector<Inspection> InspectionService::For(std::int64_t case_id) {
  auto uow = db_.Begin();
  return uow->FollowUp().InspectionsFor(case_id);
}

domain::Result<Inspection> InspectionService::Get(const domain::Actor& actor, std::int64_t id) {
  domain::Error denied;
  if (!Authorize(actor.role, Action::kReadFollowUp, denied)) return denied;
  auto uow = db_.Begin();
  auto inspection = uow->FollowUp().FindInspection(id);
  if (!inspection) return Error::NotFound("There is no inspection " + std::to_string(id) + ".");
  return *inspection;
}

}  // namespace granska::workflow
