// A request for what an incomplete application lacks (begäran om komplettering,
// förvaltningslagen 20 §): the officer names a reply date (and may add a message), the
// needs_info letter is issued and archived from it, and a case whose screening recommends
// needs_info is rejected "as it stands" only after the request, once its reply date has passed
// or a supplement has answered it. Before, the letter was a draft that was never issued and a
// needs_info case could be rejected without the applicant ever having been asked.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "common/browser.hpp"
#include "common/test_server.hpp"

using granska::testing::BookingDay;
using granska::testing::Browser;
using granska::testing::ErrorFields;
using granska::testing::OrgNumberFor;
using granska::testing::Parse;
using granska::testing::Replace;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using granska::testing::Today;

namespace {

constexpr const char* kPassword = "rätt-hemligt-lösenord";
constexpr const char* kReject = R"({"outcome":"rejected","reasons":"Ansökan är inte komplett."})";

bool Has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake", "E-tjänsten");
  std::string officer = server.StaffToken("case_officer", "Karin Holm", kPassword);

  // A grant whose board has not accepted the democracy conditions (DV-6) and that names no
  // bankgiro (GE-10): needs_info.
  std::string Incomplete(int org) {
    std::string body = Replace(SampleGrant(OrgNumberFor(org)), R"("democracy_conditions_accepted":true)",
                               R"("democracy_conditions_accepted":false)");
    body = Replace(body, R"("bankgiro":"5050-1055",)", "");
    auto r = server.Post("/api/v1/applications", intake, body);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    BOOST_TEST_REQUIRE(Parse(r.body)->getValue<std::string>("status") == "needs_info", r.body);
    return std::to_string(Parse(r.body)->getValue<long long>("case_id"));
  }
  std::string Path(const std::string& id) { return "/api/v1/cases/" + id; }
  long long Count(const std::string& sql) { return server.Db().Count(sql); }
  long long Version(const std::string& id) { return Count("SELECT version FROM cases WHERE id = " + id); }
  granska::testing::HttpResult Ask(const std::string& id, const std::string& body,
                                   const std::map<std::string, std::string>& headers = {}) {
    return server.Request("POST", Path(id) + "/information-request", officer, body, "application/json", headers);
  }
  // An intended rejection communicated; `lapsed`: its reply time has run out (sent 15 days ago).
  void Communicated(const std::string& id, bool lapsed) {
    auto c = server.Post(
        Path(id) + "/communication", officer,
        R"({"intended_outcome":"rejected","reasons":"Ansökan är inte komplett.","reply_by":")" + Today(14) + "\"}");
    BOOST_TEST_REQUIRE(c.status == 200, c.body);
    if (lapsed)
      server.Db().Exec("UPDATE communications SET reply_by = current_date - 1, sent_at = sent_at - interval '15 days' "
                       "WHERE case_id = " + id);
  }
  std::string Body(int days, const std::string& message = "") {
    return R"({"reply_by":")" + Today(days) + "\"" +
           (message.empty() ? std::string() : R"(,"message":")" + message + "\"") + "}";
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(InformationRequest, Fixture)

