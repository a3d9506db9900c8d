"""The options of ``glassnet train`` and the ``TrainConfig`` they describe."""

import argparse

from glassnet.cli.argument_types import (
    add_data_dir_option,
    non_negative_float,
    non_negative_int,
    pair,
    positive_float,
    positive_int,
    sizes,
)
from glassnet.data.datasets import DATASETS
from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.init import INITIALIZERS
from glassnet.engine.losses import LOSSES
from glassnet.runs import DTYPES, PRESETS, SCHEDULES, TrainConfig

DEFAULTS = TrainConfig()


def add_train_options(parser: argparse.ArgumentParser) -> None:
    """Every option of ``glassnet train``: the dataset, the config, and what to write."""
    parser.add_argument(
        "dataset",
        nargs="?",
        choices=DATASETS,
        metavar="DATASET",
        help=f"one of {', '.join(DATASETS)} (default: digits, bundled, offline)",
    )
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="start from a named configuration; other options override it",
    )
    parser.add_argument(
        "--hidden",
        type=sizes,
        help=f"hidden layer sizes, e.g. 200 or 128,64 (default {DEFAULTS.hidden[0]})",
    )
    parser.add_argument(
        "--activation",
        choices=[a for a in ACTIVATIONS if a != "softmax"],
        help="hidden activation (default sigmoid)",
    )
    parser.add_argument(
        "--output",
        choices=list(ACTIVATIONS),
        help="output activation (default: sigmoid, softmax with cross-entropy)",
    )
    parser.add_argument("--loss", choices=list(LOSSES), help="default squared-error, the book's")
    parser.add_argument("--optimizer", choices=["sgd", "adam"], help="default sgd")
    parser.add_argument(
        "--lr",
        "--learning-rate",
        dest="learning_rate",
        type=positive_float,
        help=f"learning rate (default {DEFAULTS.learning_rate})",
    )
    parser.add_argument("--momentum", type=float, help="SGD momentum in [0, 1) (default 0)")
    parser.add_argument("--weight-decay", type=float, help="L2 weight decay (default 0)")
    parser.add_argument(
        "--epochs",
        type=positive_int,
        help=f"passes over the training data (default {DEFAULTS.epochs})",
    )
    parser.add_argument(
        "--batch-size", type=positive_int, help="samples per update (default 1, the book's)"
    )
    parser.add_argument(
        "--init",
        choices=list(INITIALIZERS),
        help="weight initialiser (default book: N(0, n_in^-0.5))",
    )
    parser.add_argument(
        "--no-bias",
        dest="bias",
        action="store_false",
        default=None,
        help="layers without bias, as in the book",
    )
    parser.add_argument(
        "--targets",
        type=pair,
        help="one-hot target values LOW,HIGH (default 0.01,0.99 for squared error, else 0,1)",
    )
    parser.add_argument(
        "--no-shuffle",
        dest="shuffle",
        action="store_false",
        default=None,
        help="keep the data's order every epoch",
    )
    parser.add_argument("--seed", type=int, help="seed for weights and shuffling (default 0)")
    add_augmentation_options(parser)
    parser.add_argument(
        "--dtype",
        choices=list(DTYPES),
        help="float type to train in (default auto: float32 for batches > 1, else float64)",
    )
    parser.add_argument(
        "--threads",
        type=positive_int,
        help="threads for NumPy's matrix products (default: all cores); 1 on a busy machine, "
        "where waiting for descheduled threads can make training several times slower",
    )
    add_data_dir_option(parser)
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="write config, per-epoch history and test accuracy as JSON to PATH "
        "('-': standard output, and the progress to standard error)",
    )
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
    parser.add_argument("--quiet", action="store_true", help="only print the final accuracy")


def add_augmentation_options(parser: argparse.ArgumentParser) -> None:
    """Image augmentation and the learning-rate schedule, as a group of their own."""
    group = parser.add_argument_group("augmentation and schedule")
    group.add_argument(
        "--rotations",
        type=non_negative_float,
        metavar="DEGREES",
        help="the book's augmentation: train on each image plus copies rotated by "
        "+DEGREES and -DEGREES (the book: 10)",
    )
    group.add_argument(
        "--random-rotation",
        type=non_negative_float,
        metavar="DEGREES",
        help="rotate every training image by a fresh random angle up to ±DEGREES each epoch",
    )
    group.add_argument(
        "--random-shift",
        type=non_negative_int,
        metavar="PIXELS",
        help="move every training image by up to ±PIXELS each epoch",
    )
    group.add_argument(
        "--noise",
        type=non_negative_float,
        metavar="STD",
        help="add Gaussian noise (STD as a fraction of the pixel range, e.g. 0.05) each epoch",
    )
    group.add_argument(
        "--schedule",
        choices=SCHEDULES,
        help="learning rate per epoch: constant (default), or cosine/linear decay towards 0",
    )


CONFIG_FIELDS = (
    "hidden",
    "activation",
    "output",
    "loss",
    "optimizer",
    "learning_rate",
    "momentum",
    "weight_decay",
    "epochs",
    "batch_size",
    "init",
    "bias",
    "targets",
    "shuffle",
    "seed",
    "dtype",
    "rotations",
    "random_rotation",
    "random_shift",
    "noise",
    "schedule",
)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset (or the defaults) with every option the user gave applied on top."""
    base = PRESETS[args.preset] if args.preset else TrainConfig()
    changes = {
        name: getattr(args, name) for name in CONFIG_FIELDS if getattr(args, name) is not None
    }
    return base.replace(**changes)
