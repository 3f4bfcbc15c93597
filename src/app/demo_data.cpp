// `granska demo-data`: realistic demo content, loaded through the same use cases as the
// API (so every row has its event): premises, users (one per role, tokens printed),
// incidents, grant and booking applications from Swedish associations, and some of them
// taken further, so that every stage of the flow has something to show: a decided grant
// with conditions, its letters and the appeal time running, a kommunicering awaiting the
// reply, an approved booking in the calendar, and a referral with the first advice given.
#include <Poco/JSON/Parser.h>

#include <iostream>
#include <map>
#include <stdexcept>
#include <vector>

#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "domain/org_number.hpp"
#include "http/json_fields.hpp"
#include "http/request_parsers.hpp"

namespace granska::app {
namespace {

// Every demo staff user signs in with this password (never use it outside the demo).
constexpr const char* kDemoPassword = "granska-demo-2026";

// Completes nine digits with their Luhn check digit: a valid organisation number.
std::string OrgNumber(const std::string& nine) {
  for (char d = '0'; d <= '9'; ++d) {
    std::string ten = nine + d;
    if (domain::LuhnValid(ten)) return ten.substr(0, 6) + "-" + ten.substr(6);
  }
  return {};
}

struct DemoOrg {
  std::string number;
  const char* name;
  const char* description;
};

// The demo's dates are relative to the day it is loaded, so that it shows the same thing
// whenever it is run: the annual meeting was held in the spring eight months back, the grant
// is for the next calendar year, the bookings are some weeks ahead.
struct DemoDates {
  explicit DemoDates(domain::Date today)
      : annual_meeting(today.AddMonths(-8).ToString()),
        period_from(std::to_string(today.Year() + 1) + "-01-01"),
        period_to(std::to_string(today.Year() + 1) + "-12-31"),
        today_(today) {}
  // An evening `days` ahead, 18:00 to 21:00 at a fixed offset (an absolute instant).
  std::string Evening(int days, const char* time) const {
    return today_.AddDays(days).ToString() + "T" + time + ":00+01:00";
  }
  std::string Ago(int days) const { return today_.AddDays(-days).ToString(); }
  std::string annual_meeting, period_from, period_to;

 private:
  domain::Date today_;
};

std::string GrantJson(const DemoDates& d, const DemoOrg& o, const char* type, int amount, int members, bool accepted,
                      const char* board_extra = "") {
  return std::string(R"({"kind":"grant","organisation":{"org_number":")") + o.number + R"(","name":")" + o.name +
         R"(","description":")" + o.description +
         R"(","municipality":"Göteborg","registered_non_profit":true,"statutes_adopted":"2015-03-14","last_annual_meeting":")" +
         d.annual_meeting + R"(","board_size":5,"member_count":)" + std::to_string(members) +
         R"(,"members_resident":)" + std::to_string(members * 8 / 10) + R"(,"members_aged_7_25":)" +
         std::to_string(members / 2) +
         R"(,"bankgiro":"5050-1055","contact":{"name":"Anna Andersson","email":"anna@example.org"},"board":[{"name":"Anna Andersson","role":"chair"},{"name":"Omar Lind","role":"treasurer"})" +
         board_extra + R"(]},"grant":{"type":")" + type + R"(","amount_sek":)" + std::to_string(amount) +
         R"(,"period":{"from":")" + d.period_from + R"(","to":")" + d.period_to +
         R"("},"purpose":"Verksamhet för barn och unga i stadsdelen","expected_participants":80},"attachments":[{"kind":"statutes"},{"kind":"annual_report"},{"kind":"financial_statement"}],"declarations":{"democracy_conditions_accepted":)" +
         (accepted ? "true" : "false") + R"(,"information_true":true}})";
}

std::string BookingJson(const DemoOrg& o, const char* premises, const std::string& start, const std::string& end,
                        int attendees, const char* speaker) {
  return std::string(R"({"kind":"booking","organisation":{"org_number":")") + o.number + R"(","name":")" + o.name +
         R"(","municipality":"Göteborg","contact":{"name":"Lars Svensson","email":"lars@example.org"}},"booking":{"premises_id":")" +
         premises + R"(","start":")" + start + R"(","end":")" + end +
         R"(","purpose":"Öppet möte","event_type":"lecture","public":true,"expected_attendees":)" +
         std::to_string(attendees) + R"(,"speakers":[{"name":")" + speaker +
         R"("}]},"declarations":{"democracy_conditions_accepted":true,"information_true":true}})";
}


