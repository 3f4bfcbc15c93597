#include "store/pg_follow_up_repository.hpp"

#include <soci/soci.h>

#include "store/follow_up_sql.hpp"
#include "store/prepared.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

#define GRANSKA_CONDITION_VIEW \
  "SELECT k.id::bigint, k.case_id::bigint, k.kind, k.due::text, k.description, k.status, c.case_number, "   \
  "o.org_number, c.organisation_name, coalesce(k.evidence, ''), " GRANSKA_ISO("k.closed_at")                               \
  " FROM conditions k JOIN cases c ON c.id = k.case_id JOIN organisations o ON o.id = c.organisation_id "

constexpr const char* kList = GRANSKA_CONDITION_VIEW
    "WHERE k.status = coalesce(:st::text, k.status) AND k.due < coalesce(:due::date, 'infinity'::date) "
    "AND o.org_number = coalesce(:o::text, o.org_number) AND k.case_id = coalesce(:c::bigint, k.case_id) "
    "AND k.id > coalesce(:after::bigint, 0) "
    // The advisory group's filter (ConditionFilter::group_member): the rule of the case list's.
    "AND (:gm::bigint IS NULL OR (EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = k.case_id) "
    "AND NOT EXISTS (SELECT 1 FROM advice a WHERE a.case_id = k.case_id AND a.member_id = :gm2::bigint "
    "AND a.recusal))) ORDER BY k.id LIMIT :lim";
constexpr const char* kLock = GRANSKA_CONDITION_VIEW "WHERE k.id = :id FOR UPDATE OF k";
constexpr const char* kClose =
    "UPDATE conditions SET status = :s, evidence = :e, closed_by = :by, closed_at = now() WHERE id = :id";
// Only conditions the revocation itself waived: an officer's own waiver stays.
constexpr const char* kReinstateWaivedBy =
    "UPDATE conditions k SET status = CASE WHEN k.due < :t::date THEN 'overdue' ELSE 'pending' END, "
    "overdue_since = CASE WHEN k.due < :t2::date THEN :t3::date END, evidence = NULL, closed_by = NULL, "
    "closed_at = NULL WHERE k.case_id = :c AND k.status = 'waived' AND EXISTS (SELECT 1 FROM events e "
    "WHERE e.case_id = :c2 AND e.event = 'condition_waived' AND e.detail->>'condition_id' = k.id::text "
    "AND e.detail->>'revocation_id' = :r::text) "
    "RETURNING k.id::bigint, k.case_id::bigint, k.kind, k.due::text, k.description, k.status";
constexpr const char* kMarkOverdue =
    "UPDATE conditions SET status = 'overdue', overdue_since = :t::date WHERE status = 'pending' AND due < :t2::date "
    "RETURNING id::bigint, case_id::bigint, kind, due::text, description, status";

#define GRANSKA_REMINDER_COLUMNS                                                                                    \
  "SELECT k.id::bigint, k.case_id::bigint, k.kind, k.due::text, k.description, k.status, c.case_number, "       \
  "c.organisation_name, "                                                                                          \
  "coalesce((SELECT a.contact_email FROM applications a WHERE a.case_id = c.id ORDER BY a.revision DESC LIMIT 1), " \
  "''), "                                                                                                           \
  "coalesce((SELECT u.name FROM users u WHERE u.id = c.assigned_to), "                                             \
  "(SELECT u.name FROM decisions d JOIN users u ON u.id = d.decided_by WHERE d.case_id = c.id "                    \
  "ORDER BY d.id DESC LIMIT 1), '') "                                                                               \
  "FROM conditions k JOIN cases c ON c.id = k.case_id "

// Without this, every tick re-read every due or overdue condition and tried its outbox insert
// again (37 000 statements a tick at 100 000 cases, bench/RESULTS.md); the unique dedupe key
// is one index probe.
#define GRANSKA_NOT_REMINDED "AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.dedupe_key = :p || k.id::text)"

