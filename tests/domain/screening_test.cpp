// The outcome signature stored beside each screening (screenings.outcomes): what a
// re-screening compares to tell a changed screening from an unchanged one.
#include "domain/screening.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

namespace granska::domain {
namespace {

RuleResult Result(std::string rule, Outcome outcome) {
  RuleResult r;
  r.rule_id = std::move(rule);
  r.outcome = outcome;
  return r;
}

BOOST_AUTO_TEST_SUITE(screening)

BOOST_AUTO_TEST_CASE(TheSignatureListsEveryOutcomeButPassesByRuleIdBytewise) {
  Screening s;
  s.results = {Result("GE-3", Outcome::kNeedsInfo), Result("DV-1", Outcome::kFlag), Result("GE-4", Outcome::kPass),
               Result("GE-10", Outcome::kNeedsInfo), Result("DV-7", Outcome::kNote)};
  // GE-10 before GE-3, as PostgreSQL's COLLATE "C" orders them in migration 0029.
  BOOST_TEST(OutcomeSignature(s) == "DV-1=flag,DV-7=note,GE-10=needs_info,GE-3=needs_info");
  // The rules' order in the rule set does not matter, only which gives what.
  std::swap(s.results[0], s.results[3]);
  BOOST_TEST(OutcomeSignature(s) == "DV-1=flag,DV-7=note,GE-10=needs_info,GE-3=needs_info");
}

BOOST_AUTO_TEST_CASE(AScreeningWhereEveryRulePassedHasAnEmptySignature) {
  Screening s;
  BOOST_TEST(OutcomeSignature(s).empty());
  s.results = {Result("GE-1", Outcome::kPass), Result("GE-2", Outcome::kPass)};
  BOOST_TEST(OutcomeSignature(s).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace granska::domain
