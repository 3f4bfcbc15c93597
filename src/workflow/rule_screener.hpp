#pragma once
// The Screener backed by the rules engine: gathers the facts for an application through
// the caller's transaction and evaluates the active rule set (compiled once per version).
#include <map>
#include <string>

#include "rules/facts.hpp"
#include "rules/rule_set.hpp"
#include "workflow/screener.hpp"

namespace granska::workflow {

class RuleScreener final : public Screener {
 public:
  explicit RuleScreener(rules::RuleSet rule_set);

  ScreeningOutcome Screen(UnitOfWork& uow, const domain::Application& app, domain::Date submitted_on,
                          std::optional<std::int64_t> case_id) const override;

  // The facts the engine sees for `app` (exposed for tests and for re-screening).
  static rules::Facts GatherFacts(UnitOfWork& uow, const domain::Application& app, domain::Date submitted_on,
                                  std::optional<std::int64_t> case_id);
  // Evaluates already gathered facts: what Screen returns for them.
  ScreeningOutcome ScreenFacts(const rules::Facts& facts) const;
  // The screening as the API returns it: {"rule_set","recommendation","results":[…]}.
  std::string ToJson(const domain::Screening& s) const;

  const rules::RuleSet& Rules() const { return rule_set_; }
  // GET /api/v1/rules: the active set, its version and every rule with its source.
  std::string RulesJson() const;
  // The rule files as {"name": "text", …}, kept with the version.
  std::string SourcesJson() const;

 private:
  rules::RuleSet rule_set_;
  std::map<std::string, std::string> category_;  // rule id -> category
};

}  // namespace granska::workflow
