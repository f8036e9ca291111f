#!/usr/bin/python3
"""gen_cases.py: small random-but-nasty inputs for the differential test of the JSON summary.

Usage: gen_cases.py OUTDIR FIRST_SEED COUNT

Writes OUTDIR/case-SEED/ for each seed: incidents.json (native object, array
or NDJSON), releases.json (native or GitHub; absent in some cases),
config.json (absent in some cases) and `args`, the command-line options, one
per line. The same seed always gives the same case.

The cases aim at the places where two readings of definitions.md §3 could part:
overlapping incidents of different impacts, segments with their own services,
ongoing incidents, months across DST changes (and zones whose local midnight
is missing or doubled), as_of inside a month and exactly at an incident's
start, exact budget thresholds (216 minutes at 99.5% in a 30-day month),
objectives of 100% and 99.999%, the `none` weight, case-different service
names, `*` and named SLOs, releases exactly at an SLO's exhaustion instant,
incidents exactly at r + W, caused_by in and out of the period, match any,
window 0, empty histories, rejected records.
"""

import json
import os
import random
import sys
import tempfile
from argparse import Namespace

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_reference as ref  # noqa: E402

IMPACTS = ref.IMPACTS
SERVICES = ["api", "API", "Api", "web", "Web", "claude.ai", "Claude.AI", "console",
            "Straße", "STRASSE", "Ärger", "ärger"]
ZONES = ["UTC", "UTC", "Europe/Berlin", "Europe/Berlin", "America/New_York",
         "America/New_York", "Australia/Lord_Howe"]
# (zone, month) pairs whose local midnight on the 1st is missing or doubled.
ODD_MIDNIGHTS = [("America/Havana", 2026, 11), ("America/Havana", 2012, 4),
                 ("America/Asuncion", 2023, 10), ("Asia/Amman", 2016, 4)]
MIN = 60000
HOUR = 3600000
DAY = 86400000


