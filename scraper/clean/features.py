"""What the scorer sees of a unit: its words, its paragraph's words, its shape and its position.

Features are strings (``w:review``, ``b:internal_review``, ``p:commissioner``, ``sh:postcode``,
``pos:after_signoff`` ...). Words are lower case with digits written as 0, so "40 working days"
and "SK9 5AF" generalise across authorities while the words themselves still carry meaning. The
same function serves training (``scripts/train_clean.py``) and cleaning, so the two cannot drift.

A unit's score is the sum of the weights of its own features and of its paragraph's features
(the model is linear), so paragraph features are listed once per paragraph, not per unit.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from scraper.clean.text import feature_words, may_match_folded

if TYPE_CHECKING:
    from scraper.clean.model import Model
from scraper.clean.units import GREETING, ITEM, LINE, PARAGRAPH, SENTENCE, SEPARATOR, SIGNOFF_LINE

__all__ = ["RIGHTS_WORDS", "text_features", "paragraph_features", "UnitFacts", "unit_facts"]

_URL = re.compile(r"https?://|www\.|\.(?:gov|org|nhs|ac|police|co|com|net|uk|wales|scot)\b(?:\.uk)?/?", re.IGNORECASE)
# an address, masked or not; "name@host.tld" is tried once per run of name characters, which must
# hold a letter or digit (as "\b[\w.+-]+@" asks, without retrying inside the run: linear in the text)
_EMAIL = re.compile(
    r"\[email address\]|\[[^\]\n]{0,80}request email\]|\[foi #\d+ email\]|"
    r"(?<![\w.+-])(?=[.+-]*\w)[\w.+-]++@[\w-]+\.[\w.]+",
    re.IGNORECASE,
)
# Several patterns below begin with a character class instead of \b, the boundary tested after it
# by a look-behind ("\b0" is "0(?<!\w0)"): the same matches, but the engine can skip straight to the
# places where that first character occurs.
# a telephone number: "+44 (0)20 7946 0000", "020 7946 0000", "101"
PHONE_INTL = re.compile(r"\+44\s?\(?0?\)?\s?\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
PHONE_NATIONAL = re.compile(r"0(?<!\w0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
_PHONE_SHORT = re.compile(r"\b(?:101|999|111)\b")
_POSTCODE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]?\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_HANDLE = re.compile(r"(?:^|[\s(])@[A-Za-z_]\w{2,}")
# a date: "3rd May 2024", "03/05/2024", "May 3, 2024" (two patterns: the numeric form is only looked
# for around a slash or a dot, the others only near a month's name and a year)
_DATE_NUMERIC = re.compile(r"\d(?<!\w\d)\d?[/.]\d{1,2}[/.]\d{2,4}\b")
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_DATE_DAY_MONTH = re.compile(r"\d(?<!\w\d)\d?(?:st|nd|rd|th)?\s+" + _MONTHS + r"[a-z]*\.?,?\s+\d{4}\b", re.IGNORECASE)
_DATE_MONTH_DAY = r"[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
_DATE_MONTH_DAY_ANY_CASE = re.compile(r"\b" + _MONTHS + _DATE_MONTH_DAY, re.IGNORECASE)
#: the same, matched in the lower-cased text (see UnitFacts)
_DATE_MONTH_DAY_LOW = re.compile(_MONTHS + r"(?<!\w[a-z]{3})" + _DATE_MONTH_DAY)
# a reference: "FOI/2023/0042", "AB12345", "2023/456"
# (as "\b(?=[A-Z/-]*\d)[A-Z]{2,}[-/ ]?\d[\w/-]*\b", which can only match where this does: a space
# before the digit fails its look-ahead, and its tail always finds a word's end; without the
# look-ahead rescanning a long "AB/CD/EF/..." from every word)
_REFERENCE_CODE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]+[-/]?\d")
_REFERENCE_NUMBER = re.compile(r"\d(?<!\w\d)\d{2,}[/-]\d{2,}\b")
# an amount: pounds or a percentage; not the "100%" of a disclaimer's stock phrase ("Internet email is not
# 100% secure", "cannot guarantee that it is 100% virus free"), which states no figure
_MONEY = re.compile(r"£\s?\d|\d\s?%(?<!\b100%)|\b100\s?%(?!\s(?:secure|safe|virus[- ]free|error[- ]free)\b)")
# a numbered part of the request: "part (3)", "parts 1 and 2", "question 4", "item (b)"; not a part of
# an Act ("Part 2 of the Regulations", "Part VII of the Police (Northern Ireland) Act 1998")
_REQUEST_PART = re.compile(
    r"\b(?:parts?|questions?|items?) \(?(?:\d{1,2}|[a-h]|[ivx]{1,4})\)?(?=[\s,.;:)?]|$)"
    r"(?! ?of (?:the |this |that )?(?:(?!request\b|your\b)[\w'()&-]+ ){0,6}?(?:act|regulations?|schedule|order|code)\b)",
    re.IGNORECASE,
)
_PART_HINTS = ("part", "question", "item")


def names_request_part(text: str, low: str) -> bool:
    """Whether a text names a numbered part of the request (:data:`_REQUEST_PART`)."""
    return any(map(low.__contains__, _PART_HINTS)) and _REQUEST_PART.search(text) is not None


# a title that names this request ("REQUEST FOR INFORMATION", "Freedom of Information request - ref
# FOI/123", "Reply to request for information under the ... Act"); not the heading of a procedure,
# a review or a notice that merely begins the same way ("Request for Information - Complaints Procedure")
_NOT_A_TITLE = (
    r"(?!.*\b(?:procedures?|complain\w*|reviews?|rights?|appeals?|confidential|private|contact|team|policy|"
    r"guidance|forms?|help|notes?|advice|happens|next)\b)"
)
_REQUEST_TITLE = re.compile(
    r"^\W*(?:re:\s*)?(?:(?:reply|response|answer) to (?:your )?)?"
    r"(?:request for information|(?:freedom of information|foi|foia|information|environmental information|eir) request)\b"
    + _NOT_A_TITLE,
    re.IGNORECASE,
)
# the same addressed to the requester ("RE: Your request under the Freedom of Information Act 2000",
# "Your request: FOI 24/061", "Your request for information - ref 123"), where the line stops after
# the request or goes on to its reference, never into a sentence ("Your request has been logged")
_YOUR_REQUEST_TITLE = re.compile(
    r"^\W*(?:re:\s*)?your\s+"
    r"(?:(?:freedom of information|foi|foia|information|environmental information|eir)\s+request"
    r"|request(?:\s+for\s+information)?(?:\s+under\s+the\s+[\w ]{3,60}?\b(?:act|regulations)(?:\s+\d{4})?)?)"
    r"\s*(?:$|[-–—:,(]|ref\b|reference\b)" + _NOT_A_TITLE,
    re.IGNORECASE,
)


# how the letter was sent, a line of its heading beside the addressee and the date ("By email",
# "Sent via e-mail only"): the letter's own (in the collection, 6 such lines are content and 2 end a
# classification block)
_DELIVERY = re.compile(r"\s*(?:sent\s+)?(?:by|via)\s+e-?mail(?:\s+only)?\s*\.?\s*$", re.IGNORECASE)


def states_delivery(text: str, low: str) -> bool:
    """Whether a line says only how the letter was sent (:data:`_DELIVERY`)."""
    return len(text) <= 40 and "mail" in low and _DELIVERY.match(text) is not None


def titles_request(text: str, low: str) -> bool:
    """Whether a line is a title naming this request (:data:`_REQUEST_TITLE`,
    :data:`_YOUR_REQUEST_TITLE`): at most 100 characters, and no sentence (it ends with no full stop,
    comma or colon)."""
    if "request" not in low or len(text) > 100 or text.rstrip().endswith((".", "?", "!", ",", ":", ";")):
        return False
    line = text.strip()
    return _REQUEST_TITLE.search(line) is not None or ("your" in low and _YOUR_REQUEST_TITLE.match(line) is not None)


# what a review decided: "I therefore uphold the original decision", "Your complaint is partly
# upheld", "upheld in part"; not as a hypothetical ("If your review is upheld, ...") nor a procedure
# ("the review may result in the decision being overturned")
_REVIEW_OUTCOME = re.compile(
    r"^(?!\W*(?:if|where|when|whether|should|once|unless|in the event)\b)"
    r"(?!.*\b(?:if|whether|unless)\b.{0,80}?(?:upheld|uphold|overturn))"
    r".*?(?:\b(?:i|we) (?:have |am |are )?(?:therefore |now |also |partly |partially )*(?:decided to )?"
    r"(?:uphold(?:ing)?|upheld|overturn(?:ed|ing)?)\b|"
    r"\b(?:is|was|has been|have been|had been) (?:therefore |now |also )?(?:partly |partially |fully |wholly |not )?"
    r"(?:upheld|overturned|reversed)\b|"
    r"\bupheld in (?:part|full)\b|"
    # the review itself as the subject ("The review therefore upholds the original response")
    r"\b(?:the|this|my|our) (?:internal )?review (?:therefore |also |has |has therefore )?"
    r"(?:partly |partially )?(?:upholds?|upheld|overturns?|overturned|reverses|reversed)\b)|"
    # the heading over it ("INTERNAL REVIEW OUTCOME", "Outcome of the review")
    r"^\W*(?:(?:internal )?review (?:outcome|decision|result)s?|outcome of (?:the |your )?(?:internal )?review)\W*$",
    re.IGNORECASE,
)
_OUTCOME_HINTS = (
    "uphold",
    "upheld",
    "overturn",
    "reversed",
    "review outcome",
    "outcome of",
    "review decision",
    "review result",
)


def states_review_outcome(text: str, low: str) -> bool:
    """Whether a text says what a review decided (:data:`_REVIEW_OUTCOME`); only texts of at most
    400 characters are read (an outcome is said in a sentence)."""
    if len(text) > 400 or not any(map(low.__contains__, _OUTCOME_HINTS)):
        return False
    return _REVIEW_OUTCOME.search(" ".join(text.split())) is not None


# an office closed, or a writer away, until a given day ("The school office is closed for the Easter
# holidays and will reopen on Monday 28 April", "Mae'r swyddfa ar gau tan ddydd Mawrth 3 Ionawr"):
# an automatic reply's dates say when this message will be read, and are content (the collection's
# rule since round 32); help text about closures in general names no day
_CLOSURE_HINTS = ("clos", "reopen", "re-open", "office", "leave", "away", "ar gau", "ailagor", "absennol")
_CLOSURE = re.compile(
    r"\b(?:(?:is|are|will be|we're|we are|be|been|remain|remains) closed|closes|closing|re-?opens?|re-?opening|"
    r"(?:back|return(?:s|ing)?) (?:in|to) (?:the |our |my )?office|out of (?:the )?office|on (?:annual |study )?leave|"
    r"away (?:from (?:the|my) (?:office|desk) )?until|ar gau|ailagor|absennol)\b",
    re.IGNORECASE,
)
# a month's name, or its three letters, in English or Welsh
_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)"
)
# a given day: "28 April", "April 28", "Monday 2nd", "2 Medi"
_GIVEN_DAY = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH_NAME + r"\b|"
    r"\b" + _MONTH_NAME + r"\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+\d{1,2}(?:st|nd|rd|th)?\b",
    re.IGNORECASE,
)


def states_closure(text: str, low: str) -> bool:
    """Whether a sentence of at most 300 characters says that an office is closed, or its writer
    away, with a given day (:data:`_CLOSURE`, :data:`_GIVEN_DAY`)."""
    if len(text) > 300 or not any(map(low.__contains__, _CLOSURE_HINTS)):
        return False
    flat = " ".join(text.split())
    return _CLOSURE.search(flat) is not None and _GIVEN_DAY.search(flat) is not None


# a table row: cells apart by pipes, tabs, wide spaces or dot leaders, one of them a figure
_CELL_GAP = re.compile(r"\s*(?:\||\t|\s{3,}|\.{4,}|_{4,}|…{2,})\s*")
_FIGURE = re.compile(r"^[£$€]?\(?-?\d[\d,.]*\)?%?[*]?$")
# what an acknowledgement says about this request: received, its reference, when it is due
_ACK_WORDS = frozenset("received receipt acknowledge acknowledged logged due respond response reply deadline".split())
_REF_LABEL = re.compile(
    r"\b(?:reference|ref|case|request)(?: number| no\.?)?[:\s]+(?:is\s+)?(?-i:[A-Z]*)[-/ .]?\d[\w/.-]*", re.IGNORECASE
)
# what the requester's rights speak of, in English and in Welsh (review, complain with its mutations,
# complaint, dissatisfied, appeal)
_WELSH_RIGHTS_WORDS = "adolygiad adolygu cwyn cwyno gwyno chwyno gŵyn anfodlon apelio apêl".split()
RIGHTS_WORDS = frozenset(
    "review complain complaint complaints commissioner appeal dissatisfied unhappy".split() + _WELSH_RIGHTS_WORDS
)
# exemption reasoning, cost limits, public-interest tests: what a refusal says about this request
_REASONING = re.compile(
    r"\bexempt|\bpublic interest\b|\bneither confirm nor deny\b|\b(?:cost|appropriate) (?:limit|threshold)\b|"
    r"\bsection \d+\s?(?:\(\d+\))?(?:\s?\([a-z]\))?(?! of the (?:freedom|data))|\bs\.?\s?\d+\(\d+\)|\bregulation 1[23]\b",
    re.IGNORECASE,
)
# what the reply decides about this request or review ("I have today decided to disclose ...", "This
# email acts as a Refusal Notice.", "The review partially upholds your complaint."): the answer itself,
# however formal it sounds; never when it is a condition ("If we have decided to withhold ...")
# (in parts, each with words one of which every match of it holds: a part runs only where they occur)
_DECISION_PARTS = (
    (("decided", "concluded"), r"\b(?:i|we) have (?:today |now |therefore |carefully )?(?:decided|concluded)\b"),
    (
        ("refusal notice",),
        r"\b(?:this|the|our) (?:e-?mail|letter|response|reply) (?:acts as|is|constitutes|serves as) (?:a |our |the )?"
        r"(?:formal )?(?:partial )?refusal notice\b",
    ),
    (
        ("uphold", "upheld"),
        r"\b(?:upholds?|upheld) your (?:complaint|request|appeal|review|application)\b|"
        r"\b(?:do|does|did|have|has) not (?:uphold|upheld) your\b",
    ),
    (("not be possible",), r"\bit (?:will|would) not be possible to (?:respond to|comply with|answer|provide)\b"),
    (
        ("now be considered",),
        r"\byour (?:request|complaint|appeal|application)(?: for (?:an? )?(?:internal )?review)? will now be considered\b",
    ),
    (
        # whether the information is held: the first thing every answer says
        ("held", "hold"),
        r"\bno (?:recorded |relevant )?information (?:is|was) held\b|\binformation (?:is|was) not held\b|"
        r"\b(?:is|was) no (?:recorded |relevant )?information held\b|"
        r"\b(?:we|i|the \w+(?: \w+)?) (?:do|does|did) not hold (?:any |the |this |that )?(?:recorded |relevant )?information\b|"
        r"\b(?:we|i) hold no (?:recorded |relevant )?information\b|"
        # who else holds it ("Suffolk County Council is the highway authority and may hold further
        # information about traffic on that road.")
        r"\b(?:may|might|is likely to|are likely to|probably) (?:also )?hold (?:the|this|that|these|those|some|"
        r"further|more|any|relevant|other|such|information|data|records)\b"
        # (not a disclaimer's "This e-mail may hold information that is confidential")
        r"(?![^.\n]{0,40}\b(?:confidential|privileged)\b)",
    ),
    # and how to reach them ("You can contact them at www.suffolk.gov.uk/foi.")
    (
        ("them", "directly"),
        r"\b(?:you can|you may|you could|you might|please) (?:wish to )?(?:contact|write to|e-?mail|approach|"
        r"(?:re)?direct (?:your|this) (?:request|enquiry|question)s? to|send (?:your|this) (?:request|enquiry|question)s? to) them\b|"
        # or by name, as what introduces their list ("You may wish to contact the councils directly:")
        r"\b(?:you can|you may|you could|you might|please) (?:wish to )?(?:contact|write to|approach|ask) "
        r"(?:the|these|those|each of the|any of the|one of the) [^.:\n]{1,40}? directly\s*:\s*$",
    ),
    (("confirm",), r"\b(?:i|we) (?:can|are able to) (?:now )?confirm\b"),
    # where this reply's answer is ("Our answer follows.", "Please find our response below."): a note
    # above a pasted letter says it, and so does the letter's own first line
    (
        ("follow", "below", "beneath", "attached", "enclosed", "isod", "ynghlwm", "atodedig"),
        r"\b(?:our|my|the|this) (?:full |formal |detailed )?(?:answers?|repl(?:y|ies)|responses?|letter|decision|"
        r"information(?: (?:you|that you) (?:asked for|requested))?)\b[^.\n]{0,40}?"
        r"(?:(?<!\bas )\bfollows\b|\bfollow below\b|\b(?:is|are) (?:set out |given |copied |included |shown )?"
        r"(?:in (?:the|our|my|this) (?:letter|e-?mail|document|table|attachment|spreadsheet) )?(?:below|attached|beneath)\b)|"
        r"\bplease (?:see|find) (?:the |our |my )?(?:attached |enclosed )?(?:full |formal )?(?:answers?|repl(?:y|ies)|"
        r"responses?|letter|decision|information)\b[^.\n]{0,40}?\b(?:below|attached|enclosed|beneath)\b|"
        r"\bplease (?:see|find) (?:attached|enclosed|below) (?:our|my|the)\b|"
        # in Welsh ("Mae'r wybodaeth yn y llythyr isod.", "Gweler ein hymateb ynghlwm.")
        r"\b(?:mae['\u2019]r |gweler (?:ein |fy |yr? )?)h?(?:wybodaeth|ateb|atebion|ymateb|llythyr)\b[^.\n]{0,40}?"
        r"\b(?:isod|ynghlwm|atodedig)\b",
    ),
    # or the answer itself ("The answer to your question is that the Council owns 14 vehicles.")
    (
        ("answer to", "answers to"),
        r"\b(?:the|our|my) (?:short |simple |full )?answers? to (?:your|this|the|each|both)\b[^.\n]{0,40}?\b(?:is|are)\b",
    ),
    # what was done with this request ("We have passed it to the Council's Subject Access Request
    # team", "so we will deal with it as a subject access request")
    (
        ("passed", "forwarded", "transferred", "referred", "deal with", "treat", "handle"),
        r"\b(?:we|i)(?: have|'ve|\u2019ve) (?:now |therefore |also )?(?:[^.\n]{1,60}? and )?(?:passed|forwarded|transferred|referred) "
        r"(?:it|them|your (?:request|e-?mail|letter|enquiry|question)s?|this (?:request|e-?mail|letter|enquiry)) (?:on )?to\b|"
        r"\b(?:we|i)(?: will| shall|'ll|\u2019ll) (?:therefore |now |instead )?(?:deal with|treat|handle) "
        r"(?:it|your (?:request|e-?mail|letter|enquiry)|this (?:request|e-?mail|letter|enquiry)) as an?\b",
    ),
    # that this reply carries no right of review in law, from a body that answers outside the Act or the
    # Regulations of its own accord ("As this is not a request under the Regulations, there is no
    # statutory right of review, but ...", "This review was carried out voluntarily"): this reply's
    # standing, though it speaks of a review (no block of the collection says it)
    (
        ("no statutory", "no formal", "no legal", "voluntar"),
        r"\b(?:there is|you have|carries|gives you) no (?:statutory|formal|legal) right (?:of|to) (?:an? )?(?:internal )?"
        r"(?:review|appeal)\b|"
        r"\b(?:this|the|our|my) review (?:was|has been) (?:carried out|conducted|undertaken|done) (?:voluntarily|"
        r"on a voluntary basis)\b",
    ),
    # the heading the answer's decision goes under
    (("decision", "outcome"), r"^\W*(?:the |our |my )?(?:decision|outcome)s?\W*$"),
    (
        # what the answer's own terms mean ('"Upheld" means the reviewer found ...')
        (" means", " refers to", " includes", " covers", " defined as"),
        r"^\W*[\"\u201c\u2018'][^\"\u201d\u2019']{1,40}[\"\u201d\u2019'] (?:means|refers to|includes|covers|is defined as)\b",
    ),
)
_DECISION = re.compile("|".join(part for _words, part in _DECISION_PARTS), re.IGNORECASE)
_DECISION_SEARCHES = tuple((words, re.compile(part, re.IGNORECASE).search) for words, part in _DECISION_PARTS)
_DECISION_HINTS = tuple(w for words, _part in _DECISION_PARTS for w in words)  # one is in every match
# advice for this request (a narrower request, a section 16 pointer) and the reply's own attachments
# ("<<Response letter.pdf>>"): content even when put as a condition ("If you would like to submit a
# refined request ...")
_ADVICE = re.compile(
    r"\b(?:refined|narrower|narrowed|revised|reduced) (?:request|version of your request)\b|"
    r"^\W*(?:pursuant to|under|in line with|in accordance with|as required by) (?:s\.?|section) ?16\b|"
    r"^\s*<<[^<>\n]{1,200}\.[a-z0-9]{2,5}>>\s*$|"
    # an offer about this information ("If you would like the figure for fewer schools, let us know"),
    # not the sign-off's offer of another format, nor the way to a review
    r"\bif (?:you would (?:like|prefer)|it would help)\b"
    # (the look-ahead is bounded: a sentence without a stop cannot make it quadratic)
    r"(?![^.\n]{0,300}\b(?:formats?|large print|braille|audio|languages?|accessible|review|reconsider\w*|complain\w*|"
    r"appeal|representations|looked at again|look at it again|your own)\b)|"
    # what the writer offers to do with this request ("With your agreement, we will treat your e-mail
    # as a subject access request")
    r"\bwith your (?:agreement|consent|permission),? (?:we|i) (?:will|can|could|would|shall)\b|"
    # what becomes of asking again ("If you decide to send a new request, it will be treated as a new
    # request and the 20 working day period will begin again"; 214 such sentences in the collection,
    # none in a block), not a late review's fate (the look-ahead is bounded, as above)
    r"^(?![^\n]{0,300}\b(?:review|reconsider\w*|complain\w*|appeal|representations)\b)[^\n]{0,300}?"
    r"\btreat(?:ed|s|ing)? (?:it |this |them |that |your \w+ )?as an? (?:new|fresh|separate) request\b",
    re.IGNORECASE,
)
_ADVICE_HINTS = ("request", "16", ">>", "if you would", "if it would", "with your")
# one is in every match
_ADVICE_WORDS = (
    "refined",
    "narrow",
    "revised",
    "reduced",
    "16",
    ">>",
    "would",
    "with your",
    "new request",
    "fresh request",
    "separate request",
)
_CONDITION = re.compile(r"\b(?:if|where|when|whether|unless|should|once)\b", re.IGNORECASE)
# the writer's own closing courtesy about this reply ("I hope this helps.", "I trust this answers your
# request."): content, though it sits next to the boilerplate and repeats from reply to reply
_COURTESY = re.compile(
    r"^[\s>]*(?:(?:i|we) (?:hope|trust)\b[^.\n]{0,90}\b(?:help|helps|helpful|useful|of use|of assistance|answers?|"
    r"satisf\w*|meets?|assist\w*|clear|covers?)\b|"
    # ("That completes our reply to your request.")
    r"(?:this|that) (?:completes|concludes) (?:our|my) (?:reply|response|answer)\b)[^.\n]{0,100}[.!]?\s*$",
    re.IGNORECASE,
)
# that this request arrived ("Thank you for your email, which has been received by the Information
# Governance Team."): what an acknowledgement says, never as a condition ("Once your request has been
# received, ...")
_RECEIVED = re.compile(
    r"\b(?:your|the|this) (?:request|e-?mail|message|enquiry|letter|application|correspondence)\b[^.\n]{0,60}?"
    r"\b(?:has|have|had) (?:been (?:safely )?(?:received|logged|registered|delivered)|(?:safely )?(?:arrived|reached(?! you\b)))\b|"
    r"\b(?:which|that) (?:(?:has|have) been|was|were) (?:safely )?received\b|"
    r"\b(?:we|i) (?:have )?(?:safely |now )?received your\b|"
    r"\b(?:acknowledge|confirm) (?:the )?receipt of\b|"
    r"\bconfirm(?:s|ing)? (?:that )?(?:we (?:now )?have your (?:e-?mail|message|request|letter)|delivery to)\b|"
    # in Welsh: "has come to hand", "we have received it"
    r"\bwedi dod i law\b|\b(?:ein bod|rydym) wedi ei derbyn\b",
    re.IGNORECASE,
)


# the opening thanks for this request ("Thank you for contacting the Information Governance team."):
# the writer's greeting to it, said once, as a sentence of its own
_THANKS = re.compile(
    r"^[\s>]*(?:thank you|thanks|many thanks)(?: very much)? for (?:your (?:e-?mail|message|request|enquiry|correspondence|letter)|"
    r"contacting|writing to|e-?mailing|getting in touch)\b[^\n]{0,150}$|"
    # and a reply's thanks for the answer ("Thanks for your answer.", "Thank you for your reply."): a
    # requester's follow-up, or an authority thanking for a clarification
    r"^[\s>]*(?:thank you|thanks|many thanks)(?: very much)? for (?:your|the) (?:answer|reply|response)\b[^\n]{0,150}$|"
    # in Welsh ("Diolch am eich e-bost", "Diolch am gysylltu â ...")
    r"^[\s>]*diolch (?:yn fawr )?(?:am eich (?:e-?bost|neges|cais|ymholiad|llythyr)|am gysylltu)\b[^\n]{0,150}$",
    re.IGNORECASE,
)


_RIGHTS_BUT_COMMISSIONER = RIGHTS_WORDS - {"commissioner"}
# "commissioner" as the regulator (not the Investigatory Powers or a Police and Crime Commissioner)
REGULATOR_NAMED = re.compile(r"\b(?:information|the|scottish) commissioner|\bcommissioner'?s office", re.IGNORECASE)


def speaks_of_rights(words: Collection[str], text: str) -> bool:
    """Whether a sentence speaks of rights (:data:`RIGHTS_WORDS`), where a commissioner that is not
    the regulator is a name, not a right ("Thank you for contacting the Office of the Police and
    Crime Commissioner for Warwickshire.")."""
    if not _RIGHTS_BUT_COMMISSIONER.isdisjoint(words):
        return True
    return "commissioner" in words and REGULATOR_NAMED.search(text) is not None


# a condition in Welsh ("Os yw'r neges hon wedi dod i law trwy gamgymeriad": if it reached you in error;
# not "OS", the maps, in English)
_CONDITION_CY = re.compile(r"\b(?:[Oo]s|[Pp]e)\b")
_RECEIPT_HINTS = (
    "receiv",
    "receipt",
    "arrived",
    "deliver",
    "reached",
    "have your",
    " law",
    "derbyn",
)  # one is in every match


def received(text: str) -> bool:
    """Whether a text says that this request arrived (:data:`_RECEIVED`, not as a condition), also
    where the mail's wrapping broke the sentence ("... your message has\nreached our inbox.")."""
    if "\n" in text:
        text = " ".join(text.split())
    m = _RECEIVED.search(text)
    return (
        m is not None
        and _CONDITION.search(text, 0, m.start()) is None
        and _CONDITION_CY.search(text, 0, m.start()) is None
    )


_DUE_SAID = (
    r"\b(?:you (?:will|should) (?:receive|get|have) (?:a|our|the) (?:full )?(?:response|reply|answer|information)|"
    r"(?:we|i) (?:will|shall|aim to|expect to|intend to) (?:respond|reply|send (?:you )?(?:a |our |the )?(?:full )?(?:response|reply))|"
    r"\b(?:will|should) be (?:answered|dealt with|responded to|completed))"
    r"[^.]{0,40}"
)
_RESPONSE_DUE = re.compile(_DUE_SAID + r"\b(?:within|by|no later than)\b", re.IGNORECASE)
# the same, "by" a time only ("by 14 May", "by that date", "by the 20th working day"), not by whom
# ("will be answered by our out-of-hours partner"): what the safety net keeps. (The scorer's feature
# keeps the looser pattern it was trained with: its weight is learned, the safety net's is absolute.)
_RESPONSE_DUE_BY_TIME = re.compile(
    _DUE_SAID + r"\b(?:within|no later than|by (?=\d|(?:that|this|the) (?:date|day|deadline)|then\b|the end\b|the \d|"
    r"(?:mon|tues|wednes|thurs|fri)day\b|close of|" + _MONTHS + r"))",
    re.IGNORECASE,
)


# UnitFacts.flags: what the decoder and the safety net ask of a unit, one bit each
F_GREETING, F_SIGNOFF, F_SEPARATOR = 1, 2, 4
F_GUARD = 8  #: content whatever the scores: a greeting, a sign-off line, an amount, a table row
F_ACK = 16  #: what an acknowledgement says about this request
F_HEADING = 32  #: a short line naming what follows
F_SHORT = 64  #: read with its paragraph's words (:func:`uses_paragraph`)
F_SIGNATURE_END = 128  #: cannot be part of the signature after a sign-off line
F_POSTAL = 256  #: a postal address line and nothing else (no phone, link or e-mail)
F_COURTESY = 512  #: the writer's closing courtesy ("I hope this helps."): the answer ends with it
F_QUOTE_OPEN = 1024  #: opens quoted history: "On <date>, <name> wrote:", "-----Original Message-----"
F_HEADER_FIELD = 2048  #: a mail header field ("Sent:", "To:", "Subject:")
F_FROM_FIELD = 4096  #: a header's "From:" field: followed by another field, it opens a quote


class UnitFacts:
    """Flags of one unit the rules and features share."""

    __slots__ = (
        "greeting",
        "signoff",
        "separator",
        "caps",
        "colon",
        "item",
        "url",
        "email",
        "phone",
        "postcode",
        "handle",
        "date",
        "reference",
        "money",
        "table",
        "words",
        "quote_marker",
        "ack_fact",
        "ack_guard",
        "reasoning",
        "courtesy",
        "flags",
        "shape",
    )

    def __init__(self, text: str, words: list[str] | None = None) -> None:
        first = text.lstrip(" \t>")
        n = len(text)
        # the line patterns below match only where the text opens with a quote marker, a space, or
        # a character their first word or mark can begin with
        c = text[:1]
        lead = c == ">" or c.isspace() or not c
        self.greeting = n <= 100 and (lead or c in _GREETING_FIRST) and GREETING.match(text) is not None
        self.signoff = n <= 80 and (lead or c in _SIGNOFF_FIRST) and SIGNOFF_LINE.match(text) is not None
        self.separator = "\n" not in text and (lead or c in _SEPARATOR_FIRST) and SEPARATOR.match(text) is not None
        raw = text.encode("utf-8")
        upper = len(raw.translate(None, _NOT_UPPER))
        lower = len(raw.translate(None, _NOT_LOWER))
        self.caps = upper >= 4 and upper >= 4 * lower
        self.colon = text.rstrip().endswith(":")
        self.item = (lead or c in _ITEM_FIRST or "a" <= c <= "z" or c.isdecimal()) and ITEM.match(text) is not None
        low = text.lower()
        # Each costly pattern runs only where a cheap test says it can match (the tests below
        # are implied by every match; ``odd``: characters a case-insensitive pattern matches to
        # ASCII letters that lower() does not turn into them, so a lower-case test cannot rule
        # such a pattern out).
        odd = not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text)
        self.url = ("http" in low or "www" in low or _DOMAIN_HINT.search(low) is not None) and _URL.search(
            text
        ) is not None
        self.email = ("@" in text or "email]" in low) and _EMAIL.search(text) is not None
        digits = len(raw.translate(None, _NOT_DIGIT))
        self.phone = digits >= 3 and (
            PHONE_NATIONAL.search(text) is not None
            or ("+44" in text and PHONE_INTL.search(text) is not None)
            or (("101" in text or "999" in text or "111" in text) and _PHONE_SHORT.search(text) is not None)
        )
        self.postcode = digits > 0 and upper >= 3 and _POSTCODE.search(text) is not None  # "SK9 5AF": 3 capitals
        self.handle = "@" in text and _HANDLE.search(text) is not None
        date = False
        if digits > 0:
            slash_or_dot = "/" in text or "." in text
            # the numeric form holds two slashes or dots; the others a month's name ("ſep" only in odd
            # text) and a year, four digits (ASCII ones, unless the text holds others)
            date = (
                slash_or_dot and text.count("/") + text.count(".") >= 2 and _DATE_NUMERIC.search(text) is not None
            ) or (
                (digits >= 4 or not text.isascii())
                and _FOUR_DIGITS.search(text) is not None
                and (_MONTH_HINT.search(low) is not None or (odd and slash_or_dot))
                and (
                    _DATE_DAY_MONTH.search(text) is not None
                    or (_DATE_MONTH_DAY_ANY_CASE.search(text) if odd else _DATE_MONTH_DAY_LOW.search(low)) is not None
                )
            )
        self.date = date
        self.reference = digits > 0 and (
            (upper >= 2 and _REFERENCE_CODE.search(text) is not None)
            or (("/" in text or "-" in text) and _REFERENCE_NUMBER.search(text) is not None)
        )
        self.money = digits > 0 and ("£" in text or "%" in text) and _MONEY.search(text) is not None
        self.table = (
            digits > 0
            and ("|" in text or "\t" in text or "   " in text or "...." in text or "__" in text or "…" in text)
            and _is_table_row(text)
        )
        self.words = feature_words(text) if words is None else words
        ws = set(self.words)
        calm = ws.isdisjoint(RIGHTS_WORDS)
        self.reasoning = (
            calm
            and not ws.isdisjoint(_REASONING_HINT)
            and (
                odd
                or "exempt" in low
                or "public interest" in low
                or "neither confirm nor deny" in low
                or "limit" in low
                or "threshold" in low
                or "section " in low
                or "regulation 1" in low
                or _DIGIT_PAREN.search(text) is not None
            )
            and _REASONING.search(text) is not None
        )
        due = (
            calm
            and not ws.isdisjoint(_DUE_HINT)
            and (
                odd
                or "will" in low
                or "should" in low
                or "shall" in low
                or "aim to" in low
                or "expect to" in low
                or "intend to" in low
            )
            and _RESPONSE_DUE.search(text) is not None
        )
        self.ack_fact = (
            "will now be considered" in low
            or calm
            and (
                (date and not ws.isdisjoint(_ACK_WORDS))
                or (digits > 0 and not ws.isdisjoint(_REF_HINT) and _has_ref_label(text, low, odd))
            )
        )
        # (a due date said "by" whom is the scorer's evidence, but not the safety net's)
        self.ack_guard = self.ack_fact or (due and _RESPONSE_DUE_BY_TIME.search(text) is not None)
        self.ack_fact = self.ack_fact or due
        # (that the request arrived is kept as content, but is not one of the scorer's features)
        receipt = (calm or not speaks_of_rights(ws, text)) and (
            (any(map(low.__contains__, _RECEIPT_HINTS)) and received(text))
            or (
                n <= 180
                and ("thank" in low or "diolch" in low)
                and _THANKS.match(" ".join(text.split()) if "\n" in text else text) is not None
            )
        )
        self.courtesy = (
            n <= 180
            and ("hope" in low or "trust" in low or "complete" in low or "conclude" in low)
            and calm  # (never a review pointer put as a courtesy: "I trust this helps; if you are unhappy ...")
            and _COURTESY.match(text) is not None
        )
        self.quote_marker = first is not text and text.lstrip(" \t").startswith(">")
        bucket = 0 if n < 20 else 1 if n < 50 else 2 if n < 100 else 3 if n < 200 else 4
        shape = (
            self.greeting
            | self.signoff << 1
            | self.separator << 2
            | self.caps << 3
            | self.colon << 4
            | self.item << 5
            | self.url << 6
            | self.email << 7
            | self.phone << 8
            | self.postcode << 9
            | self.handle << 10
            | date << 11
            | self.reference << 12
            | self.money << 13
            | self.table << 14
            | self.quote_marker << 15
            | self.ack_fact << 16
            | self.reasoning << 17
            | self.courtesy << 18
        )
        if text.rstrip().endswith((".", "!", "?")):
            shape |= 1 << 19
        if len(self.words) <= 3:
            shape |= 1 << 20
        # title case: at least 70% of its words begin with a capital (A-Z); each such word holds
        # one of the ``upper`` capitals, so with fewer than that there is nothing to count
        if upper >= 2:
            tokens = len(text.split())
            if tokens >= 2 and upper >= 0.7 * tokens and len(_CAPITAL_INITIAL.findall(text)) >= 0.7 * tokens:
                shape |= 1 << 21
        self.shape = bucket | shape << 3  #: see LENGTH_NAMES and SHAPE_NAMES
        fl = 0
        # a quoted greeting or sign-off is the earlier message's: it stays, but does not open or
        # close this one
        if self.greeting:
            fl |= F_GUARD if self.quote_marker else F_GREETING | F_GUARD
        if self.signoff:
            fl |= F_GUARD if self.quote_marker else F_SIGNOFF | F_GUARD
        if self.separator:
            fl |= F_SEPARATOR
        if self.money or self.table or self.courtesy:
            fl |= F_GUARD
        # a numbered part of this request ("part (3) of your request", "question 2"), or a title that
        # names it ("REQUEST FOR INFORMATION - RESPONSE"): no block names one; and the letter's
        # delivery line ("By email")
        if names_request_part(text, low) or titles_request(text, low) or states_delivery(text, low):
            fl |= F_GUARD
        # what a review decided is the reply's answer, even in the paragraph that goes on to the
        # Commissioner (the collection has 177 such sentences as content and none in a block)
        if states_review_outcome(text, low):
            fl |= F_GUARD
        if self.courtesy:
            fl |= F_COURTESY
        if (
            self.ack_guard
            or receipt
            or (digits > 0 and (states_closure(text, low) or quotes_this_reference(text, low)))
        ):
            fl |= F_ACK
        nw = len(self.words)
        if nw <= CONTEXT_WORDS:
            fl |= F_SHORT
        # a short line that names what follows ("Review Procedure", "YOUR RIGHTS", "Find us at:")
        if nw <= 6 and not text.rstrip().endswith((".", "?", "!", ",")) and (self.caps or self.colon or text.istitle()):
            fl |= F_HEADING
        # what ends a signature: contact details, a link, or the heading of what follows
        if (
            n > 80
            or self.url
            or self.email
            or self.phone
            or self.postcode
            or self.handle
            or self.separator
            or self.signoff
            or self.colon
            or (self.caps and nw >= 2 and _CAPS_WORD.search(text) is not None)
            or ("|" in text and _OUTWARD_CODE_CELL.search(text) is not None)
            or (n <= 80 and PRONOUNS_LINE.match(text) is not None)
        ):
            fl |= F_SIGNATURE_END
        if self.postcode and n <= 80 and not (self.url or self.email or self.phone or self.handle or self.colon):
            fl |= F_POSTAL
        if n <= 300 and (":" in text or "--" in text):
            fl |= quote_opening(text)
        self.flags = fl


