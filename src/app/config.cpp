#include "app/config.hpp"

#include <Poco/AutoPtr.h>
#include <Poco/File.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/StringTokenizer.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <cstdlib>
#include <regex>
#include <stdexcept>

namespace granska::app {

namespace {

int ParseInt(const std::string& key, const std::string& value, int min, int max) {
  try {
    std::size_t pos = 0;
    const int v = std::stoi(value, &pos);
    if (pos != value.size() || v < min || v > max) throw std::out_of_range(key);
    return v;
  } catch (const std::exception&) {
    throw std::runtime_error("configuration " + key + "='" + value + "' must be a whole number from " +
                             std::to_string(min) + " to " + std::to_string(max));
  }
}

}  // namespace

std::string RedactConnection(const std::string& connection) {
  // Both forms libpq takes: `password=...` among keywords (and as a URI's query parameter),
  // and the user information of a URI, postgresql://user:secret@host/db.
  static const std::regex kPassword(R"(password\s*=\s*('([^'\\]|\\.)*'|[^\s&]+))");
  static const std::regex kUriSecret(R"(^(\s*postgres(ql)?://[^:/?#@]*):[^/?#]*@)", std::regex::icase);
  return std::regex_replace(std::regex_replace(connection, kUriSecret, "$1:***@"), kPassword, "password=***");
}

Config LoadConfig(const std::string& path) {
  Config c;
  std::string file = path;
  if (file.empty() && Poco::File("config/granska.properties").exists()) file = "config/granska.properties";
  if (!file.empty()) {
    if (!Poco::File(file).exists()) throw std::runtime_error("configuration file '" + file + "' does not exist");
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> p(new Poco::Util::PropertyFileConfiguration(file));
    c.source_file = file;
    c.http_host = p->getString("http.host", c.http_host);
    c.http_port = ParseInt("http.port", p->getString("http.port", std::to_string(c.http_port)), 0, 65535);
    c.http_threads = ParseInt("http.threads", p->getString("http.threads", std::to_string(c.http_threads)), 1, 512);
    c.http_max_body_bytes = static_cast<std::size_t>(
        ParseInt("http.max_body_bytes", p->getString("http.max_body_bytes", std::to_string(c.http_max_body_bytes)),
                 1024, 1 << 30));
    c.db_connection = p->getString("db.connection", c.db_connection);
    c.db_pool_size = static_cast<std::size_t>(
        ParseInt("db.pool_size", p->getString("db.pool_size", std::to_string(c.db_pool_size)), 1, 256));
    c.rules_dir = p->getString("rules.dir", c.rules_dir);
    c.templates_dir = p->getString("templates.dir", c.templates_dir);
    c.letters_config = p->getString("letters.config", c.letters_config);
    c.records_plan = p->getString("records.plan", c.records_plan);
    c.time_zone = p->getString("time.zone", c.time_zone);
    c.policy.quorum =
        ParseInt("advisory.quorum", p->getString("advisory.quorum", std::to_string(c.policy.quorum)), 1, 50);
    c.policy.referral_deadline_days =
        ParseInt("advisory.deadline_days",
                 p->getString("advisory.deadline_days", std::to_string(c.policy.referral_deadline_days)), 1, 365);
    c.policy.delegation_ref = p->getString("decision.delegation_ref", c.policy.delegation_ref);
    c.policy.delegation_ref_booking = p->getString("decision.delegation_ref.booking", "");
    c.policy.delegation_ref_revocation = p->getString("decision.delegation_ref.revocation", "");
    if (p->hasProperty("decision.revocation_clause"))
      throw std::runtime_error(
          "configuration decision.revocation_clause is no longer read: the clause recorded with an approval is "
          "revocation_clause.grant.sv or revocation_clause.booking.sv in the letter settings (letters.config), "
          "whose .en translation the English letters print; move the text there and remove this line");
    c.smtp_host = p->getString("smtp.host", c.smtp_host);
    c.smtp_port = ParseInt("smtp.port", p->getString("smtp.port", std::to_string(c.smtp_port)), 1, 65535);
    c.smtp_from = p->getString("smtp.from", c.smtp_from);
    c.jobs_interval_seconds =
        ParseInt("jobs.interval_seconds",
                 p->getString("jobs.interval_seconds", std::to_string(c.jobs_interval_seconds)), 0, 86400);
    c.idempotency_keep_days =
        ParseInt("idempotency.keep_days",
                 p->getString("idempotency.keep_days", std::to_string(c.idempotency_keep_days)), 1, 365);
    c.follow_up.remind_days_before =
        ParseInt("followup.remind_days_before",
                 p->getString("followup.remind_days_before", std::to_string(c.follow_up.remind_days_before)), 0, 365);
    c.risk.large_amount_sek =
        ParseInt("audit.large_amount_sek",
                 p->getString("audit.large_amount_sek", std::to_string(c.risk.large_amount_sek)), 0, 2000000000);
    c.risk.member_change_percent =
        ParseInt("audit.member_change_percent",
                 p->getString("audit.member_change_percent", std::to_string(c.risk.member_change_percent)), 1, 1000);
    auto session_int = [&](const char* key, int value, int min, int max) {
      return ParseInt(key, p->getString(key, std::to_string(value)), min, max);
    };
    c.session.idle_minutes = session_int("session.idle_minutes", c.session.idle_minutes, 1, 24 * 60);
    c.session.max_hours = session_int("session.max_hours", c.session.max_hours, 1, 24 * 14);
    c.session.account_failures = session_int("session.account_failures", c.session.account_failures, 1, 1000);
    c.session.address_failures = session_int("session.address_failures", c.session.address_failures, 1, 100000);
    c.session.failure_window_minutes =
        session_int("session.failure_window_minutes", c.session.failure_window_minutes, 1, 24 * 60);
    c.session.first_delay_seconds = session_int("session.first_delay_seconds", c.session.first_delay_seconds, 1,
                                                c.session.failure_window_minutes * 60);
    c.session.min_password_length = session_int("session.min_password_length", c.session.min_password_length, 8, 256);
    c.session.remembered_device_days =
        session_int("session.remembered_device_days", c.session.remembered_device_days, 1, 3650);
    const std::string secure = p->getString("session.cookie_secure", c.session.cookie_secure ? "true" : "false");
    if (secure != "true" && secure != "false")
      throw std::runtime_error("configuration session.cookie_secure='" + secure + "' must be true or false");
    c.session.cookie_secure = secure == "true";
    auto cidr_list = [&](const std::string& key, std::vector<std::string>& out) {
      if (!p->has(key)) return;
      out.clear();
      Poco::StringTokenizer t(p->getString(key), ",",
                              Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
      for (const auto& s : t) {
        const auto slash = s.find('/');
        Poco::Net::IPAddress ignored;
        if (!Poco::Net::IPAddress::tryParse(s.substr(0, slash), ignored))
          throw std::runtime_error("configuration " + key + ": '" + s + "' is not an IP address or CIDR block");
        out.push_back(s);
      }
    };
    cidr_list("metrics.allow", c.metrics_allow);
    cidr_list("http.trusted_proxies", c.trusted_proxies);
  }
  if (const char* v = std::getenv("GRANSKA_HTTP_PORT")) c.http_port = ParseInt("GRANSKA_HTTP_PORT", v, 0, 65535);
  if (const char* v = std::getenv("GRANSKA_HTTP_HOST")) c.http_host = v;
  if (const char* v = std::getenv("GRANSKA_DB")) c.db_connection = v;
  if (const char* v = std::getenv("GRANSKA_RULES_DIR")) c.rules_dir = v;
  if (const char* v = std::getenv("GRANSKA_TEMPLATES_DIR")) c.templates_dir = v;
  if (const char* v = std::getenv("GRANSKA_LETTERS_CONFIG")) c.letters_config = v;
  if (const char* v = std::getenv("GRANSKA_RECORDS_PLAN")) c.records_plan = v;
  if (const char* v = std::getenv("GRANSKA_SMTP_HOST")) c.smtp_host = v;
  if (const char* v = std::getenv("GRANSKA_SMTP_PORT")) c.smtp_port = ParseInt("GRANSKA_SMTP_PORT", v, 1, 65535);
  c.db_pool_size = std::max<std::size_t>(c.db_pool_size, static_cast<std::size_t>(c.http_threads));
  return c;
}

}  // namespace granska::app
