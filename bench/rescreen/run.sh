#!/usr/bin/env bash
# Re-screening benchmark (issue 7, issue 10 item 3): builds Release, provisions its own
# PostgreSQL, loads N synthetic stored applications through COPY (bench_rescreen_load)
# into a fresh database, then runs the real `granska rescreen` under /usr/bin/time -v and
# prints wall time, cases/s and peak RSS; at 100 000 and 1 000 000 cases by default, to
# show that memory stays flat. Four runs per size: new incidents, nothing new, a rule
# change, the change taken back. Then the background jobs (`granska jobs run-once`) twice on
# the same database: what has accumulated, then the steady state.
#   bench/rescreen/run.sh [--counts "100000 1000000"] [--keep]
#   GRANSKA_BENCH_BUILD=DIR (default build-rescreen-rel), GRANSKA_BENCH_PG=DIR (default /tmp/granska-bench-rescreen-pg)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../../scripts/common.sh
source "$root/scripts/common.sh"
build="${GRANSKA_BENCH_BUILD:-$root/build-rescreen-rel}"
pg_dir="${GRANSKA_BENCH_PG:-/tmp/granska-bench-rescreen-pg}"
counts="100000 1000000"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --counts) counts="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "== build (Release) in $build"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGRANSKA_SANITIZE=OFF -DGRANSKA_BUILD_TESTS=OFF \
  -DGRANSKA_BUILD_BENCH=ON > "$build/cmake-rescreen.log" 2>&1 || { cat "$build/cmake-rescreen.log"; exit 1; }
cmake --build "$build" --target granska bench_rescreen_load -j2 > "$build/build-rescreen.log" 2>&1 \
  || { tail -50 "$build/build-rescreen.log"; exit 1; }
granska="$build/src/granska"
loader="$build/bench/rescreen/bench_rescreen_load"

echo "== PostgreSQL in $pg_dir"
# A server sized for the machine (24 GiB): shared_buffers 2 GB, few checkpoints while loading.
pg_start "$pg_dir" -c shared_buffers=2GB -c max_wal_size=8GB -c checkpoint_timeout=30min -c work_mem=64MB
stop_pg() { PG_DIR="$pg_dir" pg_stop; }
trap stop_pg EXIT
psql_admin() { "$(pg_bin)/psql" "$GRANSKA_PG dbname=postgres" -qtAc "$1"; }

field() { echo "$1" | sed -n "$2" | head -1; }
results=()
for n in $counts; do
  db="bench_rescreen_$n"
  conn="$GRANSKA_PG dbname=$db"
  echo "== $n cases: fresh database $db"
  psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  pg_createdb "$db"
  GRANSKA_DB="$conn" "$granska" migrate > /dev/null
  "$loader" --db "$conn" --count "$n"
  # As a database that has been running: vacuumed (visibility map, hint bits) and checkpointed.
  "$(pg_bin)/psql" "$conn" -qc "VACUUM ANALYZE" -c "CHECKPOINT"
  "$(pg_bin)/psql" "$conn" -tAc "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
  # Pass 1: the incidents recorded since the previous screenings; pass 2: nothing changed;
  # pass 3: after a rule change (GE-3: an annual meeting within 12 months instead of 15);
  # pass 4: that change taken back.
  changed_rules="$(mktemp -d)"
  cp "$root"/rules/*.yaml "$changed_rules"/
  sed -i 's/older_than: 15 months/older_than: 12 months/' "$changed_rules/20_eligibility.yaml"
  grep -q 'older_than: 12 months' "$changed_rules/20_eligibility.yaml" || { echo "rule change not applied" >&2; exit 1; }
  for pass in 1 2 3 4; do
    rules_dir="$root/rules"
    [ "$pass" = 3 ] && rules_dir="$changed_rules"
    out="$(mktemp)"; tv="$(mktemp)"
    (cd "$root" && GRANSKA_DB="$conn" GRANSKA_RULES_DIR="$rules_dir" /usr/bin/time -v -o "$tv" "$granska" rescreen > "$out")
    cat "$out"
    wall="$(grep 'Elapsed (wall clock)' "$tv" | awk '{print $NF}')"
    rss_kb="$(grep 'Maximum resident set size' "$tv" | awk '{print $NF}')"
    cpu_user="$(grep 'User time' "$tv" | awk '{print $NF}')"
    cpu_sys="$(grep 'System time' "$tv" | awk '{print $NF}')"
    screened="$(field "$(cat "$out")" 's/^re-screening run [0-9]*: \([0-9]*\) cases.*/\1/p')"
    run_s="$(field "$(cat "$out")" 's/.* in \([0-9.]*\) s, .*/\1/p')"
    changed="$(awk '/newly flagged|no longer flagged|other recommendation changes|other rules. outcomes changed/ {s += $NF} END {print s + 0}' "$out")"
    rate="$(awk -v n="$screened" -v s="$run_s" 'BEGIN { printf "%.0f", n / s }')"
    index_mib="$(field "$(cat "$out")" 's/.*(index \([0-9.]*\) MiB.*/\1/p')"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    results+=("$(printf '%9s  pass %d  %8s cases  %6s s  %8s cases/s  wall %8s  cpu %6ss user %5ss sys  peak RSS %6.1f MiB (index %5s MiB)  changed %6s  load %s' \
      "$n" "$pass" "$screened" "$run_s" "$rate" "$wall" "$cpu_user" "$cpu_sys" "$(awk -v k="$rss_kb" 'BEGIN{print k/1024}')" "$index_mib" "$changed" "$load")")
    rm -f "$out" "$tv"
  done
  rm -rf "$changed_rules"
  # The background jobs on the same database (issue 10: the closing job reads every decided
  # case on each run): the real `granska jobs run-once`, twice. The first run does what has
  # accumulated (sealing the loaded events, closing cases whose follow-up is over, overdue
  # conditions); the second is the steady state a server pays on every schedule tick.
  for run in 1 2; do
    out="$(mktemp)"; tv="$(mktemp)"
    (cd "$root" && GRANSKA_DB="$conn" /usr/bin/time -v -o "$tv" "$granska" jobs run-once > "$out")
    sed 's/^/    jobs: /' "$out"
    wall="$(grep 'Elapsed (wall clock)' "$tv" | awk '{print $NF}')"
    rss_kb="$(grep 'Maximum resident set size' "$tv" | awk '{print $NF}')"
    cpu_user="$(grep 'User time' "$tv" | awk '{print $NF}')"
    closed="$("$(pg_bin)/psql" "$conn" -tAc "SELECT count(*) FROM events WHERE event = 'case_closed'")"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    results+=("$(printf '%9s  jobs run-once %d  wall %8s  cpu %6ss user  peak RSS %6.1f MiB  case_closed events so far %8s  load %s' \
      "$n" "$run" "$wall" "$cpu_user" "$(awk -v k="$rss_kb" 'BEGIN{print k/1024}')" "$closed" "$load")")
    rm -f "$out" "$tv"
  done
  [ "$keep" = 1 ] || psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done

echo "== results (target: 1 000 000 cases in < 60 s; memory flat from 100 000 to 1 000 000)"
printf '%s\n' "${results[@]}"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(date -u +%Y-%m-%d)"
