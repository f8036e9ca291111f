#!/usr/bin/env bash
# hostile.sh: hostile input, round two (definitions.md §6): an empty period, formulas in
# workbook names, template files outside the template, hostile images, bad
# escapes inside one record, signals and their temporaries, pathological but
# legal sizes, and a full disk.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
SRC=${T0_SOURCE_DIR:?}
work=$(mktemp -d)
trap 'umount "$work/full" 2>/dev/null; rm -rf "$work"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS FRAGMENT -- command...: exit status and a fragment of stdout+stderr
expect() {
    local want=$1 frag=$2; shift 3
    local out status
    out=$(timeout 60 "$@" 2>&1); status=$?
    if [ "$status" != "$want" ]; then
        bad "$* -> exit $status, want $want; output: ${out:0:400}"
    elif [ -n "$frag" ] && ! grep -qF -- "$frag" <<<"$out"; then
        bad "$* -> output lacks '$frag': ${out:0:400}"
    else
        ok
    fi
}

# no_files DIR: the directory holds no file at all (no document, no temporary)
no_files() {
    local left
    left=$(find "$1" -type f 2>/dev/null | head -3)
    if [ -n "$left" ]; then bad "files left in $1: $left"; else ok; fi
}

sample="$SRC/samples/incidents.json"

# ---- 1. an empty period never reaches the documents ----
# --as-of at the first instant of year 1: the review month would be 0000-12.
for when in 0001-01-01T00:00:00Z 0001-01-01T00:00:00.000Z 0001-01-01T00:00:00+00:00; do
    expect 2 "--as-of 0001-01-01T00:00:00.000Z leaves no month to review" -- \
        "$T" report "$sample" --as-of "$when" --format pdf,xlsx,json,eml,png -o "$work/empty"
    no_files "$work/empty"
done
for cmd in summary "summary --json" postmortem; do
    extra=""; [ "$cmd" = postmortem ] && extra=INC-1
    # shellcheck disable=SC2086
    expect 2 "leaves no month to review" -- "$T" $cmd "$sample" $extra --as-of 0001-01-01T00:00:00Z
done
expect 2 "leaves no month to review" -- \
    "$T" report "$sample" --as-of 0001-01-01T00:00:00Z --history 1 -o "$work/empty"
# The same edge reached through the zone: the only incident starts at
# 0001-01-01T00:00Z, which is December of year 0 in Los Angeles.
printf '[{"id": "y1", "title": "t", "impact": "major_outage", "started_at": "0001-01-01T00:00:00Z", "resolved_at": "0001-01-01T01:00:00Z"}]' >"$work/y1.json"
expect 2 "the latest incident before --as-of 0001-01-02T00:00:00.000Z starts in 0000-12 in America/Los_Angeles" -- \
    "$T" summary "$work/y1.json" --tz America/Los_Angeles --as-of 0001-01-02T00:00:00Z
expect 2 "--as-of 0001-01-01T00:00:00.000Z falls before 0001-01 in America/Los_Angeles: no month to judge" -- \
    "$T" gate "$work/y1.json" --tz America/Los_Angeles --as-of 0001-01-01T00:00:00Z
expect 0 "" -- "$T" postmortem -q "$work/y1.json" y1 --tz America/Los_Angeles -o "$work/y1"
# The first month that exists is a period: one millisecond into year 1.
expect 0 "" -- "$T" summary --json "$sample" --as-of 0001-01-01T00:00:00.001Z

