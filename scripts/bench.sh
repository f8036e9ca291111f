#!/usr/bin/env bash
# bench.sh: times tierzero on 10,000, 100,000 and 1,000,000 generated incidents against the parse floor.
#
# Usage: scripts/bench.sh            (from anywhere; about 15 minutes on 2 cores)
# Environment: BENCH_SIZES="10000 100000" to run fewer sizes, BENCH_RUNS=3,
# BENCH_DATA=dir (default bench-data/, git-ignored: generated inputs are kept
# there and reused), BENCH_BUILD=dir (default build-bench/, a Release build).
#
# For each size it prints the input's size, the median of BENCH_RUNS runs of
# wall time and peak memory (/usr/bin/time) for `summary --json` and for
# `report` (PDF, XLSX and JSON), the throughput, and the parse floor: the
# same file merely parsed record by record with Jansson by tools/parse_floor.c
# (target t0-parse-floor). Then the targets, PASS or MISS. Not part of the tests.
#
# The analyst's script, tools/analyst_baseline.py (the same review as an
# analyst would script it with pandas, XlsxWriter and matplotlib; Debian's
# python3-pandas python3-xlsxwriter python3-matplotlib), is timed beside
# `report`, alternated run by run, for the sizes in BENCH_ANALYST_SIZES
# (default "10000 100000": at 1,000,000 incidents its json.load alone holds
# several gigabytes); BENCH_ANALYST=0 skips it, BENCH_ANALYST=1 fails without
# those packages (default: timed when they are installed).
# CPU time (user + system) is printed beside wall time: on a shared machine
# the wall clock measures the neighbours too.
#
# BENCH_BEFORE=path/to/tierzero (another build, e.g. of the previous commit)
# times that program's `report` too, alternated run by run with this one's
# and the analyst's script, and prints the two side by side with their
# documents' sizes: a change measured under the same load on both sides.
#
# Events SLOs (definitions.md §8): BENCH_EVENTS=1 (the default) also reviews a month of
# one-minute samples for 50 events SLOs (2.2 M samples: 40 SLOs from saved
# query_range responses of two series each, 10 from warehouse CSVs, made by
# tools/generate_series.py) and prints its time and peak memory. BENCH_SIZES=""
# runs only that. The same review with every SLO's "alerts": [] (no rule to
# replay; the rolling windows stay) is timed beside it: the difference is the
# alert replay's share (definitions.md §9).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
DATA=${BENCH_DATA:-$ROOT/bench-data}
SIZES=${BENCH_SIZES-"10000 100000 1000000"}
EVENTS=${BENCH_EVENTS:-1}
RUNS=${BENCH_RUNS:-3}
AS_OF=2026-01-01T00:00:00Z # the histories run from January 2016 to December 2025

if [ ! -x /usr/bin/time ]; then
    echo "bench.sh: /usr/bin/time is missing (scripts/deps.sh installs the 'time' package)" >&2
    exit 1
fi
PYTHON=$(command -v python3 || echo /usr/bin/python3)

echo "bench.sh: building $BUILD (Release)" >&2
mkdir -p "$BUILD"
if ! { cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DTIERZERO_TESTS=OFF &&
    cmake --build "$BUILD" -j2 --target tierzero t0-parse-floor; } >"$BUILD/bench-build.log" 2>&1; then
    cat "$BUILD/bench-build.log" >&2
    exit 1
fi
TZ_BIN=$BUILD/tierzero
FLOOR_BIN=$BUILD/t0-parse-floor
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# The median of the numbers on standard input.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# once NAME CMD...: runs CMD once, appending "wall peak-KB cpu" to $WORK/NAME.times
# (cpu = user + system seconds).
once() {
    local name=$1
    shift
    /usr/bin/time -f '%e %M %U %S' -o "$WORK/one" "$@" >/dev/null 2>"$WORK/stderr" || {
        echo "bench.sh: failed: $*" >&2
        cat "$WORK/stderr" >&2
        exit 1
    }
    tail -n 1 "$WORK/one" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' >>"$WORK/$name.times"
}

