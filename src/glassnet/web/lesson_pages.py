"""A lesson as the web page shows it: its description, and a run's steps and figures.

The page computes nothing: ``result`` turns the ``Lesson`` the Python code returned into
JSON with every value already printed as the CLI prints it (``format_value``), the
figures of ``lesson_figures_*``, the notes, and ``text``, the CLI's whole output.
"""

import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

from glassnet.lessons import LESSONS, Lesson
from glassnet.lessons.core import Table, Value, format_number, format_value
from glassnet.web import (
    lesson_figures_backward,
    lesson_figures_bias,
    lesson_figures_data,
    lesson_figures_forward,
    lesson_figures_lines,
)
from glassnet.web.figure_specs import Json

FIGURES: dict[str, Callable[[Lesson], list[Json]]] = {
    "bugs": lesson_figures_lines.bugs,
    "iris": lesson_figures_lines.iris,
    "signals": lesson_figures_forward.signals,
    "matrix": lesson_figures_forward.matrix,
    "backprop": lesson_figures_backward.backprop,
    "descent": lesson_figures_lines.descent,
    "update": lesson_figures_backward.update,
    "mnist": lesson_figures_data.mnist,
    "students": lesson_figures_bias.students,
    "neuron": lesson_figures_bias.neuron,
    "gestures": lesson_figures_data.gestures,
}
# The lessons that train on a data set: run in the background, with progress and Stop.
BACKGROUND = ("mnist", "students", "gestures")
SEE_ALSO = {
    "mnist": [
        {"label": "Draw a digit for the book's network", "tab": "draw"},
        {"label": "Look inside it: its weights and backqueries", "tab": "inside"},
    ]
}


def lesson_module(name: str) -> ModuleType:
    return LESSONS[name]


def index() -> list[Json]:
    """The list of lessons, in the order a reader meets them."""
    return [
        {
            "name": name,
            "number": number,
            "document": module.INFO.document,
            "section": module.INFO.section,
            "summary": module.INFO.summary,
            "background": name in BACKGROUND,
        }
        for number, (name, module) in enumerate(LESSONS.items(), 1)
    ]


def describe(name: str, data_dir: str | os.PathLike[str] | None) -> Json:
    """What the page needs before running: the lesson, its inputs, and its data's state."""
    module = lesson_module(name)
    entry = next(one for one in index() if one["name"] == name)
    note = module.data_note(data_dir) if hasattr(module, "data_note") else ""
    return {
        **entry,
        "inputs": module.INPUTS.describe(),
        "data_note": note,
        # mnist falls back to the bundled digits; students and gestures cannot run without data
        "data_missing": bool(note) and name != "mnist",
        "see_also": SEE_ALSO.get(name, []),
    }


def result(lesson: Lesson, advice: dict[str, str]) -> Json:
    """A finished lesson as JSON: steps with printed values, notes, figures and the text."""
    return {
        "name": lesson.info.name,
        "text": lesson.text(),
        "steps": [
            {
                "key": step.key,
                "title": step.title,
                "text": step.text,
                "note": step.note,
                "values": [_value(name, value) for name, value in step.values.items()],
            }
            for step in lesson.steps
        ],
        "notes": list(lesson.notes),
        "advice": advice,
        "figures": FIGURES[lesson.info.name](lesson),
    }


def _value(name: str, value: Value) -> dict[str, Any]:
    if isinstance(value, Table):
        return {
            "name": name,
            "text": format_value(value),
            "table": {
                "row_label": value.row_label,
                "rows": list(value.rows),
                "columns": list(value.columns),
                "cells": [[format_number(v) for v in row] for row in value.values],
            },
        }
    return {"name": name, "text": format_value(value)}
