"""The fused step's output layer, compiled (numba): a chain of twins of engine formulas.

``output_head`` does the output layer's whole part of a mini-batch training step in one
call; each function it chains is named after the readable formula it computes, and
tested equal to it (tests/test_minibatch_numba.py):

| compiled here            | its readable twin                                          |
|--------------------------|------------------------------------------------------------|
| ``sigmoid``              | ``engine.activations.sigmoid``, one number                 |
| ``dense_forward``        | ``Dense.forward``                                          |
| ``softmax``              | ``Softmax.forward``, one sample                            |
| ``predicted_class``      | ``engine.metrics.labels_from_outputs``, one sample         |
| ``output_pair``          | the output activation, ``Loss.value`` and the error at the |
|                          | outputs (``Sequential.output_gradient``), for sigmoid +    |
|                          | squared error, sigmoid + BCE and softmax + cross-entropy   |
| ``propagate``            | ``Dense.propagate`` times the hidden activation's slope    |
| ``dense_gradient``       | ``Dense.set_gradients``                                    |
| ``sgd_step``             | ``SGD.step`` for one parameter, with momentum              |

Arrays come in the layouts the fused step keeps: hidden activations and the error sent
back in Fortran order (one column per hidden node), weights and the small scratch
arrays in C order; outputs and deltas are stored one row per output node (``_t``:
transposed), so that every inner loop runs along a batch-long row.

The chain sits in this one file on purpose: numba's cache notices a change to a
function's own file only, not to a compiled function it calls from another file.
"""

from typing import Any

import numba
import numpy as np

from glassnet._types import Array, IntArray
from glassnet.kernels.head_plan import (  # the codes of what output_head computes
    HIDDEN_RELU,
    HIDDEN_SIGMOID,
    HIDDEN_TANH,
    SIGMOID_BINARY_CROSS_ENTROPY,
    SIGMOID_SQUARED_ERROR,
    SOFTMAX_CROSS_ENTROPY,
)

Number = np.floating[Any]  # a scalar of the arrays' dtype, so numba keeps that precision

# Flags: "reassoc" lets the sums of the thin products be vectorised (their order of
# addition changes, within rounding); the numpy error model gives NaN or inf where
# NumPy would, instead of an exception. Constants come as ``one``, a number of the
# arrays' dtype: a literal 1 would make numba compute float32 arrays in float64.
_loops = numba.njit(cache=True, fastmath={"reassoc"}, error_model="numpy")
_exact = numba.njit(cache=True, error_model="numpy")


@_exact
def sigmoid(x: Number, one: Number) -> Number:
    """1 / (1 + e^−x) for one number: ``engine.activations.sigmoid``."""
    value: Number = one / (one + np.exp(-x))
    return value


@_loops
def dense_forward(hidden: Array, weight: Array, bias: Array, outputs_t: Array, one: Number) -> None:
    """outputs_t = W·hiddenᵀ (+ b): ``Dense.forward``, transposed (K, B).

    hidden (B, H) Fortran-ordered; weight (K, H); bias (K,), size 0 for none. The
    product has only K (e.g. 10) rows, too thin for BLAS to run fast: the loop reads
    four hidden nodes per pass over a row.
    """
    n_samples, n_hidden = hidden.shape
    fours = n_hidden - n_hidden % 4
    for k in range(weight.shape[0]):
        row = outputs_t[k]
        start = bias[k] if bias.size > 0 else one - one
        for i in range(n_samples):
            row[i] = start
        for j in range(0, fours, 4):
            w0, w1, w2, w3 = weight[k, j], weight[k, j + 1], weight[k, j + 2], weight[k, j + 3]
            for i in range(n_samples):
                row[i] += (
                    hidden[i, j] * w0
                    + hidden[i, j + 1] * w1
                    + hidden[i, j + 2] * w2
                    + hidden[i, j + 3] * w3
                )
        for j in range(fours, n_hidden):
            w0 = weight[k, j]
            for i in range(n_samples):
                row[i] += hidden[i, j] * w0


