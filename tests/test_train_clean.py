"""The training script's copies of a message laid out as other mail systems send it: its blocks run on
from the line before (glued), its review paragraphs after the signature (moved); and its contexts."""

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


def test_a_team_line_glued_on_under_the_signature_leaves_the_block_as_the_rule_says():
    # "Jo Pike / FOI Officer / Exampleshire Council" over the address: the team or organisation directly
    # under the name and title is content; it headed the block only because a blank line was above it
    block = "Exampleshire Council\nCounty Hall, Exampleton EX1 1AA"
    text = f"Dear Ms Hale,\n\nThe answer is 42.\n\nYours sincerely,\nJo Pike\nFOI Officer\n\n{block}\n"
    copy = train_clean.glued(_record(text, [(block, "signoff_block")]))
    glued_text = copy["raw_text"]
    assert glued_text.endswith("FOI Officer\nExampleshire Council\nCounty Hall, Exampleton EX1 1AA\n")
    assert [glued_text[s:e] for s, e, *_ in copy["spans"]] == ["County Hall, Exampleton EX1 1AA"]
    # a block that was that line only goes; one under the message's prose, or with no sign-off above, stays
    only = train_clean.glued(
        _record(text.replace(block, "Exampleshire Council"), [("Exampleshire Council", "signoff_block")])
    )
    assert only["spans"] == []
    prose = f"Dear Ms Hale,\n\nThe answer is 42.\n\n{block}\n"
    unsigned = train_clean.glued(_record(prose, [(block, "signoff_block")]))
    assert [unsigned["raw_text"][s:e] for s, e, *_ in unsigned["spans"]] == [block]


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


REVIEW = "If you are unhappy, you may ask for an internal review."
ICO = "You may then complain to the Information Commissioner."
DISC = "This e-mail is confidential."


def test_a_moved_copy_puts_the_review_paragraphs_after_the_signature_and_keeps_its_labels():
    text = (
        f"Dear Ms Hale,\n\nThe answer is 42.\n\n{REVIEW}\n\n{ICO}\n\nI hope this helps.\n\n"
        f"Yours sincerely,\n\nJo Pike\nFOI Officer\n\n{DISC}\n"
    )
    record = _record(text, [(REVIEW, "complaint_rights"), (ICO, "complaint_rights"), (DISC, "disclaimer")])
    copy = train_clean.rights_after_signature(record)
    assert copy["raw_text"] == (
        f"Dear Ms Hale,\n\nThe answer is 42.\n\nI hope this helps.\n\nYours sincerely,\n\nJo Pike\nFOI Officer"
        f"\n\n{REVIEW}\n\n{ICO}\n\n{DISC}\n"
    )
    assert [copy["raw_text"][s:e] for s, e, *_ in copy["spans"]] == [REVIEW, ICO, DISC]
    assert [c for _s, _e, c, _b in copy["spans"]] == ["complaint_rights", "complaint_rights", "disclaimer"]
    assert copy["id"] == "a/0/1~moved" and copy["thread"] == "a/0~moved"
    assert record["raw_text"] == text


def test_no_moved_copy_without_a_review_paragraph_before_a_signed_sign_off():
    after = f"Dear Ms Hale,\n\nThe answer is 42.\n\nYours sincerely,\nJo Pike\n\n{REVIEW}\n"
    unsigned = f"Dear Ms Hale,\n\nThe answer is 42.\n\n{REVIEW}\n\nYours sincerely,\n\n{DISC}\n"
    no_rights = f"Dear Ms Hale,\n\nThe answer is 42.\n\nYours sincerely,\nJo Pike\n\n{DISC}\n"
    assert train_clean.rights_after_signature(_record(after, [(REVIEW, "complaint_rights")])) is None
    assert (
        train_clean.rights_after_signature(_record(unsigned, [(REVIEW, "complaint_rights"), (DISC, "disclaimer")]))
        is None
    )
    assert train_clean.rights_after_signature(_record(no_rights, [(DISC, "disclaimer")])) is None


