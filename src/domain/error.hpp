#pragma once
// Expected failures as values. One error-code enum for the whole system; http/problem.cpp
// maps each code to an HTTP status and an RFC 9457 body in one place.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace granska::domain {

enum class ErrorCode {
  kBadRequest,            // 400: the body is not JSON, or a query parameter is malformed
  kUnauthenticated,       // 401
  kForbidden,             // 403
  kNotFound,              // 404
  kConflict,              // 409: the workflow forbids this now; detail says why
  kPayloadTooLarge,       // 413
  kUnsupportedMediaType,  // 415
  kValidation,            // 422: field errors, every one listed
  kUnavailable,           // 503: the database does not answer
};

struct FieldError {
  std::string field;    // JSON path, e.g. "organisation.org_number" or "attachments[2].kind"
  std::string message;  // English, names what is wrong and what is expected
};

// Whether `field` already has an error: a value that did not parse (the adapter's error)
// needs no second "is required" from the use case.
inline bool HasFieldError(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors)
    if (e.field == field) return true;
  return false;
}

struct Error {
  ErrorCode code = ErrorCode::kBadRequest;
  std::string detail;
  std::vector<FieldError> errors;
  // Further members of the problem document as JSON text, e.g. "\"current\":{…}" for a
  // stale write (409 with the current state).
  std::string extra_members;

  // One error per field, the first found: the adapter's "is not a date" is checked before the
  // use case's "must be after today", which adds nothing about a value that did not parse.
  static Error Validation(std::vector<FieldError> errors) {
    std::vector<FieldError> first;
    first.reserve(errors.size());
    for (auto& e : errors)
      if (!HasFieldError(first, e.field)) first.push_back(std::move(e));
    return Error{ErrorCode::kValidation,
                 "The request has " + std::to_string(first.size()) + " invalid field(s).",
                 std::move(first),
                 {}};
  }
  static Error NotFound(std::string detail) { return Error{ErrorCode::kNotFound, std::move(detail), {}, {}}; }
  static Error Conflict(std::string detail) { return Error{ErrorCode::kConflict, std::move(detail), {}, {}}; }
  static Error Forbidden(std::string detail) { return Error{ErrorCode::kForbidden, std::move(detail), {}, {}}; }
};

// A value or an Error. Small on purpose: C++20 has no std::expected.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool Ok() const { return v_.index() == 0; }
  explicit operator bool() const { return Ok(); }
  T& Value() { return std::get<0>(v_); }
  const T& Value() const { return std::get<0>(v_); }
  T& operator*() { return Value(); }
  T* operator->() { return &Value(); }
  const T& operator*() const { return Value(); }
  const T* operator->() const { return &Value(); }
  const Error& Err() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace granska::domain
