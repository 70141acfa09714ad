# wdtk-archive's everyday commands: `just --list` shows them. Install first with
# `pip install -e '.[test,dev]'` (and `.[bench]` for the benchmarks); see CONTRIBUTING.md.

python := "python"

# The gates, then the tests: what CI runs (.ci/run)
default: lint test

# The test suite; arguments go to pytest (`just test tests/test_parse.py -k slug`)
test *args:
    {{ python }} -m pytest {{ args }}

# Lint, formatting, types and the generated docs, checked (nothing is changed)
lint:
    {{ python }} -m ruff check .
    {{ python }} -m ruff format --check .
    {{ python }} -m mypy
    {{ python }} -m cogapp --check README.md docs/archive.md

# Rewrite the generated parts of README.md (exit codes, command reference) and docs/archive.md (tables)
docs:
    {{ python }} -m cogapp -r README.md docs/archive.md

# Format the code and apply ruff's safe fixes
format:
    {{ python }} -m ruff check --fix .
    {{ python }} -m ruff format .

# Run the benchmarks and rewrite BENCHMARKS.md; name sections to run only those (`just bench parse ingest`)
bench *sections:
    {{ python }} -m benchmarks {{ sections }}
