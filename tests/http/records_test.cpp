// Records (issue 9, "Privacy and records"): retention under the records plan run by the job
// with a frozen clock, legal holds, secrecy marks on cases and incidents, and the export for
// a public-access request that leaves marked parts out and says where and on which ground.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sys/wait.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include "common/browser.hpp"
#include "common/fixed_clock.hpp"
#include "app/records_plan_file.hpp"
#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/test_server.hpp"
#include "workflow/records_service.hpp"

using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;
using Poco::JSON::Object;

using granska::testing::Parse;

using granska::testing::FixedClock;

namespace {

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }


using granska::testing::Exec;
using granska::testing::Run;

std::string Granska(const std::string& env, const std::string& args) {
  return "cd " + std::string(GRANSKA_SOURCE_DIR) + " && " + env + " " GRANSKA_BINARY " " + args;
}

// The sample grant with a contact person who appears nowhere else in it.
const std::string kSecretName = "Sekreta Kontaktsson";
const std::string kSecretEmail = "sekreta.kontakt@example.org";
const std::string kSecretReasons = "Motiveringen nämner en skyddad uppgift XYZZY-4711.";

std::string GrantWithSecretContact(const std::string& org) {
  std::string g = SampleGrant(org);
  const std::string from = R"("contact":{"name":"Anna Andersson","email":"anna@example.org"})";
  g.replace(g.find(from), from.size(), R"("contact":{"name":")" + kSecretName + R"(","email":")" + kSecretEmail + R"("})");
  return g;
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");
  std::string advisory = server.Token("advisory_member");
  std::string auditor = server.Token("auditor");
  std::string admin = server.Token("admin");
  granska::domain::Date today = granska::app::SystemClock().Today();

  long long Submit(const std::string& body) {
    auto r = server.Post("/api/v1/applications", intake, body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("case_id");
  }
  std::string Path(long long id, const std::string& rest = "") { return "/api/v1/cases/" + std::to_string(id) + rest; }
  // An approved grant (grant_approved: 10 years from the decision or the last condition).
  long long Approved(int n, const std::string& reasons = "Föreningen uppfyller villkoren.") {
    const long long id = Submit(n < 0 ? GrantWithSecretContact(OrgNumberFor(-n)) : SampleGrant(OrgNumberFor(n)));
    auto d = server.Post(Path(id, "/decision"), officer,
                         R"({"outcome":"approved","amount_sek":45000,"reasons":")" + reasons + R"("})");
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
    return id;
  }
  granska::workflow::RetentionReport Cull(granska::domain::Date on) {
    FixedClock clock(on);
    granska::workflow::RetentionJob job(server.Runtime().Db(), clock, server.Runtime().RecordsPlan(), 2);
    return job.RunOnce();
  }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  std::string Id(long long id) { return std::to_string(id); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Records, Fixture)

// ---- Retention -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(TheJobCullsWhatHasRunOutAndKeepsWhatIsInsideItsPeriodOrHeld) {
  const long long culled = Approved(1);
  const long long inside = Approved(2);
  const long long held = Approved(3);
  const long long withdrawn = Submit(SampleGrant(OrgNumberFor(4)));
  BOOST_TEST_REQUIRE(server.Post(Path(withdrawn, "/withdraw"), intake, "{}").status == 200);
  // Decided a day later: still inside its ten years on the day the first one runs out.
  server.Db().Exec("UPDATE decisions SET decided_on = decided_on + 1 WHERE case_id = " + Id(inside));
  auto hold = server.Post(Path(held, "/legal-hold"), auditor, R"({"reason":"JO-anmälan, dnr 1234-2026"})");
  BOOST_TEST_REQUIRE(hold.status == 201, hold.body);
  const std::string culled_number = Parse(server.Get(Path(culled), officer).body)->getValue<std::string>("case_number");
  // The posting of the minutes is the case's too (its reference is free text).
  BOOST_TEST_REQUIRE(server.Post(Path(culled, "/minutes-posted"), officer,
                                 R"({"posted_on":")" + Parse(server.Get(Path(culled), officer).body)
                                                           ->getObject("appeal")->getValue<std::string>("decided_on") +
                                     R"(","minutes_reference":"KFN § 7"})").status == 200);

  // Ten years after the decision the grant is due; the withdrawn grant (5 years) too.
  auto report = Cull(today.AddYears(10));
  BOOST_TEST(report.cases_culled == 2);
  BOOST_TEST(report.held_skipped == 1);

  auto gone = server.Get(Path(culled), officer);
  BOOST_TEST(gone.status == 404);
  BOOST_TEST(Contains(gone.body, "culled"), gone.body);
  BOOST_TEST(Contains(gone.body, "4.2.1"), gone.body);
  for (const char* table : {"applications", "screenings", "decisions", "letters", "secrecy_marks", "minutes_postings"})
    BOOST_TEST(Count(std::string("SELECT count(*) FROM ") + table + " WHERE case_id = " + Id(culled)) == 0, table);
  // The registration stays, so the number stays taken.
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE culled_class = 'grant_approved' AND culled_rule = '4.2.1' AND id = " +
                   Id(culled)) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE culled_class = 'grant_rejected' AND id = " + Id(withdrawn)) == 1);
  // The event says what was culled under which rule, and carries no personal data.
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'culled' AND case_id = " + Id(culled) +
                   " AND detail->>'record_class' = 'grant_approved' AND detail->>'rule' = '4.2.1' "
                   "AND detail->>'case_number' = '" + culled_number + "'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'culled' AND (detail::text LIKE '%Anna%' OR "
                   "detail::text LIKE '%example.org%' OR detail::text LIKE '%Exempel%')") == 0);
  // Kept: just inside the period, and under hold (visible in the case view).
  BOOST_TEST(server.Get(Path(inside), officer).status == 200);
  auto kept = server.Get(Path(held), officer);
  BOOST_TEST_REQUIRE(kept.status == 200);
  auto hold_view = Parse(kept.body)->getObject("legal_hold");
  BOOST_TEST_REQUIRE(!hold_view.isNull());
  BOOST_TEST(hold_view->getValue<std::string>("reason") == "JO-anmälan, dnr 1234-2026");
  // Culled cases leave the lists; a second run culls nothing more.
  BOOST_TEST(!Contains(server.Get("/api/v1/cases?limit=200", officer).body, culled_number));
  BOOST_TEST(Cull(today.AddYears(10)).cases_culled == 0);
  // Actions on a culled case are refused as for a missing one.
  BOOST_TEST(server.Post(Path(culled, "/legal-hold"), admin, R"({"reason":"x"})").status == 404);
  BOOST_TEST(server.Post(Path(culled, "/secrecy-marks"), officer,
                         R"({"part":"screening","ground":"OSL 21 kap. 7 §","reason":"x"})").status == 404);

  // Numbers are never given out again.
  const long long next = Submit(SampleGrant(OrgNumberFor(5)));
  const std::string next_number = Parse(server.Get(Path(next), officer).body)->getValue<std::string>("case_number");
  BOOST_TEST(next_number != culled_number);
  BOOST_TEST(next_number > culled_number);
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE case_number = '" + culled_number + "'") == 1);

  // The audit trail still verifies after culling.
  const long long events = Count("SELECT count(*) FROM events");
  long long sealed = Count("SELECT count(*) FROM event_chain");
  for (int i = 0; i < 100 && sealed < events; ++i) {
    auto s = Exec(Granska("GRANSKA_DB='" + server.Db().AppConnection() + "'", "audit seal"));
    BOOST_TEST_REQUIRE(s.code == 0, s.out);
    sealed = Count("SELECT count(*) FROM event_chain");
  }
  BOOST_TEST_REQUIRE(sealed == events);
  auto verify = Exec(Granska("GRANSKA_DB='" + server.Db().AppConnection() + "'", "audit verify"));
  BOOST_TEST(verify.code == 0, verify.out);
}

