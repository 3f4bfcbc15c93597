// The web interface over real HTTP: sign-in and its throttling, sessions that expire, CSRF,
// which role sees which page, the security headers and cookie flags, the language switch,
// forms that call the workflow, reads that are recorded, and the template checks.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <sys/wait.h>

#include <Poco/AutoPtr.h>
#include <Poco/Channel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>

#include <mutex>
#include <vector>

#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "http/request_handler.hpp"
#include "pages/assets.hpp"
#include "pages/page_renderer.hpp"

using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;

namespace {

constexpr const char* kPassword = "rätt-hemligt-lösenord";

using granska::testing::Browser;

long long Id(const std::string& json, const std::string& key) {
  Poco::JSON::Parser p;
  return p.parse(json).extract<Poco::JSON::Object::Ptr>()->getValue<long long>(key);
}

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake", "E-tjänsten");
  std::string officer_token = Staff("case_officer", "Karin Holm");
  std::string member1 = Staff("advisory_member", "Johan Berg");
  std::string member2 = Staff("advisory_member", "Leila Haddad");
  std::string member3 = Staff("advisory_member", "Per Nilsson");
  std::string coordinator = Staff("coordinator", "Sara Ek");
  std::string auditor = Staff("auditor", "Mats Lund");
  std::string admin = Staff("admin", "Systemförvaltare");
  long long flagged = 0;

  // A user with a token (for arranging through the API) and a password (for the pages).
  std::string Staff(const std::string& role, const std::string& name) {
    return server.StaffToken(role, name, kPassword);
  }

  Fixture() {
    auto i = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"person":"Omar Lind"},"kind":"threat","occurred_on":")" + Today(-584) + R"(",
                             "source":"court_judgment","verified":true,"reference":"Göteborgs tingsrätt B 1234-25",
                             "summary":"Hot mot en journalist."})");
    BOOST_REQUIRE_EQUAL(i.status, 201);
    auto r = server.Post("/api/v1/applications", intake, SampleGrant());
    BOOST_REQUIRE_EQUAL(r.status, 201);
    flagged = Id(r.body, "case_id");
  }
  std::string CasePath(const std::string& tail = "") const { return "/cases/" + std::to_string(flagged) + tail; }
  Browser SignedIn(const std::string& name) {
    Browser b(server.Port());
    auto r = b.SignIn(name, kPassword);
    BOOST_TEST_REQUIRE(r.status == 303, name << ": " << r.status << " " << r.body.substr(0, 400));
    return b;
  }
  void Advise(const std::string& token) {
    auto r = server.Post("/api/v1/cases/" + std::to_string(flagged) + "/advice", token,
                         R"({"recommendation":"approve_with_conditions","reasoning":"Enstaka händelse, avståndstagande finns."})");
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Pages, Fixture)

// ---- Sign-in ------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(SignInWithTheRightPasswordStartsASessionWithStrictCookies) {
  Browser b(server.Port());
  auto login = b.Get("/login");
  BOOST_TEST(login.status == 200);
  const std::string csrf_cookie = login.Cookie("granska_login_csrf");
  BOOST_TEST(Has(csrf_cookie, "HttpOnly"));
  BOOST_TEST(Has(csrf_cookie, "SameSite=Strict"));
  auto r = b.Post("/login", {{"csrf", Browser::CsrfOf(login.body)}, {"login", "  karin HOLM "}, {"password", kPassword}});
  BOOST_TEST_REQUIRE(r.status == 303, r.body);
  BOOST_TEST(r.Header("Location") == "/queue");
  const std::string cookie = r.Cookie("granska_session");
  BOOST_TEST_REQUIRE(!cookie.empty());
  BOOST_TEST(Has(cookie, "; HttpOnly"));
  BOOST_TEST(Has(cookie, "; SameSite=Strict"));
  BOOST_TEST(Has(cookie, "; Path=/"));
  BOOST_TEST(!Has(cookie, "Secure"), "not behind TLS by default: " << cookie);
  auto queue = b.Get("/queue");
  BOOST_TEST(queue.status == 200);
  BOOST_TEST(Has(queue.body, "Karin Holm"));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'signed_in' AND actor_name = 'Karin Holm'") == 1);
  // Only the SHA-256 of the cookie value is stored.
  const std::string token = b.Jar()["granska_session"];
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM sessions WHERE token_hash = '" + token + "'") == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM sessions") == 1);
}

BOOST_AUTO_TEST_CASE(AWrongPasswordAndAnUnknownNameGetTheSameAnswer) {
  Browser b(server.Port());
  auto wrong = b.SignIn("Karin Holm", "fel lösenord");
  auto unknown = b.SignIn("Ingen Alls", kPassword);
  for (const auto* r : {&wrong, &unknown}) {
    BOOST_TEST(r->status == 422);
    BOOST_TEST(Has(r->body, "Namnet eller lösenordet är fel."));
    BOOST_TEST(Has(r->body, "aria-invalid=\"true\""));
    BOOST_TEST(r->Cookie("granska_session").empty());
  }
  BOOST_TEST(b.Get("/queue").status == 303);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'sign_in_failed'") == 2);
  // An empty form names both fields.
  auto empty = b.Submit("/login", "/login", {{"login", ""}, {"password", ""}});
  BOOST_TEST(empty.status == 422);
  BOOST_TEST(Has(empty.body, "href=\"#login-login\""));
  BOOST_TEST(Has(empty.body, "href=\"#login-password\""));
}

BOOST_AUTO_TEST_CASE(RepeatedFailuresThrottleTheAccountAndThenTheAddress) {
  Browser b(server.Port());
  for (int i = 0; i < 5; ++i) BOOST_TEST(b.SignIn("Johan Berg", "nej").status == 422);
  auto blocked = b.SignIn("Johan Berg", kPassword);
  BOOST_TEST(blocked.status == 429, "the right password does not help before the wait is over");
  BOOST_TEST(Has(blocked.body, "För många misslyckade inloggningar"));
  BOOST_TEST(Has(blocked.body, "Försök igen om 1 minut."), blocked.body);
  BOOST_TEST(blocked.Header("Retry-After") == "60");
  BOOST_TEST(blocked.Cookie("granska_session").empty());
  // Another account from the same address still signs in...
  BOOST_TEST(Browser(server.Port()).SignIn("Leila Haddad", kPassword).status == 303);
  // ...until the address itself has failed too often (20).
  for (int i = 0; i < 15; ++i) BOOST_TEST(b.SignIn("Namn " + std::to_string(i), "nej").status == 422);
  BOOST_TEST(Browser(server.Port()).SignIn("Per Nilsson", kPassword).status == 429);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'sign_in_throttled'") == 2);
  // The wait passes: signing in works again with the right password.
  server.Db().Exec("UPDATE sign_in_throttle SET last_attempt_at = last_attempt_at - interval '1 minute', "
                   "last_failure_at = last_failure_at - interval '1 minute'");
  BOOST_TEST(Browser(server.Port()).SignIn("Johan Berg", kPassword).status == 303);
}

BOOST_AUTO_TEST_CASE(ARememberedBrowserSignsInWhileOthersFailWithItsName) {
  Browser own(server.Port());
  auto first = own.SignIn("Johan Berg", kPassword);
  BOOST_TEST_REQUIRE(first.status == 303);
  const std::string device = first.Cookie("granska_device");
  BOOST_TEST_REQUIRE(!device.empty());
  BOOST_TEST(Has(device, "; Path=/login"), device);
  BOOST_TEST(Has(device, "; Max-Age=7776000"), device);
  BOOST_TEST(Has(device, "; HttpOnly"));
  BOOST_TEST(Has(device, "; SameSite=Strict"));
  // Someone else fails with the name until it waits.
  Browser other(server.Port());
  for (int i = 0; i < 5; ++i) BOOST_TEST(other.SignIn("Johan Berg", "nej").status == 422);
  BOOST_TEST(Browser(server.Port()).SignIn("Johan Berg", kPassword).status == 429);
  // The officer's own browser (after signing out, or its session expired) is not held back.
  Browser again(server.Port());
  again.Jar()["granska_device"] = own.Jar()["granska_device"];
  auto r = again.SignIn("Johan Berg", kPassword);
  BOOST_TEST(r.status == 303, r.body);
  BOOST_TEST(r.Cookie("granska_device").find(own.Jar()["granska_device"]) != std::string::npos,
             "the same device is remembered again");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'signed_in' AND detail->>'device' = "
                               "'remembered'") == 1);
}

