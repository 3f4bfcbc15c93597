#!/usr/bin/env bash
# HTTP benchmark (issue 10): builds Release into build/bench-http, provisions a private
# PostgreSQL (unix socket only, fsync ON), migrates, creates users, loads premises and a
# few incidents, starts `granska serve` on a free loopback port and measures, in one run:
#   (a) pgbench: single-row insert TPS on the same PostgreSQL, same client count;
#   (b) wrk: POST /api/v1/applications (realistic grants and bookings), req/s, ratio to (a),
#       p50/p99;
#   (c) wrk: GET /api/v1/cases?limit=50 and a keyset page with >= 100 000 cases; the same
#       list with screening=brief (c''); the officer's queue and case list pages (c');
#       each of them also paced, at half the throughput its back-to-back run reached;
#   (d) resident memory (VmRSS) of the server during a long bounded mixed run.
# Every loop is bounded in count and time; every request goes to 127.0.0.1.
# Knobs (environment): CLIENTS (8), POST_SECONDS (20), GET_SECONDS (15), CASES (100000),
# MEM_REQUESTS (1000000), MEM_SECONDS (240), PERF=1 records system-wide perf profiles of the
# submit run, the first list run and the queue page run; GRANSKA_BIN measures that binary
# instead of building this tree.
source "$(dirname "$0")/../../scripts/common.sh"
ensure_packages wrk

CLIENTS="${CLIENTS:-8}"
POST_SECONDS="${POST_SECONDS:-20}"
GET_SECONDS="${GET_SECONDS:-15}"
CASES="${CASES:-100000}"
MEM_REQUESTS="${MEM_REQUESTS:-1000000}"
MEM_SECONDS="${MEM_SECONDS:-240}"
HERE="$ROOT/bench/http"
BUILD="$ROOT/build/bench-http"
WORK="${BENCH_HTTP_WORK:-/tmp/granska-bench-http}"
OUT="$BUILD/results.txt"

if [ -n "${GRANSKA_BIN:-}" ]; then
  # An earlier build kept aside, to measure before and after back to back without
  # compiling in between (its migrations must match this tree's).
  GRANSKA="$GRANSKA_BIN"
  log "measuring $GRANSKA (not built here)"
else
  log "building (Release) in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DGRANSKA_BUILD_TESTS=OFF -DGRANSKA_BUILD_BENCH=OFF >/dev/null
  cmake --build "$BUILD" --target granska -j "$(( JOBS < 2 ? JOBS : 2 ))"
  GRANSKA="$BUILD/src/granska"
fi

SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  pg_stop
}
trap cleanup EXIT

log "starting a private PostgreSQL in $WORK (socket only, fsync on)"
rm -rf "$WORK"
mkdir -p "$WORK"
chmod 755 "$WORK"
# STATEMENTS=1: pg_stat_statements is loaded, and the submit run's top statements printed.
PG_EXTRA=()
[ "${STATEMENTS:-0}" = 1 ] && PG_EXTRA=(-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all)
pg_start "$WORK/pg" -c max_connections=100 -c shared_buffers=512MB "${PG_EXTRA[@]}"
PSQL="$(pg_bin)/psql"
PGBENCH="$(pg_bin)/pgbench"
[ -x "$PGBENCH" ] || PGBENCH="$(command -v pgbench)"
pg_createdb granska_bench
OWNER_DB="$GRANSKA_PG dbname=granska_bench"
APP_DB="${GRANSKA_PG/user=granska/user=granska_app} dbname=granska_bench"
"$PSQL" "$OWNER_DB" -tAc "SHOW fsync" | grep -qx on || { echo "fsync is not on" >&2; exit 1; }

cd "$ROOT"
GRANSKA_DB="$OWNER_DB" "$GRANSKA" migrate >/dev/null
token() { GRANSKA_DB="$APP_DB" "$GRANSKA" user add --name "$1" --role "$2" ${3:+--sector "$3"} | tail -1; }
INTAKE="$(token 'E-tjänsten' intake)"
OFFICER="$(token 'Karin Holm' case_officer)"
ADMIN="$(token 'Admin' admin)"
COORD="$(token 'Sara Ek' coordinator security)"