BOOST_AUTO_TEST_CASE(ReleasingAHoldLetsTheNextRunCullTheCase) {
  const long long id = Approved(11);
  BOOST_TEST_REQUIRE(server.Post(Path(id, "/legal-hold"), admin, R"({"reason":"Revision pågår"})").status == 201);
  BOOST_TEST(Cull(today.AddYears(11)).held_skipped >= 1);
  BOOST_TEST(server.Get(Path(id), officer).status == 200);
  auto released = server.Post(Path(id, "/legal-hold/release"), auditor, R"({"reason":"Revisionen avslutad"})");
  BOOST_TEST_REQUIRE(released.status == 200, released.body);
  BOOST_TEST(!Parse(released.body)->isNull("released_at"));
  BOOST_TEST(Parse(server.Get(Path(id), officer).body)->isNull("legal_hold"));
  BOOST_TEST(Cull(today.AddYears(11)).cases_culled >= 1);
  BOOST_TEST(server.Get(Path(id), officer).status == 404);
  BOOST_TEST(Count("SELECT count(*) FROM legal_holds WHERE released_at IS NOT NULL AND case_id = " + Id(id)) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + Id(id) +
                   " AND event IN ('legal_hold_placed', 'legal_hold_released', 'culled')") == 3);
}

BOOST_AUTO_TEST_CASE(AHoldOrARevocationThatArrivesAfterTheJobReadTheCaseWins) {
  using granska::workflow::RecordClass;
  using granska::workflow::RetentionTrigger;
  const long long held = Approved(71);
  const long long revoking = Approved(72);
  const auto cutoff = today.AddYears(1);
  auto uow = server.Runtime().Db().Begin();
  auto due = uow->Records().DueCases(RecordClass::kGrantApproved, RetentionTrigger::kSettled, cutoff, 0, 10);
  BOOST_TEST_REQUIRE(due.size() == 2u);
  // Both change, each in its own committed transaction, after the job's read.
  BOOST_TEST_REQUIRE(server.Post(Path(held, "/legal-hold"), auditor, R"({"reason":"Tvist"})").status == 201);
  auto notice = server.Post(Path(revoking, "/revocation/communication"), officer,
                            R"({"breach":"Villkoren har inte följts.","democracy_reason":false,"reply_by":")" +
                                today.AddDays(14).ToString() + R"("})");
  BOOST_TEST_REQUIRE(notice.status == 200, notice.body);
  const std::vector<std::int64_t> ids{held, revoking};
  BOOST_TEST(uow->Records().LockStillDue(ids, RecordClass::kGrantApproved, RetentionTrigger::kSettled, cutoff).empty());
}

