#!/usr/bin/env bash
# maintenance.sh: maintenance windows and quarters (definitions.md §10) through the command line, each
# figure worked out by hand in the comments (tests/data/maintenance).
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
D="$SRC/tests/data/maintenance"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# check FILE PYTHON: runs the assertions (d is the JSON) and reports which failed.
check() {
    local file=$1 code=$2
    "$PY" - "$file" <<PYEOF || bad "assertions on $file"
import json, sys
d = json.load(open(sys.argv[1]))
slo = {s["name"]: s for s in d["slos"]}
def month(name, label):
    return [m for m in slo[name]["months"] if m["month"] == label][0]
def near(a, b, eps=1e-9):
    assert abs(a - b) <= eps * max(1, abs(b)), (a, b)
$code
PYEOF
}

run() { "$T" summary --json "$@" >"$work/out.json" 2>"$work/err" || bad "summary $*: $(cat "$work/err")"; }

# 1. April 2026 (30 days, UTC), 99.9 %.
#  API: major outage 10:00-12:00 on the 10th, maintenance 10:30-11:00: bad 30 + 60 = 90 min,
#  excluded 30, budget 0.001 x (43200 - 30) = 43.17, elapsed 43170, attainment
#  100 x (1 - 90/43170); 30 bad minutes by 10:30, 13.17 more from 11:00: 11:13:10.2.
#  Web: the data-centre move (scheduled 20th 08:00 to 21st 12:00, started 09:00, resolved
#  11:00 on the 21st: 26 h = 1560 min) is longer than the budget; the outage inside it
#  (60 min) costs nothing, the one running 30 min past its end costs 30:
#  budget 0.001 x (43200 - 1560) = 41.64, consumed 30 / 41.64.
#  Batch: February is in maintenance from end to end: nothing elapsed, attainment null.
#  Fiscal year from April: January-March 2026 is 2025-Q4 (90 days), April is 2026-Q1.
run -c "$D/config.json" --maintenance "$D/scheduled-maintenances.json" --from 2026-01 \
    --to 2026-04 --as-of 2026-05-01T00:00:00Z "$D/incidents.json"
check "$work/out.json" '
a = month("API", "2026-04")
assert a["minutes_excluded"] == 30 and a["minutes_elapsed"] == 43170, a
near(a["bad_minutes"], 90); near(a["budget_minutes"], 43.17)
near(a["attainment_pct"], 100 * (1 - 90 / 43170))
near(a["budget_consumed_pct"], 100 * 90 / 43.17)
assert a["exhausted_at"] == "2026-04-10T11:13:10.200Z" and a["status"] == "exhausted", a
assert slo["API"]["maintenance"] == [{"from": "2026-04-10T10:30:00.000Z",
    "to": "2026-04-10T11:00:00.000Z", "reason": "database upgrade"}], slo["API"]["maintenance"]
w = month("Web", "2026-04")
assert w["minutes_excluded"] == 1560 and w["incidents"] == 2, w
near(w["bad_minutes"], 30); near(w["budget_minutes"], 41.64)
near(w["budget_consumed_pct"], 100 * 30 / 41.64)
assert w["status"] == "met" and w["exhausted_at"] is None, w
assert slo["Web"]["maintenance"][0]["reason"] == "Data centre move"
b = month("Batch", "2026-02")
assert b["minutes_excluded"] == 40320 and b["minutes_elapsed"] == 0, b
assert b["attainment_pct"] is None and b["attainment_pct_reason"], b
assert b["budget_minutes"] == 0 and b["budget_consumed_pct"] == 0 and b["bad_minutes"] == 0, b
assert b["status"] == "met" and b["incidents"] == 1, b
q = slo["Batch"]["quarters"]
assert [x["quarter"] for x in q] == ["2025-Q4", "2026-Q1"], q
assert q[0]["minutes_total"] == 90 * 1440 and q[0]["minutes_excluded"] == 40320, q
assert q[1]["minutes_total"] == 43200 and q[1]["clipped"] is True, q
aq = slo["API"]["quarters"][1]
assert aq["exhausted_at"] == "2026-04-10T11:13:10.200Z" and aq["minutes_excluded"] == 30, aq
assert "quarter" not in d["period"]
'

