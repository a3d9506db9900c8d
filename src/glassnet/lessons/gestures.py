"""Lesson 11: TinySpark's gesture story on real IMU recordings: punch or flex?"""

import os
from collections.abc import Sequence

import numpy as np

from glassnet.data.local import (
    GESTURE_ROWS,
    IMU_COLUMNS,
    IMU_HIGH,
    IMU_LOW,
    local_file,
    read_gestures,
)
from glassnet.data.preprocessing import RangeScaling
from glassnet.engine.losses import BinaryCrossEntropy
from glassnet.engine.metrics import accuracy
from glassnet.engine.network import Sequential, mlp
from glassnet.engine.optimizers import SGD
from glassnet.engine.training import Callback, History, train
from glassnet.lessons.core import Lesson, LessonInfo
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="gestures",
    document="TinySpark page",
    section="Training networks: gesture data",
    summary="a small dense network tells a punch from a flex in IMU recordings",
)

GESTURES = ("punch", "flex")
HIDDEN = 16
LEARNING_RATE = 0.5
BATCH_SIZE = 4
EPOCHS = 60
FOLDS = 5

INPUTS = Inputs(
    Input("seed", "seed", 0, 0, 99_999, step=1, whole=True, help="weights, order and folds"),
    Input("epochs", "epochs", EPOCHS, 1, 500, step=10, whole=True),
    Input("hidden", "hidden nodes", HIDDEN, 1, 128, step=1, whole=True),
    Input("learning_rate", "learning rate", LEARNING_RATE, 0.0, 10.0, step=0.05, open_low=True),
    Input("batch_size", "mini-batch size", BATCH_SIZE, 1, 35, step=1, whole=True),
)


def data_note(data_dir: str | os.PathLike[str] | None = None) -> str:
    """ "" when both recordings are in the data directory, else why the lesson cannot run."""
    try:
        for name in GESTURES:
            local_file("gestures", f"{name}.csv", data_dir)
    except FileNotFoundError as error:
        return str(error)
    return ""


def scaling() -> RangeScaling:
    """The sensor's fixed ranges (±4 g, ±2000 °/s) onto 0–1, for every one of the 119 rows."""
    return RangeScaling(np.tile(IMU_LOW, GESTURE_ROWS), np.tile(IMU_HIGH, GESTURE_ROWS))


def train_model(
    inputs: np.ndarray,
    labels: np.ndarray,
    seed: int = 0,
    epochs: int = EPOCHS,
    *,
    hidden: int = HIDDEN,
    learning_rate: float = LEARNING_RATE,
    batch_size: int = BATCH_SIZE,
    callbacks: Sequence[Callback] = (),
) -> tuple[Sequential, History]:
    """The lesson's network, 714-16-1 sigmoid with binary cross-entropy, on scaled inputs."""
    model = mlp([inputs.shape[1], hidden, 1], activation="sigmoid", output="sigmoid", rng=seed)
    history = train(
        model,
        inputs,
        labels[:, None].astype(np.float64),
        loss=BinaryCrossEntropy(),
        optimizer=SGD(learning_rate),
        epochs=epochs,
        batch_size=batch_size,
        rng=seed,
        callbacks=callbacks,
    )
    return model, history


