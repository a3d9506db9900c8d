"""Model files: a NumPy ``.npz`` with the weights plus JSON metadata; never pickle.

Layout: one array per parameter (``layer0.weight``, ``layer0.bias``, ``layer2.weight``,
...) and ``metadata``, the UTF-8 bytes of a JSON object (format name and version,
glassnet version, the layers, the preprocessing, class names, training details).
Loading uses ``allow_pickle=False``, checks each array's shape and dtype against the
layers the metadata describes, and refuses unknown versions, missing arrays and extra
ones. Writes go to a temporary file, are fsynced, then renamed over the target.
"""

import json
import os
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._checks import as_matrix
from glassnet._files import atomic_write
from glassnet._types import Array
from glassnet.activations import ACTIVATIONS
from glassnet.data.preprocessing import Preprocessing, preprocessing_from_dict
from glassnet.layers import Dense, Layer
from glassnet.network import Sequential

FORMAT = "glassnet-model"
FORMAT_VERSION = 1
_DTYPES = ("float32", "float64")
_ACTIVATION_NAMES: dict[type, str] = {cls: name for name, cls in ACTIVATIONS.items()}


@dataclass
class ModelFile:
    """A network with what it needs to be used on raw data: preprocessing and class names."""

    network: Sequential
    preprocessing: Preprocessing | None = None
    class_names: list[str] | None = None
    image_shape: tuple[int, int] | None = None
    kind: str = "sequential"  # or "book": glassnet.book.NeuralNetwork
    training: dict[str, Any] = field(default_factory=dict)

    def predict(self, raw: npt.ArrayLike) -> Array:
        """Outputs for raw inputs (pixels, measurements), preprocessed as in training."""
        inputs = np.asarray(raw)
        if inputs.ndim == 1:
            inputs = inputs.reshape(1, -1)
        if self.preprocessing is not None:
            inputs = self.preprocessing(
                as_matrix(inputs, "inputs", n_columns=self.network.n_inputs)
            )
        return self.network.predict(inputs)


def save(
    model: "Sequential | ModelFile | Any",
    path: str | os.PathLike[str],
    *,
    preprocessing: Preprocessing | None = None,
    class_names: list[str] | None = None,
    image_shape: tuple[int, int] | None = None,
    training: dict[str, Any] | None = None,
) -> None:
    """Save a ``Sequential``, a ``ModelFile`` or the book's ``NeuralNetwork`` to ``path``."""
    from glassnet.book import NeuralNetwork

    kind, extra = "sequential", {}
    if isinstance(model, ModelFile):
        preprocessing = preprocessing or model.preprocessing
        class_names = class_names or model.class_names
        image_shape = image_shape or model.image_shape
        training = training or model.training
        kind, model = model.kind, model.network
    if isinstance(model, NeuralNetwork):
        kind, extra, model = "book", {"learning_rate": model.lr}, model.network
    if not isinstance(model, Sequential):
        raise TypeError(
            f"cannot save a {type(model).__name__}; expected a Sequential or NeuralNetwork"
        )
    layers, arrays = _describe(model)
    metadata = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "glassnet_version": _version(),
        "kind": kind,
        "layers": layers,
        "preprocessing": preprocessing.to_dict() if preprocessing is not None else None,
        "class_names": class_names,
        "image_shape": list(image_shape) if image_shape else None,
        "training": training or {},
        **extra,
    }
    arrays["metadata"] = np.frombuffer(json.dumps(metadata).encode("utf-8"), dtype=np.uint8)
    with atomic_write(path) as handle:
        np.savez(handle, allow_pickle=False, **arrays)


