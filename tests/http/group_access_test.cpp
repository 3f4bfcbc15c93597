// What the advisory group (advisory_member, coordinator) and admins may read of a case beyond
// the case itself (security review of the group's access): the group reads a case only once it
// has been referred to it and never one in which the member declared jäv, and where the group
// or an admin reads a case's application, private persons' names are pseudonymised.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <set>

#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "workflow/follow_up.hpp"

using granska::testing::Browser;
using granska::testing::OrgNumberFor;
using granska::testing::Parse;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;
using Poco::JSON::Object;

namespace {

constexpr const char* kPassword = "granska-grupp-2026";

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// The sample application with free text that names its contact (Anna Andersson, Person A)
// and a board member (Omar Lind, Person B).
std::string GrantNamingPersons(const std::string& org) {
  std::string body = SampleGrant(org);
  const std::string description = R"("description":"free text")";
  body.replace(body.find(description), description.size(),
               R"("description":"Ordförande Anna Andersson och kassör omar  lind leder föreningen.")");
  const std::string purpose = R"("purpose":"free text")";
  body.replace(body.find(purpose), purpose.size(), R"("purpose":"Läxhjälp som Omar Lind håller i.")");
  return body;
}

// Sends every message, or refuses them all with an SMTP answer that quotes the address.
class FakeMailer final : public granska::workflow::Mailer {
 public:
  bool refuse = false;
  std::string Send(const std::string& to, const std::string&, const std::string&, const std::string&) override {
    return refuse ? "550 5.1.1 <" + to + ">: Recipient address rejected" : "";
  }
};

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator", "Sara Ek");
  std::string member = Staff("advisory_member", "Johan Berg");
  std::string member2 = server.Token("advisory_member", "Leila Haddad");
  std::string recused = server.Token("advisory_member", "Jävig Ledamot");
  std::string admin = server.Token("admin");
  // A case referred to the group by hand (the question names two of the application's
  // persons) in which `recused` declared jäv, and one never referred. Neither is flagged.
  std::string referred, unreferred;

  Fixture() {
    referred = Submit(GrantNamingPersons(OrgNumberFor(11)));
    auto r = server.Post(Case(referred, "/referral"), officer,
                         R"({"question":"Är Omar Lind samma person som i ärendet om föreningen där Anna Andersson var ordförande?"})");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    r = server.Post(Case(referred, "/advice"), recused, R"({"recusal":true,"reason":"Jag sitter i föreningens styrelse."})");
    BOOST_REQUIRE_EQUAL(r.status, 200);
    unreferred = Submit(SampleGrant(OrgNumberFor(12)));
  }

  std::string Submit(const std::string& body) {
    auto r = server.Post("/api/v1/applications", intake, body);
    BOOST_REQUIRE_EQUAL(r.status, 201);
    BOOST_REQUIRE(Parse(r.body)->getValue<std::string>("status") == "in_review");
    return std::to_string(Parse(r.body)->getValue<long long>("case_id"));
  }
  static std::string Case(const std::string& id, const std::string& tail = "") { return "/api/v1/cases/" + id + tail; }

  // A user with a token (the API) and a password (the pages).
  std::string Staff(const std::string& role, const std::string& name) {
    return server.StaffToken(role, name, kPassword);
  }

