-- The district (stadsdel/område) the case's organisation gave, for the coordinator's
-- de-identified statistics. The register row (`organisations`, one per org number) takes the
-- district of the latest submission naming it, so before this a move of an organisation moved
-- all its earlier cases into the new district in every statistics period. A case now keeps
-- the district it was submitted with: the application's own, or the register's when the
-- application gave none (what the municipality knew then); a supplement may correct it.
ALTER TABLE cases ADD COLUMN organisation_district text;

-- Existing cases: the district in their latest application revision, or the register's when
-- the application is gone (a culled case keeps only its registration) or gave none.
UPDATE cases c SET organisation_district = coalesce(
  (SELECT nullif(btrim((a.raw_json::jsonb) -> 'organisation' ->> 'district'), '')
   FROM applications a WHERE a.case_id = c.id ORDER BY a.revision DESC LIMIT 1),
  (SELECT o.district FROM organisations o WHERE o.id = c.organisation_id));
