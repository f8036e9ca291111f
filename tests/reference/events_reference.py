#!/usr/bin/python3
"""events_reference.py: an independent reading of definitions.md §8 (request-based SLOs) and of its
rules 11.5, 11.6, 11.7 and 11.14, for the differential test of events SLOs (occurrences and timeslices).

Usage: events_reference.py CONFIG.json --from YYYY-MM --to YYYY-MM --as-of TIME [--tz ZONE]
       events_reference.py --cases TIERZERO N SEED WORKDIR

The first form prints, for every SLO of the configuration (all must be events
SLOs), the window figures of its months and of the period, and its freeze
periods, with the JSON summary's field names. The second generates N random
cases (series with NaN, infinities, overflowing sums, negative values, good
above total, unpaired and repeated timestamps, several series, CSV and
query_range files, Unix seconds and RFC 3339, a DST zone, objectives of 100%,
as_of inside a sample's month) and compares tierzero's `summary --json` with
this reading field by field (compare.py). Plain floats, summed in time order
and per timestamp in file order; the budget as (1 - objective / 100) x total.
"""

import argparse
import csv
import decimal
import io
import json
import math
import os
import random
import subprocess
import sys
import zoneinfo
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_reference as sr  # months and RFC 3339 times only  # noqa: E402

TOL = 1e-9


class InputError(Exception):
    pass


def parse_ts(text):
    text = text.strip()
    try:
        d = decimal.Decimal(text)
        if d.is_finite() and all(c in "0123456789.+-" for c in text):
            return int(d * 1000)  # truncated toward zero
    except decimal.InvalidOperation:
        pass
    t = sr.parse_time(text)
    if t is None:
        raise InputError("bad timestamp %r" % text)
    return t


def value(text):
    """A number (possibly NaN or infinite), or None for a non-number."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        return None
    try:
        return float(text.strip())
    except ValueError:
        return None


def read_file(path):
    """[(t, [v...])] in file order; a warehouse file gives two values a row
    and the kind: 'value', 'good' or 'bad'."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        doc = json.loads(text)
        rows = []
        for series in doc["data"]["result"]:
            for t, v in series["values"]:
                rows.append((parse_ts(str(t)) if not isinstance(t, str) else parse_ts(t),
                             [value(v)]))
        return "value", rows
    reader = csv.reader(io.StringIO(text))
    lines = [r for r in reader if r and any(c.strip() for c in r)]
    head = [h.strip().lower() for h in lines[0]]
    kind = "value" if "value" in head else ("good" if "good" in head else "bad")
    cols = [head.index("timestamp"), head.index(kind)] + ([head.index("total")] if kind != "value" else [])
    rows = [(parse_ts(r[cols[0]]), [value(r[c]) for c in cols[1:]]) for r in lines[1:]]
    return kind, rows


def summed(rows, width):
    """{t: [sum or None]} per timestamp (None: invalid)."""
    out = {}
    for t, vals in rows:
        cur = out.setdefault(t, [0.0] * width)
        for i in range(width):
            v = vals[i]
            if cur[i] is None or v is None or not math.isfinite(v):
                cur[i] = None
            else:
                cur[i] = cur[i] + v
    for t, cur in out.items():
        out[t] = [c if c is not None and math.isfinite(c) else None for c in cur]
    return out


def step_of(times, default):
    ts = sorted(times)
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    return min(gaps) if gaps else default


def samples(sli, base, default_step):
    """[(t, state, bad, total)] sorted, and the step."""
    def path(p):
        return p if os.path.isabs(p) else os.path.join(base, p)
    if "file" in sli:
        kind, rows = read_file(path(sli["file"]))
        sums = summed(rows, 2)
        step = step_of(sums.keys(), default_step)
        pairs = {t: (v[0], v[1]) for t, v in sums.items()}
        singles = {}
    else:
        num_key = "bad" if "bad" in sli else "good"
        kind = num_key
        _, ra = read_file(path(sli[num_key]["file"]))
        _, rb = read_file(path(sli["total"]["file"]))
        a, b = summed(ra, 1), summed(rb, 1)
        step = min(step_of(a.keys(), default_step), step_of(b.keys(), default_step))
        pairs = {t: (a[t][0], b[t][0]) for t in a if t in b}
        singles = {t for t in list(a) + list(b) if not (t in a and t in b)}
    out = []
    for t, (x, total) in pairs.items():
        if x is None or total is None or x < 0 or total < 0 or x > total:
            out.append((t, "invalid", 0.0, 0.0, 0.0))
        else:
            bad = x if kind == "bad" else total - x
            good = total - x if kind == "bad" else x
            out.append((t, "valid", bad, total, good))
    for t in singles:
        out.append((t, "unpaired", 0.0, 0.0, 0.0))
    out.sort(key=lambda s: s[0])
    return out, step


