"""Lessons that train on data, run in the background: progress, a Stop, and a result.

A job runs one lesson in its own thread with a ``Callback`` that counts the epochs (and
batches) into a share done, and raises ``Stopped`` at the next batch once Stop is asked
for. Finished results are kept by lesson and inputs, so reopening a page is instant.
"""

import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from glassnet.engine.training import Callback, EpochRecord
from glassnet.lessons import LESSONS, gestures, mnist

MAX_JOBS = 8  # the oldest finished jobs are forgotten beyond this
MAX_RESULTS = 16

Result = dict[str, Any]


class StopRequestedError(Exception):
    """Raised inside a lesson's training when its page pressed Stop."""


def planned_epochs(name: str, keywords: Mapping[str, Any], data_dir: Any) -> int:
    """How many epochs the lesson will train in all (for the share done)."""
    if name == "gestures":
        return (gestures.FOLDS + 1) * int(keywords.get("epochs", gestures.EPOCHS))
    if name == "mnist" and keywords.get("epochs") is None:
        return mnist.EPOCHS["digits" if mnist.data_note(data_dir) else "mnist"]
    return int(keywords.get("epochs") or LESSONS[name].INPUTS["epochs"].default)


class _Progress(Callback):
    def __init__(self, job: "Job", planned: int) -> None:
        self.job, self.planned = job, max(1, planned)
        self.finished, self.batches, self.epoch = 0, 1, 0

    def _check(self) -> None:
        if self.job.stop_requested.is_set():
            raise StopRequestedError

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        self._check()
        self.batches, self.epoch = max(1, n_batches), epoch

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        self._check()
        self.job.progress = min(1.0, (self.finished + batch / self.batches) / self.planned)

    def on_epoch_end(self, record: EpochRecord) -> None:
        self.finished += 1
        self.job.progress = min(1.0, self.finished / self.planned)
        self.job.detail = f"epoch {self.finished} of {self.planned}"
        self._check()


class Job:
    """One background run of a lesson; ``state`` is running, done, stopped or failed."""

    def __init__(self, name: str, run: Callable[[list[Callback]], Result], planned: int) -> None:
        self.id = secrets.token_urlsafe(9)
        self.name = name
        self.state = "running"
        self.progress = 0.0
        self.detail = "starting"
        self.result: Result | None = None
        self.error = ""
        self.stop_requested = threading.Event()
        self._thread = threading.Thread(
            target=self._work, args=(run, planned), name=f"lesson-{name}-{self.id}", daemon=True
        )

    def start(self) -> "Job":
        self._thread.start()
        return self

    def _work(self, run: Callable[[list[Callback]], Result], planned: int) -> None:
        try:
            self.result = run([_Progress(self, planned)])
            self.progress, self.state, self.detail = 1.0, "done", "done"
        except StopRequestedError:
            self.state, self.detail = "stopped", "stopped"
        except (ValueError, OSError) as error:  # bad data files, refused inputs
            self.state, self.error = "failed", str(error)

    def stop(self) -> None:
        self.stop_requested.set()

    def wait(self, seconds: float) -> None:
        if self._thread.ident is not None:  # a kept result answers without a thread
            self._thread.join(seconds)

    def status(self) -> Result:
        return {
            "id": self.id,
            "lesson": self.name,
            "state": self.state,
            "progress": round(self.progress, 4),
            "detail": self.detail,
            "error": self.error,
            "result": self.result,
        }


class Jobs:
    """The background runs by id, and finished results by (lesson, inputs)."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._results: OrderedDict[tuple[str, str], Result] = OrderedDict()
        self._lock = threading.Lock()

    def start(
        self, name: str, key: str, run: Callable[[list[Callback]], Result], planned: int
    ) -> Job:
        """A job for lesson ``name`` with inputs ``key`` (done at once when it ran before)."""
        with self._lock:
            cached = self._results.get((name, key))
        job = Job(name, self._keeping(name, key, run), planned)
        if cached is not None:
            job.result, job.state, job.progress, job.detail = cached, "done", 1.0, "done"
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > MAX_JOBS:
                _, old = self._jobs.popitem(last=False)
                old.stop()
        return job if cached is not None else job.start()

    def _keeping(
        self, name: str, key: str, run: Callable[[list[Callback]], Result]
    ) -> Callable[[list[Callback]], Result]:
        def keep(callbacks: list[Callback]) -> Result:
            result = run(callbacks)
            with self._lock:
                self._results[(name, key)] = result
                while len(self._results) > MAX_RESULTS:
                    self._results.popitem(last=False)
            return result

        return keep

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def stop_all(self, wait: float = 0.0) -> None:
        """Ask every job to stop; wait up to ``wait`` seconds in all for them to end."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.stop()
        deadline = time.monotonic() + wait
        for job in jobs:
            job.wait(max(0.0, deadline - time.monotonic()))


_shared_lock = threading.Lock()


def jobs_of(state: Any) -> Jobs:
    """The app's jobs, made on first use (``app.state.lesson_jobs``)."""
    with _shared_lock:
        jobs = getattr(state, "lesson_jobs", None)
        if jobs is None:
            jobs = Jobs()
            state.lesson_jobs = jobs
        return jobs


def data_dir_of(state: Any) -> str | os.PathLike[str] | None:
    """The data folder ``glassnet serve --data-dir`` gave, else None (GLASSNET_DATA)."""
    return getattr(state, "data_dir", None)
