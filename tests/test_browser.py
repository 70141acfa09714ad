"""The archive in a real browser: Debian's chromium, headless, driven through chromedriver.

One demo archive (the sample site crawled over loopback), one ``wdtk-archive serve`` process and
one browser session for the module. Each test opens a page as a reader would and checks what a
reader would see: the thread with its removed text revealed, search results leading into the
thread, a chart; no console errors anywhere, and no archived ``<script>`` or ``onerror=`` ever
running. Screenshots go to the test's temporary folder, and also to ``$WDTK_SCREENSHOT_DIR``
when that is set (how docs/screenshots/ is made).

Skipped only when no chromium is installed; CI installs it (``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from support import free_port, served

from scraper.demo import run_demo

pytestmark = pytest.mark.browser

CHROMIUM = next(
    (
        p
        for p in (shutil.which("chromium"), shutil.which("chromium-browser"), "/usr/bin/chromium")
        if p and Path(p).exists()
    ),
    None,
)
CHROMEDRIVER = next(
    (p for p in (shutil.which("chromedriver"), "/usr/bin/chromedriver") if p and Path(p).exists()), None
)

if CHROMIUM is None:
    pytest.skip("chromium is not installed (Debian: apt-get install chromium chromium-driver)", allow_module_level=True)

# Records every dialog instead of showing it: an archived alert(1) that ran would land here.
DIALOG_TRAP = """
window.__dialogs = [];
for (const name of ["alert", "confirm", "prompt"]) {
  window[name] = function (message) { window.__dialogs.push(name + ":" + String(message)); };
}
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "archive.db"
    assert run_demo(str(path), serve=False) == 0
    return path


