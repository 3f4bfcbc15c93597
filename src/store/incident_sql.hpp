#pragma once
// Incident-register SQL shared by the store's repositories (alias i for incidents, m for
// secrecy_marks).

// The text of an incident part a mark covers and a screening's explanation can quote: the
// reference, the summary, or the person it concerns; '' for any other part.
#define GRANSKA_INCIDENT_MARKED_TEXT                                                     \
  "CASE m.part WHEN 'reference' THEN i.reference WHEN 'summary' THEN i.summary "          \
  "WHEN 'subject' THEN coalesce(i.subject_person, '') ELSE '' END"

// Whether a screening of a kept (not culled) case quotes a part of incident i under an active
// mark, as the export finds it (records_service.cpp, PublicExports::ForCase): the text as a
// JSON string would write it, inside the stored result. Such an incident is linked to a kept
// case, and the mark must go on covering the quote in that case's export.
#define GRANSKA_MARKED_PART_QUOTED_BY_KEPT_CASE                                                           \
  "EXISTS (SELECT 1 FROM secrecy_marks m, LATERAL (SELECT " GRANSKA_INCIDENT_MARKED_TEXT " AS t) q "     \
  "WHERE m.incident_id = i.id AND m.removed_at IS NULL AND q.t <> '' AND EXISTS (SELECT 1 FROM screenings s " \
  "JOIN cases c ON c.id = s.case_id WHERE c.culled_at IS NULL AND "                                      \
  "strpos(s.result_json::text, substr(to_json(q.t)::text, 2, length(to_json(q.t)::text) - 2)) > 0))"