# ---- 2. no user text becomes a formula anywhere in the workbook ----
# SLO, service and release names that libxlsxwriter would take for a formula
# or a range; every part of the workbook is searched for them inside <f>,
# <c:f>, a defined name or a sheet name.
cat >"$work/formula-config.json" <<'JSON'
{"slos": [
  {"name": "=HYPERLINK(\"http://evil.example/\",\"x\")", "services": ["=cmd|' /C calc'!A0"],
   "objective_pct": 99.9},
  {"name": "=Summary!$A$1", "services": ["api"], "objective_pct": 99.5},
  {"name": "+SUM(1)", "services": ["@api"], "objective_pct": 99}
]}
JSON
cat >"$work/formula-inc.json" <<'JSON'
{"incidents": [
 {"id": "=A1", "title": "=HYPERLINK(\"http://evil.example/\",\"t\")",
  "services": ["=cmd|' /C calc'!A0", "api", "@api"], "impact": "major_outage",
  "started_at": "2026-10-05T10:00:00Z", "resolved_at": "2026-10-05T10:20:00Z"}
]}
JSON
cat >"$work/formula-rel.json" <<'JSON'
{"releases": [
 {"id": "=R1", "name": "=HYPERLINK(\"http://evil.example/\",\"r\")",
  "released_at": "2026-10-04T09:00:00Z", "services": ["=cmd|' /C calc'!A0"]}
]}
JSON
expect 0 "" -- "$T" report -q -c "$work/formula-config.json" -r "$work/formula-rel.json" \
    --as-of 2026-11-01T00:00:00Z --format xlsx -o "$work/formula" --name f "$work/formula-inc.json"
if out=$(/usr/bin/python3 - "$work/formula/f.xlsx" <<'PY'
import re, sys, zipfile
markers = ["evil.example", "cmd|", "calc", "Summary!$A$1", "SUM(1)", "@api"]
problems = []
with zipfile.ZipFile(sys.argv[1]) as z:
    for part in z.namelist():
        text = z.read(part).decode("utf-8", "replace")
        formulas = re.findall(r"<(?:c:)?f(?:\s[^>]*)?>(.*?)</(?:c:)?f>", text, re.S)
        formulas += re.findall(r"<definedName[^>]*>(.*?)</definedName>", text, re.S)
        formulas += re.findall(r'<definedName name="([^"]*)"', text)
        formulas += re.findall(r'<sheet name="([^"]*)"', text)
        for f in formulas:
            for m in markers:
                if m.replace("&", "&amp;") in f or m.replace("'", "&apos;") in f:
                    problems.append(f"{part}: {m!r} inside {f[:80]!r}")
    # The names are kept, as text: the series names of the attainment chart.
    chart = z.read("xl/charts/chart1.xml").decode()
    if '<c:v>\u200b=HYPERLINK("http://evil.example/","x")</c:v>' not in chart:
        problems.append("chart1.xml lacks the SLO name as text")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
); then ok; else bad "formula in the workbook: $out"; fi

# A long SLO name of three-byte characters: the headers that quote it cut it
# by bytes; every XML part must still be whole UTF-8.
printf '{"slos": [{"name": "%s", "services": ["api"], "objective_pct": 99.9}]}' \
    "$(/usr/bin/python3 -c 'print("\u20ac" * 100)')" >"$work/euro-config.json"
expect 0 "" -- "$T" report -q -c "$work/euro-config.json" --as-of 2026-11-01T00:00:00Z \
    --format xlsx -o "$work/euro" --name e "$sample"
if out=$(/usr/bin/python3 - "$work/euro/e.xlsx" <<'PY'
import sys, zipfile, xml.dom.minidom
with zipfile.ZipFile(sys.argv[1]) as z:
    for part in z.namelist():
        if part.endswith(".xml") or part.endswith(".rels"):
            try:
                xml.dom.minidom.parseString(z.read(part))
            except Exception as e:
                print(part, e)
PY
) && [ -z "$out" ]; then ok; else bad "broken XML in the workbook: $out"; fi

