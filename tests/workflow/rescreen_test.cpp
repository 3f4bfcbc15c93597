// Re-screening as a use case, against the real server's runtime and database: the bulk
// path (facts snapshots, in-memory registers, the fast path on worker threads) gives
// exactly what RuleScreener::Screen gives case by case, and what changed is recorded.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <soci/soci.h>
#include <unistd.h>

#include "app/runtime.hpp"
#include "common/test_server.hpp"
#include "http/json_fields.hpp"
#include "http/request_parsers.hpp"
#include "store/pg_rescreen_store.hpp"
#include "workflow/bulk_screener.hpp"
#include "workflow/rescreen.hpp"

using granska::testing::GrantYear;
using granska::testing::OrgNumberFor;
using granska::testing::SampleGrant;
using granska::testing::Replace;
using granska::testing::Today;
using granska::testing::TestServer;
using Poco::JSON::Object;
namespace workflow = granska::workflow;
namespace domain = granska::domain;

using granska::testing::Parse;

namespace {

std::string Day(int plus_days) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(plus_days) * 86400;
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// Names written the way people write them: the register matches on the normalised form.
const char* const kNames[] = {"Anna Andersson", "  OMAR   lind ", "Karin Holm", "Name Surname", "Åsa Öberg",
                              "Per Nilsson", "ÅSA ÖBERG"};

// A complete grant with no incident about anyone in it: cleared, or needs_info without
// the democracy declaration.
std::string CleanGrant(const std::string& org, bool declared = true) {
  std::string json = SampleGrant(org);
  const std::string coop = R"("cooperation_organisations":["802512-3459"])";
  json.replace(json.find(coop), coop.size(), R"("cooperation_organisations":[])");
  json.replace(json.find("Omar Lind"), 9, "Eva Lund");
  const std::string accepted = R"("democracy_conditions_accepted":true)";
  if (!declared) json.replace(json.find(accepted), accepted.size(), R"("democracy_conditions_accepted":false)");
  return json;
}

// Grants vary with i; from 40 on they are clean (48 and 49 without the declaration).
std::string GrantJson(int i) {
  if (i >= 40) return CleanGrant(OrgNumberFor(150 + i), i < 48);
  const std::string org = OrgNumberFor(100 + i % 12);
  std::ostringstream o;
  o << R"({"kind":"grant","organisation":{"org_number":")" << org << R"(","name":"Förening )" << i
    << R"(","municipality":"Göteborg")";
  if (i % 17 != 0) o << R"(,"registered_non_profit":)" << (i % 13 == 0 ? "false" : "true");
  if (i % 6 != 0) o << R"(,"statutes_adopted":"2019-03-14")";
  o << R"(,"last_annual_meeting":")" << Day(i % 9 == 0 ? -600 : -60) << "\"";
  o << R"(,"board_size":)" << (i % 11 == 0 ? 2 : 5);  // 2: below GE-4's 3, as many as the board named
  const int members = i % 10 == 0 ? 8 : 120;
  o << R"(,"member_count":)" << members << R"(,"members_resident":)" << (i % 15 == 0 ? members / 3 : members - 4)
    << R"(,"members_aged_7_25":)" << (i % 4 == 0 ? 5 : members / 2);
  if (i % 8 != 0) o << R"(,"bankgiro":"5050-1055")";
  if (i % 16 == 0) o << R"(,"plusgiro":"12345-6")";
  o << R"(,"contact":{"name":")" << kNames[i % 7] << R"(","email":"a@example.org"})";
  o << R"(,"board":[{"name":")" << kNames[(i + 1) % 7] << R"(","role":"chair"},{"name":")" << kNames[(i + 2) % 7]
    << R"(","role":"treasurer"}])";
  if (i % 5 == 0 || i % 19 == 0) {
    o << R"(,"cooperation_organisations":[")" << OrgNumberFor(200 + i % 3) << "\"";
    if (i % 19 == 0) o << ",\"" << org << "\"";  // its own number again: it stays the organisation's
    o << "]";
  }
  o << "}";
  const char* const types[] = {"activity", "project", "premises", "start", "event"};
  o << R"(,"grant":{"type":")" << types[i % 5] << R"(","amount_sek":)" << (i % 7 == 0 ? 500000 : 9000)
    << R"(,"period":{"from":")" << GrantYear() << R"(-01-01","to":")" << GrantYear() << R"(-12-31"},"purpose":"free text")";
  if (i % 3 == 0) o << R"(,"expected_participants":80)";
  o << "}";
  o << R"(,"attachments":[)";
  if (i % 12 != 0) o << R"({"kind":"statutes"},)";
  if (i % 7 != 3) o << R"({"kind":"annual_report"},)";
  o << R"({"kind":"financial_statement"}])";
  o << R"(,"declarations":{"democracy_conditions_accepted":)" << (i % 14 == 0 ? "false" : "true")
    << R"(,"information_true":true}})";
  return o.str();
}

