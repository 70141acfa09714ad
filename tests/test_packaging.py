"""What pyproject.toml claims holds: no Python version is admitted that cannot run the package."""

from __future__ import annotations

import ast
import glob
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Standard-library modules the package may use, and the Python version that brought each.
NEWER_STDLIB = {"tomllib": (3, 11)}


def _minimum() -> tuple[int, int]:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    m = re.fullmatch(r"\s*>=\s*(\d+)\.(\d+)\s*", spec)
    assert m, f"requires-python should be a plain lower bound, not {spec!r}"
    return int(m.group(1)), int(m.group(2))


def _imports() -> set[str]:
    names = set()
    for path in (ROOT / "scraper").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def test_requires_python_admits_no_version_without_a_module_the_package_imports():
    minimum = _minimum()
    for module, since in NEWER_STDLIB.items():
        if module in _imports():
            assert minimum >= since, f"the package imports {module} (Python {since[0]}.{since[1]}+)"
    assert sys.version_info[:2] >= minimum  # and the suite runs on an admitted version


def _older_interpreters() -> list[str]:
    found = set()
    for minor in range(8, 11):
        path = shutil.which(f"python3.{minor}")
        if path:
            found.add(path)
    found |= set(glob.glob(str(Path.home() / ".pyenv" / "versions" / "3.1[0-9].*" / "bin" / "python3")))
    return sorted(found)


def test_no_python_on_this_machine_that_cannot_import_the_settings_is_admitted():
    checked = 0
    for python in _older_interpreters():
        try:
            version = subprocess.run(
                [python, "-c", "import sys; print(*sys.version_info[:2])"], capture_output=True, text=True, timeout=30
            )
        except OSError:
            continue
        if version.returncode != 0:
            continue  # e.g. a version manager's shim that is not active
        major, minor = map(int, version.stdout.split())
        # scraper.config needs nothing outside the standard library
        done = subprocess.run(
            [python, "-c", "import scraper.config"], cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        if done.returncode != 0:
            assert (major, minor) < _minimum(), f"Python {major}.{minor} is admitted but fails: {done.stderr[-300:]}"
        checked += 1
    if not checked:
        pytest.skip("no Python older than 3.11 on this machine")


def test_the_version_and_the_project_url_are_written_once():
    """scraper/__init__.py holds both: pyproject.toml takes the version from it (setuptools' dynamic
    attr) and names the same Homepage; nothing else in the package writes either."""
    import importlib.metadata

    import scraper

    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in spec["project"] and "version" in spec["project"]["dynamic"]
    assert spec["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "scraper.__version__"}
    assert importlib.metadata.version("wdtk-archive") == scraper.__version__
    assert spec["project"]["urls"]["Homepage"] == scraper.PROJECT_URL
    home = ROOT / "scraper" / "__init__.py"
    for path in (ROOT / "scraper").rglob("*.py"):
        if path != home:
            text = path.read_text(encoding="utf-8")
            assert scraper.PROJECT_URL not in text, path
            assert f'"{scraper.__version__}"' not in text, path
