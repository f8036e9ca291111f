#!/usr/bin/env bash
# bad_inputs.sh: every file of tests/data/bad through `tierzero check`: exit status and message.
set -u
: "${TIERZERO:?path of the tierzero binary}"
: "${T0_SOURCE_DIR:?source directory}"
bad="$T0_SOURCE_DIR/tests/data/bad"
gen="${T0_BUILD_DIR:-${TMPDIR:-/tmp}}/bad-generated"
mkdir -p "$gen"

# The corpus entries too big to commit (names starting with '@' in EXPECTED).
generate() {
    case "$1" in
    nesting-100000.json)
        { head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; } >"$gen/$1" ;;
    string-50mb.json)
        { printf '{"incidents": [{"id": "big", "impact": "none", "started_at": "2026-01-01T00:00:00Z", "title": "'
          head -c 52428800 /dev/zero | tr '\0' 'x'
          printf '"}]}\n'; } >"$gen/$1" ;;
    services-1000000.json)
        { printf '{"incidents": [{"id": "many", "title": "t", "impact": "none", "started_at": "2026-01-01T00:00:00Z", "services": ['
          seq 0 999999 | sed 's/.*/"s&"/' | paste -sd,
          printf ']}]}\n'; } >"$gen/$1" ;;
    *) echo "unknown generated file $1" >&2; return 1 ;;
    esac
}

failures=0 count=0
while IFS=$'\t' read -r name status fragment; do
    case "$name" in ''|'#'*) continue ;; esac
    if [[ $name == @* ]]; then
        name=${name#@}
        generate "$name" || { failures=$((failures + 1)); continue; }
        file="$gen/$name"
    else
        file="$bad/$name"
    fi
    count=$((count + 1))
    err=$(timeout 10 "$TIERZERO" check "$file" 2>&1 >/dev/null)
    rc=$?
    problem=""
    [[ $rc -eq ${status%%:*} ]] || problem="exit status $rc, expected $status"
    [[ $err == *"$fragment"* ]] || problem="${problem:+$problem; }stderr lacks \"$fragment\""
    [[ $err == *"$name"* ]] || problem="${problem:+$problem; }stderr does not name the file"
    if [[ -n $problem ]]; then
        echo "FAIL $name: $problem" >&2
        printf '%s\n' "$err" | head -5 | sed 's/^/    /' >&2
        failures=$((failures + 1))
    fi
done <"$bad/EXPECTED"
rm -rf "$gen"
echo "bad_inputs: $count files, $failures failures"
[[ $count -ge 40 && $failures -eq 0 ]]
