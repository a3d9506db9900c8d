"""A real ``glassnet train`` process is SIGKILLed; ``--resume`` gives the uninterrupted model."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from glassnet import load
from glassnet.cli import main
from glassnet.files.checkpoints import load_checkpoint

DRIVER = Path(__file__).with_name("_paused_train.py")
ROOT = DRIVER.parent.parent


def _train_args(optimizer: list[str]) -> list[str]:
    return ["train", "digits", "--hidden", "24", "--epochs", "4", "--batch-size", "10", *optimizer]


def _kill_at(mode: str, args: list[str], tmp_path: Path) -> None:
    """Start the real command, wait until it reaches ``mode``'s moment, SIGKILL it."""
    marker = tmp_path / "paused"
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(marker), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            if process.poll() is not None:
                pytest.fail(f"training ended before {mode}: {process.stderr.read().decode()}")
            if time.monotonic() > deadline:
                pytest.fail(f"training never reached {mode}")
            time.sleep(0.02)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL


def _assert_same_model(path_a: Path, path_b: Path) -> None:
    a, b = load(path_a), load(path_b)
    for p, q in zip(a.network.parameters(), b.network.parameters(), strict=True):
        assert p.value.dtype == q.value.dtype
        assert p.value.tobytes() == q.value.tobytes()  # bit for bit, not approximately

    def without_seconds(model):
        return [{k: v for k, v in r.items() if k != "seconds"} for r in model.training["history"]]

    assert without_seconds(a) == without_seconds(b)
    assert a.training["test_accuracy"] == b.training["test_accuracy"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "optimizer", "epochs_done", "stale_part"),
    [
        ("batch:3", ["--momentum", "0.9", "--lr", "0.1"], 2, False),  # mid-epoch 3
        ("write:3", ["--optimizer", "adam", "--lr", "0.01"], 2, True),  # mid-write of epoch 3's
    ],
)
def test_resume_after_sigkill_is_bit_identical(tmp_path, mode, optimizer, epochs_done, stale_part):
    args = _train_args(optimizer)
    assert main([*args, "--quiet", "--save", str(tmp_path / "uninterrupted.npz")]) == 0

    folder = tmp_path / "checkpoints"
    _kill_at(mode, [*args, "--checkpoint-dir", str(folder)], tmp_path)
    assert load_checkpoint(folder).epoch == epochs_done  # the last complete one survived
    parts = list(folder.glob(".checkpoint.npz.*.part"))
    assert len(parts) == int(stale_part)  # a write was cut short: its half file is there

    resumed = tmp_path / "resumed.npz"
    assert main(["train", "--resume", str(folder), "--quiet", "--save", str(resumed)]) == 0
    _assert_same_model(tmp_path / "uninterrupted.npz", resumed)
    assert load_checkpoint(folder).epoch == 4
    assert not list(folder.glob("*.part"))
    # The final checkpoint holds the same model as the saved file.
    final = load(folder / "checkpoint.npz")
    np.testing.assert_array_equal(
        final.network.parameters()[0].value, load(resumed).network.parameters()[0].value
    )
