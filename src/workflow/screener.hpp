#pragma once
// The seam between the workflow and the rules engine: gathers facts for an application
// (through the same transaction) and evaluates the active rule set.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/application.hpp"
#include "domain/date.hpp"
#include "domain/vocabulary.hpp"

namespace granska::workflow {

class UnitOfWork;

struct ScreeningOutcome {
  std::string rule_set_version;
  std::string recommendation;  // cleared | needs_info | ineligible | flag
  std::string json;            // {"rule_set":…,"recommendation":…,"results":[…]} as returned by the API
  bool democracy_flag = false;  // a democracy rule flagged (approval then needs special reasons)
  std::string outcomes;         // domain::OutcomeSignature: "DV-1=flag,GE-3=needs_info"
};

class Screener {
 public:
  virtual ~Screener() = default;
  virtual ScreeningOutcome Screen(UnitOfWork& uow, const domain::Application& app, domain::Date submitted_on,
                                  std::optional<std::int64_t> case_id) const = 0;
};

// Routing (shared/domain.md, "The flow" 3): flag -> referred, needs_info -> needs_info,
// cleared and ineligible -> in_review for a case officer.
domain::CaseStatus RouteFor(const std::string& recommendation);

}  // namespace granska::workflow
