#!/usr/bin/env bash
# prometheus_live.sh: PromQL sources against a real Prometheus (Debian's
# package): a month of counters backfilled with promtool, the series fetched
# and saved with --save-series, their counts compared with those worked out
# by the generator, and the failures a user meets: a 422 and a 400 quoted, an
# empty result as no data, a 503 answered by a retry, a response cut short, a
# server that stops mid-run, headers read from the environment. The server is
# stopped whatever happens.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?set T0_SOURCE_DIR}
HERE="$SRC/tests/e2e/prometheus"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit $?; }

for tool in prometheus promtool; do
    if ! command -v $tool >/dev/null; then
        bad "$tool is not installed (scripts/deps.sh installs Debian's prometheus)"
        finish
    fi
done

# expect STATUS FRAGMENT -- command...: exit status and a fragment of stdout+stderr
expect() {
    local want=$1 frag=$2; shift 3
    local out status
    out=$("$@" 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        bad "$* -> exit $status, want $want; output: ${out:0:600}"
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output lacks '$frag': ${out:0:600}"
    else
        ok
    fi
}

# The month before last (UTC), so the server holds it whole in its past.
read -r year month < <("$PY" -c '
import datetime
d = datetime.datetime.now(datetime.timezone.utc)
y, m = d.year, d.month - 2
if m < 1: y, m = y - 1, m + 12
print(y, m)')
M=$(printf '%04d-%02d' "$year" "$month")
next=$("$PY" -c "import sys; y,m=$year,$month; y,m=(y+1,1) if m==12 else (y,m+1); print('%04d-%02d-01T00:00:00Z'%(y,m))")

"$PY" "$HERE/gen_counters.py" "$year" "$month" "$work/counters.om" "$work/expected.json" ||
    { bad "generator"; finish; }
promtool tsdb create-blocks-from openmetrics -q "$work/counters.om" "$work/tsdb" >"$work/promtool.log" 2>&1 ||
    { bad "promtool: $(tail -3 "$work/promtool.log")"; finish; }

# A free loopback port, then the server on it with that storage.
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf 'global:\n  scrape_interval: 1h\n' >"$work/prometheus.yml"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$port" --storage.tsdb.retention.time=10y \
    >"$work/prometheus.log" 2>&1 &
prom_pid=$!
pids+=("$prom_pid")
URL="http://127.0.0.1:$port"
ready=0
for _ in $(seq 1 600); do
    if "$PY" -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1]+"/-/ready", timeout=1)' "$URL" 2>/dev/null; then
        ready=1
        break
    fi
    kill -0 "$prom_pid" 2>/dev/null || break
    "$PY" -c 'import time; time.sleep(0.1)'
done
if [ $ready -ne 1 ]; then
    bad "prometheus never became ready: $(tail -5 "$work/prometheus.log")"
    finish
fi

cat >"$work/incidents.json" <<EOF2
{"incidents": [{"id": "a", "title": "API errors", "impact": "partial_outage", "services": ["api"],
  "started_at": "${M}-03T14:05:00Z", "resolved_at": "${M}-03T15:05:00Z"}]}
EOF2

# config FILE GOOD_QUERY TOTAL_QUERY URL [EXTRA]: an events SLO asking URL
config() {
    "$PY" - "$@" <<'EOF2'
import json, sys
path, good, total, url = sys.argv[1:5]
extra = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
block = {"url": url, "step_seconds": 60, "retries": 1}
block.update(extra)
json.dump({"slos": [{"name": "API success", "services": ["api"], "objective_pct": 99.9,
                     "sli": {"kind": "events", "good": {"prometheus": good},
                             "total": {"prometheus": total}}}],
           "prometheus": block}, open(path, "w"), indent=1)
EOF2
}
# The increments of each minute, whatever the server's range rules.
GOOD='sum(http_requests_total{job="api",code!~"5.."}) - sum(http_requests_total{job="api",code!~"5.."} offset 1m)'
TOTAL='sum(http_requests_total{job="api"}) - sum(http_requests_total{job="api"} offset 1m)'
run_args=(--month "$M" --history 1 --as-of "$next")

