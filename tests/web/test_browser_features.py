"""In Chromium: what TensorFlow Playground's users rely on, and what it never had (your
drawing through the network, one honest number per class, a visible "not sure")."""

import io
from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from PIL import Image

from tests.web.browser import WAIT_MS, draw_with_mouse, expect_prediction, open_page, wait_for
from tests.web.helpers import STROKES

pytestmark = pytest.mark.slow
EPOCH = "Number(document.getElementById('epoch').dataset.value)"


def _params(page):
    return {key: values[0] for key, values in parse_qs(urlparse(page.url).query).items()}


def _train_page(browser, server, query=""):
    page = open_page(browser, server, f"?tab=train{query}")
    page.wait_for_selector("#boundary[data-epoch='0']", timeout=WAIT_MS)
    return page


def test_thumbnails_choose_the_data_and_inputs_are_chosen_on_the_network(browser, server, shots):
    page = _train_page(browser, server)
    page.click("#thumbnails button[data-dataset=circle]")
    wait_for(page, "location.search.includes('dataset=circle')")
    assert (
        page.locator("#thumbnails button[data-dataset=circle]").get_attribute("aria-pressed")
        == "true"
    )
    assert page.locator("#settings [name=dataset]").input_value() == "circle"
    page.click("#network button.feature:has(canvas[data-feature=x1x1])")
    wait_for(page, "location.search.includes('features=x1%2Cx2%2Cx1x1')")
    page.click("#features input[value=x2x2]")  # the same choice in the form
    wait_for(page, "document.querySelectorAll('#network canvas[data-layer=\"0\"]').length === 4")
    assert _params(page)["features"] == "x1,x2,x1x1,x2x2"
    assert page.locator("#network button.feature.off").count() == 3
    page.screenshot(path=shots / "train-features-desktop.png", full_page=True)
    assert page.errors == []


def test_plus_and_minus_buttons_change_layers_and_neurons(browser, server):
    page = _train_page(browser, server, "&hidden=4,4")
    page.click("#add-layer")
    wait_for(page, "document.querySelector('#settings [name=hidden]').value === '4,4,4'")
    page.wait_for_selector("#network canvas[data-layer='3'][data-node='3']", timeout=WAIT_MS)
    page.click("#network .neuron-buttons button[data-layer='1'][data-change='-1']")
    wait_for(page, "document.querySelector('#settings [name=hidden]').value === '3,4,4'")
    page.click("#network .neuron-buttons button[data-layer='2'][data-change='1']")
    wait_for(page, "document.querySelector('#settings [name=hidden]').value === '3,5,4'")
    page.click("#remove-layer")
    wait_for(page, "document.querySelectorAll('#network canvas[data-layer=\"2\"]').length === 5")
    assert "hidden=3%2C5&" in page.url
    assert page.locator("#layer-count").text_content() == "2 hidden layer(s)"
    assert page.errors == []


def test_hovering_shows_weights_and_biases_and_clicking_sets_them(browser, server):
    page = _train_page(browser, server, "&hidden=2")
    page.hover("#network line[data-layer='0'][data-node='1'][data-source='0']")
    tip = page.locator("#tooltip")
    assert tip.is_visible() and tip.text_content().startswith(
        "weight from x₁ to hidden 1, neuron 2: "
    )
    page.click("#network line[data-layer='0'][data-node='1'][data-source='0']", force=True)
    page.fill("#editor-value", "2.5")
    page.click("#editor button[type=submit]")
    wait_for(page, "document.getElementById('train').dataset.session !== ''")  # an edit makes one
    page.hover("#network line[data-layer='0'][data-node='1'][data-source='0']")
    wait_for(page, "document.getElementById('tooltip').textContent.endsWith(': 2.5000')")
    page.hover("#network canvas[data-layer='2'][data-node='0']")
    assert page.locator("#tooltip").text_content().startswith("bias of output 1: ")
    page.click("#network canvas[data-layer='2'][data-node='0']")
    page.fill("#editor-value", "-1")
    page.press("#editor-value", "Enter")
    page.hover("#network canvas[data-layer='1'][data-node='0']")
    page.hover("#network canvas[data-layer='2'][data-node='0']")
    wait_for(page, "document.getElementById('tooltip').textContent === 'bias of output 1: -1.0000'")
    assert page.locator("#network .bias").count() == 3  # every neuron shows its bias
    assert page.errors == []


