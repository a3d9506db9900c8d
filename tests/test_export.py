"""ONNX and C exports compute what glassnet computes: same labels, outputs within 1e-5."""

import json
import subprocess

import numpy as np
import onnx
import onnxruntime
import pytest

from glassnet import ModelFile, mlp, save
from glassnet.cli import main
from glassnet.data import BookScaling, RangeScaling, Standardizer, load_dataset
from glassnet.engine.activations import Sigmoid
from glassnet.engine.layers import Dense
from glassnet.engine.network import Sequential
from glassnet.export.c import c_name, export_c
from glassnet.export.int8 import int8_model, quantize
from glassnet.export.onnx import export_onnx
from tests._c_driver import CFLAGS, compiler, run_header
from tests._trained import digits_model, mnist_model

TOLERANCE = 1e-5


def onnx_outputs(path, raw):
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["output"], {"input": np.asarray(raw, dtype=np.float32)})[0]


def _assert_agree(labels, outputs, model, raw):
    expected = model.predict(raw)
    np.testing.assert_allclose(outputs, expected, rtol=0, atol=TOLERANCE)
    expected_labels = expected.argmax(axis=1) if expected.shape[1] > 1 else expected[:, 0] > 0.5
    np.testing.assert_array_equal(labels, expected_labels)


def _digits():
    return digits_model(), load_dataset("digits")


def test_onnx_agrees_on_the_digits_test_set(tmp_path):
    model, digits = _digits()
    result = export_onnx(model, tmp_path / "digits.onnx")
    assert result.preprocessing_included
    outputs = onnx_outputs(tmp_path / "digits.onnx", digits.X_test)
    _assert_agree(outputs.argmax(axis=1), outputs, model, digits.X_test)
    proto = onnx.load(tmp_path / "digits.onnx")
    properties = {p.key: p.value for p in proto.metadata_props}
    assert json.loads(properties["class_names"]) == digits.class_names
    assert json.loads(properties["image_shape"]) == [8, 8]
    assert proto.opset_import[0].version == 13
    # Without preprocessing the graph takes what the network itself takes.
    export_onnx(model, tmp_path / "bare.onnx", include_preprocessing=False)
    inputs = digits.preprocessing(digits.X_test)
    np.testing.assert_allclose(
        onnx_outputs(tmp_path / "bare.onnx", inputs), model.network.predict(inputs), atol=TOLERANCE
    )


ARCHITECTURES = [
    {"sizes": [5, 7, 3], "activation": "relu", "output": "softmax"},
    {"sizes": [5, 7, 6, 4], "activation": "tanh", "output": "identity", "bias": False},
    {"sizes": [5, 1], "output": "sigmoid"},
    {"sizes": [5, 4, 4, 4, 2], "activation": "sigmoid", "output": "sigmoid", "dtype": np.float32},
]
PREPROCESSINGS = [
    None,
    BookScaling(255.0),
    Standardizer(np.arange(5.0), np.arange(1.0, 6.0)),
    RangeScaling(np.full(5, -4.0), np.full(5, 4.0)),
]


@pytest.mark.parametrize(
    ("settings", "preprocessing"), list(zip(ARCHITECTURES, PREPROCESSINGS, strict=True))
)
def test_every_layer_kind_exports(tmp_path, settings, preprocessing):
    settings = dict(settings)
    model = ModelFile(mlp(settings.pop("sizes"), rng=1, **settings), preprocessing)
    raw = np.random.default_rng(2).uniform(-3, 250, size=(200, 5))
    export_onnx(model, tmp_path / "m.onnx")
    outputs = onnx_outputs(tmp_path / "m.onnx", raw)
    labels = outputs.argmax(axis=1) if outputs.shape[1] > 1 else outputs[:, 0] > 0.5
    _assert_agree(labels, outputs, model, raw)
    export_c(model, tmp_path / "m.h")
    _assert_agree(*run_header(tmp_path / "m.h", "m", raw, model.network.n_outputs), model, raw)


def test_c_header_agrees_on_the_digits_test_set(tmp_path):
    model, digits = _digits()
    result = export_c(model, tmp_path / "digits.h")
    text = (tmp_path / "digits.h").read_text()
    assert "malloc(" not in text and "#include <stdlib.h>" not in text
    assert text.count("static const float digits_layer") == 4  # two weights, two biases
    assert result.const_bytes == 4 * result.n_parameters + 2 * 4 + sum(
        len(c) + 1 + 4 for c in digits.class_names
    )
    assert result.buffer_bytes == 4 * 32
    labels, outputs = run_header(tmp_path / "digits.h", "digits", digits.X_test, 10)
    _assert_agree(labels, outputs, model, digits.X_test)


def test_int8_header_computes_the_int8_model(tmp_path):
    model, digits = _digits()
    float_bytes = export_c(model, tmp_path / "f.h").const_bytes
    result = export_c(model, tmp_path / "q.h", int8=True)
    assert result.weight_type == "int8_t"
    assert result.const_bytes < 0.4 * float_bytes
    quantised = int8_model(model)
    labels, outputs = run_header(tmp_path / "q.h", "q", digits.X_test, 10)
    _assert_agree(labels, outputs, quantised, digits.X_test)
    lost = np.mean(
        quantised.predict(digits.X_test).argmax(1) != model.predict(digits.X_test).argmax(1)
    )
    assert (
        lost < 0.02
    )  # margin: at most 1 of 450 labels changed (0.0022), seeds 0-9, 1/2 BLAS threads and GLASSNET_KERNEL=numpy


