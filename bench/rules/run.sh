#!/usr/bin/env bash
# Builds bench_rules (Release), runs it on 1 M synthetic applications (writing a 100 000
# subset as JSON lines), runs the Node engines on that subset, and prints the ratios.
#   bench/rules/run.sh [--count N] [--zen N] [--jre N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${GRANSKA_BENCH_BUILD:-$root/build-rules-rel}"
count=1000000
zen=100000
jre=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --zen) zen="$2"; shift 2 ;;
    --jre) jre="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

echo "== build (Release) in $build"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGRANSKA_SANITIZE=OFF > "$build/cmake-rules.log" 2>&1 \
  || { cat "$build/cmake-rules.log"; exit 1; }
# Only the rules library and the benchmark: nothing else of the tree is needed.
make -C "$build/src" -j2 granska_rules > /dev/null
make -C "$build/bench/rules" -j2 bench_rules/fast > /dev/null

mkdir -p "$here/data"
echo "== C++: engine and hand-written C++ on $count applications"
cpp_out="$("$build/bench/rules/bench_rules" --count "$count" --jsonl "$here/data/apps.jsonl" --jsonl-count 100000)"
echo "$cpp_out"

echo "== Node: GoRules ZEN, json-rules-engine, hand-written JavaScript"
if [ ! -d "$here/node_modules/@gorules/zen-engine" ] || [ ! -d "$here/node_modules/json-rules-engine" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
node_out="$(cd "$here" && node bench.js "$here/data/apps.jsonl" --zen "$zen" --jre "$jre")"
echo "$node_out"

value() { echo "$1" | grep '^RESULT' | tr ' ' '\n' | grep "^$2=" | cut -d= -f2; }
engine=$(value "$cpp_out" cpp_engine_evals_per_s)
hand=$(value "$cpp_out" cpp_hand_evals_per_s)
zen_core=$(value "$node_out" zen_per_core)
jre_core=$(value "$node_out" jre_per_core)
js=$(value "$node_out" js_evals_per_s)
echo "== ratios (per core)"
awk -v e="$engine" -v h="$hand" -v z="$zen_core" -v j="$jre_core" -v js="$js" 'BEGIN {
  printf "engine: %.0f evals/s per core (target >= 1 000 000): %s\n", e, (e >= 1e6 ? "met" : "NOT met");
  printf "engine / ZEN:              %8.0fx (target >= 100x): %s\n", e / z, (e / z >= 100 ? "met" : "NOT met");
  printf "engine / json-rules-engine:%8.0fx\n", e / j;
  printf "engine / hand-written JS:  %8.2fx\n", e / js;
  printf "engine / hand-written C++: %8.2f  (target >= 0.5): %s\n", e / h, (e / h >= 0.5 ? "met" : "NOT met");
}'
