"""Activation functions: layers without parameters.

Each keeps what its derivative needs during ``forward``: the sigmoid its output S, so
that the slope is S(1−S) as in the book; ReLU the sign of its input.
"""

import numpy as np
import numpy.typing as npt
from scipy.special import logit

from glassnet._types import Array
from glassnet.engine.layers import Parameter


class _Activation:
    """Shared plumbing: no parameters, a readable repr."""

    def forward(self, x: Array) -> Array:
        raise NotImplementedError

    def backward(self, grad_output: Array) -> Array:
        raise NotImplementedError

    def parameters(self) -> list[Parameter]:
        return []

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def sigmoid(x: Array) -> Array:
    """σ(x) = 1 / (1 + e^−x), the book's activation function, in ``x``'s precision.

    For x below about −709 (−88 in float32) e^−x overflows to infinity and σ(x) is
    exactly 0, which is right; that overflow is expected, so it is not warned about.

    Parameters
    ----------
    x : numpy.ndarray
        Any shape, float64 or float32.

    Returns
    -------
    numpy.ndarray
        σ of each element, the same shape and dtype.

    Examples
    --------
    The deck's node: inputs 1.0 and 0.5 with weights 0.9 and 0.3 sum to 1.05.

    >>> import numpy as np
    >>> from glassnet.engine.activations import sigmoid
    >>> round(float(sigmoid(np.array(1.05))), 4)
    0.7408
    """
    with np.errstate(over="ignore"):
        s: Array = 1.0 / (1.0 + np.exp(-x))
    return s


class Sigmoid(_Activation):
    """The logistic function σ(x) = 1 / (1 + e^−x); slope σ(x)(1 − σ(x)).

    Shapes: any -> same. ``forward`` keeps its output S, so that ``backward`` is the
    book's S(1 − S) without computing σ again.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet import Sigmoid
    >>> layer = Sigmoid()
    >>> layer.forward(np.array([[0.0, 2.0]])).round(4)
    array([[0.5   , 0.8808]])
    >>> layer.backward(np.array([[1.0, 1.0]])).round(4)
    array([[0.25 , 0.105]])
    """

    def __init__(self) -> None:
        self._output: Array | None = None

    def forward(self, x: Array) -> Array:
        """S = σ(x), kept for ``backward``.

        Parameters
        ----------
        x : numpy.ndarray
            The summed signals, any shape.

        Returns
        -------
        numpy.ndarray
            The activation of each element, the same shape.
        """
        self._output = sigmoid(x)
        return self._output

    def backward(self, grad_output: Array) -> Array:
        """dLoss/dInput = grad_output · S(1 − S), from what ``forward`` kept.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput, the shape of the last ``forward``'s output.

        Returns
        -------
        numpy.ndarray
            dLoss/dInput, the same shape.

        Raises
        ------
        RuntimeError
            When called before ``forward``.
        """
        s = self._output
        if s is None:
            raise RuntimeError("Sigmoid.backward called before forward")
        return grad_output * s * (1.0 - s)

    @staticmethod
    def inverse(y: Array) -> Array:
        """The logit ln(y / (1 − y)), which the book's backquery uses to run a node backwards.

        Parameters
        ----------
        y : numpy.ndarray
            Outputs of this activation, any shape.

        Returns
        -------
        numpy.ndarray
            The inputs that give them, the same shape.
        """
        result: Array = logit(y)
        return result


class Identity(_Activation):
    """f(x) = x, slope 1: the linear activation of TinySpark's neuron and of regression outputs."""

    def forward(self, x: Array) -> Array:
        """f(x) = x: the input itself.

        Parameters
        ----------
        x : numpy.ndarray
            The summed signals, any shape.

        Returns
        -------
        numpy.ndarray
            The activation of each element, the same shape.
        """
        return x

    def backward(self, grad_output: Array) -> Array:
        """dLoss/dInput = grad_output (the slope is 1).

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput, any shape.

        Returns
        -------
        numpy.ndarray
            The same array.
        """
        return grad_output

    @staticmethod
    def inverse(y: Array) -> Array:
        """y itself: the identity is its own inverse.

        Parameters
        ----------
        y : numpy.ndarray
            Outputs of this activation, any shape.

        Returns
        -------
        numpy.ndarray
            The inputs that give them, the same shape.
        """
        return y


