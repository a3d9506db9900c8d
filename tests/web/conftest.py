"""Fixtures of the web tests: quick models trained once per test process, never cached."""

import os
from pathlib import Path

import pytest

from glassnet.data import load_dataset
from glassnet.web.app import create_app
from glassnet.web.models import LoadedModel, default_name
from glassnet.web.quick import train_quick_model
from tests.conftest import skip_without_tool
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS
from tests.web.helpers import ServerThread


@pytest.fixture(scope="session")
def digits_model() -> LoadedModel:
    """The startup model ``glassnet serve`` trains without MNIST: 64-100-10 on the 8x8 digits."""
    model = train_quick_model(load_dataset("digits"))
    return LoadedModel(default_name(model), model)


@pytest.fixture(scope="module")
def server(digits_model):
    """The playground on a real socket for the browser tests of one module."""
    with ServerThread(create_app(digits_model)) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        skip_without_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = os.environ.get("GLASSNET_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