# 2. A weekly window, Sunday 02:00-04:00 in Europe/Berlin. March 2026: four ordinary
#  Sundays (4 x 120 min) and the 29th, when 02:00 does not happen: from the transition
#  (01:00Z) to 04:00 CEST (02:00Z), 60 min: 540 of 44580 minutes. October: three
#  ordinary Sundays (360) and the 25th, when 02:00 happens twice: from the earlier
#  (00:00Z) to 04:00 CET (03:00Z), 180 min: 540 of 44700.
run -c "$D/berlin.json" --from 2026-03 --to 2026-10 --as-of 2026-11-01T00:00:00+01:00 \
    "$D/empty.json"
check "$work/out.json" '
m, o = month("All", "2026-03"), month("All", "2026-10")
assert m["minutes_total"] == 44580 and m["minutes_excluded"] == 540, m
assert o["minutes_total"] == 44700 and o["minutes_excluded"] == 540, o
near(m["budget_minutes"], 0.001 * (44580 - 540)); near(o["budget_minutes"], 0.001 * (44700 - 540))
ms = slo["All"]["maintenance"]
assert {"from": "2026-03-29T01:00:00.000Z", "to": "2026-03-29T02:00:00.000Z",
        "reason": "weekly patching"} in ms, ms
assert {"from": "2026-10-25T00:00:00.000Z", "to": "2026-10-25T03:00:00.000Z",
        "reason": "weekly patching"} in ms, ms
assert {"from": "2026-03-22T01:00:00.000Z", "to": "2026-03-22T03:00:00.000Z",
        "reason": "weekly patching"} in ms, ms
'

# 3. Statuspage under_maintenance: sp1 has api under maintenance 10:00-11:00, then a
#  major outage 11:00-11:30; sp2 puts api under maintenance at 08:30 with no later
#  status: to the incident's end, 09:00. Excluded 90, bad 30.
run --month 2026-04 --history 1 --as-of 2026-05-01T00:00:00Z "$D/statuspage.json"
check "$work/out.json" '
a = d["slos"][0]["months"][0]
assert a["minutes_excluded"] == 90 and a["bad_minutes"] == 30, a
near(a["budget_minutes"], 0.001 * (43200 - 90))
assert d["slos"][0]["maintenance"] == [
  {"from": "2026-04-15T10:00:00.000Z", "to": "2026-04-15T11:00:00.000Z",
   "reason": "under maintenance: Scheduled work overran"},
  {"from": "2026-04-16T08:30:00.000Z", "to": "2026-04-16T09:00:00.000Z",
   "reason": "under maintenance: Database failover"}], d["slos"][0]["maintenance"]
'

# 4. Touching and overlapping windows merge, their distinct reasons joined in order:
#  10:30-11:00, 11:00-11:20 and 11:10-11:15 are one window 10:30-11:20 (50 min).
run -c "$D/overlap.json" --month 2026-04 --history 1 --as-of 2026-05-01T00:00:00Z \
    "$D/incidents.json"
check "$work/out.json" '
assert slo["API"]["maintenance"] == [{"from": "2026-04-10T10:30:00.000Z",
    "to": "2026-04-10T11:20:00.000Z", "reason": "database upgrade; cache flush"}], slo["API"]
a = slo["API"]["months"][0]
assert a["minutes_excluded"] == 50 and a["bad_minutes"] == 70, a
'

