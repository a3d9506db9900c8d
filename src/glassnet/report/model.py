"""Report sections for one trained network: settings, learning curves, and what is inside."""

from pathlib import Path
from typing import Any

import numpy as np

from glassnet.data.dataset import Dataset
from glassnet.engine.layers import Dense
from glassnet.engine.metrics import accuracy, confusion_matrix
from glassnet.engine.network import Sequential
from glassnet.engine.training import EpochRecord, History
from glassnet.files.model_file import ModelFile
from glassnet.inside.network import (
    backquery,
    hidden_weights,
    label_targets,
    most_confident_mistakes,
)
from glassnet.plots import inside as inside_plots
from glassnet.plots.training import learning_curves
from glassnet.report.page import Page


def describe(network: Sequential) -> str:
    """E.g. "784-200-10; Sigmoid, Sigmoid; no biases; 158,800 weights"."""
    dense = network.dense_layers
    sizes = "-".join(str(n) for n in [dense[0].n_inputs, *(d.n_outputs for d in dense)])
    activations = ", ".join(type(x).__name__ for x in network.layers if not isinstance(x, Dense))
    count = sum(p.value.size for p in network.parameters())
    bias = "with biases" if any(d.bias is not None for d in dense) else "no biases"
    return f"{sizes}; {activations}; {bias}; {count:,} parameters"


def history_from_dicts(epochs: list[dict[str, Any]]) -> History:
    """A ``History`` from saved epochs (model-file or ``--json`` keys)."""
    records = []
    for epoch in epochs:
        test = epoch.get("validation_accuracy", epoch.get("test_accuracy"))
        records.append(
            EpochRecord(
                int(epoch["epoch"]),
                float(epoch["loss"]),
                float(epoch["train_accuracy"]),
                None if test is None else float(test),
                float(epoch.get("seconds") or 0.0),
            )
        )
    return History(records)


def add_training(page: Page, training: dict[str, Any], figures: Path) -> None:
    """The configuration table and, when there is a history, the learning curves."""
    config = training.get("config") or {}
    if config:
        page.heading("Training settings")
        rows = [(name.replace("_", " "), _text(value)) for name, value in config.items()]
        if "dataset" in training:
            rows.insert(0, ("dataset", str(training["dataset"])))
        page.table(["setting", "value"], rows)
    epochs = training.get("history") or training.get("epochs") or []
    if epochs:
        history = history_from_dicts(epochs)
        page.heading("Learning curves")
        learning_curves(
            history, figures / "learning-curves.png", title="Loss and accuracy per epoch"
        )
        page.figure(
            figures / "learning-curves.png", "Training loss, and train/test accuracy per epoch."
        )
        page.table(
            ["epoch", "loss", "train accuracy", "test accuracy", "seconds"],
            [
                (
                    r.epoch,
                    r.loss,
                    r.train_accuracy,
                    "–" if r.validation_accuracy is None else r.validation_accuracy,
                    f"{r.seconds:.2f}",
                )
                for r in history.records
            ],
        )


def add_inside(page: Page, model: ModelFile, dataset: Dataset | None, figures: Path) -> None:
    """Test accuracy, confusion matrix, confident mistakes, weight images and backquery."""
    network = model.network
    names = model.class_names or [str(i) for i in range(max(network.n_outputs, 2))]
    page.heading("The network")
    page.text(describe(network))
    if dataset is not None:
        if dataset.n_features != network.n_inputs:
            raise ValueError(
                f"the network has {network.n_inputs} inputs but {dataset.name} has "
                f"{dataset.n_features} features"
            )
        preprocess = model.preprocessing or dataset.preprocessing
        outputs = network.predict(preprocess(dataset.X_test))
        page.heading("Test set")
        score = accuracy(outputs, dataset.y_test)
        page.text(f"Test accuracy {score:.4f} on {len(dataset.y_test):,} {dataset.name} samples.")
        matrix = confusion_matrix(dataset.y_test, outputs, n_classes=len(names))
        inside_plots.confusion(matrix, names, figures / "confusion-matrix.png")
        page.figure(figures / "confusion-matrix.png", "Confusion matrix of the test set.")
        found = most_confident_mistakes(outputs, dataset.y_test, count=24)
        if dataset.image_shape is not None and len(found.indices):
            images = dataset.X_test[found.indices].reshape(-1, *dataset.image_shape)
            inside_plots.mistakes(images, found, names, figures / "confident-mistakes.png")
            page.figure(
                figures / "confident-mistakes.png",
                "The test images the network got wrong while most sure of itself.",
            )
    shape = model.image_shape or (dataset.image_shape if dataset is not None else None)
    if shape is None:
        return
    page.heading("Hidden nodes")
    inside_plots.weights(hidden_weights(network, shape), figures / "hidden-weights.png")
    page.figure(
        figures / "hidden-weights.png",
        "The weights into each first-layer node, drawn in the input's shape: the pattern of "
        "ink that excites (red) or inhibits (blue) it.",
    )
    page.heading("Backquery")
    try:
        images = backquery(network, label_targets(network.n_outputs))
    except ValueError as error:
        page.text(str(error), "note")
        return
    if network.n_outputs < 2:
        return
    inside_plots.backquery(images.reshape(-1, *shape), names, figures / "backquery.png")
    page.figure(
        figures / "backquery.png",
        "The book's backquery: the network run backwards from each label's target "
        "(0.99 for the label, 0.01 elsewhere), inverse activation and rescaling to "
        "0.01–0.99 at each layer.",
    )


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, np.generic):
        return str(value.item())
    return str(value)
