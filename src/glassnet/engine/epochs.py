"""The epoch loop, written once: epochs, callbacks, running averages, validation, records.

``glassnet.train`` (mini-batches) and the book's ``NeuralNetwork.fit`` (one sample at a
time) both run their epochs here. Each supplies only how the samples of one epoch are
trained: an iterator that trains them and reports, for each batch, its summed loss, its
correct predictions and its number of samples (the loss and the predictions are those
of the weights before that batch's update). The book's class reports a chunk of samples
at once, as arrays with one entry per sample, because its fast kernels train a chunk in
one call; the callbacks still hear about every sample in order.

A loss or weight that becomes NaN or infinite stops training at once with
``TrainingDivergedError``, which says where and carries the history of the finished epochs.
"""

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import numpy.typing as npt

from glassnet.engine.layers import Parameter
from glassnet.errors import GlassnetError

# What training one batch reports: its summed loss, its correct predictions, its samples.
# For a chunk of one-sample batches (the book's training), arrays with one entry per sample.
Reported = tuple[float, int, int] | tuple[npt.NDArray[np.floating], npt.NDArray[np.bool_], int]


@dataclass
class EpochRecord:
    """What one epoch did. ``train_accuracy`` is measured on each batch before its update.

    Attributes
    ----------
    epoch : int
        The epoch's number, counted from 1 (continuing after a resumed run's earlier ones).
    loss : float
        The mean loss per sample over the epoch (each batch's loss before its update).
    train_accuracy : float
        The share of training samples classified right, each before its batch's update.
    validation_accuracy : float or None
        The accuracy on the validation data after the epoch, or None without validation.
    seconds : float
        The epoch's training time, validation excluded.
    """

    epoch: int
    loss: float
    train_accuracy: float
    validation_accuracy: float | None
    seconds: float


@dataclass
class History:
    """Per-epoch records of a training run, in order; ``train`` and ``fit`` return one.

    Attributes
    ----------
    records : list of EpochRecord
        One record per epoch trained.
    trained_by : str
        Which step ran, and why (``glassnet.kernels.plan_training``), e.g. the fused
        float32 step with numba.

    Examples
    --------
    >>> from glassnet import EpochRecord, History
    >>> history = History([EpochRecord(1, 0.30, 0.80, 0.85, 1.5), EpochRecord(2, 0.20, 0.90, 0.91, 1.25)])
    >>> history.loss, history.validation_accuracy, history.seconds
    ([0.3, 0.2], [0.85, 0.91], 2.75)
    """

    records: list[EpochRecord] = field(default_factory=list)
    trained_by: str = ""  # which step ran, and why (``glassnet.kernels.plan_training``)

    @property
    def loss(self) -> list[float]:
        """Each epoch's mean loss per sample."""
        return [r.loss for r in self.records]

    @property
    def train_accuracy(self) -> list[float]:
        """Each epoch's training accuracy (each batch measured before its update)."""
        return [r.train_accuracy for r in self.records]

    @property
    def validation_accuracy(self) -> list[float | None]:
        """Each epoch's validation accuracy (None where there was no validation)."""
        return [r.validation_accuracy for r in self.records]

    @property
    def seconds(self) -> float:
        """The training time of all the epochs, in seconds."""
        return sum(r.seconds for r in self.records)

    def to_dicts(self) -> list[dict[str, float | int | None]]:
        """The records as dictionaries, for JSON (``epoch``, ``loss``, ``train_accuracy``, ...).

        Returns
        -------
        list of dict
        """
        return [asdict(r) for r in self.records]


class Callback:
    """Hooks called by the epoch loop; override the ones you need (progress bars, checkpoints).

    Pass instances as ``train(..., callbacks=[...])``; the methods do nothing by default.
    """

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        """Before the first batch of ``epoch``.

        Parameters
        ----------
        epoch : int
            The epoch about to start, counted from 1.
        n_batches : int
            How many batches it has.
        """

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        """After each update, with the epoch's running averages so far.

        Parameters
        ----------
        epoch : int
            The current epoch, counted from 1.
        batch : int
            The batch just trained, counted from 1 (a sample, in the book's per-sample training).
        loss : float
            The epoch's mean loss per sample so far.
        accuracy : float
            The epoch's training accuracy so far.
        """

    def on_epoch_end(self, record: EpochRecord) -> None:
        """After each epoch, validation included.

        Parameters
        ----------
        record : EpochRecord
            What the epoch did.
        """


