"""Input validation at the public boundary: clear one-line errors instead of deep tracebacks."""

from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._types import Array


def as_matrix(
    values: npt.ArrayLike, name: str, *, n_columns: int | None = None, dtype: Any = None
) -> Array:
    """``values`` as a finite 2-D float array (n_samples, n_columns), or a ValueError saying why."""
    try:
        array = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers: {error}") from None
    if array.dtype.kind not in "fiub":
        raise ValueError(f"{name} must be numbers, got dtype {array.dtype}")
    if array.ndim == 1:
        array = array.reshape(1, -1) if n_columns is not None and array.size == n_columns else array
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features), got shape {array.shape}")
    if len(array) == 0:
        raise ValueError(f"{name} is empty")
    if n_columns is not None and array.shape[1] != n_columns:
        raise ValueError(f"{name} has {array.shape[1]} columns but the network expects {n_columns}")
    if array.dtype.kind == "f":
        check_finite(array, name)
    else:
        array = array.astype(np.float64 if dtype is None else dtype)
    return array


def check_finite(array: Array, name: str) -> None:
    """Raise a ValueError naming the first NaN or infinite entry, if any."""
    bad = ~np.isfinite(array)
    if bad.any():
        position = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(array[position]) else "inf"
        where = ", ".join(
            f"{axis} {i}" for axis, i in zip(("row", "column"), position, strict=False)
        )
        raise ValueError(f"{name} contains {kind} (first at {where or 'the value'})")


def check_labels(
    labels: npt.ArrayLike, n_classes: int, name: str = "labels"
) -> npt.NDArray[np.int64]:
    """Integer class labels in 0..n_classes-1 as a 1-D int64 array, or a ValueError."""
    array = np.asarray(labels)
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(f"{name} must be whole numbers")
    elif array.dtype.kind not in "iu":
        raise ValueError(f"{name} must be integers, got dtype {array.dtype}")
    as_int = array.astype(np.int64)
    if len(as_int) and (as_int.min() < 0 or as_int.max() >= n_classes):
        bad = as_int[(as_int < 0) | (as_int >= n_classes)][0]
        raise ValueError(f"{name}: label {bad} is out of range 0..{n_classes - 1}")
    return as_int


def is_number(value: Any) -> bool:
    """A real number read from JSON that NumPy takes as one: a float, or an int within
    int64 (NumPy makes a larger one, such as JSON's 10**40, a Python object, on which
    ``np.isfinite`` fails); not a bool, which Python counts as an int."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    return isinstance(value, float)
