#pragma once
// Starts the real HTTP server (the same Runtime and Poco HTTPServer as `granska serve`)
// in-process on a free loopback port against a fresh test database, and speaks HTTP to it.
#include <Poco/JSON/Object.h>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "app/config.hpp"
#include "common/test_db.hpp"

namespace granska::app {
class Runtime;
}
namespace Poco::Net {
class HTTPServer;
}

namespace granska::testing {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// One HTTP request to 127.0.0.1:`port` (a bearer token when given; the body is sent for
// POST and PUT or when not empty). Throws what Poco throws when the server does not answer.
HttpResult HttpRequest(int port, const std::string& method, const std::string& path, const std::string& token = "",
                       const std::string& body = "", const std::string& content_type = "application/json",
                       const std::map<std::string, std::string>& headers = {}, int timeout_seconds = 30);

class TestServer {
 public:
  TestServer();
  // The same with settings of the configuration changed first (e.g. the policy).
  explicit TestServer(const std::function<void(app::Config&)>& adjust);
  ~TestServer();
  int Port() const { return port_; }
  TestDatabase& Db() { return *db_; }
  app::Runtime& Runtime() { return *runtime_; }

  // Creates a user with `role` (and sector for advisory roles) and returns its token.
  std::string Token(const std::string& role, const std::string& name = "");
  // A user with an API token (returned) and a password to sign in to the pages with.
  std::string StaffToken(const std::string& role, const std::string& name, const std::string& password);

  HttpResult Request(const std::string& method, const std::string& path, const std::string& token = "",
                     const std::string& body = "", const std::string& content_type = "application/json",
                     const std::map<std::string, std::string>& headers = {}) const;
  HttpResult Get(const std::string& path, const std::string& token = "") const { return Request("GET", path, token); }
  HttpResult Post(const std::string& path, const std::string& token, const std::string& body) const {
    return Request("POST", path, token, body);
  }

 private:
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<app::Runtime> runtime_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  int port_ = 0;
};

// Dates in the sample applications are relative to today, so that the suite means the same
// whichever day it runs (a booking that has passed is closed by the job, an annual meeting
// more than 15 months back is flagged by GE-3). The sample booking is on BookingDay(), ten
// weeks ahead; the sample grant is for GrantYear(), the next calendar year, and its annual
// meeting was eight months back.
std::string BookingDay(int plus_days = 0);  // YYYY-MM-DD
// An instant on BookingDay(plus_days) at `time` (HH:MM) with offset +01:00.
std::string BookingAt(const std::string& time, int plus_days = 0);
std::string GrantYear();  // YYYY

// A valid grant application as in shared/api.md; `org_number` must be Luhn-valid.
std::string SampleGrant(const std::string& org_number = "802456-7896");
std::string SampleBooking(const std::string& premises = "storsalen", const std::string& start = BookingAt("18:00"),
                          const std::string& end = BookingAt("21:00"));
// A Luhn-valid organisation number derived from n.
std::string OrgNumberFor(int n);

// `s` with the first `from` replaced by `to`; throws std::invalid_argument naming `from`
// when `s` does not hold it (a sample body changed under a test).
std::string Replace(std::string s, const std::string& from, const std::string& to);
// The fields a 422 problem document names in `errors` (empty when it names none).
std::set<std::string> ErrorFields(const HttpResult& r);

// A JSON object from a response body (throws when it is not one).
Poco::JSON::Object::Ptr Parse(const std::string& body);
// Today plus `plus_days` in the process's zone, YYYY-MM-DD.
std::string Today(int plus_days = 0);
// The text of a PDF, laid out (pdftotext -layout from poppler-utils).
std::string PdfText(const std::string& pdf);

}  // namespace granska::testing