def test_regression_l1_and_the_legend_s_real_ranges(browser, server, shots):
    page = _train_page(browser, server, "&hidden=4&activation=relu")
    legend = page.locator("#legend .legend-item").first
    assert legend.get_attribute("data-low") == "0"  # ReLU's range starts at zero: never negative
    left_end = page.evaluate(
        "getComputedStyle(document.querySelector('#legend .legend-bar')).backgroundImage"
    )
    assert left_end.startswith("linear-gradient(to right, rgb(240, 242, 244) 0%")  # zero is white
    page.click("#thumbnails button[data-dataset=plane]")
    wait_for(page, "location.search.includes('dataset=plane')")
    assert page.locator("#settings [name=loss]").is_disabled()
    assert page.locator("#settings [name=loss]").input_value() == "squared-error"
    page.select_option("#settings [name=regularization]", "l1")
    page.fill("#settings [name=weight_decay]", "0.01")
    wait_for(page, "location.search.includes('regularization=l1&weight_decay=0.01')")
    page.click("#step")
    wait_for(page, f"{EPOCH} == 1")
    assert page.locator("#test-accuracy").text_content() == "–"  # regression has no accuracy
    assert page.locator("#legend .legend-item").last.text_content().startswith("output: value")
    page.select_option("#settings [name=regularization]", "none")
    assert page.locator("#settings [name=weight_decay]").is_disabled()
    wait_for(page, "location.search.includes('regularization=none&weight_decay=0')")
    page.screenshot(path=shots / "train-regression-desktop.png", full_page=True)
    assert page.errors == []


def _pixels(page, selector):
    return page.evaluate(f"document.querySelector('{selector}').toDataURL()")


def test_test_data_discretised_output_and_log_loss_toggles(browser, server):
    page = _train_page(browser, server)
    page.click("#step")
    wait_for(page, f"{EPOCH} == 1")
    plain = _pixels(page, "#boundary")
    page.check("#show-test")
    wait_for(page, "document.getElementById('boundary').dataset.testShown === 'true'")
    with_test = _pixels(page, "#boundary")
    page.check("#discretize")
    wait_for(page, "document.getElementById('boundary').dataset.discretized === 'true'")
    assert len({plain, with_test, _pixels(page, "#boundary")}) == 3
    linear = _pixels(page, "#loss-chart")
    page.check("#log-loss")
    wait_for(page, "document.getElementById('loss-chart').dataset.scale === 'log'")
    assert _pixels(page, "#loss-chart") != linear
    assert {"show_test", "discretize", "log_loss"} <= set(_params(page))
    again = open_page(browser, server, "?" + urlparse(page.url).query)
    assert again.locator("#show-test").is_checked() and again.locator("#log-loss").is_checked()
    assert page.errors == [] and again.errors == []


def test_draw_gives_one_number_per_class_and_says_when_it_is_not_sure(browser, server, shots):
    page = open_page(browser, server)
    draw_with_mouse(page, STROKES["7"])
    expect_prediction(page, "7")
    assert page.locator("#not-sure").is_hidden()
    values = page.locator("#bars .value").all_text_contents()
    assert all(value.endswith("%") for value in values) and len(values) == 10
    assert "share of all the outputs" in page.locator("#bars-note").text_content()
    page.screenshot(path=shots / "draw-seven-desktop.png", full_page=True)
    noise = Image.fromarray(np.random.default_rng(0).integers(0, 256, (200, 200), dtype=np.uint8))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    page.set_input_files(
        "#upload",
        files=[{"name": "noise.png", "mimeType": "image/png", "buffer": buffer.getvalue()}],
    )
    page.wait_for_selector("#not-sure:not([hidden])", timeout=WAIT_MS)
    assert "scattered" in page.locator("#not-sure").text_content()
    assert page.locator("#pad-says").text_content().startswith("Not sure; its best guess is")
    assert page.errors == []


def test_inside_shows_your_drawing_going_through_the_network(browser, server, shots):
    page = open_page(browser, server)
    draw_with_mouse(page, STROKES["1"])
    expect_prediction(page, "1")
    page.click("#tab-inside")
    page.wait_for_selector("#weights figure", timeout=WAIT_MS)
    wait_for(
        page,
        "document.querySelectorAll('#weights figure[data-activation]:not([data-activation=\"\"])').length === 100",
    )
    assert "the output says 1" in page.locator("#flow-note").text_content()
    caption = page.locator("#weights figcaption").first.text_content()
    assert caption.startswith("node 0: ")
    page.screenshot(path=shots / "inside-flow-desktop.png", full_page=True)
    page.click("#tab-draw")
    page.click("#clear")
    page.click("#tab-inside")
    assert page.locator("#weights figcaption").first.text_content() == "node 0"
    assert page.errors == []
