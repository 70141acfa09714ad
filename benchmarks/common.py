"""Shared helpers for the benchmark modules: section markers and the BENCHMARKS.md file."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def section(name: str, body: str) -> str:
    """``body`` between the section's start and end markers."""
    start, end = markers(name)
    return f"{start}\n{body.strip()}\n{end}"


def extract(name: str, text: str) -> str | None:
    """The marked section ``name`` (markers included) found in ``text``, if any."""
    start, end = markers(name)
    a = text.find(start)
    b = text.find(end, a + len(start)) if a >= 0 else -1
    if a < 0 or b < 0:
        return None
    return text[a : b + len(end)]


def write_section(name: str, text: str, path: Path = BENCHMARKS) -> None:
    """Put the marked section ``text`` into BENCHMARKS.md, replacing the one there (or appending)."""
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    old = extract(name, doc)
    if old is not None:
        doc = doc.replace(old, text.strip("\n"), 1)
    else:
        doc = doc.rstrip("\n") + "\n\n" + text.strip("\n") + "\n"
    path.write_text(doc, encoding="utf-8")
