#!/usr/bin/env bash
# sample_check.sh: the bundled sample is exactly what tools/generate.py writes, and the generator is deterministic.
#
# Needs only python3. Regenerates samples/ into a temporary directory with the
# command samples/README.md gives and compares byte by byte; then checks that
# a general history is the same for the same seed, different for another seed,
# and the same records in JSON and NDJSON.
set -euo pipefail

src=${T0_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
if [ -x /usr/bin/python3 ]; then
    py=/usr/bin/python3
else
    py=python3
fi
gen=("${py}" "${src}/tools/generate.py" -q)

tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT

passed=0
failed=0
check() {
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok - ${name}"
    else
        failed=$((failed + 1))
        echo "not ok - ${name}"
    fi
}

# 1. The committed sample is the generator's output.
"${gen[@]}" --sample --out-dir "${tmp}/sample"
for f in incidents.json releases.json config.json; do
    check "samples/${f} regenerates byte for byte" cmp "${src}/samples/${f}" "${tmp}/sample/${f}"
done

# 2. The sample's promises: parses, ~330 incidents from January 2025 to
#    October 2026, ongoing ones only at the end, the model launches present.
sample_facts() {
    "${py}" - "${tmp}/sample" <<'EOF'
import json, sys
d = sys.argv[1]
inc = json.load(open(d + "/incidents.json", encoding="utf-8"))["incidents"]
rel = json.load(open(d + "/releases.json", encoding="utf-8"))["releases"]
json.load(open(d + "/config.json", encoding="utf-8"))
problems = []
if not 300 <= len(inc) <= 360:
    problems.append("incident count %d" % len(inc))
starts = [i["started_at"] for i in inc]
if starts != sorted(starts):
    problems.append("incidents not in order of start")
if not starts[0].startswith("2025-01") or not starts[-1].startswith("2026-10"):
    problems.append("history runs %s .. %s" % (starts[0], starts[-1]))
if len({i["id"] for i in inc}) != len(inc):
    problems.append("duplicate ids")
ongoing = [i["started_at"] for i in inc if i["resolved_at"] is None]
if not ongoing or min(ongoing) < "2026-10-25":
    problems.append("ongoing incidents: %r" % ongoing)
for name, when in (("opus-4-1", "2025-08-05"), ("sonnet-4-5", "2025-09-29"),
                   ("haiku-4-5", "2025-10-15"), ("opus-4-5", "2025-11-24"),
                   ("opus-4-6", "2026-02-05"), ("sonnet-4-6", "2026-02-17")):
    if not any(r["id"] == name and r["released_at"].startswith(when) and r["kind"] == "model"
               for r in rel):
        problems.append("model launch %s on %s missing" % (name, when))
if not any(any(ord(c) > 127 for c in i["title"]) for i in inc):
    problems.append("no non-ASCII title")
if any(i["title"].startswith("=") for i in inc):
    problems.append("a title starts with '='")
for p in problems:
    print("sample: " + p)
sys.exit(1 if problems else 0)
EOF
}
check "sample has the promised shape" sample_facts

# 3. Same seed, same bytes; another seed, other bytes.
small=(--incidents 3000 --releases 120 --services 6 --years 1.5 --start 2024-07)
"${gen[@]}" "${small[@]}" --seed 11 --format ndjson --out-dir "${tmp}/a"
"${gen[@]}" "${small[@]}" --seed 11 --format ndjson --out-dir "${tmp}/b"
"${gen[@]}" "${small[@]}" --seed 12 --format ndjson --out-dir "${tmp}/c"
"${gen[@]}" "${small[@]}" --seed 11 --format json --out-dir "${tmp}/d"
check "same seed gives identical incidents" cmp "${tmp}/a/incidents.ndjson" "${tmp}/b/incidents.ndjson"
check "same seed gives identical releases" cmp "${tmp}/a/releases.json" "${tmp}/b/releases.json"
check "another seed gives other incidents" \
    bash -c '! cmp -s "$1" "$2"' _ "${tmp}/a/incidents.ndjson" "${tmp}/c/incidents.ndjson"

# 4. JSON and NDJSON hold the same records, and a general history keeps its
#    promises: the count asked for, in order, more incidents after releases.
general_facts() {
    "${py}" - "${tmp}/a" "${tmp}/d" <<'EOF'
import bisect, json, sys
a, d = sys.argv[1], sys.argv[2]
nd = [json.loads(line) for line in open(a + "/incidents.ndjson", encoding="utf-8")]
doc = json.load(open(d + "/incidents.json", encoding="utf-8"))["incidents"]
rel = json.load(open(a + "/releases.json", encoding="utf-8"))["releases"]
problems = []
if nd != doc:
    problems.append("JSON and NDJSON records differ")
if len(nd) != 3000 or len(rel) != 120:
    problems.append("counts %d incidents, %d releases" % (len(nd), len(rel)))
starts = [i["started_at"] for i in nd]
if starts != sorted(starts):
    problems.append("incidents not in order of start")
if not starts[0].startswith("2024-07") or not starts[-1].startswith("2025-12"):
    problems.append("history runs %s .. %s" % (starts[0], starts[-1]))
# Share of incidents starting within 72 h after any release, against the
# share of time those windows cover (times compare as text: all are UTC Z).
import datetime
def sec(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").timestamp()
rs = sorted(sec(r["released_at"]) for r in rel)
t0, t1 = sec("2024-07-01T00:00:00Z"), sec("2026-01-01T00:00:00Z")
covered, end = 0.0, t0
for r in rs:
    a_, b_ = max(r, end), min(r + 72 * 3600, t1)
    if b_ > a_:
        covered += b_ - a_
        end = b_
coverage = covered / (t1 - t0)
inside = 0
for s in map(sec, starts):
    i = bisect.bisect_right(rs, s) - 1
    if i >= 0 and s < rs[i] + 72 * 3600:
        inside += 1
share = inside / len(starts)
if not share > coverage + 0.05:
    problems.append("share after release %.3f vs coverage %.3f" % (share, coverage))
for p in problems:
    print("general: " + p)
sys.exit(1 if problems else 0)
EOF
}
check "general history keeps its promises" general_facts

echo "${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
