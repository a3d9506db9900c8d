"""The same mini-batch training in PyTorch (CPU), the framework people would reach for.

784-200-10, sigmoid, no biases, ½Σ(t−o)² averaged over the batch, plain SGD, shuffled
batches: what ``glassnet.train`` does in the benchmark. PyTorch gets its best case: the
whole training set already scaled to a float32 tensor (glassnet scales uint8 per batch).
"""

import time
from typing import Any

import numpy as np
import numpy.typing as npt


def available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def epoch_seconds(
    pixels: npt.NDArray[Any],
    labels: npt.NDArray[np.integer[Any]],
    batch_size: int,
    learning_rate: float = 0.1,
    seed: int = 0,
    threads: int | None = None,
) -> float:
    """Seconds for one training epoch of the benchmark network."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    torch.manual_seed(seed)
    inputs = torch.from_numpy((pixels / np.float32(255.0) * np.float32(0.99)) + np.float32(0.01))
    targets = torch.full((len(inputs), 10), 0.01)
    targets[torch.arange(len(inputs)), torch.from_numpy(labels)] = 0.99
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 200, bias=False),
        torch.nn.Sigmoid(),
        torch.nn.Linear(200, 10, bias=False),
        torch.nn.Sigmoid(),
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    started = time.perf_counter()
    order = torch.randperm(len(inputs))
    for start in range(0, len(inputs), batch_size):
        batch = order[start : start + batch_size]
        outputs = model(inputs[batch])
        loss = 0.5 * ((outputs - targets[batch]) ** 2).sum(dim=1).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return time.perf_counter() - started


def version() -> str | None:
    if not available():
        return None
    import torch

    return str(torch.__version__)
