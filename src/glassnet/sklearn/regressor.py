"""``GlassnetRegressor``: a glassnet network as a scikit-learn regressor."""

from typing import Any, Self

import numpy as np
import numpy.typing as npt
from sklearn.base import RegressorMixin

from glassnet._types import Array
from glassnet.runs import TrainConfig
from glassnet.sklearn._base import GlassnetEstimator

_LOSSES = ("squared-error", "binary-cross-entropy")


class GlassnetRegressor(RegressorMixin, GlassnetEstimator):  # type: ignore[misc]
    """A multi-layer perceptron regressor trained by glassnet's engine.

    One output node per target column, linear (identity) by default, trained on the
    squared error ½Σ(t − o)² averaged over each batch. ``y`` may be 1-D (predictions are
    1-D) or 2-D with several targets (predictions have the same columns). The network
    learns the targets as given: scale large ones, e.g. with
    ``TransformedTargetRegressor(GlassnetRegressor(), transformer=StandardScaler())``.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(100,)
    activation : {"sigmoid", "tanh", "relu", "identity"}, default="sigmoid"
    output_activation : {"identity", "sigmoid", "tanh", "relu"} or None, default=None
        None: identity for squared error, sigmoid for binary cross-entropy.
    loss : {"squared-error", "binary-cross-entropy"}, default="squared-error"
        Binary cross-entropy fits targets in [0, 1] (probabilities, rates).
    optimizer : {"sgd", "adam"}, default="adam"
    learning_rate : float, default=0.01
    momentum : float, default=0.0
        SGD momentum in [0, 1).
    weight_decay : float, default=0.0
        L2 penalty on the weights (not the biases).
    epochs : int, default=30
        Passes over the training data in ``fit`` (``partial_fit`` makes one).
    batch_size : int, default=16
        Samples per update.
    init : {"book", "glorot", "he", "uniform"}, default="book"
        Weight initialiser.
    bias : bool, default=True
    shuffle : bool, default=True
        Shuffle the samples every epoch.
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds the initial weights and then the shuffling.

    Attributes
    ----------
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when fitted on a DataFrame with column names
    n_outputs_ : int
        Target columns, one output node each.
    network_ : glassnet.Sequential
        The trained network.
    history_ : glassnet.History
        Per-epoch loss, across ``fit`` and ``partial_fit`` calls.
    loss_curve_ : list of float
        The mean training loss of each epoch.
    n_iter_ : int
        Epochs trained.

    Examples
    --------
    >>> import numpy as np
    >>> from glassnet.sklearn import GlassnetRegressor
    >>> X = np.linspace(0, 1, 40).reshape(-1, 1)
    >>> y = 2 * X[:, 0] + 1
    >>> model = GlassnetRegressor((8,), learning_rate=0.05, epochs=300, random_state=0).fit(X, y)
    >>> model.predict([[0.5]]).shape, bool(model.score(X, y) > 0.995)
    ((1,), True)
    """

    def __init__(
        self,
        hidden_layer_sizes: Any = (100,),
        activation: str = "sigmoid",
        output_activation: str | None = None,
        loss: str = "squared-error",
        optimizer: str = "adam",
        learning_rate: float = 0.01,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        epochs: int = 30,
        batch_size: int = 16,
        init: str = "book",
        bias: bool = True,
        shuffle: bool = True,
        random_state: Any = None,
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output_activation = output_activation
        self.loss = loss
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.weight_decay = weight_decay
        self.epochs = epochs
        self.batch_size = batch_size
        self.init = init
        self.bias = bias
        self.shuffle = shuffle
        self.random_state = random_state

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> Self:
        """Train a new network for ``epochs`` epochs on ``X`` (n_samples, n_features), ``y``.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.
        y : array_like
            Targets (n_samples,) or (n_samples, n_targets).

        Returns
        -------
        GlassnetRegressor
            ``self``, fitted.

        Raises
        ------
        ValueError
            For bad inputs or settings.
        TrainingDivergedError
            When training diverges.
        """
        self._fit(X, y, partial=False)
        return self

    def partial_fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> Self:
        """One epoch on ``X``, ``y``, continuing the network of earlier calls (if any).

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.
        y : array_like
            Targets (n_samples,) or (n_samples, n_targets), as many columns as the first call's.

        Returns
        -------
        GlassnetRegressor
            ``self``.
        """
        self._fit(X, y, partial=True)
        return self

    def predict(self, X: npt.ArrayLike) -> Array:
        """Predicted targets: (n_samples,) for a 1-D ``y``, else (n_samples, n_targets).

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.

        Returns
        -------
        numpy.ndarray
        """
        outputs = self._outputs(X)
        return outputs[:, 0] if self._one_target else outputs

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # one output node per target column
        return tags

    def _config(self) -> TrainConfig:
        if self.loss not in _LOSSES:
            raise ValueError(
                f"unknown loss {self.loss!r}; a regressor uses one of: {', '.join(_LOSSES)}"
            )
        output = self.output_activation
        if output is None:
            output = "identity" if self.loss == "squared-error" else "sigmoid"
        return self._train_config(output=output)

    def _y_checks(self) -> dict[str, Any]:
        return {"multi_output": True, "y_numeric": True}

    def _start_outputs(
        self, config: TrainConfig, y: npt.NDArray[Any], classes: Any, partial: bool
    ) -> int:
        self._one_target = y.ndim == 1
        return 1 if y.ndim == 1 else int(y.shape[1])

    def _check_more_outputs(self, y: npt.NDArray[Any], classes: Any) -> None:
        n_targets = 1 if y.ndim == 1 else int(y.shape[1])
        if n_targets != self.n_outputs_:
            raise ValueError(
                f"y has {n_targets} target columns but the network was started with "
                f"{self.n_outputs_}"
            )

    def _targets(self, config: TrainConfig, y: npt.NDArray[Any]) -> Array:
        targets = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        if config.loss == "binary-cross-entropy" and (targets.min() < 0 or targets.max() > 1):
            raise ValueError("binary cross-entropy needs targets in [0, 1]")
        return targets
