"""The clean step: each layer alone, the safety net, the invariants, and the labelled set."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.clean import (
    BlockStats,
    CleanContext,
    clean_message,
    load_model,
    mine_authority_blocks,
    prepare,
    remove_spans,
    tidy,
)
from scraper.clean.assemble import (
    _rights_under_heading,
    is_delivery_failure,
    protected,
)
from scraper.clean.features import (
    F_ACK,
    UnitFacts,
    decides,
    keeps_informed,
    names_request_part,
    points_elsewhere,
    quotes_reference,
    quotes_this_reference,
    received,
    states_closure,
    states_delivery,
    states_review_outcome,
    states_timetable,
    timetable_if,
    titles_request,
)
from scraper.clean.markings import find_markings
from scraper.clean.mining import norm_sentence
from scraper.clean.model import CLASSES, Model
from scraper.clean.signature import name_like
from scraper.clean.site import find_page_chrome, find_site_footer
from scraper.clean.text import line_table as _line_table
from scraper.clean.units import SIGNOFF_LINE, segment

LABELLED = Path(__file__).parent / "data" / "clean" / "labelled.jsonl"


def norm(s: str) -> str:
    return " ".join(s.split())


def kept(result, snippet: str) -> bool:
    return norm(snippet) in norm(result.clean_text)


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


def thread_context(records: list[dict], rec: dict, **kw) -> CleanContext:
    before = [r for r in records if r["thread"] == rec["thread"] and r["position"] < rec["position"]]
    return CleanContext(
        kind=rec["kind"],
        authority=rec["authority"],
        earlier_messages=tuple(r["raw_text"] for r in before),
        earlier_kinds=tuple(r["kind"] for r in before),
        requester_name=rec.get("requester_name"),
        **kw,
    )


# -- the done-when check: every seed-004 response from the Metropolitan Police ---------------------------

MPS_BOILERPLATE = [
    "COMPLAINT RIGHTS",
    "Are you unhappy with how your request has been handled",
    "Wycliffe House",
    "NOTICE - This email and any attachments may be confidential",
    "Total Policing is the Met's commitment",
    "Find us at:",
    "Twitter: @metpoliceuk",
    "Consider our environment",
]


def test_every_seed_004_mps_response_loses_its_boilerplate_and_keeps_its_answer(labelled):
    thread = [r for r in labelled if r["thread"] == "sample/details_of_the_facial_recognitio"]
    responses = [r for r in thread if r["kind"] == "incoming" and "Dear Ms" in r["raw_text"]]
    assert len(responses) >= 12
    for rec in responses:
        result = clean_message(rec["raw_text"], thread_context(labelled, rec))
        for text in MPS_BOILERPLATE:
            assert norm(text) not in norm(result.clean_text), (rec["id"], text)
        for snippet in rec["must_keep"]:
            assert kept(result, snippet), (rec["id"], snippet)
        cats = {s.category for s in result.stripped}
        quoted = [s for s in result.stripped if s.category == "quoted"]
        own = norm(remove_spans(rec["raw_text"], quoted))  # the message less the history it quotes
        if is_delivery_failure(rec["raw_text"]) or "NOTICE - This email" not in own:
            assert quoted  # a bounce, or a short reply: the MPS letter in it is quoted history
            continue
        assert "disclaimer" in cats and "signoff_block" in cats
        if "COMPLAINT RIGHTS" in rec["raw_text"]:
            assert "complaint_rights" in cats


def test_the_final_answer_is_intact_word_for_word(labelled):
    rec = next(r for r in labelled if r["id"] == "sample/details_of_the_facial_recognitio/23")
    result = clean_message(rec["raw_text"], thread_context(labelled, rec))
    start = rec["raw_text"].index("DECISION")
    end = rec["raw_text"].index("COMPLAINT RIGHTS")
    assert norm(rec["raw_text"][start:end]) in norm(result.clean_text)


# -- layer 1: the site's own text ----------------------------------------------------------------------

# Built from mysociety/alaveteli app/views/outgoing_mailer/initial_request.text.erb and
# mysociety/whatdotheyknow-theme lib/views/outgoing_mailer/_followup_footer.text.erb.
WDTK_FOOTER = """-------------------------------------------------------------------

