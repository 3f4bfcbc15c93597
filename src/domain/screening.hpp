#pragma once
// The result of applying a rule set to one application: an outcome per applicable rule,
// each with its title, explanation and basis, and the recommendation they add up to.
// A flag is a result, not an error: it routes the case to the advisory group.
#include <string>
#include <string_view>
#include <vector>

#include "domain/vocabulary.hpp"

namespace granska::domain {

// What one rule says about one application. `pass` when the rule applies but its
// condition does not hold. Ordered from weakest to strongest only for display; the
// recommendation has its own order (see Strength below).
enum class Outcome { kPass, kNote, kNeedsInfo, kIneligible, kFlag };
inline constexpr NameTable<Outcome, 5> kOutcomes{{{Outcome::kPass, "pass"},
                                                  {Outcome::kNote, "note"},
                                                  {Outcome::kNeedsInfo, "needs_info"},
                                                  {Outcome::kIneligible, "ineligible"},
                                                  {Outcome::kFlag, "flag"}}};
GRANSKA_VOCABULARY(Outcome, kOutcomes)

// What the screening as a whole recommends: the strongest outcome, where
// ineligible > flag > needs_info > cleared; pass and note leave it at cleared.
enum class Recommendation { kCleared, kNeedsInfo, kIneligible, kFlag };
inline constexpr NameTable<Recommendation, 4> kRecommendations{{{Recommendation::kCleared, "cleared"},
                                                                {Recommendation::kNeedsInfo, "needs_info"},
                                                                {Recommendation::kIneligible, "ineligible"},
                                                                {Recommendation::kFlag, "flag"}}};
GRANSKA_VOCABULARY(Recommendation, kRecommendations)

// 0 cleared, 1 needs_info, 2 flag, 3 ineligible: a case that fails a formal criterion
// needs no democracy assessment (domain.md, "The default rule set").
constexpr int Strength(Recommendation r) {
  switch (r) {
    case Recommendation::kCleared: return 0;
    case Recommendation::kNeedsInfo: return 1;
    case Recommendation::kFlag: return 2;
    case Recommendation::kIneligible: return 3;
  }
  return 0;
}

// The recommendation an outcome pushes towards; pass and note push towards nothing.
constexpr Recommendation RecommendationOf(Outcome o) {
  switch (o) {
    case Outcome::kNeedsInfo: return Recommendation::kNeedsInfo;
    case Outcome::kIneligible: return Recommendation::kIneligible;
    case Outcome::kFlag: return Recommendation::kFlag;
    case Outcome::kPass:
    case Outcome::kNote: return Recommendation::kCleared;
  }
  return Recommendation::kCleared;
}

constexpr Recommendation Stronger(Recommendation a, Recommendation b) { return Strength(b) > Strength(a) ? b : a; }

// The strongest recommendation of a list of outcomes.
Recommendation Recommend(const std::vector<Outcome>& outcomes);

// Text in the two languages the system writes: Swedish first, English on request.
struct LocalizedText {
  std::string sv;
  std::string en;
  const std::string& In(std::string_view lang) const { return lang == "en" ? en : sv; }
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

struct RuleResult {
  std::string rule_id;  // "DV-1"
  Outcome outcome = Outcome::kPass;
  LocalizedText title;
  LocalizedText explanation;  // rendered from the rule's template with the facts that triggered it
  std::string basis;          // the source the rule rests on (law, policy, plan section)
  friend bool operator==(const RuleResult&, const RuleResult&) = default;
};

struct Screening {
  std::string rule_set_version;  // "sha256:<hex>" of the rule files that produced it
  Recommendation recommendation = Recommendation::kCleared;
  std::vector<RuleResult> results;  // every rule that applied, passes included, in rule-set order
  friend bool operator==(const Screening&, const Screening&) = default;

  // Results with a given outcome (e.g. the flags for a referral packet).
  std::vector<const RuleResult*> WithOutcome(Outcome o) const;
};

// Which rules gave which outcome, passes left out, by rule id (bytewise, so GE-10 before GE-3,
// and moving a rule to another file changes nothing): "DV-1=flag,GE-3=needs_info" ("" when
// every rule passed). Stored beside each screening (screenings.outcomes, migration 0029) so a
// re-screening can tell whether a case's screening changed without reading its JSON.
std::string OutcomeSignature(const Screening& s);
std::string OutcomeSignature(std::vector<std::pair<std::string_view, Outcome>> outcomes);
// Appends one rule's outcome (nothing for a pass); the caller goes through the rules by id.
void AppendOutcome(std::string& signature, std::string_view rule_id, Outcome outcome);

}  // namespace granska::domain
