import numpy as np
from matplotlib.image import imread

from glassnet import SGD, SquaredError, mlp, train
from glassnet.plots.training import learning_curves


def test_learning_curves_png(tmp_path):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    history = train(
        mlp([2, 3, 1], rng=0),
        X,
        Y,
        loss=SquaredError(),
        optimizer=SGD(0.5),
        epochs=3,
        validation=(X, Y),
    )
    path = tmp_path / "curves.png"
    learning_curves(history, path)
    image = imread(path)
    assert image.shape[0] > 300
    assert image.shape[1] > 800
    assert [p.name for p in tmp_path.iterdir()] == ["curves.png"]
