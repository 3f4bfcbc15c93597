#include "http/json_schema.hpp"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cctype>
#include <cmath>
#include <set>
#include <sstream>
#include <stdexcept>

namespace granska::testing {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr int kMaxDepth = 100;

enum class Kind { kNull, kBoolean, kNumber, kString, kArray, kObject, kOther };

Kind KindOf(const Var& v) {
  if (v.isEmpty()) return Kind::kNull;
  if (v.type() == typeid(Object::Ptr)) return v.extract<Object::Ptr>().isNull() ? Kind::kNull : Kind::kObject;
  if (v.type() == typeid(Array::Ptr)) return v.extract<Array::Ptr>().isNull() ? Kind::kNull : Kind::kArray;
  if (v.isBoolean()) return Kind::kBoolean;
  if (v.isNumeric()) return Kind::kNumber;
  if (v.isString()) return Kind::kString;
  return Kind::kOther;
}

const char* NameOf(Kind k) {
  switch (k) {
    case Kind::kNull: return "null";
    case Kind::kBoolean: return "a boolean";
    case Kind::kNumber: return "a number";
    case Kind::kString: return "a string";
    case Kind::kArray: return "an array";
    case Kind::kObject: return "an object";
    case Kind::kOther: return "not a JSON value";
  }
  return "?";
}

bool IsWholeNumber(const Var& v) {
  if (v.isInteger()) return true;
  const double d = v.convert<double>();
  return std::isfinite(d) && d == std::floor(d);
}

double Number(const Var& v) { return v.convert<double>(); }
std::size_t Size(const Var& v) { return static_cast<std::size_t>(Number(v)); }

std::string Text(const Var& v) {
  if (KindOf(v) == Kind::kNull) return "null";
  std::ostringstream out;
  try {
    Poco::JSON::Stringifier::condense(v, out);
  } catch (const Poco::Exception&) {
    out << v.toString();
  }
  std::string s = out.str();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

bool Equal(const Var& a, const Var& b) {
  const Kind ka = KindOf(a), kb = KindOf(b);
  if (ka != kb) return false;
  switch (ka) {
    case Kind::kNull: return true;
    case Kind::kBoolean: return a.extract<bool>() == b.extract<bool>();
    case Kind::kNumber:
      if (a.isInteger() && b.isInteger()) return a.convert<Poco::Int64>() == b.convert<Poco::Int64>();
      return Number(a) == Number(b);
    case Kind::kString: return a.extract<std::string>() == b.extract<std::string>();
    case Kind::kArray: {
      auto x = a.extract<Array::Ptr>(), y = b.extract<Array::Ptr>();
      if (x->size() != y->size()) return false;
      for (std::size_t i = 0; i < x->size(); ++i)
        if (!Equal(x->get(i), y->get(i))) return false;
      return true;
    }
    case Kind::kObject: {
      auto x = a.extract<Object::Ptr>(), y = b.extract<Object::Ptr>();
      if (x->size() != y->size()) return false;
      for (const auto& [k, v] : *x)
        if (!y->has(k) || !Equal(v, y->get(k))) return false;
      return true;
    }
    case Kind::kOther: return false;
  }
  return false;
}

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

bool TypeMatches(const std::string& name, const Var& v) {
  const Kind k = KindOf(v);
  if (name == "null") return k == Kind::kNull;
  if (name == "boolean") return k == Kind::kBoolean;
  if (name == "object") return k == Kind::kObject;
  if (name == "array") return k == Kind::kArray;
  if (name == "string") return k == Kind::kString;
  if (name == "number") return k == Kind::kNumber;
  if (name == "integer") return k == Kind::kNumber && IsWholeNumber(v);
  return false;
}

const std::set<std::string> kTypeNames{"null", "boolean", "object", "array", "string", "number", "integer"};

const std::set<std::string> kAssertions{
    "$ref",          "type",        "enum",          "const",    "required",   "properties",
    "patternProperties", "additionalProperties", "minProperties", "maxProperties", "items", "prefixItems",
    "minItems",      "maxItems",    "uniqueItems",   "minLength", "maxLength", "pattern",
    "format",        "minimum",     "maximum",       "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "allOf",         "anyOf",       "oneOf",         "not",      "if",         "then",
    "else"};
const std::set<std::string> kAnnotations{"title",    "description", "default",   "examples",     "example",
                                         "deprecated", "readOnly",  "writeOnly", "discriminator", "xml",
                                         "externalDocs", "$comment", "$schema",  "contentMediaType",
                                         "contentEncoding"};

int DaysIn(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool ValidDate(const std::string& s) {
  static const std::regex kDate(R"(^(\d{4})-(\d{2})-(\d{2})$)");
  std::smatch m;
  if (!std::regex_match(s, m, kDate)) return false;
  const int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= DaysIn(y, mo);
}

bool ValidDateTime(const std::string& s) {
  static const std::regex kDateTime(R"(^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$)");
  std::smatch m;
  if (!std::regex_match(s, m, kDateTime)) return false;
  if (!ValidDate(m[1])) return false;
  if (std::stoi(m[2]) > 23 || std::stoi(m[3]) > 59 || std::stoi(m[4]) > 60) return false;
  if (m[7].matched && (std::stoi(m[8]) > 23 || std::stoi(m[9]) > 59)) return false;
  return true;
}

// nullopt-like: empty when the format holds or is not one this validator asserts.
std::string FormatProblem(const std::string& format, const std::string& s) {
  static const std::regex kEmail(R"(^[^@\s]+@[^@\s]+$)");
  static const std::regex kUri(R"(^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$)");
  static const std::regex kUriReference(R"(^[^\s]*$)");
  if (format == "date" && !ValidDate(s)) return "is not a date (YYYY-MM-DD)";
  if (format == "date-time" && !ValidDateTime(s)) return "is not a date-time with offset (RFC 3339)";
  if (format == "email" && !std::regex_match(s, kEmail)) return "is not an e-mail address";
  if (format == "uri" && !std::regex_match(s, kUri)) return "is not an absolute URI";
  if (format == "uri-reference" && !std::regex_match(s, kUriReference)) return "is not a URI reference";
  return {};
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string PointerUnescape(const std::string& token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size()) {
      out.push_back(token[i + 1] == '1' ? '/' : '~');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

std::string Join(const std::string& base, const std::string& token) { return base + "/" + PointerEscape(token); }

}  // namespace

std::string PointerEscape(const std::string& token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

std::string Describe(const std::vector<SchemaProblem>& problems) {
  constexpr std::size_t kShown = 25;
  std::string out;
  for (std::size_t i = 0; i < problems.size(); ++i) {
    if (i == kShown) {
      out += "\n  ... and " + std::to_string(problems.size() - kShown) + " more";
      break;
    }
    const auto& p = problems[i];
    out += "\n  " + (p.path.empty() ? std::string("(root)") : p.path) + ": " + p.message;
    if (!p.schema_path.empty()) out += "  [" + p.schema_path + "]";
  }
  return out;
}

Var ParseJson(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("not JSON: " + e.displayText() + " in: " + text.substr(0, 200));
  }
}

JsonSchemaValidator::JsonSchemaValidator(Object::Ptr document) : document_(std::move(document)) {}

Var JsonSchemaValidator::Resolve(const std::string& ref) const {
  if (ref.empty() || ref[0] != '#') return {};
  Var node = document_;
  const std::string pointer = PercentDecode(ref.substr(1));
  if (pointer.empty()) return node;
  if (pointer[0] != '/') return {};
  std::size_t start = 1;
  while (true) {
    const std::size_t end = pointer.find('/', start);
    const std::string token = PointerUnescape(pointer.substr(start, end == std::string::npos ? end : end - start));
    const Kind k = KindOf(node);
    if (k == Kind::kObject) {
      auto o = node.extract<Object::Ptr>();
      if (!o->has(token)) return {};
      node = o->get(token);
    } else if (k == Kind::kArray) {
      auto a = node.extract<Array::Ptr>();
      std::size_t i = 0;
      try {
        i = static_cast<std::size_t>(std::stoul(token));
      } catch (const std::exception&) {
        return {};
      }
      if (i >= a->size()) return {};
      node = a->get(i);
    } else {
      return {};
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return node;
}

const std::regex* JsonSchemaValidator::Regex(const std::string& pattern) const {
  auto it = regexes_.find(pattern);
  if (it == regexes_.end()) {
    std::unique_ptr<std::regex> re;
    try {
      re = std::make_unique<std::regex>(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
    }
    it = regexes_.emplace(pattern, std::move(re)).first;
  }
  return it->second.get();
}

std::vector<SchemaProblem> JsonSchemaValidator::Validate(const Var& instance, const std::string& ref) const {
  std::vector<SchemaProblem> out;
  Var schema = Resolve(ref);
  if (schema.isEmpty()) {
    out.push_back({"", "the schema '" + ref + "' does not exist in the document", ref});
    return out;
  }
  Check(instance, schema, "", ref, 0, out);
  return out;
}

std::vector<SchemaProblem> JsonSchemaValidator::ValidateWith(const Var& instance, const Var& schema,
                                                             const std::string& schema_path) const {
  std::vector<SchemaProblem> out;
  Check(instance, schema, "", schema_path, 0, out);
  return out;
}

bool JsonSchemaValidator::Matches(const Var& instance, const Var& schema, const std::string& path,
                                  const std::string& schema_path, int depth, std::vector<SchemaProblem>* why) const {
  std::vector<SchemaProblem> local;
  Check(instance, schema, path, schema_path, depth, local);
  const bool ok = local.empty();
  if (why) why->insert(why->end(), local.begin(), local.end());
  return ok;
}

void JsonSchemaValidator::Check(const Var& instance, const Var& schema, const std::string& path,
                                const std::string& schema_path, int depth, std::vector<SchemaProblem>& out) const {
  auto problem = [&](const std::string& keyword, const std::string& message) {
    out.push_back({path, message, schema_path + (keyword.empty() ? "" : "/" + keyword)});
  };
  if (depth > kMaxDepth) {
    problem("", "schema nesting deeper than " + std::to_string(kMaxDepth) + " (a $ref cycle?)");
    return;
  }
  const Kind schema_kind = KindOf(schema);
  if (schema_kind == Kind::kBoolean) {
    if (!schema.extract<bool>()) problem("", "no value is allowed here, got " + Text(instance));
    return;
  }
  if (schema_kind != Kind::kObject) {
    problem("", "the schema is neither an object nor a boolean");
    return;
  }
  const Object::Ptr s = schema.extract<Object::Ptr>();
  const Kind kind = KindOf(instance);

  if (s->has("$ref")) {
    const std::string ref = s->getValue<std::string>("$ref");
    Var target = Resolve(ref);
    if (target.isEmpty())
      problem("$ref", "the reference '" + ref + "' does not resolve");
    else
      Check(instance, target, path, ref, depth + 1, out);
  }

  if (s->has("type")) {
    const Var t = s->get("type");
    std::vector<std::string> names;
    if (KindOf(t) == Kind::kArray) {
      auto a = t.extract<Array::Ptr>();
      for (std::size_t i = 0; i < a->size(); ++i) names.push_back(a->get(i).toString());
    } else {
      names.push_back(t.toString());
    }
    bool ok = false;
    std::string wanted;
    for (const auto& n : names) {
      ok = ok || TypeMatches(n, instance);
      wanted += (wanted.empty() ? "" : " or ") + n;
    }
    if (!ok) {
      problem("type", "must be " + wanted + ", got " + NameOf(kind) + " " + Text(instance));
      return;  // the other keywords would only repeat the same mistake
    }
  }

  if (s->has("enum")) {
    auto values = s->getArray("enum");
    bool found = false;
    for (std::size_t i = 0; values && i < values->size() && !found; ++i) found = Equal(instance, values->get(i));
    if (!found) problem("enum", Text(instance) + " is not one of " + Text(s->get("enum")));
  }
  if (s->has("const") && !Equal(instance, s->get("const")))
    problem("const", "must be " + Text(s->get("const")) + ", got " + Text(instance));

  if (kind == Kind::kString) {
    const std::string str = instance.extract<std::string>();
    if (s->has("minLength") && CodePoints(str) < Size(s->get("minLength")))
      problem("minLength", "must have at least " + s->get("minLength").toString() + " characters, got " + Text(instance));
    if (s->has("maxLength") && CodePoints(str) > Size(s->get("maxLength")))
      problem("maxLength", "must have at most " + s->get("maxLength").toString() + " characters, got " + Text(instance));
    if (s->has("pattern")) {
      const std::string pattern = s->getValue<std::string>("pattern");
      const std::regex* re = Regex(pattern);
      if (!re)
        problem("pattern", "the pattern '" + pattern + "' is not a valid regular expression");
      else if (!std::regex_search(str, *re))
        problem("pattern", Text(instance) + " does not match " + pattern);
    }
    if (s->has("format")) {
      const std::string why = FormatProblem(s->getValue<std::string>("format"), str);
      if (!why.empty()) problem("format", Text(instance) + " " + why);
    }
  }

  if (kind == Kind::kNumber) {
    const double x = Number(instance);
    if (s->has("minimum") && x < Number(s->get("minimum")))
      problem("minimum", "must be at least " + s->get("minimum").toString() + ", got " + Text(instance));
    if (s->has("maximum") && x > Number(s->get("maximum")))
      problem("maximum", "must be at most " + s->get("maximum").toString() + ", got " + Text(instance));
    if (s->has("exclusiveMinimum") && x <= Number(s->get("exclusiveMinimum")))
      problem("exclusiveMinimum", "must be more than " + s->get("exclusiveMinimum").toString() + ", got " + Text(instance));
    if (s->has("exclusiveMaximum") && x >= Number(s->get("exclusiveMaximum")))
      problem("exclusiveMaximum", "must be less than " + s->get("exclusiveMaximum").toString() + ", got " + Text(instance));
    if (s->has("multipleOf")) {
      const double m = Number(s->get("multipleOf"));
      const double q = x / m;
      if (m <= 0 || std::fabs(q - std::round(q)) > 1e-9)
        problem("multipleOf", "must be a multiple of " + s->get("multipleOf").toString() + ", got " + Text(instance));
    }
  }

  if (kind == Kind::kObject) {
    const Object::Ptr o = instance.extract<Object::Ptr>();
    if (s->has("required")) {
      auto req = s->getArray("required");
      for (std::size_t i = 0; req && i < req->size(); ++i) {
        const std::string name = req->get(i).toString();
        if (!o->has(name)) problem("required", "the member '" + name + "' is required but missing");
      }
    }
    if (s->has("minProperties") && o->size() < Size(s->get("minProperties")))
      problem("minProperties", "must have at least " + s->get("minProperties").toString() + " members");
    if (s->has("maxProperties") && o->size() > Size(s->get("maxProperties")))
      problem("maxProperties", "must have at most " + s->get("maxProperties").toString() + " members");
    const Object::Ptr props = s->has("properties") ? s->getObject("properties") : nullptr;
    const Object::Ptr patterns = s->has("patternProperties") ? s->getObject("patternProperties") : nullptr;
    for (const auto& [name, value] : *o) {
      const std::string member_path = Join(path, name);
      bool evaluated = false;
      if (props && props->has(name)) {
        evaluated = true;
        Check(value, props->get(name), member_path, Join(schema_path + "/properties", name), depth + 1, out);
      }
      if (patterns) {
        for (const auto& [pattern, sub] : *patterns) {
          const std::regex* re = Regex(pattern);
          if (re && std::regex_search(name, *re)) {
            evaluated = true;
            Check(value, sub, member_path, Join(schema_path + "/patternProperties", pattern), depth + 1, out);
          }
        }
      }
      if (!evaluated && s->has("additionalProperties")) {
        const Var extra = s->get("additionalProperties");
        if (KindOf(extra) == Kind::kBoolean && !extra.extract<bool>())
          out.push_back({member_path, "the member '" + name + "' is not allowed here (additionalProperties: false)",
                         schema_path + "/additionalProperties"});
        else
          Check(value, extra, member_path, schema_path + "/additionalProperties", depth + 1, out);
      }
    }
  }

  if (kind == Kind::kArray) {
    const Array::Ptr a = instance.extract<Array::Ptr>();
    if (s->has("minItems") && a->size() < Size(s->get("minItems")))
      problem("minItems", "must have at least " + s->get("minItems").toString() + " items, got " +
                              std::to_string(a->size()));
    if (s->has("maxItems") && a->size() > Size(s->get("maxItems")))
      problem("maxItems", "must have at most " + s->get("maxItems").toString() + " items, got " +
                              std::to_string(a->size()));
    if (s->has("uniqueItems") && s->getValue<bool>("uniqueItems")) {
      for (std::size_t i = 0; i < a->size(); ++i)
        for (std::size_t j = i + 1; j < a->size(); ++j)
          if (Equal(a->get(i), a->get(j)))
            problem("uniqueItems", "items " + std::to_string(i) + " and " + std::to_string(j) + " are equal");
    }
    std::size_t first = 0;
    if (s->has("prefixItems")) {
      auto prefix = s->getArray("prefixItems");
      for (; prefix && first < prefix->size() && first < a->size(); ++first)
        Check(a->get(first), prefix->get(first), path + "/" + std::to_string(first),
              schema_path + "/prefixItems/" + std::to_string(first), depth + 1, out);
      if (prefix) first = prefix->size();
    }
    if (s->has("items")) {
      const Var items = s->get("items");
      for (std::size_t i = first; i < a->size(); ++i)
        Check(a->get(i), items, path + "/" + std::to_string(i), schema_path + "/items", depth + 1, out);
    }
  }

  if (s->has("allOf")) {
    auto all = s->getArray("allOf");
    for (std::size_t i = 0; all && i < all->size(); ++i)
      Check(instance, all->get(i), path, schema_path + "/allOf/" + std::to_string(i), depth + 1, out);
  }
  if (s->has("anyOf")) {
    auto any = s->getArray("anyOf");
    std::vector<SchemaProblem> why;
    bool ok = false;
    for (std::size_t i = 0; any && i < any->size() && !ok; ++i)
      ok = Matches(instance, any->get(i), path, schema_path + "/anyOf/" + std::to_string(i), depth + 1, &why);
    if (!ok) {
      problem("anyOf", Text(instance) + " matches none of the anyOf alternatives:" + Describe(why));
    }
  }
  if (s->has("oneOf")) {
    auto one = s->getArray("oneOf");
    std::vector<SchemaProblem> why;
    std::vector<std::size_t> matched;
    for (std::size_t i = 0; one && i < one->size(); ++i)
      if (Matches(instance, one->get(i), path, schema_path + "/oneOf/" + std::to_string(i), depth + 1, &why))
        matched.push_back(i);
    if (matched.empty()) {
      problem("oneOf", Text(instance) + " matches none of the oneOf alternatives:" + Describe(why));
    } else if (matched.size() > 1) {
      std::string which;
      for (auto i : matched) which += (which.empty() ? "" : ", ") + std::to_string(i);
      problem("oneOf", "matches more than one oneOf alternative (" + which + ")");
    }
  }
  if (s->has("not") && Matches(instance, s->get("not"), path, schema_path + "/not", depth + 1))
    problem("not", Text(instance) + " must not match the 'not' schema");
  if (s->has("if")) {
    if (Matches(instance, s->get("if"), path, schema_path + "/if", depth + 1)) {
      if (s->has("then")) Check(instance, s->get("then"), path, schema_path + "/then", depth + 1, out);
    } else if (s->has("else")) {
      Check(instance, s->get("else"), path, schema_path + "/else", depth + 1, out);
    }
  }
}

std::vector<SchemaProblem> JsonSchemaValidator::Lint(const Var& schema, const std::string& schema_path) const {
  std::vector<SchemaProblem> out;
  auto problem = [&](const std::string& where, const std::string& message) {
    out.push_back({"", message, where});
  };
  const Kind k = KindOf(schema);
  if (k == Kind::kBoolean) return out;
  if (k != Kind::kObject) {
    problem(schema_path, "a schema must be an object or a boolean");
    return out;
  }
  const Object::Ptr s = schema.extract<Object::Ptr>();
  auto sub = [&](const Var& v, const std::string& where) {
    auto more = Lint(v, where);
    out.insert(out.end(), more.begin(), more.end());
  };
  auto subs_in_array = [&](const std::string& key) {
    if (KindOf(s->get(key)) != Kind::kArray) {
      problem(schema_path + "/" + key, "must be an array of schemas");
      return;
    }
    auto a = s->getArray(key);
    if (a->size() == 0) problem(schema_path + "/" + key, "must not be empty");
    for (std::size_t i = 0; i < a->size(); ++i) sub(a->get(i), schema_path + "/" + key + "/" + std::to_string(i));
  };
  auto subs_in_object = [&](const std::string& key) {
    if (KindOf(s->get(key)) != Kind::kObject) {
      problem(schema_path + "/" + key, "must be an object of schemas");
      return;
    }
    for (const auto& [name, v] : *s->getObject(key)) sub(v, Join(schema_path + "/" + key, name));
  };

  for (const auto& [key, value] : *s) {
    const std::string where = schema_path + "/" + PointerEscape(key);
    if (key.rfind("x-", 0) == 0 || kAnnotations.count(key)) continue;
    if (!kAssertions.count(key)) {
      problem(where, "the keyword '" + key + "' is not supported by this validator (misspelt?)");
      continue;
    }
    if (key == "$ref") {
      if (Resolve(value.toString()).isEmpty()) problem(where, "the reference '" + value.toString() + "' does not resolve");
    } else if (key == "type") {
      std::vector<Var> names;
      if (KindOf(value) == Kind::kArray) {
        auto a = value.extract<Array::Ptr>();
        for (std::size_t i = 0; i < a->size(); ++i) names.push_back(a->get(i));
      } else {
        names.push_back(value);
      }
      for (const auto& n : names)
        if (KindOf(n) != Kind::kString || !kTypeNames.count(n.toString()))
          problem(where, "unknown type " + Text(n) + " (a YAML null or an unquoted word?)");
    } else if (key == "enum" || key == "required") {
      if (KindOf(value) != Kind::kArray) problem(where, "must be an array");
    } else if (key == "pattern") {
      if (KindOf(value) != Kind::kString || !Regex(value.toString()))
        problem(where, "is not a valid regular expression: " + Text(value));
    } else if (key == "properties" || key == "patternProperties") {
      subs_in_object(key);
      if (key == "patternProperties")
        for (const auto& [p, v] : *s->getObject(key))
          if (!Regex(p)) problem(where, "the pattern '" + p + "' is not a valid regular expression");
    } else if (key == "allOf" || key == "anyOf" || key == "oneOf" || key == "prefixItems") {
      subs_in_array(key);
    } else if (key == "additionalProperties" || key == "items" || key == "not" || key == "if" || key == "then" ||
               key == "else") {
      sub(value, where);
    } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" || key == "exclusiveMaximum" ||
               key == "multipleOf" || key == "minLength" || key == "maxLength" || key == "minItems" ||
               key == "maxItems" || key == "minProperties" || key == "maxProperties") {
      if (KindOf(value) != Kind::kNumber) problem(where, "must be a number, got " + Text(value));
    }
  }
  if (s->has("required") && s->has("properties") && KindOf(s->get("required")) == Kind::kArray &&
      KindOf(s->get("properties")) == Kind::kObject && s->has("additionalProperties") &&
      KindOf(s->get("additionalProperties")) == Kind::kBoolean && !s->getValue<bool>("additionalProperties")) {
    // With additionalProperties: false a required member that is not a property can never be present.
    auto req = s->getArray("required");
    auto props = s->getObject("properties");
    for (std::size_t i = 0; i < req->size(); ++i)
      if (!props->has(req->get(i).toString()))
        problem(schema_path + "/required", "'" + req->get(i).toString() + "' is required but not among the properties");
  }
  return out;
}

}  // namespace granska::testing
