#!/usr/bin/env bash
# formats.sh: every incident and release shape read end to end: per-record shapes named by
# check, gzip on files and standard input, the vendor formats into documents, merge.
set -euo pipefail

src=${T0_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
t0=${TIERZERO:-${src}/build/tierzero}
data=${src}/tests/data/formats

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
contains() { grep -qF -- "$2" "$1"; }
# The JSON summary without its input section (which names the file and its shape).
figures() { python3 -c 'import json, sys; d = json.load(sys.stdin); d.pop("input", None); print(json.dumps(d, sort_keys=True, indent=1))'; }

# 1. check names the shape of a file's records, per run when they are mixed.
"${t0}" check "${data}/statuspage-records.ndjson" >"${tmp}/check.out" 2>&1
check "check: ndjson framing" contains "${tmp}/check.out" "(ndjson)"
check "check: first records statuspage" contains "${tmp}/check.out" "records 0-1: statuspage"
check "check: last record native" contains "${tmp}/check.out" "record 2: native"

# 2. gzip, on a file and on standard input, gives the figures of the plain file.
as_of=(--as-of 2026-04-01T00:00:00Z)
"${t0}" summary --json "${as_of[@]}" "${data}/statuspage-records.ndjson" | figures >"${tmp}/plain.json"
"${t0}" summary --json "${as_of[@]}" "${data}/statuspage-records.ndjson.gz" | figures >"${tmp}/gz.json"
"${t0}" summary --json "${as_of[@]}" - <"${data}/statuspage-records.ndjson.gz" | figures >"${tmp}/gzin.json"
check "gzip file reads as the plain file" cmp "${tmp}/plain.json" "${tmp}/gz.json"
check "gzip on standard input reads as the plain file" cmp "${tmp}/plain.json" "${tmp}/gzin.json"
set +e
"${t0}" check "${data}/truncated.json.gz" >/dev/null 2>"${tmp}/trunc.err"
rc=$?
set -e
check "a truncated gzip file is an input error (exit 2)" test "${rc}" = 2
check "a truncated gzip file is named" contains "${tmp}/trunc.err" "truncated.json.gz"

# A gzip-compressed configuration, from a file and from standard input.
gzip -c "${src}/samples/config.json" >"${tmp}/config.json.gz"
"${t0}" check -c "${tmp}/config.json.gz" "${data}/statuspage-records.ndjson" >"${tmp}/cfg.out" 2>&1
check "gzip configuration file" contains "${tmp}/cfg.out" "configuration, 3 SLOs"
"${t0}" check -c - "${data}/statuspage-records.ndjson" <"${tmp}/config.json.gz" >"${tmp}/cfg2.out" 2>&1
check "gzip configuration on standard input" contains "${tmp}/cfg2.out" "configuration, 3 SLOs"

# 3. The vendor formats into documents; the import block overrides a mapping.
for f in pagerduty-incidents.json incidentio-incidents.json gcp-incidents.json; do
    "${t0}" report -q "${as_of[@]}" --format json -o "${tmp}/docs" --name "${f%.json}" "${data}/${f}" 2>/dev/null
    check "${f}: a JSON summary is written" test -s "${tmp}/docs/${f%.json}.json"
done
count() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["input"]["incidents"]["accepted"], d["input"]["incidents"]["rejected"])' "$1"; }
check "pagerduty: 4 accepted, 1 rejected" test "$(count "${tmp}/docs/pagerduty-incidents.json")" = "4 1"
check "incident.io: 4 accepted, 4 rejected" test "$(count "${tmp}/docs/incidentio-incidents.json")" = "4 4"
check "google cloud: 2 accepted, 1 rejected" test "$(count "${tmp}/docs/gcp-incidents.json")" = "2 1"
cat >"${tmp}/import.json" <<'JSON'
{"import": {"impact": {"P3": "major_outage"}, "timestamps": {"started": ["Customer impact began", "Impact started"]}, "services_field": "Products"}}
JSON
"${t0}" check -c "${tmp}/import.json" "${data}/pagerduty-incidents.json" >"${tmp}/import.out" 2>/dev/null || true
check "check prints the import block" contains "${tmp}/import.out" 'import: impact "P3" -> major_outage'
check "check prints the started names" contains "${tmp}/import.out" 'import: started timestamp "Customer impact began"'
check "check prints the mapping used" contains "${tmp}/import.out" "pagerduty mapping: id, title, html_url"
check "the import block moves P3 to major" contains "${tmp}/import.out" "major_outage 2"
echo '{"import": {"impact": {"P3": "bad"}}}' >"${tmp}/bad-import.json"
set +e
"${t0}" check -c "${tmp}/bad-import.json" "${data}/pagerduty-incidents.json" >/dev/null 2>"${tmp}/bad-import.err"
rc=$?
set -e
check "an unknown impact in import is an input error" test "${rc}" = 2
check "the error names import.impact.P3" contains "${tmp}/bad-import.err" "import.impact.P3"

