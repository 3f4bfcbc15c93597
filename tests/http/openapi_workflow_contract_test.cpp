// docs/openapi.yaml against the case workflow and the advisory group's reading: real
// responses of referral, advice and jäv, kommunicering and reply, decision, withdrawal and
// assignment, the agenda, the pseudonymised packet, name requests and the CVE export (their
// successes and their 400, 401, 403, 404, 409, 413, 415 and 422) match the document.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "common/test_server.hpp"
#include "http/json_schema.hpp"
#include "http/openapi_contract.hpp"

using granska::testing::Describe;
using granska::testing::HttpResult;
using granska::testing::OrgNumberFor;
using granska::testing::ParseJson;
using granska::testing::Replace;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::oas::Contract;
using granska::testing::oas::ErrorFields;
using granska::testing::oas::HeaderOf;
using granska::testing::oas::SendDeclaringOversizedBody;
using Poco::JSON::Array;
using Poco::JSON::Object;

using granska::testing::BookingAt;
using granska::testing::BookingDay;
using granska::testing::Today;

namespace {

constexpr const char* kFlaggedOrg = "802456-7896";

struct Workflow : Contract {
  std::vector<std::string> members;  // four advisory members, "Ledamot 0" … "Ledamot 3"

  Workflow() {
    for (int i = 0; i < 4; ++i) members.push_back(server.Token("advisory_member", "Ledamot " + std::to_string(i)));
  }

  static std::string Path(long long id, const std::string& tail = "") {
    return "/api/v1/cases/" + std::to_string(id) + tail;
  }

  long long UserId(const std::string& name) {
    return server.Db().Count("SELECT id FROM users WHERE name = '" + name + "'");
  }

  // The evidence that flags kFlaggedOrg (a verified threat by the organisation, DV-1) and an
  // unverified incident about a board member (a note; evidence about a private person).
  void RecordIncidents() {
    auto org = server.Post(
        "/api/v1/incidents", coordinator,
        std::string(R"({"subject":{"org_number":")") + kFlaggedOrg +
            R"("},"kind":"threat","occurred_on":")" + Today(-584) + R"(","source":"court_judgment",)"
            R"("verified":true,"reference":"Göteborgs tingsrätt B 1234-25","summary":"Hot mot en kommunal tjänsteman."})");
    BOOST_TEST_REQUIRE(org.status == 201, org.body);
    auto person = server.Post("/api/v1/incidents", coordinator,
                              R"({"subject":{"person":"Omar Lind"},"kind":"discrimination","occurred_on":")" + Today(-736) + R"(",)"
                              R"("source":"media","verified":false,"summary":"Uppgifter i lokaltidningen."})");
    BOOST_TEST_REQUIRE(person.status == 201, person.body);
  }

  // Submits and checks the answer against the document; returns the summary.
  Object::Ptr Submit(const std::string& application) {
    auto r = server.Post("/api/v1/applications", intake, application);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return ExpectDocumented(r, "POST", "/api/v1/applications").extract<Object::Ptr>();
  }
  long long FlaggedCase() {
    auto s = Submit(SampleGrant(kFlaggedOrg));
    BOOST_TEST_REQUIRE(s->getValue<std::string>("status") == "referred");
    return s->getValue<long long>("case_id");
  }
  long long CleanCase(int n) {
    auto s = Submit(SampleGrant(OrgNumberFor(n)));
    BOOST_TEST_REQUIRE(s->getValue<std::string>("status") == "in_review");
    return s->getValue<long long>("case_id");
  }

  // POST to a case command as `token`; checks the answer against the document.
  Object::Ptr Command(long long id, const std::string& tail, const std::string& token, const std::string& body,
                      int expected, const std::map<std::string, std::string>& headers = {}) {
    auto r = server.Request("POST", Path(id, tail), token, body, "application/json", headers);
    BOOST_TEST_REQUIRE(r.status == expected, "POST " << Path(id, tail) << ": " << r.body);
    auto parsed = ExpectDocumented(r, "POST", "/api/v1/cases/{id}" + tail).extract<Object::Ptr>();
    if (expected == 200 && parsed->has("version")) {  // a command's answer: the case summary
      BOOST_TEST(HeaderOf(r, "ETag") == "\"" + std::to_string(parsed->getValue<long long>("version")) + "\"");
      BOOST_TEST(parsed->getValue<long long>("case_id") == id);
    }
    return parsed;
  }
  Object::Ptr Read(const std::string& path, const std::string& template_path, const std::string& token,
                   int expected = 200) {
    auto r = server.Get(path, token);
    BOOST_TEST_REQUIRE(r.status == expected, "GET " << path << ": " << r.body);
    return ExpectDocumented(r, "GET", template_path).extract<Object::Ptr>();
  }
  Object::Ptr Detail(long long id) {
    auto r = server.Get(Path(id), officer);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto d = ExpectDocumented(r, "GET", "/api/v1/cases/{id}").extract<Object::Ptr>();
    BOOST_TEST(HeaderOf(r, "ETag") == "\"" + std::to_string(d->getValue<long long>("version")) + "\"");
    return d;
  }
  std::string ETag(long long id) { return server.Get(Path(id), officer).Header("ETag"); }

  // A 409 that names the case's state now.
  void ExpectCurrent(const Object::Ptr& problem, long long id, const std::string& status) {
    BOOST_TEST_REQUIRE(problem->has("current"), "the 409 carries no current state");
    auto current = problem->getObject("current");
    BOOST_TEST(current->getValue<long long>("case_id") == id);
    BOOST_TEST(current->getValue<std::string>("status") == status);
    BOOST_TEST("\"" + std::to_string(current->getValue<long long>("version")) + "\"" == ETag(id));
  }
};

Object::Ptr AgendaEntryFor(const Object::Ptr& agenda, long long id) {
  auto items = agenda->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i)
    if (items->getObject(i)->getObject("case")->getValue<long long>("case_id") == id) return items->getObject(i);
  return nullptr;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(OpenApiWorkflowContract, Workflow)

// --- The advisory group's reading --------------------------------------------------------

BOOST_AUTO_TEST_CASE(TheAgendaAndThePseudonymisedPacketMatchTheDocument) {
  RecordIncidents();
  const long long id = FlaggedCase();

  for (const auto& token : {members[0], coordinator, officer, auditor}) {
    auto agenda = Read("/api/v1/advisory/agenda", "/api/v1/advisory/agenda", token);
    auto entry = AgendaEntryFor(agenda, id);
    BOOST_TEST_REQUIRE(entry, "the referred case is not on the agenda");
    BOOST_TEST(entry->getValue<int>("advice_count") == 0);
    BOOST_TEST(entry->getValue<bool>("overdue") == false);
    BOOST_TEST(entry->getObject("referral")->getValue<bool>("automatic"));
    // As documented: the user whose submission was screened (see the report on this).
    BOOST_TEST(entry->getObject("referral")->isNull("referred_by"), "an automatic referral is the system's");
  }
  for (const auto& role : {"intake", "admin"}) {
    BOOST_TEST_CONTEXT(role) { Read("/api/v1/advisory/agenda", "/api/v1/advisory/agenda", server.Token(role), 403); }
  }

  // A member reads pseudonyms; nothing in the packet names a private person.
  auto r = server.Get(Path(id, "/referral"), members[0]);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto packet = ExpectDocumented(r, "GET", "/api/v1/cases/{id}/referral").extract<Object::Ptr>();
  BOOST_TEST(packet->getValue<bool>("names_pseudonymised"));
  for (const char* secret : {"Anna Andersson", "Omar Lind", "anna@example.org"})
    BOOST_TEST(r.body.find(secret) == std::string::npos, secret << " is in the member's packet");
  auto org = packet->getObject("application")->getObject("organisation");
  BOOST_TEST(org->getObject("contact")->getValue<std::string>("name") == "Person A");
  BOOST_TEST(org->getArray("board")->getObject(1)->getValue<std::string>("name") == "Person B");
  BOOST_TEST(org->getValue<std::string>("name") == "Föreningen Exempel", "organisations keep their names");
  std::set<std::string> attributions;
  auto evidence = packet->getArray("evidence");
  for (std::size_t i = 0; i < evidence->size(); ++i)
    attributions.insert(evidence->getObject(i)->getValue<std::string>("attribution"));
  BOOST_TEST((attributions == std::set<std::string>{"organisation", "representative"}));
  BOOST_TEST(packet->getValue<std::string>("question") ==
             packet->getObject("referral")->getValue<std::string>("question"));
  BOOST_TEST(packet->getValue<int>("quorum") == 3);

  // A case officer works with the names.
  auto for_officer = Read(Path(id, "/referral"), "/api/v1/cases/{id}/referral", officer);
  BOOST_TEST(!for_officer->getValue<bool>("names_pseudonymised"));

  Read(Path(id, "/referral"), "/api/v1/cases/{id}/referral", intake, 403);
  Read(Path(id, "/referral"), "/api/v1/cases/{id}/referral", admin, 403);
  Read("/api/v1/cases/999999/referral", "/api/v1/cases/{id}/referral", members[0], 404);
  Read(Path(CleanCase(1), "/referral"), "/api/v1/cases/{id}/referral", members[0], 404);  // never referred

  // Every reading of the evidence is on record.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'packet_viewed' AND case_id = " +
                               std::to_string(id)) == 2);
}

