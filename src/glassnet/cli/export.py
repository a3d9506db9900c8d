"""``glassnet export MODEL --format onnx|c``: a saved model for other runtimes and devices."""

import argparse
from pathlib import Path
from typing import Any

from glassnet.cli.options import DATASET, MODEL, OUT, add_data_dir_option, add_old_name
from glassnet.cli.outputs import check_outputs
from glassnet.data.datasets import load_dataset
from glassnet.files import load
from glassnet.files.model_file import ModelFile


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export a saved model to ONNX or to a C99 header for a microcontroller",
        description="Write the model as ONNX (for onnxruntime and other runtimes; needs the "
        "onnx package: pip install 'glassnet[export]') or as one dependency-free C99 header "
        "(const weights, no malloc) to compile into a microcontroller's firmware. The file "
        "written is --out, by default MODEL with .onnx, .h or -int8.h; --int8 measures "
        "the accuracy lost on the model's own dataset, or on --dataset.",
    )
    MODEL.add(parser)
    parser.add_argument("--format", required=True, choices=["onnx", "c"], help="onnx or c")
    OUT.add(parser, dest="output")
    add_old_name(parser, "--output", OUT, dest="output")
    parser.add_argument(
        "--int8",
        action="store_true",
        help="C only: store weights as int8 (a quarter of the flash) and report the accuracy lost",
    )
    parser.add_argument(
        "--name", help="C only: prefix of the header's identifiers (default: file name)"
    )
    parser.add_argument(
        "--no-preprocessing",
        dest="preprocessing",
        action="store_false",
        help="ONNX only: the graph takes preprocessed inputs instead of raw ones",
    )
    DATASET.add(parser)
    add_data_dir_option(parser)
    parser.set_defaults(run=run_command)


def run_command(args: argparse.Namespace) -> int:
    if args.format == "onnx" and (args.int8 or args.name):
        raise ValueError("--int8 and --name are for --format c")
    if args.format == "c" and not args.preprocessing:
        raise ValueError(
            "--no-preprocessing is for --format onnx (C has its own preprocess function)"
        )
    default = Path(args.model).with_suffix("")
    suffix = {"onnx": ".onnx", "c": "-int8.h" if args.int8 else ".h"}[args.format]
    output = args.output or f"{default}{suffix}"
    check_outputs({"--out" if args.output else "the default output": output})
    model = load(args.model)
    sizes = "-".join(
        str(n) for n in [model.network.n_inputs] + [d.n_outputs for d in model.network.dense_layers]
    )
    if args.format == "onnx":
        return _onnx(model, output, args.preprocessing, sizes)
    from glassnet.export.c import export_c

    result = export_c(model, output, name=args.name, int8=args.int8)
    print(
        f"wrote {result.path}: {sizes} network, {result.n_parameters:,} parameters, weights as "
        f"{'int8' if args.int8 else 'float'}; const data {result.const_bytes:,} bytes (flash), "
        f"buffers {result.buffer_bytes:,} bytes (RAM); C prefix {result.name}_"
    )
    if args.int8:
        print(_int8_accuracy(args, model))
    return 0


def _onnx(model: ModelFile, output: str, preprocessing: bool, sizes: str) -> int:
    try:
        from glassnet.export.onnx import export_onnx
    except ImportError:
        raise ValueError(
            "ONNX export needs the onnx package: pip install 'glassnet[export]'"
        ) from None
    result = export_onnx(model, output, include_preprocessing=preprocessing)
    inputs = (
        "raw values (preprocessing inside)"
        if result.preprocessing_included
        else "preprocessed values"
    )
    print(
        f"wrote {result.path}: {sizes} network, {result.n_parameters:,} parameters, "
        f"{result.n_bytes:,} bytes; input 'input' takes {inputs}, output 'output'"
    )
    return 0


def _int8_accuracy(args: argparse.Namespace, model: ModelFile) -> str:
    from glassnet.export.int8 import int8_model
    from glassnet.inside.prediction import evaluate

    name = args.dataset or model.training.get("dataset")
    if name is None:
        return (
            "accuracy lost to int8 not measured: the model does not say its dataset (use --dataset)"
        )
    dataset = load_dataset(name, args.data_dir)
    before = evaluate(model, dataset).accuracy
    after = evaluate(int8_model(model), dataset).accuracy
    return (
        f"int8 {dataset.name} test accuracy {after:.4f} (float {before:.4f}: "
        f"{100 * (after - before):+.2f} points)"
    )
