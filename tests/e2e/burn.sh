#!/usr/bin/env bash
# burn.sh: burn-rate alerts end to end (definitions.md §9): the JSON's burn and rolling, gate --burn, the text table, configured rules and their refusals.
set -euo pipefail

src=${T0_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
tz=${TIERZERO:-${src}/build/tierzero}
if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; else py=python3; fi
tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT
export TZ=UTC LC_ALL=C.UTF-8
fail() { echo "burn.sh: $*" >&2; exit 1; }

# One ongoing major outage from 12:00 on 10 October 2026.
cat >"${tmp}/ongoing.json" <<'JSON'
{"incidents": [{"id": "A", "title": "Outage", "impact": "major_outage",
  "started_at": "2026-10-10T12:00:00Z", "services": ["api"]}]}
JSON

# At 12:20:30 the 1h/5m page rule has fired since 12:01 (the first minute
# whose 5-minute and 1-hour windows hold more than 0.072 and 0.864 bad
# minutes): gate --burn holds, the plain gate does not (11 of 43.2 minutes).
set +e
"${tz}" gate --burn --as-of 2026-10-10T12:20:30Z "${tmp}/ongoing.json" >"${tmp}/out" 2>"${tmp}/err"
rc=$?
set -e
[ "${rc}" -eq 3 ] || fail "gate --burn: exit ${rc}, expected 3"
grep -q "page rule 1h/5m" "${tmp}/err" || fail "gate --burn does not name the rule: $(cat "${tmp}/err")"
grep -q "since 2026-10-10 12:01 UTC" "${tmp}/err" || fail "gate --burn does not say since when: $(cat "${tmp}/err")"
"${tz}" gate --as-of 2026-10-10T12:20:30Z "${tmp}/ongoing.json" >"${tmp}/out" 2>"${tmp}/err" ||
    fail "gate without --burn held: $(cat "${tmp}/err")"
# Before the first firing minute the burn gate is open.
"${tz}" gate --burn --as-of 2026-10-10T12:00:30Z "${tmp}/ongoing.json" >"${tmp}/out" 2>"${tmp}/err" ||
    fail "gate --burn held before any rule fired: $(cat "${tmp}/err")"
# Firing since before the month the gate judges: "since" is where the run
# began (12:01 on 10 October), not the month's first minute.
set +e
"${tz}" gate --burn --as-of 2026-11-01T00:20:30Z "${tmp}/ongoing.json" >"${tmp}/out" 2>"${tmp}/err"
rc=$?
set -e
[ "${rc}" -eq 3 ] || fail "gate --burn in November: exit ${rc}, expected 3"
grep -q "page rule 1h/5m.*since 2026-10-10 12:01 UTC" "${tmp}/err" ||
    fail "gate --burn does not walk back past the month: $(cat "${tmp}/err")"
# --burn belongs to the gate.
set +e
"${tz}" summary --burn "${tmp}/ongoing.json" >/dev/null 2>&1
rc=$?
set -e
[ "${rc}" -eq 1 ] || fail "summary --burn: exit ${rc}, expected 1 (usage)"

# A configured rule, written 60m (printed 1h), and a 7-day rolling window.
cat >"${tmp}/config.json" <<'JSON'
{"report": {"timezone": "UTC"},
 "slos": [{"name": "API", "services": ["api"], "objective_pct": 99.9, "rolling_days": 7,
           "alerts": [{"severity": "page", "long_window": "60m", "short_window": "5m",
                       "burn_rate": 14.4}]}]}
JSON
cat >"${tmp}/resolved.json" <<'JSON'
{"incidents": [{"id": "A", "title": "Outage", "impact": "major_outage",
  "started_at": "2026-10-10T12:00:00Z", "detected_at": "2026-10-10T12:13:00Z",
  "resolved_at": "2026-10-10T12:30:00Z", "services": ["api"]}]}
JSON
"${tz}" summary --json -c "${tmp}/config.json" --as-of 2026-11-01T00:00:00Z \
    "${tmp}/resolved.json" >"${tmp}/summary.json"
"${tz}" summary -c "${tmp}/config.json" --as-of 2026-11-01T00:00:00Z \
    "${tmp}/resolved.json" >"${tmp}/summary.txt"
grep -q "alerts in 2026-10: 1 page (0 matched no incident), 0 tickets" "${tmp}/summary.txt" ||
    fail "the text table lacks the alert counts"

"${py}" - "${tmp}/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
slo = d["slos"][0]
b, r = slo["burn"], slo["rolling"]
want_rules = [{"name": "1h/5m", "severity": "page", "long_window": "1h",
               "short_window": "5m", "burn_rate": 14.4}]
assert b["rules"] == want_rules, b["rules"]
eps = [{k: e[k] for k in ("severity", "rule", "from", "to")} for e in b["episodes"]]
assert eps == [{"severity": "page", "rule": "1h/5m", "from": "2026-10-10T12:01:00.000Z",
                "to": "2026-10-10T12:35:00.000Z"}], eps
assert (b["pages"], b["tickets"], b["unmatched_pages"]) == (1, 0, 0), b
assert b["incidents"] == [{"id": "A", "paged_at": "2026-10-10T12:01:00.000Z",
                           "page_lead_minutes": 12.0}], b["incidents"]
assert r["days"] == 7
# 31 midnights and the month's end; the 7-day window of 11 October holds the
# 30 bad minutes: 100 x 30 / (0.001 x 10,080) = 297.619...%.
pts = r["points"]
assert len(pts) == 32 and pts[-1]["at"] == "2026-11-01T00:00:00.000Z", len(pts)
p = pts[10]
assert p["at"] == "2026-10-11T00:00:00.000Z" and set(p) == {"at", "attainment_pct", "budget_consumed_pct"}
assert abs(p["budget_consumed_pct"] - 3000 / 10.08) < 1e-9, p
assert abs(p["attainment_pct"] - 100 * (1 - 30 / 10080)) < 1e-12, p
assert pts[17]["budget_consumed_pct"] == 0, pts[17]
PY

# The workbook's Alerts sheet and the rolling block on Daily agree with the JSON.
mkdir -p "${tmp}/docs"
"${tz}" report -q -c "${tmp}/config.json" --as-of 2026-11-01T00:00:00Z -o "${tmp}/docs" \
    --format xlsx,json,pdf "${tmp}/resolved.json"
# The PDF's alerts page states the finding and lists the incident's lead.
if command -v pdftotext >/dev/null 2>&1; then
    pdftotext "${tmp}/docs/slo-review-2026-10.pdf" "${tmp}/review.txt"
    grep -q "Would our alerting have caught it?" "${tmp}/review.txt" || fail "no alerts page in the PDF"
    grep -q "API: the one incident was paged before it was declared; every page" "${tmp}/review.txt" ||
        fail "the alerts chart's title does not state the finding"
    grep -q "12 min before" "${tmp}/review.txt" || fail "the PDF does not give the page lead"
    grep -q "Rolling 7 days to 1 November 2026" "${tmp}/review.txt" ||
        fail "the attainment page does not give the rolling window"
    # The rolling chart's title: 30 bad minutes spend a 7-day budget of 10.08
    # minutes; the windows of the midnights 11 to 17 October hold them, 18
    # October's ([11 Oct, 18 Oct)) no longer: met again from 18 October.
    grep -q "Rolling 7 days met the 99.9% objective again from 18 October" "${tmp}/review.txt" ||
        fail "the rolling chart's title does not state the finding"
fi
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
/usr/bin/python3 - "${tmp}/docs" <<'PY'
import datetime, glob, json, sys, warnings
warnings.simplefilter("ignore")
import openpyxl
out = sys.argv[1]
d = json.load(open(glob.glob(out + "/*.json")[0]))
wb = openpyxl.load_workbook(glob.glob(out + "/*.xlsx")[0])
assert "Alerts" in wb.sheetnames, wb.sheetnames
rows = [r for r in wb["Alerts"].iter_rows(values_only=True)]
def block(title):
    i = next(k for k, r in enumerate(rows) if r[0] == title)
    head = rows[i + 1]
    out = []
    for r in rows[i + 2:]:
        if r[0] is None:
            break
        out.append(dict(zip(head, r)))
    return out
rules = block("Rules")
assert [(r["Rule"], r["Severity"], r["Long window (minutes)"], r["Short window (minutes)"], r["Burn rate above"]) for r in rules] == [("1h/5m", "page", 60, 5, 14.4)], rules
# 14.4 x 60 / 43,200 = 2% of a 30-day budget, a formula on the input cells.
assert str(rules[0]["Budget spent over the long window when it fires, % of 30 days"]).startswith("="), rules
eps = block("Episodes")
def z(t):
    return datetime.datetime.strptime(t[:19], "%Y-%m-%dT%H:%M:%S")
want = d["slos"][0]["burn"]["episodes"]
assert [(e["Rule"], e["From"], e["To"], e["Matched an incident"]) for e in eps] == \
    [(e["rule"], z(e["from"]), z(e["to"]), "yes") for e in want], (eps, want)
inc = block("Incidents of the month")
assert [(r["Incident"], r["Paged at"], r["Page lead (minutes, positive: paged first)"]) for r in inc] == \
    [("A", datetime.datetime(2026, 10, 10, 12, 1), 12)], inc
daily = wb["Daily"]
head = [c.value for c in daily[1]]
col = head.index("Rolling window at")
pts = d["slos"][0]["rolling"]["points"]
for k, p in enumerate(pts):
    row = [c.value for c in daily[k + 2]]
    assert row[col] == z(p["at"]), (row[col], p)
    assert abs(row[col + 1] - p["attainment_pct"]) < 1e-9 and abs(row[col + 2] - p["budget_consumed_pct"]) < 1e-9, (row, p)
PY
fi

# Refusals name the file and the place.
printf '{"slos": [{"alerts": [{"severity": "page", "long_window": "1h", "short_window": "5m", "burn_rate": 14.4, "name": "fast"}]}]}' >"${tmp}/bad.json"
set +e
"${tz}" summary -c "${tmp}/bad.json" "${tmp}/resolved.json" >/dev/null 2>"${tmp}/err"
rc=$?
set -e
[ "${rc}" -eq 2 ] || fail "unknown rule key: exit ${rc}, expected 2"
grep -q "bad.json.*slos\[0\].alerts\[0\].name" "${tmp}/err" || fail "refusal does not say where: $(cat "${tmp}/err")"
echo "burn.sh: ok"
