"""Parameters, the Layer protocol, and the fully connected ``Dense`` layer."""

from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.engine.init import Initializer, get_initializer


class Parameter:
    """A trainable array and the gradient of the loss with respect to it (same shape).

    Optimizers see only parameters: ``SGD.step`` is ``value -= learning_rate * grad``.

    Parameters
    ----------
    value : numpy.ndarray
        The array trained, kept as it is (not copied), e.g. a weight (n_outputs, n_inputs).
    name : str
        A label for messages and model files, e.g. ``"weight"``.

    Attributes
    ----------
    grad : numpy.ndarray
        dLoss/dvalue, zeros until a backward pass fills it; same shape and dtype as ``value``.
    """

    def __init__(self, value: Array, name: str = "") -> None:
        self.value = value
        self.grad = np.zeros_like(value)
        self.name = name

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


@runtime_checkable
class Layer(Protocol):
    """What a network is made of: any object with these three methods.

    ``forward`` keeps what ``backward`` needs; ``backward`` receives dLoss/dOutput, fills
    each parameter's ``grad`` and returns dLoss/dInput. ``Dense`` and the activations are
    layers; ``isinstance(obj, Layer)`` checks the methods are there.
    """

    def forward(self, x: Array) -> Array:
        """The layer's outputs for inputs ``x``, keeping what ``backward`` needs.

        Parameters
        ----------
        x : numpy.ndarray
            Inputs, one sample per row.

        Returns
        -------
        numpy.ndarray
            Outputs, one row per sample.
        """

    def backward(self, grad_output: Array) -> Array:
        """Fill each parameter's ``grad`` from dLoss/dOutput and return dLoss/dInput.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput at the last ``forward``'s output, the same shape as that output.

        Returns
        -------
        numpy.ndarray
            dLoss/dInput, the same shape as the last ``forward``'s input.
        """

    def parameters(self) -> list[Parameter]:
        """The layer's trainable parameters (an empty list for an activation).

        Returns
        -------
        list of Parameter
        """


