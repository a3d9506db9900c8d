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
from glassnet.lessons.core import Lesson, LessonInfo, dense_with, format_number, given
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="neuron",
    document="TinySpark page",
    section="Training neuron mathematically … mini-batching",
    summary="one linear neuron: error 0.35, deltas 0.035 and 0.28, new weights 0.265 and 0.62",
)

SIGNALS = (0.1, 0.8)  # input1, input2
EXPECTED = 0.4
WEIGHTS = (0.3, 0.9)
# Several examples for averaged deltas: expected = 0.4·input1 + 0.3·input2 + 0.12, a rule
# the neuron can learn exactly once it has a bias; the first row is the page's example.
EXAMPLES = ((0.1, 0.8), (0.5, 0.2), (0.9, 0.4), (0.3, 0.3))
RATES = (0.1, 0.05, 0.01)
TOLERANCE = 1e-4
EPOCHS = 200
LIMIT = 1000  # epochs of the one-example loops at most
DIVERGED = 1e6  # an error this large has grown each epoch: the loop stops

INPUTS = Inputs(
    Input(
        "inputs",
        "inputs",
        SIGNALS,
        -10.0,
        10.0,
        step=0.05,
        names=("input1", "input2"),
        advice=(-1.0, 1.0),
        advice_text="with inputs this large each step can overshoot (the error's factor "
        "1 − Σ input² leaves −1…1)",
    ),
    Input("expected", "expected output", EXPECTED, -10.0, 10.0, step=0.05),
    Input("weights", "weights", WEIGHTS, -10.0, 10.0, step=0.05, names=("weight1", "weight2")),
    Input(
        "tolerance",
        "tolerance",
        TOLERANCE,
        0.0,
        1.0,
        step=0.0001,
        open_low=True,
        help="the epochs loops stop when |error| is below this",
    ),
    Input("epochs", "epochs of the averaged runs", EPOCHS, 1, 5000, step=10, whole=True),
    Input("seed", "seed", 0, 0, 99_999, step=1, whole=True, help="shuffles the mini-batches"),
)


def _neuron(weights: np.ndarray, bias: float | None = None) -> Sequential:
    return Sequential([dense_with([weights], None if bias is None else [bias]), Identity()])


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


def _until_small(model: Sequential, x: np.ndarray, t: np.ndarray, tolerance: float) -> list[float]:
    """Errors (output − expected) of the page's example, one SGD step per epoch, until
    |error| < ``tolerance``, ``LIMIT`` epochs, or the error passes ``DIVERGED``."""
    optimizer, loss = SGD(1.0), SquaredError()
    errors = [float(model.forward(x)[0, 0] - t[0, 0])]
    while tolerance <= abs(errors[-1]) < DIVERGED and len(errors) <= LIMIT:
        model.backward_loss(loss, model.forward(x), t)
        optimizer.step(model.parameters())
        errors.append(float(model.forward(x)[0, 0] - t[0, 0]))
    return errors


def _curve(
    weights: np.ndarray, learning_rate: float, epochs: int, batch_size: int, seed: int
) -> list[float]:
    inputs, expected = _examples()
    model = _neuron(weights, bias=0.0)
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


def _minus(text: str) -> str:
    return text.replace("-", "−")


def _factor_text(factor: float) -> str:
    """What multiplying the error by ``factor`` every epoch does to it."""
    if abs(factor) >= 1:
        return "so it grows every epoch: the updates diverge"
    if factor < 0:
        return "so it overshoots and flips sign"
    return "so it shrinks without changing sign"


def _stopped_note(errors: list[float], tolerance: float, which: str) -> str:
    if abs(errors[-1]) >= DIVERGED:
        return (
            f"{which}: the error grew every epoch and passed {DIVERGED:g} after "
            f"{len(errors) - 1} epochs, so the loop stopped (the updates diverge)"
        )
    if abs(errors[-1]) >= tolerance:
        return f"{which}: |error| was still above {tolerance:g} after {LIMIT} epochs"
    return ""


