#pragma once
// "Under follow-up" and "follow-up over", defined once for the store (alias c for cases).
// Why these rules: docs/architecture.md, "Closing a case".

// A case under follow-up: decided with an approving outcome, and not closed (the job closes
// it when its follow-up is over, workflow/case_closing.hpp). Re-screening covers these
// besides the open cases, whether or not they have conditions.
#define GRANSKA_UNDER_FOLLOW_UP                                                           \
  "(c.status = 'decided' AND EXISTS (SELECT 1 FROM decisions fd WHERE fd.case_id = c.id " \
  "AND fd.annulled_by_appeal IS NULL AND fd.outcome IN ('approved','approved_with_conditions')))"

// The last day of a grant's support: its period's end, or without a period the last day of
// the budget year (the calendar year) of the decision. Needs aliases d (decisions) and g (the
// latest application revision's period_to).
#define GRANSKA_GRANT_SUPPORT_END \
  "coalesce(g.period_to, make_date(extract(year FROM d.decided_on)::int, 12, 31))"

// A decided case whose follow-up is over, with what its case_closed event names. Never while
// an appeal of the case is pending (its outcome may annul the decision, workflow/appeals.hpp),
// nor while a requested inspection awaits its findings (a breach it finds is follow-up). `WHERE_ID`
// picks the cases, `TAIL` orders and limits. Parameters in order: :today (the municipality's
// date), :starts (epoch seconds at which that day began there), then those of WHERE_ID and TAIL.
// A booking has ended when it ended before the day began (its local end date is before today).
#define GRANSKA_FOLLOW_UP_OVER(WHERE_ID, TAIL)                                                                \
  "WITH p AS (SELECT :today::date AS today, to_timestamp(:starts::bigint) AS starts) "                        \
  "SELECT c.id::bigint, d.outcome, "                                                                          \
  "CASE WHEN c.kind = 'booking' THEN 'booking_end' WHEN g.period_to IS NOT NULL THEN 'grant_period' "         \
  "ELSE 'budget_year' END, "                                                                                  \
  "CASE WHEN c.kind = 'grant' THEN (" GRANSKA_GRANT_SUPPORT_END ")::text END, "                               \
  "extract(epoch FROM b.ends_at)::bigint, m.last_day::text, "                                                 \
  "(SELECT count(*) FROM conditions k WHERE k.case_id = c.id AND k.decision_id = d.id "                       \
  "AND k.status = 'fulfilled')::bigint, "                                                                     \
  "(SELECT count(*) FROM conditions k WHERE k.case_id = c.id AND k.decision_id = d.id "                       \
  "AND k.status = 'waived')::bigint, "                                                                        \
  "(SELECT count(*) FROM conditions k WHERE k.case_id = c.id AND k.decision_id = d.id "                       \
  "AND k.status = 'breached')::bigint "                                                                       \
  "FROM p CROSS JOIN cases c JOIN decisions d ON d.case_id = c.id AND d.annulled_by_appeal IS NULL "          \
  "LEFT JOIN bookings b ON b.case_id = c.id "                                                                 \
  "LEFT JOIN LATERAL (SELECT a.period_to FROM applications a WHERE a.case_id = c.id "                         \
  "ORDER BY a.revision DESC LIMIT 1) g ON true "                                                              \
  "LEFT JOIN LATERAL (SELECT mp.last_day FROM minutes_postings mp WHERE mp.case_id = c.id "                   \
  "AND mp.decision_kind = 'decision' AND mp.decision_ref = d.id ORDER BY mp.id DESC LIMIT 1) m ON true "      \
  "WHERE c.status = 'decided' AND c.culled_at IS NULL AND " WHERE_ID " AND CASE "                             \
  "WHEN d.outcome = 'rejected' THEN m.last_day < p.today "                                                    \
  "ELSE (CASE WHEN c.kind = 'booking' THEN b.ends_at < p.starts "                                             \
  "ELSE " GRANSKA_GRANT_SUPPORT_END " < p.today END) "                                                        \
  "AND (m.last_day IS NULL OR m.last_day < p.today) "                                                         \
  "AND NOT EXISTS (SELECT 1 FROM conditions k WHERE k.case_id = c.id AND k.status IN ('pending','overdue')) " \
  "AND NOT EXISTS (SELECT 1 FROM revocations r WHERE r.case_id = c.id AND r.status = 'communicated') END "    \
  "AND NOT EXISTS (SELECT 1 FROM appeals ap WHERE ap.case_id = c.id AND ap.outcome IS NULL) "                \
  "AND NOT EXISTS (SELECT 1 FROM inspections ip WHERE ip.case_id = c.id AND ip.outcome IS NULL) " TAIL
