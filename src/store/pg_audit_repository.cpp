#include "store/pg_audit_repository.hpp"

#include <soci/soci.h>

#include "store/row_reader.hpp"

namespace granska::store {
namespace {

// Granted support decided in the period, with only the facts the documented risk
// criteria may use. The screening is the one the decision was taken on (the latest screened at
// or before the decision), not one a later re-screening wrote.
constexpr const char* kCandidates =
    "SELECT c.id::bigint, coalesce(d.amount_sek, 0)::bigint, a.member_count::bigint, "
    "(SELECT a2.member_count FROM cases c2 JOIN applications a2 ON a2.case_id = c2.id "
    "  WHERE c2.organisation_id = c.organisation_id AND c2.id < c.id AND a2.member_count IS NOT NULL "
    "  ORDER BY c2.id DESC, a2.revision DESC LIMIT 1)::bigint, "
    "coalesce((SELECT (s.result_json::jsonb -> 'results') @> '[{\"outcome\":\"note\"}]' FROM screenings s "
    "  WHERE s.case_id = c.id AND s.screened_at <= d.decided_at ORDER BY s.id DESC LIMIT 1), false)::int, "
    "EXISTS (SELECT 1 FROM conditions k WHERE k.case_id = c.id AND k.status IN ('overdue','breached'))::int, "
    "EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id)::int "
    "FROM decisions d JOIN cases c ON c.id = d.case_id AND d.annulled_by_appeal IS NULL "
    "LEFT JOIN LATERAL (SELECT member_count FROM applications WHERE case_id = c.id ORDER BY revision DESC LIMIT 1) a "
    "ON true WHERE d.outcome IN ('approved','approved_with_conditions') "
    "AND d.decided_on BETWEEN :f::date AND :t::date ORDER BY c.id";

constexpr const char* kInsertRun =
    "INSERT INTO audit_runs (period_from, period_to, sample_size, seed, criteria, population, created_by) "
    "VALUES (:f::date, :t::date, :n, :seed, :c::jsonb, :p, :by) RETURNING id";
constexpr const char* kInsertItem =
    "INSERT INTO audit_items (run_id, case_id, position, why, risk_criteria, checklist) "
    "VALUES (:r, :c, :p, :w, :rc::jsonb, :cl::jsonb)";

// The checklist's facts of a granted case; its conditions are those of the decision that stands
// (a decision annulled on appeal had its own, waived with it). The decision is judged against
// the screening it was taken on: the latest one screened at or before the decision (`s`), so a
// re-screening after it (a flag from an incident recorded since) does not make its reasons or
// documents look missing. A case decided again after an annulment is judged at its new decision.
constexpr const char* kChecklist =
    "SELECT c.kind, coalesce(a.grant_type, ''), "
    "(SELECT x->>'outcome' FROM json_array_elements(s.result_json->'results') x WHERE x->>'rule' = 'GE-2' LIMIT 1), "
    "(SELECT x->>'outcome' FROM json_array_elements(s.result_json->'results') x WHERE x->>'rule' = 'GE-9' LIMIT 1), "
    "coalesce(d.outcome, ''), d.amount_sek::bigint, a.amount_sek::bigint, coalesce(d.reasons, ''), "
    "coalesce(d.special_reasons, ''), coalesce(s.democracy_flag::int, 0), "
    "EXISTS (SELECT 1 FROM communications m WHERE m.case_id = c.id)::int, "
    "(SELECT count(*) FROM conditions k WHERE k.decision_id = d.id AND k.status = 'pending')::bigint, "
    "(SELECT count(*) FROM conditions k WHERE k.decision_id = d.id AND k.status = 'fulfilled')::bigint, "
    "(SELECT count(*) FROM conditions k WHERE k.decision_id = d.id AND k.status = 'overdue')::bigint, "
    "(SELECT count(*) FROM conditions k WHERE k.decision_id = d.id AND k.status = 'breached')::bigint, "
    "(SELECT count(*) FROM conditions k WHERE k.decision_id = d.id AND k.status = 'waived')::bigint "
    "FROM cases c LEFT JOIN decisions d ON d.case_id = c.id AND d.annulled_by_appeal IS NULL "
    "LEFT JOIN LATERAL (SELECT grant_type, amount_sek FROM applications WHERE case_id = c.id "
    "  ORDER BY revision DESC LIMIT 1) a ON true "
    "LEFT JOIN LATERAL (SELECT result_json, democracy_flag FROM screenings WHERE case_id = c.id "
    "  AND screened_at <= coalesce(d.decided_at, 'infinity') ORDER BY id DESC LIMIT 1) s ON true WHERE c.id = :id";

#define GRANSKA_RUN_COLUMNS                                                                                 \
  "SELECT id::bigint, period_from::text, period_to::text, sample_size::bigint, seed::bigint, population::bigint, " \
  "criteria::text, status, " GRANSKA_ISO("created_at") ", created_by::bigint, " GRANSKA_ISO("signed_off_at")   \
  ", signed_off_by::bigint, coalesce(sign_off_note, '') FROM audit_runs "
constexpr const char* kFindRun = GRANSKA_RUN_COLUMNS "WHERE id = :id";
constexpr const char* kFindRunLocked = GRANSKA_RUN_COLUMNS "WHERE id = :id FOR UPDATE";
constexpr const char* kRuns = GRANSKA_RUN_COLUMNS "ORDER BY id DESC LIMIT 200";

constexpr const char* kItems =
    "SELECT i.id::bigint, i.case_id::bigint, c.case_number, c.organisation_name, i.position::bigint, i.why, "
    "i.risk_criteria::text, "
    "i.checklist::text FROM audit_items i JOIN cases c ON c.id = i.case_id WHERE i.run_id = :r ORDER BY i.position";
constexpr const char* kFindings =
    "SELECT f.id::bigint, f.item_id::bigint, f.severity, f.text, u.name, " GRANSKA_ISO("f.recorded_at")
    " FROM audit_findings f JOIN audit_items i ON i.id = f.item_id JOIN users u ON u.id = f.recorded_by "
    "WHERE i.run_id = :r ORDER BY f.id";
constexpr const char* kItemId = "SELECT id FROM audit_items WHERE run_id = :r AND case_id = :c";
constexpr const char* kInsertFinding =
    "INSERT INTO audit_findings (item_id, severity, text, recorded_by) VALUES (:i, :s, :t, :by) RETURNING id";
constexpr const char* kSignOff =
    "UPDATE audit_runs SET status = 'signed_off', signed_off_by = :by, signed_off_at = now(), sign_off_note = :n "
    "WHERE id = :id";

// Every decision taken in the period, also those a court has since annulled (they were taken,
// and the board was told of them); the last column says which. Advice counts towards the
// first decision taken after it, conditions towards the decision that set them, so that a case
// decided again after an annulment is not counted twice.
#define GRANSKA_ADVICE_BEFORE(recommendation)                                                        \
  "(SELECT count(*) FROM advice v WHERE v.case_id = c.id AND " recommendation " AND v.given_at <= d.decided_at " \
  "AND NOT EXISTS (SELECT 1 FROM decisions p WHERE p.case_id = c.id AND p.decided_at >= v.given_at "    \
  "AND p.decided_at < d.decided_at))::bigint, "
#define GRANSKA_CONDITIONS_OF_DECISION(status) \
  "(SELECT count(*) FROM conditions k WHERE k.decision_id = d.id AND k.status = '" status "')::bigint"
constexpr const char* kDecisions =
    "SELECT c.id::bigint, c.case_number, c.kind, coalesce(a.grant_type, ''), d.outcome, d.amount_sek::bigint, "
    "c.submitted_on::text, d.decided_on::text, EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id)::int, "
    GRANSKA_ADVICE_BEFORE("v.recommendation = 'approve'")
    GRANSKA_ADVICE_BEFORE("v.recommendation = 'approve_with_conditions'")
    GRANSKA_ADVICE_BEFORE("v.recommendation = 'reject'")
    GRANSKA_ADVICE_BEFORE("v.recommendation = 'insufficient_basis'")
    GRANSKA_ADVICE_BEFORE("v.recusal")
    GRANSKA_CONDITIONS_OF_DECISION("pending") ", " GRANSKA_CONDITIONS_OF_DECISION("fulfilled") ", "
    GRANSKA_CONDITIONS_OF_DECISION("overdue") ", " GRANSKA_CONDITIONS_OF_DECISION("breached") ", "
    GRANSKA_CONDITIONS_OF_DECISION("waived") ", (d.annulled_by_appeal IS NOT NULL)::int "
    "FROM decisions d JOIN cases c ON c.id = d.case_id "
    "LEFT JOIN LATERAL (SELECT grant_type FROM applications WHERE case_id = c.id ORDER BY revision DESC LIMIT 1) a "
    "ON true WHERE d.decided_on BETWEEN :f::date AND :t::date ORDER BY d.decided_on, c.id, d.id";
#undef GRANSKA_ADVICE_BEFORE
#undef GRANSKA_CONDITIONS_OF_DECISION

constexpr const char* kRevocations =
    "SELECT c.id::bigint, c.case_number, c.organisation_name, c.kind, v.status, " GRANSKA_ISO("v.communicated_at") ", "
    "coalesce(v.revoked_on, v.dropped_on)::text, v.democracy_reason::int, v.repayment_sek::bigint, "
    "v.repayment_due::text FROM revocations v JOIN cases c ON c.id = v.case_id "
    "WHERE (v.communicated_at >= :f::date - 1 AND v.communicated_at < :t::date + 2) "
    "OR v.revoked_on BETWEEN :f2::date AND :t2::date OR v.dropped_on BETWEEN :f3::date AND :t3::date "
    "ORDER BY v.communicated_at, v.id";

constexpr const char* kAppeals =
    "SELECT c.id::bigint, c.case_number, c.organisation_name, CASE WHEN a.revocation_id IS NULL THEN 'decision' ELSE "
    "'revocation' END, a.lodged_on::text, a.appellant_kind, a.court, coalesce(a.outcome, ''), a.outcome_on::text "
    "FROM appeals a JOIN cases c ON c.id = a.case_id "
    "WHERE a.lodged_on BETWEEN :f::date AND :t::date OR a.outcome_on BETWEEN :f2::date AND :t2::date "
    "ORDER BY a.lodged_on, a.id";

constexpr const char* kSubmissions =
    "SELECT to_char(c.submitted_on, 'YYYY-MM'), c.kind, count(*)::bigint, "
    "count(*) FILTER (WHERE EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id))::bigint "
    "FROM cases c WHERE c.submitted_on BETWEEN :f::date AND :t::date GROUP BY 1, 2 ORDER BY 1, 2";

constexpr const char* kStatistics =
    "SELECT to_char(c.submitted_on, 'YYYY-MM'), c.kind, coalesce(a.grant_type, ''), "
    "coalesce(c.organisation_district, ''), coalesce(d.outcome, c.status), count(*)::bigint "
    "FROM cases c "
    "LEFT JOIN decisions d ON d.case_id = c.id AND d.annulled_by_appeal IS NULL "
    "LEFT JOIN LATERAL (SELECT grant_type FROM applications WHERE case_id = c.id ORDER BY revision DESC LIMIT 1) a "
    "ON true WHERE c.submitted_on BETWEEN :f::date AND :t::date GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5";

workflow::AuditRun ReadRun(const soci::row& r) {
  workflow::AuditRun run;
  run.id = BigInt(r, 0);
  run.period_from = domain::Date::Parse(Text(r, 1)).value_or(domain::Date());
  run.period_to = domain::Date::Parse(Text(r, 2)).value_or(domain::Date());
  run.sample_size = static_cast<int>(BigInt(r, 3));
  run.seed = BigInt(r, 4);
  run.population = static_cast<int>(BigInt(r, 5));
  run.criteria_json = Text(r, 6);
  run.status = Text(r, 7);
  run.created_at = Text(r, 8);
  run.created_by = BigInt(r, 9);
  run.signed_off_at = OptText(r, 10);
  if (auto b = OptBigInt(r, 11)) run.signed_off_by = *b;
  run.sign_off_note = Text(r, 12);
  return run;
}

int Int(const soci::row& r, std::size_t i) { return static_cast<int>(BigInt(r, i)); }

}  // namespace

std::vector<domain::AuditCandidate> PgAuditRepository::Candidates(domain::Date from, domain::Date to) {
  std::string f = from.ToString(), t = to.ToString();
  std::vector<domain::AuditCandidate> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kCandidates, soci::use(f), soci::use(t));
  for (const auto& r : rs) {
    domain::AuditCandidate c;
    c.case_id = BigInt(r, 0);
    c.amount_sek = BigInt(r, 1);
    if (auto m = OptBigInt(r, 2)) c.member_count = *m;
    if (auto p = OptBigInt(r, 3)) c.previous_member_count = *p;
    c.screening_notes = Bool(r, 4);
    c.conditions_unmet = Bool(r, 5);
    c.referred = Bool(r, 6);
    out.push_back(c);
  }
  return out;
}

