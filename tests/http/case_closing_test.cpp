// Closing a case when its follow-up is over (domain review L1, L2; workflow/case_closing.hpp):
// the background job closes approvals whose support has ended with every condition closed and
// no revocation open, and rejections whose appeal time is over; once per case however many
// processes run it. Re-screening covers every approval under follow-up, conditions or not.
// Time is moved by writing dates in the past through SQL, as the other follow-up tests do.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <map>
#include <regex>
#include <thread>

#include "app/runtime.hpp"
#include "app/system_clock.hpp"
#include "common/browser.hpp"
#include "common/test_server.hpp"
#include "workflow/follow_up.hpp"

using granska::testing::Browser;
using granska::testing::OrgNumberFor;
using granska::testing::SampleBooking;
using granska::testing::SampleGrant;
using granska::testing::TestServer;
using Poco::JSON::Object;

using granska::testing::Parse;
using granska::testing::Today;

namespace {

constexpr const char* kPassword = "rätt-hemligt-lösenord";

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer", "Karin Holm");
  std::string coordinator = server.Token("coordinator");
  std::string admin = server.Token("admin");
  granska::app::SystemClock clock;
  int next_org = 500;

  std::string Submit(const std::string& json) {
    auto s = server.Post("/api/v1/applications", intake, json);
    BOOST_REQUIRE_EQUAL(s.status, 201);
    return std::to_string(Parse(s.body)->getValue<long long>("case_id"));
  }
  std::string Org() { return OrgNumberFor(next_org++); }
  std::string Decide(const std::string& id, const std::string& body) {
    auto d = server.Post("/api/v1/cases/" + id + "/decision", officer, body);
    BOOST_REQUIRE_MESSAGE(d.status == 200, d.body);
    return id;
  }
  // A grant approved without conditions (its period is 2027 as the sample applies for it).
  std::string Approved(const std::string& org) {
    return Decide(Submit(SampleGrant(org)), R"({"outcome":"approved","amount_sek":45000,"reasons":"Uppfyller villkoren."})");
  }
  // A grant approved with one condition due in 30 days.
  std::string ApprovedWithCondition(const std::string& org) {
    return Decide(Submit(SampleGrant(org)),
                  R"({"outcome":"approved_with_conditions","amount_sek":45000,"reasons":"Uppfyller villkoren.",
                      "conditions":[{"kind":"activity_report","due":")" + Today(30) +
                      R"(","description":"Verksamhetsberättelse för perioden"}]})");
  }
  // A rejection, after kommunicering that the applicant answered.
  std::string Rejected(const std::string& org) {
    const std::string id = Submit(SampleGrant(org));
    auto c = server.Post("/api/v1/cases/" + id + "/communication", officer,
                         R"({"intended_outcome":"rejected","reasons":"Föreningen uppfyller inte villkoren.","reply_by":")" +
                             Today(10) + "\"}");
    BOOST_REQUIRE_MESSAGE(c.status == 200, c.body);
    BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + id + "/reply", intake, R"({"text":"Vi har inget att tillägga."})").status, 200);
    return Decide(id, R"({"outcome":"rejected","reasons":"Föreningen uppfyller inte villkoren."})");
  }
  // The grant's period (the stored application's) ends on `day`.
  void PeriodEnds(const std::string& id, const std::string& day) {
    server.Db().Exec("UPDATE applications SET period_to = '" + day + "' WHERE case_id = " + id);
  }
  long long ConditionOf(const std::string& id) {
    return server.Db().Count("SELECT id FROM conditions WHERE case_id = " + id);
  }

  granska::workflow::JobReport RunJob() {
    return granska::workflow::FollowUpJob(server.Runtime().Db(), clock, nullptr, {}).RunOnce();
  }
  Object::Ptr Case(const std::string& id) { return Parse(server.Get("/api/v1/cases/" + id, officer).body); }
  std::string Status(const std::string& id) { return Case(id)->getValue<std::string>("status"); }
  long long Version(const std::string& id) { return server.Db().Count("SELECT version FROM cases WHERE id = " + id); }
  long long Closings(const std::string& id) {
    return server.Db().Count("SELECT count(*) FROM events WHERE event = 'case_closed' AND case_id = " + id);
  }
  // The one case_closed event's detail, from the case's timeline as the API shows it.
  Object::Ptr ClosedDetail(const std::string& id) {
    auto timeline = Case(id)->getArray("timeline");
    Object::Ptr found;
    int n = 0;
    for (std::size_t i = 0; i < timeline->size(); ++i) {
      auto e = timeline->getObject(i);
      if (e->getValue<std::string>("event") != "case_closed") continue;
      ++n;
      found = e->getObject("detail");
      BOOST_TEST(e->getObject("actor")->getValue<std::string>("role") == "system");
    }
    BOOST_TEST_REQUIRE(n == 1);
    return found;
  }
  void Premises() {
    BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status == 201);
  }
  // The booking of case `id` from `day` 18:00 to `end`, times in the municipality's zone.
  void BookingEnds(const std::string& id, const std::string& start, const std::string& end) {
    server.Db().Exec("UPDATE bookings SET starts_at = timestamp '" + start + "' AT TIME ZONE 'Europe/Stockholm', "
                     "ends_at = timestamp '" + end + "' AT TIME ZONE 'Europe/Stockholm' WHERE case_id = " + id);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(CaseClosing, Fixture)

BOOST_AUTO_TEST_CASE(AGrantWhosePeriodHasEndedWithEveryConditionFulfilledClosesWithOneEvent) {
  const std::string id = ApprovedWithCondition(Org());
  auto f = server.Post("/api/v1/conditions/" + std::to_string(ConditionOf(id)) + "/fulfil", officer,
                       R"({"evidence":"Verksamhetsberättelsen inkom."})");
  BOOST_TEST_REQUIRE(f.status == 200, f.body);
  // The period runs until its last day: on that day the support has not ended.
  PeriodEnds(id, Today(0));
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");

  PeriodEnds(id, Today(-1));
  const long long version = Version(id);
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(Status(id) == "closed");
  BOOST_TEST(Version(id) == version + 1);  // a page read before is stale
  auto d = ClosedDetail(id);
  BOOST_TEST(d->getValue<std::string>("rule") == "support_ended");
  BOOST_TEST(d->getValue<std::string>("outcome") == "approved_with_conditions");
  BOOST_TEST(d->getValue<std::string>("support_end") == "grant_period");
  BOOST_TEST(d->getValue<std::string>("support_ended_on") == Today(-1));
  BOOST_TEST(d->getObject("conditions")->getValue<int>("fulfilled") == 1);
  BOOST_TEST(d->getObject("conditions")->getValue<int>("breached") == 0);
  BOOST_TEST(!d->has("last_day_to_appeal"));

  // Running the job again closes nothing more and writes nothing more.
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Closings(id) == 1);
  BOOST_TEST(Version(id) == version + 1);
  // The closed case is listed as closed.
  auto list = Parse(server.Get("/api/v1/cases?status=closed", officer).body)->getArray("items");
  BOOST_TEST_REQUIRE(list->size() == 1u);
  BOOST_TEST(std::to_string(list->getObject(0)->getValue<long long>("case_id")) == id);
}

