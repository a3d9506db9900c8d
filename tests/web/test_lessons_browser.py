"""The Lessons tab in a real headless Chromium: every page shows the Python lesson's numbers.

One browser and one server for the module (the system's Chromium, as test_browser.py).
"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from glassnet.lessons import LESSONS
from glassnet.lessons.core import Lesson, Table, format_number, format_value
from glassnet.web.app import create_app
from tests.conftest import real_data_dir
from tests.test_lessons_data import _fake_gestures
from tests.web.browser import WAIT_MS
from tests.web.helpers import ServerThread

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
DATA_FILES = {"students": "students/student-mat.csv", "gestures": "gestures/punch.csv"}


@pytest.fixture(scope="module")
def server(digits_model):
    app = create_app(digits_model)
    app.state.data_dir = real_data_dir()
    with ServerThread(app) as running:
        yield running


def _run_python(name: str, **keywords: object) -> Lesson:
    if name in ("mnist", "students", "gestures"):
        return LESSONS[name].run(real_data_dir(), **keywords)
    return LESSONS[name].run(**keywords)


def _needs_data(name: str) -> None:
    folder = real_data_dir()
    if name in DATA_FILES and (folder is None or not (folder / DATA_FILES[name]).is_file()):
        pytest.skip(f"real {DATA_FILES[name]} not available (set GLASSNET_DATA)")


_CONTEXTS: list = []


@pytest.fixture(autouse=True)
def _close_pages():
    """Close every page a test opened (their streams end before the server does)."""
    yield
    while _CONTEXTS:
        _CONTEXTS.pop().close()


def _open(browser, server, query: str, viewport=DESKTOP, state="ready"):
    context = browser.new_context(viewport=viewport)
    _CONTEXTS.append(context)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.goto(f"{server.url}/?tab=lessons{query}")
    page.wait_for_selector(f"#lessons-box[data-state={state}]", timeout=WAIT_MS * 4)
    page.problems = problems
    return page


def _shown(page) -> list:
    """Each step's key and its values as the page shows them (tables as rows of cells)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.lesson-step')].map((step) => [step.dataset.key,
            [...step.querySelectorAll('.value')].map((value) => [value.dataset.name,
              value.querySelector('output') ? value.querySelector('output').textContent
                : [...value.querySelectorAll('tr')].map((row) => [...row.children].map((c) => c.textContent))])])"""
    )


def _printed(value: object) -> object:
    if isinstance(value, Table):
        head = [value.row_label, *value.columns]
        return [
            head,
            *(
                [row, *(format_number(v) for v in cells)]
                for row, cells in zip(value.rows, value.values, strict=True)
            ),
        ]
    return format_value(value)  # type: ignore[arg-type]


def _expect_lesson(page, lesson: Lesson) -> None:
    """The page shows exactly the numbers (and the whole text) the CLI prints for ``lesson``."""
    expected = lesson.text()
    page.wait_for_function(
        "(text) => document.querySelector('.lesson-text')?.textContent === text",
        arg=expected,
        timeout=WAIT_MS * 4,
    )
    assert _shown(page) == [
        [step.key, [[name, _printed(value)] for name, value in step.values.items()]]
        for step in lesson.steps
    ]


def _fill(page, key: str, text: str) -> None:
    page.locator(f'[id="field-{key}"]').fill(text)


@pytest.mark.parametrize("name", list(LESSONS))
def test_each_page_shows_the_cli_numbers_at_its_defaults(browser, server, name):
    _needs_data(name)
    page = _open(browser, server, f"&lesson={name}")
    _expect_lesson(page, _run_python(name))
    assert page.locator(".lesson-figure").count() >= 1
    title = page.locator(".lesson-page h2").text_content()
    assert title.startswith(f"{list(LESSONS).index(name) + 1}. {name}: ")
    assert page.problems == []


CHANGES = {
    "matrix": {"inputs_3.2": "0.45", "w_input_hidden.2.3": "-1.25"},
    "backprop": {"output_errors.2": "0.9", "w_hidden_output.1.2": "6"},
    "update": {"learning_rate": "0.25", "hidden_outputs.1": "0.7"},
    "neuron": {"inputs.2": "0.6", "expected": "0.25"},
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_two_changed_inputs_give_the_python_lessons_numbers(browser, server, name):
    page = _open(browser, server, f"&lesson={name}")
    for key, text in CHANGES[name].items():
        _fill(page, key, text)
    keywords, problems = LESSONS[name].INPUTS.parse(CHANGES[name])
    assert problems == {}
    _expect_lesson(page, LESSONS[name].run(**keywords))
    query = parse_qs(urlparse(page.url).query)
    assert {key: query[f"set.{key}"][0] for key in CHANGES[name]} == CHANGES[name]
    assert page.problems == []


def test_the_index_opens_each_lesson_at_its_own_url(browser, server):
    page = _open(browser, server, "", state="index")
    links = page.locator(".lesson-list a")
    assert links.count() == 11
    assert links.nth(3).get_attribute("href") == "?tab=lessons&lesson=matrix"
    links.nth(3).click()
    page.wait_for_selector(
        "#lessons-box[data-state=ready] .lesson-page[data-lesson=matrix]", timeout=WAIT_MS
    )
    assert parse_qs(urlparse(page.url).query)["lesson"] == ["matrix"]
    page.click(".back-link")
    page.wait_for_selector("#lessons-box[data-state=index]", timeout=WAIT_MS)
    page.go_back()
    page.wait_for_selector(".lesson-page[data-lesson=matrix]", timeout=WAIT_MS)
    assert page.problems == []


def test_the_url_round_trips_the_inputs_and_the_step(browser, server):
    page = _open(browser, server, "&lesson=update&step=2&set.learning_rate=0.2")
    assert page.locator('[id="field-learning_rate"]').input_value() == "0.2"
    assert page.locator(".lesson-step.current").get_attribute("data-key") == "new-weight"
    _expect_lesson(page, LESSONS["update"].run(learning_rate=0.2))
    _fill(page, "weights.2.1", "1.5")
    page.wait_for_function("location.search.includes('set.weights.2.1=1.5')", timeout=WAIT_MS)
    page.click('[data-go="next"]')
    again = _open(browser, server, "&" + urlparse(page.url).query)
    assert again.locator('[id="field-weights.2.1"]').input_value() == "1.5"
    assert again.locator('[id="field-learning_rate"]').input_value() == "0.2"
    assert again.locator(".step-status").text_content().startswith("Step 3 of 4")
    _expect_lesson(
        again, LESSONS["update"].run(learning_rate=0.2, weights=((2.0, 3.0), (1.5, 4.0)))
    )
    again.click('[data-do="reset"]')
    _expect_lesson(again, LESSONS["update"].run())
    assert "set." not in again.url
    assert page.problems == [] and again.problems == []


@pytest.mark.parametrize("name", ["matrix", "backprop", "bugs"])
def test_the_step_control_walks_every_step_marking_reads_and_writes(browser, server, name):
    page = _open(browser, server, f"&lesson={name}")
    steps = page.locator(".lesson-step")
    count = steps.count()
    assert page.locator(".step-status").text_content() == f"All {count} steps"
    assert page.locator('[data-go="previous"]').is_disabled()
    marked = 0
    for number in range(1, count + 1):
        page.click('[data-go="next"]')
        key = steps.nth(number - 1).get_attribute("data-key")
        assert page.locator(".step-status").text_content().startswith(f"Step {number} of {count}: ")
        assert page.locator(".lesson-step.current").get_attribute("data-key") == key
        assert page.locator(".lesson-step[aria-current=step]").count() == 1
        assert parse_qs(urlparse(page.url).query)["step"] == [str(number)]
        marked += page.locator(".lesson-figure .writes").count() > 0
    assert page.locator('[data-go="next"]').is_disabled()
    assert marked >= count - 1  # every step but perhaps a closing remark marks what it writes
    page.click('[data-go="all"]')
    assert page.locator(".lesson-step.current").count() == 0
    assert page.locator(".lesson-figure .writes").count() == 0
    assert page.problems == []


def test_a_phone_scrolls_no_page_sideways(browser, server):
    page = _open(browser, server, "", viewport=PHONE, state="index")
    for name in LESSONS:
        folder = real_data_dir()
        if name in DATA_FILES and (folder is None or not (folder / DATA_FILES[name]).is_file()):
            continue
        page.goto(f"{server.url}/?tab=lessons&lesson={name}")
        page.wait_for_selector(f".lesson-page[data-lesson={name}]", timeout=WAIT_MS)
        page.wait_for_selector("#lessons-box[data-state=ready]", timeout=WAIT_MS * 4)
        page.click('[data-go="next"]')  # a step marks the figures: still no wider
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} is {width} px wide"
    assert page.problems == []


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_the_keyboard_alone_changes_inputs_and_steps(browser, server):
    page = _open(browser, server, "&lesson=neuron")
    _tab_to(page, '[id="field-expected"]')
    page.keyboard.press("Control+A")
    page.keyboard.type("0.5")
    _tab_to(page, '[aria-label="weight2 (slider)"]')
    page.keyboard.press("ArrowLeft")  # one slider step: 0.9 → 0.85
    _expect_lesson(page, LESSONS["neuron"].run(expected=0.5, weights=(0.3, 0.85)))
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowUp")  # the text box steps too: 0.85 → 0.9
    _expect_lesson(page, LESSONS["neuron"].run(expected=0.5))
    page.keyboard.press("Home")  # back to the top of the page, then to the step control
    page.evaluate("document.activeElement.blur()")
    _tab_to(page, '[data-go="next"]')
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert page.locator(".lesson-step.current").get_attribute("data-key") == "error"
    assert page.problems == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("abc", "Not used: 'abc' is not a number; allowed: a number above 0, up to 10"),
        ("-1", "Not used: -1 is outside the range"),
        ("1e10", "Not used: 1e+10 is outside the range"),
        ("NaN", "Not used: NaN is not a number to compute with"),
    ],
)
def test_bad_input_is_explained_beside_its_field(browser, server, text, said):
    page = _open(browser, server, "&lesson=update")
    _fill(page, "learning_rate", text)
    page.wait_for_selector(".field.refused", timeout=WAIT_MS)
    row = page.locator('.field[data-key="learning_rate"]')
    assert row.locator(".field-message").text_content().startswith(said)
    assert row.locator(".field-text").get_attribute("aria-invalid") == "true"
    assert (
        "The numbers below are for the last inputs that worked"
        in page.locator(".lesson-status").text_content()
    )
    assert "NaN" not in page.locator(".lesson-steps").text_content()
    _expect_lesson(page, LESSONS["update"].run())  # still the last numbers that worked
    _fill(page, "learning_rate", "0.3")
    page.wait_for_selector(".field.refused", state="detached", timeout=WAIT_MS)
    _expect_lesson(page, LESSONS["update"].run(learning_rate=0.3))


def test_values_outside_the_sigmoids_useful_range_get_a_note(browser, server):
    page = _open(browser, server, "&lesson=signals")
    _fill(page, "signals.1", "9")
    _fill(page, "first_weights.1", "2")
    page.wait_for_selector('.field.advised[data-key="signals.1"]', timeout=WAIT_MS)
    assert (
        "sigmoid nodes lie between 0 and 1"
        in page.locator('.field[data-key="signals.1"] .field-message').text_content()
    )
    _expect_lesson(page, LESSONS["signals"].run(signals=(9.0, 0.5), first_weights=(2.0, 0.3)))
    assert "saturation" in page.locator(".lesson-notes").text_content()


def test_a_click_on_the_surface_starts_your_own_run(browser, server):
    page = _open(browser, server, "&lesson=descent")
    surface = page.locator('[data-figure="descent-surface"] svg.chart-drawing')
    box = surface.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.25)
    page.wait_for_selector('.lesson-step[data-key="your-start"]', timeout=WAIT_MS)
    x = float(page.locator('[id="field-start.1"]').input_value())
    y = float(page.locator('[id="field-start.2"]').input_value())
    assert x > 0.5 and y > 0.5
    _expect_lesson(page, LESSONS["descent"].run(start=(x, y)))
    assert page.locator('[data-figure="descent-surface"] [data-id="yours"]').count() == 1
    assert page.problems == []


def test_iris_plays_its_line_update_by_update(browser, server):
    page = _open(browser, server, "&lesson=iris")
    said = page.locator(".frame-controls output")
    assert said.text_content().startswith("L = 0.01, update 1000 of 1000 (epoch 10): A = ")
    slider = page.locator(".frame-controls input")
    slider.fill("100")
    assert said.text_content().startswith("L = 0.01, update 100 of 1000 (epoch 1): A = ")
    page.click('[data-go="next"]')
    for _ in range(3):
        page.click('[data-go="next"]')
    assert said.text_content().startswith("L = 0.1, update 1000 of 1000")
    assert page.problems == []


def test_mnist_links_to_the_draw_and_inside_tabs(browser, server):
    page = _open(browser, server, "&lesson=mnist")
    links = page.locator(".see-also")
    assert [links.nth(k).get_attribute("href") for k in range(2)] == ["?tab=draw", "?tab=inside"]
    links.nth(0).click()
    page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
    assert page.locator("#tab-draw").get_attribute("aria-selected") == "true"


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """Made-up gestures, and no students."""
    return _fake_gestures(Path(tmp_path_factory.mktemp("small-data")))


@pytest.fixture(scope="module")
def small_data_server(digits_model, small_data):
    app = create_app(digits_model)
    app.state.data_dir = str(small_data)
    with ServerThread(app) as running:
        yield running


def test_a_data_lesson_shows_progress_and_stops(browser, small_data_server, small_data):
    page = _open(
        browser,
        small_data_server,
        "&lesson=gestures&set.epochs=500&set.batch_size=1",
        state="loading",
    )
    page.wait_for_function("document.querySelector('.run-progress').value > 0", timeout=WAIT_MS * 2)
    assert page.locator(".lesson-status").text_content().startswith("Training: ")
    page.click('[data-run="stop"]')
    page.wait_for_selector('.lesson-status[data-kind="stopped"]', timeout=WAIT_MS)
    _fill(page, "epochs", "3")
    assert "press Run" in page.locator(".lesson-status").text_content()
    page.click('[data-run="run"]')
    page.wait_for_selector("#lessons-box[data-state=ready]", timeout=WAIT_MS * 2)
    _expect_lesson(page, LESSONS["gestures"].run(small_data, epochs=3, batch_size=1))


def test_a_data_lesson_without_its_data_says_so(browser, small_data_server):
    page = _open(browser, small_data_server, "&lesson=students", state="missing")
    status = page.locator(".lesson-status").text_content()
    assert "students file student-mat.csv not found" in status
    assert page.locator('[data-run="run"]').is_disabled()
    assert page.problems == []
