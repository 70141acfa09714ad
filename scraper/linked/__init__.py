"""Linked pages, the parts that need no archive: which links of a thread to keep
(:mod:`~scraper.linked.links`), the text people want from a page (:mod:`~scraper.linked.extract`),
and the WARC files every exchange is recorded in (:mod:`~scraper.linked.warc`).

Answers often live on the authority's own site ("the information is published on our website",
"see our disclosure log"). Fetching them is the crawl's linked-pages step
(:mod:`scraper.crawl.linked_pages`); their rows are :mod:`scraper.archive.linked`'s.
"""

from scraper.linked.extract import Extracted, extract_page
from scraper.linked.links import (
    Candidate,
    LinkPolicy,
    extract_urls,
    host_matches,
    is_login_or_search,
    normalise_url,
    select_links,
)

__all__ = [
    "Candidate",
    "Extracted",
    "LinkPolicy",
    "extract_page",
    "extract_urls",
    "host_matches",
    "is_login_or_search",
    "normalise_url",
    "select_links",
]
