#!/usr/bin/env bash
# release_services.sh: releases that carry no services (GitHub, GitLab) take
# services from the configuration (definitions.md §7.2, rule 11.4), and where none is
# given the documents say that freezes cannot be checked for them.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# 50 minutes of major outage on "api" against 99.9 % in October 2026: the
# budget of 44.64 minutes runs out 44.64 minutes in, at 10:44:38.400.
cat >"$work/inc.json" <<'EOF'
{"incidents": [
 {"id": "INC-1", "title": "API down", "services": ["api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:50:00Z"}
]}
EOF
cat >"$work/plain.json" <<'EOF'
{"slos": [{"name": "API", "services": ["api"], "objective_pct": 99.9}]}
EOF
# Rules in order, on the id then the name, case-sensitive: "API-*" matches
# nothing; api-v2 takes "API" (the SLO's "api" by case folding); "Web 1"
# matches "Web*" by its name; v0 falls back to releases.services.
cat >"$work/rules.json" <<'EOF'
{"slos": [{"name": "API", "services": ["api"], "objective_pct": 99.9}],
 "releases": {"services": ["web"],
              "rules": [{"match": "API-*", "services": ["nothing"]},
                        {"match": "api-*", "services": ["API"]},
                        {"match": "Web*", "services": ["api", "web"]}]}}
EOF
cat >"$work/github.json" <<'EOF'
[{"tag_name": "v0", "name": "Zero", "published_at": "2026-10-01T00:00:00Z"},
 {"tag_name": "api-v2", "name": "API 2", "published_at": "2026-10-10T12:00:00Z"},
 {"tag_name": "web-v1", "name": "Web 1", "published_at": "2026-10-11T12:00:00Z"}]
EOF
# GitLab: released_at and no published_at; the second record has both: GitHub.
cat >"$work/gitlab.json" <<'EOF'
[{"tag_name": "api-v3", "name": "API 3", "released_at": "2026-10-12T00:00:00Z",
  "_links": {"self": "https://gitlab.example.com/r/api-v3"}},
 {"tag_name": "api-v4", "name": "API 4", "released_at": "2026-10-01T00:00:00Z",
  "published_at": "2026-10-14T00:00:00Z"}]
EOF
asof=--as-of=2026-11-01T00:00:00Z

# jcheck CONFIG RELEASES PYTHON-EXPRESSION: the expression is true of the JSON
jcheck() {
    local out
    out=$("$T" summary --json -c "$work/$1" -r "$work/$2" "$asof" "$work/inc.json" 2>&1) ||
        { bad "summary $1 $2 failed: ${out:0:300}"; return; }
    if "$PY" -c "import json,sys; d=json.loads(sys.argv[1]); sys.exit(0 if ($3) else 1)" "$out"; then
        ok
    else
        bad "$1 $2: not ($3): ${out:0:600}"
    fi
}

# Without rules: no violation can be seen, and two releases shipped after
# 10:44:38.400 on 5 October without services.
jcheck plain.json github.json "d['releases']['violations'] == [] and d['releases']['without_services'] == 3 and d['releases']['unchecked_for_freezes'] == 2 and d['freeze']['releases_unchecked'] == 2"
jcheck plain.json github.json "'cannot be checked' in d['freeze']['text'] and 'cannot be checked' in d['verdict']"
# With rules: api-v2 (by id) and web-v1 (by name) ship during the freeze.
jcheck rules.json github.json "[v['release'] for v in d['releases']['violations']] == ['api-v2', 'web-v1'] and d['releases']['without_services'] == 0 and d['freeze']['releases'] == 2 and d['freeze']['releases_unchecked'] == 0"
jcheck rules.json github.json "d['freeze']['text'] == 'was in force from 5 October 10:44 to 1 November (API); 2 releases shipped during it'"
# GitLab: released_at is read; api-v4 is GitHub's shape (published_at wins).
jcheck rules.json gitlab.json "[(v['release'], v['released_at']) for v in d['releases']['violations']] == [('api-v3', '2026-10-12T00:00:00.000Z'), ('api-v4', '2026-10-14T00:00:00.000Z')] and d['input']['releases']['accepted'] == 2"

# The documents: the PDF says what cannot be checked, and the change-failure
# sentence does not claim a service match for releases without services.
if "$T" report -c "$work/plain.json" -r "$work/github.json" "$asof" -o "$work/out" \
        --format pdf,eml "$work/inc.json" >/dev/null 2>&1; then
    text=$(pdftotext "$work/out/slo-review-2026-10.pdf" - | tr -s ' \n' '  ')
    grep -qF "freezes cannot be checked for them" <<<"$text" && ok || bad "PDF: no unchecked note"
    grep -qF "No release shipped while" <<<"$text" && bad "PDF: claims no release shipped" || ok
    grep -qF "were followed by an incident within 72 h" <<<"$text" && ok ||
        bad "PDF: change-failure sentence"
    grep -qF "on a service they touched" <<<"$text" && bad "PDF: service claim" || ok
    grep -qF "of a release touching one of its services (any incident, for a release that carries no services)" \
        <<<"$text" && ok || bad "PDF: releases text"
    grep -qF "Release freeze: was in force from 5 October 10:44 to 1 November (API)" <<<"$text" &&
        ok || bad "PDF: freeze sentence"
    mail=$(tr -d '\r' <"$work/out/slo-review-2026-10.eml" | sed -e ':a' -e '/=$/N; s/=\n//; ta')
    grep -qF "Release freeze: was in force from 5 October 10:44 to 1 November (API)" <<<"$mail" &&
        ok || bad "e-mail: freeze line"
else
    bad "report failed"
fi

# The text summary says the same.
out=$("$T" summary -c "$work/plain.json" -r "$work/github.json" "$asof" "$work/inc.json" 2>&1)
grep -qF "not checked                2 releases without services shipped while an SLO was frozen" \
    <<<"$out" && ok || bad "text summary: unchecked line: $out"
grep -qF "Release freeze: was in force from 5 October 10:44 to 1 November (API); 0 releases shipped during it; 2 releases without services" \
    <<<"$out" && ok || bad "text summary: freeze line: $out"

# check names the releases still without services, and the GitLab format.
out=$("$T" check -r "$work/github.json" "$work/inc.json" 2>&1)
grep -qF '3 releases without services: they match only SLOs covering "*"' <<<"$out" && ok ||
    bad "check: releases without services: $out"
out=$("$T" check -c "$work/rules.json" -r "$work/gitlab.json" "$work/inc.json" 2>&1)
grep -qF "releases (gitlab)" <<<"$out" && ok || bad "check: gitlab format: $out"
grep -qF "without services" <<<"$out" && bad "check: rules ignored: $out" || ok

# Bad rules are input errors naming the place.
printf '{"releases": {"rules": [{"match": "", "services": ["a"]}]}}' >"$work/bad1.json"
printf '{"releases": {"rules": [{"match": "a*"}]}}' >"$work/bad2.json"
printf '{"releases": {"services": ["api"], "rules": {}}}' >"$work/bad3.json"
for b in bad1:releases.rules[0].match bad2:releases.rules[0].services bad3:releases.rules; do
    out=$("$T" check -c "$work/${b%%:*}.json" "$work/inc.json" 2>&1); st=$?
    if [ $st = 2 ] && grep -qF "${b#*:}" <<<"$out"; then ok; else bad "${b%%:*}: exit $st: $out"; fi
done

echo "release_services: $pass passed, $fail failed"
[ "$fail" = 0 ]
