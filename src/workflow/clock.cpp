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

}  // namespace granska::workflow
