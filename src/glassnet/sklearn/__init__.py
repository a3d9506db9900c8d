"""scikit-learn estimators on glassnet's engine: use a network in a Pipeline or GridSearchCV.

``GlassnetClassifier`` and ``GlassnetRegressor`` follow scikit-learn's conventions and pass
its ``check_estimator``; they train with ``glassnet.mlp`` and ``glassnet.train`` (or the
book's class), so they give the native API's weights for the same seed and settings.
"""

from glassnet.sklearn.classifier import GlassnetClassifier
from glassnet.sklearn.regressor import GlassnetRegressor

__all__ = ["GlassnetClassifier", "GlassnetRegressor"]
