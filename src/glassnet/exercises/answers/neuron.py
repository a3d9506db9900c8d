"""Exercise 8: TinySpark's single neuron with a bias, averaged deltas and mini-batches.

TinySpark's page "Training networks". The neuron sums its inputs times their weights and
applies the linear activation f(x) = x: with input1 = 0.1, input2 = 0.8, weight1 = 0.3
and weight2 = 0.9, Σ inputs·weights = 0.1 · 0.3 + 0.8 · 0.9 = 0.75. With the expected
output 0.4, "error = output − expected" = 0.35. Each weight's delta is
error · f′(x) · input (f′ = 1): δ_weight1 = 0.35 · 1 · 0.1 = 0.035, δ_weight2 = 0.28, and
weight_new = weight − δ gives 0.265 and 0.62.

"Each neuron in a neural network often has an additional weight applied to its sum
called the bias", whose input is a constant 1: Σ (inputs·weights) + bias. "It is common
to run each input through the training calculation and average all deltas for each
respective weight before applying them": δ = (δ_1 + δ_2 + ... + δ_n) / n. A learning
rate limits each change: weight − learning rate · δ. And "mini-batching" splits the
examples into subsets, with one update per subset.

Worked step by step: glassnet lesson neuron (and the Lessons tab of glassnet serve).
"""

import numpy as np

from glassnet.engine.activations import Identity
from glassnet.engine.losses import SquaredError
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD
from glassnet.engine.training import train
from glassnet.exercises.answers.types import Matrix, Vector
from glassnet.lessons.core import dense_with


def _neuron(weights: Vector, bias: float) -> Sequential:
    """The engine's neuron: a Dense layer of one node with a bias, then f(x) = x."""
    return Sequential([dense_with(np.array([weights], dtype=np.float64), [bias]), Identity()])


def _weights_and_bias(neuron: Sequential) -> tuple[Vector, float]:
    weight, bias = neuron.parameters()
    return weight.value[0], float(bias.value[0])


def feedforward(inputs: Vector, weights: Vector, bias: float) -> float:
    """The neuron's output f(Σ (inputs·weights) + bias), with f(x) = x.

    The page's neuron (inputs 0.1 and 0.8, weights 0.3 and 0.9, bias 0) gives 0.75.
    """
    return float(_neuron(weights, bias).forward(np.array([inputs], dtype=np.float64))[0, 0])


def deltas(inputs: Vector, weights: Vector, bias: float, expected: float) -> tuple[Vector, float]:
    """One example's deltas: (δ of each weight, δ of the bias).

    error = output − expected; δ_weight = error · f′(x) · input and δ_bias = error · 1.
    The page's neuron gives ((0.035, 0.28), 0.35).
    """
    neuron = _neuron(weights, bias)
    output = neuron.forward(np.array([inputs], dtype=np.float64))
    # ½(output − expected)²'s gradient: exactly the page's error · f′ · input.
    neuron.backward_loss(SquaredError(), output, np.array([[expected]], dtype=np.float64))
    weight, bias_parameter = neuron.parameters()
    return weight.grad[0], float(bias_parameter.grad[0])


def train_batch(
    inputs: Matrix, expected: Vector, weights: Vector, bias: float, learning_rate: float
) -> tuple[Vector, float]:
    """One update from a batch of examples (one row of ``inputs`` each): averaged deltas.

    weight_new = weight − learning rate · (δ_1 + ... + δ_n) / n, and the same for the
    bias. Return (new weights, new bias). The page's one example with learning rate 1.0
    gives ((0.265, 0.62), −0.35).
    """
    neuron = _neuron(weights, bias)
    outputs = neuron.forward(np.array(inputs, dtype=np.float64))
    target = np.array(expected, dtype=np.float64).reshape(-1, 1)
    neuron.backward_loss(SquaredError(), outputs, target)  # averages over the batch
    SGD(learning_rate).step(neuron.parameters())
    return _weights_and_bias(neuron)


def train_epoch(
    inputs: Matrix,
    expected: Vector,
    weights: Vector,
    bias: float,
    learning_rate: float,
    batch_size: int,
) -> tuple[Vector, float]:
    """One epoch of mini-batches: the examples in order, batch_size at a time.

    Each batch gets one update with its averaged deltas (as train_batch); the last batch
    is smaller when the examples do not divide evenly. Return (new weights, new bias).
    """
    neuron = _neuron(weights, bias)
    target = np.array(expected, dtype=np.float64).reshape(-1, 1)
    train(
        neuron,
        np.array(inputs, dtype=np.float64),
        target,
        loss=SquaredError(),
        optimizer=SGD(learning_rate),
        batch_size=batch_size,
        shuffle=False,
    )
    return _weights_and_bias(neuron)
