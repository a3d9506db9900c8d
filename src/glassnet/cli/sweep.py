"""``glassnet sweep DATASET --lr 0.01 0.1 --epochs 1 5 --seeds 3``: train every combination.

Every training option is ``train``'s own, and takes one or more values, one per word
(``--hidden 100 128,64``: a network of 100 and one of 128 then 64); more than one value
makes it an axis of the grid. Results go to a folder (CSV, JSON, figures, an HTML
report) after every finished run; running the same command again skips the finished runs.
"""

import argparse
import shlex
import sys
from typing import Any

from tqdm import tqdm

from glassnet.cli.argument_types import positive_int
from glassnet.cli.config_options import CONFIG_FIELDS, add_training_options
from glassnet.cli.options import (
    DATA_DIR,
    OUT,
    PRESET,
    QUIET,
    SEED,
    WORKERS,
    add_dataset_argument,
)
from glassnet.cli.outputs import check_outputs
from glassnet.data.datasets import load_dataset
from glassnet.runs import PRESETS, TrainConfig, check_augmentation, check_fits, check_memory
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


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sweep",
        help="train every combination of settings over seeds; tables, plots, a report",
        description="Train every combination of the given settings, each with --seeds "
        "seeds, and write a results table (CSV, JSON), plots and an HTML report into the "
        "folder --out (default sweep-DATASET). The training options are train's, and each "
        "takes one or more values separated by spaces: --lr 0.01 0.1 --hidden 100 128,64. "
        "Interrupting keeps the finished runs; the same command again skips them. "
        "--workers runs that many trainings in parallel (default: one per core).",
    )
    add_dataset_argument(parser)
    PRESET.add(parser)
    add_training_options(parser, several=True)
    SEED.add(parser)
    parser.add_argument(
        "--seeds",
        type=positive_int,
        default=1,
        metavar="N",
        help="train each setting N times, with seeds SEED, SEED+1, ... (default 1)",
    )
    OUT.add(parser)
    WORKERS.add(parser)
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster: its scheduler (tcp://host:8786), or 'local' to start one here",
    )
    DATA_DIR.add(parser)
    QUIET.add(parser)
    parser.set_defaults(run=run_command)


def spec_from_args(args: argparse.Namespace, command: str = "") -> SweepSpec:
    base = PRESETS[args.preset] if args.preset else TrainConfig()
    if args.seed is not None:
        base = base.replace(seed=args.seed)
    axes: dict[str, tuple[Any, ...]] = {}
    for field in CONFIG_FIELDS:
        values = getattr(args, field)
        if values is None:
            continue
        if len(values) == 1:
            base = base.replace(**{field: values[0]})
        else:
            axes[field] = tuple(values)
    return SweepSpec(args.dataset, base, axes, args.seeds, command)


def _describe(record: Record, spec: SweepSpec) -> str:
    config = record["config"]
    parts = [f"{label(n)} {display(n, _value(n, config[n]))}" for n in spec.swept]
    parts.append(f"seed {config['seed']}")
    return ", ".join(parts)


def _value(name: str, value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def run_command(args: argparse.Namespace) -> int:
    command = shlex.join(["glassnet", *args.argv]) if getattr(args, "argv", None) else ""
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
