-- Screenings stored as the text the server wrote (issue 10). A case list's items carry
-- their whole screening (~8 KB each, docs/api.md), and as jsonb every page was re-serialised
-- by PostgreSQL (escape_json and pglz_decompress were the largest costs of the case list,
-- bench/RESULTS.md "http"). The json type keeps the text as written, still validated on
-- input; the few queries that look inside a screening (audits, letters) cast to jsonb.
ALTER TABLE screenings ALTER COLUMN result_json TYPE json USING result_json::text::json;
-- lz4 decompresses several times faster than pglz; PostgreSQL builds without it keep pglz.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE screenings ALTER COLUMN result_json SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
  NULL;
END
$$;
