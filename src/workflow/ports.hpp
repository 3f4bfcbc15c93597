#pragma once
// The workflow's view of storage. store/ implements these with SOCI + PostgreSQL.
// A UnitOfWork is one database transaction: a use case begins one, does its reads and
// writes (the state change and its event together), and commits; destroying an
// uncommitted UnitOfWork rolls back, so an error never leaves half-written state.
#include <cstdint>
#include <ctime>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "domain/application.hpp"
#include "domain/audit.hpp"
#include "domain/case_record.hpp"
#include "domain/date.hpp"
#include "domain/incident.hpp"
#include "domain/premises.hpp"
#include "domain/review.hpp"
#include "domain/user.hpp"
#include "workflow/records_ports.hpp"
#include "workflow/screener.hpp"
#include "workflow/session_ports.hpp"

namespace granska::workflow {

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::int64_t> next_after;  // keyset cursor: the last id of this page, if more may follow
};

// How much of each case's screening a list reads: all of it (the API's default: every
// rule's result, whose explanations cite incidents, so the read is recorded), its rule set
// and recommendation only (`screening=brief`, nothing cited), or none (the pages' rows).
enum class ScreeningDetail { kFull, kBrief, kNone };

struct CaseFilter {
  std::optional<domain::CaseStatus> status;
  std::optional<domain::ApplicationKind> kind;
  std::optional<std::string> recommendation;
  std::optional<std::string> org_number;  // normalised NNNNNN-NNNN
  std::optional<domain::Date> submitted_before;  // age: submitted before this day
  int limit = 50;
  std::optional<std::int64_t> after;  // case id: the list runs newest first, ids below this
  ScreeningDetail screening = ScreeningDetail::kFull;
  // A member of the advisory group (or the coordinator) lists only what the group reads:
  // cases referred to it, less those in which this member declared jäv.
  std::optional<std::int64_t> group_member;
};

// What a submission writes, in one statement (workflow/submit_application.cpp): the
// organisation (upserted by org number: name, municipality and district updated), the case
// already routed by its screening, its first application, its booking, its screening and
// its `submitted` and `screened` events. No number yet (workflow/case_numbering.hpp).
struct NewCase {
  domain::CaseStatus status = domain::CaseStatus::kInReview;
  std::optional<std::string> recommendation;  // the screening's, when screened
  std::int64_t version = 1;
  int year = 0;  // the year whose counter numbers the case (workflow/case_numbering.hpp)
  domain::Date submitted_on;
  std::optional<std::int64_t> linked_case_id;   // the earlier case this one reopens
  domain::Actor actor;                          // submitted by; the events' actor
  std::string submitted_detail = "{}";          // the `submitted` event's detail
  const ScreeningOutcome* screening = nullptr;  // when screened: stored with reason "submission"
  std::string screened_detail;                  // the `screened` event's detail
};

// A submission's Idempotency-Key (workflow/submit_application.hpp, migration 0016). Keys
// belong to the submitting user; the body's digest tells a retry from another request.
struct IdempotencyKey {
  std::int64_t user_id = 0;
  std::string key;             // as domain::IdempotencyKeyFault accepts it
  std::string request_sha256;  // lowercase hex SHA-256 of the request body's bytes as received
};

// The case an earlier submission with the same key opened, as stored now.
struct KeyedSubmission {
  std::string request_sha256;  // of that earlier request (lowercase hex)
  int year = 0;                // its numbering year
  domain::CaseSummary summary;  // its latest screening included; case_number empty while unnumbered
};

