#pragma once
// An application as submitted by the e-service (shared/api.md, "An application").
// Built by http/application_parser from JSON; CheckApplication adds the cross-field
// invariants. Facts that intake does not require are optional: their absence is for
// the screening to judge (needs_info), not for intake to refuse.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.hpp"
#include "domain/error.hpp"
#include "domain/org_number.hpp"
#include "domain/vocabulary.hpp"

namespace granska::domain {

struct Person {
  std::string name;
  std::string role;   // board role ("chair", ...); empty for contact and speakers
  std::string email;  // contact only
};

struct Organisation {
  std::optional<OrgNumber> org_number;
  std::string name;
  std::string description;
  std::string municipality;
  std::string district;  // stadsdel/område, for the coordinator's de-identified statistics
  std::optional<bool> registered_non_profit;
  std::optional<Date> statutes_adopted;
  std::optional<Date> last_annual_meeting;
  std::optional<std::int64_t> board_size;
  std::optional<std::int64_t> member_count;
  std::optional<std::int64_t> members_resident;
  std::optional<std::int64_t> members_aged_7_25;
  std::optional<std::string> bankgiro;
  std::optional<std::string> plusgiro;
  std::optional<Person> contact;
  std::vector<Person> board;
  std::vector<OrgNumber> cooperation_organisations;
};

struct GrantRequest {
  GrantType type = GrantType::kActivity;
  std::int64_t amount_sek = 0;
  std::optional<Date> period_from;
  std::optional<Date> period_to;
  std::string purpose;
  std::optional<std::int64_t> expected_participants;
};

struct BookingRequest {
  std::string premises_id;
  std::optional<Instant> start;  // required by intake; optional here so a partly
  std::optional<Instant> end;    // parsed application can still be checked further
  std::string purpose;
  EventType event_type = EventType::kOther;
  bool is_public = false;
  std::optional<std::int64_t> expected_attendees;
  std::vector<Person> speakers;
};

struct Application {
  ApplicationKind kind = ApplicationKind::kGrant;
  Organisation organisation;
  std::optional<GrantRequest> grant;
  std::optional<BookingRequest> booking;
  std::vector<AttachmentKind> attachments;
  std::optional<bool> democracy_conditions_accepted;
  std::optional<bool> information_true;
  // A new application that reopens an earlier, closed case of the same organisation
  // (withdrawn or decided): the new case links to it.
  std::optional<std::int64_t> reopens_case_id;

  bool HasAttachment(AttachmentKind k) const;
  // The applicant's representatives: contact, board members, a booking's speakers.
  std::vector<const Person*> Representatives() const;
};

// The longest one booking may last: a longer hold of a room (a season, a term) is booked as
// several bookings, each screened and decided; one booking over years would hold the room and
// make every later booking of it overlap.
constexpr int kMaxBookingDays = 31;

// Cross-field invariants that do not need the database: end after start (by at most
// kMaxBookingDays), period order, counts that cannot be negative or exceed each other.
// Appends to `errors`.
void CheckApplication(const Application& app, std::vector<FieldError>& errors);

}  // namespace granska::domain
