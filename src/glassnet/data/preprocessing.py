"""Preparing inputs and targets the way the book does (and standardisation for tables).

The book scales pixels into 0.01–1.0 ("inputs should be small, but not zero": a zero
input kills the weight updates of its links) and one-hot targets into 0.01/0.99 (a
sigmoid can never reach 0 or 1, and chasing them saturates the network).
"""

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from glassnet._checks import check_labels, is_number
from glassnet._types import Array

# The book's input scaling maps 0..max to BOOK_OFFSET..BOOK_OFFSET + BOOK_FACTOR (0.01..1.0).
BOOK_FACTOR, BOOK_OFFSET = 0.99, 0.01


def scale_inputs(
    values: npt.ArrayLike,
    max_value: float = 255.0,
    dtype: Any = np.float64,
    out: Array | None = None,
) -> Array:
    """The book's input scaling: values / max_value · 0.99 + 0.01, so 0..max → 0.01..1.0.

    Parameters
    ----------
    values : array_like
        Raw values, any shape (uint8 pixels 0–255 for MNIST).
    max_value : float
        The largest raw value, mapped to 1.0.
    dtype : numpy dtype
        The result's dtype; the arithmetic is done in it.
    out : numpy.ndarray or None
        An array of ``dtype`` and the values' shape that receives the result instead of
        a new array.

    Returns
    -------
    numpy.ndarray
        The scaled values, the shape of ``values``.

    Examples
    --------
    >>> from glassnet.data import scale_inputs
    >>> scale_inputs([0, 255, 128]).round(4).tolist()
    [0.01, 1.0, 0.5069]
    """
    number = np.dtype(dtype).type
    # The division converts the raw values as it goes (the same numbers as converting
    # first), then the result is scaled in place: one new array or none, no temporaries.
    array: Array = np.divide(values, number(max_value), out=out, dtype=dtype)
    array *= number(BOOK_FACTOR)
    array += number(BOOK_OFFSET)
    return array


def one_hot(
    labels: npt.ArrayLike,
    n_classes: int,
    *,
    off: float = 0.01,
    on: float = 0.99,
    dtype: Any = np.float64,
) -> Array:
    """Targets with ``on`` at each label's index and ``off`` elsewhere (the book: 0.01/0.99).

    Parameters
    ----------
    labels : array_like
        Integer class labels (n_samples,), each in 0..n_classes-1.
    n_classes : int
        The number of classes (columns).
    off : float
        The target of every other output; 0.01, because a sigmoid never reaches 0.
    on : float
        The target of the label's output; 0.99, because a sigmoid never reaches 1.
    dtype : numpy dtype
        The targets' dtype.

    Returns
    -------
    numpy.ndarray
        Targets (n_samples, n_classes).

    Raises
    ------
    ValueError
        When a label is not a whole number in 0..n_classes-1.

    Examples
    --------
    >>> from glassnet.data import one_hot
    >>> one_hot([2, 0], 3).tolist()
    [[0.01, 0.01, 0.99], [0.99, 0.01, 0.01]]
    >>> one_hot([1], 2, off=0.0, on=1.0).tolist()
    [[0.0, 1.0]]
    """
    indices = check_labels(labels, n_classes)
    targets = np.full((len(indices), n_classes), off, dtype=dtype)
    targets[np.arange(len(indices)), indices] = on
    return targets