# ---- 1. the month fetched and saved, counts as worked out independently ----
# The fetch starts 28 days (the rolling window) before the month, so that the
# first days' burn rates and rolling figures have their samples: the month's
# own points are those the generator worked out.
config "$work/live.json" "$GOOD" "$TOTAL" "$URL/"
expect 0 "" -- "$T" summary -c "$work/live.json" "${run_args[@]}" --save-series "$work/saved" "$work/incidents.json"
"$PY" - "$work/saved" "$work/expected.json" >"$work/counts.txt" 2>&1 <<'EOF2'
import json, math, sys
saved, want = sys.argv[1], json.load(open(sys.argv[2]))
lookback = 28 * 86400
problems = []
for role in ("good", "total"):
    doc = json.load(open("%s/01-%s.json" % (saved, role)))
    assert doc["status"] == "success" and doc["data"]["resultType"] == "matrix"
    result = doc["data"]["result"]
    # 10,000 points a request at most: one entry per request with data
    need = math.ceil((want["end"] - want["start"] + lookback) / 60 / 10000)
    if len(result) > need or any(len(s["values"]) > 10000 for s in result):
        problems.append("%s: %d entries, want at most %d of at most 10000 points" % (role, len(result), need))
    stamps = [v[0] for s in result for v in s["values"]]
    if min(stamps) <= want["start"] - lookback:
        problems.append("%s: a point %d before the look-back" % (role, min(stamps)))
    month = [(v[0], v[1]) for s in result for v in s["values"] if v[0] > want["start"]]
    stamps = [t for t, _ in month]
    if len(stamps) != want["points"] or len(set(stamps)) != len(stamps):
        problems.append("%s: %d points (%d distinct), want %d" % (role, len(stamps), len(set(stamps)), want["points"]))
    if min(stamps) != want["start"] + 60 or max(stamps) != want["end"]:
        problems.append("%s: points %d..%d, want %d..%d" % (role, min(stamps), max(stamps), want["start"] + 60, want["end"]))
    total = sum(float(v) for _, v in month)
    if total != want[role]:
        problems.append("%s: sum %s, want %s" % (role, total, want[role]))
print("; ".join(problems) or "ok")
EOF2
if [ "$(cat "$work/counts.txt")" = ok ]; then ok; else bad "saved series: $(cat "$work/counts.txt")"; fi

# The same fetch again gives the same bytes; the saved configuration reads
# the files and asks no server.
expect 0 "" -- "$T" summary -c "$work/live.json" "${run_args[@]}" --save-series "$work/saved2" "$work/incidents.json"
for f in 01-good.json 01-total.json config.json; do
    if cmp -s "$work/saved/$f" "$work/saved2/$f"; then ok; else bad "$f differs between two fetches"; fi
done
got=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["slos"][0]["sli"]; print(s["good"], s["total"], d["prometheus"])' "$work/saved/config.json")
want="{'file': '01-good.json'} {'file': '01-total.json'} {'step_seconds': 60}"
if [ "$got" = "$want" ]; then ok; else bad "saved config.json: $got, want $want"; fi
expect 0 "no problems found" -- "$T" check -c "$work/saved/config.json" "$work/incidents.json"
# The figures of a live review are those of the saved series read back
# offline, field by field, and the month's counts are the generator's.
"$T" summary --json -q -c "$work/live.json" "${run_args[@]}" "$work/incidents.json" >"$work/live-summary.json" 2>&1
"$T" summary --json -q -c "$work/saved/config.json" "${run_args[@]}" "$work/incidents.json" >"$work/saved-summary.json" 2>&1
# The documents too: a live report's JSON summary and PDF.
"$T" report -q -c "$work/live.json" "${run_args[@]}" --format json,pdf -o "$work/live-report" --name r "$work/incidents.json" 2>&1 || bad "live report"
[ -s "$work/live-report/r.pdf" ] && ok || bad "the live report wrote no PDF"
got=$("$PY" - "$work/live-summary.json" "$work/saved-summary.json" "$work/expected.json" "$work/live-report/r.json" <<'EOF2'
import json, sys
live, saved, want, report = (json.load(open(p)) for p in sys.argv[1:5])
problems = []
if live["slos"] != saved["slos"]:
    problems.append("live and saved figures differ")
if report["slos"] != saved["slos"]:
    problems.append("the live report's JSON and the saved figures differ")
m = live["slos"][0]["months"][0]
if m["events_total"] != want["total"] or m["events_good"] != want["good"]:
    problems.append("month: %s good of %s, want %s of %s" % (m["events_good"], m["events_total"], want["good"], want["total"]))
if not live["slos"][0].get("burn") or not live["slos"][0].get("rolling", {}).get("points"):
    problems.append("no burn replay or rolling points")
print("; ".join(problems) or "ok")
EOF2
)
if [ "$got" = ok ]; then ok; else bad "live against saved: $got"; fi

