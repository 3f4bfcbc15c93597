#include "synthetic_applications.hpp"

#include <array>

namespace granska::bench {
namespace {

using domain::Date;

// splitmix64: small, fast and the same on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Next() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Chance(int percent) { return static_cast<int>(Next() % 100) < percent; }

 private:
  std::uint64_t state_;
};

constexpr std::array<std::int64_t, 5> kCaps{200000, 150000, 300000, 10000, 50000};

Date DaysBefore(Date d, std::int64_t n) { return d.AddDays(-static_cast<std::int32_t>(n)); }

// A date around a window's edge now and then, otherwise anywhere in [0, max_days] before.
Date PastDate(Random& r, Date submitted, std::int64_t max_days, int edge_years) {
  if (r.Chance(5)) {
    const Date edge = submitted.AddYears(-edge_years);
    return edge.AddDays(static_cast<std::int32_t>(r.Between(-1, 1)));
  }
  return DaysBefore(submitted, r.Between(0, max_days));
}

}  // namespace

std::vector<rules::Facts> SyntheticApplications(std::size_t count, std::uint64_t seed) {
  Random r(seed);
  std::vector<rules::Facts> out;
  out.reserve(count);
  const Date start = *Date::Parse("2025-01-01");
  for (std::size_t i = 0; i < count; ++i) {
    rules::Facts f;
    f.kind = r.Chance(65) ? domain::ApplicationKind::kGrant : domain::ApplicationKind::kBooking;
    f.submitted_on = start.AddDays(static_cast<std::int32_t>(r.Between(0, 729)));
    auto& o = f.organisation;
    if (int p = static_cast<int>(r.Between(0, 99)); p < 95) o.registered_non_profit = true;
    else if (p < 98) o.registered_non_profit = false;
    if (r.Chance(97)) o.statutes_adopted = f.submitted_on.AddDays(-static_cast<std::int32_t>(r.Between(30, 9000)));
    if (r.Chance(97)) {
      if (r.Chance(5)) o.last_annual_meeting = f.submitted_on.AddMonths(-15).AddDays(static_cast<std::int32_t>(r.Between(-1, 1)));
      else o.last_annual_meeting = DaysBefore(f.submitted_on, r.Between(0, 620));
    }
    o.board_size = r.Chance(5) ? r.Between(1, 2) : r.Between(3, 9);
    o.member_count = r.Chance(8) ? r.Between(3, 9) : r.Between(10, 500);
    o.members_resident = *o.member_count * r.Between(30, 100) / 100;
    o.members_aged_7_25 = r.Between(0, *o.member_count);
    const int giro = static_cast<int>(r.Between(0, 99));
    o.has_bankgiro = giro < 85;
    o.has_plusgiro = giro >= 85 && giro < 95;
    if (f.kind == domain::ApplicationKind::kGrant) {
      f.grant.type = static_cast<domain::GrantType>(r.Between(0, 4));
      const auto cap = kCaps[static_cast<std::size_t>(f.grant.type)];
      f.grant.amount_sek = r.Chance(5) ? cap + r.Between(0, 1) : r.Between(1000, cap * 12 / 10);
      f.grant.period_from = f.submitted_on.AddMonths(2);
      f.grant.period_to = f.submitted_on.AddMonths(14);
      f.grant.expected_participants = r.Between(5, 300);
    } else {
      auto& b = f.booking;
      b.premises_id = "room-" + std::to_string(r.Between(1, 40));
      const std::int64_t at = (f.submitted_on.Days() + r.Between(7, 120)) * 86400LL + 18 * 3600;
      b.start = domain::Instant::FromEpochSeconds(at - 3600, 60);
      b.end = domain::Instant::FromEpochSeconds(at + 2 * 3600, 60);
      b.event_type = static_cast<domain::EventType>(r.Between(0, 6));
      b.is_public = r.Chance(50);
      b.overlapping_bookings = r.Chance(90) ? 0 : r.Between(1, 2);
      const std::int64_t capacity = r.Between(30, 400);
      if (r.Chance(95)) b.premises_capacity = capacity;
      b.expected_attendees = r.Chance(3) ? capacity : r.Between(10, capacity * 11 / 10);
      b.speaker_count = r.Between(0, 3);
    }
    for (int k = 0; k < 8; ++k)
      if (r.Chance(90)) f.attachments.Add(static_cast<domain::AttachmentKind>(k));
    if (int p = static_cast<int>(r.Between(0, 99)); p < 95) f.declarations.democracy_conditions_accepted = true;
    else if (p < 98) f.declarations.democracy_conditions_accepted = false;
    f.declarations.information_true = true;
    if (!r.Chance(60)) {
      const auto n = r.Between(1, 4);
      for (std::int64_t k = 0; k < n; ++k) {
        rules::IncidentFact inc;
        inc.kind = static_cast<domain::IncidentKind>(r.Between(0, 7));
        inc.occurred_on = PastDate(r, f.submitted_on, 8 * 366, inc.kind == domain::IncidentKind::kRentalBreach ? 2 : 5);
        inc.verified = r.Chance(60);
        inc.source = static_cast<domain::IncidentSource>(r.Between(0, 5));
        const int a = static_cast<int>(r.Between(0, 99));
        inc.attribution = a < 50   ? rules::Attribution::kOrganisation
                          : a < 65 ? rules::Attribution::kCooperationOrganisation
                          : a < 90 ? rules::Attribution::kRepresentative
                                   : rules::Attribution::kSpeaker;
        inc.distanced = r.Chance(10);
        inc.reference = "REF-" + std::to_string(r.Between(1000, 9999));
        f.incidents.push_back(std::move(inc));
      }
    }
    if (r.Chance(5)) {
      rules::RevocationFact rev;
      rev.revoked_on = PastDate(r, f.submitted_on, 8 * 366, 5);
      rev.democracy_reason = r.Chance(50);
      rev.case_number = "2020-" + std::to_string(r.Between(10000, 99999));
      f.revocations.push_back(std::move(rev));
    }
    if (r.Chance(20)) {
      const auto n = r.Between(1, 3);
      for (std::int64_t k = 0; k < n; ++k) {
        rules::ConditionFact c;
        c.status = static_cast<rules::ConditionStatus>(r.Between(0, 4));
        c.due = DaysBefore(f.submitted_on, r.Between(-200, 700));
        c.case_number = "2024-" + std::to_string(r.Between(10000, 99999));
        f.conditions.push_back(std::move(c));
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

namespace {
template <typename T>
void OptInt(std::ostream& o, const char* key, const std::optional<T>& v, bool& first) {
  if (!v) return;
  o << (first ? "" : ",") << '"' << key << "\":" << *v;
  first = false;
}
void OptDate(std::ostream& o, const char* key, const std::optional<Date>& v, bool& first) {
  if (!v) return;
  o << (first ? "" : ",") << '"' << key << "\":\"" << v->ToString() << '"';
  first = false;
}
void OptBool(std::ostream& o, const char* key, const std::optional<bool>& v, bool& first) {
  if (!v) return;
  o << (first ? "" : ",") << '"' << key << "\":" << (*v ? "true" : "false");
  first = false;
}
}  // namespace

void WriteJsonLine(std::ostream& o, const rules::Facts& f, const char* recommendation,
                   const std::vector<const char*>& triggered) {
  o << "{\"kind\":\"" << domain::ToString(f.kind) << "\",\"submitted_on\":\"" << f.submitted_on.ToString() << '"';
  o << ",\"organisation\":{";
  bool first = true;
  const auto& org = f.organisation;
  OptBool(o, "registered_non_profit", org.registered_non_profit, first);
  OptDate(o, "statutes_adopted", org.statutes_adopted, first);
  OptDate(o, "last_annual_meeting", org.last_annual_meeting, first);
  OptInt(o, "board_size", org.board_size, first);
  OptInt(o, "member_count", org.member_count, first);
  OptInt(o, "members_resident", org.members_resident, first);
  OptInt(o, "members_aged_7_25", org.members_aged_7_25, first);
  o << (first ? "" : ",") << "\"has_bankgiro\":" << (org.has_bankgiro ? "true" : "false")
    << ",\"has_plusgiro\":" << (org.has_plusgiro ? "true" : "false") << '}';
  if (f.kind == domain::ApplicationKind::kGrant) {
    o << ",\"grant\":{\"type\":\"" << domain::ToString(f.grant.type) << '"';
    first = false;
    OptInt(o, "amount_sek", f.grant.amount_sek, first);
    o << '}';
  } else {
    const auto& b = f.booking;
    o << ",\"booking\":{\"premises_id\":\"" << b.premises_id << "\",\"start\":\"" << b.start.ToString()
      << "\",\"end\":\"" << b.end.ToString() << "\",\"event_type\":\"" << domain::ToString(b.event_type)
      << "\",\"public\":" << (b.is_public ? "true" : "false") << ",\"speaker_count\":" << b.speaker_count
      << ",\"overlapping_bookings\":" << b.overlapping_bookings;
    first = false;
    OptInt(o, "expected_attendees", b.expected_attendees, first);
    o << "},\"premises\":{";
    first = true;
    OptInt(o, "capacity", b.premises_capacity, first);
    o << '}';
  }
  o << ",\"attachments\":[";
  first = true;
  for (const auto& [kind, name] : domain::kAttachmentKinds)
    if (f.attachments.Has(kind)) {
      o << (first ? "" : ",") << '"' << name << '"';
      first = false;
    }
  o << "],\"declarations\":{";
  first = true;
  OptBool(o, "democracy_conditions_accepted", f.declarations.democracy_conditions_accepted, first);
  OptBool(o, "information_true", f.declarations.information_true, first);
  o << "},\"incidents\":[";
  for (std::size_t k = 0; k < f.incidents.size(); ++k) {
    const auto& i = f.incidents[k];
    o << (k ? "," : "") << "{\"kind\":\"" << domain::ToString(i.kind) << "\",\"occurred_on\":\""
      << i.occurred_on.ToString() << "\",\"verified\":" << (i.verified ? "true" : "false") << ",\"source\":\""
      << domain::ToString(i.source) << "\",\"attribution\":\"" << rules::ToString(i.attribution)
      << "\",\"distanced\":" << (i.distanced ? "true" : "false") << ",\"reference\":\"" << i.reference << "\"}";
  }
  o << "],\"revocations\":[";
  for (std::size_t k = 0; k < f.revocations.size(); ++k) {
    const auto& r = f.revocations[k];
    o << (k ? "," : "") << "{\"revoked_on\":\"" << r.revoked_on.ToString()
      << "\",\"democracy_reason\":" << (r.democracy_reason ? "true" : "false") << '}';
  }
  o << "],\"conditions\":[";
  for (std::size_t k = 0; k < f.conditions.size(); ++k) {
    const auto& c = f.conditions[k];
    o << (k ? "," : "") << "{\"status\":\"" << rules::ToString(c.status) << "\",\"due\":\"" << c.due.ToString()
      << "\"}";
  }
  o << "],\"expect\":{\"recommendation\":\"" << recommendation << "\",\"triggered\":[";
  for (std::size_t k = 0; k < triggered.size(); ++k) o << (k ? "," : "") << '"' << triggered[k] << '"';
  o << "]}}\n";
}

}  // namespace granska::bench
