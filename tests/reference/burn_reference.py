#!/usr/bin/env python3
"""burn_reference.py: an independent reading of definitions.md §9 (burn rates, alert
replay, rolling windows) for time-based SLOs, compared field by field with
`tierzero summary --json` on generated incident histories.

Usage: burn_reference.py TIERZERO WORKDIR SEED COUNT

It shares no code with tierzero: bad time is integrated exactly from the
incidents' spans (integers: ms x weight-millionths), every minute of the
review month is evaluated directly against the rules, and the month, day
and rolling bounds come from Python's zoneinfo.
"""
import datetime as dt
import json
import random
import subprocess
import sys
import zoneinfo

MIN = 60_000
HOUR = 3_600_000
DAY = 86_400_000
WEIGHT = {"major_outage": 1_000_000, "partial_outage": 300_000,
          "degraded_performance": 0, "none": 0}
RULES = [("page", 60, 5, 14_400_000), ("page", 360, 30, 6_000_000),
         ("ticket", 1440, 120, 3_000_000), ("ticket", 4320, 360, 1_000_000)]


def ms(text):
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def iso(t):
    if t is None:
        return None
    d = dt.datetime.fromtimestamp(t / 1000, dt.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t % 1000)


def fmt_window(m):
    if m % 1440 == 0:
        return "%dd" % (m // 1440)
    if m % 60 == 0:
        return "%dh" % (m // 60)
    return "%dm" % m


def local_midnight(zone, y, mo, d):
    """The first instant of the local date (a midnight in a gap: the transition)."""
    naive = dt.datetime(y, mo, d)
    lo = int((naive - dt.timedelta(days=2)).replace(tzinfo=dt.timezone.utc).timestamp() * 1000)
    hi = int((naive + dt.timedelta(days=2)).replace(tzinfo=dt.timezone.utc).timestamp() * 1000)
    # The first minute whose local date is on or after the date.
    while hi - lo > MIN:
        mid = (lo + hi) // 2 // MIN * MIN
        if mid <= lo:
            mid = lo + MIN
        local = dt.datetime.fromtimestamp(mid / 1000, zone).replace(tzinfo=None)
        if local >= naive:
            hi = mid
        else:
            lo = mid
    return hi


# ---- generated histories ----

def generate(rng, case_dir):
    zone = rng.choice(["UTC", "Europe/Berlin"])
    services = ["api", "web", "db"]
    base = ms("2026-09-20T00:00:00Z")
    incidents = []
    for i in range(rng.randint(3, 14)):
        start = base + rng.randint(0, 45 * 1440) * MIN + rng.choice([0, 0, 0, rng.randint(0, MIN - 1)])
        dur = rng.choice([rng.randint(1, 40), rng.randint(30, 300), rng.randint(300, 3000)]) * MIN
        inc = {"id": "I%d" % i, "title": "incident %d" % i,
               "impact": rng.choice(["major_outage", "major_outage", "partial_outage",
                                     "degraded_performance"]),
               "started_at": iso(start),
               "services": rng.sample(services, rng.randint(0, 2))}
        if rng.random() < 0.85:
            inc["resolved_at"] = iso(start + dur)
        if rng.random() < 0.5:
            inc["detected_at"] = iso(start + rng.randint(-5, 30) * MIN)
        if rng.random() < 0.25:
            a = start + rng.randint(0, dur // MIN // 2) * MIN
            inc["segments"] = [{"from": iso(a), "to": iso(a + rng.randint(1, 90) * MIN),
                                "impact": "major_outage",
                                "services": [rng.choice(services)]}]
        incidents.append(inc)
    as_of = rng.choice([ms("2026-11-01T00:00:00Z") + rng.choice([0, 3 * DAY]),
                        ms("2026-10-01T00:00:00Z") + rng.randint(1, 30 * 1440) * MIN + rng.randint(0, MIN - 1)])
    slos = [{"name": "All", "services": ["*"], "objective_pct": rng.choice([99.9, 99.5, 99])},
            {"name": "API", "services": ["api"], "objective_pct": 99.9,
             "rolling_days": rng.choice([7, 28, 30])}]
    if rng.random() < 0.5:
        slos[1]["alerts"] = [{"severity": "page", "long_window": "90m", "short_window": "10m",
                              "burn_rate": rng.choice([2, 10, 14.4])},
                             {"severity": "ticket", "long_window": "2d", "short_window": "4h",
                              "burn_rate": 1.5}]
    config = {"report": {"timezone": zone}, "slos": slos}
    with open(case_dir + "/incidents.json", "w") as f:
        json.dump({"incidents": incidents}, f)
    with open(case_dir + "/config.json", "w") as f:
        json.dump(config, f)
    return incidents, config, as_of


# ---- definitions.md §3 and §9 ----

def spans_of(inc, as_of):
    start = ms(inc["started_at"])
    if start >= as_of:
        return []
    end = ms(inc["resolved_at"]) if "resolved_at" in inc else as_of
    hi = min(end, as_of)
    own = [s.lower() for s in inc.get("services", [])]
    if not inc.get("segments"):
        return [(start, hi, WEIGHT[inc["impact"]], own)] if start < hi else []
    out = []
    for seg in inc["segments"]:
        a = max(ms(seg["from"]), start)
        b = min(ms(seg["to"]) if seg.get("to") else end, hi)
        svc = [s.lower() for s in seg["services"]] if seg.get("services") else own
        if a < b:
            out.append((a, b, WEIGHT[seg["impact"]], svc))
    return out


def matches(slo_services, services):
    if "*" in slo_services:
        return True
    return any(s in slo_services for s in services)


class Curve:
    def __init__(self, spans):
        self.spans = [s for s in spans if s[2] > 0]
        edges = sorted({e for s in self.spans for e in (s[0], s[1])})
        self.t, self.cum, self.rate = edges, [], []
        c = 0
        for k, x in enumerate(edges):
            r = max([s[2] for s in self.spans if s[0] <= x < s[1]], default=0)
            self.cum.append(c)
            self.rate.append(r)
            if k + 1 < len(edges):
                c += r * (edges[k + 1] - x)

    def C(self, x):
        import bisect
        k = bisect.bisect_right(self.t, x) - 1
        if k < 0:
            return 0
        return self.cum[k] + self.rate[k] * (x - self.t[k])

    def integral(self, a, b):
        return self.C(b) - self.C(a) if b > a else 0


def month_bounds(zone, y, m):
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    return local_midnight(zone, y, m, 1), local_midnight(zone, ny, nm, 1)


def expected(incidents, config, as_of):
    zone = zoneinfo.ZoneInfo(config["report"]["timezone"])
    starts = [ms(i["started_at"]) for i in incidents if ms(i["started_at"]) < as_of]
    latest = max(starts) if starts else as_of - 1
    ld = dt.datetime.fromtimestamp(latest / 1000, zone)
    m0, m1 = month_bounds(zone, ld.year, ld.month)
    all_spans = [s for inc in incidents for s in spans_of(inc, as_of)]
    out = []
    for slo in config["slos"]:
        svc = [s.lower() for s in slo["services"]]
        obj = round(slo["objective_pct"] * 1_000_000)
        share = 100_000_000 - obj
        curve = Curve([s for s in all_spans if matches(svc, s[3])])
        rules = RULES
        if "alerts" in slo:
            rules = []
            for r in slo["alerts"]:
                unit = {"m": 1, "h": 60, "d": 1440}
                lw = int(r["long_window"][:-1]) * unit[r["long_window"][-1]]
                sw = int(r["short_window"][:-1]) * unit[r["short_window"][-1]]
                rules.append((r["severity"], lw, sw, round(r["burn_rate"] * 1_000_000)))
        first = -(-m0 // MIN) * MIN
        last = min((m1 - 1) // MIN * MIN, as_of // MIN * MIN)
        episodes = []
        for ri, (sev, lw, sw, rate) in enumerate(rules):
            def fires(t):
                if share <= 0:
                    return False
                return all(curve.integral(t - w * MIN, t) * 100_000_000 > rate * share * w * MIN
                           for w in (lw, sw))
            run = None
            t = first
            while t <= last:
                f = fires(t)
                if f and run is None:
                    run = t
                elif not f and run is not None:
                    episodes.append((run, ri, sev, t))
                    run = None
                t += MIN
            if run is not None:
                episodes.append((run, ri, sev, None if as_of < m1 else m1))
        episodes.sort(key=lambda e: (e[0], e[1]))

        def inc_end(inc):
            return ms(inc["resolved_at"]) if "resolved_at" in inc else as_of

        cands = [i for i in incidents if ms(i["started_at"]) < as_of
                 and matches(svc, [s.lower() for s in i.get("services", [])])]
        eps, pages, unmatched = [], 0, 0
        for frm, ri, sev, to in episodes:
            _, lw, sw, _ = rules[ri]
            e = {"severity": sev, "rule": fmt_window(lw) + "/" + fmt_window(sw),
                 "from": iso(frm), "to": iso(to)}
            if sev == "page":
                pages += 1
                lo, hi = frm - HOUR, (to if to is not None else as_of) + HOUR
                hit = any(ms(i["started_at"]) < hi and inc_end(i) > lo for i in cands)
                unmatched += not hit
            eps.append(e)
        month_incs = sorted([(ms(i["started_at"]), k, i) for k, i in enumerate(incidents)
                             if m0 <= ms(i["started_at"]) < m1 and i in cands])
        binc = []
        for st, _, inc in month_incs:
            lo, hi = st - HOUR, inc_end(inc)
            paged = next((e[0] for e in episodes if e[2] == "page" and lo <= e[0] < hi), None)
            lead = None
            if paged is not None:
                declared = ms(inc["detected_at"]) if "detected_at" in inc else st
                lead = (declared - paged) / 60000
            binc.append({"id": inc["id"], "paged_at": iso(paged), "page_lead_minutes": lead})
        days = slo.get("rolling_days", 28)
        ats = []
        day = dt.datetime.fromtimestamp(m0 / 1000, zone).date()
        while True:
            t = local_midnight(zone, day.year, day.month, day.day)
            if t >= m1 or t > as_of:
                break
            ats.append(t)
            day += dt.timedelta(days=1)
        fin = min(as_of, m1)
        if not ats or ats[-1] != fin:
            ats.append(fin)
        points = []
        for at in ats:
            w = days * DAY
            bad = curve.integral(at - w, at)
            att = 100 * (1 - bad / (w * 1_000_000))
            # consumed = 100 x bad / budget; budget = share / 1e8 x w x 1e6 (wms)
            cons = None if share <= 0 else 100 * bad / (share / 1e8 * w * 1e6)
            if share <= 0 and bad == 0:
                cons = 0
            points.append({"at": iso(at), "attainment_pct": att, "budget_consumed_pct": cons})
        out.append({"episodes": eps, "pages": pages, "tickets": len(eps) - pages,
                    "unmatched_pages": unmatched, "incidents": binc,
                    "rolling": {"days": days, "points": points}})
    return out


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1, abs(b))


def compare(got, want, where):
    bad = []
    b = got["burn"]
    eps = [{k: e[k] for k in ("severity", "rule", "from", "to")} for e in b["episodes"]]
    if eps != want["episodes"]:
        bad.append("%s: episodes\n got  %s\n want %s" % (where, eps, want["episodes"]))
    for k in ("pages", "tickets", "unmatched_pages"):
        if b[k] != want[k]:
            bad.append("%s: %s %s, want %s" % (where, k, b[k], want[k]))
    gi, wi = b["incidents"], want["incidents"]
    if [(x["id"], x["paged_at"]) for x in gi] != [(x["id"], x["paged_at"]) for x in wi] or \
            not all(close(x["page_lead_minutes"], y["page_lead_minutes"]) for x, y in zip(gi, wi)):
        bad.append("%s: incidents\n got  %s\n want %s" % (where, gi, wi))
    gr, wr = got["rolling"], want["rolling"]
    if gr["days"] != wr["days"] or [p["at"] for p in gr["points"]] != [p["at"] for p in wr["points"]]:
        bad.append("%s: rolling points at %s, want %s" % (where, [p["at"] for p in gr["points"]],
                                                          [p["at"] for p in wr["points"]]))
    else:
        for p, q in zip(gr["points"], wr["points"]):
            if not close(p["attainment_pct"], q["attainment_pct"]) or \
                    not close(p["budget_consumed_pct"], q["budget_consumed_pct"]):
                bad.append("%s: rolling point %s: %s, want %s" % (where, p["at"], p, q))
    return bad


def main():
    tz_bin, work, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    failures = []
    for c in range(seed, seed + count):
        rng = random.Random(c)
        case = "%s/case-%d" % (work, c)
        subprocess.run(["mkdir", "-p", case], check=True)
        incidents, config, as_of = generate(rng, case)
        run = subprocess.run([tz_bin, "summary", "--json", "-q", "-c", case + "/config.json",
                              "--as-of", iso(as_of), case + "/incidents.json"],
                             capture_output=True, text=True)
        if run.returncode != 0:
            failures.append("case %d: exit %d: %s" % (c, run.returncode, run.stderr))
            continue
        got = json.loads(run.stdout)
        for s, want in enumerate(expected(incidents, config, as_of)):
            failures += compare(got["slos"][s], want, "case %d slo %d" % (c, s))
    for f in failures[:20]:
        print(f)
    print("burn_reference: %d cases, %d differences" % (count, len(failures)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