class TrainingDivergedError(GlassnetError):
    """Training stopped because the loss or a weight became NaN or infinite.

    ``history`` holds the epochs finished before it happened; ``epoch`` and ``batch`` say
    where (for the book's one-sample-at-a-time training a batch is one sample).

    Parameters
    ----------
    epoch : int
        The epoch in which it happened, counted from 1.
    batch : int
        The batch (or sample) at which it was noticed.
    what : str
        What became NaN or infinite, in words.
    learning_rate : float
        The learning rate of the run, for the hint.
    history : History
        The epochs finished before.
    hint : str or None
        What to try; by default a learning rate below this one.
    """

    def __init__(
        self,
        epoch: int,
        batch: int,
        what: str,
        learning_rate: float,
        history: History,
        hint: str | None = None,
    ) -> None:
        self.epoch, self.batch, self.what = epoch, batch, what
        self.learning_rate, self.history = learning_rate, history
        self.hint = hint or f"try a learning rate below {learning_rate:g}"
        super().__init__(f"training diverged in epoch {epoch}, batch {batch}: {what}; {self.hint}")

    def renumbered(self, epoch: int, history: History) -> "TrainingDivergedError":
        """The same error in a run that trains one epoch per call: its epoch and history.

        Parameters
        ----------
        epoch : int
            The run's own epoch number.
        history : History
            The run's history so far.

        Returns
        -------
        TrainingDivergedError
        """
        return TrainingDivergedError(
            epoch, self.batch, self.what, self.learning_rate, history, self.hint
        )


def check_epochs(epochs: int, initial_epoch: int, batch_size: int = 1) -> None:
    """``epochs`` and ``batch_size`` whole numbers >= 1, ``initial_epoch`` in 0..epochs.

    Parameters
    ----------
    epochs : int
        The total number of epochs.
    initial_epoch : int
        Epochs already trained (a resumed run).
    batch_size : int
        Samples per batch.

    Raises
    ------
    ValueError
        When one is not a whole number in its range.
    """
    for value, name in ((epochs, "epochs"), (batch_size, "batch size")):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    if isinstance(initial_epoch, bool) or not 0 <= initial_epoch <= epochs:
        raise ValueError(f"initial epoch must be in 0..{epochs}, got {initial_epoch!r}")


def run_epochs(
    train_epoch: Callable[[], Iterable[Reported]],
    *,
    epochs: int,
    initial_epoch: int,
    n_batches: int,
    parameters: Sequence[Parameter],
    learning_rate: Callable[[], float],
    validate: Callable[[], float] | None = None,
    callbacks: Sequence[Callback] = (),
) -> History:
    """Epochs ``initial_epoch + 1`` .. ``epochs``: train, report, validate, record.

    The one epoch loop of ``glassnet.train`` and the book's ``NeuralNetwork.fit``: running
    averages for the callbacks, validation after each epoch, and a stop with
    ``TrainingDivergedError`` when the loss or a weight stops being finite.

    Parameters
    ----------
    train_epoch : callable
        ``train_epoch()`` trains one epoch's batches and yields, for each, its summed
        loss, its correct predictions and its number of samples (for a chunk of one-sample
        batches, arrays with one entry per sample).
    epochs : int
        The last epoch to train.
    initial_epoch : int
        Epochs already trained (0 for a new run).
    n_batches : int
        Batches per epoch, for the callbacks.
    parameters : sequence of Parameter
        The weights, checked to be finite after each epoch.
    learning_rate : callable
        Gives the learning rate; only read for the message of a diverged run.
    validate : callable or None
        Gives the validation accuracy after an epoch.
    callbacks : sequence of Callback
        Called at the start and end of each epoch and after each batch.

    Returns
    -------
    History
        The records of the epochs trained here.

    Raises
    ------
    TrainingDivergedError
        When the loss or a weight becomes NaN or infinite.
    """
    history = History()
    for epoch in range(initial_epoch + 1, epochs + 1):
        for callback in callbacks:
            callback.on_epoch_start(epoch, n_batches)
        started = time.perf_counter()
        total_loss, total_correct, seen, batches = 0.0, 0, 0, 0
        # A diverging run overflows on its way to NaN: detected below, so not warned about.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for losses, correct, size in train_epoch():
                # Running totals after each batch (a chunk of samples reports one per sample).
                running_loss = _running(total_loss, losses)
                running_correct = _running(total_correct, correct)
                for index, loss_so_far in enumerate(running_loss):
                    if not math.isfinite(loss_so_far):
                        what = f"the loss became {loss_so_far}"
                        raise TrainingDivergedError(
                            epoch, batches + index + 1, what, learning_rate(), history
                        )
                    if callbacks:
                        samples = seen + (index + 1) * size
                        for callback in callbacks:
                            callback.on_batch_end(
                                epoch,
                                batches + index + 1,
                                loss_so_far / samples,
                                running_correct[index] / samples,
                            )
                batches += len(running_loss)
                seen += len(running_loss) * size
                total_loss, total_correct = running_loss[-1], int(running_correct[-1])
        if not all(np.all(np.isfinite(p.value)) for p in parameters):
            raise TrainingDivergedError(
                epoch, batches, "a weight became NaN or infinite", learning_rate(), history
            )
        seconds = time.perf_counter() - started
        validation_accuracy = validate() if validate is not None else None
        record = EpochRecord(
            epoch, total_loss / seen, total_correct / seen, validation_accuracy, seconds
        )
        history.records.append(record)
        for callback in callbacks:
            callback.on_epoch_end(record)
    return history


def _running(start: float, values: float | npt.NDArray[np.generic]) -> list[float]:
    """``start`` plus each of ``values`` in turn: one batch's number, or a chunk's array."""
    if isinstance(values, float | int):
        return [start + values]
    return (start + np.cumsum(values)).tolist()  # type: ignore[no-any-return]
