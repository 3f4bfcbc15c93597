-- Fills the database up to :target cases for the list benchmark, fast, in the shape the
-- server writes: each new case is a clone of a case submitted through the API (grants
-- only, so no booking rows collide): its cases row with the next gap-free numbers (the
-- counter row locked and advanced in the same transaction), its application (raw JSON
-- and typed columns), its screening, its referral when it was referred, and a
-- 'submitted' event. Run as the owner (events are append-only for the server's role).
SELECT set_config('bench.target', :'target', false) \g /dev/null
DO $$
DECLARE
  target int := current_setting('bench.target')::int;
  have int;
  need int;
  y int;
  last int;
  n int;
BEGIN
  SELECT count(*) INTO have FROM cases;
  need := target - have;
  IF need <= 0 THEN RETURN; END IF;
  SELECT max(year) INTO y FROM cases;
  SELECT last_value INTO last FROM case_number_counters WHERE year = y FOR UPDATE;
  CREATE TEMP TABLE src ON COMMIT DROP AS
    SELECT c.id, c.kind, c.status, c.recommendation, c.organisation_id, c.organisation_name, c.organisation_district, row_number() OVER (ORDER BY c.id) - 1 AS rn
    FROM cases c WHERE c.kind = 'grant';
  SELECT count(*) INTO n FROM src;
  IF n = 0 THEN RAISE EXCEPTION 'no submitted grant case to clone'; END IF;
  CREATE TEMP TABLE gen ON COMMIT DROP AS
    SELECT g AS k, s.id AS src_id, s.kind, s.status, s.recommendation, s.organisation_id, s.organisation_name, s.organisation_district
    FROM generate_series(1, need) g JOIN src s ON s.rn = (g - 1) % n;
  CREATE TEMP TABLE newc (id bigint, src_id bigint) ON COMMIT DROP;
  WITH ins AS (
    INSERT INTO cases (case_number, year, sequence, kind, status, recommendation, organisation_id, organisation_name,
                       organisation_district, submitted_on)
    SELECT y || '-' || lpad((last + k)::text, greatest(5, length((last + k)::text)), '0'), y, last + k, kind, status, recommendation, organisation_id,
           organisation_name, organisation_district,
           current_date
    FROM gen ORDER BY k
    RETURNING id, sequence)
  INSERT INTO newc SELECT ins.id, gen.src_id FROM ins JOIN gen ON gen.k = ins.sequence - last;
  UPDATE case_number_counters SET last_value = last + need WHERE year = y;
  INSERT INTO applications (case_id, revision, raw_json, submitted_by, grant_type, amount_sek, period_from,
                            period_to, member_count, contact_email, contact_name, facts)
    SELECT nc.id, a.revision, a.raw_json, a.submitted_by, a.grant_type, a.amount_sek, a.period_from, a.period_to,
           a.member_count, a.contact_email, a.contact_name, a.facts
    FROM newc nc JOIN applications a ON a.case_id = nc.src_id;
  INSERT INTO screenings (case_id, application_revision, rule_set_version, recommendation, democracy_flag,
                          result_json, outcomes, reason)
    SELECT nc.id, s.application_revision, s.rule_set_version, s.recommendation, s.democracy_flag, s.result_json,
           s.outcomes, s.reason
    FROM newc nc JOIN screenings s ON s.case_id = nc.src_id;
  INSERT INTO referrals (case_id, automatic, question, referred_by, deadline)
    SELECT nc.id, r.automatic, r.question, r.referred_by, r.deadline
    FROM newc nc JOIN referrals r ON r.case_id = nc.src_id;
  INSERT INTO events (case_id, actor_id, actor_name, actor_role, event, detail)
    SELECT nc.id, e.actor_id, e.actor_name, e.actor_role, e.event,
           jsonb_set(e.detail, '{case_number}', to_jsonb(c.case_number))
    FROM newc nc JOIN cases c ON c.id = nc.id JOIN events e ON e.case_id = nc.src_id AND e.event = 'submitted';
END
$$;