def run(
    data_dir: str | os.PathLike[str] | None = None,
    seed: int = 0,
    epochs: int = EPOCHS,
    *,
    hidden: int = HIDDEN,
    learning_rate: float = LEARNING_RATE,
    batch_size: int = BATCH_SIZE,
    callbacks: Sequence[Callback] = (),
) -> Lesson:
    """TinySpark's gestures; the keywords but ``data_dir`` and ``callbacks`` are the inputs
    of ``INPUTS``; ``callbacks`` hear about every training (folds, then the final model)."""
    from sklearn.model_selection import StratifiedKFold

    seed = INPUTS["seed"].check(seed)
    epochs = INPUTS["epochs"].check(epochs)
    hidden = INPUTS["hidden"].check(hidden)
    learning_rate = INPUTS["learning_rate"].check(learning_rate)
    batch_size = INPUTS["batch_size"].check(batch_size)

    paths = [local_file("gestures", f"{name}.csv", data_dir) for name in GESTURES]
    recordings = [read_gestures(path) for path in paths]
    lesson = Lesson(INFO)
    lesson.add(
        "recordings",
        "Cutting the recordings into gestures",
        "Each file is one long table of aX, aY, aZ (g) and gX, gY, gZ (°/s) at 119 Hz; the\n"
        "kit records 119 rows (one second) per gesture, so every 119 rows are one gesture.",
        {
            "rows in punch.csv, flex.csv": tuple(len(r) * GESTURE_ROWS for r in recordings),
            "gestures (punch, flex)": tuple(len(r) for r in recordings),
            "rows per gesture": GESTURE_ROWS,
            "channels": list(IMU_COLUMNS),
        },
    )
    raw = np.concatenate([r.reshape(len(r), -1) for r in recordings])
    labels = np.concatenate([np.full(len(r), k, dtype=np.int64) for k, r in enumerate(recordings)])
    scale = scaling()
    inputs = scale(raw)

    def fit(chosen: np.ndarray) -> tuple[Sequential, History]:
        return train_model(
            inputs[chosen],
            labels[chosen],
            seed,
            epochs,
            hidden=hidden,
            learning_rate=learning_rate,
            batch_size=batch_size,
            callbacks=callbacks,
        )

    channels = np.concatenate(recordings).reshape(-1, len(IMU_COLUMNS))
    lesson.add(
        "scaling",
        "Scaling to 0–1",
        "The accelerometer's range ±4 g and the gyroscope's ±2000 °/s map onto 0–1, the\n"
        "same on every board; each gesture becomes 119 × 6 = 714 inputs, time-major.",
        {
            "low (aX … gZ)": np.array(IMU_LOW),
            "high (aX … gZ)": np.array(IMU_HIGH),
            "smallest reading per channel": channels.min(axis=0),
            "largest reading per channel": channels.max(axis=0),
            "first punch, first row, scaled": inputs[0, : len(IMU_COLUMNS)],
        },
    )
    lesson.add(
        "network",
        "A small dense network",
        f"{inputs.shape[1]} inputs → {hidden} sigmoid nodes → 1 sigmoid output (flex = 1),\n"
        f"binary cross-entropy, SGD with learning rate {learning_rate:g}, mini-batches of "
        f"{batch_size}, {epochs} epochs.",
        {
            "parameters": inputs.shape[1] * hidden + hidden + hidden + 1,
            "seed": seed,
        },
    )
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    scores, losses, sizes, wrong = [], [], [], 0
    for train_index, test_index in folds.split(inputs, labels):
        model, history = fit(train_index)
        predicted = model.predict_labels(inputs[test_index])
        scores.append(accuracy(predicted, labels[test_index]))
        wrong += int(np.sum(predicted != labels[test_index]))
        losses.append(history.loss)
        sizes.append(len(test_index))
    scores_array = np.array(scores)
    lesson.add(
        "cross-validation",
        f"Held-out accuracy by {FOLDS}-fold cross-validation",
        f"With only {len(inputs)} gestures a single test split would be a handful of\n"
        f"examples; instead each gesture is held out once, in {FOLDS} stratified folds, and\n"
        "a fresh network is trained on the other folds each time.",
        {
            "gestures held out per fold": np.array(sizes),
            "accuracy per fold": scores_array,
            "mean accuracy": float(scores_array.mean()),
            "standard deviation": float(scores_array.std()),
            "gestures misclassified": wrong,
            "always guessing punch would score": float(np.mean(labels == 0)),
        },
    )
    model, history = fit(np.arange(len(inputs)))
    lesson.add(
        "final",
        "The final model, trained on every gesture",
        f"What would go onto the board: trained on all {len(inputs)} gestures once the "
        "cross-validation\n"
        "has said how well this recipe generalises.",
        {
            "training accuracy": accuracy(model.predict(inputs), labels),
            "final loss": history.loss[-1],
        },
    )
    lesson.data = {
        "examples": [recordings[0][0], recordings[1][0]],
        "gestures": list(GESTURES),
        "fold losses": losses,
        "fold accuracy": scores,
        "model": model,
        "scaling": scale,
        "examples scaled": [
            inputs[0].reshape(GESTURE_ROWS, -1),
            inputs[len(recordings[0])].reshape(GESTURE_ROWS, -1),
        ],
    }
    return lesson