# The server: its own config (the background job off so it does not compete; everything
# else as shipped), a free loopback port.
sed -e 's/^jobs.interval_seconds.*/jobs.interval_seconds = 0/' "$ROOT/config/granska.properties" >"$WORK/granska.properties"
PORT=18080
while (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; do PORT=$((PORT + 1)); done
BASE="http://127.0.0.1:$PORT"
GRANSKA_DB="$APP_DB" GRANSKA_HTTP_PORT="$PORT" GRANSKA_RULES_DIR="$ROOT/rules" GRANSKA_TEMPLATES_DIR="$ROOT/templates" \
  GRANSKA_LETTERS_CONFIG="$ROOT/config/municipality.properties" \
  "$GRANSKA" serve --config "$WORK/granska.properties" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$BASE/healthz" >/dev/null

log "loading premises and incidents"
for p in storsalen:Storsalen:120 lillsalen:Lillsalen:40 gymnastiksalen:Gymnastiksalen:200; do
  IFS=: read -r id name cap <<<"$p"
  curl -fsS -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$name\",\"capacity\":$cap}" "$BASE/api/v1/premises/$id" >/dev/null
done
# Two people in the generator's name pool have verified incidents: a share of the
# applications is flagged and referred (the heavier path, with a referral row).
for person in "Omar Lind" "Leila Yilmaz"; do
  curl -fsS -X POST -H "Authorization: Bearer $COORD" -H 'Content-Type: application/json' \
    -d "{\"subject\":{\"person\":\"$person\"},\"kind\":\"threat\",\"occurred_on\":\"2025-05-01\",\"source\":\"court_judgment\",\"verified\":true,\"reference\":\"B 1234-25\",\"summary\":\"Hot.\"}" \
    "$BASE/api/v1/incidents" >/dev/null
done

# wrk's latency figures come in us/ms/s: print them in ms.
to_ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}'; }
wrk_field() {  # file, percentile label (50%, 99%) -> ms
  awk -v p="$2" '$1 == p {print $2; exit}' "$1" | to_ms
}
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_errors() { awk '/Non-2xx or 3xx responses:/ {print $NF; f=1} END {if (!f) print 0}' "$1"; }
wrk_total() { awk '/requests in/ {print $1; exit}' "$1"; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
# Paced load: the same requests on $CLIENTS connections, each pausing a random
# (exponential) time between requests so that together they offer half the throughput the
# back-to-back run just reached (paced.lua). This is the latency an officer sees on a busy
# but not saturated server; the back-to-back figures are the saturated one.
# Usage: paced <back-to-back wrk output> <output> <wrk arguments (headers, URL)...>
paced() {
  local sat="$1" out="$2"; shift 2
  local rps pause
  rps="$(wrk_rps "$sat")"
  pause="$(awk -v c="$CLIENTS" -v r="$rps" 'BEGIN {printf "%.0f", c * 1000 / (r / 2)}')"
  wrk -t2 -c "$CLIENTS" -d "${GET_SECONDS}s" --timeout 10s --latency -s "$HERE/paced.lua" "$@" -- "$pause" >"$out"
  echo "paced at half of $rps req/s (mean pause $pause ms a connection): $(wrk_rps "$out") req/s, p50 $(wrk_field "$out" 50%) ms, p99 $(wrk_field "$out" 99%) ms, non-2xx $(wrk_errors "$out")"
}

: >"$OUT"
say() { echo "$*" | tee -a "$OUT"; }
say "date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine competes for the same cores)"
say "PostgreSQL $("$PSQL" "$OWNER_DB" -tAc 'SHOW server_version'), fsync=$("$PSQL" "$OWNER_DB" -tAc 'SHOW fsync'), synchronous_commit=$("$PSQL" "$OWNER_DB" -tAc 'SHOW synchronous_commit'); clients: $CLIENTS"

log "(a) pgbench: single-row insert, $CLIENTS clients, ${POST_SECONDS}s"
"$PSQL" "$OWNER_DB" -qc "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, org_number integer NOT NULL, payload text NOT NULL, at timestamptz NOT NULL DEFAULT now())"
"$PGBENCH" -n -M prepared -c "$CLIENTS" -j 2 -T "$POST_SECONDS" -f "$HERE/insert_one_row.sql" "$OWNER_DB" >"$WORK/pgbench.txt" 2>&1
PG_TPS="$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench.txt")"
PG_LAT="$(awk '/^latency average = / {print $4; exit}' "$WORK/pgbench.txt")"
say "(a) pgbench single-row insert: $PG_TPS tps (latency average $PG_LAT ms)"
# One client: every commit waits for its own WAL flush. A submission holds the year's
# case-number counter row until its commit has flushed, so submissions cannot commit
# faster than this, whatever the client count (see bench/RESULTS.md).
"$PGBENCH" -n -M prepared -c 1 -j 1 -T "$(( POST_SECONDS / 2 ))" -f "$HERE/insert_one_row.sql" "$OWNER_DB" >"$WORK/pgbench-1.txt" 2>&1
PG_TPS1="$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench-1.txt")"
say "    pgbench with 1 client (one WAL flush per commit): $PG_TPS1 tps"

