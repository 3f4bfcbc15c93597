#pragma once
// Reads typed fields out of a Poco JSON object while collecting every problem as a
// FieldError with its full path, so a 422 can list all bad fields at once.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"

namespace granska::http {

class JsonFields {
 public:
  explicit JsonFields(std::vector<domain::FieldError>& errors) : errors_(errors) {}

  static std::string Path(const std::string& prefix, const std::string& key) {
    return prefix.empty() ? key : prefix + "." + key;
  }
  void Error(const std::string& path, const std::string& message) { errors_.push_back({path, message}); }

  // Each returns nullopt (and records an error when `required` or when the value has the
  // wrong type) if the field is absent, null or malformed. A text with a control character
  // (other than TAB, LF, CR) or bytes that are not UTF-8 is malformed (domain::CheckText).
  std::optional<std::string> String(const Poco::JSON::Object::Ptr& o, const std::string& prefix,
                                    const std::string& key, bool required, bool non_empty = false);
  std::optional<std::int64_t> Int(const Poco::JSON::Object::Ptr& o, const std::string& prefix, const std::string& key,
                                  bool required);
  std::optional<bool> Bool(const Poco::JSON::Object::Ptr& o, const std::string& prefix, const std::string& key,
                           bool required);
  std::optional<domain::Date> Date(const Poco::JSON::Object::Ptr& o, const std::string& prefix,
                                   const std::string& key, bool required);
  std::optional<domain::Instant> Instant(const Poco::JSON::Object::Ptr& o, const std::string& prefix,
                                         const std::string& key, bool required);
  Poco::JSON::Object::Ptr Object(const Poco::JSON::Object::Ptr& o, const std::string& prefix, const std::string& key,
                                 bool required);
  Poco::JSON::Array::Ptr Array(const Poco::JSON::Object::Ptr& o, const std::string& prefix, const std::string& key,
                               bool required);
  // For a body whose schema is closed (additionalProperties: false): an error for each member
  // of `o` not among `known`, so a misspelt optional field is refused, not dropped.
  void OnlyMembers(const Poco::JSON::Object::Ptr& o, const std::string& prefix,
                   std::initializer_list<std::string_view> known);
  // `s` when domain::CheckText finds nothing wrong; otherwise nullopt and an error at `path`.
  std::optional<std::string> Text(const std::string& path, std::string s);
  // Checks every string and member name anywhere in `v` as Text does, for a body that is
  // stored as it came (the application at intake keeps members no parser reads). A path
  // that already has an error is not named twice.
  void AllText(const Poco::Dynamic::Var& v, const std::string& path);

 private:
  bool Present(const Poco::JSON::Object::Ptr& o, const std::string& key) const;
  std::vector<domain::FieldError>& errors_;
};

// The field message for a text that domain::Date::Parse refused: "must be a date written
// YYYY-MM-DD", or for a text of that shape that names no day (2026-02-30, 2026-13-01)
// "is not a calendar date (February 2026 has 28 days)". Neither echoes the text.
std::string NotADateMessage(std::string_view text);
// Only the second: the message for a text of the shape YYYY-MM-DD that names no day, nullopt
// for any other text (whose message depends on what else the field accepts).
std::optional<std::string> NoSuchDayMessage(std::string_view text);

// Parses a request body that must be a JSON object; nullptr and `error` set otherwise.
Poco::JSON::Object::Ptr ParseObject(const std::string& body, std::string& error);
// The same; when the body is valid JSON but holds numbers beyond 64 bits (which the parser
// refuses), `field_errors` names each such number's field ("x", "grant.amount_sek") as well.
Poco::JSON::Object::Ptr ParseObject(const std::string& body, std::string& error,
                                    std::vector<domain::FieldError>& field_errors);

}  // namespace granska::http
