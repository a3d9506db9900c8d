"""``GlassnetClassifier``: a glassnet network as a scikit-learn classifier."""

from typing import Any, Self

import numpy as np
import numpy.typing as npt
from sklearn.base import ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets, unique_labels

from glassnet._types import Array
from glassnet.data.preprocessing import one_hot
from glassnet.engine.activations import Softmax
from glassnet.runs import TrainConfig
from glassnet.sklearn._base import GlassnetEstimator, config_params


class GlassnetClassifier(ClassifierMixin, GlassnetEstimator):  # type: ignore[misc]
    """A multi-layer perceptron classifier trained by glassnet's engine.

    Any labels work (strings, numbers, ``-1``/``1``); they are sorted into ``classes_``
    and network output ``k`` stands for ``classes_[k]``. The outputs are one per class
    (softmax for ``loss="cross-entropy"``, sigmoid otherwise) except for two classes with
    ``loss="binary-cross-entropy"``: then one sigmoid output is the probability of
    ``classes_[1]``, as in the infographic's pass/fail network.

    Parameters
    ----------
    hidden_layer_sizes : int or tuple of int, default=(100,)
        Nodes in each hidden layer, inputs to outputs.
    activation : {"sigmoid", "tanh", "relu", "identity"}, default="sigmoid"
        Activation of the hidden layers.
    output_activation : {"sigmoid", "softmax"} or None, default=None
        Activation of the output layer; None picks the loss's natural one (softmax for
        cross-entropy, sigmoid otherwise).
    loss : {"cross-entropy", "binary-cross-entropy", "squared-error"}, default="cross-entropy"
        Summed over outputs, averaged over each batch; "squared-error" is the book's.
    optimizer : {"sgd", "adam"}, default="sgd"
    learning_rate : float, default=0.3
    momentum : float, default=0.0
        SGD momentum in [0, 1).
    weight_decay : float, default=0.0
        L2 penalty on the weights (not the biases).
    epochs : int, default=30
        Passes over the training data in ``fit`` (``partial_fit`` makes one).
    batch_size : int, default=16
        Samples per update; 1 is the book's per-sample training.
    init : {"book", "glorot", "he", "uniform"}, default="book"
        Weight initialiser; "book" is N(0, n_in^-0.5).
    bias : bool, default=True
    shuffle : bool, default=True
        Shuffle the samples every epoch; False keeps their order, as the book does.
    targets : (float, float) or None, default=None
        One-hot target values (off, on); None gives the book's (0.01, 0.99) for
        squared error and (0, 1) otherwise.
    backprop : {"gradient", "book"}, default="gradient"
        "book" trains with the book's own error backpropagation (see ``glassnet.book``);
        it needs the book's network: one sigmoid hidden layer, sigmoid outputs, squared
        error, plain SGD, ``batch_size=1``, ``bias=False``, ``shuffle=False``.
    random_state : None, int, numpy Generator or RandomState, default=None
        Seeds the initial weights and then the shuffling (one stream, as ``glassnet.runs``).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    feature_names_in_ : ndarray of str, only when fitted on a DataFrame with column names
    n_outputs_ : int
        Output nodes of the network (1 only for binary cross-entropy on two classes).
    network_ : glassnet.Sequential
        The trained network; ``glassnet.save(clf.network_, path)`` writes it to a file.
    history_ : glassnet.History
        Per-epoch loss and training accuracy, across ``fit`` and ``partial_fit`` calls.
    loss_curve_ : list of float
        The mean training loss of each epoch.
    n_iter_ : int
        Epochs trained.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from glassnet.sklearn import GlassnetClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> model = make_pipeline(StandardScaler(), GlassnetClassifier(hidden_layer_sizes=(8,), random_state=0))
    >>> bool(model.fit(X, y).score(X, y) > 0.9)
    True
    >>> model[-1].predict_proba(StandardScaler().fit(X).transform(X[:1])).shape
    (1, 3)
    """

    def __init__(
        self,
        hidden_layer_sizes: Any = (100,),
        activation: str = "sigmoid",
        output_activation: str | None = None,
        loss: str = "cross-entropy",
        optimizer: str = "sgd",
        learning_rate: float = 0.3,
        momentum: float = 0.0,
        weight_decay: float = 0.0,
        epochs: int = 30,
        batch_size: int = 16,
        init: str = "book",
        bias: bool = True,
        shuffle: bool = True,
        targets: tuple[float, float] | None = None,
        backprop: str = "gradient",
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
        self.targets = targets
        self.backprop = backprop
        self.random_state = random_state

    @classmethod
    def from_config(cls, config: TrainConfig) -> "GlassnetClassifier":
        """The classifier that trains like ``config``, e.g. ``PRESETS["book"]``.

        Estimators compute in float64: for a config whose mini-batches ``run`` trains in
        float32 (``dtype="auto"``), the classifier takes the same steps in float64.

        Parameters
        ----------
        config : TrainConfig
            A training configuration from ``glassnet.runs``.

        Returns
        -------
        GlassnetClassifier
            Unfitted, with the config's settings as parameters.
        """
        return cls(**config_params(config), targets=config.targets, backprop=config.backprop)

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> Self:
        """Train a new network for ``epochs`` epochs on ``X`` (n_samples, n_features), ``y``.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.
        y : array_like
            Labels (n_samples,), any hashable values with at least two classes.

        Returns
        -------
        GlassnetClassifier
            ``self``, fitted.

        Raises
        ------
        ValueError
            For bad inputs or settings (scikit-learn's checks, and the config's).
        TrainingDivergedError
            When training diverges (the loss or a weight becomes NaN or infinite).
        """
        self._fit(X, y, partial=False)
        return self

    def partial_fit(
        self, X: npt.ArrayLike, y: npt.ArrayLike, classes: npt.ArrayLike | None = None
    ) -> Self:
        """One epoch on ``X``, ``y``; the first call needs every class in ``classes``.

        Later calls continue the same network, optimizer state and random stream, so
        ``epochs`` calls on the same data equal one ``fit``. ``learning_rate``,
        ``batch_size`` and ``shuffle`` are read at each call; the network's shape, loss
        and optimizer are fixed by the first.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.
        y : array_like
            Labels (n_samples,).
        classes : array_like or None
            Every class the network will ever see; required on the first call.

        Returns
        -------
        GlassnetClassifier
            ``self``.

        Raises
        ------
        ValueError
            When ``classes`` is missing on the first call, differs from the first call's, or
            ``y`` has a label outside it.
        """
        self._fit(X, y, partial=True, classes=classes)
        return self

    def predict_proba(self, X: npt.ArrayLike) -> Array:
        """Class probabilities (n_samples, n_classes); each row sums to 1.

        Softmax outputs are probabilities already; one sigmoid output p gives (1 − p, p);
        several sigmoid outputs (one per class) are divided by their sum.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.

        Returns
        -------
        numpy.ndarray
            Columns in the order of ``classes_``.
        """
        outputs = self._outputs(X)
        if outputs.shape[1] == 1:
            return np.column_stack([1.0 - outputs[:, 0], outputs[:, 0]])
        if isinstance(self.network_.layers[-1], Softmax):
            return outputs
        total = np.sum(outputs, axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            probabilities: Array = np.where(total > 0, outputs / total, 1.0 / outputs.shape[1])
        return probabilities

    def predict_log_proba(self, X: npt.ArrayLike) -> Array:
        """The natural logarithm of ``predict_proba`` (−inf where a probability is 0).

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.

        Returns
        -------
        numpy.ndarray
            (n_samples, n_classes).
        """
        with np.errstate(divide="ignore"):
            logs: Array = np.log(self.predict_proba(X))
        return logs

    def predict(self, X: npt.ArrayLike) -> npt.NDArray[Any]:
        """The most probable class of each row, as a label from ``classes_``.

        Parameters
        ----------
        X : array_like
            Inputs (n_samples, n_features), or a DataFrame.

        Returns
        -------
        numpy.ndarray
            (n_samples,) labels.
        """
        best = np.argmax(self.predict_proba(X), axis=1)
        labels: npt.NDArray[Any] = self.classes_[best]
        return labels

    def _config(self) -> TrainConfig:
        targets = None if self.targets is None else _pair(self.targets)
        if self.backprop not in ("gradient", "book"):
            raise ValueError(f"backprop must be 'gradient' or 'book', got {self.backprop!r}")
        config = self._train_config(
            output=self.output_activation, targets=targets, backprop=self.backprop
        )
        if config.output_activation not in ("sigmoid", "softmax"):
            raise ValueError(
                "a classifier's output_activation must be 'sigmoid' or 'softmax' (its outputs "
                f"are read as probabilities), got {config.output_activation!r}"
            )
        return config

    def _start_outputs(
        self, config: TrainConfig, y: npt.NDArray[Any], classes: Any, partial: bool
    ) -> int:
        """``classes_`` from ``y`` (or from ``classes`` for partial_fit); one output per class,
        or a single one for binary cross-entropy on two classes (as ``glassnet.runs``)."""
        check_classification_targets(y)
        if partial and classes is None:
            raise ValueError(
                "classes must be given on the first call to partial_fit "
                "(every class the network will ever see, e.g. classes=np.unique(y_all))"
            )
        self.classes_ = _classes(y if classes is None else np.asarray(classes))
        if config.loss != "binary-cross-entropy" or len(self.classes_) != 2:
            return len(self.classes_)
        if config.output_activation == "softmax":
            raise ValueError(
                "binary cross-entropy on two classes uses one output node, and a softmax of "
                "one node is always 1: use output_activation='sigmoid'"
            )
        return 1

    def _check_more_outputs(self, y: npt.NDArray[Any], classes: Any) -> None:
        check_classification_targets(y)
        if classes is not None and not np.array_equal(unique_labels(classes), self.classes_):
            raise ValueError(
                f"classes={unique_labels(classes).tolist()} differs from the classes of the "
                f"first call, {self.classes_.tolist()}"
            )

    def _targets(self, config: TrainConfig, y: npt.NDArray[Any]) -> Array:
        """One-hot rows for the labels ``y`` (as ``glassnet.runs`` builds them)."""
        known = unique_labels(self.classes_, y)  # also refuses mixed strings and numbers
        if len(known) > len(self.classes_):
            classes = self.classes_.tolist()
            unknown = [label for label in known.tolist() if label not in classes]
            raise ValueError(f"y has labels not in classes_ {classes}: {unknown}")
        low, high = config.target_range
        targets = one_hot(np.searchsorted(self.classes_, y), len(self.classes_), off=low, on=high)
        return targets[:, 1:] if self.n_outputs_ == 1 else targets


def _pair(values: Any) -> tuple[float, float]:
    """``targets`` as two floats (off, on); TrainConfig then checks off < on."""
    try:
        off, on = (float(value) for value in values)
    except (TypeError, ValueError):
        raise ValueError(f"targets must be a pair (off, on), got {values!r}") from None
    return off, on


def _classes(y: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The sorted distinct labels; a classifier needs at least two."""
    classes: npt.NDArray[Any] = unique_labels(y)
    if len(classes) < 2:
        raise ValueError(
            "GlassnetClassifier needs samples of at least 2 classes, "
            f"got 1 class: {classes.tolist()[0]!r}"
        )
    return classes
