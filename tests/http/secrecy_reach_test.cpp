// A secrecy mark holds wherever the marked text is quoted: an incident's reference under a
// mark is left out of the public-access export of a case whose screening explanation cites it,
// not only out of the incident's own export (review of 2026-12-07, records item 3).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "common/test_server.hpp"

using granska::testing::Parse;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;

namespace {

const std::string kReference = "Göteborgs tingsrätt B 4711-25";

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");

  long long RecordIncident() {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"org_number":"802456-7896"},"kind":"threat","occurred_on":")" + Today(-300) +
                             R"(","source":"court_judgment","verified":true,"reference":")" + kReference + R"("})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("id");
  }
};

bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(SecrecyReach, Fixture)

BOOST_AUTO_TEST_CASE(AMarkedIncidentReferenceIsLeftOutOfTheExportOfACaseThatCitesIt) {
  const long long incident = RecordIncident();
  auto s = server.Post("/api/v1/applications", intake, SampleGrant());
  BOOST_TEST_REQUIRE(s.status == 201, s.body);
  const std::string path = "/api/v1/cases/" + std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  // Before the mark the export quotes the reference in DV-1's explanation.
  auto before = server.Get(path + "/public-export", officer);
  BOOST_TEST_REQUIRE(before.status == 200, before.body);
  BOOST_TEST(Has(before.body, kReference), before.body);

  auto mark = server.Post("/api/v1/incidents/" + std::to_string(incident) + "/secrecy-marks", coordinator,
                          R"({"part":"reference","ground":"OSL 18 kap. 1 §","reason":"Pågående förundersökning"})");
  BOOST_TEST_REQUIRE(mark.status == 201, mark.body);
  for (const std::string query : {"", "?format=html", "?lang=en", "?lang=en&format=html"}) {
    BOOST_TEST_CONTEXT(query) {
      auto e = server.Get(path + "/public-export" + query, officer);
      BOOST_TEST_REQUIRE(e.status == 200, e.body);
      BOOST_TEST(!Has(e.body, kReference), e.body);
      BOOST_TEST(!Has(e.body, "B 4711-25"), e.body);
      BOOST_TEST(Has(e.body, "OSL 18 kap. 1 §"), e.body);  // the omission names its ground
    }
  }
  auto json = Parse(server.Get(path + "/public-export", officer).body);
  auto omissions = json->getArray("omissions");
  BOOST_TEST_REQUIRE(omissions->size() == 1u);
  BOOST_TEST(omissions->getObject(0)->getValue<std::string>("part") == "incident.reference");
  // The export's event names what was left out (never the text), as it does for the case's own
  // marks: the five exports since the mark.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'public_export' AND "
                               "detail->'omitted_incident_parts'->0->>'part' = 'reference'") == 5);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE detail::text LIKE '%4711-25%'") == 0);
  // The officer's own reading of the case is not an export: it still shows the explanation.
  BOOST_TEST(Has(server.Get(path, officer).body, kReference));
}

BOOST_AUTO_TEST_SUITE_END()