BOOST_AUTO_TEST_CASE(AGrantWithAnOpenConditionIsNeverCulled) {
  const long long id = Submit(SampleGrant(OrgNumberFor(21)));
  auto d = server.Post(Path(id, "/decision"), officer,
                       R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Villkor gäller.",
                           "conditions":[{"kind":"activity_report","due":")" + today.AddDays(30).ToString() +
                           R"(","description":"Verksamhetsberättelse"}]})");
  BOOST_TEST_REQUIRE(d.status == 200, d.body);
  Cull(today.AddYears(30));
  BOOST_TEST(server.Get(Path(id), officer).status == 200);
}

// Review: an audit's item about a culled case kept its checklist ("Beviljat 45000 kr…") and the
// auditor's finding naming a private person, after GET /cases/{id} had become 404. The item stays
// (case number, place in the sample, why it was drawn), its checklist is emptied and its
// findings deleted, in the transaction that culls the case; the other case's item is untouched.
BOOST_AUTO_TEST_CASE(CullingACaseTakesItsAuditChecklistAndFindingsButKeepsTheItem) {
  const long long culled = Approved(31);
  const long long kept = Approved(32);
  server.Db().Exec("UPDATE decisions SET decided_on = decided_on + 1 WHERE case_id = " + Id(kept));
  auto created = server.Post("/api/v1/audits", auditor,
                             R"({"from":")" + today.AddDays(-1).ToString() + R"(","to":")" +
                                 today.AddDays(1).ToString() + R"(","sample_size":2,"seed":1})");
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  const std::string audit = "/api/v1/audits/" + std::to_string(Parse(created.body)->getValue<long long>("id"));
  const std::string secret = "Kontaktpersonen Anna Andersson lämnade rapporten sent.";
  BOOST_TEST_REQUIRE(server.Post(audit + "/items/" + Id(culled) + "/findings", auditor,
                                 R"({"severity":"minor","text":")" + secret + R"("})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(audit + "/items/" + Id(kept) + "/findings", auditor,
                                 R"({"severity":"info","text":"Verksamhetsberättelsen saknar datum."})").status == 200);
  const std::string culled_number = Parse(server.Get(Path(culled), officer).body)->getValue<std::string>("case_number");

  BOOST_TEST_REQUIRE(Cull(today.AddYears(10)).cases_culled == 1);
  BOOST_TEST_REQUIRE(server.Get(Path(culled), officer).status == 404);

  auto got = server.Get(audit, auditor);
  BOOST_TEST_REQUIRE(got.status == 200, got.body);
  BOOST_TEST(!Contains(got.body, "Anna Andersson"), got.body);
  auto sample = Parse(got.body)->getArray("sample");
  BOOST_TEST_REQUIRE(sample->size() == 2u);
  for (std::size_t i = 0; i < sample->size(); ++i) {
    auto item = sample->getObject(i);
    if (item->getValue<long long>("case_id") == culled) {
      BOOST_TEST(item->getValue<std::string>("case_number") == culled_number);
      BOOST_TEST(item->getValue<std::string>("why") == "random");
      BOOST_TEST(item->getArray("checklist")->size() == 0u);
      BOOST_TEST(item->getArray("findings")->size() == 0u);
    } else {
      BOOST_TEST(item->getArray("checklist")->size() == 5u);
      BOOST_TEST(item->getArray("findings")->size() == 1u);
    }
  }
  // What went is counted in the culled event (application, screening, decision, letter, finding,
  // checklist, …); the audit_finding event names the case and severity only.
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'culled' AND case_id = " + Id(culled) +
                   " AND (detail->>'rows_deleted')::int >= 5") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE detail::text LIKE '%Anna Andersson%'") == 0);
  // The report says the case was culled, not what it held.
  auto report = server.Get(audit + "/report?format=html", auditor);
  BOOST_TEST(Contains(report.body, "Ärendet har gallrats enligt dokumenthanteringsplanen"), report.body);
  BOOST_TEST(!Contains(report.body, "Anna Andersson"));
  BOOST_TEST(Contains(server.Get(audit + "/report?format=html&lang=en", auditor).body,
                      "The case has been culled under the records plan"));
  // So does the audit's page, where the culled item's checklist was an empty table.
  BOOST_TEST_REQUIRE(static_cast<bool>(server.Runtime().Sessions().SetPasswordByName(
      granska::domain::Actor{}, "auditor user", "granska-revision-2026")));
  granska::testing::Browser browser(server.Port());
  BOOST_TEST_REQUIRE(browser.SignIn("auditor user", "granska-revision-2026").status == 303);
  auto page = browser.Get(audit.substr(std::string("/api/v1").size()));
  BOOST_TEST_REQUIRE(page.status == 200, page.body);
  BOOST_TEST(Contains(page.body, "Ärendet har gallrats enligt dokumenthanteringsplanen"), page.body);
  BOOST_TEST(!Contains(page.body, "Anna Andersson"));
  // No new finding about a culled case: 404 naming the cull, as for the case itself.
  auto late = server.Post(audit + "/items/" + Id(culled) + "/findings", auditor, R"({"severity":"minor","text":"x"})");
  BOOST_TEST(late.status == 404);
  BOOST_TEST(Contains(late.body, "culled"), late.body);
  BOOST_TEST(server.Post(audit + "/items/" + Id(kept) + "/findings", auditor, R"({"severity":"minor","text":"y"})")
                 .status == 200);
}

