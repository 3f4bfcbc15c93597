#include <boost/test/unit_test.hpp>
#include <set>

#include "domain/audit.hpp"

using namespace granska::domain;

namespace {
std::vector<AuditCandidate> Population(int n) {
  std::vector<AuditCandidate> out;
  for (int i = 1; i <= n; ++i) {
    AuditCandidate c;
    c.case_id = i;
    c.amount_sek = i % 10 == 0 ? 150000 : 20000;
    c.referred = i % 7 == 0;
    out.push_back(c);
  }
  return out;
}
std::vector<std::int64_t> Ids(const std::vector<AuditPick>& s) {
  std::vector<std::int64_t> out;
  for (const auto& p : s) out.push_back(p.case_id);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(AuditSample)

BOOST_AUTO_TEST_CASE(TheSameRequestGivesTheSameSampleWhateverTheInputOrder) {
  auto a = Population(100);
  auto b = a;
  std::reverse(b.begin(), b.end());
  BOOST_TEST(Ids(DrawAuditSample(a, 20, 42, {})) == Ids(DrawAuditSample(b, 20, 42, {})), boost::test_tools::per_element());
  BOOST_TEST(Ids(DrawAuditSample(a, 20, 42, {})) != Ids(DrawAuditSample(a, 20, 43, {})));
}

BOOST_AUTO_TEST_CASE(RiskPicksTakeAtMostHalfAndComeFirst) {
  auto s = DrawAuditSample(Population(100), 20, 7, {});
  BOOST_TEST_REQUIRE(s.size() == 20u);
  int risk = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i].risk) {
      ++risk;
      BOOST_TEST(!s[i].criteria.empty());
    }
  }
  BOOST_TEST(risk == 10);
  BOOST_TEST(s[0].risk);  // 70 is both large and referred: two criteria, first
  BOOST_TEST(s[0].case_id == 70);
  const auto ids = Ids(s);
  std::set<std::int64_t> unique(ids.begin(), ids.end());
  BOOST_TEST(unique.size() == 20u);
}

BOOST_AUTO_TEST_CASE(ASmallPopulationIsTakenWhole) {
  auto s = DrawAuditSample(Population(5), 20, 1, {});
  BOOST_TEST(s.size() == 5u);
}

BOOST_AUTO_TEST_CASE(MemberChangeCountsBothWays) {
  AuditCandidate c;
  c.member_count = 40;
  c.previous_member_count = 100;
  BOOST_TEST(RiskCriteriaMet(c, {}) == std::vector<std::string>{"member_change"}, boost::test_tools::per_element());
  c.member_count = 140;
  BOOST_TEST(RiskCriteriaMet(c, {}).empty());  // exactly 40 % more: not above 50 %
  c.member_count = 151;
  BOOST_TEST(RiskCriteriaMet(c, {}).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