BOOST_AUTO_TEST_CASE(APlainApprovalClosesWhenItsPeriodEndsAndWithoutAPeriodAtTheEndOfTheBudgetYear) {
  const std::string with_period = Approved(Org());
  const std::string without = Approved(Org());
  PeriodEnds(with_period, Today(-1));
  server.Db().Exec("UPDATE applications SET period_from = NULL, period_to = NULL WHERE case_id = " + without);
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(Status(with_period) == "closed");
  BOOST_TEST(ClosedDetail(with_period)->getObject("conditions")->getValue<int>("fulfilled") == 0);
  // Without a period the support is the decision's budget year: decided this year, still running.
  BOOST_TEST(Status(without) == "decided");
  const int last_year = std::stoi(Today(0).substr(0, 4)) - 1;
  server.Db().Exec("UPDATE decisions SET decided_on = '" + std::to_string(last_year) + "-06-01' WHERE case_id = " + without);
  BOOST_TEST(RunJob().cases_closed == 1);
  auto d = ClosedDetail(without);
  BOOST_TEST(d->getValue<std::string>("support_end") == "budget_year");
  BOOST_TEST(d->getValue<std::string>("support_ended_on") == std::to_string(last_year) + "-12-31");
}

BOOST_AUTO_TEST_CASE(APendingOrOverdueConditionKeepsTheCaseOpenUntilItIsClosed) {
  const std::string id = ApprovedWithCondition(Org());
  PeriodEnds(id, Today(-1));
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  // Overdue now: the same run marks it and still does not close the case.
  server.Db().Exec("UPDATE conditions SET due = '" + Today(-2) + "' WHERE case_id = " + id);
  auto r = RunJob();
  BOOST_TEST(r.overdue_marked == 1);
  BOOST_TEST(r.cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(Closings(id) == 0);
  auto w = server.Post("/api/v1/conditions/" + std::to_string(ConditionOf(id)) + "/waive", officer,
                       R"({"reason":"Verksamheten ställdes in av skäl utanför föreningens kontroll."})");
  BOOST_TEST_REQUIRE(w.status == 200, w.body);
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(ClosedDetail(id)->getObject("conditions")->getValue<int>("waived") == 1);
}

BOOST_AUTO_TEST_CASE(ABreachWithARevocationUnderWayDoesNotCloseAndAClosedCaseCanStillBeRevoked) {
  // A breached condition with a revocation communicated: the follow-up is not over.
  const std::string id = ApprovedWithCondition(Org());
  auto b = server.Post("/api/v1/conditions/" + std::to_string(ConditionOf(id)) + "/breach", officer,
                       R"({"reason":"Ingen verksamhetsberättelse trots påminnelser."})");
  BOOST_TEST_REQUIRE(b.status == 200, b.body);
  auto c = server.Post("/api/v1/cases/" + id + "/revocation/communication", officer,
                       R"({"breach":"Villkoret om verksamhetsberättelse har inte uppfyllts.","repayment_sek":45000,"reply_by":")" +
                           Today(10) + "\"}");
  BOOST_TEST_REQUIRE(c.status == 200, c.body);
  PeriodEnds(id, Today(-1));
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(Closings(id) == 0);

  // A breach without a revocation closes (the officer chose not to revoke, or has not yet) ...
  const std::string late = ApprovedWithCondition(Org());
  BOOST_TEST_REQUIRE(server.Post("/api/v1/conditions/" + std::to_string(ConditionOf(late)) + "/breach", officer,
                                 R"({"reason":"Redovisningen saknades."})").status == 200);
  PeriodEnds(late, Today(-1));
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(Status(late) == "closed");
  BOOST_TEST(ClosedDetail(late)->getObject("conditions")->getValue<int>("breached") == 1);
  // ... and a breach found later can still be revoked under the clause: the case is decided
  // again while the revocation runs, and the job leaves it so.
  const long long version = Version(late);
  auto again = server.Post("/api/v1/cases/" + late + "/revocation/communication", officer,
                           R"({"breach":"Bidraget användes till annat än ansökt verksamhet.","repayment_sek":45000,"reply_by":")" +
                               Today(10) + "\"}");
  BOOST_TEST_REQUIRE(again.status == 200, again.body);
  BOOST_TEST(Status(late) == "decided");
  BOOST_TEST(Version(late) == version + 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'revocation_communicated' AND "
                               "detail->>'reopened' = 'true' AND case_id = " + late) == 1);
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(server.Post("/api/v1/cases/" + late + "/revocation/reply", intake, R"({"text":"Vi bestrider detta."})").status == 200);
  auto revoked = server.Post("/api/v1/cases/" + late + "/revocation", officer,
                             R"({"reasons":"Bidraget har använts i strid med beslutet.","repayment_sek":45000,"repayment_due":")" +
                                 Today(30) + "\"}");
  BOOST_TEST_REQUIRE(revoked.status == 200, revoked.body);
  BOOST_TEST(Status(late) == "revoked");
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(late) == "revoked");

  // A rejection has nothing to revoke, closed or not.
  const std::string rejected = Rejected(Org());
  server.Db().Exec("UPDATE cases SET status = 'closed' WHERE id = " + rejected);
  BOOST_TEST(server.Post("/api/v1/cases/" + rejected + "/revocation/communication", officer,
                         R"({"breach":"x","reply_by":")" + Today(10) + "\"}").status == 409);
}

