"""Exercise 10 as the book writes backquery, as a function of the two weight matrices."""

import numpy
import scipy.special


def backquery(wih, who, targets):
    final_outputs = numpy.array(targets, ndmin=2).T
    final_inputs = scipy.special.logit(final_outputs)
    hidden_outputs = numpy.dot(numpy.transpose(who), final_inputs)
    hidden_outputs = hidden_outputs - numpy.min(hidden_outputs)
    hidden_outputs = hidden_outputs / numpy.max(hidden_outputs) * 0.98 + 0.01
    hidden_inputs = scipy.special.logit(hidden_outputs)
    inputs = numpy.dot(numpy.transpose(wih), hidden_inputs)
    inputs = inputs - numpy.min(inputs)
    inputs = inputs / numpy.max(inputs) * 0.98 + 0.01
    return inputs
