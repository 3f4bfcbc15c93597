-- An intended revocation that is not pursued (`dropped`): after kommunicering the officer may
-- find, from the organisation's reply or otherwise, that the breach does not warrant revoking.
-- The decision stands, the case stays `decided`, and the reasons for not revoking are kept in
-- `reasons` (which holds the reasons for revoking on a `revoked` row). DV-5 never counts a
-- dropped revocation: it counts only `revoked`.
ALTER TABLE revocations ADD COLUMN dropped_on date;
ALTER TABLE revocations ADD COLUMN dropped_by bigint REFERENCES users (id);
ALTER TABLE revocations ADD COLUMN dropped_at timestamptz;
ALTER TABLE revocations DROP CONSTRAINT revocations_status_check;
ALTER TABLE revocations ADD CONSTRAINT revocations_status_check
  CHECK (status IN ('communicated', 'revoked', 'annulled', 'dropped'));
ALTER TABLE revocations ADD CONSTRAINT revocations_dropped_marked
  CHECK ((status = 'dropped') = (dropped_on IS NOT NULL)
         AND (dropped_on IS NULL OR (dropped_by IS NOT NULL AND dropped_at IS NOT NULL
                                     AND coalesce(reasons, '') <> '' AND revoked_on IS NULL)));
