"""Charts of an archive: data (per request, per authority, per period), then geometry for
server-drawn SVG (the template only places shapes; no JavaScript needed)."""

from __future__ import annotations

import sqlite3
import statistics
from datetime import date
from typing import Any

import sqlite_utils

from scraper.datasette.calendar import RESPONSE_DAYS, as_date
from scraper.datasette.statuses import OUTCOME_GROUPS, OUTCOME_LABELS, request_timing


def chart_rows(conn: sqlite3.Connection, *, include_withdrawn: bool = False) -> list[dict[str, Any]]:
    """One row per request: authority, status, when it was sent and first answered.

    By default only requests the site still serves, and messages still on its pages: a hidden
    response counts (the site still shows its header and date), one that vanished does not.
    ``include_withdrawn`` counts everything archived. The first response is the earliest incoming
    message from the sending on that is no automatic reply, bounce or acknowledgement
    (``messages.reply_type``): the rule of the ``overdue`` and ``response_times`` queries.
    """
    message_filter = "" if include_withdrawn else " and m.visibility != 'gone'"
    request_filter = "" if include_withdrawn else " where r.withdrawn_at is null"
    return list(
        sqlite_utils.Database(conn).query(
            f"""select s.*,
  (select min(m.sent_at) from messages m where m.request = s.id and m.kind = 'incoming' and m.reply_type is null
     and m.sent_at >= s.sent_at{message_filter}) as first_response_at
from (
  select r.id, r.site, r.request_id, r.status, r.created_at, a.name as authority_name, a.url_name as authority,
    coalesce((select min(m.sent_at) from messages m where m.request = r.id and m.kind = 'outgoing' and m.resent = 0{message_filter}),
             r.created_at) as sent_at
  from requests r join authorities a on a.id = r.authority{request_filter}
) s""",
        )
    )


def _quantile(sorted_values: list[float], q: float) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def response_time_stats(rows: list[dict[str, Any]], today: date | None = None) -> list[dict[str, Any]]:
    """Per authority: requests, answered, median/quartiles of working days to first response, share on time."""
    by_authority: dict[str, dict[str, Any]] = {}
    for row in rows:
        timing = request_timing(row["sent_at"], row["first_response_at"], row["status"], today)
        entry = by_authority.setdefault(
            row["authority"],
            {
                "authority": row["authority"],
                "authority_name": row["authority_name"],
                "requests": 0,
                "days": [],
                "overdue": 0,
                "unanswered": 0,
            },
        )
        entry["requests"] += 1
        if "response_working_days" in timing:
            entry["days"].append(timing["response_working_days"])
        else:
            entry["unanswered"] += 1
        entry["overdue"] += bool(timing.get("overdue"))
    stats = []
    for entry in by_authority.values():
        days = sorted(entry["days"])
        answered = len(days)
        entry.update(
            answered=answered,
            median=statistics.median(days) if days else None,
            q1=_quantile(days, 0.25) if days else None,
            q3=_quantile(days, 0.75) if days else None,
            min=days[0] if days else None,
            max=days[-1] if days else None,
            on_time=sum(d <= RESPONSE_DAYS for d in days),
            on_time_share=(sum(d <= RESPONSE_DAYS for d in days) / answered) if answered else None,
            days=days,
        )
        stats.append(entry)
    stats.sort(key=lambda e: (-e["requests"], e["authority_name"] or ""))
    return stats


