"""What ``GlassnetClassifier`` and ``GlassnetRegressor`` share: parameters → network → epochs.

The estimators hold no training loop of their own. Their parameters become a
``glassnet.runs.TrainConfig`` (which validates them), the network is ``glassnet.mlp`` (or
the book's ``NeuralNetwork`` for ``backprop="book"``) and every epoch is run by
its ``fit`` (``glassnet.train``'s, or the book class's), drawing the initial weights and then
the shuffling from one generator seeded by ``random_state``, exactly as ``glassnet.runs``
does. So an estimator and the native API give the same weights for the same settings.
"""

import numbers
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted, validate_data

from glassnet._types import Array
from glassnet.engine.trainer import Trainable
from glassnet.engine.training import History, TrainingDivergedError
from glassnet.runs import TrainConfig
from glassnet.runs.networks import build_network


def generator(random_state: Any) -> np.random.Generator:
    """A NumPy Generator from ``random_state``: None, an int, a Generator, a SeedSequence or
    BitGenerator, or a legacy RandomState (which supplies a seed, so repeated fits differ)."""
    if isinstance(random_state, np.random.RandomState):
        return np.random.default_rng(random_state.randint(np.iinfo(np.int32).max))
    if isinstance(random_state, bool):
        random_state = object()  # not a seed: fall through to the error below
    try:
        return np.random.default_rng(random_state)
    except (TypeError, ValueError):
        raise ValueError(
            f"random_state must be None, an int or a NumPy generator, got {random_state!r}"
        ) from None


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    return int(value)


