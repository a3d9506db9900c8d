"""Exercise 5: the slope of the error, dE/dw, and the update ΔW = α·E·S(1−S)·Oᵀ.

The deck, "Gradients in Neural Networks" to "Matrix Version". For the link from node j
into output node k, the slope of the error is
∂E/∂w_jk = −(t_k − o_k) · sigmoid(Σ_j w_jk·o_j) · (1 − sigmoid(Σ_j w_jk·o_j)) · o_j
(the deck's first solution keeps a factor 2 from d(t − o)²; the book drops it, and so do
these exercises). The weights step downhill, "new w_jk = old w_jk − α · ∂E/∂w_jk", which
for a whole layer is the matrix version
ΔW = α · (E_k · S_k(1 − S_k)) · O_jᵀ,
"values from next layer" (a column) times "values from previous layer" (a row), where E
are the layer's errors, S its outputs (the sigmoid of W·O, computed once) and O its
inputs, the previous layer's outputs.

The deck's numbers: w1,1 = 2.0 and w2,1 = 3.0 into output node 1, hidden outputs 0.4 and
0.5, error t − o = 0.8: Σ w·o = 2.3, and ∂E/∂w1,1 = −0.8 · S(1 − S) · 0.4 = −0.02650.
With w1,2 = 1.0, w2,2 = 4.0 into output 2, its error 0.5 and α = 0.1,
ΔW = [[0.002650, 0.003313], [0.001525, 0.001906]].

Worked step by step: glassnet lesson update (and the Lessons tab of glassnet serve).
"""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.exercises.answers.types import Matrix, Vector
from glassnet.lessons.core import dense_with


def error_slope(error: float, weights: Vector, inputs: Vector) -> Vector:
    """∂E/∂w_jk for every link j into one output node k, as a list (one per link).

    ``error`` is that node's t_k − o_k, ``weights`` the w_jk of its links and ``inputs``
    the o_j they carry. The deck's example (0.8, (2.0, 3.0), (0.4, 0.5)) gives
    (−0.02650, −0.03313).
    """
    node, sigmoid = dense_with(np.array([weights], dtype=np.float64)), Sigmoid()
    sigmoid.forward(node.forward(np.array([inputs], dtype=np.float64)))
    # The engine's gradient of ½(t − o)²: the error's slope, −(t − o), back through S(1−S).
    node.set_gradients(sigmoid.backward(np.array([[-float(error)]])))
    return node.weight.grad[0]


def weight_change(weights: Matrix, inputs: Vector, errors: Vector, learning_rate: float) -> Matrix:
    """ΔW = α · (E·S(1 − S)) · Oᵀ for a layer of sigmoid nodes, with W's shape.

    ``weights`` is W (row k: the links into node k), ``inputs`` is O, ``errors`` is E and
    ``learning_rate`` is α. The new weights would be W + ΔW.
    """
    layer, sigmoid = dense_with(weights), Sigmoid()
    sigmoid.forward(layer.forward(np.array([inputs], dtype=np.float64)))
    # Dense's gradient is grad_outputᵀ · input: fed E·S(1−S) it is the book's E·S(1−S)·Oᵀ.
    layer.set_gradients(sigmoid.backward(np.array([errors], dtype=np.float64)))
    return learning_rate * layer.weight.grad
