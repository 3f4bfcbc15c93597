#include "store/pg_review_repository.hpp"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <stdexcept>

#include "domain/json_text.hpp"
#include "store/prepared.hpp"
#include "store/row_reader.hpp"

namespace granska::store {
namespace {

constexpr const char* kInsertReferral =
    "INSERT INTO referrals (case_id, automatic, question, referred_by, deadline) "
    "VALUES (:c, :a::boolean, :q, :by, :d::date) RETURNING id";

#define GRANSKA_REFERRAL_COLUMNS                                                                         \
  "SELECT id::bigint, case_id::bigint, automatic::int, question, referred_by::bigint, " GRANSKA_ISO(   \
      "referred_at") ", deadline::text, " GRANSKA_ISO("advised_at") " FROM referrals "

constexpr const char* kCurrentReferral = GRANSKA_REFERRAL_COLUMNS "WHERE case_id = :c ORDER BY id DESC LIMIT 1";
constexpr const char* kReferrals = GRANSKA_REFERRAL_COLUMNS "WHERE case_id = :c ORDER BY id";
constexpr const char* kMarkAdvised = "UPDATE referrals SET advised_at = now() WHERE id = :r";

constexpr const char* kInsertAdvice =
    "INSERT INTO advice (referral_id, case_id, member_id, recusal, recommendation, reasoning, proposed_conditions) "
    "SELECT :r, case_id, :m, :rec::boolean, :recommendation, :reasoning, :pc::jsonb FROM referrals WHERE id = :r2 "
    "RETURNING id";

#define GRANSKA_ADVICE_COLUMNS                                                                              \
  "SELECT a.id::bigint, a.referral_id::bigint, a.member_id::bigint, u.name, coalesce(u.sector, ''), "     \
  "a.recusal::int, a.recommendation, a.reasoning, a.proposed_conditions::text, " GRANSKA_ISO("a.given_at") \
  " FROM advice a JOIN users u ON u.id = a.member_id "

constexpr const char* kAdviceFor = GRANSKA_ADVICE_COLUMNS "WHERE a.referral_id = :r ORDER BY a.id";
constexpr const char* kAllAdvice = GRANSKA_ADVICE_COLUMNS "WHERE a.case_id = :c ORDER BY a.id";
constexpr const char* kHasRecused =
    "SELECT count(*) FROM advice WHERE case_id = :c AND member_id = :m AND recusal";

constexpr const char* kMembersStillToAnswer =
    "SELECT count(*) FROM users u WHERE u.role IN ('advisory_member', 'coordinator') AND u.disabled_at IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM advice a WHERE a.referral_id = :r AND a.member_id = u.id) "
    "AND NOT EXISTS (SELECT 1 FROM advice a WHERE a.case_id = :c AND a.member_id = u.id AND a.recusal)";

constexpr const char* kInsertCommunication =
    "INSERT INTO communications (case_id, intended_outcome, intended_amount_sek, reasons, reply_by, sent_by) "
    "VALUES (:c, :o, :a, :r, :d::date, :by) RETURNING id";
constexpr const char* kLatestCommunication =
    "SELECT id::bigint, case_id::bigint, intended_outcome, intended_amount_sek::bigint, reasons, reply_by::text, "
    GRANSKA_ISO("sent_at") ", reply_text, " GRANSKA_ISO("replied_at")
    " FROM communications WHERE case_id = :c ORDER BY id DESC LIMIT 1";
constexpr const char* kInsertInformationRequest =
    "INSERT INTO information_requests (case_id, reply_by, rules, message, requested_by) "
    "VALUES (:c, :d::date, string_to_array(nullif(:r, ''), ','), :m, :by) RETURNING id";
// The first supplement after the request answers it (a supplement's revision is stored with
// its time; the request was made in an earlier transaction).
constexpr const char* kLatestInformationRequest =
    "SELECT r.id::bigint, r.case_id::bigint, r.reply_by::text, array_to_string(r.rules, ','), r.message, "
    GRANSKA_ISO("r.requested_at") ", coalesce(u.name, ''), "
    "(SELECT " GRANSKA_ISO("min(a.submitted_at)") " FROM applications a WHERE a.case_id = r.case_id "
    "AND a.revision > 1 AND a.submitted_at > r.requested_at) "
    "FROM information_requests r LEFT JOIN users u ON u.id = r.requested_by "
    "WHERE r.case_id = :c ORDER BY r.id DESC LIMIT 1";
constexpr const char* kRecordReply = "UPDATE communications SET reply_text = :t, replied_at = now() WHERE id = :id";

constexpr const char* kInsertDecision =
    "INSERT INTO decisions (case_id, outcome, amount_sek, reasons, special_reasons, delegation_ref, "
    "revocation_clause, decided_by, decided_on) VALUES (:c, :o, :a, :r, :sr, :dr, :rc, :by, :d::date) RETURNING id";

#define GRANSKA_DECISION_COLUMNS                                                                                 \
  "SELECT d.id::bigint, d.case_id::bigint, d.outcome, d.amount_sek::bigint, d.reasons, "                         \
  "coalesce(d.special_reasons, ''), d.delegation_ref, coalesce(d.revocation_clause, ''), d.decided_by::bigint, " \
  "u.name, " GRANSKA_ISO("d.decided_at") ", d.decided_on::text, d.annulled_by_appeal::bigint "                   \
  "FROM decisions d JOIN users u ON u.id = d.decided_by "

// The standing decision: one annulled by an appeal (migration 0018) no longer decides the case.
constexpr const char* kFindDecision = GRANSKA_DECISION_COLUMNS "WHERE d.case_id = :c AND d.annulled_by_appeal IS NULL";
constexpr const char* kFindDecisionById = GRANSKA_DECISION_COLUMNS "WHERE d.id = :id";
constexpr const char* kEarlierDecisions = GRANSKA_DECISION_COLUMNS ", cases c, organisations o "
    "WHERE c.id = d.case_id AND o.id = c.organisation_id AND o.org_number = :o AND d.case_id <> :c "
    "AND d.annulled_by_appeal IS NULL ORDER BY d.decided_at DESC LIMIT 20";
#define GRANSKA_EARLIER_NUMBER "SELECT case_number FROM cases WHERE id = :c"

constexpr const char* kInsertCondition =
    "INSERT INTO conditions (case_id, decision_id, kind, due, description) VALUES (:c, :d, :k, :due::date, :t) "
    "RETURNING id";
constexpr const char* kConditionsFor =
    "SELECT id::bigint, case_id::bigint, kind, due::text, description, status, decision_id::bigint FROM conditions "
    "WHERE case_id = :c ORDER BY due, id";

constexpr const char* kAgenda =
    "SELECT r.id::bigint, r.case_id::bigint, r.automatic::int, r.question, r.referred_by::bigint, "
    GRANSKA_ISO("r.referred_at") ", r.deadline::text, " GRANSKA_ISO("r.advised_at") ", "
    "(SELECT count(*) FROM advice a WHERE a.referral_id = r.id AND NOT a.recusal)::bigint, "
    "(SELECT count(*) FROM advice a WHERE a.referral_id = r.id AND a.recusal)::bigint, "
    "(SELECT ap.raw_json FROM applications ap WHERE ap.case_id = r.case_id ORDER BY ap.revision DESC LIMIT 1) "
    "FROM referrals r JOIN cases c ON c.id = r.case_id "
    "WHERE r.advised_at IS NULL AND c.status = 'referred' ORDER BY r.referred_at, r.id";

constexpr const char* kInsertRevocation =
    "INSERT INTO revocations (case_id, decision_id, breach, democracy_reason, repayment_sek, reply_by, communicated_by) "
    "VALUES (:c, :d, :b, :dr::boolean, :r, :rb::date, :by) RETURNING id";
#define GRANSKA_REVOCATION_COLUMNS                                                                     \
  "SELECT id::bigint, case_id::bigint, decision_id::bigint, status, breach, democracy_reason::int, "   \
  "repayment_sek::bigint, repayment_due::text, reply_by::text, reply_text, " GRANSKA_ISO("replied_at") \
  ", coalesce(reasons, ''), " GRANSKA_ISO("communicated_at") ", revoked_on::text, "                    \
  "annulled_by_appeal::bigint, dropped_on::text FROM revocations "
constexpr const char* kLatestRevocation = GRANSKA_REVOCATION_COLUMNS "WHERE case_id = :c ORDER BY id DESC LIMIT 1";
constexpr const char* kFindRevocation = GRANSKA_REVOCATION_COLUMNS "WHERE id = :id";
constexpr const char* kRevocationsOf = GRANSKA_REVOCATION_COLUMNS "WHERE case_id = :c ORDER BY id";
constexpr const char* kStandingRevocationsOf =
    GRANSKA_REVOCATION_COLUMNS "WHERE decision_id = :d AND status IN ('communicated', 'revoked') ORDER BY id";
constexpr const char* kAnnulRevocation =
    "UPDATE revocations SET status = 'annulled', annulled_by_appeal = :a WHERE id = :id";
constexpr const char* kAnnulDecision =
    "UPDATE decisions SET annulled_by_appeal = :a WHERE id = :id AND annulled_by_appeal IS NULL";

constexpr const char* kInsertAppeal =
    "INSERT INTO appeals (case_id, decision_id, revocation_id, lodged_on, appellant_kind, appellant_name, court, "
    "court_case_number, recorded_by) VALUES (:c, :d, :r, :l::date, :k, NULLIF(:n, ''), :ct, NULLIF(:cn, ''), :by) "
    "RETURNING id";
#define GRANSKA_APPEAL_COLUMNS                                                                                  \
  "SELECT a.id::bigint, a.case_id::bigint, a.decision_id::bigint, a.revocation_id::bigint, a.lodged_on::text, " \
  "a.appellant_kind, coalesce(a.appellant_name, ''), a.court, coalesce(a.court_case_number, ''), "              \
  "a.recorded_by::bigint, u.name, " GRANSKA_ISO("a.recorded_at") ", a.outcome, a.outcome_on::text, "            \
  "coalesce(a.outcome_note, ''), a.outcome_recorded_by::bigint, coalesce(o.name, ''), "                         \
  GRANSKA_ISO("a.outcome_recorded_at") " FROM appeals a JOIN users u ON u.id = a.recorded_by "                  \
  "LEFT JOIN users o ON o.id = a.outcome_recorded_by "
constexpr const char* kFindAppeal = GRANSKA_APPEAL_COLUMNS "WHERE a.id = :id";
constexpr const char* kLockAppeal = GRANSKA_APPEAL_COLUMNS "WHERE a.id = :id FOR UPDATE OF a";
constexpr const char* kAppealsFor = GRANSKA_APPEAL_COLUMNS "WHERE a.case_id = :c ORDER BY a.id";
constexpr const char* kAppealCase = "SELECT case_id::bigint FROM appeals WHERE id = :id";
constexpr const char* kRecordAppealOutcome =
    "UPDATE appeals SET outcome = :o, outcome_on = :on::date, outcome_note = NULLIF(:n, ''), "
    "court_case_number = coalesce(court_case_number, NULLIF(:cn, '')), outcome_recorded_by = :by, "
    "outcome_recorded_at = now() WHERE id = :id AND outcome IS NULL";
constexpr const char* kRevocationReply =
    "UPDATE revocations SET reply_text = :t, replied_at = now() WHERE id = :id";
constexpr const char* kDropRevocation =
    "UPDATE revocations SET status = 'dropped', reasons = :r, dropped_on = :on::date, dropped_by = :by, "
    "dropped_at = now() WHERE id = :id AND status = 'communicated'";
constexpr const char* kCompleteRevocation =
    "UPDATE revocations SET status = 'revoked', reasons = :r, repayment_sek = :s, repayment_due = :d::date, "
    "revoked_on = :on::date, revoked_by = :by, revoked_at = now(), delegation_ref = nullif(:dr, '') WHERE id = :id";
constexpr const char* kOrganisationRevocations =
    "SELECT v.revoked_on::text, v.democracy_reason::int, c.case_number FROM revocations v "
    "JOIN cases c ON c.id = v.case_id JOIN organisations o ON o.id = c.organisation_id "
    "WHERE o.org_number = :o AND v.status = 'revoked' AND v.revoked_on IS NOT NULL ORDER BY v.id";
constexpr const char* kOpenCasesOf =
    "SELECT c.id::bigint FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE o.org_number = :o "
    "AND c.id <> :c AND c.status IN ('needs_info','in_review','referred','advised','communicated') ORDER BY c.id";
constexpr const char* kInsertMinutesPosting =
    "INSERT INTO minutes_postings (case_id, decision_kind, decision_ref, decided_on, posted_on, last_day, "
    "minutes_reference, correction_reason, recorded_by) "
    "VALUES (:c, :k, :r, :d::date, :p::date, :l::date, NULLIF(:m, ''), NULLIF(:x, ''), :by) RETURNING id";
constexpr const char* kLatestMinutesPosting =
    "SELECT id::bigint, case_id::bigint, decision_kind, decision_ref::bigint, decided_on::text, posted_on::text, "
    "last_day::text, coalesce(minutes_reference, ''), coalesce(correction_reason, ''), recorded_by::bigint, "
    GRANSKA_ISO("recorded_at") " FROM minutes_postings WHERE case_id = :c AND decision_kind = :k "
    "AND decision_ref = :r ORDER BY id DESC LIMIT 1";

domain::Referral ReadReferral(const soci::row& r) {
  domain::Referral x;
  x.id = BigInt(r, 0);
  x.case_id = BigInt(r, 1);
  x.automatic = Bool(r, 2);
  x.question = Text(r, 3);
  if (auto by = OptBigInt(r, 4)) x.referred_by = *by;
  x.referred_at = Text(r, 5);
  x.deadline = domain::Date::Parse(Text(r, 6)).value_or(domain::Date());
  x.advised_at = OptText(r, 7);
  return x;
}

// proposed_conditions: a jsonb array of strings, read back with the writer's inverse.
std::vector<std::string> ReadStringArray(const std::string& json) {
  if (json.empty()) return {};  // a NULL column read as empty text
  auto items = domain::ParseJsonStringArray(json);
  if (!items) throw std::runtime_error("proposed_conditions is not a JSON array of strings: " + json);
  return *items;
}

domain::Decision ReadDecision(const soci::row& r) {
  domain::Decision d;
  d.id = BigInt(r, 0);
  d.case_id = BigInt(r, 1);
  d.outcome = domain::ParseDecisionOutcome(Text(r, 2)).value_or(domain::DecisionOutcome::kRejected);
  if (auto a = OptBigInt(r, 3)) d.amount_sek = *a;
  d.reasons = Text(r, 4);
  d.special_reasons = Text(r, 5);
  d.delegation_ref = Text(r, 6);
  d.revocation_clause = Text(r, 7);
  d.decided_by = BigInt(r, 8);
  d.decided_by_name = Text(r, 9);
  d.decided_at = Text(r, 10);
  d.decided_on = domain::Date::Parse(Text(r, 11)).value_or(domain::Date());
  if (auto a = OptBigInt(r, 12)) d.annulled_by_appeal = *a;
  return d;
}

domain::Revocation ReadRevocation(const soci::row& r) {
  domain::Revocation v;
  v.id = BigInt(r, 0);
  v.case_id = BigInt(r, 1);
  v.decision_id = BigInt(r, 2);
  v.status = Text(r, 3);
  v.breach = Text(r, 4);
  v.democracy_reason = Bool(r, 5);
  v.repayment_sek = BigInt(r, 6);
  if (auto d = OptText(r, 7)) v.repayment_due = domain::Date::Parse(*d);
  v.reply_by = domain::Date::Parse(Text(r, 8)).value_or(domain::Date());
  v.reply_text = OptText(r, 9);
  v.replied_at = OptText(r, 10);
  v.reasons = Text(r, 11);
  v.communicated_at = Text(r, 12);
  if (auto d = OptText(r, 13)) v.revoked_on = domain::Date::Parse(*d);
  if (auto a = OptBigInt(r, 14)) v.annulled_by_appeal = *a;
  if (auto d = OptText(r, 15)) v.dropped_on = domain::Date::Parse(*d);
  return v;
}

domain::AppealRecord ReadAppeal(const soci::row& r) {
  domain::AppealRecord a;
  a.id = BigInt(r, 0);
  a.case_id = BigInt(r, 1);
  if (auto d = OptBigInt(r, 2)) {
    a.appealed_kind = "decision";
    a.appealed_id = *d;
  } else {
    a.appealed_kind = "revocation";
    a.appealed_id = BigInt(r, 3);
  }
  a.lodged_on = domain::Date::Parse(Text(r, 4)).value_or(domain::Date());
  a.appellant_kind = domain::ParseAppellantKind(Text(r, 5)).value_or(domain::AppellantKind::kOther);
  a.appellant_name = Text(r, 6);
  a.court = Text(r, 7);
  a.court_case_number = Text(r, 8);
  a.recorded_by = BigInt(r, 9);
  a.recorded_by_name = Text(r, 10);
  a.recorded_at = Text(r, 11);
  if (auto o = OptText(r, 12)) a.outcome = domain::ParseAppealOutcome(*o);
  if (auto on = OptText(r, 13)) a.outcome_on = domain::Date::Parse(*on);
  a.outcome_note = Text(r, 14);
  if (auto by = OptBigInt(r, 15)) a.outcome_recorded_by = *by;
  a.outcome_recorded_by_name = Text(r, 16);
  a.outcome_recorded_at = OptText(r, 17);
  return a;
}

}  // namespace

std::int64_t PgReviewRepository::InsertReferral(const domain::Referral& r) {
  long long c = r.case_id, id = 0;
  std::string automatic = r.automatic ? "true" : "false";
  Nullable<long long> by(r.referred_by);
  std::string deadline = r.deadline.ToString();
  sql_ << kInsertReferral, soci::use(c), soci::use(automatic), soci::use(r.question), soci::use(by.value, by.ind),
      soci::use(deadline), soci::into(id);
  return id;
}

std::optional<domain::Referral> PgReviewRepository::CurrentReferral(std::int64_t case_id) {
  return FirstRowById(sql_, kCurrentReferral, case_id, ReadReferral);
}

std::vector<domain::Referral> PgReviewRepository::Referrals(std::int64_t case_id) {
  return RowsById(sql_, kReferrals, case_id, ReadReferral);
}

void PgReviewRepository::MarkAdvised(std::int64_t referral_id) {
  long long r = referral_id;
  sql_ << kMarkAdvised, soci::use(r);
}

std::int64_t PgReviewRepository::InsertAdvice(const domain::Advice& a, const std::string& pc) {
  long long r = a.referral_id, r2 = a.referral_id, m = a.member_id, id = 0;
  std::string recusal = a.recusal ? "true" : "false";
  Nullable<std::string> rec(a.recommendation ? std::optional<std::string>(std::string(domain::ToString(*a.recommendation)))
                                             : std::nullopt);
  sql_ << kInsertAdvice, soci::use(r), soci::use(m), soci::use(recusal), soci::use(rec.value, rec.ind),
      soci::use(a.reasoning), soci::use(pc), soci::use(r2), soci::into(id);
  return id;
}

std::vector<domain::Advice> PgReviewRepository::ReadAdvice(const char* query, long long id) {
  std::vector<domain::Advice> out;
  soci::rowset<soci::row> rs = (sql_.prepare << query, soci::use(id));
  for (const auto& r : rs) {
    domain::Advice a;
    a.id = BigInt(r, 0);
    a.referral_id = BigInt(r, 1);
    a.member_id = BigInt(r, 2);
    a.member_name = Text(r, 3);
    a.member_sector = Text(r, 4);
    a.recusal = Bool(r, 5);
    if (auto rec = OptText(r, 6)) a.recommendation = domain::ParseAdviceRecommendation(*rec);
    a.reasoning = Text(r, 7);
    a.proposed_conditions = ReadStringArray(Text(r, 8));
    a.given_at = Text(r, 9);
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<domain::Advice> PgReviewRepository::AdviceFor(std::int64_t referral_id) {
  return ReadAdvice(kAdviceFor, referral_id);
}

std::vector<domain::Advice> PgReviewRepository::AllAdvice(std::int64_t case_id) { return ReadAdvice(kAllAdvice, case_id); }

int PgReviewRepository::MembersStillToAnswer(std::int64_t case_id, std::int64_t referral_id) {
  long long c = case_id, r = referral_id, n = 0;
  sql_ << kMembersStillToAnswer, soci::use(r), soci::use(c), soci::into(n);
  return static_cast<int>(n);
}

bool PgReviewRepository::HasRecused(std::int64_t case_id, std::int64_t member_id) {
  long long c = case_id, m = member_id, n = 0;
  sql_ << kHasRecused, soci::use(c), soci::use(m), soci::into(n);
  return n > 0;
}

std::int64_t PgReviewRepository::InsertCommunication(const domain::Communication& comm, std::int64_t sent_by) {
  long long c = comm.case_id, by = sent_by, id = 0;
  std::string outcome(domain::ToString(comm.intended_outcome));
  Nullable<long long> amount(comm.intended_amount_sek);
  std::string reply_by = comm.reply_by.ToString();
  sql_ << kInsertCommunication, soci::use(c), soci::use(outcome), soci::use(amount.value, amount.ind),
      soci::use(comm.reasons), soci::use(reply_by), soci::use(by), soci::into(id);
  return id;
}

std::int64_t PgReviewRepository::InsertInformationRequest(const domain::InformationRequest& req,
                                                          std::int64_t requested_by) {
  long long c = req.case_id, by = requested_by, id = 0;
  std::string reply_by = req.reply_by.ToString(), rules;
  for (const auto& r : req.rules) rules += (rules.empty() ? "" : ",") + r;
  sql_ << kInsertInformationRequest, soci::use(c), soci::use(reply_by), soci::use(rules), soci::use(req.message),
      soci::use(by), soci::into(id);
  return id;
}

std::optional<domain::InformationRequest> PgReviewRepository::LatestInformationRequest(std::int64_t case_id) {
  long long c = case_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kLatestInformationRequest, soci::use(c));
  for (const auto& r : rs) {
    domain::InformationRequest x;
    x.id = BigInt(r, 0);
    x.case_id = BigInt(r, 1);
    x.reply_by = domain::Date::Parse(Text(r, 2)).value_or(domain::Date());
    x.rules = CommaList(Text(r, 3));
    x.message = Text(r, 4);
    x.requested_at = Text(r, 5);
    x.requested_by_name = Text(r, 6);
    x.supplemented_at = OptText(r, 7);
    return x;
  }
  return std::nullopt;
}

std::optional<domain::Communication> PgReviewRepository::LatestCommunication(std::int64_t case_id) {
  long long c = case_id;
  soci::rowset<soci::row> rs = (sql_.prepare << kLatestCommunication, soci::use(c));
  for (const auto& r : rs) {
    domain::Communication x;
    x.id = BigInt(r, 0);
    x.case_id = BigInt(r, 1);
    x.intended_outcome = domain::ParseDecisionOutcome(Text(r, 2)).value_or(domain::DecisionOutcome::kRejected);
    if (auto a = OptBigInt(r, 3)) x.intended_amount_sek = *a;
    x.reasons = Text(r, 4);
    x.reply_by = domain::Date::Parse(Text(r, 5)).value_or(domain::Date());
    x.sent_at = Text(r, 6);
    x.reply_text = OptText(r, 7);
    x.replied_at = OptText(r, 8);
    return x;
  }
  return std::nullopt;
}

void PgReviewRepository::RecordReply(std::int64_t communication_id, const std::string& text) {
  long long id = communication_id;
  sql_ << kRecordReply, soci::use(text), soci::use(id);
}

std::int64_t PgReviewRepository::InsertDecision(const domain::Decision& d) {
  long long c = d.case_id, by = d.decided_by, id = 0;
  std::string outcome(domain::ToString(d.outcome));
  Nullable<long long> amount(d.amount_sek);
  Nullable<std::string> special(d.special_reasons.empty() ? std::nullopt : std::optional<std::string>(d.special_reasons));
  Nullable<std::string> clause(d.revocation_clause.empty() ? std::nullopt
                                                           : std::optional<std::string>(d.revocation_clause));
  std::string on = d.decided_on.ToString();
  sql_ << kInsertDecision, soci::use(c), soci::use(outcome), soci::use(amount.value, amount.ind), soci::use(d.reasons),
      soci::use(special.value, special.ind), soci::use(d.delegation_ref), soci::use(clause.value, clause.ind),
      soci::use(by), soci::use(on), soci::into(id);
  return id;
}

std::optional<domain::Decision> PgReviewRepository::FindDecision(std::int64_t case_id) {
  return FirstRowById(sql_, kFindDecision, case_id, ReadDecision);
}

std::int64_t PgReviewRepository::InsertCondition(std::int64_t case_id, std::int64_t decision_id,
                                                 const domain::ConditionSpec& spec) {
  long long c = case_id, d = decision_id, id = 0;
  std::string kind(domain::ToString(spec.kind)), due = spec.due.ToString();
  sql_ << kInsertCondition, soci::use(c), soci::use(d), soci::use(kind), soci::use(due), soci::use(spec.description),
      soci::into(id);
  return id;
}

std::vector<domain::Condition> PgReviewRepository::ConditionsFor(std::int64_t case_id) {
  long long c = case_id;
  std::vector<domain::Condition> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kConditionsFor, soci::use(c));
  for (const auto& r : rs) {
    domain::Condition x;
    x.id = BigInt(r, 0);
    x.case_id = BigInt(r, 1);
    x.kind = domain::ParseConditionKind(Text(r, 2)).value_or(domain::ConditionKind::kCustom);
    x.due = domain::Date::Parse(Text(r, 3)).value_or(domain::Date());
    x.description = Text(r, 4);
    x.status = Text(r, 5);
    x.decision_id = BigInt(r, 6);
    out.push_back(std::move(x));
  }
  return out;
}

std::vector<std::pair<std::string, domain::Decision>> PgReviewRepository::EarlierDecisions(
    const std::string& org_number, std::int64_t except_case) {
  long long c = except_case;
  std::vector<std::pair<std::string, domain::Decision>> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kEarlierDecisions, soci::use(org_number), soci::use(c));
  std::vector<domain::Decision> decisions;
  for (const auto& r : rs) decisions.push_back(ReadDecision(r));
  for (auto& d : decisions) {
    std::string number;
    long long id = d.case_id;
    sql_ << GRANSKA_EARLIER_NUMBER, soci::use(id), soci::into(number);
    out.emplace_back(number, std::move(d));
  }
  return out;
}