log "(b) wrk: POST /api/v1/applications, $CLIENTS connections, ${POST_SECONDS}s"
# PERF=1: a system-wide profile (server, PostgreSQL backends, wrk) of one phase.
PERF_PID=""
perf_start() {
  [ "${PERF:-0}" = 1 ] || return 0
  perf record -F 499 -a -g -o "$WORK/perf-$1.data" -- sleep "$2" >/dev/null 2>&1 &
  PERF_PID=$!
}
perf_end() {
  [ -n "$PERF_PID" ] || return 0
  wait "$PERF_PID"
  PERF_PID=""
  perf report -i "$WORK/perf-$1.data" --no-children --sort comm,dso --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -25 >"$WORK/perf-$1-by-process.txt" || true
  perf report -i "$WORK/perf-$1.data" --no-children --sort comm,sym --percent-limit 0.7 --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | head -70 >"$WORK/perf-$1.txt" || true
  log "profile of $1: $WORK/perf-$1.txt and $WORK/perf-$1-by-process.txt"
}
[ "${STATEMENTS:-0}" = 1 ] && "$PSQL" "$OWNER_DB" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null
perf_start submit "$POST_SECONDS"
wrk -t2 -c "$CLIENTS" -d "${POST_SECONDS}s" --timeout 10s --latency -s "$HERE/post_applications.lua" \
  "$BASE/api/v1/applications" -- "$INTAKE" storsalen >"$WORK/wrk-post.txt"
perf_end submit
if [ "${STATEMENTS:-0}" = 1 ]; then
  "$PSQL" "$OWNER_DB" -c "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, round(total_plan_time::numeric, 0) AS plan_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 150) AS query FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 30" >"$WORK/statements-submit.txt"
  log "the submit run's statements: $WORK/statements-submit.txt"
fi
POST_RPS="$(wrk_rps "$WORK/wrk-post.txt")"
say "(b) POST /api/v1/applications: $POST_RPS req/s, p50 $(wrk_field "$WORK/wrk-post.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-post.txt" 99%) ms, non-2xx $(wrk_errors "$WORK/wrk-post.txt") of $(wrk_total "$WORK/wrk-post.txt")"
say "    ratio to pgbench: $(awk -v a="$POST_RPS" -v b="$PG_TPS" 'BEGIN {printf "%.1f %%", 100*a/b}') (target >= 50 %, p99 < 20 ms); to pgbench with 1 client: $(awk -v a="$POST_RPS" -v b="$PG_TPS1" 'BEGIN {printf "%.0f %%", 100*a/b}')"
wrk -t1 -c1 -d"$(( POST_SECONDS / 2 ))s" --timeout 10s --latency -s "$HERE/post_applications.lua" \
  "$BASE/api/v1/applications" -- "$INTAKE" storsalen >"$WORK/wrk-post-1.txt"
say "    one connection: $(wrk_rps "$WORK/wrk-post-1.txt") req/s, p50 $(wrk_field "$WORK/wrk-post-1.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-post-1.txt" 99%) ms"
"$PSQL" "$OWNER_DB" -tAc "SELECT 'cases by status: ' || string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM cases GROUP BY 1 ORDER BY 2 DESC) s" | tee -a "$OUT"
GAPS="$("$PSQL" "$OWNER_DB" -tAc "SELECT count(*) - (max(sequence) - min(sequence) + 1) FROM cases WHERE year = extract(year FROM now() AT TIME ZONE 'Europe/Stockholm')::int")"
say "    case numbers: $("$PSQL" "$OWNER_DB" -tAc "SELECT count(*) FROM cases") cases, gap check (count - span) = $GAPS, unnumbered $("$PSQL" "$OWNER_DB" -tAc "SELECT count(*) FROM cases WHERE case_number IS NULL")"

