"""``glassnet sweep DATASET --lr 0.01,0.1 --epochs 1,5 --seeds 3``: train every combination.

Every training option takes a comma-separated list; more than one value makes it an
axis of the grid. Results go to a folder (CSV, JSON, figures, an HTML report) after
every finished run; running the same command again skips the finished runs.
"""

import argparse
import shlex
import sys
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from glassnet.cli.argument_types import (
    add_data_dir_option,
    non_negative_float,
    non_negative_int,
    positive_float,
    positive_int,
    sizes,
)
from glassnet.cli.outputs import check_outputs
from glassnet.data.datasets import DATASETS, load_dataset
from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.init import INITIALIZERS
from glassnet.engine.losses import LOSSES
from glassnet.runs import (
    DTYPES,
    PRESETS,
    SCHEDULES,
    TrainConfig,
    check_augmentation,
    check_fits,
    check_memory,
)
from glassnet.sweeps import (
    DaskBackend,
    LocalBackend,
    Record,
    SweepSpec,
    display,
    label,
    read_records,
    run_key,
    run_sweep,
    summarize,
    summary_csv,
)


def _choice(options: Any) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise argparse.ArgumentTypeError(f"{text!r} is not one of: {', '.join(options)}")
        return text

    return parse


def _yes_no(text: str) -> bool:
    answers = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    if text.lower() not in answers:
        raise argparse.ArgumentTypeError(f"expected yes or no, got {text!r}")
    return answers[text.lower()]


