"""Lesson 6: gradient descent walks downhill, and can end in the wrong valley."""

from collections.abc import Callable

import numpy as np

from glassnet.engine.gradcheck import numerical_gradient
from glassnet.engine.layers import Parameter
from glassnet.engine.optimizers import SGD
from glassnet.lessons.core import Lesson, LessonInfo

INFO = LessonInfo(
    name="descent",
    document="Rashid deck",
    section="Gradient Descent; Gradient Descent, Local Minima",
    summary="downhill steps from random starts: some end in the wrong valley; restarts help",
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
    """The path of plain gradient descent, one engine ``SGD`` step at a time."""
    parameter = Parameter(np.array(start, dtype=np.float64), "position")
    optimizer = SGD(learning_rate)
    path = [parameter.value.copy()]
    for _ in range(steps):
        parameter.grad[...] = gradient(parameter.value)
        optimizer.step([parameter])
        path.append(parameter.value.copy())
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
    lesson.data[key] = {"paths": paths, "lowest": lowest, "in lowest": in_lowest}


def run(seed: int = 0, restarts: int = 8) -> Lesson:
    if restarts < 2:
        raise ValueError(f"restarts must be >= 2, got {restarts}")
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
    _runs(lesson, "curve", curve, curve_gradient, rng.uniform(-2.0, 2.0, (restarts, 1)), 0.02, 200)
    _runs(
        lesson,
        "surface",
        surface,
        surface_gradient,
        rng.uniform(-2.0, 2.0, (restarts, 2)),
        0.02,
        300,
    )
    lesson.add(
        "in-networks",
        "In a neural network",
        "The parameters are the link weights and the valley floor is the lowest error;\n"
        "different starting points are different random initial weights.",
    )
    return lesson