std::string BookingJson(int j) {
  const std::string org = OrgNumberFor(100 + (j * 5) % 12);
  const std::string day = Day(85 + j % 4);
  const int hour = 17 + j % 3;
  const char* offset = j % 2 ? "+01:00" : "Z";
  std::ostringstream o;
  o << R"({"kind":"booking","organisation":{"org_number":")" << org << R"(","name":"Förening B)" << j << "\"";
  o << R"(,"contact":{"name":")" << kNames[(j + 3) % 7] << R"(","email":"b@example.org"})";
  if (j % 3 == 0) o << R"(,"board":[{"name":")" << kNames[(j + 1) % 7] << R"(","role":"chair"}])";
  if (j % 4 == 1) o << R"(,"cooperation_organisations":[")" << OrgNumberFor(200 + j % 3) << "\"]";
  o << R"(},"booking":{"premises_id":")" << (j % 3 == 2 ? "lillsalen" : "storsalen") << R"(","start":")" << day << "T"
    << hour << ":00:00" << offset << R"(","end":")" << day << "T" << hour + 2 << ":30:00" << offset
    << R"(","purpose":"free text","event_type":")" << (j % 2 ? "lecture" : "meeting") << R"(","public":)"
    << (j % 2 ? "true" : "false") << R"(,"expected_attendees":)" << (j % 4 == 0 ? 200 : 25);
  o << R"(,"speakers":[)";
  if (j % 5 != 4) {  // some bookings announce no speaker
    o << R"({"name":")" << kNames[(j + 4) % 7] << "\"}";
    if (j % 6 == 1) o << R"(,{"name":")" << kNames[j % 7] << "\"}";  // also contact or board: stays a representative
  }
  o << "]}";
  o << R"(,"declarations":{"democracy_conditions_accepted":true,"information_true":true}})";
  return o.str();
}

struct Fixture {
  TestServer server;
  std::string intake = server.Token("intake");
  std::string officer = server.Token("case_officer");
  std::string coordinator = server.Token("coordinator");
  std::string admin = server.Token("admin");
  domain::Actor actor{0, "rescreen test", domain::Role::kAdmin};

