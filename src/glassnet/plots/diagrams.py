"""Network diagrams: nodes in columns, links whose width follows the weight, numbers on both.

The deck's figures of small networks were lost from its text; these redraw them from the
lesson's numbers. Weight matrices follow the engine's convention (row j = links into
node j of the next layer).
"""

from collections.abc import Sequence
from typing import Any

import numpy as np

NODE_RADIUS = 0.36
NODE_COLOUR = "#dbe9f6"
LINK_COLOUR = "#4a7ab5"


def _positions(n_nodes: int) -> np.ndarray:
    """Heights of a column's nodes, centred on 0, one unit apart, first node on top."""
    return (n_nodes - 1) / 2.0 - np.arange(n_nodes, dtype=np.float64)


def network_diagram(
    axes: Any,
    weights: Sequence[np.ndarray],
    node_labels: Sequence[Sequence[str]],
    *,
    link_labels: Sequence[Sequence[Sequence[str]]] | None = None,
    layer_names: Sequence[str] = (),
    spacing: float = 2.2,
) -> None:
    """Draw a layered network on ``axes``.

    ``weights[k]`` has shape (nodes in layer k+1, nodes in layer k); ``node_labels[k][i]``
    is written in node i of layer k; ``link_labels[k][j][i]`` (default: the weight to 3
    significant digits) beside the link from node i to node j.
    """
    sizes = [weights[0].shape[1], *(w.shape[0] for w in weights)]
    columns = [_positions(n) for n in sizes]
    largest = max(float(np.max(np.abs(w))) for w in weights) or 1.0
    placed: list[tuple[float, float]] = []
    for k, weight in enumerate(weights):
        x0, x1 = k * spacing, (k + 1) * spacing
        links = [
            (np.array([x0, columns[k][i]]), np.array([x1, columns[k + 1][j]]))
            for j in range(weight.shape[0])
            for i in range(weight.shape[1])
        ]
        for j in range(weight.shape[0]):
            for i in range(weight.shape[1]):
                y0, y1 = columns[k][i], columns[k + 1][j]
                width = 0.6 + 3.0 * abs(float(weight[j, i])) / largest
                axes.plot([x0, x1], [y0, y1], color=LINK_COLOUR, lw=width, alpha=0.55, zorder=1)
                text = (
                    link_labels[k][j][i]
                    if link_labels is not None
                    else f"{float(weight[j, i]):.3g}"
                )
                x, y = _free_spot((x0, y0), (x1, y1), links, placed)
                placed.append((x, y))
                axes.text(
                    x,
                    y,
                    text,
                    fontsize=7.5,
                    ha="center",
                    va="center",
                    zorder=3,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
                )
    for k, (heights, labels) in enumerate(zip(columns, node_labels, strict=True)):
        for y, label in zip(heights, labels, strict=True):
            axes.add_patch(_circle((k * spacing, y), NODE_RADIUS, NODE_COLOUR, "#2d4f7c"))
            axes.text(k * spacing, y, label, fontsize=7.5, ha="center", va="center", zorder=5)
    top = max(float(c.max()) for c in columns)
    for k, name in enumerate(layer_names):
        axes.text(
            k * spacing, top + 0.55, name, ha="center", va="bottom", fontsize=9, fontweight="bold"
        )
    axes.set_xlim(-0.5, (len(sizes) - 1) * spacing + 0.5)
    axes.set_ylim(-top - 0.5, top + 0.95)
    axes.set_aspect("equal")
    axes.axis("off")


def _segment_distance(point: np.ndarray, start: np.ndarray, end: np.ndarray) -> float:
    along = end - start
    t = np.clip(np.dot(point - start, along) / np.dot(along, along), 0.0, 1.0)
    return float(np.hypot(*(point - (start + t * along))))


def _free_spot(
    start: tuple[float, float],
    end: tuple[float, float],
    links: list[tuple[np.ndarray, np.ndarray]],
    placed: list[tuple[float, float]],
) -> tuple[float, float]:
    """The point of a link farthest from the other links and from the labels placed so far.

    A label on a crossing would be ambiguous, so crossings are avoided first.
    """
    a, b = np.array(start), np.array(end)
    others = [(p, q) for p, q in links if not (np.allclose(p, a) and np.allclose(q, b))]
    best, best_score = (float(a[0]), float(a[1])), -np.inf
    for t in np.linspace(0.2, 0.8, 25):
        point = a + t * (b - a)
        to_links = min((_segment_distance(point, p, q) for p, q in others), default=np.inf)
        # Labels are wide and short: horizontal distance to another label counts for less.
        to_labels = min(
            (float(np.hypot((point[0] - x) / 2.5, point[1] - y)) for x, y in placed),
            default=np.inf,
        )
        score = min(to_links, 0.8 * to_labels) - 0.02 * abs(t - 0.5)
        if score > best_score:
            best, best_score = (float(point[0]), float(point[1])), score
    return best


def _circle(centre: tuple[float, float], radius: float, face: str, edge: str) -> Any:
    from matplotlib.patches import Circle

    return Circle(centre, radius, facecolor=face, edgecolor=edge, lw=1.2, zorder=4)