def reached(x, threshold):
    return x >= threshold - abs(threshold) * TOL


def in_maint(M, t):
    """definitions.md rule 11.8: a sample is in maintenance when from <= t < to."""
    return any(a <= t < b for a, b, _ in M)


def outside(M, lo, hi):
    """The pieces of [lo, hi) outside M, in order."""
    out, at = [], lo
    for a, b, _ in sorted(M):
        if b <= at or a >= hi:
            continue
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < hi:
        out.append((at, hi))
    return out


def window(slo, smp, step, start, end, as_of, at_risk, M=()):
    total_ms = end - start
    span = min(max(as_of - start, 0), total_ms)
    excluded = sr.measure(M, start, end)
    elapsed = span - sr.measure(M, start, start + span)
    hi = min(end, as_of)
    inside = [s for s in smp if start < s[0] <= hi]
    counted = [s for s in inside if s[1] == "valid" and not in_maint(M, s[0])]
    bad = 0.0
    tot = 0.0
    for s in counted:
        bad += s[2]
        tot += s[3]
    obj = slo["objective_pct"]
    budget = (1 - obj / 100) * tot
    w = {"minutes_total": total_ms / 60000, "minutes_elapsed": elapsed / 60000,
         "minutes_excluded": excluded / 60000,
         "bad_minutes": None, "bad_minutes_reason": "", "budget_minutes": None,
         "budget_minutes_reason": "", "budget_remaining_minutes": None,
         "budget_remaining_minutes_reason": "",
         "events_total": tot, "events_bad": bad, "events_good": tot - bad,
         "budget_events": budget, "budget_remaining_events": budget - bad,
         "samples_invalid": sum(1 for s in inside if s[1] == "invalid"),
         "samples_unpaired": sum(1 for s in inside if s[1] == "unpaired"),
         "partial": start <= as_of < end}
    if elapsed == 0:
        w["data_coverage"] = None
        w["data_coverage_reason"] = ""
    else:
        w["data_coverage"] = min(1.0, len(counted) * step / elapsed)
    if tot == 0:
        w["attainment_pct"] = None
        w["attainment_pct_reason"] = ""
        w["budget_consumed_pct"] = None
        w["budget_consumed_pct_reason"] = ""
        w["status"] = "no_data"
        w["exhausted_at"] = None
        return w
    w["attainment_pct"] = 100 * (1 - bad / tot)
    if obj >= 100:
        if bad == 0:
            w["budget_consumed_pct"] = 0.0
        else:
            w["budget_consumed_pct"] = None
            w["budget_consumed_pct_reason"] = ""
        w["status"] = "exhausted" if bad > 0 else ("at_risk" if at_risk <= 0 else "met")
        first = next((s[0] for s in counted if s[2] > 0), None)
        w["exhausted_at"] = sr.fmt_time(first) if first is not None else None
        return w
    w["budget_consumed_pct"] = 100 * bad / budget
    if reached(bad, budget):
        w["status"] = "exhausted"
    elif reached(100 * bad, at_risk * budget):
        w["status"] = "at_risk"
    else:
        w["status"] = "met"
    cum = 0.0
    w["exhausted_at"] = None
    for s in counted:
        cum += s[2]
        if reached(cum, budget):
            w["exhausted_at"] = sr.fmt_time(s[0])
            break
    return w


def round_half_up_ms(x):
    return int(math.floor(x + Fraction(1, 2)))


