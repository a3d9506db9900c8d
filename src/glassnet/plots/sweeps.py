"""Sweep pictures in the book's style: accuracy against one setting, and heat maps of two.

Each point is the mean test accuracy over the seeds, with a band from the worst to the
best seed and the seeds themselves as dots. When more settings were swept than a plot
shows, the others are held at the best cell's values (named in the title), except that
a single other setting with few values gets one line per value, as in the book's
"epochs and learning rate" chart.
"""

import itertools
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from glassnet.plots.style import new_figure, save_figure
from glassnet.sweeps.grid import SweepSpec, display, label
from glassnet.sweeps.table import Cell

_MAX_LINES = 8


def _numeric(name: str, values: tuple[Any, ...]) -> list[float] | None:
    """Positions on a numeric axis, or None when the values are categories."""
    if name == "hidden":
        if all(len(v) == 1 for v in values):
            return [float(v[0]) for v in values]
        return None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return [float(v) for v in values]
    return None


def _best(cells: list[Cell]) -> Cell:
    return max(cells, key=lambda cell: cell.rank)


def _fixed_text(fixed: dict[str, Any]) -> str:
    return ", ".join(f"{label(n)} {display(n, v)}" for n, v in fixed.items())


def parameter(spec: SweepSpec, cells: list[Cell], name: str, path: str | os.PathLike[str]) -> None:
    """Test accuracy against the swept setting ``name``."""
    values = spec.axes[name]
    others = [n for n in spec.swept if n != name]
    numeric = _numeric(name, values)
    positions = numeric or list(range(len(values)))
    figure, axes = new_figure(6.4, 4.2)
    lines: list[tuple[str, dict[str, Any]]] = []
    note = ""
    if len(others) == 1 and len(spec.axes[others[0]]) <= _MAX_LINES:
        other = others[0]
        lines = [(f"{label(other)} {display(other, v)}", {other: v}) for v in spec.axes[other]]
    else:
        fixed = {n: _best(cells).values[n] for n in others}
        lines = [("", fixed)]
        note = f"\n{_fixed_text(fixed)} (the best cell)" if fixed else ""
    colours = iter(f"C{i}" for i in itertools.count())
    for text, fixed in lines:
        points = [
            (x, cell)
            for x, value in zip(positions, values, strict=True)
            for cell in cells
            if cell.values[name] == value and all(cell.values[n] == v for n, v in fixed.items())
        ]
        if not points:
            continue
        colour = next(colours)
        xs = [x for x, _ in points]
        axes.plot(xs, [c.mean for _, c in points], marker="o", color=colour, label=text or "mean")
        axes.fill_between(
            xs,
            [c.low for _, c in points],
            [c.high for _, c in points],
            color=colour,
            alpha=0.15,
            linewidth=0,
        )
        for x, cell in points:
            axes.scatter(
                [x] * len(cell.accuracies),
                cell.accuracies,
                s=9,
                color=colour,
                alpha=0.5,
                linewidths=0,
            )
    if numeric and min(numeric) > 0 and max(numeric) / min(numeric) > 20:
        axes.set_xscale("log")
    axes.set_xticks(positions, [display(name, v) for v in values])
    axes.minorticks_off()
    seeds = f"mean of {spec.seeds} seed{'s' if spec.seeds > 1 else ''}"
    band = ", band: worst to best seed" if spec.seeds > 1 else ""
    axes.set(xlabel=label(name), ylabel="test accuracy")
    axes.set_title(f"{spec.dataset}: accuracy vs {label(name)}{note}")
    axes.legend(title=f"{seeds}{band}", fontsize=8, title_fontsize=8)
    save_figure(figure, path)


def heatmap(
    spec: SweepSpec, cells: list[Cell], x: str, y: str, path: str | os.PathLike[str]
) -> None:
    """Mean test accuracy for every pair of values of two swept settings."""
    fixed = {n: _best(cells).values[n] for n in spec.swept if n not in (x, y)}
    xs, ys = spec.axes[x], spec.axes[y]
    means = np.full((len(ys), len(xs)), np.nan)
    spreads = np.full_like(means, np.nan)
    for cell in cells:
        if all(cell.values[n] == v for n, v in fixed.items()):
            row, column = ys.index(cell.values[y]), xs.index(cell.values[x])
            means[row, column], spreads[row, column] = cell.mean, cell.std
    figure, axes = new_figure(max(5.0, 1.0 * len(xs) + 2.5), max(3.5, 0.6 * len(ys) + 2.0))
    image = axes.imshow(means, cmap="viridis", aspect="auto", origin="lower")
    axes.grid(False)
    finite = means[np.isfinite(means)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    for row, column in itertools.product(range(len(ys)), range(len(xs))):
        if math.isfinite(means[row, column]):
            text = f"{means[row, column]:.4f}"
            if spec.seeds > 1:
                text += f"\n±{spreads[row, column]:.4f}"
            colour = "black" if means[row, column] > middle else "white"
            axes.text(column, row, text, ha="center", va="center", fontsize=7, color=colour)
    axes.set_xticks(range(len(xs)), [display(x, v) for v in xs])
    axes.set_yticks(range(len(ys)), [display(y, v) for v in ys])
    axes.set(xlabel=label(x), ylabel=label(y))
    seeds = f"mean ± sd of {spec.seeds} seeds" if spec.seeds > 1 else "one seed"
    held = f"\n{_fixed_text(fixed)} (the best cell)" if fixed else ""
    axes.set_title(f"{spec.dataset}: test accuracy ({seeds}){held}")
    colorbar = figure.colorbar(image, ax=axes)
    colorbar.set_label("mean test accuracy")
    save_figure(figure, path)


def sweep_figures(spec: SweepSpec, cells: list[Cell], folder: str | Path) -> list[Path]:
    """Every figure of a sweep, written into ``folder``; returns their paths."""
    if not cells:
        return []
    folder = Path(folder)
    written = []
    for name in spec.swept:
        path = folder / f"accuracy-vs-{name.replace('_', '-')}.png"
        parameter(spec, cells, name, path)
        written.append(path)
    for x, y in itertools.combinations(spec.swept, 2):
        path = folder / f"heatmap-{x.replace('_', '-')}-{y.replace('_', '-')}.png"
        heatmap(spec, cells, x, y, path)
        written.append(path)
    return written
