"""The parse step: Alaveteli request pages, request JSON and listings, as data (pure)."""

from scraper.parse.request_page import (
    ListItem,
    ListPage,
    ParseError,
    html_to_text,
    parse_list_page,
    parse_request_json,
    parse_request_page,
)

__all__ = [
    "ListItem", "ListPage", "ParseError", "html_to_text", "parse_list_page", "parse_request_json",
    "parse_request_page",
]
