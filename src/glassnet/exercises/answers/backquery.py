"""Exercise 10: the book's backquery, the network run backwards.

The book ends by asking what a trained network "thinks" a digit looks like: feed a
label's targets in at the outputs and run each layer backwards. A node's output is the
sigmoid of its sum, so backwards its sum is the inverse of the sigmoid, the logit
ln(y / (1 − y)) (scipy.special.logit); the sums are sent back through the transposed
weights (who.T, then wih.T). The logit is only defined between 0 and 1, so after each
layer the signals are rescaled as the book does: subtract their minimum, divide by their
maximum, multiply by 0.98 and add 0.01, which puts them into 0.01–0.99.

final_outputs = targets; final_inputs = logit(final_outputs);
hidden_outputs = rescaled(who.T · final_inputs); hidden_inputs = logit(hidden_outputs);
inputs = rescaled(wih.T · hidden_inputs).

With the deck's three-layer weights (exercise 3) and the targets (0.01, 0.99, 0.01) the
input that network would answer that way is (0.9309, 0.99, 0.01).

The network's outputs for real digits: glassnet lesson mnist (and the Lessons tab of
glassnet serve); a trained model's backquery images: glassnet report MODEL.npz.
"""

import numpy as np

from glassnet.book import NeuralNetwork
from glassnet.exercises.answers.types import Matrix, Vector


def backquery(wih: Matrix, who: Matrix, targets: Vector) -> Vector:
    """The input (0.01–0.99, one number per input node) behind the given output targets.

    ``wih`` is the input→hidden weights (hidden nodes × input nodes), ``who`` the
    hidden→output weights (output nodes × hidden nodes), as in the book's class.
    """
    input_hidden, hidden_output = np.array(wih, dtype=np.float64), np.array(who, dtype=np.float64)
    hidden_nodes, input_nodes = input_hidden.shape
    network = NeuralNetwork(input_nodes, hidden_nodes, len(hidden_output), 0.1, rng=0)
    network.wih, network.who = input_hidden, hidden_output
    return network.backquery(targets)[:, 0]
