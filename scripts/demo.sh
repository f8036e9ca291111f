#!/usr/bin/env bash
# demo.sh: builds tierzero and writes the review of the bundled sample into out/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/deps.sh
cmake -S . -B build
cmake --build build -j2

# The sample's review month is October 2026; computing the report as of the
# end of that month makes it independent of today's date.
./build/tierzero report -c samples/config.json -r samples/releases.json \
    --as-of 2026-11-01T00:00:00Z -o out samples/incidents.json

echo
echo "The review of the sample is in $(pwd)/out:"
ls -l out