BOOST_AUTO_TEST_CASE(ABookingClosesTheDayAfterItEndedInTheMunicipalitysCalendar) {
  Premises();
  const std::string id = Decide(Submit(SampleBooking()), R"({"outcome":"approved","reasons":"Ledigt."})");
  // Ended at 00:30 today, Stockholm time (23:30 UTC yesterday): today is its last day.
  BookingEnds(id, Today(-1) + " 22:00", Today(0) + " 00:30");
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  BookingEnds(id, Today(-1) + " 18:00", Today(-1) + " 23:30");
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(Status(id) == "closed");
  auto d = ClosedDetail(id);
  BOOST_TEST(d->getValue<std::string>("support_end") == "booking_end");
  BOOST_TEST(d->getValue<std::string>("support_ended_on") == Today(-1));
  // A future booking stays under follow-up.
  const std::string future = Decide(Submit(SampleBooking("storsalen", "2099-02-10T18:00:00+01:00", "2099-02-10T21:00:00+01:00")),
                                    R"({"outcome":"approved","reasons":"Ledigt."})");
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(future) == "decided");
}

// A requested inspection still waiting for its findings keeps an ended booking open: what it
// finds is follow-up (a breach, an incident), and the case page offers the findings form only
// while the case is open (review of 2026-12-08). Recorded, the case closes on the next run. An
// inspection is requested only for rented premises: never for a rejected booking.
BOOST_AUTO_TEST_CASE(ARequestedInspectionKeepsAnEndedBookingOpenUntilItsFindingsAreRecorded) {
  Premises();
  const std::string id = Decide(Submit(SampleBooking()), R"({"outcome":"approved","reasons":"Ledigt."})");
  auto requested = server.Post("/api/v1/cases/" + id + "/inspections", officer,
                               R"({"planned_on":")" + Today(0) + R"(","reason":"Stickprov efter arrangemanget."})");
  BOOST_TEST_REQUIRE(requested.status == 201, requested.body);
  const std::string inspection = std::to_string(Parse(requested.body)->getValue<long long>("id"));
  BookingEnds(id, Today(-1) + " 18:00", Today(-1) + " 21:00");
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  auto found = server.Post("/api/v1/inspections/" + inspection + "/findings", officer,
                           R"({"performed_on":")" + Today(-1) + R"(","findings":"Lokalen städad.","outcome":"no_remarks"})");
  BOOST_TEST_REQUIRE(found.status == 200, found.body);
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(Status(id) == "closed");

  // A rejected booking (decided until its appeal time is over) was never rented.
  const std::string rejected = Submit(SampleBooking("storsalen", "2099-03-10T18:00:00+01:00", "2099-03-10T21:00:00+01:00"));
  BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + rejected + "/communication", officer,
                                  R"({"intended_outcome":"rejected","reasons":"Lokalen behövs.","reply_by":")" +
                                      Today(10) + "\"}")
                          .status,
                      200);
  BOOST_REQUIRE_EQUAL(server.Post("/api/v1/cases/" + rejected + "/reply", intake, R"({"text":"Vi förstår."})").status, 200);
  Decide(rejected, R"({"outcome":"rejected","reasons":"Lokalen behövs."})");
  BOOST_TEST(Status(rejected) == "decided");
  auto refused = server.Post("/api/v1/cases/" + rejected + "/inspections", officer,
                             R"({"planned_on":")" + Today(3) + R"(","reason":"Stickprov."})");
  BOOST_TEST(refused.status == 409, refused.body);
  BOOST_TEST(refused.body.find("is not an approved booking") != std::string::npos, refused.body);
}

