// The case page's follow-up forms (domain review M9): revocation with its kommunicering, the
// reply that came by post and the decision; inspections of rented premises with their
// findings; withdrawal on the applicant's request. Real form posts through the page routes
// with a session cookie and the CSRF token; each runs the API's use case, so the state and its
// event are checked in the database. Each form also: a bad field gives the form back with the
// error next to it, a role that may not use it gets 403 and a stale version gets 409.
#include <boost/test/unit_test.hpp>
#include <string>

#include "app/runtime.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"

using granska::testing::Browser;
using granska::testing::OrgNumberFor;
using granska::testing::Parse;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;

namespace {

constexpr const char* kPassword = "rätt-hemligt-lösenord";

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake", "E-tjänsten");
  std::string officer = Staff("case_officer", "Karin Holm");
  std::string auditor = Staff("auditor", "Mats Lund");
  std::string admin = server.Token("admin", "Systemförvaltare");

  std::string Staff(const std::string& role, const std::string& name) {
    return server.StaffToken(role, name, kPassword);
  }
  Browser SignedIn(const std::string& name) {
    Browser b(server.Port());
    auto r = b.SignIn(name, kPassword);
    BOOST_TEST_REQUIRE(r.status == 303, name << ": " << r.status);
    return b;
  }
  std::string Submitted(const std::string& body) {
    auto r = server.Post("/api/v1/applications", intake, body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return std::to_string(Parse(r.body)->getValue<long long>("case_id"));
  }
  // A grant approved with 45 000 kr (and its revocation clause) through the API.
  std::string Granted() {
    const std::string id = Submitted(SampleGrant(OrgNumberFor(11)));
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer,
                         R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})");
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
    return id;
  }
  // An approved booking of Storsalen with an attendance cap.
  std::string Booked() {
    auto p = server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})");
    BOOST_TEST_REQUIRE(p.status == 201, p.body);
    const std::string id = Submitted(SampleBooking());
    auto d = server.Post(
        "/api/v1/cases/" + id + "/decision", officer,
        R"({"outcome":"approved_with_conditions","reasons":"Lokalen är ledig.","conditions":[{"kind":"attendance_cap","due":")" +
            Today(60) + R"(","description":"Högst 120 deltagare"}]})");
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
    return id;
  }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  std::string Version(const std::string& id) {
    return std::to_string(Count("SELECT version FROM cases WHERE id = " + id));
  }
  std::string Stale(const std::string& id) {
    return std::to_string(Count("SELECT version FROM cases WHERE id = " + id) - 1);
  }
  long long Events(const std::string& id, const std::string& event) {
    return Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event = '" + event +
                 "' AND actor_name = 'Karin Holm' AND actor_role = 'case_officer'");
  }
};

std::string Action(const std::string& path) { return "action=\"" + path + "\""; }

}  // namespace

BOOST_FIXTURE_TEST_SUITE(CaseForms, Fixture)

