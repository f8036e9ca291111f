#!/usr/bin/env bash
# injection.sh: text from the input stays text: formula-looking titles are strings
# in the workbook, and only http/https URLs become links in the PDF and workbook.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

cat >"$work/inc.json" <<'JSON'
{"incidents": [
 {"id": "=1+1", "title": "=1+1", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:20:00Z",
  "url": "javascript:alert(1)"},
 {"id": "plus", "title": "+cmd", "services": ["api"], "impact": "partial_outage",
  "started_at": "2026-10-06T10:00:00Z", "resolved_at": "2026-10-06T10:20:00Z",
  "url": "file:///etc/passwd"},
 {"id": "minus", "title": "-2", "services": ["api"], "impact": "partial_outage",
  "started_at": "2026-10-07T10:00:00Z", "resolved_at": "2026-10-07T10:20:00Z",
  "url": "JavaScript:alert(2)"},
 {"id": "at", "title": "@SUM(A1)", "services": ["api"], "impact": "degraded_performance",
  "started_at": "2026-10-08T10:00:00Z", "resolved_at": "2026-10-08T10:20:00Z",
  "url": "https://status.example.com/incidents/ok"}
]}
JSON
cat >"$work/rel.json" <<'JSON'
{"releases": [
 {"id": "=HYPERLINK(\"http://evil.example\")", "name": "@cmd", "released_at": "2026-10-04T09:00:00Z",
  "services": ["api"], "url": "javascript:alert(3)"},
 {"id": "r2", "name": "fine", "released_at": "2026-10-06T09:00:00Z", "services": ["api"],
  "url": "http://deploys.example.com/r2"}
]}
JSON

if "$T" report -q -r "$work/rel.json" --as-of 2026-11-01T00:00:00Z -o "$work/out" --name r \
        --format pdf,xlsx "$work/inc.json"; then
    ok
else
    bad "the report failed"
fi

# The workbook: every formula-looking value is a string cell ('s'), and only
# http(s) targets are links (HYPERLINK formulas).
"$PY" - "$work/out/r.xlsx" <<'PYEOF' && ok || bad "workbook check failed"
import sys
import warnings
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wanted = {"=1+1", "+cmd", "-2", "@SUM(A1)", '=HYPERLINK("http://evil.example")', "@cmd"}
seen = {}
links = []
problems = []
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.value in wanted:
                seen.setdefault(c.value, set()).add(c.data_type)
            if c.hyperlink is not None and c.hyperlink.target:
                links.append(c.hyperlink.target)
            # links are =HYPERLINK("url") formulas, the url's quotes doubled
            v = c.value
            if c.data_type == "f" and isinstance(v, str) and v.startswith("=HYPERLINK("):
                if not (v.startswith('=HYPERLINK("') and v.endswith('")')):
                    problems.append("a link formula %r" % v)
                else:
                    links.append(v[len('=HYPERLINK("'):-2].replace('""', '"'))
missing = wanted - set(seen)
if missing:
    problems.append("values not found as cells: %s" % sorted(missing))
for value, types in seen.items():
    if types != {"s"}:
        problems.append("%r has data types %s (want only 's')" % (value, sorted(types)))
for target in links:
    if not target.lower().startswith(("http://", "https://")):
        problems.append("a link to %r" % target)
if "https://status.example.com/incidents/ok" not in links:
    problems.append("the https URL is not a link: %s" % links)
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PYEOF

# The PDF: its link annotations (/URI) are http(s) only.
if qpdf --qdf --object-streams=disable "$work/out/r.pdf" "$work/qdf.pdf" 2>/dev/null ||
        [ -s "$work/qdf.pdf" ]; then
    uris=$(grep -a -o '/URI *([^)]*)' "$work/qdf.pdf" | sed 's/^\/URI *(//; s/)$//')
    if grep -qiE '^(javascript|file):' <<<"$uris"; then
        bad "the PDF links a javascript: or file: URL: $(grep -iE '^(javascript|file):' <<<"$uris")"
    else
        ok
    fi
    if grep -qiE 'javascript:|file:' <(grep -a '/URI' "$work/qdf.pdf"); then
        bad "a /URI entry names javascript: or file:"
    else
        ok
    fi
    grep -qxF "https://status.example.com/incidents/ok" <<<"$uris" && ok ||
        bad "the https URL is not a link in the PDF: $uris"
    other=$(grep -viE '^https?://' <<<"$uris" | grep . || true)
    [ -z "$other" ] && ok || bad "the PDF has non-http links: $other"
else
    bad "qpdf could not read the PDF"
fi

echo "injection: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
