"""``glassnet evaluate MODEL [DATASET]``: a saved model's accuracy on a dataset."""

import argparse
from typing import Any

from glassnet.cli.options import JSON, MODEL, add_data_dir_option, add_dataset_argument
from glassnet.cli.outputs import check_outputs, write_json
from glassnet.data.datasets import load_dataset
from glassnet.files import load
from glassnet.inside.prediction import evaluate


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "evaluate",
        help="measure a saved model's accuracy on a dataset",
        description="Accuracy and most frequent mistakes of a saved model on a dataset's "
        "test (or training) samples, preprocessed as the model was trained. Without "
        "DATASET: the one the model was trained on.",
    )
    MODEL.add(parser)
    add_dataset_argument(parser, optional=True)
    parser.add_argument(
        "--split",
        choices=["test", "train"],
        default="test",
        help="which samples: test (default) or train",
    )
    add_data_dir_option(parser)
    JSON.add(parser)
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
