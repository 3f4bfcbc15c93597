// Decision letters through the API: issued at the decision, archived bytes returned
// unchanged even when templates change, PDF with the facts in it, drafts marked.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/test_server.hpp"
#include "letters/letter_format.hpp"

using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;
namespace fs = std::filesystem;

using granska::testing::Parse;
using granska::testing::Today;
using granska::testing::PdfText;

namespace {

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer", "Karin Holm");

  std::string Decided() {
    auto s = server.Post("/api/v1/applications", intake, SampleGrant());
    const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer,
                         R"({"outcome":"approved_with_conditions","amount_sek":45000,
                             "reasons":"Föreningen bedriver öppen verksamhet för barn och unga i Hammarkullen.",
                             "conditions":[{"kind":"activity_report","due":")" + Today(300) +
                             R"(","description":"Verksamhetsberättelse för året"}]})");
    BOOST_REQUIRE_EQUAL(d.status, 200);
    return id;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Letters, Fixture)

BOOST_AUTO_TEST_CASE(ADecisionIssuesItsLetterInSwedishAndEnglish) {
  const auto id = Decided();
  auto sv = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
  BOOST_TEST(sv.Header("X-Letter-Status") == "issued");
  BOOST_TEST(sv.Header("X-Letter-Type") == "approval_with_conditions");
  const auto number = Parse(server.Get("/api/v1/cases/" + id, officer).body)->getValue<std::string>("case_number");
  for (const std::string& expected : {number, std::string("Hammarkullen"), std::string("Verksamhetsberättelse för året"),
                                      std::string("Karin Holm"), std::string("återkall")})
    BOOST_TEST(sv.body.find(expected) != std::string::npos, expected << " missing from the Swedish letter");
  auto en = server.Get("/api/v1/cases/" + id + "/letter?lang=en", officer);
  BOOST_TEST_REQUIRE(en.status == 200);
  BOOST_TEST(en.body.find(number) != std::string::npos);
  BOOST_TEST(en.body != sv.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND format = 'html'") == 2);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'letter_issued' AND case_id = " + id) == 1);
  BOOST_TEST(server.Get("/api/v1/cases/" + id + "/letter?lang=de", officer).status == 422);
}

