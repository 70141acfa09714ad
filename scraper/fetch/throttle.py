"""One host's pace: one request at a time, a minimum quiet interval, slower after trouble."""

from __future__ import annotations

import random
import threading
import time

#: AutoThrottle's ceiling for the adaptive delay (Scrapy's AUTOTHROTTLE_MAX_DELAY).
MAX_THROTTLE_DELAY = 60.0


class HostGate:
    """One request at a time for a host, with a minimum quiet interval and AutoThrottle."""

    def __init__(self, base: float, jitter: float) -> None:
        self.lock = threading.Lock()
        self.base = base
        self.delay = base  #: current interval; only ever >= base
        self.jitter = jitter
        self.last_done: float | None = None
        self.not_before = 0.0  #: set by Retry-After / backoff: no request before this instant

    def set_base(self, base: float) -> None:
        self.base = base
        self.delay = max(self.delay, base)

    def wait(self) -> None:
        """Sleep until the next request may start (call with ``lock`` held)."""
        target = self.not_before
        if self.last_done is not None:
            interval = self.delay * (1.0 + random.uniform(0.0, self.jitter))
            target = max(target, self.last_done + interval)
        while (now := time.monotonic()) < target:
            time.sleep(target - now)

    def defer(self, seconds: float) -> None:
        self.not_before = max(self.not_before, time.monotonic() + seconds)

    def done(self, latency: float, *, error: bool, ok: bool) -> None:
        """Update the interval after an answer: AutoThrottle, and never faster after errors."""
        self.last_done = time.monotonic()
        ceiling = max(MAX_THROTTLE_DELAY, self.base)
        if error:
            self.delay = min(ceiling, max(self.delay * 2.0, latency))
            return
        # Scrapy AutoThrottle, target concurrency 1: head halfway towards the latency, never below it.
        new = max(latency, (self.delay + latency) / 2.0)
        if not ok and new <= self.delay:
            return  # small error pages must not speed us up
        self.delay = min(ceiling, max(self.base, new))
