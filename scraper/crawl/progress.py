"""A one-line progress display of a sync on stderr, when it is a terminal."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any


class Progress:
    """A one-line progress display on stderr, only when it is a terminal.

    The line is redrawn in place; a log message printed meanwhile first clears it (a filter on the
    log handlers that write to the same terminal), so the bar never prefixes the log lines and
    the next update draws it again below them.
    """

    def __init__(self, site: str, stream: Any = None):
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.site = site
        self.values: dict[str, int] = {"list_pages": 0, "threads": 0, "pending": 0}
        self._last = 0.0
        self._shown = False
        self._handlers: list[logging.Handler] = []
        if self.enabled:
            for handler in logging.getLogger("wdtk_archive").handlers:
                if getattr(handler, "stream", None) is self.stream:
                    handler.addFilter(self._before_log)
                    self._handlers.append(handler)

    def _before_log(self, record: logging.LogRecord) -> bool:
        self._clear()
        return True

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False

    def update(self, **values: int) -> None:
        if not self.enabled:
            return
        self.values.update(values)
        now = time.monotonic()
        if self._shown and now - self._last < 0.1:
            return
        self._last = now
        v = self.values
        done, pending = v["threads"], v["pending"]
        total = done + pending
        width = 24
        filled = int(width * done / total) if total else 0
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r\x1b[K{self.site} [{bar}] {done}/{total} threads, {v['list_pages']} list pages")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        for handler in self._handlers:
            handler.removeFilter(self._before_log)
        self._handlers.clear()
        if self.enabled and self._last:
            self._shown = False
            self.update()  # the final numbers, which the throttle may have held back
            self.stream.write("\n")  # the last state stays on screen, above what follows
            self.stream.flush()
            self._shown = False
