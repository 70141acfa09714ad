"""Authorities' own web sites, as the sample's FOI responses link to them.

Responses often say "the information is published on our website" and give a link: the substance
then lives on the authority's site, under cookie banners and site chrome, until the page moves or
vanishes. This module holds those sites as plain data (what each URL answers) and renders their
pages; :mod:`scraper.sample.authority` serves them on loopback hosts of their own.

* ``www.met.police.uk`` — the authority site: two disclosure-log entries built from seeds 002 and
  003 with the chrome those seeds show (quick-exit button, cookie banner, "this site is a beta",
  feedback widget, footer), a PDF, an Excel workbook, a page a test later removes, a redirect chain, a path its
  robots.txt forbids, and pages for bad-input tests (huge, binary served as HTML, a redirect loop,
  a redirect off the allowlist), which no sample message links to;
* ``www.surreycc.gov.uk`` — a council site whose robots.txt forbids the path of its FOI responses;
* ``www.leics.police.uk`` — a slow host (every answer waits ``latency`` seconds).

Texts outside the two seeds are written for the sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from urllib.parse import urlsplit

from scraper.sample.files import make_pdf, make_xlsx, repeat_stream
from scraper.sample.textformat import escape_html as h

__all__ = [
    "MET",
    "LEICS",
    "SURREY",
    "WebFile",
    "WebGone",
    "WebHost",
    "WebPage",
    "WebRedirect",
    "WebResource",
    "WebStream",
    "default_web",
    "render_page",
    "seed_page_parts",
]

MET = "https://www.met.police.uk"
SURREY = "https://www.surreycc.gov.uk"
LEICS = "https://www.leics.police.uk"

_DATA = resources.files("scraper.sample") / "data" / "web"

#: Seeds 002 and 003 begin with the text of the site's chrome, seven lines of it.
SEED_CHROME_LINES = 7


@dataclass
class WebPage:
    """An HTML page: a title and its paragraphs, inside a site's chrome (``style``)."""

    title: str
    paragraphs: list[str]  #: the main content, one line per block, as a reader sees it
    style: str = "police"  #: police (the forces' shared platform), council, or plain
    #: exact text within a paragraph → the URL it links to
    links: dict[str, str] = field(default_factory=dict)
    chrome: list[str] = field(default_factory=list)  #: texts of the chrome (banners), if any
    documents: list[tuple[str, str]] = field(default_factory=list)  #: (link text, URL) after the content
    site: str = "Metropolitan Police"  #: the site's name, in the title and footer


@dataclass
class WebFile:
    data: bytes
    content_type: str


@dataclass
class WebRedirect:
    location: str
    status: int = 301


@dataclass
class WebGone:
    status: int = 404


@dataclass
class WebStream:
    """A large generated body (``size`` bytes) under a declared type, e.g. a huge page."""

    head: bytes
    block: bytes
    size: int
    content_type: str  #: sent with a Content-Length of ``size``


WebResource = WebPage | WebFile | WebRedirect | WebGone | WebStream


@dataclass
class WebHost:
    """One authority web site: robots.txt, resources by path, and how slowly it answers."""

    origin: str  #: e.g. https://www.met.police.uk (rewritten to the loopback address it is served on)
    robots_txt: str = "User-agent: *\nDisallow:\n"
    resources: dict[str, WebResource] = field(default_factory=dict)
    latency: float = 0.0  #: seconds every answer waits (a slow host)

    def url(self, path: str) -> str:
        return self.origin + path


# -- rendering ----------------------------------------------------------------------------------

_POLICE_NAV = [
    "Report",
    "Contact us",
    "Advice and information",
    "Request information",
    "News",
    "Careers",
    "Police forces",
]
_COUNCIL_NAV = [
    "Roads and transport",
    "Council tax",
    "Waste and recycling",
    "Schools and learning",
    "Adult social care",
    "Council and democracy",
]