  // Approves the case with one condition (due in `due_in_days`).
  void ApproveWithCondition(const std::string& id, const std::string& description, int due_in_days = 200) {
    auto r = server.Post(Case(id, "/decision"), officer,
                         R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.",)"
                         R"("conditions":[{"kind":"activity_report","due":")" +
                             Today(due_in_days) + R"(","description":")" + description + R"("}]})");
    BOOST_REQUIRE_EQUAL(r.status, 200);
  }

  // The case ids of the conditions a reader lists.
  std::set<std::string> ConditionCases(const std::string& token, const std::string& query = "") {
    auto r = server.Get("/api/v1/conditions" + query, token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    std::set<std::string> out;
    auto items = Parse(r.body)->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i)
      out.insert(std::to_string(items->getObject(i)->getValue<long long>("case_id")));
    return out;
  }

  // The timeline events of the case as `token` reads it, by event name.
  std::vector<Object::Ptr> Events(const std::string& id, const std::string& token, const std::string& event) {
    auto r = server.Get(Case(id), token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    std::vector<Object::Ptr> out;
    auto timeline = Parse(r.body)->getArray("timeline");
    for (std::size_t i = 0; i < timeline->size(); ++i)
      if (timeline->getObject(i)->getValue<std::string>("event") == event) out.push_back(timeline->getObject(i));
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(GroupAccess, Fixture)

BOOST_AUTO_TEST_CASE(TheGroupReadsTheSecrecyMarksOfACaseOnlyWhereItMayReadTheCase) {
  for (const auto& id : {referred, unreferred}) {
    auto m = server.Post(Case(id, "/secrecy-marks"), officer,
                         R"({"part":"application.board","ground":"OSL 21 kap. 3 §","reason":"Skyddad identitet."})");
    BOOST_REQUIRE_EQUAL(m.status, 201);
  }
  // Never referred: the group may not read the case, nor its marks.
  BOOST_TEST(server.Get(Case(unreferred), member).status == 403);
  BOOST_TEST(server.Get(Case(unreferred, "/secrecy-marks"), member).status == 403);
  BOOST_TEST(server.Get(Case(unreferred, "/secrecy-marks"), coordinator).status == 403);
  // Jäv: the member may not read the case, nor its marks; another member may.
  BOOST_TEST(server.Get(Case(referred, "/secrecy-marks"), recused).status == 403);
  auto seen = server.Get(Case(referred, "/secrecy-marks"), member);
  BOOST_TEST_REQUIRE(seen.status == 200, seen.body);
  auto items = Parse(seen.body)->getArray("items");
  BOOST_TEST_REQUIRE(items->size() == 1u);
  BOOST_TEST(items->getObject(0)->getValue<std::string>("part") == "application.board");
  // A reason can describe the secret itself: only those who open the whole case file read it.
  BOOST_TEST(items->getObject(0)->isNull("reason"));
  auto file = Parse(server.Get(Case(referred), member).body)->getArray("secrecy_marks");
  BOOST_TEST_REQUIRE(file->size() == 1u);
  BOOST_TEST(file->getObject(0)->isNull("reason"));
  // Outside the group nothing changes: the officer and an admin read both; the admin (who does
  // not open case files) without the reasons.
  for (const auto& token : {officer, admin}) {
    auto r = server.Get(Case(unreferred, "/secrecy-marks"), token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto listed = Parse(r.body)->getArray("items");
    BOOST_TEST_REQUIRE(listed->size() == 1u);
    BOOST_TEST(listed->getObject(0)->isNull("reason") == (token == admin));
    if (token == officer) BOOST_TEST(listed->getObject(0)->getValue<std::string>("reason") == "Skyddad identitet.");
  }
}

// Marking and unmarking is a reading of the case too: the coordinator may not add or remove a
// mark on a case it may not read, and the refusal names nothing of the marks there.
BOOST_AUTO_TEST_CASE(TheCoordinatorMarksOnlyACaseItMayRead) {
  auto m = server.Post(Case(unreferred, "/secrecy-marks"), officer,
                       R"({"part":"application.contact","ground":"OSL 21 kap. 3 §","reason":"Skyddad identitet."})");
  BOOST_TEST_REQUIRE(m.status == 201, m.body);
  const std::string mark = std::to_string(Parse(m.body)->getValue<long long>("id"));
  auto removal = server.Post(Case(unreferred, "/secrecy-marks/" + mark + "/removal"), coordinator,
                             R"({"reason":"behövs inte"})");
  BOOST_TEST(removal.status == 403, removal.body);
  BOOST_TEST(removal.body.find("Skyddad identitet") == std::string::npos, removal.body);
  auto twin = server.Post(Case(unreferred, "/secrecy-marks"), coordinator,
                          R"({"part":"application.contact","ground":"OSL 21 kap. 3 §","reason":"x"})");
  BOOST_TEST(twin.status == 403, twin.body);
  BOOST_TEST(twin.body.find("mark " + mark) == std::string::npos, twin.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM secrecy_marks WHERE removed_at IS NULL AND case_id = " +
                               unreferred) == 1);
  // A referred case the coordinator may read: it marks and unmarks.
  auto own = server.Post(Case(referred, "/secrecy-marks"), coordinator,
                         R"({"part":"application.contact","ground":"OSL 21 kap. 3 §","reason":"Hotbild."})");
  BOOST_TEST_REQUIRE(own.status == 201, own.body);
  const std::string own_id = std::to_string(Parse(own.body)->getValue<long long>("id"));
  BOOST_TEST(server.Post(Case(referred, "/secrecy-marks/" + own_id + "/removal"), coordinator,
                         R"({"reason":"Hotbilden är borta."})")
                 .status == 200);
  // Removing an officer's mark answers with the mark as the coordinator lists it: without the
  // reasons, which can describe the secret itself.
  auto officers = server.Post(Case(referred, "/secrecy-marks"), officer,
                              R"({"part":"application.board","ground":"OSL 21 kap. 3 §","reason":"Skyddad adress, Storgatan 1."})");
  BOOST_TEST_REQUIRE(officers.status == 201, officers.body);
  const std::string officers_id = std::to_string(Parse(officers.body)->getValue<long long>("id"));
  auto removed = server.Post(Case(referred, "/secrecy-marks/" + officers_id + "/removal"), coordinator,
                             R"({"reason":"Uppgiften är inte längre hemlig."})");
  BOOST_TEST_REQUIRE(removed.status == 200, removed.body);
  BOOST_TEST(removed.body.find("Storgatan") == std::string::npos, removed.body);
  BOOST_TEST(Parse(removed.body)->isNull("reason"), removed.body);
  auto as_officer = Parse(server.Get(Case(referred, "/secrecy-marks"), officer).body)->getArray("items");
  for (std::size_t i = 0; i < as_officer->size(); ++i)
    if (std::to_string(as_officer->getObject(i)->getValue<long long>("id")) == officers_id)
      BOOST_TEST(as_officer->getObject(i)->getValue<std::string>("reason") == "Skyddad adress, Storgatan 1.");
}

// The public-access export names every person in the clear: the coordinator, who reads a case
// only pseudonymised and only once referred (and not at all after declaring jäv), does not make
// it for any case, and nothing of the case is in the refusal (review of 2026-12-08).
BOOST_AUTO_TEST_CASE(TheCoordinatorDoesNotExportACaseWithItsNamesInTheClear) {
  for (const auto& id : {referred, unreferred}) {
    auto refused = server.Get(Case(id, "/public-export"), coordinator);
    BOOST_TEST(refused.status == 403, refused.body);
    BOOST_TEST(refused.body.find("Omar") == std::string::npos, refused.body);
    BOOST_TEST(server.Get(Case(id, "/public-export"), officer).status == 200);
  }
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'public_export' AND actor_role = "
                               "'coordinator'") == 0);
}