BOOST_AUTO_TEST_CASE(ARequestIssuesTheLetterWithItsDateAndMessageAndIsRecordedOnTheCase) {
  const std::string id = Incomplete(61);
  // Before the request the letter route offers the draft.
  auto draft = server.Get(Path(id) + "/letter?type=needs_info&format=html", officer);
  BOOST_TEST_REQUIRE(draft.status == 200, draft.body);
  BOOST_TEST(draft.Header("X-Letter-Status") == "draft");

  const long long before = Version(id);
  auto r = Ask(id, Body(21, "Skicka också protokollet från årsmötet där stadgarna antogs."));
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto s = Parse(r.body);
  BOOST_TEST(s->getValue<std::string>("status") == "needs_info");  // the status stays
  BOOST_TEST(s->getValue<long long>("version") == before + 1);
  BOOST_TEST(r.Header("ETag") == "\"" + std::to_string(before + 1) + "\"");

  // The case shows the request: its rules in the screening's order, date, message, unanswered.
  auto c = Parse(server.Get(Path(id), officer).body);
  auto req = c->getObject("information_request");
  BOOST_TEST_REQUIRE(!req.isNull());
  BOOST_TEST(req->getValue<std::string>("reply_by") == Today(21));
  BOOST_TEST(req->getValue<std::string>("message") == "Skicka också protokollet från årsmötet där stadgarna antogs.");
  BOOST_TEST(req->getValue<std::string>("requested_by") == "Karin Holm");
  BOOST_TEST(req->isNull("supplemented_at"));
  auto rules = req->getArray("rules");
  std::string names;
  for (std::size_t i = 0; i < rules->size(); ++i) names += rules->getElement<std::string>(i) + " ";
  BOOST_TEST(Has(names, "DV-6 "), names);
  BOOST_TEST(Has(names, "GE-10 "), names);

  // Its event, with what it named, and the letters issued in the same transaction.
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id +
                   " AND event = 'information_requested' AND actor_name = 'Karin Holm' AND detail->>'reply_by' = '" +
                   Today(21) + "' AND detail->'rules' ? 'DV-6'") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id +
                   " AND type = 'needs_info' AND format = 'html' AND source LIKE 'information_request:%'") == 2);

  // The letter is now the issued one: it names the missing items, the officer's words and the
  // reply date in words, and is no draft.
  auto sv = server.Get(Path(id) + "/letter?type=needs_info&format=html&lang=sv", officer);
  BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
  BOOST_TEST(sv.Header("X-Letter-Status") == "issued");
  BOOST_TEST(!Has(sv.body, "UTKAST"));
  BOOST_TEST(Has(sv.body, "Begäran om komplettering"));
  BOOST_TEST(Has(sv.body, "(DV-6)"));
  BOOST_TEST(Has(sv.body, "(GE-10)"));
  BOOST_TEST(Has(sv.body, "Skicka också protokollet från årsmötet där stadgarna antogs."));
  BOOST_TEST(Has(sv.body, "Karin Holm"), "signed by the officer who made the request");
  auto en = server.Get(Path(id) + "/letter?type=needs_info&format=html&lang=en", officer);
  BOOST_TEST_REQUIRE(en.status == 200, en.body);
  BOOST_TEST(Has(en.body, "Request for further information"));
  BOOST_TEST(Has(en.body, "In addition"));
  // Without a type, the case's latest letter is this one.
  auto latest = server.Get(Path(id) + "/letter?format=html", officer);
  BOOST_TEST(latest.status == 200);
  BOOST_TEST(latest.body == sv.body);
}

BOOST_AUTO_TEST_CASE(BadInputIsNamedAndLeavesNothingBehind) {
  const std::string id = Incomplete(62);
  auto count = [&] { return Count("SELECT count(*) FROM information_requests WHERE case_id = " + id); };
  auto missing = Ask(id, "{}");
  BOOST_TEST(missing.status == 422);
  BOOST_TEST((ErrorFields(missing) == std::set<std::string>{"reply_by"}), missing.body);
  auto today = Ask(id, Body(0));
  BOOST_TEST(today.status == 422);
  BOOST_TEST(Has(today.body, "must be after today"), today.body);
  auto far = Ask(id, Body(400));
  BOOST_TEST(far.status == 422);
  BOOST_TEST(Has(far.body, "must be within 180 days"), far.body);
  auto unknown = Ask(id, R"({"reply_by":")" + Today(21) + R"(","deadline":"2027-01-01"})");
  BOOST_TEST(unknown.status == 422);
  BOOST_TEST((ErrorFields(unknown) == std::set<std::string>{"deadline"}), unknown.body);
  auto long_message = Ask(id, Body(21, std::string(4001, 'x')));
  BOOST_TEST(long_message.status == 422);
  BOOST_TEST((ErrorFields(long_message) == std::set<std::string>{"message"}), long_message.body);
  // Only a case officer; the e-service may not ask itself.
  auto intake_asks = server.Post(Path(id) + "/information-request", intake, Body(21));
  BOOST_TEST(intake_asks.status == 403);
  BOOST_TEST(Ask("999999", Body(21)).status == 404);
  BOOST_TEST(count() == 0);
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id) == 0);
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id + " AND event = 'information_requested'") == 0);

  // A complete application has nothing to ask for.
  auto r = server.Post("/api/v1/applications", intake, SampleGrant(OrgNumberFor(63)));
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  const std::string complete = std::to_string(Parse(r.body)->getValue<long long>("case_id"));
  auto nothing = Ask(complete, Body(21));
  BOOST_TEST(nothing.status == 409);
  BOOST_TEST(Has(nothing.body, "recommends cleared, not needs_info"), nothing.body);
  BOOST_TEST(Has(nothing.body, "\"current\""), nothing.body);
}

