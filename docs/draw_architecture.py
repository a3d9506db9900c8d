"""Draw docs/images/architecture.png: glassnet's layers and who imports whom, from the code.

The layers are tests/test_imports.py's (the test that keeps imports in one direction),
and the imports are read from src/ the way that test reads them, so the picture stays
true: run ``python docs/draw_architecture.py`` after moving code around.
"""

import sys
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.test_imports import LAYERS, graph, layer_of  # noqa: E402

OUT = ROOT / "docs" / "images" / "architecture.png"
WHAT = {
    "base": "shared helpers: validation, atomic writes, the error type",
    "engine": "the formulas, the training loop, data; kernels: fast twins behind one seam",
    "files": "model files and checkpoints (.npz + JSON, never pickle)",
    "book": "the book's neuralNetwork class, on the engine",
    "features": "runs, lessons, exercises, plots, reports, sweeps, export, scikit-learn",
    "interfaces": "the glassnet command and the web playground",
}


def members(layer: int) -> list[str]:
    """The packages and modules of a layer, as ``glassnet.x`` names under src/."""
    names = sorted({".".join(m.split(".")[:2]) for m in graph() if m != "glassnet"})
    return [n for n in names if layer_of(n) == layer]


def main() -> None:
    edges = graph()
    between = Counter(
        (layer_of(module), layer_of(target))
        for module, targets in edges.items()
        if module != "glassnet"
        for target in targets
        if layer_of(target) < layer_of(module)
    )
    figure, axes = plt.subplots(figsize=(10, 8.2))
    axes.set_xlim(0, 10)
    axes.set_ylim(0, len(LAYERS) * 1.35 + 0.2)
    axes.axis("off")
    colours = ["#eeeeee", "#cfe3f3", "#e3d7ee", "#f7e1c6", "#d6ecd2", "#f3d3d3"]
    centres = {}
    for index, (name, _) in enumerate(LAYERS):
        y = index * 1.35 + 0.3
        centres[index] = y
        box = FancyBboxPatch(
            (0.4, y), 9.2, 0.95, boxstyle="round,pad=0.02", fc=colours[index], ec="#555555"
        )
        axes.add_patch(box)
        axes.text(0.6, y + 0.7, name, fontsize=13, weight="bold", va="center")
        axes.text(2.3, y + 0.7, WHAT[name], fontsize=9.5, va="center", style="italic")
        parts = ", ".join(m.removeprefix("glassnet.") for m in members(index))
        axes.text(0.6, y + 0.28, parts, fontsize=9.5, va="center", family="monospace", wrap=True)
    for (upper, lower), count in sorted(between.items()):
        if upper - lower != 1:
            continue  # only neighbours get an arrow; the counts below cover the rest
        x = 8.9
        arrow = FancyArrowPatch(
            (x, centres[upper] - 0.02),
            (x, centres[lower] + 0.97),
            arrowstyle="-|>",
            mutation_scale=14,
            color="#333333",
        )
        axes.add_patch(arrow)
        axes.text(x + 0.12, (centres[upper] + centres[lower] + 0.95) / 2, f"{count}", fontsize=8)
    skipping = sum(c for (u, lo), c in between.items() if u - lo != 1)
    axes.set_title(
        "glassnet's layers: each imports only the ones below it "
        f"(arrows: imports between neighbours; {skipping} more skip a layer; none go up)",
        fontsize=10,
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(OUT, dpi=110, bbox_inches="tight")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