def load(path: str | os.PathLike[str]) -> ModelFile:
    """Read a model file written by ``save``; a ValueError says what is wrong with a bad one."""
    name = os.fspath(path)
    try:
        # Our own handle: np.load leaks it when the archive turns out to be broken.
        with open(path, "rb") as handle:
            if not zipfile.is_zipfile(handle):
                raise ValueError(f"{name}: not a glassnet model file (not a .npz archive)")
            handle.seek(0)
            with np.load(handle, allow_pickle=False) as archive:
                arrays = {key: archive[key] for key in archive.files}
    except FileNotFoundError:
        raise ValueError(f"{name}: no such model file") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(
            f"{name}: not a glassnet model file (corrupt or truncated: {error})"
        ) from None
    except ValueError as error:
        if str(error).startswith(name):
            raise
        if "pickle" in str(error):
            raise ValueError(f"{name}: refused, the file holds pickled Python objects") from None
        raise ValueError(f"{name}: not a glassnet model file ({error})") from None
    metadata = _metadata(arrays.pop("metadata", None), name)
    network = _build(metadata, arrays, name)
    preprocessing = metadata.get("preprocessing")
    image_shape = metadata.get("image_shape")
    return ModelFile(
        network,
        preprocessing_from_dict(preprocessing) if preprocessing else None,
        metadata.get("class_names"),
        tuple(image_shape) if image_shape else None,
        metadata.get("kind", "sequential"),
        metadata.get("training") or {},
    )


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Only the JSON metadata of a model file (checked like ``load`` does)."""
    with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as archive:
        if "metadata" not in archive.files:
            raise ValueError(f"{os.fspath(path)}: not a glassnet model file (no metadata)")
        return _metadata(archive["metadata"], os.fspath(path))


def _describe(model: Sequential) -> tuple[list[dict[str, Any]], dict[str, Array]]:
    layers: list[dict[str, Any]] = []
    arrays: dict[str, Array] = {}
    for index, layer in enumerate(model.layers):
        if isinstance(layer, Dense):
            dtype = str(layer.weight.value.dtype)
            layers.append(
                {
                    "type": "dense",
                    "n_inputs": layer.n_inputs,
                    "n_outputs": layer.n_outputs,
                    "bias": layer.bias is not None,
                    "dtype": dtype,
                }
            )
            for parameter in layer.parameters():
                arrays[f"layer{index}.{parameter.name}"] = parameter.value
        elif type(layer) in _ACTIVATION_NAMES:
            layers.append({"type": _ACTIVATION_NAMES[type(layer)]})
        else:
            raise TypeError(f"cannot save layer {index} of type {type(layer).__name__}")
    return layers, arrays


def _metadata(raw: npt.NDArray[Any] | None, name: str) -> dict[str, Any]:
    if raw is None or raw.dtype != np.uint8 or raw.ndim != 1:
        raise ValueError(f"{name}: not a glassnet model file (no metadata)")
    try:
        metadata = json.loads(raw.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{name}: corrupt metadata ({error})") from None
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise ValueError(f"{name}: not a glassnet model file (format is not {FORMAT!r})")
    version = metadata.get("format_version")
    if version != FORMAT_VERSION:
        raise ValueError(
            f"{name}: unsupported model format version {version!r} (this glassnet reads {FORMAT_VERSION})"
        )
    if not isinstance(metadata.get("layers"), list) or not metadata["layers"]:
        raise ValueError(f"{name}: corrupt metadata (no layers)")
    return metadata


def _build(metadata: dict[str, Any], arrays: dict[str, npt.NDArray[Any]], name: str) -> Sequential:
    layers: list[Layer] = []
    expected: set[str] = set()
    for index, spec in enumerate(metadata["layers"]):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind == "dense":
            layers.append(_dense(index, spec, arrays, name))
            expected.update(f"layer{index}.{p.name}" for p in layers[-1].parameters())
        elif kind in ACTIVATIONS:
            layers.append(ACTIVATIONS[kind]())
        else:
            raise ValueError(f"{name}: unknown layer type {kind!r} at position {index}")
    extra = sorted(set(arrays) - expected)
    if extra:
        raise ValueError(f"{name}: unexpected arrays in the file: {', '.join(extra)}")
    return Sequential(layers)


def _dense(
    index: int, spec: dict[str, Any], arrays: dict[str, npt.NDArray[Any]], name: str
) -> Dense:
    try:
        n_inputs, n_outputs, bias, dtype = (
            int(spec["n_inputs"]),
            int(spec["n_outputs"]),
            bool(spec["bias"]),
            spec["dtype"],
        )
    except (KeyError, TypeError, ValueError):
        raise ValueError(f"{name}: corrupt description of layer {index}") from None
    if dtype not in _DTYPES or n_inputs < 1 or n_outputs < 1:
        raise ValueError(f"{name}: corrupt description of layer {index}")
    layer = Dense(n_inputs, n_outputs, bias=bias, init=_no_init, dtype=dtype)
    for parameter in layer.parameters():
        key = f"layer{index}.{parameter.name}"
        if key not in arrays:
            raise ValueError(f"{name}: missing array {key}")
        value = arrays[key]
        if value.shape != parameter.value.shape or value.dtype != parameter.value.dtype:
            raise ValueError(
                f"{name}: array {key} is {value.dtype} {value.shape}, "
                f"expected {parameter.value.dtype} {parameter.value.shape}"
            )
        if not np.all(np.isfinite(value)):
            raise ValueError(f"{name}: array {key} contains NaN or inf")
        parameter.value[...] = value
    return layer


def _no_init(n_inputs: int, n_outputs: int, rng: np.random.Generator) -> Array:
    return np.zeros((n_outputs, n_inputs))


def _version() -> str:
    from glassnet import __version__

    return __version__
