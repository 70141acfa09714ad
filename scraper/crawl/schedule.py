"""When to look again: a followed thread's next check, what a listing shows of its activity, and
date windows to split a listing that fills Alaveteli's result cap."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from scraper.parse import ListItem

#: Described states after which a request rarely changes (``InfoRequest::State``).
FINAL_STATES = frozenset(
    {
        "successful",
        "partially_successful",
        "not_held",
        "rejected",
        "user_withdrawn",
        "gone_postal",
        "vexatious",
        "not_foi",
    }
)


def check_interval(
    status: str | None, last_activity: str | None, now: datetime, *, withdrawn: bool = False
) -> timedelta:
    """How long until a thread's next conditional check: slower the longer it has been quiet.

    Open threads: an eighth of their quiet time, between 1 and 30 days; final ones (and
    withdrawn ones) every 90 days, since any new correspondence also shows in the listings.
    """
    if withdrawn or (status in FINAL_STATES):
        return timedelta(days=90)
    quiet = timedelta(days=30)
    if last_activity:
        try:
            seen = datetime.fromisoformat(last_activity)
            if seen.tzinfo is None:
                seen = seen.replace(tzinfo=UTC)
            quiet = max(now - seen, timedelta(0))
        except ValueError:
            pass
    return min(max(quiet / 8, timedelta(days=1)), timedelta(days=30))


def activity_signature(item: ListItem) -> str:
    """What a listing shows of a thread's latest activity (its anchor and excerpt)."""
    text = f"{item.anchor or ''}\x1f{item.description or ''}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def split_window(lo: date, hi: date, parts: int) -> list[tuple[date, date]]:
    """``[lo, hi]`` (inclusive days) cut into ``parts`` adjoining windows, newest first."""
    days = (hi - lo).days + 1
    parts = max(1, min(parts, days))
    out = []
    start = lo
    for i in range(parts):
        end = lo + timedelta(days=(days * (i + 1)) // parts - 1)
        out.append((start, end))
        start = end + timedelta(days=1)
    return list(reversed(out))
