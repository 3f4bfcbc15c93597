#pragma once
// Who may do what: the one place the role x action matrix lives (shared/api.md,
// docs/openapi.yaml). Handlers and use cases ask Authorize() / AuthorizeOnCase(); workflow
// commands on a case go through the transition table (transitions.hpp), which names its
// roles the same way. tests/http/access_matrix_test.cpp walks every registered endpoint with
// every role against an expectation written independently of this file.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/vocabulary.hpp"

namespace granska::workflow {

enum class Action {
  kSubmitApplication,
  kSupplementApplication,
  kReadCases,           // case lists and the case as JSON (staff)
  kOpenCaseFile,        // the whole case file with the evidence and names in the clear (pages)
  kRecordIncident,
  kReadIncidents,       // the incident register and single incidents
  kReadPremises,
  kManagePremises,
  kReadRules,
  kManageUsers,
  kRunRescreen,
  kReadRescreens,
  kReadAgenda,          // the advisory group's agenda
  kReadReferralPacket,  // the (pseudonymised) referral packet
  kRequestNames,        // ask for the names behind the pseudonyms
  kExportForCve,        // the minimal packet for Center mot våldsbejakande extremism
  kFollowUp,            // close conditions, request inspections, record findings
  kRunAudits,           // create, read, record and sign off audits
  kReadStatistics,      // de-identified statistics
  // The web interface's own pages (docs/web-interface.md); the forms on them run the same use
  // cases as the API, which check their own actions and the transition table again.
  kWorkCaseQueue,       // the officer's queue and the forms on the case page
  kReadFollowUp,        // the conditions page
  kAdvisoryGroupPages,  // my referrals, the packet page and its advice, jäv and name forms
  kReadMeetingAgenda,   // the advisory group's meeting agenda page
  kReadCalendarPage,    // the bookings calendar page
  kHoldCases,
  kMarkSecrecy,
  kExportPublic,
  kExportCasePublic,
};

bool Allowed(domain::Role role, Action action);
// The roles the matrix allows an action, in the order of domain::Role (for page routes and
// the navigation, which take a role list).
std::vector<domain::Role> RolesFor(Action action);
std::string_view ToString(Action action);

// An Error(kForbidden) naming the role and action in `out`, or true.
inline bool Authorize(domain::Role role, Action action, domain::Error& out) {
  if (Allowed(role, action)) return true;
  out = domain::Error::Forbidden("The role '" + std::string(domain::ToString(role)) + "' may not " +
                                 std::string(ToString(action)) + ".");
  return false;
}

// The advisory group's roles: its members and the coordinator, who sits in it.
inline bool InAdvisoryGroup(domain::Role r) {
  return r == domain::Role::kAdvisoryMember || r == domain::Role::kCoordinator;
}

// The actor's relation to one case, as far as the matrix cares.
struct CaseRelation {
  bool recused = false;   // the actor declared jäv (a conflict of interest) in this case
  bool referred = false;  // the case has been referred to the advisory group (ever)
};

// The matrix for an action on one existing case: the role first (403), then the relation.
// A member who declared jäv may not read the case, its packet or its evidence, nor ask for
// names or export it (403, as docs/openapi.yaml says: the member knows the case exists).
// The group reads the cases referred to it (shared/domain.md, "reads referred cases"): a
// member or the coordinator reading a case as JSON (kReadCases, also its secrecy marks) or the
// coordinator exporting it for CVE (kExportForCve) when it never was is refused too (403).
std::optional<domain::Error> AuthorizeOnCase(domain::Role role, Action action, const CaseRelation& relation,
                                             const std::string& case_number);

// For reads where existence itself is secret (a single incident for a role that may not read
// the register): a refused role gets the same 404 as an id that does not exist, so the answer
// says nothing about what the register holds. `not_found` is that 404's detail.
std::optional<domain::Error> AuthorizeSecret(domain::Role role, Action action, const std::string& not_found);

}  // namespace granska::workflow