@_exact
def softmax(outputs_t: Array, i: int, one: Number) -> None:
    """Sample i's column of outputs_t through ``Softmax.forward``, in place."""
    n_outputs = outputs_t.shape[0]
    top = outputs_t[0, i]
    for k in range(1, n_outputs):
        top = max(top, outputs_t[k, i])
    norm = one - one
    for k in range(n_outputs):
        outputs_t[k, i] = np.exp(outputs_t[k, i] - top)
        norm += outputs_t[k, i]
    for k in range(n_outputs):
        outputs_t[k, i] = outputs_t[k, i] / norm


@_exact
def predicted_class(outputs_t: Array, i: int, one: Number) -> int:
    """Sample i's class: ``labels_from_outputs`` (the first largest output, or > 0.5 alone)."""
    n_outputs = outputs_t.shape[0]
    if n_outputs == 1:
        return 1 if outputs_t[0, i] > 0.5 * one else 0
    best = 0
    for k in range(1, n_outputs):
        if outputs_t[k, i] > outputs_t[best, i]:
            best = k
    return best


@_exact
def output_pair(
    outputs_t: Array,
    delta_t: Array,
    targets: Array,
    labels: IntArray,
    rows: IntArray,
    output_kind: int,
    one: Number,
    eps: Number,
) -> tuple[float, int]:
    """Output activation, loss, correct count and the error at the outputs, for a batch.

    outputs_t (K, B) holds the output layer's pre-activations and gets its outputs.
    delta_t (K, B) gets dLoss/d(pre-activation), as ``Sequential.output_gradient`` gives
    it (the loss's ``delta`` for the two fused pairs; the chain rule σ(1 − σ)·(o − t)
    for sigmoid + squared error), averaged over the batch. Returns the batch's summed
    loss (``Loss.value`` times the batch size) and its correct predictions. The batch's
    targets and labels are rows ``rows`` of ``targets`` (N, K) and ``labels`` (N,), read
    where they are; ``eps`` clips probabilities for the logarithms as ``glassnet.losses``.
    """
    n_outputs, n_samples = outputs_t.shape
    total_loss = 0.0
    correct = 0
    for i in range(n_samples):
        if output_kind == SOFTMAX_CROSS_ENTROPY:
            softmax(outputs_t, i, one)
        else:
            for k in range(n_outputs):
                outputs_t[k, i] = sigmoid(outputs_t[k, i], one)
        row = rows[i]
        correct += predicted_class(outputs_t, i, one) == labels[row]
        target_mass = one - one
        for k in range(n_outputs):
            target_mass += targets[row, k]
        for k in range(n_outputs):
            o, t = outputs_t[k, i], targets[row, k]
            if output_kind == SIGMOID_SQUARED_ERROR:  # ½(o − t)², chained through σ
                d = o - t
                total_loss += 0.5 * d * d
                delta_t[k, i] = d * o * (one - o) / n_samples
            elif output_kind == SIGMOID_BINARY_CROSS_ENTROPY:  # the infographic's ŷ − y
                p = min(max(o, eps), one - eps)
                total_loss -= t * np.log(p) + (one - t) * np.log1p(-p)
                delta_t[k, i] = (o - t) / n_samples
            else:  # softmax − target (p·Σt − t for targets that are not one-hot)
                p = min(max(o, eps), one - eps)
                total_loss -= t * np.log(p)
                delta_t[k, i] = (o * target_mass - t) / n_samples
    return total_loss, correct


@_loops
def propagate(
    delta_t: Array, weight: Array, hidden: Array, upstream_t: Array, hidden_kind: int, one: Number
) -> None:
    """upstream_t = (δ·W)ᵀ ⊙ slope: ``Dense.propagate``, then the hidden activation's backward.

    The slope is a function of the hidden activation's output ``hidden`` (B, H): σ(1 − σ),
    1 − tanh², the ReLU's 0/1, or 1 for identity. upstream_t is (H, B).
    """
    n_outputs, n_samples = delta_t.shape
    n_hidden = weight.shape[1]
    pairs = n_outputs - n_outputs % 2
    for j in range(n_hidden):
        back = upstream_t[j]
        for i in range(n_samples):
            back[i] = one - one
        for k in range(0, pairs, 2):
            w0, w1 = weight[k, j], weight[k + 1, j]
            for i in range(n_samples):
                back[i] += delta_t[k, i] * w0 + delta_t[k + 1, i] * w1
        for k in range(pairs, n_outputs):
            w0 = weight[k, j]
            for i in range(n_samples):
                back[i] += delta_t[k, i] * w0
        if hidden_kind == HIDDEN_SIGMOID:
            for i in range(n_samples):
                back[i] *= hidden[i, j] * (one - hidden[i, j])
        elif hidden_kind == HIDDEN_RELU:
            for i in range(n_samples):
                if not hidden[i, j] > 0:
                    back[i] = one - one
        elif hidden_kind == HIDDEN_TANH:
            for i in range(n_samples):
                back[i] *= one - hidden[i, j] * hidden[i, j]


