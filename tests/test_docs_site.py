"""The built documentation site, opened from disk (file://) in the system's Chromium.

Runs once the site is built (``make docs`` writes site/; ``make docs-test`` builds it and
runs this file, as CI does); without a built site it is skipped. Each test opens a page
the way a reader with no network would, checks that nothing was requested from anywhere
but the site's folder, and takes a screenshot: into a temporary folder, or into
``$GLASSNET_SCREENSHOTS`` (that is how docs/images/site/ was made).
"""

import os
from pathlib import Path

import pytest

from tests.web.browser import DESKTOP, WAIT_MS

SITE = Path(os.environ.get("GLASSNET_SITE") or Path(__file__).resolve().parent.parent / "site")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")

pytestmark = pytest.mark.skipif(
    not (SITE / "index.html").is_file(),
    reason=f"the documentation site is not built ({SITE}/index.html); run `make docs`",
)


def _open(browser, page_path: str, anchor: str = ""):
    """A page of the site from disk, with the requests and errors it made."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto((SITE / page_path).as_uri() + anchor)
    page.wait_for_load_state("load", timeout=WAIT_MS)
    return page


def _offline(page) -> None:
    remote = [url for url in page.requests if not url.startswith(LOCAL_SCHEMES)]
    assert not remote, f"requests to other hosts: {remote}"
    assert not page.errors, page.errors


def test_home_page_and_search_work_from_disk(browser, shots):
    page = _open(browser, "index.html")
    assert page.title().startswith("glassnet")
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert [tab.strip() for tab in tabs] == ["Home", "Guide", "Lessons", "API reference"]
    page.screenshot(path=str(shots / "site-home.png"))
    # Material's search runs in a worker, which file:// pages get through the vendored
    # iframe-worker shim: a query must find the pages that mention it.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("backquery", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=WAIT_MS)
    assert results.count() >= 3
    page.screenshot(path=str(shots / "site-search.png"))
    _offline(page)


def test_lesson_notebook_shows_its_outputs_and_figures(browser, shots):
    page = _open(browser, "notebooks/02_iris.html")
    text = page.locator("article").inner_text()
    assert "Lesson 2: The deck's R exercise, in Python: iris" in text
    assert "iris: " in text  # the lesson's printed output, as `glassnet lesson iris` prints it
    figures = page.locator("article .jp-OutputArea-output img")
    sources = [figures.nth(i).get_attribute("src") or "" for i in range(figures.count())]
    assert sum(s.startswith("data:image/png") for s in sources) == 2
    assert sum(s.startswith("data:image/gif") for s in sources) == 1  # the animation
    for index in range(figures.count()):
        figures.nth(index).scroll_into_view_if_needed()
        width = figures.nth(index).evaluate("img => img.complete ? img.naturalWidth : 0")
        assert width > 100, f"figure {index} did not load"
    page.mouse.wheel(0, -100_000)
    figures.first.evaluate("img => img.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(shots / "site-lesson-iris.png"))
    _offline(page)


def test_api_page_of_train(browser, shots):
    page = _open(browser, "api/training.html", "#glassnet.train")
    heading = page.locator("[id='glassnet.train']")
    assert heading.is_visible()
    text = page.locator("xpath=//*[@id='glassnet.train']/..").inner_text()
    for parameter in ("model", "X", "Y", "loss", "optimizer", "batch_size", "kernel"):
        assert parameter in text
    assert "TrainingDivergedError" in text  # the Raises section
    assert "gn.mlp([2, 4, 1], rng=0)" in text  # the example
    page.screenshot(path=str(shots / "site-api-train.png"))
    _offline(page)
