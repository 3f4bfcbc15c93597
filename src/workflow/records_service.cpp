#include "workflow/records_service.hpp"

#include <algorithm>

#include "domain/json_text.hpp"
#include "domain/text.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/authorization.hpp"
#include "workflow/case_queries.hpp"

namespace granska::workflow {

using domain::Error;
using domain::FieldError;

namespace {


std::optional<Error> Denied(const domain::Actor& actor, Action action) {
  Error e;
  if (Authorize(actor.role, action, e)) return std::nullopt;
  return e;
}

std::string ReasonRequired(const std::string& what) { return "is required: why " + what + "?"; }

}  // namespace

Error CaseNotFound(UnitOfWork& uow, std::int64_t case_id) {
  if (auto c = uow.Records().Culled(case_id))
    return Error::NotFound("Case " + c->case_number + " was culled (gallrad) on " + LocalDateOf(c->culled_at).ToString() +
                           " under rule " + c->rule + " of the records plan (" + c->record_class +
                           "); only its registration and events are kept.");
  return Error::NotFound("There is no case " + std::to_string(case_id) + ".");
}

// --- Retention ----------------------------------------------------------------------

RetentionReport RetentionJob::RunOnce() {
  RetentionReport report;
  const domain::Date today = clock_.Today();
  for (RecordClass c : {RecordClass::kBookingRejected, RecordClass::kBookingGranted, RecordClass::kGrantRejected,
                        RecordClass::kGrantApproved, RecordClass::kRevoked}) {
    const RetentionRule& rule = plan_.For(c);
    if (rule.keep.permanent) continue;
    const domain::Date cutoff = rule.keep.CutoffFor(today);
    std::int64_t after = 0;
    for (;;) {
      auto uow = db_.Begin();
      auto due = uow->Records().DueCases(c, rule.from, cutoff, after, batch_size_);
      if (due.empty()) break;
      std::vector<std::int64_t> ids;
      for (const auto& candidate : due) {
        after = candidate.id;
        if (candidate.held)
          ++report.held_skipped;
        else
          ids.push_back(candidate.id);
      }
      // Re-checked under the row locks: a hold placed or a revocation begun since the read
      // wins, and that case is left for the next run.
      const auto still_due = uow->Records().LockStillDue(ids, c, rule.from, cutoff);
      const auto rows = uow->Records().CullCases(still_due, c, rule.rule);
      for (const auto& candidate : due) {
        if (std::find(still_due.begin(), still_due.end(), candidate.id) == still_due.end()) continue;
        auto it = rows.find(candidate.id);
        domain::JsonWriter d;
        d.BeginObject()
            .Field("case_number", candidate.label)
            .Field("record_class", ToString(c))
            .Field("rule", rule.rule)
            .Field("plan_version", plan_.version)
            .Field("keep", rule.keep.ToString())
            .Field("from", ToString(rule.from))
            .Field("trigger_date", candidate.trigger_date.ToString())
            .Field("rows_deleted", it == rows.end() ? std::int64_t{0} : it->second)
            .EndObject();
        uow->Events().Append(candidate.id, domain::Actor{}, "culled", d.Text());
        ++report.cases_culled;
        report.culled_case_numbers.push_back(candidate.label);
      }
      uow->Commit();
    }
  }
  {
    const RetentionRule& rule = plan_.For(RecordClass::kIncidentUnlinked);
    if (!rule.keep.permanent) {
      const domain::Date cutoff = rule.keep.CutoffFor(today);
      std::int64_t after = 0;
      for (;;) {
        auto uow = db_.Begin();
        auto due = uow->Records().DueIncidents(rule.from, cutoff, after, batch_size_);
        if (due.empty()) break;
        for (const auto& candidate : due) {
          after = candidate.id;
          if (!uow->Records().CullIncident(candidate.id)) continue;
          domain::JsonWriter d;
          d.BeginObject()
              .Field("incident_id", candidate.id)
              .Field("kind", candidate.label)
              .Field("record_class", ToString(RecordClass::kIncidentUnlinked))
              .Field("rule", rule.rule)
              .Field("plan_version", plan_.version)
              .Field("keep", rule.keep.ToString())
              .Field("from", ToString(rule.from))
              .Field("trigger_date", candidate.trigger_date.ToString())
              .EndObject();
          uow->Events().Append(std::nullopt, domain::Actor{}, "incident_culled", d.Text());
          ++report.incidents_culled;
        }
        uow->Commit();
      }
    }
  }
  {
    const RetentionRule& rule = plan_.For(RecordClass::kSession);
    if (!rule.keep.permanent) {
      auto uow = db_.Begin();
      report.sessions_deleted = uow->Records().DeleteEndedSessions(rule.keep.CutoffFor(today));
      if (report.sessions_deleted > 0) {
        domain::JsonWriter d;
        d.BeginObject()
            .Field("sessions", report.sessions_deleted)
            .Field("record_class", ToString(RecordClass::kSession))
            .Field("rule", rule.rule)
            .Field("plan_version", plan_.version)
            .Field("keep", rule.keep.ToString())
            .EndObject();
        uow->Events().Append(std::nullopt, domain::Actor{}, "sessions_culled", d.Text());
      }
      uow->Commit();
    }
  }
  return report;
}

// --- Legal holds --------------------------------------------------------------------

domain::Result<domain::LegalHold> LegalHolds::Place(const domain::Actor& actor, std::int64_t case_id,
                                                    const std::string& reason) {
  if (auto e = Denied(actor, Action::kHoldCases)) return *e;
  auto uow = db_.Begin();
  auto c = uow->Cases().Lock(case_id);
  if (!c) return CaseNotFound(*uow, case_id);
  if (domain::IsBlank(reason)) return Error::Validation({{"reason", ReasonRequired("is the case held")}});
  if (auto held = uow->Records().ActiveHold(case_id))
    return Error::Conflict("Case " + c->case_number + " is already under legal hold (hold " + std::to_string(held->id) +
                           ", placed " + LocalDateOf(held->placed_at).ToString() + ").");
  const std::int64_t id = uow->Records().PlaceHold(case_id, reason, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject().Field("hold_id", id).EndObject();
  uow->Events().Append(case_id, actor, "legal_hold_placed", d.Text());
  auto hold = uow->Records().ActiveHold(case_id);
  uow->Commit();
  return *hold;
}

domain::Result<domain::LegalHold> LegalHolds::Release(const domain::Actor& actor, std::int64_t case_id,
                                                      const std::string& reason) {
  if (auto e = Denied(actor, Action::kHoldCases)) return *e;
  auto uow = db_.Begin();
  auto c = uow->Cases().Lock(case_id);
  if (!c) return CaseNotFound(*uow, case_id);
  if (domain::IsBlank(reason)) return Error::Validation({{"reason", ReasonRequired("is the hold released")}});
  auto held = uow->Records().ActiveHold(case_id);
  if (!held) return Error::Conflict("Case " + c->case_number + " is not under legal hold.");
  held->released_at = uow->Records().ReleaseHold(held->id, reason, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject().Field("hold_id", held->id).EndObject();
  uow->Events().Append(case_id, actor, "legal_hold_released", d.Text());
  uow->Commit();
  held->released_by = actor.user_id;
  held->release_reason = reason;
  return *held;
}

// --- Secrecy marks ------------------------------------------------------------------

std::vector<FieldError> SecrecyMarks::Check(const MarkRequest& m, const std::vector<SecrecyPart>& parts) const {
  std::vector<FieldError> errors;
  if (!FindPart(parts, m.part)) {
    std::string list;
    for (const auto& p : parts) list += (list.empty() ? "" : ", ") + std::string(p.id);
    errors.push_back({"part", m.part.empty() ? "is required: one of " + list : "must be one of " + list});
  }
  if (!plan_.Ground(m.ground)) {
    std::string list;
    for (const auto& g : plan_.grounds) list += (list.empty() ? "" : "; ") + g.ground;
    errors.push_back({"ground", (m.ground.empty() ? "is required: one of " : "must be one of the records plan's grounds: ") +
                                    list});
  }
  if (domain::IsBlank(m.reason)) errors.push_back({"reason", ReasonRequired("is the part secret")});
  return errors;
}

namespace {

// The mark as stored, committed; a case mark's reasons withheld, as CaseMarks withholds them,
// from whoever may not open the whole case file (the coordinator).
domain::SecrecyMark Stored(UnitOfWork& uow, const domain::Actor& actor, std::int64_t mark_id) {
  auto stored = uow.Records().LockMark(mark_id);
  uow.Commit();
  if (stored->case_id && !Allowed(actor.role, Action::kOpenCaseFile)) domain::WithholdReasons(*stored);
  return *stored;
}

// A new mark on a case or an incident (whichever `mark` names, locked by the caller) and
// its event, then committed: `secrecy_marked` on the case, `incident_secrecy_marked` in the
// register. The reason stays with the mark, never in the event.
domain::SecrecyMark AddMark(UnitOfWork& uow, const domain::Actor& actor, domain::SecrecyMark mark,
                            const MarkRequest& m) {
  mark.part = m.part;
  mark.ground = m.ground;
  mark.reason = m.reason;
  mark.marked_by = actor.user_id;
  const std::int64_t id = uow.Records().InsertMark(mark);
  domain::JsonWriter d;
  d.BeginObject();
  if (mark.incident_id) d.Field("incident_id", *mark.incident_id);
  d.Field("mark_id", id).Field("part", m.part).Field("ground", m.ground).EndObject();
  uow.Events().Append(mark.case_id, actor, mark.case_id ? "secrecy_marked" : "incident_secrecy_marked", d.Text());
  return Stored(uow, actor, id);
}

// The removal of a mark (checked by the caller) and its event, then committed.
domain::SecrecyMark RemoveMark(UnitOfWork& uow, const domain::Actor& actor, const domain::SecrecyMark& mark,
                               const std::string& reason) {
  uow.Records().RemoveMark(mark.id, reason, actor.user_id);
  domain::JsonWriter d;
  d.BeginObject();
  if (mark.incident_id) d.Field("incident_id", *mark.incident_id);
  d.Field("mark_id", mark.id).Field("part", mark.part).Field("ground", mark.ground).EndObject();
  uow.Events().Append(mark.case_id, actor, mark.case_id ? "secrecy_mark_removed" : "incident_secrecy_mark_removed",
                      d.Text());
  return Stored(uow, actor, mark.id);
}

}  // namespace

domain::Result<domain::SecrecyMark> SecrecyMarks::MarkCase(const domain::Actor& actor, std::int64_t case_id,
                                                           const MarkRequest& m) {
  if (auto e = Denied(actor, Action::kMarkSecrecy)) return *e;
  auto uow = db_.Begin();
  auto c = uow->Cases().Lock(case_id);
  if (!c) return CaseNotFound(*uow, case_id);
  // Marking is a reading of the case too: the coordinator marks only a case it may read
  // (referred to the group, no jäv), as CaseMarks below lists them.
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadCases, Relation(*uow, actor, case_id), c->case_number))
    return *e;
  auto errors = Check(m, CaseSecrecyParts());
  if (!errors.empty()) return Error::Validation(std::move(errors));
  for (const auto& existing : uow->Records().CaseMarks(case_id, false))
    if (existing.part == m.part)
      return Error::Conflict("The part '" + m.part + "' of case " + c->case_number + " is already marked (mark " +
                             std::to_string(existing.id) + ", " + existing.ground + "); remove that mark first.");
  domain::SecrecyMark mark;
  mark.case_id = case_id;
  return AddMark(*uow, actor, std::move(mark), m);
}

domain::Result<domain::SecrecyMark> SecrecyMarks::UnmarkCase(const domain::Actor& actor, std::int64_t case_id,
                                                             std::int64_t mark_id, const std::string& reason) {
  if (auto e = Denied(actor, Action::kMarkSecrecy)) return *e;
  auto uow = db_.Begin();
  auto c = uow->Cases().Lock(case_id);
  if (!c) return CaseNotFound(*uow, case_id);
  // Marking is a reading of the case too: the coordinator marks only a case it may read
  // (referred to the group, no jäv), as CaseMarks below lists them.
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadCases, Relation(*uow, actor, case_id), c->case_number))
    return *e;
  auto mark = uow->Records().LockMark(mark_id);
  if (!mark || mark->case_id != case_id)
    return Error::NotFound("Case " + c->case_number + " has no secrecy mark " + std::to_string(mark_id) + ".");
  if (domain::IsBlank(reason)) return Error::Validation({{"reason", ReasonRequired("is the mark removed")}});
  if (mark->removed_at) return Error::Conflict("Secrecy mark " + std::to_string(mark_id) + " was already removed.");
  return RemoveMark(*uow, actor, *mark, reason);
}

