// The case workflow over real HTTP: the transition table walked with every role, the
// advisory group's quorum with recusals, kommunicering, decisions and optimistic locking.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "common/test_server.hpp"

using granska::testing::HttpResult;
using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Replace;
using granska::testing::Today;

namespace {

constexpr const char* kFlaggedOrg = "802456-7896";

struct Fixture {
  TestServer server;
  std::map<std::string, std::string> token;
  std::vector<std::string> members;
  int next_org = 100;

  Fixture() {
    for (const char* role : {"intake", "case_officer", "advisory_member", "coordinator", "auditor", "admin"})
      token[role] = server.Token(role);
    for (int i = 0; i < 4; ++i) members.push_back(server.Token("advisory_member", "Ledamot " + std::to_string(i)));
    auto r = server.Post("/api/v1/incidents", token["coordinator"],
                         std::string(R"({"subject":{"org_number":")") + kFlaggedOrg +
                             R"("},"kind":"threat","occurred_on":")" + Today(-584) + R"(","source":"court_judgment",
                             "verified":true,"reference":"Göteborgs tingsrätt B 1234-25"})");
    BOOST_REQUIRE_EQUAL(r.status, 201);
  }

  std::string CleanOrg() {
    std::string org;
    do org = OrgNumberFor(next_org++);
    while (org == kFlaggedOrg);
    return org;
  }

  long long Submit(const std::string& json) {
    auto r = server.Post("/api/v1/applications", token["intake"], json);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("case_id");
  }
  std::string Path(long long id, const std::string& tail = "") { return "/api/v1/cases/" + std::to_string(id) + tail; }
  HttpResult Act(long long id, const std::string& tail, const std::string& role, const std::string& body) {
    return server.Post(Path(id, tail), token[role], body);
  }
  HttpResult ActAs(long long id, const std::string& tail, const std::string& tok, const std::string& body) {
    return server.Post(Path(id, tail), tok, body);
  }
  std::string Status(long long id) {
    return Parse(server.Get(Path(id), token["case_officer"]).body)->getValue<std::string>("status");
  }
  std::string Communication(int reply_days = 10) {
    return R"({"intended_outcome":"rejected","reasons":"Föreningen uppfyller inte villkoren.","reply_by":")" +
           Today(reply_days) + "\"}";
  }

  long long CaseIn(const std::string& status) {
    if (status == "needs_info")
      return Submit(Replace(SampleGrant(CleanOrg()), R"("democracy_conditions_accepted":true)",
                            R"("democracy_conditions_accepted":false)"));
    if (status == "referred") return Submit(SampleGrant(kFlaggedOrg));
    if (status == "advised") {
      long long id = Submit(SampleGrant(kFlaggedOrg));
      for (int i = 0; i < 3; ++i)
        BOOST_TEST_REQUIRE(ActAs(id, "/advice", members[i], R"({"recommendation":"approve","reasoning":"Ok."})").status == 200);
      return id;
    }
    long long id = Submit(SampleGrant(CleanOrg()));
    if (status == "communicated") BOOST_TEST_REQUIRE(Act(id, "/communication", "case_officer", Communication()).status == 200);
    if (status == "decided" || status == "revoked" || status == "closed")  // revoked/closed: decided first
      BOOST_TEST_REQUIRE(Act(id, "/decision", "case_officer", R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})").status == 200);
    if (status == "withdrawn") BOOST_TEST_REQUIRE(Act(id, "/withdraw", "intake", "{}").status == 200);
    if (status == "revoked" || status == "closed")
      server.Db().Exec("UPDATE cases SET status = '" + status + "' WHERE id = " + std::to_string(id));
    return id;
  }
};

