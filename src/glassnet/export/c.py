"""Export to one dependency-free C99 header, the way a network goes onto a microcontroller.

The header holds the weights as ``const`` arrays (a microcontroller keeps them in flash),
the training's input scaling as ``<name>_preprocess(values)`` (in place), and the forward
pass as ``<name>_predict(inputs, outputs)``, which returns the class index. There is no
malloc: hidden layers write into static buffers sized for the widest layer (so one
prediction at a time). Everything is ``static``, so several models can be included side
by side under different names. With ``int8=True`` each weight is one signed byte with a
float scale per node (see ``glassnet.export.int8``): a quarter of the flash.
"""

import math
import os
import re
from dataclasses import dataclass

from glassnet._atomic import write_text
from glassnet.engine.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from glassnet.engine.layers import Dense, Layer
from glassnet.export import _c_source as source
from glassnet.export._affine import affine, period
from glassnet.export.int8 import quantize
from glassnet.files.model_file import ModelFile

__all__ = ["POINTER_BYTES", "CExport", "c_header", "c_name", "export_c"]

POINTER_BYTES = 4
"""Bytes of a class name's pointer on a 32-bit microcontroller (Cortex-M, ESP32), counted in flash."""
_EXPRESSIONS: dict[type, str] = {  # an activation applied to a dense layer's sum, in C
    Sigmoid: "1.0f / (1.0f + expf(-sum))",
    ReLU: "sum > 0.0f ? sum : 0.0f",
    Tanh: "tanhf(sum)",
    Identity: "sum",
    Softmax: "sum",  # then softmax over the whole layer
}


@dataclass
class CExport:
    """What ``export_c`` wrote, and what it needs on the device.

    Attributes
    ----------
    path : str
        The header written.
    name : str
        The prefix of every identifier in the header.
    n_parameters : int
        Weights and biases.
    weight_type : str
        ``"float"`` or ``"int8_t"``.
    const_bytes : int
        Weights, biases, scales, input scaling and class names: flash.
    buffer_bytes : int
        The static layer buffers: RAM (inputs and outputs are the caller's).
    """

    path: str
    name: str  # the prefix of every identifier in the header
    n_parameters: int
    weight_type: str  # "float" or "int8_t"
    const_bytes: int  # weights, biases, scales, input scaling, class names: flash
    buffer_bytes: int  # the static layer buffers: RAM (inputs and outputs are the caller's)


def export_c(
    model: ModelFile, path: str | os.PathLike[str], *, name: str | None = None, int8: bool = False
) -> CExport:
    """Write ``model`` as a C99 header (atomically); ``name`` defaults to the file's stem.

    Parameters
    ----------
    model : ModelFile
        The model, e.g. from ``glassnet.load``.
    path : str or os.PathLike
        The header to write, e.g. ``gestures.h``.
    name : str or None
        The prefix of the header's identifiers (``<name>_predict``); made a valid C
        identifier.
    int8 : bool
        Store each weight as one signed byte with a float scale per node: a quarter of the
        flash.

    Returns
    -------
    CExport
        What was written and the flash and RAM it takes.

    Raises
    ------
    TypeError
        For a layer the C export does not know.

    Examples
    --------
    >>> import os, tempfile
    >>> import glassnet as gn
    >>> from glassnet.export.c import export_c
    >>> model = gn.ModelFile(gn.mlp([4, 3, 2], rng=0))
    >>> written = export_c(model, os.path.join(tempfile.mkdtemp(), "tiny.h"))
    >>> written.name, written.n_parameters, written.weight_type
    ('tiny', 23, 'float')
    """
    prefix = c_name(name or os.path.splitext(os.path.basename(os.fspath(path)))[0])
    text, const_bytes, buffer_bytes = c_header(model, prefix, int8=int8)
    write_text(path, text)
    n_parameters = sum(p.value.size for p in model.network.parameters())
    weight_type = "int8_t" if int8 else "float"
    return CExport(os.fspath(path), prefix, n_parameters, weight_type, const_bytes, buffer_bytes)


