"""Evaluate the clean step on authorities it was not trained on; measure its speed.

    python benchmarks/eval_clean.py            # print the report (markdown) to stdout
    python benchmarks/eval_clean.py --write    # also replace the clean section of BENCHMARKS.md
    python benchmarks/eval_clean.py --json     # figures as JSON

Needs the ``bench`` extra (scikit-learn trains the scorer once per fold; email-reply-parser is a
baseline).

Material: the development collection (``tests/data/clean/collection``, one file per authority) and
the labelled set (``tests/data/clean/labelled.jsonl``). The headline is **held out by authority**:
the authorities are split into k folds (a service named with its body, "Storiel (Gwynedd Council)",
in the body's fold), and each fold is cleaned by a scorer trained on the other folds only, so
every figure comes from authorities the scorer never saw (their mining and thread evidence, which
read no labels, are used as an archive would). The shipped model, trained on
everything, is scored beside it ("in sample").

Measures, per message: a must-keep line counts when it is still in the clean text (whitespace
collapsed); a boilerplate block counts as removed when at least 90% of its characters are in
stripped spans (labelled set: when its snippet is gone from the clean text, as labelled there).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import statistics
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_clean as T  # noqa: E402

from benchmarks.clean_collection import collection_files  # noqa: E402
from scraper.clean import CleanContext, ThreadIndex, clean_message, load_model  # noqa: E402

DISCOURSE = Path("/work/shared/data/discourse-trimmer")
EXCERPTS = ROOT / "tests" / "data" / "clean" / "catalogue_excerpts.json"
START, END = "<!-- clean:start -->", "<!-- clean:end -->"
CATEGORIES = ("quoted", "site_footer", "complaint_rights", "disclaimer", "signoff_block", "other_boilerplate")
SCORED = ("complaint_rights", "disclaimer", "signoff_block", "other_boilerplate")
FOLDS = 5


def norm(s: str) -> str:
    return " ".join(s.split())


def fold_of(authority: str, k: int = FOLDS) -> int:
    """The fold of an authority: that of its group (:func:`fold_groups`), so a body's services fall
    in the same fold as the body."""
    return zlib.crc32(fold_groups().get(authority, authority).encode()) % k


# a service named with the body it belongs to: "Storiel (Gwynedd Council)", "Welsh Blood Service
# (Velindre University NHS Trust)"
_PART_OF_BODY = re.compile(r"\(([^()]+)\)\s*$")


@functools.cache
def fold_groups(directory: Path | None = None) -> dict[str, str]:
    """Each authority of the collection that is a service or company of another authority of the
    collection, named with it in brackets ("Storiel (Gwynedd Council)"), mapped to that authority's
    slug: a scorer tested on a council's archives must not have read the council's own mail, whose
    names, addresses and sign-off lines the service shares. Other authorities are their own group."""
    docs = (json.loads(path.read_text(encoding="utf-8")) for path in collection_files(directory))
    named = {doc["slug"]: str(doc["authority"]) for doc in docs}
    slug_of: dict[str, str] = {}
    for slug, name in named.items():  # (a body is also known without its own brackets)
        slug_of.setdefault(_body_name(_PART_OF_BODY.sub("", name)), slug)
    for slug, name in named.items():
        slug_of[_body_name(name)] = slug
    groups = {}
    for slug, name in named.items():
        m = _PART_OF_BODY.search(name)
        body = slug_of.get(_body_name(m[1])) if m is not None else None
        if body is not None and body != slug:
            groups[slug] = body
    return groups


def _body_name(name: str) -> str:
    return " ".join(name.lower().removeprefix("the ").split())


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------


def score(records: Sequence[dict[str, Any]], outputs: dict[str, Any]) -> dict[str, Any]:
    """Figures for one system's outputs (``outputs[id]`` is a CleanResult, or a clean text)."""
    keep_total = keep_ok = emptied = 0
    lost: list[str] = []
    lost_msgs: set[str] = set()
    rem: dict[str, list[int]] = {c: [0, 0] for c in CATEGORIES}
    for r in records:
        out = outputs[r["id"]]
        text = out if isinstance(out, str) else out.clean_text
        stripped = [] if isinstance(out, str) else [(s.start, s.end) for s in out.stripped]
        o = norm(text)
        if r["raw_text"].strip() and not text.strip():
            emptied += 1
        for k in r["must_keep"]:
            keep_total += 1
            if norm(k) in o:
                keep_ok += 1
            else:
                lost_msgs.add(r["id"])
                lost.append(f"{r['id']}: {k[:70]!r}")
        if "content_spans" in r:  # the labelled set: snippets
            for item in r["must_remove"]:
                c = rem[item["category"]]
                c[1] += 1
                c[0] += norm(item["text"]) not in o
            continue
        for s, e, cat, *_ in r["spans"]:
            if e - s < 3:
                continue
            c = rem[cat]
            c[1] += 1
            if stripped:
                covered = sum(max(0, min(b, e) - max(a, s)) for a, b in stripped)
                c[0] += covered >= 0.9 * (e - s)
            else:  # a baseline that only returns text
                c[0] += norm(r["raw_text"][s:e]) not in o
    total = sum(v[1] for k, v in rem.items() if k in SCORED)
    return {
        "messages": len(records),
        "keep_total": keep_total,
        "keep_retained": keep_ok,
        "retention": keep_ok / keep_total if keep_total else 1.0,
        "messages_losing_content": len(lost_msgs),
        "lost": lost,
        "removal": {
            c: {"removed": v[0], "total": v[1], "recall": v[0] / v[1] if v[1] else None} for c, v in rem.items()
        },
        "removal_scored": sum(v[0] for k, v in rem.items() if k in SCORED) / total if total else None,
        "emptied": emptied,
    }


# ---------------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------------


def clean_all(
    records: Sequence[dict[str, Any]],
    model: Any,
    *,
    thread: bool = True,
    mining: bool = True,
    blocks: dict | None = None,
) -> dict[str, Any]:
    """Clean each record with the context an archive gives it (optionally without thread or mining)."""
    ctxs = T.contexts(records, blocks if mining else None, dropout=0.0 if thread else 1.0)
    out = {}
    for r, c in zip(records, ctxs, strict=False):
        c.model = model
        out[r["id"]] = clean_message(r["raw_text"], c)
    return out


def held_out(
    records: list[dict[str, Any]],
    bare: list[dict[str, Any]],
    variants: dict[str, list[dict[str, Any]]],
    k: int = FOLDS,
    jobs: int = 1,
) -> dict[str, dict[str, Any]]:
    """Outputs of k-fold training by authority: each fold cleaned by a model that never saw it;
    ``bare`` holds the collection's messages without greeting and signature, cleaned alone, and
    each of ``variants`` every message laid out another way (:func:`variant_records`). Folds are
    independent, so ``jobs`` processes may work on them at once (same outputs)."""
    _SHARED.update(
        records=records,
        bare=bare,
        variants=variants,
        k=k,
        blocks=T.mined_blocks(records),
        bare_blocks=T.mined_blocks(bare),
        variant_blocks={name: T.mined_blocks(v) for name, v in variants.items()},
    )
    runs: dict[str, dict[str, Any]] = {"full": {}, "no_thread": {}, "no_mining": {}, "bare": {}}
    runs.update({name: {} for name in variants})
    for fold_runs in _map(_fold_outputs, range(k), jobs):
        for name, outputs in fold_runs.items():
            runs[name].update(outputs)
    return runs


#: what the worker processes of :func:`_map` read (inherited by fork, never pickled)
_SHARED: dict[str, Any] = {}


def _map(fn: Callable[[Any], Any], items: Sequence[Any] | range, jobs: int) -> list[Any]:
    """``fn`` over ``items`` in order, in ``jobs`` forked processes when more than one."""
    if jobs <= 1 or len(items) <= 1:
        return [fn(i) for i in items]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(fn, items))


def _fold_outputs(f: int) -> dict[str, dict[str, Any]]:
    records, k = _SHARED["records"], _SHARED["k"]
    blocks = _SHARED["blocks"]
    model = T.train([r for r in records if fold_of(r["authority"], k) != f])
    test = [r for r in records if fold_of(r["authority"], k) == f]
    runs = {
        "full": clean_all(test, model, blocks=blocks),
        "no_thread": clean_all(test, model, thread=False, blocks=blocks),
        "no_mining": clean_all(test, model, mining=False),
        "bare": clean_all(
            [r for r in _SHARED["bare"] if fold_of(r["authority"], k) == f],
            model,
            thread=False,
            blocks=_SHARED["bare_blocks"],
        ),
    }
    for name, v in _SHARED["variants"].items():
        runs[name] = clean_all(
            [r for r in v if fold_of(r["authority"], k) == f], model, blocks=_SHARED["variant_blocks"][name]
        )
    return runs


def variant_records(
    records: Sequence[dict[str, Any]], make: Callable[[dict[str, Any]], dict[str, Any] | None], suffix: str
) -> list[dict[str, Any]]:
    """Every message as ``make`` lays it out (as it is where ``make`` has nothing to change), in
    threads of their own: ``train_clean.glued`` (every block run on from the line before) or
    ``train_clean.rights_after_signature`` (the review paragraphs after the writer's signature) or
    ``train_clean.note_above_greeting`` (the first paragraph above the greeting)."""
    out = []
    for r in records:
        v = make(r)
        out.append(v if v is not None else {**r, "id": r["id"] + suffix, "thread": r["thread"] + suffix})
    return out


