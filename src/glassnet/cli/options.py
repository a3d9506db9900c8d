"""The one vocabulary of the ``glassnet`` command: every option more than one command takes.

Each shared option is defined here once (its names, value syntax and help), or in
``config_options`` for the training settings ``train`` and ``sweep`` share, and every
command adds it from there, so ``--seed`` or ``--hidden`` read and behave the same
everywhere; a test compares the parsers and docs/cli.md is generated from them. The
rules of the language:

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

from glassnet.cli.argument_types import non_negative_int, positive_int
from glassnet.data.datasets import DATASETS
from glassnet.runs import PRESETS

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


def one_of(names: Sequence[str]) -> str:
    """``a, b or c``: the values a NAME may take, for a help text."""
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


MODEL = Option(("model",), "a glassnet model file (.npz)", "model", metavar="MODEL")
PRESET = Option(
    ("--preset",),
    f"start from a named configuration, {one_of(sorted(PRESETS))}; the other options change it",
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
    f"the dataset to use: {one_of(DATASETS)} ({SEE_DESCRIPTION})",
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
WORKERS = Option(
    ("--workers",),
    f"processes that train at the same time ({SEE_DESCRIPTION})",
    "workers",
    type=positive_int,
    metavar="N",
)
FORCE = Option(
    ("--force",), "overwrite files already in DIR, your own work included", "force", switch=True
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


def add_dataset_argument(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """The positional DATASET of train, sweep and evaluate: the same names as ``--dataset``."""
    parser.add_argument(
        "dataset",
        nargs="?" if optional else None,
        choices=DATASET.choices,
        metavar="DATASET",
        help=one_of(DATASETS),  # without one, the description says which
    )
