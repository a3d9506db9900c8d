"""Compiled pieces of the fused mini-batch step (numba): the batch's inputs and the last layer.

Most of a mini-batch step is two large matrix products (the first layer's forward pass
and its update), which BLAS does. Everything else is small arrays and many NumPy calls
of a few microseconds each, and at batch 64 on MNIST those calls took about as long as
one of the large products. Three compiled functions replace them:

- ``gather_scaled``: the batch's rows of the raw pixels, scaled the book's way into a
  reused buffer, in one pass (NumPy needs a gather, a division and two in-place passes).
  The arithmetic is ``scale_inputs``'s, in the same order, so the numbers are identical.
- ``sigmoid_float32``: the last hidden layer's float32 sigmoid, vectorised.
- ``output_head``: everything after the last hidden activation. The output layer's
  forward pass, the output activation, the loss, the count of correct predictions, the
  output delta, the error sent back to the hidden layer (times the hidden activation's
  slope), and the output layer's SGD update (with momentum and bias when there are any).
  The same maths as ``Sequential.backward_loss`` and ``SGD.step``, grouped differently:
  equal to rounding (tested against the generic step to 1e-12 in float64).

Arrays come in the layouts the fused step keeps: hidden activations and the error sent
back in Fortran order (one column per hidden node), weights and the small scratch
arrays in C order.
"""

import math
from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from glassnet._types import Array, IntArray
from glassnet.kernels._head_codes import (  # what output_head computes
    HIDDEN_RELU,
    HIDDEN_SIGMOID,
    HIDDEN_TANH,
    SIGMOID_BINARY_CROSS_ENTROPY,
    SIGMOID_SQUARED_ERROR,
    SOFTMAX_CROSS_ENTROPY,
)

Number = np.floating[Any]  # a scalar of the arrays' dtype, so numba keeps that precision


# The float32 sigmoid's e^u, u = −x: u = n·ln 2 + r with n whole and |r| ≤ ln(2)/2; e^r
# from its Taylor series to r^7 (truncation below 1e-8), 2^n built from its exponent bits.
# ln 2 is split in two (Cody and Waite) so that r = u − n·ln 2 keeps float32's precision.
_LOG2_E = np.float32(1.4426950408889634)
_LN2_HIGH = np.float32(0.693359375)  # few bits: n·_LN2_HIGH is exact
_LN2_LOW = np.float32(math.log(2) - 0.693359375)
_TAYLOR = tuple(np.float32(1 / math.factorial(k)) for k in range(8))
_ROUND = np.float32(1.5 * 2**23)  # v + this − this rounds v to a whole number (|v| < 2^22)
# u is kept where 2^n is a normal float32 or, at the top, comes out as inf (σ = 0).
_LOWEST, _HIGHEST = np.float32(-126 * math.log(2)), np.float32(128 * math.log(2))


@numba.njit(cache=True, fastmath={"contract"}, error_model="numpy")
def sigmoid_float32(values: Array, bits: npt.NDArray[np.int32]) -> None:
    """values ← 1 / (1 + e^−values) in place (1-D float32), ``bits`` int32 scratch as large.

    NumPy's float32 exp is not vectorised on every machine (about 2.5 ns a value on the
    development machine); this loop is, and makes the hidden layer's sigmoid about 4x
    faster. Within 1e-7 of the exact sigmoid (tested); σ(0) = 0.5, NaN stays NaN, and
    σ(x) = 0 below x ≈ −88.4 (NumPy's float32 path: below −88.7, where e^−x overflows;
    in between, the exact value is under 1e-38).
    """
    c0, c1, c2, c3, c4, c5, c6, c7 = _TAYLOR
    for i in range(values.size):
        u = -values[i]
        u = _LOWEST if u < _LOWEST else u  # comparisons written so that NaN passes through
        u = _HIGHEST if u > _HIGHEST else u
        n = (u * _LOG2_E + _ROUND) - _ROUND
        r = (u - n * _LN2_HIGH) - n * _LN2_LOW
        values[i] = ((((((c7 * r + c6) * r + c5) * r + c4) * r + c3) * r + c2) * r + c1) * r + c0
        bits[i] = (np.int32(n) + np.int32(127)) << np.int32(23)  # the bits of 2^n
    powers = bits.view(np.float32)
    for i in range(values.size):
        values[i] = np.float32(1.0) / (np.float32(1.0) + values[i] * powers[i])


@numba.njit(cache=True, error_model="numpy")
def gather_scaled(
    raw: npt.NDArray[Any],
    indices: IntArray,
    out: Array,
    max_value: Number,
    factor: Number,
    offset: Number,
) -> None:
    """out[i] = raw[indices[i]] / max_value · factor + offset: raw is uint8, the scalars are
    of out's dtype, and the operations are ``scale_inputs``'s, in its order."""
    for i in range(indices.size):
        source = raw[indices[i]]
        row = out[i]
        for j in range(source.size):
            row[j] = source[j] / max_value * factor + offset