Please use this email address for all replies to this request:
[FOI #456178 email]

Is [Camden Council request email] the wrong address for Freedom of Information requests to
Camden Council? If so, please contact us using this form:
https://www.whatdotheyknow.com/change_request/new?body=camden

Disclaimer: This message and any reply that you make will be published on the internet. Our privacy and copyright policies:
https://www.whatdotheyknow.com/help/officers

For more detailed guidance on safely disclosing information, read the latest advice from the ICO:
https://www.whatdotheyknow.com/help/ico-guidance-for-authorities

Please note that in some cases publication of requests and responses will be delayed.

If you find this service useful as an FOI officer, please ask your web manager to link to us from your organisation's FOI page.

-------------------------------------------------------------------"""


def test_site_footer_is_found_whole_even_when_quoted_and_rewrapped():
    quoted = "\n".join(
        "> " + line
        for line in WDTK_FOOTER.replace(
            "for Freedom of Information requests to\n", "for Freedom\nof Information requests to "
        ).split("\n")
    )
    text = "Dear Jane,\n\nThe answer is 12.\n\nRegards\nFOI Team\n\n" + quoted
    starts, ends = _line_table(text)
    ((a, b, rule),) = find_site_footer(text, starts, ends)
    assert text[starts[a] : ends[b]].startswith("> ----") and text[starts[a] : ends[b]].endswith("-------")
    result = clean_message(text)
    assert result.clean_text == "Dear Jane,\n\nThe answer is 12.\n\nRegards\nFOI Team"
    assert {s.category for s in result.stripped} == {"site_footer"}


def test_page_chrome_lines_only():
    text = "Answer one.\n\nshow quoted sections\n\nThis sentence mentions show quoted sections in passing."
    starts, ends = _line_table(text)
    assert [(a, b) for a, b, _r in find_page_chrome(text, starts, ends)] == [(2, 2)]


# -- layer 2: quoted history -----------------------------------------------------------------------------

REQUEST = (
    "Dear Borough Council,\n\nPlease tell me how many parking fines were issued in 2022 and how much\n"
    "income they raised.\n\nYours faithfully,\n\nSam Smith"
)


def test_quote_removed_only_when_it_matches_an_earlier_message():
    reply = (
        "Dear Mr Smith,\n\nIn 2022 we issued 14,210 parking fines raising £412,000.\n\nKind regards,\nParking Services\n\n"
        "-----Original Message-----\nFrom: Sam Smith\nSent: 01 March 2023 10:00\nTo: FOI\nSubject: Parking fines\n\n"
        + REQUEST
    )
    with_thread = clean_message(reply, CleanContext(earlier_messages=[REQUEST]))
    assert (
        with_thread.clean_text
        == "Dear Mr Smith,\n\nIn 2022 we issued 14,210 parking fines raising £412,000.\n\nKind regards,\nParking Services"
    )
    assert [s.category for s in with_thread.stripped] == ["quoted"]
    alone = clean_message(reply)
    assert alone.clean_text == tidy(reply)  # nothing to check it against: kept ...
    assert alone.labelled and alone.labelled[0].category == "quoted"  # ... and labelled


def test_the_header_of_quoted_history_no_earlier_message_matched_is_never_a_block():
    reply = (
        "Dear Mr Smith,\n\nIn 2022 we issued 14,210 parking fines raising £412,000.\n\nKind regards,\nParking Services\n\n"
        "-----Original Message-----\nFrom: Sam Smith\nSent: 01 March 2023 10:00\nTo: FOI\nSubject: Parking fines\n\n"
        + REQUEST
    )
    guarded = _guarded(reply)
    assert {"To: FOI", "Subject: Parking fines"} <= guarded
    # outside quoted history such a line is left to the scores
    assert "To: FOI" not in _guarded("Dear Mr Smith,\n\nWe issued 14,210 fines.\n\nTo: FOI\nSubject: Parking fines\n")


def test_answers_written_inside_the_quoted_request_are_kept():
    reply = (
        "Please see our answers below.\n\nOn 1 March 2023, Sam Smith wrote:\n"
        "> Dear Borough Council,\n>\n> Please tell me how many parking fines were issued in 2022 and how much\n"
        "> income they raised.\n\nANSWER: 14,210 fines were issued, raising £412,000 in total for the year.\n\n"
        "> Yours faithfully,\n>\n> Sam Smith"
    )
    result = clean_message(reply, CleanContext(earlier_messages=[REQUEST]))
    assert "ANSWER: 14,210 fines were issued, raising £412,000 in total for the year." in result.clean_text
    assert "Please see our answers below." in result.clean_text
    assert "how many parking fines were issued" not in result.clean_text


# A top-posted reply over nested quoted history that no earlier message of the thread matches
# (the shape of test/emails/embedded_ception.txt in discourse/email_reply_trimmer, re-written): the
# greeting and sign-offs in the quotes belong to the quoted messages.
NESTED_QUOTES = """This is my answer to your question.

Thanks,
Sam Patel

On Mon, Feb 1, 2016 at 6:32 PM, Jo Brown <jo@example.org>
wrote:

> This is Jo's reply.
>
> On Mon, Feb 1, 2016 at 7:50 AM, Sam Patel <sam@example.org
> > wrote:
>
>> Great!
>>
>> Many thanks.
>>
>> On Mon, Feb 1, 2016 at 5:05 AM Jo Brown <jo@example.org> wrote:
>>
>>> What?
>>>
>>> On Wed, Jan 27, 2016 at 10:48 PM, Sam Patel <
>>> sam@example.org> wrote:
>>>
>>>> Hi Jo,
>>>>
>>>> How is it going?
>>>>
>>>> Sam Patel
"""


def test_a_quoted_greeting_or_sign_off_does_not_place_this_messages_lines():
    prep = prepare(NESTED_QUOTES, CleanContext())
    reply = next(u.idx for u in prep.units if u.text.startswith("This is my answer"))
    assert "pos:before_greeting" not in prep.positions[reply]
    quoted_thanks = next(u.idx for u in prep.units if u.text.startswith(">> Many thanks"))
    after = next(u.idx for u in prep.units if u.text.startswith(">> On Mon"))
    # the reply's own "Thanks," is a sign-off; the quoted "Many thanks." is not the last one
    assert "pos:after_signoff" in prep.positions[after]
    assert "pos:after_last_signoff" in prep.positions[after]
    assert quoted_thanks in prep.idx
    # the greeting still opens a message that has its own
    own = prepare("Hello team,\n\nWe hold no records.\n\n> Dear Sir,\n> Please send the list.", CleanContext())
    banner = prepare("EXTERNAL EMAIL\n\nDear Sam,\n\nWe hold no records.\n\nRegards\n\n> Hi Jo,", CleanContext())
    assert not any("pos:before_greeting" in p for p in own.positions)
    assert "pos:before_greeting" in banner.positions[0]


OUTLOOK_QUOTE = (
    "The answer is no, we do not hold it.\n\n"
    "From: Jo Brown <jo@example.org>\nSent: 01 February 2024 10:00\nTo: FOI <foi@example.gov.uk>\n"
    "Subject: RE: Parking fines\n\nDear FOI team,\n\nPlease tell me how many parking fines you issued in 2024.\n\n"
    "Hi Sam, can you look at this one? Thanks, Jo\n\nYours faithfully,\n\nJo Brown"
)


@pytest.mark.parametrize(
    "opening",
    [
        "From: Jo Brown <jo@example.org>\nSent: 01 February 2024 10:00",
        "-----Original Message-----\nFrom: Jo Brown [mailto:jo@example.org]",
        "On 1 Feb 2024, at 10:00, Jo Brown <jo@example.org> wrote:",
    ],
)
def test_a_greeting_after_the_opening_of_quoted_history_is_the_earlier_messages(opening):
    text = f"The answer is no, we do not hold it.\n\n{opening}\n\nDear FOI team,\n\nPlease send the list."
    prep = prepare(text, CleanContext())
    assert not any("pos:before_greeting" in p for p in prep.positions)
    # a memo-style letter heading is no quote: a "Date:" alone does not end the search
    letter = prepare("OFFICIAL\n\nDate: 3 June 2025\n\nDear Mr Smith,\n\nWe hold no records.", CleanContext())
    assert "pos:before_greeting" in letter.positions[0]


def test_a_top_posted_reply_over_an_unmatched_outlook_quote_is_kept():
    assert "The answer is no, we do not hold it." in clean_message(OUTLOOK_QUOTE).clean_text


@pytest.mark.parametrize(
    "note",
    [
        "Apologies for the delay in responding; our answer is below.",
        "The answer to your question is that the Council owns 14 vehicles.",
        "Sorry, the attachment was missing from my last email. Here it is.",
        "Further to our call this morning, here is the information.",
        "Thank you for your patience. Our answer follows.",
        "Apologies for the late reply. The answer to your question is that the Council owns 14 vehicles.",
    ],
)
def test_a_note_written_above_the_greeting_is_kept(note):
    # the scorer learns from copies of the collection's messages with a paragraph above the greeting
    # (scripts/train_clean.py, with_noted); before them, whatever came before a greeting read as a banner
    reply = (
        f"{note}\n\nDear Mr Smith,\n\nThe Council owns 14 vehicles.\n\nYours sincerely\n\nJo Bloggs\nFOI Officer\n\n"
        "This email and any attachments are confidential. If you have received it in error please delete it "
        "and tell the sender. Emails may be monitored."
    )
    result = clean_message(reply)
    assert note in result.clean_text
    assert "confidential" not in result.clean_text


@pytest.mark.parametrize(
    ("note", "where"),
    [
        ("Thank you for your patience. Our answer follows.", "Our answer follows."),
        (
            "Apologies for the late reply. The answer to your question is that the Council owns 14 vehicles.",
            "The answer to your question is that the Council owns 14 vehicles.",
        ),
        ("Mae'r wybodaeth yn y llythyr isod.", "Mae'r wybodaeth yn y llythyr isod."),
    ],
)
def test_a_note_that_says_where_the_answer_is_stays_whatever_the_scores(note, where):
    # round 28's one lost line was the first of these: "before the greeting" and "thank you for your
    # patience" read as a delay notice's; where the answer is, or the answer itself, is the reply's
    text = f"{note}\n\nDear Mr Smith,\n\nThe Council owns 14 vehicles.\n\nYours sincerely\n\nJo Bloggs\nFOI Officer"
    assert any(where in unit for unit in _guarded(text))


@pytest.mark.parametrize(
    "apology,where",
    [
        (
            "Apologies for the delay with this reply, which was caused by the Clerk's holiday.",
            "The information is in the letter below.",
        ),
        ("Ymddiheuriadau am yr oedi gyda'r ateb hwn – roedd y Clerc ar wyliau.", "Mae'r wybodaeth yn y llythyr isod."),
    ],
)
def test_a_note_above_the_greeting_that_says_where_the_answer_is_stays_whole(apology, where):
    # round 29's Welsh note lost its apology: a delay notice's words, above the greeting
    letter = "Dear Ms Rowlands,\n\nThe lights cost £4,200.\n\nYours sincerely\n\nJo Bloggs\nTown Clerk"
    guarded = _guarded(f"{apology} {where}\n\n{letter}")
    assert {apology, where} <= guarded
    # the same apology in a paragraph that says nothing of where the answer is: left to the scores
    assert apology not in _guarded(f"{apology}\n\n{where}\n\n{letter}")


def test_a_top_posted_reply_over_unmatched_nested_quotes_is_kept():
    clean = clean_message(NESTED_QUOTES).clean_text
    assert "This is my answer to your question." in clean
    assert "Sam Patel" in clean


@pytest.mark.parametrize(
    "header",
    [
        ">>> Sam Smith <[email address]> 17/03/2008 01:51:50 >>>",  # Lotus (Alaveteli's remove_quoted_sections)
        "Sam Smith <[FOI #123 email]>\nSent by: Sam Smith <[FOI #123 email]>\n06/03/08 10:00",  # Lotus Notes with the requester
        "----- Forwarded message -----",
        "________________________________\nFrom: Sam Smith\nSent: 01 March 2023\nTo: FOI",
        " On Thu, Nov 28, 2013 at 9:08 AM, Sam Smith\n <[1][FOI #123 email]> wrote:",
    ],
)
def test_quote_headers_of_several_mailers(header):
    reply = f"Dear Mr Smith,\n\nWe issued 14,210 fines.\n\nRegards,\nParking Services\n\n{header}\n\n{REQUEST}"
    result = clean_message(reply, CleanContext(earlier_messages=[REQUEST], requester_name="Sam Smith"))
    assert result.clean_text == "Dear Mr Smith,\n\nWe issued 14,210 fines.\n\nRegards,\nParking Services"
    assert {s.category for s in result.stripped} == {"quoted"}


@pytest.mark.parametrize(
    "lead", ["Thank you for your request of 1 March. You wrote:", "Your request was received on 1\nMarch. You wrote:"]
)
def test_an_answer_that_quotes_the_request_after_you_wrote_keeps_it(lead):
    asked = '"Please tell me how many parking fines were issued in 2022 and how much\nincome they raised."'
    reply = f"Dear Mr Smith,\n\n{lead}\n\n{asked}\n\nIn 2022 we issued 14,210 fines.\n\nRegards,\nParking Services"
    result = clean_message(reply, CleanContext(earlier_messages=[REQUEST], requester_name="Sam Smith"))
    assert asked in result.clean_text and lead in result.clean_text
    assert not any(s.category == "quoted" for s in result.stripped)
    # a mail client's line over the quote may say "you" after its date: still quoted history
    reply = f"Dear Mr Smith,\n\nWe issued 14,210 fines.\n\nRegards,\nParking Services\n\nAt 01/03/2023 10:00, you wrote:\n\n{REQUEST}"
    result = clean_message(reply, CleanContext(earlier_messages=[REQUEST]))
    assert result.clean_text == "Dear Mr Smith,\n\nWe issued 14,210 fines.\n\nRegards,\nParking Services"


def test_a_rule_of_dashes_at_the_top_does_not_hide_the_answer():
    # alaveteli#2330; Alaveteli folding example 10 has the same shape
    text = (
        "Please note: it is not possible to reply to this email.\n\n"
        + "-" * 60
        + "\n\nDear Ms Rock,\n\nWe hold 3 reports on this topic; copies are attached.\n\nYours sincerely,\nJo Bloggs"
    )
    result = clean_message(text)
    assert "We hold 3 reports on this topic; copies are attached." in result.clean_text
    assert "Dear Ms Rock," in result.clean_text
    assert "it is not possible to reply" not in result.clean_text


# -- layer 3: the scorer ------------------------------------------------------------------------------


def test_complaint_rights_without_any_heading_are_found_by_paragraphs():
    text = (
        "Dear Mr Ferris,\n\nWe do not hold this information.\n\n"
        "I hope that this information meets your requirements.\n\n"
        "If you are dissatisfied with this response you may request an independent internal review "
        "of our handling of your request by submitting a complaint within two months to me, quoting reference 19/08.\n\n"
        "If you remain dissatisfied after this internal review, you would have a right of complaint to the "
        "Information Commissioner as established by section 50 of the Freedom of Information Act.\n\n"
        "Yours faithfully,\n\nDavid Spilsbury\nDirector of Finance"
    )
    result = clean_message(text)
    assert result.clean_text == (
        "Dear Mr Ferris,\n\nWe do not hold this information.\n\n"
        "I hope that this information meets your requirements.\n\n"
        "Yours faithfully,\n\nDavid Spilsbury\nDirector of Finance"
    )
    assert {s.category for s in result.stripped} == {"complaint_rights"}


def test_a_mixed_paragraph_keeps_its_leading_content_sentence():
    text = (
        "Dear Sir/Madam\n\nThe council spent £12,400 on paper in 2022. I hope this helps. If you are unhappy with "
        "how we have handled your request, you can ask for an internal review within 40 working days, and then "
        "complain to the Information Commissioner.\n\nKind regards,\nAvril Manson"
    )
    result = clean_message(text)
    assert "The council spent £12,400 on paper in 2022. I hope this helps." in result.clean_text
    assert "internal review" not in result.clean_text and "Commissioner" not in result.clean_text
    assert [s.category for s in result.stripped] == ["complaint_rights"]


def test_disclaimer_between_rules_is_removed_with_its_rules():
    text = (
        "Mr Hearne,\nPlease see attached our response.\nKind Regards,\nLinda Dempsey\n\n**********\n\n"
        "Internet email is not to be treated as a secure means of communication.\n\n"
        "This communication is intended for the addressee(s) only. Please notify the sender if received in error. "
        "Unauthorised use or disclosure of the content may be unlawful.\n\nThank you for your co-operation.\n\n"
        "© Leicestershire Constabulary\n\n**********"
    )
    result = clean_message(text)
    assert result.clean_text == "Mr Hearne,\nPlease see attached our response.\nKind Regards,\nLinda Dempsey"


@pytest.mark.parametrize(
    "paragraph",
    [
        # research §3.7: templated text that must stay
        "The £600 limit is based on work being carried out at a rate of £25 per hour, which equates to 24 hours of work per request.",
        "Section 21 – information already reasonably accessible. This exemption applies if the information requested is "
        "already accessible to the requester, even if the Information Commissioner has not been told.",
        "If you are dissatisfied with the format of the data, please let me know and we can send a spreadsheet instead.",
        "I have now completed the internal review. The review found that the original decision to apply section 31 was "
        "correct, and I uphold it.",
        "The figures provided are sourced from a management information system which is not quality assured under "
        "National Statistics protocols and are provisional and subject to change.",
        "In 2022 the council received 45 complaints about its handling of FOI requests. 12 requesters asked for an "
        "internal review and 3 appealed to the Information Commissioner.",
        "Our policy says that staff who are unhappy with a decision can appeal to the HR director within 10 days.",
    ],
)
def test_precision_traps_stay(paragraph):
    text = f"Dear Ms Jones,\n\n{paragraph}\n\nYours sincerely,\nFOI Team"
    assert norm(paragraph) in norm(clean_message(text).clean_text)


def test_outgoing_internal_review_request_is_the_requester_s_content():
    text = (
        "Dear Home Office,\n\nPlease pass this on to the person who conducts Freedom of Information reviews.\n\n"
        "I am writing to request an internal review of your handling of my FOI request. If you are unhappy with "
        "my reasons I will complain to the Information Commissioner at Wycliffe House.\n\nYours faithfully,\nSam"
    )
    assert clean_message(text, CleanContext(kind="outgoing")).clean_text == tidy(text)


def test_social_and_environment_lines_in_the_tail():
    text = (
        "Dear Ms King,\n\nThe answer is 2009.\n\nYours sincerely\n\nJames Young\nInformation Manager\n\n"
        "Consider our environment - please do not print this email unless absolutely necessary.\n\n"
        "Find us at:\n\nFacebook: Facebook.com/metpoliceuk\nTwitter: @metpoliceuk\n\nSent from my iPhone"
    )
    result = clean_message(text)
    assert (
        result.clean_text
        == "Dear Ms King,\n\nThe answer is 2009.\n\nYours sincerely\n\nJames Young\nInformation Manager"
    )


def test_an_answer_about_twitter_is_not_a_signoff():
    text = (
        "Dear Mr Lee,\n\nThe council runs 3 accounts: Twitter @camdentalking, Facebook and Instagram. "
        "Question 2: they are run by the communications team.\n\nRegards,\nFOI Officer"
    )
    assert clean_message(text).clean_text == tidy(text)


def test_repeated_letterhead_text_is_removed_but_the_letter_stays():
    logo = "**BORDER\nFORCE**\nNATIONAL MUSEUM\n\nINTERNATIONAL\n**SLAVERY\nMUSEUM**\n\nLady Lever\nART GALLERY"
    text = (
        f"Dear Mr Ferris,\n\n1. Has the museum used live facial recognition?\n\nNo.\n\n{logo}\n\n"
        f"2. Do you have a policy?\n\nNo.\n\nYours faithfully,\n\nDavid Spilsbury\nDirector\n\n{logo}"
    )
    result = clean_message(text)
    assert "SLAVERY" not in result.clean_text and "Lady Lever" not in result.clean_text
    assert "2. Do you have a policy?\n\nNo." in result.clean_text and "David Spilsbury\nDirector" in result.clean_text


def test_references_list_drops_only_links_of_removed_text():
    text = (
        "Regards\nArthur Pritchard\ne-mail: [1][email address]\n\n" + "*" * 40 + "\n"
        "This email has been scanned for viruses by Mimecast. For more information please visit "
        "[2]http://www.mimecast.com\n" + "*" * 40 + "\n\nReferences\n\nVisible links\n1. mailto:[email address]\n"
        "2. http://www.mimecast.com/"
    )
    result = clean_message(text)
    assert "1. mailto:[email address]" in result.clean_text
    assert "mimecast" not in result.clean_text.lower()


# -- layer 4: mining --------------------------------------------------------------------------------------

UNKNOWN_BLOCK = (
    "Borsetshire County Council is committed to transparency. Our publication scheme lists the "
    "information we routinely publish and is updated every quarter by the records team."
)


def _council_reply(n: int) -> str:
    return (
        f"Dear Requester {n},\n\nWe hold {n * 7} records about item {n}; they are attached as a spreadsheet.\n\n"
        f"Yours sincerely,\n\nPat Jones\nInformation Officer\n\n{UNKNOWN_BLOCK}"
    )


def test_mining_is_evidence_the_scorer_weighs():
    rows = [("borsetshire", i, _council_reply(i)) for i in range(1, 4)]
    stats = mine_authority_blocks(rows)["borsetshire"]
    assert stats.n_requests == 3
    fresh = _council_reply(9)
    model = load_model()

    def margin(blocks: BlockStats | None) -> float:
        ctx = CleanContext(authority="borsetshire", authority_blocks=blocks)
        prep = prepare(fresh, ctx)
        i = next(k for k, u in enumerate(prep.units) if "publication scheme" in u.text)
        assert ("r:auth" in prep.extra[i]) == (blocks is not None)
        scores = prep.paras[prep.units[i].para].model_scores(model)[0][prep.unit_para[i]]
        ctx_scores = model.scores(prep.positions[i] + prep.extra[i])
        e = model.emission([a + b for a, b in zip(scores, ctx_scores, strict=False)])
        return max(e[1:]) - e[0]

    assert margin(stats) > margin(None)  # the repeat makes boilerplate likelier
    mined = clean_message(fresh, CleanContext(authority="borsetshire", authority_blocks=stats))
    assert "publication scheme" not in mined.clean_text
    assert "We hold 63 records about item 9" in mined.clean_text
    assert "Pat Jones\nInformation Officer" in mined.clean_text  # the signature repeats too, and stays
    assert [s.rule.endswith("+repeated") for s in mined.stripped] == [True]


def test_mining_needs_several_different_requests():
    same_request = [("borsetshire", 1, _council_reply(i)) for i in range(1, 6)]
    assert not mine_authority_blocks(same_request)["borsetshire"].counts
    two = [("borsetshire", i, _council_reply(i)) for i in range(1, 3)]
    assert not mine_authority_blocks(two)["borsetshire"].counts
    assert mine_authority_blocks(two, min_requests=2)["borsetshire"].counts


def test_repeated_answer_text_mid_letter_is_not_boilerplate():
    ack = "Your request will be answered within the statutory timescale of twenty working days from the date received."
    rows = [("borsetshire", i, f"Dear Requester,\n\n{ack}\n\nRegards,\nFOI") for i in range(1, 6)]
    stats = mine_authority_blocks(rows)["borsetshire"]
    assert stats.counts  # it does repeat ...
    text = f"Dear Requester,\n\n{ack}\n\nThe figure you asked for is 12.\n\nRegards,\nFOI"
    assert ack in clean_message(text, CleanContext(authority_blocks=stats)).clean_text  # ... but is not boilerplate


def test_mining_accepts_archive_rows_and_round_trips():
    rows = [{"authority": "b", "request_id": i, "raw_text": _council_reply(i), "slug": "x"} for i in range(1, 4)]
    stats = mine_authority_blocks(rows)["b"]
    assert BlockStats.from_dict(json.loads(json.dumps(stats.to_dict()))) == stats


# -- safety net and invariants --------------------------------------------------------------------------------


def test_a_message_that_is_all_boilerplate_is_not_emptied():
    text = (
        "This is an automated confirmation that your request has been received. Please do not reply to this email.\n\n"
        "This email and any attachments are confidential and intended solely for the addressee. If you have received "
        "this email in error please notify the sender and delete it."
    )
    result = clean_message(text)
    assert result.clean_text.strip()


@pytest.mark.parametrize("kind", ["incoming", "outgoing", "annotation"])
def test_empty_and_blank_input(kind):
    assert clean_message("", CleanContext(kind=kind)).clean_text == ""
    assert clean_message(" \n\xa0\n", CleanContext(kind=kind)).stripped == []


def test_tidy_is_documented_behaviour():
    assert tidy("\n\n  a  \r\n\r\n\n \nb\t\n\n") == "  a\n\nb"


PIECES = [
    "Dear Ms King,",
    "The MPS response is: 2009",
    "Yours sincerely\n\nJames Young\nInformation Manager",
    "COMPLAINT RIGHTS",
    "Are you unhappy with how your request has been handled or do you think the decision is incorrect?",
    "If you are dissatisfied with this response you may request an internal review within two months.",
    "Information Commissioner's Office\nWycliffe House\nWater Lane\nWilmslow\nSK9 5AF",
    "NOTICE - This email and any attachments may be confidential and are intended solely for the intended recipient. "
    "If you have received this email in error, please notify the sender.",
    "*" * 30,
    "-" * 40,
    "Find us at:",
    "Twitter: @metpoliceuk",
    "Sent from my iPhone",
    "show quoted sections",
    "-----Original Message-----\nFrom: Sam\nSent: today\nTo: FOI\nSubject: x",
    "> quoted line one\n> quoted line two",
    "On 1 May 2020, Sam wrote:",
    "References\n\nVisible links\n1. http://x.example/",
    "Please do not reply to this email.",
    "£450 is the appropriate limit for question 3.",
    "\xa0",
    "",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    parts=st.lists(
        st.one_of(st.sampled_from(PIECES), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)),
        max_size=14,
    ),
    seps=st.lists(st.sampled_from(["\n", "\n\n", "\n \n", "\r\n", " "]), min_size=14, max_size=14),
    kind=st.sampled_from(["incoming", "outgoing", "annotation"]),
    earlier=st.booleans(),
)
def test_invariants(parts, seps, kind, earlier):
    raw = "".join(p + s for p, s in zip(parts, seps, strict=False))
    ctx = CleanContext(
        kind=kind, earlier_messages=["Dear FOI,\n\nquoted line one quoted line two thanks\n\nSam"] if earlier else ()
    )
    result = clean_message(raw, ctx)
    prev = 0
    for s in result.stripped:
        assert 0 <= s.start < s.end <= len(raw)
        assert s.start >= prev  # sorted, non-overlapping
        prev = s.end
        assert s.category in {
            "quoted",
            "site_footer",
            "disclaimer",
            "complaint_rights",
            "signoff_block",
            "other_boilerplate",
        }
        assert s.rule
    assert result.clean_text == tidy(remove_spans(raw, result.stripped))
    if raw.strip():
        assert result.clean_text.strip()


def test_units_cover_every_non_blank_line():
    text = "a\nb\n\n \nCOMPLAINT RIGHTS\nc. Second sentence here.\n----------\nd\n> quoted\n>\n> more"
    covered = "".join(text[u.start : u.end] for u in segment(text))
    assert "".join(text.replace(">", "").split()) == "".join(covered.replace(">", "").split())
    units = segment(text)
    assert [u.start for u in units] == sorted(u.start for u in units)
    assert all(a.end <= b.start for a, b in zip(units, units[1:], strict=False))


# -- the labelled set as a regression gate (targets of the issue) -----------------------------------------------


def test_labelled_set_meets_the_targets(labelled):
    blocks = mine_authority_blocks(
        (r["authority"], r["thread"], r["raw_text"]) for r in labelled if r["kind"] == "incoming"
    )
    removed: dict[str, list[int]] = {}
    for rec in labelled:
        result = clean_message(
            rec["raw_text"], thread_context(labelled, rec, authority_blocks=blocks.get(rec["authority"]))
        )
        out = norm(result.clean_text)
        assert out or not rec["raw_text"].strip(), rec["id"]
        for snippet in rec["must_keep"]:  # every line that must stay, in every message
            assert norm(snippet) in out, (rec["id"], snippet)
        for item in rec["must_remove"]:
            c = removed.setdefault(item["category"], [0, 0])
            c[1] += 1
            c[0] += norm(item["text"]) not in out
    for cat in ("complaint_rights", "disclaimer", "signoff_block", "other_boilerplate"):
        assert removed[cat][0] / removed[cat][1] >= 0.95, (cat, removed[cat])
    assert len(labelled) >= 80 and len({r["authority"] for r in labelled}) >= 8


# -- real excerpts from the research catalogue (stripping.md §3; the page each was seen on is in the file) -----

EXCERPTS = json.loads(
    (Path(__file__).parent / "data" / "clean" / "catalogue_excerpts.json").read_text(encoding="utf-8")
)
REPLY = "Dear Mr Shaw,\n\nWe used 1,250 reams of paper last year.\n\nYours sincerely,\n\nJane Smith\nInformation Officer\n\n"


@pytest.mark.parametrize("item", [i for i in EXCERPTS if i["expect"] == "keep"], ids=lambda i: i["name"])
def test_templated_answer_text_from_real_responses_stays(item):
    text = f"Dear Mr Shaw,\n\n{item['text']}\n\nYours sincerely,\nJane Smith"
    assert norm(item["text"]) in norm(clean_message(text).clean_text)


def test_most_real_complaint_and_disclaimer_excerpts_are_removed_and_the_reply_kept():
    items = [i for i in EXCERPTS if i["category"] in ("complaint_rights", "disclaimer")]
    removed = 0
    for item in items:
        out = norm(clean_message(REPLY + item["text"]).clean_text)
        assert out.startswith(norm(REPLY)), item["name"]  # never a word of the reply
        removed += out[len(norm(REPLY)) :].strip() == (item["keep_lead"] or "")
    # the benchmark reports the same probe against baselines (BENCHMARKS.md, clean section)
    # 13 of 15: two were mended by reading them (the courtesy that ends the answer mid-paragraph, the
    # regulator's address after the review paragraph), so this is a development figure (the scorer
    # trained on rounds 1 to 71 alone got 12: it read the last sentence of Shetland's paragraph, which
    # points to the appeals leaflet, as answer text, and kept the review sentence that shares its line)
    assert removed / len(items) >= 0.85, removed


# -- an archive that teaches its cleaner -------------------------------------------------------------------

# (the base model, told that the archive repeats it, must read it as boilerplate for there to be a
# lesson: a line set apart as a motto under the signature, as authorities' repeated lines are)
PLEDGE = (
    "Our openness pledge: every reply from the records office joins our quarterly openness register. "
    "Follow the register's curators on social media through the openness portal."
)


def _pledge_threads(n: int) -> list[list[dict]]:
    threads = []
    for i in range(1, n + 1):
        threads.append(
            [
                {
                    "site": "s",
                    "authority": "borsetshire",
                    "request_id": i,
                    "kind": "outgoing",
                    "raw_text": f"Dear Borsetshire,\n\nHow many potholes were filled in ward {i}?\n\nSam",
                },
                {
                    "site": "s",
                    "authority": "borsetshire",
                    "request_id": i,
                    "kind": "incoming",
                    "raw_text": f"Dear Sam,\n\nOur highways crews filled {i * 37} potholes in ward {i} during the last "
                    f"financial year, mostly between January and March.\n\nYours sincerely,\n\nPat Jones\n\n{PLEDGE}",
                },
            ]
        )
    return threads


def test_the_archive_teaches_its_cleaner_what_it_repeats():
    from scraper.clean.adapt import adapted, learn_from_archive

    threads = _pledge_threads(4)
    blocks = mine_authority_blocks(r for t in threads for r in t)
    base = load_model()
    adaptation = learn_from_archive(threads, base, blocks)
    assert adaptation.examples["content"] > 0 and sum(adaptation.examples.values()) > adaptation.examples["content"]
    assert any(f.startswith("w:openness") for f in adaptation.weights)
    model = adapted(base, adaptation)
    assert load_model().weights == base.weights  # the shipped model is not changed

    # another authority, once only (nothing for mining to see), says it in other words
    text = (
        "Dear Sam,\n\nWe hold no such figures.\n\nRegards,\nLee\n\n"
        "The openness register and its curators welcome comments through the openness portal."
    )

    def margin(m) -> float:
        prep = prepare(text, CleanContext(model=m))
        i = next(k for k, u in enumerate(prep.units) if "openness register" in u.text)
        scores = prep.paras[prep.units[i].para].model_scores(m)[0][prep.unit_para[i]]
        e = m.emission([a + b for a, b in zip(scores, m.scores(prep.positions[i] + prep.extra[i]), strict=False)])
        return max(e[1:]) - e[0]

    assert margin(model) > margin(base)
    # nothing repeated, nothing learned
    assert not learn_from_archive(
        _pledge_threads(1), base, mine_authority_blocks(r for t in _pledge_threads(1) for r in t)
    )


def test_mining_is_keyed_by_site_and_authority_and_counts_blocks_several_authorities_send():
    block = "Please note that replies to this office are logged on the public register of correspondence."
    rows = []
    for site in ("a.example", "b.example"):
        for i in range(3):
            rows.append(
                {
                    "site": site,
                    "authority": "council",
                    "request_id": i,
                    "kind": "incoming",
                    "raw_text": f"Answer {i} from {site}.\n\n{block}" if site == "a.example" else f"Answer {i}.",
                }
            )
    mined = mine_authority_blocks(rows)
    assert set(mined) == {"a.example council", "b.example council"}  # the same url_name on two sites
    key = norm_sentence(block)
    assert mined["a.example council"].is_repeated(key) and not mined["b.example council"].is_repeated(key)
    # three authorities send the same regulator paragraph once each: counted across authorities
    ico = "The Information Commissioner can be reached at Wycliffe House, Water Lane, Wilmslow SK9 5AF."
    rows = [{"authority": a, "request_id": 1, "kind": "incoming", "raw_text": f"Answer.\n\n{ico}"} for a in "xyz"]
    assert norm_sentence(ico) in mine_authority_blocks(rows)["x"].cross


def test_a_batch_request_quoted_back_by_many_authorities_is_not_boilerplate():
    request = "Please tell me how many electric vehicle charging points you operated on 1 April 2024."
    rows = []
    for a in ("x", "y", "z", "w"):
        for i in range(3):
            rows.append({"authority": a, "request_id": f"{a}{i}", "kind": "outgoing", "raw_text": request})
            rows.append(
                {
                    "authority": a,
                    "request_id": f"{a}{i}",
                    "kind": "incoming",
                    "raw_text": f"We operate {i + 3} charging points.\n\n> {request}",
                }
            )
    mined = mine_authority_blocks(rows)
    key = norm_sentence(request)
    assert not mined["x"].is_repeated(key) and key not in mined["x"].cross


def test_what_an_authority_repeats_in_its_answers_is_never_taught_as_boilerplate():
    # an authority's own cost-limit sentence recurs with other figures; "I trust this answers ..." too
    cost = (
        "To answer the other parts of your request we would need to read about {n} case files by hand. "
        "At {m} minutes a file that would take about {h} hours, more than the 18 hours allowed by section 12 "
        "of the Act, so we have not done so."
    )
    review = (
        "If you are unhappy with this response you may ask for an internal review within 40 working days. "
        "If you remain dissatisfied you can complain to the Information Commissioner's Office, Wycliffe "
        "House, Water Lane, Wilmslow SK9 5AF."
    )
    topics = ["street lighting", "pothole repairs", "parking fines", "library closures", "bus lane cameras"]

    def reply(i: int) -> str:
        n, m = 1000 + 137 * i, 3 + i
        return (
            f"Dear Requester {i},\n\nIn 20{10 + i} we recorded {50 + 7 * i} reports about {topics[i]}.\n\n"
            + cost.format(n=f"{n:,}", m=m, h=n * m // 60)
            + f"\n\nI trust this answers your request.\n\n{review}\n\nYours sincerely\n\nJo Bloggs\nFOI Officer"
        )

    from scraper.clean.adapt import adapted, learn_from_archive

    rows = []
    for i in range(4):
        rows.append(
            {
                "site": "s",
                "authority": "x",
                "request_id": i,
                "kind": "outgoing",
                "raw_text": f"Dear X,\n\nPlease tell me about {topics[i]}.\n\nYours faithfully,\n\nRequester {i}",
            }
        )
        rows.append({"site": "s", "authority": "x", "request_id": i, "kind": "incoming", "raw_text": reply(i)})
    blocks = mine_authority_blocks(rows)
    model = adapted(
        load_model(),
        learn_from_archive([[r for r in rows if r["request_id"] == i] for i in range(4)], load_model(), blocks),
    )
    out = clean_message(reply(4), CleanContext(authority="x", authority_blocks=blocks["s x"], model=model)).clean_text
    assert norm(cost.format(n="1,548", m=7, h=1548 * 7 // 60)) in norm(out)
    assert "I trust this answers your request." in out
    assert "Wycliffe" not in out  # the review paragraph, repeated too, is still boilerplate


def test_the_shipped_model_on_the_development_collection():
    """In sample (the held-out figures are the benchmark's): the shipped scorer keeps what its own
    material says must stay, removes nearly every block, and empties nothing."""
    from benchmarks.clean_collection import load_collection, render_collection

    records = [m.to_record() for m in render_collection(load_collection())]
    assert len({r["authority"] for r in records}) >= 150
    by_thread: dict[str, list[dict]] = {}
    for r in records:
        by_thread.setdefault(r["thread"], []).append(r)
    keep_total = keep_lost = 0
    removed: dict[str, list[int]] = {}
    for msgs in by_thread.values():
        earlier: list[str] = []
        kinds: list[str] = []
        for r in msgs:
            ctx = CleanContext(
                kind=r["kind"],
                authority=r["authority"],
                earlier_messages=tuple(earlier),
                earlier_kinds=tuple(kinds),
                requester_name=r["requester_name"],
            )
            result = clean_message(r["raw_text"], ctx)
            earlier.append(r["raw_text"])
            kinds.append(r["kind"])
            out = norm(result.clean_text)
            assert out, r["id"]
            keep_total += len(r["must_keep"])
            keep_lost += sum(norm(k) not in out for k in r["must_keep"])
            stripped = [(s.start, s.end) for s in result.stripped]
            for s, e, cat, _block in r["spans"]:
                covered = sum(max(0, min(b, e) - max(a, s)) for a, b in stripped)
                c = removed.setdefault(cat, [0, 0])
                c[1] += 1
                c[0] += covered >= 0.9 * (e - s)
    assert keep_lost <= keep_total // 1000, keep_lost
    for cat, (ok, total) in removed.items():
        # other_boilerplate is about 92% in sample: some authorities' acknowledgement blocks hold what the
        # acknowledgement rule keeps as content (its opening thanks, that the request arrived, when the
        # answer is due, this request's clock: "the 20 working days will start again when we receive
        # your reply", and a condition on it said right after the due date), and such a block counts
        # as missed; signoff_block is about 95.3% here (no mining) since the content margin is 3.0: the
        # lines of a sign-off block the scorer is least sure of stay
        floor = {"other_boilerplate": 0.87, "signoff_block": 0.94}.get(cat, 0.95)
        assert ok / total >= floor, (cat, ok, total)


# -- what a reply decides -------------------------------------------------------------------------------------

DECISIONS = [
    "I have today decided to disclose the located information to you in full.",
    "In accordance with the Freedom of Information Act 2000, this email acts as a Refusal Notice.",
    "The review therefore partially upholds your complaint.",
    "The Council does not hold any information about traffic wardens' bonuses.",
    "There have been no deployments, so there is no information held for this question.",
    "Your request for an internal review will now be considered.",
    '"Upheld" means the reviewer found that the original response was wrong.',
    "If you would like to submit a refined request, please reply to this email.",
    "<<Response letter 2024-118.pdf>>",
    "We can confirm the system's name is Facewatch.",
    "DECISION",
    # an offer about this information
    "If you would like the figure for a smaller number of named academies, please let us know.",
    "If it would help, we could look at the invoices for a single year.",
    # an offer about what to do with this request
    "With your consent, we will pass your letter to the pensions team as a subject access request.",
    # who else holds what was asked, and how to reach them
    "The county council runs the school transport contracts and is likely to hold the invoices.",
    "You could write to them at foi@example.gov.uk.",
    "You may wish to send your request to them:",
    "You may wish to contact the councils directly:",
    # what was done with this request
    "Your request is for your own personal information, so we will deal with it as a subject access request.",
    "We have closed it as a Freedom of Information request and passed it to the Subject Access Request team.",
    "We have forwarded your email to the Highways team.",
    "We've passed your request to the Highways team.",
    "We’ll treat it as a request for environmental information.",
    # what becomes of asking again
    "If you decide to send a new request, please be aware that it will be treated as a new request and the 20 "
    "working day period will begin again.",
    "We will treat your email as a fresh request.",
    # where the answer is, or the answer itself (a note above a pasted letter says so)
    "Thank you for your patience. Our answer follows.",
    "Please find our response to your request below.",
    "The information you asked for is set out below.",
    "Please see attached our letter of today's date.",
    "The answer to your question is that the Council owns 14 vehicles.",
    # that this reply carries no right of review in law (a body answering outside the Act of its own accord)
    "As this is not a request under the Regulations, there is no statutory right of review, but please write to me.",
    "Although there is no statutory right of review for information outside the Regulations, please write to us.",
    "As this is not a request under the Regulations there is no formal right of\nreview, but please write to me.",
    "This review was carried out voluntarily, as your request is not for environmental information.",
]


@pytest.mark.parametrize("sentence", DECISIONS)
def test_what_a_reply_decides_is_recognised(sentence):
    assert decides(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "If we have decided to withhold information, you can ask for an internal review.",
        "Where no information is held, we will tell you so.",
        "If the Commissioner upholds your complaint, we will be told to answer again.",
        "Should it not be possible to respond within twenty working days, we will write to you.",
        "We may ask you to clarify your request.",
        "If we can confirm that the information is held, we will send it to you.",
        "If you are unhappy with the decision",
        "If you would like this response in large print, Braille or another format, please ask.",
        "If you would like to request a review, write to the FOI team within 40 working days.",
        # a late review's fate is the review paragraph's
        "Requests for a review received after 40 working days will be treated as a new request.",
        "If you complain after the deadline, your email will be treated as a new request.",
        "Where another body may hold the information, we will tell you who it is.",
        "If your question is about a hospital, we will give you its address so that you can contact them.",
        # whom to contact, said as a condition, or not introducing the list of them
        "If you remain unhappy, you can contact the Information Commissioner directly:",
        "You may wish to contact the councils directly.",
        # what would be done with a request of another kind
        "If you ask for your own information, we will treat your request as a subject access request.",
        "Where we have passed your request to another body, we will tell you.",
        "Requests for personal data are handled as subject access requests.",
        # the way to a review, put as an offer
        "If you would like the Council to reconsider its decision, please write to the Town Clerk.",
        "If you would like to make representations about this decision, please write to us.",
        "If you would like the decision looked at again, write to the Chair of Governors within 40 working days.",
        # the way to one's own records, in help text about requests in general
        "If you would like a copy of your own social care records, please use the subject access request form.",
        # a disclaimer: what this e-mail may hold, not who else holds what was asked
        "This e-mail and any attachments may hold information that is confidential or privileged.",
        # a procedure's heading, a promise of an answer to come, help text about answers in general
        "If you are unhappy with the response to your request, the steps are as follows:",
        "Our response will follow within 20 working days.",
        "If our reply below is unclear, please contact us.",
        # a review block's end of the road ("there is no right of appeal to ..."), not this reply's standing
        "Because we are a private company, there is no right of appeal to the Information Commissioner.",
        "You are welcome to check whether the answer to your request is already available.",
    ],
)
def test_a_decision_put_as_a_condition_is_not_one(sentence):
    assert not decides(sentence)


def test_the_list_a_redirection_introduces_is_kept_with_it():
    councils = "\n".join(f"- {name} Council (www.{name.lower()}.gov.uk)" for name in ("Halton", "Sefton", "Wirral"))
    text = (
        "Dear Ms Keating,\n\nThe councils carry out the repairs and hold the records.\n\n"
        f"You may wish to contact the councils directly:\n{councils}\n"
        "Each council's website has a page with a form for requests.\n\nYours sincerely,\n\nJo Mercer"
    )
    guarded = _guarded(text)
    assert {"- Halton Council (www.halton.gov.uk)", "- Wirral Council (www.wirral.gov.uk)"} <= guarded
    # the same list after a sentence that introduces nothing of the answer's is left to the scores
    assert "- Halton Council (www.halton.gov.uk)" not in _guarded(
        text.replace("You may wish to contact the councils directly:", "Our partners:")
    )


@pytest.mark.parametrize(
    "sentence,points",
    [
        ("The county council runs the contracts and is likely to hold the invoices.", True),
        ("You could write to them at foi@example.gov.uk.", True),
        ("If you would like the figure for a smaller number of schools, please let us know.", True),
        ("The Trust does not hold this information.", True),
        # what was done with this request points nowhere else
        ("Your request will now be considered under the Freedom of Information Act 2000.", False),
        ("We have forwarded your email to the Highways team.", False),
        ("I have decided to disclose the report in full.", False),
    ],
)
def test_which_decisions_point_elsewhere(sentence, points):
    assert decides(sentence)
    assert points_elsewhere(sentence) is points


def _paragraph(text: str) -> SimpleNamespace:
    return SimpleNamespace(texts=[text], words=frozenset(text.lower().replace(",", " ").replace(".", " ").split()))


@pytest.mark.parametrize(
    "heading,under,scores,block",
    [
        # the heading, and a paragraph under it the scorer prefers to read as the rights block
        (
            "COMPLAINT RIGHTS",
            "Your attention is drawn to the attached sheet, which details your right of complaint.",
            (6.8, 9.6),
            True,
        ),
        # ... but not where the scorer prefers content for it
        (
            "COMPLAINT RIGHTS",
            "Your attention is drawn to the attached sheet, which details your right of complaint.",
            (9.6, 6.8),
            False,
        ),
        # nor under a heading that is no rights heading, nor where the paragraph speaks of no rights
        (
            "NEXT STEPS",
            "Your attention is drawn to the attached sheet, which details your right of complaint.",
            (6.8, 9.6),
            False,
        ),
        ("COMPLAINT RIGHTS", "The attached sheet sets out the figures for each year.", (6.8, 9.6), False),
    ],
)
def test_a_rights_heading_and_the_paragraph_under_it_are_the_block(heading, under, scores, block):
    """Between the answer and the sign-off, so short a block may cost the decoder more to enter and
    leave than its units gain: a rights heading and a paragraph under it that speaks of rights, which
    the scorer prefers to read as complaint_rights unit by unit, are the block."""
    content, rights = scores
    path = [0, 0, 0, 0]
    emissions = [(20.0, 0, 0, 0, 0), (7.0, 7.5, 0, 0, 0), (content, rights, 0, 0, 0), (20.0, 0, 0, 0, 0)]
    info = [_paragraph("The answer."), _paragraph(heading), _paragraph(under), _paragraph("Yours sincerely")]
    _rights_under_heading(path, emissions, [2, 2, 2, 2], [None, None, None, 0], [1], [0, 1, 2, 3], info)
    assert path == ([0, 1, 1, 0] if block else [0, 0, 0, 0])


def test_what_runs_on_from_a_pointer_elsewhere_is_kept_with_it():
    """A pointer to the body that holds what was asked is the answer's, and so are the sentences it
    runs on into within its paragraph (how to reach that body), up to the next line break or a
    review paragraph run on after them; after a sentence that points nowhere they are left to the
    scores."""
    how = (
        "Requests to the Partnership are handled by its host authority, Exampleshire\n"
        "County Council, and can be made through the contact page on its website."
    )
    text = (
        "Dear Mr Rowe,\n\nThe Fund's holdings in pooled sub-funds are listed in the annual report.\n\n"
        "If you would like the companies held inside the sub-funds, that list is held by\n"
        f"the Regional Pension Partnership rather than by the Fund. {how}\n"
        "If you are unhappy with this response, you may ask for an internal review within 40 working days.\n\n"
        "Regards,\n\nSam Ellis"
    )
    guarded = _guarded(text)
    assert any(t.startswith("Requests to the Partnership") for t in guarded)
    assert not any(t.startswith("If you are unhappy") for t in guarded)
    plain = text.replace(
        "If you would like the companies held inside the sub-funds, that list is held by\n"
        "the Regional Pension Partnership rather than by the Fund.",
        "The sub-funds are managed by the Regional Pension Partnership on the Fund's\nbehalf.",
    )
    assert not any(t.startswith("Requests to the Partnership") for t in _guarded(plain))


def test_what_a_reply_decides_stays_even_where_the_archive_sees_it_repeated():
    """The same answer sent to several requesters (the same question asked again) repeats like a
    block, and the scorer, given the repetition, would read it as one; a decision stays whatever
    the scores, over the lines it is wrapped on."""
    answer = (
        "I have today decided to disclose the located information to you in\n"
        "full. The Council does not hold any information about the overt use\n"
        "of the cameras on the estate."
    )

    def reply(n: int) -> str:
        return (
            f"Dear Requester {n},\n\n{answer}\n\nYours sincerely,\n\nPat Jones\nInformation Officer\n\n{UNKNOWN_BLOCK}"
        )

    stats = mine_authority_blocks([("borsetshire", i, reply(i)) for i in range(1, 4)], min_requests=2)["borsetshire"]
    ctx = CleanContext(authority="borsetshire", authority_blocks=stats)
    prep = prepare(reply(9), ctx)
    decided = [i for i, u in enumerate(prep.units) if u.text.strip() and u.text.strip() in answer]
    assert decided and set(decided) <= protected(prep)
    out = clean_message(reply(9), ctx)
    assert norm(answer) in norm(out.clean_text)
    assert "publication scheme" not in out.clean_text  # the block itself still goes


def test_the_signature_ends_before_a_postal_address_under_the_name_or_title():
    text = (
        "Dear Ms Jones,\n\nWe planted 312 trees in 2023/24.\n\nYours sincerely\n\nAndrew Pell\n"
        "Information Governance Officer\nTown Hall, Hornton Street, London W8 7NX\n"
        "Switchboard: 020 7361 3000\n\nKind regards,\nJo Bloggs\n\nFOI Officer\nHigh Street, Borchester BC1 2AB"
    )
    prep = prepare(text, CleanContext())
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    assert {"Andrew Pell", "Information Governance Officer"} <= guarded
    assert "Town Hall, Hornton Street, London W8 7NX" not in guarded
    assert "Switchboard: 020 7361 3000" not in guarded
    # the name ends its paragraph: the title after the blank line is the signature's, not the address
    assert {"Jo Bloggs", "FOI Officer"} <= guarded
    assert "High Street, Borchester BC1 2AB" not in guarded


def test_the_signature_stops_before_an_organisation_block_with_an_address_but_keeps_the_writer_s_office():
    block = "Agri-Food Institute\n18a Newforge Lane | Belfast | BT9 5PX\nwww.afbi.example.gov.uk\nPlease consider the environment."
    text = f"Dear Ms Jones,\n\nWe hold 42 such contracts.\n\nYours sincerely\n\nJo Pike\nFOI Officer\n{block}"
    guarded = _guarded(text)
    assert {"Jo Pike", "FOI Officer"} <= guarded
    assert "Agri-Food Institute" not in guarded
    # the writer's office ending the paragraph is the signature's, its address under it is not
    office = "Dear Ms Jones,\n\nWe hold 42 such contracts.\n\nYours sincerely\n\nJo Pike\nFOI Officer\nThe Royal Borough\nTown Hall, Hornton Street, London W8 7NX"
    guarded = _guarded(office)
    assert {"Jo Pike", "FOI Officer", "The Royal Borough"} <= guarded
    assert "Town Hall, Hornton Street, London W8 7NX" not in guarded


def test_the_signature_stops_at_a_question_or_a_numbered_item_after_it():
    # (a name's initial is no numbered item)
    assert {"A. Jones", "FOI Officer"} <= _guarded(
        "Dear Ms Jones,\n\nWe hold 42 such contracts.\n\nYours sincerely\n\nA. Jones\nFOI Officer\n"
    )
    for opening in ("Unhappy with our answer?", "1) Internal review.", "2.", "(b) Complaints"):
        text = (
            f"Dear Ms Jones,\n\nWe hold 42 such contracts.\n\nYours sincerely\n\nJo Pike\nFOI Officer\n{opening}\n"
            "You can ask us to review our reply within 40 working days."
        )
        guarded = _guarded(text)
        assert {"Jo Pike", "FOI Officer"} <= guarded
        assert opening not in guarded


def test_the_signature_keeps_a_long_office_name_but_not_a_sentence_after_it():
    office = "Office of the Police, Fire and Crime Commissioner for North Borsetshire"  # 72 characters
    notice = "This e-mail and any files sent with it are confidential and meant only for the addressee."
    text = (
        "Dear Mr Hale,\n\nThe panel met four times in 2024.\n\nYours sincerely\n\nGreta Lind\n"
        f"Chief Executive\n{office}\n\n{notice}"
    )
    prep = prepare(text, CleanContext())
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    assert {"Greta Lind", "Chief Executive", office} <= guarded
    assert notice not in guarded


def test_the_signature_does_not_go_on_into_a_paragraph_that_opens_with_a_sentence():
    notice = "Borsetshire County Council is committed to transparency."
    text = (
        "Dear Jane,\n\nWe emptied 1000 bins.\n\nRegards,\nPat Jones\n\n"
        f"{notice} Our publication scheme lists what we publish."
    )
    guarded = _guarded(text)
    assert "Pat Jones" in guarded and notice not in guarded
    # a name, a title or a short line in that paragraph is still the signature's
    titled = "Dear Jane,\n\nWe emptied 1000 bins.\n\nRegards,\nPat Jones\n\nWaste Services Manager\n"
    assert "Waste Services Manager" in _guarded(titled)


def test_a_line_that_introduces_content_goes_with_it():
    from scraper.clean.assemble import _lead_ins_follow
    from scraper.clean.model import CLASSES

    ob = CLASSES.index("other_boilerplate")
    texts = ["Please do not reply to this mailbox.", "To do this we need:", "1. a copy of your passport;"]
    path = [ob, ob, 0]
    _lead_ins_follow(path, texts, [4, 5, 6])
    assert path == [ob, 0, 0]  # only the lead-in, not the block above it
    # not across units the scorer did not see (a quote, a site footer between them)
    path = [ob, ob, 0]
    _lead_ins_follow(path, texts, [4, 5, 9])
    assert path == [ob, ob, 0]
    # nor a lead-in to more boilerplate
    path = [ob, ob, ob]
    _lead_ins_follow(path, texts, [4, 5, 6])
    assert path == [ob, ob, ob]


# -- what was asked, and where the review block begins ------------------------------------------------------

ASKED = (
    "Dear Borsetshire Council,\n\nHow many households in the district were receiving council tax reduction "
    "on 1 April 2024, and how many of them were pensioners?\n\nYours faithfully,\n\nSam Green"
)
SIGNPOST = "If you need help with your bill, you can apply for council tax reduction at www.borsetshire.gov.uk/ctr."
REVIEW = (
    "If you are unhappy with how your council tax reduction request was handled, you can ask for an internal "
    "review. If you remain dissatisfied, you may complain to the Information Commissioner."
)


def _reply_units(earlier: tuple[str, ...]) -> tuple[set[str], set[str]]:
    reply = (
        f"Dear Sam Green,\n\nOn 1 April 2024, 12,400 households were receiving council tax reduction; "
        f"5,100 were pensioners.\n\n{SIGNPOST}\n\n{REVIEW}\n\nYours sincerely,\n\nPat Jones"
    )
    ctx = CleanContext(kind="incoming", earlier_messages=earlier, earlier_kinds=("outgoing",) * len(earlier))
    prep = prepare(reply, ctx)
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    return guarded, {u.text.strip() for u in prep.units}


def test_a_line_that_uses_a_phrase_of_the_request_is_the_answer_s():
    guarded, units = _reply_units((ASKED,))
    assert SIGNPOST in units
    assert SIGNPOST in guarded
    # the phrase is the evidence: without the request the line is left to the scorer
    guarded_alone, _units = _reply_units(())
    assert SIGNPOST not in guarded_alone


def test_after_the_sign_off_naming_what_was_asked_protects_nothing():
    """The organisation's lines after the signature may name the topic ("Check your council tax
    reduction online"): they are left to the scorer."""
    reply = (
        "Dear Sam Green,\n\n12,400 households were receiving it.\n\nYours sincerely,\n\nPat Jones\n\n"
        "Borsetshire Council\nCheck your council tax reduction online: www.borsetshire.gov.uk/ctr"
    )
    ctx = CleanContext(kind="incoming", earlier_messages=(ASKED,), earlier_kinds=("outgoing",))
    prep = prepare(reply, ctx)
    banner = [i for i, u in enumerate(prep.units) if "Check your council tax" in u.text]
    assert banner and banner[0] in prep.asking  # it does use the phrase
    assert not set(banner) & protected(prep)


def test_the_review_paragraph_is_not_protected_by_naming_what_was_asked():
    guarded, units = _reply_units((ASKED,))
    review = [u for u in units if "council tax reduction request" in u]
    assert review  # it does use the phrase
    assert not set(review) & guarded


def test_only_three_word_phrases_of_what_was_asked_count():
    from scraper.clean.evidence import _phrases

    ws = "how many public rights of way in the county were obstructed in the county council area".split()
    got = _phrases(ws, {"obstructed", "county", "rights"})
    assert ("county", "council", "area") in got
    # slight words break a phrase; a phrase needs a distinctive word
    assert not any("of" in p or "the" in p or "in" in p for p in got)
    assert ("public", "rights", "of") not in got
    assert _phrases(ws, set()) == set()
    # a hostile request of 100,000 distinct words: the phrases are bounded
    many = [f"word{i}" for i in range(100_000)]
    assert len(_phrases(many, set(many))) < 20_000


def test_a_review_block_begins_where_the_rights_are_spoken_of():
    """A reporting channel just above the review paragraph, which the decoder carried into the
    complaint block, goes back to the answer; headings and the block itself stay."""
    from scraper.clean.assemble import _COMPLAINT_RIGHTS, _rights_lead_in
    from scraper.clean.features import F_HEADING
    from scraper.clean.paragraphs import Paragraph

    texts = [
        "Reports can be made online, or in writing to the Public Rights of Way Team.",
        "NEXT STEPS",
        "If you are unhappy with this response, you can ask for a review.",
        "Then you may go to the Information Commissioner.",
    ]
    paras = [Paragraph(t) for t in texts]
    cr = _COMPLAINT_RIGHTS
    path = [cr, cr, cr, cr]
    _rights_lead_in(path, [0, 1, 2, 3], paras, [0, F_HEADING, 0, 0])
    assert path == [0, cr, cr, cr]
    # a run that never speaks of rights is left alone (it is another kind of block)
    path = [cr, cr]
    _rights_lead_in(path, [0, 1], paras, [0, 0])
    assert path == [cr, cr]
    # another commissioner than the regulator is no talk of rights
    ipc = [Paragraph("This work is overseen by the Investigatory Powers Commissioner."), paras[2]]
    path = [cr, cr]
    _rights_lead_in(path, [0, 1], ipc, [0, 0])
    assert path == [0, cr]
    ico = [Paragraph("You may then go to the Information Commissioner."), paras[2]]
    path = [cr, cr]
    _rights_lead_in(path, [0, 1], ico, [0, 0])
    assert path == [cr, cr]
    # the EIR's reconsideration is a review too
    eir = [Paragraph("Under regulation 11 you may ask us to reconsider our decision.")]
    path = [cr]
    _rights_lead_in(path, [0], eir, [0])
    assert path == [cr]
    # in Welsh: the Welsh half of a bilingual review block speaks of rights too ("adolygu" to review,
    # "gwyno" to complain, "Comisiynydd Gwybodaeth" the Information Commissioner), so it is no lead-in
    welsh = [
        Paragraph("Os ydych yn anfodlon â'r ymateb hwn, gallwch ofyn i'r Cyngor ei adolygu."),
        Paragraph("Wedi hynny, gallwch gysylltu â'r Comisiynydd Gwybodaeth."),
        Paragraph("Gallwch gwyno i'r Swyddfa."),
        paras[2],
    ]
    path = [cr, cr, cr, cr]
    _rights_lead_in(path, [0, 1, 2, 3], welsh, [0, 0, 0, 0])
    assert path == [cr, cr, cr, cr]
    # one short line that introduces the rights, just above them, is the block's heading; a sentence
    # before it, or such a line that is not the last before them, goes back
    intro = [
        Paragraph("Please contact Highways on 0300 123 4567."),
        Paragraph("What you can do if you are not happy with our reply:"),
        paras[2],
    ]
    path = [cr, cr, cr]
    _rights_lead_in(path, [0, 1, 2], intro, [0, 0, 0])
    assert path == [0, cr, cr]
    path = [cr, cr, cr]
    _rights_lead_in(path, [0, 1, 2], [intro[1], intro[0], paras[2]], [0, 0, 0])
    assert path == [0, 0, cr]
    # another commissioner than the regulator is no talk of rights in Welsh either
    plant = [Paragraph("Mae'r gwaith hwn yn cael ei oruchwylio gan Gomisiynydd Plant Cymru."), paras[2]]
    path = [cr, cr]
    _rights_lead_in(path, [0, 1], plant, [0, 0])
    assert path == [0, cr]


def test_a_review_paragraph_that_follows_the_writer_s_closing_courtesy_in_its_paragraph_goes():
    """ "I trust this answers your request. However, if you are unhappy ..." : the answer ends with the
    courtesy, and the review block may begin in the same paragraph."""
    courtesy = "I trust this answers your request."
    text = (
        "Dear Mr Okafor,\n\nThe council bought 2,300 reams of paper in 2023.\n\n"
        f"{courtesy} However, if you are unhappy with the way the council handled your request, you may "
        "ask it to review its decision by writing to the FOI officer within 40 working days. The appeal "
        "process is explained in the leaflet we enclose.\n\nYours sincerely,\n\nRhona Tait"
    )
    out = clean_message(text).clean_text
    assert courtesy in out and "2,300 reams" in out and "Rhona Tait" in out
    assert "review its decision" not in out


def test_what_a_decision_introduces_is_kept_with_it():
    lead = "The clinics are run by two other bodies. You may wish to redirect your request to them:"
    bodies = "Borsetshire ICB - foi@borsetshire-icb.example\nBorsetshire Community Trust - foi@bct.example"
    text = f"Dear Ms Rowe,\n\nWe do not hold this information.\n\n{lead}\n\n{bodies}\n\nYours sincerely,\n\nAl Reed"
    prep = prepare(text, CleanContext())
    guarded = " ".join(prep.units[i].text for i in protected(prep))
    assert "foi@borsetshire-icb.example" in guarded and "foi@bct.example" in guarded
    # a line that only ends with a colon introduces nothing of the answer's
    plain = text.replace(lead, "Our offices are at:")
    prep = prepare(plain, CleanContext())
    guarded = " ".join(prep.units[i].text for i in protected(prep))
    assert "foi@bct.example" not in guarded


@pytest.mark.parametrize(
    "sentence,kept",
    [
        ("That completes our reply to your request.", True),
        ("We hope it is useful; if you have any questions about it, please get in touch with the team.", True),
        ("I trust this answers your request; if you are dissatisfied you may ask for a review.", False),
        ("This concludes our internal review procedure.", False),
    ],
)
def test_the_writer_s_closing_courtesy_is_recognised_but_not_a_review_pointer(sentence, kept):
    from scraper.clean.features import UnitFacts

    assert UnitFacts(sentence).courtesy is kept


def test_the_address_an_answer_gives_stays_with_its_lead_in():
    from scraper.clean.assemble import _addresses_follow_lead_ins
    from scraper.clean.model import CLASSES

    cr = CLASSES.index("complaint_rights")
    texts = [
        "To make a subject access request, please contact:",
        "Data Protection Officer",
        "41 Waring Street",
        "Belfast BT1 2DY",
        "Email: dpo@example.gov.uk",
    ]
    idx, para = [3, 4, 5, 6, 7], [1, 2, 2, 2, 2]
    path = [0, 0, 0, cr, cr]
    _addresses_follow_lead_ins(path, texts, idx, para, frozenset())
    assert path == [0, 0, 0, 0, 0]
    # not after a review paragraph's own lead-in
    path = [0, 0, 0, cr, cr]
    _addresses_follow_lead_ins(path, texts, idx, para, frozenset({1}))
    assert path == [0, 0, 0, cr, cr]
    # nor when what follows is sentences, not the lines of an address
    prose = [*texts[:3], "You may then ask the Commissioner for a decision.", texts[4]]
    path = [0, 0, 0, cr, cr]
    _addresses_follow_lead_ins(path, prose, idx, para, frozenset())
    assert path == [0, 0, 0, cr, cr]
    # nor across units the scorer did not see
    path = [0, 0, 0, cr, cr]
    _addresses_follow_lead_ins(path, texts, [3, 4, 5, 9, 10], para, frozenset())
    assert path == [0, 0, 0, cr, cr]


def test_the_regulator_s_name_and_address_go_with_the_review_paragraph():
    text = (
        "Dear Ms Reid,\n\nWe hold no such report.\n\n"
        "If you are unhappy with our review you can apply to the Commissioner for a decision:\n\n"
        "The Scottish Information Commissioner\nKilburn Castle, Doubledykes Road\nSt Andrews\n\n"
        "Yours sincerely,\n\nCallum Moir\nInformation Officer"
    )
    out = clean_message(text).clean_text
    assert "We hold no such report." in out and "Callum Moir" in out and "Information Officer" in out
    for line in ("Scottish Information Commissioner", "Kilburn Castle", "St Andrews"):
        assert line not in out
    # a sentence after the review paragraph that names the Commissioner is not an address line
    told = "We have told the Commissioner about the delay."
    out = clean_message(text.replace("The Scottish Information Commissioner\n", told + "\n")).clean_text
    assert told in out


# -- this request's timetable -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Under section 1(3) of the Act the 20 working day period will begin again once we receive your reply.",
        "We will begin work as soon as we hear from you.",
        "Once we hear from you, the 20 working days will begin again from the day your reply reaches us.",
        "Under regulation 9(4), the 20 working day time limit will run from the date we receive your reply.",
        "Please note the time limit will not start until we receive your clarification.",
        "We aim to respond within 20 working days.",
        # when the answer is due, as the acknowledgement rule has it, even said of every request
        "Requests for information are normally answered within 20 working days.",
        "If we do not hear from you within two months, we will treat your request as withdrawn.",
        # the clock stopped for a clarification, or extended
        "We are not required to respond until you tell us which depots you mean.",
        "We will then have 20 working days after your reply to send the figures.",
        "Because the search is large, we are extending the time for our reply to 40 working days.",
        "The deadline for this request has been extended to 14 June.",
        "Please note that the time for responding to your request will not start until we receive your reply.",
        "It will be logged and you will hear from us with a reference number within two working days.",
        # the time the law allows, or the writer aims for, however it is put
        "Under the Freedom of Information Act 2000 we have 20 working days to respond.",
        "The Act normally requires a reply within 20 working days.",
        "The Freedom of Information Act gives us 20 working days from the day after we receive your request to reply.",
        "Academies are given twenty school days to respond to a request, or sixty working days if that is sooner.",
        "Please note that academies may take up to 20 school days to respond.",
        "Cheshire East Council aims to answer every request for information within 20 working days.",
        "The University will deal with your request under the Act and will respond within 20 working days.",
        "Freedom of Information requests will receive a response within 20 working days.",
        "We are normally required to respond to requests for information within 20 working days of receipt.",
        "The Act requires public authorities to respond promptly and no later than 20 working days after receipt.",
        "The Freedom of Information Act asks public authorities to respond within 20 working days.",
        "We respond to requests for information within 20 working days.",
        # the time for a reply and its bound
        "Please note: for academies, the Freedom of Information Act counts only\nschool days when working out the "
        "time for a response, up to a maximum of\n60 working days.",
        # in Welsh
        "Byddwn yn ymateb i geisiadau am wybodaeth o fewn 20 diwrnod gwaith.",
        "Ein nod yw ymateb i bob cais o fewn 20 diwrnod gwaith.",
        "Bydd y Brifysgol yn ymdrin â'ch cais o dan y Ddeddf ac yn ymateb o fewn 20 diwrnod gwaith.",
        # the answer sent or due by a date, however the sentence gets there
        "We will send our response by 10 November 2025.",
        "We have logged your request, and the Council's response is due by 20 October 2025.",
        "We received your request on 9 June 2025 and will aim to reply by 7 July 2025.",
        "We expect to send you a full response by the end of the month.",
    ],
)
def test_what_a_reply_says_of_this_request_s_timetable_is_recognised(sentence):
    assert states_timetable(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "If we need you to clarify your request, the clock is paused until we hear from you.",
        "Should we need more time, we will write to you.",
        "We publish our timetable for the year on the website.",
        "We may extend the time limit if a request is complex.",
        "If the deadline is extended, we will tell you why.",
        "If we need more time, you will hear from us within 20 working days.",
        # a delay's apology, a rule for extending the time, and a review's own timetable are the blocks'
        "We are sorry that we have not been able to respond within the 20 working days set by the Act.",
        "Some replies are therefore taking longer than 20 working days.",
        "The Act allows a public authority extra time to respond where it needs to consider the public interest.",
        "A panel of governors who were not involved in the original decision will consider it and reply within 20 working days.",
        "The Department will reconsider its decision and reply within 40 working days.",
        "If we respond to you within 20 working days, the matter will be closed.",
        "Bydd y panel yn ystyried eich cais am adolygiad ac yn ymateb o fewn 20 diwrnod gwaith.",
        "Os na fyddwn yn gallu ymateb o fewn 20 diwrnod gwaith, byddwn yn rhoi gwybod i chi.",
        "If we need more time, the deadline for our response may be extended by up to 20 working days.",
        "The time for a review is up to 40 working days from the date of this letter.",
        "If we cannot, we will send our response by 3 May.",
        "A response is due from the contractor by Friday.",
    ],
)
def test_a_hypothetical_timetable_is_not_this_request_s(sentence):
    assert not states_timetable(sentence)


