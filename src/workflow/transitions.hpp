#pragma once
// The one table that drives every change of a case's status: which command may run from
// which statuses, which roles may run it, where it leads and which event it records.
// Preconditions beyond status and role (quorum, kommunicering, special reasons) live in
// the use case and are named in the table's description.
#include <optional>
#include <string_view>
#include <vector>

#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/vocabulary.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

enum class Command {
  kRefer,
  kAdvise,
  kCommunicate,
  kReply,
  kDecide,
  kWithdraw,
  kSupplement,
  kAssign,
  kCommunicateRevocation,
  kReplyRevocation,
  kRevoke,
  kDropRevocation,
  kRecordMinutesPosted,
  kClose,
  kRecordAppeal,
  kRecordAppealOutcome,
  kRequestInformation
};

struct Transition {
  Command command;
  std::string_view name;
  std::vector<domain::CaseStatus> from;
  std::optional<domain::CaseStatus> to;  // nullopt: stays, or decided by the use case (advised on quorum)
  std::vector<domain::Role> roles;  // empty: no role, only the system (the background job) runs it
  std::string_view event;
  std::string_view preconditions;
};

const std::vector<Transition>& TransitionTable();
const Transition& TransitionFor(Command command);

// 403 when the role may not run the command at all, 409 naming the allowed statuses when
// the case's status forbids it now; nothing when allowed.
std::optional<domain::Error> CheckTransition(Command command, domain::CaseStatus status, domain::Role role,
                                             const std::string& case_number);

// 403 when the role may not run the command at all: for a command that checks its input
// before it locks the case, so that a role that may not act learns nothing from a 422.
std::optional<domain::Error> CheckRole(Command command, domain::Role role);

// Whether the table lets `command` run from `status` at all, whoever runs it: for the system's
// own commands (kClose), which no role may run.
bool AllowedFrom(Command command, domain::CaseStatus status);
// 409 when the caller read the case at another version than the locked row has now (a stale
// page or an If-Match that no longer holds); nothing when `expected` is empty or current. The
// error carries the case's current status and version (`current`), like a transition the status refuses.
// CheckTransition on a locked case. A 409 carries the case's current status and version
// ("current"), for the caller to read again; a 403 does not: a role that may not act on the
// case learns nothing of its state.
std::optional<domain::Error> CheckTransitionOn(Command command, const domain::CaseSummary& locked, domain::Role role);

// The common start of a command on one case: the case row locked, then the table
// (CheckTransitionOn) and the version the caller read (CheckVersion); 404 when there is no case.
domain::Result<domain::CaseSummary> LockForCommand(UnitOfWork& uow, Command command, const domain::Actor& actor,
                                                   std::int64_t case_id, std::optional<std::int64_t> expected_version);

std::optional<domain::Error> CheckVersion(const domain::CaseSummary& locked, std::optional<std::int64_t> expected);
// {"current": {case_id, status, version}} for a refusal's problem document.
std::string CurrentState(const domain::CaseSummary& c);

}  // namespace granska::workflow