# (a'') The database's own limit for a submission: pgbench running a submission's own
# transaction (the facts reads, the inserts and the update, with a real case's application
# and screening texts) on a second database of the same cluster, as prepared statements.
log "(a'') pgbench: a submission's own transaction, $CLIENTS clients, ${POST_SECONDS}s"
pg_createdb granska_txn
TXN_DB="$GRANSKA_PG dbname=granska_txn"
GRANSKA_DB="$TXN_DB" "$GRANSKA" migrate >/dev/null
"$PSQL" "$TXN_DB" -qc "CREATE TABLE bench_sample AS SELECT a.raw_json, a.grant_type, a.amount_sek, a.member_count, a.contact_email, a.facts, s.rule_set_version, s.recommendation, s.democracy_flag, s.result_json, s.outcomes FROM applications a, screenings s LIMIT 0"
"$PSQL" "$OWNER_DB" -qc "COPY (SELECT a.raw_json, a.grant_type, a.amount_sek, a.member_count, a.contact_email, a.facts, s.rule_set_version, s.recommendation, s.democracy_flag, s.result_json, s.outcomes FROM cases c JOIN applications a ON a.case_id = c.id JOIN screenings s ON s.case_id = c.id WHERE c.kind = 'grant' AND c.recommendation = 'cleared' ORDER BY c.id LIMIT 1) TO STDOUT" |
  "$PSQL" "$TXN_DB" -qc "COPY bench_sample FROM STDIN"
[ "$("$PSQL" "$TXN_DB" -tAc "SELECT count(*) FROM bench_sample")" = 1 ] || { echo "no sample case for (a'')" >&2; exit 1; }
"$PGBENCH" -n -M prepared -c "$CLIENTS" -j 2 -T "$POST_SECONDS" -f "$HERE/submission_txn.sql" "$TXN_DB" >"$WORK/pgbench-txn.txt" 2>&1
TXN_TPS="$(awk '/^tps = / {print $3; exit}' "$WORK/pgbench-txn.txt")"
[ -n "$TXN_TPS" ] || { cat "$WORK/pgbench-txn.txt" >&2; exit 1; }
say "(a'') pgbench, a submission's own transaction (prepared): $TXN_TPS tps (latency average $(awk '/^latency average = / {print $4; exit}' "$WORK/pgbench-txn.txt") ms)"
say "    ratio (b) / (a''): $(awk -v a="$POST_RPS" -v b="$TXN_TPS" 'BEGIN {printf "%.0f %%", 100*a/b}')"

log "(c) loading cases up to $CASES (cloned in SQL from the submitted ones, same shape)"
"$PSQL" "$OWNER_DB" -v ON_ERROR_STOP=1 -q -v target="$CASES" -f "$HERE/load_cases.sql"
"$PSQL" "$OWNER_DB" -qc "VACUUM ANALYZE" 2>&1 | grep -v 'skipping\|permission' || true
# Loading writes ~0.5 GB of WAL; without this the checkpoint it triggers writes its buffers
# out through the list phases (seen on 2026-12-05: 22:38-22:41, across every list phase).
# The load is the benchmark's preparation, not the measured work.
"$PSQL" "$OWNER_DB" -qc "CHECKPOINT"
TOTAL="$("$PSQL" "$OWNER_DB" -tAc "SELECT count(*) FROM cases")"
MAX_ID="$("$PSQL" "$OWNER_DB" -tAc "SELECT max(id) FROM cases")"
MID_CURSOR="$(printf 'case:%s' $((MAX_ID / 2)) | base64 | tr '+/' '-_' | tr -d '=\n')"
curl -fsS -H "Authorization: Bearer $OFFICER" "$BASE/api/v1/cases?limit=50&after=$MID_CURSOR" | grep -q '"items"'
log "(c) wrk: GET /api/v1/cases?limit=50 over $TOTAL cases"
perf_start list "$GET_SECONDS"
wrk -t2 -c "$CLIENTS" -d "${GET_SECONDS}s" --timeout 10s --latency -H "Authorization: Bearer $OFFICER" \
  "$BASE/api/v1/cases?limit=50" >"$WORK/wrk-list.txt"
