"""Exercise 6: the book's neuralNetwork class, trained on MNIST by the checker.

The deck, "Python Implementation", "Target Scaling" and "Weight Initialization", and the
book's class: three layers of sigmoid nodes without biases, with the methods "initialise
the neural network" (__init__), "train the neural network" (train) and "query the neural
network" (query). Once your parts pass, the checker trains your class as the book does,
one image at a time, one epoch over MNIST's 60,000 training images (784-200-10, learning
rate 0.2; the bundled 8x8 digits when MNIST is absent), with your scale_inputs and
make_targets, then queries it on the 10,000 test images: the book's network reaches
about 0.95 after one epoch.

Worked step by step: glassnet lesson mnist (and the Lessons tab of glassnet serve).
"""

import numpy as np

from glassnet.book import NeuralNetwork
from glassnet.data import preprocessing
from glassnet.exercises.answers.types import Vector


def scale_inputs(pixels: Vector, max_value: float = 255.0) -> Vector:
    """Pixels 0..max_value (255 for MNIST) scaled into 0.01..1.0: pixel / 255 · 0.99 + 0.01.

    "Inputs should be scaled to be small, but not zero": (0, 127.5, 255) → (0.01, 0.505,
    1.0). Return new numbers; leave the pixels you were given as they are.
    """
    return preprocessing.scale_inputs(np.array(pixels, dtype=np.float64), max_value)


def make_targets(label: int, output_nodes: int = 10) -> Vector:
    """The target outputs for a label: 0.99 at the label's node, 0.01 everywhere else.

    "So we'll use the values 0.01 and 0.99 instead, so the target for the label 5 should
    be [0.01, 0.01, 0.01, 0.01, 0.01, 0.99, 0.01, 0.01, 0.01, 0.01]".
    """
    return preprocessing.one_hot([label], output_nodes)[0]


class neuralNetwork(NeuralNetwork):  # noqa: N801 - the book's own spelling
    """The book's neural network: input, hidden and output layers of sigmoid nodes.

    It keeps its link weights in ``self.wih`` (hidden nodes × input nodes: row j holds
    the links into hidden node j) and ``self.who`` (output nodes × hidden nodes), as
    NumPy arrays; the checker sets and reads them.
    """

    def __init__(
        self, inputnodes: int, hiddennodes: int, outputnodes: int, learningrate: float
    ) -> None:
        """Keep the sizes and the learning rate (self.lr) and draw the first weights.

        "The internal link weights should be random and small, avoiding zero": the book
        samples a normal distribution around 0.0 whose spread is "the inverse of the
        square root of the number of links into a node",
        numpy.random.normal(0.0, pow(self.inodes, -0.5), (self.hnodes, self.inodes)).
        """
        super().__init__(inputnodes, hiddennodes, outputnodes, learningrate)

    def train(self, inputs_list: Vector, targets_list: Vector) -> None:
        """One update of both weight matrices from one example (inputs and their targets).

        Forward as in query; output_errors = targets − final_outputs; hidden_errors =
        who.T · output_errors (before who changes); then each layer's
        ΔW = lr · (errors · S(1 − S)) · (its inputs)ᵀ is added to its weights.
        """
        super().train(inputs_list, targets_list)

    def query(self, inputs_list: Vector) -> Vector:
        """The final outputs for one input: sigmoid(who · sigmoid(wih · inputs)).

        The book returns a column (output nodes × 1); a list or a 1-D array is fine too.
        """
        return super().query(inputs_list)
