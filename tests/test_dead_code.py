"""No dead code: every function, class, constant and attribute of the package is used somewhere
(by the package, its tests, benchmarks or scripts), as vulture sees it.

Names used only by a
framework (click commands, Datasette hooks, sqlite-utils migrations, http.server's handler
methods, the cookie policy's callbacks) are listed below, each for its reason.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Called by frameworks, not by our code.
FRAMEWORK_DECORATORS = ["@hookimpl", "@migrations", "@cli.command", "@click.command"]
FRAMEWORK_NAMES = [
    "do_GET",
    "do_HEAD",
    "do_POST",
    "log_message",
    "sys_version",
    "protocol_version",
    "disable_nagle_algorithm",
    "close_connection",
    "daemon_threads",
    "version_string",  # http.server
    "readable",
    "readinto",  # io.RawIOBase (the office reader's capped zip member)
    "set_ok",
    "return_ok",
    "cookie",  # http.cookiejar.CookiePolicy
    "finalize",  # sqlite3 aggregate
    "facet_results",  # Datasette Facet
    "frame",  # signal handler signature
    "markdown_table",  # README.md's exit-code table, written by cog
    "skipped",  # AttachmentStats counter, kept for the log
]


def test_no_dead_code():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "vulture",
            "scraper",
            "tests",
            "benchmarks",
            "scripts",
            "--min-confidence",
            "60",
            "--ignore-decorators",
            ",".join(FRAMEWORK_DECORATORS),
            "--ignore-names",
            ",".join(FRAMEWORK_NAMES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = [line for line in done.stdout.splitlines() if line.startswith("scraper/")]
    assert found == [], "\n".join(found)
