#pragma once
// A minimal JSON text writer for the layers that may not use Poco::JSON (domain, store,
// workflow): event details and stored screenings. Output is compact and valid UTF-8 JSON
// as long as the input strings are valid UTF-8.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace granska::domain {

void AppendJsonString(std::string& out, std::string_view s);

// The inverse for the one shape the store reads back itself: a JSON array of strings (as
// PostgreSQL prints a jsonb column), every escape decoded (\uXXXX with surrogate pairs to
// UTF-8). nullopt for anything else.
std::optional<std::vector<std::string>> ParseJsonStringArray(std::string_view json);

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view k);
  JsonWriter& String(std::string_view v);
  JsonWriter& Int(std::int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  JsonWriter& Raw(std::string_view json);  // an already-serialised value
  // Key + value shorthands
  JsonWriter& Field(std::string_view k, std::string_view v) { return Key(k).String(v); }
  JsonWriter& Field(std::string_view k, const char* v) { return Key(k).String(v); }
  JsonWriter& Field(std::string_view k, std::int64_t v) { return Key(k).Int(v); }
  JsonWriter& Field(std::string_view k, int v) { return Key(k).Int(v); }
  JsonWriter& Field(std::string_view k, bool v) { return Key(k).Bool(v); }
  const std::string& Text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace granska::domain
