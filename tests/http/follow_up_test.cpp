// Follow-up: conditions closed with evidence, the job (overdue, reminders, outbox over a
// real SMTP listener, several processes at once), calendar holds, inspections.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <ctime>
#include <thread>

#include "app/runtime.hpp"
#include "app/smtp_mailer.hpp"
#include "app/system_clock.hpp"
#include "common/smtp_listener.hpp"
#include "common/test_server.hpp"
#include "letters/letter_format.hpp"

using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::SmtpListener;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::BookingAt;
using granska::testing::BookingDay;
using granska::testing::Today;

namespace {

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string admin = server.Token("admin");
  granska::app::SystemClock clock;

  // A granted case with one condition due in `due_in_days`; returns the condition id.
  long long GrantWithCondition(const std::string& org, int due_in_days) {
    auto s = server.Post("/api/v1/applications", intake, SampleGrant(org));
    BOOST_REQUIRE_EQUAL(s.status, 201);
    const auto id = std::to_string(Parse(s.body)->getValue<long long>("case_id"));
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer,
                         R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.",
                             "conditions":[{"kind":"activity_report","due":")" + Today(due_in_days) +
                             R"(","description":"Verksamhetsberättelse för perioden"}]})");
    BOOST_REQUIRE_EQUAL(d.status, 200);
    auto detail = Parse(server.Get("/api/v1/cases/" + id, officer).body);
    return detail->getArray("conditions")->getObject(0)->getValue<long long>("id");
  }

  granska::workflow::FollowUpJob Job(granska::workflow::Mailer* mailer) {
    return granska::workflow::FollowUpJob(server.Runtime().Db(), clock, mailer, {});
  }
};

// A mailer that delivers through a real one, except for the `fail_at`-th message of its
// life (1-based): that one it does not send and either throws (a failing environment in the
// middle of a run) or reports `error`, as a refusing SMTP server would.
class FaultyMailer final : public granska::workflow::Mailer {
 public:
  FaultyMailer(granska::workflow::Mailer& real, int fail_at, bool throws, std::string error = "")
      : real_(real), fail_at_(fail_at), throws_(throws), error_(std::move(error)) {}
  std::string Send(const std::string& to, const std::string& subject, const std::string& body,
                   const std::string& message_id) override {
    if (++calls_ == fail_at_) {
      if (throws_) throw std::runtime_error("connection to the relay lost");
      return error_;
    }
    return real_.Send(to, subject, body, message_id);
  }

 private:
  granska::workflow::Mailer& real_;
  int fail_at_;
  bool throws_;
  std::string error_;
  int calls_ = 0;
};

int RunBinary(const std::string& env, const std::string& args) {
  const std::string cmd = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && " + env + " " + GRANSKA_BINARY + " " + args +
                          " > /dev/null 2>&1";
  return WEXITSTATUS(std::system(cmd.c_str()));
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(FollowUp, Fixture)

BOOST_AUTO_TEST_CASE(AConditionIsFulfilledWithEvidenceOnceAndListedByStatus) {
  const long long id = GrantWithCondition("802456-7896", 30);
  const std::string path = "/api/v1/conditions/" + std::to_string(id);
  BOOST_TEST(server.Post(path + "/fulfil", officer, R"({"evidence":" "})").status == 422);
  BOOST_TEST(server.Post(path + "/fulfil", intake, R"({"evidence":"x"})").status == 403);
  const std::string case_path = "/api/v1/cases/" + std::to_string(server.Db().Count(
                                    "SELECT case_id FROM conditions WHERE id = " + std::to_string(id)));
  const long long version = Parse(server.Get(case_path, officer).body)->getValue<long long>("version");
  auto r = server.Post(path + "/fulfil", officer, R"({"evidence":"Verksamhetsberättelse inkom 2027-01-15."})");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Parse(r.body)->getValue<std::string>("status") == "fulfilled");
  // The case moved on: a page read before the condition was closed is stale.
  BOOST_TEST(Parse(server.Get(case_path, officer).body)->getValue<long long>("version") == version + 1);
  BOOST_TEST(server.Post(path + "/waive", officer, R"({"reason":"x"})").status == 409);
  auto list = Parse(server.Get("/api/v1/conditions?status=fulfilled", officer).body)->getArray("items");
  BOOST_TEST(list->size() == 1u);
  BOOST_TEST(Parse(server.Get("/api/v1/conditions?status=pending", officer).body)->getArray("items")->size() == 0u);
  BOOST_TEST(server.Get("/api/v1/conditions?status=lost", officer).status == 422);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'condition_fulfilled'") == 1);
}

