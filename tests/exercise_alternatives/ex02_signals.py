"""Exercise 2 with math.exp and a plain loop."""

import math


def sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def node_output(inputs, weights):
    total = 0.0
    for signal, weight in zip(inputs, weights, strict=True):
        total += signal * weight
    return sigmoid(total)