BOOST_AUTO_TEST_CASE(AThrottledSignInSaysWhenToTryAgainInEitherLanguage) {
  Browser b(server.Port());
  for (int i = 0; i < 5; ++i) BOOST_TEST(b.SignIn("Sara Ek", "nej").status == 422);
  // Three more failures, each after its wait: the next wait is 8 minutes.
  for (int i = 0; i < 3; ++i) {
    server.Db().Exec("UPDATE sign_in_throttle SET last_attempt_at = last_attempt_at - interval '8 minutes'");
    BOOST_TEST(b.SignIn("Sara Ek", "nej").status == 422);
  }
  b.Get("/login?lang=en");
  auto en = b.SignIn("Sara Ek", kPassword);
  BOOST_TEST(en.status == 429);
  BOOST_TEST(en.Header("Retry-After") == "480");
  BOOST_TEST(Has(en.body, "Too many failed sign-ins"), en.body);
  BOOST_TEST(Has(en.body, "Try again in 8 minutes."), en.body);
  b.Get("/login?lang=sv");
  auto sv = b.SignIn("Sara Ek", kPassword);
  BOOST_TEST(sv.status == 429);
  BOOST_TEST(Has(sv.body, "Försök igen om 8 minuter."), sv.body);
  server.Db().Exec("UPDATE sign_in_throttle SET last_attempt_at = last_attempt_at - interval '8 minutes'");
  BOOST_TEST(b.SignIn("Sara Ek", kPassword).status == 303);
}

BOOST_AUTO_TEST_CASE(TheEServiceHasNoPasswordAndPasswordsHaveAMinimumLength) {
  auto intake_pw = server.Runtime().Sessions().SetPasswordByName(granska::domain::Actor{}, "E-tjänsten", kPassword);
  BOOST_TEST_REQUIRE(!intake_pw);
  BOOST_TEST(intake_pw.Err().errors.front().field == "user");
  auto short_pw = server.Runtime().Sessions().SetPasswordByName(granska::domain::Actor{}, "Karin Holm", "kort");
  BOOST_TEST_REQUIRE(!short_pw);
  BOOST_TEST(short_pw.Err().errors.front().field == "password");
  const std::string hash = [&] {
    long long n = server.Db().Count("SELECT count(*) FROM user_credentials WHERE password_hash LIKE '$argon2id$%'");
    return std::to_string(n);
  }();
  BOOST_TEST(hash == "7");
}

// ---- Sessions -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(AnExpiredOrIdleSessionSendsTheBrowserBackToSignIn) {
  Browser b = SignedIn("Karin Holm");
  BOOST_TEST(b.Get("/queue").status == 200);
  server.Db().Exec("UPDATE sessions SET expires_at = now() - interval '1 minute'");
  auto expired = b.Get("/cases?status=referred");
  BOOST_TEST(expired.status == 303);
  BOOST_TEST(expired.Header("Location") == "/login?next=%2Fcases%3Fstatus%3Dreferred");

  Browser idle = SignedIn("Karin Holm");
  BOOST_TEST(idle.Get("/queue").status == 200);
  server.Db().Exec("UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE revoked_at IS NULL");
  BOOST_TEST(idle.Get("/queue").status == 303);
  // Signing in again from the redirect returns to the page asked for.
  auto page = idle.Get("/login?next=%2Fcases%3Fstatus%3Dreferred");
  auto back = idle.Post("/login", {{"csrf", Browser::CsrfOf(page.body)}, {"login", "Karin Holm"}, {"password", kPassword},
                                   {"next", "/cases?status=referred"}});
  BOOST_TEST(back.status == 303);
  BOOST_TEST(back.Header("Location") == "/cases?status=referred");
  // A next that leaves the site is ignored.
  Browser c(server.Port());
  auto login = c.Get("/login");
  auto away = c.Post("/login", {{"csrf", Browser::CsrfOf(login.body)}, {"login", "Karin Holm"}, {"password", kPassword},
                                {"next", "//evil.example/"}});
  BOOST_TEST(away.Header("Location") == "/queue");
  // Browsers drop a tab from a URL and read a backslash as a slash: "/\t/evil.example" and
  // "/\\evil.example" would leave the site too, so any control character, space or backslash
  // makes the next ignored.
  const std::pair<std::string, std::string> tricks[] = {{"/\t/evil.example/login", "%2F%09%2Fevil.example%2Flogin"},
                                                       {"/\\evil.example", "%2F%5Cevil.example"},
                                                       {"/cases\\..\\x", "%2Fcases%5C..%5Cx"},
                                                       {"/ /evil.example", "%2F%20%2Fevil.example"}};
  for (const auto& [next, encoded] : tricks) {
    Browser d(server.Port());
    auto form = d.Get("/login?next=" + encoded);
    BOOST_TEST(Has(form.body, R"(name="next" value="")"), next);
    auto tabbed = d.Post("/login", {{"csrf", Browser::CsrfOf(form.body)}, {"login", "Karin Holm"}, {"password", kPassword},
                                    {"next", next}});
    BOOST_TEST(tabbed.Header("Location") == "/queue", next);
  }
}

BOOST_AUTO_TEST_CASE(SigningOutEndsTheSessionInTheDatabase) {
  Browser b = SignedIn("Mats Lund");
  const auto jar = b.Jar();
  auto out = b.Submit("/cases", "/logout", {});
  BOOST_TEST(out.status == 303);
  BOOST_TEST(out.Header("Location") == "/login?done=signed_out");
  BOOST_TEST(Has(out.Cookie("granska_session"), "Max-Age=0"));
  // The old cookie is dead even if a browser keeps sending it.
  b.Jar() = jar;
  BOOST_TEST(b.Get("/cases").status == 303);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM sessions WHERE revoked_at IS NOT NULL") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'signed_out'") == 1);
}

BOOST_AUTO_TEST_CASE(SettingAPasswordEndsTheUsersSessions) {
  Browser karin = SignedIn("Karin Holm");
  Browser admin_browser = SignedIn("Systemförvaltare");
  const long long karin_id = server.Db().Count("SELECT id FROM users WHERE name = 'Karin Holm'");
  auto r = admin_browser.Submit("/admin/users", "/admin/users/" + std::to_string(karin_id) + "/password",
                                {{"password", "ett-nytt-langt-losenord"}});
  BOOST_TEST(r.status == 303, r.body.substr(0, 300));
  BOOST_TEST(karin.Get("/queue").status == 303);
  BOOST_TEST(Browser(server.Port()).SignIn("Karin Holm", "ett-nytt-langt-losenord").status == 303);
  // Too short: the message is next to that user's field, in Swedish.
  auto bad = admin_browser.Submit("/admin/users", "/admin/users/" + std::to_string(karin_id) + "/password",
                                  {{"password", "kort"}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "måste vara minst 12 tecken"));
  BOOST_TEST(Has(bad.body, "id=\"password-" + std::to_string(karin_id) + "-password-error\""));
}

// ---- CSRF -------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(AFormWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing) {
  Browser b = SignedIn("Karin Holm");
  const auto before = server.Db().Count("SELECT version FROM cases WHERE id = " + std::to_string(flagged));
  auto none = b.Post(CasePath("/assign"), {});
  BOOST_TEST(none.status == 403);
  BOOST_TEST(Has(none.body, "Formuläret har gått ut"));
  auto wrong = b.Post(CasePath("/assign"), {{"csrf", "x" + std::string(42, 'a')}});
  BOOST_TEST(wrong.status == 403);
  // Another session's token is not this session's.
  Browser other = SignedIn("Karin Holm");
  auto foreign = b.Post(CasePath("/assign"), {{"csrf", Browser::CsrfOf(other.Get("/queue").body)}});
  BOOST_TEST(foreign.status == 403);
  BOOST_TEST(server.Db().Count("SELECT version FROM cases WHERE id = " + std::to_string(flagged)) == before);
  // The right token goes through.
  auto ok = b.Submit(CasePath(), CasePath("/assign"), {});
  BOOST_TEST(ok.status == 303);
  BOOST_TEST(ok.Header("Location") == CasePath("?done=assigned"));
  // The sign-in form is checked against its own cookie.
  Browser fresh(server.Port());
  BOOST_TEST(fresh.Post("/login", {{"csrf", "abc"}, {"login", "Karin Holm"}, {"password", kPassword}}).status == 403);
}

