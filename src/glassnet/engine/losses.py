"""Loss functions: ``value(predicted, target)`` and ``gradient(predicted, target)``.

Every loss here sums over a sample's output nodes and averages over the samples of a
batch. For one sample, ``SquaredError`` is therefore ½Σ(t−o)², whose gradient is the
update in the book: one book step with learning rate α equals one SGD step of
``batch_size=1`` with the same α. Averaging over the batch keeps a learning rate meaningful
when the batch size changes.

Two losses have a natural output activation. For those pairs ``delta`` gives
dLoss/d(pre-activation) in one simplified, numerically safe step: ŷ − y for a sigmoid with
binary cross-entropy (the infographic's "very simple formula"), and softmax − target for
softmax with cross-entropy. ``glassnet.engine.network`` decides when to use it.
"""

import numpy as np

from glassnet._types import Array


def _clip_probabilities(p: Array) -> Array:
    """Keep probabilities a machine epsilon away from 0 and 1 so logs stay finite."""
    eps = float(np.finfo(p.dtype).eps) if np.issubdtype(p.dtype, np.floating) else 1e-15
    return np.clip(p, eps, 1.0 - eps)


class Loss:
    """Base class: subclasses define ``value`` and ``gradient`` (and maybe ``delta``)."""

    def value(self, predicted: Array, target: Array) -> float:
        raise NotImplementedError

    def gradient(self, predicted: Array, target: Array) -> Array:
        raise NotImplementedError

    def delta(self, predicted: Array, target: Array) -> Array:
        """dLoss/d(pre-activation) of the output layer this loss pairs with."""
        raise NotImplementedError(f"{type(self).__name__} has no fused output delta")

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class SquaredError(Loss):
    """E = ½ Σ_k (t_k − o_k)², summed over output nodes, averaged over the batch.

    Shapes: predicted, target (n_samples, n_outputs). Gradient (o − t) / n_samples. The
    book's error is t − o, and its update adds α·(t − o)·…; subtracting α times this
    gradient is the same step.
    """

    def value(self, predicted: Array, target: Array) -> float:
        difference = predicted - target
        return float(0.5 * np.sum(difference * difference) / len(predicted))

    def gradient(self, predicted: Array, target: Array) -> Array:
        return (predicted - target) / len(predicted)


class BinaryCrossEntropy(Loss):
    """E = −(1/m) Σ_i Σ_k [y ln ŷ + (1 − y) ln(1 − ŷ)], the infographic's E(W).

    Shapes: predicted, target (n_samples, n_outputs), predictions in (0, 1). Predictions
    are clipped one machine epsilon away from 0 and 1, so the value stays finite for
    targets exactly 0 or 1 and saturated outputs. With a sigmoid output the combined
    gradient with respect to the sigmoid's input is (ŷ − y) / m.
    """

    def value(self, predicted: Array, target: Array) -> float:
        p = _clip_probabilities(predicted)
        total = np.sum(target * np.log(p) + (1.0 - target) * np.log1p(-p))
        return float(-total / len(predicted))

    def gradient(self, predicted: Array, target: Array) -> Array:
        p = _clip_probabilities(predicted)
        return (p - target) / (p * (1.0 - p)) / len(predicted)

    def delta(self, predicted: Array, target: Array) -> Array:
        return (predicted - target) / len(predicted)


class CrossEntropy(Loss):
    """E = −(1/m) Σ_i Σ_k t_k ln p_k, for softmax outputs (categorical cross-entropy).

    Shapes: predicted, target (n_samples, n_classes); predicted rows are probabilities.
    With a softmax output the combined gradient with respect to the softmax's input is
    (p·Σ_k t_k − t) / m, which is (p − t) / m for one-hot targets.
    """

    def value(self, predicted: Array, target: Array) -> float:
        p = _clip_probabilities(predicted)
        return float(-np.sum(target * np.log(p)) / len(predicted))

    def gradient(self, predicted: Array, target: Array) -> Array:
        return -target / _clip_probabilities(predicted) / len(predicted)

    def delta(self, predicted: Array, target: Array) -> Array:
        target_mass = np.sum(target, axis=-1, keepdims=True)
        delta: Array = (predicted * target_mass - target) / len(predicted)
        return delta


LOSSES: dict[str, type[Loss]] = {
    "squared-error": SquaredError,
    "binary-cross-entropy": BinaryCrossEntropy,
    "cross-entropy": CrossEntropy,
}


def get_loss(name: str) -> Loss:
    """A loss by its CLI name (``squared-error``, ``binary-cross-entropy``, ``cross-entropy``)."""
    try:
        return LOSSES[name]()
    except KeyError:
        known = ", ".join(LOSSES)
        raise ValueError(f"unknown loss {name!r}; choose one of: {known}") from None
