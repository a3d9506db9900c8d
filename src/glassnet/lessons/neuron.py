"""Lesson 10: TinySpark's neuron with a linear activation, trained by hand and then in loops.

The page's error = output − expected and delta = error · f′ · input are exactly the
gradient of ½(output − expected)² for one sample, so the neuron is an engine
``Dense(2, 1)`` with ``Identity`` trained on ``SquaredError`` by ``SGD``; the page's
"average all deltas" is the batch mean that the engine's losses already take.
"""

import numpy as np

from glassnet.engine.activations import Identity
from glassnet.engine.losses import SquaredError
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD
from glassnet.engine.training import Callback, EpochRecord, train
from glassnet.lessons.core import Lesson, LessonInfo, dense_with

INFO = LessonInfo(
    name="neuron",
    document="TinySpark page",
    section="Training neuron mathematically … mini-batching",
    summary="one linear neuron: error 0.35, deltas 0.035 and 0.28, new weights 0.265 and 0.62",
)

INPUTS = (0.1, 0.8)
EXPECTED = 0.4
WEIGHTS = (0.3, 0.9)
# Several examples for averaged deltas: expected = 0.4·input1 + 0.3·input2 + 0.12, a rule
# the neuron can learn exactly once it has a bias; the first row is the page's example.
EXAMPLES = ((0.1, 0.8), (0.5, 0.2), (0.9, 0.4), (0.3, 0.3))
RATES = (0.1, 0.05, 0.01)


def _neuron(bias: float | None = None) -> Sequential:
    return Sequential([dense_with([WEIGHTS], None if bias is None else [bias]), Identity()])


def _examples() -> tuple[np.ndarray, np.ndarray]:
    inputs = np.array(EXAMPLES)
    return inputs, inputs @ np.array([0.4, 0.3]) + 0.12


class _FullLoss(Callback):
    """Records ½·mean(error²) over all examples after every epoch (a loss curve)."""

    def __init__(self, model: Sequential, inputs: np.ndarray, expected: np.ndarray) -> None:
        self.model, self.inputs, self.expected = model, inputs, expected
        self.losses = [self._loss()]

    def _loss(self) -> float:
        return SquaredError().value(self.model.forward(self.inputs), self.expected)

    def on_epoch_end(self, record: EpochRecord) -> None:
        self.losses.append(self._loss())


def _until_small(model: Sequential, tolerance: float, limit: int = 1000) -> list[float]:
    """Errors (output − expected) of the page's example, one SGD step per epoch."""
    x, t = np.array([INPUTS]), np.array([[EXPECTED]])
    optimizer, loss = SGD(1.0), SquaredError()
    errors = [float(model.forward(x)[0, 0] - EXPECTED)]
    while abs(errors[-1]) >= tolerance and len(errors) <= limit:
        model.backward_loss(loss, model.forward(x), t)
        optimizer.step(model.parameters())
        errors.append(float(model.forward(x)[0, 0] - EXPECTED))
    return errors


def _curve(learning_rate: float, epochs: int, batch_size: int, seed: int) -> list[float]:
    inputs, expected = _examples()
    model = _neuron(bias=0.0)
    recorder = _FullLoss(model, inputs, expected[:, None])
    train(
        model,
        inputs,
        expected[:, None],
        loss=SquaredError(),
        optimizer=SGD(learning_rate),
        epochs=epochs,
        batch_size=batch_size,
        rng=seed,
        shuffle=batch_size < len(inputs),
        callbacks=[recorder],
    )
    return recorder.losses