def slices_window(slo, smp, step, start, end, as_of, at_risk, M=()):
    """A timeslices SLO's window (definitions.md §8 Timeslices, rule 11.7): bad slices
    are bad time at weight 1 outside maintenance; definitions.md §3 and §10 apply,
    decided exactly."""
    target = Fraction(str(slo.get("slice_target_pct", slo["sli"].get("slice_target_pct"))))
    obj = Fraction(str(slo["objective_pct"]))
    total_ms = end - start
    span = min(max(as_of - start, 0), total_ms)
    excluded = sr.measure(M, start, end)
    elapsed = span - sr.measure(M, start, start + span)
    stop = start + span
    bad_slices, data_slices = [], []
    for smp_ in smp:
        t = smp_[0]
        if smp_[1] != "valid" or t > as_of:
            continue
        data_slices.append((t - step, t))
        bad, tot, good = smp_[2], smp_[3], smp_[4]
        if tot > 0 and Fraction(good) * 100 < target * Fraction(tot):
            bad_slices.append((t - step, t))

    # Maintenance takes its part out of every slice (b is 0 there).
    bad_slices = [p for lo, h in bad_slices for p in outside(M, lo, h)]
    data_slices = [p for lo, h in data_slices for p in outside(M, lo, h)]

    def within(slices, a, b):
        return sum(max(0, min(hi, b) - max(lo, a)) for lo, hi in slices)
    bad_ms = within(bad_slices, start, stop)
    budget = Fraction(total_ms - excluded) * (100 - obj) / 100  # ms
    hi = min(end, as_of)
    inside = [x for x in smp if start < x[0] <= hi]
    w = {"minutes_total": total_ms / 60000, "minutes_elapsed": elapsed / 60000,
         "minutes_excluded": excluded / 60000,
         "bad_minutes": bad_ms / 60000, "budget_minutes": float(budget / 60000),
         "budget_remaining_minutes": float((budget - bad_ms) / 60000),
         "no_data_minutes": (elapsed - within(data_slices, start, stop)) / 60000,
         "samples_invalid": sum(1 for x in inside if x[1] == "invalid"),
         "samples_unpaired": sum(1 for x in inside if x[1] == "unpaired"),
         "partial": start <= as_of < end}
    if elapsed == 0:
        w["attainment_pct"] = None
        w["attainment_pct_reason"] = ""
    else:
        w["attainment_pct"] = float(100 * (1 - Fraction(bad_ms, elapsed)))
    if budget == 0:
        w["budget_consumed_pct"] = 0.0 if bad_ms == 0 else None
        if bad_ms:
            w["budget_consumed_pct_reason"] = ""
        w["status"] = "exhausted" if bad_ms else ("at_risk" if at_risk <= 0 else "met")
        first = min((max(lo, start) for lo, h in bad_slices if h > start and lo < stop),
                    default=None)
        w["exhausted_at"] = sr.fmt_time(first) if first is not None else None
        return w
    consumed = 100 * Fraction(bad_ms) / budget
    w["budget_consumed_pct"] = float(consumed)
    w["status"] = ("exhausted" if consumed >= 100 else
                   "at_risk" if consumed >= Fraction(str(at_risk)) else "met")
    w["exhausted_at"] = None
    cum = Fraction(0)
    for lo, h in sorted(bad_slices):
        lo, h = max(lo, start), min(h, end)
        if h <= lo:
            continue
        if cum + (h - lo) >= budget:
            w["exhausted_at"] = sr.fmt_time(round_half_up_ms(lo + (budget - cum)))
            break
        cum += h - lo
    return w


def compute(cfg_path, from_, to, as_of_text, tz_name=None):
    with open(cfg_path) as f:
        cfg = json.load(f)
    tz = zoneinfo.ZoneInfo(tz_name or cfg.get("report", {}).get("timezone", "UTC"))
    base = os.path.dirname(cfg_path)
    at_risk = cfg.get("policy", {}).get("at_risk_pct", 75)
    default_step = cfg.get("prometheus", {}).get("step_seconds", 60) * 1000
    as_of = sr.parse_time(as_of_text)
    (fy, fm), (ty, tm) = sr.parse_month(from_), sr.parse_month(to)
    n = (ty * 12 + tm) - (fy * 12 + fm) + 1
    bounds = [sr.month_start(*sr.add_months(fy, fm, i), tz) for i in range(n + 1)]
    out = []
    for slo in cfg["slos"]:
        slo.setdefault("objective_pct", 99.9)
        smp, step = samples(slo["sli"], base, default_step)
        # M (definitions.md §10): the configuration's windows; the generated SLOs cover
        # every service, so every window applies.
        star = type("Slo", (), {"star": True, "folded": set()})()
        M = sr.maint_set(star, {"maintenance": cfg.get("maintenance") or []}, [], [], as_of,
                         tz, bounds[0], bounds[n])
        months = []
        fn = slices_window if slo.get("budgeting") == "timeslices" else window
        for i in range(n):
            w = fn(slo, smp, step, bounds[i], bounds[i + 1], as_of, at_risk, M)
            w["month"] = "%04d-%02d" % sr.add_months(fy, fm, i)
            months.append(w)
        period = fn(slo, smp, step, bounds[0], bounds[n], as_of, at_risk, M)
        freezes = [{"month": m["month"], "from": m["exhausted_at"],
                    "to": sr.fmt_time(bounds[i + 1])}
                   for i, m in enumerate(months) if m["exhausted_at"]]
        out.append({"name": slo["name"], "period": period, "months": months,
                    "freeze_periods": freezes})
    return {"slos": out}


