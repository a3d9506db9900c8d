"""The training loop: mini-batches, epochs, a ``History``, and callbacks.

``batch_size=1`` with ``shuffle=False`` is the book's per-sample training; larger batches
average the loss over the batch (see ``glassnet.engine.losses``).
"""

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import numpy.typing as npt

from glassnet._checks import as_matrix
from glassnet._types import Array
from glassnet.data.preprocessing import (
    BOOK_FACTOR,
    BOOK_OFFSET,
    BookScaling,
    RangeScaling,
    Standardizer,
)
from glassnet.engine.losses import Loss
from glassnet.engine.metrics import labels_from_outputs
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD, Optimizer
from glassnet.kernels import numba_in_use
from glassnet.kernels.fused_sgd import FusedSGD, can_fuse


@dataclass
class EpochRecord:
    """What one epoch did. ``train_accuracy`` is measured on each batch before its update."""

    epoch: int
    loss: float
    train_accuracy: float
    validation_accuracy: float | None
    seconds: float


@dataclass
class History:
    """Per-epoch records of a training run, in order."""

    records: list[EpochRecord] = field(default_factory=list)

    @property
    def loss(self) -> list[float]:
        return [r.loss for r in self.records]

    @property
    def train_accuracy(self) -> list[float]:
        return [r.train_accuracy for r in self.records]

    @property
    def validation_accuracy(self) -> list[float | None]:
        return [r.validation_accuracy for r in self.records]

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.records)

    def to_dicts(self) -> list[dict[str, float | int | None]]:
        return [asdict(r) for r in self.records]


class Callback:
    """Hooks called by ``train``; override the ones you need (progress bars, checkpoints)."""

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        """Before the first batch of ``epoch`` (counted from 1)."""

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        """After each update; ``loss``/``accuracy`` are the epoch's running averages."""

    def on_epoch_end(self, record: EpochRecord) -> None:
        """After each epoch, validation included."""


def minibatches(
    n_samples: int, batch_size: int, rng: np.random.Generator | None = None
) -> Iterator[npt.NDArray[np.intp]]:
    """Index arrays covering ``range(n_samples)`` in batches; shuffled when ``rng`` is given."""
    order = rng.permutation(n_samples) if rng is not None else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


def _check_positive_int(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)