BOOST_AUTO_TEST_CASE(ANamesRequestMatchesTheDocumentAndRevealsTheNamesToThatMember) {
  RecordIncidents();
  const long long id = FlaggedCase();
  const std::string names = "/api/v1/cases/{id}/referral/names";

  auto missing_reason = Command(id, "/referral/names", members[0], "{}", 422);
  BOOST_TEST((ErrorFields(missing_reason) == std::set<std::string>{"reason"}));
  Command(id, "/referral/names", officer, R"({"reason":"Behövs."})", 403);
  Command(id, "/referral/names", auditor, R"({"reason":"Behövs."})", 403);
  auto r = server.Post("/api/v1/cases/999999/referral/names", members[0], R"({"reason":"Behövs."})");
  BOOST_TEST(r.status == 404, r.body);
  ExpectDocumented(r, "POST", names);
  Command(CleanCase(1), "/referral/names", members[0], R"({"reason":"Behövs."})", 409);

  auto revealed =
      Command(id, "/referral/names", members[0],
              R"({"reason":"Jag behöver pröva om styrelseledamoten är samma person som i artikeln."})", 200);
  std::map<std::string, std::string> by_pseudonym;
  auto list = revealed->getArray("names");
  for (std::size_t i = 0; i < list->size(); ++i)
    by_pseudonym[list->getObject(i)->getValue<std::string>("pseudonym")] =
        list->getObject(i)->getValue<std::string>("name");
  BOOST_TEST(
      (by_pseudonym == std::map<std::string, std::string>{{"Person A", "Anna Andersson"}, {"Person B", "Omar Lind"}}));

  // That member now reads names; another still reads pseudonyms.
  auto own = server.Get(Path(id, "/referral"), members[0]);
  auto packet = ExpectDocumented(own, "GET", "/api/v1/cases/{id}/referral").extract<Object::Ptr>();
  BOOST_TEST(!packet->getValue<bool>("names_pseudonymised"));
  BOOST_TEST(own.body.find("Omar Lind") != std::string::npos);
  auto other = server.Get(Path(id, "/referral"), members[1]);
  BOOST_TEST(ExpectDocumented(other, "GET", "/api/v1/cases/{id}/referral")
                 .extract<Object::Ptr>()
                 ->getValue<bool>("names_pseudonymised"));
  BOOST_TEST(other.body.find("Omar Lind") == std::string::npos);
}

// --- Advice to quorum, and the decision ----------------------------------------------------

BOOST_AUTO_TEST_CASE(AdviceWithARecusalToQuorumAndADecisionWithConditionsMatchTheDocument) {
  RecordIncidents();
  const long long id = FlaggedCase();

  // Jäv: recorded, and the member no longer sees the evidence.
  auto recused =
      Command(id, "/advice", members[3], R"({"recusal":true,"reason":"Min syster sitter i styrelsen."})", 200);
  BOOST_TEST(recused->getValue<std::string>("status") == "referred");
  Read(Path(id, "/referral"), "/api/v1/cases/{id}/referral", members[3], 403);
  Command(id, "/referral/names", members[3], R"({"reason":"x"})", 403);
  auto after_recusal = Command(id, "/advice", members[3], R"({"recommendation":"approve","reasoning":"x"})", 409);
  BOOST_TEST(!after_recusal->has("current"));

  auto invalid = Command(id, "/advice", members[2], R"({"recommendation":"maybe","reasoning":""})", 422);
  BOOST_TEST((ErrorFields(invalid) == std::set<std::string>{"recommendation", "reasoning"}));
  auto invalid_recusal = Command(id, "/advice", members[2], R"({"recusal":true})", 422);
  BOOST_TEST((ErrorFields(invalid_recusal) == std::set<std::string>{"reason"}));
  // Advice and a recusal in one body: ambiguous, refused (the advice was dropped unsaid).
  auto both = Command(id, "/advice", members[2],
                      R"({"recusal":true,"reason":"Jäv.","recommendation":"approve","reasoning":"Ok."})", 422);
  BOOST_TEST((ErrorFields(both) == std::set<std::string>{"recommendation", "reasoning"}));
  Command(id, "/advice", officer, R"({"recommendation":"approve","reasoning":"x"})", 403);

  Command(id, "/advice", members[0],
          R"({"recommendation":"approve_with_conditions","reasoning":"Villkor räcker.",)"
          R"("proposed_conditions":["Öppet för allmänheten",{"description":"Verksamhetsberättelse"}]})",
          200);
  auto twice = Command(id, "/advice", members[0], R"({"recommendation":"approve","reasoning":"Igen."})", 409);
  BOOST_TEST(!twice->has("current"));
  Command(id, "/advice", members[1], R"({"recommendation":"reject","reasoning":"Hotet är allvarligt."})", 200);

  auto agenda = Read("/api/v1/advisory/agenda", "/api/v1/advisory/agenda", coordinator);
  auto entry = AgendaEntryFor(agenda, id);
  BOOST_TEST_REQUIRE(entry);
  BOOST_TEST(entry->getValue<int>("advice_count") == 2);
  BOOST_TEST(entry->getValue<int>("recusal_count") == 1);

  // Deciding a referred case: the status forbids it, and the 409 says what the case is now.
  auto early = Command(id, "/decision", officer, R"({"outcome":"rejected","reasons":"x"})", 409);
  ExpectCurrent(early, id, "referred");

  // The third advising member reaches the quorum; recusals do not count.
  auto advised = Command(id, "/advice", coordinator, R"({"recommendation":"approve","reasoning":"Ok."})", 200);
  BOOST_TEST(advised->getValue<std::string>("status") == "advised");
  BOOST_TEST(!AgendaEntryFor(Read("/api/v1/advisory/agenda", "/api/v1/advisory/agenda", members[0]), id));
  auto late = Command(id, "/advice", members[2], R"({"recommendation":"approve","reasoning":"Sent."})", 409);
  ExpectCurrent(late, id, "advised");

  auto detail = Detail(id);
  BOOST_TEST(detail->getArray("advice")->size() == 4u);
  BOOST_TEST(detail->getArray("referrals")->size() == 1u);
  BOOST_TEST(!detail->getObject("referral")->isNull("advised_at"));
  BOOST_TEST(detail->isNull("decision"));
  BOOST_TEST(detail->isNull("communication"));

  // Decisions: field errors first, every one listed.
  auto no_special =
      Command(id, "/decision", officer, R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})", 422);
  BOOST_TEST((ErrorFields(no_special) == std::set<std::string>{"special_reasons"}));
  auto broken = Command(id, "/decision", officer,
                        R"({"outcome":"approved_with_conditions","amount_sek":-5,"reasons":" ",)"
                        R"("conditions":[{"kind":"bribe","due":"2000-01-01","description":""}]})",
                        422);
  for (const char* f : {"reasons", "amount_sek", "special_reasons", "conditions[0].kind", "conditions[0].due",
                        "conditions[0].description"})
    BOOST_TEST(ErrorFields(broken).count(f), f << " is not among the errors");
  auto not_an_outcome = Command(id, "/decision", officer, R"({"outcome":"maybe","reasons":"x"})", 422);
  BOOST_TEST(ErrorFields(not_an_outcome).count("outcome"));

  const std::string decision =
      R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Verksamheten är öppen för alla.",)"
      R"("special_reasons":"Föreningen har tagit avstånd från händelsen och bytt styrelse.",)"
      R"("conditions":[{"kind":"activity_report","due":")" +
      Today(200) +
      R"(","description":"Verksamhetsberättelse"},)"
      R"({"kind":"open_to_public","due":")" +
      Today(100) + R"(","description":"Öppet för allmänheten"}]})";
  auto decided = Command(id, "/decision", officer, decision, 200, {{"If-Match", ETag(id)}});
  BOOST_TEST(decided->getValue<std::string>("status") == "decided");

  detail = Detail(id);
  auto d = detail->getObject("decision");
  BOOST_TEST(d->getValue<std::string>("outcome") == "approved_with_conditions");
  BOOST_TEST(d->getValue<long long>("amount_sek") == 45000);
  BOOST_TEST(!d->isNull("revocation_clause"));
  BOOST_TEST(d->getObject("decided_by")->getValue<long long>("user_id") == UserId("case_officer user"));
  auto conditions = detail->getArray("conditions");
  BOOST_TEST_REQUIRE(conditions->size() == 2u);
  BOOST_TEST(conditions->getObject(0)->getValue<std::string>("kind") == "open_to_public", "conditions are by due date");
  BOOST_TEST(conditions->getObject(0)->getValue<std::string>("status") == "pending");
  // The advice as given, proposed conditions as texts.
  auto advice = detail->getArray("advice");
  bool proposal = false;
  for (std::size_t i = 0; i < advice->size(); ++i) {
    auto pc = advice->getObject(i)->getArray("proposed_conditions");
    if (pc->size() == 2u) {
      proposal = true;
      BOOST_TEST(pc->getElement<std::string>(0) == "Öppet för allmänheten");
      BOOST_TEST(pc->getElement<std::string>(1) == "Verksamhetsberättelse");
    }
  }
  BOOST_TEST(proposal);

  // A decided case forbids another decision; the 409 names its state.
  auto again = Command(id, "/decision", officer, decision, 409);
  ExpectCurrent(again, id, "decided");
}