BOOST_AUTO_TEST_CASE(ARevocationIsCommunicatedAnsweredAndDecidedThroughTheCasePage) {
  const std::string id = Granted();
  const std::string page = "/cases/" + id, base = page + "/revocation";
  Browser b = SignedIn("Karin Holm");
  auto before = b.Get(page);
  BOOST_TEST_REQUIRE(before.status == 200);
  BOOST_TEST(Has(before.body, "Återkallelse och återkrav"));
  BOOST_TEST(Has(before.body, Action(base + "/communication")), "the kommunicering form is offered");
  BOOST_TEST(!Has(before.body, Action(base + "/reply")));
  BOOST_TEST(!Has(before.body, Action(base)));

  // Bad fields: each named next to its field, in Swedish; nothing is stored.
  auto bad =
      b.Submit(page, base + "/communication",
               {{"version", Version(id)}, {"breach", " "}, {"repayment_sek", "99999999"}, {"reply_by", "2000-01-01"}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "id=\"revocation-notice-breach-error\""));
  BOOST_TEST(Has(bad.body, "måste fyllas i: vad föreningen har gjort eller låtit bli att göra"));
  BOOST_TEST(Has(bad.body, "id=\"revocation-notice-reply-by-error\""));
  BOOST_TEST(Has(bad.body, "måste vara efter i dag: föreningen behöver tid att svara"));
  BOOST_TEST(Has(bad.body, "id=\"revocation-notice-repayment-sek-error\""));
  BOOST_TEST(Has(bad.body, "får inte vara större än det beviljade beloppet"));
  BOOST_TEST(Has(bad.body, "href=\"#revocation-notice-breach\""), "the summary on top links to the field");
  BOOST_TEST(Has(bad.body, "99999999"), "what was typed is kept");
  const std::string breach = "Föreningens ordförande dömdes för olaga hot vid föreningens möte.";
  const std::vector<std::pair<std::string, std::string>> good = {
      {"breach", breach}, {"democracy_reason", "true"}, {"repayment_sek", "45 000"}, {"reply_by", Today(10)}};
  // A form read before the case changed: 409 and nothing stored.
  auto stale_fields = good;
  stale_fields.push_back({"version", Stale(id)});
  auto stale = b.Submit(page, base + "/communication", stale_fields);
  BOOST_TEST(stale.status == 409);
  BOOST_TEST(Has(stale.body, "Ärendet har ändrats sedan du läste det."), stale.body.substr(0, 300));
  BOOST_TEST(Count("SELECT count(*) FROM revocations") == 0);

  auto fields = good;
  fields.push_back({"version", Version(id)});
  auto sent = b.Submit(page, base + "/communication", fields);
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body.substr(0, 2000));
  BOOST_TEST(sent.Header("Location") == page + "?done=revocation_communicated");
  BOOST_TEST(Count("SELECT count(*) FROM revocations WHERE case_id = " + id +
                   " AND status = 'communicated' AND democracy_reason AND repayment_sek = 45000") == 1);
  BOOST_TEST(Events(id, "revocation_communicated") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'kommunicering'") == 2);
  auto communicated = b.Get(sent.Header("Location"));
  BOOST_TEST(Has(communicated.body, "Kommuniceringen om återkallelse är registrerad"));
  BOOST_TEST(Has(communicated.body, "Kommunicerad, inte beslutad"));
  BOOST_TEST(Has(communicated.body, breach));
  BOOST_TEST(Has(communicated.body, "Avsett återkrav"));
  BOOST_TEST(Has(communicated.body, "45\u00a0000\u00a0kr"));
  BOOST_TEST(Has(communicated.body, "Kommunicering om återkallelse skickad"), "the event has its Swedish label");
  BOOST_TEST(
      Has(communicated.body,
          "href=\"" + page +
              "/letter?lang=sv&amp;format=pdf&amp;type=kommunicering\" hreflang=\"sv\">Kommunicering om återkallelse på "
              "svenska (PDF)"));
  BOOST_TEST(Has(communicated.body, "href=\"" + page +
                                        "/letter?lang=sv&amp;format=pdf&amp;type=approval\" hreflang=\"sv\">"
                                        "Beslutsbrev på svenska (PDF)"),
             "the decision letter is asked for by its type: the latest letter is the revocation's");
  auto decision_letter = b.Get(page + "/letter?lang=sv&format=html&type=approval");
  BOOST_TEST(decision_letter.status == 200);
  BOOST_TEST(Has(decision_letter.body, "Uppfyller villkoren."));
  BOOST_TEST(!Has(communicated.body, Action(base + "/communication")), "one revocation at a time");
  BOOST_TEST(Has(communicated.body, Action(base + "/reply")));
  BOOST_TEST(Has(communicated.body, Action(base)));
  auto letter = b.Get(page + "/letter?lang=sv&format=html");
  BOOST_TEST(letter.status == 200);
  BOOST_TEST(Has(letter.body, "olaga hot"));

  // Deciding before the reply or the deadline: the use case's refusal on top.
  auto early = b.Submit(page, base, {{"version", Version(id)}, {"reasons", "Skäl."}});
  BOOST_TEST(early.status == 409);
  BOOST_TEST(Has(early.body, ": föreningen får svara till och med " + Today(10) + "; återkalla efter det"),
             early.body.substr(0, 300));
  BOOST_TEST(!Has(early.body, "may reply until"), "the use case's sentence is shown in Swedish");

  // The reply that came by post.
  auto empty = b.Submit(page, base + "/reply", {{"version", Version(id)}, {"text", ""}});
  BOOST_TEST(empty.status == 422);
  BOOST_TEST(Has(empty.body, "id=\"revocation-reply-text-error\""));
  BOOST_TEST(b.Submit(page, base + "/reply", {{"version", Stale(id)}, {"text", "Svar."}}).status == 409);
  auto replied =
      b.Submit(page, base + "/reply", {{"version", Version(id)}, {"text", "Ordföranden har lämnat sitt uppdrag."}});
  BOOST_TEST_REQUIRE(replied.status == 303, replied.body.substr(0, 2000));
  BOOST_TEST(replied.Header("Location") == page + "?done=revocation_reply_recorded");
  BOOST_TEST(Count("SELECT count(*) FROM revocations WHERE reply_text = 'Ordföranden har lämnat sitt uppdrag.'") == 1);
  BOOST_TEST(Events(id, "revocation_reply_received") == 1);
  auto answered = b.Get(page);
  BOOST_TEST(Has(answered.body, "Ordföranden har lämnat sitt uppdrag."));
  BOOST_TEST(!Has(answered.body, Action(base + "/reply")), "answered: no reply form");

  // The decision: a claim without a due date and no reasons are named in Swedish.
  auto missing = b.Submit(
      page, base, {{"version", Version(id)}, {"reasons", ""}, {"repayment_sek", "45000"}, {"repayment_due", ""}});
  BOOST_TEST(missing.status == 422);
  BOOST_TEST(Has(missing.body, "id=\"revoke-reasons-error\""));
  BOOST_TEST(Has(missing.body, "motiveringen skrivs när beslutet fattas"));
  BOOST_TEST(Has(missing.body, "id=\"revoke-repayment-due-error\""));
  BOOST_TEST(Has(missing.body, "måste anges när något krävs tillbaka"));
  const std::vector<std::pair<std::string, std::string>> decision = {
      {"reasons", "Föreningen har brutit mot demokrativillkoret; avståndstagandet kom först efter beslutet."},
      {"repayment_sek", "45000"},
      {"repayment_due", Today(30)}};
  auto stale_decision = decision;
  stale_decision.push_back({"version", Stale(id)});
  BOOST_TEST(b.Submit(page, base, stale_decision).status == 409);
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE status = 'revoked'") == 0);
  auto current = decision;
  current.push_back({"version", Version(id)});
  auto revoked = b.Submit(page, base, current);
  BOOST_TEST_REQUIRE(revoked.status == 303, revoked.body.substr(0, 2000));
  BOOST_TEST(revoked.Header("Location") == page + "?done=revoked");
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE id = " + id + " AND status = 'revoked'") == 1);
  BOOST_TEST(
      Count(
          "SELECT count(*) FROM revocations WHERE status = 'revoked' AND repayment_sek = 45000 AND repayment_due = '" +
          Today(30) + "'") == 1);
  BOOST_TEST(Events(id, "revoked") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'revocation'") == 2);
  auto after = b.Get(revoked.Header("Location"));
  BOOST_TEST(Has(after.body, "Beslutet är återkallat och brevet om återkallelse är utfärdat."));
  BOOST_TEST(Has(after.body, "Återkrav"));
  BOOST_TEST(Has(after.body, "betalas senast " + Today(30)));
  BOOST_TEST(Has(after.body, "Beslut om återkallelse på svenska (PDF)"));
  BOOST_TEST(Has(after.body, "avståndstagandet kom först efter beslutet"));
  for (const std::string& form : {base + "/communication", base + "/reply", base})
    BOOST_TEST(!Has(after.body, Action(form)), form);
  auto revocation_letter = b.Get(page + "/letter?lang=sv&format=html");
  BOOST_TEST(Has(revocation_letter.body, "återkallar beslutet"));

  // English through the language switch.
  auto en = b.Get(page + "?lang=en");
  BOOST_TEST(Has(en.body, "Revocation and repayment"));
  BOOST_TEST(Has(en.body, "Revocation decision in English (PDF)"));
  BOOST_TEST(Has(en.body, "Intended revocation communicated"));

  // The auditor reads the panel and may not use the forms.
  Browser mats = SignedIn("Mats Lund");
  auto read = mats.Get(page);
  BOOST_TEST(read.status == 200);
  BOOST_TEST(Has(read.body, "Återkallelse och återkrav"));
  BOOST_TEST(!Has(read.body, "<form method=\"post\" action=\"/cases"));
}

BOOST_AUTO_TEST_CASE(AnIntendedRevocationIsDroppedThroughTheCasePage) {
  const std::string id = Granted();
  const std::string page = "/cases/" + id, base = page + "/revocation";
  Browser b = SignedIn("Karin Holm");
  BOOST_TEST(!Has(b.Get(page).body, Action(base + "/drop")), "nothing communicated: nothing to drop");
  auto sent = b.Submit(page, base + "/communication",
                       {{"version", Version(id)}, {"breach", "Villkoret om redovisning bröts."}, {"reply_by", Today(10)}});
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body.substr(0, 2000));
  auto communicated = b.Get(page);
  BOOST_TEST(Has(communicated.body, Action(base + "/drop")), "the drop form is offered while communicated");
  BOOST_TEST(Has(communicated.body, "Återkalla inte beslutet"));

  auto empty = b.Submit(page, base + "/drop", {{"version", Version(id)}, {"reasons", ""}});
  BOOST_TEST(empty.status == 422);
  BOOST_TEST(Has(empty.body, "id=\"revocation-drop-reasons-error\""));
  BOOST_TEST(Has(empty.body, "måste fyllas i: varför beslutet inte återkallas"));
  BOOST_TEST(b.Submit(page, base + "/drop", {{"version", Stale(id)}, {"reasons", "Skäl."}}).status == 409);
  BOOST_TEST(Count("SELECT count(*) FROM revocations WHERE status = 'communicated'") == 1);

  const std::string reasons = "Redovisningen kom in i efterhand och var fullständig.";
  auto dropped = b.Submit(page, base + "/drop", {{"version", Version(id)}, {"reasons", reasons}});
  BOOST_TEST_REQUIRE(dropped.status == 303, dropped.body.substr(0, 2000));
  BOOST_TEST(dropped.Header("Location") == page + "?done=revocation_dropped");
  BOOST_TEST(Count("SELECT count(*) FROM revocations WHERE status = 'dropped' AND reasons = '" + reasons + "'") == 1);
  BOOST_TEST(Events(id, "revocation_dropped") == 1);
  auto after = b.Get(dropped.Header("Location"));
  BOOST_TEST(Has(after.body, "Återkallelsen är avslutad, beslutet står fast"));
  BOOST_TEST(Has(after.body, "Avslutad utan återkallelse"));
  BOOST_TEST(Has(after.body, reasons));
  BOOST_TEST(Has(after.body, "Besked om att beslutet inte återkallas på svenska (PDF)"));
  BOOST_TEST(Has(after.body, "Återkallelsen avslutad, beslutet står fast"), "the event has its Swedish label");
  BOOST_TEST(!Has(after.body, Action(base + "/drop")));
  BOOST_TEST(!Has(after.body, Action(base)), "no decision form on a dropped revocation");
  BOOST_TEST(Has(after.body, Action(base + "/communication")), "a new breach can be communicated");
  auto letter = b.Get(page + "/letter?lang=sv&format=html");
  BOOST_TEST(letter.status == 200);
  BOOST_TEST(Has(letter.body, reasons));
  auto en = b.Get(page + "?lang=en");
  BOOST_TEST(Has(en.body, "Closed without revoking"));
  BOOST_TEST(Has(en.body, "Notice that the decision is not revoked in English (PDF)"));
}

