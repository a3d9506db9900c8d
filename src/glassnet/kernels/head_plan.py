"""Where the compiled output head fits a model: the codes it is told, and the plan.

``output_head_numba.output_head`` is told by code which output activation and loss pair
it computes, and which activation comes before the output layer (whose slope, a
function of its output, it applies to the error it sends back). ``head_plan`` finds
them for a model, or says the head does not fit. numba-free, so that ``fused_sgd`` can
plan a step without importing numba.
"""

from dataclasses import dataclass

import numpy as np

from glassnet.engine.activations import Identity, ReLU, Sigmoid, Softmax, Tanh
from glassnet.engine.layers import Dense
from glassnet.engine.losses import BinaryCrossEntropy, CrossEntropy, Loss, SquaredError
from glassnet.engine.network import Sequential

SIGMOID_SQUARED_ERROR, SIGMOID_BINARY_CROSS_ENTROPY, SOFTMAX_CROSS_ENTROPY = 0, 1, 2
HIDDEN_IDENTITY, HIDDEN_SIGMOID, HIDDEN_RELU, HIDDEN_TANH = 0, 1, 2, 3

HEAD_OUTPUTS: tuple[tuple[type, type[Loss], int], ...] = (
    (Sigmoid, SquaredError, SIGMOID_SQUARED_ERROR),
    (Sigmoid, BinaryCrossEntropy, SIGMOID_BINARY_CROSS_ENTROPY),
    (Softmax, CrossEntropy, SOFTMAX_CROSS_ENTROPY),
)
HEAD_HIDDEN: dict[type, int] = {
    Identity: HIDDEN_IDENTITY,
    Sigmoid: HIDDEN_SIGMOID,
    ReLU: HIDDEN_RELU,
    Tanh: HIDDEN_TANH,
}


@dataclass(frozen=True)
class HeadPlan:
    """How ``FusedSGD.step`` splits a model around the compiled output head."""

    output_kind: int  # the output activation and loss pair
    hidden_kind: int  # the activation whose slope the head applies to the error it sends back
    head: int  # index of the output Dense layer
    resume: int  # the last layer the error goes on through, -1 when there is none


def head_plan(model: Sequential, loss: Loss) -> HeadPlan | None:
    """Where the compiled output head fits ``model`` with ``loss``; None where it does not.

    The model must end in Dense + an output activation that pairs with the loss, and the
    layer before that Dense (if any) must be an activation the head knows or a Dense.
    """
    layers = model.layers
    if len(layers) < 2 or type(layers[-2]) is not Dense:
        return None
    kinds = [code for a, b, code in HEAD_OUTPUTS if type(layers[-1]) is a and type(loss) is b]
    if not kinds:
        return None
    head = len(layers) - 2
    if head == 0:
        return HeadPlan(kinds[0], HIDDEN_IDENTITY, head, -1)
    before = type(layers[head - 1])
    if before is Dense:
        return HeadPlan(kinds[0], HIDDEN_IDENTITY, head, head - 1)
    if before not in HEAD_HIDDEN:
        return None
    return HeadPlan(kinds[0], HEAD_HIDDEN[before], head, head - 2)


def sigmoid_on_dense(model: Sequential, index: int) -> bool:
    """Whether layer ``index`` is a float32 sigmoid on the output of a Dense layer."""
    layers = model.layers
    return (
        index >= 1
        and model.dtype == np.float32
        and type(layers[index]) is Sigmoid
        and type(layers[index - 1]) is Dense
    )
