-- The delegation a revocation was decided under. A revocation's letter named the delegation
-- of the decision it revoked (the grant's point of the delegation rules, even for a booking);
-- a revocation is a decision of its own, under the point the municipality gives for it
-- (decision.delegation_ref.revocation). Earlier revocations keep none: their letters name the
-- revoked decision's, as before.
ALTER TABLE revocations ADD COLUMN delegation_ref text;
