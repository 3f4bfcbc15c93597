// bench_rescreen_load: fills a freshly migrated Granska database with synthetic stored
// applications for `granska rescreen` (bench/rescreen/run.sh), straight through COPY.
//
//   bench_rescreen_load --db CONNINFO --count N [--seed S] [--rules DIR]
//
// `count` cases are covered by a re-screening (open, or approved with a pending or overdue
// condition); another 10 % are not (closed, withdrawn, rejected, conditions all met). Each
// case has its organisation (about four cases per organisation), contact and board, at
// times cooperation organisations; 65 % are grants, 35 % bookings of 2 000 premises with
// pending, approved, cancelled and rejected slots; 10 % were supplemented once (two
// revisions). The incident register holds count / 4 entries about organisations and people,
// some of them applicants'. Every case carries a previous screening computed by the engine
// with the registers as they were before the last 3 % of the incidents were recorded, so
// a re-screening finds what those changed. The stored application is the verbatim JSON of
// the API shape (about 1.2 KB) plus its facts snapshot as intake writes it; the previous
// screening's stored JSON is abbreviated (rule and outcome only): re-screening never reads it.
//
// Deterministic: the same seed gives the same database. Foreign-key triggers are off while
// loading (session_replication_role = replica; the bench's own cluster, as its superuser).
#include <libpq-fe.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/application.hpp"
#include "domain/json_text.hpp"
#include "domain/org_number.hpp"
#include "domain/person_name.hpp"
#include "rules/rule_set.hpp"
#include "store/libpq_support.hpp"
#include "workflow/bulk_screener.hpp"
#include "workflow/facts_snapshot.hpp"
#include "workflow/register_index.hpp"

namespace {

using granska::domain::Date;
using granska::domain::Instant;
namespace domain = granska::domain;
namespace rules = granska::rules;
namespace store = granska::store;
namespace workflow = granska::workflow;

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return static_cast<int>(Next() % 100) < percent; }

 private:
  std::uint64_t state_;
};

// One generator per entity: the same entity always comes out the same, in any pass.
Random For(std::uint64_t seed, std::uint64_t kind, std::uint64_t index) {
  Random r(seed ^ (kind * 0x9e3779b97f4a7c15ULL) ^ (index * 0xd1b54a32d192ed03ULL));
  r.Next();
  return r;
}

constexpr std::array<const char*, 40> kFirst{
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Marie", "Malin", "Åsa",
    "Elin", "Ida", "Hanna", "Linnéa", "Fatima", "Amina", "Leyla", "Sofia", "Lars", "Mikael", "Anders", "Johan",
    "Per", "Erik", "Karl", "Peter", "Thomas", "Daniel", "Omar", "Ali", "Mohammed", "Ahmed", "Jonas", "Björn",
    "Örjan", "Mats", "Oskar", "Emil"};
constexpr std::array<const char*, 60> kLast{
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
    "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson",
    "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson",
    "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson"};

// A person: first name, for some a middle name, last name and for most a second last name
// (40 * 41 * 60 * 61 ≈ 6 million names; beyond that a name repeats, as namesakes do).
std::string PersonName(std::uint64_t k) {
  std::string s = kFirst[k % kFirst.size()];
  k /= kFirst.size();
  const std::uint64_t last = k % kLast.size();
  k /= kLast.size();
  const std::uint64_t second = k % (kLast.size() + 1);
  k /= kLast.size() + 1;
  const std::uint64_t middle = k % (kFirst.size() + 1);
  if (middle < kFirst.size()) {
    s += ' ';
    s += kFirst[middle];
  }
  s += ' ';
  s += kLast[last];
  if (second < kLast.size()) {
    s += '-';
    s += kLast[second];
  }
  return s;
}

std::string OrgNumberFor(std::uint64_t index) {
  const std::string nine = std::to_string(802000000 + index % 100000000);
  for (char d = '0'; d <= '9'; ++d)
    if (domain::LuhnValid(nine + d)) return nine.substr(0, 6) + "-" + nine.substr(6) + d;
  throw std::logic_error("no check digit");
}

