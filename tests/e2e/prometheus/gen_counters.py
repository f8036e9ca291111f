#!/usr/bin/env python3
"""gen_counters.py YEAR MONTH OUT.om EXPECTED.json: a month of per-minute
request counters in OpenMetrics (for promtool's backfill), and the counts a
review of that month must find, worked out here from the increments drawn."""
import datetime
import json
import random
import sys

year, month, om_path, expected_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
utc = datetime.timezone.utc
start = int(datetime.datetime(year, month, 1, tzinfo=utc).timestamp())
ny, nm = (year + 1, 1) if month == 12 else (year, month + 1)
end = int(datetime.datetime(ny, nm, 1, tzinfo=utc).timestamp())
rng = random.Random(20261017)
first = start - 3600  # an hour before, so the first minute has a previous sample
good = bad = points = 0
with open(om_path, "w") as out:
    out.write("# TYPE http_requests counter\n")
    for code, lo, hi in (("200", 40, 160), ("503", 0, 4)):
        value = 0
        for t in range(first, end + 3600 + 1, 60):
            step = rng.randint(lo, hi) if t > first else 0
            if code == "503" and (t // 60) % 997 == 0:
                step += 500  # a burst now and then
            value += step
            # the increment of (t - 60, t] counts when start < t <= end
            if start < t <= end:
                if code == "200":
                    good += step
                    points += 1
                else:
                    bad += step
            out.write('http_requests_total{job="api",code="%s"} %d %d\n' % (code, value, t))
    out.write("# EOF\n")
with open(expected_path, "w") as out:
    json.dump({"start": start, "end": end, "good": good, "bad": bad,
               "total": good + bad, "points": points}, out)
