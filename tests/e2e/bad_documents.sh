#!/usr/bin/env bash
# bad_documents.sh: broken releases files (check -r), configurations (check -c) and
# templates (report --template): exit status 2 and a message naming the file and place.
set -u
: "${TIERZERO:?path of the tierzero binary}"
: "${T0_SOURCE_DIR:?source directory}"
data="$T0_SOURCE_DIR/tests/data"
good="$data/ingest/native.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0 count=0

# run_case DIR NAME STATUS FRAGMENT COMMAND...: one case, at most 10 s.
run_case() {
    local name=$1 want=$2 fragment=$3
    shift 3
    count=$((count + 1))
    local err rc problem=""
    err=$(timeout 10 "$@" 2>&1 >/dev/null)
    rc=$?
    [[ $rc -eq $want ]] || problem="exit status $rc, expected $want"
    [[ $err == *"$fragment"* ]] || problem="${problem:+$problem; }stderr lacks \"$fragment\""
    if [[ -n $problem ]]; then
        echo "FAIL $name: $problem" >&2
        printf '%s\n' "$err" | head -5 | sed 's/^/    /' >&2
        failures=$((failures + 1))
    fi
}

# each_case EXPECTED: prints "name<TAB>status<TAB>fragment" lines.
each_case() {
    grep -v -e '^#' -e '^$' "$1"
}

# Releases files, given with a good incidents file.
while IFS=$'\t' read -r name status fragment; do
    run_case "releases/$name" "$status" "$fragment" \
        "$TIERZERO" check -r "$data/bad-releases/$name" "$good"
done < <(each_case "$data/bad-releases/EXPECTED")

# Configurations. '@' names are generated: too big or too odd to commit.
while IFS=$'\t' read -r name status fragment; do
    file="$data/bad-config/$name"
    if [[ $name == @* ]]; then
        name=${name#@}
        file="$work/$name"
        case "$name" in
        nesting-100000.json) head -c 100000 /dev/zero | tr '\0' '[' >"$file" ;;
        *) echo "unknown generated file $name" >&2; failures=$((failures + 1)); continue ;;
        esac
    fi
    run_case "config/$name" "$status" "$fragment" "$TIERZERO" check -c "$file" "$good"
done < <(each_case "$data/bad-config/EXPECTED")

# Templates: run from the corpus directory so that messages show DIR/template.json.
while IFS=$'\t' read -r name status fragment; do
    run_case "template/$name" "$status" "$fragment" \
        env -C "$data/bad-template" "$TIERZERO" report --template "$name" --format pdf \
        --as-of 2026-11-01T00:00:00Z -o "$work/out" "$good"
done < <(each_case "$data/bad-template/EXPECTED")
# A failed template load writes nothing.
if compgen -G "$work/out/*" >/dev/null; then
    echo "FAIL: a broken template still wrote: $(ls "$work/out")" >&2
    failures=$((failures + 1))
fi

echo "bad_documents: $count cases, $failures failures"
[[ $count -ge 40 && $failures -eq 0 ]]