BOOST_AUTO_TEST_CASE(TheRevocationFormsAreOfferedOnlyWhereTheUseCaseAllowsThem) {
  // Undecided: no revocation panel; posting anyway is the transition table's 409.
  const std::string open = Submitted(SampleGrant(OrgNumberFor(12)));
  Browser b = SignedIn("Karin Holm");
  auto undecided = b.Get("/cases/" + open);
  BOOST_TEST(!Has(undecided.body, "Återkallelse och återkrav"));
  auto refused = b.Submit("/cases/" + open, "/cases/" + open + "/revocation/communication",
                          {{"breach", "x"}, {"reply_by", Today(10)}});
  BOOST_TEST(refused.status == 409);
  const std::string said = refused.body.substr(std::min(refused.body.find("conflict-title"), refused.body.size()), 600);
  BOOST_TEST(Has(refused.body, "har inte den status som krävs för det du ville göra (status nu: "), said);
  BOOST_TEST(Has(refused.body, "; krävs: decided, closed)"), said);
  // A rejection granted nothing: no form.
  const std::string rejected = Submitted(SampleGrant(OrgNumberFor(13)));
  BOOST_TEST_REQUIRE(
      server
          .Post("/api/v1/cases/" + rejected + "/communication", officer,
                R"({"intended_outcome":"rejected","reasons":"Villkoren är inte uppfyllda.","reply_by":")" + Today(1) +
                    "\"}")
          .status == 200);
  server.Db().Exec(
      "UPDATE communications SET reply_by = reply_by - 2, sent_at = sent_at - interval '3 days' WHERE case_id = " +
      rejected);
  BOOST_TEST_REQUIRE(server
                         .Post("/api/v1/cases/" + rejected + "/decision", officer,
                               R"({"outcome":"rejected","reasons":"Villkoren är inte uppfyllda."})")
                         .status == 200);
  BOOST_TEST(!Has(b.Get("/cases/" + rejected).body, Action("/cases/" + rejected + "/revocation/communication")));
  // A role that may not revoke gets 403, with the right CSRF token, and nothing changes.
  const std::string id = Granted();
  Browser mats = SignedIn("Mats Lund");
  for (const char* tail : {"/revocation/communication", "/revocation/reply", "/revocation"}) {
    auto r = mats.Submit("/cases/" + id, "/cases/" + id + tail,
                         {{"breach", "x"}, {"reply_by", Today(10)}, {"reasons", "x"}});
    BOOST_TEST(r.status == 403, tail);
  }
  BOOST_TEST(Count("SELECT count(*) FROM revocations") == 0);
}