BOOST_AUTO_TEST_CASE(ARejectionClosesOnlyAfterTheLastDayToAppeal) {
  const std::string id = Rejected(Org());
  const std::string unposted = Rejected(Org());
  // Without a recorded posting the appeal time has not started: the rejection stays decided.
  BOOST_TEST(RunJob().cases_closed == 0);
  server.Db().Exec("UPDATE decisions SET decided_on = '" + Today(-60) + "' WHERE case_id IN (" + id + ", " + unposted + ")");
  auto p = server.Post("/api/v1/cases/" + id + "/minutes-posted", officer, R"({"posted_on":")" + Today(-5) + "\"}");
  BOOST_TEST_REQUIRE(p.status == 200, p.body);
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  // The last day itself is still a day to appeal.
  server.Db().Exec("UPDATE minutes_postings SET posted_on = '" + Today(-21) + "', last_day = '" + Today(0) +
                   "' WHERE case_id = " + id);
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Status(id) == "decided");
  // A correction to a posting long ago: the appeal time is over.
  auto corrected = server.Post("/api/v1/cases/" + id + "/minutes-posted", officer,
                               R"({"posted_on":")" + Today(-50) + R"(","correction_reason":"Fel datum angavs."})");
  BOOST_TEST_REQUIRE(corrected.status == 200, corrected.body);
  const std::string last_day = Case(id)->getObject("appeal")->getValue<std::string>("last_day");
  BOOST_TEST_REQUIRE(last_day < Today(0));
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(Status(id) == "closed");
  BOOST_TEST(Status(unposted) == "decided");
  auto d = ClosedDetail(id);
  BOOST_TEST(d->getValue<std::string>("rule") == "appeal_time_over");
  BOOST_TEST(d->getValue<std::string>("outcome") == "rejected");
  BOOST_TEST(d->getValue<std::string>("last_day_to_appeal") == last_day);
  BOOST_TEST(!d->has("support_end"));

  // A posting corrected to a day whose appeal time still runs makes the case decided again;
  // the job closes it once that time is over.
  auto reopened = server.Post("/api/v1/cases/" + id + "/minutes-posted", officer,
                              R"({"posted_on":")" + Today(-3) + R"(","correction_reason":"Anslaget sattes upp senare."})");
  BOOST_TEST_REQUIRE(reopened.status == 200, reopened.body);
  BOOST_TEST(Status(id) == "decided");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'minutes_posted_recorded' AND "
                               "detail->>'reopened' = 'true' AND case_id = " + id) == 1);
  BOOST_TEST(RunJob().cases_closed == 0);
  BOOST_TEST(Closings(id) == 1);
}

