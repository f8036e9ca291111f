#!/usr/bin/env bash
# package.sh: the manual page and the Debian package. The page renders without
# a warning and documents every command and option the help lists; `cpack -G
# DEB` makes a package holding the binary, the templates and the page under
# /usr; unpacked anywhere, its binary finds its own templates; and, as root
# with T0_TEST_INSTALL_DEB=1, the package installs, writes the sample's
# review from another directory, is found by man, and removes cleanly.
set -u
T=${TIERZERO:?set TIERZERO to the built binary}
B=${T0_BUILD_DIR:?set T0_BUILD_DIR to the build directory}
SRC=${T0_SOURCE_DIR:?set T0_SOURCE_DIR to the source tree}
work=$(mktemp -d)
installed_here=0
cleanup() {
    if [ $installed_here -eq 1 ]; then
        dpkg -P tierzero >/dev/null 2>&1 || true # purged: no state left behind
    fi
    rm -rf "$work"
}
trap cleanup EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
    echo "package: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}

version=$("$T" --version | awk '{ print $2 }')
sample=(-c "$SRC/samples/config.json" -r "$SRC/samples/releases.json"
        --as-of 2026-11-01T00:00:00Z "$SRC/samples/incidents.json")

# ---- the manual page ----
page=$SRC/docs/tierzero.1
if [ ! -f "$page" ]; then
    bad "no manual page at docs/tierzero.1"
    finish
fi
if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    [ -z "$warnings" ] && ok || bad "groff warns about the manual page: $warnings"
    # Rendered wide, so no option name is hyphenated across lines.
    groff -man -Tascii -rLL=300n -P-cbou "$page" >"$work/page.txt" 2>/dev/null
    for cmd in report summary check gate postmortem help; do
        grep -qE "^ +$cmd( |\$)" "$work/page.txt" && ok ||
            bad "the manual page has no entry for the command '$cmd'"
    done
    # Every long option any help text names is documented.
    for cmd in report summary check gate postmortem; do "$T" help "$cmd"; done |
        grep -oE -- '--[a-z][a-z-]+' | sort -u >"$work/options"
    [ "$(wc -l <"$work/options")" -ge 20 ] && ok ||
        bad "the help lists only $(wc -l <"$work/options") options"
    while read -r option; do
        grep -qF -- "$option" "$work/page.txt" && ok ||
            bad "the manual page does not document $option"
    done <"$work/options"
    for word in SOURCE_DATE_EPOCH TIERZERO_TEMPLATES NO_COLOR "EXIT STATUS" "SEE ALSO" \
        "sendmail -t" "Statuspage" "NDJSON" "GitHub" "$version"; do
        grep -qF -- "$word" "$work/page.txt" && ok ||
            bad "the manual page does not mention '$word'"
    done
    for status in 0 1 2 3 4; do
        sed -n '/^EXIT STATUS/,/^ENVIRONMENT/p' "$work/page.txt" | grep -qE "^ +$status +[A-Za-z]" &&
            ok || bad "the manual page does not explain exit status $status"
    done
else
    echo "package: groff is not installed: the manual page is not rendered"
fi
if command -v mandoc >/dev/null 2>&1; then
    lint=$(mandoc -Tlint -W style "$page" 2>&1)
    [ -z "$lint" ] && ok || bad "mandoc -Tlint: $lint"
fi

# ---- the package ----
for tool in cpack dpkg-deb dpkg-shlibdeps; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "package: $tool is not installed (scripts/deps.sh installs it): no package test"
        finish
    fi
done
if ! (cd "$B" && cpack --config "$B/CPackConfig.cmake" -G DEB -B "$work/pkg") \
    >"$work/cpack.log" 2>&1; then
    bad "cpack -G DEB failed: $(tail -20 "$work/cpack.log")"
    finish
