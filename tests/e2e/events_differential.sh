#!/usr/bin/env bash
# events_differential.sh: `tierzero summary --json` on events SLOs against an independent reading
# of definitions.md §8 (tests/reference/events_reference.py) on generated series, field by field.
# T0_EVENTS_CASES sets the number of cases (default 60); T0_EVENTS_SEED the first seed.
set -u
: "${TIERZERO:?path of the tierzero binary}"
: "${T0_SOURCE_DIR:?source directory}"
py=/usr/bin/python3
work="${T0_BUILD_DIR:-${TMPDIR:-/tmp}}/events-differential"
rm -rf "$work"
mkdir -p "$work"
if "$py" "$T0_SOURCE_DIR/tests/reference/events_reference.py" --cases "$TIERZERO" \
    "${T0_EVENTS_CASES:-60}" "${T0_EVENTS_SEED:-1}" "$work"; then
    rm -rf "$work"
else
    echo "events differential: the cases are in $work" >&2
    exit 1
fi
