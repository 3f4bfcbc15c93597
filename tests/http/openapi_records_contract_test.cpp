// The records routes (legal hold, secrecy marks, public-access exports) and the case view's
// added members, against docs/openapi.yaml: every answer, success and error, matches the
// schema the document declares for its path, method and status.
#include <Poco/JSON/Object.h>

#include <boost/test/unit_test.hpp>
#include <set>
#include <string>

#include "common/test_server.hpp"
#include "http/openapi_contract.hpp"

using granska::testing::OrgNumberFor;
using granska::testing::ParseJson;
using granska::testing::SampleGrant;
using granska::testing::Today;
using granska::testing::oas::Contract;
using Poco::JSON::Object;

namespace {

struct RecordsContract : Contract {
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");
  std::string auditor = server.Token("auditor");

  long long Approved(int n) {
    auto s = server.Post("/api/v1/applications", intake, SampleGrant(OrgNumberFor(n)));
    BOOST_TEST_REQUIRE(s.status == 201, s.body);
    const long long id = ParseJson(s.body).extract<Object::Ptr>()->getValue<long long>("case_id");
    auto d = server.Post("/api/v1/cases/" + std::to_string(id) + "/decision", officer,
                         R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})");
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
    return id;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(OpenApiRecordsContract, RecordsContract)

BOOST_AUTO_TEST_CASE(HoldsMarksAndExportsOfACaseMatchTheDocument) {
  const std::string c = "/api/v1/cases/" + std::to_string(Approved(61));
  const std::string hold = "/api/v1/cases/{id}/legal-hold";
  const std::string release = "/api/v1/cases/{id}/legal-hold/release";
  const std::string marks = "/api/v1/cases/{id}/secrecy-marks";
  const std::string removal = "/api/v1/cases/{id}/secrecy-marks/{mark_id}/removal";
  const std::string exp = "/api/v1/cases/{id}/public-export";

  ExpectDocumented(server.Post(c + "/legal-hold", officer, R"({"reason":"x"})"), "POST", hold);
  ExpectDocumented(server.Post(c + "/legal-hold", auditor, R"({"reason":""})"), "POST", hold);
  ExpectDocumented(server.Post("/api/v1/cases/999999/legal-hold", auditor, R"({"reason":"x"})"), "POST", hold);
  ExpectDocumented(server.Post(c + "/legal-hold/release", auditor, R"({"reason":"x"})"), "POST", release);  // 409
  ExpectDocumented(server.Post(c + "/legal-hold", auditor, R"({"reason":"Revision 2026"})"), "POST", hold);
  ExpectDocumented(server.Post(c + "/legal-hold", auditor, R"({"reason":"again"})"), "POST", hold);  // 409

  auto m = server.Post(c + "/secrecy-marks", officer,
                       R"({"part":"application.contact","ground":"OSL 21 kap. 7 §","reason":"Enskild"})");
  auto mark = ExpectDocumented(m, "POST", marks).extract<Object::Ptr>();
  ExpectDocumented(server.Post(c + "/secrecy-marks", officer, R"({"part":"x","ground":"y","reason":""})"), "POST", marks);
  ExpectDocumented(server.Post(c + "/secrecy-marks", auditor, R"({"part":"x","ground":"y","reason":"z"})"), "POST", marks);

  auto detail = server.Get(c, officer);
  auto d = ExpectDocumented(detail, "GET", "/api/v1/cases/{id}").extract<Object::Ptr>();
  BOOST_TEST(!d->isNull("legal_hold"));
  BOOST_TEST(d->getArray("secrecy_marks")->size() == 1u);

  // A revocation (communicated, then dropped) and an appeal are exported as their own documents.
  BOOST_TEST_REQUIRE(server.Post(c + "/revocation/communication", officer,
                                 R"({"breach":"Villkoret bröts.","reply_by":")" + Today(10) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post(c + "/revocation/drop", officer, R"({"reasons":"Inte brutet."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(c + "/appeals", officer,
                                 R"({"lodged_on":")" + Today() +
                                     R"(","appellant":{"kind":"applicant"},"court":"Förvaltningsrätten i Göteborg"})")
                         .status == 201);
  std::set<std::string> documents;
  for (const std::string q : {"", "?lang=en", "?format=html", "?lang=xx"}) {
    auto body = ExpectDocumented(server.Get(c + "/public-export" + q, officer), "GET", exp);
    if (q.empty()) {
      auto docs = body.extract<Object::Ptr>()->getArray("documents");
      for (std::size_t i = 0; i < docs->size(); ++i) documents.insert(docs->getObject(i)->getValue<std::string>("document"));
    }
  }
  BOOST_TEST(documents.count("revocation") == 1u);
  BOOST_TEST(documents.count("appeals") == 1u);
  ExpectDocumented(server.Get(c + "/public-export", intake), "GET", exp);
  ExpectDocumented(server.Get("/api/v1/cases/999999/public-export", officer), "GET", exp);

  const std::string mark_path = c + "/secrecy-marks/" + std::to_string(mark->getValue<long long>("id")) + "/removal";
  ExpectDocumented(server.Post(mark_path, officer, R"({"reason":"Inte längre skyddad"})"), "POST", removal);
  ExpectDocumented(server.Post(mark_path, officer, R"({"reason":"again"})"), "POST", removal);  // 409
  ExpectDocumented(server.Post(c + "/secrecy-marks/999999/removal", officer, R"({"reason":"x"})"), "POST", removal);
  ExpectDocumented(server.Get(c + "/secrecy-marks", auditor), "GET", marks);
  ExpectDocumented(server.Get(c + "/secrecy-marks", intake), "GET", marks);

  auto released = server.Post(c + "/legal-hold/release", auditor, R"({"reason":"Klar"})");
  ExpectDocumented(released, "POST", release);
  BOOST_TEST(released.status == 200);
}

BOOST_AUTO_TEST_CASE(TheAuditReportWithItsRevocationsMatchesTheDocument) {
  const std::string c = "/api/v1/cases/" + std::to_string(Approved(71));
  BOOST_TEST_REQUIRE(server.Post(c + "/revocation/communication", officer,
                                 R"({"breach":"Villkoret bröts.","reply_by":")" + Today(10) + "\"}").status == 200);
  BOOST_TEST_REQUIRE(server.Post(c + "/revocation/drop", officer, R"({"reasons":"Inte brutet."})").status == 200);
  auto audit = server.Post("/api/v1/audits", auditor,
                           R"({"from":")" + Today(-30) + R"(","to":")" + Today() + R"(","sample_size":1,"seed":7})");
  BOOST_TEST_REQUIRE(audit.status == 201, audit.body);
  const std::string report =
      "/api/v1/audits/" + std::to_string(ParseJson(audit.body).extract<Object::Ptr>()->getValue<long long>("id")) +
      "/report";
  auto json = ExpectDocumented(server.Get(report + "?format=json", auditor), "GET", "/api/v1/audits/{id}/report");
  BOOST_TEST(json.extract<Object::Ptr>()->getObject("revocations")->getValue<int>("dropped") == 1);
  for (const std::string q : {"?format=csv", "?format=html&lang=en", "?format=pdf"})
    ExpectDocumented(server.Get(report + q, auditor), "GET", "/api/v1/audits/{id}/report");
}

BOOST_AUTO_TEST_CASE(IncidentMarksAndExportsMatchTheDocument) {
  auto r = server.Post("/api/v1/incidents", coordinator,
                       R"({"subject":{"person":"Name Surname"},"kind":"threat","occurred_on":")" + Today(-584) + R"(",)"
                       R"("source":"police_report","verified":true,"reference":"K-1","summary":"s"})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  const std::string i = "/api/v1/incidents/" + std::to_string(ParseJson(r.body).extract<Object::Ptr>()->getValue<long long>("id"));
  const std::string marks = "/api/v1/incidents/{id}/secrecy-marks";
  auto m = ExpectDocumented(server.Post(i + "/secrecy-marks", coordinator,
                                        R"({"part":"subject","ground":"OSL 21 kap. 7 §","reason":"Enskild"})"),
                            "POST", marks)
               .extract<Object::Ptr>();
  ExpectDocumented(server.Post(i + "/secrecy-marks", coordinator, R"({"part":"subject","ground":"OSL 21 kap. 7 §","reason":"x"})"),
                   "POST", marks);  // 409
  ExpectDocumented(server.Post("/api/v1/incidents/999999/secrecy-marks", coordinator, R"({"part":"subject","ground":"OSL 21 kap. 7 §","reason":"x"})"),
                   "POST", marks);
  ExpectDocumented(server.Get(i + "/secrecy-marks", officer), "GET", marks);
  for (const std::string q : {"", "?format=html&lang=en"})
    ExpectDocumented(server.Get(i + "/public-export" + q, officer), "GET", "/api/v1/incidents/{id}/public-export");
  const std::string removal = i + "/secrecy-marks/" + std::to_string(m->getValue<long long>("id")) + "/removal";
  ExpectDocumented(server.Post(removal, coordinator, R"({"reason":" "})"), "POST",
                   "/api/v1/incidents/{id}/secrecy-marks/{mark_id}/removal");
  ExpectDocumented(server.Post(removal, coordinator, R"({"reason":"Klar"})"), "POST",
                   "/api/v1/incidents/{id}/secrecy-marks/{mark_id}/removal");
}

BOOST_AUTO_TEST_SUITE_END()
