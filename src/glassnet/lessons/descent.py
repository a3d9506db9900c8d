"""Lesson 6: gradient descent walks downhill, and can end in the wrong valley."""

import textwrap
from collections.abc import Callable

import numpy as np

from glassnet.engine.gradcheck import numerical_gradient
from glassnet.engine.layers import Parameter
from glassnet.engine.optimizers import SGD
from glassnet.lessons.core import Lesson, LessonInfo, given
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="descent",
    document="Rashid deck",
    section="Gradient Descent; Gradient Descent, Local Minima",
    summary="downhill steps from random starts: some end in the wrong valley; restarts help",
)

LEARNING_RATE = 0.02
CURVE_STEPS = 200
SURFACE_STEPS = 300
RESTARTS = 8
EDGE = 10.0  # a run that leaves |x| ≤ 10 has overshot: its steps grow, so it is stopped
DOMAIN = 2.0  # random starts, the fine grid and the pictures cover [−2, 2]

INPUTS = Inputs(
    Input("seed", "seed", 0, 0, 99_999, step=1, whole=True, help="picks the random starts"),
    Input("restarts", "random starts", RESTARTS, 2, 50, step=1, whole=True),
    Input(
        "learning_rate",
        "step size α",
        LEARNING_RATE,
        0.0,
        0.5,
        step=0.005,
        open_low=True,
        advice=(0.0, 0.05),
        advice_text="on these hills steps above 0.05 can overshoot the valleys and leave",
    ),
    Input("curve_steps", "steps on the curve", CURVE_STEPS, 1, 2000, step=10, whole=True),
    Input("surface_steps", "steps on the surface", SURFACE_STEPS, 1, 2000, step=10, whole=True),
    Input(
        "start",
        "your start on the surface",
        None,
        -DOMAIN,
        DOMAIN,
        names=("x", "y"),
        optional=True,
        size=(2,),
        help="click the surface to drop a starting point",
    ),
)

Function = Callable[[np.ndarray], np.ndarray]  # heights of points given as rows
Gradient = Callable[[np.ndarray], np.ndarray]


def curve(points: np.ndarray) -> np.ndarray:
    """f(x) = x⁴ − 3x² + x at each row (x): a deep valley near −1.30, a shallower one near 1.13."""
    x = points[..., 0]
    result: np.ndarray = x**4 - 3.0 * x**2 + x
    return result


def curve_gradient(points: np.ndarray) -> np.ndarray:
    return 4.0 * points**3 - 6.0 * points + 1.0


def surface(points: np.ndarray) -> np.ndarray:
    """f(x, y) = (x² − 1)² + (y² − 1)² + 0.3x + 0.2y at each row (x, y): four valleys,
    the lowest near (−1, −1)."""
    x, y = points[..., 0], points[..., 1]
    result: np.ndarray = (x**2 - 1.0) ** 2 + (y**2 - 1.0) ** 2 + 0.3 * x + 0.2 * y
    return result


def surface_gradient(points: np.ndarray) -> np.ndarray:
    x, y = points[..., 0], points[..., 1]
    return np.stack([4.0 * x * (x**2 - 1.0) + 0.3, 4.0 * y * (y**2 - 1.0) + 0.2], axis=-1)


def descend(gradient: Gradient, start: np.ndarray, learning_rate: float, steps: int) -> np.ndarray:
    """The path of plain gradient descent, one engine ``SGD`` step at a time.

    A run whose position leaves ±10 has overshot (its steps grow each time): it stops
    there rather than overflow, and its path is shorter than ``steps``.
    """
    parameter = Parameter(np.array(start, dtype=np.float64), "position")
    optimizer = SGD(learning_rate)
    path = [parameter.value.copy()]
    for _ in range(steps):
        parameter.grad[...] = gradient(parameter.value)
        optimizer.step([parameter])
        path.append(parameter.value.copy())
        if np.max(np.abs(parameter.value)) > EDGE:
            break
    return np.array(path)


def lowest_point(function: Function, gradient: Gradient, dims: int) -> np.ndarray:
    """The true lowest valley in [−2, 2]^dims: the best point of a fine grid, polished."""
    axis = np.linspace(-2.0, 2.0, 401)
    grid = np.stack(np.meshgrid(*([axis] * dims), indexing="ij"), axis=-1).reshape(-1, dims)
    polished: np.ndarray = descend(gradient, grid[np.argmin(function(grid))], 0.01, 2000)[-1]
    return polished


def gradient_error(function: Function, gradient: Gradient, point: np.ndarray) -> float:
    """Largest difference between the formula's gradient and central differences."""
    position = point.astype(np.float64)  # numerical_gradient nudges this array in place
    numeric = numerical_gradient(lambda: float(function(position)), position)
    return float(np.max(np.abs(gradient(point) - numeric)))