def quote_opening(text: str) -> int:
    """F_QUOTE_OPEN for a line that opens quoted history, F_HEADER_FIELD for a mail header field
    (with F_FROM_FIELD for its "From:"), else 0."""
    if HEADER_FIELD.match(text):
        return F_HEADER_FIELD | F_FROM_FIELD if FROM_FIELD.match(text) else F_HEADER_FIELD
    if _ORIGINAL_MESSAGE.match(text):
        return F_QUOTE_OPEN
    return F_QUOTE_OPEN if wrote_line(text) else 0


def wrote_line(text: str) -> bool:
    """Does a line end in "... wrote:" (in one of several languages), as a mail client's line over
    a quoted message does? Not when its last sentence is "You wrote:" (or "You said:"): that is a
    writer quoting the request in an answer ("Thank you for your request of 12 May. You wrote:");
    a client names the sender, or writes "..., you wrote:" after a date."""
    t = text.rstrip()
    if not t.endswith(":"):
        return False
    last = t[:-1].split()[-1:]
    if not last or last[0].lower().strip("*") not in WROTE_WORDS:
        return False
    return "You" not in t or _RESTATED.search(t) is None


_RESTATED = re.compile(r"(?:^|[.!?]\s+)You (?:wrote|said):$")


# the fields of the header a mail client puts above a quoted message, and the last word of its
# "On <date>, <name> wrote:" line (also read by scraper.clean.quotes, with FROM_FIELD)
HEADER_FIELD = re.compile(
    r"^[\s>]*\*?(?:from|sent|date|to|cc|bcc|subject|von|gesendet|an|betreff|de|envoyé|à|objet|enviado|para|asunto)"
    r"\s*:\*?(?:\s|$)",
    re.IGNORECASE,
)
FROM_FIELD = re.compile(r"^[\s>]*\*?(?:from|von|de)\s*:", re.IGNORECASE)
_ORIGINAL_MESSAGE = re.compile(
    r"^[\s>]*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"reply message|forwarded (?:message|by))",
    re.IGNORECASE,
)
WROTE_WORDS = frozenset(
    "wrote said schrieb écrit escribió schreef scritto napisał skrev kirjoitti написал написала написали".split()
)


