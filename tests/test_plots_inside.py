"""The pictures of sweeps and of a network's inside are written, whole, at a readable size."""

import numpy as np
import pytest
from matplotlib.image import imread

from glassnet import mlp
from glassnet.inside import Mistakes, backquery, hidden_weights, label_targets
from glassnet.plots import inside as inside_plots
from glassnet.plots.sweeps import heatmap, parameter, sweep_figures
from glassnet.runs import TrainConfig
from glassnet.sweeps import SweepSpec
from glassnet.sweeps.table import Cell


def _png(path, min_height=250, min_width=350):
    image = imread(path)
    assert image.shape[0] >= min_height and image.shape[1] >= min_width
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".part")]
    return image


def test_confusion_matrix(tmp_path):
    matrix = np.array([[50, 2, 0], [3, 40, 7], [0, 1, 60]])
    inside_plots.confusion(matrix, ["cat", "dog", "bird"], tmp_path / "c.png")
    _png(tmp_path / "c.png", 400, 400)


def test_mistakes_gallery(tmp_path):
    images = np.random.default_rng(0).integers(0, 255, (5, 8, 8))
    found = Mistakes(
        np.arange(5), np.array([1, 2, 3, 4, 5]), np.array([0, 0, 0, 0, 0]), np.linspace(0.9, 0.5, 5)
    )
    inside_plots.mistakes(images, found, [str(d) for d in range(10)], tmp_path / "m.png")
    _png(tmp_path / "m.png", 200, 600)
    empty = Mistakes(np.array([], dtype=np.int64), *(np.array([]),) * 3)
    with pytest.raises(ValueError, match="no mistakes to show"):
        inside_plots.mistakes(images[:0], empty, ["0"], tmp_path / "none.png")
    assert not (tmp_path / "none.png").exists()


def test_weights_and_backquery_images(tmp_path):
    model = mlp([64, 120, 10], rng=0)
    inside_plots.weights(hidden_weights(model, (8, 8)), tmp_path / "w.png")
    _png(tmp_path / "w.png", 500, 500)  # ten rows of ten nodes; 120 > 100 are cut
    images = backquery(model, label_targets(10)).reshape(10, 8, 8)
    inside_plots.backquery(images, [str(d) for d in range(10)], tmp_path / "b.png")
    _png(tmp_path / "b.png", 350, 700)


def _cells(spec, score):
    cells = []
    for config in spec.configs()[:: spec.seeds]:
        values = {n: getattr(config, n) for n in spec.swept}
        mean = score(values)
        cells.append(Cell(values, [mean - 0.01, mean + 0.01], [1.0, 1.2]))
    return cells


def test_sweep_figures_one_per_setting_and_pair(tmp_path):
    spec = SweepSpec(
        "digits",
        TrainConfig(),
        {"learning_rate": (0.01, 0.1, 0.6), "epochs": (1, 2, 5), "hidden": ((10,), (500,))},
        seeds=2,
    )
    cells = _cells(spec, lambda v: 0.9 - abs(v["learning_rate"] - 0.1) + 0.001 * v["epochs"])
    written = sweep_figures(spec, cells, tmp_path)
    assert [p.name for p in written] == [
        "accuracy-vs-learning-rate.png",
        "accuracy-vs-epochs.png",
        "accuracy-vs-hidden.png",
        "heatmap-learning-rate-epochs.png",
        "heatmap-learning-rate-hidden.png",
        "heatmap-epochs-hidden.png",
    ]
    for path in written:
        _png(path)


def test_categorical_and_multilayer_settings(tmp_path):
    spec = SweepSpec(
        "digits",
        TrainConfig(),
        {"activation": ("sigmoid", "relu"), "hidden": ((32,), (32, 16))},
    )
    cells = _cells(spec, lambda v: 0.5 + 0.1 * len(v["hidden"]))
    parameter(spec, cells, "activation", tmp_path / "a.png")
    heatmap(spec, cells, "activation", "hidden", tmp_path / "h.png")
    _png(tmp_path / "a.png")
    _png(tmp_path / "h.png")
    assert sweep_figures(spec, [], tmp_path / "empty") == []
