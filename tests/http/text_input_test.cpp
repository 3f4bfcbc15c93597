// Text that cannot be stored as it came: NUL and the other C0 control characters (TAB, LF
// and CR are text), and bytes that are not UTF-8. Every way in refuses it with 422 naming
// the field (docs/api.md), before anything is written; raw bytes in a path are 400; values
// echoed into a problem document come back printable. Also the other input limits that used
// to end as a 500: a premises capacity beyond PostgreSQL's integer, a proposed condition
// that is not a text, a date that is not in the calendar, a sign-in name of any length.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "app/runtime.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "domain/text.hpp"

using granska::testing::Browser;
using granska::testing::HttpResult;
using granska::testing::OrgNumberFor;
using granska::testing::Parse;
using granska::testing::Replace;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;

namespace {

constexpr const char* kPassword = "rätt-hemligt-lösenord";
constexpr const char* kFlaggedOrg = "802456-7896";

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

// The message for `field` in a 422 problem document, "" when the field is not named.
std::string MessageFor(const HttpResult& r, const std::string& field) {
  auto errors = Parse(r.body)->getArray("errors");
  if (!errors) return {};
  for (std::size_t i = 0; i < errors->size(); ++i)
    if (errors->getObject(i)->getValue<std::string>("field") == field)
      return errors->getObject(i)->getValue<std::string>("message");
  return {};
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = Staff("case_officer", "Karin Holm");
  std::string coordinator = server.Token("coordinator");
  std::string admin = server.Token("admin");
  std::string member = server.Token("advisory_member", "Johan Berg");

  std::string Staff(const std::string& role, const std::string& name) {
    return server.StaffToken(role, name, kPassword);
  }
  long long Submit(const std::string& json) {
    auto r = server.Post("/api/v1/applications", intake, json);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("case_id");
  }
  std::string Path(long long id, const std::string& tail = "") { return "/api/v1/cases/" + std::to_string(id) + tail; }
  std::string Status(long long id) {
    return Parse(server.Get(Path(id), officer).body)->getValue<std::string>("status");
  }
  // The case's events that change something (reads are recorded too).
  long long Events(long long id) {
    return server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + std::to_string(id) +
                             " AND event NOT LIKE '%viewed' AND event NOT LIKE '%listed'");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(TextInput, Fixture)

BOOST_AUTO_TEST_CASE(ANulInAWithdrawalReasonIsRefusedNamingTheReasonAndTheCaseStaysOpen) {
  const long long id = Submit(SampleGrant(OrgNumberFor(201)));
  const long long before = Events(id);
  auto r = server.Post(Path(id, "/withdraw"), intake, R"({"reason":"ångrar\u0000"})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(MessageFor(r, "reason") == "must not contain control characters", r.body);
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(Events(id) == before);
  // Other C0 characters likewise; TAB and line breaks are text.
  BOOST_TEST(server.Post(Path(id, "/withdraw"), intake, R"({"reason":"a\u001bb"})").status == 422);
  auto ok = server.Post(Path(id, "/withdraw"), intake, R"({"reason":"Vi ångrar oss.\tRad två\r\nslut"})");
  BOOST_TEST(ok.status == 200, ok.body);
}

BOOST_AUTO_TEST_CASE(ANulInTheOrganisationNameAtIntakeIsRefusedAndNothingIsStored) {
  auto r = server.Post("/api/v1/applications", intake,
                       Replace(SampleGrant(OrgNumberFor(202)), R"("name":"Föreningen)", R"("name":"\u0000Föreningen)"));
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(MessageFor(r, "organisation.name") == "must not contain control characters", r.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases") == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM organisations") == 0);
}

BOOST_AUTO_TEST_CASE(ControlCharactersAnywhereInTheStoredApplicationAreNamedOnce) {
  // Members no parser reads are stored with the application too; each is named by its path,
  // a field the parser reads only once.
  std::string body = SampleGrant(OrgNumberFor(203));
  body = Replace(body, R"("name":"Föreningen)", R"("name":"\u0007Föreningen)");
  body.insert(body.rfind('}'), R"(,"extra":{"notes":["ok","x\u0000y"]},"ok\u0001key":1)");
  auto r = server.Post("/api/v1/applications", intake, body);
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(MessageFor(r, "extra.notes[1]") == "must not contain control characters", r.body);
  BOOST_TEST(MessageFor(r, "ok\\x01key") == "its name must not contain control characters", r.body);
  auto errors = Parse(r.body)->getArray("errors");
  int named = 0;
  for (std::size_t i = 0; i < errors->size(); ++i)
    named += errors->getObject(i)->getValue<std::string>("field") == "organisation.name";
  BOOST_TEST(named == 1, r.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases") == 0);
}

BOOST_AUTO_TEST_CASE(ALoneSurrogateEscapeCannotSmuggleInBytesThatAreNotUtf8) {
  // The JSON parser refuses it (400), so a JSON text is always UTF-8; JsonFields checks anyway.
  for (const char* escape : {"\\ud800", "\\udc00"}) {
    auto r = server.Post("/api/v1/applications", intake,
                         Replace(SampleGrant(OrgNumberFor(204)), R"("name":"Föreningen)",
                                 std::string(R"("name":")") + escape + "Föreningen"));
    BOOST_TEST(r.status == 400, escape << ": " << r.body);
    BOOST_TEST((granska::domain::CheckText(r.body) == granska::domain::TextFault::kNone), r.body);
  }
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases") == 0);
}

BOOST_AUTO_TEST_CASE(ANulAtTheStartOfADecisionsReasonsIsRefusedNotStoredAsEmpty) {
  const long long id = Submit(SampleGrant(OrgNumberFor(205)));
  auto r =
      server.Post(Path(id, "/decision"), officer, R"({"outcome":"approved","amount_sek":45000,"reasons":"\u0000x"})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(MessageFor(r, "reasons") == "must not contain control characters", r.body);
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions") == 0);
}

BOOST_AUTO_TEST_CASE(AProposedConditionThatIsNotATextIsRefusedNamingItsDescription) {
  auto i = server.Post("/api/v1/incidents", coordinator,
                       std::string(R"({"subject":{"org_number":")") + kFlaggedOrg +
                           R"("},"kind":"threat","occurred_on":")" + Today(-584) + R"(","source":"court_judgment",
                           "verified":true,"reference":"Göteborgs tingsrätt B 1234-25"})");
  BOOST_TEST_REQUIRE(i.status == 201, i.body);
  const long long id = Submit(SampleGrant(kFlaggedOrg));
  BOOST_TEST_REQUIRE(Status(id) == "referred");
  for (const char* bad : {"null", "5", "{\"a\":1}", "\"\"", "\"a\\u0000\""}) {
    auto r = server.Post(Path(id, "/advice"), member,
                         std::string(R"({"recommendation":"approve_with_conditions","reasoning":"Skäl.",)") +
                             R"("proposed_conditions":[{"description":)" + bad + "}]}");
    BOOST_TEST_REQUIRE(r.status == 422, bad << ": " << r.body);
    BOOST_TEST(!MessageFor(r, "proposed_conditions[0].description").empty(), bad << ": " << r.body);
  }
  auto text = server.Post(
      Path(id, "/advice"), member,
      R"({"recommendation":"approve_with_conditions","reasoning":"Skäl.","proposed_conditions":["x\u0000"]})");
  BOOST_TEST(text.status == 422, text.body);
  BOOST_TEST(MessageFor(text, "proposed_conditions[0]") == "must not contain control characters", text.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM advice") == 0);
  auto ok = server.Post(
      Path(id, "/advice"), member,
      R"({"recommendation":"approve_with_conditions","reasoning":"Skäl.","proposed_conditions":[{"description":"Öppet för alla"}]})");
  BOOST_TEST(ok.status == 200, ok.body);
}

BOOST_AUTO_TEST_CASE(APremisesCapacityBeyondTheDatabasesIntegerIsAFieldError) {
  auto r = server.Request("PUT", "/api/v1/premises/arenan", admin, R"({"name":"Arenan","capacity":3000000000})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(MessageFor(r, "capacity") == "must be at most 2147483647", r.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM premises WHERE id = 'arenan'") == 0);
  auto most = server.Request("PUT", "/api/v1/premises/arenan", admin, R"({"name":"Arenan","capacity":2147483647})");
  BOOST_TEST(most.status == 201, most.body);
  auto name = server.Request("PUT", "/api/v1/premises/arenan", admin, R"({"name":"\u0000","capacity":10})");
  BOOST_TEST(name.status == 422, name.body);
  BOOST_TEST(MessageFor(name, "name") == "must not contain control characters", name.body);
}

BOOST_AUTO_TEST_CASE(ADateOfTheRightShapeThatIsNotInTheCalendarSaysSo) {
  auto incident = [&](const std::string& date) {
    return server.Post("/api/v1/incidents", coordinator,
                       R"({"subject":{"person":"Omar Lind"},"kind":"threat","occurred_on":")" + date +
                           R"(","source":"police_report","verified":false})");
  };
  auto feb = incident("2026-02-30");
  BOOST_TEST_REQUIRE(feb.status == 422, feb.body);
  BOOST_TEST(MessageFor(feb, "occurred_on") == "is not a calendar date (February 2026 has 28 days)", feb.body);
  BOOST_TEST(MessageFor(incident("2028-02-30"), "occurred_on") == "is not a calendar date (February 2028 has 29 days)");
  BOOST_TEST(MessageFor(incident("2026-13-01"), "occurred_on") == "is not a calendar date (there is no month 13)");
  BOOST_TEST(MessageFor(incident("2026-2-3"), "occurred_on") == "must be a date written YYYY-MM-DD, got '2026-2-3'");
  auto query = server.Get("/api/v1/cases?submitted_before=2026-04-31", officer);
  BOOST_TEST_REQUIRE(query.status == 422, query.body);
  BOOST_TEST(MessageFor(query, "submitted_before") == "is not a calendar date (April 2026 has 30 days)", query.body);
}

BOOST_AUTO_TEST_CASE(ValuesEchoedInAProblemDocumentArePrintableUtf8) {
  for (const char* q : {"status=%FF", "status=%00%C3", "status=%E2%82"}) {
    auto r = server.Get(std::string("/api/v1/cases?") + q, officer);
    BOOST_TEST_REQUIRE(r.status == 422, q << ": " << r.body);
    BOOST_TEST((granska::domain::CheckText(r.body) == granska::domain::TextFault::kNone), q << ": " << r.body);
  }
  auto r = server.Get("/api/v1/cases?status=%FFx", officer);
  BOOST_TEST(Has(MessageFor(r, "status"), "unknown status '\\xffx'"), r.body);
}

BOOST_AUTO_TEST_CASE(RawBytesInAPathAreRefusedNotAServerError) {
  // Over a plain socket, so that the bytes arrive exactly as written.
  auto get = [&](const std::string& path) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server.Port())));
    const std::string head = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + officer +
                             "\r\nConnection: close\r\n\r\n";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    std::string response;
    char buf[4096];
    int n = 0;
    while ((n = socket.receiveBytes(buf, sizeof buf)) > 0) response.append(buf, static_cast<std::size_t>(n));
    return response;
  };
  for (const std::string& path :
       {std::string("/api/v1/premises/\xFF/calendar?from=2027-01-01&to=2027-02-01"),
        std::string("/api/v1/premises/a\x01"), std::string("/api/v1/premises/\xC3\xA5"), std::string("/cases/\xC3")}) {
    const std::string r = get(path);
    // Poco's request reader drops a 0xFF byte (the premises path then names no premises: 404);
    // every other byte reaches the check.
    const bool ff = path.find('\xFF') != std::string::npos;
    BOOST_TEST(r.rfind(ff ? "HTTP/1.1 404" : "HTTP/1.1 400", 0) == 0u, r);
    BOOST_TEST((granska::domain::CheckText(r.substr(r.find("\r\n\r\n") + 4)) == granska::domain::TextFault::kNone), r);
  }
  // Percent-encoded, the same id is simply not a premises.
  BOOST_TEST(server.Get("/api/v1/premises/%FF", officer).status == 404);
  BOOST_TEST(server.Get("/api/v1/premises/%FF/calendar?from=2027-01-01&to=2027-02-01", officer).status == 404);
}