BOOST_AUTO_TEST_CASE(TheJobMarksOverdueAndSendsEachReminderOnce) {
  SmtpListener smtp;
  granska::app::SmtpMailer mailer("127.0.0.1", smtp.Port(), "granska@kommun.example");
  const long long soon = GrantWithCondition("802456-7896", 5);
  const long long late = GrantWithCondition("802512-3459", 30);
  server.Db().Exec("UPDATE conditions SET due = current_date - 3 WHERE id = " + std::to_string(late));
  auto job = Job(&mailer);
  auto first = job.RunOnce();
  BOOST_TEST(first.overdue_marked == 1);
  BOOST_TEST(first.reminders_written == 2);
  BOOST_TEST(first.mails_sent == 2);
  auto second = job.RunOnce();
  BOOST_TEST(second.overdue_marked == 0);
  BOOST_TEST(second.reminders_written == 0);
  BOOST_TEST(second.mails_sent == 0);
  BOOST_TEST_REQUIRE(smtp.Messages().size() == 2u);
  const auto all = smtp.Messages()[0] + smtp.Messages()[1];
  BOOST_TEST(all.find("anna@example.org") != std::string::npos);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE status = 'overdue' AND id = " +
                               std::to_string(late)) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'condition_overdue'") == 1);
  (void)soon;
}

// Letters review, item 10: the reminder said "2026-12-10", named no kind of condition and
// told the association to contact "the case officer" without saying who or how.
BOOST_AUTO_TEST_CASE(AReminderSaysTheDayInWordsTheConditionAndWhoToReport) {
  const long long late = GrantWithCondition("802512-3459", 30);
  server.Db().Exec("UPDATE conditions SET due = current_date - 3 WHERE id = " + std::to_string(late));
  granska::workflow::FollowUpSettings settings;
  settings.sender.unit = {"Föreningsenheten", "The Associations Unit"};
  settings.sender.phone = "0123-45 01 00";
  settings.sender.email = "foreningsbidrag@exempelby.example";
  granska::workflow::FollowUpJob job(server.Runtime().Db(), clock, nullptr, settings);
  BOOST_TEST(job.RunOnce().reminders_written == 1);
  const std::string body = server.Db().Text("SELECT body FROM outbox WHERE dedupe_key = 'reminder-overdue:" +
                                            std::to_string(late) + "'");
  const auto due = *granska::domain::Date::Parse(Today(-3));
  const std::string sv_due = granska::letters::LetterFormat(granska::letters::Language::kSv).Date(due);
  const std::string en_due = granska::letters::LetterFormat(granska::letters::Language::kEn).Date(due);
  const std::string officer_name = server.Db().Text(
      "SELECT u.name FROM decisions d JOIN users u ON u.id = d.decided_by JOIN conditions k ON k.case_id = d.case_id "
      "WHERE k.id = " + std::to_string(late));
  for (const std::string& said :
       {"skulle ha varit uppfyllt senast " + sv_due + " och är nu försenat", std::string("Villkor: Verksamhetsrapport\n"),
        std::string("Verksamhetsberättelse för perioden"), std::string("Redovisa till handläggaren hur villkoret"),
        "Handläggare: " + officer_name, std::string("Föreningsenheten\nTelefon: 0123-45 01 00\n"),
        std::string("E-post: foreningsbidrag@exempelby.example"), "was to be met by " + en_due,
        std::string("Condition: Activity report\n"), "Case officer: " + officer_name,
        std::string("The Associations Unit\nTelephone: 0123-45 01 00")})
    BOOST_TEST(body.find(said) != std::string::npos, said << " in\n" << body);
  BOOST_TEST(body.find(Today(-3)) == std::string::npos, "no ISO date: " << body);
}