BOOST_AUTO_TEST_CASE(OldIncidentsAndEndedSessionsAreCulledRecentOnesKept) {
  auto record = [&](const std::string& occurred) {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"org_number":"802456-7896"},"kind":"threat","occurred_on":")" + occurred +
                             R"(","source":"police_report","verified":true,"reference":"K-1","summary":"s"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("id");
  };
  const long long old_one = record(today.AddYears(-7).ToString());
  const long long recent = record(today.AddYears(-5).ToString());
  BOOST_TEST_REQUIRE(server.Post("/api/v1/incidents/" + Id(old_one) + "/secrecy-marks", coordinator,
                                 R"({"part":"summary","ground":"OSL 18 kap. 1 §","reason":"Pågående utredning"})")
                         .status == 201);
  server.Db().Exec(
      "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) SELECT repeat('a', 64), min(id), "
      "repeat('c', 40), now() - interval '200 days' FROM users");
  auto report = Cull(today);
  BOOST_TEST(report.incidents_culled == 1);
  BOOST_TEST(report.sessions_deleted == 1);
  BOOST_TEST(Count("SELECT count(*) FROM incidents WHERE id = " + Id(old_one)) == 0);
  BOOST_TEST(Count("SELECT count(*) FROM incidents WHERE id = " + Id(recent)) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'incident_culled' AND detail->>'incident_id' = '" +
                   Id(old_one) + "' AND detail->>'rule' = '4.5.1'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'sessions_culled'") == 1);
}

// An incident whose marked reference a kept case's screening quotes (DV-1's explanation) is
// linked to that case: culling it would delete its mark, and the case's export would then print
// the reference (review of 2026-12-08). It stays until the case is culled, and goes in the run
// that culls the case. A marked incident nothing quotes goes when due, as before.
BOOST_AUTO_TEST_CASE(AnIncidentWhoseMarkedPartAKeptCaseQuotesStaysUntilThatCaseIsCulled) {
  auto record = [&](int org, const std::string& reference) {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"org_number":")" + OrgNumberFor(org) + R"("},"kind":"threat","occurred_on":")" +
                             today.AddDays(-300).ToString() + R"(","source":"court_judgment","verified":true,"reference":")" +
                             reference + R"("})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    const long long id = Parse(r.body)->getValue<long long>("id");
    BOOST_TEST_REQUIRE(server.Post("/api/v1/incidents/" + Id(id) + "/secrecy-marks", coordinator,
                                   R"({"part":"reference","ground":"OSL 18 kap. 1 §","reason":"Pågående förundersökning"})")
                           .status == 201);
    return id;
  };
  const long long quoted = record(33, "Göteborgs tingsrätt B 5150-25");
  const long long unquoted = record(34, "Borås tingsrätt B 6160-25");
  const long long flagged = Submit(SampleGrant(OrgNumberFor(33)));
  BOOST_TEST_REQUIRE(Count("SELECT count(*) FROM screenings WHERE result_json::text LIKE '%B 5150-25%' AND case_id = " +
                           Id(flagged)) == 1);
  auto report = Cull(today.AddYears(7));
  BOOST_TEST(report.incidents_culled == 1);
  BOOST_TEST(Count("SELECT count(*) FROM incidents WHERE id = " + Id(unquoted)) == 0);
  BOOST_TEST(Count("SELECT count(*) FROM incidents WHERE id = " + Id(quoted)) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM secrecy_marks WHERE removed_at IS NULL AND incident_id = " + Id(quoted)) == 1);
  auto exported = server.Get(Path(flagged, "/public-export"), officer);
  BOOST_TEST_REQUIRE(exported.status == 200, exported.body);
  BOOST_TEST(!Contains(exported.body, "B 5150-25"), exported.body);
  // Withdrawn, the case is due five years on; the incident goes in the same run.
  BOOST_TEST_REQUIRE(server.Post(Path(flagged, "/withdraw"), intake, "{}").status == 200);
  report = Cull(today.AddYears(7));
  BOOST_TEST(report.cases_culled == 1);
  BOOST_TEST(report.incidents_culled == 1);
  BOOST_TEST(Count("SELECT count(*) FROM incidents WHERE id = " + Id(quoted)) == 0);
}