def iso(ms, rnd):
    """An RFC 3339 text for the instant, sometimes with an offset or lower-case letters."""
    s = ref.fmt_time(ms)
    r = rnd.random()
    if r < 0.15:
        off = rnd.choice([60, -300, 330, -90, 0])
        sign = "+" if off >= 0 else "-"
        local = ref.fmt_time(ms + off * MIN)[:-1]
        s = local + "%s%02d:%02d" % (sign, abs(off) // 60, abs(off) % 60)
    elif r < 0.2:
        s = s.replace("T", "t").replace("Z", "z")
    elif r < 0.3 and ms % 1000 == 0:
        s = s[:19] + "Z"
    elif r < 0.33:
        s = s[:-1] + "999Z"  # extra digits are truncated to the millisecond
    return s


def pick_services(rnd):
    r = rnd.random()
    if r < 0.12:
        return None
    if r < 0.2:
        return []
    return rnd.sample(SERVICES, rnd.choice([1, 1, 1, 2, 3]))


def release_services_variant(case, rnd):
    """GitLab releases, and services for releases that carry none from the
    configuration (definitions.md §7.2): a separate random stream, so the other cases
    stay as they were."""
    if case["releases"] is None:
        return
    if case["release_shape"] == "github" and rnd.random() < 0.5:
        case["release_shape"] = "gitlab"
    if case["config"] is None or rnd.random() < 0.4:
        return
    block = {}
    if rnd.random() < 0.7:
        block["services"] = rnd.sample(SERVICES, rnd.choice([1, 2]))
    rules = []
    for _ in range(rnd.choice([0, 1, 2, 3])):
        rules.append({"match": rnd.choice(["rel-1*", "rel-?", "*-at-*", "REL-*", "rel-before-*",
                                           "*[02468]", "r*"]),
                      "services": rnd.sample(SERVICES, rnd.choice([1, 2]))})
    if rules:
        block["rules"] = rules
    case["config"]["releases"] = block


def make_case(seed):
    rnd = random.Random(seed)
    case = {"args": []}
    args = case["args"]

    # Zone and period.
    if rnd.random() < 0.08:
        zone, y, m = rnd.choice(ODD_MIDNIGHTS)
        y, m = ref.add_months(y, m, rnd.choice([0, 0, 1]))
    else:
        zone = rnd.choice(ZONES)
        y, m = rnd.choice([2024, 2025, 2026]), rnd.randint(1, 12)
        if rnd.random() < 0.3:  # months holding a DST change
            m = rnd.choice([3, 4, 10, 11])
    tzinfo = ref.ZoneInfo(zone)
    hist = rnd.choice([1, 1, 2, 3, 4])
    fy, fm = ref.add_months(y, m, -(hist - 1))
    p0 = ref.month_start(fy, fm, tzinfo)
    ny, nm = ref.add_months(y, m, 1)
    p1 = ref.month_start(ny, nm, tzinfo)
    rm0 = ref.month_start(y, m, tzinfo)

    # as_of.
    r = rnd.random()
    if r < 0.35:
        as_of = rnd.randrange(rm0 + 1, p1)  # inside the review month
    elif r < 0.45:
        as_of = rnd.randrange(p0, rm0) if rm0 > p0 else rnd.randrange(p0, p1)
    elif r < 0.6:
        as_of = p1
    elif r < 0.7:
        as_of = rm0
    else:
        as_of = p1 + rnd.randrange(0, 40 * DAY)
    as_of -= as_of % rnd.choice([1, 1000, MIN, HOUR])

    # Configuration.
    cfg = None
    slos = []
    window_h = 72
    if rnd.random() < 0.75:
        cfg = {}
        if rnd.random() < 0.5:
            cfg["report"] = {"timezone": zone}
            if rnd.random() < 0.5:
                cfg["report"]["fiscal_year_start"] = rnd.randint(1, 12)
        nslo = rnd.choice([0, 1, 1, 2, 3])
        for i in range(nslo):
            s = {}
            if rnd.random() < 0.85:
                s["name"] = "SLO-%d %s" % (i, rnd.choice(["avail", "api", "web"]))
            sv = rnd.random()
            if sv < 0.25:
                s["services"] = ["*"]
            elif sv < 0.35:
                s["services"] = []
            elif sv < 0.85:
                s["services"] = rnd.sample(SERVICES, rnd.choice([1, 1, 2]))
            obj = rnd.choice(["100", "99.999", "99.5", "99.5", "99.9", "99.9", "99",
                              "95", "99.123456", "0", None])
            if obj is not None:
                s["objective_pct"] = json.loads(obj) if "." not in obj else ref.Fraction(obj)
            if rnd.random() < 0.6:
                w = {}
                for imp in IMPACTS:
                    if rnd.random() < 0.5:
                        w[imp] = rnd.choice([ref.Fraction(0), ref.Fraction(1), ref.Fraction("0.5"),
                                             ref.Fraction("0.3"), ref.Fraction("0.000001"),
                                             ref.Fraction("0.123457"), ref.Fraction("0.75"),
                                             ref.Fraction("0.4"), ref.Fraction("0.8")])
                s["weights"] = w
            slos.append(s)
        if nslo or rnd.random() < 0.5:
            cfg["slos"] = slos
        if rnd.random() < 0.5:
            cfg["policy"] = {"at_risk_pct": rnd.choice([75, 50, 90, ref.Fraction("12.5"), 100])}
        if rnd.random() < 0.7:
            window_h = rnd.choice([0, 1, 24, 72, 72, ref.Fraction("2.5"), 168])
            cfg["correlation"] = {"window_hours": window_h,
                                  "event_study_days": rnd.choice([0, 1, 3, 14]),
                                  "match": rnd.choice(["same-service", "same-service", "any"])}
        if rnd.random() < 0.4:  # definitions.md §10: maintenance windows
            mw = []
            for _ in range(rnd.choice([1, 2, 3, 5])):
                w = {}
                if rnd.random() < 0.3:
                    w["weekly"] = {"day": rnd.choice(["sun", "Sunday", "MON", "sat", "wed"]),
                                   "from": rnd.choice(["02:00", "00:00", "23:30", "02:30"]),
                                   "to": rnd.choice(["04:00", "24:00", "01:00", "03:00"])}
                else:
                    a = rnd.randrange(p0 - 5 * DAY, p1 + 5 * DAY)
                    a -= a % rnd.choice([1000, MIN, HOUR])
                    b = a + rnd.choice([MIN, HOUR, 3 * HOUR, DAY, 10 * DAY, 40 * DAY])
                    w["from"], w["to"] = ref.fmt_time(a), ref.fmt_time(b)
                sv = pick_services(rnd)
                if sv is not None:
                    w["services"] = sv
                if rnd.random() < 0.8:
                    w["reason"] = rnd.choice(["patching", "db upgrade", "move"])
                mw.append(w)
            cfg["maintenance"] = mw
    if rnd.random() < 0.25:  # definitions.md §10: a Statuspage scheduled-maintenances file
        sched = []
        for k in range(rnd.choice([1, 2, 4])):
            a = rnd.randrange(p0 - 3 * DAY, p1 + 3 * DAY)
            a -= a % MIN
            b = a + rnd.choice([-HOUR, 0, 30 * MIN, 4 * HOUR, 3 * DAY])
            e = {"id": "m%d" % k, "name": rnd.choice(["Database upgrade", "Network work"]),
                 "scheduled_for": ref.fmt_time(a), "scheduled_until": ref.fmt_time(b),
                 "started_at": None, "resolved_at": None,
                 "components": [{"name": x} for x in rnd.sample(SERVICES, rnd.choice([0, 1, 2]))]}
            if rnd.random() < 0.5:
                e["started_at"] = ref.fmt_time(a + rnd.choice([0, 5 * MIN]))
                e["resolved_at"] = ref.fmt_time(b + rnd.choice([0, -10 * MIN, 20 * MIN]))
            sched.append(e)
        case["scheduled"] = sched
    if rnd.random() < 0.15:
        window_h = rnd.choice([0, 6, 72])
        args += ["--window", str(window_h)]
    if rnd.random() < 0.1:
        args += ["--slo", rnd.choice(["99.5", "100", "99.99", "90"])]
    if rnd.random() < 0.5 or not (cfg and "report" in cfg):
        if zone != "UTC" or rnd.random() < 0.5:
            args += ["--tz", zone]
    elif cfg["report"]["timezone"] != zone:
        args += ["--tz", zone]
    W = int(ref.Fraction(window_h) * HOUR)

    # Period options.
    r = rnd.random()
    if r < 0.55:
        args += ["--month", "%04d-%02d" % (y, m)]
        if hist != 1 or rnd.random() < 0.8:
            args += ["--history", str(hist)]
        else:
            hist = 12  # the default history
            fy, fm = ref.add_months(y, m, -11)
            p0 = ref.month_start(fy, fm, tzinfo)
    elif r < 0.85:
        args += ["--from", "%04d-%02d" % (fy, fm), "--to", "%04d-%02d" % (y, m)]
    # else: the default review month (latest start before as_of)

    # Incidents.
    n = rnd.choice([0, 1, 2, 5, 8, 12, 20, 30])
    lo, hi = p0 - 5 * DAY, max(p1, as_of) + 2 * DAY
    recs = []
    starts = []

    def rand_start():
        r = rnd.random()
        if r < 0.1:
            return as_of  # exactly at as_of: left out
        if r < 0.2:
            return as_of - rnd.randrange(1, 3 * HOUR)
        if r < 0.3:  # around a month boundary
            k = rnd.randrange(hist + 1)
            yy, mm = ref.add_months(fy, fm, k)
            return ref.month_start(yy, mm, tzinfo) + rnd.randrange(-6 * HOUR, 6 * HOUR)
        if r < 0.4 and starts:
            return rnd.choice(starts) + rnd.randrange(0, 2 * HOUR)  # overlaps
        t = rnd.randrange(lo, hi)
        return t - t % rnd.choice([1, 1000, MIN, MIN, HOUR])

    for i in range(n):
        st = rand_start()
        starts.append(st)
        rec = {"id": "INC-%d" % i, "title": "incident %d" % i,
               "impact": rnd.choice(IMPACTS + ("major_outage", "partial_outage")),
               "started_at": iso(st, rnd)}
        sv = pick_services(rnd)
        if sv is not None:
            rec["services"] = sv
        dur = rnd.choice([0, 1, 1000, 30 * MIN, 216 * MIN, 3 * HOUR, 20 * HOUR, 3 * DAY,
                          rnd.randrange(1, 2 * DAY)])
        if rnd.random() < 0.15:
            rec["resolved_at"] = None if rnd.random() < 0.5 else rec.pop("resolved_at", None)
            if rec["resolved_at"] is None and rnd.random() < 0.5:
                del rec["resolved_at"]
        else:
            rec["resolved_at"] = iso(st + dur, rnd)
        if rnd.random() < 0.7:
            rec["detected_at"] = iso(st + rnd.randrange(-10 * MIN, 40 * MIN), rnd)
        if rnd.random() < 0.2:
            rec["detected_at"] = None
        if rnd.random() < 0.25:
            segs = []
            for _ in range(rnd.choice([0, 1, 2, 3])):
                f = st + rnd.randrange(-HOUR, max(dur, HOUR) + HOUR)
                seg = {"from": iso(f, rnd), "impact": rnd.choice(IMPACTS)}
                if rnd.random() < 0.7:
                    seg["to"] = iso(f + rnd.randrange(0, 6 * HOUR), rnd)
                elif rnd.random() < 0.5:
                    seg["to"] = None
                if rnd.random() < 0.5:
                    seg["services"] = pick_services(rnd)
                segs.append(seg)
            rec["segments"] = segs
        recs.append(rec)

    # Releases.
    rels = None
    if rnd.random() < 0.8:
        rels = []
        for j in range(rnd.choice([0, 1, 3, 6, 10, 15])):
            r = rnd.random()
            if r < 0.2 and starts:
                at = rnd.choice(starts) - rnd.choice([0, W, W - 1, W + 1, HOUR, 2 * DAY])
            elif r < 0.25:
                at = as_of - rnd.choice([0, 1, HOUR])
            else:
                at = rnd.randrange(lo - 3 * DAY, hi)
                at -= at % rnd.choice([1, 1000, MIN])
            rel = {"id": "rel-%d" % j, "released_at": iso(at, rnd)}
            sv = pick_services(rnd)
            if sv is not None:
                rel["services"] = sv
            rels.append(rel)
        # Incidents exactly at r + W.
        for rel in rels[:2]:
            if recs and rnd.random() < 0.5:
                t = ref.parse_time(rel["released_at"]) + W
                k = rnd.randrange(len(recs))
                recs[k]["started_at"] = iso(t, rnd)
                recs[k].pop("segments", None)
                if "resolved_at" in recs[k] and recs[k]["resolved_at"] is not None:
                    recs[k]["resolved_at"] = iso(t + 30 * MIN, rnd)
                if recs[k].get("detected_at") is not None:
                    recs[k]["detected_at"] = iso(t + MIN, rnd)
        if rels and rnd.random() < 0.15:  # rejected releases
            bad = dict(rnd.choice(rels))
            k = rnd.random()
            if k < 0.4:
                pass  # a duplicate id
            elif k < 0.7:
                bad["id"] += "-draft"
                bad["released_at"] = None
            else:
                bad["id"] += "-bad"
                bad["released_at"] = "2025-13-01T00:00:00Z"
            rels.insert(rnd.randrange(len(rels) + 1), bad)
        ids = [r["id"] for r in rels] + ["rel-unknown"]
        for rec in recs:
            if rnd.random() < 0.25:
                cb = rnd.sample(ids, min(len(ids), rnd.choice([1, 1, 2])))
                rec["caused_by"] = cb[0] if len(cb) == 1 and rnd.random() < 0.3 else cb

    # The exact threshold: 216 minutes of major outage against 99.5% in a 30-day month.
    if rnd.random() < 0.12:
        ty, tm = rnd.choice([(2025, 4), (2025, 6), (2025, 9), (2025, 11)])
        zone_fixed = "UTC"
        case_exact(case, rnd, ty, tm, zone_fixed, rnd.choice(["99.5", "99.9", "99.999"]))
        return case

    # Rejected records now and then.
    if recs and rnd.random() < 0.15:
        bad = rnd.choice(["dup", "impact", "order", "time", "title", "segment"])
        k = rnd.randrange(len(recs))
        rec = dict(recs[k])
        if bad == "dup":
            recs.append(rec)
        elif bad == "impact":
            rec["id"] += "-b"
            rec["impact"] = "outage"
            recs.append(rec)
        elif bad == "order":
            rec["id"] += "-b"
            rec["resolved_at"] = iso(ref.parse_time(rec["started_at"]) - 1000, rnd)
            recs.append(rec)
        elif bad == "time":
            rec["id"] += "-b"
            rec["started_at"] = "2025-02-30T00:00:00Z"
            recs.append(rec)
        elif bad == "title":
            rec["id"] += "-b"
            rec["title"] = 7
            recs.append(rec)
        else:
            rec["id"] += "-b"
            rec["segments"] = [{"from": rec["started_at"], "to": "2000-01-01T00:00:00Z",
                                "impact": "major_outage"}]
            recs.append(rec)

    case["incidents"] = recs
    case["incident_shape"] = rnd.choice(["object", "object", "array", "ndjson", "ndjson",
                                         "statuspage", "statuspage"])
    if case["incident_shape"] == "statuspage":
        case["incidents"] = [to_statuspage(r, rnd) for r in recs]
    elif case["incident_shape"] == "ndjson" and rnd.random() < 0.3:
        case["broken_line"] = rnd.randrange(1, len(recs) + 1) if recs else None
    case["releases"] = rels
    case["release_shape"] = rnd.choice(["native"] * 5 + ["github"])
    case["config"] = cfg
    release_services_variant(case, random.Random(seed * 7919 + 1))
    r = rnd.random()
    if r < 0.05:
        args += ["--as-of", iso(p0 - rnd.randrange(1, 20 * DAY), rnd)]  # before the period
    elif r < 0.15 and ("--month" in args or "--to" in args) and p1 <= ref.parse_time("2026-01-01T00:00:00Z"):
        pass  # the default as_of: min(now, end of the review month), a past month here
    else:
        args += ["--as-of", iso(as_of, rnd)]

    # Releases exactly at each SLO's exhaustion instants.
    if rels is not None and rnd.random() < 0.5:
        out = run_reference(case)
        if out is not None:
            for s in out["slos"]:
                for fp in s["freeze_periods"]:
                    t = ref.parse_time(fp["from"])
                    rels.append({"id": "rel-at-exhaustion-%d" % len(rels), "released_at": iso(t, rnd),
                                 "services": rnd.choice([s["services"], ["*"], None])})
                    if rels[-1]["services"] is None:
                        del rels[-1]["services"]
                    if rnd.random() < 0.5:
                        rels.append({"id": "rel-before-%d" % len(rels),
                                     "released_at": iso(t - 1, rnd)})
    return case


STATUS_OF = {"none": "none", "degraded_performance": "minor", "partial_outage": "major",
             "major_outage": "critical"}
COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage",
                      "under_maintenance", "operational"]


