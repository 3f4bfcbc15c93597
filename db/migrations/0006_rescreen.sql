-- Re-screening (issue 7): every open case and every granted support under follow-up,
-- screened again against the current rule set (`granska rescreen`,
-- POST /api/v1/admin/rescreen). The new screenings are kept next to the old.

-- The rule-relevant fields of each application revision in a compact text form
-- (src/workflow/facts_snapshot.hpp), written with the verbatim JSON at submission and
-- supplement, so that a re-screening need not parse a million JSON documents. NULL for
-- rows written before this migration: the first re-screening fills in those it covers
-- (it parses their JSON once).
ALTER TABLE applications ADD COLUMN facts text;

CREATE TABLE rescreen_runs (
  id                 bigserial PRIMARY KEY,
  started_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  finished_at        timestamptz,
  status             text NOT NULL DEFAULT 'running' CHECK (status IN ('running','finished','failed')),
  rule_set_version   text NOT NULL,
  rule_ids           text NOT NULL,          -- the rules in verdict order, comma-separated
  previous_rule_sets jsonb NOT NULL DEFAULT '{}',  -- {"<version>": cases}; "" for never screened
  started_by         bigint REFERENCES users(id),
  started_by_name    text NOT NULL,
  screened           bigint NOT NULL DEFAULT 0,
  open_cases         bigint NOT NULL DEFAULT 0,
  follow_up_cases    bigint NOT NULL DEFAULT 0,
  unchanged          bigint NOT NULL DEFAULT 0,
  newly_flagged      bigint NOT NULL DEFAULT 0,
  no_longer_flagged  bigint NOT NULL DEFAULT 0,
  other_changes      bigint NOT NULL DEFAULT 0,
  skipped            bigint NOT NULL DEFAULT 0,  -- changed while the run read them: not written
  unreadable         bigint NOT NULL DEFAULT 0,  -- stored application could not be read
  error              text
);

-- One compact row per case and run (about 125 bytes with its index: 125 MB for a run over a
-- million cases; delete old runs when they are no longer needed). verdicts: one character
-- per rule in rule_ids order: P pass, N note, I needs_info, E ineligible, F flag, - not
-- applicable. Only a case whose recommendation changed also gets a full row in
-- screenings (reason 'rescreen') and a 'rescreened' event. No foreign key to cases:
-- the rows are written by COPY, a million at a time, and cases are never deleted.
CREATE TABLE rescreen_results (
  run_id                  bigint NOT NULL REFERENCES rescreen_runs(id),
  case_id                 bigint NOT NULL,
  application_revision    integer NOT NULL,
  recommendation          text NOT NULL,
  previous_recommendation text,
  change                  text NOT NULL,  -- none | newly_flagged | no_longer_flagged | changed | skipped
  verdicts                text NOT NULL,
  PRIMARY KEY (run_id, case_id)
);
CREATE INDEX rescreen_results_changed ON rescreen_results (run_id, case_id) WHERE change <> 'none';

-- Finds the applications still without a snapshot at once (empty once they are filled).
CREATE INDEX applications_without_facts ON applications (case_id) WHERE facts IS NULL;
