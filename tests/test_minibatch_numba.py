"""The compiled parts of the fused step (glassnet.kernels.minibatch_numba, output_head_numba).

That training through them gives the generic step's weights, velocities, losses and
accuracies is tested in test_fused_sgd.py (its networks end in each output pair the
compiled head knows); here: which models use the head and the compiled sigmoid, the
cases those networks leave out, the sigmoid's accuracy, the batch scaling's numbers, and
benchmarks/step_parts.py, which reaches into the step.
"""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.special import expit

from glassnet import SGD, BinaryCrossEntropy, CrossEntropy, SquaredError, mlp, train
from glassnet.data import BookScaling, one_hot
from glassnet.data.preprocessing import scale_inputs
from glassnet.engine.activations import ReLU, Sigmoid, Softmax, Tanh
from glassnet.engine.layers import Dense
from glassnet.engine.network import Sequential
from glassnet.kernels import KERNEL_ENV
from glassnet.kernels.batches import ScaledBatches
from glassnet.kernels.fused_sgd import FusedSGD

pytest.importorskip("numba")


def _sequential(*layers):
    return Sequential(list(layers))


def _dense(n_in, n_out, seed, dtype=np.float64, bias=True):
    return Dense(n_in, n_out, bias=bias, rng=seed, dtype=dtype)


# (model, loss, whether the compiled head takes the output layer)
PLANS = [
    (mlp([5, 4, 3]), SquaredError(), True),
    (mlp([5, 4, 3]), BinaryCrossEntropy(), True),
    (mlp([5, 4, 3], output="softmax"), CrossEntropy(), True),
    (mlp([5, 4, 3], activation="relu", output="softmax"), CrossEntropy(), True),
    (mlp([5, 4, 3], activation="tanh"), SquaredError(), True),
    (mlp([5, 4, 3], activation="identity"), SquaredError(), True),
    (mlp([5, 3]), BinaryCrossEntropy(), True),  # no hidden layer: nothing to send back
    (_sequential(_dense(5, 4, 0), _dense(4, 3, 1), Sigmoid()), SquaredError(), True),
    # pairs the head does not compute: the uncompiled fused step runs
    (mlp([5, 4, 3], output="softmax"), SquaredError(), False),
    (mlp([5, 4, 3], output="identity"), SquaredError(), False),
    (mlp([5, 4, 3], output="sigmoid"), CrossEntropy(), False),
    (_sequential(_dense(5, 4, 0), Softmax(), _dense(4, 3, 1), Sigmoid()), SquaredError(), False),
]


@pytest.mark.parametrize(("model", "loss", "compiled"), PLANS)
def test_which_models_use_the_compiled_head(model, loss, compiled):
    assert FusedSGD(model, loss, SGD(0.1), *_no_targets(model), compiled=True).compiled_head is (
        compiled
    )


def _no_targets(model):
    """Targets and labels for a FusedSGD built outside train()."""
    return np.zeros((1, model.n_outputs), model.dtype), np.zeros(1, np.int64)


def test_glassnet_kernel_numpy_turns_the_compiled_parts_off(monkeypatch):
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(12, 5)), one_hot(rng.integers(0, 3, 12), 3)
    settings = {"loss": SquaredError(), "optimizer": SGD(0.1), "batch_size": 4, "rng": 0}
    monkeypatch.setenv(KERNEL_ENV, "numpy")
    history = train(mlp([5, 4, 3], rng=0, dtype=np.float32), X, Y, **settings)
    assert history.trained_by == "the fused SGD step (numpy)"
    monkeypatch.delenv(KERNEL_ENV)
    history = train(mlp([5, 4, 3], rng=0, dtype=np.float32), X, Y, **settings)
    assert history.trained_by == (
        "the fused SGD step (numba: output layer, last hidden sigmoid compiled)"
    )