def _para(text: str, links: dict[str, str]) -> str:
    out = h(text)
    for anchor, href in links.items():
        if anchor in text:
            out = out.replace(h(anchor), f'<a href="{h(href)}">{h(anchor)}</a>', 1)
    return out


_HEADING = re.compile(r"^(Decision|Reason for decision|Disclosure|Reasons for decision|Background|Documents)$")
_QUESTION = re.compile(r"^(Q\d|\dQ)")
_EXEMPTION = re.compile(r"^Section \d+(\(\d+\))?.{0,20} [-–] ")


def _main_html(page: WebPage) -> str:
    """The content lines as the platform's editors lay them out: headings, the request quoted,
    exemptions as a list, each answer a paragraph."""
    out: list[str] = []
    in_request = False
    in_list = False
    for line in page.paragraphs:
        if in_list and not _EXEMPTION.match(line):
            out.append("</ul>")
            in_list = False
        if in_request and (_HEADING.match(line) or line.startswith("I have today decided")):
            out.append("</blockquote></div>")
            in_request = False
        if _HEADING.match(line):
            out.append(f"<h2>{h(line)}</h2>")
        elif line.startswith("Freedom of information request reference no"):
            out.append(f'<p class="foi-reference"><strong>{h(line)}</strong></p>')
        elif line.startswith("I note you seek access"):
            out.append(f"<p>{h(line)}</p>")
            out.append('<div class="foi-request"><blockquote>')
            in_request = True
        elif _EXEMPTION.match(line):
            if not in_list:
                out.append('<ul class="exemptions">')
                in_list = True
            out.append(f"<li>{_para(line, page.links)}</li>")
        elif _QUESTION.match(line):
            out.append(f"<p><strong>{_para(line, page.links)}</strong></p>")
        else:
            out.append(f"<p>{_para(line, page.links)}</p>")
    if in_list:
        out.append("</ul>")
    if in_request:
        out.append("</blockquote></div>")
    if page.documents:
        out.append('<section class="documents"><h2>Documents</h2><ul>')
        out += [f'<li><a href="{h(href)}">{h(text)}</a></li>' for text, href in page.documents]
        out.append("</ul></section>")
    return "\n".join(out)


def _police_page(page: WebPage, origin: str, path: str) -> str:
    chrome = page.chrome or _POLICE_CHROME
    quick_exit, cookies_1, cookies_2, saved_1, saved_2, problem, beta = chrome[:SEED_CHROME_LINES]
    exit_text, _, exit_button = quick_exit.partition(" Leave")
    exit_button = ("Leave" + exit_button) if exit_button else "Leave this site"
    crumbs = [("Home", "/"), ("Request information", "/foi-ai/"), ("Disclosure log", "/foi-ai/disclosure-log/")]
    nav = "\n".join(
        f'<li class="nav__item"><a href="/{re.sub(r"[^a-z]+", "-", n.lower()).strip("-")}/">{h(n)}</a></li>'
        for n in _POLICE_NAV
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{h(page.title)} | {h(page.site)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="canonical" href="{h(origin + path)}">
<link rel="stylesheet" href="/static/css/main.5f2c.css">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "WebPage", "name": "{h(page.title)}"}}</script>
<script src="/static/js/analytics.js" async></script>
</head>
<body class="page-foi">
<a class="skip-link" href="#main-content">Skip to main content</a>
<div class="quick-exit" data-module="quick-exit">
  <p class="quick-exit__text">{h(exit_text)}</p>
  <a class="quick-exit__button" href="https://www.bbc.co.uk/weather" rel="nofollow">{h(exit_button)}</a>