struct QueueFilter {
  std::optional<domain::CaseStatus> status;     // default: every status a case officer acts on
  std::optional<std::int64_t> assigned_to;      // "assigned to me"
  int limit = 50;
  std::optional<std::int64_t> after;            // oldest first: ids above this
  ScreeningDetail screening = ScreeningDetail::kFull;
  std::optional<std::int64_t> group_member;     // as CaseFilter::group_member
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;
  // Diarienummer, given after commit (workflow/case_numbering.hpp). Locks `year`'s
  // counter row until this transaction ends (creating it at 0) and returns its value.
  virtual int LockNumberCounter(int year) = 0;
  // With the counter locked: numbers every committed case of `year` that has none, in id
  // order from the counter on ("2026-00042"), records a `numbered` event for each in the
  // system's name and advances the counter, in one statement; returns the numbers it gave
  // (case id -> number).
  virtual std::map<std::int64_t, std::string> NumberWaiting(int year) = 0;
  virtual std::vector<int> YearsWithUnnumbered() = 0;
  // The numbers of those of `case_ids` that have one.
  virtual std::map<std::int64_t, std::string> CaseNumbers(const std::vector<std::int64_t>& case_ids) = 0;
  // Writes a new case (NewCase) and returns its summary, without a number yet
  // (FindSummary shows only numbered cases).
  virtual domain::CaseSummary Insert(const NewCase& c, const domain::Application& app, const std::string& raw_json) = 0;
  // The same, with the key's row in the same statement. nullopt when another transaction
  // holds the same (user, key): this one then waited for it to commit and failed, and must
  // roll back (if that one rolled back instead, the insert goes ahead).
  virtual std::optional<domain::CaseSummary> InsertWithKey(const NewCase& c, const domain::Application& app,
                                                           const std::string& raw_json, const IdempotencyKey& key) = 0;
  // The case opened by the user's earlier submission with `key`, if that key is still kept.
  virtual std::optional<KeyedSubmission> FindByIdempotencyKey(std::int64_t user_id, const std::string& key) = 0;
  // Deletes the keys stored more than `days` days ago (database time); returns how many.
  virtual std::int64_t DeleteIdempotencyKeysOlderThan(int days) = 0;
  virtual void InsertApplication(std::int64_t case_id, std::int64_t revision, const std::string& raw_json,
                                 const domain::Application& app, std::int64_t submitted_by) = 0;
  // A supplemented booking application may move its slot or premises.
  virtual void UpdateBooking(std::int64_t case_id, const domain::BookingRequest& booking) = 0;
  virtual void InsertScreening(std::int64_t case_id, std::int64_t application_revision,
                               const ScreeningOutcome& outcome, const std::string& reason) = 0;
  // Sets status (and recommendation) and bumps the version; false when `expected_version`
  // is no longer current (another writer got there first).
  virtual bool UpdateStatus(std::int64_t case_id, std::int64_t expected_version, domain::CaseStatus status,
                            const std::optional<std::string>& recommendation) = 0;
  // Bookings of `premises_id` overlapping [start, end): approved ones, and pending ones of cases
  // before `exclude_case` (all pending ones for a new submission); never `exclude_case`'s own.
  // A later application for the same time does not make an earlier one ineligible when it is
  // screened again (a supplement, a re-screening).
  // Locks the premises row until the transaction ends first, so two submissions for the same
  // room are screened one after the other and the second sees the first's booking.
  virtual std::int64_t CountOverlappingBookings(const std::string& premises_id, const domain::Instant& start,
                                                const domain::Instant& end, std::optional<std::int64_t> exclude_case) = 0;
  // The case number of an approved booking overlapping this case's booking, if any; locks the
  // premises row until the transaction ends (after the case row: the order every command uses).
  virtual std::optional<std::string> ApprovedOverlap(std::int64_t case_id) = 0;
  virtual std::optional<domain::CaseSummary> FindSummary(std::int64_t case_id) = 0;
  // The summary with the case row locked until the transaction ends: commands on one case
  // are serialised (two advisers reaching the quorum at once, two officers deciding).
  virtual std::optional<domain::CaseSummary> Lock(std::int64_t case_id) = 0;
  // Those of `case_ids` not culled, their rows held against change (FOR SHARE, in id order)
  // until the transaction ends: the retention cull, which locks them for update, waits for
  // what is written about them here, and then takes it with the case.
  virtual std::vector<std::int64_t> LockSharedUnculled(const std::vector<std::int64_t>& case_ids) = 0;
  virtual void Assign(std::int64_t case_id, std::optional<std::int64_t> user_id) = 0;
  // pending | approved | rejected | cancelled
  virtual void SetBookingStatus(std::int64_t case_id, const std::string& status) = 0;
  // pending | approved | rejected | cancelled; nullopt for a grant.
  virtual std::optional<std::string> BookingStatus(std::int64_t case_id) = 0;
  // The amount applied for in the latest revision (grants), for "not fully in favour".
  virtual std::optional<std::int64_t> AppliedAmount(std::int64_t case_id) = 0;
  virtual std::optional<std::int64_t> AssignedTo(std::int64_t case_id) = 0;
  // Was the latest screening flagged by a democracy rule?
  virtual bool DemocracyFlagged(std::int64_t case_id) = 0;
  // The rules whose result in the latest screening is needs_info (what a request names).
  virtual std::vector<std::string> NeedsInfoRules(std::int64_t case_id) = 0;
  // When a booking case's booked time begins (ISO instant, UTC); nullopt for a grant.
  virtual std::optional<std::string> BookingStart(std::int64_t case_id) = 0;
  // Whether the advisory group has advised on a referral opened since the latest screening that
  // added a flag (a flag its previous screening did not have, by screenings.outcomes): advice
  // given before a re-screening flagged the case, or added another ground (DV-3 beside DV-1),
  // did not weigh it. A flag that stays, or one that goes, asks for no new advice.
  virtual bool AdvisedSinceFlagged(std::int64_t case_id) = 0;
  // Whether the advisory group has advised on a referral opened after every one of these
  // incidents was recorded (true when `incident_ids` is empty): advice given before a verified
  // incident about the applicant entered the register did not weigh it.
  virtual bool AdvisedSinceRecorded(std::int64_t case_id, const std::vector<std::int64_t>& incident_ids) = 0;
  // The latest application revision's facts snapshot (workflow/facts_snapshot.hpp); nullopt
  // for a revision stored before snapshots existed (migration 0006) that no re-screening has
  // filled in since.
  virtual std::optional<std::string> LatestFactsSnapshot(std::int64_t case_id) = 0;
  // What the case's file gained after its latest kommunicering that a decision may rest on: the
  // latest re-screening that changed its screening, supplement or advice of the advisory group,
  // by the case's timeline (event order, not clocks), as {"rescreened"|"supplemented"|"advised",
  // ISO instant}.
  struct LaterMaterial {
    std::string event;
    std::string at;
  };
  virtual std::optional<LaterMaterial> MaterialAfterCommunication(std::int64_t case_id) = 0;
  // Whether the latest application revision accepts the democracy conditions
  // (declarations.democracy_conditions_accepted is true): an approval's revocation clause rests on them.
  virtual bool DemocracyConditionsAccepted(std::int64_t case_id) = 0;
  virtual std::optional<domain::CaseDetail> FindDetail(std::int64_t case_id) = 0;
  virtual Page<domain::CaseSummary> List(const CaseFilter& filter) = 0;
  // An officer's queue: open cases oldest first.
  virtual Page<domain::CaseSummary> Queue(const QueueFilter& filter) = 0;
  virtual std::optional<std::int64_t> LinkedCase(std::int64_t case_id) = 0;
};