# ---------------------------------------------------------------- random cases

def fmt_value(rnd, v):
    r = rnd.random()
    if r < 0.02:
        return rnd.choice(["NaN", "+Inf", "-Inf", "1e400", "x"])
    if r < 0.04:
        return str(-v - 1)
    return repr(v) if isinstance(v, float) else str(v)


def fmt_t(rnd, ms, rfc):
    if rfc:
        return sr.fmt_time(ms).replace(".000Z", "Z")
    s = ms / 1000
    return ("%d" % s) if ms % 1000 == 0 else ("%.3f" % s)


def write_series(rnd, path, times, values, as_json, split):
    if as_json:
        result = []
        for part in range(split):
            vals = []
            for t, v in zip(times, values):
                share = v // split if isinstance(v, int) else v / split
                vv = v - share * (split - 1) if part == split - 1 else share
                vals.append([t / 1000 if t % 1000 else t // 1000, fmt_value(rnd, vv)])
            result.append({"metric": {"i": str(part)}, "values": vals})
        doc = {"status": "success", "data": {"resultType": "matrix", "result": result}}
        with open(path, "w") as f:
            json.dump(doc, f)
    else:
        rfc = rnd.random() < 0.5
        with open(path, "w") as f:
            f.write("timestamp,value\n")
            for t, v in zip(times, values):
                f.write("%s,%s\n" % (fmt_t(rnd, t, rfc), fmt_value(rnd, v)))


def gen_case(rnd, d):
    os.makedirs(d, exist_ok=True)
    tz = rnd.choice(["UTC", "Europe/Berlin", "America/New_York"])
    year = 2026
    month = rnd.choice([3, 10, 11])  # DST changes in March, October and November
    start = sr.month_start(year, month, zoneinfo.ZoneInfo(tz)) - rnd.choice([0, 1, 2]) * 3600000
    step = rnd.choice([60000, 300000, 3600000])
    n = rnd.randint(1, 400) if step == 3600000 else rnd.randint(1, 1500)
    slos = []
    for s in range(rnd.randint(1, 3)):
        times = [start + step * (i + 1) for i in range(n)]
        if rnd.random() < 0.3:
            times = [t + rnd.choice([0, 0, 0, -30000, 30000]) for t in times]
        total = [rnd.randint(0, 2000) if rnd.random() < 0.9 else rnd.random() * 100
                 for _ in times]
        bad_rate = rnd.choice([0.0, 0.0005, 0.002, 0.02])
        bad = [min(t, int(t * bad_rate * rnd.random() * 2 + (rnd.random() < 0.01) * 50))
               if isinstance(t, int) else t * bad_rate for t in total]
        obj = rnd.choice([99.9, 99.5, 99, 100, 95.25, 0])
        name = "SLO %d" % s
        kind = rnd.choice(["good", "bad", "file"])
        if kind == "file":
            fn = "s%d.csv" % s
            rfc = rnd.random() < 0.5
            with open(os.path.join(d, fn), "w") as f:
                col = rnd.choice(["good", "bad"])
                f.write("timestamp,%s,total\n" % col)
                for t, tot, b in zip(times, total, bad):
                    x = b if col == "bad" else tot - b
                    f.write("%s,%s,%s\n" % (fmt_t(rnd, t, rfc), fmt_value(rnd, x),
                                             fmt_value(rnd, tot)))
                    if rnd.random() < 0.01:  # a repeated row
                        f.write("%s,%s,%s\n" % (fmt_t(rnd, t, rfc), 1, 1))
            sli = {"kind": "events", "file": fn}
        else:
            num = bad if kind == "bad" else [tot - b for tot, b in zip(total, bad)]
            ta = [t for t in times if rnd.random() > 0.01]
            tb = [t for t in times if rnd.random() > 0.01]
            va = [num[times.index(t)] for t in ta]
            vb = [total[times.index(t)] for t in tb]
            as_json = rnd.random() < 0.5
            ext = "json" if as_json else "csv"
            write_series(rnd, os.path.join(d, "s%d-%s.%s" % (s, kind, ext)), ta, va, as_json,
                         rnd.choice([1, 2, 3]))
            write_series(rnd, os.path.join(d, "s%d-total.%s" % (s, ext)), tb, vb, as_json,
                         rnd.choice([1, 2]))
            sli = {"kind": "events", kind: {"file": "s%d-%s.%s" % (s, kind, ext)},
                   "total": {"file": "s%d-total.%s" % (s, ext)}}
        slo = {"name": name, "objective_pct": obj, "sli": sli}
        if rnd.random() < 0.3:
            slo["budgeting"] = "timeslices"
            slo["slice_target_pct"] = rnd.choice([99, 99.5, 95, 100, 0])
        slos.append(slo)
    cfg = {"report": {"timezone": tz}, "slos": slos,
           "policy": {"at_risk_pct": rnd.choice([75, 50, 0])}}
    if rnd.random() < 0.4:  # maintenance (definitions.md §10): one-off windows and a weekly rule
        maint = []
        for _ in range(rnd.randint(1, 3)):
            a = start + rnd.randint(-2, n) * step + rnd.choice([0, 30000, -17000])
            b = a + rnd.choice([step, 3 * step, 7200000, 86400000 * 3])
            maint.append({"from": sr.fmt_time(a), "to": sr.fmt_time(b), "reason": "m"})
        if rnd.random() < 0.5:
            maint.append({"weekly": {"day": rnd.choice(["sun", "Monday", "sat"]),
                                     "from": rnd.choice(["02:00", "23:30"]),
                                     "to": rnd.choice(["04:00", "01:00", "24:00"])},
                          "reason": "weekly"})
        cfg["maintenance"] = maint
    with open(os.path.join(d, "config.json"), "w") as f:
        json.dump(cfg, f)
    fy, fm = sr.add_months(year, month, -1)
    ty, tm = sr.add_months(year, month, rnd.choice([0, 1]))
    end = start + step * n
    as_of = rnd.choice([end + 86400000 * 40, start + (end - start) // 2,
                        start + step * rnd.randint(0, n)])
    return ["--from", "%04d-%02d" % (fy, fm), "--to", "%04d-%02d" % (ty, tm),
            "--as-of", sr.fmt_time(as_of)]


def run_cases(tierzero, n, seed, work):
    from compare import compare, fmt
    failed = 0
    for k in range(n):
        rnd = random.Random(seed + k)
        d = os.path.join(work, "case-%d" % (seed + k))
        args = gen_case(rnd, d)
        cfg = os.path.join(d, "config.json")
        ref = compute(cfg, args[1], args[3], args[5])
        proc = subprocess.run([tierzero, "summary", "--json", "-q", "-c", cfg] + args,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if proc.returncode != 0:
            print("%s: tierzero exit %d: %s" % (d, proc.returncode, proc.stderr.decode()[:300]))
            failed += 1
            continue
        got = json.loads(proc.stdout)
        out = []
        compare(ref, {"slos": got["slos"]}, [], out)
        for path, a, b in out[:10]:
            print("%s: %s: reference %s, tierzero %s" % (d, fmt(path), json.dumps(a)[:120],
                                                         json.dumps(b)[:120]))
        failed += bool(out)
    print("events differential: %d cases, %d differ" % (n, failed))
    return 1 if failed else 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--cases":
        sys.exit(run_cases(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
    ap = argparse.ArgumentParser()
    ap.add_argument("config")
    ap.add_argument("--from", dest="from_", required=True)
    ap.add_argument("--to", required=True)
    ap.add_argument("--as-of", dest="as_of", required=True)
    ap.add_argument("--tz")
    a = ap.parse_args()
    json.dump(compute(a.config, a.from_, a.to, a.as_of, a.tz), sys.stdout, indent=1)


if __name__ == "__main__":
    main()