# 4. CSV: by its header on gzip-compressed standard input; an RFC 4180 violation names file:line.
gzip -c "${data}/incidents.csv" | "${t0}" check - >"${tmp}/csv.out" 2>/dev/null || true
check "csv on gzip standard input" contains "${tmp}/csv.out" "<stdin>: incidents (csv)"
check "csv: 2 accepted, 2 rejected" contains "${tmp}/csv.out" "read 4, accepted 2, rejected 2"
set +e
"${t0}" check "${data}/bad-quote.csv" >/dev/null 2>"${tmp}/csv.err"
rc=$?
set -e
check "csv violation: exit 2" test "${rc}" = 2
check "csv violation: file:line:col" contains "${tmp}/csv.err" "bad-quote.csv:3:8: invalid CSV"

# 5. Release sources: deployments of correlation.environment only; Argo CD; GitLab.
echo '{"correlation": {"environment": "staging"}}' >"${tmp}/staging.json"
"${t0}" check -c "${tmp}/staging.json" -r "${data}/deployments.json" "${data}/incidents.csv" >"${tmp}/dep.out" 2>/dev/null || true
check "deployments: staging counts, production is left out" contains "${tmp}/dep.out" "2 of them left out of every figure"
"${t0}" check -r "${data}/argocd-application.json" "${data}/incidents.csv" >"${tmp}/argo.out" 2>/dev/null || true
check "argo cd application read" contains "${tmp}/argo.out" "releases (argocd)"
"${t0}" check -r "${data}/gitlab-releases.json" "${data}/incidents.csv" >"${tmp}/gitlab.out" 2>/dev/null || true
check "gitlab records named" contains "${tmp}/gitlab.out" "records 0-1: gitlab"