def _targets(text: str) -> tuple[float, float]:
    parts = text.split(":")
    try:
        low, high = (float(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected LOW:HIGH, e.g. 0.01:0.99, got {text!r}"
        ) from None
    return low, high


def _layers(text: str) -> tuple[int, ...]:
    return sizes(text.replace("-", ","))


# (TrainConfig field, option names, parser of one value, help)
AXES: list[tuple[str, list[str], Callable[[str], Any], str]] = [
    ("learning_rate", ["--lr", "--learning-rate"], positive_float, "learning rates"),
    ("epochs", ["--epochs"], positive_int, "numbers of epochs"),
    ("hidden", ["--hidden"], _layers, "hidden layer sizes; one network of several layers: 128-64"),
    (
        "activation",
        ["--activation"],
        _choice([a for a in ACTIVATIONS if a != "softmax"]),
        "hidden activations",
    ),
    ("output", ["--output"], _choice(ACTIVATIONS), "output activations"),
    ("loss", ["--loss"], _choice(LOSSES), "losses"),
    ("optimizer", ["--optimizer"], _choice(["sgd", "adam"]), "optimizers"),
    ("momentum", ["--momentum"], non_negative_float, "SGD momentum values"),
    ("weight_decay", ["--weight-decay"], non_negative_float, "L2 weight decay values"),
    ("batch_size", ["--batch-size"], positive_int, "batch sizes"),
    ("init", ["--init"], _choice(INITIALIZERS), "weight initialisers"),
    ("bias", ["--bias"], _yes_no, "with biases: yes, no"),
    ("targets", ["--targets"], _targets, "one-hot target values LOW:HIGH"),
    ("shuffle", ["--shuffle"], _yes_no, "shuffle every epoch: yes, no"),
    ("backprop", ["--backprop"], _choice(["gradient", "book"]), "gradient or the book's rule"),
    ("rotations", ["--rotations"], non_negative_float, "the book's rotated copies (± degrees)"),
    ("random_rotation", ["--random-rotation"], non_negative_float, "random rotations (± degrees)"),
    ("random_shift", ["--random-shift"], non_negative_int, "random shifts (± pixels)"),
    ("noise", ["--noise"], non_negative_float, "noise levels (fraction of the pixel range)"),
    ("schedule", ["--schedule"], _choice(SCHEDULES), "learning-rate schedules"),
    ("dtype", ["--dtype"], _choice(DTYPES), "float types: auto, float32, float64"),
]


def _list_of(parse: Callable[[str], Any]) -> Callable[[str], tuple[Any, ...]]:
    def parse_list(text: str) -> tuple[Any, ...]:
        return tuple(parse(part.strip()) for part in text.split(","))

    return parse_list


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="train every combination of settings over seeds; tables, plots, a report",
        description="Train every combination of the given settings, each with --seeds "
        "seeds, and write a results table (CSV, JSON), plots and an HTML report. Every "
        "training option takes a comma-separated list of values. Interrupting keeps the "
        "finished runs; the same command again skips them.",
    )
    parser.add_argument("dataset", choices=DATASETS, metavar="DATASET", help=", ".join(DATASETS))
    parser.add_argument(
        "--preset", choices=sorted(PRESETS), help="start from a named configuration"
    )
    for field, flags, parse, text in AXES:
        parser.add_argument(*flags, dest=field, type=_list_of(parse), metavar="V[,V...]", help=text)
    parser.add_argument(
        "--seeds", type=positive_int, default=1, help="repeats with seeds 0, 1, ... (default 1)"
    )
    parser.add_argument("--seed", type=non_negative_int, help="the first seed (default 0)")
    parser.add_argument("--out", metavar="DIR", help="results folder (default sweep-DATASET)")
    parser.add_argument(
        "--workers", type=positive_int, help="parallel runs (default: one per core)"
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster: its scheduler (tcp://host:8786), or 'local' to start one here",
    )
    add_data_dir_option(parser)
    parser.add_argument("--quiet", action="store_true", help="only print the summary")
    parser.set_defaults(run=run_command)


def spec_from_args(args: argparse.Namespace, command: str = "") -> SweepSpec:
    base = PRESETS[args.preset] if args.preset else TrainConfig()
    if args.seed is not None:
        base = base.replace(seed=args.seed)
    axes: dict[str, tuple[Any, ...]] = {}
    for field, *_ in AXES:
        values = getattr(args, field)
        if values is None:
            continue
        if len(values) == 1:
            base = base.replace(**{field: values[0]})
        else:
            axes[field] = values
    return SweepSpec(args.dataset, base, axes, args.seeds, command)


def _describe(record: Record, spec: SweepSpec) -> str:
    config = record["config"]
    parts = [f"{label(n)} {display(n, _value(n, config[n]))}" for n in spec.swept]
    parts.append(f"seed {config['seed']}")
    return ", ".join(parts)


def _value(name: str, value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def run_command(args: argparse.Namespace) -> int:
    command = shlex.join(["glassnet", *sys.argv[1:]]) if sys.argv[1:2] == ["sweep"] else ""
    spec = spec_from_args(args, command)
    folder = args.out or f"sweep-{args.dataset}"
    check_outputs(folders={"--out": folder})
    dataset = load_dataset(args.dataset, args.data_dir)  # fail here, not on every worker
    check_fits(spec.base, dataset, args.preset)
    for config in spec.configs():
        check_augmentation(config, dataset)
        check_memory(config, dataset)
    backend = DaskBackend(args.dask, args.workers) if args.dask else LocalBackend(args.workers)
    total = len(spec.configs())
    finished = read_records(folder)
    done = sum(run_key(spec.dataset, c) in finished for c in spec.configs())
    grid = " × ".join(f"{label(n)} ({len(spec.axes[n])})" for n in spec.swept) or "one setting"
    if not args.quiet:
        print(
            f"{spec.dataset}: {total} runs ({grid}, {spec.seeds} seed{'s' * (spec.seeds > 1)} each) "
            f"in {folder}/; {done} already finished; running on {backend.description}"
        )
    bar = tqdm(
        total=total,
        initial=done,
        unit="run",
        disable=None if not args.quiet else True,
        file=sys.stderr,
    )

    def show(records: list[Record]) -> None:
        nonlocal done
        for record in records:
            done += 1
            bar.update(1)
            if not args.quiet:
                accuracy = record["test_accuracy"]
                result = "diverged" if accuracy is None else f"test {accuracy:.4f}"
                bar.write(
                    f"[{done:>{len(str(total))}}/{total}] {_describe(record, spec)}: "
                    f"{result} ({record['seconds']:.1f}s)"
                )

    try:
        run_sweep(spec, folder, backend, data_dir=args.data_dir, on_result=show)
    except KeyboardInterrupt:
        bar.close()
        # Count what is on disk: the interrupt can land after a run's record was written
        # but before `show` heard of it, and the file is what the next run will skip.
        kept = read_records(folder)
        done = sum(run_key(spec.dataset, c) in kept for c in spec.configs())
        print(
            f"glassnet: interrupted; {done} of {total} runs are finished and kept in {folder}/; "
            "run the same command again to do the rest",
            file=sys.stderr,
        )
        return 130
    bar.close()
    return _finish(spec, folder, args.quiet)


def _finish(spec: SweepSpec, folder: str, quiet: bool) -> int:
    from pathlib import Path

    from glassnet._atomic import write_text
    from glassnet.report import report_sweep

    cells = summarize(spec, read_records(folder))
    write_text(Path(folder) / "summary.csv", summary_csv(spec, cells))
    report = report_sweep(folder).path  # also writes the figures into the folder
    best = max(cells, key=lambda c: c.mean)
    where = (
        ", ".join(f"{label(n)} {display(n, best.values[n])}" for n in spec.swept)
        or "the one setting"
    )
    spread = (
        f" ± {best.std:.4f} over {len(best.accuracies)} seeds" if len(best.accuracies) > 1 else ""
    )
    print(f"best: {where}: test accuracy {best.mean:.4f}{spread}")
    if not quiet:
        print(f"wrote {folder}/results.csv, results.json, summary.csv and the figures (PNG)")
    print(f"report: {report.resolve().as_uri()}")
    return 0