// The contract of the transition table, written out independently of src/workflow.
struct Expected {
  const char* command;
  const char* path;
  const char* body;
  std::set<std::string> roles;
  std::set<std::string> from;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(CaseWorkflow, Fixture)

BOOST_AUTO_TEST_CASE(EveryTransitionIsAllowedOrForbiddenPerRoleAndStatusAsTheTableSays) {
  const std::string decide = R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl.","special_reasons":"Föreningen har tagit avstånd."})";
  const std::string posted = R"({"posted_on":")" + Today() + "\"}";
  const std::vector<Expected> table = {
      {"refer", "/referral", R"({"question":"Behöver gruppens råd."})", {"case_officer"}, {"in_review", "needs_info", "advised", "communicated"}},
      {"advise", "/advice", R"({"recommendation":"approve","reasoning":"Ok."})", {"advisory_member", "coordinator"}, {"referred"}},
      {"communicate", "/communication", "", {"case_officer"}, {"needs_info", "in_review", "advised", "communicated"}},
      // Referred and advised cases take a reply too, but only to a kommunicering sent before the
      // referral (DecisionGuards); these have none, so they answer 409.
      {"reply", "/reply", R"({"text":"Vi har tagit avstånd."})", {"intake", "case_officer"}, {"communicated"}},
      // A needs_info case is decided only by a rejection after kommunicering (DecisionGuards):
      // this approval gets 409 there.
      {"decide", "/decision", decide.c_str(), {"case_officer"}, {"in_review", "advised", "communicated"}},
      {"withdraw", "/withdraw", "{}", {"intake", "case_officer"}, {"needs_info", "in_review", "referred", "advised", "communicated"}},
      {"supplement", "/supplement", R"({"grant":{"amount_sek":30000}})", {"intake", "case_officer"}, {"needs_info", "in_review", "advised", "communicated"}},
      {"assign", "/assign", "{}", {"case_officer"}, {"needs_info", "in_review", "referred", "advised", "communicated", "decided"}},
      {"record minutes posted", "/minutes-posted", posted.c_str(), {"case_officer"}, {"decided", "revoked", "closed"}},
  };
  const std::vector<std::string> statuses = {"needs_info", "in_review", "referred", "advised", "communicated",
                                             "decided", "withdrawn", "revoked", "closed"};
  const std::vector<std::string> roles = {"intake", "case_officer", "advisory_member", "coordinator", "auditor", "admin"};
  int checked = 0;
  for (const auto& status : statuses) {
    const long long shared = CaseIn(status);
    BOOST_TEST_REQUIRE(Status(shared) == status);
    for (const auto& t : table) {
      const std::string body = std::string(t.body).empty() ? Communication() : t.body;
      for (const auto& role : roles) {
        const bool role_ok = t.roles.count(role) > 0;
        const bool status_ok = t.from.count(status) > 0;
        // An allowed command changes the case, so it gets a fresh one.
        const long long id = role_ok && status_ok ? CaseIn(status) : shared;
        // A new kommunicering of a communicated case takes the version read (If-Match).
        std::map<std::string, std::string> headers;
        if (std::string(t.command) == "communicate" && status == "communicated")
          headers["If-Match"] = server.Get(Path(id), token["case_officer"]).Header("ETag");
        auto r = server.Request("POST", Path(id, t.path), token[role], body, "application/json", headers);
        const int expected = !role_ok ? 403 : !status_ok ? 409 : 200;
        BOOST_TEST(r.status == expected, t.command << " by " << role << " on a " << status << " case: got " << r.status
                                                   << " " << r.body);
        ++checked;
      }
    }
    BOOST_TEST(Status(shared) == status, "a refused command changed the " << status << " case");
  }
  BOOST_TEST(checked == 9 * 9 * 6);
}

BOOST_AUTO_TEST_CASE(AFlaggedCaseIsAdvisedWhenTheQuorumIsReachedAndRecusalsDoNotCount) {
  const long long id = CaseIn("referred");
  BOOST_TEST(ActAs(id, "/advice", members[0], R"({"recusal":true,"reason":"Min syster sitter i styrelsen."})").status == 200);
  BOOST_TEST(ActAs(id, "/advice", members[1], R"({"recommendation":"reject","reasoning":"Hotet är allvarligt."})").status == 200);
  BOOST_TEST(ActAs(id, "/advice", members[2], R"({"recommendation":"approve_with_conditions","reasoning":"Villkor räcker.","proposed_conditions":["Öppet för allmänheten"]})").status == 200);
  BOOST_TEST(Status(id) == "referred");
  // A recused member may not advise afterwards; nobody answers twice.
  BOOST_TEST(ActAs(id, "/advice", members[0], R"({"recommendation":"approve","reasoning":"x"})").status == 409);
  BOOST_TEST(ActAs(id, "/advice", members[1], R"({"recommendation":"approve","reasoning":"x"})").status == 409);
  // Deciding before the group has advised is refused.
  BOOST_TEST(Act(id, "/decision", "case_officer", R"({"outcome":"rejected","reasons":"x"})").status == 409);
  BOOST_TEST(Act(id, "/advice", "coordinator", R"({"recommendation":"approve","reasoning":"Ok."})").status == 200);
  BOOST_TEST(Status(id) == "advised");
  auto detail = Parse(server.Get(Path(id), token["case_officer"]).body);
  BOOST_TEST(detail->getArray("advice")->size() == 4u);
  BOOST_TEST(!detail->getObject("referral")->isNull("advised_at"));
  bool summary = false;
  auto timeline = detail->getArray("timeline");
  for (std::size_t i = 0; i < timeline->size(); ++i) {
    auto e = timeline->getObject(i);
    if (e->getValue<std::string>("event") != "advised") continue;
    summary = true;
    BOOST_TEST(e->getObject("detail")->getValue<int>("advising") == 3);
    BOOST_TEST(e->getObject("detail")->getValue<int>("recused") == 1);
    BOOST_TEST(e->getObject("detail")->getObject("counts")->getValue<int>("reject") == 1);
  }
  BOOST_TEST(summary);
}

