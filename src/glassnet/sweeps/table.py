"""A sweep's results on disk, and their summary over seeds.

A sweep folder holds ``sweep.json`` (what was asked), ``results.json`` (one record per
finished run: key, dataset, full config, test/train accuracy, loss, training seconds,
per-epoch history; a run that diverged has no accuracy and says where it diverged) and
``results.csv`` (the same, one flat row per run). Both result
files are rewritten atomically after every finished run, so an interrupted sweep keeps
everything it finished; records of runs from an earlier, different grid in the same
folder are kept too, and only the current grid's runs are summarised and plotted.
"""

import csv
import dataclasses
import io
import json
import math
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glassnet._atomic import write_text
from glassnet._checks import is_number
from glassnet.errors import GlassnetError
from glassnet.files.model_file import is_epoch_record
from glassnet.runs import TrainConfig
from glassnet.sweeps.grid import SweepSpec, plain, run_key

Record = dict[str, Any]
CONFIG_COLUMNS = [f.name for f in dataclasses.fields(TrainConfig)]
RESULT_COLUMNS = ["test_accuracy", "train_accuracy", "loss", "seconds"]


def read_spec(folder: str | Path) -> SweepSpec:
    """The sweep a folder's sweep.json describes, or a ``GlassnetError`` naming the file."""
    path = Path(folder) / "sweep.json"
    try:
        return SweepSpec.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise GlassnetError(f"{folder}: not a sweep folder (no sweep.json)") from None
    except (ValueError, RecursionError) as error:  # JSON, encoding, or a value out of range
        raise GlassnetError(f"{path}: corrupt sweep description ({error!s:.300})") from None


def write_spec(folder: str | Path, spec: SweepSpec) -> None:
    write_text(Path(folder) / "sweep.json", json.dumps(spec.to_dict(), indent=2) + "\n")


def read_records(folder: str | Path) -> dict[str, Record]:
    """Finished runs by key (empty for a new folder)."""
    path = Path(folder) / "results.json"
    if not path.exists():
        return {}
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(records, list):
            raise ValueError("not a list of runs")
        for number, record in enumerate(records, 1):
            _check_record(record, number)
    except (ValueError, RecursionError) as error:  # JSON, encoding, or a damaged record
        raise GlassnetError(
            f"{path}: corrupt results file ({error!s:.300}); move it away to start afresh"
        ) from None
    return {r["key"]: r for r in records}


def _check_record(record: Any, number: int) -> None:
    """A ValueError unless ``record`` has what the tables and reports read, with its types."""
    if not isinstance(record, dict):
        raise ValueError(f"run {number} is not an object")
    problem = ""
    if not isinstance(record.get("key"), str) or not isinstance(record.get("dataset"), str):
        problem = "key and dataset must be text"
    elif not isinstance(record.get("config"), dict):
        problem = "no config"
    elif not is_number(record.get("seconds")):
        problem = "seconds must be a number"
    elif not all(
        n in record and (record[n] is None or is_number(record[n])) for n in RESULT_COLUMNS
    ):
        problem = f"{', '.join(RESULT_COLUMNS)} must be numbers or null"
    elif not isinstance(record.get("history", []), list) or not all(
        is_epoch_record(epoch) for epoch in record.get("history", [])
    ):
        problem = "history is not a list of epoch records"
    else:
        try:
            TrainConfig.from_dict(record["config"])
        except ValueError as error:
            problem = str(error)
    if problem:
        raise ValueError(f"run {number}: {problem}")


def write_records(folder: str | Path, records: dict[str, Record]) -> None:
    """Both result files, atomically, in a stable order."""
    rows = sorted(records.values(), key=lambda r: (r["dataset"], r["key"]))
    write_text(Path(folder) / "results.json", json.dumps(rows, indent=1) + "\n")
    write_text(Path(folder) / "results.csv", to_csv(rows))


def to_csv(records: list[Record]) -> str:
    """One row per run: key, dataset, every config field, then the results."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "dataset", *CONFIG_COLUMNS, *RESULT_COLUMNS])
    for record in records:
        config = record["config"]
        writer.writerow(
            [
                record["key"],
                record["dataset"],
                *(_csv_value(name, config.get(name)) for name in CONFIG_COLUMNS),
                *("" if record[name] is None else record[name] for name in RESULT_COLUMNS),
            ]
        )
    return buffer.getvalue()


def _csv_value(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name in ("hidden", "targets"):
        return plain(name, tuple(value))
    return plain(name, value)


def current(spec: SweepSpec, records: dict[str, Record]) -> list[Record]:
    """The finished runs of ``spec``'s grid, in grid order."""
    keys = (run_key(spec.dataset, config) for config in spec.configs())
    return [records[key] for key in keys if key in records]


@dataclass
class Cell:
    """One point of the grid: its swept values and the results of each seed."""

    values: dict[str, Any]
    accuracies: list[float]  # of the seeds that trained to the end
    seconds: list[float]
    diverged: int = 0  # seeds whose training diverged: no accuracy

    @property
    def mean(self) -> float:
        return statistics.fmean(self.accuracies) if self.accuracies else math.nan

    @property
    def rank(self) -> float:
        """The mean accuracy for choosing the best cell; −inf when every seed diverged."""
        return -math.inf if math.isnan(self.mean) else self.mean

    @property
    def std(self) -> float:
        return statistics.stdev(self.accuracies) if len(self.accuracies) > 1 else 0.0

    @property
    def low(self) -> float:
        return min(self.accuracies, default=math.nan)

    @property
    def high(self) -> float:
        return max(self.accuracies, default=math.nan)


def summarize(spec: SweepSpec, records: dict[str, Record]) -> list[Cell]:
    """The grid's cells (swept values only) with their seeds' results; unfinished cells left out."""
    cells: dict[tuple[Any, ...], Cell] = {}
    for config in spec.configs():
        record = records.get(run_key(spec.dataset, config))
        if record is None:
            continue
        cell = spec.cell_of(config)
        if cell not in cells:
            cells[cell] = Cell(dict(zip(spec.swept, cell, strict=True)), [], [])
        if record["test_accuracy"] is None:  # the run diverged
            cells[cell].diverged += 1
        else:
            cells[cell].accuracies.append(float(record["test_accuracy"]))
        cells[cell].seconds.append(float(record["seconds"]))
    return list(cells.values())


def summary_csv(spec: SweepSpec, cells: list[Cell]) -> str:
    """Mean, standard deviation, min and max test accuracy over seeds, per cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*spec.swept, "seeds", "mean", "std", "min", "max", "mean_seconds", "diverged"])
    for cell in cells:
        writer.writerow(
            [
                *(plain(name, cell.values[name]) for name in spec.swept),
                len(cell.accuracies),
                f"{cell.mean:.4f}",
                f"{cell.std:.4f}",
                f"{cell.low:.4f}",
                f"{cell.high:.4f}",
                f"{statistics.fmean(cell.seconds):.1f}",
                cell.diverged,
            ]
        )
    return buffer.getvalue()
