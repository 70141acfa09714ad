"""The shapes of a signature's lines: a writer's name, a job title, a team, an organisation, a
signature written on one line, and the pictures and pronouns a mail client or a writer puts beside
them. Pure text tests, one line (or one short unit) at a time; :mod:`scraper.clean.assemble` decides
with them what of a signature stays.
"""

from __future__ import annotations

import re

from scraper.clean.features import PHONE_INTL, PHONE_NATIONAL, PRONOUNS_LINE

__all__ = [
    "body_line",
    "lone_line",
    "name_like",
    "one_line_signature",
    "one_word_body",
    "opens_something_else",
    "organisation_line",
    "picture_line",
    "pronouns_line",
    "sentence_line",
    "signature_line",
    "signature_lines",
    "signed_with_phone",
    "signs_for",
    "street_address",
    "team_line",
    "title_line",
]


# the small words of names and titles ("Office of the Public Guardian", "Head of Legal and Democratic
# Services", "Tîm Rhyddid Gwybodaeth / Freedom of Information Team"), and of places' names
# ("Weston-super-Mare", "Ashby de la Zouch", "Chapel-en-le-Frith")
_NAME_SMALL_WORDS = frozenset(
    "of the and for to on in a an at by upon with de y yr o a'r ac ar la le du en sur super".split()
)
_NAME_TOKEN_GAP = re.compile(r"[\s/|,&\u2013-]+")


def name_like(text: str) -> bool:
    """Whether a line reads as names: a person, a title, a team, an organisation (at most three
    words besides the small ones, or at least 70% of them capitalised)."""
    big = [w for w in _NAME_TOKEN_GAP.split(text) if w and w.lower() not in _NAME_SMALL_WORDS]
    if len(big) <= 3:
        return True
    return sum(1 for w in big if w[:1].isupper() or not w[:1].isalpha()) >= 0.7 * len(big)


# what a one-line signature's cells may not hold: digits (a phone, a postcode), an e-mail or handle,
# a link, a colon (a label: "Tel:", "Web:")
_CONTACT_MARK = re.compile(r"[\d@:]|www\.|\.(?:gov|org|nhs|ac|co|net|com)\b", re.IGNORECASE)


def one_line_signature(text: str) -> bool:
    """Whether a line is a signature written on one line, cells apart by pipes, each a name, a title,
    a team or an organisation, with no contact details ("Jo Bloggs | FOI Officer | Exampleshire
    Council")."""
    cells = [c.strip() for c in text.split("|")]
    return (
        2 <= len(cells) <= 5
        and all(cells)
        and _CONTACT_MARK.search(text) is None
        and not text.isupper()
        and all(name_like(c) for c in cells)
    )


# the labels a phone number is written under ("Direct line", "Tel", "Telephone", "Mobile")
_PHONE_LABELS = r"direct (?:line|dial)|tel(?:ephone)?|phone|mobile|ddi"
# a cell that is one phone number and its label ("Direct line 0121 476 1181 ext. 2274", "Tel: 01535 618004")
# (the number as the features read one: :data:`~scraper.clean.features.PHONE_NATIONAL` or ``PHONE_INTL``)
_PHONE_CELL = re.compile(
    rf"\s*(?:{_PHONE_LABELS}|t|m)\b[:.]?\s*"
    rf"(?:{PHONE_NATIONAL.pattern}|{PHONE_INTL.pattern})(?:\s*(?:ext\.?|extension|x)\s*\d{{1,6}})?\s*",
    re.IGNORECASE,
)


# a line that opens with a phone number's label and the number ("Telephone: 03000 41 41 41 (ask for
# Resilience)", "Ffôn uniongyrchol / Direct line: 01632 960 341"), however the number is grouped (in the
# collection and the labelled set some 3,200 such lines are blocks' and 8 the message's)
_PHONE_LABEL_LINE = re.compile(
    rf"[ \t]*(?:{_PHONE_LABELS}|direct|mob|ff\u00f4n)\b[^:\n]{{0,40}}:\s*\+?\d",
    re.IGNORECASE,
)