# cheap tests that must pass before the costlier patterns are tried
# the first characters of GREETING's and SIGNOFF_LINE's words (either case; "ſ" and the Kelvin sign
# match s and k where the case is ignored), of SEPARATOR's marks and of ITEM's bullets and brackets
_GREETING_FIRST = "dhgtabpDHGTABP"
_SIGNOFF_FIRST = "ykbwmrtscdligaphYKBWMRTSCDLIGAPH\u017f\u212a"
_SEPARATOR_FIRST = "-_*#=~+.·•|"
_ITEM_FIRST = "•·*-–o▪●◦("
_CAPITAL_INITIAL = re.compile(r"[A-Z](?<!\S[A-Z])")  # a word that begins with a capital


# the days the law gives for an answer ("20 working days", "twenty school days", "the 20 working days")
_DAYS_ALLOWED = r"(?:the )?(?:statutory )?(?:\d+|twenty|sixty)[- ](?:working |school |calendar )?days?\b"


# "the time for our reply", "the time for responding", "the time to respond"
_TIME_TO_REPLY = (
    r"\btime (?:(?:for|to) (?:our|a|the) (?:reply|response|answer)|for (?:responding|replying|answering)|"
    r"to (?:respond|reply|answer))\b"
)


# this request's timetable: when the answer is due, and the clock while the writer waits for the
# requester (a clarification); what an acknowledgement says about it is content (never as a
# hypothetical: "If we need you to clarify, the clock stops until ...")
_TIMETABLE = re.compile(
    r"\b(?:period|clock|time ?limit|deadline|working days?)\b[^.\n]{0,40}?\b(?:begins?|starts?|restarts?|runs?|resumes?)"
    r"\b[^.\n]{0,12}?\b(?:again|from|once|when|until|after)\b|"
    r"\b(?:is|are|has been|have been|will be) (?:put )?(?:paused|on hold|suspended|stopped)\b[^.\n]{0,40}\buntil\b|"
    + _TIME_TO_REPLY
    + r"[^.\n]{0,40}\b(?:run|start|begin)s?\b[^.\n]{0,12}\buntil\b|"
    r"\bas soon as (?:we|i) (?:hear from you|receive your (?:reply|response|clarification|answer))\b|"
    r"\b(?:is|are) (?:normally |usually |generally |always )?(?:answered|dealt with|responded to)\b[^.\n]{0,30}\bwithin\b|"
    r"\b(?:we|i|and) (?:will |aim to |must |have to |shall |expect to |hope to )+(?:respond|reply|answer|"
    r"send (?:you )?(?:our|a|the|your) (?:full )?(?:response|reply|answer))\b[^.\n]{0,40}\b(?:within|by)\b|"
    # "the Council's response is due by 20 October 2025", "A reply is due on 3 March"
    r"\b(?:response|reply|answer) (?:is|will be) due (?:by|on|within)\b|"
    r"\byou (?:will|should) hear (?:back )?from (?:us|me)\b[^.\n]{0,40}\b(?:within|by)\b|"
    # the clock stopped for a clarification, or extended: "we do not have to respond until we receive
    # it", "we will have 20 working days from your reply", "we are extending the time for our response"
    r"\b(?:do not|don't|need not|are not (?:required|obliged) to)(?: have to)? (?:respond|reply|answer|comply)\b"
    r"[^.\n]{0,60}\buntil\b|"
    r"\b(?:we|i) will (?:then )?have (?:\d+|twenty|forty) (?:more |further )?working days (?:from|after)\b|"
    r"\b(?:we|i) (?:are|am|have|will be|need to|must) (?:now |therefore )?extend(?:ing|ed)? (?:the|our|this)\b|"
    r"\b(?:time|period|deadline|time limit|date)\b[^.\n]{0,30}? (?:has been|is being|is|was) extended\b",
    re.IGNORECASE,
)
_TIMETABLE_HINTS = (
    "again",
    "from",
    "once",
    "when",
    "until",
    "after",
    "as soon as",
    "within",
    " by ",
    "extend",
    " due ",
)
_TIME_ALLOWED = re.compile(
    # the time the law allows or the writer aims for, said of this request as of every one ("We have 20
    # working days to respond", "The Act requires a reply within 20 working days", "Academies are given
    # twenty school days to respond"): when the answer is due, not a delay's apology ("not been able
    # to respond within ..."), nor a hypothetical
    r"\b(?:will |aims? to |must |ha(?:ve|s) to |shall |should |tr(?:y|ies) to |(?:are|is) (?:normally )?(?:required|obliged) to |and )+"
    r"(?:normally |usually )?(?:respond|reply|answer)\b[^.\n]{0,120}\b(?:within|no later than) (?:the )?(?:statutory )?"
    + _DAYS_ALLOWED
    + r"|"
    r"\b(?:may|can) take up to " + _DAYS_ALLOWED + r"[^.\n]{0,20}\bto (?:respond|reply|answer)\b|"
    r"\b(?:ha(?:ve|s)|gives? (?:us|you|public authorities|academies)|allows? (?:us|public authorities|academies)|"
    r"(?:are|is) given) (?:up to )?" + _DAYS_ALLOWED + r"[^.\n]{0,80}?\b(?:to|in which to) (?:respond|reply|answer)\b|"
    r"\b(?:requires?|asks?|expects?) (?:a (?:reply|response)|(?:us|public authorities|the \w+) to (?:respond|reply))\b"
    r"[^.\n]{0,60}\b(?:within|no later than) " + _DAYS_ALLOWED + r"|"
    r"\b(?:will|are|is) (?:normally |usually )?(?:receive (?:a|our) (?:response|reply)|be answered)\b[^.\n]{0,30}\bwithin\b|"
    # the time for a reply and its bound ("the Act counts only school days when working out the time for
    # a response, up to a maximum of 60 working days")
    r"\b(?:time|deadline|period) (?:for|to) (?:a|our|the|your) (?:response|reply|answer|respond)\b[^.\n]{0,60}?"
    r"\b(?:up to|(?:a )?maximum of|within|no later than) " + _DAYS_ALLOWED + r"|"
    # in the present ("We respond to requests for information within 20 working days.")
    r"(?<!if )(?<!unless )(?<!where )(?<!when )\b(?:we|i) (?:normally |usually |always |generally )?(?:respond|reply|answer) to\b[^.\n]{0,80}\bwithin "
    + _DAYS_ALLOWED
    + r"|"
    # in Welsh ("Byddwn yn ymateb o fewn 20 diwrnod gwaith.", "Ein nod yw ymateb i bob cais o fewn 20 diwrnod
    # gwaith.", "Bydd y Brifysgol yn ymdrin â'ch cais ... ac yn ymateb o fewn 20 diwrnod gwaith.")
    r"\b(?:byddwn|byddaf|bydd (?:y|yr) \w+|ein nod yw|rydym yn|rwy'n)\b[^.\n]{0,120}?\b(?:ymateb|ateb)\b"
    r"[^.\n]{0,40}?\bo fewn (?:\d+|ugain) (?:diwrnod|niwrnod)\b",
    re.IGNORECASE,
)
# what a review's or a complaint's own timetable speaks of ("... will consider your request and reply
# within 20 working days"): the block's, also where its paragraph was not recognised as one
_REVIEW_TIMETABLE = re.compile(
    r"\b(?:review|reconsider|representations|complain|complaint|appeal|dissatisfied|unhappy|not involved|no part|"
    # (in Welsh: the rights words, and "ailystyried", reconsider)
    + "|".join(_WELSH_RIGHTS_WORDS)
    + r"|ailystyried)",
    re.I,
)


