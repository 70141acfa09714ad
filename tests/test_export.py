"""Export: documents valid against the JSON Schema, stable bytes, filters, streaming, the CLI."""

from __future__ import annotations

import io
import json
import tempfile
import tracemalloc
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SITE, T0, T1, T2, message, save, thread

from scraper import archive as store
from scraper import export
from scraper.cli.export import export_command
from scraper.models import Attachment, Authority, Event, Message, Stripped, Thread, User

SCHEMA = store.load_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_file_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["format_version"]["const"] == store.FORMAT_VERSION


def test_schema_is_stable():
    """Changing these is a breaking change for consumers: bump format_version and say so."""
    assert SCHEMA["required"] == [
        "format_version",
        "site",
        "request",
        "authority",
        "requester",
        "messages",
        "events",
        "changes",
        "provenance",
    ]
    message = SCHEMA["$defs"]["message"]["required"]
    assert message == [
        "id",
        "kind",
        "site_id",
        "occurrence",
        "sender",
        "sent_at",
        "raw_text",
        "clean_text",
        "stripped",
        "attachments",
        "visibility",
        "hidden_at",
        "event_id",
        "event_type",
        "delivery_status",
        "resent",
        "first_seen_at",
        "earlier_versions",
    ]
    assert SCHEMA["properties"]["provenance"]["required"] == ["source_url", "fetched_at", "first_seen_at", "changed_at"]


@pytest.fixture
def db(tmp_path: Path):
    database = store.open_archive(tmp_path / "archive.db")
    yield database
    database.close()


def _history_archive(db) -> None:
    save(db, thread())
    t = thread(slug="widget_purchases_2023", status="successful")
    t.messages[1].raw_text = "Dear Ms Doe,\n\nWe purchased 8 widgets in 2023."
    t.messages[1].clean_text = t.messages[1].raw_text
    t.messages[1].stripped = []
    t.messages.append(message("comment-9", "An annotation."))
    save(db, t, at=T1)
    t2 = thread(slug="widget_purchases_2023", status="successful")
    t2.messages[1] = t.messages[1]
    save(db, t2, at=T2)  # the annotation is gone
    save(
        db,
        thread(
            request_id=202,
            slug="other",
            created_at="2023-01-05T10:00:00+00:00",
            authority=Authority(url_name="other_body", name="Other Body", id=43),
        ),
    )
    store.mark_withdrawn(db, site=SITE, request_id=202, status=404, when=T2)


def test_archived_documents_are_valid_and_complete(db):
    _history_archive(db)
    docs = list(store.iter_thread_documents(db))
    for doc in docs:
        VALIDATOR.validate(doc)
    assert [(d["site"], d["request"]["id"]) for d in docs] == [(SITE, 101), (SITE, 202)]
    doc = docs[0]
    assert doc["request"]["slug"] == "widget_purchases_2023"
    assert doc["request"]["former_slugs"] == ["widgets_2023"]
    assert [m["id"] for m in doc["messages"]] == ["outgoing-1011", "incoming-1012", "comment-9"]
    reply = doc["messages"][1]
    assert "8 widgets" in reply["raw_text"]
    assert [v["raw_text"] for v in reply["earlier_versions"]] == [
        "Dear Ms Doe,\n\nWe purchased 7 widgets in 2023.\n\nThis email is confidential."
    ]
    assert reply["attachments"][0]["filename"] == "widgets.pdf"
    assert doc["messages"][2]["visibility"] == "gone" and doc["messages"][2]["raw_text"] == "An annotation."
    assert doc["messages"][0]["stripped"] == [s.to_dict() for s in thread().messages[0].stripped]
    assert doc["messages"][0]["stripped"][0]["end"] == len(doc["messages"][0]["raw_text"])
    assert {(c["field"], c["new"]) for c in doc["changes"]} >= {
        ("status", "successful"),
        ("slug", "widget_purchases_2023"),
    }
    assert ("visibility", "gone", "comment-9") in {(c["field"], c["new"], c["message"]) for c in doc["changes"]}
    assert doc["provenance"] == {
        "source_url": f"https://{SITE}/request/widget_purchases_2023?unfold=1",
        "fetched_at": T2,
        "first_seen_at": T0,
        "changed_at": T2,
    }
    assert docs[1]["request"]["withdrawn_status"] == 404
    assert docs[1]["authority"]["url_name"] == "other_body"
    assert docs[0]["requester"] == {"id": 7, "url_name": "jane_doe", "name": "Jane Doe"}


def test_parsed_thread_document_has_the_same_shape():
    t = thread()
    t.messages.append(message("outgoing-1011", "", raw_text="", clean_text="", resent=True, stripped=[]))
    doc = store.thread_to_document(t, site=SITE)
    VALIDATOR.validate(doc)
    assert doc["messages"][-1]["occurrence"] == 2


