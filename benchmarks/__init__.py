"""Benchmarks for wdtk-archive (not part of the test suite). Run them all with ``python -m benchmarks``.

Each benchmark module has a ``main()``. The runner calls it in a fresh subprocess (so that
memory and timing of one cannot touch another) and takes the module's section of BENCHMARKS.md
from, in order of preference: the string ``main()`` returns, what it prints to stdout, or what it
wrote into BENCHMARKS.md itself. A section is the text between ``<!-- NAME:start -->`` and
``<!-- NAME:end -->``; output without markers is wrapped in them. Progress goes to stderr.
"""