# 6. merge: the README's history recipe with two overlapping fetches, as a
# cron job would run it (standard input stands for curl's output).
hist="${tmp}/hist"
mkdir -p "${hist}"
(cd "${hist}" && "${t0}" merge -q -o history.ndjson history.ndjson - <"${data}/fetch-1.json")
check "merge: the first fetch starts the history" test "$(wc -l <"${hist}/history.ndjson")" -eq 3
(cd "${hist}" && "${t0}" merge -q -o history.ndjson history.ndjson - <"${data}/fetch-2.json")
check "merge: the second fetch adds one incident" test "$(wc -l <"${hist}/history.ndjson")" -eq 4
ids=$(python3 -c 'import json, sys; print(" ".join(json.loads(l)["id"] for l in open(sys.argv[1])))' "${hist}/history.ndjson")
check "merge: ordered by start (x1 x2 x3 x4)" test "${ids}" = "x1 x2 x3 x4"
x3=$(python3 -c 'import json, sys; r = [json.loads(l) for l in open(sys.argv[1])][2]; print(r["resolved_at"], r["updated_at"], len(r["timeline"]), len(r["segments"]))' "${hist}/history.ndjson")
check "merge: x3 is the later fetch's (resolved, two updates, one segment)" test "${x3}" = "2026-03-03T12:00:00.000Z 2026-03-03T12:00:00.000Z 2 1"
cp "${hist}/history.ndjson" "${tmp}/once.ndjson"
(cd "${hist}" && "${t0}" merge -q -o history.ndjson history.ndjson - <"${data}/fetch-2.json")
check "merge: idempotent on the same fetch" cmp "${tmp}/once.ndjson" "${hist}/history.ndjson"
# A fetch whose every record is rejected (an error page, another shape) is an
# error, and the history stays as it was.
printf '[{"title": "no id"}, {"foo": 1}]' >"${tmp}/broken-fetch.json"
status=0
(cd "${hist}" && "${t0}" merge -q -o history.ndjson history.ndjson "${tmp}/broken-fetch.json" 2>/dev/null) || status=$?
check "merge: a fetch with nothing accepted is exit 2" test "${status}" -eq 2
check "merge: and the history is untouched" cmp "${tmp}/once.ndjson" "${hist}/history.ndjson"
(cd "${hist}" && "${t0}" merge -q -o history.ndjson history.ndjson - <"${data}/fetch-1.json")
check "merge: an older fetch again changes nothing" cmp "${tmp}/once.ndjson" "${hist}/history.ndjson"
# The history gives the figures of both fetches read together.
python3 -c 'import json, sys; a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2])); a["incidents"] = b["incidents"] + [i for i in a["incidents"] if i["id"] == "x1"]; json.dump(a, open(sys.argv[3], "w"))' "${data}/fetch-1.json" "${data}/fetch-2.json" "${tmp}/union.json"
"${t0}" summary --json "${as_of[@]}" "${tmp}/union.json" | figures >"${tmp}/union.fig"
"${t0}" summary --json "${as_of[@]}" "${hist}/history.ndjson" | figures >"${tmp}/hist.fig"
check "merge: the history's figures are the fetches'" cmp "${tmp}/union.fig" "${tmp}/hist.fig"
"${t0}" merge -q --since 2026-03-03 -o "${tmp}/recent.ndjson" "${hist}/history.ndjson"
check "merge --since drops older incidents" test "$(wc -l <"${tmp}/recent.ndjson")" -eq 2
set +e
"${t0}" merge -q -o "${hist}/history.ndjson" "${hist}/history.ndjson" "${data}/bad-quote.csv" 2>/dev/null
rc=$?
set -e
check "merge: an unreadable input is exit 2" test "${rc}" = 2
check "merge: ... and the history is left as it was" cmp "${tmp}/once.ndjson" "${hist}/history.ndjson"

# 7. The real Statuspage history (shared fixtures): jq -c '.incidents[]' (NDJSON)
# and jq '.incidents' (an array) give the figures of the file itself
# (definitions.md §7.1: shapes per record). python3 stands in for jq where jq is missing.
fixture=${T0_FIXTURES:-${src}/../shared/fixtures}/statuspage/githubstatus-2010-2023.incidents.json
if [ -f "${fixture}" ]; then
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); open(sys.argv[2], "w").write("".join(json.dumps(i, separators=(",", ":")) + "\n" for i in d["incidents"])); json.dump(d["incidents"], open(sys.argv[3], "w"), indent=2)' \
        "${fixture}" "${tmp}/sp.ndjson" "${tmp}/sp-array.json"
    real_as_of=(--as-of 2023-06-01T00:00:00Z)
    "${t0}" summary --json "${real_as_of[@]}" "${fixture}" 2>/dev/null | figures >"${tmp}/sp-file.fig"
    "${t0}" summary --json "${real_as_of[@]}" "${tmp}/sp.ndjson" 2>/dev/null | figures >"${tmp}/sp-ndjson.fig"
    "${t0}" summary --json "${real_as_of[@]}" "${tmp}/sp-array.json" 2>/dev/null | figures >"${tmp}/sp-array.fig"
    check "statuspage history: the NDJSON of its incidents gives its figures" cmp "${tmp}/sp-file.fig" "${tmp}/sp-ndjson.fig"
    check "statuspage history: the array of its incidents gives its figures" cmp "${tmp}/sp-file.fig" "${tmp}/sp-array.fig"
    "${t0}" merge -q -o "${tmp}/sp-history.ndjson" "${tmp}/sp-history.ndjson" - <"${fixture}" 2>/dev/null
    "${t0}" summary --json "${real_as_of[@]}" "${tmp}/sp-history.ndjson" 2>/dev/null | figures >"${tmp}/sp-merged.fig"
    check "statuspage history: merged into our NDJSON, the same figures" cmp "${tmp}/sp-file.fig" "${tmp}/sp-merged.fig"
else
    check "the real Statuspage fixture ${fixture} is there (T0_FIXTURES)" false
fi

echo "${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
