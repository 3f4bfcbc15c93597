// Issue 9 "Access": every endpoint of the contract walked with every role, no token and an
// unknown and a revoked token, against an expectation written here from shared/api.md and
// docs/openapi.yaml, independently of src/workflow/authorization.cpp. The routes come from
// the router itself: a route without a row here fails the test, so a new endpoint cannot
// slip through unchecked. Also the case relations (jäv), the 404 where existence itself is
// secret, the recorded reads, token revocation and the pages per signed-in role.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>
#include <sstream>
#include <sys/wait.h>

#include "app/runtime.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "http/router.hpp"

using granska::testing::HttpResult;
using granska::testing::OrgNumberFor;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::BookingAt;
using granska::testing::BookingDay;
using granska::testing::Today;

namespace {

const std::vector<std::string> kRoles = {"intake", "case_officer", "advisory_member", "coordinator", "auditor", "admin"};
const std::set<std::string> kStaff = {"case_officer", "advisory_member", "coordinator", "auditor", "admin"};
constexpr const char* kPublic = "public";
constexpr const char* kPassword = "granska-access-2026";
constexpr const char* kFlaggedOrg = "802456-7896";

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// One row of the expected matrix. `path` is the concrete request with placeholders the fixture
// fills ({open}, {flagged}, ...); `roles` may call it (kPublic: anyone, no token needed).
// `secret`: a refused role gets 404 like an unknown id, not 403 (existence itself is secret).
struct Row {
  std::string method;
  std::string pattern;  // exactly as the router registers it
  std::string path;
  std::set<std::string> roles;
  std::string body;
  bool secret = false;
};

// The contract (shared/api.md, docs/openapi.yaml), written out by hand.
std::vector<Row> ExpectedMatrix() {
  const std::set<std::string> staff = kStaff;
  const std::string incident =
      R"({"subject":{"org_number":"802512-3459"},"kind":"threat","occurred_on":")" + Today(-584) + R"(","source":"police_report","verified":false,"reference":"Polisanmälan 1"})";
  const std::string communication =
      R"({"intended_outcome":"rejected","reasons":"Villkoren är inte uppfyllda.","reply_by":")" + Today(10) + "\"}";
  return {
      {"GET", "/healthz", "/healthz", {kPublic}, ""},
      {"GET", "/metrics", "/metrics", {kPublic}, ""},
      {"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", {kPublic}, ""},
      {"GET", "/api/v1/rules", "/api/v1/rules", staff, ""},
      // Cases: intake submits and supplements but reads nothing.
      {"GET", "/api/v1/queue", "/api/v1/queue", staff, ""},
      {"POST", "/api/v1/applications", "/api/v1/applications", {"intake", "case_officer"}, "{application}"},
      {"GET", "/api/v1/cases", "/api/v1/cases", staff, ""},
      {"GET", "/api/v1/cases/{id}", "/api/v1/cases/{flagged}", staff, ""},
      {"POST", "/api/v1/cases/{id}/supplement", "/api/v1/cases/{needs_info}/supplement", {"intake", "case_officer"}, "{}"},
      // Registers.
      {"PUT", "/api/v1/premises/{id}", "/api/v1/premises/{premises}", {"admin"}, R"({"name":"Storsalen","capacity":120})"},
      {"GET", "/api/v1/premises", "/api/v1/premises", staff, ""},
      {"GET", "/api/v1/premises/{id}", "/api/v1/premises/{premises}", staff, ""},
      {"POST", "/api/v1/incidents", "/api/v1/incidents", {"case_officer", "coordinator"}, incident},
      {"GET", "/api/v1/incidents", "/api/v1/incidents", {"case_officer", "coordinator", "auditor"}, ""},
      {"GET", "/api/v1/incidents/{id}", "/api/v1/incidents/{incident}", {"case_officer", "coordinator", "auditor"}, "", true},
      // The workflow commands (the transition table).
      {"POST", "/api/v1/cases/{id}/referral", "/api/v1/cases/{open}/referral", {"case_officer"}, R"({"question":"Råd?"})"},
      {"POST", "/api/v1/cases/{id}/advice", "/api/v1/cases/{flagged}/advice", {"advisory_member", "coordinator"},
       R"({"recommendation":"approve","reasoning":"Ok."})"},
      {"POST", "/api/v1/cases/{id}/information-request", "/api/v1/cases/{needs_info}/information-request", {"case_officer"},
       R"({"reply_by":")" + Today(21) + "\"}"},
      {"POST", "/api/v1/cases/{id}/communication", "/api/v1/cases/{open}/communication", {"case_officer"}, communication},
      {"POST", "/api/v1/cases/{id}/reply", "/api/v1/cases/{open}/reply", {"intake", "case_officer"}, R"({"text":"Vårt svar."})"},
      {"POST", "/api/v1/cases/{id}/decision", "/api/v1/cases/{open}/decision", {"case_officer"},
       R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})"},
      {"POST", "/api/v1/cases/{id}/withdraw", "/api/v1/cases/{open}/withdraw", {"intake", "case_officer"}, "{}"},
      {"POST", "/api/v1/cases/{id}/assign", "/api/v1/cases/{decided}/assign", {"case_officer"}, "{}"},
      {"POST", "/api/v1/cases/{id}/minutes-posted", "/api/v1/cases/{decided}/minutes-posted", {"case_officer"},
       R"({"posted_on":")" + Today(0) + "\"}"},
      // The advisory group.
      {"GET", "/api/v1/advisory/agenda", "/api/v1/advisory/agenda", {"case_officer", "advisory_member", "coordinator", "auditor"}, ""},
      {"GET", "/api/v1/cases/{id}/referral", "/api/v1/cases/{flagged}/referral",
       {"case_officer", "advisory_member", "coordinator", "auditor"}, ""},
      {"POST", "/api/v1/cases/{id}/referral/names", "/api/v1/cases/{flagged}/referral/names", {"advisory_member", "coordinator"},
       R"({"reason":"Behöver veta om det är samma person."})"},
      {"GET", "/api/v1/cases/{id}/cve-export", "/api/v1/cases/{flagged}/cve-export", {"case_officer", "coordinator"}, ""},
      // Follow-up.
      {"GET", "/api/v1/conditions", "/api/v1/conditions", staff, ""},
      {"POST", "/api/v1/conditions/{id}/fulfil", "/api/v1/conditions/{condition}/fulfil", {"case_officer"}, R"({"evidence":"Rapport inkommen."})"},
      {"POST", "/api/v1/conditions/{id}/breach", "/api/v1/conditions/{condition}/breach", {"case_officer"}, R"({"reason":"Ej inkommen."})"},
      {"POST", "/api/v1/conditions/{id}/waive", "/api/v1/conditions/{condition}/waive", {"case_officer"}, R"({"reason":"Ej längre aktuellt."})"},
      {"GET", "/api/v1/premises/{id}/calendar", "/api/v1/premises/{premises}/calendar?from=" + BookingDay(-9) + "&to=" + BookingDay(18), staff, ""},
      {"POST", "/api/v1/cases/{id}/inspections", "/api/v1/cases/{booking}/inspections", {"case_officer"},
       R"({"planned_on":")" + Today(5) + R"(","reason":"Kontroll av lokalen."})"},
      {"GET", "/api/v1/inspections/{id}", "/api/v1/inspections/{inspection}", {"case_officer", "auditor"}, ""},
      {"POST", "/api/v1/inspections/{id}/findings", "/api/v1/inspections/{inspection}/findings", {"case_officer"},
       R"({"performed_on":")" + Today() + R"(","findings":"Inga anmärkningar.","outcome":"no_remarks"})"},
      // Audits: the auditor's only writes.
      {"POST", "/api/v1/audits", "/api/v1/audits", {"auditor"}, R"({"from":")" + Today(-300) + R"(","to":")" + Today(60) + R"(","sample_size":3,"seed":7})"},
      {"GET", "/api/v1/audits", "/api/v1/audits", {"auditor"}, ""},
      {"GET", "/api/v1/audits/{id}", "/api/v1/audits/{audit}", {"auditor"}, ""},
      {"POST", "/api/v1/audits/{id}/items/{case_id}/findings", "/api/v1/audits/{audit}/items/{audit_case}/findings", {"auditor"},
       R"({"severity":"note","text":"Underlag saknas."})"},
      {"GET", "/api/v1/audits/{id}/report", "/api/v1/audits/{audit}/report?format=html", {"auditor"}, ""},
      {"POST", "/api/v1/audits/{id}/sign-off", "/api/v1/audits/{audit}/sign-off", {"auditor"}, R"({"note":"Granskat."})"},
      {"GET", "/api/v1/statistics", "/api/v1/statistics?from=" + Today(-300) + "&to=" + Today(60), {"coordinator", "auditor"}, ""},
      // Letters and revocation.
      // A letter is part of the case file (names, reasons, the applicant's reply): the roles that open it.
      {"GET", "/api/v1/cases/{id}/letter", "/api/v1/cases/{decided}/letter?lang=sv&format=html", {"case_officer", "auditor"}, ""},
      {"POST", "/api/v1/cases/{id}/revocation/communication", "/api/v1/cases/{decided}/revocation/communication", {"case_officer"},
       R"({"breach":"Villkoret bröts.","democracy_reason":false,"reply_by":")" + Today(10) + "\"}"},
      {"POST", "/api/v1/cases/{id}/revocation/reply", "/api/v1/cases/{decided}/revocation/reply", {"intake", "case_officer"}, R"({"text":"Svar."})"},
      {"POST", "/api/v1/cases/{id}/revocation", "/api/v1/cases/{decided}/revocation", {"case_officer"}, R"({"reasons":"Skäl."})"},
      {"POST", "/api/v1/cases/{id}/revocation/drop", "/api/v1/cases/{decided}/revocation/drop", {"case_officer"}, R"({"reasons":"Skäl."})"},
      // Re-screening.
      {"POST", "/api/v1/admin/rescreen", "/api/v1/admin/rescreen", {"admin"}, ""},
      {"GET", "/api/v1/admin/rescreen", "/api/v1/admin/rescreen", {"admin", "auditor"}, ""},
      {"GET", "/api/v1/admin/rescreen/{id}", "/api/v1/admin/rescreen/{run}", {"admin", "auditor"}, ""},
      {"GET", "/api/v1/admin/rescreen/{id}/changes", "/api/v1/admin/rescreen/{run}/changes", {"admin", "auditor"}, ""},
      // Records: legal holds, secrecy marks, public-access exports (docs/records.md).
      {"POST", "/api/v1/cases/{id}/legal-hold", "/api/v1/cases/{decided}/legal-hold", {"admin", "auditor"},
       R"({"reason":"Begäran från förvaltningsrätten."})"},
      {"POST", "/api/v1/cases/{id}/legal-hold/release", "/api/v1/cases/{decided}/legal-hold/release", {"admin", "auditor"},
       R"({"reason":"Målet är avgjort."})"},
      // On a referred case: the group reads a case's marks only where it may read the case.
      {"GET", "/api/v1/cases/{id}/secrecy-marks", "/api/v1/cases/{flagged}/secrecy-marks", staff, ""},
      // The coordinator marks, as it reads, only a case referred to the group.
      {"POST", "/api/v1/cases/{id}/secrecy-marks", "/api/v1/cases/{flagged}/secrecy-marks", {"case_officer", "coordinator"},
       R"({"part":"application.contact","ground":"OSL 21 kap. 3 §","reason":"Skyddad adress."})"},
      {"POST", "/api/v1/cases/{id}/secrecy-marks/{mark_id}/removal", "/api/v1/cases/{flagged}/secrecy-marks/{case_mark}/removal",
       {"case_officer", "coordinator"}, R"({"reason":"Skyddet har upphört."})"},
      {"GET", "/api/v1/cases/{id}/public-export", "/api/v1/cases/{decided}/public-export?lang=sv&format=json",
       {"case_officer", "auditor"}, ""},
      {"GET", "/api/v1/incidents/{id}/secrecy-marks", "/api/v1/incidents/{incident}/secrecy-marks",
       {"case_officer", "coordinator", "auditor"}, ""},
      {"POST", "/api/v1/incidents/{id}/secrecy-marks", "/api/v1/incidents/{incident}/secrecy-marks", {"case_officer", "coordinator"},
       R"({"part":"summary","ground":"OSL 18 kap. 1 §","reason":"Pågående förundersökning."})"},
      {"POST", "/api/v1/incidents/{id}/secrecy-marks/{mark_id}/removal",
       "/api/v1/incidents/{incident}/secrecy-marks/{incident_mark}/removal", {"case_officer", "coordinator"},
       R"({"reason":"Förundersökningen är nedlagd."})"},
      {"GET", "/api/v1/incidents/{id}/public-export", "/api/v1/incidents/{incident}/public-export",
       {"case_officer", "coordinator", "auditor"}, ""},
      // Appeals (workflow/appeals.hpp): the officer records them and their outcome; staff read
      // them as they read the case ({decided} was never referred, so not the advisory group).
      // Last: the outcome is written once (a rejection leaves {decided} as it is).
      {"POST", "/api/v1/cases/{id}/appeals", "/api/v1/cases/{decided}/appeals", {"case_officer"},
       R"({"lodged_on":")" + Today() + R"(","appellant":{"kind":"applicant"},"court":"Förvaltningsrätten i Göteborg"})"},
      {"GET", "/api/v1/appeals/{id}", "/api/v1/appeals/{appeal}", {"case_officer", "auditor", "admin"}, ""},
      {"POST", "/api/v1/appeals/{id}/outcome", "/api/v1/appeals/{appeal}/outcome", {"case_officer"},
       R"({"outcome":"rejected","outcome_on":")" + Today() + "\"}"},
  };
}