// ---- Legal holds ---------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(LegalHoldsArePlacedByAdminOrAuditorOnlyWithAReason) {
  const long long id = Approved(31);
  for (const auto* token : {&intake, &officer, &coordinator, &advisory})
    BOOST_TEST(server.Post(Path(id, "/legal-hold"), *token, R"({"reason":"x"})").status == 403);
  BOOST_TEST(server.Post(Path(999999, "/legal-hold"), admin, R"({"reason":"x"})").status == 404);
  BOOST_TEST(server.Post("/api/v1/cases/abc/legal-hold", admin, R"({"reason":"x"})").status == 404);
  auto blank = server.Post(Path(id, "/legal-hold"), admin, R"({"reason":"  "})");
  BOOST_TEST(blank.status == 422);
  BOOST_TEST(Contains(blank.body, R"("field":"reason")"), blank.body);
  BOOST_TEST(Count("SELECT count(*) FROM legal_holds") == 0);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event LIKE 'legal_hold%'") == 0);
  BOOST_TEST(server.Post(Path(id, "/legal-hold/release"), admin, R"({"reason":"x"})").status == 409);
  BOOST_TEST(server.Post(Path(id, "/legal-hold"), admin, R"({"reason":"Överklagat"})").status == 201);
  BOOST_TEST(server.Post(Path(id, "/legal-hold"), auditor, R"({"reason":"again"})").status == 409);
  BOOST_TEST(server.Post(Path(id, "/legal-hold/release"), officer, R"({"reason":"x"})").status == 403);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'legal_hold_placed' AND case_id = " + Id(id)) == 1);
}

// ---- Secrecy marks and the public-access export ---------------------------------------------