# ---- 3, 4. template files stay inside the template; images are bounded ----
# The refusals (.., absolute, symbolic link out, not a PNG, truncated,
# corrupt, 20000x20000 declared) are cases of tests/data/bad-template. Here: a
# good but large logo is decoded, scaled to its box (16 mm high at 300 dpi:
# at most 189 pixels high) and drawn on the cover.
mkdir -p "$work/tpl"
/usr/bin/python3 - "$SRC/templates/monthly-review/template.json" "$work/tpl" <<'PY'
import json, struct, sys, zlib
tpl = json.load(open(sys.argv[1]))
tpl["logo"] = "art/logo.png"
json.dump(tpl, open(sys.argv[2] + "/template.json", "w"))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
w, h = 3000, 1000
row = b"\x00" + bytes([0, 114, 178]) * w
import os
os.makedirs(sys.argv[2] + "/art", exist_ok=True)
open(sys.argv[2] + "/art/logo.png", "wb").write(
    b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    + chunk(b"IDAT", zlib.compress(row * h)) + chunk(b"IEND", b""))
PY
expect 0 "" -- "$T" report -q --template "$work/tpl" --format pdf --as-of 2026-11-01T00:00:00Z \
    -o "$work/logo" --name l "$sample"
if dims=$(pdfimages -list "$work/logo/l.pdf" 2>/dev/null | awk 'NR > 2 && $1 == 1 {print $4 "x" $5}' | head -1) &&
    [ -n "$dims" ] && [ "${dims#*x}" -le 189 ] && [ "${dims%x*}" -le 567 ]; then
    ok
else
    bad "the logo is not scaled to its box on page 1: '${dims:-no image}'"
fi

# ---- 5. one bad escape rejects one record, not the file ----
# 1,000 incidents of one JSON document; incidents[17] holds \u0000 and
# incidents[500] a lone surrogate: those two are rejected in our words (no
# library flag), with the id where the record can still be read; 998 are kept.
/usr/bin/python3 - "$work/thousand.json" <<'PY'
import sys
recs = []
for i in range(1000):
    title = "t"
    if i == 17:
        title = "a\\u0000b"
    if i == 500:
        title = "x\\ud800y"
    recs.append('{"id": "i%d", "title": "%s", "impact": "none", "started_at": '
                '"2026-10-%02dT10:00:00Z"}' % (i, title, 1 + i % 28))
open(sys.argv[1], "w").write('{"incidents": [\n' + ",\n".join(recs) + "\n]}\n")
PY
for threads in 1 3; do
    expect 2 "read 1000, accepted 998, rejected 2" -- "$T" check --threads "$threads" "$work/thousand.json"
    expect 2 'id "i17": incidents[17]: a string holds \u0000, which tierzero does not accept' -- \
        "$T" check --threads "$threads" "$work/thousand.json"
    expect 2 'incidents[500]: a string holds \uD800, a UTF-16 surrogate without its pair' -- \
        "$T" check --threads "$threads" "$work/thousand.json"
done
if "$T" check "$work/thousand.json" 2>&1 | grep -q JSON_ALLOW_NUL; then
    bad "a library flag in the message"
else
    ok
fi
# A real syntax error inside one record stays an error of the file.
sed 's/"i300", "title": "t"/"i300", "title": tru/' "$work/thousand.json" >"$work/syntax.json"
expect 2 "syntax.json:302:" -- "$T" check "$work/syntax.json"

# ---- 6. signals remove the temporaries; a later run removes stale ones ----
# A workbook of 60,000 incidents takes long enough to be caught while its
# temporary exists: the run is stopped then, and must end as the signal says
# (128 + its number) leaving nothing behind. The exact mechanism is tested
# without timing in tests/unit/test_output.c.
/usr/bin/python3 - "$work/big.json" <<'PY'
import json, sys
recs = [{"id": "i%d" % i, "title": "incident %d" % i, "impact": "partial_outage",
         "services": ["api"], "started_at": "2026-%02d-%02dT%02d:00:00Z" % (1 + i % 10, 1 + i % 28, i % 24),
         "resolved_at": "2026-%02d-%02dT%02d:30:00Z" % (1 + i % 10, 1 + i % 28, i % 24)}
        for i in range(60000)]
