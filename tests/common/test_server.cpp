#include "common/test_server.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "app/runtime.hpp"
#include "domain/org_number.hpp"
#include "http/request_handler.hpp"

namespace granska::testing {

TestServer::TestServer() : TestServer([](app::Config&) {}) {}

TestServer::TestServer(const std::function<void(app::Config&)>& adjust) : db_(std::make_unique<TestDatabase>()) {
  app::Config config;
  // The server runs as its own role, so every HTTP test also proves the grants complete.
  config.db_connection = db_->AppConnection();
  config.http_threads = 8;
  config.db_pool_size = 8;
  app::ApplyTimeZone(config.time_zone);
  config.rules_dir = std::string(GRANSKA_SOURCE_DIR) + "/rules";
  config.templates_dir = std::string(GRANSKA_SOURCE_DIR) + "/templates";
  config.letters_config = std::string(GRANSKA_SOURCE_DIR) + "/config/municipality.properties";
  config.records_plan = std::string(GRANSKA_SOURCE_DIR) + "/config/records_plan.yaml";
  // The rule set, templates and OpenAPI text are the same files for every test case: they
  // are loaded and checked once per test process (by the first TestServer), not per case.
  static const std::shared_ptr<const app::StartupAssets> assets = app::LoadStartupAssets(config);
  adjust(config);
  runtime_ = std::make_unique<app::Runtime>(config, assets);
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(8);
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  server_ = std::make_unique<Poco::Net::HTTPServer>(
      new http::RequestHandlerFactory(runtime_->Services(), runtime_->Router()), socket, params);
  server_->start();
}

TestServer::~TestServer() {
  // Poco's accept loop reads its stop flag only between polls of 250 ms; a connection wakes
  // it, so each test case does not wait out the poll (a quarter of a second, ~180 times).
  std::atomic<bool> stopped{false};
  std::thread waker([&] {
    while (!stopped) {
      try {
        Poco::Net::StreamSocket poke(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)));
      } catch (const Poco::Exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  server_->stopAll(true);
  stopped = true;
  waker.join();
  server_.reset();
  runtime_.reset();
}

std::string TestServer::StaffToken(const std::string& role, const std::string& name, const std::string& password) {
  std::string token = Token(role, name);
  auto set = Runtime().Sessions().SetPasswordByName(domain::Actor{}, name, password);
  if (!set) throw std::runtime_error("password not set for " + name + ": " + set.Err().detail);
  return token;
}

std::string TestServer::Token(const std::string& role, const std::string& name) {
  auto r = domain::ParseRole(role);
  std::string sector = (*r == domain::Role::kAdvisoryMember || *r == domain::Role::kCoordinator) ? "security" : "";
  // Names are unique (UserAdmin::Add refuses a second user of the same name): the first
  // unnamed user of a role is "<role> user", the next ones "<role> user 2", "<role> user 3", ...
  std::string user_name = name;
  if (user_name.empty()) {
    const long long before =
        db_->Count("SELECT count(*) FROM users WHERE name = '" + role + " user' OR name LIKE '" + role + " user %'");
    user_name = role + " user" + (before == 0 ? std::string() : " " + std::to_string(before + 1));
  }
  const std::string token = app::NewToken();
  auto created = runtime_->Users().Add(domain::Actor{}, domain::User{0, user_name, *r, sector}, token,
                                       app::HashTokenHex(token));
  if (!created) {
    std::string why = created.Err().detail;
    for (const auto& e : created.Err().errors) why += " " + e.field + " " + e.message + ";";
    throw std::runtime_error("test user could not be created: " + why);
  }
  return token;
}

HttpResult HttpRequest(int port, const std::string& method, const std::string& path, const std::string& token,
                       const std::string& body, const std::string& content_type,
                       const std::map<std::string, std::string>& headers, int timeout_seconds) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(timeout_seconds, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (!token.empty()) req.set("Authorization", "Bearer " + token);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST" || method == "PUT") {
    req.setContentType(content_type);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(req) << body;
  } else {
    session.sendRequest(req);
  }
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  HttpResult result;
  result.status = resp.getStatus();
  std::ostringstream out;
  Poco::StreamCopier::copyStream(in, out);
  result.body = out.str();
  for (const auto& [k, v] : resp) result.headers[k] = v;
  return result;
}

HttpResult TestServer::Request(const std::string& method, const std::string& path, const std::string& token,
                               const std::string& body, const std::string& content_type,
                               const std::map<std::string, std::string>& headers) const {
  return HttpRequest(port_, method, path, token, body, content_type, headers);
}

std::string OrgNumberFor(int n) {
  std::string nine = std::to_string(802000000 + n % 1000000);
  for (char d = '0'; d <= '9'; ++d)
    if (domain::LuhnValid(nine + d)) return nine.substr(0, 6) + "-" + nine.substr(6) + d;
  return {};
}

std::string SampleGrant(const std::string& org) {
  return R"({"kind":"grant","organisation":{"org_number":")" + org +
         R"(","name":"Föreningen Exempel","description":"free text","municipality":"Göteborg","registered_non_profit":true,"statutes_adopted":"2019-03-14","last_annual_meeting":")" +
         Today(-243) +
         R"(","board_size":5,"member_count":120,"members_resident":96,"members_aged_7_25":64,"bankgiro":"5050-1055","contact":{"name":"Anna Andersson","email":"anna@example.org"},"board":[{"name":"Anna Andersson","role":"chair"},{"name":"Omar Lind","role":"treasurer"}],"cooperation_organisations":["802512-3459"]},"grant":{"type":"activity","amount_sek":45000,"period":{"from":")" +
         GrantYear() + R"(-01-01","to":")" + GrantYear() +
         R"(-12-31"},"purpose":"free text","expected_participants":80},"attachments":[{"kind":"statutes"},{"kind":"annual_report"},{"kind":"financial_statement"}],"declarations":{"democracy_conditions_accepted":true,"information_true":true}})";
}

