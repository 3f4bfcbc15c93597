#include "workflow/transitions.hpp"

#include <algorithm>
#include <string>

#include "domain/json_text.hpp"

namespace granska::workflow {

using domain::CaseStatus;
using domain::Role;

const std::vector<Transition>& TransitionTable() {
  static const std::vector<Transition> kTable = {
      {Command::kRefer, "refer to the advisory group",
       {CaseStatus::kInReview, CaseStatus::kNeedsInfo, CaseStatus::kAdvised, CaseStatus::kCommunicated},
       CaseStatus::kReferred, {Role::kCaseOfficer}, "referred",
       "a question for the group; a new referral asks the group again; a communicated case (flagged by a "
       "re-screening meanwhile) keeps its kommunicering, and the applicant may still reply to it"},
      {Command::kAdvise, "give advice or declare jäv",
       {CaseStatus::kReferred},
       std::nullopt, {Role::kAdvisoryMember, Role::kCoordinator}, "advice_given",
       "one answer per member and referral; a recused member may not advise; the case becomes advised when "
       "the quorum of advising members is reached"},
      {Command::kCommunicate, "send kommunicering",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kAdvised, CaseStatus::kCommunicated},
       CaseStatus::kCommunicated, {Role::kCaseOfficer}, "communicated",
       "intended outcome, reasons and a reply deadline not in the past"},
      {Command::kReply, "reply to kommunicering",
       {CaseStatus::kCommunicated, CaseStatus::kReferred, CaseStatus::kAdvised},
       std::nullopt, {Role::kIntake, Role::kCaseOfficer}, "reply_received",
       "one reply per communication; the officer records one that came by e-mail or post, as the letter invites; "
       "a case referred after its kommunicering still takes the reply"},
      {Command::kRequestInformation, "request what the application lacks",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kAdvised, CaseStatus::kCommunicated},
       std::nullopt, {Role::kCaseOfficer}, "information_requested",
       "begäran om komplettering (förvaltningslagen 20 §): a case whose screening recommends needs_info (also after "
       "a kommunicering or advice: where a supplement can answer it, so not while a referral awaits advice); names "
       "its needs_info results and a reply date after today; "
       "issues the needs_info letter; the status stays; a new request (with If-Match) replaces the one the "
       "applicant holds"},
      {Command::kDecide, "decide",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kAdvised, CaseStatus::kCommunicated},
       CaseStatus::kDecided, {Role::kCaseOfficer}, "decided",
       "from needs_info: rejected as it stands only after a request for what it lacks whose reply date has passed "
       "or that a supplement answered (förvaltningslagen 20 §); "
       "reasons always; an approval only of a complete application (recommendation not needs_info) whose "
       "democracy conditions are accepted; a flagged case approved, or decided while it recommends flag, only "
       "once advised since its latest added flag and its newest verified incident; special reasons to approve a "
       "democracy flag; an adverse decision only after kommunicering whose deadline has passed or that was answered"},
      {Command::kWithdraw, "withdraw",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kReferred, CaseStatus::kAdvised,
        CaseStatus::kCommunicated},
       CaseStatus::kWithdrawn, {Role::kIntake, Role::kCaseOfficer}, "withdrawn",
       "the applicant withdraws; reopening only by a new case linked to this one"},
      {Command::kSupplement, "supplement the application",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kAdvised, CaseStatus::kCommunicated},
       std::nullopt, {Role::kIntake, Role::kCaseOfficer}, "supplemented",
       "screened again and routed by the new recommendation; also the answer to a request for what the "
       "application lacks or to a kommunicering (communicated), and after advice (a flag still there is referred "
       "again); not while a referral awaits advice"},
      {Command::kAssign, "assign a case officer",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kReferred, CaseStatus::kAdvised,
        CaseStatus::kCommunicated, CaseStatus::kDecided},
       std::nullopt, {Role::kCaseOfficer}, "assigned",
       "the assignee is a case officer"},
      {Command::kCommunicateRevocation, "communicate an intended revocation",
       {CaseStatus::kDecided, CaseStatus::kClosed},
       CaseStatus::kDecided, {Role::kCaseOfficer}, "revocation_communicated",
       "an approval whose decision carries a revocation clause; the breach, any repayment and a reply deadline; "
       "a closed case (a breach found after its follow-up ended) is decided again while the revocation runs"},
      {Command::kReplyRevocation, "reply to an intended revocation",
       {CaseStatus::kDecided},
       std::nullopt, {Role::kIntake, Role::kCaseOfficer}, "revocation_reply_received",
       "a communicated revocation not yet answered; the officer records one that came by e-mail or post"},
      {Command::kRevoke, "revoke",
       {CaseStatus::kDecided},
       CaseStatus::kRevoked, {Role::kCaseOfficer}, "revoked",
       "a communicated revocation whose deadline has passed or that was answered; reasons; a repayment claim "
       "with a due date when money is reclaimed"},
      {Command::kDropRevocation, "drop an intended revocation",
       {CaseStatus::kDecided},
       std::nullopt, {Role::kCaseOfficer}, "revocation_dropped",
       "a communicated revocation; the reasons for not revoking; the decision stands, its conditions are "
       "followed up as before, and the revocation_dropped letter tells the organisation"},
      {Command::kRecordMinutesPosted, "record when the minutes were posted",
       {CaseStatus::kDecided, CaseStatus::kRevoked, CaseStatus::kClosed},
       std::nullopt, {Role::kCaseOfficer}, "minutes_posted_recorded",
       "a decision (or completed revocation) to appeal; the posting not before it nor after today; a reason to "
       "correct one already recorded; issues the appeal_notice letter; a closed case whose appeal time now runs "
       "again (last day today or later) is decided again until the job closes it"},
      {Command::kClose, "close the case",
       {CaseStatus::kDecided},
       CaseStatus::kClosed, {}, "case_closed",
       "the background job only (workflow/case_closing): an approval once its support has ended (grant period, "
       "booking end), every condition is closed, no revocation is open and no recorded appeal time runs; a "
       "rejection once the last day to appeal after the recorded posting of the minutes has passed"},
      {Command::kRecordAppeal, "record an appeal",
       {CaseStatus::kDecided, CaseStatus::kRevoked, CaseStatus::kClosed},
       std::nullopt, {Role::kCaseOfficer}, "appeal_recorded",
       "against the case's appealable decision (a completed revocation, else the decision); lodged not after today "
       "nor before that decision; the court; a closed case is decided again (`reopened`) while the appeal is "
       "pending, and the job does not close it"},
      {Command::kRecordAppealOutcome, "record an appeal's outcome",
       {CaseStatus::kNeedsInfo, CaseStatus::kInReview, CaseStatus::kReferred, CaseStatus::kAdvised,
        CaseStatus::kCommunicated, CaseStatus::kDecided, CaseStatus::kWithdrawn, CaseStatus::kRevoked,
        CaseStatus::kClosed},
       std::nullopt, {Role::kCaseOfficer}, "appeal_outcome_recorded",
       "once per appeal, not after today nor before the appeal was lodged; from any status (a second appeal of a "
       "decision already annulled is still answered by the court); annulled: a standing decision is annulled and "
       "the case is in_review again (its open conditions waived, a booking pending, a revocation of it annulled "
       "too), a standing revocation is annulled and the revoked case is decided again"},
  };
  return kTable;
}

