"""Exercise 2: the sigmoid, and the signal out of one node.

The deck, "Following Signals Through A Neural Network" to "Small Network". "The combined
moderated input is: x = (output from first node * link weight) + (output from second
node * link weight)", x = (1.0 * 0.9) + (0.5 * 0.3) = 1.05. The node's output is the
sigmoid of that sum, y = 1 / (1 + e^−x): "the neurons don't want to be passing on tiny
noise signals, only emphatically strong intentional signals". In the small network,
x = (1.0 * 0.2) + (0.5 * 0.8) = 0.6 and y = 1/(1 + 0.5488) = 0.6457.

Worked step by step: glassnet lesson signals (and the Lessons tab of glassnet serve).
"""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.exercises.answers.types import Vector
from glassnet.lessons.core import dense_with


def sigmoid(x: float) -> float:
    """The sigmoid y = 1 / (1 + e^−x) of one number: sigmoid(0.6) = 0.6457."""
    return float(Sigmoid().forward(np.array(x, dtype=np.float64)))


def node_output(inputs: Vector, weights: Vector) -> float:
    """One node's output: the sigmoid of Σ (output from node · link weight).

    ``inputs`` are the outputs of the nodes before, ``weights`` the weights of their links
    into this node. The deck: inputs 1.0 and 0.5 over the links 0.9 and 0.3 give
    x = 1.05 and y = 0.7408; over the links 0.2 and 0.8, x = 0.6 and y = 0.6457.
    """
    node = dense_with(np.array([weights], dtype=np.float64))
    combined = node.forward(np.array([inputs], dtype=np.float64))
    return float(Sigmoid().forward(combined)[0, 0])