# What each round's figure is: a round stays held out until its misses are read to change the cleaner.
ROUND_NOTES = [
    "- Round 2 (100 authorities) was first scored with the cleaner of commit 1f11fb2: must-keep 99.89% "
    "(3477/3481, 4 lines in 4 messages), complaint_rights 99.4%, disclaimer 99.7%, signoff_block 100.0%, "
    "other_boilerplate 79.8%. Its 4 lost lines (the answer inviting a reply: a narrower request, a "
    "clarification, an access route outside the Act) were then read and a guard written for that kind of "
    "sentence, so the round 2 row above is a development figure.",
    "- Round 3 (40 authorities) was written after those guards and first scored with the cleaner of commit "
    "ac07688 (scorer trained on rounds 1 and 2): must-keep 99.4% (1711/1721, 10 lines in 9 messages), "
    "complaint_rights 96.4%, disclaimer 100.0%, signoff_block 100.0%, other_boilerplate 87.5%. Six of its "
    "lost lines stated this request's timetable (when the answer is due, the clock while a clarification "
    "is awaited); they were read and the timetable guard written, so the round 3 row above is a "
    "development figure too.",
    "- Round 4 (40 authorities) was written after the timetable guard and first scored with the cleaner of "
    "commit 2012eb9 (scorer trained on rounds 1 to 3). Its writers were asked to include, among the content "
    "that reads like boilerplate, statements of the request's time limit and notes that another body holds "
    "the information, so it probes the latest guards. Its first figures: must-keep 99.7% (1710/1716, 6 lines "
    "in 6 messages), complaint_rights 100.0%, disclaimer 99.2%, signoff_block 99.2%, other_boilerplate 88.6%. "
    "Its lost lines were read in the next session (the clock stopped for a clarification, an office's name "
    "in the signature), so its row above is a development figure.",
    "- Round 5 (48 authorities) was written after the cleaner of commit 3b506d1 and first scored with it "
    "(scorer trained on rounds 1 to 4): must-keep 99.56% (3612/3628, 16 lines in 15 messages) as written. "
    "Six of those lines were one writer's Information Commissioner paragraphs at the end of internal-review "
    "outcomes, left in the message; the README counts them as complaint_rights, so they were made blocks "
    "(labels only, cleaner unchanged): must-keep 99.72% (3612/3622, 10 lines in 9 messages), complaint_rights "
    "98.6%, disclaimer 100.0%, signoff_block 98.5%, other_boilerplate 88.1%. Its lost lines were then read "
    "(what a decision introduces, the closing courtesy), so its row above is a development figure.",
    "- Round 6 (48 authorities) was written after the cleaner of commit 23b6aa6 (its code unchanged at "
    "352420b, where the round was first scored; scorer trained on rounds 1 to 5). Its writers were given the "
    "README's labelling rule in their brief: every review and Commissioner paragraph is a block, and what an "
    "acknowledgement says of this request is content. First figures: must-keep 99.94% (3594/3596, 2 lines in "
    "2 messages), complaint_rights 99.3%, disclaimer 100.0%, signoff_block 99.0%, other_boilerplate 94.5%; "
    "without thread context must-keep 99.97%. Its lost lines were then read (that the request arrived; a "
    "reference and a date laid out as a form), so its row above is a development figure.",
    "- Round 7 (48 authorities) was written after the cleaner of commit 72300b5 (its code unchanged at "
    "bbbed4b, where the round was first scored; scorer trained on rounds 1 to 6), with the same brief as "
    "round 6. First figures: must-keep 99.65% (3464/3476, 12 lines in 8 messages), complaint_rights "
    "100.0%, disclaimer 99.2%, signoff_block 97.3%, other_boilerplate 87.1%; without thread context "
    "must-keep 99.63%. Its lost lines were then read (the address an answer gives for another route), so "
    "its row above is a development figure.",
    "- Round 8 (48 authorities) was written after the cleaner of commit b7291da (code and shipped model; "
    "unchanged since), with the same brief as round 6, and first scored with it (scorer trained on rounds 1 "
    "to 7): must-keep 99.92% (3699/3702, 3 lines in 3 messages), complaint_rights 100.0%, disclaimer 99.6%, "
    "signoff_block 98.1%, other_boilerplate 80.4%; without thread context must-keep 99.89%. Its lost lines "
    'were read in the next session (an acknowledgement\'s opening thanks, "which was received"), so its row '
    "above is a development figure.",
    "- Round 9 (48 authorities) was written after the cleaner of commit 061c1df, with the same brief as "
    "round 6, and first scored with it (scorer trained on rounds 1 to 8): must-keep 99.56% (3610/3626, 16 "
    "lines in 15 messages), complaint_rights 100.0%, disclaimer 100.0%, signoff_block 99.1%, "
    "other_boilerplate 87.1%; without thread context must-keep 99.56%. Half of its lost lines were an "
    "acknowledgement's condition on its timetable right after the due date (\"If we need you to clarify "
    'anything, we will contact you"), which earlier writers had put in blocks as often as in messages; they '
    "were read and a guard written, so its row above is a development figure.",
    "- Round 10 (48 authorities) was written after the cleaner of commit 689d3ae, with the same brief, and "
    "first scored with it (scorer trained on rounds 1 to 9): must-keep 99.91% (3371/3374, 3 lines in 3 "
    "messages), complaint_rights 97.2%, disclaimer 99.6%, signoff_block 100.0%, other_boilerplate 88.3%; "
    "without thread context must-keep 99.94%. Its lost lines were then read (a sentence that names a "
    "numbered part of the request), so its row above is a development figure.",
    "- Round 11 (48 authorities) was written after the cleaner of commit 51ae92a, with the same brief, and "
    "first scored with it (scorer trained on rounds 1 to 10): must-keep 99.96% (2724/2725, 1 line in 1 "
    "message: an answer's pointer to another complaint route, the hearing's own), complaint_rights 100.0%, "
    "disclaimer 99.5%, signoff_block 99.5%, other_boilerplate 88.0%; without thread context must-keep "
    "99.96%. Nothing in the cleaner was changed after reading it (the shipped model was then retrained with "
    "it, as after every round).",
    "- Round 12 (48 authorities) was written with the same brief by writers who had not read the cleaner's "
    "code, and first scored with the cleaner of commit 9d2ea6d, frozen before any of its files was read "
    "(scorer trained on rounds 1 to 11): must-keep 99.95% (3676/3678, 2 lines in 2 messages: a re-use "
    "condition given with the answer, an acknowledgement's general timetable), complaint_rights 100.0%, "
    "disclaimer 99.6%, signoff_block 99.3%, other_boilerplate 90.1%; without thread context must-keep 99.92%.",
    "- Round 13 (48 authorities) was written the same way with a brief that asked for mail texture: lines "
    "hard-wrapped at 70 to 78 characters, Outlook leftovers ([cid:...] images, <https://...> links), "
    "signatures on one line with pipes, bullets as o or ·, and blocks run straight on after the sign-off. "
    "First scored with the cleaner of commit 9d2ea6d (scorer trained on rounds 1 to 12): must-keep 99.83% "
    "(5196/5205, 9 lines in 6 messages), complaint_rights 98.9%, disclaimer 98.9%, signoff_block 62.8%, "
    "other_boilerplate 85.9%; without thread context must-keep 99.85%. Reading it led to the Gaelic "
    "greetings and sign-offs, the heading over a review's outcome, and the signature that stops at a line "
    "the scorer reads as a block when that line is no name, title or team, so rounds 12 and 13 above are "
    "development figures too.",
    "- Round 14 (48 authorities) was written by writers who had not read the cleaner's code and first "
    "scored with the cleaner of commit aa91237, frozen before any of its files was read (scorer trained "
    "on rounds 1 to 13): must-keep 99.57% (2752/2764, 12 lines in 7 messages: four "
    "where a writer had glued a title to the block after it, six of one clarification, a re-use condition, "
    "a team's line with its address), complaint_rights 100.0%, disclaimer 100.0%, signoff_block 88.6%, "
    "other_boilerplate 87.2%; without thread context must-keep 99.49%. The glued titles were then given "
    'their own line (labels only), and reading it led to "the time for responding" as this request\'s '
    "timetable, so its row above is a development figure.",
    "- Round 15 (48 authorities) was written the same way (two writers with the standard brief, two with "
    "the texture brief), with a brief that also asked for the review and Commissioner paragraphs after the "
    "writer's signature in about half of the responses, as real mail lays them out. It was first scored "
    "with the cleaner of commit 3a6ab98, frozen before any of its files was read (scorer trained on rounds "
    "1 to 14): must-keep 99.42% (3241/3260, 19 lines in 13 messages: eleven lines of signatures written "
    "with pipes, nine of them a name, role and organisation on one line, each run into the wrapped block "
    "after it; seven of re-use conditions given with the answer; one pointer for parties to court "
    "proceedings), complaint_rights 100.0%, disclaimer 100.0%, "
    "signoff_block 86.1%, other_boilerplate 82.8%, no message emptied; without thread context must-keep "
    "99.42%. By brief: standard 99.92% (1292/1293), texture 99.08% (1949/1967). Reading it led to the hard "
    "line break around a line of cells apart by pipes (after it, still trained on rounds 1 to 14: must-keep "
    "99.75%, 8 lines in 3 messages), so its row above is a development figure.",
    "- Round 16 (45 authorities) was written to the same two briefs by four writers who had not read the "
    "cleaner's code; three authorities written twice across the writers' sectors were kept once, chosen by "
    "file name before any file was read. It was first scored with the cleaner of commit 2b64db7, frozen "
    "before any of its files was read (scorer trained on rounds 1 to 15): must-keep 99.37% (3154/3174, 20 "
    "lines in 7 messages: eight of a list of the bodies that hold what was asked, with its lead-in and "
    "closing line; five of a map's copyright and re-use conditions given with the answer; five of "
    "redirections (where academies' requests go, where to send a subject access request, where to raise "
    "concerns about care); two titles or team lines of a signature run into the block wrapped after "
    "them), complaint_rights 99.3%, disclaimer 100.0%, signoff_block 75.8%, other_boilerplate 89.7%, no "
    "message emptied; without thread context must-keep 99.46%. By brief: standard 99.37% (1414/1423, "
    "signoff_block 95.2%), texture 99.37% (1740/1751, signoff_block 52.2%: an organisation's name, address "
    "and website run on after the writer's name and title were kept with the signature). Reading it led "
    'to the lead-in that names whom to contact ("You may wish to contact the councils directly:") as a '
    "decision, and to a signature that stops before an organisation line with an address and more under "
    "it (after both, still trained on rounds 1 to 15: must-keep 99.62%, 12 lines in 6 messages; "
    "signoff_block 86.9%), so its row above is a development figure.",
    "- Round 17 (48 authorities) was written to the same two briefs by four writers who had not read the "
    "cleaner's code, the texture brief given to the two writers of the other sectors this time (English "
    "councils and NHS bodies; emergency services, justice and central government). It was first scored "
    "with the cleaner of commit 75fbb8a, frozen before any of its files was read (scorer trained on "
    "rounds 1 to 16): must-keep 99.68% (3705/3717, 12 lines in 4 messages: nine streets of a bulleted "
    "list an internal review released, under its lead-in; two signatures on one line with pipes, longer "
    "than a signature line was allowed to be; a title run into the Commissioner paragraph wrapped after "
    "it), complaint_rights 100.0%, disclaimer 99.4%, signoff_block 93.4%, other_boilerplate 93.3%, no "
    "message emptied; without thread context the same must-keep. By brief: standard 100.00% (1352/1352), "
    "texture 99.49% (2353/2365). Reading it led to the bulleted list kept with the answer's lead-in "
    "however long, to the one-line signature kept whatever its length, and to the writer's title kept "
    "where the mail's wrapping ran it into the block after it (after all three, still trained on rounds "
    "1 to 16: must-keep 100.00%, removal unchanged), so its row above is a development figure.",
    "- Round 18 (48 authorities: acute hospital trusts and NHS bodies; town and community councils, ports, "
    "drainage, waste and transport bodies; universities, colleges and cultural bodies; regulators, "
    "commissioners and other arm's-length bodies) was written to the same two briefs by four writers who "
    "had not read the cleaner's code (the texture brief to the second and third). It was first scored "
    "with the cleaner of commit d7fdfa2, frozen before any of its files was read (scorer trained on "
    "rounds 1 to 17): must-keep 99.82% (2844/2849, 5 lines in 4 messages: four lines of three automatic replies that say the "
    'request arrived, two with what happens next on the same line and one as "Your message has reached the '
    '... inbox"; one of re-use conditions given with the answer), complaint_rights 98.7%, '
    "disclaimer 100.0%, signoff_block 91.7%, other_boilerplate 88.0%, no message emptied; without thread "
    "context must-keep 99.93%. By brief: standard 99.77% (1296/1299), texture 99.87% (1548/1550). Counting "
    '"has reached" and "has been delivered" as saying the request arrived kept two of those lines (round 18 '
    "then 99.89%), but was dropped: in the five-fold run it kept no more answer lines and removed 17 fewer blocks "
    "(12 automatic replies, whose writers put such a sentence in the help text, and 5 disclaimers). The cleaner is otherwise "
    "unchanged since, so its row above is the first scoring.",
    "- Round 19 (48 authorities: police and crime commissioners, courts, tribunals and central government "
    "bodies; district councils, town and parish councils, NHS England trusts and integrated care boards; "
    "universities, colleges, an academy trust, ports, buses, water and waste bodies; Scottish, Welsh and "
    "Northern Irish public bodies) was written to the same two briefs by four writers who had not read the "
    "cleaner's code (the texture brief to the second and third). It was first scored with the cleaner of "
    "commit 239a5ae, frozen before any of its files was read (scorer trained on rounds 1 to 18): must-keep "
    "99.94% (3580/3582, 2 lines in 2 messages: re-use terms given for a released spreadsheet, and a bilingual "
    '"on behalf of" line under a signature), complaint_rights 100.0%, disclaimer 96.6%, signoff_block 94.1%, '
    "other_boilerplate 91.2%, no message emptied; without thread context must-keep 99.94%. By brief: standard "
    "99.86% (1430/1432), texture 100.00% (2150/2150). The rule added since, which gives back runs that share a "
    "line with kept text unless the scorer is very sure of them (chosen on the five folds of rounds 1 to 18), "
    "changes none of these figures, so the row above is the first scoring.",
    "- Round 20 (48 authorities: town, parish and community councils, a conservation board, harbours, "
    "transport and drainage bodies; the Bank of England, regulators, tribunals, commissioners and public "
    "corporations; acute hospital trusts and NHS bodies; universities, colleges, research and cultural "
    "bodies) was written to the same two briefs by four writers who had not read the cleaner's code (the "
    "texture brief to the second and third). It was first scored with the cleaner of commit 7999667, frozen "
    "before any of its files was read (scorer trained on rounds 1 to 19): must-keep 99.78% (3654/3662, 8 "
    "lines in 5 messages: three lines of an automatic reply that says the message was delivered and what "
    'happens next, with no help text around it; a re-use heading and its terms given with an answer; "Sent by '
    "e-mail\" under the letterhead of two letters; a trust's name under a signature), complaint_rights 100.0%, "
    "disclaimer 98.8%, signoff_block 95.0%, other_boilerplate 76.7%, no message emptied; without thread "
    "context must-keep 99.78%. By brief: standard 100.00% (1431/1431), texture 99.64% (2223/2231). The cleaner "
    "is unchanged since, so its row above is the first scoring.",
    "- Round 21 (48 authorities: district and borough councils, a combined authority, town and parish "
    "councils, NHS England trusts and an integrated care board; universities, colleges, schools, an academy "
    "trust, buses, trams, waterways, a drainage board and the Royal Parks; Scottish, Welsh and Northern Irish "
    "bodies; police and crime commissioners, justice and central government bodies) was written to the same "
    "two briefs by four writers who had not read the cleaner's code (the texture brief to the second and "
    "third). It was first scored with the cleaner of commit 6266c10, frozen before any of its files was read "
    "(scorer trained on rounds 1 to 20): must-keep 99.51% (2650/2663, 13 lines in 7 messages), "
    "complaint_rights 100.0%, disclaimer 100.0%, signoff_block 88.6%, other_boilerplate 86.4%, no message "
    "emptied. Twelve of the 13 lines were the sign-off and name of six requesters' follow-ups in which one "
    "writer put the quoted earlier message above the sign-off; the cleaner reads everything under a quoted "
    "message's From/Sent/To header as the quote, as mail clients put quoted history last. After the first "
    "scoring those six messages were laid out as mail is (the sign-off above the quote), and with the same "
    "frozen cleaner and scorer round 21 keeps 99.96% (2662/2663; the line lost is a partnership's name under "
    "a signature); by brief: standard 100.00% (1044/1044), texture 99.94% (1618/1619). The cleaner is "
    "unchanged since, so its row above is that second figure.",
    "- Round 22 (48 authorities: police and crime commissioners, a service prosecuting authority, "
    "commissions, ombudsmen, adjudicators and other central and devolved bodies; Scottish, Welsh and Northern "
    "Irish boards, councils and agencies; a university, colleges, schools, an academy trust, ferries, buses, "
    "an airport, a waste company and a drainage board; English councils, a combined authority, parish and town "
    "councils, NHS England trusts and an integrated care board) was written to the same two briefs by four "
    "writers who had not read the cleaner's code (the texture brief to the second and third), each told to "
    "check the others' folders and to put the quoted earlier message last. It was first scored with the "
    "cleaner of commit ac977af, frozen before any of its files was read (scorer trained on rounds 1 to 21): "
    'must-keep 99.97% (3746/3747, 1 line in 1 message: a letter\'s "Via email" delivery line), '
    "complaint_rights 98.6%, disclaimer 98.8%, signoff_block 94.8%, other_boilerplate 95.2%, no message "
    "emptied; without thread context must-keep 99.87% (5 lines in 3 messages). By brief: standard 99.94% "
    "(1542/1543), texture 100.00% (2204/2204).",
    '- Round 22\'s first scoring was read: its one lost line led to the delivery-line guard ("By email"), '
    "so its row above is a development figure from then on.",
    "- Round 23 (48 authorities: Scottish, Welsh and Northern Irish bodies, from a bridge board and a tribunal "
    "to town councils and an Irish-medium schools council; universities, colleges, an academy trust, schools, "
    "a leisure trust, buses, ferries, a waste company and a drainage board; English district, borough and "
    "unitary councils, town and parish councils, a combined authority, NHS England trusts and an integrated "
    "care board; police and crime commissioners, inspectorates, tribunals, adjudicators and regulators) was "
    "written to the same two briefs by four writers who had not read the cleaner's code (the texture brief "
    "to the second and third). It was first scored with the cleaner of commit b88599d, frozen before any of "
    "its files was read and after the changes made from reading round 22 (scorer trained on rounds 1 to "
    "22): must-keep 99.87% (3783/3788, 5 lines in 5 messages: organisation and address lines that writers "
    "put under a signature as content), complaint_rights 98.8%, disclaimer 100.0%, signoff_block 81.1%, "
    "other_boilerplate 74.6%, no message emptied; without thread context must-keep 99.89%. By brief: "
    "standard 100.00% (1526/1526), texture 99.78% (2257/2262).",
    "- Round 24 (48 authorities: universities, colleges, an academy trust and a Welsh-medium school, a water "
    "company, an airport, buses, a conservation board, a leisure trust and a drainage board; English district, "
    "borough and town councils, NHS England trusts and an integrated care board; police and crime "
    "commissioners, accident investigation branches, regulators, a commission and executive agencies; "
    "Scottish, Welsh and Northern Irish bodies from a transport partnership and a valuation board to town "
    "councils, a school and a cross-border programmes body) was written to the same two briefs by four "
    "writers who had not read the cleaner's code (the texture brief to the second and third). It was first "
    "scored with the cleaner of commit 8c20bc2, frozen before any of its files was read (scorer trained on "
    "rounds 1 to 23): must-keep 99.87% (3828/3833, 5 lines in 4 messages: four team and organisation lines "
    "signing a message, three of them with no sign-off line above, and an automatic reply's opening "
    '"Thank you for contacting the Office of the Police and Crime Commissioner" line), complaint_rights '
    "96.3%, disclaimer 100.0%, signoff_block 93.9%, other_boilerplate 85.7%, no message emptied; without "
    "thread context must-keep 99.92%. By brief: standard 99.94% (1630/1631), texture 99.82% (2198/2202).",
    "- Round 24's first scoring was read before this stop's two later changes (the mid-line change, prompted "
    "by a mining test the retrained model failed, and the receipt change, prompted by round 24's "
    "Warwickshire line and round 25), so its row above is a development figure from then on.",
    "- Round 25 (48 authorities: English district and borough councils, a combined authority, town and "
    "community councils, NHS trusts and an integrated care board; central government and justice bodies, from "
    "a registrar, a passport office and defence agencies to tribunals, a custody panel, a police air service "
    "and a police fund; Scottish, Welsh and Northern Irish bodies, from a design body, a valuation board and "
    "leisure trusts to town councils, a trunk road agent and North/South bodies; colleges, universities, an "
    "academy trust, a Welsh-medium school, an Irish-language body, buses, a port, a water company and a "
    "drainage board) was written to the same two briefs by four writers who had not read the cleaner's code "
    "(the texture brief to the second and third). It was first scored with the cleaner of commit df3f0a5, "
    "frozen before any of its files was read and after the change made from reading round 24 (a block begun "
    "inside a line takes the sentences before it that lean its way; scorer trained on rounds 1 to 24): "
    "must-keep 99.74% (4183/4194, 11 lines in 6 messages: eight lines of one authority, namely an automatic "
    "reply's receipt paragraph, its organisation line under a signature and re-use terms written for its "
    "answer; two bilingual team lines signing a message; and a port's sentence that its voluntary reply "
    "carries no right of review), complaint_rights 99.4%, disclaimer 99.4%, signoff_block 84.6%, "
    "other_boilerplate 91.3%, no message emptied; without thread context must-keep 99.74%. By brief: "
    "standard 99.95% (1908/1909), texture 99.56% (2275/2285). With the mid-line change turned off the "
    "figures were the same (one block was removed in part instead of not at all).",
    "- Round 25's first scoring was read: its automatic reply's receipt paragraph led to the receipt change "
    '("your message has reached our inbox"), so its row above is a development figure from then on.',
    "- Round 26 (48 authorities: central government bodies, from a commissioner, a court, an inspectorate and "
    "an audit office to executive agencies and a police technology body; Scottish, Welsh and Northern Irish "
    "bodies, from a valuation board, a housing association and a leisure trust to planning appeals, an exam "
    "board and town and rural councils; universities, colleges, an academy trust, a water company, a drainage "
    "board, rail and bus companies and archives; English city, borough, district and town councils, NHS "
    "trusts and an integrated care board) was written to the same two briefs by four writers who had not "
    "read the cleaner's code (the texture brief to the second and third). It was first scored with the "
    "cleaner of commit d7e6484, frozen before any of its files was read (scorer trained on rounds 1 to 25 "
    "as then labelled): must-keep 99.90% (4111/4115, 4 lines in 2 messages: a hospital trust's note on where "
    "to raise concerns about one's own care, and a housing association's line on neighbour problems), "
    "complaint_rights 98.7%, disclaimer 97.9%, signoff_block 90.8%, other_boilerplate 80.3%, no message "
    "emptied; without thread context must-keep 99.90%. By brief: standard 99.85% (2025/2028), texture "
    "99.95% (2086/2087). With its automatic replies' opening thanks and receipt sentences moved out of their "
    "blocks by the collection's rule (7 sentences in 5 files, see the collection's README), the same frozen "
    "cleaner scored must-keep 99.85% (4119/4125, 6 lines in 3 messages: the two above and a receipt sentence "
    "the help text ran on from), other_boilerplate 85.9%.",
    "- Round 26's first scoring was read: the receipt sentence it lost showed that the mid-line rule could take "
    "a sentence the guards protect, which led to the fix of that rule, so its row above is a development "
    "figure from then on.",
    "- Round 27 (47 authorities: English district, borough, metropolitan and town councils, a Welsh town "
    "council, London Councils, a licensing board and valuation joint boards; NHS trusts, an integrated care "
    "board and integration joint boards; professional regulators and an appointments commissioner; executive "
    "agencies, a public body for the fishing industry, a Defence fire service and a government-owned rail "
    "operator; Scottish and Welsh government bodies; universities, a Gaelic college, a further-education "
    "college, schools and an academy trust; record offices and a museums service; a port, a bridge and "
    "ferry committee, a housing association, a Gaelic broadcaster, a police staff association and a police "
    "and crime panel) was written by four writers who had not read the cleaner's code, the texture brief to "
    "the second and fourth, whose brief stated the rule for automatic replies in so many words (their "
    "help-text blocks hold no thanks or receipt). Names were checked against the collection and across the "
    "writers before any file was read; one file named an authority already in the collection and was "
    "dropped. It was first scored with the cleaner of commit 4a8ac41, frozen before any of its files was "
    "read (scorer trained on rounds 1 to 26 as now labelled): must-keep 99.87% (5556/5563, 7 lines in 1 "
    "message: a university's table of library opening hours, given as the answer under its lead-in), "
    "complaint_rights 97.0%, disclaimer 100.0%, signoff_block 89.4%, other_boilerplate 90.7%, no message "
    "emptied; without thread context must-keep 99.95%. By brief: standard 99.71% (2376/2383), texture "
    "100.00% (3180/3180), with signoff_block 99.3% and 78.2%. The cleaner of commit 1082a49, committed "
    "before any file was read, scored the same must-keep, disclaimer 99.6% and other_boilerplate 93.0%.",
    "- Round 27's first scoring was read: the table it lost (more than eight short lines under the answer's "
    "lead-in) and its sign-off blocks that begin with the organisation's address on the line under the "
    "signature led to changes, so its row above is a development figure from then on.",
    "- Round 28 (48 authorities: English parish and town councils, a Welsh town council and a community "
    "council; GP practices, an out-of-hours provider and a commissioning support unit; academy trusts, a "
    "school and further-education colleges in England and Scotland; internal drainage boards, a valuation "
    "joint board, a crematorium joint committee and a combined county authority; advisory committees, a "
    "levy board, an executive agency, a wages board and a professional regulator; Scottish housing "
    "associations and council-owned housing and leisure companies; a trust port, a bridge board, a museum "
    "and a memorial foundation) was written by four writers who had not read the cleaner's code, the "
    "texture brief to the second and fourth. Their brief asked for authorities from pools the collection "
    "had not filled and, in about a third of the answers, a note written above the letter's greeting "
    '("Apologies for the delay; our response is set out below."); 48 messages have one. Names were '
    "checked against the collection and across the writers before any file was read; the writers had "
    "settled their own clashes. It was first scored with the cleaner of commit 5edbad6, frozen before any "
    "of its files was read (scorer trained on rounds 1 to 27): must-keep 99.98% (4946/4947, 1 line in 1 "
    'message: such a note, "Thank you for your patience. Our answer follows."), complaint_rights 100.0%, '
    "disclaimer 100.0%, signoff_block 94.4%, other_boilerplate 90.9%, no message emptied; without thread "
    "context the same must-keep. By brief: standard 100.00% (1834/1834), texture 99.97% (3112/3113), with "
    "signoff_block 99.3% and 89.2%.",
    "- Round 28's first scoring was read: the note it lost led to the guard for a sentence that says where "
    'the answer is ("Our answer follows."), so its row above is a development figure from then on.',
    "- Round 29 (47 authorities: English town and parish councils, Welsh town and community councils; GP "
    "practices, a pharmacy and an NHS 111 provider; academy trusts, schools, a national online academy and "
    "further-education and sixth-form colleges in England and Scotland; a port health authority, a trust "
    "port, a bridge board, a drainage board, a fisheries authority and a conservation trust; Scottish and "
    "Northern Irish housing associations, council-owned companies, a leisure trust and an archive service; "
    "advisory committees, a lottery distributor, a consumer council and a commissioner) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth. Their brief "
    "asked, in about a third of the responses, for the answer given question by question, and, in about a "
    "quarter, for a note above the letter's greeting. Names were checked against the collection and across "
    "the writers before any file was read; one file named an authority already in the collection and was "
    "dropped. It was first scored with the cleaner of commit 18bed9d, frozen before any of its files was "
    "read (scorer trained on rounds 1 to 28): as written, must-keep 99.41% (4746/4774, 28 lines in 7 "
    "messages), complaint_rights 99.2%, disclaimer 100.0%, signoff_block 93.3%, other_boilerplate 94.8%, no "
    "message emptied; without thread context must-keep 99.96%. Of the 28 lines, 26 were the request's "
    'questions quoted back with ">" between the answers, which the brief had called content; by the '
    "collection's rule they are quoted text of an earlier message, as the cleaner treats them (see the "
    "collection's README), and counted so the same frozen cleaner keeps 99.96% (4746/4748, 2 lines in 2 "
    "messages: a Welsh note above the letter's greeting, and a signature line the review paragraph ran on "
    "from). By brief, counted so: standard 99.94% (1612/1613), texture 99.97% (3134/3135), with "
    "signoff_block 95.9% and 90.9%.",
    "- Round 29's first scoring was read: its Welsh note led to the Welsh forms of the guard for where the "
    "answer is and to keeping the whole note above the greeting that says so, so its row above is a "
    "development figure from then on.",
    "- Round 30 (48 authorities: English town and parish councils, Welsh town and community councils; GP "
    "practices and NHS contractors, an integration joint board; academy trusts, schools and further-education "
    "and sixth-form colleges; trust ports and harbours, a drainage board, conservators, a crematorium board "
    "and a market authority; Scottish housing associations, a leisure and culture trust and a commission; "
    "Northern Irish bodies; executive agencies, advisory bodies, a professional regulator and a national "
    "landscape partnership) was written by four writers who had not read the cleaner's code, the texture "
    "brief to the second and fourth. Their brief asked for signatures as officers really sign (a team or "
    'office only, one line with pipes, "on behalf of" lines, initials, bilingual), for answers that point '
    "elsewhere (another body holds the information, with its contact details; a section 21 pointer; how to "
    "narrow the request; what happens next) in about a third of the responses, and for notes above the "
    "letter's greeting in about a fifth. Names were checked against the collection and across the writers "
    "before any file was read. It was first scored with the cleaner of commit 3774f7f, frozen before any of "
    "its files was read (scorer trained on rounds 1 to 29): must-keep 99.63% (4576/4593, 17 lines in 13 "
    "messages), complaint_rights 100.0%, disclaimer 100.0%, signoff_block 92.6%, other_boilerplate 94.6%, "
    "no message emptied; without thread context the same must-keep. By brief: standard 100.00% (1676/1676), "
    "texture 99.42% (2900/2917), with signoff_block 97.8% and 86.8%. Ten of the 17 lines were an "
    "organisation's name on the line under the writer's title, with the sign-off block run straight on "
    "under it (the brief, like the collection's rule, calls that line content; many earlier writers had "
    "begun the block with it); six were two Welsh paragraphs of advice on where else to ask, and one an "
    '"Issued on behalf of" line under a signature.',
    "- Round 30's first scoring was read (the relabelling of the organisation's line under the title, "
    "see the collection's README, and the guard that keeps it were under way while it was written), so its "
    "row above is a development figure from then on.",
    "- Round 31 (48 authorities: Welsh town and community councils, Welsh schools, a Welsh data body and a "
    "regional education consortium; English town and parish councils; GP, dental and NHS community providers; "
    "academy trusts, schools and further-education colleges; drainage boards, harbours, an inshore fisheries "
    "authority and a sub-national transport body; Scottish housing associations, a leisure trust and an "
    "integration joint board; Northern Irish schools, a harbour and a tribunal office; council-owned "
    "companies, a development corporation, advisory bodies, a museum and two regulators) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth. Their brief "
    "asked for Welsh bodies answering in Welsh (two per writer), for messages signed by a team, a mailbox or "
    "an office only (content by the collection's rule), and for answers that point elsewhere in about a "
    "quarter of the responses. Names were checked against the collection and across the writers before any "
    "file was read. It was first scored with the cleaner of commit 660729a, frozen before any of its files "
    "was read (scorer trained on rounds 1 to 30): must-keep 99.65% (4501/4517, 16 lines in 10 messages), "
    "complaint_rights 99.2%, disclaimer 100.0%, signoff_block 93.5%, other_boilerplate 96.7%, no message "
    "emptied; without thread context must-keep 99.60%. By brief: standard 99.94% (1668/1669), texture "
    "99.47% (2833/2848), with signoff_block 99.2% and 88.1%. Thirteen of the 16 lines were the team lines "
    'that sign an acknowledgement or an automatic reply with no sign-off line; two were a Welsh "on behalf '
    "of\" line and the school's name under it, and one the Welsh and English heading of an internal-review "
    "letter.",
    "- Round 31's first scoring was read: its team lines led to the guard for the team that signs a message "
    "with no sign-off line and to the relabelling of that line in rounds 1 to 30 (see the collection's "
    "README), so its row above is a development figure from then on.",
    "- Round 32 (48 authorities: Welsh town and community councils, a Welsh school, a GP practice, a harbour "
    "trust and a national digital body, answering in Welsh; English town and parish councils; GP practices "
    "and NHS community providers; academy trusts, schools and colleges; harbours, a conservancy, an inshore "
    "fisheries authority, commons conservators and crematorium boards; a Scottish licensing board, an "
    "integration joint board, a housing association and leisure trusts; a Northern Irish school, transport "
    "holding company and ombudsman; a council-owned housing company, a development corporation, Parliament's "
    "upper house, advisory and training bodies, a regulator, a watchdog and publicly owned companies) was "
    "written by four writers who had not read the cleaner's code, the texture brief to the second and "
    'fourth. Their brief asked for answers that give advice on a condition ("If you would like ...", in '
    "Welsh too) in about a third of the responses, for automatic and generic text (help text, delay and "
    "disclosure-log notices, markings, out-of-office notes whose dates are content) in about half of the "
    "authorities, and for signatures as officers really sign. Names were checked against the collection and "
    "across the writers before any file was read. It was first scored with the cleaner of commit 5774f30, "
    "frozen before any of its files was read (scorer trained on rounds 1 to 31): must-keep 99.98% "
    "(4547/4548, 1 line in 1 message), complaint_rights 100.0%, disclaimer 100.0%, signoff_block 97.1%, "
    "other_boilerplate 91.8%, no message emptied; without thread context the same must-keep. By brief: "
    "standard 99.94% (1785/1786), texture 100.00% (2762/2762), with signoff_block 99.2% and 94.5%. The one "
    "line was the sentence of a school's automatic reply that gives the dates the office is closed.",
    "- Round 32's first scoring was read: its lost line led to the relabelling of the same sentences in "
    "seven office-closure replies of earlier rounds (see the collection's README), so its row above is a "
    "development figure from then on.",
    "- Round 33 (48 authorities: Welsh town and community councils, Welsh schools, a joint archive service "
    "and a pension partnership, answering in Welsh; English town councils; GP partnerships, a community health "
    "trust and an urgent-care provider; academy trusts and colleges; harbour boards, inshore fisheries "
    "authorities and a port health authority; a Scottish licensing board, an integration joint board, a "
    "housing association and leisure trusts; Northern Irish advisory, schools and victims' payments bodies; "
    "development corporations, publicly owned companies, pension pools, a commissioner, a defence agency, a "
    "university library, a crematorium board, a children's services company and a council's housing "
    "company) was written by four writers who had not read the cleaner's code, the texture brief to the "
    "second and fourth. Their brief asked for re-use and licence terms written for the response (content) "
    "beside standard re-use notices (disclaimer) in about a third of the responses that release "
    "information, for answers that use a block's vocabulary (figures on reviews and complaints to the "
    "Commissioner under the question's own heading, policies, advice on a condition, instructions for this "
    "request), and for signatures as officers really sign. Names were checked against the collection and "
    "across the writers before any file was read. It was first scored with the cleaner of commit 24afce5, "
    "frozen before any of its files was read (scorer trained on rounds 1 to 32): must-keep 99.70% "
    "(5067/5082, 15 lines in 10 messages), complaint_rights 98.6%, disclaimer 100.0%, signoff_block 95.8%, "
    "other_boilerplate 96.5%, no message emptied; without thread context the same must-keep. By brief: "
    "standard 99.77% (2143/2148), texture 99.66% (2924/2934), with signoff_block 96.9% and 94.6%. Five of "
    "the 15 lines were an answer's numbered heading about complaints to the Information Commissioner; eight "
    "were the answer's last paragraph before the sign-off, advice or instructions for this request that "
    "read as help text; two were team lines.",
    "- Round 33's first scoring was read: its headings led to the guard for an answer's heading between "
    "the answer's own text, so its row above is a development figure from then on.",
    "- Round 34 (47 authorities: Welsh town and community councils, a Welsh school, a leisure company and "
    "two Welsh Government companies, answering in Welsh; English town councils; GP practices and a mental-health "
    "and community trust; academy trusts and colleges; a harbour, a light-rail company and drainage boards; "
    "Scottish housing associations, a mountain resort company and an integration joint board; Northern Irish "
    "advisory, education and school bodies; the House of Commons, an executive agency, an appointments "
    "commission, a training board, a regulator, an inshore fisheries authority, a museum, a pension pool, "
    "a development corporation, an NHS purchasing company and a council's housing company; a 48th file named "
    "an authority already in the collection and was dropped unread) was written by four writers who had not "
    "read the cleaner's code, the texture brief to the second and fourth. Their brief asked for answers whose "
    "last paragraph gives advice or instructions for this request in about a third of the responses, for "
    "signatures over several lines (two officers, teams, organisations, on behalf of), and for automatic "
    "and dated text (closures, cover, new due dates) in about half of the authorities. Names were checked "
    "against the collection and across the writers before any file was read. It was first scored with the "
    "cleaner of commit 36da504, frozen before any of its files was read (scorer trained on rounds 1 to 33): "
    "must-keep 99.85% (5225/5233, 8 lines in 6 messages), complaint_rights 98.4%, disclaimer 100.0%, "
    "signoff_block 95.0%, other_boilerplate 96.9%, no message emptied; without thread context 99.87% (7 lines). "
    "By brief: standard 99.90% (1975/1977), texture 99.82% (3250/3256), with signoff_block 98.5% and 91.3%. "
    "Four of the 8 lines were the dates of an office's closure in automatic replies, three an organisation's "
    "name in a signature (under a team line, or after a blank line under two officers), one a delay "
    "notice's apology.",
    "- Round 34's first scoring was read: its closure lines led to the guard for a closure with a given day "
    "and the relabelling of seven closure notices of earlier rounds (see the collection's README), so its row "
    "above is a development figure from then on.",
    "- Round 35 (48 authorities: Welsh community and town councils, two Welsh-medium schools, a Welsh "
    "learning centre and a regional city deal, answering in Welsh; English town councils; GP practices and "
    "providers and a mental-health trust; academy trusts and colleges; harbour trustees and commissioners, "
    "drainage boards and an inshore fisheries authority; Scottish housing associations, integration joint "
    "boards and a licensing board; Northern Irish commissioners, a drainage council and a school; an advisory "
    "committee, an adjudicator, a development bank, a skills agency, a regional transport body, a combined "
    "county authority, museums, a public buying organisation, a pension pool, a council's highways company "
    "and a children's services company) was written by four writers who had not read the cleaner's code, "
    "the texture brief to the second and fourth. Their brief asked for refusals and review outcomes that "
    "reason at length (exemptions, public-interest tests, cost workings, the Commissioner's guidance) in "
    "about a third of the threads, answers laid out as real letters, and short replies and personal notes "
    "above the standard footer. Names were checked against the collection and across the writers before any "
    "file was read. It was first scored with the cleaner of commit 2edbe33, frozen before any of its files "
    "was read (scorer trained on rounds 1 to 34): must-keep 99.98% (5854/5855, 1 line in 1 message), "
    "complaint_rights 100.0%, disclaimer 99.6%, signoff_block 94.6%, other_boilerplate 90.8%, no message "
    "emptied; without thread context the same must-keep. By brief: standard 100.00% (2401/2401), texture "
    "99.97% (3453/3454), with signoff_block 92.1% and 98.3%. The one line was an organisation's name under "
    "the writer's title that the mail's wrapping ran into the Commissioner paragraph after it; five of the "
    'blocks missed were a phone\'s mail-app line ("Sent from my iPhone").',
    "- Round 35's first scoring was read: its lost line led to the title guard keeping the organisation's "
    "line under the title too, and its missed phone lines to the rule for a mail app's line; three such "
    "lines two writers had written as content (the brief named the line inside the short reply it called "
    "content) were made blocks, as the collection's other uses are. So its row above is a development figure "
    "from then on.",
    "- Round 36 (48 authorities: Welsh community and town councils, two Welsh-medium schools, a national "
    "infrastructure commission and a police and crime panel, answering in Welsh; English town councils; GP "
    "practices, a pharmacy chain and a mental-health trust; academy and education trusts, a free school and "
    "colleges; a port authority, a conservancy board, drainage boards and inshore fisheries authorities; Scottish "
    "housing associations and integration joint boards; Northern Irish commissioners, a monuments council and a "
    "school; an immunisation committee, a forestry agency, a scholarship commission, a sub-national transport "
    "body, a city partnership, a nuclear laboratory, a waste agency, a water company, a pension pool, a "
    "bereavement services committee, archives and a council's housing company) was written by four writers who "
    "had not read the cleaner's code, the texture brief to the second and fourth. Their brief asked for footers "
    "as they really stack up (several blocks, some run on, some between rules) in about half of the "
    "authorities, answers that point elsewhere (published information, another body, a transfer) in about a "
    "third of the responses, and requests handled over several messages. Names were checked against the "
    "collection and across the writers before any file was read. It was first scored with the cleaner of "
    "commit 541ff95, frozen before any of its files was read (scorer trained on rounds 1 to 35): must-keep "
    "99.87% (5256/5263, 7 lines in 4 messages), complaint_rights 98.4%, disclaimer 100.0%, signoff_block 89.9%, "
    "other_boilerplate 95.7%, no message emptied; without thread context 99.89% (6 lines). By brief: standard "
    "99.90% (1964/1966), texture 99.85% (3292/3297), with signoff_block 95.5% and 84.1%. Four of the 7 lines "
    "were a paragraph in the middle of an answer, in Welsh and English, that tells the requester how to reach "
    "the council that holds the information; one an organisation's name under the writer's title (a body "
    "named for reviews); one a sentence that this response will be published in the disclosure log; one the "
    "writer's offer to explain.",
    "- Round 36's first scoring was read: its organisation line led to the team line for a body named for "
    "reviews, so its row above is a development figure from then on.",
    "- Round 37 (48 authorities: Welsh community and town councils, a Welsh-medium school, a leadership "
    "academy, a police and crime panel and a pension fund, answering in Welsh; English town and parish councils; "
    "GP practices, a pharmacy chain and a community health trust; academy trusts, schools and colleges; harbour "
    "commissioners, river conservators, a drainage board and a rail executive; Scottish integration joint "
    "boards, a licensing board, a park authority, a housing association and a judicial complaints reviewer; "
    "Northern Irish schools, a forestry agency and a waste group; a commission on extremism, a pipelines agency, "
    "a pay review office, archives, a cultural centre, a development corporation, buying organisations, an "
    "audit company, pension pools and a children's trust) was written by four writers who had not read the "
    "cleaner's code, the texture brief to the second and fourth. Their brief asked for each authority's own "
    "voice, content where boilerplate usually sits (a line above the greeting, a last paragraph of advice, a "
    "postscript under the signature, a dated note in an automatic reply) in about a third of the responses, and "
    "blocks where content usually sits (a notice between two parts of the answer, a review paragraph before "
    "it, a banner or logo at the top) in about a third of the authorities. Names were checked against the "
    "collection and across the writers before any file was read. It was first scored with the cleaner of "
    "commit 9855d01 and its shipped scorer (trained on rounds 1 to 36), frozen before any of its files was "
    "read: must-keep 99.74% (4637/4649, 12 lines in 8 messages), complaint_rights 99.2%, disclaimer 100.0%, "
    "signoff_block 95.6%, other_boilerplate 90.9%, no message emptied; without thread context the same "
    "must-keep. By brief: standard 99.83% (1755/1758), texture 99.69% (2882/2891), with signoff_block 99.2% and "
    '92.2%. Eight of the 12 lines were postscripts under the signature ("PS: ...", "P.S. ..."); one a team\'s '
    "line, one an organisation's, one a pointer to the Pensions Ombudsman and one advice on a child's safety.",
    "- Round 37's first scoring was read: its postscripts led to the guard that keeps a postscript, so its row "
    "above is a development figure from then on.",
    "- Round 38 (48 authorities: Welsh community and town councils, a Welsh-medium school, a Welsh-medium "
    "college, a leisure company and a pension fund, answering in Welsh; English town councils; GP practices and "
    "an integrated care board; a grammar school, an academy trust, a sixth-form college, a drama college and a "
    "Scottish college; drainage boards, harbour commissioners, a port health authority, a lighthouse authority, "
    "the canals' trust, a combined authority and a roads alliance; Scottish housing associations and an "
    "integration joint board; a Northern Irish school, conference centre and staff commission; a youth "
    "service trust, a scholarship commission, a fisheries authority, a national landscape, a crematorium "
    "committee, a leisure company, a housing company and county archives) was written by four writers who had "
    "not read the cleaner's code, the texture brief to the second and fourth. Their brief asked for answers "
    "passed on from the service that holds the information (its own words, its officer's name and role, the "
    "attachments named) in about a third of the responses, answers made of figures and lists with notes under "
    "the tables in about half, and blocks where content usually sits in about a third of the authorities. "
    "Names were checked against the collection and across the writers before any file was read. It was first "
    "scored with the cleaner of commit 8bb4cc3 and a scorer trained on rounds 1 to 37 (as shipped), frozen "
    "before any of its files was read: must-keep 99.90% (5136/5141, 5 lines in 3 messages), complaint_rights "
    "100.0%, disclaimer 100.0%, signoff_block 93.1%, other_boilerplate 91.6%, no message emptied; without "
    "thread context 99.94% (3 lines). By brief: standard 99.90% (1926/1928), texture 99.91% (3210/3213), with "
    "signoff_block 97.9% and 88.6%. Three of the 5 lines were how to ask the body that holds what was asked, "
    "run on in the paragraph after the sentence that names it; one a note under a table (complainants' details "
    "passed to another council); one that a late answer gives the right to a review.",
    "- Round 38's first scoring was read: its pointer led to the rule that keeps what runs on from a pointer "
    "elsewhere within its paragraph, so its row above is a development figure from then on.",
    "- Round 39 (48 authorities: Welsh community and town councils, two Welsh-medium schools, a pension fund "
    "and a police and crime panel, answering in Welsh; English town and parish councils and a city's charter "
    "trustees; GP practices, a cancer centre and an NHS property company; schools, academy trusts, a sixth-form "
    "college, an agricultural university and a Scottish college; drainage boards, a rivers authority, a "
    "harbour authority, the New Forest's verderers, two water companies and a pensions authority; Scottish "
    "housing associations and a licensing board; Northern Irish schools and the Assembly's standards "
    "commissioner; a regulatory service, a children's trust, a housing company, a geological survey, a "
    "national wealth fund, a nuclear decommissioning company, county archives and a conference company) was "
    "written by four writers who had not read the cleaner's code, the texture brief to the second and fourth. "
    "Their brief asked for answers that restate the request question by question in the authority's own "
    "layout in about half of the responses, short and personal messages (clarifications, one-line replies, an "
    "officer's own correction, a named officer's automatic reply with their dates and cover), and internal "
    "reviews with reasoned outcomes, some of which discuss the Commissioner's guidance as part of their "
    "reasoning. Names were checked against the collection and across the writers before any file was read. "
    "It was first scored with the cleaner of commit f7ccb95 and a scorer trained on rounds 1 to 38 (as "
    "shipped), frozen before any of its files was read: must-keep 99.90% (5140/5145, 5 lines in 2 messages), "
    "complaint_rights 100.0%, disclaimer 100.0%, signoff_block 95.8%, other_boilerplate 95.4%, no message "
    "emptied; without thread context the same must-keep. By brief: standard 99.95% (1904/1905), texture "
    "99.88% (3236/3240), with signoff_block 99.3% and 92.5%. Four of the 5 lines were advice on a child's "
    "welfare after a neither-confirm-nor-deny answer (as in a round 37 file); one a named officer's title "
    "under their name in an automatic reply, which the thread's repetition carried into the help text under it.",
    "- Round 39's first scoring was read; its lost lines did not lead to a change (a rule that keeps a title alone "
    "under a name that opens its paragraph would keep 31 lines of labelled blocks the cleaner now strips), but its row "
    "above is a development figure from then on.",
    "- Round 40 (47 authorities: Welsh community and town councils, a Welsh-medium school, a port health "
    "authority and a waste partnership, answering in Welsh or in both languages; English town councils; GP "
    "practices, a health partnership and a hospital trust; schools, academy trusts, a college and a "
    "university; drainage boards, water companies, a bus company, harbour commissioners and a downs "
    "conservators' board; Scottish housing bodies, a licensing board, an integration joint board, a leisure "
    "trust and a ministers' advisory committee; Northern Irish schools; a regulatory partnership, a police and "
    "crime panel, a children's services company, a pension fund, archives and libraries, a polar survey, a "
    "shared-services company and a state energy company) was written by four writers who had not read the "
    "cleaner's code, the texture brief to the second and fourth. Their brief repeated round 37's: each "
    "authority's own voice, content where boilerplate usually sits, and blocks where content usually sits. "
    "Its files are thinner than other rounds' (2119 must-keep lines). Names were checked against the "
    "collection and across the writers before any file was read (one, a commission of an assembly already in "
    "the collection, was dropped unread). It was first scored with the cleaner of commit 0016302 (the code of "
    "8156215) and a scorer trained on rounds 1 to 39 (as shipped), frozen before any of its files was read: "
    "must-keep 100.00% (2119/2119), complaint_rights 92.1%, disclaimer 98.2%, signoff_block 92.3%, "
    "other_boilerplate 94.9%, no message emptied; without thread context 99.95% (1 line). By brief: standard "
    "100.00% (1038/1038), texture 100.00% (1081/1081), with signoff_block 96.3% and 88.0%. All 8 "
    "complaint_rights misses were bilingual review blocks whose Welsh half was kept.",
    "- Round 40's first scoring was read: its Welsh review paragraphs led to the Welsh words of rights in the "
    "rule where a review block begins, and one English line of a bilingual block to the offer of a second look "
    "at the decision being read as the way to a review; its row above is a development figure from then on.",
    "- Round 41 (48 authorities: Welsh community and town councils, two Welsh-medium schools, a national "
    "landscape and a joint planning committee, answering in Welsh or in both languages; English town and "
    "parish councils; GP and community-health providers and a children's trust; schools, academy trusts, a "
    "sixth-form college and a university; drainage boards, a water company, harbour commissioners, an airport "
    "company, commons conservators and a combined county authority; Scottish licensing boards, housing and "
    "care bodies and leisure trusts; Northern Irish schools; a pension fund, county archives, a press "
    "regulator's recognition panel, a police and crime panel and the energy system operator) was written by "
    "four writers who had not read the cleaner's code, the texture brief to the second and fourth. Their brief "
    "asked for advice that belongs to the request (whom to contact about the matter behind it, how to report "
    "the problem it is about) in about a third of the responses, next to generic help text; signatures and "
    "footers as officers really sign; and delays, apologies and automatic replies in the authority's own "
    "voice. Names were checked against the collection and across the writers before any file was read. It was "
    "first scored with the cleaner of commit b50475a and a scorer trained on rounds 1 to 40 (as shipped), "
    "frozen before any of its files was read: must-keep 99.52% (5812/5840, 28 lines in 9 messages), "
    "complaint_rights 97.9%, disclaimer 100.0%, signoff_block 91.4%, other_boilerplate 91.9%, no message "
    "emptied; without thread context 99.62% (22 lines). By brief: standard 99.49% (2331/2343), texture "
    "99.54% (3481/3497), with signoff_block 94.6% and 88.3%. 25 of the 28 lines were advice for this "
    "request's matter (a fault at the toilets, a damaged defibrillator cabinet, pool closures, a child's "
    "welfare after a neither-confirm-nor-deny answer, a patient's access to an online form), which the "
    "scorer read as the help text such advice usually is; the others a bilingual team line, a direct line "
    "under a signature and a bullet of notes under a table.",
    "- Round 41's first scoring was read: a short line introducing the rights now heads their block, an "
    "organisation with its street address in the next cell begins the sign-off block, the team that signs "
    "keeps its line where the block's first line is wrapped onto it, and the way to one's own records is no "
    "offer about the information; the advice for the request's matter found no rule that is safe and is left "
    "to the scorer; its row above is a development figure from then on.",
    "- Round 42 (48 authorities: Welsh community and town councils, two Welsh-medium schools, county archives "
    "and a landlord-licensing service, answering in Welsh or in both languages; English town councils and city "
    "charter trustees; a GP practice, an orthopaedic hospital trust, a community pharmacy chain and a "
    "council-owned care company; an academy trust, a special academy, an adult-education college, an "
    "agricultural college, a cancer research institute and a university; water, gas and electricity network "
    "companies, a canal authority, harbour commissioners, a port health authority and a botanic garden; "
    "Scottish licensing boards, housing associations, a countryside trust and a water retailer; a Northern "
    "Irish redress board; a pension scheme and a pension fund, a crematorium committee, an entertainment "
    "company, a football regulator, a reserve forces' association and a police and crime panel) was written "
    "by four writers who had not read the cleaner's code, the texture brief to the second and fourth, to "
    "round 41's brief. Names were checked against the collection and across the writers before any file was "
    "read. It was first scored with the cleaner of commit aac88e4 (the code of 2b2c724, with the validator "
    "taking round 42) and a scorer trained on rounds 1 to 41 (as shipped), frozen before any of its files was "
    "read: must-keep 99.78% (5795/5808, 13 lines in 10 messages), complaint_rights 100.0%, disclaimer "
    "100.0%, signoff_block 85.5%, other_boilerplate 94.0%, no message emptied; without thread context 99.79% "
    "(12 lines). By brief: standard 99.64% (2759/2769), texture 99.90% (3036/3039), with signoff_block 99.1% "
    "and 71.2%. Of the 13 lines, 6 were advice for the request's matter (against 25 of 28 in round 41 before "
    "it was trained on): reporting a crime in the town, seeing one's own CCTV footage, emergency "
    "contraception, a tenant's check on a landlord; 6 an organisation's line under the writer's title "
    '("... – part of the Department of Agriculture, Environment and Rural Affairs", a town council\'s name, '
    "a bilingual name), which earlier writers labelled both ways; 1 a direct line under a signature. The "
    "texture brief's sign-off misses were mostly partial: a postal address under the title, an organisation's "
    "name line over its address, a bilingual address.",
    "- Round 42's first scoring was read: a postal address under the writer's name or title now begins the "
    "sign-off block (commit 8a7052c), as the collection labels it; its row above is a development figure "
    "from then on.",
    "- Round 43 was written to round 41's brief and first scored (must-keep 99.73%, 16 lines in 7 messages), "
    "but its files were lost with the machine they were on before they landed; no file has round 43.",
    "- Round 44 (48 authorities: two police and crime panels, a mental health trust, two integrated care "
    "boards, district, town and parish councils and a dormant Northern Irish law commission; Scottish "
    "integration joint boards, a GP practice, a licensing board, a college of the Highlands and Islands, a "
    "research institute, a new commissioner, a one-person review office, a port, a housing association and an "
    "assessor; Welsh community and city councils answering in Welsh or both languages, a pension fund, a GP "
    "practice, a national landscape, a national museum's site and a reserve forces' association; UK bodies "
    "(a public energy-finance company, a compensation authority, the defence estate's organisation, the "
    "government's art collection); English universities, a college, an academy trust and a school, a tram "
    "operator, an airport, a trust port, a council's housing company, a university museum, a waste company, "
    "a drainage board and a coroner's service) was written by four writers who had not read the cleaner's "
    "code, the texture brief to the second and fourth, to round 41's brief. Names were checked against the "
    "collection and across the writers before any file was read. It was first scored with the cleaner of "
    "commit 9727342 (the code of c049865, with the validator taking round 44) and a scorer trained on rounds "
    "1 to 42 (as shipped), frozen before any of its files was read: must-keep 99.57% (5347/5370, 23 lines in "
    "13 messages), complaint_rights 99.2%, disclaimer 100.0%, signoff_block 91.1%, other_boilerplate 89.8%, "
    "no message emptied; without thread context 99.59% (22 lines). By brief: standard 99.90% (1951/1953), "
    "texture 99.39% (3396/3417), with signoff_block 94.3% and 87.7%. Of the 23 lines, 8 were advice for the "
    "request's matter (appealing a parking charge, a student's safety), 4 an academy's time limit for "
    "answers stated in an automatic reply, 3 a first name signed above a mail app's line, 3 a working-days "
    "line under a signature (which the brief named among a signature's parts; the collection labels it "
    "signoff_block elsewhere), 2 a line that says for whom the writer signs, under a one-line signature or an "
    "unusual title, 2 a direct line in the signature and 1 an organisation under the team that signs a "
    "message with no sign-off line.",
    "- Round 44's first scoring was read: a writer's bare name above a mail app's line stays, a line that says "
    "for whom the writer signs stays under any signature line, and the organisation's line under the team "
    "that signs a message with no sign-off line stays, after 18 older files that left that line in the "
    "block were relabelled to match (see the collection's README); its five working-days lines were made "
    "signoff_block blocks, as the collection labels them elsewhere; its row above is a development figure "
    "from then on.",
    "- Round 45 (48 authorities: English parish, town and city councils, charter trustees, a crematorium "
    "joint committee, a joint planning committee, heath conservators, a drainage board, a port health "
    "authority, a police and crime panel and a pension fund; Scottish leisure and theatre trusts, an "
    "integration joint board, a licensing board, a GP and a dental practice, a housing association, a "
    "harbour authority and an assessor; Northern Irish primary and special schools, a GP practice and a "
    "pharmacy; academy trusts, maintained, grammar and Welsh-medium schools, a sixth-form college, a pupil "
    "referral unit and an exam board; Welsh community and town councils and a leisure trust; English "
    "council-owned housing, energy, regeneration and trading companies, a parking partnership, a local "
    "enterprise partnership, a museum trust and a combined authority's company) was written by four writers "
    "who had not read the cleaner's code, the texture brief to the second and fourth, to round 41's brief, "
    "which now said that the contact details and notes under a signature (a direct line, working days) are "
    "the sign-off block. Names were checked against the collection and across the writers before any file "
    "was read. It was first scored with the cleaner of commit be5f927 and its linear-time mend of the team "
    "signature test (no output changed) and a scorer trained on rounds 1 to 44 (as shipped), frozen before any "
    "of its files was read: must-keep 99.98% (5177/5178, 1 line in 1 message), complaint_rights 100.0%, "
    "disclaimer 99.5%, signoff_block 88.9%, other_boilerplate 93.5%, no message emptied; without thread "
    "context 99.98% (1 line). By brief: standard 100.00% (2113/2113), texture 99.97% (3064/3065), with "
    "signoff_block 100.0% and 78.1%. The lost line is a town council office's name signing an "
    "acknowledgement under its help text, which the scorer ran into that block.",
    "- After round 45, seven phone lines of their own under a signature that writers of rounds 41, 42 and 44 had "
    'left in the message ("Direct line: ...", "T 01923 ...") were made signoff_block blocks, as 620 sign-off '
    "blocks of the collection hold such a line (see the collection's README); round 44's first scoring counted "
    "two of them among its lost lines.",
    "- Round 46 (48 authorities: English and Welsh GP practices, a primary care network, a dental group, an "
    "optician, a pharmacy chain, an NHS trust and its subsidiary, an integrated care board, a commissioning "
    "support unit and a health charity; Scottish assessors, a licensing board, a valuation appeal panel, a "
    "colleges' regional board and a council's partnership company; Northern Irish tribunals, a policing "
    "partnership, a GP practice and two boards since abolished; UK advisory committees and commissions, a "
    "tribunal service, a research council, public companies and Royal Hospital Chelsea; English district, "
    "borough and city councils, and English and Welsh town councils) was written by four writers who had not "
    "read the cleaner's code, the texture brief to the second and fourth, to round 45's brief. Names were "
    "checked against the collection and across the writers before any file was read. It was first scored "
    "with the final cleaner of the stop that wrote it (bf39ce7 and the team-signature guard over help text) "
    "and a scorer trained on rounds 1 to 45 (as shipped), frozen before any of its files was read: must-keep "
    "99.83% (6303/6314, 11 lines in 11 messages), complaint_rights 97.0%, disclaimer 99.7%, signoff_block "
    "87.3%, other_boilerplate 76.1%, no message emptied; without thread context 99.83% (11 lines). By brief: "
    "standard 99.68% (2468/2476), texture 99.92% (3835/3838), with signoff_block 93.5% and 81.5%. Of the 11 "
    "lines, 8 are the line of a body that hosts the writer's team, in the signature (the Medicines and "
    "Healthcare products Regulatory Agency under the Commission on Human Medicines' secretariat four times, "
    "the Department for Culture, Media and Sport under the Treasure Valuation Committee three times, the "
    "British Museum under its Treasure Registrar once), 1 a town council's name under its signature and 2 "
    "sentences of a procedure and of an automatic reply. Its misses were not read to change the cleaner.",
    "- After round 46's first scoring, the statutory time limit its writers had put in 23 delay blocks (\"The "
    'Freedom of Information Act requires us to respond within 20 working days.") was moved into the messages, '
    "as the collection's rule has it (see its README): trained on as written, the scorer stripped that "
    "sentence in an acknowledgement. The first scoring above counted them as blocks; the row above counts "
    "them as content. The scorer trained on both still stripped most of them in sample, as 44 such sentences "
    "of rounds 1 to 45 were still in blocks; those were moved into the messages too (see the collection's "
    "README), so that the labels agree.",
    "- Round 46's lost lines were then read: the body's line under a writer's team and the time the law allows, "
    "said in a delay paragraph, are now kept (commits 3f59c7c and be6c9fb), so the round 46 row above is a "
    "development figure.",
    "- Round 47 (47 authorities: English and Welsh universities, colleges, academy trusts and schools, two of "
    "them Welsh-medium; Scottish integration joint boards, licensing boards, a travel scheme's joint committee "
    "and a college, Northern Irish boards and a council since abolished, a grammar school, a regeneration "
    "company, a GP practice and a policing partnership; UK and Welsh advisory committees, pay and remuneration "
    "bodies, an inspectorate and the Infrastructure and Projects Authority; English and Welsh parish, town and "
    "community councils, harbour commissions, a drainage board, a combined authority, a sub-national transport "
    "body, waste partnerships and a police and crime panel) was written by four writers who had not read the "
    "cleaner's code, the texture brief to the second and fourth, to round 46's brief with its rule on delays "
    "corrected: a statement of the time allowed for an answer is content, only the generic apology and the "
    "help around it a block. Names were checked against the collection and across the writers before any "
    "file was read (one authority already in the collection was dropped, unread). It was first scored with "
    "the cleaner of be6c9fb and a scorer trained on rounds 1 to 46 (as shipped there), frozen before any of "
    "its files was read: must-keep 99.85% (5851/5860, 9 lines in 6 messages), complaint_rights 100.0% "
    "(150/150), disclaimer 100.0% (280/280), signoff_block 80.5% (285/354), other_boilerplate 71.6% "
    "(83/116), no message emptied; without thread context 99.86% (8 lines). By brief: standard 99.74% "
    "(2280/2286), texture 99.92% (3571/3574). Of the 9 lines: 3 are a harbour commission's sentence that its "
    "voluntary reply carries no formal right of review (read as a rights paragraph); 3 a pronoun line "
    "(\"Rhagenwau/Pronouns: hi/she/her\") under a writer's title, which the collection's other writers put "
    "in the sign-off block 46 times in 49; 3 a secretariat's team and host body signed under a first name "
    "after a blank line, and on one line with pipes under the full name (over 80 characters). Most of the "
    "other_boilerplate blocks missed say what the body does and does not do (its remit, where else to go), "
    "which the scorer keeps. Its lost lines were then read: a title, team and organisation on one line "
    "under the name is now the signature's, so round 47 is a development set from here on.",
    "- Round 48 (48 authorities: NHS trusts in England, integrated care boards, GP, dental and pharmacy "
    "contractors and a staffing body; police and crime panels, policing partnerships, councils' youth justice "
    "services, museums, libraries and archives in all four nations; trading standards services, harbour, port "
    "and parking bodies, a rail freight company, a Northern Irish commissioner and appeals service; English, "
    "Scottish and Welsh councils, housing companies, pension funds, a planning joint committee and an "
    "integration joint board) was written by four writers who had not read the cleaner's code, the texture "
    "brief to the second and fourth, to round 47's brief with one rule added: a line of its own giving the "
    "writer's pronouns is the sign-off block's. Names were checked against the collection and across the "
    "writers before any file was read (none was dropped). It was first scored with the cleaner of 15ef25e "
    "and the scorer shipped there (trained on rounds 1 to 47, content margin 2.0), frozen before any of its "
    "files was read: must-keep 99.92% (6225/6230, 5 lines in 4 messages), complaint_rights 100.0% "
    "(163/163), disclaimer 100.0% (307/307), signoff_block 89.1% (394/442), other_boilerplate 76.1% "
    "(105/138), no message emptied; without thread context the same 5 lines (signoff_block 89.4%, "
    "other_boilerplate 76.8%). By brief: standard 99.87% (2302/2305), texture 99.95% (3923/3925). Of the 5 "
    "lines: 3 are two ports' sentences that a reply outside the Regulations carries no statutory right of "
    "review, or that a review was done voluntarily (read as rights paragraphs, like round 47's harbour "
    "commission); 2 a Welsh board's statement of the time it takes to answer, in Welsh and in English "
    '("We respond to requests for information within 20 working days."), which no timetable pattern '
    "read (Welsh, and in the present tense). Both are now read (this commit), so round 48 is a development "
    "set from here on.",
    "- Round 49 (48 authorities: universities, colleges and schools in all four nations; advisory committees, "
    "pay review bodies, a nuclear company and other central and devolved government bodies; town, parish and "
    "community councils, a drainage board, crematorium committees, commons conservators and local trusts; "
    "police and crime panels, policing partnerships, integration joint boards and GP and dental practices) was "
    "written by four writers who had not read the cleaner's code, the texture brief to the second and "
    "fourth, to round 48's brief (example files changed to round 48's). Names were checked against the "
    "collection and across the writers before any file was read (none was dropped). It was first scored with "
    "the cleaner of e5cb058 and the scorer shipped there (trained on rounds 1 to 48, content margin 2.0), "
    "frozen before any of its files was read: must-keep 99.92% (7408/7414, 6 lines in 3 messages), "
    "complaint_rights 100.0% (172/172), disclaimer 100.0% (314/314), signoff_block 91.3% (409/448), "
    "other_boilerplate 84.5% (87/103), no message emptied; without thread context the same 6 lines "
    "(signoff_block 90.8%, other_boilerplate 81.6%). By brief: standard 99.83% (3443/3449), texture 100.0% "
    "(3965/3965). The same scorer at content margin 1.0 lost 11 lines (other_boilerplate 87.4%). All 6 lines "
    "are signatures: a Welsh council's name, title and council lines, each bilingual and so long enough to be "
    "read as one wrapped unit with the address under them; a university's mailbox name in capitals ('UoB "
    "FOI'), read as a heading, and its name under it; a town council's name on its own line between the "
    "writer's title and the council's address, which the scorer read as the block's first line (the "
    "collection has such lines both ways, 364 in the message and 48 in the block, and the signature "
    "leaves them to the scorer). The first two are now read (this commit), so round 49 is a development "
    "set from here on.",
    "- Round 50 (48 authorities: ports, harbours, an airport, museums, galleries, archives and a heritage site; "
    "boundary, electoral, licensing and procedure-rule bodies, commissioners, an assessor and other regulators; "
    "Scottish housing associations and co-operatives, council housing companies, waste partnerships and leisure "
    "trusts; NHS trusts in England, commissioning support units, NHS bodies in Wales, GP practices, a pharmacy "
    "and an optician) was written by four writers who had not read the cleaner's code, the texture brief to "
    "the second and fourth, to round 49's brief (example files changed to round 49's). Names were checked "
    "against the collection and across the writers before any file was read (none was dropped). It was first "
    "scored with the cleaner of aa1435e and the scorer shipped there (trained on rounds 1 to 49, content "
    "margin 2.0), frozen before any of its files was read: must-keep 99.97% (6878/6880, 2 lines in 1 message), "
    "complaint_rights 100.0% (170/170), disclaimer 99.7% (316/317), signoff_block 86.0% (387/450), "
    "other_boilerplate 68.7% (79/115), no message emptied; without thread context the same 2 lines "
    "(signoff_block 85.3%, other_boilerplate 70.4%). By brief: standard 99.93% (3027/3029), texture 100.0% "
    "(3851/3851). The same scorer at content margin 1.0 lost 8 lines (signoff_block 86.9%, other_boilerplate "
    "79.1%). The 2 lines are a team's and a site's name signing a reply with no sign-off line under a table "
    "written as text, whose last row ends in a figure, not a full stop; that row now counts as the end of the "
    "answer (this commit), so round 50 is a development set from here on. Reading its signoff_block misses "
    "led to a second change: a line of the writer's pronouns ('Pronouns: she/her') now ends the signature, "
    "as the collection's rule has it (all 219 such lines in its authority mail are in blocks); with the same "
    "frozen scorer and both changes, round 50 keeps every line and signoff_block rises to 91.6% (412/450). "
    "Most of the other_boilerplate blocks missed are "
    "help text on the authority's services (pool timetables, patient advice, what a commissioner cannot take "
    "up, where to report fly-tipping), which reads like advice written for the request; the scorer leaned to "
    "a block for some of their sentences, but not enough to take a block that begins inside a line of kept "
    "text.",
    "- Round 51 (48 authorities: further education and sixth form colleges, academy trusts and schools, "
    "universities, a conservatoire and a school for blind children; town, parish and district councils, a "
    "Northern Ireland policing partnership, a pension fund, a licensing board and a revenues partnership; "
    "coroners' services, secure children's homes, a youth justice service, specialist police forces and "
    "bodies, a police authority board and an air ambulance service; advisory bodies, commissions, a fiscal "
    "council and review bodies of UK and devolved government, and a public corporation) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth, to round 50's "
    "brief (example files changed to round 50's). Names were checked against the collection and across the "
    "writers before any file was read (none was dropped; two are services hosted by bodies already in the "
    "collection, an air ambulance service by a health board and a constabulary by a botanic garden). It was "
    "first scored with the cleaner of b558f5c and the scorer shipped there (trained on rounds 1 to 50, content "
    "margin 2.0), frozen before any of its files was read: must-keep 99.99% (6720/6721, 1 line in 1 message), "
    "complaint_rights 98.9% (177/179), disclaimer 100.0% (324/324), signoff_block 96.2% (454/472), "
    "other_boilerplate 78.9% (86/109), no message emptied; without thread context the same line "
    "(signoff_block 95.8%, other_boilerplate 77.1%). By brief: standard 99.96% (2483/2484), texture 100.0% "
    "(4237/4237). The same scorer at content margin 1.0 lost the same line (signoff_block 96.6%, "
    "other_boilerplate 80.7%). The line is a council's name under its team's, both signing an "
    "acknowledgement under a bilingual sign-off, which the segmentation made one unit with nothing under it; "
    "the last line of such a unit now stays with the team's when a blank line is under it (this commit), "
    "so round 51 is a development set from here on. Most of the other_boilerplate blocks missed are again "
    "help text about the authority's services (whom to call about a child's safety, bereavement support, "
    "reporting damage in a park, what a commission cannot investigate); most signoff_block misses are "
    "contact lines that the segmentation joined to the organisation's line above them, or that sign a "
    "message with no sign-off line.",
    "- Round 52 (48 authorities: national landscapes, a regional park, a commoners' council, a drainage board, "
    "a forest partnership, a tramway, a transport partnership, regeneration and water companies; GP and "
    "dental practices, opticians and pharmacies in Scotland and Northern Ireland; council archives, "
    "crematoria, register offices, trading standards and scientific services; research councils, funding "
    "bodies, an advisory council, a marine science association, universities and a conservatoire) was "
    "written by four writers who had not read the cleaner's code, the texture brief to the second and "
    "fourth, to round 51's brief (example files changed to round 51's). Names were checked against the "
    "collection and across the writers before any file was read (none was dropped; five are services or "
    "companies of bodies already in the collection: four councils' services and a water company's "
    "subsidiary). It was first scored with the cleaner of 1e8892e and the scorer shipped there (trained on "
    "rounds 1 to 51, content margin 2.0), frozen before any of its files was read: must-keep 100.0% "
    "(6146/6146), complaint_rights 100.0% (169/169), disclaimer 99.7% (309/310), signoff_block 93.7% "
    "(418/446), other_boilerplate 83.3% (110/132), no message emptied; without thread context also 100.0% "
    "(signoff_block 93.3%, other_boilerplate 83.3%). By brief: standard 100.0% (2244/2244), texture "
    "100.0% (3902/3902). The same scorer at content margin 1.0 also kept every line (signoff_block 95.1%, "
    "other_boilerplate 87.1%). The other_boilerplate blocks missed are help text about the authority's "
    "services (flooding, livestock on the commons, ordering certificates or documents, what a team cannot "
    "investigate); most signoff_block misses are contact lines under a practice's or a company's one-line "
    "signature.",
    "- Round 53 (47 authorities: housing associations and co-operatives, council housing companies, "
    "development companies and partnerships, a rent officers' service; museums, a castle, a zoo, theatres, "
    "library, leisure and sport services; tribunals and their administrations, legal aid and public defence "
    "services, courts offices, a coroner's service, a vetting service, a taxi licensing service; NHS trusts, "
    "integrated care boards, a blood service and GP practices) was written by four writers who had not "
    "read the cleaner's code, the texture brief to the second and fourth, to round 52's brief (example "
    "files changed to round 52's). Names were checked against the collection and across the writers "
    "before any file was read: two writers wrote the same tribunal, and one of the two files was dropped. "
    "31 of the 47 are services or companies of bodies already in the collection (councils' housing, "
    "culture and leisure services, courts offices, government units, a blood service of an NHS trust); "
    "they were kept, as they send their own mail, but the figures are also given apart. It was first "
    "scored with the cleaner of 40356cd and the scorer shipped there (trained on rounds 1 to 52, content "
    "margin 2.0), frozen before any of its files was read: must-keep 99.98% (5879/5880, 1 line), "
    "complaint_rights 100.0% (159/159), disclaimer 99.7% (303/304), signoff_block 96.3% (365/379), "
    "other_boilerplate 72.9% (97/133), no message emptied; without thread context the same line "
    "(disclaimer 100.0%, signoff_block 95.8%, other_boilerplate 71.4%). By brief: standard 100.0% "
    "(2258/2258; signoff_block 98.9%, other_boilerplate 64.4%), texture 99.97% (3621/3622; 93.8%, 79.7%). "
    "The 16 authorities whose body is new to the collection: must-keep 99.95% (2042/2043), signoff_block "
    "90.2% (119/132), other_boilerplate 76.6% (36/47); the 31 others: 100.0% (3837/3837), 99.6% (246/247), "
    "70.9% (61/86): a parent body's names and addresses in the training material help with the sign-off "
    "block. The same scorer at content margin 1.0 lost the same line (signoff_block 97.1%, "
    "other_boilerplate 78.2%). The line is a practice manager's reply from a phone, her name run on after "
    "the last sentence over the mail app's line; a heading joins the block under it only from a line of "
    "its own or after a sentence the block takes (commit f485152), which keeps it, so round 53 is a "
    "development set from here on. The other_boilerplate blocks missed are again help text about the "
    "authority's services (booking the archives' search room, box office hours, school visits, what a "
    "tribunal's staff cannot advise on), some of it about the same matter as the request, which the "
    "cleaner keeps for precision.",
    "- Round 54 (48 authorities: schools, academy trusts, sixth-form and further education colleges, a "
    "university and an Oxford college, in all four nations; police and crime panels, a park constabulary, "
    "fire control, emergency planning and resilience services, an avalanche forecasting service, a fire "
    "inspectorate; town, city and community councils in England and Wales, a crematorium and a burial "
    "committee, a port health authority; executive agencies, commissioners and units of UK, Scottish, "
    "Welsh and Northern Ireland departments) was written by four writers who had not read the cleaner's "
    "code, the texture brief to the second and fourth, to round 53's brief (example files changed to "
    "round 53's). Names were checked against the collection and across the writers before any file was "
    "read; none was dropped. 17 of the 48 are services or units of bodies already in the collection (a "
    "department's agency or unit, a council's emergency planning service). It was first scored with the "
    "cleaner of 05141dc and the scorer shipped there (trained on rounds 1 to 53, content margin 2.0), "
    "frozen before any of its files was read: must-keep 100.0% (6532/6532), complaint_rights 100.0% "
    "(162/162), disclaimer 100.0% (333/333), signoff_block 90.7% (323/356), other_boilerplate 70.2% "
    "(87/124), no message emptied; without thread context the same must-keep (signoff_block 89.6%, "
    "other_boilerplate 70.2%). By brief: standard 100.0% (2286/2286; signoff_block 94.6%, "
    "other_boilerplate 62.3%), texture 100.0% (4246/4246; 86.6%, 76.1%). The 31 authorities whose body is "
    "new to the collection: signoff_block 94.6% (229/242), other_boilerplate 68.0% (51/75); the 17 others: "
    "82.5% (94/114), 73.5% (36/49). The same scorer at content margin 1.0 lost 2 lines in one message "
    "(signoff_block 91.6%, other_boilerplate 71.8%). The other_boilerplate blocks missed are again help "
    "text about the authority's own services (admissions, burials and memorials, hall bookings, grants, "
    "avalanche reports, emergency calls), and four acknowledgements' generic line on clarification (\"If "
    'we need more information from you ..., we will contact you") as a paragraph of its own after the '
    "due date: the cleaner keeps that line as what may yet happen to the timetable, which is how other "
    "acknowledgements of the collection label it (made a block, the five folds lost ten such lines for "
    "31 more blocks). Most signoff_block misses are the organisation's name at the head of its block, "
    "which the cleaner keeps as the signature's, and a first contact line whose number is written in "
    'pairs ("Telephone: 03000 41 41 41"), which the signature took; after the scoring, a line that '
    "opens with a phone number's label ends the signature however the number is grouped, and an "
    "acknowledgement's sentence on which law the request is dealt with under stays (the retrained scorer "
    "had lost it in sample).",
    "- Round 55 (47 authorities: harbours, trust ports, ferries, a transporter bridge, an airport and a "
    "regional transport body; councils' shared services and joint bodies (revenues and benefits, building "
    "control, anti-fraud, environmental health, registration, crematoria, waste and ICT partnerships), "
    "trading standards; water companies, energy and fusion companies in public hands, a waste company, "
    "national landscapes, a drainage board, a flood committee and a salmon fishery board; prisons, young "
    "offender institutions, secure units, probation services, youth justice services and a prison "
    "monitoring board) was written by four writers who had not read the cleaner's code, the texture brief "
    "to the second and fourth, to round 54's brief (example files changed to round 54's). Names were "
    "checked against the collection and across the writers before any file was read: two writers wrote the "
    "same harbour, and one of the two files was dropped. 18 of the 47 are services of bodies already in the "
    "collection. It was first scored with the cleaner of f64d3f4 and the scorer shipped there (trained on "
    "rounds 1 to 54, content margin 2.0), frozen before any of its files was read: must-keep 99.92% "
    "(6069/6074; 5 lines in 4 messages), complaint_rights 99.4% (154/155), disclaimer 99.4% (317/319), "
    "signoff_block 83.6% (310/371), other_boilerplate 59.2% (74/125), no message emptied; without thread "
    "context the same lines (disclaimer 100.0%, signoff_block 82.7%, other_boilerplate 59.2%). By brief: "
    "standard 99.91% (2291/2293; signoff_block 73.7%, other_boilerplate 57.6%), texture 99.92% (3778/3781; "
    "94.4%, 60.6%). The 29 authorities whose body is new to the collection: must-keep 99.89% (3743/3747), "
    "signoff_block 84.7% (194/229), other_boilerplate 58.3% (42/72); the 18 others: 99.96% (2326/2327), "
    "81.7% (116/142), 60.4% (32/53). The same scorer at content margin 1.0 lost 8 lines in 6 messages "
    "(signoff_block 86.0%, other_boilerplate 60.8%). The lost lines: a team named in sentence case "
    '("Administration team") over its organisation, signing a delay notice with no sign-off line, which '
    'the scorer took with the sign-off block under it (a team\'s name with "team" in lower case is a team '
    "line since); two out-of-office lines that say whom "
    "to write to while the writer is away, which the collection labels both ways (of some 110 sentences "
    "that speak of the writer's absence, about half are in blocks); and the Welsh half of an "
    "auto-reply's line on when the mailbox is read, which speaks of mail in general and so, by the "
    "collection's rule, is help text: it was made a block after the scoring, as was one such sentence of "
    "round 46 that the scorer retrained with round 55 stripped. With both changes the same frozen scorer "
    "loses the two out-of-office lines only (6071/6073). Most signoff_block misses are again the organisation's "
    "name at the head of its block, which the cleaner keeps as the signature's (a harbour's or a council's "
    "bilingual name over its address); the other_boilerplate blocks missed are help text about the "
    "authority's own services (ferry timetables, berthing, visits to prisoners, bins and recycling).",
    "- Round 56 (48 authorities: arts, culture, sport and heritage (record offices and archives in all four "
    "nations, one in Gaelic and English, a botanic garden, a royal park and a royal palace, a screen agency, "
    "an outdoor centre, council leisure and library services); justice and law (coroners' services, a "
    "tribunal chamber and a tribunal, a fatalities investigation unit, forensic services, a police "
    "complaints office in Welsh, victims' commissioners and a victim and witness care unit, a case review "
    "panel, a legal assistance office); health bodies other than hospital trusts (GP practices, one in "
    "Welsh, a GP federation, an integrated care board, screening programmes, a blood transfusion service, "
    "practitioner and primary care support services, a dental complaints service, a public health "
    "office); housing, land and place (council housing companies and services, a housing association, a "
    "development company, a city deal, a forest, town councils, planning services, a mapping agency)) was "
    "written by four writers who had not read the cleaner's code, the texture brief to the second and "
    "fourth (the first also used some of it), to a brief written afresh in round 55's terms (the earlier "
    "briefs were lost with a machine; the rules are the collection README's). Names were checked against "
    "the collection and across the writers before any file was read; one writer replaced a body it found "
    "already there. 37 of the 48 are services of bodies already in the collection. It was first scored "
    "with the cleaner of 277c5d5 and the scorer shipped there (trained on rounds 1 to 55, content margin "
    "2.0), frozen before any of its files was read: must-keep 99.90% (5909/5915; 6 lines in 4 messages), "
    "complaint_rights 100.0% (200/200), disclaimer 99.4% (341/343), signoff_block 87.1% (196/225), "
    "other_boilerplate 72.3% (112/155), no message emptied; without thread context 99.92% (5 lines; "
    "signoff_block 84.9%, other_boilerplate 70.3%). By brief: standard 99.96% (2652/2653; signoff_block "
    "78.1%, other_boilerplate 69.6%), texture 99.85% (3257/3262; 95.0%, 76.2%). The 11 authorities whose "
    "body is new to the collection: must-keep 100.0% (1213/1213), signoff_block 87.3% (48/55), "
    "other_boilerplate 80.0% (24/30); the 37 others: 99.87% (4696/4702), 87.1% (148/170), 70.4% (88/125). "
    "The lost lines: a team, its directorate and its council on one line with pipes under the writer's "
    "title (three cells; a team line had two at most: it may have three since, when one of the first two "
    "names a part of a body); an out-of-office line in Welsh saying whom to write to, which the "
    "collection labels both ways; re-use terms written for this response (three lines); and a Gaelic line "
    "of advice on where the digitised recordings can be heard, next to the archive's standard visiting "
    "text. After the scoring, 9 uses of 8 sign-off blocks whose first line was the organisation's or "
    "team's name run straight on under the writer's title were relabelled by the collection's rule (that "
    "line is the signature's): the line was moved out of its block into the message, as was done for "
    "rounds 1 to 30; the rendered messages are unchanged. So relabelled, the same frozen scorer keeps "
    "5918 of 5924 lines, signoff_block 90.2% (203/225). The other_boilerplate blocks missed are again "
    "help text about the authority's own services (search rooms, blood donation, screening appointments, "
    "reporting repairs, market trading, planning advice) and acknowledgements' generic lines on "
    "clarification; most signoff_block misses are a second name line (the organisation's, or the same "
    "name again) over the address.",
    "- Round 57 (48 authorities: education beyond the classroom (admissions, special needs, music, school "
    "transport and Gaelic-medium services, a careers service, a youth service, university libraries, "
    "collections, a museum and an estates department); transport, roads and parking (toll bridges, a "
    "subway, concessionary travel and blue badges, parking, highways and fleet services, a transport "
    "regulation unit); environment, farming, animals and fisheries (pest control, county farms, animal "
    "health and welfare, a bee unit, a national landscape, marine and fisheries, rural payments, a "
    "river commission, a ranger service, a veterinary service); central government agencies and their "
    "offices (child maintenance, visas, bona vacantia, redundancy payments, legalisation, child benefit, "
    "student finance, registration, a treasure office, hardship funds)) was written by four writers who "
    "had not read the cleaner's code, the texture brief to the second and fourth, to round 56's brief "
    "(example files changed to round 56's; it also restated the collection's rule that the team's or "
    "organisation's name straight under the writer's title is the signature's). Names were checked against "
    "the collection and across the writers before any file was read. 44 of the 48 are services of bodies "
    "already in the collection. It was first scored with the cleaner of f8a63e6 and the scorer shipped "
    "there (trained on rounds 1 to 56, content margin 2.0), frozen before any of its files was read: "
    "must-keep 99.98% (5783/5784; 1 line in 1 message), complaint_rights 100.0% (203/203), disclaimer "
    "98.3% (348/354), signoff_block 94.2% (146/155), other_boilerplate 66.2% (104/157), no message "
    "emptied; without thread context 100.0% (signoff_block 93.5%, other_boilerplate 65.0%). By brief: "
    "standard 100.0% (2533/2533; signoff_block 98.3%, other_boilerplate 64.0%), texture 99.97% "
    "(3250/3251; 91.7%, 69.0%). The 4 authorities whose body is new to the collection: must-keep 100.0% "
    "(441/441), signoff_block 100.0% (14/14), other_boilerplate 72.7% (8/11); the 44 others: 99.98% "
    "(5342/5343), 93.6% (132/141), 65.8% (96/146). The lost line: a whole signature on one line under the "
    "sign-off that ends with the office's address (\"Name | FOI Officer | Corporate Governance | London "
    "Councils | 59\u00bd Southwark Street, London SE1 0AL\"); such a line is the writer's since, as one "
    "that ends with the writer's phone was made just before. The disclaimer misses are one body's "
    "external-mail banner between rows of asterisks (six messages, 68% to 80% of each stripped), whose "
    '"This email has been received from an external party" the cleaner kept as an acknowledgement that '
    "the request arrived (it no longer does). Most "
    "other_boilerplate misses are acknowledgements' paragraph of generic help that opens with the "
    'condition on clarification ("If we need further information from you ..., we will contact you. '
    'Please note that some information may be exempt ..."), which the cleaner kept whole as what may yet '
    "happen to the request's timetable (18 blocks), and help text about each service (tolls, parking "
    "charges, blue badges, admissions, pest control bookings). After the scoring, such a condition that "
    "opens a paragraph going on with text the scorer reads as help by a wide margin, and saying nothing "
    "more of the request, is that help text's. With the three changes the same frozen scorer keeps every "
    "answer line of round 57 and removes disclaimer 100.0% (354/354), signoff_block 94.2% and "
    "other_boilerplate 75.2% (118/157) (development figures). Retrained with round 57, the scorer lost in "
    'sample one sentence of round 36 on the time the law allows for an answer ("The Freedom of '
    'Information Act asks public authorities to respond within 20 working days."): such a sentence is '
    'read with "asks" and "expects" as with "requires" since.',
    "- Round 58 (48 authorities: police forces' custody, professional standards, motorway, vetting, firearms "
    "and safety camera units, a fire control service and a fire protection department, an NHS 111 service, "
    "patient transport and a retrieval service, the coastguard; councils' adult social care, adoption and "
    "fostering services, a secure children's home, family hubs, safeguarding partnerships and a child "
    "protection committee, a social work emergency service and a carers' service; inspectorates' and "
    "regulators' units and regional offices, an ombudsman's complaints standards authority, a whistleblowing "
    "officer and a standards commissioner; councils' council tax, licensing, electoral, bereavement, waste "
    "enforcement, registration, building standards and building control services) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth, to round 57's "
    "brief (example files changed to round 57's). Names were checked against the collection and across the "
    "writers before any file was read. 44 of the 48 are services of bodies already in the collection. It was "
    "first scored with the cleaner of da7c1de and the scorer shipped there (trained on rounds 1 to 57, content "
    "margin 2.0), frozen before any of its files was read: must-keep 99.93% (5377/5381; 4 lines in 4 "
    "messages), complaint_rights 97.5% (193/198), disclaimer 98.1% (352/359), signoff_block 95.3% (181/190), "
    "other_boilerplate 83.3% (145/174), no message emptied; without thread context 99.94% (signoff_block "
    "94.2%, other_boilerplate 81.6%). By brief: standard 99.92% (2439/2441; signoff_block 95.0%, "
    "other_boilerplate 75.9%), texture 99.93% (2938/2940; 95.6%, 90.8%). The 4 authorities whose body is new "
    "to the collection: must-keep 100.0% (529/529), signoff_block 92.3% (12/13), other_boilerplate 90.0% "
    "(18/20); the 44 others: 99.92% (4848/4852), 95.5% (169/177), 82.5% (127/154). The same scorer at content margin 1.0 lost the same 4 lines (signoff_block "
    "95.8%, other_boilerplate 83.9%). The lost "
    "lines: an acknowledgement's request to quote its reference, written last, under its help text and "
    "re-use terms (the collection puts such requests in messages and in blocks); a review's outcome with the "
    'review itself as the subject ("The review therefore upholds the original response."), which the '
    "scorer ran into the Commissioner sentence after it (such an outcome is read as one since, and the line "
    "is kept); a delay notice's sentence on the right to a review of the failure to respond, written in the "
    "message (the collection has such sentences both ways); and an answer's sentence on what the retrieval "
    "team does while it travels, which reads like the service's help text. The complaint_rights misses are "
    "one police unit's rights paragraph that opens with an offer of further help (five messages, 84% of "
    "each stripped); the disclaimer misses a one-line pointer to the disclaimer at the message's end (seven "
    "messages); the other_boilerplate misses again help text about each service (dog licences, dashcam "
    "footage, volunteering, whistleblowing, super-complaints, vetting) and acknowledgements' generic lines.",
    "- Round 59 (48 authorities: hospital, mental health and community trusts' and health boards' departments "
    "and services in all four nations (health records, pharmacy, estates and facilities, research and "
    "innovation, patient advice and liaison, workforce and human resources, a hospital charity, perinatal and "
    "children's mental health and crisis services); councils' environment and street services (trading "
    "standards, environmental health, parks, markets, waste and recycling, cleansing, flood risk, a dog warden "
    "service, bereavement services); central and devolved government's agencies' units (land charges, "
    "insolvency investigations, a money claims centre, district valuers, a meteorological library, rights of "
    "way casework, Welsh and Scottish Government divisions, land registers, procurement, a compensation "
    "scheme); ports, harbours, airports, a development corporation, a combined authority's business growth "
    "service, councils' economic development teams, an enterprise agency's area office, an estate and an "
    "investment agency's regional office) was written by four writers who had not read the cleaner's code, "
    "the texture brief to the second and fourth, to round 58's brief (example files changed to round 58's). "
    "Names were checked against the collection and across the writers before any file was read. 47 of the 48 "
    "are services of bodies already in the collection. It was first scored with the cleaner of 17aa42d and "
    "the scorer shipped at e319813 (trained on rounds 1 to 58, content margin 2.0), frozen before any of its "
    "files was read: must-keep 99.94% (5244/5247; 3 lines in 2 messages), complaint_rights 100.0% (212/212), "
    "disclaimer 100.0% (365/365), signoff_block 95.7% (179/187), other_boilerplate 75.8% (125/165), no "
    "message emptied; without thread context 99.94% (complaint_rights 99.5%, signoff_block 95.2%, "
    "other_boilerplate 75.2%). By brief: standard 99.91% (2306/2308; signoff_block 98.6%, other_boilerplate "
    "69.0%), texture 99.97% (2938/2939; 93.8%, 82.7%). The same scorer at content margin 1.0 lost 6 lines "
    "(99.89%; signoff_block 96.3%, other_boilerplate 78.2%). The lost lines: a Welsh apology for the delay "
    "(the collection labels such apologies both ways, some 300 times as help text and 230 as the message's), "
    "and a patient advice service's heading and sentence on where its office is and when it is open, written "
    "in an answer, which read like the service's help text. The signoff_block misses are address lines under "
    "the signature that name no street (a floor, a building, a town) and logos over a service's lines; the "
    "other_boilerplate misses are again help text about each service (allotments, bulky uplifts, dog licences, "
    "parking, copies of health records, research registers, land searches), acknowledgements' generic help "
    "kept for an amount or a condition (the cost limit; such help after the request's timetable goes since, "
    "when the scorer reads it as help text), a note under the sign-off that the letter is not signed, and a "
    "department's letterhead in three languages.",
    "- Round 60 (48 authorities: public and community health services (councils' public health and drug and "
    "alcohol teams, sexual health, immunisation, screening, health visiting, school nursing and community "
    "dental services, public health agencies' units); justice and rehabilitation (probation, youth justice "
    "services, prisons and a juvenile justice centre in all four nations, prosecutors' areas and a victims' "
    "service, justice social work, a legal aid team); defence, research, sport and tourism bodies (defence "
    "units, a medal office, a training estate, a reserve forces' association, research laboratories, national "
    "sports centres, tourism certification, visitor centres); water, environment and forestry bodies (water "
    "companies' development services, environment agencies' areas and units, forest districts and regions, "
    "national parks' planning and ranger services, a combined authority's waste team, a council's fleet "
    "service)) was written by four writers who had not read the cleaner's code, the texture brief to the "
    "second and fourth, to round 59's brief (example files changed to round 59's). Names were checked "
    "against the collection and across the writers before any file was read. 46 of the 48 are services of "
    "bodies already in the collection. It was first scored with this stop's final cleaner, 18f4736, and the "
    "scorer shipped there (trained on rounds 1 to 59, content margin 2.0), frozen before any of its files was "
    "read: must-keep 99.98% (5176/5177; 1 line), complaint_rights 98.1% (212/216), disclaimer 98.0% "
    "(347/354), signoff_block 93.8% (182/194), other_boilerplate 79.9% (143/179), no message emptied; "
    "without thread context 99.98% (other_boilerplate 79.3%). By brief: standard 99.96% (2325/2326; "
    "signoff_block 96.2%, other_boilerplate 74.7%), texture 100.0% (2851/2851; 91.0%, 85.7%). The same "
    "scorer at content margin 1.0 lost the same line (disclaimer 98.9%, signoff_block 93.8%, other_boilerplate "
    "81.6%). The lost line "
    "is a defence unit's invitation to ask about the letter, written in the message after the answer (the "
    "collection has such invitations both ways). The disclaimer misses are one health agency's one-line "
    "pointer to the disclaimer at the message's end, written above the greeting (seven messages; round 58 "
    "had the same line, once); the complaint_rights misses a legal aid team's review text, whose sentence on "
    "where to ask for a review and the address under it were kept (three messages), and part of one "
    "Commissioner paragraph; the other_boilerplate misses "
    "again help text about each service (medals, service records, vaccinations in school, drug services, "
    "forest visits, tourist accommodation) and acknowledgements' generic help, including which law a "
    "request is dealt with under, said as a condition of what the information is about. After the scoring, "
    "2 uses of 2 sign-off blocks that began with the organisation's name run straight on under the writer's "
    "title were relabelled by the collection's rule (the name moved into the message; rendered messages "
    "unchanged): with the same frozen scorer, must-keep 99.98% (5178/5179), signoff_block 94.8% (184/194).",
    "- Round 61 (48 authorities: councils' housing, revenues and registration services (housing options and "
    "homelessness, housing repairs, council tax, business rates and benefits, electoral services, registrars, "
    "a housing executive's benefit team, a rates collection unit); highways, parking and transport services "
    "(street lighting, parking enforcement, blue badges, school travel assistance, bus services, roads "
    "divisions, transport planning, a transport agency's directorate); libraries, archives, leisure and "
    "learning services (record offices, a library service and a culture trust, a county museum, adult "
    "learning, music services, school admissions, an education directorate); social work and children's "
    "services (adult social care, safeguarding, fostering and adoption, deprivation of liberty, occupational "
    "therapy, children and families social work, a regional adoption agency)) was written by four writers who "
    "had not read the cleaner's code, the texture brief to the second and fourth, to round 60's brief "
    "(example files changed to the new sectors'). Names were checked against the collection and across the "
    "writers before any file was read. 45 of the 48 are services of bodies already in the collection. It was "
    "first scored with the cleaner of 5928749 (round 60's final cleaner) and the scorer shipped there "
    "(trained on rounds 1 to 60, content margin 2.0), frozen before any of its files was read: must-keep "
    "99.98% (5535/5536; 1 line), complaint_rights 100.0% (218/218), disclaimer 100.0% (353/353), "
    "signoff_block 98.7% (229/232), other_boilerplate 80.4% (135/168), no message emptied; without thread "
    "context 100.0% (5536/5536; other_boilerplate 78.0%). By brief: standard 99.96% (2499/2500; "
    "signoff_block 97.0%, other_boilerplate 72.2%), texture 100.0% (3036/3036; 100.0%, 87.6%). The same "
    "scorer at content margin 1.0 lost 4 lines (99.93%; other_boilerplate 83.9%). The lost line is the "
    "first sentence of a housing benefit team's advice to one requester on when a decision on their "
    "application is usually made, whose paragraph goes on as help text does. The signoff_block misses are "
    'a direct line under a signature whose Welsh sign-off ("Pob hwyl,") was not recognised (it is now), '
    "a telephone line under a signature sent on another's behalf, and part of a music service's block; the "
    "other_boilerplate misses again help text about each service (school admissions' timetables, library "
    "membership, archives' visits and research service, rates payments, homelessness advice, travel "
    "assistance, parking penalties) and acknowledgements' generic help kept as what may happen to the "
    'request or for an amount (the latter goes now where the timetable was said as "we will send our '
    'response by", "is due by" or "will aim to reply by", and for fees and charges as for the cost '
    "limit). No file needed relabelling.",
    "- Round 62 (48 authorities: police forces' departments and police and crime commissioners' offices "
    "(information rights, professional standards, vetting, firearms licensing, road policing, collision "
    "investigation, custody and criminal justice, policing districts and divisions, complaint reviews, "
    "commissioning); fire and rescue and ambulance services' departments (fire investigation, prevention, "
    "business fire safety, fleet and estates, a local senior officer area, patient experience, health records, "
    "NHS 111, a hazardous area response team, community first responders); universities' and colleges' "
    "professional services (research governance, careers, student finance and funding, registry, exams, "
    "international recruitment, wellbeing and disability, learner services, estates, admissions, student "
    "support); central and devolved government's operational units (pensions, debt management, disability "
    "benefits, a jobcentre district, tax offices, immigration enforcement, a benefit uptake service, a "
    "devolved disability payment, a marine directorate, a childcare offer)) was written by four writers who "
    "had not read the cleaner's code, the texture brief to the second and fourth, to round 61's brief (example "
    "files changed to the new sectors'). Names were checked against the collection and across the writers "
    "before any file was read. 47 of the 48 are services of bodies already in the collection. It was first "
    "scored with the cleaner of cdfdf84 (round 61's final cleaner) and the scorer shipped there (trained on "
    "rounds 1 to 61, content margin 2.0), frozen before any of its files was read: must-keep 99.81% "
    "(5900/5911; 11 lines in 3 messages), complaint_rights 98.4% (243/247), disclaimer 100.0% (360/360), "
    "signoff_block 96.7% (203/210), other_boilerplate 81.8% (135/165), no message emptied; without thread "
    "context 99.97% (5909/5911; complaint_rights 98.0%, other_boilerplate 81.2%). By brief: standard 100.0% "
    "(2568/2568; signoff_block 96.7%, other_boilerplate 78.7%), texture 99.67% (3332/3343; 96.6%, 85.5%). "
    "The same scorer at content margin 1.0 lost 26 lines (99.56%; signoff_block 97.6%, other_boilerplate 83.6%). The lost lines: a jobcentre district's table of its offices' opening days and hours, laid out "
    "with spaces in the answer, which the scorer read as a block's opening hours (9 rows), and two "
    'writers\' full signatures under their first names alone ("Colm" over "Colm Beattie", "Rachael" '
    'over "Rachael Imrie | Marine Directorate Compliance | Scottish Government"). Both are kept now (a '
    "table laid out with spaces before the sign-off stays, and so does a full signature under the first "
    "name): development fixes, the code changed after these files were read. The complaint_rights misses "
    "are a police service's offer of further help over its review text, kept with it (three messages), and "
    "a sentence on complaining about delay; the signoff_block misses a benefit campaign's slogan and "
    "freephone lines, a police service's address and 101 line in cells apart by pipes, a fire service's "
    "and a careers service's address blocks; the other_boilerplate misses acknowledgements' generic help on "
    "how a request is handled (passed to the department that holds the information, consultation, "
    "publication) and help text about each service (bursary payments, first responders, collision reports, "
    "access to one's own records, the childcare offer, booking careers appointments). No file needed "
    "relabelling.",
    "- Round 63 (48 authorities: councils' corporate services (legal, democratic, human resources and "
    "payroll, internal audit, procurement, communications, ICT, property, finance); schools and academy "
    "trusts (nursery, primary, secondary, special, Welsh-medium, Gaelic-medium and integrated schools, a "
    "multi-academy trust); legislatures', heritage bodies' and arts councils' teams (parliamentary research, "
    "library, archives and allowances offices, heritage bodies' listing, designation and monuments teams, "
    "arts councils' areas and programmes, a national screen and sound archive); pharmacies, dental practices "
    "and opticians holding NHS contracts, GP out-of-hours and urgent care services) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth, to round 62's "
    "brief (example files changed to the new sectors'). Names were checked against the collection and across "
    "the writers before any file was read; five real supply agencies that one writer named as a school "
    "trust's were replaced with invented names before the scoring. 28 of the 48 are services of bodies "
    "already in the collection. It was first scored with the cleaner of c8b4fb1 (round 62's final cleaner) "
    "and the scorer shipped there (trained on rounds 1 to 62, content margin 2.0), frozen before any of its "
    "files was read: must-keep 100.0% (5741/5741), complaint_rights 99.5% (202/203), disclaimer 99.7% "
    "(346/347), signoff_block 98.6% (279/283), other_boilerplate 84.8% (128/151), no message emptied; without "
    "thread context 100.0% (other_boilerplate 84.1%). By brief: standard 100.0% (2418/2418; signoff_block "
    "99.1%, other_boilerplate 78.7%), texture 100.0% (3323/3323; 98.2%, 94.7%); 20 new bodies 100.0% "
    "(2686/2686; other_boilerplate 92.2%), 28 services 100.0% (3055/3055; 81.0%). The same scorer at content "
    "margin 1.0 lost 3 lines (99.95%; signoff_block 98.9%, other_boilerplate 86.1%). No answer "
    "line was lost. The misses: a school's review paragraph whose heading and first sentence name the "
    "clerk to the governors, a re-use notice written as a paragraph, a pharmacy's bilingual address block "
    "and a parliament's and a school's contact lines, and on the other_boilerplate side acknowledgements' "
    "generic help (what the law gives a right to, how a request is dealt with, what is already published, "
    "a council's history as the successor of older councils) and help text about each service (heritage "
    "designations and visits, beach huts, contract opportunities, a parliament's research service, a "
    "response's own heading lines). No file needed relabelling.",
    "- Round 64 (48 authorities: Scottish housing associations and a co-operative, arm's-length management "
    "organisations, council-owned companies and leisure trusts; NHS trusts' and health boards' corporate "
    "teams (information governance, patient advice and concerns, workforce, procurement, estates and fleet) "
    "in all four nations; museums, galleries and botanic gardens of councils, universities and national "
    "bodies; ombudsmen's and commissioners' teams, professional regulators' units and tribunals' offices) "
    "was written by four writers who had not read the cleaner's code, the texture brief to the second and "
    "fourth, to round 63's brief (example files changed to the new sectors'). Names were checked against the "
    "collection and across the writers before any file was read (none was dropped). 28 of the 48 are "
    "services of bodies already in the collection. It was first scored with the cleaner of c73f28a (round "
    "63's final cleaner) and the scorer shipped there (trained on rounds 1 to 63, content margin 2.0), "
    "frozen before any of its files was read: must-keep 99.95% (5484/5487; 3 lines in 3 messages), "
    "complaint_rights 100.0% (213/213), disclaimer 99.1% (333/336), signoff_block 86.6% (233/269), "
    "other_boilerplate 85.2% (132/155), no message emptied; without thread context the same 3 lines "
    "(other_boilerplate 85.8%). By brief: standard 99.91% (2332/2334; signoff_block 78.8%, "
    "other_boilerplate 84.9%), texture 99.97% (3152/3153; 94.7%, 85.4%); 20 new bodies 99.91% (2244/2246; "
    "signoff_block 76.9%, other_boilerplate 83.3%), 28 services 99.97% (3240/3241; 94.6%, 86.7%). The same "
    "scorer at content margin 3.0, the margin chosen on the five folds before the round was read, lost the "
    "same 3 lines (without thread context 1), with signoff_block 84.0% and other_boilerplate 82.6%; at 1.0 "
    "it lost 9 lines (99.84%; 88.1%, 89.0%). The lost lines: a patient advice service's team and trust on "
    "one line with a pipe under the writer's title, which was no team line because the service's name holds "
    'a heading\'s word ("Advice"; it is one since, when the first cell names a unit of the body), and two '
    "answers' last sentences on how to join a waiting list and where the day's opening times are shown, "
    "which read like the service's help text. Most signoff_block misses are the organisation's name again "
    "heading its block under a signature that already names it, which the signature took in or the scorer "
    "kept (the signature now stops at it, and it heads the block under it: signoff_block 91.4% with the same "
    "frozen scorer, a development figure), and names with more cells or a company's suffix under the "
    "signature, which the collection labels both ways. The other_boilerplate misses are again help text "
    "about each service (hearings, visiting, complaints to an adjudicator, which bodies a tribunal is and "
    "is not) and acknowledgements' generic help; the disclaimer misses one body's quoted one-sentence "
    "disclaimer under the signature. No file needed relabelling: every block run on under the writer's "
    "lines begins with the organisation's name again or a service's name under its council's.",
    "- Round 65 (48 authorities: fire and rescue and ambulance services' departments (information governance, "
    "fire protection and prevention, control rooms, people services, patient experience, community first "
    "responders, asset management) in all four nations; further education, sixth-form and specialist colleges "
    "and universities' corporate offices (registry, admissions, student funding, estates, governance); "
    "combined authorities' and national park authorities' services, a joint committee, a ferry service and "
    "transport partnerships' and executives' services; arm's-length bodies and agencies of the devolved "
    "governments in Northern Ireland, Wales and Scotland) was written by four writers who had not read the "
    "cleaner's code, the texture brief to the second and fourth, to round 64's brief (example files changed to "
    "the new sectors'). Names were checked against the collection and across the writers before any file was "
    "read (none was dropped). 40 of the 48 are services of bodies already in the collection. It was first "
    "scored with the cleaner of a54a07d (round 64's final cleaner) and the scorer shipped there (trained on "
    "rounds 1 to 64, content margin 3.0), frozen before any of its files was read: must-keep 100.0% "
    "(6078/6078), complaint_rights 100.0% (254/254), disclaimer 99.7% (341/342), signoff_block 95.3% "
    "(325/341), other_boilerplate 85.9% (140/163), no message emptied; without thread context must-keep "
    "100.0% (other_boilerplate 84.7%). By brief: standard 100.0% (3066/3066; signoff_block 94.0%, "
    "other_boilerplate 77.2%), texture 100.0% (3012/3012; 96.5%, 97.2%); 8 new bodies 100.0% (981/981; "
    "signoff_block 97.2%, other_boilerplate 89.5%), 40 services 100.0% (5097/5097; 94.8%, 85.4%). The same "
    "scorer at content margin 2.0 also kept every line, with signoff_block 96.5% and other_boilerplate 90.8%, "
    "and at 1.0 too (97.1%, 92.6%). The signoff_block misses are names with more cells heading a block under "
    "a signature that already names the body (a bilingual name, an agency with its parent's), a bilingual "
    "direct line and the days a part-time writer works under the signature, and a slogan holding an amount "
    '("for £1 a single journey"), which the cleaner keeps as it keeps every amount; the other_boilerplate '
    "misses are again help text about each service (which planning requests are environmental, booking school "
    "visits, wardens out on the hill, sailing times, grants offices, a public register of licences) and "
    "acknowledgements' generic help on fees, charges and waiting times; the disclaimer miss one college's "
    "external-mail banner, two thirds kept. No file needed relabelling: every block run on under the writer's "
    "lines begins with the organisation's name again.",
    "- Round 66 (48 authorities: police forces' departments and units (information compliance, estates, fleet, "
    "people services, firearms licensing, control rooms, corporate communications, disclosure) and a mayor's "
    "policing team in England and Wales, Police Scotland's and the Scottish Police Authority's teams and the "
    "Police Service of Northern Ireland's estate services; councils' planning, revenues and benefits, licensing, "
    "highways, information governance, housing, legal and democratic, public protection and environmental "
    "health services in all four nations; schools (grammar, Catholic, Welsh-medium, Gaelic-medium, special), "
    "academy trusts and councils' education services; UK government departments' units and agencies (army "
    "secretariat, naval base, tax credits, carer's allowance, modern slavery decisions, register office, "
    "prisons, youth custody, drivers' medical, vehicle testing, a pension centre)) was written by four writers "
    "who had not read the cleaner's code, the texture brief to the second and fourth, to round 65's brief "
    "(example files changed to the new sectors'). Names were checked against the collection and across the "
    "writers before any file was read (none was dropped; one writer replaced a body it found already there). "
    "37 of the 48 are services of bodies already in the collection. It was first scored with the cleaner and "
    "scorer of fd60225 (trained on rounds 1 to 65, content margin 3.0), frozen before any of its files was "
    "read: must-keep 99.80% (6490/6503; 13 lines in 3 messages), complaint_rights 98.6% (213/216), disclaimer "
    "99.4% (357/359), signoff_block 94.4% (219/232), other_boilerplate 84.4% (141/167), no message emptied; "
    "without thread context 99.98% (1 line; other_boilerplate 86.2%). By brief: standard 100.0% (3152/3152; "
    "signoff_block 96.9%, other_boilerplate 84.5%), texture 99.61% (3338/3351; 91.2%, 84.3%); 11 new bodies "
    "100.0% (1670/1670; 98.6%, 93.5%), 37 services 99.73% (4820/4833; 92.6%, 82.4%). The same scorer at "
    "content margin 2.0 and at 1.0 lost 15 lines (other_boilerplate 86.2% and 87.4%). The lost lines: twelve "
    'of two answers that quote the request after "You wrote:" (a hard-wrapped "... received on 12 / May. You '
    "wrote:\"), which the cleaner read as a mail client's line over quoted history, so the restated request, "
    "matching the thread's first message, went as quoted (such a line is no opening of quoted history since: "
    'a client names the sender, or writes "..., you wrote:" after a date; with that change the same frozen '
    "scorer keeps 6502 of 6503 lines, a development figure); and a Welsh sentence of advice on reporting noise "
    "as it happens, which reads like the service's help text. The complaint_rights misses are one police "
    "division's rights paragraph that opens with an offer of further help (three messages, 88% of each "
    "stripped); the disclaimer misses two councils' external-mail cautions, part kept; the signoff_block "
    "misses the body's name with its parent's heading its block under a signature that already names it, a "
    'slogan and a one-line "consider the environment"; the other_boilerplate misses again help text about '
    "each service (school transport rules, admissions tests, registers, certificates, what a complaints team "
    "handles) and acknowledgements' generic help. No file needed relabelling: every block run on under the "
    "writer's lines begins with the organisation's name again (or runs on under another block).",
    "- Round 67 (48 authorities: NHS bodies' departments and clinical services (maternity, pharmacy, estates, "
    "patient experience, information governance, mental health and learning disability services) of hospital "
    "trusts, an integrated care board, Scottish and Welsh health boards and Northern Ireland's health and social "
    "care trusts; regulators', inspectorates', commissioners' and tribunals' units (building safety, statistics "
    "regulation, animals in science, Parliament's standards commissioner, the property and general regulatory "
    "chambers, fitness to practise, public appointments, the Welsh Language Commissioner's compliance team, "
    "drinking water, trading standards) in all four nations; museums, record offices and archives, heritage "
    "and sports bodies' services (a finds scheme, public lending right, an aerial photographs archive, a white "
    "water centre); town, parish and community councils, a licensing board, port health authorities, "
    "crematorium joint committees, a drainage board and Scottish housing associations) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth, to round 66's "
    "brief (example files changed to the new sectors'). Names were checked against the collection and across "
    "the writers before any file was read (none was dropped). 32 of the 48 are services of bodies already in "
    "the collection. It was first scored with the cleaner and scorer of 22eb60f (trained on rounds 1 to 66, "
    "content margin 3.0), frozen before any of its files was read: must-keep 100.0% (6143/6143), "
    "complaint_rights 99.2% (262/264), disclaimer 99.4% (339/341), signoff_block 93.8% (212/226), "
    "other_boilerplate 81.8% (112/137), no message emptied; without thread context must-keep 100.0% "
    "(signoff_block 94.7%, other_boilerplate 82.5%). By brief: standard 100.0% (2646/2646; signoff_block "
    "96.0%, other_boilerplate 81.8%), texture 100.0% (3497/3497; 92.0%, 81.7%); 16 new bodies 100.0% "
    "(2156/2156; 95.7%, 81.4%), 32 services 100.0% (3987/3987; 92.5%, 81.9%). The same scorer at content "
    "margin 2.0 and at 1.0 kept every line too (other_boilerplate 85.4% and 86.9%, signoff_block 96.0% and "
    "96.9%). The complaint_rights misses are one body's review offer under a voluntary code (it opens by "
    "saying the body is not a public authority under the Act and names no regulator); the disclaimer misses a "
    "confidentiality note in one line of a parliamentary body's mail and a data licence note; the "
    "signoff_block misses organisations' names and addresses run on under signatures (part kept), a "
    "registration slogan and a bilingual slogan on language rights; the other_boilerplate misses "
    "acknowledgements' generic help on what the Act covers (four health bodies), help text about each service "
    "(cremation records, hearings, appeal portals, room hire, reporting finds, authors' accounts, tap water) "
    "and a workflow system's heading. No file needed relabelling: every block run on under the writer's "
    "lines begins with the organisation's name again or runs on under another block.",
    "- Round 68 (47 authorities: arm's-length bodies' units (research and innovation funders, a cultural gifts "
    "scheme, wildlife licensing, an environment agency area, a development agency abroad, grants, forest "
    "operations, an angel investment network, veterinary sciences, a sports institute); councils' adult social "
    "care, children's trusts and fostering, public health, trading standards, coroners, registration, "
    "cemeteries and waste services in all four nations; the Scottish and Welsh Governments' directorates, "
    "Northern Ireland departments' divisions and the devolved parliaments' offices; GP practices, a primary "
    "care network, dental and optical practices, pharmacies and out-of-hours and urgent care providers) was "
    "written by four writers who had not read the cleaner's code, the texture brief to the second and fourth, "
    "to round 67's brief (example files changed to the new sectors'). Names were checked against the "
    "collection and across the writers before any file was read: one file was dropped (the National Heritage "
    "Memorial Fund, which shares its staff and its replies with the National Lottery Heritage Fund, already "
    "in the collection). 34 of the 47 are services of bodies already in the collection. It was first scored "
    "with the cleaner and scorer of 047d53c (trained on rounds 1 to 67, content margin 3.0), frozen before any "
    "of its files was read: must-keep 100.0% (5882/5882), complaint_rights 100.0% (217/217), disclaimer 97.7% "
    "(333/341), signoff_block 94.0% (282/300), other_boilerplate 80.0% (120/150), no message emptied; without "
    "thread context must-keep 100.0% (disclaimer 97.9%, other_boilerplate 80.7%). By brief: standard 100.0% "
    "(2251/2251; signoff_block 97.2%, other_boilerplate 78.0%), texture 100.0% (3631/3631; 91.0%, 82.4%); "
    "13 new bodies 100.0% (2014/2014; 86.8%, 86.8%), 34 services 100.0% (3868/3868; 97.9%, 77.7%). The same "
    "scorer at content margin 2.0 kept every line too (other_boilerplate 83.3%, signoff_block 95.0%); at 1.0 "
    "it lost 3 lines in 2 messages (85.3%, 95.0%). Seven of the eight disclaimer misses were one trading "
    "standards service's disclaimer (about half kept in six messages, all in one): its security warning "
    'says that Internet mail is "not a '
    "100% secure\" medium, and the amount guard read that percentage as a figure of the answer. A disclaimer's "
    'stock phrase ("100% secure", "safe", "virus free", "error free") is no amount since (no line of the '
    "collection of rounds 1 to 67, the labelled set or ../shared reads differently); with that change the same "
    "frozen scorer removes 99.4% (339/341) of the round's disclaimers, a development figure. The other misses: "
    'part-time working-days lines under signatures ("My working days are Monday, Wednesday and Friday.", '
    "sign-off blocks) and organisations' names and addresses run on under signatures, part kept; help text "
    "about each service (angling permits, fostering, registering a death, eye emergencies, Pharmacy First, "
    "samples for post-mortem, visiting Holyrood), acknowledgements' generic help on the Act and notices that a "
    "response will be published. No file needed relabelling: every block run on under the writer's lines "
    "begins with the organisation's name again, or is such a working-days line.",
    "- Round 69 (48 authorities: universities' offices (research integrity and governance, procurement, "
    "admissions, library collections, human resources, residences, estates, sport, student finance) in all "
    "four nations; publicly owned transport's units (a ferry, a river crossing, a parking levy, travel passes, "
    "island airports and ferries, a harbour authority, a maritime service, parking services, railways, a roads "
    "division); justice bodies' units (a prosecution area, prisons, a probation region, youth justice services, "
    "a courts service's Welsh language unit, a civil recovery unit, a sheriff court, a prosecution region, "
    "courts); water, waste, canal, national park and landscape bodies (a park's planning service, recycling "
    "and waste services, harbours and a marina, marine and fisheries, a national landscape, a water company's "
    "estate, a canal trust's Welsh arm, a moorland partnership, waste water operations, a water company, a "
    "council's waste company)) was written by four writers who had not read the cleaner's code, the texture "
    "brief to the second and fourth, to round 68's brief (example files changed to the new sectors'). Names "
    "were checked against the collection and across the writers before any file was read (the fourth writer "
    "had found two bodies written by the second and replaced its own). 45 of the 48 are services of bodies "
    "already in the collection. It was first scored with the cleaner and scorer of d777bc0 (the code and "
    "model of 31b140b, trained on rounds 1 to 68, content margin 3.0), frozen before any of its files was "
    "read: as written, must-keep 99.98% (5381/5382; 1 line in 1 message), complaint_rights 100.0% "
    "(231/231), disclaimer 99.1% (346/349), signoff_block 97.2% (244/251), other_boilerplate 86.2% (137/159), "
    "no message emptied. The line lost was a sentence of its own paragraph at the end of an internal review's "
    "outcome, straight above the Commissioner paragraph: that the requester has a further right of appeal to "
    "the Information Commissioner, whose details follow. The collection README's definition makes it complaint_rights, "
    "as in round 5, so it was made a block (labels only); counted so, the same frozen cleaner keeps 100.0% "
    "(5381/5381), complaint_rights 100.0% (232/232), the rest unchanged; without thread context the same "
    "must-keep (signoff_block 96.8%, other_boilerplate 85.5%). By brief, counted so: standard 100.0% "
    "(2333/2333; signoff_block 96.7%, other_boilerplate 88.5%), texture 100.0% (3048/3048; 97.7%, 84.0%); "
    "3 new bodies 100.0% (418/418), 45 services 100.0% (4963/4963; 97.4%, 86.2%). The same scorer at content "
    "margin 2.0 lost 2 lines (other_boilerplate 88.7%, signoff_block 97.6%) and at 1.0 lost 4 (89.3%, 98.0%). "
    "The disclaimer misses are external-mail cautions part kept (one in Welsh); the signoff_block misses "
    "organisations' names, addresses and slogans run on under signatures, part kept, and a bilingual offer to "
    "correspond in Welsh; the other_boilerplate misses acknowledgements' generic help on how the request will "
    "be handled (which Act, clarification, exemptions, the cost limit) and help text about each service "
    "(flights, harbour notices, landing permissions, a parking levy, invoices, a mailbox's use, a language "
    "unit's limits). No other file needed relabelling: every block run on under the writer's lines begins "
    "with the organisation's name again.",
    "- Round 70 (48 authorities: fire and rescue and ambulance services' units (fire safety regulation, "
    "prevention, fleet, control rooms, training and assurance, governance, emergency operations and clinical "
    "contact centres, information governance, patient experience, finance); police forces' units and "
    "commissioners' offices (firearms licensing, professional standards, civil disclosure, estates, custody "
    "visiting, contact management, roads policing, people services, vetting, a wildlife crime unit, a "
    "counter-terrorism security office); schools, academy trusts and colleges in all four nations (Welsh- and "
    "Gaelic-medium schools, grammar schools, a specialist college, a nursery centre, councils' early learning "
    "and home education services); councils' corporate and resident services (revenues and benefits, "
    "electoral services, procurement, housing needs, land charges, legal and democratic services, a contact "
    "centre, council tax and rates, ICT, building standards, human resources, licensing)) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth, to round 69's "
    "brief (example files changed to the new sectors'). Names were checked against the collection and across "
    "the writers before any file was read. 37 of the 48 are services of bodies already in the collection. It "
    "was first scored with the cleaner and scorer of 16cbe30 (the code and model of c61412e, trained on rounds "
    "1 to 69, content margin 3.0), frozen before any of its files was read: must-keep 100.0% (6402/6402), "
    "complaint_rights 98.6% (212/215), disclaimer 99.7% (350/351), signoff_block 93.2% (219/235), "
    "other_boilerplate 80.9% (152/188), no message emptied; without thread context the same must-keep "
    "(signoff_block 93.2%, other_boilerplate 80.3%). By brief: standard 100.0% (2988/2988; signoff_block "
    "96.7%, other_boilerplate 80.8%), texture 100.0% (3414/3414; 89.5%, 80.9%); 11 new bodies 100.0% "
    "(1388/1388), 37 services 100.0% (5014/5014; 91.9%, 82.4%). The same scorer at content margin 2.0 and "
    "at 1.0 lost 1 line each (other_boilerplate 83.0% and 84.0%). The complaint_rights misses are one force's "
    "review paragraph whose first line, an offer of further help quoting the reference, was kept; the "
    "disclaimer miss a land charges service's notice that raw data under the Regulations carries no "
    "liability; the signoff_block misses organisations' names and addresses under signatures, bilingual or in "
    "Gaelic, part kept; the other_boilerplate misses acknowledgements' generic help on how the request will "
    "be handled (which Act, clarification, extensions for exemptions, other laws' time limits), notices of "
    "which body is the public authority (an academy trust, a governing body, a commissioner's office apart "
    "from its force), a bilingual notice that the request shown is a summary, a Welsh and English letterhead, "
    "and help text about each service (home fire safety checks, fire risk in flats, tenders, early learning "
    "hours, safety cameras, collision and fire investigation reports). No file needed relabelling: every "
    "block run on under the writer's lines begins with the organisation's name again or with an address, a "
    "direct line, a slogan or a notice.",
    "- Round 71 (48 authorities: central government's units and agencies (benefit and pension centres, a "
    "tax's office, asylum support, an honours secretariat, a fraud authority, an official receiver service, "
    "an air force's historical branch, personalised registrations, devolved governments' analysis, business "
    "support and civil service HR units); NHS trusts' and health boards' corporate departments in all four "
    "nations (information governance, procurement, patient advice, research and development, payroll, health "
    "records, communications, capital and estates, workforce, pharmacy, finance); combined authorities' "
    "units, city and growth deals, an enterprise partnership, a regional partnership board, a crematorium "
    "joint committee, regeneration and housing bodies' services, an archive service; housing associations "
    "and co-operatives, arm's-length housing companies, councils' housing and leisure services and leisure "
    "and culture trusts) was written by four writers who had not read the cleaner's code, the texture brief "
    "to the second and fourth, to round 70's brief (example files changed to the new sectors'). Names were "
    "checked against the collection and across the writers before any file was read. 29 of the 48 are "
    "services of bodies already in the collection. It was first scored with the cleaner and scorer of "
    "d090181 (the code of c61412e, the model trained on rounds 1 to 70, content margin 3.0), frozen before "
    "any of its files was read: must-keep 99.93% (5865/5869; 4 lines in 1 message), complaint_rights 98.1% "
    "(253/258), disclaimer 99.7% (342/343), signoff_block 93.6% (206/220), other_boilerplate 85.7% "
    "(132/154), no message emptied; without thread context the same must-keep (signoff_block 93.6%, "
    "other_boilerplate 89.0%). By brief: standard 100.0% (2939/2939; signoff_block 100.0%, "
    "other_boilerplate 80.0%), texture 99.86% (2926/2930; 89.6%, 91.1%); 19 new bodies 99.81% (2066/2070), "
    "29 services 100.0% (3799/3799; 92.0%, 88.8%). The same scorer at content margin 2.0 lost the same 4 "
    "lines (other_boilerplate 88.3%, signoff_block 95.5%) and at 1.0 lost 5 in 2 messages (90.3%, 95.9%). "
    "The 4 lines are one paragraph of a housing co-operative's answer on rent arrears: that tenants worried "
    "about their rent can ask its welfare rights and money advice officer for help, written under the "
    "answer's figures as advice that belongs to the request, and read by the scorer as a service's help "
    "text, the kind the folds also lose. The complaint_rights misses are review paragraphs part kept (a "
    "trust's, an enterprise partnership's, a health board's); the disclaimer miss one part kept; the "
    "signoff_block misses organisations' names and addresses under signatures, bilingual or after a logo, "
    "part kept; the other_boilerplate misses acknowledgements' notes on which partner or council holds "
    "what, on fees and on published papers, and help text about each service (honours nominations, life "
    "certificates, equity loans, casualty files, the fraud data matching exercise, leasing, paid research, "
    "bookings). No file needed relabelling: every block run on under the writer's lines begins with a logo, "
    "the organisation's name again, a direct line, pronouns, a slogan or a notice.",
    "- Round 72 (48 authorities: councils' place services (coastal management, highways, parking, a market, "
    "planning, bereavement services and cemeteries, environmental health, flood risk, parks, street lighting, "
    "building control); regulators', ombudsmen's, inspectorates' and tribunals' units (complaints, customer "
    "service, political finance, a food agency's national office, fitness to practise, registration, a "
    "tribunal chamber, charity inquiries, historical investigations, fatal incidents) and a licensing board; "
    "arts, heritage, museum, library and sport bodies' units (an indemnity scheme, a picture library, a "
    "palace, a sports centre, a moving image archive, a national sports centre, a castle, museums, a "
    "creative industries agency, a folk park); community, mental health and specialist NHS services "
    "(integrated care boards' funding requests, continuing care and medicines teams, a secure hospital, "
    "learning disability, children's, safeguarding, autism and mental health services)) was written by four "
    "writers who had not read the cleaner's code, the texture brief to the second and fourth, to round 71's "
    "brief (example files changed to the new sectors'). Names were checked against the collection and across "
    "the writers before any file was read. 45 of the 48 are services of bodies already in the collection. It "
    "was first scored with the cleaner and scorer of dd02f6b (the code of c61412e, the model trained on "
    "rounds 1 to 71, content margin 3.0), frozen before any of its files was read: must-keep 99.98% "
    "(5415/5416; 1 line in 1 message), complaint_rights 100.0% (282/282), disclaimer 99.7% (344/345), "
    "signoff_block 95.0% (226/238), other_boilerplate 84.2% (123/146), no message emptied; without thread "
    "context the same must-keep (signoff_block 93.7%, other_boilerplate 84.9%). By brief: standard 100.0% "
    "(2326/2326; signoff_block 96.9%, other_boilerplate 70.8%), texture 99.97% (3089/3090; 93.6%, 95.1%); 3 "
    "new bodies 100.0% (309/309), 45 services 99.98% (5106/5107; 95.8%, 84.4%). The same scorer at content "
    "margin 2.0 lost 2 lines (other_boilerplate 87.7%, signoff_block 96.6%) and at 1.0 lost 3 (89.0%, "
    "97.1%). The line lost is a team's name signing an acknowledgement with no sign-off line above it "
    '("Freedom of Information Office"), with the help text run straight on under it: content by the '
    "collection's rule, taken with the block; one more such team line went the same way at 2.0 and two more at 1.0. "
    "The disclaimer miss is one part kept; the signoff_block misses organisations' names and addresses "
    "under signatures, bilingual or with social media, part kept, a part-time officer's working days and a "
    "regulator's purpose statement under the sign-off; the other_boilerplate misses acknowledgements' "
    "generic help on the Acts, clarification and exemptions, and help text about each service (an indemnity "
    "scheme, pest control, raising a concern about care, funding, political finance data, visiting a castle "
    "and a folk park, licensing footage and images, the charity register, booking a stay). No file needed "
    "relabelling: every block run on under the writer's lines begins with a logo, the organisation's name "
    "again, a direct line, pronouns, an offer of other formats, a working-days line, a slogan or help text.",
    "- Round 73 (48 authorities: acute hospitals' services and departments (outpatients, maternity, a "
    "cancer centre, an emergency department, pathology, radiology, patient transport, catering, theatres and "
    "anaesthesia, car parking, medical physics, pharmacy) in all four nations; universities' schools, "
    "institutes and medical and veterinary schools, and further education colleges' campuses; publicly owned "
    "transport's units (harbours and ports, a ferry, tunnels, a council-owned bus company, a rail route, "
    "concessionary travel, an island airport, a door-to-door bus service, a province's bus service); the "
    "devolved governments' arm's-length bodies' units and an English agency's area office (careers, "
    "forestry, enterprise, land valuation, housing assets, flood risk, environmental enforcement, legal "
    "aid, qualifications, procurement)) was written by four writers who had not read the cleaner's code, "
    "the texture brief to the second and fourth, to round 72's brief (example files changed to the new "
    "sectors'). Names were checked against the collection and across the writers before any file was read. "
    "46 of the 48 are services of bodies already in the collection. It was first scored with the cleaner "
    "and scorer of 0b5acb8 (the code of c61412e, the model of bad0d9b trained on rounds 1 to 72, content "
    "margin 3.0), frozen before any of its files was read: must-keep 100.0% (6339/6339), complaint_rights "
    "98.8% (240/243), disclaimer 100.0% (368/368), signoff_block 92.0% (266/289), other_boilerplate 82.0% "
    "(146/178), no message emptied; without thread context the same must-keep (signoff_block 92.4%, "
    "other_boilerplate 81.5%). By brief: standard 100.0% (3180/3180; signoff_block 97.3%, other_boilerplate "
    "86.5%), texture 100.0% (3159/3159; 86.3%, 75.7%); 2 new bodies 100.0% (265/265), 46 services 100.0% "
    "(6074/6074; 91.6%, 82.1%). The same scorer kept every line at content margin 2.0 (other_boilerplate "
    "84.3%, signoff_block 93.1%) and at 1.0 (84.3%, 93.4%). The complaint_rights misses are one door-to-door "
    "service's one-line pointer to an attached sheet on the right to appeal; the signoff_block misses "
    "organisations' names, addresses and lines of contact under signatures, bilingual or with pipes, part "
    "kept, and a slogan; the other_boilerplate misses acknowledgements' generic help on the Acts, "
    "clarification, fees and extensions, and help text about each service (a hospital's address for "
    "concerns, a vets' hospital, animal research, paying a toll, parking, legal aid applications, a bus "
    "company's customer services). No file needed relabelling: every block run on under the writer's lines "
    "begins with the organisation's name again, a slogan, or runs on under another block.",
    "- Round 74 (48 authorities, one nation or city to each writer: London borough councils' services and "
    "companies (electoral services, revenues and benefits, adult social care, school admissions, parking, "
    "building control, waste, housing management, transport and highways, two council-owned companies); "
    "Welsh bodies (a cancer centre, a health board's estates and commissioning, bowel screening, an organised "
    "crime unit, a joint fire control, a community and a town council, parking, the Senedd's estates, a "
    "government division, a national park's planning), many answering in Welsh or in both languages; "
    "Scottish bodies (firearms licensing, fire prevention, practitioner services, podiatry, a welfare fund, "
    "trading standards, care at home, a prison, patient transport, an electoral registration office, a "
    "government directorate, a council's building company); Northern Irish bodies (a policing and community "
    "safety partnership, waste, dog control, car parks, domiciliary care, a children's gateway, two of the "
    "Education Authority's services, a medicines regulator, a prison, custody visiting, a grammar school)) "
    "was written by four writers who had not read the cleaner's code, the texture brief to the second and "
    "fourth, to round 73's brief (example files changed to the new sectors'). Names were checked against "
    "the collection and across the writers before any file was read. 43 of the 48 are services of bodies "
    "already in the collection. It was first scored with the cleaner and scorer of 0497714 (the code of "
    "c61412e, the model of 1245455 trained on rounds 1 to 73, content margin 3.0), frozen before any of its "
    "files was read: must-keep 99.95% (5527/5530; 3 lines in 1 message), complaint_rights 100.0% (248/248), "
    "disclaimer 100.0% (358/358), signoff_block 93.2% (179/192), other_boilerplate 85.0% (159/187), no "
    "message emptied; without thread context the same must-keep (signoff_block 93.2%, other_boilerplate "
    "83.4%). By brief: standard 100.0% (2506/2506; signoff_block 92.6%, other_boilerplate 82.7%), texture "
    "99.90% (3021/3024; 93.8%, 87.6%); 5 new bodies 100.0% (593/593), 43 services 99.94% (4934/4937; 94.7%, "
    "84.5%). The same scorer at content margin 2.0 lost 5 lines (99.91%; other_boilerplate 86.6%, "
    "signoff_block 94.3%) and at 1.0 lost 8 (99.86%; 86.6%, 94.3%). The 3 lines are the last paragraph of a "
    "waste service's answer on missed bin collections, asking residents to report a missed bin: advice on "
    "the request's own matter written like the service's help text, the kind the folds also lose. At 2.0 "
    "the scorer also took an answer's pointer to an appointment to inspect a register and a delay notice's "
    "line that apologises and names the right to a review, which its writer left in the message; at 1.0 also "
    "a note on inspecting a ward list and an answer's pointer to a parliament's published reform reports. "
    "The signoff_block misses are organisations' names and addresses under signatures, part kept, office "
    "hours, a part-time officer's working week, a values line and a service's phone line; the "
    "other_boilerplate misses acknowledgements' generic help on the Acts and clarification, and help text "
    "about each service (paying or challenging a parking penalty, dog licences, school applications, "
    "planning searches, reporting antisocial behaviour, what a company or a service does, fire reports for a "
    "fee). No file needed relabelling: every block run on under the writer's lines begins with the "
    "organisation's name again or runs on under another block.",
    "- Round 75 (48 authorities, by how a body answers as much as by sector: large bodies whose requests go "
    "through a case-management system or portal with templated mail (two hospital trusts and two hospitals, "
    "a benefit's directorate, an environment agency's area, two police forces' units and a division, "
    "a city council's and a Welsh council's services, a government group); small bodies answered by one "
    "person (a town, a parish and a community council, a drainage board, a joint burial committee, an "
    "optician's, a medical centre, a dental and a medical practice, two primary schools, a harbour trust); "
    "English district and borough councils' services (housing options, licensing, environmental health, a "
    "leisure company, elections, council tax, community safety, parking, a market, bereavement, street "
    "scene, private sector housing); English county and unitary councils' services (a children's company, "
    "special educational needs, school transport, adult learning, libraries, archives, trading standards, a "
    "pension fund, highways, country parks, registration, a coroner's service)) was written by four writers "
    "who had not read the cleaner's code, the texture brief to the second and fourth, to round 74's brief "
    "(example files changed to the new sectors'). Names were checked against the collection and across the "
    "writers before any file was read. 22 of the 48 are services of bodies already in the collection. It was "
    "first scored with the cleaner and scorer of 7044af9 (the code of c61412e, the model of 1f32b40 trained "
    "on rounds 1 to 74, content margin 3.0), frozen before any of its files was read: must-keep 100.0% "
    "(5576/5576), complaint_rights 97.0% (192/198), disclaimer 99.7% (346/347), signoff_block 91.3% "
    "(200/219), other_boilerplate 82.0% (137/167), no message emptied; without thread context the same "
    "must-keep (signoff_block 89.5%, other_boilerplate 82.6%). By brief: standard 100.0% (2599/2599; "
    "signoff_block 89.1%, other_boilerplate 73.9%), texture 100.0% (2977/2977; 93.2%, 92.0%); 26 new bodies "
    "100.0% (3049/3049; 91.8%, 87.3%), 22 services 100.0% (2527/2527; 90.7%, 78.1%). By writer, the "
    "templated mail of large bodies was the hardest to clean (complaint_rights 88.5%, signoff_block 85.2%, "
    "other_boilerplate 70.5%, every answer line kept). The same scorer at content margin 2.0 lost 1 line (an "
    "automatic reply's 'Please note this is an automatic reply.'; other_boilerplate 84.4%, signoff_block "
    "91.8%) and at 1.0 the same line (85.0%, 95.0%). The complaint_rights misses are two police services' "
    "rights paragraphs that open with an offer of further help, part kept; the signoff_block misses a "
    "department's letterhead above the greeting, organisations' names and addresses under signatures, part "
    "kept, working days, a direct line, a slogan and a bilingual welcome to correspondence in Welsh; the "
    "other_boilerplate misses a trust's note that a letter sent electronically is not signed, "
    "acknowledgements' generic help on the Act and clarification, publication notices, notes on a company's "
    "or a clerk's status and help text about each service (statistics, food hygiene ratings, reporting "
    "antisocial behaviour, disrepair, parking penalties). No file needed relabelling: every block run on "
    "under the writer's lines begins with the organisation's name again or a slogan, or runs on under "
    "another block.",
    "- Round 76 (48 authorities, by the shape of the mail they send: large English bodies whose requests go "
    "through a case-management system or portal with templated mail (councils' highways, adult social care, "
    "parking and housing services, a prison, a government group, a tax service, two police forces' units, "
    "two hospital trusts' services and a workforce directorate); the same in Scotland, Wales and Northern "
    "Ireland, bilingual templates among them (a police division, a fire service's area, three hospitals, a "
    "roads directorate, councils' protective services, planning and building control, an "
    "education directorate, a professional standards department, an environment agency's division); bodies "
    "that answer in short covering e-mails with the letter attached (museums, fire services' units, hospital "
    "and university services, two regulators' registration units, councils' highways, planning and roads "
    "services); shared services, partnerships and hosted bodies whose mail carries several stacked footers "
    "(internal audit, a councils' partnership, shared technology, a council-owned services company, an "
    "emergency planning unit, shared planning, NHS shared services' legal unit, a national executive, "
    "counter fraud, an archaeology service, an accounting service, a digital health unit)) was written by "
    "four writers who had not read the cleaner's code, the texture brief to the second and fourth, to round "
    "75's brief (example files changed to the new sectors'). Names were checked against the collection and "
    "across the writers before any file was read. 44 of the 48 are services of bodies already in the "
    "collection. It was first scored with the cleaner of 1c4cc5e (the code of c61412e) and a scorer trained "
    "on rounds 1 to 75 by scripts/train_clean.py (content margin 3.0), frozen before any of its files was "
    "read; that scorer was never shipped, as it kept two of the labelled set's 27 help-text blocks (a museum "
    "group's venue names under its signature), below the labelled set's test floor of 95%. First figures: "
    "must-keep 100.0% (5074/5074), complaint_rights 97.0% (197/203), disclaimer 99.2% (371/374), "
    "signoff_block 91.3% (220/241), other_boilerplate 85.7% (186/217), no message emptied; without thread "
    "context the same must-keep (signoff_block 91.7%, other_boilerplate 85.3%). By brief: standard 100.0% "
    "(2293/2293; signoff_block 89.3%, other_boilerplate 88.2%), texture 100.0% (2781/2781; 93.0%, 83.5%); 4 "
    "new bodies 100.0% (508/508), 44 services 100.0% (4566/4566; 90.9%, 87.7%). By writer: templated mail "
    "in England signoff_block 81.5%, in the other nations complaint_rights 88.5%, covering e-mails every "
    "sign-off block removed, stacked footers disclaimer 97.0% and other_boilerplate 76.5%; every answer line "
    "kept in each. The same scorer kept every line at content margin 2.0 (other_boilerplate 86.6%, "
    "signoff_block 92.1%, complaint_rights 98.5%) and at 1.0 (88.0%, 92.1%, 98.5%). The complaint_rights "
    "misses are a council's review section under a capitalised heading, a government's bilingual next "
    "steps, part kept, and a roads directorate's line on the right to a review when no answer came in time; "
    "the disclaimer misses a health agency's legal-name notice and a privacy line, part kept; the "
    "signoff_block misses organisations' names and addresses under signatures or above the greeting, part "
    "kept, a phone line, a slogan with a logo and working days; the other_boilerplate misses templates' "
    "generic help (extensions, closure days, quoting the reference, download links in Welsh) and notes on "
    "what a hosted, shared or changing body is and help text about each service (hazard sites, statistics, "
    "visiting a museum). No file needed relabelling: every block run on under the writer's lines begins with "
    "the organisation's name again.",
]


