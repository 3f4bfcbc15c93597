#pragma once
// A deterministic generator of synthetic grant and booking applications with incidents,
// revocations and follow-up conditions, spread so that every rule triggers now and then
// and the windows' edges are hit.
#include <cstdint>
#include <ostream>
#include <vector>

#include "rules/facts.hpp"

namespace granska::bench {

std::vector<rules::Facts> SyntheticApplications(std::size_t count, std::uint64_t seed);

// One application as a JSON object on one line, in the shape of the API plus the gathered
// context (incidents, revocations, conditions, overlapping bookings, premises capacity).
void WriteJsonLine(std::ostream& out, const rules::Facts& f, const char* recommendation,
                   const std::vector<const char*>& triggered);

}  // namespace granska::bench