  long long Submit(const std::string& json) {
    auto r = server.Post("/api/v1/applications", intake, json);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    return Parse(r.body)->getValue<long long>("case_id");
  }
  void Incident(const std::string& subject, const std::string& kind, const std::string& date, bool verified,
                const std::string& extra = "") {
    auto r = server.Post("/api/v1/incidents", coordinator,
                         R"({"subject":)" + subject + R"(,"kind":")" + kind + R"(","occurred_on":")" + date +
                             R"(","source":"court_judgment","verified":)" + (verified ? "true" : "false") + extra +
                             R"(,"reference":"Göteborgs tingsrätt B )" + date + R"("})");
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
  }
  void Premises() {
    BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/storsalen", admin, R"({"name":"Storsalen","capacity":120})").status == 201);
    BOOST_TEST_REQUIRE(server.Request("PUT", "/api/v1/premises/lillsalen", admin, R"({"name":"Lillsalen","capacity":30})").status == 201);
  }
  void Decide(long long id, const std::string& outcome, int due_in_days) {
    std::string body = R"({"outcome":")" + outcome + R"(","amount_sek":45000,"reasons":"Uppfyller villkoren.")";
    if (outcome == "approved_with_conditions")
      body += R"(,"conditions":[{"kind":"activity_report","due":")" + Day(due_in_days) +
              R"(","description":"Verksamhetsberättelse"}])";
    body += "}";
    auto r = server.Post("/api/v1/cases/" + std::to_string(id) + "/decision", officer, body);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
  }

  workflow::RescreenReport Rescreen(const workflow::RescreenOptions& options = {}) {
    auto r = server.Runtime().Rescreen().Run(actor, options);
    BOOST_TEST_REQUIRE(r.Ok(), (r.Ok() ? "" : r.Err().detail));
    return *r;
  }

  // The per-case path on the same database: RuleScreener::Screen with the stored application.
  struct PerCase {
    workflow::ScreeningOutcome outcome;
    std::string verdicts;
    granska::rules::Facts facts;
  };
  PerCase ScreenOne(const workflow::RuleScreener& screener, long long case_id) {
    auto uow = server.Runtime().Db().Begin();
    auto detail = uow->Cases().FindDetail(case_id);
    BOOST_TEST_REQUIRE(detail.has_value());
    auto app = granska::app::DecodeStoredApplication(detail->application_json);
    BOOST_TEST_REQUIRE(app.has_value());
    const auto submitted = *domain::Date::Parse(detail->summary.submitted_on);
    PerCase out;
    out.outcome = screener.Screen(*uow, *app, submitted, case_id);
    out.facts = workflow::RuleScreener::GatherFacts(*uow, *app, submitted, case_id);
    std::vector<granska::rules::Verdict> v(screener.Rules().RuleCount());
    screener.Rules().EvaluateVerdicts(out.facts, v);
    for (auto x : v) out.verdicts.push_back(workflow::VerdictChar(x));
    return out;
  }

  // The rules in force with one change in 20_eligibility.yaml: `from` replaced by `to` where it
  // first occurs after `anchor`.
  workflow::RuleScreener ChangedRules(const std::string& anchor, const std::string& from, const std::string& to) {
    const std::string dir = "/tmp/granska-rescreen-rules-" + std::to_string(::getpid());
    std::filesystem::create_directories(dir);
    for (const auto& f : std::filesystem::directory_iterator(std::string(GRANSKA_SOURCE_DIR) + "/rules"))
      if (f.is_regular_file()) std::filesystem::copy_file(f.path(), dir + "/" + f.path().filename().string(),
                                                          std::filesystem::copy_options::overwrite_existing);
    {
      std::ifstream in(dir + "/20_eligibility.yaml");
      std::stringstream text;
      text << in.rdbuf();
      std::string s = text.str();
      const auto at = s.find(anchor);
      BOOST_TEST_REQUIRE(at != std::string::npos);
      s.replace(s.find(from, at), from.size(), to);
      std::ofstream(dir + "/20_eligibility.yaml") << s;
    }
    auto changed = granska::app::LoadScreener(dir);
    std::filesystem::remove_all(dir);
    BOOST_TEST(changed.Rules().Version() != server.Runtime().Screener().Rules().Version());
    return changed;
  }

  std::set<long long> Covered() {
    std::set<long long> ids;
    soci::session sql("postgresql", server.Db().Connection());
    // Open, or under follow-up: decided with an approval, whatever its conditions (domain review L2).
    soci::rowset<long long> rs = sql.prepare << "SELECT id FROM cases c WHERE status NOT IN ('decided','withdrawn','revoked','closed') "
                                                "OR (status = 'decided' AND (SELECT outcome FROM decisions WHERE case_id = c.id) <> 'rejected')";
    for (long long id : rs) ids.insert(id);
    return ids;
  }

  // A varied set: every outcome, booking overlaps, representatives, speakers, cooperation
  // organisations, follow-up conditions, revocations, supplements, applications stored before facts
  // snapshots, and an incident whose stored normalised name is out of date.
  void Varied() {
    Premises();
    Incident(R"({"org_number":")" + OrgNumberFor(100) + "\"}", "violence", Day(-400), true);
    Incident(R"({"org_number":")" + OrgNumberFor(101) + "\"}", "threat", Day(-100), false);
    Incident(R"({"org_number":")" + OrgNumberFor(200) + "\"}", "discrimination", Day(-900), true);
    Incident(R"({"person":"Omar Lind"})", "threat", Day(-30), true);
    Incident(R"({"person":"name  SURNAME"})", "incitement", Day(-300), true);
    Incident(R"({"org_number":")" + OrgNumberFor(102) + "\"}", "grant_misuse", Day(-200), true);
    Incident(R"({"org_number":")" + OrgNumberFor(103) + "\"}", "rental_breach", Day(-200), true);
    Incident(R"({"org_number":")" + OrgNumberFor(104) + "\"}", "violence", Day(-200), true, R"(,"distanced":true)");
    Incident(R"({"org_number":")" + OrgNumberFor(105) + "\"}", "violence", Day(-3000), true);
    Incident(R"({"person":"Karin Holm"})", "coercion", Day(-50), true);
    Incident(R"({"person":"Åsa Öberg"})", "unlawful_influence", Day(-50), true);
    std::vector<long long> grants, bookings;
    for (int i = 0; i < 50; ++i) grants.push_back(Submit(GrantJson(i)));
    for (int j = 0; j < 24; ++j) bookings.push_back(Submit(BookingJson(j)));
    // Incidents recorded after some submissions: those cases change on re-screening.
    Incident(R"({"org_number":")" + OrgNumberFor(106) + "\"}", "threat", Day(-20), true);
    Incident(R"({"person":"Per Nilsson"})", "violence", Day(-20), true);
    // Follow-up: approvals with conditions in every state and one without conditions, all
    // under follow-up until the job closes them (a closed booking below is not).
    std::vector<long long> decided;
    for (long long id : grants)
      if (decided.size() < 6 && server.Db().Count("SELECT count(*) FROM cases WHERE status = 'in_review' AND "
                                                  "recommendation = 'cleared' AND id = " + std::to_string(id)) == 1)
        decided.push_back(id);
    BOOST_TEST_REQUIRE(decided.size() == 6u);
    for (std::size_t k = 0; k < 5; ++k) Decide(decided[k], "approved_with_conditions", 30 + static_cast<int>(k));
    Decide(decided[5], "approved", 0);
    auto condition_of = [&](std::size_t k) {
      return "(SELECT id FROM conditions WHERE case_id = " + std::to_string(decided[k]) + ")";
    };
    server.Db().Exec("UPDATE conditions SET status = 'overdue' WHERE id = " + condition_of(0));
    server.Db().Exec("UPDATE conditions SET status = 'breached' WHERE id = " + condition_of(1));
    server.Db().Exec("UPDATE conditions SET status = 'fulfilled' WHERE id = " + condition_of(2));
    // Later applications of organisations with an overdue and a breached condition (GE-11).
    for (std::size_t k = 0; k < 2; ++k) {
      soci::session sql("postgresql", server.Db().Connection());
      std::string org;
      sql << "SELECT o.org_number FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = " +
                 std::to_string(decided[k]),
          soci::into(org);
      Submit(CleanGrant(org));
    }
    // Revocations of two organisations' support, one for breach of the democracy conditions
    // (DV-5 flags their later applications), and one only communicated (not counted).
    const auto revoke = [&](std::size_t k, const std::string& status, bool democracy, int days_ago) {
      const std::string c = std::to_string(decided[k]);
      server.Db().Exec(
          "INSERT INTO revocations (case_id, decision_id, status, breach, democracy_reason, reply_by, communicated_by, "
          "reasons, revoked_by, revoked_at, revoked_on) SELECT " + c + ", d.id, '" + status + "', 'Brott mot villkoren', " +
          (democracy ? "true" : "false") + ", '" + Day(-days_ago - 30) + "', u.id, " +
          (status == "revoked" ? "'Återkallat.', u.id, now(), '" + Day(-days_ago) + "'" : "NULL, NULL, NULL, NULL") +
          " FROM decisions d, (SELECT id FROM users WHERE role = 'case_officer' ORDER BY id LIMIT 1) u WHERE d.case_id = " + c);
      soci::session sql("postgresql", server.Db().Connection());
      std::string org;
      sql << "SELECT o.org_number FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = " + c,
          soci::into(org);
      Submit(CleanGrant(org));
    };
    revoke(3, "revoked", true, 400);
    revoke(4, "revoked", false, 200);
    revoke(5, "communicated", true, 10);
    // A needs_info case supplemented: the latest revision counts.
    const long long needs = grants[49];
    BOOST_TEST_REQUIRE(server.Db().Count("SELECT count(*) FROM cases WHERE status = 'needs_info' AND id = " +
                                         std::to_string(needs)) == 1);
    auto sup = server.Post("/api/v1/cases/" + std::to_string(needs) + "/supplement", intake,
                           R"({"declarations":{"democracy_conditions_accepted":true},"attachments":[{"kind":"statutes"},{"kind":"annual_report"},{"kind":"financial_statement"}]})");
    BOOST_TEST_REQUIRE(sup.status == 200, sup.body);
    // Booking states the overlap count ignores or keeps.
    server.Db().Exec("UPDATE bookings SET status = 'cancelled' WHERE case_id = " + std::to_string(bookings[1]));
    server.Db().Exec("UPDATE bookings SET status = 'approved' WHERE case_id = " + std::to_string(bookings[2]));
    server.Db().Exec("UPDATE bookings SET status = 'rejected' WHERE case_id = " + std::to_string(bookings[5]));
    server.Db().Exec("UPDATE cases SET status = 'closed' WHERE id = " + std::to_string(bookings[7]));
    // Applications stored before snapshots existed.
    server.Db().Exec("UPDATE applications SET facts = NULL WHERE case_id IN (" + std::to_string(grants[3]) + ", " +
                     std::to_string(bookings[3]) + ")");
    // The stored normalised name no longer matches the name (normalisation changed since).
    server.Db().Exec("UPDATE incidents SET subject_person_norm = 'anna andersson' WHERE subject_person = 'Karin Holm'");
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(Rescreening, Fixture)