BOOST_AUTO_TEST_CASE(TheOutboxSurvivesAnSmtpOutageAndDeliversLater) {
  GrantWithCondition("802456-7896", 5);
  // Reserve a port with nothing listening on it.
  int port = 0;
  { SmtpListener probe; port = probe.Port(); }
  granska::app::SmtpMailer mailer("127.0.0.1", port, "granska@kommun.example");
  auto job = Job(&mailer);
  auto down = job.RunOnce();
  BOOST_TEST(down.reminders_written == 1);
  BOOST_TEST(down.mails_failed == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 AND last_error IS NOT NULL") == 1);
  // The retry is due later; make it due now and bring the server up on the same port.
  server.Db().Exec("UPDATE outbox SET next_attempt_at = now()");
  SmtpListener smtp(port);
  auto up = job.RunOnce();
  BOOST_TEST(up.mails_sent == 1);
  BOOST_TEST(smtp.Messages().size() == 1u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL") == 1);
}

BOOST_AUTO_TEST_CASE(TwoProcessesRunningTheJobAtOnceSendEachReminderOnce) {
  SmtpListener smtp;
  for (int i = 0; i < 6; ++i) GrantWithCondition(granska::testing::OrgNumberFor(300 + i), 3 + i);
  server.Db().Exec("UPDATE conditions SET due = current_date - 1 WHERE id % 2 = 0");
  const std::string env = "GRANSKA_DB='" + server.Db().Connection() + "' GRANSKA_SMTP_HOST=127.0.0.1 GRANSKA_SMTP_PORT=" +
                          std::to_string(smtp.Port());
  int a = -1, b = -1;
  std::thread ta([&] { a = RunBinary(env, "jobs run-once"); });
  std::thread tb([&] { b = RunBinary(env, "jobs run-once"); });
  ta.join();
  tb.join();
  BOOST_TEST(a == 0);
  BOOST_TEST(b == 0);
  BOOST_TEST(smtp.Messages().size() == 6u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox") == 6);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL") == 6);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'condition_overdue'") == 3);
}

// Review M4: delivery is evidence that the applicant was reminded, and the outbox row is
// culled with the case, so each delivery is an event on the case's timeline.
BOOST_AUTO_TEST_CASE(EachDeliveredReminderIsRecordedAsOneReminderSentEvent) {
  SmtpListener smtp;
  granska::app::SmtpMailer mailer("127.0.0.1", smtp.Port(), "granska@kommun.example");
  for (int i = 0; i < 3; ++i) GrantWithCondition(granska::testing::OrgNumberFor(400 + i), 3 + i);
  auto job = Job(&mailer);
  BOOST_TEST(job.RunOnce().mails_sent == 3);
  BOOST_TEST(job.RunOnce().mails_sent == 0);
  BOOST_TEST(smtp.Messages().size() == 3u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_sent'") == 3);
  // One per outbox row, on that row's case, naming key, subject and recipient, not the body.
  BOOST_TEST(server.Db().Count(
                 "SELECT count(DISTINCT o.id) FROM outbox o JOIN events e ON e.event = 'reminder_sent' "
                 "AND e.case_id = o.case_id AND e.detail->>'dedupe_key' = o.dedupe_key "
                 "AND e.detail->>'subject' = o.subject AND e.detail->>'to' = o.to_address "
                 "AND (e.detail->>'outbox_id')::bigint = o.id AND NOT e.detail ? 'body' "
                 "WHERE o.sent_at IS NOT NULL") == 3);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_failed'") == 0);
}

BOOST_AUTO_TEST_CASE(AFailingMailerRecordsReminderFailedAndLeavesTheMessageForRetry) {
  SmtpListener smtp;
  granska::app::SmtpMailer real("127.0.0.1", smtp.Port(), "granska@kommun.example");
  GrantWithCondition("802456-7896", 5);
  // A server's reply may hold bytes that are not UTF-8, line breaks, and be long.
  const std::string reply = "554 5.7.1 refus\xe9\r\n" + std::string(4000, 'x');
  FaultyMailer refusing(real, 1, false, reply);
  auto failed = Job(&refusing).RunOnce();
  BOOST_TEST(failed.mails_failed == 1);
  BOOST_TEST(failed.mails_sent == 0);
  BOOST_TEST(smtp.Messages().empty());
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 1 "
                               "AND next_attempt_at > now() AND last_error LIKE '554 5.7.1 refus\\\\xe9%' "
                               "AND last_error ~ '^[ -~]*$' AND length(last_error) <= 503") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events e JOIN outbox o ON o.case_id = e.case_id "
                               "WHERE e.event = 'reminder_failed' AND e.detail->>'dedupe_key' = o.dedupe_key "
                               "AND e.detail->>'error' = o.last_error AND NOT e.detail ? 'body'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_sent'") == 0);
  // The row waits for its retry; when it is due it is delivered and recorded.
  server.Db().Exec("UPDATE outbox SET next_attempt_at = now()");
  auto retried = Job(&real).RunOnce();
  BOOST_TEST(retried.mails_sent == 1);
  BOOST_TEST(smtp.Messages().size() == 1u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND attempts = 2 "
                               "AND last_error IS NULL") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_sent' "
                               "AND (detail->>'attempt')::int = 2") == 1);
}

