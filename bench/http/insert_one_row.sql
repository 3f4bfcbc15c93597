-- pgbench custom script: the database's own single-row insert rate, the yardstick for
-- POST /api/v1/applications (one small row, one transaction, one commit with fsync).
\set org random(1, 999999)
INSERT INTO bench_insert (org_number, payload) VALUES (:org, 'x');
