"""``glassnet report``: one self-contained HTML page for a sweep, a model file or a run.

The page embeds its figures as data URIs and its style inline, so it opens offline, can
be mailed or attached as one file, and never fetches anything.

- a sweep folder (with ``sweep.json``): what was swept, the table of means and spreads
  over seeds, accuracy against each setting, heat maps of each pair;
- a model file (``glassnet train --save``): its settings, learning curves, test accuracy,
  confusion matrix, the most confident mistakes, hidden-node weights and the backquery;
- a run record (``glassnet train --json``): its settings and learning curves.
"""

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glassnet.data.dataset import Dataset
from glassnet.data.datasets import load_dataset
from glassnet.errors import GlassnetError
from glassnet.files import load
from glassnet.files.model_file import ModelFile, check_training
from glassnet.report.model import add_inside, add_training
from glassnet.report.page import Page
from glassnet.report.sweep import add_sweep
from glassnet.runs import RunResult, TrainConfig
from glassnet.sweeps.table import read_records, read_spec, summarize

__all__ = [
    "Page",
    "Report",
    "read_run_record",
    "report_json",
    "report_model",
    "report_run",
    "report_sweep",
    "write_report",
]


@dataclass
class Report:
    """Where the page was written, and anything it had to leave out."""

    path: Path
    notes: list[str] = field(default_factory=list)


def report_sweep(folder: str | Path, out: str | Path | None = None) -> Report:
    """The sweep's page; its figures are (re)written into the folder as PNG files too."""
    folder = Path(folder)
    spec = read_spec(folder)
    cells = summarize(spec, read_records(folder))
    page = Page(f"Sweep on {spec.dataset}")
    add_sweep(page, spec, cells, folder)
    return Report(page.write(out or folder / "report.html", str(folder)))


def report_run(result: RunResult, dataset: Dataset, out: str | Path, command: str = "") -> Report:
    """The report of a run just trained (``glassnet train --report``)."""
    return _model_page(result.model_file(dataset), dataset, out, command, [])


def report_model(
    path: str | Path,
    out: str | Path | None = None,
    data_dir: str | None = None,
    dataset_name: str | None = None,
    figures: str | Path | None = None,
) -> Report:
    """The report of a saved model; the test set comes from the dataset it was trained on
    (or ``dataset_name``); without it the page shows only what the weights alone show.
    ``figures``: a folder to keep the figures in as PNG files too."""
    model = load(path)
    name = dataset_name or model.training.get("dataset")
    notes, dataset = [], None
    if name is None:
        notes.append("the model file names no dataset (give one) so test-set figures are left out")
    else:
        try:
            dataset = load_dataset(str(name), data_dir, download=False)
        except (ValueError, OSError) as error:
            notes.append(f"test-set figures left out: {error}")
    target = Path(out) if out else Path(path).with_suffix(".html")
    return _model_page(model, dataset, target, f"model file {path}", notes, figures)


def _model_page(
    model: ModelFile,
    dataset: Dataset | None,
    out: str | Path,
    subtitle: str,
    notes: list[str],
    figures: str | Path | None = None,
) -> Report:
    name = model.training.get("dataset") or (dataset.name if dataset else "")
    page = Page(f"Inside a network{f' trained on {name}' if name else ''}")
    for note in notes:
        page.text(note, "note")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(figures or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        add_inside(page, model, dataset, folder)
        add_training(page, model.training, folder)
    return Report(page.write(out, subtitle), notes)


def report_json(path: str | Path, out: str | Path | None = None) -> Report:
    """The report of a ``glassnet train --json`` record: settings and learning curves."""
    record = read_run_record(path)
    page = Page(f"Training run on {record.get('dataset', '?')}")
    if record.get("test_accuracy") is not None:
        page.text(f"Test accuracy {float(record['test_accuracy']):.4f}.")
    with tempfile.TemporaryDirectory() as folder:
        add_training(page, record, Path(folder))
    return Report(page.write(out or Path(path).with_suffix(".html"), f"run record {path}"))


def read_run_record(path: str | Path) -> dict[str, Any]:
    """A ``glassnet train --json`` record, each field the report reads checked for its
    type, or a ``GlassnetError`` naming the file."""
    problem = f"{path}: not a glassnet run record"
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or not isinstance(record.get("config"), dict):
            raise ValueError("no config")
        TrainConfig.from_dict(record["config"])
    except (ValueError, RecursionError) as error:  # JSON, encoding, or a damaged setting
        raise GlassnetError(f"{problem} ({error!s:.300})") from None
    check_training(record, problem)
    return record


def write_report(
    target: str | Path,
    out: str | Path | None = None,
    data_dir: str | None = None,
    dataset_name: str | None = None,
    figures: str | Path | None = None,
) -> Report:
    """A report of whatever ``target`` is: a sweep folder (or its sweep.json), a model
    file (.npz) or a run record (.json). ``figures``: also keep a model's figures as PNG
    files in this folder (a sweep's are always written into its folder)."""
    path = Path(target)
    if path.is_dir() or path.name == "sweep.json":
        return report_sweep(path if path.is_dir() else path.parent, out)
    if not path.exists():
        raise ValueError(f"{target}: no such file or folder")
    if path.suffix == ".npz":
        return report_model(path, out, data_dir, dataset_name, figures)
    if path.suffix == ".json":
        return report_json(path, out)
    raise ValueError(
        f"{target}: expected a sweep folder, a model file (.npz) or a run record (.json)"
    )