constexpr const char* kDueSoon = GRANSKA_REMINDER_COLUMNS
    "WHERE k.status = 'pending' AND k.due >= :t::date AND k.due <= :t2::date + :d::int " GRANSKA_NOT_REMINDED
    " ORDER BY k.id";
constexpr const char* kOverdue =
    GRANSKA_REMINDER_COLUMNS "WHERE k.status = 'overdue' " GRANSKA_NOT_REMINDED " ORDER BY k.id";

constexpr const char* kEnqueue =
    "INSERT INTO outbox (dedupe_key, case_id, to_address, subject, body) VALUES (:k, :c, :t, :s, :b) "
    "ON CONFLICT (dedupe_key) DO NOTHING";
// A reminder's key names its condition (follow_up.cpp): its status comes with the message, so
// that a reminder for a condition closed since it was queued is withdrawn, not sent.
constexpr const char* kClaim =
    "SELECT m.id::bigint, m.case_id::bigint, m.dedupe_key, m.to_address, m.subject, m.body, m.attempts::bigint, "
    "CASE WHEN r.condition_id IS NULL THEN NULL ELSE coalesce(k.status, '') END FROM outbox m "
    "LEFT JOIN LATERAL (SELECT substring(m.dedupe_key FROM '^reminder-(?:due|overdue):([0-9]{1,18})$')::bigint "
    "AS condition_id) r ON true LEFT JOIN conditions k ON k.id = r.condition_id "
    "WHERE m.sent_at IS NULL AND m.next_attempt_at <= now() AND m.id > :after ORDER BY m.id LIMIT 1 "
    "FOR UPDATE OF m SKIP LOCKED";
constexpr const char* kWithdraw = "DELETE FROM outbox WHERE id = :id AND sent_at IS NULL";
constexpr const char* kMarkSent =
    "UPDATE outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = :id";
constexpr const char* kMarkFailed =
    "UPDATE outbox SET attempts = attempts + 1, last_error = :e, "
    "next_attempt_at = now() + make_interval(secs => :s) WHERE id = :id";

constexpr const char* kOrganisationConditions =
    "SELECT c.case_number, k.id::bigint, k.case_id::bigint, k.kind, k.due::text, k.description, k.status "
    "FROM conditions k JOIN cases c ON c.id = k.case_id JOIN organisations o ON o.id = c.organisation_id "
    "WHERE o.org_number = :o ORDER BY k.id";

constexpr const char* kCalendar =
    "SELECT b.case_id::bigint, c.case_number, c.organisation_name, b.status, " GRANSKA_ISO("b.starts_at") ", " GRANSKA_ISO(
        "b.ends_at") " FROM bookings b JOIN cases c ON c.id = b.case_id "
    "WHERE b.premises_id = :p AND b.status IN ('pending', 'approved') AND b.starts_at < :to::timestamptz "
    "AND b.ends_at > :from::timestamptz ORDER BY b.starts_at";

constexpr const char* kInsertInspection =
    "INSERT INTO inspections (case_id, premises_id, requested_by, planned_on, reason) "
    "SELECT :c, (SELECT premises_id FROM bookings WHERE case_id = :c2), :by, :d::date, :r RETURNING id";
#define GRANSKA_INSPECTION_COLUMNS                                                                                \
  "SELECT id::bigint, case_id::bigint, coalesce(premises_id, ''), planned_on::text, reason, performed_on::text, " \
  "coalesce(findings, ''), coalesce(outcome, ''), condition_id::bigint, incident_id::bigint FROM inspections "
constexpr const char* kLockInspection = GRANSKA_INSPECTION_COLUMNS "WHERE id = :id FOR UPDATE";
constexpr const char* kFindInspection = GRANSKA_INSPECTION_COLUMNS "WHERE id = :id";
constexpr const char* kInspectionsFor = GRANSKA_INSPECTION_COLUMNS "WHERE case_id = :c ORDER BY id";
constexpr const char* kRecordFindings =
    "UPDATE inspections SET performed_on = :d::date, findings = :f, outcome = :o, recorded_by = :by, "
    "condition_id = :k, incident_id = :i WHERE id = :id";