struct Options {
  std::string db;
  std::int64_t count = 100000;
  std::uint64_t seed = 20261122;
  std::string rules_dir = GRANSKA_SOURCE_DIR "/rules";
};

struct Sizes {
  std::int64_t cases;          // covered and not
  std::int64_t organisations;  // applicants
  std::int64_t people;         // applicants' contacts and boards are drawn from these
  std::int64_t incidents;
  std::int64_t premises = 2000;
};

const Date kToday = *Date::Parse("2026-11-22");

// What a case is, before its application: kind, status, organisation, dates, revisions.
struct CaseShape {
  domain::ApplicationKind kind;
  std::string status;  // cases.status
  bool covered;
  bool decided;
  std::string decision;                // approved_with_conditions | rejected
  std::vector<std::string> conditions;  // statuses
  std::uint64_t org;
  Date submitted_on;
  int revisions;
  std::string booking_status;
};

CaseShape Shape(const Options& o, const Sizes& z, std::int64_t i) {
  Random r = For(o.seed, 1, static_cast<std::uint64_t>(i));
  CaseShape s;
  s.kind = r.Chance(65) ? domain::ApplicationKind::kGrant : domain::ApplicationKind::kBooking;
  s.covered = i < o.count;
  s.org = static_cast<std::uint64_t>(r.Between(0, z.organisations - 1));
  s.submitted_on = kToday.AddDays(-static_cast<std::int32_t>(r.Between(0, 364)));
  s.revisions = r.Chance(10) ? 2 : 1;
  s.decided = false;
  if (s.covered) {
    const int p = static_cast<int>(r.Between(0, 99));
    if (p < 20) {
      s.status = "decided";
      s.decided = true;
      s.decision = "approved_with_conditions";
      s.conditions.push_back(r.Chance(80) ? "pending" : "overdue");
      if (r.Chance(40)) s.conditions.push_back(r.Chance(50) ? "fulfilled" : "breached");
    } else {
      s.status = p < 65 ? "in_review" : p < 80 ? "needs_info" : p < 90 ? "referred" : p < 96 ? "advised" : "communicated";
    }
  } else {
    const int p = static_cast<int>(r.Between(0, 99));
    if (p < 40) {
      s.status = "closed";
    } else if (p < 55) {
      s.status = "withdrawn";
    } else if (p < 75) {
      s.status = "decided";
      s.decided = true;
      s.decision = "rejected";
    } else {
      s.status = "decided";
      s.decided = true;
      s.decision = "approved_with_conditions";
      s.conditions.push_back("fulfilled");
      if (r.Chance(30)) s.conditions.push_back("waived");
    }
  }
  if (s.kind == domain::ApplicationKind::kBooking) {
    const int p = static_cast<int>(r.Between(0, 99));
    s.booking_status = s.status == "closed" || s.status == "withdrawn" ? "cancelled"
                       : s.decided                                      ? (s.decision == "rejected" ? "rejected" : "approved")
                       : p < 95                                         ? "pending"
                                                                        : "cancelled";
  }
  return s;
}

// The organisation as every application of it describes it (numbers vary per application).
struct Org {
  std::string number;
  std::string name;
  std::uint64_t contact;
  std::vector<std::uint64_t> board;
  std::vector<std::uint64_t> cooperation;
  bool non_profit;
  bool bankgiro, plusgiro;
  Date statutes;
};