@numba.njit(cache=True, fastmath={"reassoc"}, error_model="numpy")
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
    """One SGD step of the output layer; returns (the batch's summed loss, correct count).

    hidden (B, H), Fortran-ordered: the last hidden activation's outputs. weight (K, H)
    and bias (K,) (size 0: no bias) are updated in place, as are the velocities (size 0:
    no momentum). The batch's targets and labels are rows ``rows`` of ``targets`` (N, K)
    and ``labels`` (N,), read where they are. outputs_t and delta_t (K, B) and gradient
    (K, H) are scratch. When ``send_back``, upstream_t (H, B) receives dLoss/d(hidden
    pre-activation), transposed (the fused step sends on its Fortran-ordered transpose),
    computed with the weights before this step's update. Every array but ``hidden`` is
    C-ordered. ``one`` and ``eps`` (the clip for logarithms) come in the arrays' dtype,
    so that no arithmetic is promoted to float64.

    The products with K = 10 columns are too thin for BLAS to run fast (it took 2-3
    times longer at batch 256 on the development machine): the loops below keep each
    inner loop along a batch-long column, four hidden nodes or two output nodes at a time.
    """
    n_samples, n_hidden = hidden.shape
    n_outputs = weight.shape[0]
    with_bias = bias.size > 0
    for k in range(n_outputs):  # output pre-activations: outputs_t = W·hiddenᵀ (+ b)
        row = outputs_t[k]
        start = bias[k] if with_bias else one - one
        for i in range(n_samples):
            row[i] = start
        fours = n_hidden - n_hidden % 4
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
    total_loss = 0.0
    correct = 0
    for i in range(n_samples):
        if output_kind == SOFTMAX_CROSS_ENTROPY:
            top = outputs_t[0, i]
            for k in range(1, n_outputs):
                top = max(top, outputs_t[k, i])
            norm = one - one
            for k in range(n_outputs):
                outputs_t[k, i] = np.exp(outputs_t[k, i] - top)
                norm += outputs_t[k, i]
            for k in range(n_outputs):
                outputs_t[k, i] = outputs_t[k, i] / norm
        else:
            for k in range(n_outputs):
                outputs_t[k, i] = one / (one + np.exp(-outputs_t[k, i]))
        # The predicted class: the first largest output, or output > 0.5 for one output.
        if n_outputs == 1:
            predicted = 1 if outputs_t[0, i] > 0.5 * one else 0
        else:
            predicted = 0
            for k in range(1, n_outputs):
                if outputs_t[k, i] > outputs_t[predicted, i]:
                    predicted = k
        row_index = rows[i]
        correct += predicted == labels[row_index]
        target_mass = one - one
        for k in range(n_outputs):
            target_mass += targets[row_index, k]
        for k in range(n_outputs):
            o, t = outputs_t[k, i], targets[row_index, k]
            if output_kind == SIGMOID_SQUARED_ERROR:
                d = o - t
                total_loss += 0.5 * d * d
                delta_t[k, i] = d * o * (one - o) / n_samples
            elif output_kind == SIGMOID_BINARY_CROSS_ENTROPY:
                p = min(max(o, eps), one - eps)
                total_loss -= t * np.log(p) + (one - t) * np.log1p(-p)
                delta_t[k, i] = (o - t) / n_samples
            else:
                p = min(max(o, eps), one - eps)
                total_loss -= t * np.log(p)
                delta_t[k, i] = (o * target_mass - t) / n_samples
    pairs = n_outputs - n_outputs % 2
    if send_back:
        # upstream = (delta · W) ⊙ slope of the hidden activation, with W before the update.
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
    # gradient[k, j] = Σ_i delta[i, k]·hidden[i, j], two output nodes per read of a column
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
    with_momentum = weight_velocity.size > 0
    for k in range(n_outputs):
        for j in range(n_hidden):
            if with_momentum:
                weight_velocity[k, j] = momentum * weight_velocity[k, j] - rate * gradient[k, j]
                weight[k, j] += weight_velocity[k, j]
            else:
                weight[k, j] -= rate * gradient[k, j]
        if with_bias:
            bias_gradient = one - one
            for i in range(n_samples):
                bias_gradient += delta_t[k, i]
            if with_momentum:
                bias_velocity[k] = momentum * bias_velocity[k] - rate * bias_gradient
                bias[k] += bias_velocity[k]
            else:
                bias[k] -= rate * bias_gradient
    return total_loss, correct


def warm_up(dtype: Any) -> None:
    """Compile (first run on a machine) or load from numba's cache both functions, for
    arrays of ``dtype`` in the layouts training passes, so that this one-off cost (about
    0.4 s even from the cache) is paid before an epoch's clock starts."""
    number = np.dtype(dtype).type
    raw = np.zeros((2, 2), np.uint8)
    fortran = [np.zeros((2, 2), dtype, order="F") for _ in range(2)]  # F-only: not 1×1
    gather_scaled(raw, np.arange(2), np.zeros((2, 2), dtype), number(1), number(1), number(0))
    if number is np.float32:
        sigmoid_float32(np.zeros(2, np.float32), np.zeros(2, np.int32))
    hidden, upstream = fortran[:2]
    outputs, delta, gradient, matrix = (np.zeros((2, 2), dtype) for _ in range(4))
    labels = np.zeros(2, np.int64)
    none_2d, none_1d = np.empty((0, 0), dtype), np.empty(0, dtype)
    one = number(1)
    output_head(
        hidden, matrix, none_1d, matrix, labels, np.arange(2), one, one, none_2d, none_1d, 0, 0,
        outputs, delta, gradient, upstream.T, True, one, one,
    )  # fmt: skip
