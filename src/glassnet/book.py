"""The book's own three-layer network, ``neuralNetwork``, built on the engine.

Rashid's *Make Your Own Neural Network* ends with a class that has ``train``, ``query``
and ``backquery``. This is that class with the same constructor, methods and attributes,
so the book's notebook code runs against it as written; inside, it is two ``Dense``
layers without bias and two ``Sigmoid`` layers, trained by ``SGD``.

One difference from textbook backpropagation is kept on purpose, because it is what the
book computes: the hidden layer's error is the output error sent back through the
weights, ``hidden_errors = who.T · output_errors``, without the output sigmoid's slope
S(1−S). (The exact gradient of ½Σ(t−o)², which ``glassnet.train`` uses, would include
it.) Each layer's update is then the book's ΔW = α·E·S(1−S)·Oᵀ.
"""

import os
from collections.abc import Callable, Iterator, Sequence

import numpy as np
import numpy.typing as npt
from scipy.special import expit, logit

from glassnet._checks import as_matrix
from glassnet._types import Array
from glassnet.engine.activations import Sigmoid
from glassnet.engine.epochs import Callback, History, Reported, check_epochs, run_epochs
from glassnet.engine.layers import Dense
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD
from glassnet.engine.training import training_inputs, validation_accuracy
from glassnet.files import load
from glassnet.files.model_file import ModelFile, save
from glassnet.kernels import BookKernel, Kernel, book_kernel, resolve_kernel

__all__ = ["NeuralNetwork", "neuralNetwork"]


