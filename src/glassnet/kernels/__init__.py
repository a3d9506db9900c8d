"""Fast paths for training, behind one seam: the same maths as the engine, grouped for speed.

The engine's ``glassnet.train`` asks ``plan_training`` once per run how to carry out its
steps; the book's ``NeuralNetwork.fit`` asks ``book_kernel``. Either way a faster kernel
computes what the readable engine computes, with other roundings (each is tested against
the engine). One option names the choice for both, ``kernel``:

- ``plain``: the engine itself: ``GradientStep`` (forward, loss, backward, ``SGD.step``)
  for ``train``; ``Dense`` and ``Sigmoid`` one sample at a time for ``fit`` (bit for bit
  the book's numbers, and the slowest).
- ``numpy``: no compiled code. For ``train``, the fused SGD step (``fused_sgd``): each
  layer's update in place in one BLAS call. For ``fit``, blocks of samples turned into
  matrix products (``book_numpy``).
- ``numba``: as ``numpy``, with the rest compiled (``pip install glassnet[fast]``): the
  fused step's batch scaling, last hidden sigmoid and whole output layer
  (``minibatch_numba``, ``output_head_numba``), and for ``fit`` one loop over each sample's non-background
  pixels (``book_numba``).
- ``auto`` (the default): ``numba`` when it can be imported, else ``numpy``; the
  environment variable ``GLASSNET_KERNEL`` overrides that choice. ``train`` keeps the
  plain step for float64 models under ``auto``: the lessons check their exact roundings.
"""

import importlib.util
import os
from typing import Literal, Protocol

from glassnet._types import Array

Kernel = Literal["auto", "numba", "numpy", "plain"]
KERNELS: tuple[Kernel, ...] = ("auto", "numba", "numpy", "plain")
KERNEL_ENV = "GLASSNET_KERNEL"


class BookKernel(Protocol):
    """Per-sample book training over a chunk of samples, in order."""

    def train(self, inputs: Array, targets: Array, outputs: Array) -> None:
        """One book update per row; ``outputs[i]`` gets sample i's outputs before its update."""


def numba_available() -> bool:
    """Whether the numba accelerator can be used (installed with ``glassnet[fast]``)."""
    return importlib.util.find_spec("numba") is not None


def numba_in_use() -> bool:
    """Whether ``auto`` means compiled code: numba installed, and ``GLASSNET_KERNEL`` not
    set to ``numpy`` or ``plain``."""
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