struct Fixture {
  TestServer server;
  std::map<std::string, std::string> token;  // role -> token of a user with no relation to any case
  std::string recused_token;                 // an advisory member who declared jäv in {flagged}
  std::string revoked_token;                 // a case officer whose token was revoked
  std::map<std::string, std::string> ids;    // placeholder -> id
  int next_org = 300;

  Fixture() {
    for (const auto& role : kRoles) token[role] = Staff(role, "Matris " + role);
    recused_token = Staff("advisory_member", "Jävig Ledamot");
    revoked_token = server.Token("case_officer", "Återkallad Handläggare");
    auto revoked = server.Runtime().Users().RevokeTokens(granska::domain::Actor{}, "Återkallad Handläggare");
    BOOST_TEST_REQUIRE(static_cast<bool>(revoked));

    Require(server.Request("PUT", "/api/v1/premises/storsalen", token["admin"], R"({"name":"Storsalen","capacity":120})"), 201);
    ids["premises"] = "storsalen";
    auto inc = Require(server.Post("/api/v1/incidents", token["coordinator"],
                                   std::string(R"({"subject":{"org_number":")") + kFlaggedOrg +
                                       R"("},"kind":"threat","occurred_on":")" + Today(-584) + R"(","source":"court_judgment","verified":true,"reference":"Göteborgs tingsrätt B 1234-25","summary":"Hot."})"),
                       201);
    ids["incident"] = std::to_string(Parse(inc.body)->getValue<long long>("id"));

    ids["flagged"] = Submit(SampleGrant(kFlaggedOrg), "referred");
    Require(server.Post("/api/v1/cases/" + ids["flagged"] + "/advice", recused_token,
                        R"({"recusal":true,"reason":"Jag sitter i föreningens styrelse."})"),
            200);
    ids["open"] = Submit(SampleGrant(CleanOrg()), "in_review");
    ids["needs_info"] = Submit(ReplaceAll(SampleGrant(CleanOrg()), R"("democracy_conditions_accepted":true)",
                                          R"("democracy_conditions_accepted":false)"),
                               "needs_info");
    ids["decided"] = Submit(SampleGrant(CleanOrg()), "in_review");
    auto decided = Require(server.Post("/api/v1/cases/" + ids["decided"] + "/decision", token["case_officer"],
                                       R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.","conditions":[{"kind":"activity_report","due":")" +
                                           Today(200) + R"(","description":"Verksamhetsberättelse"}]})"),
                           200);
    auto detail = Parse(Require(server.Get("/api/v1/cases/" + ids["decided"], token["case_officer"]), 200).body);
    ids["condition"] = std::to_string(detail->getArray("conditions")->getObject(0)->getValue<long long>("id"));

    ids["booking"] = Submit(ReplaceAll(SampleBooking(), kFlaggedOrg, CleanOrg()), "in_review");
    Require(server.Post("/api/v1/cases/" + ids["booking"] + "/decision", token["case_officer"],
                        R"({"outcome":"approved","reasons":"Lokalen är ledig."})"),
            200);
    auto insp = Require(server.Post("/api/v1/cases/" + ids["booking"] + "/inspections", token["case_officer"],
                                    R"({"planned_on":")" + Today(3) + R"(","reason":"Stickprov."})"),
                        201);
    ids["inspection"] = std::to_string(Parse(insp.body)->getValue<long long>("id"));

    auto audit = Require(server.Post("/api/v1/audits", token["auditor"],
                                     R"({"from":")" + Today(-300) + R"(","to":")" + Today(60) + R"(","sample_size":5,"seed":42})"),
                         201);
    auto run = Parse(audit.body);
    ids["audit"] = std::to_string(run->getValue<long long>("id"));
    BOOST_TEST_REQUIRE(run->getArray("sample")->size() > 0u, audit.body);
    ids["audit_case"] = std::to_string(run->getArray("sample")->getObject(0)->getValue<long long>("case_id"));

    auto case_mark = Require(server.Post("/api/v1/cases/" + ids["flagged"] + "/secrecy-marks", token["case_officer"],
                                         R"({"part":"application.board","ground":"OSL 21 kap. 3 §","reason":"Skyddad identitet."})"),
                             201);
    ids["case_mark"] = std::to_string(Parse(case_mark.body)->getValue<long long>("id"));
    auto incident_mark = Require(server.Post("/api/v1/incidents/" + ids["incident"] + "/secrecy-marks", token["coordinator"],
                                             R"({"part":"reference","ground":"OSL 18 kap. 1 §","reason":"Förundersökning."})"),
                                 201);
    ids["incident_mark"] = std::to_string(Parse(incident_mark.body)->getValue<long long>("id"));

    auto appeal = Require(server.Post("/api/v1/cases/" + ids["decided"] + "/appeals", token["case_officer"],
                                      R"({"lodged_on":")" + Today() +
                                          R"(","appellant":{"kind":"applicant"},"court":"Förvaltningsrätten i Göteborg"})"),
                          201);
    ids["appeal"] = std::to_string(Parse(appeal.body)->getValue<long long>("id"));

    auto rescreen = Require(server.Request("POST", "/api/v1/admin/rescreen", token["admin"]), 201);
    ids["run"] = std::to_string(Parse(rescreen.body)->getValue<long long>("id"));
  }

  // A user with a token (the API) and a password (the pages).
  std::string Staff(const std::string& role, const std::string& name) {
    return role == "intake" ? server.Token(role, name) : server.StaffToken(role, name, kPassword);
  }

  HttpResult Require(HttpResult r, int status) {
    BOOST_TEST_REQUIRE(r.status == status, "setup: expected " << status << ", got " << r.status << " " << r.body);
    return r;
  }

  std::string CleanOrg() {
    std::string org;
    do org = OrgNumberFor(next_org++);
    while (org == kFlaggedOrg || org == "802512-3459");
    return org;
  }

  std::string Submit(const std::string& json, const std::string& status) {
    auto r = Require(server.Post("/api/v1/applications", token["intake"], json), 201);
    auto o = Parse(r.body);
    BOOST_TEST_REQUIRE(o->getValue<std::string>("status") == status, r.body.substr(0, 200));
    return std::to_string(o->getValue<long long>("case_id"));
  }

  std::string Fill(std::string path, bool unknown = false) {
    for (const auto& [key, value] : ids)
      path = ReplaceAll(path, "{" + key + "}", unknown ? (key == "premises" ? "ingen-lokal" : "999999") : value);
    return path;
  }
  std::string Body(const std::string& body) {
    return body == "{application}" ? SampleGrant(CleanOrg()) : body;
  }
  HttpResult Call(const Row& row, const std::string& path, const std::string& tok) {
    return server.Request(row.method, path, tok, Body(row.body));
  }
  long long Events(const std::string& where) { return server.Db().Count("SELECT count(*) FROM events WHERE " + where); }
};

