"""Which incoming messages are not a response to the request: automatic replies, delivery failures
and acknowledgements. Pure: text in, verdict out.

The response-time figures (the ``overdue`` and ``response_times`` queries, the charts, the thread
page) count an authority's first *response*. An out-of-office reply arriving the next morning, a
mail server's bounce, or a letter saying "your request was received and will be answered within
20 working days" is none: counting it would call a request answered in one working day that is
still unanswered years later. Each gets a class of its own, so the archive says what it is:

* ``auto_reply``: an out-of-office or other automatic reply ("I am out of the office until …",
  "Automatic reply: …");
* ``delivery_failure``: a mail server's bounce ("Delivery has failed to these recipients",
  "Undeliverable: …", "could not be delivered", "Delivery Status Notification (Failure)");
* ``acknowledgement``: the authority confirms receipt, or takes more time, and says the answer
  will follow ("You will receive a response within 20 working days").

Precision first: a message that also answers (it encloses or gives the information, refuses,
or says what is held) is a response, whatever else it says; and the cues of an automatic reply
must open the message, so a real letter that mentions its author's leave in a closing line is
still a response. Only the part before any quoted earlier message is read.
"""

from __future__ import annotations

import re
from typing import Literal

ReplyType = Literal["auto_reply", "delivery_failure", "acknowledgement"]

#: How much of the message's start an automatic reply's cue must appear in.
_HEAD = 600

# (a line's own leading blanks only, not the blank lines above it: "^\s*" would rescan a run of
# blank lines from each of its lines, quadratic in the run)
_QUOTE_START = re.compile(
    r"^[^\S\n]*(?:-{2,}\s*Original Message\s*-{2,}|"
    r"On .{4,200} wrote:\s*$|From:\s.+\n\s*(?:Sent|Date):\s)",
    re.IGNORECASE | re.MULTILINE,
)

_DELIVERY_FAILURE = re.compile(
    r"created automatically by mail delivery software|"
    r"\bdelivery has failed to these recipients\b|"
    r"\b(?:message|e-?mail) (?:that you sent |you sent )?(?:could not|couldn't|cannot|can't|was not|wasn't) "
    r"(?:be )?delivered\b|"
    r"\bcould not be delivered to one or more (?:of its )?recipients\b|"
    r"\bdelivery status notification \((?:failure|delay)\)|"
    r"^\s*(?:\[subject only\]\s*)?undeliver(?:able|ed)(?: mail)?\s*:|"
    r"\bmail delivery (?:failed|failure|subsystem)\b|"
    r"\bundelivered mail returned to sender\b|"
    r"\bthe following address(?:\(es\)|es)? failed\b|"
    r"\bpermanent (?:error|failure)\b.{0,80}\b(?:recipient|address)",
    re.IGNORECASE | re.MULTILINE | re.DOTALL,
)

_DELIVERY_SENDERS = re.compile(r"\b(?:mailer-daemon|mail delivery (?:system|subsystem)|postmaster)\b", re.I)

_AUTO_SUBJECT = re.compile(
    r"^\s*(?:\[subject only\]\s*)?(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|"
    r"out of (?:the )?office(?: auto ?reply)?|away from (?:the |my )?office)\b",
    re.IGNORECASE,
)

_AUTO_BODY = re.compile(
    r"\b(?:I am|I'm|I will be|I shall be|I'll be)\s+(?:currently\s+|now\s+)?"
    r"(?:out of (?:the |my )?office|away from (?:the |my )?(?:office|desk)|not in the office|"
    r"on (?:annual |maternity |paternity |parental |sick |study |special |compassionate )?leave|"
    r"on holiday|on vacation|working away|away on business)\b|"
    r"\bthis is an? (?:automatic|automated|auto-generated) (?:reply|response|out of office)\b|"
    r"\bthank you for your (?:e-?mail|message)\.?\s+(?:I am|I'm) (?:currently )?(?:away|out)\b",
    re.IGNORECASE,
)

#: The answer will follow: receipt confirmed, or more time taken.
_ACK = re.compile(
    r"\byou (?:will|should|can expect to) (?:receive|get|have) (?:a |our |the )?(?:full )?(?:response|reply|answer)\b|"
    r"\b(?:your request|your (?:request for (?:an )?)?(?:internal )?review) (?:will|shall) (?:now )?be "
    r"(?:considered|dealt with|processed|handled|responded to)\b|"
    r"\b(?:will|shall) be dealt with under (?:the )?reference\b|"
    r"\bwe (?:will|shall|aim to|intend to|endeavour to|will endeavour to|will aim to) "
    r"(?:respond|reply|provide (?:you with )?(?:a |our )?(?:full )?(?:response|reply|answer))\b"
    r"[^.\n]{0,60}?\b(?:within|by|no later than|before)\b|"
    r"\b(?:acknowledge|confirm) (?:the )?receipt of your\b|"
    r"\bthis is to (?:acknowledge|confirm) (?:that we have received|receipt)\b|"
    r"\bwe have (?:now )?(?:received|logged|registered) your (?:request|e-?mail|correspondence)\b"
    r".{0,200}?\b(?:will|within|by)\b",
    re.IGNORECASE | re.DOTALL,
)

