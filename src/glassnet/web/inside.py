"""Looking inside an image model: hidden-node weight images, activations and backqueries.

``backquery`` is the book's: start from a target output (0.99 for the label, 0.01
elsewhere), undo each activation (the logit for a sigmoid), send the signal back through
the transposed weights and rescale it into the activation's range, down to the inputs.
Networks with biases subtract each layer's bias before going back through its weights
(the book's network has none, and then this is exactly ``NeuralNetwork.backquery``).
"""

import numpy as np

from glassnet._types import Array
from glassnet.activations import Identity, Sigmoid, Softmax, Tanh
from glassnet.layers import Dense, Layer
from glassnet.network import Sequential

# The range each layer's signal is rescaled into, kept inside the activation's outputs
# so that its inverse is finite (the book: 0.01–0.99 for sigmoids).
_RANGES: dict[type, tuple[float, float]] = {
    Sigmoid: (0.01, 0.99),
    Softmax: (0.01, 0.99),
    Tanh: (-0.99, 0.99),
}


def layer_pairs(network: Sequential) -> list[tuple[Dense, Layer]]:
    """The network as (Dense, activation) pairs; other shapes are refused."""
    layers = network.layers
    pairs = list(zip(layers[0::2], layers[1::2], strict=False))
    if len(layers) % 2 or not all(isinstance(dense, Dense) for dense, _ in pairs):
        raise ValueError("expected a network of Dense layers each followed by an activation")
    return [(dense, activation) for dense, activation in pairs if isinstance(dense, Dense)]


def activations(network: Sequential, inputs: Array) -> list[Array]:
    """Each activation layer's outputs for ``inputs`` (hidden layers first, outputs last)."""
    outputs = []
    signal = inputs
    for dense, activation in layer_pairs(network):
        signal = activation.forward(dense.forward(signal))
        outputs.append(signal)
    return outputs


def _inverse(activation: Layer, signal: Array) -> Array:
    if isinstance(activation, Sigmoid | Identity):
        return activation.inverse(signal)
    if isinstance(activation, Tanh):
        return np.arctanh(signal)
    if isinstance(activation, Softmax):
        logs: Array = np.log(signal)
        return logs  # softmax's inverse, up to a constant that the rescaling removes
    raise ValueError(
        f"backquery needs invertible activations (sigmoid, tanh, softmax, identity); "
        f"this network has {type(activation).__name__}"
    )


def _rescale(signal: Array, low: float, high: float) -> Array:
    spread = np.ptp(signal, axis=-1, keepdims=True)
    unit: Array = (signal - signal.min(axis=-1, keepdims=True)) / np.where(spread > 0, spread, 1.0)
    return low + unit * (high - low)


def backquery(network: Sequential, targets: Array) -> Array:
    """Inputs that would produce ``targets`` (one row per query), each rescaled to 0.01–0.99."""
    pairs = layer_pairs(network)
    signal: Array = np.atleast_2d(np.asarray(targets, dtype=np.float64))
    for index in range(len(pairs) - 1, -1, -1):
        dense, activation = pairs[index]
        signal = _inverse(activation, signal)
        if dense.bias is not None:
            signal = signal - dense.bias.value
        signal = dense.propagate(signal)
        below = type(pairs[index - 1][1]) if index > 0 else Sigmoid  # inputs: as the book
        if below not in _RANGES and below is not Identity:
            raise ValueError(
                f"backquery cannot run back through a {below.__name__} layer (not invertible)"
            )
        if below in _RANGES:
            signal = _rescale(signal, *_RANGES[below])
    return signal


def label_targets(n_classes: int, low: float = 0.01, high: float = 0.99) -> Array:
    """One target row per label: ``high`` for the label, ``low`` elsewhere (the book's)."""
    return np.where(np.eye(n_classes, dtype=bool), high, low)


def quantise(values: Array, low: float, high: float) -> bytes:
    """Values in [low, high] as bytes 0–255 (for compact images in JSON, base64-encoded)."""
    spread = high - low if high > low else 1.0
    scaled = np.clip((values - low) / spread, 0.0, 1.0) * 255.0
    return bytes(np.rint(scaled).astype(np.uint8).ravel())
