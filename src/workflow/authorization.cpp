#include "workflow/authorization.hpp"

#include <array>
#include <optional>
#include <string>

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
    {Action::kOpenCaseFile,          "open the whole case file",   {false, true,  false, false, true,  false}},
    {Action::kRecordIncident,        "record incidents",           {false, true,  false, true,  false, false}},
    {Action::kReadIncidents,         "read the incident register", {false, true,  false, true,  true,  false}},
    {Action::kReadPremises,          "read premises",              {false, true,  true,  true,  true,  true}},
    {Action::kManagePremises,        "create or change premises",  {false, false, false, false, false, true}},
    {Action::kReadRules,             "read the rule set",          {false, true,  true,  true,  true,  true}},
    {Action::kManageUsers,           "manage users",               {false, false, false, false, false, true}},
    {Action::kRunRescreen,           "run a re-screening",         {false, false, false, false, false, true}},
    {Action::kReadRescreens,         "read re-screening results",  {false, false, false, false, true,  true}},
    {Action::kReadAgenda,            "read the advisory agenda",   {false, true,  true,  true,  true,  false}},
    {Action::kReadReferralPacket,    "read referral packets",      {false, true,  true,  true,  true,  false}},
    {Action::kRequestNames,          "ask for the names behind pseudonyms", {false, false, true, true, false, false}},
    {Action::kExportForCve,          "export a packet for CVE",    {false, true,  false, true,  false, false}},
    {Action::kFollowUp,              "close conditions or record inspections", {false, true, false, false, false, false}},
    {Action::kRunAudits,             "run or read audits",         {false, false, false, false, true,  false}},
    {Action::kReadStatistics,        "read the statistics",        {false, false, false, true,  true,  false}},
    {Action::kWorkCaseQueue,         "work the case officers' queue", {false, true, false, false, false, false}},
    {Action::kReadFollowUp,          "read the follow-up of conditions", {false, true, false, false, true, false}},
    {Action::kAdvisoryGroupPages,    "work in the advisory group", {false, false, true,  true,  false, false}},
    {Action::kReadMeetingAgenda,     "read the meeting agenda",    {false, true,  true,  true,  false, false}},
    {Action::kReadCalendarPage,      "open the bookings calendar", {false, true,  false, true,  false, true}},
    {Action::kHoldCases,             "place or release legal holds", {false, false, false, false, true, true}},
    {Action::kMarkSecrecy,           "mark or unmark secrecy",     {false, true,  false, true,  false, false}},
    {Action::kExportPublic,          "export for a public-access request", {false, true, false, true, true, true}},
    // A case's export carries every name in the clear: made by those who open the whole case
    // file, not by the coordinator (who reads cases pseudonymised, and only those referred) nor
    // the administrator (who needs no applicant's names).
    {Action::kExportCasePublic,      "export a case for a public-access request", {false, true, false, false, true, false}},
};
// clang-format on

}  // namespace

bool Allowed(Role role, Action action) {
  for (const auto& row : kMatrix)
    if (row.action == action) return row.roles[static_cast<std::size_t>(role)];
  return false;
}

std::vector<Role> RolesFor(Action action) {
  std::vector<Role> out;
  for (Role r : {Role::kIntake, Role::kCaseOfficer, Role::kAdvisoryMember, Role::kCoordinator, Role::kAuditor, Role::kAdmin})
    if (Allowed(r, action)) out.push_back(r);
  return out;
}

std::optional<domain::Error> AuthorizeOnCase(Role role, Action action, const CaseRelation& relation,
                                             const std::string& case_number) {
  domain::Error denied;
  if (!Authorize(role, action, denied)) return denied;
  if (relation.recused)
    return domain::Error::Forbidden("You have declared jäv in case " + case_number +
                                    " and may not see its file or its evidence.");
  // The CVE export is a reading of the case too: the coordinator exports what the group may
  // read, not a case that never came before it.
  if ((action == Action::kReadCases || action == Action::kExportForCve) && InAdvisoryGroup(role) &&
      !relation.referred)
    return domain::Error::Forbidden("Case " + case_number +
                                    " has not been referred to the advisory group, which reads only the cases "
                                    "referred to it.");
  return std::nullopt;
}

std::optional<domain::Error> AuthorizeSecret(Role role, Action action, const std::string& not_found) {
  if (Allowed(role, action)) return std::nullopt;
  return domain::Error::NotFound(not_found);
}

std::string_view ToString(Action action) {
  for (const auto& row : kMatrix)
    if (row.action == action) return row.description;
  return "do this";
}

}  // namespace granska::workflow
