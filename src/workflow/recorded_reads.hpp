#pragma once
// Reads that show personal data in the clear and are therefore themselves recorded (issue 9:
// "viewing incident details and un-pseudonymised names is itself logged"): the whole case
// file as a case officer or auditor sees it (names, evidence), and the incident register.
// The advisory group's pseudonymised packet is recorded by AdvisoryQueries::Packet.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/incident.hpp"
#include "domain/user.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

struct CaseFile {
  domain::CaseDetail detail;  // with referrals, advice, communication, decision, conditions
  std::optional<domain::User> assignee;
  std::vector<EvidenceItem> evidence;
  std::vector<Inspection> inspections;
  std::optional<domain::Revocation> revocation;  // the latest revocation process, if any
};

class RecordedReads {
 public:
  // Parses the stored application JSON (the HTTP layer owns JSON).
  using ParseApplication = std::function<domain::Application(const std::string& application_json)>;

  RecordedReads(Database& db, AdvisoryQueries& advisory) : db_(db), advisory_(advisory) {}

  // Case officers and auditors; recorded as `case_file_viewed`.
  domain::Result<CaseFile> OpenCase(const domain::Actor& actor, std::int64_t case_id, const ParseApplication& parse);
  // Whoever may read the register; recorded as `incident_register_viewed`.
  domain::Result<Page<domain::Incident>> Incidents(const domain::Actor& actor, const IncidentFilter& filter);
  // One incident, for whoever may read the register; recorded as `incident_viewed`. A role
  // that may not read the register gets the same 404 as an unknown id: whether the register
  // holds an incident is itself secret.
  domain::Result<domain::Incident> Incident(const domain::Actor& actor, std::int64_t incident_id);

 private:
  Database& db_;
  AdvisoryQueries& advisory_;
};

}  // namespace granska::workflow
