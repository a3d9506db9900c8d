"""Lesson 9: the infographic's 3-2-1 pass/fail network on the real UCI student grades."""

import os
from collections.abc import Sequence

import numpy as np

from glassnet.data.local import load_students, local_file
from glassnet.data.preprocessing import RangeScaling
from glassnet.engine.activations import Sigmoid
from glassnet.engine.gradcheck import gradcheck
from glassnet.engine.layers import Dense, Parameter
from glassnet.engine.losses import BinaryCrossEntropy
from glassnet.engine.metrics import accuracy
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD
from glassnet.engine.training import Callback, EpochRecord, train
from glassnet.lessons.core import Lesson, LessonInfo, Value
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="students",
    document="Infographic",
    section="Forward pass; Back propagation",
    summary="a 3-2-1 sigmoid network with biases and binary cross-entropy predicts pass/fail",
)

FEATURES = ("G1", "G2", "studytime")
LEARNING_RATE = 2.0
EPOCHS = 1000
DATA = ("students", "student-mat.csv")  # folder and file in the data directory

INPUTS = Inputs(
    Input("seed", "seed", 0, 0, 99_999, step=1, whole=True, help="the starting weights"),
    Input("epochs", "epochs", EPOCHS, 1, 20_000, step=100, whole=True),
    Input(
        "learning_rate",
        "learning rate α",
        LEARNING_RATE,
        0.0,
        50.0,
        step=0.1,
        open_low=True,
        help="large for full-batch steps on a mean loss",
    ),
)


class _TestLoss(Callback):
    """The test set's loss after every epoch, beside the training loss ``train`` records."""

    def __init__(self, model: Sequential, inputs: np.ndarray, targets: np.ndarray) -> None:
        self.model, self.inputs, self.targets = model, inputs, targets
        self.losses: list[float] = []

    def on_epoch_end(self, record: EpochRecord) -> None:
        predicted = self.model.forward(self.inputs)
        self.losses.append(BinaryCrossEntropy().value(predicted, self.targets))


def _network(n_features: int, seed: int) -> tuple[Sequential, Dense, Dense]:
    """The infographic's network: σ(W¹X + b) into two hidden nodes, then σ(W²H + b)."""
    rng = np.random.default_rng(seed)
    hidden, output = Dense(n_features, 2, rng=rng), Dense(2, 1, rng=rng)
    return Sequential([hidden, Sigmoid(), output, Sigmoid()]), hidden, output


def _bias(layer: Dense) -> Parameter:
    if layer.bias is None:  # pragma: no cover - every layer here has one
        raise RuntimeError("the infographic's layers have biases")
    return layer.bias


def _named(matrix: np.ndarray, prefix: str) -> dict[str, float]:
    """Weights (or their gradients) by the infographic's names: W^k_ij links i to node j."""
    return {
        f"{prefix}{i + 1}{j + 1}": float(matrix[j, i])
        for j in range(matrix.shape[0])
        for i in range(matrix.shape[1])
    }


def _forward_values(hidden: Dense, output: Dense, x: np.ndarray) -> dict[str, Value]:
    z1 = hidden.forward(x)
    h = Sigmoid().forward(z1)
    z2 = output.forward(h)
    return {
        "W¹X + b": z1[0],
        "H = σ(W¹X + b)": h[0],
        "W²H + b": float(z2[0, 0]),
        "ŷ = σ(W²H + b)": float(Sigmoid().forward(z2)[0, 0]),
    }


def data_note(data_dir: str | os.PathLike[str] | None = None) -> str:
    """ "" when the student grades are in the data directory, else why the lesson cannot run."""
    try:
        local_file(*DATA, data_dir)
    except FileNotFoundError as error:
        return str(error)
    return ""


