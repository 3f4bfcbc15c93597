#pragma once
// The fact schema: every path a rule can name, its type, and whether a rule may read it.
// Paths mirror the application JSON of shared/api.md ("organisation.member_count").
// Scalars are loaded once per evaluation into numbered slots (a double each, NaN when
// missing); list elements are read field by field.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "rules/facts.hpp"

namespace granska::rules {

enum class ValueType : std::uint8_t { kBool, kInt, kDate, kEnum, kAttachments, kText, kList };
std::string_view ToString(ValueType t);

// Who may read a fact.
enum class Access : std::uint8_t {
  kReadable,      // conditions and explanations
  kTemplateOnly,  // explanations only (identifiers and display labels)
  kFreeText,      // names and free text: never
  kProtected,     // protected characteristics: never
};

// A closed vocabulary with Swedish and English labels for explanations.
struct Vocabulary {
  std::string_view name;
  std::span<const std::string_view> words;  // wire names, index = enum value
  std::span<const std::string_view> sv;
  std::span<const std::string_view> en;
  std::optional<int> Find(std::string_view word) const;
};

enum class ListId : std::uint8_t { kIncidents, kRevocations, kConditions };
inline constexpr int kListCount = 3;

// Scalar slots, filled by LoadSlots.
enum Slot : std::uint8_t {
  kSlotKind,
  kSlotSubmittedOn,
  kSlotRegisteredNonProfit,
  kSlotStatutesAdopted,
  kSlotLastAnnualMeeting,
  kSlotBoardSize,
  kSlotMemberCount,
  kSlotMembersResident,
  kSlotMembersAged7To25,
  kSlotHasBankgiro,
  kSlotHasPlusgiro,
  kSlotGrantType,
  kSlotGrantAmount,
  kSlotGrantPeriodFrom,
  kSlotGrantPeriodTo,
  kSlotGrantExpectedParticipants,
  kSlotBookingStart,
  kSlotBookingEnd,
  kSlotBookingPublic,
  kSlotBookingExpectedAttendees,
  kSlotBookingSpeakerCount,
  kSlotBookingOverlapping,
  kSlotBookingPremisesCapacity,
  kSlotAttachments,
  kSlotDemocracyAccepted,
  kSlotInformationTrue,
  kSlotCount
};

// Fields of list elements.
enum Field : std::uint8_t {
  kFieldIncidentKind,
  kFieldIncidentOccurredOn,
  kFieldIncidentVerified,
  kFieldIncidentSource,
  kFieldIncidentAttribution,
  kFieldIncidentDistanced,
  kFieldRevocationRevokedOn,
  kFieldRevocationDemocracyReason,
  kFieldConditionStatus,
  kFieldConditionDue,
  kFieldCount
};

// Text facts that explanations may show.
enum TextField : std::uint8_t {
  kTextPremisesId,
  kTextEventType,  // booking.event_type, as a label
  kTextIncidentReference,
  kTextIncidentSubjectLabel,
  kTextRevocationCaseNumber,
  kTextConditionCaseNumber,
};

struct FactSpec {
  std::string_view path;
  ValueType type;
  Access access;
  const Vocabulary* vocabulary = nullptr;  // for kEnum
  int index = -1;                          // Slot, Field, TextField or ListId depending on kind
  enum class Kind : std::uint8_t { kScalar, kElementField, kText, kList, kRefused } kind = Kind::kScalar;
  std::optional<ListId> list;  // the list an element field or element text belongs to
  std::string_view note;       // why a refused fact is refused
};

// Looks up a path. For element fields the path starts with the element name
// ("incident.kind"), for lists it is the list name ("incidents").
const FactSpec* FindFact(std::string_view path);
std::span<const FactSpec> AllFacts();

// If the path names a protected characteristic (religion, ethnicity, national origin,
// language, political opinion, sexual orientation, gender, disability, age of members
// other than members_aged_7_25), which one; checked on every segment, so unknown paths
// such as "organisation.board.religion" are caught too.
std::optional<std::string_view> ProtectedCharacteristic(std::string_view path);

std::string_view ListName(ListId id);      // "incidents"
std::string_view ElementName(ListId id);   // "incident"
std::optional<ListId> FindList(std::string_view name);

const Vocabulary& ApplicationKindVocabulary();
const Vocabulary& GrantTypeVocabulary();
const Vocabulary& IncidentKindVocabulary();
const Vocabulary& AttachmentKindVocabulary();
const Vocabulary& EventTypeVocabulary();

// Fills slots[kSlotCount] from the facts; NaN for what is missing or belongs to the
// other kind of application. `booking_dates`: whether to compute booking.start/end (the
// local dates of two instants), which costs divisions; when false they are left NaN.
void LoadSlots(const Facts& facts, double* slots, bool booking_dates = true);

// Reads one element field as a double (enums as their index, dates as days).
[[gnu::always_inline]] inline double ReadField(const void* element, Field f) {
  switch (f) {
    case kFieldIncidentKind: return static_cast<double>(static_cast<const IncidentFact*>(element)->kind);
    case kFieldIncidentOccurredOn: return static_cast<const IncidentFact*>(element)->occurred_on.Days();
    case kFieldIncidentVerified: return static_cast<const IncidentFact*>(element)->verified ? 1.0 : 0.0;
    case kFieldIncidentSource: return static_cast<double>(static_cast<const IncidentFact*>(element)->source);
    case kFieldIncidentAttribution:
      return static_cast<double>(static_cast<const IncidentFact*>(element)->attribution);
    case kFieldIncidentDistanced: return static_cast<const IncidentFact*>(element)->distanced ? 1.0 : 0.0;
    case kFieldRevocationRevokedOn: return static_cast<const RevocationFact*>(element)->revoked_on.Days();
    case kFieldRevocationDemocracyReason:
      return static_cast<const RevocationFact*>(element)->democracy_reason ? 1.0 : 0.0;
    case kFieldConditionStatus: return static_cast<double>(static_cast<const ConditionFact*>(element)->status);
    case kFieldConditionDue: return static_cast<const ConditionFact*>(element)->due.Days();
    case kFieldCount: break;
  }
  return 0.0;
}

// The elements of a list: base pointer, count and element size.
struct ListView {
  const char* data;
  std::size_t size;
  std::size_t stride;
};
inline ListView ViewList(const Facts& f, ListId id) {
  switch (id) {
    case ListId::kIncidents:
      return {reinterpret_cast<const char*>(f.incidents.data()), f.incidents.size(), sizeof(IncidentFact)};
    case ListId::kRevocations:
      return {reinterpret_cast<const char*>(f.revocations.data()), f.revocations.size(), sizeof(RevocationFact)};
    case ListId::kConditions:
      return {reinterpret_cast<const char*>(f.conditions.data()), f.conditions.size(), sizeof(ConditionFact)};
  }
  return {nullptr, 0, 0};
}

// A text fact for explanations; `element` is the witness element for element texts.
std::string ReadText(const Facts& facts, const void* element, TextField f, std::string_view lang);

}  // namespace granska::rules
