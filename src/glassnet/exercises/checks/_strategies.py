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


@st.composite
def book_networks(draw: st.DrawFn, smallest: int = 1) -> tuple[Array, Array, Array]:
    """The book's two weight matrices (wih, who) of random sizes, and targets for one label."""
    n_inputs, n_hidden = draw(st.integers(smallest, 6)), draw(st.integers(smallest, 6))
    n_outputs = draw(st.integers(smallest, 4))
    wih = draw(matrices(n_hidden, n_inputs, -1.0, 1.0))
    who = draw(matrices(n_outputs, n_hidden, -1.0, 1.0))
    targets = np.full(n_outputs, 0.01)
    targets[draw(st.integers(0, n_outputs - 1))] = 0.99
    return wih, who, targets