domain::Result<std::vector<domain::SecrecyMark>> SecrecyMarks::CaseMarks(const domain::Actor& actor,
                                                                         std::int64_t case_id) {
  if (auto e = Denied(actor, Action::kReadCases)) return *e;
  auto uow = db_.Begin();
  auto summary = uow->Cases().FindSummary(case_id);
  if (!summary) return CaseNotFound(*uow, case_id);
  // The marks say which parts of the case are secret and why: whoever may not read the case
  // (the group before it is referred, a member who declared jäv) may not read them either.
  if (auto e = AuthorizeOnCase(actor.role, Action::kReadCases, Relation(*uow, actor, case_id), summary->case_number))
    return *e;
  auto marks = uow->Records().CaseMarks(case_id, true);
  if (!Allowed(actor.role, Action::kOpenCaseFile)) domain::WithholdReasons(marks);
  return marks;
}

domain::Result<domain::SecrecyMark> SecrecyMarks::MarkIncident(const domain::Actor& actor, std::int64_t incident_id,
                                                               const MarkRequest& m) {
  if (auto e = Denied(actor, Action::kMarkSecrecy)) return *e;
  auto uow = db_.Begin();
  if (!uow->Records().LockIncident(incident_id))
    return Error::NotFound("There is no incident " + std::to_string(incident_id) + ".");
  auto errors = Check(m, IncidentSecrecyParts());
  if (!errors.empty()) return Error::Validation(std::move(errors));
  for (const auto& existing : uow->Records().IncidentMarks(incident_id, false))
    if (existing.part == m.part)
      return Error::Conflict("The part '" + m.part + "' of incident " + std::to_string(incident_id) +
                             " is already marked (mark " + std::to_string(existing.id) + "); remove that mark first.");
  domain::SecrecyMark mark;
  mark.incident_id = incident_id;
  return AddMark(*uow, actor, std::move(mark), m);
}