Org MakeOrg(const Options& o, const Sizes& z, std::uint64_t index) {
  Random r = For(o.seed, 2, index);
  Org org;
  org.number = OrgNumberFor(index);
  org.name = std::string(r.Chance(50) ? "Föreningen " : "Kulturföreningen ") + kLast[r.Next() % kLast.size()] + " " +
             std::to_string(index);
  org.contact = r.Next() % static_cast<std::uint64_t>(z.people);
  const int board = static_cast<int>(r.Between(2, 6));
  for (int b = 0; b < board; ++b)
    org.board.push_back(b == 0 && r.Chance(60) ? org.contact : r.Next() % static_cast<std::uint64_t>(z.people));
  if (r.Chance(15)) {
    const int n = static_cast<int>(r.Between(1, 3));
    for (int c = 0; c < n; ++c)
      org.cooperation.push_back(r.Chance(50) ? r.Next() % static_cast<std::uint64_t>(z.organisations)
                                             : static_cast<std::uint64_t>(z.organisations) + r.Next() % 1000000);
  }
  org.non_profit = !r.Chance(3);
  org.bankgiro = !r.Chance(4);
  org.plusgiro = r.Chance(10);
  org.statutes = kToday.AddDays(-static_cast<std::int32_t>(r.Between(200, 9000)));
  return org;
}

std::string Text(Random& r, int words) {
  static constexpr std::array<const char*, 16> kWords{
      "verksamhet", "för", "barn", "och", "unga", "i", "stadsdelen", "med", "läxhjälp", "idrott", "musik",
      "föreläsningar", "samtal", "om", "demokrati", "träffar"};
  std::string s;
  for (int w = 0; w < words; ++w) {
    if (w) s += ' ';
    s += kWords[r.Next() % kWords.size()];
  }
  return s;
}

struct Booking {
  std::string premises;
  std::int64_t start, end;
};

Booking MakeBooking(const Options& o, const Sizes& z, std::int64_t i) {
  Random r = For(o.seed, 3, static_cast<std::uint64_t>(i));
  Booking b;
  b.premises = "lokal-" + std::to_string(r.Between(0, z.premises - 1));
  const std::int64_t day = Date::FromDays(kToday.Days() + static_cast<std::int32_t>(r.Between(1, 365))).Days();
  const std::int64_t hour = r.Between(9, 20);
  b.start = day * 86400 + hour * 3600 - 3600;  // CET
  b.end = b.start + r.Between(1, 4) * 3600;
  return b;
}

// Revision `revision` of case i's application.
domain::Application MakeApplication(const Options& o, const Sizes& z, std::int64_t i, const CaseShape& s, int revision) {
  Random r = For(o.seed, 4, static_cast<std::uint64_t>(i));
  const Org org = MakeOrg(o, z, s.org);
  domain::Application app;
  app.kind = s.kind;
  auto& a = app.organisation;
  a.org_number = domain::OrgNumber::Parse(org.number);
  a.name = org.name;
  a.description = Text(r, 25);
  a.municipality = "Göteborg";
  a.contact = domain::Person{PersonName(org.contact), "", "kontakt@example.org"};
  for (auto p : org.board) a.board.push_back(domain::Person{PersonName(p), "ledamot", ""});
  for (auto c : org.cooperation) a.cooperation_organisations.push_back(*domain::OrgNumber::Parse(OrgNumberFor(c)));
  const bool first_incomplete = s.revisions == 2 && revision == 1;
  if (s.kind == domain::ApplicationKind::kGrant) {
    a.registered_non_profit = org.non_profit;
    if (!r.Chance(3)) a.statutes_adopted = org.statutes;
    if (!r.Chance(3))
      a.last_annual_meeting = s.submitted_on.AddDays(-static_cast<std::int32_t>(r.Chance(6) ? r.Between(460, 700) : r.Between(0, 450)));
    a.board_size = r.Chance(2) ? 2 : static_cast<std::int64_t>(org.board.size()) + 1;
    const std::int64_t members = r.Chance(3) ? r.Between(3, 9) : r.Between(10, 800);
    a.member_count = members;
    a.members_resident = r.Chance(4) ? members / 3 : members - members / 5;
    a.members_aged_7_25 = r.Chance(5) ? 4 : members / 2;
    if (org.bankgiro) a.bankgiro = "5050-1055";
    if (org.plusgiro) a.plusgiro = "123456-7";
    domain::GrantRequest g;
    g.type = static_cast<domain::GrantType>(r.Between(0, 4));
    g.amount_sek = r.Chance(5) ? r.Between(300000, 900000) : r.Between(2000, 9999);
    g.period_from = *Date::Parse("2027-01-01");
    g.period_to = *Date::Parse("2027-12-31");
    g.purpose = Text(r, 40);
    if (r.Chance(70)) g.expected_participants = r.Between(10, 400);
    app.grant = g;
    app.attachments = {domain::AttachmentKind::kStatutes, domain::AttachmentKind::kAnnualReport,
                       domain::AttachmentKind::kFinancialStatement};
    if (r.Chance(6)) app.attachments.erase(app.attachments.begin() + 1);
    if (r.Chance(3)) app.attachments.erase(app.attachments.begin());
    if (r.Chance(30)) app.attachments.push_back(domain::AttachmentKind::kBudget);
  } else {
    const Booking b = MakeBooking(o, z, i);
    domain::BookingRequest req;
    req.premises_id = b.premises;
    req.start = Instant::FromEpochSeconds(b.start, 60);
    req.end = Instant::FromEpochSeconds(b.end, 60);
    req.purpose = Text(r, 30);
    req.event_type = static_cast<domain::EventType>(r.Between(0, 6));
    req.is_public = r.Chance(40);
    req.expected_attendees = r.Chance(5) ? r.Between(200, 600) : r.Between(5, 150);
    const int speakers = static_cast<int>(r.Between(0, 3));
    for (int k = 0; k < speakers; ++k)
      req.speakers.push_back(domain::Person{PersonName(r.Next() % static_cast<std::uint64_t>(z.people * 2)), "", ""});
    app.booking = req;
  }
  app.democracy_conditions_accepted = first_incomplete ? false : !r.Chance(1);
  app.information_true = true;
  return app;
}

