"""The HTML report in a real headless browser (Debian's chromium, driven by Selenium):
it opens from a file with no errors and no network requests, every finding link lands on
its highlighted evidence, and nothing overflows at desktop or phone width.

Skipped when chromium or chromedriver is missing, unless RECONCILE_REQUIRE_SERVERS=1
(CI sets it, so these tests can never be silently skipped there). Selenium is always given
the driver's path, so Selenium Manager never downloads anything.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest

from reconcile.ingest import article_from_text
from reconcile.model import Report
from reconcile.pipeline import analyse
from reconcile.render import RenderOptions
from reconcile.render.html_report import render_html

from .conftest import ROOT, SEEDS

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOT = ROOT / "docs" / "img" / "html-report.png"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
)

LONG_WORD = "Tauchaktionsgrundlagenforschungsabschlussbericht" * 6
LONG_URL = "https://example.org/" + "/".join(f"segment-{n}-with-no-spaces" for n in range(20)) + "?q=" + "x" * 120


def _missing(message: str) -> None:
    if os.environ.get("RECONCILE_REQUIRE_SERVERS") == "1":
        pytest.fail(f"{message}, and RECONCILE_REQUIRE_SERVERS=1 requires it (install chromium chromium-driver)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(binary) and os.access(binary, os.X_OK)):
            _missing(f"{binary} not found")
    try:
        from selenium import webdriver
    except ImportError:
        _missing("selenium is not installed (pip install 'reconcile[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _seed_articles():
    return [article_from_text(p.stem, p.read_text(encoding="utf-8"), f"seeds/{p.name}") for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def seeds_report() -> Report:
    return analyse(_seed_articles())


@pytest.fixture(scope="module")
def seeds_url(seeds_report, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(seeds_report, RenderOptions()), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def stress_url(tmp_path_factory) -> str:
    """The seeds plus a story made of what breaks layouts: a very long word, a long URL,
    markup, and a copy of a seed passage so that the long text also lands in a table."""
    seed = (SEEDS / "004_b816fb8022280b9f.txt").read_text(encoding="utf-8")
    text = (
        f"Long words everywhere\n\nTOKYO - {LONG_WORD} was filed at {LONG_URL} today. "
        f'<script>document.title="pwned"</script> "><img src=x onerror=alert(1)>\n\n{seed}\n\n{LONG_URL}\n'
    )
    report = analyse([*_seed_articles(), article_from_text("stress", text, "stress.txt")])
    path = tmp_path_factory.mktemp("html") / "stress.html"
    path.write_text(render_html(report, RenderOptions(show_agreements=True)), encoding="utf-8")
    return path.as_uri()


def _open(driver, url: str, width: int = 1280, height: int = 900) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    )
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(url)


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_page_opens_from_a_file_without_console_errors(browser, seeds_url):
    _open(browser, seeds_url)
    assert browser.title == "reconcile report"
    assert browser.find_element("css selector", "h1").text == "reconcile report"
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []


def test_page_makes_no_request_but_its_own(browser, stress_url):
    _open(browser, stress_url)
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert set(_requests(browser)) == {stress_url}
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_markup_in_an_article_stays_text_in_the_browser(browser, stress_url):
    _open(browser, stress_url)
    assert browser.title == "reconcile report"
    assert browser.execute_script("return document.querySelectorAll('script, img').length") == 0
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")  # articles are folded
    assert "<script>" in browser.find_element("id", "text-stress").text


def test_each_article_shows_exactly_its_text(browser, seeds_url, seeds_report):
    _open(browser, seeds_url)
    shown = browser.execute_script("return Object.fromEntries([...document.querySelectorAll('div.text')].map(e => [e.id, e.textContent]))")
    assert shown == {f"text-{a.id}": a.text for a in seeds_report.documents}


# Where the element targeted by the hash is: it must be the highlight, on screen below the
# bar, and outlined so the eye finds it.
TARGET = """
const el = document.querySelector(':target');
if (!el) return null;
const r = el.getBoundingClientRect(), bar = document.querySelector('nav.top').getBoundingClientRect();
return {id: el.id, tag: el.tagName.toLowerCase(), hash: location.hash,
        visible: r.top >= bar.bottom - 1 && r.top < window.innerHeight && r.height > 0,
        outlined: getComputedStyle(el).outlineStyle === 'solid'};
"""


def _click_every_link(driver, selector: str) -> list[tuple[str, dict]]:
    driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    landed = []
    for link in driver.find_elements("css selector", selector):
        href = link.get_attribute("href").split("#", 1)[1]
        # as a reader would: the link on screen, not under the sticky bar
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        landed.append((href, driver.execute_script(TARGET)))
    return landed


def test_each_finding_link_lands_on_its_highlighted_evidence(browser, seeds_url, seeds_report):
    _open(browser, seeds_url)
    landed = _click_every_link(browser, "ul.evidence a")
    assert len(landed) == sum(len(f.evidence) for f in seeds_report.findings)
    for href, target in landed:
        assert target == {"id": href, "tag": "mark", "hash": f"#{href}", "visible": True, "outlined": True}


def test_each_shared_passage_cell_lands_on_its_passage_in_the_full_text(browser, seeds_url, seeds_report):
    _open(browser, seeds_url)
    landed = _click_every_link(browser, "table.passages a")
    assert len(landed) == 2 * len(seeds_report.overlaps)
    for href, target in landed:
        assert target == {"id": href, "tag": "span", "hash": f"#{href}", "visible": True, "outlined": True}


# Every element that sticks out of its parent, and how far the page scrolls sideways.
OVERFLOW = """
const out = [];
for (const el of document.body.querySelectorAll('*')) {
  const parent = el.parentElement, r = el.getBoundingClientRect();
  if (!parent || r.width === 0 || getComputedStyle(el).position === 'sticky') continue;
  const p = parent.getBoundingClientRect();
  if (r.left < p.left - 1 || r.right > p.right + 1) out.push(el.tagName + '.' + el.className + '#' + el.id);
}
for (const el of document.querySelectorAll('td, th, div.text, li, pre, code')) {
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== 'inline') out.push('scroll:' + el.tagName + '#' + el.id);
}
return {page: document.documentElement.scrollWidth - document.documentElement.clientWidth, outside: out.slice(0, 10)};
"""


@pytest.mark.parametrize("width", [1280, 400])
def test_nothing_overflows_horizontally(browser, stress_url, width):
    _open(browser, stress_url, width=width)
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert browser.execute_script(OVERFLOW) == {"page": 0, "outside": []}


def _brightness(css_colour: str) -> int:
    return sum(int(n) for n in re.findall(r"\d+", css_colour)[:3])


def test_page_follows_the_readers_dark_colour_scheme(browser, seeds_url):
    colours = "return [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    _open(browser, seeds_url)
    light_background, light_text = browser.execute_script(colours)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        dark_background, dark_text = browser.execute_script(colours)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert _brightness(light_background) > _brightness(light_text)
    assert _brightness(dark_background) < _brightness(dark_text)


def test_printed_page_leaves_out_the_navigation_bar(browser, seeds_url):
    _open(browser, seeds_url)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script("return getComputedStyle(document.querySelector('nav.top')).display")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == "none"


def test_screenshot_of_the_seeds_report(browser, seeds_url, tmp_path, update_golden):
    """Made on every run; written to docs/img/ for the README only with --update-golden."""
    _open(browser, seeds_url, width=1280, height=900)
    png = browser.get_screenshot_as_png()
    assert png.startswith(b"\x89PNG")
    (tmp_path / "html-report.png").write_bytes(png)
    if update_golden:
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / "html-report.png", SCREENSHOT)
