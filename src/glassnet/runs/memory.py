"""Will the network fit in memory? Asked before training, so ``--hidden 100000000`` is one
line giving the size it would need instead of a ``MemoryError`` traceback."""

import contextlib
import itertools
import os
from pathlib import Path

from glassnet.data.dataset import Dataset
from glassnet.errors import GlassnetError
from glassnet.runs.config import TrainConfig

# Rows of activations alive at once when evaluating (Sequential.predict's chunk).
EVALUATION_ROWS = 4096
_OPTIMIZER_COPIES = {"sgd": 0, "adam": 2}  # Adam's two moments; SGD's momentum is added below


def memory_needed(config: TrainConfig, n_inputs: int, n_outputs: int) -> tuple[int, int]:
    """(bytes, parameters) a run of ``config`` needs, roughly: each parameter's value, its
    gradient, the optimizer's state and one spare copy (updates, saving), plus the
    activations and their gradients for a batch (or an evaluation chunk) of rows."""
    sizes = [n_inputs, *config.hidden, n_outputs]
    parameters = sum((n_in + int(config.bias)) * n_out for n_in, n_out in itertools.pairwise(sizes))
    copies = 3 + _OPTIMIZER_COPIES[config.optimizer] + int(config.momentum > 0)
    itemsize = 4 if config.float_type == "float32" else 8
    rows = max(config.batch_size, EVALUATION_ROWS)
    activations = 3 * rows * sum(sizes[1:])
    return (parameters * copies + activations) * itemsize, parameters


def available_memory() -> int | None:
    """Bytes this process may still allocate: MemAvailable, or less under a cgroup limit;
    None where neither can be read (then nothing is refused)."""
    available = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1]) * 1024
    if available is None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    with contextlib.suppress(OSError, ValueError):  # a container's own limit (cgroup v2)
        cgroup = Path("/sys/fs/cgroup")
        limit = (cgroup / "memory.max").read_text().strip()
        if limit != "max":
            left = int(limit) - int((cgroup / "memory.current").read_text())
            available = left if available is None else min(available, left)
    return available


def check_memory(config: TrainConfig, dataset: Dataset) -> None:
    """Refuse a network that cannot fit in this machine's memory, saying what it needs."""
    available = available_memory()
    if available is None:
        return
    needed, parameters = memory_needed(config, dataset.n_features, dataset.n_classes)
    if needed > available:
        sizes = "-".join(str(n) for n in (dataset.n_features, *config.hidden, dataset.n_classes))
        raise GlassnetError(
            f"a {sizes} network needs about {_size(needed)} of memory to train "
            f"({parameters:,} parameters in {config.float_type}, with their gradients and "
            f"the optimizer's state) but {_size(available)} is available; "
            "choose fewer hidden nodes"
        )


def _size(n_bytes: int) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:,.1f} {unit}"
    return f"{n_bytes:,} bytes"