class EventLog {
 public:
  virtual ~EventLog() = default;
  // Appends one event to the timeline (case_id may be absent for register events).
  virtual std::int64_t Append(std::optional<std::int64_t> case_id, const domain::Actor& actor,
                              const std::string& event, const std::string& detail_json) = 0;
};

struct IncidentFilter {
  std::optional<std::string> org_number;
  std::optional<domain::IncidentKind> kind;
  int limit = 50;
  std::optional<std::int64_t> after;
};

class IncidentRepository {
 public:
  virtual ~IncidentRepository() = default;
  virtual std::int64_t Insert(const domain::Incident& incident) = 0;
  virtual std::optional<domain::Incident> Find(std::int64_t id) = 0;
  virtual Page<domain::Incident> List(const IncidentFilter& filter) = 0;
  // Incidents whose subject is one of these organisation numbers (NNNNNN-NNNN) or one of
  // these persons (normalised names, domain::NormalisePersonName).
  virtual std::vector<domain::Incident> FindBySubjects(const std::vector<std::string>& org_numbers,
                                                       const std::vector<std::string>& person_names) = 0;
  // The text of every incident part under an active secrecy mark that a screening's
  // explanation can quote (the reference, the summary, a person's name as subject), with its
  // mark's id, incident, part and ground; oldest mark first. Empty texts are left out.
  struct MarkedText {
    std::int64_t mark_id = 0;
    std::int64_t incident_id = 0;
    std::string part, ground, text;
  };
  virtual std::vector<MarkedText> MarkedTexts() = 0;
};

class PremisesRepository {
 public:
  virtual ~PremisesRepository() = default;
  // Returns true when created, false when an existing room was changed.
  virtual bool Upsert(const domain::Premises& premises) = 0;
  virtual std::optional<domain::Premises> Find(const std::string& id) = 0;
  virtual std::vector<domain::Premises> List() = 0;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  // Empty when a live user already has the name (compared as at sign-in): a concurrent
  // insert of the same name won, and the caller reports the clash as UserAdmin::Add does.
  virtual std::optional<std::int64_t> Insert(const domain::User& user) = 0;
  virtual void AddToken(std::int64_t user_id, const std::string& token_hash_hex) = 0;
  virtual std::optional<domain::User> FindByTokenHash(const std::string& token_hash_hex) = 0;
  // Marks every live API token of the user revoked; returns how many were live.
  virtual int RevokeTokens(std::int64_t user_id) = 0;
  virtual std::optional<domain::User> Find(std::int64_t id) = 0;
};

