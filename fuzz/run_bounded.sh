#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time on a copy of its corpus, so the repository
# is never modified (docs/hardening.md). Used by the CTest entries fuzz_intake and
# fuzz_rules; by hand:
#   fuzz/run_bounded.sh build/fuzz/fuzz/intake_fuzz fuzz/corpus/intake 45 [ARTIFACT_DIR] [DICT]
# Fails (never skips) when the binary is missing. A crashing input is kept in ARTIFACT_DIR
# (default: a folder beside the temporary corpus that is printed) for reproduction:
#   build/fuzz/fuzz/intake_fuzz ARTIFACT_DIR/crash-...
set -euo pipefail

if [ $# -lt 3 ]; then
  echo "usage: $0 FUZZER CORPUS_DIR SECONDS [ARTIFACT_DIR] [DICTIONARY]" >&2
  exit 2
fi
fuzzer="$1" corpus="$2" seconds="$3" artifacts="${4:-}" dict="${5:-}"

if [ ! -x "$fuzzer" ]; then
  echo "FAIL: the fuzzer $fuzzer is missing. Build the clang fuzz build first, as scripts/test.sh does:" >&2
  echo "  cmake -S . -B build/fuzz -DGRANSKA_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo" >&2
  echo "  cmake --build build/fuzz -j2" >&2
  exit 1
fi
if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
  echo "FAIL: the seed corpus $corpus is missing or empty" >&2
  exit 1
fi

work="$(mktemp -d /tmp/granska-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp -R "$corpus/." "$work/corpus"
if [ -z "$artifacts" ]; then artifacts="$work/artifacts"; fi
mkdir -p "$artifacts"

args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
      -artifact_prefix="$artifacts/")
if [ -n "$dict" ]; then args+=(-dict="$dict"); fi

echo "fuzzing $(basename "$fuzzer") for ${seconds}s on a copy of $corpus ($(ls "$corpus" | wc -l) seeds)"
status=0
# libFuzzer's progress lines are many; keep the start, the findings and the final stats.
"$fuzzer" "${args[@]}" "$work/corpus" >"$work/log" 2>&1 || status=$?
grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)|^".*# Uses: ' "$work/log" | tail -n 60
if [ "$status" -ne 0 ]; then
  echo "FAIL: $(basename "$fuzzer") found a problem (exit $status); the input is in $artifacts:" >&2
  ls -l "$artifacts" >&2 || true
  echo "Reproduce: $fuzzer $artifacts/<crash-file>; add it to $corpus once fixed." >&2
  exit 1
fi
echo "ok: no crash, sanitizer report or property violation in ${seconds}s"
