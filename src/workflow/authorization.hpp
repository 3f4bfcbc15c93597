#pragma once
// Who may do what: the one place the role x action matrix lives (shared/api.md).
// Handlers ask Authorize(); the matrix test walks every endpoint with every role.
#include <string_view>

#include "domain/error.hpp"
#include "domain/vocabulary.hpp"

namespace granska::workflow {

enum class Action {
  kSubmitApplication,
  kSupplementApplication,
  kReadCases,
  kRecordIncident,
  kReadIncidents,
  kReadPremises,
  kManagePremises,
  kReadRules,
  kManageUsers,
  kRunRescreen,
  kReadRescreens,
  kHoldCases,
  kMarkSecrecy,
  kExportPublic,
};

bool Allowed(domain::Role role, Action action);
std::string_view ToString(Action action);

// nullopt-like: an Error(kForbidden) naming the role and action, or nothing.
inline bool Authorize(domain::Role role, Action action, domain::Error& out) {
  if (Allowed(role, action)) return true;
  out = domain::Error::Forbidden("The role '" + std::string(domain::ToString(role)) + "' may not " +
                                 std::string(ToString(action)) + ".");
  return false;
}

}  // namespace granska::workflow