std::string Key(const std::string& method, const std::string& pattern) { return method + " " + pattern; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(AccessMatrix, Fixture)

BOOST_AUTO_TEST_CASE(TheExpectedMatrixHasOneRowForEveryRegisteredApiRoute) {
  const auto router = granska::http::BuildRouter();
  std::set<std::string> registered, expected;
  for (const auto& route : router.Routes()) registered.insert(Key(route.method, route.pattern));
  for (const auto& row : ExpectedMatrix()) {
    BOOST_TEST(expected.insert(Key(row.method, row.pattern)).second, "two rows for " << Key(row.method, row.pattern));
    BOOST_TEST(registered.count(Key(row.method, row.pattern)) == 1u,
               Key(row.method, row.pattern) << " is in the matrix but not registered");
  }
  for (const auto& r : registered)
    BOOST_TEST(expected.count(r) == 1u, r << " is registered but has no row in the access matrix: add one");
  // The table keeps the issue's rules: the auditor changes nothing but audits (and may place a
  // legal hold, which preserves a case as it is and changes none of it); intake reads nothing.
  auto preserves = [](const std::string& p) { return p.find("/legal-hold") != std::string::npos; };
  for (const auto& row : ExpectedMatrix()) {
    if (row.method != "GET" && row.pattern.rfind("/api/v1/audits", 0) != 0 && !preserves(row.pattern))
      BOOST_TEST(row.roles.count("auditor") == 0u, row.method << " " << row.pattern);
    if (row.method == "GET" && !row.roles.count(kPublic)) BOOST_TEST(row.roles.count("intake") == 0u, row.pattern);
  }
}

BOOST_AUTO_TEST_CASE(EveryRouteAnswersEveryRoleAsTheMatrixSays) {
  int checked = 0;
  for (const auto& row : ExpectedMatrix()) {
    const std::string path = Fill(row.path);
    const bool is_public = row.roles.count(kPublic) > 0;
    BOOST_TEST_CONTEXT(row.method << " " << path) {
      // Without a token, with an unknown one and with a revoked one: 401 (a public route answers anyway).
      for (const std::string& tok : {std::string(), std::string("not-a-token-of-ours"), revoked_token}) {
        auto r = Call(row, path, tok);
        if (is_public)
          BOOST_TEST((r.status != 401 && r.status != 403 && r.status != 404), "token '" << tok << "': " << r.status);
        else
          BOOST_TEST(r.status == 401, "token '" << tok.substr(0, 8) << "': got " << r.status << " " << r.body);
        ++checked;
      }
      for (const auto& role : kRoles) {
        auto r = Call(row, path, token[role]);
        const bool allowed = is_public || row.roles.count(role) > 0;
        if (allowed)
          BOOST_TEST((r.status != 401 && r.status != 403 && r.status != 404),
                     role << " may: got " << r.status << " " << r.body.substr(0, 300));
        else
          BOOST_TEST(r.status == (row.secret ? 404 : 403), role << " may not: got " << r.status << " " << r.body.substr(0, 300));
        ++checked;
      }
    }
  }
  BOOST_TEST(checked == static_cast<int>(ExpectedMatrix().size()) * 9);
}

// The role is checked before the input: a role that may not call a route gets its 403 (or the
// secret route's 404) for an empty body or one with wrong fields too, never a 422 naming what
// the route expects (review of 2026-12-07: minutes-posted answered the auditor 422). A body
// that is not JSON at all is a 400 for anyone: the request could not be read.
BOOST_AUTO_TEST_CASE(ARoleThatMayNotCallAWriteRouteIsRefusedBeforeItsInputIsRead) {
  int checked = 0;
  for (const auto& row : ExpectedMatrix()) {
    if (row.method == "GET" || row.roles.count(kPublic)) continue;
    const std::string path = Fill(row.path);
    for (const auto& role : kRoles) {
      if (row.roles.count(role)) continue;
      for (const std::string body : {"{}", R"({"posted_on":"x","outcome":7,"reasons":"","text":""})"}) {
        auto r = server.Request(row.method, path, token[role], body);
        BOOST_TEST(r.status == (row.secret ? 404 : 403),
                   row.method << " " << path << " as " << role << " with " << body << ": got " << r.status << " "
                              << r.body.substr(0, 200));
        ++checked;
      }
    }
  }
  BOOST_TEST(checked > 100);
}

BOOST_AUTO_TEST_CASE(AnUnknownIdIs404ForARoleThatMayCallTheRoute) {
  for (const auto& row : ExpectedMatrix()) {
    if (row.path.find('{') == std::string::npos || row.roles.count(kPublic) || row.method == "PUT") continue;
    const std::string path = Fill(row.path, true);
    for (const auto& role : row.roles) {
      auto r = Call(row, path, token[role]);
      BOOST_TEST(r.status == 404, row.method << " " << path << " as " << role << ": got " << r.status << " " << r.body);
    }
  }
}

// docs/openapi.yaml: for the workflow commands on a case, "a role that may never run the
// command gets 403 (after 404 for an unknown case)".
BOOST_AUTO_TEST_CASE(AWorkflowCommandOnAnUnknownCaseIs404WhateverTheRole) {
  const std::set<std::string> commands = {"referral", "advice", "information-request", "communication", "reply",
                                          "decision", "withdraw",
                                          "assign", "supplement", "revocation/communication", "revocation/reply",
                                          "revocation", "revocation/drop"};
  int checked = 0;
  for (const auto& row : ExpectedMatrix()) {
    const std::string prefix = "/api/v1/cases/{id}/";
    if (row.method != "POST" || row.pattern.rfind(prefix, 0) != 0 || !commands.count(row.pattern.substr(prefix.size())))
      continue;
    const std::string path = Fill(row.path, true);
    for (const auto& role : kRoles) {
      auto r = Call(row, path, token[role]);
      BOOST_TEST(r.status == 404, row.method << " " << path << " as " << role << ": got " << r.status);
      ++checked;
    }
  }
  BOOST_TEST(checked == 13 * 6);
}

BOOST_AUTO_TEST_CASE(AnIncidentIsIndistinguishableFromAMissingOneForRolesThatMayNotReadTheRegister) {
  for (const std::string role : {"intake", "advisory_member", "admin"}) {
    auto existing = server.Get("/api/v1/incidents/" + ids["incident"], token[role]);
    auto missing = server.Get("/api/v1/incidents/999999", token[role]);
    BOOST_TEST(existing.status == 404, role);
    BOOST_TEST(missing.status == 404, role);
    BOOST_TEST(Parse(existing.body)->getValue<std::string>("title") == Parse(missing.body)->getValue<std::string>("title"));
    BOOST_TEST(Parse(existing.body)->getValue<std::string>("type") == Parse(missing.body)->getValue<std::string>("type"));
    BOOST_TEST(existing.body.find("Göteborgs") == std::string::npos);
  }
  // Refused reads are not recorded as views: nothing was shown.
  BOOST_TEST(Events("event = 'incident_viewed'") == 0);
}

BOOST_AUTO_TEST_CASE(AMemberWhoDeclaredJavMayNotReadTheCaseItsPacketOrAskForNames) {
  const std::string c = "/api/v1/cases/" + ids["flagged"];
  BOOST_TEST(server.Get(c, recused_token).status == 403);
  BOOST_TEST(server.Get(c + "/referral", recused_token).status == 403);
  BOOST_TEST(server.Post(c + "/referral/names", recused_token, R"({"reason":"x"})").status == 403);
  BOOST_TEST(server.Get(c + "/cve-export", recused_token).status == 403);
  BOOST_TEST(server.Post(c + "/advice", recused_token, R"({"recommendation":"approve","reasoning":"x"})").status == 409);
  // Another member reads this one.
  BOOST_TEST(server.Get(c, token["advisory_member"]).status == 200);
  // The lists leave out the case the member declared jäv in; another member's list has it.
  auto listed = [&](const std::string& path, const std::string& t) {
    auto r = server.Get(path, t);
    BOOST_TEST_REQUIRE(r.status == 200, path << ": " << r.body);
    std::set<std::string> out;
    auto items = Parse(r.body)->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i)
      out.insert(std::to_string(items->getObject(i)->getValue<long long>("case_id")));
    return out;
  };
  for (const std::string path : {"/api/v1/cases", "/api/v1/cases?screening=brief", "/api/v1/queue"}) {
    BOOST_TEST(!listed(path, recused_token).count(ids["flagged"]), path);
    BOOST_TEST(listed(path, token["advisory_member"]).count(ids["flagged"]), path);
  }
  BOOST_TEST(server.Get(c + "/referral", token["advisory_member"]).status == 200);
  // Nothing the refused member asked for was recorded as read.
  BOOST_TEST(Events("actor_name = 'Jävig Ledamot' AND event IN ('case_file_viewed','packet_viewed','names_requested') "
                    "AND case_id = " + ids["flagged"]) == 0);
}