# 5. Quarters: fiscal year from April; --quarter 2025-Q4 is January-March 2026, named
#  after the calendar year its fiscal year starts in; review month March.
run -c "$D/config.json" --quarter 2025-Q4 --as-of 2026-04-01T00:00:00Z "$D/incidents.json"
check "$work/out.json" '
p = d["period"]
assert p["quarter"] == "2025-Q4" and p["from"] == "2026-01" and p["to"] == "2026-03", p
assert p["review_month"] == "2026-03", p
q = slo["Batch"]["quarters"]
assert len(q) == 1 and q[0]["quarter"] == "2025-Q4" and q[0]["clipped"] is False, q
assert q[0]["minutes_total"] == 129600 and q[0]["minutes_excluded"] == 40320, q
near(q[0]["budget_minutes"], 0.001 * (129600 - 40320))
'
#  The fiscal year from April over November 2025 to February 2026, across the calendar
#  year: 2025-Q3 (October-December) clipped to November-December (61 days) and 2025-Q4
#  (January-March 2026) clipped to January-February (59 days); FEB (batch, 10 February)
#  falls in the second, inside Batch's maintenance.
run -c "$D/config.json" --from 2025-11 --to 2026-02 --as-of 2026-03-01T00:00:00Z \
    "$D/incidents.json"
check "$work/out.json" '
q = slo["Batch"]["quarters"]
assert [x["quarter"] for x in q] == ["2025-Q3", "2025-Q4"], q
assert q[0]["minutes_total"] == 61 * 1440 and q[1]["minutes_total"] == 59 * 1440, q
assert q[0]["clipped"] and q[1]["clipped"], q
assert q[0]["from"] == "2025-11-01T00:00:00.000Z" and q[1]["to"] == "2026-03-01T00:00:00.000Z", q
assert q[1]["incidents"] == 1 and q[1]["minutes_excluded"] == 40320 and q[1]["bad_minutes"] == 0, q
near(q[1]["budget_minutes"], 0.001 * (59 - 28) * 1440)
assert "quarter" not in d["period"]
'
#  A fiscal year from November: 2025-Q1 is November 2025 to January 2026, across the
#  calendar year.
printf '{"report": {"fiscal_year_start": 11}}' >"$work/nov.json"
run -c "$work/nov.json" --quarter 2025-q1 --as-of 2026-02-01T00:00:00Z "$D/incidents.json"
check "$work/out.json" '
p = d["period"]
assert p["from"] == "2025-11" and p["to"] == "2026-01" and p["quarter"] == "2025-Q1", p
q = d["slos"][0]["quarters"]
assert [x["quarter"] for x in q] == ["2025-Q1"] and q[0]["minutes_total"] == 92 * 1440, q
'
#  Without --quarter, every quarter overlapping the period, clipped: December 2025 to
#  February 2026 with the fiscal year from November is 2025-Q1 (December, January) and
#  2025-Q2 (February).
run -c "$work/nov.json" --from 2025-12 --to 2026-02 --as-of 2026-03-01T00:00:00Z \
    "$D/incidents.json"
check "$work/out.json" '
q = d["slos"][0]["quarters"]
assert [x["quarter"] for x in q] == ["2025-Q1", "2025-Q2"], q
assert q[0]["minutes_total"] == 62 * 1440 and q[1]["minutes_total"] == 28 * 1440, q
assert q[0]["incidents"] == 0 and q[1]["incidents"] == 1, q
'

# 6. Usage and input errors.
"$T" summary --quarter 2026-Q1 --month 2026-01 "$D/incidents.json" >/dev/null 2>&1
[ $? -eq 1 ] || bad "--quarter with --month is not a usage error"
"$T" summary --quarter 2026-Q5 "$D/incidents.json" >/dev/null 2>&1
[ $? -eq 1 ] || bad "--quarter 2026-Q5 is not a usage error"
printf '{"scheduled_maintenances": [{"name": "x", "scheduled_for": "2026-04-01T00:00:00Z", "scheduled_until": "2026-04-01T01:00:00Z", "components": ["api"]}]}' >"$work/badm.json"
out=$("$T" summary --maintenance "$work/badm.json" "$D/incidents.json" 2>&1)
[ $? -eq 2 ] && grep -qF 'scheduled_maintenances[0].components[0].name' <<<"$out" ||
    bad "components that are not objects: $out"
printf '{"maintenance": [{"weekly": {"day": "someday", "from": "02:00", "to": "03:00"}}]}' >"$work/badc.json"
out=$("$T" summary -c "$work/badc.json" "$D/incidents.json" 2>&1)
[ $? -eq 2 ] && grep -qF 'maintenance[0].weekly.day' <<<"$out" || bad "bad weekday: $out"

