"""The network part of model files and checkpoints: layer descriptions ↔ ``Sequential``.

A network is stored as a list of layer descriptions (``{"type": "dense", "n_inputs": 784,
"n_outputs": 200, "bias": false, "dtype": "float64"}``, ``{"type": "sigmoid"}``) plus
one array per parameter named ``layer<index>.<parameter>``. Reading checks every array's
shape and dtype against its description before reading its data, and that consecutive
layers fit together.
"""

from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.layers import Dense, Layer
from glassnet.engine.network import Sequential
from glassnet.errors import GlassnetError
from glassnet.files._archive import Arrays

DTYPES = ("float32", "float64")
_ACTIVATION_NAMES: dict[type, str] = {cls: name for name, cls in ACTIVATIONS.items()}


def describe_network(network: Sequential) -> tuple[list[dict[str, Any]], dict[str, Array]]:
    """Layer descriptions and parameter arrays; a TypeError for layers files cannot hold."""
    layers: list[dict[str, Any]] = []
    arrays: dict[str, Array] = {}
    for index, layer in enumerate(network.layers):
        if isinstance(layer, Dense):
            layers.append(
                {
                    "type": "dense",
                    "n_inputs": layer.n_inputs,
                    "n_outputs": layer.n_outputs,
                    "bias": layer.bias is not None,
                    "dtype": str(layer.weight.value.dtype),
                }
            )
            for parameter in layer.parameters():
                if not np.all(np.isfinite(parameter.value)):
                    raise ValueError(
                        f"cannot save the model: the {parameter.name} of layer {index} contains "
                        "NaN or inf (did training diverge? try a lower learning rate)"
                    )
                arrays[f"layer{index}.{parameter.name}"] = parameter.value
        elif type(layer) in _ACTIVATION_NAMES:
            layers.append({"type": _ACTIVATION_NAMES[type(layer)]})
        else:
            raise TypeError(f"cannot save layer {index} of type {type(layer).__name__}")
    return layers, arrays


def build_network(layers: Any, arrays: Arrays, name: str) -> Sequential:
    """The network the descriptions ``layers`` describe, its parameters taken out of ``arrays``."""
    if not isinstance(layers, list) or not layers:
        raise GlassnetError(f"{name}: corrupt metadata (no layers)")
    built: list[Layer] = []
    width: int | None = None  # outputs of the last dense layer so far
    for index, spec in enumerate(layers):
        kind = spec.get("type") if isinstance(spec, dict) else None
        if kind == "dense":
            dense = _dense(index, spec, arrays, name)
            if width is not None and dense.n_inputs != width:
                raise GlassnetError(
                    f"{name}: corrupt metadata (layer {index} takes {dense.n_inputs} inputs "
                    f"but the layer before gives {width})"
                )
            width = dense.n_outputs
            built.append(dense)
        elif isinstance(kind, str) and kind in ACTIVATIONS:
            built.append(ACTIVATIONS[kind]())
        else:
            raise GlassnetError(f"{name}: unknown layer type {kind!r:.100} at position {index}")
    if width is None:
        raise GlassnetError(f"{name}: corrupt metadata (no dense layer)")
    return Sequential(built)


def check_extras(arrays: Arrays, name: str) -> None:
    """Refuse arrays nobody asked for (unread): they mean a damaged or foreign file."""
    extras = arrays.names()
    if extras:
        listed = ", ".join(extras[:10]) + (
            f" and {len(extras) - 10} more" if len(extras) > 10 else ""
        )
        raise GlassnetError(f"{name}: unexpected arrays in the file: {listed}")


def take_array(
    arrays: Arrays, key: str, shape: tuple[int, ...], dtype: npt.DTypeLike, name: str
) -> Array:
    """The array ``key`` taken out of ``arrays``: this shape and dtype, finite (else refused)."""
    value: Array = arrays.take(key, shape, dtype)
    if not np.all(np.isfinite(value)):
        raise GlassnetError(f"{name}: array {key} contains NaN or inf")
    return value


def _dense(index: int, spec: dict[str, Any], arrays: Arrays, name: str) -> Dense:
    n_inputs, n_outputs = _size(spec.get("n_inputs")), _size(spec.get("n_outputs"))
    bias, dtype = spec.get("bias"), spec.get("dtype")
    if n_inputs is None or n_outputs is None or type(bias) is not bool or dtype not in DTYPES:
        raise GlassnetError(f"{name}: corrupt description of layer {index}")
    # The arrays' headers are checked against these sizes before anything is allocated.
    weight = take_array(arrays, f"layer{index}.weight", (n_outputs, n_inputs), dtype, name)
    bias_value = (
        take_array(arrays, f"layer{index}.bias", (n_outputs,), dtype, name) if bias else None
    )
    layer = Dense(n_inputs, n_outputs, bias=bias, init=lambda *_: weight, dtype=dtype)
    if layer.bias is not None and bias_value is not None:
        layer.bias.value[...] = bias_value
    return layer


def _size(value: Any) -> int | None:
    """A layer size from JSON: a whole number >= 1 (not a bool, a float or a string), else None."""
    return value if type(value) is int and value >= 1 else None
