#pragma once
// Use cases where people act on a case after screening (shared/domain.md, "The flow"
// 3–6): referral, advice and jäv, kommunicering and reply, decision, withdrawal and
// assignment. Each runs in one transaction with the case row locked, checks the
// transition table, the optional expected version (If-Match) and its preconditions, and
// records its event together with the change.
#include <optional>
#include <string>
#include <vector>

#include "domain/case_record.hpp"
#include "domain/error.hpp"
#include "domain/review.hpp"
#include "domain/user.hpp"
#include "workflow/ports.hpp"

namespace granska::workflow {

struct Policy {
  int quorum = 3;                 // advising members needed for `advised`
  int referral_deadline_days = 14;
  std::string delegation_ref = "Delegationsordning, kultur- och fritidsnämnden, punkt 4.2";
  // The points for a booking's decision and for a revocation, where the delegation rules give
  // them their own (decision.delegation_ref.booking|revocation); empty: delegation_ref.
  std::string delegation_ref_booking;
  std::string delegation_ref_revocation;
  const std::string& DelegationFor(domain::ApplicationKind kind) const {
    return kind == domain::ApplicationKind::kBooking && !delegation_ref_booking.empty() ? delegation_ref_booking
                                                                                        : delegation_ref;
  }
  const std::string& RevocationDelegation() const {
    return delegation_ref_revocation.empty() ? delegation_ref : delegation_ref_revocation;
  }
  // The återkallelseförbehåll (förvaltningslagen 37 §) recorded with every approval, by kind, in
  // Swedish. The runtime takes them from the municipality's letter settings
  // (revocation_clause.grant.sv, revocation_clause.booking.sv), whose English translations the
  // English letters print: one source for both languages (domain review M6).
  std::string revocation_clause_grant;
  std::string revocation_clause_booking;
};

struct AdviceInput {
  bool recusal = false;
  std::optional<domain::AdviceRecommendation> recommendation;
  std::string reasoning;  // or the reason for the recusal
  std::vector<std::string> proposed_conditions;
};

struct CommunicationInput {
  domain::DecisionOutcome intended_outcome = domain::DecisionOutcome::kRejected;
  std::optional<std::int64_t> intended_amount_sek;
  std::string reasons;
  std::optional<domain::Date> reply_by;
};

// A request for what the application lacks (begäran om komplettering, förvaltningslagen 20 §).
struct InformationRequestInput {
  std::optional<domain::Date> reply_by;
  std::string message;  // the officer's own words, optional
};

struct DecisionInput {
  domain::DecisionOutcome outcome = domain::DecisionOutcome::kRejected;
  std::optional<std::int64_t> amount_sek;
  std::string reasons;
  std::string special_reasons;
  std::vector<domain::ConditionSpec> conditions;
};

// The posting date of the approved minutes where the delegated decision was reported.
struct MinutesPostedInput {
  std::optional<domain::Date> posted_on;
  std::string minutes_reference;  // optional: "KFN 2026-12-03 § 112"
  std::string correction_reason;  // required to change a posting already recorded
};

// The case's decision that can be appealed now: a completed revocation supersedes the
// original decision. A posting skeleton (kind, ref, decided_on), or nullopt when undecided.
std::optional<domain::MinutesPosting> AppealableDecision(const std::optional<domain::Revocation>& latest_revocation,
                                                         const std::optional<domain::Decision>& decision);

inline constexpr const char* kAutomaticReferralQuestion =
    "En demokratiregel har flaggat ansökan. Finns det särskilda skäl att ändå bevilja stöd, och på vilka villkor?";

// Opens a referral (automatic on a flag, or by hand) and records the event. Shared by
// intake, supplements and the manual referral.
void OpenReferral(UnitOfWork& uow, std::int64_t case_id, const domain::Actor& actor, bool automatic,
                  const std::string& question, domain::Date today, int deadline_days);

class CaseWorkflow {
 public:
  CaseWorkflow(Database& db, const Clock& clock, Policy policy, const class LetterService* letters = nullptr)
      : db_(db), clock_(clock), policy_(std::move(policy)), letters_(letters) {}

  using Summary = domain::Result<domain::CaseSummary>;
  Summary Refer(const domain::Actor& actor, std::int64_t case_id, std::optional<std::int64_t> expected_version,
                const std::string& question, std::vector<domain::FieldError> errors);
  Summary Advise(const domain::Actor& actor, std::int64_t case_id, const AdviceInput& input,
                 std::vector<domain::FieldError> errors);
  // Asks the applicant for what the screening found missing, by a reply date, and issues the
  // needs_info letter (archived) naming it; the status stays. A case whose screening
  // recommends needs_info is rejected "as it stands" only after such a request.
  Summary RequestInformation(const domain::Actor& actor, std::int64_t case_id,
                             std::optional<std::int64_t> expected_version, const InformationRequestInput& input,
                             std::vector<domain::FieldError> errors);
  Summary Communicate(const domain::Actor& actor, std::int64_t case_id, std::optional<std::int64_t> expected_version,
                      const CommunicationInput& input, std::vector<domain::FieldError> errors);
  // The reply to the latest kommunicering. With `expected_version` (If-Match, the page form's
  // version) a case changed since it was read is a 409: the kommunicering replied to may have
  // been replaced by a newer one.
  Summary Reply(const domain::Actor& actor, std::int64_t case_id, std::optional<std::int64_t> expected_version,
                const std::string& text, std::vector<domain::FieldError> errors);
  Summary Decide(const domain::Actor& actor, std::int64_t case_id, std::optional<std::int64_t> expected_version,
                 const DecisionInput& input, std::vector<domain::FieldError> errors);
  Summary Withdraw(const domain::Actor& actor, std::int64_t case_id, std::optional<std::int64_t> expected_version,
                   const std::string& reason);
  Summary Assign(const domain::Actor& actor, std::int64_t case_id, std::int64_t user_id);
  // Records when the minutes were posted for the case's appealable decision (the revocation
  // if the case was revoked, else the decision), computes the last day to appeal and issues
  // an appeal_notice letter naming it, all in one transaction.
  Summary RecordMinutesPosted(const domain::Actor& actor, std::int64_t case_id,
                              std::optional<std::int64_t> expected_version, const MinutesPostedInput& input,
                              std::vector<domain::FieldError> errors);

  const Policy& Rules() const { return policy_; }

 private:
  Database& db_;
  const Clock& clock_;
  Policy policy_;
  const LetterService* letters_;  // issues decision and kommunicering letters; null in tests without letters
};

}  // namespace granska::workflow
