#!/usr/bin/env bash
# maintenance_merge.sh: maintenance survives `merge` (definitions.md §10, §7.1): Statuspage incidents'
# under_maintenance windows and scheduled-maintenances.json files kept in a native history
# give the figures their fetches give; gzip --maintenance files. Fixtures:
# tests/data/maintenance_merge (two fetches of incidents.json and of
# scheduled-maintenances.json, in the shapes of the Statuspage API), figures worked out by hand.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
D="$SRC/tests/data/maintenance_merge"
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

check() {
    local file=$1 code=$2
    "$PY" - "$file" <<PYEOF || bad "assertions on $file"
import json, sys
d = json.load(open(sys.argv[1]))
slo = {s["name"]: s for s in d["slos"]}
def near(a, b, eps=1e-9):
    assert abs(a - b) <= eps * max(1, abs(b)), (a, b)
$code
PYEOF
}

# same A B: the two summaries agree field by field, except what says which files were read.
same() {
    "$PY" - "$1" "$2" <<'PYEOF' || bad "figures of $1 and $2 differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("input", None)
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        assert x.keys() == y.keys(), (path, sorted(x.keys() ^ y.keys()))
        for k in x:
            walk(x[k], y[k], path + "." + k)
    elif isinstance(x, list) and isinstance(y, list):
        assert len(x) == len(y), (path, len(x), len(y))
        for i, (p, q) in enumerate(zip(x, y)):
            walk(p, q, "%s[%d]" % (path, i))
    else:
        assert x == y and type(x) == type(y), (path, x, y)
walk(a, b, "")
assert a["slos"] and any(s["maintenance"] for s in a["slos"])
PYEOF
}

A=(-c "$D/config.json" --month 2026-04 --history 1 --as-of 2026-05-01T00:00:00Z)
summary() {
    local out=$1
    shift
    "$T" summary --json "$@" >"$out" 2>"$work/err" || bad "summary $*: $(cat "$work/err")"
}

# 1. The second fetches, read as served. API (99.9 %, degraded and partial weigh 0.5):
#  maintenance m2 01:00-01:30 on the 5th (30 min), a1's api under_maintenance 10:00-10:40
#  on the 8th (40), b2's 08:30-09:00 on the 10th (30), m4 00:00-01:00 on the 28th, on every
#  component (60): 160 min excluded; m3 ends when it starts: ignored. Bad: a1's major
#  outage 10:40-11:10 (30) + b2's degraded 09:00-09:30 (30 x 0.5 = 15) = 45. Budget
#  0.001 x (43200 - 160) = 43.04, elapsed 43040; 30 by the 8th, 13.04 more at rate 0.5 from
#  09:00 on the 10th: 26.08 min = 09:26:04.8.
#  Web (99.5 %): m1 ran 08:10-10:00 on the 20th (110) + m4 (60) = 170 excluded; c3's major
#  outage 09:30-10:30 costs only 10:00-10:30 = 30. Budget 0.005 x 43030 = 215.15.
summary "$work/fetch.json" "${A[@]}" --maintenance "$D/scheduled-2.json" "$D/incidents-2.json"
check "$work/fetch.json" '
a = slo["API"]["months"][0]
assert a["minutes_excluded"] == 160 and a["minutes_elapsed"] == 43040, a
near(a["bad_minutes"], 45); near(a["budget_minutes"], 43.04)
near(a["attainment_pct"], 100 * (1 - 45 / 43040))
assert a["exhausted_at"] == "2026-04-10T09:26:04.800Z" and a["status"] == "exhausted", a
assert slo["API"]["maintenance"] == [
  {"from": "2026-04-05T01:00:00.000Z", "to": "2026-04-05T01:30:00.000Z",
   "reason": "API certificate rotation"},
  {"from": "2026-04-08T10:00:00.000Z", "to": "2026-04-08T10:40:00.000Z",
   "reason": "under maintenance: API maintenance overran"},
  {"from": "2026-04-10T08:30:00.000Z", "to": "2026-04-10T09:00:00.000Z",
   "reason": "under maintenance: Database failover"},
  {"from": "2026-04-28T00:00:00.000Z", "to": "2026-04-28T01:00:00.000Z",
   "reason": "Network maintenance"}], slo["API"]["maintenance"]
w = slo["Web"]["months"][0]
assert w["minutes_excluded"] == 170 and w["minutes_elapsed"] == 43030, w
near(w["bad_minutes"], 30); near(w["budget_minutes"], 215.15)
near(w["budget_consumed_pct"], 100 * 30 / 215.15)
assert w["status"] == "met", w
assert [m["reason"] for m in slo["Web"]["maintenance"]] == [
  "Web data centre move", "Network maintenance"], slo["Web"]["maintenance"]
