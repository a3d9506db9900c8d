"""Exercise 5 in the book's column-vector style, with scipy's expit."""

import numpy as np
from scipy.special import expit


def error_slope(error, weights, inputs):
    s = expit(np.dot(weights, inputs))
    return [-(error * s * (1 - s)) * o for o in inputs]


def weight_change(weights, inputs, errors, learning_rate):
    previous = np.array(inputs, ndmin=2).T
    S = expit(np.dot(weights, previous))
    E = np.array(errors, ndmin=2).T
    return learning_rate * np.dot(E * S * (1.0 - S), previous.T)
