"""``Sequential``: layers applied in order forwards, and in reverse order backwards."""

import itertools
from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt

from glassnet._checks import as_matrix
from glassnet._types import Array
from glassnet.engine.activations import Sigmoid, Softmax, get_activation
from glassnet.engine.init import Initializer
from glassnet.engine.layers import Dense, Layer, Parameter
from glassnet.engine.losses import BinaryCrossEntropy, CrossEntropy, Loss
from glassnet.engine.metrics import labels_from_outputs

# Output activation and loss pairs whose combined derivative is simpler and safer than
# the chain of the two (the infographic's ŷ − y, and softmax − target).
_FUSED_PAIRS: tuple[tuple[type, type[Loss]], ...] = (
    (Sigmoid, BinaryCrossEntropy),
    (Softmax, CrossEntropy),
)


class Sequential:
    """A stack of layers: ``forward`` runs them in order, ``backward`` in reverse."""

    def __init__(self, layers: Sequence[Layer]) -> None:
        if not layers:
            raise ValueError("Sequential needs at least one layer")
        self.layers = list(layers)

    def __iter__(self) -> Iterator[Layer]:
        return iter(self.layers)

    def __len__(self) -> int:
        return len(self.layers)

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Sequential([{inner}])"

    @property
    def dense_layers(self) -> list[Dense]:
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    @property
    def n_inputs(self) -> int:
        return self.dense_layers[0].n_inputs

    @property
    def n_outputs(self) -> int:
        return self.dense_layers[-1].n_outputs

    @property
    def dtype(self) -> np.dtype[np.floating]:
        return self.dense_layers[0].weight.value.dtype

    def forward(self, x: Array) -> Array:
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_output: Array) -> Array:
        """Backpropagate dLoss/dOutput through every layer; returns dLoss/dInput."""
        for layer in reversed(self.layers):
            grad_output = layer.backward(grad_output)
        return grad_output

    def backward_loss(self, loss: Loss, predicted: Array, target: Array) -> None:
        """Fill every parameter's gradient of ``loss`` at the last ``forward``'s output.

        When the output activation and the loss form a known pair, the activation's own
        backward is skipped and the loss's combined ``delta`` goes straight into the layer
        before it. The gradient with respect to the data itself is not computed.
        """
        grad, layers = self.output_gradient(loss, predicted, target)
        for index in range(len(layers) - 1, 0, -1):
            grad = layers[index].backward(grad)
        first = layers[0]
        if isinstance(first, Dense):
            first.set_gradients(grad)
        else:
            first.backward(grad)

    def output_gradient(
        self, loss: Loss, predicted: Array, target: Array
    ) -> tuple[Array, list[Layer]]:
        """Where backpropagation starts: the loss's gradient and the layers it goes through.

        For a known output activation and loss pair, the gradient with respect to the
        activation's input (the loss's ``delta``) and every layer but the activation;
        otherwise the gradient with respect to the output and all the layers.
        """
        last = self.layers[-1]
        if any(isinstance(last, a) and isinstance(loss, b) for a, b in _FUSED_PAIRS):
            return loss.delta(predicted, target), self.layers[:-1]
        return loss.gradient(predicted, target), self.layers

    def parameters(self) -> list[Parameter]:
        return [p for layer in self.layers for p in layer.parameters()]

    def predict(self, X: npt.ArrayLike, batch_size: int = 4096) -> Array:
        """Outputs for every row of ``X``, computed in batches to bound memory."""
        inputs = as_matrix(X, "X", n_columns=self.n_inputs, dtype=self.dtype)
        return np.concatenate(
            [self.forward(inputs[i : i + batch_size]) for i in range(0, len(inputs), batch_size)]
        )

    def predict_labels(self, X: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The class each row is given: the largest output, or output > 0.5 for one output."""
        return labels_from_outputs(self.predict(X))


def mlp(
    sizes: Sequence[int],
    *,
    activation: str = "sigmoid",
    output: str = "sigmoid",
    bias: bool = True,
    init: str | Initializer = "book",
    rng: np.random.Generator | int | None = None,
    dtype: npt.DTypeLike = np.float64,
) -> Sequential:
    """A multi-layer perceptron from layer sizes, e.g. ``mlp([784, 200, 10])`` is the book's.

    Hidden layers use ``activation``, the last one ``output``; all weights are drawn from
    the one generator ``rng``, so a seed fixes the whole network.
    """
    if len(sizes) < 2 or any(int(n) < 1 for n in sizes):
        raise ValueError(f"mlp needs at least two positive layer sizes, got {list(sizes)}")
    generator = np.random.default_rng(rng)
    layers: list[Layer] = []
    for index, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        layers.append(Dense(n_in, n_out, bias=bias, init=init, rng=generator, dtype=dtype))
        is_last = index == len(sizes) - 2
        layers.append(get_activation(output if is_last else activation))
    return Sequential(layers)
