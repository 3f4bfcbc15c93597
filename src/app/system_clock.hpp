#pragma once
#include <ctime>
#include <string>

#include "workflow/ports.hpp"

namespace granska::app {

// Today's date in the configured zone (the process TZ is set from time.zone at start).
class SystemClock final : public workflow::Clock {
 public:
  domain::Date Today() const override {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    return *domain::Date::FromCivil(tm.tm_year + 1900, static_cast<unsigned>(tm.tm_mon + 1),
                                    static_cast<unsigned>(tm.tm_mday));
  }
};

}  // namespace granska::app
