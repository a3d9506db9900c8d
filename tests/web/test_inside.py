import base64

import numpy as np
import pytest

from glassnet.book import NeuralNetwork
from glassnet.network import mlp
from glassnet.web.inside import activations, backquery, label_targets, layer_pairs, quantise


def test_backquery_is_the_book_s_for_the_book_s_network():
    network = NeuralNetwork(64, 30, 10, 0.1, rng=3)
    targets = label_targets(10)
    ours = backquery(network.network, targets)
    for label in range(10):
        assert np.allclose(ours[label], network.backquery(targets[label]).ravel(), atol=1e-12)


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


def test_backquery_through_tanh_and_softmax_stays_finite():
    network = mlp([6, 5, 3], activation="tanh", output="softmax", rng=1)
    images = backquery(network, label_targets(3))
    assert images.shape == (3, 6)
    assert np.all(np.isfinite(images))
    assert images.min() == pytest.approx(0.01) and images.max() == pytest.approx(0.99)


def test_backquery_refuses_relu_with_a_reason():
    with pytest.raises(ValueError, match="ReLU"):
        backquery(mlp([4, 3, 2], activation="relu", rng=0), label_targets(2))


def test_activations_are_each_layer_s_outputs():
    network = mlp([3, 4, 2], rng=0)
    x = np.array([[0.1, 0.5, 0.9]])
    hidden, outputs = activations(network, x)
    assert hidden.shape == (1, 4)
    assert np.allclose(outputs, network.predict(x))


def test_layer_pairs_refuses_networks_it_cannot_draw():
    network = mlp([3, 4, 2], rng=0)
    network.layers = network.layers[:-1]
    with pytest.raises(ValueError, match="Dense layers each followed"):
        layer_pairs(network)


def test_quantise_maps_the_range_onto_bytes():
    data = quantise(np.array([-1.0, 0.0, 1.0, 5.0]), -1.0, 1.0)
    assert list(data) == [0, 128, 255, 255]
    assert base64.b64encode(quantise(np.zeros(3), 0.0, 0.0)) == b"AAAA"