class ReviewRepository {
 public:
  virtual ~ReviewRepository() = default;
  virtual std::int64_t InsertReferral(const domain::Referral& referral) = 0;
  virtual std::optional<domain::Referral> CurrentReferral(std::int64_t case_id) = 0;
  virtual std::vector<domain::Referral> Referrals(std::int64_t case_id) = 0;
  virtual void MarkAdvised(std::int64_t referral_id) = 0;
  virtual std::int64_t InsertAdvice(const domain::Advice& advice, const std::string& proposed_conditions_json) = 0;
  // Every answer to a referral, oldest first, with the member's name and sector.
  virtual std::vector<domain::Advice> AdviceFor(std::int64_t referral_id) = 0;
  virtual std::vector<domain::Advice> AllAdvice(std::int64_t case_id) = 0;
  // Has this member recused on any referral of the case?
  virtual bool HasRecused(std::int64_t case_id, std::int64_t member_id) = 0;
  // Active members of the group (advisory members and the coordinator) who could still answer
  // the referral: not yet answered it and not recused on the case.
  virtual int MembersStillToAnswer(std::int64_t case_id, std::int64_t referral_id) = 0;
  virtual std::int64_t InsertInformationRequest(const domain::InformationRequest& r, std::int64_t requested_by) = 0;
  virtual std::optional<domain::InformationRequest> LatestInformationRequest(std::int64_t case_id) = 0;
  virtual std::int64_t InsertCommunication(const domain::Communication& c, std::int64_t sent_by) = 0;
  virtual std::optional<domain::Communication> LatestCommunication(std::int64_t case_id) = 0;
  virtual void RecordReply(std::int64_t communication_id, const std::string& text) = 0;
  virtual std::int64_t InsertDecision(const domain::Decision& d) = 0;
  virtual std::optional<domain::Decision> FindDecision(std::int64_t case_id) = 0;
  virtual std::int64_t InsertCondition(std::int64_t case_id, std::int64_t decision_id, const domain::ConditionSpec& c) = 0;
  virtual std::vector<domain::Condition> ConditionsFor(std::int64_t case_id) = 0;
  // Decisions on earlier cases of the same organisation (for the referral packet).
  virtual std::vector<std::pair<std::string, domain::Decision>> EarlierDecisions(const std::string& org_number,
                                                                                 std::int64_t except_case) = 0;
  // Referred cases awaiting advice, oldest first (the advisory group's agenda).
  struct AgendaItem {
    domain::CaseSummary summary;
    domain::Referral referral;
    int advice_count = 0;
    int recusal_count = 0;
    std::string application_json;  // the latest revision as stored: whom the question may name
  };
  virtual std::vector<AgendaItem> Agenda() = 0;
  virtual std::int64_t InsertRevocation(const domain::Revocation& r, std::int64_t by) = 0;
  virtual std::optional<domain::Revocation> LatestRevocation(std::int64_t case_id) = 0;
  virtual void RecordRevocationReply(std::int64_t revocation_id, const std::string& text) = 0;
  // `delegation_ref`: the point of the delegation rules it is decided under (empty: none).
  virtual void CompleteRevocation(std::int64_t revocation_id, const std::string& reasons, std::int64_t repayment_sek,
                                  std::optional<domain::Date> repayment_due, domain::Date revoked_on, std::int64_t by,
                                  const std::string& delegation_ref) = 0;
  // The intended revocation is not pursued (status `dropped`), with the reasons why.
  virtual void DropRevocation(std::int64_t revocation_id, const std::string& reasons, domain::Date dropped_on,
                              std::int64_t by) = 0;
  // Revocations of the organisation's support (revoked ones), for DV-5: (date, democracy reason, case number).
  virtual std::vector<std::tuple<domain::Date, bool, std::string>> OrganisationRevocations(const std::string& org_number) = 0;
  virtual std::int64_t InsertMinutesPosting(const domain::MinutesPosting& p) = 0;
  // The posting in force for the case's appealable decision of this kind and id, if any.
  virtual std::optional<domain::MinutesPosting> LatestMinutesPosting(std::int64_t case_id, const std::string& kind,
                                                                     std::int64_t decision_ref) = 0;
  // Other open cases of the organisation (to note a revocation on them).
  virtual std::vector<std::int64_t> OpenCasesOf(const std::string& org_number, std::int64_t except_case) = 0;

