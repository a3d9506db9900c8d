"""Hypothesis strategies for the generated cases: numbers, vectors and matrices in a range."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from glassnet._types import Array


def numbers(low: float, high: float) -> st.SearchStrategy[float]:
    """Finite floats in [low, high], none of them subnormal (their arithmetic is not exact)."""
    return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=False)


def vectors(size: int, low: float, high: float) -> st.SearchStrategy[Array]:
    return hnp.arrays(np.float64, size, elements=numbers(low, high))


def matrices(rows: int, columns: int, low: float, high: float) -> st.SearchStrategy[Array]:
    return hnp.arrays(np.float64, (rows, columns), elements=numbers(low, high))


sizes = st.integers(1, 5)
