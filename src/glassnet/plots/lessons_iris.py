"""The iris lesson's figures: the deck's ggplot scatter, accuracy per epoch, and an animation."""

import io
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from glassnet._atomic import atomic_write
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
    """The dividing line moving during training, as an animated GIF.

    Frames are drawn by blitting: the scatter is rendered once, and each frame only
    redraws the line and its caption over it, which is about twenty times faster than
    redrawing the whole figure per frame (as ``FuncAnimation`` with ``PillowWriter`` does).
    """
    from PIL import Image

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
    (line,) = axes.plot(x, slopes[0] * x, color="black", lw=2, animated=True)
    caption = axes.text(
        0.02,
        0.97,
        "",
        transform=axes.transAxes,
        va="top",
        fontsize=9,
        animated=True,
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
    )
    axes.set(xlim=xlim, ylim=ylim, xlabel="sepal length (scaled)", ylabel="sepal width (scaled)")
    axes.set_title(f"The dividing line while it learns (L = {rate:g})")
    axes.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    canvas: Any = figure.canvas  # Agg (see plots.style), whose blitting methods are untyped
    canvas.draw()
    background = canvas.copy_from_bbox(figure.bbox)
    images = []
    for update in picks:
        canvas.restore_region(background)
        line.set_ydata(slopes[update] * x)
        caption.set_text(
            f"update {update} (epoch {update / n_flowers:.1f}), A = {slopes[update]:.3f}"
        )
        axes.draw_artist(line)
        axes.draw_artist(caption)
        width, height = canvas.get_width_height()
        frame = Image.frombuffer("RGBA", (width, height), bytes(canvas.buffer_rgba()))
        images.append(frame.convert("RGB"))
    plt.close(figure)
    palette = images[0].quantize(colors=64)  # one palette for all frames: no flicker
    frames_p = [image.quantize(palette=palette) for image in images]
    buffer = io.BytesIO()
    frames_p[0].save(
        buffer, format="GIF", save_all=True, append_images=frames_p[1:], duration=125, loop=0
    )
    path = folder / "iris_training.gif"
    with atomic_write(path) as handle:
        handle.write(buffer.getvalue())
    return path
