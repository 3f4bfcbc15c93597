// The web interface's review fixes, over real HTTP with a signed-in browser: what the advisory
// group's packet leaves out, stale forms, Swedish messages, the language switch after a POST,
// the HTML 404, error pages for bad query parameters, letter labels, the calendar's refusals,
// the inspection form on a case without conditions, and one language per page.
#include <boost/test/unit_test.hpp>

#include <string>

#include "app/runtime.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "pages/assets.hpp"
#include "pages/page_renderer.hpp"

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

std::string Action(const std::string& path) { return "action=\"" + path + "\""; }

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake", "E-tjänsten");
  std::string officer = Staff("case_officer", "Karin Holm");
  std::string member1 = Staff("advisory_member", "Johan Berg");
  std::string member2 = Staff("advisory_member", "Leila Haddad");
  std::string member3 = Staff("advisory_member", "Per Nilsson");
  std::string coordinator = Staff("coordinator", "Sara Ek");
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
  // A grant that a verified threat by its treasurer (Omar Lind) flags; the incident's summary
  // names him and a private person the application does not name.
  std::string Flagged() {
    auto i = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"person":"Omar Lind"},"kind":"threat","occurred_on":")" + Today(-584) +
                             R"(","source":"court_judgment","verified":true,"reference":"Göteborgs tingsrätt B 1234-25",
                             "summary":"Omar Lind hotade journalisten Eva Svensson vid ett möte."})");
    BOOST_TEST_REQUIRE(i.status == 201, i.body);
    return Submitted(SampleGrant());
  }
  void Advise(const std::string& id, const std::string& token) {
    auto r = server.Post("/api/v1/cases/" + id + "/advice", token,
                         R"({"recommendation":"approve","reasoning":"Enstaka händelse."})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
  }
  void AdviseAll(const std::string& id) {
    Advise(id, member1);
    Advise(id, member2);
    Advise(id, member3);
  }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  std::string Version(const std::string& id) { return std::to_string(Count("SELECT version FROM cases WHERE id = " + id)); }
  // Kommunicering of an intended rejection through the API.
  void Communicated(const std::string& id) {
    auto r = server.Post("/api/v1/cases/" + id + "/communication", officer,
                         R"({"intended_outcome":"rejected","reasons":"Föreningen har inte tagit avstånd.","reply_by":")" +
                             Today(14) + R"("})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(PageReview, Fixture)

// Review item 1: the packet's evidence leaves out the incident's summary, as the API's packet
// does; the officer's case file shows it.
BOOST_AUTO_TEST_CASE(ThePacketLeavesTheIncidentSummaryOutAsTheApiDoes) {
  const std::string id = Flagged();
  Browser member = SignedIn("Johan Berg");
  auto packet = member.Get("/advisory/cases/" + id);
  BOOST_TEST_REQUIRE(packet.status == 200);
  BOOST_TEST(Has(packet.body, "Göteborgs tingsrätt B 1234-25"), "the incident is listed with its reference");
  BOOST_TEST(!Has(packet.body, "Eva Svensson"));
  BOOST_TEST(!Has(packet.body, "hotade journalisten"));
  BOOST_TEST(!Has(packet.body, "Omar Lind"));
  auto api = server.Get("/api/v1/cases/" + id + "/referral", member1);
  BOOST_TEST_REQUIRE(api.status == 200);
  BOOST_TEST(!Has(api.body, "Eva Svensson"));
  Browser officer_browser = SignedIn("Karin Holm");
  auto file = officer_browser.Get("/cases/" + id);
  BOOST_TEST(Has(file.body, "Omar Lind hotade journalisten Eva Svensson vid ett möte."));
}

