#include "workflow/authorization.hpp"

#include <array>

namespace granska::workflow {
namespace {

using domain::Role;

struct Row {
  Action action;
  std::string_view description;
  std::array<bool, 6> roles;  // intake, case_officer, advisory_member, coordinator, auditor, admin
};

// clang-format off
constexpr Row kMatrix[] = {
    //                                                     intake officer advisory coord  auditor admin
    {Action::kSubmitApplication,     "submit applications",        {true,  true,  false, false, false, false}},
    {Action::kSupplementApplication, "supplement applications",    {true,  true,  false, false, false, false}},
    {Action::kReadCases,             "read cases",                 {false, true,  true,  true,  true,  true}},
    {Action::kRecordIncident,        "record incidents",           {false, true,  false, true,  false, false}},
    {Action::kReadIncidents,         "read the incident register", {false, true,  false, true,  true,  false}},
    {Action::kReadPremises,          "read premises",              {false, true,  true,  true,  true,  true}},
    {Action::kManagePremises,        "create or change premises",  {false, false, false, false, false, true}},
    {Action::kReadRules,             "read the rule set",          {false, true,  true,  true,  true,  true}},
    {Action::kManageUsers,           "manage users",               {false, false, false, false, false, true}},
    {Action::kRunRescreen,           "run a re-screening",         {false, false, false, false, false, true}},
    {Action::kReadRescreens,         "read re-screening results",  {false, false, false, false, true,  true}},
    {Action::kHoldCases,             "place or release legal holds", {false, false, false, false, true, true}},
    {Action::kMarkSecrecy,           "mark or unmark secrecy",     {false, true,  false, true,  false, false}},
    {Action::kExportPublic,          "export for a public-access request", {false, true, false, true, true, true}},
};
// clang-format on

}  // namespace

bool Allowed(Role role, Action action) {
  for (const auto& row : kMatrix)
    if (row.action == action) return row.roles[static_cast<std::size_t>(role)];
  return false;
}

std::string_view ToString(Action action) {
  for (const auto& row : kMatrix)
    if (row.action == action) return row.description;
  return "do this";
}

}  // namespace granska::workflow
