import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet import (
    BinaryCrossEntropy,
    CrossEntropy,
    Dense,
    ReLU,
    Sequential,
    Sigmoid,
    SquaredError,
    gradcheck,
    mlp,
)
from glassnet.engine.losses import LOSSES
from glassnet.runs import PRESETS

# Every hidden activation with every loss and its usual output, as the CLI and presets build them.
COMBINATIONS = [
    (hidden, output, loss)
    for hidden in ("sigmoid", "tanh", "relu", "identity")
    for output, loss in (
        ("sigmoid", "squared-error"),
        ("sigmoid", "binary-cross-entropy"),
        ("softmax", "cross-entropy"),
        ("identity", "squared-error"),
        ("softmax", "squared-error"),
    )
]


def _targets(rng, loss, n_samples, n_outputs):
    if loss == "cross-entropy":
        return np.eye(n_outputs)[rng.integers(0, n_outputs, n_samples)]
    return rng.random((n_samples, n_outputs))


@pytest.mark.parametrize(("hidden", "output", "loss_name"), COMBINATIONS)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    n_samples=st.integers(1, 4),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_network_gradients_match_gradcheck(hidden, output, loss_name, sizes, n_samples, bias, seed):
    rng = np.random.default_rng(seed)
    n_outputs = 2 if output == "softmax" else sizes[-1]
    model = mlp([3, *sizes[:-1], n_outputs], activation=hidden, output=output, bias=bias, rng=rng)
    X = rng.normal(size=(n_samples, 3))
    if hidden == "relu":  # keep pre-activations away from the kink at 0
        for layer in model.dense_layers:
            layer.weight.value += np.sign(layer.weight.value) * 0.1
            if layer.bias is not None:
                layer.bias.value[...] = rng.uniform(0.1, 0.3, layer.bias.value.shape)
    errors = gradcheck(
        model, LOSSES[loss_name](), X, _targets(rng, loss_name, n_samples, n_outputs)
    )
    assert max(errors.values()) < 1e-6, errors


def test_book_preset_network_gradients():
    preset = PRESETS["book"]
    rng = np.random.default_rng(0)
    model = mlp(
        [6, *preset.hidden, 4],
        activation=preset.activation,
        output=preset.output_activation,
        bias=preset.bias,
        rng=rng,
    )
    X, Y = rng.random((3, 6)), rng.random((3, 4))
    assert max(gradcheck(model, SquaredError(), X, Y).values()) < 1e-7


def test_fused_and_unfused_gradients_agree(rng):
    """backward_loss with a fused pair gives the same gradients as the plain chain rule."""
    for output, loss in ((Sigmoid, BinaryCrossEntropy()), (None, CrossEntropy())):
        model = mlp([4, 5, 3], output="sigmoid" if output else "softmax", rng=1)
        X = rng.normal(size=(6, 4))
        Y = np.eye(3)[rng.integers(0, 3, 6)]
        predicted = model.forward(X)
        model.backward_loss(loss, predicted, Y)
        fused = [p.grad.copy() for p in model.parameters()]
        model.forward(X)
        model.backward(loss.gradient(predicted, Y))
        for a, b in zip(fused, [p.grad for p in model.parameters()], strict=True):
            np.testing.assert_allclose(a, b, atol=1e-10)


def test_mlp_shapes_and_layers():
    model = mlp([784, 200, 10], bias=False, rng=0)
    assert [type(layer).__name__ for layer in model] == ["Dense", "Sigmoid", "Dense", "Sigmoid"]
    assert (model.n_inputs, model.n_outputs) == (784, 10)
    assert len(model.parameters()) == 2
    assert mlp([3, 4, 2], rng=0).parameters()[1].value.shape == (4,)


def test_mlp_is_seeded():
    first, second = mlp([5, 4, 3], rng=7), mlp([5, 4, 3], rng=7)
    for a, b in zip(first.parameters(), second.parameters(), strict=True):
        np.testing.assert_array_equal(a.value, b.value)


def test_predict_checks_its_input():
    model = mlp([3, 2, 2], rng=0)
    with pytest.raises(ValueError, match="X has 4 columns but the network expects 3"):
        model.predict(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="X contains NaN"):
        model.predict(np.array([[0.0, np.nan, 1.0]]))
    assert model.predict([0.1, 0.2, 0.3]).shape == (1, 2)


def test_predict_labels_for_one_and_many_outputs():
    model = Sequential([Dense(1, 1, bias=False), Sigmoid()])
    model.dense_layers[0].weight.value[...] = 1.0
    np.testing.assert_array_equal(model.predict_labels([[-3.0], [3.0]]), [0, 1])
    model = Sequential([Dense(2, 2, bias=False), ReLU()])
    model.dense_layers[0].weight.value[...] = np.eye(2)
    np.testing.assert_array_equal(model.predict_labels([[1.0, 0.0], [0.0, 2.0]]), [0, 1])


def test_mlp_rejects_bad_sizes():
    with pytest.raises(ValueError, match="two positive layer sizes"):
        mlp([3])
    with pytest.raises(ValueError, match="at least one layer"):
        Sequential([])