BOOST_AUTO_TEST_CASE(APageFormFieldWithNulOrBytesThatAreNotUtf8Gets422NamingTheFieldInSwedish) {
  const long long id = Submit(SampleGrant(OrgNumberFor(206)));
  const std::string page = "/cases/" + std::to_string(id);
  Browser b(server.Port());
  BOOST_TEST_REQUIRE(b.SignIn("Karin Holm", kPassword).status == 303);
  const long long before = Events(id);

  auto nul = b.Submit(page, page + "/referral", {{"question", std::string("Bedöm\0 detta", 13)}});
  BOOST_TEST_REQUIRE(nul.status == 422, nul.body.substr(0, 2000));
  BOOST_TEST(Has(nul.body, "<code>question</code>"), nul.body);
  BOOST_TEST(Has(nul.body, "får inte innehålla styrtecken"), nul.body);

  auto csrf = Browser::CsrfOf(b.Get(page).body);
  auto ff = b.PostRaw(page + "/decision", "csrf=" + csrf + "&outcome=rejected&reasons=%FF",
                      {{"Content-Type", "application/x-www-form-urlencoded"}});
  BOOST_TEST_REQUIRE(ff.status == 422, ff.body.substr(0, 2000));
  BOOST_TEST(Has(ff.body, "<code>reasons</code>"), ff.body);
  BOOST_TEST(Has(ff.body, "innehåller tecken som inte är giltig UTF-8"), ff.body);
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(Events(id) == before);

  // In English when asked, and the same for a query.
  auto en = b.Get("/premises/calendar?premises=%FF&lang=en");
  BOOST_TEST(en.status == 422, en.body.substr(0, 2000));
  BOOST_TEST(Has(en.body, "is not valid UTF-8"), en.body);
}