def test_quantize_rounds_each_weight_to_its_nodes_grid():
    weight = np.random.default_rng(0).normal(size=(6, 9)) * np.arange(1, 7)[:, None]
    q, scale = quantize(weight)
    assert q.dtype == np.int8 and scale.dtype == np.float32
    np.testing.assert_array_equal(np.abs(q).max(axis=1), 127)
    assert np.all(np.abs(q * scale[:, None].astype(float) - weight) <= scale[:, None] / 2 + 1e-12)
    q, scale = quantize(np.zeros((2, 3)))
    np.testing.assert_array_equal(q, 0)


def test_header_compiles_unused_and_side_by_side(tmp_path):
    """Two models in one program, and a file that includes one without calling it: no warnings."""
    odd_names = ['say "hi"', "naïve", "a\\b", "??="]
    model = ModelFile(mlp([3, 4, 4], rng=0), None, odd_names)
    export_c(model, tmp_path / "first.h")
    export_c(model, tmp_path / "Second Model.h")
    assert c_name("Second Model") == "second_model" and c_name("2nd") == "m_2nd"
    (tmp_path / "both.c").write_text(
        '#include <stdio.h>\n#include <string.h>\n#include "first.h"\n#include "Second Model.h"\n'
        "int main(void) { float v[3] = {1, 2, 3}, o[4]; int a, b;\n"
        "a = first_predict(v, o); b = second_model_predict(v, o);\n"
        'printf("%s|%s|%s|%s|%d\\n", first_class_names[0], first_class_names[1], '
        "first_class_names[2], first_class_names[3], a == b); return 0; }\n"
    )
    (tmp_path / "unused.c").write_text('#include "first.h"\nint nothing(void) { return 0; }\n')
    gcc = compiler()
    subprocess.run(
        [gcc, *CFLAGS, "-c", "-o", str(tmp_path / "unused.o"), str(tmp_path / "unused.c")],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [gcc, *CFLAGS, "-o", str(tmp_path / "both"), str(tmp_path / "both.c"), "-lm"],
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [str(tmp_path / "both")], capture_output=True, check=True, text=True
    ).stdout
    assert out == "|".join(odd_names) + "|1\n"


def test_exports_refuse_layers_they_cannot_express(tmp_path):
    model = ModelFile(Sequential([Sigmoid(), Dense(2, 2, rng=0)]))
    with pytest.raises(TypeError, match="expected a dense layer"):
        export_c(model, tmp_path / "m.h")
    assert not (tmp_path / "m.h").exists()


@pytest.mark.data
@pytest.mark.slow
def test_exports_agree_on_the_mnist_test_set(tmp_path, mnist_dir):
    model = mnist_model()
    mnist = load_dataset("mnist", mnist_dir, download=False)
    export_onnx(model, tmp_path / "mnist.onnx")
    outputs = onnx_outputs(tmp_path / "mnist.onnx", mnist.X_test)
    _assert_agree(outputs.argmax(axis=1), outputs, model, mnist.X_test)
    export_c(model, tmp_path / "mnist.h")
    _assert_agree(*run_header(tmp_path / "mnist.h", "mnist", mnist.X_test, 10), model, mnist.X_test)
    export_c(model, tmp_path / "mnist_int8.h", int8=True)
    quantised = int8_model(model)
    _assert_agree(
        *run_header(tmp_path / "mnist_int8.h", "mnist_int8", mnist.X_test, 10),
        quantised,
        mnist.X_test,
    )


def test_export_command(tmp_path, capsys):
    model, _ = _digits()
    save(model, tmp_path / "digits.npz")
    path = str(tmp_path / "digits.npz")
    assert main(["export", path, "--format", "onnx"]) == 0
    assert capsys.readouterr().out.startswith(
        f"wrote {tmp_path / 'digits.onnx'}: 64-32-10 network, 2,410 parameters"
    )
    assert (
        main(["export", path, "--format", "c", "-o", str(tmp_path / "board.h"), "--name", "board"])
        == 0
    )
    out = capsys.readouterr().out
    assert "const data 9," in out and "buffers 128 bytes (RAM); C prefix board_" in out
    assert "board_predict" in (tmp_path / "board.h").read_text()
    assert main(["export", path, "--format", "c", "--int8"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0].startswith(f"wrote {tmp_path / 'digits-int8.h'}") and "weights as int8" in lines[0]
    )
    accuracy = model.training["test_accuracy"]
    assert (
        lines[1].startswith("int8 digits test accuracy 0.")
        and f"(float {accuracy:.4f}: " in lines[1]
    )
    for bad, message in [
        (["--format", "onnx", "--int8"], "--int8 and --name are for --format c"),
        (["--format", "c", "--no-preprocessing"], "--no-preprocessing is for --format onnx"),
    ]:
        assert main(["export", path, *bad]) == 2
        assert message in capsys.readouterr().err


def test_input_scaling_is_stored_once_per_repeating_cycle(tmp_path):
    """Scales repeating every 2 inputs and offsets every 3 make a cycle of 6 (of 12)."""
    low = np.tile([0.0, -1.0, 2.0], 4)
    high = low + np.tile([1.0, 4.0], 6)
    model = ModelFile(mlp([12, 3], rng=0), RangeScaling(low, high))
    export_c(model, tmp_path / "cycle.h")
    assert "cycle_input_scale[i % 6]" in (tmp_path / "cycle.h").read_text()
    raw = np.random.default_rng(0).uniform(-2, 5, size=(50, 12))
    _assert_agree(*run_header(tmp_path / "cycle.h", "cycle", raw, 3), model, raw)
