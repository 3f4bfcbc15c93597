#pragma once
// What a letter says, as plain data the workflow fills when a decision is made (or an
// applicant is asked for more, or told of an intended decision). One struct covers every
// letter type; which fields a type needs is checked by Validate() below and listed in
// docs/letters.md. Text fields are in the letter's language (the workflow picks
// LocalizedText::In(lang) for screening titles and explanations); municipality texts
// (name, appeal court, privacy notice, signature lines) are not here: they come from
// config/municipality.properties through MunicipalityConfig.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"
#include "domain/review.hpp"  // ConditionKind
#include "domain/vocabulary.hpp"

namespace granska::letters {

// The letter types. The decision letters are approval, approval_with_conditions, rejection
// and revocation; needs_info and kommunicering are not decisions and cannot be appealed.
// kAppealNotice: sent once the posting date of the minutes is recorded after the decision
// letter went out; it names the last day to appeal that decision (not a decision itself).
// kRevocationDropped: the besked that an intended revocation (communicated in a kommunicering
// letter) is not pursued after all: the original decision stands, the revocation matter is
// closed, nothing is to be repaid. It changes nothing for the association and is not an
// appealable decision.
// kRevocationAnnulled: the besked that the administrative court, on an appeal, has annulled
// (upphävt) the municipality's decision to revoke a grant or booking decision: that decision
// applies again, a repayment claim falls. The court's judgment is the decision; this letter
// is not one and cannot be appealed.
// kDecisionAnnulled: the besked that the administrative court, on an appeal, has annulled
// (upphävt) the municipality's decision on an application (an approval, an approval with
// conditions or a rejection): that decision no longer applies and the municipality considers
// the application again and makes a new decision, which comes with its own letter. As above,
// the court's judgment is the decision; this letter is not one and cannot be appealed.
enum class LetterType {
  kApproval,
  kApprovalWithConditions,
  kRejection,
  kNeedsInfo,
  kKommunicering,
  kRevocation,
  kAppealNotice,
  kRevocationDropped,
  kRevocationAnnulled,
  kDecisionAnnulled
};
inline constexpr domain::NameTable<LetterType, 10> kLetterTypes{
    {{LetterType::kApproval, "approval"},
     {LetterType::kApprovalWithConditions, "approval_with_conditions"},
     {LetterType::kRejection, "rejection"},
     {LetterType::kNeedsInfo, "needs_info"},
     {LetterType::kKommunicering, "kommunicering"},
     {LetterType::kRevocation, "revocation"},
     {LetterType::kAppealNotice, "appeal_notice"},
     {LetterType::kRevocationDropped, "revocation_dropped"},
     {LetterType::kRevocationAnnulled, "revocation_annulled"},
     {LetterType::kDecisionAnnulled, "decision_annulled"}}};
GRANSKA_VOCABULARY(LetterType, kLetterTypes)

// Decisions that can be appealed, that carry reasons under förvaltningslagen 32 §.
constexpr bool IsDecision(LetterType t) {
  return t == LetterType::kApproval || t == LetterType::kApprovalWithConditions || t == LetterType::kRejection ||
         t == LetterType::kRevocation;
}
// The letter that announces a decision with this outcome.
constexpr LetterType DecisionLetterType(domain::DecisionOutcome outcome) {
  return outcome == domain::DecisionOutcome::kRejected                 ? LetterType::kRejection
         : outcome == domain::DecisionOutcome::kApprovedWithConditions ? LetterType::kApprovalWithConditions
                                                                       : LetterType::kApproval;
}
constexpr bool IsApproval(LetterType t) {
  return t == LetterType::kApproval || t == LetterType::kApprovalWithConditions;
}

// Swedish by default; English on request. The Swedish letter is the authoritative one.
enum class Language { kSv, kEn };
inline constexpr domain::NameTable<Language, 2> kLanguages{{{Language::kSv, "sv"}, {Language::kEn, "en"}}};
GRANSKA_VOCABULARY(Language, kLanguages)

// The decision a kommunicering letter announces (förvaltningslagen 25 §).
// kPartialApproval: a grant of less than was applied for (the rest is a rejection); the
// officer's reasons say why, and which conditions the decision may carry.
enum class IntendedOutcome { kRejection, kApprovalWithConditions, kPartialApproval, kRevocation };
inline constexpr domain::NameTable<IntendedOutcome, 4> kIntendedOutcomes{
    {{IntendedOutcome::kRejection, "rejection"},
     {IntendedOutcome::kApprovalWithConditions, "approval_with_conditions"},
     {IntendedOutcome::kPartialApproval, "partial_approval"},
     {IntendedOutcome::kRevocation, "revocation"}}};
GRANSKA_VOCABULARY(IntendedOutcome, kIntendedOutcomes)

// What happens when a request for more information is not answered in time; förvaltningslagen
// 20 § requires the request to say which.
enum class NeedsInfoConsequence { kDecidedAsIs, kNotConsidered };
inline constexpr domain::NameTable<NeedsInfoConsequence, 2> kNeedsInfoConsequences{
    {{NeedsInfoConsequence::kDecidedAsIs, "decided_as_is"}, {NeedsInfoConsequence::kNotConsidered, "not_considered"}}};
GRANSKA_VOCABULARY(NeedsInfoConsequence, kNeedsInfoConsequences)

// Who the letter goes to.
struct Addressee {
  std::string organisation_name;
  std::string org_number;                   // NNNNNN-NNNN
  std::optional<std::string> contact_name;  // "Att:" line; the association's contact person
  std::vector<std::string> address_lines;   // postal address, may be empty (e-mail only)
  std::optional<std::string> email;
};

struct BookingDetails {
  std::string premises_name;
  domain::Instant start;
  domain::Instant end;
  std::string event_title;
};

// What was applied for.
struct Subject {
  domain::ApplicationKind kind = domain::ApplicationKind::kGrant;
  domain::Date submitted_on;
  std::optional<domain::GrantType> grant_type;     // grants
  std::optional<std::int64_t> amount_applied_sek;  // grants, whole kronor
  std::optional<std::int64_t> amount_granted_sek;  // approvals of grants; less than applied = rejected in part
  std::optional<BookingDetails> booking;           // bookings
};

// One criterion the decision applies: a screening rule (rule id, title, basis, the
// explanation with the facts that triggered it) or a criterion the officer names.
struct AppliedCriterion {
  std::string criterion;  // "DV-1", or a short criterion name
  std::string title;
  std::string basis;  // the source it rests on: law, policy, plan section
  std::string facts;  // the facts relied on
};

// Förvaltningslagen 32 §: the provisions applied and the circumstances that decided.
struct Reasons {
  std::vector<AppliedCriterion> criteria;
  std::string officer_reasons;                 // written at the moment of deciding (JO 1008-2021)
  std::optional<std::string> special_reasons;  // särskilda skäl, when a democracy criterion is met
};

// The cross-sectoral advisory group's consolidated advice.
struct AdvisorySummary {
  domain::Date given_on;
  std::string summary;
};

// A condition of the decision; the workflow copies domain::Condition / ConditionSpec.
struct Condition {
  domain::ConditionKind kind = domain::ConditionKind::kCustom;
  std::string description;
  domain::Date due_on;
  // revocation_annulled: the condition had been recorded as breached (not met) before the
  // revocation; it is part of the decision that applies again. Not shown by other types.
  bool breached = false;
};

struct ApplicantReply {
  domain::Date received_on;
  std::string summary;  // the reply, or a faithful summary of it
};

// Kommunicering (förvaltningslagen 25 §): what was sent, by when a reply was due, the reply.
struct Communication {
  domain::Date sent_on;
  std::vector<std::string> material;  // each document or piece of information communicated
  domain::Date reply_by;
  std::optional<ApplicantReply> reply;
};

// Laglighetsprövning: time runs from the day it was announced on the notice board that the
// minutes of the meeting where the delegated decision was reported were approved.
struct AppealInfo {
  std::optional<domain::Date> minutes_posted_on;  // nullopt until known: the letter explains the count
};

// appeal_notice: the appealable decision the notice gives the last day for.
// decision_annulled: the decision the court annulled (decision_type: approval,
// approval_with_conditions or rejection; decided_on: its date; minutes_reference is not used).
struct NoticeOf {
  LetterType decision_type = LetterType::kApproval;  // approval, approval_with_conditions, rejection, revocation
  domain::Date decided_on;
  std::optional<std::string> minutes_reference;  // e.g. "Kultur- och fritidsnämndens protokoll 2026-12-03, § 112"
};

struct Officer {
  std::string name;
  std::string title;
  std::optional<std::string> email;  // nullopt: the config's contact e-mail
  std::optional<std::string> phone;  // nullopt: the config's contact phone
};

struct MissingItem {
  std::string criterion;    // rule id, e.g. "GE-2"
  std::string title;        // "Stadgar saknas"
  std::string description;  // what to send, e.g. the rule's explanation
};

// needs_info: what is missing, by when, and what happens otherwise.
struct InformationRequest {
  std::vector<MissingItem> missing;
  domain::Date reply_by;
  NeedsInfoConsequence consequence = NeedsInfoConsequence::kDecidedAsIs;
  std::string message;  // the officer's own words with the request, may be empty
};

// rejection: the request for what the application lacked that preceded a decision "as it
// stands" (förvaltningslagen 20 §): when it was made, its reply date, the first supplement after
// it (if any) and what the application still lacks.
struct EarlierInformationRequest {
  domain::Date requested_on;
  domain::Date reply_by;
  std::optional<domain::Date> supplemented_on;
  std::vector<MissingItem> still_missing;
};

// Revocation of a grant under the revocation clause, with a repayment claim (återkrav).
// revocation_dropped: the revocation that had been communicated and is now not pursued
// (original_decision_on: the decision that stands; repayment_sek: the repayment that had been
// considered; repayment_due_on is not used). revocation_annulled: the revocation the court
// annulled (original_decision_on: the decision that applies again; breach: what the revocation
// rested on; repayment_sek and repayment_due_on: the claim that falls; 0 = none).
struct Revocation {
  domain::Date original_decision_on;
  std::string breach;  // what the organisation did or failed to do
  std::int64_t repayment_sek = 0;                   // 0: revoked without a repayment claim (always so for a booking)
  std::optional<domain::Date> repayment_due_on;     // set on the decision when something is to be repaid
};

// revocation_annulled: the court's judgment that annulled the revocation decision.
// decision_annulled: the court's judgment that annulled the decision named by notice_of
// (decided_on not before that decision); revoked_on is not used (ignored, whatever it holds)
// and booking_restored must be nullopt.
struct CourtOutcome {
  std::string court;                             // "Förvaltningsrätten i Göteborg"
  std::optional<std::string> court_case_number;  // "1234-27"; the letter says "mål nr 1234-27"
  domain::Date decided_on;                       // the judgment's date
  domain::Date revoked_on;                       // revocation_annulled: the revocation decision that was annulled
  std::optional<bool> booking_restored;          // revocation_annulled, bookings: whether the time applies again
                                                 // (nullopt for grants, and always for decision_annulled)
};

// decision_annulled uses notice_of, court_outcome, subject and conditions besides the shared
// frame; reasons, advice, revocation_clause, communication, appeal, revocation and
// intended_outcome are not shown and not checked (the court's judgment gives the reasons).
struct LetterModel {
  LetterType type = LetterType::kApproval;
  Language language = Language::kSv;
  bool draft = false;  // a preview of an unissued letter: watermark and banner

