"""``glassnet report RUN_OR_SWEEP``: one self-contained HTML page, linked in the output."""

import argparse
from typing import Any

from glassnet.cli.options import DATASET, OUT, add_data_dir_option
from glassnet.cli.outputs import check_outputs


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write one self-contained HTML page for a sweep folder, model file or run record",
        description="Write one HTML page (figures embedded, opens offline) for a sweep "
        "folder (glassnet sweep), a model file (glassnet train --save) or a run record "
        "(glassnet train --json). The page is --out, by default report.html in the sweep "
        "folder or the model or record's name with .html. A model's test data come from "
        "the dataset it was trained on, or --dataset.",
    )
    parser.add_argument("target", metavar="RUN_OR_SWEEP", help="sweep folder, .npz or .json")
    OUT.add(parser)
    DATASET.add(parser)
    add_data_dir_option(parser)
    parser.add_argument(
        "--figures", metavar="DIR", help="also keep a model's figures as PNG files in DIR"
    )
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    check_outputs({"--out": args.out}, {"--figures": args.figures})
    from glassnet.report import write_report  # matplotlib is loaded only when drawing

    report = write_report(args.target, args.out, args.data_dir, args.dataset, args.figures)
    for note in report.notes:
        print(f"note: {note}")
    print(f"report: {report.path.resolve().as_uri()}")
    return 0