def _real(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def _hidden(sizes: Any) -> tuple[int, ...]:
    if isinstance(sizes, numbers.Integral):
        sizes = (sizes,)  # a bool is refused by _whole below
    if not isinstance(sizes, Sequence | np.ndarray) or isinstance(sizes, str) or len(sizes) == 0:
        raise ValueError(
            f"hidden_layer_sizes must be a whole number or a tuple of them, got {sizes!r}"
        )
    return tuple(_whole(size, "each hidden layer size") for size in sizes)


def config_params(config: TrainConfig) -> dict[str, Any]:
    """The estimator parameters shared with a ``TrainConfig`` (its seed is ``random_state``)."""
    return {
        "hidden_layer_sizes": config.hidden,
        "activation": config.activation,
        "output_activation": config.output,
        "loss": config.loss,
        "optimizer": config.optimizer,
        "learning_rate": config.learning_rate,
        "momentum": config.momentum,
        "weight_decay": config.weight_decay,
        "epochs": config.epochs,
        "batch_size": config.batch_size,
        "init": config.init,
        "bias": config.bias,
        "shuffle": config.shuffle,
        "random_state": config.seed,
    }


class GlassnetEstimator(BaseEstimator):  # type: ignore[misc]
    """Shared machinery; the subclasses declare the parameters in their ``__init__``."""

    hidden_layer_sizes: Any
    activation: str
    output_activation: str | None
    loss: str
    optimizer: str
    learning_rate: float
    momentum: float
    weight_decay: float
    epochs: int
    batch_size: int
    init: str
    bias: bool
    shuffle: bool
    random_state: Any
    _trainer: Trainable

    def _train_config(self, *, output: str | None, **extra: Any) -> TrainConfig:
        """The parameters as a validated ``TrainConfig``; errors name the bad parameter."""
        for name in ("activation", "loss", "optimizer", "init"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"{name} must be a name (a string), got {getattr(self, name)!r}")
        if output is not None and not isinstance(output, str):
            raise ValueError(f"output_activation must be a name or None, got {output!r}")
        return TrainConfig(
            hidden=_hidden(self.hidden_layer_sizes),
            activation=self.activation,
            output=output,
            loss=self.loss,
            optimizer=self.optimizer,
            learning_rate=_real(self.learning_rate, "learning_rate"),
            momentum=_real(self.momentum, "momentum"),
            weight_decay=_real(self.weight_decay, "weight_decay"),
            epochs=_whole(self.epochs, "epochs"),
            batch_size=_whole(self.batch_size, "batch_size"),
            init=self.init,
            bias=bool(self.bias),
            shuffle=bool(self.shuffle),
            **extra,
        )

    # What each estimator defines.
    def _config(self) -> TrainConfig:
        raise NotImplementedError

    def _y_checks(self) -> dict[str, Any]:
        """Extra ``validate_data`` options for ``y``."""
        return {}

    def _start_outputs(
        self, config: TrainConfig, y: npt.NDArray[Any], classes: Any, partial: bool
    ) -> int:
        """Learn what the outputs stand for from the first ``y``; returns their number."""
        raise NotImplementedError

    def _targets(self, config: TrainConfig, y: npt.NDArray[Any]) -> Array:
        """The network's target rows for ``y``."""
        raise NotImplementedError

    # The shared flow of fit and partial_fit.
    def _fit(
        self, X: npt.ArrayLike, y: npt.ArrayLike, *, partial: bool, classes: Any = None
    ) -> None:
        """``fit`` (a new network, ``epochs`` epochs) or ``partial_fit`` (one more epoch)."""
        first = not (partial and self.__sklearn_is_fitted__())
        inputs, outputs = validate_data(
            self, X, y, dtype=np.float64, reset=first, **self._y_checks()
        )
        config = self._config()
        if first:
            n_outputs = self._start_outputs(config, outputs, classes, partial)
            self._trainer = self._new_trainer(config, inputs.shape[1], n_outputs)
            self.n_outputs_ = n_outputs
            self.network_ = self._trainer.network
        else:
            self._check_more_outputs(outputs, classes)
        try:
            targets = self._targets(config, outputs)
            history = self._run_epochs(config, inputs, targets, 1 if partial else config.epochs)
        except BaseException:
            if first:  # a failed start leaves no half-trained network that looks fitted
                del self.network_, self._trainer
            raise
        self._record(history, reset=first)

    def _check_more_outputs(self, y: npt.NDArray[Any], classes: Any) -> None:
        """Refuse a later ``partial_fit`` whose ``y`` cannot continue the network."""

    def _new_trainer(self, config: TrainConfig, n_inputs: int, n_outputs: int) -> Trainable:
        """A fresh network and optimizer; weights first, then shuffling, from one generator."""
        # float64 at every batch size, like the data validate_data hands over (docs/sklearn.md).
        return build_network(config, n_inputs, n_outputs, generator(self.random_state), np.float64)

    def _run_epochs(self, config: TrainConfig, X: Array, targets: Array, epochs: int) -> History:
        """``epochs`` passes over (X, targets), refused with a hint if training diverges.

        As scikit-learn's own estimators, a failed ``fit`` raises (``GridSearchCV`` turns
        that into its ``error_score``); the caller leaves a first fit unfitted.
        """
        trainer = self._trainer
        trainer.optimizer.learning_rate = config.learning_rate  # may change between partial_fits
        try:
            return trainer.fit(X, targets, epochs=epochs)
        except TrainingDivergedError as error:
            raise TrainingDivergedError(
                error.epoch,
                error.batch,
                error.what,
                error.learning_rate,
                error.history,
                "use a smaller learning_rate, or scale the inputs (and a regressor's targets)",
            ) from None

    def _record(self, history: History, *, reset: bool) -> None:
        """Set ``history_``, ``loss_curve_`` and ``n_iter_``; epochs are counted across calls."""
        if reset:
            self.history_ = History()
        done = len(self.history_.records)
        self.history_.records.extend(replace(r, epoch=done + r.epoch) for r in history.records)
        self.loss_curve_ = self.history_.loss
        self.n_iter_ = len(self.history_.records)

    def _outputs(self, X: npt.ArrayLike) -> Array:
        """The fitted network's outputs for new inputs, checked against the training data."""
        check_is_fitted(self)
        inputs = validate_data(self, X, dtype=np.float64, reset=False)
        outputs: Array = self.network_.predict(inputs)
        return outputs

    def __sklearn_is_fitted__(self) -> bool:
        return hasattr(self, "network_")
