"""glassnet's training speed, side by side with its baselines, in one run.

    python benchmarks/run.py [--data-dir DIR] [--repeats 3] [--threads N] [--json PATH]

machine.Measures on real MNIST (784-200-10 sigmoid, no biases), median of ``--repeats`` epochs:
book mode (``NeuralNetwork.fit``, each kernel) against a plain copy of the book's code,
with the largest weight difference after one full epoch; ``glassnet.train`` float32
mini-batches (also without numba's compiled parts, and with the generic step) against
PyTorch CPU (skipped with a note when torch is absent) at batch 10/64/256; the
float32/float64 matrix-product roofline; and, through the real CLI, ``glassnet train
mnist --preset fast`` (time, accuracy) and the peak memory of ``--preset book``. Prints
a Markdown table and writes everything to JSON.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
import glassnet as gn
import machine
import plain_book
import torch_mlp
from glassnet.book import NeuralNetwork
from glassnet.data import BookScaling, Dataset, load_mnist, one_hot
from glassnet.kernels import numba_available, numba_in_use

SIZES = (784, 200, 10)
BATCHES = (10, 64, 256)


def epoch_flops(n_samples: int) -> float:
    """Multiply-adds ×2 of one epoch: forward, weight gradients, the hidden layer's error."""
    n_in, n_hidden, n_out = SIZES
    weights = n_in * n_hidden + n_hidden * n_out
    return 2.0 * n_samples * (2 * weights + n_hidden * n_out)


def book_section(mnist: Dataset, repeats: int, samples: int) -> dict[str, Any]:
    pixels, labels = mnist.X_train[:samples], mnist.y_train[:samples]
    targets = one_hot(labels, 10)
    start = NeuralNetwork(*SIZES, 0.1, rng=0)

    def plain(_: int) -> tuple[float, plain_book.PlainBookNetwork]:
        network = plain_book.PlainBookNetwork(start.wih, start.who, 0.1)
        began = time.perf_counter()
        plain_book.train_epoch(network, pixels, labels)
        return time.perf_counter() - began, network

    def fast(kernel: str) -> machine.Measure:
        # Compile (or load the compiled kernel from numba's cache) before timing.
        NeuralNetwork(*SIZES, 0.1, rng=0).fit(pixels[:10], targets[:10], kernel=kernel)

        def measure(_: int) -> tuple[float, NeuralNetwork]:
            network = NeuralNetwork(*SIZES, 0.1, rng=0)
            history = network.fit(pixels, targets, transform=BookScaling(), kernel=kernel)
            return history.records[0].seconds, network

        return measure

    kernels = ("numba", "numpy") if numba_available() else ("numpy",)
    measured = machine.interleaved(repeats, {"plain": plain} | {k: fast(k) for k in kernels})
    plain_seconds, reference, _ = measured.pop("plain")
    result: dict[str, Any] = {"samples": samples, "plain_seconds": plain_seconds, "kernels": {}}
    for kernel, (seconds, network, _) in measured.items():
        result["kernels"][kernel] = {
            "seconds": seconds,
            "speedup": plain_seconds / seconds,
            "max_weight_difference": max(
                float(np.max(np.abs(network.wih - reference.wih))),
                float(np.max(np.abs(network.who - reference.who))),
            ),
        }
    return result


