#!/usr/bin/env bash
# fail_closed.sh: nothing green on data that was not understood: files with no
# accepted record, low acceptance, unusable releases, unknown configuration
# keys, SLOs matching nothing, gate --service and --max-age, figures the source
# does not record, and the chance test over the span the releases cover.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
FIX=${T0_FIXTURES:-}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS FRAGMENT -- command...: exit status and a fragment of stdout+stderr
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

# lacks FRAGMENT -- command...: the fragment is nowhere in stdout+stderr
lacks() {
    local frag=$1; shift 2
    local out
    out=$("$@" 2>&1)
    if grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output has '$frag': ${out:0:400}"
    else
        ok
    fi
}

# jq_is EXPR WANT FILE: a Python expression on the JSON document d
jq_is() {
    local got
    got=$("$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$3" 2>&1)
    if [ "$got" = "$2" ]; then ok; else bad "$1 = '$got', want '$2'"; fi
}

# ---- 1. nothing accepted is an error, not a clean month ----

# Two records, both rejected (a time without an offset, an unknown impact).
cat >"$work/allbad.json" <<'EOF'
{"incidents": [
 {"id": "a", "title": "t", "impact": "major_outage", "started_at": "2026-10-03 14:05"},
 {"id": "b", "title": "t", "impact": "bogus", "started_at": "2026-10-03T14:05:00Z"}
]}
EOF
for cmd in summary gate check; do
    expect 2 "none of the 2 incident records read were accepted" -- \
        "$T" "$cmd" -q --as-of 2026-10-20T00:00:00Z "$work/allbad.json"
done
expect 2 "none of the 2 incident records read were accepted" -- \
    "$T" report -q -o "$work/out" --as-of 2026-10-20T00:00:00Z "$work/allbad.json"
# one line, with the first reason, whatever -q says
out=$("$T" gate -q --as-of 2026-10-20T00:00:00Z "$work/allbad.json" 2>&1)
[ "$(wc -l <<<"$out")" = 1 ] && ok || bad "gate -q on an unreadable file printed: $out"
grep -qF 'incidents[0].started_at' <<<"$out" && ok || bad "no first reason in: $out"
[ ! -e "$work/out/slo-review-2026-10.pdf" ] && ok || bad "report wrote a PDF of nothing"

# An empty list is read as an empty history (nothing was rejected).
printf '{"incidents": []}' >"$work/empty.json"
expect 0 "" -- "$T" summary -q --month 2026-10 "$work/empty.json"

# One of three accepted: 33% < 90%, a warning that survives -q in the gate.
cat >"$work/third.json" <<'EOF'
{"incidents": [
 {"id": "a", "title": "t", "impact": "degraded_performance", "started_at": "2026-10-03T14:05:00Z",
  "resolved_at": "2026-10-03T15:05:00Z"},
 {"id": "b", "title": "t", "impact": "bogus", "started_at": "2026-10-03T14:05:00Z"},
 {"id": "c", "title": "t", "impact": "bogus", "started_at": "2026-10-03T14:05:00Z"}
]}
EOF
expect 0 "only 1 of 3 incident records (33.3%) were accepted" -- \
    "$T" gate -q --as-of 2026-10-20T00:00:00Z "$work/third.json"
expect 0 "only 1 of 3 incident records" -- "$T" summary --as-of 2026-10-20T00:00:00Z "$work/third.json"
lacks "only 1 of 3" -- "$T" summary -q --as-of 2026-10-20T00:00:00Z "$work/third.json"
printf '{"input": {"min_accepted_pct": 33}}' >"$work/min33.json"
lacks "only 1 of 3" -- "$T" gate -q -c "$work/min33.json" --as-of 2026-10-20T00:00:00Z "$work/third.json"
printf '{"input": {"min_accepted_pct": 101}}' >"$work/min101.json"
expect 2 "input.min_accepted_pct: must be between 0 and 100" -- \
    "$T" summary -c "$work/min101.json" "$work/third.json"

