"""A plain copy of the book's training code: the baseline that book mode must match.

``train`` and the loop below are *Make Your Own Neural Network*'s ``neuralNetwork.train``
and its epoch loop as the book prints them (column vectors, ``numpy.dot`` outer products,
float64), given the weights to start from so that both sides begin alike.
"""

from collections.abc import Callable
from typing import Any

import numpy
import numpy.typing as npt
import scipy.special

# The type of the book's activation function (scipy.special.expit, the sigmoid).
Activation = Callable[[npt.ArrayLike], npt.NDArray[numpy.floating[Any]]]


class PlainBookNetwork:
    def __init__(
        self,
        wih: npt.NDArray[numpy.floating[Any]],
        who: npt.NDArray[numpy.floating[Any]],
        learningrate: float,
    ) -> None:
        self.wih, self.who, self.lr = wih.copy(), who.copy(), learningrate
        self.activation_function: Activation = lambda x: scipy.special.expit(x)

    def train(self, inputs_list: npt.ArrayLike, targets_list: npt.ArrayLike) -> None:
        inputs = numpy.array(inputs_list, ndmin=2).T
        targets = numpy.array(targets_list, ndmin=2).T
        hidden_inputs = numpy.dot(self.wih, inputs)
        hidden_outputs = self.activation_function(hidden_inputs)
        final_inputs = numpy.dot(self.who, hidden_outputs)
        final_outputs = self.activation_function(final_inputs)
        output_errors = targets - final_outputs
        hidden_errors = numpy.dot(self.who.T, output_errors)
        self.who += self.lr * numpy.dot(
            (output_errors * final_outputs * (1.0 - final_outputs)), numpy.transpose(hidden_outputs)
        )
        self.wih += self.lr * numpy.dot(
            (hidden_errors * hidden_outputs * (1.0 - hidden_outputs)), numpy.transpose(inputs)
        )


def train_epoch(
    network: PlainBookNetwork,
    pixels: npt.NDArray[numpy.generic],
    labels: npt.NDArray[numpy.integer[Any]],
    output_nodes: int = 10,
) -> None:
    """One epoch as the book runs it: scale each record, one-hot 0.01/0.99 targets, train."""
    for record, label in zip(pixels, labels, strict=True):
        inputs = (numpy.asarray(record, dtype=float) / 255.0 * 0.99) + 0.01
        targets = numpy.zeros(output_nodes) + 0.01
        targets[int(label)] = 0.99
        network.train(inputs, targets)
