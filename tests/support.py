"""Helpers the tests share (no tests here): builders of threads and archives, and the scrape
command and archive reads that tests/conftest.py hands out as fixtures."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from scraper import archive as store
from scraper.cli import cli
from scraper.models import Attachment, Authority, Event, Message, Stripped, Thread, User
from scraper.sample.server import SampleSite

SITE = "www.whatdotheyknow.com"
T0 = "2024-05-01T10:00:00+00:00"
T1 = "2024-05-02T10:00:00+00:00"
T2 = "2024-05-03T10:00:00+00:00"
T3 = "2024-05-04T10:00:00+00:00"


def message(anchor: str, text: str = "", **kw: Any) -> Message:
    prefix, number = anchor.rsplit("-", 1)
    kind = {"outgoing": "outgoing", "incoming": "incoming", "comment": "annotation"}[prefix]
    text = text or f"Text of {anchor}.\n\nSecond paragraph."
    # the fixture's "cleaning": drop the last paragraph
    clean = text.rsplit("\n\n", 1)[0] if "\n\n" in text else text
    defaults: dict[str, Any] = {
        "sender": "Jane Doe" if kind != "incoming" else "Example Council",
        "sent_at": "2024-03-01T09:00:00+00:00",
        "raw_text": text,
        "clean_text": clean,
        "stripped": [Stripped(len(clean), len(text), "signoff_block", "test")] if clean != text else [],
    }
    defaults.update(kw)
    return Message(anchor=anchor, kind=kind, site_id=int(number), **defaults)  # type: ignore[arg-type]


def dated_message(
    anchor: str,
    sent_at: str,
    text: str,
    *,
    sender: str = "Ann Example",
    disclaimer: str | None = None,
    attachments: list[Attachment] | None = None,
) -> Message:
    """A message sent at ``sent_at`` whose clean text is ``text``; with ``disclaimer``, its raw text
    ends with it, stripped as a disclaimer."""
    prefix, number = anchor.rsplit("-", 1)
    kind = {"outgoing": "outgoing", "incoming": "incoming", "comment": "annotation"}[prefix]
    raw = text + (f"\n\n{disclaimer}" if disclaimer else "")
    return Message(
        anchor=anchor,
        kind=kind,
        site_id=int(number),
        sender=sender,
        sent_at=sent_at,
        raw_text=raw,
        clean_text=text,
        stripped=[Stripped(len(text) + 2, len(raw), "disclaimer", "test")] if disclaimer else [],
        attachments=attachments or [],
    )


def dated_thread(
    request_id: int,
    slug: str,
    authority: Authority,
    status: str,
    messages: list[Message],
    *,
    events: list[Event] | None = None,
    title: str | None = None,
    requester: User | None = None,
) -> Thread:
    """A thread made of ``messages``, created when the first was sent and updated when the last was."""
    return Thread(
        slug=slug,
        title=title or slug.replace("_", " ").capitalize(),
        authority=authority,
        requester=requester or User(url_name="ann_example", name="Ann Example", id=5),
        status=status,
        request_id=request_id,
        law_used="foi",
        prominence="normal",
        created_at=messages[0].sent_at,
        updated_at=messages[-1].sent_at,
        messages=messages,
        events=events or [],
    )


def thread(request_id: int = 101, slug: str = "widgets_2023", **kw: Any) -> Thread:
    defaults: dict[str, Any] = {
        "title": "Number of widgets purchased 2023",
        "authority": Authority(
            url_name="example_council", name="Example Council", id=42, tags=[["local_council", None]]
        ),
        "requester": User(url_name="jane_doe", name="Jane Doe", id=7),
        "status": "waiting_response",
        "display_status": "Awaiting response",
        "law_used": "foi",
        "prominence": "normal",
        "created_at": "2024-03-01T09:00:00+00:00",
        "updated_at": "2024-03-10T11:00:00+00:00",
        "awaiting_description": False,
        "tags": [["spending_id", "12345"]],
    }
    defaults.update(kw)
    if "messages" not in kw:
        base = (request_id if request_id is not None else 101) * 10
        defaults["messages"] = [
            message(
                f"outgoing-{base + 1}",
                "Dear Example Council,\n\nPlease send me the widget counts.\n\nYours faithfully,\nJane Doe",
            ),
            message(
                f"incoming-{base + 2}",
                "Dear Ms Doe,\n\nWe purchased 7 widgets in 2023.\n\nThis email is confidential.",
                attachments=[
                    Attachment(
                        filename="widgets.pdf",
                        url=f"https://{SITE}/request/{slug}/response/{base + 2}/attach/2/widgets.pdf",
                        part=2,
                        content_type="application/pdf",
                        size="114K",
                        size_bytes=116736,
                    ),
                ],
            ),
        ]
    if "events" not in kw:
        base = (request_id if request_id is not None else 101) * 10
        defaults["events"] = [
            Event(
                id=base + 1,
                event_type="sent",
                created_at="2024-03-01T09:00:00+00:00",
                outgoing_message_id=base + 1,
                described_state="waiting_response",
                calculated_state="waiting_response",
            ),
            Event(
                id=base + 2, event_type="response", created_at="2024-03-05T09:00:00+00:00", incoming_message_id=base + 2
            ),
        ]
    return Thread(slug=slug, request_id=request_id, **defaults)


def save(db: sqlite_utils.Database, t: Thread, at: str = T0, site: str = SITE, **kw: Any) -> store.SaveResult:
    return store.save_thread(
        db, t, site=site, fetched_at=at, source_url=f"https://{site}/request/{t.slug}?unfold=1", **kw
    )


def rows(db: sqlite_utils.Database, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """Rows of an open archive, as dicts."""
    return list(db.query(sql, params or []))


def file_rows(path: Path, sql: str, *params: Any) -> list[dict[str, Any]]:
    """Rows of the archive file at ``path`` (opened for this read only), as dicts."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def scrape_command(site: SampleSite, db: Path, *args: str, config: Path | None = None) -> Result:
    """``wdtk-archive scrape`` of the sample site into ``db``, with no delay (the site is local)."""
    extra = ["--config", str(config)] if config is not None else []
    return CliRunner().invoke(
        cli, ["scrape", "--base-url", site.base_url, "--delay", "0", "--db", str(db), *extra, *args]
    )


def archive_files(path: Path) -> dict[str, bytes]:
    """The bytes of the archive and its WAL (to prove that nothing was written)."""
    out = {}
    for suffix in ("", "-wal"):
        p = Path(str(path) + suffix)
        if p.exists():
            out[suffix] = p.read_bytes()
    return out


def free_port() -> int:
    """A loopback port nothing listens on (for a server a test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(
    argv: list[str], *, ready: str, log: Path, cwd: Path, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """Run a server command (its output in ``log``) until the block ends; yields once ``ready`` (a URL)
    answers 200. A server that exits or does not answer within 60 s fails the test with its log."""
    with open(log, "wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(ready, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"the server did not answer within 60 s:\n{log.read_text()}")
            time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