BOOST_AUTO_TEST_CASE(TheBulkPathGivesWhatTheScreenerGivesCaseByCase) {
  Varied();
  const auto covered = Covered();
  BOOST_TEST_REQUIRE(covered.size() > 50u);

  std::mutex mutex;
  std::map<long long, workflow::RescreenCaseOutcome> bulk;
  workflow::RescreenOptions options;
  options.batch_rows = 7;  // many batches on both workers
  options.workers = 2;
  options.full_screenings = true;
  options.observer = [&](const workflow::RescreenCaseOutcome& o) {
    std::lock_guard lock(mutex);
    BOOST_TEST(bulk.emplace(o.case_id, o).second);
  };
  const auto report = Rescreen(options);
  BOOST_TEST(report.snapshots_written == 2);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM applications WHERE facts IS NULL") == 0);
  BOOST_TEST(report.run.counts.unreadable == 0);
  BOOST_TEST(report.run.counts.screened == static_cast<long long>(covered.size()));
  BOOST_TEST(report.run.counts.follow_up == 6);
  BOOST_TEST_REQUIRE(bulk.size() == covered.size());

  std::map<std::string, int> recommendations;
  std::set<char> verdicts_seen;
  bool overlap = false, representative = false, cooperation = false, speaker = false, condition_note = false,
       revoked = false;
  const auto& screener = server.Runtime().Screener();
  const auto& rules = screener.Rules().Rules();
  for (long long id : covered) {
    BOOST_TEST_CONTEXT("case " << id) {
      auto it = bulk.find(id);
      BOOST_TEST_REQUIRE((it != bulk.end()));
      const auto expected = ScreenOne(screener, id);
      const auto& got = it->second;
      BOOST_TEST(got.verdicts == expected.verdicts);
      BOOST_TEST(std::string(domain::ToString(got.recommendation)) == expected.outcome.recommendation);
      BOOST_TEST(got.democracy_flag == expected.outcome.democracy_flag);
      BOOST_TEST_REQUIRE(got.screening.has_value());
      BOOST_TEST(got.screening->json == expected.outcome.json);
      ++recommendations[expected.outcome.recommendation];
      for (std::size_t r = 0; r < rules.size(); ++r) {
        const char v = expected.verdicts[r];
        verdicts_seen.insert(v);
        if (rules[r].id == "BK-1" && v == 'E') overlap = true;
        if (rules[r].id == "GE-11" && v == 'N') condition_note = true;
        if (rules[r].id == "DV-5" && v == 'F') revoked = true;
      }
      for (const auto& incident : expected.facts.incidents) {
        using granska::rules::Attribution;
        if (incident.attribution == Attribution::kCooperationOrganisation) cooperation = true;
        if (incident.attribution == Attribution::kSpeaker) speaker = true;
        if (incident.attribution == Attribution::kRepresentative) representative = true;
      }
    }
  }
  // The data covers what it claims to.
  for (const char* r : {"cleared", "needs_info", "ineligible", "flag"}) BOOST_TEST(recommendations[r] > 0, r);
  for (char v : std::string("PNIEF-")) BOOST_TEST(verdicts_seen.count(v) == 1u, v);
  BOOST_TEST(overlap);
  BOOST_TEST(cooperation);
  BOOST_TEST(speaker);
  BOOST_TEST(representative);
  BOOST_TEST(condition_note);
  BOOST_TEST(revoked, "DV-5 flags an organisation whose support was revoked (the bulk path reads revocations)");

  // The default path (fast verdicts, full screening only where the recommendation changed)
  // agrees too, and what it wrote for a changed case is that case's screening.
  std::map<long long, workflow::RescreenCaseOutcome> fast;
  options.full_screenings = false;
  options.batch_rows = 4000;
  options.observer = [&](const workflow::RescreenCaseOutcome& o) {
    std::lock_guard lock(mutex);
    fast.emplace(o.case_id, o);
  };
  Rescreen(options);
  BOOST_TEST_REQUIRE(fast.size() == covered.size());
  for (const auto& [id, o] : fast) {
    BOOST_TEST(o.verdicts == bulk[id].verdicts);
    BOOST_TEST((o.recommendation == bulk[id].recommendation));
  }
  soci::session sql("postgresql", server.Db().Connection());
  soci::rowset<soci::row> rs = sql.prepare << "SELECT case_id, result_json::text FROM screenings WHERE reason = 'rescreen'";
  int written = 0;
  for (const auto& row : rs) {
    const long long id = row.get<long long>(0);
    const auto expected = ScreenOne(screener, id);
    // jsonb normalises spacing: compare as parsed JSON text through the database.
    std::string escaped;
    for (char c : expected.outcome.json) escaped += c == '\'' ? std::string("''") : std::string(1, c);
    BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + std::to_string(id) +
                                 " AND reason = 'rescreen' AND result_json::jsonb = '" + escaped + "'::jsonb") >= 1,
               "case " << id);
    ++written;
  }
  BOOST_TEST(written > 0);
}