BOOST_AUTO_TEST_CASE(AFormSentAsSomethingElseThanAFormIsRefused) {
  Browser b = SignedIn("Karin Holm");
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(server.Port()));
  Poco::Net::HTTPRequest req("POST", CasePath("/assign"), Poco::Net::HTTPMessage::HTTP_1_1);
  req.set("Cookie", "granska_session=" + b.Jar()["granska_session"]);
  req.setContentType("application/json");
  const std::string body = "{}";
  req.setContentLength(2);
  s.sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  s.receiveResponse(resp);
  BOOST_TEST(resp.getStatus() == 415);
}

// ---- Roles -----------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(EveryPageAnswersItsRolesAndRefusesTheOthers) {
  const std::string packet = "/advisory/cases/" + std::to_string(flagged);
  // page -> roles that may open it
  const std::vector<std::pair<std::string, std::vector<std::string>>> pages = {
      {"/queue", {"officer"}},
      {"/queue?view=open", {"officer"}},
      {"/cases", {"officer", "auditor"}},
      {"/cases?status=referred&kind=grant&recommendation=flag", {"officer", "auditor"}},
      {CasePath(), {"officer", "auditor"}},
      {"/advisory", {"member", "coordinator"}},
      {"/advisory/meeting", {"member", "coordinator", "officer"}},
      {packet, {"member", "coordinator"}},
      {"/incidents", {"officer", "coordinator", "auditor"}},
      {"/incidents/new", {"officer", "coordinator"}},
      {"/conditions", {"officer", "auditor"}},
      {"/conditions?view=overdue", {"officer", "auditor"}},
      {"/premises/calendar", {"officer", "coordinator", "admin"}},
      {"/audits", {"auditor"}},
      {"/admin/users", {"admin"}},
      {"/admin/premises", {"admin"}},
      {"/rules", {"officer", "member", "coordinator", "auditor", "admin"}},
  };
  const std::map<std::string, std::string> names = {{"officer", "Karin Holm"},   {"member", "Johan Berg"},
                                                    {"coordinator", "Sara Ek"},   {"auditor", "Mats Lund"},
                                                    {"admin", "Systemförvaltare"}};
  Browser anonymous(server.Port());
  for (const auto& [path, allowed] : pages) {
    auto r = anonymous.Get(path);
    BOOST_TEST(r.status == 303, path);
    BOOST_TEST(r.Header("Location").rfind("/login?next=", 0) == 0u, path);
  }
  for (const auto& [who, name] : names) {
    Browser b = SignedIn(name);
    for (const auto& [path, allowed] : pages) {
      const bool may = std::find(allowed.begin(), allowed.end(), who) != allowed.end();
      for (const char* lang : {"sv", "en"}) {
        auto r = b.Get(path + (path.find('?') == std::string::npos ? "?" : "&") + "lang=" + lang);
        BOOST_TEST(r.status == (may ? 200 : 403), who << " " << path << " " << lang << ": " << r.status << " "
                                                       << (r.status == 500 ? r.body : ""));
        if (may) BOOST_TEST(Has(r.body, std::string("<html lang=\"") + lang + "\">"), who << " " << path);
      }
    }
    // The start page sends each role to its own home.
    auto home = b.Get("/");
    BOOST_TEST(home.status == 303);
  }
}

BOOST_AUTO_TEST_CASE(ThePacketPseudonymisesNamesForTheGroupAndTheCaseFileShowsThemToTheOfficer) {
  Browser member = SignedIn("Johan Berg");
  auto packet = member.Get("/advisory/cases/" + std::to_string(flagged));
  BOOST_TEST_REQUIRE(packet.status == 200);
  BOOST_TEST(!Has(packet.body, "Omar Lind"));
  BOOST_TEST(!Has(packet.body, "Anna Andersson"));
  BOOST_TEST(!Has(packet.body, "anna@example.org"));
  BOOST_TEST(Has(packet.body, "Person B"));
  BOOST_TEST(Has(packet.body, "Göteborgs tingsrätt B 1234-25"));
  Browser officer = SignedIn("Karin Holm");
  auto file = officer.Get(CasePath());
  BOOST_TEST(Has(file.body, "Omar Lind"));
  BOOST_TEST(Has(file.body, "DV-1"));
  // Both reads are recorded, with who read what.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'packet_viewed' AND actor_name = 'Johan Berg'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'case_file_viewed' AND actor_name = 'Karin Holm' "
                               "AND case_id = " + std::to_string(flagged)) == 1);
  officer.Get("/incidents");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'incident_register_viewed' AND actor_name = 'Karin Holm'") == 1);
}

// Reads are recorded for every opening; the history shows what happened to the case and
// counts the reads beside it, with the ten most recent, so the page does not grow per visit.
BOOST_AUTO_TEST_CASE(TheCaseHistoryCountsReadsOfTheCaseFileInsteadOfListingEach) {
  Browser member = SignedIn("Johan Berg");
  BOOST_TEST_REQUIRE(member.Get("/advisory/cases/" + std::to_string(flagged)).status == 200);  // packet_viewed
  BOOST_TEST_REQUIRE(server.Get("/api/v1/cases/" + std::to_string(flagged), officer_token).status == 200);  // via the API
  Browser officer = SignedIn("Karin Holm");
  for (int i = 0; i < 12; ++i) BOOST_TEST_REQUIRE(officer.Get(CasePath()).status == 200);
  auto page = officer.Get(CasePath());
  BOOST_TEST_REQUIRE(page.status == 200);
  const auto history_at = page.body.find("id=\"timeline-heading\"");
  const auto reads_at = page.body.find("<details class=\"reads\">");
  BOOST_TEST_REQUIRE(history_at != std::string::npos);
  BOOST_TEST_REQUIRE(reads_at != std::string::npos);
  BOOST_TEST_REQUIRE(reads_at > history_at);
  const std::string history = page.body.substr(history_at, reads_at - history_at);
  const std::string reads = page.body.substr(reads_at, page.body.find("</details>", reads_at) - reads_at);
  BOOST_TEST(Has(history, "Ansökan inkom"));
  BOOST_TEST(!Has(history, "Ärendet läst"));
  BOOST_TEST(!Has(history, "Remissunderlag läst"));
  // 1 packet + 1 API + 12 page reads before this one, which is recorded after it was read.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event IN ('case_file_viewed', 'packet_viewed') AND case_id = " +
                               std::to_string(flagged)) == 15);
  BOOST_TEST(Has(reads, "Läsningar av ärendet: 14"));
  std::size_t listed = 0;
  for (auto at = reads.find("<li>"); at != std::string::npos; at = reads.find("<li>", at + 1)) ++listed;
  BOOST_TEST(listed == 10u);
  BOOST_TEST(Has(reads, "Karin Holm"));
  BOOST_TEST(!Has(reads, "Johan Berg"));  // the packet read is older than the ten shown
}

// ---- Headers, static files, language ---------------------------------------------------------

