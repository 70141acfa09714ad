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


def test_lines_a_writer_quotes_with_a_marker_are_quoted_text_not_content():
    from benchmarks.clean_collection import render_file

    doc = {
        "authority": "Exampleshire Council",
        "slug": "exampleshire_council",
        "sector": "council",
        "nation": "england",
        "blocks": {"sig": {"category": "signoff_block", "text": "Exampleshire Council | www.example.gov.uk"}},
        "threads": [
            {
                "title": "Allotments",
                "requester": "Jo Brown",
                "request": "Dear Exampleshire Council,\n\n1. How many sites?\n2. How many plots?\n\nYours faithfully,\n\nJo Brown",
                "messages": [
                    {
                        "kind": "response",
                        "text": "Dear Ms Brown,\n\n> 1. How many sites?\n\nWe manage six sites.\n\n"
                        "> 2. How many plots?\n\nThere are 212 plots.\n\nKind regards\n\nSam Green\n{{sig}}",
                    }
                ],
            }
        ],
    }
    (reply,) = [r for r in render_file(doc) if r.kind == "incoming"]
    quoted = [reply.raw_text[s.start : s.end] for s in reply.spans if s.category == "quoted"]
    assert quoted == ["> 1. How many sites?", "> 2. How many plots?"]
    assert "We manage six sites." not in "".join(quoted)


def test_a_service_named_with_its_body_falls_in_the_body_s_fold(tmp_path):
    import json

    from benchmarks.eval_clean import FOLDS, fold_groups, fold_of

    def write(slug: str, authority: str) -> None:
        doc = {
            "authority": authority,
            "slug": slug,
            "sector": "council",
            "nation": "wales",
            "blocks": {},
            "threads": [],
        }
        (tmp_path / f"{slug}.json").write_text(json.dumps(doc))

    write("gwynedd_council", "Gwynedd Council")
    write("storiel", "Storiel (Gwynedd Council)")
    write("department_of_justice_ni", "Department of Justice (Northern Ireland)")
    write("accessni", "AccessNI (Department of Justice)")
    write("lonely_museum", "Lonely Museum (Nowhere Council)")
    groups = fold_groups(tmp_path)
    # a body is known by its name, also without its own brackets; a place in brackets names no body
    assert groups == {"storiel": "gwynedd_council", "accessni": "department_of_justice_ni"}
    # and the shipped collection's services share their bodies' folds
    shipped = fold_groups()
    assert shipped["storiel"] == "gwynedd_council"
    assert all(fold_of(service, FOLDS) == fold_of(body, FOLDS) for service, body in shipped.items())


def test_the_report_rescores_the_latest_rounds_and_a_sample_before_them():
    from benchmarks.eval_clean import RECENT_ROUNDS, rounds_to_rescore

    rounds = [1] * 3 + list(range(2, 65)) + [64]
    chosen = rounds_to_rescore(rounds)
    assert chosen[-RECENT_ROUNDS:] == list(range(65 - RECENT_ROUNDS, 65))
    assert chosen[: chosen.index(65 - RECENT_ROUNDS)] == [2, 10, 20, 30, 40, 50]
    assert rounds_to_rescore(rounds, all_rounds=True) == list(range(2, 65))
    assert rounds_to_rescore([1, 1]) == []
