"""``glassnet train`` that stops dead at a chosen moment, for the SIGKILL tests.

Usage: python tests/_paused_train.py MODE MARKER TRAIN-ARGS...

MODE ``batch:E`` pauses in the middle of epoch E (halfway through its batches);
``write:N`` pauses in the middle of writing the N-th checkpoint, half its bytes on disk.
On reaching that moment the process creates the file MARKER and sleeps until killed.
Everything else is the real command (``glassnet.cli.main``).
"""

import io
import os
import sys
import time
from pathlib import Path

import numpy as np

from glassnet.cli import main
from glassnet.cli.progress import ProgressPrinter


def _pause(marker: Path) -> None:
    marker.touch()
    time.sleep(600)
    raise SystemExit("not killed in time")


def pause_in_epoch(epoch: int, marker: Path) -> None:
    original = ProgressPrinter.on_batch_end
    original_start = ProgressPrinter.on_epoch_start
    sizes: dict[int, int] = {}

    def on_epoch_start(self: ProgressPrinter, current: int, n_batches: int) -> None:
        sizes[current] = n_batches
        original_start(self, current, n_batches)

    def on_batch_end(self: ProgressPrinter, current: int, batch: int, *rest: float) -> None:
        original(self, current, batch, *rest)
        if current == epoch and batch == sizes[current] // 2:
            _pause(marker)

    ProgressPrinter.on_epoch_start = on_epoch_start  # type: ignore[method-assign]
    ProgressPrinter.on_batch_end = on_batch_end  # type: ignore[method-assign]


def pause_in_write(count: int, marker: Path) -> None:
    original = np.savez
    calls = [0]

    def savez(file: io.BufferedWriter, *args: object, **arrays: object) -> None:
        calls[0] += 1
        if calls[0] != count:
            original(file, *args, **arrays)
            return
        buffer = io.BytesIO()
        original(buffer, *args, **arrays)
        data = buffer.getvalue()
        file.write(data[: len(data) // 2])
        file.flush()
        os.fsync(file.fileno())
        _pause(marker)

    np.savez = savez


if __name__ == "__main__":
    mode, marker, *argv = sys.argv[1:]
    kind, number = mode.split(":")
    (pause_in_epoch if kind == "batch" else pause_in_write)(int(number), Path(marker))
    sys.exit(main(argv))