// Review item 2: the reply form's version is compared, so a reply typed to a kommunicering that a
// newer one has replaced is refused (409, the conflict on top, in Swedish) and nothing recorded;
// the API's reply compares If-Match when it is sent and works without it as before.
BOOST_AUTO_TEST_CASE(AStaleReplyFormIsRefusedAndTheApiReplyHonoursIfMatch) {
  const std::string id = Flagged();
  AdviseAll(id);
  Communicated(id);
  const std::string page = "/cases/" + id;
  Browser b = SignedIn("Karin Holm");
  BOOST_TEST_REQUIRE(Has(b.Get(page).body, Action(page + "/reply")));
  const std::string read = Version(id);
  // A new kommunicering replaces the one the form was read with.
  auto again = server.Request("POST", "/api/v1/cases/" + id + "/communication", officer,
                              R"({"intended_outcome":"rejected","reasons":"Nya uppgifter om händelsen.","reply_by":")" +
                                  Today(21) + R"("})",
                              "application/json", {{"If-Match", "\"" + read + "\""}});
  BOOST_TEST_REQUIRE(again.status == 200, again.body);
  auto stale = b.Submit(page, page + "/reply", {{"version", read}, {"text", "Svar på den första kommuniceringen."}});
  BOOST_TEST(stale.status == 409);
  BOOST_TEST(Has(stale.body, "id=\"conflict-title\""));
  BOOST_TEST(Has(stale.body, "Ärendet har ändrats sedan du läste det."), stale.body.substr(0, 300));
  BOOST_TEST(!Has(stale.body, "has changed since you read it"));
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event = 'reply_received'") == 0);
  // The API: a stale If-Match is a 409 with the current state; the current one records the reply.
  auto api_stale = server.Request("POST", "/api/v1/cases/" + id + "/reply", intake, R"({"text":"Svar."})",
                                  "application/json", {{"If-Match", "\"" + read + "\""}});
  BOOST_TEST(api_stale.status == 409, api_stale.body);
  BOOST_TEST(Parse(api_stale.body)->getObject("current")->getValue<long long>("version") == std::stoll(Version(id)));
  auto current = b.Submit(page, page + "/reply", {{"version", Version(id)}, {"text", "Svar på den nya."}});
  BOOST_TEST_REQUIRE(current.status == 303, current.body.substr(0, 2000));
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event = 'reply_received'") == 1);
}

// Review item 3: the decision form's common refusals are Swedish, and a rejection does not send
// the amount the form fills in.
BOOST_AUTO_TEST_CASE(TheDecisionFormSpeaksSwedishAndARejectionDropsThePrefilledAmount) {
  const std::string id = Flagged();
  AdviseAll(id);
  const std::string page = "/cases/" + id;
  Browser b = SignedIn("Karin Holm");
  auto form = b.Get(page);
  BOOST_TEST_REQUIRE(Has(form.body, "value=\"45000\""), "the amount applied for is filled in");
  auto zero = b.Submit(page, page + "/decision",
                       {{"version", Version(id)}, {"outcome", "approved"}, {"amount_sek", "0"}, {"reasons", "Skäl."},
                        {"special_reasons", "Avståndstagande."}});
  BOOST_TEST(zero.status == 422);
  BOOST_TEST(Has(zero.body, "måste vara större än noll för att bevilja bidrag"), zero.body.substr(0, 300));
  auto more = b.Submit(page, page + "/decision",
                       {{"version", Version(id)}, {"outcome", "approved"}, {"amount_sek", "80000"}, {"reasons", "Skäl."},
                        {"special_reasons", "Avståndstagande."}});
  BOOST_TEST(more.status == 422);
  BOOST_TEST(Has(more.body, "får inte vara större än det sökta beloppet"));
  // The kommunicering form: an intended grant of all that was applied for is not adverse.
  auto whole = b.Submit(page, page + "/communication",
                        {{"version", Version(id)}, {"intended_outcome", "approved"}, {"intended_amount_sek", "45000"},
                         {"reasons", "Skäl."}, {"reply_by", Today(14)}});
  BOOST_TEST(whole.status == 422);
  BOOST_TEST(Has(whole.body, "måste vara lägre än det sökta beloppet"));
  for (const auto* body : {zero.body.c_str(), more.body.c_str(), whole.body.c_str()}) {
    BOOST_TEST(!Has(body, "amount_sek out"));
    BOOST_TEST(!Has(body, "lang=\"en\"><span class=\"visually-hidden\""), "no English field message");
  }
  // An intended rejection and a rejection with the amount still in the field go through.
  auto communicated = b.Submit(page, page + "/communication",
                               {{"version", Version(id)}, {"intended_outcome", "rejected"}, {"intended_amount_sek", "45000"},
                                {"reasons", "Föreningen har inte tagit avstånd."}, {"reply_by", Today(14)}});
  BOOST_TEST_REQUIRE(communicated.status == 303, communicated.body.substr(0, 2000));
  BOOST_TEST_REQUIRE(
      server.Post("/api/v1/cases/" + id + "/reply", intake, R"({"text":"Vi har inget att tillägga."})").status == 200);
  auto rejected = b.Submit(page, page + "/decision",
                           {{"version", Version(id)}, {"outcome", "rejected"}, {"amount_sek", "45000"},
                            {"reasons", "Föreningen har inte tagit avstånd från hotet."}});
  BOOST_TEST_REQUIRE(rejected.status == 303, rejected.body.substr(0, 2000));
  BOOST_TEST(Count("SELECT count(*) FROM decisions WHERE case_id = " + id +
                   " AND outcome = 'rejected' AND amount_sek IS NULL") == 1);
}