BOOST_AUTO_TEST_CASE(ANewVerifiedIncidentMakesAClearedCaseNewlyFlaggedAndOnlyThatCaseGetsAScreeningAndAnEvent) {
  const long long quiet = Submit(SampleGrant(OrgNumberFor(301)));
  const long long target = Submit(SampleGrant(OrgNumberFor(302)));
  const auto first = Rescreen();
  BOOST_TEST(first.run.counts.screened == 2);
  BOOST_TEST(first.run.counts.unchanged == 2);
  BOOST_TEST(first.run.status == "finished");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings") == 2);  // no new screening for no change
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_results WHERE run_id = " + std::to_string(first.run.id)) == 2);

  Incident(R"({"org_number":")" + OrgNumberFor(302) + "\"}", "violence", Day(-10), true);
  const auto second = Rescreen();
  const auto& c = second.run.counts;
  BOOST_TEST(c.screened == 2);
  BOOST_TEST(c.newly_flagged == 1);
  BOOST_TEST(c.unchanged == 1);
  BOOST_TEST(c.no_longer_flagged + c.other_changes + c.skipped == 0);
  BOOST_TEST(second.previous_rule_sets.size() == 1u);
  BOOST_TEST_REQUIRE(second.examples.size() == 1u);
  BOOST_TEST(second.examples[0].case_id == target);
  BOOST_TEST(second.examples[0].change == "newly_flagged");
  const std::string t = std::to_string(target), q = std::to_string(quiet);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + t +
                               " AND reason = 'rescreen' AND recommendation = 'flag' AND democracy_flag") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + q) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened' AND case_id = " + t +
                               " AND detail->>'previous' = 'cleared' AND detail->>'recommendation' = 'flag'"
                               " AND detail->>'change' = 'newly_flagged'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened'") == 1);
  // People decide: the status stays, the recommendation and the latest screening show the flag.
  auto detail = Parse(server.Get("/api/v1/cases/" + t, officer).body);
  BOOST_TEST(detail->getValue<std::string>("status") == "in_review");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE recommendation = 'flag' AND id = " + t) == 1);
  BOOST_TEST(detail->getObject("screening")->getValue<std::string>("recommendation") == "flag");
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM referrals") == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_results WHERE run_id = " + std::to_string(second.run.id) +
                               " AND case_id = " + t + " AND change = 'newly_flagged' AND previous_recommendation = "
                               "'cleared' AND verdicts LIKE 'F%'") == 1);
  // A third run finds nothing new.
  const auto third = Rescreen();
  BOOST_TEST(third.run.counts.unchanged == 2);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened'") == 1);
}

