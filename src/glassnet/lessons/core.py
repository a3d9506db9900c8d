"""What a lesson returns: its steps as data (named values), ready to print or to test.

A ``Lesson`` is a list of ``Step``s. Each step has a short key (``"ladybird"``), a title,
a sentence or two of text, and named values (numbers, arrays or words) in the order they
are worked out. ``notes`` hold one-line remarks: where a document slips and what the
lesson computes instead, or which data it fell back to. ``data`` holds what the figures
need (curves, paths, images) and is never printed.
"""

import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glassnet.engine.layers import Dense


@dataclass(frozen=True)
class Table:
    """A matrix printed with labelled rows and columns, like the deck's output table."""

    row_label: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        if np.shape(self.values) != (len(self.rows), len(self.columns)):
            raise ValueError(f"table values {np.shape(self.values)} do not fit its labels")

    def text(self) -> list[str]:
        cells = [[self.row_label, *self.columns]]
        cells += [
            [row, *(format_number(v) for v in values)]
            for row, values in zip(self.rows, self.values, strict=True)
        ]
        widths = [max(len(line[i]) for line in cells) for i in range(len(cells[0]))]
        return [
            "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
            for line in cells
        ]


Value = float | int | str | bool | np.ndarray | tuple[float, ...] | list[str] | Table


@dataclass(frozen=True)
class LessonInfo:
    """What ``glassnet lesson`` lists: the lesson's name, its document and section, one line."""

    name: str
    document: str
    section: str
    summary: str


@dataclass
class Step:
    """One worked step: ``values`` maps a printed name (``"E"``, ``"ΔA"``) to its value."""

    key: str
    title: str
    text: str
    values: dict[str, Value] = field(default_factory=dict)
    note: str = ""

    def __getitem__(self, name: str) -> Value:
        try:
            return self.values[name]
        except KeyError:
            known = ", ".join(self.values)
            raise KeyError(f"step {self.key!r} has no value {name!r} (it has: {known})") from None

    def number(self, name: str) -> float:
        """A value that is a single number, as a float."""
        return float(np.asarray(self[name], dtype=np.float64))

    def array(self, name: str) -> np.ndarray:
        """A value (a table's values included) as a float array."""
        value = self[name]
        return np.asarray(value.values if isinstance(value, Table) else value, dtype=np.float64)


@dataclass
class Lesson:
    """A worked example: its ``info``, the steps in order, notes, and the figures' data."""

    info: LessonInfo
    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def add(
        self,
        key: str,
        title: str,
        text: str,
        values: Mapping[str, Value] | None = None,
        note: str = "",
    ) -> Step:
        """Append a step (keys are unique within a lesson) and return it."""
        if any(step.key == key for step in self.steps):
            raise ValueError(f"lesson {self.info.name!r} already has a step {key!r}")
        step = Step(key, title, text, dict(values or {}), note)
        self.steps.append(step)
        return step

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        known = ", ".join(s.key for s in self.steps)
        raise KeyError(f"lesson {self.info.name!r} has no step {key!r} (it has: {known})")

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def text(self) -> str:
        """The lesson as the CLI prints it: numbers to 4 significant digits."""
        info = self.info
        lines = [f"{info.name}: {info.summary}", f"({info.document}, {info.section})"]
        for number, step in enumerate(self.steps, 1):
            lines += ["", f"{number}. {step.title}", *_indent(step.text, "   ")]
            width = max(
                (len(n) for n, v in step.values.items() if not isinstance(v, Table)), default=0
            )
            for name, value in step.values.items():
                if isinstance(value, Table):
                    lines += [f"   {name}:", *_indent("\n".join(value.text()), "     ")]
                else:
                    lines += _value_lines(name.ljust(width), value)
            if step.note:
                lines += _wrap(f"note: {step.note}", "   ")
        if self.notes:
            lines.append("")
            for note in self.notes:
                lines += _wrap(f"note: {note}", "")
        return "\n".join(lines)


def format_number(value: float) -> str:
    """4 significant digits, without exponents for everyday sizes (1.604, 0.0265, 35, 12,346)."""
    number = float(value)
    if number == 0 or not np.isfinite(number):
        return f"{number:g}"
    if 1e4 <= abs(number) < 1e12 and number == round(number):
        return f"{number:,.0f}"
    if 1e4 <= abs(number) < 1e12:
        return f"{number:,.1f}"
    return f"{number:.4g}"


def given(value: float) -> str:
    """A number the learner gave, written as the documents write it: 0.25, 3.0, 1e-05."""
    text = f"{float(value):.6g}"
    return text if any(mark in text for mark in ".en") else f"{text}.0"


SATURATION = 5.0  # beyond ±5 the sigmoid's slope S(1 − S) is under 3% of its 0.25 at 0


def saturation_notes(sums: Any, names: Any) -> list[str]:
    """A note for each sigmoid input (a node's sum) beyond ±5, where the curve is nearly
    flat; ``names`` names the nodes, one per sum."""
    notes = []
    for name, x in zip(names, np.ravel(np.asarray(sums, dtype=np.float64)), strict=True):
        if abs(x) > SATURATION:
            output = 1.0 / (1.0 + np.exp(-x))
            notes.append(
                f"{name}'s sum x = {format_number(x)} is beyond ±{SATURATION:g}, where the "
                f"sigmoid is nearly flat (slope S(1 − S) = {output * (1 - output):.2g}, against "
                f"0.25 at x = 0): its output is stuck near {round(output)} and learns slowly "
                "(saturation)"
            )
    return notes


def format_value(value: Value) -> str:
    """One value as text: numbers to 4 significant digits, vectors in brackets."""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, Table):
        return "\n".join(value.text())
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    array = np.asarray(value)
    if array.ndim == 0:
        return format_number(float(array))
    if array.ndim == 1:
        return "[" + ", ".join(format_number(x) for x in array) + "]"
    return "\n".join(format_value(row) for row in array)


def _value_lines(name: str, value: Value) -> list[str]:
    text = format_value(value).split("\n")
    first = f"   {name} = {text[0]}"
    pad = " " * (len(first) - len(text[0]))
    return [first, *(pad + row for row in text[1:])]


def _wrap(note: str, prefix: str) -> list[str]:
    """A note as lines of at most 90 characters, continued under its first word."""
    return textwrap.wrap(note, width=90, initial_indent=prefix, subsequent_indent=prefix + "      ")


def _indent(text: str, prefix: str) -> list[str]:
    return [prefix + line for line in text.split("\n")] if text else []


def dense_with(weight: Any, bias: Any = None) -> Dense:
    """An engine ``Dense`` layer holding the document's weights (rows = receiving node)."""
    matrix = np.array(weight, dtype=np.float64, ndmin=2)
    layer = Dense(matrix.shape[1], matrix.shape[0], bias=bias is not None)
    layer.weight.value[...] = matrix
    if layer.bias is not None:
        layer.bias.value[...] = np.asarray(bias, dtype=np.float64)
    return layer
