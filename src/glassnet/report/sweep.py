"""Report sections for a sweep: what was swept, the summary table, and the figures."""

from pathlib import Path

from glassnet.plots.sweeps import sweep_figures
from glassnet.report.page import Page
from glassnet.runs import TrainConfig
from glassnet.sweeps.grid import SweepSpec, display, label
from glassnet.sweeps.table import Cell


def add_sweep(page: Page, spec: SweepSpec, cells: list[Cell], figures: Path) -> None:
    page.heading("What was swept")
    if spec.command:
        page.code(spec.command)
    runs = len(spec.configs())
    done = sum(len(c.accuracies) for c in cells)
    page.table(
        ["setting", "values"],
        [(label(n), ", ".join(display(n, v) for v in vs)) for n, vs in spec.axes.items()]
        + [
            ("seeds", f"{spec.seeds} (from {spec.base.seed})"),
            ("runs finished", f"{done} of {runs}"),
        ],
    )
    defaults = TrainConfig()
    fixed = [
        (label(name), display(name, value))
        for name, value in vars(spec.base).items()
        if name not in spec.axes and name != "seed" and value != getattr(defaults, name)
    ]
    page.text(
        f"Dataset {spec.dataset}. Every other setting is glassnet's default"
        + (", except:" if fixed else ".")
    )
    if fixed:
        page.table(["setting", "value"], fixed)
    if not cells:
        page.text("No run has finished yet.", "note")
        return
    best = max(range(len(cells)), key=lambda i: cells[i].rank)
    page.heading("Results (test accuracy over seeds)")
    page.table(
        [
            *(label(n) for n in spec.swept),
            "seeds",
            "mean",
            "sd",
            "min",
            "max",
            "mean seconds",
            "diverged",
        ],
        [
            (
                *(display(n, cell.values[n]) for n in spec.swept),
                len(cell.accuracies),
                cell.mean,
                cell.std,
                cell.low,
                cell.high,
                f"{sum(cell.seconds) / len(cell.seconds):.1f}",
                cell.diverged,
            )
            for cell in cells
        ],
        highlight=best,
    )
    page.text("The highlighted row is the best mean accuracy.", "meta")
    if not spec.swept:
        return
    page.heading("Figures")
    for path in sweep_figures(spec, cells, figures):
        page.figure(path, _caption(path.stem))


def _caption(stem: str) -> str:
    """Words for a figure from its file name (see ``plots.sweeps.sweep_figures``)."""
    if stem.startswith("accuracy-vs-"):
        return (
            f"Test accuracy against {label(stem.removeprefix('accuracy-vs-').replace('-', '_'))}."
        )
    return "Mean test accuracy for each pair of values of two swept settings."