def _fused_training(build, X, Y, loss, kernel, monkeypatch, momentum, batch_size):
    """Three epochs of fused training of a fresh ``build()``, compiled parts on or off."""
    monkeypatch.delenv(KERNEL_ENV, raising=False)
    model = build()
    optimizer = SGD(0.3, momentum=momentum)
    history = train(
        model,
        X,
        Y,
        loss=loss,
        optimizer=optimizer,
        epochs=3,
        batch_size=batch_size,
        rng=2,
        kernel=kernel,
    )
    assert history.trained_by.startswith(f"the fused SGD step ({kernel}"), history.trained_by
    return model, optimizer, history


def _assert_trains_like_the_uncompiled_step(
    build, X, Y, loss, monkeypatch, momentum=0.9, batch_size=8
):
    settings = {"momentum": momentum, "batch_size": batch_size}
    compiled = _fused_training(build, X, Y, loss, "numba", monkeypatch, **settings)
    plain = _fused_training(build, X, Y, loss, "numpy", monkeypatch, **settings)
    model = build()
    assert FusedSGD(model, loss, SGD(0.1), *_no_targets(model), compiled=True).compiled_head
    (model, optimizer, history), (model_b, optimizer_b, history_b) = compiled, plain
    for a, b in zip(model.parameters(), model_b.parameters(), strict=True):
        np.testing.assert_allclose(a.value, b.value, rtol=1e-12, atol=1e-12)
    for a, b in zip(optimizer.velocities, optimizer_b.velocities, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(history.loss, history_b.loss, rtol=1e-12)
    assert history.train_accuracy == history_b.train_accuracy
    return history


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal(size=(53, 6)), rng


def test_one_output_node_counts_output_above_half_as_class_1(data, monkeypatch):
    # The infographic's pass/fail node: BCE, and the accuracy of output > 0.5.
    X, rng = data
    Y = rng.integers(0, 2, size=(53, 1)).astype(float)
    build = lambda: mlp([6, 3, 1], rng=1)  # noqa: E731
    _assert_trains_like_the_uncompiled_step(build, X, Y, BinaryCrossEntropy(), monkeypatch)


def test_no_hidden_layer(data, monkeypatch):
    X, rng = data
    Y = one_hot(rng.integers(0, 3, 53), 3)
    build = lambda: mlp([6, 3], rng=1)  # noqa: E731
    _assert_trains_like_the_uncompiled_step(build, X, Y, BinaryCrossEntropy(), monkeypatch)


def test_two_dense_layers_in_a_row(data, monkeypatch):
    X, rng = data
    Y = one_hot(rng.integers(0, 3, 53), 3)

    def build():
        return _sequential(_dense(6, 4, 1), _dense(4, 3, 2), Sigmoid())

    _assert_trains_like_the_uncompiled_step(build, X, Y, SquaredError(), monkeypatch, 0.0)


def test_softmax_with_targets_that_are_not_one_hot(data, monkeypatch):
    # Cross-entropy's delta is p·Σt − t: label smoothing and partial targets included.
    X, rng = data
    Y = rng.dirichlet(np.ones(3), size=53) * rng.uniform(0.5, 1.0, size=(53, 1))
    build = lambda: mlp([6, 4, 3], activation="relu", output="softmax", rng=1)  # noqa: E731
    _assert_trains_like_the_uncompiled_step(build, X, Y, CrossEntropy(), monkeypatch)


@pytest.mark.parametrize("activation", [Sigmoid, ReLU, Tanh])
def test_saturated_outputs_keep_the_loss_finite(activation, data, monkeypatch):
    # Inputs a thousand times too large: outputs of exactly 0 and 1, logarithms clipped.
    X, rng = data
    Y = rng.integers(0, 2, size=(53, 2)).astype(float)

    def build():
        return _sequential(_dense(6, 4, 1), activation(), _dense(4, 2, 2), Sigmoid())

    _assert_trains_like_the_uncompiled_step(build, 1000 * X, Y, BinaryCrossEntropy(), monkeypatch)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_compiled_batch_scaling_gives_the_same_numbers(dtype):
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, size=(300, 17), dtype=np.uint8)
    indices = rng.permutation(300)[:64]
    batches = ScaledBatches(pixels, BookScaling(200.0), dtype, compiled=True)
    assert batches._gather is not None  # the compiled gather, not NumPy's
    compiled = batches(indices)
    assert batches(indices) is compiled  # one buffer, reused
    np.testing.assert_array_equal(compiled, scale_inputs(pixels[indices], 200.0, dtype))
    uncompiled = ScaledBatches(pixels, BookScaling(200.0), dtype, compiled=False)(indices)
    np.testing.assert_array_equal(uncompiled, compiled)