// The demo's users by name.
using DemoActors = std::map<std::string, domain::Actor>;

// A demo step that the use case refused is a defect of the demo (or of a changed rule set):
// it stops the load, naming the step and the use case's reasons.
domain::CaseSummary Expect(const char* step, const domain::Result<domain::CaseSummary>& r) {
  if (r) return *r;
  std::string detail = r.Err().detail;
  for (const auto& f : r.Err().errors) detail += "; " + f.field + " " + f.message;
  throw std::runtime_error(std::string("demo step refused (") + step + "): " + detail);
}

void ExpectStatus(const domain::CaseSummary& c, domain::CaseStatus status) {
  if (c.status != status)
    throw std::runtime_error("demo case " + c.case_number + " (" + c.organisation_name + ") is " +
                             std::string(domain::ToString(c.status)) + ", the demo expects " +
                             std::string(domain::ToString(status)) + ": has the rule set changed?");
}

// Takes some of the submitted applications (in the order of `applications` below) through
// the next steps of the flow, as the people in the demo would, dated today.
void TakeFurther(Runtime& rt, const DemoActors& actors, const DemoDates& dates,
                 std::vector<domain::CaseSummary>& cases) {
  auto& flow = rt.Workflow();
  const auto& officer = actors.at("Karin Holm");
  const domain::Date today = SystemClock{}.Today();

  // Hammarkullens Bollklubb: approved with conditions, the minutes posted today, so the
  // decision letter, the appeal notice and the conditions on the board are there to read.
  auto& club = cases[0];
  ExpectStatus(club, domain::CaseStatus::kInReview);
  workflow::DecisionInput grant;
  grant.outcome = domain::DecisionOutcome::kApprovedWithConditions;
  grant.amount_sek = 45000;
  grant.reasons =
      "Föreningen bedriver regelbunden verksamhet för barn och unga i stadsdelen och uppfyller "
      "villkoren för verksamhetsbidrag. Regelgranskningen visar inget som talar emot bidrag.";
  grant.conditions = {
      {domain::ConditionKind::kActivityReport, today.AddMonths(6),
       "Halvårsrapport om verksamheten: aktiviteter, deltagare och ledare"},
      {domain::ConditionKind::kFinancialReport, *domain::Date::Parse(dates.period_to),
       "Ekonomisk redovisning av bidraget efter bidragsåret"}};
  grant.conditions[1].due = grant.conditions[1].due.AddMonths(3);
  club = Expect("decide Hammarkullens Bollklubb", flow.Decide(officer, club.case_id, club.version, grant, {}));
  workflow::MinutesPostedInput minutes;
  minutes.posted_on = today;
  minutes.minutes_reference = "KFN " + today.ToString() + " § 112 (delegationsbeslut)";
  club = Expect("post the minutes", flow.RecordMinutesPosted(officer, club.case_id, club.version, minutes, {}));

  // Kulturföreningen Vågen: the officer intends to grant part of the project and tells the
  // association first (kommunicering); the reply is awaited.
  auto& culture = cases[1];
  ExpectStatus(culture, domain::CaseStatus::kInReview);
  workflow::CommunicationInput partial;
  partial.intended_outcome = domain::DecisionOutcome::kApproved;
  partial.intended_amount_sek = 50000;
  partial.reasons =
      "Projektets budget tar upp 30 000 kr för lokalhyra i kommunens egna lokaler, som föreningen "
      "kan boka avgiftsfritt som barn- och ungdomsförening. Övriga kostnader är rimliga.";
  partial.reply_by = today.AddDays(14);
  culture = Expect("communicate with Kulturföreningen Vågen",
                   flow.Communicate(officer, culture.case_id, culture.version, partial, {}));

  // Schackklubben Löparen's start grant: the board has not accepted the democracy conditions,
  // so the officer asks for what is missing (begäran om komplettering) and the letter is issued.
  auto& start = cases[4];
  ExpectStatus(start, domain::CaseStatus::kNeedsInfo);
  workflow::InformationRequestInput missing;
  missing.reply_by = today.AddDays(21);
  missing.message = "Blanketten för styrelsens intygande finns i e-tjänsten under Föreningsbidrag.";
  start = Expect("ask Schackklubben Löparen for what is missing",
                 flow.RequestInformation(officer, start.case_id, start.version, missing, {}));

  // Schackklubben Löparen's evening in Lilla salen: approved; the booking takes its time in
  // the premises calendar.
  auto& evening = cases[5];
  ExpectStatus(evening, domain::CaseStatus::kInReview);
  workflow::DecisionInput booking;
  booking.outcome = domain::DecisionOutcome::kApproved;
  booking.reasons =
      "Arrangemanget är öppet för allmänheten och lokalen räcker för det väntade antalet deltagare. "
      "Den tidigare anmärkningen om städning är åtgärdad.";
  evening = Expect("approve the booking", flow.Decide(officer, evening.case_id, evening.version, booking, {}));

  // Förbundet Ny Ordning's lecture in Storsalen: referred by the rules; the first member of the
  // advisory group has answered, the others have not.
  auto& lecture = cases[6];
  ExpectStatus(lecture, domain::CaseStatus::kReferred);
  workflow::AdviceInput advice;
  advice.recommendation = domain::AdviceRecommendation::kReject;
  advice.reasoning =
      "Den anmälda talaren är dömd för uppvigling vid en liknande föreläsning. Arrangemanget riskerar "
      "att ge utrymme för budskap som strider mot demokrativillkoret.";
  lecture = Expect("advise on the lecture", flow.Advise(actors.at("Johan Berg"), lecture.case_id, advice, {}));
}

}  // namespace