BOOST_AUTO_TEST_CASE(MarkedPartsNeverAppearInTheExportAndTheNoteNamesTheGround) {
  const long long id = Approved(-41, kSecretReasons);
  auto mark = server.Post(Path(id, "/secrecy-marks"), officer,
                          R"({"part":"application.contact","ground":"OSL 21 kap. 3 §","reason":"Skyddad identitet"})");
  BOOST_TEST_REQUIRE(mark.status == 201, mark.body);
  auto mark2 = server.Post(Path(id, "/secrecy-marks"), officer,
                           R"({"part":"decision.reasons","ground":"OSL 18 kap. 8 §","reason":"Säkerhetsåtgärd"})");
  BOOST_TEST_REQUIRE(mark2.status == 201, mark2.body);
  // Before the export, the secret texts are in the case (the test would prove nothing otherwise).
  auto detail = server.Get(Path(id), officer);
  BOOST_TEST(Contains(detail.body, kSecretName));
  BOOST_TEST(Contains(detail.body, "XYZZY-4711"));
  BOOST_TEST(Parse(detail.body)->getArray("secrecy_marks")->size() == 2u);

  for (const std::string query : {"", "?format=html", "?lang=en", "?lang=en&format=html"}) {
    auto e = server.Get(Path(id, "/public-export" + query), officer);
    BOOST_TEST_CONTEXT(query) {
      BOOST_TEST_REQUIRE(e.status == 200, e.body);
      BOOST_TEST(!Contains(e.body, kSecretName));
      BOOST_TEST(!Contains(e.body, kSecretEmail));
      BOOST_TEST(!Contains(e.body, "Sekreta"));
      BOOST_TEST(!Contains(e.body, "XYZZY"));
      BOOST_TEST(Contains(e.body, "OSL 21 kap. 3 §"));
      BOOST_TEST(Contains(e.body, "OSL 18 kap. 8 §"));
      BOOST_TEST(Contains(e.body, "Föreningen Exempel"));  // what is not marked is released
      const bool en = Contains(query, "en");
      BOOST_TEST(Contains(e.body, en ? "Left out under OSL 21 kap. 3 §" : "Utelämnat enligt OSL 21 kap. 3 §"), e.body);
      if (Contains(query, "html")) BOOST_TEST(Contains(e.Header("Content-Type"), "text/html"));
    }
  }
  auto json = Parse(server.Get(Path(id, "/public-export"), auditor).body);
  BOOST_TEST(json->getArray("omissions")->size() == 2u);
  BOOST_TEST(json->getValue<std::string>("case_number") == Parse(detail.body)->getValue<std::string>("case_number"));
  // Every export is recorded, naming what was left out, never the text itself.
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'public_export' AND case_id = " + Id(id)) == 5);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE detail::text LIKE '%XYZZY%' OR detail::text LIKE '%Sekreta%' "
                   "OR detail::text LIKE '%Skyddad identitet%'") == 0);

  // Removing a mark releases the part again, and is recorded.
  const long long mark_id = Parse(mark.body)->getValue<long long>("id");
  auto removed = server.Post(Path(id, "/secrecy-marks/" + Id(mark_id) + "/removal"), officer,
                             R"({"reason":"Uppgiften är inte längre skyddad"})");
  BOOST_TEST_REQUIRE(removed.status == 200, removed.body);
  BOOST_TEST(!Parse(removed.body)->isNull("removed_at"));
  BOOST_TEST(server.Post(Path(id, "/secrecy-marks/" + Id(mark_id) + "/removal"), officer, R"({"reason":"x"})").status ==
             409);
  auto after = server.Get(Path(id, "/public-export"), officer);
  BOOST_TEST(Contains(after.body, kSecretName));
  BOOST_TEST(!Contains(after.body, "XYZZY"));
  BOOST_TEST(Parse(server.Get(Path(id, "/secrecy-marks"), auditor).body)->getArray("items")->size() == 2u);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'secrecy_mark_removed' AND case_id = " + Id(id)) == 1);
}

BOOST_AUTO_TEST_CASE(TheExportCarriesRevocationsAndAppealsAndTheirMarksLeaveTheTextsOut) {
  const long long id = Approved(61);
  const std::string rv = Path(id, "/revocation");
  // A revocation communicated, answered and dropped, then a second one revoked; an appeal of it.
  BOOST_TEST_REQUIRE(server.Post(rv + "/communication", officer,
                                 R"({"breach":"Grunden BREACH-ONE.","reply_by":")" + Today(10) + "\"}").status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv + "/reply", intake, R"({"text":"Svaret REPLY-ONE."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv + "/drop", officer, R"({"reasons":"Skälen DROP-ONE."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv + "/communication", officer,
                                 R"({"breach":"Grunden BREACH-TWO.","repayment_sek":45000,"reply_by":")" + Today(10) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv + "/reply", intake, R"({"text":"Svaret REPLY-TWO."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post(rv, officer, R"({"reasons":"Skälen REVOKE-TWO.","repayment_sek":45000,"repayment_due":")" +
                                                  Today(30) + "\"}").status == 200);
  auto appeal = server.Post(Path(id, "/appeals"), officer,
                            R"({"lodged_on":")" + Today() +
                                R"(","appellant":{"kind":"municipal_member","name":"Klagande APPELLANT-NAME"},"court":"Förvaltningsrätten i Göteborg"})");
  BOOST_TEST_REQUIRE(appeal.status == 201, appeal.body);

  auto json = Parse(server.Get(Path(id, "/public-export"), officer).body);
  std::vector<std::string> titles;
  auto documents = json->getArray("documents");
  for (std::size_t i = 0; i < documents->size(); ++i) titles.push_back(documents->getObject(i)->getValue<std::string>("title"));
  for (const std::string t : {"Återkallelse 1", "Återkallelse 2", "Överklaganden"})
    BOOST_TEST((std::find(titles.begin(), titles.end(), t) != titles.end()), t);
  auto all = server.Get(Path(id, "/public-export?format=html"), officer);
  for (const char* text : {"BREACH-ONE", "REPLY-ONE", "DROP-ONE", "avslutad utan återkallelse", "BREACH-TWO",
                           "REPLY-TWO", "REVOKE-TWO", "beslutet återkallat", "45000", "APPELLANT-NAME",
                           "Förvaltningsrätten i Göteborg", "inte avgjort"})
    BOOST_TEST(Contains(all.body, text), text);
  auto en = server.Get(Path(id, "/public-export?lang=en"), officer);
  BOOST_TEST(Contains(en.body, "Reasons for not revoking"));
  BOOST_TEST(Contains(en.body, "closed without revoking"));

  // Marks on the revocation's texts, its reply and the appellant's name leave them out.
  for (const char* part : {"revocation", "revocation.reply", "appeals.appellant"}) {
    auto m = server.Post(Path(id, "/secrecy-marks"), officer,
                         std::string(R"({"part":")") + part + R"(","ground":"OSL 21 kap. 1 §","reason":"Känsligt"})");
    BOOST_TEST_REQUIRE(m.status == 201, m.body);
  }
  for (const std::string query : {"", "?format=html", "?lang=en"}) {
    auto e = server.Get(Path(id, "/public-export" + query), officer);
    BOOST_TEST_CONTEXT(query) {
      BOOST_TEST_REQUIRE(e.status == 200, e.body);
      for (const char* text : {"BREACH-ONE", "REPLY-ONE", "DROP-ONE", "BREACH-TWO", "REPLY-TWO", "REVOKE-TWO",
                               "APPELLANT-NAME"})
        BOOST_TEST(!Contains(e.body, text), text);
      BOOST_TEST(Contains(e.body, "Förvaltningsrätten i Göteborg"), "what is not marked is released");
      BOOST_TEST(Contains(e.body, "OSL 21 kap. 1 §"));
    }
  }
  BOOST_TEST(Parse(server.Get(Path(id, "/public-export"), officer).body)->getArray("omissions")->size() == 3u);
}

