#include "store/pg_case_repository.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <stdexcept>

#include "domain/text.hpp"
#include "store/pg_event_log.hpp"
#include "store/prepared.hpp"
#include "store/row_reader.hpp"
#include "workflow/facts_snapshot.hpp"

namespace granska::store {
namespace {

// Numbering after commit (workflow/case_numbering.hpp, migration 0014).
constexpr const char* kLockCounter = "SELECT last_value FROM case_number_counters WHERE year = :y FOR UPDATE";
constexpr const char* kCreateCounter =
    "INSERT INTO case_number_counters (year, last_value) VALUES (:y, 0) ON CONFLICT (year) DO NOTHING";
// One statement numbers the year's waiting cases, logs them and moves the counter: the
// counter is held for one round trip and the commit. The number is the year and the
// sequence, at least five digits; the event is the one EventLog::Append writes for the
// system actor.
constexpr const char* kNumberWaiting =
    "WITH waiting AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM cases "
    "  WHERE year = :y AND case_number IS NULL), "
    "counter AS (SELECT last_value FROM case_number_counters WHERE year = :y2), "
    "numbered AS (UPDATE cases c SET sequence = k.last_value + w.n, "
    "  case_number = lpad(c.year::text, 4, '0') || '-' || "
    "    lpad((k.last_value + w.n)::text, greatest(5, length((k.last_value + w.n)::text)), '0') "
    "  FROM waiting w, counter k WHERE c.id = w.id AND c.case_number IS NULL "
    "  RETURNING c.id, c.case_number, c.sequence), "
    "logged AS (INSERT INTO events (case_id, actor_id, actor_name, actor_role, event, detail) "
    "  SELECT id, NULL, 'system', 'system', 'numbered', jsonb_build_object('case_number', case_number) "
    "  FROM numbered ORDER BY id), "
    "moved AS (UPDATE case_number_counters SET last_value = (SELECT max(sequence) FROM numbered) "
    "  WHERE year = :y3 AND EXISTS (SELECT 1 FROM numbered)) "
    "SELECT id::bigint, case_number FROM numbered";
constexpr const char* kYearsWithUnnumbered =
    "SELECT DISTINCT year FROM cases WHERE case_number IS NULL ORDER BY year";
constexpr const char* kCaseNumbers =
    "SELECT id::bigint, case_number FROM cases WHERE id = ANY(:ids::bigint[]) AND case_number IS NOT NULL";

// A submission's writes in one statement and one round trip (workflow/ports.hpp, NewCase;
// bench/RESULTS.md, "http"): the organisation upserted by org number, the case already
// routed, its first application, its booking and its screening when it has them, and its
// events in order (the columns EventLog::Append writes). Foreign keys are checked at the end
// of the statement, when the case row exists.
#define GRANSKA_INSERT_CASE_CTES \
    "WITH o AS (INSERT INTO organisations (org_number, name, municipality, district) VALUES (:o, :n, :m, nullif(:d, '')) " \
    "  ON CONFLICT (org_number) DO UPDATE SET name = excluded.name, municipality = excluded.municipality, " \
    "  district = coalesce(excluded.district, organisations.district), updated_at = now() " \
    "  RETURNING id, name, district), " \
    "c AS (INSERT INTO cases (year, kind, status, recommendation, version, organisation_id, organisation_name, " \
    "  organisation_district, submitted_on, linked_case_id) " \
    "  SELECT :y, :k, :st, :rec::text, :v::bigint, o.id, o.name, o.district, :sd::date, :l::bigint FROM o " \
    "  RETURNING id, submitted_at, updated_at), " \
    "a AS (INSERT INTO applications (case_id, revision, raw_json, submitted_by, grant_type, amount_sek, period_from, " \
    "  period_to, member_count, contact_email, contact_name, facts) " \
    "  SELECT c.id, 1, :j, :u::bigint, :gt, :a::bigint, :pf::date, :pt::date, :mc::bigint, :em, :cn, :f FROM c), " \
    "b AS (INSERT INTO bookings (case_id, premises_id, starts_at, ends_at) " \
    "  SELECT c.id, :p::text, :bs::timestamptz, :be::timestamptz FROM c WHERE :p2::text IS NOT NULL), " \
    "s AS (INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag, " \
    "  result_json, outcomes, reason) " \
    "  SELECT c.id, 1, :sv::text, :sr::text, :sf::boolean, :sj::json, :so::text, 'submission' FROM c " \
    "  WHERE :sv2::text IS NOT NULL), " \
    "e AS (INSERT INTO events (case_id, actor_id, actor_name, actor_role, event, detail) " \
    "  SELECT c.id, :aid::bigint, :an, :ar, v.event, v.detail::jsonb FROM c, " \
    "  (VALUES (1, 'submitted', :d1::text), (2, 'screened', :d2::text)) v(n, event, detail) " \
    "  WHERE v.detail IS NOT NULL ORDER BY v.n)"
#define GRANSKA_INSERT_CASE_RESULT \
  "SELECT c.id::bigint, " GRANSKA_ISO("c.submitted_at") ", " GRANSKA_ISO("c.updated_at") " FROM c"
constexpr const char* kInsertCase = GRANSKA_INSERT_CASE_CTES " " GRANSKA_INSERT_CASE_RESULT;
// The same with the submission's Idempotency-Key (migration 0016): the key's row is written
// by the statement that writes its case, so it commits with it or not at all. A second
// transaction inserting the same (user, key) waits on the primary key until the first ends,
// then fails with unique_violation (or goes ahead if the first rolled back). Requests without
// a key keep the statement above.
constexpr const char* kInsertKeyedCase =
    GRANSKA_INSERT_CASE_CTES ", "
    "k AS (INSERT INTO idempotency_keys (user_id, key, request_sha256, case_id) "
    "  SELECT :ku::bigint, :kk::text, decode(:kh::text, 'hex'), c.id FROM c) " GRANSKA_INSERT_CASE_RESULT;
constexpr const char* kKeyConstraint = "idempotency_keys_pkey";

constexpr const char* kInsertApplication =
    "INSERT INTO applications (case_id, revision, raw_json, submitted_by, grant_type, amount_sek, period_from, "
    "period_to, member_count, contact_email, contact_name, facts) "
    "VALUES (:c, :r, :j, :u, :gt, :a, :pf::date, :pt::date, :mc, :em, :cn, :f)";

// A supplement may correct the organisation's name on its own case (migration 0022); the
// register row keeps the name of the latest submission.
constexpr const char* kUpdateOrganisationName =
    "UPDATE cases SET organisation_name = :n WHERE id = :c AND organisation_name <> :n2";
// And its district (migration 0025), for the statistics.
constexpr const char* kUpdateOrganisationDistrict =
    "UPDATE cases SET organisation_district = :d WHERE id = :c AND organisation_district IS DISTINCT FROM :d2";

constexpr const char* kUpdateBooking =
    "UPDATE bookings SET premises_id = :p, starts_at = :s::timestamptz, ends_at = :e::timestamptz WHERE case_id = :c";

constexpr const char* kInsertScreening =
    "INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag, "
    "result_json, outcomes, reason) VALUES (:c, :r, :v, :rec, :df::boolean, :j::json, :o, :why)";

constexpr const char* kUpdateStatus =
    "UPDATE cases SET status = :s, recommendation = coalesce(:r::text, recommendation), version = version + 1, "
    "updated_at = now() WHERE id = :id AND version = :v";

// Columns of a case summary, in the order ReadSummary expects.
#define GRANSKA_SUMMARY_COLUMNS_WITH(screening)                                                           \
  "c.id::bigint, c.case_number, c.kind, c.status, c.version::bigint, o.org_number, c.organisation_name, " GRANSKA_ISO( \
      "c.submitted_at") ", " GRANSKA_ISO("c.updated_at") ", c.recommendation, " screening ", c.submitted_on::text "
#define GRANSKA_SUMMARY_COLUMNS GRANSKA_SUMMARY_COLUMNS_WITH("s.result_json::text")
// The pages' rows show no screening: the same columns without reading one (~8 KB each).
#define GRANSKA_ROW_COLUMNS GRANSKA_SUMMARY_COLUMNS_WITH("NULL::text")
// `screening=brief`: the latest screening's rule set and recommendation, from its columns
// (never its result_json), in the shape of the full screening without `results`.
#define GRANSKA_BRIEF_COLUMNS                                                                            \
  GRANSKA_SUMMARY_COLUMNS_WITH(                                                                          \
      "(SELECT json_build_object('rule_set', rule_set_version, 'recommendation', recommendation)::text " \
      "FROM screenings WHERE case_id = c.id ORDER BY id DESC LIMIT 1)")
#define GRANSKA_BRIEF_FROM "FROM cases c JOIN organisations o ON o.id = c.organisation_id "

#define GRANSKA_SUMMARY_FROM                                                    \
  GRANSKA_BRIEF_FROM                                                            \
  "LEFT JOIN LATERAL (SELECT result_json FROM screenings WHERE case_id = c.id " \
  "ORDER BY id DESC LIMIT 1) s ON true "

// A culled case (records plan, migration 0011) keeps only its registration: it is no
// longer a case anyone can read or act on, and it leaves the lists. A case is registered
// when it has its number (migration 0014): the few milliseconds between a submission's
// commit and its numbering, it is not yet a case anyone else sees.
#define GRANSKA_VISIBLE_CASE "c.culled_at IS NULL AND c.case_number IS NOT NULL "
constexpr const char* kFindSummary =
    "SELECT " GRANSKA_SUMMARY_COLUMNS GRANSKA_SUMMARY_FROM "WHERE c.id = :id AND " GRANSKA_VISIBLE_CASE;
constexpr const char* kLock = "SELECT id FROM cases WHERE id = :id FOR UPDATE";
// A submission's earlier case by its Idempotency-Key, numbered or not (a retry may come
// before the numbering, or after it failed), with the summary as stored now.
constexpr const char* kFindByKey =
    "SELECT " GRANSKA_SUMMARY_COLUMNS ", encode(k.request_sha256, 'hex'), c.year " GRANSKA_SUMMARY_FROM
    "JOIN idempotency_keys k ON k.case_id = c.id WHERE k.user_id = :u AND k.key = :k";
constexpr const char* kDeleteOldKeys =
    "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(days => :d::int)";
constexpr const char* kAssign = "UPDATE cases SET assigned_to = :u WHERE id = :id";
constexpr const char* kAssignedTo = "SELECT assigned_to FROM cases WHERE id = :id";
constexpr const char* kDemocracyFlagged =
    "SELECT coalesce((SELECT democracy_flag::int FROM screenings WHERE case_id = :id ORDER BY id DESC LIMIT 1), 0)";
constexpr const char* kBookingStart =
    "SELECT " GRANSKA_ISO("starts_at") " FROM bookings WHERE case_id = :id";
// The rules whose result in the latest screening is needs_info, in the screening's order.
constexpr const char* kNeedsInfoRules =
    "SELECT coalesce(string_agg(t.r ->> 'rule', ',' ORDER BY t.o), '') FROM "
    "(SELECT result_json FROM screenings WHERE case_id = :id ORDER BY id DESC LIMIT 1) s, "
    "jsonb_array_elements(s.result_json::jsonb -> 'results') WITH ORDINALITY AS t(r, o) WHERE t.r ->> 'outcome' = 'needs_info'";
constexpr const char* kDemocracyConditionsAccepted =
    "SELECT coalesce((SELECT (raw_json::jsonb #> '{declarations,democracy_conditions_accepted}') = 'true'::jsonb "
    "FROM applications WHERE case_id = :id ORDER BY revision DESC LIMIT 1), false)::int";
// A referral and the screening written in one transaction (a flagged submission) share now().
// Each screening's flags are the `=flag` entries of its outcomes (migration 0029); the time that
// counts is that of the latest screening with a flag its predecessor did not have.
constexpr const char* kAdvisedSinceFlagged =
    "SELECT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = :id AND r.advised_at IS NOT NULL AND r.referred_at >= "
    "(SELECT max(f.screened_at) FROM (SELECT s.screened_at, s.flags, lag(s.flags) OVER (ORDER BY s.id) AS before "
    "FROM (SELECT id, screened_at, ARRAY(SELECT e FROM unnest(string_to_array(outcomes, ',')) e "
    "WHERE e LIKE '%=flag') AS flags FROM screenings WHERE case_id = :id2) s) f "
    "WHERE cardinality(f.flags) > 0 AND NOT (f.flags <@ coalesce(f.before, '{}'::text[]))))::int";
constexpr const char* kAdvisedSinceRecorded =
    "SELECT EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = :id AND r.advised_at IS NOT NULL AND r.referred_at >= "
    "(SELECT max(recorded_at) FROM incidents WHERE id = ANY(:ids::bigint[])))::int";
constexpr const char* kMaterialAfterCommunication =
    "SELECT e.event, " GRANSKA_ISO("e.at") " FROM events e WHERE e.case_id = :id "
    "AND e.event IN ('rescreened', 'supplemented', 'advised') AND e.id > "
    "(SELECT max(id) FROM events WHERE case_id = :id2 AND event = 'communicated') ORDER BY e.id DESC LIMIT 1";
constexpr const char* kLatestFactsSnapshot =
    "SELECT facts FROM applications WHERE case_id = :c ORDER BY revision DESC LIMIT 1";
constexpr const char* kLockSharedUnculled =
    "SELECT id::bigint FROM cases WHERE id = ANY(:ids::bigint[]) AND culled_at IS NULL ORDER BY id FOR SHARE";
constexpr const char* kBookingStatus = "SELECT status FROM bookings WHERE case_id = :id";
constexpr const char* kSetBookingStatus = "UPDATE bookings SET status = :s WHERE case_id = :id";
constexpr const char* kAppliedAmount =
    "SELECT amount_sek FROM applications WHERE case_id = :id ORDER BY revision DESC LIMIT 1";

// Optional filters fold away: PostgreSQL plans the unnamed statement with the actual
// values, and `NULL IS NULL OR ...` is constant-folded to true, so an absent filter leaves
// no predicate behind. (The earlier `col = coalesce(NULL, col)` form stayed in the plan as
// `col = col`, estimated at 0.5 % per filter: the planner expected one row, joined every
// case and sorted it, de-TOASTing each screening: 2.3 s for 20 000 cases, bench/http.)
// The advisory group's filter (CaseFilter::group_member), folded away like the others when absent.
#define GRANSKA_GROUP_MEMBER_FILTER                                                                      \
  "AND (:gm::bigint IS NULL OR (EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = c.id) "              \
  "AND NOT EXISTS (SELECT 1 FROM advice a WHERE a.case_id = c.id AND a.member_id = :gm2::bigint AND a.recusal))) "
#define GRANSKA_LIST_WHERE                                                                           \
  "WHERE (:st::text IS NULL OR c.status = :st2::text) AND (:k::text IS NULL OR c.kind = :k2::text) " \
  "AND (:rec::text IS NULL OR c.recommendation = :rec2::text) "                                      \
  "AND (:o::text IS NULL OR o.org_number = :o2::text) "                                              \
  "AND (:sb::date IS NULL OR c.submitted_on < :sb2::date) "                                          \
  "AND (:after::bigint IS NULL OR c.id < :after2::bigint) " GRANSKA_GROUP_MEMBER_FILTER                      \
  "AND " GRANSKA_VISIBLE_CASE "ORDER BY c.id DESC LIMIT :lim"
constexpr const char* kList = "SELECT " GRANSKA_SUMMARY_COLUMNS GRANSKA_SUMMARY_FROM GRANSKA_LIST_WHERE;
constexpr const char* kListBrief = "SELECT " GRANSKA_BRIEF_COLUMNS GRANSKA_BRIEF_FROM GRANSKA_LIST_WHERE;
constexpr const char* kListRows = "SELECT " GRANSKA_ROW_COLUMNS GRANSKA_BRIEF_FROM GRANSKA_LIST_WHERE;

#define GRANSKA_QUEUE_WHERE                                                                                      \
  "WHERE c.status = ANY(coalesce(:st::text[], '{needs_info,in_review,referred,advised,communicated}'::text[])) " \
  "AND (:me::bigint IS NULL OR c.assigned_to = :me2::bigint) "                                                   \
  "AND c.id > coalesce(:after::bigint, 0) " GRANSKA_GROUP_MEMBER_FILTER                                         \
  "AND " GRANSKA_VISIBLE_CASE "ORDER BY c.id LIMIT :lim"
constexpr const char* kQueue = "SELECT " GRANSKA_SUMMARY_COLUMNS GRANSKA_SUMMARY_FROM GRANSKA_QUEUE_WHERE;
constexpr const char* kQueueBrief = "SELECT " GRANSKA_BRIEF_COLUMNS GRANSKA_BRIEF_FROM GRANSKA_QUEUE_WHERE;
constexpr const char* kQueueRows = "SELECT " GRANSKA_ROW_COLUMNS GRANSKA_BRIEF_FROM GRANSKA_QUEUE_WHERE;

const char* ByDetail(workflow::ScreeningDetail d, const char* full, const char* brief, const char* rows) {
  switch (d) {
    case workflow::ScreeningDetail::kFull: return full;
    case workflow::ScreeningDetail::kBrief: return brief;
    case workflow::ScreeningDetail::kNone: return rows;
  }
  return full;
}

constexpr const char* kLinkedCase = "SELECT linked_case_id FROM cases WHERE id = :id";

constexpr const char* kLatestApplication =
    "SELECT raw_json, revision::bigint FROM applications WHERE case_id = :c ORDER BY revision DESC LIMIT 1";

constexpr const char* kTimeline =
    "SELECT id::bigint, " GRANSKA_ISO("at") ", event, actor_id::bigint, actor_name, actor_role, detail::text "
    "FROM events WHERE case_id = :c ORDER BY id";

// Bookings of one room serialise on the days they touch (UTC days: two overlapping bookings
// share at least one), so bookings of other days go on in parallel: a shared transaction lock
// on (room, -1), then an exclusive one per (room, day) in day order; a booking longer than 62
// days takes (room, -1) exclusively instead. Statements of their own before the count: under
// READ COMMITTED a statement that waited for a lock still reads with the snapshot it started
// with, so the count must come after.
constexpr const char* kLockRoomShared = "SELECT pg_advisory_xact_lock_shared(hashtext(:p), -1)";
constexpr const char* kLockRoomWhole = "SELECT pg_advisory_xact_lock(hashtext(:p), -1)";
constexpr const char* kLockRoomDays =
    "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtext(:p), d) FROM generate_series(:a::int, :b::int) d) l";
constexpr const char* kBookingOfCase =
    "SELECT premises_id, floor(extract(epoch FROM starts_at) / 86400)::bigint, "
    "floor(extract(epoch FROM ends_at) / 86400)::bigint FROM bookings WHERE case_id = :c";
constexpr const char* kApprovedOverlap =
    "SELECT c.case_number FROM bookings b JOIN bookings o ON o.premises_id = b.premises_id JOIN cases c ON c.id = o.case_id "
    "WHERE b.case_id = :c AND o.case_id <> b.case_id AND o.status = 'approved' "
    "AND o.starts_at < b.ends_at AND o.ends_at > b.starts_at ORDER BY o.case_id LIMIT 1";
constexpr const char* kOverlapping =
    "SELECT count(*) FROM bookings WHERE premises_id = :p AND status IN ('pending', 'approved') "
    "AND starts_at < :e::timestamptz AND ends_at > :s::timestamptz AND case_id <> coalesce(:c::bigint, -1) "
    "AND (status = 'approved' OR :c2::bigint IS NULL OR case_id < :c3::bigint)";

template <typename Row>
domain::CaseSummary ReadSummary(const Row& r) {
  domain::CaseSummary s;
  s.case_id = BigInt(r, 0);
  s.case_number = Text(r, 1);
  s.kind = domain::ParseApplicationKind(Text(r, 2)).value_or(domain::ApplicationKind::kGrant);
  s.status = domain::ParseCaseStatus(Text(r, 3)).value_or(domain::CaseStatus::kInReview);
  s.version = BigInt(r, 4);
  s.org_number = Text(r, 5);
  s.organisation_name = Text(r, 6);
  s.submitted_at = Text(r, 7);
  s.updated_at = Text(r, 8);
  s.recommendation = OptText(r, 9);
  s.screening_json = OptText(r, 10);
  s.submitted_on = Text(r, 11);
  return s;
}

std::string DateText(const std::optional<domain::Date>& d) { return d ? d->ToString() : std::string(); }

// Rows of (id, case_number).
std::map<std::int64_t, std::string> ReadNumbers(const PgRows& rows) {
  std::map<std::int64_t, std::string> out;
  for (int i = 0; i < rows.Size(); ++i) out[BigInt(PgRow{rows, i}, 0)] = Text(PgRow{rows, i}, 1);
  return out;
}

}  // namespace

// The submit path's statements run as prepared statements of their connection
// (store/prepared.hpp): parsed and planned once per connection, not once per call.

int PgCaseRepository::LockNumberCounter(int year) {
  auto rows = Prepared(sql_, kLockCounter, {year});
  if (rows.Empty()) {
    Prepared(sql_, kCreateCounter, {year});  // the year's first case: a concurrent creator may win
    rows = Prepared(sql_, kLockCounter, {year});
  }
  return static_cast<int>(BigInt(PgRow{rows, 0}, 0));
}

std::map<std::int64_t, std::string> PgCaseRepository::NumberWaiting(int year) {
  return ReadNumbers(Prepared(sql_, kNumberWaiting, {year, year, year}));
}

std::vector<int> PgCaseRepository::YearsWithUnnumbered() {
  std::vector<int> years;
  soci::rowset<int> rows = (sql_.prepare << kYearsWithUnnumbered);
  for (int y : rows) years.push_back(y);
  return years;
}

std::map<std::int64_t, std::string> PgCaseRepository::CaseNumbers(const std::vector<std::int64_t>& case_ids) {
  return ReadNumbers(Prepared(sql_, kCaseNumbers, {IdArray(case_ids)}));
}

namespace {

// The typed columns of an application row beside its verbatim text.
struct ApplicationColumns {
  std::optional<std::string> grant_type, period_from, period_to, email;
  std::optional<std::string> contact_name;  // the letters' "Att:" line (migration 0009)
  std::optional<long long> amount;
  std::string facts;  // the rule-relevant fields for re-screening (workflow/facts_snapshot.hpp)
};

ApplicationColumns ColumnsOf(const domain::Application& app) {
  ApplicationColumns c;
  if (app.grant) {
    c.grant_type = std::string(domain::ToString(app.grant->type));
    c.amount = app.grant->amount_sek;
    if (app.grant->period_from) c.period_from = DateText(app.grant->period_from);
    if (app.grant->period_to) c.period_to = DateText(app.grant->period_to);
  }
  if (app.organisation.contact && !app.organisation.contact->email.empty()) c.email = app.organisation.contact->email;
  if (app.organisation.contact && !domain::IsBlank(app.organisation.contact->name))
    c.contact_name = app.organisation.contact->name;
  c.facts = workflow::EncodeFactsSnapshot(app);
  return c;
}

PgParam UserId(std::int64_t id) { return id ? PgParam(id) : PgParam(std::nullopt); }

}  // namespace

namespace {

// Runs the submission statement `text` with the parameters of `c` followed by `extra`
// (the key's, for kInsertKeyedCase) and returns the new case's summary.
template <typename... Extra>
domain::CaseSummary InsertCase(soci::session& sql, const char* text, const workflow::NewCase& c,
                               const domain::Application& app, const std::string& raw_json, Extra&&... extra) {
  const auto& org = app.organisation;
  const std::string number = org.org_number ? org.org_number->Text() : std::string();
  const auto cols = ColumnsOf(app);
  const auto* booking = app.booking ? &*app.booking : nullptr;
  const auto* screening = c.screening;
  const EventActor actor = EventActorOf(c.actor);
  const auto rows = Prepared(
      sql, text,
      {number, org.name, org.municipality, org.district,
       c.year, domain::ToString(app.kind), domain::ToString(c.status), c.recommendation, c.version,
       c.submitted_on.ToString(), c.linked_case_id,
       raw_json, UserId(c.actor.user_id), cols.grant_type, cols.amount, cols.period_from, cols.period_to,
       org.member_count, cols.email, cols.contact_name, cols.facts,
       booking ? PgParam(booking->premises_id) : PgParam(std::nullopt),
       booking ? PgParam(booking->start->ToString()) : PgParam(std::nullopt),
       booking ? PgParam(booking->end->ToString()) : PgParam(std::nullopt),
       booking ? PgParam(booking->premises_id) : PgParam(std::nullopt),
       screening ? PgParam(screening->rule_set_version) : PgParam(std::nullopt),
       screening ? PgParam(screening->recommendation) : PgParam(std::nullopt),
       screening ? PgParam(screening->democracy_flag) : PgParam(std::nullopt),
       screening ? PgParam(screening->json) : PgParam(std::nullopt),
       screening ? PgParam(screening->outcomes) : PgParam(std::nullopt),
       screening ? PgParam(screening->rule_set_version) : PgParam(std::nullopt),
       actor.id, actor.name, actor.role, c.submitted_detail,
       screening ? PgParam(c.screened_detail) : PgParam(std::nullopt), PgParam(std::forward<Extra>(extra))...});
  domain::CaseSummary s;
  s.case_id = BigInt(PgRow{rows, 0}, 0);
  s.kind = app.kind;
  s.status = c.status;
  s.version = c.version;
  s.org_number = number;
  s.organisation_name = org.name;
  s.submitted_at = Text(PgRow{rows, 0}, 1);
  s.updated_at = Text(PgRow{rows, 0}, 2);
  s.recommendation = c.recommendation;
  if (screening) s.screening_json = screening->json;
  s.submitted_on = c.submitted_on.ToString();
  return s;
}

}  // namespace

domain::CaseSummary PgCaseRepository::Insert(const workflow::NewCase& c, const domain::Application& app,
                                              const std::string& raw_json) {
  return InsertCase(sql_, kInsertCase, c, app, raw_json);
}

std::optional<domain::CaseSummary> PgCaseRepository::InsertWithKey(const workflow::NewCase& c,
                                                                   const domain::Application& app,
                                                                   const std::string& raw_json,
                                                                   const workflow::IdempotencyKey& key) {
  try {
    return InsertCase(sql_, kInsertKeyedCase, c, app, raw_json, static_cast<long long>(key.user_id), key.key,
                      key.request_sha256);
  } catch (const soci::postgresql_soci_error& e) {
    // Only the key's own primary key: any other failure is not a duplicate request.
    if (e.sqlstate() == "23505" && std::string(e.what()).find(kKeyConstraint) != std::string::npos)
      return std::nullopt;
    throw;
  }
}

std::optional<workflow::KeyedSubmission> PgCaseRepository::FindByIdempotencyKey(std::int64_t user_id,
                                                                                 const std::string& key) {
  const auto rows = Prepared(sql_, kFindByKey, {user_id, key});
  if (rows.Empty()) return std::nullopt;
  const PgRow r{rows, 0};
  workflow::KeyedSubmission k;
  k.summary = ReadSummary(r);
  k.request_sha256 = Text(r, 12);
  k.year = static_cast<int>(BigInt(r, 13));
  return k;
}

std::int64_t PgCaseRepository::DeleteIdempotencyKeysOlderThan(int days) {
  return Prepared(sql_, kDeleteOldKeys, {days}).AffectedRows();
}

void PgCaseRepository::InsertApplication(std::int64_t case_id, std::int64_t revision, const std::string& raw_json,
                                         const domain::Application& app, std::int64_t submitted_by) {
  const auto cols = ColumnsOf(app);
  Prepared(sql_, kInsertApplication,
           {case_id, revision, raw_json, UserId(submitted_by), cols.grant_type, cols.amount, cols.period_from,
            cols.period_to, app.organisation.member_count, cols.email, cols.contact_name, cols.facts});
  if (!app.organisation.name.empty())
    Prepared(sql_, kUpdateOrganisationName, {app.organisation.name, case_id, app.organisation.name});
  if (!app.organisation.district.empty())
    Prepared(sql_, kUpdateOrganisationDistrict, {app.organisation.district, case_id, app.organisation.district});
}

void PgCaseRepository::UpdateBooking(std::int64_t case_id, const domain::BookingRequest& b) {
  long long c = case_id;
  std::string start = b.start->ToString(), end = b.end->ToString();
  sql_ << kUpdateBooking, soci::use(b.premises_id), soci::use(start), soci::use(end), soci::use(c);
}

void PgCaseRepository::InsertScreening(std::int64_t case_id, std::int64_t application_revision,
                                       const workflow::ScreeningOutcome& outcome, const std::string& reason) {
  Prepared(sql_, kInsertScreening, {case_id, application_revision, outcome.rule_set_version, outcome.recommendation,
                                    outcome.democracy_flag, outcome.json, outcome.outcomes, reason});
}

bool PgCaseRepository::UpdateStatus(std::int64_t case_id, std::int64_t expected_version, domain::CaseStatus status,
                                    const std::optional<std::string>& recommendation) {
  return Prepared(sql_, kUpdateStatus, {domain::ToString(status), recommendation, case_id, expected_version})
             .AffectedRows() == 1;
}

void PgCaseRepository::LockBookingDays(const std::string& premises_id, std::int64_t first_day, std::int64_t last_day) {
  last_day = std::max(first_day, last_day);
  if (last_day - first_day > 62) {
    Prepared(sql_, kLockRoomWhole, {premises_id});
    return;
  }
  Prepared(sql_, kLockRoomShared, {premises_id});
  Prepared(sql_, kLockRoomDays, {premises_id, first_day, last_day});
}

std::int64_t PgCaseRepository::CountOverlappingBookings(const std::string& premises_id, const domain::Instant& start,
                                                        const domain::Instant& end,
                                                        std::optional<std::int64_t> exclude_case) {
  const auto day = [](const domain::Instant& t) {  // floor(epoch / 86400), as in SQL
    const std::int64_t s = t.EpochSeconds();
    return s >= 0 ? s / 86400 : (s - 86399) / 86400;
  };
  LockBookingDays(premises_id, day(start), day(end));
  const auto rows = Prepared(sql_, kOverlapping,
                             {premises_id, end.ToString(), start.ToString(), exclude_case, exclude_case, exclude_case});
  return BigInt(PgRow{rows, 0}, 0);
}

std::optional<std::string> PgCaseRepository::ApprovedOverlap(std::int64_t case_id) {
  const auto booking = Prepared(sql_, kBookingOfCase, {case_id});
  if (booking.Empty()) return std::nullopt;
  const PgRow b{booking, 0};
  LockBookingDays(Text(b, 0), BigInt(b, 1), BigInt(b, 2));
  const auto rows = Prepared(sql_, kApprovedOverlap, {case_id});
  if (rows.Empty()) return std::nullopt;
  return Text(PgRow{rows, 0}, 0);
}

std::optional<domain::CaseSummary> PgCaseRepository::FindSummary(std::int64_t case_id) {
  const auto rows = Prepared(sql_, kFindSummary, {case_id});
  if (rows.Empty()) return std::nullopt;
  return ReadSummary(PgRow{rows, 0});
}

std::optional<domain::CaseSummary> PgCaseRepository::Lock(std::int64_t case_id) {
  long long id = case_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kLock, soci::use(id));
  bool found = false;
  for (const auto& r : rs) found = (void(r), true);
  if (!found) return std::nullopt;
  return FindSummary(case_id);
}

