"""Learning curves: loss and train/test accuracy per epoch."""

import os

from glassnet.engine.training import History
from glassnet.plots.style import new_figure, save_figure


def learning_curves(
    history: History, path: str | os.PathLike[str], title: str = "Learning curves"
) -> None:
    """Two panels: the training loss, and train/test accuracy, per epoch."""
    figure, (loss_axes, accuracy_axes) = new_figure(10.0, 4.0, ncols=2)
    epochs = [record.epoch for record in history.records]
    loss_axes.plot(epochs, history.loss, marker="o", label="training loss")
    loss_axes.set(xlabel="epoch", ylabel="loss", title="Loss")
    loss_axes.legend()
    accuracy_axes.plot(epochs, history.train_accuracy, marker="o", label="train")
    tests = history.validation_accuracy
    if any(value is not None for value in tests):
        accuracy_axes.plot(
            epochs, [v if v is not None else float("nan") for v in tests], marker="s", label="test"
        )
    accuracy_axes.set(xlabel="epoch", ylabel="accuracy", title="Accuracy")
    accuracy_axes.legend()
    figure.suptitle(title)
    save_figure(figure, path)