BOOST_AUTO_TEST_CASE(PagesCarryTheSecurityHeadersAndStaticFilesAreCached) {
  Browser b = SignedIn("Karin Holm");
  BOOST_TEST(Browser(server.Port()).Get("/login").Header("Content-Security-Policy") ==
             "default-src 'self'; script-src 'self'; frame-ancestors 'none'");
  const std::vector<std::string> paths{"/queue", CasePath(), "/incidents", "/rules"};
  for (const auto& path : paths) {
    auto r = b.Get(path);
    BOOST_TEST(r.Header("Content-Security-Policy") == "default-src 'self'; script-src 'self'; frame-ancestors 'none'", path);
    BOOST_TEST(r.Header("X-Frame-Options") == "DENY");
    BOOST_TEST(r.Header("X-Content-Type-Options") == "nosniff");
    BOOST_TEST(r.Header("Referrer-Policy") == "no-referrer");
    BOOST_TEST(r.Header("Cache-Control") == "no-store");
    BOOST_TEST(r.Header("Content-Type") == "text/html; charset=utf-8");
    // No inline script or style anywhere: the CSP would block it.
    BOOST_TEST(!Has(r.body, "<script"), path);
    BOOST_TEST(!Has(r.body, "style="), path);
    BOOST_TEST(!Has(r.body, "<style"), path);
    // Nothing is loaded from elsewhere: no fonts, scripts or style sheets from a CDN.
    BOOST_TEST(!std::regex_search(r.body, std::regex("(src|href)=\"(https?:)?//")), path);
  }
  std::smatch m;
  const std::string html = b.Get("/queue").body;
  BOOST_TEST_REQUIRE(std::regex_search(html, m, std::regex("href=\"(/static/granska\\.css\\?v=[0-9a-f]+)\"")));
  auto css = b.Get(m[1].str());
  BOOST_TEST(css.status == 200);
  BOOST_TEST(css.Header("Content-Type") == "text/css; charset=utf-8");
  BOOST_TEST(css.Header("Cache-Control") == "public, max-age=31536000, immutable");
  BOOST_TEST(Has(css.body, ":focus-visible"));
  auto again = b.Get("/static/granska.css", {{"If-None-Match", css.Header("ETag")}});
  BOOST_TEST(again.status == 304);
  BOOST_TEST(b.Get("/static/nope.css").status == 404);
}

BOOST_AUTO_TEST_CASE(TheLanguageSwitchRendersEnglishAndIsRemembered) {
  Browser b(server.Port());
  auto sv = b.Get("/login");
  BOOST_TEST(Has(sv.body, "<html lang=\"sv\">"));
  BOOST_TEST(Has(sv.body, "Logga in i Granska"));
  BOOST_TEST(Has(sv.body, "href=\"/login?lang=en\" lang=\"en\""));
  auto en = b.Get("/login?lang=en");
  BOOST_TEST(Has(en.body, "<html lang=\"en\">"));
  BOOST_TEST(Has(en.body, "Sign in to Granska"));
  BOOST_TEST(Has(en.Cookie("granska_lang"), "SameSite=Strict"));
  BOOST_TEST(Has(b.Get("/login").body, "Sign in to Granska"), "the cookie keeps English");
  // Untranslated use-case messages are marked as English inside a Swedish page.
  BOOST_TEST(Has(b.Get("/login?lang=sv").body, "Logga in i Granska"));
}

// ---- Forms call the workflow --------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(AnOfficerRecordsAReplyThatCameByEmailThroughTheCasePage) {
  Advise(member1);
  Advise(member2);
  Advise(member3);
  Browser b = SignedIn("Karin Holm");
  const std::string reply_by = granska::app::SystemClock().Today().AddDays(14).ToString();
  auto sent = b.Submit(CasePath(), CasePath("/communication"),
                       {{"intended_outcome", "rejected"}, {"reasons", "Föreningen har inte tagit avstånd."}, {"reply_by", reply_by}});
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body.substr(0, 2000));
  auto page = b.Get(CasePath());
  BOOST_TEST_REQUIRE(Has(page.body, "action=\"" + CasePath("/reply") + "\""), "the reply form is offered");
  auto empty = b.Submit(CasePath(), CasePath("/reply"), {{"text", " "}});
  BOOST_TEST(empty.status == 422);
  BOOST_TEST(Has(empty.body, "id=\"reply-text-error\""), empty.body.substr(0, 200));
  auto ok = b.Submit(CasePath(), CasePath("/reply"), {{"text", "Vi tog avstånd på årsmötet, protokollet bifogas."}});
  BOOST_TEST_REQUIRE(ok.status == 303, ok.body.substr(0, 2000));
  BOOST_TEST(ok.Header("Location") == CasePath("?done=reply_recorded"));
  auto after = b.Get(ok.Header("Location"));
  BOOST_TEST(Has(after.body, "Sökandens svar är registrerat."));
  BOOST_TEST(Has(after.body, "protokollet bifogas"));
  BOOST_TEST(!Has(after.body, "action=\"" + CasePath("/reply") + "\""), "answered: no reply form");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE case_id = " + std::to_string(flagged) +
                               " AND event = 'reply_received' AND actor_role = 'case_officer'") == 1);
}

BOOST_AUTO_TEST_CASE(DecidingThroughTheFormShowsSwedishFieldErrorsThenRecordsTheDecision) {
  Advise(member1);
  Advise(member2);
  Advise(member3);
  Browser b = SignedIn("Karin Holm");
  auto page = b.Get(CasePath());
  BOOST_TEST_REQUIRE(Has(page.body, "action=\"" + CasePath("/decision") + "\""), "the decision form is offered");
  // Nothing filled in: every problem is named next to its field, in Swedish.
  auto empty = b.Submit(CasePath(), CasePath("/decision"), {{"outcome", "approved_with_conditions"}, {"amount_sek", ""}});
  BOOST_TEST(empty.status == 422);
  BOOST_TEST(Has(empty.body, "id=\"decide-reasons-error\""));
  BOOST_TEST(Has(empty.body, "motiveringen skrivs när beslutet fattas"));
  BOOST_TEST(Has(empty.body, "id=\"decide-special-reasons-error\""));
  BOOST_TEST(Has(empty.body, "ett bifall med villkor behöver minst ett villkor"));
  BOOST_TEST(Has(empty.body, "måste anges för att bevilja bidrag"));
  BOOST_TEST(Has(empty.body, "aria-invalid=\"true\""));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions") == 0);
  // A bad date in the second row is reported on that row.
  auto bad_row = b.Submit(CasePath(), CasePath("/decision"),
                          {{"outcome", "approved_with_conditions"}, {"amount_sek", "45000"}, {"reasons", "Skäl."},
                           {"special_reasons", "Föreningen har tagit avstånd."}, {"conditions[1].kind", "activity_report"},
                           {"conditions[1].due", "31/12"}, {"conditions[1].description", "Rapport"}});
  BOOST_TEST(bad_row.status == 422);
  BOOST_TEST(Has(bad_row.body, "id=\"decide-conditions-1--due-error\""), bad_row.body.substr(0, 200));
  // Filled in: recorded, then back to the case.
  auto ok = b.Submit(CasePath(), CasePath("/decision"),
                     {{"outcome", "approved_with_conditions"},
                      {"amount_sek", "45 000"},
                      {"reasons", "Föreningen uppfyller villkoren för verksamhetsbidrag."},
                      {"special_reasons", "Händelsen var enstaka och föreningen har tagit avstånd offentligt."},
                      {"conditions[0].kind", "activity_report"},
                      {"conditions[0].due", "2099-12-31"},
                      {"conditions[0].description", "Verksamhetsrapport för 2027"}});
  BOOST_TEST_REQUIRE(ok.status == 303, ok.body.substr(0, 2000));
  BOOST_TEST(ok.Header("Location") == CasePath("?done=decided"));
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM decisions WHERE outcome = 'approved_with_conditions' AND amount_sek = 45000") == 1);
  auto decided = b.Get(ok.Header("Location"));
  BOOST_TEST(Has(decided.body, "Beslutet är registrerat."));
  BOOST_TEST(Has(decided.body, "Verksamhetsrapport för 2027"));
  BOOST_TEST(!Has(decided.body, "action=\"" + CasePath("/decision") + "\""), "decided: no decision form");
  // The condition is fulfilled on the board.
  const long long condition = server.Db().Count("SELECT id FROM conditions");
  auto missing = b.Submit("/conditions?view=pending", "/conditions/" + std::to_string(condition) + "/close",
                          {{"action", "fulfil"}, {"text", ""}, {"view", "pending"}});
  BOOST_TEST(missing.status == 422);
  BOOST_TEST(Has(missing.body, "vad visar att villkoret är uppfyllt?"));
  auto fulfilled = b.Submit("/conditions?view=pending", "/conditions/" + std::to_string(condition) + "/close",
                            {{"action", "fulfil"}, {"text", "Rapporten inkom 2027-11-30."}, {"view", "pending"}});
  BOOST_TEST(fulfilled.status == 303);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE status = 'fulfilled'") == 1);
  // The letters issued with the decision open from the case page.
  BOOST_TEST(Has(decided.body, "href=\"" + CasePath("/letter?lang=sv&amp;format=pdf") + "\""));
  auto pdf = b.Get(CasePath("/letter?lang=sv&format=pdf"));
  BOOST_TEST(pdf.status == 200, pdf.body.substr(0, 300));
  BOOST_TEST(pdf.Header("Content-Type") == "application/pdf");
  BOOST_TEST(pdf.body.rfind("%PDF", 0) == 0u);
  auto html = b.Get(CasePath("/letter?lang=en&format=html"));
  BOOST_TEST(html.status == 200);
  BOOST_TEST(Has(html.Header("Content-Security-Policy"), "sandbox"));
  // The posting of the minutes: a day not yet come is refused in Swedish; today is recorded,
  // the last day to appeal is shown and the notice opens from the case. (The English letter
  // above switched the pages to English; back to Swedish.)
  decided = b.Get(CasePath("?lang=sv"));
  BOOST_TEST(Has(decided.body, "Sista dag för överklagande kan anges när"));
  BOOST_TEST_REQUIRE(Has(decided.body, "action=\"" + CasePath("/minutes-posted") + "\""));
  auto future = b.Submit(CasePath(), CasePath("/minutes-posted"), {{"posted_on", "2099-01-01"}});
  BOOST_TEST(future.status == 422);
  BOOST_TEST(Has(future.body, "får inte vara senare än i dag"), future.body.substr(0, 300));
  BOOST_TEST(Has(future.body, "Protokollet anslaget: "));
  const std::string today = granska::app::SystemClock().Today().ToString();
  auto posted = b.Submit(CasePath(), CasePath("/minutes-posted"), {{"posted_on", today}, {"minutes_reference", "KFN § 12"}});
  BOOST_TEST_REQUIRE(posted.status == 303, posted.body.substr(0, 2000));
  BOOST_TEST(posted.Header("Location") == CasePath("?done=minutes_recorded"));
  auto with_notice = b.Get(posted.Header("Location"));
  BOOST_TEST(Has(with_notice.body, "Anslaget är registrerat"));
  BOOST_TEST(Has(with_notice.body, "KFN § 12"));
  BOOST_TEST(Has(with_notice.body, "Rätta anslaget"));
  BOOST_TEST(Has(with_notice.body, "type=appeal_notice&amp;lang=sv&amp;format=pdf"));
  auto notice = b.Get(CasePath("/letter?type=appeal_notice&lang=sv&format=html"));
  BOOST_TEST(notice.status == 200);
  BOOST_TEST(Has(notice.body, "Underrättelse om tid för överklagande"));
  // The auditor reads the decided case without forms.
  Browser auditor_browser = SignedIn("Mats Lund");
  auto audit_view = auditor_browser.Get(CasePath());
  BOOST_TEST(audit_view.status == 200);
  BOOST_TEST(!Has(audit_view.body, "<form method=\"post\" action=\"/cases"));
}