// A booking's supplement is for an event: its reply date comes before the booked day.
BOOST_AUTO_TEST_CASE(ABookingsReplyDateIsBeforeTheBookedDay) {
  auto p = server.Request("PUT", "/api/v1/premises/storsalen", server.Token("admin"), R"({"name":"Storsalen","capacity":120})");
  BOOST_TEST_REQUIRE(p.status == 201, p.body);
  auto r = server.Post("/api/v1/applications", intake,
                       Replace(SampleBooking(), R"("democracy_conditions_accepted":true)",
                               R"("democracy_conditions_accepted":false)"));
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
  BOOST_TEST_REQUIRE(Parse(r.body)->getValue<std::string>("status") == "needs_info", r.body);
  const std::string id = std::to_string(Parse(r.body)->getValue<long long>("case_id"));
  auto late = Ask(id, R"({"reply_by":")" + BookingDay() + "\"}");
  BOOST_TEST(late.status == 422);
  BOOST_TEST(Has(late.body, "must be before the booked day (" + BookingDay() + ")"), late.body);
  BOOST_TEST(Ask(id, Body(21)).status == 200);
}

BOOST_AUTO_TEST_CASE(ASecondRequestReplacesTheFirstOnlyWithIfMatch) {
  const std::string id = Incomplete(64);
  BOOST_TEST_REQUIRE(Ask(id, Body(14)).status == 200);
  // A retry or a double click does not replace what the applicant holds.
  auto again = Ask(id, Body(30));
  BOOST_TEST(again.status == 409);
  BOOST_TEST(Has(again.body, "already has a request"), again.body);
  BOOST_TEST(Has(again.body, "\"current\""), again.body);
  auto stale = Ask(id, Body(30), {{"If-Match", "\"" + std::to_string(Version(id) - 1) + "\""}});
  BOOST_TEST(stale.status == 409);
  BOOST_TEST(Count("SELECT count(*) FROM information_requests WHERE case_id = " + id) == 1);
  auto replaced = Ask(id, Body(30), {{"If-Match", "\"" + std::to_string(Version(id)) + "\""}});
  BOOST_TEST_REQUIRE(replaced.status == 200, replaced.body);
  auto c = Parse(server.Get(Path(id), officer).body);
  BOOST_TEST(c->getObject("information_request")->getValue<std::string>("reply_by") == Today(30));
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id +
                   " AND event = 'information_requested' AND (detail->>'replaces_earlier')::boolean") == 1);
  BOOST_TEST(Count("SELECT count(*) FROM letters WHERE case_id = " + id + " AND type = 'needs_info' AND format = 'html'") ==
             4);
}

BOOST_AUTO_TEST_CASE(ANeedsInfoCaseIsRejectedAsItStandsOnlyAfterTheRequestLapsedOrWasAnswered) {
  const std::string id = Incomplete(65);
  Communicated(id, true);
  // Never asked: refused, naming the request.
  auto unasked = server.Post(Path(id) + "/decision", officer, kReject);
  BOOST_TEST(unasked.status == 409);
  BOOST_TEST(Has(unasked.body, "has not been asked for it"), unasked.body);
  // Asked (after the kommunicering: the case is communicated), the time still running: refused.
  BOOST_TEST_REQUIRE(Ask(id, Body(21)).status == 200);
  auto early = server.Post(Path(id) + "/decision", officer, kReject);
  BOOST_TEST(early.status == 409);
  BOOST_TEST(Has(early.body, "was asked to supplement by " + Today(21) + "; decide after that date."), early.body);
  BOOST_TEST(Count("SELECT count(*) FROM decisions WHERE case_id = " + id) == 0);
  // The date has passed without a supplement: rejected as it stands.
  server.Db().Exec("UPDATE information_requests SET reply_by = current_date - 1, requested_at = requested_at - "
                   "interval '22 days' WHERE case_id = " + id);
  auto reject = server.Post(Path(id) + "/decision", officer, kReject);
  BOOST_TEST_REQUIRE(reject.status == 200, reject.body);
  // The decision recounts the request it rests on (förvaltningslagen 20 and 32 §§).
  auto sv = server.Get(Path(id) + "/letter?format=html&lang=sv", officer);
  BOOST_TEST_REQUIRE(sv.status == 200, sv.body);
  BOOST_TEST(sv.Header("X-Letter-Type") == "rejection");
  BOOST_TEST(Has(sv.body, "<h2>Begäran om komplettering</h2>"), sv.body);
  BOOST_TEST(Has(sv.body, "Någon komplettering har inte kommit in. Ansökan saknar fortfarande:"));
  BOOST_TEST(Has(sv.body, "(DV-6)"));
  BOOST_TEST(Has(sv.body, "(GE-10)"));
  auto en = server.Get(Path(id) + "/letter?format=html&lang=en", officer);
  BOOST_TEST(Has(en.body, "No supplement has been received. The application still lacks:"), en.body);
}

