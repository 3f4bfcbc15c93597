#include "http/json_fields.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "domain/text.hpp"

namespace granska::http {

using Poco::JSON::Object;

namespace {

// The JSON parser's messages quote the offending byte ("unexpected byte '\x82' in value"),
// and that message becomes the 400 problem document's detail. A byte that is not printable
// ASCII would make the response invalid UTF-8 (found by fuzz/intake_fuzz), so it is written
// as \xNN.
std::string PrintableMessage(const std::string& message) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(message.size());
  for (const char ch : message) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7f) {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace

bool JsonFields::Present(const Object::Ptr& o, const std::string& key) const {
  return o && o->has(key) && !o->isNull(key);
}

std::optional<std::string> JsonFields::String(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                                              bool required, bool non_empty) {
  const std::string path = Path(prefix, key);
  if (!Present(o, key)) {
    if (required) Error(path, "is required");
    return std::nullopt;
  }
  const auto v = o->get(key);
  if (!v.isString()) {
    Error(path, "must be a string");
    return std::nullopt;
  }
  auto checked = Text(path, v.extract<std::string>());
  if (!checked) return std::nullopt;
  std::string s = std::move(*checked);
  if (non_empty && domain::IsBlank(s)) {
    Error(path, "must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<std::int64_t> JsonFields::Int(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                                            bool required) {
  const std::string path = Path(prefix, key);
  if (!Present(o, key)) {
    if (required) Error(path, "is required");
    return std::nullopt;
  }
  const auto v = o->get(key);
  if (!v.isInteger() || v.isBoolean()) {
    Error(path, v.isNumeric() ? "must be a whole number" : "must be a number");
    return std::nullopt;
  }
  try {
    return v.convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    Error(path, "is out of range");
    return std::nullopt;
  }
}

std::optional<bool> JsonFields::Bool(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                                     bool required) {
  const std::string path = Path(prefix, key);
  if (!Present(o, key)) {
    if (required) Error(path, "is required");
    return std::nullopt;
  }
  const auto v = o->get(key);
  if (!v.isBoolean()) {
    Error(path, "must be true or false");
    return std::nullopt;
  }
  return v.extract<bool>();
}

std::optional<domain::Date> JsonFields::Date(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                                             bool required) {
  auto s = String(o, prefix, key, required);
  if (!s) return std::nullopt;
  auto d = domain::Date::Parse(*s);
  if (!d) {
    // The text passed String's checks, so echoing it keeps the problem document printable.
    Error(Path(prefix, key), NoSuchDayMessage(*s).value_or("must be a date written YYYY-MM-DD, got '" + *s + "'"));
  }
  return d;
}

std::optional<domain::Instant> JsonFields::Instant(const Object::Ptr& o, const std::string& prefix,
                                                   const std::string& key, bool required) {
  auto s = String(o, prefix, key, required);
  if (!s) return std::nullopt;
  auto t = domain::Instant::Parse(*s);
  if (!t) Error(Path(prefix, key), "must be a time with offset like 2027-02-10T18:00:00+01:00, got '" + *s + "'");
  return t;
}

Object::Ptr JsonFields::Object(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                               bool required) {
  const std::string path = Path(prefix, key);
  if (!Present(o, key)) {
    if (required) Error(path, "is required");
    return nullptr;
  }
  if (!o->isObject(key)) {
    Error(path, "must be an object");
    return nullptr;
  }
  return o->getObject(key);
}

Poco::JSON::Array::Ptr JsonFields::Array(const Object::Ptr& o, const std::string& prefix, const std::string& key,
                                         bool required) {
  const std::string path = Path(prefix, key);
  if (!Present(o, key)) {
    if (required) Error(path, "is required");
    return nullptr;
  }
  if (!o->isArray(key)) {
    Error(path, "must be an array");
    return nullptr;
  }
  return o->getArray(key);
}

void JsonFields::OnlyMembers(const Poco::JSON::Object::Ptr& o, const std::string& prefix,
                             std::initializer_list<std::string_view> known) {
  if (!o) return;
  std::string names;
  for (auto k : known) names += (names.empty() ? "" : ", ") + std::string(k);
  for (const auto& [key, value] : *o) {
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    const std::string printable =
        domain::CheckText(key) == domain::TextFault::kNone ? key : std::string("(a member name that is not text)");
    Error(Path(prefix, printable), "is not a member of this body; the members are: " + names);
  }
}

std::optional<std::string> JsonFields::Text(const std::string& path, std::string s) {
  if (const auto fault = domain::CheckText(s); fault != domain::TextFault::kNone) {
    Error(path, domain::TextFaultMessage(fault));
    return std::nullopt;
  }
  return s;
}

void JsonFields::AllText(const Poco::Dynamic::Var& v, const std::string& path) {
  const auto named = [&](const std::string& p) {
    for (const auto& e : errors_)
      if (e.field == p) return true;
    return false;
  };
  if (v.isString()) {
    const auto fault = domain::CheckText(v.extract<std::string>());
    if (fault != domain::TextFault::kNone && !named(path)) Error(path, domain::TextFaultMessage(fault));
  } else if (v.type() == typeid(Object::Ptr)) {
    const auto o = v.extract<Object::Ptr>();
    for (const auto& [key, value] : *o) {
      if (const auto fault = domain::CheckText(key); fault != domain::TextFault::kNone) {
        const std::string p = Path(path, domain::Printable(key));
        if (!named(p)) Error(p, std::string("its name ") + domain::TextFaultMessage(fault));
        continue;
      }
      AllText(value, Path(path, key));
    }
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto a = v.extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < a->size(); ++i) AllText(a->get(i), path + "[" + std::to_string(i) + "]");
  }
}

std::string NotADateMessage(std::string_view text) {
  return NoSuchDayMessage(text).value_or("must be a date written YYYY-MM-DD");
}

std::optional<std::string> NoSuchDayMessage(std::string_view text) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  const auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      out = out * 10 + (text[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d))
    return std::nullopt;
  if (m < 1 || m > 12) return "is not a calendar date (there is no month " + std::to_string(m) + ")";
  int last = 31;
  while (last > 28 && !domain::Date::FromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(last))) --last;
  return "is not a calendar date (" + std::string(kMonths[m - 1]) + " " + std::to_string(y) + " has " +
         std::to_string(last) + " days)";
}

namespace {

// A number token that no 64-bit number holds: a whole number beyond int64 (negative) or
// uint64, or a fraction or exponent beyond double's range. (A fraction too small rounds to 0.)
bool OutOfRange(const std::string& token) {
  if (token.find_first_of(".eE") != std::string::npos) {
    errno = 0;
    const double v = std::strtod(token.c_str(), nullptr);
    return errno == ERANGE && std::isinf(v);
  }
  if (!token.empty() && token[0] == '-') {
    std::int64_t v = 0;
    return std::from_chars(token.data(), token.data() + token.size(), v).ec == std::errc::result_out_of_range;
  }
  std::uint64_t v = 0;
  return std::from_chars(token.data(), token.data() + token.size(), v).ec == std::errc::result_out_of_range;
}

// Whether the text has a "-" followed by 19 or more digits (a negative whole number that may
// be below int64's least); strings are not told apart here, OutOfRangeNumbers does that.
bool MayHoldANegativeBeyondInt64(const std::string& body) {
  for (std::size_t at = body.find('-'); at != std::string::npos; at = body.find('-', at + 1)) {
    std::size_t digits = 0;
    while (at + 1 + digits < body.size() && body[at + 1 + digits] >= '0' && body[at + 1 + digits] <= '9') ++digits;
    if (digits >= 19) return true;
  }
  return false;
}

// Walks a JSON text far enough to name where each number is (a path such as
// "organisation.board[0].board_size", as JsonFields names fields) and writes `zeroed`, the
// text with every out-of-range number replaced by 0. Syntax it does not follow is left to
// the parser: this only runs after the parser refused a number.
std::vector<domain::FieldError> OutOfRangeNumbers(const std::string& body, std::string& zeroed) {
  struct Frame {
    bool object;
    std::string key;
    std::size_t index = 0;
    bool expect_key = true;
  };
  std::vector<Frame> stack;
  std::vector<domain::FieldError> found;
  auto path = [&] {
    std::string out;
    for (const Frame& f : stack) {
      if (f.object)
        out += (out.empty() ? "" : ".") + f.key;
      else
        out += "[" + std::to_string(f.index) + "]";
    }
    return out;
  };
  zeroed.clear();
  zeroed.reserve(body.size());
  std::size_t i = 0;
  while (i < body.size()) {
    const char c = body[i];
    if (c == '"') {
      std::string text;
      std::size_t j = i + 1;
      for (; j < body.size() && body[j] != '"'; ++j) {
        if (body[j] == '\\' && j + 1 < body.size()) {
          ++j;
          switch (body[j]) {
            case 'n': text += '\n'; break;
            case 't': text += '\t'; break;
            case 'r': text += '\r'; break;
            case 'b': text += '\b'; break;
            case 'f': text += '\f'; break;
            case 'u': text += "\\u"; break;  // kept as written
            default: text += body[j];
          }
        } else {
          text += body[j];
        }
      }
      if (!stack.empty() && stack.back().object && stack.back().expect_key) stack.back().key = text;
      const std::size_t end = std::min(j + 1, body.size());
      zeroed.append(body, i, end - i);
      i = end;
      continue;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t j = i;
      while (j < body.size() && std::string_view("+-0123456789.eE").find(body[j]) != std::string_view::npos) ++j;
      const std::string token = body.substr(i, j - i);
      if (OutOfRange(token)) {
        const std::string where = path();
        found.push_back({where.empty() ? "(body)" : where,
                         "is a number out of range (beyond what a 64-bit number holds)"});
        zeroed += '0';
      } else {
        zeroed += token;
      }
      i = j;
      continue;
    }
    if (c == '{') stack.push_back({true, {}, 0, true});
    if (c == '[') stack.push_back({false, {}, 0, false});
    if ((c == '}' || c == ']') && !stack.empty()) stack.pop_back();
    if (c == ',' && !stack.empty()) {
      if (stack.back().object)
        stack.back().expect_key = true;
      else
        ++stack.back().index;
    }
    if (c == ':' && !stack.empty()) stack.back().expect_key = false;
    zeroed += c;
    ++i;
  }
  return found;
}

Object::Ptr ParseOnce(const std::string& body, std::string& error, bool& number_refused) {
  number_refused = false;
  try {
    Poco::JSON::Parser parser;
    auto v = parser.parse(body);
    if (v.type() != typeid(Object::Ptr)) {
      error = "The request body must be a JSON object.";
      return nullptr;
    }
    return v.extract<Object::Ptr>();
  } catch (const Poco::Exception& e) {
    // Poco refuses a number it cannot hold as if the text were not JSON.
    const std::string& m = e.message();
    number_refused = m.rfind("Not a valid", 0) == 0 &&
                     (m.find("integer") != std::string::npos || m.find("number") != std::string::npos);
    error = "The request body is not valid JSON: " + PrintableMessage(e.message());
    return nullptr;
  } catch (const std::exception& e) {
    error = "The request body is not valid JSON: " + PrintableMessage(e.what());
    return nullptr;
  }
}

}  // namespace

Object::Ptr ParseObject(const std::string& body, std::string& error, std::vector<domain::FieldError>& field_errors) {
  if (body.empty()) {
    error = "The request body is empty; a JSON object was expected.";
    return nullptr;
  }
  bool number_refused = false;
  auto object = ParseOnce(body, error, number_refused);
  if (!object && !number_refused) {
    // Say what is wrong in the request's terms, not the parser's ("Attempt to set value on an
    // empty stack" for `null`, "unterminated string literal" for bytes that are not UTF-8).
    const auto first = body.find_first_not_of(" \t\r\n");
    if (domain::CheckText(body) == domain::TextFault::kNotUtf8)
      error = "The request body is not valid UTF-8, which JSON must be (RFC 8259). " + error;  // names the byte
    else if (first == std::string::npos)
      error = "The request body is empty; a JSON object was expected.";
    else if (body[first] == '[')
      error = "The request body must be a JSON object ({...}), not an array.";
    else if (body[first] != '{')
      error = "The request body must be a JSON object ({...}).";
    return nullptr;
  }
  // Poco refuses a whole number beyond uint64 but takes one below int64's least (e.g.
  // -9223372036854775809) and changes its value; such a token is "-" and at least 19 digits,
  // rare enough that looking for one costs nothing on ordinary bodies.
  if (object) {
    if (!MayHoldANegativeBeyondInt64(body)) return object;
    std::string unused;
    auto found = OutOfRangeNumbers(body, unused);
    if (found.empty()) return object;  // the digits were in a string, or the number fits
    field_errors = std::move(found);
    error = "The request body holds a number out of range.";
    return nullptr;
  }
  if (!number_refused) return object;
  // Valid JSON with a number beyond 64 bits: name the fields when the rest of the text
  // parses with those numbers set aside, else say only that a number is out of range.
  std::string zeroed;
  auto found = OutOfRangeNumbers(body, zeroed);
  std::string ignored;
  bool again = false;
  if (!found.empty() && ParseOnce(zeroed, ignored, again)) {
    field_errors = std::move(found);
    error = "The request body holds a number out of range.";
    return nullptr;
  }
  if (!again || found.empty())
    error = "The request body holds a number out of range (beyond what a 64-bit number holds).";
  else
    error = ignored;  // the text has another fault as well: name that one
  return nullptr;
}

Object::Ptr ParseObject(const std::string& body, std::string& error) {
  std::vector<domain::FieldError> field_errors;
  return ParseObject(body, error, field_errors);
}

}  // namespace granska::http