def run(seed: int = 0, tolerance: float = 1e-4, epochs: int = 200) -> Lesson:
    if not 0 < tolerance < 0.35:
        raise ValueError(f"tolerance must be between 0 and 0.35, got {tolerance}")
    lesson = Lesson(INFO)
    model = _neuron()
    layer = model.dense_layers[0]
    x, t = np.array([INPUTS]), np.array([[EXPECTED]])
    output = float(model.forward(x)[0, 0])
    lesson.add(
        "feedforward",
        "Feedforward",
        "Σ inputs·weights, then the linear activation f(x) = x.",
        {
            "inputs": INPUTS,
            "weights": WEIGHTS,
            "Σ = 0.1·0.3 + 0.8·0.9": output,
            "output = f(Σ)": output,
        },
    )
    lesson.add(
        "error",
        "The error",
        "error = output − expected",
        {"expected": EXPECTED, "error": output - EXPECTED},
    )
    model.backward_loss(SquaredError(), model.forward(x), t)
    lesson.add(
        "deltas",
        "Backpropagate: the deltas",
        "δ = error · f′(x) · input, with f′ = 1: the gradient of ½(output − expected)².",
        {"δ weight1": float(layer.weight.grad[0, 0]), "δ weight2": float(layer.weight.grad[0, 1])},
    )
    SGD(1.0).step(model.parameters())
    new_output = float(model.forward(x)[0, 0])
    lesson.add(
        "update",
        "New weights, new output",
        "weight_new = weight − δ; the output comes closer to the expected 0.4.",
        {
            "new weights": layer.weight.value[0].copy(),
            "new output": new_output,
            "new error": new_output - EXPECTED,
        },
        note="the page's formula subtracts δ weight1 from weight2; its code (and its 0.62) "
        "use δ weight2, as here",
    )
    repeated = _neuron()
    errors = _until_small(repeated, tolerance)
    lesson.add(
        "epochs",
        "Repeat: epochs until the error is near zero",
        f"One update per epoch until |error| < {tolerance:g}; each update multiplies the\n"
        "error by 1 − (0.1² + 0.8²) = 0.35.",
        {
            "epochs": len(errors) - 1,
            "final error": errors[-1],
            "final weights": repeated.dense_layers[0].weight.value[0].copy(),
        },
    )
    bias_errors = _until_small(_neuron(bias=0.0), tolerance)
    lesson.add(
        "bias",
        "With a bias (a weight whose input is always 1)",
        "Σ inputs·weights + bias. The bias's input 1 makes each step larger: the error is\n"
        "multiplied by 1 − (0.1² + 0.8² + 1²) = −0.65, so it overshoots and flips sign.",
        {"epochs": len(bias_errors) - 1, "final error": bias_errors[-1]},
    )
    inputs, expected = _examples()
    model = _neuron(bias=0.0)
    per_example = (model.forward(inputs)[:, 0] - expected)[:, None] * inputs
    model.backward_loss(SquaredError(), model.forward(inputs), expected[:, None])
    averaged = _curve(1.0, epochs, len(inputs), seed)
    lesson.add(
        "averaged",
        "Averaged deltas over several examples",
        "Each example's deltas, averaged before one update: δ = (δ1 + … + δn)/n, the\n"
        "batch mean of the engine's loss. Examples follow expected = 0.4·x1 + 0.3·x2 + 0.12.",
        {
            "inputs": inputs,
            "expected": expected,
            "deltas per example (weight1, weight2)": per_example,
            "averaged deltas": per_example.mean(axis=0),
            "engine gradient (batch of 4)": model.dense_layers[0].weight.grad[0].copy(),
            f"loss after {epochs} epochs": averaged[-1],
        },
    )
    curves = {"averaged, rate 1": averaged}
    rate_values: dict[str, float] = {}
    for rate in RATES:
        curves[f"rate {rate:g}"] = _curve(rate, epochs, len(inputs), seed)
        rate_values[f"rate {rate:g}: loss after {epochs} epochs"] = curves[f"rate {rate:g}"][-1]
    lesson.add(
        "learning-rate",
        "With a learning rate",
        "weight_new = weight − learning rate · δ: smaller steps, less overshooting, slower.",
        rate_values,
        note="the page writes weight_new = learning rate · δ; the update is weight − "
        "learning rate · δ",
    )
    curves["mini-batches of 2, rate 0.1"] = _curve(0.1, epochs, 2, seed)
    lesson.add(
        "mini-batches",
        "Mini-batches",
        "The examples in shuffled batches of 2: two updates per epoch instead of one.",
        {
            f"full batch, rate 0.1: loss after {epochs} epochs": curves["rate 0.1"][-1],
            f"batches of 2, rate 0.1: loss after {epochs} epochs": curves[
                "mini-batches of 2, rate 0.1"
            ][-1],
        },
    )
    lesson.data = {"errors": errors, "bias errors": bias_errors, "curves": curves}
    return lesson
