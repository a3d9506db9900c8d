"""The inputs a playground network may take: the point's coordinates and functions of them.

As in TensorFlow Playground, a learner chooses which of these feed the network; with
x₁² and x₂² a network without hidden layers can separate the circle. TensorFlow
Playground's plane spans −6..6, where sin x₁ makes about two waves; this plane spans
−1..1, so the sine inputs are sin(πx₁) and sin(πx₂), one full wave, and say so.
"""

from collections.abc import Callable, Sequence

import numpy as np

from glassnet._types import Array

FEATURES: dict[str, tuple[str, Callable[[Array, Array], Array]]] = {
    "x1": ("x₁", lambda x1, x2: x1),
    "x2": ("x₂", lambda x1, x2: x2),
    "x1x1": ("x₁²", lambda x1, x2: x1 * x1),
    "x2x2": ("x₂²", lambda x1, x2: x2 * x2),
    "x1x2": ("x₁x₂", lambda x1, x2: x1 * x2),
    "sinx1": ("sin(πx₁)", lambda x1, x2: np.sin(np.pi * x1)),
    "sinx2": ("sin(πx₂)", lambda x1, x2: np.sin(np.pi * x2)),
}


def feature_matrix(points: Array, names: Sequence[str]) -> Array:
    """One column per named feature of the points' coordinates ``points`` (n, 2)."""
    x1, x2 = points[:, 0], points[:, 1]
    return np.column_stack([FEATURES[name][1](x1, x2) for name in names])


def labels() -> dict[str, str]:
    """Each feature's name as the page shows it."""
    return {name: label for name, (label, _) in FEATURES.items()}
