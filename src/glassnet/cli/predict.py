"""``glassnet predict MODEL FILE...``: what a saved model makes of your own images."""

import argparse
from typing import Any

from glassnet.cli.options import JSON, MODEL
from glassnet.cli.outputs import check_outputs, write_json
from glassnet.files import load
from glassnet.inside.prediction import predict_images


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "predict",
        help="predict the class of your own images (PNG, JPEG, ...) with a saved model",
        description="Read each image in greyscale, invert it when the ink is dark on light "
        "paper (the book's part 3), cut out the ink and fit it into the model's image size "
        "keeping its aspect ratio, then print the predicted class and the top probabilities. "
        "An image that already has the model's size is only inverted, as in the book.",
    )
    MODEL.add(parser)
    parser.add_argument("files", metavar="FILE", nargs="+", help="image files")
    parser.add_argument(
        "--top", type=int, default=3, metavar="K", help="show the K most likely classes (default 3)"
    )
    JSON.add(parser)
    parser.add_argument(
        "--preview",
        metavar="PNG",
        help="draw each image, what the network was given, and the probabilities",
    )
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise ValueError(f"--top must be >= 1, got {args.top}")
    check_outputs({"--json": args.json, "--preview": args.preview}, standard_output=("--json",))
    model = load(args.model)
    predictions = predict_images(model, args.files)
    record = {"predictions": [p.to_dict() for p in predictions]}
    if args.json == "-":
        write_json("-", record)
    else:
        width = max(len(p.file) for p in predictions)
        for p in predictions:
            top = ", ".join(f"{name} {probability:.1%}" for name, probability in p.top(args.top))
            print(f"{p.file:<{width}}  {p.label}  ({top})")
    if args.json not in (None, "-"):
        write_json(args.json, record)
    if args.preview:
        from glassnet.plots.predictions import prediction_sheet

        prediction_sheet(predictions, args.preview, top=args.top)
        if args.json != "-":
            print(f"wrote {args.preview}")
    return 0
