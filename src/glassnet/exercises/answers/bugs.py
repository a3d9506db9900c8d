"""Exercise 1: the linear classifier's moderated update.

The deck, "Training A Simple Classifier" to "Slowing updates". A dividing line y = A·x
should separate ladybirds (width 3.0, length 1.0) from caterpillars (width 1.0, length
3.0). "Let's go for A is 0.25 to get started": for the ladybird, x = 3.0 gives
y = (0.25)·(3.0) = 0.75. "The desired target is 1.1, and the error E is
error = (desired target - actual output)", so E = 1.1 − 0.75 = 0.35. Because E = (ΔA)·x,
ΔA = E / x; and then "we moderate the updates": ΔA = L·(E / x), with the learning rate
L = 0.5.

Worked step by step: glassnet lesson bugs (and the Lessons tab of glassnet serve).
"""

from glassnet.engine.linear import LinearClassifier


def moderated_update(slope: float, x: float, target: float, learning_rate: float) -> float:
    """Return the new slope A + ΔA after one moderated update, ΔA = L·(E / x).

    ``slope`` is A, (``x``, ``target``) is one training example and ``learning_rate`` is
    the deck's L. The error is E = target − y with y = A·x. The deck's ladybird
    (A = 0.25, x = 3.0, target 1.1, L = 0.5) gives ΔA = 0.0583 and a new slope 0.3083;
    the caterpillar next (x = 1.0, target 2.9) takes it to 1.604.
    """
    return LinearClassifier(slope, learning_rate).update(x, target).slope
