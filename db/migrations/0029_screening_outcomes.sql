-- Which rules gave which outcome, beside each screening (screenings.outcomes): the rules whose
-- outcome is more than a pass, by rule id (bytewise), as `DV-1=flag,GE-3=needs_info` ('' when
-- every rule passed; domain::OutcomeSignature writes it).
--
-- A re-screening used to write a new screening only where the recommendation or the democracy
-- flag changed. After a rule change that moved a needs_info case from one missing item to
-- another, or an ineligible case from one ground to another, the case kept the older
-- screening: the decision's guards (a rejection as it stands only after a request naming
-- everything still missing), the case page and the letters then went by rules that no longer
-- gave that result. The re-screening now compares this column with what the rules give now
-- and writes the screening where they differ (change `outcomes_changed`), without reading the
-- stored JSON of a million screenings.
ALTER TABLE screenings ADD COLUMN outcomes text;
UPDATE screenings s SET outcomes = coalesce(
  (SELECT string_agg((t.r ->> 'rule') || '=' || (t.r ->> 'outcome'), ',' ORDER BY (t.r ->> 'rule') COLLATE "C")
   FROM jsonb_array_elements(s.result_json::jsonb -> 'results') AS t(r)
   WHERE t.r ->> 'outcome' <> 'pass'), '');
ALTER TABLE screenings ALTER COLUMN outcomes SET NOT NULL;

-- The re-screening's count of them.
ALTER TABLE rescreen_runs ADD COLUMN outcomes_changed bigint NOT NULL DEFAULT 0;
