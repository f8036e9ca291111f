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

echo "${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
