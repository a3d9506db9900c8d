"""Fast training kernels: the book's per-sample training, reorganised for speed.

A kernel does exactly what ``NeuralNetwork.train`` does for each sample of a chunk, in
order, and leaves the updated weights in the network's own arrays when it returns. The
kernels differ only in how the arithmetic is grouped, so their weights agree with the
plain book code to rounding (tested to 1e-12 after 1,000 MNIST samples):

- ``layers``: the engine itself, one sample at a time through ``Dense`` and ``Sigmoid``
  (the reference; bit for bit the book's numbers, and the slowest).
- ``numpy``: blocks of samples; matrix products for everything that does not depend on
  the previous sample (see ``book_numpy``). Always available.
- ``numba``: one compiled loop that touches only the non-background pixels of each
  sample (see ``book_numba``). Used when numba is installed (``pip install glassnet[fast]``).

``auto`` picks ``numba`` when it can be imported, else ``numpy``; the environment
variable ``GLASSNET_KERNEL`` overrides the choice (e.g. ``numpy`` to compare).

Mini-batch training has its own fast path, ``fused_sgd``: the SGD step of ``train`` with
each layer's update done in place by one BLAS call, and, with numba, the batch's scaling,
the last hidden sigmoid and the whole output layer's step compiled (``minibatch_numba``).
"""

import importlib.util
import os
from typing import Literal, Protocol

from glassnet._types import Array

Kernel = Literal["auto", "numba", "numpy", "layers"]
KERNELS: tuple[Kernel, ...] = ("auto", "numba", "numpy", "layers")
KERNEL_ENV = "GLASSNET_KERNEL"


class BookKernel(Protocol):
    """Per-sample book training over a chunk of samples, in order."""

    def train(self, inputs: Array, targets: Array, outputs: Array) -> None:
        """One book update per row; ``outputs[i]`` gets sample i's outputs before its update."""


def numba_available() -> bool:
    """Whether the numba accelerator can be used (installed with ``glassnet[fast]``)."""
    return importlib.util.find_spec("numba") is not None


def numba_in_use() -> bool:
    """Whether compiled code is used: numba installed, and ``GLASSNET_KERNEL`` not set to
    ``numpy`` or ``layers``. This also decides the compiled parts of mini-batch training
    (``minibatch_numba``)."""
    return resolve_kernel("auto") == "numba"


def resolve_kernel(kernel: str = "auto") -> Kernel:
    """The concrete kernel for a requested one: ``auto`` becomes ``numba`` or ``numpy``."""
    if kernel == "auto":
        kernel = os.environ.get(KERNEL_ENV, "auto") or "auto"
        if kernel == "auto":
            return "numba" if numba_available() else "numpy"
    if kernel not in KERNELS:
        raise ValueError(f"unknown kernel {kernel!r}; choose one of: {', '.join(KERNELS)}")
    if kernel == "numba" and not numba_available():
        raise ValueError("the numba kernel needs numba: pip install 'glassnet[fast]'")
    return kernel


def book_kernel(
    kernel: Kernel, wih: Array, who: Array, learning_rate: float, background: float
) -> BookKernel:
    """A ``numpy`` or ``numba`` kernel training ``wih`` and ``who`` in place."""
    if kernel == "numba":
        from glassnet.kernels.book_numba import NumbaBookKernel

        return NumbaBookKernel(wih, who, learning_rate, background)
    if kernel == "numpy":
        from glassnet.kernels.book_numpy import NumpyBookKernel

        return NumpyBookKernel(wih, who, learning_rate)
    raise ValueError(f"no array kernel named {kernel!r}")
