-- A name identifies one user (`user revoke-token --name`, sign-in, the advice list), compared
-- as at sign-in: ASCII letters folded to lower case and surrounding spaces trimmed (the same
-- expression as store/pg_session_repository.cpp's GRANSKA_LOGIN; translate and btrim are
-- immutable, lower() would follow the collation). UserAdmin::Add checks it first and names the
-- clash; this index makes two concurrent `user add`s of one name impossible as well. Disabled
-- users keep their names without blocking them.
--
-- A database that already has two live users of one name (possible before this version)
-- refuses the migration with the names to rename, instead of an index error.
DO $$
DECLARE
  clashes text;
BEGIN
  SELECT string_agg(format('%L (users %s)', key, ids), '; ' ORDER BY key) INTO clashes
  FROM (SELECT translate(btrim(name), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') AS key,
               string_agg(id::text, ', ' ORDER BY id) AS ids
        FROM users WHERE disabled_at IS NULL
        GROUP BY 1 HAVING count(*) > 1) d;
  IF clashes IS NOT NULL THEN
    RAISE EXCEPTION 'two or more users share a name: %', clashes
      USING HINT = 'Rename all but one of each (UPDATE users SET name = ... WHERE id = ...), then run granska migrate again.';
  END IF;
END $$;

CREATE UNIQUE INDEX users_live_name_unique
  ON users (translate(btrim(name), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'))
  WHERE disabled_at IS NULL;
