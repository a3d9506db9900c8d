"""What the learner reads (text) and what a teacher's script reads (JSON).

The JSON document of ``glassnet exercises check --json``::

    {"schema": "glassnet.exercises.check/1", "workspace": "/abs/path",
     "done": 3, "total": 10,
     "exercises": [{
        "number": 1, "name": "bugs", "title": "...", "file": "ex01_bugs.py",
        "lesson": "bugs", "status": "passed", "passed": true, "seconds": 0.4,
        "message": "", "output": "", "next_step": "",
        "parts": [{"name": "moderated_update", "status": "passed", "checks": 27,
                   "note": "", "measurements": {},
                   "failure": null | {"case", "inputs", "problem", "expected", "got",
                                      "mistake", "hint"}}]}]}

``output`` holds the last lines the learner's code printed. ``status`` is one of passed,
failed, not-started, missing, error, timed-out, out-of-memory, crashed; a part's is passed, failed, not-started, missing or skipped.
``mistake`` is a key of ``glassnet.exercises.catalogue.MISTAKES`` (or null) and ``hint``
its text. The book's training part has ``measurements``: dataset, network,
learning_rate, epochs, training_images, test_images, accuracy, threshold,
training_seconds, test_seconds.
"""

import textwrap
from collections.abc import Sequence
from typing import Any

from glassnet.exercises.catalogue import MISTAKES
from glassnet.exercises.core import ExerciseResult, PartResult

SCHEMA = "glassnet.exercises.check/1"
WIDTH = 92
STATUS_WORDS = {
    "passed": "done",
    "failed": "not yet",
    "not-started": "not started",
    "missing": "file missing",
    "error": "does not run",
    "timed-out": "stopped: out of time",
    "out-of-memory": "stopped: out of memory",
    "crashed": "stopped: crashed",
}


def next_step(result: ExerciseResult) -> str:
    """The one thing to do next for this exercise ("" once it is done)."""
    file, lesson = result.file, result.lesson
    worked = f"glassnet lesson {lesson} works the documents' numbers (as does the Lessons tab of glassnet serve)"
    if result.status in ("error", "crashed"):
        return f"make {file} run (python {file} shows the same error), then check again"
    if result.status == "timed-out":
        return "find what never finishes (a loop whose condition never changes?), then check again"
    if result.status == "out-of-memory":
        return "find what grows without bound, then check again"
    if result.status == "missing":
        return f"glassnet exercises start writes {file} again"
    for part in result.parts:
        if part.status == "not-started":
            return f"write {part.name} in {file}; {worked}"
        if part.status == "missing":
            return f"add {part.name} to {file}, with that name"
        if part.status == "failed":
            failure = part.failure
            if failure is not None and failure.mistake:
                return f"fix {part.name} ({MISTAKES[failure.mistake].name}), then check again"
            return f"fix {part.name}: compare it with the steps of glassnet lesson {lesson}"
    return ""


def brief(result: ExerciseResult) -> str:
    """A few words on where the exercise stands, for ``glassnet exercises status``."""
    for part in result.parts:
        if part.status == "passed" and "accuracy" in part.measurements:
            return f"{part.measurements['accuracy']:.4f} on {part.measurements['dataset']}"
        if part.status == "not-started":
            return f"{part.name} to write"
        if part.status in ("missing", "failed"):
            failure = part.failure
            if failure is not None and failure.mistake:
                return f"{part.name}: {MISTAKES[failure.mistake].name}"
            return f"{part.name} to fix" if part.status == "failed" else f"{part.name} missing"
    return ""


def render(result: ExerciseResult) -> str:
    """One exercise's feedback as text: each part, the first failure in full, the next step."""
    header = f"{result.name}: {result.title} ({result.file}): {STATUS_WORDS[result.status]}"
    lines = _wrap(header, f"{result.number:>2}. ", "    ")
    if result.message and not result.parts:
        lines += _wrap(result.message, "    ")
    for part in result.parts:
        lines += _part_lines(part)
    if result.output:
        lines.append("    printed (the last lines):")
        lines += ["      " + line for line in result.output.split("\n")]
    step = next_step(result)
    if step:
        lines += _wrap(f"next: {step}", "    ", "          ")
    return "\n".join(lines)


def _part_lines(part: PartResult) -> list[str]:
    if part.status == "passed":
        checks = "1 check" if part.checks == 1 else f"{part.checks} checks"
        lines = [f"    {part.name}: passed ({checks})"]
        return lines + (_wrap(part.note, "      ") if part.note else [])
    if part.status == "not-started":
        return [f"    {part.name}: not written yet"]
    failure = part.failure
    if failure is None:
        return _wrap(f"{part.name}: {part.note or part.status}", "    ", "      ")
    lines = _wrap(f"{part.name}, on {failure.case}: {failure.problem}", "    ", "      ")
    if failure.inputs:
        lines += _labelled("inputs", failure.inputs)
    if failure.expected:
        lines += _labelled("expected", failure.expected)
    if failure.got:
        lines += _labelled("got", failure.got)
    if failure.mistake:
        mistake = MISTAKES[failure.mistake]
        lines += _wrap(f"mistake: {mistake.name}: {mistake.hint}", "      ", "               ")
    if part.note:
        lines += _wrap(part.note, "      ")
    return lines


def _labelled(label: str, text: str) -> list[str]:
    indent = " " * 16
    rows = text.split("\n")
    return [f"      {label:<9} {rows[0]}", *(indent + row for row in rows[1:])]


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=first, subsequent_indent=rest or first, break_on_hyphens=False
    )


def summary(results: Sequence[ExerciseResult]) -> str:
    """``3 of 10 done; next: ex04_backprop.py`` (or that all are done)."""
    done = sum(result.passed for result in results)
    waiting = [result for result in results if not result.passed]
    if not waiting:
        return f"{done} of {len(results)} done: all of them."
    return f"{done} of {len(results)} done; next: {waiting[0].file}"


def document(results: Sequence[ExerciseResult], workspace: str) -> dict[str, Any]:
    """The ``--json`` document (see this module's docstring)."""
    return {
        "schema": SCHEMA,
        "workspace": workspace,
        "done": sum(result.passed for result in results),
        "total": len(results),
        "exercises": [{**result.to_dict(), "next_step": next_step(result)} for result in results],
    }
