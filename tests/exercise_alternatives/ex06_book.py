"""Exercise 6 the way the book writes its class (other names inside)."""

import numpy
import scipy.special


def scale_inputs(pixels, max_value=255.0):
    return numpy.asarray(pixels, dtype=float) / max_value * 0.99 + 0.01


def make_targets(label, output_nodes=10):
    targets = numpy.zeros(output_nodes) + 0.01
    targets[label] = 0.99
    return targets


class neuralNetwork:  # noqa: N801 - the book's spelling
    def __init__(self, inputnodes, hiddennodes, outputnodes, learningrate):
        self.inodes, self.hnodes, self.onodes = inputnodes, hiddennodes, outputnodes
        self.wih = numpy.random.normal(0.0, pow(self.inodes, -0.5), (self.hnodes, self.inodes))  # noqa: NPY002
        self.who = numpy.random.normal(0.0, pow(self.hnodes, -0.5), (self.onodes, self.hnodes))  # noqa: NPY002
        self.lr = learningrate
        self.activation_function = scipy.special.expit

    def train(self, inputs_list, targets_list):
        inputs = numpy.array(inputs_list, ndmin=2).T
        targets = numpy.array(targets_list, ndmin=2).T
        hidden_outputs = self.activation_function(numpy.dot(self.wih, inputs))
        final_outputs = self.activation_function(numpy.dot(self.who, hidden_outputs))
        output_errors = targets - final_outputs
        hidden_errors = numpy.dot(self.who.T, output_errors)
        self.who += self.lr * numpy.dot(
            output_errors * final_outputs * (1.0 - final_outputs), numpy.transpose(hidden_outputs)
        )
        self.wih += self.lr * numpy.dot(
            hidden_errors * hidden_outputs * (1.0 - hidden_outputs), numpy.transpose(inputs)
        )

    def query(self, inputs_list):
        inputs = numpy.array(inputs_list, ndmin=2).T
        hidden_outputs = self.activation_function(numpy.dot(self.wih, inputs))
        return self.activation_function(numpy.dot(self.who, hidden_outputs))
