"""The progress bar on a terminal is redrawn in place and never prefixes the log lines.

A real pseudo-terminal: the scrape runs with its stderr on a pty, and what a terminal would show is
rebuilt from the bytes (carriage return, erase-to-end-of-line, newline)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from scraper.sample.server import SampleSite

ROOT = Path(__file__).resolve().parent.parent


def screen(raw: str) -> list[str]:
    """The lines a terminal shows for ``raw`` (only \\r, \\n and ESC[K matter here)."""
    lines: list[str] = [""]
    col = 0
    i = 0
    while i < len(raw):
        ch = raw[i]
        if raw.startswith("\x1b[K", i):
            lines[-1] = lines[-1][:col]
            i += 3
            continue
        if ch == "\r":
            col = 0
        elif ch == "\n":
            lines.append("")
            col = 0
        else:
            line = lines[-1]
            lines[-1] = line[:col] + ch + line[col + 1 :]
            col += 1
        i += 1
    return [line for line in lines if line]


def test_screen_model():
    assert screen("abc\rX\n") == ["Xbc"]
    assert screen("abcdef\r\x1b[Kxy\n") == ["xy"]


def test_the_bar_is_redrawn_in_place_between_log_lines(tmp_path):
    with SampleSite() as site:
        slugs = [t.url_title for t in site.content.threads if t.prominence == "normal"]
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "scraper",
                "scrape",
                "--base-url",
                site.base_url,
                "--delay",
                "0.06",
                "--db",
                str(tmp_path / "archive.db"),
                *slugs,
            ],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=slave,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the other side closed
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        assert proc.wait(timeout=60) == 0
    raw = b"".join(chunks).decode("utf-8", "replace")
    shown = screen(raw)
    bars = [line for line in shown if " threads, " in line and " list pages" in line]
    logs = [line for line in shown if line.endswith(": new")]
    assert sorted(line.split(":")[0] for line in logs) == sorted(slugs)  # every log line whole ...
    assert all(line.split(":")[0] in slugs for line in logs)  # ... and nothing in front of it
    assert len(bars) == 1 and bars[0].startswith(site.host)  # one bar: the final one
    assert f"{len(slugs)}/{len(slugs)} threads" in bars[0]
    assert raw.count("threads, ") > 1  # it was drawn several times, in place
