"""Exercise 6 by a learner who writes the book's class with the @ operator and short names."""

import numpy as np


def scale_inputs(pixels, max_value=255.0):
    return 0.01 + np.asarray(pixels, dtype=float) * (0.99 / max_value)


def make_targets(label, output_nodes=10):
    return [0.99 if node == label else 0.01 for node in range(output_nodes)]


def squash(signal):
    return 1.0 / (1.0 + np.exp(-signal))


class neuralNetwork:  # noqa: N801 - the book's spelling
    def __init__(self, inputnodes, hiddennodes, outputnodes, learningrate):
        self.lr = learningrate
        self.wih = np.random.normal(0.0, inputnodes**-0.5, (hiddennodes, inputnodes))  # noqa: NPY002
        self.who = np.random.normal(0.0, hiddennodes**-0.5, (outputnodes, hiddennodes))  # noqa: NPY002

    def _forward(self, inputs_list):
        x = np.reshape(inputs_list, (-1, 1))
        h = squash(self.wih @ x)
        return x, h, squash(self.who @ h)

    def train(self, inputs_list, targets_list):
        x, h, o = self._forward(inputs_list)
        e_out = np.reshape(targets_list, (-1, 1)) - o
        e_hidden = self.who.T @ e_out
        self.who = self.who + self.lr * (e_out * o * (1.0 - o)) @ h.T
        self.wih = self.wih + self.lr * (e_hidden * h * (1.0 - h)) @ x.T

    def query(self, inputs_list):
        return self._forward(inputs_list)[2]
