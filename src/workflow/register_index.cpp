#include "workflow/register_index.hpp"

#include <algorithm>

#include "domain/org_number.hpp"
#include "domain/person_name.hpp"

namespace granska::workflow {

void RegisterIndex::AddIncident(std::int64_t id, std::string_view subject_org, std::string_view subject_person,
                                std::string_view subject_person_norm, domain::IncidentKind kind,
                                domain::Date occurred_on, domain::IncidentSource source, bool verified,
                                bool distanced, std::string_view reference) {
  PendingIncident p{};
  Incident& i = p.incident;
  i.id = id;
  i.occurred_on = occurred_on.Days();
  i.kind = static_cast<std::uint8_t>(kind);
  i.source = static_cast<std::uint8_t>(source);
  i.verified = verified;
  i.distanced = distanced;
  i.text = text_.size();
  i.reference_size = static_cast<std::uint32_t>(reference.size());
  text_.append(reference);
  if (!subject_org.empty()) {
    // The per-case path reads the number back through OrgNumber::Parse: one that does
    // not parse (a wrong check digit) matches no applicant, whose numbers always do.
    auto parsed = domain::OrgNumber::Parse(subject_org);
    if (!parsed) {
      text_.resize(i.text);
      return;
    }
    i.by_org = true;
    i.label_size = static_cast<std::uint32_t>(parsed->Text().size());
    text_.append(parsed->Text());
    p.org_key = OrgKey(parsed->Text());
  } else {
    // Found by the stored normalised name, attributed by the name normalised now.
    if (subject_person_norm.empty()) {
      text_.resize(i.text);
      return;
    }
    i.label_size = static_cast<std::uint32_t>(subject_person.size());
    text_.append(subject_person);
    const std::string recomputed = domain::NormalisePersonName(subject_person);
    i.norm_consistent = recomputed == subject_person_norm;
    if (!i.norm_consistent) {
      i.recomputed_size = static_cast<std::uint32_t>(recomputed.size());
      text_.append(recomputed);
    }
    p.norm = std::string(subject_person_norm);
  }
  pending_incidents_.push_back(std::move(p));
}

void RegisterIndex::AddCondition(std::int64_t id, std::string_view org_number, std::int64_t case_id,
                                 std::string_view case_number, rules::ConditionStatus status, domain::Date due) {
  Condition c{};
  c.id = id;
  c.case_id = case_id;
  c.due = due.Days();
  c.status = static_cast<std::uint8_t>(status);
  c.case_number = text_.size();
  c.case_number_size = static_cast<std::uint32_t>(case_number.size());
  text_.append(case_number);
  pending_conditions_.emplace_back(OrgKey(org_number), c);
}

void RegisterIndex::AddPremises(std::string_view id, std::int64_t capacity) {
  auto it = premises_.find(id);
  if (it == premises_.end()) it = premises_.emplace(std::string(id), Premises{}).first;
  it->second.capacity = capacity;
}

void RegisterIndex::AddBooking(std::string_view premises_id, std::int64_t start, std::int64_t end) {
  auto it = premises_.find(premises_id);
  if (it == premises_.end()) it = premises_.emplace(std::string(premises_id), Premises{}).first;
  it->second.slots.emplace_back(start, end);
  ++booking_count_;
}

void RegisterIndex::Finish() {
  // Incidents: org subjects grouped by number, person subjects by stored normalised name,
  // each group newest first (then by id), the order the per-case query returns them in.
  auto newest_first = [](const Incident& a, const Incident& b) {
    return a.occurred_on != b.occurred_on ? a.occurred_on > b.occurred_on : a.id < b.id;
  };
  std::stable_sort(pending_incidents_.begin(), pending_incidents_.end(),
                   [&](const PendingIncident& a, const PendingIncident& b) {
                     if (a.incident.by_org != b.incident.by_org) return a.incident.by_org;
                     if (a.incident.by_org) {
                       if (a.org_key != b.org_key) return a.org_key < b.org_key;
                     } else if (a.norm != b.norm) {
                       return a.norm < b.norm;
                     }
                     return newest_first(a.incident, b.incident);
                   });
  incidents_.clear();
  incidents_.reserve(pending_incidents_.size());
  std::size_t names_size = 0;
  for (const auto& p : pending_incidents_) names_size += p.norm.size();
  names_.clear();
  names_.reserve(names_size);  // by_person_ keys point into names_: it must not reallocate
  for (std::size_t i = 0; i < pending_incidents_.size();) {
    const auto& first = pending_incidents_[i];
    std::size_t j = i;
    while (j < pending_incidents_.size() && pending_incidents_[j].incident.by_org == first.incident.by_org &&
           (first.incident.by_org ? pending_incidents_[j].org_key == first.org_key
                                  : pending_incidents_[j].norm == first.norm))
      ++j;
    const Range range{static_cast<std::uint32_t>(incidents_.size()), static_cast<std::uint32_t>(j - i)};
    for (std::size_t k = i; k < j; ++k) incidents_.push_back(pending_incidents_[k].incident);
    if (first.incident.by_org) {
      by_org_[first.org_key] = range;
    } else {
      const std::size_t at = names_.size();
      names_.append(first.norm);
      by_person_[std::string_view(names_.data() + at, first.norm.size())] = range;
    }
    i = j;
  }
  pending_incidents_.clear();
  pending_incidents_.shrink_to_fit();

  std::stable_sort(pending_conditions_.begin(), pending_conditions_.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
  });
  conditions_.clear();
  conditions_.reserve(pending_conditions_.size());
  for (std::size_t i = 0; i < pending_conditions_.size();) {
    std::size_t j = i;
    while (j < pending_conditions_.size() && pending_conditions_[j].first == pending_conditions_[i].first) ++j;
    conditions_by_org_[pending_conditions_[i].first] = {static_cast<std::uint32_t>(conditions_.size()),
                                                        static_cast<std::uint32_t>(j - i)};
    for (std::size_t k = i; k < j; ++k) conditions_.push_back(pending_conditions_[k].second);
    i = j;
  }
  pending_conditions_.clear();
  pending_conditions_.shrink_to_fit();