perf_end list
say "(c) GET /api/v1/cases?limit=50 ($TOTAL cases): $(wrk_rps "$WORK/wrk-list.txt") req/s, p50 $(wrk_field "$WORK/wrk-list.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-list.txt" 99%) ms, non-2xx $(wrk_errors "$WORK/wrk-list.txt")"
wrk -t2 -c "$CLIENTS" -d "${GET_SECONDS}s" --timeout 10s --latency -H "Authorization: Bearer $OFFICER" \
  "$BASE/api/v1/cases?limit=50&after=$MID_CURSOR" >"$WORK/wrk-keyset.txt"
say "    keyset page in the middle (after=case:$((MAX_ID / 2))): $(wrk_rps "$WORK/wrk-keyset.txt") req/s, p50 $(wrk_field "$WORK/wrk-keyset.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-keyset.txt" 99%) ms, non-2xx $(wrk_errors "$WORK/wrk-keyset.txt")"
wrk -t2 -c "$CLIENTS" -d "${GET_SECONDS}s" --timeout 10s --latency -H "Authorization: Bearer $OFFICER" \
  "$BASE/api/v1/cases?limit=50&status=referred" >"$WORK/wrk-filter.txt"
say "    filtered by status=referred: $(wrk_rps "$WORK/wrk-filter.txt") req/s, p50 $(wrk_field "$WORK/wrk-filter.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-filter.txt" 99%) ms, non-2xx $(wrk_errors "$WORK/wrk-filter.txt")"
wrk -t1 -c1 -d"$(( GET_SECONDS / 2 + 1 ))s" --timeout 10s --latency -H "Authorization: Bearer $OFFICER" \
  "$BASE/api/v1/cases?limit=50" >"$WORK/wrk-list-1.txt"
say "    one connection (service time, no queueing): $(wrk_rps "$WORK/wrk-list-1.txt") req/s, p50 $(wrk_field "$WORK/wrk-list-1.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-list-1.txt" 99%) ms; page size $(curl -fsS -H "Authorization: Bearer $OFFICER" "$BASE/api/v1/cases?limit=50" | wc -c) bytes"
say "    $(paced "$WORK/wrk-list.txt" "$WORK/wrk-list-paced.txt" -H "Authorization: Bearer $OFFICER" "$BASE/api/v1/cases?limit=50")"
say "    (target p99 < 10 ms)"
# (c'') The same list with screening=brief: each item's rule set and recommendation instead
# of every rule's result (docs/openapi.yaml), so no ~8 KB per item and, citing nothing, no
# recorded read: one statement, no transaction.
BRIEF="$BASE/api/v1/cases?limit=50&screening=brief"
curl -fsS -H "Authorization: Bearer $OFFICER" "$BRIEF" | grep -q '"recommendation"' ||
  { echo "the brief list shows no screening" >&2; exit 1; }
wrk -t2 -c "$CLIENTS" -d "${GET_SECONDS}s" --timeout 10s --latency -H "Authorization: Bearer $OFFICER" \
  "$BRIEF" >"$WORK/wrk-brief.txt"
wrk -t1 -c1 -d"$(( GET_SECONDS / 2 + 1 ))s" --timeout 10s --latency -H "Authorization: Bearer $OFFICER" \
  "$BRIEF" >"$WORK/wrk-brief-1.txt"
say "(c'') GET /api/v1/cases?limit=50&screening=brief ($TOTAL cases): $(wrk_rps "$WORK/wrk-brief.txt") req/s, p50 $(wrk_field "$WORK/wrk-brief.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-brief.txt" 99%) ms, non-2xx $(wrk_errors "$WORK/wrk-brief.txt"); one connection: p50 $(wrk_field "$WORK/wrk-brief-1.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-brief-1.txt" 99%) ms; page $(curl -fsS -H "Authorization: Bearer $OFFICER" "$BRIEF" | wc -c) bytes"
say "    $(paced "$WORK/wrk-brief.txt" "$WORK/wrk-brief-paced.txt" -H "Authorization: Bearer $OFFICER" "$BRIEF")"

