#!/usr/bin/python3
"""spec_reference.py: an independent reading of definitions.md §2, §3, §3.1 and §4 in Python.

Reads the same inputs as `tierzero summary --json` (native incidents, NDJSON,
Statuspage lists and single incidents; native and GitHub releases; the
configuration file) and prints the JSON summary of definitions.md §4.
Thresholds are decided exactly (fractions.Fraction over milliseconds), as
definitions.md rule 3.1.9 asks. It is a test oracle, written from the
specification's rules alone (definitions.md restates them, numbered): it is
slow where being simple is clearer, and it is not part of the product.

Usage: spec_reference.py [-c CONFIG] [-r RELEASES] [--month YYYY-MM]
       [--history N] [--from YYYY-MM --to YYYY-MM] [--tz ZONE] [--slo PCT]
       [--window HOURS] [--as-of TIME] INCIDENTS
"""

import argparse
import bisect
import datetime as dt
import fnmatch
import heapq
import json
import re
import sys
import time
from fractions import Fraction
from zoneinfo import ZoneInfo

from scipy import special as sp_special
from scipy import stats as sp_stats

IMPACTS = ("none", "degraded_performance", "partial_outage", "major_outage")
DEFAULT_WEIGHTS = {"none": Fraction(0), "degraded_performance": Fraction(0),
                   "partial_outage": Fraction(3, 10), "major_outage": Fraction(1)}
SP_IMPACT = {"none": "none", "minor": "degraded_performance",
             "major": "partial_outage", "critical": "major_outage"}
MS_MIN = 60000
MS_DAY = 86400000
MS_HOUR = 3600000
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


class InputError(Exception):
    pass


# ---------------------------------------------------------------- times

TIME_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})"
                     r"(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$")


def days_from_civil(y, m, d):
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def days_in_month(y, m):
    if m == 2:
        return 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28
    return 30 if m in (4, 6, 9, 11) else 31


def parse_time(s):
    """RFC 3339 instant -> epoch milliseconds, or None when malformed."""
    if not isinstance(s, str):
        return None
    m = TIME_RE.match(s)
    if not m:
        return None
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    if y < 1 or not 1 <= mo <= 12 or not 1 <= d <= days_in_month(y, mo):
        return None
    if h > 23 or mi > 59 or se > 59:
        return None
    frac = m.group(7)
    ms = int((frac[1:] + "000")[:3]) if frac else 0
    off = m.group(8)
    offset_min = 0
    if off not in ("Z", "z"):
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            return None
        offset_min = (oh * 60 + om) * (-1 if off[0] == "-" else 1)
    days = days_from_civil(y, mo, d)
    return ((days * 86400 + h * 3600 + mi * 60 + se) - offset_min * 60) * 1000 + ms