# check: the server answers and each query is asked over the last hour.
config "$work/hour.json" 'sum(vector(1))' 'sum(vector(2))' "$URL"
expect 0 'SLO "API success": good: 1 series, 60 samples over the last hour' -- \
    "$T" check -c "$work/hour.json" "$work/incidents.json"
expect 0 "answers, version" -- "$T" check -c "$work/hour.json" "$work/incidents.json"
# --prometheus overrides the configuration's url
expect 2 "not answering" -- "$T" check -c "$work/hour.json" --prometheus "http://127.0.0.1:1" "$work/incidents.json"
expect 2 'good: no data over the last hour' -- "$T" check -c "$work/live.json" "$work/incidents.json"

# ---- 2. what the server refuses ----
config "$work/422.json" 'label_replace(http_requests_total, "code", "x", "", "")' "$TOTAL" "$URL"
expect 2 'SLO "API success": good: ' -- "$T" summary -c "$work/422.json" "${run_args[@]}" "$work/incidents.json"
expect 2 '(HTTP 422): execution: vector cannot contain metrics with the same labelset' -- \
    "$T" summary -c "$work/422.json" "${run_args[@]}" "$work/incidents.json"
expect 2 "query 'label_replace(http_requests_total" -- \
    "$T" summary -c "$work/422.json" "${run_args[@]}" "$work/incidents.json"
config "$work/400.json" "$GOOD" 'sum(rate(http_requests_total[5m])' "$URL"
expect 2 '(HTTP 400): bad_data: ' -- "$T" summary -c "$work/400.json" "${run_args[@]}" --save-series "$work/s400" "$work/incidents.json"
if ls "$work/s400" 2>/dev/null | grep -q '\.part$\|01-total'; then bad "a failed fetch left a file"; else ok; fi

# ---- 3. an empty result is no data, saved as an empty matrix ----
config "$work/empty.json" 'sum(increase(no_such_metric_total[1m]))' "$TOTAL" "$URL"
expect 0 'SLO "API success": good: the query returned no data over the period' -- \
    "$T" summary -c "$work/empty.json" "${run_args[@]}" --save-series "$work/sempty" "$work/incidents.json"
got=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"])' "$work/sempty/01-good.json" 2>&1)
if [ "$got" = "{'resultType': 'matrix', 'result': []}" ]; then ok; else bad "empty result saved as $got"; fi

# ---- 4. faults a fake responder injects (loopback only) ----
# fake MODE: starts fake_server.py in front of the real server; sets FAKE.
fake() {
    rm -f "$work/fake.port" "$work/fake.log"
    "$PY" "$HERE/fake_server.py" "$1" "$URL" "$work/fake.port" "$work/fake.log" &
    pids+=($!)
    for _ in $(seq 1 300); do
        [ -s "$work/fake.port" ] && break
        "$PY" -c 'import time; time.sleep(0.05)'
    done
    FAKE="http://127.0.0.1:$(cat "$work/fake.port")"
}

# A 503 is answered by a retry, and the counts are the real ones.
fake 503-once
config "$work/f503.json" "$GOOD" "$TOTAL" "$FAKE"
expect 0 "" -- "$T" summary -c "$work/f503.json" "${run_args[@]}" --save-series "$work/s503" "$work/incidents.json"
if cmp -s "$work/saved/01-good.json" "$work/s503/01-good.json"; then ok; else bad "after a 503 the series differ"; fi
n=$(grep -c query_range "$work/fake.log")
# (44,640 + 40,320 look-back points) / 10,000: 9 requests a source, 2 sources,
# and the one repeated after the 503
if [ "$n" = 19 ]; then ok; else bad "$n requests after a 503, want 19"; fi
# Without retries the 503 is an error quoting the server.
fake 503-once
config "$work/f503b.json" "$GOOD" "$TOTAL" "$FAKE" '{"retries": 0}'
expect 2 '(HTTP 503): unavailable: overloaded' -- "$T" summary -c "$work/f503b.json" "${run_args[@]}" "$work/incidents.json"

# A response cut short: retried, then an error that says so.
fake cut-short
config "$work/fcut.json" "$GOOD" "$TOTAL" "$FAKE"
expect 2 'the response was cut short (after retrying)' -- \
    "$T" summary -c "$work/fcut.json" "${run_args[@]}" "$work/incidents.json"