@pytest.fixture(scope="module")
def server(archive) -> str:
    """``wdtk-archive serve`` on a free loopback port, as a user would start it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [sys.executable, "-m", "scraper", "serve", "--db", str(archive), "--port", str(port)]
    with served(argv, ready=f"{base}/-/versions.json", log=archive.with_name("serve.log"), cwd=archive.parent):
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("chromium is installed but selenium is not: pip install -e '.[test]'")
    if CHROMEDRIVER is None:
        pytest.fail("chromium is installed but chromedriver is not: apt-get install chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1280,1800",
        "--lang=en-GB",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": DIALOG_TRAP})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> list[Path]:
    folders = [tmp_path_factory.mktemp("screenshots")]
    if os.environ.get("WDTK_SCREENSHOT_DIR"):
        folders.append(Path(os.environ["WDTK_SCREENSHOT_DIR"]))
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


def save_screenshot(shots: list[Path], name: str, png: bytes) -> None:
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    for folder in shots:
        (folder / name).write_bytes(png)


def console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def open_page(driver, url: str) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    # get() returns once the load event has fired, but on a loaded machine chromedriver has been seen
    # to return while the next document still reads "loading": wait a bounded time for it to finish
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def xss_thread(archive: Path) -> int:
    conn = sqlite3.connect(archive)
    try:
        (request_id,) = conn.execute(
            "select r.request_id from messages m join requests r on r.id = m.request "
            "where m.raw_text like '%<script>alert(1)</script>%' and m.raw_text like '%onerror=alert(1)%'"
        ).fetchone()
    finally:
        conn.close()
    return request_id


def test_thread_page_reveals_stripped_text_and_runs_no_archived_script(browser, server, archive, shots):
    from selenium.webdriver.common.by import By

    request_id = xss_thread(archive)
    open_page(browser, f"{server}/archive/-/thread/{request_id}")
    assert "/-/thread/" in browser.current_url

    # The injected markup is on the page as text, and nothing of it ran or was created.
    body_text = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>alert(1)</script>" in body_text
    assert "<img src=x onerror=alert(1)>" in body_text
    assert browser.execute_script("return window.__dialogs") == []
    assert browser.find_elements(By.CSS_SELECTOR, "article.msg img") == []

    # A message's removed text is hidden until its control is used, then shown highlighted.
    details = browser.find_element(By.CSS_SELECTOR, "details.msg-stripped")
    marks = details.find_elements(By.CSS_SELECTOR, "mark.strip")
    assert marks and not any(m.is_displayed() for m in marks)
    details.find_element(By.TAG_NAME, "summary").click()
    assert all(m.is_displayed() for m in marks)
    colours = {m.get_attribute("data-category"): m.value_of_css_property("background-color") for m in marks}
    assert len(set(colours.values())) == len(colours), colours  # one colour per category
    assert all(c not in ("rgba(0, 0, 0, 0)", "transparent") for c in colours.values())

    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(shots, "thread.png", browser.get_screenshot_as_png())

    # The page-wide switch (our JavaScript) opens every message's removed text, and raw text.
    button = browser.find_element(By.ID, "reveal-stripped")
    assert button.is_displayed()
    button.click()
    assert browser.execute_script("return [...document.querySelectorAll('details.msg-stripped')].every(d => d.open)")
    browser.find_element(By.ID, "reveal-raw").click()
    raw = browser.find_element(By.CSS_SELECTOR, "details.msg-raw pre")
    assert raw.is_displayed() and raw.text.strip()

    assert browser.execute_script("return window.__dialogs") == []
    assert console_errors(browser) == []


def test_search_groups_by_thread_and_leads_into_it(browser, server, shots):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, f"{server}/archive/-/search")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.send_keys('"facial recognition"')
    browser.find_element(By.CSS_SELECTOR, "input[name=authority]").send_keys("Metropolitan")
    # Dates are typed as YYYY-MM-DD, whatever the browser's locale.
    since = browser.find_element(By.CSS_SELECTOR, "input[name=from]")
    assert since.get_attribute("type") == "text" and since.get_attribute("placeholder") == "YYYY-MM-DD"
    since.send_keys("2010-01-01")
    browser.find_element(By.CSS_SELECTOR, ".wdtk-form button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda d: "q=" in d.current_url)
    assert "from=2010-01-01" in browser.current_url
    results = WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "li.result"))
    ids = [r.get_attribute("data-request-id") for r in results]
    assert ids and len(ids) == len(set(ids))  # one entry per thread
    for result in results:
        assert "Metropolitan Police" in result.text
        count = int(result.find_element(By.CSS_SELECTOR, ".match-count").text.split()[0])
        assert count >= 1
        # the phrase also matches inside URLs the messages cite (facial-recognition-deployments/)
        assert [
            " ".join(m.text.lower().replace("-", " ").split())
            for m in result.find_elements(By.CSS_SELECTOR, ".snippet mark")
        ][:1] == ["facial recognition"]
    # A thread with several matches opens to list them all, each linking to its message.
    grouped = next(r for r in results if r.find_elements(By.CSS_SELECTOR, "details.more-hits"))
    count = int(grouped.find_element(By.CSS_SELECTOR, ".match-count").text.split()[0])
    hits = grouped.find_elements(By.CSS_SELECTOR, "details.more-hits li")
    assert count > 1 and len(hits) == count and not hits[0].is_displayed()
    grouped.find_element(By.CSS_SELECTOR, "details.more-hits summary").click()
    assert all(h.is_displayed() for h in hits)
    assert console_errors(browser) == []
    browser.execute_script("window.scrollTo(0, 0)")
    save_screenshot(shots, "search.png", browser.get_screenshot_as_png())

    link = results[0].find_element(By.CSS_SELECTOR, "h3 a")
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    WebDriverWait(browser, 20).until(lambda d: "/-/thread/" in d.current_url)
    target = browser.find_element(By.ID, anchor)
    assert browser.execute_script("return document.querySelector(':target') === arguments[0]", target)
    assert console_errors(browser) == []


def test_pages_use_the_window_and_long_sql_wraps(browser, server, archive):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1400, 1000)
    try:
        width = lambda: browser.execute_script("return document.documentElement.clientWidth")  # noqa: E731
        for path, selector in (
            (f"/archive/-/thread/{xss_thread(archive)}", "article.msg"),
            ("/archive/-/charts", "#response-times svg"),
            ("/archive/response_times", "table.rows-and-columns"),
        ):
            open_page(browser, server + path)
            content = browser.find_element(By.CSS_SELECTOR, "section.content")
            assert content.size["width"] >= 0.9 * width(), (path, content.size, width())
            shown = browser.find_element(By.CSS_SELECTOR, selector)
            assert shown.size["width"] >= 0.6 * width(), (path, selector, shown.size)
        # A canned query's SQL (long lines) wraps inside the page.
        for query in ("search_feed", "deadlines", "overdue"):
            open_page(browser, f"{server}/archive/{query}")
            sql = browser.find_element(By.CSS_SELECTOR, "pre#sql-query")
            assert browser.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth + 1", sql), query
            assert browser.execute_script(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            ), query
        assert console_errors(browser) == []
    finally:
        browser.set_window_size(1280, 1800)


def test_charts_draw_without_network(browser, server, shots):
    from selenium.webdriver.common.by import By

    open_page(browser, f"{server}/archive/-/charts")
    dots = browser.find_elements(By.CSS_SELECTOR, "#response-times circle.dot")
    bars = browser.find_elements(By.CSS_SELECTOR, "#outcomes rect")
    assert dots and bars and dots[0].is_displayed()
    # Every resource the page loaded came from our own server.
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert urls and all(u.startswith(server) for u in urls), urls
    assert console_errors(browser) == []
    chart = browser.find_element(By.ID, "response-times")
    save_screenshot(shots, "chart.png", chart.screenshot_as_png)


def test_datasette_pages_load_nothing_from_elsewhere_and_log_no_errors(browser, server):
    for path in (
        "/archive",
        "/archive/requests",
        "/archive/response_times",
        "/archive/overdue",
        "/archive/thread_messages?_search=camera",
    ):
        open_page(browser, server + path)
        assert console_errors(browser) == [], path
        urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(u.startswith(server) for u in urls), (path, urls)
    assert browser.execute_script("return window.__dialogs") == []


def test_linked_pages_read_under_their_message_and_on_their_own_page(browser, server, archive, shots):
    from selenium.webdriver.common.by import By

    conn = sqlite3.connect(archive)
    try:
        (request_id, anchor, page) = conn.execute(
            "select r.request_id, m.anchor, p.id from linked_pages p join linked_citations c on c.page = p.id "
            "join messages m on m.id = c.message join requests r on r.id = c.request "
            "where p.state = 'archived' and p.url like '%use-of-retrospective-facial-recognition%'"
        ).fetchone()
    finally:
        conn.close()
    open_page(browser, f"{server}/archive/-/thread/{request_id}#{anchor}")
    item = browser.find_element(By.CSS_SELECTOR, f"article#{anchor} section.linked-pages li.linked-archived")
    text = item.find_element(By.CSS_SELECTOR, "details.linked-text pre")
    assert not text.is_displayed()  # folded until asked for
    item.find_element(By.CSS_SELECTOR, "details.linked-text summary").click()
    assert "01.FOI.22.022487" in text.text and "cookies" not in text.text.lower()
    item.find_element(By.CSS_SELECTOR, "a.linked-copy").click()
    assert browser.current_url.endswith(f"/archive/-/linked/{page}")
    assert "Archived copy, captured" in browser.find_element(By.ID, "copy-title").text
    assert browser.find_elements(By.CSS_SELECTOR, "pre.linked-copy-text")[0].is_displayed()
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(u.startswith(server) for u in urls), urls
    assert console_errors(browser) == [] and browser.execute_script("return window.__dialogs") == []
    save_screenshot(shots, "linked.png", browser.get_screenshot_as_png())