#: later rounds re-scored at the current code: the latest RECENT_ROUNDS and every EVERY_ROUNDth before
#: them (one scorer trained per round re-scored; each round's first scoring is in ROUND_NOTES)
RECENT_ROUNDS, EVERY_ROUNDS = 8, 10


def rounds_to_rescore(rounds: Sequence[int], all_rounds: bool = False) -> list[int]:
    """The later rounds the report re-scores: all of them, or the latest few and a sample before."""
    later = sorted(set(rounds) - {1})
    if all_rounds:
        return later
    recent = set(later[-RECENT_ROUNDS:])
    return [r for r in later if r in recent or r == 2 or r % EVERY_ROUNDS == 0]


def later_rounds(records: list[dict[str, Any]], jobs: int = 1, all_rounds: bool = False) -> dict[int, dict[str, Any]]:
    """For later writing rounds, outputs on their authorities cleaned by a scorer trained on the
    earlier rounds (and the labelled set) only: material written after the cleaner it tests."""
    _SHARED.update(records=records, blocks=T.mined_blocks(records))
    rounds = rounds_to_rescore([r.get("round", 1) for r in records], all_rounds)
    # the largest trainings first, so the last job to finish is a short one
    order = sorted(rounds, reverse=True)
    done = dict(zip(order, _map(_round_outputs, order, jobs), strict=True))
    return {rnd: done[rnd] for rnd in rounds}


