"""``glassnet train [DATASET]``: train a network and report its test accuracy."""

import argparse
import json
from pathlib import Path
from typing import Any

from glassnet._files import write_text
from glassnet.activations import ACTIVATIONS
from glassnet.checkpoints import Checkpoint, checkpoint_path, load_checkpoint
from glassnet.cli.progress import ProgressPrinter
from glassnet.data.datasets import DATASETS, load_dataset
from glassnet.init import INITIALIZERS
from glassnet.io import save
from glassnet.kernels import resolve_kernel
from glassnet.losses import LOSSES
from glassnet.runs import DTYPES, PRESETS, SCHEDULES, TrainConfig, check_fits, run

_DEFAULTS = TrainConfig()


def _whole(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be >= {minimum}, got {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole(text, 1)


def _non_negative_int(text: str) -> int:
    return _whole(text, 0)


def _real(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def _positive_float(text: str) -> float:
    value = _real(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def _non_negative_float(text: str) -> float:
    value = _real(text)
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text}")
    return value


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(_positive_int(part) for part in text.split(","))


def _pair(text: str) -> tuple[float, float]:
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"expected LOW,HIGH, got {text!r}")
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected two numbers LOW,HIGH, got {text!r}") from None


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "train",
        help="train a network on a dataset and report its test accuracy",
        description="Train a network and report its test accuracy. Without options: "
        f"{', '.join(str(n) for n in _DEFAULTS.hidden)} sigmoid hidden nodes, squared error, "
        "SGD; --preset book is the book's MNIST network.",
    )
    parser.add_argument(
        "dataset",
        nargs="?",
        choices=DATASETS,
        metavar="DATASET",
        help=f"one of {', '.join(DATASETS)} (default: digits, bundled, offline)",
    )
    parser.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="start from a named configuration; other options override it",
    )
    parser.add_argument(
        "--hidden",
        type=_sizes,
        help=f"hidden layer sizes, e.g. 200 or 128,64 (default {_DEFAULTS.hidden[0]})",
    )
    parser.add_argument(
        "--activation",
        choices=[a for a in ACTIVATIONS if a != "softmax"],
        help="hidden activation (default sigmoid)",
    )
    parser.add_argument(
        "--output",
        choices=list(ACTIVATIONS),
        help="output activation (default: sigmoid, softmax with cross-entropy)",
    )
    parser.add_argument("--loss", choices=list(LOSSES), help="default squared-error, the book's")
    parser.add_argument("--optimizer", choices=["sgd", "adam"], help="default sgd")
    parser.add_argument(
        "--lr",
        "--learning-rate",
        dest="learning_rate",
        type=_positive_float,
        help=f"learning rate (default {_DEFAULTS.learning_rate})",
    )
    parser.add_argument("--momentum", type=float, help="SGD momentum in [0, 1) (default 0)")
    parser.add_argument("--weight-decay", type=float, help="L2 weight decay (default 0)")
    parser.add_argument(
        "--epochs",
        type=_positive_int,
        help=f"passes over the training data (default {_DEFAULTS.epochs})",
    )
    parser.add_argument(
        "--batch-size", type=_positive_int, help="samples per update (default 1, the book's)"
    )
    parser.add_argument(
        "--init",
        choices=list(INITIALIZERS),
        help="weight initialiser (default book: N(0, n_in^-0.5))",
    )
    parser.add_argument(
        "--no-bias",
        dest="bias",
        action="store_false",
        default=None,
        help="layers without bias, as in the book",
    )
    parser.add_argument(
        "--targets",
        type=_pair,
        help="one-hot target values LOW,HIGH (default 0.01,0.99 for squared error, else 0,1)",
    )
    parser.add_argument(
        "--no-shuffle",
        dest="shuffle",
        action="store_false",
        default=None,
        help="keep the data's order every epoch",
    )
    parser.add_argument("--seed", type=int, help="seed for weights and shuffling (default 0)")
    add_augmentation_options(parser)
    parser.add_argument(
        "--dtype",
        choices=list(DTYPES),
        help="float type to train in (default auto: float32 for batches > 1, else float64)",
    )
    parser.add_argument(
        "--data-dir",
        help="folder with dataset files (default: $GLASSNET_DATA, then the user cache)",
    )
    parser.add_argument(
        "--json", metavar="PATH", help="write config, per-epoch history and test accuracy as JSON"
    )
    parser.add_argument(
        "--save", metavar="PATH", help="save the trained model as a glassnet model file (.npz)"
    )
    parser.add_argument(
        "--checkpoint-dir",
        metavar="DIR",
        help="write a checkpoint to DIR after every epoch (model, optimizer, random state, history)",
    )
    parser.add_argument(
        "--resume",
        metavar="DIR",
        help="continue the run checkpointed in DIR (its dataset and settings; --epochs may "
        "raise the total); the result is bit for bit that of an uninterrupted run",
    )
    parser.add_argument(
        "--report",
        metavar="PATH",
        help="write an HTML report (curves, confusion matrix, mistakes, weights, backquery)",
    )
    parser.add_argument("--quiet", action="store_true", help="only print the final accuracy")
    parser.set_defaults(run=run_command)


