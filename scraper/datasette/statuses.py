"""Request statuses in the words Alaveteli's pages use, how the charts group them, and the
statutory timing of one request (in Python, and in SQL for the queries)."""

from __future__ import annotations

from datetime import date
from typing import Any

from scraper.datasette.calendar import RESPONSE_DAYS, add_working_days, as_date, working_days_between

#: Alaveteli's states, in the words its pages use.
STATUS_LABELS = {
    "waiting_response": "Awaiting response",
    "waiting_response_overdue": "Delayed",
    "waiting_response_very_overdue": "Long overdue",
    "waiting_classification": "Awaiting classification",
    "waiting_clarification": "Awaiting clarification",
    "gone_postal": "Handled by post",
    "not_held": "Information not held",
    "rejected": "Refused",
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "internal_review": "Awaiting internal review",
    "error_message": "Delivery error",
    "requires_admin": "Unusual response",
    "user_withdrawn": "Withdrawn by the requester",
    "attention_requested": "Reported for administrator attention",
    "vexatious": "Considered vexatious",
    "not_foi": "Not an FOI request",
}

#: States in which the authority still owes an answer.
WAITING_STATES = ("waiting_response", "waiting_response_overdue", "waiting_response_very_overdue")
#: The site asks the requester to classify whatever arrived, an out-of-office reply included: with no
#: response among it, the authority still owes one.
UNCLASSIFIED = "waiting_classification"

#: How the charts group outcomes.
OUTCOME_GROUPS = {
    "successful": "successful",
    "partially_successful": "partially_successful",
    "rejected": "refused",
    "vexatious": "refused",
    "not_held": "not_held",
    "waiting_response": "awaiting",
    "waiting_response_overdue": "awaiting",
    "waiting_response_very_overdue": "awaiting",
    "waiting_classification": "awaiting",
    "waiting_clarification": "awaiting",
    "internal_review": "awaiting",
}
OUTCOME_LABELS = {
    "successful": "Successful",
    "partially_successful": "Partially successful",
    "refused": "Refused",
    "not_held": "Not held",
    "awaiting": "Still open",
    "other": "Other",
}


#: What the thread page says of an incoming message that is no response (``messages.reply_type``).
REPLY_TYPE_LABELS = {
    "auto_reply": "Automatic reply",
    "delivery_failure": "Delivery failure",
    "acknowledgement": "Acknowledgement",
}


def status_label(status: str | None) -> str:
    if not status:
        return "Unknown"
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def request_timing(
    sent_at: str | None, first_response_at: str | None, status: str | None, today: date | None = None
) -> dict[str, Any]:
    """Statutory deadline facts for one request, in working days (see :func:`add_working_days`).

    ``first_response_at`` is the first *response* (no automatic reply, bounce or acknowledgement);
    the request is overdue while it is in a waiting state, or awaiting classification of nothing
    but such messages, past its due date: the rule of the ``overdue`` query."""
    sent = as_date(sent_at)
    if sent is None:
        return {}
    today = today or date.today()
    due = add_working_days(sent, RESPONSE_DAYS)
    out: dict[str, Any] = {
        "sent_on": sent.isoformat(),
        "due_on": due.isoformat(),
        "working_days_allowed": RESPONSE_DAYS,
    }
    responded = as_date(first_response_at)
    if responded is not None:
        days = working_days_between(sent, responded)
        out.update(first_response_on=responded.isoformat(), response_working_days=days, on_time=days <= RESPONSE_DAYS)
    waiting = (status or "waiting_response") in WAITING_STATES or (status == UNCLASSIFIED and responded is None)
    if waiting and today > due:
        out["working_days_late"] = working_days_between(due, today)
    out["overdue"] = bool(waiting and today > due)
    return out


# The same rules in SQL, for the canned queries and the deadline calendar.

#: The states in which the authority still owes a response (as SQL).
WAITING_SQL = "(" + ", ".join(f"'{state}'" for state in WAITING_STATES) + ")"

#: Per request the site still serves: when it was sent (first outgoing message, else created_at)
#: and first answered. The first response is the earliest incoming message from then on that is a
#: response: not an automatic reply, a bounce or an acknowledgement (``messages.reply_type``). A
#: response the site hides still counts (the site still shows its header and date); one that
#: vanished from the page does not (it may have been misdelivered). The same rule as
#: :func:`scraper.datasette.charts.chart_rows` and the thread page.
TIMED_SQL = """sent as (
  select r.id, r.site, r.request_id, r.title, r.authority, r.status, r.withdrawn_at, r.source_url,
    coalesce(
      (select min(m.sent_at) from messages m where m.request = r.id and m.kind = 'outgoing' and m.resent = 0
         and m.visibility != 'gone'),
      r.created_at
    ) as sent_at
  from requests r
  where r.withdrawn_at is null
),
timed as (
  select s.*,
    (select min(m.sent_at) from messages m where m.request = s.id and m.kind = 'incoming'
       and m.visibility != 'gone' and m.reply_type is null and m.sent_at >= s.sent_at) as first_response_at
  from sent s
)"""

#: Still owed an answer: a waiting state, or "awaiting classification" when nothing that arrived is
#: a response (the site asks the requester to classify an out-of-office reply too).
AWAITING_SQL = f"""({{t}}.status in {WAITING_SQL} or ({{t}}.status = 'waiting_classification' and {{t}}.first_response_at is null))"""

#: The statutory due date of a request in ``timed`` (as ``t``): the 20th working day after it was
#: sent. The one expression the ``overdue`` query and the deadline calendar (:mod:`scraper.datasette.feeds`) share.
STATUTORY_DUE_ON = "working_day_add(t.sent_at, 20)"