def phone_line(text: str) -> bool:
    """Whether a line opens with a phone number's label and the number: contact details."""
    return _PHONE_LABEL_LINE.match(text) is not None


def signed_with_phone(text: str) -> bool:
    """Whether a line is a signature's name, title, team or organisation with a phone number in the
    last of its cells apart by pipes ("Newman University | Direct line 0121 476 1181 ext. 2274"); not a
    place ("Murton, County Durham | Tel: ...", an address's last line)."""
    *names, phone = (c.strip() for c in text.split("|"))
    return (
        1 <= len(names) <= 3
        and _PHONE_CELL.fullmatch(phone) is not None
        and all(
            c
            and "," not in c
            and _CONTACT_MARK.search(c) is None
            and (organisation_line(c) or title_line(c) or team_line(c))
            for c in names
        )
    )


def named_with_contact(text: str) -> bool:
    """Whether a line is a whole signature, the name first, that ends with the writer's phone number
    ("Imran Hussain | Deputy Town Clerk | Direct line 01535 618004") or with another contact cell, such
    as the office's address ("Marcus Whitfield | FOI Officer | London Councils | 59½ Southwark Street,
    London SE1 0AL")."""
    name, bar, rest = text.partition("|")
    name = name.strip()
    if not bar or len(name) >= 40 or not name_like(name):
        return False
    *names, last = text.split("|")
    return signed_with_phone(rest) or (
        len(names) >= 2 and one_line_signature("|".join(names)) and _CONTACT_MARK.search(last) is not None
    )


def sentence_line(line: str) -> bool:
    """Whether a line is a sentence of five words or more, ended by its full stop."""
    return line.rstrip().endswith(".") and len(line.split()) >= 5


# a street address in a cell of its own: a building, a box or a numbered street, then a comma
# ("Town Hall, Market Place", "PO Box 120, Castle Chambers", "George House, 36 North Hanover Street")
_STREET_ADDRESS = re.compile(
    r"^\s*(?:P\.?O\.? Box \d+|\d+[A-Za-z]? [A-Z][\w']+(?: [A-Z][\w']+)*|(?:[A-Z][\w']+ (?:(?:by|of|the|on|upon|and) )?){0,4}"
    r"(?:House|Hall|Street|Road|Lane|Place|Square|Way|Avenue|Drive|Centre|Center|Chambers|Court|Buildings?|Offices|"
    r"Park|Quay|Wharf|Gardens?|Terrace|Parade))\s*,"
)


def street_address(cell: str) -> bool:
    """Whether a cell of a signature's line begins with a street address (:data:`_STREET_ADDRESS`)."""
    return _STREET_ADDRESS.match(cell) is not None


# what no signature line is: a question ("Unhappy with our answer?") or a numbered item ("1) Internal
# review.", "(b)"); a letter with a stop is a name's initial ("A. Jones"), not an item
_NOT_SIGNATURE = re.compile(r"\?\s*$|^\W*(?:\d{1,2}[.)]|[a-hA-H]\)|[ivxIVX]{1,4}\))(?:\s|$)")


def opens_something_else(text: str) -> bool:
    """Whether a line after a sign-off is a question or a numbered item, not the signature."""
    return _NOT_SIGNATURE.search(text) is not None


# pictures a mail client left in brackets: image placeholders ("[cid:image001.png@01DA7C21.5B3E9F40]") and
# logos' text ("[EMB Scotland logo]", "[Logo]", "[HM Treasury crest]"), and the alternative text a mail client
# writes for a picture ("[Title: Lancashire County Council]"), one or more on a line
_PICTURES = re.compile(
    r"(?:[ \t]*\[(?:cid:[^\[\]\n]{1,120}|(?:title|description|image):[^\[\]\n]{1,120}"
    r"|(?:[^\[\]\n]{0,80}\b)?(?:logo|crest|emblem))\])+[ \t]*",
    re.IGNORECASE,
)