def test_filters(db):
    _history_archive(db)
    ids = lambda **kw: [d["request"]["id"] for d in store.iter_thread_documents(db, **kw)]  # noqa: E731
    assert ids(keys=["widgets_2023"]) == [101]  # a former slug
    assert ids(keys=[202, "widget_purchases_2023"]) == [101, 202]
    assert ids(keys=[f"https://{SITE}/request/other"]) == [202]
    assert ids(authority="other_body") == [202]
    assert ids(authority="Example Council") == [101]
    assert ids(authority="42") == [101]
    assert ids(since="2024-01-01") == [101]
    assert ids(until="2023-12-31") == [202]
    assert ids(since="2023-01-05", until="2023-01-05") == [202]
    assert ids(site="www.asktheeu.org") == []
    with pytest.raises(store.ExportError, match="No request 'nope'"):
        store.iter_thread_documents(db, keys=["nope"])
    with pytest.raises(store.ExportError, match="No authority"):
        store.iter_thread_documents(db, authority="nobody")
    with pytest.raises(store.ExportError, match="--since must be a date"):
        store.iter_thread_documents(db, since="last tuesday")


def test_export_streams_with_flat_memory(tmp_path: Path):
    db = store.open_archive(tmp_path / "big.db")
    big = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 400  # ~23 kB per message
    for n in range(1, 301):
        t = thread(request_id=n, slug=f"request_{n}", messages=[message(f"incoming-{n}", big)], events=[])
        save(db, t)
    out = io.BytesIO()
    total = export.write_documents(store.iter_thread_documents(db), out, "jsonl")
    assert total == 300 and out.tell() > 12_000_000
    tracemalloc.start()
    try:
        for _ in store.iter_thread_documents(db):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000, f"export held {peak} bytes at once for a {out.tell()}-byte export"


# -- byte-identical exports, whatever the order of scraping --------------------------------------

AUTHORITIES = [
    Authority(url_name="example_council", name="Example Council", id=42, tags=[["local_council", None]]),
    Authority(url_name="ministry_of_widgets", name="Ministry of Widgets", id=43, short_name="MoW"),
]
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=120)


@st.composite
def thread_histories(draw) -> list[list[Thread]]:
    """Threads, each as one or two successive versions of its page."""
    ids = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=4, unique=True))
    histories = []
    for n, request_id in enumerate(ids):
        messages = []
        for j in range(draw(st.integers(0, 4))):
            kind = draw(st.sampled_from(["outgoing", "incoming", "comment"]))
            raw = draw(texts)
            cut = draw(st.integers(0, len(raw)))
            attachments = (
                [
                    Attachment(
                        filename=draw(st.text("abc.pdf", min_size=1, max_size=8)),
                        url=f"https://{SITE}/a/{part}",
                        part=part,
                        size_bytes=draw(st.none() | st.integers(0, 10**9)),
                    )
                    for part in draw(st.lists(st.integers(2, 9), max_size=2, unique=True))
                ]
                if kind == "incoming"
                else []
            )
            messages.append(
                Message(
                    anchor=f"{kind}-{n * 100 + j}",
                    kind="annotation" if kind == "comment" else kind,
                    site_id=n * 100 + j,
                    sender=draw(st.none() | texts),
                    sent_at=draw(st.none() | st.just("2024-01-02T03:04:05+00:00")),
                    raw_text=raw,
                    clean_text=raw[:cut],
                    stripped=[Stripped(cut, len(raw), "disclaimer", "r")] if cut < len(raw) else [],
                    attachments=attachments,
                    hidden=draw(st.booleans()) and draw(st.booleans()),
                )
            )
        first = Thread(
            slug=f"request_{request_id}",
            title=draw(texts) or "untitled",
            request_id=request_id,
            authority=draw(st.sampled_from(AUTHORITIES)),
            requester=User(url_name=f"user_{n}", name=f"User {n}", id=n),
            status=draw(st.sampled_from(["waiting_response", "successful", None])),
            created_at=f"2024-0{n + 1}-01T00:00:00+00:00",
            tags=[["t", str(n)]],
            messages=messages,
            events=[
                Event(id=request_id * 10 + k, event_type="sent", created_at=f"2024-01-0{k + 1}T00:00:00+00:00")
                for k in range(draw(st.integers(0, 2)))
            ],
        )
        versions = [first]
        if draw(st.booleans()):
            second = Thread(**{**first.__dict__, "messages": list(first.messages), "events": list(first.events)})
            if draw(st.booleans()):
                second.slug += "_renamed"
            second.status = draw(st.sampled_from(["successful", "rejected", "internal_review"]))
            if second.messages and draw(st.booleans()):
                second.messages.pop(draw(st.integers(0, len(second.messages) - 1)))  # vanished
            if second.messages and draw(st.booleans()):
                i = draw(st.integers(0, len(second.messages) - 1))
                m = second.messages[i]
                edited = draw(texts)
                second.messages[i] = Message(
                    **{**m.__dict__, "raw_text": edited, "clean_text": edited, "stripped": [], "hidden": False}
                )
            if draw(st.booleans()):
                late = Message(
                    anchor=f"incoming-{n * 100 + 50}",
                    kind="incoming",
                    site_id=n * 100 + 50,
                    sender="Late",
                    sent_at=None,
                    raw_text=draw(texts),
                    clean_text="",
                )
                second.messages.insert(draw(st.integers(0, len(second.messages))), late)
            versions.append(second)
        histories.append(versions)
    return histories