std::int64_t PgReviewRepository::InsertRevocation(const domain::Revocation& r, std::int64_t by) {
  long long c = r.case_id, d = r.decision_id, s = r.repayment_sek, b = by, id = 0;
  std::string dr = r.democracy_reason ? "true" : "false", rb = r.reply_by.ToString();
  sql_ << kInsertRevocation, soci::use(c), soci::use(d), soci::use(r.breach), soci::use(dr), soci::use(s),
      soci::use(rb), soci::use(b), soci::into(id);
  return id;
}

std::optional<domain::Revocation> PgReviewRepository::LatestRevocation(std::int64_t case_id) {
  return FirstRowById(sql_, kLatestRevocation, case_id, ReadRevocation);
}

std::optional<domain::Revocation> PgReviewRepository::FindRevocation(std::int64_t revocation_id) {
  return FirstRowById(sql_, kFindRevocation, revocation_id, ReadRevocation);
}

std::vector<domain::Revocation> PgReviewRepository::StandingRevocationsOf(std::int64_t decision_id) {
  return RowsById(sql_, kStandingRevocationsOf, decision_id, ReadRevocation);
}

std::vector<domain::Revocation> PgReviewRepository::RevocationsOf(std::int64_t case_id) {
  return RowsById(sql_, kRevocationsOf, case_id, ReadRevocation);
}

