"""`wdtk-archive demo`: every port settled before anything is crawled, one site key (and one port for the
authority sites) however often it runs, the sample sites kept up while Datasette serves, attachment text
searchable, Ctrl-C stops them all."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from scraper.cli import cli
from scraper.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_free(port: int, address: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


def _listening() -> socket.socket:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s


def _sites(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return dict(conn.execute("select site, count(*) from requests group by site"))
    finally:
        conn.close()


def test_a_taken_datasette_port_is_refused_before_anything_is_crawled(tmp_path):
    db = tmp_path / "archive.db"
    with _listening() as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["demo", "--db", str(db), "-p", str(port)])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"127.0.0.1:{port}" in result.output and "taken" in result.output
    assert not db.exists() and list(tmp_path.iterdir()) == []


def test_a_rerun_never_archives_the_sample_site_under_a_second_site(tmp_path):
    db = tmp_path / "archive.db"
    first = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert first.exit_code == 0, first.output
    (site,) = _sites(db)
    port = int(site.rsplit(":", 1)[1])
    again = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert again.exit_code == 0, again.output
    assert list(_sites(db)) == [site]  # the same port again: the same site, nothing archived twice
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        taken.bind(("127.0.0.1", port))
        taken.listen()
        refused = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    assert refused.exit_code == ExitCode.USAGE, refused.output
    assert f"port {port}, which is now taken" in refused.output
    assert list(_sites(db)) == [site]


def _linked(db: Path) -> tuple[dict[str, int], int]:
    """Linked pages by host, and how many copies are kept."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return (
            dict(conn.execute("select host, count(*) from linked_pages group by host")),
            conn.execute("select count(*) from linked_versions").fetchone()[0],
        )
    finally:
        conn.close()


def _hold(address: str, port: int) -> socket.socket | None:
    """Listen on ``address:port``; None when somebody already does (it is taken either way)."""
    s = socket.socket()
    try:
        s.bind((address, port))
    except OSError:
        s.close()
        return None
    s.listen()
    return s


def test_the_authority_sites_keep_one_port_so_a_rerun_archives_no_linked_page_twice(tmp_path):
    from scraper.demo import DEMO_WEB_PORT

    db = tmp_path / "archive.db"
    held = _hold("127.0.0.3", DEMO_WEB_PORT)  # the default is taken on one of the authority addresses
    try:
        first = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    finally:
        if held is not None:
            held.close()
    assert first.exit_code == 0, first.output
    hosts, copies = _linked(db)
    ports = {int(h.rsplit(":", 1)[1]) for h in hosts}
    assert len(hosts) == 3 and copies > 0 and len(ports) == 1 and DEMO_WEB_PORT not in ports  # one port for all
    (port,) = ports
    again = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])  # the default is free again
    assert again.exit_code == 0, again.output
    assert _linked(db) == (hosts, copies)  # the same port: the same URLs, no page archived twice
    held = _hold("127.0.0.4", port)
    try:
        refused = CliRunner().invoke(cli, ["demo", "--db", str(db), "--no-serve"])
    finally:
        if held is not None:
            held.close()
    assert refused.exit_code == ExitCode.USAGE, refused.output
    assert f"port {port}, which is now taken on 127.0.0.4" in refused.output
    assert _linked(db) == (hosts, copies)


def test_the_default_datasette_port_gives_way_to_a_free_one(monkeypatch, tmp_path):
    from scraper import demo
    from scraper.datasette import serve

    served = {}
    monkeypatch.setattr(serve, "serve_archive", lambda db_path, host, port: served.update(port=port))
    with _listening() as taken:
        port = taken.getsockname()[1]
        code = demo.run_demo(str(tmp_path / "archive.db"), port=port, port_given=False)
    assert code == 0 and served["port"] != port and port_free(served["port"])


def test_the_demo_serves_with_the_sample_site_up_and_ctrl_c_stops_both(tmp_path):
    db = tmp_path / "archive.db"
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scraper", "demo", "--db", str(db), "-p", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                httpx.get(base + "/", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read()
        (site,) = _sites(db)
        authority_hosts = list(_linked(db)[0])
        assert authority_hosts
        for host in authority_hosts:  # the authority sites are still up too
            assert httpx.get(f"http://{host}/robots.txt", timeout=10).status_code == 200
        # "on the site" links lead to the sample site, which is still up
        page = httpx.get(f"{base}/archive/-/thread/{SEED000_REQUEST}", timeout=10).text
        link = re.search(r'class="msg-link" href="([^"]+)"', page).group(1)
        assert link.startswith(f"http://{site}/request/")
        assert httpx.get(link.replace("&amp;", "&"), timeout=10).status_code == 200
        # the seed-000 letter is an attachment: its text is kept and searchable
        hits = httpx.get(f"{base}/archive/-/search.json", params={"q": "uninstalled"}, timeout=10).json()
        assert hits["ok"] and hits["results"], hits
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert port_free(port) and port_free(int(site.rsplit(":", 1)[1]))
    assert all(port_free(int(h.rsplit(":", 1)[1]), h.rsplit(":", 1)[0]) for h in authority_hosts)


#: The sample site's thread built from seed 000 (the National Museums Liverpool letter, a PDF).
SEED000_REQUEST = 612044
