"""Two-dimensional toy datasets for the playground, and points uploaded as CSV.

Generated points lie in the square [-1, 1]² (noise may push a few past it); uploaded
points are scaled into it column by column, and ``bounds`` keeps their own range for
the axes. The generators follow TensorFlow Playground's: xor, circle, spiral, gaussians
for classification, and plane and multi-gaussian for regression, where each point has a
value in [-1, 1] instead of a class.
"""

import csv
import io
import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.data.tables import _is_number

KINDS = ("xor", "circle", "spiral", "gaussians")
REGRESSION_KINDS = ("plane", "multi-gaussian")
# Bumps of the multi-gaussian set: centre x, centre y and sign (TensorFlow Playground's six).
_BUMPS = [(-0.67, 0.42, 1), (0.0, 0.42, -1), (0.67, 0.42, 1), (-0.67, -0.42, -1), (0, -0.42, 1)]
_BUMPS.append((0.67, -0.42, -1))
MAX_CSV_ROWS = 5000
MAX_CLASSES = 8


@dataclass(frozen=True)
class Points:
    """Labelled points: ``X`` (n, 2) in about [-1, 1]², ``y`` class indices, axis ``bounds``.

    Regression points have ``values`` (n,) in [-1, 1], no class names, and ``y`` 1 where
    the value is positive (the sign a discretised picture shows).
    """

    X: Array
    y: npt.NDArray[np.int64]
    class_names: list[str]
    bounds: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0)  # x low/high, y low/high
    values: Array | None = None

    @property
    def n_classes(self) -> int:
        return len(self.class_names)


def generate(kind: str, n_points: int, noise: float, rng: np.random.Generator) -> Points:
    """``n_points`` points of ``kind``; ``noise`` from 0 (clean) to 1 (classes overlap)."""
    if kind in REGRESSION_KINDS:
        return _regression(kind, n_points, noise, rng)
    half = n_points // 2
    if kind == "xor":
        X = rng.uniform(-1.0, 1.0, (n_points, 2))
        X += np.sign(X) * 0.05  # a gap along the axes, as in TensorFlow Playground
        y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
        X += rng.normal(0.0, 0.3 * noise, X.shape)
    elif kind == "circle":
        radius = np.concatenate(
            [rng.uniform(0.0, 0.5, half), rng.uniform(0.7, 1.0, n_points - half)]
        )
        angle = rng.uniform(0.0, 2 * math.pi, n_points)
        X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
        y = np.concatenate([np.ones(half), np.zeros(n_points - half)]).astype(np.int64)
        X += rng.normal(0.0, 0.15 * noise, X.shape)
    elif kind == "spiral":
        parts, labels = [], []
        for label, count in ((0, half), (1, n_points - half)):
            t = np.arange(count) / count
            radius, angle = t, 1.75 * 2 * math.pi * t + label * math.pi
            parts.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
            labels.append(np.full(count, label))
        X = np.concatenate(parts) + rng.normal(0.0, 0.1 * noise, (n_points, 2))
        y = np.concatenate(labels).astype(np.int64)
    elif kind == "gaussians":
        centres = np.where(np.arange(n_points)[:, None] < half, 0.5, -0.5)
        X = centres + rng.normal(0.0, 0.15 + 0.35 * noise, (n_points, 2))
        y = (np.arange(n_points) < half).astype(np.int64)
    else:
        raise ValueError(f"unknown dataset {kind!r}; choose one of: {', '.join(KINDS)}, csv")
    return Points(X, y, ["0", "1"])


def _regression(kind: str, n_points: int, noise: float, rng: np.random.Generator) -> Points:
    """Points spread over the square, each with a value: a tilted plane, or six bumps."""
    X = rng.uniform(-1.0, 1.0, (n_points, 2))
    if kind == "plane":
        values = (X[:, 0] + X[:, 1]) / 2
    else:
        values = np.zeros(n_points)
        for x, y, sign in _BUMPS:
            bump = sign * np.exp(-((X[:, 0] - x) ** 2 + (X[:, 1] - y) ** 2) / (2 * 0.2**2))
            values = np.where(np.abs(bump) > np.abs(values), bump, values)
    X += rng.normal(0.0, 0.15 * noise, X.shape)  # noise moves the points, not their values
    return Points(X, (values > 0).astype(np.int64), [], values=values)


def from_csv(text: str) -> Points:
    """Points from CSV text: columns x, y, label (a header row is optional)."""
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    except csv.Error as error:  # a field over csv's size limit, a NUL byte
        raise ValueError(f"the CSV cannot be read: {error}") from None
    if rows and not _is_number(rows[0][0]):
        rows = rows[1:]  # a header
    if len(rows) < 4:
        raise ValueError("the CSV needs at least 4 rows of x, y, label")
    if len(rows) > MAX_CSV_ROWS:
        raise ValueError(
            f"the CSV has {len(rows):,} rows; the playground takes at most {MAX_CSV_ROWS:,}"
        )
    coordinates = np.empty((len(rows), 2))
    for line, row in enumerate(rows, start=1):
        if len(row) != 3:
            raise ValueError(f"CSV row {line} has {len(row)} fields; expected 3: x, y, label")
        try:
            coordinates[line - 1] = float(row[0]), float(row[1])
        except ValueError:
            raise ValueError(
                f"CSV row {line}: x and y must be numbers, got {row[0]!r:.40}, {row[1]!r:.40}"
            ) from None
    if not np.all(np.isfinite(coordinates)):
        raise ValueError("the CSV's x and y contain NaN or infinity")
    names = sorted({row[2].strip() for row in rows}, key=_label_order)
    if not 2 <= len(names) <= MAX_CLASSES:
        raise ValueError(
            f"the CSV has {len(names)} distinct labels; the playground takes 2 to {MAX_CLASSES}"
        )
    index = {name: i for i, name in enumerate(names)}
    y = np.array([index[row[2].strip()] for row in rows], dtype=np.int64)
    low, high = coordinates.min(axis=0), coordinates.max(axis=0)
    with np.errstate(all="ignore"):  # a range too wide (1e308 to -1e308) or too narrow for floats
        span = np.where(high > low, high - low, 1.0)
        X = (coordinates - low) / span * 2.0 - 1.0
    if not (np.all(np.isfinite(span)) and np.all(np.isfinite(X))):
        raise ValueError(
            f"the CSV's x and y range from {low.min():g} to {high.max():g}, "
            "too wide or too narrow to scale; rescale them"
        )
    bounds = (float(low[0]), float(low[0] + span[0]), float(low[1]), float(low[1] + span[1]))
    return Points(X, y, names, bounds)


def split(points: Points, train_share: float, rng: np.random.Generator) -> tuple[Points, Points]:
    """A random train/test split keeping ``train_share`` of the points (at least one each)."""
    order = rng.permutation(len(points.y))
    n_train = min(max(1, round(train_share * len(order))), len(order) - 1)
    parts = order[:n_train], order[n_train:]
    return tuple(  # type: ignore[return-value]
        Points(
            points.X[part],
            points.y[part],
            points.class_names,
            points.bounds,
            None if points.values is None else points.values[part],
        )
        for part in parts
    )


def _label_order(name: str) -> tuple[int, float, str]:
    return (0, float(name), name) if _is_number(name) else (1, 0.0, name)