// A reminder queued while the mail server was down is not sent once its condition has been
// fulfilled in the meantime: the job withdraws it with an event instead. (It used to e-mail
// "your condition is due" about a condition already met.)
BOOST_AUTO_TEST_CASE(AReminderForAConditionClosedSinceItWasQueuedIsWithdrawnNotSent) {
  SmtpListener smtp;
  granska::app::SmtpMailer real("127.0.0.1", smtp.Port(), "granska@kommun.example");
  const long long fulfilled = GrantWithCondition("802456-7896", 5);
  const long long open = GrantWithCondition("802512-3459", 6);
  FaultyMailer refusing(real, 1, false, "421 4.3.2 try later");
  FaultyMailer refusing_second(refusing, 1, false, "421 4.3.2 try later");
  auto down = Job(&refusing_second).RunOnce();  // both messages fail and wait for their retry
  BOOST_TEST(down.reminders_written == 2);
  BOOST_TEST(down.mails_failed == 2);
  auto f = server.Post("/api/v1/conditions/" + std::to_string(fulfilled) + "/fulfil", officer,
                       R"({"evidence":"Verksamhetsberättelsen kom in i dag."})");
  BOOST_TEST_REQUIRE(f.status == 200, f.body);
  server.Db().Exec("UPDATE outbox SET next_attempt_at = now()");
  auto up = Job(&real).RunOnce();
  BOOST_TEST(up.mails_sent == 1);
  BOOST_TEST(up.mails_withdrawn == 1);
  BOOST_TEST_REQUIRE(smtp.Messages().size() == 1u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE dedupe_key = 'reminder-due:" +
                               std::to_string(fulfilled) + "'") == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND dedupe_key = "
                               "'reminder-due:" + std::to_string(open) + "'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_withdrawn' AND "
                               "detail->>'dedupe_key' = 'reminder-due:" + std::to_string(fulfilled) +
                               "' AND detail->>'condition_status' = 'fulfilled'") == 1);
  // Nothing is queued again for the fulfilled condition.
  auto again = Job(&real).RunOnce();
  BOOST_TEST(again.reminders_written == 0);
  BOOST_TEST(again.mails_sent == 0);
}

// Review M4: messages were claimed ten at a time and committed together, so a failure on
// message k rolled back the marks of messages 1..k-1 that had already been delivered, and
// they were sent again on the next run.
BOOST_AUTO_TEST_CASE(AFailureOnOneMessageDoesNotResendTheMessagesSentBeforeIt) {
  SmtpListener smtp;
  granska::app::SmtpMailer real("127.0.0.1", smtp.Port(), "granska@kommun.example");
  for (int i = 0; i < 5; ++i) GrantWithCondition(granska::testing::OrgNumberFor(410 + i), 3 + i);
  FaultyMailer breaking(real, 3, true);
  BOOST_CHECK_THROW(Job(&breaking).RunOnce(), std::runtime_error);
  BOOST_TEST(smtp.Messages().size() == 2u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL") == 2);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_sent'") == 2);
  // The message it failed on was not marked: it is still due, with no attempt counted.
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts = 0") == 3);
  auto next = Job(&real).RunOnce();
  BOOST_TEST(next.mails_sent == 3);
  const auto messages = smtp.Messages();
  BOOST_TEST_REQUIRE(messages.size() == 5u);  // not 7: the first two were not sent again
  std::set<std::string> ids;
  for (const auto& m : messages) {
    const auto at = m.find("<outbox-");
    BOOST_TEST_REQUIRE(at != std::string::npos);
    ids.insert(m.substr(at, m.find('>', at) - at));
  }
  BOOST_TEST(ids.size() == 5u);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'reminder_sent'") == 5);
}

