"""One look for every figure, and atomic saving."""

import io
import os
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no screen: works on servers, in CI and in notebooks' saves

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from glassnet._atomic import atomic_write

STYLE: dict[Any, Any] = {  # rcParams keys; matplotlib types them as literals
    "figure.dpi": 100,
    "savefig.dpi": 120,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
}


def new_figure(width: float = 6.0, height: float = 4.0, **subplots: Any) -> tuple[Figure, Any]:
    """A figure and its axes (``plt.subplots`` arguments), in glassnet's style."""
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(figsize=(width, height), **subplots)
    return figure, axes


def save_figure(figure: Figure, path: str | os.PathLike[str]) -> None:
    """Write ``figure`` (format from the file name, PNG by default) atomically, then close it."""
    buffer = io.BytesIO()
    extension = os.fspath(path).rsplit(".", 1)[-1].lower()
    with plt.rc_context(STYLE):
        figure.savefig(
            buffer,
            format=extension if extension in ("png", "svg", "pdf") else "png",
            bbox_inches="tight",
        )
    plt.close(figure)
    with atomic_write(path) as handle:
        handle.write(buffer.getvalue())
