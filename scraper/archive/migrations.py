"""The archive's schema, as an append-only list of sqlite-utils migrations.

An archive made by any earlier version upgrades in place when it is opened: every migration that
has not yet run is applied in order, each in its own transaction, and recorded in
``_sqlite_migrations``. Never edit or reorder a migration that has been released; add a new one.

Keys (documented in docs/archive.md): every content table has an archive-internal
``id INTEGER PRIMARY KEY`` (stable rowids keep the external-content FTS indexes valid after
``VACUUM``; foreign keys point at it, so Datasette links rows). The keys that survive the site
are the UNIQUE natural keys: ``(site, request_id)`` for requests, ``(site, anchor, occurrence)``
for messages, ``(site, event_id)`` for events, ``(site, url_name)`` for authorities and users.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("wdtk_archive")


@migrations()
def m001_archive(db: Database) -> None:
    """Authorities, users, requests (with slug history), messages, attachments, events."""
    db["authorities"].create(
        {
            "id": int,
            "site": str,
            "url_name": str,
            "authority_id": int,
            "name": str,
            "short_name": str,
            "home_page": str,
            "notes": str,
            "tags": str,
            "first_seen_at": str,
            "changed_at": str,
        },
        pk="id",
        not_null={"site", "url_name", "name", "first_seen_at", "changed_at"},
    )
    db["authorities"].create_index(["site", "url_name"], unique=True)
    db["authorities"].create_index(["site", "authority_id"])
    db["authorities"].create_index(["name"])

    db["users"].create(
        {
            "id": int,
            "site": str,
            "url_name": str,
            "user_id": int,
            "name": str,
            "first_seen_at": str,
            "changed_at": str,
        },
        pk="id",
        not_null={"site", "url_name", "name", "first_seen_at", "changed_at"},
    )
    db["users"].create_index(["site", "url_name"], unique=True)
    db["users"].create_index(["site", "user_id"])

    db["requests"].create(
        {
            "id": int,
            "site": str,
            "request_id": int,
            "slug": str,
            "title": str,
            "authority": int,
            "requester": int,
            "requester_name": str,
            "status": str,
            "display_status": str,
            "calculated_status": str,
            "law_used": str,
            "prominence": str,
            "created_at": str,
            "updated_at": str,
            "awaiting_description": int,
            "tags": str,
            "withdrawn_at": str,
            "withdrawn_status": int,
            "source_url": str,
            "fetched_at": str,
            "first_seen_at": str,
            "changed_at": str,
        },
        pk="id",
        not_null={"site", "request_id", "slug", "title", "authority", "first_seen_at", "changed_at"},
        foreign_keys=[("authority", "authorities", "id"), ("requester", "users", "id")],
    )
    db["requests"].create_index(["site", "request_id"], unique=True)
    db["requests"].create_index(["site", "slug"])
    for column in ("authority", "requester", "status", "display_status", "created_at", "updated_at", "withdrawn_at"):
        db["requests"].create_index([column])

    db["request_slugs"].create(
        {
            "id": int,
            "request": int,
            "site": str,
            "slug": str,
            "first_seen_at": str,
            "replaced_at": str,
        },
        pk="id",
        not_null={"request", "site", "slug", "first_seen_at"},
        foreign_keys=[("request", "requests", "id")],
    )
    db["request_slugs"].create_index(["request", "slug"], unique=True)
    db["request_slugs"].create_index(["site", "slug"])

    db["messages"].create(
        {
            "id": int,
            "site": str,
            "request": int,
            "anchor": str,
            "occurrence": int,
            "kind": str,
            "site_id": int,
            "position": int,
            "sender": str,
            "sent_at": str,
            "raw_text": str,
            "clean_text": str,
            "stripped": str,
            "visibility": str,
            "hidden_at": str,
            "event_id": int,
            "event_type": str,
            "delivery_status": str,
            "resent": int,
            "first_seen_at": str,
            "changed_at": str,
        },
        pk="id",
        not_null={
            "site",
            "request",
            "anchor",
            "occurrence",
            "kind",
            "site_id",
            "position",
            "raw_text",
            "clean_text",
            "stripped",
            "visibility",
            "resent",
            "first_seen_at",
            "changed_at",
        },
        defaults={"occurrence": 1, "stripped": "[]", "visibility": "visible", "resent": 0},
        foreign_keys=[("request", "requests", "id")],
    )
    db["messages"].create_index(["site", "anchor", "occurrence"], unique=True)
    db["messages"].create_index(["request", "position"])
    for column in ("kind", "sent_at", "visibility", "sender"):
        db["messages"].create_index([column])

    db["attachments"].create(
        {
            "id": int,
            "site": str,
            "request": int,
            "message": int,
            "part": int,
            "attachment_id": int,
            "position": int,
            "filename": str,
            "url": str,
            "html_url": str,
            "content_type": str,
            "size": str,
            "size_bytes": int,
            "visibility": str,
            "hidden_at": str,
            "first_seen_at": str,
            "changed_at": str,
            "sha256": str,
            "stored_path": str,
            "text": str,
            "downloaded_at": str,
        },
        pk="id",
        not_null={"site", "request", "message", "position", "filename", "visibility", "first_seen_at", "changed_at"},
        defaults={"visibility": "visible"},
        foreign_keys=[("request", "requests", "id"), ("message", "messages", "id")],
    )
    db["attachments"].create_index(["message", "part"], unique=True)
    for column in ("request", "content_type", "sha256"):
        db["attachments"].create_index([column])

    db["events"].create(
        {
            "id": int,
            "site": str,
            "request": int,
            "event_id": int,
            "event_type": str,
            "created_at": str,
            "described_state": str,
            "calculated_state": str,
            "last_described_at": str,
            "incoming_message_id": int,
            "outgoing_message_id": int,
            "comment_id": int,
            "display_status": str,
            "message_anchor": str,
            "first_seen_at": str,
            "gone_at": str,
        },
        pk="id",
        not_null={"site", "request", "event_id", "event_type", "created_at", "first_seen_at"},
        foreign_keys=[("request", "requests", "id")],
    )
    db["events"].create_index(["site", "event_id"], unique=True)
    for column in ("request", "event_type", "created_at", "described_state"):
        db["events"].create_index([column])


@migrations()
def m002_runs_and_fetch_state(db: Database) -> None:
    """The run log and the per-URL validators used for conditional requests."""
    db["runs"].create(
        {
            "id": int,
            "command": str,
            "argv": str,
            "pid": int,
            "version": str,
            "started_at": str,
            "finished_at": str,
            "outcome": str,
            "exit_status": int,
            "requests_made": int,
            "not_modified": int,
            "threads_new": int,
            "threads_changed": int,
            "threads_unchanged": int,
            "threads_failed": int,
            "threads_withdrawn": int,
            "messages_added": int,
            "messages_changed": int,
            "messages_hidden": int,
            "errors": int,
            "error_details": str,
        },
        pk="id",
        not_null={"command", "argv", "started_at", "outcome"},
        defaults={
            "outcome": "running",
            **{
                c: 0
                for c in (
                    "requests_made",
                    "not_modified",
                    "threads_new",
                    "threads_changed",
                    "threads_unchanged",
                    "threads_failed",
                    "threads_withdrawn",
                    "messages_added",
                    "messages_changed",
                    "messages_hidden",
                    "errors",
                )
            },
        },
    )
    db["runs"].create_index(["started_at"])
    db["runs"].create_index(["outcome"])

    db["fetch_state"].create(
        {
            "url": str,
            "site": str,
            "etag": str,
            "last_modified": str,
            "last_status": int,
            "last_fetched_at": str,
            "content_hash": str,
        },
        pk="url",
        not_null={"site", "last_status", "last_fetched_at"},
    )
    db["fetch_state"].create_index(["site"])


@migrations()
def m003_history(db: Database) -> None:
    """What changed on the site: earlier message texts and every field change."""
    db["message_versions"].create(
        {
            "id": int,
            "message": int,
            "request": int,
            "sender": str,
            "sent_at": str,
            "raw_text": str,
            "clean_text": str,
            "stripped": str,
            "seen_from": str,
            "replaced_at": str,
            "run_id": int,
        },
        pk="id",
        not_null={"message", "request", "raw_text", "clean_text", "stripped", "seen_from", "replaced_at"},
        foreign_keys=[("message", "messages", "id"), ("request", "requests", "id"), ("run_id", "runs", "id")],
    )
    db["message_versions"].create_index(["message"])
    db["message_versions"].create_index(["request"])

    db["changes"].create(
        {
            "id": int,
            "site": str,
            "request": int,
            "message": int,
            "field": str,
            "old_value": str,
            "new_value": str,
            "observed_at": str,
            "run_id": int,
        },
        pk="id",
        not_null={"site", "request", "field", "observed_at"},
        foreign_keys=[("request", "requests", "id"), ("message", "messages", "id"), ("run_id", "runs", "id")],
    )
    for columns in (["request"], ["message"], ["field", "observed_at"], ["observed_at"]):
        db["changes"].create_index(columns)


@migrations()
def m004_attachment_files(db: Database) -> None:
    """What the attachments step did: file download state, extracted text and its source."""
    db["attachments"].add_column("file_status", str)  # stored, pending, too_large, not_allowed, ...
    db["attachments"].add_column("file_note", str)
    db["attachments"].add_column("file_bytes", int)
    db["attachments"].add_column("file_limit", int)  # the byte cap a too_large verdict was made under
    db["attachments"].add_column("raw_text", str)
    db["attachments"].add_column("text_source", str)  # html, pdf, file
    db["attachments"].add_column("text_status", str)  # done, none, pending, failed, ...
    db["attachments"].add_column("text_at", str)
    db["attachments"].create_index(["file_status"])
    db["attachments"].create_index(["text_status"])


@migrations()
def m005_sync_state(db: Database) -> None:
    """Scheduled runs: followed targets, per-thread check schedule, and the resumable frontier."""
    db["sync_targets"].create(
        {
            "id": int,
            "site": str,
            "target": str,  # authority:<url_name>, user:<url_name>, list:<query string>
            "first_seen_at": str,
            "last_run_at": str,
            "last_complete_at": str,  # end of the last pass that enumerated everything it had to
        },
        pk="id",
        not_null={"site", "target", "first_seen_at"},
    )
    db["sync_targets"].create_index(["site", "target"], unique=True)

    db["sync_threads"].create(
        {
            "id": int,
            "site": str,
            "request_id": int,
            "slug": str,
            "target": str,  # the target that found it (due checks follow the configured targets)
            "list_activity": str,  # what the listing showed of its latest activity
            "list_status": str,  # the listing's status icon
            "final": int,
            "last_checked_at": str,
            "next_check_at": str,
        },
        pk="id",
        not_null={"site", "request_id", "slug", "final"},
        defaults={"final": 0},
    )
    db["sync_threads"].create_index(["site", "request_id"], unique=True)
    db["sync_threads"].create_index(["site", "slug"])
    db["sync_threads"].create_index(["site", "next_check_at"])

    db["frontier"].create(
        {
            "id": int,
            "site": str,
            "target": str,
            "kind": str,  # list (a listing page) or thread (a request slug)
            "url": str,  # list: the page's path and query; thread: the slug
            "page": int,
            "window_after": str,
            "window_before": str,
            "mode": str,  # list: full (enumerate) or incremental (stop at known threads)
            "reason": str,  # thread: new, changed, status, due, request
            "list_activity": str,
            "list_status": str,
            "status": str,  # pending, done, failed
            "added_at": str,
        },
        pk="id",
        not_null={"site", "kind", "url", "status", "added_at"},
        defaults={"status": "pending"},
    )
    db["frontier"].create_index(["site", "kind", "url"], unique=True)
    db["frontier"].create_index(["site", "status"])


@migrations()
def m006_reply_types_and_run_outcomes(db: Database) -> None:
    """What an incoming message is when it is no response (auto-reply, bounce, acknowledgement),
    filled from the stored text; and the run log's robots skips and attachment counts."""
    from scraper.autoreply import classify

    db["messages"].add_column("reply_type", str)  # auto_reply, delivery_failure, acknowledgement; null: a response
    rows = db.execute("select id, raw_text, sender from messages where kind = 'incoming'").fetchall()
    updates = [(kind, pk) for pk, raw, sender in rows if (kind := classify(raw, sender=sender)) is not None]
    db.conn.executemany("update messages set reply_type = ? where id = ?", updates)
    for column in ("threads_skipped", "attachments_stored", "attachments_pending", "attachments_failed"):
        db["runs"].add_column(column, int, not_null_default=0)