std::int64_t PgAuditRepository::InsertRun(const workflow::AuditRun& run) {
  std::string f = run.period_from.ToString(), t = run.period_to.ToString();
  long long seed = run.seed, by = run.created_by, id = 0;
  int n = run.sample_size, p = run.population;
  sql_ << kInsertRun, soci::use(f), soci::use(t), soci::use(n), soci::use(seed), soci::use(run.criteria_json),
      soci::use(p), soci::use(by), soci::into(id);
  return id;
}

void PgAuditRepository::InsertItem(std::int64_t run_id, const domain::AuditPick& pick, int position,
                                   const std::string& criteria_json, const std::string& checklist_json) {
  long long r = run_id, c = pick.case_id;
  std::string why = pick.risk ? "risk" : "random";
  sql_ << kInsertItem, soci::use(r), soci::use(c), soci::use(position), soci::use(why), soci::use(criteria_json),
      soci::use(checklist_json);
}

workflow::ChecklistFacts PgAuditRepository::Checklist(std::int64_t case_id) {
  long long id = case_id;
  workflow::ChecklistFacts f;
  soci::rowset<soci::row> rs = (sql_.prepare << kChecklist, soci::use(id));
  for (const auto& r : rs) {
    f.kind = Text(r, 0);
    f.grant_type = Text(r, 1);
    f.ge2 = OptText(r, 2);
    f.ge9 = OptText(r, 3);
    f.outcome = Text(r, 4);
    if (auto a = OptBigInt(r, 5)) f.amount_sek = *a;
    if (auto a = OptBigInt(r, 6)) f.applied_sek = *a;
    f.reasons = Text(r, 7);
    f.special_reasons = Text(r, 8);
    f.democracy_flag = Bool(r, 9);
    f.communicated = Bool(r, 10);
    f.conditions_pending = Int(r, 11);
    f.conditions_fulfilled = Int(r, 12);
    f.conditions_overdue = Int(r, 13);
    f.conditions_breached = Int(r, 14);
    f.conditions_waived = Int(r, 15);
  }
  return f;
}

