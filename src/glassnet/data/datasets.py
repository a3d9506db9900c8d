"""The loaders behind ``load_dataset(name)``, and the two datasets bundled with scikit-learn."""

import os

import numpy as np

from glassnet.data.dataset import Dataset, split
from glassnet.data.local import load_gestures, load_students
from glassnet.data.mnist import load_fashion_mnist, load_mnist
from glassnet.data.preprocessing import BookScaling, Standardizer


def load_digits() -> Dataset:
    """scikit-learn's bundled 8x8 handwritten digits (1,797 images, values 0–16), 75/25 split.

    Works offline; the split is fixed (stratified, seed 0).

    Returns
    -------
    Dataset
        uint8 pixels (n, 64), labels 0–9, ``BookScaling(16)`` preprocessing,
        ``image_shape=(8, 8)``.

    Examples
    --------
    >>> from glassnet.data import load_digits
    >>> digits = load_digits()
    >>> digits.X_train.shape, digits.X_test.shape, digits.n_classes
    ((1347, 64), (450, 64), 10)
    """
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    X = bunch.data.astype(np.uint8)
    y = bunch.target.astype(np.int64)
    X_train, X_test, y_train, y_test = split(X, y, 0.25)
    return Dataset(
        "digits",
        X_train,
        y_train,
        X_test,
        y_test,
        [str(d) for d in range(10)],
        BookScaling(16.0),
        image_shape=(8, 8),
        description="scikit-learn's 8x8 digits (UCI), bundled, offline",
    )


def load_iris() -> Dataset:
    """Fisher's iris (150 flowers, 4 measurements, 3 species), 70/30 split, standardised.

    Works offline; the split is fixed (stratified, seed 0), and the ``Standardizer``'s
    means and deviations come from the training split.

    Returns
    -------
    Dataset
        float measurements (n, 4), labels 0–2 with the species' names.
    """
    from sklearn.datasets import load_iris as sklearn_iris

    bunch = sklearn_iris()
    X_train, X_test, y_train, y_test = split(bunch.data, bunch.target.astype(np.int64), 0.3)
    return Dataset(
        "iris",
        X_train,
        y_train,
        X_test,
        y_test,
        list(bunch.target_names),
        Standardizer.fit(X_train),
        description="Fisher's iris, bundled with scikit-learn, offline",
    )


def load_dataset(
    name: str, data_dir: str | os.PathLike[str] | None = None, *, download: bool = True
) -> Dataset:
    """A dataset by name: ``digits``, ``iris`` (bundled), ``mnist``, ``fashion-mnist`` (files,
    downloaded if missing), ``students``, ``gestures`` (local files only).

    Parameters
    ----------
    name : str
        One of ``DATASETS``.
    data_dir : str or os.PathLike or None
        A folder holding the files (in ``<name>/`` or directly); by default
        ``GLASSNET_DATA``, then the user cache.
    download : bool
        Whether MNIST-style files missing everywhere may be downloaded.

    Returns
    -------
    Dataset

    Raises
    ------
    ValueError
        For an unknown name (listing the known ones), or a missing or damaged file.
    FileNotFoundError
        When the students' or gestures' CSV files are not there (they are never downloaded).

    Examples
    --------
    >>> from glassnet.data import load_dataset
    >>> iris = load_dataset("iris")
    >>> iris.X_train.shape, iris.n_classes
    ((105, 4), 3)
    """
    if name == "digits":
        return load_digits()
    if name == "iris":
        return load_iris()
    if name == "mnist":
        return load_mnist(data_dir, download=download)
    if name == "fashion-mnist":
        return load_fashion_mnist(data_dir, download=download)
    if name == "students":
        return load_students(data_dir)
    if name == "gestures":
        return load_gestures(data_dir)
    raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")


DATASETS = ("digits", "iris", "mnist", "fashion-mnist", "students", "gestures")
"""The names ``load_dataset`` accepts (and ``glassnet train DATASET``)."""
