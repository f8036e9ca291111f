#!/usr/bin/env bash
# test.sh: the whole test run CI does: warnings-as-errors build and tests, a
# sanitizer build and tests, a full report of the sample under valgrind, the
# Debian package installed, used and removed, and a short run of every fuzzer.
#
# Every stage runs even when an earlier one failed (a stage whose build failed
# is skipped); the last line says how many passed. Exit status 0 only when all
# passed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

scripts/deps.sh

jobs=2
passed=0
failed=0
skipped=0
failures=()

# run_stage NAME COMMAND...: runs one stage and records its outcome.
run_stage() {
    local name=$1
    shift
    local started=$SECONDS
    echo
    echo "==== ${name}"
    local status=0
    "$@" || status=$?
    if [ $status -eq 0 ]; then
        passed=$((passed + 1))
        echo "==== ${name}: passed ($((SECONDS - started)) s)"
    else
        failed=$((failed + 1))
        failures+=("${name}")
        echo "==== ${name}: FAILED with status ${status} ($((SECONDS - started)) s)"
    fi
    return $status
}

skip_stage() {
    skipped=$((skipped + 1))
    echo
    echo "==== $1: skipped ($2)"
}

configure_and_build() {
    local dir=$1
    shift
    cmake -S "${root}" -B "${root}/${dir}" "$@" && cmake --build "${root}/${dir}" -j"${jobs}"
}

# run_ctest DIR: every test of the build; a skipped test (exit 77: it could
# not run) fails the stage, so a green run means every test ran.
run_ctest() {
    local log status=0
    log=$(mktemp)
    (cd "${root}/$1" && ctest --output-on-failure -j"${jobs}") 2>&1 | tee "${log}" || status=$?
    if grep -qE '\*\*\*Skipped|Not Run' "${log}"; then
        echo "ctest skipped tests (above): a test that cannot run fails the stage" >&2
        status=1
    fi
    rm -f "${log}"
    return $status
}

# A full report of the sample, with every output format, under valgrind.
valgrind_report() {
    local out
    out=$(mktemp -d)
    local supp=()
    if [ -f "${root}/tests/valgrind.supp" ]; then
        supp=(--suppressions="${root}/tests/valgrind.supp")
    fi
    local status=0
    valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
        "${supp[@]}" \
        "${root}/build/tierzero" report -c "${root}/samples/config.json" \
        -r "${root}/samples/releases.json" --as-of 2026-11-01T00:00:00Z \
        -o "${out}" "${root}/samples/incidents.json" || status=$?
    if [ $status -eq 0 ]; then
        ls -l "${out}"
        local ext
        for ext in pdf xlsx json; do
            if ! compgen -G "${out}/*.${ext}" >/dev/null; then
                echo "the report wrote no .${ext} document" >&2
                status=1
            fi
        done
    fi
    rm -rf "${out}"
    return $status
}

# (0) The code as .clang-format lays it out: a line that differs fails the
# stage, naming the file and line (clang-format -i on it fixes it).
format_check() {
    local files=()
    mapfile -t files < <(cd "${root}" && find src include tests tools -name '*.[ch]' | sort)
    (cd "${root}" && clang-format --dry-run --Werror "${files[@]}")
}
if command -v clang-format >/dev/null 2>&1; then
    run_stage "clang-format" format_check || true
else
    skip_stage "clang-format" "clang-format is not installed"
fi

# (a) The ordinary build, warnings fatal.
if run_stage "build (warnings as errors)" configure_and_build build -DTIERZERO_WERROR=ON; then
    run_stage "ctest (build)" run_ctest build || true
    main_built=1
else
    skip_stage "ctest (build)" "the build failed"
    main_built=0
fi

# (b) AddressSanitizer + UndefinedBehaviorSanitizer.
# A sanitizer finding ends the process with status 86, which no test expects
# (ASan, LSan and UBSan exit with 1 by default: tierzero's usage error, so a
# test of a usage error would pass over it). The build passes
# -fno-sanitize-recover=all, so UBSan's first report is already fatal.
export ASAN_OPTIONS=detect_leaks=1:exitcode=86
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86
if [ -f "${root}/tests/lsan.supp" ]; then
    export LSAN_OPTIONS="suppressions=${root}/tests/lsan.supp:print_suppressions=0"
fi
if run_stage "build (sanitizers)" configure_and_build build-asan \
        -DTIERZERO_SANITIZE=ON -DTIERZERO_WERROR=ON; then
    run_stage "ctest (build-asan)" run_ctest build-asan || true
else
    skip_stage "ctest (build-asan)" "the sanitizer build failed"
fi
unset ASAN_OPTIONS UBSAN_OPTIONS
unset LSAN_OPTIONS || true

# (c) The sample's full report under valgrind.
if [ $main_built -eq 1 ]; then
    run_stage "valgrind report of the sample" valgrind_report || true
else
    skip_stage "valgrind report of the sample" "the build failed"
fi

# (d) The Debian package: built with cpack, installed with dpkg, used, removed.
# Installing needs root; without it the stage still builds and inspects it.
package_test() {
    local install=0
    if [ "$(id -u)" -eq 0 ]; then
        install=1
    else
        echo "not root: the package is built and inspected, not installed"
    fi
    (cd "${root}/build" && T0_TEST_INSTALL_DEB=${install} \
        ctest -R '^e2e_package$' --output-on-failure)
}
if [ $main_built -eq 1 ]; then
    run_stage "package" package_test || true
else
    skip_stage "package" "the build failed"
fi

# (e) The libFuzzer harnesses: the corpus replayed, then 15 s of fuzzing each.
if command -v clang >/dev/null 2>&1; then
    run_stage "fuzzing (scripts/fuzz.sh 15)" "${root}/scripts/fuzz.sh" 15 || true
else
    skip_stage "fuzzing (scripts/fuzz.sh 15)" "clang is not installed"
fi

echo
if [ ${#failures[@]} -gt 0 ]; then
    echo "failed stages: ${failures[*]}"
fi
if [ $skipped -gt 0 ]; then
    echo "${passed} passed, ${failed} failed, ${skipped} skipped"
else
    echo "${passed} passed, ${failed} failed"
fi
if [ $failed -gt 0 ] || [ $skipped -gt 0 ]; then
    exit 1
fi