// Security review H2: the case as JSON shows each role what the pages show it. Officers and
// auditors (who open the case file) get the application as submitted; the advisory group gets
// the referral packet's pseudonymised application until a member asks for the names (which is
// recorded); an admin never needs the applicant's names. Every read records whether the names
// were shown.
BOOST_AUTO_TEST_CASE(TheCaseAsJsonShowsNamesOnlyToRolesThatOpenTheCaseFileOrToAMemberWhoAskedForThem) {
  const std::string c = "/api/v1/cases/" + ids["flagged"];
  auto viewed = [&](const std::string& role, bool names_shown) {
    return Events("actor_name = 'Matris " + role + "' AND event = 'case_file_viewed' AND detail->>'names_shown' = '" +
                  (names_shown ? "true" : "false") + "' AND case_id = " + ids["flagged"]);
  };
  for (const std::string role : {"advisory_member", "coordinator", "admin"}) {
    auto r = server.Get(c, token[role]);
    BOOST_TEST_REQUIRE(r.status == 200, role << ": " << r.body);
    for (const char* name : {"Anna Andersson", "Omar Lind", "anna@example.org"})
      BOOST_TEST(r.body.find(name) == std::string::npos, name << " shown to " << role);
    auto o = Parse(r.body);
    BOOST_TEST(o->getValue<bool>("names_pseudonymised"), role);
    auto org = o->getObject("application")->getObject("organisation");
    BOOST_TEST(org->getObject("contact")->getValue<std::string>("name") == "Person A", role);
    BOOST_TEST(org->getArray("board")->getObject(1)->getValue<std::string>("name") == "Person B", role);
    BOOST_TEST(org->getValue<std::string>("name") == "Föreningen Exempel", role);
    BOOST_TEST(viewed(role, false) == 1, role);
  }
  for (const std::string role : {"case_officer", "auditor"}) {
    auto r = server.Get(c, token[role]);
    BOOST_TEST_REQUIRE(r.status == 200, role << ": " << r.body);
    BOOST_TEST(r.body.find("anna@example.org") != std::string::npos, role);
    BOOST_TEST(!Parse(r.body)->getValue<bool>("names_pseudonymised"), role);
    BOOST_TEST(viewed(role, true) == 1, role);
  }
  // A member who asked for the names in this case sees them; the other group members do not.
  BOOST_TEST_REQUIRE(server
                         .Post(c + "/referral/names", token["advisory_member"],
                               R"({"reason":"Är det samma person som i ett annat ärende?"})")
                         .status == 200);
  auto named = server.Get(c, token["advisory_member"]);
  BOOST_TEST_REQUIRE(named.status == 200);
  BOOST_TEST(named.body.find("Omar Lind") != std::string::npos);
  BOOST_TEST(!Parse(named.body)->getValue<bool>("names_pseudonymised"));
  BOOST_TEST(viewed("advisory_member", true) == 1);
  BOOST_TEST(server.Get(c, token["coordinator"]).body.find("Omar Lind") == std::string::npos);
  // An admin reads a case never referred to the group pseudonymised too.
  auto open = server.Get("/api/v1/cases/" + ids["open"], token["admin"]);
  BOOST_TEST_REQUIRE(open.status == 200);
  BOOST_TEST(open.body.find("Anna Andersson") == std::string::npos);
  BOOST_TEST(Parse(open.body)->getValue<bool>("names_pseudonymised"));
}

