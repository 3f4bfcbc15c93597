-- Follow-up (issue 6): closing conditions with evidence, reminders through an e-mail
-- outbox, inspections of rented premises, and the contact address reminders go to.

ALTER TABLE applications ADD COLUMN contact_email text;

ALTER TABLE conditions ADD COLUMN closed_by bigint REFERENCES users(id);
ALTER TABLE conditions ADD COLUMN closed_at timestamptz;
ALTER TABLE conditions ADD COLUMN evidence text;      -- what fulfilled it, or why it was breached/waived
ALTER TABLE conditions ADD COLUMN overdue_since date;

-- Outgoing e-mail, written in the same transaction as the change that causes it and sent
-- by the job. dedupe_key makes a reminder exist once however many processes run the job.
CREATE TABLE outbox (
  id              bigserial PRIMARY KEY,
  dedupe_key      text NOT NULL UNIQUE,
  case_id         bigint REFERENCES cases(id),
  to_address      text NOT NULL,
  subject         text NOT NULL,
  body            text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  sent_at         timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

CREATE TABLE inspections (
  id             bigserial PRIMARY KEY,
  case_id        bigint NOT NULL REFERENCES cases(id),
  premises_id    text REFERENCES premises(id),
  requested_by   bigint NOT NULL REFERENCES users(id),
  requested_at   timestamptz NOT NULL DEFAULT now(),
  planned_on     date NOT NULL,
  reason         text NOT NULL,
  performed_on   date,
  findings       text,
  outcome        text CHECK (outcome IN ('no_remarks','remarks','breach','incident')),
  recorded_by    bigint REFERENCES users(id),
  condition_id   bigint REFERENCES conditions(id),
  incident_id    bigint REFERENCES incidents(id)
);
CREATE INDEX inspections_case ON inspections (case_id);

-- Background job runs, for operations and for the tests that run the job concurrently.
CREATE TABLE job_runs (
  id          bigserial PRIMARY KEY,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  host        text NOT NULL,
  summary     jsonb NOT NULL DEFAULT '{}'
);
