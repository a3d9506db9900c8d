"""Sweeps: train every combination of chosen settings, over seeds, and keep the results.

```python
from glassnet.runs import PRESETS
from glassnet.sweeps import SweepSpec, LocalBackend, run_sweep

spec = SweepSpec("mnist", PRESETS["book"], {"learning_rate": (0.1, 0.3), "epochs": (1, 5)}, seeds=3)
records = run_sweep(spec, "sweeps/book", LocalBackend())
```

``run_sweep`` writes ``sweep.json``, ``results.json`` and ``results.csv`` into the folder
after every finished job and skips runs already there; ``summarize`` gives the mean and
spread over seeds of each cell, and ``glassnet.plots.sweeps`` draws them.
"""

from collections.abc import Callable
from pathlib import Path

from glassnet.sweeps.backends import Backend, DaskBackend, LocalBackend
from glassnet.sweeps.grid import SWEEPABLE, SweepSpec, display, label, run_key
from glassnet.sweeps.jobs import Job, plan, run_job
from glassnet.sweeps.table import (
    Cell,
    Record,
    current,
    read_records,
    read_spec,
    summarize,
    summary_csv,
    write_records,
    write_spec,
)

__all__ = [
    "SWEEPABLE",
    "Backend",
    "Cell",
    "DaskBackend",
    "Job",
    "LocalBackend",
    "Record",
    "SweepSpec",
    "current",
    "display",
    "label",
    "plan",
    "read_records",
    "read_spec",
    "run_job",
    "run_key",
    "run_sweep",
    "summarize",
    "summary_csv",
]


def run_sweep(
    spec: SweepSpec,
    folder: str | Path,
    backend: Backend,
    *,
    data_dir: str | None = None,
    on_result: Callable[[list[Record]], None] | None = None,
    share_epochs: bool = True,
) -> list[Record]:
    """Run the sweep's unfinished runs on ``backend``; returns the grid's finished records.

    ``on_result`` is called in this process with each job's records, after they are on
    disk. ``data_dir`` is where workers look for the dataset files (default: their own
    ``GLASSNET_DATA`` or cache).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    records = read_records(folder)
    write_spec(folder, spec)
    jobs = plan(spec, set(records), data_dir, share_epochs)
    for job_records in backend.map_unordered(run_job, jobs):
        for record in job_records:
            records[record["key"]] = record
        write_records(folder, records)
        if on_result is not None:
            on_result(job_records)
    return current(spec, records)
