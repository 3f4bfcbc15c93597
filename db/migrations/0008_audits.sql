-- Periodic audit of granted support (issue 7): reproducible samples, a checklist and
-- findings per sampled case, sign-off; and the district an organisation works in, for
-- the coordinator's de-identified statistics.

ALTER TABLE organisations ADD COLUMN district text;

CREATE TABLE audit_runs (
  id             bigserial PRIMARY KEY,
  period_from    date NOT NULL,
  period_to      date NOT NULL CHECK (period_to >= period_from),
  sample_size    integer NOT NULL CHECK (sample_size > 0),
  seed           bigint NOT NULL,
  criteria       jsonb NOT NULL,          -- the documented risk criteria and thresholds used
  population     integer NOT NULL,
  created_by     bigint NOT NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open','signed_off')),
  signed_off_by  bigint REFERENCES users(id),
  signed_off_at  timestamptz,
  sign_off_note  text
);

CREATE TABLE audit_items (
  id          bigserial PRIMARY KEY,
  run_id      bigint NOT NULL REFERENCES audit_runs(id),
  case_id     bigint NOT NULL REFERENCES cases(id),
  position    integer NOT NULL,
  why         text NOT NULL CHECK (why IN ('random','risk')),
  risk_criteria jsonb NOT NULL DEFAULT '[]',
  checklist   jsonb NOT NULL,
  UNIQUE (run_id, case_id)
);

CREATE TABLE audit_findings (
  id           bigserial PRIMARY KEY,
  item_id      bigint NOT NULL REFERENCES audit_items(id),
  severity     text NOT NULL CHECK (severity IN ('info','minor','major','critical')),
  text         text NOT NULL CHECK (text <> ''),
  recorded_by  bigint NOT NULL REFERENCES users(id),
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
