// docs/openapi.yaml -> JSON, once at start-up.
#include <yaml-cpp/yaml.h>

#include <regex>

#include "app/runtime.hpp"
#include "domain/json_text.hpp"

namespace granska::app {

extern const char* const kOpenApiYaml;

namespace {

// YAML 1.2 core schema for plain (unquoted) scalars; quoted scalars stay strings.
void WriteNode(domain::JsonWriter& w, const YAML::Node& n) {
  static const std::regex kInt(R"(^[-+]?[0-9]+$)");
  static const std::regex kFloat(R"(^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$)");
  switch (n.Type()) {
    case YAML::NodeType::Map:
      w.BeginObject();
      for (const auto& kv : n) {
        w.Key(kv.first.as<std::string>());
        WriteNode(w, kv.second);
      }
      w.EndObject();
      break;
    case YAML::NodeType::Sequence:
      w.BeginArray();
      for (const auto& item : n) WriteNode(w, item);
      w.EndArray();
      break;
    case YAML::NodeType::Scalar: {
      const std::string s = n.Scalar();
      if (n.Tag() == "!") {
        w.String(s);
      } else if (s == "true" || s == "false") {
        w.Bool(s == "true");
      } else if (s == "null" || s == "~") {
        w.Null();
      } else if (std::regex_match(s, kInt) || std::regex_match(s, kFloat)) {
        w.Raw(s[0] == '+' ? s.substr(1) : s);
      } else {
        w.String(s);
      }
      break;
    }
    default:
      w.Null();
  }
}

}  // namespace

std::string OpenApiJson() {
  domain::JsonWriter w;
  WriteNode(w, YAML::Load(kOpenApiYaml));
  return w.Take();
}

}  // namespace granska::app