def speaks_of_review(text: str) -> bool:
    """Whether a text speaks of a review, a complaint or an appeal (:data:`_REVIEW_TIMETABLE`)."""
    return _REVIEW_TIMETABLE.search(text) is not None


_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|should|whether) (?:we|you|it|the|your|this|there)\b|\bwhere (?:we|you)\b|"
    r"\bos (?:na |nad )?(?:bydd|byddwn|fyddwn|ydych|yw|oes|allwn|gallwn)\b",
    re.I,
)


# what becomes of this request without the requester's reply ("If we do not hear from you within two
# months, we will treat your request as withdrawn"): content, though put as a condition
_CLOSING = re.compile(
    r"\b(?:we will|we'll|we shall) (?:treat|consider|regard|close|assume)\b[^.\n]{0,60}"
    r"\b(?:withdrawn|closed|lapsed|no longer (?:want|wish|need|require))",
    re.IGNORECASE,
)


# the ways a writer says they will tell the requester something ("we will let you know")
_TELL_YOU = (
    r"contact you|write to you|let you know|tell you|inform you|notify you|update you|"
    r"keep you (?:informed|updated|posted)"
)


# what may yet happen to this request's timetable, put as a condition ("If we need you to clarify
# anything, we will contact you", "If for any reason we cannot meet that date, we will let you know")
_TIMETABLE_IF = re.compile(
    r"^[\s>]*(?:(?:please )?(?:be advised|be aware|note)(?: that)?,? )?(?:if|should|where|in the event)\b[^\n]{0,200}?(?:"
    r"\b(?:we|i) (?:will|shall|would) (?:then )?(?:" + _TELL_YOU + r"|be in touch|ask you|get in touch)\b|"
    r"\b(?:period|clock|time ?limit|deadline|timescale|request)\b[^.\n]{0,40}?\b(?:paused|on hold|suspended|stops?|"
    r"stopped|restarts?|(?:may|will|can) be extended)\b|"
    + _TIME_TO_REPLY
    + r"[^.\n]{0,40}\bnot (?:run|start|begin)\b)",
    re.IGNORECASE,
)