// The application as the e-service sends it (shared/api.md).
std::string ApplicationJson(const domain::Application& app) {
  domain::JsonWriter w;
  w.BeginObject().Field("kind", domain::ToString(app.kind));
  const auto& a = app.organisation;
  w.Key("organisation").BeginObject().Field("org_number", a.org_number->Text()).Field("name", a.name);
  w.Field("description", a.description).Field("municipality", a.municipality);
  if (a.registered_non_profit) w.Field("registered_non_profit", *a.registered_non_profit);
  if (a.statutes_adopted) w.Field("statutes_adopted", a.statutes_adopted->ToString());
  if (a.last_annual_meeting) w.Field("last_annual_meeting", a.last_annual_meeting->ToString());
  if (a.board_size) w.Field("board_size", *a.board_size);
  if (a.member_count) w.Field("member_count", *a.member_count);
  if (a.members_resident) w.Field("members_resident", *a.members_resident);
  if (a.members_aged_7_25) w.Field("members_aged_7_25", *a.members_aged_7_25);
  if (a.bankgiro) w.Field("bankgiro", *a.bankgiro);
  if (a.plusgiro) w.Field("plusgiro", *a.plusgiro);
  w.Key("contact").BeginObject().Field("name", a.contact->name).Field("email", a.contact->email).EndObject();
  w.Key("board").BeginArray();
  for (const auto& p : a.board) w.BeginObject().Field("name", p.name).Field("role", p.role).EndObject();
  w.EndArray();
  if (!a.cooperation_organisations.empty()) {
    w.Key("cooperation_organisations").BeginArray();
    for (const auto& c : a.cooperation_organisations) w.String(c.Text());
    w.EndArray();
  }
  w.EndObject();
  if (app.grant) {
    const auto& g = *app.grant;
    w.Key("grant").BeginObject().Field("type", domain::ToString(g.type)).Field("amount_sek", g.amount_sek);
    w.Key("period").BeginObject().Field("from", g.period_from->ToString()).Field("to", g.period_to->ToString()).EndObject();
    w.Field("purpose", g.purpose);
    if (g.expected_participants) w.Field("expected_participants", *g.expected_participants);
    w.EndObject();
  }
  if (app.booking) {
    const auto& b = *app.booking;
    w.Key("booking").BeginObject().Field("premises_id", b.premises_id).Field("start", b.start->ToString());
    w.Field("end", b.end->ToString()).Field("purpose", b.purpose).Field("event_type", domain::ToString(b.event_type));
    w.Field("public", b.is_public);
    if (b.expected_attendees) w.Field("expected_attendees", *b.expected_attendees);
    w.Key("speakers").BeginArray();
    for (const auto& p : b.speakers) w.BeginObject().Field("name", p.name).EndObject();
    w.EndArray().EndObject();
  }
  w.Key("attachments").BeginArray();
  for (auto k : app.attachments) w.BeginObject().Field("kind", domain::ToString(k)).EndObject();
  w.EndArray();
  w.Key("declarations").BeginObject();
  if (app.democracy_conditions_accepted) w.Field("democracy_conditions_accepted", *app.democracy_conditions_accepted);
  if (app.information_true) w.Field("information_true", *app.information_true);
  w.EndObject().EndObject();
  return w.Take();
}

