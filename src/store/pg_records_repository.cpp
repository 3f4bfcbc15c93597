#include "store/pg_records_repository.hpp"

#include <soci/soci.h>

#include <initializer_list>

#include "store/incident_sql.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

using workflow::RecordClass;
using workflow::RetentionTrigger;

// Finished cases by record class. A granted case with a condition still open, or with a
// revocation under way, is never due: its follow-up is not over.
constexpr const char* kRejectedWhere =
    "((c.status IN ('decided','closed') AND d.outcome = 'rejected') OR c.status = 'withdrawn')";
constexpr const char* kGrantedWhere =
    "c.status IN ('decided','closed') AND d.outcome IN ('approved','approved_with_conditions') "
    "AND NOT EXISTS (SELECT 1 FROM conditions k WHERE k.case_id = c.id AND k.status IN ('pending','overdue')) "
    "AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.case_id = c.id AND r.status = 'communicated')";
constexpr const char* kRevokedWhere = "c.status = 'revoked'";
// A case whose decision (or revocation) is under appeal is kept whatever its class: the
// court's outcome may annul it and the case may be decided again (workflow/appeals.hpp).
constexpr const char* kNoAppealPending =
    "NOT EXISTS (SELECT 1 FROM appeals ap WHERE ap.case_id = c.id AND ap.outcome IS NULL)";

// The day each trigger counts from. A withdrawn case's last change is its withdrawal.
constexpr const char* kDecisionDay =
    "CASE WHEN c.status = 'withdrawn' THEN c.updated_at::date ELSE d.decided_on END";
constexpr const char* kSettledDay =
    "greatest(d.decided_on, (SELECT max(k.closed_at)::date FROM conditions k WHERE k.case_id = c.id))";
constexpr const char* kRevocationDay =
    "(SELECT max(r.revoked_on) FROM revocations r WHERE r.case_id = c.id AND r.status = 'revoked')";

// `only_ids`: restricted to the cases in :ids (a bigint[] literal) instead of a keyset page.
std::string DueCasesSql(RecordClass c, RetentionTrigger t, bool only_ids = false) {
  std::string kind = (c == RecordClass::kBookingRejected || c == RecordClass::kBookingGranted) ? "'booking'" : "'grant'";
  std::string where;
  switch (c) {
    case RecordClass::kBookingRejected:
    case RecordClass::kGrantRejected: where = "c.kind = " + kind + " AND " + kRejectedWhere; break;
    case RecordClass::kBookingGranted:
    case RecordClass::kGrantApproved: where = "c.kind = " + kind + " AND " + kGrantedWhere; break;
    default: where = kRevokedWhere; break;
  }
  const char* day = t == RetentionTrigger::kSettled ? kSettledDay
                    : t == RetentionTrigger::kRevocation ? kRevocationDay
                                                         : kDecisionDay;
  return std::string("SELECT id::bigint, case_number, trigger_day::text, held::int FROM (") +
         "SELECT c.id, c.case_number, " + day +
         " AS trigger_day, "
         "EXISTS (SELECT 1 FROM legal_holds h WHERE h.case_id = c.id AND h.released_at IS NULL) AS held "
         "FROM cases c LEFT JOIN decisions d ON d.case_id = c.id AND d.annulled_by_appeal IS NULL "
         "WHERE c.culled_at IS NULL AND c.status IN ('decided','withdrawn','revoked','closed') AND " +
         kNoAppealPending + " AND " + (only_ids ? "c.id = ANY(:ids::bigint[])" : "c.id > :after") + " AND " + where +
         ") x WHERE trigger_day <= :cutoff::date ORDER BY id" + (only_ids ? "" : " LIMIT :lim");
}

constexpr const char* kLockCases = "SELECT id FROM cases WHERE id = ANY(:ids::bigint[]) ORDER BY id FOR UPDATE";

// Everything but the registration and the events, children before parents; set-based per
// batch, one statement per table (per case, 90 000 cases took 13 minutes). Re-screening rows
// stay: one verdict letter per rule and no personal data, deleted with their run. A culled
// case's Idempotency-Keys go too (normally long expired; migration 0016), so no key outlives
// its case's content and a retry with one opens a new case instead of replaying a culled one.
constexpr const char* kCullTables[] = {
    "idempotency_keys", "outbox",   "minutes_postings", "inspections",    "appeals", "revocations",
    "conditions",       "letters",  "decisions",        "communications", "advice",  "referrals",
    "screenings",       "bookings", "applications",     "secrecy_marks", "information_requests",
};
// An audit that drew the case is the board's own record and keeps its item: which case, its
// place in the sample and why it was drawn (random, or the risk criteria it met, as codes), so
// the audit's figures stay explainable. What the audit recorded about the case's content goes
// with the case: the checklist (amounts, reasons, documents) is emptied and the findings (the
// auditor's free text about the case) are deleted. Both count in the culled event's rows.
constexpr const char* kCullAuditFindings =
    "DELETE FROM audit_findings f USING audit_items i WHERE f.item_id = i.id AND i.case_id = ANY(:ids::bigint[]) "
    "RETURNING i.case_id::bigint";
