"""The fused SGD step (glassnet.kernels.fused_sgd) against the generic step it replaces."""

import os

import numpy as np
import pytest

from glassnet import (
    SGD,
    Adam,
    BinaryCrossEntropy,
    CrossEntropy,
    SquaredError,
    mlp,
    train,
)
from glassnet.data import BookScaling, one_hot
from glassnet.engine.layers import Dense
from glassnet.kernels import KERNEL_ENV
from glassnet.kernels.fused_sgd import FusedSGD, can_fuse

# (sizes, hidden activation, output activation, loss): the pairs train() meets in practice,
# both output-layer shortcuts (sigmoid + BCE, softmax + CE) and the plain chain rule.
NETWORKS = [
    ([12, 9, 4], "sigmoid", "sigmoid", SquaredError()),
    ([12, 9, 4], "tanh", "softmax", CrossEntropy()),
    ([12, 9, 7, 4], "relu", "sigmoid", BinaryCrossEntropy()),
    ([12, 4], "sigmoid", "identity", SquaredError()),
    ([12, 9, 4], "sigmoid", "softmax", SquaredError()),
]


# What ``fused=True`` meant: the fused step, with compiled parts unless GLASSNET_KERNEL=numpy.
FUSED = "numpy" if os.environ.get(KERNEL_ENV) == "numpy" else "numba"


def _no_targets(model):
    """Targets and labels for a FusedSGD used without train() (its forward and update)."""
    return np.zeros((1, model.n_outputs), model.dtype), np.zeros(1, np.int64)


def _data(n_samples=53, n_inputs=12, n_outputs=4, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_inputs))
    Y = one_hot(rng.integers(0, n_outputs, n_samples), n_outputs)
    return X, Y


def _trained(
    sizes, hidden, output, loss, *, fused, dtype, bias, momentum=0.0, batch_size=8, epochs=3
):
    X, Y = _data(n_outputs=sizes[-1])
    model = mlp(sizes, activation=hidden, output=output, bias=bias, rng=1, dtype=dtype)
    optimizer = SGD(0.3, momentum=momentum)
    history = train(
        model,
        X,
        Y,
        loss=loss,
        optimizer=optimizer,
        epochs=epochs,
        batch_size=batch_size,  # 53 = 6·8 + 5: the last batch is smaller
        rng=2,
        kernel=FUSED if fused else "plain",
    )
    ran_fused = history.trained_by.startswith("the fused SGD step")
    assert ran_fused is fused, history.trained_by
    return model, optimizer, history


@pytest.mark.parametrize("momentum", [0.0, 0.9])
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(("dtype", "tolerance"), [(np.float64, 1e-12), (np.float32, 2e-5)])
@pytest.mark.parametrize(("sizes", "hidden", "output", "loss"), NETWORKS)
def test_fused_step_trains_the_same_weights_as_the_generic_step(
    sizes, hidden, output, loss, dtype, tolerance, bias, momentum
):
    settings = {"dtype": dtype, "bias": bias, "momentum": momentum}
    fused, fused_optimizer, fused_history = _trained(
        sizes, hidden, output, loss, fused=True, **settings
    )
    generic, generic_optimizer, generic_history = _trained(
        sizes, hidden, output, loss, fused=False, **settings
    )
    for a, b in zip(fused.parameters(), generic.parameters(), strict=True):
        assert a.value.dtype == dtype
        np.testing.assert_allclose(a.value, b.value, rtol=0, atol=tolerance)
    # The optimizer's state is the same too, so a checkpoint resumes either way.
    assert len(fused_optimizer.velocities) == len(generic_optimizer.velocities)
    for a, b in zip(fused_optimizer.velocities, generic_optimizer.velocities, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=tolerance)
    np.testing.assert_allclose(fused_history.loss, generic_history.loss, rtol=10 * tolerance)
    assert fused_history.train_accuracy == generic_history.train_accuracy


