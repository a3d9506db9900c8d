"""``glassnet lesson [NAME]``: list the lessons, or run one and print its steps."""

import argparse
import inspect
import sys
from typing import Any

from tqdm import tqdm

from glassnet.cli.options import SEED, add_data_dir_option
from glassnet.cli.outputs import check_outputs
from glassnet.engine.training import Callback, EpochRecord
from glassnet.errors import GlassnetError
from glassnet.lessons import LESSONS


class _ProgressBar(Callback):
    """A progress bar on stderr while a lesson trains (only on a terminal)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._bar: tqdm | None = None

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        self._bar = tqdm(
            total=n_batches,
            desc=f"{self.name}: training, epoch {epoch}",
            leave=False,
            disable=None,
            unit="sample",
            file=sys.stderr,
            mininterval=0.5,
        )

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def on_epoch_end(self, record: EpochRecord) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lesson",
        help="run a worked example of the documents step by step",
        description="Without NAME: list the lessons. With NAME: run it and print its steps "
        "(4 significant digits); --plot DIR also writes its figures.",
    )
    parser.add_argument(
        "name",
        nargs="?",
        choices=list(LESSONS),
        metavar="NAME",
        help=f"one of {', '.join(LESSONS)}",
    )
    parser.add_argument("--plot", metavar="DIR", help="write the lesson's figures (PNG, GIF) here")
    SEED.add(parser)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="change an input of the worked example (repeatable), e.g. --set learning_rate=0.2",
    )
    parser.add_argument(
        "--inputs", action="store_true", help="list the lesson's inputs: key, default, range"
    )
    add_data_dir_option(parser)
    parser.set_defaults(run=run_command)


def list_lessons() -> str:
    """One entry per lesson: its name, document and section, and what it shows."""
    width = max(len(name) for name in LESSONS)
    lines = []
    for name, module in LESSONS.items():
        info = module.INFO
        lines.append(f"{name.ljust(width)}  {info.document}: {info.section}")
        lines.append(f"{' ' * width}  {info.summary}")
    lines.append("")
    lines.append("Run one with: glassnet lesson NAME [--plot DIR] [--set KEY=VALUE ...]")
    return "\n".join(lines)


def _overrides(name: str, module: Any, settings: list[str]) -> dict[str, Any]:
    """``--set key=value`` texts as run() keywords; the first problem as a one-line error."""
    texts: dict[str, str] = {}
    for setting in settings:
        key, equals, value = setting.partition("=")
        if not equals or not key.strip():
            raise GlassnetError(f"--set {setting!r}: write KEY=VALUE, e.g. --set seed=1")
        texts[key.strip()] = value
    for key in texts:
        if key not in module.INPUTS.field_keys:
            raise GlassnetError(
                f"lesson {name} has no input {key!r}; its inputs are: {module.INPUTS.keys_text()}"
            )
    keywords, problems = module.INPUTS.parse(texts)
    if problems:
        key, problem = next(iter(problems.items()))
        raise GlassnetError(f"--set {key}: {problem}")
    return {key: value for key, value in keywords.items() if key in _given(module, texts)}


def _given(module: Any, texts: dict[str, str]) -> set[str]:
    """The run() keywords that a ``--set`` touched (the rest keep run()'s own defaults)."""
    return {module.INPUTS.field(key)[0].name for key in texts}


def run_command(args: argparse.Namespace) -> int:
    if args.name is None:
        if args.plot or args.seed is not None or args.data_dir or args.set or args.inputs:
            raise ValueError("--plot, --seed, --set, --inputs and --data-dir need a lesson NAME")
        print(list_lessons())
        return 0
    check_outputs(folders={"--plot": args.plot})
    module = LESSONS[args.name]
    if args.inputs:
        print("\n".join(module.INPUTS.describe_text()))
        return 0
    accepted = inspect.signature(module.run).parameters
    options: dict[str, Any] = _overrides(args.name, module, args.set)
    for option, value, missing in (
        ("seed", args.seed, "makes no random choices"),
        ("data_dir", args.data_dir, "reads no data files"),
    ):
        if value is None:
            continue
        if option not in accepted:
            flag = "--" + option.replace("_", "-")
            raise ValueError(f"lesson {args.name} {missing}, so {flag} does not apply")
        if option in options:
            raise ValueError(f"--{option} and --set {option}= both set the {option}; give one")
        options[option] = value
    if "callbacks" in accepted:
        options["callbacks"] = [_ProgressBar(args.name)]
    lesson = module.run(**options)
    print(lesson.text())
    if args.plot:
        from glassnet.plots.lessons import draw

        paths = draw(lesson, args.plot)
        print()
        for path in paths:
            print(f"wrote {path}")
    return 0
