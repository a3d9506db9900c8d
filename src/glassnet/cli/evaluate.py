"""``glassnet evaluate MODEL [DATASET]``: a saved model's accuracy on a dataset."""

import argparse
from typing import Any

from glassnet.cli.argument_types import add_data_dir_option
from glassnet.cli.outputs import check_outputs, write_json
from glassnet.data.datasets import DATASETS, load_dataset
from glassnet.files import load
from glassnet.inside.prediction import evaluate


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure a saved model's accuracy on a dataset",
        description="Accuracy and most frequent mistakes of a saved model on a dataset's "
        "test (or training) samples, preprocessed as the model was trained.",
    )
    parser.add_argument("model", metavar="MODEL", help="a glassnet model file (.npz)")
    parser.add_argument(
        "dataset",
        nargs="?",
        choices=DATASETS,
        metavar="DATASET",
        help=f"one of {', '.join(DATASETS)} (default: the one the model was trained on)",
    )
    parser.add_argument("--split", choices=["test", "train"], default="test", help="default test")
    add_data_dir_option(parser)
    parser.add_argument(
        "--json",
        metavar="PATH",
        help="write accuracy and confusion matrix as JSON to PATH ('-': standard output)",
    )
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    check_outputs({"--json": args.json}, standard_output=("--json",))
    model = load(args.model)
    name = args.dataset or model.training.get("dataset")
    if name is None:
        raise ValueError(f"{args.model} does not say which dataset it was trained on; name one")
    result = evaluate(model, load_dataset(name, args.data_dir), args.split)
    if args.json == "-":
        write_json("-", result.to_dict())
        return 0
    correct = int(result.confusion.trace())
    print(
        f"{result.dataset} {result.split} set: accuracy {result.accuracy:.4f} "
        f"({correct:,} of {result.n_samples:,} samples)"
    )
    mistakes = result.most_confused(3)
    if mistakes:
        print("most confused: " + ", ".join(f"{t} taken for {p} ({n})" for t, p, n in mistakes))
    if args.json:
        write_json(args.json, result.to_dict())
        print(f"wrote {args.json}")
    return 0
