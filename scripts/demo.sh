#!/usr/bin/env bash
# Builds Granska, provisions a private PostgreSQL in .local/pg-demo (unix socket only),
# migrates it, loads demo data once (users with tokens, premises, incidents, applications)
# and serves on a free port that it prints. Ctrl-C stops the server and the database.
source "$(dirname "$0")/common.sh"
ensure_packages

log "building (Release)"
cmake -S "$ROOT" -B "$ROOT/build/release" -DCMAKE_BUILD_TYPE=Release -DGRANSKA_BUILD_TESTS=OFF -DGRANSKA_BUILD_BENCH=OFF >/dev/null
cmake --build "$ROOT/build/release" --target granska -j "$JOBS"
GRANSKA="$ROOT/build/release/src/granska"

log "starting the private PostgreSQL in .local/pg-demo"
pg_start "$ROOT/.local/pg-demo"
trap pg_stop EXIT
pg_createdb granska
export GRANSKA_DB="$GRANSKA_PG dbname=granska"  # the owner: runs the migrations

cd "$ROOT"
"$GRANSKA" migrate
export GRANSKA_DB="${GRANSKA_PG/user=granska/user=granska_app} dbname=granska"  # the server's role (events append-only)
TOKENS="$ROOT/.local/demo-tokens.txt"
if [ ! -s "$TOKENS" ]; then
  log "loading demo data"
  "$GRANSKA" demo-data > "$TOKENS.tmp" && mv "$TOKENS.tmp" "$TOKENS"
fi
cat "$TOKENS"

port="${GRANSKA_HTTP_PORT:-8080}"
while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
export GRANSKA_HTTP_PORT="$port"
log "Granska on http://127.0.0.1:$port/  (try: curl -H 'Authorization: Bearer <case_officer token>' http://127.0.0.1:$port/api/v1/cases)"
"$GRANSKA" serve
