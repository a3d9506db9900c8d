import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from glassnet import mlp
from glassnet.book import NeuralNetwork
from glassnet.inside import (
    backquery,
    confidence,
    hidden_weights,
    label_targets,
    most_confident_mistakes,
    rescale,
)


def _trained_book_network():
    rng = np.random.default_rng(1)
    inputs = rng.uniform(0.01, 1.0, (300, 25))
    targets = np.full((300, 4), 0.01)
    targets[np.arange(300), np.arange(300) % 4] = 0.99
    network = NeuralNetwork(25, 12, 4, 0.2, rng=0)
    network.fit(inputs, targets, epochs=2)
    return network


def test_backquery_is_the_books_backquery():
    book = _trained_book_network()
    ours = backquery(book.network, label_targets(4))
    for label in range(4):
        expected = book.backquery(label_targets(4)[label]).ravel()
        np.testing.assert_allclose(ours[label], expected, rtol=0, atol=1e-12)


def test_label_targets_are_the_books():
    targets = label_targets(3)
    assert targets.tolist() == [[0.99, 0.01, 0.01], [0.01, 0.99, 0.01], [0.01, 0.01, 0.99]]


@pytest.mark.parametrize(
    ("activation", "output"), [("sigmoid", "softmax"), ("tanh", "sigmoid"), ("identity", "sigmoid")]
)
def test_backquery_of_other_invertible_networks(activation, output):
    model = mlp([16, 9, 7, 3], activation=activation, output=output, rng=2)
    images = backquery(model, label_targets(3))
    assert images.shape == (3, 16)
    assert np.all(np.isfinite(images))
    assert images.min(axis=1) == pytest.approx([0.01] * 3)
    assert images.max(axis=1) == pytest.approx([0.99] * 3)


def test_backquery_refuses_relu_clearly():
    with pytest.raises(ValueError, match="cannot run a ReLU layer backwards"):
        backquery(mlp([4, 3, 2], activation="relu", rng=0), label_targets(2))


def test_backquery_checks_the_targets():
    with pytest.raises(ValueError, match="targets must have 2 values per row"):
        backquery(mlp([4, 3, 2], rng=0), [[0.5, 0.5, 0.5]])


@given(arrays(np.float64, (3, 5), elements=st.floats(-1e6, 1e6)))
def test_rescale_fills_the_range(signal):
    scaled = rescale(signal, 0.01, 0.99)
    assert np.all(scaled >= 0.01 - 1e-12)
    assert np.all(scaled <= 0.99 + 1e-12)
    for row, original in zip(scaled, signal, strict=True):
        if np.ptp(original) > 0:
            assert row.min() == pytest.approx(0.01) and row.max() == pytest.approx(0.99)
            # A linear stretch keeps the order of the values.
            assert np.all(np.diff(row[np.argsort(original, kind="stable")]) >= -1e-12)
        else:
            assert np.all(row == pytest.approx(0.5))


def test_most_confident_mistakes_come_first():
    outputs = np.array(
        [
            [0.9, 0.1, 0.0],  # says 0, is 0: right
            [0.2, 0.7, 0.1],  # says 1, is 2: wrong, 0.7
            [0.05, 0.05, 0.9],  # says 2, is 0: wrong, 0.9
            [0.4, 0.35, 0.25],  # says 0, is 1: wrong, 0.4
        ]
    )
    found = most_confident_mistakes(outputs, [0, 2, 0, 1], count=2)
    assert found.indices.tolist() == [2, 1]
    assert found.predicted.tolist() == [2, 1]
    assert found.expected.tolist() == [0, 2]
    assert found.confidence.tolist() == pytest.approx([0.9, 0.7])
    assert len(most_confident_mistakes(outputs, [0, 2, 0, 1]).indices) == 3
    assert len(most_confident_mistakes(outputs, [0, 1, 2, 0]).indices) == 0


def test_confidence_of_one_output_is_the_likelier_side():
    assert confidence([[0.1], [0.8]]).tolist() == pytest.approx([0.9, 0.8])
    with pytest.raises(ValueError, match="need one expected label per output row"):
        most_confident_mistakes([[0.2, 0.8]], [0, 1])


def test_hidden_weights_are_the_first_layer_folded_into_the_image():
    model = mlp([12, 5, 2], rng=0)
    images = hidden_weights(model, (3, 4))
    assert images.shape == (5, 3, 4)
    assert np.array_equal(images[2].ravel(), model.dense_layers[0].weight.value[2])
    images[0, 0, 0] = 99.0  # a copy: drawing never changes the network
    assert model.dense_layers[0].weight.value[0, 0] != 99.0
    assert hidden_weights(model).shape == (5, 12)
    with pytest.raises(ValueError, match="12 inputs, which is not a"):
        hidden_weights(model, (5, 5))


def test_backquery_with_biases_subtracts_them_before_going_back():
    network = mlp([4, 3, 2], rng=0)
    hidden, output = network.dense_layers
    output.bias.value[:] = [0.5, -0.25]
    hidden.bias.value[:] = [0.1, 0.2, 0.3]
    result = backquery(network, [[0.9, 0.2]])
    signal = np.log(np.array([0.9, 0.2]) / np.array([0.1, 0.8])) - output.bias.value
    signal = signal @ output.weight.value
    signal = 0.01 + (signal - signal.min()) / np.ptp(signal) * 0.98
    signal = np.log(signal / (1 - signal)) - hidden.bias.value
    signal = signal @ hidden.weight.value
    expected = 0.01 + (signal - signal.min()) / np.ptp(signal) * 0.98
    assert np.allclose(result[0], expected)
