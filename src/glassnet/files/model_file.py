"""Model files: a NumPy ``.npz`` with the weights plus JSON metadata; never pickle.

Layout: one array per parameter (``layer0.weight``, ``layer0.bias``, ``layer2.weight``,
...) and ``metadata``, the UTF-8 bytes of a JSON object: ``format`` and
``format_version``, ``glassnet_version``, ``kind`` (``sequential`` or the book's class),
``layers`` (the architecture, activations included), ``preprocessing``, ``class_names``,
``image_shape`` and ``training`` (dataset, config, history, test accuracy). Loading uses
``allow_pickle=False``, checks each array's shape and dtype against the layers the
metadata describes, and refuses unknown versions, missing arrays and extra ones (see
``glassnet.files._archive``). Writes go to a temporary file, are fsynced, then renamed.
"""

import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.special import expit, softmax

from glassnet._checks import as_matrix, is_number
from glassnet._types import Array
from glassnet.data.preprocessing import (
    Preprocessing,
    RangeScaling,
    Standardizer,
    preprocessing_from_dict,
)
from glassnet.engine.activations import Sigmoid, Softmax
from glassnet.engine.network import Sequential
from glassnet.engine.trainer import Trainer
from glassnet.errors import GlassnetError
from glassnet.files._archive import Arrays, read_archive, write_archive
from glassnet.files._network_file import build_network, check_extras, describe_network

FORMAT = "glassnet-model"
FORMAT_VERSION = 1
KINDS = ("sequential", "book")


@dataclass
class ModelFile:
    """A network with what it needs to be used on raw data: preprocessing and class names.

    ``glassnet.load`` returns one; ``glassnet.save`` accepts one.

    Attributes
    ----------
    network : Sequential
        The trained network.
    preprocessing : Preprocessing or None
        The scaling applied to raw inputs in training (e.g. ``BookScaling``).
    class_names : list of str or None
        A name for each class.
    image_shape : tuple of (int, int) or None
        (height, width) when the inputs are images, e.g. (28, 28).
    kind : str
        ``"sequential"``, or ``"book"`` for ``glassnet.book.NeuralNetwork``.
    training : dict
        The training record: dataset, config, history, test accuracy.
    learning_rate : float or None
        The book's class keeps its own learning rate.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> from glassnet.data import BookScaling
    >>> model = gn.ModelFile(gn.mlp([4, 3, 2], rng=0), BookScaling(), ["cat", "dog"])
    >>> model.probabilities(np.array([[0, 255, 128, 3]])).sum().round(6)
    np.float64(1.0)
    >>> model.classes
    ['cat', 'dog']
    """

    network: Sequential
    preprocessing: Preprocessing | None = None
    class_names: list[str] | None = None
    image_shape: tuple[int, int] | None = None
    kind: str = "sequential"  # or "book": glassnet.book.NeuralNetwork
    training: dict[str, Any] = field(default_factory=dict)
    learning_rate: float | None = None  # the book's class keeps its own

    @property
    def classes(self) -> list[str]:
        """A name for each column of ``probabilities``: the class names, or "0", "1", ..."""
        n_classes = max(2, self.network.n_outputs)
        if self.class_names is not None and len(self.class_names) == n_classes:
            return self.class_names
        return [str(i) for i in range(n_classes)]

    def inputs(self, raw: npt.ArrayLike) -> Array:
        """Raw inputs (pixels, measurements) preprocessed as in training.

        Parameters
        ----------
        raw : array_like
            Raw inputs (n_samples, n_inputs): pixels 0–255, measurements, as the dataset
            holds them.

        Returns
        -------
        numpy.ndarray
            The network's inputs (n_samples, n_inputs).

        Raises
        ------
        ValueError
            When ``raw`` is not a matrix with the network's number of inputs.
        """
        inputs = as_matrix(raw, "inputs", n_columns=self.network.n_inputs)
        if self.preprocessing is not None:
            inputs = self.preprocessing(inputs)
        return inputs

    def predict(self, raw: npt.ArrayLike) -> Array:
        """Outputs for raw inputs, preprocessed as in training.

        Parameters
        ----------
        raw : array_like
            Raw inputs (n_samples, n_inputs): pixels 0–255, measurements, as the dataset
            holds them.

        Returns
        -------
        numpy.ndarray
            The network's outputs (n_samples, n_outputs).
        """
        return self.network.predict(self.inputs(raw))

    def probabilities(self, raw: npt.ArrayLike) -> Array:
        """One row per input, one column per class, each row summing to 1.

        A softmax network's outputs are probabilities already; one sigmoid output is
        P(class 1); the book's sigmoid outputs are independent confidences, shown scaled to
        sum to 1; other outputs (identity, tanh) go through a softmax.

        Parameters
        ----------
        raw : array_like
            Raw inputs (n_samples, n_inputs): pixels 0–255, measurements, as the dataset
            holds them.

        Returns
        -------
        numpy.ndarray
            (n_samples, n_classes), columns in the order of ``classes``.
        """
        outputs = self.predict(raw)
        last = self.network.layers[-1]
        if outputs.shape[1] == 1:
            p: Array = outputs if isinstance(last, Sigmoid) else expit(outputs)
            return np.hstack([1.0 - p, p])
        if isinstance(last, Softmax):
            return outputs
        if isinstance(last, Sigmoid):
            scaled: Array = outputs / np.sum(outputs, axis=1, keepdims=True)
            return scaled
        result: Array = softmax(outputs, axis=1)
        return result


