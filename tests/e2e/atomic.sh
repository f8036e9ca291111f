#!/usr/bin/env bash
# atomic.sh: documents are written under a temporary name and renamed, so a
# failed write (ulimit -f: EFBIG) or a killed run never leaves a truncated
# document nor replaces a good one; an output over an input is refused.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

export SOURCE_DATE_EPOCH=1793491200 # 2026-11-01T00:00:00Z
out="$work/out"
run_report() { # run_report AS_OF [options...]
    local as_of=$1
    shift
    "$T" report -q -c "$SRC/samples/config.json" -r "$SRC/samples/releases.json" \
        --as-of "$as_of" -o "$out" --name review "$@" "$SRC/samples/incidents.json"
}
sums() { (cd "$out" && sha256sum review* | sort); }
no_temp_files() { # the temporary names are ".<name>.XXXXXX"
    local left
    left=$(cd "$1" && ls -A | grep -E '^\..+\.[A-Za-z0-9]{6}$' || true)
    [ -z "$left" ] || bad "temporary files left in $1: $left"
}

# (a) A complete report with every format.
if run_report 2026-11-01T00:00:00Z --format pdf,xlsx,json,png,eml; then ok; else bad "the first report failed"; fi
before=$(sums)
[ "$(grep -c . <<<"$before")" -ge 8 ] && ok || bad "the first report wrote too little: $before"

# (b) A file-size limit makes each document's write fail part-way: exit 4,
# a message naming the document, the earlier documents untouched, no
# temporary file left. (tierzero ignores SIGXFSZ, so the write fails with
# EFBIG instead of killing it.) Another month, so that any document
# written would differ.
for fmt in json xlsx pdf png; do
    msg=$( (ulimit -f 1; run_report 2026-10-01T00:00:00Z --format "$fmt") 2>&1)
    status=$?
    [ $status -eq 4 ] && ok || bad "$fmt under ulimit -f 1: exit $status, want 4: $msg"
    case "$fmt" in
    png) want="$out/review-" ;;
    *) want="$out/review.$fmt" ;;
    esac
    grep -qF -- "$want" <<<"$msg" && ok || bad "$fmt: the message does not name the file: $msg"
    grep -qiE "too large|unable to write" <<<"$msg" && ok || bad "$fmt: unclear message: $msg"
    [ "$(sums)" = "$before" ] && ok || bad "$fmt: a failed write changed the documents"
    no_temp_files "$out"
done
# The e-mail carries the PDF: a limit above the PDF's size and below the
# e-mail's lets the (same, reproducible) PDF through and stops the e-mail.
pdf_kb=$(( ($(stat -c %s "$out/review.pdf") + 1023) / 1024 + 1 ))
msg=$( (ulimit -f "$pdf_kb"; run_report 2026-11-01T00:00:00Z --format eml) 2>&1)
status=$?
[ $status -eq 4 ] && ok || bad "eml under ulimit -f $pdf_kb: exit $status, want 4: $msg"
grep -qF -- "$out/review.eml" <<<"$msg" && ok || bad "eml: the message does not name the file: $msg"
[ "$(sums)" = "$before" ] && ok || bad "eml: a failed write changed the documents"
no_temp_files "$out"

# (c) An output path equal to an input path is refused, the input unchanged.
cp "$SRC/samples/incidents.json" "$work/inc.json"
inc_sum=$(sha256sum <"$work/inc.json")
msg=$("$T" report -q --format json -o "$work" --name inc "$work/inc.json" 2>&1)
status=$?
[ $status -eq 4 ] && ok || bad "output over input: exit $status, want 4"
grep -qF "refusing to overwrite an input file" <<<"$msg" && ok || bad "output over input: $msg"
[ "$(sha256sum <"$work/inc.json")" = "$inc_sum" ] && ok || bad "the input was changed"

# (d) kill -9 during a large report: whatever carries a document's name is
# either the good old document or a complete new one, never a partial one.
# Best effort: the kill lands wherever it lands; only the outcome is checked.
big="$work/big"
if "$PY" "$SRC/tools/generate.py" --incidents 20000 --releases 1000 --years 3 --start 2024-01 \
        --seed 5 --format ndjson --out-dir "$big" -q; then
    complete() { # complete FILE: a whole document of its kind
        case "$1" in
        *.json) "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" ;;
        *.xlsx) "$PY" -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None)' "$1" ;;
        *.pdf) tail -c 64 "$1" | grep -q '%%EOF' && qpdf --check "$1" >/dev/null 2>&1 ;;
        *) return 1 ;;
        esac
    }
    for delay in 0.2 1 2.5; do
        rm -rf "$out"
        run_report 2026-11-01T00:00:00Z --format pdf,xlsx,json || bad "the small report failed"
        declare -A old=()
        for f in "$out"/review.*; do old[$f]=$(sha256sum <"$f"); done
        "$T" report -q -r "$big/releases.json" --as-of 2026-11-01T00:00:00Z -o "$out" \
            --name review --format pdf,xlsx,json "$big/incidents.ndjson" &
        pid=$!
        sleep "$delay"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        for f in "$out"/review.*; do
            if [ "$(sha256sum <"$f")" = "${old[$f]:-}" ] || complete "$f"; then
                ok
            else
                bad "after kill -9 at ${delay} s: $(basename "$f") is neither the old document nor a complete one"
            fi
        done
        for f in "${!old[@]}"; do
            [ -e "$f" ] && ok || bad "after kill -9 at ${delay} s: $(basename "$f") vanished"
        done
        unset old
    done
else
    bad "tools/generate.py failed"
fi

echo "atomic: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