std::optional<workflow::AuditRun> PgAuditRepository::FindRun(std::int64_t id, bool lock) {
  return FirstRowById(sql_, lock ? kFindRunLocked : kFindRun, id, ReadRun);
}

std::vector<workflow::AuditRun> PgAuditRepository::Runs() {
  std::vector<workflow::AuditRun> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kRuns);
  for (const auto& r : rs) out.push_back(ReadRun(r));
  return out;
}

std::vector<workflow::AuditItem> PgAuditRepository::Items(std::int64_t run_id) {
  long long r0 = run_id;
  std::vector<workflow::AuditItem> out;
  {
    soci::rowset<soci::row> rs = (sql_.prepare << kItems, soci::use(r0));
    for (const auto& r : rs) {
      workflow::AuditItem i;
      i.id = BigInt(r, 0);
      i.case_id = BigInt(r, 1);
      i.case_number = Text(r, 2);
      i.organisation_name = Text(r, 3);
      i.position = Int(r, 4);
      i.why = Text(r, 5);
      i.risk_criteria_json = Text(r, 6);
      i.checklist_json = Text(r, 7);
      out.push_back(std::move(i));
    }
  }
  long long r1 = run_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kFindings, soci::use(r1));
  for (const auto& r : rs) {
    const long long item = BigInt(r, 1);
    for (auto& i : out)
      if (i.id == item) i.findings.push_back({BigInt(r, 0), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5)});
  }
  return out;
}

