"""The archive: ``archive.db``, written with sqlite-utils, one transaction per thread.

Public API (used by the scrape orchestration, the export and the serving layer):

* :func:`open_archive`, :func:`ensure_db_shape`: open (WAL, foreign keys) and upgrade in place;
* :func:`save_thread`, :func:`save_status_only`, :func:`mark_withdrawn`: idempotent writes that
  record what changed on the site;
* :func:`find_request`: a request by numeric id, current slug, former slug or URL;
* :class:`FetchStateStore`: ETag / Last-Modified per URL for conditional requests;
* :class:`ArchiveLock`, :func:`start_run`, :func:`finish_run`: one writer at a time, and a run log;
* :data:`TABLE_DOCS` / :func:`datasette_metadata`: the description of every table and column.

Rules the writes follow (the README's "The archive" explains them for users):

* nothing is ever deleted: a message that is hidden on the site keeps its archived text and is
  flagged ``visibility = 'hidden'``; one that vanished from the page is flagged ``'gone'``; both
  with ``hidden_at``;
* an unchanged thread writes nothing at all (not even a timestamp);
* a changed thread is updated in place; the previous text of a changed message goes to
  ``message_versions`` and every changed request field (status, title, slug, …) to ``changes``;
* a value the site did not give this time (None) never erases one we already have.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Literal
from urllib.parse import unquote, urlsplit

import sqlite_utils

from scraper import __version__
from scraper.autoreply import classify
from scraper.archive.migrations import migration_names, migrations
from scraper.models import Attachment, Authority, Event, Message, Thread, User

log = logging.getLogger("wdtk_archive")

SaveStatus = Literal["new", "changed", "unchanged"]


class ArchiveError(Exception):
    """The archive cannot be opened or written; the message is one sentence for the user."""


class ArchiveLocked(ArchiveError):
    """Another run holds the archive's lock."""


class ArchiveMissing(ArchiveError):
    """There is no archive file to read."""


class AmbiguousRequest(LookupError):
    """A slug or id that names requests on more than one site; give the site (``sites`` lists them)."""

    def __init__(self, message: str, sites: list[str]) -> None:
        super().__init__(message)
        self.sites = sites


@dataclass(frozen=True)
class SaveResult:
    """What one save did to the archive."""

    status: SaveStatus
    messages_added: int = 0
    messages_changed: int = 0
    messages_hidden: int = 0


# ------------------------------------------------------------------------------------------
# Descriptions: one text per table and column, used for Datasette's metadata and docs/archive.md