BOOST_AUTO_TEST_CASE(AnApprovalWaitsForARecordedAppealTimeToRunOut) {
  const std::string id = Approved(Org());
  PeriodEnds(id, Today(-1));
  server.Db().Exec("UPDATE decisions SET decided_on = '" + Today(-30) + "' WHERE case_id = " + id);
  auto p = server.Post("/api/v1/cases/" + id + "/minutes-posted", officer, R"({"posted_on":")" + Today(-2) + "\"}");
  BOOST_TEST_REQUIRE(p.status == 200, p.body);
  BOOST_TEST(RunJob().cases_closed == 0);
  server.Db().Exec("UPDATE minutes_postings SET posted_on = '" + Today(-25) + "', last_day = '" + Today(-1) +
                   "' WHERE case_id = " + id);
  BOOST_TEST(RunJob().cases_closed == 1);
  BOOST_TEST(ClosedDetail(id)->getValue<std::string>("last_day_to_appeal") == Today(-1));
}

BOOST_AUTO_TEST_CASE(TwoProcessesRunningTheJobAtOnceCloseEachCaseOnce) {
  std::vector<std::string> ids;
  std::map<std::string, long long> versions;
  for (int i = 0; i < 8; ++i) {
    ids.push_back(Approved(Org()));
    PeriodEnds(ids.back(), Today(-1 - i));
    versions[ids.back()] = Version(ids.back());
  }
  const std::string cmd = "cd " + std::string(GRANSKA_SOURCE_DIR) + " && GRANSKA_DB='" + server.Db().Connection() +
                          "' " + GRANSKA_BINARY + " jobs run-once";
  granska::testing::Run a{}, b{};
  std::thread ta([&] { a = granska::testing::Exec(cmd); });
  std::thread tb([&] { b = granska::testing::Exec(cmd); });
  ta.join();
  tb.join();
  BOOST_TEST_REQUIRE(a.code == 0, a.out);
  BOOST_TEST_REQUIRE(b.code == 0, b.out);
  // Each process says how many it closed; together they closed every case once.
  std::smatch ma, mb;
  const std::regex closed("; cases closed: ([0-9]+);");
  BOOST_TEST_REQUIRE(std::regex_search(a.out, ma, closed), a.out);
  BOOST_TEST_REQUIRE(std::regex_search(b.out, mb, closed), b.out);
  BOOST_TEST(std::stoi(ma[1]) + std::stoi(mb[1]) == 8);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'case_closed'") == 8);
  BOOST_TEST(server.Db().Count("SELECT count(DISTINCT case_id) FROM events WHERE event = 'case_closed'") == 8);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE status = 'closed'") == 8);
  // Each case closed once: one event and one version step, not two.
  for (const auto& id : ids) {
    BOOST_TEST(Closings(id) == 1, id);
    BOOST_TEST(Version(id) == versions[id] + 1, id);
  }
}