fi
shopt -s nullglob
debs=("$work"/pkg/tierzero_*.deb)
shopt -u nullglob
if [ ${#debs[@]} -ne 1 ]; then
    bad "cpack made ${#debs[@]} tierzero_*.deb files: $(ls "$work/pkg")"
    finish
fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "tierzero_${version}_${arch}.deb" ] && ok ||
    bad "package file $(basename "$deb"), want tierzero_${version}_${arch}.deb"

# The control fields.
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = tierzero ] && ok || bad "Package: $(field Package)"
[ "$(field Version)" = "$version" ] && ok || bad "Version: $(field Version), want $version"
[ "$(field Architecture)" = "$arch" ] && ok || bad "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] && ok || bad "no Maintainer"
field Description | grep -q "error-budget" && ok || bad "Description: $(field Description)"
depends=$(field Depends)
for dep in libc6 libcairo2 libpango-1.0-0 libpangocairo-1.0-0 libglib2.0-0 libjansson4 \
    libxlsxwriter libpng16-16 libcurl4 fonts-dejavu-core fonts-dejavu-extra; do
    grep -qE "(^|, )$dep[^,]*" <<<"$depends" && ok || bad "Depends lacks $dep: $depends"
done
# libcurl is opened by the first live query, not linked: a run that queries
# no server does not load it and the twenty libraries it needs. The drawing
# code is a module the program opens when a command draws (renderers.h):
# the module links cairo, pango, libxlsxwriter and libpng, the program none.
if command -v readelf >/dev/null; then
    needed=$(readelf -d "$T" | grep NEEDED)
    for lib in libcurl libcairo libpango libxlsxwriter libpng; do
        grep -q "$lib" <<<"$needed" && bad "the program links $lib: $needed" || ok
    done
    module_needed=$(readelf -d "$(dirname "$T")/tierzero-draw.so" | grep NEEDED)
    for lib in libcairo libpangocairo libxlsxwriter libpng; do
        grep -q "$lib" <<<"$module_needed" && ok ||
            bad "the drawing module does not link $lib: $module_needed"
    done
fi
dpkg-deb --info "$deb" >/dev/null && ok || bad "dpkg-deb --info failed"

# The files: binary, both templates, the manual page, all under /usr.
dpkg-deb --contents "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' >"$work/contents"
for path in /usr/bin/tierzero /usr/lib/tierzero/tierzero-draw.so \
    /usr/share/tierzero/templates/monthly-review/template.json \
    /usr/share/tierzero/templates/postmortem/template.json /usr/share/man/man1/tierzero.1.gz; do
    grep -qxF "$path" "$work/contents" && ok || bad "the package lacks $path"
done
outside=$(grep -vE '^/(usr(/.*)?)?/?$' "$work/contents")
[ -z "$outside" ] && ok || bad "the package installs outside /usr: $outside"
dpkg-deb --contents "$deb" | grep -E ' \./usr/bin/tierzero$' | grep -q '^-rwxr-xr-x' && ok ||
    bad "/usr/bin/tierzero is not mode 755"

# Unpacked under another root, the binary uses the templates beside it, not
# the source tree's: mark the unpacked template and find the mark in the PDF.
dpkg-deb -x "$deb" "$work/root"
root=$work/root/usr
cover="$root/share/tierzero/templates/monthly-review/template.json"
/usr/bin/python3 - "$cover" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    t = json.load(f)
t["texts"]["cover_note"] = "Unpacked-template-mark"
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(t, f)
EOF
if grep -q "Unpacked-template-mark" "$cover"; then
    if (cd / && env -u TIERZERO_TEMPLATES "$root/bin/tierzero" report -q --format pdf \
            -o "$work/unpacked" "${sample[@]}"); then
        if command -v pdftotext >/dev/null 2>&1; then
            pdftotext "$work/unpacked/slo-review-2026-10.pdf" - | grep -q "Unpacked-template-mark" &&
                ok || bad "the unpacked binary did not use its own template"
        fi
    else
        bad "the unpacked binary failed to write the sample's PDF"
    fi
else
    bad "the unpacked template has no texts.cover_note to mark"
fi
[ "$("$root/bin/tierzero" --version)" = "tierzero $version" ] && ok ||
    bad "the packaged binary says $("$root/bin/tierzero" --version)"
zcat "$root/share/man/man1/tierzero.1.gz" | cmp -s - "$SRC/docs/tierzero.1" && ok ||
    bad "the packaged manual page differs from docs/tierzero.1"

