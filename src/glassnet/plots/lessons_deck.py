"""Figures for the deck's small worked examples: bugs, signals, matrix, backprop, descent, update."""

from pathlib import Path

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.plots.diagrams import network_diagram
from glassnet.plots.style import new_figure, save_figure

BUG_COLOURS = {"ladybird": "#c0392b", "caterpillar": "#27ae60"}


def bugs(lesson: Lesson, folder: Path) -> list[Path]:
    """The dividing line after each update, without and with moderation."""
    data = lesson.data
    figure, panels = new_figure(11.0, 5.4, ncols=2, sharey=True)
    x = np.linspace(0.0, 4.0, 50)
    for axes, key, title in (
        (panels[0], "slopes without moderation", "Without moderation: fits the last bug"),
        (panels[1], "slopes with moderation", f"Learning rate L = {data['learning rate']:g}"),
    ):
        for width, length, bug in data["bugs"]:
            axes.scatter(width, length, s=160, color=BUG_COLOURS[bug], label=bug, zorder=4)
        targets = np.array(data["targets"])
        axes.scatter(
            targets[:, 0], targets[:, 1], marker="x", s=60, color="black", label="targets", zorder=5
        )
        styles = ((":", "#7f8c8d"), ("--", "#e67e22"), ("-", "#2c3e50"))
        for step, (slope, (style, colour)) in enumerate(zip(data[key], styles, strict=True)):
            name = ("start", "after the ladybird", "after the caterpillar")[step]
            axes.plot(x, slope * x, style, color=colour, lw=2, label=f"{name}: A = {slope:.4g}")
        axes.set(xlim=(0, 4), ylim=(0, 4), xlabel="width", title=title)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8)
    panels[0].set_ylabel("length")
    figure.suptitle("The dividing line y = A·x after each update")
    path = folder / "bugs.png"
    save_figure(figure, path)
    return [path]


def signals(lesson: Lesson, folder: Path) -> list[Path]:
    """The sigmoid, with the two nodes of the small network marked."""
    from scipy.special import expit

    figure, axes = new_figure(7.0, 4.2)
    x = np.linspace(-8.0, 8.0, 400)
    axes.plot(x, expit(x), lw=2, label="$y = 1/(1 + e^{-x})$")
    axes.plot(x, (x > 0).astype(float), ":", color="grey", label="a hard threshold")
    for (sum_, output), name in zip(
        lesson.data["points"], ("first node", "second node"), strict=True
    ):
        axes.scatter([sum_], [output], zorder=5, s=50)
        axes.annotate(
            f"{name}: x = {sum_:.4g}, y = {output:.4g}",
            (sum_, output),
            xytext=(12, -18),
            textcoords="offset points",
            fontsize=9,
        )
    axes.set(xlabel="combined input x", ylabel="output y", title="The sigmoid: a smooth threshold")
    axes.legend(loc="upper left")
    path = folder / "sigmoid.png"
    save_figure(figure, path)
    return [path]


def matrix(lesson: Lesson, folder: Path) -> list[Path]:
    """The three-layer example with its weights, sums X and outputs O."""
    data = lesson.data
    inputs, hidden, output = data["nodes"]
    _, hidden_sums, output_sums = data["sums"]
    labels = [
        [f"{v:.2g}" for v in inputs],
        [f"X {x:.3g}\nO {o:.3g}" for x, o in zip(hidden_sums, hidden, strict=True)],
        [f"X {x:.3g}\nO {o:.3g}" for x, o in zip(output_sums, output, strict=True)],
    ]
    figure, axes = new_figure(8.0, 5.2)
    network_diagram(
        axes, data["layers"], labels, layer_names=("input", "hidden", "output"), spacing=3.0
    )
    axes.set_title("Three layers: X = W·I, O = sigmoid(X)")
    path = folder / "matrix_network.png"
    save_figure(figure, path)
    return [path]


def backprop(lesson: Lesson, folder: Path) -> list[Path]:
    """The errors at every node, split by weight (left) and by Wᵀ·e (right)."""
    figure, panels = new_figure(11.0, 3.0, ncols=2)
    for axes, key, title in (
        (panels[0], "errors split", "Split in proportion to the weights"),
        (panels[1], "errors simplified", "Simplified: e = Wᵀ·e"),
    ):
        labels = [[f"{e:.4g}" for e in errors] for errors in lesson.data[key]]
        names = ("input errors", "hidden errors", "output errors")
        network_diagram(axes, lesson.data["layers"], labels, layer_names=names, spacing=3.0)
        axes.set_title(title)
    figure.suptitle("Errors flowing back over the links (labels and widths: the weights)")
    path = folder / "backprop_errors.png"
    save_figure(figure, path)
    return [path]