</div>
<div class="cookie-banner" id="cookie-banner" role="region" aria-label="Cookies on this site">
  <div class="cookie-banner__message">
    <p>{h(cookies_1)}</p>
    <p>{h(cookies_2)}</p>
    <div class="cookie-banner__buttons">
      <button type="button" class="button" data-accept-cookies="true">Accept all cookies</button>
      <a class="button button--secondary" href="/cookies/">Customise Cookies</a>
    </div>
  </div>
  <div class="cookie-banner__confirmation" tabindex="-1">
    <p class="cookie-banner__confirmation-message">{h(saved_1)}</p>
  </div>
  <div class="cookie-settings__confirmation" data-cookie-confirmation="true">
    <p>{h(saved_2)}</p>
  </div>
  <div class="cookie-banner__error"><p>{h(problem)}</p></div>
</div>
<header class="site-header" role="banner">
  <div class="site-header__inner">
    <a class="site-header__logo" href="/"><img src="/static/img/logo.svg" alt="{h(page.site)}"></a>
    <form class="site-search" action="/search/" method="get" role="search">
      <label for="q">Search this site</label><input id="q" name="q" type="search"><button>Search</button>
    </form>
  </div>
  <nav class="site-nav" aria-label="Main menu"><ul class="nav">{nav}</ul></nav>
</header>
<div class="phase-banner">
  <p><strong class="tag">Beta</strong> <span class="phase-banner__text">{_para(beta, {"let us know what you think": "/feedback/"})}</span></p>
</div>
<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
{"".join(f'<li><a href="{h(href)}">{h(name)}</a></li>' for name, href in crumbs)}
</ol></nav>
<main id="main-content" class="main">
  <div class="container">
    <article class="content-page">
      <h1 class="content-page__title">{h(page.title)}</h1>
      <div class="rich-text">
{_main_html(page)}
      </div>
    </article>
    <aside class="related" aria-label="Related content">
      <h2>Related information</h2>
      <ul>
        <li><a href="/foi-ai/af/accessing-information/">Accessing information</a></li>
        <li><a href="/foi-ai/disclosure-log/">Disclosure log</a></li>
        <li><a href="/foi-ai/af/accessing-information/published-items/">Published items</a></li>
      </ul>
    </aside>
    <div class="feedback" id="feedback">
      <h2 class="feedback__title">Was this page helpful?</h2>
      <form class="feedback__form" action="/feedback/" method="post">
        <button name="helpful" value="yes">Yes</button> <button name="helpful" value="no">No</button>
      </form>
      <a class="feedback__report" href="/feedback/report/">Report a problem with this page</a>
    </div>
  </div>
</main>
<footer class="site-footer" role="contentinfo">
  <div class="site-footer__links"><ul>
    <li><a href="/accessibility/">Accessibility</a></li><li><a href="/cookies/">Cookies</a></li>
    <li><a href="/privacy-notice/">Privacy notice</a></li><li><a href="/terms/">Terms and conditions</a></li>
    <li><a href="/contact-us/">Contact us</a></li></ul></div>
  <p class="site-footer__copyright">© {h(page.site)} 2024. All rights reserved.</p>
  <p class="site-footer__social">Follow us on <a href="https://x.com/metpoliceuk">X</a> and <a href="https://www.facebook.com/metpoliceuk">Facebook</a></p>
