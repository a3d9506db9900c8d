import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet import Dense, Identity, Sequential, SquaredError, gradcheck
from glassnet.engine.init import INITIALIZERS, get_initializer


@given(
    n_samples=st.integers(1, 5),
    n_inputs=st.integers(1, 6),
    n_outputs=st.integers(1, 6),
    bias=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_dense_gradients_match_numerical(n_samples, n_inputs, n_outputs, bias, seed):
    rng = np.random.default_rng(seed)
    model = Sequential([Dense(n_inputs, n_outputs, bias=bias, rng=rng), Identity()])
    X = rng.normal(size=(n_samples, n_inputs))
    Y = rng.normal(size=(n_samples, n_outputs))
    errors = gradcheck(model, SquaredError(), X, Y)
    assert max(errors.values()) < 1e-7


@given(n_samples=st.integers(1, 4), seed=st.integers(0, 2**32 - 1))
def test_dense_input_gradient_matches_numerical(n_samples, seed):
    rng = np.random.default_rng(seed)
    layer = Dense(3, 2, rng=rng)
    x = rng.normal(size=(n_samples, 3))
    grad_output = rng.normal(size=(n_samples, 2))
    layer.forward(x)
    analytic = layer.backward(grad_output)
    numeric = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        shifted = x.copy()
        shifted[index] += 1e-6
        above = np.sum(layer.forward(shifted) * grad_output)
        shifted[index] -= 2e-6
        below = np.sum(layer.forward(shifted) * grad_output)
        numeric[index] = (above - below) / 2e-6
    np.testing.assert_allclose(analytic, numeric, atol=1e-7)


def test_dense_forward_is_the_books_w_dot_i():
    layer = Dense(2, 2, bias=False)
    layer.weight.value[...] = [[0.9, 0.3], [0.2, 0.8]]  # row j: links into node j
    inputs = np.array([1.0, 0.5])
    np.testing.assert_allclose(layer.forward(inputs[None, :])[0], layer.weight.value @ inputs)
    np.testing.assert_allclose(layer.forward(inputs[None, :])[0], [1.05, 0.6])


def test_dense_backward_is_the_books_delta_w(rng):
    """With the book's error term E·S(1−S), dW is the book's outer product with Oᵀ."""
    layer = Dense(3, 2, bias=False, rng=rng)
    previous_outputs = rng.random((1, 3))  # O, a column in the book
    error_term = rng.normal(size=(1, 2))  # E·S(1−S)
    layer.forward(previous_outputs)
    layer.set_gradients(-error_term)
    learning_rate = 0.1
    book_delta = learning_rate * np.dot(error_term.T, previous_outputs)  # α·E·S(1−S)·Oᵀ
    np.testing.assert_allclose(-learning_rate * layer.weight.grad, book_delta, rtol=0, atol=0)


def test_dense_bias_gradient_sums_over_samples(rng):
    layer = Dense(2, 3, rng=rng)
    layer.forward(rng.normal(size=(4, 2)))
    grad_output = rng.normal(size=(4, 3))
    layer.backward(grad_output)
    np.testing.assert_allclose(layer.bias.grad, grad_output.sum(axis=0))


def test_dense_weights_have_the_books_shape_and_spread():
    layer = Dense(784, 200, init="book", rng=0)
    assert layer.weight.value.shape == (200, 784)
    assert layer.weight.value.std() == pytest.approx(784**-0.5, rel=0.02)


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_initializers_are_seeded_and_shaped(name):
    first = get_initializer(name)(30, 20, np.random.default_rng(3))
    second = get_initializer(name)(30, 20, np.random.default_rng(3))
    assert first.shape == (20, 30)
    np.testing.assert_array_equal(first, second)


def test_initializer_spreads():
    rng = np.random.default_rng(0)
    assert get_initializer("he")(400, 300, rng).std() == pytest.approx(np.sqrt(2 / 400), rel=0.03)
    glorot = get_initializer("glorot")(400, 300, rng)
    assert np.abs(glorot).max() <= np.sqrt(6 / 700)
    uniform = get_initializer("uniform")(400, 300, rng)
    assert uniform.min() >= -0.5
    assert uniform.max() <= 0.5


def test_unknown_initializer_is_named():
    with pytest.raises(ValueError, match="unknown initialiser 'zeros'"):
        Dense(2, 2, init="zeros")


def test_dense_rejects_empty_layers():
    with pytest.raises(ValueError, match="at least one input"):
        Dense(0, 3)


def test_float32_layer_stays_float32(rng):
    layer = Dense(4, 3, rng=rng, dtype=np.float32)
    x = rng.random((5, 4)).astype(np.float32)
    y = layer.forward(x)
    layer.backward(np.ones_like(y))
    assert y.dtype == layer.weight.grad.dtype == layer.bias.grad.dtype == np.float32
