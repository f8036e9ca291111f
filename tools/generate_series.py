#!/usr/bin/env python3
"""generate_series.py: saved query_range responses for events SLOs (definitions.md §8), for the benchmark.

Writes N SLOs' good and total series (one-minute samples over one month,
each total split across two series as Prometheus returns one per
instance), and a configuration naming them, into --out-dir. Every fifth SLO
reads a warehouse CSV (timestamp,good,total) instead.
"""
import argparse
import calendar
import datetime
import json
import os
import random


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--slos", type=int, default=50)
    ap.add_argument("--month", default="2026-10", help="YYYY-MM (UTC)")
    ap.add_argument("--step", type=int, default=60, help="seconds between samples")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out-dir", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    y, m = map(int, a.month.split("-"))
    start = calendar.timegm(datetime.date(y, m, 1).timetuple())
    days = calendar.monthrange(y, m)[1]
    times = list(range(start + a.step, start + days * 86400 + 1, a.step))
    os.makedirs(a.out_dir, exist_ok=True)
    slos = []
    for s in range(a.slos):
        base = rnd.randint(500, 50000)
        good_a, good_b, total_a, total_b = [], [], [], []
        rows = []
        outage = rnd.randrange(len(times))
        for i, t in enumerate(times):
            total = base + rnd.randint(0, base // 10)
            bad_rate = 0.3 if outage <= i < outage + 20 else 0.0002
            bad = min(total, int(total * bad_rate + rnd.random()))
            ta = total // 2
            ga = (total - bad) // 2
            total_a.append([t, str(ta)])
            total_b.append([t, str(total - ta)])
            good_a.append([t, str(ga)])
            good_b.append([t, str(total - bad - ga)])
            rows.append("%d,%d,%d" % (t, total - bad, total))
        name = "slo%02d" % s
        if s % 5 == 4:
            with open(os.path.join(a.out_dir, name + ".csv"), "w") as f:
                f.write("timestamp,good,total\n" + "\n".join(rows) + "\n")
            sli = {"kind": "events", "file": name + ".csv"}
        else:
            for kind, (sa, sb) in (("good", (good_a, good_b)), ("total", (total_a, total_b))):
                doc = {"status": "success", "data": {"resultType": "matrix", "result": [
                    {"metric": {"job": name, "instance": "a"}, "values": sa},
                    {"metric": {"job": name, "instance": "b"}, "values": sb}]}}
                with open(os.path.join(a.out_dir, "%s-%s.json" % (name, kind)), "w") as f:
                    json.dump(doc, f, separators=(",", ":"))
            sli = {"kind": "events", "good": {"file": name + "-good.json"},
                   "total": {"file": name + "-total.json"}}
        slos.append({"name": "Service %02d requests" % s, "services": [name],
                     "objective_pct": 99.9, "sli": sli})
    with open(os.path.join(a.out_dir, "config.json"), "w") as f:
        json.dump({"slos": slos}, f, indent=1)


if __name__ == "__main__":
    main()
