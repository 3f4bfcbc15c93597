-- Tamper-evident audit trail (issue 9): the server's own database role, append-only
-- events, and a hash chain over them sealed in commit order (docs/architecture.md,
-- "Tamper-evident audit trail"). Migrations keep running as the owning role.

-- The running server connects as granska_app. Roles are cluster-wide and several
-- databases may share a cluster (and migrate at the same moment), so create it only when
-- missing and tolerate losing the race. Without CREATEROLE, a DBA creates it beforehand
-- (CREATE ROLE granska_app LOGIN PASSWORD '...'); the migration then only grants.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'granska_app') THEN
    BEGIN
      CREATE ROLE granska_app LOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;  -- another database of this cluster created it concurrently
    END;
  END IF;
END
$$;

-- The position of each event in the chain is decided by the transaction that wrote it:
-- txid orders events in a way the sealer can finish (every transaction below the xmin of
-- a snapshot has ended, and no later transaction can get a lower one), unlike ids, which
-- a transaction may take early and commit late.
ALTER TABLE events ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_txid_id ON events (txid, id);

-- One link per sealed event, appended by SealPendingEvents in (txid, id) order:
-- hash = SHA-256(prev_hash, canonical content of the event). field_digests holds a short
-- fingerprint per canonical field, only so that `granska audit verify` can say which
-- field of a broken link differs. No foreign key to events: a deleted event must leave
-- its link behind for verify to find.
CREATE TABLE event_chain (
  position      bigint PRIMARY KEY CHECK (position > 0),
  event_id      bigint NOT NULL UNIQUE,
  event_txid    xid8 NOT NULL,
  prev_hash     text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash          text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  field_digests text NOT NULL,
  sealed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- What the server may do: everything it needs on every table and sequence, ...
GRANT USAGE ON SCHEMA public TO granska_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO granska_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO granska_app;
-- ... also on tables and sequences that later migrations (run by this same owner) add, ...
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO granska_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO granska_app;
-- ... except that the audit trail is append-only and the schema is the owner's.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON events, event_chain FROM granska_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_migrations FROM granska_app;
REVOKE ALL ON events, event_chain, schema_migrations FROM PUBLIC;