BOOST_AUTO_TEST_CASE(TheMessageTableTranslatesTheDecisionAndOrganisationNumberMessages) {
  auto r = granska::pages::PageRenderer::Load(granska::pages::BuiltInAssets());
  BOOST_TEST_REQUIRE(r.Ok());
  for (const std::string english :
       {"a rejection grants nothing: leave amount_sek out", "must not exceed the amount applied for (80000 kr)",
        "must be positive to approve a grant; to grant nothing, reject",
        "must be less than the amount applied for (45000 kr): granting all of it is not adverse and needs no "
        "kommunicering",
        "a rejection grants nothing: leave intended_amount_sek out (or 0)",
        "must be an organisation number of ten digits (NNNNNN-NNNN) with a valid check digit, got '123'",
        "must be sv or en", "must be html or pdf", "unknown premises 'nope'", "There is no case 17."}) {
    bool translated = false;
    const std::string sv = r->Message("sv", english, translated);
    BOOST_TEST(translated, english);
    BOOST_TEST(!Has(sv, "amount_sek"), sv);
  }
}

BOOST_AUTO_TEST_CASE(TheIncidentFormNamesABadOrganisationNumberInSwedish) {
  Browser b = SignedIn("Sara Ek");
  auto r = b.Submit("/incidents/new", "/incidents",
                    {{"subject_type", "org"}, {"subject.org_number", "123"}, {"kind", "threat"},
                     {"occurred_on", Today(-10)}, {"source", "media"}});
  BOOST_TEST(r.status == 422);
  BOOST_TEST(Has(r.body, "måste vara ett organisationsnummer med tio siffror (NNNNNN-NNNN)"), r.body.substr(0, 400));
  BOOST_TEST(!Has(r.body, "must be an organisation number"));
}

// Review item 4: the language switch of a page answered to a POST leads to the form's page,
// which answers; an unknown path gives a browser an HTML 404 and the API its problem document.
BOOST_AUTO_TEST_CASE(TheLanguageSwitchAfterAPostLeadsToTheFormsPageAndUnknownPathsGetAPage) {
  const std::string id = Flagged();
  AdviseAll(id);
  Communicated(id);
  const std::string page = "/cases/" + id;
  Browser b = SignedIn("Karin Holm");
  auto refused = b.Submit(page, page + "/reply", {{"version", Version(id)}, {"text", " "}});
  BOOST_TEST_REQUIRE(refused.status == 422);
  BOOST_TEST(Has(refused.body, "class=\"lang-switch\" href=\"" + page + "?lang=en\""), refused.body.substr(0, 1500));
  BOOST_TEST(b.Get(page + "?lang=en").status == 200);
  auto csrf = b.Post(page + "/reply", {{"csrf", "wrong"}, {"text", "Svar."}});
  BOOST_TEST(csrf.status == 403);
  BOOST_TEST(Has(csrf.body, "class=\"lang-switch\" href=\"" + page + "?lang="));
  // English is remembered from the switch above.
  auto unknown = b.Get("/nonexistent", {{"Accept", "text/html,application/xhtml+xml"}});
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(Has(unknown.Header("Content-Type"), "text/html"));
  BOOST_TEST(Has(unknown.body, "Page not found"));
  BOOST_TEST(Has(unknown.body, "href=\"/nonexistent?lang=sv\""));
  auto swedish = b.Get("/nonexistent?lang=sv", {{"Accept", "text/html"}});
  BOOST_TEST(Has(swedish.body, "Sidan finns inte"));
  auto api = b.Get("/api/v1/nonexistent", {{"Accept", "text/html"}});
  BOOST_TEST(api.status == 404);
  BOOST_TEST(Has(api.Header("Content-Type"), "application/problem+json"));
  auto client = server.Get("/nonexistent");
  BOOST_TEST(client.status == 404);
  BOOST_TEST(Has(client.Header("Content-Type"), "application/problem+json"));
  // A path that would leave the site is not offered as the switch.
  auto away = b.Get("//example.org/x", {{"Accept", "text/html"}});
  BOOST_TEST(away.status == 404);
  BOOST_TEST(!Has(away.body, "href=\"//example.org"));
}

