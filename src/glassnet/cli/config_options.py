"""The options that set a ``TrainConfig`` field: ``train``'s, and ``sweep``'s with several values.

Defined once, so that a sweep's ``--hidden 100 128,64`` is two values each written as
``train --hidden`` writes one; ``SHORT_FORMS`` are the flags ``--no-bias`` and
``--no-shuffle``, short for ``--bias no`` and ``--shuffle no``.
"""

import argparse
from typing import Any

from glassnet.cli.argument_types import (
    non_negative_float,
    non_negative_int,
    pair,
    positive_float,
    positive_int,
    sizes,
    yes_no,
)
from glassnet.cli.options import Option, one_of
from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.init import INITIALIZERS
from glassnet.engine.losses import LOSSES
from glassnet.runs import DTYPES, SCHEDULES, TrainConfig

DEFAULTS = TrainConfig()


def _training(field: str, *flags: str, help: str, **options: Any) -> tuple[str, Option]:
    """A TrainConfig field's option, named after the field unless ``flags`` says otherwise."""
    return field, Option(flags or (f"--{field.replace('_', '-')}",), help, field, **options)


_HIDDEN_ACTIVATIONS = tuple(a for a in ACTIVATIONS if a != "softmax")

# The options that set a TrainConfig field, in the order ``train --help`` shows them and a
# sweep's axes take. In ``sweep`` each takes one or more values; the flags take none.
TRAINING: dict[str, Option] = dict(
    [
        _training(
            "learning_rate",
            "--lr",
            "--learning-rate",
            help=f"learning rate (default {DEFAULTS.learning_rate})",
            type=positive_float,
            metavar="RATE",
        ),
        _training(
            "epochs",
            help=f"passes over the training data (default {DEFAULTS.epochs})",
            type=positive_int,
            metavar="N",
        ),
        _training(
            "hidden",
            help="hidden layer sizes: 100, or 128,64 for two layers "
            f"(default {','.join(map(str, DEFAULTS.hidden))})",
            type=sizes,
            metavar="SIZES",
        ),
        _training(
            "activation",
            help=f"hidden activation: {one_of(_HIDDEN_ACTIVATIONS)} (default sigmoid)",
            choices=_HIDDEN_ACTIVATIONS,
            metavar="NAME",
        ),
        _training(
            "output",
            help=f"output activation: {one_of(tuple(ACTIVATIONS))} (default sigmoid, "
            "softmax with cross-entropy)",
            choices=tuple(ACTIVATIONS),
            metavar="NAME",
        ),
        _training(
            "loss",
            help=f"loss: {one_of(tuple(LOSSES))} (default squared-error, the book's)",
            choices=tuple(LOSSES),
            metavar="NAME",
        ),
        _training(
            "optimizer",
            help="optimizer: sgd (default) or adam",
            choices=("sgd", "adam"),
            metavar="NAME",
        ),
        _training(
            "momentum",
            help="SGD momentum in [0, 1) (default 0)",
            type=non_negative_float,
            metavar="M",
        ),
        _training(
            "weight_decay",
            help="L2 weight decay (default 0)",
            type=non_negative_float,
            metavar="L2",
        ),
        _training(
            "batch_size",
            help="samples per update (default 1, the book's)",
            type=positive_int,
            metavar="N",
        ),
        _training(
            "init",
            help=f"weight initialiser: {one_of(tuple(INITIALIZERS))} "
            "(default book: N(0, n_in^-0.5))",
            choices=tuple(INITIALIZERS),
            metavar="NAME",
        ),
        _training(
            "bias",
            help="layers with biases: yes (default) or no, as in the book",
            type=yes_no,
            metavar="{yes,no}",
        ),
        _training(
            "targets",
            help="one-hot target values (default 0.01,0.99 for squared error, else 0,1)",
            type=pair,
            metavar="LOW,HIGH",
        ),
        _training(
            "shuffle",
            help="shuffle the training data every epoch: yes (default) or no",
            type=yes_no,
            metavar="{yes,no}",
        ),
        _training(
            "backprop",
            help="gradient (default: the exact gradient) or book (the book's own error "
            "backpropagation, which --preset book trains with)",
            choices=("gradient", "book"),
            metavar="RULE",
        ),
        _training(
            "dtype",
            help=f"float type to train in: {one_of(DTYPES)} (default auto: float32 for "
            "batches > 1, else float64)",
            choices=DTYPES,
            metavar="TYPE",
        ),
    ]
)
NO_BIAS = Option(("--no-bias",), "short for --bias no", "bias", flag_value=False)
NO_SHUFFLE = Option(("--no-shuffle",), "short for --shuffle no", "shuffle", flag_value=False)
SHORT_FORMS = {"bias": NO_BIAS, "shuffle": NO_SHUFFLE}

AUGMENTATION: dict[str, Option] = dict(
    [
        _training(
            "rotations",
            help="the book's augmentation: train on each image plus copies rotated by "
            "+DEGREES and -DEGREES (the book: 10)",
            type=non_negative_float,
            metavar="DEGREES",
        ),
        _training(
            "random_rotation",
            help="rotate every training image by a fresh random angle up to ±DEGREES each epoch",
            type=non_negative_float,
            metavar="DEGREES",
        ),
        _training(
            "random_shift",
            help="move every training image by up to ±PIXELS each epoch",
            type=non_negative_int,
            metavar="PIXELS",
        ),
        _training(
            "noise",
            help="add Gaussian noise (STD as a fraction of the pixel range, e.g. 0.05) each epoch",
            type=non_negative_float,
            metavar="STD",
        ),
        _training(
            "schedule",
            help="learning rate per epoch: constant (default), or cosine or linear decay towards 0",
            choices=SCHEDULES,
            metavar="NAME",
        ),
    ]
)
CONFIG_FIELDS = (*TRAINING, *AUGMENTATION)


def add_training_options(parser: argparse.ArgumentParser, *, several: bool = False) -> None:
    """The TrainConfig options, in two groups; ``several``: each takes one or more values."""
    group = parser.add_argument_group("training")
    for field, option in TRAINING.items():
        if field in SHORT_FORMS:
            exclusive = group.add_mutually_exclusive_group()
            option.add(exclusive, several=several)
            SHORT_FORMS[field].add(exclusive, several=several)
        else:
            option.add(group, several=several)
    augmentation = parser.add_argument_group("augmentation and schedule")
    for option in AUGMENTATION.values():
        option.add(augmentation, several=several)


def flag_of(field: str) -> str:
    """The option that sets a TrainConfig field (or ``preset``, ``seed``), as written."""
    option = TRAINING.get(field) or AUGMENTATION.get(field)
    if option is None:
        return f"--{field.replace('_', '-')}"
    short = SHORT_FORMS.get(field)
    return option.flags[0] + (f"/{short.flags[0]}" if short is not None else "")