@pytest.mark.parametrize(
    ("model", "compiled"),
    [
        (mlp([5, 4, 3], dtype=np.float32), True),
        (mlp([5, 4, 3], dtype=np.float64), False),  # float64 keeps the exact exp
        (mlp([5, 4, 3], activation="relu", dtype=np.float32), False),
        (
            _sequential(
                _dense(5, 4, 0, np.float32),
                Tanh(),
                Sigmoid(),
                _dense(4, 3, 1, np.float32),
                Sigmoid(),
            ),
            False,
        ),
    ],
)
def test_which_models_use_the_compiled_sigmoid(model, compiled):
    step = FusedSGD(model, SquaredError(), SGD(0.1), *_no_targets(model), compiled=True)
    assert step.compiled_sigmoid is compiled


def test_compiled_sigmoid_is_as_accurate_as_numpys():
    from glassnet.kernels.minibatch_numba import sigmoid_float32

    x = np.linspace(-100, 100, 100_001, dtype=np.float32)
    y = x.copy()
    sigmoid_float32(y, np.empty(x.size, np.int32))
    exact = expit(x.astype(np.float64))
    assert np.max(np.abs(y - exact)) < 1e-7
    normal = exact > 1e-37  # below that float32 loses digits anyway
    assert np.max(np.abs(y - exact)[normal] / exact[normal]) < 3e-7


def test_compiled_sigmoid_special_values():
    from glassnet.kernels.minibatch_numba import sigmoid_float32

    x = np.array([0, -1000, -89, 1000, 89, np.inf, -np.inf, np.nan], np.float32)
    sigmoid_float32(x, np.empty(x.size, np.int32))
    np.testing.assert_array_equal(x[:-1], [0.5, 0, 0, 1, 1, 1, 0])
    assert np.isnan(x[-1])


def test_a_last_batch_of_one_sample_and_a_hidden_layer_of_one_node(data, monkeypatch):
    # Arrays with a dimension of 1 are C- and Fortran-ordered at once, which numba types
    # differently: a batch of one sample takes the uncompiled step, one hidden node the
    # compiled head all the same.
    X, rng = data
    Y = one_hot(rng.integers(0, 3, 53), 3)
    for sizes in ([6, 4, 3], [6, 1, 3]):

        def build(sizes=sizes):
            return mlp(sizes, rng=1, dtype=np.float64)

        _assert_trains_like_the_uncompiled_step(
            build, X, Y, SquaredError(), monkeypatch, momentum=0.0, batch_size=13
        )  # 53 = 4·13 + 1