constexpr const char* kCullAuditChecklists =
    "UPDATE audit_items SET checklist = '[]'::jsonb WHERE case_id = ANY(:ids::bigint[]) AND checklist <> '[]'::jsonb "
    "RETURNING case_id::bigint";
constexpr const char* kMarkCulled =
    "UPDATE cases SET culled_at = now(), culled_class = :cls, culled_rule = :rule, assigned_to = NULL, "
    "recommendation = NULL, version = version + 1, updated_at = now() "
    "WHERE id = ANY(:ids::bigint[]) AND culled_at IS NULL";
constexpr const char* kCulled =
    "SELECT case_number, " GRANSKA_ISO("culled_at") ", culled_class, culled_rule FROM cases "
    "WHERE id = :id AND culled_at IS NOT NULL";

// An incident is linked to a kept case, and not due (class incident_unlinked), while an
// inspection of a case links it, or while a kept case's screening quotes a part of it under a
// secrecy mark: deleting the entry would delete its mark, and the case's export would then
// print the quote (records.md). It is culled on the first run after those cases are.
#define GRANSKA_INCIDENT_UNLINKED                                                 \
  "NOT EXISTS (SELECT 1 FROM inspections p WHERE p.incident_id = i.id) AND NOT " \
  GRANSKA_MARKED_PART_QUOTED_BY_KEPT_CASE " "
constexpr const char* kDueIncidentsOccurred =
    "SELECT i.id::bigint, i.kind, i.occurred_on::text FROM incidents i WHERE i.id > :after "
    "AND i.occurred_on <= :cutoff::date AND " GRANSKA_INCIDENT_UNLINKED "ORDER BY i.id LIMIT :lim";
constexpr const char* kDueIncidentsRecorded =
    "SELECT i.id::bigint, i.kind, i.recorded_at::date::text FROM incidents i WHERE i.id > :after "
    "AND i.recorded_at::date <= :cutoff::date AND " GRANSKA_INCIDENT_UNLINKED "ORDER BY i.id LIMIT :lim";
constexpr const char* kLockIncidentForCulling =
    "SELECT i.id FROM incidents i WHERE i.id = :id AND " GRANSKA_INCIDENT_UNLINKED "FOR UPDATE";
constexpr const char* kDeleteIncidentMarks = "DELETE FROM secrecy_marks WHERE incident_id = :id";
constexpr const char* kDeleteIncident = "DELETE FROM incidents WHERE id = :id";
constexpr const char* kDeleteSessions =
    "DELETE FROM sessions WHERE least(coalesce(revoked_at, expires_at), expires_at)::date <= :cutoff::date";

#define GRANSKA_HOLD_COLUMNS                                                                                     \
  "SELECT h.id::bigint, h.case_id::bigint, h.reason, h.placed_by::bigint, u.name, " GRANSKA_ISO("h.placed_at") \
  " FROM legal_holds h JOIN users u ON u.id = h.placed_by "
constexpr const char* kActiveHold = GRANSKA_HOLD_COLUMNS "WHERE h.case_id = :id AND h.released_at IS NULL";
constexpr const char* kPlaceHold =
    "INSERT INTO legal_holds (case_id, reason, placed_by) VALUES (:c, :r, :u) RETURNING id";
constexpr const char* kReleaseHold =
    "UPDATE legal_holds SET released_at = now(), released_by = :u, release_reason = :r "
    "WHERE id = :id AND released_at IS NULL RETURNING " GRANSKA_ISO("released_at");

#define GRANSKA_MARK_COLUMNS                                                                                   \
  "SELECT m.id::bigint, m.case_id::bigint, m.incident_id::bigint, m.part, m.ground, m.reason, "              \
  "m.marked_by::bigint, u.name, " GRANSKA_ISO("m.marked_at") ", " GRANSKA_ISO("m.removed_at")                \
  ", coalesce(m.removal_reason, '') FROM secrecy_marks m JOIN users u ON u.id = m.marked_by "
constexpr const char* kInsertMark =
    "INSERT INTO secrecy_marks (case_id, incident_id, part, ground, reason, marked_by) "
    "VALUES (:c, :i, :p, :g, :r, :u) RETURNING id";
constexpr const char* kLockMark = GRANSKA_MARK_COLUMNS "WHERE m.id = :id FOR UPDATE OF m";
constexpr const char* kRemoveMark =
    "UPDATE secrecy_marks SET removed_at = now(), removed_by = :u, removal_reason = :r WHERE id = :id";
