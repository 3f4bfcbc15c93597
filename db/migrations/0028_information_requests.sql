-- A request for what an incomplete application lacks (begäran om komplettering,
-- förvaltningslagen 20 §). Before, the needs_info letter was only ever a draft: nothing
-- recorded that the applicant had been asked, by when, or what for, and a needs_info case
-- could be rejected "as it stands" without the applicant ever having been asked. A request
-- records the reply date, the screening rules whose results it names (their ids) and the
-- officer's own words, and issues the needs_info letter from them.
CREATE TABLE information_requests (
  id            bigserial PRIMARY KEY,
  case_id       bigint NOT NULL REFERENCES cases(id),
  reply_by      date NOT NULL,
  rules         text[] NOT NULL DEFAULT '{}',
  message       text NOT NULL DEFAULT '',
  requested_by  bigint REFERENCES users(id),
  requested_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX information_requests_case ON information_requests (case_id, id DESC);