def fmt_time(ms):
    days, rem = divmod(ms, MS_DAY)
    d = dt.date(1970, 1, 1) + dt.timedelta(days=days)
    s, milli = divmod(rem, 1000)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (d.year, d.month, d.day, s // 3600,
                                                   s // 60 % 60, s % 60, milli)


def local_dt(ms, tz):
    return (EPOCH + dt.timedelta(milliseconds=ms)).astimezone(tz)


def local_wall_ms(ms, tz):
    """Local wall clock of an instant, as milliseconds of a naive epoch."""
    off = local_dt(ms, tz).utcoffset()
    return ms + off // dt.timedelta(milliseconds=1)


def month_start(year, month, tz):
    """The instant of local midnight on the 1st (definitions.md rules 3.1.8 and 3.1.14)."""
    wall = days_from_civil(year, month, 1) * MS_DAY
    cands = []
    for fold in (0, 1):
        naive = dt.datetime(year, month, 1, fold=fold)
        off = naive.replace(tzinfo=tz).utcoffset() // dt.timedelta(milliseconds=1)
        cands.append(wall - off)
    real = [c for c in cands if local_wall_ms(c, tz) == wall]
    if real:
        return min(real)  # earlier occurrence when midnight happens twice
    # A gap: the first instant whose wall clock is at or after midnight.
    lo, hi = min(cands) - MS_DAY, max(cands) + MS_DAY
    while local_wall_ms(lo, tz) >= wall:
        lo -= MS_DAY
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if local_wall_ms(mid, tz) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


def add_months(y, m, k):
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def parse_month(s):
    m = re.match(r"^([0-9]{4})-([0-9]{2})$", s or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise SystemExit("bad month %r" % s)
    return int(m.group(1)), int(m.group(2))


def month_of(ms, tz):
    """(year, month) whose [start, next start) holds the instant."""
    ld = local_dt(ms, tz)
    y, m = ld.year, ld.month
    # The wall clock's month is right except around doubled/missing midnights.
    for k in (1, 0, -1):
        yy, mm = add_months(y, m, k)
        if month_start(yy, mm, tz) <= ms:
            return yy, mm
    return add_months(y, m, -2)


# ---------------------------------------------------------------- reading

def parse_json_text(text, what):
    try:
        return json.loads(text, parse_float=Fraction)
    except ValueError as e:
        raise InputError("%s: %s" % (what, e))


def split_records(text, what):
    """(list of (record or _Bad), shape) per definitions.md rule 3.1.2."""
    lines = text.split("\n")
    nonblank = [ln.rstrip("\r") for ln in lines if ln.strip(" \t\r")]
    if not nonblank:
        raise InputError("%s: empty" % what)
    if len(nonblank) > 1:
        try:
            first = json.loads(nonblank[0], parse_float=Fraction)
        except ValueError:
            first = None
        if isinstance(first, dict):
            recs = []
            for ln in nonblank:
                try:
                    recs.append(json.loads(ln, parse_float=Fraction))
                except ValueError:
                    recs.append(_Bad("line is not JSON"))
            return recs, "ndjson"
    doc = parse_json_text(text, what)
    if isinstance(doc, list):
        return doc, "native"
    if isinstance(doc, dict):
        if "page" in doc and "incidents" in doc:
            if not isinstance(doc["incidents"], list):
                raise InputError("incidents is not a list")
            return doc["incidents"], "statuspage"
        if "page" in doc and "incident" in doc:
            return [doc["incident"]], "statuspage"
        if "incidents" in doc:
            if not isinstance(doc["incidents"], list):
                raise InputError("incidents is not a list")
            return doc["incidents"], "native"
        if "id" in doc:
            return [doc], "native"
    raise InputError("%s: not an incidents file" % what)


class _Bad:
    def __init__(self, reason):
        self.reason = reason


def fold(name):
    return name.casefold()


def str_list(v):
    """A list of strings, or None when malformed."""
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        return None
    return list(v)


class Incident:
    pass


def check_native_incident(rec):
    if isinstance(rec, _Bad):
        return None, rec.reason
    if not isinstance(rec, dict):
        return None, "not an object"
    if not isinstance(rec.get("id"), str) or rec["id"] == "":
        return None, "id"
    if not isinstance(rec.get("title"), str):
        return None, "title"
    if rec.get("impact") not in IMPACTS:
        return None, "impact"
    start = parse_time(rec.get("started_at"))
    if start is None:
        return None, "started_at"
    inc = Incident()
    inc.id, inc.impact, inc.start = rec["id"], rec["impact"], start
    times = {}
    for key in ("resolved_at", "detected_at", "mitigated_at"):
        v = rec.get(key)
        if v is None:
            times[key] = None
            continue
        t = parse_time(v)
        if t is None:
            return None, key
        times[key] = t
    inc.resolved, inc.detected = times["resolved_at"], times["detected_at"]
    inc.services = []
    if rec.get("services") is not None:
        inc.services = str_list(rec["services"])
        if inc.services is None:
            return None, "services"
    cb = rec.get("caused_by")
    if cb is None:
        inc.caused_by = []
    elif isinstance(cb, str):
        inc.caused_by = [cb]
    else:
        inc.caused_by = str_list(cb)
        if inc.caused_by is None:
            return None, "caused_by"
    inc.segments = None
    segs = rec.get("segments")
    if segs is not None:
        if not isinstance(segs, list):
            return None, "segments"
        out = []
        for s in segs:
            if not isinstance(s, dict):
                return None, "segment"
            f = parse_time(s.get("from"))
            if f is None or s.get("impact") not in IMPACTS:
                return None, "segment"
            to = None
            if s.get("to") is not None:
                to = parse_time(s["to"])
                if to is None or to < f:
                    return None, "segment to"
            sv = None
            if s.get("services") is not None:
                sv = str_list(s["services"])
                if sv is None:
                    return None, "segment services"
                # Rule 4, "an empty list counts as absent": read as covering
                # both lists the rule names, so [] means the incident's services.
                if not sv:
                    sv = None
            out.append((f, to, s["impact"], sv))
        if out:
            inc.segments = out
    if inc.resolved is not None and inc.resolved < inc.start:
        return None, "resolved before started"
    return inc, None


def check_statuspage_incident(rec):
    if not isinstance(rec, dict):
        return None, "not an object"
    if not isinstance(rec.get("id"), str) or rec["id"] == "":
        return None, "id"
    if not isinstance(rec.get("name"), str):
        return None, "name"
    if rec.get("impact") not in SP_IMPACT:
        return None, "impact"
    st = rec.get("started_at")
    if st is None:
        st = rec.get("created_at")
    start = parse_time(st)
    if start is None:
        return None, "started_at"
    inc = Incident()
    inc.id, inc.impact, inc.start = rec["id"], SP_IMPACT[rec["impact"]], start
    times = {}
    for key in ("resolved_at", "created_at", "monitoring_at"):
        v = rec.get(key)
        if v is None:
            times[key] = None
            continue
        t = parse_time(v)
        if t is None:
            return None, key
        times[key] = t
    inc.resolved, inc.detected = times["resolved_at"], times["created_at"]
    inc.caused_by = []
    inc.maint = []
    inc.title = rec["name"]
    comps = rec.get("components")
    inc.services = []
    if comps is not None:
        if not isinstance(comps, list):
            return None, "components"
        inc.services = [c["name"] for c in comps
                        if isinstance(c, dict) and isinstance(c.get("name"), str)]
    ups = rec.get("incident_updates")
    inc.segments = None
    if ups is not None:
        if not isinstance(ups, list):
            return None, "incident_updates"
        upd = []
        for u in ups:
            if not isinstance(u, dict):
                return None, "update"
            t = parse_time(u.get("created_at"))
            if t is None:
                return None, "update created_at"
            upd.append((t, u))
        upd.sort(key=lambda p: p[0])
        # component name, case-folded (definitions.md rule 3.1.11) -> (from, impact, name as spelled)
        open_ = {}
        segs = []
        maint_open = {}  # definitions.md §10: component name -> under_maintenance since
        for t, u in upd:
            ac = u.get("affected_components")
            if not isinstance(ac, list):
                continue
            for c in ac:
                if not isinstance(c, dict) or not isinstance(c.get("name"), str):
                    continue
                name = c["name"]
                key = name.casefold()
                ns = c.get("new_status")
                if key in maint_open and ns != "under_maintenance":
                    mf, mspelled = maint_open.pop(key)
                    inc.maint.append((mf, t, [mspelled]))
                elif ns == "under_maintenance" and key not in maint_open:
                    maint_open[key] = (t, name)
                if key in open_:
                    f, imp, spelled = open_.pop(key)
                    segs.append((f, t, imp, [spelled]))
                if ns in ("degraded_performance", "partial_outage", "major_outage"):
                    open_[key] = (t, ns, name)
        for key, (f, imp, spelled) in open_.items():
            segs.append((f, None, imp, [spelled]))
        for key, (f, spelled) in maint_open.items():
            inc.maint.append((f, None, [spelled]))
        if segs:
            inc.segments = segs
    if inc.resolved is not None and inc.resolved < inc.start:
        return None, "resolved before started"
    return inc, None


def read_incidents(path):
    text = open(path, encoding="utf-8").read() if path != "-" else sys.stdin.read()
    if text.startswith("\ufeff"):
        text = text[1:]
    recs, shape = split_records(text, path)
    check = check_statuspage_incident if shape == "statuspage" else check_native_incident
    accepted, rejected, seen = [], [], set()
    for i, rec in enumerate(recs):
        inc, reason = check(rec)
        if inc is not None and inc.id in seen:
            inc, reason = None, "duplicate id"
        if inc is None:
            rid = rec.get("id") if isinstance(rec, dict) and isinstance(rec.get("id"), str) else None
            rejected.append({"index": i, "id": rid, "reason": reason})
            continue
        seen.add(inc.id)
        inc.order = len(accepted)
        accepted.append(inc)
    return accepted, {"read": len(recs), "accepted": len(accepted), "rejected": len(rejected),
                      "rejected_records": rejected}


class Release:
    pass


def read_releases(path):
    text = open(path, encoding="utf-8").read()
    if text.startswith("\ufeff"):
        text = text[1:]
    doc = parse_json_text(text, path)
    github = False
    if isinstance(doc, dict) and isinstance(doc.get("releases"), list):
        recs = doc["releases"]
    elif isinstance(doc, list):
        recs = doc
        github = any(isinstance(e, dict) and "tag_name" in e for e in doc)
    else:
        raise InputError("%s: not a releases file" % path)
    accepted, rejected, seen = [], [], set()
    for i, rec in enumerate(recs):
        rel, reason = None, None
        idkey, tkey = ("tag_name", "published_at") if github else ("id", "released_at")
        # definitions.md rule 11.1: in a tag_name array, released_at without published_at is GitLab.
        if github and isinstance(rec, dict) and "released_at" in rec and "published_at" not in rec:
            tkey = "released_at"
        if not isinstance(rec, dict):
            reason = "not an object"
        elif not isinstance(rec.get(idkey), str) or rec[idkey] == "":
            reason = "id"
        elif parse_time(rec.get(tkey)) is None:
            reason = "time"
        else:
            rel = Release()
            rel.id, rel.at = rec[idkey], parse_time(rec[tkey])
            rel.name = rec.get("name") if isinstance(rec.get("name"), str) else None
            rel.services = []
            if not github and rec.get("services") is not None:
                rel.services = str_list(rec["services"])
                if rel.services is None:
                    rel, reason = None, "services"
            if rel is not None and rel.id in seen:
                rel, reason = None, "duplicate id"
        if rel is None:
            rid = rec.get(idkey) if isinstance(rec, dict) and isinstance(rec.get(idkey), str) else None
            rejected.append({"index": i, "id": rid, "reason": reason})
            continue
        seen.add(rel.id)
        rel.order = len(accepted)
        accepted.append(rel)
    return accepted, {"read": len(recs), "accepted": len(accepted), "rejected": len(rejected),
                      "rejected_records": rejected}


# ---------------------------------------------------------------- configuration

class Slo:
    pass


def decimal(v):
    if isinstance(v, bool) or not isinstance(v, (int, Fraction)):
        raise InputError("not a number")
    return Fraction(v)


def load_config(path, args):
    cfg = {}
    if path:
        cfg = parse_json_text(open(path, encoding="utf-8").read(), path)
    report = cfg.get("report") or {}
    corr = cfg.get("correlation") or {}
    policy = cfg.get("policy") or {}
    c = {
        "tz": report.get("timezone", "UTC"),
        "at_risk": decimal(policy.get("at_risk_pct", 75)),
        "window_h": decimal(corr.get("window_hours", 72)),
        "days": int(corr.get("event_study_days", 14)),
        "match": corr.get("match", "same-service"),
    }
    slos = []
    for n, s in enumerate(cfg.get("slos") or [], 1):
        o = Slo()
        o.name = s.get("name", "SLO %d" % n)
        o.services = s.get("services") or ["*"]
        o.objective = decimal(s.get("objective_pct", Fraction(999, 10)))
        o.weights = dict(DEFAULT_WEIGHTS)
        for k, v in (s.get("weights") or {}).items():
            if k in IMPACTS:
                o.weights[k] = decimal(v)
        slos.append(o)
    if not slos:
        o = Slo()
        o.name, o.services, o.objective = "All services", ["*"], Fraction(999, 10)
        o.weights = dict(DEFAULT_WEIGHTS)
        slos.append(o)
    if args.slo is not None:
        slos[0].objective = Fraction(args.slo)
    if args.tz:
        c["tz"] = args.tz
    if args.window is not None:
        c["window_h"] = Fraction(args.window)
    for o in slos:
        o.folded = {fold(x) for x in o.services}
        o.star = "*" in o.services
    c["slos"] = slos
    rel = cfg.get("releases") or {}
    c["release_services"] = rel.get("services") or []
    c["release_rules"] = [(r["match"], r["services"]) for r in rel.get("rules") or []]
    c["maintenance"] = cfg.get("maintenance") or []
    c["fiscal"] = report.get("fiscal_year_start", 1)
    return c


def assign_release_services(releases, conf):
    """definitions.md §7.2, rule 11.4: a release without services takes the first rule's
    whose pattern matches its id, else its name (case-sensitive), else
    releases.services."""
    for r in releases:
        if r.services:
            continue
        for pattern, services in conf["release_rules"]:
            if fnmatch.fnmatchcase(r.id, pattern) or (
                    r.name is not None and fnmatch.fnmatchcase(r.name, pattern)):
                r.services = list(services)
                break
        else:
            r.services = list(conf["release_services"])


# ---------------------------------------------------------------- maintenance (definitions.md §10)

def wall_to_instant(y, m, d, minute, tz):
    """Local wall time as an instant (ms): the earlier of two, the transition in a gap."""
    import datetime as _dt
    naive = _dt.datetime(y, m, d) + _dt.timedelta(minutes=minute)
    wall = (days_from_civil(naive.year, naive.month, naive.day) * MS_DAY
            + (naive.hour * 60 + naive.minute) * MS_MIN)
    cands = []
    for probe in (wall - 2 * MS_DAY, wall + 2 * MS_DAY, wall):
        off = local_wall_ms(probe, tz) - probe
        u = wall - off
        if local_wall_ms(u, tz) == wall:
            cands.append(u)
    if cands:
        return min(cands)
    lo, hi = wall - 2 * MS_DAY, wall + 2 * MS_DAY  # wall clock before / after
    while hi - lo > 1000:
        mid = (lo + hi) // 2 // 1000 * 1000
        if mid == lo:
            break
        if local_wall_ms(mid, tz) >= wall:
            hi = mid
        else:
            lo = mid
    return hi


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def weekly_windows(rule, tz, lo, hi):
    w = rule["weekly"]
    day = w["day"].lower()
    wd = [i for i, n in enumerate(WEEKDAYS) if day == n or day == n[:3]][0]
    fh, fm = map(int, w["from"].split(":"))
    th, tm = map(int, w["to"].split(":"))
    f, t = fh * 60 + fm, th * 60 + tm
    nxt = t <= f or t == 1440
    t = t % 1440
    out = []
    d = lo // MS_DAY - 3
    while d <= hi // MS_DAY + 3:
        y, m, dd = civil_from_days(d)
        if (d + 3) % 7 == wd:
            a = wall_to_instant(y, m, dd, f, tz)
            y2, m2, d2 = civil_from_days(d + 1 if nxt else d)
            b = wall_to_instant(y2, m2, d2, t, tz)
            if b > a:
                out.append((a, b, rule.get("reason") or ""))
        d += 1
    return out


def civil_from_days(z):
    import datetime as _dt
    x = _dt.date(1970, 1, 1) + _dt.timedelta(days=z)
    return x.year, x.month, x.day


def maint_services(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def maint_set(slo, conf, incidents, sched, as_of, tz, lo, hi):
    """M of one SLO as merged (from, to, reason) over [lo, hi) and around it."""
    pieces = []
    def matches(services):
        return not services or slo_matches(slo, services)
    for w in conf["maintenance"]:
        sv = maint_services(w.get("services"))
        if not matches(sv):
            continue
        if "weekly" in w:
            pieces += weekly_windows(w, tz, lo - 400 * MS_DAY, hi + 30 * MS_DAY)
        else:
            pieces.append((parse_time(w["from"]), parse_time(w["to"]), w.get("reason") or ""))
    for a, b, sv, reason in sched:
        if matches(sv) and b > a:
            pieces.append((a, b, reason))
    for i in incidents:
        if i.start >= as_of:
            continue
        end = i.resolved if i.resolved is not None else as_of
        for f, to, sv in getattr(i, "maint", []):
            a, b = max(f, i.start), min(to if to is not None else end, end)
            if b > a and matches(sv):
                pieces.append((a, b, "under maintenance: " + i.title))
    pieces.sort(key=lambda p: p[0])
    merged = []
    for a, b, r in pieces:
        if merged and a <= merged[-1][1]:
            m = merged[-1]
            rs = m[2] if (not r or r in m[2]) else m[2] + [r]
            merged[-1] = (m[0], max(m[1], b), rs)
        else:
            merged.append((a, b, [r] if r else []))
    return [(a, b, "; ".join(rs)) for a, b, rs in merged]


def measure(M, lo, hi):
    return sum(max(0, min(b, hi) - max(a, lo)) for a, b, _ in M)


def read_scheduled(paths):
    out = []
    for p in paths or []:
        for e in json.load(open(p, encoding="utf-8"))["scheduled_maintenances"]:
            a = parse_time(e.get("started_at") or e.get("scheduled_for"))
            b = parse_time(e.get("resolved_at") or e.get("scheduled_until"))
            sv = [c["name"] for c in (e.get("components") or [])]
            out.append((a, b, sv, e.get("name") or ""))
    return out


def slo_matches(slo, services):
    if slo.star:
        return True
    return any(fold(s) in slo.folded for s in services)


# ---------------------------------------------------------------- figures

def num(x):
    """A Fraction as a JSON number."""
    return float(x)


def round_half_up(x):
    return (x + Fraction(1, 2)).__floor__()


class Curve:
    """b(t) of one SLO as sorted disjoint pieces (t0, t1, w) with w > 0."""

    def __init__(self, segs):
        # segs: (t0, t1, w), w > 0, t1 > t0; sweep with a lazy max-heap.
        events = sorted({t for s in segs for t in (s[0], s[1])})
        by_start = sorted(segs)
        pieces, heap, j = [], [], 0
        for a, b in zip(events, events[1:]):
            while j < len(by_start) and by_start[j][0] <= a:
                heapq.heappush(heap, (-by_start[j][2], by_start[j][1]))
                j += 1
            while heap and heap[0][1] <= a:
                heapq.heappop(heap)
            if heap:
                w = -heap[0][0]
                if pieces and pieces[-1][1] == a and pieces[-1][2] == w:
                    pieces[-1] = (pieces[-1][0], b, w)
                else:
                    pieces.append((a, b, w))
        self.pieces = pieces
        self.starts = [p[0] for p in pieces]

    def exclude(self, M):
        """b is 0 inside M (definitions.md §10)."""
        out = []
        for a, b, w in self.pieces:
            cur = a
            for ma, mb, _ in M:
                if mb <= cur or ma >= b:
                    continue
                if ma > cur:
                    out.append((cur, ma, w))
                cur = max(cur, mb)
            if cur < b:
                out.append((cur, b, w))
        self.pieces = out
        self.starts = [p[0] for p in out]

    def window(self, lo, hi):
        """Pieces clipped to [lo, hi)."""
        i = max(bisect.bisect_right(self.starts, lo) - 1, 0)
        out = []
        while i < len(self.pieces) and self.pieces[i][0] < hi:
            a, b, w = self.pieces[i]
            a, b = max(a, lo), min(b, hi)
            if b > a:
                out.append((a, b, w))
            i += 1
        return out

    def bad_ms(self, lo, hi):
        return sum((w * (b - a) for a, b, w in self.window(lo, hi)), Fraction(0))

    def reach(self, lo, hi, budget):
        """First instant in [lo, hi) where the cumulative bad time reaches budget (exact)."""
        cum = Fraction(0)
        for a, b, w in self.window(lo, hi):
            if budget == 0:
                return Fraction(a)
            if cum + w * (b - a) >= budget:
                return a + (budget - cum) / w
            cum += w * (b - a)
        return None


def slo_figures(slo, curve, lo, hi, as_of, at_risk, incidents_count, M=()):
    total = hi - lo
    elapsed_end = min(hi, max(lo, as_of))
    excluded = measure(M, lo, hi)
    elapsed = elapsed_end - lo - measure(M, lo, elapsed_end)
    bad = curve.bad_ms(lo, elapsed_end)
    budget = (1 - slo.objective / 100) * (total - excluded)
    out = {"minutes_total": num(Fraction(total, MS_MIN)),
           "minutes_elapsed": num(Fraction(elapsed, MS_MIN)),
           "minutes_excluded": num(Fraction(excluded, MS_MIN)),
           "bad_minutes": num(bad / MS_MIN)}
    if elapsed == 0:
        out["attainment_pct"] = None
        out["attainment_pct_reason"] = "no elapsed time"
    else:
        out["attainment_pct"] = num(100 * (1 - bad / elapsed))
    out["budget_minutes"] = num(budget / MS_MIN)
    if budget == 0:
        if bad == 0:
            out["budget_consumed_pct"] = 0.0
        else:
            out["budget_consumed_pct"] = None
            out["budget_consumed_pct_reason"] = "objective is 100%: the budget is zero"
    else:
        out["budget_consumed_pct"] = num(100 * bad / budget)
    out["budget_remaining_minutes"] = num((budget - bad) / MS_MIN)
    t = curve.reach(lo, elapsed_end, budget)
    exhausted_at = None if t is None else round_half_up(t)
    out["exhausted_at"] = None if exhausted_at is None else fmt_time(exhausted_at)
    if budget == 0:
        exhausted = bad > 0
        risky = (not exhausted) and 0 >= at_risk
    else:
        exhausted = bad >= budget
        risky = 100 * bad >= at_risk * budget
    out["status"] = "exhausted" if exhausted else ("at_risk" if risky else "met")
    out["incidents"] = incidents_count
    out["partial"] = lo <= as_of < hi
    return out, exhausted_at, budget


def quantiles(values):
    if not values:
        return {"mean": None, "mean_reason": "no incidents", "median": None,
                "median_reason": "no incidents", "p90": None, "p90_reason": "no incidents"}
    v = sorted(values)
    n = len(v)

    def pct(p):
        pos = (n - 1) * p
        i = int(pos.__floor__())
        frac = pos - i
        if i + 1 < n:
            return v[i] + (v[i + 1] - v[i]) * frac
        return v[i]
    return {"mean": num(Fraction(sum(v), n)), "median": num(pct(Fraction(1, 2))),
            "p90": num(pct(Fraction(9, 10))), "_values": v}


def unrecorded(q):
    """Durations all under a second apart from the start are not recorded
    (a source copying the start, as Statuspage's created_at does): every
    figure null with a reason (docs/definitions.md)."""
    vals = q.get("_values")
    q.pop("_values", None)
    if vals and all(abs(v) < Fraction(1, 60) for v in vals):
        return {"mean": None, "mean_reason": "not recorded", "median": None,
                "median_reason": "not recorded", "p90": None, "p90_reason": "not recorded"}
    return q


def spearman(xs, ys):
    def ranks(a):
        order = sorted(range(len(a)), key=lambda i: a[i])
        r = [Fraction(0)] * len(a)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and a[order[j + 1]] == a[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = Fraction(i + j + 2, 2)
            i = j + 1
        return r
    if len(xs) < 2 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return float(sxy) / (float(sxx) * float(syy)) ** 0.5


def attributable(out, k, n, coverage, elapsed_ms):
    """definitions.md §3, attributable share: (k / n - coverage) / (1 - coverage) and the
    Clopper-Pearson interval of k / n transformed the same way."""
    if elapsed_ms <= 0 or n == 0 or coverage == 1:
        for key in ("attributable_share", "attributable_share_ci95"):
            out[key] = None
            out[key + "_reason"] = "undefined"
        return
    c = Fraction(coverage)

    def transform(p):
        return (Fraction(p) - c) / (1 - c)
    out["attributable_share"] = num(transform(Fraction(k, n)))
    lo = 0.0 if k == 0 else float(sp_stats.beta.ppf(0.025, k, n - k + 1))
    hi = 1.0 if k == n else float(sp_stats.beta.ppf(0.975, k + 1, n - k))
    out["attributable_share_ci95"] = [num(transform(lo)), num(transform(hi))]


def compute(args):
    conf = load_config(args.config, args)
    tz = ZoneInfo(conf["tz"])
    incidents, in_inc = read_incidents(args.incidents)
    releases, in_rel = (None, None)
    if args.releases:
        releases, in_rel = read_releases(args.releases)
        assign_release_services(releases, conf)

    now_ms = int(time.time() * 1000)
    as_of = parse_time(args.as_of) if args.as_of else None
    if args.as_of and as_of is None:
        raise SystemExit("bad --as-of")

    # Period (definitions.md §1 and rule 3.1.8).
    if args.to:
        ry, rm = parse_month(args.to)
        fy, fm = parse_month(args.from_)
        nmonths = (ry * 12 + rm) - (fy * 12 + fm) + 1
    else:
        if args.month:
            ry, rm = parse_month(args.month)
        else:
            ref = as_of if as_of is not None else now_ms
            starts = [i.start for i in incidents if i.start < ref]
            ry, rm = month_of(max(starts) if starts else ref - 1, tz)
        nmonths = args.history
        fy, fm = add_months(ry, rm, -(nmonths - 1))
    months = []
    for k in range(nmonths):
        y, m = add_months(fy, fm, k)
        ny, nm = add_months(y, m, 1)
        months.append(("%04d-%02d" % (y, m), month_start(y, m, tz), month_start(ny, nm, tz)))
    P0, P1 = months[0][1], months[-1][2]
    if as_of is None:
        as_of = min(now_ms, P1)

    live = [i for i in incidents if i.start < as_of]
    for i in live:
        i.end = min(i.resolved if i.resolved is not None else as_of, as_of)

    # SLOs.
    slo_out = []
    first_curve = None
    curves = []
    for slo in conf["slos"]:
        segs = []
        for i in live:
            if i.segments is None:
                parts = [(i.start, i.end, i.impact, i.services)]
            else:
                parts = []
                for f, to, imp, sv in i.segments:
                    a = max(f, i.start)
                    b = min(to if to is not None else i.end, i.end)
                    parts.append((a, b, imp, i.services if sv is None else sv))
            for a, b, imp, sv in parts:
                w = slo.weights[imp]
                if b > a and w > 0 and slo_matches(slo, sv):
                    segs.append((a, b, w))
        curve = Curve(segs)
        M = maint_set(slo, conf, incidents, read_scheduled(getattr(args, "maintenance", None)),
                      as_of, tz, P0, P1)
        curve.exclude(M)
        curves.append(curve)
        if first_curve is None:
            first_curve = curve
        own = [i for i in live if slo_matches(slo, i.services)]
        mo = []
        freezes = []
        slo.exhausted = {}
        slo.curve = curve
        for label, lo, hi in months:
            cnt = sum(1 for i in own if lo <= i.start < hi)
            fig, ex, budget = slo_figures(slo, curve, lo, hi, as_of, conf["at_risk"], cnt, M)
            slo.exhausted[label] = (ex, lo, budget)
            mo.append(dict({"month": label}, **fig))
            if ex is not None:
                freezes.append({"month": label, "from": fmt_time(ex), "to": fmt_time(hi)})
        pcnt = sum(1 for i in own if P0 <= i.start < P1)
        pfig, _, _ = slo_figures(slo, curve, P0, P1, as_of, conf["at_risk"], pcnt, M)
        quarters = []
        fs = conf["fiscal"]
        k = 0
        while k < nmonths:  # definitions.md §10: each quarter overlapping the period, clipped
            y, m = add_months(fy, fm, k)
            off = (m - fs) % 12
            qy = y if m >= fs else y - 1
            qn = off // 3 + 1
            sy, sm = add_months(qy, fs, 3 * (qn - 1))
            ey, em = add_months(sy, sm, 3)
            qa, qb = max(month_start(sy, sm, tz), P0), min(month_start(ey, em, tz), P1)
            cnt = sum(1 for i in own if qa <= i.start < qb)
            qfig, _, _ = slo_figures(slo, curve, qa, qb, as_of, conf["at_risk"], cnt, M)
            qfig["quarter"] = "%04d-Q%d" % (qy, qn)
            quarters.append(qfig)
            k = (ey * 12 + em) - (fy * 12 + fm)
        mclip = [{"from": fmt_time(max(a, P0)), "to": fmt_time(min(b, P1)), "reason": r}
                 for a, b, r in M if a < P1 and b > P0]
        slo_out.append({"name": slo.name, "services": slo.services,
                        "objective_pct": num(slo.objective), "period": pfig,
                        "months": mo, "freeze_periods": freezes, "maintenance": mclip,
                        "quarters": quarters})

    # Incident statistics (definitions.md rule 3.1.10).
    E1 = min(P1, as_of)
    elapsed_ms = max(0, E1 - P0)
    pinc = [i for i in live if P0 <= i.start < E1]
    n = len(pinc)
    stats = {"count": n, "by_impact": {k: sum(1 for i in pinc if i.impact == k) for k in IMPACTS}}
    stats["mttr_minutes"] = unrecorded(quantiles([Fraction(i.resolved - i.start, MS_MIN)
                                                  for i in pinc if i.resolved is not None]))
    stats["ttd_minutes"] = unrecorded(quantiles([Fraction(i.detected - i.start, MS_MIN)
                                                 for i in pinc if i.detected is not None]))
    if n == 0:
        stats["mean_days_between"] = None
        stats["mean_days_between_reason"] = "no incidents"
        for k in ("off_hours_share", "sleep_hours_share", "by_weekday_hour"):
            stats[k] = None
            stats[k + "_reason"] = "no incidents"
    else:
        stats["mean_days_between"] = num(Fraction(elapsed_ms, MS_DAY) / n)
        grid = [[0] * 24 for _ in range(7)]
        off = sleep = 0
        for i in pinc:
            ld = local_dt(i.start, tz)
            wd, h = ld.weekday(), ld.hour
            grid[wd][h] += 1
            if not (wd < 5 and 8 <= h < 18):
                off += 1
            if h >= 22 or h < 8:
                sleep += 1
        stats["off_hours_share"] = off / n
        stats["sleep_hours_share"] = sleep / n
        stats["by_weekday_hour"] = grid

    out = {
        "tool": {"name": "tierzero"},
        "period": {"from": months[0][0], "to": months[-1][0], "review_month": months[-1][0],
                   "timezone": conf["tz"], "as_of": fmt_time(as_of)},
        "input": {"incidents": in_inc, "releases": in_rel},
        "slos": slo_out,
        "incidents": stats,
    }
    if releases is None or (in_rel["read"] > 0 and in_rel["accepted"] == 0):
        # No releases file, or one whose every record was rejected.
        out["releases"] = None
        out["releases_reason"] = "no release history"
        out["correlation"] = None
        out["correlation_reason"] = "no release history"
        return out

    # Releases and incidents.
    W = conf["window_h"] * MS_HOUR
    prel = sorted([r for r in releases if P0 <= r.at < E1], key=lambda r: (r.at, r.order))
    any_match = conf["match"] == "any"

    def rel_inc_match(r, i):
        if any_match or not r.services or not i.services:
            return True
        a = {fold(s) for s in r.services}
        return any(fold(s) in a for s in i.services)

    rel_times = [r.at for r in prel]
    after = 0
    failed = set()
    for i in pinc:
        # releases r with r <= start < r + W
        hi = bisect.bisect_right(rel_times, i.start)
        is_after = False
        j = hi - 1
        while j >= 0 and i.start < prel[j].at + W:
            if rel_inc_match(prel[j], i):
                is_after = True
                failed.add(prel[j].id)
            j -= 1
        after += is_after
    ids = {r.id for r in prel}
    for i in pinc:
        for c in i.caused_by:
            if c in ids:
                failed.add(c)
    nrel = len(prel)
    rel_out = {"count": nrel, "failed": len(failed)}
    if nrel == 0:
        rel_out["change_failure_rate"] = None
        rel_out["change_failure_rate_reason"] = "no releases"
    else:
        rel_out["change_failure_rate"] = len(failed) / nrel
    viol = []
    for r in prel:
        label = "%04d-%02d" % month_of(r.at, tz)
        for slo in conf["slos"]:
            if label not in slo.exhausted or not slo_matches(slo, r.services):
                continue
            ex, lo, budget = slo.exhausted[label]
            if ex is None or ex > r.at:
                continue
            c = slo.curve.bad_ms(lo, min(r.at, as_of))
            if budget == 0:
                pct = 0.0 if c == 0 else None
            else:
                pct = num(100 * c / budget)
            v = {"release": r.id, "slo": slo.name, "month": label, "budget_consumed_pct": pct}
            if pct is None:
                v["budget_consumed_pct_reason"] = "objective is 100%: the budget is zero"
            viol.append(v)
    rel_out["violations"] = viol
    out["releases"] = rel_out

    # Chance test.
    union = []
    for r in prel:
        a, b = Fraction(r.at), min(r.at + W, Fraction(E1))
        if b <= a:
            continue
        if union and a <= union[-1][1]:
            union[-1][1] = max(union[-1][1], b)
        else:
            union.append([a, b])
    covered = sum((b - a for a, b in union), Fraction(0))
    # The chance test runs over the span the release history covers: from
    # the first release before as_of when that is after the period's start.
    first = min((r.at for r in releases if r.at < as_of), default=None)
    E0 = min(max(P0, first), max(P0, E1)) if first is not None else P0
    span_ms = max(0, E1 - E0)
    coverage = covered / span_ms if span_ms > 0 else Fraction(0)
    ustarts = [u[0] for u in union]

    def in_union(t):
        j = bisect.bisect_right(ustarts, t) - 1
        return j >= 0 and t < union[j][1]
    k = sum(1 for i in pinc if in_union(i.start))
    corr = {"window_hours": num(conf["window_h"]), "incidents_after_release": after}
    if n == 0:
        corr["share_after_release"] = None
        corr["share_after_release_reason"] = "no incidents"
    else:
        corr["share_after_release"] = after / n
    n_period, n = n, sum(1 for i in pinc if i.start >= E0)
    if span_ms > 0:
        corr["coverage"] = num(coverage)
    else:
        corr["coverage"] = None
        corr["coverage_reason"] = "no elapsed time"
    corr["k"], corr["n"] = k, n
    c = float(coverage)
    if k == 0 or n == 0 or coverage == 0:
        corr["p_value"] = 1.0
    else:
        corr["p_value"] = float(sp_special.betainc(k, n - k + 1, c))

    def transform(p):
        return (p / c) / ((1 - p) / (1 - c))
    if coverage == 0 or coverage == 1 or n == 0 or k == n:
        corr["rate_ratio"] = None
        corr["rate_ratio_reason"] = "undefined"
    elif k == 0:
        corr["rate_ratio"] = 0.0
    else:
        corr["rate_ratio"] = num((Fraction(k) / coverage) / (Fraction(n - k) / (1 - coverage)))
    if coverage == 0 or coverage == 1 or n == 0:
        corr["rate_ratio_ci95"] = None
        corr["rate_ratio_ci95_reason"] = "undefined"
    else:
        lo = 0.0 if k == 0 else float(sp_stats.beta.ppf(0.025, k, n - k + 1))
        hi = None if k == n else float(sp_stats.beta.ppf(0.975, k + 1, n - k))
        corr["rate_ratio_ci95"] = [transform(lo), None if hi is None else transform(hi)]
        if hi is None:
            # A null end point cannot carry a sibling inside the array.
            corr["rate_ratio_ci95_upper_reason"] = "k = n: the upper end is infinite"

    attributable(corr, k, n, coverage, span_ms)
    n = n_period

    # The attributable share per SLO (docs/definitions.md): the same test on
    # the releases matching the SLO (SLO rule) and the incidents whose own
    # services match it, services otherwise ignored.
    for slo, entry in zip(conf["slos"], slo_out):
        if any_match:
            for key in ("attributable_share", "attributable_share_ci95"):
                entry[key] = None
                entry[key + "_reason"] = "match: any"
            continue
        srel = [r for r in prel if slo_matches(slo, r.services)]
        spans = []
        for r in srel:
            a, b = Fraction(r.at), min(Fraction(r.at + W), Fraction(E1))
            if b > a:
                spans.append((a, b))
        # Over the chance test's span, like the overall figure.
        inc_s = [i for i in pinc if i.start >= E0 and slo_matches(slo, i.services)]
        # Inside the union of the SLO's windows: inside any one of them.
        sk = sum(1 for i in inc_s if any(a <= i.start < b for a, b in spans))
        merged = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        covered_s = sum((b - a for a, b in merged), Fraction(0))
        cov_s = covered_s / span_ms if span_ms > 0 else Fraction(0)
        basis = {"releases": len(srel), "k": sk, "n": len(inc_s)}
        if span_ms > 0:
            basis["coverage"] = num(cov_s)
        else:
            basis["coverage"] = None
            basis["coverage_reason"] = "no elapsed time"
        entry["release_windows"] = basis
        attributable(entry, sk, len(inc_s), cov_s, span_ms)

    begun = [(label, lo, hi) for label, lo, hi in months if lo < as_of]
    rel_m = [sum(1 for r in prel if lo <= r.at < hi) for _, lo, hi in begun]
    inc_m = [sum(1 for i in pinc if lo <= i.start < hi) for _, lo, hi in begun]
    bad_m = [first_curve.bad_ms(lo, min(hi, as_of)) for _, lo, hi in begun]
    for key, ys in (("spearman_releases_incidents", inc_m), ("spearman_releases_bad_minutes", bad_m)):
        rho = spearman(rel_m, ys)
        corr[key] = rho
        if rho is None:
            corr[key + "_reason"] = "undefined"

    D = conf["days"]
    starts = sorted(i.start for i in live)
    es = {"days": [-D, D]}
    if elapsed_ms > 0:
        es["baseline_per_day"] = num(Fraction(n) / Fraction(elapsed_ms, MS_DAY))
    else:
        es["baseline_per_day"] = None
        es["baseline_per_day_reason"] = "no elapsed time"
    means = []
    for d in range(-D, D + 1):
        tot = 0
        for r in prel:
            a, b = r.at + d * MS_DAY, r.at + (d + 1) * MS_DAY
            tot += bisect.bisect_left(starts, b) - bisect.bisect_left(starts, a)
        means.append(tot / nrel if nrel else None)
    es["mean_per_day"] = means
    if nrel == 0:
        # A mean over no releases: the whole series is undefined.
        es["mean_per_day"] = None
        es["mean_per_day_reason"] = "no releases in the period"
    corr["event_study"] = es
    out["correlation"] = corr
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("incidents")
    ap.add_argument("-c", "--config")
    ap.add_argument("-r", "--releases")
    ap.add_argument("--month")
    ap.add_argument("--history", type=int, default=12)
    ap.add_argument("--from", dest="from_")
    ap.add_argument("--to")
    ap.add_argument("--tz")
    ap.add_argument("--slo")
    ap.add_argument("--window")
    ap.add_argument("--as-of", dest="as_of")
    ap.add_argument("--maintenance", action="append")
    args = ap.parse_args()
    try:
        out = compute(args)
    except InputError as e:
        print("spec_reference: %s" % e, file=sys.stderr)
        return 2
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