def to_statuspage(rec, rnd):
    """A native record as a Statuspage incident, with component updates now and then."""
    st = ref.parse_time(rec["started_at"])
    out = {"id": rec["id"], "name": rec["title"], "status": "resolved",
           "impact": STATUS_OF.get(rec["impact"], "major"),
           "created_at": rec.get("detected_at") or rec["started_at"],
           "shortlink": "https://stspg.io/" + rec["id"]}
    if rnd.random() < 0.85:
        out["started_at"] = rec["started_at"]
    out["resolved_at"] = rec.get("resolved_at")
    if rnd.random() < 0.1:
        out["monitoring_at"] = out["created_at"]
    comps = rec.get("services")
    if comps is not None:
        out["components"] = [{"name": c, "status": "operational"} for c in comps]
        if rnd.random() < 0.1:
            out["components"].append({"status": "operational"})  # no name: skipped
    if st is None:  # a record made malformed on purpose
        st = ref.parse_time("2025-03-01T00:00:00Z")
    end = ref.parse_time(rec["resolved_at"]) if rec.get("resolved_at") else None
    if end is None or end < st:
        end = st + 5 * HOUR
    updates = []
    names = (comps or []) + rnd.sample(SERVICES, 1)
    for _ in range(rnd.choice([0, 1, 2, 3, 5])):
        t = rnd.randrange(st - HOUR, max(end, st + 1) + HOUR)
        if updates and rnd.random() < 0.2:
            t = ref.parse_time(rnd.choice(updates)["created_at"])  # equal times: stable order
        u = {"status": "investigating", "body": "update", "created_at": iso(t, rnd)}
        r = rnd.random()
        if r < 0.3:
            u["affected_components"] = None
        elif r < 0.4:
            u["affected_components"] = []
        elif r < 0.9:
            u["affected_components"] = [
                {"code": "x", "name": rnd.choice(names), "old_status": rnd.choice(COMPONENT_STATUSES),
                 "new_status": rnd.choice(COMPONENT_STATUSES)} for _ in range(rnd.choice([1, 1, 2]))]
        updates.append(u)
    if rnd.random() < 0.5:
        updates.sort(key=lambda u: ref.parse_time(u["created_at"]), reverse=True)
    if updates or rnd.random() < 0.5:
        out["incident_updates"] = updates
    return out


