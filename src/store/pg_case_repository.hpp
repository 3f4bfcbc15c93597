#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgCaseRepository final : public workflow::CaseRepository {
 public:
  explicit PgCaseRepository(soci::session& sql) : sql_(sql) {}
  int LockNumberCounter(int year) override;
  std::map<std::int64_t, std::string> NumberWaiting(int year) override;
  std::vector<int> YearsWithUnnumbered() override;
  std::map<std::int64_t, std::string> CaseNumbers(const std::vector<std::int64_t>& case_ids) override;
  domain::CaseSummary Insert(const workflow::NewCase& c, const domain::Application& app,
                             const std::string& raw_json) override;
  std::optional<domain::CaseSummary> InsertWithKey(const workflow::NewCase& c, const domain::Application& app,
                                                   const std::string& raw_json,
                                                   const workflow::IdempotencyKey& key) override;
  std::optional<workflow::KeyedSubmission> FindByIdempotencyKey(std::int64_t user_id, const std::string& key) override;
  std::int64_t DeleteIdempotencyKeysOlderThan(int days) override;
  void InsertApplication(std::int64_t case_id, std::int64_t revision, const std::string& raw_json,
                         const domain::Application& app, std::int64_t submitted_by) override;
  void UpdateBooking(std::int64_t case_id, const domain::BookingRequest& booking) override;
  void InsertScreening(std::int64_t case_id, std::int64_t application_revision,
                       const workflow::ScreeningOutcome& outcome, const std::string& reason) override;
  bool UpdateStatus(std::int64_t case_id, std::int64_t expected_version, domain::CaseStatus status,
                    const std::optional<std::string>& recommendation) override;
  std::optional<std::string> ApprovedOverlap(std::int64_t case_id) override;
  std::int64_t CountOverlappingBookings(const std::string& premises_id, const domain::Instant& start,
                                        const domain::Instant& end, std::optional<std::int64_t> exclude_case) override;
  std::optional<domain::CaseSummary> FindSummary(std::int64_t case_id) override;
  std::optional<domain::CaseSummary> Lock(std::int64_t case_id) override;
  void Assign(std::int64_t case_id, std::optional<std::int64_t> user_id) override;
  std::optional<std::int64_t> AssignedTo(std::int64_t case_id) override;
  bool DemocracyFlagged(std::int64_t case_id) override;
  std::vector<std::string> NeedsInfoRules(std::int64_t case_id) override;
  std::optional<std::string> BookingStart(std::int64_t case_id) override;
  bool DemocracyConditionsAccepted(std::int64_t case_id) override;
  bool AdvisedSinceFlagged(std::int64_t case_id) override;
  bool AdvisedSinceRecorded(std::int64_t case_id, const std::vector<std::int64_t>& incident_ids) override;
  std::optional<std::string> LatestFactsSnapshot(std::int64_t case_id) override;
  std::optional<LaterMaterial> MaterialAfterCommunication(std::int64_t case_id) override;
  void SetBookingStatus(std::int64_t case_id, const std::string& status) override;
  std::vector<std::int64_t> LockSharedUnculled(const std::vector<std::int64_t>& case_ids) override;
  std::optional<std::string> BookingStatus(std::int64_t case_id) override;
  std::optional<std::int64_t> AppliedAmount(std::int64_t case_id) override;
  std::optional<domain::CaseDetail> FindDetail(std::int64_t case_id) override;
  workflow::Page<domain::CaseSummary> List(const workflow::CaseFilter& filter) override;
  workflow::Page<domain::CaseSummary> Queue(const workflow::QueueFilter& filter) override;
  std::optional<std::int64_t> LinkedCase(std::int64_t case_id) override;

 private:
  // Transaction locks that serialise bookings of one room on the days they touch.
  void LockBookingDays(const std::string& premises_id, std::int64_t first_day, std::int64_t last_day);
  soci::session& sql_;
};

}  // namespace granska::store
