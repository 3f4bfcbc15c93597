-- The posting of the approved minutes where a delegated decision was reported (anslag om
-- justerat protokoll, kommunallagen 13 kap. 5 §): the three weeks to appeal by
-- laglighetsprövning run from that day (issue 5). Recorded once known, after the decision;
-- a correction adds a row with its reason, so the history stays. The latest row for a
-- decision is the one in force. `decision_kind`/`decision_ref` name the appealable
-- decision: the grant/booking decision or a revocation.
CREATE TABLE minutes_postings (
  id                 bigserial PRIMARY KEY,
  case_id            bigint NOT NULL REFERENCES cases(id),
  decision_kind      text NOT NULL CHECK (decision_kind IN ('decision','revocation')),
  decision_ref       bigint NOT NULL,
  decided_on         date NOT NULL,
  posted_on          date NOT NULL CHECK (posted_on >= decided_on),
  last_day           date NOT NULL CHECK (last_day >= posted_on + 21),
  minutes_reference  text CHECK (minutes_reference <> ''),
  correction_reason  text CHECK (correction_reason <> ''),
  recorded_by        bigint NOT NULL REFERENCES users(id),
  recorded_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX minutes_postings_case ON minutes_postings (case_id, id DESC);
-- The application role may add and read postings; a correction is a new row. (DELETE stays
-- granted: retention, gallring, removes a culled case's rows.)
REVOKE UPDATE ON minutes_postings FROM granska_app;
