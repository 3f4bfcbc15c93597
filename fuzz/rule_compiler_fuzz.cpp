// libFuzzer target: one rule file through the compiler (rules::RuleSet::Compile, as
// `granska rules check` and `granska serve` load rules/), and every rule set that compiles
// through the evaluator on a few fact sets (docs/hardening.md).
//
// Besides crashes, sanitizer reports and exceptions escaping the compiler (a rule file is
// input: a problem must come back as a Problem, never as a throw), it checks:
// - a refused file is refused with at least one problem, each with a message;
// - a compiled rule set has rules, and each rule has its id, both titles and a basis;
// - the three evaluation paths agree: Evaluate, EvaluateVerdicts and Recommend give the
//   same recommendation, and EvaluateVerdicts' verdicts match Evaluate's results;
// - no democracy rule makes anything ineligible.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "domain/screening.hpp"
#include "rules/facts.hpp"
#include "rules/rule_set.hpp"

namespace {

using granska::domain::Date;
using granska::rules::Facts;
using granska::rules::Verdict;

void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "rule_compiler_fuzz: property violated: %s\n", what);
    std::abort();
  }
}

Date D(const char* text) { return *Date::Parse(text); }

// The fact sets every compiled rule set is evaluated on: the grant and booking bases of
// rules/tests/00_bases.yaml, each with incidents, revocations and conditions of every kind,
// and an application that gave nothing at all.
std::vector<Facts> MakeFactSets() {
  using namespace granska::domain;
  using namespace granska::rules;
  std::vector<Facts> out;

  Facts grant;
  grant.kind = ApplicationKind::kGrant;
  grant.submitted_on = D("2026-03-01");
  grant.organisation = {true, D("2019-03-14"), D("2025-09-15"), 5, 120, 96, 64, true, false};
  grant.grant = {GrantType::kActivity, 45000, D("2027-01-01"), D("2027-12-31"), 80};
  grant.attachments = {AttachmentKind::kStatutes, AttachmentKind::kAnnualReport, AttachmentKind::kFinancialStatement};
  grant.declarations = {true, true};
  out.push_back(grant);

  Facts booking;
  booking.kind = ApplicationKind::kBooking;
  booking.submitted_on = D("2026-03-01");
  booking.organisation.registered_non_profit = true;
  booking.organisation.board_size = 5;
  booking.organisation.member_count = 120;
  booking.booking.premises_id = "storsalen";
  booking.booking.start = *Instant::Parse("2026-04-10T18:00:00+02:00");
  booking.booking.end = *Instant::Parse("2026-04-10T21:00:00+02:00");
  booking.booking.event_type = EventType::kLecture;
  booking.booking.is_public = true;
  booking.booking.expected_attendees = 160;
  booking.booking.speaker_count = 1;
  booking.booking.overlapping_bookings = 1;
  booking.booking.premises_capacity = 120;
  booking.declarations = {true, std::nullopt};
  out.push_back(booking);

  // Both again with a register history: every incident kind, verified or not, in and out
  // of the windows, under every attribution; revocations and conditions of every status.
  for (Facts f : {grant, booking}) {
    int i = 0;
    for (const auto& [kind, kname] : kIncidentKinds) {
      for (const char* when : {"2025-05-01", "2021-03-01", "2021-02-28", "2026-03-01", "2027-01-01"}) {
        IncidentFact inc;
        inc.kind = kind;
        inc.occurred_on = D(when);
        inc.verified = (i % 2) == 0;
        inc.distanced = (i % 5) == 0;
        inc.source = static_cast<IncidentSource>(i % 6);
        inc.attribution = static_cast<Attribution>(i % 4);
        inc.reference = "B " + std::to_string(i) + "-25";
        inc.subject_label = "Subject " + std::to_string(i);
        f.incidents.push_back(inc);
        ++i;
      }
    }
    f.revocations.push_back({D("2023-06-01"), true, "2023-00012"});
    f.revocations.push_back({D("2019-06-01"), false, "2019-00003"});
    for (int s = 0; s < 5; ++s)
      f.conditions.push_back({static_cast<ConditionStatus>(s), D("2025-12-31"), "2025-0000" + std::to_string(s)});
    f.grant.type = GrantType::kPremises;
    f.grant.amount_sek = 400000;
    f.organisation.members_resident = 10;
    out.push_back(f);
  }

  Facts empty;  // nothing given: every optional empty
  empty.submitted_on = D("2026-03-01");
  empty.grant.amount_sek.reset();
  out.push_back(empty);
  Facts empty_booking = empty;
  empty_booking.kind = granska::domain::ApplicationKind::kBooking;
  out.push_back(empty_booking);
  return out;
}

void CheckEvaluation(const granska::rules::RuleSet& set, const Facts& facts) {
  using granska::domain::Outcome;
  const granska::domain::Screening s = set.Evaluate(facts);
  std::vector<Verdict> verdicts(set.RuleCount(), Verdict::kNotApplicable);
  const auto fast = set.EvaluateVerdicts(facts, verdicts);
  Require(fast == s.recommendation, "EvaluateVerdicts and Evaluate agree on the recommendation");
  Require(set.Recommend(facts) == s.recommendation, "Recommend and Evaluate agree on the recommendation");
  std::size_t applicable = 0;
  for (std::size_t r = 0; r < verdicts.size(); ++r) {
    const auto explained = set.Explain(facts, r);
    Require(explained.has_value() == (verdicts[r] != Verdict::kNotApplicable),
            "Explain applies exactly where EvaluateVerdicts does");
    if (verdicts[r] == Verdict::kNotApplicable) continue;
    ++applicable;
    Require(static_cast<int>(explained->outcome) == static_cast<int>(verdicts[r]),
            "Explain gives the verdict EvaluateVerdicts gives");
    if (set.Rules()[r].category == "democracy")
      Require(verdicts[r] != Verdict::kIneligible, "a democracy rule never makes a case ineligible");
  }
  Require(s.results.size() == applicable, "Evaluate lists every applicable rule and only those");
}

const std::vector<Facts>& FactSets() {
  static const std::vector<Facts> sets = MakeFactSets();
  return sets;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // rule files are a few KiB; longer inputs only slow the search
  const std::string text(reinterpret_cast<const char*>(data), size);
  granska::rules::LoadResult loaded;
  try {
    loaded = granska::rules::RuleSet::Compile({{"fuzz.yaml", text}});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rule_compiler_fuzz: the compiler threw instead of reporting a problem: %s\n", e.what());
    std::abort();
  }
  if (!loaded) {
    Require(!loaded.problems.empty(), "a refused rule file has a problem");
    for (const auto& p : loaded.problems) {
      Require(!p.message.empty(), "every problem has a message");
      (void)granska::rules::Format(p);
    }
    return 0;
  }
  const auto& set = *loaded.rule_set;
  Require(set.RuleCount() > 0 && set.RuleCount() == set.Rules().size(), "a compiled rule set has its rules");
  for (const auto& info : set.Rules())
    Require(!info.id.empty() && !info.title.sv.empty() && !info.title.en.empty() && !info.basis.empty(),
            "every compiled rule has an id, titles and a basis");
  for (const Facts& f : FactSets()) CheckEvaluation(set, f);
  return 0;
}
