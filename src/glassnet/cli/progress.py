"""A tqdm progress bar and one short line per epoch, as a training callback."""

import sys
from typing import TextIO

from tqdm import tqdm

from glassnet.engine.training import Callback, EpochRecord


class ProgressPrinter(Callback):
    """Shows a progress bar with the running loss/accuracy, then one line per epoch.

    The bar only appears on a terminal (tqdm's ``disable=None``); the epoch lines always do.
    """

    def __init__(self, epochs: int, stream: TextIO | None = None, bar: bool = True) -> None:
        self.epochs = epochs
        self.stream = stream or sys.stdout
        self.show_bar = bar
        self._bar: tqdm | None = None
        self._every = 1

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        if self.show_bar:
            self._bar = tqdm(
                total=n_batches,
                desc=f"epoch {epoch}/{self.epochs}",
                leave=False,
                disable=None,
                unit="batch",
                file=sys.stderr,
                dynamic_ncols=True,
            )
            self._every = max(1, n_batches // 200)  # refresh the numbers ~200 times per epoch

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        if self._bar is not None and batch % self._every == 0:
            self._bar.update(self._every)
            self._bar.set_postfix(loss=f"{loss:.4f}", acc=f"{accuracy:.3f}", refresh=False)

    def on_epoch_end(self, record: EpochRecord) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        width = len(str(self.epochs))
        line = f"epoch {record.epoch:>{width}}/{self.epochs}  loss {record.loss:.4f}  train {record.train_accuracy:.4f}"
        if record.validation_accuracy is not None:
            line += f"  test {record.validation_accuracy:.4f}"
        print(f"{line}  {record.seconds:.2f}s", file=self.stream, flush=True)