BOOST_AUTO_TEST_CASE(TheCaseListFiltersByAge) {
  Browser b = SignedIn("Karin Holm");
  const std::string number = "<a href=\"" + CasePath() + "\"";
  BOOST_TEST(Has(b.Get("/cases").body, number));
  auto old = b.Get("/cases?older_than_days=7");
  BOOST_TEST(old.status == 200);
  BOOST_TEST(!Has(old.body, number), "a case submitted today is not older than 7 days");
  BOOST_TEST(Has(old.body, "<option value=\"7\" selected>Äldre än 7 dagar</option>"));
  server.Db().Exec("UPDATE cases SET submitted_on = current_date - 8 WHERE id = " + std::to_string(flagged));
  BOOST_TEST(Has(b.Get("/cases?older_than_days=7").body, number));
}

BOOST_AUTO_TEST_CASE(AdviceAndJavGoThroughTheWorkflowAndARecusedMemberLosesThePacket) {
  Browser per = SignedIn("Per Nilsson");
  const std::string packet = "/advisory/cases/" + std::to_string(flagged);
  auto empty = per.Submit(packet, packet + "/recusal", {{"reason", ""}});
  BOOST_TEST(empty.status == 422);
  BOOST_TEST(Has(empty.body, "måste anges när du anmäler jäv"));
  auto recused = per.Submit(packet, packet + "/recusal", {{"reason", "Jag sitter i föreningens styrelse."}});
  BOOST_TEST(recused.status == 303);
  BOOST_TEST(recused.Header("Location") == "/advisory?done=recused");
  BOOST_TEST(per.Get(packet).status == 403);
  Browser johan = SignedIn("Johan Berg");
  auto advice = johan.Submit(packet, packet + "/advice",
                             {{"recommendation", "approve_with_conditions"}, {"reasoning", "Avstånd är taget."},
                              {"proposed_conditions", "Öppet för allmänheten\nVerksamhetsrapport"}});
  BOOST_TEST(advice.status == 303);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM advice WHERE recusal = false") == 1);
  auto twice = johan.Submit(packet, packet + "/advice", {{"recommendation", "reject"}, {"reasoning", "Igen."}});
  BOOST_TEST(twice.status == 409, "one answer per member and referral");
  BOOST_TEST(Has(twice.body, "Åtgärden kunde inte genomföras"));
  // Asking for the names is recorded and reveals them.
  Browser leila = SignedIn("Leila Haddad");
  BOOST_TEST(!Has(leila.Get(packet).body, "Omar Lind"));
  auto names = leila.Submit(packet, packet + "/names", {{"reason", "Behövs för att bedöma koppling."}});
  BOOST_TEST(names.status == 303);
  BOOST_TEST(Has(leila.Get(packet).body, "Omar Lind"));
}

BOOST_AUTO_TEST_CASE(TheIncidentFormUsesTheApiParserAndRecordsTheIncident) {
  Browser sara = SignedIn("Sara Ek");
  auto bad = sara.Submit("/incidents/new", "/incidents",
                         {{"subject_type", "org"}, {"subject.org_number", "123"}, {"kind", "threat"},
                          {"occurred_on", "2025-02-30"}, {"source", "court_judgment"}, {"verified", "true"}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "id=\"incident-subject-org-number-error\""));
  BOOST_TEST(Has(bad.body, "id=\"incident-occurred-on-error\""));
  BOOST_TEST(Has(bad.body, "måste anges för en verifierad händelse"));
  auto ok = sara.Submit("/incidents/new", "/incidents",
                        {{"subject_type", "org"}, {"subject.org_number", "802456-7896"}, {"kind", "violence"},
                         {"occurred_on", "2025-02-03"}, {"source", "police_report"}, {"verified", "true"},
                         {"reference", "Polisanmälan 5000-K1234-25"}, {"summary", "Misshandel vid ett möte."}});
  BOOST_TEST(ok.status == 303);
  BOOST_TEST(Has(sara.Get("/incidents").body, "Polisanmälan 5000-K1234-25"));
}

