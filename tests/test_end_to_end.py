"""The whole pipeline over real loopback HTTP: sample site → scrape → archive.db → export."""

import json

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.sample.seed_threads import SEED004_SLUG, default_content


def test_seed_004_thread_is_archived_whole_and_rerun_changes_nothing(site, tmp_path, scrape, db_rows):
    db = tmp_path / "archive.db"
    result = scrape(site, db, SEED004_SLUG)
    assert result.exit_code == 0, result.output
    thread = site.content.thread(SEED004_SLUG)
    expected = thread.messages
    stored = db_rows(db, "select * from messages order by position")
    assert [m["anchor"] for m in stored] == [m.anchor for m in expected]
    for message, row in zip(expected, stored, strict=True):
        assert row["kind"] == message.kind
        assert row["sender"] == thread.displayed_sender(message)
        assert row["sent_at"] == message.time.isoformat()
        # The archive keeps the full unfolded text, quoted sections included.
        assert row["raw_text"].split() == message.text.split()
    kinds = {m.kind for m in expected}
    assert kinds == {"outgoing", "incoming", "annotation"}
    assert any(m.sender == "Mail Delivery System" for m in expected)

    before = {t: db_rows(db, f"select * from {t}") for t in ("requests", "messages", "attachments")}
    requests_before = len(site.log)
    again = scrape(site, db, SEED004_SLUG)
    assert again.exit_code == 0, again.output
    after = {t: db_rows(db, f"select * from {t}") for t in ("requests", "messages", "attachments")}
    assert after == before
    # The second run asked conditionally and was told nothing changed.
    second = site.log[requests_before:]
    assert any(e.status == 304 for e in second)
    assert not any("unfold=1" in e.path and e.status == 200 for e in second)


def test_every_sample_thread_round_trips_through_export(site, tmp_path, scrape):
    db = tmp_path / "archive.db"
    slugs = [t.url_title for t in site.content.threads if t.prominence == "normal"]
    result = scrape(site, db, *slugs)
    assert result.exit_code == 0, result.output
    exported = CliRunner().invoke(cli, ["export", "--db", str(db), "--all", "--format", "jsonl"])
    assert exported.exit_code == 0, exported.output
    docs = [json.loads(line) for line in exported.output.splitlines() if line.strip()]
    assert sorted(d["request"]["slug"] for d in docs) == sorted(slugs)
    for doc in docs:
        thread = site.content.thread(doc["request"]["slug"])
        assert doc["request"]["id"] == thread.id
        assert [m["id"] for m in doc["messages"]] == [m.anchor for m in thread.messages]


def test_hostile_text_is_stored_as_text(site, tmp_path, scrape, db_rows):
    db = tmp_path / "archive.db"
    hostile = [t for t in site.content.threads if any("<script>" in m.text for m in t.messages)]
    assert hostile, "the sample site should carry a message with a <script> in its text"
    result = scrape(site, db, hostile[0].url_title)
    assert result.exit_code == 0, result.output
    texts = [r["raw_text"] for r in db_rows(db, "select raw_text from messages")]
    assert any("<script>alert(1)</script>" in t for t in texts)


def test_numeric_id_and_url_targets_resolve(site, tmp_path, scrape, db_rows):
    db = tmp_path / "archive.db"
    thread = site.content.thread(SEED004_SLUG)
    result = scrape(site, db, str(thread.id))
    assert result.exit_code == 0, result.output
    assert db_rows(db, "select slug from requests") == [{"slug": SEED004_SLUG}]
    url = f"{site.base_url}/request/{SEED004_SLUG}?unfold=1#incoming-1"
    result = scrape(site, db, url)
    assert result.exit_code == 0, result.output
    assert len(db_rows(db, "select * from requests")) == 1


def test_unknown_request_is_a_partial_failure_named_on_stderr(site, tmp_path, scrape, db_rows):
    db = tmp_path / "archive.db"
    result = scrape(site, db, "no_such_request_here", SEED004_SLUG)
    assert result.exit_code == 1
    assert "no_such_request_here" in result.output
    assert len(db_rows(db, "select * from requests")) == 1
    run = db_rows(db, "select * from runs")[-1]
    assert run["threads_failed"] == 1 and run["threads_new"] == 1


def test_robots_disallowed_paths_are_never_requested(site, tmp_path, scrape):
    from protego import Protego

    db = tmp_path / "archive.db"
    start = len(site.log)
    assert scrape(site, db, SEED004_SLUG).exit_code == 0
    ours = site.log[start:]
    robots = Protego.parse(open_robots(site))
    for entry in ours:
        assert robots.can_fetch(site.base_url + entry.path, "wdtk-archive"), entry.path
        assert entry.user_agent and entry.user_agent.startswith("wdtk-archive/")


def open_robots(site):
    import httpx

    return httpx.get(site.base_url + "/robots.txt").text


def test_demo_crawls_every_thread_without_serving(tmp_path, db_rows):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    content = default_content()
    visible = [t for t in content.threads if t.prominence == "normal"]
    assert len(db_rows(db, "select * from requests")) == len(visible)
    n_messages = db_rows(db, "select count(*) as n from messages")[0]["n"]
    assert n_messages == sum(len(t.messages) for t in visible)


def test_demo_ignores_a_local_config_and_a_rerun_adds_nothing(tmp_path, monkeypatch, db_rows):
    monkeypatch.chdir(tmp_path)
    # A user's real settings in the working folder must not steer the demo anywhere else.
    (tmp_path / "config.toml").write_text(
        '[[sites]]\nbase_url = "https://www.whatdotheyknow.com"\ncontact = "me@example.org"\n'
        'authorities = ["home_office"]\n',
        encoding="utf-8",
    )
    db = tmp_path / "demo.db"
    for _ in range(2):
        result = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
        assert result.exit_code == 0, result.output
    sites = {r["site"] for r in db_rows(db, "select distinct site from requests")}
    assert len(sites) == 1 and next(iter(sites)).startswith("127.0.0.1:")
    visible = [t for t in default_content().threads if t.prominence == "normal"]
    assert len(db_rows(db, "select * from requests")) == len(visible)
    last = db_rows(db, "select * from runs order by id desc limit 1")[0]
    assert last["threads_new"] == 0 and last["threads_unchanged"] == len(visible)


@pytest.mark.parametrize(
    "query, view, tag",
    [("facial", "successful", None), ("cctv", None, None), ("", None, "biometrics"), ("", "unsuccessful", None)],
)
def test_list_query_targets_archive_what_the_list_shows(site, tmp_path, query, view, tag, scrape, db_rows):
    from scraper.sample.server import LIST_VIEWS, _matches

    spec = "&".join(f"{k}={v}" for k, v in (("query", query), ("status", view), ("tag", tag)) if v)
    db = tmp_path / "archive.db"
    start = len(site.log)
    result = scrape(site, db, "--list", spec)
    assert result.exit_code == 0, result.output
    expected = sorted(
        t.url_title
        for t in site.content.threads
        if t.prominence == "normal"
        and (view is None or t.described_state in LIST_VIEWS[view])
        and (tag is None or any(name == tag for name, _ in t.tags))
        and _matches(t, query)
    )
    assert expected, "the sample site should list something for this query"
    assert sorted(r["slug"] for r in db_rows(db, "select slug from requests")) == expected
    listing = [e.path for e in site.log[start:] if e.path.startswith("/list")]
    assert listing and all((f"/{view}" in p) if view else True for p in listing)
    assert all((f"/{tag}" in p) if tag else True for p in listing)
