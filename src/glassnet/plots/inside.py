"""Pictures of a trained network: confusion matrix, confident mistakes, weights, backquery."""

import math
import os
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from glassnet.inside import Mistakes
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


def _grid(count: int, columns: int) -> tuple[int, int]:
    columns = max(1, min(columns, count))
    return math.ceil(count / columns), columns


def mistakes(
    images: npt.NDArray[np.generic],
    found: Mistakes,
    class_names: Sequence[str],
    path: Path,
    title: str = "Most confident mistakes",
    columns: int = 8,
) -> None:
    """The wrongly classified images, each titled "true → predicted (confidence)"."""
    count = len(found.indices)
    if count == 0:
        raise ValueError("no mistakes to show: every sample was classified correctly")
    rows, columns = _grid(count, columns)
    figure, axes = new_figure(
        1.45 * columns,
        1.7 * rows + 0.6,
        nrows=rows,
        ncols=columns,
        squeeze=False,
        layout="constrained",
    )
    for position, ax in enumerate(axes.flat):
        ax.axis("off")
        if position >= count:
            continue
        ax.imshow(images[position], cmap="Greys", interpolation="nearest")
        true, guess = class_names[found.expected[position]], class_names[found.predicted[position]]
        ax.set_title(f"{true} → {guess}\n({found.confidence[position]:.2f})", fontsize=9)
    figure.suptitle(f"{title}\ntrue → predicted (output of the winning node)")
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
    rows, columns = _grid(len(shown), columns)
    figure, axes = new_figure(
        1.0 * columns,
        1.0 * rows + 0.8,
        nrows=rows,
        ncols=columns,
        squeeze=False,
        layout="constrained",
    )
    for position, ax in enumerate(axes.flat):
        ax.axis("off")
        if position < len(shown):
            limit = float(np.max(np.abs(shown[position]))) or 1.0
            ax.imshow(
                shown[position], cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest"
            )
    more = f" (first {len(shown)} of {len(images)})" if len(images) > len(shown) else ""
    figure.suptitle(f"{title}{more}\nred: positive weight, blue: negative", fontsize=11)
    save_figure(figure, path)


def backquery(
    images: npt.NDArray[np.floating],
    class_names: Sequence[str],
    path: Path,
    title: str = "Backquery: what the network thinks each class looks like",
    columns: int = 5,
) -> None:
    """The book's backquery images, one per class, drawn as the book does (dark = high)."""
    rows, columns = _grid(len(images), columns)
    figure, axes = new_figure(
        1.8 * columns,
        2.0 * rows + 0.5,
        nrows=rows,
        ncols=columns,
        squeeze=False,
        layout="constrained",
    )
    for position, ax in enumerate(axes.flat):
        ax.axis("off")
        if position < len(images):
            ax.imshow(images[position], cmap="Greys", interpolation="nearest")
            ax.set_title(str(class_names[position]))
    figure.suptitle(title)
    save_figure(figure, path)
