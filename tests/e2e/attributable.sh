#!/usr/bin/env bash
# attributable.sh: the bundled sample's attributable share (definitions.md §3), worked out here independently, against the JSON, the text table, the PDF and the e-mail.
#
# The Python below reads the sample's incidents and releases itself, builds
# the union of the 72-hour windows, counts k and n, and finds the
# Clopper-Pearson interval by bisection on the binomial tail (no SciPy, no
# code shared with tierzero); per SLO it does the same on the releases and
# incidents the SLO's services match. Only the period bounds are taken from
# tierzero's JSON (the differential test checks those).
set -euo pipefail

src=${T0_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
tz=${TIERZERO:-${src}/build/tierzero}
if [ -x /usr/bin/python3 ]; then
    py=/usr/bin/python3
else
    py=python3
fi
tmp=$(mktemp -d)
trap 'rm -rf "${tmp}"' EXIT
export TZ=UTC LC_ALL=C.UTF-8

s=${src}/samples
"${tz}" report -q -c "${s}/config.json" -r "${s}/releases.json" -o "${tmp}/out" \
    --format pdf,json,eml "${s}/incidents.json"
"${tz}" summary -c "${s}/config.json" -r "${s}/releases.json" "${s}/incidents.json" \
    >"${tmp}/summary.txt"
have_pdftotext=0
if command -v pdftotext >/dev/null 2>&1; then
    pdftotext "${tmp}/out/slo-review-2026-10.pdf" "${tmp}/review.txt"
    have_pdftotext=1
fi

"${py}" - "${s}" "${tmp}" "${have_pdftotext}" <<'EOF'
import datetime, email, json, math, sys
from email import policy

samples, tmp, have_pdf = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
failures = []


def check(what, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + what + ("" if ok else ": " + detail))
    if not ok:
        failures.append(what)


def ms(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


out = json.load(open(tmp + "/out/slo-review-2026-10.json", encoding="utf-8"))
incidents = json.load(open(samples + "/incidents.json", encoding="utf-8"))["incidents"]
releases = json.load(open(samples + "/releases.json", encoding="utf-8"))["releases"]
config = json.load(open(samples + "/config.json", encoding="utf-8"))
W = config["correlation"]["window_hours"] * 3600 * 1000
start = ms(out["period"]["start"])
end = min(ms(out["period"]["end"]), ms(out["period"]["as_of"]))


def binom_tail_ge(k, n, p):
    return sum(math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(k, n + 1))


def solve(f, want):
    """p in [0, 1] with f(p) = want, f increasing; by bisection."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < want:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def clopper_pearson(k, n):
    lower = 0.0 if k == 0 else solve(lambda p: binom_tail_ge(k, n, p), 0.025)
    # upper: P(X <= k) = 0.025, i.e. P(X >= k + 1) = 0.975
    upper = 1.0 if k == n else solve(lambda p: binom_tail_ge(k + 1, n, p), 0.975)
    return lower, upper


def share(rels, incs):
    """(k, n, coverage, share, [lo, hi]) for these releases and incidents."""
    spans = sorted((r, min(r + W, end)) for r in rels)
    covered, last = 0, None
    for a, b in spans:
        if last is None or a > last:
            covered += b - a
            last = b
        elif b > last:
            covered += b - last
            last = b
    c = covered / (end - start)
    k = sum(1 for t in incs if any(a <= t < b for a, b in spans))
    n = len(incs)
    lo, hi = clopper_pearson(k, n)
    f = lambda p: (p - c) / (1 - c)
    return k, n, c, f(k / n), [f(lo), f(hi)]


inc_all = [i for i in incidents if start <= ms(i["started_at"]) < end]
rel_all = [r for r in releases if start <= ms(r["released_at"]) < end]
k, n, c, a, ci = share([ms(r["released_at"]) for r in rel_all],
                       [ms(i["started_at"]) for i in inc_all])
got = out["correlation"]


def close(x, y, tol=1e-9):
    return x is not None and abs(x - y) <= tol


check("k and n", (got["k"], got["n"]) == (k, n), "%s %s vs %s %s" % (got["k"], got["n"], k, n))
check("attributable_share = (k/n - c)/(1 - c)", close(got["attributable_share"], a),
      "%r vs %r" % (got["attributable_share"], a))
check("attributable_share_ci95",
      all(close(x, y) for x, y in zip(got["attributable_share_ci95"], ci)),
      "%r vs %r" % (got["attributable_share_ci95"], ci))

for slo_cfg, slo in zip(config["slos"], out["slos"]):
    names = {s.casefold() for s in slo_cfg["services"]}
    match = lambda services: any(s.casefold() in names for s in services or [])
    sk, sn, sc, sa, sci = share([ms(r["released_at"]) for r in rel_all if match(r.get("services"))],
                                [ms(i["started_at"]) for i in inc_all if match(i.get("services"))])
    basis = slo.get("release_windows", {})
    check(slo["name"] + ": k, n, coverage",
          (basis.get("k"), basis.get("n")) == (sk, sn) and close(basis.get("coverage"), sc),
          "%r vs %r" % (basis, (sk, sn, sc)))
    check(slo["name"] + ": attributable share",
          close(slo.get("attributable_share"), sa) and
          all(close(x, y) for x, y in zip(slo.get("attributable_share_ci95") or [], sci)),
          "%r %r vs %r %r" % (slo.get("attributable_share"),
                              slo.get("attributable_share_ci95"), sa, sci))


def pct(x):
    return "%d" % round(x * 100)


# The sample is a clear excess: the words say so with the figure and the 70%.
assert ci[0] > 0
sentence = ("About %s%% of this period's incidents (95%% interval %s–%s%%) are attributable to "
            "releases, beyond what their share of time gives; Google's SRE data puts changes "
            "behind about 70%% of outages." % (pct(a), pct(ci[0]), pct(ci[1])))
text = open(tmp + "/summary.txt", encoding="utf-8").read()
line = "explained by releases      %s%% (95%% interval %s%% to %s%%)" % (
    pct(a), pct(ci[0]), pct(ci[1]))
check("text table prints the share", line in text, line)

raw = open(tmp + "/out/slo-review-2026-10.eml", "rb").read()
msg = email.message_from_bytes(raw, policy=policy.default)
body = msg.get_body(("plain",)).get_content()
check("e-mail carries the sentence", "- Incidents releases explain: " + sentence in body, sentence)

if have_pdf:
    pages = open(tmp + "/review.txt", encoding="utf-8").read().split("\f")
    flat = [" ".join(p.split()) for p in pages]
    summary = [p for p in flat if "Release freeze:" in p and "Releases:" in p]
    check("executive summary states the sentence", bool(summary) and sentence in summary[0],
          sentence)
    rel_page = [p for p in flat if "Incidents that releases explain" in p]
    check("releases page states the sentence", bool(rel_page) and sentence in rel_page[-1])
    for slo_cfg, slo in zip(config["slos"], out["slos"]):
        b = slo["release_windows"]
        cell = "%s%% (%s–%s%%)" % (pct(slo["attributable_share"]),
                                   pct(slo["attributable_share_ci95"][0]),
                                   pct(slo["attributable_share_ci95"][1]))
        row = "%s %d %d of %d %s%% %s" % (slo["name"], b["releases"], b["k"], b["n"],
                                          pct(b["coverage"]), cell)
        check("releases page table: " + slo["name"], bool(rel_page) and row in rel_page[-1], row)
else:
    check("pdftotext is installed (poppler-utils): the PDF's words are read", False, "")

print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
EOF
