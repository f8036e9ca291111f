#!/usr/bin/env bash
# hostile.sh: hostile input, round two (SPEC 6): an empty period, formulas in
# workbook names, template files outside the template, hostile images, bad
# escapes inside one record, signals and their temporaries, pathological but
# legal sizes, and a full disk.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS FRAGMENT -- command...: exit status and a fragment of stdout+stderr
expect() {
    local want=$1 frag=$2; shift 3
    local out status
    out=$(timeout 60 "$@" 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        bad "$* -> exit $status, want $want; output: ${out:0:400}"
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output lacks '$frag': ${out:0:400}"
    else
        ok
    fi
}

# no_files DIR: the directory holds no file at all (no document, no temporary)
no_files() {
    local left
    left=$(find "$1" -type f 2>/dev/null | head -3)
    if [ -n "$left" ]; then bad "files left in $1: $left"; else ok; fi
}

sample="$SRC/samples/incidents.json"

# ---- 1. an empty period never reaches the documents ----
# --as-of at the first instant of year 1: the review month would be 0000-12.
for when in 0001-01-01T00:00:00Z 0001-01-01T00:00:00.000Z 0001-01-01T00:00:00+00:00; do
    expect 2 "--as-of 0001-01-01T00:00:00.000Z leaves no month to review" -- \
        "$T" report "$sample" --as-of "$when" --format pdf,xlsx,json,eml,png -o "$work/empty"
    no_files "$work/empty"
done
for cmd in summary "summary --json" postmortem; do
    extra=""; [ "$cmd" = postmortem ] && extra=INC-1
    # shellcheck disable=SC2086
    expect 2 "leaves no month to review" -- "$T" $cmd "$sample" $extra --as-of 0001-01-01T00:00:00Z
done
expect 2 "leaves no month to review" -- \
    "$T" report "$sample" --as-of 0001-01-01T00:00:00Z --history 1 -o "$work/empty"
# The first month that exists is a period: one millisecond into year 1.
expect 0 "" -- "$T" summary --json "$sample" --as-of 0001-01-01T00:00:00.001Z

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