def outcomes_over_time(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests per month (per year when they span more than three years), split by outcome."""
    dated = [
        (str(r["sent_at"])[:7], OUTCOME_GROUPS.get(r["status"] or "", "other")) for r in rows if as_date(r["sent_at"])
    ]
    if not dated:
        return {"unit": "month", "buckets": [], "groups": list(OUTCOME_LABELS)}
    months = sorted({m for m, _ in dated})
    first, last = months[0], months[-1]
    span = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    unit = "month" if span <= 36 else "year"
    if unit == "month":
        labels, (y, mo) = [], (int(first[:4]), int(first[5:7]))
        while f"{y:04d}-{mo:02d}" <= last:
            labels.append(f"{y:04d}-{mo:02d}")
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    else:
        labels = [str(y) for y in range(int(first[:4]), int(last[:4]) + 1)]
    counts = {label: dict.fromkeys(OUTCOME_LABELS, 0) for label in labels}
    for month, group in dated:
        counts[month if unit == "month" else month[:4]][group] += 1
    return {
        "unit": unit,
        "groups": list(OUTCOME_LABELS),
        "buckets": [
            {"label": label, "counts": counts[label], "total": sum(counts[label].values())} for label in labels
        ],
    }


def _nice_step(span: float, target_ticks: int = 6) -> int:
    raw = max(span / target_ticks, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if step >= raw:
            return step
    return int(raw)


def response_time_chart(stats: list[dict[str, Any]], limit: int = 25) -> dict[str, Any]:
    """Geometry of a strip-and-box chart: one row per authority, x = working days to first response."""
    shown = [s for s in stats if s["answered"]][:limit]
    left, right, top, row_h = 230, 20, 30, 30
    width = 780
    plot_w = width - left - right
    max_days = max([RESPONSE_DAYS + 5] + [s["max"] for s in shown])
    step = _nice_step(max_days)
    x_max = -(-max_days // step) * step

    def x(days: float) -> float:
        return round(left + plot_w * days / x_max, 1)

    rows = []
    for i, s in enumerate(shown):
        y = top + i * row_h + row_h / 2
        dots = []
        for j, d in enumerate(s["days"]):
            jitter = ((j * 7) % 5 - 2) * 2.2  # deterministic spread so equal values stay visible
            dots.append({"x": x(d), "y": round(y + jitter, 1), "days": d})
        rows.append(
            {
                "label": s["authority_name"] or s["authority"],
                "authority": s["authority"],
                "y": y,
                "box_x": x(s["q1"]),
                "box_w": max(round(x(s["q3"]) - x(s["q1"]), 1), 1.5),
                "median_x": x(s["median"]),
                "min_x": x(s["min"]),
                "max_x": x(s["max"]),
                "dots": dots,
                "summary": (
                    f"{s['authority_name']}: {s['answered']} answered, median {s['median']:g} working days, "
                    f"{s['on_time']} of {s['answered']} within {RESPONSE_DAYS}"
                ),
            }
        )
    height = top + len(rows) * row_h + 40
    ticks = [{"x": x(t), "label": str(t)} for t in range(0, int(x_max) + 1, step)]
    return {
        "width": width,
        "height": height,
        "left": left,
        "top": top,
        "bottom": top + len(rows) * row_h,
        "rows": rows,
        "ticks": ticks,
        "deadline_x": x(RESPONSE_DAYS),
        "more": max(0, len([s for s in stats if s["answered"]]) - limit),
    }


def outcomes_chart(series: dict[str, Any]) -> dict[str, Any]:
    """Geometry of a stacked bar chart of requests per period by outcome."""
    buckets = series["buckets"]
    left, right, top, bottom = 45, 15, 15, 50
    width, height = 780, 320
    plot_w, plot_h = width - left - right, height - top - bottom
    y_max_raw = max([b["total"] for b in buckets] + [1])
    step = _nice_step(y_max_raw, 5)
    y_max = -(-y_max_raw // step) * step
    slot = plot_w / max(len(buckets), 1)
    bar_w = max(min(slot * 0.8, 40), 1)
    label_every = max(1, int(-(-len(buckets) * 48 // plot_w)))
    bars = []
    for i, b in enumerate(buckets):
        x0 = round(left + i * slot + (slot - bar_w) / 2, 1)
        y = top + plot_h
        segments = []
        for group in series["groups"]:
            n = b["counts"][group]
            if not n:
                continue
            h = plot_h * n / y_max
            y -= h
            segments.append(
                {"group": group, "label": OUTCOME_LABELS[group], "count": n, "y": round(y, 1), "h": round(h, 1)}
            )
        bars.append(
            {
                "x": x0,
                "w": round(bar_w, 1),
                "label": b["label"],
                "total": b["total"],
                "segments": segments,
                "show_label": i % label_every == 0,
                "label_x": round(x0 + bar_w / 2, 1),
            }
        )
    yticks = [
        {"y": round(top + plot_h - plot_h * v / y_max, 1), "label": str(v)} for v in range(0, int(y_max) + 1, step)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "top": top,
        "base": top + plot_h,
        "bars": bars,
        "yticks": yticks,
        "unit": series["unit"],
        "groups": [{"group": g, "label": OUTCOME_LABELS[g]} for g in series["groups"]],
    }
