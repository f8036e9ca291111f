#!/usr/bin/env bash
# fuzz.sh: builds the libFuzzer harnesses with clang and runs each for a bounded time.
#
# Usage: scripts/fuzz.sh [SECONDS]   (default 20 seconds per fuzzer)
#
# For each tests/fuzz/fuzz_<name>.c:
#   1. a regression run: every file of the seed corpus tests/fuzz/corpus/<name>/
#      (and of the working corpus kept from earlier runs) executed once
#      (-runs=0); any crash, leak or timeout fails;
#   2. SECONDS of fuzzing from those seeds. New inputs go to a working corpus
#      in the build directory, never into the source tree. The Statuspage
#      fixtures (../shared/fixtures/statuspage, or $T0_FIXTURES/statuspage)
#      are added as a read-only seed directory when present; they are never
#      copied into the repository.
# A crash leaves its input as build-fuzz/artifacts/<name>/crash-*; turn it into
# a test case (tests/data/bad/ with an EXPECTED line, or a unit test) and fix it.
# Exit status 0 only when every fuzzer ran clean.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
seconds=${1:-20}
build=${T0_FUZZ_BUILD_DIR:-${root}/build-fuzz}
fixtures=${T0_FIXTURES:-${root}/../shared/fixtures}

if ! command -v clang >/dev/null 2>&1; then
    echo "fuzz.sh: clang is not installed (scripts/deps.sh installs it)" >&2
    exit 1
fi

cmake -S "${root}" -B "${build}" -DCMAKE_C_COMPILER=clang -DTIERZERO_FUZZ=ON \
    -DTIERZERO_TESTS=OFF -DTIERZERO_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "${build}" --target fuzzers -j2

# The largest input each fuzzer makes: JSON documents need room for a few
# records; a time is short.
max_len_of() {
    case "$1" in
    rfc3339) echo 64 ;;
    config | template) echo 8192 ;;
    *) echo 65536 ;;
    esac
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
if [ -f "${root}/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=${root}/tests/lsan.supp:print_suppressions=0"
fi

# The fixtures as a seed directory of their JSON files only (links, not copies).
extra=$(mktemp -d)
trap 'rm -rf "${extra}"' EXIT
if [ -d "${fixtures}/statuspage" ]; then
    for f in "${fixtures}"/statuspage/*.json; do
        [ -e "$f" ] && ln -s "$f" "${extra}/$(basename "$f")"
    done
fi

failed=()
for src in "${root}"/tests/fuzz/fuzz_*.c; do
    name=$(basename "${src}" .c)
    name=${name#fuzz_}
    bin="${build}/fuzz_${name}"
    seeds="${root}/tests/fuzz/corpus/${name}"
    work="${build}/corpus/${name}"
    artifacts="${build}/artifacts/${name}"
    mkdir -p "${work}" "${artifacts}"
    dirs=("${work}")
    [ -d "${seeds}" ] && dirs+=("${seeds}")
    case "${name}" in
    ingest_incidents | report) compgen -G "${extra}/*" >/dev/null && dirs+=("${extra}") ;;
    esac
    common=(-max_len="$(max_len_of "${name}")" -timeout=5 -rss_limit_mb=2048
            -artifact_prefix="${artifacts}/" -print_final_stats=0)

    echo "==== fuzz_${name}: regression run over the corpus"
    if ! "${bin}" "${common[@]}" -runs=0 "${dirs[@]:1}" "${dirs[0]}" \
            >"${build}/fuzz_${name}.regression.log" 2>&1; then
        tail -40 "${build}/fuzz_${name}.regression.log" >&2
        failed+=("${name} (regression)")
        continue
    fi
    grep -E "INITED|DONE" "${build}/fuzz_${name}.regression.log" | tail -1 || true

    echo "==== fuzz_${name}: fuzzing for ${seconds} s"
    if ! "${bin}" "${common[@]}" -max_total_time="${seconds}" "${dirs[@]}" \
            >"${build}/fuzz_${name}.log" 2>&1; then
        tail -60 "${build}/fuzz_${name}.log" >&2
        failed+=("${name}")
        continue
    fi
    grep -E "^#[0-9]+.*(DONE|pulse)" "${build}/fuzz_${name}.log" | tail -1 || true
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: failed: ${failed[*]} (inputs in ${build}/artifacts/)" >&2
    exit 1
fi
echo "fuzz.sh: every fuzzer ran clean"