class BookScaling:
    """Callable preprocessing of raw values with the book's ``scale_inputs``.

    ``BookScaling()(X)`` is ``scale_inputs(X)``; the object is what model files and
    datasets keep.

    Parameters
    ----------
    max_value : float
        The largest raw value (255 for pixels).

    Examples
    --------
    >>> from glassnet.data import BookScaling
    >>> BookScaling()([[0, 255]]).tolist()
    [[0.01, 1.0]]
    """

    def __init__(self, max_value: float = 255.0) -> None:
        self.max_value = float(max_value)
        if not _all_positive(self.max_value):
            raise ValueError(f"max_value must be a positive finite number, got {max_value!r:.50}")

    def __call__(
        self, values: npt.ArrayLike, dtype: Any = np.float64, out: Array | None = None
    ) -> Array:
        return scale_inputs(values, self.max_value, dtype, out)

    def to_dict(self) -> dict[str, Any]:
        """Its settings as JSON-ready data, stored in model files (``preprocessing_from_dict`` reads it back).

        Returns
        -------
        dict
        """
        return {"kind": "book-scaling", "max_value": self.max_value}

    def __repr__(self) -> str:
        return f"BookScaling(max_value={self.max_value:g})"


class Standardizer:
    """Callable preprocessing: (x − mean) / std per column, with mean and std from training data.

    Columns that never vary keep a scale of 1 so they map to 0 instead of NaN.

    Parameters
    ----------
    mean : array_like
        Each column's mean (n_features,).
    scale : array_like
        Each column's standard deviation (n_features,), nonzero.

    Examples
    --------
    >>> from glassnet.data import Standardizer
    >>> scaler = Standardizer.fit([[1.0, 5.0], [3.0, 5.0]])
    >>> scaler([[2.0, 5.0], [3.0, 5.0]]).tolist()
    [[0.0, 0.0], [1.0, 0.0]]
    """

    def __init__(self, mean: npt.ArrayLike, scale: npt.ArrayLike) -> None:
        self.mean = _finite_values(mean, "mean")
        self.scale = _finite_values(scale, "scale")
        if not _all_positive(self.scale):
            raise ValueError("Standardizer needs a positive scale for every column")

    @classmethod
    def fit(cls, values: npt.ArrayLike) -> "Standardizer":
        """The standardizer of ``values``: their column means and standard deviations.

        Parameters
        ----------
        values : array_like
            Training inputs (n_samples, n_features).

        Returns
        -------
        Standardizer
        """
        array = np.asarray(values, dtype=np.float64)
        scale = array.std(axis=0)
        return cls(array.mean(axis=0), np.where(scale > 0, scale, 1.0))

    def __call__(self, values: npt.ArrayLike, dtype: Any = np.float64) -> Array:
        return ((np.asarray(values, dtype=np.float64) - self.mean) / self.scale).astype(dtype)

    def to_dict(self) -> dict[str, Any]:
        """Its settings as JSON-ready data, stored in model files (``preprocessing_from_dict`` reads it back).

        Returns
        -------
        dict
        """
        return {"kind": "standardize", "mean": self.mean.tolist(), "scale": self.scale.tolist()}

    def __repr__(self) -> str:
        return f"Standardizer(n_features={self.mean.size})"


class RangeScaling:
    """Callable preprocessing: each column's [low, high] range mapped onto [0, 1].

    With fixed sensor ranges (an IMU's ±4 g and ±2000 °/s) every device scales the same
    way; ``fit`` takes the ranges from training data instead (min–max scaling).

    Parameters
    ----------
    low : array_like
        Each column's value mapped to 0 (n_features,).
    high : array_like
        Each column's value mapped to 1 (n_features,).

    Raises
    ------
    ValueError
        When a column's ``high`` is not above its ``low``.

    Examples
    --------
    >>> from glassnet.data import RangeScaling
    >>> RangeScaling([-4.0, 0.0], [4.0, 10.0])([[0.0, 10.0]]).tolist()
    [[0.5, 1.0]]
    """

    def __init__(self, low: npt.ArrayLike, high: npt.ArrayLike) -> None:
        self.low = _finite_values(low, "low")
        self.high = _finite_values(high, "high")
        with np.errstate(over="ignore"):  # 1e308 − (−1e308) is inf: refused
            span = self.high - self.low
        if not _all_positive(span):
            raise ValueError("RangeScaling needs high > low (a finite range) for every column")

    @classmethod
    def fit(cls, values: npt.ArrayLike) -> "RangeScaling":
        """The scaling of ``values``' own ranges: each column's minimum to 0, maximum to 1.

        Parameters
        ----------
        values : array_like
            Training inputs (n_samples, n_features).

        Returns
        -------
        RangeScaling
        """
        array = np.asarray(values, dtype=np.float64)
        low, high = array.min(axis=0), array.max(axis=0)
        return cls(low, np.where(high > low, high, low + 1.0))

    def __call__(self, values: npt.ArrayLike, dtype: Any = np.float64) -> Array:
        scaled = (np.asarray(values, dtype=np.float64) - self.low) / (self.high - self.low)
        return scaled.astype(dtype)

    def to_dict(self) -> dict[str, Any]:
        """Its settings as JSON-ready data, stored in model files (``preprocessing_from_dict`` reads it back).

        Returns
        -------
        dict
        """
        return {"kind": "range", "low": self.low.tolist(), "high": self.high.tolist()}

    def __repr__(self) -> str:
        return f"RangeScaling(n_features={self.low.size})"


