#pragma once
// A problem found while loading or compiling a rule set: where (file:line), which rule,
// a stable code and a message for the person who wrote the rule.
#include <ostream>
#include <string>
#include <string_view>

namespace granska::rules {

enum class ProblemCode {
  kIo,                     // a file could not be read
  kYamlSyntax,             // not valid YAML
  kNoRules,                // the directory holds no rule file
  kMissingField,           // id, title, category, applies_to, basis, when, outcome or explanation missing
  kUnknownKey,             // a key the format does not know (often a typo)
  kBadValue,               // a value of the wrong shape
  kDuplicateId,            // two rules with the same id
  kUnknownOutcome,         // outcome not one of note, needs_info, ineligible, flag
  kUnknownCategory,        // category not one of democracy, eligibility, booking
  kUnknownAppliesTo,       // applies_to/grant_types not one of the known kinds/types
  kUnknownFact,            // a path the fact schema does not know
  kTypeMismatch,           // e.g. a date compared with a number, an unknown enum value
  kProtectedCharacteristic,// reads religion, ethnicity, ... (never allowed)
  kFreeText,               // reads a name or free-text field (never allowed)
  kTemplateOnlyFact,       // a display-only fact used in a condition
  kDemocracyIneligible,    // a democracy rule whose outcome is ineligible
  kDemocracyEvidence,      // reads democracy incidents or revocations but is not labelled democracy
  kUnverifiedFlag,         // flags on incidents without requiring them verified
  kBadTemplate,            // an explanation placeholder that does not compile
};

std::string_view ToString(ProblemCode c);
inline std::ostream& operator<<(std::ostream& os, ProblemCode c) { return os << ToString(c); }

struct Problem {
  std::string file;     // file name within the rule directory
  int line = 0;         // 1-based; 0 when not known
  std::string rule_id;  // empty when the problem is not inside a rule
  ProblemCode code = ProblemCode::kBadValue;
  std::string message;
};

// "file:line: rule-id: message" (rule id and line left out when unknown).
std::string Format(const Problem& p);
std::ostream& operator<<(std::ostream& os, const Problem& p);

}  // namespace granska::rules