def _export_bytes(histories: list[list[Thread]], order: list[int], repeats: list[bool], fmt: str) -> bytes:
    """Save the threads' versions in ``order`` (indexes into histories; each thread's versions stay in order)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_archive(Path(tmp) / "archive.db")
        next_version = [0] * len(histories)
        for step, i in enumerate(order):
            v = next_version[i]
            next_version[i] += 1
            t = histories[i][v]
            at = f"2024-06-{10 + v:02d}T{i:02d}:00:00+00:00"  # each version has its own fetch time
            save(db, t, at=at)
            if repeats[step % len(repeats)]:
                assert save(db, t, at=f"2024-07-01T{i:02d}:00:00+00:00").status == "unchanged"
        out = io.BytesIO()
        export.write_documents(store.iter_thread_documents(db), out, fmt)
        for doc in store.iter_thread_documents(db):
            VALIDATOR.validate(doc)
        db.close()
        return out.getvalue()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories=thread_histories(), data=st.data())
def test_same_threads_in_any_order_export_byte_identical(histories, data):
    sequential = [i for i, versions in enumerate(histories) for _ in versions]
    shuffled = data.draw(st.permutations(sequential))
    repeats = data.draw(st.lists(st.booleans(), min_size=1, max_size=5))
    fmt = data.draw(st.sampled_from(["json", "jsonl"]))
    assert _export_bytes(histories, shuffled, repeats, fmt) == _export_bytes(histories, sequential, [False], fmt)


# -- the command ---------------------------------------------------------------------------------


def _cli(*args: str):
    return CliRunner().invoke(export_command, list(args), catch_exceptions=False)


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    database = store.open_archive(path)
    _history_archive(database)
    database.close()
    return path


def test_cli_json_and_jsonl(archive_path: Path):
    result = _cli("--all", "--db", str(archive_path))
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["request"]["id"] for d in docs] == [101, 202]
    assert result.stderr == ""
    result = _cli("widgets_2023", "--format", "jsonl", "--db", str(archive_path))
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["request"]["slug"] == "widget_purchases_2023"
    result = _cli("--authority", "other_body", "--format", "jsonl", "--db", str(archive_path))
    assert [json.loads(line)["request"]["id"] for line in result.stdout.splitlines()] == [202]
    result = _cli("--since", "2030-01-01", "--db", str(archive_path))
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert result.stderr == "No archived thread matched.\n"


def test_cli_writes_a_file_whole(archive_path: Path, tmp_path: Path):
    target = tmp_path / "out" / "threads.jsonl"
    target.parent.mkdir()
    result = _cli("--all", "--format", "jsonl", "-o", str(target), "--db", str(archive_path))
    assert result.exit_code == 0 and result.stdout == ""
    assert [json.loads(line)["request"]["id"] for line in target.read_text(encoding="utf-8").splitlines()] == [101, 202]
    assert sorted(p.name for p in target.parent.iterdir()) == ["threads.jsonl"]


@pytest.mark.parametrize(
    "args, code, sentence",
    [
        (["nope"], 2, "No request 'nope' in the archive."),
        (["--authority", "nobody"], 2, "No authority 'nobody' in the archive"),
        (["--since", "yesterday"], 2, "--since must be a date"),
        ([], 2, "Nothing to export"),
        (["widgets_2023", "--all"], 2, "not both"),
    ],
)
def test_cli_bad_input_is_one_sentence_and_writes_nothing(archive_path: Path, tmp_path: Path, args, code, sentence):
    target = tmp_path / "out.json"
    result = CliRunner().invoke(export_command, [*args, "-o", str(target), "--db", str(archive_path)])
    assert result.exit_code == code
    assert sentence in result.stderr
    assert "Traceback" not in result.output
    assert not target.exists()


def test_cli_without_archive(tmp_path: Path):
    result = CliRunner().invoke(export_command, ["--all", "--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 6 and "No archive at" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_one_key_gives_one_document_not_an_array(archive_path: Path, tmp_path: Path):
    """The README's `export SLUG | jq '.messages[]'` works: one KEY writes the document itself."""
    result = _cli("widgets_2023", "--db", str(archive_path))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert isinstance(doc, dict) and doc["request"]["slug"] == "widget_purchases_2023"
    assert [m["id"] for m in doc["messages"]]  # `.messages[]` iterates
    jsonschema.validate(doc, SCHEMA)
    target = tmp_path / "one.json"
    assert _cli("101", "-o", str(target), "--db", str(archive_path)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == doc
    # two keys, --all or a filter: an array, even of one
    assert isinstance(json.loads(_cli("widgets_2023", "202", "--db", str(archive_path)).stdout), list)
    assert isinstance(json.loads(_cli("--authority", "other_body", "--db", str(archive_path)).stdout), list)
