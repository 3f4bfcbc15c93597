#pragma once
// The rule-relevant part of one application revision in a compact text form, stored beside
// the verbatim JSON (applications.facts, migration 0006) when an application is submitted
// or supplemented, so that re-screening a million cases decodes ~150 bytes per case
// instead of parsing ~1.5 KB of JSON.
//
// It holds exactly what RuleScreener::GatherFacts takes from the application: the scalar
// facts, the booking's slot, and the keys incidents are matched on (organisation numbers
// with their attribution; normalised names of representatives and speakers, already
// deduplicated the way GatherFacts does it). Names and free text are not kept: no rule
// may read them. Whatever comes from registers (incidents, conditions, overlapping
// bookings, premises capacity) is added by the re-screening's RegisterIndex.
//
// Format (version 1), fields separated by ';', in this order:
//   1;kind;non_profit;statutes;annual_meeting;board;members;resident;aged_7_25;giro;attachments;
//   democracy;information;G;type;amount;from;to;participants;B;premises;start;end;event;public;
//   attendees;speakers;orgs;people
// kind g|b; optional bool ''|0|1; optional date '' or days since 1970-01-01; optional
// integer '' or the number; giro bit 0 bankgiro, bit 1 plusgiro; attachments the
// AttachmentSet bits; G and B 0|1 whether the grant / booking block is present (its fields
// are empty otherwise); premises as <length>:<text>; start and end '' or
// <epoch seconds>@<offset minutes>; orgs comma-separated <10 digits><o|c>; people a run of
// <r|s><length>:<normalised name>.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/application.hpp"
#include "rules/facts.hpp"

namespace granska::workflow {

// An organisation number NNNNNN-NNNN (or its ten digits) as a number; 0 when malformed.
std::uint64_t OrgKey(std::string_view org_number);
// The inverse: NNNNNN-NNNN, as the registers store it.
std::string OrgNumberText(std::uint64_t key);

// The keys incidents are matched on, decoded from a snapshot. Names point into the
// snapshot text, which must outlive this.
struct SnapshotKeys {
  struct Org {
    std::uint64_t key = 0;
    rules::Attribution attribution = rules::Attribution::kOrganisation;
  };
  struct Person {
    std::string_view name;  // normalised (domain::NormalisePersonName), never empty
    rules::Attribution attribution = rules::Attribution::kRepresentative;
  };
  std::uint64_t own_org = 0;  // 0: the application gave no organisation number
  std::vector<Org> orgs;      // own number first when given, then cooperation organisations
  std::vector<Person> people;
  bool has_booking = false;
  bool booking_slot = false;  // both start and end given: overlapping bookings are counted
};

std::string EncodeFactsSnapshot(const domain::Application& app);

// Fills what the snapshot holds into `facts` (resetting everything else that
// GatherFacts would set, keeping the capacity of its vectors and strings for reuse) and
// `keys`. `facts.submitted_on` and the register facts are left for the caller. false when
// the text is not a version 1 snapshot.
bool DecodeFactsSnapshot(std::string_view text, rules::Facts& facts, SnapshotKeys& keys);

}  // namespace granska::workflow