TABLE_DOCS: dict[str, tuple[str, dict[str, str]]] = {
    "authorities": (
        "Public authorities that requests were made to, one row per site and url_name.",
        {
            "id": "Archive-internal row id (differs between archives; use site + url_name to refer to an authority).",
            "site": "Host of the Alaveteli site, e.g. www.whatdotheyknow.com.",
            "url_name": "The authority's name in URLs (/body/<url_name>).",
            "authority_id": "The site's numeric id for the authority (from the request JSON), if known.",
            "name": "Full name as shown on the site.",
            "short_name": "Short name, if the site gives one.",
            "home_page": "The authority's web site, as the site gives it.",
            "notes": "The site's notes about the authority (plain text).",
            "tags": "The site's tags for the authority: JSON list of [name, value] pairs.",
            "first_seen_at": "When this archive first stored the authority (UTC, ISO 8601).",
            "changed_at": "When this archive last changed the row.",
        },
    ),
    "users": (
        "People who made requests, one row per site and url_name.",
        {
            "id": "Archive-internal row id.",
            "site": "Host of the Alaveteli site.",
            "url_name": "The user's name in URLs (/user/<url_name>).",
            "user_id": "The site's numeric id for the user, if known.",
            "name": "Display name as shown on the site.",
            "first_seen_at": "When this archive first stored the user (UTC).",
            "changed_at": "When this archive last changed the row.",
        },
    ),
    "requests": (
        "FOI requests (threads), one row per site and request id. The stable key is (site, request_id): "
        "the slug changes when the title is edited (see request_slugs). Datasette shows only requests the "
        "site still serves (add ?_include_withdrawn=1 for withdrawn ones too).",
        {
            "id": "Archive-internal row id (differs between archives; use site + request_id to refer to a request).",
            "site": "Host of the Alaveteli site, e.g. www.whatdotheyknow.com.",
            "request_id": "The site's numeric request id: stable for the life of the request (/request/<id> redirects to the current slug).",
            "slug": "Current url_title: /request/<slug>. Former slugs are in request_slugs.",
            "title": "Request title (current).",
            "authority": "The authority the request was made to (authorities.id).",
            "requester": "The user who made the request (users.id); empty for requests made outside the site.",
            "requester_name": "The requester's name as shown on the site.",
            "status": "The described state set by the requester or site: waiting_response, successful, rejected, not_held, ...",
            "display_status": "The site's human-readable status, e.g. 'Awaiting response', 'Long overdue'.",
            "calculated_status": "The status the page shows (includes waiting_response_overdue, waiting_classification, ...).",
            "law_used": "foi or eir.",
            "prominence": "normal, backpage, requester_only or hidden.",
            "created_at": "When the request was made (site time, ISO 8601 with offset).",
            "updated_at": "When the site last updated the request.",
            "awaiting_description": "1 if a response is waiting for the requester to classify it.",
            "tags": "The site's tags for the request: JSON list of [name, value] pairs.",
            "withdrawn_at": "When the site stopped serving this request (403/404/410); empty while it is public. The archived copy is kept.",
            "withdrawn_status": "The HTTP status the site answered with when the request was withdrawn.",
            "source_url": "The page the archived messages were read from.",
            "fetched_at": "When that page was fetched (UTC).",
            "first_seen_at": "When this archive first stored the request (UTC).",
            "changed_at": "When this archive last saw a change to the request or its messages (UTC).",
        },
    ),
    "request_slugs": (
        "Every slug a request has had: find a request by an old URL.",
        {
            "id": "Archive-internal row id.",
            "request": "The request (requests.id).",
            "site": "Host of the Alaveteli site.",
            "slug": "A url_title the request had.",
            "first_seen_at": "When this archive first saw the request under this slug (UTC).",
            "replaced_at": "When this archive saw the slug replaced by another; empty for the current slug.",
        },
    ),
    "messages": (
        "Every block of every thread: outgoing requests and follow-ups, incoming responses, annotations. "
        "Never deleted: hidden or vanished messages keep their archived text and are flagged in visibility. "
        "Datasette shows only visible messages of requests the site still serves (add ?_include_withdrawn=1 for all).",
        {
            "id": "Archive-internal row id.",
            "site": "Host of the Alaveteli site.",
            "request": "The request the message belongs to (requests.id).",
            "anchor": "The site's anchor: incoming-<id>, outgoing-<id> or comment-<id> (/request/<slug>#<anchor>).",
            "occurrence": "1 for the message itself; 2, 3, ... for later 'sent again' blocks that reuse its anchor.",
            "kind": "outgoing, incoming or annotation.",
            "site_id": "The site's numeric id for the message (the number in anchor).",
            "position": "Order of the block in the thread, from 0.",
            "sender": "Sender as shown on the page; empty when the site hides it.",
            "sent_at": "Date shown on the page (ISO 8601 with offset).",
            "raw_text": "Full text as shown on the page, quoted sections unfolded.",
            "clean_text": "raw_text less boilerplate (disclaimers, quoted earlier messages, footers); searchable.",
            "stripped": "What cleaning removed: JSON list of {start, end, category, rule} spans of raw_text.",
            "visibility": "visible; hidden (the site now shows a 'hidden' notice instead); gone (no longer on the page).",
            "hidden_at": "When this archive first saw the message hidden or gone (UTC); empty while visible.",
            "event_id": "The site's event id (request JSON) that produced the block.",
            "event_type": "sent, followup_sent, response, comment, resent, ...",
            "delivery_status": "Outgoing only: delivered, sent, failed or unknown.",
            "resent": "1 for a 'sent again' block (no text of its own).",
            "reply_type": "Incoming only, when the message is no response to the request: auto_reply (out of office "
            "or other automatic reply), delivery_failure (a mail server's bounce) or acknowledgement (receipt "
            "confirmed or more time taken, the answer to follow). Empty for a response. Such messages never "
            "count as the first response (see the README, Reading the archive).",
            "first_seen_at": "When this archive first stored the message (UTC).",
            "changed_at": "When this archive last changed the row (UTC).",
        },
    ),
    "attachments": (
        "Files attached to incoming messages, as the page lists them. Datasette shows only those the site "
        "still lists, of messages and requests it still serves (add ?_include_withdrawn=1 for all).",
        {
            "id": "Archive-internal row id.",
            "site": "Host of the Alaveteli site.",
            "request": "The request (requests.id).",
            "message": "The message the file is attached to (messages.id).",
            "part": "MIME part number from the download URL (usually from 2).",
            "attachment_id": "The site's attachment id, if shown.",
            "position": "Order in the message's list of attachments, from 0.",
            "filename": "File name as the site shows it.",
            "url": "Download URL.",
            "html_url": "'View as HTML' URL, when the site offers one.",
            "content_type": "MIME type as the site indicates it.",
            "size": "Size as shown, e.g. 114K or 1.2M.",
            "size_bytes": "Approximate size in bytes derived from size.",
            "visibility": "visible; hidden (the site shows a 'removed' notice); gone (no longer listed).",
            "hidden_at": "When this archive first saw the attachment hidden or gone (UTC).",
            "first_seen_at": "When this archive first stored the attachment (UTC).",
            "changed_at": "When this archive last changed the row (UTC).",
            "sha256": "SHA-256 of the downloaded file, once downloaded.",
            "stored_path": "Where the downloaded file is kept, relative to the attachments directory ([attachments] dir).",
            "text": "The attachment's searchable text, cleaned like message text (see docs/attachments.md).",
            "downloaded_at": "When the file was downloaded (UTC).",
            "file_status": "Download state: stored; pending (the site is still processing it: retried next run); "
            "too_large; not_allowed (content type not in the allowlist); disallowed (robots.txt); gone; failed.",
            "file_note": "One sentence on why the file is not stored, if it is not.",
            "file_bytes": "Size of the stored file in bytes.",
            "file_limit": "The byte cap a too_large verdict was made under (a larger cap retries it).",
            "raw_text": "The attachment's text before cleaning.",
            "text_source": "Where the text came from: html (the site's 'view as HTML' page), pdf (extracted from the PDF), file (a text file).",
            "text_status": "Text state: done; none (no text to be had); pending (retried next run); disallowed (robots.txt); failed.",
            "text_at": "When the text was last extracted (UTC).",
        },
    ),
    "events": (
        "The request's event history from the site's JSON: sends, responses, status updates, edits, ...",
        {
            "id": "Archive-internal row id.",
            "site": "Host of the Alaveteli site.",
            "request": "The request (requests.id).",
            "event_id": "The site's numeric event id.",
            "event_type": "sent, response, followup_sent, comment, status_update, edit, hide, overdue, ...",
            "created_at": "When the event happened (site time).",
            "described_state": "The status set by this event, if any.",
            "calculated_state": "The status the site computes at this event.",
            "last_described_at": "When the status was last described.",
            "incoming_message_id": "The incoming message of a response event (messages.anchor incoming-<id>).",
            "outgoing_message_id": "The outgoing message of a sent/follow-up event.",
            "comment_id": "The annotation of a comment event.",
            "display_status": "The site's label for the event's message.",
            "message_anchor": "Anchor of the event's message, for joining with messages.anchor.",
            "first_seen_at": "When this archive first stored the event (UTC).",
            "gone_at": "When this archive saw the event vanish from the site's JSON; empty while present.",
        },
    ),
    "message_versions": (
        "Earlier texts of messages the site changed: one row per replaced version.",
        {
            "id": "Archive-internal row id.",
            "message": "The message (messages.id).",
            "request": "The request (requests.id).",
            "sender": "Sender in this version.",
            "sent_at": "Date in this version.",
            "raw_text": "Full text of this version.",
            "clean_text": "Cleaned text of this version.",
            "stripped": "Stripped spans of this version (JSON).",
            "seen_from": "When this archive first stored this version (UTC).",
            "replaced_at": "When this archive saw it replaced (UTC).",
            "run_id": "The run that saw the change (runs.id).",
        },
    ),
    "changes": (
        "Every change this archive saw on the site: request fields (status, title, slug, ...), "
        "message visibility, messages moving between requests. Values are text; lists are JSON.",
        {
            "id": "Archive-internal row id.",
            "site": "Host of the Alaveteli site.",
            "request": "The request (requests.id).",
            "message": "The message, for message-level changes (messages.id).",
            "field": "What changed: a requests column (status, title, slug, ...), or visibility / request for a message.",
            "old_value": "The value before; empty if there was none.",
            "new_value": "The value after.",
            "observed_at": "When this archive saw the change (the fetch time, UTC).",
            "run_id": "The run that saw it (runs.id).",
        },
    ),
    "clean_adaptation": (
        "What the archive taught its cleaner: per feature of the scorer (a word, a word pair, a shape), a "
        "correction added to the shipped weights, one column per class. Relearned by reclean from what the "
        "archive repeats; scrape cleans with it.",
        {
            "feature": "The scorer's feature, e.g. w:commissioner (a word), b:internal_review (a word pair).",
            "content": "Correction to the weight for content.",
            "complaint_rights": "Correction to the weight for complaint_rights.",
            "disclaimer": "Correction to the weight for disclaimer.",
            "signoff_block": "Correction to the weight for signoff_block.",
            "other_boilerplate": "Correction to the weight for other_boilerplate.",
        },
    ),
    "clean_state": (
        "Facts about the cleaner's state in this archive (name, value).",
        {
            "name": "What: adaptation_learned_at (UTC, ISO 8601), adaptation_examples (JSON: examples per "
                    "class), cross_repeats (JSON: sentences several authorities send, and how many).",
            "value": "Its value.",
        },
    ),
    "runs": (
        "One row per run of a writing command (scrape): when, what it did, how it ended.",
        {
            "id": "Run number.",
            "command": "The command, e.g. scrape.",
            "argv": "Its arguments (JSON list).",
            "pid": "Process id.",
            "version": "wdtk-archive version.",
            "started_at": "Start (UTC).",
            "finished_at": "End (UTC); empty if the run is going on or was killed.",
            "outcome": "running; finished (it ended by itself: exit_status says how); interrupted (Ctrl-C or "
            "SIGTERM, or the process died before recording its end); crashed (an internal error).",
            "exit_status": "The exit code (the README's table); empty if the process died before recording it.",
            "requests_made": "HTTP requests made.",
            "not_modified": "Answers 304 Not Modified.",
            "threads_new": "Threads archived for the first time.",
            "threads_changed": "Threads updated because the site changed them.",
            "threads_unchanged": "Threads fetched but unchanged.",
            "threads_failed": "Threads that could not be archived.",
            "threads_withdrawn": "Threads the site no longer serves (flagged, kept).",
            "threads_skipped": "Threads robots.txt does not allow us to fetch (skipped, not failed).",
            "messages_added": "Messages added.",
            "messages_changed": "Messages whose text or visibility changed.",
            "messages_hidden": "Messages newly hidden or gone.",
            "errors": "Number of errors.",
            "error_details": "The errors, one sentence each (JSON list).",
            "attachments_stored": "Attachment files stored.",
            "attachments_pending": "Attachments the site was still processing (retried on the next run).",
            "attachments_failed": "Attachment files or texts that could not be fetched (retried on the next run).",
        },
    ),
    "fetch_state": (
        "Validators of every URL fetched, for conditional requests (ETag / Last-Modified).",
        {
            "url": "The URL.",
            "site": "Host of the Alaveteli site.",
            "etag": "Last ETag received.",
            "last_modified": "Last Last-Modified received.",
            "last_status": "HTTP status of the last fetch.",
            "last_fetched_at": "When it was last fetched (UTC).",
            "content_hash": "SHA-256 of the last body received, if recorded.",
        },
    ),
    "sync_targets": (
        "Followed listings (authorities, users, /list queries) per site, for scheduled runs.",
        {
            "id": "Row id.",
            "site": "Host of the Alaveteli site.",
            "target": "authority:<url_name>, user:<url_name> or list:<query>.",
            "first_seen_at": "When a run first followed it (UTC).",
            "last_run_at": "When a run last walked it (UTC).",
            "last_complete_at": "When a pass last found everything it had to; later runs read only the newest pages.",
        },
    ),
    "sync_threads": (
        "When each followed thread is next checked, and what the listing last showed of it.",
        {
            "id": "Row id.",
            "site": "Host of the Alaveteli site.",
            "request_id": "The site's request id.",
            "slug": "Current slug.",
            "target": "The followed listing that found it.",
            "list_activity": "Fingerprint of the latest activity the listing showed.",
            "list_status": "Status icon the listing showed.",
            "final": "1 if the request is in a final state (or withdrawn): checked rarely.",
            "last_checked_at": "When its JSON was last checked (UTC).",
            "next_check_at": "When it is next due for a conditional check (UTC).",
        },
    ),
    "frontier": (
        "The unfinished part of a sync pass: a killed or budget-stopped run resumes from here.",
        {
            "id": "Row id (the order of work).",
            "site": "Host of the Alaveteli site.",
            "target": "The followed listing it belongs to (request: an explicit request target).",
            "kind": "list (a listing page) or thread (a request slug).",
            "url": "list: the page's path and query; thread: the slug.",
            "page": "Listing page number.",
            "window_after": "Date window start (request_date_after), if split by date.",
            "window_before": "Date window end (request_date_before), if split by date.",
            "mode": "full (enumerate) or incremental (stop at known threads).",
            "reason": "Why a thread is checked: new, changed, status, due, request.",
            "list_activity": "Fingerprint of the latest activity the listing showed.",
            "list_status": "Status icon the listing showed.",
            "status": "pending, done or failed.",
            "added_at": "When it was queued (UTC).",
        },
    ),
    "linked_pages": (
        "Pages that responses and annotations link to, on the authority's own site or an allowlisted host "
        "([linked_pages] in config.toml): one row per URL, with the state of its last check. The last good "
        "copy is kept whatever happens to the page later (see linked_versions).",
        {
            "id": "Archive-internal row id (the archived copy's page is /<database>/-/linked/<id>).",
            "url": "The URL as cited, normalised (scheme and host in lower case, no #fragment).",
            "host": "Its host (and port, if not the default).",
            "state": "pending (not checked yet); archived (a copy is kept and the page was unchanged); changed (the "
            "last check found new content: a new version is kept); moved (the URL now redirects: the copy is "
            "from where it leads); dead (404/410, or the host no longer exists); off_list (redirects to a host "
            "not on the allowlist: recorded, not followed); disallowed (robots.txt); blocked (the host refused "
            "us or showed a challenge: left alone); refused (too large, not a page, a redirect loop); "
            "failed (the host kept failing: tried again next run).",
            "note": "One sentence on the last check, when it did not simply succeed.",
            "http_status": "HTTP status of the last check's final answer.",
            "final_url": "Where the last check ended (after redirects), or where an off-list redirect pointed.",
            "version": "The last good copy (linked_versions.id); kept when the page later dies or moves.",
            "versions": "How many different copies have been archived.",
            "first_seen_at": "When a message citing it was first scanned (UTC).",
            "first_captured_at": "When the first copy was archived (UTC).",
            "last_good_at": "When the page last answered with the archived copy's content (UTC).",
            "last_checked_at": "When it was last checked (UTC).",
            "next_check_at": "When it is next due for a check ([linked_pages] recheck_days).",
            "state_since": "Since when the state is what it is (for dead: since when the page is gone).",
        },
    ),
    "linked_versions": (
        "Every different copy of a linked page that was archived, with its extracted text. The WARC "
        "columns say where the response record is, in the WARC files beside the archive.",
        {
            "id": "Archive-internal row id.",
            "page": "The linked page (linked_pages.id).",
            "url": "Where this copy was read (after redirects).",
            "http_status": "HTTP status of the answer.",
            "content_type": "Content type as the host gave it.",
            "size_bytes": "Size of the body in bytes.",
            "sha256": "SHA-256 of the body.",
            "title": "The page's title (its main heading, else its <title>).",
            "text": "The main text: for HTML the content without the site's furniture (menus, cookie banners, "
            "footers); for PDFs and text files their text, as for attachments. Searchable.",
            "text_source": "html, pdf or file; empty when the file has no text we can read.",
            "captured_at": "When this copy was first archived (UTC): the capture date.",
            "last_seen_at": "When the page last answered with this content (UTC).",
            "warc_file": "The WARC file holding the response record (in [linked_pages] warc_dir).",
            "warc_offset": "Offset of the response record in that file.",
            "warc_length": "Length of the response record (compressed).",
            "warc_record_id": "The record's WARC-Record-ID.",
            "warc_date": "The record's WARC-Date.",
            "warc_digest": "The record's WARC-Payload-Digest.",
            "run_id": "The run that archived it (runs.id).",
        },
    ),
    "linked_citations": (
        "Which messages cite which linked page (a message's text, or the text of one of its attachments). "
        "Datasette shows only citations by messages the site still shows (add ?_include_withdrawn=1 for all).",
        {
            "id": "Archive-internal row id.",
            "page": "The linked page (linked_pages.id).",
            "request": "The request (requests.id).",
            "message": "The citing message (messages.id).",
            "source": "message (its text) or attachment (the text of an attachment of it).",
            "cited_as": "The URL as written in the text.",
            "first_seen_at": "When this archive first saw the citation (UTC).",
        },
    ),
    "linked_history": (
        "Link rot as the checks saw it: one row each time a linked page's state, address or content changed.",
        {
            "id": "Archive-internal row id.",
            "page": "The linked page (linked_pages.id).",
            "observed_at": "When the check saw it (UTC).",
            "state": "The new state (see linked_pages.state).",
            "previous_state": "The state before.",
            "http_status": "HTTP status of the check's final answer.",
            "final_url": "Where the check ended.",
            "sha256": "SHA-256 of the content found, if any.",
            "note": "One sentence on what happened.",
            "run_id": "The run that saw it (runs.id).",
        },
    ),
    "linked_hosts": (
        "Hosts of linked pages that refused us or showed a challenge page, and so are left alone.",
        {
            "host": "The host (and port).",
            "state": "ok or blocked.",
            "note": "What the host answered.",
            "first_seen_at": "When this archive first recorded the host (UTC).",
            "blocked_at": "When it last blocked us (UTC).",
            "retry_after": "No request is sent to it before this time (UTC).",
        },
    ),
    "linked_scans": (
        "Which requests' messages were scanned for links, and as they were then (a changed thread is scanned again).",
        {
            "request": "The request (requests.id).",
            "fingerprint": "The request's changed_at and its attachments' latest text time, when scanned.",
            "scanned_at": "When it was scanned (UTC).",
        },
    ),
    "_sqlite_migrations": (
        "Schema migrations applied to this archive (sqlite-utils).",
        {
            "id": "Row id.",
            "migration_set": "Migration set name (wdtk_archive).",
            "name": "Migration name.",
            "applied_at": "When it was applied (UTC).",
        },
    ),
}