BOOST_AUTO_TEST_CASE(ASupplementAnswersTheRequest) {
  const std::string id = Incomplete(66);
  BOOST_TEST_REQUIRE(Ask(id, Body(21)).status == 200);
  // The applicant sends the bankgiro but still does not accept the democracy conditions.
  auto s = server.Post(Path(id) + "/supplement", intake, R"({"organisation":{"bankgiro":"5050-1055"}})");
  BOOST_TEST_REQUIRE(s.status == 200, s.body);
  BOOST_TEST(Parse(s.body)->getValue<std::string>("status") == "needs_info");
  auto c = Parse(server.Get(Path(id), officer).body);
  BOOST_TEST(!c->getObject("information_request")->isNull("supplemented_at"));
  // Answered: a new request needs no If-Match (it replaces nothing the applicant still holds),
  // and names only what is still missing.
  auto again = Ask(id, Body(21));
  BOOST_TEST_REQUIRE(again.status == 200, again.body);
  auto rules = Parse(server.Get(Path(id), officer).body)->getObject("information_request")->getArray("rules");
  BOOST_TEST_REQUIRE(rules->size() == 1u);
  BOOST_TEST(rules->getElement<std::string>(0) == "DV-6");
}

// Review H1: a kommunicering sent first made the case communicated, where the request could be
// made but no supplement taken: the letter asked for what the system then refused.
BOOST_AUTO_TEST_CASE(ARequestAfterAKommuniceringCanBeAnsweredByASupplement) {
  const std::string id = Incomplete(68);
  Communicated(id, false);
  BOOST_TEST_REQUIRE(Ask(id, Body(21)).status == 200);
  auto s = server.Post(Path(id) + "/supplement", intake,
                       R"({"organisation":{"bankgiro":"5050-1055"},"declarations":{"democracy_conditions_accepted":true}})");
  BOOST_TEST_REQUIRE(s.status == 200, s.body);
  BOOST_TEST(Parse(s.body)->getValue<std::string>("status") == "in_review");  // complete now
  auto approve = server.Post(Path(id) + "/decision", officer,
                             R"({"outcome":"approved","amount_sek":45000,"reasons":"Ansökan är komplett."})");
  BOOST_TEST(approve.status == 200, approve.body);
}

// Review M1, M2: a partial supplement does not shorten the time, and a request that did not
// name what the application lacks now is no ground to reject it as it stands.
BOOST_AUTO_TEST_CASE(APartialSupplementNeitherShortensTheTimeNorCoversWhatTheRequestDidNotName) {
  const std::string id = Incomplete(69);
  Communicated(id, true);
  BOOST_TEST_REQUIRE(Ask(id, Body(21)).status == 200);
  // Only the bankgiro: still lacking the democracy declaration, with time left to send it.
  BOOST_TEST_REQUIRE(
      server.Post(Path(id) + "/supplement", intake, R"({"organisation":{"bankgiro":"5050-1055"}})").status == 200);
  auto early = server.Post(Path(id) + "/decision", officer, kReject);
  BOOST_TEST(early.status == 409);
  BOOST_TEST(Has(early.body, "decide after that date"), early.body);
  // A supplement that cures the declaration but drops the statutes: the request never asked
  // for them (GE-2), so even after its date the case needs a new request.
  BOOST_TEST_REQUIRE(server.Post(Path(id) + "/supplement", intake,
                                 R"({"declarations":{"democracy_conditions_accepted":true},"attachments":[{"kind":"annual_report"},{"kind":"financial_statement"}]})")
                         .status == 200);
  server.Db().Exec("UPDATE information_requests SET reply_by = current_date - 1, requested_at = requested_at - "
                   "interval '22 days' WHERE case_id = " + id);
  auto unnamed = server.Post(Path(id) + "/decision", officer, kReject);
  BOOST_TEST(unnamed.status == 409);
  BOOST_TEST(Has(unnamed.body, "did not ask for (GE-2)"), unnamed.body);
  BOOST_TEST(Count("SELECT count(*) FROM decisions WHERE case_id = " + id) == 0);
}

