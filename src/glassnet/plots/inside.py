"""Pictures of a trained network: confusion matrix, confident mistakes, weights, backquery."""

import math
import os
from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import numpy.typing as npt
from matplotlib.patches import Rectangle

from glassnet.inside.network import Mistakes
from glassnet.plots.style import new_figure, save_figure

Path = str | os.PathLike[str]


def confusion(
    matrix: npt.NDArray[np.int64],
    class_names: Sequence[str],
    path: Path,
    title: str = "Confusion matrix",
) -> None:
    """Counts of true class (rows) against predicted class (columns); colour is the share
    of the true class, so the off-diagonal cells that matter stand out."""
    n = len(matrix)
    size = max(4.5, 0.55 * n + 1.5)
    figure, axes = new_figure(size + 1.0, size)
    totals = np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    shares = matrix / totals
    image = axes.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    axes.grid(False)
    for row in range(n):
        for column in range(n):
            count = int(matrix[row, column])
            if count:
                colour = "white" if shares[row, column] > 0.6 else "black"
                axes.text(
                    column,
                    row,
                    str(count),
                    ha="center",
                    va="center",
                    color=colour,
                    fontsize=8 if n <= 10 else 6,
                )
    axes.set_xticks(range(n), class_names)
    axes.set_yticks(range(n), class_names)
    axes.set(xlabel="predicted class", ylabel="true class", title=title)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04)
    colorbar.set_label("share of the true class")
    save_figure(figure, path)


def _tiles(
    axes: Any,
    images: npt.NDArray[np.generic],
    columns: int,
    labels: Sequence[str] = (),
    cmap: str = "Greys",
    symmetric: bool = False,
) -> int:
    """Draw small images as tiles of one picture (one ``imshow``: fast even for 100 tiles),
    each with an optional label above it and a thin frame. Returns the number of rows.

    ``symmetric``: each tile scaled by its own largest |value| into −1..1 (weights);
    otherwise all tiles share one scale (pixels).
    """
    count, height, width = images.shape
    columns = max(1, min(columns, count))
    rows = math.ceil(count / columns)
    lines = max((label.count("\n") + 1 for label in labels), default=0)
    gap = max(1, width // 7)
    room = gap + (math.ceil(0.42 * height * lines) if lines else 0)  # label space above a tile
    mosaic = np.full((rows * (height + room) + gap, columns * (width + gap)), np.nan)
    values = images.astype(np.float64)
    if symmetric:
        limits = np.max(np.abs(values.reshape(count, -1)), axis=1)
        values = values / np.where(limits > 0, limits, 1.0)[:, None, None]
    for index in range(count):
        top = (index // columns) * (height + room) + room
        left = (index % columns) * (width + gap) + gap // 2
        mosaic[top : top + height, left : left + width] = values[index]
        axes.add_patch(
            Rectangle(
                (left - 0.5, top - 0.5),
                width,
                height,
                fill=False,
                edgecolor="#bbbbbb",
                linewidth=0.6,
            )
        )
        if index < len(labels):
            axes.text(
                left + width / 2, top - 0.8, labels[index], ha="center", va="bottom", fontsize=9
            )
    colours = matplotlib.colormaps[cmap].with_extremes(bad="white")
    low, high = (-1.0, 1.0) if symmetric else (float(np.nanmin(values)), float(np.nanmax(values)))
    axes.imshow(mosaic, cmap=colours, vmin=low, vmax=high, interpolation="nearest")
    axes.axis("off")
    return int(rows)


def mistakes(
    images: npt.NDArray[np.generic],
    found: Mistakes,
    class_names: Sequence[str],
    path: Path,
    title: str = "Most confident mistakes",
    columns: int = 8,
) -> None:
    """The wrongly classified images, each labelled "true → predicted (confidence)"."""
    count = len(found.indices)
    if count == 0:
        raise ValueError("no mistakes to show: every sample was classified correctly")
    labels = [
        f"{class_names[true]} → {class_names[guess]}\n({sure:.2f})"
        for true, guess, sure in zip(found.expected, found.predicted, found.confidence, strict=True)
    ]
    rows = math.ceil(count / min(columns, count))
    figure, axes = new_figure(1.25 * min(columns, count) + 0.4, 1.75 * rows + 0.8)
    _tiles(axes, images, columns, labels)
    axes.set_title(f"{title}\ntrue → predicted (output of the winning node)")
    save_figure(figure, path)


def weights(
    images: npt.NDArray[np.floating],
    path: Path,
    title: str = "Weights into each hidden node",
    columns: int = 10,
    max_nodes: int = 100,
) -> None:
    """One small image per hidden node: red where ink excites it, blue where ink inhibits it.

    Each image has its own symmetric colour scale (the nodes' weights differ in size).
    """
    shown = images[:max_nodes]
    rows = math.ceil(len(shown) / min(columns, len(shown)))
    scale = 0.5 if shown.shape[1] <= 10 else 0.65  # inches per tile: small images need fewer
    figure, axes = new_figure(max(4.5, scale * min(columns, len(shown)) + 0.4), scale * rows + 0.9)
    _tiles(axes, shown, columns, cmap="RdBu_r", symmetric=True)
    more = f" (first {len(shown)} of {len(images)})" if len(images) > len(shown) else ""
    axes.set_title(f"{title}{more}\nred: positive weight, blue: negative (each node its own scale)")
    save_figure(figure, path)


def backquery(
    images: npt.NDArray[np.floating],
    class_names: Sequence[str],
    path: Path,
    title: str = "Backquery: what the network thinks each class looks like",
    columns: int = 5,
) -> None:
    """The book's backquery images, one per class, drawn as the book does (dark = high)."""
    rows = math.ceil(len(images) / min(columns, len(images)))
    figure, axes = new_figure(1.7 * min(columns, len(images)) + 0.4, 1.9 * rows + 0.6)
    _tiles(axes, images, columns, [str(name) for name in class_names])
    axes.set_title(title)
    save_figure(figure, path)