BOOST_AUTO_TEST_CASE(SecrecyMarksAreCheckedForRoleCaseAndEveryField) {
  const long long id = Approved(51);
  const std::string body = R"({"part":"screening","ground":"OSL 21 kap. 7 §","reason":"r"})";
  for (const auto* token : {&intake, &advisory, &auditor, &admin})
    BOOST_TEST(server.Post(Path(id, "/secrecy-marks"), *token, body).status == 403);
  BOOST_TEST(server.Post(Path(999999, "/secrecy-marks"), officer, body).status == 404);
  auto bad = server.Post(Path(id, "/secrecy-marks"), officer, R"({"part":"nope","ground":"OSL 99 kap. 1 §","reason":" "})");
  BOOST_TEST(bad.status == 422);
  for (const char* field : {R"("field":"part")", R"("field":"ground")", R"("field":"reason")"})
    BOOST_TEST(Contains(bad.body, field), bad.body);
  auto wrong_type = server.Post(Path(id, "/secrecy-marks"), officer, R"({"part":5,"ground":"OSL 21 kap. 7 §","reason":"r"})");
  BOOST_TEST(wrong_type.status == 422);
  BOOST_TEST(Contains(wrong_type.body, R"("field":"part")"), wrong_type.body);
  // Nothing half-written.
  BOOST_TEST(Count("SELECT count(*) FROM secrecy_marks") == 0);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'secrecy_marked'") == 0);
  BOOST_TEST(server.Post(Path(id, "/secrecy-marks"), officer, body).status == 201);
  BOOST_TEST(server.Post(Path(id, "/secrecy-marks"), officer, body).status == 409);
  // The coordinator marks only a case it may read (one referred to the group).
  BOOST_TEST(server.Post(Path(id, "/secrecy-marks"), coordinator, body).status == 403);
  BOOST_TEST(server.Post(Path(id, "/secrecy-marks/999999/removal"), officer, R"({"reason":"x"})").status == 404);
  // The export: who may, which parameters.
  // The export names everyone in the clear: not for the coordinator (who reads cases
  // pseudonymised) nor the administrator (who needs no applicant's names).
  for (const auto* token : {&intake, &advisory, &coordinator, &admin})
    BOOST_TEST(server.Get(Path(id, "/public-export"), *token).status == 403);
  BOOST_TEST(server.Get(Path(999999, "/public-export"), officer).status == 404);
  auto lang = server.Get(Path(id, "/public-export?lang=de&format=pdf"), officer);
  BOOST_TEST(lang.status == 422);
  BOOST_TEST(Contains(lang.body, R"("field":"lang")"), lang.body);
  BOOST_TEST(Contains(lang.body, R"("field":"format")"), lang.body);
  auto e = server.Get(Path(id, "/public-export"), auditor);
  BOOST_TEST(e.status == 200);
  BOOST_TEST(!Contains(e.body, "DV-"));  // a marked screening is left out whole, rule ids included
  BOOST_TEST(Contains(e.body, "OSL 21 kap. 7 §"));
}