#: The message itself answers (or refuses): then it is a response, whatever else it says.
_ANSWER = re.compile(
    r"\bplease (?:find|see) (?:attached|enclosed|below|our (?:response|reply))\b|"
    r"\b(?:attached|enclosed) (?:is|are|please find)\b|"
    r"\bin (?:response|reply|answer) to your (?:request|questions?)\b|"
    r"\b(?:acts|serves) as a refusal notice\b|\bthis (?:letter|e-?mail|response) (?:is|constitutes) a refusal notice\b|"
    r"\b(?:does|do|did) not hold\b|\b(?:is|are) not held\b|\binformation (?:is|was) (?:not )?held\b|"
    r"\b(?:can|are able to|am able to|is able to) (?:confirm(?! (?:the )?receipt)|provide|disclose|release)\b|"
    r"\b(?:holds?|does hold) (?:the|this|some|all|no) (?:of the )?(?:information|data|records?)\b|"
    r"\b(?:is|are) exempt\b|"
    r"\bhas been (?:refused|withheld)\b|\bis exempt from disclosure\b|"
    r"\bthe information you (?:requested|asked for) (?:is|was|are|has)\b|"
    r"\bour (?:response|answer|decision) (?:is|to your)\b|\bhere is (?:our|the) (?:response|information)\b",
    re.IGNORECASE,
)


#: Where a letter's statement of the requester's rights starts ("COMPLAINT RIGHTS", "If you are
#: dissatisfied …"): its "we will respond to your review within 20 working days" is no acknowledgement.
_RIGHTS_START = re.compile(
    r"^[^\S\n]*(?:complaint rights|your right(?:s)? to (?:complain|appeal|request|ask)|right(?:s)? of (?:appeal|review|complaint)|"
    r"(?:if|should) you (?:are|be) (?:dissatisfied|unhappy|not satisfied)|internal review\s*$|"
    r"are you unhappy)",
    re.IGNORECASE | re.MULTILINE,
)
#: An automatic reply is short: a long text that mentions leave near its start is a letter.
_AUTO_MAX = 2500


def unquoted(text: str) -> str:
    """The message's own text: up to the first quoted earlier message, if any."""
    m = _QUOTE_START.search(text)
    return text[: m.start()] if m else text


def _before_rights(text: str) -> str:
    m = _RIGHTS_START.search(text)
    return text[: m.start()] if m else text


#: Words one of which every delivery failure's opening has: the patterns run only when one is there.
_DELIVERY_WORDS = ("deliver", "failed", "failure", "permanent")


def classify(text: str | None, subject: str | None = None, sender: str | None = None) -> ReplyType | None:
    """``auto_reply``, ``delivery_failure`` or ``acknowledgement`` for an incoming message that is
    not a response to the request; None for anything else (a response, or a text too unclear)."""
    own = unquoted(text or "").strip()
    head = own[:_HEAD]
    subject = (subject or "").strip()
    opening = f"{subject}\n{head}".lower()
    if any(word in opening for word in _DELIVERY_WORDS) and (
        _DELIVERY_FAILURE.search(head) or _DELIVERY_FAILURE.search(subject)
    ):
        return "delivery_failure"
    if sender and _DELIVERY_SENDERS.search(sender):
        candidate: ReplyType | None = "delivery_failure"
    elif (
        _AUTO_SUBJECT.search(subject)
        or _AUTO_SUBJECT.search(head)
        or (len(own) <= _AUTO_MAX and _AUTO_BODY.search(head))
    ):
        candidate = "auto_reply"
    elif _ACK.search(_before_rights(own)):
        candidate = "acknowledgement"
    else:
        return None
    # Whatever else it says, a message that answers is a response (the costly test, run last).
    return None if _ANSWER.search(own) else candidate


def reply_type(kind: str, raw_text: str | None, sender: str | None) -> ReplyType | None:
    """``messages.reply_type``: what an incoming message is when it is no response (:func:`classify`)."""
    return classify(raw_text, sender=sender) if kind == "incoming" else None