// Security review L3: a calendar is never paged, so its period bounds the work; over a year
// is refused with the field named.
BOOST_AUTO_TEST_CASE(ACalendarPeriodOfMoreThan366DaysIsRefusedNamingTo) {
  BOOST_TEST_REQUIRE(
      server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status ==
      201);
  const std::string cal = "/api/v1/premises/storsalen/calendar";
  auto refused = server.Get(cal + "?from=1900-01-01&to=2999-12-31", officer);
  BOOST_TEST_REQUIRE(refused.status == 422, refused.body);
  BOOST_TEST(refused.Header("Content-Type").find("application/problem+json") == 0u);
  auto errors = Parse(refused.body)->getArray("errors");
  BOOST_TEST_REQUIRE(errors->size() == 1u);
  BOOST_TEST(errors->getObject(0)->getValue<std::string>("field") == "to");
  BOOST_TEST(errors->getObject(0)->getValue<std::string>("message") == "must be at most 366 days after from");
  // A leap year, and 366 days as instants, are allowed; one second more is not.
  BOOST_TEST(server.Get(cal + "?from=2028-01-01&to=2029-01-01", officer).status == 200);
  BOOST_TEST(server.Get(cal + "?from=2027-01-01&to=2028-01-02", officer).status == 200);
  BOOST_TEST(server.Get(cal + "?from=2027-01-01T00:00:00Z&to=2028-01-02T00:00:00Z", officer).status == 200);
  BOOST_TEST(server.Get(cal + "?from=2027-01-01T00:00:00Z&to=2028-01-02T00:00:01Z", officer).status == 422);
  // Kept to the second: a fraction is refused, not cut.
  auto fraction = server.Get(cal + "?from=2027-01-01T00:00:00.5Z&to=2027-02-01T00:00:00Z", officer);
  BOOST_TEST(fraction.status == 422);
  BOOST_TEST(fraction.body.find("whole seconds") != std::string::npos, fraction.body);
}

BOOST_AUTO_TEST_CASE(BookingsHoldTheCalendarAndCancellationFreesIt) {
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status == 201);
  auto b = server.Post("/api/v1/applications", intake, SampleBooking());
  BOOST_REQUIRE_EQUAL(b.status, 201);
  const auto id = std::to_string(Parse(b.body)->getValue<long long>("case_id"));
  const std::string cal = "/api/v1/premises/storsalen/calendar?from=" + BookingDay() + "&to=" + BookingDay(1);
  auto pending = Parse(server.Get(cal, officer).body)->getArray("items");
  BOOST_TEST_REQUIRE(pending->size() == 1u);
  BOOST_TEST(pending->getObject(0)->getValue<std::string>("status") == "pending");
  BOOST_TEST(server.Post("/api/v1/cases/" + id + "/decision", officer, R"({"outcome":"approved","reasons":"Ledigt."})").status == 200);
  BOOST_TEST(Parse(server.Get(cal, officer).body)->getArray("items")->getObject(0)->getValue<std::string>("status") == "approved");
  BOOST_TEST(Parse(server.Get("/api/v1/premises/storsalen/calendar?from=" + BookingDay(19) + "&to=" + BookingDay(20), officer).body)
                 ->getArray("items")->size() == 0u);
  BOOST_TEST(server.Get("/api/v1/premises/storsalen/calendar?from=2027-03-02&to=2027-03-01", officer).status == 422);
  // Days are the municipality's days: a booking from 00:30 Swedish time (23:30 UTC the day
  // before) is on that day, not on the day before.
  auto night = server.Post("/api/v1/applications", intake,
                           SampleBooking("storsalen", BookingAt("00:30", 2), BookingAt("02:00", 2)));
  BOOST_REQUIRE_EQUAL(night.status, 201);
  BOOST_TEST(Parse(server.Get("/api/v1/premises/storsalen/calendar?from=" + BookingDay(2) + "&to=" + BookingDay(3), officer).body)
                 ->getArray("items")->size() == 1u);
  BOOST_TEST(Parse(server.Get("/api/v1/premises/storsalen/calendar?from=" + BookingDay(1) + "&to=" + BookingDay(2), officer).body)
                 ->getArray("items")->size() == 0u);
  BOOST_TEST(server.Get("/api/v1/premises/none/calendar?from=2027-03-01&to=2027-03-02", officer).status == 404);
  // A second booking of the same slot is ineligible while the first holds it.
  auto clash = server.Post("/api/v1/applications", intake, SampleBooking());
  BOOST_TEST(Parse(clash.body)->getObject("screening")->getValue<std::string>("recommendation") == "ineligible");
}