BOOST_AUTO_TEST_CASE(TheCveExportAndEarlierDecisionsMatchTheDocument) {
  RecordIncidents();
  const long long id = FlaggedCase();

  for (const auto& token : {coordinator, officer}) {
    auto r = server.Get(Path(id, "/cve-export"), token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto cve = ExpectDocumented(r, "GET", "/api/v1/cases/{id}/cve-export").extract<Object::Ptr>();
    BOOST_TEST(cve->getObject("grant")->getValue<long long>("amount_sek") == 45000);
    BOOST_TEST(!cve->isNull("question"));
    BOOST_TEST(cve->getArray("evidence")->size() == 2u);
    for (const char* secret : {"Anna Andersson", "Omar Lind", "anna@example.org", "free text"})
      BOOST_TEST(r.body.find(secret) == std::string::npos, secret << " is in the CVE export");
  }
  for (const auto& token : {auditor, members[0], intake})
    Read(Path(id, "/cve-export"), "/api/v1/cases/{id}/cve-export", token, 403);
  Read("/api/v1/cases/999999/cve-export", "/api/v1/cases/{id}/cve-export", coordinator, 404);
  // A case that was never referred has no question; its only evidence is the note about a
  // board member (every sample application names him), under a pseudonym. The case officer
  // exports it; the coordinator, in the group that reads only referred cases, may not.
  const long long never_referred = CleanCase(1);
  Read(Path(never_referred, "/cve-export"), "/api/v1/cases/{id}/cve-export", coordinator, 403);
  auto clean = Read(Path(never_referred, "/cve-export"), "/api/v1/cases/{id}/cve-export", officer);
  BOOST_TEST(clean->isNull("question"));
  BOOST_TEST_REQUIRE(clean->getArray("evidence")->size() == 1u);
  auto note = clean->getArray("evidence")->getObject(0);
  BOOST_TEST(note->getValue<std::string>("attribution") == "representative");
  BOOST_TEST(note->getObject("subject")->getValue<std::string>("person") == "Person B");

  // Decide the first case (advice by three), then a new application by the same
  // organisation shows that decision in its packet.
  for (int i = 0; i < 3; ++i)
    Command(id, "/advice", members[i], R"({"recommendation":"reject","reasoning":"Allvarligt hot."})", 200);
  Command(id, "/communication", officer,
          R"({"intended_outcome":"rejected","reasons":"Hot mot tjänsteman.","reply_by":")" + Today(1) + "\"}", 200);
  Command(id, "/reply", intake, R"({"text":"Vi bestrider."})", 200);
  Command(id, "/decision", officer, R"({"outcome":"rejected","reasons":"Demokrativillkoret är inte uppfyllt."})", 200);
  const long long second = FlaggedCase();
  auto packet = Read(Path(second, "/referral"), "/api/v1/cases/{id}/referral", members[0]);
  auto earlier = packet->getArray("earlier_decisions");
  BOOST_TEST_REQUIRE(earlier->size() == 1u);
  BOOST_TEST(earlier->getObject(0)->getValue<std::string>("outcome") == "rejected");
  BOOST_TEST(earlier->getObject(0)->getValue<std::string>("decided_on") ==
             Detail(id)->getObject("decision")->getValue<std::string>("decided_on"));
  // Only what the packet page shows: not the reasons, nor who decided.
  BOOST_TEST(!earlier->getObject(0)->has("reasons"));
  BOOST_TEST(!earlier->getObject(0)->has("decision"));
}

// --- Kommunicering, reply, rejection -------------------------------------------------------

BOOST_AUTO_TEST_CASE(KommuniceringReplyAndRejectionMatchTheDocument) {
  const long long id = CleanCase(1);
  const std::string reject = R"({"outcome":"rejected","reasons":"Föreningen uppfyller inte villkoren."})";

  // A rejection needs kommunicering first: a 409 that is not about the status.
  auto none = Command(id, "/decision", officer, reject, 409);
  BOOST_TEST(!none->has("current"));

  auto bad = Command(id, "/communication", officer,
                     R"({"intended_outcome":"maybe","reasons":" ","reply_by":")" + Today(-1) + "\"}", 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"intended_outcome", "reasons", "reply_by"}));
  auto no_date = Command(id, "/communication", officer,
                         R"({"intended_outcome":"rejected","reasons":"x","reply_by":"20 jan"})", 422);
  BOOST_TEST((ErrorFields(no_date) == std::set<std::string>{"reply_by"}));
  Command(id, "/communication", coordinator,
          R"({"intended_outcome":"rejected","reasons":"x","reply_by":")" + Today(5) + "\"}", 403);
  Command(id, "/reply", intake, R"({"text":"För tidigt."})", 409);  // nothing to reply to yet: the status forbids it

  auto sent = Command(
      id, "/communication", officer,
      R"({"intended_outcome":"rejected","intended_amount_sek":0,"reasons":"Föreningen uppfyller inte villkoren.","reply_by":")" +
          Today(5) + "\"}",
      200, {{"If-Match", ETag(id)}});
  BOOST_TEST(sent->getValue<std::string>("status") == "communicated");
  auto early = Command(id, "/decision", officer, reject, 409);  // the applicant may still reply
  BOOST_TEST(!early->has("current"));

  auto empty = Command(id, "/reply", intake, R"({"text":""})", 422);
  BOOST_TEST((ErrorFields(empty) == std::set<std::string>{"text"}));
  Command(id, "/reply", server.Token("auditor"), R"({"text":"Revisorn svarar inte."})", 403);
  Command(id, "/reply", intake, R"({"text":"Vi bestrider uppgifterna."})", 200);
  auto twice = Command(id, "/reply", intake, R"({"text":"Igen."})", 409);
  BOOST_TEST(!twice->has("current"));

  auto detail = Detail(id);
  auto comm = detail->getObject("communication");
  BOOST_TEST(comm->getObject("reply")->getValue<std::string>("text") == "Vi bestrider uppgifterna.");
  BOOST_TEST(comm->getValue<long long>("intended_amount_sek") == 0);

  Command(id, "/decision", officer, reject, 200);
  detail = Detail(id);
  BOOST_TEST(detail->getObject("decision")->isNull("revocation_clause"));
  BOOST_TEST(detail->getObject("decision")->isNull("amount_sek"));
  BOOST_TEST(detail->getObject("decision")->isNull("special_reasons"));
  BOOST_TEST(detail->getArray("conditions")->size() == 0u);

  // Without a reply, once the deadline has passed.
  const long long quiet = CleanCase(2);
  Command(quiet, "/communication", officer,
          R"({"intended_outcome":"rejected","reasons":"Ingen verksamhet.","reply_by":")" + Today(1) + "\"}", 200);
  server.Db().Exec("UPDATE communications SET reply_by = reply_by - 2, sent_at = sent_at - interval '3 days' "
                   "WHERE case_id = " + std::to_string(quiet));
  Command(quiet, "/decision", officer, reject, 200);
  detail = Detail(quiet);
  BOOST_TEST(detail->getObject("communication")->isNull("reply"));
  BOOST_TEST(detail->getObject("communication")->isNull("intended_amount_sek"));
}

BOOST_AUTO_TEST_CASE(AnInformationRequestAndItsSupplementMatchTheDocument) {
  auto s = Submit(Replace(SampleGrant(OrgNumberFor(71)), R"("bankgiro":"5050-1055",)", ""));
  BOOST_TEST_REQUIRE(s->getValue<std::string>("status") == "needs_info");
  const long long id = s->getValue<long long>("case_id");
  BOOST_TEST(Detail(id)->isNull("information_request"));
  auto bad = Command(id, "/information-request", officer, R"({"reply_by":"i morgon","extra":1})", 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"reply_by", "extra"}));
  Command(id, "/information-request", intake, R"({"reply_by":")" + Today(21) + "\"}", 403);
  Command(id, "/information-request", officer,
          R"({"reply_by":")" + Today(21) + R"(","message":"Uppge föreningens bankgiro."})", 200);
  auto again = Command(id, "/information-request", officer, R"({"reply_by":")" + Today(28) + "\"}", 409);
  ExpectCurrent(again, id, "needs_info");
  auto asked = Detail(id)->getObject("information_request");
  BOOST_TEST(asked->getValue<std::string>("message") == "Uppge föreningens bankgiro.");
  BOOST_TEST(asked->isNull("supplemented_at"));
  Command(id, "/supplement", intake, R"({"organisation":{"bankgiro":"5050-1055"}})", 200);
  auto answered = Detail(id);
  BOOST_TEST(answered->getValue<std::string>("status") == "in_review");
  BOOST_TEST(!answered->getObject("information_request")->isNull("supplemented_at"));
  // A case in review whose screening asks for nothing: nothing to request.
  Command(id, "/information-request", officer, R"({"reply_by":")" + Today(21) + "\"}", 409);
}

BOOST_AUTO_TEST_CASE(AManualReferralMatchesTheDocument) {
  const long long id = CleanCase(1);
  auto no_question = Command(id, "/referral", officer, R"({"question":"  "})", 422);
  BOOST_TEST((ErrorFields(no_question) == std::set<std::string>{"question"}));
  auto wrong_type = Command(id, "/referral", officer, R"({"question":7})", 422);
  BOOST_TEST((ErrorFields(wrong_type) == std::set<std::string>{"question"}));
  Command(id, "/referral", intake, R"({"question":"Fråga?"})", 403);

  auto referred =
      Command(id, "/referral", officer, R"({"question":"Är samarbetet med 802512-3459 förenligt med villkoren?"})", 200,
              {{"If-Match", ETag(id)}});
  BOOST_TEST(referred->getValue<std::string>("status") == "referred");
  auto again = Command(id, "/referral", officer, R"({"question":"Igen?"})", 409);
  ExpectCurrent(again, id, "referred");

  auto entry = AgendaEntryFor(Read("/api/v1/advisory/agenda", "/api/v1/advisory/agenda", members[0]), id);
  BOOST_TEST_REQUIRE(entry);
  BOOST_TEST(!entry->getObject("referral")->getValue<bool>("automatic"));
  BOOST_TEST(entry->getObject("referral")->getValue<long long>("referred_by") == UserId("case_officer user"));
  BOOST_TEST(entry->getValue<std::string>("deadline") == Today(14));
  BOOST_TEST(!entry->getObject("case")->has("screening"));

  auto packet = Read(Path(id, "/referral"), "/api/v1/cases/{id}/referral", members[1]);
  BOOST_TEST(packet->getArray("evidence")->size() == 0u);
  BOOST_TEST(packet->getValue<std::string>("question").find("802512-3459") != std::string::npos);
}

