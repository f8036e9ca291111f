#!/usr/bin/env bash
# draw_module.sh: the drawing code is a module the program opens when a
# command draws (renderers.h). Without it, or with one of another build, a
# drawing command fails closed (exit 4, naming the module, no document
# written) and the commands that draw nothing work as before; the program
# alone maps none of the drawing libraries.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

module="$(dirname "$T")/tierzero-draw.so"
[ -f "$module" ] && ok || bad "no $module beside $T"
args=(-q -c "$SRC/samples/config.json" -r "$SRC/samples/releases.json"
    --as-of 2026-11-01T00:00:00Z "$SRC/samples/incidents.json")

# (a) The program copied alone: summary, gate and check work; report and
# postmortem fail with exit 4 and say what is missing; nothing is written.
mkdir -p "$work/alone"
cp "$T" "$work/alone/tierzero"
A="$work/alone/tierzero"
"$A" summary --json "${args[@]}" >"$work/summary.json" && ok || bad "summary without the module failed"
"$T" summary --json "${args[@]}" | cmp -s - "$work/summary.json" && ok ||
    bad "summary without the module differs from the summary with it"
"$A" check -q "$SRC/samples/incidents.json" >/dev/null && ok || bad "check without the module failed"
"$A" gate "${args[@]}" >/dev/null 2>&1
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] && ok || bad "gate without the module: exit $rc"
for formats in pdf xlsx png pdf,json; do
    rm -rf "$work/out"
    "$A" report --format "$formats" -o "$work/out" "${args[@]}" 2>"$work/err"
    rc=$?
    [ "$rc" -eq 4 ] && ok || bad "report --format $formats without the module: exit $rc, want 4"
    grep -q "tierzero-draw.so" "$work/err" && ok ||
        bad "report --format $formats without the module: $(cat "$work/err")"
    [ ! -e "$work/out" ] && ok ||
        bad "report --format $formats without the module wrote $(ls -A "$work/out")"
done
# The JSON summary alone draws nothing and needs no module.
rm -rf "$work/out"
"$A" report --format json -o "$work/out" --name r "${args[@]}" && [ -s "$work/out/r.json" ] && ok ||
    bad "report --format json without the module failed"
"$A" postmortem -q -c "$SRC/samples/config.json" -o "$work/out" \
    --as-of 2026-11-01T00:00:00Z "$SRC/samples/incidents.json" INC-1329 2>"$work/err"
rc=$?
[ "$rc" -eq 4 ] && grep -q "tierzero-draw.so" "$work/err" && ok ||
    bad "postmortem without the module: exit $rc, $(cat "$work/err")"

# (b) A module of another build beside it is refused, not called.
cc=$(command -v cc || command -v gcc || true)
if [ -n "$cc" ]; then
    cat >"$work/other.c" <<'C'
struct other { unsigned long table_size, report_size; const char *version; };
const struct other t0_renderers_table = {sizeof(struct other), 8, "0.0.0"};
C
    if "$cc" -shared -fPIC -o "$work/alone/tierzero-draw.so" "$work/other.c"; then
        rm -rf "$work/out"
        "$A" report --format pdf -o "$work/out" "${args[@]}" 2>"$work/err"
        rc=$?
        [ "$rc" -eq 4 ] && grep -q "another build" "$work/err" && ok ||
            bad "a module of another build: exit $rc, $(cat "$work/err")"
    else
        bad "cannot build the stand-in module"
    fi
    # A file that is no module at all.
    echo "not a module" >"$work/alone/tierzero-draw.so"
    "$A" report --format pdf -o "$work/out" "${args[@]}" 2>"$work/err"
    rc=$?
    [ "$rc" -eq 4 ] && grep -q "tierzero-draw.so" "$work/err" && ok ||
        bad "a broken module: exit $rc, $(cat "$work/err")"
else
    echo "draw_module: no C compiler: the other-build module is not tried"
fi


# (c) The program itself links no drawing library.
if command -v readelf >/dev/null; then
    readelf -d "$T" | grep NEEDED | grep -qE "libcairo|libpango|libxlsxwriter|libpng" &&
        bad "the program links a drawing library" || ok
fi

echo "draw_module: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
