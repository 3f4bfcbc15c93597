-- The contact person's name of each application revision, which the letters address ("Att:",
-- migration 0009 added the column) but which no insert wrote: every letter went out without
-- it. The inserts write it now; earlier revisions take it from their own text.
UPDATE applications
SET contact_name = nullif(btrim((raw_json::jsonb) -> 'organisation' -> 'contact' ->> 'name'), '')
WHERE contact_name IS NULL;