# A releases file whose every record is rejected: no release analysis.
cat >"$work/inc.json" <<'EOF'
{"incidents": [
 {"id": "INC-1", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:20:00Z"},
 {"id": "INC-2", "title": "Slow", "services": ["web"], "impact": "degraded_performance",
  "started_at": "2026-10-12T10:00:00Z", "resolved_at": "2026-10-12T11:00:00Z"},
 {"id": "INC-3", "title": "Slow", "services": ["web"], "impact": "degraded_performance",
  "started_at": "2026-10-20T00:00:00Z", "resolved_at": "2026-10-20T01:00:00Z"}
]}
EOF
cat >"$work/gh-drafts.json" <<'EOF'
[{"tag_name": "v1", "name": "one", "published_at": null},
 {"tag_name": "v2", "name": "two", "published_at": "2026-10-11 00:00"}]
EOF
"$T" summary -q --json -r "$work/gh-drafts.json" --month 2026-10 --as-of 2026-11-01T00:00:00Z \
    "$work/inc.json" >"$work/drafts.json"
jq_is 'd["releases"], d["correlation"]' "None None" "$work/drafts.json"
jq_is '"no usable releases" in d["releases_reason"]' "True" "$work/drafts.json"
jq_is 'd["input"]["releases"]["read"], d["input"]["releases"]["rejected"]' "2 2" "$work/drafts.json"
expect 0 "none of the 2 release records read were accepted" -- \
    "$T" gate -q -r "$work/gh-drafts.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"
if command -v pdftotext >/dev/null; then
    "$T" report -q --format pdf -o "$work/drafts" -r "$work/gh-drafts.json" --month 2026-10 \
        --as-of 2026-11-01T00:00:00Z "$work/inc.json"
    text=$(pdftotext "$work/drafts/slo-review-2026-10.pdf" - 2>/dev/null)
    grep -qF "No usable releases" <<<"$text" && ok || bad "PDF does not say no usable releases"
    grep -qF "of incidents began within" <<<"$text" && bad "PDF gives a share after release" || ok
else
    bad "pdftotext is missing"
fi
# Deployments all of another environment are accepted and left out: no
# release counts in any figure, so the same "no usable releases" (not "0% of
# incidents began within 72 h of a release").
cat >"$work/staging.json" <<'EOF'
[{"id": 1, "sha": "a1", "ref": "v1", "environment": "staging", "created_at": "2026-10-05T10:00:00Z"},
 {"id": 2, "sha": "a2", "ref": "v2", "environment": "staging", "created_at": "2026-10-11T09:00:00Z"}]
EOF
"$T" summary -q --json -r "$work/staging.json" --month 2026-10 --as-of 2026-11-01T00:00:00Z \
    "$work/inc.json" >"$work/staging-summary.json"
jq_is 'd["releases"], d["correlation"]' "None None" "$work/staging-summary.json"
jq_is '"another environment" in d["releases_reason"]' "True" "$work/staging-summary.json"
expect 0 "all 2 release records are of environments other than correlation.environment" -- \
    "$T" gate -q -r "$work/staging.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"

# ---- 3. configuration that says what it ignored ----

cat >"$work/typos.json" <<'EOF'
{"report": {"timezon": "UTC"},
 "slos": [{"name": "API", "service": ["api"], "objective_pct": 99.5,
           "weights": {"major_outage": 1}}],
 "corelation": {"window_hours": 24},
 "releases": {"rules": [{"match": "api-*", "services": ["api"], "mtach": "x"}]},
 "import": {"impact": {"P3": "partial_outage"}},
 "prometheus": {"headers": {"X-Anything": "1"}},
 "input": {"min_accepted_pct": 50}, "zzz": 1}
EOF
expect 0 'slos[0].service: unknown key; did you mean "services"?' -- \
    "$T" summary -c "$work/typos.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"
expect 0 'report.timezon: unknown key; did you mean "timezone"?' -- \
    "$T" check -c "$work/typos.json" "$work/inc.json"
expect 0 'corelation: unknown key; did you mean "correlation"?' -- \
    "$T" check -c "$work/typos.json" "$work/inc.json"
expect 0 'releases.rules[0].mtach: unknown key; did you mean "match"?' -- \
    "$T" check -c "$work/typos.json" "$work/inc.json"
expect 0 'zzz: unknown key' -- "$T" check -c "$work/typos.json" "$work/inc.json"
expect 0 "5 warnings" -- "$T" check -c "$work/typos.json" "$work/inc.json"
expect 0 'import: impact "P3" -> partial_outage' -- "$T" check -c "$work/typos.json" "$work/inc.json"
lacks "X-Anything" -- "$T" check -c "$work/typos.json" "$work/inc.json"
expect 2 "--strict: 5 configuration warnings" -- \
    "$T" check --strict -c "$work/typos.json" "$work/inc.json"
expect 0 'slos[0].service: unknown key' -- \
    "$T" gate -q -c "$work/typos.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"
lacks "unknown key" -- "$T" summary -q -c "$work/typos.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"
# every key the configuration documents (definitions.md §2.4, §7–§10) is known
cat >"$work/full.json" <<'EOF'
{"report": {"title": "R", "organization": "O", "timezone": "UTC", "page_size": "A4",
            "fiscal_year_start": 4},
 "slos": [{"name": "API", "services": ["api"], "objective_pct": 99.9, "rolling_days": 28,
           "weights": {"major_outage": 1}, "budgeting": "timeslices", "slice_target_pct": 99,
           "sli": {"kind": "events", "good": {"prometheus": "x"}, "total": {"file": "t.csv"}},
           "alerts": [{"severity": "page", "long_window": "1h", "short_window": "5m",
                       "burn_rate": 14.4}]}],
 "policy": {"at_risk_pct": 75},
 "correlation": {"window_hours": 72, "event_study_days": 14, "match": "same-service",
                 "environment": "production"},
 "email": {"from": "a@b.c", "to": ["c@d.e"], "cc": []},
 "input": {"min_accepted_pct": 90},
 "import": {"impact": {"P3": "partial_outage"}, "timestamps": {"started": "Began"},
            "services_field": "Products"},
 "releases": {"services": ["api"], "rules": [{"match": "api-*", "services": ["api"]}]},
 "prometheus": {"url": "http://p", "step_seconds": 60, "headers": {"A": "b"}, "timeout_seconds": 5},
 "maintenance": [{"from": "2026-10-01T00:00:00Z", "to": "2026-10-01T01:00:00Z",
                  "services": ["api"], "reason": "r"},
                 {"weekly": {"day": "sun", "from": "02:00", "to": "04:00"}}]}
EOF
lacks "unknown key" -- "$T" check -c "$work/full.json" "$work/inc.json"

# An SLO whose services match nothing of the input.
printf '{"slos": [{"name": "API", "services": ["api"]}, {"name": "Ghost", "services": ["gohst"]}]}' \
    >"$work/ghost.json"
expect 0 'slos[1].services: "gohst" of SLO "Ghost" match no incident and no release' -- \
    "$T" check -c "$work/ghost.json" "$work/inc.json"
expect 0 'match no incident and no release' -- \
    "$T" summary -c "$work/ghost.json" --as-of 2026-10-20T00:00:00Z "$work/inc.json"
lacks 'slos[0]' -- "$T" check -c "$work/ghost.json" "$work/inc.json"

# gate --service: a name no SLO covers is a usage error naming the known ones.
expect 1 "--service 'apii' names no service of any SLO (known: 'api', 'gohst')" -- \
    "$T" gate -c "$work/ghost.json" --service apii --as-of 2026-10-20T00:00:00Z "$work/inc.json"
expect 0 "gate: open" -- \
    "$T" gate -c "$work/ghost.json" --service gohst --as-of 2026-10-20T00:00:00Z "$work/inc.json"
# with the default "*" SLO, the name must be one the input knows
expect 1 "names no service of any SLO or of the input (known: 'api', 'web')" -- \
    "$T" gate --service wbe --as-of 2026-10-20T00:00:00Z "$work/inc.json"
expect 0 "gate: open" -- "$T" gate --service WEB --as-of 2026-10-20T00:00:00Z "$work/inc.json"

# ---- 7. honest figures for what the source does not record ----

# Statuspage: created_at (the detection time) 7 ms after started_at.
cat >"$work/sp.json" <<'EOF'
{"page": {"id": "p", "name": "Example"}, "incidents": [
 {"id": "x1", "name": "Down", "impact": "major", "shortlink": "https://stspg.io/1",
  "created_at": "2026-10-05T10:00:00.007Z", "started_at": "2026-10-05T10:00:00.000Z",
  "resolved_at": "2026-10-05T10:30:00.000Z", "components": [], "incident_updates": []},
 {"id": "x2", "name": "Slow", "impact": "minor", "shortlink": "https://stspg.io/2",
  "created_at": "2026-10-09T10:00:00.000Z", "started_at": "2026-10-09T10:00:00.000Z",
  "resolved_at": "2026-10-09T12:00:00.000Z", "components": [], "incident_updates": []}
]}
EOF
"$T" summary -q --json --month 2026-10 --as-of 2026-11-01T00:00:00Z "$work/sp.json" >"$work/sp-sum.json"
jq_is 'd["incidents"]["ttd_minutes"]["median"], d["incidents"]["ttd_minutes"]["p90"]' "None None" "$work/sp-sum.json"
jq_is 'd["incidents"]["ttd_minutes"]["median_reason"]' \
    "not recorded: every detection time equals the start" "$work/sp-sum.json"
# time to resolve is recorded: 30 and 120 minutes, median 75
jq_is 'd["incidents"]["mttr_minutes"]["median"]' "75.0" "$work/sp-sum.json"
expect 0 "time to detect             not recorded" -- \
    "$T" summary -q --month 2026-10 --as-of 2026-11-01T00:00:00Z "$work/sp.json"
# One detection 5 minutes late is a measurement: figures stay.
sed 's/"2026-10-09T10:00:00.000Z", "started_at"/"2026-10-09T10:05:00.000Z", "started_at"/' \
    "$work/sp.json" >"$work/sp2.json"
"$T" summary -q --json --month 2026-10 --as-of 2026-11-01T00:00:00Z "$work/sp2.json" >"$work/sp2-sum.json"
# 7 ms and 5 min: median (0.007 s + 300 s) / 2 in minutes
jq_is 'round(d["incidents"]["ttd_minutes"]["median"], 6)' "2.500058" "$work/sp2-sum.json"
# Every duration zero: time to resolve not recorded.
cat >"$work/zero.json" <<'EOF'
{"incidents": [{"id": "z", "title": "t", "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:00:00Z"}]}
EOF
"$T" summary -q --json --month 2026-10 --as-of 2026-11-01T00:00:00Z "$work/zero.json" >"$work/zero-sum.json"
jq_is 'd["incidents"]["mttr_minutes"]["mean"], d["incidents"]["mttr_minutes"]["mean_reason"][:12]' \
    "None not recorded" "$work/zero-sum.json"
"$T" report -q --format pdf -o "$work/zero" --month 2026-10 --as-of 2026-11-01T00:00:00Z "$work/zero.json"
text=$(pdftotext "$work/zero/slo-review-2026-10.pdf" - 2>/dev/null | tr '\n' ' ')
grep -qF "their time to resolve is not recorded" <<<"$text" && ok || bad "PDF summary: $text"
grep -qF "resolved within 0 s" <<<"$text" && bad "PDF says resolved within 0 s" || ok

# Old data: the gate warns past 30 days, fails with --max-age given.
expect 0 "the newest incident started 41 days before as_of" -- \
    "$T" gate -q --as-of 2026-11-30T00:00:00Z "$work/inc.json"
expect 2 "more than --max-age 30" -- \
    "$T" gate -q --max-age 30 --as-of 2026-11-30T00:00:00Z "$work/inc.json"
expect 0 "gate: open" -- "$T" gate --max-age 45 --as-of 2026-11-30T00:00:00Z "$work/inc.json"
lacks "newest incident" -- "$T" gate --max-age 45 --as-of 2026-11-30T00:00:00Z "$work/inc.json"
expect 2 "no incident started before as_of" -- \
    "$T" gate -q --max-age 30 --as-of 2026-11-30T00:00:00Z "$work/empty.json"
expect 1 "--max-age: expected a number of days" -- "$T" gate --max-age 0 "$work/inc.json"
expect 1 "applies only to 'gate'" -- "$T" summary --max-age 3 "$work/inc.json"
# A review month that has not begun, or far after the newest incident.
expect 0 "the review month, December 2026, has not begun" -- \
    "$T" summary --month 2026-12 --as-of 2026-11-15T00:00:00Z "$work/inc.json"
expect 0 "the review month, January 2027, begins 73 days after the newest incident" -- \
    "$T" summary --month 2027-01 --as-of 2027-01-15T00:00:00Z "$work/inc.json"
lacks "warning" -- "$T" summary --month 2026-11 --as-of 2026-11-15T00:00:00Z "$work/inc.json"

# The chance test over the span the releases cover. October 2026, W = 72 h,
# one release on 11 October 00:00: the span is [11 Oct, 1 Nov) = 504 h and
# the window covers 72 of them, 1/7. INC-1 (5 Oct) is before the span; INC-2
# (12 Oct) inside the window, INC-3 (20 Oct) outside: k = 1, n = 2;
# p = 1 - (6/7)^2 = 13/49; rate ratio (1 / (1/7)) / (1 / (6/7)) = 6.
printf '{"releases": [{"id": "r1", "released_at": "2026-10-11T00:00:00Z"}]}' >"$work/late.json"
"$T" summary -q --json -r "$work/late.json" --month 2026-10 --history 1 \
    --as-of 2026-11-01T00:00:00Z "$work/inc.json" >"$work/late-sum.json"
jq_is 'd["correlation"]["chance_test_from"], d["correlation"]["chance_test_to"]' \
    "2026-10-11T00:00:00.000Z 2026-11-01T00:00:00.000Z" "$work/late-sum.json"
jq_is 'round(d["correlation"]["coverage"] * 7, 12), d["correlation"]["k"], d["correlation"]["n"]' \
    "1.0 1 2" "$work/late-sum.json"
jq_is 'round(d["correlation"]["p_value"] * 49, 9), round(d["correlation"]["rate_ratio"], 12)' \
    "13.0 6.0" "$work/late-sum.json"
expect 0 "the chance test covers 11 October 2026 to 1 November 2026 only" -- \
    "$T" summary -q -r "$work/late.json" --month 2026-10 --history 1 \
    --as-of 2026-11-01T00:00:00Z "$work/inc.json"
# A release before the period: the whole period, as before.
printf '{"releases": [{"id": "r0", "released_at": "2026-09-01T00:00:00Z"}, {"id": "r1", "released_at": "2026-10-11T00:00:00Z"}]}' \
    >"$work/early.json"
"$T" summary -q --json -r "$work/early.json" --month 2026-10 --history 1 \
    --as-of 2026-11-01T00:00:00Z "$work/inc.json" >"$work/early-sum.json"
jq_is 'd["correlation"]["chance_test_from"], d["correlation"]["n"]' \
    "2026-10-01T00:00:00.000Z 3" "$work/early-sum.json"

# ---- real status-page data ----

gh="$FIX/statuspage/githubstatus-2010-2023.incidents.json"
if [ -n "$FIX" ] && [ -f "$gh" ]; then
    "$T" summary -q --json "$gh" >"$work/gh.json"
    jq_is 'd["incidents"]["ttd_minutes"]["median"], d["incidents"]["ttd_minutes"]["n"] > 0' \
        "None True" "$work/gh.json"
    jq_is 'd["incidents"]["mttr_minutes"]["median"] > 0' "True" "$work/gh.json"
    # GitHub's history ends in October 2023: the gate today is not open quietly.
    expect 2 "the file looks out of date" -- "$T" gate -q --max-age 30 "$gh"
    expect 0 "is the file up to date?" -- "$T" gate -q "$gh"
else
    bad "the Statuspage fixture is missing (T0_FIXTURES='$FIX')"
fi

echo "fail_closed: $pass passed, $fail failed"
[ "$fail" = 0 ]
