#pragma once
// A workflow clock that stands still on one day, for tests that move "today".
#include "domain/date.hpp"
#include "workflow/ports.hpp"

namespace granska::testing {

class FixedClock final : public workflow::Clock {
 public:
  explicit FixedClock(domain::Date d) : d_(d) {}
  explicit FixedClock(const char* iso_date) : d_(*domain::Date::Parse(iso_date)) {}
  domain::Date Today() const override { return d_; }

 private:
  domain::Date d_;
};

}  // namespace granska::testing
