"""In Chromium, as a teacher and a class use the playground: many tabs, dropped sessions,
links with mistakes in them, settings typed wrong while training."""

import httpx2 as httpx
import pytest

from glassnet.web import registry as registry_module
from tests.web.browser import WAIT_MS, draw_with_mouse, expect_prediction, open_page, wait_for
from tests.web.helpers import STROKES

pytestmark = pytest.mark.slow
EPOCH = "Number(document.getElementById('epoch').dataset.value)"


def _not_404(errors):
    """The page's errors besides the browser's note that a request was answered 404."""
    return [error for error in errors if "status of 404" not in error]


def test_twenty_tabs_in_one_browser_all_predict_while_eight_train(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pages = [open_page(browser, server, "?tab=train", context=context) for _ in range(8)]
    for page in pages:
        page.click("#play")  # eight running tabs: more than the six connections a host gets
    for page in pages:
        wait_for(page, f"{EPOCH} > 0")
    drawing = [open_page(browser, server, context=context) for _ in range(12)]
    for number, page in enumerate(drawing + pages):
        page.bring_to_front()
        if page in pages:  # a training tab: its learner switches to Draw
            assert page.locator("#play").text_content() == "Pause"
            page.click("#tab-draw")
        digit = "1" if number % 2 else "7"
        draw_with_mouse(page, STROKES[digit])
        expect_prediction(page, digit)
    assert all(page.errors == [] for page in drawing + pages)
    context.close()


def test_a_dropped_session_says_so_and_restarts_with_its_settings(browser, server):
    page = open_page(browser, server, "?tab=train&dataset=circle&hidden=3,2&learning_rate=0.3")
    page.click("#play")
    wait_for(page, f"{EPOCH} >= 3")
    session = page.locator("#train").get_attribute("data-session")
    assert httpx.delete(f"{server.url}/api/playground/{session}").status_code == 204  # dropped
    page.wait_for_selector("#session-lost:not([hidden])", timeout=WAIT_MS)
    assert "closed this training session" in page.locator("#session-lost").text_content()
    assert page.locator("#play").text_content() == "Start"  # not a frozen "Pause"
    page.click("#restart")
    wait_for(page, f"{EPOCH} >= 1 && document.getElementById('play').textContent === 'Pause'")
    assert page.locator("#session-lost").is_hidden()
    assert page.locator("#settings [name=hidden]").input_value() == "3,2"
    assert page.locator("#settings [name=dataset]").input_value() == "circle"
    assert page.locator("#network canvas[data-layer='2']").count() == 2
    page.click("#play")
    assert _not_404(page.errors) == []


def test_a_session_dropped_to_make_room_is_recovered_with_step(browser, server, monkeypatch):
    monkeypatch.setattr(registry_module, "MAX_SESSIONS", 1)
    page = open_page(browser, server, "?tab=train&hidden=5")
    page.click("#step")
    wait_for(page, f"{EPOCH} == 1")
    httpx.post(f"{server.url}/api/playground", json={"points": 40})  # another learner's
    page.click("#step")
    page.wait_for_selector("#session-lost:not([hidden])", timeout=WAIT_MS)
    page.click("#restart")
    wait_for(page, f"{EPOCH} >= 1")
    assert page.locator("#network canvas[data-layer='1']").count() == 5
    page.click("#play")
    assert _not_404(page.errors) == []


def test_a_bad_link_names_every_bad_field_and_loads_the_rest(browser, server):
    query = "?tab=train&dataset=moons&learning_rate=50&hidden=3&show_test=maybe&colour=red"
    page = open_page(browser, server, query)
    page.wait_for_selector("#link-problems:not([hidden])", timeout=WAIT_MS)
    lines = page.locator("#link-problems li").all_text_contents()
    assert len(lines) == 4, lines
    assert any("dataset: 'moons' is not allowed (one of xor" in line for line in lines)
    assert any(
        "learning_rate: 50 is not allowed (a number from 1e-06 to 10)" in line for line in lines
    )
    assert any(line.startswith("show_test: 'maybe'") for line in lines)
    assert any(line.startswith("colour: unknown setting") for line in lines)
    assert page.locator("#settings [name=dataset]").input_value() == "xor"  # shown, not blank
    assert page.locator("#settings [name=learning_rate]").input_value() == "0.1"
    assert page.locator("#settings [name=hidden]").input_value() == "3"  # the good one kept
    assert "moons" not in page.url and "learning_rate=50" not in page.url
    page.click("#step")
    wait_for(page, f"{EPOCH} == 1")  # and it trains what it shows
    page.click("#link-problems-close")
    assert page.locator("#link-problems").is_hidden()
    assert page.errors == []


def test_a_setting_typed_wrong_pauses_training_until_it_is_fixed(browser, server):
    page = open_page(browser, server, "?tab=train")
    page.click("#play")
    wait_for(page, f"{EPOCH} > 2")
    page.fill("#settings [name=learning_rate]", "50")
    page.wait_for_selector("#settings-problems:not([hidden])", timeout=WAIT_MS)
    assert "learning_rate: 50 is not allowed" in page.locator("#settings-problems").text_content()
    wait_for(page, "document.getElementById('play').textContent === 'Start'")
    assert page.locator("#play").is_disabled() and page.locator("#step").is_disabled()
    stopped = page.locator("#epoch").get_attribute("data-value")
    page.wait_for_timeout(500)
    assert page.locator("#epoch").get_attribute("data-value") == stopped
    assert page.locator("#settings [name=learning_rate]").get_attribute("aria-invalid") == "true"
    page.fill("#settings [name=learning_rate]", "0.2")
    page.wait_for_selector("#settings-problems", state="hidden", timeout=WAIT_MS)
    assert page.locator("#play").is_enabled()
    assert "learning_rate=0.2" in page.url
    assert page.errors == []
