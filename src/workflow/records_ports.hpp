#pragma once
// Storage for records management: retention (which finished cases and incidents have run
// out, culling them), legal holds and secrecy marks. Implemented in store/.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/records.hpp"
#include "workflow/records_plan.hpp"

namespace granska::workflow {

struct CullCandidate {
  std::int64_t id = 0;          // case or incident id
  std::string label;            // case number, or the incident's kind
  domain::Date trigger_date;    // the day the period counts from
  bool held = false;            // under legal hold: never culled
};

struct CulledCase {
  std::string case_number;
  std::string culled_at;
  std::string record_class;
  std::string rule;
};

class RecordsRepository {
 public:
  virtual ~RecordsRepository() = default;
  // Finished, not yet culled cases of `record_class` whose `trigger` day is on or before
  // `cutoff`, ids above `after`, in id order (held ones included and flagged).
  virtual std::vector<CullCandidate> DueCases(RecordClass record_class, RetentionTrigger trigger, domain::Date cutoff,
                                              std::int64_t after, int limit) = 0;
  // Locks the rows of `case_ids`, then returns those still due under the same rule: not
  // culled, not held, still finished with nothing open. Commands lock the row too, so a hold
  // placed or a revocation begun between the read and the lock wins.
  virtual std::vector<std::int64_t> LockStillDue(const std::vector<std::int64_t>& case_ids, RecordClass record_class,
                                                 RetentionTrigger trigger, domain::Date cutoff) = 0;
  // Deletes everything about these cases but their registration and events, and marks them
  // culled. Returns the number of rows deleted per case.
  virtual std::map<std::int64_t, std::int64_t> CullCases(const std::vector<std::int64_t>& case_ids,
                                                          RecordClass record_class, const std::string& rule) = 0;
  virtual std::optional<CulledCase> Culled(std::int64_t case_id) = 0;

  // Incidents whose trigger day is on or before `cutoff` and that no inspection of a case
  // links to, ids above `after`.
  virtual std::vector<CullCandidate> DueIncidents(RetentionTrigger trigger, domain::Date cutoff, std::int64_t after,
                                                  int limit) = 0;
  // Deletes the incident and its secrecy marks; false when it is gone or now linked.
  virtual bool CullIncident(std::int64_t incident_id) = 0;
  // Deletes sessions that ended on or before `cutoff`; returns how many.
  virtual std::int64_t DeleteEndedSessions(domain::Date cutoff) = 0;

  virtual std::optional<domain::LegalHold> ActiveHold(std::int64_t case_id) = 0;
  virtual std::int64_t PlaceHold(std::int64_t case_id, const std::string& reason, std::int64_t by) = 0;
  // Returns when it was released (ISO 8601).
  virtual std::string ReleaseHold(std::int64_t hold_id, const std::string& reason, std::int64_t by) = 0;

  // Secrecy marks on a case (case_id) or an incident (incident_id); exactly one is set.
  virtual std::int64_t InsertMark(const domain::SecrecyMark& mark) = 0;
  virtual std::optional<domain::SecrecyMark> LockMark(std::int64_t id) = 0;
  virtual void RemoveMark(std::int64_t id, const std::string& reason, std::int64_t by) = 0;
  // Active (not removed) marks first by id; with removed ones when `with_removed`.
  virtual std::vector<domain::SecrecyMark> CaseMarks(std::int64_t case_id, bool with_removed) = 0;
  virtual std::vector<domain::SecrecyMark> IncidentMarks(std::int64_t incident_id, bool with_removed) = 0;
  // The incident row locked, for marking it; false when there is none.
  virtual bool LockIncident(std::int64_t incident_id) = 0;
};

}  // namespace granska::workflow