BOOST_AUTO_TEST_CASE(ThePdfCarriesTheCaseNumberReasonsConditionsAndSwedishLetters) {
  const auto id = Decided();
  auto pdf = server.Get("/api/v1/cases/" + id + "/letter?format=pdf", officer);
  BOOST_TEST_REQUIRE(pdf.status == 200, pdf.body.substr(0, 300));
  BOOST_TEST(pdf.Header("Content-Type").find("application/pdf") == 0u);
  BOOST_TEST(pdf.body.rfind("%PDF", 0) == 0u);
  BOOST_TEST(pdf.Header("Content-Disposition") == "inline; filename=\"beslut-" + id + "-sv.pdf\"");
  const std::string text = PdfText(pdf.body);
  const auto number = Parse(server.Get("/api/v1/cases/" + id, officer).body)->getValue<std::string>("case_number");
  for (const std::string& expected : {number, std::string("Hammarkullen"), std::string("Verksamhetsberättelse"),
                                      std::string("å"), std::string("ä"), std::string("ö")})
    BOOST_TEST(text.find(expected) != std::string::npos, expected << " missing from the PDF text");
  // The second request returns the archived PDF, byte for byte.
  auto again = server.Get("/api/v1/cases/" + id + "/letter?format=pdf", officer);
  BOOST_TEST(again.body == pdf.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND format = 'pdf'") == 1);
}

BOOST_AUTO_TEST_CASE(AnIssuedLetterDoesNotChangeWhenItsTemplateDoes) {
  const auto id = Decided();
  const auto before = server.Get("/api/v1/cases/" + id + "/letter", officer).body;
  // A changed template set: the same templates with one word altered everywhere.
  const fs::path copy = fs::temp_directory_path() / ("granska-templates-" + std::to_string(::getpid()));
  fs::remove_all(copy);
  fs::copy(fs::path(GRANSKA_SOURCE_DIR) / "templates", copy, fs::copy_options::recursive);
  for (const auto& f : fs::recursive_directory_iterator(copy)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (auto pos = text.find("Beslut"); pos != std::string::npos; pos = text.find("Beslut", pos + 8))
      text.replace(pos, 6, "BESLUT");
    std::ofstream(f.path()) << text;
  }
  auto renderer = granska::app::LoadLetterRenderer(copy.string(), std::string(GRANSKA_SOURCE_DIR) + "/config/municipality.properties");
  granska::app::SystemClock clock;
  granska::letters::PdfRenderer pdf;
  granska::workflow::LetterService changed(server.Runtime().Db(), clock, *renderer, pdf);
  auto after = changed.Get(granska::domain::Actor{1, "x", granska::domain::Role::kCaseOfficer}, std::stoll(id), "sv", "html");
  BOOST_TEST_REQUIRE(after.Ok());
  BOOST_TEST(after->content == before);
  BOOST_TEST(!after->draft);
  fs::remove_all(copy);
}

BOOST_AUTO_TEST_CASE(KommuniceringIsIssuedAndARequestForInformationIsADraft) {
  auto s = server.Post("/api/v1/applications", intake, SampleGrant("802512-3459"));
  const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  BOOST_TEST(server.Get("/api/v1/cases/" + id + "/letter", officer).status == 404);
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/communication", officer,
                                 R"({"intended_outcome":"rejected","reasons":"Stadgarna saknar demokratiparagraf.","reply_by":")" +
                                     Today(14) + "\"}").status == 200);
  auto k = server.Get("/api/v1/cases/" + id + "/letter", officer);
  BOOST_TEST_REQUIRE(k.status == 200, k.body);
  BOOST_TEST(k.Header("X-Letter-Type") == "kommunicering");
  BOOST_TEST(k.body.find("Stadgarna saknar demokratiparagraf.") != std::string::npos);
  // Signed by the officer who sent it, not "Handläggaren" (the case has no decision yet).
  BOOST_TEST(k.body.find("<p class=\"name\">Karin Holm</p>") != std::string::npos, k.body);
  std::string json = SampleGrant("802777-1115");
  const std::string accepted = "\"democracy_conditions_accepted\":true";
  json.replace(json.find(accepted), accepted.size(), "\"democracy_conditions_accepted\":false");
  auto n = server.Post("/api/v1/applications", intake, json);
  const auto nid = std::to_string(Parse(n.body)->getValue<long long>("case_id"));
  auto draft = server.Get("/api/v1/cases/" + nid + "/letter", officer);
  BOOST_TEST_REQUIRE(draft.status == 200, draft.body);
  BOOST_TEST(draft.Header("X-Letter-Status") == "draft");
  BOOST_TEST(draft.body.find("UTKAST") != std::string::npos);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM letters WHERE case_id = " + nid) == 0);
  // The request names the officer the case is assigned to.
  BOOST_TEST(draft.body.find("<p class=\"name\">Handläggaren</p>") != std::string::npos, "nobody assigned yet");
  const auto karin = server.Db().Count("SELECT id FROM users WHERE name = 'Karin Holm'");
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + nid + "/assign", officer,
                                 R"({"user_id":)" + std::to_string(karin) + "}").status == 200);
  auto assigned = server.Get("/api/v1/cases/" + nid + "/letter", officer);
  BOOST_TEST(assigned.body.find("<p class=\"name\">Karin Holm</p>") != std::string::npos, assigned.body);
  // The reply time runs from when the case was sent back, however late the draft is viewed:
  // sent back ten days ago, it ends in eleven days.
  const granska::letters::LetterFormat sv(granska::letters::Language::kSv);
  const auto on = [&](int days) { return sv.Date(*granska::domain::Date::Parse(Today(days))); };
  BOOST_TEST(draft.body.find("senast den <strong>" + on(21) + "</strong>") != std::string::npos, draft.body);
  server.Db().Exec("UPDATE screenings SET screened_at = screened_at - interval '10 days' WHERE case_id = " + nid);
  auto later = server.Get("/api/v1/cases/" + nid + "/letter", officer);
  BOOST_TEST(later.body.find("senast den <strong>" + on(11) + "</strong>") != std::string::npos, later.body);
}

