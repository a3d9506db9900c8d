"""Turning a sweep into jobs, and running one job (on this machine or on a Dask worker).

Runs that differ only in their number of epochs, at a constant learning rate, are one
job: training is the same epoch after epoch (same seed, same shuffling stream), so the
20-epoch run's test accuracy after epoch 5 *is* the 5-epoch run's result. The book's
epochs experiment (1, 2, 5, 7, 10, 20) then costs 20 epochs instead of 45.
"""

import functools
from dataclasses import dataclass
from typing import Any

from glassnet.data.dataset import Dataset
from glassnet.data.datasets import load_dataset
from glassnet.engine.training import TrainingDivergedError
from glassnet.runs import TrainConfig, run
from glassnet.sweeps.grid import SweepSpec, run_key
from glassnet.sweeps.table import Record


@dataclass(frozen=True)
class Job:
    """Train ``config`` once; record a result after each epoch in ``report_epochs``."""

    dataset: str
    data_dir: str | None
    config: TrainConfig
    report_epochs: tuple[int, ...]

    @property
    def cost(self) -> float:
        """A rough relative cost, to start the longest jobs first."""
        copies = 3 if self.config.rotations else 1
        per_sample = 1.0 if self.config.batch_size == 1 else 0.2
        return self.config.epochs * copies * per_sample * (50 + sum(self.config.hidden))


def plan(
    spec: SweepSpec, finished: set[str], data_dir: str | None = None, share_epochs: bool = True
) -> list[Job]:
    """The jobs still to do for ``spec``, longest first; finished run keys are skipped."""
    pending = [c for c in spec.configs() if run_key(spec.dataset, c) not in finished]
    groups: dict[TrainConfig, list[int]] = {}
    jobs = []
    for config in pending:
        if share_epochs and config.schedule == "constant":
            groups.setdefault(config.replace(epochs=1), []).append(config.epochs)
        else:
            jobs.append(Job(spec.dataset, data_dir, config, (config.epochs,)))
    for config, epochs in groups.items():
        wanted = tuple(sorted(set(epochs)))
        jobs.append(Job(spec.dataset, data_dir, config.replace(epochs=wanted[-1]), wanted))
    return sorted(jobs, key=lambda job: -job.cost)


@functools.lru_cache(maxsize=2)
def _dataset(name: str, data_dir: str | None) -> Dataset:
    """Each worker process loads a dataset once and keeps it for its next jobs."""
    return load_dataset(name, data_dir)


def run_job(job: Job) -> list[Record]:
    """Train the job's network; one record per reported epoch (what ``glassnet train``
    with that many epochs would give). A run that diverges is recorded as such, with
    no accuracy, for the epochs it did not finish; the sweep goes on."""
    diverged = None
    try:
        history = run(job.config, _dataset(job.dataset, job.data_dir)).history.to_dicts()
    except TrainingDivergedError as error:
        history, diverged = error.history.to_dicts(), str(error)
    records = []
    for epochs in job.report_epochs:
        config = job.config.replace(epochs=epochs)
        upto = history[:epochs]
        record: Record = {
            "key": run_key(job.dataset, config),
            "dataset": job.dataset,
            "config": config.to_dict(),
            "test_accuracy": None,
            "train_accuracy": None,
            "loss": None,
            "seconds": sum(float(e["seconds"] or 0.0) for e in upto),
            "history": [_epoch(e) for e in upto],
        }
        if len(upto) == epochs:
            last = upto[-1]
            record |= {
                "test_accuracy": last["validation_accuracy"],
                "train_accuracy": last["train_accuracy"],
                "loss": last["loss"],
            }
        else:
            record["diverged"] = diverged
        records.append(record)
    return records


def _epoch(record: dict[str, Any]) -> dict[str, Any]:
    """An epoch in the same words as ``glassnet train --json``."""
    return {
        "epoch": record["epoch"],
        "loss": record["loss"],
        "train_accuracy": record["train_accuracy"],
        "test_accuracy": record["validation_accuracy"],
        "seconds": record["seconds"],
    }