def _round_outputs(rnd: int) -> dict[str, Any]:
    records, blocks = _SHARED["records"], _SHARED["blocks"]
    later = [r for r in records if r.get("round", 1) == rnd]
    model = T.train([r for r in records if r.get("round", 1) < rnd])
    return {
        "records": later,
        "full": clean_all(later, model, blocks=blocks),
        "no_thread": clean_all(later, model, thread=False, blocks=blocks),
    }


def baselines(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, str]]:
    from email_reply_parser import EmailReplyParser

    return {
        "none (raw text)": {r["id"]: r["raw_text"] for r in records},
        "email-reply-parser": {r["id"]: EmailReplyParser.parse_reply(r["raw_text"]) for r in records},
    }


# ---------------------------------------------------------------------------------------------
# Public fixtures: Discourse's reply trimmer, the research catalogue's excerpts
# ---------------------------------------------------------------------------------------------


def discourse() -> dict[str, dict] | None:
    if not DISCOURSE.is_dir():
        return None
    from email_reply_parser import EmailReplyParser

    systems: dict[str, Callable[[str], str]] = {
        "none (raw text)": lambda raw: raw,
        "email-reply-parser": EmailReplyParser.parse_reply,
        "wdtk-archive clean (no thread context)": lambda raw: clean_message(raw).clean_text,
    }
    names = sorted(p.name for p in (DISCOURSE / "emails").iterdir())
    out = {}
    for sys_name, fn in systems.items():
        kept_lines = kept_ok = el_lines = el_ok = exact = 0
        for name in names:
            raw = (DISCOURSE / "emails" / name).read_text(encoding="utf-8")
            trimmed = (DISCOURSE / "trimmed" / name).read_text(encoding="utf-8")
            elided = (DISCOURSE / "elided" / name).read_text(encoding="utf-8")
            o = norm(fn(raw))
            exact += o == norm(trimmed)
            tl = [norm(x) for x in trimmed.splitlines() if x.strip()]
            kept_lines += len(tl)
            kept_ok += sum(1 for x in tl if x in o)
            tset = set(tl)
            el = [norm(x) for x in elided.splitlines() if x.strip() and norm(x) not in tset and len(norm(x)) > 3]
            el_lines += len(el)
            el_ok += sum(1 for x in el if x not in o)
        out[sys_name] = {
            "files": len(names),
            "exact": exact,
            "kept_line_retention": kept_ok / kept_lines if kept_lines else 1.0,
            "elided_line_removal": el_ok / el_lines if el_lines else None,
        }
    return out


