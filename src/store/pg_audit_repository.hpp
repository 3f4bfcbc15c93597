#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgAuditRepository final : public workflow::AuditRepository {
 public:
  explicit PgAuditRepository(soci::session& sql) : sql_(sql) {}
  std::vector<domain::AuditCandidate> Candidates(domain::Date from, domain::Date to) override;
  std::int64_t InsertRun(const workflow::AuditRun& run) override;
  void InsertItem(std::int64_t run_id, const domain::AuditPick& pick, int position, const std::string& criteria_json,
                  const std::string& checklist_json) override;
  workflow::ChecklistFacts Checklist(std::int64_t case_id) override;
  std::optional<workflow::AuditRun> FindRun(std::int64_t id, bool lock) override;
  std::vector<workflow::AuditRun> Runs() override;
  std::vector<workflow::AuditItem> Items(std::int64_t run_id) override;
  std::optional<std::int64_t> ItemId(std::int64_t run_id, std::int64_t case_id) override;
  std::int64_t InsertFinding(std::int64_t item_id, const std::string& severity, const std::string& text,
                             std::int64_t by) override;
  void SignOff(std::int64_t run_id, std::int64_t by, const std::string& note) override;
  std::vector<workflow::DecisionRow> Decisions(domain::Date from, domain::Date to) override;
  std::vector<workflow::RevocationRow> Revocations(domain::Date from, domain::Date to) override;
  std::vector<workflow::AppealRow> Appeals(domain::Date from, domain::Date to) override;
  std::vector<workflow::SubmissionMonth> Submissions(domain::Date from, domain::Date to) override;
  std::vector<workflow::StatisticsRow> Statistics(domain::Date from, domain::Date to) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
