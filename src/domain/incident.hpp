#pragma once
// An entry of the incident register: the evidence the democracy criteria are judged on.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"
#include "domain/org_number.hpp"
#include "domain/vocabulary.hpp"

namespace granska::domain {

struct Incident {
  std::int64_t id = 0;
  std::optional<OrgNumber> subject_org;  // exactly one of subject_org / subject_person
  std::string subject_person;
  IncidentKind kind = IncidentKind::kViolence;
  Date occurred_on;
  IncidentSource source = IncidentSource::kOther;
  bool verified = false;
  bool distanced = false;  // the organisation has publicly distanced itself from the act
  std::string reference;
  std::string summary;
  std::int64_t recorded_by = 0;
  std::string recorded_at;  // ISO 8601
};

// Invariants beyond parsing: one subject, no date in the future of `today`.
void CheckIncident(const Incident& incident, Date today, std::vector<FieldError>& errors);

}  // namespace granska::domain
