#include "http/problem.hpp"

#include "domain/json_text.hpp"
#include "domain/text.hpp"

namespace granska::http {

using domain::ErrorCode;

namespace {

struct Mapping {
  ErrorCode code;
  int status;
  const char* slug;
  const char* title;
};

constexpr Mapping kMappings[] = {
    {ErrorCode::kBadRequest, 400, "bad-request", "The request could not be read"},
    {ErrorCode::kUnauthenticated, 401, "unauthenticated", "Authentication is required"},
    {ErrorCode::kForbidden, 403, "forbidden", "Your role may not do this"},
    {ErrorCode::kNotFound, 404, "not-found", "Not found"},
    {ErrorCode::kConflict, 409, "conflict", "The case does not allow this now"},
    {ErrorCode::kPayloadTooLarge, 413, "payload-too-large", "The request body is too large"},
    {ErrorCode::kUnsupportedMediaType, 415, "unsupported-media-type", "The content type is not supported"},
    {ErrorCode::kValidation, 422, "validation", "Some fields are invalid"},
    {ErrorCode::kUnavailable, 503, "unavailable", "The service is temporarily unavailable"},
};

const Mapping& Find(ErrorCode code) {
  for (const auto& m : kMappings)
    if (m.code == code) return m;
  return kMappings[0];
}

}  // namespace

int StatusFor(ErrorCode code) { return Find(code).status; }
std::string TitleFor(ErrorCode code) { return Find(code).title; }

// Messages and paths often quote what the client sent ("unknown status '…'", a path with
// raw bytes); every text is made printable UTF-8 here so the document always is.
std::string ProblemJson(const domain::Error& error, const std::string& instance, const std::string& extra_members) {
  const Mapping& m = Find(error.code);
  domain::JsonWriter w;
  w.BeginObject()
      .Field("type", std::string("https://granska.example/problems/") + m.slug)
      .Field("title", m.title)
      .Field("status", m.status)
      .Field("detail", error.detail.empty() ? std::string(m.title) + "." : domain::Printable(error.detail));
  if (!instance.empty()) w.Field("instance", domain::Printable(instance));
  if (error.code == ErrorCode::kValidation || !error.errors.empty()) {
    w.Key("errors").BeginArray();
    for (const auto& e : error.errors)
      w.BeginObject()
          .Field("field", domain::Printable(e.field))
          .Field("message", domain::Printable(e.message))
          .EndObject();
    w.EndArray();
  }
  w.EndObject();
  std::string out = w.Take();
  if (!extra_members.empty()) {
    out.pop_back();
    out += ",";
    out += extra_members;
    out += "}";
  }
  return out;
}

}  // namespace granska::http
