#pragma once
// A small JSON Schema (2020-12) validator over Poco JSON values, for checking that what the
// server sends matches what docs/openapi.yaml declares.
//
//   auto doc = granska::testing::ParseJson(openapi_json).extract<Poco::JSON::Object::Ptr>();
//   granska::testing::JsonSchemaValidator v(doc);
//   auto problems = v.Validate(ParseJson(body), "#/components/schemas/CaseSummary");
//   BOOST_TEST(problems.empty(), Describe(problems));
//
// Supported: boolean schemas; type (a name or an array of names; "integer" is a number
// without a fraction); enum; const; required; properties; patternProperties;
// additionalProperties (false or a schema); minProperties/maxProperties; items (one schema
// for every item); prefixItems; minItems/maxItems; uniqueItems; minLength/maxLength (code
// points); pattern (ECMAScript, unanchored, as std::regex); minimum/maximum and their
// exclusive forms; multipleOf; format date, date-time, email, uri, uri-reference (int32,
// int64 and others are annotations); $ref to any JSON pointer in the document
// (#/components/schemas/...), applied together with its sibling keywords; allOf, anyOf,
// oneOf, not, if/then/else. Annotations (description, examples, discriminator, x-…) are
// ignored; any other keyword is reported as a problem so that the document cannot silently
// rely on something this validator does not check.
#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

namespace granska::testing {

struct SchemaProblem {
  std::string path;         // JSON pointer into the instance: "" is the whole value, "/items/0/status"
  std::string message;      // what is wrong
  std::string schema_path;  // where the failing keyword is: "#/components/schemas/CaseSummary/required"
};

// One problem per line: "/items/0/status: 'x' is not one of [...] (at #/…/enum)".
std::string Describe(const std::vector<SchemaProblem>& problems);

// Parses JSON text into a Poco value (Object::Ptr, Array::Ptr, string, number, bool or an
// empty Var for null); throws std::runtime_error with the parser's message on bad JSON.
Poco::Dynamic::Var ParseJson(const std::string& text);

// JSON pointer helpers: "~" -> "~0", "/" -> "~1".
std::string PointerEscape(const std::string& token);

class JsonSchemaValidator {
 public:
  // `document` is the root that "#/..." references resolve against (the OpenAPI document).
  explicit JsonSchemaValidator(Poco::JSON::Object::Ptr document);

  // Validates `instance` against the schema at `ref` ("#/components/schemas/Premises").
  std::vector<SchemaProblem> Validate(const Poco::Dynamic::Var& instance, const std::string& ref) const;
  // Validates `instance` against an inline schema found at `schema_path` in the document
  // (the path is only used in messages).
  std::vector<SchemaProblem> ValidateWith(const Poco::Dynamic::Var& instance, const Poco::Dynamic::Var& schema,
                                          const std::string& schema_path) const;

  // The value at a "#/..." pointer, or an empty Var when there is none.
  Poco::Dynamic::Var Resolve(const std::string& ref) const;

  // Checks a schema itself: every keyword known, every $ref resolvable, every pattern a
  // valid regex; recurses into subschemas (not through $ref).
  std::vector<SchemaProblem> Lint(const Poco::Dynamic::Var& schema, const std::string& schema_path) const;

 private:
  void Check(const Poco::Dynamic::Var& instance, const Poco::Dynamic::Var& schema, const std::string& path,
             const std::string& schema_path, int depth, std::vector<SchemaProblem>& out) const;
  bool Matches(const Poco::Dynamic::Var& instance, const Poco::Dynamic::Var& schema, const std::string& path,
               const std::string& schema_path, int depth, std::vector<SchemaProblem>* why = nullptr) const;
  const std::regex* Regex(const std::string& pattern) const;

  Poco::JSON::Object::Ptr document_;
  mutable std::map<std::string, std::unique_ptr<std::regex>> regexes_;  // nullptr: does not compile
};

}  // namespace granska::testing
