"""A prediction sheet: each image, what the network was given, and what it answered."""

import os
from collections.abc import Sequence

import numpy as np

from glassnet.inside.images import read_image
from glassnet.inside.prediction import ImagePrediction
from glassnet.plots.style import new_figure, save_figure

MAX_ROWS = 20  # a sheet stays readable; more images would need scrolling through a huge PNG


def prediction_sheet(
    predictions: Sequence[ImagePrediction], path: str | os.PathLike[str], top: int = 3
) -> None:
    """One row per image (the first ``MAX_ROWS``): the picture, the network's input, the top classes."""
    shown = list(predictions)[:MAX_ROWS]
    figure, axes = new_figure(
        9.0,
        2.4 * len(shown),
        nrows=len(shown),
        ncols=3,
        squeeze=False,
        gridspec_kw={"width_ratios": [1, 1, 1.6]},
    )
    for row, prediction in zip(axes, shown, strict=True):
        picture, given, bars = row
        picture.imshow(read_image(prediction.file).convert("RGB"))
        picture.set_title(os.path.basename(prediction.file), fontsize=9)
        given.imshow(
            prediction.pixels, cmap="gray", vmin=0, vmax=max(1e-9, prediction.pixels.max())
        )
        height, width = prediction.pixels.shape
        given.set_title(f"the network's {height}x{width} input", fontsize=9)
        picture.set_axis_off()
        given.set_axis_off()
        names, values = zip(*prediction.top(top), strict=True)
        positions = np.arange(len(names))[::-1]
        bars.barh(positions, values, color=["C1"] + ["C0"] * (len(names) - 1))
        bars.set_yticks(positions, [str(n) for n in names])
        bars.set_xlim(0, 1)
        bars.set_xlabel("probability")
        bars.set_title(f"predicted: {prediction.label}", fontsize=10)
        for position, value in zip(positions, values, strict=True):
            bars.text(min(value + 0.02, 0.85), position, f"{value:.1%}", va="center", fontsize=8)
    if len(predictions) > len(shown):
        figure.suptitle(f"the first {len(shown)} of {len(predictions)} images")
    figure.tight_layout()
    save_figure(figure, path)
