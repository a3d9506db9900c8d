import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from glassnet import Identity, ReLU, Sigmoid, Softmax, Tanh
from glassnet.engine.activations import get_activation

finite = st.floats(-20, 20, allow_nan=False)


def numerical_jvp(layer, x, grad_output, step=1e-6):
    """d(sum(layer(x) * grad_output))/dx by central differences."""
    numeric = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        shifted = x.copy()
        shifted[index] += step
        above = np.sum(layer.forward(shifted) * grad_output)
        shifted[index] -= 2 * step
        below = np.sum(layer.forward(shifted) * grad_output)
        numeric[index] = (above - below) / (2 * step)
    return numeric


@pytest.mark.parametrize("layer_type", [Sigmoid, Identity, Tanh, Softmax, ReLU])
@given(x=arrays(np.float64, (3, 4), elements=finite), seed=st.integers(0, 1000))
def test_backward_matches_numerical(layer_type, x, seed):
    layer = layer_type()
    if layer_type is ReLU:
        x = np.where(np.abs(x) < 1e-3, 0.5, x)  # the kink at 0 has no derivative
    grad_output = np.random.default_rng(seed).normal(size=x.shape)
    layer.forward(x)
    analytic = layer.backward(grad_output)
    np.testing.assert_allclose(analytic, numerical_jvp(layer, x, grad_output), atol=1e-6)


def test_sigmoid_values_from_the_deck():
    assert Sigmoid().forward(np.array([0.6]))[0] == pytest.approx(0.6457, abs=5e-5)
    assert Sigmoid().forward(np.array([0.0]))[0] == 0.5


def test_sigmoid_is_stable_for_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = Sigmoid().forward(np.array([-1000.0, -40.0, 40.0, 1000.0]))
    assert values[0] == 0.0
    assert values[-1] == 1.0
    assert np.all(np.isfinite(values))


def test_softmax_is_stable_and_sums_to_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        probabilities = Softmax().forward(np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0)
    assert probabilities[0, 0] == 1.0


@given(y=arrays(np.float64, (5,), elements=st.floats(0.01, 0.99)))
def test_inverse_functions_undo_the_activation(y):
    np.testing.assert_allclose(Sigmoid().forward(Sigmoid.inverse(y)), y, rtol=1e-12)
    np.testing.assert_allclose(Tanh().forward(Tanh.inverse(y)), y, rtol=1e-12)


def test_relu_and_tanh_values():
    np.testing.assert_array_equal(ReLU().forward(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(Tanh().forward(np.array([0.5])), np.tanh(0.5))


def test_activation_by_name():
    assert isinstance(get_activation("relu"), ReLU)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        get_activation("swish")


def test_backward_before_forward_is_an_error():
    with pytest.raises(RuntimeError, match="before forward"):
        Sigmoid().backward(np.ones(3))


def test_float32_sigmoid_matches_expit_without_warnings():
    """The float32 path (vectorised exp) is as accurate as expit, and quiet at the extremes."""
    x = np.concatenate([np.linspace(-120, 120, 4001), [-1000.0, -89.0, 89.0, 1000.0]])
    exact = Sigmoid().forward(x)  # float64, scipy's expit
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fast = Sigmoid().forward(x.astype(np.float32))
    assert fast.dtype == np.float32
    np.testing.assert_allclose(fast, exact, rtol=0, atol=1e-7)
    assert fast[-4] == 0.0
    assert fast[-1] == 1.0
    layer = Sigmoid()
    z = np.array([[0.5, -2.0]], dtype=np.float32)
    layer.forward(z)
    s = 1 / (1 + np.exp(-z.astype(np.float64)))
    np.testing.assert_allclose(layer.backward(np.ones_like(z)), s * (1 - s), rtol=1e-6)