n=$(grep -c query_range "$work/fake.log")
if [ "$n" = 2 ]; then ok; else bad "$n requests for a cut response with retries 1, want 2"; fi

# The server stops after its first answer, mid-run.
fake stop-after-one
config "$work/fstop.json" "$GOOD" "$TOTAL" "$FAKE"
expect 2 "Couldn't connect to server (after retrying)" -- \
    "$T" summary -c "$work/fstop.json" "${run_args[@]}" --save-series "$work/sstop" "$work/incidents.json"
if [ -e "$work/sstop/01-good.json" ] || ls "$work/sstop" | grep -q part; then bad "a run stopped mid-way left a file"; else ok; fi

# Headers come from the environment, never from the file.
fake proxy
config "$work/fauth.json" "sum(vector(1))" "sum(vector(1))" "$FAKE" \
    '{"headers": {"Authorization": {"env": "T0_TEST_TOKEN", "prefix": "Bearer "}}}'
T0_TEST_TOKEN=s3cret expect 0 "" -- "$T" summary -c "$work/fauth.json" "${run_args[@]}" "$work/incidents.json"
if grep -q ' Bearer s3cret$' "$work/fake.log" && ! grep -q ' -$' "$work/fake.log"; then ok; else bad "Authorization not sent: $(head -2 "$work/fake.log")"; fi
expect 2 "prometheus.headers.Authorization: the environment variable T0_TEST_TOKEN is not set" -- \
    env -u T0_TEST_TOKEN "$T" summary -c "$work/fauth.json" "${run_args[@]}" "$work/incidents.json"
config "$work/flit.json" "sum(vector(1))" "sum(vector(1))" "$FAKE" '{"headers": {"Authorization": "Bearer s3cret"}}'
expect 2 "a credential is read from the environment, never from the configuration" -- \
    "$T" check -c "$work/flit.json" "$work/incidents.json"

# Usage: --save-series with nothing to fetch; --prometheus not a URL.
expect 1 "--save-series: the configuration has no" -- "$T" summary --save-series "$work/x" "$work/incidents.json"
expect 1 "--prometheus: expected an http:// or https://" -- "$T" check --prometheus "ftp://x" "$work/incidents.json"

# ---- 5. an OpenSLO file, as its users write it, asks the same server ----
cat >"$work/slo.yaml" <<EOF2
apiVersion: openslo/v1
kind: Service
metadata:
  name: api
spec:
  description: The public API
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: api-success
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        type: Prometheus
        spec:
          query: '$GOOD'
    total:
      metricSource:
        type: Prometheus
        spec:
          query: '$TOTAL'
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-success
  displayName: API success
spec:
  service: api
  indicatorRef: api-success
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 1M
      isRolling: false
      calendar: {startTime: "2026-01-01 00:00:00", timeZone: UTC}
  objectives:
    - displayName: Good
      target: 0.999
  alertPolicies:
    - page-on-fast-burn
EOF2
expect 0 'document 3 (SLO "api-success"): spec.alertPolicies: alert policies are not used (ignored)' -- \
    "$T" summary -c "$work/slo.yaml" --prometheus "$URL" "${run_args[@]}" --save-series "$work/syaml" "$work/incidents.json"
for f in 01-good.json 01-total.json; do
    if cmp -s "$work/saved/$f" "$work/syaml/$f"; then ok; else bad "$f from the OpenSLO file differs"; fi
done
got=$("$PY" -c 'import json,sys; s=json.load(open(sys.argv[1]))["slos"][0]; print(s["name"], s["services"], s["objective_pct"])' "$work/syaml/config.json")
if [ "$got" = "API success ['api'] 99.9" ]; then ok; else bad "OpenSLO SLO read as $got"; fi

# The JSON summary carries the warnings as a top-level list.
"$T" summary --json -c "$work/slo.yaml" --prometheus "$URL" "${run_args[@]}" "$work/incidents.json" >"$work/summary.json" 2>/dev/null
got=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["warnings"])' "$work/summary.json" 2>&1)
if [ "$got" = "['document 3 (SLO \"api-success\"): spec.alertPolicies: alert policies are not used (ignored)']" ]; then ok; else bad "JSON warnings: $got"; fi

# ---- 6. the real server stopped: an error, never a clean review ----
kill "$prom_pid"
wait "$prom_pid" 2>/dev/null
expect 2 "Couldn't connect to server" -- "$T" summary -c "$work/live.json" "${run_args[@]}" "$work/incidents.json"

finish