def c_name(text: str) -> str:
    """A C identifier from a file name: lower case, ``_`` for anything else.

    Parameters
    ----------
    text : str
        A name, e.g. a file's stem.

    Returns
    -------
    str
        A valid C identifier (``model`` when nothing is left; ``m_`` before a digit).

    Examples
    --------
    >>> from glassnet.export.c import c_name
    >>> c_name("Gestures-v2"), c_name("2024 model")
    ('gestures_v2', 'm_2024_model')
    """
    name = re.sub(r"[^a-z0-9_]", "_", text.lower()).strip("_") or "model"
    return f"m_{name}" if name[0].isdigit() else name


def c_header(model: ModelFile, name: str, *, int8: bool = False) -> tuple[str, int, int]:
    """The header's text, its const bytes (flash) and its buffer bytes (RAM).

    Parameters
    ----------
    model : ModelFile
        The model.
    name : str
        The identifiers' prefix, a valid C identifier.
    int8 : bool
        Weights as signed bytes with per-node scales.

    Returns
    -------
    tuple of (str, int, int)
        The header's text, its const bytes and its buffer bytes.
    """
    from glassnet._version import __version__

    network, upper = model.network, name.upper()
    pairs = _dense_pairs(network.layers)
    classes = model.classes
    names = ", ".join(source.string(c) for c in classes)
    constants = [
        f"static const char *const {name}_class_names[{upper}_N_CLASSES] = {{\n    {names},\n}};"
    ]
    const_bytes = sum(len(c.encode()) + 1 + POINTER_BYTES for c in classes)
    scale, offset = affine(model.preprocessing, network.n_inputs)
    repeat = math.lcm(period(scale), period(offset))  # divides n_inputs, as both do
    constants.append(source.array(f"{name}_input_scale", scale[:repeat], "float"))
    constants.append(source.array(f"{name}_input_offset", offset[:repeat], "float"))
    const_bytes += 2 * 4 * repeat
    widths = [dense.n_outputs for _, dense, _ in pairs[:-1]]
    n_buffers = min(2, len(widths))
    body = []
    for position, (index, dense, activation) in enumerate(pairs):
        if int8:
            q, row_scale = quantize(dense.weight.value)
            constants.append(source.array(f"{name}_layer{index}_weight", q, "int8_t"))
            constants.append(source.array(f"{name}_layer{index}_scale", row_scale, "float"))
            const_bytes += q.size + 4 * row_scale.size
        else:
            constants.append(
                source.array(f"{name}_layer{index}_weight", dense.weight.value, "float")
            )
            const_bytes += 4 * dense.weight.value.size
        if dense.bias is not None:
            constants.append(source.array(f"{name}_layer{index}_bias", dense.bias.value, "float"))
            const_bytes += 4 * dense.bias.value.size
        reads = "inputs" if position == 0 else f"{name}_buffer[{(position - 1) % 2}]"
        writes = "outputs" if position == len(pairs) - 1 else f"{name}_buffer[{position % 2}]"
        then = f", then {_activation_name(activation)}" if activation is not None else ""
        body.append(f"    /* layer {index}: dense {dense.n_inputs} -> {dense.n_outputs}{then} */")
        expression = _EXPRESSIONS[type(activation) if activation is not None else Identity]
        sizes = (dense.n_inputs, dense.n_outputs)
        has_bias = dense.bias is not None
        body.append(
            source.dense_loop(name, index, sizes, reads, writes, expression, has_bias, int8)
        )
        if isinstance(activation, Softmax):
            body.append(f"    {name}_softmax({writes}, {dense.n_outputs});")
    if network.n_outputs == 1:  # one output: class 1 above 0.5, as glassnet's labels
        body.append("    return outputs[0] > 0.5f;")
    else:
        body.append(f"    return {name}_argmax(outputs, {upper}_N_OUTPUTS);")
    buffer_bytes = 4 * n_buffers * max(widths, default=0)
    helpers = source.ARGMAX.format(name=name) if network.n_outputs > 1 else ""
    if any(isinstance(activation, Softmax) for _, _, activation in pairs):
        helpers = source.SOFTMAX.format(name=name) + helpers
    text = source.HEADER.format(
        name=name,
        upper=upper,
        version=__version__,
        sizes="-".join(str(w) for w in [network.n_inputs] + [d.n_outputs for _, d, _ in pairs]),
        layers=", ".join(_layer_name(layer) for layer in network.layers),
        dataset=_trained_on(model),
        weights="int8 with a float scale per node" if int8 else "float",
        input_note=_input_note(model),
        buffers_note=_buffers_note(name, n_buffers),
        includes="#include <stdint.h>\n" if int8 else "",
        n_inputs=network.n_inputs,
        n_outputs=network.n_outputs,
        n_classes=len(classes),
        constants="\n\n".join(constants),
        buffers=(
            f"\nstatic float {name}_buffer[{n_buffers}][{max(widths)}];\n" if n_buffers else ""
        ),
        preprocessing_note=_preprocessing_note(model, repeat),
        index="0" if repeat == 1 else ("i" if repeat == network.n_inputs else f"i % {repeat}"),
        helpers=helpers,
        body="\n".join(body),
    )
    return text, const_bytes, buffer_bytes


