"""Ctrl-C and SIGTERM: a run winds down cleanly, records how it ended, and says what was kept."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: wind the run down cleanly (a BaseException, like KeyboardInterrupt,
    so that no ``except Exception`` on the way swallows it)."""

    def __init__(self, signame: str) -> None:
        super().__init__(signame)
        self.signame = signame


class _Hold:
    """How deep the running code is in :func:`held` blocks, and the signal that arrived in one."""

    depth = 0
    pending: str | None = None


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold a SIGINT or SIGTERM that arrives inside the block until the block ends, then raise it as
    :class:`Interrupted`: for what must happen together, a thread's commit and the counts the run log
    keeps of it. Keep such blocks short and free of network calls."""
    _Hold.depth += 1
    try:
        yield
    finally:
        _Hold.depth -= 1
        if _Hold.depth == 0 and _Hold.pending is not None:
            signame, _Hold.pending = _Hold.pending, None
            raise Interrupted(signame)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the first SIGINT or SIGTERM into :class:`Interrupted`; later ones are ignored while the
    run records how it ended. Only the main thread can take signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        if fired:
            return
        fired.append(signum)
        if _Hold.depth:
            _Hold.pending = signal.Signals(signum).name
            return
        raise Interrupted(signal.Signals(signum).name)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    _Hold.pending = None
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        _Hold.pending = None