BOOST_AUTO_TEST_CASE(AReferralIsAdvisedWhenEveryoneWhoCanAnswerHasThoughTooFewForTheQuorum) {
  // Five members and the coordinator; four declare jäv, so at most two can advise (quorum 3).
  const long long id = CaseIn("referred");
  BOOST_TEST_REQUIRE(Act(id, "/advice", "advisory_member", R"({"recusal":true,"reason":"Anställd i föreningen."})").status == 200);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(ActAs(id, "/advice", members[i], R"({"recusal":true,"reason":"Styrelseledamot i föreningen."})").status == 200);
  BOOST_TEST(ActAs(id, "/advice", members[3], R"({"recommendation":"reject","reasoning":"Hotet är allvarligt."})").status == 200);
  BOOST_TEST(Status(id) == "referred");  // the coordinator can still answer
  BOOST_TEST(Act(id, "/advice", "coordinator", R"({"recommendation":"reject","reasoning":"Instämmer."})").status == 200);
  BOOST_TEST(Status(id) == "advised");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + std::to_string(id) +
                               " AND event = 'advised' AND detail->>'quorum_unreachable' = 'true' AND (detail->>'advising')::int = 2") == 1);
}

BOOST_AUTO_TEST_CASE(ApprovingAFlaggedCaseNeedsSpecialReasons) {
  const long long id = CaseIn("advised");
  auto r = Act(id, "/decision", "case_officer", R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST(r.body.find("special_reasons") != std::string::npos);
  auto ok = Act(id, "/decision", "case_officer",
                R"({"outcome":"approved_with_conditions","amount_sek":40000,"reasons":"Verksamheten är öppen.","special_reasons":"Föreningen har tagit avstånd från händelsen och bytt styrelse.","conditions":[{"kind":"activity_report","due":")" +
                    Today(200) + R"(","description":"Verksamhetsberättelse"}]})");
  // 40 000 of 45 000 applied is not fully in the applicant's favour: kommunicering first.
  BOOST_TEST_REQUIRE(ok.status == 409, ok.body);
  auto full = Act(id, "/decision", "case_officer",
                  R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Verksamheten är öppen.","special_reasons":"Föreningen har tagit avstånd från händelsen och bytt styrelse.","conditions":[{"kind":"activity_report","due":")" +
                      Today(200) + R"(","description":"Verksamhetsberättelse"}]})");
  BOOST_TEST_REQUIRE(full.status == 200, full.body);
  auto detail = Parse(server.Get(Path(id), token["case_officer"]).body);
  auto decision = detail->getObject("decision");
  BOOST_TEST(decision->getValue<std::string>("outcome") == "approved_with_conditions");
  // The clause recorded is the municipality's for grants (config/municipality.properties,
  // revocation_clause.grant.sv); the English letter prints the same key's translation.
  BOOST_TEST(decision->getValue<std::string>("revocation_clause").rfind(
                 "Beslutet får återkallas och bidraget krävas tillbaka", 0) == 0,
             decision->getValue<std::string>("revocation_clause"));
  for (const auto& [lang, clause] : std::map<std::string, std::string>{
           {"sv", "Beslutet får återkallas och bidraget krävas tillbaka"},
           {"en", "The decision may be revoked and the grant reclaimed"}}) {
    auto letter = server.Get(Path(id) + "/letter?lang=" + lang + "&format=html", token["case_officer"]);
    BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
    BOOST_TEST(letter.body.find(clause) != std::string::npos, lang);
  }
  BOOST_TEST(decision->getValue<std::string>("special_reasons").find("avstånd") != std::string::npos);
  BOOST_TEST(!decision->getValue<std::string>("delegation_ref").empty());
  BOOST_TEST(detail->getArray("conditions")->size() == 1u);
  BOOST_TEST(detail->getArray("conditions")->getObject(0)->getValue<std::string>("status") == "pending");
}

