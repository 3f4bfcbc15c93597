#include "letters/appeal_deadline.hpp"

#include "letters/swedish_calendar.hpp"

namespace granska::letters {

AppealDeadline AppealDeadline::From(domain::Date posted_on) {
  AppealDeadline d;
  d.posted_on = posted_on;
  d.three_weeks = posted_on.AddDays(21);
  d.last_day = SwedishCalendar::NextDeadlineDay(d.three_weeks);
  return d;
}

}  // namespace granska::letters