BOOST_AUTO_TEST_CASE(TheCoordinatorMayNotExportACaseNeverReferredForCve) {
  auto refused = server.Get(Case(unreferred, "/cve-export"), coordinator);
  BOOST_TEST(refused.status == 403);
  BOOST_TEST(refused.body.find("has not been referred") != std::string::npos, refused.body);
  // The case officer exports any case; the coordinator a referred one.
  BOOST_TEST(server.Get(Case(unreferred, "/cve-export"), officer).status == 200);
  auto exported = server.Get(Case(referred, "/cve-export"), coordinator);
  BOOST_TEST_REQUIRE(exported.status == 200, exported.body);
  BOOST_TEST(Parse(exported.body)->getValue<std::string>("case_number") ==
             Parse(server.Get(Case(referred), officer).body)->getValue<std::string>("case_number"));
  // Only the exports made are recorded.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'cve_export' AND case_id = " + unreferred) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'cve_export' AND case_id = " + referred) == 1);
}

BOOST_AUTO_TEST_CASE(ThePacketShowsOnlyTheCaseOutcomeAndDayOfTheOrganisationsOtherDecisions) {
  // Another case of the same organisation, never referred, decided with reasons that name a
  // board member in the clear.
  const std::string other = Submit(SampleGrant(OrgNumberFor(11)));
  auto d = server.Post(Case(other, "/decision"), officer,
                       R"({"outcome":"approved","amount_sek":45000,"reasons":"Omar Lind har redovisat tidigare bidrag.",)"
                       R"("special_reasons":"Särskilt skäl som gäller Omar Lind."})");
  BOOST_REQUIRE_EQUAL(d.status, 200);
  auto decided = Parse(server.Get(Case(other), officer).body);

  auto r = server.Get(Case(referred, "/referral"), member);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto earlier = Parse(r.body)->getArray("earlier_decisions");
  BOOST_TEST_REQUIRE(earlier->size() == 1u);
  auto e = earlier->getObject(0);
  std::vector<std::string> keys;
  e->getNames(keys);
  BOOST_TEST(std::set<std::string>(keys.begin(), keys.end()) ==
                 (std::set<std::string>{"case_number", "outcome", "decided_on"}),
             r.body);
  BOOST_TEST(e->getValue<std::string>("case_number") == decided->getValue<std::string>("case_number"));
  BOOST_TEST(e->getValue<std::string>("outcome") == "approved");
  BOOST_TEST(e->getValue<std::string>("decided_on") ==
             decided->getObject("decision")->getValue<std::string>("decided_on"));
  for (const char* absent : {"har redovisat tidigare bidrag", "Särskilt skäl som gäller", "decided_by"})
    BOOST_TEST(r.body.find(absent) == std::string::npos, absent << " is in the packet");
}