VIEW_DOCS: dict[str, str] = {
    "thread_messages": "Messages with their request and authority: the usual starting point for reading and filtering. "
    "Only what the site still shows: no withdrawn requests, no hidden or gone messages (see thread_messages_all).",
    "thread_messages_all": "Like thread_messages, but every archived message, including those of withdrawn requests "
    "and those the site has hidden or removed (see withdrawn_at and visibility).",
    "request_overview": "Requests with authority and requester names and message counts. Only requests the site "
    "still serves, counting only messages it still shows (see request_overview_all).",
    "request_overview_all": "Like request_overview, but every archived request, withdrawn ones included, "
    "and every archived message counted.",
    "status_changes": "Status changes the archive saw, with the request and when (requests the site still serves).",
    "status_changes_all": "Like status_changes, withdrawn requests included.",
}

#: The default reading of the archive leaves out what the site has taken down (issue 6): withdrawn
#: requests, and messages and attachments it hid or removed. SQL conditions, by table alias.
PUBLIC_REQUEST = "{r}.withdrawn_at is null"
PUBLIC_MESSAGE = "{m}.visibility = 'visible'"

#: Full-text search: table → indexed columns (FTS5, kept up to date by triggers).
FTS_CONFIG: dict[str, list[str]] = {
    "messages": ["clean_text", "sender"],
    "requests": ["title"],
    "attachments": ["text", "filename"],
    "linked_versions": ["text", "title"],
}
FTS_TOKENIZE = "porter"

_THREAD_MESSAGES = """select
  m.id, m.site, r.request_id, r.slug, r.title, r.status as request_status,
  a.url_name as authority, a.name as authority_name,
  m.position, m.anchor, m.kind, m.sender, m.sent_at, m.visibility, m.hidden_at,
  m.clean_text, m.raw_text, m.request{extra}
from messages m
join requests r on r.id = m.request
join authorities a on a.id = r.authority{where}"""