@migrations()
def m007_linked_pages(db: Database) -> None:
    """Pages the responses link to: captures and their versions, citations, link rot, hosts."""
    db["linked_pages"].create(
        {
            "id": int,
            "url": str,  # normalised (scraper.linked.normalise_url)
            "host": str,
            "state": str,  # pending, archived, changed, moved, dead, off_list, disallowed, blocked, refused, failed
            "note": str,
            "http_status": int,
            "final_url": str,
            "version": int,  # the last good copy (linked_versions.id)
            "versions": int,
            "first_seen_at": str,
            "first_captured_at": str,
            "last_good_at": str,
            "last_checked_at": str,
            "next_check_at": str,
            "state_since": str,
        },
        pk="id",
        not_null={"url", "host", "state", "versions", "first_seen_at"},
        defaults={"state": "pending", "versions": 0},
    )
    db["linked_pages"].create_index(["url"], unique=True)
    for column in ("host", "state", "next_check_at"):
        db["linked_pages"].create_index([column])

    db["linked_versions"].create(
        {
            "id": int,
            "page": int,
            "url": str,  # where this copy was read (after redirects)
            "http_status": int,
            "content_type": str,
            "size_bytes": int,
            "sha256": str,
            "title": str,
            "text": str,
            "text_source": str,  # html, pdf, file; empty when the file has no text we can read
            "captured_at": str,
            "last_seen_at": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_length": int,
            "warc_record_id": str,
            "warc_date": str,
            "warc_digest": str,
            "run_id": int,
        },
        pk="id",
        not_null={"page", "url", "sha256", "captured_at", "last_seen_at"},
        foreign_keys=[("page", "linked_pages", "id"), ("run_id", "runs", "id")],
    )
    db["linked_versions"].create_index(["page", "sha256"], unique=True)
    db["linked_versions"].create_index(["captured_at"])
    db["linked_pages"].add_foreign_key("version", "linked_versions", "id")

    db["linked_citations"].create(
        {
            "id": int,
            "page": int,
            "request": int,
            "message": int,
            "source": str,  # message or attachment
            "cited_as": str,
            "first_seen_at": str,
        },
        pk="id",
        not_null={"page", "request", "message", "source", "first_seen_at"},
        foreign_keys=[("page", "linked_pages", "id"), ("request", "requests", "id"), ("message", "messages", "id")],
    )
    db["linked_citations"].create_index(["page", "message", "source"], unique=True)
    db["linked_citations"].create_index(["message"])
    db["linked_citations"].create_index(["request"])

    db["linked_history"].create(
        {
            "id": int,
            "page": int,
            "observed_at": str,
            "state": str,
            "previous_state": str,
            "http_status": int,
            "final_url": str,
            "sha256": str,
            "note": str,
            "run_id": int,
        },
        pk="id",
        not_null={"page", "observed_at", "state"},
        foreign_keys=[("page", "linked_pages", "id"), ("run_id", "runs", "id")],
    )
    db["linked_history"].create_index(["page", "observed_at"])

    db["linked_hosts"].create(
        {"host": str, "state": str, "note": str, "first_seen_at": str, "blocked_at": str, "retry_after": str},
        pk="host",
        not_null={"state", "first_seen_at"},
        defaults={"state": "ok"},
    )

    db["linked_scans"].create(
        {"request": int, "fingerprint": str, "scanned_at": str},
        pk="request",
        not_null={"fingerprint", "scanned_at"},
        foreign_keys=[("request", "requests", "id")],
    )


@migrations()
def m009_clean_adaptation(db: Database) -> None:
    """What the archive taught its cleaner: a correction to the shipped scorer's weights, relearned
    by reclean from what the archive repeats, and when and from what it was learned."""
    db["clean_adaptation"].create(
        {
            "feature": str,
            "content": float,
            "complaint_rights": float,
            "disclaimer": float,
            "signoff_block": float,
            "other_boilerplate": float,
        },
        pk="feature",
    )
    db["clean_state"].create({"name": str, "value": str}, pk="name")


@migrations()
def m008_search_index(db: Database) -> None:
    """A narrow copy of each message's search facts, keyed by id. The grouped search reads the
    request, kind, visibility and date of every hit; from the table rows that means walking past
    two long texts (visibility is stored after them), from this index it does not."""
    db["messages"].create_index(
        ["id", "request", "kind", "visibility", "sent_at"], index_name="messages_search", if_not_exists=True
    )


def migration_names() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [m.name for m in migrations._migrations]
