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
    """Base class of the losses: subclasses define ``value`` and ``gradient`` (and maybe ``delta``).

    Every loss sums over a sample's outputs and averages over the samples of a batch,
    which is what the learning rate is relative to.
    """

    def value(self, predicted: Array, target: Array) -> float:
        """The loss of ``predicted`` against ``target``.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        float
            The loss, averaged over the samples.
        """
        raise NotImplementedError

    def gradient(self, predicted: Array, target: Array) -> Array:
        """dLoss/dpredicted, what ``backward`` starts from.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/dpredicted, the shape of ``predicted``.
        """
        raise NotImplementedError

    def delta(self, predicted: Array, target: Array) -> Array:
        """dLoss/d(pre-activation) of the output layer this loss pairs with.

        Raises
        ------
        NotImplementedError
            For a loss without a paired output activation.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/d(pre-activation), the shape of ``predicted``.
        """
        raise NotImplementedError(f"{type(self).__name__} has no fused output delta")

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class SquaredError(Loss):
    """E = ½ Σ_k (t_k − o_k)², summed over output nodes, averaged over the batch.

    Shapes: predicted, target (n_samples, n_outputs). Gradient (o − t) / n_samples. The
    book's error is t − o, and its update adds α·(t − o)·…; subtracting α times this
    gradient is the same step.

    Examples
    --------
    TinySpark's neuron: output 0.75, expected 0.4.

    >>> import numpy as np
    >>> from glassnet import SquaredError
    >>> loss = SquaredError()
    >>> round(loss.value(np.array([[0.75]]), np.array([[0.4]])), 6)
    0.06125
    >>> loss.gradient(np.array([[0.75]]), np.array([[0.4]])).round(6)
    array([[0.35]])
    """

    def value(self, predicted: Array, target: Array) -> float:
        """½ Σ (t − o)² per sample, averaged over the samples.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        float
            The loss, averaged over the samples.
        """
        difference = predicted - target
        return float(0.5 * np.sum(difference * difference) / len(predicted))

    def gradient(self, predicted: Array, target: Array) -> Array:
        """(o − t) / n_samples.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/dpredicted, the shape of ``predicted``.
        """
        return (predicted - target) / len(predicted)


class BinaryCrossEntropy(Loss):
    """E = −(1/m) Σ_i Σ_k [y ln ŷ + (1 − y) ln(1 − ŷ)], the infographic's E(W).

    Shapes: predicted, target (n_samples, n_outputs), predictions in (0, 1). Predictions
    are clipped one machine epsilon away from 0 and 1, so the value stays finite for
    targets exactly 0 or 1 and saturated outputs. With a sigmoid output the combined
    gradient with respect to the sigmoid's input is (ŷ − y) / m.
    """

    def value(self, predicted: Array, target: Array) -> float:
        """−Σ [y ln ŷ + (1 − y) ln(1 − ŷ)] per sample, averaged; predictions clipped away from 0 and 1.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        float
            The loss, averaged over the samples.
        """
        p = _clip_probabilities(predicted)
        total = np.sum(target * np.log(p) + (1.0 - target) * np.log1p(-p))
        return float(-total / len(predicted))

    def gradient(self, predicted: Array, target: Array) -> Array:
        """(ŷ − y) / (ŷ(1 − ŷ)) / n_samples, with predictions clipped away from 0 and 1.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/dpredicted, the shape of ``predicted``.
        """
        p = _clip_probabilities(predicted)
        return (p - target) / (p * (1.0 - p)) / len(predicted)

    def delta(self, predicted: Array, target: Array) -> Array:
        """(ŷ − y) / n_samples: the gradient at a sigmoid's input, the infographic's "very simple formula".

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/d(pre-activation), the shape of ``predicted``.
        """
        return (predicted - target) / len(predicted)


class CrossEntropy(Loss):
    """E = −(1/m) Σ_i Σ_k t_k ln p_k, for softmax outputs (categorical cross-entropy).

    Shapes: predicted, target (n_samples, n_classes); predicted rows are probabilities.
    With a softmax output the combined gradient with respect to the softmax's input is
    (p·Σ_k t_k − t) / m, which is (p − t) / m for one-hot targets.
    """

    def value(self, predicted: Array, target: Array) -> float:
        """−Σ t ln p per sample, averaged; probabilities clipped away from 0.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        float
            The loss, averaged over the samples.
        """
        p = _clip_probabilities(predicted)
        return float(-np.sum(target * np.log(p)) / len(predicted))

    def gradient(self, predicted: Array, target: Array) -> Array:
        """−t / p / n_samples.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/dpredicted, the shape of ``predicted``.
        """
        return -target / _clip_probabilities(predicted) / len(predicted)

    def delta(self, predicted: Array, target: Array) -> Array:
        """(p·Σt − t) / n_samples at a softmax's input: (p − t) / n_samples for one-hot targets.

        Parameters
        ----------
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        numpy.ndarray
            dLoss/d(pre-activation), the shape of ``predicted``.
        """
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