BOOST_AUTO_TEST_CASE(AdminsCreateUsersAndPremisesThroughForms) {
  Browser a = SignedIn("Systemförvaltare");
  // The sector may be left out (shared/api.md); the list then says it is not given.
  auto created = a.Submit("/admin/users", "/admin/users", {{"name", "Eva Ny"}, {"role", "coordinator"}, {"sector", ""}});
  BOOST_TEST(created.status == 303);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM users WHERE name = 'Eva Ny' AND sector IS NULL") == 1);
  BOOST_TEST(Has(a.Get("/admin/users").body, "sektor ej angiven"));
  // A name in use, in any case and spacing, is refused: a name identifies one user.
  auto twin = a.Submit("/admin/users", "/admin/users", {{"name", " eva ny"}, {"role", "case_officer"}, {"sector", ""}});
  BOOST_TEST(twin.status == 422);
  BOOST_TEST(Has(twin.body, "en annan användare har redan det namnet"));
  const long long id = server.Db().Count("SELECT id FROM users WHERE name = 'Eva Ny'");
  BOOST_TEST(a.Submit("/admin/users", "/admin/users/" + std::to_string(id) + "/password",
                      {{"password", "evas-langa-losenord"}}).status == 303);
  BOOST_TEST(Browser(server.Port()).SignIn("eva ny", "evas-langa-losenord").status == 303);
  auto premises = a.Submit("/admin/premises", "/admin/premises", {{"id", "Fel Id"}, {"name", ""}, {"capacity", "x"}});
  BOOST_TEST(premises.status == 422);
  BOOST_TEST(Has(premises.body, "id=\"new-premises-id-error\""));
  BOOST_TEST(Has(premises.body, "id=\"new-premises-capacity-error\""));
  BOOST_TEST(a.Submit("/admin/premises", "/admin/premises", {{"id", "hallen"}, {"name", "Hallen"}, {"capacity", "80"}}).status == 303);
  BOOST_TEST(a.Submit("/admin/premises", "/admin/premises/hallen", {{"name", "Stora hallen"}, {"capacity", "90"}}).status == 303);
  BOOST_TEST(server.Db().Count("SELECT capacity FROM premises WHERE id = 'hallen' AND name = 'Stora hallen'") == 90);
}

BOOST_AUTO_TEST_CASE(TheAuditorDrawsASampleRecordsAFindingSignsOffAndOpensTheReport) {
  Advise(member1);
  Advise(member2);
  Advise(member3);
  auto d = server.Post("/api/v1/cases/" + std::to_string(flagged) + "/decision", officer_token,
                       R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren.",
                           "special_reasons":"Föreningen har tagit avstånd."})");
  BOOST_TEST_REQUIRE(d.status == 200, d.body);
  Browser mats = SignedIn("Mats Lund");
  auto missing = mats.Submit("/audits", "/audits", {{"from", "2000-01-01"}, {"to", "1999-01-01"}, {"sample_size", "x"}, {"seed", ""}});
  BOOST_TEST(missing.status == 422);
  BOOST_TEST(Has(missing.body, "id=\"audit-to-error\""));
  BOOST_TEST(Has(missing.body, "id=\"audit-sample-size-error\""));
  BOOST_TEST(Has(missing.body, "det gör dragningen återskapbar"));
  auto created = mats.Submit("/audits", "/audits", {{"from", "2000-01-01"}, {"to", "2099-12-31"}, {"sample_size", "5"}, {"seed", "42"}});
  BOOST_TEST_REQUIRE(created.status == 303, created.body.substr(0, 400));
  const std::string run = created.Header("Location").substr(0, created.Header("Location").find('?'));
  auto page = mats.Get(run);
  BOOST_TEST(page.status == 200);
  BOOST_TEST(Has(page.body, "Kontrollpunkter"));
  const std::string finding = run + "/items/" + std::to_string(flagged) + "/findings";
  BOOST_TEST(mats.Submit(run, finding, {{"severity", "minor"}, {"text", ""}}).status == 422);
  BOOST_TEST(mats.Submit(run, finding, {{"severity", "minor"}, {"text", "Verksamhetsberättelsen saknar datum."}}).status == 303);
  BOOST_TEST(Has(mats.Get(run).body, "Verksamhetsberättelsen saknar datum."));
  BOOST_TEST(mats.Submit(run, run + "/sign-off", {{"note", "Inga allvarliga brister."}}).status == 303);
  BOOST_TEST(mats.Submit(run, finding, {{"severity", "minor"}, {"text", "För sent."}}).status == 409);
  auto report = mats.Get(run + "/report");
  BOOST_TEST(report.status == 200);
  BOOST_TEST(Has(report.body, "<svg"));
  auto csv = mats.Get(run + "/report?format=csv");
  BOOST_TEST(csv.Header("Content-Type") == "text/csv; charset=utf-8");
}

// ---- Command line -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(UserPasswdReadsThePasswordFromStdin) {
  const std::string cmd = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && printf 'ett-losenord-fran-cli\\n' | GRANSKA_DB='" +
                          server.Db().AppConnection() + "' " + GRANSKA_BINARY + " user passwd --name 'Mats Lund' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  BOOST_TEST(WEXITSTATUS(status) == 0, out);
  BOOST_TEST(!Has(out, "ett-losenord-fran-cli"), "the password is never printed");
  BOOST_TEST(Browser(server.Port()).SignIn("Mats Lund", "ett-losenord-fran-cli").status == 303);
  const std::string unknown = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && printf 'ett-losenord-fran-cli\\n' | GRANSKA_DB='" +
                              server.Db().AppConnection() + "' " + GRANSKA_BINARY + " user passwd --name 'Ingen' >/dev/null 2>&1";
  BOOST_TEST(WEXITSTATUS(std::system(unknown.c_str())) == 1);
}

