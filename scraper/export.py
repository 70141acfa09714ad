"""The export step: thread documents (:mod:`scraper.archive.documents`) written as JSON, a JSON
array, or JSON Lines, to standard output or to a file written in full or not at all.

The document's shape is written down in ``scraper/schema/thread.schema.json``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from scraper.exitcodes import ExitCode, Refused


def write_documents(documents: Iterable[dict[str, Any]], out: IO[bytes], fmt: str = "json") -> int:
    """Write documents as a JSON array (``json``), one per line (``jsonl``), or a single document
    as itself (``object``); return how many."""
    count = 0
    if fmt == "object":
        for doc in documents:
            if count:
                raise ValueError("the object format holds one document")
            out.write(json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
            count += 1
        return count
    if fmt == "jsonl":
        for doc in documents:
            out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
            count += 1
        return count
    if fmt != "json":
        raise ValueError(f"unknown format {fmt!r}")
    out.write(b"[")
    for doc in documents:
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        out.write((",\n" if count else "\n").encode() + text.encode("utf-8"))
        count += 1
    out.write(b"\n]\n" if count else b"]\n")
    return count


def write_export(documents: Iterable[dict[str, Any]], output: str, fmt: str = "json") -> int | None:
    """Write documents to ``output`` (``-``: standard output) as :func:`write_documents` does;
    return how many. A file is written beside its place and renamed into it when complete, so it
    is written in full or not at all; a reader of standard output that goes away (``| head``)
    ends the export quietly (None). Refused (one sentence) when the file cannot be written."""
    if output == "-":
        return _write_stdout(documents, fmt)
    target = Path(output)
    if not target.parent.is_dir():
        raise Refused(f"Cannot write {output}: the directory {target.parent} does not exist.", ExitCode.USAGE)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as e:
        raise Refused(f"Cannot write {output}: {e.strerror or e}.", ExitCode.USAGE) from None
    try:
        with os.fdopen(fd, "wb") as f:
            count = write_documents(documents, f, fmt)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def _write_stdout(documents: Iterable[dict[str, Any]], fmt: str) -> int | None:
    out = sys.stdout.buffer
    try:
        count = write_documents(documents, out, fmt)
        out.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return None
    return count