BOOST_AUTO_TEST_CASE(AChangedRuleSetChangesRecommendations) {
  const long long a = Submit(SampleGrant(OrgNumberFor(401)));
  const long long b = Submit(SampleGrant(OrgNumberFor(402)));
  // The same rules, but GE-5 now asks for at least 200 members (the sample has 120).
  const auto changed_rules = ChangedRules("fact: organisation.member_count\n      lt: 10", "lt: 10", "lt: 200");

  granska::store::PgRescreenStore store(server.Runtime().Db().Pool());
  workflow::Rescreen rescreen(store, changed_rules);
  auto r = rescreen.Run(actor);
  BOOST_TEST_REQUIRE(r.Ok());
  const auto& c = r->run.counts;
  BOOST_TEST(c.screened == 2);
  BOOST_TEST(c.other_changes == 2);
  BOOST_TEST(r->run.rule_set_version == changed_rules.Rules().Version());
  BOOST_TEST(r->previous_rule_sets.count(server.Runtime().Screener().Rules().Version()) == 1u);
  for (long long id : {a, b}) {
    const std::string s = std::to_string(id);
    BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + s +
                                 " AND reason = 'rescreen' AND recommendation = 'ineligible' AND rule_set_version = '" +
                                 changed_rules.Rules().Version() + "'") == 1);
    BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE id = " + s +
                                 " AND status = 'in_review' AND recommendation = 'ineligible'") == 1);
  }
  // Back to the rules in force: the change is reverted and reported as such.
  const auto back = Rescreen();
  BOOST_TEST(back.run.counts.other_changes == 2);
  BOOST_TEST(back.previous_rule_sets.count(changed_rules.Rules().Version()) == 1u);
}

