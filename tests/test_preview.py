"""The live preview in a real browser: Debian's Chromium, driven by selenium.

The session is edited on disk, as a rapporteur's editor saves it; the page must
show the new text by itself, in place, scrolled to it; a mistake must appear in
the page, located, over the last good rendering.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from reportgen.config import Settings
from reportgen.tools.serve import Preview
from reportgen.tools.watch import Watcher, stay_warm

SEED = ROOT / "meetings" / "ctoc-cop-wg7-2017"
OLD = "aware of their responsibilities"
NEW = "aware of their freshly saved responsibilities"
WAIT_SECONDS = 20


def _browser_tools() -> tuple[str, str]:
    """Chromium and its driver; skipped where they cannot be installed, never in CI."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    if os.environ.get("CI"):
        pytest.fail("chromium and chromium-driver are missing in CI: .ci/run installs them")
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium chromium-driver)")


@dataclass
class Live:
    session: Path
    url: str
    browser: Any
    watcher: Watcher
    index: list[tuple[str, str]]  # what "/" listed: each document's title and address


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    chromium, driver = _browser_tools()
    webdriver = pytest.importorskip("selenium.webdriver")
    project = tmp_path_factory.mktemp("preview")
    shutil.copytree(SEED, project / "wg7")
    stay_warm()  # as the command does
    settings = Settings(formats=["html"], out=project / "build", root=project)
    preview = Preview(settings.out)
    watcher = Watcher([project], settings, ["html"])
    watcher.listeners.append(lambda r: preview.publish(r.failed, r.documents, r.problems))
    watcher.rebuild()
    url = preview.start()
    stop, ready = threading.Event(), threading.Event()
    thread = threading.Thread(target=watcher.watch, args=(stop, ready.set), daemon=True)
    thread.start()
    assert ready.wait(10)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1000,800"):
        options.add_argument(argument)
    browser = webdriver.Chrome(service=webdriver.ChromeService(driver), options=options)
    try:
        browser.get(url)
        index = [(a.text, a.get_attribute("href"))
                 for a in browser.find_elements("css selector", "ul.rg-documents a")]
        browser.get(index[0][1])  # the final report, which the tests edit
        yield Live(project / "wg7" / "session.yaml", url, browser, watcher, index)
    finally:
        browser.quit()
        stop.set()
        thread.join(10)
        preview.stop()
        stay_warm(False)


def _until(browser: Any, script: str) -> Any:
    """Wait for the page's ``script`` (JavaScript returning a value) to be truthy."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        value = browser.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"the page never made true: {script}")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_first_page_lists_the_documents_and_opens_each(live: Live) -> None:
    title = "Report on the meeting of the Working Group on the Smuggling of Migrants held in " \
        "Vienna from 11 to 13 September 2017"
    assert [(text, href.rsplit("/", 1)[1]) for text, href in live.index] == [
        (f"CTOC/COP/WG.7/2017/5 \u2014 {title}", "CTOC_COP_WG.7_2017_5.html"),
        ("CTOC/COP/WG.7/2017/L.1 \u2014 Draft report", "CTOC_COP_WG.7_2017_L.1.html"),
        ("CTOC/COP/WG.7/2017/L.1/Add.1 \u2014 Draft report", "CTOC_COP_WG.7_2017_L.1_Add.1.html"),
        ("CTOC/COP/WG.7/2017/L.1/Add.2 \u2014 Draft report", "CTOC_COP_WG.7_2017_L.1_Add.2.html")]
    assert live.browser.current_url == live.index[0][1]
    assert live.browser.find_element("css selector", "h1").text.startswith("Report on")


def test_the_page_shows_the_saved_text_in_place_and_scrolls_to_it(live: Live) -> None:
    browser = live.browser
    assert browser.current_url == live.url + "CTOC_COP_WG.7_2017_5.html"
    assert browser.find_element("css selector", "h1").text.startswith("Report on the meeting")
    assert browser.execute_script("return window.scrollY") == 0
    browser.execute_script("window.rgSamePage = true")  # gone if the page reloads
    browser.execute_script("document.querySelector('[data-block=\"3\"]').rgKept = true")
    _replace(live.session, OLD, NEW)
    _until(browser, f"return document.body.innerText.includes({NEW!r})")
    assert browser.execute_script("return window.rgSamePage") is True
    # Only the block that changed was replaced (the browser lays out that one alone).
    assert browser.execute_script(
        "return document.querySelector('[data-block=\"3\"]').rgKept") is True
    # The changed block is the recommendation's text, under "Recommendation 11"; the
    # page scrolled so that it is in view, and marked it.
    changed = browser.find_element("css selector", "[data-block].rg-changed")
    assert NEW in changed.text
    previous = browser.execute_script(
        "return arguments[0].previousElementSibling.innerText", changed)
    assert previous.strip() == "Recommendation 11"
    top, bottom, height = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return [r.top, r.bottom, window.innerHeight]", changed)
    assert browser.execute_script("return window.scrollY") > 1000
    assert 0 <= top and bottom <= height


def test_a_mistake_shows_located_over_the_last_good_page(live: Live) -> None:
    browser = live.browser
    line = live.session.read_text(encoding="utf-8").splitlines().index("attendance:") + 1
    _replace(live.session, "\nattendance:", "\natendance:")
    banner = _until(browser, "const b = document.getElementById('rg-problems');"
                             "return b && b.innerText")
    assert banner.startswith(f"{live.session}:{line}:1: error: unknown key 'atendance' "
                             "(did you mean 'attendance'?)")
    assert f" {line} | atendance:" in banner
    # The page under it is the last good one.
    assert browser.find_element("css selector", "h1").is_displayed()
    assert len(browser.find_elements("css selector", "[data-block]")) > 50
    _replace(live.session, "\natendance:", "\nattendance:")
    _until(browser, "return !document.getElementById('rg-problems')")


def test_pointing_at_a_block_with_an_id_shows_how_to_cite_it(live: Live) -> None:
    from selenium.webdriver import ActionChains

    browser = live.browser
    heading = browser.find_element("css selector", "#commercial-carriers")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", heading)
    before = browser.execute_script(
        "return getComputedStyle(arguments[0], '::after').content", heading)
    ActionChains(browser).move_to_element(heading).perform()
    after = browser.execute_script(
        "return getComputedStyle(arguments[0], '::after').content", heading)
    assert before == "none"
    assert after == '"[[recommendation:commercial-carriers]]"'
