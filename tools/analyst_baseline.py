#!/usr/bin/python3
"""analyst_baseline.py: the monthly SLO review as an analyst would script it in Python.

This is a benchmark baseline. It is what a competent analyst with the usual
Python stack (pandas, XlsxWriter, matplotlib) would write in an afternoon to
turn the same incident and release histories into comparable documents, so
that scripts and docs can time it beside `tierzero report`. It is not a
second implementation of tierzero and is not tested against it.

Usage:

    /usr/bin/python3 tools/analyst_baseline.py --incidents FILE --releases FILE \\
        --config FILE --as-of 2026-01-01T00:00:00Z --out DIR

writes DIR/baseline.xlsx, DIR/baseline.pdf and DIR/baseline.json and prints
nothing; on an error it prints a message on stderr and exits 1.

What it does:

- loads both files with json.load into pandas DataFrames;
- review month = the calendar month before --as-of, period = the 12 months
  ending with it;
- per SLO and month: bad minutes = sum over matching incidents of
  duration x impact weight, budget = (1 - objective/100) x minutes in the
  month, attainment, budget consumed, status (met / at risk / exhausted);
- daily counts of incidents and releases; the share of incidents starting
  within the correlation window after a release on a shared service
  (pandas.merge_asof per service); the change failure rate;
- a workbook (sheets Summary, Monthly SLO, Incidents, Releases, Daily; every
  incident of the whole history with its URL as a hyperlink, up to Excel's
  65,530 links per sheet, the rest as plain text);
- a PDF (matplotlib): summary, monthly attainment against the objective,
  the review month's burn-down, daily incidents with release ticks, and the
  review month's 100 worst incidents;
- a small JSON summary of the monthly figures.

What it does not do (its figures are of the same kind as tierzero's, but
not the figures definitions.md defines):

- overlapping incidents are simply added up: two concurrent outages count
  twice (definitions.md §3 takes the largest weight at each instant);
- impact segments are ignored: an incident's whole interval has its
  top-level impact;
- an incident's bad minutes all go to the month (and the day) it started in,
  even when it runs past midnight or the end of the month;
- everything is in UTC (the configured time zone is not applied); no
  exhausted_at, freeze periods, policy violations, incident statistics,
  chance test, event study or Spearman correlation;
- no validation: records are assumed well formed (a malformed time or a
  missing required field fails the whole run), Statuspage, GitHub and NDJSON
  inputs are not read;
- the workbook holds values, no formulas and no native charts.

Needs Debian's python3-pandas, python3-xlsxwriter and python3-matplotlib.
"""

import argparse
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402
import pandas as pd  # noqa: E402

DEFAULT_WEIGHTS = {"none": 0.0, "degraded_performance": 0.0,
                   "partial_outage": 0.3, "major_outage": 1.0}
INCIDENT_COLUMNS = ["id", "title", "impact", "severity", "services", "started_at",
                    "detected_at", "mitigated_at", "resolved_at", "cause",
                    "caused_by", "url"]
RELEASE_COLUMNS = ["id", "name", "released_at", "services", "kind", "url"]
TIME_COLUMNS = ["started_at", "detected_at", "mitigated_at", "resolved_at"]
MAX_URLS = 65530  # Excel's limit of hyperlinks per worksheet
WORST = 100
ROWS_PER_PAGE = 40


def load(path, key):
    with open(path, encoding="utf-8") as f:
        return json.load(f)[key]


def to_utc(col):
    """RFC 3339 strings to naive UTC timestamps (Excel has no time zones)."""
    return pd.to_datetime(col, utc=True).dt.tz_localize(None)


def as_list(v):
    return v if isinstance(v, list) else []


def load_config(path):
    with open(path, encoding="utf-8") as f:
        cfg = json.load(f)
    slos = []
    for n, s in enumerate(cfg.get("slos") or [{}], 1):
        weights = dict(DEFAULT_WEIGHTS)
        weights.update(s.get("weights") or {})
        slos.append({
            "name": s.get("name", f"SLO {n}"),
            "services": [x.lower() for x in (s.get("services") or ["*"])],
            "objective_pct": float(s.get("objective_pct", 99.9)),
            "weights": weights,
        })
    at_risk = float(cfg.get("policy", {}).get("at_risk_pct", 75))
    window_h = float(cfg.get("correlation", {}).get("window_hours", 72))
    title = cfg.get("report", {}).get("title", "Reliability review")
    return slos, at_risk, window_h, title