p = slo["API"]["period"]
assert p["minutes_excluded"] == 160, p
'

# 2. The history of all four fetches (the later updated_at wins: b2 resolved, m1 as it
#  ran) gives the same figures, field by field.
H="$work/history.ndjson"
"$T" merge -o "$H" "$H" "$D/incidents-1.json" "$D/scheduled-1.json" "$D/incidents-2.json" \
    "$D/scheduled-2.json" 2>"$work/merge.err" || bad "merge: $(cat "$work/merge.err")"
grep -q "wrote .*: 3 incidents, 4 maintenances" "$work/merge.err" ||
    bad "merge message: $(cat "$work/merge.err")"
summary "$work/history.json" "${A[@]}" "$H"
same "$work/fetch.json" "$work/history.json"
"$PY" - "$H" <<'PYEOF' || bad "history lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert [l.get("id") for l in lines[:3]] == ["a1a1a1a1a1a1", "b2b2b2b2b2b2", "c3c3c3c3c3c3"]
assert lines[0]["maintenance"] == [{"from": "2026-04-08T10:00:00.000Z",
    "to": "2026-04-08T10:40:00.000Z", "services": ["api"]}], lines[0]
assert "maintenance" not in lines[2], lines[2]
m = [l["maintenance"] for l in lines[3:]]
assert [x["id"] for x in m] == ["m2m2m2m2m2m2", "m1m1m1m1m1m1", "m3m3m3m3m3m3",
                                "m4m4m4m4m4m4"], m
assert m[1]["from"] == "2026-04-20T08:10:00.000Z" and m[1]["to"] == "2026-04-20T10:00:00.000Z"
assert m[1]["services"] == ["web"] and m[1]["name"] == "Web data centre move", m[1]
assert "services" not in m[3], m[3]
PYEOF

# 3. Idempotent, and the order of the fetches does not matter.
cp "$H" "$work/before"
"$T" merge -q -o "$H" "$H" "$D/incidents-2.json" "$D/scheduled-2.json" ||
    bad "merge again"
cmp -s "$H" "$work/before" || bad "merging the same fetches again changed the history"
"$T" merge -q -o "$work/reverse.ndjson" "$D/scheduled-2.json" "$D/incidents-2.json" \
    "$D/scheduled-1.json" "$D/incidents-1.json" || bad "merge in reverse"
cmp -s "$work/reverse.ndjson" "$H" || bad "merging in another order gave other bytes"

# 4. check counts the maintenance lines: 7 records, 4 of them maintenance, m3 ignored.
"$T" check -c "$D/config.json" "$H" >"$work/check.out" 2>&1 || bad "check: $(cat "$work/check.out")"
grep -q "read 7, accepted 7, rejected 0" "$work/check.out" || bad "check counts: $(cat "$work/check.out")"
grep -q "4 of them maintenance windows, not incidents (1 ignored: end not after start)" \
    "$work/check.out" || bad "check maintenance count: $(cat "$work/check.out")"
grep -q "maintenance: 5 windows" "$work/check.out" || bad "check windows: $(cat "$work/check.out")"

# 5. The first fetches alone, b2 still open: its window runs to the incident's end,
#  as_of (10th 12:00), and the history says so with "to": null. API excluded:
#  30 + 40 + (08:30 to 12:00 = 210) = 280.
B=(-c "$D/config.json" --month 2026-04 --history 1 --as-of 2026-04-10T12:00:00Z)
summary "$work/fetch1.json" "${B[@]}" --maintenance "$D/scheduled-1.json" "$D/incidents-1.json"
check "$work/fetch1.json" 'assert slo["API"]["months"][0]["minutes_excluded"] == 280, slo["API"]'
"$T" merge -q -o "$work/h1.ndjson" "$D/incidents-1.json" "$D/scheduled-1.json" || bad "merge h1"
grep -q '"maintenance":\[{"from":"2026-04-10T08:30:00.000Z","to":null,"services":\["api"\]}\]' \
    "$work/h1.ndjson" || bad "open window not written with to null: $(cat "$work/h1.ndjson")"
summary "$work/history1.json" "${B[@]}" "$work/h1.ndjson"
same "$work/fetch1.json" "$work/history1.json"

# 6. Maintenance lines in other framings of native records: a top-level array and
#  {"incidents": [...]} give the same figures.
"$PY" - "$H" "$work/array.json" "$work/object.json" <<'PYEOF' || bad "reframing"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
json.dump(lines, open(sys.argv[2], "w"))
json.dump({"incidents": lines}, open(sys.argv[3], "w"))
PYEOF
summary "$work/array.out" "${A[@]}" "$work/array.json"
same "$work/fetch.json" "$work/array.out"
summary "$work/object.out" "${A[@]}" "$work/object.json"
same "$work/fetch.json" "$work/object.out"