// Closing (workflow/case_closing.hpp): the candidates a page at a time, in id order, and the
// same test again for one case under its row lock.
constexpr const char* kFollowUpOverPage =
    GRANSKA_FOLLOW_UP_OVER("c.id > :after::bigint", "ORDER BY c.id LIMIT :lim::int");
constexpr const char* kFollowUpOverOne = GRANSKA_FOLLOW_UP_OVER("c.id = :id::bigint", "");

template <typename Row>
domain::Condition ReadCondition(const Row& r, std::size_t at = 0) {
  domain::Condition c;
  c.id = BigInt(r, at);
  c.case_id = BigInt(r, at + 1);
  c.kind = domain::ParseConditionKind(Text(r, at + 2)).value_or(domain::ConditionKind::kCustom);
  c.due = domain::Date::Parse(Text(r, at + 3)).value_or(domain::Date());
  c.description = Text(r, at + 4);
  c.status = Text(r, at + 5);
  return c;
}

workflow::ConditionView ReadView(const soci::row& r) {
  workflow::ConditionView v;
  v.condition = ReadCondition(r);
  v.case_number = Text(r, 6);
  v.org_number = Text(r, 7);
  v.organisation_name = Text(r, 8);
  v.evidence = Text(r, 9);
  v.closed_at = OptText(r, 10);
  return v;
}

workflow::Inspection ReadInspection(const soci::row& r) {
  workflow::Inspection i;
  i.id = BigInt(r, 0);
  i.case_id = BigInt(r, 1);
  i.premises_id = Text(r, 2);
  i.planned_on = domain::Date::Parse(Text(r, 3)).value_or(domain::Date());
  i.reason = Text(r, 4);
  if (auto d = OptText(r, 5)) i.performed_on = domain::Date::Parse(*d);
  i.findings = Text(r, 6);
  i.outcome = Text(r, 7);
  if (auto k = OptBigInt(r, 8)) i.condition_id = *k;
  if (auto x = OptBigInt(r, 9)) i.incident_id = *x;
  return i;
}

}  // namespace

workflow::Page<workflow::ConditionView> PgFollowUpRepository::ListConditions(const workflow::ConditionFilter& f) {
  Nullable<std::string> status(f.status), org(f.org_number);
  Nullable<std::string> due(f.due_before ? std::optional<std::string>(f.due_before->ToString()) : std::nullopt);
  Nullable<long long> c(f.case_id), after(f.after), gm(f.group_member), gm2(f.group_member);
  int limit = f.limit + 1;
  soci::rowset<soci::row> rs =
      (sql_.prepare << kList, soci::use(status.value, status.ind), soci::use(due.value, due.ind),
       soci::use(org.value, org.ind), soci::use(c.value, c.ind), soci::use(after.value, after.ind),
       soci::use(gm.value, gm.ind), soci::use(gm2.value, gm2.ind), soci::use(limit));
  return ReadPage<workflow::ConditionView>(rs, f.limit, ReadView,
                                           [](const workflow::ConditionView& x) { return x.condition.id; });
}

std::optional<workflow::ConditionView> PgFollowUpRepository::LockCondition(std::int64_t id) {
  return FirstRowById(sql_, kLock, id, ReadView);
}

std::optional<std::int64_t> PgFollowUpRepository::ConditionCase(std::int64_t id) {
  return FirstRowById(sql_, "SELECT case_id::bigint FROM conditions WHERE id = :id", id,
                      [](const soci::row& r) { return BigInt(r, 0); });
}

void PgFollowUpRepository::CloseCondition(std::int64_t id, const std::string& status, const std::string& evidence,
                                          std::int64_t closed_by) {
  long long v = id, by = closed_by;
  sql_ << kClose, soci::use(status), soci::use(evidence), soci::use(by), soci::use(v);
}