struct IncidentRow {
  std::string subject_org, subject_person;
  domain::IncidentKind kind;
  Date occurred_on;
  domain::IncidentSource source;
  bool verified, distanced, recent;
  std::string reference;
};

IncidentRow MakeIncident(const Options& o, const Sizes& z, std::int64_t k) {
  Random r = For(o.seed, 5, static_cast<std::uint64_t>(k));
  IncidentRow i;
  if (r.Chance(55))
    i.subject_org = OrgNumberFor(static_cast<std::uint64_t>(r.Between(0, z.organisations * 4 - 1)));
  else
    i.subject_person = PersonName(static_cast<std::uint64_t>(r.Between(0, z.people * 5 - 1)));
  static constexpr std::array<int, 8> kWeights{18, 20, 8, 10, 6, 4, 22, 12};  // by IncidentKind
  int p = static_cast<int>(r.Between(0, 99));
  int kind = 0;
  while (p >= kWeights[static_cast<std::size_t>(kind)]) p -= kWeights[static_cast<std::size_t>(kind++)];
  i.kind = static_cast<domain::IncidentKind>(kind);
  i.occurred_on = kToday.AddDays(-static_cast<std::int32_t>(r.Between(0, 8 * 365)));
  i.source = static_cast<domain::IncidentSource>(r.Between(0, 5));
  i.verified = r.Chance(55);
  i.distanced = r.Chance(8);
  i.recent = k >= z.incidents - z.incidents * 3 / 100;  // recorded after the previous screenings
  i.reference = "Tingsrätten B " + std::to_string(1000 + k % 9000) + "-" + std::to_string(i.occurred_on.Year() % 100);
  return i;
}

class Connection {
 public:
  explicit Connection(const std::string& info) : conn_(PQconnectdb(info.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("connect: ") + PQerrorMessage(conn_));
    store::Exec(conn_, "SET session_replication_role = replica");
    store::Exec(conn_, "SET synchronous_commit = off");
  }
  ~Connection() { PQfinish(conn_); }
  PGconn* get() { return conn_; }