void PgReviewRepository::AnnulRevocation(std::int64_t revocation_id, std::int64_t appeal_id) {
  long long id = revocation_id, a = appeal_id;
  sql_ << kAnnulRevocation, soci::use(a), soci::use(id);
}

std::optional<domain::Decision> PgReviewRepository::FindDecisionById(std::int64_t decision_id) {
  return FirstRowById(sql_, kFindDecisionById, decision_id, ReadDecision);
}

void PgReviewRepository::AnnulDecision(std::int64_t decision_id, std::int64_t appeal_id) {
  long long id = decision_id, a = appeal_id;
  sql_ << kAnnulDecision, soci::use(a), soci::use(id);
}

std::int64_t PgReviewRepository::InsertAppeal(const domain::AppealRecord& a) {
  long long c = a.case_id, by = a.recorded_by, id = 0;
  const bool on_decision = a.appealed_kind == "decision";
  Nullable<long long> d(on_decision ? std::optional<long long>(a.appealed_id) : std::nullopt);
  Nullable<long long> r(on_decision ? std::nullopt : std::optional<long long>(a.appealed_id));
  std::string lodged = a.lodged_on.ToString(), kind(domain::ToString(a.appellant_kind));
  sql_ << kInsertAppeal, soci::use(c), soci::use(d.value, d.ind), soci::use(r.value, r.ind), soci::use(lodged),
      soci::use(kind), soci::use(a.appellant_name), soci::use(a.court), soci::use(a.court_case_number), soci::use(by),
      soci::into(id);
  return id;
}