std::vector<domain::Condition> PgFollowUpRepository::ReinstateWaivedBy(std::int64_t case_id, std::int64_t revocation_id,
                                                                       domain::Date today) {
  const std::string t = today.ToString(), t2 = t, t3 = t, r = std::to_string(revocation_id);
  long long c = case_id, c2 = case_id;
  std::vector<domain::Condition> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kReinstateWaivedBy, soci::use(t), soci::use(t2), soci::use(t3),
                                soci::use(c), soci::use(c2), soci::use(r));
  for (const auto& row : rs) out.push_back(ReadCondition(row));
  return out;
}

std::vector<domain::Condition> PgFollowUpRepository::MarkOverdue(domain::Date today) {
  std::string t = today.ToString(), t2 = t;
  std::vector<domain::Condition> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kMarkOverdue, soci::use(t), soci::use(t2));
  for (const auto& r : rs) out.push_back(ReadCondition(r));
  return out;
}

static std::vector<workflow::ReminderTarget> ReadTargets(soci::rowset<soci::row>& rs) {
  std::vector<workflow::ReminderTarget> out;
  for (const auto& r : rs) {
    workflow::ReminderTarget t;
    t.condition = ReadCondition(r);
    t.case_number = Text(r, 6);
    t.organisation_name = Text(r, 7);
    t.email = Text(r, 8);
    t.officer_name = Text(r, 9);
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<workflow::ReminderTarget> PgFollowUpRepository::DueSoon(domain::Date today, int days,
                                                                    const std::string& key_prefix) {
  std::string t = today.ToString(), t2 = t;
  soci::rowset<soci::row> rs =
      (sql_.prepare << kDueSoon, soci::use(t), soci::use(t2), soci::use(days), soci::use(key_prefix));
  return ReadTargets(rs);
}

std::vector<workflow::ReminderTarget> PgFollowUpRepository::Overdue(const std::string& key_prefix) {
  soci::rowset<soci::row> rs = (sql_.prepare << kOverdue, soci::use(key_prefix));
  return ReadTargets(rs);
}

bool PgFollowUpRepository::Enqueue(const std::string& key, std::optional<std::int64_t> case_id, const std::string& to,
                                   const std::string& subject, const std::string& body) {
  Nullable<long long> c(case_id);
  soci::statement st = (sql_.prepare << kEnqueue, soci::use(key), soci::use(c.value, c.ind), soci::use(to),
                        soci::use(subject), soci::use(body));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<workflow::OutboxMessage> PgFollowUpRepository::ClaimNextMail(std::int64_t after) {
  long long a = after;
  soci::rowset<soci::row> rs = (sql_.prepare << kClaim, soci::use(a));
  for (const auto& r : rs) {
    workflow::OutboxMessage m;
    m.id = BigInt(r, 0);
    m.case_id = OptBigInt(r, 1);
    m.dedupe_key = Text(r, 2);
    m.to = Text(r, 3);
    m.subject = Text(r, 4);
    m.body = Text(r, 5);
    m.attempts = static_cast<int>(BigInt(r, 6));
    if (r.get_indicator(7) != soci::i_null) m.condition_status = r.get<std::string>(7);
    return m;
  }
  return std::nullopt;
}

void PgFollowUpRepository::MarkSent(std::int64_t id) {
  long long v = id;
  sql_ << kMarkSent, soci::use(v);
}

void PgFollowUpRepository::WithdrawMail(std::int64_t id) {
  long long v = id;
  sql_ << kWithdraw, soci::use(v);
}

void PgFollowUpRepository::MarkFailed(std::int64_t id, const std::string& error, int retry_in_seconds) {
  long long v = id;
  sql_ << kMarkFailed, soci::use(error), soci::use(retry_in_seconds), soci::use(v);
}

std::vector<std::pair<std::string, domain::Condition>> PgFollowUpRepository::OrganisationConditions(
    const std::string& org_number) {
  std::vector<std::pair<std::string, domain::Condition>> out;
  // Every screening asks this: a prepared statement of the connection (store/prepared.hpp).
  const auto rows = Prepared(sql_, kOrganisationConditions, {org_number});
  for (int i = 0; i < rows.Size(); ++i) out.emplace_back(Text(PgRow{rows, i}, 0), ReadCondition(PgRow{rows, i}, 1));
  return out;
}

std::vector<workflow::BookingSlot> PgFollowUpRepository::Calendar(const std::string& premises_id,
                                                                  const domain::Instant& from,
                                                                  const domain::Instant& to) {
  std::string f = from.ToString(), t = to.ToString();
  std::vector<workflow::BookingSlot> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kCalendar, soci::use(premises_id), soci::use(t), soci::use(f));
  for (const auto& r : rs) out.push_back({BigInt(r, 0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5)});
  return out;
}

std::int64_t PgFollowUpRepository::InsertInspection(const workflow::Inspection& i, std::int64_t requested_by) {
  long long c = i.case_id, c2 = i.case_id, by = requested_by, id = 0;
  std::string d = i.planned_on.ToString();
  sql_ << kInsertInspection, soci::use(c), soci::use(c2), soci::use(by), soci::use(d), soci::use(i.reason),
      soci::into(id);
  return id;
}

std::optional<workflow::Inspection> PgFollowUpRepository::LockInspection(std::int64_t id) {
  return FirstRowById(sql_, kLockInspection, id, ReadInspection);
}

std::optional<workflow::Inspection> PgFollowUpRepository::FindInspection(std::int64_t id) {
  return FirstRowById(sql_, kFindInspection, id, ReadInspection);
}

void PgFollowUpRepository::RecordFindings(const workflow::Inspection& i, std::int64_t recorded_by) {
  long long id = i.id, by = recorded_by;
  std::string d = i.performed_on ? i.performed_on->ToString() : std::string();
  Nullable<long long> k(i.condition_id), x(i.incident_id);
  sql_ << kRecordFindings, soci::use(d), soci::use(i.findings), soci::use(i.outcome), soci::use(by),
      soci::use(k.value, k.ind), soci::use(x.value, x.ind), soci::use(id);
}

std::vector<workflow::Inspection> PgFollowUpRepository::InspectionsFor(std::int64_t case_id) {
  return RowsById(sql_, kInspectionsFor, case_id, ReadInspection);
}

std::vector<std::int64_t> PgFollowUpRepository::CasesWithFollowUpOver(domain::Date today, std::int64_t today_starts,
                                                                      std::int64_t after, int limit) {
  const auto rows =
      Prepared(sql_, kFollowUpOverPage,
               {today.ToString(), static_cast<long long>(today_starts), static_cast<long long>(after), limit});
  std::vector<std::int64_t> ids;
  ids.reserve(static_cast<std::size_t>(rows.Size()));
  for (int i = 0; i < rows.Size(); ++i) ids.push_back(BigInt(PgRow{rows, i}, 0));
  return ids;
}

std::optional<workflow::FollowUpOver> PgFollowUpRepository::CheckFollowUpOver(std::int64_t case_id, domain::Date today,
                                                                              std::int64_t today_starts) {
  const auto rows = Prepared(sql_, kFollowUpOverOne,
                             {today.ToString(), static_cast<long long>(today_starts), static_cast<long long>(case_id)});
  if (rows.Empty()) return std::nullopt;
  const PgRow r{rows, 0};
  workflow::FollowUpOver f;
  f.case_id = BigInt(r, 0);
  f.outcome = domain::ParseDecisionOutcome(Text(r, 1)).value_or(domain::DecisionOutcome::kRejected);
  if (f.outcome != domain::DecisionOutcome::kRejected) {
    f.support_end = Text(r, 2);
    if (auto d = OptText(r, 3)) f.support_ended_on = domain::Date::Parse(*d);
    if (auto e = OptBigInt(r, 4)) f.booking_ended_at = *e;
  }
  if (auto d = OptText(r, 5)) f.last_day_to_appeal = domain::Date::Parse(*d);
  f.conditions_fulfilled = static_cast<int>(BigInt(r, 6));
  f.conditions_waived = static_cast<int>(BigInt(r, 7));
  f.conditions_breached = static_cast<int>(BigInt(r, 8));
  return f;
}

}  // namespace granska::store
