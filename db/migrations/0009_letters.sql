-- Issued letters, archived exactly as issued (issue 5): the bytes and their SHA-256.
-- A later request returns these bytes even if templates or configuration change.
ALTER TABLE applications ADD COLUMN contact_name text;

CREATE TABLE letters (
  id          bigserial PRIMARY KEY,
  case_id     bigint NOT NULL REFERENCES cases(id),
  type        text NOT NULL,
  source      text NOT NULL,              -- 'decision:<id>' or 'communication:<id>': what it was issued for
  lang        text NOT NULL CHECK (lang IN ('sv','en')),
  format      text NOT NULL CHECK (format IN ('html','pdf')),
  content     bytea NOT NULL,
  sha256      text NOT NULL,
  issued_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, source, lang, format)
);
CREATE INDEX letters_case ON letters (case_id, id DESC);
