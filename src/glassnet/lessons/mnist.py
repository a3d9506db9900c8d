"""Lesson 8: the deck's MNIST network, built and prepared the book's way."""

import os
from collections.abc import Sequence

import numpy as np
from scipy.special import logit

from glassnet.book import NeuralNetwork
from glassnet.data.dataset import Dataset
from glassnet.data.datasets import load_digits
from glassnet.data.mnist import MNIST_MD5, MNIST_MIRRORS, load_mnist
from glassnet.data.preprocessing import BookScaling, one_hot
from glassnet.data.sources import RemoteFile, find_or_download
from glassnet.engine.training import Callback
from glassnet.lessons.core import Lesson, LessonInfo, Table
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="mnist",
    document="Rashid deck",
    section="Python Implementation; Target Scaling; Weight Initialization",
    summary="the book's network on MNIST: scaled inputs, 0.01/0.99 targets, N(0, 1/√n) weights",
)

EXAMPLES = (5, 0, 9)  # the deck's table shows a "5", a "0" and a "9"
EPOCHS = {"mnist": 1, "digits": 10}  # the small bundled set needs more passes to learn as much
FALLBACK = (
    "real MNIST not found (set GLASSNET_DATA or --data-dir, or run `glassnet train "
    "mnist` once to download it); this run uses scikit-learn's bundled 8x8 digits"
)

INPUTS = Inputs(
    Input("hidden", "hidden nodes", 100, 1, 500, step=1, whole=True),
    Input("learning_rate", "learning rate", 0.1, 0.0, 10.0, step=0.01, open_low=True),
    Input(
        "epochs",
        "epochs",
        None,
        1,
        50,
        step=1,
        whole=True,
        optional=True,
        help="empty: 1 on MNIST, 10 on the bundled digits",
    ),
    Input(
        "n_train",
        "training images",
        None,
        1,
        60_000,
        step=100,
        whole=True,
        optional=True,
        help="empty: all of them",
    ),
    Input("seed", "seed", 0, 0, 99_999, step=1, whole=True, help="the starting weights"),
)


def data_note(data_dir: str | os.PathLike[str] | None = None) -> str:
    """ "" when real MNIST is in the data directory, else the note saying what runs instead."""
    try:
        for name, md5 in MNIST_MD5.items():
            find_or_download(
                RemoteFile("mnist", name, md5, MNIST_MIRRORS), data_dir, download=False
            )
    except FileNotFoundError:
        return FALLBACK
    return ""


def _load(data_dir: str | os.PathLike[str] | None) -> tuple[Dataset, str]:
    """Real MNIST from the data directory (never downloaded here), else the bundled digits."""
    try:
        return load_mnist(data_dir, download=False), ""
    except FileNotFoundError:
        return load_digits(), FALLBACK