BOOST_AUTO_TEST_CASE(ARejectionWaitsForKommuniceringAndTheReplyDeadline) {
  const long long id = CaseIn("in_review");
  const std::string reject = R"({"outcome":"rejected","reasons":"Föreningen uppfyller inte villkoren."})";
  auto none = Act(id, "/decision", "case_officer", reject);
  BOOST_TEST(none.status == 409, none.body);
  BOOST_TEST(none.body.find("kommunicering") != std::string::npos);
  auto past = Act(id, "/communication", "case_officer",
                  R"({"intended_outcome":"rejected","reasons":"x","reply_by":")" + Today(-1) + "\"}");
  BOOST_TEST(past.status == 422, past.body);
  BOOST_TEST_REQUIRE(Act(id, "/communication", "case_officer", Communication(5)).status == 200);
  auto early = Act(id, "/decision", "case_officer", reject);
  BOOST_TEST(early.status == 409, early.body);
  BOOST_TEST(Act(id, "/reply", "intake", R"({"text":"Vi bestrider uppgifterna."})").status == 200);
  BOOST_TEST(Act(id, "/reply", "intake", R"({"text":"Igen."})").status == 409);
  auto decided = Act(id, "/decision", "case_officer", reject);
  BOOST_TEST_REQUIRE(decided.status == 200, decided.body);
  auto detail = Parse(server.Get(Path(id), token["case_officer"]).body);
  BOOST_TEST(detail->getObject("communication")->getObject("reply")->getValue<std::string>("text") ==
             "Vi bestrider uppgifterna.");
  BOOST_TEST(detail->getObject("decision")->isNull("revocation_clause"));
}

BOOST_AUTO_TEST_CASE(ARejectionAfterAnUnansweredDeadlineIsAllowed) {
  const long long id = CaseIn("in_review");
  BOOST_TEST(Act(id, "/communication", "case_officer", Communication(0)).status == 422);  // no time to reply
  BOOST_TEST_REQUIRE(Act(id, "/communication", "case_officer", Communication(1)).status == 200);
  // Let the deadline pass without a reply.
  server.Db().Exec("UPDATE communications SET reply_by = reply_by - 2, sent_at = sent_at - interval '3 days' "
                   "WHERE case_id = " + std::to_string(id));
  auto r = Act(id, "/decision", "case_officer", R"({"outcome":"rejected","reasons":"Ingen svar kom."})");
  BOOST_TEST(r.status == 200, r.body);
}

BOOST_AUTO_TEST_CASE(DecisionsNeedReasonsAndValidConditions) {
  const long long id = CaseIn("in_review");
  auto r = Act(id, "/decision", "case_officer",
               R"({"outcome":"approved_with_conditions","amount_sek":-1,"reasons":" ","conditions":[{"kind":"bribe","due":"2000-01-01","description":""}]})");
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  for (const char* f : {"reasons", "amount_sek", "conditions[0].kind", "conditions[0].due", "conditions[0].description"})
    BOOST_TEST(r.body.find(std::string("\"field\":\"") + f + "\"") != std::string::npos, f << " in " << r.body);
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions") == 0);
}

BOOST_AUTO_TEST_CASE(TheDecidedAmountIsOneTheDecisionLetterCanState) {
  // Each of these used to pass the decision's checks and fail the letter's, a 500 after the
  // officer had written the reasons.
  const long long id = CaseIn("in_review");  // applied for 45 000 kr
  const std::pair<std::string, std::string> refused[] = {
      {R"({"outcome":"approved","amount_sek":50000,"reasons":"Skäl."})", "must not exceed the amount applied for (45000 kr)"},
      {R"({"outcome":"approved","amount_sek":0,"reasons":"Skäl."})", "must be positive"},
      {R"({"outcome":"rejected","amount_sek":0,"reasons":"Skäl."})", "a rejection grants nothing"}};
  for (const auto& [body, message] : refused) {
    auto r = Act(id, "/decision", "case_officer", body);
    BOOST_TEST(r.status == 422, body << " -> " << r.body);
    BOOST_TEST(r.body.find(R"("field":"amount_sek")") != std::string::npos, r.body);
    BOOST_TEST(r.body.find(message) != std::string::npos, r.body);
  }
  BOOST_TEST(Status(id) == "in_review");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions") == 0);
  auto ok = Act(id, "/decision", "case_officer", R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})");
  BOOST_TEST(ok.status == 200, ok.body);
}