def run(
    data_dir: str | os.PathLike[str] | None = None,
    seed: int = 0,
    epochs: int = EPOCHS,
    features: Sequence[str] = FEATURES,
    *,
    learning_rate: float = LEARNING_RATE,
    callbacks: Sequence[Callback] = (),
) -> Lesson:
    """The infographic's network on the real grades; ``seed``, ``epochs`` and
    ``learning_rate`` are the inputs of ``INPUTS``; ``callbacks`` hear about the training."""
    seed = INPUTS["seed"].check(seed)
    epochs = INPUTS["epochs"].check(epochs)
    rate = INPUTS["learning_rate"].check(learning_rate)
    dataset = load_students(data_dir, features=tuple(features))
    X, X_test = dataset.preprocessing(dataset.X_train), dataset.preprocessing(dataset.X_test)
    Y = dataset.y_train[:, None].astype(np.float64)
    Y_test = dataset.y_test[:, None].astype(np.float64)
    lesson = Lesson(INFO)
    scaling = dataset.preprocessing
    assert isinstance(scaling, RangeScaling)  # load_students scales by the training ranges
    lesson.add(
        "data",
        "The students",
        "UCI Student Performance (maths): pass means a final grade G3 ≥ 10. Each feature\n"
        "is min–max scaled to 0–1 with the training students' ranges; a fixed, seeded,\n"
        "stratified 75/25 split.",
        {
            "features": list(features),
            "training / test students": (len(X), len(X_test)),
            "share passing (train, test)": (float(Y.mean()), float(Y_test.mean())),
            "feature minimum (train)": scaling.low,
            "feature maximum (train)": scaling.high,
            "student 1, raw": np.asarray(dataset.X_train[0], dtype=np.float64),
            "student 1, scaled X": X[0],
        },
    )
    model, hidden, output = _network(len(features), seed)
    one = X[:1]
    lesson.add(
        "forward",
        "Forward pass for student 1: the guessing game",
        "Random starting weights (seeded), biases 0. H = σ(W¹X + b), then ŷ = σ(W²H + b).",
        {
            **_named(hidden.weight.value, "W¹_"),
            **_named(output.weight.value, "W²_"),
            **_forward_values(hidden, output, one),
            "y (passed?)": int(Y[0, 0]),
        },
    )
    loss = BinaryCrossEntropy()
    loss_one = loss.value(model.forward(one), Y[:1])
    predicted = model.forward(X)  # last forward pass: backward_loss works from this one
    lesson.add(
        "loss",
        "How'd I do? The binary cross-entropy",
        "E(W) = −1/m Σ [y·ln ŷ + (1 − y)·ln(1 − ŷ)] over the m training students.",
        {
            "m": len(X),
            "E for student 1 alone": loss_one,
            "E(W) over all students": loss.value(predicted, Y),
        },
    )
    model.backward_loss(loss, predicted, Y)
    check = gradcheck(_network(len(features), seed)[0], loss, X, Y)
    gradient = _named(hidden.weight.grad, "∂E/∂W¹_") | _named(output.weight.grad, "∂E/∂W²_")
    lesson.add(
        "gradient",
        "The blame game: the gradient",
        "∂E over all eight weights and the three biases, by backpropagation, and the\n"
        "largest relative difference from numerical gradients (gradcheck).",
        {
            **gradient,
            "∂E/∂b (hidden)": _bias(hidden).grad.copy(),
            "∂E/∂b (output)": float(_bias(output).grad[0]),
            "gradcheck, largest relative error": max(check.values()),
        },
    )
    hidden_outputs = Sigmoid().forward(hidden.forward(X))
    simple = ((predicted - Y) * hidden_outputs).mean(axis=0)  # mean of (ŷ − y)·x_i, x = H
    updated = output.weight.value[0] - rate * simple
    SGD(rate).step(model.parameters())
    lesson.add(
        "update",
        "The very simple update rule",
        "For a sigmoid output with binary cross-entropy, ∂E/∂w_i = (ŷ − y)·x_i (averaged\n"
        "over the students), so w'_i = w_i − α(ŷ − y)·x_i; for the output layer x is H.",
        {
            "α": rate,
            "(ŷ − y)·H, averaged": simple,
            "engine's ∂E/∂W²": output.weight.grad[0].copy(),
            "W² by the rule": updated,
            "W² after one engine SGD step": output.weight.value[0].copy(),
            "b² after the step": float(_bias(output).value[0]),
            "E(W) after one step": loss.value(model.forward(X), Y),
        },
        note="the infographic writes w'_i = w_i α ∇E, losing the minus sign: the step is "
        "w − α∇E, downhill",
    )
    model, hidden, output = _network(len(features), seed)
    test_loss = _TestLoss(model, X_test, Y_test)
    history = train(
        model,
        X,
        Y,
        loss=loss,
        optimizer=SGD(rate),
        epochs=epochs,
        batch_size=len(X),
        shuffle=False,
        validation=(X_test, dataset.y_test),
        callbacks=[test_loss, *callbacks],
    )
    test_accuracy = accuracy(model.predict(X_test), dataset.y_test)
    lesson.add(
        "training",
        "Repeat until the error is low",
        f"{epochs} full-batch gradient-descent steps (update, forward pass, repeat).",
        {
            "epochs": epochs,
            "E(W) on training students, first and last epoch": (history.loss[0], history.loss[-1]),
            "E(W) on test students, last epoch": test_loss.losses[-1],
            "training accuracy": accuracy(model.predict(X), dataset.y_train),
            "test accuracy": test_accuracy,
            "always guessing 'pass' would score": float(np.mean(dataset.y_test == 1)),
            "student 1: ŷ after training": float(model.predict(one)[0, 0]),
        },
    )
    lesson.data = {
        "train loss": history.loss,
        "test loss": test_loss.losses,
        "test accuracy": test_accuracy,
        "weights": [hidden.weight.value.copy(), output.weight.value.copy()],
        "biases": [_bias(hidden).value.copy(), _bias(output).value.copy()],
        "features": list(features),
        "student 1 after training": _forward_values(hidden, output, one),
    }
    return lesson
