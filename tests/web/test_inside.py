import base64

import numpy as np
import pytest

from glassnet.engine.network import mlp
from glassnet.web.inside import activations, layer_pairs, quantise


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
