"""The options of ``glassnet train`` and the ``TrainConfig`` they describe.

The training options themselves are the shared ones of ``cli.config_options`` (``sweep`` takes
the same, with several values each); this module adds what only ``train`` has.
"""

import argparse

from glassnet.cli.argument_types import positive_int
from glassnet.cli.config_options import CONFIG_FIELDS, DEFAULTS, add_training_options
from glassnet.cli.options import DATA_DIR, JSON, PRESET, QUIET, SEED, add_dataset_argument
from glassnet.runs import PRESETS, TrainConfig

__all__ = ["CONFIG_FIELDS", "DEFAULTS", "add_train_options", "config_from_args"]


def add_train_options(parser: argparse.ArgumentParser) -> None:
    """Every option of ``glassnet train``: the dataset, the config, and what to write."""
    add_dataset_argument(parser, optional=True)
    PRESET.add(parser)
    add_training_options(parser)
    SEED.add(parser)
    parser.add_argument(
        "--threads",
        type=positive_int,
        metavar="N",
        help="threads for NumPy's matrix products (default: all cores); 1 on a busy machine, "
        "where waiting for descheduled threads can make training several times slower",
    )
    DATA_DIR.add(parser)
    JSON.add(parser)
    parser.add_argument(
        "--save", metavar="PATH", help="save the trained model as a glassnet model file (.npz)"
    )
    parser.add_argument(
        "--checkpoint-dir",
        metavar="DIR",
        help="write a checkpoint to DIR after every epoch (model, optimizer, random state, history)",
    )
    parser.add_argument(
        "--resume",
        metavar="DIR",
        help="continue the run checkpointed in DIR (its dataset and settings; --epochs may "
        "raise the total); the result is bit for bit that of an uninterrupted run",
    )
    parser.add_argument(
        "--report",
        metavar="PATH",
        help="write an HTML report (curves, confusion matrix, mistakes, weights, backquery)",
    )
    QUIET.add(parser)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset (or the defaults) with every option the user gave applied on top."""
    base = PRESETS[args.preset] if args.preset else TrainConfig()
    changes = {
        name: getattr(args, name)
        for name in (*CONFIG_FIELDS, "seed")
        if getattr(args, name) is not None
    }
    return base.replace(**changes)