PROBE_HEAD = (
    "Dear Mr Shaw,\n\nThank you for your request. We used 1,250 reams of paper last year.\n\n"
    "Yours sincerely,\n\nJane Smith\nInformation Officer\n\n"
)


def excerpt_probe() -> dict[str, dict]:
    """Short real excerpts quoted in the research catalogue appended to a short reply (a block counts
    as removed only if nothing of it is left and the reply is intact), and templated answer text that
    must stay."""
    from email_reply_parser import EmailReplyParser

    systems: dict[str, Callable[[str], str]] = {
        "none (raw text)": lambda t: t,
        "email-reply-parser": EmailReplyParser.parse_reply,
        "wdtk-archive clean": lambda t: clean_message(t).clean_text,
    }
    items = json.loads(EXCERPTS.read_text(encoding="utf-8"))
    out = {}
    for name, fn in systems.items():
        removed: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        kept = [0, 0]
        for it in items:
            if it["expect"] == "remove":
                left = norm(fn(PROBE_HEAD + it["text"]))
                head_ok = norm(PROBE_HEAD) in left
                rest = left[len(norm(PROBE_HEAD)) :].strip() if head_ok else left
                c = removed[it["category"]]
                c[1] += 1
                c[0] += head_ok and rest == (it.get("keep_lead") or "")
            else:
                body = "Dear Mr Shaw,\n\n" + it["text"] + "\n\nYours sincerely,\nJane Smith"
                kept[1] += 1
                kept[0] += norm(it["text"]) in norm(fn(body))
        out[name] = {"removed": dict(removed), "kept": kept}
    return out


