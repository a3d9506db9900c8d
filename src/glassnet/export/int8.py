"""int8 weights: one signed byte per weight and one float scale per output node.

``weight[j, i] ≈ scale[j] · q[j, i]`` with ``scale[j] = max_i |weight[j, i]| / 127``
(symmetric, per node: a node with small weights keeps its precision). Only the storage
shrinks, to a quarter; the arithmetic stays float, so the accuracy lost is just the
rounding of each weight to 255 levels, which ``int8_model`` lets you measure.
"""

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.engine.layers import Dense, Layer
from glassnet.engine.network import Sequential
from glassnet.files.model_file import ModelFile

__all__ = ["int8_model", "quantize"]


def quantize(weight: Array) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """``(q, scale)`` for a dense weight (n_outputs, n_inputs): q in −127..127, float32 scales.

    Parameters
    ----------
    weight : numpy.ndarray
        A dense layer's weight (n_outputs, n_inputs).

    Returns
    -------
    tuple of (numpy.ndarray, numpy.ndarray)
        int8 ``q`` (n_outputs, n_inputs) and float32 ``scale`` (n_outputs,), with
        ``weight ≈ scale[:, None] * q``.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet.export.int8 import quantize
    >>> q, scale = quantize(np.array([[0.5, -1.27, 0.0]]))
    >>> q.tolist(), scale.dtype, round(float(scale[0]), 6)
    ([[50, -127, 0]], dtype('float32'), 0.01)
    """
    largest = np.abs(weight).max(axis=1)
    scale = np.where(largest > 0, largest / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.round(weight / scale[:, None].astype(np.float64)), -127, 127).astype(np.int8)
    return q, scale


def int8_model(model: ModelFile) -> ModelFile:
    """The model an int8 export computes: each weight replaced by scale · q (in float64).

    Evaluating it on a test set measures the accuracy the int8 export costs.

    Parameters
    ----------
    model : ModelFile
        The model.

    Returns
    -------
    ModelFile
        A copy with rounded weights; the same preprocessing, class names and training
        record.
    """
    layers: list[Layer] = []
    for layer in model.network.layers:
        if isinstance(layer, Dense):
            q, scale = quantize(layer.weight.value)
            copy = Dense(layer.n_inputs, layer.n_outputs, bias=layer.bias is not None)
            copy.weight.value[...] = q * scale.astype(np.float64)[:, None]
            if layer.bias is not None and copy.bias is not None:
                copy.bias.value[...] = layer.bias.value
            layers.append(copy)
        else:
            layers.append(type(layer)())
    return ModelFile(
        Sequential(layers),
        model.preprocessing,
        model.class_names,
        model.image_shape,
        model.kind,
        model.training,
    )
