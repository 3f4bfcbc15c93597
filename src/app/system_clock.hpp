#pragma once
#include <ctime>
#include <string>

#include "workflow/ports.hpp"

namespace granska::app {

// Today's date in the configured zone (the process TZ is set from time.zone at start).
class SystemClock final : public workflow::Clock {
 public:
  domain::Date Today() const override { return workflow::LocalDate(std::time(nullptr)); }
};

}  // namespace granska::app