def picture_line(text: str) -> bool:
    """Whether a line is only pictures: image placeholders or logos' text in brackets."""
    text = text.strip()
    return text.endswith("]") and _PICTURES.fullmatch(text) is not None


def pronouns_line(text: str) -> bool:
    """Whether a line gives the writer's pronouns ("Pronouns: she/her", "Rhagenwau / Pronouns: hi/ei",
    "My pronouns are they/them"), not a sentence that begins with the word."""
    text = text.strip()
    return len(text) <= 60 and "/" in text and PRONOUNS_LINE.match(text) is not None


def lone_line(text: str) -> bool:
    """A line that is always a block's: a picture's, or the writer's pronouns."""
    return ("[" in text and picture_line(text)) or ("/" in text and pronouns_line(text))


# a job title or a team, in English or Welsh ("Deputy Director", "Swyddog Llywodraethu Gwybodaeth",
# "Uned Hawliau Gwybodaeth / Information Rights Unit")
_TITLE_WORD = re.compile(
    r"\b(?:officer|manager|head|director|secretary|clerk|lead|advis[eo]r|co-?ordinator|controller|administrator|"
    r"assistant|executive|team|unit|division|directorate|swyddog|rheolwr|pennaeth|cyfarwyddwr|ysgrifennydd|"
    r"t[iî]m|uned|adran|chair(?:man|woman|person)?|convene[rs]|convenor|mayor|principal|registrar|treasurer|"
    r"president|governor|cadeirydd|maer)\b",
    re.IGNORECASE,
)
# what a line that heads a block speaks of, which an organisation's name does not ("Your Right to
# Complain", "Internal Review Procedure", "Information Commissioner")
_HEADING_WORDS = frozenset(
    "right rights review reviews complain complaint complaints appeal appeals commissioner commissioner's "
    "procedure process next unhappy dissatisfied disclaimer confidentiality notice privacy help advice "
    "note please follow us find connect visit".split()
)


def organisation_line(text: str, heading_words: frozenset[str] = _HEADING_WORDS, most_words: int = 10) -> bool:
    """Whether a line reads as an organisation's name ("Office of the Registrar of Consultant
    Lobbyists"): two to ten words, every one besides the small ones capitalised, no contact details,
    no stop, and nothing a block's heading speaks of."""
    text = text.strip()
    if not text or len(text) > 80 or text.endswith((".", ",", ";", ":", "!", "?")) or ". " in text:
        return False
    if text.isupper() or _CONTACT_MARK.search(text) is not None:
        return False
    words = [w for w in _NAME_TOKEN_GAP.split(text) if w]
    big = [w for w in _ORG_TOKEN_GAP.split(text) if w.strip("-") and w.lower() not in _NAME_SMALL_WORDS]
    lower = [w for w in big if not w[:1].isupper()]
    return (
        2 <= len(words) <= most_words
        and len(big) >= 2
        # (one word of a long name may be in lower case: "Medicines and Healthcare products Regulatory
        # Agency"; not an abbreviation, as in "d/o Bryn Eithin, ...", care of an address)
        and (
            not lower
            or (
                len(lower) == 1
                and len(big) >= 5
                and _ONE_LOWER_WORD.fullmatch(lower[0]) is not None
                and lower[0] not in (big[0], big[-1])
            )
        )
        # (a street in a cell of its own is an address's: "Tŷ Carnegie | Carnegie House | Wyndham Street")
        and not ("|" in text and any(_STREET_CELL.search(cell) for cell in text.split("|")))
        and heading_words.isdisjoint(w.lower() for w in words)
    )


_ONE_LOWER_WORD = re.compile(r"[a-z]{4,}")
# a street's name, in English or Welsh ("Wyndham Street", "Heol Colcot")
_STREET_CELL = re.compile(
    r"^\s*(?:\w+ )+(?:Street|Road|Lane|Avenue|Crescent|Drive|Terrace|Square|Place|Way)\s*$|^\s*(?:Heol|Ffordd|Stryd) \w",
)
# the words of an organisation's name, a place's hyphened name one word ("Pen-y-bont ar Ogwr")
_ORG_TOKEN_GAP = re.compile(r"[\s/|,&\u2013]+")


