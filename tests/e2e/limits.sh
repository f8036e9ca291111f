#!/usr/bin/env bash
# limits.sh: the input caps from the command line (--max-input-bytes,
# --max-string-bytes, --max-array-items), each with a clear message, and the
# edges of what hostile input may still do (NDJSON with a broken line, year 9999).
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
    out=$(timeout 20 "$@" 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        bad "$* -> exit $status, want $want; output: ${out:0:400}"
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output lacks '$frag': ${out:0:400}"
    else
        ok
    fi
}

good="$SRC/tests/data/ingest/native.json"
size=$(wc -c <"$good")

# --max-input-bytes: a file one byte over the cap is refused as a whole, from
# a path or from standard input; at exactly the cap it is read.
expect 2 "native.json: file larger than max_input_bytes ($((size - 1)) bytes)" -- \
    "$T" check --max-input-bytes $((size - 1)) "$good"
expect 0 "no problems found" -- "$T" check --max-input-bytes "$size" "$good"
expect 2 "<stdin>: input larger than max_input_bytes (100 bytes)" -- \
    bash -c "\"\$0\" check --max-input-bytes 100 - <\"\$1\"" "$T" "$good"
printf '[{"id":"a","title":"t","impact":"none","started_at":"2026-01-01T00:00:00Z"}]' >"$work/tiny.json"
expect 2 "releases-native.json: file larger than max_input_bytes (100 bytes)" -- \
    "$T" check --max-input-bytes 100 -r "$SRC/tests/data/ingest/releases-native.json" \
    "$work/tiny.json"

# --max-string-bytes: a 2,000-byte title against a 1,000-byte cap rejects that
# record only; the other record is read.
long=$(head -c 2000 /dev/zero | tr '\0' x)
cat >"$work/long.json" <<JSON
[{"id": "long", "title": "$long", "impact": "none", "started_at": "2026-10-01T00:00:00Z"},
 {"id": "short", "title": "t", "impact": "none", "started_at": "2026-10-02T00:00:00Z"}]
JSON
expect 2 'id "long": [0].title: string of 2000 bytes exceeds max_string_bytes (1000 bytes)' -- \
    "$T" check --max-string-bytes 1000 "$work/long.json"
expect 2 "read 2, accepted 1, rejected 1" -- "$T" check --max-string-bytes 1000 "$work/long.json"
expect 0 "no problems found" -- "$T" check --max-string-bytes 2000 "$work/long.json"

# --max-array-items: four services against a cap of three.
cat >"$work/many.json" <<'JSON'
[{"id": "many", "title": "t", "impact": "none", "started_at": "2026-10-01T00:00:00Z",
  "services": ["a", "b", "c", "d"]}]
JSON
expect 2 'id "many": [0].services: 4 items exceed max_array_items (3)' -- \
    "$T" check --max-array-items 3 "$work/many.json"
expect 0 "no problems found" -- "$T" check --max-array-items 4 "$work/many.json"
# The same caps hold in every command, not only in check.
expect 2 "exceed max_array_items (3)" -- \
    "$T" summary --strict --max-array-items 3 "$work/many.json"

# Values that are no cap are usage errors.
for opt in --max-input-bytes --max-string-bytes --max-array-items; do
    expect 1 "$opt: expected a positive whole number, got 'abc'" -- "$T" check "$opt" abc "$good"
    expect 1 "$opt: expected a positive whole number, got '0'" -- "$T" check "$opt" 0 "$good"
    expect 1 "$opt: expected a positive whole number, got '-5'" -- "$T" check "$opt" -5 "$good"
done

# NDJSON with a broken line in the middle: the line is rejected by number and
# the lines around it are read.
expect 2 "read 3, accepted 2, rejected 1" -- "$T" check "$SRC/tests/data/bad/ndjson-broken-line.ndjson"
expect 2 "(line 2): line 2: invalid JSON" -- "$T" check "$SRC/tests/data/bad/ndjson-broken-line.ndjson"

# Year 9999 is a valid year: read, and a summary of a period far from it works.
cat >"$work/y9999.json" <<'JSON'
[{"id": "far", "title": "t", "services": ["api"], "impact": "major_outage",
  "started_at": "9999-12-31T23:00:00Z", "resolved_at": "9999-12-31T23:59:59.999Z"},
 {"id": "first", "title": "t", "services": ["api"], "impact": "major_outage",
  "started_at": "0001-01-01T00:00:00Z", "resolved_at": "0001-01-01T00:30:00Z"}]
JSON
expect 0 "no problems found" -- "$T" check "$work/y9999.json"
expect 0 '"review_month"' -- "$T" summary --json --as-of 2026-11-01T00:00:00Z "$work/y9999.json"
expect 0 '"review_month": "9999-12"' -- "$T" summary --json --month 9999-12 "$work/y9999.json"

echo "limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
