"""Protective markings: lines that only state how the message is classified ("OFFICIAL",
"Classification: OFFICIAL", "Sensitivity: Public", "NOT PROTECTIVELY MARKED"); and the lines a
mail app adds under a message sent from a phone ("Sent from my iPhone", "Get Outlook for Android",
"Anfonwyd o'm iPhone").

Government and NHS mail systems stamp them at the top or foot of a message (and on every message
quoted below it). A marking says nothing about the request, so a line that holds nothing else is
boilerplate wherever it sits. Only the marking's own forms count: a bare "Official" in title case
could be a word of the answer (a status in a list), so it needs capitals or a label.
"""

from __future__ import annotations

import re

_QUALIFIER = r"(?:[ \t]*[-–:][ \t]*|[ \t]+)(?:SENSITIVE|Sensitive|PUBLIC|Public|FOR PUBLIC RELEASE|For Public Release|PERSONAL|Personal)"
_MARKING = re.compile(
    r"^[ \t>]*(?:"
    # the marking itself, in capitals, after at most an organisation's acronym ("FCA OFFICIAL")
    r"(?:[A-Z]{2,8}[ \t]+)?(?:OFFICIAL|UNCLASSIFIED|NOT PROTECTIVELY MARKED)|"
    # an acronym's marking in title case ("FCA Official")
    r"[A-Z]{2,8}[ \t]+Official|"
    # a labelled marking ("Classification: OFFICIAL", "Sensitivity: Public")
    r"(?:Sensitivity|Classification|(?:Security|Information|Data|Email|E-mail) [Cc]lassification|Protective [Mm]arking)"
    r"[ \t]*:[ \t]*[A-Za-z]+"
    r")(?:" + _QUALIFIER + r"){0,2}[ \t]*$",
    re.MULTILINE,
)
# one of these is in every match of _MARKING, as written (no lower-casing of the whole message)
_HINTS = ("OFFICIAL", "Official", "UNCLASSIFIED", "lassification", "Sensitivity", "PROTECTIVELY", "Protective")


# a mail app's line under a message sent from a phone or tablet, alone on its line (with the app's
# link, as Outlook writes it: "Get Outlook for iOS<https://aka.ms/o0ukef>")
_DEVICE = re.compile(
    r"^[ \t>]*(?:"
    r"Sent from (?:my )?(?:iPhone|iPad|Android|mobile|phone|smartphone|Samsung|Galaxy|BlackBerry|Huawei|Outlook|"
    r"Mail for Windows|Yahoo Mail)[\w .,'-]{0,40}|"
    r"Get Outlook for (?:iOS|Android)|"
    r"Anfonwyd o(?:'m|\u2019m| fy) (?:iPhone|iPad|ffôn)[\w .'-]{0,30}"
    r")(?:[ \t]*<https?://[^\s<>]{1,80}>)?[ \t.]*$",
    re.MULTILINE,
)
_DEVICE_HINTS = ("Sent from", "Get Outlook", "Anfonwyd o")


def find_markings(text: str, starts: list[int], ends: list[int]) -> list[tuple[int, int, str]]:
    """Lines (first, last, rule) that hold only a protective marking, or a mail app's line."""
    marked = any(map(text.__contains__, _HINTS))
    device = any(map(text.__contains__, _DEVICE_HINTS))
    if not (marked or device):
        return []
    out = []
    for k, (a, b) in enumerate(zip(starts, ends, strict=True)):
        if b - a > 100:
            continue
        if marked and b - a <= 60 and _MARKING.match(text, a, b):
            out.append((k, k, "marking:classification"))
        elif device and _DEVICE.match(text, a, b):
            out.append((k, k, "marking:device"))
    return out