def descent(lesson: Lesson, folder: Path) -> list[Path]:
    """Paths of gradient descent on the curve and on the surface."""
    from glassnet.lessons.descent import curve, surface

    curve_data, surface_data = lesson.data["curve"], lesson.data["surface"]
    figure, axes = new_figure(7.5, 4.5)
    x = np.linspace(-2.0, 2.0, 400)
    axes.plot(x, curve(x[:, None]), color="black", lw=1.5, label="f(x) = x⁴ − 3x² + x")
    for path, good in zip(curve_data["paths"], curve_data["in lowest"], strict=True):
        colour = "#27ae60" if good else "#c0392b"
        axes.plot(path[:, 0], curve(path), ".-", color=colour, ms=3, lw=0.8, alpha=0.8)
        axes.scatter(
            path[0, 0],
            curve(path[:1])[0],
            marker="o",
            facecolor="white",
            edgecolor=colour,
            zorder=5,
        )
    axes.plot([], [], ".-", color="#27ae60", label="ends in the lowest valley")
    axes.plot([], [], ".-", color="#c0392b", label="stuck in the other valley")
    axes.scatter([], [], marker="o", facecolor="white", edgecolor="grey", label="random start")
    axes.set(xlabel="x", ylabel="f(x)", title="Gradient descent from random starts, one parameter")
    axes.legend(loc="upper center", fontsize=8)
    first = folder / "descent_curve.png"
    save_figure(figure, first)

    figure, axes = new_figure(6.5, 5.5)
    grid = np.linspace(-2.0, 2.0, 200)
    xx, yy = np.meshgrid(grid, grid)
    heights = surface(np.stack([xx, yy], axis=-1))
    # Levels up to 4 only: the corners climb to 19 and would wash out the four valleys.
    levels = np.linspace(float(heights.min()), 4.0, 25)
    contours = axes.contourf(xx, yy, heights, levels=levels, cmap="viridis", extend="max")
    figure.colorbar(contours, ax=axes, label="f(x, y)", ticks=[-0.5, 0, 1, 2, 3, 4])
    for path, good in zip(surface_data["paths"], surface_data["in lowest"], strict=True):
        colour = "#2ecc71" if good else "#ff6b5b"
        axes.plot(path[:, 0], path[:, 1], ".-", color=colour, ms=3, lw=1.2)
        axes.scatter(
            path[0, 0], path[0, 1], marker="o", facecolor="white", edgecolor=colour, zorder=5
        )
    lowest = surface_data["lowest"]
    axes.scatter(
        lowest[0],
        lowest[1],
        marker="*",
        s=250,
        color="gold",
        edgecolor="black",
        zorder=6,
        label="lowest valley",
    )
    axes.plot([], [], ".-", color="#2ecc71", label="ends in the lowest valley")
    axes.plot([], [], ".-", color="#ff6b5b", label="stuck in another valley")
    axes.set(xlabel="x", ylabel="y", title="Two parameters: four valleys")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8)
    axes.grid(False)
    second = folder / "descent_surface.png"
    save_figure(figure, second)
    return [first, second]


def update(lesson: Lesson, folder: Path) -> list[Path]:
    """The error as a function of w1,1 with its slope there, and the layer's new weights."""
    data = lesson.data
    weight, new_weight, outputs = data["weight"], data["new weight"], data["outputs"]
    errors, slope, (w, error) = data["errors"], data["slope"], data["error curve"]
    w11 = weight[0, 0]
    figure, (left, right) = new_figure(12.0, 4.6, ncols=2)
    left.plot(w, error, lw=2, label="E = ½(t − o)² as w1,1 varies")
    e0 = 0.5 * errors[0] ** 2
    left.plot(w, e0 + slope * (w - w11), "--", label=f"slope at w1,1 = {w11:g}: {slope:.4g}")
    left.scatter([w11], [e0], zorder=5, color="black")
    ahead = w11 + (2.5 if slope <= 0 else -2.5)
    left.annotate(
        "",
        (ahead, e0 + slope * (ahead - w11)),
        xytext=(w11, e0),
        arrowprops={"arrowstyle": "->", "lw": 1.5},
    )
    left.text(
        ahead,
        e0 + 0.06,
        f"dE/dw {'<' if slope <= 0 else '>'} 0, so w − α·dE/dw\nmoves w {'up' if slope <= 0 else 'down'}, downhill",
        fontsize=9,
        ha="center",
    )
    left.set(xlabel="w1,1", ylabel="error E", title="The error's slope for one weight")
    left.legend(loc="upper right", fontsize=8)
    labels = [
        [
            [f"{old:.3g} → {new:.6g}" for old, new in zip(row_old, row_new, strict=True)]
            for row_old, row_new in zip(weight, new_weight, strict=True)
        ]
    ]
    network_diagram(
        right,
        [weight],
        [[f"o {v:.2g}" for v in outputs], [f"e {e:.2g}" for e in errors]],
        link_labels=labels,
        layer_names=("hidden", "output"),
        spacing=3.2,
    )
    right.set_title(f"One update of the whole layer (α = {data['learning rate']:g})")
    path = folder / "update.png"
    save_figure(figure, path)
    return [path]