BOOST_AUTO_TEST_CASE(TheGroupListsOnlyTheConditionsOfCasesItMayRead) {
  // The referred case gets the group's advice (three who did not declare jäv), then a decision
  // with a condition; so does the case never referred.
  for (const auto& token : {member, member2, coordinator}) {
    auto a = server.Post(Case(referred, "/advice"), token, R"({"recommendation":"approve","reasoning":"Inga hinder."})");
    BOOST_REQUIRE_EQUAL(a.status, 200);
  }
  ApproveWithCondition(referred, "Verksamhetsberättelse");
  ApproveWithCondition(unreferred, "Ekonomisk redovisning");

  BOOST_TEST(ConditionCases(officer) == (std::set<std::string>{referred, unreferred}));
  BOOST_TEST(ConditionCases(admin) == (std::set<std::string>{referred, unreferred}));
  BOOST_TEST(ConditionCases(member) == (std::set<std::string>{referred}));
  BOOST_TEST(ConditionCases(coordinator) == (std::set<std::string>{referred}));
  // Jäv: not even the case referred.
  BOOST_TEST(ConditionCases(recused).empty());
  // A filter cannot bring the others back.
  BOOST_TEST(ConditionCases(member, "?org_number=" + OrgNumberFor(12)).empty());
  BOOST_TEST(ConditionCases(member, "?status=pending") == (std::set<std::string>{referred}));
  // The case itself answers the same: 403 where the list leaves it out.
  BOOST_TEST(server.Get(Case(unreferred), member).status == 403);
  BOOST_TEST(server.Get(Case(referred), recused).status == 403);
  // The conditions page is the officers' and auditors', not the group's.
  Browser browser(server.Port());
  BOOST_TEST_REQUIRE(browser.SignIn("Johan Berg", kPassword).status == 303);
  auto page = browser.Get("/conditions");
  BOOST_TEST(page.status == 403);
  BOOST_TEST(page.body.find("Ekonomisk redovisning") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(TheAgendaShowsTheGroupTheReferralQuestionWithPseudonymsAsThePacketDoes) {
  auto question_on_agenda = [&](const std::string& token) {
    auto r = server.Get("/api/v1/advisory/agenda", token);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto items = Parse(r.body)->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i)
      if (std::to_string(items->getObject(i)->getObject("case")->getValue<long long>("case_id")) == referred)
        return items->getObject(i)->getObject("referral")->getValue<std::string>("question");
    BOOST_FAIL("the referred case is not on the agenda");
    return std::string();
  };
  const std::string pseudonymised =
      "Är Person B samma person som i ärendet om föreningen där Person A var ordförande?";
  BOOST_TEST(Parse(server.Get(Case(referred, "/referral"), member).body)->getValue<std::string>("question") ==
             pseudonymised);
  BOOST_TEST(question_on_agenda(member) == pseudonymised);
  BOOST_TEST(question_on_agenda(coordinator) == pseudonymised);
  // The member who declared jäv reads nothing of the case: it is not on that member's agenda
  // (API and pages), while the others' agenda counts the recusal.
  auto mine = server.Get("/api/v1/advisory/agenda", recused);
  BOOST_TEST_REQUIRE(mine.status == 200, mine.body);
  auto items = Parse(mine.body)->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i)
    BOOST_TEST(std::to_string(items->getObject(i)->getObject("case")->getValue<long long>("case_id")) != referred);
  // Officers work with the names.
  BOOST_TEST(question_on_agenda(officer).find("Omar Lind") != std::string::npos);
  // The page shows the group what the API does.
  Browser browser(server.Port());
  BOOST_TEST_REQUIRE(browser.SignIn("Johan Berg", kPassword).status == 303);
  auto page = browser.Get("/advisory");
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.body.find("Person B") != std::string::npos, page.body);
  for (const char* name : {"Omar Lind", "Anna Andersson"})
    BOOST_TEST(page.body.find(name) == std::string::npos, name << " is on the agenda page");
  // The CVE export carries the question too, with the same pseudonyms.
  auto cve = server.Get(Case(referred, "/cve-export"), coordinator);
  BOOST_TEST_REQUIRE(cve.status == 200, cve.body);
  BOOST_TEST(Parse(cve.body)->getValue<std::string>("question") == pseudonymised);
}