BOOST_AUTO_TEST_CASE(AKommuniceringOfALowerGrantSaysSoAndCoversOnlyDecisionsAtLeastThatFavourable) {
  const long long id = CaseIn("in_review");  // applied for 45 000 kr
  const auto communicate = [&](const std::string& fields) {
    return Act(id, "/communication", "case_officer",
               "{" + fields + R"(,"reasons":"Budgeten för resor saknar underlag.","reply_by":")" + Today(10) + "\"}");
  };
  // Only what is adverse can be announced, and what the letter can state.
  const std::pair<std::string, std::string> refused[] = {
      {R"("intended_outcome":"approved")", "is required for an intended approval"},
      {R"("intended_outcome":"approved","intended_amount_sek":45000)", "must be less than the amount applied for (45000 kr)"},
      {R"("intended_outcome":"approved","intended_amount_sek":0)", "must be positive"},
      {R"("intended_outcome":"rejected","intended_amount_sek":30000)", "a rejection grants nothing"}};
  for (const auto& [fields, message] : refused) {
    auto r = communicate(fields);
    BOOST_TEST(r.status == 422, fields << " -> " << r.body);
    BOOST_TEST(r.body.find(message) != std::string::npos, r.body);
  }
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM communications") == 0);
  BOOST_TEST_REQUIRE(communicate(R"("intended_outcome":"approved_with_conditions","intended_amount_sek":30000)").status == 200);
  // The letter announces the lower grant and the rejection of the rest, not a rejection.
  auto letter = server.Get(Path(id, "/letter"), token["case_officer"]);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  BOOST_TEST(letter.body.find("överväger att bevilja") != std::string::npos);
  const std::string nbsp = "\u00a0";  // amounts are grouped with no-break spaces
  BOOST_TEST(letter.body.find("med 30" + nbsp + "000" + nbsp + "kr.") != std::string::npos, letter.body);
  BOOST_TEST(letter.body.find("I den del ansökan avser mer än 30" + nbsp + "000" + nbsp + "kr") != std::string::npos);
  BOOST_TEST(letter.body.find("överväger att avslå ansökan") == std::string::npos);
  BOOST_TEST(Act(id, "/reply", "intake", R"({"text":"Vi bifogar underlag."})").status == 200);
  // The kommunicering covers a grant of 30 000 or more, nothing less favourable.
  for (const char* worse : {R"({"outcome":"rejected","reasons":"Skäl."})",
                            R"({"outcome":"approved","amount_sek":20000,"reasons":"Skäl."})"}) {
    auto r = Act(id, "/decision", "case_officer", worse);
    BOOST_TEST(r.status == 409, worse << " -> " << r.body);
    BOOST_TEST(r.body.find("needs a new kommunicering") != std::string::npos, r.body);
  }
  auto ok = Act(id, "/decision", "case_officer", R"({"outcome":"approved","amount_sek":35000,"reasons":"Skäl."})");
  BOOST_TEST(ok.status == 200, ok.body);
}

BOOST_AUTO_TEST_CASE(AStaleWriteGets409WithTheCurrentState) {
  const long long id = CaseIn("in_review");
  auto r = server.Request("POST", Path(id, "/decision"), token["case_officer"],
                          R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})", "application/json",
                          {{"If-Match", "\"99\""}});
  BOOST_TEST_REQUIRE(r.status == 409, r.body);
  auto body = Parse(r.body);
  BOOST_TEST(body->getObject("current")->getValue<std::string>("status") == "in_review");
  const std::string etag = server.Get(Path(id), token["case_officer"]).Header("ETag");
  auto ok = server.Request("POST", Path(id, "/decision"), token["case_officer"],
                           R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})", "application/json",
                           {{"If-Match", etag}});
  BOOST_TEST(ok.status == 200, ok.body);
}