class ReLU(_Activation):
    """max(0, x); slope 1 where x > 0, else 0. Shapes: any -> same."""

    def __init__(self) -> None:
        self._positive: npt.NDArray[np.bool_] | None = None

    def forward(self, x: Array) -> Array:
        """max(0, x), keeping where x > 0 for ``backward``.

        Parameters
        ----------
        x : numpy.ndarray
            The summed signals, any shape.

        Returns
        -------
        numpy.ndarray
            The activation of each element, the same shape.
        """
        self._positive = x > 0
        return np.maximum(x, 0.0)

    def backward(self, grad_output: Array) -> Array:
        """dLoss/dInput = grad_output · 1 where the input was positive, else 0, from what ``forward`` kept.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput, the shape of the last ``forward``'s output.

        Returns
        -------
        numpy.ndarray
            dLoss/dInput, the same shape.

        Raises
        ------
        RuntimeError
            When called before ``forward``.
        """
        if self._positive is None:
            raise RuntimeError("ReLU.backward called before forward")
        return grad_output * self._positive


class Tanh(_Activation):
    """tanh(x) in (−1, 1); slope 1 − tanh². Shapes: any -> same."""

    def __init__(self) -> None:
        self._output: Array | None = None

    def forward(self, x: Array) -> Array:
        """tanh(x), kept for ``backward``.

        Parameters
        ----------
        x : numpy.ndarray
            The summed signals, any shape.

        Returns
        -------
        numpy.ndarray
            The activation of each element, the same shape.
        """
        self._output = np.tanh(x)
        return self._output

    def backward(self, grad_output: Array) -> Array:
        """dLoss/dInput = grad_output · (1 − tanh²), from what ``forward`` kept.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput, the shape of the last ``forward``'s output.

        Returns
        -------
        numpy.ndarray
            dLoss/dInput, the same shape.

        Raises
        ------
        RuntimeError
            When called before ``forward``.
        """
        t = self._output
        if t is None:
            raise RuntimeError("Tanh.backward called before forward")
        return grad_output * (1.0 - t * t)

    @staticmethod
    def inverse(y: Array) -> Array:
        """artanh(y), for backquery through a tanh network.

        Parameters
        ----------
        y : numpy.ndarray
            Outputs of this activation, any shape.

        Returns
        -------
        numpy.ndarray
            The inputs that give them, the same shape.
        """
        result: Array = np.arctanh(y)
        return result


class Softmax(_Activation):
    """softmax(x)_k = e^{x_k} / Σ_j e^{x_j} along each row; outputs are probabilities.

    Shapes: (n_samples, n_classes) -> same. Subtracting each row's maximum first keeps
    e^x from overflowing without changing the result. The Jacobian-vector product is
    s ⊙ (g − Σ g⊙s); paired with ``CrossEntropy`` the training loop skips it and uses
    the simpler combined delta s − t.
    """

    def __init__(self) -> None:
        self._output: Array | None = None

    def forward(self, x: Array) -> Array:
        """Each row's e^x / Σ e^x (after subtracting the row's maximum), kept for ``backward``.

        Parameters
        ----------
        x : numpy.ndarray
            Summed signals (n_samples, n_classes).

        Returns
        -------
        numpy.ndarray
            Probabilities, each row summing to 1.
        """
        shifted = np.exp(x - np.max(x, axis=-1, keepdims=True))
        self._output = shifted / np.sum(shifted, axis=-1, keepdims=True)
        return self._output

    def backward(self, grad_output: Array) -> Array:
        """dLoss/dInput = grad_output · the softmax Jacobian: s ⊙ (g − Σ g⊙s) per row, from what ``forward`` kept.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput, the shape of the last ``forward``'s output.

        Returns
        -------
        numpy.ndarray
            dLoss/dInput, the same shape.

        Raises
        ------
        RuntimeError
            When called before ``forward``.
        """
        s = self._output
        if s is None:
            raise RuntimeError("Softmax.backward called before forward")
        grad_input: Array = s * (grad_output - np.sum(grad_output * s, axis=-1, keepdims=True))
        return grad_input


ACTIVATIONS: dict[str, type[_Activation]] = {
    "sigmoid": Sigmoid,
    "identity": Identity,
    "relu": ReLU,
    "tanh": Tanh,
    "softmax": Softmax,
}


def get_activation(name: str) -> _Activation:
    """A new activation layer by name (``sigmoid``, ``relu``, ...), with a clear error."""
    try:
        return ACTIVATIONS[name]()
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of: {known}") from None