class Dense:
    """Fully connected layer: ``y = x @ W.T + b``.

    Shapes: x (n_samples, n_inputs) -> y (n_samples, n_outputs); W (n_outputs, n_inputs),
    so row j of W holds the weights of the links into node j, as in the book's X = W·I.

    With one sample per row, ``backward`` computes dW = grad_outputᵀ · x. Fed the book's
    error term E·S(1-S) (negated, because the book adds its update), this is exactly the
    book's ΔW = α·E·S(1−S)·Oᵀ, where O is this layer's input, the previous layer's output.

    Parameters
    ----------
    n_inputs : int
        Number of inputs (links into each node), at least 1.
    n_outputs : int
        Number of nodes, at least 1.
    bias : bool
        Whether the layer adds a bias b (n_outputs,), starting at zero. The book's network
        has none.
    init : str or callable
        How the weights are drawn: ``"book"`` (N(0, n_inputs^-½)), ``"glorot"``, ``"he"``,
        ``"uniform"``, or a function ``(n_inputs, n_outputs, rng) -> array``.
    rng : numpy.random.Generator or int or None
        The generator (or seed) the weights are drawn from.
    dtype : numpy dtype
        The weights' dtype, float64 or float32; inputs are converted to it.

    Attributes
    ----------
    weight : Parameter
        W, shape (n_outputs, n_inputs).
    bias : Parameter or None
        b, shape (n_outputs,), or None without bias.

    Raises
    ------
    ValueError
        When ``n_inputs`` or ``n_outputs`` is below 1.

    Examples
    --------
    The infographic's first layer: three inputs into two nodes.

    >>> import numpy as np
    >>> from glassnet import Dense
    >>> layer = Dense(3, 2, rng=0)
    >>> layer.weight.value.shape, layer.bias.value.shape
    ((2, 3), (2,))
    >>> layer.weight.value[:] = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]
    >>> layer.forward(np.array([[1.0, 0.0, 2.0]]))
    array([[0.7, 1.6]])
    """

    def __init__(
        self,
        n_inputs: int,
        n_outputs: int,
        *,
        bias: bool = True,
        init: str | Initializer = "book",
        rng: np.random.Generator | int | None = None,
        dtype: npt.DTypeLike = np.float64,
    ) -> None:
        if n_inputs < 1 or n_outputs < 1:
            raise ValueError(
                f"Dense needs at least one input and one output, got {n_inputs}x{n_outputs}"
            )
        initializer = get_initializer(init) if isinstance(init, str) else init
        generator = np.random.default_rng(rng)
        weight = np.asarray(initializer(n_inputs, n_outputs, generator), dtype=dtype)
        self.weight = Parameter(np.ascontiguousarray(weight), "weight")
        self.bias = Parameter(np.zeros(n_outputs, dtype=dtype), "bias") if bias else None
        self._input: Array | None = None

    @property
    def n_inputs(self) -> int:
        """Number of inputs: the weight's columns."""
        return int(self.weight.value.shape[1])

    @property
    def n_outputs(self) -> int:
        """Number of nodes: the weight's rows."""
        return int(self.weight.value.shape[0])

    def forward(self, x: Array) -> Array:
        """``x @ W.T + b``, the book's X = W·I for samples in rows; keeps ``x`` for ``backward``.

        Parameters
        ----------
        x : numpy.ndarray
            Inputs (n_samples, n_inputs), converted to the weights' dtype.

        Returns
        -------
        numpy.ndarray
            The nodes' summed signals (n_samples, n_outputs).
        """
        self._input = x = x.astype(self.weight.value.dtype, copy=False)
        y = x @ self.weight.value.T
        if self.bias is not None:
            y += self.bias.value
        return y

    def backward(self, grad_output: Array) -> Array:
        """Fill dW and db from dLoss/dOutput and return dLoss/dInput = grad_output @ W.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput (n_samples, n_outputs), in the weights' dtype.

        Returns
        -------
        numpy.ndarray
            dLoss/dInput (n_samples, n_inputs).

        Raises
        ------
        RuntimeError
            When called before ``forward``.
        """
        self.set_gradients(grad_output)
        return self.propagate(grad_output)

    def set_gradients(self, grad_output: Array) -> None:
        """Fill dW = grad_outputᵀ · x (and db = Σ grad_output) without the input gradient.

        The first layer of a network needs no gradient for its input (the data), which
        saves a third of that layer's backward work; ``Sequential.backward_loss`` uses this.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput (n_samples, n_outputs), in the weights' dtype.

        Raises
        ------
        RuntimeError
            When called before ``forward``.
        """
        if self._input is None:
            raise RuntimeError("Dense.backward called before forward")
        # Into the gradient's own array (np.dot, which also keeps one sample's outer
        # product in BLAS); grad_output has the weights' dtype, as the input does.
        np.dot(grad_output.T, self._input, out=self.weight.grad)
        if self.bias is not None:
            np.sum(grad_output, axis=0, out=self.bias.grad)

    def propagate(self, signal: Array) -> Array:
        """Send a signal backwards through the links: ``signal @ W`` (the book's Wᵀ·e).

        Used for gradients in ``backward``, for the book's backpropagated errors, and
        for its backquery.

        Parameters
        ----------
        signal : numpy.ndarray
            One value per node and sample (n_samples, n_outputs): errors, or gradients.

        Returns
        -------
        numpy.ndarray
            The signal each input receives (n_samples, n_inputs).

        Examples
        --------
        The deck's backpropagated errors: output errors 0.8 and 0.5 through the weights.

        >>> import numpy as np
        >>> from glassnet import Dense
        >>> layer = Dense(2, 2, bias=False)
        >>> layer.weight.value[:] = [[2.0, 3.0], [1.0, 4.0]]
        >>> layer.propagate(np.array([[0.8, 0.5]]))
        array([[2.1, 4.4]])
        """
        return signal @ self.weight.value

    def parameters(self) -> list[Parameter]:
        """``[weight]``, or ``[weight, bias]`` with a bias.

        Returns
        -------
        list of Parameter
        """
        return [self.weight] if self.bias is None else [self.weight, self.bias]

    def __repr__(self) -> str:
        return f"Dense({self.n_inputs}, {self.n_outputs}, bias={self.bias is not None})"
