// The posting of the minutes and the last day to appeal (issue 5): recorded after the
// decision, computed with the Swedish calendar, shown in the case and sent as an
// appeal_notice letter; the decision letter already issued stays as it was.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "common/test_server.hpp"

using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Today;
using granska::testing::PdfText;

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer", "Karin Holm");
  int next_org = 300;

  std::string Submitted() {
    auto s = server.Post("/api/v1/applications", intake, SampleGrant(OrgNumberFor(next_org++)));
    BOOST_REQUIRE_EQUAL(s.status, 201);
    return std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  }
  // Decided (approved with a condition), then the decision moved back to 21 November 2025
  // so that a posting in the past can be recorded.
  std::string DecidedLastYear() {
    const std::string id = Submitted();
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer,
                         R"({"outcome":"approved_with_conditions","amount_sek":45000,
                             "reasons":"Föreningen bedriver öppen verksamhet för barn och unga.",
                             "conditions":[{"kind":"activity_report","due":")" + Today(300) +
                             R"(","description":"Verksamhetsberättelse för året"}]})");
    BOOST_REQUIRE_EQUAL(d.status, 200);
    server.Db().Exec("UPDATE decisions SET decided_on = '2025-11-21' WHERE case_id = " + id);
    return id;
  }
  granska::testing::HttpResult Record(const std::string& id, const std::string& body,
                                      const std::string& token = "") {
    return server.Post("/api/v1/cases/" + id + "/minutes-posted", token.empty() ? officer : token, body);
  }
  Object::Ptr Case(const std::string& id) { return Parse(server.Get("/api/v1/cases/" + id, officer).body); }
  long long Count(const std::string& table, const std::string& id) {
    return server.Db().Count("SELECT count(*) FROM " + table + " WHERE case_id = " + id);
  }
  // Events that change something (reading the case records its own `case_file_viewed`).
  long long Changes(const std::string& id) {
    return server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id +
                             " AND event NOT IN ('case_file_viewed', 'cases_listed')");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(AppealPeriod, Fixture)

