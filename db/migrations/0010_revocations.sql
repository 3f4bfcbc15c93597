-- Revocation of granted support under the decision's revocation clause (issue 6):
-- kommunicering first, then a reasoned decision to revoke and, for money already paid,
-- a repayment claim (återkrav).
CREATE TABLE revocations (
  id               bigserial PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES cases(id),
  decision_id      bigint NOT NULL REFERENCES decisions(id),
  status           text NOT NULL DEFAULT 'communicated' CHECK (status IN ('communicated','revoked')),
  breach           text NOT NULL CHECK (breach <> ''),
  democracy_reason boolean NOT NULL,
  repayment_sek    bigint NOT NULL DEFAULT 0 CHECK (repayment_sek >= 0),
  repayment_due    date,
  reply_by         date NOT NULL,
  reply_text       text,
  replied_at       timestamptz,
  reasons          text,
  communicated_by  bigint NOT NULL REFERENCES users(id),
  communicated_at  timestamptz NOT NULL DEFAULT now(),
  revoked_by       bigint REFERENCES users(id),
  revoked_at       timestamptz,
  revoked_on       date
);
CREATE UNIQUE INDEX revocations_one_open ON revocations (case_id) WHERE status = 'communicated';
CREATE INDEX revocations_case ON revocations (case_id, id DESC);