def train(
    model: Sequential,
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    *,
    loss: Loss,
    optimizer: Optimizer,
    epochs: int = 1,
    batch_size: int = 1,
    rng: np.random.Generator | int | None = None,
    shuffle: bool = True,
    validation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
    transform: Callable[[npt.NDArray[np.generic]], Array] | None = None,
    callbacks: Sequence[Callback] = (),
    initial_epoch: int = 0,
    fused: bool | None = None,
) -> History:
    """Train ``model`` on inputs ``X`` (n_samples, n_inputs) and targets ``Y`` (n_samples, n_outputs).

    Each epoch visits every sample once, in batches of ``batch_size`` (shuffled with
    ``rng`` unless ``shuffle=False``, which keeps the data's order as the book does).
    ``transform`` is applied to each batch of ``X`` (so raw uint8 pixels can be scaled per
    batch); ``validation=(X_val, Y_val)`` adds the validation accuracy after each epoch.
    ``initial_epoch=k`` resumes a run after its k-th epoch (see ``glassnet.files.checkpoints``):
    epochs k+1..``epochs`` run, and the returned ``History`` holds only those.
    ``fused=True`` does each SGD step (without weight decay) the fast way of
    ``glassnet.kernels.fused_sgd``: weights updated in place by BLAS, ``Parameter.grad``
    not written, and with numba the batch's scaling, the last hidden sigmoid (float32)
    and the output layer's whole step compiled (``GLASSNET_KERNEL=numpy`` turns that
    off). ``fused=False`` runs the generic ``backward_loss`` + ``optimizer.step``.
    The default fuses float32 models only: float64 keeps the generic step's exact
    roundings, which the lessons and the book's numbers are checked against.
    """
    epochs = _check_positive_int(epochs, "epochs")
    if isinstance(initial_epoch, bool) or not 0 <= initial_epoch <= epochs:
        raise ValueError(f"initial epoch must be in 0..{epochs}, got {initial_epoch!r}")
    batch_size = _check_positive_int(batch_size, "batch size")
    inputs = _as_inputs(X, model, "X", transform)
    # C order: the fused step's compiled head reads each batch's rows where they are.
    targets = np.ascontiguousarray(as_matrix(Y, "Y", n_columns=model.n_outputs, dtype=model.dtype))
    if len(targets) != len(inputs):
        raise ValueError(f"X has {len(inputs)} samples but Y has {len(targets)}")
    if validation is not None:
        validation_inputs = _as_inputs(validation[0], model, "validation X", transform)
        validation_labels = labels_from_outputs(validation[1])
        if len(validation_labels) != len(validation_inputs):
            raise ValueError("validation X and Y have different numbers of samples")
    generator = np.random.default_rng(rng) if shuffle else None
    labels = labels_from_outputs(targets)
    parameters = model.parameters()
    batch_buffer = None  # book-scaled batches are written into one reused array
    if isinstance(transform, BookScaling):
        batch_buffer = np.empty((min(batch_size, len(inputs)), model.n_inputs), model.dtype)
    if fused is None:
        fused = model.dtype == np.float32
    fused_step = None
    if fused and isinstance(optimizer, SGD) and can_fuse(model, optimizer):
        fused_step = FusedSGD(model, loss, optimizer)
    gather: Callable[..., None] | None = None  # numba's, with the fused step and numba
    if fused_step is not None and numba_in_use():
        from glassnet.kernels.minibatch_numba import gather_scaled

        gather = gather_scaled
    n_batches = -(-len(inputs) // batch_size)
    history = History()
    for epoch in range(initial_epoch + 1, epochs + 1):
        for callback in callbacks:
            callback.on_epoch_start(epoch, n_batches)
        started = time.perf_counter()
        total_loss, total_correct, seen = 0.0, 0, 0
        for batch, indices in enumerate(minibatches(len(inputs), batch_size, generator), 1):
            x = _batch(inputs, indices, transform, model, batch_buffer, gather)
            if fused_step:
                batch_loss, correct = fused_step.step(x, targets, labels, indices)
            else:
                target = targets[indices]
                predicted = model.forward(x)
                batch_loss = loss.value(predicted, target) * len(indices)
                correct = int(np.sum(labels_from_outputs(predicted) == labels[indices]))
                model.backward_loss(loss, predicted, target)
                optimizer.step(parameters)
            total_loss += batch_loss
            total_correct += correct
            seen += len(indices)
            for callback in callbacks:
                callback.on_batch_end(epoch, batch, total_loss / seen, total_correct / seen)
        seconds = time.perf_counter() - started
        validation_accuracy = None
        if validation is not None:
            predicted_labels = predict_labels(model, validation_inputs, transform)
            validation_accuracy = float(np.mean(predicted_labels == validation_labels))
        record = EpochRecord(
            epoch, total_loss / seen, total_correct / seen, validation_accuracy, seconds
        )
        history.records.append(record)
        for callback in callbacks:
            callback.on_epoch_end(record)
    return history


def _as_inputs(
    X: npt.ArrayLike, model: Sequential, name: str, transform: Callable[..., Array] | None
) -> npt.NDArray[np.generic]:
    """Validate inputs; raw integer data is kept as it is when a ``transform`` will scale it."""
    array = np.asarray(X)
    if transform is not None and array.dtype.kind in "iu":
        if array.ndim != 2 or array.shape[1] != model.n_inputs:
            raise ValueError(
                f"{name} must have shape (n_samples, {model.n_inputs}), got {array.shape}"
            )
        return array
    return as_matrix(array, name, n_columns=model.n_inputs, dtype=model.dtype)


def _batch(
    inputs: npt.NDArray[np.generic],
    indices: npt.NDArray[np.intp],
    transform: Callable[..., Array] | None,
    model: Sequential,
    out: Array | None = None,
    gather: Callable[..., None] | None = None,
) -> Array:
    """Rows ``indices`` of ``inputs``, transformed, in the model's dtype.

    ``out`` (book scaling only) is a buffer of the batch's shape reused from batch to
    batch: the batch's values are only needed until the next batch is made. ``gather``
    (``minibatch_numba.gather_scaled``) gathers and scales uint8 rows into ``out`` in one
    pass, with the same arithmetic.
    """
    if isinstance(transform, BookScaling) and out is not None and len(out) == len(indices):
        if gather is not None and inputs.dtype == np.uint8:
            number = out.dtype.type
            scale = (number(transform.max_value), number(BOOK_FACTOR), number(BOOK_OFFSET))
            gather(inputs, indices, out, *scale)  # scale_inputs's arithmetic, compiled
            return out
        return transform(inputs[indices], model.dtype, out=out)
    x = inputs[indices]
    if isinstance(transform, BookScaling | Standardizer | RangeScaling):
        x = transform(x, model.dtype)  # computed in the model's dtype: no float64 detour
    elif transform is not None:
        x = transform(x)
    return np.asarray(x, dtype=model.dtype)


def predict_labels(
    model: Sequential,
    inputs: npt.NDArray[np.generic],
    transform: Callable[..., Array] | None = None,
    batch_size: int = 1024,
) -> npt.NDArray[np.int64]:
    """The class of each row of ``inputs`` (raw when ``transform`` is given), a batch at a time."""
    chunks = [
        labels_from_outputs(
            model.forward(
                _batch(inputs, np.arange(i, min(i + batch_size, len(inputs))), transform, model)
            )
        )
        for i in range(0, len(inputs), batch_size)
    ]
    return np.concatenate(chunks)
