#include <ctime>

#include "workflow/ports.hpp"

namespace granska::workflow {

domain::Date LocalDate(std::time_t moment) {
  std::tm local{};
  localtime_r(&moment, &local);
  return *domain::Date::FromCivil(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                                  static_cast<unsigned>(local.tm_mday));
}

domain::Date LocalDateOf(const std::string& iso_instant) {
  const auto at = domain::Instant::Parse(iso_instant);
  if (!at) return domain::Date::Parse(iso_instant.substr(0, 10)).value_or(domain::Date());
  return LocalDate(static_cast<std::time_t>(at->EpochSeconds()));
}

std::time_t LocalDayStart(domain::Date day) {
  std::tm local{};
  local.tm_year = day.Year() - 1900;
  local.tm_mon = static_cast<int>(day.Month()) - 1;
  local.tm_mday = static_cast<int>(day.Day());
  local.tm_isdst = -1;  // whatever the zone's rule says for that midnight
  return std::mktime(&local);
}

}  // namespace granska::workflow