@pytest.mark.parametrize(
    "sentence,said",
    [
        ("Thank you for your email, which has been received by the Information Governance Team.", True),
        ("Your message has been received.", True),
        ("We have received your request for information.", True),
        ("I acknowledge receipt of your letter of 3 May.", True),
        ("Thank you for your request, which was received by the Trust on 20 January 2025.", True),
        ("This is an automatic reply to let you know that your email has arrived.", True),
        ("This is an automatic confirmation that your message has been delivered to our mailbox.", True),
        ("If your message has been delivered to the wrong team, we will pass it on.", False),
        ("This is an automatic reply to confirm that your message has reached our enquiries inbox.", True),
        ("This message is for the addressee only; if it has reached you in error, please delete it.", False),
        # the mail's wrapping breaks the sentence anywhere
        ("This is an automatic reply to confirm that your message has\nreached our enquiries inbox.", True),
        ("Thank you for your email, which has been\nreceived by the Records Team.", True),
        ("If you have received this email\nin error, please delete it.", False),
        ("Once your request has been received, it will be logged.", False),
        ("If you have received this email in error, please delete it.", False),
        ("When we have received your clarification, we will start the search.", False),
        ("This is an automatic reply to confirm we have your email.", True),
        ("This is an automated response confirming delivery to the Information Management Team mailbox.", True),
        ("If we have your email address, we will write to you.", False),
        # in Welsh
        ("Mae eich e-bost wedi dod i law.", True),
        ("Dyma gydnabyddiaeth awtomatig i gadarnhau ein bod wedi ei derbyn.", True),
        ("Os yw'r neges hon wedi dod i law trwy gamgymeriad, rhowch wybod i'r anfonwr.", False),
        ("Os ydych wedi ei derbyn trwy gamgymeriad, dilewch hi.", False),
        ("Your request for OS map data has been received.", True),
    ],
)
def test_that_this_request_arrived_is_recognised_but_not_as_a_condition(sentence, said):
    assert received(sentence) is said


def test_an_acknowledgement_keeps_that_the_request_arrived_and_its_form_of_reference_and_date():
    text = (
        "Dear Ms Flett,\n\nThank you for your email, which has been received by the Records Team.\n\n"
        "Reference number allocated to this request:\n2025-311\n\n"
        "The official date of your request is:\n20/01/2025\n\n"
        "Opening hours of the office are:\n9am to 5pm\n\nRecords Team"
    )
    prep = prepare(text, CleanContext())
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    assert "Thank you for your email, which has been received by the Records Team." in guarded
    assert {"Reference number allocated to this request:", "2025-311"} <= guarded
    assert {"The official date of your request is:", "20/01/2025"} <= guarded
    assert "9am to 5pm" not in guarded  # a value under any other label is not a fact of the request


def test_an_acknowledgement_keeps_its_opening_thanks_but_not_the_help_text_after_it():
    text = (
        "Thank you for contacting the Information Governance team at Hill Borough Council.\n\n"
        "If you want personal information about yourself, please use our subject access form on the "
        "website. This mailbox cannot deal with council tax, parking or housing repairs.\n\n"
        "Information Governance Team"
    )
    prep = prepare(text, CleanContext())
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    assert "Thank you for contacting the Information Governance team at Hill Borough Council." in guarded
    assert not any(t.startswith(("If you want", "This mailbox")) for t in guarded)
    # said inside a longer sentence that is not the thanks, it is not guarded as one
    assert not UnitFacts("Thank you for contacting us. " + "Follow us on social media for news. " * 5).flags & F_ACK


@pytest.mark.parametrize(
    "sentence,said",
    [
        ("If we need you to clarify anything, we will contact you.", True),
        ("If for any reason we cannot meet that date, we will let you know before it passes.", True),
        ("Should we need more information, your request will be put on hold until we receive it.", True),
        ("If we need to clarify, the time for our reply will not run until we hear from you.", True),
        ("Please be advised that if an exemption applies, the statutory period may be extended.", True),
        ("Should there be any delay, we will keep you informed.", True),
        ("Please note that if you are unhappy with our reply, you can ask for a review.", False),
        ("If you are unhappy with our reply, you can ask for a review.", False),
        ("If you have any questions, please contact us.", False),
        ("We will contact you next week.", False),  # not a condition
    ],
)
def test_what_may_yet_happen_to_the_timetable_is_recognised_as_a_condition(sentence, said):
    assert timetable_if(sentence) is said


def _guarded(text: str) -> set[str]:
    prep = prepare(text, CleanContext())
    return {prep.units[i].text.strip() for i in protected(prep)}


@pytest.mark.parametrize(
    "sentence,said",
    [
        ("The school office is closed for the Easter holidays and will reopen on Monday 28 April.", True),
        ("Our offices will be closed for the Easter bank holidays on Friday 18 and\nMonday 21 April 2025.", True),
        ("Your request will be logged when we reopen on Tuesday 22 April.", True),
        ("I am out of the office until 3 March and will reply when I return.", True),
        ("Mae'r swyddfa ar gau tan ddydd Mawrth 3 Ionawr.", True),
        ("Please note that our offices are closed from 24 December to 1 January inclusive.", True),
        # closures in general name no day; a day that is no closure is not one
        ("The school office is closed during the school holidays.", False),
        ("Our offices are closed at weekends and on bank holidays.", False),
        ("We will respond by Monday 28 April.", False),
        ("We are closing 3 mayors' parlours.", False),  # a word that begins like a month is none
    ],
)
def test_an_office_closed_until_a_given_day_is_recognised(sentence, said):
    assert states_closure(sentence, sentence.lower()) is said


@pytest.mark.parametrize(
    "sentence,said",
    [
        ("Please quote FOI 00641 if you need to contact us about this request.", True),
        ("Please remember to quote the reference number 20250409/KT in any future communications.", True),
        ("Quoting IR 11902, the reviewer looked again at the whole file.", True),
        # the reference named but not given, and a time limit, are no reference
        ("Please quote your reference number in any correspondence.", False),
        ("Please write to us, quoting within 40 working days.", False),
    ],
)
def test_asking_for_this_request_s_reference_given_in_the_sentence_is_recognised(sentence, said):
    assert quotes_this_reference(sentence, sentence.lower()) is said