 private:
  PGconn* conn_;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

int Main(const Options& o) {
  const auto t0 = std::chrono::steady_clock::now();
  Sizes z;
  z.cases = o.count + o.count / 10;
  z.organisations = std::max<std::int64_t>(10, z.cases / 4);
  z.people = std::max<std::int64_t>(50, z.cases / 2);
  z.incidents = std::max<std::int64_t>(10, o.count / 4);
  auto loaded = rules::RuleSet::LoadDirectory(o.rules_dir);
  if (!loaded) throw std::runtime_error("rule set does not compile");
  const rules::RuleSet& rule_set = *loaded.rule_set;
  std::vector<bool> democracy;
  for (const auto& r : rule_set.Rules()) democracy.push_back(r.category == "democracy");

  Connection main(o.db);
  store::Exec(main.get(), "INSERT INTO users (id, name, role) VALUES (1, 'Bench Admin', 'admin')");
  {
    store::CopyIn premises(main.get(), "COPY premises (id, name, capacity) FROM STDIN");
    for (std::int64_t p = 0; p < z.premises; ++p) {
      Random r = For(o.seed, 6, static_cast<std::uint64_t>(p));
      premises.Text("lokal-" + std::to_string(p)).Text("Lokal " + std::to_string(p)).Int(r.Between(20, 300)).EndRow();
    }
    premises.Finish();
  }
  {
    store::CopyIn orgs(main.get(), "COPY organisations (id, org_number, name, municipality) FROM STDIN");
    for (std::int64_t k = 0; k < z.organisations; ++k) {
      const Org org = MakeOrg(o, z, static_cast<std::uint64_t>(k));
      orgs.Int(k + 1).Text(org.number).Text(org.name).Text("Göteborg").EndRow();
    }
    orgs.Finish();
  }
  std::cerr << "premises and " << z.organisations << " organisations: " << Seconds(t0) << " s\n";

  // The registers as the previous screenings saw them (without the recent incidents).
  workflow::RegisterIndex before;
  {
    store::CopyIn incidents(main.get(),
                            "COPY incidents (id, subject_org, subject_person, subject_person_norm, kind, occurred_on, "
                            "source, verified, distanced, reference, summary, recorded_by) FROM STDIN");
    for (std::int64_t k = 0; k < z.incidents; ++k) {
      const IncidentRow i = MakeIncident(o, z, k);
      const std::string norm = i.subject_person.empty() ? "" : domain::NormalisePersonName(i.subject_person);
      incidents.Int(k + 1);
      if (i.subject_org.empty()) incidents.Null(); else incidents.Text(i.subject_org);
      if (i.subject_person.empty()) incidents.Null().Null(); else incidents.Text(i.subject_person).Text(norm);
      incidents.Text(domain::ToString(i.kind)).Text(i.occurred_on.ToString()).Text(domain::ToString(i.source));
      incidents.Text(i.verified ? "t" : "f").Text(i.distanced ? "t" : "f").Text(i.reference).Text("").Int(1).EndRow();
      if (!i.recent)
        before.AddIncident(k + 1, i.subject_org, i.subject_person, norm, i.kind, i.occurred_on, i.source, i.verified,
                           i.distanced, i.reference);
    }
    incidents.Finish();
  }
  std::cerr << z.incidents << " incidents: " << Seconds(t0) << " s\n";

  // Pass 1: bookings, decisions and conditions (the registers the screenings also read).
  {
    Connection c2(o.db), c3(o.db);
    store::CopyIn bookings(main.get(), "COPY bookings (id, case_id, premises_id, starts_at, ends_at, status) FROM STDIN");
    store::CopyIn decisions(c2.get(),
                            "COPY decisions (id, case_id, outcome, amount_sek, reasons, delegation_ref, decided_by, "
                            "decided_on) FROM STDIN");
    store::CopyIn conditions(c3.get(), "COPY conditions (id, case_id, decision_id, kind, due, description, status) FROM STDIN");
    std::int64_t booking_id = 0, decision_id = 0, condition_id = 0;
    for (std::int64_t i = 0; i < z.cases; ++i) {
      const CaseShape s = Shape(o, z, i);
      const std::int64_t case_id = i + 1;
      if (s.kind == domain::ApplicationKind::kBooking) {
        const Booking b = MakeBooking(o, z, i);
        bookings.Int(++booking_id).Int(case_id).Text(b.premises);
        bookings.Text(Instant::FromEpochSeconds(b.start, 60).ToString()).Text(Instant::FromEpochSeconds(b.end, 60).ToString());
        bookings.Text(s.booking_status).EndRow();
        if (s.booking_status == "pending" || s.booking_status == "approved")
          before.AddBooking(b.premises, b.start, b.end, case_id, s.booking_status == "approved");
      }
      if (!s.decided) continue;
      const Date decided_on = s.submitted_on.AddDays(20);
      decisions.Int(++decision_id).Int(case_id).Text(s.decision);
      if (s.decision == "rejected") decisions.Null(); else decisions.Int(9000);
      decisions.Text("Beslut enligt delegation.").Text("D 4.2").Int(1).Text(decided_on.ToString()).EndRow();
      for (std::size_t k = 0; k < s.conditions.size(); ++k) {
        const Date due = s.conditions[k] == "overdue" ? kToday.AddDays(-30) : decided_on.AddDays(180 + static_cast<std::int32_t>(k) * 30);
        conditions.Int(++condition_id).Int(case_id).Int(decision_id).Text("activity_report").Text(due.ToString());
        conditions.Text("Verksamhetsberättelse").Text(s.conditions[k]).EndRow();
        char number[32];
        std::snprintf(number, sizeof number, "%04d-%05lld", 2026, static_cast<long long>(case_id));
        before.AddCondition(condition_id, OrgNumberFor(s.org), case_id, number, *rules::ParseConditionStatus(s.conditions[k]), due);
      }
    }
    bookings.Finish();
    decisions.Finish();
    conditions.Finish();
    std::cerr << booking_id << " bookings, " << decision_id << " decisions, " << condition_id
              << " conditions: " << Seconds(t0) << " s\n";
  }
  for (std::int64_t p = 0; p < z.premises; ++p) {
    Random r = For(o.seed, 6, static_cast<std::uint64_t>(p));
    before.AddPremises("lokal-" + std::to_string(p), r.Between(20, 300));
  }
  before.Finish();

  // Pass 2: cases, applications (verbatim JSON and facts snapshot) and previous screenings.
  std::array<std::int64_t, 4> by_recommendation{};
  {
    Connection c2(o.db), c3(o.db);
    store::CopyIn cases(main.get(),
                        "COPY cases (id, case_number, year, sequence, kind, status, recommendation, organisation_id, "
                        "organisation_name, submitted_on, version) FROM STDIN");
    store::CopyIn applications(c2.get(),
                               "COPY applications (case_id, revision, raw_json, grant_type, amount_sek, period_from, "
                               "period_to, member_count, contact_email, facts) FROM STDIN");
    store::CopyIn screenings(c3.get(),
                             "COPY screenings (id, case_id, application_revision, rule_set_version, recommendation, "
                             "democracy_flag, result_json, outcomes, reason) FROM STDIN");
    rules::Facts facts;
    workflow::SnapshotKeys keys;
    workflow::GatherScratch scratch;
    std::vector<rules::Verdict> verdicts(rule_set.RuleCount());
    std::int64_t screening_id = 0;
    for (std::int64_t i = 0; i < z.cases; ++i) {
      const CaseShape s = Shape(o, z, i);
      const std::int64_t case_id = i + 1;
      domain::Application latest;
      std::string latest_facts;
      for (int rev = 1; rev <= s.revisions; ++rev) {
        latest = MakeApplication(o, z, i, s, rev);
        latest_facts = workflow::EncodeFactsSnapshot(latest);
        applications.Int(case_id).Int(rev).Text(ApplicationJson(latest));
        if (latest.grant) {
          applications.Text(domain::ToString(latest.grant->type)).Int(latest.grant->amount_sek);
          applications.Text(latest.grant->period_from->ToString()).Text(latest.grant->period_to->ToString());
        } else {
          applications.Null().Null().Null().Null();
        }
        if (latest.organisation.member_count) applications.Int(*latest.organisation.member_count); else applications.Null();
        applications.Text(latest.organisation.contact->email).Text(latest_facts).EndRow();
      }
      // The previous screening: the engine on the registers as they were.
      if (!workflow::DecodeFactsSnapshot(latest_facts, facts, keys)) throw std::logic_error("snapshot");
      workflow::GatherContext context;
      context.case_id = case_id;
      context.submitted_on = s.submitted_on;
      before.Gather(context, keys, false, facts, scratch);
      const auto recommendation = rule_set.EvaluateVerdicts(facts, verdicts);
      ++by_recommendation[static_cast<std::size_t>(recommendation)];
      bool democracy_flag = false;
      std::vector<std::pair<std::string_view, domain::Outcome>> outcomes;
      domain::JsonWriter w;
      w.BeginObject().Field("rule_set", rule_set.Version()).Field("recommendation", domain::ToString(recommendation));
      w.Key("results").BeginArray();
      for (std::size_t r = 0; r < verdicts.size(); ++r) {
        if (verdicts[r] == rules::Verdict::kNotApplicable) continue;
        if (verdicts[r] == rules::Verdict::kFlag && democracy[r]) democracy_flag = true;
        w.BeginObject().Field("rule", rule_set.Rules()[r].id);
        w.Field("outcome", domain::ToString(static_cast<domain::Outcome>(verdicts[r]))).EndObject();
        outcomes.emplace_back(rule_set.Rules()[r].id, static_cast<domain::Outcome>(verdicts[r]));
      }
      w.EndArray().EndObject();
      screenings.Int(++screening_id).Int(case_id).Int(s.revisions).Text(rule_set.Version());
      screenings.Text(domain::ToString(recommendation)).Text(democracy_flag ? "t" : "f").Text(w.Text());
      screenings.Text(domain::OutcomeSignature(std::move(outcomes)));
      screenings.Text(s.revisions == 2 ? "supplement" : "submission").EndRow();

      char number[32];
      std::snprintf(number, sizeof number, "%04d-%05lld", 2026, static_cast<long long>(case_id));
      cases.Int(case_id).Text(number).Int(2026).Int(case_id).Text(domain::ToString(s.kind)).Text(s.status);
      cases.Text(domain::ToString(recommendation)).Int(static_cast<std::int64_t>(s.org) + 1);
      cases.Text(latest.organisation.name);
      cases.Text(s.submitted_on.ToString()).Int(s.revisions + (s.decided ? 2 : 1)).EndRow();
      if (i % 100000 == 99999) std::cerr << "  " << (i + 1) << " cases: " << Seconds(t0) << " s\n";
    }
    cases.Finish();
    applications.Finish();
    screenings.Finish();
  }
  for (const char* seq : {"users_id_seq", "organisations_id_seq", "cases_id_seq", "bookings_id_seq", "incidents_id_seq",
                          "decisions_id_seq", "conditions_id_seq", "screenings_id_seq"}) {
    const std::string table = std::string(seq).substr(0, std::strlen(seq) - 7);
    store::Exec(main.get(), ("SELECT setval('" + std::string(seq) + "', (SELECT max(id) FROM " + table + "))").c_str());
  }
  store::Exec(main.get(), "INSERT INTO case_number_counters (year, last_value) SELECT 2026, max(sequence) FROM cases");
  store::Exec(main.get(), "ANALYZE");
  std::printf("loaded %lld cases (%lld covered by a re-screening), %lld incidents in %.1f s; previous recommendations: "
              "%lld cleared, %lld needs_info, %lld ineligible, %lld flag\n",
              static_cast<long long>(z.cases), static_cast<long long>(o.count), static_cast<long long>(z.incidents),
              Seconds(t0), static_cast<long long>(by_recommendation[0]), static_cast<long long>(by_recommendation[1]),
              static_cast<long long>(by_recommendation[2]), static_cast<long long>(by_recommendation[3]));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") o.db = v;
    else if (k == "--count") o.count = std::stoll(v);
    else if (k == "--seed") o.seed = std::stoull(v);
    else if (k == "--rules") o.rules_dir = v;
    else {
      std::cerr << "usage: bench_rescreen_load --db CONNINFO --count N [--seed S] [--rules DIR]\n";
      return 2;
    }
  }
  if (o.db.empty()) {
    std::cerr << "bench_rescreen_load: --db is required\n";
    return 2;
  }
  try {
    return Main(o);
  } catch (const std::exception& e) {
    std::cerr << "bench_rescreen_load: " << e.what() << "\n";
    return 1;
  }
}