# Words a block's heading uses that also name bodies ("Office of the Police and Crime Commissioner",
# "Scottish Human Rights Commission", "Planning Appeals Commission")
_BODY_HEADING_WORDS = _HEADING_WORDS - {"commissioner", "commissioner's", "rights", "appeals"}
# a body whose name holds "Review" ends with what it is ("Sentence Review Commissioners", "Criminal
# Cases Review Commission"), as a heading ("Internal Review", "Review Procedure") does not
_REVIEW_BODY = re.compile(
    r"\breview (?:\w+ )?(?:commissions?|commissioners|boards?|panels?|body|bodies|tribunals?|services?)$", re.IGNORECASE
)


# a signature's line that says for whom the writer signs ("Home Office, on behalf of the Migration
# Advisory Committee", "Issued on behalf of the Chief Executive", "ar ran y Cyngor / on behalf of ...")
_ON_BEHALF = re.compile(
    r"(?:(?:issued|signed|sent|written)\s+)?(?:[^.,;:]{2,60},\s*)?(?:for and )?(?:on behalf of|ar ran)\s+\S",
    re.IGNORECASE,
)


def team_line(text: str) -> bool:
    """Whether a line names a team or an organisation, as a signature's last lines do, in capitals
    too ("THE GLASGOW SCHOOL OF ART"), with a short name in brackets ("(COSICA)"): a heading's word
    may be part of a body's name ("Office of the Police and Crime Commissioner"), but a heading's
    first word is not ("Rights of Appeal"), nor is the Information Commissioner; and a line that says
    for whom the writer signs (:data:`_ON_BEHALF`)."""
    text = text.strip().replace("(", "").replace(")", "")
    if len(text) > 120:
        # no team line is this long (and the patterns below backtrack over a long run of spaces)
        return False
    if _ON_BEHALF.match(text) and not text.endswith((".", ";", ":", "?")) and _CONTACT_MARK.search(text) is None:
        return True
    if text.isupper():
        text = text.title()
    words = text.split()
    if not words or words[0].lower() in ("rights", "appeals") or "information commissioner" in text.lower():
        return False  # the regulator's name is how its address block begins
    if organisation_line(text, _BODY_HEADING_WORDS, most_words=12):
        return True
    if _REVIEW_BODY.search(text) and organisation_line(text, _BODY_HEADING_WORDS - {"review"}, most_words=12):
        return True
    # a body and what it belongs to ("Gloucestershire Archives, part of Gloucestershire County Council",
    # "Exampleshire Leisure – part of the Exampleshire Council family")
    part = _PART_OF.match(text)
    if (
        part is not None
        and _CONTACT_MARK.search(text) is None
        and organisation_line(part[1], _BODY_HEADING_WORDS, most_words=12)
        and name_like(part[2])
    ):
        return True
    # a team named in sentence case, "team" in lower case ("Information Rights team", "FOI team",
    # "Administration team", "Information governance team"); not a heading's or a sentence's words
    # ("Contact our team", "Please email the team")
    team = _LOWER_CASE_TEAM.fullmatch(text)
    if team is not None and _CONTACT_MARK.search(text) is None:
        head = team[1].split()
        if (
            len(head) <= 5
            and head[0][:1].isupper()
            and head[0].lower() not in _NOT_A_TEAM_NAME
            and _NOT_A_TEAM_NAME.isdisjoint(w.lower() for w in head[1:])
            and head[-1].lower() not in _NAME_SMALL_WORDS
        ):
            return True
    # a team and its organisation, or two languages, on one line, longer than one name may be
    # ("Information Governance Team | Wirral Community Health and Care NHS Foundation Trust"); with
    # no comma, which an address has ("Neuadd y Dref, Sgwâr Bulkeley, ... | Town Hall, ..."), but
    # for a list's in a name ("Department for Culture, Media and Sport | Adran Diwylliant, y Cyfryngau
    # a Chwaraeon")
    cells = _TWO_CELLS.split(text)
    return (
        (
            len(cells) == 2
            # (or three, when one is a part of the body: the team, its directorate and the
            # organisation, "Planning and Building Standards | Place Directorate | The City of
            # Edinburgh Council"; not a list of places, "Mossley Mill | Carnmoney Road")
            or (len(cells) == 3 and any(_UNIT_OF_BODY.search(cell) for cell in cells[:2]))
        )
        and "," not in _LIST_COMMA.sub("", text)
        and all(
            organisation_line(cell, _BODY_HEADING_WORDS, most_words=12)
            # (a unit of the body in the first cell may hold a heading's word: "Patient Advice and
            # Liaison Service | Sandwell and West Birmingham Hospitals NHS Trust")
            or (cell is cells[0] and _UNIT_OF_BODY.search(cell) is not None and organisation_line(cell, frozenset()))
            for cell in cells
        )
    )


