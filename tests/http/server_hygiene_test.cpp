// The server's hygiene as a client and an operator meet it: status lines with their reason,
// /metrics labels a client cannot inflate or break, a POST without a body, numbers beyond
// 64 bits, the premises list's keyset, calendars far in time, a port already in use, an
// un-migrated database, the templates' problems listed once, and user names and sectors.
#include <Poco/JSON/Object.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>
#include <unistd.h>

#include "app/runtime.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "http/metrics.hpp"

using granska::testing::Today;
using granska::testing::Browser;
using granska::testing::Exec;
using granska::testing::HttpResult;
using granska::testing::ErrorFields;
using granska::testing::Parse;
using granska::testing::SampleGrant;
using granska::testing::TestServer;

namespace {

std::string Quote(const std::string& s) { return "'" + s + "'"; }

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::size_t Occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// Sends `request` as written (it should say "Connection: close") and reads the whole answer.
std::string RawExchange(int port, const std::string& request) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)));
  socket.setReceiveTimeout(Poco::Timespan(15, 0));
  socket.sendBytes(request.data(), static_cast<int>(request.size()));
  std::string out;
  char buf[4096];
  for (int n; (n = socket.receiveBytes(buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

std::string StatusLine(const std::string& response) { return response.substr(0, response.find("\r\n")); }

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string admin = server.Token("admin");
  Fixture() {
    auto r = server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})");
    BOOST_REQUIRE_EQUAL(r.status, 201);
  }
  long long SubmitGrant() {
    auto r = server.Post("/api/v1/applications", intake, SampleGrant());
    BOOST_REQUIRE_EQUAL(r.status, 201);
    return Parse(r.body)->getValue<long long>("case_id");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ServerHygiene, Fixture)

BOOST_AUTO_TEST_CASE(StatusLinesCarryTheirReasonPhrase) {
  const auto not_found = RawExchange(server.Port(), "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(not_found) == "HTTP/1.1 404 Not Found");
  const auto not_allowed =
      RawExchange(server.Port(), "DELETE /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(not_allowed) == "HTTP/1.1 405 Method Not Allowed");
  const auto unauthenticated =
      RawExchange(server.Port(), "GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(unauthenticated) == "HTTP/1.1 401 Unauthorized");
  const auto ok = RawExchange(server.Port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(ok) == "HTTP/1.1 200 OK");
}

BOOST_AUTO_TEST_CASE(MetricsCountUnknownMethodsAsOtherAndEscapeLabelValues) {
  // Made-up methods, one with a quote and a brace that would end the label set if printed.
  for (const char* method : {"BREW", "X\"}evil{a=\"b", "PROPFIND"}) {
    const auto r = RawExchange(server.Port(), std::string(method) + " /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(!r.empty(), method);
  }
  const auto metrics = server.Get("/metrics");
  BOOST_TEST_REQUIRE(metrics.status == 200);
  BOOST_TEST(!Has(metrics.body, "BREW"), metrics.body);
  BOOST_TEST(!Has(metrics.body, "PROPFIND"));
  BOOST_TEST(!Has(metrics.body, "evil"));
  BOOST_TEST(Has(metrics.body, "granska_http_requests_total{method=\"other\",route=\"unmatched\",status=\"405\"} 3"),
             metrics.body);
  // Label values are escaped as the text format says: backslash, double quote, newline.
  BOOST_TEST(granska::http::EscapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  granska::http::Metrics m;
  m.Observe("GET", "/x\"y\\z\n", 200, 0.01);
  BOOST_TEST(Has(m.Render(), "route=\"/x\\\"y\\\\z\\n\",status=\"200\"} 1"), m.Render());
}

BOOST_AUTO_TEST_CASE(ABodilessPostToARouteWithAnOptionalBodyIsNotRefusedForItsMediaType) {
  const long long id = SubmitGrant();
  const std::string path = "/api/v1/cases/" + std::to_string(id) + "/withdraw";
  // Content-Length 0, no Content-Type: the case is withdrawn.
  auto r = RawExchange(server.Port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + officer +
                                          "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(r) == "HTTP/1.1 200 OK", r);
  BOOST_TEST(Has(r, "\"status\":\"withdrawn\""), r);

  // Neither a length nor chunked encoding: an empty body (HTTP/1.1), answered at once.
  const long long second = SubmitGrant();
  r = RawExchange(server.Port(), "POST /api/v1/cases/" + std::to_string(second) +
                                     "/withdraw HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + officer +
                                     "\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(r) == "HTTP/1.1 200 OK", r);

  // A route that needs something says what is missing: fulfil names its evidence (422), for a
  // condition that exists (an unknown one is 404 first).
  const long long third = SubmitGrant();
  auto decided = server.Post("/api/v1/cases/" + std::to_string(third) + "/decision", officer,
                             R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Skäl.",)"
                             R"("conditions":[{"kind":"activity_report","due":")" + Today(30) +
                                 R"(","description":"Rapport"}]})");
  BOOST_TEST_REQUIRE(decided.status == 200, decided.body);
  const long long condition =
      server.Db().Count("SELECT min(id) FROM conditions WHERE case_id = " + std::to_string(third));
  r = RawExchange(server.Port(), "POST /api/v1/conditions/" + std::to_string(condition) +
                                     "/fulfil HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + officer +
                                     "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(r) == "HTTP/1.1 422 Unprocessable Entity", r);
  BOOST_TEST(Has(r, "\"field\":\"evidence\""), r);
  // And one that needs a JSON object says so (400), not 415.
  r = RawExchange(server.Port(), "POST /api/v1/applications HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + intake +
                                     "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  BOOST_TEST(StatusLine(r) == "HTTP/1.1 400 Bad Request", r);
  BOOST_TEST(Has(r, "The request body is empty"), r);

  // A body sent as something else than JSON is still 415, chunked or not.
  auto wrong = server.Request("POST", path, officer, "reason=x", "application/x-www-form-urlencoded");
  BOOST_TEST(wrong.status == 415, wrong.body);
  r = RawExchange(server.Port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + officer +
                                     "\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                                     "Connection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  BOOST_TEST(StatusLine(r) == "HTTP/1.1 415 Unsupported Media Type", r);
}

BOOST_AUTO_TEST_CASE(ABodyThatIsNoObjectIsToldSoAndTheBearerSchemeIgnoresCase) {
  // API review: `null` and `"x"` were answered with Poco's "Attempt to set value on an empty
  // stack", bytes that are not UTF-8 with "unterminated string literal".
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"null", "must be a JSON object ({...})."},
      {"\"x\"", "must be a JSON object ({...})."},
      {"42", "must be a JSON object ({...})."},
      {"[{\"kind\":\"grant\"}]", "must be a JSON object ({...}), not an array."},
      {"{\"kind\":\"gr\xff\"}", "is not valid UTF-8"},
  };
  for (const auto& [body, said] : bodies) {
    auto r = server.Post("/api/v1/applications", intake, body);
    BOOST_TEST(r.status == 400, body);
    BOOST_TEST(Has(r.body, said), r.body);
    BOOST_TEST(!Has(r.body, "empty stack"), r.body);
  }
  // RFC 9110 11.1: the scheme's name is case-insensitive.
  for (const std::string scheme : {"bearer ", "BEARER ", "Bearer  "}) {
    auto r = server.Request("GET", "/api/v1/cases?limit=1", "", "", "", {{"Authorization", scheme + officer}});
    BOOST_TEST(r.status == 200, scheme << ": " << r.body);
  }
  for (const std::string& wrong : std::vector<std::string>{"Bearer", "Bearer ", "Bearerx " + officer, "Basic " + officer}) {
    auto r = server.Request("GET", "/api/v1/cases?limit=1", "", "", "", {{"Authorization", wrong}});
    BOOST_TEST(r.status == 401, wrong);
  }
}

BOOST_AUTO_TEST_CASE(ANumberBeyondSixtyFourBitsIsNamedNotCalledInvalidJson) {
  auto r = server.Post("/api/v1/applications", intake, R"({"kind":"grant","x":1e400})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(ErrorFields(r).count("x") == 1u, r.body);
  BOOST_TEST(!Has(r.body, "not valid JSON"), r.body);

  std::string grant = SampleGrant();
  const std::string board = "\"board_size\":5";
  BOOST_TEST_REQUIRE(Has(grant, board), grant);
  grant.replace(grant.find(board), board.size(), "\"board_size\":1234567890123456789012345678901");
  r = server.Post("/api/v1/applications", intake, grant);
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  auto errors = Parse(r.body)->getArray("errors");
  BOOST_TEST_REQUIRE(errors->size() == 1u, r.body);
  BOOST_TEST(errors->getObject(0)->getValue<std::string>("field") == "organisation.board_size");
  BOOST_TEST(Has(errors->getObject(0)->getValue<std::string>("message"), "out of range"));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases") == 0);

  // In an array, negative: named with its index.
  r = server.Post("/api/v1/audits", server.Token("auditor"), R"({"x":[1,{"y":-99999999999999999999}]})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(ErrorFields(r).count("x[1].y") == 1u, r.body);

  // Just below int64's least: Poco took it and changed its value; it is named as well. int64's
  // least itself, and the same digits inside a string, are accepted.
  r = server.Post("/api/v1/audits", server.Token("auditor"), R"({"x":{"y":-9223372036854775809}})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(ErrorFields(r).count("x.y") == 1u, r.body);
  BOOST_TEST(Has(r.body, "out of range"), r.body);
  for (const char* fine : {R"({"x":-9223372036854775808})", R"({"x":"-92233720368547758090"})"}) {
    r = server.Post("/api/v1/applications", intake, std::string(R"({"kind":"grant",)") + (fine + 1));
    BOOST_TEST(r.status == 422, r.body);
    BOOST_TEST(ErrorFields(r).count("x") == 0u, fine << ": " << r.body);
  }

  // Not JSON for another reason as well: 400, and the message says what.
  r = server.Post("/api/v1/applications", intake, R"({"kind":"grant","x":1e400,)");
  BOOST_TEST(r.status == 400, r.body);
  // Within range, a very small fraction and the largest unsigned number still parse.
  r = server.Post("/api/v1/applications", intake, R"({"kind":"grant","x":1.5e-400,"y":18446744073709551615})");
  BOOST_TEST(r.status == 422, r.body);
  BOOST_TEST(ErrorFields(r).count("x") == 0u, r.body);
}

BOOST_AUTO_TEST_CASE(ThePremisesListPagesByIdSoAnInsertBetweenPagesShowsNoItemTwice) {
  for (const char* id : {"p-b", "p-d", "p-f"}) {
    auto r = server.Request("PUT", std::string("/api/v1/premises/") + id, admin, R"({"name":"Sal","capacity":10})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  auto first = server.Get("/api/v1/premises?limit=2", officer);
  BOOST_TEST_REQUIRE(first.status == 200, first.body);
  auto page = Parse(first.body);
  BOOST_TEST_REQUIRE(page->getArray("items")->size() == 2u);
  BOOST_TEST(page->getArray("items")->getObject(0)->getValue<std::string>("id") == "p-b");
  BOOST_TEST(page->getArray("items")->getObject(1)->getValue<std::string>("id") == "p-d");
  const std::string next = page->getValue<std::string>("next");
  // Created between the pages: one before the cursor (a position cursor would show p-d again).
  for (const char* id : {"p-a", "p-e"}) {
    auto r = server.Request("PUT", std::string("/api/v1/premises/") + id, admin, R"({"name":"Sal","capacity":10})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  std::vector<std::string> seen;
  std::string after = next;
  for (int guard = 0; !after.empty() && guard < 10; ++guard) {
    auto r = server.Get("/api/v1/premises?limit=2&after=" + after, officer);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto p = Parse(r.body);
    auto items = p->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) seen.push_back(items->getObject(i)->getValue<std::string>("id"));
    after = p->isNull("next") ? std::string() : p->getValue<std::string>("next");
  }
  BOOST_TEST((seen == std::vector<std::string>{"p-e", "p-f", "storsalen"}));
  // The cursor is opaque and belongs to this list: another list's cursor, or a position, is refused.
  auto cases_cursor = server.Get("/api/v1/premises?after=Y2FzZXM6MQ", officer);  // "cases:1"
  BOOST_TEST(cases_cursor.status == 422, cases_cursor.body);
  BOOST_TEST(ErrorFields(cases_cursor).count("after") == 1u);
  auto position = server.Get("/api/v1/premises?after=cHJlbWlzZXM6Mg", officer);  // "premises:2"
  BOOST_TEST(position.status == 422, position.body);
  auto cases = server.Get("/api/v1/cases?after=" + next, officer);
  BOOST_TEST(cases.status == 422, cases.body);
}

BOOST_AUTO_TEST_CASE(ACalendarFarInTimeIsRefusedNamingTheParameter) {
  auto r = server.Get("/api/v1/premises/storsalen/calendar?from=0001-01-01&to=0001-01-05", officer);
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST((ErrorFields(r) == std::set<std::string>{"from", "to"}), r.body);
  BOOST_TEST(Has(r.body, "1900"), r.body);
  r = server.Get("/api/v1/premises/storsalen/calendar?from=1899-12-31T00:00:00%2B01:00&to=2027-01-01", officer);
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST((ErrorFields(r) == std::set<std::string>{"from"}), r.body);
  r = server.Get("/api/v1/premises/storsalen/calendar?from=9999-12-01&to=9999-12-31", officer);
  BOOST_TEST(r.status == 200, r.body);
  r = server.Get("/api/v1/premises/storsalen/calendar?from=1900-01-01&to=1900-01-05", officer);
  BOOST_TEST(r.status == 200, r.body);

  // The page: refused (422), and the period it then shows is one it can query.
  server.Runtime().Sessions().SetPasswordByName(granska::domain::Actor{}, "case_officer user", "rätt-hemligt-lösenord");
  Browser browser(server.Port());
  BOOST_TEST_REQUIRE(browser.SignIn("case_officer user", "rätt-hemligt-lösenord").status == 303);
  for (const char* query : {"from=0001-01-01", "from=0001-01-01&to=0001-01-05", "from=0001-01-01&to=2027-01-01",
                            "from=2026-01-01&to=0001-01-05", "from=10000-01-01"}) {
    auto page = browser.Get(std::string("/premises/calendar?premises=storsalen&") + query);
    BOOST_TEST(page.status == 422, query << ": " << page.body.substr(0, 300));
  }
  BOOST_TEST(browser.Get("/premises/calendar?premises=storsalen&from=9999-11-01&to=9999-12-31").status == 200);
  BOOST_TEST(browser.Get("/premises/calendar?premises=storsalen&from=9999-12-31").status == 200);
  BOOST_TEST(browser.Get("/premises/calendar?premises=storsalen&from=1900-01-01").status == 200);
}

BOOST_AUTO_TEST_CASE(AMemberWithoutASectorIsShownAsSectorNotGiven) {
  const std::string member = server.Token("coordinator", "Utan Sektor");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM users WHERE name = 'Utan Sektor' AND sector IS NOT NULL") == 1);
  // TestServer gives advisory roles a sector; this member has none, as `user add` allows.
  server.Db().Exec("UPDATE users SET sector = NULL WHERE name = 'Utan Sektor'");
  const long long id = SubmitGrant();
  auto referred = server.Post("/api/v1/cases/" + std::to_string(id) + "/referral", officer, R"({"question":"Råd?"})");
  BOOST_TEST_REQUIRE(referred.status == 200, referred.body);
  auto advice = server.Post("/api/v1/cases/" + std::to_string(id) + "/advice", member,
                            R"({"recommendation":"approve","reasoning":"Inget att invända."})");
  BOOST_TEST_REQUIRE(advice.status == 200, advice.body);
  server.Runtime().Sessions().SetPasswordByName(granska::domain::Actor{}, "case_officer user", "rätt-hemligt-lösenord");
  Browser browser(server.Port());
  browser.Get("/login?lang=en");
  BOOST_TEST_REQUIRE(browser.SignIn("case_officer user", "rätt-hemligt-lösenord").status == 303);
  auto page = browser.Get("/cases/" + std::to_string(id));
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(Has(page.body, "(sector not given,"), page.body.substr(page.body.find("Utan Sektor")));
}

BOOST_AUTO_TEST_SUITE_END()

// ---- The command line ----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(ServerHygieneCommandLine)

BOOST_AUTO_TEST_CASE(ServeRefusesAPortAlreadyInUse) {
  granska::testing::TestDatabase db;
  // Held as Poco held it before: SO_REUSEADDR and SO_REUSEPORT, so that a second server that
  // set both as well would start and share the port.
  Poco::Net::ServerSocket taken;
  taken.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true, true);
  taken.listen();
  const int port = taken.address().port();
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.AppConnection()) +
                " GRANSKA_HTTP_HOST=127.0.0.1 GRANSKA_HTTP_PORT=" + std::to_string(port) + " timeout 20 " +
                GRANSKA_BINARY " serve");
  BOOST_TEST(r.code == 69, r.out);  // EX_UNAVAILABLE, as for an unreachable database
  BOOST_TEST(Has(r.out, "refusing to start: 127.0.0.1 port " + std::to_string(port) + " is in use"), r.out);
  BOOST_TEST(!Has(r.out, "serving on"), r.out);
}

BOOST_AUTO_TEST_CASE(AnUnmigratedDatabaseIsRefusedWithWhatToRun) {
  granska::testing::TestDatabase db;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.Connection()) +
                          " GRANSKA_HTTP_PORT=0 timeout 30 ";
  const long long latest = db.Count("SELECT max(version) FROM schema_migrations");
  db.Exec("DELETE FROM schema_migrations WHERE version = " + std::to_string(latest));
  const std::string behind = "the database schema is at version " + std::to_string(latest - 1) +
                             ", this build needs " + std::to_string(latest) + ": run `granska migrate`";
  auto serve = Exec(env + GRANSKA_BINARY " serve");
  BOOST_TEST(serve.code == 69, serve.out);
  BOOST_TEST(Has(serve.out, "refusing to start: " + behind), serve.out);
  BOOST_TEST(serve.out.size() < 1000u, serve.out.size());
  auto add = Exec(env + GRANSKA_BINARY " user add --name 'Karin Holm' --role case_officer");
  BOOST_TEST(add.code == 1, add.out);
  BOOST_TEST(Has(add.out, behind), add.out);
  BOOST_TEST(add.out.size() < 1000u, add.out.size());

  // A database where nothing was migrated yet.
  db.Exec("SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  auto none = Exec(env + GRANSKA_BINARY " user add --name 'Karin Holm' --role case_officer");
  BOOST_TEST(none.code == 1, none.out);
  BOOST_TEST(Has(none.out, "the database schema is at version none, this build needs " + std::to_string(latest)),
             none.out);
  BOOST_TEST(none.out.size() < 1000u, none.out.size());
  // `granska migrate` brings it up to date, and then the user is added.
  auto migrate = Exec(env + GRANSKA_BINARY " migrate");
  BOOST_TEST(migrate.code == 0, migrate.out);
  auto again = Exec(env + GRANSKA_BINARY " user add --name 'Karin Holm' --role case_officer");
  BOOST_TEST(again.code == 0, again.out);
}

BOOST_AUTO_TEST_CASE(ServePrintsTheTemplatesProblemsOnce) {
  granska::testing::TestDatabase db;
  const std::string dir = "/tmp/granska-bad-templates-" + std::to_string(::getpid());
  Exec("rm -rf " + dir + " && cp -r " + std::string(GRANSKA_SOURCE_DIR) + "/templates " + dir +
       " && rm " + dir + "/letters/approval_en.mustache");
  auto r = Exec("cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.AppConnection()) +
                " GRANSKA_TEMPLATES_DIR=" + dir + " GRANSKA_HTTP_PORT=0 timeout 20 " + GRANSKA_BINARY " serve");
  BOOST_TEST(r.code == 69, r.out);
  BOOST_TEST(Has(r.out, "refusing to start: the letter templates in '" + dir + "' are not usable"), r.out);
  BOOST_TEST(Occurrences(r.out, "letters/approval_en.mustache: missing") == 1u, r.out);
  Exec("rm -rf " + dir);
}

BOOST_AUTO_TEST_CASE(UserAddTakesNoSectorButRefusesANameInUse) {
  granska::testing::TestDatabase db;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.AppConnection()) + " ";
  auto member = Exec(env + GRANSKA_BINARY " user add --name 'Johan Berg' --role advisory_member");
  BOOST_TEST_REQUIRE(member.code == 0, member.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM users WHERE name = 'Johan Berg' AND role = 'advisory_member' AND "
                      "coalesce(sector, '') = ''") == 1);
  auto coordinator = Exec(env + GRANSKA_BINARY " user add --name 'Sara Ek' --role coordinator --sector security");
  BOOST_TEST(coordinator.code == 0, coordinator.out);
  auto bad_sector = Exec(env + GRANSKA_BINARY " user add --name 'Per Nilsson' --role coordinator --sector moon");
  BOOST_TEST(bad_sector.code == 1, bad_sector.out);

  // The same name, in other case and with spaces around it, is refused: names identify users.
  auto twin = Exec(env + GRANSKA_BINARY " user add --name '  johan BERG ' --role case_officer");
  BOOST_TEST(twin.code == 1, twin.out);
  BOOST_TEST(Has(twin.out, "another user is already named '  johan BERG '"), twin.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM users WHERE lower(trim(name)) = 'johan berg'") == 1);
  // So a token is still found by name.
  auto token = Exec(env + GRANSKA_BINARY " user new-token --name 'Johan Berg'");
  BOOST_TEST(token.code == 0, token.out);
}

// Migration 0023 recomputes the incidents' normalised person names with this build's form: a
// name stored with combining marks and a no-break space (the old form kept both) is matched
// afterwards as the same name typed with precomposed letters.
BOOST_AUTO_TEST_CASE(TheNameMigrationRecomputesTheIncidentsNormalisedNames) {
  granska::testing::TestDatabase db;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.Connection()) + " ";
  const std::string typed = "A\xCC\x8Asa\xC2\xA0O\xCC\x88stlund";
  db.Exec("DELETE FROM schema_migrations WHERE version = 23");
  db.Exec("INSERT INTO incidents (subject_person, subject_person_norm, kind, occurred_on, source, verified) VALUES ('" +
          typed + "', lower('" + typed + "'), 'threat', '2025-01-01', 'police_report', true)");
  auto migrated = Exec(env + GRANSKA_BINARY " migrate");
  BOOST_TEST(migrated.code == 0, migrated.out);
  BOOST_TEST(Has(migrated.out, "0023_person_names_renormalised"), migrated.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM incidents WHERE subject_person_norm = 'åsa östlund'") == 1);
}

// A database from before migration 0021 may hold two live users of one name: the migration
// refuses with the names and ids to rename, changes nothing, and succeeds once one is renamed.
BOOST_AUTO_TEST_CASE(TheUniqueNameMigrationNamesTheUsersToRename) {
  granska::testing::TestDatabase db;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB=" + Quote(db.Connection()) + " ";
  db.Exec("DROP INDEX users_live_name_unique; DELETE FROM schema_migrations WHERE version = 21");
  db.Exec("INSERT INTO users (name, role) VALUES ('Karin Holm', 'case_officer'), (' karin holm', 'auditor'), "
          "('Mats Lund', 'auditor')");
  auto refused = Exec(env + GRANSKA_BINARY " migrate");
  BOOST_TEST(refused.code != 0, refused.out);
  BOOST_TEST(Has(refused.out, "two or more users share a name: 'karin holm' (users "), refused.out);
  BOOST_TEST(Has(refused.out, "then run granska migrate again"), refused.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM schema_migrations WHERE version = 21") == 0);
  db.Exec("UPDATE users SET name = 'Karin Holm (revisor)' WHERE name = ' karin holm'");
  auto migrated = Exec(env + GRANSKA_BINARY " migrate");
  BOOST_TEST(migrated.code == 0, migrated.out);
  BOOST_TEST(db.Count("SELECT count(*) FROM pg_indexes WHERE indexname = 'users_live_name_unique'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