def slo_mask(inc, slo):
    if "*" in slo["services"]:
        return pd.Series(True, index=inc.index)
    wanted = set(slo["services"])
    return inc["svc"].map(lambda ss: any(s in wanted for s in ss))


def monthly_table(inc, slos, months, at_risk):
    """One row per SLO and month of the period.

    Bad minutes are duration x weight of the incident's top-level impact,
    summed over the matching incidents that started in the month: impact
    segments are ignored, overlapping incidents are counted once each, and an
    incident crossing into the next month stays in the month it started in.
    """
    rows = []
    for slo in slos:
        m = slo_mask(inc, slo)
        sub = inc[m & inc["month"].isin(months)]
        bad = (sub["duration_min"] * sub["impact"].map(slo["weights"]).fillna(0.0))
        bad_by_month = bad.groupby(sub["month"]).sum()
        count_by_month = sub.groupby("month").size()
        for p in months:
            minutes = p.days_in_month * 1440
            budget = (1 - slo["objective_pct"] / 100) * minutes
            b = float(bad_by_month.get(p, 0.0))
            consumed = 100 * b / budget if budget > 0 else (0.0 if b == 0 else None)
            if consumed is None or consumed >= 100:
                status = "exhausted"
            elif consumed >= at_risk:
                status = "at_risk"
            else:
                status = "met"
            rows.append({
                "slo": slo["name"], "month": str(p), "objective_pct": slo["objective_pct"],
                "minutes_total": minutes, "bad_minutes": b,
                "attainment_pct": 100 * (1 - b / minutes),
                "budget_minutes": budget, "budget_consumed_pct": consumed,
                "budget_remaining_minutes": budget - b, "status": status,
                "incidents": int(count_by_month.get(p, 0)),
            })
    return pd.DataFrame(rows)


def explode_services(df, time_col):
    out = df[["id", time_col, "svc"]].explode("svc").dropna(subset=["svc"])
    return out.rename(columns={"svc": "service"}).sort_values(time_col)


def release_correlation(inc_p, rel_p, window_h):
    """Share of incidents after a release, change failure rate (same-service match)."""
    window = pd.Timedelta(hours=window_h)
    ie = explode_services(inc_p, "started_at")
    re_ = explode_services(rel_p, "released_at")
    after = pd.merge_asof(ie, re_.rename(columns={"id": "release_id"}),
                          left_on="started_at", right_on="released_at", by="service",
                          direction="backward", tolerance=window)
    after_ids = set(after.loc[after["release_id"].notna(), "id"])
    followed = pd.merge_asof(re_, ie.rename(columns={"id": "incident_id"}),
                             left_on="released_at", right_on="started_at", by="service",
                             direction="forward", tolerance=window)
    failed = set(followed.loc[followed["incident_id"].notna(), "id"])
    named = set(inc_p["caused_by"].map(as_list).explode().dropna())
    failed |= named & set(rel_p["id"])
    n_inc, n_rel = len(inc_p), len(rel_p)
    return {
        "window_hours": window_h,
        "incidents": n_inc,
        "incidents_after_release": len(after_ids),
        "share_after_release": len(after_ids) / n_inc if n_inc else None,
        "releases": n_rel,
        "failed_releases": len(failed),
        "change_failure_rate": len(failed) / n_rel if n_rel else None,
    }