BOOST_AUTO_TEST_CASE(AnInspectionIsRequestedAndItsFindingsRecordedThroughTheCasePage) {
  const std::string undecided = Submitted(SampleGrant(OrgNumberFor(14)));
  Browser b = SignedIn("Karin Holm");
  BOOST_TEST(!Has(b.Get("/cases/" + undecided).body, Action("/cases/" + undecided + "/inspections")));
  BOOST_TEST(b.Submit("/cases/" + undecided, "/cases/" + undecided + "/inspections",
                      {{"planned_on", Today()}, {"reason", "Stickprov"}})
                 .status == 409);

  const std::string id = Booked();
  const std::string page = "/cases/" + id;
  auto decided = b.Get(page);
  BOOST_TEST_REQUIRE(Has(decided.body, Action(page + "/inspections")),
                     "the request form is offered for a decided booking");
  BOOST_TEST(Has(decided.body, "Inga inspektioner."));
  // A booking has nothing to repay: its revocation form has no amount.
  BOOST_TEST(Has(decided.body, Action(page + "/revocation/communication")));
  BOOST_TEST(!Has(decided.body, "id=\"revocation-notice-repayment-sek\""));

  auto bad = b.Submit(page, page + "/inspections", {{"version", Version(id)}, {"planned_on", "31/12"}, {"reason", ""}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "id=\"inspection-planned-on-error\""));
  BOOST_TEST(Has(bad.body, "måste vara ett datum skrivet ÅÅÅÅ-MM-DD"));
  BOOST_TEST(!Has(bad.body, "ÅÅÅÅ-MM-DD</span><span class=\"field-error-text\""), "one message for the date, not two");
  BOOST_TEST(Has(bad.body, "id=\"inspection-reason-error\""), bad.body.substr(bad.body.find("error-summary"), 1500));
  BOOST_TEST(
      b.Submit(page, page + "/inspections", {{"version", Stale(id)}, {"planned_on", Today()}, {"reason", "Trängsel"}})
          .status == 409);
  BOOST_TEST(Count("SELECT count(*) FROM inspections") == 0);
  auto requested = b.Submit(page, page + "/inspections",
                            {{"version", Version(id)}, {"planned_on", Today()}, {"reason", "Anmälan om trängsel"}});
  BOOST_TEST_REQUIRE(requested.status == 303, requested.body.substr(0, 2000));
  BOOST_TEST(requested.Header("Location") == page + "?done=inspection_requested");
  BOOST_TEST(Events(id, "inspection_requested") == 1);
  const std::string insp = std::to_string(Count("SELECT id FROM inspections WHERE reason = 'Anmälan om trängsel'"));
  const std::string findings = page + "/inspections/" + insp + "/findings";
  auto listed = b.Get(requested.Header("Location"));
  BOOST_TEST(Has(listed.body, "Inspektionen är begärd."));
  BOOST_TEST(Has(listed.body, "Anmälan om trängsel"));
  BOOST_TEST(Has(listed.body, "Inspektion begärd"), "the event has its Swedish label");
  BOOST_TEST_REQUIRE(Has(listed.body, Action(findings)));

  // Findings: a breach without the condition, no text and a day to come are named on that form.
  auto wrong = b.Submit(page, findings,
                        {{"version", Version(id)},
                         {"performed_on", "2099-01-01"},
                         {"findings", ""},
                         {"outcome", "breach"},
                         {"condition_id", ""}});
  BOOST_TEST(wrong.status == 422);
  BOOST_TEST(Has(wrong.body, "id=\"findings-" + insp + "-performed-on-error\""));
  BOOST_TEST(Has(wrong.body, "får inte ligga i framtiden"));
  BOOST_TEST(Has(wrong.body, "id=\"findings-" + insp + "-findings-error\""));
  BOOST_TEST(Has(wrong.body, "id=\"findings-" + insp + "-condition-id-error\""));
  BOOST_TEST(Has(wrong.body, "måste anges vid villkorsbrott"));
  BOOST_TEST(Has(wrong.body, "id=\"findings-" + insp + "-outcome-breach\" name=\"outcome\" value=\"breach\" checked"));
  // The inspection must be this case's.
  BOOST_TEST(b.Submit(page, "/cases/" + undecided + "/inspections/" + insp + "/findings",
                      {{"performed_on", Today()}, {"findings", "x"}, {"outcome", "no_remarks"}})
                 .status == 404);
  const std::string condition = std::to_string(Count("SELECT id FROM conditions WHERE case_id = " + id));
  BOOST_TEST(b.Submit(page, findings,
                      {{"version", Stale(id)}, {"performed_on", Today()}, {"findings", "x"}, {"outcome", "no_remarks"}})
                 .status == 409);
  auto recorded = b.Submit(page, findings,
                           {{"version", Version(id)},
                            {"performed_on", Today()},
                            {"findings", "Cirka 200 personer i lokalen."},
                            {"outcome", "breach"},
                            {"condition_id", condition}});
  BOOST_TEST_REQUIRE(recorded.status == 303, recorded.body.substr(0, 2000));
  BOOST_TEST(recorded.Header("Location") == page + "?done=findings_recorded");
  BOOST_TEST(Count("SELECT count(*) FROM inspections WHERE id = " + insp +
                   " AND outcome = 'breach' AND condition_id = " + condition) == 1);
  BOOST_TEST(Count("SELECT count(*) FROM conditions WHERE id = " + condition + " AND status = 'breached'") == 1);
  BOOST_TEST(Events(id, "inspection_recorded") == 1);
  auto shown = b.Get(page);
  BOOST_TEST(Has(shown.body, "Cirka 200 personer i lokalen."));
  BOOST_TEST(Has(shown.body, "Villkorsbrott"));
  BOOST_TEST(!Has(shown.body, Action(findings)), "recorded: no findings form");

  // A second inspection records an incident in the register.
  BOOST_TEST_REQUIRE(b.Submit(page, page + "/inspections",
                              {{"version", Version(id)}, {"planned_on", Today()}, {"reason", "Uppföljning"}})
                         .status == 303);
  const std::string second = std::to_string(Count("SELECT id FROM inspections WHERE reason = 'Uppföljning'"));
  auto no_kind = b.Submit(
      page, page + "/inspections/" + second + "/findings",
      {{"version", Version(id)}, {"performed_on", Today()}, {"findings", "Lokalen skadad."}, {"outcome", "incident"}});
  BOOST_TEST(no_kind.status == 422);
  BOOST_TEST(Has(no_kind.body, "id=\"findings-" + second + "-incident-kind-error\""));
  BOOST_TEST(Has(no_kind.body, "måste anges när resultatet är en händelse"));
  auto incident = b.Submit(page, page + "/inspections/" + second + "/findings",
                           {{"version", Version(id)},
                            {"performed_on", Today()},
                            {"findings", "Lokalen skadad."},
                            {"outcome", "incident"},
                            {"incident.kind", "rental_breach"},
                            {"incident.verified", "true"}});
  BOOST_TEST_REQUIRE(incident.status == 303, incident.body.substr(0, 2000));
  BOOST_TEST(
      Count(
          "SELECT count(*) FROM incidents WHERE kind = 'rental_breach' AND source = 'own_observation' AND verified") ==
      1);

  // Roles that may not follow up cases get 403 and nothing changes.
  Browser mats = SignedIn("Mats Lund");
  BOOST_TEST(mats.Submit(page, page + "/inspections", {{"planned_on", Today()}, {"reason", "x"}}).status == 403);
  BOOST_TEST(Count("SELECT count(*) FROM inspections") == 2);
  BOOST_TEST(!Has(mats.Get(page).body, Action(page + "/inspections")));
}

