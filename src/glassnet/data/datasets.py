"""The ``Dataset`` record and the loaders behind ``load_dataset(name)``."""

import os
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from glassnet.data.preprocessing import BookScaling, Preprocessing, Standardizer


@dataclass
class Dataset:
    """A train/test split of raw inputs and integer labels, with its default preprocessing.

    ``X_*`` keep the stored values (uint8 pixels for image sets) so large sets need no
    float copy; ``preprocessing(X)`` turns them into network inputs.
    """

    name: str
    X_train: npt.NDArray[np.generic]
    y_train: npt.NDArray[np.int64]
    X_test: npt.NDArray[np.generic]
    y_test: npt.NDArray[np.int64]
    class_names: list[str]
    preprocessing: Preprocessing
    image_shape: tuple[int, int] | None = None
    description: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def n_features(self) -> int:
        return int(self.X_train.shape[1])

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


def split(
    X: npt.NDArray[np.generic], y: npt.NDArray[np.int64], test_size: float
) -> tuple[
    npt.NDArray[np.generic], npt.NDArray[np.generic], npt.NDArray[np.int64], npt.NDArray[np.int64]
]:
    """A fixed, stratified split (seed 0), so results are comparable across runs and seeds."""
    from sklearn.model_selection import train_test_split

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, stratify=y, random_state=0
    )
    return X_train, X_test, y_train, y_test


def load_digits() -> Dataset:
    """scikit-learn's bundled 8x8 handwritten digits (1,797 images, values 0–16), 75/25 split."""
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
    """Fisher's iris (150 flowers, 4 measurements, 3 species), 70/30 split, standardised."""
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
    """A dataset by name: ``digits``, ``iris`` (bundled), ``mnist``, ``fashion-mnist``
    (files, downloaded if missing), ``students``, ``gestures`` (local files only)."""
    from glassnet.data.local import load_gestures, load_students
    from glassnet.data.mnist import load_fashion_mnist, load_mnist

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
