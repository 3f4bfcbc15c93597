-- Every rule-set version ever used, with the text of its files, so that any past
-- screening can be shown with the rules that produced it (issue 3).
CREATE TABLE rule_set_versions (
  version     text PRIMARY KEY,
  files       jsonb NOT NULL,
  rule_count  integer NOT NULL,
  first_used_at timestamptz NOT NULL DEFAULT now()
);
