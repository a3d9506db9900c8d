"""The seam: how ``glassnet.train`` carries out its steps, chosen once per run, with the reason.

``train``'s loop calls a step (``Step``) on batches made by a batch source
(``BatchSource``). ``plan_training`` returns the engine's own pair (``GradientStep`` and
``PlainBatches``, from ``glassnet.engine.steps``) or the fused SGD step and its batch
source, which compute the same thing faster (see ``glassnet.kernels``).
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.data.preprocessing import BookScaling
from glassnet.engine.losses import Loss
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD, Optimizer
from glassnet.engine.steps import BatchSource, GradientStep, PlainBatches, Step
from glassnet.kernels import resolve_kernel
from glassnet.kernels.batches import ScaledBatches
from glassnet.kernels.fused_sgd import FusedSGD, can_fuse


@dataclass(frozen=True)
class TrainingPlan:
    """The step and batch source of a run, and in words which they are and why."""

    step: Step
    batches: BatchSource
    reason: str


def plan_training(
    model: Sequential,
    loss: Loss,
    optimizer: Optimizer,
    inputs: npt.NDArray[np.generic],
    targets: Array,
    labels: npt.NDArray[np.int64],
    transform: Callable[..., Array] | None,
    kernel: str = "auto",
) -> TrainingPlan:
    """The fastest way to train ``model`` that ``kernel`` allows (see ``glassnet.kernels``)."""
    chosen = resolve_kernel(kernel)
    plain = GradientStep(model, loss, optimizer, targets, labels)
    plain_batches = PlainBatches(inputs, transform, model.dtype)
    if chosen == "plain":
        return TrainingPlan(plain, plain_batches, "the engine's step (kernel 'plain')")
    if kernel == "auto" and model.dtype != np.float32:
        reason = "the engine's step: float64 keeps its exact roundings under kernel 'auto'"
        return TrainingPlan(plain, plain_batches, reason)
    if not isinstance(optimizer, SGD) or not can_fuse(model, optimizer):
        reason = "the engine's step: the fused step needs SGD without weight decay on Dense layers"
        return TrainingPlan(plain, plain_batches, reason)
    compiled = chosen == "numba"
    step = FusedSGD(model, loss, optimizer, targets, labels, compiled=compiled)
    batches: BatchSource = plain_batches
    if isinstance(transform, BookScaling):
        batches = ScaledBatches(inputs, transform, model.dtype, compiled=compiled)
    parts = [name for name, used in step.compiled_parts().items() if used]
    return TrainingPlan(
        step,
        batches,
        f"the fused SGD step ({chosen}" + (f": {', '.join(parts)} compiled)" if parts else ")"),
    )
