"""The iris lesson's figures: the deck's ggplot scatter, accuracy per epoch, and an animation."""

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.plots.style import new_figure, save_figure

# ggplot2's default hues and shapes for two groups, as the deck's R code would draw them.
GGPLOT_COLOURS = ("#F8766D", "#00BFC4")
GGPLOT_MARKERS = ("o", "^")


def _scatter(axes: Any, lesson: Lesson) -> None:
    data = lesson.data
    for kind, name in enumerate(data["species names"]):
        chosen = data["species"] == kind
        axes.scatter(
            data["length"][chosen],
            data["width"][chosen],
            color=GGPLOT_COLOURS[kind],
            marker=GGPLOT_MARKERS[kind],
            s=28,
            label=name,
        )


def _limits(lesson: Lesson) -> tuple[tuple[float, float], tuple[float, float]]:
    length, width = lesson.data["length"], lesson.data["width"]
    return (
        (float(length.min()) - 0.05, float(length.max()) + 0.05),
        (float(width.min()) - 0.05, float(width.max()) + 0.05),
    )


def iris(lesson: Lesson, folder: Path) -> list[Path]:
    return [_deck_scatter(lesson, folder), _accuracy(lesson, folder), _animation(lesson, folder)]


def _deck_scatter(lesson: Lesson, folder: Path) -> Path:
    """The deck's ggplot: sepal length against width, coloured and shaped by species."""
    with plt.style.context("ggplot"):
        figure, axes = plt.subplots(figsize=(6.0, 4.2))
        _scatter(axes, lesson)
        rate = lesson.data["animated rate"]
        slope = lesson.data["slopes"][rate][-1]
        xlim, ylim = _limits(lesson)
        x = np.linspace(*xlim, 10)
        axes.plot(x, slope * x, color="#555555", lw=1.2, label=f"y = {slope:.4g}·x (L = {rate:g})")
        axes.set(
            xlim=xlim,
            ylim=ylim,
            xlabel="Sepal Length",
            ylabel="Sepal Width",
            title="Sepal Length-Width",
        )
        axes.legend(title="Species", loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        path = folder / "iris_scatter.png"
        save_figure(figure, path)
    return path


def _accuracy(lesson: Lesson, folder: Path) -> Path:
    figure, axes = new_figure(7.0, 4.2)
    for rate in lesson.data["learning rates"]:
        right = lesson.data[f"right {rate:g}"]
        axes.plot(range(len(right)), right, marker="o", ms=4, label=f"L = {rate:g}")
    axes.set(
        xlabel="epoch (0 = the random start)",
        ylabel="share of flowers on the right side",
        title="The linear classifier on iris, by learning rate",
        ylim=(0.4, 1.02),
    )
    axes.legend(loc="lower right")
    path = folder / "iris_accuracy.png"
    save_figure(figure, path)
    return path


def _animation(lesson: Lesson, folder: Path, frames: int = 60) -> Path:
    """The dividing line moving during training (GIF via matplotlib's PillowWriter)."""
    from matplotlib.animation import FuncAnimation, PillowWriter

    rate = lesson.data["animated rate"]
    slopes = np.asarray(lesson.data["slopes"][rate])
    n_flowers = len(lesson.data["length"])
    # Most of the motion happens in the first epochs: show the first three, evenly.
    shown = min(len(slopes) - 1, 3 * n_flowers)
    picks = np.unique(np.linspace(0, shown, frames).round().astype(int))
    figure, axes = new_figure(5.5, 4.0)
    _scatter(axes, lesson)
    xlim, ylim = _limits(lesson)
    x = np.array(xlim)
    (line,) = axes.plot(x, slopes[0] * x, color="black", lw=2)
    caption = axes.text(0.02, 0.97, "", transform=axes.transAxes, va="top", fontsize=9)
    axes.set(xlim=xlim, ylim=ylim, xlabel="sepal length (scaled)", ylabel="sepal width (scaled)")
    axes.set_title(f"The dividing line while it learns (L = {rate:g})")
    axes.legend(loc="lower right", fontsize=8)

    def frame(index: int) -> tuple[Any, ...]:
        update = picks[index]
        line.set_ydata(slopes[update] * x)
        caption.set_text(
            f"update {update} (epoch {update / n_flowers:.1f}), A = {slopes[update]:.3f}"
        )
        return line, caption

    animation = FuncAnimation(figure, frame, frames=len(picks), blit=False)
    path = folder / "iris_training.gif"
    descriptor, temporary = tempfile.mkstemp(prefix=".iris_training.", suffix=".gif", dir=folder)
    os.close(descriptor)
    try:
        animation.save(temporary, writer=PillowWriter(fps=8), dpi=100)
        os.replace(temporary, path)  # a whole GIF or none, as for every other figure
    finally:
        plt.close(figure)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return path