# medians NAME: sets NAME_s (median wall seconds), NAME_kb (median peak
# resident kilobytes) and NAME_cpu (median user + system seconds).
medians() {
    local name=$1
    printf -v "${name}_s" '%s' "$(cut -d' ' -f1 "$WORK/$name.times" | median)"
    printf -v "${name}_kb" '%s' "$(cut -d' ' -f2 "$WORK/$name.times" | median)"
    printf -v "${name}_cpu" '%s' "$(cut -d' ' -f3 "$WORK/$name.times" | median)"
    rm -f "$WORK/$name.times"
}

# measure NAME CMD...: runs CMD $RUNS times and takes the medians.
measure() {
    local name=$1
    shift
    for ((run = 0; run < RUNS; run++)); do
        once "$name" "$@"
    done
    medians "$name"
}

calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
verdict() { awk "BEGIN { exit !($*) }" && echo PASS || echo MISS; }

ANALYST=${BENCH_ANALYST:-auto}
ANALYST_SIZES=${BENCH_ANALYST_SIZES:-"10000 100000"}
if ! /usr/bin/python3 -c 'import pandas, xlsxwriter, matplotlib' 2>/dev/null; then
    if [ "$ANALYST" = 1 ]; then
        echo "bench.sh: BENCH_ANALYST=1 needs python3-pandas python3-xlsxwriter python3-matplotlib" >&2
        exit 1
    fi
    [ "$ANALYST" = auto ] && echo "bench.sh: no pandas, XlsxWriter or matplotlib: the analyst's script is not timed" >&2
    ANALYST=0
fi
[ "$ANALYST" = auto ] && ANALYST=1

declare -A SUM_S SUM_KB SUM_CPU REP_S REP_KB REP_CPU FLOOR_S FLOOR_CPU BYTES PDF_B JSON_B \
    JSON_CORE_B VIOLATIONS XLSX_B AN_S AN_KB AN_CPU BEF_S BEF_KB BEF_CPU BEF_XLSX_B
BEFORE=${BENCH_BEFORE:-}
if [ -n "$BEFORE" ] && [ ! -x "$BEFORE" ]; then
    echo "bench.sh: BENCH_BEFORE=$BEFORE is not an executable" >&2
    exit 1
fi
echo "wall seconds, (CPU seconds: user + system), medians of $RUNS runs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-9s %8s | %14s | %14s %6s %8s %9s | %14s %9s | %s\n' incidents "input MB" "floor s (cpu)" \
    "summary (cpu)" "xfloor" "MB/s" "peak MB" "report (cpu)" "peak MB" "documents (PDF, JSON, XLSX KB)"
