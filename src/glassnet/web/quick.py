"""The model ``glassnet serve`` trains when it is given none, cached for the next start.

With MNIST in the data directory it is a 784-100-10 sigmoid network trained for two
epochs (95.9 % on the test set); otherwise a 64-100-10 network on scikit-learn's bundled
8x8 digits (96.9 %). Both are the book's network shape and squared error, trained in
mini-batches so that they take seconds; either is saved in the user cache and reused
while its configuration is unchanged.
"""

import os
from collections.abc import Sequence
from pathlib import Path

from threadpoolctl import threadpool_limits

from glassnet.data.dataset import Dataset
from glassnet.data.datasets import load_dataset
from glassnet.data.sources import cache_directory
from glassnet.engine.training import Callback
from glassnet.files import load
from glassnet.files.model_file import ModelFile, save
from glassnet.runs import TrainConfig, run

# The loss averages over a batch, so the learning rate grows with the batch (0.3 per sample).
QUICK_CONFIGS = {
    "digits": TrainConfig(hidden=(100,), epochs=30, batch_size=10, learning_rate=3.0),
    "mnist": TrainConfig(hidden=(100,), epochs=2, batch_size=20, learning_rate=3.0),
}


def choose_dataset(dataset: str, data_dir: str | os.PathLike[str] | None) -> Dataset:
    """``auto``: MNIST when its files are already here (never downloaded for this), else digits."""
    if dataset == "auto":
        try:
            return load_dataset("mnist", data_dir, download=False)
        except FileNotFoundError:
            return load_dataset("digits")
    if dataset not in QUICK_CONFIGS:
        raise ValueError(f"the quick model trains on {' or '.join(QUICK_CONFIGS)}, not {dataset!r}")
    return load_dataset(dataset, data_dir)


def cached_path(dataset: str) -> Path:
    return cache_directory() / "web" / f"quick-{dataset}.npz"


def cached_model(dataset: str) -> ModelFile | None:
    """The cached quick model for ``dataset`` if it exists, loads and has today's config."""
    path = cached_path(dataset)
    if not path.is_file():
        return None
    try:
        model = load(path)
    except ValueError:
        return None  # a broken cache file is retrained and replaced, not an error
    if model.training.get("config") != QUICK_CONFIGS[dataset].to_dict():
        return None
    return model


def train_quick_model(dataset: Dataset, callbacks: Sequence[Callback] = ()) -> ModelFile:
    """Train the quick model on ``dataset`` (digits or mnist)."""
    # Batches this small gain nothing from BLAS threads and lose much on a busy machine
    # (docs/performance.md, "Threads").
    with threadpool_limits(limits=1, user_api="blas"):
        return run(QUICK_CONFIGS[dataset.name], dataset, callbacks).model_file(dataset)


def save_to_cache(model: ModelFile, dataset: str) -> Path:
    """Keep a quick model for the next start; returns where it went."""
    path = cached_path(dataset)
    save(model, path)
    return path