BOOST_AUTO_TEST_CASE(AnOfficerWithdrawsTheApplicationOnTheApplicantsRequest) {
  const std::string id = Submitted(SampleGrant(OrgNumberFor(15)));
  const std::string page = "/cases/" + id, action = page + "/withdraw";
  Browser b = SignedIn("Karin Holm");
  BOOST_TEST_REQUIRE(Has(b.Get(page).body, Action(action)));
  // The reason is free text: one that cannot be stored is refused before the use case.
  auto bad = b.Submit(page, action, {{"version", Version(id)}, {"reason", "E-post\x01"}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "får inte innehålla styrtecken"));
  BOOST_TEST(b.Submit(page, action, {{"version", Stale(id)}, {"reason", "E-post från ordföranden."}}).status == 409);
  Browser mats = SignedIn("Mats Lund");
  BOOST_TEST(mats.Submit(page, action, {{"reason", "x"}}).status == 403);
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE id = " + id + " AND status = 'in_review'") == 1);

  auto withdrawn = b.Submit(page, action, {{"version", Version(id)}, {"reason", "E-post från ordföranden 2 maj."}});
  BOOST_TEST_REQUIRE(withdrawn.status == 303, withdrawn.body.substr(0, 2000));
  BOOST_TEST(withdrawn.Header("Location") == page + "?done=withdrawn");
  BOOST_TEST(Count("SELECT count(*) FROM cases WHERE id = " + id + " AND status = 'withdrawn'") == 1);
  BOOST_TEST(Events(id, "withdrawn") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id +
                   " AND event = 'withdrawn' AND detail->>'reason' = 'E-post från ordföranden 2 maj.'") == 1);
  auto after = b.Get(withdrawn.Header("Location"));
  BOOST_TEST(Has(after.body, "Ansökan är återkallad och ärendet avslutat."));
  BOOST_TEST(Has(after.body, "Återkallad av sökanden"));
  BOOST_TEST(!Has(after.body, Action(action)), "withdrawn: no form");
  auto again = b.Submit(page, action, {{"reason", "Igen."}});
  BOOST_TEST(again.status == 409);
}

BOOST_AUTO_TEST_SUITE_END()
