"""What can go wrong with an archive file, each a one-sentence refusal with its exit code."""

from __future__ import annotations

from scraper.exitcodes import ExitCode, Refused


class ArchiveError(Refused):
    """The archive cannot be opened or written; the message is one sentence for the user."""

    code = ExitCode.ARCHIVE


class ArchiveLocked(ArchiveError):
    """Another run holds the archive's lock."""

    code = ExitCode.LOCKED


class ArchiveMissing(ArchiveError):
    """There is no archive file to read."""


class AmbiguousRequest(LookupError):
    """A slug or id that names requests on more than one site; give the site (``sites`` lists them)."""

    def __init__(self, message: str, sites: list[str]) -> None:
        super().__init__(message)
        self.sites = sites