def timetable_if(text: str) -> bool:
    """Whether a text says, as a condition, what may yet happen to this request's timetable
    (:data:`_TIMETABLE_IF`): content right after the date the answer is due."""
    flat = " ".join(text.split())
    return len(flat) <= 300 and _TIMETABLE_IF.search(flat) is not None


# asking the requester to quote this request's reference ("Please quote the reference above in any
# correspondence about this request"): content right after the date the answer is due (where writers
# put it in the message more often than in the help text: 18 to 12 in the collection)
_QUOTE_REFERENCE = re.compile(
    r"\bquot(?:e|ing)\b[^.\n]{0,40}\b(?:reference|ref)\b|\b(?:reference|ref)\b[^.\n]{0,60}\bquot(?:e|ing) it\b",
    re.IGNORECASE,
)


def quotes_reference(text: str) -> bool:
    """Whether a sentence of at most 250 characters asks for this request's reference to be quoted."""
    flat = " ".join(text.split())
    return len(flat) <= 250 and "quot" in flat.lower() and _QUOTE_REFERENCE.search(flat) is not None


# the same, with the reference itself ("Please quote FOI 00641 if you contact us about this request",
# "quoting reference 19/08"): the reference is this request's, so the sentence is content wherever it
# sits (11 such sentences in the collection, none in a block)
_QUOTE_THIS_REFERENCE = re.compile(
    r"\bquot(?:e|ing)\s+(?:(?:the|your|our|this)\s+)?(?:(?:request\s+)?(?:reference|ref)(?:\s+(?:number|no\.?))?[:.]?\s+)?"
    r"(?:(?-i:[A-Z]{2,})[-/ ]?)?\d",
    re.IGNORECASE,
)