// A rule change that leaves a needs_info case needs_info for one more reason. Before
// migration 0029 the case kept its older screening: a begäran om komplettering named only the
// older item, and the case could then be rejected "as it stands" for lacking what it was
// never asked for.
BOOST_AUTO_TEST_CASE(ARuleChangeThatKeepsTheRecommendationButChangesItsReasonsWritesTheScreening) {
  const std::string without_report = Replace(SampleGrant(OrgNumberFor(421)), R"({"kind":"annual_report"},)", "");
  const long long a = Submit(without_report);  // GE-9 (annual report); its annual meeting 8 months ago
  const long long b = Submit(Replace(Replace(without_report, OrgNumberFor(421), OrgNumberFor(422)), Today(-243), Today(-30)));
  for (long long id : {a, b})
    BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE outcomes = 'GE-9=needs_info' AND case_id = " +
                                 std::to_string(id)) == 1);
  // What the submission stored is what the fast path builds: nothing to write.
  BOOST_TEST(Rescreen().run.counts.unchanged == 2);

  // GE-3 now asks for an annual meeting within 6 months: a's meeting is too old, b's is not.
  const auto changed_rules = ChangedRules("older_than: 15 months", "15 months", "6 months");
  granska::store::PgRescreenStore store(server.Runtime().Db().Pool());
  workflow::Rescreen rescreen(store, changed_rules);
  auto r = rescreen.Run(actor);
  BOOST_TEST_REQUIRE(r.Ok());
  const auto& c = r->run.counts;
  BOOST_TEST(c.outcomes_changed == 1);
  BOOST_TEST(c.unchanged == 1);
  BOOST_TEST(c.newly_flagged + c.no_longer_flagged + c.other_changes + c.skipped == 0);
  BOOST_TEST_REQUIRE(r->examples.size() == 1u);
  BOOST_TEST(r->examples[0].case_id == a);
  BOOST_TEST(r->examples[0].change == "outcomes_changed");
  const std::string sa = std::to_string(a), sb = std::to_string(b);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + sa +
                               " AND reason = 'rescreen' AND recommendation = 'needs_info'"
                               " AND outcomes = 'GE-3=needs_info,GE-9=needs_info'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + sb) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened' AND case_id = " + sa +
                               " AND detail->>'change' = 'outcomes_changed' AND detail->>'previous' = 'needs_info'"
                               " AND detail->>'recommendation' = 'needs_info'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM cases WHERE status = 'needs_info' AND id = " + sa) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_results WHERE run_id = " + std::to_string(r->run.id) +
                               " AND change = 'outcomes_changed'") == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_runs WHERE outcomes_changed = 1 AND id = " +
                               std::to_string(r->run.id)) == 1);
  // The run as the API reports it.
  auto run = Parse(server.Get("/api/v1/admin/rescreen/" + std::to_string(r->run.id), admin).body);
  BOOST_TEST(run->getObject("counts")->getValue<long long>("outcomes_changed") == 1);

  // What a request for more information now asks for: both items, from the new screening.
  auto req = server.Post("/api/v1/cases/" + sa + "/information-request", officer,
                         R"({"reply_by":")" + Today(21) + R"("})");
  BOOST_TEST_REQUIRE(req.status == 200, req.body);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM information_requests WHERE case_id = " + sa +
                               " AND rules = '{GE-3,GE-9}'") == 1);

  // The same changed rules again: nothing new. Back to the rules in force: a changes back.
  BOOST_TEST(workflow::Rescreen(store, changed_rules).Run(actor)->run.counts.unchanged == 2);
  const auto back = Rescreen();
  BOOST_TEST(back.run.counts.outcomes_changed == 1);
  BOOST_TEST(server.Db().Count("SELECT (outcomes = 'GE-9=needs_info')::int FROM screenings WHERE case_id = " + sa +
                               " ORDER BY id DESC LIMIT 1") == 1);
  // Migration 0029 filled the column for older screenings from their JSON: the same text.
  BOOST_TEST(server.Db().Count(
                 "SELECT count(*) FROM screenings s WHERE outcomes <> coalesce((SELECT string_agg((t.r ->> 'rule') "
                 "|| '=' || (t.r ->> 'outcome'), ',' ORDER BY (t.r ->> 'rule') COLLATE \"C\") FROM "
                 "jsonb_array_elements(s.result_json::jsonb -> 'results') AS t(r) WHERE t.r ->> 'outcome' <> 'pass'), '')") == 0);
}

