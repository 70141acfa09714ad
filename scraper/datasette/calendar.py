"""Working days in England and Wales, for the statutory deadlines (FOI Act s.10: "the twentieth
working day following the date of receipt"), and as SQL functions for the canned queries."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Any

#: Days the statutory deadline allows.
RESPONSE_DAYS = 20

# One-off bank holidays in England and Wales, and the years whose regular ones moved.
_SPECIAL_HOLIDAYS = {
    date(1999, 12, 31),  # millennium
    date(2002, 6, 3),  # golden jubilee
    date(2011, 4, 29),  # royal wedding
    date(2012, 6, 5),  # diamond jubilee
    date(2022, 6, 3),  # platinum jubilee
    date(2022, 9, 19),  # state funeral
    date(2023, 5, 8),  # coronation
}
_MOVED_EARLY_MAY = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
_MOVED_SPRING = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=d.weekday())


@functools.cache
def bank_holidays(year: int) -> frozenset[date]:
    """Bank holidays in England and Wales in ``year``, substitute days included."""
    days = {_easter(year) - timedelta(days=2), _easter(year) + timedelta(days=1)}
    new_year = date(year, 1, 1)
    days.add(new_year + timedelta(days={5: 2, 6: 1}.get(new_year.weekday(), 0)))
    days.add(_MOVED_EARLY_MAY.get(year, _first_monday(year, 5)))
    days.add(_MOVED_SPRING.get(year, _last_monday(year, 5)))
    days.add(_last_monday(year, 8))
    christmas = date(year, 12, 25)
    # Christmas and Boxing Day each get a weekday; a weekend one moves to the next free weekday.
    taken: set[date] = set()
    for d in (christmas, christmas + timedelta(days=1)):
        while d.weekday() >= 5 or d in taken:
            d += timedelta(days=1)
        taken.add(d)
    days |= taken
    days |= {d for d in _SPECIAL_HOLIDAYS if d.year == year}
    return frozenset(days)


def is_working_day(d: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return d.weekday() < 5 and d not in bank_holidays(d.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end`` is not later)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * 5  # every whole week has five weekdays
    d = start + timedelta(days=weeks * 7)
    for _ in range(rest):
        d += timedelta(days=1)
        count += d.weekday() < 5
    # Bank holidays always fall on weekdays (substitute days included).
    for year in range(start.year, end.year + 1):
        count -= sum(1 for h in bank_holidays(year) if start < h <= end)
    return count


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (the statutory due date for ``days=20``)."""
    d = start
    while days > 0:
        d += timedelta(days=1)
        days -= is_working_day(d)
    return d


def as_date(value: Any) -> date | None:
    """The calendar date of an ISO 8601 string as written (its local date), or None."""
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def sql_working_days(start: Any, end: Any) -> int | None:
    a, b = as_date(start), as_date(end)
    if a is None or b is None:
        return None
    return working_days_between(a, b) if b >= a else -working_days_between(b, a)


def sql_working_day_add(start: Any, days: Any) -> str | None:
    a = as_date(start)
    if a is None or days is None:
        return None
    return add_working_days(a, int(days)).isoformat()
