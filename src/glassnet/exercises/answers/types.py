"""What the exercises' arguments are: the names their signatures use.

The checker passes NumPy arrays (float64); they index, loop and ``len`` like lists, so a
solution written with plain lists and ``math.exp`` works as well as one with NumPy.
"""

from typing import Any

Vector = Any  # a list of numbers, or a 1-D NumPy array
Matrix = Any  # a list of rows, or a 2-D NumPy array; row j: the links into node j
