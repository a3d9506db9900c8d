"""The one vocabulary of the ``glassnet`` command: every option more than one command takes.

Each shared option is defined here once (its names, value syntax and help) and every
command adds it from here, so ``--seed`` or ``--hidden`` read and behave the same in
``train`` and ``sweep`` alike; a test compares the parsers and docs/cli.md is generated
from them. The rules of the language:

- one value is one shell word; a value made of parts joins them with commas:
  ``--hidden 128,64`` (two hidden layers), ``--targets 0.01,0.99``;
- ``sweep`` takes several values for a training option as several words, so the space
  between words is the only list separator: ``--hidden 100 128,64`` is two networks;
- a yes/no setting is ``--bias yes|no``, with ``--no-bias`` as the short form of ``no``;
- ``-`` as an output file is standard output.
"""

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
from glassnet.data.datasets import DATASETS
from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.init import INITIALIZERS
from glassnet.engine.losses import LOSSES
from glassnet.runs import DTYPES, PRESETS, SCHEDULES, TrainConfig

DEFAULTS = TrainConfig()
SEE_DESCRIPTION = "default: in the command's description"


@dataclass(frozen=True)
class Option:
    """One option as every command spells it.

    ``flag_value`` makes it a flag that stores that value (``--no-bias`` stores False);
    ``several`` in ``add`` lets it take one or more words, as ``sweep`` does.
    """

    flags: tuple[str, ...]
    help: str
    dest: str
    type: Callable[[str], Any] | None = None
    metavar: str | None = None
    choices: Sequence[str] | None = None
    flag_value: Any = None
    switch: bool = False  # a bare flag that is on when given (--quiet)

    def add(
        self, parser: Any, *, several: bool = False, dest: str | None = None, **extra: Any
    ) -> argparse.Action:
        """Add the option to ``parser`` (a parser, group or mutually exclusive group)."""
        options: dict[str, Any] = {"dest": dest or self.dest, "help": self.help, **extra}
        if not self.flags[0].startswith("-"):
            del options["dest"]  # a positional argument is named by its one flag
        if self.switch:
            options["action"] = "store_true"
        elif self.flag_value is not None:
            value = self.flag_value
            options.update(action="store_const", const=(value,) if several else value)
            options.setdefault("default", None)
        else:
            options.update(type=self.type, metavar=self.metavar, choices=self.choices)
            if several:
                options["nargs"] = "+"
        action: argparse.Action = parser.add_argument(*self.flags, **options)
        return action


def _training(field: str, *flags: str, help: str, **options: Any) -> tuple[str, Option]:
    """A TrainConfig field's option, named after the field unless ``flags`` says otherwise."""
    return field, Option(flags or (f"--{field.replace('_', '-')}",), help, field, **options)


def _one_of(names: Sequence[str]) -> str:
    """``a, b or c``: the values a NAME may take, for a help text."""
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


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
            help=f"hidden activation: {_one_of(_HIDDEN_ACTIVATIONS)} (default sigmoid)",
            choices=_HIDDEN_ACTIVATIONS,
            metavar="NAME",
        ),
        _training(
            "output",
            help=f"output activation: {_one_of(tuple(ACTIVATIONS))} (default sigmoid, "
            "softmax with cross-entropy)",
            choices=tuple(ACTIVATIONS),
            metavar="NAME",
        ),
        _training(
            "loss",
            help=f"loss: {_one_of(tuple(LOSSES))} (default squared-error, the book's)",
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
            help=f"weight initialiser: {_one_of(tuple(INITIALIZERS))} "
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
            help=f"float type to train in: {_one_of(DTYPES)} (default auto: float32 for "
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

MODEL = Option(("model",), "a glassnet model file (.npz)", "model", metavar="MODEL")
PRESET = Option(
    ("--preset",),
    f"start from a named configuration, {_one_of(sorted(PRESETS))}; the other options change it",
    "preset",
    choices=tuple(sorted(PRESETS)),
    metavar="NAME",
)
SEED = Option(
    ("--seed",),
    "seed of every random choice: initial weights, shuffling, augmentation (default 0)",
    "seed",
    type=non_negative_int,
    metavar="SEED",
)
DATA_DIR = Option(
    ("--data-dir",),
    "folder with dataset files (default: $GLASSNET_DATA, then the user cache)",
    "data_dir",
    metavar="DIR",
)
DATASET = Option(
    ("--dataset",),
    f"the dataset to use: {_one_of(DATASETS)} ({SEE_DESCRIPTION})",
    "dataset",
    choices=DATASETS,
    metavar="DATASET",
)
JSON = Option(
    ("--json",),
    "also write the result as JSON to PATH ('-': standard output, and only the JSON there)",
    "json",
    metavar="PATH",
)
OUT = Option(
    ("-o", "--out"), f"where to write the result ({SEE_DESCRIPTION})", "out", metavar="PATH"
)
QUIET = Option(
    ("--quiet",),
    "print only the result: no progress, no line per epoch or run",
    "quiet",
    switch=True,
)


class _Renamed(argparse.Action):
    """An option's old name: it still works, with a note on stderr giving today's."""

    def __init__(self, option_strings: list[str], dest: str, new: str, **options: Any) -> None:
        super().__init__(option_strings, dest, **options)
        self.new = new

    def __call__(
        self, parser: Any, namespace: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        print(f"glassnet: note: {option} is now called {self.new}", file=sys.stderr)
        setattr(namespace, self.dest, values)


def add_old_name(parser: Any, old: str, option: Option, *, dest: str | None = None) -> None:
    """Keep ``old`` working as ``option`` (left out of the help and of docs/cli.md)."""
    parser.add_argument(
        old,
        action=_Renamed,
        new=option.flags[-1],
        dest=dest or option.dest,
        type=option.type,
        metavar=option.metavar,
        choices=option.choices,
        help=argparse.SUPPRESS,
    )


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    """``--data-dir``, where every command that loads a dataset looks first."""
    DATA_DIR.add(parser)


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


def add_dataset_argument(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """The positional DATASET of train, sweep and evaluate: the same names as ``--dataset``."""
    parser.add_argument(
        "dataset",
        nargs="?" if optional else None,
        choices=DATASET.choices,
        metavar="DATASET",
        help=_one_of(DATASETS),  # without one, the description says which
    )


def flag_of(field: str) -> str:
    """The option that sets a TrainConfig field (or ``preset``, ``seed``), as written."""
    option = TRAINING.get(field) or AUGMENTATION.get(field)
    if option is None:
        return f"--{field.replace('_', '-')}"
    short = SHORT_FORMS.get(field)
    return option.flags[0] + (f"/{short.flags[0]}" if short is not None else "")
