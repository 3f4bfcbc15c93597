-- The spine: organisations, cases, applications, events, users, premises, bookings,
-- incidents. Applied by `granska migrate` in one transaction, recorded in schema_migrations.

CREATE TABLE users (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL CHECK (name <> ''),
  role        text NOT NULL CHECK (role IN ('intake','case_officer','advisory_member','coordinator','auditor','admin')),
  sector      text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- API tokens are stored as SHA-256 hashes only; the token itself is shown once.
CREATE TABLE api_tokens (
  id          bigserial PRIMARY KEY,
  user_id     bigint NOT NULL REFERENCES users(id),
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz
);

CREATE TABLE organisations (
  id           bigserial PRIMARY KEY,
  org_number   text NOT NULL UNIQUE CHECK (org_number ~ '^[0-9]{6}-[0-9]{4}$'),
  name         text NOT NULL,
  municipality text NOT NULL DEFAULT '',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE premises (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9_-]{1,64}$'),
  name        text NOT NULL CHECK (name <> ''),
  capacity    integer NOT NULL CHECK (capacity > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Gap-free diarienummer per year: the row is locked by the submitting transaction and
-- its increment rolls back with it.
CREATE TABLE case_number_counters (
  year        integer PRIMARY KEY,
  last_value  integer NOT NULL
);

CREATE TABLE cases (
  id              bigserial PRIMARY KEY,
  case_number     text NOT NULL UNIQUE,
  year            integer NOT NULL,
  sequence        integer NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('grant','booking')),
  status          text NOT NULL CHECK (status IN ('needs_info','in_review','referred','advised','communicated','decided','withdrawn','revoked','closed')),
  recommendation  text CHECK (recommendation IN ('cleared','needs_info','ineligible','flag')),
  organisation_id bigint NOT NULL REFERENCES organisations(id),
  version         bigint NOT NULL DEFAULT 1,
  submitted_on    date NOT NULL,
  submitted_at    timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (year, sequence)
);
CREATE INDEX cases_status_id ON cases (status, id DESC);
CREATE INDEX cases_org_id ON cases (organisation_id, id DESC);
CREATE INDEX cases_recommendation_id ON cases (recommendation, id DESC);

-- Every submission and supplement, verbatim, plus the typed columns the workflow needs.
CREATE TABLE applications (
  case_id         bigint NOT NULL REFERENCES cases(id),
  revision        integer NOT NULL,
  raw_json        text NOT NULL,
  submitted_by    bigint REFERENCES users(id),
  submitted_at    timestamptz NOT NULL DEFAULT now(),
  grant_type      text,
  amount_sek      bigint,
  period_from     date,
  period_to       date,
  member_count    bigint,
  PRIMARY KEY (case_id, revision)
);

CREATE TABLE bookings (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL UNIQUE REFERENCES cases(id),
  premises_id  text NOT NULL REFERENCES premises(id),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected','cancelled')),
  CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_premises_time ON bookings (premises_id, starts_at, ends_at);

CREATE TABLE screenings (
  id                   bigserial PRIMARY KEY,
  case_id              bigint NOT NULL REFERENCES cases(id),
  application_revision integer NOT NULL,
  rule_set_version     text NOT NULL,
  recommendation       text NOT NULL,
  democracy_flag       boolean NOT NULL DEFAULT false,
  result_json          jsonb NOT NULL,
  reason               text NOT NULL,
  screened_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX screenings_case ON screenings (case_id, id DESC);

CREATE TABLE incidents (
  id               bigserial PRIMARY KEY,
  subject_org      text CHECK (subject_org ~ '^[0-9]{6}-[0-9]{4}$'),
  subject_person   text,
  subject_person_norm text,
  kind             text NOT NULL CHECK (kind IN ('violence','threat','coercion','discrimination','incitement','unlawful_influence','rental_breach','grant_misuse')),
  occurred_on      date NOT NULL,
  source           text NOT NULL CHECK (source IN ('court_judgment','police_report','authority_decision','own_observation','media','other')),
  verified         boolean NOT NULL,
  distanced        boolean NOT NULL DEFAULT false,
  reference        text NOT NULL DEFAULT '',
  summary          text NOT NULL DEFAULT '',
  recorded_by      bigint REFERENCES users(id),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((subject_org IS NULL) <> (subject_person IS NULL))
);
CREATE INDEX incidents_org ON incidents (subject_org) WHERE subject_org IS NOT NULL;
CREATE INDEX incidents_person ON incidents (subject_person_norm) WHERE subject_person_norm IS NOT NULL;

-- The timeline and audit trail: who did what, when, in the same transaction as the change.
CREATE TABLE events (
  id          bigserial PRIMARY KEY,
  case_id     bigint REFERENCES cases(id),
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor_id    bigint REFERENCES users(id),
  actor_name  text NOT NULL,
  actor_role  text NOT NULL,
  event       text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_case ON events (case_id, id) WHERE case_id IS NOT NULL;
