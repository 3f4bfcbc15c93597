#pragma once
// The registers a screening looks into, read once and held compactly in memory for a
// re-screening: the incident register (by organisation number and by normalised name),
// follow-up conditions (by organisation number), premises capacities and the pending or
// approved bookings of each premises as sorted start and end times.
//
// Together with a facts snapshot (facts_snapshot.hpp) it gathers the same facts as
// RuleScreener::GatherFacts does with one query per register and case, in the same order,
// so that the verdicts and the rendered screening are the same.
//
// Build: Add* in any order (the store reads the registers), then Finish(). After Finish()
// the index is immutable and Gather may be called from several threads at once.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/date.hpp"
#include "domain/vocabulary.hpp"
#include "rules/facts.hpp"
#include "workflow/facts_snapshot.hpp"

namespace granska::workflow {

// What a case contributes to its own fact gathering beyond its application snapshot.
struct GatherContext {
  // BK-1 counts the approved bookings and the pending bookings of earlier cases (lower ids)
  // that overlap; never the case's own.
  std::int64_t case_id = 0;
  domain::Date submitted_on;
};

// Reusable working memory for Gather (one per thread).
struct GatherFound {
  std::uint32_t index;
  rules::Attribution attribution;
};
using GatherScratch = std::vector<GatherFound>;

class RegisterIndex {
 public:
  // Room for what is about to be added (so that building never holds two copies).
  void Reserve(std::size_t incidents, std::size_t conditions, std::size_t text_bytes);
  // An incident: subject_org NNNNNN-NNNN, or a person (as written, and the stored
  // normalised form the register is searched on).
  void AddIncident(std::int64_t id, std::string_view subject_org, std::string_view subject_person,
                   std::string_view subject_person_norm, domain::IncidentKind kind, domain::Date occurred_on,
                   domain::IncidentSource source, bool verified, bool distanced, std::string_view reference);
  // A follow-up condition of a case of the organisation `org_number`.
  void AddCondition(std::int64_t id, std::string_view org_number, std::int64_t case_id, std::string_view case_number,
                    rules::ConditionStatus status, domain::Date due);
  // A revocation that stands (status `revoked`) of a case of the organisation `org_number` (DV-5).
  void AddRevocation(std::int64_t id, std::string_view org_number, domain::Date revoked_on, bool democracy_reason,
                     std::string_view case_number);
  void AddPremises(std::string_view id, std::int64_t capacity);
  // A pending or approved booking of case `case_id`, [start, end) in epoch seconds.
  void AddBooking(std::string_view premises_id, std::int64_t start, std::int64_t end, std::int64_t case_id,
                  bool approved);
  void Finish();

  // Adds to `facts` (decoded from the snapshot, whose `keys` these are) what the registers
  // say: submitted_on, incidents, conditions, revocations, overlapping bookings, premises
  // capacity.
  // `full` also fills the texts explanations show (incident reference and subject,
  // condition and revocation case number); without it those stay empty and nothing is allocated once
  // `facts` has been used a few times.
  void Gather(const GatherContext& c, const SnapshotKeys& keys, bool full, rules::Facts& facts,
              GatherScratch& scratch) const;

  std::size_t IncidentCount() const { return incidents_.size(); }
  std::size_t ConditionCount() const { return conditions_.size(); }
  std::size_t RevocationCount() const { return revocations_.size(); }
  std::size_t BookingCount() const { return booking_count_; }
  std::size_t MemoryBytes() const;

 private:
  // 48 bytes; its texts live in text_.
  struct Incident {
    std::int64_t id;
    std::uint64_t org_key;  // the subject organisation; 0 for a person
    std::int32_t occurred_on;
    std::uint32_t text;  // offset in text_ of reference, label, stored name, recomputed name
    std::uint32_t reference_size;
    std::uint32_t label_size;       // the organisation number, or the person as written
    std::uint32_t norm_size;        // persons: the stored normalised name, the register's search key
    std::uint32_t recomputed_size;  // persons whose stored name is not NormalisePersonName(label) now
    std::uint8_t kind;
    std::uint8_t source;
    bool verified;
    bool distanced;
    bool by_org;
    bool norm_consistent;
  };
  // 40 bytes.
  struct Condition {
    std::int64_t id;
    std::int64_t case_id;
    std::uint64_t org_key;
    std::int32_t due;
    std::uint32_t case_number;  // offset in text_
    std::uint32_t case_number_size;
    std::uint8_t status;
  };
  struct Revocation {
    std::int64_t id;
    std::uint64_t org_key;
    std::int32_t revoked_on;
    std::uint32_t case_number;  // offset in text_
    std::uint32_t case_number_size;
    bool democracy_reason;
  };
  struct Slot {
    std::int64_t start;  // [start, end)
    std::int64_t end;
    std::int64_t case_id;
    bool approved;
  };
  struct Premises {
    std::optional<std::int64_t> capacity;
    std::vector<Slot> slots;   // sorted by start
    std::int64_t longest = 0;  // the longest slot: overlaps of [s, e) start in [s - longest, e)
  };
  struct Range {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };

  std::string_view Text(std::uint32_t offset, std::uint32_t size) const { return {text_.data() + offset, size}; }
  std::string_view Norm(const Incident& i) const { return Text(i.text + i.reference_size + i.label_size, i.norm_size); }
  std::uint32_t Append(std::string_view s);  // into text_; returns the offset
  std::int64_t CountOverlaps(const Premises& p, std::int64_t start, std::int64_t end, std::int64_t case_id) const;

  // Filled in any order, then sorted in place by Finish() (no second copy while building).
  std::string text_;
  std::vector<Incident> incidents_;  // grouped by subject, each group by occurred_on desc, id
  std::unordered_map<std::uint64_t, Range> by_org_;
  std::unordered_map<std::string_view, Range, StringHash, std::equal_to<>> by_person_;  // keys in text_
  std::vector<Condition> conditions_;  // grouped by organisation, each group by id
  std::unordered_map<std::uint64_t, Range> conditions_by_org_;
  std::vector<Revocation> revocations_;  // grouped by organisation, each group by id
  std::unordered_map<std::uint64_t, Range> revocations_by_org_;
  std::unordered_map<std::string, Premises, StringHash, std::equal_to<>> premises_;
  std::size_t booking_count_ = 0;
  bool finished_ = false;
};

}  // namespace granska::workflow