def as_model_file(
    model: "Sequential | ModelFile | Any",
    *,
    preprocessing: Preprocessing | None = None,
    class_names: list[str] | None = None,
    image_shape: tuple[int, int] | None = None,
    training: dict[str, Any] | None = None,
) -> ModelFile:
    """A ``Sequential``, ``ModelFile`` or the book's ``NeuralNetwork`` as a ``ModelFile``."""
    kind, learning_rate = "sequential", None
    if hasattr(model, "to_model_file"):  # the book's class (glassnet.book) describes itself
        model = model.to_model_file()
    if isinstance(model, Trainer):
        model = model.network
    if isinstance(model, ModelFile):
        preprocessing = preprocessing or model.preprocessing
        class_names = class_names or model.class_names
        image_shape = image_shape or model.image_shape
        training = training or model.training
        kind, learning_rate, model = model.kind, model.learning_rate, model.network
    if not isinstance(model, Sequential):
        raise TypeError(
            f"cannot save a {type(model).__name__}; expected a Sequential or NeuralNetwork"
        )
    return ModelFile(
        model,
        preprocessing,
        list(class_names) if class_names is not None else None,
        image_shape,
        kind,
        training or {},
        learning_rate,
    )


def save(
    model: "Sequential | ModelFile | Any",
    path: str | os.PathLike[str],
    *,
    preprocessing: Preprocessing | None = None,
    class_names: list[str] | None = None,
    image_shape: tuple[int, int] | None = None,
    training: dict[str, Any] | None = None,
) -> None:
    """Save a ``Sequential``, a ``ModelFile`` or the book's ``NeuralNetwork`` to ``path``.

    The file is a NumPy ``.npz`` with JSON metadata (never a pickle), written atomically:
    a crash leaves the old file or the new one, never half of one.

    Parameters
    ----------
    model : Sequential or ModelFile or NeuralNetwork
        What to save; a ``ModelFile`` brings its own preprocessing and names.
    path : str or os.PathLike
        The file to write, usually ending in ``.npz``.
    preprocessing : Preprocessing or None
        The scaling of raw inputs, e.g. ``Dataset.preprocessing``.
    class_names : list of str or None
        A name for each class.
    image_shape : tuple of (int, int) or None
        (height, width) when the inputs are images.
    training : dict or None
        A training record to keep (dataset, config, history, ...); JSON-serialisable.

    Raises
    ------
    TypeError
        When ``model`` is none of the three.

    Examples
    --------
    >>> import os, tempfile
    >>> import glassnet as gn
    >>> model = gn.mlp([64, 100, 10], rng=0)
    >>> path = os.path.join(tempfile.mkdtemp(), "digits.npz")
    >>> gn.save(model, path, class_names=[str(i) for i in range(10)], image_shape=(8, 8))
    >>> restored = gn.load(path)
    >>> restored.network, restored.image_shape
    (Sequential([Dense(64, 100, bias=True), Sigmoid(), Dense(100, 10, bias=True), Sigmoid()]), (8, 8))
    """
    model_file = as_model_file(
        model,
        preprocessing=preprocessing,
        class_names=class_names,
        image_shape=image_shape,
        training=training,
    )
    metadata, arrays = describe(model_file)
    write_archive(path, (FORMAT, FORMAT_VERSION), metadata, arrays)