def test_a_postscript_under_the_signature_is_the_writer_s_own():
    # round 37's postscripts (re-written): after the signature and the organisation's block, where help text sits
    ps = (
        "P.S. The programme for the town weekend on 27 and 28 September is on\n"
        "the notice board outside the Civic Hall, and copies are in the library."
    )
    text = (
        "Dear Ms Hale,\n\nThe Council spent £4,200 on the weekend in 2024.\n\nKind regards\n\nJo Pike\nTown Clerk\n\n"
        f"Civic Hall, Main Street, Exampletown EX1 1AA\nTel: 01234 567890\n\n{ps}\n"
    )
    guarded = _guarded(text)
    assert {"P.S.", ps[5:]} <= guarded  # (the segmenter makes "P.S." a unit of its own)
    assert not any(g.startswith("Civic Hall") for g in guarded)
    assert ps in clean_message(text, CleanContext(kind="incoming")).clean_text
    # a word that only begins with the letters is no postscript
    assert not any(
        g.startswith("PSA") for g in _guarded(text.replace("P.S. The programme", "PSA tests for the programme"))
    )


def test_an_answer_keeps_its_request_for_the_reference_it_gives():
    # a fold's loss (Police Federation of England and Wales, re-written): the answer's last sentence read as help text
    ask = "Please quote FOI 00641 if you need to contact us about this request."
    text = f"Dear Mr Shah,\n\nWe hold 14 reports on the subject, listed in the attached table.\n\n{ask}\n\nKind regards\n\nFOI Team\n"
    assert ask in _guarded(text)


def test_an_automatic_reply_keeps_the_days_its_office_is_closed_but_not_the_help_around_them():
    # round 34's Solihull Community Housing (re-written): the closure's own paragraph was read as help text
    days = "Our offices will be closed for the Easter bank holidays on Friday 18 and\nMonday 21 April 2025."
    logged = (
        "Your request will be logged when we reopen on\nTuesday 22 April, and you will then receive a reference number."
    )
    help_text = "To report a repair, please use the online repairs form or call our Customer Contact Centre."
    text = (
        "Thank you for contacting Example Housing. This is an automated\nresponse to confirm that we have "
        f"received your e-mail.\n\n{days} {logged}\n\n{help_text}\n"
    )
    guarded = _guarded(text)
    assert {days, logged} <= guarded
    assert help_text not in guarded
    assert "Tuesday 22 April" in clean_message(text).clean_text
    # in a review paragraph after its rights sentence, a day is the block's
    rights = (
        "If you are unhappy with this reply, you can ask for a review. Please note that the office is "
        "closed from 24 December to 2 January."
    )
    assert not any("closed from 24 December" in g for g in _guarded(f"Dear Sir,\n\nThe answer is 4.\n\n{rights}\n"))


def test_a_reply_s_thanks_for_the_answer_below_quoted_history_is_kept():
    # Discourse's embedded_email_french_2 (re-written): a bottom-posted thanks under the quoted answer,
    # which a retrained scorer read as a disclaimer
    reply = "On 16 Nov 2016, Jo Brown wrote:\n> Hello,\n>\n> Yes, it is available in French.\n\nThanks for your answer."
    assert "Thanks for your answer." in _guarded(reply)
    assert "Thanks for your answer." in clean_message(reply).clean_text
    # (not a disclaimer's closing courtesy: "... must be for official business only. Thank you for your help.")
    assert "Thank you for your help." not in _guarded(f"{reply[:-24]}\n\nThank you for your help.")


@pytest.mark.parametrize(
    "thanks",
    [
        "Thank you for emailing the Freedom of Information team.",
        "Thank you for writing to the Enquiries mailbox.",
        "Thanks for getting in touch with Exampleshire Leisure.",
        "Diolch am eich e-bost i'r tîm Rhyddid Gwybodaeth.",
        "Diolch am gysylltu â Bws Enghraifft.",
    ],
)
def test_an_automatic_reply_keeps_its_opening_thanks_however_it_is_put(thanks):
    help_text = "Please do not reply to this message: replies to this mailbox are not read."
    guarded = _guarded(f"{thanks}\n\n{help_text}\n\nInformation Team\n")
    assert thanks in guarded and help_text not in guarded
    # a thanks for something else is no greeting to the message
    assert "Thank you for your patience." not in _guarded(f"Thank you for your patience.\n\n{help_text}\n")


def test_a_hard_wrapped_automatic_reply_keeps_its_thanks_and_that_the_message_arrived():
    thanks = "Thank you for your e-mail to the Office of the Registrar of Consultant\nLobbyists."
    arrived = "This is an automatic reply to confirm that your message has\nreached our enquiries inbox."
    help_text = "Please do not send a second copy of your message; it will not be dealt\nwith any faster."
    guarded = _guarded(f"{thanks} {arrived}\n\n{help_text}\n\nOffice of the Registrar of Consultant Lobbyists\n")
    assert {thanks, arrived} <= guarded and help_text not in guarded


def test_an_automatic_reply_keeps_its_thanks_to_an_authority_named_commissioner_but_not_a_rights_sentence():
    thanks = "Thank you for contacting the Office of the Police and Crime Commissioner for Warwickshire."
    help_text = "Please do not reply to this message: replies to this mailbox are not read."
    guarded = _guarded(f"{thanks}\n\n{help_text}\n\nOffice of the Police and Crime Commissioner\n")
    assert thanks in guarded and help_text not in guarded
    # the same thanks in a sentence that names the regulator speaks of rights: not guarded
    rights = "Thank you for contacting us; you may also complain to the Information Commissioner."
    assert rights not in _guarded(f"{rights}\n\n{help_text}\n")
    # nor a sentence of the paragraph after one that speaks of rights
    after = "Thank you for contacting the Office of the Police and Crime Commissioner."
    assert after not in _guarded(f"You have the right to ask for a review. {after}\n\n{help_text}\n")


def test_a_condition_on_the_timetable_is_kept_right_after_the_due_date_and_only_there():
    condition = "If we need you to clarify anything, we will contact you."
    after_due = f"Dear Ms Cole,\n\nWe will respond by 3 November 2025.\n\n{condition}\n\nInformation Team"
    assert condition in _guarded(after_due)
    after_help = (
        "Dear Ms Cole,\n\nWe will respond by 3 November 2025.\n\n"
        "Many answers are already in our disclosure log on the website.\n\n"
        f"{condition}\n\nInformation Team"
    )
    assert condition not in _guarded(after_help)


def test_a_condition_on_the_timetable_that_opens_a_paragraph_of_help_text_goes_with_it():
    from scraper.clean.assemble import HELP_MARGIN
    from scraper.clean.model import CLASSES

    condition = "We will contact you if we need more information to identify what you are looking for."
    help_text = "Where information is already publicly available, we may direct you to it instead."
    text = (
        f"Dear Ms Drummond\n\nThe Council's response is due by 20 October 2025.\n\n{condition} {help_text}\n\nRegards\n"
    )
    prep = prepare(text, CleanContext())
    unit = next(i for i in prep.idx if prep.units[i].text.startswith("We will contact"))
    later = next(k for k, i in enumerate(prep.idx) if prep.units[i].text.startswith("Where information"))
    content, help_class = CLASSES.index("content"), CLASSES.index("other_boilerplate")

    def guarded(lead: float) -> bool:
        emissions = [[0.0] * len(CLASSES) for _ in prep.idx]
        emissions[later][help_class] = lead
        emissions[later][content] = 0.0
        return unit in protected(prep, emissions)

    # what may yet happen to the request stays right after its timetable, unless the paragraph goes
    # on with a sentence the scorer reads as help text by HELP_MARGIN (3.0; on five folds over rounds 1
    # to 61, lowering it from 5.0 took 6 more blocks and no answer line)
    assert guarded(HELP_MARGIN - 0.5)
    assert not guarded(HELP_MARGIN + 0.5)
    assert not guarded(4.0)


def test_a_promise_to_keep_the_requester_informed_is_kept_after_a_condition_on_the_timetable():
    condition = "Please be advised that if an exemption applies, the statutory period may be extended."
    promise = "We will tell you if this happens."
    text = f"Dear Mr Ash,\n\nThe latest date for our response is 1 July 2025.\n\n{condition} {promise}\n\nFOI Team"
    assert {condition, promise} <= _guarded(text)
    # after help text it completes nothing of this request's, and is not guarded
    help_text = "Our disclosure log lists the answers we have already given."
    assert promise not in _guarded(
        f"Dear Mr Ash,\n\nThe latest date for our response is 1 July 2025.\n\n{help_text} {promise}\n\nFOI Team"
    )


@pytest.mark.parametrize(
    "sentence,said",
    [
        ("We will tell you if this happens.", True),
        ("We'll keep you informed of progress.", True),
        ("I will let you know as soon as I can.", True),
        ("We will publish the answer in our disclosure log.", False),
        ("You will be told if this happens.", False),
        (
            "We will let you know. " + "The council handles many requests every year and answers most on time. " * 2,
            False,
        ),
    ],
)
def test_a_promise_to_keep_the_requester_informed_is_recognised(sentence, said):
    assert keeps_informed(sentence) is said


@pytest.mark.parametrize(
    "sentence,due",
    [
        ("We will respond by 17 February 2025.", True),
        ("We will reply by that date at the latest.", True),
        ("We will respond by the 20th working day, which is 3 March.", True),
        ("Your request will be dealt with by the end of the month.", True),
        # "by" whom, not by when: help text, and a review's procedure
        ("Out of hours, your call will be answered by our out-of-hours partner.", False),
        ("Your review will be dealt with by a senior manager who was not involved.", False),
    ],
)
def test_when_the_answer_is_due_is_an_acknowledgement_s_fact_and_who_answers_is_not(sentence, due):
    assert bool(UnitFacts(sentence).flags & F_ACK) is due


def test_a_due_date_is_kept_in_a_paragraph_that_goes_on_to_speak_of_rights():
    due = "You will receive the information within 20 working days, by 07/07/2025."
    rights = "If it cannot be released, we will explain why and tell you about your right to complain."
    assert due in _guarded(f"Dear Mr Asante,\n\n{due} {rights}\n\nFOI Team")
    # said after the rights sentence, it is the review's own timetable
    review = "If you are unhappy, you may ask for an internal review."
    assert "We will reply within 20 working days, by 07/07/2025." not in _guarded(
        f"Dear Mr Asante,\n\n{review} We will reply within 20 working days, by 07/07/2025.\n\nFOI Team"
    )


def test_the_time_the_law_allows_is_kept_before_a_delay_paragraph_turns_to_rights():
    allowed = (
        "The Freedom of Information (Scotland) Act 2002 requires us to respond to your request within 20 working days."
    )
    rights = (
        "Where we do not, you are entitled to ask us to review our failure to respond, "
        "in the same way as you could ask for a review of a decision."
    )
    guarded = _guarded(f"Dear Ms Kerr,\n\nI am sorry that our reply is late.\n\n{allowed} {rights}\n\nFOI Team")
    assert allowed in guarded
    assert not any("review" in g for g in guarded)
    # after talk of a review that the rights test does not take as rights, a reply's timetable is the review's
    representations = (
        "You may make representations to the Board in writing within 40 working days of the date of this letter. "
        "These will be considered by the Chief Executive, who will respond within 40 working days."
    )
    guarded = _guarded(f"Dear Ms Kerr,\n\nThe costs are attached.\n\n{representations} {rights}\n\nFOI Team")
    assert not any("respond within 40" in g for g in guarded)


def test_the_timetable_is_kept_but_a_review_paragraph_s_own_timetable_goes_with_it():
    due = "Under section 1(3) the 20 working day period will begin again once we receive your reply."
    review = (
        "If you are unhappy with our response you may ask for an internal review. "
        "We will respond to your review request within 20 working days."
    )
    text = (
        f"Dear Ms Rowe,\n\nCould you tell us which years you mean?\n\n{due}\n\n{review}\n\nYours sincerely,\n\nAl Reed"
    )
    prep = prepare(text, CleanContext())
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    assert due in guarded
    assert not any("review request" in g for g in guarded)


@pytest.mark.parametrize(
    "line,marking",
    [
        ("OFFICIAL", True),
        ("> Classification: OFFICIAL", True),
        ("Sensitivity: Public", True),
        ("FCA Official", True),
        ("OFFICIAL-SENSITIVE: PERSONAL", True),
        ("NOT PROTECTIVELY MARKED", True),
        ("UNCLASSIFIED", True),
        ("Protective Marking: Official Sensitive", True),
        ("Official", False),  # a word of the answer ("Status" / "Official")
        ("The report is marked OFFICIAL.", False),
        ("Classification: OFFICIAL. The figures for 2023 are attached below with their notes.", False),
        ("Information Classification: PUBLIC", True),
        # a mail app's line under a message sent from a phone
        ("Sent from my iPhone", True),
        ("Get Outlook for iOS<https://aka.ms/o0ukef>", True),
        ("Anfonwyd o'm iPhone", True),
        ("Sent from my Samsung Galaxy smartphone.", True),
        ("The forms were sent from my office on 3 May.", False),
        ("Sent from my iPhone. The figures you asked for are 12, 14 and 19, as in the table below.", False),
    ],
)
def test_a_line_that_holds_only_a_protective_marking_is_recognised(line, marking):
    starts, ends = _line_table(line)
    assert bool(find_markings(line, starts, ends)) is marking


def _hand_scorer(reads: dict[str, str]) -> Model:
    """A scorer with no bias or transitions that reads each feature in ``reads`` as its class, by 10."""
    zero = (0.0,) * len(CLASSES)
    weights = {f: tuple(10.0 if c == cls else 0.0 for c in CLASSES) for f, cls in reads.items()}
    return Model(weights=weights, bias=zero, transitions=((zero,) * len(CLASSES),) * 3, start=zero, content_margin=1.0)


def test_protective_markings_are_stripped_even_where_the_scorer_sees_nothing():
    text = (
        "Sensitivity: Public\n\nDear Mr Hale,\n\nThe contract register lists each agreement by status:\n"
        "Live\nOfficial\nExpired\n\nYours sincerely,\n\nJo Pike\n\nSensitivity: Public\n"
    )
    blind = _hand_scorer({})
    result = clean_message(text, CleanContext(kind="incoming", model=blind))
    assert [(text[s.start : s.end], s.category, s.rule) for s in result.stripped] == [
        ("Sensitivity: Public", "other_boilerplate", "marking:classification")
    ] * 2
    assert "Live\nOfficial\nExpired" in result.clean_text
    shipped = clean_message(text, CleanContext(kind="incoming"))
    assert "Sensitivity" not in shipped.clean_text and "Live\nOfficial\nExpired" in shipped.clean_text


@pytest.mark.parametrize(
    "sentence,names",
    [
        ("The right to make representations applies to part (3) of your request only.", True),
        ("Parts 1 and 2 fall outside the Regulations.", True),
        ("For question 4, please see the table below.", True),
        ("Part 2 of the Regulations sets out the exceptions.", False),  # a part of the law
        ("It may be restricted by law, including by Part VII of the Police (Northern Ireland) Act 1998.", False),
        ("Question 4 of your request under the Act asked for the totals.", True),
        ("If you are unhappy with any part of our response, you can ask for a review.", False),
        ("We hold 40 items of correspondence.", False),
    ],
)
def test_a_numbered_part_of_the_request_is_recognised(sentence, names):
    assert names_request_part(sentence, sentence.lower()) is names


@pytest.mark.parametrize(
    "line,title",
    [
        ("REQUEST FOR INFORMATION", True),
        ("REQUEST FOR INFORMATION – RESPONSE", True),
        ("Reply to request for information under the Freedom of Information Act", True),
        ("Freedom of Information request: NLB/FOI/2025/07", True),
        ("Re: FOI request 2291764 - parking fines", True),
        ("Request for Information - Complaints Procedure", False),  # the heading of a procedure
        ("Freedom of Information Request – Private & Confidential", False),  # a marking
        ("Freedom of information requests are answered within 20 working days.", False),  # a sentence
        ("Request for information:", False),  # introduces what follows
        ("RE: Your request under the Freedom of Information Act 2000", True),
        ("Your request for information - ref 24-FOI-0713", True),
        ("Your request: FOI 24/061", True),
        ("Your request for information has been received", False),  # a sentence, wrapped
        ("Your request for a review must be made in writing", False),  # a procedure
        ("Your request - what happens next", False),  # the heading of help text
        ("Freedom of Information request – what happens next", False),
    ],
)
def test_a_title_naming_the_request_is_recognised(line, title):
    assert titles_request(line, line.lower()) is title


def test_a_title_naming_the_request_is_kept():
    text = (
        "REQUEST FOR INFORMATION – RESPONSE\n\nDear Mr Amos,\n\nWe hold 14 reports for 2024.\n\n"
        "Yours sincerely,\n\nJo Pike"
    )
    assert "REQUEST FOR INFORMATION – RESPONSE" in _guarded(text)
    heading = "Request for Information - Complaints Procedure"
    assert heading not in _guarded(text.replace("REQUEST FOR INFORMATION – RESPONSE", heading))


@pytest.mark.parametrize(
    "kept,rights",
    [
        # a numbered part of the request, in a rights paragraph
        (
            "The right to make representations below applies to part (3) of your request only.",
            "If you are unhappy with this response, you may ask for an internal review within 40 working days, "
            "and then complain to the Information Commissioner.",
        ),
        # what a review decided, with the Commissioner paragraph run on from it
        (
            "I therefore uphold the original decision.",
            "If you remain dissatisfied, you may apply to the Information Commissioner, Wycliffe House, Water "
            "Lane, Wilmslow, Cheshire SK9 5AF.",
        ),
    ],
)
def test_a_guarded_sentence_is_kept_when_a_rights_paragraph_runs_on_from_it(kept, rights):
    text = (
        "Dear Ms Hale,\n\nWe have looked again at the information and the exemption applied.\n\n"
        f"{kept} {rights}\n\nYours sincerely,\n\nJo Pike"
    )
    assert kept in _guarded(text)
    assert kept in clean_message(text, CleanContext(kind="incoming")).clean_text


@pytest.mark.parametrize(
    "sentence,outcome",
    [
        ("I therefore uphold the original decision.", True),
        ("Your review is therefore partly upheld.", True),
        ("The original decision is upheld without modification.", True),
        ("I have decided to overturn the decision to withhold the report.", True),
        ("2023 - 3 received, 1 upheld in part", True),
        ("INTERNAL REVIEW OUTCOME", True),  # the heading over it
        ("The review therefore upholds the original response.", True),  # the review as the subject
        ("If the review overturns the decision, we will write to you.", False),
        ("An internal review upholds or overturns the original decision.", False),
        ("If you ask for a review, the review decision will reach you within 20 working days.", False),
        ("If your complaint is upheld, we will send you the information.", False),  # a hypothetical
        ("The review may result in the original decision being upheld or overturned.", False),
        ("We will tell you whether your complaint has been upheld.", False),
        ("You can ask for an internal review within 40 working days.", False),
    ],
)
def test_what_a_review_decided_is_recognised(sentence, outcome):
    assert states_review_outcome(sentence, sentence.lower()) is outcome


@pytest.mark.parametrize(
    "line,names",
    [
        ("Jo Pike", True),
        ("Information Governance Manager", True),
        ("Office of the Public Guardian", True),
        ("Freedom of Information team", True),
        ("Tîm Rhyddid Gwybodaeth / Freedom of Information Team", True),
        ("I work part time, Monday to Wednesday.", False),
        ("Please consider the environment before printing this email.", False),
        ("Protect, care and invest to create a better borough", False),
    ],
)
def test_a_line_of_names_titles_or_teams_is_recognised(line, names):
    assert name_like(line) is names


def test_the_signature_stops_at_a_block_run_on_from_it_but_keeps_names_titles_and_teams():
    signature = "Jo Pike\nInformation Governance Manager\nOffice of the Public Guardian"
    text = (
        "Dear Ms Hale,\n\nWe hold 42 such contracts; the list is attached.\n\nYours sincerely,\n"
        f"{signature}\nI work part time, Monday to Wednesday, so may reply outside your working hours.\n"
    )
    prep = prepare(text, CleanContext(kind="incoming"))
    guarded = {prep.units[i].text for i in protected(prep)}
    assert any(t.startswith("I work part time") for t in guarded)  # without the scorer's reading
    result = clean_message(text, CleanContext(kind="incoming"))
    assert signature in result.clean_text
    assert "part time" not in result.clean_text


def test_a_signature_on_one_line_with_pipes_is_kept_when_a_wrapped_block_runs_on_from_it():
    signature = "Hannah Obi | Governance and Compliance Officer | Academies Enterprise Trust"
    footer = (
        "This e-mail and any files sent with it are confidential and meant only for the\n"
        "person it is addressed to. If it reached you in error, please tell the sender\n"
        "and delete it; the Trust may monitor its e-mail for lawful business purposes."
    )
    text = (
        f"Dear Mr Lisle,\n\nWe hold 42 such contracts; the list is attached.\n\nKind regards\n\n{signature}\n{footer}\n"
    )
    assert signature in {u.text for u in segment(text)}  # its own unit, not run into the footer
    prep = prepare(text, CleanContext(kind="incoming"))
    assert signature in {prep.units[i].text for i in protected(prep)}
    result = clean_message(text, CleanContext(kind="incoming"))
    assert signature in result.clean_text
    assert "confidential" not in result.clean_text


def test_a_long_one_line_signature_with_pipes_is_kept_but_not_a_line_of_contact_details():
    from scraper.clean.signature import one_line_signature

    # over 80 characters: a line that long is otherwise no signature's
    signature = "Geoffrey Adeyemi | Head of Information Governance | Black Country Healthcare NHS Foundation Trust"
    rights = (
        "This concludes the Trust's internal review. Should you wish to take the\n"
        "matter further, you may complain to the Information Commissioner, Wycliffe\n"
        "House, Water Lane, Wilmslow, Cheshire SK9 5AF; helpline 0303 123 1113."
    )
    text = f"Dear Ms Begum\n\nThe names are released below.\n\nYours sincerely\n\n{signature}\n{rights}\n"
    assert len(signature) > 80
    assert signature in _guarded(text)
    # the signature is that one line: what runs on after it is not guarded with it
    assert not any(t.startswith("This concludes") for t in _guarded(text))
    assert signature in clean_message(text, CleanContext(kind="incoming")).clean_text
    for contacts in (
        "Information Governance | foi@example.gov.uk | 0118 974 6000",
        "Legal Services | Town Hall | Hornton Street | London W8 7NX",
        "Web: www.example.gov.uk | X: @ExampleCouncil",
    ):
        assert not one_line_signature(contacts)
        long_line = contacts + " | Exampleshire Borough Council Customer Services Directorate"
        assert long_line not in _guarded(f"Dear Ms Begum\n\nWe hold 42.\n\nYours sincerely\n\n{long_line}\n")
    assert one_line_signature("Jo Bloggs | FOI Officer")
    assert not one_line_signature("INFORMATION GOVERNANCE | EXAMPLESHIRE COUNCIL")  # a heading
    assert not one_line_signature("Jo Bloggs")  # one cell: no pipes


def test_the_organisation_with_the_writer_s_direct_line_under_their_title_is_the_signature_s():
    from scraper.clean.signature import signed_with_phone

    line = "Newman University | Direct line 0121 476 1181 ext. 2274"
    text = (
        "Dear Ms Okafor\n\nThe University spent £14,820 on counselling sessions in 2023/24.\n\nKind regards\n\n"
        f"Daniel Whitcombe\nGovernance and Compliance Officer | Governance Office\n{line}\n"
        "Newman University | Genners Lane | Bartley Green | Birmingham | B32 3NT\nT: 0121 476 1181 | www.newman.ac.uk\n"
    )
    guarded = _guarded(text)
    assert line in guarded
    # the organisation's block under it is not the signature's
    assert not any(t.startswith(("Newman University | Genners", "T: 0121")) for t in guarded)
    assert signed_with_phone(line)
    assert signed_with_phone("Imran Hussain | Deputy Town Clerk | Direct line 01535 618004")
    # a place (an address's last line), contact details, or no phone at all are not
    for other in (
        "Murton, County Durham | Tel: 0191 526 0562",
        "Surrey GU16 6DD | Tel: 01252 370073",
        "E-mail: foi@example.gov.uk | Telephone: 023 8028 5000",
        "Newman University | Genners Lane",
        "Newman University | Direct line 0121 476 1181 | www.newman.ac.uk",
    ):
        assert not signed_with_phone(other), other
    # nor does such a line under an address continue the signature
    after_address = text.replace(f"{line}\n", f"Genners Lane, Bartley Green, Birmingham B32 3NT\n{line}\n")
    assert line not in _guarded(after_address)


def test_a_mailbox_s_short_name_in_capitals_is_the_signature_s_not_a_heading():
    from scraper.clean.features import F_SIGNATURE_END, unit_facts

    text = (
        "Dear Mr Dunne\n\nIncome from parking was £252,475 in 2024/25.\n\nKind regards\n\nUoB FOI\n"
        "University of Bolton\nUniversity of Bolton | Deane Road | Bolton | BL3 5AB\nwww.bolton.ac.uk\n"
    )
    guarded = _guarded(text)
    assert {"UoB FOI", "University of Bolton"} <= guarded
    assert not any(t.startswith(("University of Bolton |", "www.")) for t in guarded)
    # a line in capitals with a word of four capitals or more is a heading, and ends the signature
    assert unit_facts("YOUR RIGHTS").flags & F_SIGNATURE_END
    assert unit_facts("WHAT YOU CAN DO NEXT").flags & F_SIGNATURE_END
    assert not unit_facts("UoB FOI").flags & F_SIGNATURE_END
    assert "YOUR RIGHTS" not in _guarded(text.replace("UoB FOI", "YOUR RIGHTS"))


def test_a_line_of_cells_ending_in_half_a_postcode_ends_the_signature():
    from scraper.clean.features import F_SIGNATURE_END, unit_facts

    address = "Mullaghbawn Pharmacy | Mullaghbawn | Newry | Co Armagh | BT35"
    text = (
        "Dear Ms Hughes\n\nWe made 1,204 Pharmacy First supplies in 2024.\n\nRegards\n\n"
        f"Conor McKevitt\nPharmacist and Director\n{address}\nTel: 028 3088 8312\n"
    )
    guarded = _guarded(text)
    assert {"Conor McKevitt", "Pharmacist and Director"} <= guarded
    assert address not in guarded
    assert unit_facts(address).flags & F_SIGNATURE_END
    # a code that is no postcode's first half, or one outside a line of cells, is not such a line
    assert not unit_facts("Conor McKevitt | Pharmacist | Team B").flags & F_SIGNATURE_END
    assert not unit_facts("Pharmacist and Director").flags & F_SIGNATURE_END


