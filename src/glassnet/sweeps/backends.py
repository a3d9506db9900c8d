"""Where a sweep's jobs run: local cores (joblib) or a Dask distributed cluster.

Both hand back each job's result as soon as it finishes, in whatever order they finish;
the sweep writes it to disk at once, so an interruption loses only unfinished jobs.
Each job is a whole training run with its own seed, so the results do not depend on
the backend, the number of workers or the order.
"""

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol


class Backend(Protocol):
    description: str

    def map_unordered(
        self, function: Callable[[Any], Any], items: Sequence[Any]
    ) -> Iterator[Any]: ...


def _check_workers(workers: int | None) -> int:
    if workers is None:
        return os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number >= 1, got {workers!r}")
    return workers


class LocalBackend:
    """Runs jobs in ``workers`` processes on this machine (default: one per core).

    With one worker the jobs run in this process, one after the other. joblib's worker
    processes each get a share of the cores for NumPy's BLAS threads, so workers do not
    fight over them.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = _check_workers(workers)
        self.description = f"{self.workers} local worker{'s' if self.workers > 1 else ''} (joblib)"

    def map_unordered(self, function: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        if self.workers == 1 or len(items) <= 1:
            for item in items:
                yield function(item)
            return
        from joblib import Parallel, delayed

        parallel = Parallel(
            n_jobs=min(self.workers, len(items)), return_as="generator_unordered", batch_size=1
        )
        yield from parallel(delayed(function)(item) for item in items)


class DaskBackend:
    """Runs jobs on a Dask distributed cluster: ``address`` is its scheduler
    (``tcp://host:8786``), or ``"local"`` to start a ``LocalCluster`` of ``workers``
    single-threaded worker processes here.

    Workers must have glassnet installed and find the dataset themselves (their own
    ``GLASSNET_DATA`` or cache, or a download), since each job loads it on its worker.
    """

    def __init__(self, address: str, workers: int | None = None, timeout: float = 20.0) -> None:
        if not address:
            raise ValueError("a Dask scheduler address is needed, e.g. tcp://host:8786, or local")
        self.address = address
        self.workers = _check_workers(workers)
        self.timeout = timeout
        where = f"a local Dask cluster of {self.workers}" if address == "local" else address
        self.description = f"Dask distributed ({where})"

    def map_unordered(self, function: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise ValueError(
                "the Dask backend needs dask.distributed: pip install 'glassnet[dask]'"
            ) from None
        if not items:
            return
        cluster = None
        if self.address == "local":
            cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                dashboard_address=":0",  # any free port: 8787 may be taken by another cluster
                silence_logs=40,
            )
            client = Client(cluster)
        else:
            try:
                client = Client(self.address, timeout=f"{self.timeout}s")
            except OSError as error:
                raise OSError(
                    f"cannot reach the Dask scheduler at {self.address}: {error}"
                ) from None
        futures = client.map(function, list(items), pure=False)
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)
            client.close()
            if cluster is not None:
                cluster.close()
