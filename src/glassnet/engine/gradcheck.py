"""Numerical gradients by central differences, to check every analytic backward pass.

For each weight w: ∂E/∂w ≈ (E(w + h) − E(w − h)) / 2h. It is slow (two forward passes
per weight) but needs no calculus, which is why it is the referee for the formulas.
"""

from collections.abc import Callable

import numpy as np

from glassnet._types import Array
from glassnet.engine.losses import Loss
from glassnet.engine.network import Sequential


def numerical_gradient(function: Callable[[], float], array: Array, step: float = 1e-6) -> Array:
    """∂function/∂array by central differences, perturbing ``array`` in place and restoring it."""
    gradient = np.zeros_like(array, dtype=np.float64)
    flat = array.reshape(-1)
    for index in range(flat.size):
        original = flat[index]
        flat[index] = original + step
        above = function()
        flat[index] = original - step
        below = function()
        flat[index] = original
        gradient.reshape(-1)[index] = (above - below) / (2.0 * step)
    return gradient


def relative_error(analytic: Array, numeric: Array) -> float:
    """max |a − n| / max(1, |a|, |n|): relative for large gradients, absolute for tiny ones."""
    scale = max(
        1.0,
        float(np.max(np.abs(analytic), initial=0.0)),
        float(np.max(np.abs(numeric), initial=0.0)),
    )
    return float(np.max(np.abs(analytic - numeric), initial=0.0) / scale)


def gradcheck(
    model: Sequential, loss: Loss, X: Array, Y: Array, step: float = 1e-6
) -> dict[str, float]:
    """Compare the model's backpropagated gradients with numerical ones.

    Returns the relative error per parameter, keyed ``"layer<i>.<name>"``; values around
    1e-7 or below mean the backward pass is right (in float64).
    """
    predicted = model.forward(X)
    model.backward_loss(loss, predicted, Y)
    errors: dict[str, float] = {}
    for layer_index, layer in enumerate(model.layers):
        for parameter in layer.parameters():
            analytic = parameter.grad.copy()
            numeric = numerical_gradient(
                lambda: loss.value(model.forward(X), Y), parameter.value, step
            )
            errors[f"layer{layer_index}.{parameter.name}"] = relative_error(analytic, numeric)
    return errors
