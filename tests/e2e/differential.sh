#!/usr/bin/env bash
# differential.sh: `tierzero summary --json` against an independent reading of definitions.md §3 and §4
# (tests/reference/spec_reference.py) on generated cases, field by field.
# T0_DIFF_CASES raises the number of cases (default 160); T0_DIFF_SEED moves the first seed.
set -u
: "${TIERZERO:?path of the tierzero binary}"
: "${T0_SOURCE_DIR:?source directory}"
py=/usr/bin/python3
if ! "$py" -c 'import scipy' 2>/dev/null; then
    echo "SKIP: $py has no scipy (apt-get install python3-scipy)"
    # Skipped (77), which fails scripts/test.sh: the comparison must run.
    exit 77
fi
ref="$T0_SOURCE_DIR/tests/reference"
cases=${T0_DIFF_CASES:-160}
first=${T0_DIFF_SEED:-1}
work="${T0_BUILD_DIR:-${TMPDIR:-/tmp}}/differential"
rm -rf "$work"
mkdir -p "$work"

# In chunks, two at a time: the cases are independent.
chunk=$(( (cases + 1) / 2 ))
pids=()
for part in 0 1; do
    start=$((first + part * chunk))
    count=$chunk
    (( part == 1 )) && count=$((cases - chunk))
    (( count > 0 )) || continue
    (
        "$py" "$ref/gen_cases.py" "$work/$part" "$start" "$count" &&
        "$py" "$ref/compare.py" --cases "$TIERZERO" "$work/$part"/case-*
    ) >"$work/log-$part" 2>&1 &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
cat "$work"/log-*
if (( status == 0 )); then
    rm -rf "$work"
else
    echo "differential: the case directories are in $work (files, and 'args': the options)" >&2
fi
exit $status