// Security review L3: the calendar page, like the API, refuses a period over 366 days and
// says which field is wrong; a whole leap year is shown.
BOOST_AUTO_TEST_CASE(TheCalendarPageRefusesAPeriodOfMoreThan366Days) {
  server.Db().Exec("INSERT INTO premises (id, name, capacity) VALUES ('storsalen', 'Storsalen', 120)");
  Browser b = SignedIn("Karin Holm");
  auto refused = b.Get("/premises/calendar?premises=storsalen&from=1900-01-01&to=2999-12-31");
  BOOST_TEST(refused.status == 422);
  BOOST_TEST(Has(refused.body, "får ligga högst 366 dagar efter startdatumet"), refused.body.substr(0, 2000));
  BOOST_TEST(b.Get("/premises/calendar?premises=storsalen&from=2028-01-01&to=2028-12-31").status == 200);
  // `to` is the last day shown: 2027-01-01 to 2028-01-01 is 366 days, one more is too many.
  BOOST_TEST(b.Get("/premises/calendar?premises=storsalen&from=2027-01-01&to=2028-01-01").status == 200);
  BOOST_TEST(b.Get("/premises/calendar?premises=storsalen&from=2027-01-01&to=2028-01-02").status == 422);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- The templates themselves ----------------------------------------------------------------------

BOOST_AUTO_TEST_SUITE(PageTemplates)

BOOST_AUTO_TEST_CASE(TheBuiltInTemplatesPassTheStartUpCheck) {
  auto r = granska::pages::PageRenderer::Load(granska::pages::BuiltInAssets());
  BOOST_TEST_REQUIRE(r.Ok(), (r ? std::string() : r.Err().detail));
  BOOST_TEST(r->PageNames().size() >= 15u);
}

BOOST_AUTO_TEST_CASE(AnUnknownStringAPartialOrUnescapedOutputStopsTheStart) {
  std::vector<granska::pages::Asset> assets(granska::pages::BuiltInAssets());
  assets.push_back({"templates/pages/broken.mustache", "{{t.no_such_string}} {{> page_nowhere}} {{{raw}}}"});
  auto r = granska::pages::PageRenderer::Load(assets);
  BOOST_TEST_REQUIRE(!r.Ok());
  const std::string detail = r.Err().detail;
  BOOST_TEST(Has(detail, "no_such_string"));
  BOOST_TEST(Has(detail, "page_nowhere"));
  BOOST_TEST(Has(detail, "unescaped"));
}

BOOST_AUTO_TEST_CASE(ALanguageMissingAKeyStopsTheStart) {
  std::vector<granska::pages::Asset> assets;
  for (const auto& a : granska::pages::BuiltInAssets())
    if (a.path != "templates/pages/strings_en.properties") assets.push_back(a);
  assets.push_back({"templates/pages/strings_en.properties", "app_name = Granska\n"});
  auto r = granska::pages::PageRenderer::Load(assets);
  BOOST_TEST_REQUIRE(!r.Ok());
  BOOST_TEST(Has(r.Err().detail, "strings_en.properties: lacks the key 'login_heading'"));
}

BOOST_AUTO_TEST_CASE(AMissingVariableIsAnErrorNotAnEmptyHole) {
  auto r = granska::pages::PageRenderer::Load(granska::pages::BuiltInAssets());
  BOOST_TEST_REQUIRE(r.Ok());
  granska::pages::View data;  // no frame, no fields
  BOOST_CHECK_THROW(r->Render("login", "sv", data), std::logic_error);
  try {
    r->Render("login", "sv", data);
  } catch (const std::logic_error& e) {
    BOOST_TEST(Has(e.what(), "frame.title"), e.what());
  }
}

BOOST_AUTO_TEST_CASE(FieldMessagesAreTranslatedExactlyOrByPrefixElseKeptInEnglish) {
  auto r = granska::pages::PageRenderer::Load(granska::pages::BuiltInAssets());
  BOOST_TEST_REQUIRE(r.Ok());
  bool translated = false;
  BOOST_TEST(r->Message("sv", "is required", translated) == "måste fyllas i");
  BOOST_TEST(translated);
  BOOST_TEST(r->Message("sv", "unknown value 'x'; must be one of a, b", translated).rfind("har ett värde", 0) == 0u);
  BOOST_TEST(r->Message("sv", "something new", translated) == "something new");
  BOOST_TEST(!translated);
  BOOST_TEST(r->Message("en", "is required", translated) == "is required");
}

BOOST_AUTO_TEST_CASE(MessagePatternsCarryTheirFiguresIntoTheTranslation) {
  auto r = granska::pages::PageRenderer::Load(granska::pages::BuiltInAssets());
  BOOST_TEST_REQUIRE(r.Ok());
  bool translated = false;
  // A '*' in the middle and the figure it stood for written where the Swedish says {1}.
  BOOST_TEST(r->Message("sv", "must not exceed the amount applied for (80000 kr)", translated) ==
             "får inte vara större än det sökta beloppet (80000 kr)");
  BOOST_TEST(translated);
  // Several '*'s, each taking the least text after which the rest still matches.
  BOOST_TEST(r->Message("sv",
                        "Case BID-2026-0007: the applicant may reply until 2026-12-20; decide after that or once a "
                        "reply has arrived.",
                        translated) ==
             "Ärende BID-2026-0007: sökanden får svara till och med 2026-12-20; besluta efter det eller när svaret "
             "har kommit in.");
  // The Swedish may use the '*'s in another order, or leave some out.
  BOOST_TEST(r->Message("sv", "Condition 12 in case BID-2026-0007 is already fulfilled.", translated) ==
             "Villkor 12 i ärende BID-2026-0007 är redan avslutat (fulfilled).");
  // Of two patterns that match, the one with more fixed text wins.
  BOOST_TEST(r->Message("sv", "No revocation is communicated in case BID-2026-0007: there is nothing to drop.",
                        translated) == "Ingen återkallelse är kommunicerad i ärende BID-2026-0007; det finns inget att avbryta.");
  BOOST_TEST(r->Message("sv", "No revocation is communicated in case BID-2026-0007.", translated) ==
             "Ingen återkallelse är kommunicerad i ärende BID-2026-0007.");
  // A pattern whose fixed end is not there does not match.
  BOOST_TEST(r->Message("sv", "Case BID-2026-0007 has no open referral. Something else", translated) ==
             "Case BID-2026-0007 has no open referral. Something else");
  BOOST_TEST(!translated);

  // Every conflict sentence the workflow writes is in the Swedish table (the English strings
  // below are the use cases' own, with sample values).
  for (const std::string english : {
           "Case BID-2026-0007 has no decision that can be appealed.",
           "Case BID-2026-0007: this appellant's appeal of the decision is already recorded and pending (appeal 3); "
           "record its outcome instead of recording it again.",
           "The outcome of appeal 3 in case BID-2026-0007 is already recorded (rejected on 2026-11-30); an appeal's "
           "outcome is recorded once.",
           "Audit 4 is signed off.", "Audit 4 is already signed off.",
           "A case in the sample was culled under the records plan while the audit was drawn; create the audit again.",
           "You have declared jäv in case BID-2026-0007 and may not advise on it.",
           "Case BID-2026-0007 has no open referral.",
           "You have already answered this referral of case BID-2026-0007.",
           "Case BID-2026-0007 has already been communicated (on 2026-12-01, reply by 2026-12-15); a new kommunicering "
           "replaces it and restarts the reply time. To send one, repeat the request with If-Match set to the case's "
           "ETag (\"4\").",
           "Case BID-2026-0007 has no communication to reply to.",
           "The communication in case BID-2026-0007 has already been answered.",
           "Case LOK-2026-0002: the premises are already booked at that time by case LOK-2026-0001; an overlapping "
           "booking cannot be approved.",
           "Case BID-2026-0007 still lacks what its screening asked for (needs_info: GE-8, GE-10): it can be approved "
           "once the application is supplemented; as it stands it can only be rejected.",
           "Case BID-2026-0007: the kommunicering of 2026-12-01 came before the advisory group's advice of 2026-12-05, "
           "which the decision may rest on: send a new kommunicering (förvaltningslagen 25 §).",
           "Case BID-2026-0007: the kommunicering of 2026-12-01 came before the supplement of 2026-12-05, which the "
           "decision may rest on: send a new kommunicering (förvaltningslagen 25 §).",
           "Case BID-2026-0007: the kommunicering of 2026-12-01 came before the re-screening of 2026-12-05, which the "
           "decision may rest on: send a new kommunicering (förvaltningslagen 25 §).",
           "Case BID-2026-0007 was flagged by a democracy rule and must be advised before it is approved: refer it to "
           "the advisory group (advice given before the flag, or before a re-screening added another democracy ground, "
           "does not count).",
           "Case BID-2026-0007: a verified incident concerning the applicant was recorded on 2026-12-08, after the "
           "case was last referred to the advisory group: refer it again so that the group weighs it before the case "
           "is approved.",
           "Case BID-2026-0007: a verified incident concerning the applicant was recorded on 2026-12-08, after the "
           "case was last referred to the advisory group: refer it again so that the group weighs it before the case "
           "is decided.",
           "Case BID-2026-0007 has a referral still awaiting advice.",
           "Case BID-2026-0007: a decision not fully in the applicant's favour needs kommunicering first "
           "(förvaltningslagen 25 §).",
           "Case BID-2026-0007: the kommunicering of 2026-12-01 announced a grant of 40000 kr; a decision less "
           "favourable than that needs a new kommunicering (förvaltningslagen 25 §).",
           "Case BID-2026-0007: the posting of 2026-12-01 is already recorded for this decision (last day to appeal "
           "2026-12-22).",
           "Condition 12 is already waived.",
           "Case BID-2026-0007 is not an approved booking; only rented premises are inspected.",
           "Inspection 2 already has its findings.",
           "Case BID-2026-0007 is already under legal hold (hold 1, placed 2026-12-01).",
           "Case BID-2026-0007 is not under legal hold.",
           "The part 'applicant_contact' of case BID-2026-0007 is already marked (mark 5, OSL 21:3); remove that "
           "mark first.",
           "Secrecy mark 5 was already removed.",
           "2 users are named 'karin holm'; a name must identify one user to sign in with it.",
           "Case BID-2026-0007 granted nothing; there is nothing to revoke.",
           "A revocation is already communicated in case BID-2026-0007.",
           "The intended revocation in case BID-2026-0007 has already been answered.",
           "Case BID-2026-0007: communicate the intended revocation first (förvaltningslagen 25 §).",
           "Case BID-2026-0007: the kommunicering of 2026-12-01 announced a repayment of 5000 kr; a larger claim needs "
           "a new kommunicering: drop this revocation and communicate again.",
           "Case BID-2026-0007 was changed by someone else meanwhile; read it again.",
           "Case BID-2026-0007 is 'in_review'; to communicate an intended revocation it must be one of: decided."}) {
    const std::string sv = r->Message("sv", english, translated);
    BOOST_TEST(translated, english);
    BOOST_TEST(!Has(sv, "{"), sv);
  }
}

BOOST_AUTO_TEST_CASE(AMessagePlaceholderWithoutItsStarIsRefusedAtLoad) {
  std::vector<granska::pages::Asset> assets;
  std::string table;
  for (const auto& a : granska::pages::BuiltInAssets())
    if (a.path == "templates/pages/messages_sv.txt")
      table = std::string(a.text) + "\nCase * is odd. => Ärende {1} är udda ({2}).\n";
    else
      assets.push_back(a);
  BOOST_TEST_REQUIRE(!table.empty());
  assets.push_back({"templates/pages/messages_sv.txt", table});
  auto r = granska::pages::PageRenderer::Load(assets);
  BOOST_TEST_REQUIRE(!r.Ok());
  BOOST_TEST(Has(r.Err().detail, "'{2}' names no '*' of the English (it has 1)"), r.Err().detail);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- Behind TLS -------------------------------------------------------------------------------------

namespace {

// A server of its own with a configuration the shared fixture does not have.
// Keeps what a Poco logger writes while it lives (warnings and worse), then restores it.
class LogCapture {
 public:
  explicit LogCapture(const std::string& name)
      : logger_(Poco::Logger::get(name)), old_channel_(logger_.getChannel()), old_level_(logger_.getLevel()) {
    logger_.setChannel(new Channel(*this));
    logger_.setLevel(Poco::Message::PRIO_WARNING);
  }
  ~LogCapture() {
    logger_.setChannel(old_channel_);
    logger_.setLevel(old_level_);
  }
  std::vector<std::string> Messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  class Channel final : public Poco::Channel {
   public:
    explicit Channel(LogCapture& owner) : owner_(owner) {}
    void log(const Poco::Message& msg) override {
      std::lock_guard lock(owner_.mutex_);
      owner_.messages_.push_back(msg.getText());
    }

   private:
    LogCapture& owner_;
  };
  Poco::Logger& logger_;
  Poco::AutoPtr<Poco::Channel> old_channel_;
  int old_level_;
  std::mutex mutex_;
  std::vector<std::string> messages_;
};

std::string HttpGet(int port, const std::string& path) { return granska::testing::HttpRequest(port, "GET", path).body; }

struct ConfiguredServer {
  granska::testing::TestDatabase db;
  granska::app::Config config;
  std::unique_ptr<granska::app::Runtime> rt;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int port = 0;

  explicit ConfiguredServer(const std::function<void(granska::app::Config&)>& adjust) {
    config.db_connection = db.AppConnection();
    config.http_threads = 2;
    config.db_pool_size = 2;
    config.rules_dir = std::string(GRANSKA_SOURCE_DIR) + "/rules";
    config.templates_dir = std::string(GRANSKA_SOURCE_DIR) + "/templates";
    config.letters_config = std::string(GRANSKA_SOURCE_DIR) + "/config/municipality.properties";
    config.records_plan = std::string(GRANSKA_SOURCE_DIR) + "/config/records_plan.yaml";
    adjust(config);
    rt = std::make_unique<granska::app::Runtime>(config);
    rt->Users().Add({}, {0, "Karin Holm", granska::domain::Role::kCaseOfficer, ""}, "t", granska::app::HashTokenHex("t"));
    BOOST_TEST_REQUIRE(rt->Sessions().SetPasswordByName({}, "Karin Holm", kPassword).Ok());
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    port = socket.address().port();
    server = std::make_unique<Poco::Net::HTTPServer>(new granska::http::RequestHandlerFactory(rt->Services(), rt->Router()),
                                                     socket, new Poco::Net::HTTPServerParams);
    server->start();
  }
  ~ConfiguredServer() { server->stopAll(true); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(BehindTlsTheSessionCookieIsSecureWithTheHostPrefix) {
  ConfiguredServer own([](granska::app::Config& c) { c.session.cookie_secure = true; });
  Browser b(own.port);
  auto login = b.Get("/login");
  BOOST_TEST(Has(login.Cookie("granska_login_csrf"), "; Secure"));
  auto r = b.Post("/login", {{"csrf", Browser::CsrfOf(login.body)}, {"login", "Karin Holm"}, {"password", kPassword}});
  BOOST_TEST(r.status == 303);
  const std::string cookie = r.Cookie("__Host-granska_session");
  BOOST_TEST(Has(cookie, "; Secure"), cookie);
  BOOST_TEST(Has(cookie, "; HttpOnly"));
  BOOST_TEST(Has(cookie, "; SameSite=Strict"));
  BOOST_TEST(Has(cookie, "; Path=/"));
  BOOST_TEST(!Has(cookie, "Domain="));
  BOOST_TEST(b.Get("/queue").status == 200);
}

BOOST_AUTO_TEST_CASE(BehindATrustedProxyTheForwardedAddressIsThrottledNotTheProxy) {
  ConfiguredServer own([](granska::app::Config& c) { c.trusted_proxies = {"127.0.0.1"}; });
  int attempt = 0;  // each under another name, so that no account reaches its limit
  auto fail_from = [&](const std::string& forwarded) {
    Browser b(own.port);
    auto login = b.Get("/login");
    std::map<std::string, std::string> headers;
    if (!forwarded.empty()) headers["X-Forwarded-For"] = forwarded;
    const std::string body = "csrf=" + Browser::CsrfOf(login.body) + "&login=nobody" + std::to_string(++attempt) +
                             "&password=wrong-password-1";
    return b.PostRaw("/login", body, headers).status;
  };
  BOOST_TEST(fail_from("203.0.113.7") == 422);
  BOOST_TEST(fail_from("198.51.100.1, 203.0.113.8") == 422);  // the rightmost untrusted hop counts
  BOOST_TEST(fail_from("127.0.0.1") == 422);                  // only proxies: the last one is the client
  BOOST_TEST(fail_from("") == 422);
  BOOST_TEST(fail_from("2001:db8:7:7::1") == 422);
  BOOST_TEST(fail_from("2001:db8:7:7:abcd::2") == 422);  // the same /64: one client network
  granska::testing::TestDatabase& db = own.db;
  auto count = [&](const std::string& key) {
    return db.Count("SELECT coalesce((SELECT failures FROM sign_in_throttle WHERE scope = 'address' AND key = '" + key +
                    "'), 0)");
  };
  BOOST_TEST(count("203.0.113.7") == 1);
  BOOST_TEST(count("203.0.113.8") == 1);
  BOOST_TEST(count("198.51.100.1") == 0, "a client-supplied hop left of the untrusted one is not believed");
  BOOST_TEST(count("127.0.0.1") == 2);
  BOOST_TEST(count("2001:db8:7:7::/64") == 2);
  // A trusted proxy's header is what it is for: nothing to warn about.
  BOOST_TEST(Has(HttpGet(own.port, "/metrics"), "granska_untrusted_forwarded_for_total 0"));
}

BOOST_AUTO_TEST_CASE(AnUntrustedPeersForwardedForIsIgnoredAndWarnedAboutOnce) {
  ConfiguredServer own([](granska::app::Config&) {});
  LogCapture log("granska.http");
  Browser b(own.port);
  auto login = b.Get("/login");
  BOOST_TEST(Has(HttpGet(own.port, "/metrics"), "granska_untrusted_forwarded_for_total 0"));
  const std::string body = "csrf=" + Browser::CsrfOf(login.body) + "&login=nobody&password=wrong-password-1";
  BOOST_TEST(b.PostRaw("/login", body, {{"X-Forwarded-For", "203.0.113.9"}}).status == 422);
  BOOST_TEST(own.db.Count("SELECT failures FROM sign_in_throttle WHERE scope = 'address' AND key = '127.0.0.1'") == 1);
  BOOST_TEST(own.db.Count("SELECT count(*) FROM sign_in_throttle WHERE key = '203.0.113.9'") == 0);
  b.Get("/login", {{"X-Forwarded-For", "203.0.113.10"}});
  // Every such request is counted; the warning, naming the setting, is logged once.
  BOOST_TEST(Has(HttpGet(own.port, "/metrics"), "granska_untrusted_forwarded_for_total 2"));
  const auto warnings = log.Messages();
  BOOST_TEST_REQUIRE(warnings.size() == 1u);
  BOOST_TEST(Has(warnings[0], "http.trusted_proxies"));
  BOOST_TEST(Has(warnings[0], "127.0.0.1"));
  BOOST_TEST(!Has(warnings[0], "203.0.113.9"), "the header's own content is not logged");
}