_REQUEST_OVERVIEW = """select
  r.id, r.site, r.request_id, r.slug, r.title, r.status, r.display_status,
  a.url_name as authority, a.name as authority_name,
  coalesce(u.name, r.requester_name) as requester_name,
  r.created_at, r.updated_at, r.withdrawn_at,{extra}
  coalesce(c.messages, 0) as messages, coalesce(c.responses, 0) as responses,
  c.first_message_at, c.last_message_at
from requests r
join authorities a on a.id = r.authority
left join users u on u.id = r.requester
left join (
  select request, count(*) as messages, sum(kind = 'incoming') as responses,
         min(sent_at) as first_message_at, max(sent_at) as last_message_at
  from messages{message_where} group by request
) c on c.request = r.id{where}"""

_STATUS_CHANGES = """select
  ch.id, ch.site, r.request_id, r.slug, r.title, a.name as authority_name,
  ch.field, ch.old_value, ch.new_value, ch.observed_at, ch.run_id, ch.request{extra}
from changes ch
join requests r on r.id = ch.request
join authorities a on a.id = r.authority
where ch.field in ('status', 'display_status', 'calculated_status', 'withdrawn_status'){where}"""

_WITHDRAWN_REQUESTS = "(select id from requests where withdrawn_at is not null)"
_HIDDEN_MESSAGES = "(select id from messages where visibility != 'visible')"

#: The default reading of the plain tables (Datasette table pages apply it unless asked to include
#: everything): a WHERE condition per table, on that table's own columns.
PUBLIC_TABLE_FILTERS: dict[str, str] = {
    "requests": "withdrawn_at is null",
    "messages": f"visibility = 'visible' and request not in {_WITHDRAWN_REQUESTS}",
    "attachments": (
        f"visibility = 'visible' and request not in {_WITHDRAWN_REQUESTS} and message not in {_HIDDEN_MESSAGES}"
    ),
    "message_versions": f"request not in {_WITHDRAWN_REQUESTS} and message not in {_HIDDEN_MESSAGES}",
    "changes": (
        f"request not in {_WITHDRAWN_REQUESTS} and (message is null or message not in {_HIDDEN_MESSAGES})"
    ),
    "events": f"request not in {_WITHDRAWN_REQUESTS}",
    "request_slugs": f"request not in {_WITHDRAWN_REQUESTS}",
    "linked_citations": f"request not in {_WITHDRAWN_REQUESTS} and message not in {_HIDDEN_MESSAGES}",
}

_PUBLIC_R = PUBLIC_REQUEST.format(r="r")
VIEWS: dict[str, str] = {
    "thread_messages": _THREAD_MESSAGES.format(
        extra="", where=f"\nwhere {_PUBLIC_R} and {PUBLIC_MESSAGE.format(m='m')}"
    ),
    "thread_messages_all": _THREAD_MESSAGES.format(extra=",\n  r.withdrawn_at, r.withdrawn_status", where=""),
    "request_overview": _REQUEST_OVERVIEW.format(
        extra="", message_where=f" where {PUBLIC_MESSAGE.format(m='messages')}", where=f"\nwhere {_PUBLIC_R}"
    ),
    "request_overview_all": _REQUEST_OVERVIEW.format(
        extra=" r.withdrawn_status,", message_where="", where=""
    ),
    "status_changes": _STATUS_CHANGES.format(extra="", where=f"\n  and {_PUBLIC_R}"),
    "status_changes_all": _STATUS_CHANGES.format(extra=",\n  r.withdrawn_at", where=""),
}

LABEL_COLUMNS = {"requests": "title", "authorities": "name", "users": "name", "messages": "anchor",
                 "linked_pages": "url", "linked_versions": "title"}


def datasette_metadata(database: str = "archive") -> dict[str, Any]:
    """Datasette metadata (descriptions, labels, FTS) for an archive served as ``database``."""
    tables: dict[str, Any] = {}
    for table, (description, columns) in TABLE_DOCS.items():
        entry: dict[str, Any] = {"description": description, "columns": dict(columns)}
        if table in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[table]
        tables[table] = entry
    for view, description in VIEW_DOCS.items():
        tables[view] = {"description": description}
    return {"databases": {database: {"tables": tables}}}


def tables_markdown() -> str:
    """The tables and their columns as Markdown (docs/archive.md embeds this text verbatim)."""
    out: list[str] = []
    for table, (description, columns) in TABLE_DOCS.items():
        out.append(f"### `{table}`\n\n{description}\n\n| column | meaning |\n| --- | --- |")
        out += ["| `%s` | %s |" % (name, text.replace("|", "\\|")) for name, text in columns.items()]
        out.append("")
    out.append("### Views\n\n| view | what it shows |\n| --- | --- |")
    out += [f"| `{name}` | {text} |" for name, text in VIEW_DOCS.items()]
    return "\n".join(out) + "\n"


def write_tables_doc(path: str | Path = Path(__file__).parent.parent.parent / "docs" / "archive.md") -> None:
    """Refresh the generated Tables section of docs/archive.md from :data:`TABLE_DOCS`."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    start = text.index("-->", text.index("<!-- tables:start")) + 4
    end = text.index("<!-- tables:end -->")
    path.write_text(text[:start] + tables_markdown() + text[end:], encoding="utf-8")


# ------------------------------------------------------------------------------------------
# Opening and shaping


_SQLITE_HEADER = b"SQLite format 3\x00"


def _inspect(path: Path) -> tuple[set[str], list[str]]:
    """Table names and applied migrations of an SQLite file, read without writing a byte beside it.

    With a ``-wal`` beside it (WAL in use, perhaps by a writer right now) it is read as any reader
    would (``mode=ro``), which creates nothing new; without one, ``immutable=1`` creates no ``-shm``
    (and no writer can be at work, or the ``-wal`` would be there)."""
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    modes = ["mode=ro", "immutable=1"] if wal.exists() else ["immutable=1"]
    names: set[str] = set()
    applied: list[str] = []
    for i, mode in enumerate(modes):
        conn = sqlite3.connect(f"{uri}?{mode}", uri=True)
        try:
            names = {r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
            if "_sqlite_migrations" in names:
                applied = [r[0] for r in conn.execute(
                    "select name from _sqlite_migrations where migration_set = ? order by id", [migrations.name])]
            break
        except sqlite3.OperationalError:
            if i == len(modes) - 1:  # e.g. a -wal but no -shm in a read-only folder: read what the file holds
                raise
        finally:
            conn.close()
    return names, applied


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def check_archive_file(path: str | Path, *, write: bool) -> None:
    """Raise ArchiveError (one sentence) unless ``path`` is, or can become, an archive to read
    (``write=False``) or to write. Nothing is created, changed or locked: a file that is refused is
    left byte for byte as it was, with nothing new beside it."""
    path = Path(path)
    if path.is_dir():
        raise ArchiveError(f"{path} is a directory, not an archive file.")
    if not path.exists():
        if not write:
            raise ArchiveMissing(
                f"No archive at {path}: run `wdtk-archive scrape` or `wdtk-archive demo` first, or give --db.")
        if not path.parent.is_dir():
            raise ArchiveError(f"Cannot create {path}: the directory {path.parent} does not exist.")
        if not _writable(path.parent):
            raise ArchiveError(f"Cannot create {path}: its folder {path.parent} is read-only.")
        return
    try:
        with open(path, "rb") as f:
            header = f.read(len(_SQLITE_HEADER))
    except OSError as e:
        raise ArchiveError(f"Cannot read {path}: {e.strerror or e}.") from None
    if not header:
        if not write:
            raise ArchiveError(f"{path} is an empty file, not an archive.")
    elif header != _SQLITE_HEADER:
        raise ArchiveError(f"{path} is not a wdtk-archive archive: it is not an SQLite file at all. "
                           "It was left as it was.")
    else:
        try:
            names, applied = _inspect(path)
        except sqlite3.DatabaseError as e:
            raise ArchiveError(f"{path} is not a usable SQLite file ({e}). It was left as it was.") from None
        own = _ARCHIVE_TABLES <= names
        fresh = names <= {"_sqlite_migrations"} and set(applied) <= set(migration_names())
        if not own and not (fresh and write):
            raise ArchiveError(
                f"{path} is an SQLite database but not a wdtk-archive archive (it has no requests, messages "
                "and authorities tables). It was left as it was.")
        newer = [name for name in applied if name not in set(migration_names())]
        if newer:
            raise ArchiveError(f"{path} was upgraded by a newer wdtk-archive (migration {newer[-1]}); "
                               "upgrade this one to use it.")
    if write:
        if not _writable(path):
            raise ArchiveError(f"Cannot write {path}: the file is read-only.")
        if not _writable(path.parent):
            raise ArchiveError(
                f"Cannot write {path}: its folder {path.parent} is read-only, and SQLite (in WAL mode) must create "
                f"{path.name}-wal and {path.name}-shm beside the archive to write it.")


_ARCHIVE_TABLES = frozenset({"requests", "messages", "authorities"})


def open_archive(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at ``path`` to write: WAL, foreign keys on, schema up to date.

    A file that cannot be one (see :func:`check_archive_file`) is refused before it is touched."""
    path = Path(path)
    check_archive_file(path, write=True)
    try:
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        if db.journal_mode != "wal":
            db.enable_wal()
        # In WAL mode NORMAL survives a killed process; only a power cut can lose the last commits.
        db.execute("PRAGMA synchronous = NORMAL")
        ensure_db_shape(db)
    except sqlite3.DatabaseError as e:
        raise ArchiveError(f"{path} is not a usable SQLite archive ({e}).") from None
    return db


