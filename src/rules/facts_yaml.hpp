#pragma once
// Facts written as YAML in the shape of an application (shared/api.md), plus the gathered
// context (incidents, revocations, conditions, overlapping bookings, premises capacity).
// Used by the rule tests in rules/tests/ and by tests; the workflow fills Facts directly.
//
//   kind: grant
//   submitted_on: 2026-03-01
//   organisation: {registered_non_profit: true, board_size: 5, bankgiro: "5050-1055", ...}
//   grant: {type: activity, amount_sek: 45000, period: {from: .., to: ..}}
//   attachments: [statutes, annual_report]
//   declarations: {democracy_conditions_accepted: true}
//   incidents: [{kind: threat, occurred_on: 2024-05-01, verified: true, source: court_judgment,
//                attribution: organisation, reference: "B 1234-25"}]
#include <yaml-cpp/yaml.h>

#include <string>
#include <variant>

#include "rules/facts.hpp"

namespace granska::rules {

// The facts, or a message naming the first thing wrong (with its line when known).
std::variant<Facts, std::string> FactsFromYaml(const YAML::Node& node);

// Maps are merged key by key (recursively); anything else in `over` replaces what is in
// `base`; a null value in `over` removes the key. Neither input is changed.
YAML::Node MergeYaml(const YAML::Node& base, const YAML::Node& over);

}  // namespace granska::rules
