#include "http/endpoint_support.hpp"

#include <charconv>
#include <ctime>

#include "http/json_fields.hpp"
#include "http/json_views.hpp"

namespace granska::http {

std::optional<Response> Deny(const Exchange& ex, workflow::Action action) {
  domain::Error error;
  if (ex.user && workflow::Authorize(ex.user->role, action, error)) return std::nullopt;
  return Problem(error, ex.instance);
}

int LimitParam(const Exchange& ex, std::vector<domain::FieldError>& errors) {
  auto it = ex.query.find("limit");
  if (it == ex.query.end()) return 50;
  int v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v < 1 || v > 200) {
    errors.push_back({"limit", "must be a whole number from 1 to 200"});
    return 50;
  }
  return v;
}

std::optional<std::int64_t> AfterParam(const Exchange& ex, const std::string& kind,
                                       std::vector<domain::FieldError>& errors) {
  auto it = ex.query.find("after");
  if (it == ex.query.end()) return std::nullopt;
  if (it->second.empty()) {
    errors.push_back({"after", "must not be empty: leave it out for the first page"});
    return std::nullopt;
  }
  auto id = DecodeCursor(kind, it->second);
  if (!id) errors.push_back({"after", "is not a cursor returned as 'next' by this list"});
  return id;
}

std::optional<std::string> OrgNumberParam(const Exchange& ex, std::vector<domain::FieldError>& errors) {
  auto it = ex.query.find("org_number");
  if (it == ex.query.end()) return std::nullopt;
  if (auto n = domain::OrgNumber::Parse(it->second)) return n->Text();
  errors.push_back({"org_number", "must be ten digits with a valid check digit"});
  return std::nullopt;
}

std::optional<std::int64_t> IdParam(const Exchange& ex, const std::string& name) {
  auto it = ex.params.find(name);
  if (it == ex.params.end()) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v <= 0) return std::nullopt;
  return v;
}

std::optional<Response> ReadJsonObject(const Exchange& ex, Poco::JSON::Object::Ptr& out) {
  std::string error;
  std::vector<domain::FieldError> out_of_range;
  out = ParseObject(ex.body, error, out_of_range);
  if (!out && !out_of_range.empty()) return Problem(domain::Error::Validation(std::move(out_of_range)), ex.instance);
  if (!out) return Problem(domain::Error{domain::ErrorCode::kBadRequest, error, {}, {}}, ex.instance);
  return std::nullopt;
}

}  // namespace granska::http

namespace granska::http {

namespace {
constexpr int kFirstCalendarYear = 1900;
constexpr int kLastCalendarYear = 9999;
std::string CalendarYearsMessage() {
  return "must lie within the years " + std::to_string(kFirstCalendarYear) + " to " +
         std::to_string(kLastCalendarYear);
}
}  // namespace

std::optional<std::string> OutsideCalendarYears(domain::Date day) {
  if (day.Year() < kFirstCalendarYear || day.Year() > kLastCalendarYear) return CalendarYearsMessage();
  return std::nullopt;
}

std::optional<std::string> OutsideCalendarYears(domain::Instant at) {
  // With a day's margin either side for the offset: a time is judged by its UTC day.
  const auto first = domain::Date::FromCivil(kFirstCalendarYear, 1, 2)->Days() * std::int64_t{86400};
  const auto last = domain::Date::FromCivil(kLastCalendarYear, 12, 31)->Days() * std::int64_t{86400};
  if (at.EpochSeconds() < first || at.EpochSeconds() >= last) return CalendarYearsMessage();
  return std::nullopt;
}

domain::Instant StartOfLocalDay(domain::Date day) {
  std::tm tm{};
  tm.tm_year = day.Year() - 1900;
  tm.tm_mon = static_cast<int>(day.Month()) - 1;
  tm.tm_mday = static_cast<int>(day.Day());
  tm.tm_isdst = -1;  // let the zone say whether summer time applies
  const std::time_t t = std::mktime(&tm);
  std::tm local{};
  localtime_r(&t, &local);
  return domain::Instant::FromEpochSeconds(static_cast<std::int64_t>(t), static_cast<int>(local.tm_gmtoff / 60));
}

Response LetterResponse(const workflow::LetterDocument& doc, std::int64_t case_id, const std::string& lang) {
  Response r;
  r.content_type = doc.content_type;
  r.body = doc.content;
  r.headers.emplace_back("Digest", "sha-256=" + doc.sha256);
  if (doc.content_type == "application/pdf") {
    // The file is named for what it is: only decisions are "beslut".
    const char* kind = doc.type == "appeal_notice"        ? "overklagandetid-"
                       : doc.type == "kommunicering"      ? "kommunicering-"
                       : doc.type == "needs_info"         ? "komplettering-"
                       : doc.type == "revocation_dropped" ? "besked-"
                       : doc.type == "revocation_annulled" ? "besked-"
                       : doc.type == "decision_annulled"   ? "besked-"
                                                          : "beslut-";
    r.headers.emplace_back("Content-Disposition",
                           "inline; filename=\"" + std::string(kind) + std::to_string(case_id) + "-" + lang + ".pdf\"");
  }
  return r;
}

domain::Date LocalToday() { return workflow::LocalDate(std::time(nullptr)); }

std::optional<std::int64_t> ExpectedVersion(const Exchange& ex, bool& bad) {
  bad = false;
  std::string v = ex.request.get("If-Match", "");
  // "*" matches any current representation (RFC 9110 13.1.1): the case exists, so no check.
  if (v.empty() || v == "*") return std::nullopt;
  if (v.rfind("W/", 0) == 0) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n <= 0) {
    bad = true;
    return std::nullopt;
  }
  return n;
}

std::optional<Response> ReadIfMatch(const Exchange& ex, std::optional<std::int64_t>& expected) {
  bool bad = false;
  expected = ExpectedVersion(ex, bad);
  if (!bad) return std::nullopt;
  return Problem(domain::Error{domain::ErrorCode::kBadRequest, "If-Match must be the case's ETag, e.g. \"3\".", {}, {}},
                 ex.instance);
}

}  // namespace granska::http