def read_model_file(path: str | os.PathLike[str]) -> ModelFile:
    """Read a model file written by ``save``; a ``GlassnetError`` says what is wrong with a bad one.

    ``glassnet.load`` reads the model inside a checkpoint too.
    """
    with read_archive(path, {FORMAT: FORMAT_VERSION}, "glassnet model") as (metadata, arrays):
        model_file = build(metadata, arrays, os.fspath(path))
        check_extras(arrays, os.fspath(path))
    return model_file


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Only the JSON metadata of a model file (checked like ``load`` does); no array is read."""
    with read_archive(path, {FORMAT: FORMAT_VERSION}, "glassnet model") as (metadata, _):
        return metadata


def describe(model_file: ModelFile) -> tuple[dict[str, Any], dict[str, Array]]:
    """The metadata (without the format header) and the arrays that ``build`` reads back."""
    layers, arrays = describe_network(model_file.network)
    preprocessing = model_file.preprocessing
    metadata: dict[str, Any] = {
        "kind": model_file.kind,
        "layers": layers,
        "preprocessing": preprocessing.to_dict() if preprocessing is not None else None,
        "class_names": model_file.class_names,
        "image_shape": list(model_file.image_shape) if model_file.image_shape else None,
        "training": model_file.training,
    }
    if model_file.learning_rate is not None:
        metadata["learning_rate"] = model_file.learning_rate
    _check_fields(metadata, model_file.network, "cannot save the model")
    return metadata, arrays


def build(metadata: dict[str, Any], arrays: Arrays, name: str) -> ModelFile:
    """The ``ModelFile`` that ``metadata`` describes; takes its arrays out of ``arrays``."""
    network = build_network(metadata.get("layers"), arrays, name)
    preprocessing = _check_fields(metadata, network, f"{name}: corrupt metadata")
    image_shape = metadata.get("image_shape")
    return ModelFile(
        network,
        preprocessing,
        metadata.get("class_names"),
        (image_shape[0], image_shape[1]) if image_shape else None,
        metadata.get("kind", "sequential"),
        metadata.get("training") or {},
        metadata.get("learning_rate"),
    )


def _check_fields(
    metadata: dict[str, Any], network: Sequential, problem: str
) -> Preprocessing | None:
    """Everything besides the layers must fit the network, or the file is refused.

    Returns the preprocessing the metadata describes (checked to give finite numbers).
    """
    n_inputs, n_outputs = network.n_inputs, network.n_outputs
    kind = metadata.get("kind", "sequential")
    if not isinstance(kind, str) or kind not in KINDS:
        raise GlassnetError(f"{problem} (unknown kind {kind!r:.100})")
    names = metadata.get("class_names")
    counts = {n_outputs, 2} if n_outputs == 1 else {n_outputs}  # one output: P(class 1)
    if names is not None and (
        not isinstance(names, list)
        or len(names) not in counts
        or not all(isinstance(n, str) for n in names)
    ):
        raise GlassnetError(
            f"{problem} (class_names must be {n_outputs} strings, got {names!r:.100})"
        )
    shape = metadata.get("image_shape")
    if shape is not None and (
        not isinstance(shape, list | tuple)
        or len(shape) != 2
        or not all(type(s) is int and s > 0 for s in shape)
        or shape[0] * shape[1] != n_inputs
    ):
        raise GlassnetError(
            f"{problem} (image_shape {shape!r:.100} does not hold the network's {n_inputs} inputs)"
        )
    training = metadata.get("training")
    if training is not None and not isinstance(training, dict):
        raise GlassnetError(f"{problem} (training must be an object)")
    check_training(training or {}, problem)
    rate = metadata.get("learning_rate")
    if rate is not None and not (is_number(rate) and np.isfinite(rate) and rate > 0):
        raise GlassnetError(
            f"{problem} (learning_rate must be a positive number, got {rate!r:.100})"
        )
    return _preprocessing(metadata.get("preprocessing"), n_inputs, problem)


def _preprocessing(values: Any, n_inputs: int, problem: str) -> Preprocessing | None:
    if values is None:
        return None
    if not isinstance(values, dict):
        raise GlassnetError(f"{problem} (preprocessing must be an object)")
    try:
        preprocessing = preprocessing_from_dict(values)
    except ValueError as error:
        raise GlassnetError(f"{problem} ({error})") from None
    sizes = {np.size(v) for v in _per_feature(preprocessing)}
    if sizes - {1, n_inputs}:
        raise GlassnetError(
            f"{problem} (preprocessing has {max(sizes)} columns, the network {n_inputs} inputs)"
        )
    return preprocessing


def _per_feature(preprocessing: Preprocessing) -> list[Array]:
    if isinstance(preprocessing, Standardizer):
        return [preprocessing.mean, preprocessing.scale]
    if isinstance(preprocessing, RangeScaling):
        return [preprocessing.low, preprocessing.high]
    return []


def check_training(training: dict[str, Any], problem: str) -> None:
    """The training record's fields that glassnet reads back must have their types."""
    expected: dict[str, tuple[type, ...]] = {
        "dataset": (str,),
        "config": (dict,),
        "history": (list,),
        "epochs": (list,),
        "test_accuracy": (int, float),
    }
    for key, types in expected.items():
        value = training.get(key)
        if value is not None and (not isinstance(value, types) or isinstance(value, bool)):
            raise GlassnetError(f"{problem} (training {key} is {type(value).__name__})")
    for records in (training.get("history"), training.get("epochs")):
        if records is not None and not all(is_epoch_record(r) for r in records):
            raise GlassnetError(f"{problem} (training history is not a list of epoch records)")


def is_epoch_record(values: Any) -> bool:
    """A history entry glassnet can read back: a whole epoch number, numbers for the rest
    (the accuracy on held-out data and the seconds may be missing or None)."""
    if not isinstance(values, dict) or type(values.get("epoch")) is not int:
        return False
    optional = ("validation_accuracy", "test_accuracy", "seconds")
    return all(is_number(values.get(key)) for key in ("loss", "train_accuracy")) and all(
        values.get(key) is None or is_number(values[key]) for key in optional
    )