std::optional<std::int64_t> PgAuditRepository::ItemId(std::int64_t run_id, std::int64_t case_id) {
  long long r = run_id, c = case_id, id = 0;
  soci::indicator ind = soci::i_null;
  sql_ << kItemId, soci::use(r), soci::use(c), soci::into(id, ind);
  if (!sql_.got_data() || ind != soci::i_ok) return std::nullopt;
  return id;
}

std::int64_t PgAuditRepository::InsertFinding(std::int64_t item_id, const std::string& severity,
                                              const std::string& text, std::int64_t by) {
  long long i = item_id, b = by, id = 0;
  sql_ << kInsertFinding, soci::use(i), soci::use(severity), soci::use(text), soci::use(b), soci::into(id);
  return id;
}

void PgAuditRepository::SignOff(std::int64_t run_id, std::int64_t by, const std::string& note) {
  long long r = run_id, b = by;
  sql_ << kSignOff, soci::use(b), soci::use(note), soci::use(r);
}

std::vector<workflow::RevocationRow> PgAuditRepository::Revocations(domain::Date from, domain::Date to) {
  std::vector<workflow::RevocationRow> out;
  const std::string f = from.ToString(), t = to.ToString();
  soci::rowset<soci::row> rs =
      (sql_.prepare << kRevocations, soci::use(f), soci::use(t), soci::use(f), soci::use(t), soci::use(f), soci::use(t));
  for (const auto& r : rs) {
    workflow::RevocationRow v;
    v.case_id = BigInt(r, 0);
    v.case_number = Text(r, 1);
    v.organisation_name = Text(r, 2);
    v.kind = Text(r, 3);
    v.status = Text(r, 4);
    v.communicated_at = Text(r, 5);
    if (auto d = OptText(r, 6)) v.settled_on = domain::Date::Parse(*d);
    v.democracy_reason = Bool(r, 7);
    v.repayment_sek = BigInt(r, 8);
    if (auto d = OptText(r, 9)) v.repayment_due = domain::Date::Parse(*d);
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<workflow::AppealRow> PgAuditRepository::Appeals(domain::Date from, domain::Date to) {
  std::vector<workflow::AppealRow> out;
  const std::string f = from.ToString(), t = to.ToString();
  soci::rowset<soci::row> rs = (sql_.prepare << kAppeals, soci::use(f), soci::use(t), soci::use(f), soci::use(t));
  for (const auto& r : rs) {
    workflow::AppealRow a;
    a.case_id = BigInt(r, 0);
    a.case_number = Text(r, 1);
    a.organisation_name = Text(r, 2);
    a.appealed_kind = Text(r, 3);
    a.lodged_on = domain::Date::Parse(Text(r, 4)).value_or(domain::Date());
    a.appellant_kind = Text(r, 5);
    a.court = Text(r, 6);
    a.outcome = Text(r, 7);
    if (auto d = OptText(r, 8)) a.outcome_on = domain::Date::Parse(*d);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<workflow::DecisionRow> PgAuditRepository::Decisions(domain::Date from, domain::Date to) {
  std::string f = from.ToString(), t = to.ToString();
  std::vector<workflow::DecisionRow> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kDecisions, soci::use(f), soci::use(t));
  for (const auto& r : rs) {
    workflow::DecisionRow d;
    d.case_id = BigInt(r, 0);
    d.case_number = Text(r, 1);
    d.kind = Text(r, 2);
    d.grant_type = Text(r, 3);
    d.outcome = Text(r, 4);
    if (auto a = OptBigInt(r, 5)) d.amount_sek = *a;
    d.submitted_on = domain::Date::Parse(Text(r, 6)).value_or(domain::Date());
    d.decided_on = domain::Date::Parse(Text(r, 7)).value_or(domain::Date());
    d.referred = Bool(r, 8);
    d.advice_approve = Int(r, 9);
    d.advice_conditions = Int(r, 10);
    d.advice_reject = Int(r, 11);
    d.advice_insufficient = Int(r, 12);
    d.recusals = Int(r, 13);
    d.conditions_pending = Int(r, 14);
    d.conditions_fulfilled = Int(r, 15);
    d.conditions_overdue = Int(r, 16);
    d.conditions_breached = Int(r, 17);
    d.conditions_waived = Int(r, 18);
    d.annulled = Bool(r, 19);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<workflow::SubmissionMonth> PgAuditRepository::Submissions(domain::Date from, domain::Date to) {
  std::string f = from.ToString(), t = to.ToString();
  std::vector<workflow::SubmissionMonth> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kSubmissions, soci::use(f), soci::use(t));
  for (const auto& r : rs) out.push_back({Text(r, 0), Text(r, 1), Int(r, 2), Int(r, 3)});
  return out;
}

std::vector<workflow::StatisticsRow> PgAuditRepository::Statistics(domain::Date from, domain::Date to) {
  std::string f = from.ToString(), t = to.ToString();
  std::vector<workflow::StatisticsRow> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kStatistics, soci::use(f), soci::use(t));
  for (const auto& r : rs) out.push_back({Text(r, 0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Int(r, 5)});
  return out;
}

}  // namespace granska::store
