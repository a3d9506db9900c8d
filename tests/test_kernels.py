"""The fast book kernels against a plain copy of the book's code: the same numbers."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from glassnet import Callback, kernels
from glassnet.book import CHUNK, NeuralNetwork
from glassnet.data import BookScaling, load_mnist, one_hot, scale_inputs
from glassnet.kernels import KERNEL_ENV, resolve_kernel
from tests.test_book import PlainBookNetwork

FAST_KERNELS = ["numpy", "numba"]


def _plain_run(network, inputs, targets, epochs=1):
    """The plain book code from ``network``'s current weights."""
    plain = PlainBookNetwork(network.wih, network.who, network.lr)
    for _ in range(epochs):
        for x, t in zip(inputs, targets, strict=True):
            plain.train(x, t)
    return plain


def _difference(network, plain):
    return max(np.max(np.abs(network.wih - plain.wih)), np.max(np.abs(network.who - plain.who)))


@pytest.mark.parametrize("kernel", FAST_KERNELS)
@given(
    n_samples=st.integers(1, 70),
    n_inputs=st.integers(1, 12),
    n_hidden=st.integers(1, 9),
    n_outputs=st.integers(1, 4),
    background=st.floats(0.0, 0.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_fast_kernels_match_the_plain_book_code(
    kernel, n_samples, n_inputs, n_hidden, n_outputs, background, seed
):
    """Any sizes, any share of background inputs, blocks cut anywhere: the book's numbers."""
    rng = np.random.default_rng(seed)
    inputs = rng.uniform(0.01, 1.0, size=(n_samples, n_inputs))
    inputs[rng.random(inputs.shape) < 0.7] = background  # mostly background, as in MNIST
    targets = rng.uniform(0.01, 0.99, size=(n_samples, n_outputs))
    network = NeuralNetwork(n_inputs, n_hidden, n_outputs, 0.3, rng=rng)
    plain = _plain_run(network, inputs, targets, epochs=2)
    network.fit(inputs, targets, epochs=2, kernel=kernel)
    assert _difference(network, plain) <= 1e-12


@pytest.mark.parametrize("kernel", FAST_KERNELS)
def test_fast_kernels_across_chunks_and_folds(kernel):
    """More samples than a chunk (2.5 chunks), so every boundary and fold is crossed."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, size=(int(2.5 * CHUNK), 20), dtype=np.uint8)
    pixels[rng.random(pixels.shape) < 0.8] = 0
    inputs = scale_inputs(pixels)
    targets = one_hot(rng.integers(0, 4, len(pixels)), 4)
    network = NeuralNetwork(20, 7, 4, 0.2, rng=1)
    plain = _plain_run(network, inputs, targets)
    history = network.fit(pixels, targets, transform=BookScaling(), kernel=kernel)
    assert _difference(network, plain) <= 1e-12
    reference = NeuralNetwork(20, 7, 4, 0.2, rng=1).fit(inputs, targets, kernel="plain")
    assert history.records[0].loss == pytest.approx(reference.records[0].loss, rel=1e-12)
    assert history.records[0].train_accuracy == reference.records[0].train_accuracy


@pytest.mark.parametrize("kernel", [*FAST_KERNELS, "plain"])
def test_raw_pixels_with_a_transform_equal_prescaled_inputs(kernel):
    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, size=(90, 16), dtype=np.uint8)
    targets = one_hot(rng.integers(0, 3, 90), 3)
    raw, scaled = NeuralNetwork(16, 5, 3, 0.1, rng=2), NeuralNetwork(16, 5, 3, 0.1, rng=2)
    raw.fit(pixels, targets, transform=BookScaling(), kernel=kernel)
    scaled.fit(scale_inputs(pixels), targets, kernel=kernel)
    np.testing.assert_array_equal(raw.wih, scaled.wih)
    np.testing.assert_array_equal(raw.who, scaled.who)


@pytest.mark.parametrize("kernel", FAST_KERNELS)
def test_callbacks_hear_every_sample_in_order(kernel):
    class Recorder(Callback):
        def __init__(self):
            self.batches, self.starts, self.records = [], [], []

        def on_epoch_start(self, epoch, n_batches):
            self.starts.append((epoch, n_batches))

        def on_batch_end(self, epoch, batch, loss, accuracy):
            self.batches.append((epoch, batch, loss, accuracy))

        def on_epoch_end(self, record):
            self.records.append(record)

    rng = np.random.default_rng(5)
    inputs = rng.uniform(0.01, 1.0, size=(CHUNK + 37, 6))
    targets = one_hot(rng.integers(0, 3, len(inputs)), 3)
    fast, layers = Recorder(), Recorder()
    NeuralNetwork(6, 4, 3, 0.1, rng=0).fit(inputs, targets, callbacks=[fast], kernel=kernel)
    NeuralNetwork(6, 4, 3, 0.1, rng=0).fit(inputs, targets, callbacks=[layers], kernel="plain")
    assert fast.starts == [(1, len(inputs))]
    assert [b[:2] for b in fast.batches] == [(1, i) for i in range(1, len(inputs) + 1)]
    np.testing.assert_allclose(
        [b[2:] for b in fast.batches], [b[2:] for b in layers.batches], rtol=1e-12
    )
    assert len(fast.records) == 1
    assert fast.records[0].loss == pytest.approx(layers.records[0].loss, rel=1e-12)


def test_weights_stay_the_engines_arrays():
    network = NeuralNetwork(5, 3, 2, 0.1, rng=0)
    wih, who = network.wih, network.who
    network.fit(np.full((40, 5), 0.5), one_hot(np.arange(40) % 2, 2), kernel="numba")
    assert network.wih is wih
    assert network.who is who
    assert network.hidden_layer.weight.value is wih


def test_kernel_choice(monkeypatch):
    monkeypatch.delenv(KERNEL_ENV, raising=False)
    assert resolve_kernel("auto") == "numba"  # numba is in the test extra
    assert resolve_kernel("numpy") == "numpy"
    monkeypatch.setenv(KERNEL_ENV, "numpy")
    assert resolve_kernel("auto") == "numpy"
    assert resolve_kernel("numba") == "numba"  # an explicit choice wins over the variable
    monkeypatch.setenv(KERNEL_ENV, "fortran")
    with pytest.raises(ValueError, match="unknown kernel 'fortran'; choose one of: auto"):
        resolve_kernel("auto")
    monkeypatch.delenv(KERNEL_ENV)
    monkeypatch.setattr(kernels, "numba_available", lambda: False)
    assert resolve_kernel("auto") == "numpy"
    with pytest.raises(ValueError, match=r"needs numba: pip install 'glassnet\[fast\]'"):
        resolve_kernel("numba")
    with pytest.raises(ValueError, match="unknown kernel 'gpu'"):
        NeuralNetwork(2, 2, 2, 0.1).fit(np.ones((2, 2)), np.ones((2, 2)), kernel="gpu")


def test_bad_fit_input_is_named():
    network = NeuralNetwork(4, 3, 2, 0.1, rng=0)
    pixels = np.zeros((5, 4), dtype=np.uint8)
    with pytest.raises(ValueError, match=r"inputs must have shape \(n_samples, 4\)"):
        network.fit(np.zeros((5, 3), dtype=np.uint8), np.ones((5, 2)), transform=BookScaling())
    with pytest.raises(ValueError, match="inputs have 5 samples but targets have 4"):
        network.fit(pixels, np.ones((4, 2)), transform=BookScaling())
    with pytest.raises(ValueError, match="validation inputs and labels have different numbers"):
        network.fit(pixels, np.ones((5, 2)), validation=(pixels, [0, 1]), transform=BookScaling())


@pytest.mark.data
@pytest.mark.parametrize("kernel", FAST_KERNELS)
def test_fast_kernels_match_the_book_after_1000_mnist_samples(mnist_dir, kernel):
    mnist = load_mnist(mnist_dir, download=False)
    pixels, targets = mnist.X_train[:1000], one_hot(mnist.y_train[:1000], 10)
    network = NeuralNetwork(784, 200, 10, 0.1, rng=0)
    plain = _plain_run(network, scale_inputs(pixels), targets)
    network.fit(pixels, targets, transform=BookScaling(), kernel=kernel)
    assert _difference(network, plain) <= 1e-12


@pytest.mark.slow
@pytest.mark.data
def test_fast_kernels_match_the_book_after_a_full_mnist_epoch(mnist_dir):
    """The issue's bar: weights within 1e-9 of the plain book code after 60,000 samples."""
    mnist = load_mnist(mnist_dir, download=False)
    targets = one_hot(mnist.y_train, 10)
    start = NeuralNetwork(784, 200, 10, 0.1, rng=0)
    plain = PlainBookNetwork(start.wih, start.who, 0.1)
    for pixels, t in zip(mnist.X_train, targets, strict=True):
        plain.train(scale_inputs(pixels), t)
    for kernel in FAST_KERNELS:
        network = NeuralNetwork(784, 200, 10, 0.1, rng=0)
        network.fit(mnist.X_train, targets, transform=BookScaling(), kernel=kernel)
        assert _difference(network, plain) <= 1e-9, kernel
