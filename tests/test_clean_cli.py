"""``wdtk-archive clean`` and ``wdtk-archive reclean`` through click's CliRunner (real SQLite files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import message, rows, save, thread

from scraper import archive as store
from scraper.cli import cli
from scraper.cli.clean import clean_command, reclean_command

TEXT = (
    "Dear Ms X,\n\nThe answer is 42.\n\nYours sincerely\n\nJo Bloggs\nFOI Officer\n\n"
    "This email and any attachments are confidential and intended solely for the addressee. "
    "If you have received this email in error please notify the sender.\n"
)
CLEAN = "Dear Ms X,\n\nThe answer is 42.\n\nYours sincerely\n\nJo Bloggs\nFOI Officer"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_clean_file_prints_the_clean_text(runner, tmp_path):
    f = tmp_path / "m.txt"
    f.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(cli, ["clean", str(f)])
    assert result.exit_code == 0, result.output
    assert result.stdout == CLEAN + "\n"


def test_clean_stdin_json_gives_spans_into_the_raw_text(runner):
    result = runner.invoke(clean_command, ["-", "--json"], input=TEXT)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["clean_text"] == CLEAN
    (span,) = doc["stripped"]
    assert span["category"] == "disclaimer" and TEXT[span["start"] : span["end"]].startswith("This email and any")
    assert span["rule"]


def test_clean_jsonl_bulk_with_threads_and_mining(runner):
    block = (
        "Borsetshire County Council is committed to transparency. Our publication scheme lists the "
        "information we routinely publish and is updated every quarter by the records team."
    )
    lines = []
    for i in range(1, 5):
        lines.append(
            {
                "id": f"o{i}",
                "kind": "outgoing",
                "request_id": i,
                "authority": "borsetshire",
                "text": f"Dear Council,\n\nHow many bins did you empty in week {i}? Please give a figure for each ward.\n\nJane",
            }
        )
        lines.append(
            {
                "id": f"i{i}",
                "request_id": i,
                "authority": "borsetshire",
                "text": f"Dear Jane,\n\nWe emptied {i * 1000} bins.\n\nRegards,\nPat Jones\n\n{block}\n\n"
                f"On 1 May, Jane wrote:\n> How many bins did you empty in week {i}? Please give a figure for each ward.",
            }
        )
    data = "\n".join(json.dumps(x) for x in lines) + "\n"
    plain = runner.invoke(clean_command, ["--jsonl"], input=data)
    mined = runner.invoke(clean_command, ["--jsonl", "--mine"], input=data)
    assert plain.exit_code == 0 and mined.exit_code == 0, plain.output + mined.output
    out_plain = [json.loads(x) for x in plain.stdout.splitlines()]
    out_mined = [json.loads(x) for x in mined.stdout.splitlines()]
    assert [o["id"] for o in out_plain] == [x["id"] for x in lines]
    assert set(out_plain[1]) == {"id", "clean_text", "stripped"}
    reply = out_plain[1]
    assert "How many bins" not in reply["clean_text"]  # quoted request matched its thread
    assert "We emptied 1000 bins." in reply["clean_text"]
    assert "publication scheme" not in out_mined[1]["clean_text"]
    assert "Pat Jones" in out_mined[1]["clean_text"]
    # mining saw the block in every request: the span says so (plain runs have no such evidence)
    assert any(sp["rule"].endswith("+repeated") for sp in out_mined[1]["stripped"])
    assert not any(sp["rule"].endswith("+repeated") for sp in reply["stripped"])


@pytest.mark.parametrize(
    "data, message",
    [
        ('{"id": 1, "text": "ok"}\nnot json\n', "Line 2 is not valid JSON."),
        ('{"id": 1}\n', 'Line 1 is not an object with a "text" string.'),
        ('{"text": "x", "kind": "memo"}\n', 'Line 1: "kind" must be one of'),
    ],
)
def test_clean_jsonl_bad_input_writes_nothing(runner, data, message):
    result = runner.invoke(clean_command, ["--jsonl"], input=data)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_clean_errors_are_one_sentence(runner, tmp_path):
    missing = runner.invoke(clean_command, [str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "Cannot read" in missing.stderr and "Traceback" not in missing.output
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    enc = runner.invoke(clean_command, [str(binary)])
    assert enc.exit_code == 2 and "is not text" in enc.stderr
    mine = runner.invoke(clean_command, ["--mine"], input="x")
    assert mine.exit_code == 2 and "--mine needs --jsonl" in mine.stderr


# -- reclean ------------------------------------------------------------------------------------------------

MPS_TAIL = (
    "\n\nTotal Policing is the Met's commitment to be on the streets and in your communities to catch "
    "offenders, prevent crime and support victims.\n\nFind us at:\n\nFacebook: Facebook.com/metpoliceuk\n"
    "Twitter: @metpoliceuk"
)


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    db = store.open_archive(path)
    request = "Dear Example Council,\n\nPlease send me the widget counts for 2023.\n\nYours faithfully,\nJane Doe"
    messages = [
        # the fixture's stand-in cleaning (drops the last paragraph) is not what clean.py does
        message("outgoing-1011", request),
        message(
            "incoming-1012",
            "Dear Ms Doe,\n\nWe purchased 7 widgets in 2023.\n\nYours sincerely\nWidget Team" + MPS_TAIL,
        ),
        message(
            "incoming-1013",
            "Dear Ms Doe,\n\nA correction: 8 widgets.\n\nRegards,\nWidget Team\n\n"
            "-----Original Message-----\nFrom: Jane Doe\nSent: 2 May\nTo: FOI\nSubject: widgets\n\n" + request,
        ),
    ]
    save(db, thread(101, messages=messages, events=[]))
    db.close()
    return path


def test_reclean_recomputes_clean_text_and_spans_from_raw(runner, tmp_path):
    path = _archive(tmp_path)
    result = runner.invoke(reclean_command, ["--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "3 of 3 messages changed" in result.stderr
    db = store.open_archive(path)
    got = {r["anchor"]: r for r in rows(db, "select anchor, raw_text, clean_text, stripped from messages")}
    assert (
        got["incoming-1012"]["clean_text"]
        == "Dear Ms Doe,\n\nWe purchased 7 widgets in 2023.\n\nYours sincerely\nWidget Team"
    )
    assert got["incoming-1013"]["clean_text"] == "Dear Ms Doe,\n\nA correction: 8 widgets.\n\nRegards,\nWidget Team"
    for r in got.values():
        spans = json.loads(r["stripped"])
        assert all(0 <= s["start"] < s["end"] <= len(r["raw_text"]) for s in spans)
    assert {s["category"] for s in json.loads(got["incoming-1013"]["stripped"])} == {"quoted"}
    # the search index follows the new clean text
    hits = rows(db, "select rowid from messages_fts where messages_fts match 'Facebook'")
    assert hits == []
    run = rows(db, "select command, outcome, messages_changed from runs order by id desc limit 1")[0]
    assert run == {"command": "reclean", "outcome": "finished", "messages_changed": 3}
    # what the archive taught its cleaner was relearned and stored, for scrape to use
    state = {r["name"]: r["value"] for r in rows(db, "select name, value from clean_state")}
    assert state["adaptation_learned_at"] and "cross_repeats" in state
    db.close()
    again = runner.invoke(reclean_command, ["--db", str(path)])
    assert again.exit_code == 0 and "0 of 3 messages changed" in again.stderr


def test_reclean_dry_run_reports_what_would_change_and_writes_nothing(runner, tmp_path):
    path = _archive(tmp_path)
    before = path.read_bytes()
    result = runner.invoke(reclean_command, ["--db", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("3 of 3 messages would change.")
    assert "chars removed" in out and "quoted" in out  # the per-category table
    assert "newly stripped:" in out  # an example
    report = json.loads(runner.invoke(reclean_command, ["--db", str(path), "--dry-run", "--json"]).stdout)
    assert report["changed"] == 3 and report["messages"] == 3
    assert report["removed"]["quoted"] > 0 and all(v >= 0 for v in report["restored"].values())
    assert path.read_bytes() == before  # nothing written: no run row, no new clean text
    db = store.open_archive(path)
    assert rows(db, "select count(*) as n from runs where command = 'reclean'") == [{"n": 0}]
    db.close()
    # after a real reclean, a dry run finds nothing to change
    assert runner.invoke(reclean_command, ["--db", str(path)]).exit_code == 0
    again = runner.invoke(reclean_command, ["--db", str(path), "--dry-run", "--json"])
    assert json.loads(again.stdout)["changed"] == 0


def test_reclean_json_needs_dry_run(runner, tmp_path):
    result = runner.invoke(reclean_command, ["--db", str(_archive(tmp_path)), "--json"])
    assert result.exit_code == 2 and "--json goes with --dry-run" in result.output


def test_reclean_without_an_archive_is_a_clear_error(runner, tmp_path):
    result = runner.invoke(cli, ["reclean", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 6
    assert "No archive at" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists()


def test_reclean_refuses_while_another_run_holds_the_lock(runner, tmp_path):
    path = _archive(tmp_path)
    with store.ArchiveLock(path):
        result = runner.invoke(reclean_command, ["--db", str(path)])
    assert result.exit_code == 4 and "Another wdtk-archive run" in result.stderr


# -- input decoding -----------------------------------------------------------------------------------------

LETTER = "Dear Sir,\n\nThe fee for the café's licence is £20, payable to the Council.\n\nYours faithfully"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "latin-1", "cp1252", "utf-16"])
def test_clean_decodes_any_text_as_the_fetcher_does(runner, tmp_path, encoding):
    """A BOM is dropped, Latin-1 and Windows-1252 are recognised (as pages are decoded)."""
    path = tmp_path / "letter.txt"
    path.write_bytes(LETTER.encode(encoding))
    result = runner.invoke(clean_command, ["--json", str(path)])
    assert result.exit_code == 0, result.output
    clean = json.loads(result.stdout)["clean_text"]
    assert clean.startswith("Dear Sir,") and "\ufeff" not in clean
    assert "café's licence is £20" in clean
    piped = runner.invoke(clean_command, ["-"], input=LETTER.encode(encoding))
    assert piped.exit_code == 0 and piped.stdout.startswith("Dear Sir,") and "£20" in piped.stdout


def test_clean_jsonl_with_a_bom(runner):
    data = ('{"id": 1, "text": "Dear Sir,\\n\\nWe hold 3 files."}\n').encode("utf-8-sig")
    result = runner.invoke(clean_command, ["--jsonl"], input=data)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == 1
