"""Figures for the lessons that train on data: mnist, students, neuron, gestures."""

from pathlib import Path

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.plots.diagrams import network_diagram
from glassnet.plots.style import new_figure, save_figure


def mnist(lesson: Lesson, folder: Path) -> list[Path]:
    """The deck's output table as pictures: each test image beside its ten outputs."""
    data = lesson.data
    outputs = data["outputs"]
    figure, axes = new_figure(
        11.0, 5.5, nrows=2, ncols=3, height_ratios=(1.0, 1.1), layout="constrained"
    )
    shown = zip(data["examples"], data["images"], data["test image numbers"], strict=True)
    for column, (digit, image, number) in enumerate(shown):
        label = int(np.argmax(outputs[:, column]))
        top, bottom = axes[0, column], axes[1, column]
        top.imshow(image, cmap="Greys", interpolation="nearest")
        top.set_title(f"test image {number}, a {digit}: labelled {label}")
        top.axis("off")
        colours = ["#c0392b" if k == label else "#7f8c8d" for k in range(10)]
        bottom.bar(range(10), outputs[:, column], color=colours)
        bottom.set(xticks=range(10), ylim=(0, 1), xlabel="output node (label)")
        bottom.axhline(0.99, ls=":", color="grey", lw=1)
        bottom.axhline(0.01, ls=":", color="grey", lw=1)
    axes[1, 0].set_ylabel("output (targets 0.01 / 0.99 dotted)")
    figure.suptitle("The output layer for three test images")
    first = folder / "mnist_outputs.png"
    save_figure(figure, first)

    from scipy.special import expit

    figure, axes = new_figure(7.0, 4.2)
    x = np.linspace(-14.0, 14.0, 500)
    s = expit(x)
    axes.plot(x, s, lw=2, label="sigmoid S(x)")
    axes.plot(x, 4 * s * (1 - s), "--", lw=2, label="slope S(1 − S), ×4")
    for value in (0.01, 0.99):
        axes.axhline(value, ls=":", color="grey", lw=1)
    axes.axvline(np.log(0.99 / 0.01), color="#c0392b", lw=1, label="sum needed for 0.99: 4.6")
    axes.set(
        xlabel="sum into a node", ylabel="output, slope", title="Why targets of 0.01/0.99, not 0/1"
    )
    axes.legend(loc="center left", fontsize=8)
    second = folder / "mnist_saturation.png"
    save_figure(figure, second)
    return [first, second]


def students(lesson: Lesson, folder: Path) -> list[Path]:
    """The loss curve (train and test), and the trained 3-2-1 network."""
    data = lesson.data
    figure, axes = new_figure(7.0, 4.2)
    epochs = np.arange(1, len(data["train loss"]) + 1)
    axes.plot(epochs, data["train loss"], lw=2, label="training students")
    axes.plot(epochs, data["test loss"], lw=2, label="test students")
    axes.set(
        xlabel="epoch (one full-batch step)",
        ylabel="binary cross-entropy E(W)",
        title=f"Learning pass/fail (test accuracy {data['test accuracy']:.3f})",
    )
    axes.legend()
    first = folder / "students_loss.png"
    save_figure(figure, first)

    figure, axes = new_figure(6.5, 4.2)
    network_diagram(
        axes,
        data["weights"],
        [
            [name.replace("studytime", "study\ntime") for name in data["features"]],
            [f"H{j + 1}\nb {b:.3g}" for j, b in enumerate(data["biases"][0])],
            [f"ŷ\nb {data['biases'][1][0]:.3g}"],
        ],
        layer_names=("X", "H", "output"),
        spacing=2.6,
    )
    axes.set_title("The trained 3-2-1 network (weights on the links, biases b in the nodes)")
    second = folder / "students_network.png"
    save_figure(figure, second)
    return [first, second]


def neuron(lesson: Lesson, folder: Path) -> list[Path]:
    """Four loss curves: one example with/without bias, averaged deltas, rates, mini-batches."""
    data = lesson.data
    curves = data["curves"]
    figure, axes = new_figure(11.0, 8.0, nrows=2, ncols=2, layout="constrained")
    one, averaged, rates, batches = axes.ravel()
    for errors, name in ((data["errors"], "without bias"), (data["bias errors"], "with bias")):
        one.semilogy(np.abs(errors), marker="o", ms=4, label=name)
    one.set(xlabel="epoch", ylabel="|error|", title="One example, until the error is near zero")
    averaged.semilogy(curves["averaged, rate 1"], label="averaged deltas, rate 1")
    averaged.set(
        xlabel="epoch", ylabel="loss ½·mean(error²)", title="Averaged deltas, four examples"
    )
    for rate in ("0.1", "0.05", "0.01"):
        rates.semilogy(curves[f"rate {rate}"], label=f"learning rate {rate}")
    rates.set(xlabel="epoch", ylabel="loss ½·mean(error²)", title="With a learning rate")
    batches.semilogy(curves["rate 0.1"], label="full batch (1 update per epoch)")
    batches.semilogy(
        curves["mini-batches of 2, rate 0.1"], label="batches of 2 (2 updates per epoch)"
    )
    batches.set(
        xlabel="epoch", ylabel="loss ½·mean(error²)", title="Mini-batches, learning rate 0.1"
    )
    for panel in axes.ravel():
        panel.legend(fontsize=8)
    figure.suptitle("TinySpark's neuron: loss curves")
    path = folder / "neuron_loss.png"
    save_figure(figure, path)
    return [path]


def gestures(lesson: Lesson, folder: Path) -> list[Path]:
    """One punch and one flex as time series, then the cross-validation folds."""
    data = lesson.data
    figure, axes = new_figure(11.0, 6.0, nrows=2, ncols=2, sharex=True, layout="constrained")
    time_ms = np.arange(data["examples"][0].shape[0]) / 119.0 * 1000.0
    for column, (name, recording) in enumerate(
        zip(data["gestures"], data["examples"], strict=True)
    ):
        for channel, label in enumerate(("aX", "aY", "aZ")):
            axes[0, column].plot(time_ms, recording[:, channel], label=label)
        for channel, label in enumerate(("gX", "gY", "gZ")):
            axes[1, column].plot(time_ms, recording[:, channel + 3], label=label)
        axes[0, column].set(title=f"a {name}", ylabel="acceleration (g)")
        axes[1, column].set(xlabel="time (ms)", ylabel="rotation (°/s)")
        axes[0, column].legend(fontsize=8, loc="upper right")
        axes[1, column].legend(fontsize=8, loc="upper right")
    figure.suptitle("One recorded gesture of each kind (119 samples at 119 Hz)")
    first = folder / "gestures_recordings.png"
    save_figure(figure, first)

    figure, (left, right) = new_figure(11.0, 4.2, ncols=2)
    for fold, losses in enumerate(data["fold losses"], 1):
        left.semilogy(range(1, len(losses) + 1), losses, label=f"fold {fold}")
    left.set(
        xlabel="epoch",
        ylabel="training loss (binary cross-entropy)",
        title="Training, fold by fold",
    )
    left.legend(fontsize=8)
    scores = data["fold accuracy"]
    right.bar(range(1, len(scores) + 1), scores, color="#4a7ab5")
    right.axhline(
        float(np.mean(scores)), ls="--", color="black", label=f"mean {np.mean(scores):.3f}"
    )
    right.set(
        xlabel="fold",
        ylabel="held-out accuracy",
        ylim=(0, 1.05),
        title="Accuracy on the held-out fold",
    )
    right.legend(loc="lower right")
    second = folder / "gestures_cross_validation.png"
    save_figure(figure, second)
    return [first, second]