domain::Result<domain::SecrecyMark> SecrecyMarks::UnmarkIncident(const domain::Actor& actor, std::int64_t incident_id,
                                                                 std::int64_t mark_id, const std::string& reason) {
  if (auto e = Denied(actor, Action::kMarkSecrecy)) return *e;
  auto uow = db_.Begin();
  if (!uow->Records().LockIncident(incident_id))
    return Error::NotFound("There is no incident " + std::to_string(incident_id) + ".");
  auto mark = uow->Records().LockMark(mark_id);
  if (!mark || mark->incident_id != incident_id)
    return Error::NotFound("Incident " + std::to_string(incident_id) + " has no secrecy mark " +
                           std::to_string(mark_id) + ".");
  if (domain::IsBlank(reason)) return Error::Validation({{"reason", ReasonRequired("is the mark removed")}});
  if (mark->removed_at) return Error::Conflict("Secrecy mark " + std::to_string(mark_id) + " was already removed.");
  return RemoveMark(*uow, actor, *mark, reason);
}

domain::Result<std::vector<domain::SecrecyMark>> SecrecyMarks::IncidentMarks(const domain::Actor& actor,
                                                                             std::int64_t incident_id) {
  if (auto e = Denied(actor, Action::kReadIncidents)) return *e;
  auto uow = db_.Begin();
  if (!uow->Incidents().Find(incident_id))
    return Error::NotFound("There is no incident " + std::to_string(incident_id) + ".");
  return uow->Records().IncidentMarks(incident_id, true);
}

