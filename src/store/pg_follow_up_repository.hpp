#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgFollowUpRepository final : public workflow::FollowUpRepository {
 public:
  explicit PgFollowUpRepository(soci::session& sql) : sql_(sql) {}
  workflow::Page<workflow::ConditionView> ListConditions(const workflow::ConditionFilter& filter) override;
  std::optional<workflow::ConditionView> LockCondition(std::int64_t id) override;
  std::optional<std::int64_t> ConditionCase(std::int64_t id) override;
  std::vector<domain::Condition> ReinstateWaivedBy(std::int64_t case_id, std::int64_t revocation_id,
                                                   domain::Date today) override;
  void CloseCondition(std::int64_t id, const std::string& status, const std::string& evidence,
                      std::int64_t closed_by) override;
  std::vector<domain::Condition> MarkOverdue(domain::Date today) override;
  std::vector<workflow::ReminderTarget> DueSoon(domain::Date today, int days, const std::string& key_prefix) override;
  std::vector<workflow::ReminderTarget> Overdue(const std::string& key_prefix) override;
  bool Enqueue(const std::string& dedupe_key, std::optional<std::int64_t> case_id, const std::string& to,
               const std::string& subject, const std::string& body) override;
  std::optional<workflow::OutboxMessage> ClaimNextMail(std::int64_t after) override;
  void MarkSent(std::int64_t id) override;
  void MarkFailed(std::int64_t id, const std::string& error, int retry_in_seconds) override;
  void WithdrawMail(std::int64_t id) override;
  std::vector<std::pair<std::string, domain::Condition>> OrganisationConditions(const std::string& org_number) override;
  std::vector<workflow::BookingSlot> Calendar(const std::string& premises_id, const domain::Instant& from,
                                              const domain::Instant& to) override;
  std::int64_t InsertInspection(const workflow::Inspection& inspection, std::int64_t requested_by) override;
  std::optional<workflow::Inspection> LockInspection(std::int64_t id) override;
  std::optional<workflow::Inspection> FindInspection(std::int64_t id) override;
  void RecordFindings(const workflow::Inspection& inspection, std::int64_t recorded_by) override;
  std::vector<workflow::Inspection> InspectionsFor(std::int64_t case_id) override;
  std::vector<std::int64_t> CasesWithFollowUpOver(domain::Date today, std::int64_t today_starts, std::int64_t after,
                                                  int limit) override;
  std::optional<workflow::FollowUpOver> CheckFollowUpOver(std::int64_t case_id, domain::Date today,
                                                          std::int64_t today_starts) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
