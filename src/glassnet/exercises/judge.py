"""Running a learner's code against cases: protected calls, mistakes named, hypothesis inputs.

Every call into the learner's code goes through ``Judge.attempt``: NumPy warnings are
silenced (they are not errors), ``NotImplementedError`` means the part is not started,
``MemoryError`` and the time limit end the whole exercise at once (``Stop``), and any
other exception becomes feedback naming the line of the learner's file that raised it.

In-process (``glassnet.exercises.check`` in a notebook), the time limit is a SIGALRM
timer: it interrupts Python code in the main thread on Unix, but not one long call into
C (a huge matrix product) nor code in other threads, and there is no memory limit. The
command line runs the same judge in a child process with hard limits (``sandbox``).
"""

import contextlib
import copy
import inspect
import linecache
import os
import signal
import sysconfig
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any, Literal, TypeVar

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st

from glassnet.exercises.core import Case, Failure, compare, show

T = TypeVar("T")


class Stop(BaseException):
    """Ends the exercise's check at once (out of time or memory). A BaseException, so
    that hypothesis neither catches nor shrinks it."""

    def __init__(self, status: Literal["timed-out", "out-of-memory"], message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


class NotStarted(BaseException):
    """The part's body still raises NotImplementedError."""


class LearnerError(Exception):
    """The learner's code raised an exception; the message says what and where."""


class _MismatchError(Exception):
    """Tells hypothesis that a generated case failed, so that it looks for a smaller one."""


# Frames in these folders are glassnet's, NumPy's or Python's; the first other one is the learner's.
_OWN_FOLDERS = tuple(
    str(Path(folder).resolve())
    for folder in (
        str(Path(__file__).parents[1]),
        *{sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib")},
    )
)


# A learner's code may be slow, and a strategy may reject inputs: neither is their fault.
_SLOW_IS_FINE = (
    HealthCheck.too_slow,
    HealthCheck.filter_too_much,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
)


class Judge:
    """Calls the learner's code and judges what comes back. ``where`` is what runs now."""

    def __init__(self, data_dir: str | os.PathLike[str] | None = None) -> None:
        self.data_dir = data_dir
        self.where = "loading the file"

    def attempt(self, where: str, action: Callable[[], T]) -> T:
        """Run ``action`` (a call into the learner's code), translating what can go wrong."""
        self.where = where
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                return action()
        except NotImplementedError:
            raise NotStarted from None
        except MemoryError:
            raise Stop(
                "out-of-memory",
                f"stopped while running {where}: it ran out of the memory allowed "
                "(does it allocate without bound, e.g. a list that grows forever?)",
            ) from None
        except (Exception, SystemExit) as error:
            raise LearnerError(_describe_exception(error)) from None

    def judge_case(self, name: str, function: Callable[..., Any], case: Case) -> Failure | None:
        """None when ``function`` passes ``case``, else the failure in words."""
        args = copy.deepcopy(case.args)
        before = copy.deepcopy(args)
        inputs = describe_inputs(function, name, case.args)
        try:
            got = self.attempt(f"{name}, on {case.label}", lambda: function(*args))
        except LearnerError as error:
            return Failure(case.label, inputs, str(error), show(case.expected))
        if not _same(args, before):
            return Failure(case.label, inputs, "changed its inputs", mistake="changed-inputs")
        reason = compare(case.expected, got, case.tolerance, case.names)
        if reason is None:
            return None
        return Failure(
            case.label, inputs, reason, show(case.expected), show(got), name_mistake(case, got)
        )

    def judge_generated(
        self,
        name: str,
        function: Callable[..., Any],
        cases: st.SearchStrategy[Case],
        examples: int,
    ) -> tuple[int, Failure | None]:
        """Generated cases: (how many passed, the smallest failing one hypothesis found)."""
        failures: list[Failure] = []
        passed = 0

        @settings(
            max_examples=examples,
            derandomize=True,  # the same cases on every run: feedback that does not flicker
            database=None,  # nothing written into the learner's folder
            deadline=None,
            phases=(Phase.generate, Phase.shrink),
            verbosity=Verbosity.quiet,
            suppress_health_check=_SLOW_IS_FINE,
            report_multiple_bugs=False,
            print_blob=False,
        )
        @given(cases)
        def one(case: Case) -> None:
            nonlocal passed
            failure = self.judge_case(name, function, case)
            if failure is not None:
                failures.append(failure)  # the last one recorded is the smallest found
                raise _MismatchError
            passed += 1

        try:
            one()
        except _MismatchError:
            return passed, failures[-1]
        return passed, None


def name_mistake(case: Case, got: Any) -> str | None:
    """The catalogued mistake whose answer ``got`` is (one that differs from the right one)."""
    for key, value in case.mistakes:
        matches = compare(value, got, case.tolerance) is None
        if matches and compare(case.expected, value, case.tolerance) is not None:
            return key
    return None


def describe_inputs(function: Callable[..., Any], name: str, args: Sequence[Any]) -> str:
    """The arguments as ``name = value`` lines, named as in the learner's signature."""
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []
    if len(names) < len(args):
        names = [f"argument {i + 1}" for i in range(len(args))]
    lines = []
    for n, value in zip(names, args, strict=False):
        first, *rest = show(value).split("\n")
        lines += [f"{n} = {first}", *(" " * (len(n) + 3) + row for row in rest)]
    return "\n".join(lines)


@contextlib.contextmanager
def time_limit(seconds: float | None, judge: Judge) -> Iterator[None]:
    """Raise ``Stop`` in the main thread after ``seconds`` (no limit elsewhere, or for None)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if seconds is None or not usable:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise Stop(
            "timed-out",
            f"stopped after {seconds:g} s while running {judge.where}: does it loop "
            "forever, or wait for something?",
        )

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _describe_exception(error: BaseException) -> str:
    """``raised ZeroDivisionError: division by zero (line 12 of ex01_bugs.py: return E / x)``."""
    text = f"raised {type(error).__name__}: {error}".strip().rstrip(":")
    frame = _learner_frame(error.__traceback__)
    if frame is not None:
        filename, line = frame
        code = linecache.getline(filename, line).strip()
        where = f"line {line} of {Path(filename).name}"
        text += f" ({where}: {code})" if code else f" ({where})"
    return text


def _learner_frame(trace: TracebackType | None) -> tuple[str, int] | None:
    """The innermost frame of the traceback in the learner's own code."""
    found = None
    for frame, line in traceback.walk_tb(trace):
        filename = str(Path(frame.f_code.co_filename).resolve())
        if not filename.startswith(_OWN_FOLDERS) and not filename.startswith("<"):
            found = (frame.f_code.co_filename, line)
    return found


def _same(one: Any, other: Any) -> bool:
    """Whether two argument lists hold equal values (arrays compared element by element)."""
    if isinstance(one, np.ndarray) or isinstance(other, np.ndarray):
        return (
            isinstance(one, np.ndarray)
            and isinstance(other, np.ndarray)
            and one.shape == other.shape
            and bool(np.array_equal(one, other, equal_nan=True))
        )
    if isinstance(one, list | tuple):
        return (
            type(one) is type(other)
            and len(one) == len(other)
            and all(_same(a, b) for a, b in zip(one, other, strict=True))
        )
    return bool(one == other) or (one != one and other != other)  # NaN equals NaN here
