"""A run's budget (``--max-requests``, ``--max-minutes``), over all its sites and steps."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import IO

from scraper.fetch import Expect, FetchStats, HttpClient, Response


class BudgetExhausted(Exception):
    """The run's request or time budget is spent; the frontier keeps the rest for next time."""


@dataclass
class Budget:
    """``--max-requests`` / ``--max-minutes`` for a whole run (all sites)."""

    max_requests: int | None = None
    max_minutes: float | None = None
    used: int = 0  #: requests of clients already closed
    started: float = field(default_factory=time.monotonic)

    def check(self, in_flight: int = 0) -> None:
        if self.max_requests is not None and self.used + in_flight >= self.max_requests:
            raise BudgetExhausted(f"the budget of {self.max_requests} requests is spent")
        if self.max_minutes is not None and time.monotonic() - self.started >= self.max_minutes * 60:
            raise BudgetExhausted(f"the budget of {self.max_minutes:g} minutes is spent")


class BudgetedClient:
    """A client that refuses to start a request once the budget is spent (an :class:`HttpClient`)."""

    def __init__(self, client: HttpClient, budget: Budget) -> None:
        self._client = client
        self._budget = budget

    def reserve(self, n: int) -> None:
        """Refuse to start work that needs ``n`` more requests than the budget has left."""
        self._budget.check(self._client.stats.requests + n - 1)

    def get(
        self, path_or_url: str, *, expect: Expect = "html", conditional: bool = True, stream_to: IO[bytes] | None = None
    ) -> Response:
        self._budget.check(self._client.stats.requests)
        return self._client.get(path_or_url, expect=expect, conditional=conditional, stream_to=stream_to)

    def allowed(self, path_or_url: str) -> bool:
        return self._client.allowed(path_or_url)

    def close(self) -> None:
        self._client.close()

    @property
    def stats(self) -> FetchStats:
        return self._client.stats

    @property
    def max_bytes(self) -> int:
        return self._client.max_bytes

    @max_bytes.setter
    def max_bytes(self, value: int) -> None:
        self._client.max_bytes = value
