#include "app/runtime.hpp"

#include <Poco/Logger.h>
#include <soci/soci.h>
#include <sodium.h>

#include <cstdlib>
#include <ctime>
#include <sstream>
#include <stdexcept>

#include "app/records_plan_file.hpp"
#include "app/smtp_mailer.hpp"
#include "http/json_fields.hpp"
#include "http/request_handler.hpp"
#include "http/request_parsers.hpp"
#include "store/event_chain.hpp"
#include "store/migrations.hpp"

namespace granska::app {

namespace {

// The reminders come from the unit the letters name as the contact.
workflow::FollowUpSettings WithSender(workflow::FollowUpSettings settings, const letters::MunicipalityConfig& letters) {
  settings.sender.unit = letters.contact_unit;
  settings.sender.phone = letters.contact_phone;
  settings.sender.email = letters.contact_email;
  return settings;
}

// The clauses recorded with approvals come from the letter settings, so that the Swedish
// text recorded and quoted and the English letter's translation are one pair.
workflow::Policy WithRevocationClauses(workflow::Policy policy, const letters::MunicipalityConfig& letters) {
  policy.revocation_clause_grant = letters.revocation_clause_grant.sv;
  policy.revocation_clause_booking = letters.revocation_clause_booking.sv;
  return policy;
}

// A database that `granska migrate` has not brought up to this build's schema is refused
// here, with what to do, instead of by the first statement that meets a missing table (whose
// error quotes every bound value: the rule files' text).
void RequireCurrentSchema(store::PgDatabase& db) {
  store::SchemaState state;
  {
    soci::session sql(db.Pool());
    state = store::ReadSchemaState(sql);
  }
  if (state.UpToDate()) return;
  throw std::runtime_error("the database schema is at version " +
                           (state.version ? std::to_string(*state.version) : std::string("none")) +
                           ", this build needs " + std::to_string(state.needed) +
                           (state.version && *state.version >= state.needed
                                ? " (" + std::to_string(state.missing) + " earlier migration(s) not applied)"
                                : std::string()) +
                           ": run `granska migrate`");
}

}  // namespace

std::shared_ptr<const StartupAssets> LoadStartupAssets(const Config& config) {
  auto assets = std::make_shared<StartupAssets>();
  assets->screener = std::make_shared<const workflow::RuleScreener>(LoadScreener(config.rules_dir));
  assets->rules_json = assets->screener->RulesJson();
  assets->sources_json = assets->screener->SourcesJson();
  assets->letters = LoadLetterRenderer(config.templates_dir, config.letters_config);
  auto page_renderer = pages::PageRenderer::Load(pages::BuiltInAssets());
  if (!page_renderer) throw std::runtime_error(page_renderer.Err().detail);
  assets->pages = std::make_shared<const pages::PageRenderer>(std::move(*page_renderer));
  assets->openapi_json = OpenApiJson();
  assets->records_plan = LoadRecordsPlan(config.records_plan);
  return assets;
}

Runtime::Runtime(const Config& config) : Runtime(config, LoadStartupAssets(config)) {}

Runtime::Runtime(const Config& config, std::shared_ptr<const StartupAssets> assets)
    : config_(config),
      db_([&] {
        if (config.db_connection.empty())
          throw std::runtime_error("no database configured: set db.connection in the configuration or GRANSKA_DB");
        std::unique_ptr<store::PgDatabase> db;
        try {
          db = std::make_unique<store::PgDatabase>(config.db_connection, config.db_pool_size);
        } catch (const std::exception& e) {
          throw std::runtime_error(std::string(e.what()) + " (db.connection='" +
                                   RedactConnection(config.db_connection) + "')");
        }
        RequireCurrentSchema(*db);  // before anything below touches a table
        return db;
      }()),
      assets_(std::move(assets)),
      pdf_([] {
        letters::PdfOptions options;
        options.log_failure = [](const std::string& cause) {
          Poco::Logger::get("granska.letters").error("PDF rendering failed: %s", cause);
        };
        return options;
      }()),
      letters_(std::make_unique<workflow::LetterService>(*db_, clock_, *assets_->letters, pdf_)),
      submit_(*db_, clock_, assets_->screener.get(), config.policy.referral_deadline_days,
              config.idempotency_keep_days),
      supplement_(*db_, clock_, assets_->screener.get(), config.policy.referral_deadline_days),
      cases_(*db_),
      workflow_(*db_, clock_, WithRevocationClauses(config.policy, assets_->letters->Config()), letters_.get()),
      advisory_(*db_, clock_, config.policy.quorum),
      conditions_(*db_),
      inspections_(*db_, clock_),
      audits_(*db_, config.risk),
      revocations_(*db_, clock_, letters_.get(), config.policy.RevocationDelegation()),
      mailer_(config.smtp_host.empty()
                  ? nullptr
                  : std::make_unique<SmtpMailer>(config.smtp_host, config.smtp_port, config.smtp_from)),
      job_(*db_, clock_, mailer_.get(), WithSender(config.follow_up, assets_->letters->Config())),
      premises_(*db_),
      incidents_(*db_, clock_),
      users_(*db_),
      router_(http::BuildRouter()) {
  services_.reset(new http::Services{*db_,
                                     submit_,
                                     supplement_,
                                     cases_,
                                     workflow_,
                                     advisory_,
                                     conditions_,
                                     inspections_,
                                     audits_,
                                     *letters_,
                                     revocations_,
                                     premises_,
                                     incidents_,
                                     users_,
                                     metrics_,
                                     assets_->openapi_json,
                                     assets_->rules_json,
                                     config.http_max_body_bytes,
                                     config.metrics_allow,
                                     config.trusted_proxies});
  page_services_.reset(new http::PageServices{*assets_->pages, sessions_, reads_, tokens_, assets_->sources_json});
  services_->pages = page_services_.get();
  services_->reads = &reads_;
  http::AddPageRoutes(router_);
  rescreen_store_ = std::make_unique<store::PgRescreenStore>(db_->Pool());
  rescreen_ = std::make_unique<workflow::Rescreen>(*rescreen_store_, *assets_->screener, DecodeStoredApplication);
  services_->rescreen = rescreen_.get();
  records_plan_ = assets_->records_plan;
  retention_ = std::make_unique<workflow::RetentionJob>(*db_, clock_, records_plan_);
  holds_ = std::make_unique<workflow::LegalHolds>(*db_);
  secrecy_ = std::make_unique<workflow::SecrecyMarks>(*db_, records_plan_);
  exports_ = std::make_unique<workflow::PublicExports>(*db_, clock_, records_plan_);
  services_->holds = holds_.get();
  services_->secrecy = secrecy_.get();
  services_->exports = exports_.get();
  services_->appeals = &appeals_;
  // Keep the text of the rule-set version in use, so old screenings stay explainable.
  auto uow = db_->Begin();
  uow->RuleSets().Remember(assets_->screener->Rules().Version(), assets_->sources_json,
                           static_cast<int>(assets_->screener->Rules().RuleCount()));
  uow->Commit();
}

std::int64_t Runtime::NumberPendingCases() { return workflow::CaseNumbering(*db_).NumberPending(); }

std::string Runtime::RunBackgroundJobs() {
  const std::int64_t numbered = NumberPendingCases();
  const auto r = job_.RunOnce();
  const auto retention = retention_->RunOnce();
  const std::int64_t throttle_pruned = sessions_.PruneThrottle();
  const std::int64_t devices_pruned = sessions_.PruneDevices();
  const std::int64_t keys_expired = submit_.ExpireIdempotencyKeys();
  std::int64_t sealed = 0;
  {
    soci::session sql(db_->Pool());
    sealed = store::SealPendingEvents(sql);
  }
  return "cases numbered after an interrupted submission: " + std::to_string(numbered) +
         "; overdue conditions marked: " + std::to_string(r.overdue_marked) +
         "; cases closed: " + std::to_string(r.cases_closed) +
         "; reminders written: " + std::to_string(r.reminders_written) + " (" +
         std::to_string(r.reminders_without_address) + " without an e-mail address)" +
         "; e-mails sent: " + std::to_string(r.mails_sent) +
         ", failed (will retry): " + std::to_string(r.mails_failed) +
         ", withdrawn (condition closed): " + std::to_string(r.mails_withdrawn) +
         "; culled under the records plan: " + std::to_string(retention.cases_culled) + " case(s), " +
         std::to_string(retention.incidents_culled) + " incident(s), " + std::to_string(retention.sessions_deleted) +
         " session(s); due but under legal hold: " + std::to_string(retention.held_skipped) +
         "; sign-in throttle keys forgotten: " + std::to_string(throttle_pruned) + "; remembered devices unused for " +
         std::to_string(sessions_.Policy().remembered_device_days) +
         " days forgotten: " + std::to_string(devices_pruned) + "; idempotency keys expired (older than " +
         std::to_string(submit_.KeyKeepDays()) + " days): " + std::to_string(keys_expired) +
         "; audit-trail events sealed: " + std::to_string(sealed);
}

std::unique_ptr<letters::Renderer> LoadLetterRenderer(const std::string& templates_dir, const std::string& config) {
  auto municipality = letters::MunicipalityConfig::Load(config);
  if (!municipality) {
    std::string why = municipality.Err().detail;
    for (const auto& e : municipality.Err().errors) why += " " + e.field + ": " + e.message + ";";
    throw std::runtime_error("the letter settings in '" + config + "' are not usable: " + why);
  }
  auto renderer = letters::Renderer::Load(templates_dir, std::move(*municipality));
  if (!renderer) {
    // The detail already lists (up to 20 of) the problems: print each problem once, on its line.
    const auto& problems = renderer.Err().errors;
    std::string why = problems.empty() ? renderer.Err().detail : std::to_string(problems.size()) + " problem(s):";
    for (const auto& e : problems) why += "\n  " + e.field + ": " + e.message;
    throw std::runtime_error("the letter templates in '" + templates_dir + "' are not usable: " + why);
  }
  return std::make_unique<letters::Renderer>(std::move(*renderer));
}

workflow::RuleScreener LoadScreener(const std::string& dir) {
  auto loaded = rules::RuleSet::LoadDirectory(dir);
  if (!loaded) {
    std::ostringstream msg;
    msg << "the rule set in '" << dir << "' does not compile:";
    for (const auto& p : loaded.problems) msg << "\n  " << p;
    throw std::runtime_error(msg.str());
  }
  return workflow::RuleScreener(*loaded.rule_set);
}

Runtime::~Runtime() = default;

std::optional<domain::Application> DecodeStoredApplication(const std::string& json) {
  std::string error;
  auto object = http::ParseObject(json, error);
  if (!object) return std::nullopt;
  std::vector<domain::FieldError> ignored;  // stored applications passed intake once
  return http::ParseApplication(object, ignored);
}

std::string NewToken() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char b64[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string("gsk_") + b64;
}

std::string HashTokenHex(const std::string& token) { return http::HashToken(token); }

void ApplyTimeZone(const std::string& zone) {
  ::setenv("TZ", zone.c_str(), 1);
  // libpq sends PGTZ as each new session's TimeZone, so a timestamptz's `::date` in SQL (the
  // records plan's retention dates) is the municipality's date as well, not the server's.
  ::setenv("PGTZ", zone.c_str(), 1);
  ::tzset();
}

}  // namespace granska::app