  // Appeals to the administrative court (workflow/appeals.hpp, migration 0018).
  // FindDecision above is the case's standing decision; this one reads any, annulled ones too.
  virtual std::optional<domain::Decision> FindDecisionById(std::int64_t decision_id) = 0;
  virtual std::optional<domain::Revocation> FindRevocation(std::int64_t revocation_id) = 0;
  virtual std::int64_t InsertAppeal(const domain::AppealRecord& appeal) = 0;
  virtual std::optional<domain::AppealRecord> FindAppeal(std::int64_t appeal_id) = 0;
  // The appeal with its row locked until the transaction ends (lock its case's row first).
  virtual std::optional<domain::AppealRecord> LockAppeal(std::int64_t appeal_id) = 0;
  // The case an appeal belongs to, without locking (to lock the case first).
  virtual std::optional<std::int64_t> AppealCase(std::int64_t appeal_id) = 0;
  // The case's appeals, oldest first.
  virtual std::vector<domain::AppealRecord> AppealsFor(std::int64_t case_id) = 0;
  // Records the court's outcome (and the court case number when given and none was known);
  // false when an outcome is already recorded: it is written once.
  virtual bool RecordAppealOutcome(std::int64_t appeal_id, domain::AppealOutcome outcome, domain::Date outcome_on,
                                   const std::string& note, const std::string& court_case_number, std::int64_t by) = 0;
  // Marks the decision annulled by the appeal: it no longer stands, and the case may be decided again.
  virtual void AnnulDecision(std::int64_t decision_id, std::int64_t appeal_id) = 0;
  // Marks the revocation annulled by the appeal (status `annulled`): DV-5 no longer counts it.
  virtual void AnnulRevocation(std::int64_t revocation_id, std::int64_t appeal_id) = 0;
  // Every revocation of the case, whatever became of it, oldest first (the public-access export).
  virtual std::vector<domain::Revocation> RevocationsOf(std::int64_t case_id) = 0;
  // The revocations of a decision that are communicated or revoked (they fall with it), oldest first.
  virtual std::vector<domain::Revocation> StandingRevocationsOf(std::int64_t decision_id) = 0;
};

struct ConditionFilter {
  std::optional<std::string> status;  // pending | fulfilled | overdue | breached | waived
  std::optional<domain::Date> due_before;
  std::optional<std::string> org_number;
  std::optional<std::int64_t> case_id;
  int limit = 50;
  std::optional<std::int64_t> after;  // due date order is not unique; pages run by id
  // A member of the advisory group (or the coordinator) lists only the conditions of the cases
  // the group reads, as CaseFilter::group_member.
  std::optional<std::int64_t> group_member;
};

struct ConditionView {
  domain::Condition condition;
  std::string case_number;
  std::string org_number;
  std::string organisation_name;
  std::string evidence;
  std::optional<std::string> closed_at;
};

struct ReminderTarget {
  domain::Condition condition;
  std::string case_number;
  std::string organisation_name;
  std::string email;  // empty when the application gave none
  std::string officer_name;  // the assigned officer, else the one who decided; empty when neither
};

struct OutboxMessage {
  std::int64_t id = 0;
  std::optional<std::int64_t> case_id;  // the case whose timeline records the delivery
  std::string dedupe_key;
  std::string to;
  std::string subject;
  std::string body;
  int attempts = 0;
  // For a condition's reminder (dedupe key reminder-due:<id> or reminder-overdue:<id>): the
  // condition's status now, or "" when the condition is gone. Empty for other messages.
  std::optional<std::string> condition_status;
};

struct BookingSlot {
  std::int64_t case_id = 0;
  std::string case_number;
  std::string organisation_name;
  std::string status;  // pending | approved
  std::string starts_at;
  std::string ends_at;
};

struct Inspection {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string premises_id;
  domain::Date planned_on;
  std::string reason;
  std::optional<domain::Date> performed_on;
  std::string findings;
  std::string outcome;  // empty until recorded
  std::optional<std::int64_t> condition_id;
  std::optional<std::int64_t> incident_id;
};

// A decided case whose follow-up is over (workflow/case_closing.hpp), with what its
// `case_closed` event names. "Under follow-up" is a case `decided` with an approving outcome;
// its support ends with the grant's period (or, without one, the decision's budget year) or
// the booking's end.
struct FollowUpOver {
  std::int64_t case_id = 0;
  domain::DecisionOutcome outcome = domain::DecisionOutcome::kApproved;
  std::string support_end;                       // approvals: grant_period | budget_year | booking_end
  std::optional<domain::Date> support_ended_on;  // grants: the period's (or budget year's) last day
  std::optional<std::int64_t> booking_ended_at;  // bookings: the end, epoch seconds
  std::optional<domain::Date> last_day_to_appeal;  // from the posting of the minutes in force, if recorded
  int conditions_fulfilled = 0, conditions_waived = 0, conditions_breached = 0;
};

