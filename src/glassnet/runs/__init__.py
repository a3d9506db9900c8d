"""A training run described by data: ``TrainConfig`` → model, ``History``, test accuracy.

The CLI, sweeps and reports all go through ``run``, so one config always trains the same
network the same way. ``PRESETS["book"]`` is the network of *Make Your Own Neural
Network*: 784-200-10 sigmoid, no biases, N(0, n_in^-0.5) weights, squared error,
per-sample updates in the data's order, learning rate 0.1, 5 epochs, trained with the
book's own error backpropagation (``glassnet.book``, on its fastest kernel).
``PRESETS["fast"]`` is the recommended fast configuration for MNIST.

``config`` holds ``TrainConfig``, ``presets`` the named ones, ``networks`` what a config
builds, ``memory`` whether that fits in memory, ``loop`` the run itself, ``checkpointing``
its checkpoints and ``result`` what it returns.
"""

from glassnet.runs.checkpointing import run_description
from glassnet.runs.config import DTYPES, SCHEDULES, Backprop, Schedule, TrainConfig
from glassnet.runs.loop import check_augmentation, run
from glassnet.runs.memory import check_memory
from glassnet.runs.networks import make_optimizer
from glassnet.runs.presets import BOOK_SIZES, PRESETS, check_fits
from glassnet.runs.result import RunResult

__all__ = [
    "BOOK_SIZES",
    "DTYPES",
    "PRESETS",
    "SCHEDULES",
    "Backprop",
    "RunResult",
    "Schedule",
    "TrainConfig",
    "check_augmentation",
    "check_fits",
    "check_memory",
    "make_optimizer",
    "run",
    "run_description",
]
