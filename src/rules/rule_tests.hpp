#pragma once
// The command-line faces of the rules module, kept here so the app only wires them:
//   granska rules check [DIR]  ->  CheckRules(dir, std::cout)
//   granska rules test [DIR]   ->  RunRuleTests(dir, std::cout)
// Both return the process exit code.
//
// Rule tests live in DIR/tests/*.yaml:
//   bases:                       # named fact sets (see facts_yaml.hpp), shared by all files
//     grant: {kind: grant, submitted_on: 2026-03-01, ...}
//   cases:
//     - name: DV-1 flags a verified threat exactly 5 years before submission
//       base: grant              # optional; the case's facts are merged onto it
//       facts: {incidents: [{kind: threat, occurred_on: 2021-03-01, verified: true}]}
//       expect: {DV-1: flag, recommendation: flag}   # rule id -> outcome or not_applicable
//       explanation_contains: {DV-1: "2021-03-01"}   # optional, Swedish or English text
// Besides the listed expectations the runner checks that every rule of the set has at
// least one case where it triggers and one where it passes.
#include <filesystem>
#include <ostream>

namespace granska::rules {

int CheckRules(const std::filesystem::path& dir, std::ostream& out);
int RunRuleTests(const std::filesystem::path& dir, std::ostream& out);

}  // namespace granska::rules