// Review L5: a repeated kommunicering request (a double click, a client's retry) must not
// replace the one the applicant holds and restart the reply time by accident.
BOOST_AUTO_TEST_CASE(ANewKommuniceringOfACommunicatedCaseNeedsTheVersionRead) {
  const long long id = CaseIn("in_review");
  BOOST_TEST_REQUIRE(Act(id, "/communication", "case_officer", Communication(5)).status == 200);
  const auto letters = [&] { return server.Db().Count("SELECT count(*) FROM letters WHERE case_id = " + std::to_string(id)); };
  const long long letters_before = letters();
  for (const std::map<std::string, std::string>& headers :
       {std::map<std::string, std::string>{}, std::map<std::string, std::string>{{"If-Match", "*"}}}) {
    auto again = server.Request("POST", Path(id, "/communication"), token["case_officer"], Communication(9),
                                "application/json", headers);
    BOOST_TEST_REQUIRE(again.status == 409, again.body);
    BOOST_TEST(again.body.find("already been communicated") != std::string::npos, again.body);
    BOOST_TEST(again.body.find("If-Match") != std::string::npos, again.body);
    BOOST_TEST(Parse(again.body)->getObject("current")->getValue<std::string>("status") == "communicated");
  }
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM communications WHERE case_id = " + std::to_string(id)) == 1);
  BOOST_TEST(letters() == letters_before);
  const std::string etag = server.Get(Path(id), token["case_officer"]).Header("ETag");
  auto confirmed = server.Request("POST", Path(id, "/communication"), token["case_officer"], Communication(9),
                                  "application/json", {{"If-Match", etag}});
  BOOST_TEST_REQUIRE(confirmed.status == 200, confirmed.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM communications WHERE case_id = " + std::to_string(id)) == 2);
  BOOST_TEST(Parse(server.Get(Path(id), token["case_officer"]).body)
                 ->getObject("communication")
                 ->getValue<std::string>("reply_by") == Today(9));
}

BOOST_AUTO_TEST_CASE(OfTwoConcurrentDecisionsExactlyOneWins) {
  for (int round = 0; round < 5; ++round) {
    const long long id = CaseIn("in_review");
    const std::string officer2 = server.Token("case_officer", "Andra handläggaren " + std::to_string(round + 1));
    std::vector<int> codes(2);
    std::thread a([&] {
      codes[0] = server.Post(Path(id, "/decision"), token["case_officer"],
                             R"({"outcome":"approved","amount_sek":45000,"reasons":"Första."})").status;
    });
    std::thread b([&] {
      codes[1] = server.Post(Path(id, "/decision"), officer2,
                             R"({"outcome":"approved","amount_sek":45000,"reasons":"Andra."})").status;
    });
    a.join();
    b.join();
    std::multiset<int> got(codes.begin(), codes.end());
    BOOST_TEST((got == std::multiset<int>{200, 409}), "round " << round << ": " << codes[0] << " " << codes[1]);
    BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions WHERE case_id = " + std::to_string(id)) == 1);
    BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'decided' AND case_id = " +
                                 std::to_string(id)) == 1);
  }
}

BOOST_AUTO_TEST_CASE(AWithdrawnBookingFreesItsSlot) {
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", token["admin"], R"({"name":"Storsalen","capacity":120})").status == 201);
  std::string booking = granska::testing::SampleBooking();
  booking = Replace(booking, "802456-7896", CleanOrg());
  const long long id = Submit(booking);
  BOOST_TEST(Act(id, "/withdraw", "intake", R"({"reason":"Mötet är inställt."})").status == 200);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM bookings WHERE status = 'cancelled'") == 1);
  auto again = server.Post("/api/v1/applications", token["intake"], booking);
  BOOST_TEST_REQUIRE(again.status == 201, again.body);
  BOOST_TEST(Parse(again.body)->getObject("screening")->getValue<std::string>("recommendation") != "ineligible");
}

