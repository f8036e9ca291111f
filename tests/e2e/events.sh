#!/usr/bin/env bash
# events.sh: events SLOs (definitions.md §8) from the command line: a review without an
# incident file, the JSON's events fields, violations, the gate, and errors
# that name the SLO, the file and the line.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

expect() {
    local want=$1 frag=$2; shift 3
    local out status
    out=$("$@" 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        bad "$* -> exit $status, want $want; output: ${out:0:400}"
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output lacks '$frag': ${out:0:400}"
    else
        ok
    fi
}

S=$SRC/tests/data/series
cp "$S"/warehouse.csv "$work/"
# Warehouse export at 99 %: October 40 bad of 5000 (80 % of a 50-event
# budget), November 500 of 1000 (exhausted at its only sample, 00:00:30).
cat >"$work/cfg.json" <<'EOF2'
{"slos": [{"name": "API success", "services": ["api"], "objective_pct": 99,
           "sli": {"kind": "events", "file": "warehouse.csv"}}]}
EOF2
# A release in each month: only November's ships into an exhausted budget.
cat >"$work/rel.json" <<'EOF2'
{"releases": [
 {"id": "r-oct", "released_at": "2026-10-15T12:00:00Z", "services": ["api"]},
 {"id": "r-nov", "released_at": "2026-11-15T12:00:00Z", "services": ["api"]}
]}
EOF2

# An events-only review needs no incident file.
out=$("$T" summary --json -c "$work/cfg.json" -r "$work/rel.json" --from 2026-10 --to 2026-11 \
      --as-of 2026-12-01T00:00:00Z 2>"$work/err")
if [ $? -ne 0 ]; then
    bad "events-only summary failed: $(cat "$work/err")"
else
    if "$PY" - "$out" <<'EOF2'
import json, sys
d = json.loads(sys.argv[1])
s = d["slos"][0]
oct_, nov = s["months"]
assert d["input"]["incidents"] is None
assert s["sli"]["kind"] == "events"
assert oct_["bad_minutes"] is None and oct_["bad_minutes_reason"] == "an events SLO"
assert oct_["budget_minutes_reason"] == "an events SLO"
assert oct_["budget_remaining_minutes_reason"] == "an events SLO"
assert (oct_["events_total"], oct_["events_bad"], oct_["events_good"]) == (5000, 40, 4960)
assert abs(oct_["budget_events"] - 50) < 1e-9 and abs(oct_["budget_remaining_events"] - 10) < 1e-9
assert oct_["status"] == "at_risk" and oct_["exhausted_at"] is None
assert nov["status"] == "exhausted" and nov["exhausted_at"] == "2026-11-01T00:00:30.000Z"
assert oct_["samples_invalid"] == 0 and oct_["samples_unpaired"] == 0
assert abs(oct_["data_coverage"] - 5 * 30 / (44640 * 60)) < 1e-15
p = s["period"]
assert (p["events_total"], p["events_bad"]) == (6000, 540)
assert s["freeze_periods"] == [{"month": "2026-11", "from": "2026-11-01T00:00:30.000Z",
                                "to": "2026-12-01T00:00:00.000Z"}]
v = d["releases"]["violations"]
assert len(v) == 1 and v[0]["release"] == "r-nov" and v[0]["month"] == "2026-11", v
assert abs(v[0]["budget_consumed_pct"] - 5000) < 1e-9, v
assert d["correlation"]["spearman_releases_bad_minutes"] is None
assert d["correlation"]["spearman_releases_bad_minutes_reason"] == "an events SLO"
EOF2
    then ok; else bad "events-only JSON figures"; fi
fi

# check describes each events SLO's samples (query_range: 9 timestamps, 2 in
# one source only, 5 of the 7 paired ones invalid).
echo '{"incidents": []}' >"$work/none.json"
expect 0 "Query range: events SLO, 7 paired samples every 60 s (5 invalid), 2 unpaired timestamps" -- \
    "$T" check -c "$S/events.json" "$work/none.json"

# The gate judges events SLOs: November is exhausted.
expect 3 "the 99% error budget for November 2026 is exhausted" -- \
    "$T" gate -c "$work/cfg.json" --as-of 2026-11-20T00:00:00Z
# At 00:02:30 on 1 October: 10 bad of 2000, half the 20-event budget.
expect 0 "10 bad of 2 k requests in October 2026; 50% of the 99% budget used, 10 requests left (met)" -- \
    "$T" gate -c "$work/cfg.json" --as-of 2026-10-01T00:02:30Z

# A month without a counted request is no data, never an open gate (exit 2),
# and with no incident file there is no incident age to warn about.
printf 'timestamp,good,total\n' >"$work/no-samples.csv"
printf '{"slos": [{"name": "Empty", "objective_pct": 99.9, "sli": {"kind": "events", "file": "no-samples.csv"}}]}' >"$work/no-samples.json"
expect 2 "gate: Empty: no requests were counted in October 2026" -- \
    "$T" gate -c "$work/no-samples.json" --as-of 2026-10-15T00:00:00Z
printf '{"slos": [{"name": "Slices", "objective_pct": 99.9, "budgeting": "timeslices", "slice_target_pct": 99, "sli": {"kind": "events", "file": "no-samples.csv"}}]}' >"$work/no-slices.json"
expect 2 "gate: Slices: no requests were counted in October 2026" -- \
    "$T" gate -c "$work/no-slices.json" --as-of 2026-10-15T00:00:00Z
out=$("$T" gate -c "$work/no-samples.json" --as-of 2026-10-15T00:00:00Z 2>&1)
grep -q "(null)\|no incident started" <<<"$out" && bad "gate without incidents: $out" || ok

# Without an incident file, every SLO must be an events SLO.
printf '{"slos": [{"name": "Time", "objective_pct": 99.9}]}' >"$work/time.json"
expect 1 "only a configuration whose SLOs are all events SLOs" -- \
    "$T" summary -c "$work/time.json"
# A PromQL source needs a server: the SLO is named (live queries: prometheus_live.sh).
cat >"$work/prom.json" <<'EOF2'
{"slos": [{"name": "Live", "sli": {"kind": "events",
  "good": {"prometheus": "sum(rate(ok[1m]))"}, "total": {"prometheus": "sum(rate(all[1m]))"}}}]}
EOF2
expect 1 'SLO "Live" asks Prometheus: give --prometheus URL' -- \
    "$T" summary -c "$work/prom.json"
# A bad line names its file and line.
printf 'timestamp,good,total\n2026-10-01T00:01:00Z,1,2\nyesterday,1,2\n' >"$work/broken.csv"
printf '{"slos": [{"sli": {"kind": "events", "file": "broken.csv"}}]}' >"$work/broken.json"
expect 2 "broken.csv:3:1: expected a timestamp" -- "$T" check -c "$work/broken.json"
# A wrong field count too.
printf 'timestamp,value\n2026-10-01T00:01:00Z,1,2\n' >"$work/count.csv"
printf '{"slos": [{"sli": {"kind": "events", "good": {"file": "count.csv"}, "total": {"file": "count.csv"}}}]}' >"$work/count.json"
expect 2 "count.csv:2:1: expected 2 fields" -- "$T" check -c "$work/count.json"

# Mixed with an incident SLO in one configuration, with an incident file.
cat >"$work/inc.json" <<'EOF2'
{"incidents": [{"id": "INC-1", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-11-01T00:00:00Z", "resolved_at": "2026-11-01T00:10:00Z"}]}
EOF2
cat >"$work/mixed.json" <<'EOF2'
{"slos": [{"name": "API success", "services": ["api"], "objective_pct": 99,
           "sli": {"kind": "events", "file": "warehouse.csv"}},
          {"name": "API time", "services": ["api"], "objective_pct": 99.9}]}
EOF2
out=$("$T" summary --json -c "$work/mixed.json" --from 2026-10 --to 2026-11 \
      --as-of 2026-12-01T00:00:00Z "$work/inc.json" 2>&1)
if "$PY" - "$out" <<'EOF2'
import json, sys
d = json.loads(sys.argv[1])
e, t = d["slos"]
assert e["months"][1]["incidents"] == 1 and e["months"][1]["events_bad"] == 500
assert t["months"][1]["bad_minutes"] == 10 and "events_total" not in t["months"][1]
EOF2
then ok; else bad "mixed events and incident SLOs: $out"; fi

# The incident's postmortem names the bad requests it coincided with: the
# sample at 00:00:30 covers (23:59:30, 00:00:30], which meets the incident's
# [00:00, 00:10); the one at 00:00 ends where the incident starts.
if "$T" postmortem -q -c "$work/mixed.json" --from 2026-10 --to 2026-11 --as-of 2026-12-01T00:00:00Z \
    -o "$work/pm" "$work/inc.json" INC-1 2>/dev/null &&
    pdftotext "$work/pm/postmortem-INC-1.pdf" - | grep -q "500 bad requests"; then ok
else bad "postmortem lacks the bad requests"; fi

# The documents speak events: the workbook's Events sheet recomputes the
# budget when an analyst edits the objective; the text table and the e-mail
# show requests.
"$T" report -q -c "$work/cfg.json" --from 2026-10 --to 2026-11 --as-of 2026-12-01T00:00:00Z \
    -o "$work/out" --name ev --format xlsx,eml,json 2>"$work/err" || bad "events report: $(cat "$work/err")"
if [ -s "$work/out/ev.xlsx" ]; then
    if /usr/bin/python3 - "$work/out/ev.xlsx" <<'EOF2'
import sys, warnings
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Events"]
rows = {(r[0], r[1]): r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
oct_ = rows[("API success", "2026-10")]
assert oct_[2] == "=Objective_1" and oct_[3] == 5000 and oct_[4] == 40, oct_
assert oct_[6] == "=(1-C4/100)*D4", oct_
monthly = wb["Monthly SLO"]
mrow = [r for r in monthly.iter_rows(min_row=2, values_only=True) if r[0] == "API success"][0]
assert "'Events'!" in "".join(str(c) for c in mrow), mrow
daily = wb["Events daily"]
got = [(r[1], r[2]) for r in daily.iter_rows(min_row=2, values_only=True) if r[1]]
# 1 Oct: 4000 requests, 40 bad; 31 Oct holds the sample at 1 Nov 00:00;
# 1 Nov the one at 00:00:30.
assert got == [(4000, 40), (1000, 0), (1000, 500)], got
# The Daily sheet: bad requests per day, and November's burn-down reaches
# 500 / 10 = 5000 % on its first day.
d2 = wb["Daily"]
head = [c.value for c in d2[1]]
col = head.index("Bad requests 1: API success")
vals = [r[col] for r in d2.iter_rows(min_row=2, values_only=True)]
assert vals[0] == 40 and vals[31] == 500, vals[:32]
burn = head.index("Cumulative budget consumed %, 1: API success")
assert "'Events'!$G$" in str(d2.cell(row=33, column=burn + 1).value), d2.cell(row=33, column=burn + 1).value
# The analyst edits the SLO's objective (the Summary's input) to 98%:
# October's budget becomes 100.
dn = wb.defined_names["Objective_1"] if hasattr(wb.defined_names, "__getitem__") else \
    wb.defined_names.get("Objective_1")
sheet, cell = next(dn.destinations)
wb[sheet][cell.replace("$", "")] = 98
wb.save(sys.argv[1].replace(".xlsx", "-edited.xlsx"))
EOF2
    then ok; else bad "events workbook"; fi
    recalc=${T0_XLSX_RECALC:-}
    if ! command -v soffice >/dev/null || [ ! -x "$recalc" ]; then
        bad "cannot recalculate the workbook: no soffice or no xlsx-recalc at '$recalc'"
    elif "$recalc" "$work/out/ev-edited.xlsx" "$work/recalc" >/dev/null 2>&1; then
        line=$(grep '^API success,2026-10,' "$work/recalc"/*-Events.csv | head -1)
        # 98 %: budget 2 % of 5000 = 100, consumed 40 %, remaining 60, met.
        if "$PY" - "$line" <<'EOF2'
import sys
f = sys.argv[1].split(",")
near = lambda a, b: abs(float(a) - b) < 1e-9
assert near(f[6], 100) and near(f[7], 40) and near(f[8], 60) and f[10] == "met", f
EOF2
        then ok; else bad "recalculated Events sheet: $line"; fi
    else
        bad "xlsx-recalc failed on the edited events workbook"
    fi
fi
grep -q "1 k bad of 1 k requests\|500 bad of 1 k requests" "$work/out/ev.eml" && ok || bad "e-mail lacks the requests"
expect 0 "500/1 k" -- "$T" summary -c "$work/cfg.json" --from 2026-10 --to 2026-11 --as-of 2026-12-01T00:00:00Z

# definitions.md rule 11.1: a gzip-compressed series is read like the plain file (by its
# magic bytes, whatever its name); a truncated one is an error naming it.
gzip -c "$work/warehouse.csv" >"$work/warehouse.csv.gz"
sed 's/warehouse\.csv/warehouse.csv.gz/' "$work/cfg.json" >"$work/gz.json"
plain=$("$T" summary --json -q -c "$work/cfg.json" --from 2026-10 --to 2026-11 --as-of 2026-12-01T00:00:00Z)
packed=$("$T" summary --json -q -c "$work/gz.json" --from 2026-10 --to 2026-11 --as-of 2026-12-01T00:00:00Z)
if [ -n "$plain" ] && [ "$plain" = "$packed" ]; then ok; else bad "a gzip series reads differently"; fi
head -c 60 "$work/warehouse.csv.gz" >"$work/cut.gz"
sed 's/warehouse\.csv/cut.gz/' "$work/cfg.json" >"$work/cut.json"
expect 2 "cut.gz: invalid gzip data: the compressed stream is truncated" -- \
    "$T" summary -c "$work/cut.json" --from 2026-10 --to 2026-11 --as-of 2026-12-01T00:00:00Z

# A quarter of an events SLO counts its samples as its months do (definitions.md §8, §10):
#  Warehouse (warehouse.csv), 2026-Q4 clipped to October-December: October's five samples
#  (the one at 1 November 00:00 closes October's last minute) 5000 requests, 40 bad;
#  November's one, 1000 requests, 500 bad: 6000 requests, 540 bad, attainment
#  100 x (1 - 540/6000) = 91%, budget 1% of 6000 = 60 requests, consumed 540/60 = 900%.
"$T" summary --json -c "$S/events.json" --from 2026-10 --to 2026-12 \
    --as-of 2027-01-01T00:00:00Z "$work/none.json" >"$work/q.json" 2>"$work/err" ||
    bad "events quarter: $(cat "$work/err")"
/usr/bin/python3 - "$work/q.json" <<'PYEOF' && pass=$((pass + 1)) || bad "events quarter figures"
import json, sys
d = json.load(open(sys.argv[1]))
q = [s for s in d["slos"] if s["name"] == "Warehouse"][0]["quarters"]
assert [x["quarter"] for x in q] == ["2026-Q4"], q
q = q[0]
assert q["events_total"] == 6000 and q["events_bad"] == 540, q
assert abs(q["attainment_pct"] - 91.0) < 1e-9 and abs(q["budget_consumed_pct"] - 900) < 1e-9, q
PYEOF

# The workbook's Quarters sheet gives the same quarter (the Events sheet has rows for
# months and the period only, so the quarter's figures are values there).
"$T" report -q -c "$S/events.json" -o "$work/q" --format xlsx --from 2026-10 --to 2026-12 \
    --as-of 2027-01-01T00:00:00Z "$work/none.json" 2>"$work/err" ||
    bad "events quarter report: $(cat "$work/err")"
/usr/bin/python3 -W ignore - "$work/q/slo-review-2026-12.xlsx" <<'PYEOF' && pass=$((pass + 1)) || bad "events quarter in the workbook"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Quarters"]
rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
w = rows["Warehouse"]
assert w[1] == "2026-Q4" and w[7] == 900 and w[9] == 91 and w[10] == "exhausted", w
PYEOF

echo "events.sh: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
