#include <boost/test/unit_test.hpp>

#include <sstream>

#include "rules/rule_set.hpp"
#include "rules/rule_tests.hpp"

namespace fs = std::filesystem;
using namespace granska;

namespace {
const fs::path kRulesDir = fs::path(GRANSKA_SOURCE_DIR) / "rules";
}

BOOST_AUTO_TEST_SUITE(DefaultRuleSet)

BOOST_AUTO_TEST_CASE(CompilesWithoutProblems) {
  auto loaded = rules::RuleSet::LoadDirectory(kRulesDir);
  std::ostringstream problems;
  for (const auto& p : loaded.problems) problems << rules::Format(p) << '\n';
  BOOST_TEST_INFO(problems.str());
  BOOST_REQUIRE(loaded);
  BOOST_TEST(loaded.rule_set->Version().rfind("sha256:", 0) == 0u);
  BOOST_TEST(loaded.rule_set->Version().size() == 7u + 64u);
}

BOOST_AUTO_TEST_CASE(ShipsExactlyTheRuleIdsOfTheDomainBrief) {
  auto loaded = rules::RuleSet::LoadDirectory(kRulesDir);
  BOOST_REQUIRE(loaded);
  std::vector<std::string> ids;
  for (const auto& r : loaded.rule_set->Rules()) ids.push_back(r.id);
  const std::vector<std::string> expected{"DV-1", "DV-2", "DV-3", "DV-4",  "DV-5",  "DV-6",  "DV-7", "GE-1",
                                          "GE-2", "GE-3", "GE-4", "GE-5",  "GE-6",  "GE-7",  "GE-8", "GE-9",
                                          "GE-10", "GE-11", "GE-12", "BK-1", "BK-2", "BK-3", "BK-4"};
  BOOST_TEST(ids == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(CheckRulesExitsZeroOnTheDefaultSet) {
  std::ostringstream out;
  BOOST_TEST(rules::CheckRules(kRulesDir, out) == 0);
  BOOST_TEST(out.str().find("ok: 23 rules") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(AllRuleTestCasesPass) {
  std::ostringstream out;
  const int rc = rules::RunRuleTests(kRulesDir, out);
  BOOST_TEST_INFO(out.str());
  BOOST_TEST(rc == 0);
  BOOST_TEST(out.str().find(" 0 failed") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
