"""Datasets: IDX files, MNIST-style sets, bundled scikit-learn sets, and preprocessing."""

from glassnet.data.dataset import Dataset
from glassnet.data.datasets import DATASETS, load_dataset, load_digits, load_iris
from glassnet.data.idx import read_idx, write_idx
from glassnet.data.local import load_gestures, load_students
from glassnet.data.mnist import load_fashion_mnist, load_mnist
from glassnet.data.preprocessing import (
    BookScaling,
    RangeScaling,
    Standardizer,
    one_hot,
    preprocessing_from_dict,
    scale_inputs,
)
from glassnet.data.sources import DATA_ENV, MIRROR_ENV, cache_directory, search_directories

__all__ = [
    "DATASETS",
    "DATA_ENV",
    "MIRROR_ENV",
    "BookScaling",
    "Dataset",
    "RangeScaling",
    "Standardizer",
    "cache_directory",
    "load_dataset",
    "load_digits",
    "load_fashion_mnist",
    "load_gestures",
    "load_iris",
    "load_mnist",
    "load_students",
    "one_hot",
    "preprocessing_from_dict",
    "read_idx",
    "scale_inputs",
    "search_directories",
    "write_idx",
]