class NeuralNetwork:
    """The book's network: inputs → sigmoid hidden layer → sigmoid outputs, no biases.

    ``NeuralNetwork(784, 200, 10, 0.1)`` is the book's MNIST network. Weights start as
    N(0, n_in^-0.5), drawn from ``rng`` (a seed or a ``numpy.random.Generator``; without
    one, every run differs, as in the book). ``neuralNetwork`` is the same class under the
    book's spelling.

    Parameters
    ----------
    inputnodes : int
        Number of inputs (784 for MNIST's 28x28 pixels).
    hiddennodes : int
        Number of hidden nodes (the book's 100, later 200).
    outputnodes : int
        Number of outputs, one per class.
    learningrate : float
        The book's α, positive (0.1 to 0.3 in the book).
    rng : numpy.random.Generator or int or None
        The generator (or seed) of the starting weights.

    Attributes
    ----------
    network : Sequential
        The engine's layers: ``Dense``, ``Sigmoid``, ``Dense``, ``Sigmoid``.
    activation_function : callable
        The book's name for the sigmoid (``scipy.special.expit``).
    inverse_activation_function : callable
        And for its inverse, the logit.

    Raises
    ------
    ValueError
        When a node count is below 1 or the learning rate is not positive.

    Examples
    --------
    The book's notebook code, on a 3-3-3 network with the book's own weights:

    >>> import numpy as np
    >>> from glassnet.book import neuralNetwork
    >>> n = neuralNetwork(3, 3, 3, 0.3, rng=0)
    >>> n.wih = [[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]]
    >>> n.who = [[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]]
    >>> n.query([0.9, 0.1, 0.8]).shape
    (3, 1)
    >>> n.query([0.9, 0.1, 0.8]).ravel().round(4).tolist()  # the book's 0.726, 0.708, 0.778
    [0.7263, 0.7086, 0.7781]
    >>> n.train([0.9, 0.1, 0.8], [0.01, 0.99, 0.01])
    >>> n.query([0.9, 0.1, 0.8]).ravel().round(4).tolist()
    [0.7103, 0.7101, 0.7635]
    """

    def __init__(
        self,
        inputnodes: int,
        hiddennodes: int,
        outputnodes: int,
        learningrate: float,
        *,
        rng: np.random.Generator | int | None = None,
    ) -> None:
        generator = np.random.default_rng(rng)
        self.hidden_layer = Dense(inputnodes, hiddennodes, bias=False, init="book", rng=generator)
        self.hidden_activation = Sigmoid()
        self.output_layer = Dense(hiddennodes, outputnodes, bias=False, init="book", rng=generator)
        self.output_activation = Sigmoid()
        self.network = Sequential(
            [self.hidden_layer, self.hidden_activation, self.output_layer, self.output_activation]
        )
        self.optimizer = SGD(learningrate)
        # The book's names for its sigmoid and its inverse.
        self.activation_function = expit
        self.inverse_activation_function = logit

    # The book's attributes, as live views of the engine's parameters.
    @property
    def inodes(self) -> int:
        """Number of input nodes (the book's attribute)."""
        return self.hidden_layer.n_inputs

    @property
    def hnodes(self) -> int:
        """Number of hidden nodes (the book's attribute)."""
        return self.hidden_layer.n_outputs

    @property
    def onodes(self) -> int:
        """Number of output nodes (the book's attribute)."""
        return self.output_layer.n_outputs

    @property
    def lr(self) -> float:
        """The learning rate (the book's attribute); setting it checks it is positive."""
        return self.optimizer.learning_rate

    @lr.setter
    def lr(self, value: float) -> None:
        self.optimizer.learning_rate = SGD(value).learning_rate  # validated by SGD

    @property
    def wih(self) -> Array:
        """Input→hidden weights (hnodes, inodes); the engine's array itself, not a copy."""
        return self.hidden_layer.weight.value

    @wih.setter
    def wih(self, value: npt.ArrayLike) -> None:
        _assign(self.hidden_layer.weight.value, value, "wih")

    @property
    def who(self) -> Array:
        """Hidden→output weights (onodes, hnodes); the engine's array itself, not a copy."""
        return self.output_layer.weight.value

    @who.setter
    def who(self, value: npt.ArrayLike) -> None:
        _assign(self.output_layer.weight.value, value, "who")

    # The book's methods.
    def train(self, inputs_list: npt.ArrayLike, targets_list: npt.ArrayLike) -> None:
        """One book update from one sample (a list or 1-D array of inputs and of targets).

        The book's rule: output errors t − o, hidden errors ``who.T · output_errors`` (without
        the output sigmoid's slope), then ΔW = α·E·S(1−S)·Oᵀ for each layer.

        Parameters
        ----------
        inputs_list : array_like
            One sample's inputs, ``inodes`` numbers (scaled, e.g. to 0.01–1.0).
        targets_list : array_like
            Its targets, ``onodes`` numbers (the book's 0.01 and 0.99).

        Raises
        ------
        ValueError
            When either has the wrong number of values or is not numeric.
        """
        self._train_row(
            _row(inputs_list, self.inodes, "inputs"), _row(targets_list, self.onodes, "targets")
        )

    def query(self, inputs_list: npt.ArrayLike) -> Array:
        """The outputs for one sample, as the book's column vector (onodes, 1).

        Parameters
        ----------
        inputs_list : array_like
            One sample's inputs, ``inodes`` numbers.

        Returns
        -------
        numpy.ndarray
            The outputs, shape (onodes, 1).

        Raises
        ------
        ValueError
            When ``inputs_list`` has the wrong number of values.
        """
        return self.network.forward(_row(inputs_list, self.inodes, "inputs")).T

    def backquery(self, targets_list: npt.ArrayLike) -> Array:
        """Run the network backwards from outputs to the input that would produce them.

        As the book does: inverse sigmoid at each layer, weights transposed, and each
        layer's signals rescaled to 0.01–0.99 (the logit is only defined inside (0, 1)).

        Parameters
        ----------
        targets_list : array_like
            The outputs to start from, ``onodes`` numbers in (0, 1), e.g. 0.99 for one label
            and 0.01 for the others.

        Returns
        -------
        numpy.ndarray
            The input image, a column vector (inodes, 1) with values in 0.01–0.99.
        """
        final_outputs = _row(targets_list, self.onodes, "targets")
        hidden_outputs = _rescale(self.output_layer.propagate(Sigmoid.inverse(final_outputs)))
        inputs = _rescale(self.hidden_layer.propagate(Sigmoid.inverse(hidden_outputs)))
        return inputs.T

    # Files (the same format as every glassnet model, see glassnet.files).
    def to_model_file(self) -> ModelFile:
        """This network as a model file's contents: its layers, ``kind="book"`` and its rate.

        Returns
        -------
        ModelFile
        """
        return ModelFile(self.network, kind="book", learning_rate=self.lr)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the weights and learning rate to a glassnet model file.

        Parameters
        ----------
        path : str or os.PathLike
            The file to write (``.npz``), atomically.
        """
        save(self.to_model_file(), path)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "NeuralNetwork":
        """A network saved by ``save`` (or any file holding the book's layer structure).

        Parameters
        ----------
        path : str or os.PathLike
            A model file or checkpoint.

        Returns
        -------
        NeuralNetwork

        Raises
        ------
        ValueError
            When the file is not a glassnet model, or its network is not the book's
            (Dense, Sigmoid, Dense, Sigmoid, without biases).
        """
        model_file = load(path)
        network = model_file.network
        shapes = [type(layer).__name__ for layer in network.layers]
        dense = network.dense_layers
        if shapes != ["Dense", "Sigmoid", "Dense", "Sigmoid"] or any(
            d.bias is not None for d in dense
        ):
            raise ValueError(
                f"{os.fspath(path)}: not the book's network (layers: {', '.join(shapes)})"
            )
        config = model_file.training.get("config") or {}
        learning_rate = float(model_file.learning_rate or config.get("learning_rate", 0.1))
        book = cls(dense[0].n_inputs, dense[0].n_outputs, dense[1].n_outputs, learning_rate)
        book.wih, book.who = dense[0].weight.value, dense[1].weight.value
        return book

    # Whole datasets.
    def fit(
        self,
        inputs: npt.ArrayLike,
        targets: npt.ArrayLike,
        *,
        epochs: int = 1,
        validation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        callbacks: Sequence[Callback] = (),
        initial_epoch: int = 0,
        transform: Callable[[npt.NDArray[np.generic]], Array] | None = None,
        kernel: str = "auto",
    ) -> History:
        """The book's training loop: every sample in order, one update each, ``epochs`` times.

        The returned ``History`` has the same records as ``glassnet.train``'s. The fast
        kernels bring ``wih``/``who`` up to date after every chunk of ``CHUNK`` samples;
        callbacks then hear about each sample of that chunk, in order.

        Parameters
        ----------
        inputs : array_like
            Inputs (n_samples, inodes): floats, or raw uint8 pixels with a ``transform``.
        targets : array_like
            Targets (n_samples, onodes), e.g. ``one_hot(labels, 10)`` (0.01 / 0.99).
        epochs : int
            The last epoch to train.
        validation : tuple of (array_like, array_like) or None
            ``(inputs, labels_or_targets)``: adds the accuracy on those after each epoch.
        callbacks : sequence of Callback
            Told about each epoch and sample.
        initial_epoch : int
            Resumes after epoch k (a checkpoint): epochs k+1..``epochs`` run.
        transform : callable or None
            Turns raw inputs (uint8 pixels) into network inputs a chunk at a time, so a large
            dataset never needs a float copy.
        kernel : str
            How the same arithmetic is carried out (``glassnet.kernels``): ``auto`` (the
            fastest available), ``numba``, ``numpy``, or ``plain`` (the engine, sample by
            sample, bit for bit ``train``).

        Returns
        -------
        History
            One record per epoch.

        Raises
        ------
        ValueError
            When shapes disagree or a setting is out of range.
        TrainingDivergedError
            When the loss or a weight becomes NaN or infinite.

        Examples
        --------
        >>> import numpy as np
        >>> from glassnet.book import NeuralNetwork
        >>> from glassnet.data import one_hot
        >>> rng = np.random.default_rng(0)
        >>> X = rng.random((200, 4))
        >>> labels = (X[:, 0] > X[:, 1]).astype(int)
        >>> n = NeuralNetwork(4, 8, 2, 0.3, rng=0)
        >>> history = n.fit(X, one_hot(labels, 2), epochs=20, validation=(X, labels))
        >>> history.validation_accuracy[-1] > 0.9
        True
        """
        x = training_inputs(inputs, self.network, "inputs", transform)
        t = as_matrix(targets, "targets", n_columns=self.onodes)
        if len(x) != len(t):
            raise ValueError(f"inputs have {len(x)} samples but targets have {len(t)}")
        check_epochs(epochs, initial_epoch)
        validate = validation_accuracy(self.network, validation, transform, "validation inputs")
        trainer = self._kernel(resolve_kernel(kernel), x, transform)
        labels = np.argmax(t, axis=1)
        outputs = np.empty((min(CHUNK, len(x)), self.onodes))

        def one_epoch() -> Iterator[Reported]:
            """The samples in order, a chunk per kernel call, each sample's loss and hit."""
            for start in range(0, len(x), CHUNK):
                chunk = _chunk(x, start, transform)
                chunk_outputs = outputs[: len(chunk)]
                chunk_targets = t[start : start + len(chunk)]
                trainer.train(chunk, chunk_targets, chunk_outputs)
                losses = 0.5 * np.sum((chunk_targets - chunk_outputs) ** 2, axis=1)
                hits = np.argmax(chunk_outputs, axis=1) == labels[start : start + len(chunk)]
                yield losses, hits, 1

        return run_epochs(
            one_epoch,
            epochs=epochs,
            initial_epoch=initial_epoch,
            n_batches=len(x),
            parameters=self.network.parameters(),
            learning_rate=lambda: self.lr,
            validate=validate,
            callbacks=callbacks,
        )

    def _kernel(
        self, kernel: Kernel, x: npt.NDArray[np.generic], transform: Callable[..., Array] | None
    ) -> BookKernel:
        if kernel == "plain":
            return _PlainKernel(self)
        # The input value the numba kernel skips: the most common one (0.01 for MNIST).
        values, counts = np.unique(_chunk(x[:BACKGROUND_SAMPLES], 0, transform), return_counts=True)
        background = float(values[np.argmax(counts)])
        return book_kernel(kernel, self.wih, self.who, self.lr, background)

    def _train_row(self, x: Array, t: Array) -> Array:
        """The book's train() on one validated row; returns the outputs before the update."""
        final_outputs = self.network.forward(x)
        output_errors = t - final_outputs
        hidden_errors = self.output_layer.propagate(output_errors)  # the book's who.T · e
        # Gradients are minus the book's updates: SGD subtracts α·grad, the book adds α·E·...
        self.output_layer.set_gradients(self.output_activation.backward(-output_errors))
        self.hidden_layer.set_gradients(self.hidden_activation.backward(-hidden_errors))
        self.optimizer.step(self.network.parameters())
        outputs: Array = final_outputs[0]
        return outputs


neuralNetwork = NeuralNetwork  # the book's spelling
"""The book's spelling of ``NeuralNetwork``: ``n = neuralNetwork(784, 200, 10, 0.1)``."""

CHUNK = 1024  # samples per kernel call: bounds memory and sets how often callbacks hear
BACKGROUND_SAMPLES = 64  # rows that pick the background value the numba kernel skips


class _PlainKernel:
    """The engine itself, one sample at a time: the reference the fast kernels must match."""

    def __init__(self, network: NeuralNetwork) -> None:
        self.network = network

    def train(self, inputs: Array, targets: Array, outputs: Array) -> None:
        for i in range(len(inputs)):
            outputs[i] = self.network._train_row(inputs[i : i + 1], targets[i : i + 1])


def _chunk(x: npt.NDArray[np.generic], start: int, transform: Callable[..., Array] | None) -> Array:
    """Rows ``start:start+CHUNK`` as float64 network inputs, transformed if asked."""
    rows = x[start : start + CHUNK]
    if transform is not None:
        rows = transform(rows)
    return np.ascontiguousarray(rows, dtype=np.float64)


def _row(values: npt.ArrayLike, size: int, name: str) -> Array:
    """A list, 1-D array or column of ``size`` numbers as one float64 row (1, size)."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers: {error}") from None
    if array.size != size:
        raise ValueError(f"{name} must have {size} values, got {array.size} (shape {array.shape})")
    return as_matrix(array.reshape(1, size), name)


def _rescale(signal: Array) -> Array:
    """The book's backquery scaling of a layer's signals into 0.01–0.99."""
    signal = signal - np.min(signal)  # a new array: the caller's stays untouched
    signal /= np.max(signal)
    signal *= 0.98
    signal += 0.01
    return signal


def _assign(target: Array, value: npt.ArrayLike, name: str) -> None:
    array = np.asarray(value, dtype=np.float64)
    if array.shape != target.shape:
        raise ValueError(f"{name} must have shape {target.shape}, got {array.shape}")
    target[...] = array
