"""One writer at a time: an exclusive lock beside the archive file."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from scraper.archive.errors import ArchiveError, ArchiveLocked


class ArchiveLock:
    """An exclusive, non-blocking ``flock`` on ``<archive>.lock``; the kernel frees it if we die.

    ``with ArchiveLock(path):`` or ``acquire()`` / ``release()``. Take it before
    :func:`open_archive`, so that a second run writes nothing at all.
    """

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> ArchiveLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise ArchiveError(f"Cannot create the lock file {self.path}: {e.strerror}.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip()
            os.close(fd)
            who = f" (pid {holder.split()[0]})" if holder.split() and holder.split()[0].isdigit() else ""
            raise ArchiveLocked(
                f"Another wdtk-archive run{who} is writing to {self.db_path}; not starting a second one."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the descriptor releases the flock

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> ArchiveLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
