#pragma once
// Typed configuration, read once at start-up from config/granska.properties (or --config
// FILE) with environment overrides, validated, failing fast with a message naming the key.
#include <cstddef>
#include <string>
#include <vector>

#include "workflow/case_workflow.hpp"
#include "domain/audit.hpp"
#include "workflow/follow_up.hpp"
#include "workflow/session_service.hpp"

namespace granska::app {

struct Config {
  std::string http_host = "127.0.0.1";
  int http_port = 8080;
  int http_threads = 16;
  std::size_t http_max_body_bytes = 1 << 20;
  std::string db_connection;
  std::size_t db_pool_size = 16;
  std::string rules_dir = "rules";
  std::string templates_dir = "templates";
  std::string letters_config = "config/municipality.properties";  // municipality name, appeal text, …
  std::string records_plan = "config/records_plan.yaml";  // retention per record class, secrecy grounds
  std::string time_zone = "Europe/Stockholm";
  std::vector<std::string> metrics_allow{"127.0.0.0/8", "::1"};
  // Reverse proxies whose X-Forwarded-For is believed (CIDR blocks); empty: none.
  std::vector<std::string> trusted_proxies;
  workflow::Policy policy;  // advisory.quorum, advisory.deadline_days, decision.delegation_ref, decision.revocation_clause
  std::string smtp_host;  // empty: reminders stay in the outbox
  int smtp_port = 25;
  std::string smtp_from = "granska@kommun.example";
  int jobs_interval_seconds = 300;  // 0: the server does not run the job itself
  // Days an Idempotency-Key of a submission is kept (and a retry with it replayed); the
  // background job deletes older keys.
  int idempotency_keep_days = 7;
  workflow::FollowUpSettings follow_up;
  workflow::SessionPolicy session;  // session.*: sign-in sessions, throttling, passwords, cookie_secure
  domain::RiskCriteria risk;  // audit.large_amount_sek, audit.member_change_percent
  std::string source_file;  // which file was read, for messages
};

// Reads `path` (or config/granska.properties when empty and present), then the environment:
// GRANSKA_HTTP_PORT, GRANSKA_HTTP_HOST, GRANSKA_DB, GRANSKA_RULES_DIR, GRANSKA_TEMPLATES_DIR.
// Throws std::runtime_error with a message naming the bad key.
Config LoadConfig(const std::string& path);

// The connection string with any password replaced by ***, for messages and logs.
std::string RedactConnection(const std::string& connection);

}  // namespace granska::app
