#pragma once
// Records management (issue 9, "Privacy and records"):
// - RetentionJob: gallring under the records plan, run by the background job;
// - LegalHolds: a held case is never culled;
// - SecrecyMarks: sekretessmarkering of parts of a case's documents or of an incident;
// - PublicExports: what an export for a public-access request is built from, recorded.
// Every change and its event commit in one UnitOfWork. Events carry ids, parts, grounds,
// classes and rules, never free text: they are append-only and outlive culling.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/incident.hpp"
#include "domain/records.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"
#include "workflow/records_plan.hpp"

namespace granska::workflow {

struct RetentionReport {
  int cases_culled = 0;
  int held_skipped = 0;  // due cases kept because of a legal hold
  int incidents_culled = 0;
  std::int64_t sessions_deleted = 0;
  std::vector<std::string> culled_case_numbers;
};

class RetentionJob {
 public:
  RetentionJob(Database& db, const Clock& clock, const RecordsPlan& plan, int batch_size = 100)
      : db_(db), clock_(clock), plan_(plan), batch_size_(batch_size) {}
  // One pass: each case class, then incidents, then sessions. One transaction per batch;
  // each culled case gets a `culled` event in the transaction that deletes its rows.
  RetentionReport RunOnce();

 private:
  Database& db_;
  const Clock& clock_;
  const RecordsPlan& plan_;
  int batch_size_;
};

class LegalHolds {
 public:
  explicit LegalHolds(Database& db) : db_(db) {}
  domain::Result<domain::LegalHold> Place(const domain::Actor& actor, std::int64_t case_id, const std::string& reason);
  domain::Result<domain::LegalHold> Release(const domain::Actor& actor, std::int64_t case_id, const std::string& reason);

 private:
  Database& db_;
};

struct MarkRequest {
  std::string part;
  std::string ground;
  std::string reason;
};

class SecrecyMarks {
 public:
  SecrecyMarks(Database& db, const RecordsPlan& plan) : db_(db), plan_(plan) {}
  domain::Result<domain::SecrecyMark> MarkCase(const domain::Actor& actor, std::int64_t case_id, const MarkRequest& m);
  domain::Result<domain::SecrecyMark> UnmarkCase(const domain::Actor& actor, std::int64_t case_id, std::int64_t mark_id,
                                                 const std::string& reason);
  domain::Result<std::vector<domain::SecrecyMark>> CaseMarks(const domain::Actor& actor, std::int64_t case_id);
  domain::Result<domain::SecrecyMark> MarkIncident(const domain::Actor& actor, std::int64_t incident_id,
                                                   const MarkRequest& m);
  domain::Result<domain::SecrecyMark> UnmarkIncident(const domain::Actor& actor, std::int64_t incident_id,
                                                     std::int64_t mark_id, const std::string& reason);
  domain::Result<std::vector<domain::SecrecyMark>> IncidentMarks(const domain::Actor& actor, std::int64_t incident_id);

 private:
  std::vector<domain::FieldError> Check(const MarkRequest& m, const std::vector<SecrecyPart>& parts) const;
  Database& db_;
  const RecordsPlan& plan_;
};

struct CaseExport {
  domain::CaseDetail detail;
  std::vector<domain::Revocation> revocations;  // every one, oldest first
  std::vector<domain::SecrecyMark> marks;  // active marks: these parts are left out
  // Incident parts under an active mark that the case's latest screening quotes (a rule's
  // explanation cites the incident's reference, say): the explanations quoting them are left out.
  std::vector<IncidentRepository::MarkedText> quoted_incident_marks;
  std::string produced_on;
};

struct IncidentExport {
  domain::Incident incident;
  std::vector<domain::SecrecyMark> marks;
  std::string produced_on;
};

class PublicExports {
 public:
  PublicExports(Database& db, const Clock& clock, const RecordsPlan& plan) : db_(db), clock_(clock), plan_(plan) {}
  // Reads the case and its active marks and records a `public_export` event naming the
  // parts left out and their grounds, in one transaction.
  domain::Result<CaseExport> ForCase(const domain::Actor& actor, std::int64_t case_id, const std::string& lang,
                                     const std::string& format);
  domain::Result<IncidentExport> ForIncident(const domain::Actor& actor, std::int64_t incident_id,
                                             const std::string& lang, const std::string& format);
  const RecordsPlan& Plan() const { return plan_; }

 private:
  Database& db_;
  const Clock& clock_;
  const RecordsPlan& plan_;
};

// 404 for a case that is not there; for a culled one, the detail says when and under which rule.
domain::Error CaseNotFound(UnitOfWork& uow, std::int64_t case_id);

}  // namespace granska::workflow
