#pragma once
// Use cases of the periodic audit (shared/domain.md, "The flow" 9): draw a reproducible
// sample of granted support with a checklist per case, record findings, sign off, and
// the report for the board; plus the coordinator's de-identified statistics.
#include <optional>
#include <string>
#include <vector>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

struct AuditRequest {
  std::optional<domain::Date> from;
  std::optional<domain::Date> to;
  std::optional<std::int64_t> sample_size;
  std::optional<std::int64_t> seed;
};

struct AuditRunView {
  AuditRun run;
  std::vector<AuditItem> items;
};

struct AuditReport {
  AuditRun run;
  std::vector<DecisionRow> decisions;
  std::vector<SubmissionMonth> submissions;
  std::vector<RevocationRow> revocations;  // communicated, revoked or dropped in the period
  std::vector<AppealRow> appeals;          // lodged or decided by the court in the period
};

// Counts below this are suppressed in the coordinator's statistics so that no
// organisation can be singled out.
inline constexpr int kSuppressBelow = 5;

struct StatisticsCell {
  std::string month, kind, grant_type, district, outcome;
  std::optional<int> count;  // nullopt: suppressed (fewer than kSuppressBelow)
};

// The statistics count whole months only: cells are per month, so a period that cut a month
// would let two overlapping requests be subtracted to single out one case (security review
// M4). The requested from/to are widened to the first day of from's month and the last day
// of to's month; the report says which period it counts.
struct StatisticsReport {
  domain::Date from, to;
  std::vector<StatisticsCell> cells;
};
StatisticsReport WholeMonths(domain::Date from, domain::Date to);

class AuditService {
 public:
  AuditService(Database& db, domain::RiskCriteria criteria) : db_(db), criteria_(criteria) {}

  domain::Result<AuditRunView> Create(const domain::Actor& actor, const AuditRequest& request,
                                      std::vector<domain::FieldError> errors);
  domain::Result<AuditRunView> Get(const domain::Actor& actor, std::int64_t run_id);
  domain::Result<std::vector<AuditRun>> List(const domain::Actor& actor);
  domain::Result<AuditRunView> AddFinding(const domain::Actor& actor, std::int64_t run_id, std::int64_t case_id,
                                          const std::string& severity, const std::string& text);
  domain::Result<AuditRunView> SignOff(const domain::Actor& actor, std::int64_t run_id, const std::string& note);
  domain::Result<AuditReport> Report(const domain::Actor& actor, std::int64_t run_id);
  // Counts the whole months that from..to touch (WholeMonths).
  domain::Result<StatisticsReport> Statistics(const domain::Actor& actor, domain::Date from, domain::Date to);

  // The checklist for one granted case, as stored with the sample (notes in Swedish).
  static std::vector<domain::ChecklistItem> BuildChecklist(const ChecklistFacts& f);
  // A stored checklist note in English, phrase by phrase; nullopt when it holds a phrase
  // BuildChecklist does not write (then the Swedish note is the one to show).
  static std::optional<std::string> ChecklistDetailInEnglish(const std::string& detail);
  const domain::RiskCriteria& Criteria() const { return criteria_; }

 private:
  Database& db_;
  domain::RiskCriteria criteria_;
};

}  // namespace granska::workflow