// --- Withdrawal and assignment ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(WithdrawalAndAssignmentMatchTheDocument) {
  const long long id = CleanCase(1);
  const std::string second_officer = server.Token("case_officer", "Andra handläggaren");

  // Assignment: the caller by default, or another case officer; never another role.
  auto mine = Command(id, "/assign", officer, "", 200);
  BOOST_TEST(mine->getValue<std::string>("status") == "in_review");
  BOOST_TEST(Detail(id)->getValue<long long>("assigned_to") == UserId("case_officer user"));
  Command(id, "/assign", officer, "{\"user_id\":" + std::to_string(UserId("Andra handläggaren")) + "}", 200);
  BOOST_TEST(Detail(id)->getValue<long long>("assigned_to") == UserId("Andra handläggaren"));
  auto not_officer =
      Command(id, "/assign", officer, "{\"user_id\":" + std::to_string(UserId("intake user")) + "}", 422);
  BOOST_TEST((ErrorFields(not_officer) == std::set<std::string>{"user_id"}));
  auto not_a_number = Command(id, "/assign", officer, R"({"user_id":"me"})", 422);
  BOOST_TEST((ErrorFields(not_a_number) == std::set<std::string>{"user_id"}));
  Command(id, "/assign", coordinator, "{}", 403);
  // As documented (IfMatchNotCompared), assignment reads If-Match for its form only.
  Command(id, "/assign", second_officer, "{}", 200, {{"If-Match", "\"1\""}});

  // Withdrawal, with or without a body.
  auto bad_reason = Command(id, "/withdraw", intake, R"({"reason":5})", 422);
  BOOST_TEST((ErrorFields(bad_reason) == std::set<std::string>{"reason"}));
  Command(id, "/withdraw", auditor, "{}", 403);
  auto withdrawn = Command(id, "/withdraw", intake, "", 200, {{"If-Match", ETag(id)}});
  BOOST_TEST(withdrawn->getValue<std::string>("status") == "withdrawn");
  auto twice = Command(id, "/withdraw", officer, R"({"reason":"Igen."})", 409);
  ExpectCurrent(twice, id, "withdrawn");
  auto assign_withdrawn = Command(id, "/assign", officer, "{}", 409);
  ExpectCurrent(assign_withdrawn, id, "withdrawn");

  const long long other = CleanCase(2);
  Command(other, "/withdraw", officer, R"({"reason":"Föreningen har lagts ned."})", 200);
  auto detail = Detail(other);
  BOOST_TEST(detail->getValue<std::string>("status") == "withdrawn");
  BOOST_TEST(detail->isNull("assigned_to"));

  // An optional body is still sent as JSON.
  auto r = server.Request("POST", Path(CleanCase(3), "/withdraw"), intake, "", "text/plain");
  BOOST_TEST(r.status == 415, r.body);
  ExpectDocumented(r, "POST", "/api/v1/cases/{id}/withdraw");
}

// --- Optimistic locking -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(AStaleIfMatchGets409WithTheCurrentStateAndAMalformedOne400) {
  struct Cmd {
    std::string tail, body;
  };
  const std::vector<Cmd> compared{
      {"/referral", R"({"question":"Fråga?"})"},
      {"/communication", R"({"intended_outcome":"rejected","reasons":"Skäl.","reply_by":")" + Today(5) + "\"}"},
      {"/decision", R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})"},
      {"/withdraw", "{}"},
  };
  int n = 1;
  for (const auto& c : compared) {
    BOOST_TEST_CONTEXT(c.tail) {
      const long long id = CleanCase(n++);
      for (const std::string stale : {"\"99\"", "W/\"99\"", "99"}) {
        auto problem = Command(id, c.tail, officer, c.body, 409, {{"If-Match", stale}});
        ExpectCurrent(problem, id, "in_review");
      }
      Command(id, c.tail, officer, c.body, 200, {{"If-Match", "W/" + ETag(id)}});
    }
  }
  const long long id = CleanCase(n++);
  const long long referred = [&] {
    const long long r = CleanCase(n++);
    Command(r, "/referral", officer, R"({"question":"Fråga?"})", 200);
    return r;
  }();
  const std::vector<std::tuple<long long, std::string, std::string, std::string>> all{
      {id, "/referral", R"({"question":"Fråga?"})", officer},
      {referred, "/advice", R"({"recommendation":"approve","reasoning":"Ok."})", members[0]},
      {id, "/communication", compared[1].body, officer},
      {id, "/reply", R"({"text":"Svar."})", intake},
      {id, "/decision", compared[2].body, officer},
      {id, "/withdraw", "{}", intake},
      {id, "/assign", "{}", officer},
  };
  for (const auto& [case_id, tail, body, token] : all) {
    for (const std::string malformed : {"abc", "\"0\"", "\"7"}) {
      BOOST_TEST_CONTEXT(tail << " with If-Match " << malformed) {
        Command(case_id, tail, token, body, 400, {{"If-Match", malformed}});
      }
    }
  }
}

// --- Errors every new route shares --------------------------------------------------------

BOOST_AUTO_TEST_CASE(TheNewRoutesAnswerAuthenticationRoleAndMissingCaseErrorsAsDocumented) {
  const long long in_review = CleanCase(1);
  const long long referred = CleanCase(2);
  Command(referred, "/referral", officer, R"({"question":"Fråga?"})", 200);
  struct Call {
    std::string method, tail, body;
    std::vector<std::string> forbidden;  // roles that get 403
    std::string allowed;                 // a role that may call it (for 404 and 400)
    long long id;
  };
  const std::string communication =
      R"({"intended_outcome":"rejected","reasons":"Skäl.","reply_by":")" + Today(5) + "\"}";
  const std::vector<Call> calls{
      {"POST",
       "/referral",
       R"({"question":"Fråga?"})",
       {"intake", "advisory_member", "auditor", "admin"},
       "case_officer",
       in_review},
      {"GET", "/referral", "", {"intake", "admin"}, "advisory_member", referred},
      {"POST",
       "/referral/names",
       R"({"reason":"Behövs."})",
       {"intake", "case_officer", "auditor", "admin"},
       "advisory_member",
       referred},
      {"POST",
       "/advice",
       R"({"recommendation":"approve","reasoning":"Ok."})",
       {"intake", "case_officer", "auditor", "admin"},
       "coordinator",
       referred},
      {"POST",
       "/communication",
       communication,
       {"intake", "coordinator", "auditor", "admin"},
       "case_officer",
       in_review},
      {"POST",
       "/reply",
       R"({"text":"Svar."})",
       {"advisory_member", "coordinator", "auditor", "admin"},
       "intake",
       in_review},
      {"POST",
       "/decision",
       R"({"outcome":"rejected","reasons":"Skäl."})",
       {"intake", "coordinator", "auditor", "admin"},
       "case_officer",
       in_review},
      {"POST", "/withdraw", "{}", {"advisory_member", "coordinator", "auditor", "admin"}, "intake", in_review},
      {"POST", "/assign", "{}", {"intake", "advisory_member", "auditor", "admin"}, "case_officer", in_review},
      {"GET", "/cve-export", "", {"intake", "advisory_member", "auditor", "admin"}, "coordinator", referred},
  };
  std::map<std::string, std::string> tokens;
  for (const char* role : {"intake", "case_officer", "advisory_member", "coordinator", "auditor", "admin"})
    tokens[role] = server.Token(role, std::string("Roll ") + role);
  for (const auto& c : calls) {
    const std::string template_path = "/api/v1/cases/{id}" + c.tail;
    BOOST_TEST_CONTEXT(c.method << " " << template_path) {
      for (const std::string token : {"", "gsk_not-a-token"}) {
        auto r = server.Request(c.method, Path(c.id, c.tail), token, c.body);
        BOOST_TEST(r.status == 401);
        ExpectDocumented(r, c.method, template_path);
        BOOST_TEST(HeaderOf(r, "WWW-Authenticate") == "Bearer");
      }
      for (const auto& role : c.forbidden) {
        auto r = server.Request(c.method, Path(c.id, c.tail), tokens[role], c.body);
        BOOST_TEST(r.status == 403, role << ": " << r.body);
        ExpectDocumented(r, c.method, template_path);
      }
      for (const std::string id : {"999999", "abc", "0"}) {
        auto r = server.Request(c.method, "/api/v1/cases/" + id + c.tail, tokens[c.allowed], c.body);
        BOOST_TEST(r.status == 404, id << ": " << r.body);
        ExpectDocumented(r, c.method, template_path);
      }
      if (c.method != "POST") continue;
      for (const std::string body : {"not json", "[1,2]", "{\"question\":"}) {
        auto r = server.Request("POST", Path(c.id, c.tail), tokens[c.allowed], body);
        BOOST_TEST(r.status == 400, body << ": " << r.body);
        ExpectDocumented(r, "POST", template_path);
      }
      auto text = server.Request("POST", Path(c.id, c.tail), tokens[c.allowed], c.body, "text/plain");
      BOOST_TEST(text.status == 415, text.body);
      ExpectDocumented(text, "POST", template_path);
      auto big = SendDeclaringOversizedBody(server, "POST", Path(c.id, c.tail), tokens[c.allowed]);
      BOOST_TEST(big.status == 413, big.body);
      ExpectDocumented(big, "POST", template_path);
    }
  }
  for (const std::string token : {"", "gsk_not-a-token"}) {
    auto r = server.Get("/api/v1/advisory/agenda", token);
    BOOST_TEST(r.status == 401);
    ExpectDocumented(r, "GET", "/api/v1/advisory/agenda");
  }
  auto malformed = server.Get("/api/v1/advisory/agenda?x=%zz", tokens["coordinator"]);
  BOOST_TEST(malformed.status == 400);
  ExpectDocumented(malformed, "GET", "/api/v1/advisory/agenda");
  // Nothing above changed either case.
  BOOST_TEST(Detail(in_review)->getValue<std::string>("status") == "in_review");
  BOOST_TEST(Detail(referred)->getValue<std::string>("status") == "referred");
}

