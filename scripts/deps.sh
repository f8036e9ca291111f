#!/usr/bin/env bash
# deps.sh: installs the Debian packages that tierzero's build, tests and documents need.
#
# Only missing packages are installed (checked with dpkg-query), after an
# apt-get update. Needs root: runs apt-get through sudo when not root.
set -euo pipefail

packages=(
    build-essential cmake pkg-config
    libcairo2-dev libpango1.0-dev libxlsxwriter-dev libjansson-dev
    libcmocka-dev libglib2.0-dev zlib1g-dev libpng-dev libcurl4-openssl-dev libyaml-dev
    fonts-dejavu-core fonts-dejavu-extra
    fonts-wqy-microhei fonts-symbola
    poppler-utils qpdf python3 python3-openpyxl python3-scipy
    valgrind clang clang-format libclang-rt-14-dev groff-base file
    dpkg-dev man-db mandoc
    time prometheus
)
# prometheus gives the tests a real server (and promtool to backfill it);
# its packaged service is never used.
# DejaVu has Latin, Greek, Cyrillic, Arabic and Hebrew; pango falls back to
# WenQuanYi Micro Hei (CJK, 1.6 MB) and Symbola (emoji as outlines, so that
# cairo subsets them like any font) for the titles DejaVu cannot draw.
# Either package gives the LibreOffice Calc that reads the workbooks back.
calc_packages=(libreoffice-calc-nogui libreoffice-calc)

export DEBIAN_FRONTEND=noninteractive

is_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

has_candidate() {
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2; exit }')
    [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

missing=()
for p in "${packages[@]}"; do
    is_installed "$p" || missing+=("$p")
done
need_calc=1
for p in "${calc_packages[@]}"; do
    if is_installed "$p"; then
        need_calc=0
    fi
done

if [ ${#missing[@]} -eq 0 ] && [ $need_calc -eq 0 ]; then
    echo "deps.sh: all packages are installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "deps.sh: missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
    exit 1
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo env DEBIAN_FRONTEND=noninteractive)
    else
        echo "deps.sh: must run as root (or with sudo available) to install: ${missing[*]}" >&2
        exit 1
    fi
fi

echo "deps.sh: apt-get update"
"${as_root[@]}" apt-get update -q

if [ $need_calc -eq 1 ]; then
    for p in "${calc_packages[@]}"; do
        if has_candidate "$p"; then
            missing+=("$p")
            need_calc=0
            break
        fi
    done
    if [ $need_calc -eq 1 ]; then
        echo "deps.sh: no LibreOffice Calc package (${calc_packages[*]}) is available" >&2
        exit 1
    fi
fi

echo "deps.sh: installing ${missing[*]}"
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