def test_a_line_of_the_writer_s_pronouns_ends_the_signature_and_pronouns_on_the_name_line_stay():
    from scraper.clean.features import F_SIGNATURE_END, unit_facts

    text = (
        "Dear Ms Hoskins\n\nThe gallery lent 14 works in 2024.\n\nKind regards\n\nAlex Rowe\n"
        "Collections Officer\nManchester Art Gallery\nPronouns: she/her\nMobile: 07700 900 748\n"
    )
    guarded = _guarded(text)
    assert {"Alex Rowe", "Collections Officer", "Manchester Art Gallery"} <= guarded
    assert "Pronouns: she/her" not in guarded
    for line in ("Pronouns: he/him", "Rhagenwau / Pronouns: hi/ei, she/her", "My pronouns are they/them"):
        assert unit_facts(line).flags & F_SIGNATURE_END, line
    # pronouns on the name's line are the name's
    named = text.replace("Alex Rowe\n", "Alex Rowe (she/her)\n").replace("Pronouns: she/her\n", "")
    assert "Alex Rowe (she/her)" in _guarded(named)
    assert not unit_facts("Alex Rowe (she/her)").flags & F_SIGNATURE_END


def test_a_long_title_team_and_organisation_line_under_the_name_is_the_signature_s():
    title = "Senior Nutrition Scientist | SACN Secretariat | Office for Health Improvement and Disparities"
    text = (
        f"Dear Mr Price\n\nThe minutes are attached.\n\nKind regards,\n\nAlfred Bankole-Strand (he/him)\n{title}\n"
        "Mobile: 07826 553 019\n39 Victoria Street, London SW1H 0EU\n"
    )
    assert len(title) > 80
    guarded = _guarded(text)
    assert {"Alfred Bankole-Strand (he/him)", title} <= guarded
    assert not any(t.startswith(("Mobile", "39 Victoria")) for t in guarded)
    # with a comma, such a line under the name is an organisation's address, as before
    address = "Great Aycliffe Town Council | Council Offices, School Aycliffe Lane, Newton Aycliffe"
    assert address not in _guarded(text.replace(title, address))
    # and two such lines down, it is not the signature's either
    below = text.replace(f"{title}\n", f"Nutrition Scientist\n{title}\n")
    assert title not in _guarded(below)


def test_a_signature_goes_on_under_the_logo_a_mail_client_left_as_a_placeholder():
    signature = "Simone Haddad | Information Governance Officer | Oadby and Wigston Borough Council"
    logo = "[cid:image001.png@01DA7C21.5B3E9F40]"
    text = f"Dear Ms Chauhan\n\nWe issued 42 notices.\n\nKind regards\n{logo}\n{signature}\n"
    guarded = _guarded(text)
    assert signature in guarded and logo not in guarded
    # a line under the sign-off that only begins like a placeholder is read as before
    odd = f"Kind regards\n[cid:image001.png] and [more]\n{signature}\n"
    assert signature not in _guarded(f"Dear Ms Chauhan\n\nWe issued 42 notices.\n\n{odd}")


@pytest.mark.parametrize(
    "picture", ["[Title: Lancashire County Council]", "[Lancashire County Council crest]", "[Logo]"]
)
def test_a_picture_under_the_signature_s_lines_begins_the_sign_off_block(picture):
    from scraper.clean.signature import picture_line

    assert picture_line(picture) and not picture_line("[ Email has no body, please see attachments ]")
    signature = "Gemma Halliwell\nInformation Governance Officer\nLancashire County Council"
    text = f"Dear Mr Quayle\n\nWe issued 42 notices.\n\nKind regards\n{signature}\n{picture}\nwww.lancashire.gov.uk\n"
    guarded = _guarded(text)
    assert "Information Governance Officer" in guarded and "Lancashire County Council" in guarded
    assert picture not in guarded
    # straight under the sign-off, the signature goes on under it
    first = f"Dear Mr Quayle\n\nWe issued 42 notices.\n\nKind regards\n{picture}\n{signature}\n"
    assert {"Gemma Halliwell", "Information Governance Officer"} <= _guarded(first)


def test_the_writer_s_title_stays_when_the_mail_s_wrapping_runs_it_into_the_block_after_it():
    from scraper.clean.assemble import _titles_stay
    from scraper.clean.signature import title_line

    title = "Deputy Director, Office of the Advocate General"
    rights = (
        "If you are not satisfied with the outcome of this review, you may apply to\n"
        "the Information Commissioner for a decision under section 50 of the Freedom of\n"
        "Information Act 2000. The Information Commissioner's Office is at Wycliffe\n"
        "House, Water Lane, Wilmslow, Cheshire SK9 5AF (helpline 0303 123 1113)."
    )
    answer = "I have concluded that the original decision was correct, and I uphold it."
    text = f"Dear Mr Kirkwood\n\n{answer}\n\nYours sincerely\n\nAndrew Baillie\n{title}\n{rights}\n"
    # one unit: the title is short of the wrapped width only by the first word of the sentence
    assert any(u.text.startswith(title + "\n") for u in segment(text))
    out = clean_message(text, CleanContext(kind="incoming"))
    assert title in out.clean_text and answer in out.clean_text
    assert "Wycliffe" not in out.clean_text
    assert [s.category for s in out.stripped] == ["complaint_rights"]
    assert text[out.stripped[0].start :].startswith("If you are not satisfied")
    # not without a signature above it: then the line is the block's
    unsigned = text.replace("Yours sincerely\n\nAndrew Baillie\n", "")
    assert title not in clean_message(unsigned, CleanContext(kind="incoming")).clean_text
    # a name that opens its paragraph under the answer signs a message with no sign-off line
    named = text.replace("Yours sincerely\n\n", "")
    assert title in clean_message(named, CleanContext(kind="incoming")).clean_text
    # straight under the sign-off, with no name between ("Gyda dymuniadau gorau / Best wishes")
    team = "Tîm Llywodraethu Gwybodaeth / Information Governance Team"
    welsh = (
        "Rydym yn croesawu gohebiaeth yn Gymraeg. Byddwn yn ateb gohebiaeth a\n"
        "dderbynnir yn Gymraeg yn Gymraeg, ac ni fydd hyn yn arwain at oedi."
    )
    bilingual = f"Dear Ms Ellison\n\n{answer}\n\nGyda dymuniadau gorau / Best wishes\n\n{team}\n{welsh}\n"
    assert any(u.text.startswith(team + "\n") for u in segment(bilingual))
    prep = prepare(bilingual, CleanContext(kind="incoming"))
    classes = [0] * len(prep.units)
    k = next(i for i, u in enumerate(prep.units) if u.text.startswith(team))
    classes[k] = CLASSES.index("signoff_block")
    start, end = prep.unit_span(k)
    kept = _titles_stay(prep, classes, [(start, end, "signoff_block", "signoff_block:scorer")])
    assert kept == [(start + len(team) + 1, end, "signoff_block", "signoff_block:scorer")]
    assert title_line(title) and title_line(team)
    assert not title_line("The team will write to you once the review is finished")
    assert not title_line("Head of Governance.")


def test_the_organisation_under_the_title_stays_when_the_wrapping_runs_both_into_the_block():
    # round 35's Swansea Bay City Deal (re-written): title, organisation and a review sentence in one unit
    title = "Rheolwr Llywodraethu Gwybodaeth / Information Governance Manager"
    body = "Cyngor Sir Caerfyrddin / Carmarthenshire County Council"
    rights = (
        "Os ydych yn dal yn anfodlon ar ôl yr adolygiad hwn, gallwch ofyn i'r\n"
        "Comisiynydd Gwybodaeth benderfynu a ddeliwyd â'ch cais yn unol â'r Ddeddf:\n"
        "www.ico.org.uk/make-a-complaint neu 0303 123 1113."
    )
    text = f"Dear Mr Rees\n\nI uphold the decision.\n\nYn gywir / Yours sincerely,\n\nLlinos Jeremy\n{title}\n{body}\n{rights}\n"
    kept = _first_run_kept_from(text, title + "\n" + body + "\n", "complaint_rights")
    assert text[kept[0][0] :].startswith("Os ydych")
    # a second line that is no team stays in the block
    other = text.replace(body, "Ffôn / Tel: 01267 234567")
    kept = _first_run_kept_from(other, title + "\n", "complaint_rights")
    assert other[kept[0][0] :].startswith("Ffôn / Tel")


def test_the_organisation_under_a_name_and_title_stays_in_a_message_with_no_sign_off_line():
    # a fold's loss (the Commissioner for Survivors of Institutional Childhood Abuse, re-written): the
    # organisation's line and the address under it made one unit, read as the sign-off block
    body = "Commissioner for Survivors of Institutional Childhood Abuse (COSICA)"
    text = (
        "Dear Ms McCaffrey\n\nWe acknowledge receipt of your request. A reply is due by\n2 April 2024.\n\n"
        f"Siobhán Maguire\nInformation and Governance Officer\n{body}\n"
        "Equality House, 7-9 Shaftesbury Square, Belfast BT2 7DP\nT: 028 9054 4979 | www.cosica.org.uk\n"
    )
    assert text[_first_run_kept_from(text, body + "\n")[0][0] :].startswith("Equality House")
    # not where the name does not open its paragraph (a line of the answer above it)
    joined = text.replace("2 April 2024.\n\nSiobhán", "2 April 2024.\nSiobhán")
    runs = _first_run_kept_from(joined, body + "\n")
    assert len(runs) == 1 and joined[runs[0][0] :].startswith(body)


def test_a_fourth_line_of_the_signature_stays_when_the_wrapping_runs_it_into_the_block():
    # a fold's loss (Cowes Harbour Commission, re-written): name, title, organisation, then the line for
    # whom the writer signs, which the wrapping ran into the address under it
    behalf = "Issued on behalf of the Harbour Master and Chief Executive"
    text = (
        "Dear Mr Hale\n\nWe hold 12 mooring licences for the Medina, and a further 31 for the\n"
        "outer harbour. The licences are renewed each April, when the fees for the\n"
        "year are set by the Board; the schedule of fees is published each March.\n\n"
        "Yours sincerely\n\nLorna Gatehouse\n"
        f"Corporate Services Manager\nCowes Harbour Commission\n{behalf}\n"
        "Harbour Office, Town Quay, Cowes, Isle of Wight PO31 7AS\nT: 01983 293952\n"
        "In an emergency on the water, dial 999 and ask for the Coastguard, or call\nVHF Channel 16.\n"
    )
    assert text[_first_run_kept_from(text, behalf + "\n")[0][0] :].startswith("Harbour Office")
    # a fifth line is the block's, and so is a line under a heading that is no title or team
    for other in (
        text.replace("Lorna Gatehouse\n", "Lorna Gatehouse\nBA (Hons)\n"),
        text.replace("Cowes Harbour Commission\n", "How to ask for a review\n"),
    ):
        runs = _first_run_kept_from(other, behalf + "\n")
        assert len(runs) == 1 and other[runs[0][0] :].startswith(behalf)


def test_the_writer_s_organisation_stays_under_their_title_when_the_block_after_it_runs_on():
    from scraper.clean.assemble import _titles_stay
    from scraper.clean.signature import organisation_line

    office = "Office of the Registrar of Consultant Lobbyists"
    rights = (
        "If you are unhappy with the way your request has been handled, you can\n"
        "ask for an internal review within 40 working days of this reply."
    )
    text = (
        "Dear Mr Cole\n\nWe hold 14 registrations.\n\nYours sincerely\n\nHenrietta Gosling\n"
        f"Compliance and Registration Manager\n{office}\n{rights}\n"
    )
    prep = prepare(text, CleanContext(kind="incoming"))
    k = next(i for i, u in enumerate(prep.units) if u.text.startswith(office + "\n"))
    classes = [0] * len(prep.units)
    classes[k] = CLASSES.index("complaint_rights")
    start, end = prep.unit_span(k)
    kept = _titles_stay(prep, classes, [(start, end, "complaint_rights", "complaint_rights:scorer")])
    assert kept == [(start + len(office) + 1, end, "complaint_rights", "complaint_rights:scorer")]
    # after a blank line, the organisation's name heads its own block
    apart = text.replace(f"Manager\n{office}", f"Manager\n\n{office}")
    prep = prepare(apart, CleanContext(kind="incoming"))
    k = next(i for i, u in enumerate(prep.units) if u.text.startswith(office + "\n"))
    classes = [0] * len(prep.units)
    classes[k] = CLASSES.index("complaint_rights")
    start, end = prep.unit_span(k)
    assert _titles_stay(prep, classes, [(start, end, "complaint_rights", "r")]) == [
        (start, end, "complaint_rights", "r")
    ]
    assert organisation_line(office) and organisation_line("Bradford District Care NHS Foundation Trust")
    # a block's own heading is no organisation, in whatever case it is written
    for heading in (
        "Your Right to Complain",
        "Internal Review Procedure",
        "Information Commissioner's Office",
        "Follow Us",
    ):
        assert not organisation_line(heading)


def _first_run_kept_from(text: str, first: str, category: str = "signoff_block") -> list[tuple[int, int, str, str]]:
    """The runs left by the title guard when the scorer reads every unit from ``first`` on as a block."""
    from scraper.clean.assemble import _titles_stay

    prep = prepare(text, CleanContext(kind="incoming"))
    k = next(i for i, u in enumerate(prep.units) if u.text.startswith(first))
    classes = [0] * k + [CLASSES.index(category)] * (len(prep.units) - k)
    start, end = prep.unit_span(k)[0], prep.unit_span(len(prep.units) - 1)[1]
    return _titles_stay(prep, classes, [(start, end, category, "scorer")])


def test_a_name_title_and_council_wrapped_into_one_unit_with_the_address_under_the_sign_off_stay():
    # round 49's Penmaenmawr Town Council (re-written): the bilingual lines are long enough to read as
    # one wrapped unit with the address under them
    lines = (
        "Cynghorydd / Councillor Glyn Ellis-Roberts\n"
        "Cadeirydd y Pwyllgor Cyllid / Chair of the Finance Committee\n"
        "Cyngor Tref Penmaenmawr / Penmaenmawr Town Council\n"
    )
    text = (
        "Dear Mr Threlfall,\n\nThe agreed price was £265,000 for both car parks.\n\nYn gywir / Yours sincerely,\n\n"
        f"{lines}Canolfan Gymunedol Penmaenmawr, Ffordd Conwy, Penmaenmawr LL34 6AB\n"
        "Penmaenmawr Community Centre, Conwy Road, Penmaenmawr LL34 6AB\n"
        "Ffôn / Tel: 01492 623221 | www.penmaenmawr.org\n"
    )
    assert any(u.text.startswith(lines) for u in segment(text))  # one unit
    runs = _first_run_kept_from(text, "Cynghorydd")
    assert len(runs) == 1 and text[runs[0][0] :].startswith("Canolfan Gymunedol")
    # not under a line that is no sign-off: there such a unit heads its block
    unsigned = text.replace("Yn gywir / Yours sincerely,", "The sale completes in the summer.")
    runs = _first_run_kept_from(unsigned, "Cynghorydd")
    assert len(runs) == 1 and unsigned[runs[0][0] :].startswith("Cynghorydd")


def test_the_body_under_the_writer_s_team_stays_but_an_address_there_goes():
    signed = "Dear Dr Shah,\n\nThe report is attached.\n\nYours sincerely,\n\nKamal Iqbal\nCommission on Human Medicines Secretariat\n"
    body = "Medicines and Healthcare products Regulatory Agency"
    text = signed + body + "\n10 South Colonnade, Canary Wharf, London E14 4PU\ninfo@mhra.gov.uk\n"
    runs = _first_run_kept_from(text, body)
    assert len(runs) == 1 and text[runs[0][0] :].startswith("10 South Colonnade")
    # an address in the body's place is the block's beginning
    address = "Swyddfa'r Cyngor, Neuadd Ddinesig, Llandeilo, Sir Gaerfyrddin"
    text = (
        "Dear Mr Rees,\n\nThe hall was hired 212 times.\n\nCofion gorau\n\nSioned Evans\nClerc y Dref | Town Clerk\n"
        f"Cyngor Tref Llandeilo | Llandeilo Town Council\n{address}\nCouncil Office, Civic Hall, Llandeilo\n"
    )
    assert text[_first_run_kept_from(text, address)[0][0] :].startswith(address)


def test_a_chair_s_mayor_s_or_principal_s_title_is_a_title_and_the_council_under_it_stays():
    from scraper.clean.signature import title_line

    # a fold's loss (Kingsteignton Town Council, re-written): a review signed by a committee's chair
    for title in (
        "Chair, Staffing and Complaints Committee",
        "Vice-Chairman of the Council",
        "Mayor of Hythe",
        "Principal and Chief Executive",
        "Convener, Licensing Board",
        "Cadeirydd / Chair",
    ):
        assert title_line(title), title
    assert not title_line("The Chair will write to you.")
    body = "Kingsteignton Town Council"
    text = (
        "Dear Mr Hext\n\nI have released the inspection reports.\n\nYours sincerely\n\n"
        f"Councillor Roger Luscombe\nChair, Staffing and Complaints Committee\n{body}\n"
        "Council Offices, Rydon Road, Kingsteignton, Newton Abbot, Devon TQ12 3LP\nTel: 01626 364089\n"
    )
    runs = _first_run_kept_from(text, body)
    assert len(runs) == 1 and text[runs[0][0] :].startswith("Council Offices")


def test_the_organisation_that_ends_the_team_s_unit_under_the_sign_off_stays():
    # round 51's South Wales Central Coroner's Service (re-written): the team and the council on two
    # lines, one unit, a blank line under them
    team = "Tîm Rhyddid Gwybodaeth / Freedom of Information Team\n"
    council = "Cyngor Bwrdeistref Sirol Rhondda Cynon Taf / Rhondda Cynon Taf County Borough Council\n"
    text = (
        "Dear Mr Llewellyn-Barr,\n\nWe will respond by 6 October 2025.\n\nDiolch / Thank you\n\n"
        f"{team}{council}\nThis email and any attachments are confidential and intended for the addressee only.\n"
    )
    assert any(u.text == team + council.rstrip("\n") for u in segment(text))  # one unit
    runs = _first_run_kept_from(text, team)
    assert len(runs) == 1 and text[runs[0][0] :].lstrip().startswith("This email")
    # a line straight over more of the block is its heading, however it is written
    heading = "APPEALING TO THE COMMISSIONER\n"
    rights = "If a review does not settle matters, you can apply to the Scottish Information Commissioner.\n"
    text = (
        "Dear Mr Fenwick,\n\nWe hold 14 contracts.\n\nYours sincerely\n\nDouglas Marr\n"
        f"Head of Governance and Secretary to the Board of Governors\n{heading}{rights}"
    )
    runs = _first_run_kept_from(text, "Head of Governance", "complaint_rights")
    assert len(runs) == 1 and text[runs[0][0] :].startswith(heading)


def test_a_picture_s_or_pronouns_line_beside_a_block_or_in_the_signature_goes_but_one_in_the_answer_stays():
    from scraper.clean.assemble import _lone_lines_join_blocks
    from scraper.clean.signature import picture_line, pronouns_line

    chart = "[cid:image003.png@01DB5E19.C7A2D330]"
    logo = "[EMB Scotland logo]"
    crest = "[cid:image001.png@01DBC3A7.5D21E9F0]"
    address = "Ashdown Forest Centre, Wych Cross, Forest Row RH18 5JP\nT: 01342 823583\n"
    banner = "[cid:image002.png@01DB8C41.7A2E5F90]"
    disclaimer = "This email is confidential and may be monitored.\n"
    text = (
        f"Dear Ms Hale\n\nThe chart shows the 14 sites.\n{chart}\n\nKind regards\n\nAmelia Brightwell\n"
        f"Information Officer\n{crest}\nThe Conservators of Ashdown Forest\n\n{logo}\n{address}\n{disclaimer}{banner}\n"
    )
    prep = prepare(text, CleanContext(kind="incoming"))
    runs = [
        (text.index(address), text.index(address) + len(address) - 1, "signoff_block", "s"),
        (text.index(disclaimer), text.index(disclaimer) + len(disclaimer) - 1, "disclaimer", "d"),
    ]
    out = _lone_lines_join_blocks(prep, runs)
    assert (text.index(logo), runs[0][1], "signoff_block", "s") in out  # the logo heads the block under it
    assert (runs[1][0], text.index(banner) + len(banner), "disclaimer", "d") in out  # the banner ends the one above
    at = text.index(crest)
    assert (at, at + len(crest) + 1, "signoff_block", "signoff_block:lone_line") in out  # in the signature
    assert not any(s <= text.index(chart) < e for s, e, *_ in out)  # a picture in the answer stays
    assert len(out) == 3
    # a block that begins inside a line takes no picture above that line
    inline = "Our review found no fault. If you are unhappy, you may ask for a review.\n"
    text = f"Dear Ms Hale\n\n{logo}\n{inline}"
    prep = prepare(text, CleanContext(kind="incoming"))
    runs = [(text.index("If you"), len(text) - 1, "complaint_rights", "c")]
    assert _lone_lines_join_blocks(prep, runs) == runs
    assert picture_line(logo) and picture_line(" [Castle Point Borough Council Logo] ") and picture_line(crest)
    assert not picture_line("[Name of the logo designer] was paid £300.") and not picture_line("[logo]s")
    # so does a line of the writer's pronouns over their mobile; a sentence about pronouns stays
    for line, goes in (("Pronouns: he/him", True), ("Pronouns used in the policy were reviewed in 2023.", False)):
        text = f"Dear Ms Hale\n\nWe hold no list.\n\nKind regards\n\nTom Reed\nInformation Officer\n{line}\nMobile: 07700 900284\n"
        prep = prepare(text, CleanContext(kind="incoming"))
        runs = [(text.index("Mobile"), len(text) - 1, "signoff_block", "s")]
        assert (_lone_lines_join_blocks(prep, runs)[0][0] == text.index(line)) is goes
    assert pronouns_line("Rhagenwau / Pronouns: hi/ei") and not pronouns_line("Pronouns matter to us.")
    # pictures over the greeting are a letterhead's
    head = "[Logo] [cid:image001.png@01DA5E7B.2C4F1D90]"
    text = f"{head}\n\nDear Ms Hale\n\nWe hold no list.\n\nThis email is confidential.\n"
    prep = prepare(text, CleanContext(kind="incoming"))
    runs = [(text.index("This email"), len(text) - 1, "disclaimer", "d")]
    assert _lone_lines_join_blocks(prep, runs)[0] == (
        0,
        len(head) + 1,
        "other_boilerplate",
        "other_boilerplate:lone_line",
    )


def test_a_sentence_about_the_request_s_numbered_questions_is_the_answer_s():
    from scraper.clean.assemble import protected

    # a fold's loss (seed 004's Metropolitan Police refusal): advice to narrow the request, which reads
    # like the help text around it but names the request's own questions
    advice = "We may be able to answer questions 1-13 subject to any exemptions that may apply."
    for sentence, kept in (
        (advice, True),
        ("Questions 2 and 3 are answered in the attached table.", True),
        ("Mae cwestiwn 4 yn gofyn am wybodaeth nad ydym yn ei dal.", True),
        ("We may be able to answer subject to any exemptions that may apply.", False),
        ("Please ask any questions about your request by email.", False),
    ):
        text = f"Dear Ms King\n\nThe cost would exceed the limit.\n\n{sentence}\n\nYours sincerely\n\nPaul O'Shea\n"
        prep = prepare(text, CleanContext(kind="incoming"))
        k = next(i for i, u in enumerate(prep.units) if u.text == sentence)
        assert (k in protected(prep)) is kept, sentence


def test_a_body_s_one_word_name_under_the_writer_s_title_stays():
    # round 51's Mersey Tunnels Police (re-written): the body's one-word name over its address block
    text = (
        "Dear Mr Dlamini-Walsh,\n\nYou can complain to the professional standards inbox.\n\nKind regards\n\n"
        "Richard Onyekachi-Byrne\nInformation Governance Manager\nMerseytravel\n"
        "Merseytravel | Mann Island | PO Box 1976 | Liverpool | L69 3HN\n"
    )
    runs = _first_run_kept_from(text, "Merseytravel")
    assert len(runs) == 1 and text[runs[0][0] :].startswith("Merseytravel | Mann Island")
    # a heading's word, or a word in capitals longer than an acronym, heads the block
    for heading in ("Disclaimer", "APPEALS", "RECONSIDERATION"):
        other = text.replace("Merseytravel\nMerseytravel |", f"{heading}\nMerseytravel |")
        runs = _first_run_kept_from(other, heading)
        assert len(runs) == 1 and other[runs[0][0] :].startswith(heading), heading


def test_a_line_the_wrapping_carried_over_from_the_signature_stays_out_of_the_block():
    from scraper.clean.assemble import _wrapped_lines_stay

    # a fold's loss (CAFRE, re-written): the organisation's line wrapped, the block read from its end
    org = "College of Agriculture, Food and Rural Enterprise - part of the Department\n"
    rest = "of Agriculture, Environment and Rural Affairs\n"
    address = "CAFRE Greenmount Campus, 22 Greenmount Road, Antrim BT41 4PU\nTel: 028 9442 6601\n"
    head = "Dear Ms Kerr\n\nThe herd had 27 deaths.\n\nYours sincerely\n\nRuth McKinstry\nInformation Manager\n"

    def kept(text: str, first: str) -> list[tuple[int, int, str, str]]:
        prep = prepare(text, CleanContext(kind="incoming"))
        start = text.index(first)
        return _wrapped_lines_stay(prep, [(start, len(text), "signoff_block", "r")])

    text = head + org + rest + address
    assert kept(text, rest) == [(text.index(address), len(text), "signoff_block", "r")]
    # not a line that opens with another word, nor one under a line that ends a sentence or a blank line
    for other, first in (
        (head + org + "mydentist Support Centre | Europa House\n" + address, "mydentist"),
        (head + org.replace("Department", "Department.") + rest + address, rest),
        (head + org + "\n" + rest + address, rest),
    ):
        assert kept(other, first) == [(other.index(first), len(other), "signoff_block", "r")]
    # nor one under a line that is itself in a block
    prep = prepare(text, CleanContext(kind="incoming"))
    both = [
        (text.index(org), text.index(rest) - 1, "signoff_block", "r"),
        (text.index(rest), len(text), "signoff_block", "r"),
    ]
    assert _wrapped_lines_stay(prep, both) == both


