"""The archive as Datasette reads it: descriptions, links, search, views, reading during a write."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from datasette.app import Datasette
from support import T1, save, thread

from scraper import archive as store
from scraper.datasette.metadata import table_metadata


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    db = store.open_archive(path)
    save(db, thread())
    save(db, thread(request_id=202, slug="parking_fines", title="Parking fines issued in 2023"))
    db.close()
    return path


def get_json(path: Path, url: str) -> dict:
    async def go():
        ds = Datasette([str(path)], metadata={"databases": {"archive": {"tables": table_metadata()}}})
        response = await ds.client.get(url)
        assert response.status_code == 200, (url, response.text[:500])
        return response.json()

    return asyncio.run(go())


def get_html(path: Path, url: str) -> str:
    async def go():
        ds = Datasette([str(path)], metadata={"databases": {"archive": {"tables": table_metadata()}}})
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        return response.text

    return asyncio.run(go())


def test_search_and_views_through_datasette(archive: Path):
    found = get_json(archive, "/archive/messages.json?_search=widgets&_shape=array")
    assert {m["anchor"] for m in found} == {"outgoing-1011", "incoming-1012", "outgoing-2021", "incoming-2022"}
    assert get_json(archive, "/archive/messages.json?_search=confidential&_shape=array") == []  # stripped text
    titles = get_json(archive, "/archive/requests.json?_search=parking&_shape=array")
    assert [t["request_id"] for t in titles] == [202]
    view = get_json(archive, "/archive/thread_messages.json?kind=incoming&_shape=array")
    assert {(r["request_id"], r["authority_name"]) for r in view} == {
        (101, "Example Council"),
        (202, "Example Council"),
    }
    overview = get_json(archive, "/archive/request_overview.json?_shape=array")
    assert {(r["request_id"], r["messages"], r["responses"]) for r in overview} == {(101, 2, 1), (202, 2, 1)}


def test_descriptions_and_foreign_key_labels(archive: Path):
    html = get_html(archive, "/archive/messages")
    assert store.TABLE_DOCS["messages"][0].split(":")[0] in html
    data = get_json(archive, "/archive/messages.json?_labels=on&_shape=array&kind=incoming&request__exact=1")
    assert data[0]["request"] == {"value": 1, "label": "Number of widgets purchased 2023"}


def test_datasette_reads_while_a_scrape_is_writing(archive: Path):
    writer = store.open_archive(archive)
    try:
        with writer.atomic():
            t = thread(status="successful")
            t.messages.append(
                thread()
                .messages[0]
                .__class__(
                    anchor="incoming-1019",
                    kind="incoming",
                    site_id=1019,
                    sender="Example Council",
                    sent_at=None,
                    raw_text="A later reply about gadgets.",
                    clean_text="A later reply about gadgets.",
                )
            )
            save(writer, t, at=T1)
            # the scrape's transaction is open: readers see the last committed state, without waiting
            assert get_json(archive, "/archive/messages.json?_search=gadgets&_shape=array") == []
            status = get_json(archive, "/archive/requests.json?request_id=101&_shape=array")[0]["status"]
            assert status == "waiting_response"
        assert len(get_json(archive, "/archive/messages.json?_search=gadgets&_shape=array")) == 1
    finally:
        writer.close()
