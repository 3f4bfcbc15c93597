#pragma once
// The rules engine's front door: load a directory of YAML rule files, compile them once,
// evaluate facts against them as often as needed (thread-safe, const).
//
//   auto loaded = rules::RuleSet::LoadDirectory("rules");
//   if (!loaded) { for (auto& p : loaded.problems) std::cerr << p << '\n'; return 1; }
//   domain::Screening s = loaded.rule_set->Evaluate(facts);
//
// A RuleSet is cheap to copy (it shares its immutable compiled program).
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/screening.hpp"
#include "rules/facts.hpp"
#include "rules/problem.hpp"

namespace granska::rules {

// What GET /api/v1/rules shows about one rule.
struct RuleInfo {
  std::string id;                        // "DV-1"
  domain::LocalizedText title;
  std::string category;                  // democracy | eligibility | booking
  std::vector<std::string> applies_to;   // "grant", "booking"
  std::vector<std::string> grant_types;  // empty: every grant type
  domain::Outcome outcome = domain::Outcome::kNote;  // the outcome when the condition holds
  std::string basis;
  std::string condition;  // the rule's `when` block as YAML text
  std::string file;       // where it is written
  int line = 0;
};

// One rule's verdict in the fast path: its outcome, or not applicable to this application.
// The first five values equal domain::Outcome's.
enum class Verdict : std::uint8_t { kPass, kNote, kNeedsInfo, kIneligible, kFlag, kNotApplicable };

struct Program;  // the compiled form, see program.hpp
class RuleSet;

struct LoadResult;

class RuleSet {
 public:
  // Compiles every *.yaml / *.yml file directly in `dir` (not subfolders such as tests/).
  static LoadResult LoadDirectory(const std::filesystem::path& dir);
  // Compiles rule files given as name -> text (e.g. a stored version's sources).
  static LoadResult Compile(const std::map<std::string, std::string>& files);

  // "sha256:" + hex SHA-256 over the files sorted by name, each as name NUL text NUL.
  const std::string& Version() const;
  // The files this version was compiled from, name -> text, to keep with the version.
  const std::map<std::string, std::string>& Sources() const;
  const std::vector<RuleInfo>& Rules() const;
  std::size_t RuleCount() const;

  // Full screening: every applicable rule with title, rendered explanation and basis.
  domain::Screening Evaluate(const Facts& facts) const;

  // Fast path: one verdict per rule (in Rules() order) into `out` (size >= RuleCount()),
  // no strings, no allocation. Returns the recommendation.
  domain::Recommendation EvaluateVerdicts(const Facts& facts, std::span<Verdict> out) const;
  // Fastest path: only the recommendation (stops early at the first ineligible).
  domain::Recommendation Recommend(const Facts& facts) const;

  // The result of one rule, rendered (e.g. to explain a verdict from the fast path).
  // nullopt when the rule does not apply to these facts.
  std::optional<domain::RuleResult> Explain(const Facts& facts, std::size_t rule_index) const;

 private:
  explicit RuleSet(std::shared_ptr<const Program> p) : program_(std::move(p)) {}
  std::shared_ptr<const Program> program_;
};

struct LoadResult {
  std::optional<RuleSet> rule_set;  // set when there are no problems
  std::vector<Problem> problems;
  explicit operator bool() const { return rule_set.has_value(); }
};

}  // namespace granska::rules
