#include "domain/incident.hpp"

namespace granska::domain {

void CheckIncident(const Incident& incident, Date today, std::vector<FieldError>& errors) {
  if (today < incident.occurred_on) errors.push_back({"occurred_on", "must not be in the future"});
  if (incident.subject_org && !incident.subject_person.empty())
    errors.push_back({"subject", "must name either org_number or person, not both"});
}

}  // namespace granska::domain
