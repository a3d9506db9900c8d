"""MNIST and Fashion-MNIST: four IDX files each, found locally or downloaded and checked."""

import os

import numpy as np
import numpy.typing as npt

from glassnet._checks import check_labels
from glassnet.data.dataset import Dataset
from glassnet.data.idx import read_idx
from glassnet.data.preprocessing import BookScaling
from glassnet.data.sources import RemoteFile, find_or_download
from glassnet.errors import GlassnetError

_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)

MNIST_MD5 = dict(
    zip(
        _FILES,
        (
            "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            "d53e105ee54ea40749a09fcbcd1e9432",
            "9fb629c4189551a2d022fa330f9573f3",
            "ec29112dd5afa0611ce80d1b7f02629c",
        ),
        strict=True,
    )
)
FASHION_MD5 = dict(
    zip(
        _FILES,
        (
            "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "25c81989df183df01b3e8a0aad5dffbe",
            "bef4ecab320f06d8554ea6380940ec79",
            "bb300cfdad3c16e7a12a480ee83cd310",
        ),
        strict=True,
    )
)
MNIST_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
FASHION_MIRRORS = (
    "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
)
IMAGE_SHAPE = (28, 28)
FASHION_CLASSES = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]


def load_mnist(data_dir: str | os.PathLike[str] | None = None, *, download: bool = True) -> Dataset:
    """LeCun, Cortes & Burges' MNIST: 60,000 training and 10,000 test digits, 28x28 uint8.

    The four IDX files are looked up in ``data_dir``, ``GLASSNET_DATA`` and the user cache,
    in that order; one found nowhere is downloaded into the cache (from ``GLASSNET_MIRROR``
    when set), checked against its published MD5 checksum, and renamed into place only
    when complete.

    Parameters
    ----------
    data_dir : str or os.PathLike or None
        A folder holding the files (in ``mnist/`` or directly); by default
        ``GLASSNET_DATA``, then the user cache.
    download : bool
        False raises instead of downloading a missing file.

    Returns
    -------
    Dataset
        uint8 pixels (n, 784), labels 0–9, ``BookScaling()`` preprocessing (the book's
        0.01–1.0), ``image_shape=(28, 28)``.

    Raises
    ------
    ValueError
        When a file is missing and cannot be downloaded (the message says which file to
        put where), or is damaged (bad checksum, not an IDX file, wrong shape).
    """
    return _load_idx_set(
        "mnist", MNIST_MD5, MNIST_MIRRORS, [str(d) for d in range(10)], data_dir, download
    )


def load_fashion_mnist(
    data_dir: str | os.PathLike[str] | None = None, *, download: bool = True
) -> Dataset:
    """Zalando's Fashion-MNIST: MNIST's format and sizes, ten kinds of clothing.

    The four IDX files are looked up in ``data_dir``, ``GLASSNET_DATA`` and the user cache,
    in that order; one found nowhere is downloaded into the cache (from ``GLASSNET_MIRROR``
    when set), checked against its published MD5 checksum, and renamed into place only
    when complete.

    Parameters
    ----------
    data_dir : str or os.PathLike or None
        A folder holding the files (in ``fashion-mnist/`` or directly); by default
        ``GLASSNET_DATA``, then the user cache.
    download : bool
        False raises instead of downloading a missing file.

    Returns
    -------
    Dataset
        uint8 pixels (n, 784), labels 0–9 named after the clothes, ``BookScaling()`` preprocessing (the book's
        0.01–1.0), ``image_shape=(28, 28)``.

    Raises
    ------
    ValueError
        When a file is missing and cannot be downloaded (the message says which file to
        put where), or is damaged (bad checksum, not an IDX file, wrong shape).
    """
    return _load_idx_set(
        "fashion-mnist", FASHION_MD5, FASHION_MIRRORS, FASHION_CLASSES, data_dir, download
    )


def _load_idx_set(
    name: str,
    checksums: dict[str, str],
    mirrors: tuple[str, ...],
    class_names: list[str],
    data_dir: str | os.PathLike[str] | None,
    download: bool,
) -> Dataset:
    arrays = []
    for filename, md5 in checksums.items():
        path = find_or_download(
            RemoteFile(name, filename, md5, mirrors), data_dir, download=download
        )
        arrays.append((path, read_idx(path)))
    (
        (train_images_path, train_images),
        (_, train_labels),
        (test_images_path, test_images),
        (_, test_labels),
    ) = arrays
    X_train = _images(train_images, str(train_images_path))
    X_test = _images(test_images, str(test_images_path))
    y_train = _labels(train_labels, len(X_train), len(class_names), str(arrays[1][0]))
    y_test = _labels(test_labels, len(X_test), len(class_names), str(arrays[3][0]))
    return Dataset(
        name,
        X_train,
        y_train,
        X_test,
        y_test,
        class_names,
        BookScaling(255.0),
        image_shape=IMAGE_SHAPE,
        description=f"{name} from {train_images_path.parent}",
    )


def _images(array: npt.NDArray[np.generic], where: str) -> npt.NDArray[np.uint8]:
    if array.ndim != 3 or array.dtype != np.uint8 or array.shape[1:] != IMAGE_SHAPE:
        raise GlassnetError(
            f"{where}: expected uint8 images of {IMAGE_SHAPE[0]}x{IMAGE_SHAPE[1]} pixels "
            f"(n, 28, 28), got {array.dtype} {array.shape}"
        )
    if len(array) == 0:
        raise GlassnetError(f"{where}: the file holds no images")
    return array.reshape(len(array), -1)  # type: ignore[return-value]


def _labels(
    array: npt.NDArray[np.generic], n_images: int, n_classes: int, where: str
) -> npt.NDArray[np.int64]:
    if array.ndim != 1 or len(array) != n_images:
        raise GlassnetError(f"{where}: expected {n_images} labels, got shape {array.shape}")
    try:
        return check_labels(array, n_classes)
    except (TypeError, ValueError) as error:
        raise GlassnetError(f"{where}: {error}") from None
