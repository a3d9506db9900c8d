"""The lesson pages' pictures as data: networks and charts the page draws as SVG.

A figure is a JSON object the browser draws without computing anything: every number it
shows is already text here (4 significant digits, as the CLI prints), taken from the
lesson's steps and ``lesson.data``. Two kinds:

- ``network``: layers of nodes (each with lines of text) and links (a label, and the
  weight's size and sign for the line's width and dash);
- ``chart``: x and y ranges and series: ``line`` and ``path`` (polylines), ``points``
  (markers), ``ray`` (a line y = A·x through the origin), ``heat`` (a grid of heights).

``steps`` maps a lesson step's key to what that step reads and writes (ids of nodes,
links or series, highlighted in two styles) and, for networks, the labels it shows.
Series and link styles are numbers into one colour-blind-safe palette, and every value
also has its number or a marker shape, never colour alone.
"""

import base64
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from glassnet.lessons.core import format_number

Json = dict[str, Any]
STYLES = (0, 1, 2, 3, 4, 5, 7)  # palette numbers for a run of lines (6 is too pale)
WAITING = "…"  # a value a later step works out


def ids(prefix: str, count: int) -> list[str]:
    """``prefix1`` … ``prefixN``: the ids of a layer's nodes."""
    return [f"{prefix}{i}" for i in range(1, count + 1)]


def number(value: Any) -> str:
    """A number as the CLI prints it."""
    return format_number(float(value))


def finite(values: Any) -> list[Any]:
    """Floats for JSON, nested as given; NaN and infinities become None (a gap)."""
    array = np.asarray(values, dtype=np.float64)
    rounded = np.where(np.isfinite(array), np.round(array, 6), np.nan)
    return (
        [None if np.isnan(v) else float(v) for v in rounded.ravel()]
        if array.ndim <= 1
        else [finite(row) for row in rounded]
    )


def node(node_id: str, title: str, *lines: str, bias: bool = False) -> Json:
    return {"id": node_id, "title": title, "lines": list(lines), "bias": bias}


def numbered(prefix: str, title: str, values: Any, start: int = 1) -> list[Json]:
    """One node per value, ids ``prefix1``…, titled ``title 1``…, showing the number."""
    return [
        node(f"{prefix}{k}", f"{title} {k}", number(v))
        for k, v in enumerate(np.ravel(values), start)
    ]


def layer(name: str, nodes: Sequence[Json]) -> Json:
    return {"name": name, "nodes": list(nodes)}


def link(link_id: str, source: str, target: str, weight: float | None, label: str) -> Json:
    return {
        "id": link_id,
        "from": source,
        "to": target,
        "weight": None if weight is None or not np.isfinite(weight) else float(weight),
        "label": label,
    }


def dense_links(
    prefix: str, sources: Sequence[str], targets: Sequence[str], weight: Any, labels: Any = None
) -> list[Json]:
    """One link per weight: row j, column i links ``sources[i]`` to ``targets[j]`` (W·I)."""
    matrix = np.asarray(weight, dtype=np.float64)
    return [
        link(
            f"{prefix}{i + 1}{j + 1}",
            source,
            target,
            float(matrix[j, i]),
            number(matrix[j, i]) if labels is None else labels[j][i],
        )
        for j, target in enumerate(targets)
        for i, source in enumerate(sources)
    ]


def step(
    reads: Iterable[str] = (),
    writes: Iterable[str] = (),
    labels: dict[str, Any] | None = None,
    show: Iterable[str] | None = None,
) -> Json:
    """What one step of the lesson reads and writes in a figure, the labels it changes,
    and (charts) the series it shows besides those always shown."""
    spec: Json = {"reads": list(reads), "writes": list(writes), "labels": labels or {}}
    if show is not None:
        spec["show"] = list(show)
    return spec


