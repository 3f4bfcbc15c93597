#include "workflow/register_index.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "domain/org_number.hpp"
#include "domain/person_name.hpp"

namespace granska::workflow {

std::uint32_t RegisterIndex::Append(std::string_view s) {
  if (finished_) throw std::logic_error("RegisterIndex: Add after Finish");
  if (text_.size() + s.size() > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("RegisterIndex: registers over 4 GiB of text");
  const auto at = static_cast<std::uint32_t>(text_.size());
  text_.append(s);
  return at;
}

void RegisterIndex::Reserve(std::size_t incidents, std::size_t conditions, std::size_t text_bytes) {
  incidents_.reserve(incidents_.size() + incidents);
  conditions_.reserve(conditions_.size() + conditions);
  text_.reserve(text_.size() + text_bytes);
}

void RegisterIndex::AddIncident(std::int64_t id, std::string_view subject_org, std::string_view subject_person,
                                std::string_view subject_person_norm, domain::IncidentKind kind,
                                domain::Date occurred_on, domain::IncidentSource source, bool verified, bool distanced,
                                std::string_view reference) {
  Incident i{};
  i.id = id;
  i.occurred_on = occurred_on.Days();
  i.kind = static_cast<std::uint8_t>(kind);
  i.source = static_cast<std::uint8_t>(source);
  i.verified = verified;
  i.distanced = distanced;
  std::optional<domain::OrgNumber> org;
  std::string recomputed;
  if (!subject_org.empty()) {
    // The per-case path reads the number back through OrgNumber::Parse: one that does
    // not parse (a wrong check digit) matches no applicant, whose numbers always do.
    org = domain::OrgNumber::Parse(subject_org);
    if (!org) return;
  } else {
    // Found by the stored normalised name, attributed by the name normalised now.
    if (subject_person_norm.empty()) return;
    recomputed = domain::NormalisePersonName(subject_person);
  }
  i.text = Append(reference);
  i.reference_size = static_cast<std::uint32_t>(reference.size());
  if (org) {
    i.by_org = true;
    i.org_key = OrgKey(org->Text());
    i.label_size = static_cast<std::uint32_t>(org->Text().size());
    Append(org->Text());
  } else {
    i.label_size = static_cast<std::uint32_t>(subject_person.size());
    Append(subject_person);
    i.norm_size = static_cast<std::uint32_t>(subject_person_norm.size());
    Append(subject_person_norm);
    i.norm_consistent = recomputed == subject_person_norm;
    if (!i.norm_consistent) {
      i.recomputed_size = static_cast<std::uint32_t>(recomputed.size());
      Append(recomputed);
    }
  }
  incidents_.push_back(i);
}

void RegisterIndex::AddCondition(std::int64_t id, std::string_view org_number, std::int64_t case_id,
                                 std::string_view case_number, rules::ConditionStatus status, domain::Date due) {
  Condition c{};
  c.id = id;
  c.case_id = case_id;
  c.org_key = OrgKey(org_number);
  c.due = due.Days();
  c.status = static_cast<std::uint8_t>(status);
  c.case_number = Append(case_number);
  c.case_number_size = static_cast<std::uint32_t>(case_number.size());
  conditions_.push_back(c);
}

void RegisterIndex::AddRevocation(std::int64_t id, std::string_view org_number, domain::Date revoked_on,
                                  bool democracy_reason, std::string_view case_number) {
  Revocation r{};
  r.id = id;
  r.org_key = OrgKey(org_number);
  r.revoked_on = revoked_on.Days();
  r.democracy_reason = democracy_reason;
  r.case_number = Append(case_number);
  r.case_number_size = static_cast<std::uint32_t>(case_number.size());
  revocations_.push_back(r);
}

void RegisterIndex::AddPremises(std::string_view id, std::int64_t capacity) {
  auto it = premises_.find(id);
  if (it == premises_.end()) it = premises_.emplace(std::string(id), Premises{}).first;
  it->second.capacity = capacity;
}

void RegisterIndex::AddBooking(std::string_view premises_id, std::int64_t start, std::int64_t end, std::int64_t case_id,
                               bool approved) {
  auto it = premises_.find(premises_id);
  if (it == premises_.end()) it = premises_.emplace(std::string(premises_id), Premises{}).first;
  it->second.slots.push_back(Slot{start, end, case_id, approved});
  it->second.longest = std::max(it->second.longest, end - start);
  ++booking_count_;
}

void RegisterIndex::Finish() {
  finished_ = true;
  // Views into text_ are kept from here on: it must not move any more.
  if (text_.capacity() > text_.size() + text_.size() / 8) text_.shrink_to_fit();
  if (incidents_.capacity() > incidents_.size() + incidents_.size() / 8) incidents_.shrink_to_fit();
  if (conditions_.capacity() > conditions_.size() + conditions_.size() / 8) conditions_.shrink_to_fit();
  by_org_.reserve(incidents_.size() / 2);
  conditions_by_org_.reserve(conditions_.size() / 2);

  // Incidents: organisations grouped by number, persons by stored normalised name, each
  // group newest first (then by id), the order the per-case query returns them in.
  std::sort(incidents_.begin(), incidents_.end(), [&](const Incident& a, const Incident& b) {
    if (a.by_org != b.by_org) return a.by_org;
    if (a.by_org) {
      if (a.org_key != b.org_key) return a.org_key < b.org_key;
    } else if (const auto x = Norm(a), y = Norm(b); x != y) {
      return x < y;
    }
    return a.occurred_on != b.occurred_on ? a.occurred_on > b.occurred_on : a.id < b.id;
  });
  for (std::size_t i = 0; i < incidents_.size();) {
    const Incident& first = incidents_[i];
    std::size_t j = i + 1;
    while (j < incidents_.size() && incidents_[j].by_org == first.by_org &&
           (first.by_org ? incidents_[j].org_key == first.org_key : Norm(incidents_[j]) == Norm(first)))
      ++j;
    const Range range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i)};
    if (first.by_org)
      by_org_.emplace(first.org_key, range);
    else
      by_person_.emplace(Norm(first), range);
    i = j;
  }