def _dense_pairs(layers: list[Layer]) -> list[tuple[int, Dense, Layer | None]]:
    """(index, dense layer, the activation after it or None), or a TypeError."""
    pairs: list[tuple[int, Dense, Layer | None]] = []
    index = 0
    while index < len(layers):
        layer = layers[index]
        if not isinstance(layer, Dense):
            raise TypeError(f"cannot export layer {index} ({layer!r}): expected a dense layer")
        following = layers[index + 1] if index + 1 < len(layers) else None
        if following is not None and not isinstance(following, Dense):
            if type(following) not in _EXPRESSIONS:
                raise TypeError(f"cannot export layer {index + 1} ({following!r}) to C")
            pairs.append((index, layer, following))
            index += 2
        else:
            pairs.append((index, layer, None))
            index += 1
    return pairs


def _activation_name(layer: Layer) -> str:
    return type(layer).__name__.lower()


def _layer_name(layer: Layer) -> str:
    if isinstance(layer, Dense):
        return f"dense {layer.n_inputs}->{layer.n_outputs}" + ("" if layer.bias else " (no bias)")
    return _activation_name(layer)


def _trained_on(model: ModelFile) -> str:
    dataset = model.training.get("dataset")
    accuracy = model.training.get("test_accuracy")
    text = str(dataset) if dataset else "data not recorded"
    return text + (f" (test accuracy {accuracy:.4f})" if isinstance(accuracy, float) else "")


def _input_note(model: ModelFile) -> str:
    preprocessing = model.preprocessing
    if model.image_shape is not None:
        height, width = model.image_shape
        top = getattr(preprocessing, "max_value", 255.0)
        return f"{height}x{width} pixels row by row, 0 = paper, {top:g} = ink"
    if preprocessing is None:
        return "as the network was trained on"
    return "as recorded, before any scaling"


def _preprocessing_note(model: ModelFile, repeat: int) -> str:
    if model.preprocessing is None:
        return "The model has no preprocessing: values are used as they are."
    cycle = (
        f" (every {repeat} values share their scaling)"
        if 1 < repeat < model.network.n_inputs
        else ""
    )
    return f"The training's preprocessing, {model.preprocessing!r}: values · scale + offset{cycle}."


def _buffers_note(name: str, n_buffers: int) -> str:
    if n_buffers == 0:
        return "There is no hidden layer, so no buffers."
    return (
        f"The hidden layers write into {name}_buffer (static RAM), so call\n"
        f" * {name}_predict from one place at a time."
    )
