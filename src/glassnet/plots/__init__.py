"""Figures. This package is the only place that imports matplotlib.

Each family of figures has its own module (``plots.training`` for learning curves, and
``plots.lessons``, ``plots.inside``, ... as they are added); ``save_figure`` writes any of
them atomically as PNG so a crash never leaves half an image.
"""

from glassnet.plots.style import new_figure, save_figure

__all__ = ["new_figure", "save_figure"]