  for (auto& [id, p] : premises_) {
    p.starts.clear();
    p.ends.clear();
    for (const auto& [s, e] : p.slots) {
      p.starts.push_back(s);
      p.ends.push_back(e);
    }
    std::sort(p.starts.begin(), p.starts.end());
    std::sort(p.ends.begin(), p.ends.end());
    std::sort(p.slots.begin(), p.slots.end());
    p.slots.shrink_to_fit();
  }
  text_.shrink_to_fit();
}

std::int64_t RegisterIndex::CountOverlaps(const Premises& p, std::int64_t start, std::int64_t end) const {
  // Bookings with b.start < end and b.end > start. When start < end, every booking that
  // ends at or before `start` also starts before `end`, so the count is
  // #(b.start < end) - #(b.end <= start): two binary searches.
  if (start < end) {
    const auto starting_before_end = std::lower_bound(p.starts.begin(), p.starts.end(), end) - p.starts.begin();
    const auto ended_by_start = std::upper_bound(p.ends.begin(), p.ends.end(), start) - p.ends.begin();
    return starting_before_end - ended_by_start;
  }
  std::int64_t n = 0;
  for (const auto& [s, e] : p.slots)
    if (s < end && e > start) ++n;
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
      if (keys.booking_slot) {
        const std::int64_t start = b.start.EpochSeconds(), end = b.end.EpochSeconds();
        std::int64_t n = CountOverlaps(it->second, start, end);
        if (c.own_booking_active && c.own_premises == b.premises_id && c.own_start < end && c.own_end > start) --n;
        b.overlapping_bookings = n;
      }
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
    for (std::uint32_t k = 0; k < it->second.count; ++k)
      scratch.push_back({it->second.first + k, person.attribution});
  }
  if (scratch.size() > 1)
    std::sort(scratch.begin(), scratch.end(), [&](const GatherScratch::value_type& a, const GatherScratch::value_type& b) {
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
      const std::string_view name = Text(i.text + i.reference_size + i.label_size, i.recomputed_size);
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
  facts.revocations.clear();  // none on record until the revocation flow records them (as GatherFacts)
}

std::size_t RegisterIndex::MemoryBytes() const {
  std::size_t bytes = text_.capacity() + names_.capacity() + incidents_.capacity() * sizeof(Incident) +
                      conditions_.capacity() * sizeof(Condition) +
                      (by_org_.size() + conditions_by_org_.size()) * (sizeof(std::uint64_t) + sizeof(Range) + 16) +
                      by_person_.size() * (sizeof(std::string_view) + sizeof(Range) + 16);
  for (const auto& [id, p] : premises_)
    bytes += id.capacity() + (p.starts.capacity() + p.ends.capacity()) * sizeof(std::int64_t) +
             p.slots.capacity() * sizeof(p.slots[0]);
  return bytes;
}

}  // namespace granska::workflow