int RunDemoData(const Args& args) {
  Config config = LoadConfig(Option(args, "--config"));
  ApplyTimeZone(config.time_zone);
  config.db_pool_size = 2;
  config.http_threads = 1;
  Runtime rt(config);
  const domain::Actor system{};

  struct DemoUser {
    const char* name;
    domain::Role role;
    const char* sector;
  };
  const DemoUser users[] = {
      {"E-tjänsten (Föreningsbidrag)", domain::Role::kIntake, ""},
      {"Karin Holm", domain::Role::kCaseOfficer, ""},
      {"Johan Berg", domain::Role::kAdvisoryMember, "sport_and_associations"},
      {"Leila Haddad", domain::Role::kAdvisoryMember, "culture"},
      {"Per Nilsson", domain::Role::kAdvisoryMember, "security"},
      {"Sara Ek", domain::Role::kCoordinator, "social_resources"},
      {"Mats Lund", domain::Role::kAuditor, ""},
      {"Systemförvaltare", domain::Role::kAdmin, ""},
  };
  domain::Actor intake{}, officer{};
  DemoActors actors;
  std::cout << "Web interface: sign in at /login with a staff name below and the password " << kDemoPassword << "\n";
  std::cout << "Demo users and their API tokens (role, name, token):\n";
  for (const auto& u : users) {
    const std::string token = NewToken();
    auto created = rt.Users().Add(system, domain::User{0, u.name, u.role, u.sector}, token, HashTokenHex(token));
    if (!created) throw std::runtime_error("demo user could not be created: " + created.Err().detail);
    if (domain::IsStaff(u.role)) {  // staff sign in to the web interface with their name
      auto set = rt.Sessions().SetPassword(system, created->user.id, kDemoPassword);
      if (!set) throw std::runtime_error("demo password could not be set: " + set.Err().detail);
    }
    std::cout << "  " << domain::ToString(u.role) << "\t" << u.name << "\t" << token << "\n";
    actors[u.name] = {created->user.id, u.name, u.role};
    if (u.role == domain::Role::kIntake && intake.user_id == 0) intake = {created->user.id, u.name, u.role};
    if (u.role == domain::Role::kCaseOfficer && officer.user_id == 0) officer = {created->user.id, u.name, u.role};
  }

  const domain::Premises premises[] = {{"storsalen", "Storsalen, Medborgarhuset", 120},
                                       {"lilla-salen", "Lilla salen, Medborgarhuset", 40},
                                       {"motesrum-1", "Mötesrum 1, Stadsdelshuset", 12},
                                       {"idrottshallen", "Idrottshallen Hammarkullen", 300}};
  for (const auto& p : premises) rt.Premises().Put(system, p, {});

  const DemoOrg orgs[] = {
      {OrgNumber("802456789"), "Hammarkullens Bollklubb", "Fotboll för barn och unga"},
      {OrgNumber("802512345"), "Kulturföreningen Vågen", "Musik och teater"},
      {OrgNumber("802601234"), "Föreningen Gemenskap i Angered", "Läxhjälp och samtalsgrupper"},
      {OrgNumber("802777111"), "Schackklubben Löparen", "Schack för alla åldrar"},
      {OrgNumber("802333222"), "Förbundet Ny Ordning", "Föreläsningar"},
  };

  const DemoDates dates(SystemClock{}.Today());
  auto incident = [&](const std::string& org, const char* person, domain::IncidentKind kind, const std::string& date,
                      domain::IncidentSource source, bool verified, const char* reference, const char* summary) {
    domain::Incident i;
    if (!org.empty()) i.subject_org = domain::OrgNumber::Parse(org);
    if (person) i.subject_person = person;
    i.kind = kind;
    i.occurred_on = *domain::Date::Parse(date);
    i.source = source;
    i.verified = verified;
    i.reference = reference;
    i.summary = summary;
    auto r = rt.Incidents().Record(officer, i, {});
    if (!r) throw std::runtime_error("demo incident could not be recorded: " + r.Err().detail);
  };
  incident(orgs[4].number, nullptr, domain::IncidentKind::kThreat, dates.Ago(584),
           domain::IncidentSource::kCourtJudgment, true, "Göteborgs tingsrätt B 1234-25",
           "Olaga hot mot en journalist vid ett möte som föreningen anordnade.");
  incident({}, "Erik Vidkun", domain::IncidentKind::kIncitement, dates.Ago(815), domain::IncidentSource::kCourtJudgment,
           true, "Hovrätten för Västra Sverige B 2210-24", "Dömd för uppvigling vid en offentlig föreläsning.");
  incident(orgs[2].number, nullptr, domain::IncidentKind::kDiscrimination, dates.Ago(299),
           domain::IncidentSource::kMedia, false, "", "Uppgift i lokalpress, ej bekräftad.");
  incident(orgs[3].number, nullptr, domain::IncidentKind::kRentalBreach, dates.Ago(381),
           domain::IncidentSource::kOwnObservation, true, "Lokalbokningen dnr 2025-00412",
           "Lokalen lämnades ostädad efter arrangemang.");

  const std::string applications[] = {
      GrantJson(dates, orgs[0], "activity", 45000, 120, true),
      GrantJson(dates, orgs[1], "project", 80000, 35, true),
      GrantJson(dates, orgs[2], "activity", 60000, 48, true),
      GrantJson(dates, orgs[4], "event", 30000, 25, true),
      GrantJson(dates, orgs[3], "start", 8000, 12, false),
      BookingJson(orgs[3], "lilla-salen", dates.Evening(66, "18:00"), dates.Evening(66, "21:00"), 30,
                  "Maria Schackspelare"),
      BookingJson(orgs[4], "storsalen", dates.Evening(89, "18:00"), dates.Evening(89, "21:00"), 90, "Erik Vidkun"),
  };
  std::vector<domain::CaseSummary> cases;
  for (const auto& json : applications) {
    Poco::JSON::Parser parser;
    auto body = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    std::vector<domain::FieldError> errors;
    auto app = http::ParseApplication(body, errors);
    auto result = rt.Submit().Run(intake, app, json, errors);
    if (!result) throw std::runtime_error("demo application refused: " + result.Err().detail);
    cases.push_back(result->summary);
  }
  TakeFurther(rt, actors, dates, cases);

  std::cout << "Demo applications:\n";
  for (const auto& c : cases)
    std::cout << "  " << (c.case_number.empty() ? "(number to follow)" : c.case_number) << "  "
              << c.organisation_name << "  " << domain::ToString(c.status) << "\n";
  return 0;
}

}  // namespace granska::app