  std::string case_number;  // diarienummer
  // The decision's date; for needs_info, kommunicering, revocation_dropped, revocation_annulled
  // and decision_annulled the letter's date.
  domain::Date decision_date;
  Addressee addressee;
  // decision_annulled: amount_granted_sek is the amount the annulled approval of a grant
  // granted (optional; never set for an annulled rejection).
  Subject subject;
  Officer officer;                                  // the deciding (or handling) officer
  std::optional<std::string> delegation_reference;  // nullopt: the config's default
  std::optional<std::string> rule_set_version;      // "sha256:…" of the screening, when there was one

  Reasons reasons;                        // decisions and kommunicering
  std::optional<AdvisorySummary> advice;  // when the case was referred
  std::vector<Condition> conditions;      // approval_with_conditions; kommunicering of such;
                                          // revocation_dropped: the standing decision's open conditions;
                                          // revocation_annulled: the conditions of the decision that
                                          // applies again still to be met (may be overdue);
                                          // decision_annulled: the conditions of the annulled
                                          // approval_with_conditions that lapse with it (may be empty)
  // Approvals: the återkallelseförbehåll of this decision; nullopt: the config's standard clause
  // for grants or bookings in the letter's language. Revocation letters: the clause of the
  // original decision, which the revocation rests on (required). revocation_dropped: the clause
  // the standing decision still carries (nullopt: none is quoted). revocation_annulled: the clause
  // of the decision that applies again (nullopt: none is quoted).
  std::optional<std::string> revocation_clause;
  // Decisions after kommunicering; kommunicering itself; revocation_dropped: the kommunicering
  // of the intended revocation (required; material may be empty).
  std::optional<Communication> communication;
  AppealInfo appeal;                                      // decisions; appeal_notice (required there)
  std::optional<NoticeOf> notice_of;                      // appeal_notice; decision_annulled (required)
  std::optional<InformationRequest> information_request;  // needs_info
  std::optional<EarlierInformationRequest> earlier_request;  // rejection of an incomplete application
  std::optional<IntendedOutcome> intended_outcome;        // kommunicering
  // Revocation; kommunicering of an intended revocation; revocation_dropped and
  // revocation_annulled (required).
  std::optional<Revocation> revocation;
  std::optional<CourtOutcome> court_outcome;  // revocation_annulled, decision_annulled (required)
};

// Every field a letter of this type needs but lacks, and every inconsistency, with the
// field's path ("reasons.officer_reasons"). Empty when the letter can be written.
std::vector<domain::FieldError> Validate(const LetterModel& model);

}  // namespace granska::letters