class FollowUpRepository {
 public:
  virtual ~FollowUpRepository() = default;
  virtual Page<ConditionView> ListConditions(const ConditionFilter& filter) = 0;
  // The condition with its row locked for the rest of the transaction.
  virtual std::optional<ConditionView> LockCondition(std::int64_t id) = 0;
  // The case a condition belongs to, without locking (to lock the case first).
  virtual std::optional<std::int64_t> ConditionCase(std::int64_t id) = 0;
  virtual void CloseCondition(std::int64_t id, const std::string& status, const std::string& evidence,
                              std::int64_t closed_by) = 0;
  // The case's conditions that were closed as waived when the revocation `revocation_id` took
  // effect (their `condition_waived` event names it) become pending again, or overdue (since
  // `today`) when their due date has passed; returns them as they are now.
  virtual std::vector<domain::Condition> ReinstateWaivedBy(std::int64_t case_id, std::int64_t revocation_id,
                                                           domain::Date today) = 0;
  // pending conditions whose due date is before `today` become overdue; returns them.
  virtual std::vector<domain::Condition> MarkOverdue(domain::Date today) = 0;
  // Pending conditions due within [today, today + days] (before) or overdue ones (after).
  // Both leave out conditions whose reminder is already in the outbox (dedupe key
  // `key_prefix` + condition id): a schedule tick then reads only what it will write.
  virtual std::vector<ReminderTarget> DueSoon(domain::Date today, int days, const std::string& key_prefix) = 0;
  virtual std::vector<ReminderTarget> Overdue(const std::string& key_prefix) = 0;
  // false when a message with this key already exists (it is then not written again).
  virtual bool Enqueue(const std::string& dedupe_key, std::optional<std::int64_t> case_id, const std::string& to,
                       const std::string& subject, const std::string& body) = 0;
  // The next message due for sending with an id above `after`, locked (FOR UPDATE SKIP LOCKED)
  // so that no other process takes it; none when nothing is due. One per transaction: the
  // job sends it, marks it and records the event before it claims the next (review M4).
  virtual std::optional<OutboxMessage> ClaimNextMail(std::int64_t after) = 0;
  virtual void MarkSent(std::int64_t id) = 0;
  virtual void MarkFailed(std::int64_t id, const std::string& error, int retry_in_seconds) = 0;
  // Deletes an unsent message that no longer applies (its event records it), so that the
  // same reminder can be queued again should its condition come back to the same status.
  virtual void WithdrawMail(std::int64_t id) = 0;
  // The organisation's conditions on other cases, for the screening (GE-11).
  virtual std::vector<std::pair<std::string, domain::Condition>> OrganisationConditions(const std::string& org_number) = 0;
  virtual std::vector<BookingSlot> Calendar(const std::string& premises_id, const domain::Instant& from,
                                            const domain::Instant& to) = 0;
  virtual std::int64_t InsertInspection(const Inspection& inspection, std::int64_t requested_by) = 0;
  virtual std::optional<Inspection> LockInspection(std::int64_t id) = 0;
  virtual std::optional<Inspection> FindInspection(std::int64_t id) = 0;
  virtual void RecordFindings(const Inspection& inspection, std::int64_t recorded_by) = 0;
  virtual std::vector<Inspection> InspectionsFor(std::int64_t case_id) = 0;
  // Decided cases whose follow-up is over on `today` (`today_starts`: the instant the
  // municipality's day `today` began, epoch seconds), with ids above `after`, in id order:
  // an approval whose support has ended, no condition pending or overdue, no revocation
  // communicated and no recorded appeal time still running; a rejection whose last day to
  // appeal after the recorded posting of the minutes has passed. Never a case with a pending
  // appeal (workflow/appeals.hpp).
  virtual std::vector<std::int64_t> CasesWithFollowUpOver(domain::Date today, std::int64_t today_starts,
                                                          std::int64_t after, int limit) = 0;
  // The same test for one case, read anew by its own statement (call it with the case row
  // locked, so that it sees every change committed before the lock): nullopt when the case
  // is not decided or its follow-up is not over.
  virtual std::optional<FollowUpOver> CheckFollowUpOver(std::int64_t case_id, domain::Date today,
                                                        std::int64_t today_starts) = 0;
};

struct AuditRun {
  std::int64_t id = 0;
  domain::Date period_from;
  domain::Date period_to;
  int sample_size = 0;
  std::int64_t seed = 0;
  int population = 0;
  std::string criteria_json;
  std::string status;  // open | signed_off
  std::string created_at;
  std::int64_t created_by = 0;
  std::optional<std::string> signed_off_at;
  std::optional<std::int64_t> signed_off_by;
  std::string sign_off_note;
};

struct AuditFinding {
  std::int64_t id = 0;
  std::string severity;
  std::string text;
  std::string recorded_by;
  std::string recorded_at;
};

struct AuditItem {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string case_number;
  std::string organisation_name;
  int position = 0;
  std::string why;  // random | risk
  std::string risk_criteria_json;
  std::string checklist_json;
  std::vector<AuditFinding> findings;
};

// What the checklist is computed from for one granted case.
struct ChecklistFacts {
  std::string kind;        // grant | booking
  std::string grant_type;  // empty for bookings
  // GE-2 / GE-9 outcomes (documents) of the screening the decision was taken on: the latest
  // screened at or before it, not one a later re-screening wrote.
  std::optional<std::string> ge2;
  std::optional<std::string> ge9;
  std::string outcome;
  std::optional<std::int64_t> amount_sek;
  std::optional<std::int64_t> applied_sek;
  std::string reasons;
  std::string special_reasons;
  bool democracy_flag = false;
  bool communicated = false;
  int conditions_pending = 0, conditions_fulfilled = 0, conditions_overdue = 0, conditions_breached = 0,
      conditions_waived = 0;
};

