"""Using a saved model: predict your own images, evaluate it on a dataset."""

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.data.dataset import Dataset
from glassnet.engine.metrics import confusion_matrix, labels_from_outputs
from glassnet.files.model_file import ModelFile
from glassnet.inside.images import image_inputs


@dataclass
class ImagePrediction:
    """What the model makes of one image file."""

    file: str
    label: str  # the class name
    index: int  # the class number
    probabilities: dict[str, float]  # every class, most likely first
    pixels: Array  # what the network was given (raw pixels, the image's shape)

    def top(self, k: int) -> list[tuple[str, float]]:
        return list(self.probabilities.items())[:k]

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "label": self.label,
            "index": self.index,
            "probabilities": self.probabilities,
        }


def predict_images(model: ModelFile, paths: list[str | os.PathLike[str]]) -> list[ImagePrediction]:
    """Every image read (any problem is a ValueError naming the file), then predicted."""
    if model.image_shape is None:
        raise ValueError("the model was not trained on images (its file has no image shape)")
    raw = np.stack([image_inputs(path, model) for path in paths])
    probabilities = model.probabilities(raw)
    classes = model.classes
    predictions = []
    for path, row, pixels in zip(paths, probabilities, raw, strict=True):
        order = np.argsort(-row, kind="stable")
        index = int(order[0])
        ranked = {classes[i]: float(row[i]) for i in order}
        predictions.append(
            ImagePrediction(
                os.fspath(path), classes[index], index, ranked, pixels.reshape(model.image_shape)
            )
        )
    return predictions


@dataclass
class Evaluation:
    """A model's accuracy and confusion matrix on one split of a dataset."""

    dataset: str
    split: str
    accuracy: float
    confusion: npt.NDArray[np.int64]  # [true class, predicted class]
    class_names: list[str]

    @property
    def n_samples(self) -> int:
        return int(self.confusion.sum())

    def most_confused(self, k: int = 3) -> list[tuple[str, str, int]]:
        """The ``k`` most frequent mistakes: (true class, taken for, count)."""
        mistakes = self.confusion.copy()
        np.fill_diagonal(mistakes, 0)
        order = np.argsort(-mistakes, axis=None, kind="stable")[:k]
        pairs = [np.unravel_index(i, mistakes.shape) for i in order]
        names = self.class_names
        return [(names[t], names[p], int(mistakes[t, p])) for t, p in pairs if mistakes[t, p]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "split": self.split,
            "n_samples": self.n_samples,
            "accuracy": self.accuracy,
            "class_names": self.class_names,
            "confusion_matrix": self.confusion.tolist(),
        }


def evaluate(model: ModelFile, dataset: Dataset, split: str = "test") -> Evaluation:
    """Accuracy of ``model`` on ``dataset``'s ``split`` ("test" or "train").

    The model's own preprocessing is used; a model saved without one gets the dataset's.
    """
    check_compatible(model, dataset)
    if split not in ("test", "train"):
        raise ValueError(f"unknown split {split!r}; choose test or train")
    X, y = (
        (dataset.X_test, dataset.y_test) if split == "test" else (dataset.X_train, dataset.y_train)
    )
    preprocessing = model.preprocessing or dataset.preprocessing
    predicted = labels_from_outputs(model.network.predict(preprocessing(X)))
    matrix = confusion_matrix(y, predicted, dataset.n_classes)
    accuracy = float(np.trace(matrix) / matrix.sum())
    return Evaluation(dataset.name, split, accuracy, matrix, dataset.class_names)


def check_compatible(model: ModelFile, dataset: Dataset) -> None:
    """The model must take the dataset's inputs and name its classes (if it names any)."""
    network = model.network
    if network.n_inputs != dataset.n_features:
        raise ValueError(
            f"the model takes {network.n_inputs} inputs, but {dataset.name} has {dataset.n_features}"
        )
    if max(2, network.n_outputs) != dataset.n_classes:
        raise ValueError(
            f"the model has {network.n_outputs} outputs, but {dataset.name} has {dataset.n_classes} classes"
        )
    if model.class_names is not None and model.classes != dataset.class_names:
        raise ValueError(
            f"the model's classes ({', '.join(model.classes)}) are not "
            f"{dataset.name}'s ({', '.join(dataset.class_names)})"
        )