BOOST_AUTO_TEST_CASE(ReScreeningCoversAnApprovalWithoutConditionsUnderFollowUpAndNotAClosedCase) {
  const std::string running = Approved(Org());  // period 2027: under follow-up
  const std::string over = Approved(Org());
  PeriodEnds(over, Today(-1));
  BOOST_TEST_REQUIRE(RunJob().cases_closed == 1);
  BOOST_TEST_REQUIRE(Status(over) == "closed");
  // After the decisions, both organisations turn out to have used violence.
  for (const auto& id : {running, over}) {
    const auto org = Case(id)->getObject("organisation")->getValue<std::string>("org_number");
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":{"org_number":")" + org + R"("},"kind":"violence","occurred_on":")" + Today(-10) +
                             R"(","source":"court_judgment","verified":true,"reference":"B 1-26"})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  auto run = server.Post("/api/v1/admin/rescreen", admin, "");
  BOOST_TEST_REQUIRE(run.status == 201, run.body);
  auto counts = Parse(run.body)->getObject("counts");
  BOOST_TEST(counts->getValue<long long>("screened") == 1);
  BOOST_TEST(counts->getValue<long long>("follow_up") == 1);
  BOOST_TEST(counts->getValue<long long>("open") == 0);
  BOOST_TEST(counts->getValue<long long>("newly_flagged") == 1);
  const auto run_id = std::to_string(Parse(run.body)->getValue<long long>("id"));
  auto changes = Parse(server.Get("/api/v1/admin/rescreen/" + run_id + "/changes", admin).body)->getArray("items");
  BOOST_TEST_REQUIRE(changes->size() == 1u);
  BOOST_TEST(std::to_string(changes->getObject(0)->getValue<long long>("case_id")) == running);
  BOOST_TEST(changes->getObject(0)->getValue<std::string>("status") == "decided");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened' AND case_id = " + running) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened' AND case_id = " + over) == 0);
  BOOST_TEST(Status(running) == "decided");  // re-screening never changes a status
}

BOOST_AUTO_TEST_CASE(TheCasePageSaysWhyTheCaseWasClosed) {
  const std::string id = Approved(Org());
  PeriodEnds(id, Today(-1));
  BOOST_TEST_REQUIRE(RunJob().cases_closed == 1);
  auto set = server.Runtime().Sessions().SetPasswordByName(granska::domain::Actor{}, "Karin Holm", kPassword);
  BOOST_TEST_REQUIRE(static_cast<bool>(set));
  Browser b(server.Port());
  BOOST_TEST_REQUIRE(b.SignIn("Karin Holm", kPassword).status == 303);
  auto page = b.Get("/cases/" + id);
  BOOST_TEST_REQUIRE(page.status == 200);
  BOOST_TEST(page.body.find("Ärendet avslutat: stödet har upphört och uppföljningen är klar") != std::string::npos);
  BOOST_TEST(page.body.find("Avslutat") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
