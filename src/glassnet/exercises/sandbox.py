"""Checking a learner's file in a child process with a time and a memory limit.

The child (``glassnet.exercises.child``) is started like any program the learner runs:
same user, same rights, never more; it only lowers its own limits. It stops itself at
the time limit and reports where it was; if it does not (stuck inside one long call into
C), this side kills its whole process group a little later. This protects against
accidents, a loop that never ends or a list that grows forever, not against malice: the
learner's code can still do whatever the learner can. A teacher grading code from
others should run the check inside a container or a throwaway account.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from glassnet.exercises.core import Exercise, ExerciseResult

GRACE = 10.0  # seconds beyond the time limit before the child is killed from outside
_LOG_TAIL, _LOG_LINES = 2000, 12  # of the child's output, shown with the feedback
# One BLAS thread: the books' small products gain nothing from more, and each thread
# would take address space from the memory limit.
_ONE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


def check_file(
    exercise: Exercise,
    path: Path,
    *,
    seconds: float | None = None,
    memory: int | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    grace: float = GRACE,
) -> ExerciseResult:
    """Check ``path`` against ``exercise`` in a child process; limits default to the exercise's.

    ``seconds`` and ``memory`` (MiB) bound the child; ``grace`` more seconds pass before
    a child that ignores its own time limit is killed.
    """
    if not path.is_file():
        return ExerciseResult.without_parts(exercise, "missing", f"{path} does not exist")
    seconds = exercise.time_limit if seconds is None else seconds
    memory = exercise.memory_limit if memory is None else memory
    with tempfile.TemporaryDirectory(prefix="glassnet-check-") as folder:
        result_path, log_path = Path(folder) / "result.json", Path(folder) / "output.txt"
        command = [
            sys.executable,
            "-m",
            "glassnet.exercises.child",
            exercise.name,
            str(path.resolve()),
            str(result_path),
            f"--seconds={seconds:g}",
            f"--memory={memory}",
        ]
        if data_dir is not None:
            command.append(f"--data-dir={os.fspath(data_dir)}")
        environment = {**os.environ, **_ONE_THREAD, "PYTHONDONTWRITEBYTECODE": "1"}
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                cwd=path.parent,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
                start_new_session=True,  # its own process group, killed as a whole
            )
            try:
                process.wait(timeout=seconds + grace)
            except BaseException as error:  # out of time, or Ctrl-C here: the child goes too
                _kill_group(process)
                if not isinstance(error, subprocess.TimeoutExpired):
                    raise
                message = (
                    f"stopped after {seconds + grace:g} s: {path.name} did not finish, nor "
                    "answer the time limit (stuck in one long call?)"
                )
                return ExerciseResult.without_parts(exercise, "timed-out", message)
            _kill_group(process)  # anything it started and left behind
        output = _tail(log_path)
        if result_path.is_file():
            result = ExerciseResult.from_dict(json.loads(result_path.read_text(encoding="utf-8")))
            result.output = output
            return result
        message = _crash_message(process, memory)
        return ExerciseResult.without_parts(exercise, "crashed", message, output)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _tail(log_path: Path) -> str:
    """The last lines the child printed (the learner's prints, or a crash's traceback)."""
    text = log_path.read_text(encoding="utf-8", errors="replace")[-_LOG_TAIL:]
    return "\n".join(text.strip().split("\n")[-_LOG_LINES:])


def _crash_message(process: subprocess.Popen[bytes], memory: int) -> str:
    code = process.returncode
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        reason = {
            "SIGXCPU": "it used up its CPU time",
            "SIGKILL": f"it was killed (more than {memory} MiB of memory?)",
            "SIGSEGV": "a segmentation fault",
        }.get(name, f"signal {name}")
        text = f"the check stopped: {reason}"
    else:
        text = f"the check stopped with exit status {code}"
    return text
