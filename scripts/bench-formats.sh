#!/usr/bin/env bash
# bench-formats.sh: reading speed of every incident format against the native format, same records.
#
# Usage: scripts/bench-formats.sh     (a minute or two on 2 cores; not part of the tests)
# Environment: BENCH_RECORDS=100000, BENCH_RUNS=3, BENCH_BUILD=dir (default
# build-bench/, a Release build), BENCH_THREADS (passed to --threads; default 1,
# so the reading itself is compared, not the parse pool).
#
# Generates BENCH_RECORDS native incidents (tools/generate.py, NDJSON), rewrites
# them in each vendor shape (tools/vendor_shapes.py), and times `tierzero check`
# on each (median of BENCH_RUNS runs of CPU time, user + system: on a shared
# machine wall time says more about the neighbours than about the reader).
# Prints each format's time and its ratio to the native format's in the same
# framing (a JSON document against the native {"incidents": [...]}, NDJSON and
# CSV against native NDJSON: a document is scanned twice, a stream once); the
# target is at most 1.3.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
N=${BENCH_RECORDS:-100000}
RUNS=${BENCH_RUNS:-3}
THREADS=${BENCH_THREADS:-1}
PYTHON=$(command -v python3 || echo /usr/bin/python3)

mkdir -p "$BUILD"
if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTIERZERO_TESTS=OFF &&
    cmake --build "$BUILD" -j2 --target tierzero; } >"$BUILD/bench-build.log" 2>&1; then
    cat "$BUILD/bench-build.log" >&2
    exit 1
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" "$ROOT/tools/generate.py" -q --incidents "$N" --format ndjson --out-dir "$WORK"
"$PYTHON" "$ROOT/tools/vendor_shapes.py" "$WORK/incidents.ndjson" "$WORK/v"
"$PYTHON" -c 'import json, sys; json.dump({"incidents": [json.loads(l) for l in open(sys.argv[1])]}, open(sys.argv[2], "w"))' \
    "$WORK/incidents.ndjson" "$WORK/incidents.json"
gzip -c "$WORK/v/pagerduty.json" >"$WORK/v/pagerduty.json.gz"
# incident.io as `jq -c '.incidents[]'` gives it: each record recognised by its keys.
"$PYTHON" -c 'import json, sys; open(sys.argv[2], "w").writelines(json.dumps(r) + "\n" for r in json.load(open(sys.argv[1]))["incidents"])' \
    "$WORK/v/incidentio.json" "$WORK/v/incidentio.ndjson"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
seconds() {
    for ((run = 0; run < RUNS; run++)); do
        /usr/bin/time -f '%U %S' -o "$WORK/t" "$BUILD/tierzero" check -q --threads "$THREADS" \
            "$1" >/dev/null 2>&1 || true
        awk '{ print $1 + $2 }' "$WORK/t"
    done | median
}

native_ndjson=$(seconds "$WORK/incidents.ndjson")
native_json=$(seconds "$WORK/incidents.json")
printf '%-22s %11s %8s  %s\n' format cpu-seconds ratio bytes
printf '%-22s %11s %8s  %s\n' native-ndjson "$native_ndjson" 1.00 "$(stat -c %s "$WORK/incidents.ndjson")"
printf '%-22s %11s %8s  %s\n' native-json "$native_json" 1.00 "$(stat -c %s "$WORK/incidents.json")"
for f in statuspage.ndjson incidents.csv pagerduty.json pagerduty.json.gz incidentio.json \
    incidentio.ndjson gcp.json; do
    case $f in
    *.ndjson | *.csv) base=$native_ndjson ;;
    *) base=$native_json ;;
    esac
    s=$(seconds "$WORK/v/$f")
    ratio=$(awk -v a="$s" -v b="$base" 'BEGIN { printf "%.2f", (b > 0) ? (a / b) : 0 }')
    verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.3) ? "ok" : "MISS" }')
    printf '%-22s %11s %8s  %s %s\n' "$f" "$s" "$ratio" "$(stat -c %s "$WORK/v/$f")" "$verdict"
done
