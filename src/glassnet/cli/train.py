"""``glassnet train [DATASET]``: train a network and report its test accuracy.

The options are in ``train_options``; this module runs the command and prints.
"""

import argparse
import sys
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from glassnet.cli.config_options import CONFIG_FIELDS, DEFAULTS, flag_of
from glassnet.cli.outputs import check_outputs, write_json
from glassnet.cli.progress import ProgressPrinter
from glassnet.cli.train_options import add_train_options, config_from_args
from glassnet.data.datasets import load_dataset
from glassnet.errors import GlassnetError
from glassnet.files.checkpoints import Checkpoint, checkpoint_path, load_checkpoint
from glassnet.files.model_file import save
from glassnet.kernels import resolve_kernel
from glassnet.runs import TrainConfig, check_fits, check_memory, run

__all__ = [
    "add_parser",
    "check_no_checkpoint",
    "config_from_args",
    "resume_from",
    "run_command",
]


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train a network on a dataset and report its test accuracy",
        description="Train a network and report its test accuracy. Without options: "
        f"{', '.join(str(n) for n in DEFAULTS.hidden)} sigmoid hidden nodes, squared error, "
        "SGD on the bundled 8x8 digits (DATASET digits, offline); --preset book is the "
        "book's MNIST network.",
    )
    add_train_options(parser)
    parser.set_defaults(run=run_command)


def _extras(config: TrainConfig) -> str:
    """One line on augmentation and schedule, when there are any."""
    parts = []
    if config.rotations:
        parts.append(f"the book's rotated copies ±{config.rotations:g}°")
    if config.random_rotation:
        parts.append(f"random rotation ±{config.random_rotation:g}°")
    if config.random_shift:
        parts.append(f"random shift ±{config.random_shift} px")
    if config.noise:
        parts.append(f"noise {config.noise:g}")
    text = f"augmentation: {', '.join(parts)}" if parts else ""
    if config.schedule != "constant":
        text += ("; " if text else "") + f"learning rate schedule: {config.schedule}"
    return text


def run_command(args: argparse.Namespace) -> int:
    checkpoint_dir = args.checkpoint_dir or args.resume
    check_outputs(
        {"--save": args.save, "--json": args.json, "--report": args.report},
        {"--checkpoint-dir" if args.checkpoint_dir else "--resume": checkpoint_dir},
        standard_output=("--json",),
    )
    # With --json -, standard output is the record alone; what a person reads goes to stderr.
    out = sys.stderr if args.json == "-" else sys.stdout
    resume = resume_from(args) if args.resume else None
    if resume is not None:
        config = TrainConfig.from_dict(resume.run["config"])
        if args.epochs is not None:
            config = config.replace(epochs=args.epochs)
        if _nothing_left(resume, config, args):
            return 0
        dataset = load_dataset(resume.run["dataset"], args.data_dir)
    else:
        config = config_from_args(args)
        dataset = load_dataset(args.dataset or "digits", args.data_dir)
        check_fits(config, dataset, args.preset)
        check_memory(config, dataset)
        if checkpoint_dir is not None:
            check_no_checkpoint(checkpoint_dir)
    sizes = "-".join(str(n) for n in (dataset.n_features, *config.hidden, dataset.n_classes))
    if not args.quiet:
        print(
            f"{dataset.name}: {len(dataset.X_train):,} training / {len(dataset.X_test):,} test samples; "
            f"network {sizes} {config.activation}/{config.output_activation}, {config.loss}, "
            f"{config.optimizer} lr {config.learning_rate:g}, batch {config.batch_size}, "
            f"{config.float_type}"
            + (f", {resolve_kernel()} kernel" if config.backprop == "book" else ""),
            file=out,
        )
        extras = _extras(config)
        if extras:
            print(extras, file=out)
    if resume is not None and not args.quiet:
        print(
            f"resuming after epoch {resume.epoch} of {config.epochs} from {args.resume}", file=out
        )
    callbacks = [] if args.quiet else [ProgressPrinter(config.epochs, stream=out)]
    # The thread count can change the last bits of a matrix product: resume with the same.
    with threadpool_limits(limits=args.threads, user_api="blas"):  # None leaves it as it is
        result = run(config, dataset, callbacks, checkpoint_dir=checkpoint_dir, resume=resume)
    print(
        f"test accuracy {result.test_accuracy:.4f} ({len(dataset.X_test):,} {dataset.name} test samples), trained in {result.history.seconds:.1f}s",
        file=out,
    )
    if args.save:
        save(result.model_file(dataset), args.save)
        if not args.quiet:
            print(f"saved the model to {args.save}", file=out)
    if args.json:
        write_json(args.json, result.to_dict())
        if not args.quiet and args.json != "-":
            print(f"wrote {args.json}", file=out)
    if args.report:
        from glassnet.report import report_run

        written = report_run(result, dataset, args.report).path
        if not args.quiet:
            print(f"report: {written.resolve().as_uri()}", file=out)
    return 0


def _nothing_left(resume: Checkpoint, config: TrainConfig, args: argparse.Namespace) -> bool:
    """Say so when the checkpoint has every epoch asked for; True when there is nothing
    to write either (--save, --json and --report still get the finished run's model)."""
    if resume.epoch < config.epochs:
        return False
    last = resume.history.records[-1].validation_accuracy if resume.history.records else None
    accuracy = f", test accuracy {last:.4f}" if last is not None else ""
    print(
        f"nothing left to do: the run in {args.resume} has finished its {config.epochs} "
        f"epochs{accuracy}; --epochs N (more than {config.epochs}) trains it further"
    )
    return not (args.save or args.json or args.report)


def resume_from(args: argparse.Namespace) -> Checkpoint:
    """The checkpoint to continue; the run's own dataset and settings come with it."""
    given = [
        flag_of(name)
        for name in ("preset", "seed", *CONFIG_FIELDS)
        if name != "epochs" and getattr(args, name) is not None
    ]
    if args.dataset is not None:
        given.insert(0, args.dataset)
    if given:
        raise ValueError(
            "--resume continues the checkpoint's own run (only --epochs may change it); "
            f"leave out {', '.join(given)}"
        )
    if (
        args.checkpoint_dir is not None
        and Path(args.checkpoint_dir).resolve() != Path(args.resume).resolve()
    ):
        raise ValueError(
            "--resume DIR goes on writing its checkpoints to DIR; leave out --checkpoint-dir"
        )
    checkpoint = load_checkpoint(args.resume)
    if not isinstance(checkpoint.run.get("dataset"), str) or not isinstance(
        checkpoint.run.get("config"), dict
    ):
        raise GlassnetError(
            f"{args.resume}: not a checkpoint of glassnet train (no dataset or config)"
        )
    try:
        config = TrainConfig.from_dict(checkpoint.run["config"])
    except (TypeError, ValueError, OverflowError) as error:
        raise GlassnetError(f"{args.resume}: corrupt checkpoint settings ({error})") from None
    # The run rebuilds its network from the settings before restoring the saved one into
    # it: settings describing another network would allocate that one first.
    saved = tuple(dense.n_outputs for dense in checkpoint.model_file.network.dense_layers[:-1])
    if config.hidden != saved:
        raise GlassnetError(
            f"{args.resume}: corrupt checkpoint (its settings have hidden layers "
            f"{config.hidden}, its network {saved})"
        )
    return checkpoint


def check_no_checkpoint(directory: str) -> None:
    """Never overwrite another run's checkpoint by accident."""
    if checkpoint_path(directory).exists():
        raise ValueError(
            f"{directory} already holds a checkpoint; continue it with --resume {directory}, "
            "or choose another folder"
        )