// The free text officers and members write (advice, questions, reasons) may name the
// persons the application names: the group reads those names pseudonymised there too.
BOOST_AUTO_TEST_CASE(FreeTextNamesArePseudonymisedForTheGroupToo) {
  const std::string c = "/api/v1/cases/" + ids["flagged"];
  Require(server.Post(c + "/advice", token["coordinator"],
                      R"({"recommendation":"reject","reasoning":"Kassören omar  LIND och Anna Andersson talade vid mötet; Omar Lindqvist är en annan."})"),
          200);
  for (const std::string& path : {c, c + "/referral"}) {
    auto r = server.Get(path, token["advisory_member"]);
    BOOST_TEST_REQUIRE(r.status == 200, path << ": " << r.body);
    BOOST_TEST(r.body.find("LIND") == std::string::npos, path);
    BOOST_TEST(r.body.find("Anna Andersson") == std::string::npos, path);
    BOOST_TEST(r.body.find("Kassören Person B och Person A talade vid mötet; Omar Lindqvist är en annan.") !=
                   std::string::npos,
               path << ": " << r.body);
  }
  auto officer = server.Get(c, token["case_officer"]);
  BOOST_TEST(officer.body.find("Kassören omar  LIND och Anna Andersson") != std::string::npos);
}

// shared/domain.md: the advisory group "reads referred cases". Its members and the
// coordinator read, as JSON and in the API's lists, only the cases referred to the group:
// a case that never was is refused (403, naming why) and left out of every list, and the
// refused read is not recorded as a view.
BOOST_AUTO_TEST_CASE(TheAdvisoryGroupReadsOnlyTheCasesReferredToIt) {
  for (const std::string role : {"advisory_member", "coordinator"}) {
    auto r = server.Get("/api/v1/cases/" + ids["open"], token[role]);
    BOOST_TEST(r.status == 403, role);
    BOOST_TEST(r.body.find("has not been referred to the advisory group") != std::string::npos, r.body);
    BOOST_TEST(Events("actor_name = 'Matris " + role + "' AND event = 'case_file_viewed' AND case_id = " + ids["open"]) == 0);
    for (const std::string path : {"/api/v1/cases", "/api/v1/cases?screening=brief", "/api/v1/queue",
                                   "/api/v1/queue?screening=brief"}) {
      auto list = server.Get(path, token[role]);
      BOOST_TEST_REQUIRE(list.status == 200, role << " " << path << ": " << list.body);
      BOOST_TEST(list.body.find("\"case_id\":" + ids["open"] + ",") == std::string::npos, role << " " << path);
      BOOST_TEST(list.body.find("\"case_id\":" + ids["flagged"] + ",") != std::string::npos, role << " " << path);
    }
  }
  // Officers, auditors and admins still list every case.
  for (const std::string role : {"case_officer", "auditor", "admin"}) {
    auto list = server.Get("/api/v1/cases", token[role]);
    BOOST_TEST(list.body.find("\"case_id\":" + ids["open"] + ",") != std::string::npos, role);
  }
}

