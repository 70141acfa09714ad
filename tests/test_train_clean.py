"""The training script's glued copies: the same message, its blocks run on from the line before."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import train_clean  # noqa: E402


def _record(text: str, blocks: list[tuple[str, str]]) -> dict:
    spans = []
    for block, category in blocks:
        start = text.index(block)
        spans.append([start, start + len(block), category, "b"])
    return {"id": "a/0/1", "thread": "a/0", "kind": "incoming", "raw_text": text, "spans": spans}


def test_a_glued_copy_runs_every_block_on_from_the_line_before_and_keeps_its_labels():
    social = "Follow us on X: @exampleshire"
    review = "If you are unhappy, you may ask for an internal review."
    quote = "> Dear Exampleshire Council,"
    text = f"Dear Ms Hale,\n\nThe answer is 42.\n\n  \n{review}\n\nYours sincerely,\nJo Pike\n\n{social}\n\n{quote}\n"
    record = _record(text, [(review, "complaint_rights"), (social, "signoff_block"), (quote, "quoted")])
    copy = train_clean.glued(record)
    assert copy["raw_text"] == (
        f"Dear Ms Hale,\n\nThe answer is 42.\n{review}\n\nYours sincerely,\nJo Pike\n{social}\n\n{quote}\n"
    )
    assert [copy["raw_text"][s:e] for s, e, *_ in copy["spans"]] == [review, social, quote]
    assert [c for _s, _e, c, _b in copy["spans"]] == ["complaint_rights", "signoff_block", "quoted"]
    assert copy["id"] == "a/0/1~glued" and copy["thread"] == "a/0~glued"
    assert record["raw_text"] == text  # the record itself is untouched


def test_no_glued_copy_when_every_block_already_runs_on_or_opens_the_message():
    text = "Classification: OFFICIAL\nDear Ms Hale,\nThe answer is 42.\nFollow us on X: @exampleshire\n"
    record = _record(text, [("Classification: OFFICIAL", "other_boilerplate"), ("Follow us", "signoff_block")])
    assert train_clean.glued(record) is None


def test_training_sees_a_glued_copy_of_one_authority_message_in_three():
    records = [
        _record(f"Dear Ms Hale,\n\nAnswer {n}.\n\nFollow us on X: @exampleshire\n", [("Follow us", "signoff_block")])
        for n in range(60)
    ]
    for n, r in enumerate(records):
        r["id"] = f"a/{n}/1"
    seen = train_clean.with_glued(records)
    copies = [r for r in seen if r["id"].endswith(train_clean.GLUED_SUFFIX)]
    assert seen[: len(records)] == records
    assert 10 <= len(copies) <= 30  # about a third, chosen by a hash of the id
    assert copies == train_clean.with_glued(records)[len(records) :]  # always the same ones