void PgCaseRepository::Assign(std::int64_t case_id, std::optional<std::int64_t> user_id) {
  long long id = case_id;
  Nullable<long long> u(user_id);
  sql_ << kAssign, soci::use(u.value, u.ind), soci::use(id);
}

std::optional<std::int64_t> PgCaseRepository::AssignedTo(std::int64_t case_id) {
  long long id = case_id, u = 0;
  soci::indicator ind = soci::i_null;
  sql_ << kAssignedTo, soci::use(id), soci::into(u, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return u;
}

bool PgCaseRepository::DemocracyFlagged(std::int64_t case_id) {
  long long id = case_id;
  int flagged = 0;
  sql_ << kDemocracyFlagged, soci::use(id), soci::into(flagged);
  return flagged != 0;
}

namespace {

// One text column of a query by case id; nullopt when there is no row or the value is NULL.
std::optional<std::string> TextOfCase(soci::session& sql, const char* query, std::int64_t case_id) {
  long long id = case_id;
  std::string text;
  soci::indicator ind = soci::i_null;
  sql << query, soci::use(id), soci::into(text, ind);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return text;
}

}  // namespace

std::optional<std::string> PgCaseRepository::BookingStart(std::int64_t case_id) {
  return TextOfCase(sql_, kBookingStart, case_id);
}

std::vector<std::string> PgCaseRepository::NeedsInfoRules(std::int64_t case_id) {
  long long id = case_id;
  std::string joined;
  sql_ << kNeedsInfoRules, soci::use(id), soci::into(joined);
  return CommaList(joined);
}

bool PgCaseRepository::DemocracyConditionsAccepted(std::int64_t case_id) {
  long long id = case_id;
  int accepted = 0;
  sql_ << kDemocracyConditionsAccepted, soci::use(id), soci::into(accepted);
  return accepted != 0;
}

bool PgCaseRepository::AdvisedSinceFlagged(std::int64_t case_id) {
  long long id = case_id, id2 = case_id;
  int advised = 0;
  sql_ << kAdvisedSinceFlagged, soci::use(id), soci::use(id2), soci::into(advised);
  return advised != 0;
}

bool PgCaseRepository::AdvisedSinceRecorded(std::int64_t case_id, const std::vector<std::int64_t>& incident_ids) {
  if (incident_ids.empty()) return true;
  long long id = case_id;
  std::string ids = IdArray(incident_ids);
  int advised = 0;
  sql_ << kAdvisedSinceRecorded, soci::use(id), soci::use(ids), soci::into(advised);
  return advised != 0;
}

std::optional<workflow::CaseRepository::LaterMaterial> PgCaseRepository::MaterialAfterCommunication(
    std::int64_t case_id) {
  long long id = case_id, id2 = case_id;
  std::string event, at;
  sql_ << kMaterialAfterCommunication, soci::use(id), soci::use(id2), soci::into(event), soci::into(at);
  if (!sql_.got_data()) return std::nullopt;
  return LaterMaterial{event, at};
}

std::optional<std::string> PgCaseRepository::LatestFactsSnapshot(std::int64_t case_id) {
  return TextOfCase(sql_, kLatestFactsSnapshot, case_id);
}

std::vector<std::int64_t> PgCaseRepository::LockSharedUnculled(const std::vector<std::int64_t>& case_ids) {
  std::vector<std::int64_t> out;
  if (case_ids.empty()) return out;
  const auto rows = Once(sql_, kLockSharedUnculled, {IdArray(case_ids)});
  for (int i = 0; i < rows.Size(); ++i) out.push_back(BigInt(PgRow{rows, i}, 0));
  return out;
}

std::optional<std::string> PgCaseRepository::BookingStatus(std::int64_t case_id) {
  return TextOfCase(sql_, kBookingStatus, case_id);
}

void PgCaseRepository::SetBookingStatus(std::int64_t case_id, const std::string& status) {
  long long id = case_id;
  sql_ << kSetBookingStatus, soci::use(status), soci::use(id);
}

std::optional<std::int64_t> PgCaseRepository::AppliedAmount(std::int64_t case_id) {
  long long id = case_id, amount = 0;
  soci::indicator ind = soci::i_null;
  sql_ << kAppliedAmount, soci::use(id), soci::into(amount, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return amount;
}

std::optional<domain::CaseDetail> PgCaseRepository::FindDetail(std::int64_t case_id) {
  auto summary = FindSummary(case_id);
  if (!summary) return std::nullopt;
  domain::CaseDetail d;
  d.summary = std::move(*summary);
  long long id = case_id;
  {
    soci::rowset<soci::row> rs = (sql_.prepare << kLatestApplication, soci::use(id));
    for (const auto& r : rs) {
      d.application_json = Text(r, 0);
      d.application_revision = BigInt(r, 1);
    }
  }
  soci::rowset<soci::row> rs = (sql_.prepare << kTimeline, soci::use(id));
  for (const auto& r : rs) {
    domain::CaseEvent e;
    e.id = BigInt(r, 0);
    e.at = Text(r, 1);
    e.event = Text(r, 2);
    if (auto a = OptBigInt(r, 3)) e.actor_id = *a;
    e.actor_name = Text(r, 4);
    e.actor_role = Text(r, 5);
    e.detail_json = Text(r, 6);
    d.timeline.push_back(std::move(e));
  }
  return d;
}

workflow::Page<domain::CaseSummary> PgCaseRepository::List(const workflow::CaseFilter& f) {
  std::optional<std::string> status, kind, before;
  if (f.status) status = std::string(domain::ToString(*f.status));
  if (f.kind) kind = std::string(domain::ToString(*f.kind));
  if (f.submitted_before) before = f.submitted_before->ToString();
  // Once, not Prepared: the absent filters must fold away in a plan made with the values.
  const auto rows =
      Once(sql_, ByDetail(f.screening, kList, kListBrief, kListRows),
           {status, status, kind, kind, f.recommendation, f.recommendation, f.org_number, f.org_number, before, before,
            f.after, f.after, f.group_member, f.group_member, f.limit + 1});  // one more tells whether there is a next page
  return ReadPage<domain::CaseSummary>(rows, f.limit, ReadSummary<PgRow>,
                                       [](const domain::CaseSummary& x) { return x.case_id; });
}

workflow::Page<domain::CaseSummary> PgCaseRepository::Queue(const workflow::QueueFilter& f) {
  std::optional<std::string> status;
  if (f.status) status = "{" + std::string(domain::ToString(*f.status)) + "}";
  const auto rows =
      Once(sql_, ByDetail(f.screening, kQueue, kQueueBrief, kQueueRows), {status, f.assigned_to, f.assigned_to, f.after, f.group_member, f.group_member, f.limit + 1});
  return ReadPage<domain::CaseSummary>(rows, f.limit, ReadSummary<PgRow>,
                                       [](const domain::CaseSummary& x) { return x.case_id; });
}

std::optional<std::int64_t> PgCaseRepository::LinkedCase(std::int64_t case_id) {
  long long id = case_id, l = 0;
  soci::indicator ind = soci::i_null;
  sql_ << kLinkedCase, soci::use(id), soci::into(l, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return l;
}

}  // namespace granska::store