std::string SampleBooking(const std::string& premises, const std::string& start, const std::string& end) {
  return R"({"kind":"booking","organisation":{"org_number":"802456-7896","name":"Föreningen Exempel","contact":{"name":"Anna Andersson","email":"anna@example.org"}},"booking":{"premises_id":")" +
         premises + R"(","start":")" + start + R"(","end":")" + end +
         R"(","purpose":"free text","event_type":"meeting","public":true,"expected_attendees":60,"speakers":[{"name":"Name Surname"}]},"declarations":{"democracy_conditions_accepted":true,"information_true":true}})";
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  if (at == std::string::npos) throw std::invalid_argument("Replace: the text does not hold '" + from + "'");
  return s.replace(at, from.size(), to);
}

std::set<std::string> ErrorFields(const HttpResult& r) {
  std::set<std::string> out;
  auto errors = Parse(r.body)->getArray("errors");
  for (std::size_t i = 0; errors && i < errors->size(); ++i)
    out.insert(errors->getObject(i)->getValue<std::string>("field"));
  return out;
}

Poco::JSON::Object::Ptr Parse(const std::string& body) {
  Poco::JSON::Parser p;
  return p.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string BookingDay(int plus_days) { return Today(70 + plus_days); }

std::string BookingAt(const std::string& time, int plus_days) {
  return BookingDay(plus_days) + "T" + time + ":00+01:00";
}

std::string GrantYear() { return std::to_string(std::stoi(Today().substr(0, 4)) + 1); }

std::string Today(int plus_days) {
  std::time_t t = std::time(nullptr) + plus_days * 86400;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string PdfText(const std::string& pdf) {
  const std::string path =
      "/tmp/granska-pdf-" + std::to_string(::getpid()) + "-" + std::to_string(std::hash<std::string>{}(pdf)) + ".pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string text;
  FILE* p = ::popen(("pdftotext -layout " + path + " - 2>&1").c_str(), "r");
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  ::pclose(p);
  std::remove(path.c_str());
  return text;
}

}  // namespace granska::testing