def write_workbook(path, summary, corr, monthly, inc, rel, daily):
    # XlsxWriter turns every string that looks like a URL into a hyperlink and
    # drops (with a warning each) those past Excel's limit: write strings as
    # strings, then make links of the first MAX_URLS.
    with pd.ExcelWriter(path, engine="xlsxwriter",
                        datetime_format="yyyy-mm-dd hh:mm:ss",
                        date_format="yyyy-mm-dd",
                        engine_kwargs={"options": {"strings_to_urls": False}}) as xw:
        book = xw.book
        summary.to_excel(xw, sheet_name="Summary", index=False)
        pd.Series(corr, name="value").rename_axis("releases and incidents") \
            .to_frame().to_excel(xw, sheet_name="Summary", startrow=len(summary) + 3)
        monthly.to_excel(xw, sheet_name="Monthly SLO", index=False)

        cols = ["id", "title", "impact", "severity", "services_text", "started_at",
                "detected_at", "mitigated_at", "resolved_at", "duration_min", "cause",
                "caused_by_text", "url"]
        inc[cols].rename(columns={"services_text": "services", "caused_by_text": "caused_by"}) \
            .to_excel(xw, sheet_name="Incidents", index=False, freeze_panes=(1, 0))
        ws = xw.sheets["Incidents"]
        url_col = cols.index("url")
        for r, url in enumerate(inc["url"].iloc[:MAX_URLS], start=1):
            if isinstance(url, str) and url:
                ws.write_url(r, url_col, url)
        ws.set_column(0, 0, 12)
        ws.set_column(1, 1, 40)
        ws.set_column(2, 4, 18)
        ws.set_column(5, 8, 19)
        ws.set_column(url_col, url_col, 45)
        ws.autofilter(0, 0, len(inc), len(cols) - 1)

        rel_out = rel[["id", "name", "released_at", "services_text", "kind", "url"]] \
            .rename(columns={"services_text": "services"})
        rel_out.to_excel(xw, sheet_name="Releases", index=False, freeze_panes=(1, 0))
        ws = xw.sheets["Releases"]
        for r, url in enumerate(rel_out["url"].iloc[:MAX_URLS], start=1):
            if isinstance(url, str) and url:
                ws.write_url(r, 5, url)
        ws.set_column(0, 1, 30)
        ws.set_column(2, 2, 19)
        ws.set_column(5, 5, 50)

        daily.to_excel(xw, sheet_name="Daily", index=False, freeze_panes=(1, 0))
        pct = book.add_format({"num_format": "0.000"})
        xw.sheets["Monthly SLO"].set_column(0, 0, 22)
        xw.sheets["Monthly SLO"].set_column(4, 8, 14, pct)
        xw.sheets["Summary"].set_column(0, 0, 30)
        xw.sheets["Summary"].set_column(1, 12, 16)
        xw.sheets["Daily"].set_column(0, 0, 12)


