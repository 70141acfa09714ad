"""How the cleaning benchmark writes its percentages: a shortfall never reads as 100%."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.eval_clean import pct


@pytest.mark.parametrize(
    "rate,text",
    [
        (1.0, "100.0%"),
        (0.9993, "99.9%"),
        (0.99962, "99.96%"),
        (57233 / 57235, "99.997%"),  # two lines of 57,235 lost
        (1 - 1e-7, "99.9999%"),
        (0.5, "50.0%"),
        (None, "–"),
    ],
)
def test_a_percentage_keeps_the_digits_a_shortfall_needs(rate, text):
    assert pct(rate) == text
