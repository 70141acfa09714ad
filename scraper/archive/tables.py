"""What every table and column of the archive means: one text, used for Datasette's metadata and
for docs/archive.md (whose tables section is generated from :func:`tables_markdown`)."""

from __future__ import annotations

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
            "text_source": "Where the text came from: html (the site's 'view as HTML' page), pdf (extracted from the PDF), file (read from the file itself: text, CSV, Word, Excel, PowerPoint or OpenDocument).",
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
            "footers); for PDFs, text and office files their text, as for attachments. Searchable.",
            "text_source": "html, pdf or file (text, CSV or an office file); empty when the file has no text we can read.",
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


def _cell(text: str) -> str:
    """Text as one Markdown table cell (a | would end it)."""
    return text.replace("|", "\\|")


def tables_markdown() -> str:
    """The tables and their columns as Markdown (docs/archive.md embeds this text verbatim)."""
    out: list[str] = []
    for table, (description, columns) in TABLE_DOCS.items():
        out.append(f"### `{table}`\n\n{description}\n\n| column | meaning |\n| --- | --- |")
        out += [f"| `{name}` | {_cell(text)} |" for name, text in columns.items()]
        out.append("")
    out.append("### Views\n\n| view | what it shows |\n| --- | --- |")
    out += [f"| `{name}` | {text} |" for name, text in VIEW_DOCS.items()]
    return "\n".join(out) + "\n"