def quotes_this_reference(text: str, low: str) -> bool:
    """Whether a sentence of at most 250 characters asks for this request's reference, given in it, to be quoted."""
    if len(text) > 250 or "quot" not in low:
        return False
    return _QUOTE_THIS_REFERENCE.search(" ".join(text.split())) is not None


# a short promise to keep the requester informed ("We will tell you if this happens."): content right
# after a condition on this request's timetable, which it completes
_KEEPS_INFORMED = re.compile(
    r"^[\s>]*(?:and )?(?:we|i)(?: will| shall|'ll|\u2019ll) (?:" + _TELL_YOU + r")\b",
    re.IGNORECASE,
)


def keeps_informed(text: str) -> bool:
    """Whether a sentence of at most 120 characters promises to tell the requester what happens."""
    flat = " ".join(text.split())
    return len(flat) <= 120 and _KEEPS_INFORMED.search(flat) is not None


def states_timetable(text: str) -> bool:
    """Whether a text states this request's timetable (:data:`_TIMETABLE`, not as a hypothetical;
    :data:`_CLOSING`)."""
    flat = " ".join(text.split())
    low = flat.lower()
    if any(map(low.__contains__, _TIMETABLE_HINTS)):
        m = _TIMETABLE.search(flat)
        if m is not None and _HYPOTHETICAL.search(flat, 0, m.start()) is None:
            return True
    if " days" in low or "diwrnod" in low:
        m = _TIME_ALLOWED.search(flat)
        if (
            m is not None
            and _HYPOTHETICAL.search(flat, 0, m.start()) is None
            and _REVIEW_TIMETABLE.search(flat) is None
        ):
            return True
    return "we" in low and _CLOSING.search(flat) is not None