// --- Public-access exports ----------------------------------------------------------

namespace {

void WriteOmitted(domain::JsonWriter& d, const std::vector<domain::SecrecyMark>& marks) {
  d.Key("omitted").BeginArray();
  for (const auto& m : marks)
    d.BeginObject().Field("mark_id", m.id).Field("part", m.part).Field("ground", m.ground).EndObject();
  d.EndArray();
}

}  // namespace

domain::Result<CaseExport> PublicExports::ForCase(const domain::Actor& actor, std::int64_t case_id,
                                                  const std::string& lang, const std::string& format) {
  if (auto e = Denied(actor, Action::kExportCasePublic)) return *e;
  auto uow = db_.Begin();
  auto detail = LoadCaseDetail(*uow, case_id);
  if (!detail) return CaseNotFound(*uow, case_id);
  CaseExport out;
  out.marks = detail->secrecy_marks;
  out.detail = std::move(*detail);
  out.revocations = uow->Reviews().RevocationsOf(case_id);
  out.produced_on = clock_.Today().ToString();
  // A mark on an incident holds wherever the incident is quoted, not only in its own export.
  // The screening is stored as JSON text: a quoted part appears there as a JSON string would.
  if (const auto& screening = out.detail.summary.screening_json) {
    for (auto& t : uow->Incidents().MarkedTexts()) {
      domain::JsonWriter escaped;
      escaped.String(t.text);
      const std::string quoted = escaped.Take();
      if (screening->find(quoted.substr(1, quoted.size() - 2)) != std::string::npos)
        out.quoted_incident_marks.push_back(std::move(t));
    }
  }
  domain::JsonWriter d;
  d.BeginObject().Field("lang", lang).Field("format", format);
  WriteOmitted(d, out.marks);
  d.Key("omitted_incident_parts").BeginArray();
  for (const auto& t : out.quoted_incident_marks)
    d.BeginObject().Field("mark_id", t.mark_id).Field("incident_id", t.incident_id).Field("part", t.part)
        .Field("ground", t.ground).EndObject();
  d.EndArray();
  d.EndObject();
  uow->Events().Append(case_id, actor, "public_export", d.Text());
  uow->Commit();
  return out;
}

domain::Result<IncidentExport> PublicExports::ForIncident(const domain::Actor& actor, std::int64_t incident_id,
                                                          const std::string& lang, const std::string& format) {
  if (auto e = Denied(actor, Action::kExportPublic)) return *e;
  if (auto e = Denied(actor, Action::kReadIncidents)) return *e;
  auto uow = db_.Begin();
  auto incident = uow->Incidents().Find(incident_id);
  if (!incident) return Error::NotFound("There is no incident " + std::to_string(incident_id) + ".");
  IncidentExport out;
  out.incident = std::move(*incident);
  out.marks = uow->Records().IncidentMarks(incident_id, false);
  out.produced_on = clock_.Today().ToString();
  domain::JsonWriter d;
  d.BeginObject().Field("incident_id", incident_id).Field("lang", lang).Field("format", format);
  WriteOmitted(d, out.marks);
  d.EndObject();
  uow->Events().Append(std::nullopt, actor, "incident_public_export", d.Text());
  uow->Commit();
  return out;
}

}  // namespace granska::workflow