for n in $SIZES; do
    dir=$DATA/$n
    if [ ! -s "$dir/incidents.json" ]; then
        echo "bench.sh: generating $n incidents in $dir" >&2
        rm -rf "$dir.tmp"
        "$PYTHON" "$ROOT/tools/generate.py" -q --incidents "$n" --releases $((n / 20)) \
            --services 12 --years 10 --start 2016-01 --seed 7 --format json --out-dir "$dir.tmp"
        rm -rf "$dir"
        mv "$dir.tmp" "$dir"
    fi
    in=$dir/incidents.json
    args=(-q -c "$dir/config.json" -r "$dir/releases.json" --as-of "$AS_OF")
    measure floor "$FLOOR_BIN" "$in"
    measure summary "$TZ_BIN" summary --json "${args[@]}" "$in"
    # report and the analyst's script alternate, run by run, so that both
    # see the same load on a shared machine
    analyst=0
    [ "$ANALYST" = 1 ] && [[ " $ANALYST_SIZES " == *" $n "* ]] && analyst=1
    for ((run = 0; run < RUNS; run++)); do
        rm -rf "$WORK/out" "$WORK/analyst"
        once report "$TZ_BIN" report "${args[@]}" -o "$WORK/out" --name doc "$in"
        if [ -n "$BEFORE" ]; then
            rm -rf "$WORK/before"
            once before "$BEFORE" report "${args[@]}" -o "$WORK/before" --name doc "$in"
        fi
        if [ $analyst = 1 ]; then
            once analyst /usr/bin/python3 "$ROOT/tools/analyst_baseline.py" \
                --incidents "$in" --releases "$dir/releases.json" \
                --config "$dir/config.json" --as-of "$AS_OF" --out "$WORK/analyst"
        fi
    done
    medians report
    if [ -n "$BEFORE" ]; then
        medians before
        BEF_S[$n]=$before_s BEF_KB[$n]=$before_kb BEF_CPU[$n]=$before_cpu
        BEF_XLSX_B[$n]=$(stat -c %s "$WORK/before/doc.xlsx")
    fi
    if [ $analyst = 1 ]; then
        medians analyst
        AN_S[$n]=$analyst_s AN_KB[$n]=$analyst_kb AN_CPU[$n]=$analyst_cpu
    fi
    BYTES[$n]=$(stat -c %s "$in")
    FLOOR_S[$n]=$floor_s FLOOR_CPU[$n]=$floor_cpu SUM_S[$n]=$summary_s SUM_KB[$n]=$summary_kb
    SUM_CPU[$n]=$summary_cpu REP_S[$n]=$report_s REP_KB[$n]=$report_kb REP_CPU[$n]=$report_cpu
    PDF_B[$n]=$(stat -c %s "$WORK/out/doc.pdf")
    JSON_B[$n]=$(stat -c %s "$WORK/out/doc.json")
    read -r "JSON_CORE_B[$n]" "VIOLATIONS[$n]" < <("$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
v = d["releases"].pop("violations", [])
print(len(json.dumps(d)), len(v))' "$WORK/out/doc.json")
    XLSX_B[$n]=$(stat -c %s "$WORK/out/doc.xlsx")
    mb=$(calc "${BYTES[$n]} / 1e6")
    printf '%-9s %8s | %14s | %14s %6s %8s %9s | %14s %9s | %s, %s, %s\n' "$n" "$mb" \
        "$floor_s ($floor_cpu)" "$summary_s ($summary_cpu)" \
        "$(calc "$summary_s / ($floor_s > 0 ? $floor_s : 0.01)")" \
        "$(calc "$mb / ($summary_s > 0 ? $summary_s : 0.01)")" "$(calc "$summary_kb / 1024")" \
        "$report_s ($report_cpu)" "$(calc "$report_kb / 1024")" "$((PDF_B[$n] / 1024))" \
        "$((JSON_B[$n] / 1024))" "$((XLSX_B[$n] / 1024))"
done

if [ "$EVENTS" = 1 ]; then
    dir=$DATA/series-50
    if [ ! -s "$dir/config.json" ]; then
        echo "bench.sh: generating 50 events SLOs' series in $dir" >&2
        rm -rf "$dir.tmp"
        "$PYTHON" "$ROOT/tools/generate_series.py" --slos 50 --month 2025-12 --out-dir "$dir.tmp"
        rm -rf "$dir"
        mv "$dir.tmp" "$dir"
    fi
    measure events "$TZ_BIN" summary --json -q -c "$dir/config.json" --month 2025-12 \
        --as-of "$AS_OF"
    "$PYTHON" - "$dir/config.json" "$WORK/no-alerts.json" <<'PY'
import json, os, sys
c = json.load(open(sys.argv[1]))
base = os.path.dirname(os.path.abspath(sys.argv[1]))
for s in c["slos"]:
    s["alerts"] = []
    for k in ("good", "bad", "total"):
        if isinstance(s["sli"].get(k), dict) and "file" in s["sli"][k]:
            s["sli"][k]["file"] = os.path.join(base, s["sli"][k]["file"])
    if "file" in s["sli"]:
        s["sli"]["file"] = os.path.join(base, s["sli"]["file"])
json.dump(c, open(sys.argv[2], "w"))
PY
    measure noalerts "$TZ_BIN" summary --json -q -c "$WORK/no-alerts.json" --month 2025-12 \
        --as-of "$AS_OF"
    EV_MB=$(calc "$(du -sb "$dir" | cut -f1) / 1e6")
    EV_SAMPLES=$("$TZ_BIN" summary --json -q -c "$dir/config.json" --month 2025-12 \
        --as-of "$AS_OF" | "$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
# one-minute samples: counted = coverage x elapsed minutes of the month
print(sum(round(s["months"][-1]["data_coverage"] * s["months"][-1]["minutes_elapsed"])
          for s in d["slos"]))')
    echo
    printf '%-32s %8s | %8s %8s %9s\n' "events SLOs" "input MB" "summary" "(cpu)" "peak MB"
    printf '%-32s %8s | %8s %8s %9s\n' "50 SLOs, $EV_SAMPLES samples" "$EV_MB" "$events_s" \
        "($events_cpu)" "$(calc "$events_kb / 1024")"
    printf '%-32s %8s | %8s %8s %9s\n' "  the same, no alert rules" "" "$noalerts_s" \
        "($noalerts_cpu)" "$(calc "$noalerts_kb / 1024")"
fi

echo
echo "targets (wall time; CPU time beside it):"
target() { # text measured-wall measured-cpu condition-on-wall
    printf '  %-64s %10s %10s  %s\n' "$1" "$2" "$3" "$(verdict "$4")"
}
if [ "$EVENTS" = 1 ]; then
    target "events: a month of 1-minute samples, 50 SLOs, under 2 s" "${events_s} s" \
        "(cpu ${events_cpu} s)" "$events_s < 2"
    replay=$(calc "$events_cpu - $noalerts_cpu")
    printf '  %-64s %10s %10s  %s\n' "events: the alert replay's share (CPU), well under 1 s" \
        "${replay} s" "" "$(verdict "$replay < 0.5")"
fi
for n in 100000 1000000; do
    [ -n "${SUM_S[$n]:-}" ] || continue
    r=$(calc "${SUM_S[$n]} / (${FLOOR_S[$n]} > 0 ? ${FLOOR_S[$n]} : 0.01)")
    rc=$(calc "${SUM_CPU[$n]} / (${FLOOR_CPU[$n]} > 0 ? ${FLOOR_CPU[$n]} : 0.01)")
    target "summary --json, $n incidents, within 1.3x the parse floor" "${r}x" "(cpu ${rc}x)" "$r <= 1.3"
done
for n in 100000 1000000; do # below, the program's fixed 13 MB dominate
    [ -n "${SUM_KB[$n]:-}" ] || continue
    half=$(calc "${BYTES[$n]} / 2 / 1048576")
    peak=$(calc "${SUM_KB[$n]} / 1024")
    target "summary --json, $n incidents, peak memory <= half the input, ${half} MB" \
        "${peak} MB" "" "$peak <= $half"
done
if [ -n "${REP_S[100000]:-}" ]; then
    target "report (PDF, XLSX, JSON), 100000 incidents, under 3 s" "${REP_S[100000]} s" \
        "(cpu ${REP_CPU[100000]} s)" "${REP_S[100000]} < 3"
fi
for n in 10000 100000; do
    [ -n "${AN_S[$n]:-}" ] || continue
    want=15
    [ "$n" = 100000 ] && want=8
    r=$(calc "${AN_S[$n]} / (${REP_S[$n]} > 0 ? ${REP_S[$n]} : 0.01)")
    rc=$(calc "${AN_CPU[$n]} / (${REP_CPU[$n]} > 0 ? ${REP_CPU[$n]} : 0.01)")
    target "report at least ${want}x faster than the analyst's script, $n incidents" "${r}x" \
        "(cpu ${rc}x)" "$r >= $want"
done
if [ -n "${REP_S[1000000]:-}" ] && [ -n "${REP_S[100000]:-}" ]; then
    g=$(calc "${PDF_B[1000000]} / ${PDF_B[100000]}")
    printf '  %-62s %8s  %s\n' "PDF size bounded: 10x the incidents, at most 2x the bytes" \
        "${g}x" "$(verdict "$g <= 2")"
    # The JSON summary lists every policy violation of the period (definitions.md
    # §4): those follow the period's releases, which these histories scale
    # with the incidents (one release per 20). The rest must not grow.
    g=$(calc "${JSON_CORE_B[1000000]} / ${JSON_CORE_B[100000]}")
    printf '  %-62s %8s  %s\n' "JSON size bounded, its list of policy violations aside" \
        "${g}x" "$(verdict "$g <= 2")"
    echo "    (violations listed: ${VIOLATIONS[100000]} at 100000 incidents, ${VIOLATIONS[1000000]} at" \
        "1000000; whole files $((JSON_B[100000] / 1024)) and $((JSON_B[1000000] / 1024)) KB)"
fi
prev=
for n in $SIZES; do
    if [ -n "$prev" ] && [ "$n" -eq $((prev * 10)) ] && [ "$prev" -ge 100000 ]; then
        for what in summary report; do
            if [ $what = summary ]; then a=${SUM_S[$prev]} b=${SUM_S[$n]}; else a=${REP_S[$prev]} b=${REP_S[$n]}; fi
            g=$(calc "$b / ($a > 0 ? $a : 0.01)")
            printf '  %-62s %8s  %s\n' "$what: $n incidents cost at most 12x the time of $prev" \
                "${g}x" "$(verdict "$g <= 12")"
        done
    fi
    prev=$n
done

if [ "$ANALYST" = 1 ]; then
    echo
    echo "beside an analyst's script (tools/analyst_baseline.py: pandas, XlsxWriter, matplotlib), alternated run by run:"
    printf '%-9s | %14s %9s | %14s %9s | %s\n' incidents "report (cpu)" "peak MB" "analyst (cpu)" \
        "peak MB" "analyst / report (cpu)"
    for n in $SIZES; do
        [ -n "${AN_S[$n]:-}" ] || continue
        printf '%-9s | %14s %9s | %14s %9s | %sx (%sx)\n' "$n" "${REP_S[$n]} (${REP_CPU[$n]})" \
            "$(calc "${REP_KB[$n]} / 1024")" "${AN_S[$n]} (${AN_CPU[$n]})" \
            "$(calc "${AN_KB[$n]} / 1024")" \
            "$(calc "${AN_S[$n]} / (${REP_S[$n]} > 0 ? ${REP_S[$n]} : 0.01)")" \
            "$(calc "${AN_CPU[$n]} / (${REP_CPU[$n]} > 0 ? ${REP_CPU[$n]} : 0.01)")"
    done
fi

if [ -n "$BEFORE" ]; then
    echo
    echo "beside BENCH_BEFORE ($BEFORE), alternated run by run:"
    printf '%-9s | %14s %9s %9s | %14s %9s %9s | %s\n' incidents "before (cpu)" "peak MB" \
        "XLSX KB" "report (cpu)" "peak MB" "XLSX KB" "before / report (cpu)"
    for n in $SIZES; do
        [ -n "${BEF_S[$n]:-}" ] || continue
        printf '%-9s | %14s %9s %9s | %14s %9s %9s | %sx (%sx)\n' "$n" \
            "${BEF_S[$n]} (${BEF_CPU[$n]})" "$(calc "${BEF_KB[$n]} / 1024")" \
            "$((BEF_XLSX_B[$n] / 1024))" "${REP_S[$n]} (${REP_CPU[$n]})" \
            "$(calc "${REP_KB[$n]} / 1024")" "$((XLSX_B[$n] / 1024))" \
            "$(calc "${BEF_S[$n]} / (${REP_S[$n]} > 0 ? ${REP_S[$n]} : 0.01)")" \
            "$(calc "${BEF_CPU[$n]} / (${REP_CPU[$n]} > 0 ? ${REP_CPU[$n]} : 0.01)")"
    done
fi
