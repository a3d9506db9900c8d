import numpy as np
import pytest

from glassnet.data import BookScaling, Standardizer, load_dataset, load_mnist, one_hot, scale_inputs


def test_book_input_scaling():
    np.testing.assert_allclose(
        scale_inputs(np.array([0, 255, 128])), [0.01, 1.0, 128 / 255 * 0.99 + 0.01]
    )
    assert scale_inputs(np.array([16]), 16.0)[0] == pytest.approx(1.0)
    assert scale_inputs(np.array([3], dtype=np.uint8), dtype=np.float32).dtype == np.float32


def test_one_hot_book_targets():
    targets = one_hot([5, 0], 10)
    assert targets[0, 5] == 0.99
    assert targets[0, 0] == 0.01
    assert targets.sum(axis=1)[0] == pytest.approx(1.08)
    np.testing.assert_array_equal(one_hot([1], 3, off=0, on=1), [[0, 1, 0]])
    with pytest.raises(ValueError, match=r"label 10 is out of range 0\.\.9"):
        one_hot([10], 10)
    with pytest.raises(ValueError, match="label -1 is out of range"):
        one_hot([-1], 10)


def test_standardizer_fits_training_columns():
    X = np.array([[1.0, 5.0], [3.0, 5.0]])
    scaler = Standardizer.fit(X)
    np.testing.assert_allclose(scaler(X), [[-1.0, 0.0], [1.0, 0.0]])
    assert scaler.to_dict()["kind"] == "standardize"


def test_bundled_digits_and_iris():
    digits = load_dataset("digits")
    assert (digits.n_features, digits.n_classes, len(digits.X_train), len(digits.X_test)) == (
        64,
        10,
        1347,
        450,
    )
    assert digits.X_train.dtype == np.uint8
    assert digits.X_train.max() <= 16
    assert isinstance(digits.preprocessing, BookScaling)
    assert digits.image_shape == (8, 8)
    iris = load_dataset("iris")
    assert (iris.n_features, iris.n_classes, len(iris.X_test)) == (4, 3, 45)
    assert abs(iris.preprocessing(iris.X_train).mean()) < 1e-12


def test_unknown_dataset_is_named():
    with pytest.raises(
        ValueError, match="unknown dataset 'cifar'; choose one of: digits, iris, mnist"
    ):
        load_dataset("cifar")


@pytest.mark.data
def test_real_mnist(mnist_dir):
    mnist = load_mnist(mnist_dir, download=False)
    assert mnist.X_train.shape == (60000, 784)
    assert mnist.X_test.shape == (10000, 784)
    assert mnist.X_train.dtype == np.uint8
    assert np.bincount(mnist.y_train).tolist()[:3] == [5923, 6742, 5958]
    assert mnist.y_train[:5].tolist() == [5, 0, 4, 1, 9]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_book_scaling_of_every_pixel_value(dtype):
    """In place, in the requested dtype, the input untouched: (x / 255 · 0.99) + 0.01."""
    pixels = np.arange(256, dtype=np.uint8).reshape(16, 16)
    kept = pixels.copy()
    scaled = scale_inputs(pixels, dtype=dtype)
    expected = (pixels.astype(dtype) / dtype(255.0) * dtype(0.99)) + dtype(0.01)
    assert scaled.dtype == dtype
    np.testing.assert_array_equal(scaled, expected)
    np.testing.assert_array_equal(pixels, kept)
    floats = np.array([0.0, 255.0])
    assert scale_inputs(floats)[1] == 1.0
    assert floats[1] == 255.0  # float input is copied, not scaled in place
