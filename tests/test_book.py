"""The book's class: its interface, and its numbers against a plain copy of the book's code."""

import numpy
import numpy as np
import pytest
import scipy.special

from glassnet.book import NeuralNetwork, neuralNetwork
from glassnet.data import load_mnist, one_hot, scale_inputs


class PlainBookNetwork:
    """The book's ``neuralNetwork.train`` and ``query``, written out as the book has them."""

    def __init__(self, wih, who, learningrate):
        self.wih, self.who, self.lr = wih.copy(), who.copy(), learningrate
        self.activation_function = scipy.special.expit

    def train(self, inputs_list, targets_list):
        inputs = numpy.array(inputs_list, ndmin=2).T
        targets = numpy.array(targets_list, ndmin=2).T
        hidden_outputs = self.activation_function(numpy.dot(self.wih, inputs))
        final_outputs = self.activation_function(numpy.dot(self.who, hidden_outputs))
        output_errors = targets - final_outputs
        hidden_errors = numpy.dot(self.who.T, output_errors)
        self.who += self.lr * numpy.dot(
            (output_errors * final_outputs * (1.0 - final_outputs)), numpy.transpose(hidden_outputs)
        )
        self.wih += self.lr * numpy.dot(
            (hidden_errors * hidden_outputs * (1.0 - hidden_outputs)), numpy.transpose(inputs)
        )

    def query(self, inputs_list):
        inputs = numpy.array(inputs_list, ndmin=2).T
        return self.activation_function(
            numpy.dot(self.who, self.activation_function(numpy.dot(self.wih, inputs)))
        )


def _compare(inputs, targets, hidden=20, learning_rate=0.1, seed=3):
    network = NeuralNetwork(inputs.shape[1], hidden, targets.shape[1], learning_rate, rng=seed)
    plain = PlainBookNetwork(network.wih, network.who, learning_rate)
    for x, t in zip(inputs, targets, strict=True):
        network.train(x, t)
        plain.train(x, t)
    return network, plain


def test_matches_plain_book_code_on_synthetic_data():
    rng = np.random.default_rng(0)
    inputs = rng.uniform(0.01, 1.0, size=(300, 30))
    targets = one_hot(rng.integers(0, 5, 300), 5)
    network, plain = _compare(inputs, targets, learning_rate=0.3)
    np.testing.assert_allclose(network.wih, plain.wih, rtol=0, atol=1e-12)
    np.testing.assert_allclose(network.who, plain.who, rtol=0, atol=1e-12)
    np.testing.assert_allclose(network.query(inputs[0]), plain.query(inputs[0]), rtol=0, atol=1e-12)


@pytest.mark.data
def test_matches_plain_book_code_after_1000_mnist_samples(mnist_dir):
    mnist = load_mnist(mnist_dir, download=False)
    inputs = scale_inputs(mnist.X_train[:1000])
    targets = one_hot(mnist.y_train[:1000], 10)
    network, plain = _compare(inputs, targets, hidden=200, learning_rate=0.1)
    assert np.max(np.abs(network.wih - plain.wih)) <= 1e-12
    assert np.max(np.abs(network.who - plain.who)) <= 1e-12


@pytest.mark.parametrize("kernel", ["plain", "numpy", "numba"])
def test_fit_is_the_book_loop(kernel):
    """fit = train() on every sample in order; the layers kernel bit for bit, the fast ones to rounding."""
    rng = np.random.default_rng(1)
    inputs = rng.uniform(0.01, 1.0, size=(50, 8))
    targets = one_hot(rng.integers(0, 3, 50), 3)
    fitted = NeuralNetwork(8, 6, 3, 0.2, rng=4)
    looped = NeuralNetwork(8, 6, 3, 0.2, rng=4)
    history = fitted.fit(
        inputs, targets, epochs=2, validation=(inputs, targets.argmax(axis=1)), kernel=kernel
    )
    for _ in range(2):
        for x, t in zip(inputs, targets, strict=True):
            looped.train(x, t)
    if kernel == "plain":
        np.testing.assert_array_equal(fitted.wih, looped.wih)
        np.testing.assert_array_equal(fitted.who, looped.who)
    else:
        np.testing.assert_allclose(fitted.wih, looped.wih, rtol=0, atol=1e-13)
        np.testing.assert_allclose(fitted.who, looped.who, rtol=0, atol=1e-13)
    assert len(history.records) == 2
    assert history.records[-1].validation_accuracy is not None