def run(
    seed: int = 0,
    tolerance: float = TOLERANCE,
    epochs: int = EPOCHS,
    *,
    inputs: tuple[float, float] = SIGNALS,
    expected: float = EXPECTED,
    weights: tuple[float, float] = WEIGHTS,
) -> Lesson:
    """TinySpark's neuron; every keyword is an input of its worked example (``INPUTS``)."""
    seed = INPUTS["seed"].check(seed)
    tolerance = INPUTS["tolerance"].check(tolerance)
    epochs = INPUTS["epochs"].check(epochs)
    signals = INPUTS["inputs"].check(inputs)
    target = INPUTS["expected"].check(expected)
    start = INPUTS["weights"].check(weights)
    lesson = Lesson(INFO)
    model = _neuron(start)
    layer = model.dense_layers[0]
    x, t = signals[np.newaxis, :], np.array([[target]])
    (i1, i2), (w1, w2) = (given(v) for v in signals), (given(v) for v in start)
    output = float(model.forward(x)[0, 0])
    lesson.add(
        "feedforward",
        "Feedforward",
        "Σ inputs·weights, then the linear activation f(x) = x.",
        {
            "inputs": tuple(float(v) for v in signals),
            "weights": tuple(float(v) for v in start),
            f"Σ = {i1}·{w1} + {i2}·{w2}": output,
            "output = f(Σ)": output,
        },
    )
    lesson.add(
        "error",
        "The error",
        "error = output − expected",
        {"expected": target, "error": output - target},
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
    closer = abs(new_output - target) < abs(output - target)
    lesson.add(
        "update",
        "New weights, new output",
        f"weight_new = weight − δ; the output {'comes closer to' if closer else 'moves away from'}"
        f" the expected {given(target)}.",
        {
            "new weights": layer.weight.value[0].copy(),
            "new output": new_output,
            "new error": new_output - target,
        },
        note="the page's formula subtracts δ weight1 from weight2; its code (and its 0.62) "
        "use δ weight2, as here",
    )
    repeated = _neuron(start)
    errors = _until_small(repeated, x, t, tolerance)
    factor = 1.0 - float(signals @ signals)
    lesson.add(
        "epochs",
        "Repeat: epochs until the error is near zero",
        f"One update per epoch until |error| < {tolerance:g}; each update multiplies the\n"
        f"error by 1 − ({i1}² + {i2}²) = {_minus(format_number(factor))}"
        + ("." if abs(factor) < 1 else f", {_factor_text(factor)}."),
        {
            "epochs": len(errors) - 1,
            "final error": errors[-1],
            "final weights": repeated.dense_layers[0].weight.value[0].copy(),
        },
        note=_stopped_note(errors, tolerance, "without a bias"),
    )
    bias_errors = _until_small(_neuron(start, bias=0.0), x, t, tolerance)
    bias_factor = factor - 1.0
    lesson.add(
        "bias",
        "With a bias (a weight whose input is always 1)",
        "Σ inputs·weights + bias. The bias's input 1 makes each step larger: the error is\n"
        f"multiplied by 1 − ({i1}² + {i2}² + 1²) = {_minus(format_number(bias_factor))}, "
        f"{_factor_text(bias_factor)}.",
        {"epochs": len(bias_errors) - 1, "final error": bias_errors[-1]},
        note=_stopped_note(bias_errors, tolerance, "with a bias"),
    )
    examples, targets = _examples()
    model = _neuron(start, bias=0.0)
    per_example = (model.forward(examples)[:, 0] - targets)[:, None] * examples
    model.backward_loss(SquaredError(), model.forward(examples), targets[:, None])
    averaged = _curve(start, 1.0, epochs, len(examples), seed)
    lesson.add(
        "averaged",
        "Averaged deltas over several examples",
        "Each example's deltas, averaged before one update: δ = (δ1 + … + δn)/n, the\n"
        "batch mean of the engine's loss. Examples follow expected = 0.4·x1 + 0.3·x2 + 0.12.",
        {
            "inputs": examples,
            "expected": targets,
            "deltas per example (weight1, weight2)": per_example,
            "averaged deltas": per_example.mean(axis=0),
            "engine gradient (batch of 4)": model.dense_layers[0].weight.grad[0].copy(),
            f"loss after {epochs} epochs": averaged[-1],
        },
    )
    curves = {"averaged, rate 1": averaged}
    rate_values: dict[str, float] = {}
    for rate in RATES:
        curves[f"rate {rate:g}"] = _curve(start, rate, epochs, len(examples), seed)
        rate_values[f"rate {rate:g}: loss after {epochs} epochs"] = curves[f"rate {rate:g}"][-1]
    lesson.add(
        "learning-rate",
        "With a learning rate",
        "weight_new = weight − learning rate · δ: smaller steps, less overshooting, slower.",
        rate_values,
        note="the page writes weight_new = learning rate · δ; the update is weight − "
        "learning rate · δ",
    )
    curves["mini-batches of 2, rate 0.1"] = _curve(start, 0.1, epochs, 2, seed)
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
    lesson.data = {
        "errors": errors,
        "bias errors": bias_errors,
        "curves": curves,
        "first output": output,
        "new weights": layer.weight.value[0].copy(),
        "new output": new_output,
    }
    return lesson
