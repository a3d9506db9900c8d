"""What an exercise is made of, and what checking it returns.

An ``Exercise`` is a list of parts (the functions and the class a learner writes); a part
is judged by ``Case``s: the documents' worked numbers first, then generated ones. Results
are plain records (``ExerciseResult`` → ``PartResult`` → ``Failure``) that turn into the
JSON of ``glassnet exercises check --json`` and back, so a checker in a subprocess can
hand them to the command that started it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from types import ModuleType
from typing import Any, Literal, Protocol

import numpy as np

from glassnet.exercises.catalogue import MISTAKES

PartStatus = Literal["passed", "failed", "not-started", "missing", "skipped"]
Status = Literal[
    "passed", "failed", "not-started", "missing", "error", "timed-out", "out-of-memory", "crashed"
]
TOLERANCE = 1e-6  # relative and absolute: float64 answers agree to ~1e-12, float32 to ~1e-7


@dataclass(frozen=True)
class Case:
    """One input for a part: its arguments, the right answer, and what mistakes would give.

    ``mistakes`` pairs a key of the catalogue with the value that mistake returns here
    (a key may come more than once: one mistake can be made in several places).
    """

    label: str
    args: tuple[Any, ...]
    expected: Any
    mistakes: Sequence[tuple[str, Any]] = ()
    tolerance: float = TOLERANCE
    names: tuple[str, ...] = ()  # of the values in a tuple answer, for the feedback


@dataclass
class Failure:
    """Where a part first went wrong: which input, what was expected, what came back."""

    case: str
    inputs: str
    problem: str
    expected: str = ""
    got: str = ""
    mistake: str | None = None

    @property
    def hint(self) -> str | None:
        return MISTAKES[self.mistake].hint if self.mistake else None


@dataclass
class PartResult:
    """One function or class of an exercise: its status and the checks it passed."""

    name: str
    status: PartStatus
    checks: int = 0
    failure: Failure | None = None
    note: str = ""
    measurements: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExerciseResult:
    """The result of checking one exercise; ``to_dict`` is its ``--json`` form."""

    number: int
    name: str
    title: str
    file: str
    lesson: str
    status: Status
    parts: list[PartResult] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""
    output: str = ""  # the last lines the learner's code printed (command line only)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        record["passed"] = self.passed
        for part, data in zip(self.parts, record["parts"], strict=True):
            if part.failure is not None:
                data["failure"]["hint"] = part.failure.hint
        return record

    @classmethod
    def without_parts(
        cls, exercise: "Exercise", status: Status, message: str, output: str = ""
    ) -> "ExerciseResult":
        """The result when the exercise's file could not be checked at all."""
        return cls(
            exercise.number,
            exercise.name,
            exercise.title,
            exercise.file_name,
            exercise.lesson,
            status,
            message=message,
            output=output,
        )

    @classmethod
    def from_dict(cls, record: Mapping[str, Any]) -> "ExerciseResult":
        parts = []
        for data in record["parts"]:
            failure = data.get("failure")
            if failure is not None:
                failure = Failure(**{k: v for k, v in failure.items() if k != "hint"})
            parts.append(PartResult(**{**data, "failure": failure}))
        names = ("number", "name", "title", "file", "lesson", "status", "seconds", "message")
        return cls(
            **{name: record[name] for name in names}, parts=parts, output=record.get("output", "")
        )

    def __repr__(self) -> str:
        return f"<exercise {self.number} {self.name}: {self.status}>"


class Part(Protocol):
    """A function or class the learner writes (or a run that uses them), and how to judge it."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]:
        """The parts that must pass first; a part that requires others is no object itself."""

    def run(self, objects: Mapping[str, Any], judge: Any) -> PartResult: ...


@dataclass(frozen=True)
class Exercise:
    """One exercise: its file's parts, the lesson with its worked numbers, and its limits.

    ``answers`` is the module of reference solutions (thin wrappers of the engine): the
    learner's starting file and ``glassnet exercises solutions`` are both made from it.
    ``time_limit`` (seconds) and ``memory_limit`` (MiB) bound one check of the exercise.
    """

    number: int
    name: str
    title: str
    lesson: str
    answers: ModuleType
    parts: tuple[Part, ...]
    time_limit: float = 60.0
    memory_limit: int = 1024

    @property
    def file_name(self) -> str:
        return f"ex{self.number:02d}_{self.name}.py"

    def part(self, name: str) -> Part:
        for part in self.parts:
            if part.name == name:
                return part
        raise KeyError(name)


def show(value: Any) -> str:
    """A value as the feedback prints it: numbers to 6 significant digits."""
    if isinstance(value, tuple | list) and any(_is_composite(v) for v in value):
        return ",\n".join(show(v) for v in value)  # one item per line: matrices stay readable
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        text = repr(value)
        return text if len(text) <= 200 else text[:197] + "..."
    if array.ndim == 0:
        return _number(float(array))
    return np.array2string(
        array, separator=", ", max_line_width=88, formatter={"float_kind": _number}
    )


def _number(value: float | np.floating[Any]) -> str:
    return f"{value:.6g}"


def _is_composite(value: Any) -> bool:
    return isinstance(value, tuple | list | np.ndarray) and np.ndim(value) > 0


def compare(
    expected: Any, got: Any, tolerance: float = TOLERANCE, names: Sequence[str] = ()
) -> str | None:
    """None when ``got`` is ``expected`` within the tolerance, else what differs, in words.

    A tuple is compared item by item (``names`` name its items in the reason). Vectors may
    come back as a list, a 1-D array, a row or a column; matrices must have the expected
    shape.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, tuple | list) or len(got) != len(expected):
            return f"expected {len(expected)} values (a tuple), got {_kind(got)}"
        for index, (one, other) in enumerate(zip(expected, got, strict=True)):
            reason = compare(one, other, tolerance)
            if reason is not None:
                which = f"value {index + 1} of {len(expected)}"
                return f"{names[index]} ({which}): {reason}" if names else f"{which}: {reason}"
        return None
    if got is None:
        return f"expected numbers, got {_kind(got)}"
    try:
        answer = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return f"expected numbers, got {_kind(got)}"
    target = np.asarray(expected, dtype=np.float64)
    if target.ndim <= 1 or max(target.shape) == target.size:
        if answer.size != target.size or max(answer.shape, default=1) != answer.size:
            return f"expected {_size(target)}, got {_size(answer)}"
        answer, target = answer.reshape(-1), target.reshape(-1)
    elif answer.shape != target.shape:
        return f"expected shape {target.shape}, got shape {answer.shape}"
    if np.allclose(answer, target, rtol=tolerance, atol=tolerance, equal_nan=True):
        return None
    return "different numbers"


def _size(array: np.ndarray) -> str:
    if array.ndim == 0 or (array.size == 1 and array.ndim <= 1):
        return "one number"
    return f"{array.size} numbers" if max(array.shape) == array.size else f"shape {array.shape}"


def _kind(value: Any) -> str:
    if value is None:
        return "None (is a return statement missing?)"
    return f"a {type(value).__name__}"
