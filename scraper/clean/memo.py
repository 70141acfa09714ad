"""The per-thread memo: what the cleaner remembers while it cleans the messages of one thread."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any


class ThreadIndex:
    """Facts about texts seen while cleaning one thread (boilerplate repeats within a thread: in
    quotes and in every reply), keyed by the text itself.

    Pass one in :attr:`CleanContext.index` for all the messages of a thread; without one, each
    call starts empty. Its lifetime is the caller's choice, never a module global: nothing is
    remembered between calls that do not share an index, so results and timings never depend on
    what was cleaned before. Every value is a pure function of its key, so sharing an index
    never changes a result.
    """

    __slots__ = ("tables",)

    def __init__(self) -> None:
        self.tables: dict[Hashable, dict[Any, Any]] = {}

    def table(self, name: Hashable) -> dict[Any, Any]:
        t = self.tables.get(name)
        if t is None:
            t = self.tables[name] = {}
        return t
