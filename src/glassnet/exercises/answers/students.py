"""Exercise 7: the infographic's 3-2-1 network with biases: guess, blame, update.

The infographic, "The mechanics of a simple neural network". Each student has a %
grade for class assignments, written tests and oral tests (the features; here as
fractions 0..1), and passed (1) or failed (0) the final exam (the target).
"Forward pass – the guessing game": two hidden nodes, H = σ(W¹X + b), longhand
H_1 = σ(W¹_11 X_1 + W¹_21 X_2 + W¹_31 X_3 + b), then one output, ŷ = σ(W²H + b). Here
row j of W1 holds the weights W¹_1j, W¹_2j, W¹_3j of the links into hidden node j, so
that W¹X is a matrix product; W2 holds W²_11 and W²_21.
"Back propagation – the blame game": the binary cross-entropy
E(W) = −1/m Σ_i [y_i·ln(ŷ_i) + (1 − y_i)·ln(1 − ŷ_i)] over m students, and for a
sigmoid output with this error "a very simple formula to update the weights":
w'_i = w_i − α(ŷ − y)·x_i and b' = b − α(ŷ − y)·1, where x is the output layer's input H.
(The infographic gives no numbers; the checker's first student has grades 0.65, 0.80
and 0.70.)

Worked on the real students: glassnet lesson students (and the Lessons tab of glassnet
serve).
"""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.engine.losses import BinaryCrossEntropy
from glassnet.engine.optimizers import SGD
from glassnet.exercises.answers.types import Matrix, Vector
from glassnet.lessons.core import dense_with


def forward_pass(
    W1: Matrix, b1: Vector, W2: Vector, b2: float, grades: Vector
) -> tuple[Vector, float]:
    """The guessing game for one student: return (H, ŷ).

    H = σ(W1·grades + b1) are the two hidden outputs and ŷ = σ(W2·H + b2) the predicted
    chance of passing.
    """
    hidden, output = dense_with(W1, b1), dense_with(np.array([W2], dtype=np.float64), [b2])
    H = Sigmoid().forward(hidden.forward(np.array([grades], dtype=np.float64)))
    prediction = Sigmoid().forward(output.forward(H))
    return H[0], float(prediction[0, 0])


def binary_cross_entropy(predictions: Vector, targets: Vector) -> float:
    """E(W) = −1/m Σ [y·ln(ŷ) + (1 − y)·ln(1 − ŷ)] over the m students' ŷ and y."""
    column = np.array(predictions, dtype=np.float64).reshape(-1, 1)
    return BinaryCrossEntropy().value(column, np.array(targets, dtype=np.float64).reshape(-1, 1))


def output_update(
    weights: Vector,
    bias: float,
    hidden: Vector,
    prediction: float,
    target: float,
    learning_rate: float,
) -> tuple[Vector, float]:
    """One student's update of the output node: return (new weights, new bias).

    w'_i = w_i − α(ŷ − y)·x_i with x = ``hidden`` (H), and b' = b − α(ŷ − y)·1, where ŷ
    is ``prediction``, y is ``target`` and α is ``learning_rate``.
    """
    node = dense_with(np.array([weights], dtype=np.float64), [bias])
    node.forward(np.array([hidden], dtype=np.float64))
    # Sigmoid + binary cross-entropy: the engine's combined delta is the formula's ŷ − y.
    node.set_gradients(BinaryCrossEntropy().delta(np.array([[prediction]]), np.array([[target]])))
    SGD(learning_rate).step(node.parameters())
    new_weight, new_bias = node.parameters()
    return new_weight.value[0], float(new_bias.value[0])