def decides(text: str) -> bool:
    """Whether a text states what the reply decides (:data:`_DECISION`, not as a condition) or
    advises on this request (:data:`_ADVICE`)."""
    flat = " ".join(text.split())  # a sentence wrapped within its unit
    low = flat.lower()
    if (
        any(map(low.__contains__, _ADVICE_HINTS))
        and may_match_folded(flat, low, _ADVICE_WORDS)
        and _ADVICE.search(flat) is not None
    ):
        return True
    if not any(map(low.__contains__, _DECISION_HINTS)):
        return False
    start = decision_start(flat, low)
    return start is not None and _CONDITION.search(flat, 0, start) is None


# the parts of _DECISION that point elsewhere: whether the information is held here, who else holds
# it and how to reach them
_ELSEWHERE_SEARCHES = tuple(search for words, search in _DECISION_SEARCHES if "held" in words or "them" in words)


def points_elsewhere(text: str) -> bool:
    """Whether a sentence the reply decides with (:func:`decides`) says whether the information is
    held here, who else holds it, how to reach them, or how to ask again (:data:`_ADVICE`), rather
    than what was done with the request ("Your request will now be considered ...")."""
    flat = " ".join(text.split())
    return _ADVICE.search(flat) is not None or any(search(flat) for search in _ELSEWHERE_SEARCHES)


def decision_start(flat: str, low: str) -> int | None:
    """Where the first match of :data:`_DECISION` in ``flat`` (lower case: ``low``) starts: the
    first of its parts' first matches, each part tried only where it can match."""
    first: int | None = None
    for words, search in _DECISION_SEARCHES:
        if may_match_folded(flat, low, words):
            m = search(flat)
            if m is not None and (first is None or m.start() < first):
                first = m.start()
    return first


