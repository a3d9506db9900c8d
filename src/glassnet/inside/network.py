"""Looking inside a trained network: its mistakes, its hidden nodes, and the book's backquery.

``most_confident_mistakes`` finds the test samples the network got wrong while being most
sure of itself. ``hidden_weights`` folds the weights into each first-layer node back into
the input's shape (28x28 for MNIST): the pattern that node responds to. ``backquery``
runs the network backwards from the outputs to an input, as the book does.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.special import logit

from glassnet._types import Array
from glassnet.engine.activations import Identity, Sigmoid, Softmax, Tanh
from glassnet.engine.layers import Dense
from glassnet.engine.metrics import labels_from_outputs
from glassnet.engine.network import Sequential

# Where the book's backquery squeezes each layer's signals so the inverse is defined:
# the logit only exists inside (0, 1), arctanh inside (−1, 1).
_RANGES: dict[type, tuple[float, float]] = {Sigmoid: (0.01, 0.99), Tanh: (-0.98, 0.98)}
INPUT_RANGE = (0.01, 0.99)
"""The range the book rescales a backquery's image into, 0.01–0.99 (the logit's domain)."""


@dataclass
class Mistakes:
    """Wrongly classified samples, most confident first."""

    indices: npt.NDArray[np.int64]  # rows of the data
    predicted: npt.NDArray[np.int64]
    expected: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float64]  # the output of the node that won (its probability)


def confidence(outputs: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """How sure each prediction is: the winning output (one output: max(p, 1 − p))."""
    array = np.asarray(outputs, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"outputs must be (n_samples, n_outputs), got shape {array.shape}")
    if array.shape[1] == 1:
        result: npt.NDArray[np.float64] = np.maximum(array[:, 0], 1.0 - array[:, 0])
        return result
    winners: npt.NDArray[np.float64] = np.max(array, axis=1)
    return winners


def most_confident_mistakes(
    outputs: npt.ArrayLike, expected: npt.ArrayLike, count: int = 16
) -> Mistakes:
    """Up to ``count`` wrong predictions, the most confident first (ties: data order)."""
    predicted = labels_from_outputs(outputs)
    truth = labels_from_outputs(expected)
    if predicted.shape != truth.shape:
        raise ValueError(
            f"need one expected label per output row, got {len(truth)} for {len(predicted)}"
        )
    sure = confidence(outputs)
    wrong = np.flatnonzero(predicted != truth)
    order = wrong[np.argsort(-sure[wrong], kind="stable")][:count]
    return Mistakes(order.astype(np.int64), predicted[order], truth[order], sure[order])


def hidden_weights(model: Sequential, image_shape: tuple[int, ...] | None = None) -> Array:
    """The weights into each node of the first layer, shaped like the input.

    Returns (n_nodes, *image_shape), or (n_nodes, n_inputs) without a shape.
    """
    weight = model.dense_layers[0].weight.value
    if image_shape is None:
        return weight.copy()
    if int(np.prod(image_shape)) != weight.shape[1]:
        raise ValueError(
            f"the network has {weight.shape[1]} inputs, which is not a {image_shape} image"
        )
    return weight.reshape(len(weight), *image_shape).copy()


def label_targets(n_classes: int, low: float = 0.01, high: float = 0.99) -> Array:
    """One target row per label, the book's way: ``high`` for the label, ``low`` elsewhere."""
    targets = np.full((n_classes, n_classes), low)
    np.fill_diagonal(targets, high)
    return targets


def backquery(model: Sequential, targets: npt.ArrayLike) -> Array:
    """Run the network backwards from output ``targets`` (one row each) to inputs.

    At each layer, as the book does: undo the activation (logit for a sigmoid; arctanh for
    tanh; centred log for a softmax, whose inverse is only defined up to a constant), take
    away the bias, send the signal back through the weights (Wᵀ·signal), and rescale it into
    the range the previous activation can produce (0.01–0.99 for a sigmoid; the input image
    into 0.01–0.99). The network is not invertible (many inputs give the same outputs), so
    this is one input that pushes towards the targets: "what the network thinks a 5 looks
    like". A ReLU layer cannot be undone and is refused.
    """
    signal: Array = np.array(targets, dtype=np.float64, ndmin=2)
    if signal.shape[1] != model.n_outputs:
        raise ValueError(
            f"targets must have {model.n_outputs} values per row, got shape {signal.shape}"
        )
    layers = model.layers
    for position in range(len(layers) - 1, -1, -1):
        layer = layers[position]
        if isinstance(layer, Dense):
            if layer.bias is not None:
                signal = signal - layer.bias.value
            signal = layer.propagate(signal)
            before = layers[position - 1] if position > 0 else None
            low, high = _RANGES.get(type(before), INPUT_RANGE) if before else INPUT_RANGE
            if not isinstance(before, Identity):
                signal = rescale(signal, low, high)
        else:
            signal = _undo(layer, signal)
    return signal


def _undo(layer: object, signal: Array) -> Array:
    """The inverse of an activation at ``signal`` (already inside its range)."""
    if isinstance(layer, Sigmoid):
        result: Array = logit(np.clip(signal, 1e-12, 1 - 1e-12))
        return result
    if isinstance(layer, Tanh):
        return Tanh.inverse(np.clip(signal, -1 + 1e-12, 1 - 1e-12))
    if isinstance(layer, Softmax):
        logs = np.log(np.clip(signal, 1e-12, None))
        centred: Array = logs - logs.mean(axis=1, keepdims=True)
        return centred
    if isinstance(layer, Identity):
        return signal
    raise ValueError(
        f"backquery cannot run a {type(layer).__name__} layer backwards (it has no inverse: "
        "a ReLU maps every negative input to 0); look at the hidden-node weights instead"
    )


def rescale(signal: Array, low: float, high: float) -> Array:
    """Each row moved and stretched linearly so its smallest value is ``low``, largest ``high``."""
    smallest = signal.min(axis=1, keepdims=True)
    spread = signal.max(axis=1, keepdims=True) - smallest
    flat = spread == 0  # a constant row has no shape to keep: put it in the middle
    unit = np.where(flat, 0.5, (signal - smallest) / np.where(flat, 1.0, spread))
    scaled: Array = low + (high - low) * unit
    return scaled
