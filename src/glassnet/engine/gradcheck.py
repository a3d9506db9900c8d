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
    """∂function/∂array by central differences, perturbing ``array`` in place and restoring it.

    Parameters
    ----------
    function : callable
        ``function()`` returns the loss as a float, reading ``array`` (e.g. a weight).
    array : numpy.ndarray
        The array to differentiate against; each element is perturbed in turn, then restored.
    step : float
        h in (E(w + h) − E(w − h)) / 2h.

    Returns
    -------
    numpy.ndarray
        float64, the shape of ``array``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> w = np.array([3.0])
    >>> gn.numerical_gradient(lambda: float(w[0] ** 2), w).round(6)
    array([6.])
    """
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
    """max |a − n| / max(1, |a|, |n|): relative for large gradients, absolute for tiny ones.

    Parameters
    ----------
    analytic : numpy.ndarray
        The backpropagated gradient.
    numeric : numpy.ndarray
        The numerical one, the same shape.

    Returns
    -------
    float
    """
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

    Parameters
    ----------
    model : Sequential
        The network; its weights are perturbed and restored.
    loss : Loss
        The loss whose gradient is checked.
    X : numpy.ndarray
        A few inputs (n_samples, n_inputs), in the model's dtype (float64 for a tight check).
    Y : numpy.ndarray
        Their targets (n_samples, n_outputs).
    step : float
        The central difference's h.

    Returns
    -------
    dict of str to float
        The relative error per parameter, keyed ``"layer<i>.<name>"``; values around
        1e-7 or below mean the backward pass is right (in float64).

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.mlp([3, 4, 2], rng=0)
    >>> X, Y = np.random.default_rng(1).random((5, 3)), np.eye(2)[[0, 1, 1, 0, 1]]
    >>> errors = gn.gradcheck(model, gn.SquaredError(), X, Y)
    >>> sorted(errors), max(errors.values()) < 1e-7
    (['layer0.bias', 'layer0.weight', 'layer2.bias', 'layer2.weight'], True)
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