json.dump({"incidents": recs}, open(sys.argv[1], "w"))
PY
for sig in TERM INT; do
    rm -rf "$work/sig" && mkdir -p "$work/sig"
    set -m # its own process group: a background job would ignore SIGINT
    "$T" report -q "$work/big.json" --as-of 2026-11-01T00:00:00Z -o "$work/sig" --name r \
        --format xlsx &
    pid=$!
    set +m
    seen=""
    for _ in $(seq 1 3000); do
        if compgen -G "$work/sig/.r.xlsx.*" >/dev/null; then seen=1; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.01
    done
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    want=$((128 + $(kill -l "$sig")))
    if [ -z "$seen" ]; then
        bad "SIG$sig: the workbook's temporary never appeared"
    elif [ "$rc" != "$want" ]; then
        bad "SIG$sig: exit status $rc, want $want"
    else
        ok
    fi
    no_files "$work/sig"
done
# Stale temporaries of this run's names, older than the run and locked by no
# live run, are removed and named; others are left alone.
rm -rf "$work/stale" && mkdir -p "$work/stale"
touch -d 2020-01-01 "$work/stale/.s.pdf.AbC123" "$work/stale/.s.json.Zz9Zz9" \
    "$work/stale/.s.pdf.toolong" "$work/stale/.t.pdf.AbC123"
touch -d '+1 hour' "$work/stale/.s.xlsx.FuTuR3"
out=$("$T" report -q "$sample" --as-of 2026-11-01T00:00:00Z -o "$work/stale" --name s 2>&1)
for f in .s.pdf.AbC123 .s.json.Zz9Zz9; do
    if [ -e "$work/stale/$f" ]; then bad "stale $f was kept"; else ok; fi
    if grep -qF "removed '$work/stale/$f', a temporary file left by an earlier run" <<<"$out"; then
        ok
    else
        bad "no word of removing $f: $out"
    fi
done
for f in .s.pdf.toolong .t.pdf.AbC123 .s.xlsx.FuTuR3 s.pdf s.xlsx s.json; do
    if [ -e "$work/stale/$f" ]; then ok; else bad "$f was removed"; fi
done

# ---- 7. bounded work: endless devices are refused at their first byte ----
for dev in /dev/zero /dev/urandom; do
    out=$(timeout 10 "$T" check "$dev" 2>&1); rc=$?
    if [ "$rc" = 2 ] && grep -qE "$dev:1:1: invalid JSON: '\{' or '\[' expected, got|$dev:1:[0-9]+: invalid JSON: byte 0x[0-9A-F]{2} is a control character|$dev:1:[0-9]+: invalid UTF-8: byte 0x[0-9A-F]{2}|$dev:1:[0-9]+: neither JSON nor a CSV header|$dev: invalid gzip data" <<<"$out"; then
        ok
    else
        bad "$dev: exit $rc: ${out:0:200}"
    fi
done
# The first line of a stream decides, as it would for a file: text that is
# neither JSON nor a CSV header, bytes that are not UTF-8, gzip's magic
# without its method; a CSV with its header and a gzip stream are read.
expect 2 "<stdin>:1:12: neither JSON nor a CSV header naming id and started_at" -- \
    bash -c "printf 'hello world\nid,started_at\n' | '$T' check -"
expect 2 "<stdin>:1:8: invalid UTF-8: byte 0xFF" -- \
    bash -c "printf '{\"a\": \"\xff\"}\n' | '$T' check -"
# A sequence cut short by a printable byte names that byte in hex too (about
# one /dev/urandom in nine starts that way).
expect 2 "<stdin>:1:2: invalid UTF-8: byte 0x26" -- bash -c "printf '\xc3&x\n' | '$T' check -"
expect 2 "<stdin>: invalid gzip data: unknown compression method" -- \
    bash -c "printf '\x1f\x8b\x09rest' | '$T' check -"
expect 0 "read 1, accepted 1" -- bash -c "printf 'id,title,impact,started_at,resolved_at,services\nI-1,t,major_outage,2026-03-01T10:00:00Z,2026-03-01T10:45:00Z,api\n' | '$T' check -"
expect 0 "read 0, accepted 0" -- bash -c "printf '{\"incidents\": []}' | gzip | '$T' check -"
expect 2 "<stdin>:1:1: invalid JSON: '{' or '[' expected, got byte 0x00" -- \
    bash -c 'timeout 10 "$0" check - </dev/zero' "$T"
