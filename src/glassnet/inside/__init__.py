"""Looking inside a trained network, and using it on your own images.

- ``glassnet.inside.network``: the weights into each hidden node as images, the book's
  backquery, the most confidently wrong predictions.
- ``glassnet.inside.images``: image files (PNG, JPEG, ...) prepared the way MNIST's
  digits were, for ``glassnet predict``.
- ``glassnet.inside.prediction``: a model file's predictions and evaluation on a dataset.
"""

from glassnet.inside.network import (
    INPUT_RANGE,
    Mistakes,
    backquery,
    confidence,
    hidden_weights,
    label_targets,
    most_confident_mistakes,
    rescale,
)

__all__ = [
    "INPUT_RANGE",
    "Mistakes",
    "backquery",
    "confidence",
    "hidden_weights",
    "label_targets",
    "most_confident_mistakes",
    "rescale",
]