def network(
    figure_id: str,
    title: str,
    layers: Sequence[Json],
    links: Sequence[Json],
    steps: dict[str, Json] | None = None,
    caption: str = "",
    *,
    wide: bool = False,
) -> Json:
    """A network drawing; ``wide`` ones take the page's whole width (many nodes)."""
    weights = [abs(one["weight"]) for one in links if one["weight"] is not None]
    return {
        "kind": "network",
        "wide": wide,
        "id": figure_id,
        "title": title,
        "caption": caption,
        "layers": list(layers),
        "links": list(links),
        "largest": max(weights, default=1.0) or 1.0,
        "steps": steps or {},
    }


def axis(label: str, low: float, high: float) -> Json:
    """An axis from ``low`` to ``high`` with about five round ticks, already printed."""
    from matplotlib.ticker import MaxNLocator

    if not high > low:
        high = low + 1.0
    values = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    ticks = [[float(v), number(v)] for v in values if low - 1e-9 <= v <= high + 1e-9]
    return {"label": label, "min": float(low), "max": float(high), "ticks": ticks}


def chart(
    figure_id: str,
    title: str,
    x: Json,
    y: Json,
    series: Sequence[Json],
    steps: dict[str, Json] | None = None,
    caption: str = "",
    *,
    initial: Sequence[str] | None = None,
    **extra: Any,
) -> Json:
    """A chart; a series listed in a step's ``show`` appears only in the steps that list
    it, and with no step chosen only when in ``initial`` (default: every series)."""
    return {
        "initial": None if initial is None else list(initial),
        "kind": "chart",
        "id": figure_id,
        "title": title,
        "caption": caption,
        "x": x,
        "y": y,
        "series": list(series),
        "steps": steps or {},
        **extra,
    }


def line(
    series_id: str,
    label: str,
    xs: Any,
    ys: Any,
    style: int,
    *,
    dash: bool = False,
    kind: str = "line",
) -> Json:
    """A polyline (``kind="path"`` for a descent path drawn step by step)."""
    return {
        "id": series_id,
        "type": kind,
        "label": label,
        "points": [list(p) for p in zip(finite(xs), finite(ys), strict=True)],
        "style": style,
        "dash": dash,
    }


def points(
    series_id: str, label: str, xy: Any, style: int, marker: str, names: Sequence[str] = ()
) -> Json:
    """Markers at ``xy`` (rows of x, y); ``names`` label each one on the chart."""
    return {
        "id": series_id,
        "type": "points",
        "label": label,
        "points": finite(np.asarray(xy, dtype=np.float64).reshape(-1, 2)),
        "style": style,
        "marker": marker,
        "names": list(names),
    }


def ray(series_id: str, label: str, slope: float, style: int, *, dash: bool = False) -> Json:
    """The dividing line y = slope·x through the origin."""
    return {
        "id": series_id,
        "type": "ray",
        "label": label,
        "slope": float(slope),
        "style": style,
        "dash": dash,
    }


def heat(series_id: str, label: str, heights: Any, low: float, high: float) -> Json:
    """A grid of heights (rows: y from low to high, columns: x) as bytes 0–255 over low…high."""
    grid = np.clip((np.asarray(heights, dtype=np.float64) - low) / (high - low), 0.0, 1.0)
    data = np.round(grid * 255).astype(np.uint8)
    return {
        "id": series_id,
        "type": "heat",
        "label": label,
        "rows": int(data.shape[0]),
        "columns": int(data.shape[1]),
        "data": base64.b64encode(data.tobytes()).decode("ascii"),
        "scale": [number(low), number((low + high) / 2), number(high)],
    }


def images(figure_id: str, title: str, items: Sequence[Json], caption: str = "") -> Json:
    return {
        "kind": "images",
        "id": figure_id,
        "title": title,
        "caption": caption,
        "items": list(items),
    }


def image(label: str, pixels: Any, low: float, high: float) -> Json:
    """A grey image (dark ink on white, as the deck shows digits), values low…high."""
    array = np.asarray(pixels, dtype=np.float64)
    grey = 255 - np.round(np.clip((array - low) / (high - low), 0.0, 1.0) * 255)
    return {
        "label": label,
        "rows": int(array.shape[0]),
        "columns": int(array.shape[1]),
        "data": base64.b64encode(grey.astype(np.uint8).tobytes()).decode("ascii"),
    }