std::optional<domain::AppealRecord> PgReviewRepository::FindAppeal(std::int64_t appeal_id) {
  return FirstRowById(sql_, kFindAppeal, appeal_id, ReadAppeal);
}

std::optional<domain::AppealRecord> PgReviewRepository::LockAppeal(std::int64_t appeal_id) {
  return FirstRowById(sql_, kLockAppeal, appeal_id, ReadAppeal);
}

std::optional<std::int64_t> PgReviewRepository::AppealCase(std::int64_t appeal_id) {
  return FirstRowById(sql_, kAppealCase, appeal_id, [](const soci::row& r) { return BigInt(r, 0); });
}

std::vector<domain::AppealRecord> PgReviewRepository::AppealsFor(std::int64_t case_id) {
  return RowsById(sql_, kAppealsFor, case_id, ReadAppeal);
}

bool PgReviewRepository::RecordAppealOutcome(std::int64_t appeal_id, domain::AppealOutcome outcome,
                                             domain::Date outcome_on, const std::string& note,
                                             const std::string& court_case_number, std::int64_t by) {
  long long id = appeal_id, b = by;
  std::string o(domain::ToString(outcome)), on = outcome_on.ToString();
  soci::statement st = (sql_.prepare << kRecordAppealOutcome, soci::use(o), soci::use(on), soci::use(note),
                        soci::use(court_case_number), soci::use(b), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void PgReviewRepository::RecordRevocationReply(std::int64_t revocation_id, const std::string& text) {
  long long id = revocation_id;
  sql_ << kRevocationReply, soci::use(text), soci::use(id);
}

void PgReviewRepository::CompleteRevocation(std::int64_t revocation_id, const std::string& reasons,
                                            std::int64_t repayment_sek, std::optional<domain::Date> repayment_due,
                                            domain::Date revoked_on, std::int64_t by,
                                            const std::string& delegation_ref) {
  long long id = revocation_id, s = repayment_sek, b = by;
  Nullable<std::string> due(repayment_due ? std::optional<std::string>(repayment_due->ToString()) : std::nullopt);
  std::string on = revoked_on.ToString();
  sql_ << kCompleteRevocation, soci::use(reasons), soci::use(s), soci::use(due.value, due.ind), soci::use(on),
      soci::use(b), soci::use(delegation_ref), soci::use(id);
}

void PgReviewRepository::DropRevocation(std::int64_t revocation_id, const std::string& reasons,
                                        domain::Date dropped_on, std::int64_t by) {
  long long id = revocation_id, b = by;
  std::string on = dropped_on.ToString();
  soci::statement st =
      (sql_.prepare << kDropRevocation, soci::use(reasons), soci::use(on), soci::use(b), soci::use(id));
  st.execute(true);
  // The service checked the status under the case's lock: a miss here is a bug, not input.
  if (st.get_affected_rows() != 1)
    throw std::logic_error("revocation " + std::to_string(revocation_id) + " is not communicated");
}

std::vector<std::tuple<domain::Date, bool, std::string>> PgReviewRepository::OrganisationRevocations(
    const std::string& org_number) {
  std::vector<std::tuple<domain::Date, bool, std::string>> out;
  // Every screening asks this: a prepared statement of the connection (store/prepared.hpp).
  const auto rows = Prepared(sql_, kOrganisationRevocations, {org_number});
  for (int i = 0; i < rows.Size(); ++i) {
    const PgRow r{rows, i};
    out.emplace_back(domain::Date::Parse(Text(r, 0)).value_or(domain::Date()), Bool(r, 1), Text(r, 2));
  }
  return out;
}

std::vector<std::int64_t> PgReviewRepository::OpenCasesOf(const std::string& org_number, std::int64_t except_case) {
  long long c = except_case;
  std::vector<std::int64_t> out;
  soci::rowset<soci::row> rs = (sql_.prepare << kOpenCasesOf, soci::use(org_number), soci::use(c));
  for (const auto& r : rs) out.push_back(BigInt(r, 0));
  return out;
}

std::vector<workflow::ReviewRepository::AgendaItem> PgReviewRepository::Agenda() {
  std::vector<AgendaItem> items;
  soci::rowset<soci::row> rs = (sql_.prepare << kAgenda);
  for (const auto& r : rs) {
    AgendaItem item;
    item.referral = ReadReferral(r);
    item.advice_count = static_cast<int>(BigInt(r, 8));
    item.recusal_count = static_cast<int>(BigInt(r, 9));
    item.application_json = OptText(r, 10).value_or("");
    items.push_back(std::move(item));
  }
  return items;
}


std::int64_t PgReviewRepository::InsertMinutesPosting(const domain::MinutesPosting& p) {
  long long c = p.case_id, r = p.decision_ref, by = p.recorded_by, id = 0;
  std::string d = p.decided_on.ToString(), posted = p.posted_on.ToString(), last = p.last_day.ToString();
  sql_ << kInsertMinutesPosting, soci::use(c), soci::use(p.decision_kind), soci::use(r), soci::use(d),
      soci::use(posted), soci::use(last), soci::use(p.minutes_reference), soci::use(p.correction_reason),
      soci::use(by), soci::into(id);
  return id;
}

std::optional<domain::MinutesPosting> PgReviewRepository::LatestMinutesPosting(std::int64_t case_id,
                                                                               const std::string& kind,
                                                                               std::int64_t decision_ref) {
  long long c = case_id, ref = decision_ref;
  soci::rowset<soci::row> rs = (sql_.prepare << kLatestMinutesPosting, soci::use(c), soci::use(kind), soci::use(ref));
  for (const auto& r : rs) {
    domain::MinutesPosting p;
    p.id = BigInt(r, 0);
    p.case_id = BigInt(r, 1);
    p.decision_kind = Text(r, 2);
    p.decision_ref = BigInt(r, 3);
    p.decided_on = domain::Date::Parse(Text(r, 4)).value_or(domain::Date());
    p.posted_on = domain::Date::Parse(Text(r, 5)).value_or(domain::Date());
    p.last_day = domain::Date::Parse(Text(r, 6)).value_or(domain::Date());
    p.minutes_reference = Text(r, 7);
    p.correction_reason = Text(r, 8);
    p.recorded_by = BigInt(r, 9);
    p.recorded_at = Text(r, 10);
    return p;
  }
  return std::nullopt;
}

}  // namespace granska::store