// One decision in a period, with everything the board report counts.
struct DecisionRow {
  std::int64_t case_id = 0;
  std::string case_number;
  std::string kind;
  std::string grant_type;
  std::string outcome;
  std::optional<std::int64_t> amount_sek;
  domain::Date submitted_on;
  domain::Date decided_on;
  bool referred = false;
  int advice_approve = 0, advice_conditions = 0, advice_reject = 0, advice_insufficient = 0, recusals = 0;
  int conditions_pending = 0, conditions_fulfilled = 0, conditions_overdue = 0, conditions_breached = 0,
      conditions_waived = 0;
  bool annulled = false;  // annulled on appeal since (it was taken, and reported, all the same)
};

// One revocation under way or settled in a period (communicated, revoked or dropped in it), for
// the board report: what was revoked, on what ground, and what is to be repaid.
struct RevocationRow {
  std::int64_t case_id = 0;
  std::string case_number;
  std::string organisation_name;
  std::string kind;
  std::string status;  // communicated | revoked | dropped | annulled
  std::string communicated_at;  // ISO time; the report gives its local day
  domain::Date communicated_on;  // filled by the service from communicated_at
  std::optional<domain::Date> settled_on;  // revoked_on or dropped_on
  bool democracy_reason = false;
  std::int64_t repayment_sek = 0;  // claimed (revoked) or intended (otherwise)
  std::optional<domain::Date> repayment_due;
};

// One appeal lodged or decided by the court in a period, for the board report. No appellant's
// name: the kind of appellant is enough there.
struct AppealRow {
  std::int64_t case_id = 0;
  std::string case_number;
  std::string organisation_name;
  std::string appealed_kind;  // decision | revocation
  domain::Date lodged_on;
  std::string appellant_kind;  // applicant | municipal_member | other
  std::string court;
  std::string outcome;  // empty while pending; rejected | dismissed | withdrawn | annulled
  std::optional<domain::Date> outcome_on;
};

struct SubmissionMonth {
  std::string month;  // YYYY-MM
  std::string kind;
  int submitted = 0;
  int referred = 0;
};

// The coordinator's de-identified picture: counts only, grouped; no names, no free text.
struct StatisticsRow {
  std::string month;
  std::string kind;
  std::string grant_type;
  std::string district;
  std::string outcome;  // decision outcome, or the case status when undecided
  int count = 0;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  // Granted support (approved, approved with conditions) decided in [from, to].
  virtual std::vector<domain::AuditCandidate> Candidates(domain::Date from, domain::Date to) = 0;
  virtual std::int64_t InsertRun(const AuditRun& run) = 0;
  virtual void InsertItem(std::int64_t run_id, const domain::AuditPick& pick, int position,
                          const std::string& criteria_json, const std::string& checklist_json) = 0;
  virtual ChecklistFacts Checklist(std::int64_t case_id) = 0;
  virtual std::optional<AuditRun> FindRun(std::int64_t id, bool lock) = 0;
  virtual std::vector<AuditRun> Runs() = 0;
  virtual std::vector<AuditItem> Items(std::int64_t run_id) = 0;
  virtual std::optional<std::int64_t> ItemId(std::int64_t run_id, std::int64_t case_id) = 0;
  virtual std::int64_t InsertFinding(std::int64_t item_id, const std::string& severity, const std::string& text,
                                     std::int64_t by) = 0;
  virtual void SignOff(std::int64_t run_id, std::int64_t by, const std::string& note) = 0;
  virtual std::vector<DecisionRow> Decisions(domain::Date from, domain::Date to) = 0;
  // Revocations communicated, revoked or dropped in [from, to], oldest communication first. The
  // communication's day is local: rows communicated within a day of the period are returned
  // too, and the caller keeps those whose local day is inside it.
  virtual std::vector<RevocationRow> Revocations(domain::Date from, domain::Date to) = 0;
  // Appeals lodged, or decided by the court, in [from, to], in the order they were lodged.
  virtual std::vector<AppealRow> Appeals(domain::Date from, domain::Date to) = 0;
  virtual std::vector<SubmissionMonth> Submissions(domain::Date from, domain::Date to) = 0;
  virtual std::vector<StatisticsRow> Statistics(domain::Date from, domain::Date to) = 0;
};