# 7. gzip --maintenance, by its magic bytes (any name, standard input too); merge reads a
#  gzip scheduled-maintenances.json as every gzip input.
gzip -c "$D/scheduled-2.json" >"$work/sched.bin"
summary "$work/gz.json" "${A[@]}" --maintenance "$work/sched.bin" "$D/incidents-2.json"
same "$work/fetch.json" "$work/gz.json"
"$T" summary --json "${A[@]}" --maintenance - "$D/incidents-2.json" <"$work/sched.bin" \
    >"$work/gzin.json" 2>"$work/err" || bad "gzip on stdin: $(cat "$work/err")"
same "$work/fetch.json" "$work/gzin.json"
"$T" check -c "$D/config.json" --maintenance "$work/sched.bin" "$D/incidents-2.json" \
    >"$work/check.out" 2>&1 || bad "check gzip: $(cat "$work/check.out")"
grep -q "sched.bin: scheduled maintenances: read 4, used 3, ignored 1" "$work/check.out" ||
    bad "check gzip counts: $(cat "$work/check.out")"
gzip -c "$D/scheduled-1.json" >"$work/s1.json.gz"
"$T" merge -q -o "$work/gzh.ndjson" "$D/incidents-1.json" "$work/s1.json.gz" \
    "$D/incidents-2.json" "$work/sched.bin" || bad "merge gzip"
cmp -s "$work/gzh.ndjson" "$H" || bad "merging gzip fetches gave another history"
head -c 200 "$work/sched.bin" >"$work/trunc.gz"
if "$T" summary --json "${A[@]}" --maintenance "$work/trunc.gz" "$D/incidents-2.json" \
    >/dev/null 2>"$work/err"; then
    bad "a truncated gzip --maintenance file was accepted"
fi
grep -q "trunc.gz: invalid gzip data: the compressed stream is truncated" "$work/err" ||
    bad "truncated gzip message: $(cat "$work/err")"
printf '\037\213not deflate data at all' >"$work/damaged.gz"
if "$T" check --maintenance "$work/damaged.gz" "$D/incidents-2.json" >/dev/null 2>"$work/err"; then
    bad "a damaged gzip --maintenance file was accepted"
fi
grep -q "damaged.gz: invalid gzip data" "$work/err" || bad "damaged gzip message: $(cat "$work/err")"
#  A gzip bomb (300 MB of white space in a valid document, 1.3 MB compressed) stops at the
#  256 MiB cap instead of filling memory.
{ printf '{"scheduled_maintenances": []'; head -c 300000000 /dev/zero | tr '\0' ' '; printf '}'; } |
    gzip -1 >"$work/bomb.gz"
if "$T" check --maintenance "$work/bomb.gz" "$D/incidents-2.json" >/dev/null 2>"$work/err"; then
    bad "a gzip bomb --maintenance file was accepted"
fi
grep -q "bomb.gz: larger than 268435456 bytes" "$work/err" || bad "bomb message: $(cat "$work/err")"

# 8. Fail closed. A maintenance line that cannot be read is an input error naming the
#  file, the line and the field, as a malformed --maintenance entry is; merge then
#  writes nothing.
cp "$H" "$work/bad.ndjson"
echo '{"maintenance": {"id": "x", "from": "2026-04-02T00:00:00Z", "to": "soon"}}' \
    >>"$work/bad.ndjson"
if "$T" summary --json "${A[@]}" "$work/bad.ndjson" >/dev/null 2>"$work/err"; then
    bad "a malformed maintenance line was accepted"
fi
grep -q "bad.ndjson: line 8: maintenance.to: expected an RFC 3339 time" "$work/err" ||
    bad "malformed maintenance message: $(cat "$work/err")"
cp "$H" "$work/before"
if "$T" merge -q -o "$H" "$H" "$work/bad.ndjson" 2>"$work/err"; then
    bad "merge accepted a malformed maintenance line"
fi
cmp -s "$H" "$work/before" || bad "a failed merge changed the history"
printf '%s\n' '{"maintenance": {"from": "2026-04-02T00:00:00Z", "to": "2026-04-02T01:00:00Z",' \
    ' "services": [""]}}' | tr -d '\n' >"$work/bad2.ndjson"
echo >>"$work/bad2.ndjson"
if "$T" check "$work/bad2.ndjson" >/dev/null 2>"$work/err"; then
    bad "a maintenance with an empty service name was accepted"