// --- The queue, reopening, and follow-up ------------------------------------------------

BOOST_AUTO_TEST_CASE(TheQueueAndReopeningMatchTheDocument) {
  const long long first = CleanCase(1);
  const long long second = CleanCase(2);
  Command(second, "/assign", officer, "{}", 200);

  auto all = Read("/api/v1/queue", "/api/v1/queue", officer);
  auto items = all->getArray("items");
  BOOST_TEST_REQUIRE(items->size() == 2u);
  BOOST_TEST(items->getObject(0)->getValue<long long>("case_id") == first, "oldest first");
  auto mine = Read("/api/v1/queue?mine=true", "/api/v1/queue", officer);
  BOOST_TEST_REQUIRE(mine->getArray("items")->size() == 1u);
  BOOST_TEST(mine->getArray("items")->getObject(0)->getValue<long long>("case_id") == second);
  auto page = Read("/api/v1/queue?limit=1&status=in_review&mine=false", "/api/v1/queue", auditor);
  BOOST_TEST_REQUIRE(!page->isNull("next"));
  auto rest = Read("/api/v1/queue?limit=1&after=" + page->getValue<std::string>("next"), "/api/v1/queue", officer);
  BOOST_TEST(rest->getArray("items")->getObject(0)->getValue<long long>("case_id") == second);
  BOOST_TEST(rest->isNull("next"));
  auto bad = Read("/api/v1/queue?mine=yes&status=open&limit=0&after=zz", "/api/v1/queue", officer, 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"mine", "status", "limit", "after"}));
  Read("/api/v1/queue", "/api/v1/queue", intake, 403);

  // A new application reopens a withdrawn case of the same organisation and links to it.
  const std::string reopening = [&] {
    std::string s = SampleGrant(OrgNumberFor(1));
    return s.insert(s.size() - 1, ",\"reopens_case_id\":" + std::to_string(first));
  }();
  auto open = server.Post("/api/v1/applications", intake, reopening);
  BOOST_TEST_REQUIRE(open.status == 422, open.body);
  BOOST_TEST((ErrorFields(ExpectDocumented(open, "POST", "/api/v1/applications")) ==
              std::set<std::string>{"reopens_case_id"}));
  Command(first, "/withdraw", intake, "{}", 200);
  auto reopened = Submit(reopening);
  BOOST_TEST(Detail(reopened->getValue<long long>("case_id"))->getValue<long long>("linked_case_id") == first);
  BOOST_TEST(Detail(first)->isNull("linked_case_id"));
  BOOST_TEST(Check(reopening, "#/components/schemas/Application").empty());

  // A grant must give the numbers the eligibility rules judge; the document says so too.
  std::string counts_missing = SampleGrant(OrgNumberFor(3));
  for (const std::string member : {"\"board_size\":5,", "\"members_aged_7_25\":64,"})
    counts_missing.erase(counts_missing.find(member), member.size());
  BOOST_TEST(!Check(counts_missing, "#/components/schemas/Application").empty());
  auto r = server.Post("/api/v1/applications", intake, counts_missing);
  BOOST_TEST_REQUIRE(r.status == 422, r.body);
  BOOST_TEST((ErrorFields(ExpectDocumented(r, "POST", "/api/v1/applications")) ==
              std::set<std::string>{"organisation.board_size", "organisation.members_aged_7_25"}));
}

BOOST_AUTO_TEST_CASE(ConditionsAndTheirClosingMatchTheDocument) {
  const long long id = CleanCase(1);
  Command(id, "/decision", officer,
          R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Skäl.","conditions":[)"
          R"({"kind":"activity_report","due":")" +
              Today(30) +
              R"(","description":"Verksamhetsberättelse"},)"
              R"({"kind":"financial_report","due":")" +
              Today(60) +
              R"(","description":"Ekonomisk redovisning"},)"
              R"({"kind":"open_to_public","due":")" +
              Today(90) + R"(","description":"Öppet för alla"}]})",
          200);
  auto list = Read("/api/v1/conditions", "/api/v1/conditions", auditor);
  auto items = list->getArray("items");
  BOOST_TEST_REQUIRE(items->size() == 3u);
  std::vector<long long> ids;
  for (std::size_t i = 0; i < items->size(); ++i) ids.push_back(items->getObject(i)->getValue<long long>("id"));
  auto page =
      Read("/api/v1/conditions?limit=2&status=pending&org_number=" + OrgNumberFor(1), "/api/v1/conditions", officer);
  BOOST_TEST_REQUIRE(!page->isNull("next"));
  Read("/api/v1/conditions?after=" + page->getValue<std::string>("next"), "/api/v1/conditions", coordinator);
  auto soon = Read("/api/v1/conditions?due_before=" + Today(60), "/api/v1/conditions", officer);
  BOOST_TEST(soon->getArray("items")->size() == 1u, "due_before is exclusive");
  auto bad =
      Read("/api/v1/conditions?status=open&due_before=soon&org_number=1&limit=500", "/api/v1/conditions", officer, 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"status", "due_before", "org_number", "limit"}));
  Read("/api/v1/conditions", "/api/v1/conditions", intake, 403);

  auto path = [](long long c, const char* how) { return "/api/v1/conditions/" + std::to_string(c) + "/" + how; };
  auto close = [&](const std::string& p, const std::string& token, const std::string& body, int expected) {
    auto r = server.Post(p, token, body);
    BOOST_TEST_REQUIRE(r.status == expected, p << ": " << r.body);
    std::string template_path = p.substr(0, p.rfind('/'));
    template_path = "/api/v1/conditions/{id}" + p.substr(p.rfind('/'));
    return ExpectDocumented(r, "POST", template_path).extract<Object::Ptr>();
  };
  auto missing = close(path(ids[0], "fulfil"), officer, R"({"evidence":" "})", 422);
  BOOST_TEST((ErrorFields(missing) == std::set<std::string>{"evidence"}));
  BOOST_TEST((ErrorFields(close(path(ids[1], "breach"), officer, "{}", 422)) == std::set<std::string>{"reason"}));
  close(path(ids[0], "fulfil"), auditor, R"({"evidence":"x"})", 403);
  close(path(999999, "waive"), officer, R"({"reason":"x"})", 404);
  close("/api/v1/conditions/abc/waive", officer, R"({"reason":"x"})", 404);

  auto fulfilled =
      close(path(ids[0], "fulfil"), officer, R"({"evidence":"Berättelsen kom in (dnr 2027-01234)."})", 200);
  BOOST_TEST(fulfilled->getValue<std::string>("status") == "fulfilled");
  BOOST_TEST(!fulfilled->isNull("closed_at"));
  BOOST_TEST(close(path(ids[1], "breach"), officer, R"({"reason":"Ingen redovisning."})", 200)
                 ->getValue<std::string>("status") == "breached");
  BOOST_TEST(
      close(path(ids[2], "waive"), officer, R"({"reason":"Lokalen stängd."})", 200)->getValue<std::string>("status") ==
      "waived");
  close(path(ids[0], "breach"), officer, R"({"reason":"x"})", 409);

  auto conditions = Detail(id)->getArray("conditions");
  std::set<std::string> statuses;
  for (std::size_t i = 0; i < conditions->size(); ++i)
    statuses.insert(conditions->getObject(i)->getValue<std::string>("status"));
  BOOST_TEST((statuses == std::set<std::string>{"fulfilled", "breached", "waived"}));
}

