#pragma once
// Facts: everything a rule may look at about one application, gathered by the workflow
// and handed to the pure engine. A plain struct: fill what you know, leave optionals
// empty for what the applicant did not give.
//
// How to fill it (the workflow's screen use case, from the stored application):
//   kind, submitted_on           the application's kind and the day it was submitted
//                                (all windows count back from this day)
//   organisation.*               the organisation block of the application; the
//                                has_bankgiro/has_plusgiro bools say whether a number was given
//   grant / booking              only the one matching `kind` is read
//   booking.overlapping_bookings pending or approved bookings of the same premises whose
//                                time overlaps this one (excluding this application)
//   booking.premises_capacity    the premises' capacity, empty when unknown
//   attachments                  Add(kind) for every attachment given
//   declarations.*               as given; empty when the applicant did not answer
//   incidents                    register entries attributable to the applicant: subject is
//                                its organisation number (attribution kOrganisation), a
//                                cooperation organisation named in the application
//                                (kCooperationOrganisation), the contact or a board member
//                                matched on a normalised name (kRepresentative), or, for a
//                                booking, an announced speaker (kSpeaker). Pass them all,
//                                verified or not, old or new: the rules decide.
//   revocations                  earlier revocations of the organisation's support
//   conditions                   the organisation's follow-up conditions on earlier cases
//                                (any status; the rules look for overdue and breached)
//   text                         names and free text. They are here so that the schema
//                                knows them and the compiler can refuse any rule that
//                                reads them; no rule can. Filling them is optional.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/vocabulary.hpp"

namespace granska::rules {

using domain::Date;

// Who an incident's subject is in relation to the applicant.
enum class Attribution { kOrganisation, kCooperationOrganisation, kRepresentative, kSpeaker };
inline constexpr domain::NameTable<Attribution, 4> kAttributions{
    {{Attribution::kOrganisation, "organisation"},
     {Attribution::kCooperationOrganisation, "cooperation_organisation"},
     {Attribution::kRepresentative, "representative"},
     {Attribution::kSpeaker, "speaker"}}};
GRANSKA_VOCABULARY(Attribution, kAttributions)

// A follow-up condition's status (shared/api.md, "Conditions and audits").
enum class ConditionStatus { kPending, kFulfilled, kOverdue, kBreached, kWaived };
inline constexpr domain::NameTable<ConditionStatus, 5> kConditionStatuses{
    {{ConditionStatus::kPending, "pending"},
     {ConditionStatus::kFulfilled, "fulfilled"},
     {ConditionStatus::kOverdue, "overdue"},
     {ConditionStatus::kBreached, "breached"},
     {ConditionStatus::kWaived, "waived"}}};
GRANSKA_VOCABULARY(ConditionStatus, kConditionStatuses)

// A set of attachment kinds as a bitmask.
class AttachmentSet {
 public:
  AttachmentSet() = default;
  AttachmentSet(std::initializer_list<domain::AttachmentKind> kinds) {
    for (auto k : kinds) Add(k);
  }
  void Add(domain::AttachmentKind k) { bits_ |= Bit(k); }
  bool Has(domain::AttachmentKind k) const { return (bits_ & Bit(k)) != 0; }
  std::uint32_t Bits() const { return bits_; }
  friend bool operator==(AttachmentSet, AttachmentSet) = default;

 private:
  static std::uint32_t Bit(domain::AttachmentKind k) { return 1u << static_cast<unsigned>(k); }
  std::uint32_t bits_ = 0;
};

struct IncidentFact {
  domain::IncidentKind kind = domain::IncidentKind::kViolence;
  Date occurred_on;
  bool verified = false;
  domain::IncidentSource source = domain::IncidentSource::kOther;
  std::string reference;  // e.g. "Göteborgs tingsrätt B 1234-25"; shown in explanations
  Attribution attribution = Attribution::kOrganisation;
  bool distanced = false;     // the organisation has publicly distanced itself from the act
  std::string subject_label;  // who the subject is, for display only; no rule may read it
};

struct RevocationFact {
  Date revoked_on;
  bool democracy_reason = false;  // revoked for breach of the democracy conditions
  std::string case_number;        // shown in explanations
};

struct ConditionFact {
  ConditionStatus status = ConditionStatus::kPending;
  Date due;
  std::string case_number;  // shown in explanations
};

struct OrganisationFacts {
  std::optional<bool> registered_non_profit;
  std::optional<Date> statutes_adopted;
  std::optional<Date> last_annual_meeting;
  std::optional<std::int64_t> board_size;
  std::optional<std::int64_t> member_count;
  std::optional<std::int64_t> members_resident;
  std::optional<std::int64_t> members_aged_7_25;
  bool has_bankgiro = false;
  bool has_plusgiro = false;
};

struct GrantFacts {
  domain::GrantType type = domain::GrantType::kActivity;
  std::optional<std::int64_t> amount_sek;
  std::optional<Date> period_from;
  std::optional<Date> period_to;
  std::optional<std::int64_t> expected_participants;
};

struct BookingFacts {
  std::string premises_id;
  domain::Instant start;
  domain::Instant end;
  domain::EventType event_type = domain::EventType::kOther;  // known but not readable by rules
  bool is_public = false;
  std::optional<std::int64_t> expected_attendees;
  std::int64_t speaker_count = 0;
  std::int64_t overlapping_bookings = 0;          // pending/approved bookings overlapping the slot
  std::optional<std::int64_t> premises_capacity;  // empty when the premises has none recorded
};

struct DeclarationFacts {
  std::optional<bool> democracy_conditions_accepted;
  std::optional<bool> information_true;
};

// Names and free text. Never readable by a rule (the compiler refuses it); carried only
// so that a test can show that changing them changes nothing.
struct TextFacts {
  std::string organisation_name;
  std::string organisation_description;
  std::string purpose;  // grant.purpose or booking.purpose
  std::string contact_name;
  std::vector<std::string> board_names;
  std::vector<std::string> speaker_names;
};

struct Facts {
  domain::ApplicationKind kind = domain::ApplicationKind::kGrant;
  Date submitted_on;
  OrganisationFacts organisation;
  GrantFacts grant;      // read when kind == kGrant
  BookingFacts booking;  // read when kind == kBooking
  AttachmentSet attachments;
  DeclarationFacts declarations;
  std::vector<IncidentFact> incidents;
  std::vector<RevocationFact> revocations;
  std::vector<ConditionFact> conditions;
  TextFacts text;
};

}  // namespace granska::rules
