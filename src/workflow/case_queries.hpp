#pragma once
// Read use cases over cases: the filtered list and one whole case.
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

// The whole case as stored, read inside the caller's transaction (the API's case, the
// officer's case file and the public-access export read the same), with its active legal
// hold and secrecy marks; nullopt when there is no such case or it was culled.
std::optional<domain::CaseDetail> LoadCaseDetail(UnitOfWork& uow, std::int64_t case_id);

// What a reader of the case as JSON may see of the application (security review H2): the
// same as the pages let that role see.
enum class ApplicationAccess {
  kAsSubmitted,    // case officer, auditor (who open the whole case file): the stored JSON
  kNamesShown,     // an advisory group member who asked for the names in this case (a recorded
                   // names_requested): the members the server reads, names in the clear
  kPseudonymised,  // any other group member, and an admin: the members the server reads,
                   // private persons' names pseudonymised as in the referral packet
};

struct OpenedCase {
  domain::CaseDetail detail;
  ApplicationAccess application = ApplicationAccess::kPseudonymised;
};

class CaseQueries {
 public:
  explicit CaseQueries(Database& db) : db_(db) {}
  // Not recorded (see below), so never with the screenings' results: the pages' rows
  // (ScreeningDetail::kNone, also what kFull becomes here) or the API's `screening=brief`
  // lists (kBrief: each screening's rule set and recommendation, which cite nothing).
  Page<domain::CaseSummary> List(CaseFilter filter);
  // For use cases that read a case on their own behalf: not authorized, not recorded.
  domain::Result<domain::CaseDetail> Get(std::int64_t case_id);
  // A user reads the case (application, screening, timeline): authorized by the matrix
  // (kReadCases; 403 after jäv) and recorded as `case_file_viewed`, with whether the names
  // were shown, in the same transaction as the read. `application` says how much of the
  // application the caller may show this reader; the caller (which parses it) applies it.
  domain::Result<OpenedCase> Open(const domain::Actor& actor, std::int64_t case_id);
  Page<domain::CaseSummary> Queue(QueueFilter filter);
  // The API's lists show each case's screening, whose explanations cite incidents (kind, date,
  // source, reference): a page that lists any case is recorded as `cases_listed` with the ids
  // shown, in the transaction that read them. A filter asking for less than the full
  // screening (the API's `screening=brief`) cites nothing and is read like the unrecorded
  // overloads above, which the pages' lists use. A member of the advisory group (or the
  // coordinator) gets only the cases referred to the group, less those in which the member
  // declared jäv (the rule AuthorizeOnCase keeps for one case).
  Page<domain::CaseSummary> List(const domain::Actor& actor, CaseFilter filter);
  Page<domain::CaseSummary> Queue(const domain::Actor& actor, QueueFilter filter);

 private:
  Database& db_;
};

}  // namespace granska::workflow
