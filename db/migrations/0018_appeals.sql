-- Appeals (överklagande, usually laglighetsprövning under kommunallagen 13 kap.) of a
-- decision or of a revocation, and the court's outcome (docs/architecture.md, "Appeals").
-- The municipality does not decide an appeal: it records that one was lodged and, later,
-- what the administrative court (förvaltningsrätten) decided; an annulment (upphävande)
-- takes effect in the case.

-- What an appeal may name: a decision or a revocation of the same case.
ALTER TABLE decisions ADD CONSTRAINT decisions_id_case UNIQUE (id, case_id);
ALTER TABLE revocations ADD CONSTRAINT revocations_id_case UNIQUE (id, case_id);

CREATE TABLE appeals (
  id                   bigserial PRIMARY KEY,
  case_id              bigint NOT NULL REFERENCES cases(id),
  -- What is appealed: exactly one of the case's decision or its (completed) revocation.
  decision_id          bigint,
  revocation_id        bigint,
  lodged_on            date NOT NULL,
  appellant_kind       text NOT NULL CHECK (appellant_kind IN ('applicant', 'municipal_member', 'other')),
  appellant_name       text CHECK (btrim(appellant_name) <> ''),
  court                text NOT NULL CHECK (btrim(court) <> ''),
  court_case_number    text CHECK (btrim(court_case_number) <> ''),  -- målnummer, once known
  recorded_by          bigint NOT NULL REFERENCES users(id),
  recorded_at          timestamptz NOT NULL DEFAULT now(),
  -- The court's outcome: NULL while the appeal is pending; recorded once (trigger below).
  outcome              text CHECK (outcome IN ('rejected', 'dismissed', 'withdrawn', 'annulled')),
  outcome_on           date,
  outcome_note         text CHECK (btrim(outcome_note) <> ''),
  outcome_recorded_by  bigint REFERENCES users(id),
  outcome_recorded_at  timestamptz,
  FOREIGN KEY (decision_id, case_id) REFERENCES decisions (id, case_id),
  FOREIGN KEY (revocation_id, case_id) REFERENCES revocations (id, case_id),
  CONSTRAINT appeals_appeals_one CHECK ((decision_id IS NULL) <> (revocation_id IS NULL)),
  -- A member of the municipality (kommunmedlem) or another appellant is named; the applicant
  -- is the organisation of the case.
  CONSTRAINT appeals_appellant_named CHECK (appellant_kind = 'applicant' OR appellant_name IS NOT NULL),
  -- The outcome's fields come together; a note only with an outcome.
  CONSTRAINT appeals_outcome_complete CHECK (
    (outcome IS NULL) = (outcome_on IS NULL) AND (outcome IS NULL) = (outcome_recorded_by IS NULL)
    AND (outcome IS NULL) = (outcome_recorded_at IS NULL) AND (outcome IS NOT NULL OR outcome_note IS NULL)),
  CONSTRAINT appeals_outcome_after_lodging CHECK (outcome_on IS NULL OR outcome_on >= lodged_on),
  UNIQUE (id, case_id),
  UNIQUE (id, decision_id)
);
CREATE INDEX appeals_case ON appeals (case_id, id);
-- Closing and retention skip a case with an appeal still pending.
CREATE INDEX appeals_pending ON appeals (case_id) WHERE outcome IS NULL;

-- Write-once: what was lodged never changes, and the outcome, once recorded, cannot be
-- changed or removed. Only a court case number not known at lodging may be filled in later.
CREATE FUNCTION appeals_write_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.case_id IS DISTINCT FROM OLD.case_id OR NEW.decision_id IS DISTINCT FROM OLD.decision_id
     OR NEW.revocation_id IS DISTINCT FROM OLD.revocation_id OR NEW.lodged_on IS DISTINCT FROM OLD.lodged_on
     OR NEW.appellant_kind IS DISTINCT FROM OLD.appellant_kind
     OR NEW.appellant_name IS DISTINCT FROM OLD.appellant_name OR NEW.court IS DISTINCT FROM OLD.court
     OR NEW.recorded_by IS DISTINCT FROM OLD.recorded_by OR NEW.recorded_at IS DISTINCT FROM OLD.recorded_at
     OR (OLD.court_case_number IS NOT NULL AND NEW.court_case_number IS DISTINCT FROM OLD.court_case_number) THEN
    RAISE EXCEPTION 'appeal %: what was lodged is recorded once and cannot be changed', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD.outcome IS NOT NULL AND (NEW.outcome IS DISTINCT FROM OLD.outcome
     OR NEW.outcome_on IS DISTINCT FROM OLD.outcome_on OR NEW.outcome_note IS DISTINCT FROM OLD.outcome_note
     OR NEW.outcome_recorded_by IS DISTINCT FROM OLD.outcome_recorded_by
     OR NEW.outcome_recorded_at IS DISTINCT FROM OLD.outcome_recorded_at) THEN
    RAISE EXCEPTION 'appeal %: the outcome is recorded once and cannot be changed', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER appeals_write_once BEFORE UPDATE ON appeals FOR EACH ROW EXECUTE FUNCTION appeals_write_once();
REVOKE TRUNCATE, REFERENCES, TRIGGER ON appeals FROM granska_app;

-- A decision annulled by the court (upphävt) stays on record, marked with the appeal that
-- annulled it (an appeal of that very decision); the case is decided again. At most one
-- standing (not annulled) decision per case, in place of the former UNIQUE (case_id).
-- The references to appeals are checked at commit: retention deletes a culled case's appeals
-- and decisions in one transaction, and the two tables refer to each other.
ALTER TABLE decisions ADD COLUMN annulled_by_appeal bigint;
ALTER TABLE decisions ADD CONSTRAINT decisions_annulled_by_appeal
  FOREIGN KEY (annulled_by_appeal, id) REFERENCES appeals (id, decision_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE decisions DROP CONSTRAINT decisions_case_id_key;
CREATE UNIQUE INDEX decisions_one_standing ON decisions (case_id) WHERE annulled_by_appeal IS NULL;
CREATE INDEX decisions_case ON decisions (case_id);

-- A revocation annulled by the court, or one that fell with the decision it revoked, is
-- `annulled`, marked with the appeal; DV-5 counts only revocations that stand (`revoked`).
ALTER TABLE revocations ADD COLUMN annulled_by_appeal bigint;
ALTER TABLE revocations ADD CONSTRAINT revocations_annulled_by_appeal
  FOREIGN KEY (annulled_by_appeal, case_id) REFERENCES appeals (id, case_id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE revocations DROP CONSTRAINT revocations_status_check;
ALTER TABLE revocations ADD CONSTRAINT revocations_status_check
  CHECK (status IN ('communicated', 'revoked', 'annulled'));
ALTER TABLE revocations ADD CONSTRAINT revocations_annulled_marked
  CHECK ((status = 'annulled') = (annulled_by_appeal IS NOT NULL));
