// Counterfactual fairness: applications identical but for names, descriptions and
// purposes that mention faith, origin or politics get identical screenings. The facts are
// built the way rules/tests builds them (FactsFromYaml, the documented facts-building path:
// the same fields the workflow copies into Facts, free text included).
#include <boost/test/unit_test.hpp>

#include "rules/facts_yaml.hpp"
#include "rules/rule_set.hpp"

using namespace granska;
using namespace granska::rules;

namespace {

struct Identity {
  const char* name;
  const char* description;
  const char* purpose;
  const char* contact;
  const char* board;
  const char* speaker;
};

// Names and texts that mention faith, national or ethnic origin, and politics.
const Identity kIdentities[] = {
    {"Föreningen Exempel", "En förening för barn och unga", "Fotboll och läxhjälp", "Anna Andersson", "Erik Berg",
     "Karin Holm"},
    {"Islamiska kulturföreningen Al-Noor", "Muslimsk förening som driver moské och koranskola",
     "Läxhjälp och fredagsbön för unga muslimer", "Mohammed Al-Hassan", "Fatima Yusuf", "Imam Abdullah Rahman"},
    {"Judiska ungdomsförbundet", "Judisk församlingsverksamhet med sabbatsfirande", "Sabbatsmiddagar och hebreiska",
     "Rebecca Goldberg", "David Cohen", "Rabbi Shlomo Katz"},
    {"Syriansk-arameiska riksförbundet", "Förening för syrier, assyrier och araber i Sverige",
     "Arabiska och syriska modersmålskurser", "Gabriel Aho", "Maryam Khoury", "Fader Ephrem"},
    {"Somaliska kvinnoföreningen", "Invandrarförening för kvinnor från Somalia och Eritrea",
     "Svenska för nyanlända kvinnor", "Hodan Abdi", "Amina Warsame", "Ilhan Farah"},
    {"Revolutionära kommunistiska ungdomen", "Marxistisk politisk ungdomsförening", "Studiecirklar om socialism",
     "Lenin Karlsson", "Rosa Lindqvist", "Jan Myrdal-Ek"},
    {"Nationalistisk ungdom i Sverige", "Politisk förening på högerkanten", "Debattkvällar om invandringspolitik",
     "Sven Svensson", "Ulf Ek", "Magnus Nord"},
    {"Regnbågsföreningen HBTQ+ Pride", "Förening för homosexuella, bisexuella och transpersoner",
     "Pridefestival och stödgrupper", "Alex Nilsson", "Kim Persson", "Robin Ek"},
    {"Pingstkyrkans ungdom", "Kristen frikyrka med gudstjänster", "Gospelkör och bibelstudier", "Petrus Johansson",
     "Maria Lind", "Pastor Jonas Ek"},
};

// One application in the shape of the API, with the identity's words in every free-text field.
YAML::Node Application(const Identity& id, const std::string& kind, const std::string& situation) {
  YAML::Node n = YAML::Load(std::string(R"(
kind: )") + kind + R"(
submitted_on: 2026-03-01
organisation:
  org_number: "802456-7896"
  registered_non_profit: true
  statutes_adopted: 2019-03-14
  last_annual_meeting: 2025-09-15
  board_size: 5
  member_count: 120
  members_resident: 96
  members_aged_7_25: 64
  bankgiro: "5050-1055"
attachments: [statutes, annual_report, financial_statement]
declarations: {democracy_conditions_accepted: true, information_true: true}
premises: {capacity: 120}
)");
  n["organisation"]["name"] = id.name;
  n["organisation"]["description"] = id.description;
  n["organisation"]["contact"]["name"] = id.contact;
  n["organisation"]["board"].push_back(YAML::Load(std::string("{name: ") + id.board + ", role: chair}"));
  if (kind == "grant") {
    n["grant"] = YAML::Load("{type: activity, amount_sek: 45000, expected_participants: 80}");
    n["grant"]["purpose"] = id.purpose;
  } else {
    n["booking"] = YAML::Load(
        "{premises_id: storsalen, start: '2026-04-10T18:00:00+02:00', end: '2026-04-10T21:00:00+02:00', "
        "event_type: meeting, public: true, expected_attendees: 60}");
    n["booking"]["purpose"] = id.purpose;
    n["booking"]["speakers"].push_back(YAML::Load(std::string("{name: '") + id.speaker + "'}"));
  }
  // The same recorded acts for every identity; only the subject's label (a name) differs.
  if (situation == "verified_threat") {
    n["incidents"].push_back(YAML::Load(
        "{kind: threat, occurred_on: 2024-05-01, verified: true, source: court_judgment, attribution: representative, "
        "reference: 'B 1234-24'}"));
  } else if (situation == "unverified_report") {
    n["incidents"].push_back(YAML::Load(
        "{kind: incitement, occurred_on: 2025-01-01, verified: false, source: media, attribution: organisation}"));
  } else if (situation == "speaker") {
    n["incidents"].push_back(YAML::Load(
        "{kind: incitement, occurred_on: 2023-01-01, verified: true, source: court_judgment, attribution: speaker}"));
  }
  if (n["incidents"])
    for (auto inc : n["incidents"]) inc["subject"] = id.board;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(Fairness)

BOOST_AUTO_TEST_CASE(NamesDescriptionsAndPurposesNeverChangeAScreening) {
  auto loaded = RuleSet::LoadDirectory(std::filesystem::path(GRANSKA_SOURCE_DIR) / "rules");
  BOOST_REQUIRE(loaded);
  const RuleSet& rules = *loaded.rule_set;
  for (const std::string kind : {"grant", "booking"}) {
    for (const std::string situation : {"clean", "verified_threat", "unverified_report", "speaker"}) {
      BOOST_TEST_CONTEXT(kind << " / " << situation) {
        std::optional<domain::Screening> reference;
        for (const auto& id : kIdentities) {
          auto facts = FactsFromYaml(Application(id, kind, situation));
          if (auto* err = std::get_if<std::string>(&facts)) BOOST_FAIL(*err);
          const Facts& f = std::get<Facts>(facts);
          BOOST_TEST(f.text.organisation_name == id.name);  // the words really are in the facts
          BOOST_TEST(f.text.purpose == id.purpose);
          auto s = rules.Evaluate(f);
          if (!reference) {
            reference = s;
            continue;
          }
          BOOST_TEST_INFO(id.name);
          BOOST_TEST((s == *reference));
        }
        BOOST_TEST(!reference->results.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(TheSituationsDoDifferSoTheComparisonIsNotVacuous) {
  auto loaded = RuleSet::LoadDirectory(std::filesystem::path(GRANSKA_SOURCE_DIR) / "rules");
  BOOST_REQUIRE(loaded);
  auto screen = [&](const std::string& kind, const std::string& situation) {
    return loaded.rule_set->Evaluate(std::get<Facts>(FactsFromYaml(Application(kIdentities[0], kind, situation))));
  };
  BOOST_TEST((screen("grant", "clean").recommendation == domain::Recommendation::kCleared));
  BOOST_TEST((screen("grant", "verified_threat").recommendation == domain::Recommendation::kFlag));
  BOOST_TEST((screen("booking", "speaker").recommendation == domain::Recommendation::kFlag));
  BOOST_TEST((screen("grant", "unverified_report").recommendation == domain::Recommendation::kCleared));
}

BOOST_AUTO_TEST_SUITE_END()
