"""The child process that checks one learner's file: ``python -m glassnet.exercises.child``.

It runs with the learner's own rights (it is started like any program they run) and
first lowers its own limits, which it can never raise again: its address space
(RLIMIT_AS, so a runaway allocation raises MemoryError) and its CPU time (RLIMIT_CPU,
a backstop to the time limit). Then it imports the learner's file, checks it and writes
the result as JSON to the path it was given; the learner's own output goes to a log.
"""

import argparse
import importlib.util
import json
import resource
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from glassnet._atomic import write_text
from glassnet.exercises.core import ExerciseResult
from glassnet.exercises.judge import Judge, LearnerError, NotStarted, Stop, time_limit
from glassnet.exercises.running import find_exercise, run_exercise

CPU_SPARE = 30  # seconds of CPU time beyond the time limit before the kernel stops the child


def limit_resources(memory_mib: int, seconds: float) -> None:
    """Lower the soft and hard limits of this process (and of anything it starts)."""
    memory = memory_mib * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(seconds) + CPU_SPARE
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def load_file(path: Path) -> dict[str, Any]:
    """Import the learner's file as a module (its folder first on the import path)."""
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(f"glassnet_exercise_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return vars(module)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m glassnet.exercises.child")
    parser.add_argument("exercise")
    parser.add_argument("file", type=Path)
    parser.add_argument("result", type=Path)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--memory", type=int, required=True, help="MiB")
    parser.add_argument("--data-dir")
    args = parser.parse_args(argv)
    exercise = find_exercise(args.exercise)
    limit_resources(args.memory, args.seconds)
    judge = Judge(args.data_dir)
    judge.where = f"the top level of {args.file.name}"
    try:
        with time_limit(args.seconds, judge):  # one limit for loading the file and checking it
            objects = judge.attempt(judge.where, lambda: load_file(args.file))
            result = run_exercise(exercise, objects, judge=judge)
    except Stop as stop:
        result = ExerciseResult.without_parts(exercise, stop.status, stop.message)
    except LearnerError as error:
        message = f"{args.file.name} does not run: it {error}"
        result = ExerciseResult.without_parts(exercise, "error", message)
    except NotStarted:
        message = f"{args.file.name} raises NotImplementedError as it is imported"
        result = ExerciseResult.without_parts(exercise, "error", message)
    write_text(args.result, json.dumps(result.to_dict()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
