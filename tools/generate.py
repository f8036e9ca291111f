#!/usr/bin/env python3
"""generate.py: writes synthetic incident and release histories in tierzero's native formats.

The histories look like a real status page's: more incidents in the 72 hours
after a release (a real, detectable association), log-normal durations with a
long tail, overlapping incidents, incidents whose impact changes over time
(segments), detection a few minutes after the start, a few ongoing incidents
at the very end of the history, and postmortem material (timeline, root cause,
resolution, action items) on the major ones.

Examples:

    tools/generate.py --sample --out-dir samples
    tools/generate.py --incidents 1000000 --releases 20000 --services 12 \\
        --years 10 --start 2016-01 --seed 7 --format ndjson --out-dir /tmp/big

Writes DIR/incidents.json (or incidents.ndjson), DIR/releases.json and
DIR/config.json. The same options and seed give byte-identical files on any
Python 3.9 or later: the only source of randomness is random.Random.random(),
whose sequence for an integer seed is fixed, and every time is formatted from
integer seconds. Incidents are written one at a time, in order of their start,
so memory stays small whatever their number.

Standard library only.
"""

import argparse
import bisect
import heapq
import json
import math
import os
import random
import sys

MINUTE = 60
HOUR = 3600
DAY = 86400
INF = float("inf")
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

IMPACTS = ("none", "degraded_performance", "partial_outage", "major_outage")
IMPACT_RANK = {name: i for i, name in enumerate(IMPACTS)}
SEVERITY = {"none": "SEV4", "degraded_performance": "SEV3",
            "partial_outage": "SEV2", "major_outage": "SEV1"}


# ---------------------------------------------------------------- calendar

def days_from_civil(y, m, d):
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant)."""
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    """(year, month, day) of a day count since 1970-01-01."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def ts(y, m, d, hh=0, mm=0, ss=0):
    """Seconds since the epoch of a UTC wall-clock time."""
    return days_from_civil(y, m, d) * DAY + hh * HOUR + mm * MINUTE + ss