BOOST_AUTO_TEST_CASE(RevocationCommunicationReplyDecisionAndDroppingMatchTheDocument) {
  auto grant = [&](int n) {
    const long long id = CleanCase(n);
    Command(id, "/decision", officer, R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})", 200);
    return id;
  };
  // Revoked, with a repayment claim.
  const long long revoked = grant(1);
  Command(revoked, "/revocation", officer, R"({"reasons":"x"})", 409);  // not communicated
  auto bad = Command(revoked, "/revocation/communication", officer, R"({"breach":"","reply_by":"2000-01-01"})", 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"breach", "reply_by"}));
  auto communicated = Command(revoked, "/revocation/communication", officer,
                              R"({"breach":"Villkoret bröts.","democracy_reason":true,"repayment_sek":45000,"reply_by":")" +
                                  Today(10) + "\"}",
                              200);
  BOOST_TEST(communicated->getValue<std::string>("status") == "communicated");
  BOOST_TEST(communicated->isNull("reasons"));
  BOOST_TEST(communicated->isNull("dropped_on"));
  // The case itself shows the revocation under way, with the day the organisation may reply by.
  {
    auto under_way = Detail(revoked)->getArray("revocations");
    BOOST_TEST_REQUIRE(under_way->size() == 1u);
    auto v = under_way->getObject(0);
    BOOST_TEST(v->getValue<long long>("id") == communicated->getValue<long long>("id"));
    BOOST_TEST(v->getValue<std::string>("status") == "communicated");
    BOOST_TEST(v->getValue<std::string>("reply_by") == Today(10));
    BOOST_TEST(v->isNull("reply"));
    BOOST_TEST(v->isNull("replied_at"));
    BOOST_TEST(v->getValue<long long>("decision_id") == Detail(revoked)->getObject("decision")->getValue<long long>("id"));
  }
  auto replied = Command(revoked, "/revocation/reply", intake, R"({"text":"Svar."})", 200);
  BOOST_TEST(replied->getValue<std::string>("reply") == "Svar.");
  BOOST_TEST(!replied->isNull("replied_at"));
  Command(revoked, "/revocation/reply", intake, R"({"text":"Igen."})", 409);
  auto decided = Command(revoked, "/revocation", officer,
                         R"({"reasons":"Brutet.","repayment_sek":45000,"repayment_due":")" + Today(30) + "\"}", 200);
  BOOST_TEST(decided->getValue<std::string>("status") == "revoked");
  BOOST_TEST(decided->getValue<std::string>("reasons") == "Brutet.");
  BOOST_TEST(decided->getValue<std::string>("revoked_on") == Today(0));
  {
    auto after = Detail(revoked);
    BOOST_TEST(after->getValue<std::string>("status") == "revoked");
    auto v = after->getArray("revocations")->getObject(0);
    BOOST_TEST(v->getValue<std::string>("status") == "revoked");
    BOOST_TEST(v->getValue<std::string>("reasons") == "Brutet.");
    BOOST_TEST(v->getValue<std::string>("reply") == "Svar.");
    BOOST_TEST(v->getValue<long long>("repayment_sek") == 45000);
  }

  // Dropped.
  const long long kept = grant(2);
  Command(kept, "/revocation/drop", officer, R"({"reasons":"x"})", 409);  // nothing communicated
  Command(kept, "/revocation/communication", officer, R"({"breach":"Villkoret bröts.","reply_by":")" + Today(10) + "\"}",
          200);
  BOOST_TEST((ErrorFields(Command(kept, "/revocation/drop", officer, "{}", 422)) == std::set<std::string>{"reasons"}));
  Command(kept, "/revocation/drop", auditor, R"({"reasons":"x"})", 403);
  Command(999999, "/revocation/drop", officer, R"({"reasons":"x"})", 404);
  auto dropped = Command(kept, "/revocation/drop", officer, R"({"reasons":"Inte brutet."})", 200);
  BOOST_TEST(dropped->getValue<std::string>("status") == "dropped");
  BOOST_TEST(dropped->getValue<std::string>("dropped_on") == Today(0));
  BOOST_TEST(dropped->getValue<std::string>("reasons") == "Inte brutet.");
  BOOST_TEST(dropped->isNull("revoked_on"));
  {
    auto after = Detail(kept);
    BOOST_TEST(after->getValue<std::string>("status") == "decided");
    BOOST_TEST_REQUIRE(after->getArray("revocations")->size() == 1u);
    BOOST_TEST(after->getArray("revocations")->getObject(0)->getValue<std::string>("status") == "dropped");
  }
  auto letter = server.Get(Path(kept, "/letter?lang=sv&format=html"), officer);
  BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
  ExpectDocumented(letter, "GET", "/api/v1/cases/{id}/letter");
  BOOST_TEST(letter.Header("X-Letter-Type") == "revocation_dropped");
}

BOOST_AUTO_TEST_CASE(TheCalendarAndInspectionsMatchTheDocument) {
  PutStorsalen();
  auto booked = Submit(SampleBooking());
  const long long id = booked->getValue<long long>("case_id");
  BOOST_TEST_REQUIRE(booked->getValue<std::string>("status") == "in_review");
  const std::string calendar = "/api/v1/premises/{id}/calendar";

  auto pending = Read("/api/v1/premises/storsalen/calendar?from=" + BookingDay(-9) + "&to=" + BookingDay(19), calendar, officer);
  BOOST_TEST_REQUIRE(pending->getArray("items")->size() == 1u);
  BOOST_TEST(pending->getArray("items")->getObject(0)->getValue<std::string>("status") == "pending");
  auto bad = Read("/api/v1/premises/storsalen/calendar?from=2027-03-01&to=2027-02-01", calendar, officer, 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"to"}));
  auto none = Read("/api/v1/premises/storsalen/calendar?from=soon", calendar, officer, 422);
  BOOST_TEST((ErrorFields(none) == std::set<std::string>{"from", "to"}));
  Read("/api/v1/premises/lillsalen/calendar?from=" + BookingDay(-9) + "&to=" + BookingDay(19), calendar, officer, 404);
  Read("/api/v1/premises/storsalen/calendar?from=" + BookingDay(-9) + "&to=" + BookingDay(19), calendar, intake, 403);

  // Inspections are for decided bookings.
  const std::string inspection = R"({"planned_on":")" + Today(0) + R"(","reason":"Uppgifter om annan användning."})";
  auto r = server.Post(Path(id, "/inspections"), officer, inspection);
  BOOST_TEST(r.status == 409, r.body);
  ExpectDocumented(r, "POST", "/api/v1/cases/{id}/inspections");
  Command(id, "/decision", officer,
          R"({"outcome":"approved_with_conditions","reasons":"Ok.","conditions":[{"kind":"attendance_cap","due":")" +
              Today(100) + R"(","description":"Högst 120 personer"}]})",
          200);
  auto approved =
      Read("/api/v1/premises/storsalen/calendar?from=" + BookingDay() + "T17:00:00Z&to=" + BookingDay() + "T18:00:00Z",
           calendar, auditor);
  BOOST_TEST_REQUIRE(approved->getArray("items")->size() == 1u);
  BOOST_TEST(approved->getArray("items")->getObject(0)->getValue<std::string>("status") == "approved");

  auto request = [&](const std::string& token, const std::string& body, int expected, long long case_id) {
    auto res = server.Post(Path(case_id, "/inspections"), token, body);
    BOOST_TEST_REQUIRE(res.status == expected, res.body);
    auto parsed = ExpectDocumented(res, "POST", "/api/v1/cases/{id}/inspections").extract<Object::Ptr>();
    if (expected == 201)
      BOOST_TEST(HeaderOf(res, "Location") ==
                 "/api/v1/inspections/" + std::to_string(parsed->getValue<long long>("id")));
    return parsed;
  };
  auto findings = [&](long long inspection_id, const std::string& token, const std::string& body, int expected) {
    auto res = server.Post("/api/v1/inspections/" + std::to_string(inspection_id) + "/findings", token, body);
    BOOST_TEST_REQUIRE(res.status == expected, res.body);
    return ExpectDocumented(res, "POST", "/api/v1/inspections/{id}/findings").extract<Object::Ptr>();
  };
  auto invalid = request(officer, R"({"reason":" "})", 422, id);
  BOOST_TEST((ErrorFields(invalid) == std::set<std::string>{"planned_on", "reason"}));
  request(auditor, inspection, 403, id);
  request(officer, inspection, 404, 999999);

  auto first = request(officer, inspection, 201, id);
  BOOST_TEST(first->isNull("outcome"));
  const long long first_id = first->getValue<long long>("id");
  auto missing = findings(first_id, officer, "{}", 422);
  BOOST_TEST((ErrorFields(missing) == std::set<std::string>{"performed_on", "findings", "outcome"}));
  auto breach_without_condition = findings(
      first_id, officer, R"({"performed_on":")" + Today(0) + R"(","findings":"För många.","outcome":"breach"})", 422);
  BOOST_TEST((ErrorFields(breach_without_condition) == std::set<std::string>{"condition_id"}));
  findings(first_id, auditor, R"({"performed_on":")" + Today(0) + R"(","findings":"x","outcome":"remarks"})", 403);
  findings(999999, officer, R"({"performed_on":")" + Today(0) + R"(","findings":"x","outcome":"remarks"})", 404);

  const long long condition = Detail(id)->getArray("conditions")->getObject(0)->getValue<long long>("id");
  auto breach = findings(first_id, officer,
                         R"({"performed_on":")" + Today(0) +
                             R"(","findings":"Omkring 200 personer i lokalen.","outcome":"breach","condition_id":)" +
                             std::to_string(condition) + "}",
                         200);
  BOOST_TEST(breach->getValue<long long>("condition_id") == condition);
  BOOST_TEST(Detail(id)->getArray("conditions")->getObject(0)->getValue<std::string>("status") == "breached");
  findings(first_id, officer, R"({"performed_on":")" + Today(0) + R"(","findings":"Igen.","outcome":"remarks"})", 409);

  auto second = request(officer, inspection, 201, id);
  auto incident = findings(second->getValue<long long>("id"), officer,
                           R"({"performed_on":")" + Today(0) +
                               R"(","findings":"Lokalen skadades.","outcome":"incident",)"
                               R"("incident":{"kind":"rental_breach"}})",
                           200);
  BOOST_TEST_REQUIRE(!incident->isNull("incident_id"));
  auto incidents = Read("/api/v1/incidents?kind=rental_breach", "/api/v1/incidents", coordinator);
  BOOST_TEST(incidents->getArray("items")->size() == 1u);
}

BOOST_AUTO_TEST_CASE(TheFollowUpRoutesAnswerAuthenticationAndBodyErrorsAsDocumented) {
  struct Call {
    std::string method, path, template_path, role, body;
  };
  const std::vector<Call> calls{
      {"GET", "/api/v1/queue", "/api/v1/queue", "case_officer", ""},
      {"GET", "/api/v1/conditions", "/api/v1/conditions", "case_officer", ""},
      {"POST", "/api/v1/conditions/1/fulfil", "/api/v1/conditions/{id}/fulfil", "case_officer", R"({"evidence":"x"})"},
      {"POST", "/api/v1/conditions/1/breach", "/api/v1/conditions/{id}/breach", "case_officer", R"({"reason":"x"})"},
      {"POST", "/api/v1/conditions/1/waive", "/api/v1/conditions/{id}/waive", "case_officer", R"({"reason":"x"})"},
      {"GET", "/api/v1/premises/storsalen/calendar?from=2027-01-01&to=2027-02-01", "/api/v1/premises/{id}/calendar",
       "case_officer", ""},
      {"POST", "/api/v1/cases/1/inspections", "/api/v1/cases/{id}/inspections", "case_officer",
       R"({"planned_on":"2027-01-01","reason":"x"})"},
      {"POST", "/api/v1/inspections/1/findings", "/api/v1/inspections/{id}/findings", "case_officer",
       R"({"performed_on":"2026-01-01","findings":"x","outcome":"remarks"})"},
  };
  for (const auto& c : calls) {
    BOOST_TEST_CONTEXT(c.method << " " << c.path) {
      for (const std::string token : {"", "gsk_not-a-token"}) {
        auto r = server.Request(c.method, c.path, token, c.body);
        BOOST_TEST(r.status == 401);
        ExpectDocumented(r, c.method, c.template_path);
      }
      if (c.method != "POST") continue;
      for (const std::string body : {"not json", "[1]"}) {
        auto r = server.Request("POST", c.path, officer, body);
        BOOST_TEST(r.status == 400, r.body);
        ExpectDocumented(r, "POST", c.template_path);
      }
      auto text = server.Request("POST", c.path, officer, c.body, "text/plain");
      BOOST_TEST(text.status == 415);
      ExpectDocumented(text, "POST", c.template_path);
      auto big = SendDeclaringOversizedBody(server, "POST", c.path, officer);
      BOOST_TEST(big.status == 413);
      ExpectDocumented(big, "POST", c.template_path);
    }
  }
}

