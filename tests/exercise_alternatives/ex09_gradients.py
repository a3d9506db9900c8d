"""Exercise 9 with einsum, and the losses' derivatives written out."""

import numpy as np


def dense_backward(weight, inputs, grad_output):
    W, X, G = np.asarray(weight), np.asarray(inputs), np.asarray(grad_output)
    grad_weight = np.einsum("sk,sj->kj", G, X)
    grad_bias = G.sum(axis=0)
    grad_input = np.einsum("sk,kj->sj", G, W)
    return grad_weight, grad_bias, grad_input


def squared_error_gradient(predicted, target):
    P, T = np.asarray(predicted), np.asarray(target)
    return -(T - P) / P.shape[0]


def binary_cross_entropy_gradient(predicted, target):
    p, t = np.asarray(predicted), np.asarray(target)
    m = p.shape[0]
    return (-(t / p) + (1 - t) / (1 - p)) / m