def test_the_organisation_on_its_own_line_under_the_title_stays_and_the_block_begins_below_it():
    address = "Mather Avenue, Allerton, Liverpool L18 9TG\nT: 0151 777 5155 | www.merseysidepcc.info"
    answer = "We hold the evaluation and have released it in full."
    for org in (
        "Office of the Police and Crime Commissioner for Merseyside",
        "Office of the Police, Fire and Crime Commissioner for North Yorkshire",
        "THE GLASGOW SCHOOL OF ART",
        "Commissioner for Survivors of Institutional Childhood Abuse (COSICA)",
        "Scottish Human Rights Commission",
    ):
        text = f"Dear Ms Rimmer\n\n{answer}\n\nKind regards,\n\nJoanne Mercer\nGovernance Officer\n{org}\n{address}\n"
        runs = _first_run_kept_from(text, org)
        assert len(runs) == 1 and text[runs[0][0] :].startswith("Mather Avenue"), org
        # after a blank line the organisation heads the sign-off block, as most mail has it
        apart = text.replace(f"Officer\n{org}", f"Officer\n\n{org}")
        assert apart[_first_run_kept_from(apart, org)[0][0] :].startswith(org), org
        # and without a signature above it, it is the block's
        unsigned = f"Dear Ms Rimmer\n\n{answer}\n\n{org}\n{address}\n"
        assert unsigned[_first_run_kept_from(unsigned, org)[0][0] :].startswith(org), org
    # under another team line, and under a one-line signature below an unusual sign-off
    team = "Freedom of Information Office | Salisbury NHS Foundation Trust"
    for above in (
        "With apologies,\n\nGemma Tull | FOI Officer | Salisbury NHS Foundation Trust",
        "Yours sincerely\n\nSamantha Whitlock\nFOI Officer\nRecords Management Office",
    ):
        text = (
            f"Dear Mr Whitcombe\n\n{answer}\n\n{above}\n{team}\nSalisbury District Hospital | Odstock Road | SP2 8BJ\n"
        )
        runs = _first_run_kept_from(text, team)
        assert text[runs[0][0] :].startswith("Salisbury District Hospital"), above
    # under a title the mail wrapped onto two lines, with the address joined to the name's line
    wrapped = (
        "Dear Ms Barraclough,\n\nThe precept is £41,200.\n\nCofion / Regards\n\nGwenllian Parry\n"
        "Clerc a Swyddog Ariannol Cyfrifol / Clerk and Responsible Financial\nOfficer\n"
        "Cyngor Tref Ffestiniog / Ffestiniog Town Council\n"
        "Swyddfa'r Cyngor, Stryd Fawr, Blaenau Ffestiniog, Gwynedd LL41 3ES\n"
    )
    runs = _first_run_kept_from(wrapped, "Cyngor Tref Ffestiniog")
    assert wrapped[runs[0][0] :].startswith("Swyddfa'r Cyngor")
    # a block that is only the organisation's line leaves nothing to strip
    alone = f"Dear Ms Rimmer\n\n{answer}\n\nKind regards,\n\nJoanne Mercer\nGovernance Officer\nScottish Human Rights Commission\n"
    assert _first_run_kept_from(alone, "Scottish Human Rights Commission") == []


def test_the_line_that_says_for_whom_the_writer_signs_stays_when_the_review_paragraph_runs_on_from_it():
    behalf = "Home Office, on behalf of the Migration Advisory Committee"
    rights = (
        "If you are not satisfied with the outcome of this review, you may apply to\n"
        "the Information Commissioner for a decision under section 50 of the Freedom of\n"
        "Information Act 2000. The Information Commissioner's Office is at Wycliffe\n"
        "House, Water Lane, Wilmslow, Cheshire SK9 5AF (helpline 0303 123 1113)."
    )
    text = (
        "Dear Mr Shafiq,\n\nI have reconsidered the response and release the list.\n\n"
        f"Yours sincerely\n\nInformation Rights Team\n{behalf}\n{rights}\n"
    )
    runs = _first_run_kept_from(text, behalf, "complaint_rights")
    assert len(runs) == 1 and text[runs[0][0] :].startswith("If you are not satisfied")
    out = clean_message(text, CleanContext(kind="incoming"))
    assert behalf in out.clean_text and "Wycliffe" not in out.clean_text


def test_the_line_that_says_for_whom_the_writer_signs_stays_under_any_signature_line():
    contact = (
        "[cid:image001.png@01DC17E2.9A4C3D10]\nCivic Centre, Windmillhill Street, Motherwell ML1 1AB\nTel: 01698 403200"
    )
    for signature, behalf in (
        # under a one-line signature, with the block run on below it
        (
            "Yours sincerely\n\nGraham McPherson | Solicitor | Legal and Democratic Services",
            "on behalf of the Clerk to North Lanarkshire Licensing Board",
        ),
        # under a title that is no title word's ("Archivist, ..."), naming the team it signs for
        (
            "Kind regards\n\nSam Okonjo (he/him)\nArchivist, The Museum of English Rural Life",
            "for Information Management and Policy Services",
        ),
        ("Kind regards\n\nSam Okonjo\nHarbour Master", "for the Chief Executive"),
    ):
        text = f"Dear Ms Rae\n\nThe Board holds no such list.\n\n{signature}\n{behalf}\n{contact}\n"
        runs = _first_run_kept_from(text, behalf)
        assert len(runs) == 1 and text[runs[0][0] :].startswith("[cid:"), behalf
        # with no signature above it, the line is the block's, as is one after a blank line
        for other in (
            text.replace(f"{signature}\n", ""),
            text.replace(f"{signature}\n{behalf}", f"{signature}\n\n{behalf}"),
        ):
            assert other[_first_run_kept_from(other, behalf)[0][0] :].startswith(behalf), behalf
    # a sentence that begins with "For" is no signature's line
    text = f"Dear Ms Rae\n\nKind regards\n\nSam Okonjo\nFor more information see our website.\n{contact}\n"
    assert text[_first_run_kept_from(text, "For more")[0][0] :].startswith("For more")


def test_the_writer_s_name_signed_above_a_mail_app_s_line_stays():
    from scraper.clean.assemble import _named_above_mail_app

    def run_after(text: str, first: str) -> list[tuple[int, int, str, str]]:
        starts, ends = _line_table(text)
        marks = find_markings(text, starts, ends)
        at = text.index(first)
        return _named_above_mail_app(text, starts, ends, marks, [(at, len(text), "other_boilerplate", "scorer")])

    for text in (
        "Dear Ms Munro\n\nI will miss the date, sorry.\n\nApologies again,\n\nFiona\nSent from Outlook for iOS\n",
        "Dr Treloar,\n\nNo sample was above Action Level 2.\n\nMark\nSent from my iPhone\n",
        "Dear Mr Ashworth,\n\nWe do not record reasons.\n\nThanks,\nHelen Price\nSent from my iPad\n",
    ):
        name = text.split("\n")[-3]
        runs = run_after(text, name)
        assert len(runs) == 1 and text[runs[0][0] :].startswith("Sent from"), name
    # the last line of a block above the app's line, and a sentence, are not the writer's name
    for text in (
        "Dear Ms Munro\n\nThe figures are below.\n\nThis e-mail may be monitored for\nlawful purposes.\nSent from my iPhone\n",
        "Dear Ms Munro\n\nThe figures are below.\n\nSee the table\nCall 0300 123 4567\nSent from my iPhone\n",
    ):
        line = text.split("\n")[-3]
        assert text[run_after(text, line)[0][0] :].startswith(line), line


def _team_run_kept_from(text: str, first: str, category: str = "signoff_block") -> list[tuple[int, int, str, str]]:
    """The runs left by the team-signature guard when the scorer reads every unit from ``first`` on
    as a block of ``category``."""
    from scraper.clean.assemble import _team_signs

    prep = prepare(text, CleanContext(kind="incoming"))
    k = next(i for i, u in enumerate(prep.units) if u.text.startswith(first))
    classes = [0] * k + [CLASSES.index(category)] * (len(prep.units) - k)
    start, end = prep.unit_span(k)[0], prep.unit_span(len(prep.units) - 1)[1]
    return _team_signs(prep, classes, [(start, end, category, "scorer")])


def test_the_team_that_signs_a_message_with_no_sign_off_stays_and_its_contact_lines_go():
    ack = (
        "Dear Ms Fairbrother,\n\nThank you for your request for information, which we received on 19 May 2025.\n"
        "It has been given the reference EDC/FOI/2025/052. We will respond by 16 June 2025.\n\n"
    )
    team = "Freedom of Information Office\nEbbsfleet Development Corporation\n"
    contact = "The Observatory, Castle Hill Drive, Ebbsfleet DA10 1EE\nwww.ebbsfleetdc.org.uk\n"
    text = ack + team + contact
    runs = _team_run_kept_from(text, "Freedom of Information Office")
    # the organisation's line straight under the team's stays with it
    assert len(runs) == 1 and text[runs[0][0] :].startswith("The Observatory")
    # and where the scorer kept the team's line, the organisation under it stays too
    runs = _first_run_kept_from(text, "Ebbsfleet Development Corporation")
    assert len(runs) == 1 and text[runs[0][0] :].startswith("The Observatory")
    for other in (
        ack + "Jo Pike\nDisclosure Officer\n\n" + team + contact,  # under a title, not a sentence
        ack.rstrip("\n") + "\n" + team + contact,  # run on under the last sentence
        ack + "Freedom of Information Office\n\nEbbsfleet Development Corporation\n" + contact,  # apart
    ):
        assert other[_first_run_kept_from(other, "Ebbsfleet Development")[0][0] :].startswith("Ebbsfleet")
    # an address under the team is the block's, with the scorer's team line or with the guard's
    for address in ("Town Hall, Bow Street", "Y Plas, Machynlleth, Powys"):
        text = ack + "Freedom of Information Office\n" + address + "\n" + contact
        assert text[_first_run_kept_from(text, address)[0][0] :].startswith(address)
        assert text[_team_run_kept_from(text, "Freedom of Information Office")[0][0] :].startswith(address)
    # a team line alone, then a blank line and the block: nothing of the team goes
    alone = ack + "Sussex IFCA Office\n\n" + contact
    assert _team_run_kept_from(alone, "Sussex IFCA Office")[0][0] == alone.index("The Observatory")
    # with a sign-off line in the message the signature guard decides, not this one
    signed = ack + "Kind regards\n\n" + team + contact
    assert signed[_team_run_kept_from(signed, "Freedom of Information Office")[0][0] :].startswith("Freedom")
    # under a line that ends no sentence (a person's title), the team heads the block, as most mail has it
    titled = ack + "Jo Pike\nDisclosure Officer\n\n" + team + contact
    assert titled[_team_run_kept_from(titled, "Freedom of Information Office")[0][0] :].startswith("Freedom")
    # run on with no blank line under the last sentence, it is the block's
    run_on = ack.rstrip("\n") + "\n" + team + contact
    assert run_on[_team_run_kept_from(run_on, "Freedom of Information Office")[0][0] :].startswith("Freedom")
    # a Welsh-language statement between the last sentence and the team, read as one block with the
    # contact lines: the statement and the contact lines go, the team stays
    welsh = ack + "We welcome correspondence in Welsh.\n\n" + team + contact
    runs = _team_run_kept_from(welsh, "We welcome correspondence")
    assert [welsh[a:b] for a, b, _c, _r in runs][0] == "We welcome correspondence in Welsh."
    assert len(runs) == 2 and welsh[runs[1][0] :].startswith("The Observatory")
    # the team's line joined in one unit to the address the mail wrapped under it: the team stays
    joined = (
        ack + "Tîm Tirwedd Cenedlaethol / National Landscape Team\n"
        "Parc Gwledig Loggerheads, Ffordd Rhuthun, Yr Wyddgrug CH7 5LH\nFfôn/Tel: 01352 810614\n"
    )
    prep = prepare(joined, CleanContext(kind="incoming"))
    assert any(u.text.startswith("Tîm Tirwedd") and "\nParc" in u.text for u in prep.units)
    runs = _team_run_kept_from(joined, "Tîm Tirwedd")
    assert len(runs) == 1 and joined[runs[0][0] :].startswith("Parc Gwledig")
    # under a table written as text, whose last row ends in a figure, not a full stop
    table = "Dear Ms Hoskins,\n\nYear    Visits\n2023    58,430\n2024          63,910\n\n"
    tabled = table + team + contact
    runs = _team_run_kept_from(tabled, "Freedom of Information Office")
    assert len(runs) == 1 and tabled[runs[0][0] :].startswith("The Observatory")
    # a line that ends in a figure but is no table's row ("Total: 63,910", "Reference 2024") signs nothing
    for line in ("The total for the year was 63,910", "Reference FOI 2024"):
        other = "Dear Ms Hoskins,\n\n" + line + "\n\n" + team + contact
        assert other[_team_run_kept_from(other, "Freedom of Information Office")[0][0] :].startswith("Freedom")


def test_the_team_that_signs_an_acknowledgement_under_its_help_text_stays():
    # the scorer ran the help text on into the team's line and the contact lines under it
    ack = (
        "Dear Mr O'Donnell,\n\nYour request has been logged as LWTC/FOI/2025/14. A response will be sent "
        "to you by 2 October 2025.\n\n"
    )
    help_text = (
        "The Town Council office is open to callers Monday to Thursday, 10am to 1pm. Roads, bins and "
        "planning decisions are the county council's.\n\n"
    )
    team = "Llandrindod Wells Town Council Office / Swyddfa Cyngor Tref Llandrindod\n"
    contact = "Town Hall | Temple Street | Llandrindod Wells | LD1 5DL\nTel: 01597 823907\n"
    text = ack + help_text + team + contact
    runs = _team_run_kept_from(text, "The Town Council office", "other_boilerplate")
    assert [text[a:b] for a, b, _c, _r in runs][0] == help_text.strip()
    assert len(runs) == 2 and text[runs[1][0] :].startswith("Town Hall")
    # a heading of the help text, over its prose, is the block's: it signs nothing
    heading = (
        ack
        + "About Freedom of Information at OnFife\nFife Cultural Trust became subject to the Act as a body that provides services for the council.\n"
    )
    runs = _team_run_kept_from(heading, "About Freedom", "other_boilerplate")
    assert len(runs) == 1 and heading[runs[0][0] :].startswith("About Freedom")
    # (as a sign-off block, which such a heading does not begin, the same lines stay as they were)
    assert _team_run_kept_from(text, "The Town Council office")[1][0] == text.index("Town Hall")
    # under a heading the scorer left above the help text it took ("For your information:")
    listed = (
        ack + "For your information:\n\n* Please do not send the same request twice.\n\n"
        "Information Governance | City of York Council\nWest Offices | Station Rise | York | YO1 6GA\n"
    )
    runs = _team_run_kept_from(listed, "* Please do not", "other_boilerplate")
    assert [listed[a:b] for a, b, _c, _r in runs][0] == "* Please do not send the same request twice."
    assert len(runs) == 2 and listed[runs[1][0] :].startswith("West Offices")
    # but not under a line that ends no sentence and heads nothing ("Information Governance Officer")
    titled = listed.replace("For your information:", "Jo Pike, Information Governance Officer")
    runs = _team_run_kept_from(titled, "* Please do not", "other_boilerplate")
    assert len(runs) == 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["We will respond by 3 May.", "Information Governance Team", "Durham County Council", "Tel: 0123", ""]
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_team_signature_test_reads_only_the_blanks_above_it(lines):
    # (it reads back over the blank lines only, so a message of many such units stays linear; the
    # answer must be the plain definition's)
    from scraper.clean.assemble import _team_signed
    from scraper.clean.signature import team_line

    text = "Dear Sir\n\n" + "\n".join(lines) + "\n"
    prep = prepare(text, CleanContext(kind="incoming"))
    for k in range(1, len(prep.units)):
        s, e = prep.unit_span(k)
        plain = (
            "\n" not in text[s:e]
            and text.endswith("\n\n", 0, s)
            and text[:s].rstrip().endswith((".", "!", "?"))
            and team_line(text[s:e])
        )
        assert _team_signed(prep, k) == plain, (text, k)


def test_a_team_line_is_a_name_and_never_a_block_s_heading():
    from scraper.clean.signature import team_line

    for name in (
        "Information Governance Team",
        "Cyngor Tref Aberteifi | Cardigan Town Council",
        "Freedom of Information Team | NHS Sussex (Sussex Integrated Care Board)",
        "Planning Appeals Commission",
        "THE CITY OF LIVERPOOL COLLEGE",
        "Information Governance Team | Wirral Community Health and Care NHS Foundation Trust",
        "Issued on behalf of the Harbour Master and Chief Executive",
        "ar ran Cyd-bwyllgor Corfforedig Gogledd Cymru / on behalf of the North Wales Corporate Joint Committee",
        # a body whose name holds a heading's word, "Review", says what it is at the end
        "Sentence Review Commissioners",
        "Criminal Cases Review Commission",
        # a body and what it belongs to
        "Gloucestershire Archives, part of Gloucestershire County Council",
        "Exampleshire Leisure – part of the Exampleshire Council family",
        "Rural Payments Unit - part of the Department of Agriculture, Environment and Rural Affairs",
        # a place's small words ("Weston-super-Mare", "Ashby de la Zouch", "Chapel-en-le-Frith")
        "Weston-super-Mare Town Council",
        "Ashby de la Zouch Town Council",
        "Chapel-en-le-Frith Parish Council",
        # a hyphened Welsh place ("Pen-y-bont ar Ogwr") and Welsh small words ("ac", "ar")
        "Cyngor Tref Pen-y-bont ar Ogwr / Bridgend Town Council",
        "Penderfyniadau Cynllunio ac Amgylchedd Cymru | Planning and Environment Decisions Wales",
        # one word of a long name in lower case
        "Medicines and Healthcare products Regulatory Agency",
        # a list in a name, in either language
        "Department for Culture, Media and Sport | Adran Diwylliant, y Cyfryngau a Chwaraeon",
        # a review body in the plural
        "Office of the Convener of the School Closure Review Panels",
    ):
        assert team_line(name), name
    for heading in (
        "Right of Appeal",
        "Rights of Appeal",
        "Your Right to Complain",
        "Complaints to the Information Commissioner",
        "Information Commissioner's Office",
        "Internal Review Procedure",
        "Internal Review",
        "Request a Review",
        "Follow Us",
        "Tel: 0151 777 5155",
        "The team will write to you once the review is finished.",
        "This e-mail is sent on behalf of the Council.",
        "on behalf of Exampleshire Council | 01234 567890",
        "Rights of Appeal | Hawliau Apelio",
        "Neuadd y Dref, Sgwâr Bulkeley, Llangefni, Ynys Môn | Town Hall, Bulkeley Square, Llangefni, Anglesey",
        "Information Governance Team | Follow us on X and Facebook for news of our services",
        # a sentence that says what a body belongs to, and one with contact details
        "The museum is part of the council's culture service.",
        "Records are held by UK Visas and Immigration, part of the Home Office.",
        "Exampleshire Leisure – part of the Exampleshire Council family | 01234 567890",
        # a street in a cell of its own is an address's, not a name's
        "Tŷ Carnegie | Carnegie House | Wyndham Street | Pen-y-bont ar Ogwr | Bridgend",
        "Royal Agricultural University | Stroud Road | Cirencester | Gloucestershire",
        "Ysgol Gyfun Gymraeg Bro Morgannwg | Heol Colcot, Y Barri | Colcot Road, Barry",
        # a lower-case word last, or an abbreviation, is no long name's
        "Llandecwyn, Ynys ac Eisingrug | d/o Bryn Eithin, Talsarnau, Gwynedd",
        "Exampleshire Council Information Governance Team contact",
        # two lower-case words
        "Medicines and Healthcare products regulatory Agency",
    ):
        assert not team_line(heading), heading


def test_a_long_name_may_have_one_lower_case_word_inside_it():
    from scraper.clean.signature import organisation_line

    assert organisation_line("Medicines and Healthcare products Regulatory Agency")
    # not first (a line that says for whom the writer signs is another test's), nor in a short name
    assert not organisation_line("on behalf of the West Herts Crematorium Joint Committee")
    assert not organisation_line("Healthcare products Regulatory Agency")


def test_the_body_a_writer_signs_for_stays_with_what_it_is_part_of():
    """A body with what it is part of ("Exampleshire Leisure – part of the Exampleshire Council family")
    under the writer's title is the body they sign for; the address and links under it are the block."""
    text = (
        "Dear Ms Reid,\n\nWe sold 412 tickets for the gala and gave away 38.\n\nBest wishes,\n"
        "Jade Hornby\nGovernance and Compliance Officer\n"
        "Exampleshire Leisure – part of the Exampleshire Council family\n"
        "Exampleshire Leisure Ltd | Winter Gardens | 97 Church Street | Exampletown | EX1 1HL\n"
        "Follow us on Facebook and Instagram @ExLeisure\n"
    )
    body = "Exampleshire Leisure – part of the Exampleshire Council family"
    runs = _first_run_kept_from(text, body)
    assert len(runs) == 1 and text[runs[0][0] :].startswith("Exampleshire Leisure Ltd |")
    cleaned = clean_message(text, CleanContext(kind="incoming")).clean_text
    assert body in cleaned and "Governance and Compliance Officer" in cleaned
    assert "97 Church Street" not in cleaned and "Follow us" not in cleaned


def test_a_team_and_its_organisation_joined_in_one_unit_are_the_signature():
    team = "Information Governance and Records Management Team\nBradford District Care NHS Foundation Trust"
    notice = (
        "Bradford District Care NHS Foundation Trust: this e-mail and any\n"
        "attachments may contain confidential information and are for the intended\nrecipient only."
    )
    text = f"Dear Ms Ward\n\nWe hold 3 policies.\n\nKind regards,\n\n{team}\n{notice}\n"
    prep = prepare(text, CleanContext())
    assert any(u.text == team for u in prep.units)  # one unit, longer than a signature line
    assert team in _guarded(text)
    assert not any(t.startswith("Bradford District Care NHS Foundation Trust:") for t in _guarded(text))
    # two lines of which one is a sentence are not
    assert "Information Governance Team\nPlease write to us" not in _guarded(
        "Dear Ms Ward\n\nWe hold 3 policies.\n\nKind regards,\n\nInformation Governance Team\n"
        "Please write to us at the address on our website if you need this in another format\n"
    )


# (the shape of a round 27 answer: a table of opening hours, longer than an address, under its lead-in)
OPENING_HOURS = (
    "Dear Mr Pritchard,\n\nThank you for your request about the library. Its opening hours are published on "
    "our website and at the entrance, so we have not repeated every variation here. In summary:\n\n"
    "Term time\n  Building: open 24 hours a day, 7 days a week\n"
    "  Help desk: 08:30 to 20:00 Monday to Thursday; 08:30 to 17:00 Friday\n"
    "Christmas and Easter vacations\n  Building: 08:00 to 22:00 daily (closed from 24 December to 1 January)\n"
    "  Help desk: 09:00 to 17:00 Monday to Friday\nSummer vacation\n"
    "  Building: 08:00 to 20:00 Monday to Friday; closed at weekends\n  Help desk: 09:00 to 17:00 Monday to Friday\n\n"
    "Yours sincerely\n\nJo Bloggs\nInformation Governance Manager"
)


def test_a_table_of_hours_under_the_answer_s_lead_in_is_kept():
    clean = clean_message(OPENING_HOURS).clean_text
    for line in OPENING_HOURS.split("\n"):
        assert line.strip() in clean


def test_the_organisation_s_address_under_the_title_goes():
    reply = (
        "Dear Ms Shaw,\n\nWe hold no information about the closure of the depot.\n\nRegards\n\n"
        "Freedom of Information Officer\n"
        "Exampleshire Commission | 4th Floor, 12 West Street, Edinburgh EH3 9DN\n"
        "www.example.scot | Follow us on LinkedIn\n"
        "The Exampleshire Commission is the public spending watchdog for local councils."
    )
    clean = clean_message(reply).clean_text
    assert "Freedom of Information Officer" in clean
    assert "EH3 9DN" not in clean
    # so does a plain address under the writer's name and title, ending the message, whatever the
    # scorer's lean (given here: a retrained scorer's lean on so plain an address may move either way)
    own = "Dear Ms Shaw,\n\nWe hold no such records.\n\nRegards\n\nJo Bloggs\nFOI Officer\nTown Hall, High Street, Exampletown EX1 1AA"
    prep = prepare(own, CleanContext())
    address = next(k for k, i in enumerate(prep.idx) if prep.units[i].text.startswith("Town Hall"))
    title = next(k for k, i in enumerate(prep.idx) if prep.units[i].text.startswith("FOI Officer"))
    for lean in (-5.0, 5.0):
        emissions = [(10.0, 0.0, 0.0, 0.0, 0.0)] * len(prep.idx)
        emissions[address] = (5.0, 0.0, 0.0, 5.0 + lean, 0.0)
        guarded = protected(prep, emissions)
        assert prep.idx[title] in guarded and prep.idx[address] not in guarded


def test_a_second_line_of_pipes_under_a_one_line_signature_begins_the_block():
    from scraper.clean.assemble import _signature

    text = (
        "Dear Ms Shaw,\n\nWe hold no such records.\n\nKind regards\n\n"
        "Sunita Varma | Information Compliance Manager | Exampleshire University\n"
        "Information Compliance | Governance Services\n"
        "Exampleshire University | College Lane | Exampletown | EX1 1AA"
    )
    prep = prepare(text, CleanContext())
    kept = {prep.units[i].text for i in _signature(prep)}
    assert "Sunita Varma | Information Compliance Manager | Exampleshire University" in kept
    assert "Information Compliance | Governance Services" not in kept
    # a team under the name, with no pipes above it, is still the signature's
    prep = prepare(text.replace("Sunita Varma | Information Compliance Manager | ", "Sunita Varma\n"), CleanContext())
    assert "Information Compliance | Governance Services" in {prep.units[i].text for i in _signature(prep)}


def test_the_organisation_with_its_street_address_in_the_next_cell_begins_the_block():
    """After a name and a title, "Ashbourne Town Council | Town Hall, Market Place, ..." (the postcode
    wrapped onto the next line) is the organisation's block, not the writer's team."""
    from scraper.clean.assemble import _signature

    def signed(org_line: str) -> set[str]:
        text = (
            "Dear Mr Walsh,\n\nThe Council spent £4,120 on the event.\n\nKind regards\n"
            f"Helen Marsden\nDeputy Town Clerk\n{org_line}\nDE6 1ES | 01335 000000\nwww.example.gov.uk"
        )
        prep = prepare(text, CleanContext())
        return {prep.units[i].text for i in _signature(prep)}

    for org in (
        "Ashbourne Town Council | Town Hall, Market Place, Ashbourne, Derbyshire",
        "Merseyside Pension Fund | PO Box 120, Castle Chambers, 43 Castle Street,",
        "MACS Secretariat | George House, 36 North Hanover",
        "Bromley by Bow Health Partnership | Bromley by Bow Health Centre, St",
        # with its postcode, which alone would read as the writer's own postal address
        "Grosvenor Grammar School | Marina Park, Belfast BT5 6BA",
    ):
        kept = signed(org)
        assert {"Helen Marsden", "Deputy Town Clerk"} <= kept
        assert org not in kept
    # a team and its organisation in two cells, with no address, stay the writer's
    team = "Information Governance Team | Ashbourne Town Council"
    assert team in signed(team)
    team = "Governance, Legal Services | Ashbourne Town Council"
    assert team in signed(team)