BOOST_AUTO_TEST_CASE(AnInspectionFindingBecomesABreachOrAnIncident) {
  BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status == 201);
  auto b = server.Post("/api/v1/applications", intake, SampleBooking());
  const auto id = std::to_string(Parse(b.body)->getValue<long long>("case_id"));
  BOOST_TEST(server.Post("/api/v1/cases/" + id + "/inspections", officer, R"({"planned_on":")" + Today(3) + R"(","reason":"Stickprov"})").status == 409);
  BOOST_TEST_REQUIRE(server.Post("/api/v1/cases/" + id + "/decision", officer,
                                 R"({"outcome":"approved_with_conditions","reasons":"Ledigt.","conditions":[{"kind":"attendance_cap","due":")" +
                                     Today(60) + R"(","description":"Högst 120 deltagare"}]})").status == 200);
  // A date that does not parse is named once, with what was expected, beside the use case's own errors.
  auto bad_date = server.Post("/api/v1/cases/" + id + "/inspections", officer, R"({"planned_on":"31/12","reason":" "})");
  BOOST_TEST(bad_date.status == 422);
  BOOST_TEST(bad_date.body.find("\"planned_on\"") == bad_date.body.rfind("\"planned_on\""), bad_date.body);
  BOOST_TEST(bad_date.body.find("is required") != std::string::npos, "the blank reason is reported too: " + bad_date.body);
  auto req = server.Post("/api/v1/cases/" + id + "/inspections", officer, R"({"planned_on":")" + Today() + R"(","reason":"Anmälan om trängsel"})");
  BOOST_TEST_REQUIRE(req.status == 201, req.body);
  const auto insp = std::to_string(Parse(req.body)->getValue<long long>("id"));
  // The Location names a resource that answers.
  BOOST_TEST(req.Header("Location") == "/api/v1/inspections/" + insp);
  auto read = server.Get(req.Header("Location"), officer);
  BOOST_TEST_REQUIRE(read.status == 200, read.body);
  BOOST_TEST(Parse(read.body)->getValue<std::string>("reason") == "Anmälan om trängsel");
  BOOST_TEST(server.Get("/api/v1/inspections/999999", officer).status == 404);
  BOOST_TEST(server.Get(req.Header("Location"), intake).status == 403);
  auto detail = Parse(server.Get("/api/v1/cases/" + id, officer).body);
  const auto condition = detail->getArray("conditions")->getObject(0)->getValue<long long>("id");
  auto bad = server.Post("/api/v1/inspections/" + insp + "/findings", officer, R"({"outcome":"breach"})");
  BOOST_TEST_REQUIRE(bad.status == 422, bad.body);
  const long long version = detail->getValue<long long>("version");
  auto r = server.Post("/api/v1/inspections/" + insp + "/findings", officer,
                       R"({"performed_on":")" + Today() + R"(","findings":"Cirka 200 personer i lokalen.","outcome":"breach","condition_id":)" +
                           std::to_string(condition) + "}");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  BOOST_TEST(Parse(server.Get("/api/v1/cases/" + id, officer).body)->getValue<long long>("version") == version + 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM conditions WHERE status = 'breached'") == 1);
  BOOST_TEST(server.Post("/api/v1/inspections/" + insp + "/findings", officer, R"({"performed_on":")" + Today() +
                         R"(","findings":"x","outcome":"no_remarks"})").status == 409);
  // A second inspection records an incident in the register.
  auto req2 = server.Post("/api/v1/cases/" + id + "/inspections", officer, R"({"planned_on":")" + Today() + R"(","reason":"Uppföljning"})");
  const auto insp2 = std::to_string(Parse(req2.body)->getValue<long long>("id"));
  auto r2 = server.Post("/api/v1/inspections/" + insp2 + "/findings", officer,
                        R"({"performed_on":")" + Today() + R"(","findings":"Lokalen skadad.","outcome":"incident","incident":{"kind":"rental_breach","verified":true}})");
  BOOST_TEST_REQUIRE(r2.status == 200, r2.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM incidents WHERE kind = 'rental_breach' AND source = 'own_observation'") == 1);
}

BOOST_AUTO_TEST_CASE(AnOverdueConditionBecomesANoteInTheOrganisationsNextScreening) {
  const long long c = GrantWithCondition("802456-7896", 10);
  server.Db().Exec("UPDATE conditions SET status = 'overdue' WHERE id = " + std::to_string(c));
  auto next = Parse(server.Post("/api/v1/applications", intake, SampleGrant("802456-7896")).body);
  auto results = next->getObject("screening")->getArray("results");
  std::string ge11;
  for (std::size_t i = 0; i < results->size(); ++i)
    if (results->getObject(i)->getValue<std::string>("rule") == "GE-11") ge11 = results->getObject(i)->getValue<std::string>("outcome");
  BOOST_TEST(ge11 == "note");
}

BOOST_AUTO_TEST_SUITE_END()
