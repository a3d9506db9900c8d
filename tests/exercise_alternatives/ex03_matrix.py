"""Exercise 3 with plain lists: each node's weighted sum, one row of W at a time."""

import math


def squash(value):
    return 1.0 / (1.0 + math.exp(-value))


def layer_outputs(weights, inputs):
    return [squash(sum(w * i for w, i in zip(row, inputs, strict=True))) for row in weights]


def network_outputs(w_input_hidden, w_hidden_output, inputs):
    return layer_outputs(w_hidden_output, layer_outputs(w_input_hidden, inputs))
