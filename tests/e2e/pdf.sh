#!/usr/bin/env bash
# pdf.sh: the review PDF read back by independent readers (qpdf, poppler, Python): structure, metadata, fonts, outline, figures, links, determinism, hostile titles, bounded size.
#
# Builds the sample report (PDF + JSON) and checks it with tools that share
# no code with tierzero: qpdf --check and qpdf's JSON view of the outline,
# pdfinfo, pdffonts, pdftotext. The figures looked for are worked out here
# from the JSON summary and the input file, formatted as definitions.md §5 says the PDF
# prints them. Exits 77 (skipped, which fails CI) when poppler-utils or qpdf are missing.
set -euo pipefail

src=${T0_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
tz=${TIERZERO:-${src}/build/tierzero}
if [ -x /usr/bin/python3 ]; then
    py=/usr/bin/python3
else
    py=python3
fi
for tool in qpdf pdfinfo pdffonts pdftotext; do
    if ! command -v "${tool}" >/dev/null 2>&1; then
        echo "skip: ${tool} is not installed"
        exit 77
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT
export TZ=UTC LC_ALL=C.UTF-8

passed=0
failed=0
quiet() { "$@" >/dev/null; }
check() {
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
        echo "ok - ${name}"
    else
        failed=$((failed + 1))
        echo "not ok - ${name}"
    fi
}

samples=${src}/samples
# 2026-11-01T00:00:00Z: 20758 days after 1970-01-01, times 86400.
epoch=1793491200
report() { # OUTDIR [extra options...]
    local out=$1
    shift
    SOURCE_DATE_EPOCH=${epoch} "${tz}" report -q -c "${samples}/config.json" \
        -r "${samples}/releases.json" --as-of 2026-11-01T00:00:00Z -o "${out}" "$@" \
        "${samples}/incidents.json"
}

report "${tmp}/a"
pdf=${tmp}/a/slo-review-2026-10.pdf
json=${tmp}/a/slo-review-2026-10.json
check "the sample report writes a PDF and a JSON summary" test -s "${pdf}" -a -s "${json}"

# 1. Structure.
check "qpdf --check passes" quiet qpdf --check "${pdf}"
check "the sample PDF stays under 1 MB" test "$(stat -c %s "${pdf}")" -lt 1048576

# 2. Metadata.
pdfinfo -isodates "${pdf}" >"${tmp}/info.txt"
info() { sed -n "s/^$1: *//p" "${tmp}/info.txt"; }
check "Title is the configured title" test "$(info Title)" = "Reliability review"
check "Author is the organisation" test "$(info Author)" = "Example AI Co."
check "Subject names the review month" test "$(info Subject)" = \
    "SLO and error-budget review, October 2026"
check "Creator is tierzero" bash -c '[[ "$1" == "tierzero "* ]]' _ "$(info Creator)"
check "CreationDate is SOURCE_DATE_EPOCH" test "$(info CreationDate)" = "2026-11-01T00:00:00Z"
pages=$(info Pages)
check "page count ${pages} is within 8..40" test "${pages}" -ge 8 -a "${pages}" -le 40

# 3. Fonts: every font embedded (column "emb" of pdffonts is yes).
fonts_embedded() {
    pdffonts "$1" | awk 'NR > 2 { n++; if ($(NF-4) != "yes") bad++ }
        END { exit (n > 0 && bad == 0) ? 0 : 1 }'
}
check "every font is embedded" fonts_embedded "${pdf}"

# 4. Outline: an entry per section and one per postmortem, the postmortems
# being the review month's major outages (found in the input here).
qpdf --json --json-key=outlines "${pdf}" >"${tmp}/outline.json"
check "the outline has every section and every postmortem" "${py}" - "${tmp}/outline.json" \
    "${samples}/incidents.json" <<'EOF'
import json, sys
outlines = json.load(open(sys.argv[1]))["outlines"]
top = [o["title"] for o in outlines]
want = ["Cover", "Executive summary", "SLO attainment over the history",
        "Error-budget burn-down", "Incident calendar", "Releases and incidents",
        "Incident log", "Postmortems", "Appendix"]
missing = [t for t in want if t not in top]
if missing:
    sys.exit("missing outline entries: %s (have %s)" % (missing, top))
if top.index("Postmortems") < top.index("Incident log"):
    sys.exit("sections out of the template's order: %s" % top)
kids = [k["title"] for o in outlines if o["title"] == "Postmortems" for k in o["kids"]]
incidents = json.load(open(sys.argv[2]))["incidents"]
month = [i for i in incidents if i["started_at"].startswith("2026-10")]
majors = [i["id"] for i in month if i["impact"] == "major_outage"]
if len(kids) != min(5, len(month)):
    sys.exit("%d postmortem entries, expected %d" % (len(kids), min(5, len(month))))
for m in majors[:5]:
    if not any(k.startswith(m + ": ") for k in kids):
        sys.exit("no postmortem entry for major outage %s in %s" % (m, kids))
EOF

# 5. Text: the verdict, the headline figures, the page numbers.
pdftotext "${pdf}" "${tmp}/text.txt"
check "the verdict sentence of the JSON is in the PDF" "${py}" - "${json}" "${tmp}/text.txt" <<'EOF'
import json, sys
verdict = " ".join(json.load(open(sys.argv[1]))["verdict"].split())
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
if not verdict or verdict not in text:
    sys.exit("verdict not found: %r" % verdict)
EOF
check "headline figures are printed as the PDF formats them" "${py}" - "${json}" \
    "${tmp}/text.txt" "${samples}/incidents.json" <<'EOF'
import json, math, sys
summary = json.load(open(sys.argv[1]))
text = " ".join(open(sys.argv[2], encoding="utf-8").read().split())
def attainment(v):  # two decimals, floored: 99.549 -> "99.54%"
    return "100%" if v >= 100 else "%.2f%%" % (math.floor(v * 100 + 1e-9) / 100)
def consumed(v):    # none from 10 up, one below: 450.9 -> "451%", 7.46 -> "7.5%"
    return "%.0f%%" % v if abs(v) >= 10 else ("0%" if v == 0 else "%.1f%%" % v)
errors = []
for slo in summary["slos"]:
    m = slo["months"][-1]
    for label, want in (("attainment", attainment(m["attainment_pct"])),
                        ("budget consumed", consumed(m["budget_consumed_pct"]))):
        if want not in text:
            errors.append("%s %s of %s" % (label, want, slo["name"]))
n = summary["incidents"]["count"]
if "of the %d incidents" % n not in text:
    errors.append("period incident count %d" % n)
# Incidents of the review month, counted from the input.
month = summary["period"]["review_month"]
k = sum(1 for i in json.load(open(sys.argv[3]))["incidents"] if i["started_at"].startswith(month))
if "%d incidents began in the month" % k not in text:
    errors.append("review-month incident count %d" % k)
if "(p = < " in text or "p = <" in text:
    errors.append("a p-value printed as 'p = <'")
if errors:
    sys.exit("not found: " + "; ".join(errors))
EOF
page_numbers() {
    local i
    for ((i = 1; i <= pages; i++)); do
        pdftotext -f "${i}" -l "${i}" "${pdf}" - | grep -q "Page ${i} of ${pages}" || {
            echo "page ${i} lacks 'Page ${i} of ${pages}'" >&2
            return 1
        }
    done
}
check "every page says 'Page i of N'" page_numbers

# 6. Links: some, and only http(s).
qpdf --qdf --object-streams=disable "${pdf}" "${tmp}/qdf.pdf"
links_ok() {
    local uris
    uris=$(grep -a -o '/URI *([^)]*)' "${tmp}/qdf.pdf" | sed 's|^/URI *(||; s|)$||')
    [ -n "${uris}" ] || { echo "no link annotations" >&2; return 1; }
    if grep -v -E '^https?://' <<<"${uris}" >&2; then
        return 1
    fi
}
check "link annotations exist and are all http(s)" links_ok

# 7. Determinism: the same SOURCE_DATE_EPOCH gives the same bytes.
report "${tmp}/b"
check "two runs are byte-identical" cmp "${pdf}" "${tmp}/b/slo-review-2026-10.pdf"

# 8. Hostile titles: 300 characters, Chinese, Arabic, emoji; in a report
# title too.
mkdir -p "${tmp}/hostile"
"${py}" - "${tmp}/hostile" <<'EOF'
import json, sys
d = sys.argv[1]
titles = ["Very long " + "x" * 290,
          "数据库主节点故障导致服务中断",
          "انقطاع الخدمة بسبب فشل قاعدة البيانات",
          "Payments down 🔥💥 again 🚒",
          "Mixed 中文 العربية 😀 " + "long-word-" * 40]
incidents = []
for k, title in enumerate(titles):
    incidents.append({
        "id": "H-%d" % (k + 1), "title": title, "services": ["API"],
        "impact": "major_outage",
        "started_at": "2026-10-%02dT10:00:00Z" % (k + 3),
        "resolved_at": "2026-10-%02dT11:30:00Z" % (k + 3),
        "url": "https://status.example.com/incidents/h%d" % k,
        "summary": title, "root_cause": title,
        "timeline": [{"at": "2026-10-%02dT10:05:00Z" % (k + 3), "status": "investigating",
                      "text": title}],
        "action_items": [{"title": title, "owner": "团队", "status": "open"}]})
json.dump({"incidents": incidents}, open(d + "/incidents.json", "w"), ensure_ascii=False)
json.dump({"report": {"title": "可靠性评审 — مراجعة 🚀 " + "T" * 300,
                      "organization": "示例公司 😀"},
           "slos": [{"name": "API 可用性 🟢", "services": ["API"], "objective_pct": 99.9}]},
          open(d + "/config.json", "w"), ensure_ascii=False)
EOF
hostile_ok() {
    SOURCE_DATE_EPOCH=${epoch} "${tz}" report -q -c "${tmp}/hostile/config.json" \
        --as-of 2026-11-01T00:00:00Z -o "${tmp}/hostile/out" "${tmp}/hostile/incidents.json" &&
        qpdf --check "${tmp}/hostile/out/slo-review-2026-10.pdf" >/dev/null &&
        fonts_embedded "${tmp}/hostile/out/slo-review-2026-10.pdf"
}
check "Chinese, Arabic, emoji and 300-character titles render" hostile_ok
if fc-list :lang=zh family | grep -q .; then
    check "Chinese text is drawn with real glyphs (extractable)" \
        bash -c 'pdftotext "$1" - | grep -q "数据库主节点故障"' _ \
        "${tmp}/hostile/out/slo-review-2026-10.pdf"
fi

# 9. A large history: the document stays bounded.
"${py}" "${src}/tools/generate.py" -q --incidents 20000 --releases 400 --years 2 \
    --start 2025-01 --seed 7 --out-dir "${tmp}/big"
big_ok() {
    local out=${tmp}/big/out
    SOURCE_DATE_EPOCH=${epoch} "${tz}" report -q -c "${tmp}/big/config.json" \
        -r "${tmp}/big/releases.json" --month 2026-06 -o "${out}" \
        "${tmp}/big/incidents.json" || return 1
    local f
    f=$(ls "${out}"/*.pdf) || return 1
    qpdf --check "${f}" >/dev/null || return 1
    local n
    n=$(pdfinfo "${f}" | sed -n 's/^Pages: *//p')
    echo "large history: ${n} pages" >&2
    [ "${n}" -ge 8 ] && [ "${n}" -le 40 ] || return 1
    pdftotext "${f}" - | tr -s ' \n' '  ' | grep -q "more incidents of June 2026 are not shown here"
}
check "20,000 incidents give a bounded PDF with the 'more in the workbook' line" big_ok

# 10. One incident's postmortem.
postmortem_ok() {
    SOURCE_DATE_EPOCH=${epoch} "${tz}" postmortem -q -c "${samples}/config.json" \
        -r "${samples}/releases.json" -o "${tmp}/pm" "${samples}/incidents.json" INC-1320 ||
        return 1
    local f=${tmp}/pm/postmortem-INC-1320.pdf
    qpdf --check "${f}" >/dev/null || return 1
    pdftotext "${f}" "${tmp}/pm.txt"
    grep -q "INC-1320" "${tmp}/pm.txt" && grep -q "Timeline" "${tmp}/pm.txt"
}
check "tierzero postmortem writes a valid PDF with the id and its timeline" postmortem_ok

echo "${passed} passed, ${failed} failed"
[ "${failed}" -eq 0 ]
