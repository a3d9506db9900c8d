"""Every glassnet preprocessing is affine per input column: x · scale + offset."""

import numpy as np

from glassnet._types import Array
from glassnet.data.preprocessing import BookScaling, Preprocessing, RangeScaling, Standardizer


def affine(preprocessing: Preprocessing | None, n_inputs: int) -> tuple[Array, Array]:
    """``(scale, offset)``, each of length ``n_inputs``, with preprocessing(x) = x·scale + offset."""
    if preprocessing is None:
        scale, offset = np.ones(1), np.zeros(1)
    elif isinstance(preprocessing, BookScaling):  # x / max · 0.99 + 0.01
        scale, offset = np.array([0.99 / preprocessing.max_value]), np.array([0.01])
    elif isinstance(preprocessing, Standardizer):  # (x − mean) / std
        scale = 1.0 / preprocessing.scale
        offset = -preprocessing.mean * scale
    elif isinstance(preprocessing, RangeScaling):  # (x − low) / (high − low)
        scale = 1.0 / (preprocessing.high - preprocessing.low)
        offset = -preprocessing.low * scale
    else:
        raise TypeError(f"cannot export the preprocessing {preprocessing!r}")
    return (
        np.broadcast_to(scale, (n_inputs,)).astype(np.float64),
        np.broadcast_to(offset, (n_inputs,)).astype(np.float64),
    )


def period(values: Array) -> int:
    """The shortest p such that ``values`` is its first p entries repeated (p divides the length).

    The gestures' ranges repeat every 6 columns (aX..gZ); a C header then stores 6 numbers.
    """
    n = len(values)
    for p in range(1, n + 1):
        if n % p == 0 and np.array_equal(values, np.tile(values[:p], n // p)):
            return p
    return n