@pytest.mark.data
def test_step_parts_benchmark_runs_and_accounts_for_the_whole_step(mnist_dir):
    # benchmarks/step_parts.py reaches into the fused step; this keeps it working.
    script = Path(__file__).resolve().parents[1] / "benchmarks" / "step_parts.py"
    result = subprocess.run(
        [sys.executable, str(script), "--data-dir", str(mnist_dir), "--epochs", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("batch 64, compiled head True, compiled sigmoid True")
    numbers = [float(n) for n in re.findall(r"[\d.]+", lines[1].split("=", 1)[1])]
    per_step = float(re.search(r"s, (\d+) per step", lines[1]).group(1))
    assert len(numbers) == 5 and all(n > 0 for n in numbers)
    assert sum(numbers) == pytest.approx(per_step, abs=3)  # the parts add up (rounding)


# Each compiled function against its readable twin in the engine (see the table in
# output_head_numba's docstring), in float64 to 1e-12 unless said otherwise.


def _twins():
    from glassnet.kernels import output_head_numba  # after the importorskip

    return output_head_numba


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_compiled_sigmoid_of_one_number_is_the_engines(dtype):
    from glassnet.engine.activations import sigmoid

    x = np.linspace(-50, 50, 1001).astype(dtype)
    one = dtype(1)
    compiled = np.array([_twins().sigmoid(v, one) for v in x])
    # float32: within one float32 step near 1 (1.2e-7); float64: LLVM's exp and NumPy's
    # may differ in the last bit.
    tolerance = 1.2e-7 if dtype is np.float32 else 1e-15
    np.testing.assert_allclose(compiled, sigmoid(x), rtol=0, atol=tolerance)


def test_compiled_float32_sigmoid_is_the_engines_within_one_float32_step():
    from glassnet.engine.activations import sigmoid

    x = np.random.default_rng(0).normal(scale=8, size=5000).astype(np.float32)
    y = x.copy()
    from glassnet.kernels.minibatch_numba import sigmoid_float32

    sigmoid_float32(y, np.empty(x.size, np.int32))
    # Both are within 1e-7 of the exact value (tested above): they differ by at most
    # one float32 step near 1, 1.2e-7.
    np.testing.assert_allclose(y, sigmoid(x), rtol=0, atol=1.2e-7)


@pytest.mark.parametrize("bias", [True, False])
def test_compiled_dense_forward_is_dense_forward(bias):
    rng = np.random.default_rng(1)
    layer = Dense(13, 5, bias=bias, rng=2)
    if bias:
        layer.bias.value[:] = rng.normal(size=5)
    hidden = np.asfortranarray(rng.normal(size=(9, 13)))
    outputs_t = np.empty((5, 9))
    no_bias = np.empty(0)
    _twins().dense_forward(
        hidden, layer.weight.value, layer.bias.value if bias else no_bias, outputs_t, 1.0
    )
    np.testing.assert_allclose(outputs_t.T, layer.forward(hidden), rtol=0, atol=1e-12)


def test_compiled_softmax_and_predicted_class_are_the_engines():
    from glassnet.engine.metrics import labels_from_outputs

    rng = np.random.default_rng(3)
    z = rng.normal(scale=5, size=(8, 4))
    z[0, 1] = z[0, 2] = 9.0  # a tie: the first largest wins, as np.argmax
    outputs_t = np.ascontiguousarray(z.T)
    for i in range(8):
        _twins().softmax(outputs_t, i, 1.0)
    expected = Softmax().forward(z)
    np.testing.assert_allclose(outputs_t.T, expected, rtol=0, atol=1e-12)
    classes = [_twins().predicted_class(outputs_t, i, 1.0) for i in range(8)]
    assert classes == labels_from_outputs(expected).tolist()
    single = np.array([[0.2, 0.5, 0.7, 0.9]])  # one output node: class 1 above 0.5
    assert [_twins().predicted_class(single, i, 1.0) for i in range(4)] == [0, 0, 1, 1]


@pytest.mark.parametrize(
    ("activation", "loss", "kind"),
    [
        (Sigmoid, SquaredError, 0),
        (Sigmoid, BinaryCrossEntropy, 1),
        (Softmax, CrossEntropy, 2),
    ],
)
def test_compiled_output_pairs_are_the_engines_loss_and_error(activation, loss, kind):
    from glassnet.kernels.head_plan import (
        SIGMOID_BINARY_CROSS_ENTROPY,
        SIGMOID_SQUARED_ERROR,
        SOFTMAX_CROSS_ENTROPY,
    )

    assert (
        kind == (SIGMOID_SQUARED_ERROR, SIGMOID_BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY)[kind]
    )
    rng = np.random.default_rng(4)
    z = rng.normal(scale=3, size=(7, 3))
    targets = rng.dirichlet(np.ones(3), size=20)  # the whole training set's
    labels = rng.integers(0, 3, 20)
    rows = rng.permutation(20)[:7]
    outputs_t, delta_t = np.ascontiguousarray(z.T), np.empty((3, 7))
    summed, correct = _twins().output_pair(
        outputs_t, delta_t, targets, labels, rows, kind, 1.0, np.finfo(np.float64).eps
    )
    model = _sequential(Dense(3, 3, rng=0), activation())
    model.layers[1].forward(z)  # the output activation, as forward leaves it
    predicted = activation().forward(z)
    np.testing.assert_allclose(outputs_t.T, predicted, rtol=0, atol=1e-12)
    assert summed == pytest.approx(loss().value(predicted, targets[rows]) * 7, rel=1e-12)
    assert correct == int(np.sum(predicted.argmax(axis=1) == labels[rows]))
    grad, layers = model.output_gradient(loss(), predicted, targets[rows])
    if len(layers) == len(model.layers):  # no fused pair: chain through the activation
        grad = model.layers[1].backward(grad)
    np.testing.assert_allclose(delta_t.T, grad, rtol=0, atol=1e-12)


@pytest.mark.parametrize(("activation", "kind"), [(Sigmoid, 1), (ReLU, 2), (Tanh, 3), (None, 0)])
def test_compiled_propagate_is_dense_propagate_times_the_slope(activation, kind):
    rng = np.random.default_rng(5)
    layer = Dense(6, 4, rng=1)
    delta = rng.normal(size=(9, 4))
    z = rng.normal(size=(9, 6))
    hidden_layer = activation() if activation is not None else None
    hidden = hidden_layer.forward(z) if hidden_layer is not None else z
    upstream_t = np.empty((6, 9))
    _twins().propagate(
        np.ascontiguousarray(delta.T),
        layer.weight.value,
        np.asfortranarray(hidden),
        upstream_t,
        kind,
        1.0,
    )
    expected = layer.propagate(delta)
    if hidden_layer is not None:
        expected = hidden_layer.backward(expected)
    np.testing.assert_allclose(upstream_t.T, expected, rtol=0, atol=1e-12)


def test_compiled_dense_gradient_is_dense_set_gradients():
    rng = np.random.default_rng(6)
    layer = Dense(5, 3, rng=1)
    hidden = np.asfortranarray(rng.normal(size=(11, 5)))
    delta = rng.normal(size=(11, 3))
    layer.forward(hidden)
    layer.set_gradients(delta)
    gradient, bias_gradient = np.empty((3, 5)), np.empty(3)
    _twins().dense_gradient(np.ascontiguousarray(delta.T), hidden, gradient, bias_gradient, 1.0)
    np.testing.assert_allclose(gradient, layer.weight.grad, rtol=0, atol=1e-12)
    np.testing.assert_allclose(bias_gradient, layer.bias.grad, rtol=0, atol=1e-12)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_compiled_sgd_step_is_sgd_step(momentum):
    from glassnet.engine.layers import Parameter

    rng = np.random.default_rng(7)
    parameter = Parameter(rng.normal(size=(4, 3)))
    parameter.grad[:] = rng.normal(size=(4, 3))
    values, velocity = parameter.value.copy(), np.zeros(12) if momentum else np.empty(0)
    optimizer = SGD(0.3, momentum=momentum)
    for _ in range(3):  # velocities carry over from step to step
        optimizer.step([parameter])
        _twins().sgd_step(values.reshape(-1), parameter.grad.reshape(-1), velocity, 0.3, momentum)
    np.testing.assert_allclose(values, parameter.value, rtol=0, atol=1e-15)
    if momentum:
        np.testing.assert_allclose(velocity.reshape(4, 3), optimizer.velocities[0], atol=1e-15)
