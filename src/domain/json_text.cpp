#include "domain/json_text.hpp"

#include "domain/text.hpp"

#include <cstdio>

namespace granska::domain {

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

void JsonWriter::Separate() {
  if (need_comma_) out_.push_back(',');
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view k) {
  Separate();
  AppendJsonString(out_, k);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view v) {
  Separate();
  AppendJsonString(out_, v);
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::Int(std::int64_t v) {
  Separate();
  out_ += std::to_string(v);
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::Bool(bool v) {
  Separate();
  out_ += v ? "true" : "false";
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
  need_comma_ = true;
  return *this;
}

namespace {

std::optional<std::uint32_t> Hex4(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t i = at; i < at + 4; ++i) {
    const char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

// One string starting at json[i] == '"'; i ends after the closing quote.
std::optional<std::string> ReadString(std::string_view json, std::size_t& i) {
  if (i >= json.size() || json[i++] != '"') return std::nullopt;
  std::string out;
  while (i < json.size()) {
    const char c = json[i++];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= json.size()) return std::nullopt;
    switch (const char e = json[i++]) {
      case '"': case '\\': case '/': out.push_back(e); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto cp = Hex4(json, i);
        if (!cp) return std::nullopt;
        i += 4;
        if (*cp >= 0xD800 && *cp < 0xDC00 && i + 6 <= json.size() && json[i] == '\\' && json[i + 1] == 'u') {
          if (auto low = Hex4(json, i + 2); low && *low >= 0xDC00 && *low < 0xE000) {
            cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(out, static_cast<char32_t>(*cp));
        break;
      }
      default: return std::nullopt;
    }
  }
  return std::nullopt;  // unterminated
}

}  // namespace

std::optional<std::vector<std::string>> ParseJsonStringArray(std::string_view json) {
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < json.size() && (json[i] == ' ' || json[i] == '\n' || json[i] == '\t' || json[i] == '\r')) ++i;
  };
  std::vector<std::string> out;
  skip_ws();
  if (i >= json.size() || json[i++] != '[') return std::nullopt;
  skip_ws();
  if (i < json.size() && json[i] == ']') return i + 1 == json.size() ? std::optional(out) : std::nullopt;
  while (true) {
    skip_ws();
    auto item = ReadString(json, i);
    if (!item) return std::nullopt;
    out.push_back(std::move(*item));
    skip_ws();
    if (i >= json.size()) return std::nullopt;
    if (json[i] == ']') {
      ++i;
      skip_ws();
      return i == json.size() ? std::optional(out) : std::nullopt;
    }
    if (json[i++] != ',') return std::nullopt;
  }
}

}  // namespace granska::domain