// Review item 5: a letter asked for in a language, format or type there is none of is a 422 page
// that says so, not one about control characters.
BOOST_AUTO_TEST_CASE(BadLetterParametersGetAFittingErrorPage) {
  const std::string id = Flagged();
  Browser b = SignedIn("Karin Holm");
  for (const std::string query : {"lang=de", "format=xml", "type=bogus"}) {
    auto r = b.Get("/cases/" + id + "/letter?" + query);
    BOOST_TEST(r.status == 422, query);
    BOOST_TEST(Has(r.body, "Uppgifterna kan inte användas"), query);
    BOOST_TEST(!Has(r.body, "otillåtna tecken"), query);
    BOOST_TEST(!Has(r.body, "styrtecken"), query);
    BOOST_TEST(!Has(r.body, " lang=\"en\">must be"), query);
  }
  auto both = b.Get("/cases/" + id + "/letter?lang=de&format=xml");
  BOOST_TEST(Has(both.body, "<code>format</code>: <span>måste vara html eller pdf</span>"), both.body);
  BOOST_TEST(Has(both.body, "<code>lang</code>: <span>måste vara sv (svenska) eller en (engelska)</span>"));
  // Control characters keep their own page.
  auto text = b.Get("/cases?status=%00");
  BOOST_TEST(text.status == 422);
  BOOST_TEST(Has(text.body, "Formuläret innehåller otillåtna tecken"));
}

// Review item 6: each letter link is named by the letter it opens.
BOOST_AUTO_TEST_CASE(LetterLinksAreNamedByTheirLetterType) {
  const std::string id = Flagged();
  AdviseAll(id);
  Communicated(id);
  Browser b = SignedIn("Karin Holm");
  auto communicated = b.Get("/cases/" + id);
  BOOST_TEST(Has(communicated.body, "Underrättelse inför beslut på svenska (PDF)"));
  BOOST_TEST(!Has(communicated.body, "Beslutsbrev på svenska"));
  auto letter = b.Get("/cases/" + id + "/letter?lang=sv&format=html");
  BOOST_TEST(Has(letter.body, "Underrättelse inför beslut"));
  auto english = b.Get("/cases/" + id + "?lang=en");
  BOOST_TEST(Has(english.body, "Notice of intended decision in English (HTML)"));
  // A case that needs information links the draft request.
  // (Without a bankgiro, and without the treasurer whose threat would flag it.)
  const std::string lacking = Submitted(granska::testing::Replace(
      granska::testing::Replace(SampleGrant(OrgNumberFor(7)), "\"bankgiro\":\"5050-1055\",", ""), "Omar Lind",
      "Olle Berg"));
  auto draft = b.Get("/cases/" + lacking + "?lang=sv");
  BOOST_TEST(Has(draft.body, "Begäran om komplettering på svenska (PDF)"), draft.body.substr(0, 200));
}