def _signed_replies(count: int) -> list[dict]:
    """``count`` authority replies with a review paragraph before the sign-off, ids a/0/1, a/1/1, ..."""
    records = []
    for n in range(count):
        text = f"Dear Ms Hale,\n\nAnswer {n}.\n\n{REVIEW}\n\nYours sincerely,\nJo Pike\n"
        r = _record(text, [(REVIEW, "complaint_rights")])
        r["id"] = f"a/{n}/1"
        records.append(r)
    return records


def test_training_sees_a_moved_copy_of_one_authority_message_in_two_and_never_of_a_glued_copy():
    records = _signed_replies(60)
    seen = train_clean.with_moved(train_clean.with_glued(records))
    moved = [r for r in seen if r["id"].endswith(train_clean.MOVED_SUFFIX)]
    assert 18 <= len(moved) <= 42  # about half, chosen by a hash of the id
    assert all(r["id"].count("~") == 1 for r in moved)  # copies of the messages, not of their copies
    assert moved == train_clean.with_moved(records)[len(records) :]


def test_some_training_messages_are_given_no_mined_blocks_always_the_same_ones():
    records = [
        {**_record(f"Answer {n}.\n", []), "id": f"a/{n}/1", "thread": f"a/{n}", "authority": "a", "position": 1}
        for n in range(200)
    ]
    blocks = {"a": object()}
    ctxs = train_clean.contexts(records, blocks, mining_dropout=0.3)  # type: ignore[arg-type]
    unmined = {r["id"] for r, c in zip(records, ctxs, strict=True) if c.authority_blocks is None}
    assert 30 <= len(unmined) <= 90
    again = train_clean.contexts(records, blocks, mining_dropout=0.3)  # type: ignore[arg-type]
    assert {r["id"] for r, c in zip(records, again, strict=True) if c.authority_blocks is None} == unmined
    assert all(c.authority_blocks is blocks["a"] for r, c in zip(records, ctxs, strict=True) if r["id"] not in unmined)
    assert [c.authority_blocks for c in train_clean.contexts(records, blocks)] == [blocks["a"]] * 200


def test_a_noted_copy_puts_the_first_paragraph_above_the_greeting_and_keeps_its_labels():
    text = f"Dear Ms Hale,\n\nApologies for the delay; the answer is 42.\n\nMore detail.\n\n{REVIEW}\n\n{DISC}\n"
    record = _record(text, [(REVIEW, "complaint_rights"), (DISC, "disclaimer")])
    copy = train_clean.note_above_greeting(record)
    assert copy is not None
    assert copy["raw_text"].startswith("Apologies for the delay; the answer is 42.\n\nDear Ms Hale,\n\nMore detail.")
    assert sorted(copy["raw_text"]) == sorted(text)
    for (s, e, cat, _), (s2, e2, cat2, _) in zip(record["spans"], copy["spans"], strict=True):
        assert text[s:e] == copy["raw_text"][s2:e2] and cat == cat2
    assert copy["id"].endswith(train_clean.NOTED_SUFFIX) and copy["thread"].endswith(train_clean.NOTED_SUFFIX)
    # no copy when a block comes first, when the paragraph after the greeting is a block, or with no greeting
    banner = _record(f"{DISC}\n\n{text}", [(DISC, "disclaimer")])
    assert train_clean.note_above_greeting(banner) is None
    straight = f"Dear Ms Hale,\n\n{REVIEW}\n\nThe answer is 42.\n"
    assert train_clean.note_above_greeting(_record(straight, [(REVIEW, "complaint_rights")])) is None
    assert train_clean.note_above_greeting(_record("The answer is 42.\n\nMore.\n", [])) is None


def test_training_sees_a_noted_copy_of_one_authority_message_in_four_and_never_of_a_copy():
    records = _signed_replies(80)
    seen = train_clean.with_noted(train_clean.with_moved(train_clean.with_glued(records)))
    noted = [r for r in seen if r["id"].endswith(train_clean.NOTED_SUFFIX)]
    assert 8 <= len(noted) <= 34  # about a quarter, chosen by a hash of the id
    assert all(r["id"].count("~") == 1 for r in noted)
    assert noted == train_clean.with_noted(records)[len(records) :]