def reading_uri(path: str | Path) -> str:
    """The SQLite URI to read an archive with: ``mode=ro``, or ``immutable=1`` when its folder is
    read-only and no ``-wal`` is waiting (SQLite cannot then create the ``-shm`` a WAL reader needs,
    and no writer can be at work, since a writer must create the ``-wal`` in that folder).
    ArchiveError (one sentence) when it cannot be read at all."""
    path = Path(path)
    check_archive_file(path, write=False)
    uri = path.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        try:
            conn.execute("select count(*) from sqlite_master").fetchone()
        finally:
            conn.close()
        return f"{uri}?mode=ro"
    except sqlite3.OperationalError as e:
        wal = path.with_name(path.name + "-wal")
        if _writable(path.parent):
            raise ArchiveError(f"Cannot read {path} ({e}).") from None
        if wal.exists() and wal.stat().st_size:
            raise ArchiveError(
                f"Cannot read {path}: its folder {path.parent} is read-only and {wal.name} holds changes that "
                "only a writer can fold in; run `wdtk-archive reclean` where the folder is writable first.") from None
        return f"{uri}?immutable=1"


def open_archive_for_reading(path: str | Path) -> sqlite_utils.Database:
    """Open the archive read-only (``export``): nothing is written, so a read-only file or folder
    is fine. An archive made by an older version is upgraded first if it can be written."""
    path = Path(path)
    check_archive_file(path, write=False)
    _, applied = _inspect(path)
    if set(migration_names()) - set(applied):
        try:
            check_archive_file(path, write=True)
        except ArchiveError as e:
            raise ArchiveError(f"{path} was made by an older wdtk-archive and must be upgraded before it can be "
                               f"read, but it cannot be written here: {e}") from None
        with ArchiveLock(path):  # the one writer at a time, even for an upgrade
            return open_archive(path)
    conn = sqlite3.connect(reading_uri(path), uri=True)
    conn.execute("PRAGMA query_only = ON")
    return sqlite_utils.Database(conn)


def loopback_sites(path: str | Path) -> list[str]:
    """Sites on this machine (``127.0.0.1:8123`` …) with archived requests, most requests first;
    [] when ``path`` is no archive. For the demo, which must keep its sample site's address."""
    from scraper.hosts import is_local_url

    try:
        conn = sqlite3.connect(reading_uri(path), uri=True)
    except ArchiveError:
        return []
    try:
        rows = conn.execute("select site, count(*) from requests group by site order by 2 desc, 1").fetchall()
    except sqlite3.DatabaseError:
        return []
    finally:
        conn.close()
    return [site for site, _ in rows if is_local_url(f"http://{site}")]


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Bring the archive to the current schema; a no-op (no writes) when it already is."""
    known = set(migration_names())
    newer = [m.name for m in migrations.applied(db) if m.name not in known]
    if newer:
        raise ArchiveError(
            f"The archive was upgraded by a newer wdtk-archive (migration {newer[-1]}); "
            "upgrade this one to use it."
        )
    if migrations.pending(db):
        migrations.apply(db)
    for table, columns in FTS_CONFIG.items():
        db[table].enable_fts(columns, create_triggers=True, tokenize=FTS_TOKENIZE, replace=True)
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


# ------------------------------------------------------------------------------------------
# Value helpers


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def _as_text(value: Any) -> str | None:
    """A value as the changes table stores it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    return _json(value)


def _stripped_json(message: Message) -> str:
    return _json([s.to_dict() for s in message.stripped])


def reply_type(kind: str, raw_text: str | None, sender: str | None) -> str | None:
    """``messages.reply_type``: what an incoming message is when it is no response (:mod:`scraper.autoreply`)."""
    return classify(raw_text, sender=sender) if kind == "incoming" else None


def classify_replies(db: sqlite_utils.Database) -> int:
    """Recompute ``messages.reply_type`` of the whole archive from the stored text; return how many changed."""
    rows = db.execute("select id, kind, raw_text, sender, reply_type from messages").fetchall()
    updates = [(new, pk) for pk, kind, raw, sender, old in rows if (new := reply_type(kind, raw, sender)) != old]
    with db.atomic():
        db.conn.executemany("update messages set reply_type = ? where id = ?", updates)
    return len(updates)


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------------------
# Writing threads