_LOWER_CASE_TEAM = re.compile(r"(\S.{0,60}?)\s+team")
# words that make a line about a team a sentence or a heading ("Contact our team", "Email the team")
_NOT_A_TEAM_NAME = _BODY_HEADING_WORDS | frozenset(
    "our your my their this that same whole contact email e-mail call ask write phone ring tell thank thanks "
    "dear hi hello from to we i you".split()
)
_TWO_CELLS = re.compile(r"\s+[|/]\s+")
_UNIT_OF_BODY = re.compile(r"\b(?:team|unit|office|directorate|department|division|section|services?)$", re.IGNORECASE)
# a comma of a list that "and" ends, within one cell ("Culture, Media and Sport")
_LIST_COMMA = re.compile(r",(?=[^,|/]*\s(?:and|a|ac|&)\s[^,|/]*(?:[|/]|$))")
_PART_OF = re.compile(r"(.+?)(?:\s+[–—-]|,)\s+part of (?:the )?(\S.*)$")


def signature_line(text: str) -> bool:
    """Whether a line is a signature's title, team or organisation, or a one-line signature."""
    return title_line(text) or team_line(text) or one_line_signature(text)


def signature_lines(text: str) -> bool:
    """Whether a unit of two or three lines is only a signature's titles, teams and organisations
    ("Information Governance Team / Exampleshire NHS Foundation Trust")."""
    lines = [line for line in text.split("\n") if line.strip()]
    return 2 <= len(lines) <= 3 and all(title_line(x) or organisation_line(x) for x in lines)


def title_line(text: str) -> bool:
    """Whether a line reads as a job title or a team ("Deputy Director, Office of the Advocate
    General"): names and a title word, not a sentence."""
    text = text.strip()
    return (
        not text.endswith((".", ",", ";", ":", "!", "?"))
        and ". " not in text
        and _TITLE_WORD.search(text) is not None
        and name_like(text)
    )


# a line that names the team for which the writer signs ("for Information Management and Policy Services")
_FOR_TEAM = re.compile(r"for (?:and on behalf of )?(?:the )?[A-Z]")


def one_word_body(line: str) -> bool:
    """Whether a line is a body's one-word name ("Merseytravel", "NatureScot", "ACRO"): a capital, then
    letters; no word a block's heading uses ("Disclaimer", "APPEALS"), and no word in capitals longer
    than an acronym ("RECONSIDERATION")."""
    word = line.strip()
    return (
        3 <= len(word) <= 30
        and word.isalpha()
        and word[0].isupper()
        and not (word.isupper() and len(word) > 7)
        and word.lower() not in _HEADING_WORDS
    )


def signs_for(line: str) -> bool:
    """Whether a signature's line says for whom the writer signs ("on behalf of ...", "ar ran ...",
    "for the Chief Executive")."""
    line = line.strip()
    return (_ON_BEHALF.match(line) is not None or _FOR_TEAM.match(line) is not None) and team_line(line)


def body_line(line: str) -> bool:
    """Whether a line names a team or an organisation and is no address ("Town Hall, Bow Street",
    "Y Plas, Machynlleth, Powys")."""
    return team_line(line) and not street_address(line) and line.count(",") < 2