constexpr const char* kCaseMarks =
    GRANSKA_MARK_COLUMNS "WHERE m.case_id = :id AND (:all::int = 1 OR m.removed_at IS NULL) ORDER BY m.id";
constexpr const char* kIncidentMarks =
    GRANSKA_MARK_COLUMNS "WHERE m.incident_id = :id AND (:all::int = 1 OR m.removed_at IS NULL) ORDER BY m.id";
constexpr const char* kLockIncident = "SELECT id FROM incidents WHERE id = :id FOR UPDATE";

domain::SecrecyMark ReadMark(const soci::row& r) {
  domain::SecrecyMark m;
  m.id = BigInt(r, 0);
  m.case_id = OptBigInt(r, 1);
  m.incident_id = OptBigInt(r, 2);
  m.part = Text(r, 3);
  m.ground = Text(r, 4);
  m.reason = Text(r, 5);
  m.marked_by = BigInt(r, 6);
  m.marked_by_name = Text(r, 7);
  m.marked_at = Text(r, 8);
  m.removed_at = OptText(r, 9);
  m.removal_reason = Text(r, 10);
  return m;
}

bool Exists(soci::session& sql, const char* query, long long id) {
  soci::rowset<soci::row> rs = (sql.prepare << query, soci::use(id));
  for (const auto& r : rs) return (void(r), true);
  return false;
}

}  // namespace

