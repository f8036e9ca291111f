#!/usr/bin/env bash
# burn_differential.sh: the JSON's burn and rolling against an independent reading of definitions.md §9
# (tests/reference/burn_reference.py) on generated histories, field by field.
# T0_BURN_CASES sets the number of cases (default 8); T0_BURN_SEED the first seed.
set -euo pipefail
: "${TIERZERO:?path of the tierzero binary}"
: "${T0_SOURCE_DIR:?source directory}"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
"$py" "$T0_SOURCE_DIR/tests/reference/burn_reference.py" "$TIERZERO" "$work" \
    "${T0_BURN_SEED:-1}" "${T0_BURN_CASES:-8}"