  std::sort(conditions_.begin(), conditions_.end(), [](const Condition& a, const Condition& b) {
    return a.org_key != b.org_key ? a.org_key < b.org_key : a.id < b.id;
  });
  for (std::size_t i = 0; i < conditions_.size();) {
    std::size_t j = i + 1;
    while (j < conditions_.size() && conditions_[j].org_key == conditions_[i].org_key) ++j;
    conditions_by_org_.emplace(conditions_[i].org_key,
                               Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i)});
    i = j;
  }

  // Revocations by organisation, each group by id: the order the per-case query returns.
  std::sort(revocations_.begin(), revocations_.end(), [](const Revocation& a, const Revocation& b) {
    return a.org_key != b.org_key ? a.org_key < b.org_key : a.id < b.id;
  });
  for (std::size_t i = 0; i < revocations_.size();) {
    std::size_t j = i + 1;
    while (j < revocations_.size() && revocations_[j].org_key == revocations_[i].org_key) ++j;
    revocations_by_org_.emplace(revocations_[i].org_key,
                                Range{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j - i)});
    i = j;
  }

  for (auto& [id, p] : premises_) {
    p.slots.shrink_to_fit();
    std::sort(p.slots.begin(), p.slots.end(), [](const Slot& a, const Slot& b) { return a.start < b.start; });
  }
}

std::int64_t RegisterIndex::CountOverlaps(const Premises& p, std::int64_t start, std::int64_t end,
                                          std::int64_t case_id) const {
  // Bookings with b.start < end and b.end > start start in [start - longest, end): a binary
  // search to the first, then the few of that window (a booking lasts at most a month).
  auto it = std::lower_bound(p.slots.begin(), p.slots.end(), start - p.longest,
                             [](const Slot& slot, std::int64_t v) { return slot.start < v; });
  std::int64_t n = 0;
  for (; it != p.slots.end() && it->start < end; ++it)
    if (it->end > start && it->case_id != case_id && (it->approved || it->case_id < case_id)) ++n;
  return n;
}

