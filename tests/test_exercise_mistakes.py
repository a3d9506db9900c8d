"""Each catalogued mistake, injected into a correct answer, comes back as its hint.

The correct answers are the learner-style ones in ``exercise_alternatives/`` (plain
lists, math.exp, the book's class with @); each row below edits one of them the way a
learner would go wrong and asserts that the checker, judging behaviour only, names it.
"""

import pytest

from glassnet.exercises.catalogue import MISTAKES
from glassnet.exercises.feedback import render
from glassnet.exercises.running import find_exercise, run_exercise
from tests.exercise_helpers import alternative, load_source

BUGS, SIGNALS, BACKPROP, UPDATE = (
    "ex01_bugs.py",
    "ex02_signals.py",
    "ex04_backprop.py",
    "ex05_update.py",
)
BOOK, STUDENTS, NEURON = "ex06_book.py", "ex07_students.py", "ex08_neuron.py"
GRADIENTS, BACKQUERY = "ex09_gradients.py", "ex10_backquery.py"
ERROR_TERMS = "np.dot(E * S * (1.0 - S), previous.T)"
SCALED = "0.01 + np.asarray(pixels, dtype=float) * (0.99 / max_value)"
WHO_UPDATE = "        self.who = self.who + self.lr * (e_out * o * (1.0 - o)) @ h.T\n"
HIDDEN_ERRORS = "        e_hidden = self.who.T @ e_out\n"
WIH_DRAW = "np.random.normal(0.0, inputnodes**-0.5, (hiddennodes, inputnodes))"
SPLIT = "hidden[j] += output_errors[k] * w / total"
ENTROPY_TERMS = "y * math.log(p) + (1 - y) * math.log(1 - p)"
BATCHES = "range(0, len(inputs), batch_size):\n        stop = start + batch_size"
RESCALE_HIDDEN = (
    "    hidden_outputs = hidden_outputs - numpy.min(hidden_outputs)\n"
    "    hidden_outputs = hidden_outputs / numpy.max(hidden_outputs) * 0.98 + 0.01\n"
)
RESCALE_INPUTS = "    inputs = inputs - numpy.min(inputs)\n    inputs = inputs / numpy.max(inputs) * 0.98 + 0.01\n"

