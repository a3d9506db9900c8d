"""The fused mini-batch step's other compiled parts (numba): the batch's inputs, a sigmoid.

Most of a mini-batch step is two large matrix products (the first layer's forward pass
and its update), which BLAS does. Everything else is small arrays and many NumPy calls
of a few microseconds each, which at small batches took about as long as one of the
large products (docs/performance.md). The output layer's part is compiled in
``output_head_numba``; here, each tested equal to its readable twin:

- ``gather_scaled``: the batch's rows of the raw pixels, scaled the book's way into a
  reused buffer in one pass: ``data.preprocessing.scale_inputs``'s arithmetic in its
  order, so the numbers are identical.
- ``sigmoid_float32``: the last hidden layer's float32 sigmoid, in place, vectorised:
  ``engine.activations.sigmoid`` within 1e-7.
"""

import math
from typing import Any

import numba
import numpy as np
import numpy.typing as npt

from glassnet._types import Array, IntArray
from glassnet.kernels.output_head_numba import output_head

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

    NumPy's float32 exp is not vectorised on every machine; this loop is (how much it
    saves: docs/performance.md). Within 1e-7 of the exact sigmoid (tested); σ(0) = 0.5, NaN stays NaN, and
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


def warm_up(dtype: Any) -> None:
    """Compile (first run on a machine) or load from numba's cache the functions, for
    arrays of ``dtype`` in the layouts training passes, so that this one-off cost (a
    fraction of a second even from the cache) is paid before an epoch's clock starts."""
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
