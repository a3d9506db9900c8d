"""Checking an exercise's parts against the learner's objects, in this process.

``run_exercise`` is what both the command line's child process and the notebook's
``check`` call: each part in order, parts that need others only once those pass, and
one time limit over the whole exercise.
"""

import os
import time
from collections.abc import Collection, Mapping
from typing import Any

from glassnet.exercises.checks import EXERCISES
from glassnet.exercises.core import Exercise, ExerciseResult, Failure, Part, PartResult, Status
from glassnet.exercises.judge import Judge, LearnerError, NotStarted, Stop, time_limit


def find_exercise(name: str) -> Exercise:
    """An exercise by its name (``bugs``), number (``1``) or file name (``ex01_bugs.py``)."""
    for exercise in EXERCISES:
        if name in (
            exercise.name,
            str(exercise.number),
            exercise.file_name,
            exercise.file_name[:-3],
        ):
            return exercise
    names = ", ".join(exercise.name for exercise in EXERCISES)
    raise ValueError(f"unknown exercise {name!r}; choose one of: {names}")


def find_part(name: str) -> Exercise:
    """The exercise with a part (a function or class the learner writes) called ``name``."""
    for exercise in EXERCISES:
        if any(part.name == name and not part.requires for part in exercise.parts):
            return exercise
    raise ValueError(f"no exercise has a part called {name!r}")


def run_exercise(
    exercise: Exercise,
    objects: Mapping[str, Any],
    *,
    only: Collection[str] | None = None,
    seconds: float | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    judge: Judge | None = None,
) -> ExerciseResult:
    """Check ``objects`` (the learner's functions and class, by name) against ``exercise``.

    ``only`` limits the check to those parts; ``seconds`` limits its time (see
    ``judge.time_limit`` for what that can and cannot interrupt). A ``judge`` given by
    the caller is used as it is (the child process sets its time limit itself).
    """
    judge = judge or Judge(data_dir)
    results: list[PartResult] = []
    started = time.perf_counter()
    status: Status | None = None
    message = current = ""
    try:
        with time_limit(seconds, judge):
            for part in exercise.parts:
                if only is None or part.name in only:
                    current = part.name
                    results.append(_run_part(part, objects, judge, results))
    except Stop as stop:
        status, message = stop.status, stop.message
        results.append(PartResult(current, "failed", note=stop.message))
    return ExerciseResult(
        exercise.number,
        exercise.name,
        exercise.title,
        exercise.file_name,
        exercise.lesson,
        status or overall_status(results),
        results,
        round(time.perf_counter() - started, 3),
        message,
    )


def overall_status(parts: list[PartResult]) -> Status:
    """passed when every part passed; not-started while nothing has been written yet."""
    statuses = {part.status for part in parts}
    if statuses == {"passed"}:
        return "passed"
    if "not-started" in statuses and statuses <= {"not-started", "skipped"}:
        return "not-started"
    return "failed"


def _run_part(
    part: Part, objects: Mapping[str, Any], judge: Judge, done: list[PartResult]
) -> PartResult:
    passed = {result.name for result in done if result.status == "passed"}
    waiting = [name for name in part.requires if name not in passed]
    if waiting:
        names = waiting[0] + " passes" if len(waiting) == 1 else ", ".join(waiting) + " pass"
        return PartResult(part.name, "skipped", note=f"runs once {names}")
    if not part.requires and part.name not in objects:
        return PartResult(
            part.name, "missing", note=f"there is no {part.name} (its name must stay {part.name})"
        )
    try:
        return part.run(objects, judge)
    except NotStarted:
        return PartResult(part.name, "not-started")
    except LearnerError as error:  # raised outside a case (a part's own steps)
        return PartResult(part.name, "failed", failure=Failure(judge.where, "", str(error)))
