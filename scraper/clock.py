"""Time as the archive writes it: UTC, ISO 8601, to the second (``2024-05-01T10:00:00+00:00``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def iso(when: datetime) -> str:
    """``when`` in UTC as ISO 8601 text, to the second."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


def now_iso() -> str:
    """Now, as :func:`iso` writes it."""
    return iso(datetime.now(UTC))


def later(when: str, days: float) -> str:
    """The ISO time ``days`` after the ISO time ``when`` (in its offset)."""
    return (datetime.fromisoformat(when) + timedelta(days=days)).isoformat(timespec="seconds")
