"""The exercises in the documents' order, each with the cases that judge its parts.

A module per exercise defines ``EXERCISE``: its parts, their worked cases (the
documents' numbers), their generated cases (hypothesis) and, for each case, what the
catalogued mistakes would return.
"""

from glassnet.exercises.checks import (
    backprop,
    backquery,
    book,
    bugs,
    gradients,
    matrix,
    neuron,
    signals,
    students,
    update,
)
from glassnet.exercises.core import Exercise

EXERCISES: tuple[Exercise, ...] = tuple(
    module.EXERCISE
    for module in (
        bugs,
        signals,
        matrix,
        backprop,
        update,
        book,
        students,
        neuron,
        gradients,
        backquery,
    )
)