fi
#  (one object alone is a file of one record: the path has no line)
grep -q "bad2.ndjson: maintenance.services\[0\]: expected a non-empty string" "$work/err" ||
    bad "empty service message: $(cat "$work/err")"
printf '%s\n' '{"maintenance": {"from": "2026-04-02T00:00:00Z", "from": "2026-04-03T00:00:00Z", "to": "2026-04-04T00:00:00Z"}}' \
    '{"id": "i1", "title": "t", "impact": "none", "started_at": "2026-04-01T00:00:00Z"}' \
    >"$work/dup.ndjson"
if "$T" check "$work/dup.ndjson" >/dev/null 2>"$work/err"; then
    bad "a maintenance line with duplicate keys was accepted"
fi
grep -q "dup.ndjson: line 1: maintenance: duplicate" "$work/err" ||
    bad "duplicate key message: $(cat "$work/err")"
#  An incident's own maintenance list is part of the incident: malformed, the incident
#  is rejected naming the field (and --strict refuses it).
printf '%s\n' '{"id": "i1", "title": "t", "impact": "none", "started_at": "2026-04-01T00:00:00Z", "maintenance": [{"from": "2026-04-01T02:00:00Z", "to": "2026-04-01T01:00:00Z"}]}' \
    '{"id": "i2", "title": "t", "impact": "none", "started_at": "2026-04-01T00:00:00Z", "maintenance": {"from": "2026-04-01T00:00:00Z"}}' \
    '{"id": "i3", "title": "t", "impact": "none", "started_at": "2026-04-01T00:00:00Z"}' \
    >"$work/incmaint.ndjson"
"$T" check "$work/incmaint.ndjson" >/dev/null 2>"$work/err"
grep -q 'id "i1": line 1: maintenance\[0\].to: the window ends before it starts' "$work/err" ||
    bad "incident maintenance rejection: $(cat "$work/err")"
grep -q 'id "i2": line 2: maintenance: expected a list of maintenance windows' "$work/err" ||
    bad "incident maintenance rejection: $(cat "$work/err")"
if "$T" merge --strict -q -o "$work/strict.ndjson" "$work/incmaint.ndjson" 2>/dev/null; then
    bad "merge --strict accepted an incident with a malformed maintenance list"
fi
[ -e "$work/strict.ndjson" ] && bad "merge --strict wrote a history"

# 9. A summary.json (page, components, unresolved incidents and active or upcoming
#  scheduled maintenances together) keeps both in the history; --maintenance reads the
#  same file's maintenances. b2 open at 12:00 on the 10th: API excluded 08:30-12:00 = 210
#  (m4 lies after as_of but in the month: +60 = 270); Web: m1 as scheduled 08:00-10:00
#  (120) + m4 (60) = 180.
summary "$work/sum-fetch.json" "${B[@]}" --maintenance "$D/summary.json" "$D/summary.json"
check "$work/sum-fetch.json" '
assert slo["API"]["months"][0]["minutes_excluded"] == 270, slo["API"]["months"][0]
assert slo["Web"]["months"][0]["minutes_excluded"] == 180, slo["Web"]["months"][0]
'
"$T" merge -q -o "$work/sum.ndjson" "$D/summary.json" || bad "merge summary.json"
[ "$(grep -c '^{"maintenance":' "$work/sum.ndjson")" = 2 ] || bad "summary.json maintenances: $(cat "$work/sum.ndjson")"
summary "$work/sum-history.json" "${B[@]}" "$work/sum.ndjson"
same "$work/sum-fetch.json" "$work/sum-history.json"

# 10. Real data: GitHub's status history has one incident with a component under
#  maintenance (2021-01-09, GitHub Packages, to the incident's end): its history gives
#  the fetch's figures.
real="${T0_FIXTURES:-$SRC/../shared/fixtures}/statuspage/githubstatus-2010-2023.incidents.json"
if [ -f "$real" ]; then
    R=(--month 2021-01 --history 2 --as-of 2021-03-01T00:00:00Z)
    summary "$work/real.json" "${R[@]}" "$real"
    "$T" merge -q -o "$work/real.ndjson" "$real" || bad "merge the real fixture"
    summary "$work/realh.json" "${R[@]}" "$work/real.ndjson"
    same "$work/real.json" "$work/realh.json"
    check "$work/realh.json" '
assert d["slos"][0]["maintenance"] == [{"from": "2021-01-09T16:03:21.194Z",
  "to": "2021-01-09T16:23:55.612Z",
  "reason": "under maintenance: Incident on 2021-01-09 16:03 UTC"}], d["slos"][0]["maintenance"]
'
else
    echo "SKIP (part 10): no real Statuspage fixture at $real"
fi

[ $fail -eq 0 ] && echo "maintenance_merge: all passed" || exit 1
