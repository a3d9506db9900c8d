"""A learner's folder: the starting files, the teacher's solutions, checks and progress.

``start`` writes one file per exercise and never overwrites one without ``force``;
``write_solutions`` replaces only files that are still untouched starting files (no
work in them to lose) unless forced. ``check`` runs each file in a child process
(``sandbox``) and records the outcome in ``.glassnet-exercises.json`` beside them, which
``status_text`` reads: what is done, and which files changed since their last check.
"""

import datetime
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from glassnet._atomic import write_text
from glassnet.exercises.checks import EXERCISES
from glassnet.exercises.core import Exercise, ExerciseResult
from glassnet.exercises.feedback import STATUS_WORDS, brief
from glassnet.exercises.running import find_exercise
from glassnet.exercises.sandbox import check_file
from glassnet.exercises.starter import solution_source, starter_source

PROGRESS = ".glassnet-exercises.json"
Action = Literal["wrote", "kept", "replaced"]


def start(folder: str | os.PathLike[str], *, force: bool = False) -> list[tuple[Path, Action]]:
    """Write each exercise's starting file into ``folder``; existing files are kept."""
    return _write(Path(folder), starter_source, lambda path, exercise: force)


def write_solutions(
    folder: str | os.PathLike[str], *, force: bool = False
) -> list[tuple[Path, Action]]:
    """Write the reference solutions over untouched starting files (over any with ``force``)."""

    def may_replace(path: Path, exercise: Exercise) -> bool:
        return force or path.read_text(encoding="utf-8") == starter_source(exercise)

    return _write(Path(folder), solution_source, may_replace)


def _write(
    folder: Path,
    source: Callable[[Exercise], str],
    may_replace: Callable[[Path, Exercise], bool],
) -> list[tuple[Path, Action]]:
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder} is a file, not a folder")
    actions: list[tuple[Path, Action]] = []
    for exercise in EXERCISES:
        path = folder / exercise.file_name
        exists = path.exists()
        if exists and not may_replace(path, exercise):
            actions.append((path, "kept"))
            continue
        write_text(path, source(exercise))
        actions.append((path, "replaced" if exists else "wrote"))
    return actions


def check(
    folder: str | os.PathLike[str],
    names: Sequence[str] = (),
    *,
    seconds: float | None = None,
    memory: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    on_start: Callable[[Exercise], None] = lambda exercise: None,
    on_result: Callable[[ExerciseResult], None] = lambda result: None,
) -> list[ExerciseResult]:
    """Check the named exercises (all without names), one child process each, in order.

    ``on_start`` and ``on_result`` hear about each exercise before and after its check.
    """
    workspace = _workspace(folder)
    exercises = [find_exercise(name) for name in names] if names else list(EXERCISES)
    results = []
    for exercise in exercises:
        on_start(exercise)
        result = check_file(
            exercise,
            workspace / exercise.file_name,
            seconds=seconds,
            memory=memory,
            data_dir=data_dir,
        )
        on_result(result)
        results.append(result)
    _record(workspace, results)
    return results


def status_text(folder: str | os.PathLike[str]) -> str:
    """What is done, as of each file's last check, and which files changed since."""
    workspace = _workspace(folder)
    progress = _read_progress(workspace)
    width = max(len(exercise.name) for exercise in EXERCISES)
    lines, done = [], 0
    for exercise in EXERCISES:
        path = workspace / exercise.file_name
        entry = progress.get(exercise.name)
        if not path.is_file():
            state = "file missing"
        elif entry is None:
            state = "not checked yet"
        elif entry["sha256"] != _digest(path):
            state = f"changed since its last check ({STATUS_WORDS[entry['status']]} then)"
        else:
            state = STATUS_WORDS[entry["status"]]
            done += entry["status"] == "passed"
            if entry.get("brief"):
                state += f" ({entry['brief']})"
        lines.append(f"{exercise.number:>2}. {exercise.name.ljust(width)}  {state}")
    lines.append("")
    lines.append(f"{done} of {len(EXERCISES)} done. Check again: glassnet exercises check {folder}")
    return "\n".join(lines)


def _workspace(folder: str | os.PathLike[str]) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise ValueError(f"no exercises in {path}: glassnet exercises start {path} writes them")
    return path


def _record(workspace: Path, results: Sequence[ExerciseResult]) -> None:
    progress = _read_progress(workspace)
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    for result in results:
        path = workspace / result.file
        progress[result.name] = {
            "status": result.status,
            "checked": now,
            "sha256": _digest(path) if path.is_file() else None,
            "brief": brief(result),
        }
    write_text(workspace / PROGRESS, json.dumps(progress, indent=2) + "\n")


def _read_progress(workspace: Path) -> dict[str, Any]:
    try:
        progress = json.loads((workspace / PROGRESS).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return progress if isinstance(progress, dict) else {}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