# 7. check lists the windows, the unmatched ones and the overlaps.
out=$("$T" check -c "$D/overlap.json" --maintenance "$D/scheduled-maintenances.json" \
      "$D/incidents.json" 2>&1)
for frag in "read 3, used 2, ignored 1" "Router firmware [matches no SLO]" \
            "never applies [matches no SLO]" "Data centre move [matches no SLO]" "merged into one window" \
            "3 matching no SLO, 2 overlapping (merged)" "every Saturday 23:00 to next day 01:00"; do
    grep -qF -- "$frag" <<<"$out" || bad "check lacks '$frag': $out"
done

# 8. gate is unaffected by --quarter: it judges the month holding --as-of.
"$T" gate -c "$D/config.json" --quarter 2025-Q4 --as-of 2026-04-15T00:00:00Z \
    --service batch "$D/incidents.json" >/dev/null 2>&1
[ $? -eq 0 ] || bad "gate with --quarter"

# 9. The workbook: the Maintenance sheet lists M per SLO in the period, and the budgets
#  on Monthly SLO sum its rows: with the API row emptied and the book recalculated,
#  API's April budget is the whole 0.001 x 43200 = 43.2 minutes again.
"$T" report -c "$D/config.json" --maintenance "$D/scheduled-maintenances.json" --from 2026-01 \
    --to 2026-04 --as-of 2026-05-01T00:00:00Z --format xlsx,json -o "$work/rep" \
    "$D/incidents.json" >/dev/null 2>&1 || bad "report with maintenance"
recalc=${T0_XLSX_RECALC:-}
"$PY" - "$work/rep/slo-review-2026-04.xlsx" "$work/rep/slo-review-2026-04.json" \
    "$recalc" "$work" <<'PYEOF' || bad "workbook maintenance"
import csv, json, os, subprocess, sys
import openpyxl
book, js, recalc, work = sys.argv[1:5]
d = json.load(open(js))
wb = openpyxl.load_workbook(book)
ws = wb["Maintenance"]
rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_col=6)]
assert [(r[0], r[1], r[5]) for r in rows] == [(1, "API", "database upgrade"),
    (2, "Web", "Data centre move"), (3, "Batch", "batch frozen")], rows
assert rows[0][4].startswith("=1440*(D2-C2)"), rows[0]
ms = wb["Monthly SLO"]
head = [c.value for c in ms[1]]
assert head[14:17] == ["Minutes excluded", "Window start", "Window end"], head
assert "Maintenance" in ms.cell(row=5, column=15).value, ms.cell(row=5, column=15).value
assert "-O5)" in ms.cell(row=5, column=7).value, ms.cell(row=5, column=7).value
q = [c.value for c in wb["Quarters"]["B"]][1:]
assert q == ["2025-Q4", "2026-Q1"] * 3, q
if os.access(recalc, os.X_OK):
    cached = openpyxl.load_workbook(book, data_only=True)
    budget = cached["Monthly SLO"].cell(row=5, column=7).value
    assert abs(budget - d["slos"][0]["months"][3]["budget_minutes"]) < 1e-9, budget
    for col in range(1, 7):
        ws.cell(row=2, column=col).value = None
    edited = os.path.join(work, "edited.xlsx")
    wb.save(edited)
    out = os.path.join(work, "recalc")
    subprocess.run([recalc, edited, out], check=True, capture_output=True)
    rows = list(csv.reader(open(os.path.join(out, "edited-Monthly SLO.csv"))))
    assert rows[4][0] == "API" and rows[4][1] == "2026-04", rows[4]
    assert abs(float(rows[4][6]) - 43.2) < 1e-6 and float(rows[4][14]) == 0, rows[4]
    assert abs(float(rows[8][6]) - 41.64) < 1e-6, rows[8]  # Web keeps its window
else:
    sys.exit("cannot recalculate: no xlsx-recalc at %r" % recalc)
PYEOF

