-- The organisation's name as the case's own application gives it. The register row
-- (`organisations`, one per org number) takes the name of the latest submission naming that
-- number, so before this an application giving another organisation's number renamed that
-- organisation in the lists, letters, reports and audits of all its earlier cases. A case now
-- shows the name its applicant wrote (a supplement may correct it); the register keeps the
-- latest name for whoever looks an organisation up by number.
ALTER TABLE cases ADD COLUMN organisation_name text;

-- Existing cases: the name in their latest application revision, or the register's name
-- when the application is gone (a culled case keeps only its registration) or gave none.
UPDATE cases c SET organisation_name = coalesce(
  (SELECT nullif(btrim((a.raw_json::jsonb) -> 'organisation' ->> 'name'), '')
   FROM applications a WHERE a.case_id = c.id ORDER BY a.revision DESC LIMIT 1),
  (SELECT o.name FROM organisations o WHERE o.id = c.organisation_id));

ALTER TABLE cases ALTER COLUMN organisation_name SET NOT NULL;