# (mistake, file, part, [(text in the correct answer, the learner's mistaken text)])
INJECTIONS = [
    ("no-learning-rate", BUGS, "moderated_update", [("learning_rate * (error / x)", "error / x")]),
    ("times-x", BUGS, "moderated_update", [("(error / x)", "error * x")]),
    ("returned-change", BUGS, "moderated_update", [("return slope + ", "return ")]),
    ("sigmoid-sign", SIGNALS, "sigmoid", [("math.exp(-x)", "math.exp(x)")]),
    ("no-sigmoid", SIGNALS, "node_output", [("return sigmoid(total)", "return total")]),
    (
        "transposed-weights",
        "ex03_matrix.py",
        "layer_outputs",
        [("for row in weights]", "for row in zip(*weights, strict=True)]")],
    ),
    (
        "deck-split-slip",
        BACKPROP,
        "split_errors",
        [(SPLIT, f"{SPLIT[:-5]}(2 * row[1] if (k, j) == (1, 0) else total)")],
    ),
    (
        "split-wrong-sum",
        BACKPROP,
        "split_errors",
        [(SPLIT, f"{SPLIT[:-5]}sum(r[j] for r in weights)")],
    ),
    ("transposed-weights", BACKPROP, "hidden_errors", [("weights[k][j] *", "weights[j][k] *")]),
    ("no-slope", UPDATE, "weight_change", [(ERROR_TERMS, "np.dot(E, previous.T)")]),
    (
        "output-for-error",
        UPDATE,
        "weight_change",
        [(ERROR_TERMS, "np.dot(S * S * (1.0 - S), previous.T)")],
    ),
    (
        "outer-product-reversed",
        UPDATE,
        "weight_change",
        [(ERROR_TERMS, "np.dot(previous, (E * S * (1.0 - S)).T)")],
    ),
    (
        "rate-twice",
        UPDATE,
        "weight_change",
        [("learning_rate * np.dot", "learning_rate**2 * np.dot")],
    ),
    (
        "returned-new-value",
        UPDATE,
        "weight_change",
        [("return learning_rate", "return weights + learning_rate")],
    ),
    (
        "sigmoid-twice",
        UPDATE,
        "weight_change",
        [("E * S * (1.0 - S)", "E * expit(S) * (1.0 - expit(S))")],
    ),
    (
        "slope-of-sum",
        UPDATE,
        "error_slope",
        [("s = expit(np.dot(weights, inputs))", "s = np.dot(weights, inputs)")],
    ),
    ("kept-factor-2", UPDATE, "error_slope", [("-(error * s", "-2 * (error * s")]),
    (
        "unscaled-inputs",
        BOOK,
        "scale_inputs",
        [(SCALED, "np.asarray(pixels, dtype=float) / max_value")],
    ),
    ("integer-division", BOOK, "scale_inputs", [("* (0.99 / max_value)", "// max_value * 0.99")]),
    (
        "changed-inputs",
        BOOK,
        "scale_inputs",
        [(f"return {SCALED}", "pixels *= 0.99 / max_value\n    pixels += 0.01\n    return pixels")],
    ),
    (
        "saturating-targets",
        BOOK,
        "make_targets",
        [("0.99 if node == label else 0.01", "1.0 if node == label else 0.0")],
    ),
    (
        "updated-weights-used",
        BOOK,
        "neuralNetwork",
        [(HIDDEN_ERRORS + WHO_UPDATE, WHO_UPDATE + HIDDEN_ERRORS)],
    ),
    (
        "exact-gradient",
        BOOK,
        "neuralNetwork",
        [("self.who.T @ e_out", "self.who.T @ (e_out * o * (1.0 - o))")],
    ),
    ("no-slope", BOOK, "neuralNetwork", [("(e_out * o * (1.0 - o)) @ h.T", "e_out @ h.T")]),
    (
        "update-sign",
        BOOK,
        "neuralNetwork",
        [
            ("self.who + self.lr", "self.who - self.lr"),
            ("self.wih + self.lr", "self.wih - self.lr"),
        ],
    ),
    ("rate-twice", BOOK, "neuralNetwork", [("self.lr * (", "self.lr * self.lr * (")]),
    ("transposed-weights", BOOK, "neuralNetwork", [("self.who.T @ e_out", "self.who @ e_out")]),
    (
        "output-for-error",
        BOOK,
        "neuralNetwork",
        [("e_out = np.reshape(targets_list, (-1, 1)) - o", "e_out = o")],
    ),
    ("equal-weights", BOOK, "neuralNetwork", [(WIH_DRAW, "np.zeros((hiddennodes, inputnodes))")]),
    (
        "positive-weights",
        BOOK,
        "neuralNetwork",
        [(WIH_DRAW, "np.random.rand(hiddennodes, inputnodes)")],
    ),
    (
        "update-sign",
        STUDENTS,
        "output_update",
        [("w - step * x", "w + step * x"), ("bias - step", "bias + step")],
    ),
    (
        "log10",
        STUDENTS,
        "binary_cross_entropy",
        [(ENTROPY_TERMS, ENTROPY_TERMS.replace("log", "log10"))],
    ),
    ("cross-entropy-sign", STUDENTS, "binary_cross_entropy", [("-sum(", "sum(")]),
    (
        "cross-entropy-one-term",
        STUDENTS,
        "binary_cross_entropy",
        [(ENTROPY_TERMS, "y * math.log(p)")],
    ),
    (
        "extra-slope",
        STUDENTS,
        "output_update",
        [("(prediction - target)", "(prediction - target) * prediction * (1 - prediction)")],
    ),
    ("no-bias", STUDENTS, "forward_pass", [(") + b)))", "))))"), (") + b2)))", "))))")]),
    ("no-bias", NEURON, "feedforward", [("strict=True)) + bias", "strict=True))")]),
    (
        "error-sign",
        NEURON,
        "deltas",
        [
            (
                "feedforward(inputs, weights, bias) - expected",
                "expected - feedforward(inputs, weights, bias)",
            )
        ],
    ),
    (
        "bias-never-learns",
        NEURON,
        "train_batch",
        [("return new_w, bias - learning_rate * total_b / n", "return new_w, bias")],
    ),
    (
        "summed-not-averaged",
        NEURON,
        "train_batch",
        [("d / n for", "d for"), ("total_b / n", "total_b")],
    ),
    (
        "tinyspark-weight-slip",
        NEURON,
        "train_batch",
        [
            (
                "    return new_w, bias -",
                "    new_w[1] = weights[1] - learning_rate * total_w[0] / n\n    return new_w, bias -",
            )
        ],
    ),
    (
        "tinyspark-rate-slip",
        NEURON,
        "train_batch",
        [("[w - learning_rate", "[learning_rate"), ("bias - learning_rate", "learning_rate")],
    ),
    (
        "dropped-last-batch",
        NEURON,
        "train_epoch",
        [
            (
                "range(0, len(inputs), batch_size)",
                "range(0, len(inputs) - batch_size + 1, batch_size)",
            )
        ],
    ),
    (
        "one-update-per-epoch",
        NEURON,
        "train_epoch",
        [(BATCHES, "range(0, 1):\n        stop = len(inputs)")],
    ),
    (
        "ignored-batch-size",
        NEURON,
        "train_epoch",
        [(BATCHES, "range(0, len(inputs)):\n        stop = start + 1")],
    ),
    ("slope-sign", GRADIENTS, "squared_error_gradient", [("return -(T - P)", "return (T - P)")]),
    (
        "fused-delta",
        GRADIENTS,
        "binary_cross_entropy_gradient",
        [("(-(t / p) + (1 - t) / (1 - p)) / m", "(p - t) / m")],
    ),
    ("bias-gradient-averaged", GRADIENTS, "dense_backward", [("G.sum(axis=0)", "G.mean(axis=0)")]),
    ("outer-product-reversed", GRADIENTS, "dense_backward", [('"sk,sj->kj"', '"sk,sj->jk"')]),
    ("no-rescale", BACKQUERY, "backquery", [(RESCALE_HIDDEN, ""), (RESCALE_INPUTS, "")]),
    ("sigmoid-for-logit", BACKQUERY, "backquery", [("special.logit", "special.expit")]),
    (
        "transposed-weights",
        BACKQUERY,
        "backquery",
        [("numpy.transpose(who)", "who"), ("numpy.transpose(wih)", "wih")],
    ),
]


def test_every_catalogued_mistake_is_injected_somewhere():
    assert {key for key, *_ in INJECTIONS} == set(MISTAKES)


@pytest.mark.parametrize(
    ("key", "file", "part", "replacements"),
    INJECTIONS,
    ids=[f"{key}-{part}" for key, _, part, _ in INJECTIONS],
)
def test_the_checker_names_the_injected_mistake(key, file, part, replacements, tmp_path):
    source = alternative(file)
    for old, new in replacements:
        assert old in source, f"{old!r} is not in {file}: the injection no longer applies"
        source = source.replace(old, new)
    objects = load_source(tmp_path, file[:-3], source)
    result = run_exercise(find_exercise(file), objects, only={part}, seconds=60)
    [checked] = result.parts
    assert checked.status == "failed"
    assert checked.failure is not None
    assert checked.failure.mistake == key, checked.failure
    mistake = MISTAKES[key]
    text = " ".join(render(result).split())
    assert " ".join(f"mistake: {mistake.name}: {mistake.hint}".split()) in text
