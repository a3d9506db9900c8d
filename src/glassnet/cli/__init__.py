"""The ``glassnet`` command: parse, call the library, print.

Each subcommand lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
this module wires them together and turns every expected failure into one line on stderr
and exit status 2.
"""

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from glassnet._version import __version__
from glassnet.cli import evaluate, exercises, export, lesson, predict, report, serve, sweep, train

COMMANDS = (train, lesson, predict, evaluate, export, serve, sweep, report, exercises)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


class UsageError(Exception):
    """A problem with what the user asked for; reported in one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="glassnet",
        description="Neural networks from scratch that you can see through.",
    )
    parser.add_argument("--version", action="version", version=f"glassnet {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    subparsers.required = True
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``glassnet`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except KeyboardInterrupt:
        print("glassnet: interrupted", file=sys.stderr)
        return 130
    except (UsageError, ValueError, TypeError, OSError) as error:
        print(f"glassnet: error: {_one_line(error)}", file=sys.stderr)
        return 2
    return status


def _one_line(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return " ".join(text.split())


if __name__ == "__main__":
    sys.exit(main())