// A booking's time is stored in UTC; the letters print it as the municipality's clock shows it
// (Europe/Stockholm): 10:00–16:00 booked in summer (+02:00) and in winter (+01:00) read
// "kl. 10.00–16.00", not the UTC hours ("kl. 08.00–14.00" / "kl. 09.00–15.00") printed before.
BOOST_AUTO_TEST_CASE(ABookingLetterPrintsTheBookedTimeOnTheMunicipalitysClockInSummerAndWinter) {
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", server.Token("admin"),
                                    R"({"name":"Storsalen","capacity":120})").status == 201);
  const std::string year = granska::testing::GrantYear();
  const std::string summer = year + "-07-15", winter = year + "-01-15";
  for (const auto& [day, offset] : {std::pair{summer, std::string("+02:00")}, std::pair{winter, std::string("+01:00")}}) {
    auto s = server.Post("/api/v1/applications", intake,
                         granska::testing::SampleBooking("storsalen", day + "T10:00:00" + offset, day + "T16:00:00" + offset));
    BOOST_TEST_REQUIRE(s.status == 201, s.body);
    const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
    BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                   R"({"outcome":"approved","reasons":"Lokalen är ledig."})").status == 200);
    const auto date = *granska::domain::Date::Parse(day);
    auto sv = server.Get("/api/v1/cases/" + id + "/letter?lang=sv", officer);
    BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
    const std::string sv_period = granska::letters::LetterFormat(granska::letters::Language::kSv).Date(date) +
                                  " kl. 10.00\u2013" "16.00";
    BOOST_TEST(sv.body.find(sv_period) != std::string::npos, day << ": " << sv_period << " missing");
    BOOST_TEST(sv.body.find("kl. 08.00") == std::string::npos, day);
    BOOST_TEST(sv.body.find("kl. 09.00") == std::string::npos, day);
    auto en = server.Get("/api/v1/cases/" + id + "/letter?lang=en", officer);
    const std::string en_period =
        granska::letters::LetterFormat(granska::letters::Language::kEn).Date(date) + ", 10:00\u2013" "16:00";
    BOOST_TEST(en.body.find(en_period) != std::string::npos, day << ": " << en_period << " missing");
    // The event is named as the application names it (its purpose), not "Lokalbokning".
    BOOST_TEST(sv.body.find("för arrangemanget ”free text”") != std::string::npos, sv.body);
    BOOST_TEST(sv.body.find("”Lokalbokning”") == std::string::npos);
  }
}

// The letters name the criteria the decision rests on: a verified incident's flag, without the
// screening's routing sentence ("Ärendet hänskjuts till den rådgivande arbetsgruppen ..."), and
// never a note: an unverified report (DV-7) is for the officer only; a public letter tying the
// association to alleged violence that is not verified named it as a ground before.
BOOST_AUTO_TEST_CASE(ALetterCitesTheFlagWithoutItsRoutingAndLeavesOutNotes) {
  const std::string coordinator = server.Token("coordinator");
  for (const auto& [kind, verified] : {std::pair{"threat", true}, std::pair{"violence", false}}) {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         std::string(R"({"subject":{"org_number":"802456-7896"},"kind":")") + kind +
                             R"(","occurred_on":")" + Today(-400) + R"(","source":"court_judgment","verified":)" +
                             (verified ? "true" : "false") + R"(,"reference":"Göteborgs tingsrätt B 1234-25"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  auto s = Parse(server.Post("/api/v1/applications", intake, SampleGrant()).body);
  BOOST_TEST_REQUIRE(s->getValue<std::string>("status") == "referred");
  const auto id = std::to_string(s->getValue<long long>("case_id"));
  for (int i = 0; i < 3; ++i)
    BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/advice", server.Token("advisory_member", "Ledamot " + std::to_string(i)),
                                   R"({"recommendation":"reject","reasoning":"Hotet är allvarligt."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/communication", officer,
                                 R"({"intended_outcome":"rejected","reasons":"Hot mot tjänsteman.","reply_by":")" + Today(1) + "\"}")
                         .status == 200);
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/reply", intake, R"({"text":"Vi bestrider."})").status == 200);
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                 R"({"outcome":"rejected","reasons":"Demokrativillkoret är inte uppfyllt."})").status == 200);
  for (const std::string lang : {"sv", "en"}) {
    auto letter = server.Get("/api/v1/cases/" + id + "/letter?lang=" + lang, officer);
    BOOST_TEST_REQUIRE(letter.status == 200, letter.body);
    BOOST_TEST(letter.Header("X-Letter-Type") == "rejection");
    BOOST_TEST(letter.body.find("DV-1") != std::string::npos, lang);
    BOOST_TEST(letter.body.find("Göteborgs tingsrätt B 1234-25") != std::string::npos, lang);
    for (const char* absent : {"DV-7", "inte verifierad", "not verified", "unverified", "hänskjuts", "regeln avgör inte",
                               "is referred to the advisory group", "does not decide it"})
      BOOST_TEST(letter.body.find(absent) == std::string::npos, lang << ": " << absent);
    // The group's tally in words (it read "3 avslag" and "ledamot/ledamöter").
    BOOST_TEST(letter.body.find(lang == "sv" ? "lämnade råd: 3 ledamöter förordade avslag."
                                             : "gave its advice: 3 members advised rejection.") != std::string::npos,
               letter.body);
  }
}

BOOST_AUTO_TEST_SUITE_END()