def add_augmentation_options(parser: argparse.ArgumentParser) -> None:
    """Image augmentation and the learning-rate schedule (also used by ``glassnet sweep``)."""
    group = parser.add_argument_group("augmentation and schedule")
    group.add_argument(
        "--rotations",
        type=_non_negative_float,
        metavar="DEGREES",
        help="the book's augmentation: train on each image plus copies rotated by "
        "+DEGREES and -DEGREES (the book: 10)",
    )
    group.add_argument(
        "--random-rotation",
        type=_non_negative_float,
        metavar="DEGREES",
        help="rotate every training image by a fresh random angle up to ±DEGREES each epoch",
    )
    group.add_argument(
        "--random-shift",
        type=_non_negative_int,
        metavar="PIXELS",
        help="move every training image by up to ±PIXELS each epoch",
    )
    group.add_argument(
        "--noise",
        type=_non_negative_float,
        metavar="STD",
        help="add Gaussian noise (STD as a fraction of the pixel range, e.g. 0.05) each epoch",
    )
    group.add_argument(
        "--schedule",
        choices=SCHEDULES,
        help="learning rate per epoch: constant (default), or cosine/linear decay towards 0",
    )


_CONFIG_FIELDS = (
    "hidden",
    "activation",
    "output",
    "loss",
    "optimizer",
    "learning_rate",
    "momentum",
    "weight_decay",
    "epochs",
    "batch_size",
    "init",
    "bias",
    "targets",
    "shuffle",
    "seed",
    "dtype",
    "rotations",
    "random_rotation",
    "random_shift",
    "noise",
    "schedule",
)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset (or the defaults) with every option the user gave applied on top."""
    base = PRESETS[args.preset] if args.preset else TrainConfig()
    changes = {
        name: getattr(args, name) for name in _CONFIG_FIELDS if getattr(args, name) is not None
    }
    return base.replace(**changes)


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
    resume = resume_from(args) if args.resume else None
    checkpoint_dir = args.checkpoint_dir or args.resume
    if resume is not None:
        config = TrainConfig.from_dict(resume.run["config"])
        if args.epochs is not None:
            config = config.replace(epochs=args.epochs)
        dataset = load_dataset(resume.run["dataset"], args.data_dir)
    else:
        config = config_from_args(args)
        dataset = load_dataset(args.dataset or "digits", args.data_dir)
        check_fits(config, dataset, args.preset)
        if checkpoint_dir is not None:
            check_no_checkpoint(checkpoint_dir)
    sizes = "-".join(str(n) for n in (dataset.n_features, *config.hidden, dataset.n_classes))
    if not args.quiet:
        print(
            f"{dataset.name}: {len(dataset.X_train):,} training / {len(dataset.X_test):,} test samples; "
            f"network {sizes} {config.activation}/{config.output_activation}, {config.loss}, "
            f"{config.optimizer} lr {config.learning_rate:g}, batch {config.batch_size}, "
            f"{config.float_type}"
            + (f", {resolve_kernel()} kernel" if config.backprop == "book" else "")
        )
        extras = _extras(config)
        if extras:
            print(extras)
    if resume is not None and not args.quiet:
        print(f"resuming after epoch {resume.epoch} of {config.epochs} from {args.resume}")
    callbacks = [] if args.quiet else [ProgressPrinter(config.epochs)]
    result = run(config, dataset, callbacks, checkpoint_dir=checkpoint_dir, resume=resume)
    print(
        f"test accuracy {result.test_accuracy:.4f} ({len(dataset.X_test):,} {dataset.name} test samples), trained in {result.history.seconds:.1f}s"
    )
    if args.save:
        save(result.model_file(dataset), args.save)
        if not args.quiet:
            print(f"saved the model to {args.save}")
    if args.json:
        write_text(args.json, json.dumps(result.to_dict(), indent=2) + "\n")
        if not args.quiet:
            print(f"wrote {args.json}")
    if args.report:
        from glassnet.report import report_run

        written = report_run(result, dataset, args.report).path
        if not args.quiet:
            print(f"report: {written.resolve().as_uri()}")
    return 0


_FLAGS = {"learning_rate": "--lr", "bias": "--no-bias", "shuffle": "--no-shuffle"}


def resume_from(args: argparse.Namespace) -> Checkpoint:
    """The checkpoint to continue; the run's own dataset and settings come with it."""
    given = [
        _FLAGS.get(name, f"--{name.replace('_', '-')}")
        for name in ("preset", *_CONFIG_FIELDS)
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
        raise ValueError(
            f"{args.resume}: not a checkpoint of glassnet train (no dataset or config)"
        )
    return checkpoint


def check_no_checkpoint(directory: str) -> None:
    """Never overwrite another run's checkpoint by accident."""
    if checkpoint_path(directory).exists():
        raise ValueError(
            f"{directory} already holds a checkpoint; continue it with --resume {directory}, "
            "or choose another folder"
        )