BOOST_AUTO_TEST_CASE(ACaseChangedWhileTheRunReadsItIsSkippedNotOverwritten) {
  const long long id = Submit(SampleGrant(OrgNumberFor(501)));
  Incident(R"({"org_number":")" + OrgNumberFor(501) + "\"}", "violence", Day(-10), true);
  workflow::RescreenOptions options;
  // An officer acts on the case after the run read it and before it writes.
  options.observer = [&](const workflow::RescreenCaseOutcome& o) {
    if (o.case_id == id) server.Db().Exec("UPDATE cases SET version = version + 1 WHERE id = " + std::to_string(id));
  };
  const auto report = Rescreen(options);
  BOOST_TEST(report.run.counts.skipped == 1);
  BOOST_TEST(report.run.counts.newly_flagged == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM screenings WHERE case_id = " + std::to_string(id)) == 1);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM events WHERE event = 'rescreened'") == 0);
  BOOST_TEST(server.Db().Count("SELECT count(*) FROM rescreen_results WHERE change = 'skipped'") == 1);
  // The next run writes it.
  BOOST_TEST(Rescreen().run.counts.newly_flagged == 1);
}

BOOST_AUTO_TEST_CASE(OnlyOneRescreeningRunsAtATime) {
  Submit(SampleGrant(OrgNumberFor(601)));
  granska::store::PgRescreenStore store(server.Runtime().Db().Pool());
  auto held = store.OpenWriter();
  BOOST_TEST_REQUIRE(held != nullptr);
  auto r = server.Runtime().Rescreen().Run(actor);
  BOOST_TEST_REQUIRE(!r.Ok());
  BOOST_TEST((r.Err().code == domain::ErrorCode::kConflict));
  held.reset();
  BOOST_TEST(server.Runtime().Rescreen().Run(actor).Ok());
}

BOOST_AUTO_TEST_SUITE_END()