# (c') The officer's own pages: the queue of open cases and the case list, as the browser
# asks for them (a signed-in session cookie, 25 rows a page, rendered HTML).
log "(c') wrk: the officer's queue page and case list page over $TOTAL cases"
echo 'bench-password-1' | GRANSKA_DB="$APP_DB" "$GRANSKA" user passwd --name 'Karin Holm' >/dev/null
JAR="$WORK/cookies.txt"
LOGIN_CSRF="$(curl -fsS -c "$JAR" "$BASE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)"
[ -n "$LOGIN_CSRF" ] || { echo "no sign-in form" >&2; exit 1; }
curl -fsS -o /dev/null -b "$JAR" -c "$JAR" --data-urlencode "csrf=$LOGIN_CSRF" --data-urlencode "next=" \
  --data-urlencode "login=Karin Holm" --data-urlencode "password=bench-password-1" "$BASE/login"
SESSION="$(awk '$6 == "granska_session" {print $7}' "$JAR")"
[ -n "$SESSION" ] || { echo "signing in gave no session cookie" >&2; exit 1; }
COOKIE="Cookie: granska_session=$SESSION"
curl -fsS -H "$COOKIE" "$BASE/queue?view=open" >"$WORK/queue-page.html"
grep -q 'href="/cases/[0-9]' "$WORK/queue-page.html" || { echo "the queue page shows no case" >&2; exit 1; }
for page in "queue?view=open" "cases"; do
  [ "$page" = cases ] || perf_start queue-page "$GET_SECONDS"
  wrk -t2 -c "$CLIENTS" -d "${GET_SECONDS}s" --timeout 10s --latency -H "$COOKIE" "$BASE/$page" >"$WORK/wrk-page.txt"
  [ "$page" = cases ] || perf_end queue-page
  wrk -t1 -c1 -d"$(( GET_SECONDS / 2 + 1 ))s" --timeout 10s --latency -H "$COOKIE" "$BASE/$page" >"$WORK/wrk-page-1.txt"
  say "(c') GET /$page ($TOTAL cases): $(wrk_rps "$WORK/wrk-page.txt") req/s, p50 $(wrk_field "$WORK/wrk-page.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-page.txt" 99%) ms, non-2xx $(wrk_errors "$WORK/wrk-page.txt"); one connection: p50 $(wrk_field "$WORK/wrk-page-1.txt" 50%) ms, p99 $(wrk_field "$WORK/wrk-page-1.txt" 99%) ms; page $(curl -fsS -H "$COOKIE" "$BASE/$page" | wc -c) bytes"
  say "    $(paced "$WORK/wrk-page.txt" "$WORK/wrk-page-paced.txt" -H "$COOKIE" "$BASE/$page")"
done

log "(d) memory: up to $MEM_REQUESTS mixed requests or ${MEM_SECONDS}s, VmRSS every 10 s"
RSS0="$(rss_kib)"
PER_THREAD=$(( MEM_REQUESTS / 2 ))
wrk -t2 -c "$CLIENTS" -d "${MEM_SECONDS}s" --timeout 10s -s "$HERE/mixed_requests.lua" "$BASE" -- \
  "$OFFICER" "$INTAKE" "$MAX_ID" "$PER_THREAD" >"$WORK/wrk-mem.txt" &
WRK_PID=$!
SAMPLES=""
for i in $(seq 1 $(( MEM_SECONDS / 10 + 1 ))); do
  sleep 10
  SAMPLES="$SAMPLES $(( $(rss_kib) / 1024 ))"
  kill -0 "$WRK_PID" 2>/dev/null || break
done
wait "$WRK_PID"
RSS1="$(rss_kib)"
say "(d) memory: $(wrk_total "$WORK/wrk-mem.txt") mixed requests at $(wrk_rps "$WORK/wrk-mem.txt") req/s (non-2xx $(wrk_errors "$WORK/wrk-mem.txt")); VmRSS before $((RSS0 / 1024)) MiB, every 10 s:$SAMPLES MiB, after $((RSS1 / 1024)) MiB"
say "server threads: $(awk '/^Threads:/ {print $2}' "/proc/$SERVER_PID/status"); raw wrk/pgbench output in $WORK"
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
log "figures in $OUT"