def test_book_attributes_are_live_views():
    n = neuralNetwork(3, 3, 3, 0.3, rng=0)
    assert (n.inodes, n.hnodes, n.onodes, n.lr) == (3, 3, 3, 0.3)
    assert n.wih.shape == (3, 3)
    assert n.who.shape == (3, 3)
    view = n.wih
    n.train([1.0, 0.5, -1.5], [0.01, 0.99, 0.01])
    assert view is n.wih  # the engine updated the same array in place
    n.wih = np.zeros((3, 3))
    np.testing.assert_array_equal(n.hidden_layer.weight.value, 0.0)
    n.lr = 0.05
    assert n.optimizer.learning_rate == 0.05
    with pytest.raises(ValueError, match="wih must have shape"):
        n.wih = np.zeros((2, 3))


def test_notebook_code_runs_as_written():
    """The book's notebook loop, with NumPy 2's spelling of asfarray."""
    input_nodes, hidden_nodes, output_nodes, learning_rate = 4, 5, 3, 0.3
    n = neuralNetwork(input_nodes, hidden_nodes, output_nodes, learning_rate, rng=0)
    plain = PlainBookNetwork(n.wih, n.who, learning_rate)  # the same starting weights
    training_data_list = ["0,255,0,0,12", "2,0,0,255,128", "1,0,255,3,0"]
    for _epoch in range(300):
        for record in training_data_list:
            all_values = record.split(",")
            inputs = (numpy.asarray(all_values[1:], dtype=float) / 255.0 * 0.99) + 0.01
            targets = numpy.zeros(output_nodes) + 0.01
            targets[int(all_values[0])] = 0.99
            n.train(inputs, targets)
            plain.train(inputs, targets)
    for record in training_data_list:
        all_values = record.split(",")
        inputs = (numpy.asarray(all_values[1:], dtype=float) / 255.0 * 0.99) + 0.01
        outputs = n.query(inputs)
        assert outputs.shape == (3, 1)
        # The book's numbers, and the network has learnt each record's label (margin: the
        # right output leads the next by 0.78 or more, seeds 0-9).
        np.testing.assert_allclose(outputs, plain.query(inputs), rtol=0, atol=1e-12)
        assert numpy.argmax(outputs) == int(all_values[0])
    image = n.backquery(targets)
    assert image.shape == (4, 1)
    assert image.min() == pytest.approx(0.01)
    assert image.max() == pytest.approx(0.99)


def test_backquery_is_the_books_formula():
    n = NeuralNetwork(6, 4, 3, 0.1, rng=2)
    targets = [0.01, 0.99, 0.01]
    final_inputs = scipy.special.logit(np.array(targets, ndmin=2).T)
    hidden = n.who.T @ final_inputs
    hidden = (hidden - hidden.min()) / (hidden - hidden.min()).max() * 0.98 + 0.01
    inputs = n.wih.T @ scipy.special.logit(hidden)
    inputs = (inputs - inputs.min()) / (inputs - inputs.min()).max() * 0.98 + 0.01
    np.testing.assert_allclose(n.backquery(targets), inputs, rtol=1e-12)


def test_bad_samples_are_named():
    n = NeuralNetwork(3, 2, 2, 0.1, rng=0)
    with pytest.raises(ValueError, match="inputs must have 3 values, got 2"):
        n.train([0.1, 0.2], [0.01, 0.99])
    with pytest.raises(ValueError, match="targets contains NaN"):
        n.train([0.1, 0.2, 0.3], [np.nan, 0.99])
    with pytest.raises(ValueError, match="inputs must be numbers"):
        n.query(["a", "b", "c"])
    with pytest.raises(ValueError, match="learning rate must be a positive number"):
        NeuralNetwork(3, 2, 2, 0.0)
    with pytest.raises(ValueError, match="epochs must be a whole number"):
        n.fit(np.ones((2, 3)), np.ones((2, 2)), epochs=0)