@_loops
def dense_gradient(
    delta_t: Array, hidden: Array, gradient: Array, bias_gradient: Array, one: Number
) -> None:
    """gradient = δᵀ·hidden and bias_gradient = Σ δ: ``Dense.set_gradients``.

    Two output nodes per pass over a hidden column. bias_gradient of size 0: no bias.
    """
    n_outputs, n_samples = delta_t.shape
    n_hidden = hidden.shape[1]
    pairs = n_outputs - n_outputs % 2
    for k in range(0, pairs, 2):
        for j in range(n_hidden):
            sum0, sum1 = one - one, one - one
            for i in range(n_samples):
                h = hidden[i, j]
                sum0 += delta_t[k, i] * h
                sum1 += delta_t[k + 1, i] * h
            gradient[k, j], gradient[k + 1, j] = sum0, sum1
    for k in range(pairs, n_outputs):
        for j in range(n_hidden):
            sum0 = one - one
            for i in range(n_samples):
                sum0 += delta_t[k, i] * hidden[i, j]
            gradient[k, j] = sum0
    for k in range(bias_gradient.size):
        total = one - one
        for i in range(n_samples):
            total += delta_t[k, i]
        bias_gradient[k] = total


@_exact
def sgd_step(
    values: Array, gradient: Array, velocity: Array, rate: Number, momentum: Number
) -> None:
    """One parameter's ``SGD.step`` (1-D views): v = μ·v − α·g, w += v; or w −= α·g.

    ``velocity`` of size 0: no momentum.
    """
    if velocity.size > 0:
        for i in range(values.size):
            velocity[i] = momentum * velocity[i] - rate * gradient[i]
            values[i] += velocity[i]
    else:
        for i in range(values.size):
            values[i] -= rate * gradient[i]


@_exact
def output_head(
    hidden: Array,
    weight: Array,
    bias: Array,
    targets: Array,
    labels: IntArray,
    rows: IntArray,
    rate: Number,
    momentum: Number,
    weight_velocity: Array,
    bias_velocity: Array,
    output_kind: int,
    hidden_kind: int,
    outputs_t: Array,
    delta_t: Array,
    gradient: Array,
    upstream_t: Array,
    send_back: bool,
    one: Number,
    eps: Number,
) -> tuple[float, int]:
    """The output layer's part of one SGD step; returns (the batch's summed loss, correct).

    What ``Sequential.forward``, ``backward_loss`` and ``SGD.step`` do for the output
    layer, in their order: forward (``dense_forward``, ``output_pair``), the error sent
    back with the weights before the update (``propagate``, into upstream_t (H, B) when
    ``send_back``), the gradient (``dense_gradient``) and the update (``sgd_step``).
    weight (K, H), bias (K,) and the velocities are updated in place; size-0 arrays
    stand for no bias and no momentum. outputs_t, delta_t (K, B) and gradient (K, H)
    are scratch. ``rate``, ``momentum``, ``one`` and ``eps`` come in the arrays' dtype,
    so that no arithmetic is promoted to float64.
    """
    dense_forward(hidden, weight, bias, outputs_t, one)
    total_loss, correct = output_pair(
        outputs_t, delta_t, targets, labels, rows, output_kind, one, eps
    )
    if send_back:
        propagate(delta_t, weight, hidden, upstream_t, hidden_kind, one)
    bias_gradient = np.empty_like(bias)
    dense_gradient(delta_t, hidden, gradient, bias_gradient, one)
    sgd_step(weight.reshape(-1), gradient.reshape(-1), weight_velocity.reshape(-1), rate, momentum)
    sgd_step(bias, bias_gradient, bias_velocity, rate, momentum)
    return total_loss, correct
