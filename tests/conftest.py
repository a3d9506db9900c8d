"""Shared fixtures: an isolated user cache, the real-data folder (or a skip), small helpers."""

import os
import signal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from threadpoolctl import threadpool_limits

# pytest -n auto already runs one worker per core; BLAS threads on top of that would
# oversubscribe the cores, and multithreaded BLAS then slows down many times over.
threadpool_limits(limits=1, user_api="blas")
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # and the CLI subprocesses the tests start

settings.register_profile(
    "glassnet", deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("glassnet")

MNIST_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read or write the real user cache, and never download by accident."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("GLASSNET_MIRROR", "http://127.0.0.1:9")  # refused at once: no network


def skip_without_tool(message: str) -> None:
    """Skip a test whose system tool is missing; under .ci/run (GLASSNET_REQUIRE_TOOLS) fail instead."""
    if os.environ.get("GLASSNET_REQUIRE_TOOLS"):
        pytest.fail(f"{message}, and .ci/run requires it")
    pytest.skip(message)


def real_data_dir() -> Path | None:
    """The data directory from GLASSNET_DATA when it holds the files, else None."""
    value = os.environ.get("GLASSNET_DATA")
    return Path(value) if value and Path(value).is_dir() else None


@pytest.fixture
def mnist_dir() -> Path:
    """The real MNIST folder's parent (GLASSNET_DATA), or skip the test."""
    folder = real_data_dir()
    if folder is None or not all((folder / "mnist" / name).is_file() for name in MNIST_FILES):
        pytest.skip("real MNIST not available (set GLASSNET_DATA to a folder with mnist/)")
    return folder


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(12345)


# The browser tests' fixtures (the playground's, the lessons' and the built docs site's).


@pytest.fixture(scope="module")
def browser():
    """Chromium (the system's, never a downloaded one), driven by Playwright, per module."""
    from tests.web.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).is_file():
        skip_without_tool(f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where browser tests save screenshots: $GLASSNET_SCREENSHOTS, or a temporary folder."""
    folder = os.environ.get("GLASSNET_SCREENSHOTS")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


def ctrl_c_reaches_it() -> None:
    """``preexec_fn`` for a child a test interrupts with SIGINT (Ctrl-C).

    A test process started with SIGINT ignored (a background job, some CI runners) passes
    that on across exec, and Python then installs no KeyboardInterrupt handler: the child
    would never hear the interrupt. The default disposition restores Python's handler.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