Preprocessing = BookScaling | Standardizer | RangeScaling


def network_inputs(
    values: npt.NDArray[np.generic], transform: Callable[..., Array] | None, dtype: Any
) -> Array:
    """Raw ``values`` through ``transform`` (if any) as network inputs of ``dtype``.

    glassnet's own preprocessing computes in ``dtype`` directly, so float32 inputs are
    scaled in float32 (the same numbers a float32 network would see from the book's
    formula), with no float64 copy on the way; any other callable gets the values alone.
    """
    if isinstance(transform, BookScaling | Standardizer | RangeScaling):
        return transform(values, dtype)
    if transform is not None:
        values = transform(values)
    return np.asarray(values, dtype=dtype)


def preprocessing_from_dict(values: dict[str, Any]) -> Preprocessing:
    """Rebuild a preprocessing from its ``to_dict()``, refusing unknown kinds and values
    that would turn inputs into NaN or inf (a ``max_value`` of 0, a mean of −inf).

    Parameters
    ----------
    values : dict
        What ``to_dict()`` returned: a ``kind`` (``book-scaling``, ``standardize`` or
        ``range``) and its settings.

    Returns
    -------
    BookScaling or Standardizer or RangeScaling

    Raises
    ------
    ValueError
        For an unknown kind, missing or invalid settings, or settings that would give
        NaN or inf.

    Examples
    --------
    >>> from glassnet.data import BookScaling, preprocessing_from_dict
    >>> preprocessing_from_dict(BookScaling().to_dict())
    BookScaling(max_value=255)
    """
    kind = values.get("kind")
    try:
        if kind == "book-scaling":
            if not is_number(values["max_value"]):
                raise TypeError(f"max_value must be a number, got {values['max_value']!r:.50}")
            return BookScaling(values["max_value"])
        if kind == "standardize":
            return Standardizer(values["mean"], values["scale"])
        if kind == "range":
            return RangeScaling(values["low"], values["high"])
    except KeyError as error:
        raise ValueError(f"invalid {kind} preprocessing: no {error}") from None
    except (TypeError, ValueError, OverflowError) as error:
        raise ValueError(f"invalid {kind} preprocessing: {error}") from None
    raise ValueError(f"unknown preprocessing {kind!r:.100}")


def _finite_values(values: npt.ArrayLike, name: str) -> npt.NDArray[np.float64]:
    """A number or a row of numbers, all finite, as float64; a ValueError says what is wrong."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a number or a list of numbers") from None
    if array.ndim > 1:
        raise ValueError(f"{name} must be a number or a list of numbers, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or inf")
    return array


def _all_positive(values: npt.ArrayLike) -> bool:
    """Finite and at least the smallest normal float, so that dividing by them stays finite."""
    array = np.asarray(values)
    return bool(np.all((array >= np.finfo(np.float64).tiny) & np.isfinite(array)))