</footer>
<script src="/static/js/main.7d1e.js"></script>
</body>
</html>
"""


def _council_page(page: WebPage, origin: str, path: str) -> str:
    """A council site of the older kind: tables of divs, no landmarks, chrome named by class."""
    nav = "".join(
        f'<div class="menu-item"><a href="/{re.sub(r"[^a-z]+", "-", n.lower()).strip("-")}">{h(n)}</a></div>'
        for n in _COUNCIL_NAV
    )
    body = "\n".join(
        f'<div class="para">{_para(p, page.links)}</div>'
        if len(p) > 60
        else f'<div class="subheading"><b>{_para(p, page.links)}</b></div>'
        for p in page.paragraphs
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{h(page.title)} - Surrey County Council</title>
<link rel="stylesheet" href="/styles/site.css"></head>
<body>
<div id="cookiePolicy" class="cookie-policy-popup">
  <div>Can we use cookies to help us improve this site? We'd like to set analytics cookies that collect information about how you use the site.</div>
  <a href="#" class="accept">Yes, that's fine</a> <a href="#" class="reject">No, thanks</a>
</div>
<div id="top">
  <div class="logo"><a href="/"><img src="/img/scc-logo.png" alt="Surrey County Council"></a></div>
  <div class="searchbox"><form action="/search"><input name="q" placeholder="Search Surrey County Council"></form></div>
  <div id="menu">{nav}</div>
</div>
<div id="crumb"><a href="/">Home</a> &gt; <a href="/roads-and-transport">Roads and transport</a> &gt; {h(page.title)}</div>
<div id="middle">
  <div id="leftcol">
    <div class="sidebar-title">In this section</div>
    <div class="sidebar-link"><a href="/roads-and-transport/road-safety">Road safety</a></div>
    <div class="sidebar-link"><a href="/roads-and-transport/parking">Parking</a></div>
    <div class="sidebar-link"><a href="/roads-and-transport/traffic-signals">Traffic signals</a></div>
  </div>
  <div id="centrecol">
    <div class="pagetitle">{h(page.title)}</div>
{body}
    <div class="pagefeedback">Did you find this page useful? <a href="/feedback?r=yes">Yes</a> <a href="/feedback?r=no">No</a></div>
    <div class="lastupdated">Share this page: <a href="https://www.facebook.com/sharer/sharer.php">Facebook</a> <a href="https://x.com/intent/tweet">X</a> <a href="mailto:?subject=page">Email</a></div>
  </div>
</div>
<div id="bottom">
  <div class="bottomlinks"><a href="/accessibility">Accessibility statement</a> | <a href="/privacy">Privacy</a> | <a href="/cookies">Cookies</a> | <a href="/jobs">Jobs</a></div>
  <div class="copyright">Copyright Surrey County Council 2021, County Hall, Penrhyn Road, Kingston upon Thames</div>
</div>
</body></html>
"""


def _plain_page(page: WebPage, origin: str, path: str) -> str:
    paras = "\n".join(f"<p>{_para(p, page.links)}</p>" for p in page.paragraphs)
    return f"<!DOCTYPE html><html><head><title>{h(page.title)}</title></head><body><h1>{h(page.title)}</h1>\n{paras}\n</body></html>\n"


_STYLES = {"police": _police_page, "council": _council_page, "plain": _plain_page}


def render_page(page: WebPage, origin: str, path: str) -> str:
    """The page's HTML in its site's chrome; every text from the data is escaped."""
    return _STYLES[page.style](page, origin, path)


# -- the sample's authority sites ----------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    return [line.rstrip() for line in (_DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_page_parts(name: str) -> tuple[list[str], list[str]]:
    """A seed disclosure-log text split into (chrome lines, content lines)."""
    lines = _data_lines(name)
    return lines[:SEED_CHROME_LINES], lines[SEED_CHROME_LINES:]


_POLICE_CHROME = seed_page_parts("mps_rfr_disclosure.txt")[0]

