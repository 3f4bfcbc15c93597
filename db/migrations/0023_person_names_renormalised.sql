-- Person names are matched on a normalised form (domain/person_name.cpp). Before this version
-- the form did not fold Unicode spaces (no-break, typographic) into one space, did not compose
-- a letter and its combining mark ("A" + U+030A) into the one letter ("å") that most keyboards
-- send, and lower-cased only ASCII and Latin-1, so one name typed two ways could miss its
-- incident. The incidents' stored forms are recomputed by `granska migrate` itself in this
-- migration's transaction (store/migrations_runner.cpp, a data step: the form is C++).
--
-- The re-screening's facts snapshots hold the form too (workflow/facts_snapshot.hpp). Those of
-- applications whose text may normalise differently now (a character of those ranges, raw or
-- as a \u escape) are cleared; the next `granska rescreen` writes them again from the
-- verbatim JSON before it screens, as it does for any application without one.
UPDATE applications SET facts = NULL
WHERE facts IS NOT NULL
  AND (raw_json ~ '[\u00A0\u2000-\u200A\u202F\u205F\u3000\u0100-\u017F\u0300-\u036F]' OR raw_json LIKE '%\\u%');