class _Writer:
    """One save: knows the site and time, counts what it writes."""

    def __init__(self, db: sqlite_utils.Database, site: str, fetched_at: str, run_id: int | None):
        self.db = db
        self.site = site
        self.at = fetched_at
        self.run_id = run_id
        self.wrote = False

    # -- low level ---------------------------------------------------------------------------

    def one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        cursor = self.db.execute(sql, list(params))
        row = cursor.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cursor.description], row))

    def all(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def insert(self, table: str, row: dict[str, Any]) -> int:
        self.wrote = True
        columns = ", ".join(f"[{c}]" for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.execute(f"insert into [{table}] ({columns}) values ({marks})", list(row.values()))
        return int(cursor.lastrowid)

    def update(self, table: str, pk: int, values: dict[str, Any]) -> None:
        if not values:
            return
        self.wrote = True
        sets = ", ".join(f"[{c}] = ?" for c in values)
        self.db.execute(f"update [{table}] set {sets} where id = ?", [*values.values(), pk])

    def change(self, request: int, field: str, old: Any, new: Any, message: int | None = None) -> None:
        self.insert(
            "changes",
            {
                "site": self.site,
                "request": request,
                "message": message,
                "field": field,
                "old_value": _as_text(old),
                "new_value": _as_text(new),
                "observed_at": self.at,
                "run_id": self.run_id,
            },
        )

    @staticmethod
    def diff(row: dict[str, Any], new: dict[str, Any], *, keep_known: bool = True) -> dict[str, Any]:
        """Columns whose new value differs; with keep_known, None never replaces a value."""
        return {
            k: v for k, v in new.items() if row.get(k) != v and not (keep_known and v is None and row.get(k) is not None)
        }

    # -- authorities and users ---------------------------------------------------------------

    def authority(self, authority: Authority, authoritative: bool) -> int:
        values = {
            "url_name": authority.url_name,
            "authority_id": authority.id,
            "name": authority.name,
            "short_name": authority.short_name,
            "home_page": authority.home_page,
            "notes": authority.notes,
            "tags": _json(authority.tags) if (authority.tags or authoritative) else None,
        }
        row = None
        if authority.id is not None:
            row = self.one("select * from authorities where site = ? and authority_id = ?", [self.site, authority.id])
        if row is None:
            row = self.one("select * from authorities where site = ? and url_name = ?", [self.site, authority.url_name])
        if row is None:
            return self.insert(
                "authorities", {"site": self.site, **values, "first_seen_at": self.at, "changed_at": self.at}
            )
        updates = self.diff(row, values)
        if updates:
            self.update("authorities", row["id"], {**updates, "changed_at": self.at})
        return int(row["id"])

    def user(self, user: User) -> int | None:
        if not user.url_name:
            return None
        values = {"url_name": user.url_name, "user_id": user.id, "name": user.name}
        row = None
        if user.id is not None:
            row = self.one("select * from users where site = ? and user_id = ?", [self.site, user.id])
        if row is None:
            row = self.one("select * from users where site = ? and url_name = ?", [self.site, user.url_name])
        if row is None:
            return self.insert("users", {"site": self.site, **values, "first_seen_at": self.at, "changed_at": self.at})
        updates = self.diff(row, values)
        if updates:
            self.update("users", row["id"], {**updates, "changed_at": self.at})
        return int(row["id"])

    # -- requests ----------------------------------------------------------------------------

    def request(
        self, thread: Thread, request_id: int, source_url: str | None, with_page: bool
    ) -> tuple[int, bool]:
        """Insert or update the request row; return (requests.id, is_new)."""
        authoritative = thread.request_id is not None  # the JSON was read: its empty lists are real
        authority_pk = self.authority(thread.authority, authoritative)
        requester_pk = self.user(thread.requester)
        values: dict[str, Any] = {
            "slug": thread.slug,
            "title": thread.title,
            "authority": authority_pk,
            "requester": requester_pk,
            "requester_name": thread.requester.name or None,
            "status": thread.status,
            "display_status": thread.display_status,
            "calculated_status": thread.calculated_status,
            "law_used": thread.law_used,
            "prominence": thread.prominence,
            "created_at": thread.created_at,
            "updated_at": thread.updated_at,
            "awaiting_description": _bool(thread.awaiting_description),
            "tags": _json(thread.tags) if (thread.tags or authoritative) else None,
        }
        row = self.one("select * from requests where site = ? and request_id = ?", [self.site, request_id])
        if row is None:
            pk = self.insert(
                "requests",
                {
                    "site": self.site,
                    "request_id": request_id,
                    **values,
                    "source_url": source_url if with_page else None,
                    "fetched_at": self.at if with_page else None,
                    "first_seen_at": self.at,
                    "changed_at": self.at,
                },
            )
            self.insert(
                "request_slugs", {"request": pk, "site": self.site, "slug": thread.slug, "first_seen_at": self.at}
            )
            for field in ("status", "display_status", "calculated_status"):
                if values[field] is not None:
                    self.change(pk, field, None, values[field])
            return pk, True

        pk = int(row["id"])
        updates = self.diff(row, values)
        # A successful fetch means the site serves the request again.
        updates.update(self.diff(row, {"withdrawn_at": None, "withdrawn_status": None}, keep_known=False))
        for field, new in updates.items():
            old = row[field]
            if field == "withdrawn_at":
                continue  # withdrawn_status records the change; observed_at is its time
            if field == "authority":
                old = self._url_name("authorities", old)
                new = self._url_name("authorities", new)
            elif field == "requester":
                old = self._url_name("users", old)
                new = self._url_name("users", new)
            self.change(pk, field, old, new)
        if "slug" in updates:
            self._slug_changed(pk, row["slug"], thread.slug)
        if updates:
            self.update("requests", pk, {**updates, "changed_at": self.at})
        return pk, False

    def _url_name(self, table: str, pk: int | None) -> str | None:
        if pk is None:
            return None
        row = self.one(f"select url_name from [{table}] where id = ?", [pk])
        return row["url_name"] if row else None

    def _slug_changed(self, request: int, old: str, new: str) -> None:
        self.db.execute(
            "update request_slugs set replaced_at = ? where request = ? and slug = ? and replaced_at is null",
            [self.at, request, old],
        )
        existing = self.one("select id from request_slugs where request = ? and slug = ?", [request, new])
        if existing is None:
            self.insert("request_slugs", {"request": request, "site": self.site, "slug": new, "first_seen_at": self.at})
        else:
            self.update("request_slugs", existing["id"], {"replaced_at": None})

    def touch_request(self, pk: int, source_url: str | None) -> None:
        """The page's content changed something: record where and when it came from."""
        values: dict[str, Any] = {"fetched_at": self.at, "changed_at": self.at}
        if source_url:
            values["source_url"] = source_url
        self.update("requests", pk, values)

    # -- messages ----------------------------------------------------------------------------

    def messages(self, request: int, messages: list[Message]) -> tuple[int, int, int]:
        """Save the page's messages; flag the archived ones the page no longer has."""
        added = changed = hidden = 0
        own = self.all("select * from messages where request = ? order by position, id", [request])
        rows = {(r["anchor"], r["occurrence"]): r for r in own}
        keyed: list[tuple[tuple[str, int], Message]] = []
        seen: dict[str, int] = {}
        for message in messages:
            seen[message.id] = seen.get(message.id, 0) + 1
            keyed.append(((message.id, seen[message.id]), message))
        on_page = {key for key, _ in keyed}
        # Messages the site moved here from another request keep their row (and history).
        for anchor, occurrence in [key for key in on_page if key not in rows]:
            row = self.one(
                "select * from messages where site = ? and anchor = ? and occurrence = ?",
                [self.site, anchor, occurrence],
            )
            if row is not None:
                rows[(anchor, occurrence)] = row

        # Archived messages missing from the page keep their place: after the message that
        # preceded them last time.
        missing_first: list[dict[str, Any]] = []
        missing_after: dict[tuple[str, int], list[dict[str, Any]]] = {}
        previous: tuple[str, int] | None = None
        for row in own:
            key = (row["anchor"], row["occurrence"])
            if key in on_page:
                previous = key
            elif previous is None:
                missing_first.append(row)
            else:
                missing_after.setdefault(previous, []).append(row)

        position = 0

        def keep_missing(missing: list[dict[str, Any]]) -> None:
            nonlocal position, hidden
            for row in missing:
                updates: dict[str, Any] = {"position": position} if row["position"] != position else {}
                if row["visibility"] != "gone":
                    hidden += row["visibility"] == "visible"
                    self.change(request, "visibility", row["visibility"], "gone", message=row["id"])
                    updates.update({"visibility": "gone", "changed_at": self.at})
                    if row["visibility"] == "visible":
                        updates["hidden_at"] = self.at
                self.update("messages", row["id"], updates)
                position += 1

        keep_missing(missing_first)
        for key, message in keyed:
            row = rows.get(key)
            if row is None:
                self._insert_message(request, key, position, message)
                added += 1
            else:
                c, h = self._update_message(request, row, position, message)
                changed += c
                hidden += h
            position += 1
            keep_missing(missing_after.get(key, []))
        return added, changed, hidden

    def _message_values(self, message: Message) -> dict[str, Any]:
        return {
            "kind": message.kind,
            "site_id": message.site_id,
            "sender": message.sender,
            "sent_at": message.sent_at,
            "raw_text": message.raw_text,
            "clean_text": message.clean_text,
            "stripped": _stripped_json(message),
            "reply_type": reply_type(message.kind, message.raw_text, message.sender),
        }

    def _meta_values(self, message: Message) -> dict[str, Any]:
        return {
            "event_id": message.event_id,
            "event_type": message.event_type,
            "delivery_status": message.delivery_status,
            "resent": int(message.resent),
        }

    def _insert_message(self, request: int, key: tuple[str, int], position: int, message: Message) -> None:
        hidden = message.hidden
        pk = self.insert(
            "messages",
            {
                "site": self.site,
                "request": request,
                "anchor": key[0],
                "occurrence": key[1],
                "position": position,
                **self._message_values(message),
                **self._meta_values(message),
                "visibility": "hidden" if hidden else "visible",
                "hidden_at": self.at if hidden else None,
                "first_seen_at": self.at,
                "changed_at": self.at,
            },
        )
        if not hidden:
            self.attachments(request, pk, message.attachments)

    def _update_message(self, request: int, row: dict[str, Any], position: int, message: Message) -> tuple[int, int]:
        pk = int(row["id"])
        updates: dict[str, Any] = {}
        changed = hidden = 0
        if row["request"] != request:
            old_request = self.one("select request_id from requests where id = ?", [row["request"]])
            self.change(request, "request", old_request["request_id"] if old_request else None, None, message=pk)
            updates["request"] = request
            changed = 1
        if row["position"] != position:
            updates["position"] = position
        updates.update(self.diff(row, self._meta_values(message)))
        if message.hidden:
            # The site hides it now: keep the archived text, flag it.
            if row["visibility"] != "hidden":
                self.change(request, "visibility", row["visibility"], "hidden", message=pk)
                if row["visibility"] == "visible":
                    updates["hidden_at"] = self.at
                    hidden = 1
                updates["visibility"] = "hidden"
        else:
            if row["visibility"] != "visible":
                self.change(request, "visibility", row["visibility"], "visible", message=pk)
                updates.update({"visibility": "visible", "hidden_at": None})
                changed = 1
            values = self._message_values(message)
            content = ("raw_text", "sender", "sent_at")
            if any(row[k] != values[k] for k in content):
                if row["raw_text"] or row["sender"] or row["sent_at"]:
                    self.insert(
                        "message_versions",
                        {
                            "message": pk,
                            "request": row["request"],
                            "sender": row["sender"],
                            "sent_at": row["sent_at"],
                            "raw_text": row["raw_text"],
                            "clean_text": row["clean_text"],
                            "stripped": row["stripped"],
                            "seen_from": row["changed_at"] if row["changed_at"] else row["first_seen_at"],
                            "replaced_at": self.at,
                            "run_id": self.run_id,
                        },
                    )
                changed = 1
            text_updates = self.diff(row, values, keep_known=False)
            if text_updates:
                changed = 1
                updates.update(text_updates)
            self.attachments(request, pk, message.attachments)
        if updates:
            self.update("messages", pk, {**updates, "changed_at": self.at})
        return changed, hidden

    # -- attachments -------------------------------------------------------------------------

    def attachments(self, request: int, message: int, attachments: list[Attachment]) -> None:
        rows = self.all("select * from attachments where message = ? order by position, id", [message])
        by_part = {r["part"]: r for r in rows if r["part"] is not None}
        partless = [r for r in rows if r["part"] is None]
        matched: set[int] = set()
        parts_used: set[int] = set()
        for position, attachment in enumerate(attachments):
            part = attachment.part
            if part is not None and part in parts_used:
                log.warning("message %s lists attachment part %s twice; keeping both", message, part)
                part = None
            row = None
            if part is not None:
                parts_used.add(part)
                row = by_part.get(part)
            else:
                free = [r for r in partless if r["id"] not in matched]
                row = next((r for r in free if r["filename"] == attachment.filename), None) or (
                    free[0] if free else None
                )
            values = {
                "part": part,
                "attachment_id": attachment.attachment_id,
                "position": position,
                "filename": attachment.filename,
                "url": attachment.url or None,
                "html_url": attachment.html_url,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "size_bytes": attachment.size_bytes,
                "visibility": "hidden" if attachment.hidden else "visible",
            }
            if row is None:
                self.insert(
                    "attachments",
                    {
                        "site": self.site,
                        "request": request,
                        "message": message,
                        **values,
                        "hidden_at": self.at if attachment.hidden else None,
                        "first_seen_at": self.at,
                        "changed_at": self.at,
                    },
                )
                continue
            matched.add(row["id"])
            updates = self.diff(row, values)
            if row["request"] != request:
                updates["request"] = request
            if "visibility" in updates:
                updates["hidden_at"] = None if values["visibility"] == "visible" else (row["hidden_at"] or self.at)
            if updates:
                self.update("attachments", row["id"], {**updates, "changed_at": self.at})
        for row in rows:
            if row["id"] not in matched and row["visibility"] != "gone":
                self.update(
                    "attachments",
                    row["id"],
                    {"visibility": "gone", "hidden_at": row["hidden_at"] or self.at, "changed_at": self.at},
                )

    # -- events ------------------------------------------------------------------------------

    def events(self, request: int, events: list[Event]) -> None:
        rows = {r["event_id"]: r for r in self.all("select * from events where request = ?", [request])}
        for event in events:
            values = {
                "event_type": event.event_type,
                "created_at": event.created_at,
                "described_state": event.described_state,
                "calculated_state": event.calculated_state,
                "last_described_at": event.last_described_at,
                "incoming_message_id": event.incoming_message_id,
                "outgoing_message_id": event.outgoing_message_id,
                "comment_id": event.comment_id,
                "display_status": event.display_status,
                "message_anchor": event.message_anchor,
                "gone_at": None,
            }
            row = rows.pop(event.id, None)
            if row is None:
                row = self.one("select * from events where site = ? and event_id = ?", [self.site, event.id])
            if row is None:
                self.insert(
                    "events",
                    {"site": self.site, "request": request, "event_id": event.id, **values, "first_seen_at": self.at},
                )
                continue
            updates = self.diff(row, values, keep_known=False)
            if row["request"] != request:
                updates["request"] = request
            if updates:
                self.update("events", row["id"], updates)
        for row in rows.values():
            if row["gone_at"] is None:
                self.update("events", row["id"], {"gone_at": self.at})


def _resolve_request_id(db: sqlite_utils.Database, thread: Thread, site: str) -> int:
    if thread.request_id is not None:
        return int(thread.request_id)
    known = find_request(db, thread.slug, site=site)
    if known is None:
        raise ValueError(
            f"Request '{thread.slug}' has no numeric id (its .json was not read) and is not in the archive yet."
        )
    return int(known["request_id"])


def _save(
    db: sqlite_utils.Database,
    thread: Thread,
    *,
    site: str,
    fetched_at: str,
    source_url: str | None,
    run_id: int | None,
    with_page: bool,
) -> SaveResult:
    if not site:
        raise ValueError("site must be the site's host, e.g. www.whatdotheyknow.com")
    writer = _Writer(db, site, fetched_at, run_id)
    added = changed = hidden = 0
    with db.atomic():
        request_id = _resolve_request_id(db, thread, site)
        pk, is_new = writer.request(thread, request_id, source_url, with_page)
        if with_page:
            added, changed, hidden = writer.messages(pk, thread.messages)
        if thread.events:
            writer.events(pk, thread.events)
        if writer.wrote and not is_new:
            if with_page:
                writer.touch_request(pk, source_url)
            else:
                writer.update("requests", pk, {"changed_at": fetched_at})
    status: SaveStatus = "new" if is_new else ("changed" if writer.wrote else "unchanged")
    return SaveResult(status, messages_added=added, messages_changed=changed, messages_hidden=hidden)


def save_thread(
    db: sqlite_utils.Database,
    thread: Thread,
    *,
    site: str,
    fetched_at: str,
    source_url: str,
    run_id: int | None = None,
) -> SaveResult:
    """Store a whole thread (request page + JSON) in one transaction; write nothing if unchanged.

    ``site`` is the site's host; ``fetched_at`` the fetch time (UTC ISO 8601), used for every
    timestamp this save writes. A thread without ``request_id`` (no JSON) can only update a
    request already in the archive under that slug; otherwise ValueError.
    """
    return _save(
        db, thread, site=site, fetched_at=fetched_at, source_url=source_url, run_id=run_id, with_page=True
    )


def save_status_only(db: sqlite_utils.Database, thread: Thread, *, site: str, fetched_at: str) -> SaveResult:
    """Update a request from its JSON alone (status, title, events); its messages are left as they are."""
    return _save(db, thread, site=site, fetched_at=fetched_at, source_url=None, run_id=None, with_page=False)


def mark_withdrawn(db: sqlite_utils.Database, *, site: str, request_id: int, status: int, when: str) -> None:
    """Flag a request the site no longer serves (kept, never deleted). Unknown requests are ignored."""
    with db.atomic():
        writer = _Writer(db, site, when, None)
        row = writer.one("select * from requests where site = ? and request_id = ?", [site, request_id])
        if row is None:
            log.debug("mark_withdrawn: %s request %s is not in the archive", site, request_id)
            return
        updates: dict[str, Any] = {}
        if row["withdrawn_at"] is None:
            updates["withdrawn_at"] = when
        if row["withdrawn_status"] != status:
            updates["withdrawn_status"] = status
        if "withdrawn_status" in updates:
            writer.change(row["id"], "withdrawn_status", row["withdrawn_status"], status)
        if updates:
            writer.update("requests", row["id"], {**updates, "changed_at": when})


# ------------------------------------------------------------------------------------------
# Finding requests


def _rows(db: sqlite_utils.Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _one_site(rows: list[dict[str, Any]], key: str | int) -> dict[str, Any] | None:
    sites = {r["site"] for r in rows}
    if len(sites) > 1:
        raise AmbiguousRequest(
            f"'{key}' names requests on several sites ({', '.join(sorted(sites))}); say which site.", sorted(sites)
        )
    return rows[0] if rows else None


def find_request(db: sqlite_utils.Database, key: str | int, *, site: str | None = None) -> dict[str, Any] | None:
    """The request row for a numeric id, current slug, former slug or request URL; None if unknown."""
    if isinstance(key, str):
        text = key.strip()
        if "://" in text:
            parts = urlsplit(text)
            site = site or parts.netloc
            segments = [unquote(s) for s in parts.path.split("/") if s]
            if segments and len(segments[0]) == 2 and "request" in segments[1:2]:
                segments = segments[1:]  # a locale prefix such as /cy/
            if len(segments) < 2 or segments[0] != "request":
                return None
            text = segments[1].removesuffix(".json")
        key = int(text) if text.isdigit() else text
    site_clause, site_params = (" and site = ?", [site]) if site else ("", [])
    if isinstance(key, int):
        return _one_site(
            _rows(db, f"select * from requests where request_id = ?{site_clause}", [key, *site_params]), key
        )
    current = _rows(
        db, f"select * from requests where slug = ?{site_clause} order by changed_at desc, id desc", [key, *site_params]
    )
    if current:
        return _one_site(current, key)
    former = _rows(
        db,
        "select r.* from request_slugs s join requests r on r.id = s.request "
        f"where s.slug = ?{site_clause.replace('site', 's.site')} "
        "order by s.replaced_at desc, s.id desc",
        [key, *site_params],
    )
    return _one_site(former, key)


def save_adaptation(db: sqlite_utils.Database, adaptation: Any, *, learned_at: str,
                    cross_repeats: dict[str, int] | None = None) -> None:
    """Replace the archive's cleaner correction, and the sentences mining found sent by several
    authorities (so scrape, which mines one authority at a time, knows them too); one transaction."""
    from scraper.clean.model import CLASSES

    state = [{"name": "adaptation_learned_at", "value": learned_at},
             {"name": "adaptation_examples", "value": json.dumps(adaptation.examples, sort_keys=True)}]
    if cross_repeats is not None:
        state.append({"name": "cross_repeats", "value": json.dumps(cross_repeats, sort_keys=True)})
    with db.conn:
        db.execute("delete from clean_adaptation")
        db["clean_adaptation"].insert_all(
            ({"feature": f, **dict(zip(CLASSES, w))} for f, w in adaptation.weights.items()), batch_size=1000)
        db["clean_state"].upsert_all(state, pk="name")


def load_adaptation(db: sqlite_utils.Database) -> Any:
    """The archive's cleaner correction (an empty one before the first reclean)."""
    from scraper.clean.adapt import Adaptation
    from scraper.clean.model import CLASSES

    if "clean_adaptation" not in db.table_names():
        return Adaptation()
    cols = ", ".join(CLASSES)
    weights = {f: tuple(w) for f, *w in db.execute(f"select feature, {cols} from clean_adaptation").fetchall()}
    examples = {}
    for (value,) in db.execute("select value from clean_state where name = 'adaptation_examples'").fetchall():
        examples = json.loads(value)
    return Adaptation(weights, examples)


def load_cross_repeats(db: sqlite_utils.Database) -> dict[str, int]:
    """Sentences (as mining writes them) that several authorities send, as reclean last found them."""
    if "clean_state" not in db.table_names():
        return {}
    for (value,) in db.execute("select value from clean_state where name = 'cross_repeats'").fetchall():
        return {str(k): int(v) for k, v in json.loads(value).items()}
    return {}


def mining_rows(
    db: sqlite_utils.Database, *, authority: str | None = None, site: str | None = None
) -> Iterator[dict[str, Any]]:
    """Visible messages for the clean step's mining, oldest first: ``site``, ``authority``
    (url_name), ``request_id``, ``kind`` and ``raw_text``; all of the archive, or one authority
    (of one site). Outgoing messages come too: mining reads them to know the requesters' own words."""
    clauses, params = ["m.visibility = 'visible'", "m.kind in ('incoming', 'outgoing')"], []
    if authority is not None:
        clauses.append("a.url_name = ?")
        params.append(authority)
    if site is not None:
        clauses.append("r.site = ?")
        params.append(site)
    cursor = db.execute(
        "select r.site, a.url_name as authority, r.request_id, m.kind, m.raw_text "
        "from messages m join requests r on r.id = m.request join authorities a on a.id = r.authority "
        f"where {' and '.join(clauses)} order by r.site, r.request_id, m.position",
        params,
    )
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


# ------------------------------------------------------------------------------------------
# Conditional requests


class FetchStateStore:
    """ETag / Last-Modified / status per URL in ``fetch_state`` (one autocommitted row per call)."""

    def __init__(self, db: sqlite_utils.Database):
        self.db = db

    def get(self, url: str) -> tuple[str | None, str | None] | None:
        """``(etag, last_modified)`` to send with the next request for ``url``, or None."""
        row = self.db.execute("select etag, last_modified from fetch_state where url = ?", [url]).fetchone()
        if row is None or (row[0] is None and row[1] is None):
            return None
        return row[0], row[1]

    def state(self, url: str) -> dict[str, Any] | None:
        rows = _rows(self.db, "select * from fetch_state where url = ?", [url])
        return rows[0] if rows else None

    def record(
        self,
        url: str,
        *,
        status: int,
        etag: str | None,
        last_modified: str | None,
        fetched_at: str,
        content_hash: str | None = None,
    ) -> None:
        """Remember a fetch. A 304 keeps the stored validators and hash when it carries none."""
        previous = self.state(url)
        if status == 304 and previous is not None:
            etag = etag or previous["etag"]
            last_modified = last_modified or previous["last_modified"]
            content_hash = content_hash or previous["content_hash"]
        with self.db.atomic():
            self.db.execute(
                "insert into fetch_state (url, site, etag, last_modified, last_status, last_fetched_at, content_hash) "
                "values (?, ?, ?, ?, ?, ?, ?) on conflict(url) do update set etag = excluded.etag, "
                "last_modified = excluded.last_modified, last_status = excluded.last_status, "
                "last_fetched_at = excluded.last_fetched_at, content_hash = excluded.content_hash",
                [url, urlsplit(url).netloc, etag, last_modified, status, fetched_at, content_hash],
            )

    def forget(self, url: str) -> None:
        """Drop a URL's validators, so its next fetch is unconditional."""
        with self.db.atomic():
            self.db.execute("delete from fetch_state where url = ?", [url])


# ------------------------------------------------------------------------------------------
# One writer at a time, and the run log


class ArchiveLock:
    """An exclusive, non-blocking ``flock`` on ``<archive>.lock``; the kernel frees it if we die.

    ``with ArchiveLock(path):`` or ``acquire()`` / ``release()``. Take it before
    :func:`open_archive`, so that a second run writes nothing at all.
    """

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = self.db_path.with_name(self.db_path.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> "ArchiveLock":
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise ArchiveError(f"Cannot create the lock file {self.path}: {e.strerror}.") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip()
            os.close(fd)
            who = f" (pid {holder.split()[0]})" if holder.split() and holder.split()[0].isdigit() else ""
            raise ArchiveLocked(
                f"Another wdtk-archive run{who} is writing to {self.db_path}; not starting a second one."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # closing the descriptor releases the flock

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> "ArchiveLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


RUN_COUNTERS = (
    "requests_made", "not_modified", "threads_new", "threads_changed", "threads_unchanged", "threads_failed",
    "threads_withdrawn", "threads_skipped", "messages_added", "messages_changed", "messages_hidden",
    "attachments_stored", "attachments_pending", "attachments_failed",
)
RUN_OUTCOMES = ("finished", "interrupted", "crashed")
_RUN_ALIASES = {"requests": "requests_made"}


def start_run(db: sqlite_utils.Database, *, command: str, argv: list[str]) -> int:
    """Record the start of a run; return its id. Call it holding the :class:`ArchiveLock`:
    any run still marked ``running`` is then known to have died and is marked ``interrupted``."""
    with db.atomic():
        db.execute("update runs set outcome = 'interrupted' where outcome = 'running'")
        cursor = db.execute(
            "insert into runs (command, argv, pid, version, started_at, outcome) values (?, ?, ?, ?, ?, 'running')",
            [command, _json(list(argv)), os.getpid(), __version__, now_utc()],
        )
    return int(cursor.lastrowid)


def finish_run(db: sqlite_utils.Database, run_id: int, *, outcome: str = "finished", **stats: Any) -> None:
    """Record the end of a run: its ``outcome`` (:data:`RUN_OUTCOMES`), ``exit_status``, the counters
    of :data:`RUN_COUNTERS`, and ``errors`` (a list of sentences, or a count). Unknown names raise TypeError."""
    if outcome not in RUN_OUTCOMES:
        raise ValueError(f"finish_run(): outcome must be one of {', '.join(RUN_OUTCOMES)}")
    values: dict[str, Any] = {"finished_at": now_utc(), "outcome": outcome}
    for name, value in stats.items():
        name = _RUN_ALIASES.get(name, name)
        if name == "errors":
            if isinstance(value, int):
                values["errors"] = value
            else:
                details = [str(e) for e in value]
                values["errors"] = len(details)
                values["error_details"] = _json(details)
        elif name in RUN_COUNTERS or name == "exit_status":
            values[name] = value
        else:
            raise TypeError(f"finish_run() got an unknown statistic {name!r}")
    with db.atomic():
        sets = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(f"update runs set {sets} where id = ?", [*values.values(), run_id])
