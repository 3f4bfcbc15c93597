#pragma once
// The records people add to a case after screening: referral to the advisory group,
// advice or recusal (jäv), kommunicering and the reply, the decision and its conditions.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/vocabulary.hpp"

namespace granska::domain {

enum class AdviceRecommendation { kApprove, kApproveWithConditions, kReject, kInsufficientBasis };
inline constexpr NameTable<AdviceRecommendation, 4> kAdviceRecommendations{
    {{AdviceRecommendation::kApprove, "approve"},
     {AdviceRecommendation::kApproveWithConditions, "approve_with_conditions"},
     {AdviceRecommendation::kReject, "reject"},
     {AdviceRecommendation::kInsufficientBasis, "insufficient_basis"}}};
GRANSKA_VOCABULARY(AdviceRecommendation, kAdviceRecommendations)

enum class DecisionOutcome { kApproved, kApprovedWithConditions, kRejected };
inline constexpr NameTable<DecisionOutcome, 3> kDecisionOutcomes{
    {{DecisionOutcome::kApproved, "approved"},
     {DecisionOutcome::kApprovedWithConditions, "approved_with_conditions"},
     {DecisionOutcome::kRejected, "rejected"}}};
GRANSKA_VOCABULARY(DecisionOutcome, kDecisionOutcomes)

enum class ConditionKind { kActivityReport, kFinancialReport, kOpenToPublic, kInspectionAccess, kAttendanceCap, kCustom };
inline constexpr NameTable<ConditionKind, 6> kConditionKinds{{{ConditionKind::kActivityReport, "activity_report"},
                                                              {ConditionKind::kFinancialReport, "financial_report"},
                                                              {ConditionKind::kOpenToPublic, "open_to_public"},
                                                              {ConditionKind::kInspectionAccess, "inspection_access"},
                                                              {ConditionKind::kAttendanceCap, "attendance_cap"},
                                                              {ConditionKind::kCustom, "custom"}}};
GRANSKA_VOCABULARY(ConditionKind, kConditionKinds)

struct ConditionSpec {
  ConditionKind kind = ConditionKind::kCustom;
  Date due;
  std::string description;
};

struct Condition {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t decision_id = 0;  // a case decided again after an appeal has conditions of each decision
  ConditionKind kind = ConditionKind::kCustom;
  Date due;
  std::string description;
  std::string status = "pending";
};

struct Referral {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  bool automatic = false;
  std::string question;
  std::optional<std::int64_t> referred_by;
  std::string referred_at;
  Date deadline;
  std::optional<std::string> advised_at;
};

struct Advice {
  std::int64_t id = 0;
  std::int64_t referral_id = 0;
  std::int64_t member_id = 0;
  std::string member_name;
  std::string member_sector;
  bool recusal = false;
  std::optional<AdviceRecommendation> recommendation;
  std::string reasoning;  // the recusal reason when recusal
  std::vector<std::string> proposed_conditions;
  std::string given_at;
};

struct Communication {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  DecisionOutcome intended_outcome = DecisionOutcome::kRejected;
  std::optional<std::int64_t> intended_amount_sek;
  std::string reasons;
  Date reply_by;
  std::string sent_at;
  std::optional<std::string> reply_text;
  std::optional<std::string> replied_at;
};

// A request for what an incomplete application lacks (begäran om komplettering,
// förvaltningslagen 20 §): the needs_info letter is issued from it.
struct InformationRequest {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  Date reply_by;
  std::vector<std::string> rules;  // the needs_info rules of the screening it names
  std::string message;             // the officer's own words, may be empty
  std::string requested_at;
  std::string requested_by_name;
  std::optional<std::string> supplemented_at;  // the first supplement after it, if any
};

struct Decision {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  DecisionOutcome outcome = DecisionOutcome::kRejected;
  std::optional<std::int64_t> amount_sek;
  std::string reasons;
  std::string special_reasons;
  std::string delegation_ref;
  std::string revocation_clause;  // empty for a rejection
  std::int64_t decided_by = 0;
  std::string decided_by_name;
  std::string decided_at;
  Date decided_on;
  std::vector<ConditionSpec> conditions;  // as requested; stored ones are Condition
  std::optional<std::int64_t> annulled_by_appeal;  // the appeal whose outcome annulled it (upphävt)
};

struct Revocation {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::int64_t decision_id = 0;
  // communicated | revoked | annulled (by an appeal, or with the decision it revoked) | dropped
  // (not pursued after kommunicering; `reasons` then says why)
  std::string status;
  std::string breach;
  bool democracy_reason = false;
  std::int64_t repayment_sek = 0;
  std::optional<Date> repayment_due;
  Date reply_by;
  std::optional<std::string> reply_text;
  std::optional<std::string> replied_at;
  std::string reasons;
  std::string communicated_at;
  std::optional<Date> revoked_on;
  std::optional<std::int64_t> annulled_by_appeal;
  std::optional<Date> dropped_on;
};

// The posting on the notice board of the approved minutes where a delegated decision was
// reported (kommunallagen 13 kap. 5 §): the three weeks to appeal run from it. A correction
// is a new posting with its reason; the latest for a decision is in force.
struct MinutesPosting {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string decision_kind;  // decision | revocation
  std::int64_t decision_ref = 0;
  Date decided_on;
  Date posted_on;
  Date last_day;                  // posted_on + 21 days, moved past holidays (letters::AppealDeadline)
  std::string minutes_reference;  // may be empty
  std::string correction_reason;  // empty for the first posting
  std::int64_t recorded_by = 0;
  std::string recorded_at;
};

// An appeal (överklagande; for municipal decisions usually laglighetsprövning under
// kommunallagen 13 kap.) lodged with the administrative court against the case's decision or
// its revocation, and the court's outcome once known. The municipality records both; it does
// not decide the appeal. An annulment (upphävande) takes effect in the case.
enum class AppellantKind { kApplicant, kMunicipalMember, kOther };
inline constexpr NameTable<AppellantKind, 3> kAppellantKinds{{{AppellantKind::kApplicant, "applicant"},
                                                              {AppellantKind::kMunicipalMember, "municipal_member"},
                                                              {AppellantKind::kOther, "other"}}};
GRANSKA_VOCABULARY(AppellantKind, kAppellantKinds)

// rejected: avslag (the decision stands); dismissed: avvisning (not tried, e.g. too late);
// withdrawn: återkallat by the appellant; annulled: upphävt (the appealed decision falls).
enum class AppealOutcome { kRejected, kDismissed, kWithdrawn, kAnnulled };
inline constexpr NameTable<AppealOutcome, 4> kAppealOutcomes{{{AppealOutcome::kRejected, "rejected"},
                                                              {AppealOutcome::kDismissed, "dismissed"},
                                                              {AppealOutcome::kWithdrawn, "withdrawn"},
                                                              {AppealOutcome::kAnnulled, "annulled"}}};
GRANSKA_VOCABULARY(AppealOutcome, kAppealOutcomes)

struct AppealRecord {
  std::int64_t id = 0;
  std::int64_t case_id = 0;
  std::string appealed_kind;  // decision | revocation
  std::int64_t appealed_id = 0;
  Date lodged_on;
  AppellantKind appellant_kind = AppellantKind::kApplicant;
  std::string appellant_name;     // empty for the applicant when not given
  std::string court;              // e.g. "Förvaltningsrätten i Göteborg"
  std::string court_case_number;  // målnummer; empty until known
  std::int64_t recorded_by = 0;
  std::string recorded_by_name;
  std::string recorded_at;
  std::optional<AppealOutcome> outcome;  // nullopt while pending
  std::optional<Date> outcome_on;
  std::string outcome_note;
  std::optional<std::int64_t> outcome_recorded_by;
  std::string outcome_recorded_by_name;
  std::optional<std::string> outcome_recorded_at;
};

}  // namespace granska::domain
