"""``Trainer``: a network with what trains it, used the way the book's class is.

Runs, sweeps, checkpoints and the scikit-learn estimators train either this or the
book's ``NeuralNetwork``; both are ``Trainable`` (``network``, ``optimizer``, ``fit``),
so none of them needs to ask which kind it holds.
"""

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.engine.epochs import Callback, History
from glassnet.engine.losses import Loss
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import Optimizer
from glassnet.engine.training import train


class Trainable(Protocol):
    """What runs, sweeps, checkpoints and the scikit-learn estimators train.

    Both network kinds have it: ``Trainer`` (a ``Sequential`` trained by ``train``) and
    the book's ``NeuralNetwork`` (its own backpropagation, on the book kernels).
    ``network`` holds the layers; ``optimizer`` is the state a checkpoint keeps; ``fit``
    runs epochs the way ``train`` does (the learning rate is the optimizer's).
    """

    @property
    def network(self) -> Sequential: ...

    @property
    def optimizer(self) -> Optimizer: ...

    def fit(
        self,
        inputs: npt.ArrayLike,
        targets: npt.ArrayLike,
        *,
        epochs: int = 1,
        validation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        callbacks: Sequence[Callback] = (),
        initial_epoch: int = 0,
        transform: Callable[[npt.NDArray[np.generic]], Array] | None = None,
    ) -> History:
        """Train epochs the way ``train`` does, with the learning rate of ``optimizer``.

        Parameters
        ----------
        inputs : array_like
            Training inputs (n_samples, n_inputs); raw integers when ``transform`` scales them.
        targets : array_like
            Targets (n_samples, n_outputs).
        epochs : int
            The last epoch to train (counting ``initial_epoch``).
        validation : tuple of (array_like, array_like) or None
            ``(X_val, Y_val or labels)`` for a validation accuracy after each epoch.
        callbacks : sequence of Callback
            Told about each epoch and batch.
        initial_epoch : int
            Epochs already trained.
        transform : callable or None
            Applied to each batch of inputs (e.g. ``Dataset.preprocessing``).

        Returns
        -------
        History
        """


class Trainer:
    """A ``Sequential`` with what trains it; ``fit`` runs ``train`` with these settings.

    The shuffling generator ``rng`` carries on from one ``fit`` to the next, so epochs
    trained in several calls shuffle as one call for all of them would.

    Parameters
    ----------
    network : Sequential
        The network to train.
    loss : Loss
        The loss.
    optimizer : Optimizer
        The optimizer.
    batch_size : int
        Samples per update.
    shuffle : bool
        False keeps the data's order.
    rng : numpy.random.Generator or int or None
        The shuffling generator.
    kernel : str
        ``auto``, ``plain``, ``numpy`` or ``numba`` (see ``train``).
    """

    def __init__(
        self,
        network: Sequential,
        loss: Loss,
        optimizer: Optimizer,
        *,
        batch_size: int = 1,
        shuffle: bool = True,
        rng: np.random.Generator | int | None = None,
        kernel: str = "auto",
    ) -> None:
        self.network, self.loss, self.optimizer = network, loss, optimizer
        self.batch_size, self.shuffle, self.kernel = batch_size, shuffle, kernel
        self.rng = np.random.default_rng(rng)

    def fit(
        self,
        inputs: npt.ArrayLike,
        targets: npt.ArrayLike,
        *,
        epochs: int = 1,
        validation: tuple[npt.ArrayLike, npt.ArrayLike] | None = None,
        callbacks: Sequence[Callback] = (),
        initial_epoch: int = 0,
        transform: Callable[[npt.NDArray[np.generic]], Array] | None = None,
    ) -> History:
        """Train epochs with ``train`` and this trainer's settings.

        Parameters
        ----------
        inputs : array_like
            Training inputs (n_samples, n_inputs); raw integers when ``transform`` scales them.
        targets : array_like
            Targets (n_samples, n_outputs).
        epochs : int
            The last epoch to train (counting ``initial_epoch``).
        validation : tuple of (array_like, array_like) or None
            ``(X_val, Y_val or labels)`` for a validation accuracy after each epoch.
        callbacks : sequence of Callback
            Told about each epoch and batch.
        initial_epoch : int
            Epochs already trained.
        transform : callable or None
            Applied to each batch of inputs (e.g. ``Dataset.preprocessing``).

        Returns
        -------
        History
        """
        return train(
            self.network,
            inputs,
            targets,
            loss=self.loss,
            optimizer=self.optimizer,
            epochs=epochs,
            batch_size=self.batch_size,
            rng=self.rng,
            shuffle=self.shuffle,
            validation=validation,
            transform=transform,
            callbacks=callbacks,
            initial_epoch=initial_epoch,
            kernel=self.kernel,
        )
