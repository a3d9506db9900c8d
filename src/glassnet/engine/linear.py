"""The deck's first learner: the linear classifier y = A·x and its moderated update.

A line through the origin with slope ``A`` divides two kinds of things (ladybirds and
caterpillars, setosa and versicolor). For an example at ``x`` whose line should pass
through the ``target`` height, the error is E = target − A·x, and since E = ΔA·x the
slope that fits this example exactly is A + E/x. The learning rate L moderates the step
to ΔA = L·(E/x), so each example only pulls the line part of the way: without it
(L = 1) the line simply fits the last example it saw.

This rule is not gradient descent (the gradient of ½E² would step by L·E·x); it is the
deck's own, and the networks later in the deck replace it.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Update:
    """One update of the slope, with every number the deck works out for it."""

    x: float
    target: float
    output: float  # y = A·x before the update
    error: float  # E = target − y
    delta: float  # ΔA = L·E/x
    slope: float  # the new A


class LinearClassifier:
    """y = slope·x, a dividing line through the origin; points above it are one class.

    ``learning_rate`` is the deck's moderating factor L in (0, 1]; 1 is no moderation.
    """

    def __init__(self, slope: float, learning_rate: float = 1.0) -> None:
        if not np.isfinite(slope):
            raise ValueError(f"slope must be a finite number, got {slope}")
        if not (np.isfinite(learning_rate) and 0.0 < learning_rate <= 1.0):
            raise ValueError(f"learning rate must be in (0, 1], got {learning_rate}")
        self.slope = float(slope)
        self.learning_rate = float(learning_rate)

    def predict(self, x: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The line's height y = A·x at each ``x``."""
        return self.slope * np.asarray(x, dtype=np.float64)

    def is_above(self, x: npt.ArrayLike, y: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Which points (x, y) lie above the line."""
        return np.asarray(y, dtype=np.float64) > self.predict(x)

    def update(self, x: float, target: float) -> Update:
        """Move the slope towards the one whose line passes through (x, target)."""
        if x == 0 or not np.isfinite(x) or not np.isfinite(target):
            raise ValueError(f"an example needs a finite, non-zero x and target, got {x}, {target}")
        output = self.slope * x
        error = target - output
        delta = self.learning_rate * (error / x)
        self.slope += delta
        return Update(float(x), float(target), output, error, delta, self.slope)


def targets_beside(
    y: npt.ArrayLike, above: npt.ArrayLike, margin: float = 0.1
) -> npt.NDArray[np.float64]:
    """The deck's targets: a little below the points that should be above the line.

    The deck asks the line to pass at 1.1 for the ladybird (length 1.0, below the line)
    and at 2.9 for the caterpillar (length 3.0, above it): each target is the point's own
    height moved ``margin`` towards the other class.
    """
    heights = np.asarray(y, dtype=np.float64)
    return np.where(np.asarray(above, dtype=bool), heights - margin, heights + margin)
