-- pgbench: a submission's own transaction done by PostgreSQL alone (issue 10, "measured
-- against the database's own limit"): the same reads of the screening's facts and the same
-- writes, with the row sizes of a real submission (the application and screening texts are
-- copied from bench_sample, one real case of phase (b)). Prepared statements, no HTTP, no
-- JSON parsing, no rule evaluation: what the database needs for one submission's commit.
-- The numbering transaction (batched) is not included. Like the server (store/
-- pg_case_repository.cpp, kInsertCase), the writes are one statement.
\set org random(1, 99999)
\set orga :org / 10000
\set orgb :org % 10000
BEGIN;
SELECT id, kind, occurred_on, source, verified FROM incidents
  WHERE subject_org = ANY(ARRAY['80' || lpad(:orga::text, 4, '0') || '-' || lpad(:orgb::text, 4, '0')]) OR subject_person_norm = ANY(ARRAY['anna andersson', 'omar lind']);
SELECT k.id, k.status FROM conditions k JOIN cases c ON c.id = k.case_id JOIN organisations o ON o.id = c.organisation_id
  WHERE o.org_number = '80' || lpad(:orga::text, 4, '0') || '-' || lpad(:orgb::text, 4, '0') AND k.status IN ('overdue', 'breached');
SELECT v.revoked_on FROM revocations v JOIN cases c ON c.id = v.case_id JOIN organisations o ON o.id = c.organisation_id
  WHERE o.org_number = '80' || lpad(:orga::text, 4, '0') || '-' || lpad(:orgb::text, 4, '0') AND v.status = 'revoked';
WITH o AS (INSERT INTO organisations (org_number, name, municipality) VALUES ('80' || lpad(:orga::text, 4, '0') || '-' || lpad(:orgb::text, 4, '0'), 'Föreningen Bench', 'Göteborg')
  ON CONFLICT (org_number) DO UPDATE SET name = excluded.name, municipality = excluded.municipality, updated_at = now() RETURNING id, name, district),
c AS (INSERT INTO cases (year, kind, status, recommendation, version, organisation_id, organisation_name, organisation_district, submitted_on)
  SELECT 2026, 'grant', 'in_review', 'cleared', 2, o.id, o.name, o.district, current_date FROM o RETURNING id, submitted_at, updated_at),
a AS (INSERT INTO applications (case_id, revision, raw_json, grant_type, amount_sek, member_count, contact_email, contact_name, facts)
  SELECT c.id, 1, raw_json, grant_type, amount_sek, member_count, contact_email, 'Anna Andersson', facts FROM bench_sample, c),
s AS (INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag, result_json, outcomes, reason)
  SELECT c.id, 1, rule_set_version, recommendation, democracy_flag, result_json, outcomes, 'submission' FROM bench_sample, c),
e AS (INSERT INTO events (case_id, actor_name, actor_role, event, detail)
  SELECT c.id, 'E-tjänsten', 'intake', v.event, v.detail::jsonb FROM c,
  (VALUES (1, 'submitted', '{"kind":"grant"}'), (2, 'screened', '{"rule_set":"x","recommendation":"cleared","status":"in_review"}')) v(n, event, detail)
  ORDER BY v.n)
SELECT c.id, c.submitted_at, c.updated_at FROM c;
END;
