-- The case workflow (issue 4): referral to the cross-sectoral advisory group, advice and
-- recusal (jäv), kommunicering and the applicant's reply, decisions with their
-- conditions, assignment and links between cases.

ALTER TABLE cases ADD COLUMN assigned_to bigint REFERENCES users(id);
ALTER TABLE cases ADD COLUMN linked_case_id bigint REFERENCES cases(id);
CREATE INDEX cases_assigned ON cases (assigned_to, status) WHERE assigned_to IS NOT NULL;

CREATE TABLE referrals (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases(id),
  automatic    boolean NOT NULL,
  question     text NOT NULL,
  referred_by  bigint REFERENCES users(id),
  referred_at  timestamptz NOT NULL DEFAULT now(),
  deadline     date NOT NULL,
  advised_at   timestamptz
);
CREATE INDEX referrals_case ON referrals (case_id, id DESC);
CREATE INDEX referrals_open ON referrals (referred_at) WHERE advised_at IS NULL;

CREATE TABLE advice (
  id             bigserial PRIMARY KEY,
  referral_id    bigint NOT NULL REFERENCES referrals(id),
  case_id        bigint NOT NULL REFERENCES cases(id),
  member_id      bigint NOT NULL REFERENCES users(id),
  recusal        boolean NOT NULL,
  recommendation text CHECK (recommendation IN ('approve','approve_with_conditions','reject','insufficient_basis')),
  reasoning      text NOT NULL DEFAULT '',
  proposed_conditions jsonb NOT NULL DEFAULT '[]',
  given_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (referral_id, member_id),
  CHECK (recusal OR recommendation IS NOT NULL)
);

CREATE TABLE communications (
  id               bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES cases(id),
  intended_outcome text NOT NULL CHECK (intended_outcome IN ('approved','approved_with_conditions','rejected')),
  intended_amount_sek bigint,
  reasons          text NOT NULL,
  reply_by         date NOT NULL,
  sent_by          bigint REFERENCES users(id),
  sent_at          timestamptz NOT NULL DEFAULT now(),
  reply_text       text,
  replied_at       timestamptz
);
CREATE INDEX communications_case ON communications (case_id, id DESC);

CREATE TABLE decisions (
  id                 bigserial PRIMARY KEY,
  case_id            bigint NOT NULL UNIQUE REFERENCES cases(id),
  outcome            text NOT NULL CHECK (outcome IN ('approved','approved_with_conditions','rejected')),
  amount_sek         bigint CHECK (amount_sek >= 0),
  reasons            text NOT NULL CHECK (reasons <> ''),
  special_reasons    text,
  delegation_ref     text NOT NULL,
  revocation_clause  text,
  decided_by         bigint NOT NULL REFERENCES users(id),
  decided_at         timestamptz NOT NULL DEFAULT now(),
  decided_on         date NOT NULL
);

CREATE TABLE conditions (
  id           bigserial PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES cases(id),
  decision_id  bigint NOT NULL REFERENCES decisions(id),
  kind         text NOT NULL CHECK (kind IN ('activity_report','financial_report','open_to_public','inspection_access','attendance_cap','custom')),
  due          date NOT NULL,
  description  text NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','fulfilled','overdue','breached','waived')),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conditions_case ON conditions (case_id);
CREATE INDEX conditions_status_due ON conditions (status, due);
