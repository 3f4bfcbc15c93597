#pragma once
// Small pieces every endpoint uses: authorization, query parameters, limits.
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

#include "domain/date.hpp"
#include "domain/error.hpp"
#include "http/exchange.hpp"
#include "workflow/authorization.hpp"
#include "workflow/letter_service.hpp"

namespace granska::http {

// nullopt when allowed; otherwise the 403 response.
std::optional<Response> Deny(const Exchange& ex, workflow::Action action);

// Reads ?limit= (1..200, default 50) and ?after=<cursor>; records problems in `errors`.
int LimitParam(const Exchange& ex, std::vector<domain::FieldError>& errors);
std::optional<std::int64_t> AfterParam(const Exchange& ex, const std::string& cursor_kind,
                                       std::vector<domain::FieldError>& errors);
// ?org_number= normalised to NNNNNN-NNNN; records a field error when it is not valid.
std::optional<std::string> OrgNumberParam(const Exchange& ex, std::vector<domain::FieldError>& errors);
std::optional<std::int64_t> IdParam(const Exchange& ex, const std::string& name);

// The case version from an If-Match header ("\"7\"" or W/"7"); nullopt when absent.
// `bad` is set when the header is present but not an ETag of ours.
std::optional<std::int64_t> ExpectedVersion(const Exchange& ex, bool& bad);
// The same, as a command reads it: the 400 to answer when the header is not an ETag of ours.
std::optional<Response> ReadIfMatch(const Exchange& ex, std::optional<std::int64_t>& expected);

// Midnight at the start of `day` in the municipality's time zone (the process TZ, set from
// time.zone at start), with that day's offset: a calendar day, not a UTC day.
domain::Instant StartOfLocalDay(domain::Date day);
// A calendar's period lies within the years 1900..9999 (the database and the local-time
// conversion are not asked about year 1): nullopt for a day inside, else the field message.
std::optional<std::string> OutsideCalendarYears(domain::Date day);
std::optional<std::string> OutsideCalendarYears(domain::Instant at);
// Today in the municipality's time zone.
domain::Date LocalToday();

// An issued (or draft) letter as a response: its bytes, content type and SHA-256, and for a
// PDF the file name ("beslut-17-sv.pdf", "overklagandetid-17-sv.pdf" for an appeal notice).
Response LetterResponse(const workflow::LetterDocument& doc, std::int64_t case_id, const std::string& lang);

// Parses the JSON object body; on failure returns the 400 response (422 naming the fields
// when the body is valid JSON but holds numbers beyond 64 bits).
std::optional<Response> ReadJsonObject(const Exchange& ex, Poco::JSON::Object::Ptr& out);

}  // namespace granska::http
