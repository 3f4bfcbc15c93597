#pragma once
// Follow-up of granted support (shared/domain.md, "The flow" 8): closing conditions,
// and the background job that marks overdue conditions, closes cases whose follow-up is over
// (workflow/case_closing.hpp), writes reminders to the outbox and sends the outbox. The job is
// safe to run in several processes at once: overdue marking is a guarded UPDATE, closing
// re-checks each case under its row lock, reminders have unique keys, and mail is claimed
// with FOR UPDATE SKIP LOCKED.
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/screening.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

// Sends one e-mail. Implemented in app/ over SMTP; tests use a real SMTP listener.
class Mailer {
 public:
  virtual ~Mailer() = default;
  // Returns an empty string on success, otherwise what went wrong. `message_id` is stable
  // per outbox row so that a receiver can recognise a resend after a crash.
  virtual std::string Send(const std::string& to, const std::string& subject, const std::string& body,
                           const std::string& message_id) = 0;
};

// A condition closed as waived because its support fell, with the detail of its
// `condition_waived` event.
struct WaivedCondition {
  domain::Condition condition;  // as it was before it was waived
  std::string event_detail;
};

// When the support a case's conditions belong to falls (a revocation, a decision annulled on
// appeal): closes its open (pending or overdue) conditions as waived with `reason`, and returns
// them, each with the detail of its `condition_waived` event naming `cause_field`: `cause_id`.
// The caller appends the events in its own transaction and order.
std::vector<WaivedCondition> WaiveOpenConditions(UnitOfWork& uow, std::int64_t case_id, const domain::Actor& actor,
                                                 const std::string& reason, const char* cause_field,
                                                 std::int64_t cause_id);

class ConditionService {
 public:
  ConditionService(Database& db) : db_(db) {}
  // A page of conditions for `actor` (the caller has checked the role may read cases). The
  // advisory group lists only the conditions of the cases it may read (referred to it, less
  // those in which the member declared jäv), as it lists cases: never more than
  // GET /api/v1/cases/{id} would show it.
  Page<ConditionView> List(const domain::Actor& actor, ConditionFilter filter);
  // status: fulfilled (evidence: what showed it), breached (what happened), waived (why).
  // `expected_version`: the version of the condition's case the caller read (If-Match); a case
  // changed since gets 409 with its state now. 404 for an unknown condition comes first.
  domain::Result<ConditionView> Close(const domain::Actor& actor, std::int64_t condition_id, const std::string& status,
                                      const std::string& text,
                                      std::optional<std::int64_t> expected_version = std::nullopt);

 private:
  Database& db_;
};

struct JobReport {
  int overdue_marked = 0;
  int cases_closed = 0;  // decided cases whose follow-up was over (workflow/case_closing.hpp)
  int reminders_written = 0;
  int reminders_without_address = 0;
  int mails_sent = 0;
  int mails_failed = 0;
  int mails_withdrawn = 0;  // reminders for conditions closed since they were queued
};

struct FollowUpSettings {
  int remind_days_before = 14;
  int max_retry_seconds = 6 * 3600;
  // Who the reminders come from and how to reach them (the letters' contact settings,
  // config/municipality.properties: contact.unit, contact.phone, contact.email); empty parts
  // are left out of the message.
  struct Sender {
    domain::LocalizedText unit;
    std::string phone, email;
  } sender;
};

class FollowUpJob {
 public:
  FollowUpJob(Database& db, const Clock& clock, Mailer* mailer, FollowUpSettings settings)
      : db_(db), clock_(clock), mailer_(mailer), settings_(settings) {}
  JobReport RunOnce();

 private:
  Database& db_;
  const Clock& clock_;
  Mailer* mailer_;  // null: mail stays in the outbox
  FollowUpSettings settings_;
};

}  // namespace granska::workflow

namespace granska::workflow {

struct FindingsInput {
  std::optional<domain::Date> performed_on;
  std::string findings;
  std::string outcome;                                // no_remarks | remarks | breach | incident
  std::optional<std::int64_t> condition_id;           // breach: the condition it breaches
  std::optional<domain::IncidentKind> incident_kind;  // incident: what was observed
  bool incident_verified = true;
};

// Inspections of rented premises ("mapping and requested inspections", Rinkeby-Kista):
// requested for a decided booking, findings recorded, and a finding turned into a breach
// of a condition or an entry in the incident register, all on the case's timeline.
class InspectionService {
 public:
  InspectionService(Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // `expected_version`: the case version the caller read (the case page's form); a case changed
  // since gets 409 (CheckVersion). The API passes none. `errors`: what the adapter already found
  // wrong with the input (a date that does not parse), reported together with the use case's own.
  domain::Result<Inspection> Request(const domain::Actor& actor, std::int64_t case_id,
                                     std::optional<std::int64_t> expected_version,
                                     std::optional<domain::Date> planned_on, const std::string& reason,
                                     std::vector<domain::FieldError> errors);
  domain::Result<Inspection> RecordFindings(const domain::Actor& actor, std::int64_t inspection_id,
                                            std::optional<std::int64_t> expected_version, const FindingsInput& input,
                                            std::vector<domain::FieldError> errors);
  std::vector<Inspection> For(std::int64_t case_id);
  // One inspection, for those who follow up cases (case officers) and auditors.
  domain::Result<Inspection> Get(const domain::Actor& actor, std::int64_t inspection_id);

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace granska::workflow