BOOST_AUTO_TEST_CASE(ARevokedTokenGets401AtOnceAndANewTokenReplacesTheOld) {
  const std::string old_token = server.Token("coordinator", "Sara Ek");
  BOOST_TEST(server.Get("/api/v1/incidents", old_token).status == 200);
  auto revoked = server.Runtime().Users().RevokeTokens(granska::domain::Actor{}, "  sara EK ");
  BOOST_TEST_REQUIRE(static_cast<bool>(revoked));
  BOOST_TEST(revoked->revoked == 1);
  BOOST_TEST(server.Get("/api/v1/incidents", old_token).status == 401);
  BOOST_TEST(Events("event = 'token_revoked' AND detail->>'name' = 'Sara Ek'") == 1);

  const std::string fresh = granska::app::NewToken();
  auto issued = server.Runtime().Users().NewToken(granska::domain::Actor{}, "Sara Ek", fresh, granska::app::HashTokenHex(fresh));
  BOOST_TEST_REQUIRE(static_cast<bool>(issued));
  BOOST_TEST(issued->revoked == 0);
  BOOST_TEST(server.Get("/api/v1/incidents", fresh).status == 200);
  BOOST_TEST(server.Get("/api/v1/incidents", old_token).status == 401);
  // Re-issuing again revokes the one just issued.
  const std::string third = granska::app::NewToken();
  auto again = server.Runtime().Users().NewToken(granska::domain::Actor{}, "Sara Ek", third, granska::app::HashTokenHex(third));
  BOOST_TEST_REQUIRE(static_cast<bool>(again));
  BOOST_TEST(again->revoked == 1);
  BOOST_TEST(server.Get("/api/v1/incidents", fresh).status == 401);
  BOOST_TEST(server.Get("/api/v1/incidents", third).status == 200);
  BOOST_TEST(Events("event = 'token_issued' AND detail->>'name' = 'Sara Ek'") == 2);
  // Only the hash is stored.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM api_tokens WHERE token_hash = '" + third + "'") == 0);
  // Unknown and ambiguous names are refused without revoking anything.
  BOOST_TEST(!server.Runtime().Users().RevokeTokens(granska::domain::Actor{}, "Ingen Alls"));
  // A signed-in user who may not manage users may not revoke tokens.
  auto by_officer = server.Runtime().Users().RevokeTokens(
      granska::domain::Actor{1, "Matris case_officer", granska::domain::Role::kCaseOfficer}, "Sara Ek");
  BOOST_TEST(!by_officer);
  BOOST_TEST(server.Get("/api/v1/incidents", third).status == 200);
}

