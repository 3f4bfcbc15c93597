#pragma once
#include "workflow/ports.hpp"

namespace soci {
class session;
}

namespace granska::store {

class PgRecordsRepository final : public workflow::RecordsRepository {
 public:
  explicit PgRecordsRepository(soci::session& sql) : sql_(sql) {}
  std::vector<workflow::CullCandidate> DueCases(workflow::RecordClass record_class, workflow::RetentionTrigger trigger,
                                                domain::Date cutoff, std::int64_t after, int limit) override;
  std::vector<std::int64_t> LockStillDue(const std::vector<std::int64_t>& case_ids, workflow::RecordClass record_class,
                                         workflow::RetentionTrigger trigger, domain::Date cutoff) override;
  std::map<std::int64_t, std::int64_t> CullCases(const std::vector<std::int64_t>& case_ids,
                                                  workflow::RecordClass record_class, const std::string& rule) override;
  std::optional<workflow::CulledCase> Culled(std::int64_t case_id) override;
  std::vector<workflow::CullCandidate> DueIncidents(workflow::RetentionTrigger trigger, domain::Date cutoff,
                                                    std::int64_t after, int limit) override;
  bool CullIncident(std::int64_t incident_id) override;
  std::int64_t DeleteEndedSessions(domain::Date cutoff) override;
  std::optional<domain::LegalHold> ActiveHold(std::int64_t case_id) override;
  std::int64_t PlaceHold(std::int64_t case_id, const std::string& reason, std::int64_t by) override;
  std::string ReleaseHold(std::int64_t hold_id, const std::string& reason, std::int64_t by) override;
  std::int64_t InsertMark(const domain::SecrecyMark& mark) override;
  std::optional<domain::SecrecyMark> LockMark(std::int64_t id) override;
  void RemoveMark(std::int64_t id, const std::string& reason, std::int64_t by) override;
  std::vector<domain::SecrecyMark> CaseMarks(std::int64_t case_id, bool with_removed) override;
  std::vector<domain::SecrecyMark> IncidentMarks(std::int64_t incident_id, bool with_removed) override;
  bool LockIncident(std::int64_t incident_id) override;

 private:
  soci::session& sql_;
};

}  // namespace granska::store