// Everything a letter about a case says, read in one go.
struct LetterFacts {
  std::string case_number;
  domain::ApplicationKind kind = domain::ApplicationKind::kGrant;
  domain::Date submitted_on;
  std::string org_number, organisation_name, contact_name, contact_email;
  std::string grant_type;
  std::optional<std::int64_t> amount_applied;
  std::string premises_name, booking_start, booking_end;
  std::string booking_purpose;  // the booked event as the application names it (booking.purpose)
  // Officers' names for the letters' signature (empty when none): the one the case is assigned
  // to, the one who sent the latest kommunicering, and the one who acted last on the latest
  // revocation (communicated it, revoked it or dropped it).
  std::string assigned_officer, communication_officer, revocation_officer;
  // The delegation the latest revocation was decided under (migration 0027; empty when none).
  std::string revocation_delegation_ref;
  std::optional<std::string> rule_set_version;
  struct Result {
    std::string rule, outcome, title_sv, title_en, explanation_sv, explanation_en, basis;
  };
  std::vector<Result> results;  // the latest screening's results other than pass
  std::optional<domain::Decision> decision;
  std::vector<domain::Condition> conditions;
  std::optional<domain::Communication> communication;
  std::optional<std::string> advised_on;     // date the group advised
  std::string advice_summary_json;           // the "advised" event's detail
  // When the application was last screened on the applicant's account (its submission or a
  // supplement), i.e. when a needs_info case was sent back: the request's reply time runs
  // from then, however late its letter is viewed.
  std::optional<std::string> screened_on_submission_at;
};

struct ArchivedLetter {
  std::int64_t id = 0;
  std::string type, source, lang, format, sha256, issued_at;
  std::string content;
};

class LetterRepository {
 public:
  virtual ~LetterRepository() = default;
  virtual LetterFacts Facts(std::int64_t case_id) = 0;
  // false when a letter for this source, language and format is already archived.
  virtual bool Archive(std::int64_t case_id, const std::string& type, const std::string& source,
                       const std::string& lang, const std::string& format, const std::string& content,
                       const std::string& sha256) = 0;
  virtual std::optional<ArchivedLetter> Find(std::int64_t case_id, const std::string& source, const std::string& lang,
                                             const std::string& format) = 0;
  // The latest HTML letter in this language of `type` (a letters::LetterType name); with no
  // type, the latest of every type but appeal_notice (the decision, kommunicering or
  // revocation letter, whichever came last).
  virtual std::optional<ArchivedLetter> Latest(std::int64_t case_id, const std::string& lang,
                                               const std::string& type) = 0;
  virtual std::vector<ArchivedLetter> List(std::int64_t case_id) = 0;  // without content
};

class RuleSetRepository {
 public:
  virtual ~RuleSetRepository() = default;
  // Records a rule-set version and its files (name -> text) once; later calls do nothing.
  virtual void Remember(const std::string& version, const std::string& files_json, int rule_count) = 0;
};

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual CaseRepository& Cases() = 0;
  virtual EventLog& Events() = 0;
  virtual IncidentRepository& Incidents() = 0;
  virtual PremisesRepository& Premises() = 0;
  virtual UserRepository& Users() = 0;
  virtual RuleSetRepository& RuleSets() = 0;
  virtual ReviewRepository& Reviews() = 0;
  virtual FollowUpRepository& FollowUp() = 0;
  virtual SessionRepository& Sessions() = 0;
  virtual AuditRepository& Audits() = 0;
  virtual LetterRepository& Letters() = 0;
  virtual RecordsRepository& Records() = 0;
  virtual void Commit() = 0;
};

class Database {
 public:
  virtual ~Database() = default;
  virtual std::unique_ptr<UnitOfWork> Begin() = 0;
  // For a single read that needs no transaction (every statement sees its own snapshot):
  // no BEGIN and no ROLLBACK around it. Commit() on it throws.
  virtual std::unique_ptr<UnitOfWork> Read() { return Begin(); }
  virtual bool Ping() = 0;
};

// One read of one statement through Database::Read. A connection the database dropped (a
// restart) fails without a BEGIN to find out: the read is then tried once more in a unit of
// work with a transaction, which reopens the connection.
template <typename ReadFn>
auto ReadOnce(Database& db, ReadFn&& read) {
  try {
    auto uow = db.Read();
    return read(*uow);
  } catch (const std::exception&) {
    auto uow = db.Begin();
    return read(*uow);
  }
}

// The municipality's calendar: dates are in its time zone (config `time.zone`).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual domain::Date Today() const = 0;
};

// The municipality's calendar date of a moment, in the process zone, which is the configured
// one (app::ApplyTimeZone). SystemClock::Today is LocalDate(now).
domain::Date LocalDate(std::time_t moment);
// The same for a stored instant: the store writes instants in UTC, and 23:30Z on 5 December
// is 6 December in Stockholm. A text that is no instant gives its first ten characters' date.
domain::Date LocalDateOf(const std::string& iso_instant);
// The instant (epoch seconds) at which the municipality's day `day` begins: a moment is on a
// day before `day` exactly when it is earlier than this.
std::time_t LocalDayStart(domain::Date day);

}  // namespace granska::workflow
