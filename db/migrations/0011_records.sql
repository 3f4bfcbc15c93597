-- Records (issue 9, "Privacy and records"): retention (gallring) under the records plan
-- (config/records_plan.yaml), legal holds, secrecy marks (sekretessmarkering, OSL) and
-- exports for public-access requests. docs/architecture.md, "Records".

-- A culled case keeps its registration, as a diarium entry is kept: the case number, kind,
-- organisation (a legal person), submission day and final status, and its append-only,
-- hash-chained events (which hold no application content; docs/architecture.md, "Records",
-- on the free text some older events carry). Everything else about the case (application,
-- screenings, booking, referrals, advice, kommunicering, decision, conditions, letters,
-- inspections, outbox, revocations, secrecy marks; not the re-screening rows, which are
-- verdict codes only) is deleted by the retention job in the transaction that records the
-- `culled` event. The row keeps its UNIQUE case number and (year, sequence), and the counter
-- never goes back, so a number is never given out again.
ALTER TABLE cases ADD COLUMN culled_at timestamptz;
ALTER TABLE cases ADD COLUMN culled_class text;  -- the records-plan class it was culled under
ALTER TABLE cases ADD COLUMN culled_rule text;   -- the plan's rule reference
ALTER TABLE cases ADD CONSTRAINT cases_culled_complete
  CHECK ((culled_at IS NULL) = (culled_class IS NULL) AND (culled_at IS NULL) = (culled_rule IS NULL));
-- The retention job looks only at finished cases that are still whole, and deletes a batch's
-- rows table by table by case id (the two tables below had no index on it).
CREATE INDEX cases_retention ON cases (status, id)
  WHERE culled_at IS NULL AND status IN ('decided', 'withdrawn', 'revoked', 'closed');
CREATE INDEX outbox_case ON outbox (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX advice_case ON advice (case_id);

-- Legal hold: a case under hold is never culled. Placing and releasing are both kept (and
-- recorded as events); a released hold is history, never deleted.
CREATE TABLE legal_holds (
  id             bigserial PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases(id),
  reason         text NOT NULL CHECK (btrim(reason) <> ''),
  placed_by      bigint NOT NULL REFERENCES users(id),
  placed_at      timestamptz NOT NULL DEFAULT now(),
  released_by    bigint REFERENCES users(id),
  released_at    timestamptz,
  release_reason text,
  CHECK ((released_at IS NULL) = (released_by IS NULL)),
  CHECK ((released_at IS NULL) = (release_reason IS NULL))
);
CREATE UNIQUE INDEX legal_holds_one_active ON legal_holds (case_id) WHERE released_at IS NULL;

-- Secrecy marks on a part of a case's documents or of an incident-register entry: the part,
-- the ground in the Public Access to Information and Secrecy Act (OSL) and why. A removed
-- mark stays, with who removed it and why. Marks of a culled case or incident go with it.
CREATE TABLE secrecy_marks (
  id             bigserial PRIMARY KEY,
  case_id        bigint REFERENCES cases(id),
  incident_id    bigint REFERENCES incidents(id),
  part           text NOT NULL CHECK (part ~ '^[a-z_.]+$'),
  ground         text NOT NULL CHECK (ground <> ''),
  reason         text NOT NULL CHECK (btrim(reason) <> ''),
  marked_by      bigint NOT NULL REFERENCES users(id),
  marked_at      timestamptz NOT NULL DEFAULT now(),
  removed_by     bigint REFERENCES users(id),
  removed_at     timestamptz,
  removal_reason text,
  CHECK ((case_id IS NULL) <> (incident_id IS NULL)),
  CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE UNIQUE INDEX secrecy_marks_case_part ON secrecy_marks (case_id, part)
  WHERE removed_at IS NULL AND case_id IS NOT NULL;
CREATE UNIQUE INDEX secrecy_marks_incident_part ON secrecy_marks (incident_id, part)
  WHERE removed_at IS NULL AND incident_id IS NOT NULL;
CREATE INDEX secrecy_marks_case ON secrecy_marks (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX secrecy_marks_incident ON secrecy_marks (incident_id, id) WHERE incident_id IS NOT NULL;

-- What the server may do. The new tables got SELECT/INSERT/UPDATE/DELETE by 0005's default
-- privileges; take back what it does not need:
-- * holds are history: placed and released (UPDATE), never deleted;
-- * a case row is never deleted (culling keeps the registration, so numbers stay taken),
--   and neither is a year's number counter.
-- Secrecy marks keep DELETE: the retention job deletes a culled case's marks with it.
REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON legal_holds FROM granska_app;
REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON cases, case_number_counters FROM granska_app;
REVOKE TRUNCATE, REFERENCES, TRIGGER ON secrecy_marks FROM granska_app;
REVOKE ALL ON legal_holds, secrecy_marks FROM PUBLIC;
