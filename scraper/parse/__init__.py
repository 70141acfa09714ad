"""The parse step: Alaveteli (WhatDoTheyKnow) request pages, request JSON and request listings,
as data. Pure functions: text in, data out; anything unrecognised raises :class:`ParseError`.

* :mod:`~scraper.parse.request_page`: a whole thread from its page, merged with its ``.json``;
* :mod:`~scraper.parse.request_json`: the ``.json`` alone (ids, events, status);
* :mod:`~scraper.parse.listing`: ``/list``, ``/body/<x>`` and ``/user/<x>`` listings;
* :mod:`~scraper.parse.html_text`: HTML as text, the way a browser shows it;
* :mod:`~scraper.parse.common`: what they share.
"""

from scraper.parse.common import ParseError
from scraper.parse.html_text import html_to_text
from scraper.parse.listing import ListItem, ListPage, parse_list_page
from scraper.parse.request_json import parse_request_json
from scraper.parse.request_page import parse_request_page

__all__ = [
    "ListItem",
    "ListPage",
    "ParseError",
    "html_to_text",
    "parse_list_page",
    "parse_request_json",
    "parse_request_page",
]