# ---------------------------------------------------------------------------------------------
# Speed
# ---------------------------------------------------------------------------------------------


def speed(records: Sequence[dict[str, Any]], rounds: int = 15) -> dict[str, Any]:
    """CPU time to clean the seed-004 thread, each message with its earlier messages, a fresh
    per-thread memo every round (nothing carried over from one round to the next)."""
    thread = sorted(
        (r for r in records if r["thread"] == "sample/details_of_the_facial_recognitio"), key=lambda r: r["position"]
    )
    chars = sum(len(r["raw_text"]) for r in thread)
    load_model()
    times = []
    for _ in range(rounds):
        index = ThreadIndex()
        earlier: list[str] = []
        kinds: list[str] = []
        t0 = time.process_time()
        for r in thread:
            clean_message(
                r["raw_text"],
                CleanContext(
                    kind=r["kind"],
                    earlier_messages=tuple(earlier),
                    earlier_kinds=tuple(kinds),
                    index=index,
                    requester_name=r.get("requester_name"),
                ),
            )
            earlier.append(r["raw_text"])
            kinds.append(r["kind"])
        times.append(time.process_time() - t0)
    med = statistics.median(times)
    return {
        "messages": len(thread),
        "chars": chars,
        "median_ms": 1000 * med,
        "best_ms": 1000 * min(times),
        "messages_per_second": len(thread) / med,
        "mb_per_second": chars / med / 1e6,
    }


