"""What the page needs to draw a network: its layers in pairs, activations, image bytes.

The backquery and the weight images themselves are ``glassnet.inside``'s.
"""

import numpy as np

from glassnet._types import Array
from glassnet.engine.layers import Dense, Layer
from glassnet.engine.network import Sequential


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


def quantise(values: Array, low: float, high: float) -> bytes:
    """Values in [low, high] as bytes 0–255 (for compact images in JSON, base64-encoded)."""
    spread = high - low if high > low else 1.0
    scaled = np.clip((values - low) / spread, 0.0, 1.0) * 255.0
    return bytes(np.rint(scaled).astype(np.uint8).ravel())
