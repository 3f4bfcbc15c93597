#include "app/runtime.hpp"

#include "app/smtp_mailer.hpp"
#include "http/request_handler.hpp"
#include "http/json_fields.hpp"
#include "http/request_parsers.hpp"
#include <sodium.h>

#include <cstdlib>
#include <sstream>
#include <ctime>
#include <stdexcept>

namespace granska::app {

Runtime::Runtime(const Config& config)
    : config_(config),
      db_([&] {
        if (config.db_connection.empty())
          throw std::runtime_error("no database configured: set db.connection in the configuration or GRANSKA_DB");
        try {
          return std::make_unique<store::PgDatabase>(config.db_connection, config.db_pool_size);
        } catch (const std::exception& e) {
          throw std::runtime_error(std::string(e.what()) + " (db.connection='" +
                                   RedactConnection(config.db_connection) + "')");
        }
      }()),
      screener_(std::make_unique<workflow::RuleScreener>(LoadScreener(config.rules_dir))),
      submit_(*db_, clock_, screener_.get(), config.policy.referral_deadline_days),
      supplement_(*db_, clock_, screener_.get(), config.policy.referral_deadline_days),
      cases_(*db_),
      workflow_(*db_, clock_, config.policy),
      advisory_(*db_, clock_, config.policy.quorum),
      conditions_(*db_),
      inspections_(*db_, clock_),
      audits_(*db_, config.risk),
      mailer_(config.smtp_host.empty() ? nullptr
                                       : std::make_unique<SmtpMailer>(config.smtp_host, config.smtp_port, config.smtp_from)),
      job_(*db_, clock_, mailer_.get(), config.follow_up),
      premises_(*db_),
      incidents_(*db_, clock_),
      users_(*db_),
      router_(http::BuildRouter()) {
  services_.reset(new http::Services{*db_, submit_, supplement_, cases_, workflow_, advisory_, conditions_, inspections_, audits_, premises_, incidents_, users_, metrics_, OpenApiJson(),
                                     screener_->RulesJson(), config.http_max_body_bytes, config.metrics_allow});
  // The web interface: its templates are checked now, so a broken one stops the start.
  auto page_renderer = pages::PageRenderer::Load(pages::BuiltInAssets());
  if (!page_renderer) throw std::runtime_error(page_renderer.Err().detail);
  pages_ = std::make_unique<pages::PageRenderer>(std::move(*page_renderer));
  page_services_.reset(new http::PageServices{*pages_, sessions_, reads_, tokens_, screener_->SourcesJson()});
  services_->pages = page_services_.get();
  http::AddPageRoutes(router_);
  rescreen_store_ = std::make_unique<store::PgRescreenStore>(db_->Pool());
  rescreen_ = std::make_unique<workflow::Rescreen>(*rescreen_store_, *screener_, DecodeStoredApplication);
  services_->rescreen = rescreen_.get();
  // Keep the text of the rule-set version in use, so old screenings stay explainable.
  auto uow = db_->Begin();
  uow->RuleSets().Remember(screener_->Rules().Version(), screener_->SourcesJson(),
                           static_cast<int>(screener_->Rules().RuleCount()));
  uow->Commit();
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
  ::tzset();
}

}  // namespace granska::app
