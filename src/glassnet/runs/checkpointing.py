"""A run's checkpoints: what they record about the run, restoring one, writing them."""

import hashlib
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from glassnet.data.dataset import Dataset
from glassnet.engine.trainer import Trainable
from glassnet.engine.training import Callback
from glassnet.files.checkpoints import Checkpoint, CheckpointWriter
from glassnet.files.model_file import as_model_file
from glassnet.runs.config import TrainConfig


def run_description(config: TrainConfig, dataset: Dataset) -> dict[str, Any]:
    """What a checkpoint records about its run: dataset (name and fingerprint) and config."""
    digest = hashlib.sha256()
    for array in (dataset.X_train, dataset.y_train):
        digest.update(np.ascontiguousarray(array).tobytes())
    return {
        "dataset": dataset.name,
        "training_data_sha256": digest.hexdigest(),
        "config": config.to_dict(),
    }


def continuing(
    trainable: Trainable,
    rng: np.random.Generator,
    dataset: Dataset,
    callbacks: Sequence[Callback],
    checkpoint_dir: str | os.PathLike[str] | None,
    resume: Checkpoint | None,
    description: dict[str, Any],
) -> list[Callback]:
    """Restore a checkpoint's state into the new run; add a checkpoint writer if asked."""
    if resume is not None:
        resume.restore(trainable.network, trainable.optimizer, rng)
    if checkpoint_dir is None:
        return list(callbacks)
    model_file = as_model_file(
        trainable,
        preprocessing=dataset.preprocessing,
        class_names=dataset.class_names,
        image_shape=dataset.image_shape,
    )
    previous = resume.history if resume is not None else None
    writer = CheckpointWriter(
        checkpoint_dir, model_file, trainable.optimizer, rng, history=previous, run=description
    )
    return [*callbacks, writer]