BOOST_AUTO_TEST_CASE(ReadsOfIncidentsAndCasesAreRecordedWithWhoWhenAndWhich) {
  const auto officer = "actor_name = 'Matris case_officer'";
  // The register.
  BOOST_TEST_REQUIRE(server.Get("/api/v1/incidents?org_number=" + std::string(kFlaggedOrg), token["case_officer"]).status == 200);
  BOOST_TEST(Events(std::string(officer) + " AND event = 'incident_register_viewed' AND detail->>'org_number' = '" +
                    kFlaggedOrg + "' AND detail->'incident_ids' @> '[" + ids["incident"] +
                    "]'::jsonb AND at > now() - interval '1 minute'") == 1);
  // One incident.
  BOOST_TEST_REQUIRE(server.Get("/api/v1/incidents/" + ids["incident"], token["auditor"]).status == 200);
  BOOST_TEST(Events("actor_name = 'Matris auditor' AND actor_role = 'auditor' AND event = 'incident_viewed' AND "
                    "(detail->>'incident_id')::bigint = " + ids["incident"]) == 1);
  // The case as JSON: names in the clear and the screening that cites the incident.
  auto c = server.Get("/api/v1/cases/" + ids["flagged"], token["auditor"]);
  BOOST_TEST_REQUIRE(c.status == 200);
  BOOST_TEST(c.body.find("Anna Andersson") != std::string::npos);
  BOOST_TEST(Events("actor_name = 'Matris auditor' AND event = 'case_file_viewed' AND case_id = " + ids["flagged"]) ==
             1);
  // Lists show each case's screening, whose explanations cite the incident.
  auto list = server.Get("/api/v1/cases?org_number=" + std::string(kFlaggedOrg), token["auditor"]);
  BOOST_TEST_REQUIRE(list.status == 200);
  BOOST_TEST(list.body.find("Göteborgs tingsrätt B 1234-25") != std::string::npos);
  BOOST_TEST(Events("actor_name = 'Matris auditor' AND event = 'cases_listed' AND detail->>'list' = 'cases' AND "
                    "detail->'case_ids' @> '[" + ids["flagged"] + "]'::jsonb") == 1);
  BOOST_TEST_REQUIRE(server.Get("/api/v1/queue", token["case_officer"]).status == 200);
  BOOST_TEST(Events(std::string(officer) + " AND event = 'cases_listed' AND detail->>'list' = 'queue' AND "
                    "detail->'case_ids' @> '[" + ids["flagged"] + "]'::jsonb") == 1);
  // The brief lists cite nothing (rule set and recommendation only), so, like the officer's
  // list pages, they are not recorded.
  const std::string brief_lists = "actor_name = 'Matris auditor' AND event = 'cases_listed'";
  const auto listed_before = Events(brief_lists);
  for (const std::string& path : {"/api/v1/cases?screening=brief&org_number=" + std::string(kFlaggedOrg),
                                 std::string("/api/v1/queue?screening=brief")}) {
    auto brief = server.Get(path, token["auditor"]);
    BOOST_TEST_REQUIRE(brief.status == 200, brief.body);
    BOOST_TEST(brief.body.find("\"case_id\":" + ids["flagged"]) != std::string::npos, path);
    BOOST_TEST(brief.body.find("tingsrätt") == std::string::npos, path);
    BOOST_TEST(brief.body.find("\"results\"") == std::string::npos, path);
  }
  BOOST_TEST(Events(brief_lists) == listed_before);
  // The CVE export and a name request.
  BOOST_TEST_REQUIRE(server.Get("/api/v1/cases/" + ids["flagged"] + "/cve-export", token["coordinator"]).status == 200);
  BOOST_TEST(Events("actor_name = 'Matris coordinator' AND event = 'cve_export' AND case_id = " + ids["flagged"]) == 1);
  auto names = server.Post("/api/v1/cases/" + ids["flagged"] + "/referral/names", token["advisory_member"],
                           R"({"reason":"Samma person som i ett annat ärende?"})");
  BOOST_TEST_REQUIRE(names.status == 200);
  BOOST_TEST(names.body.find("Omar Lind") != std::string::npos);
  BOOST_TEST(Events("actor_name = 'Matris advisory_member' AND event = 'names_requested' AND case_id = " + ids["flagged"]) == 1);
  // The packet with the names revealed says so in its event.
  BOOST_TEST_REQUIRE(server.Get("/api/v1/cases/" + ids["flagged"] + "/referral", token["advisory_member"]).status == 200);
  BOOST_TEST(Events("actor_name = 'Matris advisory_member' AND event = 'packet_viewed' AND (detail->>'names_revealed')::boolean "
                    "AND case_id = " + ids["flagged"]) == 1);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- The pages: signed-in staff roles, and the redirect to sign-in ---------------------------

namespace {

// The pages are walked with the page tests' browser (one cookie jar, the CSRF token of
// the form's page); a sign-in uses this walk's password.
using granska::testing::Browser;

struct PageRow {
  std::string pattern;
  std::string path;
  std::set<std::string> roles;  // kPublic: no sign-in needed
};

// docs/web-interface.md, "Pages", written out by hand (GET pages only).
std::vector<PageRow> ExpectedPages() {
  const std::set<std::string> staff = kStaff;
  return {
      {"/login", "/login", {kPublic}},
      {"/static/{file}", "/static/granska.css", {kPublic}},
      {"/favicon.ico", "/favicon.ico", {kPublic}},
      {"/", "/", staff},
      {"/queue", "/queue", {"case_officer"}},
      {"/cases", "/cases", {"case_officer", "auditor"}},
      {"/cases/{id}", "/cases/{flagged}", {"case_officer", "auditor"}},
      {"/cases/{id}/letter", "/cases/{decided}/letter?lang=sv&format=html", {"case_officer", "auditor"}},
      {"/advisory", "/advisory", {"advisory_member", "coordinator"}},
      {"/advisory/meeting", "/advisory/meeting", {"advisory_member", "coordinator", "case_officer"}},
      {"/advisory/cases/{id}", "/advisory/cases/{flagged}", {"advisory_member", "coordinator"}},
      {"/incidents", "/incidents", {"case_officer", "coordinator", "auditor"}},
      {"/incidents/new", "/incidents/new", {"case_officer", "coordinator"}},
      {"/conditions", "/conditions", {"case_officer", "auditor"}},
      {"/premises/calendar", "/premises/calendar", {"case_officer", "coordinator", "admin"}},
      {"/audits", "/audits", {"auditor"}},
      {"/audits/{id}", "/audits/{audit}", {"auditor"}},
      {"/audits/{id}/report", "/audits/{audit}/report", {"auditor"}},
      {"/admin/users", "/admin/users", {"admin"}},
      {"/admin/premises", "/admin/premises", {"admin"}},
      {"/rules", "/rules", staff},
  };
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(AccessMatrixPages, Fixture)

BOOST_AUTO_TEST_CASE(EveryPageAnswersEverySignedInRoleAsTheDocsSayAndSendsOthersToSignIn) {
  // Every GET page the runtime registers beside the API has a row.
  std::set<std::string> api, pages, expected;
  const auto api_router = granska::http::BuildRouter();
  for (const auto& route : api_router.Routes()) api.insert(Key(route.method, route.pattern));
  for (const auto& route : server.Runtime().Router().Routes())
    if (route.method == "GET" && !api.count(Key(route.method, route.pattern))) pages.insert(route.pattern);
  for (const auto& row : ExpectedPages()) expected.insert(row.pattern);
  for (const auto& p : pages) BOOST_TEST(expected.count(p) == 1u, "GET " << p << " has no row in the page matrix");
  for (const auto& p : expected) BOOST_TEST(pages.count(p) == 1u, "GET " << p << " is in the page matrix but not registered");

  std::map<std::string, Browser> signed_in;
  for (const auto& role : kStaff) {
    Browser b(server.Port());
    auto r = b.SignIn("Matris " + role, kPassword);
    BOOST_TEST_REQUIRE(r.status == 303, role << ": " << r.status);
    signed_in.emplace(role, b);
  }
  for (const auto& row : ExpectedPages()) {
    const std::string path = Fill(row.path);
    const bool is_public = row.roles.count(kPublic) > 0;
    BOOST_TEST_CONTEXT("GET " << path) {
      auto anonymous = Browser(server.Port()).Get(path);
      if (is_public) {
        BOOST_TEST(anonymous.status == 200);
      } else {
        BOOST_TEST(anonymous.status == 303);
        BOOST_TEST(anonymous.Header("Location").rfind("/login", 0) == 0u, anonymous.Header("Location"));
      }
      for (const auto& role : kStaff) {
        auto r = signed_in.at(role).Get(path);
        if (is_public || row.roles.count(role)) {
          BOOST_TEST((r.status == 200 || (r.status == 303 && r.Header("Location").rfind("/login", 0) != 0)),
                     role << " may: got " << r.status << " " << r.Header("Location"));
        } else {
          BOOST_TEST(r.status == 403, role << " may not: got " << r.status);
        }
      }
    }
  }
}

// The forms (POST pages), docs/web-interface.md. A refused role gets 403 even with the right
// CSRF token; an allowed one gets past the role check (a redirect, or the page again with
// field errors: the forms are sent empty). Sign-out is left out: it would end the session.
BOOST_AUTO_TEST_CASE(EveryFormAnswersEverySignedInRoleAsTheDocsSay) {
  const std::set<std::string> officer = {"case_officer"}, group = {"advisory_member", "coordinator"},
                              auditor = {"auditor"}, admin = {"admin"};
  const std::vector<PageRow> forms = {
      {"/login", "/login", {kPublic}},
      {"/logout", "/logout", kStaff},
      {"/cases/{id}/assign", "/cases/{open}/assign", officer},
      {"/cases/{id}/referral", "/cases/{open}/referral", officer},
      {"/cases/{id}/information-request", "/cases/{needs_info}/information-request", officer},
      {"/cases/{id}/communication", "/cases/{open}/communication", officer},
      {"/cases/{id}/reply", "/cases/{open}/reply", officer},
      {"/cases/{id}/decision", "/cases/{open}/decision", officer},
      {"/cases/{id}/minutes-posted", "/cases/{open}/minutes-posted", officer},
      {"/advisory/cases/{id}/advice", "/advisory/cases/{flagged}/advice", group},
      {"/advisory/cases/{id}/recusal", "/advisory/cases/{flagged}/recusal", group},
      {"/advisory/cases/{id}/names", "/advisory/cases/{flagged}/names", group},
      {"/incidents", "/incidents", {"case_officer", "coordinator"}},
      {"/conditions/{id}/close", "/conditions/{condition}/close", officer},
      {"/audits", "/audits", auditor},
      {"/audits/{id}/items/{case_id}/findings", "/audits/{audit}/items/{audit_case}/findings", auditor},
      {"/audits/{id}/sign-off", "/audits/{audit}/sign-off", auditor},
      {"/admin/users", "/admin/users", admin},
      {"/admin/users/{id}/password", "/admin/users/{user}/password", admin},
      {"/admin/users/{id}/revoke-token", "/admin/users/{user}/revoke-token", admin},
      {"/admin/premises", "/admin/premises", admin},
      {"/admin/premises/{id}", "/admin/premises/{premises}", admin},
      {"/cases/{id}/revocation/communication", "/cases/{decided}/revocation/communication", officer},
      {"/cases/{id}/revocation/reply", "/cases/{decided}/revocation/reply", officer},
      {"/cases/{id}/revocation", "/cases/{decided}/revocation", officer},
      {"/cases/{id}/revocation/drop", "/cases/{decided}/revocation/drop", officer},
      {"/cases/{id}/appeals", "/cases/{decided}/appeals", officer},
      {"/cases/{id}/appeals/{appeal}/outcome", "/cases/{decided}/appeals/{appeal}/outcome", officer},
      {"/cases/{id}/inspections", "/cases/{booking}/inspections", officer},
      {"/cases/{id}/inspections/{inspection}/findings", "/cases/{booking}/inspections/{inspection}/findings", officer},
      // Last: an empty withdrawal form withdraws the case (the reason is optional, as in the API).
      {"/cases/{id}/withdraw", "/cases/{open}/withdraw", officer},
  };
  ids["user"] = std::to_string(server.Db().Count("SELECT max(id) FROM users WHERE name = 'Matris intake'"));
  std::set<std::string> api, registered, expected;
  const auto api_router = granska::http::BuildRouter();
  for (const auto& route : api_router.Routes()) api.insert(Key(route.method, route.pattern));
  for (const auto& route : server.Runtime().Router().Routes())
    if (route.method == "POST" && !api.count(Key(route.method, route.pattern))) registered.insert(route.pattern);
  for (const auto& row : forms) expected.insert(row.pattern);
  BOOST_TEST((registered == expected), "the POST pages and the form matrix differ");
  for (const auto& p : registered) BOOST_TEST(expected.count(p) == 1u, "POST " << p << " has no row in the form matrix");

  std::map<std::string, Browser> signed_in;
  for (const auto& role : kStaff) {
    Browser b(server.Port());
    BOOST_TEST_REQUIRE(b.SignIn("Matris " + role, kPassword).status == 303, role);
    signed_in.emplace(role, b);
  }
  for (const auto& row : forms) {
    if (row.roles.count(kPublic)) continue;
    const std::string path = Fill(row.path);
    BOOST_TEST_CONTEXT("POST " << path) {
      auto anonymous = Browser(server.Port()).Post(path, {});
      BOOST_TEST(anonymous.status == 303);
      BOOST_TEST(anonymous.Header("Location").rfind("/login", 0) == 0u, anonymous.Header("Location"));
      if (row.pattern == "/logout") continue;
      for (const auto& role : kStaff) {
        auto r = signed_in.at(role).Submit("/rules", path);
        if (row.roles.count(role))
          BOOST_TEST((r.status != 403 && r.status != 401 && !(r.status == 303 && r.Header("Location").rfind("/login", 0) == 0)),
                     role << " may: got " << r.status << " " << r.Header("Location"));
        else
          BOOST_TEST(r.status == 403, role << " may not: got " << r.status);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(OnThePagesAMemberWhoDeclaredJavSeesNeitherThePacketNorTheNames) {
  Browser recused(server.Port());
  BOOST_TEST_REQUIRE(recused.SignIn("Jävig Ledamot", kPassword).status == 303);
  auto packet = recused.Get("/advisory/cases/" + ids["flagged"]);
  BOOST_TEST(packet.status == 403);
  BOOST_TEST(packet.body.find("Göteborgs tingsrätt") == std::string::npos);
  BOOST_TEST(recused.Submit("/advisory", "/advisory/cases/" + ids["flagged"] + "/names").status == 403);
  Browser member(server.Port());
  BOOST_TEST_REQUIRE(member.SignIn("Matris advisory_member", kPassword).status == 303);
  BOOST_TEST(member.Get("/advisory/cases/" + ids["flagged"]).status == 200);
  BOOST_TEST(Events("actor_name = 'Jävig Ledamot' AND event IN ('packet_viewed', 'names_requested')") == 0);
  BOOST_TEST(Events("actor_name = 'Matris advisory_member' AND event = 'packet_viewed' AND case_id = " + ids["flagged"]) == 1);
}

BOOST_AUTO_TEST_CASE(AnAdministratorRevokesATokenOnTheUsersPageAndItIsRefusedAtOnce) {
  const std::string victim = server.Token("intake", "E-tjänsten");
  BOOST_TEST_REQUIRE(server.Post("/api/v1/applications", victim, SampleGrant(CleanOrg())).status == 201);
  const std::string id = std::to_string(server.Db().Count("SELECT max(id) FROM users WHERE name = 'E-tjänsten'"));
  Browser officer(server.Port());
  BOOST_TEST_REQUIRE(officer.SignIn("Matris case_officer", kPassword).status == 303);
  BOOST_TEST(officer.Submit("/queue", "/admin/users/" + id + "/revoke-token").status == 403);
  BOOST_TEST(server.Post("/api/v1/applications", victim, SampleGrant(CleanOrg())).status == 201);

  Browser admin(server.Port());
  BOOST_TEST_REQUIRE(admin.SignIn("Matris admin", kPassword).status == 303);
  auto page = admin.Get("/admin/users");
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.body.find("/admin/users/" + id + "/revoke-token") != std::string::npos);
  auto r = admin.Submit("/admin/users", "/admin/users/" + id + "/revoke-token");
  BOOST_TEST(r.status == 303);
  BOOST_TEST(r.Header("Location").find("done=tokens_revoked") != std::string::npos, r.Header("Location"));
  BOOST_TEST(server.Post("/api/v1/applications", victim, SampleGrant(CleanOrg())).status == 401);
  BOOST_TEST(Events("event = 'token_revoked' AND actor_name = 'Matris admin' AND detail->>'name' = 'E-tjänsten'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- The command line ----------------------------------------------------------------------

namespace {

using granska::testing::Exec;
using granska::testing::Run;

std::string LastLine(const std::string& out) {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s.substr(s.rfind('\n') + 1);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(AccessCommandLine)

BOOST_AUTO_TEST_CASE(UserRevokeTokenAndNewTokenTakeEffectAtOnce) {
  TestServer server;
  const std::string env = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB='" + server.Db().Connection() + "' ";
  auto add = Exec(env + GRANSKA_BINARY " user add --name 'Karin Holm' --role case_officer");
  BOOST_TEST_REQUIRE(add.code == 0, add.out);
  const std::string first = LastLine(add.out);
  BOOST_TEST(server.Get("/api/v1/cases", first).status == 200);

  auto revoke = Exec(env + GRANSKA_BINARY " user revoke-token --name 'karin holm'");
  BOOST_TEST_REQUIRE(revoke.code == 0, revoke.out);
  BOOST_TEST(revoke.out.find("revoked 1 token(s)") != std::string::npos, revoke.out);
  BOOST_TEST(server.Get("/api/v1/cases", first).status == 401);

  auto issue = Exec(env + GRANSKA_BINARY " user new-token --name 'Karin Holm'");
  BOOST_TEST_REQUIRE(issue.code == 0, issue.out);
  const std::string second = LastLine(issue.out);
  BOOST_TEST(second.size() >= 32u, issue.out);
  BOOST_TEST(server.Get("/api/v1/cases", second).status == 200);
  BOOST_TEST(server.Get("/api/v1/cases", first).status == 401);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event IN ('token_revoked', 'token_issued')") == 2);

  auto unknown = Exec(env + GRANSKA_BINARY " user revoke-token --name 'Ingen Alls'");
  BOOST_TEST(unknown.code == 1, unknown.out);
  BOOST_TEST(Exec(env + GRANSKA_BINARY " user new-token").code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