BOOST_AUTO_TEST_CASE(RecordingThePostingGivesTheLastDayAndIssuesANotice) {
  const std::string id = DecidedLastYear();
  auto before = Case(id);
  BOOST_TEST(before->getObject("appeal")->getValue<std::string>("decided_on") == "2025-11-21");
  BOOST_TEST(before->getObject("appeal")->isNull("last_day"));
  const auto decision_letter = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST_REQUIRE(decision_letter.status == 200);
  BOOST_TEST(server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice", officer).status == 404);

  // 5 December 2025 + three weeks = 26 December, annandag jul: the last day is Monday the 29th.
  auto r = Record(id, R"({"posted_on":"2025-12-05","minutes_reference":"KFN 2025-12-04 § 98"})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Parse(r.body)->getValue<long long>("version") == before->getValue<long long>("version") + 1);

  auto after = Case(id);
  auto appeal = after->getObject("appeal");
  BOOST_TEST(appeal->getValue<std::string>("decision_kind") == "decision");
  BOOST_TEST(appeal->getValue<std::string>("minutes_posted_on") == "2025-12-05");
  BOOST_TEST(appeal->getValue<std::string>("last_day") == "2025-12-29");
  BOOST_TEST(appeal->getValue<std::string>("minutes_reference") == "KFN 2025-12-04 § 98");
  bool event = false;
  auto timeline = after->getArray("timeline");
  for (std::size_t i = 0; i < timeline->size(); ++i) {
    auto e = timeline->getObject(i);
    if (e->getValue<std::string>("event") != "minutes_posted_recorded") continue;
    event = true;
    BOOST_TEST(e->getObject("detail")->getValue<std::string>("last_day") == "2025-12-29");
    BOOST_TEST(e->getObject("actor")->getValue<std::string>("name") == "Karin Holm");
  }
  BOOST_TEST(event);

  // The decision letter is unchanged; the notice names the last day, in both languages.
  auto same = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST(same.body == decision_letter.body);
  BOOST_TEST(same.Header("X-Letter-Type") == "approval_with_conditions");
  auto sv = server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice", officer);
  BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
  BOOST_TEST(sv.Header("X-Letter-Type") == "appeal_notice");
  BOOST_TEST(sv.Header("X-Letter-Status") == "issued");
  const std::string number = after->getValue<std::string>("case_number");
  for (const std::string& expected : {number, std::string("senast den <strong>29 december 2025</strong>"),
                                      std::string("Tiden räknas från den 5 december 2025"),
                                      std::string("beslut den 21 november 2025"), std::string("annandag jul"),
                                      std::string("KFN 2025-12-04 § 98"), std::string("beviljades med villkor")})
    BOOST_TEST(Contains(sv.body, expected), "the Swedish notice lacks " << expected);
  auto en = server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice&lang=en", officer);
  BOOST_TEST_REQUIRE(en.status == 200);
  BOOST_TEST(Contains(en.body, "no later than <strong>29 December 2025</strong>"));
  auto pdf = server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice&format=pdf", officer);
  BOOST_TEST_REQUIRE(pdf.status == 200, pdf.body);
  BOOST_TEST(pdf.Header("Content-Type") == "application/pdf");
  BOOST_TEST(pdf.Header("Content-Disposition") == "inline; filename=\"overklagandetid-" + id + "-sv.pdf\"");
  const std::string text = PdfText(pdf.body);
  BOOST_TEST(Contains(text, "29 december 2025"), text);
  BOOST_TEST(Contains(text, number));
  BOOST_TEST(Count("letters", id) == 2 + 2 + 1);  // decision sv+en, notice sv+en, the notice's PDF
}

BOOST_AUTO_TEST_CASE(BadPostingsAreRefusedNamingWhatIsWrongAndChangeNothing) {
  const std::string id = DecidedLastYear();
  const long long events = Changes(id), letters = Count("letters", id);
  const long long version = Case(id)->getValue<long long>("version");
  struct Bad {
    std::string body;
    int status;
    std::string field;
  };
  const std::vector<Bad> bad = {
      {"{}", 422, "posted_on"},
      {R"({"posted_on":"2025-13-01"})", 422, "posted_on"},
      {R"({"posted_on":"2025-11-20"})", 422, "posted_on"},       // before the decision
      {R"({"posted_on":")" + Today(2) + "\"}", 422, "posted_on"},  // not yet posted
      {R"({"posted_on":"2025-12-05","minutes_reference":"   "})", 422, "minutes_reference"},
      {R"({"posted_on":"2025-12-05","correction_reason":"Fel datum"})", 422, "correction_reason"},
      {R"({"posted_on":42})", 422, "posted_on"},
  };
  for (const auto& b : bad) {
    auto r = Record(id, b.body);
    BOOST_TEST(r.status == b.status, b.body << " -> " << r.status << " " << r.body);
    BOOST_TEST(Contains(r.body, "\"" + b.field + "\""), b.body << " -> " << r.body);
    BOOST_TEST(r.Header("Content-Type").rfind("application/problem+json", 0) == 0u);
  }
  BOOST_TEST(Record(id, R"({"posted_on":"2025-12-05"})", server.Token("advisory_member")).status == 403);
  BOOST_TEST(Record(id, R"({"posted_on":"2025-12-05"})", server.Token("auditor")).status == 403);
  BOOST_TEST(Record("999999", R"({"posted_on":"2025-12-05"})").status == 404);
  BOOST_TEST(server.Request("POST", "/api/v1/cases/" + id + "/minutes-posted", officer, R"({"posted_on":"2025-12-05"})",
                            "application/json", {{"If-Match", "\"" + std::to_string(version + 5) + "\""}})
                 .status == 409);
  // Undecided: nothing to appeal yet.
  const std::string open = Submitted();
  auto undecided = Record(open, R"({"posted_on":")" + Today() + "\"}");
  BOOST_TEST(undecided.status == 409, undecided.body);
  BOOST_TEST(Changes(id) == events);
  BOOST_TEST(Count("letters", id) == letters);
  BOOST_TEST(Count("minutes_postings", id) == 0);
  BOOST_TEST(Case(id)->getValue<long long>("version") == version);
}

BOOST_AUTO_TEST_CASE(ACorrectionNeedsAReasonKeepsTheHistoryAndIssuesANewNotice) {
  const std::string id = DecidedLastYear();
  BOOST_TEST_REQUIRE(Record(id, R"({"posted_on":"2025-12-05"})").status == 200);
  auto again = Record(id, R"({"posted_on":"2025-12-05"})");
  BOOST_TEST(again.status == 409, again.body);
  BOOST_TEST(Contains(again.body, "2025-12-29"), again.body);
  auto no_reason = Record(id, R"({"posted_on":"2025-12-12"})");
  BOOST_TEST(no_reason.status == 422, no_reason.body);
  BOOST_TEST(Contains(no_reason.body, "correction_reason"));
  // 12 December + 21 days = 2 January 2026, a Friday and a weekday: no move.
  auto fixed = Record(id, R"({"posted_on":"2025-12-12","correction_reason":"Protokollet justerades en vecka senare."})");
  BOOST_TEST_REQUIRE(fixed.status == 200, fixed.body);
  BOOST_TEST(Case(id)->getObject("appeal")->getValue<std::string>("last_day") == "2026-01-02");
  BOOST_TEST(Count("minutes_postings", id) == 2);
  auto notice = server.Get("/api/v1/cases/" + id + "/letter?type=appeal_notice", officer);
  BOOST_TEST(Contains(notice.body, "senast den <strong>2 januari 2026</strong>"));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + id +
                               " AND event = 'minutes_posted_recorded' AND detail->>'corrects' = '2025-12-05'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
