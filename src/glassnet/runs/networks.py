"""What a ``TrainConfig`` builds: the targets, and the untrained network with its optimizer."""

import numpy as np
import numpy.typing as npt

from glassnet._types import Array, IntArray
from glassnet.book import NeuralNetwork
from glassnet.data.dataset import Dataset
from glassnet.data.preprocessing import one_hot
from glassnet.engine.losses import get_loss
from glassnet.engine.network import mlp
from glassnet.engine.optimizers import SGD, Adam, Optimizer
from glassnet.engine.trainer import Trainable, Trainer
from glassnet.runs.config import TrainConfig


def make_optimizer(config: TrainConfig) -> Optimizer:
    """The optimizer a config asks for: ``SGD`` (with its momentum) or ``Adam``, with its weight decay.

    Parameters
    ----------
    config : TrainConfig
        The run's configuration.

    Returns
    -------
    Optimizer
    """
    if config.optimizer == "adam":
        return Adam(config.learning_rate, weight_decay=config.weight_decay)
    return SGD(config.learning_rate, momentum=config.momentum, weight_decay=config.weight_decay)


def training_targets(config: TrainConfig, dataset: Dataset, labels: IntArray) -> Array:
    """One-hot rows at the config's target values, one column per output node.

    Two classes with binary cross-entropy have one output node, "probability of class 1".
    """
    low, high = config.target_range
    dtype = np.dtype(config.float_type)
    targets = one_hot(labels, dataset.n_classes, off=low, on=high, dtype=dtype)
    if config.loss == "binary-cross-entropy" and dataset.n_classes == 2:
        return targets[:, 1:]
    return targets


def build_network(
    config: TrainConfig,
    n_inputs: int,
    n_outputs: int,
    rng: np.random.Generator,
    dtype: npt.DTypeLike | None = None,
) -> Trainable:
    """The untrained network, ready to ``fit``: the book's own class for its backpropagation.

    ``rng`` draws the initial weights, then shuffles the samples. ``dtype`` None: the
    config's float type (the book's class always computes in float64).
    """
    if config.backprop == "book":
        return NeuralNetwork(n_inputs, config.hidden[0], n_outputs, config.learning_rate, rng=rng)
    model = mlp(
        [n_inputs, *config.hidden, n_outputs],
        activation=config.activation,
        output=config.output_activation,
        bias=config.bias,
        init=config.init,
        rng=rng,
        dtype=np.dtype(config.float_type) if dtype is None else dtype,
    )
    optimizer = make_optimizer(config)
    loss = get_loss(config.loss)
    return Trainer(
        model, loss, optimizer, batch_size=config.batch_size, shuffle=config.shuffle, rng=rng
    )
