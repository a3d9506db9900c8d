"""The lessons' figures: ``draw(lesson, directory)`` writes them and returns their paths.

Each lesson has one function here that takes its ``Lesson`` (the figures use
``lesson.data`` and the steps' values, never a second computation) and a folder, and
returns the files it wrote: PNG images, and a GIF for the iris animation.
"""

import os
from collections.abc import Callable
from pathlib import Path

from glassnet.lessons.core import Lesson
from glassnet.plots.lessons_data import gestures, mnist, neuron, students
from glassnet.plots.lessons_deck import backprop, bugs, descent, matrix, signals, update
from glassnet.plots.lessons_iris import iris

Drawer = Callable[[Lesson, Path], list[Path]]

FIGURES: dict[str, Drawer] = {
    "bugs": bugs,
    "iris": iris,
    "signals": signals,
    "matrix": matrix,
    "backprop": backprop,
    "descent": descent,
    "update": update,
    "mnist": mnist,
    "students": students,
    "neuron": neuron,
    "gestures": gestures,
}


def draw(lesson: Lesson, directory: str | os.PathLike[str]) -> list[Path]:
    """Write ``lesson``'s figures into ``directory`` (created if needed); their paths."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder} is a file, not a folder for the figures")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        drawer = FIGURES[lesson.info.name]
    except KeyError:
        raise ValueError(f"no figures for lesson {lesson.info.name!r}") from None
    return drawer(lesson, folder)
