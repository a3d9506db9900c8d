"""``RunResult``: what a training run gives back, as a model file or a JSON record."""

from dataclasses import dataclass, field
from typing import Any

from glassnet.book import NeuralNetwork
from glassnet.data.dataset import Dataset
from glassnet.engine.network import Sequential
from glassnet.engine.trainer import Trainable
from glassnet.engine.training import History
from glassnet.files.model_file import ModelFile
from glassnet.runs.config import TrainConfig


@dataclass
class RunResult:
    """A trained model with its history and final test accuracy."""

    config: TrainConfig
    dataset: str
    trained: Trainable = field(repr=False)
    history: History
    test_accuracy: float
    seconds: float

    @property
    def model(self) -> Sequential:
        """The trained layers."""
        return self.trained.network

    @property
    def book_network(self) -> NeuralNetwork | None:
        """The book's own class, when the run trained it (``backprop="book"``)."""
        return self.trained if isinstance(self.trained, NeuralNetwork) else None

    def model_file(self, dataset: Dataset) -> ModelFile:
        """The trained network with the dataset's preprocessing and classes, ready to save."""
        training = {
            "dataset": self.dataset,
            "config": self.config.to_dict(),
            "history": self.history.to_dicts(),
            "test_accuracy": self.test_accuracy,
        }
        return ModelFile(
            self.model,
            dataset.preprocessing,
            dataset.class_names,
            dataset.image_shape,
            training=training,
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON record: dataset, config, per-epoch history, final accuracy, seconds."""
        epochs = [
            {
                "epoch": r.epoch,
                "loss": r.loss,
                "train_accuracy": r.train_accuracy,
                "test_accuracy": r.validation_accuracy,
                "seconds": r.seconds,
            }
            for r in self.history.records
        ]
        return {
            "dataset": self.dataset,
            "config": self.config.to_dict(),
            "epochs": epochs,
            "test_accuracy": self.test_accuracy,
            "seconds": self.seconds,
        }
