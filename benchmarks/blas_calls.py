"""How the fused SGD step calls BLAS, measured: one library or two, and which layout.

    python benchmarks/blas_calls.py            # about half a minute

Two measurements behind choices in ``glassnet.kernels.fused_sgd`` (docs/performance.md):

1. NumPy's and SciPy's wheels each bundle their own OpenBLAS. A training step that does
   its product with one library and its update with the other is timed against steps
   that stay with one library.
2. The first layer's forward product and in-place update of MNIST's 784-200 network, with
   the batch's outputs in C order (BLAS writes their transpose) and in Fortran order
   (BLAS writes them as they are), at batch 64 and 256.

Times are medians over interleaved repeats, in microseconds per step; like
``run.py``, each contender starts after a pause that lets idle BLAS threads stop spinning.
"""

import argparse
import time
from collections.abc import Callable

import numpy as np
from scipy.linalg.blas import saxpy, sgemm

import machine


def per_call(
    contenders: dict[str, Callable[[], object]], calls: int, repeats: int
) -> dict[str, float]:
    """Median µs per call of each contender, repeats alternating (``machine.interleaved``)."""

    def measure(call: Callable[[], object]) -> machine.Measure:
        def seconds_per_call(_: int) -> tuple[float, None]:
            call()
            began = time.perf_counter()
            for _ in range(calls):
                call()
            return (time.perf_counter() - began) / calls, None

        return seconds_per_call

    measured = machine.interleaved(repeats, {name: measure(c) for name, c in contenders.items()})
    return {name: median * 1e6 for name, (median, _, _) in measured.items()}


def libraries(calls: int, repeats: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    weights = rng.standard_normal((200, 784)).astype(np.float32)
    change = np.zeros_like(weights)  # adding zeros keeps the weights as they are
    x = rng.random((64, 784)).astype(np.float32)
    out = np.empty((64, 200), np.float32, order="F")

    def numpy_only() -> None:
        x @ weights.T
        weights.__iadd__(change)

    def scipy_only() -> None:
        sgemm(1.0, x.T, weights.T, 0.0, out, trans_a=1, overwrite_c=1)
        saxpy(change.ravel(), weights.ravel(), a=-0.1)

    def numpy_then_scipy() -> None:
        x @ weights.T
        saxpy(change.ravel(), weights.ravel(), a=-0.1)

    return per_call(
        {
            "NumPy product, NumPy update": numpy_only,
            "SciPy product, SciPy update": scipy_only,
            "NumPy product, SciPy update": numpy_then_scipy,
        },
        calls,
        repeats,
    )


def layouts(batch: int, calls: int, repeats: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    weights = rng.standard_normal((200, 784)).astype(np.float32)
    x = rng.random((batch, 784)).astype(np.float32)
    grad_c = np.zeros((batch, 200), np.float32)  # zero: the weights stay as they are
    grad_f = np.asfortranarray(grad_c)
    out_c = np.empty((batch, 200), np.float32)
    out_f = np.empty((batch, 200), np.float32, order="F")

    def c_order() -> None:
        sgemm(1.0, weights.T, x.T, 0.0, out_c.T, trans_a=1, overwrite_c=1)
        sgemm(-0.1, x.T, grad_c.T, 1.0, weights.T, trans_b=1, overwrite_c=1)

    def fortran_order() -> None:
        sgemm(1.0, x.T, weights.T, 0.0, out_f, trans_a=1, overwrite_c=1)
        sgemm(-0.1, x.T, grad_f, 1.0, weights.T, overwrite_c=1)

    return per_call(
        {"outputs in C order": c_order, "outputs in Fortran order": fortran_order},
        calls,
        repeats,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    print("One BLAS library or two (batch 64, 784-200 product and update):")
    for name, micros in libraries(100, args.repeats).items():
        print(f"  {name:30s} {micros:8.0f} µs per step")
    for batch in (64, 256):
        print(f"Layout of the batch's outputs (batch {batch}, forward product + update):")
        for name, micros in layouts(batch, 300 if batch == 64 else 100, args.repeats).items():
            print(f"  {name:30s} {micros:8.0f} µs per step")


if __name__ == "__main__":
    main()
