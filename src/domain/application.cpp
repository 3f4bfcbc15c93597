#include "domain/application.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "domain/person_name.hpp"

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
  // Each person once per list: the board, a booking's speakers (the screening matches each name
  // once; a list naming someone twice contradicts itself). A board larger than board_size says
  // two things of the board that cannot both hold (GE-4 judges board_size).
  auto once_each = [&](const std::vector<Person>& people, const std::string& list) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const std::string norm = NormalisePersonName(people[i].name);
      if (norm.empty()) continue;
      if (auto [it, fresh] = seen.emplace(norm, i); !fresh)
        errors.push_back({list + "[" + std::to_string(i) + "].name",
                          "names the same person as " + list + "[" + std::to_string(it->second) + "]"});
    }
    return seen.size();
  };
  const std::size_t named_board = once_each(o.board, "organisation.board");
  if (o.board_size && *o.board_size >= 0 && static_cast<std::size_t>(*o.board_size) < named_board)
    errors.push_back({"organisation.board_size", "must be at least the number of board members named in "
                                                 "organisation.board (" + std::to_string(named_board) + ")"});
  if (app.booking) once_each(app.booking->speakers, "booking.speakers");
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
