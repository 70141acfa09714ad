"""Rewrite the CLI reference and the exit-code table in README.md from the code (tests check both are current)."""

import re
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import cli
from scraper.exitcodes import markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-help:start -->", "<!-- cli-help:end -->"
CODES_START, CODES_END = "<!-- exit-codes:start -->", "<!-- exit-codes:end -->"


def help_blocks() -> str:
    out = []
    for name in sorted(cli.commands):
        text = CliRunner().invoke(cli, [name, "--help"], prog_name="wdtk-archive", terminal_width=100).output
        out.append(f"### `wdtk-archive {name}`\n\n```\n{text.rstrip()}\n```\n")
    return "\n".join(out)


def exit_codes_block() -> str:
    """The exit-code table, as README.md shows it (from :class:`scraper.exitcodes.ExitCode`)."""
    return f"{CODES_START}\n{markdown_table()}{CODES_END}"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = re.sub(
        re.escape(START) + r".*?" + re.escape(END), lambda m: f"{START}\n{help_blocks()}{END}", text, flags=re.S
    )
    new = re.sub(re.escape(CODES_START) + r".*?" + re.escape(CODES_END), lambda m: exit_codes_block(), new, flags=re.S)
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
