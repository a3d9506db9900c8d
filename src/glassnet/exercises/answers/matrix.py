"""Exercise 3: the forward pass as matrices, X = W·I and O = sigmoid(X).

The deck, "Matrix Multiplication" and "A Three Layer Example with Matrix Multiplication":
"at each layer we simply execute a matrix multiplication X = W·I plus a sigmoid
transformation O = sigmoid(X)". Row j of W holds the weights of the links into node j:
for the 2x2 example (w1,1 = 0.9, w1,2 = 0.2, w2,1 = 0.3, w2,2 = 0.8, where wi,j links
node i to node j) W = [[0.9, 0.3], [0.2, 0.8]], and with the inputs 1.0 and 0.5,
X = (1.05, 0.6) and O = (0.7408, 0.6457).

The three-layer example: inputs I = (0.9, 0.1, 0.8),
W_input_hidden = [[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]],
W_hidden_output = [[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]]: the hidden
outputs are (0.7613, 0.6035, 0.6502) and the final outputs (0.7263, 0.7086, 0.7781).
The deck's exercises: "Matrix product: numpy.dot(A, B)", "Sigmoid:
scipy.special.expit(x)" (or write both yourself).

Worked step by step: glassnet lesson matrix (and the Lessons tab of glassnet serve).
"""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.engine.network import Sequential
from glassnet.exercises.answers.types import Matrix, Vector
from glassnet.lessons.core import dense_with


def layer_outputs(weights: Matrix, inputs: Vector) -> Vector:
    """One layer: O = sigmoid(W·I), for the ``weights`` W and the ``inputs`` I.

    The 2x2 example gives (0.7408, 0.6457); the three-layer example's first layer
    (0.7613, 0.6035, 0.6502).
    """
    layer = dense_with(weights)
    return Sigmoid().forward(layer.forward(np.array([inputs], dtype=np.float64)))[0]


def network_outputs(w_input_hidden: Matrix, w_hidden_output: Matrix, inputs: Vector) -> Vector:
    """Two layers: the hidden outputs are the next layer's inputs.

    O_hidden = sigmoid(W_input_hidden · I), then O_output = sigmoid(W_hidden_output ·
    O_hidden). The three-layer example gives (0.7263, 0.7086, 0.7781).
    """
    network = Sequential(
        [dense_with(w_input_hidden), Sigmoid(), dense_with(w_hidden_output), Sigmoid()]
    )
    return network.forward(np.array([inputs], dtype=np.float64))[0]
