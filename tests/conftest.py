"""Fixtures shared by the tests: the sample site on loopback, scraping it, reading an archive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support import file_rows, scrape_command

from scraper.sample.seed_threads import default_content
from scraper.sample.server import SampleSite


@pytest.fixture(scope="module")
def site() -> Iterator[SampleSite]:
    """The sample site (its default threads), shared by a module's tests that do not change it."""
    with SampleSite(default_content()) as s:
        yield s


@pytest.fixture
def fresh_site() -> Iterator[SampleSite]:
    """A sample site of the test's own: its content and its request log start afresh."""
    with SampleSite(default_content()) as s:
        yield s


@pytest.fixture(scope="session")
def scrape() -> Callable[..., Any]:
    """``scrape(site, db, *args, config=None)``: the scrape command against a sample site."""
    return scrape_command


@pytest.fixture(scope="session")
def db_rows() -> Callable[..., list[dict[str, Any]]]:
    """``db_rows(path, sql, *params)``: rows of an archive file, as dicts."""
    return file_rows
