"""Message cleaning: take boilerplate and quoted history out of a message, never a word of the answer.

Pure: raw text plus context in, clean text plus the stripped spans out. ``raw_text`` is never
changed; ``clean_text`` is derived from it by removing the spans and tidying whitespace
(:func:`tidy`), so every decision is auditable and can be recomputed.

The package follows the layers of a cleaning:

- :mod:`~scraper.clean.text`: lines, words, whitespace, span removal;
- :mod:`~scraper.clean.units`: a message cut into units (sentences of prose, lines of lists);
- :mod:`~scraper.clean.site`: the site's own text (outgoing footer, page chrome, link lists);
- :mod:`~scraper.clean.quotes`: quoted history, removed where it matches an earlier message;
- :mod:`~scraper.clean.features` and :mod:`~scraper.clean.model`: the scorer, a linear model
  learned from a broad collection of authorities' mail, decoded a message at a time;
- :mod:`~scraper.clean.mining`: what an archive repeats, per (site, authority) and across
  authorities, as evidence for the scorer;
- :mod:`~scraper.clean.assemble`: the layers in order, and the safety net.
"""

from scraper.clean.assemble import CATEGORIES, CleanContext, CleanResult, clean_message, prepare
from scraper.clean.memo import ThreadIndex
from scraper.clean.mining import BlockStats, authority_key, mine_authority_blocks
from scraper.clean.model import Model, load_model
from scraper.clean.text import remove_spans, tidy

__all__ = [
    "CATEGORIES",
    "BlockStats",
    "CleanContext",
    "CleanResult",
    "Model",
    "ThreadIndex",
    "authority_key",
    "clean_message",
    "load_model",
    "mine_authority_blocks",
    "prepare",
    "remove_spans",
    "tidy",
]