BOOST_AUTO_TEST_CASE(IncidentMarksLeaveTheSubjectAndSummaryOutOfItsExport) {
  auto r = server.Post("/api/v1/incidents", coordinator,
                       R"({"subject":{"person":"Hemlig Personsson"},"kind":"threat","occurred_on":")" +
                           today.AddDays(-30).ToString() +
                           R"(","source":"police_report","verified":true,"reference":"K-555","summary":"QWERTY-uppgift"})");
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  const std::string id = Id(Parse(r.body)->getValue<long long>("id"));
  const std::string marks = "/api/v1/incidents/" + id + "/secrecy-marks";
  BOOST_TEST(server.Post(marks, auditor, R"({"part":"summary","ground":"OSL 18 kap. 1 §","reason":"r"})").status == 403);
  BOOST_TEST(server.Post("/api/v1/incidents/999999/secrecy-marks", officer,
                         R"({"part":"summary","ground":"OSL 18 kap. 1 §","reason":"r"})").status == 404);
  auto bad = server.Post(marks, officer, R"({"part":"application.contact","ground":"OSL 18 kap. 1 §","reason":"r"})");
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Contains(bad.body, R"("field":"part")"));
  BOOST_TEST(server.Post(marks, officer, R"({"part":"summary","ground":"OSL 18 kap. 1 §","reason":"Förundersökning"})")
                 .status == 201);
  BOOST_TEST(server.Post(marks, coordinator, R"({"part":"subject","ground":"OSL 21 kap. 7 §","reason":"Enskild"})")
                 .status == 201);
  for (const std::string q : {"", "?format=html&lang=en"}) {
    auto e = server.Get("/api/v1/incidents/" + id + "/public-export" + q, coordinator);
    BOOST_TEST_REQUIRE(e.status == 200, e.body);
    BOOST_TEST(!Contains(e.body, "QWERTY"));
    BOOST_TEST(!Contains(e.body, "Hemlig"));
    BOOST_TEST(!Contains(e.body, "Personsson"));
    BOOST_TEST(Contains(e.body, "OSL 18 kap. 1 §"));
    BOOST_TEST(Contains(e.body, "OSL 21 kap. 7 §"));
    BOOST_TEST(Contains(e.body, "K-555"));
  }
  BOOST_TEST(server.Get("/api/v1/incidents/" + id + "/public-export", admin).status == 403);
  BOOST_TEST(server.Get("/api/v1/incidents/999999/public-export", officer).status == 404);
  BOOST_TEST(Parse(server.Get(marks, auditor).body)->getArray("items")->size() == 2u);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'incident_public_export'") == 2);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE event = 'incident_secrecy_marked'") == 2);
}

// ---- The records plan ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(TheShippedPlanLoadsAndABadOneIsRefusedNamingLineAndClass) {
  auto plan = granska::app::LoadRecordsPlan(std::string(GRANSKA_SOURCE_DIR) + "/config/records_plan.yaml");
  BOOST_TEST(plan.For(granska::workflow::RecordClass::kBookingRejected).keep.years == 2);
  BOOST_TEST(plan.For(granska::workflow::RecordClass::kGrantApproved).keep.years == 10);
  BOOST_TEST(plan.Ground("OSL 26 kap. 1 §") != nullptr);

  const std::string path = "/tmp/granska_records_plan_" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream f(path);
    f << "plan: test\nversion: '1'\nclasses:\n"
         "  booking_rejected:\n    rule: '1'\n    keep: two years\n    from: decision\n"
         "  booking_granted:\n    rule: '2'\n    keep: 3 years\n    from: occurred\n"
         "  grant_refused:\n    rule: '3'\n    keep: 5 years\n    from: decision\n"
         "secrecy_grounds:\n  - ground: 'OSL 21 kap. 7 §'\n    sv: a\n    en: b\n";
  }
  std::string message;
  try {
    granska::app::LoadRecordsPlan(path);
  } catch (const std::exception& e) {
    message = e.what();
  }
  BOOST_TEST(Contains(message, path + ":6: class 'booking_rejected': keep 'two years'"), message);
  BOOST_TEST(Contains(message, path + ":11: class 'booking_granted': from 'occurred' must be one of: decision, settled"),
             message);
  BOOST_TEST(Contains(message, "class 'grant_refused': unknown record class"), message);
  BOOST_TEST(Contains(message, "class 'session' is missing"), message);

  // The server (here the job command) refuses to start with it, saying why.
  auto run = Exec(Granska("GRANSKA_RECORDS_PLAN=" + path + " GRANSKA_DB='" + server.Db().AppConnection() + "'",
                           "jobs run-once"));
  BOOST_TEST(run.code != 0);
  BOOST_TEST(Contains(run.out, "keep 'two years'"), run.out);
  std::remove(path.c_str());
}

BOOST_AUTO_TEST_SUITE_END()