// An incident's reference is the coordinator's free text, and the screening's explanations quote
// it: where the application names the person it mentions, the group reads the label there too,
// in the packet's evidence, the case's screening and the CVE export (review of 2026-12-08).
BOOST_AUTO_TEST_CASE(AnIncidentReferenceNamingAnApplicantsPersonIsPseudonymisedForTheGroup) {
  const std::string org = OrgNumberFor(13);
  auto i = server.Post("/api/v1/incidents", coordinator,
                       R"({"subject":{"org_number":")" + org + R"("},"kind":"threat","occurred_on":")" + Today(-60) +
                           R"(","source":"court_judgment","verified":true,"reference":"Dom mot Omar Lind, B 12-26"})");
  BOOST_TEST_REQUIRE(i.status == 201, i.body);
  auto s = server.Post("/api/v1/applications", intake, GrantNamingPersons(org));
  BOOST_TEST_REQUIRE(s.status == 201, s.body);
  BOOST_TEST_REQUIRE(Parse(s.body)->getValue<std::string>("status") == "referred");
  const std::string id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  for (const auto& [path, token] : std::vector<std::pair<std::string, std::string>>{
           {Case(id, "/referral"), member}, {Case(id), member}, {Case(id, "/cve-export"), coordinator}}) {
    auto r = server.Get(path, token);
    BOOST_TEST_REQUIRE(r.status == 200, path + ": " + r.body);
    BOOST_TEST(r.body.find("Omar Lind") == std::string::npos, path + ": " + r.body);
    BOOST_TEST(r.body.find("Dom mot Person B, B 12-26") != std::string::npos, path + ": " + r.body);
  }
  // The officer reads the reference as recorded.
  BOOST_TEST(server.Get(Case(id, "/referral"), officer).body.find("Dom mot Omar Lind, B 12-26") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ThePseudonymisedApplicationNamesNoPersonInTheApplicantsFreeText) {
  // The packet and the case as JSON, for the group and for an admin.
  auto packet = Parse(server.Get(Case(referred, "/referral"), member).body)->getObject("application");
  auto as_admin = Parse(server.Get(Case(referred), admin).body)->getObject("application");
  for (const auto& app : {packet, as_admin}) {
    BOOST_TEST(app->getObject("organisation")->getValue<std::string>("description") ==
               "Ordförande Person A och kassör Person B leder föreningen.");
    BOOST_TEST(app->getObject("grant")->getValue<std::string>("purpose") == "Läxhjälp som Person B håller i.");
  }
  // A booking's purpose, with a speaker.
  BOOST_REQUIRE_EQUAL(server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status, 201);
  auto b = server.Post("/api/v1/applications", intake,
                       ReplaceAll(SampleBooking(), R"("purpose":"free text")",
                                  R"("purpose":"Föredrag av Name Surname, Anna Andersson inleder.")"));
  BOOST_REQUIRE_EQUAL(b.status, 201);
  const std::string booking = std::to_string(Parse(b.body)->getValue<long long>("case_id"));
  auto r = server.Get(Case(booking), admin);
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Parse(r.body)->getObject("application")->getObject("booking")->getValue<std::string>("purpose") ==
             "Föredrag av Person B, Person A inleder.");
  // The officer reads the application as submitted.
  auto officer_view = Parse(server.Get(Case(referred), officer).body)->getObject("application");
  BOOST_TEST(officer_view->getObject("grant")->getValue<std::string>("purpose") == "Läxhjälp som Omar Lind håller i.");
}