def minibatch_section(
    mnist: Dataset, repeats: int, threads: int | None, batches: tuple[int, ...]
) -> dict[str, dict[str, Any]]:
    pixels, labels = mnist.X_train, mnist.y_train
    targets = one_hot(labels, 10, dtype=np.float32)
    result: dict[str, dict[str, Any]] = {}
    for batch_size in batches:

        def glassnet_epoch(
            repeat: int, batch_size: int = batch_size, kernel: str = "auto"
        ) -> tuple[float, None]:
            model = gn.mlp(list(SIZES), bias=False, rng=repeat, dtype=np.float32)
            history = gn.train(
                model,
                pixels,
                targets,
                loss=gn.SquaredError(),
                optimizer=gn.SGD(0.1),
                batch_size=batch_size,
                rng=repeat,
                transform=BookScaling(),
                kernel=kernel,
            )
            return history.records[0].seconds, None

        def generic_epoch(repeat: int, batch_size: int = batch_size) -> tuple[float, None]:
            return glassnet_epoch(repeat, batch_size, kernel="plain")

        def uncompiled_epoch(repeat: int, batch_size: int = batch_size) -> tuple[float, None]:
            # The fused step without its compiled parts (what runs without numba).
            return glassnet_epoch(repeat, batch_size, kernel="numpy")

        def torch_epoch(repeat: int, batch_size: int = batch_size) -> tuple[float, None]:
            return torch_mlp.epoch_seconds(
                pixels, labels, batch_size, seed=repeat, threads=threads
            ), None

        contenders: dict[str, machine.Measure] = {"glassnet": glassnet_epoch}
        if numba_in_use():
            contenders["uncompiled"] = uncompiled_epoch
        contenders["generic"] = generic_epoch
        if torch_mlp.available():
            contenders["torch"] = torch_epoch
        if batch_size == max(batches):
            # The limit under the same load as the epochs: measured between them.

            def roofline(_: int) -> tuple[float, None]:
                return 1.0 / machine.float32_gflops(), None

            contenders["roofline"] = roofline
        measured = machine.interleaved(repeats, contenders)
        seconds = measured["glassnet"][0]
        entry: dict[str, Any] = {
            "glassnet_seconds": seconds,
            "gflops": epoch_flops(len(pixels)) / seconds / 1e9,
            # the generic step (backward_loss + SGD.step) that the fused step replaces
            "generic_seconds": measured["generic"][0],
            "compiled": numba_in_use(),
            "all_seconds": {name: times for name, (_, _, times) in measured.items()},
        }
        if "uncompiled" in measured:
            entry["uncompiled_seconds"] = measured["uncompiled"][0]
        if "roofline" in measured:
            entry["roofline_gflops"] = 1.0 / measured["roofline"][0]
            entry["roofline_fraction"] = entry["gflops"] / entry["roofline_gflops"]
        if "torch" in measured:
            torch_seconds = measured["torch"][0]
            entry |= {"torch_seconds": torch_seconds, "ratio_to_torch": seconds / torch_seconds}
        result[str(batch_size)] = entry
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("GLASSNET_DATA"))
    parser.add_argument("--repeats", type=int, default=3, help="epochs per measurement (median)")
    parser.add_argument("--threads", type=int, help="BLAS/torch threads (default: all cores)")
    parser.add_argument("--book-samples", type=int, default=60000, help="samples per book epoch")
    parser.add_argument("--skip-cli", action="store_true", help="skip the two CLI runs")
    parser.add_argument("--skip-book", action="store_true", help="skip the book-mode section")
    parser.add_argument(
        "--batches",
        default=",".join(map(str, BATCHES)),
        help="mini-batch sizes, comma-separated (the largest is compared with the roofline)",
    )
    parser.add_argument("--json", default=str(Path(__file__).with_name("results.json")))
    args = parser.parse_args()
    try:
        batches = tuple(int(size) for size in args.batches.split(","))
    except ValueError:
        print(f"benchmarks/run.py: error: --batches {args.batches!r}: not sizes", file=sys.stderr)
        return 2
    try:
        mnist = load_mnist(args.data_dir)  # like `glassnet train mnist`: local, else downloaded
    except (OSError, ValueError) as error:
        print(f"benchmarks/run.py: error: {error}", file=sys.stderr)
        return 2
    report: dict[str, Any] = {"command": " ".join(["python", "benchmarks/run.py", *sys.argv[1:]])}
    report["machine"] = machine.describe(args.threads)
    print(f"{report['machine']['cpu']}, {report['machine']['load_before']}", flush=True)
    with threadpool_limits(limits=args.threads):
        report["roofline"] = machine.roofline()
        print(f"roofline {report['roofline']}", flush=True)
        if not args.skip_book:
            report["book"] = book_section(mnist, args.repeats, args.book_samples)
            print(f"book {report['book']}", flush=True)
        report["minibatch"] = minibatch_section(mnist, args.repeats, args.threads, batches)
        print(f"mini-batch {report['minibatch']}", flush=True)
    if not torch_mlp.available():
        report["torch_note"] = "PyTorch not installed: pip install torch==2.13.0 to compare"
    if not args.skip_cli:
        report["cli"] = machine.cli_runs(args.data_dir, args.threads)
    report["machine"]["load_after"] = machine.load()
    Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    print(machine.markdown(report))
    print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