@pytest.mark.parametrize(
    "line,pieces",
    [
        ("Wallace High School | 12A Clonevin Park, Lisburn, Co. Antrim BT28 3AD, for the Board of Governors", 1),
        ("We asked Dr. Patel, who leads the service at St. Helens, and she confirmed it. No. 4 is closed.", 2),
        ("The depot closed in 2019. It has not reopened since then, and there are no plans to reopen it.", 2),
    ],
)
def test_an_abbreviation_before_a_name_or_number_ends_no_sentence(line, pieces):
    from scraper.clean.units import segment_paragraph

    assert len(segment_paragraph(line)) == pieces


def test_a_list_under_the_answer_s_lead_in_stays_however_long():
    from scraper.clean.assemble import _addresses_follow_lead_ins
    from scraper.clean.model import CLASSES

    cr = CLASSES.index("complaint_rights")
    names = ("Blackburn Road", "Broadway", "Church Street", "Cornhill", "Eagle Street", "Peel Street")
    streets = [f"o {name}" for name in (*names, "Union Street", "Warner Street", "Whalley Road")]
    texts = ["Streets with one or more council CCTV cameras:", *streets]
    n = len(texts)
    idx, para = list(range(3, 3 + n)), [1] + [2] * (n - 1)
    path = [0] + [cr] * (n - 1)
    _addresses_follow_lead_ins(path, texts, idx, para, frozenset())
    assert path == [0] * n
    # so do sixteen short lines that are no list (a table's rows, an address), but not more
    plain = [texts[0], *(s[2:] for s in streets)]
    path = [0] + [cr] * (n - 1)
    _addresses_follow_lead_ins(path, plain, idx, para, frozenset())
    assert path == [0] * n
    long_plain = [texts[0], *(f"{s[2:]} {k}" for k in range(2) for s in streets)]
    m = len(long_plain)
    path = [0] + [cr] * (m - 1)
    _addresses_follow_lead_ins(path, long_plain, list(range(3, 3 + m)), [1] + [2] * (m - 1), frozenset())
    assert path == [0] + [cr] * (m - 1)
    # nor a list of sentences (the steps of a procedure)
    steps = [texts[0], *(f"{s}." for s in streets)]
    path = [0] + [cr] * (n - 1)
    _addresses_follow_lead_ins(path, steps, idx, para, frozenset())
    assert path == [0] + [cr] * (n - 1)


@pytest.mark.parametrize(
    "greeting,signoff",
    [
        ("A charaid,", "Le dùrachd,"),
        ("A chara,", "Is mise le meas,"),
        ("Dear Ms Hale,", "Le deagh dhùrachd"),
        ("Annwyl Mali Ellison / Dear Mali Ellison", "Gyda dymuniadau gorau / Best wishes"),
        ("Annwyl Mr Rees,", "Gyda diolch,"),
        ("Dear Joel Ashworth,", "With best wishes"),
        ("Dear Joel Ashworth,", "All the best,"),
        ("Dear Joel Ashworth,", "Warm wishes"),
    ],
)
def test_gaelic_irish_and_welsh_greetings_and_sign_offs_are_recognised(greeting, signoff):
    text = f"{greeting}\n\nWe hold 42 such contracts.\n\n{signoff}\nMairead Chaimbeul\nCeannard / Chief Executive\n"
    prep = prepare(text, CleanContext(kind="incoming"))
    guarded = {prep.units[i].text.strip() for i in protected(prep)}
    assert {greeting, signoff, "Mairead Chaimbeul", "Ceannard / Chief Executive"} <= guarded


@pytest.mark.parametrize(
    "sentence,asks",
    [
        ("Please quote the reference above in any correspondence about this request.", True),
        ("The reference number is shown above; please quote it in any correspondence.", True),
        ("Please quote it in full when you write.", False),  # no reference named
        ("Our reference is FOI/2025/0042.", False),
    ],
)
def test_a_request_to_quote_the_reference_is_recognised(sentence, asks):
    assert quotes_reference(sentence) is asks


def test_the_request_to_quote_the_reference_is_kept_right_after_the_due_date_and_only_there():
    quote = "Please quote the reference above in any correspondence about this request."
    after_due = f"Dear Ms Cole,\n\nReference: FOI/2025/0042\n\nWe will respond by 3 November 2025.\n\n{quote}\n\nInformation Team"
    assert quote in _guarded(after_due)
    after_help = (
        "Dear Ms Cole,\n\nWe will respond by 3 November 2025.\n\n"
        "Many answers are already in our disclosure log on the website.\n\n"
        f"{quote}\n\nInformation Team"
    )
    assert quote not in _guarded(after_help)


def test_what_the_safety_net_keeps_teaches_the_archive_adaptation_content():
    from scraper.clean.adapt import _examples

    threads = _pledge_threads(4)
    blocks = mine_authority_blocks(r for t in threads for r in t)
    examples = _examples(threads, load_model(), blocks)
    # the writer's name after the sign-off is a content lesson, however short (the organisation's
    # name in a signature must not be learned as boilerplate from its sign-off blocks alone)
    assert any(label == CLASSES.index("content") and "w:jones" in feats for feats, label in examples)
    assert not any(label != CLASSES.index("content") and "w:jones" in feats for feats, label in examples)


def test_the_units_of_a_run_that_share_a_line_with_kept_text_need_strong_support():
    from scraper.clean.assemble import MIDLINE_SUPPORT, Prepared, _runs_within_lines

    text = (
        "Dear Mr Greaves\n\n"
        "Could you tell us whether you want the records of your own complaints or the\n"
        "officer's record in general? That decides which law applies: your own\n"
        "records are a subject access request.\n"
        "Please do not reply to this e-mail address.\n"
    )
    ob = CLASSES.index("other_boilerplate")

    def units_of(text: str) -> tuple[Prepared, list[str]]:
        prep = prepare(text, CleanContext(kind="incoming"))
        return prep, [prep.units[i].text for i in prep.idx]

    def still_blocks(prep: Prepared, support: float, run: list[int]) -> list[int]:
        """The units of ``run`` (read as help text with ``support``) still a block after the rule."""
        n = len(prep.idx)
        path = [ob if k in run else 0 for k in range(n)]
        emissions = [(0.0, 0.0, 0.0, 0.0, support if k in run else 0.0) for k in range(n)]
        _runs_within_lines(prep, path, emissions)
        return [k for k, c in enumerate(path) if c == ob]

    prep, units = units_of(text)
    mid = next(k for k, u in enumerate(units) if u.startswith("That decides"))
    alone = next(k for k, u in enumerate(units) if u.startswith("Please do not reply"))
    first = next(k for k, u in enumerate(units) if u.startswith("Could you"))
    # a sentence begun after kept text on its line goes back to the answer, unless the scorer is sure
    assert still_blocks(prep, MIDLINE_SUPPORT - 1, [mid]) == []
    assert still_blocks(prep, MIDLINE_SUPPORT + 1, [mid]) == [mid]
    # a run on lines of its own is left to the scorer's other passes, however weak
    assert still_blocks(prep, 1.0, [alone]) == [alone]
    # a run that begins inside the answer's paragraph loses only the units before its first new line
    assert still_blocks(prep, MIDLINE_SUPPORT - 1, [mid, alone]) == [alone]
    # and a unit that ends inside a line, with kept text after it, goes back too
    assert still_blocks(prep, MIDLINE_SUPPORT - 1, [first]) == []
    # after the writer's closing courtesy the answer has ended, on the same line or not
    prep, units = units_of(text.replace("in general? ", "in general? I hope this helps. "))
    mid = next(k for k, u in enumerate(units) if u.startswith("That decides"))
    assert units[mid - 1] == "I hope this helps."
    assert still_blocks(prep, MIDLINE_SUPPORT - 1, [mid]) == [mid]


def test_a_run_begun_inside_a_line_takes_the_sentences_before_it_that_lean_its_way():
    from scraper.clean.assemble import MIDLINE_LEAN, MIDLINE_SUPPORT, Prepared, _runs_within_lines

    text = (
        "Dear Ms Lowe\n\nWe hold 12 records.\n\n"
        "Exampleshire Council is committed to openness. Our publication scheme lists what we publish.\n"
    )
    ob = CLASSES.index("other_boilerplate")
    prep: Prepared = prepare(text, CleanContext(kind="incoming"))
    units = [prep.units[i].text for i in prep.idx]
    first = units.index("Exampleshire Council is committed to openness.")
    second = first + 1
    assert units[second].startswith("Our publication scheme")

    def after_rule(lean: float, protect_first: bool = False) -> list[str]:
        """The units still read as help text when the decoder took only the second sentence, the
        scorer reading it as help text by less than MIDLINE_SUPPORT and the first by ``lean``
        (with ``protect_first``, the first is one the guards keep, as the decoder was told)."""
        n = len(units)
        path = [ob if k == second else 0 for k in range(n)]
        emissions = [
            (0.0,) * 4 + ((MIDLINE_SUPPORT - 4) if k == second else lean if k == first else 0.0,) for k in range(n)
        ]
        forced = [0 if protect_first and k == first else None for k in range(n)]
        _runs_within_lines(prep, path, emissions, forced)
        return [units[k] for k, c in enumerate(path) if c == ob]

    # the decoder kept the first sentence only to save a change of class: the block begins with the line
    assert after_rule(MIDLINE_LEAN) == units[first : second + 1]
    # a first sentence the scorer does not read as help text is the answer's, and so is the rest of its line
    assert after_rule(MIDLINE_LEAN - 1) == []
    assert after_rule(-5.0) == []
    # a sentence the guards keep (an automatic reply's "your e-mail has arrived in our mailbox.",
    # run on by the help text) is never taken, however the scorer leans: the run is then one
    # begun inside a line, and goes back to content
    assert after_rule(MIDLINE_LEAN + 10, protect_first=True) == []


def test_a_run_begun_inside_a_line_takes_a_long_sentence_before_it_that_the_archive_repeats():
    from scraper.clean.assemble import MIDLINE_SUPPORT, REPEATED_SENTENCE_WORDS, Prepared, _runs_within_lines
    from scraper.clean.features import EV_AUTH, EV_THREAD, EVIDENCE_SHIFT

    help_text = (
        "Pool timetables, lesson schedules and any closures are shown on the app and on each centre's page "
        "of our website. If a lesson you have booked is cancelled, you will be told by text message.\n"
    )
    ob = CLASSES.index("other_boilerplate")

    def after_rule(text: str, first_text: str, evidence: int) -> list[str]:
        """The units still read as help text when the decoder took only the sentence after
        ``first_text``, which the scorer reads as content by 5 and the archive repeats (``evidence``)."""
        prep: Prepared = prepare("Dear Ms Lowe\n\nWe hold 12 records.\n\n" + text, CleanContext(kind="incoming"))
        units = [prep.units[i].text for i in prep.idx]
        first = units.index(first_text)
        n = len(units)
        prep.codes = [c | evidence << EVIDENCE_SHIFT if k == first else c for k, c in enumerate(prep.codes)]
        path = [ob if k == first + 1 else 0 for k in range(n)]
        emissions = [
            (0.0,) * 4 + ((MIDLINE_SUPPORT - 4) if k == first + 1 else -5.0 if k == first else 0.0,) for k in range(n)
        ]
        _runs_within_lines(prep, path, emissions, [None] * n)
        return [units[k] for k, c in enumerate(path) if c == ob]

    first = help_text.split(". ")[0] + "."
    assert len(first.split()) >= REPEATED_SENTENCE_WORDS
    # the authority sent the sentence in other requests, or earlier in this thread: the block begins with the line
    for evidence in (EV_AUTH, EV_THREAD):
        assert after_rule(help_text, first, evidence) == [first, help_text.split(". ")[1].strip()]
    # seen once, the sentence is the answer's, and so is the rest of its line
    assert after_rule(help_text, first, 0) == []
    # a short sentence the archive repeats ("I will respond when I return.") is no reason to take it
    short = "I will respond when I return. If you have urgent queries please ring 020 8541 9088.\n"
    assert after_rule(short, "I will respond when I return.", EV_AUTH) == []


def test_a_sentence_inside_the_answer_s_paragraph_stays_with_the_answer():
    # a scorer that reads any sentence naming the mailbox as help text
    mailbox = _hand_scorer({"w:mailbox": "other_boilerplate"})
    answer = (
        "We do not hold a central record. You may wish to ask individual schools whether\n"
        "they keep one. Requests can still be sent to this mailbox and we will pass\n"
        "them on to the schools.\n"
    )
    help_text = "This mailbox is not monitored at weekends."
    text = f"Dear Mr Lowe\n\n{answer}\n{help_text}\n\nKind regards\nAmy Shaw\n"
    out = clean_message(text, CleanContext(kind="incoming", model=mailbox))
    assert answer in out.clean_text
    assert [(text[s.start : s.end], s.category) for s in out.stripped] == [(help_text, "other_boilerplate")]


def test_a_rights_sentence_run_on_after_the_answer_is_still_stripped():
    answer = (
        "The agreement is withheld under section 43(2), as its rates would weaken our position when it is "
        "renegotiated. On balance the public interest favours withholding it."
    )
    rights = (
        "You have the right to ask for an internal review of this decision within 40 working days, and "
        "after that to complain to the Information Commissioner."
    )
    text = f"Dear Ms Pryce\n\n{answer} {rights}\n\nYours sincerely\n\nRuth Adeyemi\nDisclosure Officer\n"
    out = clean_message(text, CleanContext(kind="incoming"))
    assert answer in out.clean_text
    assert [(text[s.start : s.end], s.category) for s in out.stripped] == [(rights, "complaint_rights")]


@pytest.mark.parametrize("line", ["By email", "Sent by e-mail", "Via email", "By E-mail only."])
def test_a_letter_s_delivery_line_is_kept_whatever_the_scorer_reads(line):
    # a scorer that reads every line naming e-mail as help text
    mail = _hand_scorer({"w:email": "other_boilerplate", "w:e": "other_boilerplate"})
    notice = "Please do not reply to this email address."
    text = (
        f"Ms R Castle\n{line}\n\n12 March 2025\n\nDear Ms Castle\n\nWe hold 14 records.\n\n"
        f"Yours sincerely\n\nAmy Shaw\n\n{notice}\n"
    )
    out = clean_message(text, CleanContext(kind="incoming", model=mail))
    assert f"\n{line}\n" in out.clean_text
    assert [(text[s.start : s.end], s.category) for s in out.stripped] == [(notice, "other_boilerplate")]


@pytest.mark.parametrize("line", ["By email: foi@example.gov.uk", "You can contact us by email", "Send by email"])
def test_only_a_bare_delivery_line_is_guarded(line):
    assert not states_delivery(line, line.lower())


def test_a_list_read_as_one_wrapped_unit_stays_with_the_answer_s_lead_in():
    from scraper.clean.assemble import _addresses_follow_lead_ins

    so = CLASSES.index("signoff_block")
    stations = (
        "Shrewsbury - Clive Road, Monkmoor, Shrewsbury SY2 5RW - Monday to Saturday 8am-8pm\n"
        "Telford - Malinsgate, Telford TF3 4HW - daily 8am-10pm\n"
        "Oswestry - Salop Road, Oswestry SY11 2NZ - Monday to Friday 9am-5pm"
    )
    texts = ["Police stations in Shropshire with a front counter open to the public:", stations, "We hold no more."]
    idx, para = [3, 4, 5], [1, 2, 3]
    path = [0, so, 0]
    _addresses_follow_lead_ins(path, texts, idx, para, frozenset())
    assert path == [0, 0, 0]
    # the rows are what is counted: a sentence among them, or more than sixteen, is no list or address
    for other in (stations + "\nPlease call before you visit.", "\n".join([stations] * 6)):
        path = [0, so, 0]
        _addresses_follow_lead_ins(path, [texts[0], other, texts[2]], idx, para, frozenset())
        assert path == [0, so, 0]


def test_a_list_of_bodies_addresses_under_the_answer_s_lead_in_is_kept_paragraph_by_paragraph():
    from scraper.clean.assemble import _addresses_follow_lead_ins

    so = CLASSES.index("signoff_block")
    first = "University Hospital Southampton NHS Foundation Trust\nTremona Road, Southampton SO16 6YD\nwww.uhs.nhs.uk"
    second = "Portsmouth Hospitals University NHS Trust\nSouthwick Hill Road, Cosham, Portsmouth PO6 3LY\nwww.porthosp.nhs.uk"
    lead_in, after = "You may wish to send your request to:", "Some operations are carried out by treatment centres."
    texts = [lead_in, *first.split("\n"), *second.split("\n"), after]
    idx, para = list(range(3, 11)), [1, 2, 2, 2, 3, 3, 3, 4]
    path = [0, so, so, so, so, so, so, 0]
    _addresses_follow_lead_ins(path, texts, idx, para, frozenset())
    assert path == [0] * 8
    # not when the list ends the message (the paragraph after the first may be the sign-off block's
    # address), nor past a paragraph that is no body's name over its address
    path = [0, so, so, so, so, so, so]
    _addresses_follow_lead_ins(path, texts[:7], idx[:7], para[:7], frozenset())
    assert path == [0, 0, 0, 0, so, so, so]
    prose = ["Please write to them.", *second.split("\n")[1:]]
    path = [0, so, so, so, so, so, so, 0]
    _addresses_follow_lead_ins(path, texts[:4] + prose + [after], idx, para, frozenset())
    assert path == [0, 0, 0, 0, so, so, so, 0]


def test_a_sentence_before_the_sign_off_that_names_a_month_of_a_year_is_the_answer_s():
    # a scorer that reads any mention of the website as help text
    web = _hand_scorer({"w:website": "other_boilerplate"})
    text = (
        "Dear Mr Birch\n\nThe figures are exempt under section 22: they will be published in the "
        "council's accounts.\n\nPlease check the council's website in July 2024.\n\n"
        "Our opening hours are on the council's website.\n\nKind regards\n\nNicola Petts\n\n"
        "Our new website opens in May 2025.\n"
    )
    out = clean_message(text, CleanContext(kind="incoming", model=web))
    assert "Please check the council's website in July 2024." in out.clean_text
    # help text that names no month stays help text, and so does what follows the sign-off
    assert "opening hours" not in out.clean_text
    assert "opens in May 2025" not in out.clean_text


def test_a_wrapped_list_of_addresses_under_the_answer_s_lead_in_is_kept():
    # a scorer that reads any postcode as a sign-off block's address
    postal = _hand_scorer({"sh:postcode": "signoff_block"})
    stations = (
        "Shrewsbury - Clive Road, Monkmoor, Shrewsbury SY2 5RW - Monday to Saturday 8am-8pm\n"
        "Telford - Malinsgate, Telford TF3 4HW - daily 8am-10pm\n"
        "Oswestry - Salop Road, Oswestry SY11 2NZ - Monday to Friday 9am-5pm\n"
    )
    text = (
        "Dear Mr Lowe\n\nPolice stations in Shropshire with a front counter open to the public:\n\n"
        f"{stations}\nWe do not record the number of visitors.\n\nYours sincerely\n\nAmy Shaw\n"
    )
    out = clean_message(text, CleanContext(kind="incoming", model=postal))
    assert stations in out.clean_text
    assert out.stripped == []


def test_an_automatic_reply_keeps_that_the_message_was_delivered_and_when_to_expect_a_reply():
    delivered = "This is an automatic confirmation that your message has been delivered to\nour mailbox."
    timetable = "It will be logged and you will hear from us with a reference\nnumber within two working days."
    text = f"{delivered} {timetable}\n\nPlease do not reply to this automatic message.\n\nThe Royal Mint FOI Team\n"
    guarded = _guarded(text)
    assert {delivered, timetable} <= guarded
    assert "Please do not reply to this automatic message." not in guarded


def test_a_heading_of_the_answer_stays_though_its_words_are_a_block_s():
    # the request asked about complaints to the Commissioner: the answer's own numbered heading says
    # so, with its figures straight under it
    text = (
        "Dear Ms Metcalfe,\n\nThe answers follow your numbering.\n\n"
        "1. Requests received\n\nWe received 44 requests between 2022 and 2024.\n\n"
        "2. Internal reviews\n\nThree reviews were asked for; one was upheld.\n\n"
        "3. Complaints to the Information Commissioner\n\n"
        "One complaint was made to the ICO, in 2023, about a late response. The ICO closed the case in\n"
        "March 2024 without a decision notice.\n\n"
        "Yours sincerely\n\nAndrew Hinde\nTown Clerk\n\n"
        "Your right to complain\n\nIf you are not satisfied with this response, you may ask for an internal\n"
        "review within 40 working days. If you are still unhappy after the review, you may complain to the\n"
        "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF.\n"
    )
    out = clean_message(text, CleanContext(kind="incoming"))
    assert "3. Complaints to the Information Commissioner" in out.clean_text
    assert "One complaint was made to the ICO" in out.clean_text
    assert "Wycliffe House" not in out.clean_text


def test_a_heading_between_answer_text_is_content_only_when_it_is_one_short_line():
    from scraper.clean.assemble import _headings_head_content
    from scraper.clean.units import PARAGRAPH as para
    from scraper.clean.units import SENTENCE as sentence

    CONTENT, block = 0, CLASSES.index("complaint_rights")
    texts = ["The answers follow.", "3.", "Complaints to the ICO", "One complaint was made.", "Reviews are free."]
    path = [CONTENT, block, block, CONTENT, block]
    _headings_head_content(path, texts, [para, para, sentence, para, para])
    assert path == [CONTENT, CONTENT, CONTENT, CONTENT, block]
    # a sentence is no heading; nor is a heading with no answer under it, or one run on from a sentence
    for texts_, bds in (
        (
            ["The answers follow.", "You may ask for a review.", "", "One complaint.", ""],
            [para, para, sentence, para, para],
        ),
        (
            ["The answers follow.", "3.", "Complaints to the ICO", "One complaint.", ""],
            [para, para, sentence, sentence, para],
        ),
    ):
        path = [CONTENT, block, block, CONTENT, block]
        _headings_head_content(path, texts_, bds)
        assert path == [CONTENT, block, block, CONTENT, block], texts_


def test_a_heading_joins_the_block_under_it_only_from_a_line_of_its_own_or_after_what_the_block_takes():
    from scraper.clean.assemble import _headings_join_blocks
    from scraper.clean.units import LINE as line
    from scraper.clean.units import PARAGRAPH as para
    from scraper.clean.units import SENTENCE as sentence

    CONTENT, block = 0, CLASSES.index("other_boilerplate")
    neutral = [(0.0,) * len(CLASSES)] * 3
    # "Useful links" on a line of its own over the block: the block's
    path = [CONTENT, CONTENT, block]
    _headings_join_blocks(path, [1], [para, line, para], neutral)
    assert path == [CONTENT, block, block]
    # the writer's name run on after the answer's last sentence ("... 20 working days. Jo") over a
    # mail app's line stays
    path = [CONTENT, CONTENT, block]
    _headings_join_blocks(path, [1], [para, sentence, para], neutral)
    assert path == [CONTENT, CONTENT, block]
    # but one run on after a sentence of the block goes with it ("... straight away. Please see:")
    path = [block, CONTENT, block]
    _headings_join_blocks(path, [1], [para, sentence, para], neutral)
    assert path == [block, block, block]


def test_any_short_line_of_two_words_or_more_kept_as_content_may_head_the_block_under_it():
    from scraper.clean.assemble import _heading_units

    lines = [
        "We hold 14 contracts of this kind.",
        "Department of Health and Social Care",  # six words, not title case: no heading feature
        "mydentist",  # one word: a name that signs
        "Track your request: https://example.nhs.uk/track/FOI-0004527",  # a colon
        "Review Procedure",  # a heading by the features
        "Please write to us.",
    ]
    prep = prepare("\n\n".join(lines) + "\n", CleanContext())  # each its own paragraph
    assert len(prep.idx) == len(lines)
    n = len(lines)
    found = _heading_units(prep, [0] * n, [None] * n)
    assert [lines[k] for k in found] == ["Department of Health and Social Care", "Review Procedure"]
    # a line the features call a heading counts whatever it was decoded as; another only when kept
    block = CLASSES.index("signoff_block")
    found = _heading_units(prep, [0, block, 0, 0, block, 0], [None] * n)
    assert [lines[k] for k in found] == ["Review Procedure"]
    # and nothing that is protected
    assert _heading_units(prep, [0] * n, [0] * n) == []


def test_a_name_run_on_after_the_last_sentence_over_a_mail_app_s_line_stays():
    text = (
        "Hi Priya, sorry for the auto reply, I'm just checking emails quickly. I've asked our PCN manager "
        "for the hours and will send you the full answer next week, which is well within the 20 working "
        "days. Jo\n\nGet Outlook for Android<https://aka.ms/AAb9ysg>\n"
    )
    out = clean_message(text, CleanContext(kind="incoming"))
    assert out.clean_text.rstrip().endswith("20 working days. Jo")
    assert "Get Outlook" not in out.clean_text


def test_the_welsh_words_of_rights_are_rights_words_everywhere():
    """Review, complain (with its mutations), complaint, dissatisfied and appeal in Welsh speak of
    rights for the scorer's features and for the paragraph, not only where a review block begins."""
    from scraper.clean.features import feature_words, speaks_of_rights
    from scraper.clean.paragraphs import Paragraph

    for sentence in (
        "Os ydych yn anfodlon â'r ateb hwn, cysylltwch â ni.",
        "Gallwch ofyn i ni adolygu ein penderfyniad.",
        "Gallwch gwyno i'r swyddfa.",
        "Mae gennych hawl i apelio.",
        "Anfonwch eich gŵyn atom.",
    ):
        assert speaks_of_rights(feature_words(sentence), sentence), sentence
        assert Paragraph(sentence).rights, sentence
    calm = "Mae'r llyfrgell ar agor bob dydd o naw tan bump."
    assert not speaks_of_rights(feature_words(calm), calm)
    assert not Paragraph(calm).rights


def test_a_reply_outside_the_act_keeps_that_it_has_no_right_of_review_and_the_rights_block_still_goes():
    voluntary = (
        "As this is not a request under the Regulations, there is no statutory right of review, but if you are "
        "unhappy with our answer please write to me and I will ask a senior manager to look at it again."
    )
    rights = (
        "If you are unhappy with the way we have handled your request, you can ask for an internal review within "
        "40 working days. If you remain dissatisfied, you can apply to the Scottish Information Commissioner, "
        "Kinburn Castle, Doubledykes Road, St Andrews KY16 9DS, www.foi.scot."
    )
    text = (
        "Dear Ms Lindsay,\n\nThe Port handled 61 cruise calls in 2025.\n\n"
        f"{voluntary}\n\nKind regards,\n\nFraser Milne\nGovernance Manager\n\n{rights}"
    )
    assert voluntary in _guarded(text)
    result = clean_message(text)
    assert voluntary in result.clean_text
    assert "Kinburn Castle" not in result.clean_text


