"""Every command's arguments as data, read from the parsers themselves.

The tests compare the options several commands share, and ``docs/cli_table.py`` writes
docs/cli.md from ``markdown()``: the reference cannot drift from what the command accepts.
"""

import argparse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Argument:
    """One argument of one command, as the user writes it."""

    command: str  # "train", or "exercises check" for a command of a command
    names: tuple[str, ...]  # ("--lr", "--learning-rate"), or ("DATASET",) for a positional
    value: str  # "RATE" (one word), "" for a flag that takes none
    help: str
    several: bool  # takes one or more values (a sweep's training options)
    type: Any  # the converter (argparse also allows a FileType), compared by identity
    choices: tuple[Any, ...] | None

    @property
    def positional(self) -> bool:
        return not self.names[0].startswith("-")

    @property
    def spelling(self) -> tuple[tuple[str, ...], str, str]:
        """What must agree wherever the argument appears: names, value and help."""
        return self.names, self.value, self.help


def commands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(name, parser) of every command, and of the commands of a command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                full = f"{prefix} {name}".strip()
                yield full, subparser
                yield from commands(subparser, full)


def arguments(parser: argparse.ArgumentParser) -> dict[str, list[Argument]]:
    """The documented arguments of every command (help, old names and commands left out)."""
    found: dict[str, list[Argument]] = {}
    for name, subparser in commands(parser):
        found[name] = [
            _argument(name, action)
            for action in subparser._actions
            if action.help != argparse.SUPPRESS
            and not isinstance(action, argparse._HelpAction | argparse._SubParsersAction)
        ]
    return found


def _argument(command: str, action: argparse.Action) -> Argument:
    several = action.nargs in ("+", "*")
    if action.option_strings:
        names = tuple(action.option_strings)
        value = "" if action.nargs == 0 else _metavar(action)
    else:
        names, value = (_metavar(action),), ""
    choices = tuple(action.choices) if action.choices is not None else None
    return Argument(command, names, value, str(action.help), several, action.type, choices)


def _metavar(action: argparse.Action) -> str:
    if isinstance(action.metavar, str):
        return action.metavar
    if action.choices is not None:
        return "{" + ",".join(map(str, action.choices)) + "}"
    return action.dest.upper()


def shared(parser: argparse.ArgumentParser) -> dict[str, list[Argument]]:
    """Each option name that more than one command uses (a positional's NAME is only a
    placeholder, so two commands may mean different things by it)."""
    uses: dict[str, list[Argument]] = defaultdict(list)
    for found in arguments(parser).values():
        for argument in found:
            if not argument.positional:
                for name in argument.names:
                    uses[name].append(argument)
    return {name: used for name, used in uses.items() if len(used) > 1}


RULES = """\
Every command writes its options the same way:

- One value is one shell word. A value made of parts joins them with commas:
  `--hidden 128,64` is two hidden layers, `--targets 0.01,0.99` the two target values.
- `glassnet sweep` takes each training option with one or more values, one per word:
  `--hidden 100 128,64` compares a network of 100 hidden nodes with one of 128 then 64,
  `--lr 0.01 0.1 --epochs 1 5` trains four combinations. The space is the only list
  separator, so a list is never ambiguous. (The old spellings `--lr 0.01,0.1`,
  `--hidden 100,128-64`, `--targets 0.01:0.99,0:1` and `--bias yes,no` still work,
  with a note giving today's.)
- A yes/no setting is `--bias yes|no`; `--no-bias` is the short form of `--bias no`.
- An option that shares a name means the same everywhere, with the same value and help;
  a test compares the parsers, and this page is generated from them
  (`python docs/cli_table.py`). Options are only recognised by their full names.
- `-` as the `--json` file is standard output.
- `glassnet` alone lists the commands; `glassnet COMMAND --help` lists a command's options;
  `glassnet --version` prints the version.
"""


def markdown(parser: argparse.ArgumentParser) -> str:
    """docs/cli.md: the rules, the shared options, then each command's own arguments."""
    by_command = arguments(parser)
    common = shared(parser)
    lines = ["# The glassnet command line", "", RULES, "## Options shared by several commands", ""]
    lines += ["| option | value | commands | what it does |", "|---|---|---|---|"]
    seen: set[tuple[str, ...]] = set()
    for used in common.values():
        first = used[0]
        if first.names in seen:
            continue
        seen.add(first.names)
        where = sorted({f"{u.command}{' (several)' if u.several else ''}" for u in used})
        lines.append(
            f"| {_code(', '.join(first.names))} | {_code(first.value)} | {', '.join(where)} "
            f"| {_cell(first.help)} |"
        )
    for command, found in by_command.items():
        own = [a for a in found if a.names[0] not in common]
        lines += ["", f"## glassnet {command}", ""]
        description = parser_description(parser, command)
        if description:
            lines += [description, ""]
        if not own:
            lines.append("Only the shared options above.")
            continue
        lines += ["| argument | value | what it does |", "|---|---|---|"]
        lines += [
            f"| {_code(', '.join(a.names))} | {_code(a.value)} | {_cell(a.help)} |" for a in own
        ]
    return "\n".join(lines) + "\n"


def parser_description(parser: argparse.ArgumentParser, command: str) -> str:
    for name, subparser in commands(parser):
        if name == command:
            return " ".join(str(subparser.description or "").split())
    raise KeyError(command)


def _code(text: str) -> str:
    return f"`{text}`" if text else ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
