"""The exit codes of every command: one table, also printed in the README (generated from here),
and the refusal that carries one from the library to the command line."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a ``wdtk-archive`` command's exit status means; the same fault has the same code everywhere."""

    OK = 0
    PARTIAL = 1
    USAGE = 2
    BLOCKED = 3
    LOCKED = 4
    UNAVAILABLE = 5
    ARCHIVE = 6
    INTERNAL = 70  #: sysexits' EX_SOFTWARE
    INTERRUPTED = 130  #: the shells' 128 + SIGINT

    @property
    def meaning(self) -> str:
        return _MEANINGS[self][1]

    @property
    def short(self) -> str:
        return _MEANINGS[self][0]


_MEANINGS: dict[ExitCode, tuple[str, str]] = {
    ExitCode.OK: (
        "done",
        "success (also when a `--max-requests` / `--max-minutes` budget stopped the run: the rest follows next time)",
    ),
    ExitCode.PARTIAL: (
        "some threads failed",
        "partial failure: some threads or listing pages could not be archived (each is named on stderr); the rest were",
    ),
    ExitCode.USAGE: (
        "usage error",
        "usage error: bad arguments, configuration or input (one sentence naming it); nothing was fetched or written",
    ),
    ExitCode.BLOCKED: (
        "blocked",
        "blocked: the site served a block or challenge page; the run stopped and stored nothing from it",
    ),
    ExitCode.LOCKED: ("archive locked", "locked: another run is using the archive; nothing was written"),
    ExitCode.UNAVAILABLE: (
        "site unavailable",
        "site unavailable: it kept failing, or asked us to wait longer than `fetch.max_retry_wait`; try later",
    ),
    ExitCode.ARCHIVE: (
        "archive unusable",
        "the archive cannot be used: missing, not a wdtk-archive archive, made by "
        "a newer version, read-only where it must be written, or its folder "
        "missing (one sentence saying which); it was left as it was",
    ),
    ExitCode.INTERNAL: (
        "internal error",
        "internal error (a bug): the traceback says where; what was archived before it is kept",
    ),
    ExitCode.INTERRUPTED: (
        "interrupted",
        "interrupted by Ctrl-C or SIGTERM: the thread in progress was rolled "
        "back, everything before it is kept, and the next run resumes",
    ),
}


def markdown_table() -> str:
    """The README's table of exit codes."""
    rows = ["| code | meaning |", "| --- | --- |"]
    rows += [f"| {code.value} | {code.meaning} |" for code in ExitCode]
    return "\n".join(rows) + "\n"


def help_line() -> str:
    """The one-line summary commands put in their --help."""
    return "Exit codes: " + ", ".join(f"{code.value} {code.short}" for code in ExitCode) + "."


class Refused(Exception):
    """Something the user asked for cannot be done: ``str()`` is one sentence naming why, and
    ``code`` the table's exit code. The command line prints it as "Error: …" and exits with it."""

    code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, code: ExitCode | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