_FOUR_DIGITS = re.compile(r"\d\d\d\d")  # the year of _DATE_DAY_MONTH and _DATE_MONTH_DAY
_DIGIT_PAREN = re.compile(r"\d\(\d")  # _REASONING: "s.40(2)"
_DOMAIN_HINT = re.compile(r"\.(?:gov|org|nhs|ac|police|co|com|net|uk|wales|scot)\b")
_MONTH_HINT = re.compile(r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
_REASONING_HINT = frozenset(
    "exempt exemption exemptions exempted public confirm limit threshold section regulation s".split()
)
_REF_HINT = frozenset("reference ref case request".split())
_DUE_HINT = frozenset("within by later".split())
_NOT_UPPER = bytes(c for c in range(256) if not 65 <= c <= 90)
_NOT_LOWER = bytes(c for c in range(256) if not 97 <= c <= 122)
_NOT_DIGIT = bytes(c for c in range(256) if not 48 <= c <= 57)


def _has_ref_label(text: str, low: str, odd: bool) -> bool:
    """Does _REF_LABEL match? Where lower() keeps every character in place (not ``odd``), a match
    can only start where the lower-cased text has one of its words, so it is tried there alone."""
    if odd:
        return _REF_LABEL.search(text) is not None
    for word in _REF_WORDS:
        i = low.find(word)
        while i != -1:
            if _REF_LABEL.match(text, i) is not None:
                return True
            i = low.find(word, i + 1)
    return False


_REF_WORDS = ("ref", "case", "request")  # "reference" starts with "ref"


def _is_table_row(text: str) -> bool:
    for line in text.split("\n"):
        cells = [c for c in _CELL_GAP.split(line.strip(" >")) if c]
        if len(cells) >= 2 and any(_FIGURE.match(c) for c in cells[1:]):
            return True
    return False


# a word of four capitals or more ("YOUR RIGHTS", "CITB NI"): a line in capitals without one is a
# mailbox's or a team's short name ("UoB FOI"), which a signature may hold, not a heading
_CAPS_WORD = re.compile(r"(?<![A-Za-z])[A-Z]{4,}(?![A-Za-z])")
# the writer's pronouns on a line of their own ("Pronouns: she/her", "Rhagenwau / Pronouns: hi/ei"): like a
# direct line, the sign-off block's (all 219 such lines of the collection's authority mail are); pronouns on
# the name's line ("Sam Hale (he/him)") stay with the name
PRONOUNS_LINE = re.compile(r"[^\w\n]{0,3}(?:my )?(?:pronouns?|rhagenwau)\b", re.IGNORECASE)
# the last cell of a line of cells apart by pipes that is a postcode's first half ("Harbour Office |
# Mallaig | Inverness-shire | PH41"): an address line (in the collection, 29 such lines, all in blocks)
_OUTWARD_CODE_CELL = re.compile(r"(?m)\|[ \t]*[A-Z]{1,2}\d{1,2}[A-Z]?[ \t]*$")


def unit_facts(text: str) -> UnitFacts:
    return UnitFacts(text)


#: a unit's length, in five buckets (bits 0-2 of UnitFacts.shape)
LENGTH_NAMES = ("sh:len0", "sh:len1", "sh:len2", "sh:len3", "sh:len4")
#: the rest of its shape, one bit each from bit 3 of UnitFacts.shape, in this order
SHAPE_NAMES = (
    "sh:greeting",
    "sh:signoff",
    "sh:separator",
    "sh:caps",
    "sh:colon",
    "sh:item",
    "sh:url",
    "sh:email",
    "sh:phone",
    "sh:postcode",
    "sh:handle",
    "sh:date",
    "sh:reference",
    "sh:money",
    "sh:table",
    "sh:quoted",
    "sh:ack_fact",
    "sh:reasoning",
    "sh:courtesy",
    "sh:period",
    "sh:fewwords",
    "sh:titlecase",
)


def shape_features(f: UnitFacts) -> list[str]:
    out = [LENGTH_NAMES[f.shape & 7]]
    bits = f.shape >> 3
    out.extend(name for k, name in enumerate(SHAPE_NAMES) if bits >> k & 1)
    return out


def text_features(f: UnitFacts, text: str, boundary: int) -> list[str]:
    """Features of one unit's text: its words and word pairs, its shape, what separates it from
    the unit before. (Its position in the message and what the thread says are added apart.)"""
    ws = f.words
    out = ["w:" + w for w in set(ws)]
    out.extend({"b:" + a + "_" + b for a, b in zip(ws, ws[1:], strict=False)})
    if ws:
        out.append("first:" + ws[0])
    out.extend(shape_features(f))
    out.append(_BOUNDARY_NAMES[boundary])
    return out


#: by boundary: SENTENCE, LINE, PARAGRAPH
_BOUNDARY_NAMES = ("bd:sent", "bd:line", "bd:para")
assert (SENTENCE, LINE, PARAGRAPH) == (0, 1, 2)


#: a unit of at most this many words is read with its paragraph's words too (an address line, a
#: heading); a longer one stands on its own, so an answer sentence sharing a paragraph with a
#: review sentence is not pulled along by that sentence's words
CONTEXT_WORDS = 8


def uses_paragraph(f: UnitFacts) -> bool:
    return len(f.words) <= CONTEXT_WORDS


def paragraph_features(words_of_paragraph: Sequence[str], n_units: int) -> list[str]:
    out = ["p:" + w for w in set(words_of_paragraph)]
    out.append("pn:1" if n_units == 1 else "pn:2" if n_units <= 3 else "pn:4")
    return out


# Position and evidence features travel as small integer codes while cleaning (one per unit, a
# dictionary key for the memo of their scores); :func:`context_names` spells a code out as the
# feature strings, in the order the scorer sums them.
POS_BEFORE_GREETING, POS_AFTER_SIGNOFF, POS_AFTER_LAST_SIGNOFF, POS_AFTER_SEPARATOR = 8, 16, 32, 64
POS_LAST_PARA, POS_FIRST_PARA, POS_LAST3 = 128, 256, 512
_POS_FLAGS = (
    (POS_BEFORE_GREETING, "pos:before_greeting"),
    (POS_AFTER_SIGNOFF, "pos:after_signoff"),
    (POS_AFTER_LAST_SIGNOFF, "pos:after_last_signoff"),
    (POS_AFTER_SEPARATOR, "pos:after_separator"),
    (POS_LAST_PARA, "pos:last_para"),
    (POS_FIRST_PARA, "pos:first_para"),
    (POS_LAST3, "pos:last3"),
)
#: evidence codes, shifted left by EVIDENCE_SHIFT in a unit's context code: the overlap with what was
#: asked (1-4, 0 when there is no thread), then the repeats
EVIDENCE_SHIFT = 10
OVERLAP_NAMES = ("", "ov:none", "ov:0", "ov:lo", "ov:hi")
EV_THREAD, EV_AUTH, EV_CROSS = 8, 16, 32
_EV_FLAGS = ((EV_THREAD, "r:thread"), (EV_AUTH, "r:auth"), (EV_CROSS, "r:cross"))


def context_names(code: int) -> tuple[str, ...]:
    """The position and evidence features of a context code, in order."""
    out = [f"pos:q{code & 7}"]
    out.extend(name for bit, name in _POS_FLAGS if code & bit)
    ev = code >> EVIDENCE_SHIFT
    if ev & 7:
        out.append(OVERLAP_NAMES[ev & 7])
    out.extend(name for bit, name in _EV_FLAGS if ev & bit)
    return tuple(out)


def position_codes(paras: Sequence[int], flags: Sequence[int]) -> list[int]:
    """Position code of every scored unit, from the scored units' paragraph numbers and
    :class:`UnitFacts` flags (in order)."""
    n = len(flags)
    if not n:
        return []
    # the message's greeting comes before any sign-off and any quoted history: one after them is
    # an earlier message's
    first_greeting = -1
    for k, fl in enumerate(flags):
        if fl & (F_SIGNOFF | F_QUOTE_OPEN) or (fl & F_FROM_FIELD and k + 1 < n and flags[k + 1] & F_HEADER_FIELD):
            break
        if fl & F_GREETING:
            first_greeting = k
            break
    last_signoff = next((k for k in range(n - 1, -1, -1) if flags[k] & F_SIGNOFF), 1 << 62)
    last_para = paras[-1]
    first_para = paras[0]
    out: list[int] = []
    append = out.append
    seen_sep = False
    seen_signoff = False
    for rank, (pn, fl) in enumerate(zip(paras, flags, strict=False)):
        code = rank * 5 // n
        if code > 4:
            code = 4
        if rank < first_greeting:
            code |= POS_BEFORE_GREETING
        if seen_signoff:
            code |= POS_AFTER_SIGNOFF
            if rank > last_signoff:
                code |= POS_AFTER_LAST_SIGNOFF
        if seen_sep:
            code |= POS_AFTER_SEPARATOR
        if pn == last_para:
            code |= POS_LAST_PARA
        if pn == first_para:
            code |= POS_FIRST_PARA
        if n - rank <= 3:
            code |= POS_LAST3
        append(code)
        if fl & F_SIGNOFF:
            seen_signoff = True
        if fl & F_SEPARATOR:
            seen_sep = True
    return out


# ---------------------------------------------------------------------------------------------
# Scoring a unit's text: the weights of text_features(), summed in the same order, found without
# spelling out the feature strings where the order allows it
# ---------------------------------------------------------------------------------------------


class WeightTables:
    """A model's weights split by feature family, keyed by what follows the prefix."""

    __slots__ = ("get", "word", "pword", "bd", "length", "shape_rows")

    def __init__(self, weights: dict[str, tuple[float, ...]]) -> None:
        self.get = weights.get
        self.word = {f[2:]: w for f, w in weights.items() if f.startswith("w:")}
        self.pword = {f[2:]: w for f, w in weights.items() if f.startswith("p:")}
        self.bd = tuple(weights.get(f) for f in _BOUNDARY_NAMES)
        self.length = tuple(weights.get(f) for f in LENGTH_NAMES)
        # the weights of every combination of seven shape bits, for each group of seven, in order
        rows = [weights.get(f) for f in SHAPE_NAMES]
        self.shape_rows = tuple(
            tuple(tuple(w for k, w in enumerate(rows[g : g + 7]) if m >> k & 1 and w is not None) for m in range(128))
            for g in range(0, len(SHAPE_NAMES), 7)
        )


assert len(SHAPE_NAMES) == 22  # four groups of (up to) seven bits


def weight_tables(model: Model) -> WeightTables:
    tables = model.compiled().tables
    wt = tables.get("features")
    if wt is None:
        wt = tables["features"] = WeightTables(model.weights)
    return wt


def text_rows(f: UnitFacts, wt: WeightTables) -> list[tuple[float, ...]]:
    """The weight rows of :func:`text_features` but the boundary's, in its order."""
    ws = f.words
    # (filter(None, ...) drops the features without a weight: a weight row is never empty)
    rows = list(filter(None, map(wt.word.get, set(ws))))
    get = wt.get
    # the same set as text_features builds, so the rows come in the same order
    rows.extend(filter(None, map(get, {f"b:{a}_{b}" for a, b in zip(ws, ws[1:], strict=False)})))
    if ws:
        w = get("first:" + ws[0])
        if w is not None:
            rows.append(w)
    shape = f.shape
    w = wt.length[shape & 7]
    if w is not None:
        rows.append(w)
    g0, g1, g2, g3 = wt.shape_rows
    rows.extend(g0[shape >> 3 & 127])
    rows.extend(g1[shape >> 10 & 127])
    rows.extend(g2[shape >> 17 & 127])
    rows.extend(g3[shape >> 24])
    return rows


def paragraph_rows(words_of_paragraph: Sequence[str], n_units: int, wt: WeightTables) -> list[tuple[float, ...]]:
    """The weight rows of :func:`paragraph_features`, in its order."""
    rows = list(filter(None, map(wt.pword.get, set(words_of_paragraph))))
    w = wt.get("pn:1" if n_units == 1 else "pn:2" if n_units <= 3 else "pn:4")
    if w is not None:
        rows.append(w)
    return rows