// --- The schemas themselves ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(TheReviewSchemasAcceptTheContractAndRejectWhatItForbids) {
  const std::string advice = "#/components/schemas/AdviceInput";
  BOOST_TEST(Check(R"({"recommendation":"approve","reasoning":"Ok."})", advice).empty());
  BOOST_TEST(
      Check(
          R"({"recommendation":"approve_with_conditions","reasoning":"Ok.","proposed_conditions":["a",{"description":"b"}]})",
          advice)
          .empty());
  BOOST_TEST(Check(R"({"recusal":true,"reason":"Jäv."})", advice).empty());
  BOOST_TEST(!Check(R"({"recusal":true})", advice).empty());
  BOOST_TEST(!Check(R"({"recusal":true,"reason":"Jäv.","recommendation":"approve","reasoning":"Ok."})", advice).empty());
  BOOST_TEST(!Check(R"({"recommendation":"maybe","reasoning":"x"})", advice).empty());
  BOOST_TEST(!Check(R"({"recommendation":"approve"})", advice).empty());

  const std::string decision = "#/components/schemas/DecisionInput";
  const std::string condition = R"([{"kind":"activity_report","due":"2027-12-31","description":"Rapport"}])";
  BOOST_TEST(Check(R"({"outcome":"rejected","reasons":"x"})", decision).empty());
  BOOST_TEST(
      Check(R"({"outcome":"approved_with_conditions","amount_sek":1,"reasons":"x","conditions":)" + condition + "}",
            decision)
          .empty());
  BOOST_TEST(!Check(R"({"outcome":"approved_with_conditions","amount_sek":1,"reasons":"x"})", decision).empty());
  BOOST_TEST(!Check(R"({"outcome":"approved","amount_sek":1,"reasons":"x","conditions":)" + condition + "}", decision)
                  .empty());
  BOOST_TEST(!Check(R"({"outcome":"approved","amount_sek":-1,"reasons":"x"})", decision).empty());
  BOOST_TEST(
      !Check(
           R"({"outcome":"approved_with_conditions","reasons":"x","conditions":[{"kind":"bribe","due":"2027-12-31","description":"d"}]})",
           decision)
           .empty());
  BOOST_TEST(
      !Check(R"({"intended_outcome":"rejected","reasons":"x"})", "#/components/schemas/CommunicationInput").empty());

  // Records: a recusal carries no recommendation; a rejection no revocation clause.
  const std::string member = R"("member":{"user_id":3,"name":"Ledamot","sector":"security"})";
  BOOST_TEST(
      Check(
          R"({"id":1,"referral_id":1,)" + member +
              R"(,"recusal":true,"recommendation":null,"reason":"Jäv.","proposed_conditions":[],"given_at":"2026-01-02T10:00:00Z"})",
          "#/components/schemas/Advice")
          .empty());
  BOOST_TEST(
      !Check(
           R"({"id":1,"referral_id":1,)" + member +
               R"(,"recusal":true,"recommendation":"approve","reason":"Jäv.","proposed_conditions":[],"given_at":"2026-01-02T10:00:00Z"})",
           "#/components/schemas/Advice")
           .empty());
  BOOST_TEST(
      !Check(
           R"({"id":1,"referral_id":1,)" + member +
               R"(,"recusal":false,"recommendation":"approve","reason":"Ok.","proposed_conditions":[],"given_at":"2026-01-02T10:00:00Z"})",
           "#/components/schemas/Advice")
           .empty());
  const std::string rejected =
      R"({"id":1,"outcome":"rejected","amount_sek":null,"reasons":"x","special_reasons":null,"delegation_ref":"punkt 4.2",)"
      R"("revocation_clause":null,"decided_by":{"user_id":2,"name":"H"},"decided_at":"2026-01-02T10:00:00Z","decided_on":"2026-01-02"})";
  BOOST_TEST(Check(rejected, "#/components/schemas/Decision").empty());
  std::string with_clause = rejected;
  with_clause.replace(with_clause.find(R"("revocation_clause":null)"), 24, R"("revocation_clause":"Får återkallas.")");
  BOOST_TEST(!Check(with_clause, "#/components/schemas/Decision").empty());

  // A 409 may carry the case's state, and nothing else in it.
  const std::string conflict =
      R"({"type":"https://granska.example/problems/conflict","title":"t","status":409,"detail":"d")";
  BOOST_TEST(Check(conflict + "}", "#/components/schemas/ConflictProblem").empty());
  BOOST_TEST(Check(conflict + R"(,"current":{"case_id":1,"status":"advised","version":4}})",
                   "#/components/schemas/ConflictProblem")
                 .empty());
  BOOST_TEST(!Check(conflict + R"(,"current":{"case_id":1,"status":"advised","version":4,"x":1}})",
                    "#/components/schemas/ConflictProblem")
                  .empty());
  BOOST_TEST(!Check(conflict + R"(,"current":{"case_id":1,"status":"pending","version":4}})",
                    "#/components/schemas/ConflictProblem")
                  .empty());

  // Pseudonyms are pseudonyms.
  auto pseudonym = [&](const std::string& s) {
    return validator->Validate(Poco::Dynamic::Var(s), "#/components/schemas/Pseudonym").empty();
  };
  BOOST_TEST(pseudonym("Person A"));
  BOOST_TEST(pseudonym("Person B1"));
  BOOST_TEST(pseudonym("Person (ej namngiven i ansökan)"));
  BOOST_TEST(!pseudonym("Anna Andersson"));
  BOOST_TEST(!pseudonym("Person Anna"));
}

// --- Appeals to the administrative court ----------------------------------------------------

BOOST_AUTO_TEST_CASE(AppealsAndTheirOutcomeMatchTheDocument) {
  const long long id = CleanCase(41);
  Command(id, "/decision", officer,
          R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.",)"
          R"("conditions":[{"kind":"activity_report","due":")" +
              Today(60) + R"(","description":"Rapport"}]})",
          200);
  const std::string body = R"({"lodged_on":")" + Today() +
                           R"(","appellant":{"kind":"municipal_member","name":"Karl Svensson"},)"
                           R"("court":"Förvaltningsrätten i Göteborg"})";
  // Recorded: 201 with Location, the AppealRecord.
  auto created = server.Post(Path(id, "/appeals"), officer, body);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  auto appeal = ExpectDocumented(created, "POST", "/api/v1/cases/{id}/appeals").extract<Object::Ptr>();
  const std::string appeal_path = "/api/v1/appeals/" + std::to_string(appeal->getValue<long long>("id"));
  BOOST_TEST(HeaderOf(created, "Location") == appeal_path);
  // The case carries it in `appeals`; one appeal as each reader sees it.
  BOOST_TEST(Detail(id)->getArray("appeals")->size() == 1u);
  Read(appeal_path, "/api/v1/appeals/{id}", officer);
  auto withheld = Read(appeal_path, "/api/v1/appeals/{id}", admin);
  BOOST_TEST(withheld->getObject("appellant")->isNull("name"));
  // Refusals: bad fields (422), a role that may not (403), no such case or appeal (404), a
  // stale If-Match and a status that forbids it (409).
  auto bad = Command(id, "/appeals", officer, R"({"lodged_on":")" + Today(3) + R"(","appellant":{"kind":"x"}})", 422);
  BOOST_TEST((ErrorFields(bad) == std::set<std::string>{"lodged_on", "appellant.kind", "court"}));
  Command(id, "/appeals", auditor, body, 403);
  Command(999999, "/appeals", officer, body, 404);
  ExpectCurrent(Command(id, "/appeals", officer, body, 409, {{"If-Match", "\"99\""}}), id, "decided");
  const long long open = CleanCase(42);
  ExpectCurrent(Command(open, "/appeals", officer, body, 409), open, "in_review");
  Read("/api/v1/appeals/999999", "/api/v1/appeals/{id}", officer, 404);
  Read(appeal_path, "/api/v1/appeals/{id}", intake, 403);

  // The outcome: annulled, the case back in review; then written once (409).
  auto outcome = [&](const std::string& b, const std::string& token, int expected) {
    auto r = server.Post(appeal_path + "/outcome", token, b);
    BOOST_TEST_REQUIRE(r.status == expected, r.body);
    return ExpectDocumented(r, "POST", "/api/v1/appeals/{id}/outcome").extract<Object::Ptr>();
  };
  auto unknown = outcome(R"({"outcome":"overturned","outcome_on":")" + Today() + "\"}", officer, 422);
  BOOST_TEST((ErrorFields(unknown) == std::set<std::string>{"outcome"}));
  outcome(R"({"outcome":"annulled","outcome_on":")" + Today() + "\"}", coordinator, 403);
  auto annulled = outcome(R"({"outcome":"annulled","outcome_on":")" + Today() +
                              R"(","outcome_note":"Upphävt.","court_case_number":"1234-27"})",
                          officer, 200);
  BOOST_TEST(annulled->getValue<std::string>("outcome") == "annulled");
  outcome(R"({"outcome":"rejected","outcome_on":")" + Today() + "\"}", officer, 409);
  auto detail = Detail(id);
  BOOST_TEST(detail->getValue<std::string>("status") == "in_review");
  BOOST_TEST(detail->isNull("decision"));
  auto r = server.Post("/api/v1/appeals/999999/outcome", officer,
                       R"({"outcome":"rejected","outcome_on":")" + Today() + "\"}");
  BOOST_TEST(r.status == 404);
  ExpectDocumented(r, "POST", "/api/v1/appeals/{id}/outcome");
  auto text = server.Request("POST", appeal_path + "/outcome", officer, "{}", "text/plain");
  BOOST_TEST(text.status == 415);
  ExpectDocumented(text, "POST", "/api/v1/appeals/{id}/outcome");

  // The schema keeps the vocabularies and the shape.
  const std::string record = server.Get(appeal_path, officer).body;
  BOOST_TEST(Check(record, "#/components/schemas/AppealRecord").empty(),
             Describe(Check(record, "#/components/schemas/AppealRecord")));
  std::string wrong = record;
  wrong.replace(wrong.find(R"("outcome":"annulled")"), 20, R"("outcome":"overturned")");
  BOOST_TEST(!Check(wrong, "#/components/schemas/AppealRecord").empty());
  std::string extra = record;
  extra.insert(1, R"("verdict":"x",)");
  BOOST_TEST(!Check(extra, "#/components/schemas/AppealRecord").empty());
}

