-- Idempotent submissions (review finding M5; draft-ietf-httpapi-idempotency-key-header).
-- A client that sends `Idempotency-Key` with POST /api/v1/applications and retries after a
-- timeout gets the case its first request opened instead of a second case. A key belongs to
-- the user who submitted (two e-services may use the same key for different requests) and
-- remembers the SHA-256 of the request body as received (its raw bytes), so the same key with
-- another body is refused. The row is written by the submission's own statement, so it
-- commits with the case or not at all (workflow/submit_application.hpp).
CREATE TABLE idempotency_keys (
  user_id        bigint NOT NULL REFERENCES users(id),
  key            text NOT NULL CHECK (octet_length(key) BETWEEN 1 AND 255 AND key ~ '^[\x21-\x7e]+$'),
  request_sha256 bytea NOT NULL CHECK (octet_length(request_sha256) = 32),
  -- Case rows are never deleted (0011); the cascade is for an owner who does. Culling a case
  -- deletes its keys explicitly (store/pg_records_repository.cpp).
  case_id        bigint NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
-- The background job deletes keys older than idempotency.keep_days; culling deletes by case.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
CREATE INDEX idempotency_keys_case ON idempotency_keys (case_id);

-- The server inserts keys and deletes them (expiry, culling); it never changes one.
REVOKE UPDATE, TRUNCATE, REFERENCES, TRIGGER ON idempotency_keys FROM granska_app;
REVOKE ALL ON idempotency_keys FROM PUBLIC;