// Review H2: the officer's words may name the association's people; the advisory group reads
// them pseudonymised, like the rest of the case.
BOOST_AUTO_TEST_CASE(TheAdvisoryGroupReadsTheRequestsMessagePseudonymised) {
  const std::string id = Incomplete(70);
  BOOST_TEST_REQUIRE(Ask(id, Body(21, "Kassören Omar Lind ska skriva under intyget.")).status == 200);
  auto refer = server.Post(Path(id) + "/referral", officer, R"({"question":"Behöver gruppens råd."})");
  BOOST_TEST_REQUIRE(refer.status == 200, refer.body);
  const std::string member = server.Token("advisory_member", "Johan Berg");
  auto read = server.Get(Path(id), member);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  const std::string message =
      Parse(read.body)->getObject("information_request")->getValue<std::string>("message");
  BOOST_TEST(!Has(message, "Omar Lind"), message);
  BOOST_TEST(Has(message, "Kassören Person "), message);
  // The officer reads it as written.
  BOOST_TEST(Has(server.Get(Path(id), officer).body, "Kassören Omar Lind ska skriva under intyget."));
}

BOOST_AUTO_TEST_CASE(TheCasePageSendsTheRequestAndShowsIt) {
  const std::string id = Incomplete(67);
  Browser b(server.Port());
  BOOST_TEST_REQUIRE(b.SignIn("Karin Holm", kPassword).status == 303);
  const std::string page = "/cases/" + id, action = page + "/information-request";
  auto before = b.Get(page);
  BOOST_TEST_REQUIRE(before.status == 200);
  BOOST_TEST(Has(before.body, "Begäran om komplettering (förvaltningslagen 20 §)"));
  BOOST_TEST(Has(before.body, "value=\"" + Today(21) + "\""), "the reply date is three weeks unless changed");
  BOOST_TEST(Has(before.body, "action=\"" + action + "\""));
  BOOST_TEST(Has(before.body, "Ingen begäran om komplettering har skickats."));
  // The decide form offers only a rejection, and says why: approving waits for a supplement.
  BOOST_TEST(Has(before.body, "name=\"outcome\" value=\"rejected\" checked"));
  BOOST_TEST(!Has(before.body, "name=\"outcome\" value=\"approved\""));
  BOOST_TEST(!Has(before.body, "name=\"outcome\" value=\"approved_with_conditions\""));
  BOOST_TEST(!Has(before.body, "name=\"amount_sek\""), "a rejection grants nothing");
  BOOST_TEST(Has(before.body, "Den kan beviljas först när den har kompletterats."));
  // A date that has passed: the form again with the error next to the field, in Swedish.
  auto bad = b.Submit(page, action, {{"version", std::to_string(Version(id))}, {"reply_by", Today(0)}});
  BOOST_TEST(bad.status == 422);
  BOOST_TEST(Has(bad.body, "id=\"information-request-reply-by-error\""), bad.body.substr(0, 400));
  BOOST_TEST(Has(bad.body, "måste vara efter i dag: sökanden behöver tid att komplettera"));
  BOOST_TEST(Count("SELECT count(*) FROM information_requests WHERE case_id = " + id) == 0);
  auto sent = b.Submit(page, action,
                       {{"version", std::to_string(Version(id))}, {"reply_by", Today(21)}, {"message", "Hör av er."}});
  BOOST_TEST_REQUIRE(sent.status == 303, sent.body);
  BOOST_TEST(Has(sent.Header("Location"), "done=information_requested"));
  auto after = b.Get(page + "?done=information_requested");
  BOOST_TEST(Has(after.body, "Begäran om komplettering är registrerad och brevet är utfärdat; skicka brevet till sökanden"));
  BOOST_TEST(Has(after.body, Today(21)));
  BOOST_TEST(Has(after.body, "Hör av er."));
  BOOST_TEST(Has(after.body, "Ingen komplettering har kommit in."));
  // What the letter asks for, by the rules' titles.
  BOOST_TEST(Has(after.body, "<li>DV-6: <span>Demokrativillkoren är inte accepterade</span></li>"), after.body.substr(0, 400));
  BOOST_TEST(Has(after.body, "<li>GE-10: <span>Bankgiro eller plusgiro saknas</span></li>"));
  BOOST_TEST(Has(after.body, "Komplettering begärd"), "the timeline names the event");
  BOOST_TEST(Has(before.body, "Utkast till begäran om komplettering"));
  BOOST_TEST(!Has(after.body, "Utkast till begäran om komplettering"), "the letter link is no longer a draft");
  BOOST_TEST(Count("SELECT count(*) FROM events WHERE case_id = " + id +
                   " AND event = 'information_requested' AND actor_name = 'Karin Holm'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