std::vector<workflow::CullCandidate> PgRecordsRepository::DueCases(RecordClass record_class, RetentionTrigger trigger,
                                                                   domain::Date cutoff, std::int64_t after,
                                                                   int limit) {
  const std::string query = DueCasesSql(record_class, trigger);
  long long a = after;
  std::string c = cutoff.ToString();
  int lim = limit;
  std::vector<workflow::CullCandidate> out;
  soci::rowset<soci::row> rs = (sql_.prepare << query, soci::use(a, "after"), soci::use(c, "cutoff"),
                                soci::use(lim, "lim"));
  for (const auto& r : rs) {
    workflow::CullCandidate k;
    k.id = BigInt(r, 0);
    k.label = Text(r, 1);
    k.trigger_date = domain::Date::Parse(Text(r, 2)).value_or(domain::Date());
    k.held = Bool(r, 3);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<std::int64_t> PgRecordsRepository::LockStillDue(const std::vector<std::int64_t>& case_ids,
                                                           RecordClass record_class, RetentionTrigger trigger,
                                                           domain::Date cutoff) {
  if (case_ids.empty()) return {};
  std::string ids = IdArray(case_ids);
  {
    soci::rowset<soci::row> locked = (sql_.prepare << kLockCases, soci::use(ids));
    for (const auto& r : locked) (void)r;
  }
  // A new statement under READ COMMITTED sees whatever committed before the locks were granted.
  const std::string query = DueCasesSql(record_class, trigger, true);
  std::string c = cutoff.ToString();
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rs = (sql_.prepare << query, soci::use(ids, "ids"), soci::use(c, "cutoff"));
  for (const auto& r : rs)
    if (!Bool(r, 3)) out.push_back(BigInt(r, 0));
  return out;
}

std::map<std::int64_t, std::int64_t> PgRecordsRepository::CullCases(const std::vector<std::int64_t>& case_ids,
                                                                     RecordClass record_class, const std::string& rule) {
  std::map<std::int64_t, std::int64_t> rows;
  if (case_ids.empty()) return rows;
  std::string ids = IdArray(case_ids);
  for (const char* table : kCullTables) {
    const std::string q = std::string("DELETE FROM ") + table + " WHERE case_id = ANY(:ids::bigint[]) RETURNING case_id::bigint";
    soci::rowset<soci::row> rs = (sql_.prepare << q, soci::use(ids));
    for (const auto& r : rs) ++rows[BigInt(r, 0)];
  }
  for (const char* q : {kCullAuditFindings, kCullAuditChecklists}) {
    soci::rowset<soci::row> rs = (sql_.prepare << q, soci::use(ids));
    for (const auto& r : rs) ++rows[BigInt(r, 0)];
  }
  std::string cls(workflow::ToString(record_class));
  std::string r = rule;
  sql_ << kMarkCulled, soci::use(cls, "cls"), soci::use(r, "rule"), soci::use(ids, "ids");
  return rows;
}

std::optional<workflow::CulledCase> PgRecordsRepository::Culled(std::int64_t case_id) {
  return FirstRowById(sql_, kCulled, case_id, [](const soci::row& r) {
    return workflow::CulledCase{Text(r, 0), Text(r, 1), Text(r, 2), Text(r, 3)};
  });
}

std::vector<workflow::CullCandidate> PgRecordsRepository::DueIncidents(RetentionTrigger trigger, domain::Date cutoff,
                                                                       std::int64_t after, int limit) {
  long long a = after;
  std::string c = cutoff.ToString();
  int lim = limit;
  std::vector<workflow::CullCandidate> out;
  const char* query = trigger == RetentionTrigger::kRecorded ? kDueIncidentsRecorded : kDueIncidentsOccurred;
  soci::rowset<soci::row> rs = (sql_.prepare << query, soci::use(a, "after"), soci::use(c, "cutoff"),
                                soci::use(lim, "lim"));
  for (const auto& r : rs) {
    workflow::CullCandidate k;
    k.id = BigInt(r, 0);
    k.label = Text(r, 1);
    k.trigger_date = domain::Date::Parse(Text(r, 2)).value_or(domain::Date());
    out.push_back(std::move(k));
  }
  return out;
}

bool PgRecordsRepository::CullIncident(std::int64_t incident_id) {
  if (!Exists(sql_, kLockIncidentForCulling, incident_id)) return false;
  long long id = incident_id;
  sql_ << kDeleteIncidentMarks, soci::use(id);
  sql_ << kDeleteIncident, soci::use(id);
  return true;
}

std::int64_t PgRecordsRepository::DeleteEndedSessions(domain::Date cutoff) {
  std::string c = cutoff.ToString();
  soci::statement st = (sql_.prepare << kDeleteSessions, soci::use(c));
  st.execute(true);
  return st.get_affected_rows();
}

std::optional<domain::LegalHold> PgRecordsRepository::ActiveHold(std::int64_t case_id) {
  long long id = case_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kActiveHold, soci::use(id));
  for (const auto& r : rs) {
    domain::LegalHold h;
    h.id = BigInt(r, 0);
    h.case_id = BigInt(r, 1);
    h.reason = Text(r, 2);
    h.placed_by = BigInt(r, 3);
    h.placed_by_name = Text(r, 4);
    h.placed_at = Text(r, 5);
    return h;
  }
  return std::nullopt;
}

std::int64_t PgRecordsRepository::PlaceHold(std::int64_t case_id, const std::string& reason, std::int64_t by) {
  long long c = case_id, u = by, id = 0;
  std::string r = reason;
  sql_ << kPlaceHold, soci::use(c), soci::use(r), soci::use(u), soci::into(id);
  return id;
}

std::string PgRecordsRepository::ReleaseHold(std::int64_t hold_id, const std::string& reason, std::int64_t by) {
  long long id = hold_id, u = by;
  std::string r = reason, at;
  sql_ << kReleaseHold, soci::use(u, "u"), soci::use(r, "r"), soci::use(id, "id"), soci::into(at);
  return at;
}

std::int64_t PgRecordsRepository::InsertMark(const domain::SecrecyMark& mark) {
  Nullable<long long> c(mark.case_id), i(mark.incident_id);
  std::string p = mark.part, g = mark.ground, r = mark.reason;
  long long u = mark.marked_by, id = 0;
  sql_ << kInsertMark, soci::use(c.value, c.ind), soci::use(i.value, i.ind), soci::use(p), soci::use(g), soci::use(r),
      soci::use(u), soci::into(id);
  return id;
}

std::optional<domain::SecrecyMark> PgRecordsRepository::LockMark(std::int64_t id) {
  return FirstRowById(sql_, kLockMark, id, ReadMark);
}

void PgRecordsRepository::RemoveMark(std::int64_t id, const std::string& reason, std::int64_t by) {
  long long v = id, u = by;
  std::string r = reason;
  sql_ << kRemoveMark, soci::use(u, "u"), soci::use(r, "r"), soci::use(v, "id");
}

std::vector<domain::SecrecyMark> PgRecordsRepository::CaseMarks(std::int64_t case_id, bool with_removed) {
  long long id = case_id;
  int all = with_removed ? 1 : 0;
  std::vector<domain::SecrecyMark> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kCaseMarks, soci::use(id, "id"), soci::use(all, "all"));
  for (const auto& r : rs) out.push_back(ReadMark(r));
  return out;
}

std::vector<domain::SecrecyMark> PgRecordsRepository::IncidentMarks(std::int64_t incident_id, bool with_removed) {
  long long id = incident_id;
  int all = with_removed ? 1 : 0;
  std::vector<domain::SecrecyMark> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kIncidentMarks, soci::use(id, "id"), soci::use(all, "all"));
  for (const auto& r : rs) out.push_back(ReadMark(r));
  return out;
}

bool PgRecordsRepository::LockIncident(std::int64_t incident_id) { return Exists(sql_, kLockIncident, incident_id); }

}  // namespace granska::store
