"""What the cleaner may be told about a message beyond its text: its thread, its authority, what the
archive repeats, the memo of its thread and the scorer's weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scraper.clean.memo import ThreadIndex
from scraper.clean.mining import BlockStats
from scraper.clean.model import Model

__all__ = ["CleanContext"]


@dataclass
class CleanContext:
    """What the cleaner may know beyond the text itself."""

    kind: str = "incoming"  #: outgoing | incoming | annotation
    authority: str | None = None  #: url_name
    earlier_messages: Sequence[str] = ()  #: raw texts of earlier messages of the same thread
    #: their kinds (outgoing / incoming / annotation), when known: the requester's own words and
    #: what the authority already sent in this thread are told apart
    earlier_kinds: Sequence[str] = ()
    authority_blocks: BlockStats | None = None  #: what the archive repeats for this authority
    requester_name: str | None = None
    #: memo shared by the messages of one thread (see :class:`ThreadIndex`); optional
    index: ThreadIndex | None = None
    #: the scorer's weights; None for the shipped model
    model: Model | None = None
