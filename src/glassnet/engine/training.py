"""Training: the loop of every textbook, ``train``, over mini-batches.

Each epoch shuffles the samples, cuts them into batches and trains on each one: signals
forward, the loss, errors backward, a step against the gradient (``GradientStep``), and
records how it went (``glassnet.engine.epochs``). ``batch_size=1`` with ``shuffle=False``
is the book's per-sample training; larger batches average the loss over the batch (see
``glassnet.engine.losses``).

How a step is carried out is chosen once per run by ``glassnet.kernels.plan_training``:
the engine's own ``GradientStep``, or a faster step with the same maths.
"""

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from glassnet._checks import as_matrix
from glassnet._types import Array
from glassnet.data.preprocessing import network_inputs
from glassnet.engine.epochs import (
    Callback,
    EpochRecord,
    History,
    Reported,
    TrainingDivergedError,
    check_epochs,
    run_epochs,
)
from glassnet.engine.losses import Loss
from glassnet.engine.metrics import labels_from_outputs
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import Optimizer
from glassnet.kernels.plan import plan_training

__all__ = [
    "Callback",
    "EpochRecord",
    "History",
    "TrainingDivergedError",
    "minibatches",
    "predict_labels",
    "train",
    "training_inputs",
    "validation_accuracy",
]