void RegisterIndex::Gather(const GatherContext& c, const SnapshotKeys& keys, bool full, rules::Facts& facts,
                           GatherScratch& scratch) const {
  facts.submitted_on = c.submitted_on;

  if (keys.has_booking) {
    auto& b = facts.booking;
    auto it = premises_.find(std::string_view(b.premises_id));
    if (it != premises_.end()) {
      b.premises_capacity = it->second.capacity;
      if (keys.booking_slot)
        b.overlapping_bookings = CountOverlaps(it->second, b.start.EpochSeconds(), b.end.EpochSeconds(), c.case_id);
    }
  }

  // Incidents by subject, then in the register's order: newest first, then by id. Each
  // remembers the attribution of the key it was found by.
  scratch.clear();
  for (const auto& org : keys.orgs) {
    auto it = by_org_.find(org.key);
    if (it == by_org_.end()) continue;
    for (std::uint32_t k = 0; k < it->second.count; ++k) scratch.push_back({it->second.first + k, org.attribution});
  }
  for (const auto& person : keys.people) {
    auto it = by_person_.find(person.name);
    if (it == by_person_.end()) continue;
    for (std::uint32_t k = 0; k < it->second.count; ++k) scratch.push_back({it->second.first + k, person.attribution});
  }
  if (scratch.size() > 1)
    std::sort(scratch.begin(), scratch.end(),
              [&](const GatherScratch::value_type& a, const GatherScratch::value_type& b) {
                const Incident& x = incidents_[a.index];
                const Incident& y = incidents_[b.index];
                return x.occurred_on != y.occurred_on ? x.occurred_on > y.occurred_on : x.id < y.id;
              });
  std::size_t n = 0;
  for (const auto& found : scratch) {
    const Incident& i = incidents_[found.index];
    rules::Attribution attribution = found.attribution;
    const std::string_view label = Text(i.text + i.reference_size, i.label_size);
    if (!i.by_org && !i.norm_consistent) {
      // Found by the stored normalised name but attributed, as GatherFacts does, by the
      // name normalised now; left out when that is none of the applicant's.
      const std::string_view name = Text(i.text + i.reference_size + i.label_size + i.norm_size, i.recomputed_size);
      bool matched = false;
      for (const auto& person : keys.people)
        if (person.name == name) {
          attribution = person.attribution;
          matched = true;
          break;
        }
      if (!matched) continue;
    }
    if (facts.incidents.size() <= n) facts.incidents.emplace_back();
    rules::IncidentFact& fact = facts.incidents[n++];
    fact.kind = static_cast<domain::IncidentKind>(i.kind);
    fact.occurred_on = domain::Date::FromDays(i.occurred_on);
    fact.verified = i.verified;
    fact.source = static_cast<domain::IncidentSource>(i.source);
    fact.distanced = i.distanced;
    fact.attribution = attribution;
    if (full) {
      fact.reference.assign(Text(i.text, i.reference_size));
      fact.subject_label.assign(label);
    } else {
      fact.reference.clear();
      fact.subject_label.clear();
    }
  }
  facts.incidents.resize(n);

  facts.conditions.clear();
  if (keys.own_org != 0) {
    auto it = conditions_by_org_.find(keys.own_org);
    if (it != conditions_by_org_.end()) {
      for (std::uint32_t k = 0; k < it->second.count; ++k) {
        const Condition& cond = conditions_[it->second.first + k];
        if (cond.case_id == c.case_id) continue;
        rules::ConditionFact& fact = facts.conditions.emplace_back();
        fact.status = static_cast<rules::ConditionStatus>(cond.status);
        fact.due = domain::Date::FromDays(cond.due);
        if (full) fact.case_number.assign(Text(cond.case_number, cond.case_number_size));
      }
    }
  }
  // Revocations that stand, of any of the organisation's cases (as GatherFacts: DV-5).
  facts.revocations.clear();
  if (keys.own_org != 0) {
    auto it = revocations_by_org_.find(keys.own_org);
    if (it != revocations_by_org_.end()) {
      for (std::uint32_t k = 0; k < it->second.count; ++k) {
        const Revocation& r = revocations_[it->second.first + k];
        rules::RevocationFact& fact = facts.revocations.emplace_back();
        fact.revoked_on = domain::Date::FromDays(r.revoked_on);
        fact.democracy_reason = r.democracy_reason;
        if (full) fact.case_number.assign(Text(r.case_number, r.case_number_size));
      }
    }
  }
}

std::size_t RegisterIndex::MemoryBytes() const {
  // Hash map nodes: the value, the next pointer and the malloc header; plus the buckets.
  auto map_bytes = [](const auto& m, std::size_t value) { return m.size() * (value + 16) + m.bucket_count() * 8; };
  std::size_t bytes = text_.capacity() + incidents_.capacity() * sizeof(Incident) +
                      conditions_.capacity() * sizeof(Condition) + revocations_.capacity() * sizeof(Revocation) +
                      map_bytes(revocations_by_org_, 16) + map_bytes(by_org_, 16) + map_bytes(by_person_, 32) +
                      map_bytes(conditions_by_org_, 16);
  for (const auto& [id, p] : premises_) bytes += id.capacity() + p.slots.capacity() * sizeof(p.slots[0]) + 64;
  return bytes;
}

}  // namespace granska::workflow