#: Paths on www.met.police.uk the sample messages link to (tests read them from here).
RFR_PAGE = "/foi-ai/metropolitan-police/d/november-2022/use-of-retrospective-facial-recognition-rfr/"
LFR_PAGE = (
    "/foi-ai/metropolitan-police/disclosure-2023/april-2023/facial-recognition-deployments-january-2022-january-2023/"
)
LFR_PDF = "/SysSiteAssets/foi-media/metropolitan-police/disclosure_2023/april_2023/lfr-deployment-record-2022.pdf"
LFR_XLSX = "/SysSiteAssets/foi-media/metropolitan-police/disclosure_2023/april_2023/lfr-deployment-record-2022.xlsx"
POLICY_PAGE = "/foi-ai/metropolitan-police/d/may-2022/live-facial-recognition-policy-documents/"
OLD_FR_PAGE = "/foi-ai/af/accessing-information/published-items/facial-recognition/"
MID_FR_PAGE = "/foi-ai/af/published-items/facial-recognition/"
FR_PAGE = "/police-forces/metropolitan-police/areas/about-us/about-the-met/facial-recognition-technology/"
DRAFT_PAGE = "/foi-ai/drafts/rfr-briefing/"
HUGE_PAGE = "/foi-ai/metropolitan-police/disclosure-2024/full-deployment-logs/"
BINARY_PAGE = "/foi-ai/metropolitan-police/disclosure-2024/camera-stills/"
LOOP_PAGE = "/foi-ai/metropolitan-police/disclosure-2024/loop/"
OFF_LIST_PAGE = "/foi-ai/metropolitan-police/disclosure-2024/moved-to-the-archive/"
OFF_LIST_TARGET = "https://archive.example.net/met/disclosure-2024/moved-to-the-archive/"
SURREY_CCTV = "/roads-and-transport/cctv"
SURREY_FOI = "/council-and-democracy/freedom-of-information/responses/cctv-camera-numbers"
LEICS_ANPR = "/foi-ai/leicestershire-police/disclosure-log/anpr-camera-locations/"

_LFR_RECORD = """Metropolitan Police Service - Live Facial Recognition deployment record 2022
Published in response to FOI request 01.FOI.23.031597.
Each row is one deployment: date, location, watchlist size, alerts, engagements.
28/01/2022 Oxford Circus, Westminster: watchlist 9,756; alerts 1; engagements 1.
07/07/2022 Oxford Circus, Westminster: watchlist 6,747; alerts 0; engagements 0.
14/07/2022 Oxford Circus, Westminster: watchlist 6,699; alerts 1; engagements 1.
Figures are synthetic, made for the wdtk-archive sample site."""

#: The deployment record as the spreadsheet the disclosure log also publishes (figures synthetic).
LFR_SHEETS: dict[str, list[list[str | int | date]]] = {
    "Deployments 2022": [
        ["Date", "Location", "Borough", "Watchlist size", "Alerts", "Engagements"],
        [date(2022, 1, 28), "Oxford Circus", "Westminster", 9756, 1, 1],
        [date(2022, 7, 7), "Oxford Circus", "Westminster", 6747, 0, 0],
        [date(2022, 7, 14), "Oxford Circus", "Westminster", 6699, 1, 1],
    ],
    "Notes": [["Spreadsheet edition of the deployment record; figures are synthetic, made for the sample site."]],
}

_POLICY = [
    "Freedom of information request reference no: 01.FOI.22.023901",
    "I note you seek access to the following information:",
    "Please provide the policy documents that govern the Metropolitan Police Service's use of live facial recognition.",
    "Decision",
    "I have today decided to disclose the located information to you in full.",
    "The MPS publishes its live facial recognition policy documents, including the Standard Operating Procedure and the Legal Mandate, on its website. Under section 21 of the Act that information is reasonably accessible to you by other means.",
    "This page is kept for twelve months after publication.",
]

_FR_TECH = [
    "Facial recognition technology helps officers find people wanted for serious offences.",
    "Live facial recognition compares the faces of people passing a camera with a watchlist; an alert is reviewed by an officer before any action is taken.",
    "Retrospective facial recognition compares images from past events, such as CCTV footage, with custody images.",
    "Our policy documents, equality impact assessments and deployment records are published in the disclosure log.",
]

_SURREY_CCTV = [
    "The council operates CCTV cameras on the highway network to monitor traffic and help manage incidents.",
    "Cameras are not used to enforce speed limits, and images are kept for 31 days unless they are needed for an investigation.",
    "Camera positions",
    "There are 112 traffic cameras on main roads across the county; a map of their positions is updated every quarter.",
]

_SURREY_FOI = [
    "FOI response: number of CCTV cameras operated by the council",
    "The council operates 112 highway CCTV cameras and 24 cameras in council buildings.",
]

