"""Codes telling the compiled output head (``minibatch_numba.output_head``) what it computes.

The output activation and loss pair, and the activation before the output layer, whose
slope (a function of its output) the head applies to the error it sends back. numba-free,
so that ``fused_sgd`` can plan a step without importing numba.
"""

SIGMOID_SQUARED_ERROR, SIGMOID_BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY = 0, 1, 2
HIDDEN_IDENTITY, HIDDEN_SIGMOID, HIDDEN_RELU, HIDDEN_TANH = 0, 1, 2, 3