const Transition& TransitionFor(Command command) {
  for (const auto& t : TransitionTable())
    if (t.command == command) return t;
  return TransitionTable().front();
}

std::optional<domain::Error> CheckRole(Command command, Role role) {
  const Transition& t = TransitionFor(command);
  if (std::find(t.roles.begin(), t.roles.end(), role) == t.roles.end())
    return domain::Error::Forbidden("The role '" + std::string(domain::ToString(role)) + "' may not " +
                                    std::string(t.name) + ".");
  return std::nullopt;
}

std::optional<domain::Error> CheckTransition(Command command, CaseStatus status, Role role,
                                             const std::string& case_number) {
  if (auto denied = CheckRole(command, role)) return denied;
  const Transition& t = TransitionFor(command);
  if (std::find(t.from.begin(), t.from.end(), status) == t.from.end()) {
    std::string allowed;
    for (auto s : t.from) allowed += (allowed.empty() ? "" : ", ") + std::string(domain::ToString(s));
    return domain::Error::Conflict("Case " + case_number + " is '" + std::string(domain::ToString(status)) +
                                   "'; to " + std::string(t.name) + " it must be one of: " + allowed + ".");
  }
  return std::nullopt;
}

bool AllowedFrom(Command command, CaseStatus status) {
  const Transition& t = TransitionFor(command);
  return std::find(t.from.begin(), t.from.end(), status) != t.from.end();
}

std::string CurrentState(const domain::CaseSummary& c) {
  domain::JsonWriter w;
  w.BeginObject()
      .Field("case_id", c.case_id)
      .Field("status", domain::ToString(c.status))
      .Field("version", c.version)
      .EndObject();
  return "\"current\":" + w.Take();
}

std::optional<domain::Error> CheckTransitionOn(Command command, const domain::CaseSummary& locked, domain::Role role) {
  auto e = CheckTransition(command, locked.status, role, locked.case_number);
  if (e && e->code == domain::ErrorCode::kConflict) e->extra_members = CurrentState(locked);
  return e;
}

domain::Result<domain::CaseSummary> LockForCommand(UnitOfWork& uow, Command command, const domain::Actor& actor,
                                                   std::int64_t case_id, std::optional<std::int64_t> expected_version) {
  auto c = uow.Cases().Lock(case_id);
  if (!c) return domain::Error::NotFound("There is no case " + std::to_string(case_id) + ".");
  if (auto e = CheckTransitionOn(command, *c, actor.role)) return *e;
  if (auto e = CheckVersion(*c, expected_version)) return *e;
  return *c;
}

std::optional<domain::Error> CheckVersion(const domain::CaseSummary& c, std::optional<std::int64_t> expected) {
  if (!expected || *expected == c.version) return std::nullopt;
  domain::Error e = domain::Error::Conflict("Case " + c.case_number + " has changed since you read it (your version " +
                                            std::to_string(*expected) + ", now " + std::to_string(c.version) +
                                            "); read it again before you act.");
  e.extra_members = CurrentState(c);
  return e;
}

}  // namespace granska::workflow
