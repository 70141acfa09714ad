"""Rewrite the CLI reference in README.md from the commands' own --help (tests check it is current)."""

import re
from pathlib import Path

from click.testing import CliRunner

from scraper.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- cli-help:start -->", "<!-- cli-help:end -->"


def help_blocks() -> str:
    out = []
    for name in sorted(cli.commands):
        text = CliRunner().invoke(cli, [name, "--help"], prog_name="wdtk-archive", terminal_width=100).output
        out.append(f"### `wdtk-archive {name}`\n\n```\n{text.rstrip()}\n```\n")
    return "\n".join(out)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda m: f"{START}\n{help_blocks()}{END}",
                 text, flags=re.S)
    README.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