def adversarial_texts(size: int) -> dict[str, str]:
    """Messages built to find super-linear paths, about ``size`` characters each."""
    line = "the council holds no information on this point and cannot say more\n"
    nested = []
    depth = 0
    total = 0  # kept as it grows: summing the lines again at every step made building a 10 MB text quadratic
    while total < size:
        depth = depth % 60 + 1
        nested.append("> " * depth + line)
        total += len(nested[-1])
    block = (
        "If you are dissatisfied with this response you may ask for an internal review within 40 working "
        "days; then the Information Commissioner, Wycliffe House, Water Lane, Wilmslow SK9 5AF.\n\n"
    )
    reply = "Dear Sir,\n\nThe answer is 42.\n\nRegards\nFOI Team\n\n"
    header = "-----Original Message-----\nFrom: Someone\nSent: today\nTo: FOI\nSubject: x\n\n"
    return {
        "deeply nested > quotes": "".join(nested)[:size],
        "one line, no breaks": ("word " * (size // 5))[:size],
        "a review paragraph repeated": (block * (size // len(block) + 1))[:size],
        "quoted headers every few lines": ((reply + header) * (size // len(reply + header) + 1))[:size],
        "rules and blank lines": (("-" * 70 + "\n\n" + "*" * 70 + "\n \n>\n") * (size // 150 + 1))[:size],
        # the safety net's patterns on one endless sentence: offers, a timetable, a decision
        # a block run on after the answer's first sentence, all on one line: the units that share the
        # line with kept text are tested against the line's ends, never by rescanning it
        "review sentences run on in one line": (
            "The total cost was £4,500 in 2023. "
            + "If you are unhappy with this response you may ask for an internal review. " * (size // 75 + 1)
        )[:size],
        "one sentence of guarded phrases": (
            "if you would like the figures the period will start again once we receive your reply " * (size // 85 + 1)
        )[:size],
        # a signature whose organisation line is torn by a wide gap: the signature's line tests must
        # not rescan the gap from each of its characters
        "a signature over a wide gap": (
            "Dear Jo,\n\nWe hold 3 files.\n\nKind regards\nJo Bloggs\nInformation Officer\nExampleshire" + " " * size
        )[:size]
        + "Council\nTel: 01234 567890\n",
        "blank lines": ("Thank you for your email.\n" + "\n" * size)[:size] + "We will respond by 3 May.",
    }


def adversarial(sizes: Sequence[int] = (1_000_000, 10_000_000)) -> list[dict[str, Any]]:
    """Seconds to clean each adversarial message at each size (linear: 10x the text, ~10x the time)."""
    rows = []
    texts = {size: adversarial_texts(size) for size in sizes}
    for name in adversarial_texts(1000):
        row: dict[str, Any] = {"shape": name}
        for size in sizes:
            text = texts[size][name]
            earlier = (text[: len(text) // 2],) if name.startswith("quoted") else ()
            t0 = time.process_time()
            res = clean_message(text, CleanContext(earlier_messages=earlier))
            row[size] = time.process_time() - t0
            row[f"{size}_kept"] = len(res.clean_text)
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def pct(x: float | None) -> str:
    """A percentage to one decimal, or to as many more (up to four, then cut) as a shortfall needs
    not to read as 100%."""
    if x is None:
        return "–"
    for digits in (1, 2, 3):
        text = f"{100 * x:.{digits}f}"
        if x >= 1 or float(text) < 100:
            return text + "%"
    return f"{int(100 * x * 10_000) / 10_000:.4f}%"  # cut, not rounded, so never 100%


def _row(name: str, r: dict[str, Any], cats: Sequence[str] = SCORED) -> str:
    cells = " | ".join(
        f"{pct(r['removal'][c]['recall'])} ({r['removal'][c]['removed']}/{r['removal'][c]['total']})" for c in cats
    )
    return (
        f"| {name} | {pct(r['retention'])} ({r['keep_retained']}/{r['keep_total']}) | "
        f"{r['messages_losing_content']} | {cells} | {r['emptied']} |"
    )


def _header(cats: Sequence[str] = SCORED) -> list[str]:
    return [
        "| system | must-keep lines kept | messages losing any | " + " | ".join(cats) + " | emptied |",
        "|---|---|---|" + "---|" * len(cats) + "---|",
    ]


def report(data: dict[str, Any]) -> str:
    rec = data["records"]
    lines = [
        START,
        "## Message cleaning (`scraper/clean/`)",
        "",
        "Produced by `python -m benchmarks clean` (or `python benchmarks/eval_clean.py --write`), "
        f"{data['date']}. A must-keep line counts when it is still in the clean text; a block of "
        "boilerplate counts as removed when at least 90% of its characters are stripped (labelled set: "
        "when its snippet is gone).",
        "",
        f"Material: the development collection, {rec['collection_authorities']} authorities "
        f"({rec['collection_messages']} messages, {rec['collection_incoming']} from authorities; "
        f"{rec['sectors']}) written for this project, and the labelled set "
        f"({rec['labelled_messages']} messages from {rec['labelled_authorities']} authorities: seed 004, the sample "
        "site, seeds 000-003, Alaveteli's folding examples).",
        "",
        f"### Held out by authority ({FOLDS} folds; the headline)",
        "",
        f"Every authority is cleaned by a scorer trained on the other {FOLDS - 1} folds only (a service named "
        f"with the body it belongs to, such as a council's archives, is in the body's fold: {len(fold_groups())} "
        "such services). Mining and thread "
        "evidence (which read no labels) are computed over the whole set, as an archive holding these "
        "messages would. The weights never see a held-out fold, but the hand-written guards of the safety "
        "net were shaped by reading held-out misses (most recently: a lead-in that names whom to contact, "
        "what was done with this request, a promise to keep the requester informed): for the guards, these "
        "are development figures.",
        "",
        *_header(),
    ]
    for name, key in (
        ("wdtk-archive clean", "full"),
        ("↳ without thread context", "no_thread"),
        ("↳ without mining", "no_mining"),
        ("↳ collection messages without greeting or signature, alone", "bare"),
        ("↳ every block run on from the line before (no blank line)", "glued"),
        ("↳ every review paragraph moved after the writer's signature", "moved"),
        ("↳ every message's first paragraph written above its greeting", "noted"),
    ):
        if key in data["held_out"]:  # (a report saved before the row existed has none)
            lines.append(_row(name, data["held_out"][key]))
    q = data["held_out"]["full"]["removal"]
    qn = data["held_out"]["no_thread"]["removal"]
    lines += [
        "",
        f"Fixed layers, held out: quoted history {pct(q['quoted']['recall'])} ({q['quoted']['removed']}/"
        f"{q['quoted']['total']}) with the thread, {pct(qn['quoted']['recall'])} without it; the site's own "
        f"footer {pct(q['site_footer']['recall'])}.",
    ]
    rounds = data.get("later_rounds")
    if rounds:
        lines += [
            "",
            "### Held out by writing round",
            "",
            "Each later round of the collection was written after the cleaner it is scored against, by writers "
            "who did not read its code; here each is cleaned by a scorer trained on the earlier rounds and the "
            "labelled set only. "
            + (
                "Every later round is re-scored."
                if data.get("all_rounds")
                else f"Re-scored here with the current code: the latest {RECENT_ROUNDS} rounds, round 2 and every "
                f"{EVERY_ROUNDS}th round before them (one scorer is trained per round; `--all-rounds` re-scores "
                "every one). Each round's first scoring, with the cleaner frozen before it was read, is in the "
                "notes under the table."
            ),
            "",
            *_header(),
        ]
        for rnd, lr in sorted(rounds.items()):
            lines.append(_row(f"round {rnd} ({lr['authorities']} authorities, {lr['messages']} messages)", lr["full"]))
            lines.append(_row("↳ without thread context", lr["no_thread"]))
        lines += ["", *ROUND_NOTES]
        for rnd, lr in sorted(rounds.items()):
            if lr["full"]["lost"]:
                lines += ["", f"Lost in round {rnd}:", ""] + [f"- {x}" for x in lr["full"]["lost"][:15]]
    lost = data["held_out"]["full"]["lost"]
    if lost:
        lines += ["", f"Must-keep lines lost held out ({len(lost)}):", ""]
        lines += [f"- {x}" for x in lost[:25]]
        if len(lost) > 25:
            lines.append(f"- ... and {len(lost) - 25} more")
    lines += [
        "",
        "### In sample (the shipped model on its own training material), and baselines",
        "",
        *_header(),
        _row("wdtk-archive clean, collection", data["in_sample"]["collection"]),
        _row("wdtk-archive clean, labelled set", data["in_sample"]["labelled"]),
    ]
    for name, r in data["baselines"].items():
        lines.append(_row(f"{name}, collection", r))
    if data["in_sample"]["labelled"]["lost"] or data["in_sample"]["collection"]["lost"]:
        lines += ["", "Lost in sample:", ""]
        lines += [
            f"- {x}" for x in (data["in_sample"]["labelled"]["lost"] + data["in_sample"]["collection"]["lost"])[:15]
        ]
    disc = data.get("discourse")
    if disc:
        lines += [
            "",
            "Discourse `email_reply_trimmer` fixtures (64 e-mails with kept and removed text; no thread context):",
            "",
            "| system | exact match | kept lines retained | elided lines removed |",
            "|---|---|---|---|",
        ]
        for name, d in disc.items():
            lines.append(
                f"| {name} | {d['exact']}/{d['files']} | {pct(d['kept_line_retention'])} | "
                f"{pct(d['elided_line_removal'])} |"
            )
    probe = data.get("excerpts")
    if probe:
        cats = sorted({c for p in probe.values() for c in p["removed"]})
        lines += [
            "",
            "Catalogue excerpts (`tests/data/clean/catalogue_excerpts.json`: short real excerpts quoted in the "
            "research notes, appended to a short reply; removed only if nothing of the block is left and the "
            "reply is intact; templated answer text must stay):",
            "",
            "| system | " + " | ".join(f"{c} removed" for c in cats) + " | answer templates kept |",
            "|---|" + "---|" * len(cats) + "---|",
        ]
        for name, p in probe.items():
            cells = " | ".join(f"{p['removed'][c][0]}/{p['removed'][c][1]}" for c in cats)
            lines.append(f"| {name} | {cells} | {p['kept'][0]}/{p['kept'][1]} |")
    spd = data["speed"]
    lines += [
        "",
        "### Speed",
        "",
        f"The seed-004 thread ({spd['messages']} messages, {spd['chars'] / 1000:.0f} KB of text, each message "
        f"with its earlier messages as context and a fresh per-thread memo) cleans in {spd['median_ms']:.1f} ms of "
        f"CPU time (median of 15 runs, best {spd['best_ms']:.1f} ms): {spd['messages_per_second']:.0f} "
        f"messages/s, {spd['mb_per_second']:.1f} MB of text/s.",
        "",
        "Adversarial messages (CPU seconds; cleaning is linear in the text when 10x the text takes about 10x the time):",
        "",
        "| message | 1 MB | 10 MB | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in data["adversarial"]:
        a, b = row[1_000_000], row[10_000_000]
        lines.append(f"| {row['shape']} | {a:.2f} | {b:.2f} | {b / a if a else 0:.1f}x |")
    lines.append(END)
    return "\n".join(lines)


def run(fast: bool = False, jobs: int = 1, all_rounds: bool = False) -> dict[str, Any]:
    records = T.all_records()
    collection = [r for r in records if "content_spans" not in r]
    labelled = [r for r in records if "content_spans" in r]
    sectors: dict[str, int] = defaultdict(int)
    for a in {(r["authority"], r["sector"]) for r in collection}:
        sectors[a[1]] += 1
    data: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "records": {
            "collection_authorities": len({r["authority"] for r in collection}),
            "collection_messages": len(collection),
            "collection_incoming": sum(r["kind"] == "incoming" for r in collection),
            "labelled_messages": len(labelled),
            "labelled_authorities": len({r["authority"] for r in labelled}),
            "sectors": ", ".join(f"{k} {v}" for k, v in sorted(sectors.items(), key=lambda x: -x[1])),
        },
    }
    bare = T.collection_records(bare_messages=True)
    variants = {
        "glued": variant_records(records, T.glued, T.GLUED_SUFFIX),
        "moved": variant_records(records, T.rights_after_signature, T.MOVED_SUFFIX),
        "noted": variant_records(records, T.note_above_greeting, T.NOTED_SUFFIX),
    }
    runs = held_out(records, bare, variants, jobs=jobs)
    data["held_out"] = {k: score({"bare": bare, **variants}.get(k, records), v) for k, v in runs.items()}
    data["later_rounds"] = {
        rnd: {
            "authorities": len({r["authority"] for r in later["records"]}),
            "messages": len(later["records"]),
            "full": score(later["records"], later["full"]),
            "no_thread": score(later["records"], later["no_thread"]),
        }
        for rnd, later in later_rounds(records, jobs=jobs, all_rounds=all_rounds).items()
    }
    data["all_rounds"] = all_rounds
    shipped = load_model()
    blocks = T.mined_blocks(records)
    data["in_sample"] = {
        "collection": score(collection, clean_all(collection, shipped, blocks=blocks)),
        "labelled": score(labelled, clean_all(labelled, shipped, blocks=blocks)),
    }
    data["baselines"] = {name: score(collection, outs) for name, outs in baselines(collection).items()}
    data["discourse"] = discourse()
    data["excerpts"] = excerpt_probe()
    data["speed"] = speed(records)
    data["adversarial"] = adversarial((100_000, 1_000_000) if fast else (1_000_000, 10_000_000))
    if fast:
        for row in data["adversarial"]:
            row[1_000_000], row[10_000_000] = row[100_000], row[1_000_000]
    return data


def write_benchmarks(section: str) -> None:
    from benchmarks.common import write_section

    write_section("clean", section)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="update the clean section of BENCHMARKS.md")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--fast", action="store_true", help="smaller adversarial messages (a quick look)")
    ap.add_argument(
        "--jobs",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="processes training the fold and round models at once (default: the CPUs this process may use)",
    )
    ap.add_argument(
        "--all-rounds", action="store_true", help="re-score every later writing round (one training per round)"
    )
    args = ap.parse_args()
    data = run(fast=args.fast, jobs=args.jobs, all_rounds=args.all_rounds)
    if args.json:
        print(json.dumps(data, indent=2, default=str))
        return
    section = report(data)
    print(section)
    if args.write:
        write_benchmarks(section)
        print("updated BENCHMARKS.md", file=sys.stderr)


if __name__ == "__main__":
    main()