def write_pdf(path, title, review, months, slos, monthly, daily, rel_p, worst,
              corr, as_of):
    with PdfPages(path) as pdf:
        # Page 1: the figures in words.
        fig = plt.figure(figsize=(11.69, 8.27))
        fig.text(0.06, 0.92, f"{title} - {review}", fontsize=20, weight="bold")
        fig.text(0.06, 0.88, f"Period {months[0]} to {months[-1]}, as of {as_of:%Y-%m-%d %H:%M} UTC",
                 fontsize=10)
        y = 0.80
        rm = monthly[monthly["month"] == str(review)]
        for _, r in rm.iterrows():
            consumed = ("n/a" if pd.isna(r["budget_consumed_pct"])
                        else f"{r['budget_consumed_pct']:.1f}%")
            fig.text(0.06, y, f"{r['slo']}: attainment {r['attainment_pct']:.3f}% "
                     f"(objective {r['objective_pct']}%), {r['bad_minutes']:.1f} bad minutes, "
                     f"budget consumed {consumed}, {r['status']}, "
                     f"{r['incidents']} incidents", fontsize=11)
            y -= 0.05
        y -= 0.03
        for line in (f"Incidents in the period: {corr['incidents']}",
                     f"Releases in the period: {corr['releases']}",
                     f"Incidents within {corr['window_hours']:g} h after a release on a shared "
                     f"service: {corr['incidents_after_release']} "
                     f"({100 * (corr['share_after_release'] or 0):.1f}%)",
                     f"Change failure rate: {corr['failed_releases']} of {corr['releases']} "
                     f"({100 * (corr['change_failure_rate'] or 0):.1f}%)"):
            fig.text(0.06, y, line, fontsize=11)
            y -= 0.04
        pdf.savefig(fig)
        plt.close(fig)

        # Page 2: monthly attainment per SLO against its objective.
        fig, axes = plt.subplots(len(slos), 1, figsize=(11.69, 8.27), squeeze=False)
        for ax, slo in zip(axes[:, 0], slos):
            m = monthly[monthly["slo"] == slo["name"]]
            colors = ["tab:red" if s == "exhausted" else "tab:orange" if s == "at_risk"
                      else "tab:green" for s in m["status"]]
            ax.bar(m["month"], m["attainment_pct"], color=colors)
            ax.axhline(slo["objective_pct"], color="black", linestyle="--", linewidth=1,
                       label=f"objective {slo['objective_pct']}%")
            lo = min(m["attainment_pct"].min(), slo["objective_pct"])
            ax.set_ylim(max(0, lo - (100 - lo) * 0.2), 100)
            ax.set_title(f"{slo['name']}: monthly attainment (%)", fontsize=10)
            ax.tick_params(labelsize=7)
            ax.legend(fontsize=7, loc="lower left")
        fig.tight_layout()
        pdf.savefig(fig)
        plt.close(fig)

        # Page 3: the review month's burn-down.
        fig, ax = plt.subplots(figsize=(11.69, 8.27))
        rd = daily[daily["date"].dt.to_period("M") == review]
        for slo in slos:
            budget = (1 - slo["objective_pct"] / 100) * review.days_in_month * 1440
            cum = rd[f"bad_minutes {slo['name']}"].cumsum()
            ax.plot(rd["date"].dt.day, 100 * cum / budget if budget > 0 else cum * 0,
                    marker="o", markersize=3, label=slo["name"])
        ax.axhline(100, color="red", linestyle="--", linewidth=1, label="budget")
        ax.set_xlabel(f"day of {review}")
        ax.set_ylabel("budget consumed (%)")
        ax.set_title(f"Error budget burn-down, {review}")
        ax.legend()
        ax.grid(alpha=0.3)
        pdf.savefig(fig)
        plt.close(fig)

        # Page 4: daily incidents with release ticks.
        fig, (ax, axr) = plt.subplots(2, 1, figsize=(11.69, 8.27), sharex=True,
                                      gridspec_kw={"height_ratios": [5, 1]})
        ax.bar(daily["date"], daily["incidents"], width=1.0, color="tab:blue")
        ax.set_ylabel("incidents per day")
        ax.set_title(f"Daily incidents and releases, {months[0]} to {months[-1]}")
        axr.eventplot(rel_p["released_at"], colors="tab:gray", linewidths=0.5)
        axr.set_yticks([])
        axr.set_ylabel("releases")
        fig.tight_layout()
        pdf.savefig(fig)
        plt.close(fig)

        # Pages 5+: the review month's worst incidents, ROWS_PER_PAGE to a page.
        labels = ["id", "started (UTC)", "impact", "services", "minutes", "bad min.", "title"]
        cells = [[r.id, f"{r.started_at:%Y-%m-%d %H:%M}", r.impact, r.services_text[:40],
                  f"{r.duration_min:.0f}", f"{r.bad_min:.1f}", str(r.title)[:60]]
                 for r in worst.itertuples()]
        for start in range(0, max(len(cells), 1), ROWS_PER_PAGE):
            fig, ax = plt.subplots(figsize=(11.69, 8.27))
            ax.axis("off")
            ax.set_title(f"Worst incidents of {review} ({start + 1}-"
                         f"{min(start + ROWS_PER_PAGE, len(cells))} of {len(cells)})", fontsize=11)
            if cells:
                tbl = ax.table(cellText=cells[start:start + ROWS_PER_PAGE], colLabels=labels,
                               loc="upper center", cellLoc="left",
                               colWidths=[0.08, 0.11, 0.14, 0.19, 0.06, 0.06, 0.36])
                tbl.auto_set_font_size(False)
                tbl.set_fontsize(7)
                tbl.scale(1, 1.0)
            pdf.savefig(fig)
            plt.close(fig)


