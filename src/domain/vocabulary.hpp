#pragma once
// The closed vocabularies of the contract (shared/api.md) as enums, each with a
// parse (nullopt for an unknown word) and the wire name.
#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace granska::domain {

template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
constexpr std::optional<E> ParseName(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}

template <typename E, std::size_t N>
constexpr std::string_view NameOf(const NameTable<E, N>& table, E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "?";
}

#define GRANSKA_VOCABULARY(Enum, Table)                                                              \
  inline std::optional<Enum> Parse##Enum(std::string_view s) { return ::granska::domain::ParseName(Table, s); }        \
  inline std::string_view ToString(Enum e) { return ::granska::domain::NameOf(Table, e); }                             \
  inline constexpr auto& All##Enum##s() { return Table; }

enum class ApplicationKind { kGrant, kBooking };
inline constexpr NameTable<ApplicationKind, 2> kApplicationKinds{
    {{ApplicationKind::kGrant, "grant"}, {ApplicationKind::kBooking, "booking"}}};
GRANSKA_VOCABULARY(ApplicationKind, kApplicationKinds)

enum class GrantType { kActivity, kProject, kPremises, kStart, kEvent };
inline constexpr NameTable<GrantType, 5> kGrantTypes{{{GrantType::kActivity, "activity"},
                                                      {GrantType::kProject, "project"},
                                                      {GrantType::kPremises, "premises"},
                                                      {GrantType::kStart, "start"},
                                                      {GrantType::kEvent, "event"}}};
GRANSKA_VOCABULARY(GrantType, kGrantTypes)

enum class EventType { kMeeting, kLecture, kSport, kCelebration, kReligiousService, kPublicEvent, kOther };
inline constexpr NameTable<EventType, 7> kEventTypes{{{EventType::kMeeting, "meeting"},
                                                      {EventType::kLecture, "lecture"},
                                                      {EventType::kSport, "sport"},
                                                      {EventType::kCelebration, "celebration"},
                                                      {EventType::kReligiousService, "religious_service"},
                                                      {EventType::kPublicEvent, "public_event"},
                                                      {EventType::kOther, "other"}}};
GRANSKA_VOCABULARY(EventType, kEventTypes)

enum class AttachmentKind {
  kStatutes,
  kAnnualReport,
  kFinancialStatement,
  kBudget,
  kActivityPlan,
  kMemberList,
  kAuditReport,
  kOther
};
inline constexpr NameTable<AttachmentKind, 8> kAttachmentKinds{{{AttachmentKind::kStatutes, "statutes"},
                                                                {AttachmentKind::kAnnualReport, "annual_report"},
                                                                {AttachmentKind::kFinancialStatement, "financial_statement"},
                                                                {AttachmentKind::kBudget, "budget"},
                                                                {AttachmentKind::kActivityPlan, "activity_plan"},
                                                                {AttachmentKind::kMemberList, "member_list"},
                                                                {AttachmentKind::kAuditReport, "audit_report"},
                                                                {AttachmentKind::kOther, "other"}}};
GRANSKA_VOCABULARY(AttachmentKind, kAttachmentKinds)

enum class IncidentKind {
  kViolence,
  kThreat,
  kCoercion,
  kDiscrimination,
  kIncitement,
  kUnlawfulInfluence,
  kRentalBreach,
  kGrantMisuse
};
inline constexpr NameTable<IncidentKind, 8> kIncidentKinds{{{IncidentKind::kViolence, "violence"},
                                                            {IncidentKind::kThreat, "threat"},
                                                            {IncidentKind::kCoercion, "coercion"},
                                                            {IncidentKind::kDiscrimination, "discrimination"},
                                                            {IncidentKind::kIncitement, "incitement"},
                                                            {IncidentKind::kUnlawfulInfluence, "unlawful_influence"},
                                                            {IncidentKind::kRentalBreach, "rental_breach"},
                                                            {IncidentKind::kGrantMisuse, "grant_misuse"}}};
GRANSKA_VOCABULARY(IncidentKind, kIncidentKinds)

enum class IncidentSource { kCourtJudgment, kPoliceReport, kAuthorityDecision, kOwnObservation, kMedia, kOther };
inline constexpr NameTable<IncidentSource, 6> kIncidentSources{
    {{IncidentSource::kCourtJudgment, "court_judgment"},
     {IncidentSource::kPoliceReport, "police_report"},
     {IncidentSource::kAuthorityDecision, "authority_decision"},
     {IncidentSource::kOwnObservation, "own_observation"},
     {IncidentSource::kMedia, "media"},
     {IncidentSource::kOther, "other"}}};
GRANSKA_VOCABULARY(IncidentSource, kIncidentSources)

enum class CaseStatus {
  kNeedsInfo,
  kInReview,
  kReferred,
  kAdvised,
  kCommunicated,
  kDecided,
  kWithdrawn,
  kRevoked,
  kClosed
};
inline constexpr NameTable<CaseStatus, 9> kCaseStatuses{{{CaseStatus::kNeedsInfo, "needs_info"},
                                                         {CaseStatus::kInReview, "in_review"},
                                                         {CaseStatus::kReferred, "referred"},
                                                         {CaseStatus::kAdvised, "advised"},
                                                         {CaseStatus::kCommunicated, "communicated"},
                                                         {CaseStatus::kDecided, "decided"},
                                                         {CaseStatus::kWithdrawn, "withdrawn"},
                                                         {CaseStatus::kRevoked, "revoked"},
                                                         {CaseStatus::kClosed, "closed"}}};
GRANSKA_VOCABULARY(CaseStatus, kCaseStatuses)

enum class Role { kIntake, kCaseOfficer, kAdvisoryMember, kCoordinator, kAuditor, kAdmin };
inline constexpr NameTable<Role, 6> kRoles{{{Role::kIntake, "intake"},
                                            {Role::kCaseOfficer, "case_officer"},
                                            {Role::kAdvisoryMember, "advisory_member"},
                                            {Role::kCoordinator, "coordinator"},
                                            {Role::kAuditor, "auditor"},
                                            {Role::kAdmin, "admin"}}};
GRANSKA_VOCABULARY(Role, kRoles)

// Staff: everyone but the e-service.
inline bool IsStaff(Role r) { return r != Role::kIntake; }

}  // namespace granska::domain
