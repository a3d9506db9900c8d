"""Driving the playground in a real headless Chromium (the system's, through Playwright).

``page.errors`` collects the page's uncaught errors and console errors; every test ends
by checking it is empty (or holds only the refusals it asked for).
"""

import itertools
import os
import shutil

CHROMIUM = os.environ.get("GLASSNET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WAIT_MS = 30_000  # generous: the CI machine is shared


def wait_for(page, expression, timeout=WAIT_MS):
    page.wait_for_function(expression, timeout=timeout)


def open_page(browser, server, query="", viewport=DESKTOP, touch=False, context=None):
    """A page of the playground in a new context, or in ``context`` (tabs of one browser)."""
    if context is None:
        context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{server.url}/{query}")
    page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)
    page.errors = errors
    return page


def pad_points(page, strokes):
    box = page.locator("#pad").bounding_box()
    scale = box["width"] / 280
    return [[(box["x"] + x * scale, box["y"] + y * scale) for x, y in stroke] for stroke in strokes]


def draw_with_mouse(page, strokes):
    for stroke in pad_points(page, strokes):
        page.mouse.move(*stroke[0])
        page.mouse.down()
        for previous, point in itertools.pairwise(stroke):
            length = ((point[0] - previous[0]) ** 2 + (point[1] - previous[1]) ** 2) ** 0.5
            page.mouse.move(*point, steps=max(1, round(length / 15)))  # a move every ~15 px
        page.mouse.up()


def draw_with_finger(page, strokes):
    cdp = page.context.new_cdp_session(page)
    for stroke in pad_points(page, strokes):
        touch = {"x": stroke[0][0], "y": stroke[0][1]}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [touch]})
        for previous, point in itertools.pairwise(stroke):
            length = ((point[0] - previous[0]) ** 2 + (point[1] - previous[1]) ** 2) ** 0.5
            steps = max(1, round(length / 15))  # a finger reports many small moves
            for step in range(1, steps + 1):
                x = previous[0] + (point[0] - previous[0]) * step / steps
                y = previous[1] + (point[1] - previous[1]) * step / steps
                cdp.send(
                    "Input.dispatchTouchEvent",
                    {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]},
                )
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def expect_prediction(page, label):
    page.wait_for_function(
        f"document.getElementById('pad').dataset.predicted === {label!r}", timeout=WAIT_MS
    )
    assert page.locator("#prediction").text_content() == label
    assert page.locator("#bars li").count() == 10
    assert page.locator("#bars li.best .name").text_content() == label


def fits(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    outside = page.evaluate(
        """(width) => [...document.querySelectorAll('main button, main select, main input, main canvas, nav button')]
            .filter((e) => e.offsetParent !== null && e.type !== 'file')
            .map((e) => [e.id || e.name || e.className || e.tagName, e.getBoundingClientRect()])
            .filter(([, r]) => r.left < -1 || r.right > width + 1)
            .map(([name]) => name)""",
        width,
    )
    assert outside == []
