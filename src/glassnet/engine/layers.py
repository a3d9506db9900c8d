"""Parameters, the Layer protocol, and the fully connected ``Dense`` layer."""

from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.engine.init import Initializer, get_initializer


class Parameter:
    """A trainable array and the gradient of the loss with respect to it (same shape)."""

    def __init__(self, value: Array, name: str = "") -> None:
        self.value = value
        self.grad = np.zeros_like(value)
        self.name = name

    def __repr__(self) -> str:
        return f"Parameter({self.name!r}, shape={self.value.shape}, dtype={self.value.dtype})"


@runtime_checkable
class Layer(Protocol):
    """What a network is made of.

    ``forward`` keeps what ``backward`` needs; ``backward`` receives dLoss/dOutput, fills
    each parameter's ``grad`` and returns dLoss/dInput.
    """

    def forward(self, x: Array) -> Array: ...

    def backward(self, grad_output: Array) -> Array: ...

    def parameters(self) -> list[Parameter]: ...


class Dense:
    """Fully connected layer: ``y = x @ W.T + b``.

    Shapes: x (n_samples, n_inputs) -> y (n_samples, n_outputs); W (n_outputs, n_inputs),
    so row j of W holds the weights of the links into node j, as in the book's X = W·I.

    With one sample per row, ``backward`` computes dW = grad_outputᵀ · x. Fed the book's
    error term E·S(1-S) (negated, because the book adds its update), this is exactly the
    book's ΔW = α·E·S(1−S)·Oᵀ, where O is this layer's input, the previous layer's output.
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
        return int(self.weight.value.shape[1])

    @property
    def n_outputs(self) -> int:
        return int(self.weight.value.shape[0])

    def forward(self, x: Array) -> Array:
        self._input = x = x.astype(self.weight.value.dtype, copy=False)
        y = x @ self.weight.value.T
        if self.bias is not None:
            y += self.bias.value
        return y

    def backward(self, grad_output: Array) -> Array:
        self.set_gradients(grad_output)
        return self.propagate(grad_output)

    def set_gradients(self, grad_output: Array) -> None:
        """Fill dW = grad_outputᵀ · x (and db = Σ grad_output) without the input gradient.

        The first layer of a network needs no gradient for its input (the data), which
        saves a third of that layer's backward work; ``Sequential.backward`` uses this.
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
        """
        return signal @ self.weight.value

    def parameters(self) -> list[Parameter]:
        return [self.weight] if self.bias is None else [self.weight, self.bias]

    def __repr__(self) -> str:
        return f"Dense({self.n_inputs}, {self.n_outputs}, bias={self.bias is not None})"