def _runs(
    lesson: Lesson,
    key: str,
    function: Function,
    gradient: Gradient,
    starts: np.ndarray,
    learning_rate: float,
    steps: int,
) -> None:
    dims = starts.shape[1]
    paths = [descend(gradient, start, learning_rate, steps) for start in starts]
    ends = np.array([path[-1] for path in paths])
    heights = function(ends)
    lowest = lowest_point(function, gradient, dims)
    in_lowest = np.all(np.abs(ends - lowest) < 1e-3, axis=1)
    best = int(np.argmin(heights))
    checks = [gradient_error(function, gradient, start) for start in starts]
    name = "x" if dims == 1 else "(x, y)"
    lesson.add(
        key,
        f"{'One' if dims == 1 else 'Two'} parameter{'s' if dims > 1 else ''}: "
        f"{len(starts)} random starts",
        f"{steps} steps of size {learning_rate:g} from each random start {name}: where each\n"
        "run ends, how low it got, and whether that is the lowest valley.",
        {
            "starts": starts[:, 0] if dims == 1 else starts,
            "ends": ends[:, 0] if dims == 1 else ends,
            "f(end)": heights,
            "runs in the lowest valley": int(np.sum(in_lowest)),
            "runs stuck in a wrong valley": int(np.sum(~in_lowest)),
            "best of the restarts": ends[best, 0] if dims == 1 else ends[best],
            "f(best)": float(heights[best]),
            "lowest valley (fine grid)": lowest[0] if dims == 1 else lowest,
            "largest gradient error vs numerical": max(checks),
        },
    )
    _overshoot_note(lesson, paths, steps, learning_rate, "curve" if dims == 1 else "surface")
    axis = np.linspace(-DOMAIN, DOMAIN, 81 if dims == 2 else 201)
    grid = np.stack(np.meshgrid(axis, axis, indexing="xy"), axis=-1) if dims == 2 else axis[:, None]
    lesson.data[key] = {
        "paths": paths,
        "path heights": [function(path) for path in paths],
        "lowest": lowest,
        "lowest height": float(function(lowest[np.newaxis, :])[0]),
        "in lowest": in_lowest,
        "best": best,
        "axis": axis,
        "heights": function(grid),  # rows are y, columns x on the surface
    }


def _overshoot_note(
    lesson: Lesson, paths: list[np.ndarray], steps: int, learning_rate: float, where: str
) -> None:
    left = [number for number, path in enumerate(paths, 1) if len(path) <= steps]
    if left:
        lesson.notes.append(
            f"on the {where}, {len(left)} run(s) left the picture (|x| > {EDGE:g}) and were "
            f"stopped: with steps of size {learning_rate:g} each step overshoots the valley "
            "further than the last; a smaller step size walks down instead"
        )


def _your_start(lesson: Lesson, start: np.ndarray, learning_rate: float, steps: int) -> None:
    """The learner's own start on the surface, beside the random restarts."""
    path = descend(surface_gradient, start, learning_rate, steps)
    end = path[-1]
    lowest = lesson.data["surface"]["lowest"]
    found = bool(np.all(np.abs(end - lowest) < 1e-3))
    restarts = lesson.step("surface")["runs in the lowest valley"]
    lesson.add(
        "your-start",
        "Your starting point",
        textwrap.fill(
            f"From ({given(start[0])}, {given(start[1])}), {steps} steps of size "
            f"{learning_rate:g}. "
            + (
                "It found the lowest valley."
                if found
                else f"It stopped in another valley; {restarts} of the random restarts found "
                "the lowest one, which is why the deck starts several times."
            ),
            width=82,
        ),
        {
            "start (x, y)": start,
            "end (x, y)": end,
            "f(end)": float(surface(end)),
            "steps taken": len(path) - 1,
            "in the lowest valley": found,
            "lowest valley f": float(surface(lowest)),
        },
    )
    _overshoot_note(lesson, [path], steps, learning_rate, "surface, your run")
    lesson.data["your start"] = {"path": path, "in lowest": found}


def run(
    seed: int = 0,
    restarts: int = RESTARTS,
    *,
    learning_rate: float = LEARNING_RATE,
    curve_steps: int = CURVE_STEPS,
    surface_steps: int = SURFACE_STEPS,
    start: tuple[float, float] | None = None,
) -> Lesson:
    """Descent from random starts (and from ``start`` when given); inputs: ``INPUTS``."""
    seed = INPUTS["seed"].check(seed)
    restarts = INPUTS["restarts"].check(restarts)
    rate = INPUTS["learning_rate"].check(learning_rate)
    curve_steps = INPUTS["curve_steps"].check(curve_steps)
    surface_steps = INPUTS["surface_steps"].check(surface_steps)
    chosen = INPUTS["start"].check(start)
    rng = np.random.default_rng(seed)
    lesson = Lesson(INFO)
    lesson.add(
        "idea",
        "Walking downhill",
        "Gradient descent steps against the slope: x_new = x − α·f′(x). It finds the\n"
        "bottom of whatever valley it starts in, which need not be the lowest one. The\n"
        "cure the deck gives: start several times from random points and keep the best.",
        {"seed": seed, "restarts": restarts},
    )
    curve_starts = rng.uniform(-DOMAIN, DOMAIN, (restarts, 1))
    _runs(lesson, "curve", curve, curve_gradient, curve_starts, rate, curve_steps)
    surface_starts = rng.uniform(-DOMAIN, DOMAIN, (restarts, 2))
    _runs(lesson, "surface", surface, surface_gradient, surface_starts, rate, surface_steps)
    if chosen is not None:
        _your_start(lesson, chosen, rate, surface_steps)
    lesson.add(
        "in-networks",
        "In a neural network",
        "The parameters are the link weights and the valley floor is the lowest error;\n"
        "different starting points are different random initial weights.",
    )
    return lesson
