#!/usr/bin/env python3
"""vendor_shapes.py: rewrite a native NDJSON incident history in the vendor shapes tierzero reads.

Usage: vendor_shapes.py NATIVE.ndjson OUTDIR

Writes OUTDIR/pagerduty.json, incidentio.json, gcp.json, incidents.csv and
statuspage.ndjson: the same incidents, each in the shape the vendor serves
(definitions.md §7.1), with the fields the vendor would carry, so that reading speed can
be compared record for record (scripts/bench-formats.sh). Not a test fixture.
"""
import csv
import json
import os
import sys

PD_PRIORITY = {"major_outage": "P1", "partial_outage": "P2", "degraded_performance": "P3", "none": "P4"}
IO_SEVERITY = {"major_outage": ("Critical", 3), "partial_outage": ("Major", 2),
               "degraded_performance": ("Minor", 1), "none": ("Minor", 1)}
GCP_IMPACT = {"major_outage": "SERVICE_OUTAGE", "partial_outage": "SERVICE_DISRUPTION",
              "degraded_performance": "SERVICE_INFORMATION", "none": "SERVICE_INFORMATION"}
SP_IMPACT = {"major_outage": "critical", "partial_outage": "major",
             "degraded_performance": "minor", "none": "none"}


def pagerduty(i, r):
    return {"id": r["id"], "type": "incident", "incident_number": i + 1, "title": r["title"],
            "summary": r["title"], "created_at": r["started_at"], "updated_at": r.get("resolved_at") or r["started_at"],
            "status": "resolved" if r.get("resolved_at") else "triggered",
            "resolved_at": r.get("resolved_at"), "urgency": "high",
            "service": {"id": "S%d" % i, "type": "service_reference", "summary": (r.get("services") or ["none"])[0]},
            "priority": {"id": "P%d" % i, "type": "priority_reference", "summary": PD_PRIORITY[r["impact"]]},
            "html_url": "https://example.pagerduty.com/incidents/%s" % r["id"]}


def incidentio(i, r):
    name, rank = IO_SEVERITY[r["impact"]]
    stamps = [("Impact started", r["started_at"]), ("Reported", r.get("detected_at")),
              ("Mitigated", r.get("mitigated_at")), ("Resolved", r.get("resolved_at"))]
    return {"id": "01H%023d" % i, "reference": r["id"], "name": r["title"], "mode": "standard",
            "permalink": "https://app.incident.io/incidents/%d" % i, "created_at": r["started_at"],
            "updated_at": r.get("resolved_at") or r["started_at"],
            "incident_status": {"id": "st", "name": "Closed" if r.get("resolved_at") else "Active",
                                "category": "closed" if r.get("resolved_at") else "live"},
            "severity": {"id": "sev", "name": name, "rank": rank},
            "incident_timestamp_values": [
                {"incident_timestamp": {"id": "t%d" % k, "name": n, "rank": k}, "value": {"value": v}}
                for k, (n, v) in enumerate(stamps) if v],
            "custom_field_entries": [
                {"custom_field": {"id": "cf", "name": "Affected services"},
                 "values": [{"value_option": {"id": "o", "value": s}} for s in r.get("services", [])]}],
            "summary": r.get("summary")}


def gcp(i, r):
    return {"id": "g%s" % r["id"], "number": str(i), "begin": r["started_at"], "created": r.get("detected_at"),
            "end": r.get("resolved_at"), "modified": r.get("resolved_at") or r["started_at"],
            "external_desc": r["title"], "status_impact": GCP_IMPACT[r["impact"]], "severity": "high",
            "service_name": (r.get("services") or ["none"])[0],
            "affected_products": [{"title": s, "id": s} for s in r.get("services", [])],
            "uri": "incidents/g%s" % r["id"],
            "updates": [{"when": e["at"], "text": e.get("text", ""), "status": "SERVICE_OUTAGE"}
                        for e in r.get("timeline", [])]}


def statuspage(i, r):
    return {"id": "sp%s" % r["id"], "name": r["title"], "status": "resolved", "impact": SP_IMPACT[r["impact"]],
            "shortlink": "https://stspg.io/%d" % i, "created_at": r["started_at"],
            "updated_at": r.get("resolved_at") or r["started_at"], "resolved_at": r.get("resolved_at"),
            "monitoring_at": r.get("mitigated_at"), "page_id": "p",
            "components": [{"name": s} for s in r.get("services", [])],
            "incident_updates": [{"status": e.get("status", "update"), "body": e.get("text", ""),
                                  "created_at": e["at"], "affected_components": None}
                                 for e in r.get("timeline", [])]}


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    recs = [json.loads(line) for line in open(src) if line.strip()]
    json.dump({"incidents": [pagerduty(i, r) for i, r in enumerate(recs)], "limit": len(recs), "offset": 0,
               "more": False}, open(os.path.join(out, "pagerduty.json"), "w"))
    json.dump({"incidents": [incidentio(i, r) for i, r in enumerate(recs)],
               "pagination_meta": {"after": None, "page_size": len(recs)}},
              open(os.path.join(out, "incidentio.json"), "w"))
    json.dump([gcp(i, r) for i, r in enumerate(recs)], open(os.path.join(out, "gcp.json"), "w"))
    with open(os.path.join(out, "statuspage.ndjson"), "w") as f:
        for i, r in enumerate(recs):
            f.write(json.dumps(statuspage(i, r)) + "\n")
    cols = ["id", "title", "impact", "started_at", "detected_at", "mitigated_at", "resolved_at", "services", "url"]
    with open(os.path.join(out, "incidents.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(cols)
        for r in recs:
            w.writerow([";".join(r.get(c, [])) if c == "services" else (r.get(c) or "") for c in cols])


if __name__ == "__main__":
    main()
