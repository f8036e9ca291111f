#!/usr/bin/env bash
# reproducible.sh: the same inputs, --as-of and SOURCE_DATE_EPOCH give byte-identical
# PDF, XLSX, JSON, EML and PNGs, whatever TZ, LANG and LC_ALL say, and whatever the
# number of threads (records parsed on workers, the workbook beside the PDF).
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

THREADS=() # options added to every run
report() { # report DIR [env assignments...]
    local dir=$1
    shift
    env "$@" SOURCE_DATE_EPOCH=1793491200 "$T" report -q "${THREADS[@]}" -c "$SRC/samples/config.json" \
        -r "$SRC/samples/releases.json" --as-of 2026-11-01T00:00:00Z -o "$dir" \
        --format pdf,xlsx,json,eml,png "$SRC/samples/incidents.json"
}

# A German locale when one can be built here (the program must not care).
locale_env=(LANG=fr_FR.UTF-8 LC_ALL=de_DE.UTF-8)
if command -v localedef >/dev/null 2>&1 &&
        localedef -i de_DE -f UTF-8 "$work/locales/de_DE.UTF-8" >/dev/null 2>&1; then
    locale_env+=(LOCPATH="$work/locales")
fi

report "$work/a" TZ=UTC || bad "first run failed"
report "$work/b" TZ=UTC || bad "second run failed"
report "$work/c" TZ=Pacific/Chatham "${locale_env[@]}" || bad "run with another TZ and locale failed"
report "$work/d" -u TZ -u LANG -u LC_ALL || bad "run without TZ and locale failed"
THREADS=(--threads 1)
report "$work/e" TZ=UTC || bad "run on one thread failed"
THREADS=(--threads 8)
report "$work/f" TZ=UTC || bad "run on eight threads failed"

files=$(cd "$work/a" && ls)
for ext in pdf xlsx json eml png; do
    grep -q "\.$ext\$" <<<"$files" && ok || bad "no .$ext document"
done
for f in $files; do
    for other in b c d e f; do
        if cmp -s "$work/a/$f" "$work/$other/$f"; then
            ok
        else
            bad "$f differs between run a and run $other"
        fi
    done
done
[ "$(cd "$work/b" && ls)" = "$files" ] && ok || bad "the runs wrote different files"

echo "reproducible: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
