#include "hand_written_rules.hpp"

namespace granska::bench {
namespace {

using domain::IncidentKind;
using rules::Attribution;
using rules::Verdict;

bool Attributable(const rules::IncidentFact& i, bool booking) {
  return i.attribution != Attribution::kSpeaker || booking;
}

bool IsDemocracyKind(IncidentKind k) {
  return k == IncidentKind::kViolence || k == IncidentKind::kThreat || k == IncidentKind::kCoercion ||
         k == IncidentKind::kDiscrimination || k == IncidentKind::kIncitement || k == IncidentKind::kUnlawfulInfluence;
}

}  // namespace

domain::Recommendation HandWrittenVerdicts(const rules::Facts& f, Verdict* v) {
  const bool booking = f.kind == domain::ApplicationKind::kBooking;
  const int d5 = f.submitted_on.AddYears(-5).Days();
  const int d2 = f.submitted_on.AddYears(-2).Days();
  const int m15 = f.submitted_on.AddMonths(-15).Days();
  bool dv1 = false, dv2 = false, dv3 = false, dv4 = false, dv7 = false, ge12 = false, bk3 = false;
  for (const auto& i : f.incidents) {
    const int on = i.occurred_on.Days();
    if (on < d2 && on < d5) continue;
    const bool in5 = on >= d5;
    if (i.verified && !i.distanced && in5 && Attributable(i, booking)) {
      switch (i.kind) {
        case IncidentKind::kViolence:
        case IncidentKind::kThreat:
        case IncidentKind::kCoercion: dv1 = true; break;
        case IncidentKind::kDiscrimination: dv2 = true; break;
        case IncidentKind::kIncitement: dv3 = true; break;
        case IncidentKind::kUnlawfulInfluence: dv4 = true; break;
        default: break;
      }
    }
    if (in5 && IsDemocracyKind(i.kind) && (!i.verified || i.distanced)) dv7 = true;
    if (in5 && i.verified && i.kind == IncidentKind::kGrantMisuse) ge12 = true;
    if (on >= d2 && i.verified && i.kind == IncidentKind::kRentalBreach && i.attribution != Attribution::kSpeaker)
      bk3 = true;
  }
  bool dv5 = false;
  for (const auto& r : f.revocations)
    if (r.democracy_reason && r.revoked_on.Days() >= d5) dv5 = true;
  const bool dv6 = f.declarations.democracy_conditions_accepted != true;

  auto put = [](bool fired, domain::Outcome o) { return fired ? static_cast<Verdict>(o) : Verdict::kPass; };
  using O = domain::Outcome;
  v[0] = put(dv1, O::kFlag);
  v[1] = put(dv2, O::kFlag);
  v[2] = put(dv3, O::kFlag);
  v[3] = put(dv4, O::kFlag);
  v[4] = put(dv5, O::kFlag);
  v[5] = put(dv6, O::kNeedsInfo);
  v[6] = put(dv7, O::kNote);
  bool ineligible = false, needs_info = dv6;
  const bool flag = dv1 || dv2 || dv3 || dv4 || dv5;
  if (!booking) {
    const auto& o = f.organisation;
    const bool ge1 = o.registered_non_profit != true;
    const bool ge2 = !o.statutes_adopted || !f.attachments.Has(domain::AttachmentKind::kStatutes);
    const bool ge3 = !o.last_annual_meeting || o.last_annual_meeting->Days() < m15;
    const bool ge4 = o.board_size && *o.board_size < 3;
    const bool ge5 = o.member_count && *o.member_count < 10;
    const bool ge6 = o.members_resident && o.member_count && 2 * *o.members_resident < *o.member_count;
    const bool activity = f.grant.type == domain::GrantType::kActivity;
    static constexpr std::int64_t kCaps[] = {200000, 150000, 300000, 10000, 50000};
    const bool ge8 = f.grant.amount_sek && *f.grant.amount_sek > kCaps[static_cast<int>(f.grant.type)];
    const bool ge9_applies = activity || f.grant.type == domain::GrantType::kPremises;
    const bool ge9 = !f.attachments.Has(domain::AttachmentKind::kAnnualReport) ||
                     !f.attachments.Has(domain::AttachmentKind::kFinancialStatement);
    const bool ge10 = !o.has_bankgiro && !o.has_plusgiro;
    bool ge11 = false;
    for (const auto& c : f.conditions)
      if (c.status == rules::ConditionStatus::kOverdue || c.status == rules::ConditionStatus::kBreached) ge11 = true;
    v[7] = put(ge1, O::kIneligible);
    v[8] = put(ge2, O::kNeedsInfo);
    v[9] = put(ge3, O::kNeedsInfo);
    v[10] = put(ge4, O::kIneligible);
    v[11] = put(ge5, O::kIneligible);
    v[12] = put(ge6, O::kIneligible);
    const bool ge7 = activity && o.members_aged_7_25 && *o.members_aged_7_25 < 10;
    v[13] = activity ? put(ge7, O::kIneligible) : Verdict::kNotApplicable;
    v[14] = put(ge8, O::kNeedsInfo);
    v[15] = ge9_applies ? put(ge9, O::kNeedsInfo) : Verdict::kNotApplicable;
    v[16] = put(ge10, O::kNeedsInfo);
    v[17] = put(ge11, O::kNote);
    v[18] = put(ge12, O::kNote);
    for (int k = 19; k < 23; ++k) v[k] = Verdict::kNotApplicable;
    ineligible = ge1 || ge4 || ge5 || ge6 || ge7;
    needs_info = needs_info || ge2 || ge3 || ge8 || (ge9_applies && ge9) || ge10;
  } else {
    const auto& b = f.booking;
    for (int k = 7; k < 19; ++k) v[k] = Verdict::kNotApplicable;
    const bool bk1 = b.overlapping_bookings > 0;
    const bool bk2 = b.expected_attendees && b.premises_capacity && *b.expected_attendees > *b.premises_capacity;
    const bool bk4 = b.is_public && b.expected_attendees && *b.expected_attendees > 150;
    v[19] = put(bk1, O::kIneligible);
    v[20] = put(bk2, O::kIneligible);
    v[21] = put(bk3, O::kNote);
    v[22] = put(bk4, O::kNote);
    ineligible = bk1 || bk2;
  }
  if (ineligible) return domain::Recommendation::kIneligible;
  if (flag) return domain::Recommendation::kFlag;
  if (needs_info) return domain::Recommendation::kNeedsInfo;
  return domain::Recommendation::kCleared;
}

}  // namespace granska::bench
