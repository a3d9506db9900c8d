"""Fixtures of the web tests: quick models trained once per test process, never cached."""

import pytest

from glassnet.data import load_dataset
from glassnet.web.app import create_app
from glassnet.web.models import LoadedModel, default_name
from glassnet.web.quick import train_quick_model
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
