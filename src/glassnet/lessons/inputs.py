"""What a learner may change in a lesson: each keyword of its ``run()``, described once.

A lesson module's ``INPUTS`` lists its worked example's inputs (weights, inputs, targets,
learning rate, epochs, starting point…) with the documents' values as defaults and the
values it accepts. The one description has three users: ``run()`` checks its keywords
with it, ``glassnet lesson NAME --set key=value`` parses text with it, and the web page
draws its fields and sliders from it. A vector or matrix input is edited element by
element: its fields are keyed ``name.i`` or ``name.row.column`` (counted from 1, rows as
the lesson's array holds them), each labelled with the document's own name (``w2,1``).
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from glassnet.errors import GlassnetError

Number = float | int
Default = Number | tuple[Number, ...] | tuple[tuple[Number, ...], ...] | None


class InputError(GlassnetError):
    """A value a lesson refuses: ``key`` names the field, ``problem`` says what is wrong."""

    def __init__(self, key: str, label: str, problem: str) -> None:
        super().__init__(f"{key} ({label}): {problem}")
        self.key = key
        self.problem = problem


@dataclass(frozen=True)
class Field:
    """One number of an input: its key, the document's name for it, where it sits."""

    key: str
    label: str
    index: tuple[int, ...]
    default: Number | None


