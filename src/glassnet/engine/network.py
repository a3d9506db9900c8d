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
    """A stack of layers: ``forward`` runs them in order, ``backward`` in reverse.

    Parameters
    ----------
    layers : sequence of Layer
        At least one layer, e.g. ``[Dense(784, 200), Sigmoid(), Dense(200, 10), Sigmoid()]``;
        the network holds them as the list ``layers``.

    Raises
    ------
    ValueError
        When ``layers`` is empty.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet import Dense, Sequential, Sigmoid
    >>> model = Sequential([Dense(2, 3, rng=0), Sigmoid(), Dense(3, 1, rng=0), Sigmoid()])
    >>> model.n_inputs, model.n_outputs, len(model.parameters())
    (2, 1, 4)
    >>> model.forward(np.zeros((5, 2))).shape
    (5, 1)
    """

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
        """The network's ``Dense`` layers, in order."""
        return [layer for layer in self.layers if isinstance(layer, Dense)]

    @property
    def n_inputs(self) -> int:
        """Number of inputs: the first dense layer's."""
        return self.dense_layers[0].n_inputs

    @property
    def n_outputs(self) -> int:
        """Number of outputs: the last dense layer's."""
        return self.dense_layers[-1].n_outputs

    @property
    def dtype(self) -> np.dtype[np.floating]:
        """The weights' dtype (float64 or float32), which inputs are converted to."""
        return self.dense_layers[0].weight.value.dtype

    def forward(self, x: Array) -> Array:
        """Run ``x`` through every layer in order (each keeps what its ``backward`` needs).

        Parameters
        ----------
        x : numpy.ndarray
            Inputs (n_samples, n_inputs), already preprocessed.

        Returns
        -------
        numpy.ndarray
            Outputs (n_samples, n_outputs).
        """
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, grad_output: Array) -> Array:
        """Backpropagate dLoss/dOutput through every layer, filling each parameter's ``grad``.

        Parameters
        ----------
        grad_output : numpy.ndarray
            dLoss/dOutput at the last ``forward``'s output (n_samples, n_outputs).

        Returns
        -------
        numpy.ndarray
            dLoss/dInput (n_samples, n_inputs).
        """
        for layer in reversed(self.layers):
            grad_output = layer.backward(grad_output)
        return grad_output

    def backward_loss(self, loss: Loss, predicted: Array, target: Array) -> None:
        """Fill every parameter's gradient of ``loss`` at the last ``forward``'s output.

        When the output activation and the loss form a known pair, the activation's own
        backward is skipped and the loss's combined ``delta`` goes straight into the layer
        before it. The gradient with respect to the data itself is not computed.

        Parameters
        ----------
        loss : Loss
            The loss whose gradient is wanted.
        predicted : numpy.ndarray
            The last ``forward``'s output (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.
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

        For a known output activation and loss pair (sigmoid with binary cross-entropy,
        softmax with cross-entropy), the gradient with respect to the activation's input
        (the loss's ``delta``) and every layer but the activation; otherwise the gradient
        with respect to the output and all the layers.

        Parameters
        ----------
        loss : Loss
            The loss.
        predicted : numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        target : numpy.ndarray
            The targets, the same shape.

        Returns
        -------
        tuple of (numpy.ndarray, list of Layer)
            The starting gradient and the layers to send it back through.
        """
        last = self.layers[-1]
        if any(isinstance(last, a) and isinstance(loss, b) for a, b in _FUSED_PAIRS):
            return loss.delta(predicted, target), self.layers[:-1]
        return loss.gradient(predicted, target), self.layers

    def parameters(self) -> list[Parameter]:
        """Every layer's parameters, in order (weight, then bias, of each dense layer).

        Returns
        -------
        list of Parameter
        """
        return [p for layer in self.layers for p in layer.parameters()]

    def predict(self, X: npt.ArrayLike, batch_size: int = 4096) -> Array:
        """Outputs for every row of ``X``, computed in batches to bound memory.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_inputs), already preprocessed.
        batch_size : int
            Rows computed at a time.

        Returns
        -------
        numpy.ndarray
            Outputs (n_samples, n_outputs), in the network's dtype.

        Raises
        ------
        ValueError
            When ``X`` is not a 2-D array of numbers with ``n_inputs`` columns.
        """
        inputs = as_matrix(X, "X", n_columns=self.n_inputs, dtype=self.dtype)
        return np.concatenate(
            [self.forward(inputs[i : i + batch_size]) for i in range(0, len(inputs), batch_size)]
        )

    def predict_labels(self, X: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """The class each row is given: the largest output, or output > 0.5 for one output.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_inputs), already preprocessed.

        Returns
        -------
        numpy.ndarray
            One int64 label per row.
        """
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

    Parameters
    ----------
    sizes : sequence of int
        The number of nodes of each layer, inputs first: ``[64, 100, 10]`` is 64 inputs,
        100 hidden nodes, 10 outputs.
    activation : str
        The hidden layers' activation: ``"sigmoid"``, ``"relu"``, ``"tanh"`` or
        ``"identity"``.
    output : str
        The output layer's activation: the same names, or ``"softmax"``.
    bias : bool
        Whether each dense layer has a bias.
    init : str or callable
        How the weights are drawn (see ``Dense``).
    rng : numpy.random.Generator or int or None
        The generator (or seed) every weight is drawn from.
    dtype : numpy dtype
        float64 (the lessons' exact numbers) or float32 (faster mini-batches).

    Returns
    -------
    Sequential
        ``Dense``, activation, ``Dense``, activation, ...

    Raises
    ------
    ValueError
        When there are fewer than two sizes, a size below 1, or an unknown activation.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.mlp([784, 200, 10], bias=False, rng=0)
    Sequential([Dense(784, 200, bias=False), Sigmoid(), Dense(200, 10, bias=False), Sigmoid()])
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
