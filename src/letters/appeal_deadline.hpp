#pragma once
// The last day to appeal a delegated decision by laglighetsprövning: three weeks from the
// day it was announced on the notice board that the minutes of the meeting where the
// decision was reported were approved (kommunallagen 13 kap. 5 §), moved to the next
// weekday when it ends on a Saturday, Sunday, public holiday, midsommarafton, julafton or
// nyårsafton (lag 1930:173).
#include "domain/date.hpp"

namespace granska::letters {

struct AppealDeadline {
  domain::Date posted_on;    // the notice of the approved minutes
  domain::Date three_weeks;  // posted_on + 21 days
  domain::Date last_day;     // three_weeks, or the next day a deadline can end on
  bool Extended() const { return last_day != three_weeks; }

  static AppealDeadline From(domain::Date posted_on);
};

}  // namespace granska::letters
