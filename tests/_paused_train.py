"""``glassnet train`` that stops dead at a chosen moment, for the SIGKILL tests.

Usage: python tests/_paused_train.py MODE MARKER TRAIN-ARGS...

MODE ``batch:E`` pauses in the middle of epoch E (halfway through its batches);
``write:N`` pauses in the middle of writing the N-th checkpoint, half its bytes on disk.
On reaching that moment the process creates the file MARKER and sleeps until killed.
Everything else is the real command (``glassnet.cli.main``).
"""

import contextlib
import io
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from glassnet.cli import main
from glassnet.cli.progress import ProgressPrinter
from glassnet.files import _archive


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
    original = _archive.atomic_write
    calls = [0]

    @contextlib.contextmanager
    def atomic_write(path: str) -> Iterator[IO[bytes]]:
        calls[0] += 1
        with original(path) as handle:
            if calls[0] != count:
                yield handle
                return
            buffer = io.BytesIO()  # the whole archive in memory, then half of it on disk
            yield buffer
            data = buffer.getvalue()
            handle.write(data[: len(data) // 2])
            handle.flush()
            os.fsync(handle.fileno())
            _pause(marker)

    _archive.atomic_write = atomic_write  # type: ignore[assignment]


if __name__ == "__main__":
    mode, marker, *argv = sys.argv[1:]
    kind, number = mode.split(":")
    (pause_in_epoch if kind == "batch" else pause_in_write)(int(number), Path(marker))
    sys.exit(main(argv))
