// Semantics of the condition language and of the evaluator.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>

#include "rules/facts_yaml.hpp"
#include "rules/rule_set.hpp"
#include "rule_files.hpp"

using namespace granska;
using namespace granska::rules;
using domain::Outcome;
using domain::Recommendation;
using rules::testing::RuleParts;
using rules::testing::RuleYaml;

namespace {

RuleSet CompileOne(const RuleParts& p) {
  auto loaded = RuleSet::Compile({{"rules.yaml", RuleYaml(p)}});
  std::string problems;
  for (const auto& pr : loaded.problems) problems += Format(pr) + "\n";
  BOOST_TEST_INFO(problems);
  BOOST_REQUIRE(loaded);
  return *loaded.rule_set;
}

RuleSet CompileWhen(const std::string& when, const std::string& extra = "") {
  RuleParts p;
  p.when = when;
  p.extra = extra;
  // A rule that reads the democracy evidence is a democracy rule (compiler: democracy_evidence).
  if (when.find("incidents") != std::string::npos || when.find("revocations") != std::string::npos)
    p.category = "democracy";
  p.explanation = "{sv: Text, en: Text}";
  return CompileOne(p);
}

Date D(const char* s) { return *Date::Parse(s); }

Facts Grant() {
  Facts f;
  f.kind = domain::ApplicationKind::kGrant;
  f.submitted_on = D("2026-03-01");
  return f;
}

bool Fires(const RuleSet& rs, const Facts& f) {
  auto s = rs.Evaluate(f);
  BOOST_REQUIRE_EQUAL(s.results.size(), 1u);
  return s.results[0].outcome != Outcome::kPass;
}

IncidentFact Incident(domain::IncidentKind kind, const char* date, bool verified) {
  IncidentFact i;
  i.kind = kind;
  i.occurred_on = D(date);
  i.verified = verified;
  return i;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(Engine)

BOOST_AUTO_TEST_CASE(ComparisonsOnAMissingValueAreFalse) {
  auto lt = CompileWhen("{fact: organisation.board_size, lt: 3}");
  auto ge = CompileWhen("{fact: organisation.board_size, ge: 3}");
  Facts f = Grant();
  BOOST_TEST(!Fires(lt, f));
  BOOST_TEST(!Fires(ge, f));
  f.organisation.board_size = 2;
  BOOST_TEST(Fires(lt, f));
  BOOST_TEST(!Fires(ge, f));
}

BOOST_AUTO_TEST_CASE(IsNotHoldsForAMissingValueAndMissingDetectsIt) {
  auto is_not = CompileWhen("{fact: declarations.democracy_conditions_accepted, is_not: true}");
  auto missing = CompileWhen("{fact: organisation.statutes_adopted, missing: true}");
  auto present = CompileWhen("{fact: organisation.statutes_adopted, present: true}");
  Facts f = Grant();
  BOOST_TEST(Fires(is_not, f));
  BOOST_TEST(Fires(missing, f));
  BOOST_TEST(!Fires(present, f));
  f.declarations.democracy_conditions_accepted = false;
  BOOST_TEST(Fires(is_not, f));
  f.declarations.democracy_conditions_accepted = true;
  BOOST_TEST(!Fires(is_not, f));
  f.organisation.statutes_adopted = D("2020-01-01");
  BOOST_TEST(!Fires(missing, f));
  BOOST_TEST(Fires(present, f));
}

BOOST_AUTO_TEST_CASE(ArithmeticComparesExactlyAgainstHalf) {
  auto rs = CompileWhen("{fact: organisation.members_resident, lt: organisation.member_count / 2}");
  Facts f = Grant();
  f.organisation.member_count = 11;
  f.organisation.members_resident = 5;
  BOOST_TEST(Fires(rs, f));
  f.organisation.members_resident = 6;
  BOOST_TEST(!Fires(rs, f));
  f.organisation.member_count.reset();
  BOOST_TEST(!Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(ArithmeticHonoursPrecedenceAndParentheses) {
  auto rs = CompileWhen("{fact: grant.amount_sek, gt: '(organisation.member_count + 10) * 2 - 4 / 2'}");
  Facts f = Grant();
  f.organisation.member_count = 10;  // (10 + 10) * 2 - 2 = 38
  f.grant.amount_sek = 38;
  BOOST_TEST(!Fires(rs, f));
  f.grant.amount_sek = 39;
  BOOST_TEST(Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(TablesLookUpTheValueForTheEnumeratedKey) {
  auto rs = CompileWhen("{fact: grant.amount_sek, gt: 'cap[grant.type]'}",
                        "    tables: {cap: {activity: 100, project: 50}}\n");
  Facts f = Grant();
  f.grant.type = domain::GrantType::kProject;
  f.grant.amount_sek = 50;
  BOOST_TEST(!Fires(rs, f));
  f.grant.amount_sek = 51;
  BOOST_TEST(Fires(rs, f));
  f.grant.type = domain::GrantType::kActivity;
  BOOST_TEST(!Fires(rs, f));
  f.grant.type = domain::GrantType::kStart;  // not in the table: missing, so no comparison holds
  f.grant.amount_sek = 1'000'000;
  BOOST_TEST(!Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(WithinCountsBackFromSubmissionIncludingTheEdgeDay) {
  auto rs = CompileWhen("{exists: incidents, where: {fact: incident.occurred_on, within: 5 years}}");
  Facts f = Grant();
  f.incidents.push_back(Incident(domain::IncidentKind::kThreat, "2021-03-01", true));
  BOOST_TEST(Fires(rs, f));
  f.incidents[0].occurred_on = D("2021-02-28");
  BOOST_TEST(!Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(WindowsFromALeapDayClampToTheMonthsEnd) {
  auto rs = CompileWhen("{fact: organisation.last_annual_meeting, older_than: 12 months}");
  Facts f = Grant();
  f.submitted_on = D("2024-02-29");  // 12 months back is 2023-02-28
  f.organisation.last_annual_meeting = D("2023-02-28");
  BOOST_TEST(!Fires(rs, f));
  f.organisation.last_annual_meeting = D("2023-02-27");
  BOOST_TEST(Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(OlderThanEqualsAComparisonWithShiftedSubmissionDate) {
  auto sugar = CompileWhen("{fact: organisation.last_annual_meeting, older_than: 15 months}");
  auto explicit_form = CompileWhen("{fact: organisation.last_annual_meeting, lt: submitted_on - 15 months}");
  auto literal = CompileWhen("{fact: organisation.last_annual_meeting, lt: 2024-12-01}");
  Facts f = Grant();
  for (const char* d : {"2024-11-29", "2024-11-30", "2024-12-01", "2024-12-02"}) {
    f.organisation.last_annual_meeting = D(d);
    BOOST_TEST(Fires(sugar, f) == Fires(explicit_form, f));
    BOOST_TEST(Fires(sugar, f) == Fires(literal, f));
  }
}

BOOST_AUTO_TEST_CASE(CountComparesTheNumberOfMatchingElements) {
  auto rs = CompileWhen("{count: incidents, where: {fact: incident.verified, is: true}, ge: 2}");
  Facts f = Grant();
  f.incidents.push_back(Incident(domain::IncidentKind::kThreat, "2025-01-01", true));
  f.incidents.push_back(Incident(domain::IncidentKind::kThreat, "2025-01-01", false));
  BOOST_TEST(!Fires(rs, f));
  f.incidents.push_back(Incident(domain::IncidentKind::kViolence, "2025-01-01", true));
  BOOST_TEST(Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(AllAnyAndNotCombine) {
  auto rs = CompileWhen(
      "{any: [{all: [{fact: organisation.has_bankgiro, is: false}, {not: {fact: organisation.has_plusgiro, is: "
      "true}}]}, {fact: organisation.board_size, is: 0}]}");
  Facts f = Grant();
  BOOST_TEST(Fires(rs, f));
  f.organisation.has_plusgiro = true;
  BOOST_TEST(!Fires(rs, f));
  f.organisation.board_size = 0;
  BOOST_TEST(Fires(rs, f));
}

BOOST_AUTO_TEST_CASE(HasAndLacksReadTheAttachmentSet) {
  auto has = CompileWhen("{fact: attachments, has: [statutes, budget]}");
  auto lacks = CompileWhen("{fact: attachments, lacks: statutes}");
  Facts f = Grant();
  f.attachments.Add(domain::AttachmentKind::kStatutes);
  BOOST_TEST(!Fires(has, f));
  BOOST_TEST(!Fires(lacks, f));
  f.attachments.Add(domain::AttachmentKind::kBudget);
  BOOST_TEST(Fires(has, f));
}

BOOST_AUTO_TEST_CASE(RulesOutsideTheirScopeAreLeftOutOfTheScreening) {
  RuleParts p;
  p.applies_to = "[grant]";
  p.extra = "    grant_types: [activity, premises]\n";
  auto rs = CompileOne(p);
  Facts f = Grant();
  f.grant.type = domain::GrantType::kProject;
  BOOST_TEST(rs.Evaluate(f).results.empty());
  std::vector<Verdict> v(rs.RuleCount());
  rs.EvaluateVerdicts(f, v);
  BOOST_TEST((v[0] == Verdict::kNotApplicable));
  BOOST_TEST(!rs.Explain(f, 0).has_value());
  f.grant.type = domain::GrantType::kPremises;
  BOOST_TEST(rs.Evaluate(f).results.size() == 1u);
  f.kind = domain::ApplicationKind::kBooking;
  BOOST_TEST(rs.Evaluate(f).results.empty());
}

BOOST_AUTO_TEST_CASE(PassesAreListedWithTheirTitleBasisAndPassText) {
  auto rs = CompileWhen("{fact: organisation.board_size, lt: 3}");
  Facts f = Grant();
  f.organisation.board_size = 5;
  auto s = rs.Evaluate(f);
  BOOST_REQUIRE_EQUAL(s.results.size(), 1u);
  BOOST_TEST(s.results[0].rule_id == "T-1");
  BOOST_TEST((s.results[0].outcome == Outcome::kPass));
  BOOST_TEST(s.results[0].title.sv == "Titel");
  BOOST_TEST(s.results[0].title.en == "Title");
  BOOST_TEST(s.results[0].basis == "Testgrund");
  BOOST_TEST(!s.results[0].explanation.sv.empty());
  BOOST_TEST((s.recommendation == Recommendation::kCleared));
  BOOST_TEST(s.rule_set_version == rs.Version());
}

BOOST_AUTO_TEST_CASE(ExplanationsNameTheTriggeringElementAndFormatValues) {
  RuleParts p;
  p.category = "democracy";
  p.outcome = "flag";
  p.when =
      "{exists: incidents, where: {all: [{fact: incident.verified, is: true}, {fact: incident.kind, in: [threat]}]}}";
  p.explanation =
      "{sv: \"{incident.kind} {incident.occurred_on} ({incident.source}, {incident.reference}) "
      "{incident.distanced?avstånd|inget avstånd}; belopp {grant.amount_sek}; {{klamrar}}\", "
      "en: \"{incident.kind} on {incident.occurred_on} by {incident.attribution}; amount {grant.amount_sek}\"}";
  auto rs = CompileOne(p);
  Facts f = Grant();
  f.grant.amount_sek = 1234567;
  f.incidents.push_back(Incident(domain::IncidentKind::kViolence, "2025-01-01", true));  // does not match
  auto threat = Incident(domain::IncidentKind::kThreat, "2024-05-06", true);
  threat.source = domain::IncidentSource::kCourtJudgment;
  threat.reference = "B 1-24";
  threat.attribution = Attribution::kCooperationOrganisation;
  f.incidents.push_back(threat);
  auto s = rs.Evaluate(f);
  BOOST_REQUIRE_EQUAL(s.results.size(), 1u);
  BOOST_TEST((s.results[0].outcome == Outcome::kFlag));
  BOOST_TEST(s.results[0].explanation.sv == "hot 2024-05-06 (dom, B 1-24) inget avstånd; belopp 1 234 567; {klamrar}");
  BOOST_TEST(s.results[0].explanation.en ==
             "threat on 2024-05-06 by a cooperation organisation; amount 1,234,567");
  auto explained = rs.Explain(f, 0);
  BOOST_REQUIRE(explained.has_value());
  BOOST_TEST((*explained == s.results[0]));
}

BOOST_AUTO_TEST_CASE(MissingValuesAreShownAsNotGiven) {
  RuleParts p;
  p.when = "{fact: organisation.board_size, missing: true}";
  p.explanation = "{sv: \"Styrelse {organisation.board_size}\", en: \"Board {organisation.board_size}\"}";
  auto s = CompileOne(p).Evaluate(Grant());
  BOOST_TEST(s.results[0].explanation.sv == "Styrelse (uppgift saknas)");
  BOOST_TEST(s.results[0].explanation.en == "Board (not given)");
}

BOOST_AUTO_TEST_CASE(ExplanationsPrintNumbersBeyondAnyIntegerType) {
  // Found by fuzzing the rule compiler: a computed value beyond long long overflowed when
  // its sign was taken off. Such values are printed in full; dates past 9999 are named as such.
  RuleParts p;
  p.when = "{fact: grant.amount_sek, gt: 0}";
  p.explanation =
      "{sv: \"{grant.amount_sek * 100000000000000} {0 - grant.amount_sek * 100000000000000} "
      "{grant.amount_sek * 10 / 4}\", "
      "en: \"{0 - grant.amount_sek * 100000000000000} {grant.amount_sek * 10 / 4}\"}";
  Facts f = Grant();
  f.grant.amount_sek = 123456;
  auto s = CompileOne(p).Evaluate(f);
  BOOST_REQUIRE_EQUAL(s.results.size(), 1u);
  BOOST_TEST(s.results[0].explanation.sv ==
             "12 345 600 000 000 000 000 -12 345 600 000 000 000 000 308 640");
  BOOST_TEST(s.results[0].explanation.en == "-12,345,600,000,000,000,000 308,640");
}

BOOST_AUTO_TEST_CASE(RecommendationIsTheStrongestOutcomeAndNotesNeverChangeIt) {
  using domain::Recommend;
  BOOST_TEST((Recommend({}) == Recommendation::kCleared));
  BOOST_TEST((Recommend({Outcome::kPass, Outcome::kNote}) == Recommendation::kCleared));
  BOOST_TEST((Recommend({Outcome::kNote, Outcome::kNeedsInfo}) == Recommendation::kNeedsInfo));
  BOOST_TEST((Recommend({Outcome::kNeedsInfo, Outcome::kFlag}) == Recommendation::kFlag));
  BOOST_TEST((Recommend({Outcome::kFlag, Outcome::kIneligible}) == Recommendation::kIneligible));
  BOOST_TEST((Recommend({Outcome::kIneligible, Outcome::kFlag, Outcome::kNeedsInfo}) == Recommendation::kIneligible));
}

BOOST_AUTO_TEST_CASE(RecommendationOrderHoldsAcrossRules) {
  auto rule = [](std::string id, std::string outcome, std::string category, std::string when) {
    RuleParts p;
    p.id = std::move(id);
    p.outcome = std::move(outcome);
    p.category = std::move(category);
    p.when = std::move(when);
    p.explanation = "{sv: T, en: T}";
    return RuleYaml(p);
  };
  auto loaded = RuleSet::Compile({
      {"a.yaml", rule("N-1", "note", "eligibility", "{fact: organisation.board_size, is: 1}")},
      {"b.yaml", rule("I-1", "needs_info", "eligibility", "{fact: organisation.member_count, is: 1}")},
      {"c.yaml", rule("F-1", "flag", "democracy", "{fact: organisation.members_resident, is: 1}")},
      {"d.yaml", rule("X-1", "ineligible", "eligibility", "{fact: organisation.members_aged_7_25, is: 1}")},
  });
  BOOST_REQUIRE(loaded);
  const RuleSet& rs = *loaded.rule_set;
  auto check = [&](std::array<int, 4> on, Recommendation want) {
    Facts f = Grant();
    f.organisation.board_size = on[0];
    f.organisation.member_count = on[1];
    f.organisation.members_resident = on[2];
    f.organisation.members_aged_7_25 = on[3];
    std::vector<Verdict> v(rs.RuleCount());
    BOOST_TEST((rs.Evaluate(f).recommendation == want));
    BOOST_TEST((rs.EvaluateVerdicts(f, v) == want));
    BOOST_TEST((rs.Recommend(f) == want));
  };
  check({1, 0, 0, 0}, Recommendation::kCleared);
  check({0, 1, 0, 0}, Recommendation::kNeedsInfo);
  check({1, 1, 0, 0}, Recommendation::kNeedsInfo);
  check({0, 1, 1, 0}, Recommendation::kFlag);
  check({1, 1, 1, 1}, Recommendation::kIneligible);
  check({0, 0, 1, 1}, Recommendation::kIneligible);
}

BOOST_AUTO_TEST_CASE(VersionHashesFileNamesAndContentsAndSourcesReproduceIt) {
  const std::string text = RuleYaml(RuleParts{});
  auto a = RuleSet::Compile({{"a.yaml", text}});
  auto a2 = RuleSet::Compile({{"a.yaml", text}});
  auto renamed = RuleSet::Compile({{"b.yaml", text}});
  auto edited = RuleSet::Compile({{"a.yaml", text + "# a comment\n"}});
  BOOST_REQUIRE(a && a2 && renamed && edited);
  BOOST_TEST(a.rule_set->Version() == a2.rule_set->Version());
  BOOST_TEST(a.rule_set->Version() != renamed.rule_set->Version());
  BOOST_TEST(a.rule_set->Version() != edited.rule_set->Version());
  auto again = RuleSet::Compile(a.rule_set->Sources());
  BOOST_REQUIRE(again);
  BOOST_TEST(again.rule_set->Version() == a.rule_set->Version());
  BOOST_TEST(a.rule_set->Sources().at("a.yaml") == text);
}

BOOST_AUTO_TEST_CASE(LoadDirectoryIgnoresTheTestsFolderAndOtherFiles) {
  rules::testing::TempRuleDir dir;
  dir.Write("rules.yaml", RuleYaml(RuleParts{}));
  dir.Write("README.md", "not a rule");
  dir.Write("tests/cases.yaml", "cases: []\n");
  auto loaded = RuleSet::LoadDirectory(dir.path());
  BOOST_REQUIRE(loaded);
  BOOST_TEST(loaded.rule_set->Sources().size() == 1u);
}

BOOST_AUTO_TEST_CASE(RuleMetadataDescribesEachRule) {
  RuleParts p;
  p.applies_to = "[grant]";
  p.extra = "    grant_types: [activity]\n";
  auto rs = CompileOne(p);
  const RuleInfo& info = rs.Rules().at(0);
  BOOST_TEST(info.id == "T-1");
  BOOST_TEST(info.category == "eligibility");
  BOOST_TEST(info.applies_to == std::vector<std::string>{"grant"});
  BOOST_TEST(info.grant_types == std::vector<std::string>{"activity"});
  BOOST_TEST((info.outcome == Outcome::kNote));
  BOOST_TEST(info.condition.find("organisation.board_size") != std::string::npos);
  BOOST_TEST(info.file == "rules.yaml");
  BOOST_TEST(info.line == 2);
}

BOOST_AUTO_TEST_CASE(FactsFromYamlRefusesUnknownKeysAndBadValues) {
  auto bad_key = FactsFromYaml(YAML::Load("{kind: grant, submitted_on: 2026-01-01, organisation: {religion: x}}"));
  BOOST_TEST(std::holds_alternative<std::string>(bad_key));
  auto bad_date = FactsFromYaml(YAML::Load("{kind: grant, submitted_on: 2026-02-30}"));
  BOOST_TEST(std::holds_alternative<std::string>(bad_date));
  auto ok = FactsFromYaml(YAML::Load(
      "{kind: booking, submitted_on: 2026-01-01, booking: {speakers: [{name: A}, {name: B}], public: true}, "
      "premises: {capacity: 40}}"));
  BOOST_REQUIRE(std::holds_alternative<Facts>(ok));
  const auto& f = std::get<Facts>(ok);
  BOOST_TEST(f.booking.speaker_count == 2);
  BOOST_TEST(f.booking.is_public);
  BOOST_TEST(*f.booking.premises_capacity == 40);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(EngineWindows)

// The evaluator computes window starts with its own table; they must equal Date::AddMonths.
BOOST_AUTO_TEST_CASE(WindowStartsEqualDateAddMonthsOverTwoCenturies) {
  std::map<std::string, std::string> files;
  std::string text = "rules:\n";
  const int kMonths[] = {1, 12, 15, 24, 60, 1200};
  for (int m : kMonths) {
    text += "  - id: W-" + std::to_string(m) +
            "\n    title: {sv: T, en: T}\n    category: eligibility\n    applies_to: [grant]\n    basis: B\n"
            "    outcome: note\n    when: {fact: organisation.last_annual_meeting, older_than: " +
            std::to_string(m) + " months}\n    explanation: {sv: T, en: T}\n";
  }
  files["w.yaml"] = text;
  auto loaded = RuleSet::Compile(files);
  BOOST_REQUIRE(loaded);
  const RuleSet& rs = *loaded.rule_set;
  std::vector<Verdict> v(rs.RuleCount());
  int checked = 0;
  for (Date d = D("1890-01-01"); d <= D("2210-12-31"); d = d.AddDays(7)) {
    Facts f = Grant();
    f.submitted_on = d;
    for (std::size_t k = 0; k < std::size(kMonths); ++k) {
      const Date edge = d.AddMonths(-kMonths[k]);
      f.organisation.last_annual_meeting = edge;
      rs.EvaluateVerdicts(f, v);
      if (v[k] != Verdict::kPass) BOOST_FAIL("window start differs at " << d.ToString() << " -" << kMonths[k]);
      f.organisation.last_annual_meeting = edge.AddDays(-1);
      rs.EvaluateVerdicts(f, v);
      if (v[k] != Verdict::kNote) BOOST_FAIL("window start differs at " << d.ToString() << " -" << kMonths[k]);
      ++checked;
    }
  }
  BOOST_TEST(checked > 90000);
}

// Month-end and leap-day clamping through the fast path too.
BOOST_AUTO_TEST_CASE(WindowStartsClampAtMonthEnds) {
  for (const char* day : {"2024-02-29", "2025-03-31", "2024-03-31", "2023-12-31", "2100-03-01", "2000-02-29"}) {
    const Date d = D(day);
    BOOST_TEST_CONTEXT(day) {
      auto rs = CompileWhen("{fact: organisation.last_annual_meeting, older_than: 1 months}");
      Facts f = Grant();
      f.submitted_on = d;
      f.organisation.last_annual_meeting = d.AddMonths(-1);
      std::vector<Verdict> v(1);
      rs.EvaluateVerdicts(f, v);
      BOOST_TEST((v[0] == Verdict::kPass));
      f.organisation.last_annual_meeting = d.AddMonths(-1).AddDays(-1);
      rs.EvaluateVerdicts(f, v);
      BOOST_TEST((v[0] == Verdict::kNote));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
