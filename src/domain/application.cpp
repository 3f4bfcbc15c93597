#include "domain/application.hpp"

#include <algorithm>

namespace granska::domain {

bool Application::HasAttachment(AttachmentKind k) const {
  return std::find(attachments.begin(), attachments.end(), k) != attachments.end();
}

std::vector<const Person*> Application::Representatives() const {
  std::vector<const Person*> out;
  if (organisation.contact) out.push_back(&*organisation.contact);
  for (const auto& p : organisation.board) out.push_back(&p);
  if (booking)
    for (const auto& p : booking->speakers) out.push_back(&p);
  return out;
}

void CheckApplication(const Application& app, std::vector<FieldError>& errors) {
  const auto& o = app.organisation;
  auto non_negative = [&](const std::optional<std::int64_t>& v, const char* field) {
    if (v && *v < 0) errors.push_back({field, "must not be negative"});
  };
  non_negative(o.board_size, "organisation.board_size");
  non_negative(o.member_count, "organisation.member_count");
  non_negative(o.members_resident, "organisation.members_resident");
  non_negative(o.members_aged_7_25, "organisation.members_aged_7_25");
  if (o.member_count && o.members_resident && *o.members_resident > *o.member_count && *o.members_resident >= 0)
    errors.push_back({"organisation.members_resident", "must not exceed organisation.member_count"});
  if (o.member_count && o.members_aged_7_25 && *o.members_aged_7_25 > *o.member_count && *o.members_aged_7_25 >= 0)
    errors.push_back({"organisation.members_aged_7_25", "must not exceed organisation.member_count"});
  if (app.grant) {
    const auto& g = *app.grant;
    if (g.amount_sek < 0) errors.push_back({"grant.amount_sek", "must not be negative"});
    non_negative(g.expected_participants, "grant.expected_participants");
    if (g.period_from && g.period_to && *g.period_to < *g.period_from)
      errors.push_back({"grant.period.to", "must not be before grant.period.from"});
  }
  if (app.booking) {
    const auto& b = *app.booking;
    if (b.start && b.end && !(*b.start < *b.end))
      errors.push_back({"booking.end", "must be after booking.start"});
    else if (b.start && b.end && b.end->EpochSeconds() - b.start->EpochSeconds() > kMaxBookingDays * 86400LL)
      errors.push_back({"booking.end", "a booking lasts at most " + std::to_string(kMaxBookingDays) +
                                           " days; a longer use is booked as several bookings"});
    non_negative(b.expected_attendees, "booking.expected_attendees");
  }
}

}  // namespace granska::domain