BOOST_AUTO_TEST_CASE(ARoomIsNeverBookedTwiceForTheSameTime) {
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", token["admin"], R"({"name":"Storsalen","capacity":120})").status == 201);
  // Submissions for the same evening arriving at once: the premises are locked while each is
  // screened, so exactly one finds the room free (BK-1) and the others see its booking.
  std::vector<std::string> recommendations(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      auto r = server.Post("/api/v1/applications", token["intake"],
                           Replace(granska::testing::SampleBooking(), "802456-7896", granska::testing::OrgNumberFor(500 + i)));
      recommendations[i] = r.status == 201 ? Parse(r.body)->getObject("screening")->getValue<std::string>("recommendation")
                                           : "status " + std::to_string(r.status);
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(std::count(recommendations.begin(), recommendations.end(), "ineligible") == 3,
             recommendations[0] << " " << recommendations[1] << " " << recommendations[2] << " " << recommendations[3]);
  // An officer may still approve one the rules called ineligible, but never two for the same time.
  const long long free_one = server.Db().Count(
      "SELECT min(b.case_id) FROM bookings b JOIN cases c ON c.id = b.case_id WHERE c.recommendation <> 'ineligible'");
  const long long refused_one = server.Db().Count(
      "SELECT min(b.case_id) FROM bookings b JOIN cases c ON c.id = b.case_id WHERE c.recommendation = 'ineligible'");
  BOOST_TEST(Act(refused_one, "/decision", "case_officer", R"({"outcome":"approved","reasons":"Ledig."})").status == 200);
  auto second = Act(free_one, "/decision", "case_officer", R"({"outcome":"approved","reasons":"Ledig."})");
  BOOST_TEST(second.status == 409, second.body);
  BOOST_TEST(second.body.find("already booked at that time") != std::string::npos, second.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM bookings WHERE status = 'approved'") == 1);
  // A booking's approval records the clause for bookings (revocation_clause.booking.sv).
  auto booked = Parse(server.Get(Path(refused_one), token["case_officer"]).body)->getObject("decision");
  BOOST_TEST(booked->getValue<std::string>("revocation_clause").rfind("Beslutet får återkallas om föreningen", 0) == 0,
             booked->getValue<std::string>("revocation_clause"));
  // Rejecting the others is fine.
  BOOST_TEST(Act(free_one, "/communication", "case_officer", Communication()).status == 200);
}

BOOST_AUTO_TEST_CASE(CaseOfficersAreAssignedOnlyToCaseOfficers) {
  const long long id = CaseIn("in_review");
  BOOST_TEST(Act(id, "/assign", "case_officer", "{}").status == 200);
  auto detail = Parse(server.Get(Path(id), token["case_officer"]).body);
  BOOST_TEST(!detail->isNull("assigned_to"));
  BOOST_TEST(Act(id, "/assign", "case_officer", R"({"user_id":1})").status == 422);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(OfficerQueue, Fixture)

BOOST_AUTO_TEST_CASE(TheQueueListsOpenCasesOldestFirstAndMine) {
  const long long a = CaseIn("in_review");
  const long long b = CaseIn("needs_info");
  const long long c = CaseIn("decided");
  BOOST_TEST(Act(b, "/assign", "case_officer", "{}").status == 200);
  auto all = Parse(server.Get("/api/v1/queue", token["case_officer"]).body)->getArray("items");
  std::vector<long long> ids;
  for (std::size_t i = 0; i < all->size(); ++i) ids.push_back(all->getObject(i)->getValue<long long>("case_id"));
  BOOST_TEST((ids == std::vector<long long>{a, b}));  // decided case c is not in the queue
  auto mine = Parse(server.Get("/api/v1/queue?mine=true", token["case_officer"]).body)->getArray("items");
  BOOST_TEST_REQUIRE(mine->size() == 1u);
  BOOST_TEST(mine->getObject(0)->getValue<long long>("case_id") == b);
  BOOST_TEST(server.Get("/api/v1/queue?status=decided", token["case_officer"]).body.find("\"case_id\":" + std::to_string(c)) !=
             std::string::npos);
  BOOST_TEST(server.Get("/api/v1/queue?mine=maybe", token["case_officer"]).status == 422);
}

BOOST_AUTO_TEST_CASE(AWithdrawnCaseIsReopenedOnlyByANewLinkedCase) {
  const long long old = CaseIn("withdrawn");
  auto org = Parse(server.Get(Path(old), token["case_officer"]).body)->getObject("organisation")->getValue<std::string>("org_number");
  std::string json = SampleGrant(org);
  json.insert(1, "\"reopens_case_id\":" + std::to_string(old) + ",");
  auto r = server.Post("/api/v1/applications", token["intake"], json);
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  auto detail = Parse(server.Get(Path(Parse(r.body)->getValue<long long>("case_id")), token["case_officer"]).body);
  BOOST_TEST(detail->getValue<long long>("linked_case_id") == old);
  BOOST_TEST(Status(old) == "withdrawn");
  // An open case cannot be "reopened", and another organisation's case cannot be linked.
  const long long open = CaseIn("in_review");
  std::string bad = SampleGrant(CleanOrg());
  bad.insert(1, "\"reopens_case_id\":" + std::to_string(open) + ",");
  BOOST_TEST(server.Post("/api/v1/applications", token["intake"], bad).status == 422);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(CaseWorkflowDetails, Fixture)

BOOST_AUTO_TEST_CASE(BlankAdviceIsRefusedAndProposedConditionsComeBackExactly) {
  const long long id = CaseIn("referred");
  auto blank = ActAs(id, "/advice", members[0], "{\"recommendation\":\"approve\",\"reasoning\":\" \\r\\n\\t \"}");
  BOOST_TEST(blank.status == 422, blank.body);
  BOOST_TEST(blank.body.find("\"reasoning\"") != std::string::npos);
  auto blank_jav = ActAs(id, "/advice", members[0], R"({"recusal":true,"reason":"   "})");
  BOOST_TEST(blank_jav.status == 422, blank_jav.body);
  // Control characters other than TAB, LF and CR are refused (they cannot be stored as text).
  auto control =
      ActAs(id, "/advice", members[1],
            R"({"recommendation":"approve_with_conditions","reasoning":"Ok.","proposed_conditions":["a\bb"]})");
  BOOST_TEST(control.status == 422, control.body);
  BOOST_TEST(control.body.find("\"proposed_conditions[0]\"") != std::string::npos, control.body);
  // Every other JSON escape survives the round trip through the stored advice.
  const std::string tricky = "Rad ett\r\nrad två \"citat\" \\ tab\there é \u00e5 \U0001F600 / slut";
  Poco::JSON::Object body;
  body.set("recommendation", "approve_with_conditions");
  body.set("reasoning", "Villkor räcker.");
  Poco::JSON::Array conditions;
  conditions.add(tricky);
  conditions.add("Öppet för allmänheten");
  body.set("proposed_conditions", conditions);
  std::ostringstream text;
  body.stringify(text);
  BOOST_TEST_REQUIRE(ActAs(id, "/advice", members[1], text.str()).status == 200);
  auto detail = Parse(server.Get(Path(id), token["case_officer"]).body);
  auto advice = detail->getArray("advice")->getObject(0);
  auto back = advice->getArray("proposed_conditions");
  BOOST_TEST_REQUIRE(back->size() == 2u);
  BOOST_TEST(back->getElement<std::string>(0) == tricky);
  BOOST_TEST(back->getElement<std::string>(1) == "Öppet för allmänheten");
}

BOOST_AUTO_TEST_CASE(AnAutomaticReferralIsTheSystemsAndIfMatchStarMatchesAnyVersion) {
  const long long id = CaseIn("referred");
  auto detail = Parse(server.Get(Path(id), token["case_officer"]).body);
  bool found = false;
  auto timeline = detail->getArray("timeline");
  for (std::size_t i = 0; i < timeline->size(); ++i) {
    auto e = timeline->getObject(i);
    if (e->getValue<std::string>("event") != "referred") continue;
    found = true;
    BOOST_TEST(e->getObject("actor")->isNull("user_id"), "an automatic referral is not the e-service's act");
  }
  BOOST_TEST(found);
  BOOST_TEST(detail->getObject("referral")->isNull("referred_by"));
  const long long open = CaseIn("in_review");
  auto star = server.Request("POST", Path(open, "/referral"), token["case_officer"], R"({"question":"Behöver råd."})",
                             "application/json", {{"If-Match", "*"}});
  BOOST_TEST(star.status == 200, star.body);
  auto junk = server.Request("POST", Path(open, "/withdraw"), token["case_officer"], "{}", "application/json",
                             {{"If-Match", "abc7"}});
  BOOST_TEST(junk.status == 400, junk.body);
  auto supplement_junk = server.Request("POST", Path(open, "/supplement"), token["intake"], "{}", "application/json",
                                        {{"If-Match", "x1"}});
  BOOST_TEST(supplement_junk.status == 400, supplement_junk.body);
}

BOOST_AUTO_TEST_CASE(TheCaseListFiltersByAge) {
  const long long id = CaseIn("in_review");
  server.Db().Exec("UPDATE cases SET submitted_on = current_date - 20 WHERE id = " + std::to_string(id));
  auto ids = [&](const std::string& query) {
    std::set<long long> out;
    auto items = Parse(server.Get("/api/v1/cases" + query, token["case_officer"]).body)->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i) out.insert(items->getObject(i)->getValue<long long>("case_id"));
    return out;
  };
  BOOST_TEST(ids("?submitted_before=" + Today(-14)).count(id) == 1u);
  BOOST_TEST(ids("?submitted_before=" + Today(-30)).count(id) == 0u);
  BOOST_TEST(ids("?submitted_before=" + Today()).size() >= 1u);
  auto bad = server.Get("/api/v1/cases?submitted_before=14", token["case_officer"]);
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(bad.body.find("submitted_before") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
