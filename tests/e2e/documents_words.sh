#!/usr/bin/env bash
# documents_words.sh: what the documents say about SLOs other than the first,
# and the small words a reader notices (issue: fail closed and say what was
# not read).
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
has() { grep -qF -- "$2" <<<"$1" && ok || bad "$3: lacks '$2'"; }
lacks() { grep -qF -- "$2" <<<"$1" && bad "$3: has '$2'" || ok; }
pdf() { pdftotext "$1" - | tr -s ' \n' '  '; }
# layout: the table rows as they read, one line each, runs of spaces as one
rows() { pdftotext -layout "$1" - | tr -s ' '; }
asof=--as-of=2026-11-01T00:00:00Z

# Two SLOs; the first ("Web", 99 %: a budget of 446.4 minutes in October)
# sees INC-B's 120 minutes, 26.9 % of its budget; the second ("API", 99.9 %:
# 44.64 minutes) sees INC-A's 30 minutes, 67.2 % of its budget. Ranked by
# the first SLO's bad minutes INC-B came first; by the largest share of any
# SLO's budget, INC-A does.
cat >"$work/inc.json" <<'EOF'
{"incidents": [
 {"id": "INC-B", "title": "Web down", "services": ["web"], "impact": "major_outage",
  "started_at": "2026-10-06T10:00:00Z", "resolved_at": "2026-10-06T12:00:00Z"},
 {"id": "INC-A", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:30:00Z"}
]}
EOF
cat >"$work/cfg.json" <<'EOF'
{"slos": [{"name": "Web", "services": ["web"], "objective_pct": 99.0},
          {"name": "API", "services": ["api"], "objective_pct": 99.9}]}
EOF
if "$T" report -c "$work/cfg.json" "$asof" -o "$work/r" --format pdf "$work/inc.json" \
        >/dev/null 2>&1; then
    text=$(pdf "$work/r/slo-review-2026-10.pdf")
    log=${text#*Incident log, October 2026}
    log=${log%%Postmortems*}
    table=$(rows "$work/r/slo-review-2026-10.pdf")
    has "$table" "INC-A API down 5 Oct 10:00 30 min 67% API major api" "incident log"
    has "$table" "INC-B Web down 6 Oct 10:00 2h 27% Web major web" "incident log"
    [[ "$log" == *INC-A*INC-B* ]] && ok || bad "incident log order: $log"
    post=${text##*Postmortems}
    [[ "$post" == *"INC-A: API down"*"INC-B: Web down"* ]] && ok || bad "postmortem order"
else
    bad "report failed"
fi

# A single postmortem speaks of the SLO the incident touched.
if "$T" postmortem -c "$work/cfg.json" "$asof" -o "$work/p" "$work/inc.json" INC-A \
        >/dev/null 2>&1; then
    text=$(pdf "$work/p/postmortem-INC-A.pdf")
    has "$text" "Postmortem of INC-A, written from the incident record. API reached 99.93%" \
        "postmortem intro"
    ctx=${text#*SLO months around the incident}
    ctx=${ctx%%Releases before*}
    has "$(rows "$work/p/postmortem-INC-A.pdf")" "API October 2026 99.93% 67% 1 met (this month)" \
        "context"
    lacks "$ctx" "Web " "context"
    has "$ctx" "API met its 99.9% objective in every month" "context chart"
else
    bad "postmortem failed"
fi

# The default SLO's name reads as a plural: the sentence says "The All
# services SLO missed its".
cat >"$work/one.json" <<'EOF'
{"incidents": [{"id": "a", "title": "x", "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T11:00:00Z"}]}
EOF
out=$("$T" summary "$asof" "$work/one.json" 2>&1)
has "$out" "The All services SLO missed its 99.9% objective in October 2026" "verdict"

# definitions.md rule 3.1.11 for Statuspage components: an update that spells "API" as
# "api" ends its major outage after 60 minutes (not at the resolution, 4 h).
cat >"$work/sp.json" <<'EOF'
{"page": {"id": "p"}, "incidents": [{"id": "i1", "name": "API errors", "impact": "major",
 "created_at": "2026-10-05T10:00:00Z", "started_at": "2026-10-05T10:00:00Z",
 "resolved_at": "2026-10-05T14:00:00Z", "shortlink": "https://stspg.io/x",
 "components": [{"name": "API"}],
 "incident_updates": [
  {"status": "investigating", "body": "a", "created_at": "2026-10-05T10:00:00Z",
   "affected_components": [{"name": "API", "old_status": "operational", "new_status": "major_outage"}]},
  {"status": "monitoring", "body": "b", "created_at": "2026-10-05T11:00:00Z",
   "affected_components": [{"name": "api", "old_status": "major_outage", "new_status": "operational"}]},
  {"status": "resolved", "body": "c", "created_at": "2026-10-05T14:00:00Z",
   "affected_components": null}]}]}
EOF
out=$("$T" summary --json "$asof" "$work/sp.json" 2>&1)
has "$out" '"bad_minutes": 60.0' "component case"
lacks "$out" '"bad_minutes": 240' "component case"

# An SLO named "" keeps its name; a missing name is "SLO n".
printf '{"slos": [{"name": ""}, {"services": ["x"]}]}' >"$work/names.json"
out=$("$T" summary --json -c "$work/names.json" "$asof" "$work/one.json" 2>&1)
has "$out" '"name": ""' "empty SLO name"
has "$out" '"name": "SLO 2"' "missing SLO name"
has "$out" "The unnamed SLO missed its 99.9% objective" "empty SLO name verdict"

# help: a command's own options sit under its "Options:" heading.
out=$("$T" help gate 2>&1)
[[ "$out" == *"Options:"*"--service NAME"*"--releases FILE"* ]] && ok || bad "help gate layout"
out=$("$T" help report 2>&1)
[[ "$out" == *"Options:"*"--out DIR"*"--releases FILE"* ]] && ok || bad "help report layout"

# --format in any case; --as-of words.
if "$T" report --format PDF,Json "$asof" -o "$work/f" "$work/one.json" >/dev/null 2>&1 &&
        [ -s "$work/f/slo-review-2026-10.pdf" ] && [ -s "$work/f/slo-review-2026-10.json" ] &&
        [ ! -e "$work/f/slo-review-2026-10.xlsx" ]; then ok; else bad "--format PDF,Json"; fi
out=$("$T" summary --as-of yesterday "$work/one.json" 2>&1); st=$?
[ $st = 1 ] && ok || bad "--as-of yesterday: exit $st"
has "$out" "'today' (midnight starting today) or 'now', got 'yesterday'" "--as-of yesterday"
lacks "$out" "got 'yesterday':" "--as-of yesterday parser detail"
"$T" summary --as-of now "$work/one.json" >/dev/null 2>&1 && ok || bad "--as-of now"
"$T" summary --as-of TODAY "$work/one.json" >/dev/null 2>&1 && ok || bad "--as-of TODAY"

# The text table shows 6 of 12 months: its last row says it is the period
# (60 bad minutes of 525,600: 99.988%, shown 99.98%).
out=$("$T" summary "$asof" "$work/one.json" 2>&1)
has "$out" "(the last 6 of 12 months; the 12 mo row is the whole period, 2025-11 to 2026-10)" \
    "text table note"
grep -qE '^  12 mo +99\.98% +1 h +' <<<"$out" && ok || bad "text table period row: $out"

# The attainment chart keys the review month's own "met" colour.
text=$(pdf "$work/p/postmortem-INC-A.pdf")
has "$text" "met, review month" "attainment legend"

# Workbook: status words as the PDF's ("at risk"), and "Exhausted at" says in
# its note that it is computed for the objectives the report was run with.
# The sample's Developer tools used 77% of its October budget: at risk.
SRC=${T0_SOURCE_DIR:?}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
if "$T" report -c "$SRC/samples/config.json" "$asof" -o "$work/x" --format xlsx \
        "$SRC/samples/incidents.json" >/dev/null 2>&1; then
    out=$("$PY" - "$work/x/slo-review-2026-10.xlsx" <<'EOF' 2>/dev/null
import sys, warnings
warnings.simplefilter("ignore")
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
ws = wb["Monthly SLO"]
head = [c.value for c in ws[1]]
st, ex = head.index("Status"), head.index("Exhausted at")
rows = {(r[0].value, r[1].value): r[st].value for r in ws.iter_rows(min_row=2) if r[0].value}
print("dev-oct=" + str(rows[("Developer tools", "2026-10")]))
print("words=" + ",".join(sorted(set(rows.values()))))
note = ws.cell(row=1, column=ex + 1).comment
print("note=" + (note.text if note else ""))
EOF
)
    has "$out" "dev-oct=at risk" "workbook status"
    has "$out" "words=at risk,exhausted,met" "workbook status words"
    has "$out" "note=Computed by tierzero for the objectives the report was run with" \
        "workbook Exhausted at note"
else
    bad "report xlsx failed"
fi

# One freeze verdict. API (99.9 %, 44.64 budget minutes) runs out at 10:44:38.4
# on 5 October; Web (99 %, 446.4 minutes) 7 h 26 min 24 s into its 8-hour
# outage of 20 October, at 07:26:24. Each SLO is named with its own start.
cat >"$work/two.json" <<'EOF'
{"incidents": [
 {"id": "A", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:50:00Z"},
 {"id": "W", "title": "Web down", "services": ["web"], "impact": "major_outage",
  "started_at": "2026-10-20T00:00:00Z", "resolved_at": "2026-10-20T08:00:00Z"}
]}
EOF
over="was in force from 5 October 10:44 to 1 November (API from 5 October 10:44; Web from 20 October 07:26)"
ongoing="in force since 5 October 10:44, until 1 November (API since 5 October 10:44; Web since 20 October 07:26)"
for case in "2026-11-01T00:00:00Z|$over|false" "2026-10-25T00:00:00Z|$ongoing|true"; do
    at=${case%%|*}; rest=${case#*|}; want=${rest%|*}; force=${rest##*|}
    out=$("$T" summary --json -c "$work/cfg.json" --as-of "$at" "$work/two.json" 2>&1)
    has "$out" "\"text\": \"$want\"" "JSON freeze text at $at"
    has "$out" "\"in_force\": $force" "JSON in_force at $at"
    if "$T" report -c "$work/cfg.json" --as-of "$at" -o "$work/fz" --format pdf,eml \
            "$work/two.json" >/dev/null 2>&1; then
        has "$(pdf "$work/fz/slo-review-2026-10.pdf")" "Release freeze: $want." "PDF at $at"
        mail=$(tr -d '\r' <"$work/fz/slo-review-2026-10.eml" | sed -e ':a' -e '/=$/N; s/=\n//; ta')
        has "$mail" "Release freeze: $want" "e-mail at $at"
    else
        bad "report at $at failed"
    fi
done
# A finished month without a freeze says so in the e-mail.
if "$T" report -c "$work/cfg.json" "$asof" -o "$work/nf" --format eml "$work/one.json" \
        >/dev/null 2>&1; then
    mail=$(tr -d '\r' <"$work/nf/slo-review-2026-10.eml" | sed -e ':a' -e '/=$/N; s/=\n//; ta')
    has "$mail" "Release freeze: none, every budget held" "e-mail without freeze"
else
    bad "report without freeze failed"
fi

# The template may rank by bad minutes instead: INC-B's 120 minutes first.
SRCDIR=${T0_SOURCE_DIR:?}
cp -r "$SRCDIR/templates/monthly-review" "$work/tpl"
sed -i 's/^  "limits":/  "incident_rank": "bad_minutes",\n  "limits":/' "$work/tpl/template.json"
if "$T" report -c "$work/cfg.json" "$asof" --template "$work/tpl" -o "$work/rb" --format pdf \
        "$work/inc.json" >/dev/null 2>&1; then
    table=$(rows "$work/rb/slo-review-2026-10.pdf")
    has "$table" "INC-B Web down 6 Oct 10:00 2h 120 min major web" "bad-minutes rank"
    log=$(pdf "$work/rb/slo-review-2026-10.pdf")
    log=${log#*Incident log, October 2026}
    [[ "$log" == *INC-B*INC-A* ]] && ok || bad "bad-minutes rank order"
    has "$log" "the worst first: by the largest bad minutes on an SLO each used" "rank words"
else
    bad "report with incident_rank failed"
fi
sed -i 's/"incident_rank": "bad_minutes"/"incident_rank": "worst"/' "$work/tpl/template.json"
out=$("$T" report -c "$work/cfg.json" "$asof" --template "$work/tpl" -o "$work/rc" \
    --format pdf "$work/inc.json" 2>&1)
has "$out" 'incident_rank must be "budget_share" or "bad_minutes"' "bad incident_rank"

echo "documents_words: $pass passed, $fail failed"
[ "$fail" = 0 ]