@pytest.mark.parametrize("batch_size", [1, 64])
def test_fused_step_with_raw_pixels_and_book_scaling(batch_size):
    # The MNIST path: uint8 pixels scaled per batch into a reused buffer, float32 weights.
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(150, 20), dtype=np.uint8)
    targets = one_hot(rng.integers(0, 3, 150), 3, dtype=np.float32)
    models = []
    for fused in (True, False):
        model = mlp([20, 6, 3], bias=False, rng=4, dtype=np.float32)
        train(
            model,
            pixels,
            targets,
            loss=SquaredError(),
            optimizer=SGD(0.2),
            epochs=2,
            batch_size=batch_size,
            rng=5,
            transform=BookScaling(),
            kernel=FUSED if fused else "plain",
        )
        models.append(model)
    for a, b in zip(*(m.parameters() for m in models), strict=True):
        np.testing.assert_allclose(a.value, b.value, rtol=0, atol=2e-5)


def test_weights_are_updated_in_place():
    # Whoever holds a weight array (a plot, the web playground) sees training move it.
    model = mlp([12, 9, 4], rng=0, dtype=np.float32)
    arrays = [p.value for p in model.parameters()]
    before = [a.copy() for a in arrays]
    X, Y = _data()
    train(model, X, Y, loss=SquaredError(), optimizer=SGD(0.5), batch_size=8, rng=0)
    for array, parameter, old in zip(arrays, model.parameters(), before, strict=True):
        assert parameter.value is array
        assert not np.array_equal(array, old)


def test_default_fuses_float32_only():
    X, Y = _data()
    for dtype, fused in ((np.float32, True), (np.float64, False)):
        model = mlp([12, 9, 4], rng=0, dtype=dtype)
        train(model, X, Y, loss=SquaredError(), optimizer=SGD(0.5), batch_size=8, rng=0)
        # The generic step leaves the last batch's gradient in Parameter.grad.
        written = any(np.any(p.grad) for p in model.parameters())
        assert written is not fused, dtype


@pytest.mark.parametrize(
    "optimizer",
    [SGD(0.1, weight_decay=1e-3), Adam(0.01)],
    ids=["weight-decay", "adam"],
)
def test_only_sgd_without_weight_decay_is_fused(optimizer):
    model = mlp([12, 9, 4], rng=0, dtype=np.float32)
    assert not can_fuse(model, optimizer)
    X, Y = _data()
    history = train(
        model, X, Y, loss=SquaredError(), optimizer=optimizer, batch_size=8, rng=0, kernel=FUSED
    )
    assert history.trained_by.startswith("the engine's step"), history.trained_by
    assert any(np.any(p.grad) for p in model.parameters())  # ran the generic step


def test_weights_in_fortran_order_are_not_fused():
    model = mlp([12, 9, 4], rng=0, dtype=np.float32)
    assert can_fuse(model, SGD(0.1))
    first = model.layers[0]
    assert isinstance(first, Dense)
    first.weight.value = np.asfortranarray(first.weight.value)
    assert not can_fuse(model, SGD(0.1))


def test_mixed_precision_is_not_fused():
    model = mlp([12, 9, 4], rng=0, dtype=np.float32)
    second = model.layers[2]
    assert isinstance(second, Dense)
    second.weight.value = second.weight.value.astype(np.float64)
    assert not can_fuse(model, SGD(0.1))


def test_forward_equals_the_models_forward():
    model = mlp([12, 9, 4], output="softmax", rng=0, dtype=np.float32)
    X = _data()[0].astype(np.float32)
    step = FusedSGD(model, CrossEntropy(), SGD(0.1), *_no_targets(model))
    np.testing.assert_allclose(step.forward(X), model.forward(X), rtol=1e-6)


def test_weights_blas_cannot_update_in_place_are_still_updated():
    # train() never fuses such a model (can_fuse), but FusedSGD used directly must not
    # lose the update of a weight array BLAS had to copy.
    X, Y = _data()
    models = [mlp([12, 9, 4], rng=0) for _ in range(2)]
    first = models[0].layers[0]
    assert isinstance(first, Dense)
    first.weight.value = np.asfortranarray(first.weight.value)
    step = FusedSGD(models[0], SquaredError(), SGD(0.5), *_no_targets(models[0]))
    step.update(step.forward(X), Y)
    models[1].backward_loss(SquaredError(), models[1].forward(X), Y)
    SGD(0.5).step(models[1].parameters())
    for a, b in zip(*(m.parameters() for m in models), strict=True):
        np.testing.assert_allclose(a.value, b.value, rtol=0, atol=1e-12)