# ---- installing it (root, and only when asked) ----
if [ "${T0_TEST_INSTALL_DEB:-0}" != 1 ]; then
    echo "package: T0_TEST_INSTALL_DEB is not 1: the package is not installed"
    finish
fi
if [ "$(id -u)" -ne 0 ]; then
    bad "T0_TEST_INSTALL_DEB=1 needs root to install the package"
    finish
fi
# Installed, or half installed; a package removed but remembered by dpkg
# ("config-files", what an earlier removal without purging leaves) is not.
status=$(dpkg-query -W -f='${Status}' tierzero 2>/dev/null || true)
if [ -n "$status" ] && [ "${status##* }" != "not-installed" ] &&
    [ "${status##* }" != "config-files" ]; then
    bad "a tierzero package is installed already ($status): not replacing it"
    finish
fi
if [ -e /usr/bin/tierzero ]; then
    bad "/usr/bin/tierzero exists and belongs to no package: not overwriting it"
    finish
fi
export DEBIAN_FRONTEND=noninteractive
installed_here=1
if ! dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
    bad "dpkg -i failed: $(tail -20 "$work/dpkg.log")"
    finish
fi
[ "$(dpkg-query -W -f='${Status}' tierzero)" = "install ok installed" ] && ok ||
    bad "dpkg says: $(dpkg-query -W -f='${Status}' tierzero)"

# From /, by name through PATH (the binary locates itself through /proc).
if (cd / && env -u TIERZERO_TEMPLATES PATH=/usr/bin:/bin tierzero report -q \
        -o "$work/installed" "${sample[@]}"); then
    for ext in pdf xlsx json; do
        [ -s "$work/installed/slo-review-2026-10.$ext" ] && ok ||
            bad "the installed tierzero wrote no .$ext"
    done
    if command -v pdfinfo >/dev/null 2>&1; then
        pdfinfo "$work/installed/slo-review-2026-10.pdf" >/dev/null 2>&1 && ok ||
            bad "the installed tierzero wrote an unreadable PDF"
    fi
else
    bad "the installed tierzero report of the sample failed"
fi
incident=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["incidents"][-1]["id"])' \
    "$SRC/samples/incidents.json")
if (cd / && /usr/bin/tierzero postmortem -q -c "$SRC/samples/config.json" -o "$work/installed" \
        "$SRC/samples/incidents.json" "$incident"); then
    [ -s "$work/installed/postmortem-$incident.pdf" ] && ok ||
        bad "the installed tierzero postmortem wrote no postmortem-$incident.pdf"
else
    bad "the installed tierzero postmortem $incident failed"
fi
if grep -rqsE '^path-exclude[= ]+/usr/share/man' /etc/dpkg/dpkg.cfg.d/; then
    echo "package: dpkg is set to leave manual pages out (/etc/dpkg/dpkg.cfg.d): man -w is not tried"
elif command -v man >/dev/null 2>&1; then
    where=$(man -w tierzero 2>&1)
    [ "$where" = /usr/share/man/man1/tierzero.1.gz ] && ok || bad "man -w tierzero: $where"
    warnings=$(MANWIDTH=80 man -l "$where" 2>&1 >/dev/null)
    [ -z "$warnings" ] && ok || bad "man warns: $warnings"
else
    echo "package: man is not installed: man -w is not tried"
fi

# Purged, so that dpkg remembers nothing of it (a removal alone leaves the
# package in its "config-files" state).
if dpkg -P tierzero >"$work/dpkg.log" 2>&1; then
    installed_here=0
    ok
else
    bad "dpkg -P failed: $(tail -20 "$work/dpkg.log")"
fi
[ ! -e /usr/bin/tierzero ] && [ ! -e /usr/share/tierzero ] && [ ! -e /usr/lib/tierzero ] &&
    [ ! -e /usr/share/man/man1/tierzero.1.gz ] && ok || bad "dpkg -P left files behind"
[ -z "$(dpkg-query -W tierzero 2>/dev/null)" ] && ok ||
    bad "dpkg still knows the package: $(dpkg-query -W -f='${Status}' tierzero 2>&1)"

finish
