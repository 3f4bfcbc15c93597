#pragma once
// Reads the records plan (dokumenthanteringsplan, config/records_plan.yaml) once at start-up.
#include <string>

#include "workflow/records_plan.hpp"

namespace granska::app {

// Throws std::runtime_error listing every problem as "FILE:LINE: class 'x': what is wrong";
// the server refuses to start with it.
workflow::RecordsPlan LoadRecordsPlan(const std::string& path);

}  // namespace granska::app