// Review item 7: the calendar keeps what was typed and names an unknown room.
BOOST_AUTO_TEST_CASE(TheCalendarKeepsTypedValuesAndRefusesUnknownPremises) {
  auto p = server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})");
  BOOST_TEST_REQUIRE(p.status == 201, p.body);
  Browser b = SignedIn("Karin Holm");
  auto long_period = b.Get("/premises/calendar?premises=storsalen&from=2027-01-01&to=2028-06-01");
  BOOST_TEST(long_period.status == 422);
  BOOST_TEST(Has(long_period.body, "value=\"2028-06-01\""), "the typed end stays");
  BOOST_TEST(!Has(long_period.body, "value=\"2027-01-31\""));
  auto garbage = b.Get("/premises/calendar?premises=storsalen&from=garbage");
  BOOST_TEST(garbage.status == 422);
  BOOST_TEST(Has(garbage.body, "value=\"garbage\""));
  auto unknown = b.Get("/premises/calendar?premises=nope");
  BOOST_TEST(unknown.status == 422);
  BOOST_TEST(Has(unknown.body, "href=\"#calendar-premises\""), "the summary links to the field");
  BOOST_TEST(Has(unknown.body, "id=\"calendar-premises-error\""));
  BOOST_TEST(Has(unknown.body, "är ingen lokal som finns"));
  BOOST_TEST(!Has(unknown.body, "<h2></h2>"));
}

// Review item 8: no breach on a booking without open conditions.
BOOST_AUTO_TEST_CASE(TheInspectionFormOffersABreachOnlyWhenTheCaseHasAnOpenCondition) {
  auto p = server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})");
  BOOST_TEST_REQUIRE(p.status == 201, p.body);
  auto decide = [&](const std::string& id, const std::string& body) {
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer, body);
    BOOST_TEST_REQUIRE(d.status == 200, d.body);
  };
  const std::string plain = Submitted(SampleBooking());
  decide(plain, R"({"outcome":"approved","reasons":"Lokalen är ledig."})");
  const std::string with_cap = Submitted(SampleBooking("storsalen", granska::testing::BookingAt("18:00", 1),
                                                       granska::testing::BookingAt("21:00", 1)));
  decide(with_cap, R"({"outcome":"approved_with_conditions","reasons":"Lokalen är ledig.","conditions":[{"kind":"attendance_cap","due":")" +
                       Today(60) + R"(","description":"Högst 120 deltagare"}]})");
  Browser b = SignedIn("Karin Holm");
  for (const auto& [id, breach] : {std::pair{plain, false}, std::pair{with_cap, true}}) {
    const std::string page = "/cases/" + id;
    auto requested = b.Submit(page, page + "/inspections",
                              {{"version", Version(id)}, {"planned_on", Today()}, {"reason", "Stickprov."}});
    BOOST_TEST_REQUIRE(requested.status == 303, requested.body.substr(0, 2000));
    auto form = b.Get(page);
    BOOST_TEST(Has(form.body, "value=\"remarks\""));
    BOOST_TEST(Has(form.body, "value=\"breach\"") == breach, id);
  }
}

// Review item 9: one language per part of the page.
BOOST_AUTO_TEST_CASE(EnglishPagesMarkTheSwedishBasisAndSwedishPagesSayRegelgranskning) {
  const std::string id = Flagged();
  Browser b = SignedIn("Karin Holm");
  auto en = b.Get("/cases/" + id + "?lang=en");
  BOOST_TEST(Has(en.body, "<td class=\"small\" lang=\"sv\">"), "the basis is marked Swedish");
  auto sv = b.Get("/cases/" + id + "?lang=sv");
  BOOST_TEST(!Has(sv.body, "<td class=\"small\" lang=\"sv\">"));
  BOOST_TEST(!Has(sv.body, "Screenad"));
  BOOST_TEST(Has(sv.body, "Regelgranskad"));
  auto missing = b.Get("/cases/999999");
  BOOST_TEST(missing.status == 404);
  BOOST_TEST(Has(missing.body, "Ärendet finns inte."));
  BOOST_TEST(!Has(missing.body, "There is no case"));
}

BOOST_AUTO_TEST_SUITE_END()