def month_start(y, m):
    return ts(y + (m - 1) // 12, (m - 1) % 12 + 1, 1)


def weekday(t):
    """0 = Monday ... 6 = Sunday."""
    return (t // DAY + 3) % 7


_DATE_CACHE = {}


def fmt_date(t):
    day = t // DAY
    s = _DATE_CACHE.get(day)
    if s is None:
        s = "%04d-%02d-%02d" % civil_from_days(day)
        _DATE_CACHE[day] = s
    return s


def fmt_time(t):
    """RFC 3339 in UTC, whole seconds: 2026-10-03T14:05:00Z."""
    sec = t % DAY
    return "%sT%02d:%02d:%02dZ" % (fmt_date(t), sec // HOUR, sec // MINUTE % 60, sec % 60)


def fmt_clock(t):
    sec = t % DAY
    return "%02d:%02d" % (sec // HOUR, sec // MINUTE % 60)


def fmt_duration(seconds):
    minutes = max(1, int(round(seconds / 60.0)))
    if minutes < 60:
        return "%d minutes" % minutes
    h, m = divmod(minutes, 60)
    hours = "1 hour" if h == 1 else "%d hours" % h
    return hours if m == 0 else "%s %d minutes" % (hours, m)


def parse_month(text):
    try:
        y, m = text.split("-")
        y, m = int(y), int(m)
    except ValueError:
        raise argparse.ArgumentTypeError("expected YYYY-MM, got %r" % text)
    if not (1 <= m <= 12 and 1970 <= y <= 9000):
        raise argparse.ArgumentTypeError("expected YYYY-MM, got %r" % text)
    return y, m


# ------------------------------------------------------------- randomness

class Rand:
    """Every draw comes from random.Random.random(), stable across versions."""

    def __init__(self, seed):
        self.f = random.Random(seed).random

    def uniform(self, a, b):
        return a + (b - a) * self.f()

    def below(self, n):
        i = int(self.f() * n)
        return i if i < n else n - 1

    def chance(self, p):
        return self.f() < p

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, items, cum):
        """items[i] with probability proportional to cum[i] - cum[i-1]."""
        return items[min(bisect.bisect_right(cum, self.f() * cum[-1]), len(items) - 1)]

    def normal(self):
        u1 = 1.0 - self.f()  # (0, 1]
        u2 = self.f()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def lognormal(self, median, sigma):
        return median * math.exp(sigma * self.normal())

    def truncated_exp(self, mean, limit):
        """Exponential with the given mean, conditioned on being below limit."""
        u = self.f()
        return -mean * math.log(1.0 - u * (1.0 - math.exp(-limit / mean)))

    def code(self):
        """Twelve base-36 characters, like a status page's incident code."""
        n = int(self.f() * 2176782336) * 2176782336 + int(self.f() * 2176782336)
        out = []
        for _ in range(12):
            n, d = divmod(n, 36)
            out.append(BASE36[d])
        return "".join(out)


def cumulative(weights):
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# --------------------------------------------------------------- profiles

class Service:
    def __init__(self, name, weight, active_from=None, slug=None, team="platform"):
        self.name = name
        self.weight = weight
        self.active_from = active_from
        self.slug = slug or name.lower().replace(".", "-").replace(" ", "-")
        self.team = team


GENERIC_NAMES = [
    ("api", "api-platform"), ("web", "web-frontend"), ("auth", "identity"),
    ("payments", "payments"), ("search", "search"), ("storage", "storage"),
    ("mobile", "mobile"), ("notifications", "messaging"), ("billing", "payments"),
    ("analytics", "data-platform"), ("email", "messaging"), ("cdn", "networking"),
    ("database", "storage"), ("queue", "platform"), ("admin", "web-frontend"),
    ("reporting", "data-platform"),
]

GENERIC_TITLES = {
    "none": ["Scheduled job delays for {s}", "Status updates for {s} delayed",
             "Intermittent metric gaps for {s}"],
    "degraded_performance": ["Increased latency on {s}", "Degraded performance of {s}",
                             "Slow responses from {s}", "Delays in {s} processing"],
    "partial_outage": ["Elevated error rates on {s}", "Intermittent failures in {s}",
                       "Partial outage of {s}", "Some requests to {s} failing"],
    "major_outage": ["{s} unavailable", "Major outage of {s}", "{s} is down",
                     "Widespread errors on {s}"],
}

PROVIDER_MODELS = [
    (ts(2024, 3, 4), "Claude 3 Opus"),
    (ts(2024, 6, 20), "Claude 3.5 Sonnet"),
    (ts(2024, 11, 4), "Claude 3.5 Haiku"),
    (ts(2025, 2, 24, 18, 30), "Claude 3.7 Sonnet"),
    (ts(2025, 5, 22, 16, 30), "Claude Sonnet 4"),
    (ts(2025, 5, 22, 16, 30), "Claude Opus 4"),
    (ts(2025, 8, 5, 16, 0), "Claude Opus 4.1"),
    (ts(2025, 9, 29, 16, 30), "Claude Sonnet 4.5"),
    (ts(2025, 10, 15, 16, 0), "Claude Haiku 4.5"),
    (ts(2025, 11, 24, 18, 0), "Claude Opus 4.5"),
    (ts(2026, 2, 5, 17, 30), "Claude Opus 4.6"),
    (ts(2026, 2, 17, 17, 0), "Claude Sonnet 4.6"),
]

# Titles per component and impact; {m} is a model available at the time.
PROVIDER_TITLES = {
    "API": {
        "none": ["Delayed usage reporting for the API", "Batch API results delayed"],
        "degraded_performance": ["Increased latency on the Messages API",
                                 "Increased latency on {m}", "Batch API processing delays",
                                 "Slow responses from the Token Counting API"],
        "partial_outage": ["Elevated errors on {m}", "Elevated errors on the Messages API",
                           "Elevated errors on the Files API",
                           "Increased rate of overloaded errors on {m}"],
        "major_outage": ["Elevated errors on {m}", "API unavailable",
                         "Elevated errors across the API"],
    },
    "claude.ai": {
        "none": ["Delayed email verification on claude.ai"],
        "degraded_performance": ["Slow responses on claude.ai",
                                 "Artifacts failing to render on claude.ai",
                                 "Conversation history slow to load on claude.ai"],
        "partial_outage": ["Elevated errors on claude.ai", "Login issues on claude.ai",
                           "File uploads failing on claude.ai",
                           "Elevated errors on {m} in claude.ai",
                           "Web search unavailable on claude.ai"],
        "major_outage": ["claude.ai unavailable", "Elevated errors on claude.ai"],
    },
    "Console": {
        "none": ["Usage and cost reports delayed in the Console"],
        "degraded_performance": ["Usage and cost reports delayed in the Console",
                                 "Workbench slow to respond in the Console"],
        "partial_outage": ["Console login failures", "Workbench errors in the Console",
                           "API key management unavailable in the Console"],
        "major_outage": ["Console unavailable"],
    },
    "Claude Code": {
        "none": ["Delayed usage reporting for Claude Code"],
        "degraded_performance": ["Increased latency in Claude Code",
                                 "Slow responses from {m} in Claude Code"],
        "partial_outage": ["Elevated errors in Claude Code",
                           "Claude Code sessions failing to start",
                           "Claude Code authentication failures",
                           "Elevated errors on {m} in Claude Code"],
        "major_outage": ["Claude Code unavailable", "Elevated errors in Claude Code"],
    },
}

BACKGROUND_CAUSES = ["change-unlinked", "capacity", "dependency", "infrastructure", None]
BACKGROUND_CAUSE_CUM = [0.25, 0.45, 0.65, 0.9, 1.0]

SYMPTOM = {
    "none": "delays",
    "degraded_performance": "increased latency",
    "partial_outage": "elevated error rates",
    "major_outage": "widespread errors",
}

ROOT_CAUSES = {
    "change": [
        "A configuration change to request routing in {svc}, shipped in {rel}, sent "
        "part of the traffic to a pool that had not been provisioned for it.",
        "The deploy {rel} introduced a regression in connection handling in {svc} that "
        "exhausted the pool of upstream connections at peak load.",
        "A feature flag enabled by {rel} triggered an unbounded retry loop in {svc}, "
        "which multiplied the load on the serving fleet.",
    ],
    "change-unlinked": [
        "A configuration push to the {svc} load balancers removed a health-check "
        "override, and healthy hosts were taken out of rotation.",
        "A schema migration held a lock on a busy table longer than expected, and "
        "requests to {svc} timed out behind it.",
    ],
    "capacity": [
        "Demand exceeded the capacity provisioned for {svc}; requests queued until the "
        "load balancers began shedding them.",
        "A sharp rise in long requests saturated memory on part of the {svc} fleet, and "
        "the autoscaler added hosts more slowly than load arrived.",
    ],
    "dependency": [
        "An upstream cloud provider had a regional networking incident that dropped "
        "part of the traffic between the front end and {svc}.",
        "The identity provider returned errors for token refreshes, so sign-ins and "
        "session renewals for {svc} failed.",
    ],
    "infrastructure": [
        "A faulty top-of-rack switch caused packet loss to a group of {svc} hosts; "
        "health checks flapped and the hosts were drained and re-added repeatedly.",
        "A database failover for {svc} took longer than expected because the replica "
        "was several minutes behind the primary.",
        "A certificate rotation on an internal load balancer did not reach every node, "
        "and connections to those nodes failed their TLS handshake.",
    ],
}

RESOLUTIONS = {
    "change": ["Rolled back {rel} and drained the affected hosts.",
               "Reverted the change in {rel} and restarted the affected workers."],
    "change-unlinked": ["Reverted the configuration and returned the hosts to rotation.",
                        "Stopped the migration and restarted it in smaller batches."],
    "capacity": ["Added capacity and raised the rate limits back step by step.",
                 "Shifted traffic to spare capacity in another region."],
    "dependency": ["Failed over to a healthy region and moved traffic back once the "
                   "provider recovered.",
                   "Extended session lifetimes until the identity provider recovered."],
    "infrastructure": ["Replaced the faulty switch and returned the hosts to service.",
                       "Promoted a current replica and rebuilt the lagging one.",
                       "Re-ran the certificate rotation and added a check that every "
                       "node serves the new certificate."],
}

ACTION_TITLES = [
    "Add a canary stage with automatic rollback for {svc} deploys",
    "Alert on error rate per model and endpoint, not only in aggregate",
    "Load-test {svc} at twice the expected peak",
    "Write a runbook for regional failover of {svc}",
    "Cap client retries with jittered exponential backoff",
    "Add a pre-deploy check of the connection-pool configuration",
    "Page on elevated 5xx rates after 2 minutes instead of 10",
    "Run a game day with the identity provider unavailable",
    "Show per-component status automatically from health checks",
    "Add capacity headroom alerts to the launch checklist",
]


class Profile:
    """Service names, titles and release names of one kind of organisation."""

    def __init__(self, kind, n_services):
        self.kind = kind
        if kind == "provider":
            self.services = [
                Service("API", 42, team="api-platform"),
                Service("claude.ai", 33, team="web-frontend"),
                Service("Console", 12, team="developer-platform"),
                Service("Claude Code", 13, active_from=ts(2025, 2, 24, 18, 30),
                        team="developer-platform"),
            ]
            self.status_host = "https://status.example.com/incidents/"
        else:
            self.services = []
            for i in range(n_services):
                if i < len(GENERIC_NAMES):
                    name, team = GENERIC_NAMES[i]
                else:
                    name, team = "service-%02d" % (i + 1), "platform"
                # Zipf-like: the first services see most of the incidents.
                self.services.append(Service(name, 1.0 / (i + 1) ** 0.8, team=team))
            self.status_host = "https://status.example.com/incidents/"
        self.cum = cumulative(s.weight for s in self.services)
        self.model_times = [t for t, _ in PROVIDER_MODELS]
        self._pool_cum = {}  # services become active in list order, so a length names a pool

    def active(self, t):
        return [s for s in self.services if s.active_from is None or t >= s.active_from]

    def pick_services(self, rng, t, count):
        pool = self.active(t)
        cum = self._pool_cum.get(len(pool))
        if cum is None:
            cum = self._pool_cum[len(pool)] = cumulative(s.weight for s in pool)
        chosen = []
        for _ in range(count * 4):
            s = rng.weighted(pool, cum)
            if s not in chosen:
                chosen.append(s)
            if len(chosen) == count or len(chosen) == len(pool):
                break
        chosen.sort(key=self.services.index)
        return chosen

    def model_at(self, rng, t):
        n = bisect.bisect_right(self.model_times, t)
        recent = [name for _, name in PROVIDER_MODELS[max(0, n - 4):n]]
        if not recent:
            return "the Messages API"  # before the first model listed
        recent.reverse()  # newest first, picked most often
        return rng.weighted(recent, cumulative([4, 3, 2, 1][:len(recent)]))

    def title(self, rng, t, services, impact, model=None):
        main = services[0]
        if self.kind == "provider":
            if len(services) >= 3 and impact in ("partial_outage", "major_outage"):
                names = [s.name for s in services]
                return "Elevated errors across %s and %s" % (", ".join(names[:-1]), names[-1])
            pattern = rng.choice(PROVIDER_TITLES[main.name][impact])
            if model is not None and main.name in ("API", "claude.ai", "Claude Code") \
                    and impact in ("partial_outage", "major_outage") and rng.chance(0.7):
                pattern = {"API": "Elevated errors on {m}",
                           "claude.ai": "Elevated errors on {m} in claude.ai",
                           "Claude Code": "Elevated errors on {m} in Claude Code"}[main.name]
            if "{m}" in pattern:
                return pattern.replace("{m}", model or self.model_at(rng, t))
            return pattern
        pattern = rng.choice(GENERIC_TITLES[impact])
        if len(services) > 1:
            target = " and ".join(s.name for s in services[:2])
        else:
            target = main.name
        title = pattern.replace("{s}", target)
        return title[0].upper() + title[1:]


# ---------------------------------------------------------------- releases

class Release:
    __slots__ = ("t", "id", "name", "services", "kind", "url", "weight", "model")

    def __init__(self, t, rid, name, services, kind, url, weight=1.0, model=None):
        self.t, self.id, self.name, self.services = t, rid, name, services
        self.kind, self.url, self.weight, self.model = kind, url, weight, model

    def record(self):
        rec = {"id": self.id, "name": self.name, "released_at": fmt_time(self.t),
               "services": [s.name for s in self.services], "kind": self.kind}
        if self.url:
            rec["url"] = self.url
        return rec


def deploy_day_weights(d0, days):
    """Deploys happen on working days, rarely on weekends."""
    per_weekday = [1.0, 1.0, 1.0, 0.9, 0.55, 0.12, 0.1]
    return cumulative(per_weekday[(d0 + i + 3) % 7] for i in range(days))


def random_releases(rng, profile, count, p0, p1):
    """count deploys of one or two services in [p0, p1), sorted by time."""
    if count <= 0:
        return []
    d0, days = p0 // DAY, max(1, (p1 - p0) // DAY)
    day_cum = deploy_day_weights(d0, days)
    raw = []
    for _ in range(count):
        day = min(bisect.bisect_right(day_cum, rng.f() * day_cum[-1]), days - 1)
        hour = min(23.9, max(8.0, 17.0 + 2.5 * rng.normal()))
        t = (d0 + day) * DAY + int(hour * HOUR) + rng.below(60)
        t = min(max(t, p0), p1 - 1)
        n_svc = 2 if rng.chance(0.12) and len(profile.active(t)) > 1 else 1
        services = profile.pick_services(rng, t, n_svc)
        kind = "deploy"
        if profile.kind != "provider":
            u = rng.f()
            kind = "deploy" if u < 0.8 else ("config" if u < 0.95 else "migration")
        raw.append((t, services, kind))
    raw.sort(key=lambda r: r[0])
    return name_releases(raw)


def name_releases(raw):
    seen = {}
    out = []
    for t, services, kind in raw:
        slug = services[0].slug
        base = "rel-%s-%s" % (slug, fmt_date(t))
        n = seen.get(base, 0) + 1
        seen[base] = n
        rid = base if n == 1 else "%s.%d" % (base, n)
        label = {"deploy": "deploy", "config": "configuration change",
                 "migration": "database migration"}[kind]
        name = "%s %s %s" % (" + ".join(s.name for s in services), label, fmt_date(t))
        if n > 1:
            name += " #%d" % n
        url = "https://deploys.example.com/%s/%s" % (slug, rid)
        weight = {"deploy": 1.0, "config": 1.3, "migration": 2.0}[kind]
        out.append(Release(t, rid, name, services, kind, url, weight))
    return out


# --------------------------------------------------------------- incidents

class Shape:
    """Tunable proportions of a history."""

    impact_weights = (("none", 0.05), ("degraded_performance", 0.42),
                      ("partial_outage", 0.38), ("major_outage", 0.15))
    median_minutes = {"none": 40, "degraded_performance": 55, "partial_outage": 42,
                      "major_outage": 35}
    sigma = 1.0
    induced_share = 0.28   # incidents set off by a release, within 72 h of it
    cascade_share = 0.05   # knock-on incidents that overlap the one before
    trend = 0.6            # incidents per hour grow by this share over the history
    segment_share = 0.22   # of partial and major outages long enough
    window_hours = 72
    postmortem_extra = 0.0  # share of partial outages that also get a postmortem


class Engine:
    """Draws one history's incidents in order of their start, one at a time."""

    def __init__(self, rng, profile, shape, p0, p1, export_end, n_incidents, releases):
        self.rng, self.profile, self.shape = rng, profile, shape
        self.p0, self.p1, self.export_end = p0, p1, export_end
        self.n = n_incidents
        self.releases = releases
        self.impacts = [name for name, _ in shape.impact_weights]
        self.impact_cum = cumulative(w for _, w in shape.impact_weights)
        self._build_hour_table()

    # When background incidents happen: a weekly rhythm (US working hours
    # busiest, weekends quieter) on top of a slow growth.
    def _build_hour_table(self):
        h0 = self.p0 // HOUR
        hours = max(1, (self.p1 - self.p0 + HOUR - 1) // HOUR)
        by_hour = [0.75, 0.7, 0.65, 0.6, 0.6, 0.65, 0.75, 0.85, 0.95, 1.0, 1.05, 1.1,
                   1.15, 1.25, 1.4, 1.5, 1.55, 1.55, 1.5, 1.4, 1.25, 1.1, 0.95, 0.85]
        trend = self.shape.trend
        weights = []
        for i in range(hours):
            t = (h0 + i) * HOUR
            w = by_hour[(h0 + i) % 24] * (0.75 if weekday(t) >= 5 else 1.0)
            weights.append(w * (1.0 + trend * i / hours))
        self.hour_cum = [0.0] + cumulative(weights)
        self.h0 = h0

    def _warp(self, x):
        """Maps x in [0, 1) to an instant, monotonically, following the hour table."""
        target = x * self.hour_cum[-1]
        i = bisect.bisect_right(self.hour_cum, target) - 1
        i = min(max(i, 0), len(self.hour_cum) - 2)
        width = self.hour_cum[i + 1] - self.hour_cum[i]
        frac = (target - self.hour_cum[i]) / width if width > 0 else 0.0
        t = (self.h0 + i) * HOUR + int(frac * HOUR)
        return min(max(t, self.p0), self.p1 - 1)

    def incidents(self):
        rng, shape = self.rng, self.shape
        rels = self.releases
        n_induced = int(round(shape.induced_share * self.n)) if rels else 0
        n_cascade = int(round(shape.cascade_share * self.n))
        if n_induced + n_cascade > self.n:
            n_induced, n_cascade = self.n, 0
        n_parent = self.n - n_cascade
        n_background = n_parent - n_induced

        # How many incidents each release sets off (multinomial by weight).
        per_release = [0] * len(rels)
        if n_induced:
            rcum = cumulative(r.weight for r in rels)
            for _ in range(n_induced):
                i = min(bisect.bisect_right(rcum, rng.f() * rcum[-1]), len(rels) - 1)
                per_release[i] += 1

        heap = []  # (start, seq, kind, payload)
        seq = 0
        x, left = 0.0, n_background  # ascending uniform order statistics

        def next_background():
            nonlocal x, left
            if left == 0:
                return INF
            x = 1.0 - (1.0 - x) * rng.f() ** (1.0 / left)
            left -= 1
            return self._warp(min(x, 0.999999999))

        nb = next_background()
        ri = 0
        parents_left, cascades_left = n_parent, n_cascade
        window = shape.window_hours * HOUR
        while True:
            top = heap[0][0] if heap else INF
            cand = nb if nb < top else top
            if ri < len(rels) and rels[ri].t <= cand:
                r = rels[ri]
                ri += 1
                room = min(window, self.p1 - r.t)
                for _ in range(per_release[ri - 1]):
                    mean = 10 * HOUR if r.kind == "model" else 16 * HOUR
                    delay = int(rng.truncated_exp(mean, room)) if room > 0 else 0
                    seq += 1
                    heapq.heappush(heap, (r.t + delay, seq, "induced", r))
                continue
            if cand == INF:
                break
            if top <= nb:
                start, _, kind, payload = heapq.heappop(heap)
            else:
                start, kind, payload = nb, "background", None
                nb = next_background()
            if kind == "cascade":
                rec, end = self._cascade(start, payload)
            else:
                rec, end = self._incident(start, payload if kind == "induced" else None)
                if cascades_left and rng.f() * parents_left < cascades_left:
                    cascades_left -= 1
                    offset = max(2 * MINUTE, int((end - start) * rng.uniform(0.05, 0.6)))
                    when = min(start + offset, self.p1 - MINUTE)
                    seq += 1
                    heapq.heappush(heap, (max(when, start), seq, "cascade", (rec, end)))
                parents_left -= 1
            yield rec

    # -- one incident

    def _draw_impact(self):
        return self.rng.weighted(self.impacts, self.impact_cum)

    def _duration(self, impact):
        rng = self.rng
        minutes = rng.lognormal(self.shape.median_minutes[impact], self.shape.sigma)
        if rng.chance(0.02):
            minutes *= rng.uniform(3.0, 8.0)  # the long tail
        return int(min(max(minutes, 3.0), 4 * 24 * 60) * MINUTE) + self.rng.below(60)

    def _incident(self, start, release):
        rng, profile = self.rng, self.profile
        model = None
        if release is not None:
            services = [s for s in release.services
                        if s.active_from is None or start >= s.active_from]
            services = services or list(release.services)
            if len(services) > 1:
                services = [rng.choice(services)] if rng.chance(0.6) else services[:2]
            model = release.model
            cause = "capacity" if release.kind == "model" else "change"
        else:
            u = rng.f()
            count = 1 if u < 0.86 else (2 if u < 0.97 else 3)
            services = profile.pick_services(rng, start, count)
            cause = rng.weighted(BACKGROUND_CAUSES, BACKGROUND_CAUSE_CUM)
        impact = self._draw_impact()
        if model is not None and impact in ("none", "degraded_performance") and rng.chance(0.5):
            impact = "partial_outage"
        title = profile.title(rng, start, services, impact, model)
        return self._build(start, title, services, impact, cause, release)

    def _cascade(self, start, parent):
        rng, profile = self.rng, self.profile
        prec, _ = parent
        parent_services = set(prec["services"])
        pool = [s for s in profile.active(start) if s.name not in parent_services]
        if not pool:
            pool = profile.active(start)
        services = [rng.weighted(pool, cumulative(s.weight for s in pool))]
        worst = IMPACT_RANK[prec["impact"]]
        impact = IMPACTS[max(1, min(worst, IMPACT_RANK[self._draw_impact()]))]
        title = profile.title(rng, start, services, impact)
        note = "Knock-on effect of %s (%s)." % (prec["id"], prec["title"])
        return self._build(start, title, services, impact, "dependency", None, note)

    def _build(self, start, title, services, impact, cause, release, note=None):
        rng, shape = self.rng, self.shape
        duration = self._duration(impact)
        end = start + duration
        ongoing = end > self.export_end
        names = [s.name for s in services]
        rec = {"id": None, "title": title, "services": names, "impact": impact,
               "severity": SEVERITY[impact]}
        if impact == "major_outage" and duration < 15 * MINUTE and rng.chance(0.5):
            rec["severity"] = "SEV2"
        rec["started_at"] = fmt_time(start)

        detected = None
        if rng.chance(0.93):
            lag = 0 if rng.chance(0.02) else int(rng.lognormal(4.0, 0.8) * MINUTE)
            detected = start + min(lag, 60 * MINUTE, duration // 2)
            rec["detected_at"] = fmt_time(detected)
        mitigated = None
        serious = impact in ("partial_outage", "major_outage")
        if serious and rng.chance(0.6):
            base = detected if detected is not None else start
            mitigated = base + int((end - base) * rng.uniform(0.45, 0.9))
            if mitigated <= self.export_end:
                rec["mitigated_at"] = fmt_time(mitigated)
        rec["resolved_at"] = None if ongoing else fmt_time(end)

        segments = None
        if serious and duration >= 30 * MINUTE and rng.chance(shape.segment_share):
            segments = self._segments(start, end, ongoing, impact, services)
            worst = max(IMPACT_RANK[seg["impact"]] for seg in segments)
            if worst > IMPACT_RANK[impact]:
                rec["impact"] = impact = IMPACTS[worst]
                rec["severity"] = SEVERITY[impact]
        if release is not None and rng.chance(0.6):
            rec["caused_by"] = [release.id]
        if cause is not None:
            rec["cause"] = "change" if cause == "change-unlinked" else cause

        svc_text = " and ".join(names) if len(names) <= 2 else \
            ", ".join(names[:-1]) + " and " + names[-1]
        postmortem = not ongoing and (impact == "major_outage" or (
            impact == "partial_outage" and rng.chance(shape.postmortem_extra)))
        if serious or postmortem:
            window = "Between %s and %s UTC" % (fmt_clock(start), fmt_clock(end)) \
                if end - start < DAY and not ongoing else "From %s UTC" % fmt_time(start)[:16]
            rec["summary"] = "%s, %s saw %s%s." % (
                window, svc_text, SYMPTOM[impact],
                "" if ongoing else " for %s" % fmt_duration(end - start))
        if note is not None:
            rec["summary"] = note + (" " + rec["summary"] if "summary" in rec else "")
        if postmortem:
            key = cause or "infrastructure"
            rel = release.id if release is not None else "a recent deploy"
            rec["root_cause"] = rng.choice(ROOT_CAUSES[key]).format(svc=names[0], rel=rel)
            rec["resolution"] = rng.choice(RESOLUTIONS[key]).format(rel=rel)
        if serious or rng.chance(0.25):
            rec["timeline"] = self._timeline(start, detected, mitigated, end, ongoing,
                                             impact, svc_text)
        if postmortem:
            rec["action_items"] = self._actions(end, services)
        if segments:
            rec["segments"] = segments
        rec["url"] = self.profile.status_host + rng.code()
        return rec, end

    def _timeline(self, start, detected, mitigated, end, ongoing, impact, svc_text):
        rng = self.rng
        first = detected if detected is not None else start + 2 * MINUTE
        entries = [(first, "investigating", "We are investigating %s on %s." %
                    (SYMPTOM[impact], svc_text))]
        span = max(end - first, 4 * MINUTE)
        identified = first + int(span * rng.uniform(0.2, 0.45))
        entries.append((identified, "identified",
                        "The issue has been identified and a fix is being implemented."))
        if span > 3 * HOUR:
            entries.append((first + int(span * 0.55), "identified",
                            "We are continuing to work on a fix for this issue."))
        watch = mitigated if mitigated is not None else first + int(span * rng.uniform(0.6, 0.85))
        entries.append((max(watch, identified + MINUTE), "monitoring",
                        "A fix has been implemented and we are monitoring the results."))
        entries.append((end, "resolved", "This incident has been resolved."))
        return [{"at": fmt_time(t), "status": s, "text": x} for t, s, x in entries
                if t <= self.export_end and (t < end or s == "resolved")]

    def _actions(self, end, services):
        rng = self.rng
        out = []
        titles = list(ACTION_TITLES)
        for _ in range(2 + rng.below(3)):
            i = rng.below(len(titles))
            title = titles.pop(i).format(svc=services[0].name)
            due = end + (7 + rng.below(40)) * DAY
            age = self.export_end - due
            if age > 30 * DAY:
                status = "done" if rng.chance(0.85) else "in_progress"
            elif age > 0:
                status = rng.weighted(["done", "in_progress", "open"], cumulative([5, 3, 2]))
            else:
                status = rng.weighted(["done", "in_progress", "open"], cumulative([1, 3, 4]))
            out.append({"title": title, "owner": rng.choice(services).team,
                        "status": status, "due": fmt_date(due)})
        return out

    def _segments(self, start, end, ongoing, impact, services):
        """The impact over time: a partial outage becoming major, then degraded."""
        rng = self.rng
        span = end - start
        a = start + int(span * rng.uniform(0.1, 0.35))
        b = a + int((end - a) * rng.uniform(0.3, 0.7))
        last_to = None if ongoing else fmt_time(end)
        names = [s.name for s in services]
        if rng.chance(0.6):
            steps = [(start, a, "partial_outage"), (a, b, "major_outage"),
                     (b, None, "degraded_performance")]
        else:
            steps = [(start, a, impact), (a, None, "degraded_performance")]
        segs = []
        for frm, to, imp in steps:
            seg = {"from": fmt_time(frm), "to": last_to if to is None else fmt_time(to),
                   "impact": imp}
            segs.append(seg)
        if len(names) > 1:
            # The second service joins late and only partially.
            segs.append({"from": fmt_time(a), "to": fmt_time(b) if b < end else last_to,
                         "impact": "partial_outage", "services": names[1:]})
            for seg in segs[:-1]:
                seg["services"] = names[:1]
        return segs


# ----------------------------------------------------------------- writing

def dump_compact(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def dump_pretty(obj, indent):
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    return indent + text.replace("\n", "\n" + indent)


def write_incidents(path, fmt, records, id_prefix, id_width, first_number=1, pretty=False):
    """Writes records in order, numbering their ids; returns how many.

    The JSON document has one incident per line, or, pretty, indented for
    people to read (the sample; about twice as slow for large histories)."""
    count = 0
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        if fmt == "json":
            f.write('{\n  "incidents": [\n')
        for rec in records:
            rec["id"] = "%s%0*d" % (id_prefix, id_width, first_number + count)
            if fmt == "ndjson":
                f.write(dump_compact(rec))
                f.write("\n")
            else:
                if count:
                    f.write(",\n")
                f.write(dump_pretty(rec, "    ") if pretty else "    " + dump_compact(rec))
            count += 1
        if fmt == "json":
            f.write("\n  ]\n}\n" if count else "  ]\n}\n")
    os.replace(path + ".tmp", path)
    return count


def write_json(path, doc):
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write(json.dumps(doc, ensure_ascii=False, indent=2))
        f.write("\n")
    os.replace(path + ".tmp", path)


def write_releases(path, releases):
    with open(path + ".tmp", "w", encoding="utf-8", newline="\n") as f:
        f.write('{\n  "releases": [\n')
        for i, r in enumerate(releases):
            f.write(("    " if i == 0 else ",\n    ") + dump_compact(r.record()))
        f.write("\n  ]\n}\n" if releases else "  ]\n}\n")
    os.replace(path + ".tmp", path)


WEIGHTS = {"major_outage": 1.0, "partial_outage": 0.3, "degraded_performance": 0.0}


def general_config(profile, window_hours):
    names = [s.name for s in profile.services]
    slos = [{"name": "All services", "services": ["*"], "objective_pct": 99.5,
             "weights": dict(WEIGHTS)}]
    for name, objective in zip(names[:2], (99.9, 99.5)):
        slos.append({"name": "%s availability" % name, "services": [name],
                     "objective_pct": objective, "weights": dict(WEIGHTS)})
    return {
        "report": {"title": "Reliability review", "organization": "Example Corp",
                   "timezone": "UTC", "page_size": "A4"},
        "slos": slos,
        "policy": {"at_risk_pct": 75},
        "correlation": {"window_hours": window_hours, "event_study_days": 14,
                        "match": "same-service"},
        "email": {"from": "sre@example.com", "to": ["engineering-leads@example.com"],
                  "cc": []},
    }


def write_general(args):
    rng = Rand(args.seed)
    profile = Profile(args.profile, args.services)
    y, m = args.start
    months = max(1, int(round(args.years * 12)))
    p0, p1 = month_start(y, m), month_start(y, m + months)
    releases = random_releases(rng, profile, args.releases, p0, p1)
    shape = Shape()
    engine = Engine(rng, profile, shape, p0, p1, p1, args.incidents, releases)
    os.makedirs(args.out_dir, exist_ok=True)
    name = "incidents.ndjson" if args.format == "ndjson" else "incidents.json"
    width = max(4, len(str(args.incidents)))
    n = write_incidents(os.path.join(args.out_dir, name), args.format,
                        engine.incidents(), "INC-", width)
    write_releases(os.path.join(args.out_dir, "releases.json"), releases)
    write_json(os.path.join(args.out_dir, "config.json"),
               general_config(profile, shape.window_hours))
    return n, len(releases)


# ------------------------------------------------------------------ sample

SAMPLE_SEED = 20261031
SAMPLE_ENGINE_INCIDENTS = 306
SAMPLE_ENGINE_DEPLOYS = 140

# Public model launches (dates as announced; hours UTC plausible).
SAMPLE_MODELS = [
    ("sonnet-3-7", "Claude 3.7 Sonnet", ts(2025, 2, 24, 18, 30), ["API", "claude.ai", "Console"]),
    ("claude-4", "Claude Opus 4 and Claude Sonnet 4", ts(2025, 5, 22, 16, 30),
     ["API", "claude.ai", "Console"]),
    ("opus-4-1", "Claude Opus 4.1", ts(2025, 8, 5, 16, 0), ["API", "claude.ai", "Console"]),
    ("sonnet-4-5", "Claude Sonnet 4.5", ts(2025, 9, 29, 16, 30), ["API", "claude.ai", "Console"]),
    ("haiku-4-5", "Claude Haiku 4.5", ts(2025, 10, 15, 16, 0), ["API", "claude.ai", "Console"]),
    ("opus-4-5", "Claude Opus 4.5", ts(2025, 11, 24, 18, 0), ["API", "claude.ai", "Console"]),
    ("opus-4-6", "Claude Opus 4.6", ts(2026, 2, 5, 17, 30), ["API", "claude.ai", "Console"]),
    ("sonnet-4-6", "Claude Sonnet 4.6", ts(2026, 2, 17, 17, 0), ["API", "claude.ai", "Console"]),
]

# The review month's deploys: the API budget runs out on 14 October, and two
# API deploys still ship after that.
SAMPLE_OCTOBER_DEPLOYS = [
    (ts(2026, 10, 1, 17, 20), ["API"]),
    (ts(2026, 10, 2, 18, 5), ["claude.ai"]),
    (ts(2026, 10, 5, 16, 40), ["Console"]),
    (ts(2026, 10, 8, 19, 15), ["Claude Code"]),
    (ts(2026, 10, 9, 16, 5), ["API"]),
    (ts(2026, 10, 13, 15, 40), ["API"]),
    (ts(2026, 10, 15, 17, 50), ["claude.ai"]),
    (ts(2026, 10, 20, 17, 10), ["API"]),
    (ts(2026, 10, 22, 18, 30), ["Claude Code"]),
    (ts(2026, 10, 27, 16, 30), ["API"]),
    (ts(2026, 10, 29, 17, 45), ["Console"]),
]


def story(start, title, services, impact, resolve, detect=None, mitigate=None, cause=None,
          caused_by=None, segments=None, summary=None, root_cause=None, resolution=None,
          timeline=None, actions=None, url=None):
    """One hand-written incident; times after start are given in minutes."""
    rec = {"id": None, "title": title, "services": services, "impact": impact,
           "severity": SEVERITY[impact], "started_at": fmt_time(start)}
    if detect is not None:
        rec["detected_at"] = fmt_time(start + detect * MINUTE)
    if mitigate is not None:
        rec["mitigated_at"] = fmt_time(start + mitigate * MINUTE)
    rec["resolved_at"] = None if resolve is None else fmt_time(start + resolve * MINUTE)
    if caused_by:
        rec["caused_by"] = caused_by
    if cause:
        rec["cause"] = cause
    for key, value in (("summary", summary), ("root_cause", root_cause),
                       ("resolution", resolution)):
        if value:
            rec[key] = value
    if timeline:
        rec["timeline"] = [{"at": fmt_time(start + mins * MINUTE), "status": status,
                            "text": text} for mins, status, text in timeline]
    if actions:
        rec["action_items"] = [{"title": t, "owner": o, "status": s, "due": d}
                               for t, o, s, d in actions]
    if segments:
        segs = []
        for frm, to, imp, svcs in segments:
            seg = {"from": fmt_time(start + frm * MINUTE),
                   "to": None if to is None else fmt_time(start + to * MINUTE),
                   "impact": imp}
            if svcs:
                seg["services"] = svcs
            segs.append(seg)
        rec["segments"] = segs
    rec["url"] = "https://status.example.com/incidents/" + url
    return rec


def standard_timeline(detect, identified, monitoring, resolve, what):
    out = [(detect, "investigating", "We are investigating %s." % what),
           (identified, "identified",
            "The issue has been identified and a fix is being implemented.")]
    if monitoring is not None:
        out.append((monitoring, "monitoring",
                    "A fix has been implemented and we are monitoring the results."))
    if resolve is not None:
        out.append((resolve, "resolved", "This incident has been resolved."))
    return out


def sample_history_stories():
    """Hand-written multi-hour outages across the history, with postmortems."""
    return [
        story(ts(2025, 3, 11, 15, 2), "Elevated errors on Claude 3.7 Sonnet",
              ["API", "claude.ai"], "major_outage", 162, detect=4, mitigate=131,
              cause="capacity", caused_by=["sonnet-3-7"],
              segments=[(0, 38, "partial_outage", None), (38, 131, "major_outage", None),
                        (131, 162, "degraded_performance", None)],
              summary="Between 15:02 and 17:44 UTC, requests to Claude 3.7 Sonnet on the "
                      "API and claude.ai failed at rising rates; for 93 minutes most "
                      "requests failed.",
              root_cause="Two weeks after the launch, traffic to Claude 3.7 Sonnet kept "
                         "growing past the capacity plan. A routine host rotation removed "
                         "8% of the serving capacity at the daily peak, and the queueing "
                         "that followed pushed request latency past the gateway timeout.",
              resolution="Paused the host rotation, moved capacity from older models and "
                         "raised the gateway timeout for long requests.",
              timeline=standard_timeline(4, 52, 131, 162,
                                         "elevated errors on Claude 3.7 Sonnet"),
              actions=[("Make host rotations capacity-aware at peak", "inference-platform",
                        "done", "2025-04-15"),
                       ("Re-forecast launch capacity weekly for a month after each launch",
                        "capacity-planning", "done", "2025-04-01"),
                       ("Alert on queue time per model", "sre", "done", "2025-03-25")],
              url="k3v9x1mq7d2a"),
        story(ts(2025, 6, 17, 9, 41), "claude.ai unavailable", ["claude.ai"],
              "major_outage", 204, detect=3, mitigate=178, cause="infrastructure",
              summary="Between 09:41 and 13:05 UTC claude.ai did not load for most users; "
                      "the API was not affected.",
              root_cause="A certificate rotation on the load balancers in front of "
                         "claude.ai reached only half of the nodes. Browsers that reached "
                         "the other half failed the TLS handshake, and the client's retry "
                         "logic concentrated traffic on the healthy nodes until they "
                         "overloaded.",
              resolution="Re-ran the rotation on every node, then let traffic back in "
                         "region by region.",
              timeline=standard_timeline(3, 61, 178, 204, "reports that claude.ai does "
                                                          "not load"),
              actions=[("Check every node serves the new certificate before rotation "
                        "completes", "web-frontend", "done", "2025-07-15"),
                       ("Add client retry backoff with jitter in the web app",
                        "web-frontend", "done", "2025-07-31")],
              url="p0q8n2vz5c1e"),
        story(ts(2025, 8, 6, 14, 18), "Elevated errors on Claude Opus 4.1",
              ["API", "claude.ai", "Claude Code"], "major_outage", 141, detect=6,
              mitigate=118, cause="capacity", caused_by=["opus-4-1"],
              segments=[(0, 27, "partial_outage", ["API", "claude.ai", "Claude Code"]),
                        (27, 88, "major_outage", ["API", "Claude Code"]),
                        (27, 88, "partial_outage", ["claude.ai"]),
                        (88, 141, "degraded_performance", None)],
              summary="The day after the launch of Claude Opus 4.1, requests to the "
                      "model failed across the API, claude.ai and Claude Code for over "
                      "two hours.",
              root_cause="Launch-day demand for Claude Opus 4.1 was about 2.4 times the "
                         "forecast, mostly from Claude Code. The admission controller "
                         "shed load per region but not per model, so every region "
                         "reached saturation at once.",
              resolution="Added per-model admission limits and brought two reserved "
                         "clusters into service.",
              timeline=standard_timeline(6, 40, 118, 141, "elevated errors on Claude "
                                                          "Opus 4.1"),
              actions=[("Shed load per model, not only per region", "inference-platform",
                        "done", "2025-09-01"),
                       ("Keep reserved clusters warm for a week after each launch",
                        "capacity-planning", "done", "2025-08-29")],
              url="m4t7w0ze9b3k"),
        story(ts(2025, 11, 25, 16, 7), "Elevated errors on Claude Opus 4.5",
              ["API", "claude.ai", "Console"], "major_outage", 118, detect=5,
              mitigate=97, cause="capacity", caused_by=["opus-4-5"],
              segments=[(0, 44, "partial_outage", None), (44, 81, "major_outage", ["API"]),
                        (44, 97, "partial_outage", ["claude.ai", "Console"]),
                        (81, 118, "degraded_performance", ["API"])],
              summary="A day after the launch of Claude Opus 4.5, requests to it failed "
                      "at rising rates for almost two hours.",
              root_cause="A cache of compiled model graphs was sized for the previous "
                         "model. The larger graphs of Claude Opus 4.5 evicted each other, "
                         "so hosts recompiled on every few requests and stopped serving.",
              resolution="Raised the cache size and pinned the graphs of the two newest "
                         "models.",
              timeline=standard_timeline(5, 33, 97, 118,
                                         "elevated errors on Claude Opus 4.5"),
              actions=[("Size the graph cache from the model's manifest",
                        "inference-platform", "done", "2025-12-19"),
                       ("Add the cache hit rate to the launch dashboard", "sre", "done",
                        "2025-12-05"),
                       ("Load-test new models at twice the forecast peak",
                        "capacity-planning", "in_progress", "2026-01-30")],
              url="r2d6c9hx4n8s"),
        story(ts(2026, 2, 5, 18, 55), "Elevated errors on Claude Opus 4.6", ["API"],
              "partial_outage", 96, detect=3, mitigate=70, cause="capacity",
              caused_by=["opus-4-6"],
              summary="In the first two hours after the launch of Claude Opus 4.6, about "
                      "one request in six to the model returned an overloaded error.",
              root_cause="The launch shifted traffic to Claude Opus 4.6 faster than the "
                         "autoscaler moved capacity from older models.",
              resolution="Moved capacity by hand and tuned the autoscaler's reaction time.",
              timeline=standard_timeline(3, 25, 70, 96,
                                         "overloaded errors on Claude Opus 4.6"),
              url="a8f1e6uy2w0g"),
        story(ts(2026, 6, 9, 7, 12), "Elevated errors across API, claude.ai and Console",
              ["API", "claude.ai", "Console"], "major_outage", 251, detect=8,
              mitigate=219, cause="dependency",
              segments=[(0, 31, "partial_outage", None), (31, 196, "major_outage", None),
                        (196, 251, "degraded_performance", None)],
              summary="A regional network failure at our cloud provider took the API, "
                      "claude.ai and the Console down for over four hours.",
              root_cause="A regional networking incident at the cloud provider dropped "
                         "most traffic between the front-end tier and the serving "
                         "clusters. Failover to the second region was manual, and the "
                         "second region needed 40 minutes to absorb the load.",
              resolution="Failed over to the second region, then moved traffic back once "
                         "the provider recovered.",
              timeline=standard_timeline(8, 45, 219, 251, "elevated errors across all "
                                                          "services") +
              [(120, "identified", "Traffic is being moved to another region; error "
                                   "rates are starting to fall.")],
              actions=[("Automate regional failover", "sre", "in_progress", "2026-09-30"),
                       ("Keep the second region at half of peak capacity",
                        "capacity-planning", "done", "2026-07-15"),
                       ("Run a quarterly failover game day", "sre", "open", "2026-12-15")],
              url="h5j2k8lq1z6y"),
    ]


def o(d, h, m):
    """An instant in October 2026, UTC."""
    return ts(2026, 10, d, h, m)


def october_stories():
    """The review month, by hand: the API budget runs out on 14 October."""
    return [
        story(o(2, 9, 12), "Elevated errors on Claude Sonnet 4.6", ["API"],
              "partial_outage", 50, detect=4, mitigate=41, cause="infrastructure",
              summary="Between 09:12 and 10:02 UTC, about 8% of requests to Claude "
                      "Sonnet 4.6 failed.",
              timeline=standard_timeline(4, 19, 41, 50,
                                         "elevated errors on Claude Sonnet 4.6"),
              url="o1a2b3c4d5e6"),
        story(o(4, 13, 30), "File uploads failing on claude.ai", ["claude.ai"],
              "degraded_performance", 118, detect=9, cause="dependency",
              url="o2f7g8h9i0j1"),
        story(o(6, 20, 5), "Usage and cost reports delayed in the Console", ["Console"],
              "degraded_performance", 42, detect=6, url="o3k2l3m4n5p6"),
        story(o(7, 14, 20), "Elevated errors in Claude Code", ["Claude Code"],
              "partial_outage", 35, detect=3, mitigate=27, cause="infrastructure",
              timeline=standard_timeline(3, 12, 27, 35, "elevated errors in Claude Code"),
              url="o4q7r8s9t0u1"),
        story(o(8, 7, 48), "Erhöhte Fehlerrate – Europa", ["API"],
              "degraded_performance", 64, detect=5, cause="dependency",
              summary="Zwischen 07:48 und 08:52 UTC waren Anfragen aus Europa langsamer "
                      "als üblich.",
              url="o5v2w3x4y5z6"),
        story(o(10, 2, 40), "Elevated errors on the Messages API", ["API"], "major_outage",
              25, detect=6, mitigate=18, cause="change",
              caused_by=["rel-api-2026-10-09"],
              summary="Between 02:40 and 03:05 UTC, most requests to the Messages API "
                      "failed after a deploy the evening before.",
              root_cause="The deploy rel-api-2026-10-09 changed the connection-pool "
                         "limits of the gateway. The new limits held at evening load "
                         "and failed at the overnight batch peak.",
              resolution="Rolled back rel-api-2026-10-09.",
              timeline=standard_timeline(6, 11, 18, 25,
                                         "elevated errors on the Messages API"),
              actions=[("Load-test gateway configuration at the batch peak",
                        "api-platform", "in_progress", "2026-11-13"),
                       ("Add a pre-deploy check of the connection-pool configuration",
                        "api-platform", "done", "2026-10-24")],
              url="o6a7b8c9d0e1"),
        story(o(12, 18, 3), "Elevated errors on claude.ai", ["claude.ai"], "major_outage",
              21, detect=2, mitigate=16, cause="infrastructure",
              summary="Between 18:03 and 18:24 UTC claude.ai returned errors for most "
                      "page loads.",
              root_cause="A database failover for the conversation store took longer "
                         "than expected because the replica was minutes behind.",
              resolution="Promoted a current replica and rebuilt the lagging one.",
              timeline=standard_timeline(2, 7, 16, 21, "elevated errors on claude.ai"),
              actions=[("Alert on replica lag above 30 seconds", "web-frontend", "done",
                        "2026-10-26")],
              url="o7f2g3h4i5j6"),
        story(o(14, 6, 10), "Elevated errors on Claude Opus 4.6",
              ["API", "claude.ai", "Claude Code"], "major_outage", 200, detect=4,
              mitigate=125, cause="change", caused_by=["rel-api-2026-10-13"],
              segments=[(0, 30, "partial_outage", ["API"]),
                        (30, 125, "major_outage", ["API", "Claude Code"]),
                        (30, 125, "partial_outage", ["claude.ai"]),
                        (125, 200, "degraded_performance", None)],
              summary="From 06:10 UTC requests to Claude Opus 4.6 failed at rising "
                      "rates; for 95 minutes most requests from the API and Claude Code "
                      "failed, and claude.ai saw partial failures. Latency stayed high "
                      "until 09:30 UTC. This incident used up the rest of the month's "
                      "API error budget.",
              root_cause="The deploy rel-api-2026-10-13 moved request routing for Claude "
                         "Opus 4.6 to a new scheduler. Under the morning peak in Europe "
                         "the scheduler's placement cache expired all at once, every "
                         "gateway asked for placements together, and the scheduler fell "
                         "over. Gateways then retried without backoff, which kept it "
                         "down after each restart.",
              resolution="Rolled back the routing change, restarted the scheduler behind "
                         "a rate limit, and let gateways back in gradually.",
              timeline=[(4, "investigating", "We are investigating elevated errors on "
                                             "Claude Opus 4.6."),
                        (22, "investigating", "Errors are rising; Claude Code and "
                                              "claude.ai are affected too."),
                        (48, "identified", "The issue has been traced to a routing "
                                           "change; we are rolling it back."),
                        (96, "identified", "The rollback is complete; the scheduler is "
                                           "being restarted behind a rate limit."),
                        (125, "monitoring", "Error rates are back to normal. Latency is "
                                            "still elevated while traffic returns."),
                        (200, "resolved", "This incident has been resolved.")],
              actions=[("Spread placement-cache expiry with jitter", "inference-platform",
                        "done", "2026-10-23"),
                       ("Cap gateway retries with jittered exponential backoff",
                        "api-platform", "in_progress", "2026-11-06"),
                       ("Canary routing changes in one region for 24 hours",
                        "api-platform", "open", "2026-11-20"),
                       ("Freeze API deploys once the monthly budget is spent",
                        "sre", "open", "2026-11-01")],
              url="o8k7l8m9n0p1"),
        story(o(16, 11, 25), "Workbench slow to respond in the Console", ["Console"],
              "degraded_performance", 77, detect=12, url="o9q2r3s4t5u6"),
        story(o(19, 22, 14), "Elevated errors on the Files API", ["API"], "partial_outage",
              31, detect=5, mitigate=24, cause="infrastructure",
              timeline=standard_timeline(5, 13, 24, 31, "elevated errors on the Files API"),
              url="p1v7w8x9y0z1"),
        story(o(21, 3, 2), "Elevated errors on Claude Sonnet 4.6", ["API", "claude.ai"],
              "major_outage", 48, detect=5, mitigate=39, cause="change",
              caused_by=["rel-api-2026-10-20"],
              segments=[(0, 48, "major_outage", ["API"]),
                        (9, 39, "partial_outage", ["claude.ai"])],
              summary="Between 03:02 and 03:50 UTC most requests to Claude Sonnet 4.6 "
                      "failed. The deploy that caused it shipped while the API's error "
                      "budget was already spent.",
              root_cause="The deploy rel-api-2026-10-20 shipped a tokenizer library "
                         "update that failed on a rare input pattern, crashing workers "
                         "in a loop.",
              resolution="Rolled back rel-api-2026-10-20 and quarantined the bad input.",
              timeline=standard_timeline(5, 21, 39, 48,
                                         "elevated errors on Claude Sonnet 4.6"),
              actions=[("Fuzz the tokenizer in the deploy pipeline", "api-platform",
                        "open", "2026-11-27"),
                       ("Enforce the deploy freeze in the pipeline", "sre", "open",
                        "2026-11-13")],
              url="p2a7b8c9d0e1"),
        story(o(23, 15, 36), "Claude Code sessions failing to start", ["Claude Code"],
              "partial_outage", 44, detect=7, mitigate=33, cause="change",
              caused_by=["rel-claude-code-2026-10-22"],
              timeline=standard_timeline(7, 20, 33, 44,
                                         "Claude Code sessions failing to start"),
              url="p3f2g3h4i5j6"),
        story(o(25, 8, 50), "Login issues on claude.ai", ["claude.ai"], "partial_outage",
              63, detect=4, mitigate=51, cause="dependency",
              timeline=standard_timeline(4, 30, 51, 63, "login issues on claude.ai"),
              url="p4k7l8m9n0p1"),
        story(o(28, 1, 15), "Increased latency on the Messages API", ["API"],
              "degraded_performance", 132, detect=11, cause="change",
              caused_by=["rel-api-2026-10-27"], url="p5q2r3s4t5u6"),
        story(o(29, 19, 5), "API key management unavailable in the Console", ["Console"],
              "partial_outage", 38, detect=6, mitigate=30, cause="change",
              caused_by=["rel-console-2026-10-29"],
              timeline=standard_timeline(6, 14, 30, 38,
                                         "errors managing API keys in the Console"),
              url="p6v7w8x9y0z1"),
        story(o(31, 21, 40), "Elevated errors in Claude Code", ["Claude Code"],
              "partial_outage", None, detect=4, cause="infrastructure",
              summary="From 21:40 UTC some Claude Code sessions fail to connect.",
              timeline=standard_timeline(4, 47, None, None,
                                         "elevated errors in Claude Code"),
              url="p7a2b3c4d5e6"),
        story(o(31, 23, 10), "Slow responses on claude.ai", ["claude.ai"],
              "degraded_performance", None, detect=6,
              timeline=[(6, "investigating", "We are investigating slow responses on "
                                             "claude.ai.")],
              url="p8f7g8h9i0j1"),
    ]


def sample_config():
    def slo(name, services, objective):
        return {"name": name, "services": services, "objective_pct": objective,
                "weights": dict(WEIGHTS)}
    return {
        "report": {"title": "Reliability review", "organization": "Example AI Co.",
                   "timezone": "UTC", "page_size": "A4"},
        "slos": [slo("API availability", ["API"], 99.9),
                 slo("claude.ai availability", ["claude.ai"], 99.5),
                 slo("Developer tools", ["Console", "Claude Code"], 99.5)],
        "policy": {"at_risk_pct": 75},
        "correlation": {"window_hours": 72, "event_study_days": 14,
                        "match": "same-service"},
        "email": {"from": "Reliability reviews <sre@example.com>",
                  "to": ["leadership@example.com", "engineering@example.com"],
                  "cc": ["oncall@example.com"]},
    }


def sample_releases(rng, profile, p0, engine_end):
    by_name = {s.name: s for s in profile.services}
    models = []
    for rid, name, t, services in SAMPLE_MODELS:
        models.append(Release(t, rid, name, [by_name[s] for s in services], "model",
                              "https://www.example.com/news/" + rid, weight=6.0,
                              model=name.split(" and ")[0]))
    deploys = random_releases(rng, profile, SAMPLE_ENGINE_DEPLOYS, p0, engine_end)
    october = name_releases([(t, [by_name[s] for s in svcs], "deploy")
                             for t, svcs in SAMPLE_OCTOBER_DEPLOYS])
    engine_releases = sorted(models + deploys, key=lambda r: r.t)
    return engine_releases, sorted(engine_releases + october, key=lambda r: r.t)


def write_sample(out_dir):
    rng = Rand(SAMPLE_SEED)
    profile = Profile("provider", 4)
    p0, engine_end, p1 = month_start(2025, 1), month_start(2026, 10), month_start(2026, 11)
    engine_releases, all_releases = sample_releases(rng, profile, p0, engine_end)
    shape = Shape()
    shape.impact_weights = (("none", 0.04), ("degraded_performance", 0.58),
                            ("partial_outage", 0.32), ("major_outage", 0.06))
    shape.median_minutes = {"none": 40, "degraded_performance": 60, "partial_outage": 28,
                            "major_outage": 20}
    shape.sigma = 0.85
    shape.induced_share = 0.25
    shape.postmortem_extra = 0.15
    engine = Engine(rng, profile, shape, p0, engine_end, p1, SAMPLE_ENGINE_INCIDENTS,
                    engine_releases)
    stories = sorted(sample_history_stories() + october_stories(),
                     key=lambda r: r["started_at"])
    records = heapq.merge(engine.incidents(), stories, key=lambda r: r["started_at"])
    os.makedirs(out_dir, exist_ok=True)
    n = write_incidents(os.path.join(out_dir, "incidents.json"), "json", records,
                        "INC-", 4, first_number=1001, pretty=True)
    write_releases(os.path.join(out_dir, "releases.json"), all_releases)
    write_json(os.path.join(out_dir, "config.json"), sample_config())
    return n, len(all_releases)


# -------------------------------------------------------------------- main

def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Write a synthetic incident and release history in tierzero's "
                    "native formats (incidents, releases.json, config.json).")
    parser.add_argument("--incidents", type=int, default=1000, metavar="N",
                        help="number of incidents (default 1000)")
    parser.add_argument("--releases", type=int, default=300, metavar="M",
                        help="number of releases (default 300)")
    parser.add_argument("--services", type=int, default=8, metavar="S",
                        help="number of services (default 8; the provider profile "
                             "always has its 4 components)")
    parser.add_argument("--years", type=float, default=2.0, metavar="Y",
                        help="length of the history in years, rounded to whole "
                             "months (default 2)")
    parser.add_argument("--start", type=parse_month, default=(2025, 1), metavar="YYYY-MM",
                        help="first month of the history (default 2025-01)")
    parser.add_argument("--seed", type=int, default=1, metavar="K",
                        help="random seed (default 1); same seed, same bytes")
    parser.add_argument("--format", choices=("json", "ndjson"), default="json",
                        help="incidents as one JSON document or NDJSON (default json)")
    parser.add_argument("--profile", choices=("generic", "provider"), default="generic",
                        help="service and title vocabulary (default generic)")
    parser.add_argument("--out-dir", default=".", metavar="DIR",
                        help="output directory, created if missing (default .)")
    parser.add_argument("--sample", action="store_true",
                        help="write the bundled sample exactly (ignores the options "
                             "above except --out-dir)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)
    if args.incidents < 0 or args.releases < 0:
        parser.error("--incidents and --releases must not be negative")
    if args.services < 1 or args.services > 10000:
        parser.error("--services must be between 1 and 10000")
    if not (0 < args.years <= 200):
        parser.error("--years must be above 0 and at most 200")
    if args.sample:
        n, m = write_sample(args.out_dir)
    else:
        n, m = write_general(args)
    if not args.quiet:
        print("generate.py: wrote %d incidents and %d releases to %s" % (n, m, args.out_dir),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
