"""Exercise 9: a Dense layer's backward pass and two losses' gradients.

Every update in the documents is a gradient: the deck's "∂E/∂w_jk", the infographic's
"vector of the partial derivatives of the error with respect to all the weights",
TinySpark's "discover the influence of each weight on the final prediction". glassnet's
engine computes them layer by layer, for a batch of samples in rows, and the checker
judges yours against numerical gradients: nudge each number by ±h and watch the error
change, ∂E/∂w ≈ (E(w + h) − E(w − h)) / 2h (glassnet.numerical_gradient).

A Dense layer computes y = x·Wᵀ + b for each sample x (a row; row j of W holds the links
into node j). Given grad_output = ∂L/∂y for every sample, its backward pass returns
∂L/∂W (W's shape: it is the book's E·Oᵀ summed over the samples), ∂L/∂b (one number per
node, summed over the samples) and ∂L/∂x = grad_output · W (the book's Wᵀ·e, one row per
sample), which goes on to the layer before.

The losses average over the m samples of a batch (rows) and sum over the output nodes:
the squared error E = 1/m Σ ½ Σ_k (t_k − o_k)² (the book's, with the ½ that the learning
rate absorbs) and the infographic's binary cross-entropy
E = −1/m Σ Σ_k [t_k·ln(o_k) + (1 − t_k)·ln(1 − o_k)]. Their gradients are ∂E/∂o, with
the shape of the outputs. TinySpark's neuron (output 0.75, expected 0.4) has
∂E/∂o = 0.35, its error.

Worked with the engine: glassnet lesson update, its last step (and the Lessons tab of
glassnet serve).
"""

import numpy as np

from glassnet.engine.losses import BinaryCrossEntropy, SquaredError
from glassnet.exercises.answers.types import Matrix, Vector
from glassnet.lessons.core import dense_with


def dense_backward(
    weight: Matrix, inputs: Matrix, grad_output: Matrix
) -> tuple[Matrix, Vector, Matrix]:
    """Return (∂L/∂W, ∂L/∂b, ∂L/∂x) of a Dense layer for the batch ``inputs`` (rows).

    ``grad_output`` holds ∂L/∂y, one row per sample, one column per node.
    """
    matrix = np.array(weight, dtype=np.float64, ndmin=2)
    layer = dense_with(matrix, np.zeros(len(matrix)))
    layer.forward(np.array(inputs, dtype=np.float64, ndmin=2))
    grad_input = layer.backward(np.array(grad_output, dtype=np.float64, ndmin=2))
    weight_parameter, bias_parameter = layer.parameters()
    return weight_parameter.grad, bias_parameter.grad, grad_input


def squared_error_gradient(predicted: Matrix, target: Matrix) -> Matrix:
    """∂E/∂o of E = 1/m Σ ½ Σ_k (t_k − o_k)², for the outputs o = ``predicted`` (rows)."""
    outputs = np.array(predicted, dtype=np.float64, ndmin=2)
    return SquaredError().gradient(outputs, np.array(target, dtype=np.float64, ndmin=2))


def binary_cross_entropy_gradient(predicted: Matrix, target: Matrix) -> Matrix:
    """∂E/∂o of E = −1/m Σ Σ_k [t_k·ln(o_k) + (1 − t_k)·ln(1 − o_k)]."""
    outputs = np.array(predicted, dtype=np.float64, ndmin=2)
    return BinaryCrossEntropy().gradient(outputs, np.array(target, dtype=np.float64, ndmin=2))
