"""The ``glassnet`` command: parse, call the library, print.

Each subcommand lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
the options several of them take are defined once, in ``cli.options``. This module wires
them together, lists the commands when none is given, and turns every expected failure
into one line on stderr and exit status 2.
"""

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from glassnet._version import __version__
from glassnet.cli import evaluate, exercises, export, lesson, predict, report, serve, sweep, train
from glassnet.cli.sweep_syntax import modernize

COMMANDS = (train, lesson, predict, evaluate, export, serve, sweep, report, exercises)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump) and exit status 2, and an
    option is only ever its full name (an abbreviation would change meaning as options
    are added)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


class UsageError(Exception):
    """A problem with what the user asked for; reported in one line, exit status 2."""


class _Commands:
    """The subcommands, remembering each one's line of help for the overview."""

    def __init__(self, subparsers: Any) -> None:
        self.subparsers = subparsers
        self.lines: list[tuple[str, str]] = []

    def add_parser(self, name: str, **options: Any) -> argparse.ArgumentParser:
        self.lines.append((name, options.get("help", "")))
        parser: argparse.ArgumentParser = self.subparsers.add_parser(name, **options)
        return parser


class _Overview(_Parser):
    """The top-level parser: its help is the list of commands, one line each."""

    commands: _Commands

    def format_help(self) -> str:
        width = max(len(name) for name, _ in self.commands.lines)
        lines = [f"usage: {self.usage}", "", str(self.description), "", "commands:"]
        lines += [f"  {name:<{width}}  {text}" for name, text in self.commands.lines]
        lines += [
            "",
            "options:",
            "  -h, --help  show this list and exit",
            "  --version   print glassnet's version and exit",
            "",
            str(self.epilog),
        ]
        return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    parser = _Overview(
        prog="glassnet",
        usage="glassnet COMMAND [OPTIONS]",
        description="Neural networks from scratch that you can see through.",
        epilog="'glassnet COMMAND --help' lists a command's options; every command writes\n"
        "them the same way (docs/cli.md).",
    )
    parser.add_argument("--version", action="version", version=f"glassnet {__version__}")
    parser.commands = _Commands(
        parser.add_subparsers(
            dest="command", metavar="COMMAND", parser_class=_Parser, prog="glassnet"
        )
    )
    for command in COMMANDS:
        command.add_parser(parser.commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``glassnet`` command; returns the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if words[:1] == ["sweep"]:
        words = modernize(words, lambda text: print(f"glassnet: note: {text}", file=sys.stderr))
    args = parser.parse_args(words)
    if args.command is None:
        parser.print_help(sys.stderr)  # what there is to do; no command is a usage error
        return 2
    args.argv = words  # the command as parsed, for records such as a sweep's
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