@dataclass(frozen=True)
class Input:
    """One keyword of a lesson's ``run()``: a number, or a vector or matrix of numbers.

    Every element must lie in ``low``…``high`` (above ``low`` when ``open_low``) and be
    whole when ``whole``. ``advice`` is the range the documents recommend: a value outside
    it is allowed but earns ``advice_text`` beside its field (the sigmoid's useful range).
    ``optional`` inputs default to None (the lesson decides) and are only set when given.
    """

    name: str
    label: str
    default: Default
    low: float
    high: float
    step: float = 0.1
    whole: bool = False
    open_low: bool = False
    names: tuple[str, ...] = ()
    unit: str = ""
    help: str = ""
    advice: tuple[float, float] | None = None
    advice_text: str = ""
    optional: bool = False
    size: tuple[int, ...] = ()  # the shape of an optional input (its default is None)
    fields: tuple[Field, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        shape = self.shape
        positions = list(np.ndindex(*shape)) if shape else [()]
        names = self.names or tuple(self.label for _ in positions)
        if len(names) != len(positions):
            raise ValueError(f"input {self.name}: {len(names)} names for {len(positions)} values")
        if self.default is None:
            defaults: Any = [None] * len(positions)
        else:
            defaults = np.ravel(np.asarray(self.default, dtype=object)) if shape else [self.default]
        fields = tuple(
            Field(
                ".".join([self.name, *(str(i + 1) for i in index)]),
                name,
                index,
                None if value is None else _plain(value),
            )
            for index, name, value in zip(positions, names, defaults, strict=True)
        )
        object.__setattr__(self, "fields", fields)

    @property
    def shape(self) -> tuple[int, ...]:
        return np.shape(self.default) if self.default is not None else self.size

    def allowed(self) -> str:
        kind = "a whole number" if self.whole else "a number"
        if self.open_low:
            return f"{kind} above {_text(self.low)}, up to {_text(self.high)}{self.unit}"
        return f"{kind} from {_text(self.low)} to {_text(self.high)}{self.unit}"

    def check_value(self, value: object, key: str, label: str) -> Number:
        """One element as a float (an int when whole), or an ``InputError`` saying why not."""
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise InputError(key, label, f"{value!r} is not a number; allowed: {self.allowed()}")
        number = float(value)
        if np.isnan(number):
            raise InputError(
                key, label, f"NaN is not a number to compute with; allowed: {self.allowed()}"
            )
        too_low = number <= self.low if self.open_low else number < self.low
        if not np.isfinite(number) or too_low or number > self.high:
            raise InputError(
                key, label, f"{_text(number)} is outside the range; allowed: {self.allowed()}"
            )
        if self.whole:
            if number != round(number):
                raise InputError(
                    key, label, f"{_text(number)} is not whole; allowed: {self.allowed()}"
                )
            return int(number)
        return number

    def parse(self, text: str, key: str, label: str) -> float:
        """A number typed by a person ("0.5", "−1", "1e-3"), or an ``InputError`` quoting it."""
        cleaned = text.strip().replace("\u2212", "-")  # the minus sign people paste
        if not cleaned:
            raise InputError(key, label, f"is empty; type {self.allowed()}")
        try:
            return float(cleaned)
        except ValueError:
            raise InputError(
                key, label, f"{text.strip()!r} is not a number; allowed: {self.allowed()}"
            ) from None

    def check(self, value: Any) -> Any:
        """``value`` checked element by element: a float or int, or a float array of ``shape``."""
        if value is None and self.optional:
            return None
        if not self.shape:
            return self.check_value(value, self.name, self.label)
        try:
            array = np.asarray(value, dtype=object)
        except ValueError:  # ragged nesting
            array = np.asarray(None, dtype=object)
        if array.shape != self.shape:
            raise InputError(
                self.name, self.label, f"needs shape {self.shape}, got {np.shape(value)}"
            )
        checked = [self.check_value(array[f.index], f.key, f.label) for f in self.fields]
        return np.array(checked, dtype=np.float64).reshape(self.shape)

    def advise(self, value: Number) -> str:
        """``advice_text`` when ``value`` lies outside the recommended range, else ""."""
        if self.advice is None or self.advice[0] <= value <= self.advice[1]:
            return ""
        return self.advice_text

    def describe(self) -> dict[str, Any]:
        """The input as JSON for the web page's fields and sliders."""
        return {
            "name": self.name,
            "label": self.label,
            "shape": list(self.shape),
            "low": self.low,
            "high": self.high,
            "open_low": self.open_low,
            "step": self.step,
            "whole": self.whole,
            "unit": self.unit,
            "help": self.help,
            "allowed": self.allowed(),
            "optional": self.optional,
            "fields": [{"key": f.key, "label": f.label, "default": f.default} for f in self.fields],
        }


class Inputs(Mapping[str, Input]):
    """A lesson's inputs by keyword, in the order its page shows them."""

    def __init__(self, *inputs: Input) -> None:
        self._inputs = {one.name: one for one in inputs}
        self._fields = {f.key: (one, f) for one in inputs for f in one.fields}

    def __getitem__(self, name: str) -> Input:
        return self._inputs[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._inputs)

    def __len__(self) -> int:
        return len(self._inputs)

    @property
    def field_keys(self) -> list[str]:
        return list(self._fields)

    def keys_text(self) -> str:
        return ", ".join(self._fields)

    def field(self, key: str) -> tuple[Input, Field]:
        try:
            return self._fields[key]
        except KeyError:
            raise GlassnetError(f"no input {key!r}; the inputs are: {self.keys_text()}") from None

    def parse(self, texts: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
        """Field texts (``{"weights.1.2": "0.5"}``) as ``run()`` keywords, and per-field problems.

        Fields not given keep their defaults; an input with a problem is left out of the
        keywords. Unknown keys raise a ``GlassnetError`` listing the known ones.
        """
        values = {name: _editable(one) for name, one in self._inputs.items()}
        problems: dict[str, str] = {}
        for key, text in texts.items():
            one, position = self.field(key)
            try:
                number = one.check_value(one.parse(text, key, position.label), key, position.label)
            except InputError as error:
                problems[key] = error.problem
                continue
            if one.shape:
                values[one.name][position.index] = number
            else:
                values[one.name] = number
        for name, value in values.items():
            one = self._inputs[name]
            if one.optional and one.shape and np.isnan(value).any() and not np.isnan(value).all():
                for position in one.fields:  # half of an optional pair is not enough
                    if np.isnan(value[position.index]):
                        problems[position.key] = "is empty; give all of " + ", ".join(
                            f.key for f in one.fields
                        )
        bad = {self._fields[key][0].name for key in problems}
        keywords = {
            name: value
            for name, value in values.items()
            if name not in bad and not (_unset(value) and self._inputs[name].optional)
        }
        return keywords, problems

    def advice(self, keywords: Mapping[str, Any]) -> dict[str, str]:
        """Advice for the fields outside their recommended range (they are still used)."""
        notes: dict[str, str] = {}
        for name, value in keywords.items():
            one = self._inputs[name]
            if value is None:
                continue
            for position in one.fields:
                number = value[position.index] if one.shape else value
                if text := one.advise(float(number)):
                    notes[position.key] = text
        return notes

    def describe(self) -> list[dict[str, Any]]:
        return [one.describe() for one in self._inputs.values()]

    def describe_text(self) -> Iterable[str]:
        """One line per field, for ``glassnet lesson NAME --inputs``."""
        width = max(len(key) for key in self._fields)
        for key, (one, position) in self._fields.items():
            default = "none" if position.default is None else _text(position.default)
            name = f"{one.label}, {position.label}" if one.shape else one.label
            yield f"{key.ljust(width)}  {name}: default {default}, {one.allowed()}"


def _unset(value: Any) -> bool:
    """True for an optional input nobody set (None, or an array of NaN placeholders)."""
    return value is None or (isinstance(value, np.ndarray) and bool(np.isnan(value).all()))


def link_names(n_to: int, n_from: int) -> tuple[str, ...]:
    """The deck's names of a weight matrix's entries, row by row: row j, column i is w_i,j
    (the link from node i into node j)."""
    return tuple(f"w{i},{j}" for j in range(1, n_to + 1) for i in range(1, n_from + 1))


def _editable(one: Input) -> Any:
    """An input's default, as an array that fields can be written into when it has a shape."""
    if one.default is None:
        return np.full(one.shape, np.nan) if one.shape else None
    return np.array(one.default, dtype=np.float64) if one.shape else one.default


def _plain(value: Any) -> Number:
    number = float(value)
    return int(number) if isinstance(value, int | np.integer) else number


def _text(value: float) -> str:
    """A limit or a default as people write it: 10, 0.5, 1e+10, -4."""
    return f"{value:g}"
