#pragma once
// What the HTTP layer can call: the use cases and a few settings. Built in app/.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "http/metrics.hpp"
#include "workflow/advisory_queries.hpp"
#include "workflow/appeals.hpp"
#include "workflow/audit_service.hpp"
#include "workflow/case_queries.hpp"
#include "workflow/case_workflow.hpp"
#include "workflow/follow_up.hpp"
#include "workflow/letter_service.hpp"
#include "workflow/recorded_reads.hpp"
#include "workflow/records_service.hpp"
#include "workflow/registers.hpp"
#include "workflow/revocation_service.hpp"
#include "workflow/submit_application.hpp"
#include "workflow/supplement_application.hpp"

namespace granska::workflow {
class Rescreen;
}

namespace granska::http {

struct PageServices;  // the web interface (http/page_support.hpp)

struct Services {
  workflow::Database& db;
  workflow::SubmitApplication& submit;
  workflow::SupplementApplication& supplement;
  workflow::CaseQueries& cases;
  workflow::CaseWorkflow& workflow;
  workflow::AdvisoryQueries& advisory;
  workflow::ConditionService& conditions;
  workflow::InspectionService& inspections;
  workflow::AuditService& audits;
  workflow::LetterService& letters;
  workflow::RevocationService& revocations;
  workflow::PremisesAdmin& premises;
  workflow::IncidentRegister& incidents;
  workflow::UserAdmin& users;
  Metrics& metrics;
  std::string openapi_json;                 // served at /api/v1/openapi.json
  std::string rules_json;                   // the active rule set for GET /api/v1/rules
  std::size_t max_body_bytes = 1 << 20;
  std::vector<std::string> metrics_allow;   // CIDR blocks that may read /metrics
  std::vector<std::string> trusted_proxies; // CIDR blocks of reverse proxies whose X-Forwarded-For counts
  PageServices* pages = nullptr;            // null: the server-rendered pages answer 404
  workflow::Rescreen* rescreen = nullptr;   // re-screening (admin); set by the runtime
  workflow::RecordedReads* reads = nullptr; // reads that are themselves recorded; set by the runtime
  // Records (issue 9): legal holds, secrecy marks, public-access exports; set by the runtime.
  workflow::LegalHolds* holds = nullptr;
  workflow::SecrecyMarks* secrecy = nullptr;
  workflow::PublicExports* exports = nullptr;
  workflow::AppealService* appeals = nullptr;  // appeals and their outcome; set by the runtime
};

}  // namespace granska::http