def minibatches(
    n_samples: int, batch_size: int, rng: np.random.Generator | None = None
) -> Iterator[npt.NDArray[np.intp]]:
    """Index arrays covering ``range(n_samples)`` in batches; shuffled when ``rng`` is given.

    Parameters
    ----------
    n_samples : int
        How many samples there are.
    batch_size : int
        Samples per batch; the last batch holds what is left.
    rng : numpy.random.Generator or None
        Shuffles the order once; None keeps the data's order, as the book does.

    Yields
    ------
    numpy.ndarray
        The row indices of one batch.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> [rows.tolist() for rows in gn.minibatches(5, 2)]
    [[0, 1], [2, 3], [4]]
    >>> sorted(np.concatenate(list(gn.minibatches(5, 2, np.random.default_rng(0)))).tolist())
    [0, 1, 2, 3, 4]
    """
    order = rng.permutation(n_samples) if rng is not None else np.arange(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start : start + batch_size]


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
    kernel: str = "auto",
) -> History:
    """Train ``model`` on inputs ``X`` (n_samples, n_inputs) and targets ``Y`` (n_samples, n_outputs).

    Each epoch visits every sample once, in batches of ``batch_size`` (shuffled with
    ``rng`` unless ``shuffle=False``, which keeps the data's order as the book does):
    signals forward, the loss, errors backward, a step against the gradient.

    Parameters
    ----------
    model : Sequential
        The network, trained in place.
    X : array_like
        Inputs (n_samples, n_inputs): floats, or raw integers (uint8 pixels) when
        ``transform`` scales them a batch at a time.
    Y : array_like
        Targets (n_samples, n_outputs), e.g. ``one_hot(labels, 10)``.
    loss : Loss
        What is minimised, e.g. ``SquaredError()`` (the book's) or ``CrossEntropy()``.
    optimizer : Optimizer
        How a step is taken, e.g. ``SGD(0.1)``; its state carries over between calls.
    epochs : int
        The last epoch to train (with ``initial_epoch=k``, epochs k+1..``epochs`` run).
    batch_size : int
        Samples per update; 1 is the book's per-sample training. The loss is averaged
        over a batch (see ``glassnet.engine.losses``).
    rng : numpy.random.Generator or int or None
        Shuffles the samples each epoch.
    shuffle : bool
        False keeps the data's order, as the book does.
    validation : tuple of (array_like, array_like) or None
        ``(X_val, Y_val)`` (targets or labels): adds the validation accuracy after each
        epoch.
    transform : callable or None
        Applied to each batch of ``X`` (so raw uint8 pixels can be scaled per batch),
        e.g. ``Dataset.preprocessing``.
    callbacks : sequence of Callback
        Told about each epoch and batch (progress bars, checkpoints).
    initial_epoch : int
        Resumes a run after its k-th epoch (see ``glassnet.files.checkpoints``); the
        returned ``History`` holds only the epochs trained here.
    kernel : str
        How each step is carried out (``glassnet.kernels.plan_training``): ``plain`` is
        the engine's ``GradientStep``; ``numpy`` and ``numba`` the fused SGD step (weights
        updated in place by BLAS, with numba parts of it compiled). The default, ``auto``,
        fuses float32 models with the fastest kernel available and keeps the plain step
        for float64, whose exact roundings the lessons are checked against; the
        environment variable ``GLASSNET_KERNEL`` sets what ``auto`` means.

    Returns
    -------
    History
        One record per epoch; its ``trained_by`` says which step ran.

    Raises
    ------
    ValueError
        When shapes disagree (X's columns and the model's inputs, X's and Y's samples),
        or a setting is out of range, in one line naming it.
    TrainingDivergedError
        (a ``GlassnetError``) When the loss or a weight becomes NaN or infinite; it
        carries the history of the epochs before.

    Examples
    --------
    A 2-4-1 sigmoid network learns XOR:

    >>> import numpy as np
    >>> import glassnet as gn
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    >>> Y = np.array([[0], [1], [1], [0]], dtype=float)
    >>> model = gn.mlp([2, 4, 1], rng=0)
    >>> history = gn.train(model, X, Y, loss=gn.BinaryCrossEntropy(), optimizer=gn.SGD(1.0),
    ...                    epochs=600, batch_size=4, rng=0)
    >>> len(history.records), model.predict_labels(X).tolist()
    (600, [0, 1, 1, 0])
    """
    check_epochs(epochs, initial_epoch, batch_size)
    inputs = training_inputs(X, model, "X", transform)
    targets = as_matrix(Y, "Y", n_columns=model.n_outputs, dtype=model.dtype)
    if len(targets) != len(inputs):
        raise ValueError(f"X has {len(inputs)} samples but Y has {len(targets)}")
    validate = validation_accuracy(model, validation, transform)
    labels = labels_from_outputs(targets)
    generator = np.random.default_rng(rng) if shuffle else None
    plan = plan_training(model, loss, optimizer, inputs, targets, labels, transform, kernel)

    def one_epoch() -> Iterator[Reported]:
        for rows in minibatches(len(inputs), batch_size, generator):
            batch_loss, correct = plan.step(plan.batches(rows), rows)
            yield batch_loss, correct, len(rows)

    history = run_epochs(
        one_epoch,
        epochs=epochs,
        initial_epoch=initial_epoch,
        n_batches=-(-len(inputs) // batch_size),
        parameters=model.parameters(),
        learning_rate=lambda: optimizer.learning_rate,
        validate=validate,
        callbacks=callbacks,
    )
    history.trained_by = plan.reason
    return history


def training_inputs(
    X: npt.ArrayLike, model: Sequential, name: str, transform: Callable[..., Array] | None
) -> npt.NDArray[np.generic]:
    """Validate inputs; raw integer data is kept as it is when a ``transform`` will scale it.

    Parameters
    ----------
    X : array_like
        Inputs (n_samples, n_inputs).
    model : Sequential
        The network they are for.
    name : str
        What to call them in an error message.
    transform : callable or None
        The scaling that will be applied per batch, if any.

    Returns
    -------
    numpy.ndarray

    Raises
    ------
    ValueError
        When ``X`` is not a matrix with the model's number of inputs.
    """
    array = np.asarray(X)
    if transform is not None and array.dtype.kind in "iu":
        if array.ndim != 2 or array.shape[1] != model.n_inputs:
            raise ValueError(
                f"{name} must have shape (n_samples, {model.n_inputs}), got {array.shape}"
            )
        return array
    return as_matrix(array, name, n_columns=model.n_inputs, dtype=model.dtype)


def validation_accuracy(
    model: Sequential,
    validation: tuple[npt.ArrayLike, npt.ArrayLike] | None,
    transform: Callable[..., Array] | None,
    name: str = "validation X",
) -> Callable[[], float] | None:
    """A function giving ``model``'s accuracy on ``validation=(X, Y or labels)``, checked now.

    Parameters
    ----------
    model : Sequential
        The network.
    validation : tuple of (array_like, array_like) or None
        The validation inputs and their targets or labels.
    transform : callable or None
        The inputs' scaling.
    name : str
        What to call the inputs in an error message.

    Returns
    -------
    callable or None
        None without validation data.
    """
    if validation is None:
        return None
    inputs = training_inputs(validation[0], model, name, transform)
    labels = labels_from_outputs(validation[1])
    if len(labels) != len(inputs):
        raise ValueError(f"{name} and labels have different numbers of samples")
    return lambda: float(np.mean(predict_labels(model, inputs, transform) == labels))


def predict_labels(
    model: Sequential,
    inputs: npt.NDArray[np.generic],
    transform: Callable[..., Array] | None = None,
    batch_size: int = 1024,
) -> npt.NDArray[np.int64]:
    """The class of each row of ``inputs`` (raw when ``transform`` is given), a batch at a time.

    Parameters
    ----------
    model : Sequential
        The network.
    inputs : numpy.ndarray
        Inputs (n_samples, n_inputs).
    transform : callable or None
        The inputs' scaling.
    batch_size : int
        Rows computed at a time.

    Returns
    -------
    numpy.ndarray
        One int64 label per row.
    """
    chunks = [
        labels_from_outputs(
            model.forward(network_inputs(inputs[i : i + batch_size], transform, model.dtype))
        )
        for i in range(0, len(inputs), batch_size)
    ]
    return np.concatenate(chunks)
