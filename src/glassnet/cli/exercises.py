"""``glassnet exercises start|check|status|solutions DIR``: write your own network, checked."""

import argparse
import sys
from pathlib import Path
from typing import Any

from glassnet.cli.argument_types import positive_float, positive_int
from glassnet.cli.options import FORCE, JSON, add_data_dir_option
from glassnet.cli.outputs import check_outputs, write_json

# Listed here so that `glassnet --help` does not import the checker (and hypothesis).
NAMES = "bugs, signals, matrix, backprop, update, book, students, neuron, gradients, backquery"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "exercises",
        help="exercises in which you write the network yourself, with a checker that teaches",
        description="Write the documents' network yourself: start writes one file per "
        "exercise, check judges them against glassnet's engine and names known mistakes.",
    )
    commands = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    commands.required = True
    start = commands.add_parser("start", help="write the starting files into DIR")
    start.add_argument("folder", metavar="DIR")
    FORCE.add(start)
    start.set_defaults(run=run_start)
    check = commands.add_parser("check", help="check your answers (all, or the exercise NAME)")
    check.add_argument("folder", metavar="DIR")
    check.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help=f"exercise names or numbers: {NAMES}",
    )
    JSON.add(check)
    check.add_argument(
        "--time-limit",
        type=positive_float,
        metavar="SECONDS",
        help="per exercise (default: its own)",
    )
    check.add_argument(
        "--memory-limit", type=positive_int, metavar="MIB", help="per exercise (default: its own)"
    )
    add_data_dir_option(check)
    check.set_defaults(run=run_check)
    status = commands.add_parser("status", help="what is done, as of the last check")
    status.add_argument("folder", metavar="DIR")
    status.set_defaults(run=run_status)
    solutions = commands.add_parser(
        "solutions", help="write the reference solutions (over untouched starting files)"
    )
    solutions.add_argument("folder", metavar="DIR")
    FORCE.add(solutions)
    solutions.set_defaults(run=run_solutions)


def run_start(args: argparse.Namespace) -> int:
    from glassnet.exercises import EXERCISES, workspace

    actions = workspace.start(args.folder, force=args.force)
    for (path, action), exercise in zip(actions, EXERCISES, strict=True):
        print(f"{action:>8} {path}  ({exercise.number}. {exercise.title})")
    if any(action == "kept" for _, action in actions):
        print("files already there were kept (--force overwrites them)")
    print(f"\nWrite the bodies, then: glassnet exercises check {args.folder}")
    return 0


def run_solutions(args: argparse.Namespace) -> int:
    from glassnet.exercises import workspace

    actions = workspace.write_solutions(args.folder, force=args.force)
    for path, action in actions:
        print(f"{action:>8} {path}")
    if any(action == "kept" for _, action in actions):
        print("files with your own work in them were kept (--force overwrites them)")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from glassnet.exercises import workspace
    from glassnet.exercises.feedback import document, render, summary

    check_outputs({"--json": args.json}, standard_output=("--json",))
    quiet = args.json == "-"  # standard output holds the JSON document and nothing else

    def show(result: Any) -> None:
        if not quiet:
            print(render(result) + "\n", flush=True)

    def starting(exercise: Any) -> None:
        if exercise.name == "book" and not quiet:
            note = (
                "checking book: once its parts pass, it trains your class (MNIST: a minute or two)"
            )
            print(note, file=sys.stderr, flush=True)

    results = workspace.check(
        args.folder,
        args.names,
        seconds=args.time_limit,
        memory=args.memory_limit,
        data_dir=args.data_dir,
        on_start=starting,
        on_result=show,
    )
    if args.json:
        write_json(args.json, document(results, str(Path(args.folder).resolve())))
    if not quiet:
        print(summary(results))
    return 0 if all(result.passed for result in results) else 1


def run_status(args: argparse.Namespace) -> int:
    from glassnet.exercises import workspace

    print(workspace.status_text(args.folder))
    return 0