def stress_case(seed):
    """Many incidents, many of them just after releases: the chance test's tails."""
    rnd = random.Random(seed)
    y, m = 2025, rnd.randint(1, 12)
    hist = rnd.choice([3, 6, 12])
    tz = ref.ZoneInfo("UTC")
    fy, fm = ref.add_months(y, m, -(hist - 1))
    p0 = ref.month_start(fy, fm, tz)
    p1 = ref.month_start(*ref.add_months(y, m, 1), tz)
    W = rnd.choice([1, 6, 24, 72]) * HOUR
    rels = []
    for j in range(rnd.choice([5, 30, 120])):
        rels.append({"id": "r%d" % j, "released_at": ref.fmt_time(rnd.randrange(p0, p1)),
                     "services": [rnd.choice(["api", "web"])]})
    bias = rnd.choice([0.0, 0.3, 0.9, 1.0])
    recs = []
    for i in range(rnd.choice([50, 300, 1500])):
        if rnd.random() < bias:
            r = ref.parse_time(rnd.choice(rels)["released_at"])
            st = r + rnd.randrange(0, W)
        else:
            st = rnd.randrange(p0, p1)
        imp = rnd.choice(IMPACTS)
        recs.append({"id": "I%d" % i, "title": "t", "impact": imp, "services": [rnd.choice(["api", "web"])],
                     "started_at": ref.fmt_time(st),
                     "resolved_at": ref.fmt_time(st + rnd.randrange(MIN, 6 * HOUR)),
                     "detected_at": ref.fmt_time(st + rnd.randrange(-MIN, 30 * MIN))})
    return {"args": ["--month", "%04d-%02d" % (y, m), "--history", str(hist),
                     "--window", str(W // HOUR), "--as-of", ref.fmt_time(p1)],
            "incidents": recs, "incident_shape": "ndjson", "releases": rels,
            "release_shape": "native", "config": None}


def case_exact(case, rnd, y, m, zone, objective):
    """A 30-day month holding exactly its budget (definitions.md rule 3.1.9)."""
    tz = ref.ZoneInfo(zone)
    m0 = ref.month_start(y, m, tz)
    budget_ms = int((1 - ref.Fraction(objective) / 100) * 30 * DAY)
    recs = []
    t = m0 + rnd.randrange(0, 10 * DAY)
    weight = rnd.choice(["major", "partial"])
    if weight == "major":
        pieces = [budget_ms // 2, budget_ms - budget_ms // 2]
        imp = "major_outage"
    else:
        pieces = [budget_ms * 10 // 3]  # 0.3 of the duration is the budget when divisible
        imp = "partial_outage"
        if (budget_ms * 10) % 3:
            pieces = [budget_ms]
            imp = "major_outage"
    for i, p in enumerate(pieces):
        recs.append({"id": "X-%d" % i, "title": "exact", "impact": imp, "services": ["api"],
                     "started_at": ref.fmt_time(t), "resolved_at": ref.fmt_time(t + p)})
        # An overlapping minor incident must not count twice.
        recs.append({"id": "Y-%d" % i, "title": "overlap", "impact": "degraded_performance",
                     "services": ["API"], "started_at": ref.fmt_time(t + p // 3),
                     "resolved_at": ref.fmt_time(t + p // 2)})
        t += p + rnd.randrange(HOUR, 2 * DAY)
    if rnd.random() < 0.5:  # one millisecond less: not exhausted
        end = ref.parse_time(recs[-2]["resolved_at"]) - 1
        recs[-2]["resolved_at"] = ref.fmt_time(end)
    end_last = ref.parse_time(recs[-2]["resolved_at"])
    rels = [{"id": "r-exact", "released_at": ref.fmt_time(end_last), "services": ["api"]},
            {"id": "r-before", "released_at": ref.fmt_time(end_last - 1), "services": ["Api"]}]
    at_risk = rnd.choice([75, 100])
    case["incidents"] = recs
    case["incident_shape"] = "object"
    case["releases"] = rels
    case["release_shape"] = "native"
    case["config"] = {"slos": [{"name": "exact", "services": ["api"],
                                "objective_pct": ref.Fraction(objective)}],
                      "policy": {"at_risk_pct": at_risk}}
    case["args"] = ["--month", "%04d-%02d" % (y, m), "--history", "1", "--tz", zone,
                    "--as-of", ref.fmt_time(ref.month_start(*ref.add_months(y, m, 1), tz))]


class _Enc(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, ref.Fraction):
            return float(o)
        return super().default(o)


def dumps(v):
    """JSON text keeping decimals like 0.000001 and 99.123456 as written."""
    if isinstance(v, ref.Fraction):
        if v.denominator == 1:
            return str(v.numerator)
        s = "%.6f" % float(v)
        return s.rstrip("0")
    if isinstance(v, dict):
        return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + dumps(x)
                               for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(dumps(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def write_case(case, d):
    os.makedirs(d, exist_ok=True)
    recs = case["incidents"]
    shape = case["incident_shape"]
    with open(os.path.join(d, "incidents.json"), "w", encoding="utf-8") as f:
        if shape == "ndjson" and len(recs) >= 2:
            for k, r in enumerate(recs):
                if case.get("broken_line") == k:
                    f.write("\n  {\"id\": \"broken\", \n")  # blank line, then not JSON
                f.write(dumps(r) + "\n")
        elif shape == "statuspage":
            f.write(dumps({"page": {"id": "p", "name": "Example"}, "incidents": recs}) + "\n")
        elif shape == "array":
            f.write(dumps(recs) + "\n")
        else:
            f.write(dumps({"incidents": recs}) + "\n")
    args = list(case["args"])
    rp = os.path.join(d, "releases.json")
    if case["releases"] is not None:
        with open(rp, "w", encoding="utf-8") as f:
            if case["release_shape"] == "github":
                f.write(dumps([{"tag_name": r["id"], "name": r["id"],
                                "published_at": r["released_at"]} for r in case["releases"]]))
            elif case["release_shape"] == "gitlab":
                f.write(dumps([{"tag_name": r["id"], "name": "Release " + r["id"],
                                "released_at": r["released_at"]} for r in case["releases"]]))
            else:
                f.write(dumps({"releases": case["releases"]}))
        args += ["-r", rp]
    elif os.path.exists(rp):
        os.unlink(rp)
    mp = os.path.join(d, "maintenance.json")
    if case.get("scheduled") is not None:  # definitions.md §10: --maintenance
        with open(mp, "w", encoding="utf-8") as f:
            f.write(dumps({"page": {"id": "p", "name": "Example"},
                           "scheduled_maintenances": case["scheduled"]}))
        args += ["--maintenance", mp]
    elif os.path.exists(mp):
        os.unlink(mp)
    cp = os.path.join(d, "config.json")
    if case["config"] is not None:
        with open(cp, "w", encoding="utf-8") as f:
            f.write(dumps(case["config"]))
        args += ["-c", cp]
    elif os.path.exists(cp):
        os.unlink(cp)
    with open(os.path.join(d, "args"), "w") as f:
        f.write("\n".join(args) + "\n")
    return args


def ref_namespace(args, incidents):
    ns = Namespace(incidents=incidents, config=None, releases=None, month=None, history=12,
                   from_=None, to=None, tz=None, slo=None, window=None, as_of=None)
    names = {"-c": "config", "-r": "releases", "--month": "month", "--history": "history",
             "--from": "from_", "--to": "to", "--tz": "tz", "--slo": "slo",
             "--window": "window", "--as-of": "as_of"}
    ns.maintenance = None
    for k in range(0, len(args), 2):
        v = args[k + 1]
        if args[k] == "--maintenance":
            ns.maintenance = (ns.maintenance or []) + [v]
            continue
        setattr(ns, names[args[k]], int(v) if args[k] == "--history" else v)
    return ns


def run_reference(case):
    with tempfile.TemporaryDirectory(prefix="t0-gen-") as d:
        args = write_case(case, d)
        try:
            return ref.compute(ref_namespace(args, os.path.join(d, "incidents.json")))
        except ref.InputError:
            return None


def main():
    outdir, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    for seed in range(first, first + count):
        case = stress_case(seed) if seed % 25 == 0 else make_case(seed)
        write_case(case, os.path.join(outdir, "case-%d" % seed))


if __name__ == "__main__":
    main()
