#pragma once
// The wiring: the only place that names concrete classes. One Runtime per process.
#include <memory>
#include <string>

#include "app/config.hpp"
#include "app/password_hasher.hpp"
#include "app/system_clock.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/services.hpp"
#include "store/pg_database.hpp"
#include "store/pg_rescreen_store.hpp"
#include "workflow/case_queries.hpp"
#include "workflow/registers.hpp"
#include "workflow/rescreen.hpp"
#include "http/page_support.hpp"
#include "pages/page_renderer.hpp"
#include "workflow/recorded_reads.hpp"
#include "workflow/records_service.hpp"
#include "workflow/rule_screener.hpp"
#include "letters/pdf_renderer.hpp"
#include "letters/renderer.hpp"
#include "workflow/letter_service.hpp"
#include "workflow/session_service.hpp"
#include "workflow/submit_application.hpp"

namespace granska::app {

// What a Runtime reads from files and compiles at start, and never changes afterwards: the
// rule set, the letter and page templates (checked here, so a broken one stops the start),
// the OpenAPI description and the records plan. Everything in it is used only through
// const references, by every server thread at once.
struct StartupAssets {
  std::shared_ptr<const workflow::RuleScreener> screener;
  std::string rules_json;    // GET /api/v1/rules
  std::string sources_json;  // the rule files' text, kept per rule-set version
  std::shared_ptr<const letters::Renderer> letters;
  std::shared_ptr<const pages::PageRenderer> pages;
  std::string openapi_json;
  workflow::RecordsPlan records_plan;
};

// Loads and checks everything above from `config`'s files; throws std::runtime_error naming
// the file and what is wrong.
std::shared_ptr<const StartupAssets> LoadStartupAssets(const Config& config);

class Runtime {
 public:
  // Loads the startup assets, connects to the database and records the rule-set version in
  // use; throws std::runtime_error with a clear message when the database is unreachable or
  // a file (rules, templates, records plan) is not usable.
  explicit Runtime(const Config& config);
  // The same with assets loaded beforehand from the same configuration: the test suite
  // starts a Runtime per test case and loads the assets once for all of them.
  Runtime(const Config& config, std::shared_ptr<const StartupAssets> assets);
  ~Runtime();

  store::PgDatabase& Db() { return *db_; }
  http::Services& Services() { return *services_; }
  const http::Router& Router() const { return router_; }
  workflow::UserAdmin& Users() { return users_; }
  workflow::CaseWorkflow& Workflow() { return workflow_; }
  workflow::FollowUpJob& Job() { return job_; }
  // Numbers the cases whose submitting process died before their numbering; returns how many.
  std::int64_t NumberPendingCases();
  // The background work of one tick: numbering left-over cases, follow-up (overdue,
  // reminders, outbox), retention under the records plan (gallring) and sealing the audit
  // trail. Returns a one-line summary for logs.
  std::string RunBackgroundJobs();
  workflow::SubmitApplication& Submit() { return submit_; }
  workflow::PremisesAdmin& Premises() { return premises_; }
  workflow::IncidentRegister& Incidents() { return incidents_; }
  const Config& Cfg() const { return config_; }
  const workflow::RuleScreener& Screener() const { return *assets_->screener; }
  workflow::SessionService& Sessions() { return sessions_; }
  workflow::Rescreen& Rescreen() { return *rescreen_; }
  const workflow::RecordsPlan& RecordsPlan() const { return records_plan_; }

 private:
  Config config_;
  std::unique_ptr<store::PgDatabase> db_;
  SystemClock clock_;
  std::shared_ptr<const StartupAssets> assets_;
  letters::PdfRenderer pdf_;
  std::unique_ptr<workflow::LetterService> letters_;
  workflow::SubmitApplication submit_;
  workflow::SupplementApplication supplement_;
  workflow::CaseQueries cases_;
  workflow::CaseWorkflow workflow_;
  workflow::AdvisoryQueries advisory_;
  workflow::ConditionService conditions_;
  workflow::InspectionService inspections_;
  workflow::AuditService audits_;
  workflow::RevocationService revocations_;
  std::unique_ptr<workflow::Mailer> mailer_;
  workflow::FollowUpJob job_;
  workflow::PremisesAdmin premises_;
  workflow::IncidentRegister incidents_;
  workflow::UserAdmin users_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::Services> services_;
  // The web interface: staff sessions and passwords, reads that are recorded, the pages.
  SodiumPasswordHasher hasher_;
  SodiumSessionTokens tokens_;
  workflow::SessionService sessions_{*db_, hasher_, tokens_, config_.session};
  workflow::RecordedReads reads_{*db_, advisory_};
  std::unique_ptr<http::PageServices> page_services_;
  std::unique_ptr<store::PgRescreenStore> rescreen_store_;
  std::unique_ptr<workflow::Rescreen> rescreen_;
  // Records (issue 9): the plan (a copy of the assets' one, checked when they were loaded).
  workflow::RecordsPlan records_plan_;
  std::unique_ptr<workflow::RetentionJob> retention_;
  std::unique_ptr<workflow::LegalHolds> holds_;
  std::unique_ptr<workflow::SecrecyMarks> secrecy_;
  std::unique_ptr<workflow::PublicExports> exports_;
  // Appeals to the administrative court and their outcome (workflow/appeals.hpp).
  workflow::AppealService appeals_{*db_, clock_, letters_.get()};
};

// Parses a stored application's verbatim JSON (for re-screening applications stored
// before facts snapshots existed); nullopt when it does not parse.
std::optional<domain::Application> DecodeStoredApplication(const std::string& json);

// Loads the municipality's letter settings and the letter templates; throws naming the
// file and what is wrong.
std::unique_ptr<letters::Renderer> LoadLetterRenderer(const std::string& templates_dir, const std::string& config);

// Compiles the rule set in `dir`; throws with every problem (file:line: rule: message).
workflow::RuleScreener LoadScreener(const std::string& dir);

// A fresh API token (shown once) and its SHA-256 hex, as stored.
std::string NewToken();
std::string HashTokenHex(const std::string& token);

// Sets the process time zone (TZ) so that dates are the municipality's.
void ApplyTimeZone(const std::string& zone);

// The OpenAPI description (docs/openapi.yaml, compiled in) as JSON text.
std::string OpenApiJson();

}  // namespace granska::app
