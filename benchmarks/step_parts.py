"""Where the time of a fused mini-batch step goes, part by part, on real MNIST.

    python benchmarks/step_parts.py [--data-dir DIR] [--batch 64] [--epochs 3]

Trains the benchmark network (784-200-10 sigmoid, no biases, squared error, SGD 0.1,
float32) the way ``glassnet.train`` does, with timers around each part of every step:
the batch (gather and scaling); the products, the BLAS calls the step makes from Python
(the first layer's forward pass and update; without the compiled head, the output
layer's products too); the last hidden sigmoid and the output layer when they are
compiled (numba); and the rest (Python and NumPy). Prints microseconds per step for each
epoch. ``GLASSNET_KERNEL=numpy`` shows the step without its compiled parts.
"""

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import glassnet as gn
from glassnet.data import BookScaling, load_mnist, one_hot
from glassnet.engine.training import minibatches
from glassnet.kernels import numba_in_use
from glassnet.kernels.batches import ScaledBatches
from glassnet.kernels.fused_sgd import FusedSGD

PARTS = ("batch", "products", "sigmoid", "output layer", "rest")


def timed(function: Callable[..., Any], totals: dict[str, float], part: str) -> Callable[..., Any]:
    """``function``, adding the seconds of each call to ``totals[part]``."""

    def call(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = function(*args, **kwargs)
        totals[part] += time.perf_counter() - started
        return result

    return call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=os.environ.get("GLASSNET_DATA"))
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    try:
        mnist = load_mnist(args.data_dir)
    except (OSError, ValueError) as error:
        print(f"benchmarks/step_parts.py: error: {error}", file=sys.stderr)
        return 2
    pixels, labels = mnist.X_train, mnist.y_train
    targets = one_hot(labels, 10, dtype=np.float32)
    model = gn.mlp([784, 200, 10], bias=False, rng=0, dtype=np.float32)
    compiled = numba_in_use()
    step = FusedSGD(model, gn.SquaredError(), gn.SGD(0.1), targets, labels, compiled=compiled)
    totals = dict.fromkeys(PARTS, 0.0)
    step.blas_gemm = timed(step.blas_gemm, totals, "products")
    if step.compiled_head:
        step._output_head = timed(step._output_head, totals, "output layer")
    if step._sigmoid is not None:
        step._sigmoid = timed(step._sigmoid, totals, "sigmoid")
    batches = ScaledBatches(pixels, BookScaling(), np.float32, compiled=compiled)
    print(
        f"batch {args.batch}, compiled head {step.compiled_head}, "
        f"compiled sigmoid {step.compiled_sigmoid}; microseconds per step:"
    )
    for epoch in range(args.epochs):
        for part in totals:
            totals[part] = 0.0
        steps = 0
        started = time.perf_counter()
        for rows in minibatches(len(pixels), args.batch, np.random.default_rng(epoch)):
            before = time.perf_counter()
            x = batches(rows)
            totals["batch"] += time.perf_counter() - before
            step(x, rows)
            steps += 1
        seconds = time.perf_counter() - started
        totals["rest"] = seconds - sum(totals[part] for part in PARTS if part != "rest")
        parts = ", ".join(f"{part} {totals[part] / steps * 1e6:.0f}" for part in PARTS)
        print(f"epoch {epoch + 1}: {seconds:.3f} s, {seconds / steps * 1e6:.0f} per step = {parts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