def test_a_phone_line_ends_the_signature_however_its_number_is_grouped():
    from scraper.clean.signature import phone_line

    assert phone_line("Telephone: 03000 41 41 41 (ask for Resilience and Emergency Planning)")
    assert phone_line("Ffôn uniongyrchol / Direct line: 01632 960 341")
    assert phone_line("Mobile: 07700 900 746")
    assert not phone_line("Information Governance Lead, Resilience and Emergency Planning")
    assert not phone_line("Telephone enquiries are answered from 9am.")
    signature = (
        "Dear Ms Price,\n\nThe minutes are attached.\n\nKind regards\n\nGemma Holloway\n"
        "Information Governance Lead, Resilience and Emergency Planning\nKent County Council\n"
    )
    # a number written in pairs, which the phone pattern does not read, under the title: contact details
    guarded = _guarded(signature + "Telephone: 03000 41 41 41 (ask for Resilience and Emergency Planning)\n")
    assert "Gemma Holloway" in guarded
    assert not any("03000 41 41 41" in unit for unit in guarded)


def test_the_law_a_request_is_dealt_with_under_is_what_the_acknowledgement_says():
    text = (
        "Dear Ms Strachan\n\nYour request for information has been received\n\n"
        "Reference: EHDC-FOI-2024-0714\nResponse due by: 9 December 2024\n\n"
        "We will consider your request under the Freedom of Information Act 2000 or, if it concerns "
        "environmental information, under the Environmental Information Regulations 2004.\n\n"
        "Kind regards\n\nInformation Team\n"
    )
    assert any(unit.startswith("We will consider your request under") for unit in _guarded(text))
    dealt = text.replace("We will consider your request", "We have dealt with your request")
    assert any(unit.startswith("We have dealt with your request under") for unit in _guarded(dealt))
    # the conditional is help text, for the scorer to judge
    conditional = text.replace("We will consider", "If you have asked for your own data, we will consider")
    assert not any("we will consider your request" in unit for unit in _guarded(conditional))


def test_a_team_named_in_sentence_case_signs_a_message_with_no_sign_off_line():
    from scraper.clean.signature import team_line

    for name in ("Administration team", "Information Rights team", "FOI team", "Information governance team"):
        assert team_line(name), name
    for line in ("Contact our team", "Please email the team", "Our team", "We are a small team"):
        assert not team_line(line), line
    text = (
        "Dear Mr Crossley,\n\nNSL/EIR/25/09\n\nI am sorry that we have not been able to send your response "
        "by 2 September. We expect to respond by Friday 12 September 2025.\n\n"
        "We apologise for the delay. If you are unhappy with the time we have taken, you can ask the Board to "
        "reconsider its handling of your request, and you can complain to the Information Commissioner.\n\n"
        "Administration team\nSomerset Drainage Boards Consortium\n"
        "The Watermills, Maunsel Road, North Newton, Bridgwater TA7 0BU | 01278 789906\n"
        "www.somersetdrainageboards.gov.uk\n"
    )
    out = clean_message(text, CleanContext(kind="incoming"))
    assert "Administration team\nSomerset Drainage Boards Consortium" in out.clean_text
    assert "Maunsel Road" not in out.clean_text


def test_a_team_its_directorate_and_its_organisation_on_one_line_are_a_team_line():
    from scraper.clean.signature import team_line

    assert team_line("Planning and Building Standards | Place Directorate | The City of Edinburgh Council")
    assert team_line("Freedom of Information | Assistant Chief Executive's Directorate | West Sussex County Council")
    # three cells with no part of a body among the first two: an address, or a list of places
    assert not team_line("Antrim and Newtownabbey Borough Council | Mossley Mill | Carnmoney Road")
    assert not team_line("Perth Museum - home of the Stone of Destiny | Perth Art Gallery | AK Bell Library")
    text = (
        "Dear Ms Kerr,\n\nThe figures you asked for are attached.\n\nYours sincerely\n\nAndrew Baird\n"
        "Planning Manager (Enforcement)\n"
        "Planning and Building Standards | Place Directorate | The City of Edinburgh Council\n"
        "Waverley Court, 4 East Market Street, Edinburgh EH8 8BG\n"
    )
    out = clean_message(text, CleanContext(kind="incoming"))
    assert "Place Directorate | The City of Edinburgh Council" in out.clean_text
    assert "Waverley Court" not in out.clean_text


def test_names_that_open_the_contact_paragraph_under_a_whole_signature_head_its_block():
    from scraper.clean.assemble import _names_head_contacts
    from scraper.clean.features import F_SIGNOFF
    from scraper.clean.model import CLASSES, CONTENT

    block = CLASSES.index("signoff_block")
    texts = [
        "Yours sincerely",
        "Janet Holden",
        "Information Governance Officer",
        "Information Governance Team",
        "Lancashire County Council",
        "PO Box 78, County Hall, Preston PR1 8XJ",
    ]
    flags = [F_SIGNOFF, 0, 0, 0, 0, 0]
    forced = [CONTENT, CONTENT, CONTENT, None, None, None]

    def decided(texts: list[str], para: list[int], forced: list[int | None] = forced) -> list[int]:
        path = [CONTENT] * (len(texts) - 1) + [block]
        _names_head_contacts(path, texts, list(range(len(texts))), para, forced, flags)
        return path

    # name and title, a blank line, then the team and organisation over the address: the block's head
    assert decided(texts, [0, 1, 1, 2, 2, 2]) == [CONTENT] * 3 + [block] * 3
    # straight under the title, with no blank line, they are the signature's
    assert decided(texts, [0, 1, 1, 1, 1, 1]) == [CONTENT] * 5 + [block]
    # under a first name alone ("Shona", over her full signature), or straight under the sign-off
    first_name = ["Yours sincerely", "Janet", *texts[1:]]
    assert decided(first_name, [0, 1, 2, 2, 2, 2, 2], [CONTENT] * 2 + [None] * 5)[:-1] == [CONTENT] * 6
    under_sign_off = ["Yours sincerely", *texts[3:]]
    assert decided(under_sign_off, [0, 1, 1, 1], [CONTENT, None, None, None])[:-1] == [CONTENT] * 3
    # a sentence is not a name
    prose = [*texts[:3], "We hope this helps.", *texts[4:]]
    assert decided(prose, [0, 1, 1, 2, 2, 2])[3] == CONTENT

    # under a block stripped after the signature (the review paragraphs written under it), the
    # organisation's names over its address head the address's block too, two names in one unit or not
    rights = CLASSES.index("complaint_rights")
    after = [*texts[:3], "You may ask for an internal review within 40 working days.", *texts[3:]]
    para = [0, 1, 1, 2, 3, 3, 3]
    path = [CONTENT] * 3 + [rights, CONTENT, CONTENT, block]
    _names_head_contacts(path, after, list(range(7)), para, [CONTENT] * 3 + [None] * 4, [F_SIGNOFF] + [0] * 6)
    assert path == [CONTENT] * 3 + [rights] + [block] * 3
    joined = [*after[:4], "Information Governance Team\nLancashire County Council", after[-1]]
    path = [CONTENT] * 3 + [rights, CONTENT, block]
    _names_head_contacts(
        path, joined, list(range(6)), para[:5] + [3], [CONTENT] * 3 + [None] * 3, [F_SIGNOFF] + [0] * 5
    )
    assert path == [CONTENT] * 3 + [rights] + [block] * 2
    # but not under content, nor in a message with no sign-off above them
    path = [CONTENT] * 3 + [CONTENT, CONTENT, CONTENT, block]
    _names_head_contacts(path, after, list(range(7)), para, [CONTENT] * 3 + [None] * 4, [F_SIGNOFF] + [0] * 6)
    assert path[4:6] == [CONTENT, CONTENT]
    path = [CONTENT] * 3 + [rights, CONTENT, CONTENT, block]
    _names_head_contacts(path, after, list(range(7)), para, [CONTENT] * 3 + [None] * 4, [0] * 7)
    assert path[4:6] == [CONTENT, CONTENT]


_SIGNED = (
    "Dear Mr Ormerod,\n\nWe now expect to send you a full reply by 12 June 2024. The spending figures will "
    "be sent to you before then if they are ready.\n\nYours sincerely\n\n"
)
_CONTACTS = "PO Box 78, County Hall, Preston PR1 8XJ\nTel: 01632 960 552\nwww.lancashire.gov.uk\n"


def test_a_signature_over_the_contact_lines_keeps_its_names():
    # straight under the title, the team and organisation are the signature's
    text = (
        _SIGNED + "Janet Holden\nInformation Governance Officer\n"
        "Information Governance Team\nLegal and Democratic Services\nLancashire County Council\n" + _CONTACTS
    )
    out = clean_message(text, CleanContext(kind="incoming"))
    assert "Information Governance Team\nLegal and Democratic Services\nLancashire County Council" in out.clean_text
    assert "PO Box 78" not in out.clean_text
    # under a team that signs alone, or a first name over the full signature, so is the whole signature
    for signature in ("Freedom of Information Team\n\n", "Janet\n\n"):
        signed = _SIGNED + signature + "Janet Holden\nInformation Governance Officer\nLancashire County Council\n"
        out = clean_message(signed + _CONTACTS, CleanContext(kind="incoming"))
        assert "Janet Holden\nInformation Governance Officer\nLancashire County Council" in out.clean_text, signature


def test_a_whole_signature_with_the_writer_s_direct_line_under_the_sign_off_is_kept():
    from scraper.clean.signature import named_with_contact

    assert named_with_contact("Imran Hussain | Deputy Town Clerk | Direct line 01535 618004")
    # an address's last line, or a place, with its number is contact details
    assert not named_with_contact("Murton, County Durham | Tel: 0191 555 0000")
    assert not named_with_contact("Deputy Town Clerk | Direct line 01535 618004 | Keighley")
    assert named_with_contact(
        "Marcus Whitfield | FOI Officer | Corporate Governance | London Councils | 59½ Southwark Street, London SE1 0AL"
    )
    # a name and the address only is not a whole signature
    assert not named_with_contact("Marcus Whitfield | 59½ Southwark Street, London SE1 0AL")
    text = (
        "Dear Ms Akhtar,\n\nSeventeen tenancies were ended in the two years.\n\nKind regards\n"
        "Imran Hussain | Deputy Town Clerk | Direct line 01535 618004\nKeighley Town Council\n"
        "Town Hall, Bow Street\nKeighley\nWest Yorkshire BD21 3PA\n"
    )
    guarded = _guarded(text)
    assert "Imran Hussain | Deputy Town Clerk | Direct line 01535 618004" in guarded
    assert not any("Bow Street" in unit for unit in guarded)


def test_generic_help_after_the_due_date_is_not_kept_as_what_may_happen_to_the_request():
    from scraper.clean.model import CLASSES

    text = (
        "Dear Ms Milne\n\nThank you for your request for information, which we received on 8 September 2025.\n"
        "We will respond no later than 6 October 2025.\n\n"
        "If we need further information from you in order to answer your request, we will contact you as "
        "soon as possible. Please note that some information may be exempt from disclosure under the Act.\n\n"
        "Yours sincerely\n\nInformation Governance Team\n"
    )

    def kept(text: str, helpful: str) -> set[str]:
        prep = prepare(text, CleanContext())
        emissions = []
        for i in prep.idx:
            scores = [0.0] * len(CLASSES)
            if helpful in prep.units[i].text:
                scores[CLASSES.index("other_boilerplate")] = 10.0
            emissions.append(scores)
        return {prep.units[i].text.strip() for i in protected(prep, emissions)}

    clarify = "If we need further information from you in order to answer your request, we will contact you"
    # alone, the condition after the due date is what may yet happen to this request's timetable
    assert any(unit.startswith(clarify) for unit in _guarded(text))
    # opening a paragraph that goes on with text the scorer reads as help by a wide margin, it is help text
    assert not any(unit.startswith(clarify) for unit in kept(text, "may be exempt"))
    # unless what follows still speaks of this request ("We will tell you if this happens.")
    told = text.replace(
        "Please note that some information may be exempt from disclosure under the Act.",
        "We will tell you if this happens.",
    )
    assert any(unit.startswith(clarify) for unit in kept(told, "We will tell you"))


def test_welsh_wishes_sign_off_and_the_signature_stays_above_the_direct_line():
    text = (
        "Annwyl Mr Price,\n\nMae'r ddwy swydd i'w gweld ar dudalen swyddi gwag y Cyngor.\n\nPob hwyl,\n\n"
        "Rhian Beynon\nRheolwr Opsiynau Tai / Housing Options Manager\n"
        "Llinell uniongyrchol / Direct line: 01792 533147\n"
    )
    guarded = _guarded(text)
    assert "Pob hwyl," in guarded and "Rhian Beynon" in guarded
    assert not any("01792" in unit for unit in guarded)
    for line in ("Pob hwyl,", "Hwyl fawr", "Dymuniadau gorau,", "Pob hwyl / Best wishes,"):
        assert SIGNOFF_LINE.match(line), line
    # good luck with something is no sign-off
    assert not SIGNOFF_LINE.match("Pob hwyl gyda'r cais.")


def test_the_full_signature_under_a_first_name_stays():
    for signature in (
        "Colm Beattie\nMake the Call Wraparound Service\n",
        "Rachael Imrie | Marine Directorate Compliance | Scottish Government\n",
    ):
        first = signature.split()[0]
        text = f"Hi Orla\n\nThe service had 46 advisers.\n\nBest wishes\n\n{first}\n\n{signature}"
        guarded = _guarded(text)
        assert first in guarded
        assert all(line in guarded for line in signature.splitlines())
        # under another first name it is not taken in
        other = text.replace(f"\n\n{first}\n\n", "\n\nMaeve\n\n")
        assert signature.splitlines()[0] not in _guarded(other)


def test_a_table_laid_out_with_spaces_before_the_sign_off_stays_whatever_its_cells_hold():
    rows = [
        "Jobcentre               Opening days and hours",
        "Mold                    Mon to Fri, 9am to 5pm",
        "Newtown                 Mon to Fri, 9am to 5pm",
        "Ruthin                  Tue and Thu, 9.30am to 4pm",
        "Welshpool               Mon to Fri, 9am to 5pm",
    ]
    table = "\n".join(rows)
    text = f"Dear Mr Jones,\n\nThe offices are open as below.\n\n{table}\n\nKind regards,\n\nDWP Central FoI Team\n"
    assert set(rows) <= _guarded(text)
    # three rows are no table, nor are bullets set off by spaces
    short = text.replace("\n".join(rows[3:]) + "\n", "")
    assert not any(row in _guarded(short) for row in rows[1:3])
    bullets = "\n".join("o  " + row for row in rows)
    assert not any(row.startswith("o  ") for row in _guarded(text.replace(table, bullets)))
    # after the sign-off it is the block's to decide (opening hours under the signature)
    after = f"Dear Mr Jones,\n\nThe figure is 12.\n\nKind regards,\n\nDWP Central FoI Team\n\n{table}\n"
    assert not any(row in _guarded(after) for row in rows[1:])


def test_an_external_mail_banner_is_no_acknowledgement():
    text = (
        "Dear Mr Reid\n\nThe figures are below.\n\nRegards\nKLTR Office\n"
        "**********************************************************************\n"
        "This email has been received from an external party and\nhas been swept for the presence of "
        "computer viruses.\n"
        "**********************************************************************\n"
    )
    assert not any("external party" in unit for unit in _guarded(text))
    receipt = "Dear Mr Reid\n\nThis email has been received and logged as FOI 2025/118.\n\nRegards\nKLTR Office\n"
    assert any("received and logged" in unit for unit in _guarded(receipt))


_SECURITY_WARNING = (
    "Dear Ms Avery\n\nWe seized 412 illegal vapes from 9 shops in 2024; 100% of them were over the legal limit.\n\n"
    "Kind regards\n\nTrading Standards\nExampleshire County Council\n\n"
    "Confidentiality: This email and its attachments are intended for the above named only and may be confidential. "
    "If they have come to you in error you must take no action based on them; please reply and highlight the error.\n\n"
    "Security Warning: Please note that this email has been created in the knowledge that Internet email is not a "
    "100% secure communications medium. We advise that you understand and observe this lack of security when "
    "emailing us.\n"
)


def test_a_disclaimer_s_100_percent_secure_states_no_figure_but_a_percentage_of_the_answer_is_kept():
    guarded = _guarded(_SECURITY_WARNING)
    assert any("100% of them" in unit for unit in guarded)
    assert not any("100% secure" in unit for unit in guarded)
    out = clean_message(_SECURITY_WARNING, CleanContext(kind="incoming"))
    assert "100% of them were over the legal limit." in out.clean_text
    assert "secure" not in out.clean_text and "Confidentiality" not in out.clean_text
    assert {s.category for s in out.stripped} == {"disclaimer"}
    # "virus free" and "safe" are the same stock phrase; any other 100% stays an amount
    for unit, amount in [
        ("We cannot guarantee that this email is 100% virus free.", False),
        ("No email can be 100% safe.", False),
        ("Occupancy was 100% in March.", True),
        ("Rents are set at up to 100% of the local market rent.", True),
        ("The premium rose by 100 % in April.", True),
    ]:
        assert (unit in _guarded(f"Dear Ms Avery\n\n{unit}\n\nKind regards\nJo Pike\n")) is amount, unit


_ACK_COST = (
    "Dear Mr Rathore\n\nFreedom of Information Request - Ref: 18462\n\nThank you for your request for information, "
    "received on 3 October 2025. We will respond by 31 October 2025.\n\nMost requests are answered free of charge. If we "
    "estimate that answering your request would cost more than the appropriate limit of £450, we will write to you to "
    "explain and to help you narrow it. Some information may be exempt from disclosure; where this is the case we will "
    "tell you which exemption applies.\n\nYours sincerely\n\nInformation Governance & Risk\nLeicester City Council\n"
)


def test_an_acknowledgement_s_generic_help_on_the_cost_limit_goes_but_the_cost_of_an_answer_stays():
    from scraper.clean.assemble import _COST_HELP

    out = clean_message(_ACK_COST, CleanContext(kind="incoming"))
    assert "We will respond by 31 October 2025." in out.clean_text
    assert "£450" not in out.clean_text and "free of charge" not in out.clean_text
    assert [s.category for s in out.stripped] == ["other_boilerplate"]
    # the amount is protected as ever outside an acknowledgement's help: in a refusal on cost
    refusal = _ACK_COST.replace("We will respond by 31 October 2025.", "I am sorry that we cannot answer it.")
    assert "£450" in clean_message(refusal, CleanContext(kind="incoming")).clean_text
    # what the cost of this answer was is no condition
    assert _COST_HELP.match("If we estimate that it would cost more than £450, we will write to you.")
    assert _COST_HELP.match("The Act allows us to refuse a request where the cost would exceed £450.")
    assert not _COST_HELP.match("Finding the records would take 40 hours, which at £25 an hour is £1,000.")


def test_an_acknowledgement_s_generic_help_on_fees_goes_after_a_timetable_however_it_is_said():
    fees = (
        "There is no charge for making a request. We may ask you to pay for disbursements such as photocopying and "
        "postage, but where these come to less than £5.00 we will not charge. If your request is for environmental "
        "information we will deal with it under the Environmental Information Regulations 2004 instead."
    )
    text = (
        "Dear Mr Thurlow\n\nThank you for your request. Your reference number is 31407.\n\n"
        "We received your request on 9 June 2025 and will aim to reply by 7 July 2025.\n\n"
        f"{fees}\n\nKind regards\n\nInformation Governance Team\nExampleshire County Council\n"
    )
    out = clean_message(text, CleanContext(kind="incoming"))
    assert "will aim to reply by 7 July 2025." in out.clean_text and "31407" in out.clean_text
    assert "£5.00" not in out.clean_text and "photocopying" not in out.clean_text
    assert [s.category for s in out.stripped] == ["other_boilerplate"]
    # the same fee in an answer, with no timetable above it, is the answer's
    answer = text.replace(
        "We received your request on 9 June 2025 and will aim to reply by 7 July 2025.", "The file is attached."
    )
    assert "£5.00" in clean_message(answer, CleanContext(kind="incoming")).clean_text


def test_a_table_s_cell_wrapped_onto_the_next_line_stays_with_its_row():
    table = (
        "Role                     | WTE\n"
        "-------------------------+------------------------------\n"
        "Clinical pharmacist      | 2.0\n"
        "Pharmacy technician      | 1.0\n"
    )
    wrapped = "| and reviews every consultation before the patient leaves."
    text = f"Dear Dr Whitfield,\n\nOur answers are below.\n\n{table}{' ' * 25}{wrapped}\n\nKind regards,\n\nLouise Parkinson\n"
    guarded = _guarded(text)
    assert "Pharmacy technician      | 1.0" in guarded and wrapped in guarded
    # not under a line that is not kept whatever the scores
    loose = (
        f"Dear Dr Whitfield,\n\nOur answers are below.\n\nWe reviewed the rota.\n{wrapped}\n\nKind regards,\n\nLouise\n"
    )
    assert wrapped not in _guarded(loose)


def test_a_note_under_a_table_keyed_by_one_of_its_marks_stays():
    table = "Year   Received   Closed at initial stage (a)\n2023   74         31\n2024   81         29\n"
    note = "(a) A concern is closed at the initial stage where it does not raise a question about fitness to practise."
    text = f"Dear Ms Byrne,\n\nOur figures are below.\n\n{table}{note}\n\nKind regards,\n\nTomasz Nowak\n"
    assert note in _guarded(text)
    # a mark the table does not use is no note of it
    assert note not in _guarded(text.replace(" (a)\n", "\n"))


def test_the_organisations_name_again_under_the_signature_is_no_longer_the_signatures():
    signature = "Kind regards\n\nGrace Okafor\nInformation Requests Officer\nLewisham Homes\n"
    text = f"Dear Ms Adeyemi\n\nWe hold 14 records.\n\n{signature}Lewisham Homes\nLewisham, London SE6\n"
    prep = prepare(text, CleanContext())
    kept = [prep.units[i].text.strip() for i in sorted(protected(prep))]
    # the name once, as the signature's last line; the second time it heads the block
    assert kept.count("Lewisham Homes") == 1 and "Grace Okafor" in kept
    # (so too as the first cell of a line, "Lewisham Homes | Lewisham, London SE6")
    piped = text.replace("Lewisham Homes\nLewisham, London SE6", "Lewisham Homes | Lewisham, London SE6")
    assert not any(unit.startswith("Lewisham Homes |") for unit in _guarded(piped))
    # another body's name under the signature's is still the signature's
    other = text.replace("Homes\nLewisham Homes\n", "Homes\nLewisham Council\n")
    assert "Lewisham Council" in _guarded(other)
    # and the writer's name typed over a one-line signature that begins with it is no organisation's
    typed = "Dear Ms Adeyemi\n\nWe hold 14 records.\n\nKind regards\n\nGrace Okafor\n"
    typed += "Grace Okafor | Information Requests Officer | Lewisham Homes\n\nLewisham Homes\nLewisham, London SE6\n"
    assert "Grace Okafor | Information Requests Officer | Lewisham Homes" in _guarded(typed)


def test_the_organisations_name_again_heads_the_sign_off_block_under_it():
    from scraper.clean.assemble import _names_again_head_blocks
    from scraper.clean.features import F_SIGNOFF
    from scraper.clean.model import CLASSES, CONTENT

    block = CLASSES.index("signoff_block")
    texts = [
        "Kind regards",
        "Legal and Governance Team",
        "Be First",
        "Be First",
        "Barking, IG11",
        "befirst.london | LinkedIn: Be First London",
    ]
    flags = [F_SIGNOFF, 0, 0, 0, 0, 0]
    forced = [CONTENT, CONTENT, CONTENT, None, None, None]

    def decided(texts: list[str], para: list[int], flags: list[int] = flags) -> list[int]:
        path = [CONTENT] * (len(texts) - 1) + [block]
        _names_again_head_blocks(path, texts, list(range(len(texts))), para, forced, flags)
        return path

    # after a blank line, or straight under the signature: the name again and its place head the block
    assert decided(texts, [0, 1, 1, 2, 2, 2]) == [CONTENT] * 3 + [block] * 3
    assert decided(texts, [0, 1, 1, 1, 1, 1]) == [CONTENT] * 3 + [block] * 3
    # the last cell of a one-line signature is named again too
    one_line = ["Best wishes", "Tomasz Wilczynski | FOI Officer | Be First", *texts[3:]]
    path = [CONTENT] * 4 + [block]
    _names_again_head_blocks(path, one_line, list(range(5)), [0, 1, 1, 1, 1], forced[:2] + [None] * 3, flags[:5])
    assert path == [CONTENT] * 2 + [block] * 3
    # another name, a sentence under the name, or no sign-off above the signature: as decoded
    assert decided([*texts[:3], "Be Second", *texts[4:]], [0, 1, 1, 2, 2, 2])[3] == CONTENT
    said = [*texts[:4], "We will write again next week.", texts[5]]
    assert decided(said, [0, 1, 1, 2, 2, 2])[3:5] == [CONTENT] * 2
    assert decided(texts, [0, 1, 1, 2, 2, 2], [0] * 6)[3] == CONTENT


def test_a_name_alone_repeated_under_the_signatures_last_line_is_not_kept_from_its_block():
    from scraper.clean.assemble import _runs, _titles_stay
    from scraper.clean.model import CLASSES

    block = CLASSES.index("signoff_block")
    text = (
        "Dear Ms Adeyemi\n\nWe hold 14 records.\n\nKind regards\n\nGrace Okafor\nInformation Requests Officer\n"
        "Lewisham Homes\nLewisham Homes\nLewisham, London SE6\n020 7946 0480 | www.lewishamhomes.org.uk\n"
    )
    name = text.index("Lewisham Homes\nLewisham, London")

    def stripped(text: str, first: int) -> list[tuple[int, int, str, str]]:
        prep = prepare(text, CleanContext())
        classes = [0] * len(prep.flags)
        for i in range(len(classes)):
            if prep.unit_span(i)[0] >= first:
                classes[i] = block
        return _titles_stay(prep, classes, _runs(prep, classes))

    assert [s for s, *_ in stripped(text, name)] == [name]
    # a team under the title is kept (it is the signature's), and so is the name with more cells
    # under it, which the collection has both ways
    team = text.replace("Lewisham Homes\nLewisham Homes\n", "Lewisham Homes\nHousing Services\n")
    assert [s for s, *_ in stripped(team, team.index("Housing Services"))] == [team.index("Lewisham, London")]
    cells = text.replace("Lewisham Homes\nLewisham, London SE6", "Lewisham Homes | Lewisham Council\nLewisham SE6")
    at = cells.index("Lewisham Homes | ")
    assert [s for s, *_ in stripped(cells, at)] == [cells.index("Lewisham SE6")]


def test_a_unit_of_the_body_whose_name_holds_a_headings_word_is_a_team_line():
    from scraper.clean.signature import team_line

    assert team_line("Patient Advice and Liaison Service | Sandwell and West Birmingham Hospitals NHS Trust")
    assert team_line("Information Governance Team | Wirral Community Health and Care NHS Foundation Trust")
    # the heading's word in the organisation's cell, or in a first cell that names no unit, is not one
    assert not team_line("Patient Advice and Liaison | Sandwell and West Birmingham Hospitals NHS Trust")
    assert not team_line("Sandwell Hospitals NHS Trust | Advice and Complaints")