# A valid first byte, then the device: the first line's control byte.
expect 2 "<stdin>:1:4: invalid JSON: byte 0x00 is a control character" -- \
    bash -c '{ printf "{\"a"; cat /dev/zero; } | timeout 10 "$0" check -' "$T"
# Byte-order mark and blank lines before the first byte count as today.
expect 2 "<stdin>:3:3: invalid JSON: '{' or '[' expected, got 'x'" -- \
    bash -c 'printf "\357\273\277\n\n  x" | "$0" check -' "$T"

# ---- 7. bounded work: long text is cut to what a page can show ----
# A 5 MB title without a space and a 2 MB summary of words: laid out in full
# they took minutes and gigabytes; cut before layout, the documents take
# seconds, and the cut shows as an ellipsis.
/usr/bin/python3 - "$work/longtext.json" <<'PY'
import json, sys
title = "x" * (5 << 20)
summary = "word " * (2 << 20 // 5)
json.dump({"incidents": [
    {"id": "long", "title": title, "summary": summary, "impact": "major_outage",
     "services": ["api"], "started_at": "2026-10-03T10:00:00Z", "resolved_at": "2026-10-03T11:00:00Z",
     "timeline": [{"at": "2026-10-03T10:05:00Z", "text": summary}]},
    {"id": "short", "title": "fine", "impact": "none", "started_at": "2026-10-04T10:00:00Z"}]},
    open(sys.argv[1], "w"))
PY
if command -v /usr/bin/time >/dev/null; then
    timer=(/usr/bin/time -f "%M" -o "$work/rss")
else
    timer=()
fi
expect 0 "" -- "${timer[@]}" "$T" report -q "$work/longtext.json" --as-of 2026-11-01T00:00:00Z \
    -o "$work/longtext" --name l --format pdf,png,eml
if [ -s "$work/rss" ] && [ "$(tail -1 "$work/rss")" -gt 600000 ]; then
    bad "long text: peak memory $(tail -1 "$work/rss") KB"
else
    ok
fi
expect 0 "" -- "$T" postmortem -q "$work/longtext.json" long --as-of 2026-11-01T00:00:00Z \
    -o "$work/longtext"
if pdftotext "$work/longtext/postmortem-long.pdf" - 2>/dev/null | grep -q "…"; then
    ok
else
    bad "the cut title shows no ellipsis in the postmortem"
fi

# ---- 8. errors in our words: a full disk, a file-size limit ----
# A file-size limit (ulimit -f, no privilege needed) fails the writes the way
# a full disk does, with errno EFBIG: tierzero's own line names the file and
# the system's reason, for the workbook (written by libxlsxwriter) as for the
# PDF. Then a real full disk: a 64 KiB tmpfs, when this test may mount one.
declare -A what=([xlsx]="unable to write the workbook" [pdf]="unable to write")
for fmt in xlsx pdf; do
    expect 4 "tierzero: $work/fsize/f.$fmt: ${what[$fmt]}: File too large" -- \
        bash -c 'ulimit -f 40; "$0" report -q "$1" --as-of 2026-11-01T00:00:00Z -o "$2" --name f --format "$3"' \
        "$T" "$sample" "$work/fsize" "$fmt"
    no_files "$work/fsize"
done
mkdir -p "$work/full"
if mount -t tmpfs -o size=64k tmpfs "$work/full" 2>/dev/null; then
    for fmt in xlsx pdf; do
        expect 4 "tierzero: $work/full/f.$fmt: ${what[$fmt]}: No space left on device" -- \
            "$T" report -q "$sample" --as-of 2026-11-01T00:00:00Z -o "$work/full" --name f --format "$fmt"
        no_files "$work/full"
    done
    umount "$work/full"
else
    echo "SKIP: cannot mount a small tmpfs here (needs root): the full-disk case was not run"
fi

echo "hostile: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