BOOST_AUTO_TEST_CASE(ASignInNameLongerThan256BytesFailsAndIsNeverStoredAsAThrottlingKey) {
  Browser b(server.Port());
  const std::string huge(300, 'k');
  auto r = b.SignIn(huge, kPassword);
  BOOST_TEST(r.status == 422, r.status);
  BOOST_TEST(Has(r.body, "Namnet eller lösenordet är fel."));
  BOOST_TEST(!Has(r.body, huge));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM sign_in_throttle WHERE scope <> 'address'") == 0);
  BOOST_TEST(server.Db().Count("SELECT sum(failures) FROM sign_in_throttle WHERE scope = 'address'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'sign_in_failed'") == 1);
  // A name of ordinary length still counts against its account.
  BOOST_TEST(b.SignIn("Karin Holm", "fel-lösenord-helt-klart").status == 422);
  BOOST_TEST(server.Db().Count("SELECT failures FROM sign_in_throttle WHERE scope = 'account' AND key = 'karin holm'") == 1);
  // Nobody can be given a name that could never sign in.
  auto user = server.Runtime().Users().Add(
      granska::domain::Actor{},
      granska::domain::User{0, std::string(257, 'n'), granska::domain::Role::kCaseOfficer, ""}, "gsk_unused",
      "unused-hash");
  BOOST_TEST_REQUIRE(!user.Ok());
  BOOST_TEST(user.Err().errors.at(0).message == "must be at most 256 bytes");
}

BOOST_AUTO_TEST_SUITE_END()
