#pragma once
// What the OpenAPI contract suites share: a running server, its served document, and checks
// that a real response matches what the document declares for its path, method, status and
// content type (body schema and required headers).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/test_server.hpp"
#include "http/json_schema.hpp"

namespace granska::testing::oas {

inline const std::vector<std::string> kMethods{"get", "put", "post", "delete", "patch", "head", "options", "trace"};

inline std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

inline std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

inline std::string HeaderOf(const HttpResult& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (Lower(k) == Lower(name)) return v;
  return {};
}

inline bool HasHeader(const HttpResult& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (Lower(k) == Lower(name)) return true;
  return false;
}

// "application/problem+json; charset=utf-8" -> "application/problem+json"
inline std::string MediaType(const std::string& content_type) {
  std::string base = content_type.substr(0, content_type.find(';'));
  base.erase(std::remove(base.begin(), base.end(), ' '), base.end());
  return Lower(base);
}

// The `field` of every entry in a problem document's `errors`.
inline std::set<std::string> ErrorFields(const Poco::Dynamic::Var& body) {
  std::set<std::string> out;
  auto errors = body.extract<Poco::JSON::Object::Ptr>()->getArray("errors");
  for (std::size_t i = 0; errors && i < errors->size(); ++i)
    out.insert(errors->getObject(i)->getValue<std::string>("field"));
  return out;
}

// A POST or PUT whose headers declare a body over the limit, sending none of it: the server must
// answer from the Content-Length alone, without reading (or waiting for) the body.
inline HttpResult SendDeclaringOversizedBody(const TestServer& server, const std::string& method,
                                             const std::string& path, const std::string& token) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.Port()));
  session.setTimeout(Poco::Timespan(30, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.set("Authorization", "Bearer " + token);
  req.setContentType("application/json");
  req.setContentLength64((1 << 20) + 1);
  session.sendRequest(req).flush();
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  HttpResult result;
  result.status = resp.getStatus();
  std::ostringstream body;
  Poco::StreamCopier::copyStream(in, body);
  result.body = body.str();
  for (const auto& [k, v] : resp) result.headers[k] = v;
  return result;
}

struct Contract {
  TestServer server;
  Poco::JSON::Object::Ptr doc;
  std::unique_ptr<JsonSchemaValidator> validator;

  Contract() {
    auto r = server.Get("/api/v1/openapi.json");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    doc = ParseJson(r.body).extract<Poco::JSON::Object::Ptr>();
    validator = std::make_unique<JsonSchemaValidator>(doc);
  }

  // Follows one level of $ref (a response, header or parameter component).
  Poco::JSON::Object::Ptr Deref(const Poco::JSON::Object::Ptr& o) const {
    if (o && o->has("$ref"))
      return validator->Resolve(o->getValue<std::string>("$ref")).extract<Poco::JSON::Object::Ptr>();
    return o;
  }

  Poco::JSON::Object::Ptr Operation(const std::string& method, const std::string& path) const {
    auto paths = doc->getObject("paths");
    if (!paths || !paths->has(path)) return nullptr;
    auto item = paths->getObject(path);
    return item->has(Lower(method)) ? item->getObject(Lower(method)) : nullptr;
  }

  // Checks `r` against what the document says `method path` answers with r.status:
  // the status is documented, its content type is, the body matches the schema, and every
  // required header is present and matches its schema. Returns the parsed body.
  Poco::Dynamic::Var ExpectDocumented(const HttpResult& r, const std::string& method, const std::string& path) const {
    const std::string what = method + " " + path + " -> " + std::to_string(r.status);
    auto op = Operation(method, path);
    BOOST_TEST_REQUIRE(op, method << " " << path << " is not in the document");
    auto responses = op->getObject("responses");
    const std::string status = std::to_string(r.status);
    BOOST_TEST_REQUIRE(responses->has(status), what << " is not documented; body: " << r.body);
    const std::string pointer = "#/paths/" + PointerEscape(path) + "/" + Lower(method) + "/responses/" + status;
    return ExpectMatches(r, Deref(responses->getObject(status)), pointer, what);
  }

  // The same against a response component, e.g. "MethodNotAllowed".
  Poco::Dynamic::Var ExpectResponseComponent(const HttpResult& r, const std::string& name) const {
    const std::string pointer = "#/components/responses/" + name;
    auto response = validator->Resolve(pointer);
    BOOST_TEST_REQUIRE(!response.isEmpty(), pointer << " is not in the document");
    return ExpectMatches(r, response.extract<Poco::JSON::Object::Ptr>(), pointer, name);
  }

  Poco::Dynamic::Var ExpectMatches(const HttpResult& r, const Poco::JSON::Object::Ptr& response,
                                   const std::string& pointer, const std::string& what) const {
    if (response->has("headers")) {
      for (const auto& [name, h] : *response->getObject("headers")) {
        auto header = Deref(h.extract<Poco::JSON::Object::Ptr>());
        if (header->has("required") && header->getValue<bool>("required"))
          BOOST_TEST(HasHeader(r, name), what << ": the documented header " << name << " is missing");
        if (HasHeader(r, name) && header->has("schema")) {
          auto problems = validator->ValidateWith(Poco::Dynamic::Var(HeaderOf(r, name)), header->get("schema"),
                                                  pointer + "/headers/" + name + "/schema");
          BOOST_TEST(problems.empty(),
                     what << ": header " << name << " does not match its schema:" << Describe(problems));
        }
      }
    }
    const std::string media = MediaType(HeaderOf(r, "Content-Type"));
    BOOST_TEST_REQUIRE(response->has("content"), what << " documents no content; body: " << r.body);
    auto content = response->getObject("content");
    BOOST_TEST_REQUIRE(content->has(media), what << ": content type '" << media << "' is not documented");
    auto schema = content->getObject(media)->get("schema");
    const std::string schema_pointer = pointer + "/content/" + PointerEscape(media) + "/schema";
    Poco::Dynamic::Var body;
    if (media == "application/json" || media.ends_with("+json")) {
      BOOST_TEST_REQUIRE(!r.body.empty(), what << ": the body is empty");
      body = ParseJson(r.body);
    } else {
      body = Poco::Dynamic::Var(r.body);
    }
    auto problems = validator->ValidateWith(body, schema, schema_pointer);
    BOOST_TEST(problems.empty(), what << ": the body does not match " << schema_pointer << ":" << Describe(problems)
                                      << "\n  body: " << r.body.substr(0, 2000));
    return body;
  }

  // Validates `json` against a schema component ("#/components/schemas/Advice").
  std::vector<SchemaProblem> Check(const std::string& json, const std::string& ref) const {
    return validator->Validate(ParseJson(json), ref);
  }

  // Creates the premises a booking needs.
  void PutStorsalen() const {
    auto r = server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }

  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");
  std::string auditor = server.Token("auditor");
  std::string admin = server.Token("admin");
};

}  // namespace granska::testing::oas