_LEICS_ANPR = [
    "Freedom of information request reference no: 004512/22",
    "I note you seek access to the following information:",
    "Please provide the number of fixed ANPR cameras operated by Leicestershire Police and the roads they cover.",
    "Decision",
    "I have today decided to disclose some of the requested information.",
    "Leicestershire Police operates 84 fixed ANPR cameras. Their locations are exempt from disclosure under section 31(1)(a) of the Act, as publishing them would help those who wish to avoid detection.",
]


def default_web() -> dict[str, WebHost]:
    """The authority sites the sample's messages link to, keyed by origin."""
    rfr_chrome, rfr_lines = seed_page_parts("mps_rfr_disclosure.txt")
    lfr_chrome, lfr_lines = seed_page_parts("mps_lfr_deployments_disclosure.txt")
    met = WebHost(
        MET,
        robots_txt=(
            "User-agent: *\nDisallow: /search/\nDisallow: /account/\nDisallow: /foi-ai/drafts/\n"
            "\nSitemap: https://www.met.police.uk/sitemap.xml\n"
        ),
    )
    met.resources = {
        RFR_PAGE: WebPage(
            "Use of Retrospective Facial Recognition (RFR)",
            rfr_lines,
            chrome=rfr_chrome,
            links={
                "MPS definition for the term “RFR”": "/foi-ai/af/accessing-information/published-items/",
                "Code of Practice - On the Operation and Use of the Police National Database": "https://www.gov.uk/government/publications/police-national-database-code-of-practice",
            },
        ),
        LFR_PAGE: WebPage(
            "Facial recognition deployments January 2022 - January 2023",
            lfr_lines,
            chrome=lfr_chrome,
            documents=[("LFR deployment record 2022 (PDF)", LFR_PDF), ("The same as a spreadsheet", LFR_XLSX)],
        ),
        LFR_PDF: WebFile(make_pdf(_LFR_RECORD, title="LFR deployment record 2022"), "application/pdf"),
        LFR_XLSX: WebFile(
            make_xlsx(LFR_SHEETS, title="LFR deployment record 2022"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        POLICY_PAGE: WebPage("Live facial recognition policy documents", list(_POLICY)),
        OLD_FR_PAGE: WebRedirect(MET + MID_FR_PAGE, 301),
        MID_FR_PAGE: WebRedirect(FR_PAGE, 302),
        FR_PAGE: WebPage("Facial recognition technology", list(_FR_TECH)),
        DRAFT_PAGE: WebPage("RFR briefing (draft)", ["Draft: not for publication."], style="plain"),
        HUGE_PAGE: WebStream(
            b"<!DOCTYPE html><html><head><title>Deployment logs</title></head><body>",
            b"<p>Deployment log entry: camera 12, alert reviewed, no action taken.</p>\n",
            30 * 1024 * 1024,
            "text/html; charset=utf-8",
        ),
        BINARY_PAGE: WebFile(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "text/html"),
        LOOP_PAGE: WebRedirect(LOOP_PAGE + "again/", 302),
        LOOP_PAGE + "again/": WebRedirect(LOOP_PAGE, 302),
        OFF_LIST_PAGE: WebRedirect(OFF_LIST_TARGET, 301),
    }
    surrey = WebHost(
        SURREY, robots_txt=("User-agent: *\nDisallow: /council-and-democracy/freedom-of-information/responses/\n")
    )
    surrey.resources = {
        SURREY_CCTV: WebPage("Highway CCTV cameras", list(_SURREY_CCTV), style="council"),
        SURREY_FOI: WebPage("CCTV camera numbers", list(_SURREY_FOI), style="council"),
    }
    leics = WebHost(LEICS, latency=0.6)
    leics.resources = {
        LEICS_ANPR: WebPage("ANPR camera locations", list(_LEICS_ANPR), site="Leicestershire Police"),
    }
    return {host.origin: host for host in (met, surrey, leics)}


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stream_body(resource: WebStream) -> Iterator[bytes]:
    return repeat_stream(resource.head, resource.block, resource.size)