BOOST_AUTO_TEST_CASE(APseudonymisedReaderSeesNeitherTheRecipientNorTheMailErrorOfAReminder) {
  ApproveWithCondition(unreferred, "Verksamhetsberättelse", 5);
  granska::app::SystemClock clock;
  FakeMailer mailer;
  granska::workflow::FollowUpJob job(server.Runtime().Db(), clock, &mailer, {});
  mailer.refuse = true;
  BOOST_TEST_REQUIRE(job.RunOnce().mails_failed == 1);
  server.Db().Exec("UPDATE outbox SET next_attempt_at = now()");
  mailer.refuse = false;
  BOOST_TEST_REQUIRE(job.RunOnce().mails_sent == 1);

  // The officer sees whom the reminder went to and what the server said.
  auto sent = Events(unreferred, officer, "reminder_sent");
  auto failed = Events(unreferred, officer, "reminder_failed");
  BOOST_TEST_REQUIRE(sent.size() == 1u);
  BOOST_TEST_REQUIRE(failed.size() == 1u);
  BOOST_TEST(sent[0]->getObject("detail")->getValue<std::string>("to") == "anna@example.org");
  BOOST_TEST(failed[0]->getObject("detail")->getValue<std::string>("error").find("anna@example.org") !=
             std::string::npos);

  // An admin (always pseudonymised) sees that it was sent, and when it failed, not to whom or why.
  sent = Events(unreferred, admin, "reminder_sent");
  failed = Events(unreferred, admin, "reminder_failed");
  BOOST_TEST_REQUIRE(sent.size() == 1u);
  BOOST_TEST_REQUIRE(failed.size() == 1u);
  for (const auto& e : {sent[0], failed[0]}) {
    auto detail = e->getObject("detail");
    BOOST_TEST(!detail->has("to"));
    BOOST_TEST(!detail->has("error"));
    BOOST_TEST(detail->getValue<std::string>("subject").find("Påminnelse om villkor") == 0u);
  }
  BOOST_TEST(sent[0]->getObject("detail")->getValue<int>("attempt") == 2);
  BOOST_TEST(failed[0]->getObject("detail")->getValue<int>("retry_in_seconds") == 60);
  BOOST_TEST(server.Get(Case(unreferred), admin).body.find("anna@example.org") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
