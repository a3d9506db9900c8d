"""Screenshots of every lesson page for docs/lessons.md, taken from a running server.

    GLASSNET_DATA=../shared/data python docs/screenshots_lessons.py

Starts ``glassnet serve`` on a free port, opens each lesson in the system's headless
Chromium (driven by Playwright; nothing is downloaded), walks to the step named below so
the picture shows what that step reads and writes, and saves docs/images/lessons/NAME.png
(reduced to 256 colours to keep the repository small).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "images" / "lessons"
CHROMIUM = os.environ.get("GLASSNET_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 1300}
# Which step each picture shows (and any inputs): the moment the lesson is about.
PAGES = {
    "bugs": "&step=6",
    "iris": "&step=3",
    "signals": "&step=1",
    "matrix": "&step=3",
    "backprop": "&step=1",
    "descent": "&set.start.1=1.5&set.start.2=1.2&step=4",
    "update": "&step=3",
    "mnist": "&step=6",
    "students": "&step=2",
    "neuron": "&step=4",
    "gestures": "&step=4",
}


def start_server() -> tuple[subprocess.Popen[str], str]:
    """``glassnet serve`` on a free port; returns the process and its address."""
    command = [sys.executable, "-m", "glassnet.cli", "serve", "--port", "0", "--dataset", "digits"]
    if os.environ.get("GLASSNET_DATA"):
        command += ["--data-dir", os.environ["GLASSNET_DATA"]]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("glassnet playground on "):
            return process, line.split()[3]
    process.kill()
    raise RuntimeError("glassnet serve did not start")


def main() -> int:
    from playwright.sync_api import sync_playwright

    FOLDER.mkdir(parents=True, exist_ok=True)
    process, url = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport=VIEWPORT)
            for name, query in PAGES.items():
                page.goto(f"{url}?tab=lessons&lesson={name}{query}")
                page.wait_for_selector(
                    "#lessons-box[data-state=ready], #lessons-box[data-state=missing]",
                    timeout=120_000,
                )
                page.wait_for_timeout(2500)  # the descent path plays for about two seconds
                path = FOLDER / f"{name}.png"
                page.screenshot(path=path)
                Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)
                print(f"wrote {path.relative_to(HERE.parent)}", file=sys.stderr)
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
