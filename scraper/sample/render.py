"""HTML and JSON for the sample site, in the markup of Alaveteli + the WhatDoTheyKnow theme.

The request page follows Alaveteli's ``lib/views/request/show.html.erb`` and its partials.
``markup="2019"`` renders the same thread the way the templates of mid-2019 did: ``js-collapsable``,
full-path date links, attachments before the body without the ``div#attachment-<id>`` wrapper, the
body inside an extra ``<p>`` (so ``<p><p>…</p></p>``), ``input#cplink__field`` and
``button.cplink__button``, numeric-id attachment URLs with "Download" before "View as HTML".

Everything that comes from content is escaped here; nothing in the content is trusted.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from scraper.sample.content import (
    CONTENT_TYPE_NAMES,
    LONDON,
    STATUS_DESCRIPTIONS,
    SampleAttachment,
    SampleAuthority,
    SampleEvent,
    SampleMessage,
    SampleThread,
    SampleUser,
)
from scraper.sample.textformat import (
    escape_html,
    make_clickable,
    ruby_strip,
    simple_format,
    simplify_angle_bracketed_urls,
    time_tag,
)

__all__ = [
    "DEFAULT_SITE_URL",
    "MARKUPS",
    "PER_PAGE",
    "ROBOTS_TXT",
    "attachment_path",
    "body_json",
    "render_attachment_html",
    "render_body_page",
    "render_error_page",
    "render_hidden_message_page",
    "render_hidden_request_page",
    "render_list_page",
    "render_mask_done_page",
    "render_mask_wait_page",
    "render_not_found",
    "render_request_page",
    "render_user_page",
    "request_json",
    "user_json",
]

DEFAULT_SITE_URL = "https://www.whatdotheyknow.com"
SITE_NAME = "WhatDoTheyKnow"
MARKUPS = ("current", "2019")
PER_PAGE = 25
MAX_RESULTS = 500

#: Alaveteli's public/robots.txt (A @ 351eb61e, last changed 2025-10-07), verbatim.
ROBOTS_TXT = """User-agent: *
Disallow: */annotate/*
Disallow: */new/*
Disallow: */search/*
Disallow: */similar/*
Disallow: */track/*
Disallow: */upload/*
Disallow: */user/contact/*
Disallow: */feed/*
Disallow: */profile/*
Disallow: */signin*
Disallow: */tor*
Allow: */request/*/response/*/attach/*
Disallow: */request/*/response/*
Disallow: */request/*/download*
Disallow: */change_request/*
Disallow: */outgoing_messages/*/mail_server_logs*
Disallow: */outgoing_messages/*/delivery_status*
Disallow: *?*update_status=1*
Disallow: */request/*/annotate
Disallow: */request/*/feed
Disallow: */request/*/followups/new
Disallow: */request/*/similar
Disallow: */request/*/track
Disallow: */request/*/upload
"""

h = escape_html
_ASSET_DIGEST = "8f3b2c1d9e0a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c"


def _asset(name: str) -> str:
    stem, _, ext = name.rpartition(".")
    return f"/assets/{stem}-{_ASSET_DIGEST}.{ext}"


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(LONDON)


def _long_time(now: datetime) -> str:
    """Rails ``to_formatted_s(:long)``: ``March 12, 2024 09:30``."""
    return now.strftime("%B %d, %Y %H:%M")


# -- page chrome ---------------------------------------------------------------------------


def _layout(
    *,
    title: str,
    content: str,
    site_url: str,
    path: str,
    body_id: str,
    body_class: str,
    now: datetime,
    head_extra: str = "",
    no_crawl: bool = False,
) -> str:
    """``layouts/default.html.erb`` with the theme header and footer (title is already escaped).

    ``now`` is only used for the print line ("Printed from … on …"); callers pass a time that
    changes with the content (the thread's ``updated_at``), not the clock, so that unchanged
    pages keep their ETag (on the real site that line changes every minute).
    """
    robots = '    <meta name="robots" content="noindex, nofollow">\n' if no_crawl else ""
    return f"""<!DOCTYPE html>
<html lang="en" class="no-js">
  <head>
    <meta charset="utf-8">
    <meta name="csrf-param" content="authenticity_token" />
<meta name="csrf-token" content="{hashlib.sha256(path.encode()).hexdigest()[:43]}" />
    <title>
        {title} - {SITE_NAME}
    </title>
    <link rel="icon" type="image/x-icon" href="{_asset("favicon.ico")}" />
    <link rel="stylesheet" href="{_asset("responsive/application.css")}" media="all" title="Main" />
{head_extra}{robots}    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <script>
      (function(H){{
        H.className = H.className.replace(/\\bno-js\\b/,'js-loaded')
      }})(document.documentElement);
    </script>
  </head>
  <body class=" ">
    <div class="entirebody">
      <nav aria-label="Skip navigation bar">
        <a href="#content" class="show-with-keyboard-focus-only skip-to-link" tabindex="0">Skip to content</a>
      </nav>
      <!-- begin popups -->
        <div id="country-message">
        </div>
      <!-- end popups -->
<div class="only-show-for-print">
  <p class="print-information">Printed from {h(site_url + path)} on {_long_time(now)}</p>
</div>
<div id="banner" class="banner " role="banner">
  <div id="banner_inner" class="banner_inner">
    <div id="banner_content" class="banner_content">
      <a href="https://www.mysociety.org/" id="mysociety-badge" aria-label="A service from mySociety">
        <img class="badge-desktop" src="{_asset("badge-mysociety-desktop@2x.png")}" width="60" height="80" alt="A service from mySociety">
      </a>
      <div class="banner_site-title">
        <a id="logo" class="site-title__logo" href="/">{SITE_NAME}</a>
      </div>
      <div class="rsp_menu_button">
        <a href="#banner" class="open"> <i class="icon-menu"></i> Menu </a>
        <a href="#" class="close"> <i class="icon-menu"></i> Close </a>
      </div>
      <div id="user_locale_switcher">
        <div class="locale-list">
          <ul class="locale-list-trigger">
            <li><span>English</span></li>
            <li><a href="{h(path)}{"&amp;" if "?" in path else "?"}locale=cy">Cymraeg</a></li>
          </ul>
        </div>
      </div>
      <div id="logged_in_bar" class="logged_in_bar">
        <a id="sign_in_link" class="sign_in_link" href="/profile/sign_in?r={quote(path, safe="")}">Sign in or sign up</a>
      </div>
      <div id="navigation_search" class="navigation_search">
        <form id="navigation_search_form" class="navigation_search_form" method="get" action="/search" role="search">
          <label class="visually-hidden" for="navigation_search_button">Search</label>
          <input type="search" name="query" id="navigation_search_button" class="navigation_search_button" placeholder="Search" aria-label="To search type your term here" />
          <button type="submit"><span class="visually-hidden">Submit Search</span></button>
        </form>
      </div>
    </div>
    <div id="topnav" class="topnav">
      <ul id="navigation" class="navigation">
        <li class="make-request-link-item"><a href="/select_authority" class="make-request-link">Make a request</a></li>
        <li><a href="/list/successful">Browse requests</a></li>
        <li><a href="/body/list/all">View authorities</a></li>
        <li><a href="/blog">Read blog</a></li>
        <li><a href="/help/about">Help</a></li>
      </ul>
    </div>
  </div>
</div>
      <div id="wrapper">
        <div id="content" role="main">
          <div id="{body_id}" class="{body_class}">
{content}
          </div>
          <div style="clear:both"></div>
        </div>
      </div>
      <nav aria-label="Skip footer">
        <a href="#content" class="show-with-keyboard-focus-only skip-to-link">Back to content</a>
      </nav>
<div id="footer" class="mysoc-footer" role="contentinfo">
    <div class="row">
        <div class="col-sm-5">
            <h2 class="mysoc-footer__site-name">{SITE_NAME}</h2>
            <div class="mysoc-footer__site-description">
                <p>A site to help anyone submit a Freedom of Information request. WhatDoTheyKnow also publishes and archives requests and responses, building a massive archive of information.</p>
                <p>Established in 2008. <a href="/help/credits#volunteers">Run by Volunteers</a> and powered by <a href="/help/alaveteli">Alaveteli</a>.</p>
            </div>
        </div>
        <div class="col-sm-4">
            <nav class="mysoc-footer__links">
                <ul>
                    <li><a href="/select_authority">Make a request</a></li>
                    <li><a href="/list/successful">Browse requests</a></li>
                    <li><a href="/body/list/all">View authorities</a></li>
                </ul>
                <ul>
                    <li><a href="/help">Help</a></li>
                    <li><a href="/help/contact">Contact us</a></li>
                    <li><a href="/help/house_rules">House rules</a></li>
                    <li><a href="/help/privacy">Privacy and cookies</a></li>
                    <li><a href="/help/api">API</a></li>
                </ul>
            </nav>
        </div>
        <div class="col-sm-3">
            <div class="mysoc-footer__donate">
                <p>We are a charity - support our mission to make information accessible to all</p>
                <a href="https://www.mysociety.org/donate/?utm_content=footer+donate+now&amp;utm_campaign=mysoc_footer" class="mysoc-footer__donate__button"> 🤍 Donate now</a>
            </div>
        </div>
    </div>
    <hr class="mysoc-footer__divider" role="presentation">
    <div class="row">
        <div class="col-sm-5">
            <div class="mysoc-footer__orgs">
                <p class="mysoc-footer__org">Built by <a href="https://mysociety.org" class="mysoc-footer__org__logo mysoc-footer__org__logo--mysociety">mySociety</a></p>
            </div>
        </div>
    </div>
</div>
    </div>
    <script src="{_asset("application.js")}"></script>
  </body>
</html>
"""


def render_error_page(
    status: int, *, site_url: str = DEFAULT_SITE_URL, path: str = "/", now: datetime | None = None
) -> str:
    """``general/exception_caught``: 404 "Sorry, we couldn't find that page", else the bug page."""
    if status == 404:
        title = "Not found"
        body = """<div id="error-page" class="error-page">
  <h1>Sorry, we couldn't find that page</h1>

  <p>The page doesn't exist. Things you can try now:</p>

  <ul>
    <li>Check for mistakes if you typed or copied the address.</li>
    <li>Search the site to find what you were looking for.
    <form id="search_form" action="/search" accept-charset="UTF-8" method="get">
      <input type="text" name="query" id="query" size="30" title="type your search term here" />
      <input type="submit" name="commit" value="Search" data-disable-with="Search" />
    </form>
    </li>
  </ul>
</div>"""
    else:
        title = "Sorry, there was a problem processing this page"
        body = """<div id="error-page" class="error-page">
  <h1>Sorry, there was a problem processing this page</h1>
  <p>You have found a bug.  Please <a href="/help/contact">contact us</a> to tell us about the problem</p>
</div>"""
    return _layout(
        title=title,
        content=body,
        site_url=site_url,
        path=path,
        body_id="general_exception_caught",
        body_class="controller_general",
        now=_now(now),
    )


def render_not_found(*, site_url: str = DEFAULT_SITE_URL, path: str = "/", now: datetime | None = None) -> str:
    return render_error_page(404, site_url=site_url, path=path, now=now)


# -- prominence ------------------------------------------------------------------------------

_DEFAULT_REASON = "There are various reasons why we might have done this, sorry we can't be more specific here."


def _prominence_text(what: str, prominence: str, reason: str, path: str) -> str:
    """``ProminenceHelper#render_prominence`` for an anonymous viewer."""
    parts = [f"This {what} has been hidden. {h(reason or _DEFAULT_REASON)}"]
    if prominence == "requester_only":
        parts.append(
            f'If you are the requester, then you may <a href="/profile/sign_in?r={quote(path, safe="")}">'
            f"sign in</a> to view the {what}."
        )
    parts.append('Please <a href="/help/contact">contact us</a> if you have any questions.')
    return " ".join(" ".join(parts).split())


def render_hidden_request_page(
    thread: SampleThread, *, site_url: str = DEFAULT_SITE_URL, path: str = "", now: datetime | None = None
) -> str:
    """``request/hidden.html.erb`` (served with HTTP 403)."""
    path = path or f"/request/{thread.url_title}"
    body = f"""
<h1>Request has been removed</h1>

<p></p>

<p>
  {_prominence_text("request", thread.prominence, "", path)}
</p>
"""
    return _layout(
        title="Request has been removed",
        content=body,
        site_url=site_url,
        path=path,
        body_id="request_show",
        body_class="controller_request",
        now=_now(now),
    )


def render_hidden_message_page(
    thread: SampleThread,
    message: SampleMessage,
    *,
    site_url: str = DEFAULT_SITE_URL,
    path: str = "",
    now: datetime | None = None,
) -> str:
    """``request/hidden_correspondence.html.erb`` (403 for attachments of a hidden message)."""
    body = f"""
<h1>Message has been removed</h1>
  <p id="hidden_message" class="hidden_message">
    {_prominence_text("message", "hidden", message.prominence_reason, path)}
  </p>
"""
    return _layout(
        title="Message has been removed",
        content=body,
        site_url=site_url,
        path=path,
        body_id="attachments_show",
        body_class="controller_attachments",
        now=_now(now),
    )


# -- message bodies ------------------------------------------------------------------------------


def _mask_links(text: str) -> str:
    return text.replace("[email address]", '[<a href="/help/officers#mobiles">email address</a>]').replace(
        "[mobile number]", '[<a href="/help/officers#mobiles">mobile number</a>]'
    )


def incoming_body_html(message: SampleMessage, *, unfold: bool, markup: str = "current") -> str:
    """``IncomingMessage#get_body_for_html_display(collapse_quoted_sections = !unfold)``."""
    folded = message.folded_text()
    text = message.text if unfold else folded
    text = simplify_angle_bracketed_urls(text)
    text = escape_html(text)
    text = make_clickable(text, contract=True)
    text = _mask_links(text)
    if markup == "2019":
        show = f'<span class="unfold_link"><a href="?unfold=1#{message.anchor}">show quoted sections</a></span>'
        hide = f'<span class="unfold_link"><a href="?#{message.anchor}">hide quoted sections</a></span>'
    else:  # heredoc form since alaveteli fdffebdfe (2026-01)
        show = f'<span class="unfold_link">\n  <a href="?unfold=1#{message.anchor}">show quoted sections</a>\n</span>\n'
        hide = f'<span class="unfold_link">\n  <a href="?#{message.anchor}">hide quoted sections</a>\n</span>\n'
    if not unfold:
        text = re.sub(r"([ \t\n\v\f\r]*FOLDED_QUOTED_SECTION[ \t\n\v\f\r]*)+", "FOLDED_QUOTED_SECTION", text)
        text = ruby_strip(text)
        if text == "FOLDED_QUOTED_SECTION":
            text = "[Subject only] " + escape_html(message.subject) + text
        text = text.replace("FOLDED_QUOTED_SECTION", "\n\n" + show + "\n\n")
    elif "FOLDED_QUOTED_SECTION" in folded:
        text = text + "\n\n" + hide
    text = ruby_strip(text)
    return simple_format(text)


def outgoing_body_html(message: SampleMessage, *, markup: str = "current") -> str:
    """``OutgoingMessage#get_body_for_html_display`` (2019: default sanitizer, which drops ``rel``)."""
    text = ruby_strip(message.text)
    text = escape_html(text)
    text = make_clickable(text, contract=True, nofollow=True)
    text = _mask_links(text)
    if markup == "2019":
        return simple_format(text)
    return simple_format(text, attributes=frozenset({"href", "rel", "title"}))


def comment_body_html(message: SampleMessage) -> str:
    """``Comment#get_body_for_html_display``: escaped, linked, every newline ``<br>``."""
    text = escape_html(ruby_strip(message.text))
    text = make_clickable(text, contract=True, nofollow=True)
    return text.replace("\n", "<br>")


# -- URLs ------------------------------------------------------------------------------------


def _file_url_part(filename: str) -> str:
    return quote(filename, safe="")


def attachment_path(
    thread: SampleThread,
    message: SampleMessage,
    attachment: SampleAttachment,
    *,
    html: bool = False,
    markup: str = "current",
) -> str:
    """``InfoRequestHelper#attachment_path`` (2019: the numeric request id instead of the slug)."""
    key = str(thread.id) if markup == "2019" else thread.url_title
    base = f"/request/{key}/response/{message.id}/attach"
    if html:
        return f"{base}/html/{attachment.part}/{_file_url_part(attachment.filename)}.html"
    return f"{base}/{attachment.part}/{_file_url_part(attachment.filename)}?cookie_passthrough=1"


def _icon(content_type: str) -> str:
    known = {
        "application/pdf",
        "text/plain",
        "text/csv",
        "image/tiff",
        "application/vnd.ms-word",
        "application/vnd.ms-excel",
        "text/html",
        "application/zip",
        "image/jpeg",
        "image/png",
    }
    name = f"icon_{content_type.replace('/', '_')}_large.png" if content_type in known else "icon_unknown.png"
    return _asset(f"content_type/{name}")


# -- the request page ------------------------------------------------------------------------

_COLLAPSE = {
    "current": ("js-collapsible", "js-collapsible-trigger"),
    "2019": ("js-collapsable", "js-collapsable-trigger"),
}


def _footer(permalink: str, report_path: str, markup: str) -> str:
    if markup == "2019":
        return f"""    <div class="correspondence__footer">
        <div class="correspondence__footer__cplink">
          <input type="text" id="cplink__field" class="cplink__field" value="{h(permalink)}">
          <button class="cplink__button">Link to this</button>

          <a class="cplink__button button" href="{h(report_path)}">Report</a>
        </div>
    </div>
"""
    return f"""<div class="correspondence__footer">
  <div class="correspondence__footer__cplink">
    <input type="text" value="{h(permalink)}" class="cplink__field" />

    <a class="cplink__button">Link to this</a>

    <a class="cplink__button" href="{h(report_path)}">Report</a>
  </div>
</div>
"""


def _date_link(thread: SampleThread, message: SampleMessage, markup: str) -> str:
    href = f"/request/{thread.url_title}#{message.anchor}" if markup == "2019" else f"#{message.anchor}"
    return f'<a class="correspondence__header__date" href="{h(href)}">\n          {time_tag(message.time)}\n</a>'


def _outgoing_block(
    thread: SampleThread, event: SampleEvent, m: SampleMessage, *, site_url: str, markup: str, path: str
) -> str:
    coll, trig = _COLLAPSE[markup]
    out = [f'<div class="outgoing correspondence {coll}" id="{m.anchor}">\n']
    if m.hidden:
        out.append(
            f'  <p id="hidden_message" class="hidden_message">\n'
            f"    {_prominence_text('message', 'hidden', m.prominence_reason, path)}\n  </p>\n"
        )
        out.append("</div>\n")
        return "".join(out)
    status = m.delivery_status
    header_class = (
        "correspondence__header correspondence__header--with-delivery-status" if status else "correspondence__header "
    )
    out.append(
        f'    <div class="{header_class}">\n'
        f'      <span class="correspondence__header__author {trig}">\n'
        f"        {h(m.sender or 'Anonymous user')}\n"
        f"      </span>\n\n      {_date_link(thread, m, markup)}\n"
    )
    if status:
        out.append(
            f'        <div class="correspondence__header__delivery-status">\n'
            f'          <a class="toggle-delivery-log toggle-delivery-log--{status} js-toggle-delivery-log" '
            f'data-delivery-status="{status}" href="/outgoing_messages/{m.id}/delivery_status">'
            f"{status.capitalize()}</a>\n        </div>\n"
        )
    out.append("    </div>\n\n")
    out.append(
        f'    <div class="js-delivery-log-ajax-error" hidden aria-hidden="true" '
        f'style="display: none; visibility: hidden;">\n'
        f"      <p>We couldn’t load the mail server logs for this message.</p>\n"
        f'      <p><a target="_blank" href="/outgoing_messages/{m.id}/delivery_status">'
        f"Try opening the logs in a new window.</a></p>\n    </div>\n\n"
    )
    body = outgoing_body_html(m, markup=markup)
    if markup == "2019":
        out.append(f'<div class="correspondence_text">\n\n  <p>{body}</p>\n</div>\n')
    else:
        out.append(f'    <div class="correspondence_text">\n      <div>{body}</div>\n    </div>\n')
    out.append('\n    <p class="event_actions">\n    </p>\n\n')
    permalink = f"{site_url}/request/{thread.url_title}#{m.anchor}"
    out.append(_footer(permalink, f"/request/{thread.url_title}/report/new?outgoing_message_id={m.id}", markup))
    out.append("</div>\n")
    return "".join(out)


def _attachments_block(thread: SampleThread, m: SampleMessage, markup: str) -> str:
    if not m.attachments:
        return ""
    n = len(m.attachments)
    out = [
        '  <div class="attachments">\n    <div class="attachments__header">\n      <h3>\n'
        f"        {'1 Attachment' if n == 1 else f'{n} Attachments'}\n      </h3>\n    </div>\n\n"
        '    <ul class="list-of-attachments">\n'
    ]
    for a in m.attachments:
        download = attachment_path(thread, m, a, markup=markup)
        view = attachment_path(thread, m, a, html=True, markup=markup)
        li_open = (
            '        <li class="attachment">\n'
            if markup == "2019"
            else f'        <li class="attachment" id="attachment-{a.id}">\n'
        )
        out.append(li_open)
        if a.hidden and markup != "2019":
            out.append(
                f'<img class="attachment__image" src="{_asset("content_type/icon_unknown.png")}" />\n'
                f'            <span class="hidden_attachment">'
                f"{_prominence_text('attachment', 'hidden', '', '')}</span>\n        </li>\n"
            )
            continue
        out.append(
            f'            <a href="{h(download)}"><img class="attachment__image" alt="Attachment" '
            f'src="{_icon(a.content_type)}" /></a>\n\n'
            f'            <p class="attachment__name">\n              {h(a.filename)}\n            </p>\n\n'
            f'            <p class="attachment__meta">\n              {a.display_size}\n'
        )
        if markup == "2019":
            out.append(f'              <a href="{h(download)}">Download</a>\n')
            if a.has_body_as_html:
                out.append(f'                <a href="{h(view)}">View as HTML</a>\n')
        else:
            if a.has_body_as_html:
                out.append(f'                <a href="{h(view)}">View</a>\n')
            out.append(f'              <a href="{h(download)}">Download</a>\n')
        out.append("            </p>\n        </li>\n")
    out.append(
        '    </ul>\n\n    <a href="#" class="attachments__show-more" style="display: none;" '
        'data-show-all="Show all attachments" data-show-fewer="Show fewer attachments"></a>\n  </div>\n'
    )
    return "".join(out)


def _incoming_block(
    thread: SampleThread, event: SampleEvent, m: SampleMessage, *, unfold: bool, site_url: str, markup: str, path: str
) -> str:
    coll, trig = _COLLAPSE[markup]
    prominence = "hidden" if m.hidden else "normal"
    author = []
    if m.sender and m.sender != thread.authority.name:
        author.append(f"        {h(m.sender)},\n")
    if m.from_public_body or not m.sender:
        author.append(f"        {h(thread.authority.name)}\n")
    out = [
        f'<div class="incoming correspondence {prominence} {coll}" id="{m.anchor}">\n'
        f'  <div class="correspondence__header">\n'
        f'    <span class="correspondence__header__author {trig}">\n{"".join(author)}    </span>\n\n'
        f"    {_date_link(thread, m, markup)}\n  </div>\n\n"
    ]
    if m.hidden:
        out.append(
            f'  <p id="hidden_message" class="hidden_message">\n'
            f"    {_prominence_text('message', 'hidden', m.prominence_reason, path)}\n  </p>\n</div>\n"
        )
        return "".join(out)
    body = incoming_body_html(m, unfold=unfold, markup=markup)
    if markup == "2019":
        out.append(
            f'<div class="correspondence_text">\n{_attachments_block(thread, m, markup)}\n  <p>{body}</p>\n</div>\n'
        )
    else:
        wrapper = f'<div id="attachment-{m.body_part_id}">' if m.body_part_id is not None else "<div>"
        out.append(
            f'    <div class="correspondence_text">\n{_attachments_block(thread, m, markup)}\n'
            f"{wrapper}{body}</div>\n    </div>\n"
        )
    out.append('\n    <p class="event_actions">\n    </p>\n\n')
    permalink = f"{site_url}/request/{thread.url_title}#{m.anchor}"
    out.append(_footer(permalink, f"/request/{thread.url_title}/report/new?incoming_message_id={m.id}", markup))
    out.append("</div>\n")
    return "".join(out)


def _comment_block(thread: SampleThread, m: SampleMessage, *, site_url: str, markup: str) -> str:
    user = m.user
    who = f'<a href="/user/{h(user.url_name)}">{h(user.name)}</a>' if user else h(m.sender)
    permalink = f"{site_url}/request/{thread.url_title}#{m.anchor}"
    return (
        f'<div class="comment_in_request box" id="{m.anchor}">\n  <div class="comment_content">\n\n'
        f"    <h2>\n      {who} left an annotation ({time_tag(m.time)})\n    </h2>\n\n"
        f'    <div class="comment_in_request_text">\n      <p>\n        {comment_body_html(m)}\n      </p>\n'
        f'    </div>\n\n    <p class="event_actions">\n    </p>\n  </div>\n\n'
        + _footer(permalink, f"/request/{thread.url_title}/report/new?comment_id={m.id}", markup)
        + "</div>\n"
    )


def _status_paragraph(thread: SampleThread, now: datetime) -> str:
    """``InfoRequestHelper#status_text`` for an anonymous viewer."""
    status = thread.calculate_status(now)
    body = f'<a href="/body/{h(thread.authority.url_name)}">{h(thread.authority.name)}</a>'
    details = '(<a href="/help/requesting#quickly_response">details</a>)'
    if status == "waiting_classification":
        return (
            f'We\'re waiting for <a href="/user/{h(thread.user.url_name)}">{h(thread.user.name)}</a> '
            f"to read a recent response and update the status."
        )
    if status == "waiting_response":
        return (
            f"Currently <strong>waiting for a response</strong> from {body}, they should respond promptly and "
            f"normally no later than <strong>{time_tag(thread.date_response_required_by)}</strong> {details}."
        )
    if status == "waiting_response_overdue":
        return (
            f"Response to this request is <strong>delayed</strong>. By law, {body} should normally have "
            f"responded <strong>promptly</strong> and by <strong>{time_tag(thread.date_response_required_by)}"
            f"</strong> {details}"
        )
    if status == "waiting_response_very_overdue":
        return (
            f"Response to this request is <strong>long overdue</strong>. By law, under all circumstances, "
            f"{body} should have responded by now {details}. You can <strong>complain</strong> by "
            f'<a href="/request/{h(thread.url_title)}/followups/new?internal_review=1">requesting an internal '
            f"review</a>."
        )
    texts = {
        "not_held": f"{body} <strong>did not have</strong> the information requested.",
        "rejected": f"The request was <strong>refused</strong> by {body}.",
        "successful": "The request was <strong>successful</strong>.",
        "partially_successful": "The request was <strong>partially successful</strong>.",
        "waiting_clarification": f"{body} is <strong>waiting for clarification</strong> from "
        f'<a href="/user/{h(thread.user.url_name)}">{h(thread.user.name)}</a>.',
        "gone_postal": "The authority would like to / has <strong>responded by postal mail</strong> to this request.",
        "internal_review": f"Waiting for an <strong>internal review</strong> by {body} of their handling of this "
        f"request.",
        "error_message": "There was a <strong>delivery error</strong> or similar, which needs fixing by the "
        f'{SITE_NAME} team. Can you help by <a href="/change_request/new?body='
        f'{h(thread.authority.url_name)}">finding updated contact details</a>?',
        "requires_admin": "This request has had an unusual response, and <strong>requires attention</strong> "
        f"from the {SITE_NAME} team.",
        "user_withdrawn": "This request has been <strong>withdrawn</strong> by the person who made it. There may "
        "be an explanation in the correspondence below.",
        "attention_requested": "This request has been <strong>reported</strong> as needing administrator attention.",
        "vexatious": "This request has been reviewed by an administrator and is considered to be vexatious",
        "not_foi": "This request has been reviewed by an administrator and is considered not to be an FOI request",
    }
    return texts[status]


def _after_actions(thread: SampleThread, markup: str) -> str:
    t = h(thread.url_title)
    last = thread.last_response
    reply = (
        f'<a href="/request/{t}/followups/new/{last.id}">Write a reply</a>'
        if last
        else f'<a href="/request/{t}/followups/new">Send a followup</a>'
    )
    collapse = "js-collapsable-trigger-all" if markup == "2019" else "js-collapsible-trigger-all"
    return f"""<div id="after_actions" class="after-actions">
  <ul class="action-menu after-actions__action-menu">
    <li>
      <a href="#" class="action-menu__button">Actions</a>
      <ul class="action-menu__menu">
          <li class="action-menu__menu__item">
            <span class="action-menu__menu__heading">{h(thread.user.name)}</span>
            <ul class="action-menu__menu__submenu owner_actions">
              <li>{reply}</li>
              <li><a href="/request/{t}?update_status=1">Update the status of this request</a></li>
              <li><a href="/request/{t}/followups/new?internal_review=1">Request an internal review</a></li>
            </ul>
          </li>
        <li class="action-menu__menu__item">
          <span class="action-menu__menu__heading">{h(thread.authority.name)}</span>
          <ul class="action-menu__menu__submenu public_body_actions">
            <li><a href="/request/{t}/upload">Respond to request</a></li>
          </ul>
        </li>
        <li class="action-menu__menu__item">
          <ul class="action-menu__menu__submenu anyone_actions">
              <li><a href="/request/{t}/report/new">Report this request</a><span class="action-menu__info-link"><a href="/help/about#reporting">Help</a></span></li>
              <li><a href="/request/{t}/annotate">Add an annotation</a></li>
            <li><a href="/request/{t}/download">Download a zip file of all correspondence</a></li>
            <li><a href="/request/{t}/details">View event history details</a></li>
            <li><a tabindex="0" class="{collapse}" data-text-expanded="Collapse all correspondence" data-text-collapsed="Expand all correspondence">Collapse all correspondence</a></li>
            <li><div class="feed_link feed_link_action-menu"><a href="/request/{t}/feed">RSS feed</a></div></li>
          </ul>
        </li>
      </ul>
    </li>
  </ul>
</div>
"""


def _follow(thread: SampleThread) -> str:
    followers = 1 + thread.id % 7
    return f"""  <div class="action-bar__follow">
    <div class="action-bar__follow-button">
      <div class="feed_link feed_link_toolbar"><a class="link_button_green track__action" href="/request/{h(thread.url_title)}/track">Follow</a></div>
    </div>
    <div class="action-bar__follower-count"><span id="follow_count">{followers}</span> {"follower" if followers == 1 else "followers"}</div>
  </div>
"""


def _sidebar(thread: SampleThread, similar: list[SampleThread]) -> str:
    items = []
    for s in similar[:3]:
        items.append(f"""<div class="request_short_listing">
  <h3><a href="/request/{h(s.url_title)}?utm_campaign=alaveteli-experiments-87&amp;utm_content=sidebar_similar_requests&amp;utm_medium=link&amp;utm_source=whatdotheyknow">{h(s.title)}</a></h3>
  <p>To <a href="/body/{h(s.authority.url_name)}">{h(s.authority.name)}</a> by <a href="/user/{h(s.user.url_name)}">{h(s.user.name)}</a> {time_tag(s.created_at)}</p>
</div>
""")
    return f"""<div id="right_column" class="sidebar right_column" role="complementary">
  <div class="sidebar__section pro-upsell">
    <h2>Are you a journalist, researcher or campaigner?</h2>
    <p>WhatDoTheyKnow Pro helps you manage your requests. <a href="/pro">Find out more</a></p>
  </div>
  <div class="sidebar__section next-actions">
    <h2>Act on what you've learnt</h2>
    <div class="act_link"> <i class="act-link-icon act-link-icon--web-share"></i> <a href="#" class="share-button js-share-request" role="button">Share this request</a> </div>
    <div class="act_link"> <i class="act-link-icon act-link-icon--write"></i> <a href="http://www.writetothem.com" target="_blank">Write to your politician</a> </div>
  </div>
  <div class="sidebar__section sidebar__similar-requests">
    <h2>Requests like this</h2>
{"".join(items)}    <p class="sidebar_similar_requests__more-link"><a href="/request/{h(thread.url_title)}/similar?utm_campaign=alaveteli-experiments-87&amp;utm_content=sidebar_similar_requests&amp;utm_medium=link&amp;utm_source=whatdotheyknow">More similar requests</a></p>
  </div>
  <div class="sidebar__section">
    <p class="copyright-notice">
      <small><a href="/help/officers#copyright">Are you the owner of any commercial copyright on this page?</a></small>
    </p>
  </div>
</div>
"""


def _og_description(thread: SampleThread) -> str:
    for m in thread.all_messages:
        if m.kind == "outgoing":
            text = " ".join(m.text.split("\n", 1)[-1].split())  # salutation line stripped
            return text[:250]
    return ""


def render_request_page(
    thread: SampleThread,
    *,
    unfold: bool = False,
    markup: str = "current",
    site_url: str = DEFAULT_SITE_URL,
    now: datetime | None = None,
    similar: list[SampleThread] | None = None,
) -> str:
    """The request page ``/request/<url_title>`` (``?unfold=1`` when ``unfold``)."""
    if markup not in MARKUPS:
        raise ValueError(f"markup must be one of {MARKUPS}, not {markup!r}")
    now = _now(now)
    t = thread
    path = f"/request/{t.url_title}" + ("?unfold=1" if unfold else "")
    title = f"{h(t.title)} - a Freedom of Information request to {h(t.authority.name)}"
    feed = "feed/request/" + t.url_title if markup == "2019" else f"request/{t.url_title}/feed"
    head = f"""        <link rel="alternate" type="application/atom+xml" title="New updates for the request '{h(t.title)}'" href="{h(site_url)}/{h(feed)}">
          <link rel="alternate" type="application/json" title="JSON version of New updates for the request '{h(t.title)}'" href="{h(site_url)}/{h(feed)}.json">
      <link rel="alternate" type="application/json" title="JSON version of this page" href="/request/{h(t.url_title)}.json">
<meta property="og:site_name" content="{SITE_NAME}" />
  <meta property="og:title" content="{title}" />
  <meta property="og:type" content="article" />
    <meta property="article:published_time" content="{t.created_at.isoformat(timespec="seconds")}" />
    <meta property="article:modified_time" content="{t.updated_at.isoformat(timespec="seconds")}" />
    <meta property="og:description" content="{h(_og_description(t))}" />
<meta property="og:url" content="{h(site_url)}/request/{h(t.url_title)}" />
"""
    status = t.calculate_status(now)
    parts: list[str] = ["\n"]
    if t.awaiting_description:
        parts.append(f"""  <div class="describe_state_form box" id="describe_state_form_1">
    We don't know whether the most recent response to this request contains information or not &ndash; if you are <a href="/user/{h(t.user.url_name)}">{h(t.user.name)}</a> please <a href="/profile/sign_in?r={quote("/request/" + t.url_title, safe="")}">sign in</a> and let everyone know.
  </div>
""")
    parts.append(f"""<div class="request-header">
  <div class="row">
    <h1>{h(t.title)}</h1>

    <div class="request-header__action-bar-container">
      <div class="request-header__action-bar">
        <p class="request-header__subtitle ">
          <a href="/user/{h(t.user.url_name)}">{h(t.user.name)}</a> made this {"Environmental Information Regulations" if t.law_used == "eir" else "Freedom of Information"} request to <a href="/body/{h(t.authority.url_name)}">{h(t.authority.name)}</a>
        </p>

          <div class="request-header__action-bar__actions ">
{_after_actions(t, markup)}{_follow(t)}          </div>
      </div>
    </div>

    <div class="request-status">
      <div id="request_status" class="request-status-message request-status-message--{status}">
        <i class="icon-standalone icon_{status}"></i>

        <p>
          {_status_paragraph(t, now)}
        </p>
      </div>
    </div>
  </div>
</div>

<div id="left_column" class="left_column">
""")
    for event in t.events:
        if not event.visible:
            continue
        parts.append('\n<div class="ff-print-fix"></div>\n')
        m = event.message
        if m is None or event.event_type not in ("sent", "followup_sent", "response", "comment", "send_error"):
            continue
        if m.kind == "outgoing":
            parts.append(_outgoing_block(t, event, m, site_url=site_url, markup=markup, path=path))
        elif m.kind == "incoming":
            parts.append(_incoming_block(t, event, m, unfold=unfold, site_url=site_url, markup=markup, path=path))
        else:
            parts.append(_comment_block(t, m, site_url=site_url, markup=markup))
    parts.append(f"""
    <div class="request-footer__action-bar-container">
      <div class="request-footer__action-bar__actions">
{_after_actions(t, markup)}{_follow(t)}      </div>
    </div>

    <div class="donate-cta">
      <h2 class="donate-cta__header">We work to defend the right to FOI for everyone</h2>
      <p class="donate-cta__para">Help us protect your right to hold public authorities to account. Donate and support our work.</p>
      <a class="button donate-cta__button" href="https://www.mysociety.org/donate/?utm_source=whatdotheyknow.com&amp;utm_medium=link&amp;utm_content=experiment_no_0&amp;utm_campaign=foi_request_page">Donate Now</a>
    </div>

</div>

""")
    parts.append(_sidebar(t, similar or []))
    return _layout(
        title=title,
        content="".join(parts),
        site_url=site_url,
        path=path,
        body_id="request_show",
        body_class="controller_request",
        now=t.updated_at,
        head_extra=head,
    )


# -- attachments: view as HTML, masking pages ------------------------------------------------


def render_attachment_html(
    thread: SampleThread, message: SampleMessage, attachment: SampleAttachment, *, site_url: str = DEFAULT_SITE_URL
) -> str:
    """``AttachmentsController#show_as_html``: ``lib/attachment_to_html/template.html.erb``.

    Text attachments are converted (escaped, linked, ``<br>``); PDFs are embedded in an
    ``<iframe>`` (pdftohtml was replaced by inline PDFs in alaveteli 5fcb464fd, 2025-10);
    other viewable types use the Google Docs viewer iframe.
    """
    download = attachment_path(thread, message, attachment)
    absolute = site_url + download
    if attachment.content_type == "text/plain":
        wrapper = "wrapper"
        text = escape_html(
            ruby_strip(attachment.text if attachment.text is not None else attachment.body().decode("utf-8", "replace"))
        )
        body = make_clickable(text).replace("\n", "<br>")
    elif attachment.content_type == "application/pdf":
        wrapper = "wrapper_embed"
        body = f'<iframe src="{h(absolute)}" width="100%" height="100%" style="border: none;"></iframe>'
    else:
        wrapper = "wrapper_embed"
        body = (
            f'<iframe src="https://docs.google.com/viewer?url={quote(absolute, safe="")}&amp;embedded=true" '
            f'width="100%" height="100%" style="border: none;"></iframe>'
        )
    type_name = CONTENT_TYPE_NAMES.get(attachment.content_type, "")
    prefix = f"""<div class="view_html_prefix">
  <div class="view_html_logo">
    <a href="/"><img src="/assets/navimg/logo-trans-small.png" alt="{SITE_NAME}"></a>
  </div>
  <div class="view_html_download_link">
    <a href="{h(download)}">Download original attachment</a>
    <br>({h(type_name)})
  </div>
  <p class="view_html_description">
    This is an HTML version of an attachment to the Freedom of Information request
    '<a href="/request/{h(thread.url_title)}#{message.anchor}">{h(thread.title)}</a>'.
  </p>
</div>
"""
    head = """<link href="/assets/responsive/application.css" media="all" rel="stylesheet" title="Main" type="text/css" charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1.0" />
"""
    return f"""<!DOCTYPE html>
<html>
<head>
  <meta charset="UTF-8">
  <title>{h(attachment.filename)}</title>
  {head}
</head>
<body id="{wrapper}">
  {prefix}
  {body}

</body>
</html>
"""


def render_mask_wait_page(*, site_url: str = DEFAULT_SITE_URL, path: str = "/", now: datetime | None = None) -> str:
    """``attachment_masks/wait.html.erb``: "Attachment processing…" with a 2-second refresh."""
    body = """<h1>Attachment processing...</h1>

<p>
  We're still preparing this attachment. The page will reload automatically once it's ready.
</p>
"""
    return _layout(
        title="Attachment processing...",
        content=body,
        site_url=site_url,
        path=path,
        body_id="attachment_masks_wait",
        body_class="controller_attachment_masks",
        now=_now(now),
        head_extra='  <meta http-equiv="refresh" content="2">\n',
    )


def render_mask_done_page(
    referer: str, *, site_url: str = DEFAULT_SITE_URL, path: str = "/", now: datetime | None = None
) -> str:
    body = f"""<h1>Attachment available for download.</h1>

<p>
  The attachment has now been processed and is available for download.
</p>

<p>
  <a class="button" href="{h(referer)}">Download attachment</a>
</p>
"""
    return _layout(
        title="Attachment available for download.",
        content=body,
        site_url=site_url,
        path=path,
        body_id="attachment_masks_done",
        body_class="controller_attachment_masks",
        now=_now(now),
    )


# -- listings ---------------------------------------------------------------------------------


def _listing_item(thread: SampleThread, event: SampleEvent, *, site_url: str, now: datetime) -> str:
    """``request/_request_listing_via_event.html.erb``."""
    m = event.message
    assert m is not None
    t = thread
    if event.event_type == "response" or (event.event_type == "followup_sent") or event.event_type == "comment":
        href = f"/request/{t.url_title}#{m.anchor}"
    else:
        href = f"/request/{t.url_title}"
    body = f'<a href="{h(site_url)}/body/{h(t.authority.url_name)}">{h(t.authority.name)}</a>'
    user = f'<a href="{h(site_url)}/user/{h(t.user.url_name)}">{h(t.user.name)}</a>'
    date = time_tag(event.created_at)
    if event.event_type == "sent":
        desc = f"Request sent to {body} by {user} on {date}."
    elif event.event_type == "followup_sent":
        label = {"internal_review": "Internal review request", "waiting_response": "Clarification"}.get(
            event.calculated_state or "", "Follow up"
        )
        desc = f"{label} sent to {body} by {user} on {date}."
    elif event.event_type == "response":
        desc = f"Response by {body} to {user} on {date}."
    else:
        author = m.user or t.user
        commenter = f'<a href="{h(site_url)}/user/{h(author.url_name)}">{h(author.name)}</a>'
        desc = f"Request to {body} by {user}. Annotated by {commenter} on {date}."
    text = " ".join((m.visible_text if m.kind == "incoming" else m.text).split())
    excerpt = text if len(text) <= 150 else text[:147] + "..."
    status = t.calculate_status(now)
    return f"""<div class="request_listing">
  <div class="request_left">
    <span class="head">
        <a href="{h(href)}">{h(t.title)}</a>
    </span>

    <div class="requester">
      {desc}
    </div>

    <p>
      <i class="icon-standalone icon_{status}"></i>
      <strong>
        {STATUS_DESCRIPTIONS[status]}
      </strong>
    </p>
    </span>

  </div>

  <div class="request_right">
    <span class="desc">
      {h(excerpt)}
    </span>
  </div>
</div>
"""


def _printed(hits: list[tuple[SampleThread, SampleEvent]]) -> datetime:
    return max((t.updated_at for t, _ in hits), default=datetime(2008, 1, 1, tzinfo=LONDON))


def _page_url(path: str, params: dict[str, str], page: int) -> str:
    merged = dict(params)
    merged["page"] = str(page)
    return f"{path}?{urlencode(merged)}"


def will_paginate(path: str, params: dict[str, str], page: int, total_entries: int, per_page: int = PER_PAGE) -> str:
    """will_paginate 4.0.1's default renderer, with Alaveteli's gettext labels."""
    total_pages = max(1, math.ceil(total_entries / per_page))
    if total_pages <= 1:
        return ""
    inner, outer = 4, 1
    window_from, window_to = page - inner, page + inner
    if window_to > total_pages:
        window_from -= window_to - total_pages
        window_to = total_pages
    if window_from < 1:
        window_to += 1 - window_from
        window_from = 1
        window_to = min(window_to, total_pages)
    middle = list(range(window_from, window_to + 1))
    items: list[int | str] = []
    if outer + 3 < middle[0]:
        items += list(range(1, outer + 2)) + ["gap"]
    else:
        items += list(range(1, middle[0]))
    items += middle
    if total_pages - outer - 2 > middle[-1]:
        items += ["gap"] + list(range(total_pages - outer, total_pages + 1))
    else:
        items += list(range(middle[-1] + 1, total_pages + 1))

    def rel(p: int) -> str:
        if p == page - 1:
            return ' rel="prev"'
        if p == page + 1:
            return ' rel="next"'
        return ""

    out = []
    if page > 1:
        out.append(
            f'<a class="previous_page"{rel(page - 1)} href="{h(_page_url(path, params, page - 1))}">'
            f"&#8592; Previous</a>"
        )
    else:
        out.append('<span class="previous_page disabled">&#8592; Previous</span>')
    for item in items:
        if item == "gap":
            out.append('<span class="gap">&hellip;</span>')
        elif item == page:
            out.append(f'<em class="current" aria-label="Page {item}" aria-current="page">{item}</em>')
        else:
            assert isinstance(item, int)
            out.append(f'<a{rel(item)} aria-label="Page {item}" href="{h(_page_url(path, params, item))}">{item}</a>')
    if page < total_pages:
        out.append(
            f'<a class="next_page"{rel(page + 1)} href="{h(_page_url(path, params, page + 1))}">Next &#8594;</a>'
        )
    else:
        out.append('<span class="next_page disabled">Next &#8594;</span>')
    return f'<div class="pagination" role="navigation" aria-label="Pagination">{" ".join(out)}</div>'


def listing_html(
    hits: list[tuple[SampleThread, SampleEvent]],
    *,
    path: str,
    params: dict[str, str],
    page: int,
    site_url: str,
    now: datetime,
) -> str:
    """Result list + pagination, as ``request/_list_results`` (25 a page, capped at 500)."""
    total = len(hits)
    shown = min(total, MAX_RESULTS)
    chunk = hits[(page - 1) * PER_PAGE : page * PER_PAGE]
    out = []
    if not chunk:
        out.append("<p> No requests of this sort yet.</p>\n")
    else:
        out.append(
            f'<h2 class="foi_results">\n    About {total} FOI requests found</h2>\n  <div class="results_block">\n'
        )
        out.extend(_listing_item(t, e, site_url=site_url, now=now) for t, e in chunk)
        out.append("  </div>\n")
    out.append(will_paginate(path, params, page, shown) + "\n")
    return "".join(out)


def render_list_page(
    hits: list[tuple[SampleThread, SampleEvent]],
    *,
    page: int,
    params: dict[str, str],
    site_url: str = DEFAULT_SITE_URL,
    now: datetime | None = None,
) -> str:
    now = _now(now)
    path_q = "/list" + (f"?{urlencode({**params, 'page': str(page)})}" if params or page > 1 else "")
    content = f"""<div id="header_left" class="header_left">
  <h1>Browse and search requests</h1>
  <form id="search_form" class="request_search_form" action="/list" accept-charset="UTF-8" method="get">
    <input type="text" name="query" id="query" />
    <input type="text" name="request_date_after" id="request_date_after" value="{h(params.get("request_date_after", ""))}" class="use-datepicker" />
    <input type="text" name="request_date_before" id="request_date_before" value="{h(params.get("request_date_before", ""))}" class="use-datepicker" />
    <input type="submit" value="Search" />
  </form>
</div>

<div id="header_right" class="sidebar header_right">
  <h2>Follow these requests</h2>
</div>

<div style="clear:both"></div>

<div class="results_section">
{listing_html(hits, path="/list", params=params, page=page, site_url=site_url, now=now)}</div>
"""
    return _layout(
        title="Browse and search requests",
        content=content,
        site_url=site_url,
        path=path_q,
        body_id="request_list",
        body_class="controller_request",
        now=_printed(hits),
    )


def render_body_page(
    authority: SampleAuthority,
    hits: list[tuple[SampleThread, SampleEvent]],
    *,
    page: int,
    n_requests: int,
    site_url: str = DEFAULT_SITE_URL,
    now: datetime | None = None,
) -> str:
    """``public_body/show.html.erb`` with the authority's requests."""
    now = _now(now)
    a = authority
    path = f"/body/{a.url_name}"
    also = f",\n      also called {h(a.short_name)}\n" if a.short_name else ""
    notes = (
        f'<div id="stepwise_make_request" class="stepwise_make_request">\n      <p class="authority__header__notes">{h(a.notes)}</p>\n    </div>\n'
        if a.notes
        else ""
    )
    stats = (
        (
            f'    <div class="authority__header__stats">\n      {n_requests} {"request" if n_requests == 1 else "requests"}\n'
            f"    </div>\n"
        )
        if n_requests
        else ""
    )
    results = (
        listing_html(hits, path=path, params={}, page=page, site_url=site_url, now=now)
        if n_requests
        else f"<h2>Freedom of Information requests made using this site</h2>\n<p>Nobody has made any "
        f"Freedom of Information requests to {h(a.name)} using this site yet.</p>\n"
    )
    content = f"""<div class="authority__header">
  <h1>{h(a.name)}</h1>

  <p class="authority__header__subtitle">
    A public authority{also}
  </p>
  {notes}{stats}  <div class="authority__header__action-bar-container">
    <div class="authority__header__action-bar">
      <div class="action-bar__make-request">
        <a class="link_button_green make-request__action" href="/new/{h(a.url_name)}">Make a Freedom of Information request to this authority</a>
      </div>
    </div>
  </div>
</div>

<div class="authority__body">
  <div class="authority__body__foi-results">
      <h2 class="foi_results">
        Freedom of Information requests made using this site
      </h2>
      <a name="results"></a>
{results}
        <p>
          Only requests made using {SITE_NAME} are shown.
          <a href="/help/about">?</a>
        </p>
  </div>

  <div class="authority__body__sidebar" role="complementary">
    <div class="sidebar__section more_info">
      <h2>More about this authority</h2>
      <a href="{h(home_page(a))}">Home page of authority</a><br>
      <a href="/body/{h(a.url_name)}/view_email">View FOI email address</a><br>
      <a href="/body/{h(a.url_name)}.json">JSON</a>
    </div>
  </div>
</div>
"""
    title = f"{h(a.name)} - view and make Freedom of Information requests"
    path_q = path + (f"?page={page}" if page > 1 else "")
    return _layout(
        title=title,
        content=content,
        site_url=site_url,
        path=path_q,
        body_id="public_body_show",
        body_class="controller_public_body",
        now=_printed(hits),
    )


def render_user_page(
    user: SampleUser,
    hits: list[tuple[SampleThread, SampleEvent]],
    *,
    page: int,
    site_url: str = DEFAULT_SITE_URL,
    now: datetime | None = None,
) -> str:
    """``user/show.html.erb`` (profile + requests)."""
    now = _now(now)
    path = f"/user/{user.url_name}"
    n = len(hits)
    about = f'<div class="user_about_me">\n      <p>{h(user.about_me)}</p>\n    </div>\n' if user.about_me else ""
    if n:
        heading = (
            "This person's Freedom of Information request"
            if n == 1
            else f"This person's Freedom of Information requests (approximately {n})"
        )
        chunk = hits[(page - 1) * PER_PAGE : page * PER_PAGE]
        listing = "".join(_listing_item(t, e, site_url=site_url, now=now) for t, e in chunk)
        requests = (
            f'      <h2 class="foi_results foi_requests" id="foi_requests">\n          {heading}\n'
            f"        <!-- matches_estimated {n} -->\n      </h2>\n\n{listing}"
            f"{will_paginate(path, {}, page, min(n, MAX_RESULTS))}\n"
        )
    else:
        requests = (
            '      <h2 class="foi_results foi_requests" id="foi_requests">\n'
            "          Freedom of Information requests made by this person\n      </h2>\n\n"
            "        <p>\n            This person has made no Freedom of Information requests using this site.\n"
            "        </p>\n"
        )
    content = f"""<div class="user-profile">
  <div class="profile-summary">
    <h1>{h(user.name)}</h1>
    {about}
  </div>
</div>

<div id="user_profile_search" class="user_profile_search">
  <form id="search_form" action="{h(path)}" accept-charset="UTF-8" method="get">
    <div>
      <input type="text" name="user_query" id="user_query" title="type your search term here" />
      <input type="submit" name="commit" value="Search contributions by this person" />
    </div>
  </form>
{requests}</div>
"""
    title = f"{h(user.name)} - Freedom of Information requests"
    return _layout(
        title=title,
        content=content,
        site_url=site_url,
        path=path + (f"?page={page}" if page > 1 else ""),
        body_id="user_show",
        body_class="controller_user",
        now=_printed(hits),
    )


# -- JSON ------------------------------------------------------------------------------------


def rails_time(value: datetime | None) -> str | None:
    """Rails' JSON time: ISO 8601 with milliseconds and offset.

    Sample times are whole seconds; the milliseconds are derived from the instant itself (so
    the same instant always reads the same), the way a database timestamp would carry them.
    """
    if value is None:
        return None
    local = value.astimezone(LONDON)
    ms = value.microsecond // 1000 if value.microsecond else (int(value.timestamp()) * 7919) % 1000
    return (
        local.strftime("%Y-%m-%dT%H:%M:%S") + f".{ms:03d}" + local.strftime("%z")[:3] + ":" + local.strftime("%z")[3:]
    )


def home_page(a: SampleAuthority) -> str:
    """``PublicBody#calculated_home_page``: ensure a scheme."""
    hp = a.home_page
    if hp and not hp.startswith(("http://", "https://")):
        hp = "https://" + hp
    return hp


def user_json(user: SampleUser) -> dict[str, Any]:
    return {
        "id": user.id,
        "url_name": user.url_name,
        "name": user.name,
        "ban_text": user.ban_text,
        "about_me": user.about_me,
    }


def body_json(a: SampleAuthority, threads: list[SampleThread], now: datetime) -> dict[str, Any]:
    """``PublicBody#json_for_api``."""
    visible = [t for t in threads if t.prominence in ("normal", "backpage")]
    statuses = [t.calculate_status(now) for t in visible]
    return {
        "id": a.id,
        "url_name": a.url_name,
        "name": a.name,
        "short_name": a.short_name,
        "created_at": rails_time(a.created_at),
        "updated_at": rails_time(a.updated_at),
        "home_page": home_page(a),
        "notes": a.notes,
        "publication_scheme": a.publication_scheme,
        "disclosure_log": a.disclosure_log,
        "tags": [[k, v] for k, v in a.tags],
        "info": {
            "requests_count": len(threads),
            "requests_successful_count": sum(s in ("successful", "partially_successful") for s in statuses),
            "requests_not_held_count": sum(s == "not_held" for s in statuses),
            "requests_overdue_count": sum(
                s in ("waiting_response_overdue", "waiting_response_very_overdue") for s in statuses
            ),
            "requests_visible_classified_count": sum(s not in ("waiting_classification",) for s in statuses),
        },
    }


def event_json(e: SampleEvent) -> dict[str, Any]:
    """``InfoRequestEvent#json_for_api(false)``."""
    out: dict[str, Any] = {
        "id": e.id,
        "event_type": e.event_type,
        "created_at": rails_time(e.created_at),
        "described_state": e.described_state,
        "calculated_state": e.calculated_state,
        "last_described_at": rails_time(e.last_described_at),
        "incoming_message_id": e.incoming_message_id,
        "outgoing_message_id": e.outgoing_message_id,
        "comment_id": e.comment_id,
    }
    if e.is_message:
        out["display_status"] = e.display_status
    return out


def request_json(
    t: SampleThread, *, now: datetime | None = None, body_threads: list[SampleThread] | None = None
) -> dict[str, Any]:
    """``InfoRequest#json_for_api(true)``: field set and key order of the real thing."""
    now = _now(now)
    return {
        "id": t.id,
        "url_title": t.url_title,
        "title": t.title,
        "created_at": rails_time(t.created_at),
        "updated_at": rails_time(t.updated_at),
        "described_state": t.described_state,
        "display_status": t.display_status(now),
        "awaiting_description": t.awaiting_description,
        "prominence": t.prominence,
        "law_used": t.law_used,
        "tags": [[k, v] for k, v in t.tags],
        "user": user_json(t.user),
        "public_body": body_json(t.authority, body_threads if body_threads is not None else [t], now),
        "info_request_events": [event_json(e) for e in sorted(t.events, key=lambda e: (e.created_at, e.id))],
    }


def latest_hit(thread: SampleThread, after: date | None = None, before: date | None = None) -> SampleEvent | None:
    """The request's most recent indexed event within the date range (how Xapian collapses lists)."""
    best = None
    for e in thread.indexed_events:
        d = e.created_at.astimezone(LONDON).date()
        if (after and d < after) or (before and d > before):
            continue
        if best is None or (e.created_at, e.id) > (best.created_at, best.id):
            best = e
    return best