def run(
    data_dir: str | os.PathLike[str] | None = None,
    seed: int = 0,
    hidden: int = 100,
    learning_rate: float = 0.1,
    epochs: int | None = None,
    n_train: int | None = None,
    callbacks: Sequence[Callback] = (),
) -> Lesson:
    """The book's network on MNIST (or the bundled digits); the other keywords are the
    inputs of ``INPUTS``; ``callbacks`` hear about the training (progress, stopping)."""
    seed = INPUTS["seed"].check(seed)
    hidden = INPUTS["hidden"].check(hidden)
    learning_rate = INPUTS["learning_rate"].check(learning_rate)
    epochs = INPUTS["epochs"].check(epochs)
    n_train = INPUTS["n_train"].check(n_train)
    dataset, fallback = _load(data_dir)
    if epochs is None:
        epochs = EPOCHS[dataset.name]
    X_raw, y = dataset.X_train[:n_train], dataset.y_train[:n_train]
    lesson = Lesson(INFO)
    if fallback:
        lesson.notes.append(fallback)
    scaling = dataset.preprocessing
    assert isinstance(scaling, BookScaling)  # both image sets use the book's scaling
    n_inputs, n_pixels = dataset.n_features, scaling.max_value
    lesson.add(
        "data",
        "The data",
        "MNIST: handwritten digits, 28x28 grey pixels, from the data folder"
        if dataset.name == "mnist"
        else dataset.description,
        {
            "images (training, test)": (len(X_raw), len(dataset.X_test)),
            "pixels per image": n_inputs,
            "pixel values": (0.0, n_pixels),
        },
    )
    pixels = np.array([0.0, n_pixels / 2, n_pixels])
    lesson.add(
        "inputs",
        "Input scaling to 0.01–1.0",
        f"x = pixel / {n_pixels:g} · 0.99 + 0.01: small, but never zero, because a zero input\n"
        "makes its links' updates zero (ΔW is proportional to the input O).",
        {"pixels": pixels, "inputs": scaling(pixels)},
    )
    targets = one_hot(np.array([5]), 10)[0]
    lesson.add(
        "targets",
        "Target scaling to 0.01/0.99",
        "A sigmoid never reaches 0 or 1: chasing them drives the sums, and so the weights,\n"
        "ever larger, where the slope S(1 − S) vanishes (saturation) and learning stops.",
        {
            "target for a 5": targets,
            "sum needed for 0.99": float(logit(0.99)),
            "sum needed for 0.999999": float(logit(0.999999)),
            "slope at output 0.5": 0.25,
            "slope at output 0.99": 0.99 * 0.01,
            "slope at output 0.999999": 0.999999 * 1e-6,
        },
    )
    network = NeuralNetwork(n_inputs, hidden, 10, learning_rate, rng=seed)
    lesson.add(
        "init",
        "Weight initialisation: N(0, 1/√links in)",
        "Random, small, never all zero: a normal distribution with standard deviation\n"
        "1/√(links into a node), drawn from a seeded generator.",
        {
            "network": f"{n_inputs}-{hidden}-10, learning rate {learning_rate:g}",
            "1/√n_in: input→hidden, hidden→output": (n_inputs**-0.5, hidden**-0.5),
            "measured std of wih, who": (float(network.wih.std()), float(network.who.std())),
        },
    )
    X_test = dataset.preprocessing(dataset.X_test)
    history = network.fit(
        dataset.preprocessing(X_raw),
        one_hot(y, 10),
        epochs=epochs,
        validation=(X_test, dataset.y_test),
        callbacks=callbacks,
    )
    lesson.add(
        "training",
        "Training with glassnet.book",
        "The book's own class: one update per image, in the file's order, with its\n"
        "backpropagation rule.",
        {
            "epochs": epochs,
            "training images": len(X_raw),
            "test accuracy": float(history.validation_accuracy[-1] or 0.0),
        },
    )
    picks = [int(np.flatnonzero(dataset.y_test == digit)[0]) for digit in EXAMPLES]
    outputs = np.column_stack([network.query(X_test[index])[:, 0] for index in picks])
    lesson.add(
        "outputs",
        "The output layer for a 5, a 0 and a 9",
        "As the deck's table: one column per test image (the first 5, 0 and 9 in the test\n"
        "set), one row per output node 0–9; the label is the largest output.",
        {
            "test image numbers": tuple(picks),
            "output layer": Table(
                "label",
                tuple(str(d) for d in range(10)),
                tuple(f'example "{d}"' for d in EXAMPLES),
                outputs,
            ),
            "labels given": tuple(int(np.argmax(column)) for column in outputs.T),
        },
    )
    for digit, index, column in zip(EXAMPLES, picks, outputs.T, strict=True):
        if int(np.argmax(column)) != digit:
            lesson.notes.append(
                f"test image {index}, a {digit}, is labelled {int(np.argmax(column))}: the "
                "network is not always right (see the figure)"
            )
    lesson.data = {
        "images": [dataset.X_test[index].reshape(dataset.image_shape or (-1,)) for index in picks],
        "outputs": outputs,
        "examples": EXAMPLES,
        "test image numbers": picks,
        "history": history,
    }
    return lesson