BOOST_AUTO_TEST_CASE(IfMatchIsComparedByRevocationInspectionsAndOutcomesAndClosedBodiesRefuseUnknownMembers) {
  // API review: these commands ignored If-Match, so a revocation could be decided on a case
  // that had changed since the officer read it.
  const long long id = CleanCase(51);
  Command(id, "/decision", officer,
          R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Skäl.","conditions":[)"
          R"({"kind":"activity_report","due":")" + Today(60) + R"(","description":"Rapport"}]})",
          200);
  const std::string notice = R"({"breach":"Villkoret bröts.","reply_by":")" + Today(10) + "\"}";
  const long long events = server.Db().Count("SELECT count(*) FROM events WHERE event <> 'case_file_viewed' AND case_id = " +
                                             std::to_string(id));
  ExpectCurrent(Command(id, "/revocation/communication", officer, notice, 409, {{"If-Match", "\"99\""}}), id,
                "decided");
  Command(id, "/revocation/communication", officer, notice, 400, {{"If-Match", "abc"}});
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM revocations WHERE case_id = " + std::to_string(id)) == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event <> 'case_file_viewed' AND case_id = " +
                               std::to_string(id)) == events);
  Command(id, "/revocation/communication", officer, notice, 200, {{"If-Match", ETag(id)}});
  ExpectCurrent(Command(id, "/revocation/reply", intake, R"({"text":"Svar."})", 409, {{"If-Match", "\"1\""}}), id,
                "decided");
  Command(id, "/revocation/reply", intake, R"({"text":"Svar."})", 200, {{"If-Match", ETag(id)}});
  const std::string stale = ETag(id);
  Command(id, "/minutes-posted", officer, R"({"posted_on":")" + Today() + "\"}", 200);  // the case moves on
  ExpectCurrent(Command(id, "/revocation", officer, R"({"reasons":"Brutet."})", 409, {{"If-Match", stale}}), id,
                "decided");
  ExpectCurrent(Command(id, "/revocation/drop", officer, R"({"reasons":"Inte brutet."})", 409, {{"If-Match", stale}}),
                id, "decided");
  Command(id, "/revocation", officer, R"({"reasons":"Brutet."})", 200, {{"If-Match", ETag(id)}});

  // Closing a condition: the If-Match is of the condition's case; an unknown condition is 404
  // before its fields (an empty body on condition 999999 was a 422).
  const long long condition = server.Db().Count("SELECT min(id) FROM conditions WHERE case_id = " + std::to_string(id));
  const std::string fulfil = "/api/v1/conditions/" + std::to_string(condition) + "/fulfil";
  auto stale_close = server.Request("POST", fulfil, officer, R"({"evidence":"Rapporten kom in."})", "application/json",
                                    {{"If-Match", "\"1\""}});
  BOOST_TEST_REQUIRE(stale_close.status == 409, stale_close.body);
  ExpectCurrent(ExpectDocumented(stale_close, "POST", "/api/v1/conditions/{id}/fulfil").extract<Object::Ptr>(), id,
                "revoked");
  auto unknown = server.Post("/api/v1/conditions/999999/fulfil", officer, "{}");
  BOOST_TEST(unknown.status == 404, unknown.body);
  ExpectDocumented(unknown, "POST", "/api/v1/conditions/{id}/fulfil");

  // Inspections: the request names the case; the findings name the inspection, whose case
  // the If-Match is of.
  PutStorsalen();
  const long long booking = Submit(SampleBooking())->getValue<long long>("case_id");
  Command(booking, "/decision", officer, R"({"outcome":"approved","reasons":"Ok."})", 200);
  const std::string inspection = R"({"planned_on":")" + Today(0) + R"(","reason":"Uppgifter om annan användning."})";
  auto refused = server.Request("POST", Path(booking, "/inspections"), officer, inspection, "application/json",
                                {{"If-Match", "\"99\""}});
  BOOST_TEST_REQUIRE(refused.status == 409, refused.body);
  ExpectCurrent(ExpectDocumented(refused, "POST", "/api/v1/cases/{id}/inspections").extract<Object::Ptr>(), booking,
                "decided");
  auto requested = server.Request("POST", Path(booking, "/inspections"), officer, inspection, "application/json",
                                  {{"If-Match", ETag(booking)}});
  BOOST_TEST_REQUIRE(requested.status == 201, requested.body);
  const std::string findings_path =
      "/api/v1/inspections/" + std::to_string(ParseJson(requested.body).extract<Object::Ptr>()->getValue<long long>("id")) +
      "/findings";
  const std::string findings = R"({"performed_on":")" + Today(0) + R"(","findings":"Inget att anmärka.","outcome":"no_remarks"})";
  auto stale_findings =
      server.Request("POST", findings_path, officer, findings, "application/json", {{"If-Match", "\"1\""}});
  BOOST_TEST_REQUIRE(stale_findings.status == 409, stale_findings.body);
  ExpectDocumented(stale_findings, "POST", "/api/v1/inspections/{id}/findings");
  auto recorded = server.Request("POST", findings_path, officer, findings, "application/json", {{"If-Match", ETag(booking)}});
  BOOST_TEST(recorded.status == 200, recorded.body);

  // An appeal's outcome: the If-Match is of the appeal's case.
  const long long appealed = CleanCase(52);
  Command(appealed, "/decision", officer, R"({"outcome":"approved","amount_sek":45000,"reasons":"Skäl."})", 200);
  auto appeal = Command(appealed, "/appeals", officer,
                        R"({"lodged_on":")" + Today() + R"(","appellant":{"kind":"applicant"},"court":"Förvaltningsrätten i Göteborg"})",
                        201);
  const std::string outcome_path = "/api/v1/appeals/" + std::to_string(appeal->getValue<long long>("id")) + "/outcome";
  const std::string outcome = R"({"outcome":"rejected","outcome_on":")" + Today() + "\"}";
  auto stale_outcome = server.Request("POST", outcome_path, officer, outcome, "application/json", {{"If-Match", "\"1\""}});
  BOOST_TEST_REQUIRE(stale_outcome.status == 409, stale_outcome.body);
  ExpectDocumented(stale_outcome, "POST", "/api/v1/appeals/{id}/outcome");
  auto malformed = server.Request("POST", outcome_path, officer, outcome, "application/json", {{"If-Match", "x"}});
  BOOST_TEST(malformed.status == 400, malformed.body);
  // The closed bodies (additionalProperties: false) refuse a member they do not have, so a
  // misspelt optional field is not silently dropped (API review).
  auto misspelt = server.Post(outcome_path, officer,
                              R"({"outcome":"rejected","outcome_on":")" + Today() + R"(","court_case_numbr":"1-27"})");
  BOOST_TEST_REQUIRE(misspelt.status == 422, misspelt.body);
  BOOST_TEST((ErrorFields(ExpectDocumented(misspelt, "POST", "/api/v1/appeals/{id}/outcome").extract<Object::Ptr>()) ==
              std::set<std::string>{"court_case_numbr"}));
  auto written = server.Request("POST", outcome_path, officer, outcome, "application/json", {{"If-Match", ETag(appealed)}});
  BOOST_TEST(written.status == 200, written.body);
  auto extra_appellant = Command(
      appealed, "/appeals", officer,
      R"({"lodged_on":")" + Today() + R"(","appellant":{"kind":"applicant","x":1},"court":"Förvaltningsrätten i Göteborg"})",
      422);
  BOOST_TEST((ErrorFields(extra_appellant) == std::set<std::string>{"appellant.x"}));
  auto posted = Command(appealed, "/minutes-posted", officer,
                        R"({"posted_on":")" + Today() + R"(","minutes_referense":"KFN 2026-12-01 § 4"})", 422);
  BOOST_TEST((ErrorFields(posted) == std::set<std::string>{"minutes_referense"}));
  Command(999999, "/minutes-posted", officer, R"({"posted_on":"soon"})", 404);  // the case first, then the fields
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM minutes_postings WHERE case_id = " + std::to_string(appealed)) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
