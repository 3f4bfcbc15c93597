#!/usr/bin/env bash
# Builds Granska with AddressSanitizer and UndefinedBehaviorSanitizer, provisions a
# throwaway PostgreSQL (unix socket only, removed afterwards) and runs the whole suite.
source "$(dirname "$0")/common.sh"
ensure_packages

# The libFuzzer targets (fuzz/, docs/hardening.md) need clang; the suite runs them for a
# bounded time as the CTest entries fuzz_intake and fuzz_rules.
FUZZ_BUILD="$ROOT/build/fuzz"
log "building the fuzzers (clang-14, libFuzzer + ASan + UBSan)"
cmake -S "$ROOT" -B "$FUZZ_BUILD" -DGRANSKA_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$FUZZ_BUILD" -j "$JOBS"

BUILD="$ROOT/build/test"
log "building (Debug, ASan + UBSan)"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DGRANSKA_SANITIZE=ON -DGRANSKA_BUILD_BENCH=OFF \
  -DGRANSKA_FUZZ_DIR="$FUZZ_BUILD/fuzz" >/dev/null
cmake --build "$BUILD" -j "$JOBS"

TMP="$(mktemp -d /tmp/granska-test.XXXXXX)"
chmod 755 "$TMP"
cleanup() { pg_stop; rm -rf "$TMP"; }
trap cleanup EXIT
log "starting a throwaway PostgreSQL in $TMP"
# Durability is irrelevant for a throwaway cluster; this makes the suite faster.
pg_start "$TMP/pg" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200
export GRANSKA_TEST_DB="$GRANSKA_PG dbname=postgres"

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# The browser test's packages (playwright-core, axe-core: exact versions in package-lock.json).
if [ ! -d "$ROOT/tests/browser/node_modules" ]; then
  log "installing the browser test's npm packages"
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund)
fi
log "running the suite"
cd "$BUILD"
ctest --output-on-failure --timeout 900 -j 2 "$@"