def run(args):
    slos, at_risk, window_h, title = load_config(args.config)
    as_of = pd.Timestamp(args.as_of).tz_convert("UTC").tz_localize(None)
    review = (as_of - pd.Timedelta(milliseconds=1)).to_period("M")
    months = list(pd.period_range(end=review, periods=12, freq="M"))
    start, end = months[0].start_time, min(review.end_time, as_of)

    inc = pd.DataFrame(load(args.incidents, "incidents"), columns=INCIDENT_COLUMNS)
    rel = pd.DataFrame(load(args.releases, "releases"), columns=RELEASE_COLUMNS)

    for c in TIME_COLUMNS:
        inc[c] = to_utc(inc[c])
    rel["released_at"] = to_utc(rel["released_at"])
    inc["svc"] = inc["services"].map(lambda ss: [s.lower() for s in as_list(ss)])
    rel["svc"] = rel["services"].map(lambda ss: [s.lower() for s in as_list(ss)])
    inc["services_text"] = inc["services"].map(lambda ss: ", ".join(as_list(ss)))
    inc["caused_by_text"] = inc["caused_by"].map(
        lambda c: ", ".join(c) if isinstance(c, list) else (c if isinstance(c, str) else ""))
    rel["services_text"] = rel["services"].map(lambda ss: ", ".join(as_list(ss)))

    # Drop anything at or after as_of; an ongoing incident runs to as_of.
    inc = inc[inc["started_at"] < as_of].sort_values("started_at", kind="stable")
    rel = rel[rel["released_at"] < as_of].sort_values("released_at", kind="stable")
    stop = inc["resolved_at"].fillna(as_of).clip(upper=as_of)
    inc["duration_min"] = (stop - inc["started_at"]).dt.total_seconds() / 60
    inc["month"] = inc["started_at"].dt.to_period("M")
    inc["day"] = inc["started_at"].dt.floor("D")

    monthly = monthly_table(inc, slos, months, at_risk)

    inc_p = inc[(inc["started_at"] >= start) & (inc["started_at"] < end)]
    rel_p = rel[(rel["released_at"] >= start) & (rel["released_at"] < end)]
    corr = release_correlation(inc_p, rel_p, window_h)

    days = pd.date_range(start, review.end_time.floor("D"), freq="D")
    daily = pd.DataFrame({"date": days})
    daily["incidents"] = inc_p.groupby("day").size().reindex(days, fill_value=0).values
    daily["releases"] = (rel_p["released_at"].dt.floor("D").value_counts()
                         .reindex(days, fill_value=0).values)
    for slo in slos:
        sub = inc_p[slo_mask(inc_p, slo)]
        bad = sub["duration_min"] * sub["impact"].map(slo["weights"]).fillna(0.0)
        daily[f"bad_minutes {slo['name']}"] = (bad.groupby(sub["day"]).sum()
                                               .reindex(days, fill_value=0.0).values)

    # The review month's worst incidents, by the first SLO's weighted minutes.
    rev = inc_p[inc_p["month"] == review].copy()
    rev["bad_min"] = rev["duration_min"] * rev["impact"].map(slos[0]["weights"]).fillna(0.0)
    worst = rev.sort_values(["bad_min", "duration_min"], ascending=False).head(WORST)

    summary = monthly[monthly["month"] == str(review)].reset_index(drop=True)

    os.makedirs(args.out, exist_ok=True)
    write_workbook(os.path.join(args.out, "baseline.xlsx"), summary, corr, monthly, inc, rel,
                   daily)
    write_pdf(os.path.join(args.out, "baseline.pdf"), title, review, months, slos, monthly,
              daily, rel_p, worst, corr, as_of)

    # JSON has no NaN: an undefined figure (objective 100%) is null.
    months_json = monthly.astype(object).where(monthly.notna(), None)
    out = {
        "period": {"from": str(months[0]), "to": str(months[-1]),
                   "review_month": str(review), "as_of": args.as_of},
        "slos": [{"name": s["name"], "services": s["services"],
                  "objective_pct": s["objective_pct"],
                  "months": months_json[months_json["slo"] == s["name"]]
                  .drop(columns=["slo", "objective_pct"]).to_dict("records")}
                 for s in slos],
        "releases": corr,
    }
    with open(os.path.join(args.out, "baseline.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", required=True)
    ap.add_argument("--releases", required=True)
    ap.add_argument("--config", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--out", required=True)
    try:
        args = ap.parse_args()
    except SystemExit as e:  # argparse exits 2 on a usage error; this script exits 1
        return 1 if e.code else 0
    try:
        run(args)
    except Exception as e:  # noqa: BLE001 - one message, exit 1
        print(f"analyst_baseline: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
