"""Exercise 4: sending the errors back over the links, by proportion and as Wᵀ·e.

The deck, "Splitting the error" to "Review II". "We give more of the error to those
contributing connections which had greater link weights": the link from hidden node j
into output node k carries e_k · w_jk / (the sum of the weights of the links into k).
"The error in the first hidden node is the sum of the split errors in all the links
connecting forward from same node": e_hidden,1 = e_output,1 · w11/(w11 + w21) +
e_output,2 · w12/(w12 + w22). With the output errors 0.8 and 0.5 and the links w11 = 2.0,
w21 = 3.0 (into output 1), w12 = 1.0, w22 = 4.0 (into output 2), that is 0.42 and 0.88.

"In order to write this as a matrix product we had to simplify the inverse weighting by
skipping the normalisation factor": error_hidden = Wᵀ · error_output, here (2.1, 4.4).

As everywhere in these exercises, row k of W holds the links into node k:
W = [[w11, w21], [w12, w22]] = [[2.0, 3.0], [1.0, 4.0]].

Worked step by step: glassnet lesson backprop (and the Lessons tab of glassnet serve).
"""

import numpy as np

from glassnet.exercises.answers.types import Matrix, Vector
from glassnet.lessons.backprop import backpropagate


def split_errors(weights: Matrix, output_errors: Vector) -> Vector:
    """The hidden nodes' errors, each output error split in proportion to the link weights.

    e_hidden,j = Σ_k e_k · w_jk / Σ_i w_ik: for the deck's example, (0.42, 0.88).
    """
    matrix, errors = np.array(weights, dtype=np.float64), np.array(output_errors, dtype=np.float64)
    return backpropagate(matrix, errors, normalised=True)


def hidden_errors(weights: Matrix, output_errors: Vector) -> Vector:
    """The simplified matrix form, error_hidden = Wᵀ · error_output: (2.1, 4.4) for the deck's.

    (The book's train(): hidden_errors = numpy.dot(self.who.T, output_errors).)
    """
    matrix, errors = np.array(weights, dtype=np.float64), np.array(output_errors, dtype=np.float64)
    return backpropagate(matrix, errors, normalised=False)