# 10. The PDF as its reader sees it: the incident log marks incidents in maintenance,
#  the appendix lists each window with the minutes it removed, and a --quarter review
#  leads its cover and summary with the quarter; the e-mail's subject too.
if command -v pdftotext >/dev/null; then
    "$T" report -c "$D/config.json" --maintenance "$D/scheduled-maintenances.json" \
        --quarter 2026-Q1 --as-of 2026-07-01T00:00:00Z --format pdf,eml -o "$work/q" \
        "$D/incidents.json" >/dev/null 2>&1 || bad "quarterly report"
    txt=$(pdftotext -layout "$work/q/slo-review-2026-06.pdf" - 2>/dev/null)
    for frag in "2026-Q1 (April 2026 to June 2026)" "Quarter: 2026-Q1" \
                "Over 2026-Q1, API reached 99.93%" "Data centre move" "1560" \
                "database upgrade" "Maintenance is left out of each SLO"; do
        grep -qF -- "$frag" <<<"$txt" || bad "quarterly PDF lacks '$frag'"
    done
    grep -q "^Subject: .*2026-Q1 (April 2026 to June 2026)" "$work/q/slo-review-2026-06.eml" ||
        bad "e-mail subject without the quarter"
    "$T" report -c "$D/config.json" --maintenance "$D/scheduled-maintenances.json" \
        --month 2026-04 --history 1 --as-of 2026-05-01T00:00:00Z --format pdf -o "$work/m" \
        "$D/incidents.json" >/dev/null 2>&1 || bad "monthly report"
    #  (reading order, not layout: a cell that wraps sits beside its neighbours' lines)
    txt=$(pdftotext "$work/m/slo-review-2026-04.pdf" - 2>/dev/null | tr -s ' \n' ' ')
    #  (a wrapped Impact cell reads with the Services cell beside it: "major outage,
    #  web in maintenance")
    for frag in "outage, (web )?in maintenance" "outage, (api |web )?partly in maintenance" \
                "maintenance \(not counted\)"; do
        grep -qE -- "$frag" <<<"$txt" || bad "monthly PDF lacks '$frag'"
    done
    #  The appendix lists each window as read, with what it removed from each SLO, then
    #  each SLO's merged windows (overlap.json: 30 + 20 + 5 minutes, 50 once merged).
    "$T" report -c "$D/overlap.json" --month 2026-04 --history 1 \
        --as-of 2026-05-01T00:00:00Z --format pdf -o "$work/o" "$D/incidents.json" \
        >/dev/null 2>&1 || bad "report with overlapping windows"
    txt=$(pdftotext -layout "$work/o/slo-review-2026-04.pdf" - 2>/dev/null | tr -s ' \n' ' ')
    for frag in "cache flush API 20.0" "database upgrade API 5.0" \
                "50.0 database upgrade; cache flush"; do
        grep -qF -- "$frag" <<<"$txt" || bad "appendix lacks '$frag'"
    done
else
    bad "no pdftotext (poppler-utils): part 10 cannot run"
fi

# 11. Real Statuspage data: one of GitHub's 1,282 incidents (978zwz4crz1z) sets GitHub
#  Packages under_maintenance at 16:03:21.194 on 2021-01-09 and has no later update; it
#  was resolved at 16:23:55.612: one window of 1,234,418 ms for every SLO ("*").
real="${T0_FIXTURES:-$SRC/../shared/fixtures}/statuspage/githubstatus-2010-2023.incidents.json"
if [ -f "$real" ]; then
    run --month 2021-01 --history 1 --as-of 2021-02-01T00:00:00Z "$real"
    check "$work/out.json" '
ms = d["slos"][0]["maintenance"]
assert ms == [{"from": "2021-01-09T16:03:21.194Z", "to": "2021-01-09T16:23:55.612Z",
               "reason": "under maintenance: Incident on 2021-01-09 16:03 UTC"}], ms
near(d["slos"][0]["months"][0]["minutes_excluded"], 1234418 / 60000)
'
else
    bad "no real Statuspage fixture at $real (T0_FIXTURES): part 9 cannot run"
fi

[ $fail -eq 0 ] && echo "maintenance: all passed" || exit 1
